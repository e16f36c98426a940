/* Parse stage, items and parties: "no other party" statements in their
 * phrasings, in a loop (each was once read as a party's name).  The cases
 * that are one text and what its parse says (items given inline, in a form
 * value, several per value, on numbered or continuation lines; items-table
 * headers whose cells hold synonyms; a real sub-supplier) are data:
 * tests/data/parse/NAME.txt and NAME.expect, checked by test_fixtures.c. */
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

/* --- "no other party" ----------------------------------------------------- */

/* None of these is a party, and each declares there is none (a real party
 * is still one: the fixture sub-suppliers-real-party). */
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
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_other_party_phrasings),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
