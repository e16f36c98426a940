#define _GNU_SOURCE /* RTLD_DEFAULT */
#include "ocr.h"

#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <allheaders.h>
#include <tesseract/capi.h>

#define DEFAULT_TESSDATA "/usr/share/tesseract-ocr/5/tessdata"
/* A first read with fewer words or a lower mean confidence than this is
 * "poor": only then is orientation detection worth its cost. */
#define POOR_WORDS 12
#define POOR_CONF 55.0
/* Skew below this is not worth a resampling pass; above the search range
 * of pixFindSkew it is not a small skew. */
#define MIN_SKEW_DEG 0.15
#define MIN_SKEW_CONF 3.0

/* Tesseract is loaded on the first OCR page, not at start-up: its shared
 * library (and libcurl, libarchive, libgomp behind it) took 13 ms to load
 * on every run, three times what pdftotext needs to read a whole born-digital
 * page.  Loading it late also lets us limit OpenMP: libgomp reads
 * OMP_THREAD_LIMIT once, when it is loaded, and Tesseract's OpenMP threads
 * made a 300 dpi page several times slower on a 2-core machine (22 s
 * against 3.4 s).  Parallelism belongs to documents (batch -j). */
#define TESS_FUNCS(X) \
    X(TessBaseAPIClear) \
    X(TessBaseAPICreate) \
    X(TessBaseAPIDelete) \
    X(TessBaseAPIDetectOrientationScript) \
    X(TessBaseAPIEnd) \
    X(TessBaseAPIGetIterator) \
    X(TessBaseAPIInit3) \
    X(TessBaseAPIRecognize) \
    X(TessBaseAPISetImage2) \
    X(TessBaseAPISetPageSegMode) \
    X(TessBaseAPISetSourceResolution) \
    X(TessBaseAPISetVariable) \
    X(TessDeleteText) \
    X(TessPageIteratorBoundingBox) \
    X(TessPageIteratorIsAtBeginningOf) \
    X(TessPageIteratorNext) \
    X(TessResultIteratorConfidence) \
    X(TessResultIteratorDelete) \
    X(TessResultIteratorGetPageIterator) \
    X(TessResultIteratorGetUTF8Text)

static struct {
#define DECLARE(f) __typeof__(&f) f;
    TESS_FUNCS(DECLARE)
#undef DECLARE
} tess;
static void *tess_lib;

static int load_tesseract(euc_error *err)
{
    static const char *const names[] = {"libtesseract.so.5", "libtesseract.so"};
    size_t i;

    if (tess_lib != NULL)
        return 0;
    /* An explicit setting of the user's wins. */
    setenv("OMP_THREAD_LIMIT", "1", 0);
    for (i = 0; i < sizeof names / sizeof names[0] && tess_lib == NULL; i++)
        tess_lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (tess_lib == NULL)
        return euc_error_set(err, EUC_ERR_OCR, "extract", "",
                             "cannot load Tesseract (install the Debian "
                             "package libtesseract5): %s", dlerror());
#define LOAD(f)                                                         \
    if ((tess.f = (__typeof__(tess.f))dlsym(tess_lib, #f)) == NULL) {    \
        dlclose(tess_lib);                                              \
        tess_lib = NULL;                                                \
        return euc_error_set(err, EUC_ERR_OCR, "extract", "",           \
                             "the Tesseract library lacks %s", #f);     \
    }
    TESS_FUNCS(LOAD)
#undef LOAD
    return 0;
}

struct euc_ocr {
    TessBaseAPI *api;
    TessBaseAPI *osd; /* created on first poor page */
    int osd_missing;
    char *tessdata;
};

static int file_exists(const char *path)
{
    return access(path, R_OK) == 0;
}

/* Tesseract prints to stderr when a language is missing; look first, so the
 * user gets one clear line naming the package instead. */
static int check_langs(const char *dir, const char *lang, euc_error *err)
{
    char buf[256], path[1024], pkg[256];
    char *tok, *save = NULL;
    size_t i;

    if (snprintf(buf, sizeof buf, "%s", lang) >= (int)sizeof buf)
        return euc_error_set(err, EUC_ERR_USAGE, "extract", "",
                             "OCR language list too long");
    for (tok = strtok_r(buf, "+", &save); tok != NULL;
         tok = strtok_r(NULL, "+", &save)) {
        for (i = 0; tok[i]; i++)
            if (!(tok[i] == '_' || tok[i] == '-' ||
                  (tok[i] >= 'a' && tok[i] <= 'z') ||
                  (tok[i] >= 'A' && tok[i] <= 'Z') ||
                  (tok[i] >= '0' && tok[i] <= '9')))
                return euc_error_set(err, EUC_ERR_USAGE, "extract", "",
                                     "invalid OCR language '%s'", tok);
        snprintf(path, sizeof path, "%s/%s.traineddata", dir, tok);
        if (!file_exists(path)) {
            for (i = 0; tok[i] && i < sizeof pkg - 1; i++)
                pkg[i] = tok[i] == '_' ? '-' : (char)(tok[i] | 0x20);
            pkg[i] = '\0';
            return euc_error_set(err, EUC_ERR_OCR, "extract", "",
                                 "OCR language '%s' is not installed "
                                 "(install the Debian package tesseract-ocr-%s)",
                                 tok, pkg);
        }
    }
    return 0;
}

static const char *tessdata_dir(const char *tessdata)
{
    const char *env = getenv("TESSDATA_PREFIX");

    if (tessdata != NULL && *tessdata != '\0')
        return tessdata;
    if (env != NULL && *env != '\0')
        return env;
    return DEFAULT_TESSDATA;
}

static void quiet(TessBaseAPI *api)
{
    /* tprintf goes to debug_file when one is set: keep the library silent. */
    tess.TessBaseAPISetVariable(api, "debug_file", "/dev/null");
}

euc_ocr *euc_ocr_new(const char *lang, const char *tessdata, euc_error *err)
{
    euc_ocr *ocr = NULL;
    const char *dir = tessdata_dir(tessdata);

    if (lang == NULL || *lang == '\0')
        lang = "eng";
    setMsgSeverity(L_SEVERITY_NONE); /* Leptonica, too, prints by default */
    if (check_langs(dir, lang, err) < 0 || load_tesseract(err) < 0)
        return NULL;
    ocr = calloc(1, sizeof *ocr);
    if (ocr == NULL)
        goto nomem;
    ocr->tessdata = strdup(dir);
    ocr->api = tess.TessBaseAPICreate();
    if (ocr->tessdata == NULL || ocr->api == NULL)
        goto nomem;
    quiet(ocr->api);
    if (tess.TessBaseAPIInit3(ocr->api, dir, lang) != 0) {
        euc_error_set(err, EUC_ERR_OCR, "extract", "",
                      "Tesseract could not start with language '%s' "
                      "(tessdata %s)", lang, dir);
        euc_ocr_free(ocr);
        return NULL;
    }
    quiet(ocr->api);
    /* The API defaults to one uniform block; the tesseract program (and the
     * boxed tables and letters we read) want full page segmentation. */
    tess.TessBaseAPISetPageSegMode(ocr->api, PSM_AUTO);
    return ocr;
nomem:
    euc_error_set(err, EUC_ERR_NOMEM, "extract", "", "out of memory");
    euc_ocr_free(ocr);
    return NULL;
}

void euc_ocr_free(euc_ocr *ocr)
{
    if (ocr == NULL)
        return;
    if (ocr->api != NULL) {
        tess.TessBaseAPIEnd(ocr->api);
        tess.TessBaseAPIDelete(ocr->api);
    }
    if (ocr->osd != NULL) {
        tess.TessBaseAPIEnd(ocr->osd);
        tess.TessBaseAPIDelete(ocr->osd);
    }
    free(ocr->tessdata);
    free(ocr);
}

PIX *euc_ocr_to_grey(PIX *pix)
{
    switch (pixGetDepth(pix)) {
    case 8:
        if (pixGetColormap(pix) == NULL)
            return pixClone(pix);
        return pixRemoveColormap(pix, REMOVE_CMAP_TO_GRAYSCALE);
    case 32:
        return pixConvertRGBToLuminance(pix);
    default:
        return pixConvertTo8(pix, 0);
    }
}

PIX *euc_ocr_orient(PIX *pix, int rotation, double skew)
{
    PIX *turned, *out;
    int quads = ((rotation % 360) + 360) % 360 / 90;

    turned = quads ? pixRotateOrth(pix, quads) : pixClone(pix);
    if (turned == NULL)
        return NULL;
    if (fabs(skew) < MIN_SKEW_DEG)
        return turned;
    /* Shear rotation: a fifth of the time of area mapping, and for a few
     * degrees the text Tesseract sees is as good. */
    out = pixRotate(turned, (float)(skew * M_PI / 180.0), L_ROTATE_SHEAR,
                    L_BRING_IN_WHITE, 0, 0);
    pixDestroy(&turned);
    return out;
}

/* Skew angle in degrees that deskews grey, 0 when there is none to trust. */
static double find_skew(PIX *grey)
{
    PIX *bin = pixConvertTo1(grey, 128);
    l_float32 angle = 0, conf = 0;
    double skew = 0;

    if (bin == NULL)
        return 0;
    if (pixFindSkew(bin, &angle, &conf) == 0 && conf >= MIN_SKEW_CONF &&
        fabs(angle) >= MIN_SKEW_DEG)
        skew = angle;
    pixDestroy(&bin);
    return skew;
}

/* Recognises grey and adds its words to page (which is cleared first).
 * Returns the number of words, -1 on failure. */
static long recognise(euc_ocr *ocr, PIX *grey, int dpi, euc_page *page)
{
    TessResultIterator *ri = NULL;
    TessPageIterator *pi;
    double scale = 72.0 / dpi;
    long n = 0;

    euc_page_clear(page);
    tess.TessBaseAPISetImage2(ocr->api, grey);
    tess.TessBaseAPISetSourceResolution(ocr->api, dpi);
    if (tess.TessBaseAPIRecognize(ocr->api, NULL) != 0) {
        tess.TessBaseAPIClear(ocr->api);
        return -1;
    }
    ri = tess.TessBaseAPIGetIterator(ocr->api);
    if (ri == NULL)
        goto done; /* a blank page */
    pi = tess.TessResultIteratorGetPageIterator(ri);
    do {
        char *text = tess.TessResultIteratorGetUTF8Text(ri, RIL_WORD);
        int l, t, r, b;
        euc_box box;
        int new_line = tess.TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE);

        if (text == NULL)
            continue;
        if (text[0] != '\0' &&
            tess.TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b)) {
            box.x0 = l * scale;
            box.y0 = t * scale;
            box.x1 = r * scale;
            box.y1 = b * scale;
            if (euc_page_add_word(page, text, strlen(text), box,
                                  tess.TessResultIteratorConfidence(ri, RIL_WORD),
                                  new_line) < 0) {
                tess.TessDeleteText(text);
                n = -1;
                break;
            }
            n++;
        }
        tess.TessDeleteText(text);
    } while (tess.TessPageIteratorNext(pi, RIL_WORD));
    tess.TessResultIteratorDelete(ri);
done:
    tess.TessBaseAPIClear(ocr->api);
    return n;
}

/* Tesseract reads a page turned by 90 degrees surprisingly well, but as
 * vertical lines: the words' boxes then stand taller than wide, and every
 * layout reader after us would be lost.  Count such words. */
static int mostly_vertical(const euc_page *page)
{
    size_t i, tall = 0, counted = 0;

    for (i = 0; i < euc_page_nwords(page); i++) {
        const euc_word *w = euc_page_word(page, i);
        if (strlen(w->text) < 3)
            continue;
        counted++;
        if (w->box.y1 - w->box.y0 > 1.5 * (w->box.x1 - w->box.x0))
            tall++;
    }
    return counted > 0 && tall * 2 > counted;
}

static int poor(const euc_page *page)
{
    return euc_page_nwords(page) < POOR_WORDS ||
           euc_page_confidence(page) < POOR_CONF || mostly_vertical(page);
}

/* Clockwise rotation (degrees) that puts the page upright, 0 if unsure. */
static int detect_orientation(euc_ocr *ocr, PIX *grey, int dpi)
{
    int deg = 0;
    float deg_conf = 0, script_conf = 0;
    const char *script = NULL;

    if (ocr->osd == NULL && !ocr->osd_missing) {
        char path[1024];
        snprintf(path, sizeof path, "%s/osd.traineddata", ocr->tessdata);
        ocr->osd_missing = !file_exists(path);
        if (!ocr->osd_missing) {
            ocr->osd = tess.TessBaseAPICreate();
            if (ocr->osd != NULL) {
                quiet(ocr->osd);
                if (tess.TessBaseAPIInit3(ocr->osd, ocr->tessdata, "osd") != 0) {
                    tess.TessBaseAPIDelete(ocr->osd);
                    ocr->osd = NULL;
                    ocr->osd_missing = 1;
                } else {
                    quiet(ocr->osd);
                    tess.TessBaseAPISetPageSegMode(ocr->osd, PSM_OSD_ONLY);
                }
            }
        }
    }
    if (ocr->osd == NULL)
        return 0;
    tess.TessBaseAPISetImage2(ocr->osd, grey);
    tess.TessBaseAPISetSourceResolution(ocr->osd, dpi);
    if (!tess.TessBaseAPIDetectOrientationScript(ocr->osd, &deg, &deg_conf,
                                            &script, &script_conf))
        deg = 0;
    tess.TessBaseAPIClear(ocr->osd);
    /* Tesseract reports how far the image is turned clockwise; undo it. */
    return deg_conf >= 1.0f ? (360 - deg) % 360 : 0;
}

int euc_ocr_read(euc_ocr *ocr, PIX *pix, int dpi, euc_page *page,
                 const char *path, euc_error *err)
{
    PIX *grey = NULL, *straight = NULL, *turned = NULL;
    double skew, best_score;
    int rotation = 0, rc = -1;
    char reason[256];

    grey = euc_ocr_to_grey(pix);
    if (grey == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                      "out of memory converting page image");
        goto cleanup;
    }
    skew = find_skew(grey);
    straight = euc_ocr_orient(grey, 0, skew);
    if (straight == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    if (recognise(ocr, straight, dpi, page) < 0) {
        euc_error_set(err, EUC_ERR_OCR, "extract", path,
                      "Tesseract failed to read a page");
        goto cleanup;
    }
    snprintf(reason, sizeof reason, "%s", euc_page_reason(page));
    if (poor(page)) {
        rotation = detect_orientation(ocr, grey, dpi);
        if (rotation != 0) {
            double old_score = euc_page_nwords(page) * euc_page_confidence(page);
            turned = pixRotateOrth(grey, rotation / 90);
            pixDestroy(&straight);
            straight = turned ? euc_ocr_orient(turned, 0, skew = find_skew(turned)) : NULL;
            if (straight == NULL || recognise(ocr, straight, dpi, page) < 0) {
                euc_error_set(err, EUC_ERR_OCR, "extract", path,
                              "Tesseract failed to read a turned page");
                goto cleanup;
            }
            best_score = euc_page_nwords(page) * euc_page_confidence(page);
            if (best_score < old_score * 0.8) {
                /* Orientation detection was wrong: read it as it was. */
                rotation = 0;
                pixDestroy(&straight);
                straight = euc_ocr_orient(grey, 0, skew = find_skew(grey));
                if (straight == NULL || recognise(ocr, straight, dpi, page) < 0) {
                    euc_error_set(err, EUC_ERR_OCR, "extract", path,
                                  "Tesseract failed to read a page");
                    goto cleanup;
                }
            } else {
                char more[sizeof reason + 64];
                snprintf(more, sizeof more, "%s; turned %d degrees after "
                         "orientation detection", reason, rotation);
                euc_page_set_reason(page, more);
            }
        }
    }
    if (euc_page_sort_lines(page) < 0) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    /* Page size follows the image as read, turned or not. */
    euc_page_set_size(page, pixGetWidth(straight) * 72.0 / dpi,
                      pixGetHeight(straight) * 72.0 / dpi);
    euc_page_set_ocr(page, dpi, rotation, skew);
    euc_page_set_source(page, EUC_SOURCE_OCR);
    rc = 0;
cleanup:
    pixDestroy(&grey);
    pixDestroy(&straight);
    pixDestroy(&turned);
    return rc;
}
