#include <stdio.h>

#include <glib.h>
#include <libxml/tree.h>

#include "euc/doc.h"

static void set_num(xmlNodePtr n, const char *attr, const char *fmt, double v)
{
    char buf[64];

    snprintf(buf, sizeof buf, fmt, v);
    xmlSetProp(n, BAD_CAST attr, BAD_CAST buf);
}

static void set_box(xmlNodePtr n, const euc_box *b)
{
    set_num(n, "x0", "%.1f", b->x0);
    set_num(n, "y0", "%.1f", b->y0);
    set_num(n, "x1", "%.1f", b->x1);
    set_num(n, "y1", "%.1f", b->y1);
}

xmlNodePtr euc_doc_to_xml(const euc_doc *doc, const char *name)
{
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "document");
    size_t i, j, k;

    if (root == NULL)
        return NULL;
    {
        char *shown = g_filename_display_name(name);
        xmlSetProp(root, BAD_CAST "file", BAD_CAST shown);
        g_free(shown);
    }
    xmlSetProp(root, BAD_CAST "kind", BAD_CAST euc_doc_kind(doc));
    set_num(root, "pages", "%.0f", (double)euc_doc_npages(doc));
    xmlSetProp(root, BAD_CAST "text-method", BAD_CAST euc_doc_text_method(doc));
    set_num(root, "confidence", "%.1f", euc_doc_confidence(doc));
    for (i = 0; i < euc_doc_npages(doc); i++) {
        const euc_page *p = euc_doc_page(doc, i);
        xmlNodePtr pn = xmlNewChild(root, NULL, BAD_CAST "page", NULL);
        set_num(pn, "number", "%.0f", (double)(i + 1));
        set_num(pn, "width", "%.1f", euc_page_width(p));
        set_num(pn, "height", "%.1f", euc_page_height(p));
        xmlSetProp(pn, BAD_CAST "source",
                   BAD_CAST euc_source_name(euc_page_source(p)));
        xmlSetProp(pn, BAD_CAST "reason", BAD_CAST euc_page_reason(p));
        set_num(pn, "confidence", "%.1f", euc_page_confidence(p));
        if (euc_page_source(p) == EUC_SOURCE_OCR) {
            set_num(pn, "dpi", "%.0f", euc_page_dpi(p));
            set_num(pn, "rotation", "%.0f", euc_page_rotation(p));
            set_num(pn, "skew", "%.2f", euc_page_skew(p));
        }
        for (j = 0; j < euc_page_nlines(p); j++) {
            const euc_line *l = euc_page_line(p, j);
            xmlNodePtr ln = xmlNewChild(pn, NULL, BAD_CAST "line", NULL);
            set_box(ln, &l->box);
            for (k = 0; k < l->nwords; k++) {
                const euc_word *w = euc_page_word(p, l->first + k);
                xmlNodePtr wn = xmlNewChild(ln, NULL, BAD_CAST "word", NULL);
                xmlNodeAddContent(wn, BAD_CAST w->text);
                set_box(wn, &w->box);
                set_num(wn, "conf", "%.0f", w->conf);
            }
        }
    }
    return root;
}
