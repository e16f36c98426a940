/* euc_doc: the document model every stage reads.
 *
 * A document has pages; a page has its size, the way it was read (text layer
 * or OCR) and why, its OCR confidence, and lines of words.  A word has UTF-8
 * text, a bounding box and a confidence (100 for a text layer).
 *
 * Coordinates: PDF points (1/72 inch), origin at the top-left corner of the
 * page as displayed (after any /Rotate or orientation correction), y growing
 * downwards.  OCR pixel boxes are converted with the resolution they were
 * read at, so a later stage can treat every page alike.
 *
 * Ownership: euc_doc_new gives the caller a document to release with
 * euc_doc_free.  Pages, lines, words and their strings belong to the document
 * and stay valid until euc_doc_free; accessors borrow.  The rendered page
 * image is not kept: ask euc_extract_page_image (euc_extract.h) for it.
 */
#ifndef EUC_DOC_H
#define EUC_DOC_H

#include <stddef.h>

#include "euc/error.h"

typedef struct euc_box {
    double x0, y0, x1, y1;
} euc_box;

typedef struct euc_word {
    const char *text; /* UTF-8, NUL-terminated, owned by the document */
    euc_box box;
    float conf; /* 0..100 */
} euc_word;

typedef struct euc_line {
    size_t first;  /* index of the line's first word in the page's words */
    size_t nwords;
    euc_box box;   /* union of the words' boxes */
} euc_line;

typedef enum euc_source {
    EUC_SOURCE_TEXT_LAYER = 0, /* PDF text layer or plain text */
    EUC_SOURCE_OCR = 1,
    EUC_SOURCE_FORM_FIELDS = 2 /* a fillable PDF's field values (with the
                                  page's text layer around them) */
} euc_source;

typedef struct euc_doc euc_doc;
typedef struct euc_page euc_page;

/* --- reading ------------------------------------------------------------ */

const char *euc_doc_path(const euc_doc *doc);
const char *euc_doc_kind(const euc_doc *doc); /* "pdf", "image", "text" */
size_t euc_doc_npages(const euc_doc *doc);
const euc_page *euc_doc_page(const euc_doc *doc, size_t i);
/* "text-layer", "ocr", "form-fields" (some page's values came from a
 * fillable form's fields, none from OCR) or "mixed" (OCR and not). */
const char *euc_doc_text_method(const euc_doc *doc);
/* Mean confidence of all words of the document (100 with no OCR page). */
double euc_doc_confidence(const euc_doc *doc);

double euc_page_width(const euc_page *page);  /* points */
double euc_page_height(const euc_page *page); /* points */
euc_source euc_page_source(const euc_page *page);
/* "text-layer", "ocr", "form-fields" */
const char *euc_source_name(euc_source src);
/* Why the page was read the way it was, e.g. "text layer has 3 characters". */
const char *euc_page_reason(const euc_page *page);
double euc_page_confidence(const euc_page *page); /* mean word confidence */
int euc_page_dpi(const euc_page *page);       /* OCR resolution, 0 if none */
int euc_page_rotation(const euc_page *page);  /* degrees turned before OCR */
double euc_page_skew(const euc_page *page);   /* degrees deskewed */

size_t euc_page_nwords(const euc_page *page);
const euc_word *euc_page_word(const euc_page *page, size_t i);
size_t euc_page_nlines(const euc_page *page);
const euc_line *euc_page_line(const euc_page *page, size_t i);

/* Text of a page, lines joined by '\n', words by ' '.  Caller frees. */
char *euc_page_text(const euc_page *page);

/* The document as a <document> element (pages, lines, words with boxes and
 * confidences), for `eucheck extract --xml`.  name is shown in file=.  The
 * caller frees the node with xmlFreeNode. */
struct _xmlNode *euc_doc_to_xml(const euc_doc *doc, const char *name);

/* --- building (extractors) --------------------------------------------- */

/* path and kind are copied. */
euc_doc *euc_doc_new(const char *path, const char *kind);
void euc_doc_free(euc_doc *doc);

/* The returned page is owned by doc; reason is copied. */
euc_page *euc_doc_add_page(euc_doc *doc, double width, double height,
                           euc_source src, const char *reason);
/* Removes the last page (an extractor that gives up on a page mid-way). */
void euc_doc_drop_last_page(euc_doc *doc);
void euc_page_set_reason(euc_page *page, const char *reason);
void euc_page_set_source(euc_page *page, euc_source src);
void euc_page_set_size(euc_page *page, double width, double height);
void euc_page_set_ocr(euc_page *page, int dpi, int rotation, double skew);
/* Regroups the page's words into visual lines, top to bottom, each left to
 * right: words whose vertical centres agree share a line.  PDF text layers
 * and Tesseract give text-flow order (a form's column of labels, then its
 * column of values); every stage after extract wants a label and its value
 * on one line.  Returns -1 only when memory runs out (the page unchanged). */
int euc_page_sort_lines(euc_page *page);

/* Drops every word and line (a page about to be read again another way). */
void euc_page_clear(euc_page *page);

/* Adds a word (len bytes of text, copied) to the current line, or starts a
 * new line first when new_line is non-zero.  Empty words are ignored.
 * Returns -1 only when memory runs out. */
int euc_page_add_word(euc_page *page, const char *text, size_t len,
                      euc_box box, float conf, int new_line);

#endif
