/* Parse stage, document level, what a fixture cannot say: a table read
 * from the boxes of a built document (OCR's words with their positions),
 * re-export phrasings in a loop, the data-driven promise (a new synonym
 * needs no C change), a broken data file, --explain and the CLI.  Every
 * output is validated against schemas/certificate.xsd.  The cases that are
 * a text and what its parse says are data: tests/data/parse/NAME.txt and
 * NAME.expect, checked by test_fixtures.c. */
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

/* --- prose ------------------------------------------------------------- */

/* Each way of forbidding re-export reads as "no" with its undertaking (the
 * sentences that do not forbid it are fixtures: reexport-use-in-country,
 * reexport-no-country). */
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
        cmocka_unit_test(test_table_by_boxes),
        cmocka_unit_test(test_reexport_phrasings),
        cmocka_unit_test(test_new_synonym_is_data),
        cmocka_unit_test(test_broken_data_is_an_error),
        cmocka_unit_test(test_explain),
        cmocka_unit_test(test_cli),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
