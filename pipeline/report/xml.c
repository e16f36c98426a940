/* <check> XML: the document itself for one file, <checks> around copies
 * for several. */
#include "report-imp.h"

#include <libxml/tree.h>

static xmlNodePtr check_copy(const euc_report_doc *d, xmlDocPtr doc)
{
    xmlNodePtr n;

    if (d->check != NULL && xmlDocGetRootElement(d->check) != NULL)
        return xmlDocCopyNode(xmlDocGetRootElement(d->check), doc, 1);
    /* a batch row with no result of its own (skipped) */
    n = xmlNewDocNode(doc, NULL, BAD_CAST "check", NULL);
    xmlNewProp(n, BAD_CAST "file", BAD_CAST d->input);
    xmlNewProp(n, BAD_CAST "status", BAD_CAST d->status);
    return n;
}

static int write_xml(FILE *out, const euc_report *r, euc_error *err)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root;
    xmlChar *buf = NULL;
    int len = 0, rc;
    size_t i;

    if (r->n == 1) {
        root = check_copy(&r->docs[0], doc);
    } else {
        root = xmlNewDocNode(doc, NULL, BAD_CAST "checks", NULL);
        for (i = 0; i < r->n; i++)
            xmlAddChild(root, check_copy(&r->docs[i], doc));
    }
    xmlDocSetRootElement(doc, root);
    xmlDocDumpFormatMemoryEnc(doc, &buf, &len, "UTF-8", 1);
    rc = rep_put(out, (const char *)buf, (size_t)len, err);
    xmlFree(buf);
    xmlFreeDoc(doc);
    return rc;
}

const euc_report_writer euc_report_xml = {"xml", write_xml};
