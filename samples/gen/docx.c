/* NAME.docx: the certificate as a Word user types it into a document.
 *
 * Office Open XML, zipped with pack.c: a title, numbered Heading 1 sections,
 * "Label:<tab>Value" paragraphs (a hanging indent, further address lines
 * after <w:br/>), the goods as a real table (header row, one row per item,
 * w:tblGrid widths), the undertakings as paragraphs, yes/no questions as
 * Word 2010 check-box content controls (w14:checkbox showing U+2612 / U+2610),
 * the end user's name in the page header, and the signature and the seal as
 * inline PNG pictures (wp:inline, a:blip r:embed) drawn with the ink of the
 * display list.  Only what the certificate states is written: a Word user
 * leaves out a line with nothing to say.
 *
 * gen_docx_text gives the text truth.c records: the header's line, then one
 * line per paragraph in document order (a w:tab as a tab, a w:br as a line
 * break) and one line per table row (cells joined by a tab); check boxes
 * are [X] or [ ] (their state, not their glyph), pictures nothing. */
#include <math.h>
#include <string.h>

#include <cairo.h>

#include "gen.h"

#define DOCX_DATE "2026-01-12T09:00:00Z"
#define EMU_PER_PT 12700.0
#define IMG_SCALE 2.0   /* pixels per point of the pictures: 144 dpi */

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_WP "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define NS_A "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_PIC "http://schemas.openxmlformats.org/drawingml/2006/picture"
#define NS_W14 "http://schemas.microsoft.com/office/word/2010/wordml"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n"

typedef struct picture {
    GByteArray *png;
    double w, h;          /* points */
    const char *rid, *file, *name;
} picture;

typedef struct dx {
    const gen_cert *c;
    GString *x;           /* the body of word/document.xml */
    GString *t;           /* its text */
    int num;              /* section number */
    int ids;              /* w:sdt and wp:docPr ids */
    long tab;             /* value column, twips from the margin */
    long width;           /* text width, twips */
    picture sig, seal;
} dx;

static void esc(GString *g, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        switch (*s) {
        case '&': g_string_append(g, "&amp;"); break;
        case '<': g_string_append(g, "&lt;"); break;
        case '>': g_string_append(g, "&gt;"); break;
        case '"': g_string_append(g, "&quot;"); break;
        default: g_string_append_c(g, *s); break;
        }
    }
}

static void line(dx *d, const char *s)
{
    g_string_append(d->t, s);
    g_string_append_c(d->t, '\n');
}

static void run(dx *d, const char *text, int bold)
{
    g_string_append(d->x, "<w:r>");
    if (bold)
        g_string_append(d->x, "<w:rPr><w:b/></w:rPr>");
    g_string_append(d->x, "<w:t xml:space=\"preserve\">");
    esc(d->x, text);
    g_string_append(d->x, "</w:t></w:r>");
}

static void styled(dx *d, const char *style, const char *text)
{
    g_string_append_printf(d->x, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
    run(d, text, 0);
    g_string_append(d->x, "</w:p>\n");
    line(d, text);
}

static void heading(dx *d, gen_field f)
{
    const char *label = gen_label(d->c, f);
    char *t;

    d->num++;
    switch (d->c->st.heading_style) {
    case 0: t = g_strdup_printf("%d. %s", d->num, label); break;
    case 1: {
        char *up = g_utf8_strup(label, -1);
        t = g_strdup_printf("(%d) %s", d->num, up);
        g_free(up);
        break;
    }
    default: t = g_strdup_printf("Section %d - %s", d->num, label); break;
    }
    styled(d, "Heading1", t);
    g_free(t);
}

/* "Label:<tab>value", further values after a line break under the first. */
static void field_lines(dx *d, long indent, const char *label, const char *const *vals, int n)
{
    GString *t = g_string_new(NULL);

    if (n == 0 || vals[0] == NULL)
        return;
    g_string_append_printf(d->x,
                           "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"%ld\"/></w:tabs>"
                           "<w:ind w:left=\"%ld\" w:hanging=\"%ld\"/></w:pPr>",
                           d->tab, d->tab, d->tab - indent);
    g_string_append_printf(t, "%s:", label);
    run(d, t->str, 1);
    for (int i = 0; i < n; i++) {
        g_string_append(d->x, i == 0 ? "<w:r><w:tab/>" : "<w:r><w:br/>");
        g_string_append(d->x, "<w:t xml:space=\"preserve\">");
        esc(d->x, vals[i]);
        g_string_append(d->x, "</w:t></w:r>");
        g_string_append_c(t, i == 0 ? '\t' : '\n');
        g_string_append(t, vals[i]);
    }
    g_string_append(d->x, "</w:p>\n");
    line(d, t->str);
    g_string_free(t, TRUE);
}

static void field(dx *d, long indent, const char *label, const char *value)
{
    if (value != NULL)
        field_lines(d, indent, label, &value, 1);
}

static void party(dx *d, const gen_party *p, int full, const char *mark)
{
    const gen_cert *c = d->c;
    char *name = mark != NULL ? g_strdup_printf("%s %s", mark, gen_label(c, F_NAME))
                              : g_strdup(gen_label(c, F_NAME));

    field(d, 240, name, p->name);
    g_free(name);
    if (p->naddr > 0)
        field_lines(d, 240, gen_label(c, F_ADDRESS), p->addr, p->naddr);
    field(d, 240, gen_label(c, F_COUNTRY), p->country);
    if (full) {
        field(d, 240, gen_label(c, F_CONTACT), p->contact);
        field(d, 240, gen_label(c, F_BUSINESS), p->business);
    }
}

static void para(dx *d, const char *mark, const char *text)
{
    GString *t = g_string_new(NULL);

    if (mark != NULL) {
        g_string_append(d->x, "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
                              "</w:tabs><w:ind w:left=\"720\" w:hanging=\"480\"/>"
                              "<w:jc w:val=\"both\"/></w:pPr>");
        run(d, mark, 0);
        g_string_append(d->x, "<w:r><w:tab/></w:r>");
        g_string_append_printf(t, "%s\t", mark);
    } else {
        g_string_append(d->x, "<w:p><w:pPr><w:ind w:left=\"240\"/><w:jc w:val=\"both\"/></w:pPr>");
    }
    run(d, text, 0);
    g_string_append(d->x, "</w:p>\n");
    g_string_append(t, text);
    line(d, t->str);
    g_string_free(t, TRUE);
}

/* A Word 2010 check box: a content control whose text is the glyph. */
static void checkbox(dx *d, int checked, const char *alias)
{
    const char *glyph = checked ? "\xE2\x98\x92" : "\xE2\x98\x90"; /* U+2612, U+2610 */

    g_string_append_printf(d->x,
                           "<w:sdt><w:sdtPr><w:alias w:val=\"%s\"/><w:id w:val=\"%d\"/>"
                           "<w14:checkbox><w14:checked w14:val=\"%d\"/>"
                           "<w14:checkedState w14:val=\"2612\" w14:font=\"MS Gothic\"/>"
                           "<w14:uncheckedState w14:val=\"2610\" w14:font=\"MS Gothic\"/>"
                           "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr>"
                           "<w:rFonts w:ascii=\"MS Gothic\" w:eastAsia=\"MS Gothic\""
                           " w:hAnsi=\"MS Gothic\" w:hint=\"eastAsia\"/></w:rPr><w:t>%s</w:t>"
                           "</w:r></w:sdtContent></w:sdt>",
                           alias, 1000 + ++d->ids, checked, glyph);
}

static void question(dx *d, const char *q, int yes)
{
    long pos = d->width - 1700;
    /* the truth is what a reader of the control's state gives, as for a
     * fillable PDF's boxes: [X] or [ ], whatever glyph Word shows */
    char *t = g_strdup_printf("%s\t%s Yes\t%s No", q, yes ? "[X]" : "[ ]",
                              yes ? "[ ]" : "[X]");

    g_string_append_printf(d->x,
                           "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"%ld\"/>"
                           "<w:tab w:val=\"left\" w:pos=\"%ld\"/></w:tabs>"
                           "<w:ind w:left=\"240\"/></w:pPr>",
                           pos, pos + 850);
    run(d, q, 0);
    g_string_append(d->x, "<w:r><w:tab/></w:r>");
    checkbox(d, yes, "Yes");
    run(d, " Yes", 0);
    g_string_append(d->x, "<w:r><w:tab/></w:r>");
    checkbox(d, !yes, "No");
    run(d, " No", 0);
    g_string_append(d->x, "</w:p>\n");
    line(d, t);
    g_free(t);
}

static void cell(dx *d, long w, const char *text, int header)
{
    g_string_append_printf(d->x, "<w:tc><w:tcPr><w:tcW w:w=\"%ld\" w:type=\"dxa\"/>", w);
    if (header)
        g_string_append(d->x, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>");
    g_string_append(d->x, "</w:tcPr><w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>");
    if (text != NULL && *text != '\0')
        run(d, text, header);
    g_string_append(d->x, "</w:p></w:tc>");
}

static void items(dx *d)
{
    const gen_cert *c = d->c;
    const gen_style *st = &c->st;
    int ncol = st->items_ctrl_col ? 6 : 5;
    gen_field hdr[6];
    long ws[6];
    double sum = 0;
    int k = 0;
    GString *t = g_string_new(NULL);

    hdr[k++] = F_ITEM_DESC;
    hdr[k++] = F_ITEM_HS;
    if (st->items_ctrl_col)
        hdr[k++] = F_ITEM_CTRL;
    hdr[k++] = F_ITEM_QTY;
    hdr[k++] = F_ITEM_UNIT;
    hdr[k++] = F_ITEM_VALUE;
    for (int i = 0; i < ncol; i++)
        sum += st->col_frac[i];
    for (int i = 0; i < ncol; i++)
        ws[i] = lround(d->width * st->col_frac[i] / sum);

    g_string_append(d->x, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
                          "<w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>"
                          "<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                          "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                          "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                          "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                          "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                          "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
                          "</w:tblBorders><w:tblLook w:val=\"04A0\" w:firstRow=\"1\""
                          " w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\""
                          " w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
    for (int i = 0; i < ncol; i++)
        g_string_append_printf(d->x, "<w:gridCol w:w=\"%ld\"/>", ws[i]);
    g_string_append(d->x, "</w:tblGrid>\n");
    for (int row = -1; row < c->nitems; row++) {
        const gen_item *it = row >= 0 ? &c->items[row] : NULL;
        g_string_append(d->x, row < 0 ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>");
        g_string_truncate(t, 0);
        for (int i = 0; i < ncol; i++) {
            const char *s;
            char *v = NULL;
            if (it == NULL) {
                s = gen_label(c, hdr[i]);
            } else {
                switch (hdr[i]) {
                case F_ITEM_DESC: s = it->desc; break;
                case F_ITEM_HS: s = it->hs; break;
                case F_ITEM_CTRL: s = it->ctrl; break;
                case F_ITEM_QTY: s = it->qty; break;
                case F_ITEM_UNIT: s = it->qty ? it->unit : NULL; break;
                default: s = v = g_strdup_printf("%s %s", it->currency, it->value); break;
                }
            }
            cell(d, ws[i], s, it == NULL);
            if (i > 0)
                g_string_append_c(t, '\t');
            if (s != NULL)
                g_string_append(t, s);
            g_free(v);
        }
        g_string_append(d->x, "</w:tr>\n");
        line(d, t->str);
    }
    g_string_append(d->x, "</w:tbl>\n");
    g_string_free(t, TRUE);
}

/* --- pictures ------------------------------------------------------------------ */

static cairo_status_t to_bytes(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* op drawn at its x, y on a transparent w x h (points) picture. */
static GByteArray *draw_png(const gen_op *op, double w, double h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                                    (int)lround(w * IMG_SCALE),
                                                    (int)lround(h * IMG_SCALE));
    cairo_t *cr = cairo_create(s);
    GByteArray *b = g_byte_array_new();

    cairo_scale(cr, IMG_SCALE, IMG_SCALE);
    gen_draw_op(cr, op);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    cairo_surface_write_to_png_stream(s, to_bytes, b);
    cairo_surface_destroy(s);
    return b;
}

static void pictures(dx *d, const gen_doc *doc)
{
    const gen_cert *c = d->c;
    const gen_op *ink = c->signature ? gen_doc_signature(doc) : NULL;

    if (ink != NULL) {
        gen_op op = *ink;
        op.x = 4;
        op.w = 150;
        op.h = 30;
        op.y = op.h * 0.45;
        d->sig.w = op.w + 8;
        d->sig.h = op.h * 1.75;
        d->sig.png = draw_png(&op, d->sig.w, d->sig.h);
        d->sig.rid = "rId4";
        d->sig.file = "media/signature.png";
        d->sig.name = "Signature";
    }
    if (c->seal) {
        gen_op op = {0};
        op.type = OP_SEAL;
        op.w = 40;
        op.x = op.y = op.w + 3;
        op.text = c->end_user.name;
        d->seal.w = d->seal.h = 2 * op.w + 6;
        d->seal.png = draw_png(&op, d->seal.w, d->seal.h);
        d->seal.rid = "rId5";
        d->seal.file = "media/seal.png";
        d->seal.name = "Company seal";
    }
}

static void inline_picture(dx *d, const picture *p)
{
    long cx = lround(p->w * EMU_PER_PT), cy = lround(p->h * EMU_PER_PT);
    int id = ++d->ids;

    g_string_append_printf(
        d->x,
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"114300\" distR=\"114300\">"
        "<wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
        "<wp:docPr id=\"%d\" name=\"%s\" descr=\"%s\"/>"
        "<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>"
        "<a:graphic><a:graphicData uri=\"" NS_PIC "\"><pic:pic>"
        "<pic:nvPicPr><pic:cNvPr id=\"%d\" name=\"%s\"/><pic:cNvPicPr/></pic:nvPicPr>"
        "<pic:blipFill><a:blip r:embed=\"%s\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"%ld\" cy=\"%ld\"/></a:xfrm>"
        "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>"
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
        cx, cy, id, p->name, p->name, id, strrchr(p->file, '/') + 1, p->rid, cx, cy);
}

static void signature(dx *d)
{
    const gen_cert *c = d->c;
    char *lab = g_strdup_printf("%s:", gen_label(c, F_SIGNATURE));
    char *t = g_strdup_printf("%s\t", lab);

    field(d, 240, gen_label(c, F_SIGNATORY), c->sig_name);
    field(d, 240, gen_label(c, F_SIG_TITLE), c->sig_title);
    if (c->sig_has_date)
        field(d, 240, gen_label(c, F_SIG_DATE), c->date_raw);
    g_string_append_printf(d->x,
                           "<w:p><w:pPr><w:keepLines/>"
                           "<w:tabs><w:tab w:val=\"left\" w:pos=\"%ld\"/></w:tabs>"
                           "<w:spacing w:before=\"240\"/><w:ind w:left=\"240\"/></w:pPr>",
                           d->tab);
    run(d, lab, 1);
    g_string_append(d->x, "<w:r><w:tab/></w:r>");
    if (d->sig.png != NULL)
        inline_picture(d, &d->sig);
    if (d->seal.png != NULL)
        inline_picture(d, &d->seal);
    g_string_append(d->x, "</w:p>\n");
    line(d, t);
    g_free(t);
    g_free(lab);
}

/* --- the document -------------------------------------------------------------- */

static void body(dx *d)
{
    const gen_cert *c = d->c;

    styled(d, "Title", c->title);
    if (c->subtitle != NULL)
        styled(d, "Subtitle", c->subtitle);
    field(d, 0, gen_label(c, F_CERTNO), c->cert_no);
    if (c->has_date)
        field(d, 0, gen_label(c, F_ISSUE_DATE), c->date_raw);
    field(d, 0, gen_label(c, F_CONTRACT), c->contract_no);

    heading(d, F_EXPORTER);
    party(d, &c->exporter, 0, NULL);
    if (c->has_consignee) {
        heading(d, F_CONSIGNEE);
        party(d, &c->consignee, 0, NULL);
    }
    heading(d, F_END_USER);
    party(d, &c->end_user, 1, NULL);
    heading(d, F_END_USE);
    field(d, 240, gen_label(c, F_END_USE_DESC), c->end_use);
    field(d, 240, gen_label(c, F_LOCATION), c->end_use_location);
    heading(d, F_GOODS);
    items(d);

    if (c->sub_mode != SUB_UNSTATED) {
        heading(d, F_SUBSUP);
        question(d, "Will any other party process, incorporate or hold the goods?",
                 c->sub_mode == SUB_LISTED);
        if (c->sub_mode == SUB_NONE) {
            para(d, NULL, c->sub_none_text);
        } else {
            for (int i = 0; i < c->nsubs; i++) {
                char mark[8];
                g_snprintf(mark, sizeof mark, "(%c)", 'a' + i);
                party(d, &c->subs[i], 0, mark);
                field(d, 240, gen_label(c, F_ROLE), c->subs[i].role);
            }
        }
    }
    if (c->rx_mode != RX_UNSTATED) {
        heading(d, F_REEXPORT);
        question(d, "Will the goods, or products incorporating them, be re-exported?",
                 c->rx_mode == RX_YES);
        para(d, NULL, c->rx_clause);
    }
    heading(d, F_ASSURANCES);
    if (c->nassur > 0) {
        para(d, NULL, "We hereby certify and undertake that:");
        for (int i = 0; i < c->nassur; i++) {
            char mark[8];
            g_snprintf(mark, sizeof mark, "(%c)", 'a' + i);
            para(d, mark, c->assur[i].text);
        }
    }
    heading(d, F_SIGNATURE_SECTION);
    signature(d);
}

static long value_column(const gen_cert *c)
{
    static const gen_field fs[] = {
        F_CERTNO, F_ISSUE_DATE, F_CONTRACT, F_NAME, F_ADDRESS, F_COUNTRY, F_CONTACT,
        F_BUSINESS, F_END_USE_DESC, F_LOCATION, F_ROLE, F_SIGNATORY, F_SIG_TITLE,
        F_SIG_DATE, F_SIGNATURE,
    };
    double w = 0, size = c->st.size;
    double text_w = c->st.page_w - c->st.ml - c->st.mr;

    for (size_t i = 0; i < G_N_ELEMENTS(fs); i++) {
        char *s = g_strdup_printf("(a) %s:", gen_label(c, fs[i]));
        w = MAX(w, gen_text_width(s, 0, 1, size));
        g_free(s);
    }
    w = MIN(w + 12 + 12, text_w * 0.45);
    return lround(w * 20 / 100) * 100; /* a round tab stop, as Word users set */
}

static void build(const gen_cert *c, const gen_doc *doc, dx *d)
{
    memset(d, 0, sizeof *d);
    d->c = c;
    d->x = g_string_new(NULL);
    d->t = g_string_new(NULL);
    d->width = lround((c->st.page_w - c->st.ml - c->st.mr) * 20);
    d->tab = value_column(c);
    pictures(d, doc);
    line(d, c->end_user.name); /* the header */
    body(d);
}

static void unbuild(dx *d)
{
    g_string_free(d->x, TRUE);
    g_string_free(d->t, TRUE);
    if (d->sig.png != NULL)
        g_byte_array_free(d->sig.png, TRUE);
    if (d->seal.png != NULL)
        g_byte_array_free(d->seal.png, TRUE);
}

char *gen_docx_text(const gen_cert *c, const gen_doc *doc)
{
    dx d;
    char *s;

    build(c, doc, &d);
    /* no final newline: the lines are joined, as a page's text is */
    if (d.t->len > 0 && d.t->str[d.t->len - 1] == '\n')
        g_string_truncate(d.t, d.t->len - 1);
    s = g_strdup(d.t->str);
    unbuild(&d);
    return s;
}

static const char *east_asian_font(const gen_cert *c)
{
    return c->labels == LABELS_EN_JA ? "MS Mincho" : "SimSun";
}

static char *styles_xml(const gen_cert *c)
{
    const char *font = c->st.serif ? "Times New Roman" : "Arial";
    long sz = lround(c->st.size * 2);

    return g_strdup_printf(
        XML_DECL "<w:styles xmlns:w=\"" NS_W "\">"
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"%s\" w:hAnsi=\"%s\""
        " w:eastAsia=\"%s\" w:cs=\"%s\"/><w:sz w:val=\"%ld\"/><w:szCs w:val=\"%ld\"/>"
        "<w:lang w:val=\"en-GB\" w:eastAsia=\"%s\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>"
        "<w:pPrDefault><w:pPr><w:spacing w:after=\"60\" w:line=\"259\" w:lineRule=\"auto\"/>"
        "</w:pPr></w:pPrDefault></w:docDefaults>"
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
        "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        "<w:pPr><w:spacing w:after=\"120\"/><w:jc w:val=\"center\"/></w:pPr>"
        "<w:rPr><w:b/><w:sz w:val=\"%ld\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        "<w:pPr><w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/></w:pPr>"
        "<w:rPr><w:sz w:val=\"%ld\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
        "<w:pPr><w:keepNext/><w:spacing w:before=\"200\" w:after=\"80\"/>"
        "<w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"%ld\"/></w:rPr></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/>"
        "<w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"right\"/>"
        "</w:pPr><w:rPr><w:color w:val=\"595959\"/></w:rPr></w:style>"
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
        "<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
        "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
        "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
        "</w:tblCellMar></w:tblPr></w:style>"
        "<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>"
        "<w:basedOn w:val=\"TableNormal\"/><w:pPr><w:spacing w:after=\"0\"/></w:pPr>"
        "</w:style></w:styles>",
        font, font, east_asian_font(c), font, sz, sz,
        c->labels == LABELS_EN_JA ? "ja-JP" : "zh-CN", sz + 10, sz + 4, sz + 2);
}

static char *document_xml(const gen_cert *c, const dx *d)
{
    return g_strdup_printf(
        XML_DECL "<w:document xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\" xmlns:wp=\"" NS_WP
        "\" xmlns:a=\"" NS_A "\" xmlns:pic=\"" NS_PIC "\" xmlns:w14=\"" NS_W14
        "\" xmlns:mc=\"" NS_MC "\" mc:Ignorable=\"w14\"><w:body>\n%s"
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/>"
        "<w:pgSz w:w=\"%ld\" w:h=\"%ld\"/>"
        "<w:pgMar w:top=\"%ld\" w:right=\"%ld\" w:bottom=\"%ld\" w:left=\"%ld\""
        " w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        d->x->str, lround(c->st.page_w * 20), lround(c->st.page_h * 20),
        lround(c->st.mt * 20), lround(c->st.mr * 20), lround(c->st.mb * 20),
        lround(c->st.ml * 20));
}

static char *header_xml(const gen_cert *c)
{
    GString *g = g_string_new(XML_DECL "<w:hdr xmlns:w=\"" NS_W "\" xmlns:r=\"" NS_R "\">"
                                       "<w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:t>");
    esc(g, c->end_user.name);
    g_string_append(g, "</w:t></w:r></w:p></w:hdr>");
    return g_string_free(g, FALSE);
}

static char *core_xml(const gen_cert *c)
{
    GString *g = g_string_new(
        XML_DECL "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/"
        "metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
        " xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/"
        "dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
    esc(g, c->title);
    g_string_append(g, "</dc:title><dc:creator>");
    esc(g, c->end_user.name);
    g_string_append(g, "</dc:creator><cp:lastModifiedBy>");
    esc(g, c->end_user.name);
    g_string_append(g, "</cp:lastModifiedBy><cp:revision>1</cp:revision>"
                       "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" DOCX_DATE "</dcterms:created>"
                       "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">" DOCX_DATE "</dcterms:modified>"
                       "</cp:coreProperties>");
    return g_string_free(g, FALSE);
}

static int add_str(gen_zip *z, const char *name, char *s)
{
    int rc = gen_zip_add(z, name, s, strlen(s));
    g_free(s);
    return rc;
}

int gen_write_docx(const gen_cert *c, const gen_doc *doc, const char *path, char **msg)
{
    dx d;
    gen_zip *z;
    GString *ct, *rels;
    int rc = 0;

    build(c, doc, &d);
    z = gen_zip_open(path, msg);
    if (z == NULL) {
        unbuild(&d);
        return -1;
    }
    /* [Content_Types].xml first, as Word writes it */
    ct = g_string_new(XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                               "content-types\">"
                               "<Default Extension=\"rels\" ContentType=\"application/"
                               "vnd.openxmlformats-package.relationships+xml\"/>"
                               "<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    if (d.sig.png != NULL || d.seal.png != NULL)
        g_string_append(ct, "<Default Extension=\"png\" ContentType=\"image/png\"/>");
    g_string_append(ct,
                    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
                    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
                    "<Override PartName=\"/word/header1.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
                    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-package.core-properties+xml\"/>"
                    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
                    "vnd.openxmlformats-officedocument.extended-properties+xml\"/></Types>");
    rc |= add_str(z, "[Content_Types].xml", g_string_free(ct, FALSE));
    rc |= add_str(z, "_rels/.rels",
                  g_strdup(XML_DECL "<Relationships xmlns=\"" NS_REL "\">"
                           "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/"
                           "officeDocument/2006/relationships/extended-properties\""
                           " Target=\"docProps/app.xml\"/>"
                           "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/"
                           "package/2006/relationships/metadata/core-properties\""
                           " Target=\"docProps/core.xml\"/>"
                           "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
                           "officeDocument/2006/relationships/officeDocument\""
                           " Target=\"word/document.xml\"/></Relationships>"));
    rc |= add_str(z, "docProps/app.xml",
                  g_strdup(XML_DECL "<Properties xmlns=\"http://schemas.openxmlformats.org/"
                           "officeDocument/2006/extended-properties\">"
                           "<Application>eucheck samples-gen</Application>"
                           "<DocSecurity>0</DocSecurity><Pages>1</Pages></Properties>"));
    rc |= add_str(z, "docProps/core.xml", core_xml(c));
    rc |= add_str(z, "word/document.xml", document_xml(c, &d));
    rc |= add_str(z, "word/styles.xml", styles_xml(c));
    rc |= add_str(z, "word/settings.xml",
                  g_strdup(XML_DECL "<w:settings xmlns:w=\"" NS_W "\">"
                           "<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl"
                           " w:val=\"doNotCompress\"/><w:compat><w:compatSetting"
                           " w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/"
                           "office/word\" w:val=\"15\"/></w:compat></w:settings>"));
    rc |= add_str(z, "word/header1.xml", header_xml(c));
    rels = g_string_new(XML_DECL "<Relationships xmlns=\"" NS_REL "\">"
                                 "<Relationship Id=\"rId1\" Type=\"" NS_R "/styles\""
                                 " Target=\"styles.xml\"/>"
                                 "<Relationship Id=\"rId2\" Type=\"" NS_R "/settings\""
                                 " Target=\"settings.xml\"/>"
                                 "<Relationship Id=\"rId3\" Type=\"" NS_R "/header\""
                                 " Target=\"header1.xml\"/>");
    if (d.sig.png != NULL)
        g_string_append_printf(rels, "<Relationship Id=\"%s\" Type=\"" NS_R "/image\""
                                     " Target=\"%s\"/>", d.sig.rid, d.sig.file);
    if (d.seal.png != NULL)
        g_string_append_printf(rels, "<Relationship Id=\"%s\" Type=\"" NS_R "/image\""
                                     " Target=\"%s\"/>", d.seal.rid, d.seal.file);
    g_string_append(rels, "</Relationships>");
    rc |= add_str(z, "word/_rels/document.xml.rels", g_string_free(rels, FALSE));
    if (d.sig.png != NULL)
        rc |= gen_zip_add(z, "word/media/signature.png", d.sig.png->data, d.sig.png->len);
    if (d.seal.png != NULL)
        rc |= gen_zip_add(z, "word/media/seal.png", d.seal.png->data, d.seal.png->len);
    unbuild(&d);
    if (gen_zip_close(z, msg) != 0)
        return -1;
    if (rc != 0) {
        *msg = g_strdup_printf("%s: writing the DOCX failed", path);
        return -1;
    }
    return 0;
}
