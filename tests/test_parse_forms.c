/* Parse stage: the shapes of forms and letters other issuers use, each in
 * our own words -- questions over several lines or in a table's label
 * column and what their ticked answers say, answers under a label ending
 * in a colon, lists whose entries are numbered alike, headers with no row,
 * a Korean form, an e-mail's headers, letters that name the end user only
 * as the company that will use the goods, OCR's spaced digits. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <glib.h>
#include <libxml/tree.h>

#include "euc/doc.h"
#include "euc/parse.h"
#include "parse_support.h"
#include "testutil.h"

/* --- questions ------------------------------------------------------------ */

/* A numbered question that wraps, answered by ticks on the line below; the
 * answer to a question no field names is read from the question's words. */
static void test_questions_over_lines(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("12. Will any firm other than yours machine, coat or store\n"
                      "    the material before it is used?\n"
                      "    [ ] No   [x] Yes\n"
                      "    If yes, give each firm's name and address:\n"
                      "      Volta Grinding Oy, Teollisuuskatu 4, 33100 Tampere, Finland\n"
                      "13. Are the goods, or machines built with them, to be shipped\n"
                      "    out of your country?\n"
                      "    [x] No   [ ] Yes\n"
                      "14. Do you undertake never to let the material serve a\n"
                      "    military purpose?\n"
                      "    [x] Yes   [ ] No\n");
    assert_xp(d, "/certificate/sub-suppliers/@declared-none", "false");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/name", "Volta Grinding Oy");
    assert_xp(d, "/certificate/re-export/@permitted", "no");
    assert_int_equal(pt_count(d, "/certificate/assurances/assurance[@kind='no-military-use']"), 1);
    xmlFreeDoc(d);

    /* the same asked in a table: the question wraps in its column, the
     * answer stands beside its first line */
    d = pt_parse_text("Will the goods, or the pumps made      Yes\n"
                      "with them, be sold out of the\n"
                      "end user's country?\n"
                      "If yes, to which countries             Chile and Peru\n");
    assert_xp(d, "/certificate/re-export/@permitted", "yes");
    assert_int_equal(pt_count(d, "/certificate/re-export/destination"), 2);
    xmlFreeDoc(d);
}

/* "Describe ..." is an instruction, a label however long; the line under a
 * label ending in a colon is its answer, however label-like its words. */
static void test_instructions_and_answers_below(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("6. Describe in full what the material will be used for (product and\n"
                      "   plant)\n"
                      "   > Bonded magnets for washing-machine motors, made at our Izmir plant\n"
                      "Intended use of the goods:\n"
                      "General purpose applications\n");
    assert_xp(d, "/certificate/end-use/description",
              "Bonded magnets for washing-machine motors, made at our Izmir plant");
    xmlFreeDoc(d);
    d = pt_parse_text("Purpose for which the goods are bought:\n"
                      "General industrial use\n"
                      "Sub-suppliers: none\n");
    assert_xp(d, "/certificate/end-use/description", "General industrial use");
    xmlFreeDoc(d);
}

/* --- lists and tables -------------------------------------------------------- */

/* Entries numbered "1)", "2)": a street starting with a number is no new
 * entry, and a role on its own line stays with its entry. */
static void test_list_entries_marked_alike(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Processors of the goods:\n"
                      "   1) Lakeside Sinter Works Ltd., 14 Mill Lane, Leicester LE1 5AA,\n"
                      "   United Kingdom; role: sintering of magnet blanks\n"
                      "   2) Severn Coatings Ltd.\n"
                      "   27 Dock Road\n"
                      "   Bristol BS1 6QQ\n"
                      "   United Kingdom\n"
                      "We will not re-export the goods.\n");
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 2);
    assert_xp(d, "/certificate/sub-suppliers/party[1]/role", "sintering of magnet blanks");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/address", "27 Dock Road, Bristol BS1 6QQ");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/country/@code", "GB");
    assert_xp(d, "/certificate/re-export/@permitted", "no");
    xmlFreeDoc(d);
}

/* A header of goods with nothing under it: the goods are missing, and its
 * cells are no labels of values below. */
static void test_empty_items_table(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("B. Goods\n"
                      "Description            HS code     Quantity     Value\n"
                      "C. End use\n"
                      "Sensors for district-heating meters\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 0);
    assert_xp(d, "/certificate/end-use/description", "Sensors for district-heating meters");
    xmlFreeDoc(d);
}

/* --- letters and e-mails ------------------------------------------------------ */

/* The end user named only as the company that will use the goods; its
 * address said as "our address is"; goods named by HS code with no
 * quantity; an e-mail's "Sent:" header dates it. */
static void test_letter_shapes(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("From: Ola Berg <ola.berg@fjellmotor.example>\n"
                      "Sent: Tuesday, February 3, 2026 9:14 AM\n"
                      "Subject: end use of our order\n"
                      "\n"
                      "Dear Sir,\n"
                      "\n"
                      "As asked, this is how Fjellmotor AS will use the goods of our order 771.\n"
                      "Our address is Verkstedveien 3, 7043 Trondheim, Norway.\n"
                      "The order covers terbium oxide Tb4O7 (HS 2846.90), value EUR 41,000.\n"
                      "The terbium will be used at our Trondheim works for the grain-boundary\n"
                      "diffusion of magnets for hydropower generators.\n"
                      "\n"
                      "Regards,\n"
                      "/s/ Ola Berg\n");
    assert_xp(d, "/certificate/end-user/name", "Fjellmotor AS");
    assert_xp(d, "/certificate/end-user/address", "Verkstedveien 3, 7043 Trondheim");
    assert_xp(d, "/certificate/end-user/country/@code", "NO");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 1);
    assert_xp(d, "/certificate/items/item[1]/description", "terbium oxide Tb4O7");
    assert_int_equal(pt_count(d, "/certificate/items/item[1]/quantity"), 0);
    assert_xp(d, "/certificate/end-use/location", "our Trondheim works");
    assert_xp(d, "/certificate/issue-date", "2026-02-03");
    xmlFreeDoc(d);
}

/* A letter that wraps before a contract's number, and gives the value of
 * its one item in a sentence of its own. */
static void test_letter_wraps_and_value(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Dear Sirs,\n"
                      "We, Aaltonen Sensors Oy, Mittarikatu 2, 90100 Oulu, Finland, buy 80 kg of\n"
                      "yttrium oxide (HS 2846.90) from you under purchase order\n"
                      "No. PO-88-4410, and use it only to make oxygen sensor ceramics at Oulu.\n"
                      "We have agreed a\n"
                      "price for this order; its value is EUR 6,400.00 in all.\n"
                      "Yours faithfully,\n"
                      "/s/ Mikko Aaltonen, CEO\n");
    assert_xp(d, "/certificate/contract-number", "PO-88-4410");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 1);
    assert_xp(d, "/certificate/items/item[1]/quantity", "80");
    assert_xp(d, "/certificate/items/item[1]/value", "6400");
    assert_xp(d, "/certificate/items/item[1]/value/@currency", "EUR");
    xmlFreeDoc(d);
}

/* A numbered list of processors whose names end in a legal form and a
 * colon: the names are parties, not labels. */
static void test_party_names_before_colon(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Other firms handling the goods:\n"
                      "1) Rauma Coating Processors Oy: Finland; task: nickel plating\n"
                      "2) Baltic Magnet Processing AB: Sweden; task: magnetising\n");
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 2);
    assert_xp(d, "/certificate/sub-suppliers/party[1]/name", "Rauma Coating Processors Oy");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/name", "Baltic Magnet Processing AB");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/country/@code", "SE");
    xmlFreeDoc(d);
}

/* A bilingual heading whose two halves stand apart, after a blank field:
 * it starts its own part, it is no value of the field above. */
static void test_heading_halves_apart(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("二、最终用户     END USER\n"
                      "名称 Name:\n"
                      "联系人 Contact:\n"
                      "三、收货人     CONSIGNEE\n"
                      "名称 Name: Lindqvist Trading AB\n");
    assert_int_equal(pt_count(d, "/certificate/end-user/name"), 0);
    assert_int_equal(pt_count(d, "/certificate/end-user/contact"), 0);
    assert_xp(d, "/certificate/consignee/name", "Lindqvist Trading AB");
    xmlFreeDoc(d);
}

/* OCR's slips that a reader should survive: a tick box's bracket read as
 * "1", a capital I read as l at a company's start, a 1 read as i in a
 * quantity cell. */
static void test_ocr_slips(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("6. Re-export\n"
                      "[X1 The material will not be re-exported.\n"
                      "[ ] The material will be shipped abroad to:\n");
    assert_xp(d, "/certificate/re-export/@permitted", "no");
    xmlFreeDoc(d);
    /* an option left unticked, outside any box, says nothing */
    d = pt_parse_text("Onward shipment\n"
                      "[ ] The material will be shipped abroad to:\n");
    assert_xp(d, "/certificate/re-export/@permitted", "unstated");
    xmlFreeDoc(d);
    d = pt_parse_text("Companies that will work on the goods:\n"
                      "1. lzumi Sintering K.K., 4-2 Minato, Hakodate 040-0001, Japan - sintering\n");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/name", "lzumi Sintering K.K.");
    xmlFreeDoc(d);
    d = pt_parse_text("No. | Goods | HS code | Quantity | Value\n"
                      "1 | Cerium oxide | 2846.10 | it | EUR 9,000\n"
                      "2 | Yttrium oxide | 2846.90 | 300 kg | EUR 12,000\n");
    assert_xp(d, "/certificate/items/item[1]/quantity", "1");
    assert_xp(d, "/certificate/items/item[1]/quantity/@unit", "t");
    xmlFreeDoc(d);
}

/* A letter's closing names the writer's company; it is no party. */
static void test_closing_is_no_party(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Our subcontractor:\n"
                      "1. Kraków Mill Sp. z o.o., ul. Długa 5, 31-147 Kraków, Poland - milling\n"
                      "\n"
                      "Yours sincerely,\n"
                      "For and on behalf of Wisła Magnetics S.A.\n"
                      "Anna Nowak\n"
                      "Managing Director\n");
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 1);
    assert_xp(d, "/certificate/signatory/name", "Anna Nowak");
    xmlFreeDoc(d);
}

/* A text table ruled with bars, a cell left empty: the cells after it
 * keep their columns. */
static void test_bar_table_empty_cell(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Goods\n"
                      "| No. | Description | HS code | Quantity | Value |\n"
                      "| 1 | Holmium oxide 99.9% | 2846.90 |  | EUR 4,100.00 |\n"
                      "| 2 | Erbium oxide | 2846.90 | 50 kg | EUR 2,000.00 |\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 2);
    assert_int_equal(pt_count(d, "/certificate/items/item[1]/quantity"), 0);
    assert_xp(d, "/certificate/items/item[1]/value", "4100");
    assert_xp(d, "/certificate/items/item[2]/quantity", "50");
    xmlFreeDoc(d);
}

/* Prose closes a part: a "Name:" after the undertakings, above a
 * "Title:", names the signatory, not another party. */
static void test_name_after_prose(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Processing companies: none\n"
                      "We shall not send the goods abroad.\n"
                      "Nothing we make from them will serve an army.\n"
                      "Name: Tomas Lind\n"
                      "Title: Purchasing Manager\n");
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 0);
    assert_xp(d, "/certificate/signatory/name", "Tomas Lind");
    xmlFreeDoc(d);
}

/* --- Korean -------------------------------------------------------------------- */

static void test_korean_form(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("최종사용자 확인서 / End-User Confirmation\n"
                      "가. 최종사용자 / End user\n"
                      "상호 Name: Hanbit Sensor Co., Ltd.\n"
                      "주소 Address: 77, Techno-ro, Yuseong-gu, Daejeon 34012\n"
                      "국가 Country: Republic of Korea\n"
                      "나. 최종용도 / End use\n"
                      "가스 센서 소자 생산에 사용 / Production of gas sensor elements\n"
                      "다. 서약 사항 / Undertakings\n"
                      "(1) 상기 물품을 군사 목적으로 사용하지 않겠습니다.\n"
                      "(2) 상기 물품을 재수출하지 않겠습니다.\n"
                      "2026년 1월 20일\n"
                      "성명 Name: Park Ji-ho\n");
    assert_xp(d, "/certificate/end-user/name", "Hanbit Sensor Co., Ltd.");
    assert_xp(d, "/certificate/end-user/country/@code", "KR");
    assert_int_equal(pt_count(d, "/certificate/assurances/assurance[@kind='no-military-use']"), 1);
    assert_xp(d, "/certificate/re-export/@permitted", "no");
    assert_xp(d, "/certificate/signatory/name", "Park Ji-ho");
    /* the date line stands apart from the signatory: it dates the form */
    assert_xp(d, "/certificate/issue-date", "2026-01-20");
    xmlFreeDoc(d);
}

/* --- OCR ------------------------------------------------------------------------ */

/* Digits OCR read one by one, in a date and a quantity. */
static void test_spaced_digits(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Goods: Gadolinium oxide, 4 0 0 kg\n"
                      "日付 / Date: 2 0 2 6 年 3 月 4 日\n");
    assert_xp(d, "/certificate/items/item[1]/quantity", "400");
    assert_xp(d, "/certificate/issue-date", "2026-03-04");
    xmlFreeDoc(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_questions_over_lines),
        cmocka_unit_test(test_instructions_and_answers_below),
        cmocka_unit_test(test_list_entries_marked_alike),
        cmocka_unit_test(test_empty_items_table),
        cmocka_unit_test(test_letter_shapes),
        cmocka_unit_test(test_letter_wraps_and_value),
        cmocka_unit_test(test_party_names_before_colon),
        cmocka_unit_test(test_heading_halves_apart),
        cmocka_unit_test(test_ocr_slips),
        cmocka_unit_test(test_bar_table_empty_cell),
        cmocka_unit_test(test_name_after_prose),
        cmocka_unit_test(test_closing_is_no_party),
        cmocka_unit_test(test_korean_form),
        cmocka_unit_test(test_spaced_digits),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
