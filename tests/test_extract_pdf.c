/* PDF page by page: a text page is read from its text layer, a scanned page
 * (one full-page image) and a page with a stray few characters are OCRed,
 * each with the reason recorded; the page image is rendered on request. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <allheaders.h>
#include <cairo-pdf.h>
#include <cairo.h>

#include "euc/extract.h"
#include "testutil.h"

static char *dir, *mixed_pdf;

static const char *const lines[] = {
    "END-USER CERTIFICATE",
    "End User: Kansai Magnet Works Co., Ltd.",
    "Address: 2-4-1 Nakanoshima, Kita-ku, Osaka 530-0005, Japan",
    "End Use: sintered NdFeB magnets for EV traction motors",
    NULL,
};

static void draw_lines(cairo_t *cr)
{
    int i;

    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, 12);
    for (i = 0; lines[i] != NULL; i++) {
        cairo_move_to(cr, 72, 100 + 22 * i);
        cairo_show_text(cr, lines[i]);
    }
}

/* Page 1: real text.  Page 2: a 300 dpi scan of the same text as one image.
 * Page 3: the scan again with a three-letter text label over it. */
static int setup(void **state)
{
    cairo_surface_t *pdf, *img;
    cairo_t *cr, *ic;
    int i;

    (void)state;
    dir = tu_tmpdir();
    if (dir == NULL || asprintf(&mixed_pdf, "%s/mixed.pdf", dir) < 0)
        return -1;
    img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 2550, 3300);
    ic = cairo_create(img);
    cairo_set_source_rgb(ic, 1, 1, 1);
    cairo_paint(ic);
    cairo_scale(ic, 300 / 72.0, 300 / 72.0);
    draw_lines(ic);
    cairo_destroy(ic);
    pdf = cairo_pdf_surface_create(mixed_pdf, 612, 792);
    cr = cairo_create(pdf);
    draw_lines(cr);
    cairo_show_page(cr);
    for (i = 0; i < 2; i++) {
        cairo_save(cr);
        cairo_scale(cr, 72 / 300.0, 72 / 300.0);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        if (i == 1) {
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_move_to(cr, 500, 770);
            cairo_show_text(cr, "p.3");
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_destroy(pdf);
    cairo_surface_destroy(img);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    free(mixed_pdf);
    return 0;
}

static void check_words(const euc_page *p)
{
    char *text = euc_page_text(p);
    double recall = tu_word_recall(
        "END-USER CERTIFICATE End User: Kansai Magnet Works Co., Ltd. "
        "Address: 2-4-1 Nakanoshima, Kita-ku, Osaka 530-0005, Japan "
        "End Use: sintered NdFeB magnets for EV traction motors", text);

    if (recall < 0.95)
        fail_msg("word recall %.2f in: %s", recall, text);
    free(text);
}

static void test_mixed_pdf(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    euc_doc *doc = NULL;
    euc_error err;
    const euc_page *p;
    const euc_word *w;

    (void)state;
    if (euc_extract_file(ctx, mixed_pdf, &doc, &err) < 0)
        fail_msg("%s", err.message);
    assert_int_equal(euc_doc_npages(doc), 3);
    assert_string_equal(euc_doc_text_method(doc), "mixed");

    p = euc_doc_page(doc, 0);
    assert_int_equal(euc_page_source(p), EUC_SOURCE_TEXT_LAYER);
    assert_true(euc_page_confidence(p) == 100.0);
    check_words(p);
    /* Boxes in points from the top-left: "END-USER" drawn at x=72, baseline
     * y=100 in a 12 pt font. */
    w = euc_page_word(p, 0);
    assert_string_equal(w->text, "END-USER");
    assert_true(w->box.x0 > 70 && w->box.x0 < 74);
    assert_true(w->box.y1 > 95 && w->box.y1 < 105);

    p = euc_doc_page(doc, 1);
    assert_int_equal(euc_page_source(p), EUC_SOURCE_OCR);
    assert_non_null(strstr(euc_page_reason(p), "no text layer"));
    assert_non_null(strstr(euc_page_reason(p), "scanned image at 300 dpi"));
    assert_int_equal(euc_page_dpi(p), 300);
    check_words(p);
    /* OCR boxes are in points too: the same word at the same place. */
    w = euc_page_word(p, 0);
    assert_true(w->box.x0 > 68 && w->box.x0 < 76);
    assert_true(w->box.y1 > 95 && w->box.y1 < 105);

    p = euc_doc_page(doc, 2);
    assert_int_equal(euc_page_source(p), EUC_SOURCE_OCR);
    assert_non_null(strstr(euc_page_reason(p), "only 3 characters"));
    check_words(p);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
}

static void test_page_image(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    euc_doc *doc = NULL;
    euc_error err;
    PIX *pix = NULL;
    l_uint32 val;

    (void)state;
    assert_int_equal(euc_extract_file(ctx, mixed_pdf, &doc, &err), 0);
    assert_int_equal(euc_extract_page_image(ctx, doc, 0, 100, &pix, &err), 0);
    assert_int_equal(pixGetWidth(pix), 850); /* 8.5 in at 100 dpi */
    assert_int_equal(pixGetHeight(pix), 1100);
    /* white paper, ink where the first line was drawn */
    pixGetPixel(pix, 10, 10, &val);
    assert_int_equal(val >> 8, 0xFFFFFF);
    {
        BOX *b = boxCreate(100, 125, 200, 20); /* 72..144 pt, 90..100 pt */
        PIX *clip = pixClipRectangle(pix, b, NULL);
        PIX *grey = pixConvertRGBToLuminance(clip);
        PIX *bin = pixThresholdToBinary(grey, 128);
        l_int32 ink = 0;
        pixCountPixels(bin, &ink, NULL);
        assert_true(ink > 100);
        pixDestroy(&bin);
        pixDestroy(&grey);
        pixDestroy(&clip);
        boxDestroy(&b);
    }
    pixDestroy(&pix);
    assert_int_equal(euc_extract_page_image(ctx, doc, 9, 100, &pix, &err), -1);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
}

static void test_force_ocr(void **state)
{
    euc_options opts;
    euc_ctx *ctx;
    euc_doc *doc = NULL;
    euc_error err;

    (void)state;
    euc_options_init(&opts);
    opts.force_ocr = 1;
    opts.dpi = 200;
    ctx = euc_ctx_new(&opts);
    assert_int_equal(euc_extract_file(ctx, mixed_pdf, &doc, &err), 0);
    assert_string_equal(euc_doc_text_method(doc), "ocr");
    /* page 1 has no image: rendered at the asked resolution */
    assert_int_equal(euc_page_dpi(euc_doc_page(doc, 0)), 200);
    check_words(euc_doc_page(doc, 0));
    euc_doc_free(doc);
    euc_ctx_free(ctx);
}

static void test_missing_language(void **state)
{
    euc_options opts;
    euc_ctx *ctx;
    euc_error err;

    (void)state;
    euc_options_init(&opts);
    opts.lang = "eng+xyz_fake";
    ctx = euc_ctx_new(&opts);
    assert_int_equal(euc_ctx_prepare_ocr(ctx, &err), -1);
    assert_int_equal(err.code, EUC_ERR_OCR);
    assert_non_null(strstr(err.message, "'xyz_fake' is not installed"));
    assert_non_null(strstr(err.message, "tesseract-ocr-xyz-fake"));
    euc_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_pdf),
        cmocka_unit_test(test_page_image),
        cmocka_unit_test(test_force_ocr),
        cmocka_unit_test(test_missing_language),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
