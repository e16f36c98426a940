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

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "testutil.h"
#include "euc/text.h"

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

/* The certificate above with middle inside the end user's name
 * (malloc'd). */
static char *cert_text(const char *middle)
{
    size_t n = strlen(cert_head) + strlen(middle) + strlen(cert_tail) + 1;
    char *text = malloc(n);

    snprintf(text, n, "%s%s%s", cert_head, middle, cert_tail);
    return text;
}

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
    int rc;

    (void)state;
    snprintf(path, sizeof path, "%s/stray.txt", dir);
    text = cert_text("\x04\xef\xbf\xbe");
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
    free(dir);
}

/* A file name that is no UTF-8: shown escaped in the XML and in the
 * batch's summary and report, opened by its own bytes. */
static void test_file_name_not_utf8(void **state)
{
    char *dir = tu_tmpdir(), in[512], path[600], outdir[600], csvp[700], html[700];
    char *out = NULL, *err = NULL, *csv, *rep, *text;
    int rc;

    (void)state;
    snprintf(in, sizeof in, "%s/in", dir);
    {
        const char *argv[] = {"mkdir", in, NULL};
        assert_int_equal(tu_run(argv, NULL, NULL), 0);
    }
    snprintf(path, sizeof path, "%s/cert\xff\xfe.txt", in);
    text = cert_text("");
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
    free(dir);
}

/* A PDF whose embedded font is garbage: poppler and cairo complain on
 * stderr when they render it ("some font thing failed"); eucheck's stderr
 * stays empty, and the page is still read. */
static char *broken_font_pdf(size_t *len)
{
    static const char content[] = "BT /F1 24 Tf 72 700 Td (End user: Broken Font Ltd) Tj ET";
    char font[400], widths[600], *objs[6], *out;
    size_t offs[7], n = 0, cap = 8192, i;

    memset(font, 'x', sizeof font);
    memcpy(font, "\x00\x01\x00\x00", 4); /* a TrueType tag, then nothing */
    widths[0] = '\0';
    for (i = 0; i < 95; i++)
        memcpy(widths + 4 * i, " 500", 5);
    objs[0] = strdup("<< /Type /Catalog /Pages 2 0 R >>");
    objs[1] = strdup("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    objs[2] = strdup("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                     "/Resources << /Font << /F1 5 0 R >> >> >>");
    objs[3] = malloc(200);
    snprintf(objs[3], 200, "<< /Length %zu >>\nstream\n%s\nendstream", strlen(content), content);
    objs[4] = malloc(800);
    snprintf(objs[4], 800, "<< /Type /Font /Subtype /TrueType /BaseFont /Broken /FirstChar 32 "
                           "/LastChar 126 /Widths [%s] /FontDescriptor 6 0 R >>", widths);
    objs[5] = strdup("<< /Type /FontDescriptor /FontName /Broken /Flags 32 /FontBBox [0 0 1000 1000] "
                     "/ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 "
                     "/FontFile2 7 0 R >>");
    out = malloc(cap);
    n += (size_t)snprintf(out + n, cap - n, "%%PDF-1.4\n");
    for (i = 0; i < 7; i++) {
        offs[i] = n;
        n += (size_t)snprintf(out + n, cap - n, "%zu 0 obj\n", i + 1);
        if (i < 6) {
            n += (size_t)snprintf(out + n, cap - n, "%s", objs[i]);
            free(objs[i]);
        } else {
            /* the font program: binary, so copied, not printed */
            n += (size_t)snprintf(out + n, cap - n, "<< /Length %zu >>\nstream\n", sizeof font);
            memcpy(out + n, font, sizeof font);
            n += sizeof font;
            n += (size_t)snprintf(out + n, cap - n, "\nendstream");
        }
        n += (size_t)snprintf(out + n, cap - n, "\nendobj\n");
    }
    {
        size_t x = n;
        n += (size_t)snprintf(out + n, cap - n, "xref\n0 8\n0000000000 65535 f \n");
        for (i = 0; i < 7; i++)
            n += (size_t)snprintf(out + n, cap - n, "%010zu 00000 n \n", offs[i]);
        n += (size_t)snprintf(out + n, cap - n,
                              "trailer\n<< /Size 8 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", x);
    }
    *len = n;
    return out;
}

static void test_library_noise(void **state)
{
    char *dir = tu_tmpdir(), path[512], *out = NULL, *err = NULL, *pdf;
    size_t n;
    int rc;

    (void)state;
    snprintf(path, sizeof path, "%s/broken-font.pdf", dir);
    pdf = broken_font_pdf(&n);
    assert_int_equal(tu_write_file(path, pdf, n), 0);
    {
        const char *argv[] = {tu_bin(), "check", path, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 1);
    assert_string_equal(err, "");
    assert_non_null(strstr(out, "Broken Font Ltd"));
    free(out);
    free(err);
    {
        const char *argv[] = {tu_bin(), "extract", "--force-ocr", path, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 0);
    assert_string_equal(err, "");
    free(out);
    free(err);
    free(pdf);
    tu_rmtree(dir);
    free(dir);
}

/* A file that hangs (poppler looping on a damaged form) and one that takes
 * memory without end: each becomes one error line within its limit, and
 * the file after it is still checked. */
static void test_limits(void **state)
{
    char *dir = tu_tmpdir(), good[512], bomb[512], *out = NULL, *err = NULL, *text;
    const char *hang = "tests/data/hostile/hang-qpdf-shared-unnamed-field.pdf";
    int rc;

    (void)state;
    snprintf(good, sizeof good, "%s/good.txt", dir);
    snprintf(bomb, sizeof bomb, "%s/bomb.txt", dir);
    text = cert_text("");
    assert_int_equal(tu_write_file(good, text, strlen(text)), 0);
    assert_int_equal(tu_write_file(bomb, text, strlen(text)), 0);
    {
        const char *argv[] = {tu_bin(), "check", "--timeout", "3", hang, good, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 2);
    assert_int_equal(tu_count(err, "\n"), 1);
    assert_non_null(strstr(err, "hang-qpdf-shared-unnamed-field.pdf: gave up after 3 s"));
    assert_non_null(strstr(out, "good.txt: "));
    free(out);
    free(err);
#if defined(__SANITIZE_ADDRESS__)
    /* (no memory cap under AddressSanitizer: the bomb would take the
     * machine's memory) */
    free(text);
    tu_rmtree(dir);
    free(dir);
    return;
#endif
    setenv("EUCHECK_TEST_BOMB", "bomb.txt", 1);
    {
        const char *argv[] = {tu_bin(), "check", "--xml", "--max-memory", "300M", bomb, good,
                              NULL};
        rc = tu_run(argv, &out, &err);
    }
    unsetenv("EUCHECK_TEST_BOMB");
    assert_int_equal(rc, 2);
    assert_int_equal(tu_count(err, "\n"), 1);
    assert_non_null(strstr(err, "bomb.txt: needed more than 300 MB"));
    assert_true(well_formed(out));
    assert_int_equal(tu_count(out, "<check "), 2);
    free(out);
    free(err);
    free(text);
    tu_rmtree(dir);
    free(dir);
}

/* A folder walk: a link back up the tree adds no row, a FIFO and a link to
 * nothing are error rows that say why, the one certificate is read once. */
static void test_folder_walk(void **state)
{
    char *dir = tu_tmpdir(), in[512], sub[600], path[700], outdir[600], csvp[700];
    char *out = NULL, *err = NULL, *csv, *text;
    int rc;

    (void)state;
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(sub, sizeof sub, "%s/sub", in);
    {
        const char *argv[] = {"mkdir", "-p", sub, NULL};
        assert_int_equal(tu_run(argv, NULL, NULL), 0);
    }
    snprintf(path, sizeof path, "%s/a.txt", sub);
    text = cert_text("");
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    snprintf(path, sizeof path, "%s/loop", sub);
    assert_int_equal(symlink("..", path), 0);
    snprintf(path, sizeof path, "%s/gone", in);
    assert_int_equal(symlink("/nonexistent/eucheck-test", path), 0);
    snprintf(path, sizeof path, "%s/pipe", in);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    {
        const char *argv[] = {tu_bin(), "batch", "-o", outdir, in, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 2);
    assert_non_null(strstr(out, "3 documents: 1 complete"));
    assert_non_null(strstr(out, "1 link to a folder already searched"));
    snprintf(csvp, sizeof csvp, "%s/summary.csv", outdir);
    csv = tu_read_file(csvp, NULL);
    assert_non_null(csv);
    assert_int_equal(tu_count(csv, "\n"), 4);
    assert_int_equal(tu_count(csv, "a.txt,"), 1);
    assert_non_null(strstr(csv, "a symbolic link to nothing"));
    assert_non_null(strstr(csv, "not a regular file (a FIFO)"));
    free(csv);
    free(out);
    free(err);
    free(text);
    tu_rmtree(dir);
    free(dir);
}

/* ^C in a batch: it stops handing out work, ends its workers, writes the
 * summary and report for what is done, says so and exits 130; a re-run
 * finishes the rest. */
static void test_batch_interrupted(void **state)
{
    char *dir = tu_tmpdir(), in[512], path[600], outdir[600], csvp[700], errp[700];
    char *csv, *errs, *text, *out = NULL, *err = NULL;
    int i, status = 0, rc;
    pid_t pid;

    (void)state;
    snprintf(in, sizeof in, "%s/in", dir);
    {
        const char *argv[] = {"mkdir", in, NULL};
        assert_int_equal(tu_run(argv, NULL, NULL), 0);
    }
    text = cert_text("");
    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/c%d.txt", in, i);
        assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    }
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    snprintf(errp, sizeof errp, "%s/stderr", dir);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* the last document hangs: the batch cannot end by itself */
        int fd = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int null = open("/dev/null", O_WRONLY);
        dup2(fd, 2);
        dup2(null, 1);
        setenv("EUCHECK_TEST_HANG", "c3.txt", 1);
        execl(tu_bin(), tu_bin(), "batch", "-j", "1", "-o", outdir, in, (char *)NULL);
        _exit(127);
    }
    sleep(3);
    kill(pid, SIGINT);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 130);
    errs = tu_read_file(errp, NULL);
    assert_non_null(errs);
    assert_non_null(strstr(errs, "batch interrupted (SIGINT): 3 of 4 documents done"));
    snprintf(csvp, sizeof csvp, "%s/summary.csv", outdir);
    csv = tu_read_file(csvp, NULL);
    assert_non_null(csv);
    assert_int_equal(tu_count(csv, "\n"), 4); /* the header and three rows */
    free(csv);
    free(errs);
    {
        /* no worker is left behind */
        const char *argv[] = {"pgrep", "-f", outdir, NULL};
        assert_int_not_equal(tu_run(argv, NULL, NULL), 0);
    }
    {
        const char *argv[] = {tu_bin(), "batch", "-o", outdir, in, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "4 documents: 4 complete"));
    free(out);
    free(err);
    free(text);
    tu_rmtree(dir);
    free(dir);
}

/* A rule file may not reach outside its folder, nor declare entities:
 * each is one line that says so, and nothing is read. */
static void test_hostile_rules(void **state)
{
    char *dir = tu_tmpdir(), inc[512], ent[512], good[512], *out = NULL, *err = NULL;
    static const char inc_xml[] =
        "<?xml version=\"1.0\"?>\n<rules xmlns=\"urn:eucheck:rules\">\n"
        "  <include href=\"/etc/hostname\"/>\n</rules>\n";
    static const char ent_xml[] =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE rules [ <!ENTITY x \"hello\"> ]>\n"
        "<rules xmlns=\"urn:eucheck:rules\">\n  <param name=\"a\" value=\"&x;\"/>\n</rules>\n";
    int rc;

    (void)state;
    snprintf(inc, sizeof inc, "%s/inc.xml", dir);
    snprintf(ent, sizeof ent, "%s/ent.xml", dir);
    snprintf(good, sizeof good, "%s/good.txt", dir);
    assert_int_equal(tu_write_file(inc, inc_xml, strlen(inc_xml)), 0);
    assert_int_equal(tu_write_file(ent, ent_xml, strlen(ent_xml)), 0);
    assert_int_equal(tu_write_file(good, cert_tail, strlen(cert_tail)), 0);
    {
        const char *argv[] = {tu_bin(), "check", "--rules", inc, good, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 2);
    assert_int_equal(tu_count(err, "\n"), 1);
    assert_non_null(strstr(err, "is outside the rule file's folder"));
    free(out);
    free(err);
    {
        const char *argv[] = {tu_bin(), "check", "--rules", ent, good, NULL};
        rc = tu_run(argv, &out, &err);
    }
    assert_int_equal(rc, 2);
    assert_int_equal(tu_count(err, "\n"), 1);
    assert_non_null(strstr(err, "entities are not allowed"));
    free(out);
    free(err);
    tu_rmtree(dir);
    free(dir);
}

/* A page whose box is invalid: the error says so, not "over the pixel
 * limit" of a page of 0x0 points. */
static void test_page_without_size(void **state)
{
    char *out = NULL, *err = NULL;
    const char *argv[] = {tu_bin(), "check", "tests/data/hostile/pdfjs-boundingBox_invalid.pdf",
                          NULL};
    int rc;

    (void)state;
    rc = tu_run(argv, &out, &err);
    assert_int_equal(rc, 2);
    assert_int_equal(tu_count(err, "\n"), 1);
    assert_non_null(strstr(err, "a page has no size"));
    assert_null(strstr(err, "pixel limit"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stray_characters),
        cmocka_unit_test(test_file_name_not_utf8),
        cmocka_unit_test(test_library_noise),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_folder_walk),
        cmocka_unit_test(test_batch_interrupted),
        cmocka_unit_test(test_hostile_rules),
        cmocka_unit_test(test_page_without_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
