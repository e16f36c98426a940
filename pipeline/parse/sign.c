/* Signatures where people put them, and seals.
 *
 * The signatory block: a closing ("Yours faithfully,", "For and on behalf
 * of"), then perhaps a conformed "/s/ Name" or a scrap of OCR from a drawn
 * signature, the typed name, the title, the company.  The ink is looked
 * for where a signature goes: between the closing and the typed name,
 * above or beside the name, beside or below a "Signature" label.  Ink is
 * dark pixels that are neither inside a word box (OCR or text-layer text)
 * nor part of a long straight run (the signature line, table rules); a
 * drawn signature of a born-digital page is in the page image like any
 * other.  A seal: reddish pixels near the signatory block (a coloured
 * chop), or on a grey scan a ring-shaped blob of ink of stamp size.  Pages
 * are rendered at 100 dpi: enough for strokes, cheap to scan. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <math.h>
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
    /* A
     * scan's rules lean (up to a few degrees) and come out broken where
     * their grey is light, so a horizontal line is followed along slopes
     * of -3 to 3 degrees, over gaps of up to a third of an inch: more
     * than half an inch of ink on such a path over more than an inch is a
     * rule: the ink of its thickness goes, where it is no thicker than
     * a rule (a stroke that crosses the line stays). */
    {
        int k, maxgap = SIGN_DPI / 3;
        for (k = -6; k <= 6; k++) {
            double t = k * 0.0087;
            int ys, slack = (int)(fabs(t) * *w) + 1;
            for (ys = -slack; ys < *h + slack; ys++) {
                int start = -1, last = -1, n = 0;
                for (x = 0; x <= *w; x++) {
                    int yy = x < *w ? ys + (int)lround(x * t) : -1;
                    int ink = 0, dy0;
                    /* (the path is a band three pixels high: the slopes
                     * tried are steps apart) */
                    for (dy0 = -1; dy0 <= 1 && yy >= 0; dy0++)
                        ink |= yy + dy0 >= 0 && yy + dy0 < *h && m[(yy + dy0) * *w + x] != 0;
                    if (ink && (start < 0 || x - last <= maxgap)) {
                        if (start < 0)
                            start = x, n = 0;
                        last = x;
                        n++;
                        continue;
                    }
                    if (start >= 0 && (ink || x - last > maxgap || x == *w)) {
                        if (n > longrun && last - start > 2 * longrun) {
                            int xx, dy;
                            for (xx = start; xx <= last; xx++) {
                                static const int near[3] = {0, 1, -1};
                                int yc = ys + (int)lround(xx * t), top = -1, bot, j;
                                for (j = 0; j < 3 && top < 0; j++)
                                    if (yc + near[j] >= 0 && yc + near[j] < *h &&
                                        m[(yc + near[j]) * *w + xx])
                                        top = yc + near[j];
                                if (top < 0)
                                    continue;
                                bot = top;
                                while (top > 0 && top > yc - 6 && m[(top - 1) * *w + xx] != 0)
                                    top--;
                                while (bot + 1 < *h && bot < yc + 6 && m[(bot + 1) * *w + xx] != 0)
                                    bot++;
                                if (bot - top > 3)
                                    continue;
                                for (dy = top; dy <= bot; dy++)
                                    if (m[dy * *w + xx] == 1)
                                        m[dy * *w + xx] = 2;
                            }
                        }
                        start = ink ? x : -1;
                        last = x;
                        n = ink;
                    }
                }
            }
        }
    }
    for (x = 0; x < *w; x++)
        for (y = 0; y < *h; y++) {
            int k, ruled;
            for (rl = 0; y + rl < *h && m[(y + rl) * *w + x] == 1; rl++)
                ;
            /* (a table's cell border between two rules is short, but it
             * ends on a rule) */
            ruled = rl >= SIGN_DPI / 10 &&
                    ((y > 0 && m[(y - 1) * *w + x] == 2) ||
                     (y + rl < *h && m[(y + rl) * *w + x] == 2));
            if (rl > longrun || ruled)
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
        if (w->page != page || w->conf < 60 || w->len < 2 ||
            (r->d.l[w->line].flags & PL_SCRAP))
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

static void add_area(run *r, int page, double x0, double y0, double x1,
                     double y1, int seal, const char *why)
{
    psigarea a;

    if (x1 <= x0 || y1 <= y0)
        return;
    memset(&a, 0, sizeof a);
    a.page = page;
    a.box.x0 = x0;
    a.box.y0 = y0;
    a.box.x1 = x1;
    a.box.y1 = y1;
    a.seal = seal;
    a.why = why;
    g_array_append_val(r->sigareas, a);
}

static int line_has(const run *r, size_t li, const char *cue)
{
    const pline *l = &r->d.l[li];
    char *t = g_strndup(r->d.text->str + l->off, l->end - l->off);
    pspan w;
    /* at the line's start, or on a short line ("With best regards,") */
    int hit = pterms_in(pdata_cues(r->p, cue), t, &w) &&
              (w.off < 4 || l->end - l->off < 40);

    g_free(t);
    return hit;
}

/* "/s/ Name", "(signed) Name": a signature in text. */
static void text_signatures(run *r)
{
    size_t li;

    for (li = 0; li < r->d.nl; li++) {
        const pline *l = &r->d.l[li];
        const char *s = r->d.text->str + l->off, *h;
        size_t n = l->end - l->off;
        size_t hl;
        pval *v;
        pspan sp;
        if (l->flags & PL_FURNITURE)
            continue;
        h = ptext_conformed(s, n, &hl);
        if (h == NULL)
            continue;
        sp.off = l->off;
        sp.end = l->end;
        v = run_set(r, P_SIGNATORY_SIGNATURE, "", &sp, 1, "text", NULL,
                    "a conformed signature in the text");
        if (v) {
            pval_attr(v, "present", "true");
            pval_attr(v, "evidence", "text");
        }
        /* the name after it, when no label gave one */
        {
            const char *q = h + hl;
            char *name = ptext_trim(q, (size_t)(s + n - q));
            if (*name && pparty_is_person(r->p, name) &&
                run_get(r, P_SIGNATORY_NAME) == NULL) {
                pspan ns = {(size_t)(q - r->d.text->str), l->end};
                run_set_typed(r, P_SIGNATORY_NAME, FT_LINE, name, &ns, 1, "text",
                              NULL, "the name after '/s/'");
                r->sig_line = (int)li;
            }
            g_free(name);
        }
    }
}

/* The block after the last closing: name, title, date lines; and where
 * the ink would be. */
static void closing_block(run *r)
{
    size_t li, close = (size_t)-1, k;
    int name_line = -1;

    for (li = 0; li < r->d.nl; li++) {
        const pline *l = &r->d.l[li];
        if (l->nw == 0 || (l->flags & PL_FURNITURE) || l->table >= 0)
            continue;
        if (line_has(r, li, "closing") && l->end - l->off < 90)
            close = li;
    }
    if (close == (size_t)-1)
        return;
    for (k = close + 1; k < r->d.nl && k < close + 9; k++) {
        const pline *l = &r->d.l[k];
        char *t;
        char iso[11];
        size_t da, db, cl;
        if (l->nw == 0 || (l->flags & (PL_FURNITURE | PL_SCRAP | PL_RULE)))
            continue;
        t = ptext_trim(r->d.text->str + l->off, l->end - l->off);
        if (ptext_conformed(t, strlen(t), &cl) || line_has(r, k, "closing")) {
            g_free(t);
            continue;
        }
        if (name_line < 0 && pparty_is_person(r->p, t)) {
            pspan sp = {l->off, l->end};
            name_line = (int)k;
            if (run_get(r, P_SIGNATORY_NAME) == NULL) {
                run_set_typed(r, P_SIGNATORY_NAME, FT_LINE, t, &sp, 1,
                              "signature block", NULL, "the typed name under the closing");
                r->sig_line = (int)k;
            }
        } else if (name_line >= 0 && pparty_is_title(r->p, t) &&
                   !pparty_is_company(r->p, t, strlen(t))) {
            pspan sp = {l->off, l->end};
            run_set_typed(r, P_SIGNATORY_TITLE, FT_LINE, t, &sp, 1,
                          "signature block", NULL, "the line under the typed name");
        } else if (pdate_find(r->p, t, iso, &da, &db) == 0 && strlen(t) < 40) {
            pspan sp = {l->off, l->end};
            run_set_typed(r, P_SIGNATORY_DATE, FT_DATE, t, &sp, 1,
                          "signature block", NULL, "a date in the signature block");
        } else if (name_line < 0 && !pparty_is_company(r->p, t, strlen(t)) &&
                   !pparty_is_title(r->p, t) && strlen(t) > 40) {
            g_free(t);
            break; /* prose again: no block here */
        }
        g_free(t);
        if (name_line >= 0 && k > (size_t)name_line + 3)
            break;
    }
    {
        const pline *c = &r->d.l[close];
        double y1 = c->box.y1 + 70;
        double x0 = c->box.x0 - 15, x1 = c->box.x0 + 300;
        if (name_line >= 0) {
            const pline *n = &r->d.l[name_line];
            if (n->page == c->page) {
                y1 = n->box.y0 + 2;
                if (n->box.x0 > c->box.x0 + 100) {
                    x0 = n->box.x0 - 30;
                    x1 = n->box.x0 + 300;
                }
            } else {
                add_area(r, n->page, n->box.x0 - 30, n->box.y0 - 70,
                         n->box.x0 + 300, n->box.y0 + 2, 0,
                         "above the typed name");
            }
        }
        add_area(r, c->page, x0, c->box.y1 - 2, x1, y1, 0,
                 "between the closing and the typed name");
    }
}

void psign_read(run *r)
{
    guint i;
    GArray *pages = g_array_new(FALSE, FALSE, sizeof(int));
    int p0;

    text_signatures(r);
    closing_block(r);
    /* A signatory named by a label: ink above and beside the name. */
    if (r->sig_line >= 0) {
        const pline *n = &r->d.l[r->sig_line];
        add_area(r, n->page, n->box.x0 - 30, n->box.y0 - 60, n->box.x0 + 320,
                 n->box.y1 + 4, 0, "above and beside the signatory's name");
    }
    if (r->ctx == NULL || strcmp(euc_doc_kind(r->doc), "text") == 0)
        goto cleanup;
    if (run_get(r, P_SIGNATORY_SIGNATURE) != NULL &&
        run_get(r, P_SIGNATORY_SEAL) != NULL)
        goto cleanup;
    /* Without any place to look, the foot of the last page. */
    if (r->sigareas->len == 0 && euc_doc_npages(r->doc) > 0) {
        const euc_page *pg = euc_doc_page(r->doc, euc_doc_npages(r->doc) - 1);
        add_area(r, (int)euc_doc_npages(r->doc) - 1, 0,
                 euc_page_height(pg) * 0.6, euc_page_width(pg),
                 euc_page_height(pg), 0, "the foot of the last page");
    }
    for (i = 0; i < r->sigareas->len; i++) {
        int pg = g_array_index(r->sigareas, psigarea, i).page;
        guint k;
        int dup = 0;
        for (k = 0; k < pages->len; k++)
            dup |= g_array_index(pages, int, k) == pg;
        if (!dup)
            g_array_append_val(pages, pg);
    }
    for (p0 = 0; p0 < (int)pages->len; p0++) {
        int page = g_array_index(pages, int, p0);
        const euc_page *pg = euc_doc_page(r->doc, (size_t)page);
        struct Pix *pix = NULL, *grey = NULL, *rgb = NULL;
        euc_box *words = NULL;
        size_t nwords = 0;
        double sx, sy;
        euc_error err;

        if (pg == NULL)
            continue;
        if (run_get(r, P_SIGNATORY_SIGNATURE) != NULL &&
            run_get(r, P_SIGNATORY_SEAL) != NULL)
            break;
        memset(&err, 0, sizeof err);
        if (euc_extract_page_image(r->ctx, r->doc, (size_t)page, SIGN_DPI, &pix,
                                   &err) < 0 || pix == NULL) {
            run_note(r, "%-28s ink: no page image for page %d (%s)",
                     P_SIGNATORY_SIGNATURE, page + 1, err.message);
            continue;
        }
        sx = pixGetWidth(pix) / euc_page_width(pg);
        sy = pixGetHeight(pix) / euc_page_height(pg);
        grey = pixConvertTo8(pix, 0);
        rgb = pixGetDepth(pix) == 32 ? pixClone(pix)
              : pixGetColormap(pix) ? pixConvertTo32(pix) : NULL;
        words = page_words(r, page, sx, sy, &nwords);
        for (i = 0; grey && i < r->sigareas->len; i++) {
            psigarea *a = &g_array_index(r->sigareas, psigarea, i);
            euc_box area, seal_area;
            if (a->page != page)
                continue;
            area.x0 = a->box.x0 * sx;
            area.x1 = a->box.x1 * sx;
            area.y0 = a->box.y0 * sy;
            area.y1 = a->box.y1 * sy;
            seal_area.x0 = 0;
            seal_area.x1 = pixGetWidth(pix);
            seal_area.y0 = area.y0 - 60 * sy;
            seal_area.y1 = area.y1 + 60 * sy;
            if (!a->seal && run_get(r, P_SIGNATORY_SIGNATURE) == NULL) {
                euc_box f;
                double ar = (area.x1 - area.x0) * (area.y1 - area.y0);
                long ink = psign_ink(grey, &area, words, nwords, &f);
                /* a born-digital page has no grain: less ink, a thin
                 * pen's, is a signature there */
                int clean = !r->d.ocr[page];
                if ((clean ? ink >= 40 && f.x1 - f.x0 >= SIGN_DPI / 2
                           : ink >= 80 && ink > ar * 0.002) &&
                    f.x1 - f.x0 >= SIGN_DPI / 4) {
                    char how[128];
                    snprintf(how, sizeof how, "%ld px of ink %s", ink, a->why);
                    mark(r, P_SIGNATORY_SIGNATURE, page, 100, how);
                } else {
                    run_note(r, "%-28s ink: %ld dark pixels %s on page %d: too few",
                             P_SIGNATORY_SIGNATURE, ink, a->why, page + 1);
                }
            }
            if (run_get(r, P_SIGNATORY_SEAL) != NULL)
                continue;
            if (rgb != NULL) {
                long red = psign_red(rgb, &seal_area);
                if (red >= 300) {
                    char how[96];
                    snprintf(how, sizeof how, "%ld red pixels near the signatory", red);
                    mark(r, P_SIGNATORY_SEAL, page, 100, how);
                    continue;
                }
            }
            if (psign_ring(grey, &seal_area, words, nwords))
                mark(r, P_SIGNATORY_SEAL, page, 60,
                     "a ring of stamp size near the signatory (grey scan)");
        }
        g_free(words);
        pixDestroy(&pix);
        pixDestroy(&grey);
        pixDestroy(&rgb);
    }
cleanup:
    g_array_free(pages, TRUE);
}
