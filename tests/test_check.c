/* The check stage's reports (text, <check> XML, JSON) over the fixtures,
 * and the CLI's exit statuses. */
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
#include "testutil.h"

static euc_checker *checker(void)
{
    euc_check_options o;
    euc_error err;
    euc_checker *c;

    euc_check_options_init(&o);
    o.data_dir = "schemas";
    o.as_of = "2026-01-20";
    euc_error_clear(&err);
    c = euc_checker_new(&o, &err);
    if (c == NULL)
        fail_msg("%s: %s", err.file, err.message);
    return c;
}

static euc_check_result *check_fixture(euc_checker *c, const char *name)
{
    char path[256];
    euc_check_result *r = NULL;
    euc_error err;
    xmlDocPtr doc;

    snprintf(path, sizeof path, "tests/data/certs/%s.xml", name);
    doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
    assert_non_null(doc);
    assert_int_equal(euc_check_certificate(c, path, doc, &r, &err), 0);
    return r;
}

/* The writers write through a memory stream; the text is the caller's. */

static char *capture_xml(const euc_check_result *const *r, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_int_equal(euc_check_write_xml(f, r, n, NULL), 0);
    fclose(f);
    return buf;
}

static char *capture_json(const euc_check_result *const *r, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_int_equal(euc_check_write_json(f, r, n, NULL), 0);
    fclose(f);
    return buf;
}

static char *capture_text(euc_checker *c, const euc_check_result *const *r,
                          size_t n, int colour)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_int_equal(euc_check_write_text(f, c, r, n, colour, NULL), 0);
    fclose(f);
    return buf;
}

static int valid_against(const char *xsd, const char *xml)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr s = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(s);
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "out.xml", NULL, 0);
    int rc;

    assert_non_null(doc);
    rc = xmlSchemaValidateDoc(vc, doc);
    xmlFreeDoc(doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(s);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* ---- a small strict JSON checker (RFC 8259 grammar) ---- */

static const char *js_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

static const char *js_value(const char *p);

static const char *js_string(const char *p)
{
    if (*p != '"')
        return NULL;
    for (p++; *p != '"'; p++) {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                int i;
                for (i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!strchr("\"\\/bfnrt", *p) || !*p) {
                return NULL;
            }
        }
    }
    return p + 1;
}

static const char *js_value(const char *p)
{
    p = js_ws(p);
    if (*p == '"')
        return js_string(p);
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        int obj = *p == '{';
        p = js_ws(p + 1);
        if (*p == close)
            return p + 1;
        for (;;) {
            if (obj) {
                p = js_string(js_ws(p));
                if (p == NULL)
                    return NULL;
                p = js_ws(p);
                if (*p++ != ':')
                    return NULL;
            }
            p = js_value(p);
            if (p == NULL)
                return NULL;
            p = js_ws(p);
            if (*p == close)
                return p + 1;
            if (*p++ != ',')
                return NULL;
        }
    }
    if (strncmp(p, "null", 4) == 0 || strncmp(p, "true", 4) == 0)
        return p + 4;
    if (strncmp(p, "false", 5) == 0)
        return p + 5;
    if (*p == '-' || (*p >= '0' && *p <= '9')) {
        char *end;
        strtod(p, &end);
        return end;
    }
    return NULL;
}

static int json_valid(const char *s)
{
    const char *end = js_value(s);

    return end != NULL && *js_ws(end) == '\0';
}

static void test_json_escaper(void **state)
{
    char *s;

    (void)state;
    s = euc_json_string("a\"b\\c\nd\te\x01 日本");
    assert_string_equal(s, "\"a\\\"b\\\\c\\nd\\te\\u0001 日本\"");
    assert_true(json_valid(s));
    free(s);
    s = euc_json_string("bad \xff byte");
    assert_true(json_valid(s));
    assert_true(g_utf8_validate(s, -1, NULL));
    free(s);
    assert_false(json_valid("{\"a\":}"));
    assert_false(json_valid("\"a\nb\""));
}

static void test_xml_output(void **state)
{
    euc_checker *c = checker();
    euc_check_result *r[2];
    char *xml;

    (void)state;
    r[0] = check_fixture(c, "vague-end-use");
    r[1] = check_fixture(c, "complete");
    assert_int_equal(euc_check_result_status(r[0]), EUC_CHECK_INCOMPLETE);
    assert_int_equal(euc_check_result_status(r[1]), EUC_CHECK_COMPLETE);

    xml = capture_xml((const euc_check_result *const *)r, 1);
    assert_int_equal(valid_against("schemas/check.xsd", xml), 0);
    assert_non_null(strstr(xml, "<check file=\"tests/data/certs/vague-end-use.xml\" status=\"incomplete\">"));
    assert_non_null(strstr(xml, "code=\"END_USE_VAGUE\" severity=\"blocking\" field=\"end-use/description\""));
    assert_non_null(strstr(xml, "<remedy>"));
    assert_non_null(strstr(xml, "<certificate>"));
    free(xml);

    xml = capture_xml((const euc_check_result *const *)r, 2);
    assert_int_equal(valid_against("schemas/check.xsd", xml), 0);
    assert_non_null(strstr(xml, "<checks>"));
    assert_int_equal(tu_count(xml, "<check "), 2);
    assert_non_null(strstr(xml, "status=\"complete\""));
    /* the embedded certificate is the parse stage's, valid against it */
    free(xml);
    {
        euc_check_result *one = r[1];
        xmlDocPtr d = euc_check_result_xml(one);
        xmlChar *buf;
        int len;
        xmlDocDumpMemory(d, &buf, &len);
        assert_int_equal(valid_against("schemas/check.xsd", (char *)buf), 0);
        xmlFree(buf);
        xmlFreeDoc(d);
    }
    euc_check_result_free(r[0]);
    euc_check_result_free(r[1]);
    euc_checker_free(c);
}

static void test_json_output(void **state)
{
    euc_checker *c = checker();
    euc_check_result *r[2];
    char *js;

    (void)state;
    r[0] = check_fixture(c, "item-no-quantity");
    r[1] = check_fixture(c, "military-end-user-ja");
    js = capture_json((const euc_check_result *const *)r, 1);
    assert_true(json_valid(js));
    assert_non_null(strstr(js, "\"status\":\"incomplete\""));
    assert_non_null(strstr(js, "\"code\":\"ITEM_QUANTITY_MISSING\""));
    assert_non_null(strstr(js, "\"field\":\"items/item[2]/quantity\""));
    /* one shape for one file or many; items an array even with one; no
     * "@" or "#text" keys; a quantity a number */
    assert_int_equal(strncmp(js, "{\"eucheck\":\"", 12), 0);
    assert_non_null(strstr(js, "\"results\":[\n{\"file\""));
    assert_non_null(strstr(js, "\"item\":[{"));
    assert_non_null(strstr(js, "\"unit\":\"kg\""));
    assert_null(strstr(js, "\"@"));
    assert_null(strstr(js, "#text"));
    free(js);
    js = capture_json((const euc_check_result *const *)r, 2);
    assert_true(json_valid(js));
    assert_int_equal(strncmp(js, "{\"eucheck\":\"", 12), 0);
    assert_non_null(strstr(js, "防衛装備庁"));
    free(js);
    euc_check_result_free(r[0]);
    euc_check_result_free(r[1]);
    euc_checker_free(c);
}

static void test_text_report(void **state)
{
    euc_checker *c = checker();
    euc_check_result *r[2];
    char *t, *b, *w, *s;

    (void)state;
    r[0] = check_fixture(c, "distributor");
    r[1] = check_fixture(c, "no-signatory");
    t = capture_text(c, (const euc_check_result *const *)r, 2, 0);
    assert_null(strchr(t, '\033'));
    assert_non_null(strstr(t, "distributor.xml: COMPLETE"));
    assert_non_null(strstr(t, "no-signatory.xml: INCOMPLETE (2 blocking"));
    /* blocking before warnings, remedies given */
    b = strstr(t, "SIGNATORY_MISSING");
    w = strstr(t, "END_USER_IS_DISTRIBUTOR");
    assert_non_null(b);
    assert_non_null(w);
    assert_non_null(strstr(b, "Fix: Add the name and title"));
    /* what was understood */
    s = strstr(t, "Understood:");
    assert_non_null(s);
    assert_non_null(strstr(s, "End user"));
    assert_non_null(strstr(s, "Kansai Magnet Works Co., Ltd. (Japan)"));
    assert_non_null(strstr(s, "Re-export"));
    assert_non_null(strstr(t, "2 files: 1 complete, 1 incomplete, 0 error"));
    free(t);
    t = capture_text(c, (const euc_check_result *const *)r, 1, 1);
    assert_non_null(strchr(t, '\033'));
    free(t);
    euc_check_result_free(r[0]);
    euc_check_result_free(r[1]);
    euc_checker_free(c);
}

/* A file that cannot be read gives an error result and the others go on. */
static void test_error_result(void **state)
{
    euc_checker *c = checker();
    euc_check_result *r = NULL;
    euc_error err;
    char *xml, *js;

    (void)state;
    euc_error_clear(&err);
    assert_int_equal(euc_check_file(c, "tests/data/certs/no-such-file.pdf",
                                    &r, &err),
                     -1);
    assert_non_null(r);
    assert_int_equal(euc_check_result_status(r), EUC_CHECK_ERROR);
    assert_string_equal(err.file, "tests/data/certs/no-such-file.pdf");
    assert_true(err.message[0] != '\0');
    xml = capture_xml((const euc_check_result *const *)&r, 1);
    assert_int_equal(valid_against("schemas/check.xsd", xml), 0);
    assert_non_null(strstr(xml, "status=\"error\""));
    js = capture_json((const euc_check_result *const *)&r, 1);
    assert_true(json_valid(js));
    assert_non_null(strstr(js, "\"status\":\"error\""));
    free(xml);
    free(js);
    euc_check_result_free(r);
    euc_checker_free(c);
}

static const char *complete_text =
    "END-USER CERTIFICATE\n"
    "Certificate No.: KMW-2026-014\n"
    "Date of Issue: 12 January 2026\n"
    "Contract No.: GZ-KMW-2025-118\n"
    "\n"
    "1. Exporter\n"
    "Name: Ganzhou Rare Earth Materials Co., Ltd.\n"
    "Address: 88 Jinling Road, Ganzhou, Jiangxi, China\n"
    "\n"
    "2. End User\n"
    "Name: Kansai Magnet Works Co., Ltd.\n"
    "Address: 2-4-1 Nakanoshima, Kita-ku, Osaka 530-0005\n"
    "Country: Japan\n"
    "Nature of Business: Manufacturer of sintered permanent magnets\n"
    "\n"
    "3. End Use\n"
    "End Use: Grain-boundary diffusion into sintered NdFeB magnets for "
    "electric-vehicle traction motors at our Osaka plant\n"
    "\n"
    "4. Items\n"
    "Description: Dysprosium oxide Dy2O3 99.9%\n"
    "HS Code: 2846.90\n"
    "Quantity: 500 kg\n"
    "Value: USD 145,000\n"
    "\n"
    "5. Sub-suppliers\n"
    "No party other than the end user will process, receive or hold the "
    "goods.\n"
    "\n"
    "6. Undertakings\n"
    "The goods will not be re-exported, re-transferred or diverted to any "
    "third party without the prior written consent of the competent "
    "authority of the People's Republic of China.\n"
    "The goods will not be used for any military purpose.\n"
    "\n"
    "7. Signatory\n"
    "Name of Signatory: Hiroshi Tanaka\n"
    "Title: Director, Procurement\n"
    "Date: 12 January 2026\n"
    "Signature: /s/ Hiroshi Tanaka\n";

/* Exit statuses of `eucheck check` (EUCHECK_BIN): 0 nothing blocking, 1
 * blocking, 2 a file could not be processed (2 wins); the bad file is named
 * on stderr in one line and the others are still reported. */
static void test_cli_exit_codes(void **state)
{
    char *dir = tu_tmpdir();
    char good[512], vague[512], empty[512], missing[512];
    char *out = NULL, *err = NULL;
    int rc;

    (void)state;
    snprintf(good, sizeof good, "%s/good.txt", dir);
    snprintf(vague, sizeof vague, "%s/vague.txt", dir);
    snprintf(empty, sizeof empty, "%s/empty.txt", dir);
    snprintf(missing, sizeof missing, "%s/missing.pdf", dir);
    assert_int_equal(tu_write_file(good, complete_text, strlen(complete_text)), 0);
    assert_int_equal(tu_write_file(vague, "End use: industrial use\n", 24), 0);
    assert_int_equal(tu_write_file(empty, "", 0), 0);

    {
        const char *argv[] = {tu_bin(), "check", "--as-of", "2026-01-20", good, NULL};
        rc = tu_run(argv, &out, &err);
        if (rc != 0)
            fprintf(stderr, "good.txt gave %d:\n%s\n%s\n", rc, out, err);
        assert_int_equal(rc, 0);
        assert_non_null(strstr(out, "COMPLETE"));
        free(out);
        free(err);
    }
    {
        const char *argv[] = {tu_bin(), "check", vague, NULL};
        rc = tu_run(argv, &out, &err);
        assert_int_equal(rc, 1);
        assert_non_null(strstr(out, "INCOMPLETE"));
        assert_non_null(strstr(out, "END_USER_MISSING"));
        assert_null(strchr(out, '\033')); /* piped: no colour */
        free(out);
        free(err);
    }
    {
        const char *argv[] = {tu_bin(), "check", "--xml", vague, missing, good, NULL};
        rc = tu_run(argv, &out, &err);
        assert_int_equal(rc, 2);
        assert_int_equal(valid_against("schemas/check.xsd", out), 0);
        assert_int_equal(tu_count(out, "<check "), 3);
        assert_non_null(strstr(out, "status=\"error\""));
        assert_non_null(strstr(err, "eucheck: "));
        assert_non_null(strstr(err, "missing.pdf: "));
        assert_int_equal(tu_count(err, "\n"), 1);
        free(out);
        free(err);
    }
    {
        const char *argv[] = {tu_bin(), "check", "--json", empty, vague, NULL};
        rc = tu_run(argv, &out, &err);
        assert_int_equal(rc, 2);
        assert_true(json_valid(out));
        free(out);
        free(err);
    }
    {
        const char *argv[] = {tu_bin(), "check", "--regime", "atlantis", vague, NULL};
        rc = tu_run(argv, &out, &err);
        assert_int_equal(rc, 2);
        assert_non_null(strstr(err, "atlantis"));
        free(out);
        free(err);
    }
    {
        const char *argv[] = {tu_bin(), "check", "--as-of", "yesterday", vague, NULL};
        rc = tu_run(argv, &out, &err);
        assert_int_equal(rc, 2);
        free(out);
        free(err);
    }
    {
        const char *argv[] = {tu_bin(), "check", "--bogus", vague, NULL};
        rc = tu_run(argv, &out, &err);
        assert_int_equal(rc, 2);
        free(out);
        free(err);
    }
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_escaper),
        cmocka_unit_test(test_xml_output),
        cmocka_unit_test(test_json_output),
        cmocka_unit_test(test_text_report),
        cmocka_unit_test(test_error_result),
        cmocka_unit_test(test_cli_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
