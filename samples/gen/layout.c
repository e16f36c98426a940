/* Lays a certificate out as a form, a boxed table or a letter.
 *
 * The result is a display list per page plus the page's text, line by line
 * in reading order (top to bottom; on a line, left to right, runs joined by
 * one space).  That text is the truth the extract tests compare against, so
 * every text operation goes through emit_line and nothing else. */
#include <math.h>
#include <string.h>

#include <cairo.h>

#include "gen.h"

/* --- text measurement and drawing ------------------------------------------------ */

static cairo_surface_t *measure_surf;
static cairo_t *measure_cr;

static cairo_t *measurer(void)
{
    if (measure_cr == NULL) {
        measure_surf = cairo_image_surface_create(CAIRO_FORMAT_A8, 4, 4);
        measure_cr = cairo_create(measure_surf);
    }
    return measure_cr;
}

void gen_measure_done(void)
{
    if (measure_cr != NULL) {
        cairo_destroy(measure_cr);
        cairo_surface_destroy(measure_surf);
        measure_cr = NULL;
        measure_surf = NULL;
    }
}

static int is_cjk(gunichar u)
{
    return u >= 0x2E80;
}

static void set_font(cairo_t *cr, int cjk, int serif, int bold, double size)
{
    cairo_select_font_face(cr,
                           cjk ? "WenQuanYi Micro Hei"
                               : serif ? "DejaVu Serif" : "DejaVu Sans",
                           CAIRO_FONT_SLANT_NORMAL,
                           bold && !cjk ? CAIRO_FONT_WEIGHT_BOLD
                                        : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* Walks the text in runs of one script; draws them (from the current point)
 * or measures them. */
static double script_runs(cairo_t *cr, const char *text, int serif, int bold,
                          double size, int draw)
{
    double w = 0;
    const char *p = text;

    while (*p != '\0') {
        int cjk = is_cjk(g_utf8_get_char(p));
        const char *q = p;
        char *run;

        while (*q != '\0' && is_cjk(g_utf8_get_char(q)) == cjk)
            q = g_utf8_next_char(q);
        run = g_strndup(p, (gsize)(q - p));
        set_font(cr, cjk, serif, bold, size);
        if (draw) {
            cairo_show_text(cr, run);
        } else {
            cairo_text_extents_t e;
            cairo_text_extents(cr, run, &e);
            w += e.x_advance;
        }
        g_free(run);
        p = q;
    }
    return w;
}

double gen_text_width(const char *text, int serif, int bold, double size)
{
    return script_runs(measurer(), text, serif, bold, size, 0);
}

void gen_draw_text(void *vcr, const gen_op *op)
{
    cairo_t *cr = vcr;

    cairo_set_source_rgb(cr, op->r, op->g, op->b);
    cairo_move_to(cr, op->x, op->y);
    script_runs(cr, op->text, op->serif, op->bold, op->size, 1);
}

/* A smooth pen stroke through points that go up and down along x. */
static void scribble(cairo_t *cr, gen_rng *r, double x0, double x1, double base,
                     double h)
{
    int n = 5 + gen_rng_int(r, 5);
    double px = x0, py = base - gen_rng_range(r, 0, 0.3) * h;

    cairo_move_to(cr, px, py);
    for (int i = 1; i <= n; i++) {
        double nx = x0 + (x1 - x0) * i / n + gen_rng_range(r, -3, 3);
        double ny = i % 2 == 1 ? base - gen_rng_range(r, 0.35, 1.0) * h
                               : base + gen_rng_range(r, -0.05, 0.25) * h;
        double loop = gen_rng_chance(r, 0.35) ? gen_rng_range(r, 4, 10) : 0;
        cairo_curve_to(cr, px + (nx - px) * 0.3 + loop, py - (ny - py) * 0.2,
                       nx - (nx - px) * 0.3 - loop, ny + (ny - py) * 0.3, nx, ny);
        px = nx;
        py = ny;
    }
}

static void draw_signature(cairo_t *cr, const gen_op *op)
{
    gen_rng r;
    double base = op->y + op->h * 0.8;
    double split;

    gen_rng_seed(&r, op->seed);
    split = op->x + op->w * gen_rng_range(&r, 0.4, 0.55);
    cairo_save(cr);
    cairo_set_source_rgb(cr, op->r, op->g, op->b);
    cairo_set_line_width(cr, op->size);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    /* a tall initial, the rest of the name, a second name, an underline */
    cairo_move_to(cr, op->x + 4, base);
    cairo_curve_to(cr, op->x + 2, base - op->h * 1.1, op->x + 22, base - op->h * 1.2,
                   op->x + 12, base - op->h * 0.3);
    cairo_curve_to(cr, op->x + 6, base + 2, op->x + 18, base - 6, op->x + 24, base - 4);
    cairo_stroke(cr);
    scribble(cr, &r, op->x + 22, split, base, op->h * 0.55);
    cairo_stroke(cr);
    scribble(cr, &r, split + 8, op->x + op->w * 0.92, base, op->h * 0.6);
    cairo_stroke(cr);
    cairo_move_to(cr, op->x + op->w * 0.1, base + op->h * 0.22);
    cairo_curve_to(cr, op->x + op->w * 0.4, base + op->h * 0.05,
                   op->x + op->w * 0.7, base + op->h * 0.3, op->x + op->w,
                   base + op->h * 0.02);
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* A round red company chop; its text is drawn as paths, not text, so that
 * the born-digital text layer holds only the certificate's words. */
static void draw_seal(cairo_t *cr, const gen_op *op)
{
    double cx = op->x, cy = op->y, R = op->w;
    char *up = g_utf8_strup(op->text, -1);
    glong n = g_utf8_strlen(up, -1);
    double step = n > 0 ? MIN(0.34, 4.6 / (double)n) : 0;
    double a = -G_PI / 2 - step * (double)(n - 1) / 2;
    const char *p = up;

    cairo_save(cr);
    cairo_set_source_rgba(cr, 0.80, 0.08, 0.10, 0.88);
    cairo_set_line_width(cr, 2.6);
    cairo_arc(cr, cx, cy, R, 0, 2 * G_PI);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.9);
    cairo_arc(cr, cx, cy, R - 4.5, 0, 2 * G_PI);
    cairo_stroke(cr);
    for (int i = 0; i < 10; i++) {
        double ang = -G_PI / 2 + i * G_PI / 5;
        double rr = i % 2 == 0 ? R * 0.3 : R * 0.12;
        if (i == 0)
            cairo_move_to(cr, cx + rr * cos(ang), cy + rr * sin(ang));
        else
            cairo_line_to(cr, cx + rr * cos(ang), cy + rr * sin(ang));
    }
    cairo_close_path(cr);
    cairo_fill(cr);
    cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, R * 0.2);
    for (; *p != '\0'; p = g_utf8_next_char(p), a += step) {
        char ch[8] = {0};
        cairo_text_extents_t e;
        memcpy(ch, p, (size_t)(g_utf8_next_char(p) - p));
        cairo_text_extents(cr, ch, &e);
        cairo_save(cr);
        cairo_translate(cr, cx, cy);
        cairo_rotate(cr, a + G_PI / 2);
        cairo_move_to(cr, -e.x_advance / 2, -(R - 7));
        cairo_text_path(cr, ch);
        cairo_fill(cr);
        cairo_restore(cr);
    }
    cairo_restore(cr);
    g_free(up);
}

void gen_draw_op(void *vcr, const gen_op *op)
{
    cairo_t *cr = vcr;

    switch (op->type) {
    case OP_TEXT:
        gen_draw_text(cr, op);
        break;
    case OP_LINE:
        cairo_set_source_rgb(cr, op->r, op->g, op->b);
        cairo_set_line_width(cr, op->size);
        cairo_move_to(cr, op->x, op->y);
        cairo_line_to(cr, op->w, op->h);
        cairo_stroke(cr);
        break;
    case OP_RECT_FILL:
        cairo_set_source_rgb(cr, op->r, op->g, op->b);
        cairo_rectangle(cr, op->x, op->y, op->w, op->h);
        cairo_fill(cr);
        break;
    case OP_SIGNATURE:
        draw_signature(cr, op);
        break;
    case OP_SEAL:
        draw_seal(cr, op);
        break;
    }
}

/* --- the layout engine --------------------------------------------------------- */

typedef struct lay {
    const gen_cert *c;
    gen_doc *d;
    gen_page *pg;
    gen_rng r;
    double y;
    double x0, x1;   /* content box */
    double size;
    double lh;
    int serif;
    int broke;       /* the forced second page has been started */
} lay;

typedef struct run {
    double x;
    const char *text;
    int bold;
} run;

static void new_page(lay *l)
{
    gen_page *pg = g_new0(gen_page, 1);
    pg->ops = g_array_new(FALSE, TRUE, sizeof(gen_op));
    pg->text = g_string_new(NULL);
    pg->plain = g_string_new(NULL);
    g_ptr_array_add(l->d->pages, pg);
    l->pg = pg;
    l->y = l->c->st.mt;
}

static double bottom(const lay *l)
{
    /* room for the "Page i of n" footer */
    return l->c->st.page_h - l->c->st.mb - l->size * 2;
}

static void ensure(lay *l, double h)
{
    if (l->y + h > bottom(l) && l->y > l->c->st.mt + 1)
        new_page(l);
}

static const char *dup(lay *l, const char *s)
{
    return g_string_chunk_insert(l->d->strs, s);
}

static void op_text(lay *l, double x, double base, const char *t, int bold, double size)
{
    gen_op op = {0};
    op.type = OP_TEXT;
    op.x = x;
    op.y = base;
    op.size = size;
    op.serif = l->serif;
    op.bold = bold;
    op.text = dup(l, t);
    g_array_append_val(l->pg->ops, op);
}

static void op_line(lay *l, double x0, double y0, double x1, double y1, double w)
{
    gen_op op = {0};
    op.type = OP_LINE;
    op.x = x0;
    op.y = y0;
    op.w = x1;
    op.h = y1;
    op.size = w;
    g_array_append_val(l->pg->ops, op);
}

static void op_fill(lay *l, double x, double y, double w, double h, double grey)
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

static void page_line(lay *l, const char *t, const char *plain)
{
    if (l->pg->nlines > 0) {
        g_string_append_c(l->pg->text, '\n');
        g_string_append_c(l->pg->plain, '\n');
    }
    g_string_append(l->pg->text, t);
    g_string_append(l->pg->plain, plain);
    l->pg->nlines++;
}

/* Columns a string takes in a fixed-pitch rendering: CJK takes two. */
static long text_columns(const char *s)
{
    long n = 0;
    for (; *s != '\0'; s = g_utf8_next_char(s))
        n += is_cjk(g_utf8_get_char(s)) ? 2 : 1;
    return n;
}

/* One visual line: its runs at their x, baseline from the current y. */
static void emit_runs(lay *l, const run *rs, int n, double size, int keep)
{
    double lh = size * l->c->st.lead;
    GString *t = g_string_new(NULL);
    GString *p = g_string_new(NULL);

    if (!keep)
        ensure(l, lh);
    for (int i = 0; i < n; i++) {
        long col, pad;
        if (rs[i].text == NULL || rs[i].text[0] == '\0')
            continue;
        op_text(l, rs[i].x, l->y + size * 0.95, rs[i].text, rs[i].bold, size);
        if (t->len > 0)
            g_string_append_c(t, ' ');
        g_string_append(t, rs[i].text);
        /* the .txt keeps the columns, as a text export of the page would */
        col = lround((rs[i].x - l->c->st.ml) / (l->size * 0.55));
        pad = col - text_columns(p->str);
        if (p->len > 0 && pad < 2)
            pad = 2;
        for (long k = 0; k < pad; k++)
            g_string_append_c(p, ' ');
        g_string_append(p, rs[i].text);
    }
    if (t->len > 0)
        page_line(l, t->str, p->str);
    g_string_free(t, TRUE);
    g_string_free(p, TRUE);
    l->y += lh;
}

static void emit_line(lay *l, double x, const char *text, int bold, double size)
{
    run rs = {x, text, bold};
    emit_runs(l, &rs, 1, size, 0);
}

/* Words that fit in width, greedily; a CJK character is a word of its own. */
static GPtrArray *wrap(lay *l, const char *text, double width, int bold, double size)
{
    GPtrArray *out = g_ptr_array_new();
    GString *cur = g_string_new(NULL);
    gchar **words = g_strsplit(text, " ", -1);

    for (int i = 0; words[i] != NULL; i++) {
        GString *try_ = g_string_new(cur->str);
        if (words[i][0] == '\0') {
            g_string_free(try_, TRUE);
            continue;
        }
        if (try_->len > 0)
            g_string_append_c(try_, ' ');
        g_string_append(try_, words[i]);
        if (cur->len > 0 && gen_text_width(try_->str, l->serif, bold, size) > width) {
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

static void paragraph(lay *l, double x, double width, const char *text, int bold)
{
    GPtrArray *ls = wrap(l, text, width, bold, l->size);
    for (guint i = 0; i < ls->len; i++)
        emit_line(l, x, g_ptr_array_index(ls, i), bold, l->size);
    g_ptr_array_free(ls, TRUE);
}

static void gap(lay *l, double f)
{
    l->y += l->lh * f;
}

static void centered(lay *l, const char *text, int bold, double size)
{
    double w = gen_text_width(text, l->serif, bold, size);
    emit_line(l, (l->x0 + l->x1 - w) / 2, text, bold, size);
}

static const char *colon(lay *l, const char *label)
{
    char *s = g_strconcat(label, ":", NULL);
    const char *out = dup(l, s);
    g_free(s);
    return out;
}

static void add_signature(lay *l, double x, double y, double w, double h)
{
    gen_op op = {0};
    const gen_cert *c = l->c;
    double blue = gen_rng_chance(&l->r, 0.7);

    if (!c->signature)
        return;
    op.type = OP_SIGNATURE;
    op.x = x;
    op.y = y;
    op.w = w;
    op.h = h;
    op.size = gen_rng_range(&l->r, 1.0, 1.6);
    op.r = blue ? 0.07 : 0.1;
    op.g = blue ? 0.1 : 0.1;
    op.b = blue ? 0.45 : 0.12;
    op.seed = gen_rng_next(&l->r);
    g_array_append_val(l->pg->ops, op);
}

static void add_seal(lay *l, double cx, double cy, double radius)
{
    gen_op op = {0};

    if (!l->c->seal)
        return;
    op.type = OP_SEAL;
    op.x = cx;
    op.y = cy;
    op.w = radius;
    op.text = l->c->end_user.name;
    g_array_append_val(l->pg->ops, op);
}

/* The .txt kind writes "/s/ Name" where the ink is. */
static void note_signature_line(lay *l, const char *line)
{
    const gen_cert *c = l->c;
    char *rep;

    if (!c->signature)
        return;
    l->d->sig_page = (int)l->d->pages->len - 1;
    l->d->sig_find = dup(l, line);
    rep = c->shape == SHAPE_LETTER
              ? g_strdup_printf("%s\n/s/ %s", line, c->sig_name ? c->sig_name : "")
              : g_strdup_printf("%s /s/ %s", line, c->sig_name ? c->sig_name : "");
    g_strchomp(rep);
    l->d->sig_replace = dup(l, rep);
    g_free(rep);
}

static void maybe_break(lay *l)
{
    if (l->c->pages_wanted >= 2 && !l->broke && l->d->pages->len == 1) {
        new_page(l);
        l->broke = 1;
    }
}

static const char *join_addr(lay *l, const gen_party *p, int with_country)
{
    GString *g = g_string_new(NULL);
    const char *out;

    for (int i = 0; i < p->naddr; i++) {
        if (g->len > 0)
            g_string_append(g, ", ");
        g_string_append(g, p->addr[i]);
    }
    if (with_country && p->country != NULL) {
        if (g->len > 0)
            g_string_append(g, ", ");
        g_string_append(g, p->country);
    }
    out = dup(l, g->str);
    g_string_free(g, TRUE);
    return out;
}

static const char *item_value(lay *l, const gen_item *it)
{
    char *s = g_strdup_printf("%s %s", it->currency, it->value);
    const char *out = dup(l, s);
    g_free(s);
    return out;
}

/* --- items table (form and table shapes; letters with several items) ----------- */

static void items_table(lay *l)
{
    const gen_cert *c = l->c;
    const gen_style *st = &c->st;
    int ncol = st->items_ctrl_col ? 6 : 5;
    gen_field hdr[6];
    double xs[7], sum = 0, pad = 3.5;
    double size = l->size * 0.95;
    double lh = size * st->lead;
    int k = 0;

    hdr[k++] = F_ITEM_DESC;
    hdr[k++] = F_ITEM_HS;
    if (st->items_ctrl_col)
        hdr[k++] = F_ITEM_CTRL;
    hdr[k++] = F_ITEM_QTY;
    hdr[k++] = F_ITEM_UNIT;
    hdr[k++] = F_ITEM_VALUE;
    for (int i = 0; i < ncol; i++)
        sum += st->col_frac[i];
    xs[0] = l->x0;
    for (int i = 0; i < ncol; i++)
        xs[i + 1] = xs[i] + (l->x1 - l->x0) * st->col_frac[i] / sum;

    for (int row = -1; row < c->nitems; row++) {
        GPtrArray *cells[6];
        guint nl = 1;
        double top, h;
        const gen_item *it = row >= 0 ? &c->items[row] : NULL;

        for (int i = 0; i < ncol; i++) {
            const char *t;
            if (it == NULL) {
                t = gen_label(c, hdr[i]);
            } else {
                switch (hdr[i]) {
                case F_ITEM_DESC: t = it->desc; break;
                case F_ITEM_HS: t = it->hs; break;
                case F_ITEM_CTRL: t = it->ctrl ? it->ctrl : ""; break;
                case F_ITEM_QTY: t = it->qty ? it->qty : ""; break;
                case F_ITEM_UNIT: t = it->qty ? it->unit : ""; break;
                default: t = item_value(l, it); break;
                }
            }
            cells[i] = wrap(l, t, xs[i + 1] - xs[i] - 2 * pad, it == NULL, size);
            nl = MAX(nl, cells[i]->len);
        }
        h = nl * lh + 2 * pad;
        ensure(l, h);
        top = l->y;
        if (it == NULL)
            op_fill(l, xs[0], top, xs[ncol] - xs[0], h, 0.9);
        l->y += pad;
        for (guint li = 0; li < nl; li++) {
            run rs[6];
            for (int i = 0; i < ncol; i++) {
                rs[i].x = xs[i] + pad;
                rs[i].text = li < cells[i]->len ? g_ptr_array_index(cells[i], li) : NULL;
                rs[i].bold = it == NULL;
            }
            emit_runs(l, rs, ncol, size, 1);
        }
        l->y = top + h;
        op_line(l, xs[0], top, xs[ncol], top, 0.6);
        op_line(l, xs[0], top + h, xs[ncol], top + h, 0.6);
        for (int i = 0; i <= ncol; i++)
            op_line(l, xs[i], top, xs[i], top + h, 0.6);
        for (int i = 0; i < ncol; i++)
            g_ptr_array_free(cells[i], TRUE);
    }
}

/* --- form ---------------------------------------------------------------------- */

static void form_kv(lay *l, double indent, const char *label, const char *const *vals, int n)
{
    const gen_style *st = &l->c->st;
    const char *lab = colon(l, label);
    double lx = l->x0 + indent;
    double vx = st->inline_values
                    ? lx + gen_text_width(lab, l->serif, 0, l->size) + l->size * 0.6
                    : l->x0 + st->label_w;
    int first = 1;

    if (vx < lx + gen_text_width(lab, l->serif, 0, l->size) + 4)
        vx = lx + gen_text_width(lab, l->serif, 0, l->size) + l->size * 0.6;
    for (int i = 0; i < n; i++) {
        GPtrArray *ls = wrap(l, vals[i], l->x1 - vx, 0, l->size);
        for (guint j = 0; j < ls->len; j++) {
            run rs[2] = {{lx, first ? lab : NULL, 0}, {vx, g_ptr_array_index(ls, j), 0}};
            emit_runs(l, rs, 2, l->size, 0);
            first = 0;
        }
        g_ptr_array_free(ls, TRUE);
    }
    if (first)
        emit_line(l, lx, lab, 0, l->size);
}

static void form_kv1(lay *l, double indent, const char *label, const char *val)
{
    form_kv(l, indent, label, &val, 1);
}

static void form_heading(lay *l, int *num, gen_field f)
{
    const char *label = gen_label(l->c, f);
    char *t;

    (*num)++;
    switch (l->c->st.heading_style) {
    case 0: t = g_strdup_printf("%d. %s", *num, label); break;
    case 1: {
        char *up = g_utf8_strup(label, -1);
        t = g_strdup_printf("(%d) %s", *num, up);
        g_free(up);
        break;
    }
    default: t = g_strdup_printf("Section %d - %s", *num, label); break;
    }
    gap(l, 0.45);
    ensure(l, l->lh * 3);
    emit_line(l, l->x0, t, 1, l->size * 1.05);
    g_free(t);
}

static void form_party(lay *l, const gen_party *p, int full, const char *mark)
{
    const gen_cert *c = l->c;
    char *name = mark != NULL ? g_strdup_printf("%s %s", mark, gen_label(c, F_NAME))
                              : g_strdup(gen_label(c, F_NAME));

    form_kv1(l, 12, dup(l, name), p->name);
    g_free(name);
    if (p->naddr > 0)
        form_kv(l, 12, gen_label(c, F_ADDRESS), p->addr, p->naddr);
    form_kv1(l, 12, gen_label(c, F_COUNTRY), p->country);
    if (full && p->contact != NULL)
        form_kv1(l, 12, gen_label(c, F_CONTACT), p->contact);
    if (full && p->business != NULL)
        form_kv1(l, 12, gen_label(c, F_BUSINESS), p->business);
}

static void hanging(lay *l, double x, const char *mark, const char *text)
{
    double tx = x + l->size * 2;
    GPtrArray *ls = wrap(l, text, l->x1 - tx, 0, l->size);
    for (guint j = 0; j < ls->len; j++) {
        run rs[2] = {{x, j == 0 ? mark : NULL, 0}, {tx, g_ptr_array_index(ls, j), 0}};
        emit_runs(l, rs, 2, l->size, 0);
    }
    g_ptr_array_free(ls, TRUE);
}

static void signature_block_form(lay *l)
{
    const gen_cert *c = l->c;
    const char *lab = colon(l, gen_label(c, F_SIGNATURE));
    double vx, base, lw;

    /* keep the block together: a signature alone on a page is not signed */
    ensure(l, l->lh * 8.5);
    if (c->sig_name != NULL)
        form_kv1(l, 12, gen_label(c, F_SIGNATORY), c->sig_name);
    form_kv1(l, 12, gen_label(c, F_SIG_TITLE), c->sig_title);
    if (c->sig_has_date)
        form_kv1(l, 12, gen_label(c, F_SIG_DATE), c->date_raw);
    ensure(l, l->lh * 4.5);
    gap(l, 2.6);
    vx = l->x0 + 12 + gen_text_width(lab, l->serif, 0, l->size) + 8;
    base = l->y + l->size * 0.95;
    lw = MIN(190, l->x1 - vx - 110);
    add_signature(l, vx + 8, base - 34, lw - 20, 30);
    op_line(l, vx, base + 2, vx + lw, base + 2, 0.6);
    add_seal(l, MIN(vx + lw + 62, l->x1 - 46), base - 22, 42);
    emit_line(l, l->x0 + 12, lab, 0, l->size);
    note_signature_line(l, lab);
}

static void layout_form(lay *l)
{
    const gen_cert *c = l->c;
    int num = 0;

    centered(l, c->title, 1, l->size + 5);
    if (c->subtitle != NULL)
        centered(l, c->subtitle, 0, l->size + 2);
    gap(l, 0.6);
    form_kv1(l, 0, gen_label(c, F_CERTNO), c->cert_no);
    if (c->has_date)
        form_kv1(l, 0, gen_label(c, F_ISSUE_DATE), c->date_raw);
    if (c->contract_no != NULL)
        form_kv1(l, 0, gen_label(c, F_CONTRACT), c->contract_no);

    form_heading(l, &num, F_EXPORTER);
    form_party(l, &c->exporter, 0, NULL);
    if (c->has_consignee) {
        form_heading(l, &num, F_CONSIGNEE);
        form_party(l, &c->consignee, 0, NULL);
    }
    form_heading(l, &num, F_END_USER);
    form_party(l, &c->end_user, 1, NULL);
    form_heading(l, &num, F_END_USE);
    form_kv1(l, 12, gen_label(c, F_END_USE_DESC), c->end_use);
    if (c->end_use_location != NULL)
        form_kv1(l, 12, gen_label(c, F_LOCATION), c->end_use_location);
    form_heading(l, &num, F_GOODS);
    gap(l, 0.2);
    items_table(l);

    if (c->sub_mode != SUB_UNSTATED) {
        maybe_break(l);
        form_heading(l, &num, F_SUBSUP);
        if (c->sub_mode == SUB_NONE) {
            paragraph(l, l->x0 + 12, l->x1 - l->x0 - 12, c->sub_none_text, 0);
        } else {
            for (int i = 0; i < c->nsubs; i++) {
                const gen_party *p = &c->subs[i];
                char mark[8];
                g_snprintf(mark, sizeof mark, "(%c)", 'a' + i);
                form_party(l, p, 0, mark);
                form_kv1(l, 12, gen_label(c, F_ROLE), p->role);
            }
        }
    }
    if (c->rx_mode != RX_UNSTATED) {
        form_heading(l, &num, F_REEXPORT);
        paragraph(l, l->x0 + 12, l->x1 - l->x0 - 12, c->rx_clause, 0);
    }
    maybe_break(l);
    form_heading(l, &num, F_ASSURANCES);
    if (c->nassur > 0) {
        emit_line(l, l->x0 + 12, "We hereby certify and undertake that:", 0, l->size);
        for (int i = 0; i < c->nassur; i++) {
            char mark[8];
            g_snprintf(mark, sizeof mark, "(%c)", 'a' + i);
            hanging(l, l->x0 + 12, mark, c->assur[i].text);
        }
    }
    form_heading(l, &num, F_SIGNATURE_SECTION);
    signature_block_form(l);
}

/* --- boxed table ------------------------------------------------------------------ */

typedef struct tbl {
    double xm;     /* label | value divider */
    double pad;
} tbl;

static void table_row(lay *l, const tbl *t, const char *label, const char *const *vals,
                      int n, double min_h, int header)
{
    GPtrArray *lab = wrap(l, label, (header ? l->x1 : t->xm) - l->x0 - 2 * t->pad,
                          1, l->size);
    GPtrArray *val = g_ptr_array_new();
    double top, h;
    guint nl;

    if (!header)
        for (int i = 0; i < n; i++) {
            GPtrArray *ls = wrap(l, vals[i], l->x1 - t->xm - 2 * t->pad, 0, l->size);
            for (guint j = 0; j < ls->len; j++)
                g_ptr_array_add(val, g_ptr_array_index(ls, j));
            g_ptr_array_free(ls, TRUE);
        }
    nl = MAX(lab->len, val->len);
    h = MAX(nl * l->lh + 2 * t->pad, min_h);
    ensure(l, h);
    top = l->y;
    if (header)
        op_fill(l, l->x0, top, l->x1 - l->x0, h, 0.88);
    l->y += t->pad;
    for (guint i = 0; i < nl; i++) {
        run rs[2] = {
            {l->x0 + t->pad, i < lab->len ? g_ptr_array_index(lab, i) : NULL, 1},
            {t->xm + t->pad, i < val->len ? g_ptr_array_index(val, i) : NULL, 0},
        };
        rs[0].bold = header;
        emit_runs(l, rs, 2, l->size, 1);
    }
    l->y = top + h;
    op_line(l, l->x0, top, l->x1, top, 0.8);
    op_line(l, l->x0, top + h, l->x1, top + h, 0.8);
    op_line(l, l->x0, top, l->x0, top + h, 0.8);
    op_line(l, l->x1, top, l->x1, top + h, 0.8);
    if (!header)
        op_line(l, t->xm, top, t->xm, top + h, 0.8);
    g_ptr_array_free(lab, TRUE);
    g_ptr_array_free(val, TRUE);
}

static void table_row1(lay *l, const tbl *t, const char *label, const char *val)
{
    table_row(l, t, label, &val, 1, 0, 0);
}

static void table_party_cell(lay *l, const tbl *t, const char *label, const gen_party *p)
{
    const char *v[6];
    int n = 0;

    v[n++] = p->name;
    for (int i = 0; i < p->naddr; i++)
        v[n++] = p->addr[i];
    v[n++] = p->country;
    table_row(l, t, label, v, n, 0, 0);
}

static void table_heading(lay *l, const tbl *t, int *num, gen_field f)
{
    char *s = g_strdup_printf("%d. %s", ++*num, gen_label(l->c, f));
    ensure(l, l->lh * 4);
    table_row(l, t, s, NULL, 0, 0, 1);
    g_free(s);
}

static void layout_table(lay *l)
{
    const gen_cert *c = l->c;
    tbl t;
    int num = 0;

    t.xm = l->x0 + (l->x1 - l->x0) * c->st.label_w;
    t.pad = 4;
    centered(l, c->title, 1, l->size + 5);
    if (c->subtitle != NULL)
        centered(l, c->subtitle, 0, l->size + 2);
    gap(l, 0.6);
    table_row1(l, &t, gen_label(c, F_CERTNO), c->cert_no);
    if (c->has_date)
        table_row1(l, &t, gen_label(c, F_ISSUE_DATE), c->date_raw);
    if (c->contract_no != NULL)
        table_row1(l, &t, gen_label(c, F_CONTRACT), c->contract_no);
    table_party_cell(l, &t, gen_label(c, F_EXPORTER), &c->exporter);
    if (c->has_consignee)
        table_party_cell(l, &t, gen_label(c, F_CONSIGNEE), &c->consignee);
    table_heading(l, &t, &num, F_END_USER);
    table_row1(l, &t, gen_label(c, F_NAME), c->end_user.name);
    if (c->end_user.naddr > 0)
        table_row(l, &t, gen_label(c, F_ADDRESS), c->end_user.addr, c->end_user.naddr, 0, 0);
    table_row1(l, &t, gen_label(c, F_COUNTRY), c->end_user.country);
    if (c->end_user.contact != NULL)
        table_row1(l, &t, gen_label(c, F_CONTACT), c->end_user.contact);
    if (c->end_user.business != NULL)
        table_row1(l, &t, gen_label(c, F_BUSINESS), c->end_user.business);
    table_heading(l, &t, &num, F_END_USE);
    table_row1(l, &t, gen_label(c, F_END_USE_DESC), c->end_use);
    if (c->end_use_location != NULL)
        table_row1(l, &t, gen_label(c, F_LOCATION), c->end_use_location);
    table_heading(l, &t, &num, F_GOODS);
    items_table(l);
    gap(l, 0.8);

    maybe_break(l);
    if (c->sub_mode == SUB_NONE) {
        table_row1(l, &t, gen_label(c, F_SUBSUP), c->sub_none_text);
    } else if (c->sub_mode == SUB_LISTED) {
        const char *v[16];
        int n = 0;
        for (int i = 0; i < c->nsubs; i++) {
            const gen_party *p = &c->subs[i];
            char *role = g_strdup_printf("%s: %s", gen_label(c, F_ROLE), p->role);
            char *name = g_strdup_printf("%d) %s", i + 1, p->name);
            v[n++] = dup(l, name);
            for (int j = 0; j < p->naddr; j++)
                v[n++] = p->addr[j];
            v[n++] = p->country;
            v[n++] = dup(l, role);
            g_free(role);
            g_free(name);
        }
        table_row(l, &t, gen_label(c, F_SUBSUP), v, n, 0, 0);
    }
    if (c->rx_mode != RX_UNSTATED)
        table_row1(l, &t, gen_label(c, F_REEXPORT), c->rx_clause);
    if (c->nassur > 0) {
        const char *v[8];
        for (int i = 0; i < c->nassur; i++) {
            char *s = g_strdup_printf("%d) %s", i + 1, c->assur[i].text);
            v[i] = dup(l, s);
            g_free(s);
        }
        table_row(l, &t, gen_label(c, F_ASSURANCES), v, c->nassur, 0, 0);
    }
    ensure(l, l->lh * 4 + 100);
    if (c->sig_name != NULL)
        table_row1(l, &t, gen_label(c, F_SIGNATORY), c->sig_name);
    table_row1(l, &t, gen_label(c, F_SIG_TITLE), c->sig_title);
    if (c->sig_has_date)
        table_row1(l, &t, gen_label(c, F_SIG_DATE), c->date_raw);
    {
        double h = 64, top;
        const char *lab = gen_label(c, F_SIGNATURE);
        ensure(l, h);
        top = l->y;
        add_signature(l, t.xm + 14, top + 16, MIN(170, (l->x1 - t.xm) * 0.5), 30);
        add_seal(l, l->x1 - 52, top + h / 2, 28);
        table_row(l, &t, lab, NULL, 0, h, 0);
        note_signature_line(l, lab);
    }
}

/* --- letter ------------------------------------------------------------------------ */

static void layout_letter(lay *l)
{
    const gen_cert *c = l->c;
    const gen_party *eu = &c->end_user;
    double width = l->x1 - l->x0;
    GString *g = g_string_new(NULL);

    /* letterhead */
    emit_line(l, l->x0, eu->name, 1, l->size + 4);
    paragraph(l, l->x0, width, join_addr(l, eu, 1), 0);
    op_line(l, l->x0, l->y + 2, l->x1, l->y + 2, 1.0);
    gap(l, 1.0);
    if (c->has_date) {
        double w = gen_text_width(c->date_raw, l->serif, 0, l->size);
        emit_line(l, l->x1 - w, c->date_raw, 0, l->size);
    }
    {
        double tx = l->x0 + gen_text_width("To: ", l->serif, 0, l->size) + 4;
        run rs[2] = {{l->x0, "To:", 0}, {tx, c->exporter.name, 0}};
        emit_runs(l, rs, 2, l->size, 0);
        for (int i = 0; i < c->exporter.naddr; i++)
            emit_line(l, tx, c->exporter.addr[i], 0, l->size);
        emit_line(l, tx, c->exporter.country, 0, l->size);
    }
    gap(l, 0.6);
    g_string_printf(g, "%s: %s", gen_label(c, F_CERTNO), c->cert_no);
    emit_line(l, l->x0, g->str, 0, l->size);
    g_string_printf(g, "Subject: %s", c->title);
    emit_line(l, l->x0, g->str, 1, l->size);
    gap(l, 0.6);
    emit_line(l, l->x0, "Dear Sir or Madam,", 0, l->size);
    gap(l, 0.4);

    /* the certifying sentence */
    {
        static const char *const opener[] = {
            "We, %s, of %s, hereby certify that ",
            "We, the undersigned %s, of %s, hereby certify that ",
            "This is to certify that %s, of %s, confirms that ",
        };
        g_string_printf(g, opener[c->st.letter_phrasing], eu->name,
                        eu->naddr > 0 ? join_addr(l, eu, 1) : eu->country);
    }
    if (c->nitems == 1) {
        const gen_item *it = &c->items[0];
        char *low = g_strdup(it->desc);
        low[0] = g_ascii_tolower(low[0]);
        if (it->qty != NULL)
            g_string_append_printf(g, "the %s %s of %s (HS %s)", it->qty, it->unit, low, it->hs);
        else
            g_string_append_printf(g, "the %s (HS %s)", low, it->hs);
        g_free(low);
    } else {
        g_string_append(g, "the goods listed below");
    }
    g_string_append_printf(g, ", purchased from %s, %s", c->exporter.name, c->exporter.country);
    if (c->contract_no != NULL)
        g_string_append_printf(g, ", under contract No. %s", c->contract_no);
    {
        static const char *const use[] = {
            ", will be used solely for %s.", ", will be used only for %s.",
            ", are intended exclusively for %s.",
        };
        g_string_append_printf(g, use[c->st.letter_phrasing], c->end_use);
    }
    if (c->nitems == 1)
        g_string_append_printf(g, " The value of the goods is %s %s.",
                               c->items[0].currency, c->items[0].value);
    if (c->end_use_location != NULL)
        g_string_append_printf(g, " The goods will be used at %s.", c->end_use_location);
    paragraph(l, l->x0, width, g->str, 0);
    if (c->nitems > 1) {
        gap(l, 0.4);
        items_table(l);
    }
    gap(l, 0.5);
    if (eu->business != NULL) {
        static const char *const biz[] = {
            "Our business is the %s.", "We are engaged in the %s.",
            "Our main activity is the %s.",
        };
        g_string_printf(g, biz[c->st.letter_phrasing], eu->business);
        paragraph(l, l->x0, width, g->str, 0);
        gap(l, 0.5);
    }
    if (c->has_consignee) {
        g_string_printf(g, "The goods will be imported by %s, %s, acting as consignee on our behalf.",
                        c->consignee.name, join_addr(l, &c->consignee, 1));
        paragraph(l, l->x0, width, g->str, 0);
        gap(l, 0.5);
    }
    if (c->sub_mode == SUB_NONE) {
        paragraph(l, l->x0, width, c->sub_none_text, 0);
        gap(l, 0.5);
    } else if (c->sub_mode == SUB_LISTED) {
        g_string_assign(g, "The goods will also be processed by ");
        for (int i = 0; i < c->nsubs; i++) {
            const gen_party *p = &c->subs[i];
            if (i > 0)
                g_string_append(g, " and by ");
            g_string_append_printf(g, "%s, %s (%s)", p->name, join_addr(l, p, 1), p->role);
        }
        g_string_append(g, "; no other party will hold the goods.");
        paragraph(l, l->x0, width, g->str, 0);
        gap(l, 0.5);
    }
    maybe_break(l);
    if (c->rx_mode != RX_UNSTATED) {
        paragraph(l, l->x0, width, c->rx_clause, 0);
        gap(l, 0.5);
    }
    if (c->nassur > 0) {
        g_string_assign(g, "We further certify the following.");
        for (int i = 0; i < c->nassur; i++)
            g_string_append_printf(g, " %s", c->assur[i].text);
        paragraph(l, l->x0, width, g->str, 0);
        gap(l, 0.5);
    }
    if (eu->contact != NULL) {
        g_string_printf(g, "For any questions please contact %s.", eu->contact);
        paragraph(l, l->x0, width, g->str, 0);
        gap(l, 0.5);
    }
    ensure(l, l->lh * 8);
    {
        static const char *const close[] = {"Yours faithfully,", "Sincerely,",
                                            "Yours sincerely,"};
        const char *cl = close[c->st.letter_phrasing];
        emit_line(l, l->x0, cl, 0, l->size);
        note_signature_line(l, cl);
    }
    add_signature(l, l->x0 + 4, l->y + 4, 150, 30);
    add_seal(l, l->x0 + 250, l->y + 36, 40);
    gap(l, 3.0);
    if (c->sig_name != NULL)
        emit_line(l, l->x0, c->sig_name, 0, l->size);
    emit_line(l, l->x0, c->sig_title, 0, l->size);
    emit_line(l, l->x0, eu->name, 0, l->size);
    if (c->sig_has_date) {
        g_string_printf(g, "%s: %s", gen_label(c, F_SIG_DATE), c->date_raw);
        emit_line(l, l->x0, g->str, 0, l->size);
    }
    g_string_free(g, TRUE);
}

/* --- driver ---------------------------------------------------------------------- */

static void page_free(gpointer p)
{
    gen_page *pg = p;
    g_array_free(pg->ops, TRUE);
    g_string_free(pg->text, TRUE);
    g_string_free(pg->plain, TRUE);
    g_free(pg);
}

void gen_doc_free(gen_doc *d)
{
    if (d == NULL)
        return;
    g_ptr_array_free(d->pages, TRUE);
    g_string_chunk_free(d->strs);
    g_free(d);
}

static gen_doc *layout_at(const gen_cert *c, double size)
{
    lay l;
    gen_doc *d = g_new0(gen_doc, 1);

    d->w = c->st.page_w;
    d->h = c->st.page_h;
    d->pages = g_ptr_array_new_with_free_func(page_free);
    d->strs = g_string_chunk_new(4096);
    d->sig_page = -1;
    memset(&l, 0, sizeof l);
    l.c = c;
    l.d = d;
    gen_rng_seed(&l.r, gen_hash_str(c->seed, c->name) ^ 0x5157ULL);
    l.x0 = c->st.ml;
    l.x1 = c->st.page_w - c->st.mr;
    l.size = size;
    l.lh = size * c->st.lead;
    l.serif = c->st.serif;
    new_page(&l);
    switch (c->shape) {
    case SHAPE_FORM: layout_form(&l); break;
    case SHAPE_TABLE: layout_table(&l); break;
    case SHAPE_LETTER: layout_letter(&l); break;
    }
    if (d->pages->len > 1) {
        for (guint i = 0; i < d->pages->len; i++) {
            char *f = g_strdup_printf("Page %u of %u", i + 1, d->pages->len);
            l.pg = g_ptr_array_index(d->pages, i);
            run rs = {0, f, 0};
            rs.x = (l.x0 + l.x1 - gen_text_width(f, l.serif, 0, size * 0.85)) / 2;
            l.y = c->st.page_h - c->st.mb - size;
            emit_runs(&l, &rs, 1, size * 0.85, 1);
            g_free(f);
        }
    }
    return d;
}

gen_doc *gen_layout(const gen_cert *c)
{
    double size = c->st.size;
    gen_doc *d = layout_at(c, size);

    /* too long for the pages wanted: smaller type, as a clerk would */
    while ((int)d->pages->len > c->pages_wanted && size > 8.0) {
        gen_doc_free(d);
        size -= 0.5;
        d = layout_at(c, size);
    }
    return d;
}

char *gen_doc_plain_text(const gen_doc *d, int page)
{
    const gen_page *pg = g_ptr_array_index(d->pages, page);
    GString *out = g_string_new(NULL);
    gchar **lines = g_strsplit(pg->plain->str, "\n", -1);
    int done = 0;

    for (int i = 0; lines[i] != NULL; i++) {
        size_t indent = strspn(lines[i], " ");
        if (i > 0)
            g_string_append_c(out, '\n');
        if (!done && page == d->sig_page && d->sig_find != NULL &&
            strcmp(lines[i] + indent, d->sig_find) == 0) {
            g_string_append_len(out, lines[i], (gssize)indent);
            g_string_append(out, d->sig_replace);
            done = 1;
        } else {
            g_string_append(out, lines[i]);
        }
    }
    g_strfreev(lines);
    return g_string_free(out, FALSE);
}
