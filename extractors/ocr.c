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
/* Language "auto": English first.  A page of which the Latin model reads
 * this share of words with a confidence below LOW_CONF holds another
 * script (on the bilingual certificates of the sample corpora, Chinese and
 * Japanese pages were above 0.12, Latin-only pages below 0.08); it is read
 * again with the Chinese and Japanese models as well, which cost about
 * twice the time of English alone. */
#define AUTO_LANG "eng"
#define AUTO_CJK_LANG "eng+chi_sim+jpn"
#define LOW_CONF 60.0f
#define CJK_SHARE 0.10

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
    tess.f = (__typeof__(tess.f))dlsym(tess_lib, #f);                   \
    if (tess.f == NULL) {                                               \
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
    TessBaseAPI *cjk; /* "auto": created on the first page that needs it */
    int auto_cjk;     /* "auto", and the models are installed */
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

    int is_auto = lang == NULL || *lang == '\0' || strcmp(lang, "auto") == 0;

    if (is_auto)
        lang = AUTO_LANG;
    setMsgSeverity(L_SEVERITY_NONE); /* Leptonica, too, prints by default */
    if (check_langs(dir, lang, err) < 0 || load_tesseract(err) < 0)
        return NULL;
    ocr = calloc(1, sizeof *ocr);
    if (ocr == NULL)
        goto nomem;
    if (is_auto) {
        euc_error ignore;
        ocr->auto_cjk = check_langs(dir, AUTO_CJK_LANG, &ignore) == 0;
    }
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
    if (ocr->cjk != NULL) {
        tess.TessBaseAPIEnd(ocr->cjk);
        tess.TessBaseAPIDelete(ocr->cjk);
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

/* grey thresholded by each pixel's neighbourhood (Sauvola), as 8 bpp for
 * Tesseract; NULL when Leptonica cannot. */
static PIX *level_page(PIX *grey)
{
    PIX *bin = NULL, *out = NULL;

    if (pixSauvolaBinarizeTiled(grey, 25, 0.35f, 1, 1, NULL, &bin) != 0 || bin == NULL)
        return NULL;
    out = pixConvert1To8(NULL, bin, 255, 0);
    pixDestroy(&bin);
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

static int is_cjk_cp(unsigned cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x3000 && cp <= 0x303F);
}

/* First and last code points of a UTF-8 word. */
static unsigned first_cp(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;

    if (u[0] < 0x80)
        return u[0];
    if ((u[0] & 0xE0) == 0xC0 && u[1])
        return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    if ((u[0] & 0xF0) == 0xE0 && u[1] && u[2])
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return 0;
}

static unsigned last_cp(const char *s, size_t n)
{
    size_t i = n;

    while (i > 0 && (((unsigned char)s[i - 1]) & 0xC0) == 0x80)
        i--;
    return i > 0 ? first_cp(s + i - 1) : 0;
}

/* Recognises grey with api and adds its words to page (cleared first).
 * Tesseract's Chinese and Japanese models put a space between words of
 * those scripts that the text has not: such neighbours become one word.
 * Returns the number of words, -1 on failure. */
static long recognise_with(TessBaseAPI *api, PIX *grey, int dpi, euc_page *page)
{
    TessResultIterator *ri = NULL;
    TessPageIterator *pi;
    double scale = 72.0 / dpi;
    long n = 0;
    char *pend = NULL;
    size_t plen = 0;
    euc_box pbox = {0, 0, 0, 0};
    float pconf = 0;
    int pline = 0;

    euc_page_clear(page);
    tess.TessBaseAPISetImage2(api, grey);
    tess.TessBaseAPISetSourceResolution(api, dpi);
    if (tess.TessBaseAPIRecognize(api, NULL) != 0) {
        tess.TessBaseAPIClear(api);
        return -1;
    }
    ri = tess.TessBaseAPIGetIterator(api);
    if (ri == NULL)
        goto done; /* a blank page */
    pi = tess.TessResultIteratorGetPageIterator(ri);
    for (;;) {
        char *text = tess.TessResultIteratorGetUTF8Text(ri, RIL_WORD);
        int l, t, r, b, more;
        euc_box box;
        int new_line = tess.TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE);
        float conf = tess.TessResultIteratorConfidence(ri, RIL_WORD);

        if (text != NULL && text[0] != '\0' &&
            tess.TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b)) {
            size_t len = strlen(text);
            box.x0 = l * scale;
            box.y0 = t * scale;
            box.x1 = r * scale;
            box.y1 = b * scale;
            if (pend != NULL && !new_line && is_cjk_cp(last_cp(pend, plen)) &&
                is_cjk_cp(first_cp(text)) &&
                box.x0 - pbox.x1 < 0.8 * (box.y1 - box.y0)) {
                char *grown = realloc(pend, plen + len + 1);
                if (grown == NULL) {
                    tess.TessDeleteText(text);
                    n = -1;
                    break;
                }
                pend = grown;
                memcpy(pend + plen, text, len + 1);
                plen += len;
                if (box.x1 > pbox.x1) pbox.x1 = box.x1;
                if (box.y0 < pbox.y0) pbox.y0 = box.y0;
                if (box.y1 > pbox.y1) pbox.y1 = box.y1;
                if (conf < pconf) pconf = conf;
            } else {
                if (pend != NULL) {
                    if (euc_page_add_word(page, pend, plen, pbox, pconf, pline) < 0) {
                        tess.TessDeleteText(text);
                        n = -1;
                        break;
                    }
                    n++;
                    free(pend);
                }
                pend = strdup(text);
                if (pend == NULL) {
                    tess.TessDeleteText(text);
                    n = -1;
                    break;
                }
                plen = len;
                pbox = box;
                pconf = conf;
                pline = new_line;
            }
        }
        tess.TessDeleteText(text);
        more = tess.TessPageIteratorNext(pi, RIL_WORD);
        if (!more)
            break;
    }
    if (n >= 0 && pend != NULL) {
        if (euc_page_add_word(page, pend, plen, pbox, pconf, pline) < 0)
            n = -1;
        else
            n++;
    }
    free(pend);
    tess.TessResultIteratorDelete(ri);
done:
    tess.TessBaseAPIClear(api);
    return n;
}

static long recognise(euc_ocr *ocr, PIX *grey, int dpi, euc_page *page)
{
    return recognise_with(ocr->api, grey, dpi, page);
}

/* Share of the page's words read with a low confidence. */
static double low_share(const euc_page *page)
{
    size_t i, low = 0, n = euc_page_nwords(page);

    for (i = 0; i < n; i++)
        if (euc_page_word(page, i)->conf < LOW_CONF)
            low++;
    return n ? (double)low / (double)n : 0;
}

/* "auto": a page the Latin model reads as another script is read again
 * with the Chinese and Japanese models too.  0: done (or not needed). */
static int reread_cjk(euc_ocr *ocr, PIX *grey, int dpi, euc_page *page)
{
    double share = low_share(page);
    char reason[320];

    if (!ocr->auto_cjk || euc_page_nwords(page) < 20 || share < CJK_SHARE)
        return 0;
    if (ocr->cjk == NULL) {
        ocr->cjk = tess.TessBaseAPICreate();
        if (ocr->cjk == NULL)
            return -1;
        quiet(ocr->cjk);
        if (tess.TessBaseAPIInit3(ocr->cjk, ocr->tessdata, AUTO_CJK_LANG) != 0) {
            tess.TessBaseAPIDelete(ocr->cjk);
            ocr->cjk = NULL;
            ocr->auto_cjk = 0;
            return 0;
        }
        quiet(ocr->cjk);
        tess.TessBaseAPISetPageSegMode(ocr->cjk, PSM_AUTO);
    }
    snprintf(reason, sizeof reason, "%s; read again with the Chinese and "
             "Japanese models (%.0f%% of words unsure in English)",
             euc_page_reason(page), share * 100);
    if (recognise_with(ocr->cjk, grey, dpi, page) < 0)
        return -1;
    euc_page_set_reason(page, reason);
    return 0;
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
    /* Grey text on a page lit unevenly, or beside a dark scanner margin,
     * can read as nothing: Tesseract's one global threshold puts it with
     * the background.  Threshold by neighbourhood and read again; keep
     * whichever read found more. */
    if (euc_page_nwords(page) < POOR_WORDS) {
        double old_score = euc_page_nwords(page) * euc_page_confidence(page);
        PIX *level = level_page(grey);
        double lskew = level ? find_skew(level) : 0;
        PIX *s2 = level ? euc_ocr_orient(level, 0, lskew) : NULL;
        if (s2 != NULL && recognise(ocr, s2, dpi, page) >= 0 &&
            euc_page_nwords(page) * euc_page_confidence(page) > old_score) {
            pixDestroy(&grey);
            pixDestroy(&straight);
            grey = level;
            straight = s2;
            level = s2 = NULL;
            skew = lskew;
            snprintf(reason, sizeof reason, "%s; background levelled",
                     euc_page_reason(page));
            euc_page_set_reason(page, reason);
        } else if (s2 != NULL && recognise(ocr, straight, dpi, page) < 0) {
            pixDestroy(&level);
            pixDestroy(&s2);
            euc_error_set(err, EUC_ERR_OCR, "extract", path,
                          "Tesseract failed to read a page");
            goto cleanup;
        }
        pixDestroy(&level);
        pixDestroy(&s2);
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
    if (reread_cjk(ocr, straight, dpi, page) < 0) {
        euc_error_set(err, EUC_ERR_OCR, "extract", path,
                      "Tesseract failed to read a page in Chinese and Japanese");
        goto cleanup;
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
