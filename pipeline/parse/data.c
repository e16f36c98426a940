/* Loading the parse stage's data: schemas/fields.xml (fields, shared
 * vocabularies, output template), schemas/concepts.xml (what label words
 * mean), schemas/prose.xml (clause cues) and schemas/countries.xml.  Every
 * error names the file and, where there is one, the line. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "euc/data.h"
#include "parse-imp.h"

static const struct {
    const char *name;
    pftype type;
} type_names[] = {
    {"text", FT_TEXT},           {"line", FT_LINE},
    {"date", FT_DATE},           {"country", FT_COUNTRY},
    {"party", FT_PARTY},         {"items", FT_ITEMS},
    {"addressee", FT_ADDRESSEE},
    {"parties", FT_PARTIES},     {"re-export", FT_REEXPORT},
    {"destinations", FT_DESTINATIONS},
    {"signature", FT_SIGNATURE}, {"seal", FT_SEAL},
    {"unit", FT_UNIT},           {"currency", FT_CURRENCY},
    {"quantity", FT_QUANTITY},   {"money", FT_MONEY},
    {"assurances", FT_ASSURANCES}, {"signatory", FT_SIGNATORY},
    {"military", FT_MILITARY},   {"ignore", FT_IGNORE},
    {"section", FT_SECTION},
};

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    xmlNodePtr c;

    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (euc_xml_is(c, NULL, name))
            return c;
    return NULL;
}

/* Text content, trimmed; caller frees with g_free. */
static char *content(xmlNodePtr n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    char *s = g_strstrip(g_strdup(t ? (const char *)t : ""));

    xmlFree(t);
    return s;
}

/* A data file read, validated against its own schema and checked for its
 * root element. */
static xmlDocPtr read_data(const char *dir, const char *name, const char *root,
                           char **file, euc_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr r;

    *file = g_build_filename(dir, name, NULL);
    doc = euc_data_load(*file, NULL, "parse", err);
    if (doc == NULL)
        return NULL;
    r = xmlDocGetRootElement(doc);
    if (r == NULL || !euc_xml_is(r, NULL, root)) {
        euc_error_set(err, EUC_ERR_DATA, "parse", *file, "root is not <%s>",
                      root);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

static GRegex *compile(const char *pat, GRegexCompileFlags flags,
                       const char *what, xmlNodePtr at, const char *file,
                       euc_error *err)
{
    GError *gerr = NULL;
    GRegex *re = g_regex_new(pat, flags | G_REGEX_OPTIMIZE, 0, &gerr);

    if (re == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file,
                      "bad %s (line %ld): %s", what,
                      at ? (long)xmlGetLineNo(at) : 0L,
                      gerr ? gerr->message : "?");
        g_clear_error(&gerr);
    }
    return re;
}

/* --- term lists ---------------------------------------------------------- */

static void term_free(pterm *t)
{
    g_strfreev(t->tok);
    g_free(t->cjk);
    g_free(t->text);
}

static void terms_clear(pterms *l)
{
    size_t i;

    for (i = 0; i < l->n; i++)
        term_free(&l->t[i]);
    g_free(l->t);
    g_free(l->name);
    memset(l, 0, sizeof *l);
}

static void terms_free(gpointer data)
{
    pterms *l = data;

    terms_clear(l);
    g_free(l);
}

/* A term as tokens; a term in Chinese or Japanese is one CJK string. */
static int term_make(const char *text, double w, pterm *out)
{
    GArray *toks = ptext_tokens(text, strlen(text));
    guint i;
    int cjk = 0;

    memset(out, 0, sizeof *out);
    for (i = 0; i < toks->len; i++)
        if (g_array_index(toks, ptok, i).flags & TK_CJK)
            cjk = 1;
    out->w = w;
    out->text = g_strdup(text);
    if (toks->len == 0) {
        ptext_tokens_free(toks);
        return -1;
    }
    if (cjk) {
        /* Latin letters inside ("HSコード") are kept as written. */
        GString *s = g_string_new(NULL);
        for (i = 0; i < toks->len; i++)
            g_string_append(s, g_array_index(toks, ptok, i).s);
        out->cjk = g_string_free(s, FALSE);
    } else {
        out->ntok = toks->len;
        out->tok = g_new0(char *, toks->len + 1);
        for (i = 0; i < toks->len; i++)
            out->tok[i] = g_strdup(g_array_index(toks, ptok, i).s);
    }
    ptext_tokens_free(toks);
    return 0;
}

/* Every <t> of n into l. */
static int terms_load(xmlNodePtr n, pterms *l, const char *file,
                      euc_error *err)
{
    xmlNodePtr c;
    GArray *arr = g_array_new(FALSE, TRUE, sizeof(pterm));

    for (c = n ? n->children : NULL; c != NULL; c = c->next) {
        pterm t;
        char *text, *ws;
        double w = 2;
        if (!euc_xml_is(c, NULL, "t"))
            continue;
        text = content(c);
        ws = euc_xml_prop(c, "w");
        if (ws)
            w = g_ascii_strtod(ws, NULL);
        g_free(ws);
        if (term_make(text, w > 0 ? w : 2, &t) < 0) {
            g_free(text);
            g_array_free(arr, TRUE);
            return euc_error_set(err, EUC_ERR_DATA, "parse", file,
                                 "empty term (line %ld)",
                                 (long)xmlGetLineNo(c));
        }
        g_free(text);
        g_array_append_val(arr, t);
    }
    l->n = arr->len;
    l->t = (pterm *)g_array_free(arr, FALSE);
    return 0;
}

/* --- concepts ------------------------------------------------------------ */

int pdata_concept(const euc_parser *p, const char *name)
{
    size_t i;

    for (i = 0; name && i < p->nconcepts; i++)
        if (strcmp(p->concepts[i].terms.name, name) == 0)
            return (int)i;
    return -1;
}

const pterms *pdata_cues(const euc_parser *p, const char *name)
{
    return g_hash_table_lookup(p->cues, name);
}

const char *pdata_word_at(const euc_parser *p, const char *list,
                          const char *s, int whole)
{
    const pterms *l = pdata_cues(p, list);
    size_t i;

    for (i = 0; l != NULL && i < l->n; i++) {
        const char *w = l->t[i].text;
        size_t n = strlen(w);
        if (g_ascii_strncasecmp(s, w, n) != 0)
            continue;
        if (whole ? s[n] == '\0'
                  : (s[n] == '\0' || !g_ascii_isalnum(s[n]) ||
                     (unsigned char)w[n - 1] >= 0x80))
            return w;
    }
    return NULL;
}

static int load_concepts(euc_parser *p, const char *dir, euc_error *err)
{
    char *file = NULL;
    xmlDocPtr doc = read_data(dir, "concepts.xml", "concepts", &file, err);
    GArray *arr;
    GPtrArray *implies;
    xmlNodePtr c;
    guint i;
    int rc = -1;

    if (doc == NULL)
        goto cleanup;
    arr = g_array_new(FALSE, TRUE, sizeof(pconcept));
    implies = g_ptr_array_new_with_free_func(g_free);
    for (c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next) {
        pconcept pc;
        char *kind, *weak;
        if (euc_xml_is(c, NULL, "not-label") || euc_xml_is(c, NULL, "sentence-verbs") ||
            euc_xml_is(c, NULL, "declaring-verbs") || euc_xml_is(c, NULL, "prompt-verbs")) {
            pterms *nl = g_new0(pterms, 1);
            nl->name = g_strdup((const char *)c->name);
            if (terms_load(c, nl, file, err) < 0) {
                terms_free(nl);
                goto fail;
            }
            g_hash_table_replace(p->cues, nl->name, nl);
            continue;
        }
        if (!euc_xml_is(c, NULL, "concept"))
            continue;
        memset(&pc, 0, sizeof pc);
        pc.terms.name = euc_xml_prop(c, "name");
        pc.implies = -1;
        if (pc.terms.name == NULL) {
            euc_error_set(err, EUC_ERR_DATA, "parse", file,
                          "<concept> needs name= (line %ld)",
                          (long)xmlGetLineNo(c));
            goto fail;
        }
        kind = euc_xml_prop(c, "kind");
        pc.kind = kind && strcmp(kind, "attribute") == 0 ? PC_ATTR : PC_ENTITY;
        g_free(kind);
        weak = euc_xml_prop(c, "weak");
        pc.weak = weak && strcmp(weak, "true") == 0;
        g_free(weak);
        weak = euc_xml_prop(c, "whole");
        pc.whole = weak && strcmp(weak, "true") == 0;
        g_free(weak);
        g_ptr_array_add(implies, euc_xml_prop(c, "implies"));
        if (terms_load(c, &pc.terms, file, err) < 0) {
            terms_clear(&pc.terms);
            goto fail;
        }
        g_array_append_val(arr, pc);
    }
    p->nconcepts = arr->len;
    p->concepts = (pconcept *)g_array_free(arr, FALSE);
    arr = NULL;
    for (i = 0; i < implies->len; i++) {
        const char *im = g_ptr_array_index(implies, i);
        if (im == NULL)
            continue;
        p->concepts[i].implies = pdata_concept(p, im);
        if (p->concepts[i].implies < 0) {
            euc_error_set(err, EUC_ERR_DATA, "parse", file,
                          "concept '%s' implies unknown '%s'",
                          p->concepts[i].terms.name, im);
            g_ptr_array_free(implies, TRUE);
            goto cleanup;
        }
    }
    g_ptr_array_free(implies, TRUE);
    rc = 0;
    goto cleanup;
fail:
    for (i = 0; arr && i < arr->len; i++)
        terms_clear(&g_array_index(arr, pconcept, i).terms);
    if (arr)
        g_array_free(arr, TRUE);
    g_ptr_array_free(implies, TRUE);
cleanup:
    if (doc)
        xmlFreeDoc(doc);
    g_free(file);
    return rc;
}

/* The concepts the C code reads by name; a data file without one of them
 * is broken. */
static int bind_concepts(euc_parser *p, euc_error *err)
{
    static const struct {
        const char *name;
        size_t off;
    } names[] = {
#define B(n, f) {n, offsetof(euc_parser, f)}
        B("exporter", c_exporter), B("consignee", c_consignee),
        B("end-user", c_end_user), B("end-use", c_end_use),
        B("items", c_items), B("sub-suppliers", c_sub_suppliers),
        B("re-export", c_re_export), B("assurances", c_assurances),
        B("signatory", c_signatory), B("certificate", c_certificate),
        B("contract", c_contract), B("military", c_military),
        B("name", a_name), B("address", a_address), B("country", a_country),
        B("date", a_date), B("title", a_title), B("number", a_number),
        B("description", a_description), B("quantity", a_quantity),
        B("hs", a_hs), B("value", a_value), B("unit", a_unit),
        B("currency", a_currency), B("control", a_control),
        B("role", a_role), B("business", a_business), B("signature", a_signature), B("seal", a_seal),
        B("destination", a_destination), B("location", a_location),
        B("contact", a_contact), B("company", a_company),
#undef B
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        int k = pdata_concept(p, names[i].name);
        if (k < 0)
            return euc_error_set(err, EUC_ERR_DATA, "parse", "concepts.xml",
                                 "concept '%s' is missing", names[i].name);
        *(int *)((char *)p + names[i].off) = k;
    }
    p->a_index = -1;
    return 0;
}

static int load_prose(euc_parser *p, const char *dir, euc_error *err)
{
    char *file = NULL;
    xmlDocPtr doc = read_data(dir, "prose.xml", "prose", &file, err);
    xmlNodePtr c;
    int rc = -1;

    if (doc == NULL)
        goto cleanup;
    for (c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next) {
        pterms *l;
        if (!euc_xml_is(c, NULL, "cues"))
            continue;
        l = g_new0(pterms, 1);
        l->name = euc_xml_prop(c, "name");
        if (l->name == NULL || terms_load(c, l, file, err) < 0) {
            if (l->name == NULL)
                euc_error_set(err, EUC_ERR_DATA, "parse", file,
                              "<cues> needs name= (line %ld)",
                              (long)xmlGetLineNo(c));
            terms_free(l);
            goto cleanup;
        }
        {
            char *m = euc_xml_prop(c, "match");
            l->exact = m != NULL && strcmp(m, "exact") == 0;
            free(m);
        }
        g_hash_table_replace(p->cues, l->name, l);
    }
    {
        static const char *const need[] = {
            "negation", "not-negation", "military", "wmd", "civil",
            "re-export", "abroad", "consent", "transfer", "third-party",
            "party-word", "process", "in-house", "use", "change-of-use",
            "end-user-self", "verification", "self", "closing",
            "title-word", "honorific", "salutation", "not-label",
            "sentence-verbs", "declaring-verbs", "prompt-verbs", "seller-cue", "consignee-cue",
            "contact-cue", "business-cue", "negation-predicate", "item-intro",
            "self-address", "abbreviation", "total-row", "article"};
        size_t i;
        for (i = 0; i < G_N_ELEMENTS(need); i++)
            if (pdata_cues(p, need[i]) == NULL) {
                euc_error_set(err, EUC_ERR_DATA, "parse", file,
                              "cue list '%s' is missing", need[i]);
                goto cleanup;
            }
    }
    rc = 0;
cleanup:
    if (doc)
        xmlFreeDoc(doc);
    g_free(file);
    return rc;
}

/* --- fields.xml ----------------------------------------------------------- */

static int load_fields(euc_parser *p, xmlNodePtr root, euc_error *err,
                       const char *file)
{
    xmlNodePtr f;
    GArray *fields = g_array_new(FALSE, TRUE, sizeof(pfield));

    for (f = root->children; f != NULL; f = f->next) {
        pfield pf = {0};
        char *type, *ml, *ent, *att;
        size_t i;
        int bad = 0;
        if (!euc_xml_is(f, NULL, "field"))
            continue;
        pf.path = euc_xml_prop(f, "path");
        type = euc_xml_prop(f, "type");
        pf.type = (pftype)-1;
        for (i = 0; type && i < G_N_ELEMENTS(type_names); i++)
            if (strcmp(type, type_names[i].name) == 0)
                pf.type = type_names[i].type;
        ent = euc_xml_prop(f, "entity");
        att = euc_xml_prop(f, "attribute");
        pf.entity = ent ? pdata_concept(p, ent) : -1;
        pf.attr = att ? pdata_concept(p, att) : -1;
        if (pf.path == NULL || (int)pf.type < 0)
            bad = euc_error_set(err, EUC_ERR_DATA, "parse", file,
                                "<field> (line %ld) needs path= and a known type=",
                                (long)xmlGetLineNo(f));
        else if ((ent && pf.entity < 0) || (att && pf.attr < 0))
            bad = euc_error_set(err, EUC_ERR_DATA, "parse", file,
                                "<field> (line %ld) names an unknown concept '%s'",
                                (long)xmlGetLineNo(f),
                                ent && pf.entity < 0 ? ent : att);
        else if (!ent && !att)
            bad = euc_error_set(err, EUC_ERR_DATA, "parse", file,
                                "<field> (line %ld) needs entity= or attribute=",
                                (long)xmlGetLineNo(f));
        g_free(type);
        g_free(ent);
        g_free(att);
        if (bad) {
            g_free(pf.path);
            g_array_free(fields, TRUE);
            return -1;
        }
        ml = euc_xml_prop(f, "max-lines");
        pf.max_lines = ml ? (int)strtol(ml, NULL, 10) : 8;
        if (pf.max_lines <= 0)
            pf.max_lines = 8;
        g_free(ml);
        g_array_append_val(fields, pf);
    }
    p->nfields = fields->len;
    p->fields = (pfield *)g_array_free(fields, FALSE);
    return 0;
}

int pdata_field(const euc_parser *p, int e, int a)
{
    size_t i;

    for (i = 0; i < p->nfields; i++)
        if (p->fields[i].entity == e && p->fields[i].attr == a)
            return (int)i;
    return -1;
}

int pdata_field_by_path(const euc_parser *p, const char *path)
{
    size_t i;

    for (i = 0; i < p->nfields; i++)
        if (strcmp(p->fields[i].path, path) == 0)
            return (int)i;
    return -1;
}

static int load_codes(xmlNodePtr n, const char *elname, pcode **out,
                      size_t *nout, euc_error *err, const char *file)
{
    xmlNodePtr c;
    size_t k = 0;

    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (euc_xml_is(c, NULL, elname))
            k++;
    *out = g_new0(pcode, k ? k : 1);
    *nout = 0;
    for (c = n ? n->children : NULL; c != NULL; c = c->next) {
        char *alts, *pat;
        pcode *pc;
        if (!euc_xml_is(c, NULL, elname))
            continue;
        pc = &(*out)[(*nout)++];
        pc->code = euc_xml_prop(c, "code");
        alts = content(c);
        /* Whole words: "t" is a unit, the t of "net" is not. */
        pat = g_strdup_printf("(?<![A-Za-z])(?:%s)(?![A-Za-z])", alts);
        pc->re = compile(pat, G_REGEX_CASELESS, elname, c, file, err);
        g_free(pat);
        g_free(alts);
        if (pc->re == NULL)
            return -1;
        if (pc->code == NULL)
            return euc_error_set(err, EUC_ERR_DATA, "parse", file,
                                 "<%s> (line %ld) needs code=", elname,
                                 (long)xmlGetLineNo(c));
    }
    return 0;
}

static void alternation_lower(xmlNodePtr n, size_t *count, char ***out,
                              int **nums, const char *numattr)
{
    xmlNodePtr c;
    GPtrArray *names = g_ptr_array_new();
    GArray *ns = g_array_new(FALSE, FALSE, sizeof(int));

    for (c = n ? n->children : NULL; c != NULL; c = c->next) {
        char *t, *num;
        gchar **alts;
        int k, v;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        num = euc_xml_prop(c, numattr);
        v = num ? (int)strtol(num, NULL, 10) : 0;
        g_free(num);
        t = strcmp((const char *)c->name, "era") == 0 ? euc_xml_prop(c, "name")
                                                       : content(c);
        alts = g_strsplit(t ? t : "", "|", -1);
        for (k = 0; alts[k]; k++) {
            if (*alts[k] == '\0')
                continue;
            g_ptr_array_add(names, g_utf8_strdown(alts[k], -1));
            g_array_append_val(ns, v);
        }
        g_strfreev(alts);
        g_free(t);
    }
    *count = names->len;
    g_ptr_array_add(names, NULL);
    *out = (char **)g_ptr_array_free(names, FALSE);
    *nums = (int *)g_array_free(ns, FALSE);
}

static int name_len_cmp(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);

    return lx == ly ? 0 : lx < ly ? 1 : -1;
}

/* Regex alternation of names, longest first, metacharacters escaped. */
static char *alt_of(char **names, size_t n)
{
    char **sorted = g_new0(char *, n + 1);
    GString *s = g_string_new(NULL);
    size_t i;

    memcpy(sorted, names, n * sizeof *names);
    qsort(sorted, n, sizeof *sorted, name_len_cmp);
    for (i = 0; i < n; i++) {
        char *e = g_regex_escape_string(sorted[i], -1);
        g_string_append_printf(s, "%s%s", i ? "|" : "", e);
        g_free(e);
    }
    g_free(sorted);
    return g_string_free(s, FALSE);
}

/* pat with {D}, {month}, {era} and {year1} replaced. */
static char *date_expand(const char *pat, const char *months, const char *eras,
                         const char *year1)
{
    static const char *const D = "[0-9０-９]";
    GString *g = g_string_new(NULL);
    const char *q;

    for (q = pat; *q != '\0'; q++) {
        if (g_str_has_prefix(q, "{D}")) {
            g_string_append(g, D);
            q += 2;
        } else if (g_str_has_prefix(q, "{month}")) {
            g_string_append(g, months);
            q += 6;
        } else if (g_str_has_prefix(q, "{era}")) {
            g_string_append(g, eras);
            q += 4;
        } else if (g_str_has_prefix(q, "{year1}")) {
            g_string_append(g, year1);
            q += 6;
        } else {
            g_string_append_c(g, *q);
        }
    }
    return g_string_free(g, FALSE);
}

static int load_dates(euc_parser *p, xmlNodePtr root, euc_error *err,
                      const char *file)
{
    static const struct {
        const char *name;
        pdorder order;
    } orders[] = {{"dmy", PD_DMY}, {"mdy", PD_MDY}, {"ymd", PD_YMD},
                  {"era-ymd", PD_ERA_YMD}, {"dmy-or-mdy", PD_DMY_OR_MDY}};
    char *months, *eras, *year1;
    xmlNodePtr c;
    size_t k;
    int rc = 0;

    alternation_lower(child(root, "months"), &p->nmonths, &p->month_names,
                      &p->month_num, "n");
    alternation_lower(child(root, "eras"), &p->neras, &p->era_names,
                      &p->era_start, "start");
    if (p->nmonths == 0)
        return euc_error_set(err, EUC_ERR_DATA, "parse", file,
                             "<months> is missing");
    p->era_year1 = child(root, "eras") ? euc_xml_prop(child(root, "eras"), "first-year")
                                       : NULL;
    months = alt_of(p->month_names, p->nmonths);
    eras = p->neras ? alt_of(p->era_names, p->neras) : g_strdup("(?!)");
    year1 = p->era_year1 ? g_regex_escape_string(p->era_year1, -1) : g_strdup("(?!)");
    for (c = child(root, "date-patterns") ? child(root, "date-patterns")->children : NULL;
         c != NULL && rc == 0; c = c->next) {
        char *order, *pat, *full;
        if (!euc_xml_is(c, NULL, "pattern"))
            continue;
        order = euc_xml_prop(c, "order");
        for (k = 0; k < G_N_ELEMENTS(orders); k++)
            if (order != NULL && strcmp(order, orders[k].name) == 0)
                break;
        g_free(order);
        if (k == G_N_ELEMENTS(orders) || p->ndate_re == PDATE_MAX) {
            rc = euc_error_set(err, EUC_ERR_DATA, "parse", file,
                               "<pattern> (line %ld): no such order=, or more than %d",
                               (long)xmlGetLineNo(c), PDATE_MAX);
            break;
        }
        pat = content(c);
        full = date_expand(pat, months, eras, year1);
        p->date_re[p->ndate_re] = compile(full, G_REGEX_CASELESS, "date pattern",
                                          c, file, err);
        p->date_order[p->ndate_re] = (int)orders[k].order;
        if (p->date_re[p->ndate_re] == NULL)
            rc = -1;
        else
            p->ndate_re++;
        g_free(pat);
        g_free(full);
    }
    if (rc == 0 && p->ndate_re == 0)
        rc = euc_error_set(err, EUC_ERR_DATA, "parse", file,
                           "<date-patterns> is missing or empty");
    g_free(months);
    g_free(eras);
    g_free(year1);
    return rc;
}

static int country_cmp(const void *a, const void *b)
{
    const pcountry *x = a, *y = b;

    if (x->nnorm != y->nnorm)
        return x->nnorm < y->nnorm ? 1 : -1;
    return 0;
}

static int load_countries(euc_parser *p, const char *dir, euc_error *err)
{
    char *file = NULL;
    xmlDocPtr doc = read_data(dir, "countries.xml", "countries", &file, err);
    GArray *arr;
    xmlNodePtr c, n;
    int rc = -1;

    if (doc == NULL)
        goto cleanup;
    arr = g_array_new(FALSE, TRUE, sizeof(pcountry));
    for (c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next) {
        char *code;
        if (!euc_xml_is(c, NULL, "country"))
            continue;
        code = euc_xml_prop(c, "code");
        for (n = c->children; code && n != NULL; n = n->next) {
            pcountry pc = {0};
            const char *q;
            int upper = 1;
            if (!euc_xml_is(n, NULL, "name"))
                continue;
            pc.code = g_strdup(code);
            pc.name = content(n);
            pc.norm = ptext_norm(pc.name, strlen(pc.name), &pc.nnorm, NULL);
            for (q = pc.name; *q; q++)
                if (g_ascii_islower(*q))
                    upper = 0;
            pc.exact_case = upper && strlen(pc.name) <= 6 &&
                            g_ascii_isalpha(pc.name[0]);
            if (pc.nnorm == 0) {
                g_free(pc.code);
                g_free(pc.name);
                g_free(pc.norm);
                continue;
            }
            g_array_append_val(arr, pc);
        }
        g_free(code);
    }
    p->ncountries = arr->len;
    p->countries = (pcountry *)g_array_free(arr, FALSE);
    qsort(p->countries, p->ncountries, sizeof *p->countries, country_cmp);
    rc = 0;
cleanup:
    if (doc)
        xmlFreeDoc(doc);
    g_free(file);
    return rc;
}

static GRegex *regex_of(xmlNodePtr root, const char *name, GRegexCompileFlags fl,
                        const char *file, euc_error *err)
{
    xmlNodePtr n = child(root, name);
    char *s = content(n);
    char *what = g_strdup_printf("<%s>", name);
    GRegex *re = compile(*s ? s : "(?!)", fl, what, n, file, err);

    g_free(what);
    g_free(s);
    return re;
}

static void pdoctype_free(gpointer data)
{
    pdoctype *d = data;

    g_free(d->value);
    if (d->re)
        g_regex_unref(d->re);
    g_free(d);
}

static void index_list(euc_parser *p, pterms *l)
{
    size_t i, k;

    l->known = p->known;
    for (i = 0; i < l->n; i++)
        for (k = 0; k < l->t[i].ntok; k++)
            g_hash_table_add(p->known, l->t[i].tok[k]);
}

/* The words of every list, for OCR tolerance to leave known words alone. */
static void index_words(euc_parser *p)
{
    GHashTableIter it;
    gpointer key, val;
    size_t i;

    p->known = g_hash_table_new(g_str_hash, g_str_equal);
    for (i = 0; i < p->nconcepts; i++)
        index_list(p, &p->concepts[i].terms);
    g_hash_table_iter_init(&it, p->cues);
    while (g_hash_table_iter_next(&it, &key, &val))
        if (!((pterms *)val)->exact) /* an abbreviation is no word of a label */
            index_list(p, val);
}

int pdata_load(euc_parser *p, const char *dir, euc_error *err)
{
    char *file = NULL;
    xmlNodePtr root, c;
    char *s;
    int rc = -1;

    p->cues = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, terms_free);
    p->doctypes = g_ptr_array_new_with_free_func(pdoctype_free);
    if (load_concepts(p, dir, err) < 0 || bind_concepts(p, err) < 0 ||
        load_prose(p, dir, err) < 0)
        goto cleanup;
    p->fields_doc = read_data(dir, "fields.xml", "fields", &file, err);
    if (p->fields_doc == NULL)
        goto cleanup;
    root = xmlDocGetRootElement(p->fields_doc);
    if (load_fields(p, root, err, file) < 0)
        goto cleanup;
    p->output_tpl = child(child(root, "output"), "certificate");
    if (p->output_tpl == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file,
                      "<output><certificate> is missing");
        goto cleanup;
    }
    p->numbering = regex_of(root, "numbering", 0, file, err);
    p->furniture = p->numbering ? regex_of(root, "furniture", 0, file, err) : NULL;
    p->yes_re = p->furniture ? regex_of(root, "yes-answers", G_REGEX_CASELESS, file, err)
                             : NULL;
    if (p->yes_re == NULL)
        goto cleanup;
    {
        GPtrArray *ph = g_ptr_array_new();
        xmlNodePtr pl = child(root, "placeholders");
        for (c = pl ? pl->children : NULL; c != NULL; c = c->next) {
            if (euc_xml_is(c, NULL, "p")) {
                char *t = content(c);
                size_t nn, i;
                uint32_t *u = ptext_norm(t, strlen(t), &nn, NULL);
                /* Stored normalised; "-" normalises to nothing. */
                GString *gs = g_string_new(NULL);
                for (i = 0; i < nn; i++)
                    g_string_append_unichar(gs, u[i]);
                g_ptr_array_add(ph, g_string_free(gs, FALSE));
                g_free(u);
                g_free(t);
            }
        }
        g_ptr_array_add(ph, NULL);
        p->placeholders = (char **)g_ptr_array_free(ph, FALSE);
    }
    if (load_codes(child(root, "units"), "unit", &p->units, &p->nunits, err,
                   file) < 0 ||
        load_codes(child(root, "currencies"), "currency", &p->currencies,
                   &p->ncurrencies, err, file) < 0)
        goto cleanup;
    s = content(child(root, "company-suffixes"));
    {
        char *low = g_utf8_strdown(s, -1);
        p->suffixes = g_strsplit(low, "|", -1);
        p->suffixes_as_written = g_strsplit(s, "|", -1);
        g_free(low);
    }
    g_free(s);
    p->item_sep = content(child(root, "item-separator"));
    if (*p->item_sep == '\0') {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "<item-separator> is missing");
        goto cleanup;
    }
    if (load_dates(p, root, err, file) < 0)
        goto cleanup;
    for (c = child(root, "doctypes") ? child(root, "doctypes")->children : NULL;
         c != NULL; c = c->next) {
        pdoctype *d;
        if (!euc_xml_is(c, NULL, "doctype"))
            continue;
        d = g_new0(pdoctype, 1);
        d->value = euc_xml_prop(c, "value");
        s = content(c);
        d->re = compile(s, G_REGEX_CASELESS, "<doctype>", c, file, err);
        g_free(s);
        g_ptr_array_add(p->doctypes, d);
        if (d->re == NULL || d->value == NULL) {
            if (d->value == NULL)
                euc_error_set(err, EUC_ERR_DATA, "parse", file,
                              "<doctype> (line %ld) needs value=",
                              (long)xmlGetLineNo(c));
            goto cleanup;
        }
    }
    if (load_countries(p, dir, err) < 0)
        goto cleanup;
    index_words(p);
    rc = 0;
cleanup:
    g_free(file);
    return rc;
}

void pdata_free(euc_parser *p)
{
    size_t i;
    int k;

    for (i = 0; i < p->nfields; i++)
        g_free(p->fields[i].path);
    g_free(p->fields);
    for (i = 0; i < p->nconcepts; i++)
        terms_clear(&p->concepts[i].terms);
    g_free(p->concepts);
    if (p->known)
        g_hash_table_destroy(p->known);
    if (p->cues)
        g_hash_table_destroy(p->cues);
    if (p->numbering)
        g_regex_unref(p->numbering);
    if (p->furniture)
        g_regex_unref(p->furniture);
    if (p->yes_re)
        g_regex_unref(p->yes_re);
    g_strfreev(p->placeholders);
    g_strfreev(p->suffixes);
    g_free(p->item_sep);
    g_strfreev(p->suffixes_as_written);
    if (p->doctypes)
        g_ptr_array_free(p->doctypes, TRUE);
    for (i = 0; i < p->nunits; i++) {
        g_free(p->units[i].code);
        if (p->units[i].re)
            g_regex_unref(p->units[i].re);
    }
    g_free(p->units);
    for (i = 0; i < p->ncurrencies; i++) {
        g_free(p->currencies[i].code);
        if (p->currencies[i].re)
            g_regex_unref(p->currencies[i].re);
    }
    g_free(p->currencies);
    for (k = 0; k < (int)p->ndate_re; k++)
        g_regex_unref(p->date_re[k]);
    g_free(p->era_year1);
    g_strfreev(p->month_names);
    g_free(p->month_num);
    g_strfreev(p->era_names);
    g_free(p->era_start);
    for (i = 0; i < p->ncountries; i++) {
        g_free(p->countries[i].code);
        g_free(p->countries[i].name);
        g_free(p->countries[i].norm);
    }
    g_free(p->countries);
    if (p->fields_doc)
        xmlFreeDoc(p->fields_doc);
}
