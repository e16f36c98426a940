/* Parse stage, unit level: what labels mean by their words (with wordings
 * no data file lists), stems, markers, dates, countries, amounts, and the
 * signature/seal ink detector on images drawn with Leptonica. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <leptonica/allheaders.h>

#include "parse-imp.h" /* -Ipipeline/parse for this test alone (Makefile) */

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

/* The field path a label's words name in context ctx (a concept name or
 * NULL); "" when none. */
static const char *field_of(const char *label, const char *ctx, int ocr)
{
    psense s;
    int f;

    plabel_sense(P, label, strlen(label), ocr, &s);
    f = plabel_field(P, &s, ctx ? pdata_concept(P, ctx) : -1);
    return f >= 0 ? P->fields[f].path : "";
}

static const char *entity_of(const char *label)
{
    psense s;

    plabel_sense(P, label, strlen(label), 0, &s);
    return s.entity >= 0 ? P->concepts[s.entity].terms.name : "";
}

/* Case, hyphens, plurals, word splits and joins do not change a label. */
static void test_labels_by_their_words(void **state)
{
    (void)state;
    assert_string_equal(field_of("END USER", NULL, 0), "end-user");
    assert_string_equal(field_of("End-users", NULL, 0), "end-user");
    assert_string_equal(field_of("Enduser", NULL, 0), "end-user");
    assert_string_equal(field_of("Sub-Supplier", NULL, 0), "sub-suppliers");
    assert_string_equal(field_of("Subsuppliers", NULL, 0), "sub-suppliers");
    assert_string_equal(field_of("Processor", NULL, 0), "sub-suppliers");
    assert_string_equal(field_of("最終需要者", NULL, 0), "end-user");
    assert_string_equal(field_of("Certificate No.", NULL, 0), "certificate-number");
}

/* The head of a label decides, the words after "of"/"by"/"where" say
 * whose: none of these wordings is written in any data file. */
static void test_labels_head_and_tail(void **state)
{
    (void)state;
    assert_string_equal(field_of("Name of the ultimate recipient of the materials", NULL, 0),
                        "*/name");
    assert_string_equal(entity_of("Name of the ultimate recipient of the materials"), "end-user");
    assert_string_equal(field_of("Postal address of the final user", NULL, 0), "*/address");
    assert_string_equal(field_of("Purpose for which the end user will apply the product", NULL, 0),
                        "end-use/description");
    assert_string_equal(field_of("Site where the materials will finally be used", NULL, 0),
                        "end-use/location");
    assert_string_equal(field_of("Subcontracted converters and processing partners", NULL, 0),
                        "sub-suppliers");
    assert_string_equal(field_of("Date on which the statement was signed", NULL, 0),
                        "signatory/date");
    /* a condition in brackets does not count: the purchaser, not the end user */
    assert_string_equal(entity_of("Buyer (if other than the final user)"), "consignee");
    /* attributes say what the goods are: a list of columns names the items */
    assert_string_equal(field_of("Materials ordered (description, tariff code, weight)", NULL, 0),
                        "items");
}

/* An attribute alone takes the entity of its context; a word that means
 * nothing is no field, whatever its context. */
static void test_labels_in_context(void **state)
{
    (void)state;
    assert_string_equal(field_of("Address", "exporter", 0), "*/address");
    assert_string_equal(field_of("Address", NULL, 0), "");
    assert_string_equal(field_of("Position", NULL, 0), "signatory/title");
    assert_string_equal(field_of("Date", "signatory", 0), "signatory/date");
    assert_string_equal(field_of("Remarks", "end-use", 0), "");
    /* a question names its topic */
    assert_string_equal(field_of("Will the items be shipped onwards, i.e. re-exported?", NULL, 0),
                        "re-export");
    assert_string_equal(field_of("Is the buyer also the end user?", NULL, 0), "");
}

static void test_labels_ocr_damage(void **state)
{
    (void)state;
    /* a wrong letter in a long word, on an OCR page only */
    assert_string_equal(field_of("Subcontracter", NULL, 1), "sub-suppliers");
    assert_string_equal(field_of("Subcontracter", NULL, 0), "");
    assert_string_equal(field_of("Ultimate Consignec", NULL, 1), "end-user");
    /* short words must be exact, and the first letter anchors a word */
    assert_string_equal(field_of("Adress", NULL, 1), "");
    assert_string_equal(field_of("Endless summer", NULL, 1), "");
}

static void test_edit_distance(void **state)
{
    size_t na, nb;
    uint32_t *a = ptext_norm("kitten", 6, &na, NULL);
    uint32_t *b = ptext_norm("sitting", 7, &nb, NULL);

    (void)state;
    assert_int_equal(ptext_edit(a, na, b, nb, 5), 3);
    assert_int_equal(ptext_edit(a, na, b, nb, 1), 2); /* bound + 1 when over */
    g_free(a);
    g_free(b);
}

static void test_stems(void **state)
{
    static const char *const same[][2] = {
        {"parties", "party"}, {"used", "use"}, {"exported", "export"},
        {"processing", "process"}, {"processed", "process"},
        {"transferred", "transfer"}, {"incorporated", "incorporate"},
        {"goods", "good"}, {"addresses", "address"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(same); i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%s", same[i][0]);
        snprintf(b, sizeof b, "%s", same[i][1]);
        ptext_stem(a);
        ptext_stem(b);
        if (strcmp(a, b) != 0)
            fail_msg("'%s' -> '%s', '%s' -> '%s'", same[i][0], a, same[i][1], b);
    }
    {
        char a[] = "user", b[] = "use", c[] = "processor", d[] = "process";
        ptext_stem(a);
        ptext_stem(b);
        ptext_stem(c);
        ptext_stem(d);
        assert_string_not_equal(a, b);
        assert_string_not_equal(c, d);
    }
}

static void test_numbering(void **state)
{
    static const struct {
        const char *s;
        int mark;
    } ok[] = {
        {"4. End User", MK_NUM}, {"(d) End User", MK_PAREN}, {"d) End User", MK_PAREN},
        {"4.1 End User", MK_NUM_DOT}, {"Part 2: End User", MK_SECTION},
        {"Box 5 End User", MK_SECTION}, {"SECTION 3: End User", MK_SECTION},
        {"Part C - End User", MK_SECTION}, {"IV. End User", MK_ROMAN},
        {"V. End User", MK_ROMAN}, {"C. End User", MK_LETTER_CAP},
        {"第3条 最终用户", MK_CJK}, {"第三条 最终用户", MK_CJK},
        {"（一）最终用户", MK_CJK}, {"一、最终用户", MK_CJK},
    };
    size_t i, len;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(ok); i++) {
        int m = playout_marker(P, ok[i].s, strlen(ok[i].s), &len);
        if (m != ok[i].mark)
            fail_msg("'%s': marker kind %d, want %d", ok[i].s, m, ok[i].mark);
        if (!(strncmp(ok[i].s + len, "End User", 8) == 0 ||
              strncmp(ok[i].s + len, "最终用户", strlen("最终用户")) == 0))
            fail_msg("the marker of '%s' ends at '%s'", ok[i].s, ok[i].s + len);
    }
    /* an address number, a quantity, a date are no markers */
    assert_int_equal(playout_marker(P, "2-4-1 Nakanoshima", 17, &len), MK_NONE);
    assert_int_equal(playout_marker(P, "2846.90 kg", 10, &len), MK_NONE);
    /* sections outrank numbers, numbers their subdivisions */
    assert_true(playout_rank(MK_SECTION) < playout_rank(MK_NUM));
    assert_true(playout_rank(MK_NUM) < playout_rank(MK_NUM_DOT));
    assert_true(playout_rank(MK_NUM_DOT) < playout_rank(MK_PAREN));
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

    /* a scan's signature line leans and breaks where its grey is light:
     * still no signature */
    p = page();
    {
        int x;
        for (x = 220; x < 520; x++)
            if ((x / 30) % 2 == 0) /* dashes 30 px long, 30 px apart */
                pixSetPixel(p, (l_uint32)x, (l_uint32)(520 + (x - 220) / 25), 0);
    }
    assert_true(psign_ink(p, &area, &label_box, 1, &found) < 20);
    /* and strokes on it still are */
    scribble(p, 240, 490);
    assert_true(psign_ink(p, &area, &label_box, 1, &found) >= 80);
    pixDestroy(&p);

    /* a ruled table's cell around the label: its borders are short but
     * end on the rules */
    p = page();
    pixRenderLine(p, 90, 470, 560, 470, 1, L_CLEAR_PIXELS);
    pixRenderLine(p, 90, 500, 560, 500, 1, L_CLEAR_PIXELS);
    pixRenderLine(p, 95, 471, 95, 499, 1, L_CLEAR_PIXELS);
    pixRenderLine(p, 300, 471, 300, 499, 1, L_CLEAR_PIXELS);
    assert_true(psign_ink(p, &area, &label_box, 1, &found) < 20);
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
        cmocka_unit_test(test_labels_by_their_words),
        cmocka_unit_test(test_labels_head_and_tail),
        cmocka_unit_test(test_labels_in_context),
        cmocka_unit_test(test_labels_ocr_damage),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_stems),
        cmocka_unit_test(test_numbering),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_amounts),
        cmocka_unit_test(test_signature_ink),
        cmocka_unit_test(test_seal),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
