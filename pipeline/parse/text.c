/* Text helpers of the parse stage: tokens and their stems for reading
 * labels and clauses by meaning, values trimmed and tested, buffers that
 * remember where their bytes came from.  Normalisation (case, width, CJK)
 * and edit distance are the shared ones of euc/text.h. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"
#include "euc/text.h"

/* The parser's names for the shared normaliser (euc/text.h). */
int ptext_is_cjk(uint32_t cp)
{
    return euc_text_is_cjk(cp);
}

uint32_t *ptext_norm(const char *s, size_t n, size_t *out_n, size_t *ends)
{
    uint32_t *out = g_new(uint32_t, n + 1);

    *out_n = euc_text_norm(s, n, 0, out, NULL, ends);
    return out;
}

size_t ptext_edit(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                  size_t bound)
{
    return euc_text_edit(a, na, b, nb, bound);
}

static int placeholder1(const euc_parser *p, const char *s);

/* "なし / None", "同上 / Same as end user": bilingual answers are
 * placeholders when every language's part is one. */
int ptext_is_placeholder(const euc_parser *p, const char *s)
{
    gchar **parts;
    int i, all = 1;

    if (placeholder1(p, s))
        return 1;
    if (strchr(s, '/') == NULL)
        return 0;
    parts = g_strsplit(s, "/", 4);
    for (i = 0; parts[i] && all; i++)
        all = placeholder1(p, parts[i]) && *g_strstrip(parts[i]);
    g_strfreev(parts);
    return all && i > 1;
}

static int placeholder1(const euc_parser *p, const char *s)
{
    size_t nn, i;
    uint32_t *u = ptext_norm(s, strlen(s), &nn, NULL);
    GString *gs = g_string_new(NULL);
    int hit = 0;
    char **ph;

    for (i = 0; i < nn; i++)
        g_string_append_unichar(gs, u[i]);
    /* Blanks to fill in ("______", "....") normalise to nothing. */
    if (gs->len == 0)
        hit = 1;
    for (ph = p->placeholders; !hit && ph && *ph; ph++)
        if (**ph && strcmp(gs->str, *ph) == 0)
            hit = 1;
    /* "Same as ultimate consignee", "same as 1.2": a reference, no value. */
    if (!hit && g_str_has_prefix(gs->str, "sameas"))
        hit = 1;
    g_string_free(gs, TRUE);
    g_free(u);
    return hit;
}

char *ptext_trim(const char *s, size_t n)
{
    const char *e = s + n;
    static const char *const lead[] = {" ", "\t", "\n", ":", "：", ",", "，",
                                       ";", "；", "、", "|", "-", "–", "—", NULL};
    static const char *const trail[] = {" ", "\t", "\n", ",", "，", ";", "；",
                                        ":", "：", "、", "|", NULL};
    int again = 1;

    while (again) {
        size_t k;
        again = 0;
        for (k = 0; lead[k] && s < e; k++) {
            size_t l = strlen(lead[k]);
            /* A leading "-" only goes when a space follows ("- value"). */
            if (l == 1 && lead[k][0] == '-' && (s + 1 >= e || s[1] != ' '))
                continue;
            if ((size_t)(e - s) >= l && memcmp(s, lead[k], l) == 0) {
                s += l;
                again = 1;
            }
        }
        for (k = 0; trail[k] && e > s; k++) {
            size_t l = strlen(trail[k]);
            if ((size_t)(e - s) >= l && memcmp(e - l, trail[k], l) == 0) {
                e -= l;
                again = 1;
            }
        }
    }
    return g_strndup(s, (gsize)(e - s));
}

char *ptext_clean_value(const char *s)
{
    char *t = ptext_trim(s, strlen(s));
    size_t n = strlen(t);

    /* A sentence's full stop is no part of a name or a line value. */
    if (n > 1 && t[n - 1] == '.' && t[n - 2] != '.' &&
        !g_ascii_isupper(t[n - 2] ? t[n - 2] : 'a')) {
        /* keep "Co." "Ltd." "Inc." "K.K." (a capital or a short word) */
        const char *sp = strrchr(t, ' ');
        const char *w = sp ? sp + 1 : t;
        size_t wl = strlen(w);
        /* (nor "a.s.", "s.r.o.", "o.o.": dots inside, an abbreviation) */
        if ((wl > 5 || (wl >= 2 && g_ascii_islower(w[0]))) &&
            memchr(w, '.', wl - 1) == NULL)
            t[n - 1] = '\0';
    }
    return t;
}

int ptext_is_caps(const char *s, size_t n)
{
    size_t i, up = 0, low = 0;

    for (i = 0; i < n; i++) {
        if (g_ascii_isupper(s[i]))
            up++;
        else if (g_ascii_islower(s[i]))
            low++;
    }
    return up >= 3 && up >= 4 * low;
}

/* --- tokens ---------------------------------------------------------- */

static int is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

void ptext_stem(char *w)
{
    size_t n = strlen(w);

    if (n > 4 && strcmp(w + n - 3, "ies") == 0) {
        memcpy(w + n - 3, "y", 2);
        n -= 2;
    } else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' &&
               w[n - 2] != 'i') {
        w[--n] = '\0';
    }
    if (n > 5 && strcmp(w + n - 3, "ing") == 0) {
        w[n -= 3] = '\0';
    } else if (n > 4 && strcmp(w + n - 2, "ed") == 0) {
        w[n -= 2] = '\0';
    } else if (n == 4 && strcmp(w + n - 2, "ed") == 0 && w[1] != 'e') {
        w[--n] = '\0'; /* "used" -> "use" ("need" stays) */
    }
    /* "transferr" (from "transferred") -> "transfer", not "process" */
    if (n > 4 && w[n - 1] == w[n - 2] && !is_vowel(w[n - 1]) &&
        w[n - 1] != 's' && w[n - 1] != 'l' && w[n - 1] != 'z')
        w[--n] = '\0';
    if (n > 4 && w[n - 1] == 'e')
        w[--n] = '\0';
}

void ptext_tokens_free(GArray *toks)
{
    guint i;

    if (toks == NULL)
        return;
    for (i = 0; i < toks->len; i++)
        g_free(g_array_index(toks, ptok, i).s);
    g_array_free(toks, TRUE);
}

GArray *ptext_tokens(const char *s, size_t n)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(ptok));
    GString *cur = g_string_new(NULL);
    size_t i = 0, start = 0;
    int kind = 0; /* 0 none, 1 Latin/digits, 2 CJK */
    int paren = 0, brk = 0, digits = 1, cap = 0;

    for (;;) {
        uint32_t cp = 0;
        size_t len = 0;
        int k;
        if (i < n) {
            len = euc_utf8_decode(s + i, n - i, &cp);
            cp = euc_text_fold_width(cp);
        }
        k = i >= n ? 0 : ptext_is_cjk(cp) ? 2 : g_unichar_isalnum(cp) ? 1 : 0;
        /* An apostrophe inside a word goes ("end-user's" -> "users"). */
        if (kind == 1 && (cp == '\'' || cp == 0x2019) && i + len < n &&
            g_ascii_isalpha(s[i + len])) {
            i += len;
            continue;
        }
        if (k != kind && kind != 0) {
            ptok t = {0};
            t.off = start;
            t.end = i;
            t.flags = (kind == 2 ? TK_CJK : 0) | (paren ? TK_PAREN : 0) |
                      (brk ? TK_BREAK : 0) | (kind == 1 && digits ? TK_NUM : 0) |
                      (cap ? TK_CAP : 0);
            if (kind == 1) {
                char *low = g_utf8_strdown(cur->str, (gssize)cur->len);
                if (!digits)
                    ptext_stem(low);
                t.s = low;
            } else {
                t.s = g_strndup(cur->str, cur->len);
            }
            g_array_append_val(out, t);
            g_string_truncate(cur, 0);
            brk = 0;
            digits = 1;
        }
        if (i >= n)
            break;
        if (k == 0) {
            if (cp == '(' || cp == '[' || cp == 0xFF08)
                paren++;
            else if ((cp == ')' || cp == ']' || cp == 0xFF09) && paren > 0)
                paren--;
            if (cp == ',' || cp == ';' || cp == '/' || cp == '(' || cp == ':' ||
                cp == 0x3001 || cp == 0xFF0C || cp == 0xFF1A || cp == 0xFF1B ||
                cp == 0x30FB || cp == '?' || cp == '.')
                brk = 1;
        } else {
            if (kind != k) {
                start = i;
                cap = k == 1 && g_unichar_isupper(cp);
            }
            if (k == 1 && !g_unichar_isdigit(cp))
                digits = 0;
            g_string_append_unichar(cur, k == 1 ? g_unichar_tolower(cp) : cp);
        }
        kind = k;
        i += len;
    }
    g_string_free(cur, TRUE);
    return out;
}

/* --- buffers ---------------------------------------------------------- */

void pbuf_init(pbuf *b)
{
    b->s = g_string_new(NULL);
    b->map = g_array_new(FALSE, FALSE, sizeof(pseg));
}

void pbuf_clear(pbuf *b)
{
    if (b->s)
        g_string_free(b->s, TRUE);
    if (b->map)
        g_array_free(b->map, TRUE);
    b->s = NULL;
    b->map = NULL;
}

void pbuf_add(pbuf *b, const char *doc_text, size_t off, size_t end,
              const char *sep)
{
    pseg sg;

    while (off < end && (doc_text[off] == ' ' || doc_text[off] == '\n'))
        off++;
    while (end > off && (doc_text[end - 1] == ' ' || doc_text[end - 1] == '\n'))
        end--;
    if (end <= off)
        return;
    if (b->s->len > 0 && sep) {
        /* Chinese and Japanese lines join without a space. */
        const char *lp = g_utf8_find_prev_char(b->s->str, b->s->str + b->s->len);
        uint32_t a = lp ? g_utf8_get_char(lp) : 0;
        uint32_t c = g_utf8_get_char(doc_text + off);
        if (!(strcmp(sep, " ") == 0 && ptext_is_cjk(a) && ptext_is_cjk(c)))
            g_string_append(b->s, sep);
    }
    sg.t0 = b->s->len;
    sg.len = end - off;
    sg.doc = off;
    g_string_append_len(b->s, doc_text + off, (gssize)(end - off));
    g_array_append_val(b->map, sg);
}

GArray *pbuf_spans(const pbuf *b, size_t a, size_t e)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(pspan));
    guint i;

    for (i = 0; i < b->map->len; i++) {
        const pseg *s = &g_array_index(b->map, pseg, i);
        size_t x = a > s->t0 ? a : s->t0;
        size_t y = e < s->t0 + s->len ? e : s->t0 + s->len;
        if (y > x) {
            pspan sp = {s->doc + (x - s->t0), s->doc + (y - s->t0)};
            g_array_append_val(out, sp);
        }
    }
    return out;
}

int ptext_checkbox(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && s[i] == ' ')
        i++;
    if (i + 3 <= n && (memcmp(s + i, "☒", 3) == 0 || memcmp(s + i, "☑", 3) == 0 ||
                       memcmp(s + i, "■", 3) == 0 || memcmp(s + i, "✔", 3) == 0))
        return 1;
    if (i + 3 <= n && (memcmp(s + i, "☐", 3) == 0 || memcmp(s + i, "□", 3) == 0))
        return 0;
    if (i < n && (s[i] == '[' || s[i] == '(')) {
        size_t j = i + 1;
        char close = s[i] == '[' ? ']' : ')';
        int x = 0;
        while (j < n && j < i + 4 && s[j] != close) {
            if (s[j] == 'X' || s[j] == 'x' || s[j] == 'v' || s[j] == 'V')
                x = 1;
            else if (x && strchr("1lIJ|", s[j]) != NULL && (j + 1 >= n || s[j + 1] == ' '))
                return 1; /* OCR's closing bracket: "[X1", "[xl" */
            else if (s[j] != ' ')
                return -1;
            j++;
        }
        if (j < n && s[j] == close)
            return x;
    }
    return -1;
}

const char *ptext_conformed(const char *s, size_t n, size_t *len)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (i + 3 <= n && s[i] == '/' && (s[i + 1] == 's' || s[i + 1] == 'S') &&
            s[i + 2] == '/') {
            *len = 3;
            return s + i;
        }
        if (i + 8 <= n && s[i] == '(' && g_ascii_strncasecmp(s + i, "(signed)", 8) == 0) {
            *len = 8;
            return s + i;
        }
    }
    return NULL;
}
