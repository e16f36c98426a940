/* compare: see compare.h. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <libxml/parser.h>

#include "compare.h"
#include "euc/text.h"

/* Elements that repeat inside their parent and are matched as sets.  The
 * parse output contract (issue 3, schemas/certificate.xsd) fixes them. */
static const char *const repeated[] = {"item", "party", "destination",
                                       "assurance"};

/* Attributes that carry meaning; the rest (page, confidence, ...) is noise. */
static const char *const attrs_lenient[] = {
    "code", "unit", "currency", "permitted", "declared-none", "present", "kind"};
/* The golden test also notices a change in what was read as written. */
static const char *const attrs_exact[] = {
    "code", "unit", "currency", "permitted", "declared-none", "present", "kind",
    "raw", "evidence"};

/* Never compared: the file's name, digest and OCR statistics. */
static const char *const skipped[] = {"source"};

struct cmp_result {
    GArray *leaves; /* cmp_leaf */
    GStringChunk *strs;
    cmp_mode mode;
};

const char *cmp_outcome_name(cmp_outcome o)
{
    switch (o) {
    case CMP_CORRECT:
        return "correct";
    case CMP_WRONG:
        return "wrong";
    case CMP_MISSED:
        return "missed";
    case CMP_SPURIOUS:
        return "spurious";
    }
    return "?";
}

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static const char *name_of(xmlNodePtr n)
{
    return (const char *)n->name;
}

/* --- values ---------------------------------------------------------------- */

char *cmp_norm_text(const char *s)
{
    char *nfkc, *fold;
    GString *out;

    if (s == NULL)
        return g_strdup("");
    nfkc = g_utf8_normalize(s, -1, G_NORMALIZE_NFKC);
    if (nfkc == NULL) /* not UTF-8: compare the bytes as they are */
        return g_ascii_strdown(s, -1);
    fold = g_utf8_casefold(nfkc, -1);
    out = g_string_new(NULL);
    for (const char *p = fold; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || g_unichar_ispunct(c))
            continue;
        switch (g_unichar_type(c)) {
        case G_UNICODE_MATH_SYMBOL:
        case G_UNICODE_CURRENCY_SYMBOL:
        case G_UNICODE_MODIFIER_SYMBOL:
        case G_UNICODE_OTHER_SYMBOL:
        case G_UNICODE_CONTROL:
        case G_UNICODE_FORMAT:
            continue;
        default:
            g_string_append_unichar(out, c);
        }
    }
    g_free(nfkc);
    g_free(fold);
    return g_string_free(out, FALSE);
}


/* A plain number written with thousands separators or spaces; -1 when s is
 * anything else. */
static int parse_number(const char *s, double *out)
{
    GString *g = g_string_new(NULL);
    char *end = NULL;
    int rc = -1;

    for (const char *p = s; *p != '\0'; p++)
        if (*p != ',' && !g_ascii_isspace(*p))
            g_string_append_c(g, *p);
    if (g->len > 0) {
        *out = g_ascii_strtod(g->str, &end);
        rc = end != NULL && *end == '\0' ? 0 : -1;
    }
    g_string_free(g, TRUE);
    return rc;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return m <= n && strcmp(s + n - m, suffix) == 0;
}

static int is_date_field(const char *field)
{
    return strcmp(field, "issue-date") == 0 ||
           strcmp(field, "valid-until") == 0 ||
           strcmp(field, "signatory/date") == 0;
}

static int is_number_field(const char *field)
{
    return strcmp(field, "items/item/quantity") == 0 ||
           strcmp(field, "items/item/value") == 0;
}

int cmp_values_equal(const char *field, const char *a, const char *b,
                     cmp_mode mode)
{
    char *na, *nb;
    int eq;
    double x, y;

    if (a == NULL || b == NULL)
        return a == b;
    if (mode == CMP_EXACT) {
        na = euc_text_squash_ws(a);
        nb = euc_text_squash_ws(b);
        eq = strcmp(na, nb) == 0;
        g_free(na);
        g_free(nb);
        return eq;
    }
    if (is_date_field(field)) {
        na = euc_text_squash_ws(a);
        nb = euc_text_squash_ws(b);
        eq = strcmp(na, nb) == 0;
        g_free(na);
        g_free(nb);
        return eq;
    }
    if (is_number_field(field) && parse_number(a, &x) == 0 &&
        parse_number(b, &y) == 0)
        return x == y || (x != 0 && ((x - y) / x < 1e-9 && (y - x) / x < 1e-9));
    na = cmp_norm_text(a);
    nb = cmp_norm_text(b);
    eq = strcmp(na, nb) == 0;
    g_free(na);
    g_free(nb);
    return eq;
}

/* An address written with its country as the last line is the same address:
 * the parser may keep the line, the truth keeps the country apart. */
static int address_equal(const char *exp, const char *got,
                         const char *const *countries, cmp_mode mode)
{
    char *ne, *ng;
    int eq = 0;

    if (cmp_values_equal("address", exp, got, mode))
        return 1;
    if (mode != CMP_LENIENT || exp == NULL || got == NULL)
        return 0;
    ne = cmp_norm_text(exp);
    ng = cmp_norm_text(got);
    for (size_t i = 0; !eq && countries[i] != NULL; i++) {
        char *nc = cmp_norm_text(countries[i]);
        char *with = g_strconcat(ne, nc, NULL);
        eq = *nc != '\0' && strcmp(with, ng) == 0;
        g_free(with);
        g_free(nc);
    }
    g_free(ne);
    g_free(ng);
    return eq;
}

/* --- trees ----------------------------------------------------------------- */

/* Trimmed text of a leaf element, NULL when empty. */
static char *leaf_text(xmlNodePtr n)
{
    xmlChar *c;
    char *s;

    if (n == NULL)
        return NULL;
    c = xmlNodeGetContent(n);
    if (c == NULL)
        return NULL;
    s = g_strstrip(g_strdup((const char *)c));
    xmlFree(c);
    if (*s == '\0') {
        g_free(s);
        return NULL;
    }
    return s;
}

static char *attr_text(xmlNodePtr n, const char *name)
{
    xmlChar *v;
    char *s;

    if (n == NULL)
        return NULL;
    v = xmlGetProp(n, (const xmlChar *)name);
    if (v == NULL)
        return NULL;
    s = g_strstrip(g_strdup((const char *)v));
    xmlFree(v);
    if (*s == '\0') {
        g_free(s);
        return NULL;
    }
    return s;
}

static int has_element_children(xmlNodePtr n)
{
    if (n == NULL)
        return 0;
    for (xmlNodePtr c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            return 1;
    return 0;
}

static xmlNodePtr child_named(xmlNodePtr n, const char *name)
{
    if (n == NULL)
        return NULL;
    for (xmlNodePtr c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp(name_of(c), name) == 0)
            return c;
    return NULL;
}

static GPtrArray *children_named(xmlNodePtr n, const char *name)
{
    GPtrArray *a = g_ptr_array_new();
    if (n == NULL)
        return a;
    for (xmlNodePtr c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp(name_of(c), name) == 0)
            g_ptr_array_add(a, c);
    return a;
}

static void add_leaf(cmp_result *r, const char *field, const char *path,
                     const char *exp, const char *got, int equal)
{
    cmp_leaf l;

    if (exp == NULL && got == NULL)
        return;
    l.field = g_string_chunk_insert_const(r->strs, field);
    l.path = g_string_chunk_insert(r->strs, path);
    l.expected = exp != NULL ? g_string_chunk_insert(r->strs, exp) : NULL;
    l.got = got != NULL ? g_string_chunk_insert(r->strs, got) : NULL;
    if (exp == NULL)
        l.outcome = CMP_SPURIOUS;
    else if (got == NULL)
        l.outcome = CMP_MISSED;
    else
        l.outcome = equal ? CMP_CORRECT : CMP_WRONG;
    g_array_append_val(r->leaves, l);
}

static void compare_element(cmp_result *r, const char *field, const char *path,
                            xmlNodePtr exp, xmlNodePtr got,
                            const char *const *countries);

static cmp_result *result_new(cmp_mode mode)
{
    cmp_result *r = g_new0(cmp_result, 1);
    r->leaves = g_array_new(FALSE, FALSE, sizeof(cmp_leaf));
    r->strs = g_string_chunk_new(1024);
    r->mode = mode;
    return r;
}

static size_t count_correct(const cmp_result *r)
{
    size_t n = 0;
    for (guint i = 0; i < r->leaves->len; i++)
        if (g_array_index(r->leaves, cmp_leaf, i).outcome == CMP_CORRECT)
            n++;
    return n;
}

/* Pairs the expected and got repetitions of one element: greedily by the
 * number of leaves they agree on, the rest in document order.  pair[i] is
 * the got index for expected i, or -1. */
static void match_sets(cmp_mode mode, const char *field, GPtrArray *e,
                       GPtrArray *g, int *pair)
{
    size_t n = e->len, m = g->len;
    size_t *score = g_new0(size_t, n * m + 1);
    int *taken = g_new0(int, m + 1);
    static const char *const none[] = {NULL};

    for (size_t i = 0; i < n; i++) {
        pair[i] = -1;
        for (size_t j = 0; j < m; j++) {
            cmp_result *t = result_new(mode);
            compare_element(t, field, field, g_ptr_array_index(e, i),
                            g_ptr_array_index(g, j), none);
            score[i * m + j] = count_correct(t);
            cmp_result_free(t);
        }
    }
    for (;;) {
        size_t best = 0, bi = 0, bj = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < m; j++)
                if (pair[i] < 0 && !taken[j] && score[i * m + j] > best) {
                    best = score[i * m + j];
                    bi = i;
                    bj = j;
                }
        if (best == 0)
            break;
        pair[bi] = (int)bj;
        taken[bj] = 1;
    }
    for (size_t i = 0, j = 0; i < n; i++) {
        if (pair[i] >= 0)
            continue;
        while (j < m && taken[j])
            j++;
        if (j >= m)
            break;
        pair[i] = (int)j;
        taken[j] = 1;
    }
    g_free(score);
    g_free(taken);
}

static void compare_repeated(cmp_result *r, const char *field,
                             const char *path, xmlNodePtr exp, xmlNodePtr got,
                             const char *name)
{
    GPtrArray *e = children_named(exp, name), *g = children_named(got, name);
    int *pair = g_new0(int, e->len + 1);
    int *used = g_new0(int, g->len + 1);
    static const char *const none[] = {NULL};

    match_sets(r->mode, field, e, g, pair);
    for (guint i = 0; i < e->len; i++) {
        char *p = g_strdup_printf("%s[%u]", path, i + 1);
        xmlNodePtr gn = pair[i] >= 0 ? g_ptr_array_index(g, pair[i]) : NULL;
        if (pair[i] >= 0)
            used[pair[i]] = 1;
        compare_element(r, field, p, g_ptr_array_index(e, i), gn, none);
        g_free(p);
    }
    for (guint j = 0; j < g->len; j++) {
        char *p;
        if (used[j])
            continue;
        p = g_strdup_printf("%s[got %u]", path, j + 1);
        compare_element(r, field, p, NULL, g_ptr_array_index(g, j), none);
        g_free(p);
    }
    g_free(pair);
    g_free(used);
    g_ptr_array_free(e, TRUE);
    g_ptr_array_free(g, TRUE);
}

/* Child element names of exp and got, in order of first appearance. */
static GPtrArray *child_names(xmlNodePtr exp, xmlNodePtr got)
{
    GPtrArray *names = g_ptr_array_new();
    xmlNodePtr sides[2] = {exp, got};

    for (int s = 0; s < 2; s++) {
        if (sides[s] == NULL)
            continue;
        for (xmlNodePtr c = sides[s]->children; c != NULL; c = c->next) {
            int seen = 0;
            if (c->type != XML_ELEMENT_NODE)
                continue;
            for (guint i = 0; i < names->len && !seen; i++)
                seen = strcmp(g_ptr_array_index(names, i), name_of(c)) == 0;
            if (!seen)
                g_ptr_array_add(names, (gpointer)name_of(c));
        }
    }
    return names;
}

static void compare_element(cmp_result *r, const char *field, const char *path,
                            xmlNodePtr exp, xmlNodePtr got,
                            const char *const *countries)
{
    const char *const *attrs = r->mode == CMP_EXACT ? attrs_exact : attrs_lenient;
    size_t nattrs = r->mode == CMP_EXACT ? G_N_ELEMENTS(attrs_exact)
                                         : G_N_ELEMENTS(attrs_lenient);

    /* A leaf's value first, then the attributes that qualify it. */
    if (!has_element_children(exp) && !has_element_children(got)) {
        char *e = leaf_text(exp), *g = leaf_text(got);
        int eq = ends_with(field, "/address") || strcmp(field, "address") == 0
                     ? address_equal(e, g, countries, r->mode)
                     : cmp_values_equal(field, e, g, r->mode);
        add_leaf(r, field, path, e, g, eq);
        g_free(e);
        g_free(g);
    }

    for (size_t i = 0; i < nattrs; i++) {
        char *e = attr_text(exp, attrs[i]), *g = attr_text(got, attrs[i]);
        char *f = g_strdup_printf("%s/@%s", field, attrs[i]);
        char *p = g_strdup_printf("%s/@%s", path, attrs[i]);
        add_leaf(r, f, p, e, g, cmp_values_equal(f, e, g, r->mode));
        g_free(e);
        g_free(g);
        g_free(f);
        g_free(p);
    }

    if (!has_element_children(exp) && !has_element_children(got))
        return;

    GPtrArray *names = child_names(exp, got);
    char *ce = leaf_text(child_named(exp, "country"));
    char *cg = leaf_text(child_named(got, "country"));
    const char *cs[3] = {NULL, NULL, NULL};
    size_t nc = 0;

    if (ce != NULL)
        cs[nc++] = ce;
    if (cg != NULL)
        cs[nc++] = cg;
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        char *f, *p;
        if (*field == '\0' && in_list(name, skipped, G_N_ELEMENTS(skipped)))
            continue;
        f = *field == '\0' ? g_strdup(name) : g_strdup_printf("%s/%s", field, name);
        p = *path == '\0' ? g_strdup(name) : g_strdup_printf("%s/%s", path, name);
        if (in_list(name, repeated, G_N_ELEMENTS(repeated)))
            compare_repeated(r, f, p, exp, got, name);
        else
            compare_element(r, f, p, child_named(exp, name),
                            child_named(got, name), cs);
        g_free(f);
        g_free(p);
    }
    g_free(ce);
    g_free(cg);
    g_ptr_array_free(names, TRUE);
}

cmp_result *cmp_certificates(xmlNodePtr expected, xmlNodePtr got,
                             cmp_mode mode)
{
    cmp_result *r = result_new(mode);
    static const char *const none[] = {NULL};

    compare_element(r, "", "", expected, got, none);
    return r;
}

size_t cmp_result_count(const cmp_result *r)
{
    return r->leaves->len;
}

const cmp_leaf *cmp_result_get(const cmp_result *r, size_t i)
{
    if (i >= r->leaves->len)
        return NULL;
    return &g_array_index(r->leaves, cmp_leaf, i);
}

size_t cmp_result_nbad(const cmp_result *r)
{
    return r->leaves->len - count_correct(r);
}

void cmp_result_free(cmp_result *r)
{
    if (r == NULL)
        return;
    g_array_free(r->leaves, TRUE);
    g_string_chunk_free(r->strs);
    g_free(r);
}

/* --- finding codes ---------------------------------------------------------- */

static void collect_codes(xmlNodePtr n, GPtrArray *out)
{
    for (xmlNodePtr c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp(name_of(c), "finding") == 0) {
            char *code = attr_text(c, "code");
            int seen = 0;
            for (guint i = 0; code != NULL && i < out->len && !seen; i++)
                seen = strcmp(g_ptr_array_index(out, i), code) == 0;
            if (code != NULL && !seen)
                g_ptr_array_add(out, code);
            else
                g_free(code);
        }
        collect_codes(c, out);
    }
}

static gint cmp_str_ptr(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **cmp_finding_codes(xmlNodePtr el)
{
    GPtrArray *out = g_ptr_array_new();

    if (el != NULL)
        collect_codes(el, out);
    g_ptr_array_sort(out, cmp_str_ptr);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

int cmp_codes_has(char *const *codes, const char *code)
{
    for (size_t i = 0; codes != NULL && codes[i] != NULL; i++)
        if (strcmp(codes[i], code) == 0)
            return 1;
    return 0;
}

/* --- truth files ------------------------------------------------------------ */

static const char *prop(xmlNodePtr n, const char *name)
{
    /* The attribute's text node lives as long as the document. */
    xmlAttrPtr a = xmlHasProp(n, (const xmlChar *)name);
    if (a == NULL || a->children == NULL || a->children->content == NULL)
        return NULL;
    return (const char *)a->children->content;
}

static const char *text_of(xmlNodePtr n)
{
    for (xmlNodePtr c = n->children; c != NULL; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content != NULL)
            return (const char *)c->content;
    return NULL;
}

cmp_truth *cmp_truth_load(const char *path, char **why)
{
    cmp_truth *t = g_new0(cmp_truth, 1);
    xmlNodePtr root, files, omissions;
    GPtrArray *om = g_ptr_array_new();

    *why = NULL;
    t->doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (t->doc == NULL) {
        *why = g_strdup("not well-formed XML or unreadable");
        goto fail;
    }
    root = xmlDocGetRootElement(t->doc);
    if (root == NULL || strcmp(name_of(root), "truth") != 0) {
        *why = g_strdup("the root element is not <truth>");
        goto fail;
    }
    t->name = prop(root, "name");
    t->shape = prop(root, "shape");
    t->labels = prop(root, "labels");
    t->as_of = prop(root, "as-of");
    t->certificate = child_named(root, "certificate");
    files = child_named(root, "files");
    if (t->name == NULL || t->as_of == NULL || t->certificate == NULL ||
        files == NULL) {
        *why = g_strdup("name=, as-of=, <files> or <certificate> is missing");
        goto fail;
    }
    GPtrArray *fl = children_named(files, "file");
    t->files = g_new0(cmp_truth_file, fl->len + 1);
    for (guint i = 0; i < fl->len; i++) {
        xmlNodePtr f = g_ptr_array_index(fl, i);
        cmp_truth_file *tf = &t->files[t->nfiles];
        tf->input = prop(f, "input");
        tf->rotation = prop(f, "rotation");
        tf->name = text_of(f);
        if (tf->input != NULL && tf->name != NULL)
            t->nfiles++;
    }
    g_ptr_array_free(fl, TRUE);
    t->expected_codes = cmp_finding_codes(child_named(root, "expected-findings"));
    omissions = child_named(root, "omissions");
    for (xmlNodePtr c = omissions != NULL ? omissions->children : NULL; c != NULL;
         c = c->next)
        if (c->type == XML_ELEMENT_NODE && prop(c, "what") != NULL)
            g_ptr_array_add(om, g_strdup(prop(c, "what")));
    g_ptr_array_add(om, NULL);
    t->omissions = (char **)g_ptr_array_free(om, FALSE);
    return t;

fail:
    g_ptr_array_free(om, TRUE);
    cmp_truth_free(t);
    return NULL;
}

void cmp_truth_free(cmp_truth *t)
{
    if (t == NULL)
        return;
    if (t->doc != NULL)
        xmlFreeDoc(t->doc);
    g_free(t->files);
    g_strfreev(t->expected_codes);
    g_strfreev(t->omissions);
    g_free(t);
}

char **cmp_truth_paths(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *out;
    const char *n;

    if (d == NULL)
        return NULL;
    out = g_ptr_array_new();
    for (n = g_dir_read_name(d); n != NULL; n = g_dir_read_name(d))
        if (ends_with(n, ".truth.xml"))
            g_ptr_array_add(out, g_build_filename(dir, n, NULL));
    g_dir_close(d);
    g_ptr_array_sort(out, cmp_str_ptr);
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

xmlNodePtr cmp_find_certificate(xmlDocPtr doc)
{
    xmlNodePtr root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;

    if (root == NULL)
        return NULL;
    if (strcmp(name_of(root), "certificate") == 0)
        return root;
    if (strcmp(name_of(root), "checks") == 0)
        root = child_named(root, "check");
    return root != NULL ? child_named(root, "certificate") : NULL;
}

/* The part of path that is a file: path itself, or the container a
 * member name is inside; NULL when neither. */
static char *file_part(const char *path)
{
    char *p = g_strdup(path), *slash;

    while (!g_file_test(p, G_FILE_TEST_IS_REGULAR)) {
        slash = strrchr(p, '/');
        if (slash == NULL) {
            g_free(p);
            return NULL;
        }
        *slash = '\0';
    }
    return p;
}

int cmp_check_sample(euc_checker *c, const char *dir, const char *name,
                     euc_check_result **out, euc_error *err)
{
    char *path = g_build_filename(dir, name, NULL), *file = file_part(path);
    euc_check_result **rs = NULL;
    size_t n = 0, i;
    int rc = -1;

    *out = NULL;
    if (file == NULL || strcmp(file, path) == 0) {
        rc = euc_check_file(c, path, out, err);
        goto cleanup;
    }
    euc_check_path(c, file, NULL, &rs, &n, err);
    for (i = 0; i < n; i++) {
        if (*out == NULL && strcmp(euc_check_result_file(rs[i]), path) == 0) {
            *out = rs[i];
            rc = euc_check_result_status(*out) == EUC_CHECK_ERROR ? -1 : 0;
            if (rc < 0 && err != NULL)
                *err = *euc_check_result_error(*out);
        } else {
            euc_check_result_free(rs[i]);
        }
    }
    free(rs);
    if (*out == NULL)
        euc_error_set(err, EUC_ERR_IO, "check", path, "%s holds no %s", file,
                      path + strlen(file) + 1);
cleanup:
    g_free(file);
    g_free(path);
    return rc;
}

char *cmp_expected_path(const char *dir, const char *name)
{
    char *path = g_build_filename(dir, name, NULL), *file = file_part(path);
    char *out;

    if (file != NULL && strcmp(file, path) != 0) {
        size_t i;
        for (i = strlen(file); path[i] != '\0'; i++)
            if (path[i] == '/')
                path[i] = '+';
    }
    out = g_strconcat(path, ".expected.xml", NULL);
    g_free(file);
    g_free(path);
    return out;
}
