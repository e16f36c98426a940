/* extract-imp: what the extractors share with the registry (registry.c).
 * Private to extractors/: a new input kind is one file here that defines an
 * euc_extractor and one row in registry.c's table.
 *
 * Ownership: euc_extract_read gives a buffer the caller frees with free();
 * euc_ctx_ocr's engine belongs to the context (freed with it).
 */
#ifndef EUC_EXTRACT_IMP_H
#define EUC_EXTRACT_IMP_H

#include <stddef.h>

#include "euc/extract.h"
#include "ocr.h"

typedef struct euc_extractor {
    const char *name; /* also the document's kind */
    /* Non-zero when the first n bytes of a file are of this kind. */
    int (*recognize)(const unsigned char *magic, size_t n);
    int (*extract)(euc_ctx *ctx, const char *path, euc_doc *doc,
                   euc_error *err);
    /* NULL when the kind has no page image.  Renders page (0-based) of
     * the file at path, turned as turn says. */
    int (*page_image)(euc_ctx *ctx, const char *path, size_t page,
                      const euc_page_turn *turn, int dpi, struct Pix **out,
                      euc_error *err);
} euc_extractor;

/* Where a container puts what it takes out (registry.c owns it). */
typedef struct euc_unpack_sink euc_unpack_sink;

/* A member's content (len bytes, copied) under its name in the container;
 * the registry keeps it only when it is of a certificate kind (plain text
 * only when its name ends .txt or has no extension) and writes it under a
 * name of its own.  A member that is itself a container is opened in
 * turn.  Returns 1 when it was kept (or opened), 0 when it is not a
 * certificate kind, -1 when it cannot be written or the container holds
 * too many documents (err set). */
int euc_unpack_add(euc_unpack_sink *s, const char *name,
                   const unsigned char *data, size_t len, euc_error *err);
/* A member that could not be taken out, and why (an error row of its own,
 * the other members go on).  -1 only when memory runs out. */
int euc_unpack_fail(euc_unpack_sink *s, const char *name, const char *why);

/* A container kind: one file here and one row in registry.c's table. */
typedef struct euc_container {
    const char *name;
    int (*recognize)(const unsigned char *magic, size_t n);
    /* Hands each member to the sink; -1 with err when the container is
     * refused as a whole. */
    int (*unpack)(euc_ctx *ctx, const char *path, euc_unpack_sink *sink,
                  euc_error *err);
} euc_container;

/* Non-zero when the first n bytes are a ZIP package of Office Open XML
 * (a .docx): docx.c reads those, the zip container declines them. */
int euc_magic_is_ooxml(const unsigned char *magic, size_t n);

/* Reads a whole file into a new NUL-terminated buffer (caller frees);
 * files over max bytes are refused as too large.  what names the kind in
 * that message ("text file", "image file"). */
int euc_extract_read(const char *path, size_t max, const char *what,
                     char **out, size_t *len, euc_error *err);

/* The context's OCR engine, started on first call (see extractors/ocr.h).
 * A failure to start is reported against path. */
struct euc_ocr *euc_ctx_ocr(euc_ctx *ctx, const char *path, euc_error *err);
void euc_ctx_report_page(euc_ctx *ctx, const char *path, size_t page,
                         size_t npages);

#endif
