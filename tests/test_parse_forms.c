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

/* --- lists and tables -------------------------------------------------------- */

/* --- letters and e-mails ------------------------------------------------------ */

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_questions_over_lines),
        cmocka_unit_test(test_ocr_slips),
        cmocka_unit_test(test_korean_form),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
