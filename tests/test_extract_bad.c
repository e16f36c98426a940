/* Bad input: every case gives one line "eucheck: FILE: reason" on stderr and
 * exit status 2, never a crash or a hang, and the other files given on the
 * same command line are still processed. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "euc/extract.h"
#include "testutil.h"

static char *dir;
static char *good_pdf;
static char *good_png;

static char *path_in(const char *name)
{
    char *p;

    assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
    return p;
}

static void draw_text(cairo_t *cr)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    cairo_move_to(cr, 72, 100);
    cairo_show_text(cr, "End User: Kansai Magnet Works Co., Ltd., Osaka, Japan");
    cairo_move_to(cr, 72, 120);
    cairo_show_text(cr, "End Use: sintered NdFeB magnets for traction motors");
}

static int setup(void **state)
{
    cairo_surface_t *s;
    cairo_t *cr;

    (void)state;
    dir = tu_tmpdir();
    if (dir == NULL)
        return -1;
    good_pdf = path_in("good.pdf");
    good_png = path_in("good.png");
    s = cairo_pdf_surface_create(good_pdf, 612, 792);
    cr = cairo_create(s);
    draw_text(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1275, 300);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, 150 / 72.0, 150 / 72.0);
    draw_text(cr);
    cairo_destroy(cr);
    cairo_surface_write_to_png(s, good_png);
    cairo_surface_destroy(s);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    free(good_pdf);
    free(good_png);
    return 0;
}

/* Runs `eucheck extract BAD GOOD` and checks the contract: exit 2, exactly
 * one stderr line naming BAD with the expected reason, GOOD still printed. */
static void expect_bad(const char *bad, const char *reason, const char *extra)
{
    const char *argv[] = {tu_bin(), "extract", bad, good_pdf, extra, NULL};
    char *out = NULL, *err = NULL, *want = NULL;
    int rc;

    rc = tu_run(argv, &out, &err);
    assert_int_equal(rc, 2);
    assert_non_null(err);
    assert_true(asprintf(&want, "eucheck: %s: ", bad) > 0);
    if (strncmp(err, want, strlen(want)) != 0 || strstr(err, reason) == NULL)
        fail_msg("stderr for %s was: %s (wanted '%s...%s')", bad, err, want,
                 reason);
    assert_int_equal(tu_count(err, "\n"), 1);
    assert_non_null(strstr(out, "Kansai Magnet Works"));
    free(want);
    free(out);
    free(err);
}

static void test_empty_file(void **state)
{
    char *p = path_in("empty.pdf");

    (void)state;
    assert_int_equal(tu_write_file(p, "", 0), 0);
    expect_bad(p, "empty file", NULL);
    free(p);
}

static void test_unknown_format(void **state)
{
    unsigned char junk[4096];
    char *p = path_in("junk.bin");
    uint32_t x = 2463534242u;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof junk; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        junk[i] = (unsigned char)x;
    }
    junk[0] = 0x00;
    assert_int_equal(tu_write_file(p, junk, sizeof junk), 0);
    expect_bad(p, "unknown format", NULL);
    free(p);
}

static void test_truncated_pdf(void **state)
{
    size_t len;
    char *data = tu_read_file(good_pdf, &len);
    char *p = path_in("truncated.pdf");

    (void)state;
    assert_non_null(data);
    assert_int_equal(tu_write_file(p, data, len * 2 / 3), 0);
    expect_bad(p, "truncated", NULL);
    free(data);
    free(p);
}

/* A hand-made PDF: objects as given, with a correct xref table. */
static void write_pdf(const char *path, const char *const *objs,
                      const char *trailer_extra)
{
    char *buf = NULL;
    size_t size = 0, offs[16], n = 0, xref;
    FILE *f = open_memstream(&buf, &size);
    size_t i;

    fputs("%PDF-1.4\n", f);
    for (i = 0; objs[i] != NULL; i++) {
        fflush(f);
        offs[n++] = size;
        fprintf(f, "%zu 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    fflush(f);
    xref = size;
    fprintf(f, "xref\n0 %zu\n0000000000 65535 f \n", n + 1);
    for (i = 0; i < n; i++)
        fprintf(f, "%010zu 00000 n \n", offs[i]);
    fprintf(f, "trailer\n<< /Size %zu /Root 1 0 R %s >>\nstartxref\n%zu\n%%%%EOF\n",
            n + 1, trailer_extra ? trailer_extra : "", xref);
    fclose(f);
    assert_int_equal(tu_write_file(path, buf, size), 0);
    free(buf);
}

static void test_encrypted_pdf(void **state)
{
    /* A standard security handler whose /U entry does not match the empty
     * user password: poppler must refuse it as encrypted. */
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        "<< /Filter /Standard /V 1 /R 2 /P -44 "
        "/O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef> "
        "/U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>",
        NULL,
    };
    char *p = path_in("encrypted.pdf");

    (void)state;
    write_pdf(p, objs, "/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
                       "<00112233445566778899aabbccddeeff>]");
    expect_bad(p, "encrypted", NULL);
    free(p);
}

static void test_zero_page_pdf(void **state)
{
    static const char *const objs[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [] /Count 0 >>",
        NULL,
    };
    char *p = path_in("nopages.pdf");

    (void)state;
    write_pdf(p, objs, NULL);
    expect_bad(p, "no pages", NULL);
    free(p);
}

static void test_truncated_png(void **state)
{
    size_t len;
    char *data = tu_read_file(good_png, &len);
    char *p = path_in("truncated.png");

    (void)state;
    assert_non_null(data);
    assert_int_equal(tu_write_file(p, data, len / 2), 0);
    expect_bad(p, "truncated PNG", NULL);
    free(data);
    free(p);
}

static void test_pixel_limit(void **state)
{
    (void)state;
    /* good.png is 1275x300: a limit below that refuses it, by name. */
    expect_bad(good_png, "over the limit", "--max-pixels=100000");
}

static void test_missing_path(void **state)
{
    char *p = path_in("no-such-file.pdf");

    (void)state;
    expect_bad(p, "No such file", NULL);
    free(p);
}

static void test_directory(void **state)
{
    (void)state;
    expect_bad(dir, "is a directory", NULL);
}

static void test_unreadable(void **state)
{
    char *p = path_in("secret.pdf");
    size_t len;
    char *data = tu_read_file(good_pdf, &len);

    (void)state;
    assert_int_equal(tu_write_file(p, data, len), 0);
    free(data);
    chmod(p, 0);
    if (geteuid() == 0) {
        /* root reads anything: the case cannot arise, say so. */
        free(p);
        skip();
    }
    expect_bad(p, "Permission denied", NULL);
    free(p);
}

static void test_invalid_utf8_text(void **state)
{
    static const char text[] = "End User: Kansai Magnet Works\n"
                               "End Use: magnets \xC3\x28 for motors\n";
    char *p = path_in("bad.txt");

    (void)state;
    assert_int_equal(tu_write_file(p, text, sizeof text - 1), 0);
    expect_bad(p, "invalid UTF-8 at byte 48 (line 2)", NULL);
    free(p);
}

static void test_good_files_exit_zero(void **state)
{
    const char *argv[] = {tu_bin(), "extract", good_pdf, NULL};
    char *out = NULL, *err = NULL;

    (void)state;
    assert_int_equal(tu_run(argv, &out, &err), 0);
    assert_string_equal(err, "");
    assert_non_null(strstr(out, "text-layer"));
    free(out);
    free(err);
}

static void test_unknown_option(void **state)
{
    const char *argv[] = {tu_bin(), "extract", "--frobnicate", good_pdf, NULL};
    char *err = NULL;

    (void)state;
    assert_int_equal(tu_run(argv, NULL, &err), 2);
    assert_non_null(strstr(err, "unknown option '--frobnicate'"));
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_files_exit_zero),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_unknown_format),
        cmocka_unit_test(test_truncated_pdf),
        cmocka_unit_test(test_encrypted_pdf),
        cmocka_unit_test(test_zero_page_pdf),
        cmocka_unit_test(test_truncated_png),
        cmocka_unit_test(test_pixel_limit),
        cmocka_unit_test(test_missing_path),
        cmocka_unit_test(test_directory),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_invalid_utf8_text),
        cmocka_unit_test(test_unknown_option),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
