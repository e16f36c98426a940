/* Text helpers of the parse stage: normalisation for label matching (case,
 * spaces, punctuation, full-width forms), bounded edit distance, and the
 * small string jobs every reader needs. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"
#include "utf8.h"

int ptext_is_cjk(uint32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) ||  /* kana */
           (cp >= 0x3400 && cp <= 0x9FFF) ||  /* ideographs */
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

/* Lower-case letters and digits of s, everything else dropped.  ends (when
 * non-NULL, room for n entries) receives the byte offset just after each
 * kept character. */
uint32_t *ptext_norm(const char *s, size_t n, size_t *out_n, size_t *ends)
{
    uint32_t *out = g_new(uint32_t, n + 1);
    size_t i = 0, k = 0;

    while (i < n) {
        uint32_t cp;
        size_t len = euc_utf8_decode(s + i, n - i, &cp);
        i += len;
        if (cp >= 0xFF01 && cp <= 0xFF5E) /* full-width ASCII */
            cp -= 0xFEE0;
        if (!g_unichar_isalnum(cp))
            continue;
        out[k] = g_unichar_tolower(cp);
        if (ends)
            ends[k] = i;
        k++;
    }
    *out_n = k;
    return out;
}

int ptext_edit_bound(size_t n)
{
    return n <= 4 ? 0 : n <= 8 ? 1 : 2;
}

size_t ptext_edit(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                  size_t bound)
{
    size_t *prev = g_new(size_t, nb + 1), *cur = g_new(size_t, nb + 1), *t;
    size_t i, j, res;

    for (j = 0; j <= nb; j++)
        prev[j] = j;
    for (i = 1; i <= na; i++) {
        size_t rowmin;
        cur[0] = i;
        rowmin = cur[0];
        for (j = 1; j <= nb; j++) {
            size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d) d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
            cur[j] = d;
            if (d < rowmin) rowmin = d;
        }
        t = prev; prev = cur; cur = t;
        if (rowmin > bound) {
            g_free(prev);
            g_free(cur);
            return bound + 1;
        }
    }
    res = prev[nb];
    g_free(prev);
    g_free(cur);
    return res;
}

size_t ptext_match_prefix(const plabel *l, const char *s, size_t n, int *dist)
{
    size_t bound = (size_t)ptext_edit_bound(l->nnorm);
    size_t want = l->nnorm + bound, m, i, j, best_j = 0, best_d = bound + 1;
    size_t ends[96];
    uint32_t text[96];
    size_t *prev, *cur, *t;
    size_t pos = 0, res = 0;

    if (want > 95)
        return 0;
    /* Normalise only as much of s as the label could take. */
    m = 0;
    while (pos < n && m < want) {
        uint32_t cp;
        size_t len = euc_utf8_decode(s + pos, n - pos, &cp);
        pos += len;
        if (cp == '\n')
            break;
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0;
        if (!g_unichar_isalnum(cp))
            continue;
        text[m] = g_unichar_tolower(cp);
        ends[m] = pos;
        m++;
    }
    if (m + bound < l->nnorm || m == 0)
        return 0;
    if (bound == 0 || l->nnorm <= 2) {
        if (m < l->nnorm ||
            memcmp(text, l->norm, l->nnorm * sizeof *text) != 0)
            return 0;
        *dist = 0;
        return ends[l->nnorm - 1];
    }
    /* The first character must survive OCR: it anchors the label. */
    if (text[0] != l->norm[0] && (m < 2 || text[1] != l->norm[1]))
        return 0;
    prev = g_new(size_t, m + 1);
    cur = g_new(size_t, m + 1);
    for (j = 0; j <= m; j++)
        prev[j] = j;
    for (i = 1; i <= l->nnorm; i++) {
        cur[0] = i;
        for (j = 1; j <= m; j++) {
            size_t d = prev[j - 1] + (l->norm[i - 1] != text[j - 1]);
            if (prev[j] + 1 < d) d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
            cur[j] = d;
        }
        t = prev; prev = cur; cur = t;
    }
    for (j = 1; j <= m; j++) {
        size_t d = prev[j];
        size_t off = j > l->nnorm ? j - l->nnorm : l->nnorm - j;
        size_t boff = best_j > l->nnorm ? best_j - l->nnorm : l->nnorm - best_j;
        if (d > bound)
            continue;
        if (d < best_d || (d == best_d && off < boff)) {
            best_d = d;
            best_j = j;
        }
    }
    if (best_j > 0) {
        *dist = (int)best_d;
        res = ends[best_j - 1];
    }
    g_free(prev);
    g_free(cur);
    return res;
}

int ptext_is_placeholder(const euc_parser *p, const char *s)
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
            if (strcmp(lead[k], "-") == 0 && (s + 1 >= e || s[1] != ' '))
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

static uint32_t last_cp(const char *s, size_t n)
{
    const char *p;
    if (n == 0)
        return 0;
    p = g_utf8_find_prev_char(s, s + n);
    return p ? g_utf8_get_char(p) : 0;
}

char *ptext_join_lines(const pdoc *d, const pspan *sp, size_t n)
{
    GString *out = g_string_new(NULL);
    size_t i;

    char *res;

    for (i = 0; i < n; i++) {
        /* Only spaces go here: a comma ending a line belongs to the value. */
        char *t = g_strstrip(g_strndup(d->flat + sp[i].off,
                                       sp[i].end - sp[i].off));
        if (*t) {
            if (out->len > 0) {
                uint32_t a = last_cp(out->str, out->len);
                uint32_t b = g_utf8_get_char(t);
                if (!(ptext_is_cjk(a) && ptext_is_cjk(b)))
                    g_string_append_c(out, ' ');
            }
            g_string_append(out, t);
        }
        g_free(t);
    }
    res = ptext_trim(out->str, out->len);
    g_string_free(out, TRUE);
    return res;
}

char *ptext_join_address(const pdoc *d, const pspan *sp, size_t n)
{
    GString *t = g_string_new(NULL);
    char *res;
    size_t i;

    /* Address lines read as one address: "Street 12, 85053 Town". */
    for (i = 0; i < n; i++) {
        char *line = ptext_trim(d->flat + sp[i].off, sp[i].end - sp[i].off);
        if (*line) {
            if (t->len > 0) {
                gunichar a = g_utf8_get_char(g_utf8_find_prev_char(t->str, t->str + t->len));
                gunichar b = g_utf8_get_char(line);
                if (!(ptext_is_cjk(a) && ptext_is_cjk(b)))
                    g_string_append(t, ", ");
            }
            g_string_append(t, line);
        }
        g_free(line);
    }
    res = g_strdup(t->str);
    g_string_free(t, TRUE);
    return res;
}

int ptext_label_valid_in(const plabel *l, const char *section)
{
    char **s;

    if (l->in == NULL)
        return 1;
    for (s = l->in; *s; s++) {
        if (**s == '\0')
            continue;
        if (strcmp(*s, "-") == 0 ? section == NULL
                                 : section != NULL && strcmp(*s, section) == 0)
            return 1;
    }
    return 0;
}
