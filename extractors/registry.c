#define _POSIX_C_SOURCE 200809L
#include "extract-imp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>


/* The registry.  A new input kind is one file in extractors/ and one row
 * here; the first extractor that recognises a file's first bytes wins, so
 * the catch-all text extractor comes last. */
extern const euc_extractor euc_extractor_pdf;
extern const euc_extractor euc_extractor_image;
extern const euc_extractor euc_extractor_docx;
extern const euc_extractor euc_extractor_doc;
extern const euc_extractor euc_extractor_text;

static const euc_extractor *const extractors[] = {
    &euc_extractor_pdf,
    &euc_extractor_image,
    &euc_extractor_docx,
    &euc_extractor_doc,
    &euc_extractor_text,
};

/* Containers are opened before any extractor is asked: a DOCX is a ZIP
 * too, so the zip container declines what docx.c reads. */
extern const euc_container euc_container_zip;
extern const euc_container euc_container_eml;

static const euc_container *const containers[] = {
    &euc_container_zip,
    &euc_container_eml,
};

static const euc_container *find_container(const unsigned char *magic,
                                           size_t n);

#define MAGIC_LEN 1024
#define UNKNOWN_FORMAT "unknown format (not PDF, PNG, JPEG, TIFF, Word " \
                       "(.docx), UTF-8/UTF-16 text, ZIP or e-mail)"

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
    if (find_container(magic, n) != NULL)
        return find_container(magic, n)->name;
    ex = recognize(magic, n);
    if (ex == NULL)
        euc_error_set(err, EUC_ERR_FORMAT, "extract", path, UNKNOWN_FORMAT);
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
    if (find_container(magic, n) != NULL) {
        /* its documents are read one by one: euc_unpack */
        euc_error_set(err, EUC_ERR_FORMAT, "extract", path,
                      "a %s container holds documents, not one: each is "
                      "read on its own (euc_unpack)",
                      find_container(magic, n)->name);
        goto cleanup;
    }
    ex = recognize(magic, n);
    if (ex == NULL) {
        euc_error_set(err, EUC_ERR_FORMAT, "extract", path, UNKNOWN_FORMAT);
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

static int render_with(euc_ctx *ctx, const euc_extractor *ex,
                       const char *path, const char *kind, size_t page,
                       const euc_page_turn *turn, int dpi, struct Pix **out,
                       euc_error *err)
{
    static const euc_page_turn upright = {0, 0.0, 0};

    if (ex == NULL || ex->page_image == NULL)
        return euc_error_set(err, EUC_ERR_FORMAT, "extract", path,
                             "%s documents have no page image", kind);
    if (dpi <= 0 || dpi > 1200)
        return euc_error_set(err, EUC_ERR_USAGE, "extract", path,
                             "resolution %d dpi out of range", dpi);
    return ex->page_image(ctx, path, page, turn ? turn : &upright, dpi, out,
                          err);
}

int euc_extract_page_image(euc_ctx *ctx, const euc_doc *doc, size_t page,
                           int dpi, struct Pix **out, euc_error *err)
{
    const euc_page *pg;
    euc_page_turn turn;

    *out = NULL;
    if (page >= euc_doc_npages(doc))
        return euc_error_set(err, EUC_ERR_USAGE, "extract", euc_doc_path(doc),
                             "no page %zu", page + 1);
    pg = euc_doc_page(doc, page);
    turn.rotation = euc_page_rotation(pg);
    turn.skew = euc_page_skew(pg);
    turn.dpi = euc_page_dpi(pg);
    return render_with(ctx, find_extractor(euc_doc_kind(doc)),
                       euc_doc_path(doc), euc_doc_kind(doc), page, &turn, dpi,
                       out, err);
}

int euc_extract_render(euc_ctx *ctx, const char *path, size_t page,
                       const euc_page_turn *turn, int dpi, struct Pix **out,
                       euc_error *err)
{
    unsigned char magic[MAGIC_LEN];
    size_t n = 0;
    const euc_extractor *ex;

    *out = NULL;
    if (read_magic(path, magic, &n, err) < 0)
        return -1;
    ex = recognize(magic, n);
    return render_with(ctx, ex, path, ex ? ex->name : "unknown", page, turn,
                       dpi, out, err);
}

/* --- containers ------------------------------------------------------------ */

/* A container in a container in a container is as deep as a real
 * submission goes (an e-mail with a ZIP of certificates). */
#define MAX_DEPTH 3
/* Members kept from one container, all depths together. */
#define MAX_MEMBERS 1000

typedef struct unpacked_member {
    char *name, *path, *error;
} unpacked_member;

struct euc_unpacked {
    char *dir; /* the temporary folder, removed with the list */
    GArray *m; /* unpacked_member */
};

struct euc_unpack_sink {
    euc_ctx *ctx;
    euc_unpacked *u;
    const char *prefix; /* "" at the top, "docs.zip/" below */
    int depth;
};

static const euc_container *find_container(const unsigned char *magic,
                                           size_t n)
{
    size_t i;

    for (i = 0; i < sizeof containers / sizeof containers[0]; i++)
        if (containers[i]->recognize(magic, n))
            return containers[i];
    return NULL;
}

const char *euc_container_kind(const char *path)
{
    unsigned char magic[MAGIC_LEN];
    size_t n = 0;
    euc_error e;
    const euc_container *c;

    if (read_magic(path, magic, &n, &e) < 0)
        return NULL;
    c = find_container(magic, n);
    return c ? c->name : NULL;
}

static int add_member(euc_unpacked *u, const char *name, const char *path,
                      const char *error)
{
    unpacked_member m;

    m.name = strdup(name);
    m.path = path ? strdup(path) : NULL;
    m.error = error ? strdup(error) : NULL;
    if (m.name == NULL || (path && m.path == NULL) || (error && !m.error)) {
        free(m.name);
        free(m.path);
        free(m.error);
        return -1;
    }
    g_array_append_val(u->m, m);
    return 0;
}

/* A plain-text member is a certificate only when its name says text: the
 * catch-all text extractor would take any XML, CSV or script as well. */
static int text_by_name(const char *name)
{
    const char *base = strrchr(name, '/'), *dot;

    base = base ? base + 1 : name;
    dot = strrchr(base, '.');
    return dot == NULL || g_ascii_strcasecmp(dot, ".txt") == 0 ||
           g_ascii_strcasecmp(dot, ".text") == 0;
}

int euc_unpack_fail(euc_unpack_sink *s, const char *name, const char *why)
{
    char *full = g_strconcat(s->prefix, name, NULL);
    int rc = add_member(s->u, full, NULL, why);

    g_free(full);
    return rc;
}

static int unpack_into(euc_unpack_sink *s, const euc_container *c,
                       const char *path, euc_error *err);

int euc_unpack_add(euc_unpack_sink *s, const char *name,
                   const unsigned char *data, size_t len, euc_error *err)
{
    const euc_extractor *ex = recognize(data, len < MAGIC_LEN ? len : MAGIC_LEN);
    const euc_container *c = find_container(data, len < MAGIC_LEN ? len : MAGIC_LEN);
    char *full = g_strconcat(s->prefix, name, NULL), *file = NULL;
    const char *base;
    GString *safe = g_string_new(NULL);
    GError *gerr = NULL;
    int rc = -1;

    if (len == 0 || (c == NULL && ex == NULL) ||
        (c == NULL && strcmp(ex->name, "text") == 0 && !text_by_name(name))) {
        rc = 0; /* not a certificate kind: not a document */
        goto cleanup;
    }
    if (s->u->m->len >= MAX_MEMBERS) {
        rc = euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", full,
                           "more than %d documents in one container",
                           MAX_MEMBERS);
        goto cleanup;
    }
    /* Its own name in our folder: a member's name ("../x", "/etc/x") is
     * shown, never used as a path. */
    base = strrchr(name, '/');
    base = base ? base + 1 : name;
    for (; *base; base++)
        g_string_append_c(safe, g_ascii_isalnum(*base) || *base == '.' ||
                          *base == '-' || *base == '_' ? *base : '_');
    file = g_strdup_printf("%s/%04u-%s", s->u->dir, s->u->m->len,
                           safe->str[0] == '.' || safe->len == 0 ? "member"
                                                                 : safe->str);
    if (!g_file_set_contents(file, (const char *)data, (gssize)len, &gerr)) {
        rc = euc_error_set(err, EUC_ERR_IO, "extract", full,
                           "cannot write it to a temporary folder (%s)",
                           gerr->message);
        g_error_free(gerr);
        goto cleanup;
    }
    if (c != NULL) {
        euc_unpack_sink inner = *s;
        euc_error e;
        char *prefix = g_strconcat(full, "/", NULL);

        inner.prefix = prefix;
        inner.depth = s->depth + 1;
        euc_error_clear(&e);
        if (inner.depth > MAX_DEPTH)
            rc = add_member(s->u, full, NULL,
                            "containers nested too deep") < 0 ? -1 : 0;
        else if (unpack_into(&inner, c, file, &e) < 0)
            /* a member container refused is one error row, not the whole */
            rc = add_member(s->u, full, NULL, e.message) < 0 ? -1 : 1;
        else
            rc = 1;
        g_unlink(file);
        g_free(prefix);
        goto cleanup;
    }
    rc = add_member(s->u, full, file, NULL) < 0 ? -1 : 1;
    if (rc < 0)
        euc_error_set(err, EUC_ERR_NOMEM, "extract", full, "out of memory");
cleanup:
    g_string_free(safe, TRUE);
    g_free(full);
    g_free(file);
    return rc;
}

static int unpack_into(euc_unpack_sink *s, const euc_container *c,
                       const char *path, euc_error *err)
{
    return c->unpack(s->ctx, path, s, err);
}

int euc_unpack(euc_ctx *ctx, const char *path, euc_unpacked **out,
               euc_error *err)
{
    unsigned char magic[MAGIC_LEN];
    size_t n = 0;
    const euc_container *c;
    euc_unpacked *u = NULL;
    euc_unpack_sink s;
    GError *gerr = NULL;
    int rc = -1;

    *out = NULL;
    if (read_magic(path, magic, &n, err) < 0)
        return -1;
    c = find_container(magic, n);
    if (c == NULL)
        return euc_error_set(err, EUC_ERR_FORMAT, "extract", path,
                             "not a container (ZIP or e-mail)");
    u = calloc(1, sizeof *u);
    if (u == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                             "out of memory");
    u->m = g_array_new(FALSE, TRUE, sizeof(unpacked_member));
    u->dir = g_dir_make_tmp("eucheck-XXXXXX", &gerr);
    if (u->dir == NULL) {
        euc_error_set(err, EUC_ERR_IO, "extract", path,
                      "cannot make a temporary folder (%s)", gerr->message);
        g_error_free(gerr);
        goto cleanup;
    }
    s.ctx = ctx;
    s.u = u;
    s.prefix = "";
    s.depth = 1;
    if (unpack_into(&s, c, path, err) < 0)
        goto cleanup;
    if (u->m->len == 0) {
        euc_error_set(err, EUC_ERR_EMPTY, "extract", path,
                      "%s holds no certificate (no PDF, image, Word or "
                      "text document)", strcmp(c->name, "eml") == 0 ?
                      "e-mail" : "archive");
        goto cleanup;
    }
    *out = u;
    u = NULL;
    rc = 0;
cleanup:
    euc_unpacked_free(u);
    return rc;
}

size_t euc_unpacked_count(const euc_unpacked *u) { return u ? u->m->len : 0; }

const char *euc_unpacked_name(const euc_unpacked *u, size_t i)
{
    return g_array_index(u->m, unpacked_member, i).name;
}

const char *euc_unpacked_path(const euc_unpacked *u, size_t i)
{
    return g_array_index(u->m, unpacked_member, i).path;
}

const char *euc_unpacked_error(const euc_unpacked *u, size_t i)
{
    return g_array_index(u->m, unpacked_member, i).error;
}

void euc_unpacked_free(euc_unpacked *u)
{
    guint i;

    if (u == NULL)
        return;
    for (i = 0; i < u->m->len; i++) {
        unpacked_member *m = &g_array_index(u->m, unpacked_member, i);
        if (m->path != NULL)
            g_unlink(m->path);
        free(m->name);
        free(m->path);
        free(m->error);
    }
    g_array_free(u->m, TRUE);
    if (u->dir != NULL) {
        /* members of a container refused half-way are not in the list */
        GDir *d = g_dir_open(u->dir, 0, NULL);
        const char *e = d ? g_dir_read_name(d) : NULL;
        for (; e != NULL; e = g_dir_read_name(d)) {
            char *p = g_build_filename(u->dir, e, NULL);
            g_unlink(p);
            g_free(p);
        }
        if (d != NULL)
            g_dir_close(d);
        g_rmdir(u->dir);
    }
    g_free(u->dir);
    free(u);
}
