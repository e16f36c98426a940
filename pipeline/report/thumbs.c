/* Thumbnails: a small image of the page region a finding rests on, the box
 * drawn where its value was read or looked for, for report.html.
 *
 * A reviewer would rather look than read, but a self-contained report of
 * hundreds of files has to stay small: only blocking findings and warnings
 * get one, the page is rendered at screen resolution once per page, the
 * region is a band around the box, and the image is a 16-colour PNG. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <allheaders.h>
#include <glib.h>
#include <libxml/xpath.h>

#include "euc/data.h"
#include "euc/report.h"

/* One point is one pixel: text of 8 points and more stays legible. */
#define THUMB_DPI 72
/* Points of page shown around the box, and the band's least size. */
#define THUMB_LEFT 180.0
#define THUMB_MARGIN_X 48.0
#define THUMB_MARGIN_Y 18.0
#define THUMB_MIN_W 420.0
#define THUMB_MAX_W 560.0
#define THUMB_MAX_H 200.0

static int parse_box(const char *s, double b[4])
{
    return s != NULL && sscanf(s, "%lf %lf %lf %lf", &b[0], &b[1], &b[2],
                               &b[3]) == 4 && b[2] >= b[0] && b[3] >= b[1];
}

/* The turn of page (1-based) from source/@page-turns; upright if absent. */
static void page_turn(const char *turns, int page, euc_page_turn *t)
{
    const char *p = turns;
    int i;

    memset(t, 0, sizeof *t);
    for (i = 1; p != NULL && *p != '\0' && i < page; i++) {
        p = strchr(p, ' ');
        if (p != NULL)
            p++;
    }
    if (p != NULL && *p != '\0' &&
        sscanf(p, "%d:%lf:%d", &t->rotation, &t->skew, &t->dpi) != 3)
        memset(t, 0, sizeof *t);
}

/* The band of pix around box b (points), clipped to the page; NULL when
 * the box is off the page.  It reaches left of the box, where a form's
 * label or a sentence's start usually is. */
static BOX *band(PIX *pix, const double b[4])
{
    double s = THUMB_DPI / 72.0, pw = pixGetWidth(pix), ph = pixGetHeight(pix);
    double x0 = b[0] * s - THUMB_LEFT, x1, y0, y1;

    if (x0 < 0)
        x0 = 0;
    x1 = b[2] * s + THUMB_MARGIN_X;
    if (x1 < x0 + THUMB_MIN_W)
        x1 = x0 + THUMB_MIN_W;
    if (x1 > x0 + THUMB_MAX_W)
        x1 = x0 + THUMB_MAX_W;
    if (x1 > pw)
        x1 = pw;
    y0 = b[1] * s - THUMB_MARGIN_Y;
    y1 = b[3] * s + THUMB_MARGIN_Y;
    if (y1 - y0 > THUMB_MAX_H)
        y1 = y0 + THUMB_MAX_H;
    if (y0 < 0)
        y0 = 0;
    if (y1 > ph)
        y1 = ph;
    if (x1 - x0 < 8 || y1 - y0 < 8)
        return NULL;
    return boxCreate((l_int32)x0, (l_int32)y0, (l_int32)(x1 - x0),
                     (l_int32)(y1 - y0));
}

/* The region as a base64 PNG, its box in red; NULL when it cannot be made. */
static char *thumb_png(PIX *page, const double b[4])
{
    double s = THUMB_DPI / 72.0;
    BOX *clip = band(page, b), *mark = NULL;
    PIX *reg = NULL, *grey = NULL, *four = NULL;
    l_uint8 *png = NULL;
    size_t len = 0;
    char *out = NULL;
    l_int32 cx, cy, cw, ch;

    if (clip == NULL)
        return NULL;
    boxGetGeometry(clip, &cx, &cy, &cw, &ch);
    reg = pixClipRectangle(page, clip, NULL);
    grey = reg ? pixConvertTo8(reg, 0) : NULL;
    /* 15 greys leave the 16th colour of a 4-bit palette for the box */
    four = grey ? pixThresholdTo4bpp(grey, 15, 1) : NULL;
    if (four == NULL)
        goto cleanup;
    mark = boxCreate((l_int32)lround(b[0] * s) - cx - 2,
                     (l_int32)lround(b[1] * s) - cy - 2,
                     (l_int32)lround((b[2] - b[0]) * s) + 4,
                     (l_int32)lround((b[3] - b[1]) * s) + 4);
    if (mark == NULL || pixRenderBoxArb(four, mark, 2, 220, 0, 0) != 0)
        goto cleanup;
    if (pixWriteMemPng(&png, &len, four, 0.0) != 0 || png == NULL)
        goto cleanup;
    out = g_base64_encode(png, len); /* GLib's memory is malloc's (euc.h) */
cleanup:
    lept_free(png);
    boxDestroy(&clip);
    boxDestroy(&mark);
    pixDestroy(&reg);
    pixDestroy(&grey);
    pixDestroy(&four);
    return out;
}

int euc_report_thumbnails(euc_ctx *ctx, const char *source, xmlDocPtr check,
                          char **out, euc_error *err)
{
    xmlXPathContextPtr xc = NULL;
    xmlXPathObjectPtr fs = NULL;
    xmlChar *turns = NULL;
    GString *s = g_string_new(NULL);
    PIX *page = NULL;
    int have = 0, i, rc = -1;

    *out = NULL;
    xc = check ? xmlXPathNewContext(check) : NULL;
    fs = xc ? xmlXPathEvalExpression(BAD_CAST "/check/findings/finding", xc)
            : NULL;
    if (fs == NULL || fs->nodesetval == NULL)
        goto done;
    {
        xmlXPathObjectPtr t = xmlXPathEvalExpression(
            BAD_CAST "string(/check/certificate/source/@page-turns)", xc);
        if (t != NULL && t->stringval != NULL)
            turns = xmlStrdup(t->stringval);
        xmlXPathFreeObject(t);
    }
    for (i = 0; i < fs->nodesetval->nodeNr; i++) {
        xmlNodePtr n = fs->nodesetval->nodeTab[i];
        char *sev = euc_xml_prop(n, "severity"), *pg = euc_xml_prop(n, "page"),
             *bb = euc_xml_prop(n, "bbox"), *png = NULL;
        double b[4];
        int pno = pg ? (int)strtol(pg, NULL, 10) : 0;

        if (sev != NULL && (strcmp(sev, "blocking") == 0 ||
                            strcmp(sev, "warning") == 0) &&
            pno > 0 && parse_box(bb, b)) {
            if (have != pno) {
                euc_page_turn t;
                euc_error e;
                euc_error_clear(&e);
                pixDestroy(&page);
                page_turn((const char *)turns, pno, &t);
                /* a page that cannot be rendered (a text file, a file
                 * moved since) just has no picture */
                if (euc_extract_render(ctx, source, (size_t)pno - 1, &t,
                                       THUMB_DPI, &page, &e) < 0)
                    page = NULL;
                have = pno;
            }
            png = page ? thumb_png(page, b) : NULL;
            if (png != NULL)
                g_string_append_printf(s, "%d %s\n", i + 1, png);
        }
        free(png);
        free(sev);
        free(pg);
        free(bb);
    }
done:
    *out = g_string_free(s, FALSE);
    s = NULL;
    rc = 0;
    if (*out == NULL)
        rc = euc_error_set(err, EUC_ERR_NOMEM, "report", source,
                           "out of memory");
    pixDestroy(&page);
    xmlFree(turns);
    xmlXPathFreeObject(fs);
    xmlXPathFreeContext(xc);
    return rc;
}
