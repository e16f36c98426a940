/* The validate stage: completeness XSD, XPath rules, phrase lists, findings.
 * See euc_validate.h for the data files and ownership. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "euc/validate.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#define STAGE "validate"
#define NS_RULES "urn:eucheck:rules"
#define NS_PHRASES "urn:eucheck:phrases"
#define NS_FINDINGS "urn:eucheck:findings"
#define NS_COMPLETENESS "urn:eucheck:completeness"
#define NS_XSD "http://www.w3.org/2001/XMLSchema"
#define NS_FUNCS "urn:eucheck:functions"
#define MAX_INCLUDE_DEPTH 8
#define MAX_QUOTE 160

/* ---------------------------------------------------------------------- */
/* findings                                                                */

struct euc_findings {
    GArray *items; /* euc_finding; strings owned (g_free) */
};

const char *euc_severity_name(euc_severity s)
{
    switch (s) {
    case EUC_SEVERITY_BLOCKING: return "blocking";
    case EUC_SEVERITY_WARNING: return "warning";
    case EUC_SEVERITY_INFO: return "info";
    }
    return "info";
}

static int severity_parse(const char *s, euc_severity *out)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "blocking") == 0)
        *out = EUC_SEVERITY_BLOCKING;
    else if (strcmp(s, "warning") == 0)
        *out = EUC_SEVERITY_WARNING;
    else if (strcmp(s, "info") == 0)
        *out = EUC_SEVERITY_INFO;
    else
        return -1;
    return 0;
}

size_t euc_findings_count(const euc_findings *f)
{
    return f == NULL ? 0 : f->items->len;
}

const euc_finding *euc_findings_get(const euc_findings *f, size_t i)
{
    if (f == NULL || i >= f->items->len)
        return NULL;
    return &g_array_index(f->items, euc_finding, i);
}

size_t euc_findings_count_severity(const euc_findings *f, euc_severity s)
{
    size_t i, n = 0;

    for (i = 0; i < euc_findings_count(f); i++)
        if (euc_findings_get(f, i)->severity == s)
            n++;
    return n;
}

size_t euc_findings_count_code(const euc_findings *f, const char *code)
{
    size_t i, n = 0;

    for (i = 0; i < euc_findings_count(f); i++)
        if (strcmp(euc_findings_get(f, i)->code, code) == 0)
            n++;
    return n;
}

void euc_findings_free(euc_findings *f)
{
    size_t i;

    if (f == NULL)
        return;
    for (i = 0; i < f->items->len; i++) {
        euc_finding *x = &g_array_index(f->items, euc_finding, i);
        g_free((char *)x->code);
        g_free((char *)x->field);
        g_free((char *)x->message);
        g_free((char *)x->remedy);
    }
    g_array_free(f->items, TRUE);
    g_free(f);
}

/* ---------------------------------------------------------------------- */
/* the validator's data                                                    */

typedef struct phrase {
    gunichar *cps; /* normalised (folded unless exact) */
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

typedef struct msgdef {
    euc_severity severity;
    char *message;
    char *remedy;
} msgdef;

typedef struct quote {
    char *name;
    xmlXPathCompExprPtr expr;
} quote;

typedef struct rule {
    char *code;
    euc_severity severity;
    int has_severity;
    char *field;
    xmlXPathCompExprPtr test;
    xmlXPathCompExprPtr evidence; /* may be NULL */
    GPtrArray *quotes;            /* quote * */
    char *message;                /* NULL: findings.xml's */
    char *remedy;
    char *file;
    int line;
} rule;

/* One element declaration of the completeness schema. */
typedef struct decl {
    char *name;
    int min;
    char *code;                /* NULL: report the required children's */
    xmlXPathCompExprPtr quote; /* on the element that lacks this one */
    GPtrArray *children;       /* decl * */
} decl;

struct euc_validator {
    char *regime;
    char *data_dir;
    GHashTable *lists;    /* name -> plist * */
    GHashTable *msgs;     /* code -> msgdef * */
    GHashTable *params;   /* name -> value */
    GPtrArray *rules;     /* rule * */
    xmlSchemaPtr rules_xsd;
    xmlSchemaPtr completeness;
    decl *root_decl;
    xmlXPathContextPtr xp;
    GPtrArray *summary;   /* quote *: label, expression */
    xmlDocPtr probe;      /* <certificate/> to try rules on when loading */
    char as_of[11];
    int asy, asm_, asd;
    /* An error raised inside an XPath extension function. */
    char fn_error[256];
};

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

static void msgdef_free(gpointer data)
{
    msgdef *m = data;

    g_free(m->message);
    g_free(m->remedy);
    g_free(m);
}

static void quote_free(gpointer data)
{
    quote *q = data;

    g_free(q->name);
    xmlXPathFreeCompExpr(q->expr);
    g_free(q);
}

static void rule_free(gpointer data)
{
    rule *r = data;

    g_free(r->code);
    g_free(r->field);
    if (r->test != NULL)
        xmlXPathFreeCompExpr(r->test);
    if (r->evidence != NULL)
        xmlXPathFreeCompExpr(r->evidence);
    g_ptr_array_free(r->quotes, TRUE);
    g_free(r->message);
    g_free(r->remedy);
    g_free(r->file);
    g_free(r);
}

static void decl_free(decl *d)
{
    size_t i;

    if (d == NULL)
        return;
    for (i = 0; i < d->children->len; i++)
        decl_free(g_ptr_array_index(d->children, i));
    g_ptr_array_free(d->children, TRUE);
    g_free(d->name);
    g_free(d->code);
    if (d->quote != NULL)
        xmlXPathFreeCompExpr(d->quote);
    g_free(d);
}

/* ---------------------------------------------------------------------- */
/* text normalisation and phrase matching                                  */

/* Clause boundaries ('.', ';') are kept apart from spaces so that a
 * negation does not reach across sentences. */
#define SEP_SPACE ((gunichar)' ')
#define SEP_CLAUSE ((gunichar)'|')

typedef struct norm {
    gunichar *low;  /* folded: lower case, fullwidth to ASCII, 0->o, 1->l */
    gunichar *orig; /* same positions, case kept */
    size_t n;
} norm;

static int is_cjk(gunichar c)
{
    return c >= 0x2E80;
}

static int is_sep(gunichar c)
{
    return c == SEP_SPACE || c == SEP_CLAUSE;
}

static gunichar fold_width(gunichar c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        return c - 0xFEE0;
    if (c == 0x3000)
        return ' ';
    return c;
}

static int is_clause_mark(gunichar c)
{
    return c == '.' || c == ';' || c == '!' || c == '?' || c == 0x3002 ||
           c == 0xFF1B || c == '|';
}

/* OCR confuses 0/O and 1/l; folding both sides makes "Sm203" read as
 * "Sm2O3".  The original case array keeps the digits for exact phrases. */
static gunichar fold_char(gunichar c)
{
    c = g_unichar_tolower(c);
    if (c == '0')
        return 'o';
    if (c == '1')
        return 'l';
    return c;
}

static void norm_build(norm *t, const char *s)
{
    size_t cap = s == NULL ? 1 : strlen(s) + 1;
    const char *p = s;
    gunichar pending = 0; /* a separator waiting for the next character */

    t->low = g_new(gunichar, cap);
    t->orig = g_new(gunichar, cap);
    t->n = 0;
    if (s == NULL)
        return;
    while (*p != '\0') {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            p++;
            continue;
        }
        p = g_utf8_next_char(p);
        c = fold_width(c);
        if (g_unichar_isalnum(c) || (is_cjk(c) && !g_unichar_ispunct(c))) {
            if (pending != 0 && t->n > 0) {
                /* Spaces between two CJK characters are layout (OCR puts
                 * them between glyphs), not word breaks. */
                if (!(pending == SEP_SPACE && is_cjk(c) &&
                      is_cjk(t->orig[t->n - 1]))) {
                    t->low[t->n] = pending;
                    t->orig[t->n] = pending;
                    t->n++;
                }
            }
            pending = 0;
            t->low[t->n] = fold_char(c);
            t->orig[t->n] = c;
            t->n++;
        } else if (is_clause_mark(c)) {
            pending = SEP_CLAUSE;
        } else if (pending == 0) {
            pending = SEP_SPACE;
        }
    }
}

static void norm_clear(norm *t)
{
    g_free(t->low);
    g_free(t->orig);
}

static int start_boundary(const norm *t, size_t i)
{
    return i == 0 || is_sep(t->low[i - 1]) || is_cjk(t->low[i - 1]) ||
           is_cjk(t->low[i]);
}

static int end_boundary(const norm *t, size_t j)
{
    return j >= t->n || is_sep(t->low[j]) || is_cjk(t->low[j]) ||
           (j > 0 && is_cjk(t->low[j - 1]));
}

static size_t edit_distance(const gunichar *a, size_t na, const gunichar *b,
                            size_t nb, size_t limit)
{
    size_t row[130], i, j;

    if (nb + 1 > sizeof row / sizeof row[0])
        return limit + 1;
    for (j = 0; j <= nb; j++)
        row[j] = j;
    for (i = 1; i <= na; i++) {
        size_t diag = row[0], best;
        row[0] = i;
        best = row[0];
        for (j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[nb];
}

/* Length of an exact match of p at s (with an English plural), or 0. */
static size_t match_at(const norm *t, const phrase *p, size_t s)
{
    const gunichar *hay = p->exact ? t->orig : t->low;
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
            if (edit_distance(t->low + s, e - s, p->cps, p->n,
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

/* ---------------------------------------------------------------------- */
/* dates                                                                   */

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

int euc_date_parse(const char *s, int *y, int *m, int *d)
{
    int i;

    if (s == NULL)
        return -1;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    for (i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
        } else if (!g_ascii_isdigit(s[i])) {
            return -1;
        }
    }
    for (i = 10; s[i] != '\0'; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
            return -1;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
         (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 ||
        *d > days_in_month(*y, *m))
        return -1;
    return 0;
}

/* ---------------------------------------------------------------------- */
/* XPath extension functions                                               */

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
    if (ld > days_in_month(ly, lm))
        ld = days_in_month(ly, lm);
    valuePush(ctxt, xmlXPathNewBoolean(y * 10000 + m * 100 + d <
                                       ly * 10000 + lm * 100 + ld));
}

/* ---------------------------------------------------------------------- */
/* loading data files                                                      */

typedef struct errbuf {
    char msg[400];
    int line;
    int set;
} errbuf;

static void collect_first_error(void *user, xmlErrorPtr e)
{
    errbuf *b = user;
    size_t n;

    if (b->set || e == NULL)
        return;
    b->set = 1;
    b->line = e->line;
    snprintf(b->msg, sizeof b->msg, "%s",
             e->message ? e->message : "malformed");
    n = strlen(b->msg);
    while (n > 0 && (b->msg[n - 1] == '\n' || b->msg[n - 1] == ' '))
        b->msg[--n] = '\0';
}

static xmlDocPtr read_xml(const char *path, euc_error *err)
{
    errbuf b;
    xmlDocPtr doc;

    memset(&b, 0, sizeof b);
    xmlSetStructuredErrorFunc(&b, collect_first_error);
    doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc == NULL) {
        if (!b.set)
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "cannot read this data file");
        else if (strstr(b.msg, "entity") != NULL || strstr(b.msg, "Entity") != NULL)
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "line %d: entities are not allowed in rule and data files (%s)",
                          b.line, b.msg);
        else
            euc_error_set(err, EUC_ERR_DATA, STAGE, path, "line %d: %s",
                          b.line, b.msg);
    }
    return doc;
}

static xmlSchemaPtr load_schema(const char *path, euc_error *err)
{
    errbuf b;
    xmlSchemaParserCtxtPtr pc;
    xmlSchemaPtr s;

    memset(&b, 0, sizeof b);
    pc = xmlSchemaNewParserCtxt(path);
    if (pc == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, STAGE, path, "out of memory");
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(pc, collect_first_error, &b);
    xmlSetStructuredErrorFunc(&b, collect_first_error);
    s = xmlSchemaParse(pc);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSchemaFreeParserCtxt(pc);
    if (s == NULL)
        euc_error_set(err, EUC_ERR_DATA, STAGE, path, "line %d: %s", b.line,
                      b.set ? b.msg : "not a usable XML schema");
    return s;
}

static int is_el(xmlNodePtr n, const char *ns, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE &&
           xmlStrcmp(n->name, (const xmlChar *)name) == 0 &&
           ((ns == NULL && n->ns == NULL) ||
            (ns != NULL && n->ns != NULL &&
             xmlStrcmp(n->ns->href, (const xmlChar *)ns) == 0));
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *x = xmlGetProp(n, (const xmlChar *)name);
    char *s = x ? g_strdup((const char *)x) : NULL;

    xmlFree(x);
    return s;
}

/* s with runs of white space (indentation, line breaks) made one space and
 * none at either end.  Caller g_frees. */
static char *collapse_ws(const char *s)
{
    GString *out = g_string_new(NULL);
    const char *p;
    int space = 0;

    for (p = s; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
            space = out->len > 0;
            continue;
        }
        if (space)
            g_string_append_c(out, ' ');
        space = 0;
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}

/* Text of an element, white space collapsed. */
static char *text_collapsed(xmlNodePtr n)
{
    xmlChar *x = xmlNodeGetContent(n);
    char *r = collapse_ws(x ? (const char *)x : "");

    xmlFree(x);
    return r;
}

static int phrase_init(phrase *p, xmlNodePtr n)
{
    char *text = text_collapsed(n);
    char *c = prop(n, "case");
    norm t;
    size_t i, letters = 0;

    memset(p, 0, sizeof *p);
    p->exact = c != NULL && strcmp(c, "exact") == 0;
    g_free(c);
    norm_build(&t, text);
    g_free(text);
    p->n = t.n;
    p->cps = g_new(gunichar, t.n + 1);
    memcpy(p->cps, p->exact ? t.orig : t.low, t.n * sizeof(gunichar));
    for (i = 0; i < t.n; i++) {
        if (is_cjk(t.low[i]))
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
        if (is_el(c, NS_PHRASES, "phrase")) {
            if (add_phrase(e->phrases, c, path, err) != 0)
                return -1;
        } else if (is_el(c, NS_PHRASES, "and")) {
            for (a = c->children; a != NULL; a = a->next)
                if (is_el(a, NS_PHRASES, "phrase") &&
                    add_phrase(e->ands, a, path, err) != 0)
                    return -1;
        } else if (is_el(c, NS_PHRASES, "hs")) {
            char *t = text_collapsed(c);
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

static int load_phrases(euc_validator *v, const char *path, euc_error *err)
{
    xmlDocPtr doc = read_xml(path, err);
    xmlNodePtr root, l, c;
    int rc = -1;

    if (doc == NULL)
        return -1;
    root = xmlDocGetRootElement(doc);
    if (!is_el(root, NS_PHRASES, "phrases")) {
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
        name = prop(l, "name");
        if (!is_el(l, NS_PHRASES, "list") || name == NULL) {
            g_free(name);
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "line %ld: expected <list name=\"...\">",
                          xmlGetLineNo(l));
            goto cleanup;
        }
        pl = g_new0(plist, 1);
        pl->name = name;
        pl->filler = prop(l, "filler");
        pl->negated_by = prop(l, "negated-by");
        pl->entries = g_ptr_array_new_with_free_func(entry_free);
        g_hash_table_replace(v->lists, pl->name, pl);
        for (c = l->children; c != NULL; c = c->next) {
            entry *e;
            if (c->type != XML_ELEMENT_NODE)
                continue;
            if (is_el(c, NS_PHRASES, "entry")) {
                char *en = prop(c, "name");
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
            } else if (is_el(c, NS_PHRASES, "phrase")) {
                char *t = text_collapsed(c);
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

static xmlXPathCompExprPtr compile(euc_validator *v, const char *expr);

static int load_summary(euc_validator *v, xmlNodePtr s, const char *path,
                        euc_error *err)
{
    xmlNodePtr l;

    for (l = s->children; l != NULL; l = l->next) {
        quote *q;
        char *text;
        if (!is_el(l, NS_FINDINGS, "line"))
            continue;
        q = g_new0(quote, 1);
        q->name = prop(l, "label");
        text = text_collapsed(l);
        q->expr = compile(v, text);
        g_free(text);
        g_ptr_array_add(v->summary, q);
        if (q->name == NULL || q->expr == NULL)
            return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                 "line %ld: a summary <line> needs a label "
                                 "and a valid XPath 1.0 expression",
                                 xmlGetLineNo(l));
    }
    return 0;
}

static int load_findings(euc_validator *v, const char *path, euc_error *err)
{
    xmlDocPtr doc = read_xml(path, err);
    xmlNodePtr root, f, c;
    int rc = -1;

    if (doc == NULL)
        return -1;
    root = xmlDocGetRootElement(doc);
    if (!is_el(root, NS_FINDINGS, "findings")) {
        euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                      "line %ld: root must be <findings xmlns=\"%s\">",
                      root ? xmlGetLineNo(root) : 0L, NS_FINDINGS);
        goto cleanup;
    }
    for (f = root->children; f != NULL; f = f->next) {
        msgdef *m;
        char *code, *sev;
        if (f->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(f, NS_FINDINGS, "summary")) {
            if (load_summary(v, f, path, err) != 0)
                goto cleanup;
            continue;
        }
        code = prop(f, "code");
        sev = prop(f, "severity");
        m = g_new0(msgdef, 1);
        if (!is_el(f, NS_FINDINGS, "finding") || code == NULL ||
            severity_parse(sev, &m->severity) != 0) {
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "line %ld: expected <finding code=\"...\" "
                          "severity=\"blocking|warning|info\">",
                          xmlGetLineNo(f));
            g_free(code);
            g_free(sev);
            g_free(m);
            goto cleanup;
        }
        g_free(sev);
        for (c = f->children; c != NULL; c = c->next) {
            if (is_el(c, NS_FINDINGS, "message")) {
                g_free(m->message);
                m->message = text_collapsed(c);
            } else if (is_el(c, NS_FINDINGS, "remedy")) {
                g_free(m->remedy);
                m->remedy = text_collapsed(c);
            }
        }
        g_hash_table_replace(v->msgs, code, m);
        if (m->message == NULL || m->remedy == NULL) {
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "line %ld: finding %s needs a <message> and a "
                          "<remedy>",
                          xmlGetLineNo(f), code);
            goto cleanup;
        }
    }
    rc = 0;
cleanup:
    xmlFreeDoc(doc);
    return rc;
}

static xmlXPathCompExprPtr compile(euc_validator *v, const char *expr)
{
    xmlXPathCompExprPtr c;
    errbuf b;

    memset(&b, 0, sizeof b);
    xmlSetStructuredErrorFunc(&b, collect_first_error);
    c = xmlXPathCtxtCompile(v->xp, (const xmlChar *)expr);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return c;
}

static int load_rules_file(euc_validator *v, const char *path, int depth,
                           euc_error *err);

/* The phrase functions take the list's name as their last argument; a
 * literal name is checked now, since a rule whose test never reaches the
 * call on a given certificate would otherwise hide the mistake. */
static int check_list_names(const euc_validator *v, const char *expr,
                            const char *path, long line, euc_error *err)
{
    static const char *const fns[] = {"contains-phrase(", "only-phrases(",
                                      "phrase-match("};
    size_t i;

    for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        const char *p = expr;
        while ((p = strstr(p, fns[i])) != NULL) {
            const char *q = p + strlen(fns[i]), *lit = NULL, *lit_end = NULL;
            int depth = 1;
            char quote_ch = 0;
            for (; *q != '\0' && depth > 0; q++) {
                if (quote_ch != 0) {
                    if (*q == quote_ch) {
                        lit_end = q;
                        quote_ch = 0;
                    }
                } else if (*q == '\'' || *q == '"') {
                    quote_ch = *q;
                    lit = q + 1;
                    lit_end = NULL;
                } else if (*q == '(') {
                    depth++;
                } else if (*q == ')') {
                    depth--;
                } else if (*q == ',' && depth == 1) {
                    lit = NULL;
                }
            }
            if (lit != NULL && lit_end != NULL) {
                char *name = g_strndup(lit, (gsize)(lit_end - lit));
                int ok = g_hash_table_contains(v->lists, name);
                if (!ok)
                    euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                  "line %ld: no phrase list '%s' in "
                                  "phrases.xml",
                                  line, name);
                g_free(name);
                if (!ok)
                    return -1;
            }
            p += strlen(fns[i]);
        }
    }
    return 0;
}

static int load_rule(euc_validator *v, xmlNodePtr n, const char *path,
                     euc_error *err)
{
    rule *r = g_new0(rule, 1);
    xmlNodePtr c;
    char *sev;

    r->quotes = g_ptr_array_new_with_free_func(quote_free);
    r->code = prop(n, "code");
    r->field = prop(n, "field");
    r->file = g_strdup(path);
    r->line = (int)xmlGetLineNo(n);
    g_ptr_array_add(v->rules, r);
    sev = prop(n, "severity");
    if (sev != NULL) {
        r->has_severity = severity_parse(sev, &r->severity) == 0;
        g_free(sev);
    }
    for (c = n->children; c != NULL; c = c->next) {
        char *text;
        xmlXPathCompExprPtr x;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        text = text_collapsed(c);
        if (is_el(c, NS_RULES, "message")) {
            r->message = text;
            continue;
        }
        if (is_el(c, NS_RULES, "remedy")) {
            r->remedy = text;
            continue;
        }
        if (check_list_names(v, text, path, xmlGetLineNo(c), err) != 0) {
            g_free(text);
            return -1;
        }
        x = compile(v, text);
        g_free(text);
        if (x == NULL)
            return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                 "line %ld: rule %s: <%s> is not a valid "
                                 "XPath 1.0 expression",
                                 xmlGetLineNo(c), r->code,
                                 (const char *)c->name);
        if (is_el(c, NS_RULES, "test")) {
            r->test = x;
        } else if (is_el(c, NS_RULES, "evidence")) {
            r->evidence = x;
        } else {
            quote *q = g_new0(quote, 1);
            q->name = prop(c, "name");
            q->expr = x;
            g_ptr_array_add(r->quotes, q);
        }
    }
    if (!g_hash_table_contains(v->msgs, r->code) &&
        (!r->has_severity || r->message == NULL || r->remedy == NULL))
        return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                             "line %d: rule %s: a code findings.xml does not "
                             "know needs severity, <message> and <remedy>",
                             r->line, r->code);
    return 0;
}

/* Is path (once its links and ".." are resolved) inside folder dir?  A
 * path that does not exist is not. */
static int inside(const char *path, const char *dir)
{
    char *rp = dir ? realpath(path, NULL) : NULL, *rd = dir ? realpath(dir, NULL) : NULL;
    int in = 0;

    if (rp != NULL && rd != NULL) {
        size_t n = strlen(rd);
        in = strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rd[n - 1] == '/');
    }
    free(rp);
    free(rd);
    return in;
}

static int load_rules_file(euc_validator *v, const char *path, int depth,
                           euc_error *err)
{
    xmlDocPtr doc = NULL;
    xmlSchemaValidCtxtPtr vc = NULL;
    xmlNodePtr root, n;
    errbuf b;
    char *dir = NULL;
    int rc = -1;

    if (depth > MAX_INCLUDE_DEPTH)
        return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                             "includes nested more than %d deep (a loop?)",
                             MAX_INCLUDE_DEPTH);
    doc = read_xml(path, err);
    if (doc == NULL)
        return -1;
    /* a rule file declares no entities: nothing in it may pull other text
     * in ("<!ENTITY x SYSTEM 'file:///etc/passwd'>") */
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                      "rules file: a DOCTYPE and entities are not allowed");
        goto cleanup;
    }
    memset(&b, 0, sizeof b);
    vc = xmlSchemaNewValidCtxt(v->rules_xsd);
    if (vc == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, STAGE, path, "out of memory");
        goto cleanup;
    }
    xmlSchemaSetValidStructuredErrors(vc, collect_first_error, &b);
    if (xmlSchemaValidateDoc(vc, doc) != 0) {
        euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                      "line %d: not a valid rule file (schemas/rules.xsd): %s",
                      b.line, b.set ? b.msg : "invalid");
        goto cleanup;
    }
    dir = g_path_get_dirname(path);
    root = xmlDocGetRootElement(doc);
    for (n = root->children; n != NULL; n = n->next) {
        if (is_el(n, NS_RULES, "include")) {
            char *href = prop(n, "href");
            char *sub = g_path_is_absolute(href)
                            ? g_strdup(href)
                            : g_build_filename(dir, href, NULL);
            int r;
            if (!inside(sub, dir) && !inside(sub, v->data_dir)) {
                euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                              "line %d: <include href=\"%s\"> is outside the rule "
                              "file's folder and the data folder; only files there "
                              "can be included", n->line, href);
                g_free(href);
                g_free(sub);
                goto cleanup;
            }
            r = load_rules_file(v, sub, depth + 1, err);
            g_free(href);
            g_free(sub);
            if (r != 0)
                goto cleanup;
        } else if (is_el(n, NS_RULES, "param")) {
            g_hash_table_replace(v->params, prop(n, "name"),
                                 prop(n, "value"));
        } else if (is_el(n, NS_RULES, "rule")) {
            if (load_rule(v, n, path, err) != 0)
                goto cleanup;
        }
    }
    rc = 0;
cleanup:
    g_free(dir);
    if (vc != NULL)
        xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    return rc;
}

/* Element declarations are read from the schema document itself, so that a
 * validator error on an element can be turned into the codes of the
 * required children it lacks. */
static decl *load_decl(euc_validator *v, xmlNodePtr el, const char *path,
                       euc_error *err)
{
    decl *d = g_new0(decl, 1);
    char *min = prop(el, "minOccurs");
    xmlNodePtr c, g, e;

    d->name = prop(el, "name");
    d->min = min == NULL ? 1 : atoi(min);
    g_free(min);
    d->children = g_ptr_array_new();
    for (c = el->children; c != NULL; c = c->next) {
        if (is_el(c, NS_XSD, "annotation")) {
            for (g = c->children; g != NULL; g = g->next)
                for (e = is_el(g, NS_XSD, "appinfo") ? g->children : NULL;
                     e != NULL; e = e->next)
                    if (is_el(e, NS_COMPLETENESS, "finding")) {
                        char *q = prop(e, "quote");
                        g_free(d->code);
                        d->code = prop(e, "code");
                        if (q != NULL) {
                            d->quote = compile(v, q);
                            if (d->quote == NULL) {
                                euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                              "line %ld: quote is not a "
                                              "valid XPath 1.0 expression",
                                              xmlGetLineNo(e));
                                g_free(q);
                                decl_free(d);
                                return NULL;
                            }
                        }
                        g_free(q);
                        if (d->code == NULL ||
                            !g_hash_table_contains(v->msgs, d->code)) {
                            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                          "line %ld: finding code '%s' is "
                                          "not in findings.xml",
                                          xmlGetLineNo(e),
                                          d->code ? d->code : "");
                            decl_free(d);
                            return NULL;
                        }
                    }
        } else if (is_el(c, NS_XSD, "complexType")) {
            for (g = c->children; g != NULL; g = g->next) {
                if (!is_el(g, NS_XSD, "all") && !is_el(g, NS_XSD, "sequence") &&
                    !is_el(g, NS_XSD, "choice"))
                    continue;
                for (e = g->children; e != NULL; e = e->next)
                    if (is_el(e, NS_XSD, "element")) {
                        decl *sub = load_decl(v, e, path, err);
                        if (sub == NULL) {
                            decl_free(d);
                            return NULL;
                        }
                        g_ptr_array_add(d->children, sub);
                    }
            }
        }
    }
    return d;
}

static int load_completeness(euc_validator *v, const char *path,
                             euc_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr root, n;

    v->completeness = load_schema(path, err);
    if (v->completeness == NULL)
        return -1;
    doc = read_xml(path, err);
    if (doc == NULL)
        return -1;
    root = xmlDocGetRootElement(doc);
    for (n = root ? root->children : NULL; n != NULL; n = n->next) {
        char *name = is_el(n, NS_XSD, "element") ? prop(n, "name") : NULL;
        int found = name != NULL && strcmp(name, "certificate") == 0;
        g_free(name);
        if (found) {
            v->root_decl = load_decl(v, n, path, err);
            break;
        }
    }
    xmlFreeDoc(doc);
    if (v->root_decl == NULL && err != NULL && err->code == EUC_OK)
        euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                      "declares no <certificate> element");
    return v->root_decl == NULL ? -1 : 0;
}

static void register_params(euc_validator *v)
{
    GHashTableIter it;
    gpointer k, val;

    g_hash_table_iter_init(&it, v->params);
    while (g_hash_table_iter_next(&it, &k, &val)) {
        char *end;
        double d = g_ascii_strtod(val, &end);
        xmlXPathObjectPtr o = (*end == '\0' && end != (char *)val)
                                  ? xmlXPathNewFloat(d)
                                  : xmlXPathNewCString(val);
        xmlXPathRegisterVariable(v->xp, (const xmlChar *)k, o);
    }
}

static int set_as_of(euc_validator *v, const char *as_of, euc_error *err)
{
    char buf[11];

    if (as_of == NULL) {
        time_t now = time(NULL);
        struct tm tmv;
        localtime_r(&now, &tmv);
        strftime(buf, sizeof buf, "%Y-%m-%d", &tmv);
        as_of = buf;
    }
    if (euc_date_parse(as_of, &v->asy, &v->asm_, &v->asd) != 0)
        return euc_error_set(err, EUC_ERR_USAGE, STAGE, NULL,
                             "as-of date '%s' is not YYYY-MM-DD", as_of);
    snprintf(v->as_of, sizeof v->as_of, "%04d-%02d-%02d", v->asy, v->asm_,
             v->asd);
    xmlXPathRegisterVariable(v->xp, (const xmlChar *)"as-of",
                             xmlXPathNewCString(v->as_of));
    return 0;
}

/* Every rule is tried once on an empty certificate, so that an unknown
 * function, variable or phrase list is reported with its file and line now
 * rather than on the first document. */
static int probe_rules(euc_validator *v, euc_error *err)
{
    size_t i, j;

    v->xp->doc = v->probe;
    for (i = 0; i < v->rules->len; i++) {
        rule *r = g_ptr_array_index(v->rules, i);
        xmlXPathCompExprPtr exprs[2];
        exprs[0] = r->test;
        exprs[1] = r->evidence;
        for (j = 0; j < 2; j++) {
            xmlXPathObjectPtr o;
            errbuf b;
            if (exprs[j] == NULL)
                continue;
            memset(&b, 0, sizeof b);
            v->fn_error[0] = '\0';
            v->xp->node = xmlDocGetRootElement(v->probe);
            xmlSetStructuredErrorFunc(&b, collect_first_error);
            o = xmlXPathCompiledEval(exprs[j], v->xp);
            xmlSetStructuredErrorFunc(NULL, NULL);
            if (o == NULL)
                return euc_error_set(
                    err, EUC_ERR_DATA, STAGE, r->file,
                    "line %d: rule %s: %s", r->line, r->code,
                    v->fn_error[0] ? v->fn_error
                    : b.set        ? b.msg
                                   : "XPath evaluation failed");
            xmlXPathFreeObject(o);
        }
    }
    return 0;
}

euc_validator *euc_validator_new(const char *data_dir, const char *regime,
                                 const char *const *extra_rules, size_t nextra,
                                 euc_error *err)
{
    euc_validator *v = g_new0(euc_validator, 1);
    char *path = NULL;
    size_t i;

    if (data_dir == NULL)
        data_dir = "schemas";
    if (regime == NULL)
        regime = "cn-dual-use";
    v->regime = g_strdup(regime);
    v->data_dir = g_strdup(data_dir);
    v->lists = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, plist_free);
    v->msgs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    msgdef_free);
    v->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    v->rules = g_ptr_array_new_with_free_func(rule_free);
    v->summary = g_ptr_array_new_with_free_func(quote_free);
    v->probe = xmlNewDoc((const xmlChar *)"1.0");
    xmlDocSetRootElement(v->probe,
                         xmlNewNode(NULL, (const xmlChar *)"certificate"));
    v->xp = xmlXPathNewContext(v->probe);
    if (v->xp == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, STAGE, NULL, "out of memory");
        goto fail;
    }
    v->xp->userData = v;
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

    path = g_build_filename(data_dir, "phrases.xml", NULL);
    if (load_phrases(v, path, err) != 0)
        goto fail;
    g_free(path);
    path = g_build_filename(data_dir, "findings.xml", NULL);
    if (load_findings(v, path, err) != 0)
        goto fail;
    g_free(path);
    path = g_build_filename(data_dir, "rules.xsd", NULL);
    v->rules_xsd = load_schema(path, err);
    if (v->rules_xsd == NULL)
        goto fail;
    g_free(path);
    path = g_strdup_printf("%s/completeness/%s.xsd", data_dir, regime);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        euc_error_set(err, EUC_ERR_USAGE, STAGE, NULL,
                      "unknown regime '%s' (no %s)", regime, path);
        goto fail;
    }
    if (load_completeness(v, path, err) != 0)
        goto fail;
    g_free(path);
    path = g_strdup_printf("%s/rules/%s.xml", data_dir, regime);
    if (load_rules_file(v, path, 0, err) != 0)
        goto fail;
    for (i = 0; i < nextra; i++)
        if (load_rules_file(v, extra_rules[i], 0, err) != 0)
            goto fail;
    register_params(v);
    if (set_as_of(v, NULL, err) != 0 || probe_rules(v, err) != 0)
        goto fail;
    g_free(path);
    return v;
fail:
    g_free(path);
    euc_validator_free(v);
    return NULL;
}

void euc_validator_free(euc_validator *v)
{
    if (v == NULL)
        return;
    if (v->rules != NULL)
        g_ptr_array_free(v->rules, TRUE);
    if (v->summary != NULL)
        g_ptr_array_free(v->summary, TRUE);
    decl_free(v->root_decl);
    if (v->xp != NULL)
        xmlXPathFreeContext(v->xp);
    if (v->probe != NULL)
        xmlFreeDoc(v->probe);
    if (v->rules_xsd != NULL)
        xmlSchemaFree(v->rules_xsd);
    if (v->completeness != NULL)
        xmlSchemaFree(v->completeness);
    g_hash_table_destroy(v->lists);
    g_hash_table_destroy(v->msgs);
    g_hash_table_destroy(v->params);
    g_free(v->regime);
    g_free(v->data_dir);
    g_free(v);
}

const char *euc_validator_regime(const euc_validator *v)
{
    return v->regime;
}

const char *euc_validator_param(const euc_validator *v, const char *name)
{
    return g_hash_table_lookup(v->params, name);
}

size_t euc_validator_nrules(const euc_validator *v)
{
    return v->rules->len;
}

/* ---------------------------------------------------------------------- */
/* running a validation                                                    */

typedef struct run {
    euc_validator *v;
    xmlDocPtr cert;
    euc_findings *out;
    GHashTable *seen;     /* "CODE\tfield" */
    GPtrArray *low_nodes; /* xmlNodePtr, first-seen order */
    GHashTable *low_codes; /* xmlNodePtr -> GString of codes */
} run;

/* Path below the root, "items/item[2]/quantity"; [n] only where siblings
 * share the name.  indexed = 0 leaves the positions out. */
static char *node_path(xmlNodePtr n, int indexed)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    GString *s = g_string_new(NULL);
    xmlNodePtr a;
    guint i;

    if (n != NULL && n->type == XML_ATTRIBUTE_NODE)
        n = n->parent;
    for (a = n; a != NULL && a->type == XML_ELEMENT_NODE && a->parent != NULL &&
                a->parent->type == XML_ELEMENT_NODE;
         a = a->parent) {
        int pos = 0, count = 0;
        xmlNodePtr sib;
        for (sib = a->parent->children; sib != NULL; sib = sib->next)
            if (sib->type == XML_ELEMENT_NODE &&
                xmlStrcmp(sib->name, a->name) == 0) {
                count++;
                if (sib == a)
                    pos = count;
            }
        if (indexed && count > 1)
            g_ptr_array_add(parts, g_strdup_printf("%s[%d]", a->name, pos));
        else
            g_ptr_array_add(parts, g_strdup((const char *)a->name));
    }
    for (i = parts->len; i > 0; i--) {
        if (s->len > 0)
            g_string_append_c(s, '/');
        g_string_append(s, g_ptr_array_index(parts, i - 1));
    }
    g_ptr_array_free(parts, TRUE);
    return g_string_free(s, FALSE);
}

static char *shorten(char *s)
{
    glong n = g_utf8_strlen(s, -1);

    if (n > MAX_QUOTE) {
        char *cut = g_utf8_offset_to_pointer(s, MAX_QUOTE - 1);
        char *r;
        *cut = '\0';
        r = g_strconcat(s, "\xE2\x80\xA6", NULL);
        g_free(s);
        return r;
    }
    return s;
}

static char *node_value(xmlNodePtr n)
{
    char *s;

    if (n == NULL)
        return g_strdup("");
    s = text_collapsed(n);
    return shorten(s);
}

/* Fills {name} placeholders from vars (name -> value) and the params. */
static char *expand(const euc_validator *v, const char *tmpl,
                    GHashTable *vars)
{
    GString *out = g_string_new(NULL);
    const char *p = tmpl;

    while (*p != '\0') {
        const char *close;
        if (*p == '{' && (close = strchr(p + 1, '}')) != NULL &&
            close - p < 40) {
            char *name = g_strndup(p + 1, (gsize)(close - p - 1));
            const char *val = g_hash_table_lookup(vars, name);
            if (val == NULL)
                val = g_hash_table_lookup(v->params, name);
            if (val != NULL) {
                g_string_append(out, *val ? val : "(not stated)");
                g_free(name);
                p = close + 1;
                continue;
            }
            g_free(name);
        }
        g_string_append_c(out, *p++);
    }
    return g_string_free(out, FALSE);
}

static void add_finding(run *r, const char *code, const rule *ru,
                        const char *field, GHashTable *vars)
{
    const msgdef *m = g_hash_table_lookup(r->v->msgs, code);
    euc_finding f;
    char *key = g_strdup_printf("%s\t%s", code, field);

    if (g_hash_table_contains(r->seen, key)) {
        g_free(key);
        return;
    }
    g_hash_table_add(r->seen, key);
    g_hash_table_replace(vars, g_strdup("field"), g_strdup(field));
    g_hash_table_replace(vars, g_strdup("as-of"), g_strdup(r->v->as_of));
    if (!g_hash_table_contains(vars, "value"))
        g_hash_table_replace(vars, g_strdup("value"), g_strdup(""));
    f.code = g_strdup(code);
    f.severity = ru != NULL && ru->has_severity ? ru->severity
                 : m != NULL                     ? m->severity
                                                 : EUC_SEVERITY_WARNING;
    f.field = g_strdup(field);
    f.message = expand(r->v,
                       ru != NULL && ru->message ? ru->message
                       : m != NULL               ? m->message
                                                 : code,
                       vars);
    f.remedy = expand(r->v,
                      ru != NULL && ru->remedy ? ru->remedy
                      : m != NULL              ? m->remedy
                                               : "",
                      vars);
    g_array_append_val(r->out->items, f);
}

static GHashTable *vars_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

static char *eval_string(euc_validator *v, xmlXPathCompExprPtr x,
                         xmlNodePtr ctx_node)
{
    xmlXPathObjectPtr o;
    xmlChar *s;
    char *r;

    v->xp->node = ctx_node;
    o = xmlXPathCompiledEval(x, v->xp);
    if (o == NULL)
        return g_strdup("");
    s = xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    r = collapse_ws(s ? (const char *)s : "");
    xmlFree(s);
    return shorten(r);
}

/* ---- completeness ---- */

static decl *decl_for(const euc_validator *v, xmlNodePtr n)
{
    char *path = node_path(n, 0);
    char **parts = g_strsplit(path, "/", -1);
    decl *d = v->root_decl;
    size_t i, j;

    if (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE) {
        for (i = 0; parts[i] != NULL && d != NULL; i++) {
            decl *next = NULL;
            for (j = 0; j < d->children->len; j++) {
                decl *c = g_ptr_array_index(d->children, j);
                if (strcmp(c->name, parts[i]) == 0)
                    next = c;
            }
            d = next;
        }
    }
    g_strfreev(parts);
    g_free(path);
    return d;
}

static int has_child(xmlNodePtr n, const char *name)
{
    xmlNodePtr c;

    for (c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            xmlStrcmp(c->name, (const xmlChar *)name) == 0)
            return 1;
    return 0;
}

/* A required element d is missing below the element `parent` (NULL when
 * an ancestor is missing too); field is where it would be. */
static void raise_missing(run *r, const decl *d, xmlNodePtr parent,
                          const char *field)
{
    size_t i;

    if (d->code != NULL) {
        GHashTable *vars = vars_new();
        if (d->quote != NULL && parent != NULL) {
            /* Quotes are evaluated in the caller's document. */
            g_hash_table_replace(vars, g_strdup("value"),
                                 eval_string(r->v, d->quote, parent));
        }
        add_finding(r, d->code, NULL, field, vars);
        g_hash_table_destroy(vars);
        return;
    }
    for (i = 0; i < d->children->len; i++) {
        const decl *c = g_ptr_array_index(d->children, i);
        if (c->min > 0) {
            char *sub = g_strdup_printf("%s/%s", field, c->name);
            raise_missing(r, c, NULL, sub);
            g_free(sub);
        }
    }
}

typedef struct xsd_err {
    xmlNodePtr node;
    int code;
} xsd_err;

static void collect_xsd_error(void *user, xmlErrorPtr e)
{
    GArray *errs = user;
    xsd_err x;

    if (e == NULL || e->node == NULL)
        return;
    x.node = e->node;
    x.code = e->code;
    g_array_append_val(errs, x);
}

static int check_completeness(run *r, const char *file, euc_error *err)
{
    xmlDocPtr copy = xmlCopyDoc(r->cert, 1);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(r->v->completeness);
    GArray *errs = g_array_new(FALSE, FALSE, sizeof(xsd_err));
    GPtrArray *strip = g_ptr_array_new();
    int round, rc = -1;
    guint i;

    if (copy == NULL || vc == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, STAGE, file, "out of memory");
        goto cleanup;
    }
    xmlSchemaSetValidStructuredErrors(vc, collect_xsd_error, errs);
    r->v->xp->doc = copy;
    /* An element the schema does not know (the parser may add fields) stops
     * libxml2 from checking its siblings; such elements are taken out of a
     * copy and the copy validated again. */
    for (round = 0; round < 64; round++) {
        g_array_set_size(errs, 0);
        xmlSchemaValidateDoc(vc, copy);
        g_ptr_array_set_size(strip, 0);
        for (i = 0; i < errs->len; i++) {
            xsd_err *x = &g_array_index(errs, xsd_err, i);
            xmlNodePtr n = x->node;
            decl *d;
            int missing = 0;
            size_t j;
            if (n->type != XML_ELEMENT_NODE)
                continue;
            d = decl_for(r->v, n);
            if (d != NULL && x->code == XML_SCHEMAV_ELEMENT_CONTENT) {
                char *base = node_path(n, 1);
                for (j = 0; j < d->children->len; j++) {
                    decl *c = g_ptr_array_index(d->children, j);
                    if (c->min > 0 && !has_child(n, c->name)) {
                        char *field = *base ? g_strdup_printf("%s/%s", base,
                                                              c->name)
                                            : g_strdup(c->name);
                        raise_missing(r, c, n, field);
                        g_free(field);
                        missing = 1;
                    }
                }
                g_free(base);
            } else if (d != NULL) {
                /* A value error (an empty required leaf) counts as the
                 * element missing. */
                char *field = node_path(n, 1);
                if (d->code != NULL) {
                    GHashTable *vars = vars_new();
                    if (d->quote != NULL && n->parent != NULL)
                        g_hash_table_replace(
                            vars, g_strdup("value"),
                            eval_string(r->v, d->quote, n->parent));
                    add_finding(r, d->code, NULL, field, vars);
                    g_hash_table_destroy(vars);
                } else {
                    GHashTable *vars = vars_new();
                    add_finding(r, "FIELD_UNREADABLE", NULL, field, vars);
                    g_hash_table_destroy(vars);
                }
                g_free(field);
                missing = 1;
            }
            if (!missing && n->parent != NULL &&
                n->parent->type == XML_ELEMENT_NODE)
                g_ptr_array_add(strip, n);
        }
        if (strip->len == 0)
            break;
        for (i = 0; i < strip->len; i++)
            xmlUnlinkNode(g_ptr_array_index(strip, i));
        for (i = 0; i < strip->len; i++)
            xmlFreeNode(g_ptr_array_index(strip, i));
    }
    rc = 0;
cleanup:
    r->v->xp->doc = r->cert;
    g_ptr_array_free(strip, TRUE);
    g_array_free(errs, TRUE);
    if (vc != NULL)
        xmlSchemaFreeValidCtxt(vc);
    if (copy != NULL)
        xmlFreeDoc(copy);
    return rc;
}

/* ---- rules ---- */

static void note_evidence(run *r, xmlNodePtr n, const char *code,
                          double threshold)
{
    xmlNodePtr c;
    xmlChar *conf;

    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return;
    conf = xmlGetProp(n, (const xmlChar *)"confidence");
    if (conf != NULL) {
        char *end;
        double d = g_ascii_strtod((const char *)conf, &end);
        if (end != (char *)conf && d < threshold) {
            GString *codes = g_hash_table_lookup(r->low_codes, n);
            if (codes == NULL) {
                codes = g_string_new(NULL);
                g_hash_table_insert(r->low_codes, n, codes);
                g_ptr_array_add(r->low_nodes, n);
            }
            if (strstr(codes->str, code) == NULL) {
                if (codes->len > 0)
                    g_string_append(codes, ", ");
                g_string_append(codes, code);
            }
        }
        xmlFree(conf);
    }
    for (c = n->children; c != NULL; c = c->next)
        note_evidence(r, c, code, threshold);
}

/* The field of a finding on node n: the rule's field with n's own indexed
 * path put in where the field runs through n. */
static char *finding_field(const rule *ru, xmlNodePtr n)
{
    char *generic, *indexed, *out;
    size_t len;

    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return g_strdup(ru->field);
    generic = node_path(n, 0);
    indexed = node_path(n, 1);
    len = strlen(generic);
    if (strncmp(ru->field, generic, len) == 0 &&
        (ru->field[len] == '\0' || ru->field[len] == '/'))
        out = g_strconcat(indexed, ru->field + len, NULL);
    else
        out = g_strdup(indexed);
    g_free(generic);
    g_free(indexed);
    return out;
}

static void rule_finding(run *r, const rule *ru, xmlNodePtr n)
{
    GHashTable *vars = vars_new();
    xmlNodePtr ctx = n != NULL ? n : xmlDocGetRootElement(r->cert);
    char *field = finding_field(ru, n);
    guint i;

    if (n != NULL)
        g_hash_table_replace(vars, g_strdup("value"), node_value(n));
    for (i = 0; i < ru->quotes->len; i++) {
        const quote *q = g_ptr_array_index(ru->quotes, i);
        g_hash_table_replace(vars, g_strdup(q->name),
                             eval_string(r->v, q->expr, ctx));
    }
    add_finding(r, ru->code, ru, field, vars);
    g_free(field);
    g_hash_table_destroy(vars);
}

static int run_rule(run *r, const rule *ru, double threshold, const char *file,
                    euc_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(r->cert);
    xmlXPathObjectPtr o, ev = NULL;
    int i;

    r->v->fn_error[0] = '\0';
    r->v->xp->node = root;
    o = xmlXPathCompiledEval(ru->test, r->v->xp);
    if (o == NULL)
        return euc_error_set(err, EUC_ERR_DATA, STAGE, file,
                             "%s line %d: rule %s could not be evaluated%s%s",
                             ru->file, ru->line, ru->code,
                             r->v->fn_error[0] ? ": " : "", r->v->fn_error);
    if (o->type == XPATH_NODESET) {
        for (i = 0; o->nodesetval != NULL && i < o->nodesetval->nodeNr; i++)
            rule_finding(r, ru, o->nodesetval->nodeTab[i]);
    } else if (xmlXPathCastToBoolean(o)) {
        rule_finding(r, ru, NULL);
    }
    if (!isnan(threshold)) {
        xmlXPathObjectPtr src = o;
        if (ru->evidence != NULL) {
            r->v->xp->node = root;
            ev = xmlXPathCompiledEval(ru->evidence, r->v->xp);
            src = ev;
        }
        if (src != NULL && src->type == XPATH_NODESET &&
            src->nodesetval != NULL)
            for (i = 0; i < src->nodesetval->nodeNr; i++)
                note_evidence(r, src->nodesetval->nodeTab[i], ru->code,
                              threshold);
    }
    if (ev != NULL)
        xmlXPathFreeObject(ev);
    xmlXPathFreeObject(o);
    return 0;
}

static void low_confidence_findings(run *r)
{
    guint i;

    for (i = 0; i < r->low_nodes->len; i++) {
        xmlNodePtr n = g_ptr_array_index(r->low_nodes, i);
        GString *codes = g_hash_table_lookup(r->low_codes, n);
        GHashTable *vars = vars_new();
        xmlChar *conf = xmlGetProp(n, (const xmlChar *)"confidence");
        char *field = node_path(n, 1);
        g_hash_table_replace(vars, g_strdup("value"), node_value(n));
        g_hash_table_replace(vars, g_strdup("confidence"),
                             g_strdup((const char *)conf));
        g_hash_table_replace(vars, g_strdup("codes"), g_strdup(codes->str));
        add_finding(r, "LOW_OCR_CONFIDENCE", NULL, field, vars);
        g_free(field);
        xmlFree(conf);
        g_hash_table_destroy(vars);
    }
}

static gint by_severity(gconstpointer a, gconstpointer b)
{
    const euc_finding *x = a, *y = b;

    return (gint)x->severity - (gint)y->severity;
}

static void free_gstring(gpointer p)
{
    g_string_free(p, TRUE);
}

/* g_array_sort is not stable; the order the checks ran in is kept by
 * sorting a copy with the original index as the tie-break. */
typedef struct ranked {
    euc_finding f;
    guint idx;
} ranked;

static gint by_rank(gconstpointer a, gconstpointer b)
{
    const ranked *x = a, *y = b;
    gint c = by_severity(&x->f, &y->f);

    return c != 0 ? c : (gint)x->idx - (gint)y->idx;
}

static void sort_findings(euc_findings *f)
{
    GArray *tmp = g_array_sized_new(FALSE, FALSE, sizeof(ranked), f->items->len);
    guint i;

    for (i = 0; i < f->items->len; i++) {
        ranked r;
        r.f = g_array_index(f->items, euc_finding, i);
        r.idx = i;
        g_array_append_val(tmp, r);
    }
    g_array_sort(tmp, by_rank);
    for (i = 0; i < tmp->len; i++)
        g_array_index(f->items, euc_finding, i) = g_array_index(tmp, ranked, i).f;
    g_array_free(tmp, TRUE);
}

int euc_validate(euc_validator *v, xmlDocPtr cert, const char *as_of,
                 const char *file, euc_findings **out, euc_error *err)
{
    run r;
    xmlNodePtr root;
    const char *th;
    double threshold = NAN;
    guint i;
    int rc = -1;

    *out = NULL;
    root = cert ? xmlDocGetRootElement(cert) : NULL;
    if (root == NULL || xmlStrcmp(root->name, (const xmlChar *)"certificate"))
        return euc_error_set(err, EUC_ERR_FORMAT, STAGE, file,
                             "not a <certificate> document");
    if (set_as_of(v, as_of, err) != 0)
        return -1;
    th = g_hash_table_lookup(v->params, "low-confidence");
    if (th != NULL)
        threshold = g_ascii_strtod(th, NULL);
    memset(&r, 0, sizeof r);
    r.v = v;
    r.cert = cert;
    r.out = g_new0(euc_findings, 1);
    r.out->items = g_array_new(FALSE, TRUE, sizeof(euc_finding));
    r.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r.low_nodes = g_ptr_array_new();
    r.low_codes = g_hash_table_new_full(NULL, NULL, NULL, free_gstring);
    v->xp->doc = cert;

    if (check_completeness(&r, file, err) != 0)
        goto cleanup;
    v->xp->doc = cert;
    for (i = 0; i < v->rules->len; i++)
        if (run_rule(&r, g_ptr_array_index(v->rules, i), threshold, file,
                     err) != 0)
            goto cleanup;
    low_confidence_findings(&r);
    sort_findings(r.out);
    *out = r.out;
    r.out = NULL;
    rc = 0;
cleanup:
    v->xp->doc = v->probe;
    v->xp->node = NULL;
    euc_findings_free(r.out);
    g_hash_table_destroy(r.seen);
    g_ptr_array_free(r.low_nodes, TRUE);
    g_hash_table_destroy(r.low_codes);
    return rc;
}

size_t euc_validator_nsummary(const euc_validator *v)
{
    return v->summary->len;
}

const char *euc_validator_summary_label(const euc_validator *v, size_t i)
{
    return i < v->summary->len
               ? ((const quote *)g_ptr_array_index(v->summary, i))->name
               : NULL;
}

char *euc_validator_summary_value(euc_validator *v, xmlDocPtr cert,
                                  size_t i)
{
    xmlNodePtr root = cert ? xmlDocGetRootElement(cert) : NULL;
    char *g, *out;

    if (i >= v->summary->len || root == NULL)
        return NULL;
    v->xp->doc = cert;
    g = eval_string(v, ((const quote *)g_ptr_array_index(v->summary, i))->expr,
                    root);
    v->xp->doc = v->probe;
    v->xp->node = NULL;
    out = strdup(g);
    g_free(g);
    return out;
}
