/* euc_data: where eucheck's data (schemas/: field definitions, XSDs, rules,
 * phrase lists, countries) lives at run time.
 *
 * Looked up, first match wins: $EUCHECK_DATA; schemas/ beside the running
 * executable (a build tree); ../share/eucheck/schemas from the executable
 * (an installed tree); ./schemas.  Returns a string owned by the module,
 * valid for the life of the process.
 */
#ifndef EUC_DATA_H
#define EUC_DATA_H

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include "euc/error.h"

const char *euc_data_dir(void);
/* Where euc_data_dir looked, in order ("EUCHECK_DATA (not set), /usr/bin/
 * schemas, ..."), for an error that says how to point eucheck at its data.
 * Owned by the module. */
const char *euc_data_searched(void);

/* Joins the data dir and a relative name into buf; returns buf. */
char *euc_data_path(char *buf, unsigned long n, const char *name);

/* Reading a data file.  Every error names the file and the line of the
 * first problem, with `stage` as the error's stage; nothing is printed.
 *
 * euc_data_load: the file at path read (no network, no DOCTYPE or
 * entities) and validated against the schema at xsd_path (NULL: the
 * file's own schema beside it, NAME.xsd for NAME.xml) before it is
 * returned.  The caller owns the document (xmlFreeDoc).
 * euc_data_read: the reading half alone, for files whose schema is
 * compiled once and kept (rule files); caller owns the document.
 * euc_data_schema: a compiled schema the caller frees with xmlSchemaFree.
 * euc_data_check: 0 when doc is valid against schema; else -1 and err
 * names path, xsd_name and the line. */
/* The first error libxml2 reports, with its line: a structured error
 * handler (xmlSetStructuredErrorFunc and the schema contexts' setters)
 * with an euc_xml_error, zeroed, as its user data. */
typedef struct euc_xml_error {
    char msg[400];
    int line;
    int set;
} euc_xml_error;
void euc_xml_error_keep(void *user, xmlErrorPtr e);

/* Walking a data file.  euc_xml_is: n is the element name in namespace
 * ns (NULL: in none).  euc_xml_prop: attribute name of n, NULL when
 * absent, the caller's to free().  euc_xml_text: n's text with white space
 * squashed (euc_text_squash_ws), the caller's to free(). */
int euc_xml_is(xmlNodePtr n, const char *ns, const char *name);
char *euc_xml_prop(xmlNodePtr n, const char *name);
char *euc_xml_text(xmlNodePtr n);

xmlDocPtr euc_data_load(const char *path, const char *xsd_path,
                        const char *stage, euc_error *err);
xmlDocPtr euc_data_read(const char *path, const char *stage, euc_error *err);
xmlSchemaPtr euc_data_schema(const char *path, const char *stage,
                             euc_error *err);
int euc_data_check(xmlDocPtr doc, xmlSchemaPtr schema, const char *path,
                   const char *xsd_name, const char *stage, euc_error *err);

#endif
