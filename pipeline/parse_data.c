/* Loading schemas/fields.xml and schemas/countries.xml into the parser. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "parse-imp.h"

static const struct {
    const char *name;
    pftype type;
} type_names[] = {
    {"text", FT_TEXT},         {"line", FT_LINE},
    {"date", FT_DATE},         {"country", FT_COUNTRY},
    {"party", FT_PARTY},       {"items", FT_ITEMS},
    {"parties", FT_PARTIES},   {"re-export", FT_REEXPORT},
    {"signature", FT_SIGNATURE}, {"seal", FT_SEAL},
    {"unit", FT_UNIT},         {"currency", FT_CURRENCY},
    {"quantity", FT_QUANTITY}, {"money", FT_MONEY},
    {"section", FT_SECTION},
};

static int is_el(xmlNodePtr n, const char *name)
{
    return n->type == XML_ELEMENT_NODE &&
           strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    xmlNodePtr c;

    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (is_el(c, name))
            return c;
    return NULL;
}

/* Text content, trimmed; caller frees with g_free. */
static char *content(xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *s = g_strstrip(g_strdup(t ? (const char *)t : ""));

    xmlFree(t);
    return s;
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *s = v ? g_strdup((const char *)v) : NULL;

    xmlFree(v);
    return s;
}

static void phrase_free(gpointer data)
{
    pphrase *ph = data;
    int i;

    if (ph == NULL)
        return;
    if (ph->re)
        g_regex_unref(ph->re);
    for (i = 0; i < ph->nslots; i++)
        g_free(ph->slots[i]);
    g_free(ph->slots);
    g_free(ph->tag);
    g_free(ph->source);
    g_free(ph);
}

/* The labels of the field at path as one alternation, longest first:
 * spaces and hyphens between words optional, full stops optional, and no
 * letter or digit just before (the "HS" of "this" is no label). */
static void labels_alternation(const euc_parser *p, const char *path,
                               GString *out)
{
    int f = pdata_field_by_path(p, path);
    size_t l;
    int n = 0;

    g_string_append(out, "(?<![\\p{L}\\p{N}])(?:");
    for (l = 0; f >= 0 && l < p->nlabels; l++) {
        const char *q;
        if (p->labels[l].field != f)
            continue;
        if (n++)
            g_string_append_c(out, '|');
        for (q = p->labels[l].text; *q; q = g_utf8_next_char(q)) {
            gunichar c = g_utf8_get_char(q);
            if (c == ' ' || c == '-')
                g_string_append(out, "[\\s\\-]*");
            else if (c == '.')
                g_string_append(out, "\\.?");
            else if (c < 128 && !g_ascii_isalnum((int)c))
                g_string_append_printf(out, "\\%c", (int)c);
            else
                g_string_append_unichar(out, c);
        }
    }
    if (n == 0)
        g_string_append(out, "(?!)");
    g_string_append_c(out, ')');
}

/* Replaces %labels:PATH% by the alternation of that field's labels. */
static char *expand_labels(const euc_parser *p, const char *s)
{
    GString *out = g_string_new(NULL);
    const char *q = s, *m;

    while ((m = strstr(q, "%labels:")) != NULL) {
        const char *e = strchr(m + 8, '%');
        char *path;
        if (e == NULL)
            break;
        g_string_append_len(out, q, (gssize)(m - q));
        path = g_strndup(m + 8, (gsize)(e - m - 8));
        labels_alternation(p, path, out);
        g_free(path);
        q = e + 1;
    }
    g_string_append(out, q);
    return g_string_free(out, FALSE);
}

/* Replaces %units%, %currencies% and %labels:PATH% by the alternations of
 * those tables. */
static char *expand_macros(const euc_parser *p, const char *s0)
{
    char *lab = expand_labels(p, s0);
    const char *s = lab;
    GString *units = g_string_new(NULL), *cur = g_string_new(NULL);
    char *a, *b;
    size_t i;
    gchar **parts;

    for (i = 0; i < p->nunits; i++) {
        const char *pat = g_regex_get_pattern(p->units[i].re);
        /* stored as \b(?:alts)\b; reuse the alternation inside */
        g_string_append_printf(units, "%s%s", i ? "|" : "", pat);
    }
    for (i = 0; i < p->ncurrencies; i++) {
        const char *pat = g_regex_get_pattern(p->currencies[i].re);
        g_string_append_printf(cur, "%s%s", i ? "|" : "", pat);
    }
    parts = g_strsplit(s, "%units%", -1);
    a = g_strjoinv(units->str, parts);
    g_strfreev(parts);
    parts = g_strsplit(a, "%currencies%", -1);
    b = g_strjoinv(cur->str, parts);
    g_strfreev(parts);
    g_free(a);
    g_free(lab);
    g_string_free(units, TRUE);
    g_string_free(cur, TRUE);
    return b;
}

/* Compiles a phrase: {path} and {path:class} become named groups. */
static pphrase *phrase_new(const euc_parser *p, GHashTable *slots,
                           const char *src, const char *tag, euc_error *err,
                           const char *file)
{
    GString *re = g_string_new(NULL);
    GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
    pphrase *ph = g_new0(pphrase, 1);
    GError *gerr = NULL;
    const char *s = src;
    char *expanded;
    guint i;

    while (*s) {
        if (*s == '\\' && s[1]) {
            g_string_append_len(re, s, 2);
            s += 2;
            continue;
        }
        /* "{" followed by a letter opens a slot; "{2,4}" stays a quantifier. */
        if (*s == '{' && g_ascii_isalpha(s[1])) {
            const char *close = strchr(s, '}');
            char *inner, *colon, *cls;
            if (close == NULL)
                break;
            inner = g_strndup(s + 1, (gsize)(close - s - 1));
            colon = strchr(inner, ':');
            if (colon)
                *colon++ = '\0';
            cls = colon ? g_hash_table_lookup(slots, colon) : NULL;
            g_string_append_printf(re, "(?<s%u>%s)", paths->len,
                                   cls ? cls : ".{1,200}?");
            g_ptr_array_add(paths, g_strdup(inner));
            g_free(inner);
            s = close + 1;
            continue;
        }
        g_string_append_c(re, *s++);
    }
    expanded = expand_macros(p, re->str);
    ph->re = g_regex_new(expanded, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0,
                         &gerr);
    g_free(expanded);
    if (ph->re == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "bad phrase '%s': %s",
                      src, gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        g_string_free(re, TRUE);
        g_ptr_array_free(paths, TRUE);
        phrase_free(ph);
        return NULL;
    }
    ph->nslots = g_regex_get_capture_count(ph->re) + 1;
    ph->slots = g_new0(char *, ph->nslots);
    for (i = 0; i < paths->len; i++) {
        char name[16];
        int g;
        snprintf(name, sizeof name, "s%u", i);
        g = g_regex_get_string_number(ph->re, name);
        if (g > 0 && g < ph->nslots)
            ph->slots[g] = g_strdup(g_ptr_array_index(paths, i));
    }
    ph->tag = g_strdup(tag);
    ph->source = g_strdup(src);
    g_string_free(re, TRUE);
    g_ptr_array_free(paths, TRUE);
    return ph;
}

/* Every <p> (or the element's own text when it has none) of n. */
static int load_phrases(euc_parser *p, GHashTable *slots, xmlNodePtr n,
                        GPtrArray *into, const char *tag, euc_error *err,
                        const char *file)
{
    xmlNodePtr c;

    for (c = n ? n->children : NULL; c != NULL; c = c->next) {
        char *src;
        pphrase *ph;
        if (!is_el(c, "p"))
            continue;
        src = content(c);
        ph = phrase_new(p, slots, src, tag, err, file);
        g_free(src);
        if (ph == NULL)
            return -1;
        g_ptr_array_add(into, ph);
    }
    return 0;
}

static GRegex *words_re(const char *alts, euc_error *err, const char *file)
{
    GError *gerr = NULL;
    /* Whole words: "t" is a unit, the t of "tonnes" or "net" is not. */
    char *pat = g_strdup_printf("(?<![A-Za-z])(?:%s)(?![A-Za-z])", alts);
    GRegex *re = g_regex_new(pat, G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, &gerr);

    if (re == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "bad pattern '%s': %s",
                      alts, gerr ? gerr->message : "?");
        g_clear_error(&gerr);
    }
    g_free(pat);
    return re;
}

static int load_codes(xmlNodePtr n, const char *elname, pcode **out,
                      size_t *nout, euc_error *err, const char *file)
{
    xmlNodePtr c;
    size_t k = 0;

    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (is_el(c, elname))
            k++;
    *out = g_new0(pcode, k ? k : 1);
    *nout = 0;
    for (c = n ? n->children : NULL; c != NULL; c = c->next) {
        char *alts;
        pcode *pc;
        if (!is_el(c, elname))
            continue;
        pc = &(*out)[(*nout)++];
        pc->code = prop(c, "code");
        alts = content(c);
        pc->re = words_re(alts, err, file);
        g_free(alts);
        if (pc->re == NULL || pc->code == NULL)
            return euc_error_set(err, EUC_ERR_DATA, "parse", file,
                                 "<%s> needs code= and a valid pattern",
                                 elname);
    }
    return 0;
}

static int label_cmp(const void *a, const void *b)
{
    const plabel *x = a, *y = b;

    /* Longest first, so that "Ultimate Consignee" wins over "Consignee". */
    if (x->nnorm != y->nnorm)
        return x->nnorm < y->nnorm ? 1 : -1;
    return 0;
}

static int load_fields(euc_parser *p, xmlNodePtr root, euc_error *err,
                       const char *file)
{
    xmlNodePtr f, l;
    GArray *fields = g_array_new(FALSE, TRUE, sizeof(pfield));
    GArray *labels = g_array_new(FALSE, TRUE, sizeof(plabel));

    for (f = root->children; f != NULL; f = f->next) {
        pfield pf = {0};
        char *type, *ml;
        size_t i;
        if (!is_el(f, "field"))
            continue;
        pf.path = prop(f, "path");
        type = prop(f, "type");
        pf.type = FT_TEXT;
        for (i = 0; type && i < G_N_ELEMENTS(type_names); i++)
            if (strcmp(type, type_names[i].name) == 0)
                pf.type = type_names[i].type;
        if (pf.path == NULL || type == NULL) {
            g_free(type);
            g_free(pf.path);
            euc_error_set(err, EUC_ERR_DATA, "parse", file,
                          "<field> line %ld needs path= and type=",
                          (long)xmlGetLineNo(f));
            goto fail;
        }
        g_free(type);
        pf.section = prop(f, "section");
        if (pf.section == NULL && pf.path[0] != '*') {
            const char *slash = strchr(pf.path, '/');
            pf.section = slash ? g_strndup(pf.path, (gsize)(slash - pf.path))
                               : g_strdup(pf.path);
        }
        ml = prop(f, "max-lines");
        pf.max_lines = ml ? atoi(ml) : 8;
        if (pf.max_lines <= 0)
            pf.max_lines = 8;
        g_free(ml);
        g_array_append_val(fields, pf);
        for (l = f->children; l != NULL; l = l->next) {
            plabel pl = {0};
            char *in;
            if (!is_el(l, "label"))
                continue;
            pl.text = content(l);
            pl.norm = ptext_norm(pl.text, strlen(pl.text), &pl.nnorm, NULL);
            pl.field = (int)fields->len - 1;
            in = prop(l, "in");
            if (in != NULL) {
                pl.in = g_strsplit_set(g_strstrip(in), " \t\n", -1);
                g_free(in);
            }
            if (pl.nnorm == 0) {
                g_free(pl.text);
                g_free(pl.norm);
                g_strfreev(pl.in);
                continue;
            }
            g_array_append_val(labels, pl);
        }
    }
    p->nfields = fields->len;
    p->fields = (pfield *)g_array_free(fields, FALSE);
    p->nlabels = labels->len;
    p->labels = (plabel *)g_array_free(labels, FALSE);
    qsort(p->labels, p->nlabels, sizeof *p->labels, label_cmp);
    return 0;
fail:
    g_array_free(fields, TRUE);
    g_array_free(labels, TRUE);
    return -1;
}

static char *alternation_lower(xmlNodePtr n, size_t *count, char ***out,
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
        num = prop(c, numattr);
        v = num ? atoi(num) : 0;
        g_free(num);
        t = content(c);
        if (strcmp((const char *)c->name, "era") == 0) {
            g_free(t);
            t = prop(c, "name");
        }
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
    return NULL;
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

static int load_dates(euc_parser *p, xmlNodePtr root, euc_error *err,
                      const char *file)
{
    char *months, *eras, *pat[6];
    const char *D = "[0-9０-９]";
    int i, rc = 0;

    alternation_lower(child(root, "months"), &p->nmonths, &p->month_names,
                      &p->month_num, "n");
    alternation_lower(child(root, "eras"), &p->neras, &p->era_names,
                      &p->era_start, "start");
    if (p->nmonths == 0)
        return euc_error_set(err, EUC_ERR_DATA, "parse", file,
                             "<months> is missing");
    months = alt_of(p->month_names, p->nmonths);
    eras = p->neras ? alt_of(p->era_names, p->neras) : g_strdup("(?!)");
    /* Each: the groups' meaning is fixed by its index (see parse_dates.c). */
    pat[0] = g_strdup_printf("(?<!%s)(%s{1,2})(?:st|nd|rd|th)?[\\s\\-.]*(%s)\\.?[\\s\\-.,]*(%s{4})", D, D, months, D);
    pat[1] = g_strdup_printf("\\b(%s)\\.?\\s*(%s{1,2})(?:st|nd|rd|th)?,?\\s*(%s{4})", months, D, D);
    pat[2] = g_strdup_printf("(%s)\\s*(%s{1,2}|元)\\s*年\\s*(%s{1,2})\\s*月\\s*(%s{1,2})\\s*日", eras, D, D, D);
    pat[3] = g_strdup_printf("\\b(%s)\\s*(%s{1,2})[./](%s{1,2})[./](%s{1,2})\\b", eras, D, D, D);
    pat[4] = g_strdup_printf("(?<!%s)(%s{4})\\s*[/\\-.年]\\s*(%s{1,2})\\s*[/\\-.月]\\s*(%s{1,2})(?!%s)\\s*日?", D, D, D, D, D);
    pat[5] = g_strdup_printf("(?<!%s)(%s{1,2})\\s*[./\\-]\\s*(%s{1,2})\\s*[./\\-]\\s*(%s{4})(?!%s)", D, D, D, D, D);
    for (i = 0; i < 6; i++) {
        GError *gerr = NULL;
        p->date_re[i] = g_regex_new(pat[i], G_REGEX_CASELESS | G_REGEX_OPTIMIZE,
                                    0, &gerr);
        if (p->date_re[i] == NULL && rc == 0) {
            rc = euc_error_set(err, EUC_ERR_DATA, "parse", file,
                               "bad month or era names: %s",
                               gerr ? gerr->message : "?");
        }
        g_clear_error(&gerr);
        g_free(pat[i]);
    }
    g_free(months);
    g_free(eras);
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
    char *file = g_build_filename(dir, "countries.xml", NULL);
    xmlDocPtr doc = xmlReadFile(file, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    GArray *arr;
    xmlNodePtr c, n;
    int rc = -1;

    if (doc == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file,
                      "cannot read the country table");
        goto cleanup;
    }
    arr = g_array_new(FALSE, TRUE, sizeof(pcountry));
    for (c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next) {
        char *code;
        if (!is_el(c, "country"))
            continue;
        code = prop(c, "code");
        for (n = c->children; code && n != NULL; n = n->next) {
            pcountry pc = {0};
            const char *q;
            int upper = 1;
            if (!is_el(n, "name"))
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

int pdata_load(euc_parser *p, const char *dir, euc_error *err)
{
    char *file = g_build_filename(dir, "fields.xml", NULL);
    GHashTable *slots = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              g_free);
    xmlNodePtr root, n, c;
    char *s;
    int rc = -1;
    GError *gerr = NULL;

    p->fields_doc = xmlReadFile(file, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (p->fields_doc == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file,
                      "cannot read the field definitions");
        goto cleanup;
    }
    root = xmlDocGetRootElement(p->fields_doc);
    if (root == NULL || !is_el(root, "fields")) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "root is not <fields>");
        goto cleanup;
    }
    if (load_fields(p, root, err, file) < 0)
        goto cleanup;
    p->output_tpl = child(child(root, "output"), "certificate");
    if (p->output_tpl == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file,
                      "<output><certificate> is missing");
        goto cleanup;
    }
    s = content(child(root, "numbering"));
    p->numbering = g_regex_new(*s ? s : "(?!)", G_REGEX_OPTIMIZE, 0, &gerr);
    g_free(s);
    if (p->numbering == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "bad <numbering>: %s",
                      gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        goto cleanup;
    }
    {
        GPtrArray *ph = g_ptr_array_new();
        for (c = child(root, "placeholders") ? child(root, "placeholders")->children
                                             : NULL;
             c != NULL; c = c->next) {
            if (is_el(c, "p")) {
                char *t = content(c);
                size_t nn;
                uint32_t *u = ptext_norm(t, strlen(t), &nn, NULL);
                /* Stored normalised; "-" normalises to nothing. */
                GString *gs = g_string_new(NULL);
                size_t i;
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
        g_free(low);
    }
    g_free(s);
    s = content(child(root, "roles"));
    p->roles = g_regex_new(*s ? s : "(?!)", G_REGEX_CASELESS, 0, &gerr);
    g_free(s);
    if (p->roles == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "bad <roles>: %s",
                      gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        goto cleanup;
    }
    s = content(child(root, "yes-answers"));
    p->yes_re = g_regex_new(*s ? s : "(?!)", G_REGEX_CASELESS, 0, &gerr);
    g_free(s);
    if (p->yes_re == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "bad <yes-answers>: %s",
                      gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        goto cleanup;
    }
    if (load_dates(p, root, err, file) < 0)
        goto cleanup;
    for (c = child(root, "slots") ? child(root, "slots")->children : NULL;
         c != NULL; c = c->next) {
        if (is_el(c, "slot")) {
            char *name = prop(c, "name"), *t = content(c);
            char *x = expand_macros(p, t);
            g_free(t);
            if (name)
                g_hash_table_replace(slots, name, x);
            else
                g_free(x);
        }
    }
    p->doctypes = g_ptr_array_new_with_free_func(phrase_free);
    p->letter = g_ptr_array_new_with_free_func(phrase_free);
    p->rx_no = g_ptr_array_new_with_free_func(phrase_free);
    p->rx_yes = g_ptr_array_new_with_free_func(phrase_free);
    p->none_decl = g_ptr_array_new_with_free_func(phrase_free);
    p->assur = g_ptr_array_new_with_free_func(phrase_free);
    p->sigtext = g_ptr_array_new_with_free_func(phrase_free);
    p->item_rows = g_ptr_array_new_with_free_func(phrase_free);
    p->item_parts = g_ptr_array_new_with_free_func(phrase_free);
    for (c = child(root, "doctypes") ? child(root, "doctypes")->children : NULL;
         c != NULL; c = c->next) {
        if (is_el(c, "doctype")) {
            char *v = prop(c, "value"), *t = content(c);
            pphrase *ph = phrase_new(p, slots, t, v, err, file);
            g_free(v);
            g_free(t);
            if (ph == NULL)
                goto cleanup;
            g_ptr_array_add(p->doctypes, ph);
        }
    }
    if (load_phrases(p, slots, child(root, "letter"), p->letter, NULL, err, file) < 0 ||
        load_phrases(p, slots, child(root, "re-export-no"), p->rx_no, "no-re-export", err, file) < 0 ||
        load_phrases(p, slots, child(root, "re-export-yes"), p->rx_yes, NULL, err, file) < 0 ||
        load_phrases(p, slots, child(root, "none-declared"), p->none_decl, NULL, err, file) < 0 ||
        load_phrases(p, slots, child(root, "signature-text"), p->sigtext, NULL, err, file) < 0 ||
        load_phrases(p, slots, child(root, "item-rows"), p->item_rows, NULL, err, file) < 0 ||
        load_phrases(p, slots, child(root, "item-parts"), p->item_parts, NULL, err, file) < 0)
        goto cleanup;
    s = content(child(root, "item-separator"));
    p->item_sep = g_regex_new(*s ? s : "[;；]", G_REGEX_OPTIMIZE, 0, &gerr);
    g_free(s);
    if (p->item_sep == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "bad <item-separator>: %s",
                      gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        goto cleanup;
    }
    s = content(child(root, "item-connectors"));
    p->item_conn = g_regex_new(*s ? s : "(?!)", G_REGEX_CASELESS, 0, &gerr);
    g_free(s);
    if (p->item_conn == NULL) {
        euc_error_set(err, EUC_ERR_DATA, "parse", file, "bad <item-connectors>: %s",
                      gerr ? gerr->message : "?");
        g_clear_error(&gerr);
        goto cleanup;
    }
    n = child(root, "assurances");
    for (c = n ? n->children : NULL; c != NULL; c = c->next) {
        if (is_el(c, "assurance")) {
            char *kind = prop(c, "kind");
            int r2 = load_phrases(p, slots, c, p->assur, kind, err, file);
            g_free(kind);
            if (r2 < 0)
                goto cleanup;
        }
    }
    if (load_countries(p, dir, err) < 0)
        goto cleanup;
    rc = 0;
cleanup:
    g_hash_table_destroy(slots);
    g_free(file);
    return rc;
}

void pdata_free(euc_parser *p)
{
    size_t i;
    int k;

    for (i = 0; i < p->nfields; i++) {
        g_free(p->fields[i].path);
        g_free(p->fields[i].section);
    }
    g_free(p->fields);
    for (i = 0; i < p->nlabels; i++) {
        g_free(p->labels[i].text);
        g_free(p->labels[i].norm);
        g_strfreev(p->labels[i].in);
    }
    g_free(p->labels);
    if (p->numbering)
        g_regex_unref(p->numbering);
    if (p->roles)
        g_regex_unref(p->roles);
    if (p->yes_re)
        g_regex_unref(p->yes_re);
    g_strfreev(p->placeholders);
    g_strfreev(p->suffixes);
    if (p->doctypes) g_ptr_array_free(p->doctypes, TRUE);
    if (p->letter) g_ptr_array_free(p->letter, TRUE);
    if (p->rx_no) g_ptr_array_free(p->rx_no, TRUE);
    if (p->rx_yes) g_ptr_array_free(p->rx_yes, TRUE);
    if (p->none_decl) g_ptr_array_free(p->none_decl, TRUE);
    if (p->assur) g_ptr_array_free(p->assur, TRUE);
    if (p->sigtext) g_ptr_array_free(p->sigtext, TRUE);
    if (p->item_rows) g_ptr_array_free(p->item_rows, TRUE);
    if (p->item_parts) g_ptr_array_free(p->item_parts, TRUE);
    if (p->item_sep) g_regex_unref(p->item_sep);
    if (p->item_conn) g_regex_unref(p->item_conn);
    for (i = 0; i < p->nunits; i++) {
        g_free(p->units[i].code);
        if (p->units[i].re) g_regex_unref(p->units[i].re);
    }
    g_free(p->units);
    for (i = 0; i < p->ncurrencies; i++) {
        g_free(p->currencies[i].code);
        if (p->currencies[i].re) g_regex_unref(p->currencies[i].re);
    }
    g_free(p->currencies);
    for (k = 0; k < 6; k++)
        if (p->date_re[k])
            g_regex_unref(p->date_re[k]);
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

int pdata_field_by_path(const euc_parser *p, const char *path)
{
    size_t i;
    const char *last = strrchr(path, '/');
    GString *gen;
    int found = -1;

    for (i = 0; i < p->nfields; i++)
        if (strcmp(p->fields[i].path, path) == 0)
            return (int)i;
    /* "end-user/address" is the generic "*" + "/address" */
    gen = g_string_new("*");
    g_string_append(gen, last ? last : "/");
    for (i = 0; i < p->nfields && found < 0; i++)
        if (strcmp(p->fields[i].path, gen->str) == 0)
            found = (int)i;
    g_string_free(gen, TRUE);
    return found;
}
