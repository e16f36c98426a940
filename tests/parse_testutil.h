/* Helpers for the parse tests (header only, static: included by the
 * tests/test_parse_*.c files that need them). */
#ifndef EUC_PARSE_TESTUTIL_H
#define EUC_PARSE_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xmlschemas.h>

#include "euc_doc.h"
#include "euc_parse.h"

/* A one-page document from text: each line a line, words split at spaces,
 * boxes on a 6 pt x 12 pt grid (CJK counting double), like the text
 * extractor. */
static inline euc_doc *pt_doc(const char *text)
{
    euc_doc *doc = euc_doc_new("mem.txt", "text");
    euc_page *page = euc_doc_add_page(doc, 612, 792, EUC_SOURCE_TEXT_LAYER, "test");
    const char *s = text;
    int line = 0;

    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        size_t i = 0;
        int col = 0, first = 1;
        while (i < n) {
            size_t st;
            int c0;
            if (s[i] == ' ') {
                col++;
                i++;
                continue;
            }
            st = i;
            c0 = col;
            while (i < n && s[i] != ' ') {
                unsigned char c = (unsigned char)s[i];
                if (c >= 0xE0) { col += 2; i += 3; }
                else if (c >= 0xC0) { col += 1; i += 2; }
                else { col += 1; i += 1; }
            }
            {
                euc_box b = {36 + c0 * 6.0, 36 + line * 12.0, 36 + col * 6.0,
                             36 + line * 12.0 + 9.6};
                euc_page_add_word(page, s + st, i - st, b, 100.0f, first);
            }
            first = 0;
        }
        line++;
        if (e == NULL)
            break;
        s = e + 1;
    }
    return doc;
}

/* Validates against schemas/certificate.xsd; fails the test when invalid. */
static inline void pt_validate(xmlDocPtr d)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt("schemas/certificate.xsd");
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc;
    int rc;

    assert_non_null(schema);
    vc = xmlSchemaNewValidCtxt(schema);
    rc = xmlSchemaValidateDoc(vc, d);
    if (rc != 0)
        xmlDocFormatDump(stderr, d, 1);
    assert_int_equal(rc, 0);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
}

/* Parses doc (ctx NULL), validates, returns the XML; explain into *why. */
static inline xmlDocPtr pt_parse_why(euc_parser *p, euc_doc *doc, char **why)
{
    xmlDocPtr out = NULL;
    euc_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(euc_parse(p, NULL, doc, "mem.txt",
                               "0000000000000000000000000000000000000000000000000000000000000000",
                               &out, why, &err), 0);
    assert_non_null(out);
    pt_validate(out);
    return out;
}

static inline xmlDocPtr pt_parse(euc_parser *p, euc_doc *doc)
{
    return pt_parse_why(p, doc, NULL);
}

/* string(xpath) of d; the caller frees. */
static inline char *pt_xp(xmlDocPtr d, const char *xpath)
{
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    char *expr = malloc(strlen(xpath) + 16);
    xmlXPathObjectPtr o;
    char *res;

    sprintf(expr, "string(%s)", xpath);
    o = xmlXPathEvalExpression((const xmlChar *)expr, c);
    res = strdup(o && o->stringval ? (const char *)o->stringval : "");
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(c);
    free(expr);
    return res;
}

static inline int pt_count(xmlDocPtr d, const char *xpath)
{
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, c);
    int n = o && o->nodesetval ? o->nodesetval->nodeNr : 0;

    xmlXPathFreeObject(o);
    xmlXPathFreeContext(c);
    return n;
}

#define assert_xp(d, xpath, want)                                              \
    do {                                                                       \
        char *got_ = pt_xp((d), (xpath));                                      \
        if (strcmp(got_, (want)) != 0)                                         \
            fprintf(stderr, "%s: got '%s', want '%s'\n", (xpath), got_, (want)); \
        assert_string_equal(got_, (want));                                     \
        free(got_);                                                            \
    } while (0)

#endif
