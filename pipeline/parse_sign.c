/* Signature and seal detection on page images.
 *
 * Ink near a signature label: dark pixels in the area beside, above and
 * below the label that are neither inside a word box (OCR or text-layer
 * text) nor part of a long straight run (the signature line, table rules).
 * A seal: reddish pixels near the signatory block (a coloured chop), or on a
 * grey scan a ring-shaped blob of ink of stamp size (a round or square
 * border with little fill).  Pages are rendered at 100 dpi: enough for
 * strokes, cheap to scan. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include <leptonica/allheaders.h>

#include "parse-imp.h"

#define SIGN_DPI 100
#define DARK 128

/* 1 per pixel of area that is ink: dark, not text, not a ruled line. */
static guint8 *ink_mask(struct Pix *grey, const euc_box *area,
                        const euc_box *words, size_t nwords, int *w, int *h,
                        int *x0, int *y0)
{
    int pw = (int)pixGetWidth(grey), ph = (int)pixGetHeight(grey);
    int ax0 = (int)area->x0, ay0 = (int)area->y0;
    int ax1 = (int)area->x1, ay1 = (int)area->y1;
    int x, y, rl, longrun = SIGN_DPI / 2;
    guint8 *m;
    size_t i;

    if (ax0 < 0) ax0 = 0;
    if (ay0 < 0) ay0 = 0;
    if (ax1 > pw) ax1 = pw;
    if (ay1 > ph) ay1 = ph;
    if (ax1 <= ax0 || ay1 <= ay0)
        return NULL;
    *w = ax1 - ax0;
    *h = ay1 - ay0;
    *x0 = ax0;
    *y0 = ay0;
    m = g_new0(guint8, (size_t)*w * (size_t)*h);
    for (y = 0; y < *h; y++)
        for (x = 0; x < *w; x++) {
            l_uint32 v = 255;
            pixGetPixel(grey, ax0 + x, ay0 + y, &v);
            m[y * *w + x] = v < DARK;
        }
    /* Long horizontal and vertical runs are lines, not handwriting. */
    for (y = 0; y < *h; y++)
        for (x = 0; x <= *w; x++) {
            for (rl = 0; x + rl < *w && m[y * *w + x + rl]; rl++)
                ;
            if (rl > longrun)
                memset(m + y * *w + x, 2, (size_t)rl);
            x += rl;
        }
    for (x = 0; x < *w; x++)
        for (y = 0; y < *h; y++) {
            int k;
            for (rl = 0; y + rl < *h && m[(y + rl) * *w + x] == 1; rl++)
                ;
            if (rl > longrun)
                for (k = 0; k < rl; k++)
                    m[(y + k) * *w + x] = 2;
            y += rl;
        }
    for (i = 0; i < nwords; i++) {
        int bx0 = (int)words[i].x0 - 2 - ax0, bx1 = (int)words[i].x1 + 2 - ax0;
        int by0 = (int)words[i].y0 - 2 - ay0, by1 = (int)words[i].y1 + 2 - ay0;
        if (bx0 < 0) bx0 = 0;
        if (by0 < 0) by0 = 0;
        if (bx1 > *w) bx1 = *w;
        if (by1 > *h) by1 = *h;
        for (y = by0; y < by1; y++)
            for (x = bx0; x < bx1; x++)
                m[y * *w + x] = 0;
    }
    return m;
}

long psign_ink(struct Pix *grey, const euc_box *area, const euc_box *words,
               size_t nwords, euc_box *found)
{
    int w, h, x0, y0, x, y;
    guint8 *m = ink_mask(grey, area, words, nwords, &w, &h, &x0, &y0);
    long n = 0;
    int minx = 1 << 30, miny = 1 << 30, maxx = -1, maxy = -1;

    if (m == NULL)
        return 0;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++)
            if (m[y * w + x] == 1) {
                n++;
                if (x < minx) minx = x;
                if (y < miny) miny = y;
                if (x > maxx) maxx = x;
                if (y > maxy) maxy = y;
            }
    g_free(m);
    if (found != NULL && n > 0) {
        found->x0 = x0 + minx;
        found->y0 = y0 + miny;
        found->x1 = x0 + maxx + 1;
        found->y1 = y0 + maxy + 1;
    }
    return n;
}

long psign_red(struct Pix *rgb, const euc_box *area)
{
    int pw = (int)pixGetWidth(rgb), ph = (int)pixGetHeight(rgb), x, y;
    long n = 0;

    if (pixGetDepth(rgb) != 32)
        return 0;
    for (y = (int)area->y0 < 0 ? 0 : (int)area->y0; y < ph && y < (int)area->y1; y++)
        for (x = (int)area->x0 < 0 ? 0 : (int)area->x0; x < pw && x < (int)area->x1; x++) {
            l_int32 rr, gg, bb;
            l_uint32 v = 0;
            pixGetPixel(rgb, x, y, &v);
            extractRGBValues(v, &rr, &gg, &bb);
            /* Chop ink is red to magenta; blue ink pens are not seals. */
            if (rr > 120 && rr - gg > 50 && rr - bb > 30)
                n++;
        }
    return n;
}

int psign_ring(struct Pix *grey, const euc_box *area, const euc_box *words,
               size_t nwords)
{
    int w, h, x0, y0, x, y, found = 0;
    guint8 *m = ink_mask(grey, area, words, nwords, &w, &h, &x0, &y0);
    PIX *bin;
    BOXA *boxa;
    int i, nb;

    if (m == NULL)
        return 0;
    bin = pixCreate(w, h, 1);
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++)
            if (m[y * w + x])
                pixSetPixel(bin, x, y, 1);
    g_free(m);
    boxa = pixConnCompBB(bin, 8);
    nb = boxa ? boxaGetCount(boxa) : 0;
    for (i = 0; i < nb && !found; i++) {
        l_int32 bx, by, bw, bh, cnt = 0;
        BOX *box = boxaGetBox(boxa, i, L_CLONE);
        PIX *clip;
        boxGetGeometry(box, &bx, &by, &bw, &bh);
        /* A stamp is 1.5 to 5 cm across and about as tall as wide. */
        if (bw >= SIGN_DPI / 2 && bw <= SIGN_DPI * 2 + SIGN_DPI / 4 &&
            bh >= SIGN_DPI / 2 && bh <= SIGN_DPI * 2 + SIGN_DPI / 4 &&
            bw * 4 >= bh * 3 && bh * 4 >= bw * 3) {
            clip = pixClipRectangle(bin, box, NULL);
            if (clip) {
                pixCountPixels(clip, &cnt, NULL);
                pixDestroy(&clip);
            }
            /* A border, not a filled blot or dense scribble. */
            if (cnt > 0 && cnt * 100 < bw * bh * 35)
                found = 1;
        }
        boxDestroy(&box);
    }
    boxaDestroy(&boxa);
    pixDestroy(&bin);
    return found;
}

/* Word boxes of a page in pixels; OCR words of low confidence are left out
 * (Tesseract reads a signature as a few garbage "words"). */
static euc_box *page_words(const run *r, int page, double sx, double sy,
                           size_t *n)
{
    euc_box *b = g_new(euc_box, r->d.nw + 1);
    size_t i, k = 0;

    for (i = 0; i < r->d.nw; i++) {
        const pword *w = &r->d.w[i];
        if (w->page != page || w->conf < 60 || w->len < 2)
            continue;
        b[k].x0 = w->box.x0 * sx;
        b[k].x1 = w->box.x1 * sx;
        b[k].y0 = w->box.y0 * sy;
        b[k].y1 = w->box.y1 * sy;
        k++;
    }
    *n = k;
    return b;
}

static void mark(run *r, const char *path, int page, double conf,
                 const char *how)
{
    pval *v = run_set(r, path, "", NULL, 0, "ink", NULL, how);

    if (v == NULL)
        return;
    pval_attr(v, "present", "true");
    pval_attr(v, "evidence", "image");
    v->page = page + 1;
    v->conf = conf;
}

void psign_read(run *r)
{
    guint i;
    int page = -1;
    struct Pix *pix = NULL, *grey = NULL, *rgb = NULL;
    GArray *areas = r->sigboxes;

    if (r->ctx == NULL || strcmp(euc_doc_kind(r->doc), "text") == 0)
        return;
    /* Without a signature label, look at the bottom of the last page. */
    if (areas->len == 0 && euc_doc_npages(r->doc) > 0) {
        psigarea a = {0};
        const euc_page *pg = euc_doc_page(r->doc, euc_doc_npages(r->doc) - 1);
        a.page = (int)euc_doc_npages(r->doc) - 1;
        a.box.x0 = 0;
        a.box.x1 = 1;
        a.box.y0 = euc_page_height(pg) * 0.7;
        a.box.y1 = a.box.y0 + 1;
        a.seal = 2;
        g_array_append_val(areas, a);
    }
    for (i = 0; i < areas->len; i++) {
        psigarea *a = &g_array_index(areas, psigarea, i);
        const euc_page *pg = euc_doc_page(r->doc, (size_t)a->page);
        double sx, sy;
        euc_box area, seal_area;
        euc_box *words;
        size_t nwords;
        long ink;
        euc_error err;

        if (pg == NULL)
            continue;
        if (a->page != page) {
            pixDestroy(&pix);
            pixDestroy(&grey);
            pixDestroy(&rgb);
            memset(&err, 0, sizeof err);
            if (euc_extract_page_image(r->ctx, r->doc, (size_t)a->page,
                                       SIGN_DPI, &pix, &err) < 0 || pix == NULL) {
                run_note(r, "%-28s ink: no page image for page %d (%s)",
                         "signatory/signature", a->page + 1, err.message);
                page = -1;
                continue;
            }
            page = a->page;
            grey = pixConvertTo8(pix, 0);
            rgb = pixGetDepth(pix) == 32 || pixGetColormap(pix) ? pixConvertTo32(pix) : NULL;
        }
        if (grey == NULL)
            continue;
        sx = pixGetWidth(grey) / euc_page_width(pg);
        sy = pixGetHeight(grey) / euc_page_height(pg);
        words = page_words(r, a->page, sx, sy, &nwords);
        /* Beside the label, on or above its line, and the line below. */
        area.x0 = (a->seal == 2 ? 0 : a->box.x0 - 10) * sx;
        area.x1 = (a->seal == 2 ? euc_page_width(pg) : a->box.x1 + 260) * sx;
        area.y0 = (a->box.y0 - 45) * sy;
        area.y1 = (a->seal == 2 ? euc_page_height(pg) : a->box.y1 + 40) * sy;
        seal_area.x0 = 0;
        seal_area.x1 = pixGetWidth(grey);
        seal_area.y0 = (a->box.y0 - 150) * sy;
        seal_area.y1 = (a->seal == 2 ? euc_page_height(pg) : a->box.y1 + 150) * sy;
        if (a->seal != 1) {
            euc_box f;
            double ar = (area.x1 - area.x0) * (area.y1 - area.y0);
            ink = psign_ink(grey, &area, words, nwords, &f);
            if (ink >= 80 && ink > ar * 0.002 && f.x1 - f.x0 >= SIGN_DPI / 4) {
                char how[96];
                snprintf(how, sizeof how, "%ld px of ink beside the label", ink);
                mark(r, "signatory/signature", a->page, 100, how);
            } else {
                run_note(r, "%-28s ink: %ld dark pixels near the label on page %d: too few",
                         "signatory/signature", ink, a->page + 1);
            }
        }
        if (rgb != NULL) {
            long red = psign_red(rgb, &seal_area);
            if (red >= 300) {
                char how[96];
                snprintf(how, sizeof how, "%ld red pixels near the signatory", red);
                mark(r, "signatory/seal", a->page, 100, how);
            }
        }
        if (psign_ring(grey, &seal_area, words, nwords))
            mark(r, "signatory/seal", a->page, 60,
                 "a ring of stamp size near the signatory (grey scan)");
        g_free(words);
    }
    pixDestroy(&pix);
    pixDestroy(&grey);
    pixDestroy(&rgb);
}
