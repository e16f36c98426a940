/* Prose: letters, e-mails, undertakings and the sentences inside form
 * values, read clause by clause.
 *
 * A sentence is cut into clauses at ";" and ":".  Each clause is matched
 * against the cue lists of schemas/prose.xml; a negation cue opens a scope
 * that runs to the clause's end (in Chinese and Japanese, where the verb
 * and its negation come last, the whole clause), and what a clause states
 * depends on which cues stand inside a scope:
 *   military words in a scope: an assurance of no military use; outside
 *     one: a military end use;
 *   weapons of mass destruction: an assurance when denied;
 *   re-export (or a verb of sending with a destination abroad): denied or
 *     subject to consent, an undertaking not to re-export; otherwise a
 *     declared re-export, with the countries the clause names;
 *   a transfer to third parties denied: an assurance of no transfer;
 *   another party or processing denied ("no other company will handle
 *     it"), or all work in-house: a statement that there are none;
 *   a verb of use outside any scope: the end use, the words after it;
 *   "we are the end user": who the writer is; a company named with a
 *     processing verb: another party, its role the words around;
 *   a quantity: an item.
 * An end use is never taken from an assurance, and a closing "no other
 * company will handle it" after named parties does not erase them. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

enum {
    Q_NEG, Q_NOTNEG, Q_MIL, Q_WMD, Q_CIVIL, Q_RX, Q_ABROAD, Q_CONSENT,
    Q_TRANSFER, Q_THIRD, Q_PARTY, Q_PROCESS, Q_INHOUSE, Q_USE, Q_USEAUX,
    Q_CHANGE, Q_EUSELF, Q_VERIFY, Q_SELF, Q_SELLER, Q_CONSIGNEE, Q_CONTACT,
    Q_BUSINESS, Q_NEGPRED, Q_SELFADDR, NQ
};

static const char *const qnames[NQ] = {
    "negation", "not-negation", "military", "wmd", "civil", "re-export",
    "abroad", "consent", "transfer", "third-party", "party-word", "process",
    "in-house", "use", "use-aux", "change-of-use", "end-user-self",
    "verification", "self", "seller-cue", "consignee-cue", "contact-cue",
    "business-cue", "negation-predicate", "self-address"
};

typedef struct clause {
    const char *s;     /* the clause's text (not NUL-terminated) */
    size_t a, e;       /* its bytes in the buffer */
    GArray *toks;
    GArray *m[NQ];     /* pmatch per cue list */
    int cjk;
    size_t neg0;       /* first token in a negation's scope, or SIZE_MAX */
    int neg_all;       /* the negation covers the whole clause */
} clause;

static void clause_free(clause *c)
{
    int q;

    ptext_tokens_free(c->toks);
    for (q = 0; q < NQ; q++)
        if (c->m[q])
            g_array_free(c->m[q], TRUE);
}

/* Cue words are matched with OCR's tolerance only in OCR text: in a
 * text layer "contract" is not a damaged "contact". */
static void clause_analyse(const euc_parser *p, const char *buf, size_t a,
                           size_t e, int ocr, clause *c)
{
    int q;
    guint i, j;

    memset(c, 0, sizeof *c);
    c->s = buf + a;
    c->a = a;
    c->e = e;
    c->toks = ptext_tokens(buf + a, e - a);
    for (i = 0; i < c->toks->len; i++)
        if (g_array_index(c->toks, ptok, i).flags & TK_CJK)
            c->cjk = 1;
    for (q = 0; q < NQ; q++) {
        c->m[q] = g_array_new(FALSE, FALSE, sizeof(pmatch));
        pterms_match(pdata_cues(p, qnames[q]), q, c->toks,
                     q == Q_NEG || q == Q_USEAUX || q == Q_SELF ? 0 : ocr, c->m[q]);
        pterms_resolve(c->m[q]);
        /* a cue word written with a capital inside the clause is part of a
         * name ("Tan Thuan Export Processing Zone"), not a verb */
        for (i = 0; i < c->m[q]->len; i++) {
            const pmatch *m = &g_array_index(c->m[q], pmatch, i);
            const ptok *t = &g_array_index(c->toks, ptok, m->t0);
            if (m->t0 > 0 && (t->flags & TK_CAP) && m->w <= 1.5 &&
                (q == Q_RX || q == Q_PROCESS || q == Q_TRANSFER)) {
                g_array_remove_index(c->m[q], i);
                i--;
            }
        }
    }
    c->neg0 = (size_t)-1;
    for (i = 0; i < c->m[Q_NEG]->len; i++) {
        const pmatch *m = &g_array_index(c->m[Q_NEG], pmatch, i);
        int cancelled = 0;
        for (j = 0; j < c->m[Q_NOTNEG]->len; j++) {
            const pmatch *x = &g_array_index(c->m[Q_NOTNEG], pmatch, j);
            if (m->t0 >= x->t0 && m->t0 < x->t1)
                cancelled = 1;
        }
        /* "No. SC-2025-1187", "No 5": a number's abbreviation */
        if (m->b1 < e - a && (buf[a + m->b1] == '.' ||
                              (m->t1 < c->toks->len &&
                               (g_array_index(c->toks, ptok, m->t1).flags & TK_NUM))))
            cancelled = 1;
        if (!cancelled && m->t0 < c->neg0)
            c->neg0 = c->cjk ? 0 : m->t0;
    }
    /* "... is prohibited": the clause is denied from its start */
    if (c->m[Q_NEGPRED]->len > 0) {
        c->neg0 = 0;
        c->neg_all = 1;
    }
}

static int has(const clause *c, int q)
{
    return c->m[q]->len > 0;
}

/* A match of list q inside a negation's scope (or, with want 0, outside). */
static int scoped(const clause *c, int q, int want, double minw)
{
    guint i;

    for (i = 0; i < c->m[q]->len; i++) {
        const pmatch *m = &g_array_index(c->m[q], pmatch, i);
        int in = c->neg0 != (size_t)-1 && (c->cjk || c->neg_all || m->t0 >= c->neg0);
        if (m->w < minw)
            continue;
        if (in == want)
            return 1;
    }
    return 0;
}

static const pmatch *first(const clause *c, int q)
{
    return c->m[q]->len ? &g_array_index(c->m[q], pmatch, 0) : NULL;
}

/* --- sentences ------------------------------------------------------- */

/* Is the word ending at s[end] (the '.') an abbreviation, which does not
 * end a sentence?  An initial ("J. Smith") or a word of prose.xml's
 * "abbreviation" list. */
static int is_abbrev(const euc_parser *p, const char *s, size_t end)
{
    size_t a = end, i;
    char w[16];

    while (a > 0 && (g_ascii_isalpha(s[a - 1]) || s[a - 1] == '.'))
        a--;
    if (end - a == 0 || end - a >= sizeof w)
        return 0;
    for (i = 0; i < end - a; i++)
        w[i] = g_ascii_tolower(s[a + i]);
    w[end - a] = '\0';
    if (end - a == 1 && g_ascii_isupper(s[a]))
        return 1;
    return pdata_word_at(p, "abbreviation", w, 1) != NULL;
}

GArray *pprose_sentences(const euc_parser *p, const char *s)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(pspan));
    size_t i = 0, start = 0, n = strlen(s);

    while (i < n) {
        int cut = 0;
        size_t end = i + 1;
        if (s[i] == '.' || s[i] == '!' || s[i] == '?') {
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\n'))
                j++;
            if (j >= n)
                cut = 1;
            else if (j > i + 1 && (g_ascii_isupper(s[j]) || g_ascii_isdigit(s[j]) ||
                                   (unsigned char)s[j] >= 0xE0 || s[j] == '(' ||
                                   s[j] == '"' || s[j] == '[' || s[j] == '-'))
                cut = s[i] != '.' || !is_abbrev(p, s, i);
        } else if (i + 3 <= n && ((unsigned char)s[i] == 0xE3 &&
                                  (unsigned char)s[i + 1] == 0x80 &&
                                  (unsigned char)s[i + 2] == 0x82)) {
            cut = 1; /* 。 */
            end = i + 3;
        } else if (s[i] == '\n') {
            /* a list item, or after an introduction ending with ':' */
            size_t j = i + 1, k = i;
            while (k > start && s[k - 1] == ' ')
                k--;
            if (k > start && (s[k - 1] == ':' || s[k - 1] == ';'))
                cut = 1;
            while (j < n && s[j] == ' ')
                j++;
            if (j < n && (s[j] == '-' || s[j] == '(' || g_ascii_isdigit(s[j]) ||
                          strncmp(s + j, "•", 3) == 0 || strncmp(s + j, "[", 1) == 0 ||
                          strncmp(s + j, "☒", 3) == 0 || strncmp(s + j, "☐", 3) == 0))
                cut = 1;
            end = i;
        }
        if (cut) {
            pspan sp = {start, end};
            while (sp.off < sp.end && (s[sp.off] == ' ' || s[sp.off] == '\n'))
                sp.off++;
            if (sp.end > sp.off)
                g_array_append_val(out, sp);
            start = s[i] == '\n' ? i + 1 : end;
            i = start;
            continue;
        }
        i++;
    }
    if (start < n) {
        pspan sp = {start, n};
        while (sp.off < sp.end && (s[sp.off] == ' ' || s[sp.off] == '\n'))
            sp.off++;
        if (sp.end > sp.off)
            g_array_append_val(out, sp);
    }
    return out;
}

/* Clauses of a sentence: cut at ";" and ":". */
static GArray *clauses_of(const char *s, size_t a, size_t e)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(pspan));
    size_t i, start = a;

    for (i = a; i < e; i++) {
        size_t len = 0;
        if (s[i] == ';' || (s[i] == ':' && i + 1 < e && s[i + 1] == ' '))
            len = 1;
        else if (i + 3 <= e && (strncmp(s + i, "；", 3) == 0 ||
                                strncmp(s + i, "：", 3) == 0))
            len = 3;
        if (len) {
            pspan sp = {start, i + len};
            g_array_append_val(out, sp);
            start = i + len;
            i += len - 1;
        }
    }
    if (start < e) {
        pspan sp = {start, e};
        g_array_append_val(out, sp);
    }
    return out;
}

static void sub_buf(const run *r, const pbuf *b, size_t a, size_t e, pbuf *out)
{
    GArray *sp = pbuf_spans(b, a, e);
    guint i;

    pbuf_init(out);
    for (i = 0; i < sp->len; i++) {
        pspan x = g_array_index(sp, pspan, i);
        pbuf_add(out, r->d.text->str, x.off, x.end, " ");
    }
    g_array_free(sp, TRUE);
}

/* --- facts ------------------------------------------------------------ */

/* Does the clause name a country other than the exporter's (China) and the
 * end user's own?  "will be exported to Hungary and Vietnam" is a
 * re-export; "delivered from China to our plant in Japan" is none. */
static int names_foreign(run *r, const clause *c)
{
    char *t = g_strndup(c->s, c->e - c->a);
    GPtrArray *cs = pcountry_all(r->p, t, NULL);
    pval *own = run_get(r, P_END_USER_COUNTRY);
    const char *own_code = NULL;
    guint i, k;
    int hit = 0;

    for (k = 0; own && k + 1 < own->attrs->len; k += 2)
        if (strcmp(own->attrs->pdata[k], "code") == 0)
            own_code = own->attrs->pdata[k + 1];
    for (i = 0; i < cs->len && !hit; i++) {
        const pcountry *pc = cs->pdata[i];
        if (strcmp(pc->code, "CN") != 0 && (own_code == NULL || strcmp(pc->code, own_code) != 0))
            hit = 1;
    }
    g_ptr_array_free(cs, TRUE);
    g_free(t);
    return hit;
}

/* The end use in a clause: the words after its verb of use ("will be used
 * for", "intended exclusively for"), or after its colon. */
static int end_use_span(const clause *c, size_t *ua, size_t *ue)
{
    guint i;

    for (i = 0; i < c->m[Q_USE]->len; i++) {
        const pmatch *m = &g_array_index(c->m[Q_USE], pmatch, i);
        const ptok *t = &g_array_index(c->toks, ptok, m->t0);
        int verb = c->cjk;
        guint j;
        size_t at;
        if (c->neg0 != (size_t)-1 && (c->cjk || c->neg_all || m->t0 >= c->neg0))
            continue;
        /* a verb: after "will be", "we", "to", "intended" */
        for (j = 0; j < c->m[Q_USEAUX]->len; j++) {
            const pmatch *x = &g_array_index(c->m[Q_USEAUX], pmatch, j);
            if (x->t1 <= m->t0 && m->t0 - x->t1 <= 2)
                verb = 1;
        }
        if (strcmp(t->s, "purpos") == 0 || strcmp(t->s, "intend") == 0 ||
            strcmp(t->s, "destin") == 0)
            verb = 1;
        /* "dual-use items", "end-use statement": a compound, no verb */
        if (m->b0 > 0 && (c->s[m->b0 - 1] == '-' || c->s[m->b0 - 1] == '/'))
            verb = 0;
        /* "..., which applies the coating": what another party does */
        if (m->t0 > 0) {
            const char *pv = g_array_index(c->toks, ptok, m->t0 - 1).s;
            if (strcmp(pv, "which") == 0 || strcmp(pv, "who") == 0)
                verb = 0;
        }
        if (!verb)
            continue;
        at = m->b1;
        /* skip "for", "in", "as", "by us", "the following purpose" */
        {
            const char *s = c->s;
            size_t n = c->e - c->a;
            int moved = 1;
            while (moved) {
                static const char *const skip[] = {
                    " ", "for the following purpose", "the following purpose",
                    "for the following purposes", "as follows", "for", "in", "as",
                    "by us", "solely", "only", "exclusively", "mainly", "entirely",
                    "primarily", "to be used", "the goods", "these goods", "the items",
                    "these items", "the material", "this material", "the products",
                    "them", "it", ",", "—", "-", "–", NULL};
                size_t k;
                moved = 0;
                for (k = 0; skip[k]; k++) {
                    size_t l = strlen(skip[k]);
                    if (at + l <= n && g_ascii_strncasecmp(s + at, skip[k], l) == 0 &&
                        (l == 1 || at + l == n || !g_ascii_isalpha(s[at + l]))) {
                        at += l;
                        moved = 1;
                    }
                }
            }
        }
        *ua = c->a + at;
        *ue = c->e;
        while (*ue > *ua && (c->s[*ue - c->a - 1] == '.' || c->s[*ue - c->a - 1] == ' ' ||
                             c->s[*ue - c->a - 1] == ';'))
            (*ue)--;
        return 1;
    }
    return 0;
}

/* Companies named in a clause: offsets of their starts in c->s. */
static GArray *companies(const euc_parser *p, const clause *c)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(size_t));
    size_t n = c->e - c->a, i;

    for (i = 0; i < n; i++) {
        size_t len;
        if (!(g_ascii_isupper(c->s[i]) || (unsigned char)c->s[i] >= 0xE0))
            continue;
        if (i > 0 && c->s[i - 1] != ' ' && c->s[i - 1] != '(' && c->s[i - 1] != ',')
            continue;
        len = pparty_name_len(p, c->s + i, n - i);
        if (len > 0) {
            size_t words = 1, k;
            for (k = i; k < i + len; k++)
                words += c->s[k] == ' ';
            if (words <= 9) {
                g_array_append_val(out, i);
                i += len;
            }
        }
    }
    return out;
}

static void read_party_at(run *r, const pbuf *b, const clause *c, size_t at,
                          size_t e, const char *reader, const char *label)
{
    pbuf pb;
    char *prefix;

    /* up to the next party: " and by", " and" */
    while (e > at && (c->s[e - 1] == ' ' || c->s[e - 1] == ','))
        e--;
    if (e > at + 7 && strncmp(c->s + e - 6, "and by", 6) == 0)
        e -= 6;
    else if (e > at + 4 && strncmp(c->s + e - 3, "and", 3) == 0)
        e -= 3;

    sub_buf(r, b, c->a + at, c->a + e, &pb);
    prefix = g_strdup_printf("sub-suppliers/party[%d]",
                             run_next_index(r, P_SUB_SUPPLIERS_PARTY));
    pparty_read(r, prefix, &pb, 1, reader, label, "a party named in a sentence");
    g_free(prefix);
    pbuf_clear(&pb);
}

/* A company just before a verb of use, with only an auxiliary between
 * ("X Corp. will use the goods", "X K.K. is to use them"), is the user. */
static void user_subject(run *r, const pbuf *b, const clause *c, const char *reader,
                         const char *label)
{
    GArray *co = companies(r->p, c);
    const pmatch *u = first(c, Q_USE);
    guint i;

    for (i = 0; u && i < co->len; i++) {
        size_t at = g_array_index(co, size_t, i);
        size_t len = pparty_name_len(r->p, c->s + at, c->e - c->a - at);
        size_t k = at + len, words = 0;
        int ok = 1;
        if (k > u->b0)
            continue;
        while (k < u->b0 && ok) {
            size_t w0;
            while (k < u->b0 && c->s[k] == ' ')
                k++;
            w0 = k;
            while (k < u->b0 && c->s[k] != ' ')
                k++;
            if (k > w0) {
                static const char *const aux[] = {"will", "shall", "would", "is", "are",
                                                  "to", "be", "only", "solely", "also",
                                                  "exclusively", NULL};
                size_t a;
                int hit = 0;
                for (a = 0; aux[a]; a++)
                    hit |= k - w0 == strlen(aux[a]) &&
                           g_ascii_strncasecmp(c->s + w0, aux[a], k - w0) == 0;
                ok = hit && ++words <= 3;
            }
        }
        if (ok && words > 0) {
            run_set_buf(r, P_END_USER_NAME, FT_LINE, b, c->a + at, c->a + at + len,
                        reader, label, "the company that will use the goods");
            break;
        }
    }
    g_array_free(co, TRUE);
}

/* "We, X, address, hereby certify ...": the writer and its address. */
static int writer_party(run *r, const pbuf *b, const clause *c,
                        const char *prefix, const char *reader, const char *label)
{
    GArray *co = companies(r->p, c);
    size_t n = c->e - c->a, at, stop = n, k;
    static const char *const verbs[] = {", hereby", " hereby", ", do hereby",
                                        " certify", " confirm", " declare",
                                        " undertake", " is buying", " is purchasing",
                                        " is importing", " is the", " are the",
                                        ", which", " which", NULL};
    pbuf pb;
    int ok;

    if (co->len == 0) {
        g_array_free(co, TRUE);
        return 0;
    }
    at = g_array_index(co, size_t, 0);
    g_array_free(co, TRUE);
    for (k = 0; verbs[k]; k++) {
        const char *h = g_strstr_len(c->s + at, (gssize)(n - at), verbs[k]);
        if (h && (size_t)(h - c->s) < stop)
            stop = (size_t)(h - c->s);
    }
    sub_buf(r, b, c->a + at, c->a + stop, &pb);
    ok = pparty_read(r, prefix, &pb, 0, reader, label, "the writer named in a sentence");
    pbuf_clear(&pb);
    return ok;
}

/* The first company named after byte at of the clause, its offset. */
static int company_after(const euc_parser *p, const clause *c, size_t at,
                         size_t *where)
{
    GArray *co = companies(p, c);
    guint i;
    int hit = 0;

    for (i = 0; i < co->len && !hit; i++)
        if (g_array_index(co, size_t, i) >= at &&
            g_array_index(co, size_t, i) <= at + 12) {
            *where = g_array_index(co, size_t, i);
            hit = 1;
        }
    g_array_free(co, TRUE);
    return hit;
}

/* The words after a cue to the clause's end, as the value of path. */
static void rest_after(run *r, const pbuf *b, const clause *c, const pmatch *m,
                       const char *path, const char *reader, const char *label,
                       const char *how)
{
    size_t a = c->a + m->b1, e = c->e;

    while (a < e && (b->s->str[a] == ' ' || b->s->str[a] == ':'))
        a++;
    {
        /* "is the manufacture of", "in the production of" */
        static const char *const skip[] = {"is ", "are ", "consists of ", "in ",
                                           "the ", NULL};
        int moved = 1;
        while (moved) {
            size_t k;
            moved = 0;
            for (k = 0; skip[k]; k++)
                if (g_ascii_strncasecmp(b->s->str + a, skip[k], strlen(skip[k])) == 0) {
                    a += strlen(skip[k]);
                    moved = 1;
                }
        }
    }
    while (e > a && (b->s->str[e - 1] == '.' || b->s->str[e - 1] == ' '))
        e--;
    if (e > a + 2)
        run_set_buf(r, path, FT_TEXT, b, a, e, reader, label, how);
}

static void named_roles(run *r, const pbuf *b, const clause *c,
                        const char *reader, const char *label)
{
    const euc_parser *p = r->p;
    const pmatch *m;
    size_t at;

    m = first(c, Q_SELLER);
    if (m && run_get(r, P_EXPORTER_NAME) == NULL &&
        company_after(p, c, m->b1 + 1, &at)) {
        size_t len = pparty_name_len(p, c->s + at, c->e - c->a - at);
        run_set_buf(r, P_EXPORTER_NAME, FT_LINE, b, c->a + at, c->a + at + len,
                    reader, label, "the seller named in a sentence");
    }
    m = first(c, Q_CONSIGNEE);
    if (m && run_get(r, P_CONSIGNEE_NAME) == NULL) {
        /* "imported by X, ADDRESS, acting as consignee": the company after
         * "by", its address to the next clause word */
        size_t from = strcmp(g_array_index(c->toks, ptok, m->t0).s, "import") == 0
                          ? m->b1 + 1 : 0;
        if (company_after(p, c, from, &at) || (from == 0 && company_after(p, c, 0, &at))) {
            static const char *const stops[] = {", acting", " acting", ", who",
                                                ", which", " who ", " which ", NULL};
            size_t e = c->e - c->a, k;
            pbuf pb;
            for (k = 0; stops[k]; k++) {
                const char *h = g_strstr_len(c->s + at, (gssize)(e - at), stops[k]);
                if (h && (size_t)(h - c->s) < e)
                    e = (size_t)(h - c->s);
            }
            sub_buf(r, b, c->a + at, c->a + e, &pb);
            pparty_read(r, "consignee", &pb, 0, reader, label,
                        "the consignee named in a sentence");
            pbuf_clear(&pb);
        }
    }
    /* "under contract No. SC-2025-1187" */
    if (run_get(r, "contract-number") == NULL) {
        guint i;
        for (i = 0; i + 1 < c->toks->len; i++) {
            const ptok *t = &g_array_index(c->toks, ptok, i);
            if (strcmp(t->s, "contract") == 0 || strcmp(t->s, "order") == 0 ||
                strcmp(t->s, "po") == 0) {
                /* the reference: the next word with digits, after "No." */
                const char *s = c->s + t->end, *e = c->s + (c->e - c->a);
                /* (the sentence may wrap between the words: "contract" / "No.") */
                while (s < e && (g_ascii_isspace(*s) || *s == '.' || *s == ':' || *s == '#'))
                    s++;
                if (s + 3 < e && (g_ascii_strncasecmp(s, "no", 2) == 0 ||
                                  g_ascii_strncasecmp(s, "number", 6) == 0))
                    while (s < e && !g_ascii_isspace(*s))
                        s++;
                while (s < e && (g_ascii_isspace(*s) || *s == '.' || *s == ':'))
                    s++;
                {
                    const char *q = s;
                    int digit = 0;
                    while (q < e && (g_ascii_isalnum(*q) || *q == '-' || *q == '/' ||
                                     (*q == '.' && q + 1 < e && g_ascii_isalnum(q[1])))) {
                        digit |= g_ascii_isdigit(*q);
                        q++;
                    }
                    if (digit && q - s >= 4) {
                        size_t a0 = c->a + (size_t)(s - c->s);
                        run_set_buf(r, "contract-number", FT_LINE, b, a0,
                                    a0 + (size_t)(q - s), reader, label,
                                    "a contract named in a sentence");
                        break;
                    }
                }
            }
        }
    }
    m = first(c, Q_CONTACT);
    if (m && run_get(r, P_END_USER_CONTACT) == NULL && has(c, Q_SELF) == 0 &&
        m->b1 < c->e - c->a)
        rest_after(r, b, c, m, P_END_USER_CONTACT, reader, label,
                   "the contact a sentence names");
    else if (m && run_get(r, P_END_USER_CONTACT) == NULL)
        rest_after(r, b, c, m, P_END_USER_CONTACT, reader, label,
                   "the contact a sentence names");
    /* "Our address is No. 57, Gongye 1st Rd., Tainan, Taiwan." */
    m = first(c, Q_SELFADDR);
    if (m && run_get(r, P_END_USER_ADDRESS) == NULL && c->neg0 == (size_t)-1 &&
        !g_hash_table_contains(r->blank, P_END_USER_ADDRESS)) {
        size_t a = c->a + m->b1, e = c->e;
        pbuf pb;
        while (a < e && (b->s->str[a] == ' ' || b->s->str[a] == ':'))
            a++;
        while (e > a && (b->s->str[e - 1] == '.' || b->s->str[e - 1] == ' '))
            e--;
        if (e > a + 4) {
            sub_buf(r, b, a, e, &pb);
            pparty_address(r, "end-user", &pb, reader, label,
                           "the writer's address in a sentence");
            pbuf_clear(&pb);
        }
    }
    m = first(c, Q_BUSINESS);
    if (m && run_get(r, P_END_USER_BUSINESS) == NULL && has(c, Q_SELF))
        rest_after(r, b, c, m, P_END_USER_BUSINESS, reader, label,
                   "the business a sentence names");
}

static unsigned apply(run *r, const pbuf *b, clause *c, const clause *next,
                      size_t sa, size_t se, unsigned want, const char *reader,
                      const char *label)
{
    const euc_parser *p = r->p;
    unsigned got = 0;
    GArray *sp = pbuf_spans(b, sa, se);
    char *sentence = g_strndup(b->s->str + sa, se - sa);
    int wmd = has(c, Q_WMD);
    int mil_neg = scoped(c, Q_MIL, 1, wmd ? 3 : 1);
    int mil_pos = scoped(c, Q_MIL, 0, wmd ? 3 : 1);
    int rx_strong = scoped(c, Q_RX, 1, 3) || scoped(c, Q_RX, 0, 3);
    int rx_weak = (scoped(c, Q_RX, 1, 1) || scoped(c, Q_RX, 0, 1)) &&
                  (has(c, Q_ABROAD) || names_foreign(r, c));
    int verify = has(c, Q_VERIFY);
    char *q;

    for (q = sentence; *q; q++)
        if (*q == '\n')
            *q = ' ';
    g_strstrip(sentence);
    {
        /* "1) We will not ...": the list's number is no part of it */
        size_t ml;
        if (playout_marker(p, sentence, strlen(sentence), &ml) != MK_NONE && ml > 0)
            memmove(sentence, sentence + ml, strlen(sentence + ml) + 1);
    }
    if (mil_neg && !mil_pos) {
        got |= CL_NO_MILITARY;
        if (want & CL_NO_MILITARY)
            run_add_assurance(r, "no-military-use", sentence, (pspan *)sp->data,
                              sp->len, reader);
    }
    if (wmd) {
        if (c->neg0 != (size_t)-1 || has(c, Q_CIVIL)) {
            got |= CL_NO_WMD;
            if (want & CL_NO_WMD)
                run_add_assurance(r, "no-wmd", sentence, (pspan *)sp->data,
                                  sp->len, reader);
        }
    }
    if ((rx_strong || rx_weak) && !verify) {
        int denied = scoped(c, Q_RX, 1, rx_strong ? 3 : 1) || has(c, Q_CONSENT);
        if (denied) {
            got |= CL_RX_NO;
            if (want & CL_RX_NO) {
                run_set_permitted(r, "no", (pspan *)sp->data, sp->len,
                                  "an undertaking not to re-export");
                run_add_assurance(r, "no-re-export", sentence, (pspan *)sp->data,
                                  sp->len, reader);
                run_set(r, P_RE_EXPORT_CLAUSE, sentence, (pspan *)sp->data,
                        sp->len, reader, label, "an undertaking not to re-export");
            }
        } else {
            got |= CL_RX_YES;
            if (want & CL_RX_YES) {
                run_set_permitted(r, "yes", (pspan *)sp->data, sp->len,
                                  "a declared re-export");
                run_set(r, P_RE_EXPORT_CLAUSE, sentence, (pspan *)sp->data,
                        sp->len, reader, label, "a declared re-export");
                run_add_destinations(r, b, c->a, c->e);
                if (next)
                    run_add_destinations(r, b, next->a, next->e);
            }
        }
    }
    if (scoped(c, Q_TRANSFER, 1, 0) && has(c, Q_THIRD) && !(got & CL_RX_NO)) {
        got |= CL_NO_TRANSFER;
        if (want & CL_NO_TRANSFER)
            run_add_assurance(r, "no-transfer", sentence, (pspan *)sp->data,
                              sp->len, reader);
    }
    if (scoped(c, Q_CHANGE, 1, 0) || (has(c, Q_CHANGE) && has(c, Q_CONSENT) &&
                                      has(c, Q_USE))) {
        got |= CL_NO_CHANGE;
        if (want & CL_NO_CHANGE)
            run_add_assurance(r, "no-change-of-use", sentence, (pspan *)sp->data,
                              sp->len, reader);
    }
    /* "No other company will handle it", "all work is done in-house". */
    if (!(got & (CL_NO_TRANSFER | CL_RX_NO | CL_RX_YES | CL_NO_MILITARY)) &&
        ((scoped(c, Q_PARTY, 1, 0) && (has(c, Q_PROCESS) || c->neg0 != (size_t)-1)) ||
         (scoped(c, Q_PROCESS, 1, 0) && has(c, Q_THIRD)) || has(c, Q_INHOUSE))) {
        const pmatch *ng = first(c, Q_NEG);
        int ok = has(c, Q_INHOUSE) || (ng && (has(c, Q_PARTY) || has(c, Q_THIRD)));
        if (ok) {
            got |= CL_NONE_OTHER;
            if (want & CL_NONE_OTHER) {
                r->none_stated = 1;
                run_set(r, P_SUB_SUPPLIERS_DECLARED_NONE, "true",
                        (pspan *)sp->data, sp->len, reader, label,
                        "a statement that no other party is involved");
            }
        }
    }
    if (verify)
        got |= CL_VERIFY;
    /* The end use: a verb of use outside any negation. */
    if (!verify && !(got & (CL_NO_MILITARY | CL_NO_WMD | CL_NO_TRANSFER |
                           CL_NO_CHANGE | CL_RX_NO | CL_RX_YES | CL_NONE_OTHER))) {
        size_t ua, ue;
        if (end_use_span(c, &ua, &ue) && ue > ua + 5 &&
            g_ascii_strncasecmp(b->s->str + ua, "at ", 3) == 0 &&
            (g_ascii_isupper(b->s->str[ua + 3]) || g_ascii_isdigit(b->s->str[ua + 3]) ||
             g_ascii_strncasecmp(b->s->str + ua + 3, "our ", 4) == 0)) {
            /* "The goods will be used at Osaka Plant, 5-1 Torishima ...":
             * where; what for follows "for" or "as" ("used at our plant in
             * Thessaloniki for the production of magnets") */
            static const char *const what[] = {" for ", " as ", " in the production",
                                               " in the manufacture", NULL};
            size_t k, cut = ue;
            for (k = 0; what[k]; k++) {
                const char *h = g_strstr_len(b->s->str + ua + 3, (gssize)(ue - ua - 3),
                                             what[k]);
                if (h && (size_t)(h - b->s->str) < cut)
                    cut = (size_t)(h - b->s->str);
            }
            if (want & CL_END_USE)
                run_set_buf(r, P_END_USE_LOCATION, FT_TEXT, b, ua + 3, cut, reader,
                            label, "the place after a verb of use");
            if (cut < ue) {
                size_t da = cut + 1;
                while (da < ue && b->s->str[da] != ' ')
                    da++;
                while (da < ue && b->s->str[da] == ' ')
                    da++;
                if (g_str_has_prefix(b->s->str + cut, " in the"))
                    da = cut + 4;
                got |= CL_END_USE;
                if (want & CL_END_USE)
                    run_set_buf(r, P_END_USE_DESCRIPTION, FT_TEXT, b, da, ue, reader,
                                label, "the words after a verb of use and its place");
            }
        } else if (end_use_span(c, &ua, &ue)) {
            if (ue <= ua + 1 && next != NULL) {
                /* "for the following purpose: General industrial use." */
                ua = next->a;
                ue = next->e;
                while (ue > ua && (b->s->str[ue - 1] == '.' || b->s->str[ue - 1] == ' '))
                    ue--;
            }
            if (ue > ua + 2) {
                got |= CL_END_USE;
                if (want & CL_END_USE)
                    run_set_buf(r, P_END_USE_DESCRIPTION, FT_TEXT, b, ua, ue,
                                reader, label, "the words after a verb of use");
            }
        }
        if (mil_pos) {
            got |= CL_MILITARY_USE;
            if ((want & CL_END_USE) && !(got & CL_END_USE))
                run_set_buf(r, P_END_USE_DESCRIPTION, FT_TEXT, b, c->a, c->e,
                            reader, label, "a military use stated");
        }
    }
    /* "We, X, of ADDRESS, hereby certify ...": the writer, who is the end
     * user unless the letter names another */
    if ((want & CL_END_USER) && r->writer == NULL && first(c, Q_SELF) &&
        first(c, Q_SELF)->t0 == 0 && !has(c, Q_EUSELF)) {
        GArray *co = companies(p, c);
        if (co->len > 0 && g_array_index(co, size_t, 0) < 12) {
            size_t n = c->e - c->a, at = g_array_index(co, size_t, 0), stop = n, k;
            static const char *const verbs[] = {", hereby", " hereby", " certify",
                                                " confirm", " declare", " undertake",
                                                NULL};
            for (k = 0; verbs[k]; k++) {
                const char *h = g_strstr_len(c->s + at, (gssize)(n - at), verbs[k]);
                if (h && (size_t)(h - c->s) < stop)
                    stop = (size_t)(h - c->s);
            }
            if (stop < n) {
                r->writer = g_new0(pbuf, 1);
                sub_buf(r, b, c->a + at, c->a + stop, r->writer);
            }
        }
        g_array_free(co, TRUE);
    }
    /* "This is to certify that X, of ADDRESS, confirms that ...": X
     * declares, as the writer would */
    if ((want & CL_END_USER) && r->writer == NULL && !has(c, Q_EUSELF)) {
        static const char *const decl[] = {" confirms ", " certifies ", " declares ",
                                           " undertakes ", " hereby ", NULL};
        GArray *co = companies(p, c);
        if (co->len > 0) {
            size_t n = c->e - c->a, at = g_array_index(co, size_t, 0), stop = n, k;
            for (k = 0; decl[k]; k++) {
                const char *h = g_strstr_len(c->s + at, (gssize)(n - at), decl[k]);
                if (h && (size_t)(h - c->s) < stop)
                    stop = (size_t)(h - c->s);
            }
            /* the company is the subject: the verb follows its address */
            if (stop < n && stop - at < 200) {
                r->writer = g_new0(pbuf, 1);
                sub_buf(r, b, c->a + at, c->a + stop, r->writer);
            }
        }
        g_array_free(co, TRUE);
    }
    /* "... how X Corp. will use the goods": the company that uses them */
    if ((want & CL_END_USER) && has(c, Q_USE) && c->neg0 == (size_t)-1 &&
        run_get(r, P_END_USER_NAME) == NULL &&
        !g_hash_table_contains(r->blank, P_END_USER_NAME))
        user_subject(r, b, c, reader, label);
    /* Who the end user is. */
    if (has(c, Q_EUSELF) && !(got & (CL_NO_MILITARY | CL_NO_TRANSFER)) &&
        c->neg0 == (size_t)-1) {
        got |= CL_END_USER;
        if ((want & CL_END_USER) && run_get(r, P_END_USER_NAME) == NULL &&
            !g_hash_table_contains(r->blank, P_END_USER_NAME)) {
            if (!writer_party(r, b, c, "end-user", reader, label) &&
                has(c, Q_SELF))
                r->writer_end_user = 1;
        }
    }
    /* Other parties named with what they do. */
    if ((want & CL_PARTY) && (has(c, Q_PROCESS) || has(c, Q_PARTY)) &&
        c->neg0 == (size_t)-1 && !has(c, Q_EUSELF)) {
        GArray *co = companies(p, c);
        guint i;
        /* the parties named after the cue: "sent to our subcontractor X",
         * "machined by X, ADDRESS (role) and by Y, ADDRESS (role)" */
        const pmatch *pm = first(c, Q_PROCESS) ? first(c, Q_PROCESS) : first(c, Q_PARTY);
        for (i = 0; i < co->len; i++) {
            size_t at = g_array_index(co, size_t, i);
            size_t end = i + 1 < co->len ? g_array_index(co, size_t, i + 1)
                                         : c->e - c->a;
            if (pm && pm->b0 < at) {
                read_party_at(r, b, c, at, end, reader, label);
                got |= CL_PARTY;
            }
        }
        g_array_free(co, TRUE);
    }
    /* The seller, the consignee, the contact, the business. */
    if ((want & CL_END_USER) && c->neg0 == (size_t)-1)
        named_roles(r, b, c, reader, label);
    /* Items given in a sentence. */
    /* (a sentence that names goods by their HS code but no quantity is an
     * item too, when no other gives the items: "The order covers X (HS
     * 2846.90), value USD 1") */
    if ((want & CL_ITEMS) && !r->items_from_table && !(got & CL_NO_MILITARY) &&
        (pitems_has_quantity(p, sentence) ||
         (pitems_has_hs(p, sentence) && !run_has_prefix(r, "items"))) && !verify) {
        pbuf ib;
        sub_buf(r, b, c->a, c->e, &ib);
        if (pitems_read(r, &ib, reader, label, "an item in a sentence") > 0)
            got |= CL_ITEMS;
        pbuf_clear(&ib);
    }
    else if ((want & CL_ITEMS) && !r->items_from_table && !verify) {
        pbuf ib;
        sub_buf(r, b, c->a, c->e, &ib);
        if (pitems_value_alone(r, &ib, reader, label))
            got |= CL_ITEMS;
        pbuf_clear(&ib);
    }
    g_array_free(sp, TRUE);
    g_free(sentence);
    return got;
}

/* Was the buffer's text read by OCR (its first page's)? */
static int buf_ocr(const run *r, const pbuf *b)
{
    GArray *sp = pbuf_spans(b, 0, b->s->len);
    int page = 0;
    double conf;

    run_evidence(r, (const pspan *)(void *)sp->data, sp->len, &page, &conf, NULL);
    g_array_free(sp, TRUE);
    return page < 1 || r->d.ocr == NULL || r->d.ocr[page - 1];
}

unsigned pprose_read(run *r, const pbuf *b, unsigned want, const char *reader,
                     const char *label)
{
    GArray *sents = pprose_sentences(r->p, b->s->str);
    unsigned got = 0;
    guint i, j;
    int ocr = buf_ocr(r, b);

    for (i = 0; i < sents->len; i++) {
        pspan s = g_array_index(sents, pspan, i);
        GArray *cl = clauses_of(b->s->str, s.off, s.end);
        clause *cs = g_new0(clause, cl->len + 1);
        for (j = 0; j < cl->len; j++) {
            pspan x = g_array_index(cl, pspan, j);
            clause_analyse(r->p, b->s->str, x.off, x.end, ocr, &cs[j]);
        }
        /* "neither ... nor" and "not ... or" reach over a list with
         * commas, but not over a ";" */
        for (j = 0; j < cl->len; j++)
            got |= apply(r, b, &cs[j], j + 1 < cl->len ? &cs[j + 1] : NULL,
                         s.off, s.end, want, reader, label);
        for (j = 0; j < cl->len; j++)
            clause_free(&cs[j]);
        g_free(cs);
        g_array_free(cl, TRUE);
    }
    g_array_free(sents, TRUE);
    return got;
}

/* --- the free text --------------------------------------------------- */

static int line_free(const run *r, size_t li)
{
    const pline *l = &r->d.l[li];

    /* (an option left unticked, "[ ] The goods will be re-exported to:",
     * states nothing) */
    return l->nw > 0 && l->owner < 0 && l->table < 0 &&
           !(l->flags & (PL_FURNITURE | PL_SCRAP | PL_RULE)) &&
           ptext_checkbox(r->d.text->str + l->off, l->end - l->off) != 0;
}

/* Where a letterhead line's contact details start ("... Tel. +52 ...",
 * "www.x.com"), or its end. */
static size_t contact_at(const char *s, size_t n)
{
    static const char *const cues[] = {"Tel", "TEL", "Phone", "Fax", "FAX", "www.",
                                       "E-mail", "Email", "http", NULL};
    size_t k, at = n;

    for (k = 0; cues[k]; k++) {
        const char *h = g_strstr_len(s, (gssize)n, cues[k]);
        if (h && (size_t)(h - s) < at)
            at = (size_t)(h - s);
    }
    {
        const char *h = memchr(s, '@', n);
        if (h) {
            while (h > s && h[-1] != ' ')
                h--;
            if ((size_t)(h - s) < at)
                at = (size_t)(h - s);
        }
    }
    while (at > 0 && (s[at - 1] == ' ' || s[at - 1] == '|' || s[at - 1] == ','))
        at--;
    return at;
}

/* The letterhead: the first free lines of page 1 when they name a company,
 * and its address lines below, without the telephone and web details or a
 * logo's letters. */
static void letterhead(run *r, pbuf *out)
{
    size_t li;
    int started = 0;
    char iso[11];

    for (li = 0; li < r->d.nl; li++) {
        const pline *l = &r->d.l[li];
        const char *s = r->d.text->str + l->off;
        size_t n = l->end - l->off, keep;
        if (l->page > 0)
            break;
        if (l->flags & (PL_FURNITURE | PL_SCRAP))
            continue;
        if (!started) {
            if (pparty_name_len(r->p, s, n) == 0)
                return;
            started = 1;
        } else if (l->gap > 1.2 * r->d.fh || l->owner >= 0 || (l->flags & PL_RULE)) {
            break;
        }
        keep = contact_at(s, n);
        if (started && li > 0 && keep == 0)
            break; /* a line of contact details ends the letterhead */
        if (keep <= 3 && n <= 3)
            continue; /* a logo's letters */
        {
            char *t = g_strndup(s, keep);
            size_t da, db;
            int date = pdate_find(r->p, t, iso, &da, &db) == 0 && keep < 40;
            g_free(t);
            if (date && out->s->len > 0)
                break;
        }
        if (keep > 0)
            pbuf_add(out, r->d.text->str, l->off, l->off + keep, "\n");
        if (out->s->len > 400)
            break;
    }
}

/* Does line l go on with the sentence of prev whatever their lengths?  It
 * starts in lower case ("... and" / "by Y Co."), or with a number after
 * a line that ends mid-sentence ("Tel. +81" / "6 6201 3300."). */
static int runs_on(const run *r, const pline *prev, const pline *l)
{
    const char *t = r->d.text->str;
    size_t e = prev->end;

    if (g_ascii_islower(t[l->off]))
        return 1;
    while (e > prev->off && t[e - 1] == ' ')
        e--;
    if (e <= prev->off || strchr(".:;!?", t[e - 1]) != NULL)
        return 0;
    /* ("under contract" / "No. SIC-174, will be used ...": a number word
     * of concepts.xml, then the reference, goes on with the sentence) */
    {
        const char *w = t + l->off, *sp = memchr(w, ' ', l->end - l->off), *q;
        int digit = 0;
        for (q = sp ? sp + 1 : NULL; q && q < t + l->end && q < sp + 9 && *q != ' '; q++)
            digit |= g_ascii_isdigit(*q);
        if (digit) {
            char *first = g_strndup(w, (size_t)(sp - w));
            pspan at;
            int hit = pterms_in(&r->p->concepts[r->p->a_number].terms, first, &at) &&
                      at.off == 0;
            g_free(first);
            if (hit)
                return 1;
        }
    }
    return g_ascii_isdigit(t[l->off]) && l->mark == MK_NONE;
}

void pprose_read_free(run *r)
{
    size_t li;
    pbuf para;
    int intro_party = 0;
    guint i;

    pbuf_init(&para);
    for (li = 0; li <= r->d.nl; li++) {
        const pline *l = li < r->d.nl ? &r->d.l[li] : NULL;
        int brk = l == NULL || !line_free(r, li);
        if (!brk && para.s->len > 0) {
            const pline *prev = &r->d.l[li - 1];
            /* a line that ends short of the margin ends its paragraph */
            /* (unless the next line goes on in lower case: "... and" /
             * "by Y Co."; no sentence starts so) */
            /* a sentence cut by a page break goes on at the top of the
             * next page: "... without the prior written" / "consent of" */
            int turn = playout_turns_page(&r->d, prev, l);
            if ((l->page != prev->page && !turn) ||
                (l->page == prev->page && l->gap > 0.9 * r->d.fh) ||
                (l->mark != MK_NONE && l->mark != MK_BULLET) ||
                (!turn && !playout_wraps(&r->d, prev->page, prev->box.x1, l->w0) &&
                 !runs_on(r, prev, l)))
                brk = 1;
        }
        if (brk && para.s->len > 0) {
            size_t ml;
            int marked = playout_marker(r->p, para.s->str, para.s->len, &ml) != MK_NONE;
            unsigned got;
            if (marked && intro_party && pparty_is_company(r->p, para.s->str + ml,
                                                           para.s->len - ml)) {
                /* an entry of a list of parties after its introduction */
                pbuf pb;
                char *prefix = g_strdup_printf("sub-suppliers/party[%d]",
                                               run_next_index(r, P_SUB_SUPPLIERS_PARTY));
                GArray *sp = pbuf_spans(&para, ml, para.s->len);
                guint k;
                pbuf_init(&pb);
                for (k = 0; k < sp->len; k++) {
                    pspan x = g_array_index(sp, pspan, k);
                    pbuf_add(&pb, r->d.text->str, x.off, x.end, " ");
                }
                g_array_free(sp, TRUE);
                if (!r->parties_labelled)
                    pparty_read(r, prefix, &pb, 1, "prose", NULL,
                                "an entry of a list of parties");
                g_free(prefix);
                pbuf_clear(&pb);
            } else {
                got = pprose_read(r, &para, ~0u & ~(r->parties_labelled ? CL_PARTY : 0),
                                  "prose", NULL);
                {
                    /* "These companies will process the goods:" */
                    const char *t = para.s->str;
                    size_t n = para.s->len;
                    while (n > 0 && t[n - 1] == ' ')
                        n--;
                    if (n > 0 && t[n - 1] == ':') {
                        clause c;
                        clause_analyse(r->p, t, 0, n, buf_ocr(r, &para), &c);
                        intro_party = has(&c, Q_PARTY) || has(&c, Q_PROCESS);
                        clause_free(&c);
                    } else if (!marked) {
                        intro_party = 0;
                    }
                }
                (void)got;
            }
            pbuf_clear(&para);
            pbuf_init(&para);
        }
        if (l != NULL && line_free(r, li))
            pbuf_add(&para, r->d.text->str, l->off, l->end, " ");
    }
    pbuf_clear(&para);
    /* Unknown labels' values are prose too ("Remarks: ..."). */
    for (i = 0; i < r->entries->len; i++) {
        pentry *e = &g_array_index(r->entries, pentry, i);
        pbuf b;
        if (e->field >= 0 || e->done || e->val->len == 0 || e->sense.question)
            continue;
        pbuf_init(&b);
        pfields_value(r, e, &b, 0);
        pprose_read(r, &b, ~0u & ~(CL_PARTY | CL_END_USER), "prose", e->label_text);
        pbuf_clear(&b);
    }
    /* "We, X, certify" and no other end user: the writer */
    if (r->writer != NULL && run_get(r, P_END_USER_NAME) == NULL &&
        !g_hash_table_contains(r->blank, P_END_USER_NAME))
        pparty_read(r, "end-user", r->writer, 0, "prose", NULL,
                    "the writer, who makes the certificate");
    /* The end user named, its address not: the letterhead's, when it is
     * the same company ("we confirm that X is the end user" under X's
     * letterhead). */
    if (run_get(r, P_END_USER_NAME) != NULL && run_get(r, P_END_USER_ADDRESS) == NULL &&
        !g_hash_table_contains(r->blank, P_END_USER_ADDRESS)) {
        pbuf lh;
        const char *nm = run_get(r, P_END_USER_NAME)->text;
        pbuf_init(&lh);
        letterhead(r, &lh);
        if (lh.s->len > strlen(nm) && g_ascii_strncasecmp(lh.s->str, nm, strlen(nm)) == 0)
            pparty_read(r, "end-user", &lh, 0, "prose", NULL,
                        "the letterhead of the end user named in the letter");
        pbuf_clear(&lh);
    }
    /* "We are the end user" with no name: the letterhead's company. */
    if (r->writer_end_user && run_get(r, P_END_USER_NAME) == NULL &&
        !g_hash_table_contains(r->blank, P_END_USER_NAME)) {
        pbuf lh;
        pbuf_init(&lh);
        letterhead(r, &lh);
        if (lh.s->len > 0)
            pparty_read(r, "end-user", &lh, 0, "prose", NULL,
                        "the writer (letterhead), who states being the end user");
        pbuf_clear(&lh);
    }
}
