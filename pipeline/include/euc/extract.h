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

/* The kind of extractor ("pdf", "image", "docx", "doc", "text") that would
 * read path, or of container ("zip", "eml") that would open it, judged by
 * its first bytes; NULL with err set when none would (empty, unknown
 * format, unreadable). */
const char *euc_extract_kind(const char *path, euc_error *err);

/* Renders (PDF) or reloads (image) page i of doc at dpi, oriented as the
 * page's words are (rotation applied).  Plain-text documents have no image:
 * that is an EUC_ERR_FORMAT error. */
int euc_extract_page_image(euc_ctx *ctx, const euc_doc *doc, size_t page,
                           int dpi, struct Pix **out, euc_error *err);

/* How a page was turned when it was read (euc_page_rotation, _skew, _dpi),
 * for rendering it again later without reading it again. */
typedef struct euc_page_turn {
    int rotation;  /* degrees */
    double skew;   /* degrees */
    int dpi;       /* an image page's own resolution, 0 if unknown */
} euc_page_turn;

/* The same image as euc_extract_page_image from the file alone: the page
 * is rendered, never read or OCRed, so a report can show a region of it
 * (the word boxes of a certificate are in the same coordinates).  turn may
 * be NULL for a page read upright. */
int euc_extract_render(euc_ctx *ctx, const char *path, size_t page,
                       const euc_page_turn *turn, int dpi, struct Pix **out,
                       euc_error *err);

/* --- containers: files that hold certificates (ZIP, e-mail) ------------- */

/* What a container holds: each member of a certificate kind, written to a
 * temporary folder the program owns (member names never become paths
 * there), or the reason a member could not be taken out.  A container
 * inside a container is opened too; its members are named with both
 * names ("mail.eml/docs.zip/a.pdf").
 *
 * Ownership: euc_unpack gives a list to free with euc_unpacked_free, which
 * also removes its temporary folder; the strings are the list's. */
typedef struct euc_unpacked euc_unpacked;

/* "zip", "eml" when path is a container (judged by its first bytes), else
 * NULL (err unset: not a container is no error). */
const char *euc_container_kind(const char *path);

/* Opens the container at path.  A container refused as a whole (damaged,
 * encrypted, over a limit, no certificate in it) gives -1 and err. */
int euc_unpack(euc_ctx *ctx, const char *path, euc_unpacked **out,
               euc_error *err);
size_t euc_unpacked_count(const euc_unpacked *u);
/* The member's name inside the container ("folder/member.pdf"). */
const char *euc_unpacked_name(const euc_unpacked *u, size_t i);
/* Where it was written; NULL when it could not be taken out. */
const char *euc_unpacked_path(const euc_unpacked *u, size_t i);
/* Why it could not be taken out; NULL when it was. */
const char *euc_unpacked_error(const euc_unpacked *u, size_t i);
void euc_unpacked_free(euc_unpacked *u);

#endif
