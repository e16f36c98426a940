/* euc_parse: the parse stage's entry point, the value store every reader
 * writes to, and the builder of the <certificate> XML.
 *
 * The readers (parse_table.c, parse_layout.c, parse_prose.c, parse_sign.c)
 * run in that order: the first to set an output path wins, so a labelled
 * table cell beats a phrase found in prose. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "euc_data.h"
#include "parse-imp.h"
#include "utf8.h"

euc_parser *euc_parser_new(const char *data_dir, euc_error *err)
{
    euc_parser *p = g_new0(euc_parser, 1);

    if (pdata_load(p, data_dir ? data_dir : euc_data_dir(), err) < 0) {
        euc_parser_free(p);
        return NULL;
    }
    return p;
}

void euc_parser_free(euc_parser *p)
{
    if (p == NULL)
        return;
    pdata_free(p);
    g_free(p);
}

/* --- the flattened document -------------------------------------------- */

static int is_box_char(gunichar c)
{
    return c == '|' || c == 0x2502 || c == 0x2503 || c == 0x2551 ||
           c == 0x2506 || c == 0x250A || c == 0xA6 || c == 0xFF5C;
}

static int is_rule_char(gunichar c)
{
    return c == '-' || c == '=' || c == '+' || c == '_' || c == '~' ||
           (c >= 0x2500 && c <= 0x257F) || c == 0x2014 || c == 0x2015 ||
           c == 0x30FC || is_box_char(c);
}

static int all_rule(const char *s)
{
    size_t n = 0;

    for (; *s; s = g_utf8_next_char(s), n++)
        if (!is_rule_char(g_utf8_get_char(s)))
            return 0;
    return n >= 3 ? 1 : -1; /* -1: short, e.g. a lone "|" or "-" */
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static gint word_cy_cmp(gconstpointer a, gconstpointer b)
{
    const euc_word *x = *(const euc_word *const *)a, *y = *(const euc_word *const *)b;
    double cx = (x->box.y0 + x->box.y1) / 2, cy = (y->box.y0 + y->box.y1) / 2;
    return cx < cy ? -1 : cx > cy;
}

static gint word_x_cmp(gconstpointer a, gconstpointer b)
{
    const euc_word *x = *(const euc_word *const *)a, *y = *(const euc_word *const *)b;
    return x->box.x0 < y->box.x0 ? -1 : x->box.x0 > y->box.x0;
}

/* The page's words regrouped into visual lines: words whose vertical
 * centres agree share a line, left to right.  Extractors give lines in
 * text-flow order (a PDF's column of labels, then its column of values);
 * a label and its value cell must be on one line for the readers. */
static GPtrArray *visual_lines(const euc_page *page)
{
    GPtrArray *words = g_ptr_array_new(), *lines = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_ptr_array_unref);
    GPtrArray *cur = NULL;
    double cy = 0, ch = 0;
    size_t i;

    for (i = 0; i < euc_page_nwords(page); i++)
        g_ptr_array_add(words, (gpointer)euc_page_word(page, i));
    g_ptr_array_sort(words, word_cy_cmp);
    for (i = 0; i < words->len; i++) {
        const euc_word *w = words->pdata[i];
        double wy = (w->box.y0 + w->box.y1) / 2, wh = w->box.y1 - w->box.y0;
        if (cur == NULL || wy - cy > 0.5 * (wh < ch ? wh : ch)) {
            cur = g_ptr_array_new();
            g_ptr_array_add(lines, cur);
            cy = wy;
            ch = wh > 0 ? wh : 1;
        }
        g_ptr_array_add(cur, (gpointer)w);
        /* the line's centre follows its words, for a slight skew */
        cy = cy + (wy - cy) / (double)cur->len;
    }
    for (i = 0; i < lines->len; i++)
        g_ptr_array_sort(lines->pdata[i], word_x_cmp);
    g_ptr_array_free(words, TRUE);
    return lines;
}

static void pdoc_build(pdoc *d, const euc_doc *doc)
{
    GArray *w = g_array_new(FALSE, TRUE, sizeof(pword));
    GArray *l = g_array_new(FALSE, TRUE, sizeof(pline));
    GArray *cws = g_array_new(FALSE, FALSE, sizeof(double));
    GArray *pitches = g_array_new(FALSE, FALSE, sizeof(double));
    size_t pg, li, k;

    d->text = g_string_new(NULL);
    for (pg = 0; pg < euc_doc_npages(doc); pg++) {
        const euc_page *page = euc_doc_page(doc, pg);
        double prev_y = -1;
        GPtrArray *vlines = visual_lines(page);
        for (li = 0; li < vlines->len; li++) {
            GPtrArray *el = vlines->pdata[li];
            pline pl = {0};
            int rule_only = 1, any = 0;
            pl.page = (int)pg;
            pl.w0 = w->len;
            pl.box = ((const euc_word *)el->pdata[0])->box;
            if (d->text->len > 0)
                g_string_append_c(d->text, '\n');
            pl.off = d->text->len;
            for (k = 0; k < el->len; k++) {
                const euc_word *ew = el->pdata[k];
                const char *s = ew->text, *e = s + strlen(s);
                long ncols = 0, lead = 0, trail = 0, cols;
                pword pw = {0};
                int ar = all_rule(s);
                const char *q0 = s;
                while (*q0 == ' ' || *q0 == '\t')
                    q0++;
                if (*q0 == '\0')
                    continue; /* a blank "word" from OCR */
                any = 1;
                if (ar == 1 || ar == -1) {
                    if (ar == -1 && !is_box_char(g_utf8_get_char(s)))
                        rule_only = 0;
                    if (ar == -1 && is_box_char(g_utf8_get_char(s)))
                        continue;
                    if (ar == 1)
                        continue;
                }
                rule_only = 0;
                for (const char *q = s; q < e; q = g_utf8_next_char(q))
                    ncols += euc_utf8_width(g_utf8_get_char(q));
                /* Box characters and fill-in blanks glued to a word. */
                while (s < e && (is_box_char(g_utf8_get_char(s)) ||
                                 *s == '_')) {
                    lead += euc_utf8_width(g_utf8_get_char(s));
                    s = g_utf8_next_char(s);
                }
                while (e > s) {
                    const char *pc = g_utf8_find_prev_char(s, e);
                    gunichar c = g_utf8_get_char(pc);
                    if (!is_box_char(c) && c != '_')
                        break;
                    trail += euc_utf8_width(c);
                    e = pc;
                }
                if (e <= s)
                    continue;
                pw.box = ew->box;
                if (ncols > 0 && (lead || trail)) {
                    double cwid = (ew->box.x1 - ew->box.x0) / (double)ncols;
                    pw.box.x0 += lead * cwid;
                    pw.box.x1 -= trail * cwid;
                }
                cols = ncols - lead - trail;
                if (cols > 0) {
                    double c = (pw.box.x1 - pw.box.x0) / (double)cols;
                    if (c > 0)
                        g_array_append_val(cws, c);
                }
                pw.conf = ew->conf;
                pw.page = (int)pg;
                pw.line = l->len;
                if (d->text->len > pl.off)
                    g_string_append_c(d->text, ' ');
                pw.off = d->text->len;
                pw.len = (size_t)(e - s);
                g_string_append_len(d->text, s, (gssize)(e - s));
                g_array_append_val(w, pw);
            }
            pl.nw = w->len - pl.w0;
            pl.end = d->text->len;
            pl.rule = any && rule_only;
            if (pl.nw > 0) {
                pword *fw = &g_array_index(w, pword, pl.w0);
                size_t j;
                pl.box = fw->box;
                for (j = 1; j < pl.nw; j++) {
                    pword *x = &g_array_index(w, pword, pl.w0 + j);
                    if (x->box.x0 < pl.box.x0) pl.box.x0 = x->box.x0;
                    if (x->box.y0 < pl.box.y0) pl.box.y0 = x->box.y0;
                    if (x->box.x1 > pl.box.x1) pl.box.x1 = x->box.x1;
                    if (x->box.y1 > pl.box.y1) pl.box.y1 = x->box.y1;
                }
                if (prev_y >= 0 && pl.box.y0 > prev_y) {
                    double dy = pl.box.y0 - prev_y;
                    g_array_append_val(pitches, dy);
                }
                prev_y = pl.box.y0;
            }
            if (pl.nw > 0 || pl.rule)
                g_array_append_val(l, pl);
            else if (d->text->len > 0 && d->text->len == pl.off)
                g_string_truncate(d->text, pl.off - (pl.off > 0));
        }
        g_ptr_array_free(vlines, TRUE);
    }
    d->nw = w->len;
    d->w = (pword *)g_array_free(w, FALSE);
    d->nl = l->len;
    d->l = (pline *)g_array_free(l, FALSE);
    if (cws->len)
        qsort(cws->data, cws->len, sizeof(double), cmp_double);
    if (pitches->len)
        qsort(pitches->data, pitches->len, sizeof(double), cmp_double);
    d->cw = cws->len ? g_array_index(cws, double, cws->len / 2) : 6.0;
    /* The common step between lines: the median of the steps not much
     * larger than the lower quartile (blank lines and gaps left out, and
     * OCR lines split at a column not counted as a step of their own). */
    d->pitch = 12.0;
    if (pitches->len) {
        double q1 = g_array_index(pitches, double, pitches->len / 4);
        guint i2, n2 = 0;
        for (i2 = 0; i2 < pitches->len; i2++)
            if (g_array_index(pitches, double, i2) <= 2 * q1)
                n2++;
        d->pitch = g_array_index(pitches, double, n2 / 2);
        if (d->pitch < 0.5 * q1 || d->pitch <= 0)
            d->pitch = q1 > 0 ? q1 : 12.0;
    }
    g_array_free(cws, TRUE);
    g_array_free(pitches, TRUE);
    d->flat = g_strdup(d->text->str);
    for (k = 0; d->flat[k]; k++)
        if (d->flat[k] == '\n')
            d->flat[k] = ' ';
}

static void pdoc_free(pdoc *d)
{
    g_free(d->w);
    g_free(d->l);
    if (d->text)
        g_string_free(d->text, TRUE);
    g_free(d->flat);
}

/* --- the value store ---------------------------------------------------- */

static void pval_free(gpointer data)
{
    pval *v = data;

    g_free(v->path);
    g_free(v->text);
    g_ptr_array_free(v->attrs, TRUE);
    g_free(v->reader);
    g_free(v->label);
    g_free(v->how);
    g_free(v);
}

void run_evidence(const run *r, const pspan *sp, size_t n, int *page,
                  double *conf)
{
    size_t i, j, cnt = 0;
    double sum = 0;

    *page = 0;
    *conf = 0;
    for (i = 0; i < n; i++) {
        /* Words are in stream order: a linear scan is short enough. */
        for (j = 0; j < r->d.nw; j++) {
            const pword *w = &r->d.w[j];
            if (w->off >= sp[i].end)
                break;
            if (w->off + w->len <= sp[i].off)
                continue;
            if (cnt == 0)
                *page = w->page + 1;
            sum += w->conf;
            cnt++;
        }
    }
    if (cnt)
        *conf = sum / (double)cnt;
}

pval *run_get(run *r, const char *path)
{
    return g_hash_table_lookup(r->vals, path);
}

void run_unset(run *r, const char *path)
{
    pval *v = g_hash_table_lookup(r->vals, path);

    if (v == NULL)
        return;
    g_hash_table_remove(r->vals, path);
    g_ptr_array_remove(r->order, v); /* frees v */
}

void pval_attr(pval *v, const char *name, const char *value)
{
    guint i;

    for (i = 0; i + 1 < v->attrs->len; i += 2)
        if (strcmp(v->attrs->pdata[i], name) == 0) {
            g_free(v->attrs->pdata[i + 1]);
            v->attrs->pdata[i + 1] = g_strdup(value);
            return;
        }
    g_ptr_array_add(v->attrs, g_strdup(name));
    g_ptr_array_add(v->attrs, g_strdup(value));
}

pval *run_set(run *r, const char *path, const char *text, const pspan *sp,
              size_t nsp, const char *reader, const char *label,
              const char *how)
{
    pval *v;

    if (g_hash_table_contains(r->vals, path))
        return NULL;
    v = g_new0(pval, 1);
    v->path = g_strdup(path);
    v->text = g_strdup(text ? text : "");
    v->attrs = g_ptr_array_new_with_free_func(g_free);
    if (sp != NULL && nsp > 0)
        run_evidence(r, sp, nsp, &v->page, &v->conf);
    v->reader = g_strdup(reader);
    v->label = g_strdup(label);
    v->how = g_strdup(how);
    g_ptr_array_add(r->order, v);
    g_hash_table_insert(r->vals, v->path, v);
    return v;
}

void run_note(run *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_string_append_vprintf(r->notes, fmt, ap);
    va_end(ap);
    g_string_append_c(r->notes, '\n');
}

/* Is the template element at this path repeated (<item repeat="true">)? */
static xmlNodePtr tpl_child(xmlNodePtr n, const char *name)
{
    xmlNodePtr c;

    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* Is anything stored at path or below it? */
static int has_prefix(run *r, const char *path)
{
    size_t n = strlen(path);
    guint i;

    for (i = 0; i < r->order->len; i++) {
        const char *v = ((pval *)r->order->pdata[i])->path;
        if (strncmp(v, path, n) == 0 && (v[n] == '\0' || v[n] == '/'))
            return 1;
    }
    return 0;
}

char *run_resolve(run *r, const char *path, const char *section, int fresh)
{
    GString *out = g_string_new(NULL);
    gchar **steps;
    char *full;
    xmlNodePtr t = r->p->output_tpl;
    int i;

    if (path[0] == '*') {
        if (section == NULL) {
            g_string_free(out, TRUE);
            return NULL;
        }
        full = g_strconcat(section, path + 1, NULL);
    } else {
        full = g_strdup(path);
    }
    steps = g_strsplit(full, "/", -1);
    for (i = 0; steps[i]; i++) {
        xmlNodePtr c = tpl_child(t, steps[i]);
        int pending = 0;
        /* "sub-suppliers/name" means the name of one party of the list. */
        if (c == NULL && t != NULL && t->children != NULL &&
            t->children->next == NULL && i > 0) {
            xmlChar *rep = xmlGetProp(t->children, (const xmlChar *)"repeat");
            if (rep != NULL) {
                xmlFree(rep);
                t = t->children;
                c = tpl_child(t, steps[i]);
                g_string_append_printf(out, "/%s", (const char *)t->name);
                pending = 1;
            }
        }
        if (pending) {
            gpointer cur = g_hash_table_lookup(r->repeat, out->str);
            int k = cur ? GPOINTER_TO_INT(cur) : 1;
            if (fresh) {
                GString *probe = g_string_new(NULL);
                int j;
                g_string_printf(probe, "%s[%d]", out->str, k);
                for (j = i; steps[j]; j++)
                    g_string_append_printf(probe, "/%s", steps[j]);
                if (g_hash_table_contains(r->vals, probe->str))
                    k++;
                g_string_free(probe, TRUE);
            }
            g_hash_table_replace(r->repeat, g_strdup(out->str),
                                 GINT_TO_POINTER(k));
            g_string_append_printf(out, "[%d]", k);
        }
        if (out->len)
            g_string_append_c(out, '/');
        g_string_append(out, steps[i]);
        t = c;
        if (c != NULL) {
            xmlChar *rep = xmlGetProp(c, (const xmlChar *)"repeat");
            if (rep != NULL) {
                gpointer cur = g_hash_table_lookup(r->repeat, out->str);
                int k = cur ? GPOINTER_TO_INT(cur) : 1;
                xmlFree(rep);
                if (fresh) {
                    GString *probe = g_string_new(NULL);
                    int j;
                    g_string_printf(probe, "%s[%d]", out->str, k);
                    for (j = i + 1; steps[j]; j++)
                        g_string_append_printf(probe, "/%s", steps[j]);
                    if (steps[i + 1] == NULL ? has_prefix(r, probe->str)
                                             : g_hash_table_contains(r->vals, probe->str))
                        k++;
                    g_string_free(probe, TRUE);
                }
                g_hash_table_replace(r->repeat, g_strdup(out->str),
                                     GINT_TO_POINTER(k));
                g_string_append_printf(out, "[%d]", k);
            }
        }
    }
    g_strfreev(steps);
    g_free(full);
    return g_string_free(out, FALSE);
}

/* --- typed values ------------------------------------------------------- */

static char *first_line(const run *r, const pspan *sp, size_t n, size_t *idx)
{
    size_t i;

    for (i = 0; i < n; i++) {
        char *t = ptext_trim(r->d.flat + sp[i].off, sp[i].end - sp[i].off);
        if (*t) {
            *idx = i;
            return t;
        }
        g_free(t);
    }
    return NULL;
}

void run_set_typed(run *r, const char *path, pftype type, const pspan *sp,
                   size_t nsp, const char *reader, const char *label,
                   const char *how)
{
    char *text = NULL, *num = NULL;
    const char *code = NULL;
    size_t i0 = 0;
    pval *v;

    if (nsp == 0)
        return;
    if ((type == FT_QUANTITY || type == FT_MONEY) && nsp > 1) {
        /* A cell wrapped between currency and amount ("USD" /
         * "112,200.00") is one value. */
        text = ptext_join_lines(&r->d, sp, nsp);
    } else if (type == FT_LINE || type == FT_QUANTITY || type == FT_MONEY ||
        type == FT_COUNTRY || type == FT_UNIT || type == FT_CURRENCY) {
        text = first_line(r, sp, nsp, &i0);
        sp += i0;
        nsp = text ? 1 : 0;
    } else if (g_str_has_suffix(path, "/address")) {
        text = ptext_join_address(&r->d, sp, nsp);
    } else {
        text = ptext_join_lines(&r->d, sp, nsp);
    }
    if (text == NULL || ptext_is_placeholder(r->p, text)) {
        run_note(r, "%-28s %s: label '%s' found, value '%s' is empty or a placeholder",
                 path, reader, label ? label : "", text ? text : "");
        g_free(text);
        return;
    }
    switch (type) {
    case FT_DATE: {
        char iso[11];
        size_t a, b;
        if (pdate_find(r->p, text, iso, &a, &b) < 0) {
            run_note(r, "%-28s %s: label '%s' found, but no date in '%s'",
                     path, reader, label ? label : "", text);
            break;
        }
        v = run_set(r, path, iso, sp, nsp, reader, label, how);
        if (v) {
            char *raw = g_strndup(text + a, b - a);
            pval_attr(v, "raw", raw);
            g_free(raw);
        }
        break;
    }
    case FT_COUNTRY: {
        const pcountry *c = pcountry_exact(r->p, text);
        size_t a, b;
        if (c == NULL)
            c = pcountry_in_address(r->p, text, &a, &b);
        v = run_set(r, path, text, sp, nsp, reader, label, how);
        if (v && c)
            pval_attr(v, "code", c->code);
        break;
    }
    case FT_QUANTITY:
        if (pnum_quantity(r->p, text, &num, &code) < 0) {
            run_note(r, "%-28s %s: no number in '%s'", path, reader, text);
            break;
        }
        v = run_set(r, path, num, sp, nsp, reader, label, how);
        if (v && code)
            pval_attr(v, "unit", code);
        if (v)
            pval_attr(v, "raw", text);
        break;
    case FT_MONEY:
        if (pnum_money(r->p, text, &num, &code) < 0) {
            run_note(r, "%-28s %s: no amount in '%s'", path, reader, text);
            break;
        }
        v = run_set(r, path, num, sp, nsp, reader, label, how);
        if (v && code)
            pval_attr(v, "currency", code);
        if (v)
            pval_attr(v, "raw", text);
        break;
    default:
        run_set(r, path, text, sp, nsp, reader, label, how);
        break;
    }
    g_free(num);
    g_free(text);
}

/* --- after the readers -------------------------------------------------- */

/* An address's country, from its last line, when no country was stated. */
static void derive_countries(run *r)
{
    guint i;

    for (i = 0; i < r->order->len; i++) {
        pval *v = r->order->pdata[i], *c;
        size_t len = strlen(v->path), a, b;
        const pcountry *pc;
        char *cpath;
        if (len < 8 || strcmp(v->path + len - 8, "/address") != 0)
            continue;
        cpath = g_strdup_printf("%.*s/country", (int)(len - 8), v->path);
        pc = pcountry_in_address(r->p, v->text, &a, &b);
        if (pc != NULL && !g_hash_table_contains(r->vals, cpath)) {
            char *t = g_strndup(v->text + a, b - a);
            c = run_set(r, cpath, t, NULL, 0, v->reader, v->label,
                        "the address's last line");
            if (c) {
                pval_attr(c, "code", pc->code);
                c->page = v->page;
                c->conf = v->conf;
            }
            /* An "address" that is only a country is no address. */
            if (a == 0 && b >= strlen(v->text) - 1 && !ptext_is_cjk(g_utf8_get_char(v->text))) {
                char *apath = g_strdup(v->path);
                g_free(t);
                g_free(cpath);
                run_unset(r, apath);
                g_free(apath);
                i--;
                continue;
            }
            /* The country on its own last segment is the country, not part
             * of the address ("..., Osaka 530-0005, Japan"). */
            if (a > 0 && b >= strlen(v->text) - 1) {
                size_t e = a;
                while (e > 0 && (v->text[e - 1] == ' ' || v->text[e - 1] == ','))
                    e--;
                if (e > 0 && (v->text[e] == ',' || v->text[e] == ' ') &&
                    strchr(v->text + e, ',') != NULL)
                    v->text[e] = '\0';
            }
            g_free(t);
        }
        g_free(cpath);
    }
}

static void defaults(run *r)
{
    pval *v;

    if (run_get(r, "re-export/@permitted") == NULL) {
        run_set(r, "re-export/@permitted", "unstated", NULL, 0, "default",
                NULL, "no re-export undertaking or declaration found");
    }
    v = run_get(r, "signatory/signature");
    if (v == NULL) {
        v = run_set(r, "signatory/signature", "", NULL, 0, "default", NULL,
                    "no ink near a signature label, no /s/ in the text");
        pval_attr(v, "present", "false");
    }
    v = run_get(r, "signatory/seal");
    if (v == NULL) {
        v = run_set(r, "signatory/seal", "", NULL, 0, "default", NULL,
                    "no stamp found");
        pval_attr(v, "present", "false");
    }
    /* Parties listed: the certificate did not declare "none". */
    if (run_get(r, "sub-suppliers/@declared-none") == NULL) {
        guint i;
        for (i = 0; i < r->order->len; i++) {
            pval *x = r->order->pdata[i];
            if (g_str_has_prefix(x->path, "sub-suppliers/party[")) {
                run_set(r, "sub-suppliers/@declared-none", "false", NULL, 0,
                        "default", NULL, "parties are listed");
                break;
            }
        }
    }
}

/* --- the XML ------------------------------------------------------------ */

static char *join_path(const char *prefix, const char *name)
{
    return *prefix ? g_strdup_printf("%s/%s", prefix, name) : g_strdup(name);
}

static void build(run *r, xmlNodePtr tpl, xmlNodePtr parent,
                  const char *prefix);

static void fill_one(run *r, xmlNodePtr tpl, xmlNodePtr parent,
                     const char *path)
{
    xmlNodePtr e = xmlNewChild(parent, NULL, tpl->name, NULL);
    pval *v = run_get(r, path);
    size_t plen = strlen(path);
    guint i;

    for (i = 0; i < r->order->len; i++) {
        pval *a = r->order->pdata[i];
        if (strncmp(a->path, path, plen) == 0 && a->path[plen] == '/' &&
            a->path[plen + 1] == '@')
            xmlSetProp(e, (const xmlChar *)(a->path + plen + 2),
                       (const xmlChar *)a->text);
    }
    if (v != NULL) {
        char buf[32];
        if (*v->text)
            xmlNodeAddContent(e, (const xmlChar *)v->text);
        for (i = 0; i + 1 < v->attrs->len; i += 2) {
            /* raw= only where the contract has it: dates, amounts. */
            xmlSetProp(e, (const xmlChar *)v->attrs->pdata[i],
                       (const xmlChar *)v->attrs->pdata[i + 1]);
        }
        if (v->page > 0) {
            snprintf(buf, sizeof buf, "%d", v->page);
            xmlSetProp(e, (const xmlChar *)"page", (const xmlChar *)buf);
            snprintf(buf, sizeof buf, "%.0f", v->conf);
            xmlSetProp(e, (const xmlChar *)"confidence", (const xmlChar *)buf);
        }
    }
    build(r, tpl, e, path);
    if (e->children == NULL && e->properties == NULL) {
        xmlUnlinkNode(e);
        xmlFreeNode(e);
    }
}

static void build(run *r, xmlNodePtr tpl, xmlNodePtr parent,
                  const char *prefix)
{
    xmlNodePtr c;

    for (c = tpl->children; c != NULL; c = c->next) {
        xmlChar *rep;
        char *path;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        path = join_path(prefix, (const char *)c->name);
        rep = xmlGetProp(c, (const xmlChar *)"repeat");
        if (rep != NULL) {
            int k, max = 0;
            guint i;
            size_t plen = strlen(path);
            for (i = 0; i < r->order->len; i++) {
                pval *v = r->order->pdata[i];
                if (strncmp(v->path, path, plen) == 0 && v->path[plen] == '[') {
                    int idx = atoi(v->path + plen + 1);
                    if (idx > max)
                        max = idx;
                }
            }
            for (k = 1; k <= max; k++) {
                char *ip = g_strdup_printf("%s[%d]", path, k);
                fill_one(r, c, parent, ip);
                g_free(ip);
            }
            xmlFree(rep);
        } else {
            fill_one(r, c, parent, path);
        }
        g_free(path);
    }
}

/* --- explain ------------------------------------------------------------ */

/* Does a concrete path ("items/item[2]/hs-code") belong to a field path
 * ("items/item/hs-code", "*" + "/address")? */
static int path_is_field(const char *path, const char *field)
{
    GString *plain = g_string_new(NULL);
    const char *s;
    int ok;

    for (s = path; *s; s++) {
        if (*s == '[') {
            while (*s && *s != ']')
                s++;
            if (!*s)
                break;
            continue;
        }
        g_string_append_c(plain, *s);
    }
    if (field[0] == '*') {
        size_t fl = strlen(field + 1);
        ok = plain->len > fl &&
             strcmp(plain->str + plain->len - fl, field + 1) == 0;
    } else {
        ok = strcmp(plain->str, field) == 0;
    }
    g_string_free(plain, TRUE);
    return ok;
}

static char *explain_text(run *r)
{
    GString *s = g_string_new(NULL);
    guint i;
    size_t f;

    g_string_append_printf(s, "# %s: %zu pages, %s\n",
                           euc_doc_path(r->doc), euc_doc_npages(r->doc),
                           euc_doc_text_method(r->doc));
    g_string_append(s, "# found (path, value, page/confidence, reader, evidence)\n");
    for (i = 0; i < r->order->len; i++) {
        pval *v = r->order->pdata[i];
        guint k;
        if (g_str_has_prefix(v->path, "source/"))
            continue;
        g_string_append_printf(s, "%-34s \"%s\"", v->path, v->text);
        for (k = 0; k + 1 < v->attrs->len; k += 2)
            g_string_append_printf(s, " %s=\"%s\"", (char *)v->attrs->pdata[k],
                                   (char *)v->attrs->pdata[k + 1]);
        if (v->page > 0)
            g_string_append_printf(s, "  [page %d, confidence %.0f]", v->page,
                                   v->conf);
        g_string_append_printf(s, "  reader=%s", v->reader ? v->reader : "-");
        if (v->label)
            g_string_append_printf(s, " label=\"%s\"", v->label);
        if (v->how)
            g_string_append_printf(s, " (%s)", v->how);
        g_string_append_c(s, '\n');
    }
    if (r->notes->len) {
        g_string_append(s, "# seen but not taken\n");
        g_string_append(s, r->notes->str);
    }
    g_string_append(s, "# not found (labels looked for)\n");
    for (f = 0; f < r->p->nfields; f++) {
        const pfield *pf = &r->p->fields[f];
        size_t l;
        int found = 0, n = 0;
        if (pf->type == FT_SECTION || pf->type == FT_UNIT ||
            pf->type == FT_CURRENCY)
            continue;
        for (i = 0; i < r->order->len && !found; i++) {
            pval *v = r->order->pdata[i];
            const char *fp = pf->path;
            if (path_is_field(v->path, fp))
                found = 1;
            /* A party, items or list field counts when anything under it
             * was found. */
            if (fp[0] != '*' && g_str_has_prefix(v->path, fp) &&
                (v->path[strlen(fp)] == '/' || v->path[strlen(fp)] == '['))
                found = 1;
        }
        if (found)
            continue;
        g_string_append_printf(s, "%-34s %s: ", pf->path,
                               r->label_seen[f] ? "label met, no value taken"
                                                : "no label");
        for (l = 0; l < r->p->nlabels; l++) {
            if (r->p->labels[l].field != (int)f)
                continue;
            g_string_append_printf(s, "%s\"%s\"", n++ ? ", " : "",
                                   r->p->labels[l].text);
        }
        g_string_append_c(s, '\n');
    }
    return g_string_free(s, FALSE);
}

/* --- entry point -------------------------------------------------------- */

static char *file_sha256(const char *path, euc_error *err)
{
    gchar *data = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    char *hex;

    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        euc_error_set(err, EUC_ERR_IO, "parse", path, "%s",
                      gerr ? gerr->message : "cannot read");
        g_clear_error(&gerr);
        return NULL;
    }
    hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data,
                                      len);
    g_free(data);
    return hex;
}

int euc_parse(euc_parser *p, euc_ctx *ctx, const euc_doc *doc,
              const char *name, const char *sha256, xmlDocPtr *out,
              char **explain, euc_error *err)
{
    run r;
    char *sum = NULL, buf[64];
    xmlDocPtr xd = NULL;
    xmlNodePtr root;
    int rc = -1;

    *out = NULL;
    if (explain)
        *explain = NULL;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.doc = doc;
    r.ctx = ctx;
    r.vals = g_hash_table_new(g_str_hash, g_str_equal);
    r.order = g_ptr_array_new_with_free_func(pval_free);
    r.repeat = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r.notes = g_string_new(NULL);
    r.sigboxes = g_array_new(FALSE, TRUE, sizeof(psigarea));
    r.label_seen = g_new0(int, p->nfields ? p->nfields : 1);
    if (sha256 == NULL) {
        sum = file_sha256(euc_doc_path(doc), err);
        if (sum == NULL)
            goto cleanup;
        sha256 = sum;
    }
    pdoc_build(&r.d, doc);

    run_set(&r, "source/@file", name ? name : euc_doc_path(doc), NULL, 0,
            "source", NULL, NULL);
    run_set(&r, "source/@sha256", sha256, NULL, 0, "source", NULL, NULL);
    snprintf(buf, sizeof buf, "%zu", euc_doc_npages(doc));
    run_set(&r, "source/@pages", buf, NULL, 0, "source", NULL, NULL);
    run_set(&r, "source/@text-method", euc_doc_text_method(doc), NULL, 0,
            "source", NULL, NULL);
    snprintf(buf, sizeof buf, "%.0f", euc_doc_confidence(doc));
    run_set(&r, "source/@ocr-confidence", buf, NULL, 0, "source", NULL, NULL);

    ptable_read(&r);
    playout_read(&r);
    pprose_read(&r);
    psign_read(&r);
    derive_countries(&r);
    defaults(&r);

    xd = xmlNewDoc((const xmlChar *)"1.0");
    root = xmlNewNode(NULL, (const xmlChar *)"certificate");
    xmlDocSetRootElement(xd, root);
    build(&r, p->output_tpl, root, "");
    if (explain) {
        *explain = explain_text(&r);
        if (*explain == NULL) {
            euc_error_set(err, EUC_ERR_NOMEM, "parse", euc_doc_path(doc),
                          "out of memory");
            goto cleanup;
        }
        /* free() must release it, as the header promises. */
        {
            char *c = strdup(*explain);
            g_free(*explain);
            *explain = c;
        }
    }
    *out = xd;
    xd = NULL;
    rc = 0;
cleanup:
    if (xd)
        xmlFreeDoc(xd);
    g_free(sum);
    pdoc_free(&r.d);
    g_hash_table_destroy(r.vals);
    g_ptr_array_free(r.order, TRUE);
    g_hash_table_destroy(r.repeat);
    g_string_free(r.notes, TRUE);
    g_array_free(r.sigboxes, TRUE);
    g_free(r.label_seen);
    return rc;
}
