/* NAME.form.pdf: the certificate as a fillable PDF form, the way the UK
 * end-user undertaking or BIS-711 are sent out and filled in.
 *
 * The form is laid out here, whatever the certificate's shape: numbered
 * sections, every label printed (also where the end user left the field
 * empty), the undertakings printed, a fixed items table of at least three
 * rows, two sub-supplier blocks, yes/no questions as check boxes.  cairo
 * draws the page (labels, boxes, the signature's ink and the seal), with the
 * fonts of NAME.pdf; an incremental update then adds the /AcroForm and one
 * widget per field.  A text field's value is only in its /V: its appearance
 * stream is empty, so that the page content and pdftotext hold the labels
 * alone and only a form-field reader sees what was typed (poppler draws a
 * field without /AP from its value, and pdftotext would show it). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "gen.h"

#define FORM_SIZE 9.0   /* label and field text, points */
#define FORM_LEAD 1.62  /* row height / size */

typedef struct fl {
    const gen_cert *c;
    gen_form *f;
    gen_page *pg;
    const gen_op *sig;   /* the ink of the display list, or NULL */
    int blank;
    double y;            /* top of the next row */
    double x0, x1;       /* content box */
    double fx;           /* field column */
    double size, lh;
    int num;             /* section number */
} fl;

/* --- pages, text, drawing -------------------------------------------------- */

static void page_free(gpointer p)
{
    gen_page *pg = p;
    g_array_free(pg->ops, TRUE);
    g_string_free(pg->text, TRUE);
    g_string_free(pg->plain, TRUE);
    g_free(pg);
}

static void new_page(fl *l)
{
    gen_page *pg = g_new0(gen_page, 1);
    pg->ops = g_array_new(FALSE, TRUE, sizeof(gen_op));
    pg->text = g_string_new(NULL);
    pg->plain = g_string_new(NULL);
    g_ptr_array_add(l->f->doc->pages, pg);
    l->pg = pg;
    l->y = l->c->st.mt;
}

static int page_index(const fl *l)
{
    return (int)l->f->doc->pages->len - 1;
}

static void ensure(fl *l, double h)
{
    if (l->y + h > l->c->st.page_h - l->c->st.mb && l->y > l->c->st.mt + 1)
        new_page(l);
}

static const char *dup(fl *l, const char *s)
{
    return s == NULL ? NULL : g_string_chunk_insert(l->f->doc->strs, s);
}

static const char *fmt(fl *l, const char *f, ...) G_GNUC_PRINTF(2, 3);
static const char *fmt(fl *l, const char *f, ...)
{
    va_list ap;
    char *s;
    const char *out;

    va_start(ap, f);
    s = g_strdup_vprintf(f, ap);
    va_end(ap);
    out = dup(l, s);
    g_free(s);
    return out;
}

static void op_text(fl *l, double x, double base, const char *t, int bold, double size)
{
    gen_op op = {0};
    op.type = OP_TEXT;
    op.x = x;
    op.y = base;
    op.size = size;
    op.bold = bold;
    op.text = dup(l, t);
    g_array_append_val(l->pg->ops, op);
}

static void op_line(fl *l, double x0, double y0, double x1, double y1, double w, double grey)
{
    gen_op op = {0};
    op.type = OP_LINE;
    op.x = x0;
    op.y = y0;
    op.w = x1;
    op.h = y1;
    op.size = w;
    op.r = op.g = op.b = grey;
    g_array_append_val(l->pg->ops, op);
}

static void op_box(fl *l, double x, double y, double w, double h, double lw, double grey)
{
    op_line(l, x, y, x + w, y, lw, grey);
    op_line(l, x + w, y, x + w, y + h, lw, grey);
    op_line(l, x + w, y + h, x, y + h, lw, grey);
    op_line(l, x, y + h, x, y, lw, grey);
}

static void op_fill(fl *l, double x, double y, double w, double h, double grey)
{
    gen_op op = {0};
    op.type = OP_RECT_FILL;
    op.x = x;
    op.y = y;
    op.w = w;
    op.h = h;
    op.r = op.g = op.b = grey;
    g_array_append_val(l->pg->ops, op);
}

/* One line of the page's text: the runs of a row, left to right. */
static void text_line(fl *l, GString *t)
{
    if (t->len == 0)
        return;
    if (l->pg->nlines > 0)
        g_string_append_c(l->pg->text, '\n');
    g_string_append(l->pg->text, t->str);
    l->pg->nlines++;
}

static void join(GString *t, const char *s)
{
    if (s == NULL || *s == '\0')
        return;
    if (t->len > 0)
        g_string_append_c(t, ' ');
    g_string_append(t, s);
}

static double baseline(const fl *l, double top)
{
    return top + l->lh * 0.5 + l->size * 0.36;
}

/* Words that fit in width, greedily; a CJK character is a word of its own
 * only where there are spaces (labels and values here are short). */
static GPtrArray *wrap(fl *l, const char *text, double width, int bold, double size)
{
    GPtrArray *out = g_ptr_array_new();
    GString *cur = g_string_new(NULL);
    gchar **words = g_strsplit(text != NULL ? text : "", " ", -1);

    for (int i = 0; words[i] != NULL; i++) {
        GString *try_;
        if (words[i][0] == '\0')
            continue;
        try_ = g_string_new(cur->str);
        if (try_->len > 0)
            g_string_append_c(try_, ' ');
        g_string_append(try_, words[i]);
        if (cur->len > 0 && gen_text_width(try_->str, 0, bold, size) > width) {
            g_ptr_array_add(out, (gpointer)dup(l, cur->str));
            g_string_assign(cur, words[i]);
        } else {
            g_string_assign(cur, try_->str);
        }
        g_string_free(try_, TRUE);
    }
    if (cur->len > 0 || out->len == 0)
        g_ptr_array_add(out, (gpointer)dup(l, cur->str));
    g_string_free(cur, TRUE);
    g_strfreev(words);
    return out;
}

/* --- fields ------------------------------------------------------------------ */

static void add_text_field(fl *l, const char *name, const char *tip, const char *value,
                           double x, double y, double w, double h, int multiline,
                           double size, int box)
{
    gen_form_field ff = {0};

    ff.name = dup(l, name);
    ff.tip = dup(l, tip);
    ff.value = l->blank || value == NULL || *value == '\0' ? NULL : dup(l, value);
    ff.multiline = multiline;
    ff.page = page_index(l);
    ff.x = x;
    ff.y = y;
    ff.w = w;
    ff.h = h;
    ff.size = size;
    g_array_append_val(l->f->fields, ff);
    if (box)
        op_box(l, x, y, w, h, 0.6, 0.55);
}

static void add_checkbox(fl *l, const char *name, const char *tip, int checked,
                         double x, double y, double s)
{
    gen_form_field ff = {0};

    ff.name = dup(l, name);
    ff.tip = dup(l, tip);
    ff.checkbox = 1;
    ff.checked = !l->blank && checked;
    ff.page = page_index(l);
    ff.x = x;
    ff.y = y;
    ff.w = s;
    ff.h = s;
    ff.size = 0;
    g_array_append_val(l->f->fields, ff);
    op_box(l, x, y, s, s, 0.8, 0);
}

static const char *colon(fl *l, const char *label)
{
    return fmt(l, "%s:", label);
}

/* "Label: [value]": a field of at least min_lines rows, more when the value
 * needs them; the value's text goes with the first row.  label NULL: a
 * continuation row (address line 2), tip names it. */
static void kv_rows(fl *l, double indent, const char *label, const char *tip,
                    const char *name, const char *value, int min_lines)
{
    int lines = min_lines;
    const char *lab = label != NULL ? colon(l, label) : NULL;
    double top;
    GString *t = g_string_new(NULL);
    double fx = l->fx;

    if (lab != NULL && l->x0 + indent + gen_text_width(lab, 0, 0, l->size) + 6 > fx)
        fx = l->x0 + indent + gen_text_width(lab, 0, 0, l->size) + 6;
    if (!l->blank) {
        GPtrArray *ls = wrap(l, value, l->x1 - fx - 6, 0, l->size);
        lines = MAX(lines, (int)ls->len);
        g_ptr_array_free(ls, TRUE);
    }
    ensure(l, l->lh * lines);
    top = l->y;
    if (lab != NULL)
        op_text(l, l->x0 + indent, baseline(l, top), lab, 0, l->size);
    add_text_field(l, name, tip != NULL ? tip : label, value, fx, top + 1.5, l->x1 - fx,
                   l->lh * lines - 3, lines > 1, l->size, 1);
    join(t, lab);
    if (!l->blank)
        join(t, value);
    text_line(l, t);
    g_string_free(t, TRUE);
    l->y += l->lh * lines;
}

static void kv(fl *l, double indent, const char *label, const char *name, const char *value)
{
    kv_rows(l, indent, label, NULL, name, value, 1);
}

/* Name, three address lines, country (and for the end user contact and
 * business): a party block of fixed fields. */
static void party(fl *l, const char *prefix, const char *mark, const gen_party *p,
                  int present, int full)
{
    const gen_cert *c = l->c;
    const char *name_label = mark != NULL ? fmt(l, "%s %s", mark, gen_label(c, F_NAME))
                                          : gen_label(c, F_NAME);

    /* a block is not split over two pages (a sub-supplier's role follows) */
    ensure(l, l->lh * (full ? 7.5 : mark != NULL ? 6.5 : 5.5));

    kv(l, 12, name_label, fmt(l, "%s_name", prefix), present ? p->name : NULL);
    for (int i = 0; i < 3; i++)
        kv_rows(l, 12, i == 0 ? gen_label(c, F_ADDRESS) : NULL,
                fmt(l, "%s (line %d)", gen_label(c, F_ADDRESS), i + 1),
                fmt(l, "%s_address_%d", prefix, i + 1),
                present && i < p->naddr ? p->addr[i] : NULL, 1);
    kv(l, 12, gen_label(c, F_COUNTRY), fmt(l, "%s_country", prefix),
       present ? p->country : NULL);
    if (full) {
        kv(l, 12, gen_label(c, F_CONTACT), fmt(l, "%s_contact", prefix),
           present ? p->contact : NULL);
        kv(l, 12, gen_label(c, F_BUSINESS), fmt(l, "%s_business", prefix),
           present ? p->business : NULL);
    }
}

static void heading(fl *l, gen_field f)
{
    const char *label = gen_label(l->c, f);
    const char *t;
    GString *g = g_string_new(NULL);

    l->num++;
    switch (l->c->st.heading_style) {
    case 0: t = fmt(l, "%d. %s", l->num, label); break;
    case 1: {
        char *up = g_utf8_strup(label, -1);
        t = fmt(l, "(%d) %s", l->num, up);
        g_free(up);
        break;
    }
    default: t = fmt(l, "Section %d - %s", l->num, label); break;
    }
    l->y += l->lh * 0.45;
    ensure(l, l->lh * 4);
    op_fill(l, l->x0, l->y + 1, l->x1 - l->x0, l->lh - 2, 0.9);
    op_text(l, l->x0 + 3, baseline(l, l->y), t, 1, l->size * 1.05);
    g_string_assign(g, t);
    text_line(l, g);
    g_string_free(g, TRUE);
    l->y += l->lh;
}

/* Printed text, wrapped; a hanging mark such as "(a)" when mark is set. */
static void printed(fl *l, double indent, const char *mark, const char *text)
{
    double x = l->x0 + indent, tx = mark != NULL ? x + l->size * 2.2 : x;
    GPtrArray *ls = wrap(l, text, l->x1 - tx, 0, l->size);
    double lh = l->size * 1.3;
    GString *t = g_string_new(NULL);

    for (guint i = 0; i < ls->len; i++) {
        ensure(l, lh);
        g_string_truncate(t, 0);
        if (i == 0 && mark != NULL) {
            op_text(l, x, l->y + l->size, mark, 0, l->size);
            join(t, mark);
        }
        op_text(l, tx, l->y + l->size, g_ptr_array_index(ls, i), 0, l->size);
        join(t, g_ptr_array_index(ls, i));
        text_line(l, t);
        l->y += lh;
    }
    l->y += l->size * 0.3;
    g_string_free(t, TRUE);
    g_ptr_array_free(ls, TRUE);
}

/* A yes/no question: the question printed, two check boxes with "Yes" and
 * "No" beside them.  answer: 1 yes, 0 no, -1 left unanswered. */
static void question(fl *l, const char *q, const char *name, int answer)
{
    double bx = l->x1 - 104, s = l->size;
    GPtrArray *ls = wrap(l, q, bx - (l->x0 + 12) - 8, 0, l->size);
    GString *t = g_string_new(NULL);
    double top;

    ensure(l, l->lh * ls->len);
    top = l->y;
    for (guint i = 0; i < ls->len; i++) {
        g_string_truncate(t, 0);
        op_text(l, l->x0 + 12, baseline(l, l->y), g_ptr_array_index(ls, i), 0, l->size);
        join(t, g_ptr_array_index(ls, i));
        if (i == 0) {
            double cy = top + (l->lh - s) / 2;
            add_checkbox(l, fmt(l, "%s_yes", name), fmt(l, "%s Yes", q), answer == 1, bx, cy, s);
            op_text(l, bx + s + 4, baseline(l, top), "Yes", 0, l->size);
            add_checkbox(l, fmt(l, "%s_no", name), fmt(l, "%s No", q), answer == 0, bx + 52,
                         cy, s);
            op_text(l, bx + 52 + s + 4, baseline(l, top), "No", 0, l->size);
            /* a form reader reads each box as [X] or [ ] beside its word */
            join(t, answer == 1 ? "[X]" : "[ ]");
            join(t, "Yes");
            join(t, answer == 0 ? "[X]" : "[ ]");
            join(t, "No");
        }
        text_line(l, t);
        l->y += l->lh;
    }
    g_string_free(t, TRUE);
    g_ptr_array_free(ls, TRUE);
}

/* A label on its own row, then a full-width field of lines rows under it. */
static void wide_field(fl *l, const char *label, const char *name, const char *value,
                       int lines)
{
    GString *t = g_string_new(NULL);
    double x = l->x0 + 12, top;
    GPtrArray *ls = wrap(l, l->blank ? NULL : value, l->x1 - x - 6, 0, l->size);

    if ((int)ls->len > lines)
        lines = (int)ls->len;
    g_ptr_array_free(ls, TRUE);
    ensure(l, l->lh * (lines + 1));
    op_text(l, x, baseline(l, l->y), label, 0, l->size);
    g_string_assign(t, label);
    text_line(l, t);
    l->y += l->lh;
    top = l->y;
    add_text_field(l, name, label, value, x, top + 1.5, l->x1 - x, l->lh * lines - 3,
                   lines > 1, l->size, 1);
    g_string_truncate(t, 0);
    if (!l->blank)
        join(t, value);
    text_line(l, t);
    g_string_free(t, TRUE);
    l->y += l->lh * lines;
}

/* --- the items table ---------------------------------------------------------- */

static void items(fl *l)
{
    const gen_cert *c = l->c;
    const gen_style *st = &c->st;
    int ncol = st->items_ctrl_col ? 6 : 5;
    gen_field hdr[6];
    const char *key[6];
    double xs[7], sum = 0, pad = 3;
    double size = l->size * 0.95, clh = size * 1.45;
    int k = 0, nrows = MAX(3, c->nitems);

    hdr[k] = F_ITEM_DESC; key[k++] = "desc";
    hdr[k] = F_ITEM_HS; key[k++] = "hs";
    if (st->items_ctrl_col) {
        hdr[k] = F_ITEM_CTRL; key[k++] = "ctrl";
    }
    hdr[k] = F_ITEM_QTY; key[k++] = "qty";
    hdr[k] = F_ITEM_UNIT; key[k++] = "unit";
    hdr[k] = F_ITEM_VALUE; key[k++] = "value";
    for (int i = 0; i < ncol; i++)
        sum += st->col_frac[i];
    xs[0] = l->x0;
    for (int i = 0; i < ncol; i++)
        xs[i + 1] = xs[i] + (l->x1 - l->x0) * st->col_frac[i] / sum;

    for (int row = -1; row < nrows; row++) {
        const gen_item *it = row >= 0 && row < c->nitems ? &c->items[row] : NULL;
        const char *vals[6] = {NULL};
        GPtrArray *cells[6];
        guint nl = 1;
        double top, h;

        for (int i = 0; i < ncol; i++) {
            const char *t = NULL;
            if (row < 0) {
                t = gen_label(c, hdr[i]);
            } else if (it != NULL) {
                switch (hdr[i]) {
                case F_ITEM_DESC: t = it->desc; break;
                case F_ITEM_HS: t = it->hs; break;
                case F_ITEM_CTRL: t = it->ctrl; break;
                case F_ITEM_QTY: t = it->qty; break;
                case F_ITEM_UNIT: t = it->qty ? it->unit : NULL; break;
                default: t = fmt(l, "%s %s", it->currency, it->value); break;
                }
            }
            vals[i] = t;
            cells[i] = wrap(l, t, xs[i + 1] - xs[i] - 2 * pad, row < 0, size);
            if (row >= 0 && l->blank)
                g_ptr_array_set_size(cells[i], 1);
            nl = MAX(nl, cells[i]->len);
        }
        h = nl * clh + 2 * pad;
        ensure(l, row < 0 ? h + clh * 2 : h);
        top = l->y;
        if (row < 0) {
            op_fill(l, xs[0], top, xs[ncol] - xs[0], h, 0.9);
            for (guint li = 0; li < nl; li++) {
                GString *t = g_string_new(NULL);
                for (int i = 0; i < ncol; i++) {
                    const char *s = li < cells[i]->len ? g_ptr_array_index(cells[i], li) : NULL;
                    if (s == NULL || *s == '\0')
                        continue;
                    op_text(l, xs[i] + pad, top + pad + li * clh + size * 0.95, s, 1, size);
                    join(t, s);
                }
                text_line(l, t);
                g_string_free(t, TRUE);
            }
        } else {
            GString *t = g_string_new(NULL);
            for (int i = 0; i < ncol; i++) {
                add_text_field(l, fmt(l, "item_%d_%s", row + 1, key[i]), gen_label(c, hdr[i]),
                               vals[i], xs[i] + 1, top + 1, xs[i + 1] - xs[i] - 2, h - 2,
                               cells[i]->len > 1, size, 0);
                if (!l->blank)
                    join(t, vals[i]);
            }
            text_line(l, t);
            g_string_free(t, TRUE);
        }
        l->y = top + h;
        op_line(l, xs[0], top, xs[ncol], top, 0.6, 0);
        op_line(l, xs[0], top + h, xs[ncol], top + h, 0.6, 0);
        for (int i = 0; i <= ncol; i++)
            op_line(l, xs[i], top, xs[i], top + h, 0.6, 0);
        for (int i = 0; i < ncol; i++)
            g_ptr_array_free(cells[i], TRUE);
    }
    l->y += l->lh * 0.3;
}

/* --- the form ------------------------------------------------------------------ */

static void signature(fl *l)
{
    const gen_cert *c = l->c;
    const char *lab = colon(l, gen_label(c, F_SIGNATURE));
    double vx, base, lw;
    GString *t = g_string_new(lab);

    ensure(l, l->lh * 8);
    kv(l, 12, gen_label(c, F_SIGNATORY), "signatory_name", c->sig_name);
    kv(l, 12, gen_label(c, F_SIG_TITLE), "signatory_title", c->sig_title);
    kv(l, 12, gen_label(c, F_SIG_DATE), "signature_date", c->sig_has_date ? c->date_raw : NULL);
    l->y += l->lh * 3.2;
    vx = l->fx;
    base = baseline(l, l->y);
    lw = MIN(190, l->x1 - vx - 110);
    op_text(l, l->x0 + 12, base, lab, 0, l->size);
    op_line(l, vx, base + 2, vx + lw, base + 2, 0.6, 0);
    if (!l->blank && l->sig != NULL) {
        gen_op ink = *l->sig;
        ink.x = vx + 8;
        ink.y = base - 34;
        ink.w = lw - 20;
        ink.h = 30;
        g_array_append_val(l->pg->ops, ink);
    }
    if (!l->blank && c->seal) {
        gen_op seal = {0};
        seal.type = OP_SEAL;
        seal.x = MIN(vx + lw + 62, l->x1 - 46);
        seal.y = base - 16;
        seal.w = 42;
        seal.text = c->end_user.name;
        g_array_append_val(l->pg->ops, seal);
    }
    text_line(l, t);
    g_string_free(t, TRUE);
    l->y += l->lh * 2;
}

static double field_column(const fl *l)
{
    const gen_cert *c = l->c;
    static const gen_field fs[] = {
        F_NAME, F_ADDRESS, F_COUNTRY, F_CONTACT, F_BUSINESS, F_END_USE_DESC, F_LOCATION,
        F_ROLE, F_SIGNATORY, F_SIG_TITLE, F_SIG_DATE,
    };
    double w = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(fs); i++) {
        char *s = g_strdup_printf("(a) %s:", gen_label(c, fs[i]));
        w = MAX(w, 12 + gen_text_width(s, 0, 0, l->size));
        g_free(s);
    }
    for (gen_field f = F_CERTNO; f <= F_CONTRACT; f++) {
        char *s = g_strdup_printf("%s:", gen_label(c, f));
        w = MAX(w, gen_text_width(s, 0, 0, l->size));
        g_free(s);
    }
    w = MAX(w + 10, 120);
    return l->x0 + MIN(w, (l->x1 - l->x0) * 0.45);
}

static void layout(fl *l)
{
    const gen_cert *c = l->c;
    GString *t = g_string_new(NULL);
    double w;
    int answer;

    /* title */
    w = gen_text_width(c->title, 0, 1, l->size + 5);
    op_text(l, (l->x0 + l->x1 - w) / 2, l->y + l->size + 5, c->title, 1, l->size + 5);
    g_string_assign(t, c->title);
    text_line(l, t);
    l->y += (l->size + 5) * 1.5;
    if (c->subtitle != NULL) {
        w = gen_text_width(c->subtitle, 0, 0, l->size + 2);
        op_text(l, (l->x0 + l->x1 - w) / 2, l->y + l->size + 2, c->subtitle, 0, l->size + 2);
        g_string_assign(t, c->subtitle);
        text_line(l, t);
        l->y += (l->size + 2) * 1.5;
    }
    l->y += l->lh * 0.4;
    kv(l, 0, gen_label(c, F_CERTNO), "cert_no", c->cert_no);
    kv(l, 0, gen_label(c, F_ISSUE_DATE), "issue_date", c->has_date ? c->date_raw : NULL);
    kv(l, 0, gen_label(c, F_CONTRACT), "contract_no", c->contract_no);

    heading(l, F_EXPORTER);
    party(l, "exporter", NULL, &c->exporter, 1, 0);
    heading(l, F_CONSIGNEE);
    party(l, "consignee", NULL, &c->consignee, c->has_consignee, 0);
    heading(l, F_END_USER);
    party(l, "end_user", NULL, &c->end_user, 1, 1);

    heading(l, F_END_USE);
    kv_rows(l, 12, gen_label(c, F_END_USE_DESC), NULL, "end_use", c->end_use, 3);
    kv(l, 12, gen_label(c, F_LOCATION), "end_use_location", c->end_use_location);

    heading(l, F_GOODS);
    items(l);

    heading(l, F_SUBSUP);
    answer = c->sub_mode == SUB_LISTED ? 1 : c->sub_mode == SUB_NONE ? 0 : -1;
    question(l, "Will any other party process, incorporate or hold the goods?", "subsup",
             answer);
    printed(l, 12, NULL, "If yes, give the name, address, country and role of each:");
    for (int i = 0; i < 2; i++) {
        char mark[8];
        int present = c->sub_mode == SUB_LISTED && i < c->nsubs;
        g_snprintf(mark, sizeof mark, "(%c)", 'a' + i);
        party(l, fmt(l, "subsup_%d", i + 1), mark, &c->subs[i], present, 0);
        kv(l, 12, gen_label(c, F_ROLE), fmt(l, "subsup_%d_role", i + 1),
           present ? c->subs[i].role : NULL);
    }
    kv_rows(l, 12, "Remarks", NULL, "subsup_remarks",
            c->sub_mode == SUB_NONE ? c->sub_none_text : NULL, 2);

    heading(l, F_REEXPORT);
    answer = c->rx_mode == RX_YES ? 1 : c->rx_mode == RX_NO ? 0 : -1;
    question(l, "Will the goods, or products incorporating them, be re-exported?", "reexport",
             answer);
    wide_field(l, "If yes, give details and the countries of destination:", "reexport_details",
               c->rx_mode == RX_YES ? c->rx_clause : NULL, 2);

    heading(l, F_ASSURANCES);
    {
        int n = 0;
        if (c->rx_mode == RX_NO || c->nassur > 0)
            printed(l, 12, NULL, "We hereby certify and undertake that:");
        if (c->rx_mode == RX_NO)
            printed(l, 12, fmt(l, "(%c)", 'a' + n++), c->rx_clause);
        for (int i = 0; i < c->nassur; i++)
            printed(l, 12, fmt(l, "(%c)", 'a' + n++), c->assur[i].text);
    }

    heading(l, F_SIGNATURE_SECTION);
    signature(l);
    g_string_free(t, TRUE);
}

gen_form *gen_form_layout(const gen_cert *c, const gen_doc *d, int blank)
{
    gen_form *f = g_new0(gen_form, 1);
    fl l;

    f->doc = g_new0(gen_doc, 1);
    f->doc->w = c->st.page_w;
    f->doc->h = c->st.page_h;
    f->doc->pages = g_ptr_array_new_with_free_func(page_free);
    f->doc->strs = g_string_chunk_new(4096);
    f->doc->sig_page = -1;
    f->fields = g_array_new(FALSE, TRUE, sizeof(gen_form_field));
    memset(&l, 0, sizeof l);
    l.c = c;
    l.f = f;
    l.blank = blank;
    l.sig = c->signature && d != NULL ? gen_doc_signature(d) : NULL;
    l.x0 = c->st.ml;
    l.x1 = c->st.page_w - c->st.mr;
    l.size = FORM_SIZE;
    l.lh = FORM_SIZE * FORM_LEAD;
    new_page(&l);
    l.fx = field_column(&l);
    layout(&l);
    return f;
}

void gen_form_free(gen_form *f)
{
    if (f == NULL)
        return;
    gen_doc_free(f->doc);
    g_array_free(f->fields, TRUE);
    g_free(f);
}

/* --- the PDF ------------------------------------------------------------------- */

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

static long bfind(const GByteArray *b, long from, const char *needle)
{
    size_t n = strlen(needle);
    for (long i = from; i >= 0 && (size_t)i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return i;
    return -1;
}

static long brfind(const GByteArray *b, const char *needle)
{
    size_t n = strlen(needle);
    for (long i = (long)b->len - (long)n; i >= 0; i--)
        if (memcmp(b->data + i, needle, n) == 0)
            return i;
    return -1;
}

/* What the incremental update needs of cairo's file: the classic xref
 * table cairo writes, the trailer, the catalog and the page objects. */
typedef struct pdfin {
    long startxref;
    int size, root, info, pages;
    GArray *offsets;   /* long, by object number */
    GArray *kids;      /* int, page object numbers in order */
} pdfin;

/* The dictionary of object num: "<< ... >>" without the obj/endobj. */
static char *object_dict(const GByteArray *b, const pdfin *in, int num)
{
    long off, s, e;

    if (num <= 0 || (guint)num >= in->offsets->len)
        return NULL;
    off = g_array_index(in->offsets, long, num);
    s = bfind(b, off, "<<");
    e = bfind(b, off, "endobj");
    if (s < 0 || e < 0 || e < s)
        return NULL;
    while (e > s && (b->data[e - 1] == '\n' || b->data[e - 1] == '\r' || b->data[e - 1] == ' '))
        e--;
    return g_strndup((const char *)b->data + s, (gsize)(e - s));
}

static int ref_after(const char *dict, const char *key)
{
    const char *p = dict != NULL ? strstr(dict, key) : NULL;
    int n = 0;
    if (p == NULL || sscanf(p + strlen(key), " %d 0 R", &n) != 1)
        return 0;
    return n;
}

static int parse_cairo_pdf(const GByteArray *b, pdfin *in)
{
    long sx = brfind(b, "startxref"), p, t;
    int first = 0, count = 0;
    char *trailer, *cat, *pages;
    const char *k;

    if (sx < 0 || sscanf((const char *)b->data + sx + 9, " %ld", &in->startxref) != 1)
        return -1;
    p = in->startxref;
    if (bfind(b, p, "xref") != p)
        return -1;
    p += 4;
    while ((size_t)p < b->len && (b->data[p] == '\r' || b->data[p] == '\n'))
        p++;
    if (sscanf((const char *)b->data + p, "%d %d", &first, &count) != 2 || first != 0)
        return -1;
    while ((size_t)p < b->len && b->data[p] != '\n')
        p++;
    p++;
    in->offsets = g_array_new(FALSE, TRUE, sizeof(long));
    for (int i = 0; i < count; i++) {
        long off = 0;
        if ((size_t)(p + 20 * (i + 1)) > b->len ||
            sscanf((const char *)b->data + p + 20 * i, "%ld", &off) != 1)
            return -1;
        g_array_append_val(in->offsets, off);
    }
    t = bfind(b, p + 20L * count, "trailer");
    if (t < 0)
        return -1;
    trailer = g_strndup((const char *)b->data + t, (gsize)(sx - t));
    in->root = ref_after(trailer, "/Root");
    in->info = ref_after(trailer, "/Info");
    k = strstr(trailer, "/Size");
    if (k == NULL || sscanf(k + 5, " %d", &in->size) != 1)
        in->size = 0;
    g_free(trailer);
    cat = object_dict(b, in, in->root);
    in->pages = ref_after(cat, "/Pages");
    g_free(cat);
    pages = object_dict(b, in, in->pages);
    in->kids = g_array_new(FALSE, TRUE, sizeof(int));
    k = pages != NULL ? strstr(pages, "/Kids") : NULL;
    if (k != NULL) {
        k = strchr(k, '[');
        while (k != NULL && *k != ']' && *k != '\0') {
            int n;
            k++;
            while (*k == ' ' || *k == '\n' || *k == '\r')
                k++;
            if (sscanf(k, "%d 0 R", &n) != 1)
                break;
            g_array_append_val(in->kids, n);
            k = strchr(k, 'R');
        }
    }
    g_free(pages);
    return in->size > 0 && in->root > 0 && in->kids->len > 0 ? 0 : -1;
}

/* A PDF text string: literal when printable ASCII, else UTF-16BE with BOM. */
static void pdf_string(GString *o, const char *s)
{
    int ascii = 1;

    for (const char *p = s; *p != '\0'; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7E)
            ascii = 0;
    if (ascii) {
        g_string_append_c(o, '(');
        for (const char *p = s; *p != '\0'; p++) {
            if (*p == '(' || *p == ')' || *p == '\\')
                g_string_append_c(o, '\\');
            g_string_append_c(o, *p);
        }
        g_string_append_c(o, ')');
    } else {
        glong n = 0;
        gunichar2 *u = g_utf8_to_utf16(s, -1, NULL, &n, NULL);
        g_string_append(o, "<FEFF");
        for (glong i = 0; u != NULL && i < n; i++)
            g_string_append_printf(o, "%04X", u[i]);
        g_string_append_c(o, '>');
        g_free(u);
    }
}

typedef struct upd {
    GString *o;
    GArray *xref;  /* pairs of long: number, offset */
} upd;

static void obj_begin(upd *u, int num)
{
    long pair[2] = {num, (long)u->o->len};
    g_array_append_vals(u->xref, pair, 2);
    g_string_append_printf(u->o, "%d 0 obj\n", num);
}

static void stream_obj(upd *u, int num, const char *dict_extra, const char *data)
{
    obj_begin(u, num);
    g_string_append_printf(u->o, "<< %s /Length %zu >>\nstream\n%s\nendstream\nendobj\n",
                           dict_extra, strlen(data), data);
}

static int cmp_pair(const void *a, const void *b)
{
    long x = ((const long *)a)[0], y = ((const long *)b)[0];
    return x < y ? -1 : x > y;
}

static char *num(double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    char *s = g_strdup(g_ascii_formatd(buf, sizeof buf, "%.2f", v));
    return s;
}

int gen_write_form_pdf(const gen_cert *c, const gen_form *f, const char *path, char **msg)
{
    const gen_doc *d = f->doc;
    GByteArray *b = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_bytes, b, d->w, d->h);
    cairo_t *cr = cairo_create(s);
    cairo_status_t st;
    pdfin in;
    upd u;
    int next, acro, helv, zadb, *widget, rc = 0;
    GString *fields;
    GError *e = NULL;
    char *cat;

    gen_pdf_metadata(s, c);
    for (guint i = 0; i < d->pages->len; i++) {
        const gen_page *pg = g_ptr_array_index(d->pages, i);
        for (guint j = 0; j < pg->ops->len; j++) {
            cairo_save(cr);
            gen_draw_op(cr, &g_array_index(pg->ops, gen_op, j));
            cairo_restore(cr);
        }
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        *msg = g_strdup_printf("%s: %s", path, cairo_status_to_string(st));
        g_byte_array_free(b, TRUE);
        return -1;
    }

    memset(&in, 0, sizeof in);
    if (parse_cairo_pdf(b, &in) != 0 || in.kids->len != d->pages->len) {
        *msg = g_strdup_printf("%s: cannot read cairo's PDF structure for the form update",
                               path);
        rc = -1;
        goto done;
    }

    /* the incremental update, as a form filler saves it */
    u.o = g_string_new_len((const char *)b->data, (gssize)b->len);
    u.xref = g_array_new(FALSE, TRUE, sizeof(long));
    if (u.o->str[u.o->len - 1] != '\n')
        g_string_append_c(u.o, '\n');
    next = in.size;
    acro = next++;
    helv = next++;
    zadb = next++;
    widget = g_new0(int, f->fields->len + 1);
    for (guint i = 0; i < f->fields->len; i++) {
        const gen_form_field *ff = &g_array_index(f->fields, gen_form_field, i);
        widget[i] = next;
        next += ff->checkbox ? 3 : 2; /* the widget, its appearance stream(s) */
    }

    cat = object_dict(b, &in, in.root);
    obj_begin(&u, in.root);
    g_string_append_printf(u.o, "<< /AcroForm %d 0 R%s\nendobj\n", acro, cat + 2);
    g_free(cat);
    for (guint p = 0; p < in.kids->len; p++) {
        int pn = g_array_index(in.kids, int, p);
        char *pd = object_dict(b, &in, pn);
        obj_begin(&u, pn);
        g_string_append(u.o, "<< /Annots [");
        for (guint i = 0; i < f->fields->len; i++)
            if (g_array_index(f->fields, gen_form_field, i).page == (int)p)
                g_string_append_printf(u.o, " %d 0 R", widget[i]);
        g_string_append_printf(u.o, " ]\n   /Tabs /R%s\nendobj\n", pd + 2);
        g_free(pd);
    }

    fields = g_string_new(NULL);
    for (guint i = 0; i < f->fields->len; i++)
        g_string_append_printf(fields, "%s%d 0 R", i % 10 == 0 ? "\n   " : " ", widget[i]);
    obj_begin(&u, acro);
    g_string_append_printf(u.o,
                           "<< /Fields [%s ]\n   /DA (/Helv 0 Tf 0 g)\n"
                           "   /DR << /Font << /Helv %d 0 R /ZaDb %d 0 R >> >>\n>>\nendobj\n",
                           fields->str, helv, zadb);
    g_string_free(fields, TRUE);
    obj_begin(&u, helv);
    g_string_append(u.o, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                         " /Encoding /WinAnsiEncoding >>\nendobj\n");
    obj_begin(&u, zadb);
    g_string_append(u.o, "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>\nendobj\n");

    for (guint i = 0; i < f->fields->len; i++) {
        const gen_form_field *ff = &g_array_index(f->fields, gen_form_field, i);
        char *x0 = num(ff->x), *y0 = num(d->h - (ff->y + ff->h));
        char *x1 = num(ff->x + ff->w), *y1 = num(d->h - ff->y);
        char *w = num(ff->w), *h = num(ff->h);
        int pn = g_array_index(in.kids, int, ff->page);

        obj_begin(&u, widget[i]);
        g_string_append_printf(u.o,
                               "<< /Type /Annot /Subtype /Widget /F 4 /P %d 0 R\n"
                               "   /Rect [ %s %s %s %s ]\n   /T ",
                               pn, x0, y0, x1, y1);
        pdf_string(u.o, ff->name);
        g_string_append(u.o, " /TU ");
        pdf_string(u.o, ff->tip);
        if (ff->checkbox) {
            const char *state = ff->checked ? "/Yes" : "/Off";
            g_string_append_printf(u.o,
                                   "\n   /FT /Btn /V %s /AS %s /DA (/ZaDb 0 Tf 0 g)"
                                   " /MK << /CA (8) >>\n"
                                   "   /AP << /N << /Yes %d 0 R /Off %d 0 R >> >>\n>>\nendobj\n",
                                   state, state, widget[i] + 1, widget[i] + 2);
        } else {
            char *sz = num(ff->size);
            g_string_append(u.o, "\n   /FT /Tx");
            if (ff->multiline)
                g_string_append(u.o, " /Ff 4096");
            if (ff->value != NULL) {
                g_string_append(u.o, " /V ");
                pdf_string(u.o, ff->value);
            }
            g_string_append_printf(u.o, "\n   /DA (/Helv %s Tf 0 g)\n"
                                        "   /AP << /N %d 0 R >>\n>>\nendobj\n",
                                   sz, widget[i] + 1);
            g_free(sz);
        }
        {
            char *dict = g_strdup_printf("/Type /XObject /Subtype /Form /BBox [ 0 0 %s %s ]", w, h);
            if (ff->checkbox) {
                /* a cross of two strokes: no text in any appearance */
                double a = ff->w * 0.2, z = ff->w * 0.8;
                char *sa = num(a), *sz = num(z);
                char *cross = g_strdup_printf("q 0 G 1 w 1 J %s %s m %s %s l S %s %s m %s %s l S Q",
                                              sa, sa, sz, sz, sa, sz, sz, sa);
                stream_obj(&u, widget[i] + 1, dict, cross);
                stream_obj(&u, widget[i] + 2, dict, "");
                g_free(cross);
                g_free(sa);
                g_free(sz);
            } else {
                /* empty: the value is in /V only */
                stream_obj(&u, widget[i] + 1, dict, "");
            }
            g_free(dict);
        }
        g_free(x0);
        g_free(y0);
        g_free(x1);
        g_free(y1);
        g_free(w);
        g_free(h);
    }

    /* the update's cross-reference section: one subsection per run */
    {
        long xref_at = (long)u.o->len;
        guint n = u.xref->len / 2;
        long *pairs = (long *)(void *)u.xref->data;

        qsort(pairs, n, 2 * sizeof(long), cmp_pair);
        g_string_append(u.o, "xref\n");
        for (guint i = 0; i < n;) {
            guint j = i;
            while (j + 1 < n && pairs[2 * (j + 1)] == pairs[2 * j] + 1)
                j++;
            g_string_append_printf(u.o, "%ld %u\n", pairs[2 * i], j - i + 1);
            for (guint k = i; k <= j; k++)
                g_string_append_printf(u.o, "%010ld 00000 n \n", pairs[2 * k + 1]);
            i = j + 1;
        }
        g_string_append_printf(u.o, "trailer\n<< /Size %d\n   /Root %d 0 R\n", next, in.root);
        if (in.info > 0)
            g_string_append_printf(u.o, "   /Info %d 0 R\n", in.info);
        g_string_append_printf(u.o, "   /Prev %ld\n>>\nstartxref\n%ld\n%%%%EOF\n", in.startxref,
                               xref_at);
    }
    if (!g_file_set_contents(path, u.o->str, (gssize)u.o->len, &e)) {
        *msg = g_strdup(e->message);
        g_error_free(e);
        rc = -1;
    }
    g_string_free(u.o, TRUE);
    g_array_free(u.xref, TRUE);
    g_free(widget);

done:
    if (in.offsets != NULL)
        g_array_free(in.offsets, TRUE);
    if (in.kids != NULL)
        g_array_free(in.kids, TRUE);
    g_byte_array_free(b, TRUE);
    return rc;
}
