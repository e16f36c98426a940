/* Reading eucheck's own data files.  One place so that every file gets the
 * same treatment: no network, no entities, the first error's line kept,
 * and the file checked against its own schema before any C walks it, so a
 * typo in a data edit is reported where it is rather than read as "no such
 * label". */
#define _POSIX_C_SOURCE 200809L
#include "euc/data.h"
#include "euc/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

void euc_xml_error_keep(void *user, xmlErrorPtr e)
{
    euc_xml_error *f = user;
    size_t n;

    if (f->set || e == NULL)
        return;
    f->set = 1;
    f->line = e->line;
    snprintf(f->msg, sizeof f->msg, "%s", e->message ? e->message : "malformed");
    n = strlen(f->msg);
    while (n > 0 && (f->msg[n - 1] == '\n' || f->msg[n - 1] == ' '))
        f->msg[--n] = '\0';
}

xmlSchemaPtr euc_data_schema(const char *path, const char *stage,
                             euc_error *err)
{
    euc_xml_error f;
    xmlSchemaParserCtxtPtr pc;
    xmlSchemaPtr s;

    memset(&f, 0, sizeof f);
    pc = xmlSchemaNewParserCtxt(path);
    if (pc == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, stage, path, "out of memory");
        return NULL;
    }
    xmlSchemaSetParserStructuredErrors(pc, euc_xml_error_keep, &f);
    xmlSetStructuredErrorFunc(&f, euc_xml_error_keep);
    s = xmlSchemaParse(pc);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSchemaFreeParserCtxt(pc);
    if (s == NULL)
        euc_error_set(err, EUC_ERR_DATA, stage, path, "line %d: %s", f.line,
                      f.set ? f.msg : "not a usable XML schema");
    return s;
}

xmlDocPtr euc_data_read(const char *path, const char *stage, euc_error *err)
{
    euc_xml_error f;
    xmlDocPtr doc;

    if (access(path, R_OK) != 0) {
        const char *dir = euc_data_dir();
        if (strncmp(path, dir, strlen(dir)) == 0)
            euc_error_set(err, EUC_ERR_DATA, stage, path,
                          "eucheck's data is missing (%s); looked in: %s; set "
                          "EUCHECK_DATA to the folder that holds fields.xml",
                          strerror(errno), euc_data_searched());
        else
            euc_error_set(err, EUC_ERR_DATA, stage, path, "cannot read: %s",
                          strerror(errno));
        return NULL;
    }
    memset(&f, 0, sizeof f);
    xmlSetStructuredErrorFunc(&f, euc_xml_error_keep);
    doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS |
                                      XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc == NULL) {
        if (!f.set)
            euc_error_set(err, EUC_ERR_DATA, stage, path,
                          "cannot read this data file");
        else if (strstr(f.msg, "ntity") != NULL)
            euc_error_set(err, EUC_ERR_DATA, stage, path,
                          "line %d: entities are not allowed in data files (%s)",
                          f.line, f.msg);
        else
            euc_error_set(err, EUC_ERR_DATA, stage, path,
                          "line %d: not well-formed XML: %s", f.line, f.msg);
        return NULL;
    }
    /* data never pulls other text in ("<!ENTITY x SYSTEM 'file:///...'>") */
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        euc_error_set(err, EUC_ERR_DATA, stage, path,
                      "a DOCTYPE and entities are not allowed in data files");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

int euc_data_check(xmlDocPtr doc, xmlSchemaPtr schema, const char *path,
                   const char *xsd_name, const char *stage, euc_error *err)
{
    euc_xml_error f;
    xmlSchemaValidCtxtPtr vc;
    int bad;

    memset(&f, 0, sizeof f);
    vc = xmlSchemaNewValidCtxt(schema);
    if (vc == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, stage, path, "out of memory");
    xmlSchemaSetValidStructuredErrors(vc, euc_xml_error_keep, &f);
    bad = xmlSchemaValidateDoc(vc, doc) != 0;
    xmlSchemaFreeValidCtxt(vc);
    if (bad)
        return euc_error_set(err, EUC_ERR_DATA, stage, path,
                             "line %d: not valid against %s: %s", f.line,
                             xsd_name, f.set ? f.msg : "invalid");
    return 0;
}

xmlDocPtr euc_data_load(const char *path, const char *xsd_path,
                        const char *stage, euc_error *err)
{
    char own[4096];
    const char *xsd_name, *dot;
    xmlDocPtr doc = NULL;
    xmlSchemaPtr schema = NULL;

    if (xsd_path == NULL) {
        dot = strrchr(path, '.');
        snprintf(own, sizeof own, "%.*s.xsd",
                 (int)(dot && !strchr(dot, '/') ? dot - path : (long)strlen(path)),
                 path);
        xsd_path = own;
    }
    xsd_name = strrchr(xsd_path, '/');
    xsd_name = xsd_name ? xsd_name + 1 : xsd_path;
    doc = euc_data_read(path, stage, err);
    if (doc == NULL)
        goto cleanup;
    schema = euc_data_schema(xsd_path, stage, err);
    if (schema == NULL ||
        euc_data_check(doc, schema, path, xsd_name, stage, err) != 0) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
cleanup:
    if (schema != NULL)
        xmlSchemaFree(schema);
    return doc;
}

int euc_xml_is(xmlNodePtr n, const char *ns, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE &&
           xmlStrcmp(n->name, (const xmlChar *)name) == 0 &&
           ((ns == NULL && n->ns == NULL) ||
            (ns != NULL && n->ns != NULL &&
             xmlStrcmp(n->ns->href, (const xmlChar *)ns) == 0));
}

char *euc_xml_prop(xmlNodePtr n, const char *name)
{
    xmlChar *x = xmlGetProp(n, (const xmlChar *)name);
    char *s = x ? strdup((const char *)x) : NULL;

    xmlFree(x);
    return s;
}

char *euc_xml_text(xmlNodePtr n)
{
    xmlChar *x = n ? xmlNodeGetContent(n) : NULL;
    char *r = euc_text_squash_ws(x ? (const char *)x : "");

    xmlFree(x);
    return r;
}
