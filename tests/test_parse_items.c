/* Parse stage: items given inline (in a form value, several per value, on
 * numbered or continuation lines), "no other party" statements in their
 * phrasings, items-table headers whose cells hold synonyms, and table cells
 * that wrap.  Each case is what a user saw go wrong: one item whose
 * description was the whole line, a sentence read as a party's name. */
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

/* --- items inline ------------------------------------------------------- */

static void test_items_inline_form_value(void **state)
{
    xmlDocPtr d;

    (void)state;
    d = pt_parse_text("4. Items: Dysprosium oxide (Dy2O3), HS 2846.90, quantity 500 kg, USD 210,000\n"
                   "5. Sub-suppliers: none. No other party will process, receive or hold the goods.\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 1);
    assert_xp(d, "/certificate/items/item/description", "Dysprosium oxide (Dy2O3)");
    assert_xp(d, "/certificate/items/item/hs-code", "2846.90");
    assert_xp(d, "/certificate/items/item/quantity", "500");
    assert_xp(d, "/certificate/items/item/quantity/@unit", "kg");
    assert_xp(d, "/certificate/items/item/value", "210000");
    assert_xp(d, "/certificate/items/item/value/@currency", "USD");
    assert_xp(d, "/certificate/sub-suppliers/@declared-none", "true");
    xmlFreeDoc(d);

    /* only description and quantity */
    d = pt_parse_text("Items: Terbium metal, 20 kg\n");
    assert_xp(d, "/certificate/items/item/description", "Terbium metal");
    assert_xp(d, "/certificate/items/item/quantity", "20");
    assert_int_equal(pt_count(d, "/certificate/items/item/hs-code"), 0);
    xmlFreeDoc(d);
}

static void test_items_inline_several(void **state)
{
    xmlDocPtr d;

    (void)state;
    /* two on one line, with labelled parts */
    d = pt_parse_text("Items: Dysprosium oxide, HS 2846.90, 500 kg, USD 210,000; "
                   "Terbium metal, HS Code: 2805.30, quantity: 20 kg, value: EUR 30.000,00\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 2);
    assert_xp(d, "/certificate/items/item[1]/description", "Dysprosium oxide");
    assert_xp(d, "/certificate/items/item[1]/value", "210000");
    assert_xp(d, "/certificate/items/item[2]/description", "Terbium metal");
    assert_xp(d, "/certificate/items/item[2]/hs-code", "2805.30");
    assert_xp(d, "/certificate/items/item[2]/quantity", "20");
    assert_xp(d, "/certificate/items/item[2]/value", "30000");
    assert_xp(d, "/certificate/items/item[2]/value/@currency", "EUR");
    xmlFreeDoc(d);

    /* numbered lines, the first continued on the next line; the second
     * "quantity of goods (HS ...)" as in a letter, with its ECCN */
    d = pt_parse_text("Goods:\n"
                   "1. Dysprosium oxide (Dy2O3) 99.9%, HS 2846.90,\n"
                   "   500 kg, USD 210,000\n"
                   "2. 20 kg of terbium metal (HS 2805.30), ECCN 1C902.a, JPY 4,800,000\n"
                   "End Use: traction motors\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 2);
    assert_xp(d, "/certificate/items/item[1]/description", "Dysprosium oxide (Dy2O3) 99.9%");
    assert_xp(d, "/certificate/items/item[1]/value", "210000");
    assert_xp(d, "/certificate/items/item[2]/description", "terbium metal");
    assert_xp(d, "/certificate/items/item[2]/hs-code", "2805.30");
    assert_xp(d, "/certificate/items/item[2]/control-number", "1C902.a");
    assert_xp(d, "/certificate/items/item[2]/quantity", "20");
    assert_xp(d, "/certificate/items/item[2]/value/@currency", "JPY");
    assert_xp(d, "/certificate/end-use/description", "traction motors");
    xmlFreeDoc(d);

    /* unnumbered lines, each a whole item */
    d = pt_parse_text("Items: Gadolinium oxide, 1,000 kg, USD 48,500\n"
                   "       Samarium metal, 2 t, USD 112,000\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 2);
    assert_xp(d, "/certificate/items/item[2]/description", "Samarium metal");
    assert_xp(d, "/certificate/items/item[2]/quantity/@unit", "t");
    xmlFreeDoc(d);
}

/* --- "no other party" ----------------------------------------------------- */

static void test_no_other_party_phrasings(void **state)
{
    static const char *const said[] = {
        "Sub-suppliers / downstream processors: No party other than the end user will process, receive or hold the goods.\n",
        "Sub-suppliers: none. No other party will process, receive or hold the goods.\n",
        "Downstream Processors:\n   None. The goods will be processed only by the end user at the place of use stated above.\n",
        "Other Parties Involved: There are no sub-suppliers or downstream processors; no other company will process or hold the goods.\n",
        "Subcontractors: Nobody else will handle the goods.\n",
        "Processing Companies: N/A\n",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof said / sizeof *said; i++) {
        xmlDocPtr d = pt_parse_text(said[i]);
        if (pt_count(d, "/certificate/sub-suppliers/party") != 0)
            fprintf(stderr, "read as a party: %s", said[i]);
        assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 0);
        assert_xp(d, "/certificate/sub-suppliers/@declared-none", "true");
        xmlFreeDoc(d);
    }
    /* a real party is still a party */
    {
        xmlDocPtr d = pt_parse_text("Sub-suppliers: Beta Magnetics Co., Ltd., 5 Sakura-dori, Nagoya, Japan (magnet manufacturer)\n");
        assert_int_equal(pt_count(d, "/certificate/sub-suppliers/party"), 1);
        assert_xp(d, "/certificate/sub-suppliers/@declared-none", "false");
        xmlFreeDoc(d);
    }
}

/* --- items tables ---------------------------------------------------------- */

static void test_items_table_header_synonyms(void **state)
{
    xmlDocPtr d;

    (void)state;
    /* "Description of Goods" and "Amount / 金額" are one column each */
    d = pt_parse_text("Description of Goods                HS Code     Quantity   Unit    Amount / 金額\n"
                   "Samarium-cobalt magnets             8505.11     36,000     pcs     USD 126,000.00\n"
                   "NdFeB magnets with dysprosium       8505.11     51,000     pcs     USD\n"
                   "                                                                   112,200.00\n"
                   "Samarium metal                      2805.30     475        kg      USD 45,100.00\n");
    assert_int_equal(pt_count(d, "/certificate/items/item"), 3);
    assert_xp(d, "/certificate/items/item[1]/description", "Samarium-cobalt magnets");
    assert_xp(d, "/certificate/items/item[1]/value/@currency", "USD");
    assert_xp(d, "/certificate/items/item[2]/description", "NdFeB magnets with dysprosium");
    assert_xp(d, "/certificate/items/item[2]/value", "112200");
    assert_xp(d, "/certificate/items/item[3]/quantity/@unit", "kg");
    xmlFreeDoc(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_inline_form_value),
        cmocka_unit_test(test_items_inline_several),
        cmocka_unit_test(test_no_other_party_phrasings),
        cmocka_unit_test(test_items_table_header_synonyms),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
