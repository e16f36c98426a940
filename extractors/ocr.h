/* ocr: Tesseract behind a small private interface (the idea of MuPDF's
 * tessocr.h).  Only this module includes <tesseract/capi.h>.
 *
 * One engine per process, created once and reused for every page: start-up
 * costs as much as reading a page.  The library itself is loaded with
 * dlopen on first use, so runs that need no OCR never pay for it.  The orientation (OSD) model is loaded
 * only when a page reads poorly, because detection costs half an OCR pass.
 *
 * Ownership: euc_ocr_new gives an engine to free with euc_ocr_free.
 * euc_ocr_read borrows the Pix and adds words to the page it is given.
 */
#ifndef EUC_OCR_H
#define EUC_OCR_H

#include "euc/doc.h"
#include "euc/error.h"

struct Pix;
typedef struct euc_ocr euc_ocr;

/* lang: "eng", "eng+chi_sim+jpn"...; tessdata: NULL for the default dir.
 * A language without its traineddata is an error naming the Debian
 * package to install. */
euc_ocr *euc_ocr_new(const char *lang, const char *tessdata, euc_error *err);
void euc_ocr_free(euc_ocr *ocr);

/* Reads pix (any depth) scanned at dpi into page: corrects small skew, and
 * when the first read is poor, detects the orientation and reads again the
 * right way up.  Sets the page's size (points), source, reason, confidence,
 * rotation and skew.  path is for error messages only. */
int euc_ocr_read(euc_ocr *ocr, struct Pix *pix, int dpi, euc_page *page,
                 const char *path, euc_error *err);

/* Applies to pix the rotation and skew correction that euc_ocr_read applied
 * to a page, so a page image lines up with the page's word boxes.  Returns a
 * new Pix (caller destroys) or NULL when memory runs out. */
struct Pix *euc_ocr_orient(struct Pix *pix, int rotation, double skew);

/* Converts any Leptonica image to 8-bit grey (a new Pix, caller destroys). */
struct Pix *euc_ocr_to_grey(struct Pix *pix);

#endif
