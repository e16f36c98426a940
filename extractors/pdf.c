/* PDF: the text layer through poppler-glib, page by page; a page without a
 * usable text layer (a scan, a few stray characters, unmapped glyphs) is
 * OCRed instead.  A scanned page that is one full-page image is OCRed from
 * that image at its own resolution; any other page is rendered with cairo
 * straight into memory.  Nothing goes through image files.
 *
 * GObject reference counting stays inside this file. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <allheaders.h>
#include <cairo.h>
#include <poppler.h>

#include "extract-imp.h"
#include "euc/text.h"

/* A text layer with fewer visible characters than this is a scanner's
 * stray label, not the page's text. */
#define MIN_TEXT_CHARS 20
/* Share of visible characters that may be unmapped glyphs (U+FFFD, private
 * use, controls) before the layer is garbage. */
#define MAX_BAD_SHARE 0.10
/* An image covering this share of the page is the page. */
#define FULL_PAGE_SHARE 0.90
/* Below this an embedded scan is upsampled by rendering instead. */
#define MIN_IMAGE_DPI 150

static int pdf_recognize(const unsigned char *magic, size_t n)
{
    size_t i;

    /* The header may follow a few bytes of junk (PDF 1.7, 7.5.2 note). */
    for (i = 0; i + 5 <= n; i++)
        if (memcmp(magic + i, "%PDF-", 5) == 0)
            return 1;
    return 0;
}

/* A PDF cut short loses its trailer; poppler then rebuilds what it can and
 * would hand back a partial document as if whole. */
static int check_trailer(const char *path, euc_error *err)
{
    FILE *f = fopen(path, "rb");
    char tail[1025];
    long size;
    size_t n;
    int rc = -1;

    if (f == NULL)
        return euc_error_set(err, EUC_ERR_IO, "extract", path, "%s",
                             strerror(errno));
    size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (size < 0) {
        euc_error_set(err, EUC_ERR_IO, "extract", path, "cannot seek");
        goto cleanup;
    }
    if (fseek(f, size > 1024 ? size - 1024 : 0, SEEK_SET) != 0) {
        euc_error_set(err, EUC_ERR_IO, "extract", path, "cannot seek");
        goto cleanup;
    }
    n = fread(tail, 1, sizeof tail - 1, f);
    tail[n] = '\0';
    /* memmem is not C11; the tail may hold NULs, so scan by hand. */
    for (size_t i = 0; i + 5 <= n; i++) {
        if (memcmp(tail + i, "%%EOF", 5) == 0) {
            rc = 0;
            goto cleanup;
        }
    }
    euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                  "truncated or damaged PDF (no %%%%EOF trailer)");
cleanup:
    fclose(f);
    return rc;
}

static PopplerDocument *open_pdf(const char *path, euc_error *err)
{
    GError *gerr = NULL;
    PopplerDocument *pd = NULL;
    char *abs = realpath(path, NULL);
    char *uri = abs ? g_filename_to_uri(abs, NULL, NULL) : NULL;

    if (uri == NULL) {
        euc_error_set(err, EUC_ERR_IO, "extract", path, "cannot resolve path");
        goto cleanup;
    }
    {
        int q = euc_stderr_mute();
        pd = poppler_document_new_from_file(uri, NULL, &gerr);
        euc_stderr_restore(q);
    }
    if (pd == NULL) {
        if (gerr != NULL && gerr->domain == POPPLER_ERROR &&
            gerr->code == POPPLER_ERROR_ENCRYPTED)
            euc_error_set(err, EUC_ERR_ENCRYPTED, "extract", path,
                          "encrypted PDF: a password is needed to read it");
        else
            euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                          "damaged PDF (%s)",
                          gerr ? gerr->message : "poppler cannot open it");
    }
cleanup:
    if (gerr != NULL)
        g_error_free(gerr);
    g_free(uri);
    free(abs);
    return pd;
}

/* NULL when the text layer is usable, else why it is not. */
static const char *judge_text(const char *text, char *why, size_t n)
{
    size_t i = 0, len = strlen(text), visible = 0, bad = 0;
    uint32_t cp;

    while (i < len) {
        i += euc_utf8_decode(text + i, len - i, &cp);
        if (cp <= ' ' || cp == 0x3000 || cp == 0xA0)
            continue;
        visible++;
        if (cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) ||
            (cp >= 0x7F && cp < 0xA0))
            bad++;
    }
    if (visible == 0) {
        snprintf(why, n, "no text layer");
        return why;
    }
    if (visible < MIN_TEXT_CHARS) {
        snprintf(why, n, "text layer has only %zu characters", visible);
        return why;
    }
    if ((double)bad / (double)visible > MAX_BAD_SHARE) {
        snprintf(why, n, "text layer is %zu%% unmapped glyphs",
                 bad * 100 / visible);
        return why;
    }
    return NULL;
}

/* Words from poppler's text and its one-rectangle-per-character layout.
 * A wide gap between two characters of a line also splits words: table
 * cells are sometimes laid out with no space between them. */
static int add_text_words(euc_page *page, const char *text,
                          const PopplerRectangle *rects, guint nrects)
{
    size_t i = 0, len = strlen(text), start = 0;
    guint ci = 0;
    int in_word = 0, new_line = 1;
    euc_box box = {0, 0, 0, 0};
    uint32_t cp;

    while (i <= len) {
        size_t k = i < len ? euc_utf8_decode(text + i, len - i, &cp) : 1;
        int brk = i == len || cp == ' ' || cp == '\n' || cp == '\t' ||
                  cp == '\r' || cp == 0xA0 || cp == 0x3000;
        const PopplerRectangle *r = ci < nrects ? &rects[ci] : NULL;

        if (!brk && in_word && r != NULL) {
            double h = box.y1 - box.y0;
            if (r->x1 - box.x1 > 1.5 * (h > 1 ? h : 1) ||
                r->y1 < box.y0 - h * 0.5)
                brk = 2; /* split, but this character starts a word */
        }
        if (brk && in_word) {
            if (euc_page_add_word(page, text + start, i - start, box, 100.0f,
                                  new_line) < 0)
                return -1;
            new_line = 0;
            in_word = 0;
        }
        if (i == len)
            break;
        if (cp == '\n')
            new_line = 1;
        if (brk != 1 && r != NULL) {
            if (!in_word) {
                in_word = 1;
                start = i;
                box.x0 = r->x1 < r->x2 ? r->x1 : r->x2;
                box.x1 = r->x1 < r->x2 ? r->x2 : r->x1;
                box.y0 = r->y1 < r->y2 ? r->y1 : r->y2;
                box.y1 = r->y1 < r->y2 ? r->y2 : r->y1;
            } else {
                if (r->x1 < box.x0) box.x0 = r->x1;
                if (r->x2 > box.x1) box.x1 = r->x2;
                if (r->y1 < box.y0) box.y0 = r->y1;
                if (r->y2 > box.y1) box.y1 = r->y2;
            }
        }
        i += k;
        ci++;
    }
    return 0;
}

/* --- fillable forms (AcroForm) ------------------------------------------ */

/* What a field holds as the page would print it: a text field's text, a
 * choice's selected items, a checkbox or radio button as [X] or [ ].
 * NULL for a field that holds nothing to read (a push button, a signature
 * field); "" for one left empty.  g_free the result. */
static char *field_value(PopplerFormField *f, int *is_text)
{
    *is_text = 0;
    switch (poppler_form_field_get_field_type(f)) {
    case POPPLER_FORM_FIELD_TEXT: {
        char *t = poppler_form_field_text_get_text(f);
        *is_text = 1;
        return t ? t : g_strdup("");
    }
    case POPPLER_FORM_FIELD_BUTTON:
        if (poppler_form_field_button_get_button_type(f) ==
            POPPLER_FORM_BUTTON_PUSH)
            return NULL;
        return g_strdup(poppler_form_field_button_get_state(f) ? "[X]" : "[ ]");
    case POPPLER_FORM_FIELD_CHOICE: {
        GString *g = g_string_new(NULL);
        int i, n = poppler_form_field_choice_get_n_items(f);
        char *t = poppler_form_field_choice_can_select_multiple(f) ? NULL :
                  poppler_form_field_choice_get_text(f);
        *is_text = 1;
        if (t != NULL && *t != '\0') {
            g_string_append(g, t);
        } else {
            for (i = 0; i < n; i++) {
                char *item;
                if (!poppler_form_field_choice_is_item_selected(f, i))
                    continue;
                item = poppler_form_field_choice_get_item(f, i);
                if (item != NULL)
                    g_string_append_printf(g, "%s%s", g->len ? ", " : "", item);
                g_free(item);
            }
        }
        g_free(t);
        return g_string_free(g, FALSE);
    }
    default:
        return NULL;
    }
}

/* The value's words inside the field's rectangle (page coordinates, top
 * down), its lines stacked, each word as wide as its share of the
 * characters: the layout stage then sees label and value side by side, as
 * on the printed page. */
static int add_field_words(euc_page *page, const char *value, euc_box r,
                           double font)
{
    gchar **lines = g_strsplit_set(value, "\r\n", -1);
    guint nl = 0, i;
    double lh, size;
    int rc = 0;

    for (i = 0; lines[i] != NULL; i++)
        nl += lines[i][0] != '\0';
    if (nl == 0)
        goto cleanup;
    lh = (r.y1 - r.y0) / nl;
    /* the field's own font size (/DA); 0 is "fit the box": a viewer's
     * auto size stays near the page's text size */
    size = font > 0 ? font : lh * 0.7 < 10 ? lh * 0.7 : 10;
    if (size > lh)
        size = lh;
    for (i = 0, nl = 0; lines[i] != NULL && rc == 0; i++) {
        gchar **w = g_strsplit_set(g_strstrip(lines[i]), " \t", -1);
        size_t chars = 0, k;
        double x = r.x0 + 2, cw, y0 = r.y0 + nl * lh;
        int first = 1;

        for (k = 0; w[k] != NULL; k++)
            chars += g_utf8_strlen(w[k], -1) + 1;
        if (chars > 1) {
            /* Helvetica's mean advance is about half its size; the text as
             * a viewer prints it, never past the box.  The gap to the next
             * field's value then looks as it does on the page. */
            cw = (r.x1 - r.x0 - 4) / (double)chars;
            if (cw > size * 0.5)
                cw = size * 0.5;
            for (k = 0; w[k] != NULL && rc == 0; k++) {
                size_t n = g_utf8_strlen(w[k], -1);
                euc_box b = {x, y0, x + n * cw, y0 + size};
                if (n == 0)
                    continue;
                rc = euc_page_add_word(page, w[k], strlen(w[k]), b, 100.0f,
                                       first);
                first = 0;
                x += (n + 1) * cw;
            }
            nl++;
        }
        g_strfreev(w);
    }
cleanup:
    g_strfreev(lines);
    return rc;
}

/* Adds the page's form-field values as words; *nfields counts the text
 * fields, *nfilled those with a value.  -1 only when memory runs out. */
static int add_form_fields(GList *maps, euc_page *page, double h,
                           int *nfields, int *nfilled)
{
    GList *l;
    int rc = 0;

    for (l = maps; l != NULL && rc == 0; l = l->next) {
        PopplerFormFieldMapping *m = l->data;
        int is_text;
        char *v = field_value(m->field, &is_text);
        /* poppler's rectangles have the origin at the bottom */
        euc_box b = {fmin(m->area.x1, m->area.x2), h - fmax(m->area.y1, m->area.y2),
                     fmax(m->area.x1, m->area.x2), h - fmin(m->area.y1, m->area.y2)};

        if (v == NULL)
            continue;
        *nfields += is_text;
        if (is_text && *g_strstrip(v) != '\0')
            (*nfilled)++;
        if (*v != '\0' && b.x1 > b.x0 && b.y1 > b.y0)
            rc = add_field_words(page, v, b,
                                 poppler_form_field_get_font_size(m->field));
        g_free(v);
    }
    return rc;
}

/* cairo's RGB24/ARGB32 (premultiplied) into 8-bit grey over white. */
static PIX *surface_to_grey(cairo_surface_t *s)
{
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    int alpha = cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32;
    const unsigned char *data;
    PIX *pix;
    l_uint32 *line;
    int wpl, x, y;

    cairo_surface_flush(s);
    data = cairo_image_surface_get_data(s);
    if (data == NULL || w <= 0 || h <= 0)
        return NULL;
    pix = pixCreate(w, h, 8);
    if (pix == NULL)
        return NULL;
    wpl = pixGetWpl(pix);
    for (y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(data + (size_t)y * stride);
        line = pixGetData(pix) + (size_t)y * wpl;
        for (x = 0; x < w; x++) {
            uint32_t p = src[x];
            unsigned r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            unsigned v = (r * 77 + g * 150 + b * 29) >> 8;
            if (alpha)
                v += 255 - (p >> 24); /* premultiplied: add the white */
            SET_DATA_BYTE(line, x, v > 255 ? 255 : v);
        }
    }
    return pix;
}

/* The same in colour, for a later stage looking for a red seal. */
static PIX *surface_to_rgb(cairo_surface_t *s)
{
    int w = cairo_image_surface_get_width(s);
    int h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    const unsigned char *data;
    PIX *pix;
    int wpl, x, y;

    cairo_surface_flush(s);
    data = cairo_image_surface_get_data(s);
    if (data == NULL || w <= 0 || h <= 0)
        return NULL;
    pix = pixCreate(w, h, 32);
    if (pix == NULL)
        return NULL;
    wpl = pixGetWpl(pix);
    for (y = 0; y < h; y++) {
        const uint32_t *src = (const uint32_t *)(data + (size_t)y * stride);
        l_uint32 *line = pixGetData(pix) + (size_t)y * wpl;
        for (x = 0; x < w; x++)
            line[x] = (src[x] & 0xFFFFFF) << 8;
    }
    return pix;
}

static cairo_surface_t *render(PopplerPage *pp, int dpi, long long max_pixels,
                               const char *path, euc_error *err)
{
    double w, h;
    long long pw, ph;
    cairo_surface_t *s;
    cairo_t *cr;

    poppler_page_get_size(pp, &w, &h);
    if (!(w >= 1 && h >= 1)) {
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "damaged PDF (a page has no size: its media box is "
                      "empty or invalid)");
        return NULL;
    }
    pw = (long long)ceil(w * dpi / 72.0);
    ph = (long long)ceil(h * dpi / 72.0);
    if (pw <= 0 || ph <= 0 || pw > 32767 || ph > 32767 || pw * ph > max_pixels) {
        euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                      "page of %.0fx%.0f points at %d dpi is over the pixel "
                      "limit of %lld (--max-pixels, --dpi)", w, h, dpi,
                      max_pixels);
        return NULL;
    }
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)pw, (int)ph);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                      "out of memory rendering a page");
        return NULL;
    }
    cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    {
        int q = euc_stderr_mute();
        poppler_page_render(pp, cr);
        euc_stderr_restore(q);
    }
    cairo_destroy(cr);
    return s;
}

/* The page's one full-page image at its own resolution, or NULL (and
 * *img_dpi 0) when the page is not a single scanned image. */
static PIX *full_page_image(PopplerPage *pp, int *img_dpi)
{
    GList *maps = poppler_page_get_image_mapping(pp), *l;
    PopplerImageMapping *only = NULL;
    double w, h, aw, ah;
    int count = 0;
    cairo_surface_t *s;
    PIX *pix = NULL;

    *img_dpi = 0;
    for (l = maps; l != NULL; l = l->next) {
        PopplerImageMapping *m = l->data;
        aw = fabs(m->area.x2 - m->area.x1);
        ah = fabs(m->area.y2 - m->area.y1);
        poppler_page_get_size(pp, &w, &h);
        if (aw * ah >= FULL_PAGE_SHARE * w * h) {
            only = m;
            count++;
        }
    }
    if (count != 1)
        goto cleanup;
    {
        int q = euc_stderr_mute();
        s = poppler_page_get_image(pp, only->image_id);
        euc_stderr_restore(q);
    }
    if (s == NULL)
        goto cleanup;
    aw = fabs(only->area.x2 - only->area.x1);
    ah = fabs(only->area.y2 - only->area.y1);
    {
        int iw = cairo_image_surface_get_width(s);
        int ih = cairo_image_surface_get_height(s);
        double dx = iw * 72.0 / aw, dy = ih * 72.0 / ah;
        /* An image drawn turned or stretched is not read as it is stored:
         * leave it to the renderer, which applies the page's transforms. */
        if (fabs(dx - dy) < 0.02 * dx && dx >= MIN_IMAGE_DPI) {
            pix = surface_to_grey(s);
            *img_dpi = (int)lround(dx);
        }
    }
    cairo_surface_destroy(s);
cleanup:
    poppler_page_free_image_mapping(maps);
    return pix;
}

static int ocr_page(euc_ctx *ctx, PopplerPage *pp, euc_page *page,
                    const char *path, const char *why, euc_error *err)
{
    const euc_options *opts = euc_ctx_options(ctx);
    euc_ocr *ocr = euc_ctx_ocr(ctx, path, err);
    cairo_surface_t *s = NULL;
    PIX *pix = NULL;
    int dpi = 0, rc = -1;
    char reason[256];

    if (ocr == NULL)
        return -1;
    pix = full_page_image(pp, &dpi);
    if (pix != NULL) {
        if ((long long)pixGetWidth(pix) * pixGetHeight(pix) > opts->max_pixels) {
            euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                          "page image of %dx%d pixels is over the limit of "
                          "%lld (--max-pixels)", pixGetWidth(pix),
                          pixGetHeight(pix), opts->max_pixels);
            goto cleanup;
        }
        snprintf(reason, sizeof reason, "%s; OCR of the page's scanned "
                 "image at %d dpi", why, dpi);
    } else {
        dpi = opts->dpi;
        s = render(pp, dpi, opts->max_pixels, path, err);
        if (s == NULL)
            goto cleanup;
        pix = surface_to_grey(s);
        if (pix == NULL) {
            euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
            goto cleanup;
        }
        snprintf(reason, sizeof reason, "%s; OCR of the page rendered at "
                 "%d dpi", why, dpi);
    }
    euc_page_set_reason(page, reason);
    rc = euc_ocr_read(ocr, pix, dpi, page, path, err);
cleanup:
    pixDestroy(&pix);
    if (s != NULL)
        cairo_surface_destroy(s);
    return rc;
}

static int pdf_extract(euc_ctx *ctx, const char *path, euc_doc *doc,
                       euc_error *err)
{
    PopplerDocument *pd = NULL;
    int n, i, rc = -1, nfields = 0, nfilled = 0;

    if (check_trailer(path, err) < 0)
        return -1;
    pd = open_pdf(path, err);
    if (pd == NULL)
        return -1;
    n = poppler_document_get_n_pages(pd);
    if (n <= 0) {
        euc_error_set(err, EUC_ERR_EMPTY, "extract", path, "PDF has no pages");
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        PopplerPage *pp = poppler_document_get_page(pd, i);
        PopplerRectangle *rects = NULL;
        guint nrects = 0;
        char *text = NULL;
        const char *why;
        char whybuf[128];
        double w, h;
        euc_page *page;
        GList *forms = NULL;
        int prc = 0;

        if (pp == NULL) {
            euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                          "damaged PDF (page %d cannot be read)", i + 1);
            goto cleanup;
        }
        poppler_page_get_size(pp, &w, &h);
        {
            int q = euc_stderr_mute();
            text = poppler_page_get_text(pp);
            if (!euc_ctx_options(ctx)->force_ocr)
                forms = poppler_page_get_form_field_mapping(pp);
            euc_stderr_restore(q);
        }
        why = euc_ctx_options(ctx)->force_ocr ? "OCR forced" :
              judge_text(text ? text : "", whybuf, sizeof whybuf);
        page = euc_doc_add_page(doc, w, h, EUC_SOURCE_TEXT_LAYER,
                                "text layer");
        if (page == NULL) {
            prc = euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                                "out of memory");
        } else if (forms) {
            /* a fillable form's values are in its fields, not in the text
             * layer (nor in a scanned form's image): the page's words and
             * the fields' values, side by side as printed */
            int nf = 0, nv = 0;
            if (why == NULL) {
                int q = euc_stderr_mute();
                if (!poppler_page_get_text_layout(pp, &rects, &nrects))
                    nrects = 0;
                euc_stderr_restore(q);
                if (add_text_words(page, text, rects, nrects) < 0)
                    prc = euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                                        "out of memory");
            } else {
                prc = ocr_page(ctx, pp, page, path, why, err);
            }
            if (prc == 0 && (add_form_fields(forms, page, h, &nf, &nv) < 0 ||
                             euc_page_sort_lines(page) < 0))
                prc = euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                                    "out of memory");
            nfields += nf;
            nfilled += nv;
            if (nf > 0 && why == NULL) {
                euc_page_set_source(page, EUC_SOURCE_FORM_FIELDS);
                euc_page_set_reason(page, "text layer and form fields");
            }
        } else if (why == NULL) {
            int q = euc_stderr_mute();
            if (!poppler_page_get_text_layout(pp, &rects, &nrects))
                nrects = 0;
            euc_stderr_restore(q);
            if (add_text_words(page, text, rects, nrects) < 0 ||
                euc_page_sort_lines(page) < 0)
                prc = euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                                    "out of memory");
        } else {
            prc = ocr_page(ctx, pp, page, path, why, err);
        }
        g_free(rects);
        g_free(text);
        poppler_page_free_form_field_mapping(forms);
        g_object_unref(pp);
        if (prc < 0)
            goto cleanup;
        euc_ctx_report_page(ctx, path, (size_t)i + 1, (size_t)n);
    }
    if (nfields > 0 && nfilled == 0) {
        euc_error_set(err, EUC_ERR_EMPTY, "extract", path,
                      "fillable PDF form with every field empty: fill it in, "
                      "save it and check it again");
        goto cleanup;
    }
    rc = 0;
cleanup:
    g_object_unref(pd);
    return rc;
}

static int pdf_page_image(euc_ctx *ctx, const char *path, size_t pageno,
                          const euc_page_turn *turn, int dpi, PIX **out,
                          euc_error *err)
{
    PopplerDocument *pd = open_pdf(path, err);
    PopplerPage *pp = NULL;
    cairo_surface_t *s = NULL;
    PIX *rgb = NULL;
    int rc = -1;

    if (pd == NULL)
        return -1;
    pp = pageno < (size_t)poppler_document_get_n_pages(pd) ?
         poppler_document_get_page(pd, (int)pageno) : NULL;
    if (pp == NULL) {
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "damaged PDF (page %zu cannot be read)", pageno + 1);
        goto cleanup;
    }
    s = render(pp, dpi, euc_ctx_options(ctx)->max_pixels, path, err);
    if (s == NULL)
        goto cleanup;
    rgb = surface_to_rgb(s);
    /* Line the image up with the words: OCR may have turned the page. */
    *out = rgb ? euc_ocr_orient(rgb, turn->rotation, turn->skew) : NULL;
    if (*out == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    rc = 0;
cleanup:
    pixDestroy(&rgb);
    if (s != NULL)
        cairo_surface_destroy(s);
    if (pp != NULL)
        g_object_unref(pp);
    g_object_unref(pd);
    return rc;
}

const euc_extractor euc_extractor_pdf = {
    "pdf", pdf_recognize, pdf_extract, pdf_page_image,
};
