/* No crash, no hang on any input: mutated PDFs, fillable forms, PNGs, JPEGs,
 * TIFFs, texts, Word documents, ZIP archives and e-mails
 * (bit flips, truncations, inserted and repeated bytes) go through the
 * extract stage, which must either read them or return an error with a
 * message.  Deterministic (a fixed seed); run under ASan by `make asan`. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include <allheaders.h>
#include <cairo-pdf.h>
#include <cairo.h>

#include "euc/extract.h"
#include "testutil.h"

#define MUTANTS 60

static char *dir;
static euc_ctx *ctx;
static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 2685821657736338717ULL) >> 32);
}

static void draw(cairo_t *cr)
{
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 10);
    cairo_move_to(cr, 10, 20);
    cairo_show_text(cr, "End User: Kansai Magnet Works, Osaka, Japan");
}

/* A mail with a base64 text attachment, a quoted-printable body. */
static const char eml[] =
    "From: Purchasing <buyer@example.com>\r\nTo: exports@example.cn\r\n"
    "Subject: End-user certificate\r\nDate: Mon, 12 Jan 2026 09:00:00 +0900\r\n"
    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
    "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n\r\nPlease find it attached=\r\n.\r\n"
    "--b1\r\nContent-Type: text/plain; name=\"cert.txt\"\r\n"
    "Content-Disposition: attachment; filename=\"cert.txt\"\r\n"
    "Content-Transfer-Encoding: base64\r\n\r\n"
    "RW5kIFVzZXI6IEthbnNhaSBNYWduZXQgV29ya3MsIE9zYWthLCBKYXBhbgo=\r\n--b1--\r\n";

static char *fixture(const char *name)
{
    char *p = NULL;

    assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
    return p;
}

static int setup(void **state)
{
    cairo_surface_t *s;
    cairo_t *cr;
    char *p;
    PIX *pix;

    (void)state;
    dir = tu_tmpdir();
    ctx = euc_ctx_new(NULL);
    if (dir == NULL || ctx == NULL)
        return -1;
    p = fixture("a.pdf");
    s = cairo_pdf_surface_create(p, 300, 100);
    cr = cairo_create(s);
    draw(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    free(p);
    /* a small image keeps the OCR of a mutant that still decodes cheap */
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 40);
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    draw(cr);
    cairo_destroy(cr);
    p = fixture("a.png");
    cairo_surface_write_to_png(s, p);
    cairo_surface_destroy(s);
    pix = pixRead(p);
    free(p);
    p = fixture("a.jpg");
    pixWrite(p, pix, IFF_JFIF_JPEG);
    free(p);
    p = fixture("a.tif");
    pixWrite(p, pix, IFF_TIFF_ZIP);
    free(p);
    pixDestroy(&pix);
    p = fixture("a.txt");
    tu_write_file(p, "End User: Kansai\n\xE6\x9C\x80\xE7\xBB\x88\f page 2\n", 28);
    free(p);
    p = fixture("form.pdf");
    tu_write_form_pdf(p, "Kansai Magnet Works", "Osaka", 0);
    free(p);
    {
        /* a Word document as the generator writes one */
        size_t len = 0;
        char *d = tu_read_file("samples/letter-unsigned.docx", &len);
        p = fixture("a.docx");
        if (d != NULL)
            tu_write_file(p, d, len);
        free(d);
        free(p);
    }
    {
        char *pdf = fixture("a.pdf"), *txt = fixture("a.txt");
        const tu_member m[] = {{"d/a.pdf", pdf, NULL, 0}, {"a.txt", txt, NULL, 0}};
        p = fixture("a.zip");
        tu_write_zip(p, m, 2, NULL);
        free(p);
        p = fixture("a.eml");
        tu_write_file(p, eml, sizeof eml - 1);
        free(p);
        free(pdf);
        free(txt);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    euc_ctx_free(ctx);
    tu_rmtree(dir);
    free(dir);
    return 0;
}

static void mutate(unsigned char *buf, size_t *len, size_t cap)
{
    int kind = (int)(next() % 4), k;
    size_t at = *len ? next() % *len : 0, n;

    switch (kind) {
    case 0: /* flip a few bits */
        for (k = 0; k < 4 && *len; k++)
            buf[next() % *len] ^= (unsigned char)(1u << (next() % 8));
        break;
    case 1: /* truncate */
        *len = at;
        break;
    case 2: /* insert random bytes */
        n = 1 + next() % 16;
        if (*len + n <= cap) {
            memmove(buf + at + n, buf + at, *len - at);
            for (k = 0; k < (int)n; k++)
                buf[at + (size_t)k] = (unsigned char)next();
            *len += n;
        }
        break;
    default: /* overwrite a run with a repeated byte (huge sizes, counts) */
        n = 1 + next() % 8;
        for (k = 0; k < (int)n && at + (size_t)k < *len; k++)
            buf[at + (size_t)k] = 0xFF;
        break;
    }
}

static void fuzz(const char *name)
{
    char *src = fixture(name), *dst = fixture("mutant"), *orig;
    size_t len0, i;
    int readable = 0, refused = 0;

    char *errlog = fixture("stderr"), *said;
    int saved = dup(2), fd;

    orig = tu_read_file(src, &len0);
    assert_non_null(orig);
    /* The library never prints: whatever reaches fd 2 is a failure. */
    fd = open(errlog, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0 && saved >= 0);
    fflush(stderr);
    dup2(fd, 2);
    close(fd);
    for (i = 0; i < MUTANTS; i++) {
        size_t cap = len0 + 64, len = len0;
        unsigned char *buf = malloc(cap);
        euc_doc *doc = NULL;
        euc_error err;

        memcpy(buf, orig, len0);
        mutate(buf, &len, cap);
        assert_int_equal(tu_write_file(dst, buf, len), 0);
        euc_error_clear(&err);
        if (euc_container_kind(dst) != NULL) {
            /* a container: each member taken out is read like any file */
            euc_unpacked *u = NULL;
            size_t k;
            if (euc_unpack(ctx, dst, &u, &err) == 0) {
                for (k = 0; k < euc_unpacked_count(u); k++) {
                    euc_error e2;
                    euc_error_clear(&e2);
                    if (euc_unpacked_path(u, k) != NULL &&
                        euc_extract_file(ctx, euc_unpacked_path(u, k), &doc,
                                         &e2) == 0)
                        euc_doc_free(doc);
                    doc = NULL;
                }
                euc_unpacked_free(u);
                readable++;
            } else {
                assert_null(u);
                assert_true(err.message[0] != '\0');
                assert_null(strchr(err.message, '\n'));
                refused++;
            }
        } else if (euc_extract_file(ctx, dst, &doc, &err) == 0) {
            assert_non_null(doc);
            assert_true(euc_doc_npages(doc) > 0);
            readable++;
        } else {
            assert_null(doc);
            /* every failure says why, on one line */
            assert_true(err.message[0] != '\0');
            assert_null(strchr(err.message, '\n'));
            refused++;
        }
        euc_doc_free(doc);
        free(buf);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    said = tu_read_file(errlog, NULL);
    if (said != NULL && said[0] != '\0')
        fail_msg("%s: a library printed to stderr: %.300s", name, said);
    free(said);
    free(errlog);
    print_message("%s: %d mutants read, %d refused with a reason\n", name,
                  readable, refused);
    free(orig);
    free(src);
    free(dst);
}

static void test_pdf(void **state) { (void)state; fuzz("a.pdf"); }
static void test_png(void **state) { (void)state; fuzz("a.png"); }
static void test_jpeg(void **state) { (void)state; fuzz("a.jpg"); }
static void test_tiff(void **state) { (void)state; fuzz("a.tif"); }
static void test_text(void **state) { (void)state; fuzz("a.txt"); }
static void test_form(void **state) { (void)state; fuzz("form.pdf"); }
static void test_docx(void **state) { (void)state; fuzz("a.docx"); }
static void test_zip(void **state) { (void)state; fuzz("a.zip"); }
static void test_eml(void **state) { (void)state; fuzz("a.eml"); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_png),
        cmocka_unit_test(test_jpeg),
        cmocka_unit_test(test_tiff),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_form),
        cmocka_unit_test(test_docx),
        cmocka_unit_test(test_zip),
        cmocka_unit_test(test_eml),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
