/* euc_parse: the parse stage.  From the document model (euc_doc.h) find each
 * field of the certificate and build the <certificate> XML whose shape is
 * described by schemas/certificate.xsd (an interface: extend only by adding).
 *
 * Field labels and synonyms, countries and other vocabularies are data in
 * schemas/ (fields.xml, countries.xml), loaded once by euc_parser_new and
 * reused for every document.
 *
 * Ownership: euc_parser_new gives a parser to free with euc_parser_free.
 * euc_parse gives a libxml2 document (root <certificate>) to free with
 * xmlFreeDoc, and, when explain is non-NULL, a text explaining each field
 * (what label matched or was looked for, the words taken, their page and
 * confidence, which layout reader took them) to free with free().
 */
#ifndef EUC_PARSE_H
#define EUC_PARSE_H

#include <libxml/tree.h>

#include "euc/doc.h"
#include "euc/error.h"
#include "euc/extract.h"

typedef struct euc_parser euc_parser;

/* data_dir: the schemas directory (euc_data_dir() for the default). */
euc_parser *euc_parser_new(const char *data_dir, euc_error *err);
void euc_parser_free(euc_parser *p);

/* name is the file name shown in <source file="...">; sha256 is the hex
 * digest of the file's bytes (64 characters) or NULL to compute it from
 * euc_doc_path(doc).  ctx gives page images (signature and seal detection);
 * it may be NULL, in which case only text evidence ("/s/ Name") counts. */
int euc_parse(euc_parser *p, euc_ctx *ctx, const euc_doc *doc,
              const char *name, const char *sha256, xmlDocPtr *out,
              char **explain, euc_error *err);

#endif
