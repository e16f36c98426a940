/* The document model, UTF-8 decoding and the plain-text extractor. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "euc/doc.h"
#include "euc/extract.h"
#include "testutil.h"
#include "euc/text.h"

static euc_box box(double x0, double y0, double x1, double y1)
{
    euc_box b = {x0, y0, x1, y1};
    return b;
}

static void test_lines_and_text(void **state)
{
    euc_doc *doc = euc_doc_new("x.pdf", "pdf");
    euc_page *p;
    const euc_line *l;
    char *text;

    (void)state;
    p = euc_doc_add_page(doc, 612, 792, EUC_SOURCE_OCR, "scan");
    assert_int_equal(euc_page_add_word(p, "End", 3, box(10, 10, 30, 20), 90, 1), 0);
    assert_int_equal(euc_page_add_word(p, "User:xx", 5, box(35, 11, 60, 21), 70, 0), 0);
    assert_int_equal(euc_page_add_word(p, "Kansai", 6, box(10, 30, 50, 40), 80, 1), 0);
    assert_int_equal(euc_page_add_word(p, "", 0, box(0, 0, 1, 1), 80, 0), 0);
    assert_int_equal(euc_page_nwords(p), 3);
    assert_int_equal(euc_page_nlines(p), 2);
    l = euc_page_line(p, 0);
    assert_int_equal(l->nwords, 2);
    assert_true(l->box.x0 == 10 && l->box.y0 == 10 && l->box.x1 == 60 &&
                l->box.y1 == 21);
    assert_string_equal(euc_page_word(p, 1)->text, "User:");
    text = euc_page_text(p);
    assert_string_equal(text, "End User:\nKansai\n");
    free(text);
    assert_true(euc_page_confidence(p) == 80.0);
    assert_string_equal(euc_doc_text_method(doc), "ocr");
    p = euc_doc_add_page(doc, 612, 792, EUC_SOURCE_TEXT_LAYER, "text layer");
    assert_int_equal(euc_page_add_word(p, "Japan", 5, box(1, 1, 2, 2), 100, 1), 0);
    assert_string_equal(euc_doc_text_method(doc), "mixed");
    assert_true(euc_doc_confidence(doc) == 85.0);
    euc_doc_free(doc);
}

static void test_utf8(void **state)
{
    uint32_t cp;
    char buf[4];

    (void)state;
    assert_int_equal(euc_utf8_decode("\xE6\x97\xA5", 3, &cp), 3);
    assert_int_equal(cp, 0x65E5); /* 日 */
    assert_int_equal(euc_utf8_width(cp), 2);
    assert_int_equal(euc_utf8_width('A'), 1);
    /* overlong '/', a surrogate, a lone continuation byte */
    assert_int_equal(euc_utf8_check("ab\xC0\xAF", 4), 2);
    assert_int_equal(euc_utf8_check("\xED\xA0\x80", 3), 0);
    assert_int_equal(euc_utf8_check("a\x80", 2), 1);
    assert_int_equal(euc_utf8_check("\xE4\xB8\xAD\xE5\x9B\xBD", 6), 6);
    assert_true(euc_utf8_valid_prefix("ab\xE4\xB8", 4));
    assert_false(euc_utf8_valid_prefix("ab\xFF", 3));
    assert_int_equal(euc_utf8_encode(0x56FD, buf), 3);
    assert_memory_equal(buf, "\xE5\x9B\xBD", 3);
}

static euc_doc *extract_text(const char *content, euc_error *err)
{
    char *dir = tu_tmpdir(), *path = NULL;
    euc_ctx *ctx = euc_ctx_new(NULL);
    euc_doc *doc = NULL;

    assert_true(asprintf(&path, "%s/t.txt", dir) > 0);
    assert_int_equal(tu_write_file(path, content, strlen(content)), 0);
    euc_extract_file(ctx, path, &doc, err);
    euc_ctx_free(ctx);
    tu_rmtree(dir);
    free(dir);
    free(path);
    return doc;
}

static void test_text_pages_and_grid(void **state)
{
    euc_error err;
    euc_doc *doc;
    const euc_page *p;
    const euc_word *w;

    (void)state;
    doc = extract_text("\xEF\xBB\xBF" "End User:  Kansai\n"
                       "\tTokyo\n\f"
                       "\xE6\x9C\x80\xE7\xBB\x88\xE7\x94\xA8\xE6\x88\xB7 Osaka\n\f",
                       &err);
    assert_non_null(doc);
    assert_int_equal(euc_doc_npages(doc), 2); /* the final \f opens none */
    p = euc_doc_page(doc, 0);
    assert_int_equal(euc_page_source(p), EUC_SOURCE_TEXT_LAYER);
    assert_int_equal(euc_page_nlines(p), 2);
    w = euc_page_word(p, 2); /* Kansai, after two spaces: column 11 */
    assert_string_equal(w->text, "Kansai");
    assert_true(w->box.x0 - euc_page_word(p, 0)->box.x0 == 11 * 6.0);
    w = euc_page_word(p, 3); /* the tab stops at column 8 */
    assert_string_equal(w->text, "Tokyo");
    assert_true(w->box.x0 - euc_page_word(p, 0)->box.x0 == 8 * 6.0);
    assert_true(w->box.y0 > euc_page_word(p, 0)->box.y0);
    p = euc_doc_page(doc, 1);
    /* 最终用户 is four wide characters: Osaka starts at column 9 */
    assert_true(euc_page_word(p, 1)->box.x0 - euc_page_word(p, 0)->box.x0 ==
                9 * 6.0);
    assert_true(euc_page_word(p, 0)->conf == 100.0f);
    euc_doc_free(doc);
}

static void test_text_errors(void **state)
{
    euc_error err;
    euc_doc *doc;

    (void)state;
    euc_error_clear(&err);
    doc = extract_text("caf\xE9 au lait\n", &err);
    assert_null(doc);
    assert_int_equal(err.code, EUC_ERR_CORRUPT);
    assert_string_equal(err.stage, "extract");
    assert_non_null(strstr(err.message, "invalid UTF-8 at byte 4 (line 1)"));
}

static void test_page_image_of_text_is_an_error(void **state)
{
    euc_error err;
    euc_doc *doc = extract_text("hello world\n", &err);
    euc_ctx *ctx = euc_ctx_new(NULL);
    struct Pix *pix = (struct Pix *)&err;

    (void)state;
    assert_int_equal(euc_extract_page_image(ctx, doc, 0, 100, &pix, &err), -1);
    assert_null(pix);
    assert_int_equal(err.code, EUC_ERR_FORMAT);
    euc_ctx_free(ctx);
    euc_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_and_text),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_text_pages_and_grid),
        cmocka_unit_test(test_text_errors),
        cmocka_unit_test(test_page_image_of_text_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
