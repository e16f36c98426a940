/* Parse stage, document level: the form, table, items, letter readers on
 * built documents (the fixtures in tests/data/parse/ are test_fixtures'), every output
 * validated against schemas/certificate.xsd; the data-driven promise (a new
 * synonym needs no C change); --explain; the CLI. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xmlschemas.h>

#include "euc/doc.h"
#include "euc/extract.h"
#include "euc/parse.h"
#include "parse_support.h"
#include "testutil.h"

/* --- form reader -------------------------------------------------------- */

static void test_form_labels(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("CERTIFICATE OF END USE\n"
                   "Ref. No.: AB/77-2026\n"
                   "4. End-usr: Nordic Servo AB\n"          /* OCR damage + numbering */
                   "   Fabriksgatan 3, 41250 Goteborg\n"
                   "   Sweden\n"
                   "(e) Intended Use : Samarium-cobalt magnets for\n"
                   "    aircraft seat actuators\n"
                   "Remarks: none\n"
                   "Signed by: Lars Nilsson\n"
                   "Position: CEO\n"
                   "Date: 3 Feb 2026\n");
    assert_xp(d, "/certificate/document-type", "end-user-certificate");
    assert_xp(d, "/certificate/certificate-number", "AB/77-2026");
    assert_xp(d, "/certificate/end-user/name", "Nordic Servo AB");
    assert_xp(d, "/certificate/end-user/address", "Fabriksgatan 3, 41250 Goteborg");
    assert_xp(d, "/certificate/end-user/country", "Sweden");
    assert_xp(d, "/certificate/end-user/country/@code", "SE");
    /* continues on the next line, stops at an unknown label ("Remarks:") */
    assert_xp(d, "/certificate/end-use/description",
              "Samarium-cobalt magnets for aircraft seat actuators");
    assert_xp(d, "/certificate/signatory/name", "Lars Nilsson");
    assert_xp(d, "/certificate/signatory/title", "CEO");
    assert_xp(d, "/certificate/signatory/date", "2026-02-03");
    assert_xp(d, "/certificate/signatory/date/@raw", "3 Feb 2026");
    assert_xp(d, "/certificate/signatory/name/@page", "1");
    assert_xp(d, "/certificate/signatory/name/@confidence", "100");
    xmlFreeDoc(d);
}

static void test_absent_is_absent(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Certificate No.: 123-X\nEnd User:\nEnd Use: N/A\n");
    assert_int_equal(pt_count(d, "/certificate/end-user"), 0);
    assert_int_equal(pt_count(d, "/certificate/end-use"), 0);
    assert_int_equal(pt_count(d, "/certificate/items"), 0);
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers"), 0);
    assert_xp(d, "/certificate/re-export/@permitted", "unstated");
    assert_xp(d, "/certificate/signatory/signature/@present", "false");
    /* a bare "Name:" outside any party is not a party's name */
    xmlFreeDoc(d);
    d = pt_parse_text("Name: Someone\nAddress: Somewhere 1, Japan\n");
    assert_int_equal(pt_count(d, "/certificate/end-user"), 0);
    assert_int_equal(pt_count(d, "/certificate/exporter"), 0);
    xmlFreeDoc(d);
}

/* --- table reader ------------------------------------------------------- */

static void add(euc_page *pg, const char *w, double x, double y, int nl)
{
    /* proportional text: 5.2 pt a character */
    euc_box b = {x, y, x + 5.2 * (double)strlen(w), y + 9};
    euc_page_add_word(pg, w, strlen(w), b, 91.0f, nl);
}

static void test_table_by_boxes(void **state)
{
    euc_doc *doc = euc_doc_new("scan.png", "image");
    euc_page *pg = euc_doc_add_page(doc, 612, 792, EUC_SOURCE_OCR, "test");
    xmlDocPtr d;

    (void)state;
    /* Row 1: the label cell wraps over two lines, the value cell over three;
     * OCR gives each visual line as one line, left cell then right cell. */
    add(pg, "Name", 72, 100, 1); add(pg, "and", 96, 100, 0); add(pg, "address", 116, 100, 0);
    add(pg, "of", 155, 100, 0);
    add(pg, "Coastal", 300, 100, 0); add(pg, "Motors", 340, 100, 0); add(pg, "Pty", 375, 100, 0);
    add(pg, "Ltd", 395, 100, 0);
    add(pg, "Final", 72, 112, 1); add(pg, "Recipient", 100, 112, 0);
    add(pg, "14", 301, 112, 0); add(pg, "Harbour", 314, 112, 0); add(pg, "Road,", 356, 112, 0);
    add(pg, "Geelong", 302, 124, 1); add(pg, "VIC", 345, 124, 0); add(pg, "3220,", 366, 124, 0);
    add(pg, "Australia", 394, 124, 0);
    /* Row 2 */
    add(pg, "Purpose", 72, 150, 1);
    add(pg, "Magnets", 300, 150, 0); add(pg, "for", 344, 150, 0); add(pg, "wave", 362, 150, 0);
    add(pg, "energy", 301, 162, 1); add(pg, "generators", 336, 162, 0);
    /* Row 3: the next label ends the value above */
    add(pg, "Authorized", 72, 188, 1); add(pg, "Signatory", 128, 188, 0);
    add(pg, "M.", 300, 188, 0); add(pg, "Chen", 314, 188, 0);
    d = pt_parse_with(pt_parser, doc, NULL);
    assert_xp(d, "/certificate/end-user/name", "Coastal Motors Pty Ltd");
    assert_xp(d, "/certificate/end-user/address", "14 Harbour Road, Geelong VIC 3220");
    assert_xp(d, "/certificate/end-user/country/@code", "AU");
    assert_xp(d, "/certificate/end-user/name/@confidence", "91");
    assert_xp(d, "/certificate/end-use/description", "Magnets for wave energy generators");
    assert_xp(d, "/certificate/signatory/name", "M. Chen");
    xmlFreeDoc(d);
    euc_doc_free(doc);
}

static void test_items_table(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("Goods:\n"
                   "Item  Description                  HS Code    Qty (kg)     Value (EUR)\n"
                   "1     Gadolinium oxide Gd2O3       2846.90         1,000      48,500.00\n"
                   "      99.99%, powder\n"
                   "2     Sm-Co alloy powder           2805.30           250     112,000.00\n"
                   "Total                                              1,250     160,500.00\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 2);
    assert_xp(d, "/certificate/items/item[1]/description", "Gadolinium oxide Gd2O3 99.99%, powder");
    assert_xp(d, "/certificate/items/item[1]/hs-code", "2846.90");
    assert_xp(d, "/certificate/items/item[1]/quantity", "1000");
    assert_xp(d, "/certificate/items/item[1]/quantity/@unit", "kg");
    assert_xp(d, "/certificate/items/item[2]/value", "112000");
    assert_xp(d, "/certificate/items/item[2]/value/@currency", "EUR");
    xmlFreeDoc(d);
    /* the same goods as "Label: value" lines */
    d = pt_parse_text("Description of Goods: Terbium metal\n"
                   "HS Code: 2805.30\nControl No.: 1C902.a\nQuantity: 20 kg\n"
                   "Value: JPY 4,800,000\n");
    assert_xp(d, "/certificate/items/item/description", "Terbium metal");
    assert_xp(d, "/certificate/items/item/control-number", "1C902.a");
    assert_xp(d, "/certificate/items/item/value", "4800000");
    assert_xp(d, "/certificate/items/item/value/@currency", "JPY");
    xmlFreeDoc(d);
}

/* Labelled entries: bilingual labels, an address over several lines, the
 * role from its label rather than a word of the name. */
static void test_sub_suppliers_labelled(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("(6) PROCESSING COMPANIES / 加工委託先\n"
                   "(a) Name of Company / 名称: Hokuriku Magnet Processing Co., Ltd.\n"
                   "Registered Address / 住所: 1-5 Kanaiwa\n"
                   "Kanazawa, Ishikawa 920-0335\n"
                   "Country/Region / 国名: Japan\n"
                   "Role / 加工内容: sintering and machining of magnet blocks\n"
                   "(b) Company Name: Kobe Surface Coating K.K.\n"
                   "Address: 6-3-2 Minatojima\n"
                   "Chuo-ku, Kobe 650-0045\n"
                   "Country: Japan\n"
                   "(7) RE-TRANSFER / 再輸出\n"
                   "The items shall not be re-transferred to any destination outside Japan.\n");
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 2);
    assert_xp(d, "/certificate/sub-suppliers/party[1]/name", "Hokuriku Magnet Processing Co., Ltd.");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/address", "1-5 Kanaiwa, Kanazawa, Ishikawa 920-0335");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/country/@code", "JP");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/role", "sintering and machining of magnet blocks");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/name", "Kobe Surface Coating K.K.");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/address", "6-3-2 Minatojima, Chuo-ku, Kobe 650-0045");
    xmlFreeDoc(d);

    /* Label cell and value cell, an items table just above: its rows are
     * not the parties' value. */
    d = pt_parse_text(" Description       HS Code    Qty     Amount\n"
                   " Terbium metal     2805.30    10 kg   USD 12,500.00\n"
                   " Dysprosium oxide  2846.90    650 kg  USD 169,000.00\n"
                   " Processing Companies   1) Dong Nai Magnet Processing Co., Ltd.\n"
                   "                        Road 5, Bien Hoa II Industrial Zone\n"
                   "                        Bien Hoa, Dong Nai 810000\n"
                   "                        Viet Nam\n"
                   "                        Role / 加工内容: grinding and coating of magnets\n"
                   "                        2) Busan Coating Technology Co.\n"
                   "                        15 Noksansandan-ro, Gangseo-gu\n"
                   "                        Busan 46729\n"
                   "                        Republic of Korea\n");
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 2);
    assert_xp(d, "/certificate/sub-suppliers/party[2]/address", "15 Noksansandan-ro, Gangseo-gu, Busan 46729");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/name", "Dong Nai Magnet Processing Co., Ltd.");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/country/@code", "VN");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/role", "grinding and coating of magnets");
    xmlFreeDoc(d);
}

/* --- letter reader ------------------------------------------------------ */

/* Parties a letter names in sentences and in its addressee block. */
static void test_letter_parties(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("To:  Baotou Huaxin Rare Earth Materials Co., Ltd.\n"
                   "    No. 83 Huanghe Avenue, Rare Earth Hi-Tech Zone\n"
                   "    Baotou, Inner Mongolia 014030\n"
                   "    China\n"
                   "Subject: End-User Statement\n"
                   "The goods will be imported by Marunouchi Shoji Co., Ltd., 2-7-3 Marunouchi, Chiyoda-ku, Tokyo\n"
                   "100-0005, Japan, acting as consignee on our behalf.\n"
                   "The goods will also be processed by Hokuriku Magnet Processing Co., Ltd., 1-5 Kanaiwa,\n"
                   "Kanazawa, Ishikawa 920-0335, Japan (sintering and machining of magnet blocks); no other\n"
                   "party will hold the goods. The oxide will further be sintered by Ningbo Sintering Co., Ltd.,\n"
                   "of 8 Binhai Road, Ningbo 315800, China, as magnet manufacturer.\n"
                   "The magnets will be machined by Ulsan Precision Machining Co., Ltd., 87 Yeompo-ro,\n"
                   "Buk-gu, Ulsan 44259, Republic of Korea (machining of magnet blocks) and\n"
                   "by Busan Coating Technology Co., 15 Noksansandan-ro, Busan 46729, Republic\n"
                   "of Korea (epoxy coating of magnets).\n");
    assert_xp(d, "/certificate/exporter/name", "Baotou Huaxin Rare Earth Materials Co., Ltd.");
    assert_xp(d, "/certificate/exporter/address",
              "No. 83 Huanghe Avenue, Rare Earth Hi-Tech Zone, Baotou, Inner Mongolia 014030");
    assert_xp(d, "/certificate/exporter/country/@code", "CN");
    assert_xp(d, "/certificate/consignee/name", "Marunouchi Shoji Co., Ltd.");
    assert_xp(d, "/certificate/consignee/address", "2-7-3 Marunouchi, Chiyoda-ku, Tokyo 100-0005");
    assert_xp(d, "/certificate/consignee/country/@code", "JP");
    assert_xp(d, "/certificate/sub-suppliers/@declared-none", "false");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/name", "Hokuriku Magnet Processing Co., Ltd.");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/address", "1-5 Kanaiwa, Kanazawa, Ishikawa 920-0335");
    assert_xp(d, "/certificate/sub-suppliers/party[1]/role", "sintering and machining of magnet blocks");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/name", "Ningbo Sintering Co., Ltd.");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/country/@code", "CN");
    assert_xp(d, "/certificate/sub-suppliers/party[2]/role", "magnet manufacturer");
    assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 4);
    assert_xp(d, "/certificate/sub-suppliers/party[4]/name", "Busan Coating Technology Co.");
    assert_xp(d, "/certificate/sub-suppliers/party[4]/role", "epoxy coating of magnets");
    assert_xp(d, "/certificate/sub-suppliers/party[4]/country/@code", "KR");
    xmlFreeDoc(d);
    /* A letter to the authority: the addressee is no exporter. */
    d = pt_parse_text("To: Ministry of Commerce of the People's Republic of China\n"
                   "Dear Sir or Madam,\n");
    assert_int_equal(pt_count(d, "/certificate/exporter"), 0);
    xmlFreeDoc(d);
}

/* "This is to certify that X, of ADDRESS, confirms ...", a conformed
 * signature above the signatory's name, business and contact sentences;
 * an undertaking starting "We will not ..." is no party. */
static void test_letter_sentences(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("For any questions about this statement please contact Mr. Koji Saito, Tel. +81 22 217\n"
                   "6630, k.saito@tohoku-phosphor.example.jp.\n");
    assert_xp(d, "/certificate/end-user/contact",
              "Mr. Koji Saito, Tel. +81 22 217 6630, k.saito@tohoku-phosphor.example.jp");
    xmlFreeDoc(d);
    /* A scanned signature read by OCR as a line of junk. */
    d = pt_parse_text("Yours sincerely,\n(Lape ANA\n\nAnna Schmidt\nHead of Supply Chain\nRheinland GmbH\n");
    assert_xp(d, "/certificate/signatory/name", "Anna Schmidt");
    assert_xp(d, "/certificate/signatory/title", "Head of Supply Chain");
    xmlFreeDoc(d);
    /* No name under "/s/": the title is no name. */
    d = pt_parse_text("Yours sincerely,\n/s/\nHead of Supply Chain\nRheinland Magnettechnik GmbH\n");
    assert_int_equal(pt_count(d, "/certificate/signatory/name"), 0);
    xmlFreeDoc(d);
    d = pt_parse_text("Sincerely,\n(LAAN AAD\n\nManaging Director\nRheinland Magnettechnik GmbH\n");
    assert_int_equal(pt_count(d, "/certificate/signatory/name"), 0);
    xmlFreeDoc(d);
    d = pt_parse_text("Subject: STATEMENT BY END USER\n");
    assert_xp(d, "/certificate/document-type", "end-user-statement");
    xmlFreeDoc(d);
    d = pt_parse_text("This is to certify that Rheinland Magnettechnik GmbH, of Industriestrasse 14, 41460 Neuss,\n"
                   "Germany, confirms that the goods listed below are intended exclusively for sensors.\n"
                   "Our main activity is the manufacture of samarium-cobalt magnets.\n"
                   "We further certify the following. We will not use the goods, directly or indirectly, for\n"
                   "military purposes or in the production of weapons of mass destruction, hereby agreed.\n"
                   "For any questions please contact Dr. Petra Wagner, Purchasing, Tel. +49 2131 7490 0.\n"
                   "Yours sincerely,\n"
                   "/s/ Anna Schmidt\n"
                   "Anna Schmidt\n"
                   "Head of Supply Chain\n"
                   "Rheinland Magnettechnik GmbH\n");
    assert_xp(d, "/certificate/end-user/name", "Rheinland Magnettechnik GmbH");
    assert_xp(d, "/certificate/end-user/address", "Industriestrasse 14, 41460 Neuss");
    assert_xp(d, "/certificate/end-user/country/@code", "DE");
    assert_xp(d, "/certificate/end-user/business", "manufacture of samarium-cobalt magnets");
    assert_xp(d, "/certificate/end-user/contact", "Dr. Petra Wagner, Purchasing, Tel. +49 2131 7490 0");
    assert_xp(d, "/certificate/signatory/name", "Anna Schmidt");
    assert_xp(d, "/certificate/signatory/title", "Head of Supply Chain");
    xmlFreeDoc(d);
}

/* An items table running over a page break, a page footer between its
 * rows: all rows read, the footer no part of a value. */
static void test_reexport_phrasings(void **state)
{
    static const char *const no[] = {
        "The items shall not be re-transferred or diverted to any other destination.",
        "The goods will not be transferred to any third country without the prior written consent of MOFCOM.",
        "We undertake that the goods will not be re-exported.",
        "We undertake not to re-export the goods or transfer them to any third country without the prior written approval of the competent Chinese authorities.",
        "We shall refrain from re-exporting the goods.",
        "We agree not to transfer the items to any other country.",
        "The goods may be re-exported only with the prior written consent of MOFCOM.",
        "Re-export of the goods is strictly prohibited.",
    };
    size_t i;
    xmlDocPtr d;

    (void)state;
    for (i = 0; i < G_N_ELEMENTS(no); i++) {
        d = pt_parse_text(no[i]);
        assert_xp(d, "/certificate/re-export/@permitted", "no");
        assert_int_equal(pt_count(d, "/certificate/assurances/assurance[@kind='no-re-export']"), 1);
        xmlFreeDoc(d);
    }
    d = pt_parse_text("We confirm that the goods will be used in Japan only.");
    assert_xp(d, "/certificate/re-export/@permitted", "unstated");
    xmlFreeDoc(d);
    /* A re-export declared without a country is still declared. */
    d = pt_parse_text("The goods will be resold to customers in other countries.");
    assert_xp(d, "/certificate/re-export/@permitted", "yes");
    assert_int_equal(pt_count(d, "/certificate/re-export/destination"), 0);
    xmlFreeDoc(d);
}

/* --- data, not code ----------------------------------------------------- */

/* The parser's data files into a fresh directory, for a test to edit. */
static char *copy_data(void)
{
    static const char *const names[] = {"concepts.xml", "fields.xml", "prose.xml",
                                        "countries.xml", "certificate.xsd",
                                        "concepts.xsd", "fields.xsd", "prose.xsd",
                                        "countries.xsd"};
    char *dir = tu_tmpdir();
    size_t i, len;

    for (i = 0; i < G_N_ELEMENTS(names); i++) {
        char *from = g_strdup_printf("schemas/%s", names[i]);
        char *to = g_strdup_printf("%s/%s", dir, names[i]);
        char *src = tu_read_file(from, &len);
        assert_non_null(src);
        assert_int_equal(tu_write_file(to, src, len), 0);
        free(src);
        g_free(from);
        g_free(to);
    }
    return dir;
}

/* A word for an entity is a line of concepts.xml: with "recipient" added
 * to the end user's words, a label the shipped data does not know names
 * the end user, and its value is read as a party. */
static void test_new_synonym_is_data(void **state)
{
    char *dir = copy_data(), *src, *path, *mod;
    char **halves;
    euc_parser *p2;
    euc_error err;
    euc_doc *doc;
    xmlDocPtr d;
    size_t len;
    const char *text = "Recipient of the Goods: Orion Drives Ltd, 1 Dock Road, Leeds, UK\n";

    (void)state;
    /* Unknown to the shipped data: no end user. */
    d = pt_parse_text(text);
    assert_int_equal(pt_count(d, "/certificate/end-user"), 0);
    xmlFreeDoc(d);
    path = g_strdup_printf("%s/concepts.xml", dir);
    src = tu_read_file(path, &len);
    assert_non_null(src);
    halves = g_strsplit(src, "<t w=\"4\">end user</t>", 2);
    assert_non_null(halves[1]);
    mod = g_strjoinv("<t w=\"4\">end user</t><t w=\"4\">recipient</t>", halves);
    g_strfreev(halves);
    assert_int_equal(tu_write_file(path, mod, strlen(mod)), 0);
    memset(&err, 0, sizeof err);
    p2 = euc_parser_new(dir, &err);
    assert_non_null(p2);
    doc = pt_grid_doc(text);
    d = pt_parse_with(p2, doc, NULL);
    assert_xp(d, "/certificate/end-user/name", "Orion Drives Ltd");
    assert_xp(d, "/certificate/end-user/country/@code", "GB");
    xmlFreeDoc(d);
    euc_doc_free(doc);
    euc_parser_free(p2);
    free(src);
    g_free(mod);
    g_free(path);
    tu_rmtree(dir);
    free(dir);
}

/* A broken data file stops the parser with an error naming the file; a
 * well-formed one with a typo (a field type no reader has) is refused by
 * its schema with the file, the line and the schema's words. */
static void test_broken_data_is_an_error(void **state)
{
    char *dir = copy_data(), *path = g_strdup_printf("%s/fields.xml", dir);
    const char *typo = "<fields>\n<field path=\"end-user/name\" type=\"txet\"/>\n</fields>\n";
    euc_error err;

    (void)state;
    assert_int_equal(tu_write_file(path, "<fields><field", 14), 0);
    memset(&err, 0, sizeof err);
    assert_null(euc_parser_new(dir, &err));
    assert_int_equal(err.code, EUC_ERR_DATA);
    assert_true(strstr(err.file, "fields.xml") != NULL);
    assert_int_equal(tu_write_file(path, typo, strlen(typo)), 0);
    memset(&err, 0, sizeof err);
    assert_null(euc_parser_new(dir, &err));
    assert_int_equal(err.code, EUC_ERR_DATA);
    assert_true(strstr(err.file, "fields.xml") != NULL);
    assert_non_null(strstr(err.message, "line 2: not valid against fields.xsd"));
    assert_non_null(strstr(err.message, "txet"));
    g_free(path);
    tu_rmtree(dir);
    free(dir);
}

/* --- explain ------------------------------------------------------------ */

static void test_explain(void **state)
{
    euc_doc *doc = pt_grid_doc("End User: Kappa Ltd, 1 Road, Osaka, Japan\nEnd Use:\n");
    char *why = NULL;
    const char *nf;
    xmlDocPtr d = pt_parse_with(pt_parser, doc, &why);

    (void)state;
    assert_non_null(why);
    /* what matched, with the reader and the words' page and confidence */
    assert_non_null(strstr(why, "end-user/name"));
    assert_non_null(strstr(why, "\"Kappa Ltd\""));
    assert_non_null(strstr(why, "reader=field label=\"End User:\""));
    assert_non_null(strstr(why, "[page 1, confidence 100]"));
    /* the label met without a value is told once, as seen; the labels
     * looked for in vain are told by their words */
    assert_non_null(strstr(why, "label 'End Use:' found, no value beside or below it"));
    nf = strstr(why, "# not found");
    assert_non_null(nf);
    assert_null(strstr(nf, "end-use/description"));
    assert_non_null(strstr(nf, "end-use/location"));
    assert_non_null(strstr(nf, "\"place\""));
    free(why);
    xmlFreeDoc(d);
    euc_doc_free(doc);
}

/* --- CLI ---------------------------------------------------------------- */

static void test_cli(void **state)
{
    const char *argv[] = {tu_bin(), "parse", "tests/data/parse/letter.txt",
                          "tests/data/parse/no-such-file.txt",
                          "tests/data/parse/form-ja.txt", NULL};
    const char *one[] = {tu_bin(), "parse", "tests/data/parse/letter.txt", NULL};
    char *out = NULL, *err = NULL;
    xmlDocPtr d;
    int rc;

    (void)state;
    rc = tu_run(argv, &out, &err);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(err, "eucheck: tests/data/parse/no-such-file.txt: "));
    assert_int_equal(tu_count(err, "\n"), 1);
    d = xmlReadMemory(out, (int)strlen(out), "out.xml", NULL, 0);
    assert_non_null(d);
    assert_int_equal(pt_count(d, "/certificates/certificate"), 2);
    assert_xp(d, "/certificates/certificate[2]/source/@file", "form-ja.txt");
    xmlFreeDoc(d);
    free(out);
    free(err);
    rc = tu_run(one, &out, &err);
    assert_int_equal(rc, 0);
    d = xmlReadMemory(out, (int)strlen(out), "out.xml", NULL, 0);
    assert_non_null(d);
    pt_validate(d);
    assert_xp(d, "/certificate/end-user/name", "Kansai Magnet Works Co., Ltd.");
    xmlFreeDoc(d);
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_labels),
        cmocka_unit_test(test_absent_is_absent),
        cmocka_unit_test(test_table_by_boxes),
        cmocka_unit_test(test_items_table),
        cmocka_unit_test(test_sub_suppliers_labelled),
        cmocka_unit_test(test_letter_parties),
        cmocka_unit_test(test_letter_sentences),
        cmocka_unit_test(test_reexport_phrasings),
        cmocka_unit_test(test_new_synonym_is_data),
        cmocka_unit_test(test_broken_data_is_an_error),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
