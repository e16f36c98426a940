/* Parse stage, unit level: label matching, dates, countries, amounts, and
 * the signature/seal ink detector on images drawn with Leptonica. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <leptonica/allheaders.h>

#include "parse-imp.h"

static euc_parser *P;

static int setup(void **state)
{
    euc_error err;

    (void)state;
    memset(&err, 0, sizeof err);
    P = euc_parser_new("schemas", &err);
    if (P == NULL)
        fprintf(stderr, "parser: %s: %s\n", err.file, err.message);
    return P == NULL;
}

static int teardown(void **state)
{
    (void)state;
    euc_parser_free(P);
    return 0;
}

/* The label of field path with this text (as in fields.xml). */
static const plabel *label(const char *path, const char *text)
{
    size_t i;

    for (i = 0; i < P->nlabels; i++)
        if (strcmp(P->fields[P->labels[i].field].path, path) == 0 &&
            strcmp(P->labels[i].text, text) == 0)
            return &P->labels[i];
    fail_msg("no label '%s' for %s in fields.xml", text, path);
    return NULL;
}

static size_t match(const char *path, const char *lab, const char *text)
{
    int dist = -1;
    return ptext_match_prefix(label(path, lab), text, strlen(text), &dist);
}

static void test_labels_exact_case_punct(void **state)
{
    (void)state;
    assert_int_equal(match("end-user", "End User", "END USER: Acme"), 8);
    assert_int_equal(match("end-user", "End User", "End-user: Acme"), 8);
    assert_int_equal(match("end-user", "End User", "End  User : Acme"), 9);
    assert_int_equal(match("certificate-number", "Certificate No.", "Certificate No: X"), 14);
    assert_int_equal(match("end-user", "最終需要者", "最終需要者：関西"), strlen("最終需要者"));
}

static void test_labels_ocr_damage(void **state)
{
    (void)state;
    /* one wrong or missing letter in an 8-letter label */
    assert_true(match("end-user", "End User", "End Usr: Acme") > 0);
    assert_true(match("end-user", "End User", "Enb User: Acme") > 0);
    /* two in a long one */
    assert_true(match("signatory/name", "Name of Signatory", "Narne of Signatory: K") > 0);
    /* but not three, and short labels must be exact */
    assert_int_equal(match("signatory/name", "Name of Signatory", "Narne 0f Signatorv: K"), 0);
    assert_int_equal(match("items/item/hs-code", "HS Code", "HX Cod: 1"), 0);
    assert_int_equal(match("*/address", "Address", "Adress: 1"), 7 - 1);
    assert_int_equal(match("end-user", "End User", "Endless summer"), 0);
}

static void test_edit_distance(void **state)
{
    size_t na, nb;
    uint32_t *a = ptext_norm("kitten", 6, &na, NULL);
    uint32_t *b = ptext_norm("sitting", 7, &nb, NULL);

    (void)state;
    assert_int_equal(ptext_edit(a, na, b, nb, 5), 3);
    assert_int_equal(ptext_edit(a, na, b, nb, 1), 2); /* bound + 1 when over */
    assert_int_equal(ptext_edit_bound(4), 0);
    assert_int_equal(ptext_edit_bound(8), 1);
    assert_int_equal(ptext_edit_bound(9), 2);
    g_free(a);
    g_free(b);
}

static void test_numbering(void **state)
{
    const char *ok[] = {"4. End User", "(d) End User", "d) End User", "4.1 End User",
                        "Part 2: End User", "Box 5 End User", "iv. End User",
                        "第3条 最终用户", "（一）最终用户", "一、最终用户", NULL};
    int i;

    (void)state;
    for (i = 0; ok[i]; i++) {
        GMatchInfo *mi = NULL;
        int a = -1, b = 0;
        gboolean hit = g_regex_match(P->numbering, ok[i], 0, &mi);
        if (hit)
            g_match_info_fetch_pos(mi, 0, &a, &b);
        g_match_info_free(mi);
        if (!hit || a != 0)
            fail_msg("numbering not recognised in '%s'", ok[i]);
        if (!(strncmp(ok[i] + b, "End User", 8) == 0 ||
              strncmp(ok[i] + b, "最终用户", strlen("最终用户")) == 0))
            fail_msg("numbering of '%s' ends at '%s'", ok[i], ok[i] + b);
        assert_true(strncmp(ok[i] + b, "End User", 8) == 0 ||
                    strncmp(ok[i] + b, "最终用户", strlen("最终用户")) == 0);
    }
    /* An address number is not numbering. */
    {
        GMatchInfo *mi = NULL;
        int a = -1, b = 0;
        if (g_regex_match(P->numbering, "2-4-1 Nakanoshima", 0, &mi))
            g_match_info_fetch_pos(mi, 0, &a, &b);
        g_match_info_free(mi);
        assert_true(a != 0 || b == 0);
    }
}

static void check_date(const char *s, const char *want, const char *raw)
{
    char iso[11] = "";
    size_t a = 0, b = 0;

    if (pdate_find(P, s, iso, &a, &b) != 0)
        fail_msg("no date found in '%s'", s);
    assert_string_equal(iso, want);
    if (raw != NULL) {
        char *got = g_strndup(s + a, b - a);
        assert_string_equal(got, raw);
        g_free(got);
    }
}

static void test_dates(void **state)
{
    char iso[11];
    size_t a, b;

    (void)state;
    check_date("12 January 2026", "2026-01-12", "12 January 2026");
    check_date("Osaka, January 12, 2026.", "2026-01-12", "January 12, 2026");
    check_date("12 Jan. 2026", "2026-01-12", "12 Jan. 2026");
    check_date("2026/01/12", "2026-01-12", "2026/01/12");
    check_date("12.01.2026", "2026-01-12", "12.01.2026");
    check_date("2026-01-12", "2026-01-12", "2026-01-12");
    check_date("2026年1月12日", "2026-01-12", "2026年1月12日");
    check_date("令和8年1月12日", "2026-01-12", "令和8年1月12日");
    check_date("平成31年4月30日", "2019-04-30", NULL);
    check_date("令和元年5月1日", "2019-05-01", NULL);
    check_date("２０２６年１月１２日", "2026-01-12", NULL);
    check_date("3rd March 2026", "2026-03-03", NULL);
    check_date("12-Jan-2026", "2026-01-12", NULL);
    check_date("01/31/2026", "2026-01-31", NULL); /* a month over 12: US order */
    /* Not dates */
    assert_int_equal(pdate_find(P, "31.02.2026", iso, &a, &b), -1);
    assert_int_equal(pdate_find(P, "HS 2846.90", iso, &a, &b), -1);
    assert_int_equal(pdate_find(P, "Contract SC-2025-1187", iso, &a, &b), -1);
}

static void test_countries(void **state)
{
    static const struct { const char *name, *code; } cases[] = {
        {"Japan", "JP"}, {"日本", "JP"}, {"日本国", "JP"}, {"China", "CN"},
        {"中国", "CN"}, {"中华人民共和国", "CN"}, {"People's Republic of China", "CN"},
        {"Viet Nam", "VN"}, {"Vietnam", "VN"}, {"ベトナム", "VN"}, {"越南", "VN"},
        {"the United States", "US"}, {"USA", "US"}, {"Republic of Korea", "KR"},
        {"GERMANY", "DE"}, {"ドイツ", "DE"},
    };
    size_t i, a, b;
    const pcountry *c;
    GPtrArray *all;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        c = pcountry_exact(P, cases[i].name);
        if (c == NULL)
            fail_msg("'%s' not recognised", cases[i].name);
        assert_string_equal(c->code, cases[i].code);
    }
    assert_null(pcountry_exact(P, "Osaka"));
    assert_null(pcountry_exact(P, "us")); /* the pronoun is not the country */

    c = pcountry_in_address(P, "2-4-1 Nakanoshima, Kita-ku, Osaka 530-0005, Japan", &a, &b);
    assert_non_null(c);
    assert_string_equal(c->code, "JP");
    c = pcountry_in_address(P, "Industriestrasse 12\n85053 Ingolstadt Germany", &a, &b);
    assert_non_null(c);
    assert_string_equal(c->code, "DE");
    c = pcountry_in_address(P, "中国江西省赣州市章贡区金岭路18号", &a, &b);
    assert_non_null(c);
    assert_string_equal(c->code, "CN");
    assert_null(pcountry_in_address(P, "2-4-1 Nakanoshima, Kita-ku, Osaka", &a, &b));

    all = pcountry_all(P, "the finished motors will be exported to Germany and the United States by us", NULL);
    assert_int_equal(all->len, 2);
    assert_string_equal(((const pcountry *)all->pdata[0])->code, "DE");
    assert_string_equal(((const pcountry *)all->pdata[1])->code, "US");
    g_ptr_array_free(all, TRUE);
}

static void test_amounts(void **state)
{
    char *n = NULL;
    const char *code = NULL;

    (void)state;
    assert_int_equal(pnum_quantity(P, "500 kg", &n, &code), 0);
    assert_string_equal(n, "500");
    assert_string_equal(code, "kg");
    g_free(n);
    assert_int_equal(pnum_quantity(P, "1,250.5 tonnes", &n, &code), 0);
    assert_string_equal(n, "1250.5");
    assert_string_equal(code, "t");
    g_free(n);
    assert_int_equal(pnum_quantity(P, "1.2 吨", &n, &code), 0);
    assert_string_equal(code, "t");
    g_free(n);
    assert_int_equal(pnum_quantity(P, "300千克", &n, &code), 0);
    assert_string_equal(n, "300");
    assert_string_equal(code, "kg");
    g_free(n);
    assert_int_equal(pnum_quantity(P, "2000 pcs", &n, &code), 0);
    assert_string_equal(code, "pcs");
    g_free(n);
    assert_int_equal(pnum_money(P, "USD 125,000.00", &n, &code), 0);
    assert_string_equal(n, "125000"); /* trailing decimal zeros dropped */
    assert_string_equal(code, "USD");
    g_free(n);
    assert_int_equal(pnum_money(P, "¥3,000,000", &n, &code), 0);
    assert_string_equal(n, "3000000");
    assert_string_equal(code, "JPY");
    g_free(n);
    assert_int_equal(pnum_money(P, "12.500,00 EUR", &n, &code), 0);
    assert_string_equal(n, "12500");
    assert_string_equal(code, "EUR");
    g_free(n);
    assert_int_equal(pnum_money(P, "$ 9,900", &n, &code), 0);
    assert_string_equal(code, "USD");
    g_free(n);
    assert_int_equal(pnum_money(P, "to be agreed", &n, &code), -1);
}

/* A white page at 100 dpi with a label word at (100, 500)-(200, 515). */
static PIX *page(void)
{
    PIX *p = pixCreate(850, 1100, 8);
    pixSetAll(p);
    return p;
}

static void scribble(PIX *p, int x, int y)
{
    int i;
    for (i = 0; i < 8; i++)
        pixRenderLine(p, x + i * 15, y + (i % 2 ? 0 : 25), x + i * 15 + 15,
                      y + (i % 2 ? 25 : 0), 2, L_CLEAR_PIXELS);
}

static void test_signature_ink(void **state)
{
    euc_box area = {90, 455, 560, 560};
    euc_box label_box = {100, 500, 200, 515};
    euc_box found;
    PIX *p;
    long ink;

    (void)state;
    /* blank: nothing */
    p = page();
    pixRenderLine(p, 100, 500, 200, 500, 8, L_CLEAR_PIXELS); /* the label's "text" */
    assert_int_equal(psign_ink(p, &area, &label_box, 1, &found), 0);
    /* a signature line alone is not a signature */
    pixRenderLine(p, 220, 520, 520, 520, 2, L_CLEAR_PIXELS);
    assert_int_equal(psign_ink(p, &area, &label_box, 1, &found), 0);
    /* strokes on the line are */
    scribble(p, 240, 490);
    ink = psign_ink(p, &area, &label_box, 1, &found);
    assert_true(ink >= 80);
    assert_true(found.x0 >= 230 && found.x1 <= 370);
    pixDestroy(&p);

    /* strokes inside a word box are text, not ink */
    p = page();
    scribble(p, 240, 490);
    {
        euc_box words[2] = {label_box, {235, 485, 375, 520}};
        assert_int_equal(psign_ink(p, &area, words, 2, &found), 0);
    }
    pixDestroy(&p);
}

static void test_seal(void **state)
{
    euc_box area = {0, 300, 850, 800};
    PIX *grey, *rgb;
    int x, y;

    (void)state;
    /* a grey round stamp: a ring 1.2 inch across */
    grey = page();
    for (y = -60; y <= 60; y++)
        for (x = -60; x <= 60; x++) {
            int d2 = x * x + y * y;
            if (d2 <= 60 * 60 && d2 >= 55 * 55)
                pixSetPixel(grey, 500 + x, 550 + y, 0);
        }
    assert_true(psign_ring(grey, &area, NULL, 0));
    pixDestroy(&grey);
    /* a filled block of that size is not a stamp, nor is a blank page */
    grey = page();
    assert_false(psign_ring(grey, &area, NULL, 0));
    for (y = 500; y < 620; y++)
        for (x = 440; x < 560; x++)
            pixSetPixel(grey, x, y, 0);
    assert_false(psign_ring(grey, &area, NULL, 0));
    pixDestroy(&grey);
    /* red pixels: a chop */
    rgb = pixCreate(850, 1100, 32);
    pixSetAll(rgb);
    assert_int_equal(psign_red(rgb, &area), 0);
    for (y = 500; y < 560; y++)
        for (x = 480; x < 540; x++) {
            l_uint32 v;
            composeRGBPixel(210, 30, 40, &v);
            pixSetPixel(rgb, x, y, v);
        }
    assert_int_equal(psign_red(rgb, &area), 60 * 60);
    /* blue ink is a pen, not a seal */
    for (y = 600; y < 660; y++)
        for (x = 480; x < 540; x++) {
            l_uint32 v;
            composeRGBPixel(20, 40, 200, &v);
            pixSetPixel(rgb, x, y, v);
        }
    assert_int_equal(psign_red(rgb, &area), 60 * 60);
    pixDestroy(&rgb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_exact_case_punct),
        cmocka_unit_test(test_labels_ocr_damage),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_numbering),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_signature_ink),
        cmocka_unit_test(test_seal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
