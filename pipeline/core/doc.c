#define _POSIX_C_SOURCE 200809L
#include "euc/doc.h"
#include "euc/text.h"

#include <stdlib.h>
#include <string.h>

struct euc_page {
    double width, height;
    euc_source src;
    char *reason;
    int dpi, rotation;
    double skew;
    euc_word *words;
    size_t nwords, cap_words;
    euc_line *lines;
    size_t nlines, cap_lines;
    double conf_sum;
};

struct euc_doc {
    char *path;
    char *kind;
    euc_page **pages;
    size_t npages, cap_pages;
};

/* Grows *buf to hold at least want elements of size sz.  Doubling keeps the
 * cost of many small appends linear. */
static int grow(void **buf, size_t *cap, size_t want, size_t sz)
{
    size_t ncap;
    void *p;

    if (want <= *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 16;
    while (ncap < want)
        ncap *= 2;
    p = realloc(*buf, ncap * sz);
    if (p == NULL)
        return -1;
    *buf = p;
    *cap = ncap;
    return 0;
}

euc_doc *euc_doc_new(const char *path, const char *kind)
{
    euc_doc *doc = calloc(1, sizeof *doc);

    if (doc == NULL)
        return NULL;
    doc->path = strdup(path ? path : "");
    doc->kind = strdup(kind ? kind : "");
    if (doc->path == NULL || doc->kind == NULL) {
        euc_doc_free(doc);
        return NULL;
    }
    return doc;
}

static void page_free(euc_page *page)
{
    if (page == NULL)
        return;
    euc_page_clear(page);
    free(page->words);
    free(page->lines);
    free(page->reason);
    free(page);
}

void euc_doc_free(euc_doc *doc)
{
    size_t i;

    if (doc == NULL)
        return;
    for (i = 0; i < doc->npages; i++)
        page_free(doc->pages[i]);
    free(doc->pages);
    free(doc->path);
    free(doc->kind);
    free(doc);
}

const char *euc_doc_path(const euc_doc *doc) { return doc->path; }
const char *euc_doc_kind(const euc_doc *doc) { return doc->kind; }
size_t euc_doc_npages(const euc_doc *doc) { return doc->npages; }

const euc_page *euc_doc_page(const euc_doc *doc, size_t i)
{
    return i < doc->npages ? doc->pages[i] : NULL;
}

const char *euc_doc_text_method(const euc_doc *doc)
{
    size_t i, nocr = 0, nform = 0;

    for (i = 0; i < doc->npages; i++) {
        nocr += doc->pages[i]->src == EUC_SOURCE_OCR;
        nform += doc->pages[i]->src == EUC_SOURCE_FORM_FIELDS;
    }
    if (nocr == 0)
        return nform > 0 ? "form-fields" : "text-layer";
    return nocr == doc->npages ? "ocr" : "mixed";
}

double euc_doc_confidence(const euc_doc *doc)
{
    double sum = 0;
    size_t i, n = 0;

    for (i = 0; i < doc->npages; i++) {
        sum += doc->pages[i]->conf_sum;
        n += doc->pages[i]->nwords;
    }
    return n ? sum / (double)n : 100.0;
}

euc_page *euc_doc_add_page(euc_doc *doc, double width, double height,
                           euc_source src, const char *reason)
{
    euc_page *page;

    if (grow((void **)&doc->pages, &doc->cap_pages, doc->npages + 1,
             sizeof *doc->pages) < 0)
        return NULL;
    page = calloc(1, sizeof *page);
    if (page == NULL)
        return NULL;
    page->width = width;
    page->height = height;
    page->src = src;
    page->reason = strdup(reason ? reason : "");
    if (page->reason == NULL) {
        free(page);
        return NULL;
    }
    doc->pages[doc->npages++] = page;
    return page;
}

void euc_doc_drop_last_page(euc_doc *doc)
{
    if (doc->npages == 0)
        return;
    page_free(doc->pages[--doc->npages]);
}

double euc_page_width(const euc_page *page) { return page->width; }
double euc_page_height(const euc_page *page) { return page->height; }
euc_source euc_page_source(const euc_page *page) { return page->src; }
const char *euc_page_reason(const euc_page *page) { return page->reason; }
int euc_page_dpi(const euc_page *page) { return page->dpi; }
int euc_page_rotation(const euc_page *page) { return page->rotation; }
double euc_page_skew(const euc_page *page) { return page->skew; }
size_t euc_page_nwords(const euc_page *page) { return page->nwords; }
size_t euc_page_nlines(const euc_page *page) { return page->nlines; }

const char *euc_source_name(euc_source src)
{
    return src == EUC_SOURCE_OCR ? "ocr" :
           src == EUC_SOURCE_FORM_FIELDS ? "form-fields" : "text-layer";
}

double euc_page_confidence(const euc_page *page)
{
    if (page->nwords == 0)
        return page->src == EUC_SOURCE_OCR ? 0.0 : 100.0;
    return page->conf_sum / (double)page->nwords;
}

const euc_word *euc_page_word(const euc_page *page, size_t i)
{
    return i < page->nwords ? &page->words[i] : NULL;
}

const euc_line *euc_page_line(const euc_page *page, size_t i)
{
    return i < page->nlines ? &page->lines[i] : NULL;
}

void euc_page_set_reason(euc_page *page, const char *reason)
{
    char *r = strdup(reason ? reason : "");

    /* On allocation failure the old reason stays: better stale than none. */
    if (r == NULL)
        return;
    free(page->reason);
    page->reason = r;
}

void euc_page_set_source(euc_page *page, euc_source src) { page->src = src; }

void euc_page_set_size(euc_page *page, double width, double height)
{
    page->width = width;
    page->height = height;
}

void euc_page_set_ocr(euc_page *page, int dpi, int rotation, double skew)
{
    page->dpi = dpi;
    page->rotation = rotation;
    page->skew = skew;
}

void euc_page_clear(euc_page *page)
{
    size_t i;

    for (i = 0; i < page->nwords; i++)
        free((char *)page->words[i].text);
    page->nwords = 0;
    page->nlines = 0;
    page->conf_sum = 0;
}

static void box_union(euc_box *a, const euc_box *b)
{
    if (b->x0 < a->x0) a->x0 = b->x0;
    if (b->y0 < a->y0) a->y0 = b->y0;
    if (b->x1 > a->x1) a->x1 = b->x1;
    if (b->y1 > a->y1) a->y1 = b->y1;
}

/* A copy of text[0..len) that XML 1.0 can hold, made once here so that
 * every output is well-formed whatever the input says: a C0 control other
 * than tab, newline and return, U+FFFE, U+FFFF and any invalid sequence
 * become U+FFFD, which the rules report (FIELD_UNREADABLE) where it lands
 * in a value.  NULL when out of memory. */
static char *xml_clean(const char *text, size_t len)
{
    char *out = malloc(len * 3 + 1), *o = out;
    size_t i = 0;

    if (out == NULL)
        return NULL;
    while (i < len) {
        uint32_t cp;
        size_t n = euc_utf8_decode(text + i, len - i, &cp);
        if (cp == 0) {
            i += n;
            continue;
        }
        if ((cp < 0x20 && cp != 0x09 && cp != 0x0A && cp != 0x0D) ||
            cp == 0xFFFE || cp == 0xFFFF)
            cp = 0xFFFD;
        o += euc_utf8_encode(cp, o);
        i += n;
    }
    *o = '\0';
    return out;
}

int euc_page_add_word(euc_page *page, const char *text, size_t len,
                      euc_box box, float conf, int new_line)
{
    euc_word *w;
    euc_line *line;
    char *copy;

    if (text == NULL || len == 0)
        return 0;
    if (grow((void **)&page->words, &page->cap_words, page->nwords + 1,
             sizeof *page->words) < 0)
        return -1;
    if ((new_line || page->nlines == 0) &&
        grow((void **)&page->lines, &page->cap_lines, page->nlines + 1,
             sizeof *page->lines) < 0)
        return -1;
    copy = xml_clean(text, len);
    if (copy == NULL)
        return -1;
    if (*copy == '\0') {
        free(copy);
        return 0;
    }
    if (new_line || page->nlines == 0) {
        line = &page->lines[page->nlines++];
        line->first = page->nwords;
        line->nwords = 0;
        line->box = box;
    } else {
        line = &page->lines[page->nlines - 1];
        box_union(&line->box, &box);
    }
    w = &page->words[page->nwords++];
    w->text = copy;
    w->box = box;
    w->conf = conf < 0 ? 0 : conf > 100 ? 100 : conf;
    line->nwords++;
    page->conf_sum += w->conf;
    return 0;
}

static int cmp_center_y(const void *a, const void *b)
{
    const euc_word *x = a, *y = b;
    double cx = x->box.y0 + x->box.y1, cy = y->box.y0 + y->box.y1;

    return cx < cy ? -1 : cx > cy;
}

static int cmp_x(const void *a, const void *b)
{
    const euc_word *x = a, *y = b;

    return x->box.x0 < y->box.x0 ? -1 : x->box.x0 > y->box.x0;
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

int euc_page_sort_lines(euc_page *page)
{
    euc_word *w;
    euc_line *lines;
    double *hs;
    size_t i, n = page->nwords, nl = 0, start = 0;
    double cy = 0, ch = 0, med;

    if (n == 0)
        return 0;
    w = malloc(n * sizeof *w);
    lines = malloc(n * sizeof *lines);
    hs = malloc(n * sizeof *hs);
    if (w == NULL || lines == NULL || hs == NULL) {
        free(w);
        free(lines);
        free(hs);
        return -1;
    }
    memcpy(w, page->words, n * sizeof *w);
    for (i = 0; i < n; i++)
        hs[i] = w[i].box.y1 - w[i].box.y0;
    qsort(hs, n, sizeof *hs, cmp_dbl);
    med = hs[n / 2] > 0 ? hs[n / 2] : 1;
    free(hs);
    qsort(w, n, sizeof *w, cmp_center_y);
    for (i = 0; i <= n; i++) {
        double wy = 0, wh = 0;
        if (i < n) {
            wy = (w[i].box.y0 + w[i].box.y1) / 2;
            /* A dash is a few tenths of a point high, a table's rule read
             * as a word a whole column: heights count as within half and
             * one and a half of the page's typical one. */
            wh = w[i].box.y1 - w[i].box.y0;
            if (wh < 0.5 * med)
                wh = 0.5 * med;
            if (wh > 1.5 * med)
                wh = 1.5 * med;
        }
        /* A word more than half a line below the line's centre starts the
         * next line; the centre follows its words, for a slight skew. */
        if (i == n || (i > start && wy - cy > 0.5 * (wh < ch ? wh : ch))) {
            euc_line *l = &lines[nl++];
            size_t k;
            qsort(w + start, i - start, sizeof *w, cmp_x);
            l->first = start;
            l->nwords = i - start;
            l->box = w[start].box;
            for (k = start + 1; k < i; k++)
                box_union(&l->box, &w[k].box);
            start = i;
        }
        if (i == n)
            break;
        if (i == start) {
            cy = wy;
            ch = wh;
        } else {
            cy += (wy - cy) / (double)(i - start + 1);
        }
    }
    free(page->words);
    free(page->lines);
    page->words = w;
    page->cap_words = n;
    page->lines = lines;
    page->nlines = nl;
    page->cap_lines = n;
    return 0;
}

char *euc_page_text(const euc_page *page)
{
    size_t i, j, len = 1;
    char *out, *p;

    for (i = 0; i < page->nwords; i++)
        len += strlen(page->words[i].text) + 1;
    len += page->nlines;
    out = malloc(len);
    if (out == NULL)
        return NULL;
    p = out;
    for (i = 0; i < page->nlines; i++) {
        const euc_line *l = &page->lines[i];
        for (j = 0; j < l->nwords; j++) {
            size_t n = strlen(page->words[l->first + j].text);
            if (j > 0)
                *p++ = ' ';
            memcpy(p, page->words[l->first + j].text, n);
            p += n;
        }
        *p++ = '\n';
    }
    *p = '\0';
    return out;
}
