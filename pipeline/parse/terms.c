/* Term lists matched over tokens: the one matcher behind reading labels by
 * meaning (schemas/concepts.xml) and classifying clauses
 * (schemas/prose.xml).  A Latin term matches a run of tokens by their
 * stems, a word split or joined differently ("sub-supplier",
 * "subsupplier", "end user", "enduser") and, on OCR text, a letter or two
 * wrong in a long word; articles between its words are skipped ("use of
 * the goods" for "use of goods").  A Chinese or Japanese term matches
 * inside a run of such characters. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

static size_t edit_bytes(const char *a, size_t na, const char *b, size_t nb,
                         size_t bound)
{
    uint32_t x[64], y[64];
    size_t i;

    if (na >= 64 || nb >= 64)
        return bound + 1;
    for (i = 0; i < na; i++)
        x[i] = (unsigned char)a[i];
    for (i = 0; i < nb; i++)
        y[i] = (unsigned char)b[i];
    return ptext_edit(x, na, y, nb, bound);
}

/* Do a term's stem and a text's stem name the same word?  *fuzzy is set
 * when only with a wrong letter. */
static int word_eq(const char *t, const char *w, int ocr, int *fuzzy,
                   GHashTable *known)
{
    size_t nt, nw, bound;

    if (strcmp(t, w) == 0)
        return 1;
    if (!ocr || (known && g_hash_table_contains(known, w)))
        return 0;
    *fuzzy = 1;
    nt = strlen(t);
    nw = strlen(w);
    if (nt < 7 || nw + 2 < nt || nw > nt + 2)
        return 0;
    /* The first letter anchors the word (OCR damage is rarely there). */
    if (t[0] != w[0])
        return 0;
    bound = nt >= 11 ? 2 : 1;
    return edit_bytes(t, nt, w, nw, bound) <= bound;
}

static int is_article(const char *s)
{
    return strcmp(s, "the") == 0 || strcmp(s, "a") == 0 ||
           strcmp(s, "an") == 0 || strcmp(s, "any") == 0 ||
           strcmp(s, "such") == 0;
}

/* A term of several words against as many words of the text, letters
 * run together: "End-usr" for "end user" (one letter in seven). */
static size_t match_joined(const pterm *t, const GArray *toks, size_t i,
                           int *fuzzy)
{
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    size_t j, n = 0, bound;
    int ok;

    for (j = 0; j < t->ntok; j++)
        g_string_append(a, t->tok[j]);
    for (j = i; j < toks->len && n < t->ntok; j++, n++) {
        const ptok *w = &g_array_index(toks, ptok, j);
        if (w->flags & (TK_CJK | TK_NUM))
            break;
        g_string_append(b, w->s);
    }
    bound = a->len >= 12 ? 2 : 1;
    ok = n == t->ntok && a->len >= 7 && a->str[0] == b->str[0] &&
         b->len + bound >= a->len && b->len <= a->len + bound &&
         edit_bytes(a->str, a->len, b->str, b->len, bound) <= bound;
    *fuzzy = strcmp(a->str, b->str) != 0;
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
    return ok ? n : 0;
}

/* Length in tokens of a match of term t's words at toks[i], 0 when none. */
static size_t match_at1(const pterm *t, const GArray *toks, size_t i, int ocr,
                        int *fuzzy, GHashTable *known)
{
    size_t j = 0, k = i, n = toks->len;

    while (j < t->ntok) {
        const ptok *w;
        if (k >= n)
            return 0;
        w = &g_array_index(toks, ptok, k);
        if (w->flags & (TK_CJK | TK_NUM))
            return 0;
        if (word_eq(t->tok[j], w->s, ocr, fuzzy, known)) {
            j++;
            k++;
            continue;
        }
        /* "enduser" for "end user" */
        if (j + 1 < t->ntok) {
            char *two = g_strconcat(t->tok[j], t->tok[j + 1], NULL);
            int ok = word_eq(two, w->s, ocr, fuzzy, known);
            g_free(two);
            if (ok) {
                j += 2;
                k++;
                continue;
            }
        }
        /* "sub supplier" for "subsupplier" */
        if (k + 1 < n) {
            const ptok *w2 = &g_array_index(toks, ptok, k + 1);
            if (!(w2->flags & (TK_CJK | TK_NUM))) {
                char *two = g_strconcat(w->s, w2->s, NULL);
                int ok = word_eq(t->tok[j], two, ocr, fuzzy, known);
                g_free(two);
                if (ok) {
                    j++;
                    k += 2;
                    continue;
                }
            }
        }
        /* an article between the term's words */
        if (j > 0 && is_article(w->s)) {
            k++;
            continue;
        }
        return 0;
    }
    return k - i;
}

/* Length in tokens of a match of term t at toks[i], 0 when none. */
static size_t match_at(const pterm *t, const GArray *toks, size_t i, int ocr,
                       int *fuzzy, GHashTable *known)
{
    size_t len;

    *fuzzy = 0;
    len = match_at1(t, toks, i, ocr, fuzzy, known);
    if (len == 0 && ocr && t->ntok > 1) {
        *fuzzy = 0;
        len = match_joined(t, toks, i, fuzzy);
    }
    return len;
}

void pterms_match(const pterms *terms, int li, const GArray *toks, int ocr,
                  GArray *out)
{
    size_t ti, i;

    for (ti = 0; ti < terms->n; ti++) {
        const pterm *t = &terms->t[ti];
        for (i = 0; i < toks->len; i++) {
            const ptok *w = &g_array_index(toks, ptok, i);
            pmatch m;
            if (t->cjk != NULL) {
                const char *from = w->s, *hit;
                if (!(w->flags & TK_CJK))
                    continue;
                for (hit = strstr(from, t->cjk); hit != NULL;
                     hit = strstr(from, t->cjk)) {
                    m.list = li;
                    m.term = ti;
                    m.t0 = i;
                    m.t1 = i + 1;
                    m.b0 = w->off + (size_t)(hit - w->s);
                    m.b1 = m.b0 + strlen(t->cjk);
                    m.w = t->w;
                    m.fuzzy = 0;
                    g_array_append_val(out, m);
                    from = hit + strlen(t->cjk);
                }
                continue;
            }
            {
                int fz = 0;
                size_t len = match_at(t, toks, i, ocr, &fz, terms->known);
                if (len == 0)
                    continue;
                m.fuzzy = fz;
                m.list = li;
                m.term = ti;
                m.t0 = i;
                m.t1 = i + len;
                m.b0 = w->off;
                m.b1 = g_array_index(toks, ptok, i + len - 1).end;
                m.w = t->w;
                g_array_append_val(out, m);
            }
        }
    }
}

static gint match_cmp(gconstpointer a, gconstpointer b)
{
    const pmatch *x = a, *y = b;
    size_t lx = x->b1 - x->b0, ly = y->b1 - y->b0;

    /* what the text says exactly beats what it nearly says: "End Use" is
     * no damaged "End User" */
    if (x->fuzzy != y->fuzzy && !(x->b1 <= y->b0 || y->b1 <= x->b0))
        return x->fuzzy ? 1 : -1;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return x->b0 < y->b0 ? -1 : x->b0 > y->b0;
}

static gint pos_cmp(gconstpointer a, gconstpointer b)
{
    const pmatch *x = a, *y = b;

    return x->b0 < y->b0 ? -1 : x->b0 > y->b0;
}

void pterms_resolve(GArray *matches)
{
    GArray *keep = g_array_new(FALSE, FALSE, sizeof(pmatch));
    guint i, j;

    g_array_sort(matches, match_cmp);
    for (i = 0; i < matches->len; i++) {
        const pmatch *m = &g_array_index(matches, pmatch, i);
        int clash = 0;
        for (j = 0; j < keep->len && !clash; j++) {
            const pmatch *k = &g_array_index(keep, pmatch, j);
            clash = m->b0 < k->b1 && k->b0 < m->b1;
        }
        if (!clash)
            g_array_append_val(keep, *m);
    }
    g_array_sort(keep, pos_cmp);
    g_array_set_size(matches, 0);
    if (keep->len)
        g_array_append_vals(matches, keep->data, keep->len);
    g_array_free(keep, TRUE);
}

int pterms_in(const pterms *terms, const char *s, pspan *where)
{
    GArray *toks = ptext_tokens(s, strlen(s));
    GArray *ms = g_array_new(FALSE, FALSE, sizeof(pmatch));
    int hit;

    pterms_match(terms, 0, toks, 0, ms);
    hit = ms->len > 0;
    if (hit && where) {
        guint i;
        const pmatch *best = &g_array_index(ms, pmatch, 0);
        for (i = 1; i < ms->len; i++)
            if (g_array_index(ms, pmatch, i).b0 < best->b0)
                best = &g_array_index(ms, pmatch, i);
        where->off = best->b0;
        where->end = best->b1;
    }
    g_array_free(ms, TRUE);
    ptext_tokens_free(toks);
    return hit;
}
