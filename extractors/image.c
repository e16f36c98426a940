/* Scanned images: PNG, JPEG, TIFF (one page per TIFF directory), read by
 * OCR.  PNG and JPEG are decoded here with libpng's simplified API and
 * libjpeg under a silent error manager: through Leptonica both libraries
 * print their complaints to stderr and hand back half an image, and the
 * promise is one clear error line, never a partial page passed off as
 * complete.  TIFF goes through Leptonica, which silences libtiff. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <setjmp.h>

#include <allheaders.h>
#include <jpeglib.h>
#include <png.h>

#include "extract-imp.h"

#define ASSUMED_DPI 300
#define MAX_IMAGE_BYTES ((size_t)512 * 1024 * 1024)

enum { KIND_NONE, KIND_PNG, KIND_JPEG, KIND_TIFF };

static int sniff(const unsigned char *m, size_t n)
{
    if (n >= 8 && memcmp(m, "\x89PNG\r\n\x1a\n", 8) == 0)
        return KIND_PNG;
    if (n >= 3 && m[0] == 0xFF && m[1] == 0xD8 && m[2] == 0xFF)
        return KIND_JPEG;
    if (n >= 4 && (memcmp(m, "II*\0", 4) == 0 || memcmp(m, "MM\0*", 4) == 0))
        return KIND_TIFF;
    return KIND_NONE;
}

static int image_recognize(const unsigned char *magic, size_t n)
{
    return sniff(magic, n) != KIND_NONE;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Walks the PNG chunks: every chunk must fit in the file and IEND must be
 * there.  Returns NULL when whole, else what is wrong. */
static const char *png_damage(const unsigned char *b, size_t n)
{
    size_t pos = 8;

    while (pos + 12 <= n) {
        uint32_t len = be32(b + pos);
        if (len > n - pos - 12)
            return "truncated PNG (a chunk runs past the end of the file)";
        if (memcmp(b + pos + 4, "IEND", 4) == 0)
            return NULL;
        pos += 12 + (size_t)len;
    }
    return "truncated PNG (no IEND chunk)";
}

/* A JPEG must end with its EOI marker (some writers pad after it). */
static const char *jpeg_damage(const unsigned char *b, size_t n)
{
    size_t i, lim = n > 4096 ? n - 4096 : 2;

    for (i = n - 1; i >= lim && i > 1; i--)
        if (b[i - 1] == 0xFF && b[i] == 0xD9)
            return NULL;
    return "truncated JPEG (no end-of-image marker)";
}

/* Resolution from a PNG's pHYs chunk (pixels per metre), 0 when absent. */
static int png_dpi(const unsigned char *b, size_t n)
{
    size_t pos = 8;

    while (pos + 12 <= n) {
        uint32_t len = be32(b + pos);
        if (len > n - pos - 12)
            break;
        if (memcmp(b + pos + 4, "pHYs", 4) == 0 && len >= 9 && b[pos + 16] == 1)
            return (int)(be32(b + pos + 8) * 0.0254 + 0.5);
        if (memcmp(b + pos + 4, "IDAT", 4) == 0)
            break;
        pos += 12 + (size_t)len;
    }
    return 0;
}

/* PNG through libpng's simplified API, which reports errors in the image
 * structure instead of printing them. */
static PIX *decode_png(const unsigned char *b, size_t n, long long max,
                       char *why, size_t whylen)
{
    png_image img;
    PIX *pix = NULL;
    unsigned char *buf = NULL;
    int colour, y, x;
    size_t stride;

    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&img, b, n)) {
        snprintf(why, whylen, "damaged PNG (cannot read its header)");
        return NULL;
    }
    if ((long long)img.width * img.height > max) {
        snprintf(why, whylen, "image of %ux%u pixels is over the limit of "
                 "%lld (--max-pixels)", img.width, img.height, max);
        png_image_free(&img);
        return NULL;
    }
    colour = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
    img.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    stride = PNG_IMAGE_ROW_STRIDE(img);
    buf = malloc(PNG_IMAGE_BUFFER_SIZE(img, stride));
    if (buf == NULL || !png_image_finish_read(&img, NULL, buf, (png_int_32)stride,
                                              NULL) ||
        (img.warning_or_error & PNG_IMAGE_ERROR)) {
        snprintf(why, whylen, "damaged PNG (its image data does not decode)");
        png_image_free(&img);
        free(buf);
        return NULL;
    }
    pix = pixCreate((int)img.width, (int)img.height, colour ? 32 : 8);
    for (y = 0; pix != NULL && y < (int)img.height; y++) {
        const unsigned char *row = buf + (size_t)y * stride;
        l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
        for (x = 0; x < (int)img.width; x++) {
            if (colour)
                line[x] = (l_uint32)row[3 * x] << 24 |
                          (l_uint32)row[3 * x + 1] << 16 |
                          (l_uint32)row[3 * x + 2] << 8;
            else
                SET_DATA_BYTE(line, x, row[x]);
        }
    }
    free(buf);
    if (pix != NULL) {
        int dpi = png_dpi(b, n);
        pixSetResolution(pix, dpi, dpi);
    }
    return pix;
}

/* libjpeg reports through an error manager: keep it silent, count the
 * warnings (corrupt data it papered over), and turn errors into a return. */
typedef struct jpeg_quiet {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    int warnings;
} jpeg_quiet;

static void jpeg_fail(j_common_ptr cinfo)
{
    longjmp(((jpeg_quiet *)cinfo->err)->jump, 1);
}

static void jpeg_note(j_common_ptr cinfo, int level)
{
    if (level < 0)
        ((jpeg_quiet *)cinfo->err)->warnings++;
}

static void jpeg_silent(j_common_ptr cinfo)
{
    (void)cinfo;
}

static PIX *decode_jpeg(const unsigned char *b, size_t n, long long max,
                        char *why, size_t whylen)
{
    struct jpeg_decompress_struct cinfo;
    jpeg_quiet jerr;
    PIX *volatile pix = NULL;
    JSAMPLE *volatile row = NULL;

    memset(&cinfo, 0, sizeof cinfo);
    cinfo.err = jpeg_std_error(&jerr.pub);
    jerr.pub.error_exit = jpeg_fail;
    jerr.pub.emit_message = jpeg_note;
    jerr.pub.output_message = jpeg_silent;
    jerr.warnings = 0;
    if (setjmp(jerr.jump)) {
        jpeg_destroy_decompress(&cinfo);
        pixDestroy((PIX **)&pix);
        free(row);
        if (why[0] == '\0')
            snprintf(why, whylen, "damaged JPEG (its image data does not decode)");
        return NULL;
    }
    why[0] = '\0';
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, b, (unsigned long)n);
    jpeg_read_header(&cinfo, TRUE);
    if ((long long)cinfo.image_width * cinfo.image_height > max) {
        snprintf(why, whylen, "image of %ux%u pixels is over the limit of "
                 "%lld (--max-pixels)", cinfo.image_width, cinfo.image_height,
                 max);
        longjmp(jerr.jump, 1);
    }
    cinfo.out_color_space = cinfo.num_components >= 3 ? JCS_RGB : JCS_GRAYSCALE;
    jpeg_start_decompress(&cinfo);
    pix = pixCreate((int)cinfo.output_width, (int)cinfo.output_height,
                    cinfo.output_components == 3 ? 32 : 8);
    row = malloc((size_t)cinfo.output_width * (size_t)cinfo.output_components);
    if (pix == NULL || row == NULL)
        longjmp(jerr.jump, 1);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW rp = row;
        int y = (int)cinfo.output_scanline, x;
        l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
        jpeg_read_scanlines(&cinfo, &rp, 1);
        for (x = 0; x < (int)cinfo.output_width; x++) {
            if (cinfo.output_components == 3)
                line[x] = (l_uint32)row[3 * x] << 24 |
                          (l_uint32)row[3 * x + 1] << 16 |
                          (l_uint32)row[3 * x + 2] << 8;
            else
                SET_DATA_BYTE(line, x, row[x]);
        }
    }
    if (cinfo.density_unit == 1)
        pixSetResolution(pix, cinfo.X_density, cinfo.Y_density);
    else if (cinfo.density_unit == 2)
        pixSetResolution(pix, (int)(cinfo.X_density * 2.54 + 0.5),
                         (int)(cinfo.Y_density * 2.54 + 0.5));
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    if (jerr.warnings > 0) {
        /* libjpeg filled the damaged part with grey: a partial page must
         * not pass for a whole one. */
        pixDestroy((PIX **)&pix);
        snprintf(why, whylen, "damaged JPEG (corrupt image data)");
        return NULL;
    }
    return pix;
}

/* Number of pages, after the structural checks; -1 with err set. */
static int count_pages(const char *path, const unsigned char *b, size_t n,
                       int kind, euc_error *err)
{
    const char *damage = NULL;
    int npages = 1;

    if (kind == KIND_PNG)
        damage = png_damage(b, n);
    else if (kind == KIND_JPEG)
        damage = jpeg_damage(b, n);
    if (damage != NULL)
        return euc_error_set(err, EUC_ERR_CORRUPT, "extract", path, "%s",
                             damage);
    if (kind == KIND_TIFF) {
        FILE *f = fmemopen((void *)b, n, "rb");
        l_int32 count = 0;
        int q, bad;
        /* libtiff warns on stderr about damaged tags, whatever Leptonica's
         * own message severity says */
        setMsgSeverity(L_SEVERITY_NONE);
        q = euc_stderr_mute();
        bad = f == NULL || tiffGetCount(f, &count) != 0 || count <= 0;
        euc_stderr_restore(q);
        if (bad) {
            if (f != NULL)
                fclose(f);
            return euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                                 "damaged TIFF (cannot read its directories)");
        }
        fclose(f);
        npages = count;
    }
    return npages;
}

/* Decodes page i, refusing it before decoding when it is over the pixel
 * limit. */
static PIX *decode_page(euc_ctx *ctx, const char *path, const unsigned char *b,
                        size_t n, int kind, int i, euc_error *err)
{
    l_int32 w = 0, h = 0, bps = 0, spp = 0, res = 0, cmap = 0, fmt = 0;
    long long max = euc_ctx_options(ctx)->max_pixels;
    char why[160] = "";
    PIX *pix;
    FILE *f;
    int ok;

    if (kind == KIND_PNG || kind == KIND_JPEG) {
        pix = kind == KIND_PNG ? decode_png(b, n, max, why, sizeof why)
                               : decode_jpeg(b, n, max, why, sizeof why);
        if (pix == NULL)
            euc_error_set(err, strstr(why, "--max-pixels") ? EUC_ERR_TOO_LARGE
                                                           : EUC_ERR_CORRUPT,
                          "extract", path, "%s", why);
        return pix;
    }
    f = fmemopen((void *)b, n, "rb");
    ok = f != NULL && freadHeaderTiff(f, i, &w, &h, &bps, &spp, &res, &cmap,
                                      &fmt) == 0;
    if (f != NULL)
        fclose(f);
    if (!ok || w <= 0 || h <= 0) {
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "damaged TIFF (cannot read the header of page %d)", i + 1);
        return NULL;
    }
    if ((long long)w * h > max) {
        euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                      "image of %dx%d pixels is over the limit of %lld "
                      "(--max-pixels)", w, h, max);
        return NULL;
    }
    {
        int q = euc_stderr_mute();
        pix = pixReadMemTiff(b, n, i);
        euc_stderr_restore(q);
    }
    if (pix == NULL)
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "damaged TIFF (cannot decode page %d)", i + 1);
    return pix;
}

static int pix_dpi(PIX *pix)
{
    int res = pixGetXRes(pix);

    /* 0 means unknown; values below 70 are screen or bogus metadata. */
    return res >= 70 && res <= 1200 ? res : 0;
}

static int image_extract(euc_ctx *ctx, const char *path, euc_doc *doc,
                         euc_error *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int kind, npages, i, rc = -1;
    PIX *pix = NULL;
    euc_ocr *ocr;

    if (euc_extract_read(path, MAX_IMAGE_BYTES, "image file", (char **)&buf,
                         &len, err) < 0)
        goto cleanup;
    kind = sniff(buf, len);
    npages = count_pages(path, buf, len, kind, err);
    if (npages < 0)
        goto cleanup;
    ocr = euc_ctx_ocr(ctx, path, err);
    if (ocr == NULL)
        goto cleanup;
    for (i = 0; i < npages; i++) {
        int dpi;
        char reason[128];
        euc_page *page;

        pix = decode_page(ctx, path, buf, len, kind, i, err);
        if (pix == NULL)
            goto cleanup;
        dpi = pix_dpi(pix);
        snprintf(reason, sizeof reason, dpi ? "scanned image, %d dpi" :
                 "scanned image, no resolution in file (assumed %d dpi)",
                 dpi ? dpi : ASSUMED_DPI);
        if (dpi == 0)
            dpi = ASSUMED_DPI;
        page = euc_doc_add_page(doc, pixGetWidth(pix) * 72.0 / dpi,
                                pixGetHeight(pix) * 72.0 / dpi,
                                EUC_SOURCE_OCR, reason);
        if (page == NULL) {
            euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
            goto cleanup;
        }
        if (euc_ocr_read(ocr, pix, dpi, page, path, err) < 0)
            goto cleanup;
        pixDestroy(&pix);
        euc_ctx_report_page(ctx, path, (size_t)i + 1, (size_t)npages);
    }
    rc = 0;
cleanup:
    pixDestroy(&pix);
    free(buf);
    return rc;
}

static int image_page_image(euc_ctx *ctx, const char *path, size_t pageno,
                            const euc_page_turn *turn, int dpi, PIX **out,
                            euc_error *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    PIX *pix = NULL, *oriented = NULL;
    int rc = -1, kind, npages;

    if (euc_extract_read(path, MAX_IMAGE_BYTES, "image file", (char **)&buf,
                         &len, err) < 0)
        goto cleanup;
    kind = sniff(buf, len);
    npages = count_pages(path, buf, len, kind, err);
    if (npages < 0)
        goto cleanup;
    if (pageno >= (size_t)npages) {
        euc_error_set(err, EUC_ERR_USAGE, "extract", path, "no page %zu",
                      pageno + 1);
        goto cleanup;
    }
    pix = decode_page(ctx, path, buf, len, kind, (int)pageno, err);
    if (pix == NULL)
        goto cleanup;
    /* Scale first: turning a 100 dpi image costs a ninth of a 300 dpi one,
     * and the skew angle does not depend on the scale. */
    if (turn->dpi > 0 && dpi != turn->dpi) {
        float f = (float)dpi / (float)turn->dpi;
        oriented = pixScale(pix, f, f);
    } else {
        oriented = pixClone(pix);
    }
    *out = oriented ? euc_ocr_orient(oriented, turn->rotation, turn->skew)
                    : NULL;
    if (*out == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    rc = 0;
cleanup:
    pixDestroy(&pix);
    pixDestroy(&oriented);
    free(buf);
    return rc;
}

const euc_extractor euc_extractor_image = {
    "image", image_recognize, image_extract, image_page_image,
};
