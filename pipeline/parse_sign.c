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

    if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != NULL)
        return NULL;
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
    {
        /* Rows read straight from the image data: pixGetPixel per pixel
         * cost more than everything else in checking a PDF. */
        l_uint32 *data = pixGetData(grey);
        int wpl = pixGetWpl(grey);
        for (y = 0; y < *h; y++) {
            const l_uint32 *line = data + (size_t)(ay0 + y) * (size_t)wpl;
            guint8 *row = m + (size_t)y * (size_t)*w;
            for (x = 0; x < *w; x++)
                row[x] = GET_DATA_BYTE(line, ax0 + x) < DARK;
        }
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

    l_uint32 *data;
    int wpl, x0 = (int)area->x0 < 0 ? 0 : (int)area->x0;
    int x1 = (int)area->x1 < pw ? (int)area->x1 : pw;
    int y1 = (int)area->y1 < ph ? (int)area->y1 : ph;

    if (pixGetDepth(rgb) != 32)
        return 0;
    data = pixGetData(rgb);
    wpl = pixGetWpl(rgb);
    for (y = (int)area->y0 < 0 ? 0 : (int)area->y0; y < y1; y++) {
        const l_uint32 *line = data + (size_t)y * (size_t)wpl;
        for (x = x0; x < x1; x++) {
            l_uint32 v = line[x];
            int rr = (int)((v >> L_RED_SHIFT) & 0xff);
            int gg = (int)((v >> L_GREEN_SHIFT) & 0xff);
            int bb = (int)((v >> L_BLUE_SHIFT) & 0xff);
            /* Chop ink is red to magenta; blue ink pens are not seals. */
            if (rr > 120 && rr - gg > 50 && rr - bb > 30)
                n++;
        }
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
    {
        l_uint32 *data = pixGetData(bin);
        int wpl = pixGetWpl(bin);
        for (y = 0; y < h; y++) {
            l_uint32 *line = data + (size_t)y * (size_t)wpl;
            const guint8 *row = m + (size_t)y * (size_t)w;
            for (x = 0; x < w; x++)
                if (row[x])
                    SET_DATA_BIT(line, x);
        }
    }
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

/* The page of the signatory block: the page of a signature or seal label
 * that also holds the signatory's name, else of the last such label. */
static int signatory_page(run *r)
{
    GArray *areas = r->sigboxes;
    pval *name = run_get(r, "signatory/name");
    guint i;

    if (name != NULL && name->page > 0)
        for (i = 0; i < areas->len; i++)
            if (g_array_index(areas, psigarea, i).page == name->page - 1)
                return name->page - 1;
    return g_array_index(areas, psigarea, areas->len - 1).page;
}

/* Where ink and stamps are looked for around area a, in points: beside the
 * label (on or above its line, and the line below) for a signature, the
 * band across the page around it for a seal. */
static void search_boxes(const psigarea *a, const euc_page *pg, euc_box *sig,
                         euc_box *seal)
{
    sig->x0 = a->seal == 2 ? 0 : a->box.x0 - 10;
    sig->x1 = a->seal == 2 ? euc_page_width(pg) : a->box.x1 + 260;
    sig->y0 = a->box.y0 - 45;
    sig->y1 = a->seal == 2 ? euc_page_height(pg) : a->box.y1 + 40;
    seal->x0 = 0;
    seal->x1 = euc_page_width(pg);
    seal->y0 = a->box.y0 - 150;
    seal->y1 = a->seal == 2 ? euc_page_height(pg) : a->box.y1 + 150;
}

static void box_union(euc_box *u, const euc_box *b, int *empty)
{
    if (*empty) {
        *u = *b;
        *empty = 0;
        return;
    }
    if (b->x0 < u->x0) u->x0 = b->x0;
    if (b->y0 < u->y0) u->y0 = b->y0;
    if (b->x1 > u->x1) u->x1 = b->x1;
    if (b->y1 > u->y1) u->y1 = b->y1;
}

/* A box in points as pixels of the clip whose top-left is (cx, cy). */
static euc_box to_clip(const euc_box *b, double sx, double sy, int cx, int cy)
{
    euc_box o;

    o.x0 = b->x0 * sx - cx;
    o.x1 = b->x1 * sx - cx;
    o.y0 = b->y0 * sy - cy;
    o.y1 = b->y1 * sy - cy;
    return o;
}

void psign_read(run *r)
{
    guint i;
    int page, empty = 1, cx, cy, cw, ch;
    struct Pix *pix = NULL, *clip = NULL, *grey = NULL, *rgb = NULL;
    GArray *areas = r->sigboxes;
    const euc_page *pg;
    euc_box u = {0};
    euc_box *words = NULL;
    size_t nwords = 0, k;
    double sx, sy;
    euc_error err;
    BOX *cbox = NULL;

    if (r->ctx == NULL || strcmp(euc_doc_kind(r->doc), "text") == 0)
        return;
    /* Signed in the text ("/s/ Name") and a seal found: nothing to look at. */
    {
        pval *sv = run_get(r, "signatory/signature"), *ev = run_get(r, "signatory/seal");
        if (sv != NULL && ev != NULL)
            return;
    }
    /* Without a signature label, look at the bottom of the last page. */
    if (areas->len == 0 && euc_doc_npages(r->doc) > 0) {
        psigarea a = {0};
        pg = euc_doc_page(r->doc, euc_doc_npages(r->doc) - 1);
        a.page = (int)euc_doc_npages(r->doc) - 1;
        a.box.x0 = 0;
        a.box.x1 = 1;
        a.box.y0 = euc_page_height(pg) * 0.7;
        a.box.y1 = a.box.y0 + 1;
        a.seal = 2;
        g_array_append_val(areas, a);
    }
    if (areas->len == 0)
        return;
    /* One page, and on it only the band around the signatory block, is
     * rendered and scanned. */
    page = signatory_page(r);
    pg = euc_doc_page(r->doc, (size_t)page);
    if (pg == NULL)
        return;
    for (i = 0; i < areas->len; i++) {
        psigarea *a = &g_array_index(areas, psigarea, i);
        euc_box sb, eb;
        if (a->page != page)
            continue;
        search_boxes(a, pg, &sb, &eb);
        box_union(&u, &sb, &empty);
        box_union(&u, &eb, &empty);
    }
    memset(&err, 0, sizeof err);
    if (euc_extract_page_image(r->ctx, r->doc, (size_t)page, SIGN_DPI, &pix,
                               &err) < 0 || pix == NULL) {
        run_note(r, "%-28s ink: no page image for page %d (%s)",
                 "signatory/signature", page + 1, err.message);
        return;
    }
    sx = pixGetWidth(pix) / euc_page_width(pg);
    sy = pixGetHeight(pix) / euc_page_height(pg);
    cx = (int)(u.x0 * sx);
    cy = (int)(u.y0 * sy);
    if (cx < 0) cx = 0;
    if (cy < 0) cy = 0;
    cw = (int)(u.x1 * sx) + 1 - cx;
    ch = (int)(u.y1 * sy) + 1 - cy;
    if (cx + cw > (int)pixGetWidth(pix)) cw = (int)pixGetWidth(pix) - cx;
    if (cy + ch > (int)pixGetHeight(pix)) ch = (int)pixGetHeight(pix) - cy;
    if (cw <= 0 || ch <= 0)
        goto cleanup;
    cbox = boxCreate(cx, cy, cw, ch);
    clip = cbox ? pixClipRectangle(pix, cbox, NULL) : NULL;
    if (clip == NULL)
        goto cleanup;
    grey = pixConvertTo8(clip, 0);
    rgb = pixGetDepth(clip) == 32 ? pixClone(clip)
          : pixGetColormap(clip) ? pixConvertTo32(clip) : NULL;
    if (grey == NULL)
        goto cleanup;
    words = page_words(r, page, sx, sy, &nwords);
    for (k = 0; k < nwords; k++) {
        words[k].x0 -= cx;
        words[k].x1 -= cx;
        words[k].y0 -= cy;
        words[k].y1 -= cy;
    }
    for (i = 0; i < areas->len; i++) {
        psigarea *a = &g_array_index(areas, psigarea, i);
        euc_box sb, eb, area, seal_area;
        long ink;

        if (a->page != page)
            continue;
        search_boxes(a, pg, &sb, &eb);
        area = to_clip(&sb, sx, sy, cx, cy);
        seal_area = to_clip(&eb, sx, sy, cx, cy);
        if (a->seal != 1 && run_get(r, "signatory/signature") == NULL) {
            euc_box f;
            double ar = (area.x1 - area.x0) * (area.y1 - area.y0);
            ink = psign_ink(grey, &area, words, nwords, &f);
            if (ink >= 80 && ink > ar * 0.002 && f.x1 - f.x0 >= SIGN_DPI / 4) {
                char how[96];
                snprintf(how, sizeof how, "%ld px of ink beside the label", ink);
                mark(r, "signatory/signature", page, 100, how);
            } else {
                run_note(r, "%-28s ink: %ld dark pixels near the label on page %d: too few",
                         "signatory/signature", ink, page + 1);
            }
        }
        if (run_get(r, "signatory/seal") != NULL)
            continue;
        if (rgb != NULL) {
            long red = psign_red(rgb, &seal_area);
            if (red >= 300) {
                char how[96];
                snprintf(how, sizeof how, "%ld red pixels near the signatory", red);
                mark(r, "signatory/seal", page, 100, how);
                continue;
            }
        }
        if (psign_ring(grey, &seal_area, words, nwords))
            mark(r, "signatory/seal", page, 60,
                 "a ring of stamp size near the signatory (grey scan)");
    }
cleanup:
    g_free(words);
    boxDestroy(&cbox);
    pixDestroy(&pix);
    pixDestroy(&clip);
    pixDestroy(&grey);
    pixDestroy(&rgb);
}
