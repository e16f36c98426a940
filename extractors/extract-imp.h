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
    /* NULL when the kind has no page image. */
    int (*page_image)(euc_ctx *ctx, const euc_doc *doc, size_t page, int dpi,
                      struct Pix **out, euc_error *err);
} euc_extractor;

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
