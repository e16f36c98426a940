/* Golden tests: every sample in samples/ against its recorded <check> output.
 *
 * The samples are the committed set: each FILE named in a truth file
 * samples/NAME.truth.xml has samples/FILE.expected.xml, the `eucheck check --xml --as-of AS-OF`
 * output for it (AS-OF from the truth, so CERTIFICATE_STALE does not move
 * with the calendar).  One table-driven test re-runs the checker in-process
 * on every sample and compares, field by field, the certificate (element
 * values and the attributes that carry meaning; not the digest, page or
 * confidence) and the set of finding codes; a difference names the sample,
 * the field, what was expected and what came.  Each output is also validated
 * against schemas/check.xsd, and its certificate against
 * schemas/certificate.xsd.
 *
 * After a deliberate change to the parser, the rules or the samples,
 * regenerate the expectations and review the diff before committing:
 *
 *     EUCHECK_GOLDEN_UPDATE=1 build/tests/test_golden
 *     git diff samples/
 *
 * EUCHECK_GOLDEN_DIR=DIR runs the same test over another folder of samples
 * (a corpus written by samples-gen).
 *
 * The comparison is tests/tools/compare.c (shared with the accuracy tool),
 * in exact mode: values must be equal after white space is squashed.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include "euc/check.h"
#include "tools/compare.h"

/* --- schemas ---------------------------------------------------------------- */

typedef struct schema {
    xmlSchemaParserCtxtPtr pc;
    xmlSchemaPtr s;
    xmlSchemaValidCtxtPtr vc;
    GString *errors;
} schema;

static void schema_error(void *user, const xmlError *e)
{
    GString *g = user;
    char *m = g_strchomp(g_strdup(e->message != NULL ? e->message : "?"));
    if (g->len < 2000)
        g_string_append_printf(g, "\n      line %d: %s", e->line, m);
    g_free(m);
}

static void schema_load(schema *s, const char *path)
{
    s->pc = xmlSchemaNewParserCtxt(path);
    assert_non_null(s->pc);
    s->s = xmlSchemaParse(s->pc);
    if (s->s == NULL)
        fail_msg("%s: the schema does not load", path);
    s->vc = xmlSchemaNewValidCtxt(s->s);
    assert_non_null(s->vc);
    s->errors = g_string_new(NULL);
    xmlSchemaSetValidStructuredErrors(s->vc, (xmlStructuredErrorFunc)schema_error,
                                      s->errors);
}

static void schema_free(schema *s)
{
    xmlSchemaFreeValidCtxt(s->vc);
    xmlSchemaFree(s->s);
    xmlSchemaFreeParserCtxt(s->pc);
    g_string_free(s->errors, TRUE);
}

/* The validator's messages, or NULL when doc is valid.  g_free. */
static char *schema_check(schema *s, xmlDocPtr doc)
{
    g_string_truncate(s->errors, 0);
    if (xmlSchemaValidateDoc(s->vc, doc) == 0)
        return NULL;
    return g_strdup(s->errors->len ? s->errors->str : " (no message)");
}

/* --- one sample --------------------------------------------------------------- */

typedef struct golden {
    const char *dir;
    int update;
    euc_checker *checker;
    char *checker_as_of;
    schema check_xsd, cert_xsd;
    GString *report; /* every difference, one line each */
    GHashTable *seen; /* FILE.expected.xml of every sample checked */
    unsigned nsamples, nbad, nupdated;
} golden;

static void differ(golden *g, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void differ(golden *g, const char *file, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_string_append_printf(g->report, "  %s: %s\n", file, s);
    g_free(s);
}

static char *shown(const char *s)
{
    return s == NULL ? g_strdup("(absent)") : g_strdup_printf("\"%s\"", s);
}

/* A checker judges staleness against the date it was made with. */
static euc_checker *checker_for(golden *g, const char *as_of)
{
    euc_check_options o;
    euc_error err;

    if (g->checker != NULL && strcmp(g->checker_as_of, as_of) == 0)
        return g->checker;
    euc_checker_free(g->checker);
    g_free(g->checker_as_of);
    euc_check_options_init(&o);
    o.data_dir = "schemas";
    o.as_of = as_of;
    euc_error_clear(&err);
    g->checker = euc_checker_new(&o, &err);
    if (g->checker == NULL)
        fail_msg("cannot load schemas/: %s: %s", err.file, err.message);
    g->checker_as_of = g_strdup(as_of);
    return g->checker;
}

static int write_expected(const char *path, const euc_check_result *res)
{
    FILE *f = fopen(path, "w");
    euc_error err;
    int rc;

    if (f == NULL)
        return -1;
    rc = euc_check_write_xml(f, &res, 1, &err);
    if (fclose(f) != 0)
        rc = -1;
    return rc;
}

static const char *attr_or(xmlNodePtr n, const char *name, char *buf, size_t len)
{
    xmlChar *v = n != NULL ? xmlGetProp(n, (const xmlChar *)name) : NULL;
    if (v == NULL)
        return NULL;
    g_strlcpy(buf, (const char *)v, len);
    xmlFree(v);
    return buf;
}

static xmlNodePtr error_of(xmlDocPtr d)
{
    xmlNodePtr root = xmlDocGetRootElement(d);
    for (xmlNodePtr c = root != NULL ? root->children : NULL; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "error") == 0)
            return c;
    return NULL;
}

static void compare_outputs(golden *g, const char *file, xmlDocPtr exp, xmlDocPtr got)
{
    char be[64], bg[64];
    const char *se = attr_or(xmlDocGetRootElement(exp), "status", be, sizeof be);
    const char *sg = attr_or(xmlDocGetRootElement(got), "status", bg, sizeof bg);
    xmlNodePtr ce = cmp_find_certificate(exp), cg = cmp_find_certificate(got);
    cmp_result *r;
    char **codes_e, **codes_g;
    unsigned before = g->nbad;

    if (se == NULL || sg == NULL || strcmp(se, sg) != 0) {
        differ(g, file, "status: expected %s, got %s", se ? se : "(none)",
               sg ? sg : "(none)");
        g->nbad++;
    }
    if (error_of(exp) != NULL || error_of(got) != NULL) {
        const char *ee = attr_or(error_of(exp), "code", be, sizeof be);
        const char *eg = attr_or(error_of(got), "code", bg, sizeof bg);
        if (ee == NULL || eg == NULL || strcmp(ee, eg) != 0) {
            differ(g, file, "error: expected %s, got %s", ee ? ee : "(none)",
                   eg ? eg : "(none)");
            g->nbad++;
        }
    }

    r = cmp_certificates(ce, cg, CMP_EXACT);
    for (size_t i = 0; i < cmp_result_count(r); i++) {
        const cmp_leaf *l = cmp_result_get(r, i);
        char *e, *v;
        if (l->outcome == CMP_CORRECT)
            continue;
        e = shown(l->expected);
        v = shown(l->got);
        differ(g, file, "%s: expected %s, got %s", l->path, e, v);
        g_free(e);
        g_free(v);
        g->nbad++;
    }
    cmp_result_free(r);

    codes_e = cmp_finding_codes(xmlDocGetRootElement(exp));
    codes_g = cmp_finding_codes(xmlDocGetRootElement(got));
    for (size_t i = 0; codes_e[i] != NULL; i++)
        if (!cmp_codes_has(codes_g, codes_e[i])) {
            differ(g, file, "finding %s: expected, not raised", codes_e[i]);
            g->nbad++;
        }
    for (size_t i = 0; codes_g[i] != NULL; i++)
        if (!cmp_codes_has(codes_e, codes_g[i])) {
            differ(g, file, "finding %s: raised, not expected", codes_g[i]);
            g->nbad++;
        }
    g_strfreev(codes_e);
    g_strfreev(codes_g);
    if (g->nbad > before)
        g_string_append_printf(g->report,
                               "  (a deliberate change? EUCHECK_GOLDEN_UPDATE=1 "
                               "build/tests/test_golden regenerates %s.expected.xml)\n",
                               file);
}

static void validate_output(golden *g, const char *file, xmlDocPtr got)
{
    char *why = schema_check(&g->check_xsd, got);
    xmlNodePtr cert = cmp_find_certificate(got);

    if (why != NULL) {
        differ(g, file, "the <check> output is not valid against schemas/check.xsd:%s", why);
        g->nbad++;
        g_free(why);
    }
    if (cert != NULL) {
        xmlDocPtr d = xmlNewDoc((const xmlChar *)"1.0");
        xmlDocSetRootElement(d, xmlDocCopyNode(cert, d, 1));
        why = schema_check(&g->cert_xsd, d);
        if (why != NULL) {
            differ(g, file,
                   "the <certificate> is not valid against schemas/certificate.xsd:%s", why);
            g->nbad++;
            g_free(why);
        }
        xmlFreeDoc(d);
    }
}

static void one_sample(golden *g, const cmp_truth *t, const cmp_truth_file *tf)
{
    char *path = g_build_filename(g->dir, tf->name, NULL);
    char *exp_path = cmp_expected_path(g->dir, tf->name);
    euc_checker *c = checker_for(g, t->as_of);
    euc_check_result *res = NULL;
    euc_error err;
    xmlDocPtr got = NULL, exp = NULL;

    g->nsamples++;
    g_hash_table_add(g->seen, g_path_get_basename(exp_path));
    euc_error_clear(&err);
    /* An error result is compared too: its status and code are the output. */
    cmp_check_sample(c, g->dir, tf->name, &res, &err);
    if (res == NULL) {
        differ(g, tf->name, "the checker gave no result: %s", err.message);
        g->nbad++;
        goto cleanup;
    }
    got = euc_check_result_xml(res);
    if (got == NULL) {
        differ(g, tf->name, "the result has no <check> document");
        g->nbad++;
        goto cleanup;
    }
    validate_output(g, tf->name, got);
    if (g->update) {
        if (write_expected(exp_path, res) != 0) {
            differ(g, tf->name, "cannot write %s", exp_path);
            g->nbad++;
        } else {
            g->nupdated++;
        }
        goto cleanup;
    }
    if (g_file_test(exp_path, G_FILE_TEST_IS_REGULAR))
        exp = xmlReadFile(exp_path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (exp == NULL) {
        differ(g, tf->name,
               "%s is missing or unreadable; write it with EUCHECK_GOLDEN_UPDATE=1 "
               "build/tests/test_golden",
               exp_path);
        g->nbad++;
        goto cleanup;
    }
    compare_outputs(g, tf->name, exp, got);

cleanup:
    if (exp != NULL)
        xmlFreeDoc(exp);
    if (got != NULL)
        xmlFreeDoc(got);
    euc_check_result_free(res);
    g_free(exp_path);
    g_free(path);
}

/* An expectation whose sample no truth names any more would never be
 * checked again: a renamed or dropped sample must take it along. */
static void check_orphans(golden *g)
{
    GDir *d = g_dir_open(g->dir, 0, NULL);
    const char *n;

    if (d == NULL)
        return;
    for (n = g_dir_read_name(d); n != NULL; n = g_dir_read_name(d)) {
        if (!g_str_has_suffix(n, ".expected.xml"))
            continue;
        if (!g_hash_table_contains(g->seen, n)) {
            differ(g, n, "no truth file names this sample any more: delete it");
            g->nbad++;
        }
    }
    g_dir_close(d);
}

/* --- tests ------------------------------------------------------------------ */

static void golden_samples(void **state)
{
    golden g;
    const char *dir = getenv("EUCHECK_GOLDEN_DIR");
    const char *update = getenv("EUCHECK_GOLDEN_UPDATE");
    char **truths;

    (void)state;
    memset(&g, 0, sizeof g);
    g.dir = dir != NULL && *dir != '\0' ? dir : "samples";
    g.update = update != NULL && *update != '\0' && strcmp(update, "0") != 0;
    g.report = g_string_new(NULL);
    g.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    schema_load(&g.check_xsd, "schemas/check.xsd");
    schema_load(&g.cert_xsd, "schemas/certificate.xsd");

    truths = cmp_truth_paths(g.dir);
    if (truths == NULL || truths[0] == NULL)
        fail_msg("%s/ holds no NAME.truth.xml: the sample set is missing "
                 "(make samples writes it)", g.dir);
    for (size_t i = 0; truths[i] != NULL; i++) {
        char *why = NULL;
        cmp_truth *t = cmp_truth_load(truths[i], &why);
        if (t == NULL) {
            differ(&g, truths[i], "not a truth file: %s", why);
            g.nbad++;
            g_free(why);
            continue;
        }
        if (t->nfiles == 0) {
            differ(&g, truths[i], "names no sample file");
            g.nbad++;
        }
        for (size_t j = 0; j < t->nfiles; j++)
            one_sample(&g, t, &t->files[j]);
        cmp_truth_free(t);
    }

    check_orphans(&g);
    if (g.update)
        print_message("golden: wrote %u expected outputs in %s/; review them with "
                      "git diff before committing\n", g.nupdated, g.dir);
    if (g.nbad > 0)
        print_message("golden: %u difference(s) over %u samples:\n%s", g.nbad,
                      g.nsamples, g.report->str);
    else
        print_message("golden: %u samples as expected\n", g.nsamples);
    fflush(stdout);

    g_strfreev(truths);
    euc_checker_free(g.checker);
    g_free(g.checker_as_of);
    schema_free(&g.check_xsd);
    schema_free(&g.cert_xsd);
    g_string_free(g.report, TRUE);
    g_hash_table_destroy(g.seen);
    assert_int_equal(g.nbad, 0);
}

static xmlNodePtr find_path(xmlNodePtr n, const char *const *names)
{
    for (; *names != NULL && n != NULL; names++) {
        xmlNodePtr c = n->children;
        while (c != NULL && !(c->type == XML_ELEMENT_NODE &&
                              strcmp((const char *)c->name, *names) == 0))
            c = c->next;
        n = c;
    }
    return n;
}

static int bad_field(const cmp_result *r, const char *path, cmp_outcome o)
{
    for (size_t i = 0; i < cmp_result_count(r); i++) {
        const cmp_leaf *l = cmp_result_get(r, i);
        if (strcmp(l->path, path) == 0)
            return l->outcome == o;
    }
    return 0;
}

/* What makes a golden test fail: a changed value, attribute or repetition is
 * named by its path; noise (page, confidence, order of items) is not. */
static void compare_names_what_differs(void **state)
{
    xmlDocPtr a = xmlReadFile("tests/data/certs/complete.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    xmlDocPtr b;
    xmlNodePtr ra, rb, n;
    cmp_result *r;
    static const char *const eu_country[] = {"end-user", "country", NULL};
    static const char *const eu_name[] = {"end-user", "name", NULL};
    static const char *const seal[] = {"signatory", "seal", NULL};
    static const char *const assurances[] = {"assurances", NULL};

    (void)state;
    assert_non_null(a);
    ra = xmlDocGetRootElement(a);
    b = xmlCopyDoc(a, 1);
    rb = xmlDocGetRootElement(b);

    /* Identical, and identical up to noise: nothing differs. */
    r = cmp_certificates(ra, rb, CMP_EXACT);
    assert_true(cmp_result_count(r) > 30);
    assert_int_equal(cmp_result_nbad(r), 0);
    cmp_result_free(r);
    n = find_path(rb, eu_country);
    xmlSetProp(n, (const xmlChar *)"confidence", (const xmlChar *)"61");
    n = find_path(rb, assurances);
    {
        xmlNodePtr first = n->children; /* the first assurance goes last */
        xmlUnlinkNode(first);
        xmlAddChild(n, first);
    }
    r = cmp_certificates(ra, rb, CMP_EXACT);
    assert_int_equal(cmp_result_nbad(r), 0);
    cmp_result_free(r);

    /* A changed value, a changed attribute, a lost element. */
    n = find_path(rb, eu_country);
    xmlNodeSetContent(n, (const xmlChar *)"Korea");
    xmlSetProp(n, (const xmlChar *)"code", (const xmlChar *)"KR");
    n = find_path(rb, seal);
    xmlSetProp(n, (const xmlChar *)"present", (const xmlChar *)"false");
    n = find_path(rb, eu_name);
    xmlUnlinkNode(n);
    xmlFreeNode(n);
    r = cmp_certificates(ra, rb, CMP_EXACT);
    assert_int_equal(cmp_result_nbad(r), 4);
    assert_true(bad_field(r, "end-user/country", CMP_WRONG));
    assert_true(bad_field(r, "end-user/country/@code", CMP_WRONG));
    assert_true(bad_field(r, "signatory/seal/@present", CMP_WRONG));
    assert_true(bad_field(r, "end-user/name", CMP_MISSED));
    cmp_result_free(r);

    /* Lenient (accuracy) forgives case and punctuation, never content. */
    assert_true(cmp_values_equal("end-user/name", "Kansai Magnet Works Co., Ltd.",
                                 "KANSAI MAGNET WORKS CO LTD", CMP_LENIENT));
    assert_true(cmp_values_equal("end-user/address", "2-4-1 Nakanoshima,\nKita-ku",
                                 "2-4-1 Nakanoshima Kita-ku", CMP_LENIENT));
    assert_false(cmp_values_equal("end-user/name", "Kansai Magnet Works",
                                  "Kanto Magnet Works", CMP_LENIENT));
    assert_true(cmp_values_equal("items/item/quantity", "18000", "18,000.00", CMP_LENIENT));
    assert_false(cmp_values_equal("items/item/quantity", "18000", "1800", CMP_LENIENT));
    assert_false(cmp_values_equal("end-user/name", "Kansai Magnet Works Co., Ltd.",
                                  "KANSAI MAGNET WORKS CO LTD", CMP_EXACT));

    xmlFreeDoc(a);
    xmlFreeDoc(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(compare_names_what_differs),
        cmocka_unit_test(golden_samples),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
