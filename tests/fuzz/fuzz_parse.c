/* Fuzzes the parse stage over a document model: the bytes are the text of
 * a page, a line a line and a word at each space, laid out on a grid as
 * the text extractor would, with a form feed for a new page; any text
 * gives a well-formed <certificate>. */
#include "fuzz.h"

#include <libxml/tree.h>
#include <string.h>

#include "euc/doc.h"
#include "euc/data.h"
#include "euc/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static euc_parser *parser;
    euc_doc *doc;
    euc_page *page = NULL;
    xmlDocPtr cert = NULL;
    euc_error err;
    size_t i = 0, line = 0;

    if (parser == NULL) {
        parser = euc_parser_new(euc_data_dir(), &err);
        if (parser == NULL)
            return 0;
    }
    if (size > 64 * 1024)
        return 0;
    doc = euc_doc_new("fuzz.txt", "text");
    if (doc == NULL)
        return 0;
    while (i <= size) {
        size_t e = i, col = 0;
        int first = 1;
        while (e < size && data[e] != '\n' && data[e] != '\f')
            e++;
        if (page == NULL || (i > 0 && data[i - 1] == '\f')) {
            page = euc_doc_add_page(doc, 612, 792, EUC_SOURCE_TEXT_LAYER, "fuzz");
            line = 0;
            if (page == NULL)
                break;
        }
        while (i < e) {
            size_t w = i;
            while (w < e && data[w] != ' ')
                w++;
            if (w > i) {
                euc_box b = {36 + col * 6.0, 36 + line * 12.0, 36 + (col + (w - i)) * 6.0,
                             46 + line * 12.0};
                euc_page_add_word(page, (const char *)data + i, w - i, b, 100, first);
                first = 0;
            }
            col += w - i + 1;
            i = w + 1;
        }
        line++;
        i = e + 1;
    }
    /* (a digest given: there is no file to compute it from) */
    if (euc_parse(parser, NULL, doc, "fuzz.txt",
                  "0000000000000000000000000000000000000000000000000000000000000000", &cert,
                  NULL, &err) == 0)
        xmlFreeDoc(cert);
    euc_doc_free(doc);
    return 0;
}
