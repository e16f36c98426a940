/* parse_support: helpers shared by the parse tests (linked into every test
 * binary with the other tests/ support files).  pt_parser and pt_ctx are
 * set up by each parse test's group setup; the returned documents are the
 * caller's to free (xmlFreeDoc, euc_doc_free). */
#ifndef EUC_PARSE_SUPPORT_H
#define EUC_PARSE_SUPPORT_H

#include <libxml/tree.h>

#include "euc/doc.h"
#include "euc/extract.h"
#include "euc/parse.h"

extern euc_parser *pt_parser;
extern euc_ctx *pt_ctx;

/* A one-page document from text on the text extractor's grid (6 x 12 pt,
 * CJK counting double). */
euc_doc *pt_grid_doc(const char *text);
/* 0 when d is valid against schemas/certificate.xsd (libxml2 prints why
 * not on stderr); pt_validate fails the test instead. */
int pt_valid(xmlDocPtr d);
void pt_validate(xmlDocPtr d);
/* Parses doc as the file "mem.txt" (hash all zeros), failing no test:
 * 0 and *out, or -1 and err; why receives --explain text. */
int pt_parse_doc(euc_parser *p, euc_doc *doc, xmlDocPtr *out, char **why,
                 euc_error *err);
/* The same, and validates the result; fails the test on either error. */
xmlDocPtr pt_parse_with(euc_parser *p, euc_doc *doc, char **why);
xmlDocPtr pt_parse_text(const char *text);

/* string(xpath) over d (caller frees with free), and the node count. */
char *pt_xp(xmlDocPtr d, const char *xpath);
int pt_count(xmlDocPtr d, const char *xpath);
/* cmocka group setup and teardown: pt_parser and pt_ctx. */
int pt_setup(void **state);
int pt_teardown(void **state);

#define assert_xp(d, xpath, want)                                              \
    do {                                                                       \
        char *got_ = pt_xp((d), (xpath));                                         \
        if (strcmp(got_, (want)) != 0)                                         \
            fprintf(stderr, "%s: got '%s', want '%s'\n", (xpath), got_, (want)); \
        assert_string_equal(got_, (want));                                     \
        free(got_);                                                            \
    } while (0)

/* string(xpath) contains want */
#define assert_xp_has(d, xpath, want)                                          \
    do {                                                                       \
        char *got_ = pt_xp((d), (xpath));                                      \
        if (strstr(got_, (want)) == NULL)                                      \
            fprintf(stderr, "%s: got '%s', want it to contain '%s'\n", (xpath), \
                    got_, (want));                                             \
        assert_non_null(strstr(got_, (want)));                                 \
        free(got_);                                                            \
    } while (0)

#endif
