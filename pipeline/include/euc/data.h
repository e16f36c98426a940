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
xmlDocPtr euc_data_load(const char *path, const char *xsd_path,
                        const char *stage, euc_error *err);
xmlDocPtr euc_data_read(const char *path, const char *stage, euc_error *err);
xmlSchemaPtr euc_data_schema(const char *path, const char *stage,
                             euc_error *err);
int euc_data_check(xmlDocPtr doc, xmlSchemaPtr schema, const char *path,
                   const char *xsd_name, const char *stage, euc_error *err);

#endif
