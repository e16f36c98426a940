#define _POSIX_C_SOURCE 200809L
#include "extract-imp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


/* The registry.  A new input kind is one file in extractors/ and one row
 * here; the first extractor that recognises a file's first bytes wins, so
 * the catch-all text extractor comes last. */
extern const euc_extractor euc_extractor_pdf;
extern const euc_extractor euc_extractor_image;
extern const euc_extractor euc_extractor_text;

static const euc_extractor *const extractors[] = {
    &euc_extractor_pdf,
    &euc_extractor_image,
    &euc_extractor_text,
};

#define MAGIC_LEN 1024

struct euc_ctx {
    euc_options opts;
    char *lang;
    char *tessdata;
    euc_ocr *ocr;
    euc_error ocr_err; /* a failed start is remembered, not retried per page */
    int ocr_failed;
};

void euc_options_init(euc_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->dpi = EUC_DEFAULT_DPI;
    opts->lang = "auto";
    opts->max_pixels = EUC_DEFAULT_MAX_PIXELS;
}

euc_ctx *euc_ctx_new(const euc_options *opts)
{
    euc_ctx *ctx = calloc(1, sizeof *ctx);

    if (ctx == NULL)
        return NULL;
    if (opts != NULL)
        ctx->opts = *opts;
    else
        euc_options_init(&ctx->opts);
    if (ctx->opts.dpi <= 0)
        ctx->opts.dpi = EUC_DEFAULT_DPI;
    if (ctx->opts.max_pixels <= 0)
        ctx->opts.max_pixels = EUC_DEFAULT_MAX_PIXELS;
    ctx->lang = strdup(ctx->opts.lang && *ctx->opts.lang ? ctx->opts.lang : "auto");
    ctx->tessdata = ctx->opts.tessdata ? strdup(ctx->opts.tessdata) : NULL;
    if (ctx->lang == NULL || (ctx->opts.tessdata && ctx->tessdata == NULL)) {
        euc_ctx_free(ctx);
        return NULL;
    }
    ctx->opts.lang = ctx->lang;
    ctx->opts.tessdata = ctx->tessdata;
    return ctx;
}

void euc_ctx_free(euc_ctx *ctx)
{
    if (ctx == NULL)
        return;
    euc_ocr_free(ctx->ocr);
    free(ctx->lang);
    free(ctx->tessdata);
    free(ctx);
}

const euc_options *euc_ctx_options(const euc_ctx *ctx) { return &ctx->opts; }

euc_ocr *euc_ctx_ocr(euc_ctx *ctx, const char *path, euc_error *err)
{
    if (ctx->ocr != NULL)
        return ctx->ocr;
    if (!ctx->ocr_failed) {
        ctx->ocr = euc_ocr_new(ctx->opts.lang, ctx->opts.tessdata,
                               &ctx->ocr_err);
        ctx->ocr_failed = ctx->ocr == NULL;
    }
    if (ctx->ocr == NULL && err != NULL) {
        /* Reported against the document that needed OCR. */
        *err = ctx->ocr_err;
        snprintf(err->file, sizeof err->file, "%s", path ? path : "");
    }
    return ctx->ocr;
}

int euc_ctx_prepare_ocr(euc_ctx *ctx, euc_error *err)
{
    return euc_ctx_ocr(ctx, NULL, err) != NULL ? 0 : -1;
}

void euc_ctx_report_page(euc_ctx *ctx, const char *path, size_t page,
                         size_t npages)
{
    if (ctx->opts.progress != NULL)
        ctx->opts.progress(ctx->opts.progress_user, path, page, npages);
}

int euc_extract_read(const char *path, size_t max, const char *what,
                     char **out, size_t *len, euc_error *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    int rc = -1;

    *out = NULL;
    if (f == NULL)
        return euc_error_set(err, EUC_ERR_IO, "extract", path, "%s",
                             strerror(errno));
    size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0) {
        euc_error_set(err, EUC_ERR_IO, "extract", path, "cannot seek");
        goto cleanup;
    }
    if ((unsigned long)size > max) {
        euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                      "%s larger than %zu MB", what, max >> 20);
        goto cleanup;
    }
    buf = malloc((size_t)size + 1);
    if (buf == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
        euc_error_set(err, EUC_ERR_IO, "extract", path, "read error");
        goto cleanup;
    }
    buf[size] = '\0';
    *out = buf;
    *len = (size_t)size;
    buf = NULL;
    rc = 0;
cleanup:
    free(buf);
    fclose(f);
    return rc;
}

static int read_magic(const char *path, unsigned char *buf, size_t *n,
                      euc_error *err)
{
    struct stat st;
    FILE *f;

    if (stat(path, &st) != 0)
        return euc_error_set(err, EUC_ERR_IO, "extract", path, "%s",
                             strerror(errno));
    if (S_ISDIR(st.st_mode))
        return euc_error_set(err, EUC_ERR_IO, "extract", path,
                             "is a directory, not a certificate file");
    if (!S_ISREG(st.st_mode))
        return euc_error_set(err, EUC_ERR_IO, "extract", path,
                             "not a regular file");
    f = fopen(path, "rb");
    if (f == NULL)
        return euc_error_set(err, EUC_ERR_IO, "extract", path, "%s",
                             strerror(errno));
    *n = fread(buf, 1, MAGIC_LEN, f);
    fclose(f);
    if (*n == 0)
        return euc_error_set(err, EUC_ERR_EMPTY, "extract", path,
                             "empty file");
    return 0;
}

static const euc_extractor *find_extractor(const char *kind)
{
    size_t i;

    for (i = 0; i < sizeof extractors / sizeof extractors[0]; i++)
        if (strcmp(extractors[i]->name, kind) == 0)
            return extractors[i];
    return NULL;
}

static const euc_extractor *recognize(const unsigned char *magic, size_t n)
{
    size_t i;

    for (i = 0; i < sizeof extractors / sizeof extractors[0]; i++)
        if (extractors[i]->recognize(magic, n))
            return extractors[i];
    return NULL;
}

const char *euc_extract_kind(const char *path, euc_error *err)
{
    unsigned char magic[MAGIC_LEN];
    size_t n = 0;
    const euc_extractor *ex;

    if (read_magic(path, magic, &n, err) < 0)
        return NULL;
    ex = recognize(magic, n);
    if (ex == NULL)
        euc_error_set(err, EUC_ERR_FORMAT, "extract", path,
                      "unknown format (not PDF, PNG, JPEG, TIFF or UTF-8 text)");
    return ex ? ex->name : NULL;
}

int euc_extract_file(euc_ctx *ctx, const char *path, euc_doc **out,
                     euc_error *err)
{
    unsigned char magic[MAGIC_LEN];
    size_t n = 0;
    const euc_extractor *ex = NULL;
    euc_doc *doc = NULL;
    int rc = -1;

    *out = NULL;
    if (read_magic(path, magic, &n, err) < 0)
        goto cleanup;
    ex = recognize(magic, n);
    if (ex == NULL) {
        euc_error_set(err, EUC_ERR_FORMAT, "extract", path,
                      "unknown format (not PDF, PNG, JPEG, TIFF or UTF-8 text)");
        goto cleanup;
    }
    doc = euc_doc_new(path, ex->name);
    if (doc == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    if (ex->extract(ctx, path, doc, err) < 0)
        goto cleanup;
    if (euc_doc_npages(doc) == 0) {
        euc_error_set(err, EUC_ERR_EMPTY, "extract", path,
                      "document has no pages");
        goto cleanup;
    }
    *out = doc;
    doc = NULL;
    rc = 0;
cleanup:
    euc_doc_free(doc);
    return rc;
}

int euc_extract_page_image(euc_ctx *ctx, const euc_doc *doc, size_t page,
                           int dpi, struct Pix **out, euc_error *err)
{
    const euc_extractor *ex = find_extractor(euc_doc_kind(doc));

    *out = NULL;
    if (page >= euc_doc_npages(doc))
        return euc_error_set(err, EUC_ERR_USAGE, "extract", euc_doc_path(doc),
                             "no page %zu", page + 1);
    if (ex == NULL || ex->page_image == NULL)
        return euc_error_set(err, EUC_ERR_FORMAT, "extract",
                             euc_doc_path(doc), "%s documents have no page image",
                             euc_doc_kind(doc));
    if (dpi <= 0 || dpi > 1200)
        return euc_error_set(err, EUC_ERR_USAGE, "extract", euc_doc_path(doc),
                             "resolution %d dpi out of range", dpi);
    return ex->page_image(ctx, doc, page, dpi, out, err);
}
