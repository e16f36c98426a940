/* Layout: the document model turned into what later steps read, without
 * looking at what the words mean.  A page's visual lines (euc_doc keeps
 * them top to bottom, each left to right) are cut into cells where a gap
 * is wider than a word space, where a column separator stands ("|") and
 * after a "Label:" colon; each line gets its list or section marker, its
 * gap to the line above, and flags for rules, OCR scraps and page
 * furniture (page numbers, running headers and footers). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"
#include "euc/text.h"

static int is_box_char(gunichar c)
{
    return c == '|' || c == 0x2502 || c == 0x2503 || c == 0x2551 ||
           c == 0x2506 || c == 0x250A || c == 0xA6 || c == 0xFF5C;
}

static int is_rule_char(gunichar c)
{
    return c == '-' || c == '=' || c == '+' || c == '_' || c == '~' ||
           (c >= 0x2500 && c <= 0x257F) || c == 0x2014 || c == 0x2015 ||
           c == 0x2013 || c == 0x30FC || c == '.' || c == 0xB7 ||
           is_box_char(c);
}

/* 1: a rule drawn with characters ("-----"), 2: a lone box character. */
static int rule_word(const char *s)
{
    size_t n = 0;
    int box = 1;

    for (; *s; s = g_utf8_next_char(s), n++) {
        gunichar c = g_utf8_get_char(s);
        if (!is_rule_char(c))
            return 0;
        if (!is_box_char(c))
            box = 0;
    }
    if (box && n >= 1)
        return 2;
    return n >= 4 ? 1 : 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(GArray *a, double dflt)
{
    if (a->len == 0)
        return dflt;
    qsort(a->data, a->len, sizeof(double), cmp_double);
    return g_array_index(a, double, a->len / 2);
}

static size_t ncols(const char *s, size_t n)
{
    size_t i = 0, c = 0;

    while (i < n) {
        uint32_t cp;
        i += euc_utf8_decode(s + i, n - i, &cp);
        c += (size_t)euc_utf8_width(cp);
    }
    return c;
}

/* Does the word end a "Label:"?  A colon at its end (not a time "12:30",
 * not "http:"), half-width or full-width. */
static int ends_colon(const char *s, size_t n)
{
    if (n >= 3 && memcmp(s + n - 3, "：", 3) == 0)
        return 1;
    if (n == 1 && s[0] == ':')
        return 1; /* "Intended Use : ..." */
    return n >= 2 && s[n - 1] == ':' && !g_ascii_isdigit(s[n - 2]);
}

typedef struct rawword {
    const char *s;
    size_t n;
    euc_box box;
    float conf;
    int sep_before;   /* column separators before it (bars counted), 0 none */
} rawword;

/* A word "日付：2026年" or "Name:Acme" is a label and its value: split it
 * at the colon when the part before is a short label. */
static void split_colon(GArray *out, rawword w)
{
    const char *c = NULL;
    size_t i, len = 3;

    for (i = 0; i + 1 < w.n; i++) {
        /* a formula or a note in brackets: "(LYSO:Ce)" */
        if (w.s[i] == '(' || w.s[i] == '[')
            break;
        if (i + 3 < w.n && memcmp(w.s + i, "：", 3) == 0) {
            c = w.s + i;
            break;
        }
        /* (a digit after it only after a word: "Date:2026", not "Sm:2") */
        if (w.s[i] == ':' && i > 0 && g_ascii_isalpha(w.s[i - 1]) &&
            (!g_ascii_isdigit(w.s[i + 1]) ||
             (i >= 3 && g_ascii_isalpha(w.s[i - 2]) && g_ascii_isalpha(w.s[i - 3]))) &&
            w.s[i + 1] != '/') {
            c = w.s + i;
            len = 1;
            break;
        }
    }
    /* "LYSO:Ce", "YAG:Ce": a dopant's symbol after the colon, no label */
    if (c != NULL && len == 1) {
        size_t rest = w.n - (size_t)(c + 1 - w.s), k = 0;
        while (k < rest && g_ascii_isalpha(c[1 + k]))
            k++;
        if (k >= 1 && k <= 2 && g_ascii_isupper(c[1]) &&
            (k == 1 || g_ascii_islower(c[2])) &&
            (k == rest || strchr(",.;)", c[1 + k]) != NULL))
            c = NULL;
    }
    if (c == NULL || c == w.s) {
        g_array_append_val(out, w);
        return;
    }
    {
        rawword a = w, b = w;
        size_t na = (size_t)(c - w.s) + len, ta = ncols(w.s, w.n);
        double cw = ta ? (w.box.x1 - w.box.x0) / (double)ta : 0;
        a.n = na;
        b.s = w.s + na;
        b.n = w.n - na;
        a.box.x1 = w.box.x0 + cw * (double)ncols(a.s, a.n);
        b.box.x0 = a.box.x1;
        b.sep_before = 0;
        g_array_append_val(out, a);
        if (b.n > 0)
            g_array_append_val(out, b);
    }
}

/* The words of one euc line, cleaned: box characters and fill-in blanks
 * glued to a word cut off, separators remembered. */
static GArray *clean_words(const euc_page *page, const euc_line *el, int *rule)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(rawword));
    size_t k;
    int sep = 0, any = 0, rules = 0;

    for (k = 0; k < el->nwords; k++) {
        const euc_word *ew = euc_page_word(page, el->first + k);
        const char *s = ew->text, *e = s + strlen(s);
        long lead = 0, trail = 0, cols;
        rawword rw;
        int rk;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        if (s >= e)
            continue;
        any = 1;
        rk = rule_word(s);
        if (rk == 2) {
            sep += sep < 100; /* (bars counted: "|  |" is an empty cell) */
            continue;
        }
        if (rk == 1) {
            rules++;
            sep = 1;
            continue;
        }
        cols = (long)ncols(s, (size_t)(e - s));
        while (s < e && (is_box_char(g_utf8_get_char(s)) || *s == '_')) {
            lead++;
            s = g_utf8_next_char(s);
            sep += sep < 100;
        }
        while (e > s) {
            const char *pc = g_utf8_find_prev_char(s, e);
            gunichar c = g_utf8_get_char(pc);
            if (!is_box_char(c) && c != '_')
                break;
            trail++;
            e = pc;
        }
        if (e <= s)
            continue;
        rw.s = s;
        rw.n = (size_t)(e - s);
        rw.box = ew->box;
        if (cols > 0 && (lead || trail)) {
            double cw = (ew->box.x1 - ew->box.x0) / (double)cols;
            rw.box.x0 += (double)lead * cw;
            rw.box.x1 -= (double)trail * cw;
        }
        rw.conf = ew->conf;
        rw.sep_before = sep;
        sep = trail < 100 ? (int)trail : 100;
        split_colon(out, rw);
    }
    *rule = any && out->len == 0 && rules > 0;
    return out;
}

static void add_cell(pdoc *d, GArray *cells, size_t w0, size_t w1, int colon)
{
    pcell c = {0};
    GArray *hs = g_array_new(FALSE, FALSE, sizeof(double));
    size_t i;

    c.w0 = w0;
    c.nw = w1 - w0;
    c.off = d->w[w0].off;
    c.end = d->w[w1 - 1].off + d->w[w1 - 1].len;
    c.box = d->w[w0].box;
    for (i = w0; i < w1; i++) {
        const euc_box *b = &d->w[i].box;
        double h = b->y1 - b->y0;
        if (b->x0 < c.box.x0) c.box.x0 = b->x0;
        if (b->y0 < c.box.y0) c.box.y0 = b->y0;
        if (b->x1 > c.box.x1) c.box.x1 = b->x1;
        if (b->y1 > c.box.y1) c.box.y1 = b->y1;
        g_array_append_val(hs, h);
    }
    c.fh = median(hs, 10);
    c.colon = colon;
    g_array_free(hs, TRUE);
    g_array_append_val(cells, c);
}

int playout_marker(const euc_parser *p, const char *s, size_t n, size_t *len)
{
    static const struct {
        const char *name;
        int mark;
    } groups[] = {
        {"sec", MK_SECTION}, {"cjk", MK_CJK}, {"dotnum", MK_NUM_DOT},
        {"paren", MK_PAREN}, {"roman", MK_ROMAN}, {"letter", MK_LETTER_CAP},
        {"num", MK_NUM}, {"bullet", MK_BULLET},
    };
    GMatchInfo *mi = NULL;
    int mark = MK_NONE;
    size_t i;

    *len = 0;
    if (n == 0)
        return MK_NONE;
    if (g_regex_match_full(p->numbering, s, (gssize)n, 0, 0, &mi, NULL)) {
        for (i = 0; i < G_N_ELEMENTS(groups) && mark == MK_NONE; i++) {
            int a = -1, b = -1;
            if (g_match_info_fetch_named_pos(mi, groups[i].name, &a, &b) &&
                a >= 0 && b > a) {
                int e0, e1;
                mark = groups[i].mark;
                g_match_info_fetch_pos(mi, 0, &e0, &e1);
                *len = (size_t)e1;
            }
        }
    }
    g_match_info_free(mi);
    /* A marker is followed by its text, not by the rest of a number. */
    while (*len < n && (s[*len] == ' ' || s[*len] == '\t'))
        (*len)++;
    if (mark == MK_NONE)
        *len = 0;
    return mark;
}

int playout_rank(int mark)
{
    switch (mark) {
    case MK_SECTION: case MK_ROMAN: case MK_CJK:
        return 1;
    case MK_LETTER_CAP:
        return 2;
    case MK_NUM:
        return 3;
    case MK_NUM_DOT:
        return 4;
    case MK_PAREN:
        return 5;
    case MK_BULLET:
        return 6;
    default:
        return 9;
    }
}

/* Rows of the same text at the top or foot of several pages, or page
 * numbers anywhere in those bands, are furniture. */
static void mark_furniture(pdoc *d, const euc_parser *p, const euc_doc *doc)
{
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                             NULL);
    char **keys = g_new0(char *, d->nl + 1);
    size_t i;

    for (i = 0; i < d->nl; i++) {
        pline *l = &d->l[i];
        const euc_page *pg = euc_doc_page(doc, (size_t)l->page);
        double h = euc_page_height(pg);
        /* (a page's first and last lines are in its bands however short
         * the page: a text file's page is as tall as its lines) */
        int edge = i == 0 || d->l[i - 1].page != l->page || i + 1 == d->nl ||
                   d->l[i + 1].page != l->page;
        int band = l->box.y1 < h * 0.09 || l->box.y0 > h * 0.90 || edge;
        GString *k;
        const char *q;
        if (l->nw == 0)
            continue;
        if (band && g_regex_match_full(p->furniture, d->text->str + l->off,
                                       (gssize)(l->end - l->off), 0, 0, NULL,
                                       NULL)) {
            l->flags |= PL_FURNITURE;
            continue;
        }
        /* a repeated row of three or more cells is a table's header again
         * on the next page, not a running header */
        if (!(l->box.y1 < h * 0.12 || l->box.y0 > h * 0.86) || l->nc >= 3)
            continue;
        /* The text with its digits left out ("Page 2 of 3"). */
        k = g_string_new(l->box.y0 > h * 0.5 ? "F:" : "H:");
        for (q = d->text->str + l->off; q < d->text->str + l->end; q++)
            if (!g_ascii_isdigit(*q) && *q != ' ')
                g_string_append_c(k, *q);
        keys[i] = g_string_free(k, FALSE);
        {
            gpointer v = g_hash_table_lookup(seen, keys[i]);
            int pages = GPOINTER_TO_INT(v);
            /* counted once per page */
            g_hash_table_replace(seen, g_strdup(keys[i]),
                                 GINT_TO_POINTER(pages | (1 << (l->page % 30))));
        }
    }
    for (i = 0; i < d->nl && d->npages > 1; i++) {
        unsigned v;
        int bits = 0;
        if (keys[i] == NULL || strlen(keys[i]) < 4)
            continue;
        v = (unsigned)GPOINTER_TO_INT(g_hash_table_lookup(seen, keys[i]));
        for (; v; v &= v - 1)
            bits++;
        if (bits >= 2)
            d->l[i].flags |= PL_FURNITURE;
    }
    for (i = 0; i < d->nl; i++)
        g_free(keys[i]);
    g_free(keys);
    g_hash_table_destroy(seen);
}

void playout_build(pdoc *d, const euc_doc *doc, const euc_parser *p)
{
    GArray *w = g_array_new(FALSE, TRUE, sizeof(pword));
    GArray *cells = g_array_new(FALSE, TRUE, sizeof(pcell));
    GArray *lines = g_array_new(FALSE, TRUE, sizeof(pline));
    GArray *cws = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *fhs = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *pitches = g_array_new(FALSE, FALSE, sizeof(double));
    /* per word: a column separator ("|") stood before it */
    GArray *seps = g_array_new(FALSE, FALSE, sizeof(guint8));
    size_t pg, li, k;

    memset(d, 0, sizeof *d);
    d->text = g_string_new(NULL);
    d->npages = euc_doc_npages(doc);
    /* Words first (cells need the document's character width). */
    for (pg = 0; pg < d->npages; pg++) {
        const euc_page *page = euc_doc_page(doc, pg);
        for (li = 0; li < euc_page_nlines(page); li++) {
            const euc_line *el = euc_page_line(page, li);
            int rule = 0;
            GArray *rw = clean_words(page, el, &rule);
            pline pl = {0};
            pl.page = (int)pg;
            pl.w0 = w->len;
            pl.owner = -1;
            pl.table = -1;
            if (d->text->len > 0)
                g_string_append_c(d->text, '\n');
            pl.off = d->text->len;
            for (k = 0; k < rw->len; k++) {
                rawword *r = &g_array_index(rw, rawword, k);
                pword pw = {0};
                size_t nc = ncols(r->s, r->n);
                if (nc > 0 && r->box.x1 > r->box.x0) {
                    double c = (r->box.x1 - r->box.x0) / (double)nc;
                    g_array_append_val(cws, c);
                }
                if (d->text->len > pl.off)
                    g_string_append_c(d->text, ' ');
                pw.off = d->text->len;
                pw.len = r->n;
                pw.box = r->box;
                pw.conf = r->conf;
                pw.page = (int)pg;
                pw.line = lines->len;
                g_string_append_len(d->text, r->s, (gssize)r->n);
                g_array_append_val(w, pw);
                {
                    guint8 sf = (guint8)r->sep_before;
                    g_array_append_val(seps, sf);
                }
            }
            pl.nw = w->len - pl.w0;
            pl.end = d->text->len;
            pl.box = el->box;
            if (rule)
                pl.flags |= PL_RULE;
            if (pl.nw == 0 && !rule) {
                /* nothing kept: drop the line and its newline */
                g_string_truncate(d->text, pl.off > 0 ? pl.off - 1 : 0);
                g_array_set_size(seps, pl.w0);
                g_array_free(rw, TRUE);
                continue;
            }
            g_array_append_val(lines, pl);
            g_array_free(rw, TRUE);
        }
    }
    d->nw = w->len;
    d->w = (pword *)g_array_free(w, FALSE);
    d->nl = lines->len;
    d->l = (pline *)g_array_free(lines, FALSE);
    d->cw = median(cws, 5.5);
    g_array_free(cws, TRUE);

    /* Cells. */
    for (li = 0; li < d->nl; li++) {
        pline *l = &d->l[li];
        size_t start = l->w0, j;
        GArray *gaps = g_array_new(FALSE, FALSE, sizeof(double));
        double space, thr, h;
        size_t since = 0;
        int bracket = 0, paren = 0, nbars = 0;

        l->c0 = cells->len;
        if (l->nw == 0) {
            l->nc = 0;
            g_array_free(gaps, TRUE);
            continue;
        }
        for (j = l->w0 + 1; j < l->w0 + l->nw; j++) {
            double g = d->w[j].box.x0 - d->w[j - 1].box.x1;
            g_array_append_val(gaps, g);
        }
        /* The line's ordinary word space: the lower half of its gaps. */
        space = gaps->len ? median(gaps, d->cw) : d->cw;
        {
            GArray *hs = g_array_new(FALSE, FALSE, sizeof(double));
            for (j = l->w0; j < l->w0 + l->nw; j++) {
                double hh = d->w[j].box.y1 - d->w[j].box.y0;
                g_array_append_val(hs, hh);
            }
            h = median(hs, 10);
            g_array_free(hs, TRUE);
        }
        l->fh = h;
        g_array_append_val(fhs, h);
        thr = 1.5 * d->cw;
        if (thr < 0.7 * h)
            thr = 0.7 * h;
        if (thr < 2.2 * space && space < 0.6 * h)
            thr = 2.2 * space;
        for (j = l->w0; j < l->w0 + l->nw; j++) {
            int cut = 0, colon = 0;
            const char *wt = d->text->str + d->w[j].off;
            /* no "Label:" cut inside brackets: "[7. ITEMS: DESCRIPTION]" */
            if (since == 0)
                bracket = wt[0] == '[';
            if (bracket && memchr(wt, ']', d->w[j].len))
                bracket = 0;
            /* nor inside parentheses: "(Dy: 4 %)" */
            if (memchr(wt, '(', d->w[j].len) && !memchr(wt, ')', d->w[j].len))
                paren = 1;
            else if (paren && memchr(wt, ')', d->w[j].len))
                paren = 0;
            since++;
            if (j + 1 < l->w0 + l->nw) {
                double g = d->w[j + 1].box.x0 - d->w[j].box.x1;
                if (g > thr || g_array_index(seps, guint8, j + 1))
                    cut = 1;
                if (ends_colon(d->text->str + d->w[j].off, d->w[j].len) &&
                    since <= 12 && !bracket && !paren)
                    cut = colon = 1;
            } else {
                cut = 1;
                colon = ends_colon(d->text->str + d->w[j].off, d->w[j].len);
            }
            if (cut) {
                nbars += g_array_index(seps, guint8, start);
                add_cell(d, cells, start, j + 1, colon);
                g_array_index(cells, pcell, cells->len - 1).bars = nbars;
                start = j + 1;
                since = 0;
            }
        }
        l->nc = cells->len - l->c0;
        g_array_free(gaps, TRUE);
    }
    g_array_free(seps, TRUE);
    d->nc = cells->len;
    d->c = (pcell *)g_array_free(cells, FALSE);
    d->fh = median(fhs, 10);
    g_array_free(fhs, TRUE);

    /* Line boxes, markers, gaps, scraps. */
    d->left = g_new0(double, d->npages + 1);
    d->ocr = g_new0(unsigned char, d->npages + 1);
    for (pg = 0; pg < d->npages; pg++)
        d->ocr[pg] = euc_page_source(euc_doc_page(doc, pg)) == EUC_SOURCE_OCR;
    d->right = g_new0(double, d->npages + 1);
    for (li = 0; li < d->nl; li++) {
        pline *l = &d->l[li];
        size_t j;
        double conf = 0;
        size_t alnum = 0;
        if (l->nw == 0)
            continue;
        l->box = d->w[l->w0].box;
        for (j = l->w0; j < l->w0 + l->nw; j++) {
            const euc_box *b = &d->w[j].box;
            const char *q = d->text->str + d->w[j].off;
            size_t m;
            if (b->x0 < l->box.x0) l->box.x0 = b->x0;
            if (b->y0 < l->box.y0) l->box.y0 = b->y0;
            if (b->x1 > l->box.x1) l->box.x1 = b->x1;
            if (b->y1 > l->box.y1) l->box.y1 = b->y1;
            conf += d->w[j].conf;
            for (m = 0; m < d->w[j].len; m++)
                if (g_ascii_isalnum(q[m]) || (unsigned char)q[m] >= 0xE0)
                    alnum++;
        }
        conf /= (double)l->nw;
        if (conf < 45 || alnum < 2)
            l->flags |= PL_SCRAP;
        {
            const char *s = d->text->str + l->off;
            size_t ml;
            l->mark = playout_marker(p, s, l->end - l->off, &ml);
            l->mark_end = l->off + ml;
        }
    }
    mark_furniture(d, p, doc);
    {
        int prev_page = -1;
        double prev_y1 = 0, prev_y0 = 0;
        for (li = 0; li < d->nl; li++) {
            pline *l = &d->l[li];
            if (l->nw == 0 || (l->flags & (PL_FURNITURE | PL_SCRAP)))
                continue;
            if (l->page != prev_page) {
                l->gap = -1;
            } else {
                double dy = l->box.y0 - prev_y0;
                l->gap = l->box.y0 - prev_y1;
                if (dy > 0 && dy < 4 * d->fh)
                    g_array_append_val(pitches, dy);
            }
            prev_page = l->page;
            prev_y1 = l->box.y1;
            prev_y0 = l->box.y0;
        }
    }
    d->pitch = median(pitches, 1.3 * d->fh);
    /* The common pitch is the lower quartile's neighbourhood: ruled
     * tables and paragraph gaps raise the median. */
    if (pitches->len > 4) {
        double q1 = g_array_index(pitches, double, pitches->len / 4);
        if (d->pitch > 1.5 * q1)
            d->pitch = q1;
    }
    g_array_free(pitches, TRUE);
    /* Margins per page: the most common left edge (2 pt bins). */
    for (pg = 0; pg < d->npages; pg++) {
        GHashTable *bins = g_hash_table_new(g_direct_hash, g_direct_equal);
        GArray *rights = g_array_new(FALSE, FALSE, sizeof(double));
        int best = 0, bestn = 0;
        double right = 0;
        for (li = 0; li < d->nl; li++) {
            const pline *l = &d->l[li];
            int b, n;
            if (l->page != (int)pg || l->nw == 0 ||
                (l->flags & (PL_FURNITURE | PL_SCRAP)))
                continue;
            b = (int)floor(l->box.x0 / 3.0);
            n = GPOINTER_TO_INT(g_hash_table_lookup(bins, GINT_TO_POINTER(b))) + 1;
            g_hash_table_replace(bins, GINT_TO_POINTER(b), GINT_TO_POINTER(n));
            if (n > bestn || (n == bestn && b < best)) {
                best = b;
                bestn = n;
            }
            if (l->nw >= 3)
                g_array_append_val(rights, l->box.x1);
        }
        /* the right edge of the text: most lines end before it, a few
         * (tables, long lines) after */
        if (rights->len) {
            qsort(rights->data, rights->len, sizeof(double), cmp_double);
            /* (on a page of a few lines the longest one is the measure) */
            right = g_array_index(rights, double,
                                  rights->len < 12 ? rights->len - 1
                                                   : (rights->len * 85) / 100);
        }
        d->left[pg] = bestn ? best * 3.0 : 0;
        /* a page of a few short lines has its right edge where the
         * paper's is (a text file's "paper" is its longest line: a
         * table's row is no margin) */
        if (rights->len < 12 &&
            right < 0.6 * euc_page_width(euc_doc_page(doc, pg)))
            right = 0.6 * euc_page_width(euc_doc_page(doc, pg));
        d->right[pg] = right;
        g_array_free(rights, TRUE);
        g_hash_table_destroy(bins);
    }
    d->flat = g_strdup(d->text->str);
    for (k = 0; d->flat[k]; k++)
        if (d->flat[k] == '\n')
            d->flat[k] = ' ';
}

void playout_free(pdoc *d)
{
    g_free(d->w);
    g_free(d->c);
    g_free(d->l);
    if (d->text)
        g_string_free(d->text, TRUE);
    g_free(d->flat);
    g_free(d->left);
    g_free(d->right);
    g_free(d->ocr);
    memset(d, 0, sizeof *d);
}

char *playout_cells_text(const pdoc *d, size_t c0, size_t c1)
{
    GString *s = g_string_new(NULL);
    size_t i;

    for (i = c0; i < c1 && i < d->nc; i++) {
        if (s->len)
            g_string_append_c(s, ' ');
        g_string_append_len(s, d->text->str + d->c[i].off,
                            (gssize)(d->c[i].end - d->c[i].off));
    }
    return g_string_free(s, FALSE);
}

int playout_turns_page(const pdoc *d, const pline *prev, const pline *l)
{
    const char *t = d->text->str;
    size_t e = prev->end;
    gunichar c;

    if (l->page != prev->page + 1 || l->off >= l->end ||
        !g_unichar_islower(g_utf8_get_char(t + l->off)))
        return 0;
    while (e > prev->off && t[e - 1] == ' ')
        e--;
    if (e <= prev->off)
        return 0;
    c = g_utf8_get_char(g_utf8_find_prev_char(t + prev->off, t + e));
    return !(c < 128 && strchr(".:;!?", (int)c) != NULL) && c != 0x3002 &&
           c != 0xFF0E && c != 0xFF1A && c != 0xFF1B && c != 0xFF01 &&
           c != 0xFF1F;
}

int playout_wraps(const pdoc *d, int page, double x1, size_t word)
{
    const pword *pw = &d->w[word];
    double w = pw->box.x1 - pw->box.x0;
    uint32_t cp;

    /* Chinese and Japanese break anywhere: two characters would do */
    euc_utf8_decode(d->text->str + pw->off, pw->len, &cp);
    if (ptext_is_cjk(cp)) {
        size_t n = ncols(d->text->str + pw->off, pw->len);
        if (n > 4)
            w = w * 4.0 / (double)n;
    }
    return x1 + d->cw + w > d->right[page] - d->cw;
}

size_t playout_cell_line(const pdoc *d, size_t ci)
{
    size_t w = d->c[ci].w0;

    return d->w[w].line;
}

char *playout_cell_text(const pdoc *d, size_t ci, int strip_marker)
{
    const pcell *c = &d->c[ci];
    size_t off = c->off;
    const pline *l = &d->l[playout_cell_line(d, ci)];

    if (strip_marker && l->c0 == ci && l->mark != MK_NONE &&
        l->mark_end > off && l->mark_end <= c->end)
        off = l->mark_end;
    return g_strndup(d->text->str + off, c->end - off);
}
