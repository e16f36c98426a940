/* Country names (schemas/countries.xml) in values, addresses and clauses. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "parse-imp.h"

static int norm_equal(const pcountry *c, const uint32_t *u, size_t n)
{
    return n == c->nnorm && memcmp(u, c->norm, n * sizeof *u) == 0;
}

const pcountry *pcountry_exact(const euc_parser *p, const char *s)
{
    char *t = ptext_trim(s, strlen(s));
    size_t n, i;
    uint32_t *u;
    const pcountry *hit = NULL;

    /* "Japan." at the end of an address */
    if (*t && t[strlen(t) - 1] == '.' && strlen(t) > 4)
        t[strlen(t) - 1] = '\0';
    {
        /* "the Netherlands": an article before the name (prose.xml) */
        const char *art = pdata_word_at(p, "article", t, 0);
        size_t k = art ? strlen(art) : 0;
        if (art != NULL && t[k] == ' ')
            memmove(t, t + k + 1, strlen(t + k + 1) + 1);
    }
    u = ptext_norm(t, strlen(t), &n, NULL);
    for (i = 0; i < p->ncountries && hit == NULL; i++) {
        const pcountry *c = &p->countries[i];
        if (c->exact_case ? strcmp(t, c->name) == 0 : norm_equal(c, u, n))
            hit = c;
    }
    g_free(u);
    g_free(t);
    return hit;
}

/* Occurrence of name in s at a word boundary (Latin names only need one). */
static const char *find_word(const char *s, const char *name, int exact_case,
                             int cjk)
{
    size_t n = strlen(name);
    const char *q = s;

    while (*q) {
        const char *hit = NULL;
        if (exact_case) {
            hit = strstr(q, name);
        } else {
            const char *r;
            for (r = q; *r; r++)
                if (g_ascii_strncasecmp(r, name, n) == 0) {
                    hit = r;
                    break;
                }
        }
        if (hit == NULL)
            return NULL;
        if (cjk || ((hit == s || !g_ascii_isalnum(hit[-1])) &&
                    !g_ascii_isalnum(hit[n])))
            return hit;
        q = hit + 1;
    }
    return NULL;
}

const pcountry *pcountry_in_address(const euc_parser *p, const char *s,
                                    size_t *start, size_t *end)
{
    const char *seg = s, *q;
    size_t i, len = strlen(s);
    const pcountry *c;

    /* The last segment (after the last comma or line break). */
    for (q = s; *q; q++)
        if (*q == ',' || *q == '\n' || *q == ';')
            seg = q + 1;
    if (strncmp(s + len - (len >= 3 ? 3 : 0), "，", 3) != 0) {
        const char *cn = g_strrstr(s, "，");
        if (cn != NULL && cn + 3 > seg)
            seg = cn + 3;
    }
    while (*seg == ' ')
        seg++;
    c = pcountry_exact(p, seg);
    if (c != NULL && *seg) {
        *start = (size_t)(seg - s);
        *end = len;
        while (*end > *start && (s[*end - 1] == ' ' || s[*end - 1] == '.'))
            (*end)--;
        return c;
    }
    /* "Osaka 530-0005 Japan": the name ends the address. */
    for (i = 0; i < p->ncountries; i++) {
        const pcountry *k = &p->countries[i];
        size_t n = strlen(k->name), e = len;
        while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '.'))
            e--;
        if (n >= e || n < 2)
            continue;
        if ((k->exact_case ? strncmp(s + e - n, k->name, n)
                           : g_ascii_strncasecmp(s + e - n, k->name, n)) == 0 &&
            (!g_ascii_isalnum(s[e - n - 1]) || !g_ascii_isalpha(k->name[0]))) {
            *start = e - n;
            *end = e;
            return k;
        }
    }
    /* Chinese and Japanese addresses start with the country. */
    for (i = 0; i < p->ncountries; i++) {
        const pcountry *k = &p->countries[i];
        size_t n = strlen(k->name);
        if (ptext_is_cjk(g_utf8_get_char(k->name)) &&
            strncmp(s, k->name, n) == 0) {
            *start = 0;
            *end = n;
            return k;
        }
    }
    return NULL;
}

typedef struct hit {
    size_t a, b;
    const pcountry *c;
} hit;

static gint hit_cmp(gconstpointer x, gconstpointer y)
{
    const hit *h = x, *k = y;
    if (h->a != k->a)
        return h->a < k->a ? -1 : 1;
    return h->b > k->b ? -1 : h->b < k->b;
}

GPtrArray *pcountry_all(const euc_parser *p, const char *s, GArray *offs)
{
    GArray *hits = g_array_new(FALSE, FALSE, sizeof(hit));
    GPtrArray *out = g_ptr_array_new();
    size_t i, last_end = 0;

    for (i = 0; i < p->ncountries; i++) {
        const pcountry *c = &p->countries[i];
        int cjk = ptext_is_cjk(g_utf8_get_char(c->name));
        const char *q = s, *h;
        for (h = find_word(q, c->name, c->exact_case, cjk); h != NULL;
             h = find_word(q, c->name, c->exact_case, cjk)) {
            hit x = {(size_t)(h - s), (size_t)(h - s) + strlen(c->name), c};
            g_array_append_val(hits, x);
            q = h + 1;
        }
    }
    g_array_sort(hits, hit_cmp);
    for (i = 0; i < hits->len; i++) {
        hit *h = &g_array_index(hits, hit, i);
        guint k;
        int dup = 0;
        if (i > 0 && h->a < last_end)
            continue;
        last_end = h->b;
        for (k = 0; k < out->len; k++)
            if (strcmp(((const pcountry *)out->pdata[k])->code, h->c->code) == 0)
                dup = 1;
        if (dup)
            continue;
        g_ptr_array_add(out, (gpointer)h->c);
        if (offs) {
            g_array_append_val(offs, h->a);
            g_array_append_val(offs, h->b);
        }
    }
    g_array_free(hits, TRUE);
    return out;
}
