#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <glib.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "parse_support.h"

euc_parser *pt_parser;
euc_ctx *pt_ctx;

/* A one-page document from text on the text extractor's grid (6 x 12 pt,
 * CJK counting double). */
euc_doc *pt_grid_doc(const char *text)
{
    euc_doc *doc = euc_doc_new("mem.txt", "text");
    euc_page *page = euc_doc_add_page(doc, 612, 792, EUC_SOURCE_TEXT_LAYER, "test");
    const char *s = text;
    int line = 0;

    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s), i = 0;
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

int pt_valid(xmlDocPtr d)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt("schemas/certificate.xsd");
    xmlSchemaPtr schema = pc != NULL ? xmlSchemaParse(pc) : NULL;
    xmlSchemaValidCtxtPtr vc = schema != NULL ? xmlSchemaNewValidCtxt(schema) : NULL;
    int rc = vc != NULL ? xmlSchemaValidateDoc(vc, d) : -1;

    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

void pt_validate(xmlDocPtr d)
{
    int rc = pt_valid(d);

    if (rc != 0)
        xmlDocFormatDump(stderr, d, 1);
    assert_int_equal(rc, 0);
}

int pt_parse_doc(euc_parser *p, euc_doc *doc, xmlDocPtr *out, char **why,
                 euc_error *err)
{
    *out = NULL;
    return euc_parse(p, pt_ctx, doc, "mem.txt",
                     "0000000000000000000000000000000000000000000000000000000000000000",
                     out, why, err);
}

xmlDocPtr pt_parse_with(euc_parser *p, euc_doc *doc, char **why)
{
    xmlDocPtr out = NULL;
    euc_error err;

    memset(&err, 0, sizeof err);
    assert_int_equal(pt_parse_doc(p, doc, &out, why, &err), 0);
    assert_non_null(out);
    pt_validate(out);
    return out;
}

xmlDocPtr pt_parse_text(const char *text)
{
    euc_doc *doc = pt_grid_doc(text);
    xmlDocPtr out = pt_parse_with(pt_parser, doc, NULL);
    euc_doc_free(doc);
    return out;
}


char *pt_xp(xmlDocPtr d, const char *xpath)
{
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    char *expr = g_strdup_printf("string(%s)", xpath);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, c);
    char *res = g_strdup(o && o->stringval ? (const char *)o->stringval : "");

    xmlXPathFreeObject(o);
    xmlXPathFreeContext(c);
    g_free(expr);
    return res;
}

int pt_count(xmlDocPtr d, const char *xpath)
{
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, c);
    int n = o && o->nodesetval ? o->nodesetval->nodeNr : 0;

    xmlXPathFreeObject(o);
    xmlXPathFreeContext(c);
    return n;
}


int pt_setup(void **state)
{
    euc_error err;

    (void)state;
    memset(&err, 0, sizeof err);
    pt_parser = euc_parser_new("schemas", &err);
    pt_ctx = euc_ctx_new(NULL);
    return pt_parser == NULL || pt_ctx == NULL;
}

int pt_teardown(void **state)
{
    (void)state;
    euc_parser_free(pt_parser);
    euc_ctx_free(pt_ctx);
    return 0;
}
