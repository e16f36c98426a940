/* Hostile inputs, one small regression test per class: whatever bytes a
 * certificate or its file name holds, every output is well-formed XML and
 * valid UTF-8, and the stray characters are reported, not passed on. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/parser.h>

#include "testutil.h"
#include "utf8.h"

static const char cert_head[] =
    "END-USER CERTIFICATE\n"
    "End user\n"
    "Name: Kestrel ";
static const char cert_tail[] =
    "Optics Ltd\n"
    "Address: 4 Harbour Road, Cork T12 X5Y2\n"
    "Country: Ireland\n"
    "End use: polishing of lenses for microscopes\n"
    "Goods: cerium oxide, HS 2846.10, 200 kg\n"
    "Other parties: none\n"
    "The goods will not be re-exported.\n"
    "The goods will not be used for any military purpose.\n"
    "Name: Aoife Byrne\n"
    "Title: Director\n"
    "Date: 12 January 2026\n"
    "Signature: /s/ Aoife Byrne\n";

/* Does libxml2 read s as well-formed XML?  Its complaints are kept off
 * stderr: a test's output is the test's. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static int well_formed(const char *s)
{
    xmlDocPtr d;

    xmlSetGenericErrorFunc(NULL, quiet);
    d = xmlReadMemory(s, (int)strlen(s), "out.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                              XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(NULL, NULL);
    if (d == NULL)
        return 0;
    xmlFreeDoc(d);
    return 1;
}

static int valid_utf8(const char *s)
{
    return euc_utf8_check(s, strlen(s)) == strlen(s);
}

/* A control character and U+FFFE in the end user's name: the XML stays
 * well-formed, the name is still read, and a warning says which field
 * lost characters. */
static void test_stray_characters(void **state)
{
    char *dir = tu_tmpdir(), path[512], *out = NULL, *err = NULL;
    char *text;
    size_t n;
    int rc;

    (void)state;
    snprintf(path, sizeof path, "%s/stray.txt", dir);
    n = strlen(cert_head) + strlen(cert_tail) + 8;
    text = malloc(n);
    snprintf(text, n, "%s\x04\xef\xbf\xbe%s", cert_head, cert_tail);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    {
        const char *argv[] = {tu_bin(), "check", "--xml", "--as-of", "2026-02-01", path, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 0);
    assert_true(well_formed(out));
    assert_non_null(strstr(out, "FIELD_UNREADABLE"));
    assert_null(strstr(out, "END_USER_MISSING"));
    assert_non_null(strstr(out, "Optics Ltd"));
    assert_string_equal(err, "");
    free(out);
    free(err);
    free(text);
    tu_rmtree(dir);
}

/* A file name that is no UTF-8: shown escaped in the XML and in the
 * batch's summary and report, opened by its own bytes. */
static void test_file_name_not_utf8(void **state)
{
    char *dir = tu_tmpdir(), in[512], path[600], outdir[600], csvp[700], html[700];
    char *out = NULL, *err = NULL, *csv, *rep, *text;
    size_t n;
    int rc;

    (void)state;
    snprintf(in, sizeof in, "%s/in", dir);
    {
        const char *argv[] = {"mkdir", in, NULL};
        assert_int_equal(tu_run(argv, NULL, NULL), 0);
    }
    snprintf(path, sizeof path, "%s/cert\xff\xfe.txt", in);
    n = strlen(cert_head) + strlen(cert_tail) + 1;
    text = malloc(n);
    snprintf(text, n, "%s%s", cert_head, cert_tail);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    {
        const char *argv[] = {tu_bin(), "check", "--xml", path, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_true(rc == 0 || rc == 1);
    assert_true(valid_utf8(out));
    assert_true(well_formed(out));
    assert_non_null(strstr(out, "cert\xef\xbf\xbd\xef\xbf\xbd.txt"));
    free(out);
    free(err);

    snprintf(outdir, sizeof outdir, "%s/out", dir);
    {
        const char *argv[] = {tu_bin(), "batch", "-o", outdir, in, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_true(rc == 0 || rc == 1);
    snprintf(csvp, sizeof csvp, "%s/summary.csv", outdir);
    snprintf(html, sizeof html, "%s/report.html", outdir);
    csv = tu_read_file(csvp, NULL);
    rep = tu_read_file(html, NULL);
    assert_non_null(csv);
    assert_non_null(rep);
    assert_true(valid_utf8(csv));
    assert_true(valid_utf8(rep));
    assert_int_equal(tu_count(csv, "\n"), 2); /* the header and one row */
    free(csv);
    free(rep);
    free(out);
    free(err);
    free(text);
    tu_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stray_characters),
        cmocka_unit_test(test_file_name_not_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
