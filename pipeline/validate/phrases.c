/* Phrases: the lists of schemas/phrases.xml, the matcher (over text
 * normalised by euc_text_norm: case, width, OCR's 0/O and 1/l, a few wrong
 * letters in long phrases, negations), and the XPath functions the rules
 * call it through: euc:contains-phrase, euc:only-phrases,
 * euc:phrase-match; with them euc:older-than-months for dates. */
#define _POSIX_C_SOURCE 200809L
#include "validate-imp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "euc/date.h"
#include "euc/text.h"

typedef struct phrase {
    uint32_t *cps; /* normalised (folded unless exact) */
    size_t n;
    int exact;     /* compare against the original case */
    int cjk;       /* substring match, no word boundaries, no fuzz */
    int fuzz;      /* edit distance tolerated */
} phrase;

typedef struct entry {
    char *name;
    GArray *phrases; /* phrase */
    GArray *ands;    /* phrase; one must also match when non-empty */
    GPtrArray *hs;   /* char *: digits of an HS code prefix */
} entry;

typedef struct plist {
    char *name;
    char *filler;     /* name of a list, or NULL */
    char *negated_by; /* name of a list, or NULL */
    GPtrArray *entries;
} plist;

static void phrase_clear(phrase *p)
{
    g_free(p->cps);
}

static void entry_free(gpointer data)
{
    entry *e = data;
    size_t i;

    for (i = 0; i < e->phrases->len; i++)
        phrase_clear(&g_array_index(e->phrases, phrase, i));
    for (i = 0; i < e->ands->len; i++)
        phrase_clear(&g_array_index(e->ands, phrase, i));
    g_array_free(e->phrases, TRUE);
    g_array_free(e->ands, TRUE);
    g_ptr_array_free(e->hs, TRUE);
    g_free(e->name);
    g_free(e);
}

static void plist_free(gpointer data)
{
    plist *l = data;

    g_free(l->name);
    g_free(l->filler);
    g_free(l->negated_by);
    g_ptr_array_free(l->entries, TRUE);
    g_free(l);
}

GHashTable *vphrase_lists_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, NULL, plist_free);
}

/* Text as phrases are matched in it: euc_text_norm with breaks, so that a
 * negation does not reach across a clause ('.', ';'), and OCR folding. */
#define SEP_SPACE ((uint32_t)' ')
#define SEP_CLAUSE ((uint32_t)'|')

typedef struct norm {
    uint32_t *low;  /* folded: lower case, fullwidth to ASCII, 0->o, 1->l */
    uint32_t *orig; /* same positions, case kept */
    size_t n;
} norm;

static int is_sep(uint32_t c)
{
    return c == SEP_SPACE || c == SEP_CLAUSE;
}

static void norm_build(norm *t, const char *s)
{
    size_t n = s == NULL ? 0 : strlen(s);

    t->low = g_new(uint32_t, n + 1);
    t->orig = g_new(uint32_t, n + 1);
    t->n = euc_text_norm(s, n, EUC_TEXT_BREAKS | EUC_TEXT_OCR, t->low,
                         t->orig, NULL);
}

static void norm_clear(norm *t)
{
    g_free(t->low);
    g_free(t->orig);
}

static int start_boundary(const norm *t, size_t i)
{
    return i == 0 || is_sep(t->low[i - 1]) ||
           euc_text_is_cjk(t->low[i - 1]) || euc_text_is_cjk(t->low[i]);
}

static int end_boundary(const norm *t, size_t j)
{
    return j >= t->n || is_sep(t->low[j]) || euc_text_is_cjk(t->low[j]) ||
           (j > 0 && euc_text_is_cjk(t->low[j - 1]));
}

/* Length of an exact match of p at s (with an English plural), or 0. */
static size_t match_at(const norm *t, const phrase *p, size_t s)
{
    const uint32_t *hay = p->exact ? t->orig : t->low;
    size_t e;

    if (s + p->n > t->n || memcmp(hay + s, p->cps, p->n * sizeof *hay) != 0)
        return 0;
    e = s + p->n;
    if (p->cjk || end_boundary(t, e))
        return p->n;
    if (p->exact)
        return 0;
    if (t->low[e] == 's' && end_boundary(t, e + 1))
        return p->n + 1;
    if (e + 1 < t->n && t->low[e] == 'e' && t->low[e + 1] == 's' &&
        end_boundary(t, e + 2))
        return p->n + 2;
    return 0;
}

/* The first match of p starting at or after from: [*ms, *me). */
static int find_phrase(const norm *t, const phrase *p, size_t from,
                       size_t *ms, size_t *me)
{
    size_t s;

    if (p->n == 0)
        return 0;
    for (s = from; s < t->n; s++) {
        size_t len, e, lo, hi;
        if (is_sep(t->low[s]))
            continue;
        if (!p->cjk && !start_boundary(t, s))
            continue;
        len = match_at(t, p, s);
        if (len > 0) {
            *ms = s;
            *me = s + len;
            return 1;
        }
        if (p->fuzz == 0)
            continue;
        lo = p->n > (size_t)p->fuzz ? p->n - (size_t)p->fuzz : 1;
        hi = p->n + (size_t)p->fuzz + 1;
        for (e = s + lo; e <= s + hi && e <= t->n; e++) {
            if (!end_boundary(t, e))
                continue;
            if (euc_text_edit(t->low + s, e - s, p->cps, p->n,
                              (size_t)p->fuzz) <= (size_t)p->fuzz) {
                *ms = s;
                *me = e;
                return 1;
            }
        }
    }
    return 0;
}

static int list_hits_range(const plist *l, const norm *t, size_t lo,
                           size_t hi)
{
    size_t i, j;

    for (i = 0; i < l->entries->len; i++) {
        const entry *e = g_ptr_array_index(l->entries, i);
        for (j = 0; j < e->phrases->len; j++) {
            const phrase *p = &g_array_index(e->phrases, phrase, j);
            size_t ms, me, from = lo;
            while (find_phrase(t, p, from, &ms, &me) && ms < hi) {
                if (me <= hi)
                    return 1;
                from = ms + 1;
            }
        }
    }
    return 0;
}

/* Non-zero when a negation word stands shortly before the match (in
 * Chinese and Japanese also shortly after it: "軍事目的には使用しない"). */
static int negated(const euc_validator *v, const plist *l, const norm *t,
                   const phrase *p, size_t ms, size_t me)
{
    const plist *neg;
    size_t lo, hi;

    if (l->negated_by == NULL)
        return 0;
    neg = g_hash_table_lookup(v->lists, l->negated_by);
    if (neg == NULL)
        return 0;
    lo = ms > 40 ? ms - 40 : 0;
    for (hi = ms; hi > lo; hi--)
        if (t->low[hi - 1] == SEP_CLAUSE) {
            lo = hi;
            break;
        }
    if (list_hits_range(neg, t, lo, ms))
        return 1;
    if (p->cjk) {
        hi = me + 12 < t->n ? me + 12 : t->n;
        for (lo = me; lo < hi; lo++)
            if (t->low[lo] == SEP_CLAUSE) {
                hi = lo;
                break;
            }
        if (list_hits_range(neg, t, me, hi))
            return 1;
    }
    return 0;
}

/* Any phrase of arr matching (and not negated) in t; marks covered. */
static int phrases_hit(const euc_validator *v, const plist *l, GArray *arr,
                       const norm *t, unsigned char *covered)
{
    size_t j;
    int hit = 0;

    for (j = 0; j < arr->len; j++) {
        const phrase *p = &g_array_index(arr, phrase, j);
        size_t ms, me, from = 0;
        while (find_phrase(t, p, from, &ms, &me)) {
            if (!negated(v, l, t, p, ms, me)) {
                hit = 1;
                if (covered == NULL)
                    return 1;
                memset(covered + ms, 1, me - ms);
            }
            from = ms + 1;
        }
    }
    return hit;
}

/* HS codes are matched on the digits as written: "2846.90.10" and
 * "284690" both start with 284690. */
static int hs_hit(const entry *e, const char *s)
{
    const char *p = s;
    size_t i;

    if (e->hs->len == 0 || s == NULL)
        return 0;
    while (*p != '\0') {
        char digits[32];
        size_t n = 0;
        if (!g_ascii_isdigit(*p) || (p > s && g_ascii_isalnum(p[-1]))) {
            p++;
            continue;
        }
        while (*p != '\0' && n + 1 < sizeof digits) {
            if (g_ascii_isdigit(*p))
                digits[n++] = *p;
            else if (!(*p == '.' && g_ascii_isdigit(p[1])))
                break;
            p++;
        }
        digits[n] = '\0';
        while (g_ascii_isdigit(*p))
            p++;
        if (n < 6 || n > 10)
            continue;
        for (i = 0; i < e->hs->len; i++) {
            const char *want = g_ptr_array_index(e->hs, i);
            if (strncmp(digits, want, strlen(want)) == 0)
                return 1;
        }
    }
    return 0;
}

static int entry_hit(const euc_validator *v, const plist *l, const entry *e,
                     const norm *t, const char *raw, unsigned char *covered)
{
    if (hs_hit(e, raw))
        return 1;
    if (!phrases_hit(v, l, e->phrases, t, covered))
        return 0;
    return e->ands->len == 0 || phrases_hit(v, l, e->ands, t, NULL);
}

typedef enum match_mode { MATCH_ANY, MATCH_ONLY, MATCH_NAMES } match_mode;

/* MATCH_ANY / MATCH_ONLY: returns 0/1.  MATCH_NAMES: returns 1 and sets
 * *names (caller g_free) to the matching entries' names. */
static int list_match(const euc_validator *v, const plist *l,
                      const char *text, match_mode mode, char **names)
{
    norm t;
    unsigned char *covered = NULL;
    GString *found = NULL;
    size_t i;
    int hit = 0;

    norm_build(&t, text);
    if (mode == MATCH_ONLY)
        covered = g_malloc0(t.n + 1);
    if (mode == MATCH_NAMES)
        found = g_string_new(NULL);
    for (i = 0; i < l->entries->len; i++) {
        const entry *e = g_ptr_array_index(l->entries, i);
        if (!entry_hit(v, l, e, &t, text, covered))
            continue;
        hit = 1;
        if (mode == MATCH_ANY)
            break;
        if (found != NULL) {
            if (found->len > 0)
                g_string_append(found, ", ");
            g_string_append(found, e->name);
        }
    }
    if (mode == MATCH_ONLY && hit) {
        const plist *fill =
            l->filler ? g_hash_table_lookup(v->lists, l->filler) : NULL;
        if (fill != NULL)
            for (i = 0; i < fill->entries->len; i++) {
                const entry *e = g_ptr_array_index(fill->entries, i);
                phrases_hit(v, fill, e->phrases, &t, covered);
            }
        for (i = 0; i < t.n; i++)
            if (!is_sep(t.low[i]) && !covered[i]) {
                hit = 0;
                break;
            }
    }
    if (found != NULL)
        *names = g_string_free(found, FALSE);
    g_free(covered);
    norm_clear(&t);
    return hit;
}

int euc_validator_match(const euc_validator *v, const char *list,
                        const char *text, int only)
{
    const plist *l = g_hash_table_lookup(v->lists, list);

    if (l == NULL)
        return -1;
    return list_match(v, l, text, only ? MATCH_ONLY : MATCH_ANY, NULL);
}

static int phrase_init(phrase *p, xmlNodePtr n)
{
    char *text = euc_xml_text(n);
    char *c = euc_xml_prop(n, "case");
    norm t;
    size_t i, letters = 0;

    memset(p, 0, sizeof *p);
    p->exact = c != NULL && strcmp(c, "exact") == 0;
    g_free(c);
    norm_build(&t, text);
    g_free(text);
    p->n = t.n;
    p->cps = g_new(uint32_t, t.n + 1);
    memcpy(p->cps, p->exact ? t.orig : t.low, t.n * sizeof(uint32_t));
    for (i = 0; i < t.n; i++) {
        if (euc_text_is_cjk(t.low[i]))
            p->cjk = 1;
        if (g_unichar_isalpha(t.low[i]))
            letters++;
    }
    norm_clear(&t);
    if (!p->exact && !p->cjk)
        p->fuzz = letters >= 14 ? 2 : letters >= 7 ? 1 : 0;
    return p->n > 0 ? 0 : -1;
}

static entry *entry_new(const char *name)
{
    entry *e = g_new0(entry, 1);

    e->name = g_strdup(name);
    e->phrases = g_array_new(FALSE, TRUE, sizeof(phrase));
    e->ands = g_array_new(FALSE, TRUE, sizeof(phrase));
    e->hs = g_ptr_array_new_with_free_func(g_free);
    return e;
}

static int add_phrase(GArray *arr, xmlNodePtr n, const char *path,
                      euc_error *err)
{
    phrase p;

    if (phrase_init(&p, n) != 0) {
        phrase_clear(&p);
        return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                             "line %ld: empty <phrase>", xmlGetLineNo(n));
    }
    g_array_append_val(arr, p);
    return 0;
}

static int load_entry_children(entry *e, xmlNodePtr parent, const char *path,
                               euc_error *err)
{
    xmlNodePtr c, a;

    for (c = parent->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (euc_xml_is(c, NS_PHRASES, "phrase")) {
            if (add_phrase(e->phrases, c, path, err) != 0)
                return -1;
        } else if (euc_xml_is(c, NS_PHRASES, "and")) {
            for (a = c->children; a != NULL; a = a->next)
                if (euc_xml_is(a, NS_PHRASES, "phrase") &&
                    add_phrase(e->ands, a, path, err) != 0)
                    return -1;
        } else if (euc_xml_is(c, NS_PHRASES, "hs")) {
            char *t = euc_xml_text(c);
            GString *d = g_string_new(NULL);
            const char *q;
            for (q = t; *q; q++)
                if (g_ascii_isdigit(*q))
                    g_string_append_c(d, *q);
            g_free(t);
            if (d->len < 4) {
                g_string_free(d, TRUE);
                return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                     "line %ld: <hs> needs at least 4 digits",
                                     xmlGetLineNo(c));
            }
            g_ptr_array_add(e->hs, g_string_free(d, FALSE));
        } else {
            return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                 "line %ld: unexpected <%s>", xmlGetLineNo(c),
                                 (const char *)c->name);
        }
    }
    return 0;
}

int vphrase_load(euc_validator *v, const char *path, euc_error *err)
{
    xmlDocPtr doc = euc_data_load(path, NULL, STAGE, err);
    xmlNodePtr root, l, c;
    int rc = -1;

    if (doc == NULL)
        return -1;
    root = xmlDocGetRootElement(doc);
    if (!euc_xml_is(root, NS_PHRASES, "phrases")) {
        euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                      "line %ld: root must be <phrases xmlns=\"%s\">",
                      root ? xmlGetLineNo(root) : 0L, NS_PHRASES);
        goto cleanup;
    }
    for (l = root->children; l != NULL; l = l->next) {
        plist *pl;
        char *name;
        if (l->type != XML_ELEMENT_NODE)
            continue;
        name = euc_xml_prop(l, "name");
        if (!euc_xml_is(l, NS_PHRASES, "list") || name == NULL) {
            g_free(name);
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "line %ld: expected <list name=\"...\">",
                          xmlGetLineNo(l));
            goto cleanup;
        }
        pl = g_new0(plist, 1);
        pl->name = name;
        pl->filler = euc_xml_prop(l, "filler");
        pl->negated_by = euc_xml_prop(l, "negated-by");
        pl->entries = g_ptr_array_new_with_free_func(entry_free);
        g_hash_table_replace(v->lists, pl->name, pl);
        for (c = l->children; c != NULL; c = c->next) {
            entry *e;
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (euc_xml_is(c, NS_PHRASES, "entry")) {
                char *en = euc_xml_prop(c, "name");
                if (en == NULL) {
                    euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                  "line %ld: <entry> needs a name",
                                  xmlGetLineNo(c));
                    goto cleanup;
                }
                e = entry_new(en);
                g_free(en);
                g_ptr_array_add(pl->entries, e);
                if (load_entry_children(e, c, path, err) != 0)
                    goto cleanup;
            } else if (euc_xml_is(c, NS_PHRASES, "phrase")) {
                char *t = euc_xml_text(c);
                e = entry_new(t);
                g_free(t);
                g_ptr_array_add(pl->entries, e);
                if (add_phrase(e->phrases, c, path, err) != 0)
                    goto cleanup;
            } else {
                euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                              "line %ld: unexpected <%s> in a list",
                              xmlGetLineNo(c), (const char *)c->name);
                goto cleanup;
            }
        }
    }
    rc = 0;
cleanup:
    xmlFreeDoc(doc);
    return rc;
}

static euc_validator *fn_validator(xmlXPathParserContextPtr ctxt)
{
    return ctxt->context->userData;
}

/* Pops the list name and the text (a node-set gives its first node's
 * string value, as XPath's string() does). */
static const plist *fn_args(xmlXPathParserContextPtr ctxt, int nargs,
                            const char *fname, xmlChar **text)
{
    euc_validator *v = fn_validator(ctxt);
    xmlChar *name;
    const plist *l;

    *text = NULL;
    if (nargs != 2) {
        xmlXPathSetArityError(ctxt);
        return NULL;
    }
    name = xmlXPathPopString(ctxt);
    *text = xmlXPathPopString(ctxt);
    l = g_hash_table_lookup(v->lists, (const char *)name);
    if (l == NULL) {
        snprintf(v->fn_error, sizeof v->fn_error,
                 "%s: no phrase list '%s' in phrases.xml", fname,
                 name ? (const char *)name : "");
        xmlXPathSetError(ctxt, XPATH_INVALID_ARITY);
    }
    xmlFree(name);
    return l;
}

static void fn_contains_phrase(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *text;
    const plist *l = fn_args(ctxt, nargs, "contains-phrase", &text);

    if (l != NULL)
        valuePush(ctxt, xmlXPathNewBoolean(list_match(
                            fn_validator(ctxt), l, (const char *)text,
                            MATCH_ANY, NULL)));
    xmlFree(text);
}

static void fn_only_phrases(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *text;
    const plist *l = fn_args(ctxt, nargs, "only-phrases", &text);

    if (l != NULL)
        valuePush(ctxt, xmlXPathNewBoolean(list_match(
                            fn_validator(ctxt), l, (const char *)text,
                            MATCH_ONLY, NULL)));
    xmlFree(text);
}

static void fn_phrase_match(xmlXPathParserContextPtr ctxt, int nargs)
{
    xmlChar *text;
    const plist *l = fn_args(ctxt, nargs, "phrase-match", &text);
    char *names = NULL;

    if (l != NULL) {
        list_match(fn_validator(ctxt), l, (const char *)text, MATCH_NAMES,
                   &names);
        valuePush(ctxt, xmlXPathNewString((const xmlChar *)names));
        g_free(names);
    }
    xmlFree(text);
}

/* euc:older-than-months(date, n): the date lies more than n whole months
 * before the as-of date.  A date that is not YYYY-MM-DD is not older. */
static void fn_older_than_months(xmlXPathParserContextPtr ctxt, int nargs)
{
    euc_validator *v = fn_validator(ctxt);
    double months;
    xmlChar *date;
    int y, m, d, ly, lm, ld, n;

    if (nargs != 2) {
        xmlXPathSetArityError(ctxt);
        return;
    }
    months = xmlXPathPopNumber(ctxt);
    date = xmlXPathPopString(ctxt);
    if (isnan(months) || euc_date_parse((const char *)date, &y, &m, &d) != 0) {
        xmlFree(date);
        valuePush(ctxt, xmlXPathNewBoolean(0));
        return;
    }
    xmlFree(date);
    n = (int)months;
    ly = v->asy;
    lm = v->asm_ - n % 12;
    ly -= n / 12;
    if (lm < 1) {
        lm += 12;
        ly--;
    }
    ld = v->asd;
    if (ld > euc_date_days_in_month(ly, lm))
        ld = euc_date_days_in_month(ly, lm);
    valuePush(ctxt, xmlXPathNewBoolean(y * 10000 + m * 100 + d <
                                       ly * 10000 + lm * 100 + ld));
}

void vphrase_register_functions(euc_validator *v)
{
    xmlXPathRegisterNs(v->xp, (const xmlChar *)"euc",
                       (const xmlChar *)NS_FUNCS);
    xmlXPathRegisterFuncNS(v->xp, (const xmlChar *)"contains-phrase",
                           (const xmlChar *)NS_FUNCS, fn_contains_phrase);
    xmlXPathRegisterFuncNS(v->xp, (const xmlChar *)"only-phrases",
                           (const xmlChar *)NS_FUNCS, fn_only_phrases);
    xmlXPathRegisterFuncNS(v->xp, (const xmlChar *)"phrase-match",
                           (const xmlChar *)NS_FUNCS, fn_phrase_match);
    xmlXPathRegisterFuncNS(v->xp, (const xmlChar *)"older-than-months",
                           (const xmlChar *)NS_FUNCS, fn_older_than_months);
}
