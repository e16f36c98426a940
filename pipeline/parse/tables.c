/* Tables of items and of other parties.  A header is a line of short
 * cells at least two of which name columns (description, HS code,
 * quantity, value; name, address, country, role), perhaps over two lines
 * ("序号 / No.", "Quantity / (kg)").  Its cells set the columns; a line
 * belongs to the table while its cells fall into them.  A row starts where
 * the number column or the description and another column have a cell; a
 * line with fewer cells continues the row above (a wrapped description, an
 * amount under its currency).  The table ends at a total row, at a line
 * that fits no column (a heading, a paragraph), at a blank gap, and goes
 * on over a page break when the next page starts with the header again or
 * with rows that fit. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

enum {
    COL_OTHER = 0, COL_INDEX, COL_DESC, COL_HS, COL_CONTROL, COL_QTY,
    COL_UNIT, COL_VALUE, COL_CURRENCY, COL_NAME, COL_ADDRESS, COL_COUNTRY,
    COL_ROLE
};

static int col_kind(const euc_parser *p, const char *text, int first, int ocr)
{
    psense s;
    int i;
    size_t n = strlen(text);

    if (n == 0 || strcmp(text, "#") == 0 || strcmp(text, "No.") == 0 ||
        strcmp(text, "No") == 0)
        return first ? COL_INDEX : COL_OTHER;
    /* one stray character in a header is OCR reading a ruling ("|" as
     * "1", "5", "l"): it names no column, nor does it make the line text */
    if (ocr && g_utf8_strlen(text, -1) == 1 && !g_unichar_isalpha(g_utf8_get_char(text)))
        return COL_OTHER;
    plabel_sense(p, text, n, ocr, &s);
    if (s.content > 0 || s.sentence)
        return -1;
    /* "No./Description" glued: the description names the column */
    for (i = 0; i < s.nattr; i++)
        if (s.attr[i] == p->a_description)
            return COL_DESC;
    for (i = 0; i < s.nattr; i++) {
        int a = s.attr[i];
        if (a == p->a_hs) return COL_HS;
        if (a == p->a_quantity) return COL_QTY;
        if (a == p->a_value) return COL_VALUE;
        if (a == p->a_unit) return COL_UNIT;
        if (a == p->a_currency) return COL_CURRENCY;
        if (a == p->a_control) return COL_CONTROL;
        if (a == p->a_description) return COL_DESC;
        if (a == p->a_address) return COL_ADDRESS;
        if (a == p->a_country) return COL_COUNTRY;
        if (a == p->a_role) return COL_ROLE;
        if (a == p->a_name || a == p->a_company) return COL_NAME;
        if (a == p->a_number) return first ? COL_INDEX : COL_OTHER;
    }
    if (s.entity == p->c_items)
        return first ? COL_INDEX + 100 : COL_DESC; /* "Item": resolved below */
    if (s.entity == p->c_sub_suppliers)
        return COL_NAME;
    return COL_OTHER;
}

static const char *const col_names[] = {
    "other", "row number", "description", "hs-code", "control-number", "quantity",
    "unit", "value", "currency", "name", "address", "country", "role"};

char *ptable_describe(const run *r, const ptable *t)
{
    GString *g = g_string_new(NULL);
    int k;

    g_string_append_printf(g, "%s table, lines %zu-%zu, columns:",
                           t->kind == r->p->c_items ? "items" : "parties",
                           t->l0 + 1, t->l1);
    for (k = 0; k < t->ncol; k++) {
        int a = t->attr[k];
        g_string_append_printf(g, "%s %s", k ? " |" : "",
                               a >= 0 && a <= COL_ROLE ? col_names[a] : "other");
    }
    if (t->by_order)
        g_string_append(g, " (cells in order, not aligned)");
    return g_string_free(g, FALSE);
}

static int kind_of_cols(const int *k, int n)
{
    int i, items = 0, parties = 0, desc = 0;

    for (i = 0; i < n; i++) {
        if (k[i] == COL_HS || k[i] == COL_QTY || k[i] == COL_VALUE ||
            k[i] == COL_UNIT || k[i] == COL_CONTROL)
            items++;
        if (k[i] == COL_ADDRESS || k[i] == COL_COUNTRY || k[i] == COL_ROLE)
            parties++;
        if (k[i] == COL_DESC)
            desc++;
    }
    if (items >= 1 && items + desc >= 2)
        return 1;
    if (parties >= 1)
        return 2;
    return 0;
}

static int is_integer(const char *s)
{
    size_t i, n = strlen(s);

    while (n > 0 && (s[n - 1] == '.' || s[n - 1] == ')'))
        n--;
    if (n == 0 || n > 3)
        return 0;
    for (i = 0; i < n; i++)
        if (!g_ascii_isdigit(s[i]))
            return 0;
    return 1;
}

/* The column holding a box: the one it overlaps most. */
static int col_of_box(const ptable *t, const euc_box *bx)
{
    int k, best = -1;
    double bo = 0;

    for (k = 0; k < t->ncol; k++) {
        double a = bx->x0 > t->cx[k] ? bx->x0 : t->cx[k];
        double b = bx->x1 < t->cx[k + 1] ? bx->x1 : t->cx[k + 1];
        double o = b - a;
        if (o > bo) {
            bo = o;
            best = k;
        }
    }
    if (best < 0) {
        for (k = 0; k < t->ncol; k++)
            if (bx->x0 >= t->cx[k] && bx->x0 < t->cx[k + 1])
                best = k;
    }
    return best;
}

static int col_of(const ptable *t, const pcell *c)
{
    return col_of_box(t, &c->box);
}

static int wide_col(int attr)
{
    return attr == COL_DESC || attr == COL_NAME || attr == COL_ADDRESS ||
           attr == COL_ROLE;
}

/* Does the line's every cell fall into one column, none into another's? */
static int fits_geometry(const run *r, const ptable *t, const pline *l)
{
    size_t c, w;

    /* Each cell's words fall into one column, or into two when the first
     * is a description that its last words overran ("... tins 2805.30");
     * a cell over three columns is a line of prose. */
    for (c = l->c0; c < l->c0 + l->nc; c++) {
        const pcell *pc = &r->d.c[c];
        int kmin = 1 << 20, kmax = -1;
        for (w = pc->w0; w < pc->w0 + pc->nw; w++) {
            int k = col_of_box(t, &r->d.w[w].box);
            if (k < 0)
                return 0;
            if (k < kmin)
                kmin = k;
            if (k > kmax)
                kmax = k;
        }
        if (kmax - kmin >= 2 || (kmax > kmin && !wide_col(t->attr[kmin])))
            return 0;
    }
    return 1;
}

/* In a text table ruled with bars ("1 | Oxide | 2846.90 |  | USD 9"), the
 * column of a cell: the bars before it, so that an empty cell counts too
 * (one bar before the first cell, "| 1 | Oxide |", is the table's edge). */
static int bar_col(const run *r, const pline *l, size_t c)
{
    int first = r->d.c[l->c0].bars;

    return r->d.c[c].bars - (first > 0 ? first : 0);
}

static int bars(const run *r, const pline *l)
{
    return l->nc > 0 ? r->d.c[l->c0 + l->nc - 1].bars : 0;
}

/* The column of each word of a line (cols[k] for word l->w0 + k), by
 * the header's positions, or, where cells are not aligned ("a | b | c" in
 * plain text), by their cell's order when there are as many cells as
 * columns.  0 when the line is no row of the table. */
static int assign(const run *r, const ptable *t, const pline *l, int *cols)
{
    size_t c, w;

    if (l->nw > 256)
        return 0;
    if (t->by_order == 2 && bars(r, l) > 0) {
        for (c = 0; c < l->nc; c++) {
            int k = bar_col(r, l, l->c0 + c);
            if (k >= t->ncol)
                return 0;
            for (w = r->d.c[l->c0 + c].w0;
                 w < r->d.c[l->c0 + c].w0 + r->d.c[l->c0 + c].nw; w++)
                cols[w - l->w0] = k;
        }
        return 1;
    }
    if (fits_geometry(r, t, l)) {
        for (w = 0; w < l->nw; w++)
            cols[w] = col_of_box(t, &r->d.w[l->w0 + w].box);
        /* A description that ran into the next column: only its last
         * words with digits ("2805.30") are that column's. */
        for (c = l->c0; c < l->c0 + l->nc; c++) {
            const pcell *pc = &r->d.c[c];
            size_t a = pc->w0 - l->w0, e = a + pc->nw, k;
            int first = cols[a], last = cols[e - 1];
            if (first == last)
                continue;
            k = e;
            while (k > a && cols[k - 1] == last) {
                const pword *pw = &r->d.w[l->w0 + k - 1];
                size_t q, digits = 0;
                const char *wt = r->d.text->str + pw->off;
                for (q = 0; q < pw->len; q++)
                    digits += g_ascii_isdigit(wt[q]) != 0;
                /* a code or an amount, not a bracket's end ("99.99%)")
                 * nor a grade ("80/20") */
                if (2 * digits <= pw->len || memchr(wt, ')', pw->len) ||
                    memchr(wt, '%', pw->len) || memchr(wt, '/', pw->len))
                    break;
                k--;
            }
            for (w = a; w < k; w++)
                cols[w] = first;
        }
        return 1;
    }
    if (t->by_order && l->nc == (size_t)t->ncol) {
        for (c = 0; c < l->nc; c++)
            for (w = r->d.c[l->c0 + c].w0;
                 w < r->d.c[l->c0 + c].w0 + r->d.c[l->c0 + c].nw; w++)
                cols[w - l->w0] = (int)c;
        return 1;
    }
    return 0;
}

static int fits(const run *r, const ptable *t, const pline *l)
{
    int cols[256];

    return assign(r, t, l, cols);
}

/* A row that sums the table: its first cell starts with a word of
 * prose.xml's "total-row" list. */
static int is_total(const run *r, const pline *l)
{
    char *t = g_utf8_strdown(r->d.text->str + r->d.c[l->c0].off,
                             (gssize)(r->d.c[l->c0].end - r->d.c[l->c0].off));
    const char *w;
    int hit;

    g_strstrip(t);
    w = pdata_word_at(r->p, "total-row", t, 0);
    hit = w != NULL && (t[strlen(w)] == '\0' || t[strlen(w)] == ':' ||
                        t[strlen(w)] == ' ' || (unsigned char)w[0] >= 0x80);
    g_free(t);
    return hit;
}

/* A line that would start something else: a marked heading, a "Label:". */
static int breaks_table(const run *r, const ptable *t, const pline *l)
{
    const pcell *c = &r->d.c[l->c0];

    if (l->mark == MK_SECTION || l->mark == MK_ROMAN || l->mark == MK_CJK ||
        l->mark == MK_LETTER_CAP)
        return 1;
    if (c->colon)
        return 1;
    if (l->nc == 1 && ptext_is_caps(r->d.text->str + c->off, c->end - c->off))
        return 1;
    /* a heading of another part, numbered or not: "6. Processing
     * Companies", "誓約事項 Pledges" under a table of items ("1. Samarium
     * oxide", "sealed tins" are rows) */
    if (l->nc <= 2) {
        psense s;
        size_t off = l->mark_end > c->off && l->mark_end <= c->end ? l->mark_end : c->off;
        const char *txt = r->d.text->str + off;
        size_t n = l->end - off;
        const char *slash;
        int k;
        if (g_ascii_islower(txt[0]))
            return 0;
        /* (or, a bilingual heading whose other half OCR garbled, "6.
         * Sub-suppliers / (1 TiwW", its first half) */
        slash = g_strstr_len(txt, (gssize)n, " / ");
        for (k = 0; k < 2; k++) {
            size_t len = k == 0 ? n : slash ? (size_t)(slash - txt) : 0;
            if (len == 0)
                continue;
            plabel_sense(r->p, txt, len, 1, &s);
            if (s.entity >= 0 && s.entity != t->kind && s.labelness >= 3 && s.content == 0)
                return 1;
        }
    }
    return 0;
}

static char *cell_text(const run *r, size_t c)
{
    return g_strndup(r->d.text->str + r->d.c[c].off,
                     r->d.c[c].end - r->d.c[c].off);
}

int ptable_detect(run *r, size_t li, ptable *t)
{
    const pdoc *d = &r->d;
    const pline *h = &d->l[li];
    int kinds[32], known = 0, k, n;
    size_t c, l, hdr_end;
    int rows = 0, long_cells = 0;

    memset(t, 0, sizeof *t);
    if (h->nc < 3 || h->nc > 12 || (h->flags & (PL_SCRAP | PL_RULE)))
        return 0;
    n = (int)h->nc;
    for (k = 0; k < n; k++) {
        char *txt = cell_text(r, h->c0 + (size_t)k);
        size_t words = 1;
        const char *q;
        for (q = txt; *q; q++)
            words += *q == ' ';
        if (words > 6)
            long_cells++;
        kinds[k] = col_kind(r->p, txt, k == 0, 1);
        g_free(txt);
        if (kinds[k] < 0)
            return 0;
        if (kinds[k] != COL_OTHER && kinds[k] != COL_INDEX &&
            kinds[k] != COL_INDEX + 100)
            known++;
    }
    if (long_cells > 0 || known < 2 || 2 * known < n - 1)
        return 0;
    /* "Item | Description | ...": the first column numbers the rows. */
    for (k = 0; k < n; k++)
        if (kinds[k] == COL_INDEX + 100) {
            int desc = 0, j;
            for (j = 0; j < n; j++)
                desc |= kinds[j] == COL_DESC;
            kinds[k] = desc ? COL_INDEX : COL_DESC;
        }
    if (kind_of_cols(kinds, n) == 0)
        return 0;
    /* "Product name", "物项名称": in a table of items, the description */
    if (kind_of_cols(kinds, n) == 1)
        for (k = 0; k < n; k++)
            if (kinds[k] == COL_NAME)
                kinds[k] = COL_DESC;
    t->ncol = n;
    t->cx = g_new0(double, (size_t)n + 1);
    t->attr = g_new0(int, (size_t)n);
    for (k = 0; k < n; k++) {
        const pcell *pc = &d->c[h->c0 + (size_t)k];
        t->attr[k] = kinds[k];
        if (k == 0)
            t->cx[k] = -1e9;
        else {
            const pcell *prev = &d->c[h->c0 + (size_t)k - 1];
            t->cx[k] = (prev->box.x1 + pc->box.x0) / 2;
        }
    }
    t->cx[n] = 1e9;
    t->kind = kind_of_cols(kinds, n) == 1 ? r->p->c_items : r->p->c_sub_suppliers;
    t->l0 = t->hdr0 = li;
    /* A header over two lines: short cells, no digits, close below. */
    hdr_end = li + 1;
    while (hdr_end < d->nl && hdr_end < li + 3) {
        const pline *x = &d->l[hdr_end];
        /* (a scrap of a header over two lines, "序号" / "No.", may sit
         * further below: short, few cells) */
        int tiny = x->nc <= 2 && x->end - x->off <= 8;
        int ok = x->nw > 0 && x->page == h->page && x->gap >= 0 &&
                 x->gap < (tiny ? 1.6 : 0.8) * d->fh && fits(r, t, x) &&
                 x->mark == MK_NONE && !breaks_table(r, t, x);
        for (c = x->c0; ok && c < x->c0 + x->nc; c++) {
            char *txt = cell_text(r, c);
            const char *q;
            for (q = txt; *q; q++)
                if (g_ascii_isdigit(*q))
                    ok = 0;
            if (strlen(txt) > 24)
                ok = 0;
            g_free(txt);
        }
        if (!ok)
            break;
        hdr_end++;
    }
    t->hdr1 = hdr_end;
    /* A column named over two lines ("Control" / "No."): the words of both
     * name it when the first alone does not. */
    if (hdr_end > li + 1) {
        GString **joined = g_new0(GString *, (size_t)n);
        for (k = 0; k < n; k++)
            joined[k] = g_string_new(NULL);
        for (l = li; l < hdr_end; l++)
            for (c = d->l[l].c0; c < d->l[l].c0 + d->l[l].nc; c++) {
                int col = col_of(t, &d->c[c]);
                char *txt = cell_text(r, c);
                if (col >= 0) {
                    if (joined[col]->len)
                        g_string_append_c(joined[col], ' ');
                    g_string_append(joined[col], txt);
                }
                g_free(txt);
            }
        for (k = 0; k < n; k++) {
            if (t->attr[k] == COL_OTHER) {
                int kk = col_kind(r->p, joined[k]->str, k == 0, 1);
                if (kk > 0)
                    t->attr[k] = kk;
            }
            g_string_free(joined[k], TRUE);
        }
        g_free(joined);
    }
    /* Cells not aligned under their header: the next line has as many
     * cells as the header, but not in its columns. */
    if (hdr_end < d->nl && d->l[hdr_end].nc == h->nc &&
        !fits_geometry(r, t, &d->l[hdr_end]))
        t->by_order = 1;
    /* or ruled with bars in text, each header cell between its own: the
     * bars place the cells, an empty one too (not on a scan, where OCR
     * reads some rulings as bars and misses others) */
    if (hdr_end < d->nl && !d->ocr[h->page] &&
        bars(r, &d->l[hdr_end]) > 0 && bars(r, h) >= n - 1) {
        int ok = 1;
        for (k = 0; k < n && ok; k++)
            ok = bar_col(r, h, h->c0 + (size_t)k) == k;
        if (ok)
            t->by_order = 2;
    }
    /* The rows. */
    for (l = hdr_end; l < d->nl; l++) {
        const pline *x = &d->l[l];
        if (x->flags & (PL_FURNITURE | PL_RULE | PL_SCRAP))
            continue;
        if (x->nw == 0)
            continue;
        if (x->page != h->page && x->gap < 0) {
            /* a new page: the header again, or rows that fit */
            ptable again;
            if (ptable_detect(r, l, &again) && again.kind == t->kind) {
                size_t e = again.l1;
                g_free(again.cx);
                g_free(again.attr);
                rows++;
                l = e - 1;
                continue;
            }
            if (!fits(r, t, x) || breaks_table(r, t, x))
                break;
        }
        if (x->gap > 2.2 * d->fh && x->gap > 1.8 * d->pitch)
            break;
        if (is_total(r, x)) {
            l++;
            break;
        }
        if (breaks_table(r, t, x) || !fits(r, t, x))
            break;
        rows++;
    }
    t->l1 = l;
    /* a header of items with no row under it is a table left empty: the
     * goods are missing, and the header is no row of labels */
    if (rows == 0 && t->kind == r->p->c_items && known >= 3 && hdr_end > li + 0 &&
        (l >= d->nl || breaks_table(r, t, &d->l[l])))
        return 1;
    if (rows == 0) {
        g_free(t->cx);
        g_free(t->attr);
        memset(t, 0, sizeof *t);
        return 0;
    }
    return 1;
}

typedef struct trow {
    GString *col[16];
    GArray *sp[16];   /* pspan per column */
} trow;

static void row_free(trow *w, int n)
{
    int k;

    for (k = 0; k < n && k < 16; k++) {
        if (w->col[k])
            g_string_free(w->col[k], TRUE);
        if (w->sp[k])
            g_array_free(w->sp[k], TRUE);
    }
}

static void row_add(trow *w, int k, const run *r, size_t off, size_t end)
{
    pspan s = {off, end};

    if (w->col[k] == NULL) {
        w->col[k] = g_string_new(NULL);
        w->sp[k] = g_array_new(FALSE, FALSE, sizeof(pspan));
    }
    if (w->col[k]->len)
        g_string_append_c(w->col[k], ' ');
    g_string_append_len(w->col[k], r->d.text->str + off, (gssize)(end - off));
    g_array_append_val(w->sp[k], s);
}

static void set_col(run *r, const trow *w, int k, const char *path, pftype type,
                    const char *how)
{
    if (k < 0 || w->col[k] == NULL)
        return;
    run_set_typed(r, path, type, w->col[k]->str, (pspan *)w->sp[k]->data,
                  w->sp[k]->len, "table", NULL, how);
}

static int find_col(const ptable *t, int kind)
{
    int k;

    for (k = 0; k < t->ncol; k++)
        if (t->attr[k] == kind)
            return k;
    return -1;
}

static void emit_item(run *r, const ptable *t, const trow *w, const char *hdr_unit,
                      const char *hdr_cur)
{
    int k = run_next_index(r, P_ITEMS_ITEM);
    char *base = g_strdup_printf("items/item[%d]", k);
    char *path;
    int cq = find_col(t, COL_QTY), cu = find_col(t, COL_UNIT);
    int cv = find_col(t, COL_VALUE), cc = find_col(t, COL_CURRENCY);
    pval *v;

    path = g_strdup_printf("%s/description", base);
    {
        /* a row number in the description's column ("2 Samarium metal") */
        int cd = find_col(t, COL_DESC);
        if (cd >= 0 && w->col[cd] && find_col(t, COL_INDEX) < 0) {
            GString *g = w->col[cd];
            size_t nd = 0;
            while (nd < g->len && nd < 3 && g_ascii_isdigit(g->str[nd]))
                nd++;
            if (nd > 0 && nd < g->len && g->str[nd] == ' ' && w->sp[cd]->len > 0) {
                pspan *s0 = &g_array_index(w->sp[cd], pspan, 0);
                g_string_erase(g, 0, (gssize)nd + 1);
                if (s0->end > s0->off + nd)
                    s0->off += nd + 1;
            }
        }
        set_col(r, w, cd, path, FT_TEXT, "items table row");
    }
    g_free(path);
    path = g_strdup_printf("%s/hs-code", base);
    set_col(r, w, find_col(t, COL_HS), path, FT_LINE, "items table row");
    g_free(path);
    path = g_strdup_printf("%s/control-number", base);
    set_col(r, w, find_col(t, COL_CONTROL), path, FT_LINE, "items table row");
    g_free(path);
    path = g_strdup_printf("%s/quantity", base);
    if (cq >= 0 && w->col[cq]) {
        GString *q = g_string_new(w->col[cq]->str);
        /* a cell of the quantity column with no digit, whose first letter
         * OCR may have made of a 1 ("it" for "1 t", "l kg") */
        if (strpbrk(q->str, "0123456789") == NULL && strchr("lIi|", q->str[0]) != NULL &&
            q->str[0] != '\0') {
            char *u = g_strdup_printf("1 %s", q->str + 1);
            if (pnum_unit_code(r->p, u) != NULL)
                g_string_assign(q, u);
            g_free(u);
        }
        if (cu >= 0 && w->col[cu])
            g_string_append_printf(q, " %s", w->col[cu]->str);
        else if (hdr_unit && pnum_unit_code(r->p, q->str) == NULL)
            g_string_append_printf(q, " %s", hdr_unit);
        v = run_set_typed(r, path, FT_QUANTITY, q->str, (pspan *)w->sp[cq]->data,
                          w->sp[cq]->len, "table", NULL, "items table row");
        (void)v;
        g_string_free(q, TRUE);
    }
    g_free(path);
    path = g_strdup_printf("%s/value", base);
    if (cv >= 0 && w->col[cv]) {
        GString *q = g_string_new(w->col[cv]->str);
        if (cc >= 0 && w->col[cc])
            g_string_prepend(g_string_prepend_c(q, ' '), w->col[cc]->str);
        else if (hdr_cur && pnum_currency_code(r->p, q->str) == NULL)
            g_string_append_printf(q, " %s", hdr_cur);
        run_set_typed(r, path, FT_MONEY, q->str, (pspan *)w->sp[cv]->data,
                      w->sp[cv]->len, "table", NULL, "items table row");
        g_string_free(q, TRUE);
    }
    g_free(path);
    /* a row with a description but no item fields is still an item */
    if (!run_has_prefix(r, base)) {
        int cd = find_col(t, COL_DESC);
        if (cd >= 0 && w->col[cd]) {
            path = g_strdup_printf("%s/description", base);
            run_set(r, path, w->col[cd]->str, NULL, 0, "table", NULL, "row");
            g_free(path);
        }
    }
    g_free(base);
}

static void emit_party(run *r, const ptable *t, const trow *w)
{
    int k = run_next_index(r, P_SUB_SUPPLIERS_PARTY);
    char *base = g_strdup_printf("sub-suppliers/party[%d]", k);
    int cn = find_col(t, COL_NAME), ca = find_col(t, COL_ADDRESS);
    char *path;

    if (cn >= 0 && w->col[cn] && ca < 0) {
        /* name and address in one column */
        pbuf b;
        guint i;
        pbuf_init(&b);
        for (i = 0; i < w->sp[cn]->len; i++) {
            pspan s = g_array_index(w->sp[cn], pspan, i);
            pbuf_add(&b, r->d.text->str, s.off, s.end, "\n");
        }
        pparty_read(r, base, &b, 0, "table", NULL, "parties table row");
        pbuf_clear(&b);
    } else {
        path = g_strdup_printf("%s/name", base);
        set_col(r, w, cn, path, FT_LINE, "parties table row");
        g_free(path);
        path = g_strdup_printf("%s/address", base);
        set_col(r, w, ca, path, FT_TEXT, "parties table row");
        g_free(path);
    }
    path = g_strdup_printf("%s/country", base);
    set_col(r, w, find_col(t, COL_COUNTRY), path, FT_COUNTRY, "parties table row");
    g_free(path);
    path = g_strdup_printf("%s/role", base);
    set_col(r, w, find_col(t, COL_ROLE), path, FT_LINE, "parties table row");
    g_free(path);
    if (run_has_prefix(r, base))
        r->parties_labelled = 1;
    g_free(base);
}

int ptable_read(run *r, ptable *t, const char *label)
{
    const pdoc *d = &r->d;
    trow w;
    int have = 0, rows = 0, ci = find_col(t, COL_INDEX), cd = find_col(t, COL_DESC);
    int cn = find_col(t, COL_NAME);
    size_t l, c;
    int cols[256];
    const char *hdr_unit = NULL, *hdr_cur = NULL;
    int cq = find_col(t, COL_QTY), cvl = find_col(t, COL_VALUE);

    (void)label;
    if (t->ncol > 16)
        return 0;
    /* "Qty (kg)": the header gives the unit */
    if (cq >= 0) {
        for (l = t->hdr0; l < t->hdr1 && hdr_unit == NULL; l++)
            for (c = d->l[l].c0; c < d->l[l].c0 + d->l[l].nc; c++)
                if (col_of(t, &d->c[c]) == cq) {
                    char *txt = cell_text(r, c);
                    hdr_unit = pnum_unit_code(r->p, txt);
                    g_free(txt);
                }
    }
    /* "Value (EUR)": and the currency */
    if (cvl >= 0) {
        for (l = t->hdr0; l < t->hdr1 && hdr_cur == NULL; l++)
            for (c = d->l[l].c0; c < d->l[l].c0 + d->l[l].nc; c++)
                if (col_of(t, &d->c[c]) == cvl) {
                    char *txt = cell_text(r, c);
                    hdr_cur = pnum_currency_code(r->p, txt);
                    g_free(txt);
                }
    }
    memset(&w, 0, sizeof w);
    for (l = t->hdr1; l < t->l1; l++) {
        const pline *x = &d->l[l];
        int start = 0, ncell = 0, has_index = 0, has_desc = 0, other = 0;
        if (x->flags & (PL_FURNITURE | PL_RULE | PL_SCRAP) || x->nw == 0)
            continue;
        if (is_total(r, x))
            break;
        /* a repeated header on a later page */
        if (x->gap < 0 && l > t->hdr1) {
            ptable again;
            if (ptable_detect(r, l, &again)) {
                size_t skip = again.hdr1;
                g_free(again.cx);
                g_free(again.attr);
                l = skip - 1;
                continue;
            }
        }
        {
            int ok = assign(r, t, x, cols);
            if (!ok)
                continue;
        }
        /* before the first row, a short line without a digit is the
         * header's rest ("序号" / "No." under a one-line header) */
        if (!have && x->end - x->off <= 8) {
            size_t q;
            int digit = 0;
            for (q = x->off; q < x->end; q++)
                digit |= g_ascii_isdigit(d->text->str[q]);
            if (!digit)
                continue;
        }
        for (c = 0; c < x->nw; c++) {
            const pword *pw = &d->w[x->w0 + c];
            int k = cols[c];
            char *txt;
            if (k < 0)
                continue;
            ncell++;
            txt = g_strndup(d->text->str + pw->off, pw->len);
            if (k == ci && is_integer(txt))
                has_index = 1;
            else if (k == cd || k == cn)
                has_desc = 1;
            else if (k != ci)
                other++;
            g_free(txt);
        }
        if (ci >= 0)
            start = has_index;
        else
            start = has_desc && other > 0;
        if (!have)
            start = 1;
        if (start && have) {
            if (t->kind == r->p->c_items)
                emit_item(r, t, &w, hdr_unit, hdr_cur);
            else
                emit_party(r, t, &w);
            rows++;
            row_free(&w, t->ncol);
            memset(&w, 0, sizeof w);
        }
        have = 1;
        /* runs of words of one column, each a piece of that column */
        for (c = 0; c < x->nw;) {
            int k = cols[c];
            size_t e = c + 1;
            while (e < x->nw && cols[e] == k &&
                   d->w[x->w0 + e].box.x0 - d->w[x->w0 + e - 1].box.x1 < 3 * d->cw)
                e++;
            if (k >= 0 && k != ci)
                row_add(&w, k, r, d->w[x->w0 + c].off,
                        d->w[x->w0 + e - 1].off + d->w[x->w0 + e - 1].len);
            c = e;
        }
    }
    if (have) {
        if (t->kind == r->p->c_items)
            emit_item(r, t, &w, hdr_unit, hdr_cur);
        else
            emit_party(r, t, &w);
        rows++;
        row_free(&w, t->ncol);
    }
    if (rows > 0 && t->kind == r->p->c_items)
        r->items_from_table = 1;
    t->done = 1;
    return rows;
}
