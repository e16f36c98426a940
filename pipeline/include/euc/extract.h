/* euc_extract: the extract stage.  Turns a file into an euc_doc, choosing the
 * extractor by the file's content (magic bytes), never by its name.
 *
 * An euc_ctx holds what is worth keeping across files of one process: the
 * options and the Tesseract handle, which is created on first need and
 * reused for every page after (Tesseract's start-up costs as much as a page).
 * A context is not thread-safe: parallelism is one process per worker.
 *
 * Ownership: euc_ctx_new gives a context to free with euc_ctx_free.
 * euc_extract_file gives a document to free with euc_doc_free.
 * euc_extract_page_image gives a Leptonica image to release with pixDestroy.
 */
#ifndef EUC_EXTRACT_H
#define EUC_EXTRACT_H

#include <stddef.h>

#include "euc/doc.h"
#include "euc/error.h"

struct Pix;

/* Called after each page, so a CLI can show progress on long work. */
typedef void (*euc_progress_fn)(void *user, const char *path, size_t page,
                                size_t npages);

typedef struct euc_options {
    int dpi;                /* OCR render resolution, default 300 */
    const char *lang;       /* Tesseract languages, default "eng"; copied */
    const char *tessdata;   /* tessdata dir, NULL for Tesseract's default */
    long long max_pixels;   /* images larger than this are refused */
    int force_ocr;          /* OCR every PDF page, text layer or not */
    euc_progress_fn progress;
    void *progress_user;
} euc_options;

#define EUC_DEFAULT_DPI 300
#define EUC_DEFAULT_MAX_PIXELS (200LL * 1000 * 1000)

typedef struct euc_ctx euc_ctx;

/* Fills opts with the defaults. */
void euc_options_init(euc_options *opts);

/* opts may be NULL for the defaults; it is copied.  Returns NULL only when
 * memory runs out. */
euc_ctx *euc_ctx_new(const euc_options *opts);
void euc_ctx_free(euc_ctx *ctx);
const euc_options *euc_ctx_options(const euc_ctx *ctx);

/* Starts Tesseract now rather than on the first OCR page, so that a missing
 * language pack is reported once, before any file is read. */
int euc_ctx_prepare_ocr(euc_ctx *ctx, euc_error *err);

/* Reads path into a new document.  On failure *out is NULL and err names the
 * file and the reason. */
int euc_extract_file(euc_ctx *ctx, const char *path, euc_doc **out,
                     euc_error *err);

/* The kind of extractor ("pdf", "image", "text") that would read path,
 * judged by its first bytes; NULL with err set when none would (empty,
 * unknown format, unreadable). */
const char *euc_extract_kind(const char *path, euc_error *err);

/* Renders (PDF) or reloads (image) page i of doc at dpi, oriented as the
 * page's words are (rotation applied).  Plain-text documents have no image:
 * that is an EUC_ERR_FORMAT error. */
int euc_extract_page_image(euc_ctx *ctx, const euc_doc *doc, size_t page,
                           int dpi, struct Pix **out, euc_error *err);

#endif
