/* Tables with a header row: items (Description | HS Code | Quantity |
 * Value ...) and lists of other parties (Name | Address | Country | Role).
 * Columns are located from the header words' positions; each word of a row
 * goes to the column its centre falls in, so a row whose description wraps
 * onto a second line stays one row. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "parse-imp.h"

typedef struct col {
    int field;
    size_t cell;  /* the header cell (index of its last word + 1) */
    double x0, x1;
    const char *unit, *currency; /* from "(kg)", "(USD)" in the header */
} col;

typedef struct tkind {
    const char *prefix;   /* fields whose path starts with this */
    const char *row;      /* output path of a row */
    const char *section;  /* section of generic labels */
    int min_cols;
} tkind;

static const char *field_leaf(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int field_in_kind(const euc_parser *p, int f, const tkind *k)
{
    const char *path = p->fields[f].path;

    if (k->section == NULL)
        return g_str_has_prefix(path, k->prefix);
    /* Party columns: the generic fields whose labels count in the section. */
    if (path[0] != '*')
        return 0;
    {
        size_t l;
        for (l = 0; l < p->nlabels; l++)
            if (p->labels[l].field == f && p->labels[l].in != NULL &&
                ptext_label_valid_in(&p->labels[l], k->section))
                return 1;
    }
    return 0;
}

static GArray *header_of(run *r, size_t li, const tkind *k, int need_gaps)
{
    const pdoc *d = &r->d;
    const pline *l = &d->l[li];
    GArray *cols = g_array_new(FALSE, TRUE, sizeof(col));
    size_t w = l->w0, end = l->w0 + l->nw;
    int unknown = 0, gaps = 0, slash = 0;
    size_t i;

    for (i = l->w0 + 1; i < end; i++)
        if (d->w[i].box.x0 - d->w[i - 1].box.x1 > 2.2 * d->cw)
            gaps++;
    if (gaps == 0 && need_gaps)
        goto fail;
    while (w < end) {
        const char *s = d->text->str + d->w[w].off;
        size_t n, best_c = 0, lab, e = w + 1;

        if (d->w[w].len == 1 && (*s == '/' || *s == '|')) {
            slash = 1;
            w++;
            continue;
        }
        /* A header label does not run across a column gap. */
        while (e < end && d->w[e].box.x0 - d->w[e - 1].box.x1 <= 1.5 * d->cw)
            e++;
        n = d->w[e - 1].off + d->w[e - 1].len - d->w[w].off;
        int best = -1;
        for (lab = 0; lab < r->p->nlabels; lab++) {
            const plabel *pl = &r->p->labels[lab];
            int dist;
            size_t c;
            if (!field_in_kind(r->p, pl->field, k))
                continue;
            c = ptext_match_prefix(pl, s, n, &dist);
            if (c == 0 || (c < n && g_unichar_isalnum(g_utf8_get_char(s + c)) &&
                           !ptext_is_cjk(g_utf8_get_char(s + c))))
                continue;
            if (c > best_c) {
                best_c = c;
                best = pl->field;
            }
        }
        if (best >= 0) {
            col c = {0};
            size_t stop = d->w[w].off + best_c;
            c.field = best;
            c.cell = e;
            c.x0 = d->w[w].box.x0;
            c.x1 = d->w[w].box.x1;
            while (w < end && d->w[w].off < stop) {
                c.x1 = d->w[w].box.x1;
                w++;
            }
            /* A translation of the column before ("Description / 品名")
             * widens that column. */
            if (cols->len > 0) {
                col *prev = &g_array_index(cols, col, cols->len - 1);
                /* ... and so does a synonym in the same header cell
                 * ("Description of Goods", "Amount / 金額"). */
                if (prev->field == best &&
                    ((slash && c.x0 - prev->x1 <= 3.5 * d->cw) || prev->cell == e)) {
                    prev->x1 = c.x1;
                    slash = 0;
                    continue;
                }
            }
            /* The same field twice ("Item" then "Description"): the first
             * is a row-number column, its words are dropped. */
            for (i = 0; i < cols->len; i++)
                if (g_array_index(cols, col, i).field == best)
                    g_array_index(cols, col, i).field = -1;
            g_array_append_val(cols, c);
            slash = 0;
            continue;
        }
        {
            char *t = g_strndup(s, d->w[w].len);
            const char *u = pnum_unit_code(r->p, t);
            const char *cur = pnum_currency_code(r->p, t);
            if (cols->len && g_array_index(cols, col, cols->len - 1).cell == e) {
                /* a word inside a labelled header cell ("Description of
                 * Goods", "Quantity (kg)") widens that column */
                col *c = &g_array_index(cols, col, cols->len - 1);
                if (u && !c->unit && c->field >= 0 &&
                    r->p->fields[c->field].type == FT_QUANTITY)
                    c->unit = u;
                else if (cur && !c->currency && c->field >= 0 &&
                         r->p->fields[c->field].type == FT_MONEY)
                    c->currency = cur;
                c->x1 = d->w[w].box.x1;
            } else if (cols->len && (u || cur)) {
                col *c = &g_array_index(cols, col, cols->len - 1);
                if (u && !c->unit && c->field >= 0 &&
                    r->p->fields[c->field].type == FT_QUANTITY)
                    c->unit = u;
                else if (cur && !c->currency)
                    c->currency = cur;
                c->x1 = d->w[w].box.x1;
            } else {
                unknown++;
            }
            g_free(t);
        }
        w++;
    }
    {
        int real = 0;
        for (i = 0; i < cols->len; i++)
            real += g_array_index(cols, col, i).field >= 0;
        if (real < k->min_cols || unknown > 2)
            goto fail;
    }
    if (0)
        goto fail;
    return cols;
fail:
    g_array_free(cols, TRUE);
    return NULL;
}

/* Is line li a row line whose text column holds only a short tail? */
static int row_tail_follows(run *r, size_t li, const double *bound, size_t ncol,
                            size_t main_col)
{
    const pdoc *d = &r->d;
    const pline *l = &d->l[li];
    size_t w, nmain = 0, c;
    int other = 0;
    const char *first = NULL;

    if (l->rule || l->used)
        return 0;
    for (w = l->w0; w < l->w0 + l->nw; w++) {
        double cx = (d->w[w].box.x0 + d->w[w].box.x1) / 2;
        for (c = ncol; c-- > 0;)
            if (cx >= bound[c])
                break;
        if (c == main_col) {
            if (first == NULL)
                first = d->text->str + d->w[w].off;
            nmain++;
        } else {
            other = 1;
        }
    }
    return other && nmain > 0 && nmain <= 2 && first != NULL &&
           (g_ascii_islower(*first) || *first == ')' ||
            d->text->str[d->w[l->w0].off + d->w[l->w0].len - 1] == ')');
}

/* Gaps wider than a few characters between the words of line li. */
static size_t col_gaps(const pdoc *d, size_t li)
{
    const pline *l = &d->l[li];
    size_t w, n = 0;

    for (w = l->w0 + 1; w < l->w0 + l->nw; w++)
        if (d->w[w].box.x0 - d->w[w - 1].box.x1 > 2.2 * d->cw)
            n++;
    return n;
}

/* Has line li a word in the text column (main 1) or outside it (main 0)? */
static int line_has_col(const pdoc *d, size_t li, const double *bound,
                        size_t ncol, size_t main_col, int main)
{
    const pline *l = &d->l[li];
    size_t w, c;

    for (w = l->w0; w < l->w0 + l->nw; w++) {
        double cx = (d->w[w].box.x0 + d->w[w].box.x1) / 2;
        for (c = ncol; c-- > 0;)
            if (cx >= bound[c])
                break;
        if ((c == main_col) == (main != 0))
            return 1;
    }
    return 0;
}

static void read_rows(run *r, size_t hl, GArray *cols, const tkind *k)
{
    pdoc *d = &r->d;
    size_t ncol = cols->len, li, prev = hl, c;
    double *bound = g_new(double, ncol + 1);
    GArray **cells = g_new0(GArray *, ncol);
    int nrows = 0, have_row = 0, open_text = 0, opening = 0;
    size_t main_col = 0;

    /* The row's text column (description, name): a line with words only
     * there continues the row above. */
    while (main_col + 1 < ncol && g_array_index(cols, col, main_col).field < 0)
        main_col++;

    /* Column i owns centres from bound[i] on. */
    bound[0] = -1e9;
    for (c = 1; c < ncol; c++) {
        col *a = &g_array_index(cols, col, c - 1), *b = &g_array_index(cols, col, c);
        double mid = (a->x1 + b->x0) / 2;
        bound[c] = mid > b->x0 - 2 * d->cw ? mid : b->x0 - 2 * d->cw;
    }
    bound[ncol] = 1e9;
    for (c = 0; c < ncol; c++)
        cells[c] = g_array_new(FALSE, FALSE, sizeof(pspan));
    d->l[hl].used = 1;

    for (li = hl + 1; li <= d->nl; li++) {
        int end = li == d->nl;
        const pline *l = end ? NULL : &d->l[li];
        int other = 0, has_main = 0;
        GArray *rowcells[64];
        size_t w;

        if (!end && l->rule) {
            d->l[li].used = 1;
            continue;
        }
        /* A page footer ("Page 1 of 2") under a table that runs on: the
         * last line of its page, a few words, none in the text column. */
        if (!end && have_row && l->nw <= 4 &&
            (li + 1 == d->nl || d->l[li + 1].page != l->page) &&
            !line_has_col(d, li, bound, ncol, main_col, 1)) {
            d->l[li].used = 1;
            continue;
        }
        if (!end && l->page != d->l[prev].page) {
            /* The table goes on at the top of the next page when its first
             * line is a row (words in the text column and another). */
            if (!(have_row && l->page == d->l[prev].page + 1 &&
                  (li == 0 || d->l[li - 1].page != l->page ||
                   d->l[li - 1].used) &&
                  line_has_col(d, li, bound, ncol, main_col, 1) &&
                  line_has_col(d, li, bound, ncol, main_col, 0) &&
                  col_gaps(d, li) >= 2))
                end = 1;
        } else if (!end &&
                   l->box.y0 - d->l[prev].box.y0 > (have_row ? 2.5 : 4.0) * d->pitch)
            end = 1;
        if (!end && li > hl) {
            /* A second header line ("海关编码 数量 单位") is no row. */
            GArray *h2 = header_of(r, li, k, 0);
            if (h2 != NULL) {
                g_array_free(h2, TRUE);
                if (!have_row) {
                    d->l[li].used = 1;
                    continue;
                }
            }
            /* The next labelled field ends the table. */
            if (playout_label_at_line(r, li))
                end = 1;
        }
        if (!end) {
            /* A line of prose under the table ends it. */
            size_t gaps = 0;
            for (w = l->w0 + 1; w < l->w0 + l->nw; w++)
                if (d->w[w].box.x0 - d->w[w - 1].box.x1 > 2.2 * d->cw)
                    gaps++;
            if (gaps == 0 && l->nw >= 7)
                end = 1;
            if (g_ascii_strncasecmp(d->text->str + l->off, "total", 5) == 0 ||
                strncmp(d->text->str + l->off, "合计", 6) == 0 ||
                strncmp(d->text->str + l->off, "合計", 6) == 0) {
                d->l[li].used = 1;
                end = 1;
            }
        }
        if (!end) {
            for (c = 0; c < ncol && c < 64; c++)
                rowcells[c] = g_array_new(FALSE, FALSE, sizeof(pspan));
            for (w = l->w0; w < l->w0 + l->nw; w++) {
                double cx = (d->w[w].box.x0 + d->w[w].box.x1) / 2;
                for (c = ncol; c-- > 0;)
                    if (cx >= bound[c])
                        break;
                {
                    GArray *cell = rowcells[c];
                    if (cell->len > 0 &&
                        g_array_index(cell, pspan, cell->len - 1).end + 1 == d->w[w].off)
                        g_array_index(cell, pspan, cell->len - 1).end =
                            d->w[w].off + d->w[w].len;
                    else {
                        pspan s = {d->w[w].off, d->w[w].off + d->w[w].len};
                        g_array_append_val(cell, s);
                    }
                }
                if (c != main_col)
                    other = 1;
                else
                    has_main = 1;
            }
            /* Nothing in the text column: the cells of the row above wrap
             * ("USD" / "112,200.00"), no new row. */
            if (other && !has_main && have_row && !open_text)
                other = 0;
        }
        /* A line with something outside the first column starts a row;
         * a line with only the first column continues the row above,
         * unless the next line is a row whose text is only a tail
         * ("(grade" / "42SH) 8505.11 ..."): then it opens that row. */
        if (!end && !other && have_row && !open_text && li + 1 < d->nl &&
            row_tail_follows(r, li + 1, bound, ncol, main_col)) {
            other = 1;
            opening = 1;
        }
        if (!end && other && open_text) {
            other = 0; /* the values of the row opened by its text */
            open_text = 0;
        }
        if (end || other || !have_row) {
            /* A row with nothing in its text column (a second header line
             * the OCR garbled) is no item. */
            if (have_row && cells[main_col]->len == 0) {
                for (c = 0; c < ncol; c++)
                    g_array_set_size(cells[c], 0);
                have_row = 0;
            }
            /* Nor is a row that is a scrap in its text column alone, with no
             * letter in it: OCR's reading of a label it cannot read (a CJK
             * heading under eng gave "5"). */
            if (have_row) {
                int others = 0, letters = 0;
                char *t = ptext_join_lines(d, (pspan *)cells[main_col]->data,
                                           cells[main_col]->len);
                const char *q;
                for (c = 0; c < ncol; c++)
                    others |= c != main_col && cells[c]->len > 0;
                for (q = t; q && *q && !letters; q = g_utf8_next_char(q))
                    letters = g_unichar_isalpha(g_utf8_get_char(q));
                g_free(t);
                if (!others && !letters) {
                    for (c = 0; c < ncol; c++)
                        g_array_set_size(cells[c], 0);
                    have_row = 0;
                }
            }
            if (have_row) {
                char *rowpath = g_strdup_printf("%s[%d]", k->row, ++nrows);
                const char *unit = NULL, *cur = NULL;
                for (c = 0; c < ncol; c++) {
                    const pfield *f;
                    char *t;
                    if (cells[c]->len == 0 || g_array_index(cols, col, c).field < 0)
                        continue;
                    f = &r->p->fields[g_array_index(cols, col, c).field];
                    t = ptext_join_lines(d, (pspan *)cells[c]->data, cells[c]->len);
                    if (f->type == FT_UNIT)
                        unit = pnum_unit_code(r->p, t);
                    if (f->type == FT_CURRENCY)
                        cur = pnum_currency_code(r->p, t);
                    g_free(t);
                }
                for (c = 0; c < ncol; c++) {
                    col *cl = &g_array_index(cols, col, c);
                    const pfield *f;
                    char *path;
                    pval *v;
                    if (cl->field < 0)
                        continue;
                    f = &r->p->fields[cl->field];
                    if (cells[c]->len == 0 || f->type == FT_UNIT ||
                        f->type == FT_CURRENCY)
                        continue;
                    path = g_strdup_printf("%s/%s", rowpath, field_leaf(f->path));
                    run_set_typed(r, path, f->type == FT_PARTY ? FT_TEXT : f->type,
                                  (pspan *)cells[c]->data, cells[c]->len,
                                  "table", NULL, "column under its header");
                    v = run_get(r, path);
                    if (v && f->type == FT_QUANTITY && (unit || cl->unit)) {
                        guint i;
                        int has = 0;
                        for (i = 0; i + 1 < v->attrs->len; i += 2)
                            has |= strcmp(v->attrs->pdata[i], "unit") == 0;
                        if (!has)
                            pval_attr(v, "unit", unit ? unit : cl->unit);
                    }
                    if (v && f->type == FT_MONEY && (cur || cl->currency)) {
                        guint i;
                        int has = 0;
                        for (i = 0; i + 1 < v->attrs->len; i += 2)
                            has |= strcmp(v->attrs->pdata[i], "currency") == 0;
                        if (!has)
                            pval_attr(v, "currency", cur ? cur : cl->currency);
                    }
                    g_free(path);
                }
                g_free(rowpath);
                for (c = 0; c < ncol; c++)
                    g_array_set_size(cells[c], 0);
            }
            have_row = !end;
        }
        if (end)
            break;
        for (c = 0; c < ncol && c < 64; c++) {
            g_array_append_vals(cells[c], rowcells[c]->data, rowcells[c]->len);
            g_array_free(rowcells[c], TRUE);
        }
        if (opening) {
            open_text = 1;
            opening = 0;
        }
        d->l[li].used = 1;
        prev = li;
    }
    if (nrows > 0)
        run_note(r, "%-28s table: header on line %zu, %d rows", k->row, hl + 1,
                 nrows);
    for (c = 0; c < ncol; c++)
        g_array_free(cells[c], TRUE);
    g_free(cells);
    g_free(bound);
}

/* Items whose columns are not aligned: header lines (column labels only)
 * are set aside, and each line that reads as description, HS code,
 * quantity and value (<item-rows> patterns) is an item. */
static void item_rows(run *r, const tkind *k)
{
    size_t li;
    int n = 0, cont = 0;

    for (li = 0; li < r->d.nl; li++) {
        pline *l = &r->d.l[li];
        GArray *cols;
        char *line;
        guint i;
        if (l->used || l->rule || l->nw == 0)
            continue;
        cols = header_of(r, li, k, 0);
        if (cols != NULL) {
            l->used = 1;
            g_array_free(cols, TRUE);
            continue;
        }
        line = g_strndup(r->d.text->str + l->off, l->end - l->off);
        for (i = 0; i < r->p->item_rows->len; i++) {
            pphrase *ph = r->p->item_rows->pdata[i];
            GMatchInfo *mi = NULL;
            int g;
            if (!g_regex_match(ph->re, line, 0, &mi)) {
                g_match_info_free(mi);
                continue;
            }
            n++;
            /* A short line under the row continues its description
             * ("NdFeB magnets (grade" / "42SH)"). */
            {
                pline *nx = li + 1 < r->d.nl ? &r->d.l[li + 1] : NULL;
                cont = 0;
                if (nx && !nx->used && !nx->rule && nx->nw > 0 && nx->nw <= 3 &&
                    nx->page == l->page &&
                    memchr(r->d.text->str + nx->off, ':', nx->end - nx->off) == NULL) {
                    char *nl = g_strndup(r->d.text->str + nx->off, nx->end - nx->off);
                    guint q;
                    GArray *hc = header_of(r, li + 1, k, 0);
                    cont = hc == NULL;
                    if (hc)
                        g_array_free(hc, TRUE);
                    for (q = 0; cont && q < r->p->item_rows->len; q++)
                        if (g_regex_match(((pphrase *)r->p->item_rows->pdata[q])->re,
                                          nl, 0, NULL))
                            cont = 0;
                    g_free(nl);
                }
            }
            for (g = 1; g < ph->nslots; g++) {
                gint a, b;
                char *path;
                int f;
                pspan sp[2];
                if (ph->slots[g] == NULL || !g_match_info_fetch_pos(mi, g, &a, &b) ||
                    a < 0 || b <= a)
                    continue;
                sp[0].off = l->off + (size_t)a;
                sp[0].end = l->off + (size_t)b;
                sp[1].off = r->d.l[li + (cont ? 1 : 0)].off;
                sp[1].end = r->d.l[li + (cont ? 1 : 0)].end;
                path = g_strdup_printf("%s[%d]/%s", k->row, n, ph->slots[g]);
                {
                    char *fp = g_strdup_printf("%s/%s", k->row, ph->slots[g]);
                    f = pdata_field_by_path(r->p, fp);
                    g_free(fp);
                }
                run_set_typed(r, path, f >= 0 ? r->p->fields[f].type : FT_TEXT,
                              sp, cont && g_str_has_suffix(path, "/description") ? 2 : 1,
                              "items-row", NULL, ph->source);
                g_free(path);
            }
            l->used = 1;
            if (cont)
                r->d.l[li + 1].used = 1;
            g_match_info_free(mi);
            break;
        }
        g_free(line);
    }
}

/* The repeated element under a list field ("items" -> "item"). */
static const char *repeat_child(const euc_parser *p, const char *path)
{
    xmlNodePtr c;

    for (c = p->output_tpl->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            strcmp((const char *)c->name, path) == 0)
            break;
    for (c = c ? c->children : NULL; c != NULL; c = c->next) {
        xmlChar *rep = xmlGetProp(c, (const xmlChar *)"repeat");
        if (rep != NULL) {
            xmlFree(rep);
            return (const char *)c->name;
        }
    }
    return NULL;
}

void ptable_read(run *r)
{
    size_t li, f;

    /* One table per list field (items, other parties). */
    for (f = 0; f < r->p->nfields; f++) {
        const pfield *pf = &r->p->fields[f];
        const char *item;
        tkind k;
        char *row, *prefix;
        if (pf->type != FT_ITEMS && pf->type != FT_PARTIES)
            continue;
        item = repeat_child(r->p, pf->path);
        if (item == NULL)
            continue;
        row = g_strdup_printf("%s/%s", pf->path, item);
        prefix = g_strdup_printf("%s/", row);
        k.prefix = prefix;
        k.row = row;
        /* Items have their own column fields; parties use the generic
         * name/address/country/role of their section. */
        k.section = pf->type == FT_PARTIES ? pf->section : NULL;
        k.min_cols = pf->type == FT_PARTIES ? 3 : 2;
        for (li = 0; li < r->d.nl; li++) {
            GArray *cols;
            if (r->d.l[li].used || r->d.l[li].rule || r->d.l[li].nw < 2)
                continue;
            cols = header_of(r, li, &k, 1);
            if (cols == NULL)
                continue;
            read_rows(r, li, cols, &k);
            g_array_free(cols, TRUE);
            break;
        }
        if (pf->type == FT_ITEMS && li == r->d.nl)
            item_rows(r, &k);
        g_free(row);
        g_free(prefix);
    }
}
