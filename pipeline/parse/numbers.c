/* Quantities with units and amounts with currencies (tables in
 * schemas/fields.xml: <units>, <currencies>). */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "parse-imp.h"

/* Earliest whole-word match of any code's pattern in s. */
static const char *find_code(const pcode *codes, size_t n, const char *s,
                             size_t *pos)
{
    size_t i, best = (size_t)-1, bestlen = 0;
    const char *code = NULL;

    for (i = 0; i < n; i++) {
        GMatchInfo *mi = NULL;
        g_regex_match(codes[i].re, s, 0, &mi);
        while (g_match_info_matches(mi)) {
            int a, b;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            /* ASCII codes need word edges ("t" is not the t of "net"). */
            if (b > a && (a == 0 || !g_ascii_isalpha(s[a - 1]) ||
                          !g_ascii_isalpha(s[a])) &&
                (!g_ascii_isalpha(s[b]) || !g_ascii_isalpha(s[b - 1]))) {
                if ((size_t)a < best ||
                    ((size_t)a == best && (size_t)(b - a) > bestlen)) {
                    best = (size_t)a;
                    bestlen = (size_t)(b - a);
                    code = codes[i].code;
                }
                break;
            }
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
    }
    if (pos)
        *pos = best;
    return code;
}

const char *pnum_unit_code(const euc_parser *p, const char *s)
{
    return find_code(p->units, p->nunits, s, NULL);
}

const char *pnum_currency_code(const euc_parser *p, const char *s)
{
    return find_code(p->currencies, p->ncurrencies, s, NULL);
}

/* OCR's digits one by one, "3 0 0 kgs", "1 5 pcs": single digits a space
 * apart, three or more, or two before a unit's word, are one number ("1 200",
 * "1 2005" stay unread).  The length from s to the last digit, 0 if s does
 * not start so. */
static size_t spaced_digits_len(const char *s)
{
    const char *e = s;
    int singles = 0;

    while (g_ascii_isdigit(e[0]) && !g_ascii_isdigit(e[1])) {
        singles++;
        if (e[1] != ' ' || !g_ascii_isdigit(e[2]))
            break;
        e += 2;
    }
    if (singles >= 3 || (singles == 2 && e[1] == ' ' && g_ascii_isalpha(e[2])))
        return (size_t)(e - s) + 1;
    return 0;
}

/* The first number in s as an xs:decimal ("12,500.00" -> "12500.00"). */
static char *number(const char *s)
{
    GString *raw = g_string_new(NULL), *out;
    const char *q = s;
    char *lastc, *lastd;
    int ndots = 0, ncommas = 0;
    size_t i;

    while (*q) {
        gunichar c = g_utf8_get_char(q);
        if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19))
            break;
        q = g_utf8_next_char(q);
    }
    {
        size_t sl = spaced_digits_len(q);
        if (sl > 0) {
            const char *e;
            for (e = q; e < q + sl; e += 2)
                g_string_append_c(raw, *e);
            q = "";
        }
    }
    while (*q) {
        gunichar c = g_utf8_get_char(q);
        if (c >= 0xFF10 && c <= 0xFF19)
            c = '0' + (c - 0xFF10);
        else if (c == 0xFF0C)
            c = ',';
        else if (c == 0xFF0E)
            c = '.';
        if (!((c >= '0' && c <= '9') || c == ',' || c == '.'))
            break;
        /* "1 200" with a thin or plain space between groups is not read:
         * too easily two numbers. */
        g_string_append_c(raw, (char)c);
        q = g_utf8_next_char(q);
    }
    while (raw->len && (raw->str[raw->len - 1] == ',' ||
                        raw->str[raw->len - 1] == '.'))
        g_string_truncate(raw, raw->len - 1);
    if (raw->len == 0) {
        g_string_free(raw, TRUE);
        return NULL;
    }
    for (i = 0; i < raw->len; i++) {
        ndots += raw->str[i] == '.';
        ncommas += raw->str[i] == ',';
    }
    lastc = strrchr(raw->str, ',');
    lastd = strrchr(raw->str, '.');
    out = g_string_new(NULL);
    for (i = 0; i < raw->len; i++) {
        char c = raw->str[i];
        char *at = raw->str + i;
        if (c == ',' || c == '.') {
            int decimal;
            if (ncommas && ndots)
                decimal = at == (lastc > lastd ? lastc : lastd);
            else if (c == ',')
                /* "12,500" groups; "12,5" is a decimal comma */
                decimal = ncommas == 1 && strlen(at + 1) != 3;
            else
                decimal = ndots == 1;
            if (decimal)
                g_string_append_c(out, '.');
            continue;
        }
        g_string_append_c(out, c);
    }
    g_string_free(raw, TRUE);
    /* "125000.00" is 125000: trailing decimal zeros say nothing. */
    if (strchr(out->str, '.') != NULL) {
        while (out->len && out->str[out->len - 1] == '0')
            g_string_truncate(out, out->len - 1);
        if (out->len && out->str[out->len - 1] == '.')
            g_string_truncate(out, out->len - 1);
    }
    return g_string_free(out, FALSE);
}

int pnum_quantity(const euc_parser *p, const char *s, char **num,
                  const char **unit)
{
    *num = number(s);
    *unit = pnum_unit_code(p, s);
    return *num ? 0 : -1;
}

int pnum_money(const euc_parser *p, const char *s, char **num,
               const char **currency)
{
    *num = number(s);
    *currency = pnum_currency_code(p, s);
    return *num ? 0 : -1;
}

/* Length of the number at s (digits, group and decimal marks), 0 if none. */
static size_t number_len(const char *s)
{
    size_t i = 0, last = spaced_digits_len(s);

    if (last > 0)
        return last;

    while (s[i]) {
        if (g_ascii_isdigit(s[i])) {
            last = i + 1;
            i++;
            continue;
        }
        if ((s[i] == ',' || s[i] == '.') && g_ascii_isdigit(s[i + 1])) {
            i++;
            continue;
        }
        if (s[i] == ' ' && g_ascii_isdigit(s[i + 1]) && g_ascii_isdigit(s[i + 2]) &&
            g_ascii_isdigit(s[i + 3]) && !g_ascii_isdigit(s[i + 4]) && last > 0 &&
            last <= 3) {
            /* "1 200 kg": a space between thousands */
            i++;
            continue;
        }
        break;
    }
    return last;
}

/* Does a unit (or currency) of codes start at s+at?  *len: its length. */
static int code_at(const pcode *codes, size_t n, const char *s, size_t at,
                   size_t *len)
{
    size_t i;

    for (i = 0; i < n; i++) {
        GMatchInfo *mi = NULL;
        int ok = g_regex_match_full(codes[i].re, s, -1, (gint)at,
                                    G_REGEX_MATCH_ANCHORED, &mi, NULL);
        if (ok) {
            int a, b;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            *len = (size_t)(b - a);
        }
        g_match_info_free(mi);
        if (ok && *len > 0)
            return 1;
    }
    return 0;
}

int pnum_find_quantity(const euc_parser *p, const char *s, size_t *a,
                       size_t *b)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        size_t nl, j, ul;
        if (!g_ascii_isdigit(s[i]) ||
            (i > 0 && (g_ascii_isalnum(s[i - 1]) || s[i - 1] == '.' ||
                       s[i - 1] == ',' || s[i - 1] == '-' || s[i - 1] == '/')))
            continue;
        nl = number_len(s + i);
        j = i + nl;
        while (s[j] == ' ' || s[j] == '\n')
            j++;
        if (code_at(p->units, p->nunits, s, j, &ul)) {
            *a = i;
            *b = j + ul;
            return 0;
        }
        i += nl ? nl - 1 : 0;
    }
    return -1;
}

int pnum_find_money(const euc_parser *p, const char *s, size_t *a, size_t *b)
{
    size_t i, cl;

    for (i = 0; s[i]; i++) {
        size_t nl, j;
        /* a currency, then the amount: "USD 34,760.00", "¥3,000,000" */
        if ((i == 0 || !g_ascii_isalpha(s[i - 1])) &&
            code_at(p->currencies, p->ncurrencies, s, i, &cl)) {
            j = i + cl;
            while (s[j] == ' ' || s[j] == '\n')
                j++;
            nl = g_ascii_isdigit(s[j]) ? number_len(s + j) : 0;
            if (nl > 0) {
                *a = i;
                *b = j + nl;
                return 0;
            }
        }
        /* the amount, then the currency: "12.500,00 EUR", "3,000円" */
        if (g_ascii_isdigit(s[i]) &&
            (i == 0 || !(g_ascii_isalnum(s[i - 1]) || s[i - 1] == '.' ||
                         s[i - 1] == ','))) {
            nl = number_len(s + i);
            j = i + nl;
            while (s[j] == ' ' || s[j] == '\n')
                j++;
            if (code_at(p->currencies, p->ncurrencies, s, j, &cl)) {
                *a = i;
                *b = j + cl;
                return 0;
            }
            i += nl ? nl - 1 : 0;
        }
    }
    return -1;
}
