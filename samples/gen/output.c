/* Replays a laid-out certificate into the input kinds: born-digital PDF,
 * scanned PDF, PNG, TIFF, text and UTF-16 text here; the fillable form, the
 * Word document and the e-mail in formpdf.c, docx.c and mail.c.
 *
 * Scans are the page rendered at 300 dpi, then degraded the way a desk
 * scanner degrades paper: a slight skew, a soft blur, noise, specks and a
 * grey, slightly warm background.  Mild enough for Tesseract to read. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <allheaders.h>
#include <cairo-pdf.h>
#include <cairo.h>

#include "gen.h"

#define SCAN_DPI 300

/* Fixed, so that the same seed gives the same bytes. */
#define PDF_DATE "2026-01-12T09:00:00Z"

static char *out_path(const gen_cert *c, const char *dir, const char *suffix)
{
    char *base = g_strconcat(c->name, suffix, NULL);
    char *p = g_build_filename(dir, base, NULL);
    g_free(base);
    return p;
}

void gen_pdf_metadata(void *vs, const gen_cert *c)
{
    cairo_surface_t *s = vs;

    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, c->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "eucheck samples-gen");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, PDF_DATE);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, PDF_DATE);
}

static void replay(cairo_t *cr, const gen_page *pg)
{
    for (guint i = 0; i < pg->ops->len; i++) {
        cairo_save(cr);
        gen_draw_op(cr, &g_array_index(pg->ops, gen_op, i));
        cairo_restore(cr);
    }
}

static int finish_pdf(cairo_surface_t *s, cairo_t *cr, const char *path, char **msg)
{
    cairo_status_t st;

    cairo_destroy(cr);
    cairo_surface_finish(s);
    st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        *msg = g_strdup_printf("%s: %s", path, cairo_status_to_string(st));
        return -1;
    }
    return 0;
}

static int write_pdf(const gen_cert *c, const gen_doc *d, const char *path, char **msg)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, d->w, d->h);
    cairo_t *cr = cairo_create(s);

    gen_pdf_metadata(s, c);
    for (guint i = 0; i < d->pages->len; i++) {
        replay(cr, g_ptr_array_index(d->pages, i));
        cairo_show_page(cr);
    }
    return finish_pdf(s, cr, path, msg);
}

static cairo_status_t to_bytes(void *closure, const unsigned char *data,
                               unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* The same bytes as write_pdf gives NAME.pdf, in memory. */
GByteArray *gen_pdf_bytes(const gen_cert *c, const gen_doc *d, char **msg)
{
    GByteArray *b = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, b, d->w, d->h);
    cairo_t *cr = cairo_create(s);

    gen_pdf_metadata(s, c);
    for (guint i = 0; i < d->pages->len; i++) {
        replay(cr, g_ptr_array_index(d->pages, i));
        cairo_show_page(cr);
    }
    if (finish_pdf(s, cr, c->name, msg) != 0) {
        g_byte_array_free(b, TRUE);
        return NULL;
    }
    return b;
}

const gen_op *gen_doc_signature(const gen_doc *d)
{
    for (guint i = 0; i < d->pages->len; i++) {
        const gen_page *pg = g_ptr_array_index(d->pages, i);
        for (guint j = 0; j < pg->ops->len; j++) {
            const gen_op *op = &g_array_index(pg->ops, gen_op, j);
            if (op->type == OP_SIGNATURE)
                return op;
        }
    }
    return NULL;
}

/* --- scans ------------------------------------------------------------------------ */

static PIX *render_page(const gen_doc *d, guint page, int dpi)
{
    int w = (int)lround(d->w * dpi / 72.0), h = (int)lround(d->h * dpi / 72.0);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    PIX *pix = pixCreate(w, h, 32);
    unsigned char *data;
    int stride, wpl = pixGetWpl(pix);
    l_uint32 *pd = pixGetData(pix);

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    replay(cr, g_ptr_array_index(d->pages, page));
    cairo_destroy(cr);
    cairo_surface_flush(s);
    data = cairo_image_surface_get_data(s);
    stride = cairo_image_surface_get_stride(s);
    /* cairo RGB24 is 0x00RRGGBB; Leptonica wants 0xRRGGBB00 */
    for (int y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(const void *)(data + (size_t)y * stride);
        l_uint32 *dst = pd + (size_t)y * wpl;
        for (int x = 0; x < w; x++)
            dst[x] = (l_uint32)(src[x] << 8);
    }
    cairo_surface_destroy(s);
    pixSetResolution(pix, dpi, dpi);
    return pix;
}

static int clamp8(int v)
{
    return v < 0 ? 0 : v > 255 ? 255 : v;
}

static PIX *degrade(const gen_cert *c, PIX *src, guint page)
{
    const gen_scan *sc = &c->scan;
    gen_rng r;
    PIX *rot, *soft;
    int w, h, wpl;
    l_uint32 *pd;
    int spk = (int)(sc->speckle * 65536.0);

    gen_rng_seed(&r, gen_hash_str(c->seed, c->name) ^ (0xD1CEULL + page));
    rot = pixRotate(src, (float)(sc->angle_deg * G_PI / 180.0 *
                                 (page % 2 == 0 ? 1.0 : -0.7)),
                    L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
    soft = sc->blur ? pixBlockconv(rot, 1, 1) : pixCopy(NULL, rot);
    pixDestroy(&rot);
    w = pixGetWidth(soft);
    h = pixGetHeight(soft);
    wpl = pixGetWpl(soft);
    pd = pixGetData(soft);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = pd + (size_t)y * wpl;
        /* paper is never evenly lit: a faint gradient down the page */
        int bg = sc->bg - (int)(6.0 * y / h);
        for (int x = 0; x < w; x++) {
            uint64_t u = gen_rng_next(&r);
            int n = (int)((((u & 0xFFFF) + ((u >> 16) & 0xFFFF) + ((u >> 32) & 0xFFFF))
                           / 65536.0 - 1.5) * sc->noise);
            int rr, gg, bb;
            l_uint32 v = line[x];
            rr = (int)((v >> 24) & 0xFF) * bg / 255 + n;
            gg = (int)((v >> 16) & 0xFF) * (bg - 2) / 255 + n;
            bb = (int)((v >> 8) & 0xFF) * (bg - 7) / 255 + n;
            if ((int)(u >> 48) < spk) {
                int dark = 40 + (int)((u >> 40) & 0x3F);
                rr = gg = bb = dark;
                if (x + 1 < w)
                    line[x + 1] = ((l_uint32)dark << 24) | ((l_uint32)dark << 16) |
                                  ((l_uint32)dark << 8);
            }
            line[x] = ((l_uint32)clamp8(rr) << 24) | ((l_uint32)clamp8(gg) << 16) |
                      ((l_uint32)clamp8(bb) << 8);
        }
    }
    pixSetResolution(soft, SCAN_DPI, SCAN_DPI);
    return soft;
}

/* The degraded colour scans of every page, rendered once per certificate. */
static PIXA *scan_pages(const gen_cert *c, const gen_doc *d)
{
    PIXA *pa = pixaCreate((l_int32)d->pages->len);
    for (guint i = 0; i < d->pages->len; i++) {
        PIX *clean = render_page(d, i, SCAN_DPI);
        PIX *dirty = degrade(c, clean, i);
        pixDestroy(&clean);
        pixaAddPix(pa, dirty, L_INSERT);
    }
    return pa;
}

static int write_scan_pdf(const gen_cert *c, const gen_doc *d, PIXA *scans,
                          const char *path, char **msg)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, d->w, d->h);
    cairo_t *cr = cairo_create(s);

    gen_pdf_metadata(s, c);
    for (int i = 0; i < pixaGetCount(scans); i++) {
        PIX *pix = pixaGetPix(scans, i, L_CLONE);
        l_uint8 *jpg = NULL;
        size_t n = 0;
        cairo_surface_t *img;

        if (pixWriteMemJpeg(&jpg, &n, pix, c->scan.jpeg_quality, 0) != 0) {
            pixDestroy(&pix);
            cairo_destroy(cr);
            cairo_surface_destroy(s);
            *msg = g_strdup_printf("%s: JPEG encoding failed", path);
            return -1;
        }
        /* cairo embeds the JPEG stream as it is (DCTDecode); the raster of
         * this surface is never read */
        img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pixGetWidth(pix),
                                         pixGetHeight(pix));
        cairo_surface_set_mime_data(img, CAIRO_MIME_TYPE_JPEG, jpg, n, lept_free, jpg);
        cairo_save(cr);
        cairo_scale(cr, 72.0 / SCAN_DPI, 72.0 / SCAN_DPI);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        cairo_show_page(cr);
        cairo_surface_destroy(img);
        pixDestroy(&pix);
    }
    return finish_pdf(s, cr, path, msg);
}

static PIX *grey_page(PIXA *scans, int i)
{
    PIX *pix = pixaGetPix(scans, i, L_CLONE);
    PIX *g = pixConvertRGBToLuminance(pix);
    pixDestroy(&pix);
    pixSetResolution(g, SCAN_DPI, SCAN_DPI);
    return g;
}

/* One PNG holds one image: the pages of a longer certificate are stacked. */
static PIX *png_image(const gen_cert *c, PIXA *scans)
{
    int n = pixaGetCount(scans);
    PIX *first = grey_page(scans, 0), *all, *out;
    int w = pixGetWidth(first), h = pixGetHeight(first);
    double f = (double)c->scan.png_dpi / SCAN_DPI;

    if (n == 1) {
        all = first;
    } else {
        all = pixCreate(w, h * n, 8);
        pixSetAllArbitrary(all, 255);
        for (int i = 0; i < n; i++) {
            PIX *g = i == 0 ? pixClone(first) : grey_page(scans, i);
            pixRasterop(all, 0, i * h, w, h, PIX_SRC, g, 0, 0);
            pixDestroy(&g);
        }
        pixDestroy(&first);
    }
    out = f < 0.999 ? pixScale(all, (float)f, (float)f) : pixClone(all);
    pixDestroy(&all);
    if (c->scan.png_4bpp) {
        PIX *q = pixThresholdTo4bpp(out, 16, 1);
        pixDestroy(&out);
        out = q;
    }
    pixSetResolution(out, c->scan.png_dpi, c->scan.png_dpi);
    return out;
}

static int write_png(PIX *pix, const char *path, char **msg)
{
    if (pixWrite(path, pix, IFF_PNG) != 0) {
        *msg = g_strdup_printf("%s: PNG writing failed", path);
        return -1;
    }
    return 0;
}

static int write_tiff(PIXA *scans, const char *path, char **msg)
{
    for (int i = 0; i < pixaGetCount(scans); i++) {
        PIX *g = grey_page(scans, i);
        PIX *b = pixConvertTo1(g, 165);
        int rc;

        pixSetResolution(b, SCAN_DPI, SCAN_DPI);
        rc = pixWriteTiff(path, b, IFF_TIFF_G4, i == 0 ? "w" : "a");
        pixDestroy(&g);
        pixDestroy(&b);
        if (rc != 0) {
            *msg = g_strdup_printf("%s: TIFF writing failed", path);
            return -1;
        }
    }
    return 0;
}

char *gen_txt_text(const gen_doc *d)
{
    GString *g = g_string_new(NULL);

    for (guint i = 0; i < d->pages->len; i++) {
        char *t = gen_doc_plain_text(d, (int)i);
        if (i > 0)
            g_string_append_c(g, '\f');
        g_string_append(g, t);
        g_string_append_c(g, '\n');
        g_free(t);
    }
    return g_string_free(g, FALSE);
}

static int set_contents(const char *path, const char *data, gsize n, char **msg)
{
    GError *e = NULL;

    if (!g_file_set_contents(path, data, (gssize)n, &e)) {
        *msg = g_strdup(e->message);
        g_error_free(e);
        return -1;
    }
    return 0;
}

static int write_txt(const gen_doc *d, const char *path, char **msg)
{
    char *t = gen_txt_text(d);
    int rc = set_contents(path, t, strlen(t), msg);

    g_free(t);
    return rc;
}

/* The same text with a byte-order mark, as Windows' Notepad saves "Unicode"
 * (UTF-16LE) or "Unicode big endian". */
static int write_utf16(const gen_cert *c, const gen_doc *d, const char *path, char **msg)
{
    char *t = gen_txt_text(d);
    const char *enc = c->utf16_be ? "UTF-16BE" : "UTF-16LE";
    gsize n = 0;
    GError *e = NULL;
    char *u = g_convert(t, -1, enc, "UTF-8", NULL, &n, &e);
    GByteArray *b;
    int rc;

    g_free(t);
    if (u == NULL) {
        *msg = g_strdup_printf("%s: %s", path, e->message);
        g_error_free(e);
        return -1;
    }
    b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)(c->utf16_be ? "\xFE\xFF" : "\xFF\xFE"), 2);
    g_byte_array_append(b, (const guint8 *)u, (guint)n);
    rc = set_contents(path, (const char *)b->data, b->len, msg);
    g_byte_array_free(b, TRUE);
    g_free(u);
    return rc;
}

int gen_write_outputs(const gen_cert *c, const gen_doc *d, const char *dir,
                      int rot90, char **msg)
{
    PIXA *scans = NULL;
    int rc = 0;
    char *path = NULL;

    if (c->kinds & ((1u << KIND_SCAN_PDF) | (1u << KIND_PNG) | (1u << KIND_TIFF)))
        scans = scan_pages(c, d);
    for (int k = 0; k < KIND_N && rc == 0; k++) {
        if (!(c->kinds & (1u << k)))
            continue;
        path = out_path(c, dir, gen_kind_suffix[k]);
        switch ((gen_kind)k) {
        case KIND_PDF: rc = write_pdf(c, d, path, msg); break;
        case KIND_SCAN_PDF: rc = write_scan_pdf(c, d, scans, path, msg); break;
        case KIND_PNG: {
            PIX *p = png_image(c, scans);
            rc = write_png(p, path, msg);
            if (rc == 0 && rot90) {
                PIX *r = pixRotate90(p, 1);
                char *rp = out_path(c, dir, ".rot90.scan.png");
                rc = write_png(r, rp, msg);
                g_free(rp);
                pixDestroy(&r);
            }
            pixDestroy(&p);
            break;
        }
        case KIND_TIFF: rc = write_tiff(scans, path, msg); break;
        case KIND_TXT: rc = write_txt(d, path, msg); break;
        case KIND_FORM_PDF: {
            gen_form *f = gen_form_layout(c, d, 0);
            rc = gen_write_form_pdf(c, f, path, msg);
            gen_form_free(f);
            break;
        }
        case KIND_DOCX: rc = gen_write_docx(c, d, path, msg); break;
        case KIND_UTF16: rc = write_utf16(c, d, path, msg); break;
        case KIND_EML: rc = gen_write_eml(c, d, path, msg); break;
        case KIND_N: break;
        }
        g_free(path);
    }
    pixaDestroy(&scans);
    return rc;
}
