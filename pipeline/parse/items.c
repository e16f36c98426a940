/* Items written inline: "1. Samarium metal, HS code 2805.30, quantity 300
 * kgs, value USD 11,130.00", "500 kg of samarium metal (HS 2805.30), value
 * JPY 2,870,000", one per numbered line or several in one value.  The parts
 * are found by their shapes (a number with a unit, a currency with an
 * amount, an HS code after its label or in its form nnnn.nn, an export
 * control number such as 1C902.a); the words left are the description. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

typedef struct part {
    size_t a, b;      /* the value */
    size_t ma, mb;    /* the value with its label ("quantity 400 kg") */
} part;

/* The label of an item part just before byte a of s: "HS code", "qty",
 * "value".  Returns where the label starts, or a. */
static size_t label_before(const euc_parser *p, const char *s, size_t a,
                           int attr)
{
    size_t from = a > 40 ? a - 40 : 0;
    char *pre;
    GArray *toks, *ms;
    size_t start = a;
    guint i;

    while (from > 0 && (s[from] & 0xC0) == 0x80)
        from--;
    pre = g_strndup(s + from, a - from);
    toks = ptext_tokens(pre, strlen(pre));
    ms = g_array_new(FALSE, FALSE, sizeof(pmatch));
    pterms_match(&p->concepts[attr].terms, attr, toks, 0, ms);
    for (i = 0; i < ms->len; i++) {
        const pmatch *m = &g_array_index(ms, pmatch, i);
        /* the label must end right before the value (": ", " of ") */
        const char *q = pre + m->b1;
        while (*q == ' ' || *q == ':' || *q == '.' || strncmp(q, "：", 3) == 0)
            q += *q == ' ' || *q == ':' || *q == '.' ? 1 : 3;
        if (strncmp(q, "of ", 3) == 0)
            q += 3;
        if (strncmp(q, "code ", 5) == 0)
            q += 5;
        if (strncmp(q, "No. ", 4) == 0)
            q += 4;
        if (*q == '\0' && from + m->b0 < start)
            start = from + m->b0;
    }
    g_array_free(ms, TRUE);
    ptext_tokens_free(toks);
    g_free(pre);
    return start;
}

static int find_hs(const euc_parser *p, const char *s, part *out)
{
    size_t i, n = strlen(s);

    for (i = 0; i + 4 <= n; i++) {
        size_t j = i, dots = 0, digits = 0, lab;
        if (!g_ascii_isdigit(s[i]) || (i > 0 && (g_ascii_isalnum(s[i - 1]) ||
                                                 s[i - 1] == '.' || s[i - 1] == ',')))
            continue;
        while (j < n && (g_ascii_isdigit(s[j]) || (s[j] == '.' && g_ascii_isdigit(s[j + 1])))) {
            if (s[j] == '.')
                dots++;
            else
                digits++;
            j++;
        }
        if (j < n && g_ascii_isalpha(s[j]))
            continue;
        lab = label_before(p, s, i, p->a_hs);
        /* "2846.90", "8505.11.00", or any 4-10 digits after an HS label */
        if ((lab < i && digits >= 4 && digits <= 10) ||
            (dots >= 1 && digits >= 6 && digits <= 10 && j - i >= 7 &&
             s[i + 4] == '.')) {
            size_t qa, qb;
            /* "2846.90 kg" is a quantity, not a code */
            if (pnum_find_quantity(p, s + i, &qa, &qb) == 0 && qa == 0) {
                i = j;
                continue;
            }
            out->a = i;
            out->b = j;
            out->ma = lab;
            out->mb = j;
            return 1;
        }
        i = j;
    }
    return 0;
}

static int find_eccn(const char *s, part *out)
{
    size_t i, n = strlen(s);

    for (i = 0; i + 5 <= n; i++) {
        size_t j;
        if (!(g_ascii_isdigit(s[i]) && s[i + 1] >= 'A' && s[i + 1] <= 'E' &&
              g_ascii_isdigit(s[i + 2]) && g_ascii_isdigit(s[i + 3]) &&
              g_ascii_isdigit(s[i + 4])))
            continue;
        if (i > 0 && g_ascii_isalnum(s[i - 1]))
            continue;
        j = i + 5;
        while (j < n && (s[j] == '.' || g_ascii_isalnum(s[j])) &&
               !(s[j] == '.' && (j + 1 >= n || s[j + 1] == ' ')))
            j++;
        if (j < n && g_ascii_isalnum(s[j]))
            continue;
        out->a = out->ma = i;
        out->b = out->mb = j;
        return 1;
    }
    return 0;
}

int pitems_has_quantity(const euc_parser *p, const char *s)
{
    size_t a, b;

    return pnum_find_quantity(p, s, &a, &b) == 0;
}

int pitems_has_hs(const euc_parser *p, const char *s)
{
    part hs;

    return find_hs(p, s, &hs) && hs.ma < hs.a;
}

int pitems_value_alone(run *r, const pbuf *b, const char *reader, const char *label)
{
    const euc_parser *p = r->p;
    char *s = g_strndup(b->s->str, b->s->len);
    size_t a, e;
    int got = 0;
    char *t;

    for (t = s; *t; t++)
        if (*t == '\n')
            *t = ' ';
    /* one item read so far, with no value: a sentence of its own giving
     * the value is that item's ("... of yttrium oxide. The value of the
     * goods is USD 7,700.00.") */
    if (run_next_index(r, P_ITEMS_ITEM) == 2 && run_get(r, "items/item[1]/value") == NULL &&
        !pitems_has_quantity(p, s) && pnum_find_money(p, s, &a, &e) == 0) {
        char *pre = g_strndup(s, a);
        GArray *toks = ptext_tokens(pre, strlen(pre));
        GArray *ms = g_array_new(FALSE, FALSE, sizeof(pmatch));
        pterms_match(&p->concepts[p->a_value].terms, p->a_value, toks, 0, ms);
        if (ms->len > 0) {
            run_set_buf(r, "items/item[1]/value", FT_MONEY, b, a, e, reader, label,
                        "the value of the goods in a sentence");
            got = 1;
        }
        g_array_free(ms, TRUE);
        ptext_tokens_free(toks);
        g_free(pre);
    }
    g_free(s);
    return got;
}

/* The description: the words before the first part, or after "N kg of". */
static void description(const char *s, const part *parts, int np, size_t *da,
                        size_t *db)
{
    size_t first = strlen(s);
    int i;

    for (i = 0; i < np; i++)
        if (parts[i].mb > parts[i].ma && parts[i].ma < first)
            first = parts[i].ma;
    *da = 0;
    *db = first;
    /* "500 kg of samarium metal (HS ...)", "The order covers 20 kg of
     * lutetium oxide" */
    for (i = 0; i < np; i++) {
        size_t e = parts[i].mb;
        while (s[e] == ' ')
            e++;
        if (parts[i].ma <= first && strncmp(s + e, "of ", 3) == 0 &&
            parts[i].mb > parts[i].ma) {
            size_t next = strlen(s);
            int j;
            e += 3;
            for (j = 0; j < np; j++)
                if (parts[j].mb > parts[j].ma && parts[j].ma >= e && parts[j].ma < next)
                    next = parts[j].ma;
            *da = e;
            *db = next;
            goto trim;
        }
    }
    if (np > 0 && parts[0].ma == 0 && parts[0].mb > 0) {
        size_t e = parts[0].mb, next = strlen(s);
        while (s[e] == ' ')
            e++;
        for (i = 1; i < np; i++)
            if (parts[i].mb > parts[i].ma && parts[i].ma >= e && parts[i].ma < next)
                next = parts[i].ma;
        *da = e;
        *db = next;
    }
trim:
    /* trailing "(", ",", " at", connecting words */
    while (*db > *da) {
        char c = s[*db - 1];
        if (c == ' ' || c == ',' || c == '(' || c == ';' || c == ':' || c == '-')
            (*db)--;
        else
            break;
    }
    {
        static const char *const tails[] = {" of", " at", " with", " for",
                                            " total", " totalling", " worth",
                                            " valued at", " in the amount of",
                                            " quantity", " qty", " value", NULL};
        int again = 1;
        while (again) {
            size_t k;
            again = 0;
            for (k = 0; tails[k]; k++) {
                size_t tl = strlen(tails[k]);
                if (*db - *da > tl &&
                    g_ascii_strncasecmp(s + *db - tl, tails[k], tl) == 0) {
                    *db -= tl;
                    while (*db > *da && (s[*db - 1] == ' ' || s[*db - 1] == ','))
                        (*db)--;
                    again = 1;
                }
            }
        }
    }
    while (*da < *db && (s[*da] == ' ' || s[*da] == ',' || s[*da] == ':'))
        (*da)++;
}

/* Does s start as a sentence's subject does ("The order", "We are",
 * "This shipment")?  Then a verb after it introduces the goods; in
 * "NdFeB magnets including Dy" it does not. */
static int sentence_subject(const char *s)
{
    static const char *const subj[] = {"the ", "this ", "these ", "our ", "we ",
                                       "it ", "they ", "i ", "your ", NULL};
    size_t k;

    for (k = 0; subj[k]; k++)
        if (g_ascii_strncasecmp(s, subj[k], strlen(subj[k])) == 0)
            return 1;
    return 0;
}

/* One entry's item; returns 1 when it was one. */
static int read_one(run *r, const pbuf *b, size_t e0, size_t e1,
                    const char *reader, const char *label, const char *how)
{
    const euc_parser *p = r->p;
    char *s = g_strndup(b->s->str + e0, e1 - e0);
    part parts[4], q = {0}, v = {0}, h = {0}, c = {0};
    int np = 0, hq, hv, hh, hc, k;
    size_t da, db;
    char *base, *path;
    char *t;

    for (t = s; *t; t++)
        if (*t == '\n')
            *t = ' ';
    hq = pnum_find_quantity(p, s, &q.a, &q.b) == 0;
    hv = pnum_find_money(p, s, &v.a, &v.b) == 0;
    hh = find_hs(p, s, &h);
    hc = find_eccn(s, &c);
    if (hq) {
        q.ma = label_before(p, s, q.a, p->a_quantity);
        q.mb = q.b;
    }
    if (hv) {
        v.ma = label_before(p, s, v.a, p->a_value);
        v.mb = v.b;
    }
    /* a quantity inside the money ("USD 1,200") or the code is none */
    if (hq && hv && q.a >= v.a && q.a < v.b)
        hq = 0;
    if (hq && hh && q.a >= h.a && q.a < h.b)
        hh = 0;
    if (!hq && !hv && !hh) {
        g_free(s);
        return 0;
    }
    /* parts in text order */
    if (hq) parts[np++] = q;
    if (hh) parts[np++] = h;
    if (hv) parts[np++] = v;
    if (hc) parts[np++] = c;
    {
        int i, j;
        for (i = 0; i < np; i++)
            for (j = i + 1; j < np; j++)
                if (parts[j].ma < parts[i].ma) {
                    part x = parts[i];
                    parts[i] = parts[j];
                    parts[j] = x;
                }
    }
    k = run_next_index(r, P_ITEMS_ITEM);
    base = g_strdup_printf("items/item[%d]", k);
    description(s, parts, np, &da, &db);
    /* "The order covers X", "We are buying X": the goods after the verb */
    {
        size_t lim = 60;
        int moved = 1;
        while (moved && db > da) {
            char *d = g_strndup(s + da, db - da);
            pspan w;
            moved = pterms_in(pdata_cues(p, "item-intro"), d, &w) && w.off < lim &&
                    w.end < db - da && (lim == 2 || sentence_subject(d));
            if (moved)
                da += w.end;
            g_free(d);
            while (da < db && s[da] == ' ')
                da++;
            lim = 2; /* "The order | covers X" */
        }
    }
    if (db > da) {
        path = g_strdup_printf("%s/description", base);
        run_set_buf(r, path, FT_TEXT, b, e0 + da, e0 + db, reader, label, how);
        g_free(path);
    }
    if (hq) {
        path = g_strdup_printf("%s/quantity", base);
        run_set_buf(r, path, FT_QUANTITY, b, e0 + q.a, e0 + q.b, reader, label, how);
        g_free(path);
    }
    if (hh) {
        path = g_strdup_printf("%s/hs-code", base);
        run_set_buf(r, path, FT_LINE, b, e0 + h.a, e0 + h.b, reader, label, how);
        g_free(path);
    }
    if (hc) {
        path = g_strdup_printf("%s/control-number", base);
        run_set_buf(r, path, FT_LINE, b, e0 + c.a, e0 + c.b, reader, label, how);
        g_free(path);
    }
    if (hv) {
        path = g_strdup_printf("%s/value", base);
        run_set_buf(r, path, FT_MONEY, b, e0 + v.a, e0 + v.b, reader, label, how);
        g_free(path);
    }
    g_free(base);
    g_free(s);
    return 1;
}

static gint cmp_size(gconstpointer a, gconstpointer b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;

    return x < y ? -1 : x > y;
}

int pitems_read(run *r, const pbuf *b, const char *reader, const char *label,
                const char *how)
{
    const char *s = b->s->str;
    size_t n = b->s->len, i = 0, start = 0;
    int got = 0, any_mark = 0;
    GArray *cuts = g_array_new(FALSE, FALSE, sizeof(size_t));

    /* Entries: numbered or bulleted lines start one; ";" parts that each
     * give a quantity are one each. */
    g_array_append_val(cuts, start);
    while (i < n) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n, ml;
        if (i > 0 && playout_marker(r->p, s + i, e - i, &ml) != MK_NONE) {
            any_mark = 1;
            g_array_append_val(cuts, i);
        }
        i = e + 1;
    }
    if (!any_mark) {
        /* "Dy oxide 500 kg; Tb metal 20 kg" (fields.xml <item-separator>) */
        const char *q, *sep = r->p->item_sep;
        size_t sl = strlen(sep);
        for (q = strstr(s, sep); q != NULL; q = strstr(q, sep)) {
            size_t at = (size_t)(q - s) + sl;
            char *left = g_strndup(s, at);
            if (pitems_has_quantity(r->p, s + at) && pitems_has_quantity(r->p, left))
                g_array_append_val(cuts, at);
            g_free(left);
            q += sl;
        }
    }
    g_array_append_val(cuts, n);
    /* "20 kg of X (HS ...), value USD 1 and 1,000 kg of Y ...": a second
     * quantity after its connecting word starts the next item */
    {
        GArray *more = g_array_new(FALSE, FALSE, sizeof(size_t));
        guint k;
        for (k = 0; k + 1 < cuts->len; k++) {
            size_t a = g_array_index(cuts, size_t, k), e = g_array_index(cuts, size_t, k + 1);
            char *seg = g_strndup(s + a, e - a);
            size_t qa, qb, from = 0, nq = 0;
            while (pnum_find_quantity(r->p, seg + from, &qa, &qb) == 0) {
                size_t at = from + qa, c = at;
                nq++;
                if (nq > 1) {
                    /* back over "and", ",", ";" to the cut */
                    while (c > 0 && seg[c - 1] == ' ')
                        c--;
                    if (c >= 3 && strncmp(seg + c - 3, "and", 3) == 0)
                        c -= 3;
                    else if (c >= 1 && (seg[c - 1] == ',' || seg[c - 1] == ';'))
                        c -= 1;
                    else
                        c = (size_t)-1;
                    if (c != (size_t)-1) {
                        size_t cut = a + c;
                        g_array_append_val(more, cut);
                    }
                }
                from = at + (qb - qa);
            }
            g_free(seg);
        }
        for (k = 0; k < more->len; k++)
            g_array_append_val(cuts, g_array_index(more, size_t, k));
        g_array_free(more, TRUE);
        g_array_sort(cuts, cmp_size);
    }
    for (i = 0; i + 1 < cuts->len; i++) {
        size_t a = g_array_index(cuts, size_t, i), e = g_array_index(cuts, size_t, i + 1);
        size_t ml;
        if (playout_marker(r->p, s + a, e - a, &ml) != MK_NONE)
            a += ml;
        if (e > a)
            got += read_one(r, b, a, e, reader, label, how);
    }
    g_array_free(cuts, TRUE);
    return got;
}
