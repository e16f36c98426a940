/* The document as entries: each label with the value beside or below it.
 *
 * One pass over the lines, after tables are found (tables.c):
 *   - a line whose first cell is a label and whose other cells are values
 *     is an inline entry ("Label: value", a two-column table's row); the
 *     value runs on over the lines below that start in its column, or at
 *     the margin when the value is still open (a colon label's wrapped
 *     line); a two-column label wraps too ("Intermediate consignees, /
 *     processors and other parties");
 *   - a line of labels only is one box per label (numbered boxes with the
 *     value below, BIS-711 style); a single label on its line is a box
 *     whose body is what follows;
 *   - a box is also a heading: a later label of a deeper level is its
 *     child and takes it as context ("Part B - END-USER" / "Company
 *     name:"); a label of the same or an outer level closes it, whatever
 *     its words, so an unknown heading still ends the section before it;
 *   - a question ("Will the goods be re-exported? [X] No") is its own
 *     entry, answered on its line or below;
 *   - everything else is free text, read later as prose.
 * Levels come from markers (layout.c): "Part C" outranks "3." outranks
 * "3.1" outranks "(c)"; a heading in capitals without a marker is of the
 * outer level. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

enum { LB_NONE = 0, LB_WEAK = 1, LB_STRONG = 2, LB_COLON = 3 };

typedef struct cellinfo {
    int done;
    int status;        /* LB_* */
    psense s;
    char *text;        /* without its marker */
    int mark;
    int bracket;       /* the whole cell stood in brackets */
} cellinfo;

typedef struct bstate {
    run *r;
    cellinfo *ci;
    GArray *stack;     /* int: open containers (box entries), innermost last */
    int leaf;          /* open inline entry taking continuation lines, -1 */
    int last_leaf;     /* the last entry made (for the context of the next) */
    int row;           /* first entry of the open box row, -1 */
    int row_end;
} bstate;

/* The length of t without a last " / " part that is OCR's noise for
 * a script it could not read: no word of three letters, no Chinese or
 * Japanese, short, with a sign no label has ("{1 T2it%", "#1)"). */
static size_t ocr_tail(const char *t)
{
    const char *sl = NULL, *q;
    size_t n = strlen(t), letters = 0, best = 0;
    int sign = 0;

    for (q = t; (q = strstr(q, " / ")) != NULL; q += 3)
        sl = q;
    if (sl == NULL || n - (size_t)(sl + 3 - t) > 14)
        return n;
    /* a few digits where the other script was ("Name of Signatory / 844") */
    if (n - (size_t)(sl + 3 - t) <= 4 && sl > t && g_ascii_isalpha(sl[-1]) &&
        strspn(sl + 3, "0123456789") == n - (size_t)(sl + 3 - t))
        return (size_t)(sl - t);
    for (q = sl + 3; *q; q++) {
        if ((unsigned char)*q >= 0xE0)
            return n;
        letters = g_ascii_isalpha(*q) ? letters + 1 : 0;
        if (letters > best)
            best = letters;
        sign |= strchr("#{}%$@|~^*<>=+\\", *q) != NULL || (unsigned char)*q >= 0x80;
        /* a capital after a small letter in a word ("TiwW", "BiiO") is no
         * word of any label; nor is an unbalanced bracket ("(1 Tiw") */
        sign |= q > sl + 3 && g_ascii_islower(q[-1]) && g_ascii_isupper(*q);
    }
    if (!sign) {
        int open = 0;
        for (q = sl + 3; *q; q++)
            open += *q == '(' ? 1 : *q == ')' ? -1 : 0;
        sign = open != 0;
    }
    return sign && (best < 4 || n - (size_t)(sl + 3 - t) <= 10) ? (size_t)(sl - t) : n;
}

/* Does t start with a letter's closing and go on with a company's name
 * ("For and on behalf of X GmbH")? */
static int closing_company(const euc_parser *p, const char *t)
{
    pspan w;
    const char *rest;

    if (!pterms_in(pdata_cues(p, "closing"), t, &w) || w.off != 0)
        return 0;
    rest = t + w.end;
    while (*rest == ' ' || *rest == ',' || *rest == ':')
        rest++;
    return pparty_is_company(p, rest, strlen(rest));
}

static cellinfo *cell_info(bstate *b, size_t c)
{
    const pdoc *d = &b->r->d;
    cellinfo *x = &b->ci[c];
    const char *s;
    size_t n, ml;
    GArray *toks;
    guint i;
    size_t words = 0;

    if (x->done)
        return x;
    x->done = 1;
    s = d->text->str + d->c[c].off;
    n = d->c[c].end - d->c[c].off;
    /* "[1. APPLICANT - NAME AND ADDRESS]": a label in brackets */
    if (n > 4 && s[0] == '[' && s[n - 1] == ']' && memchr(s + 1, ']', n - 2) == NULL &&
        n > 6) {
        s++;
        n -= 2;
        x->bracket = 1;
    }
    x->mark = playout_marker(b->r->p, s, n, &ml);
    x->text = g_strndup(s + ml, n - ml);
    g_strstrip(x->text);
    if (*x->text == '\0')
        return x;
    /* labels are read with OCR tolerance on every page: typed forms have
     * typos too ("End-usr"); the other language of a bilingual label that
     * OCR turned to noise ("Description of Goods / #1)") says nothing */
    plabel_sense(b->r->p, x->text, ocr_tail(x->text), 1, &x->s);
    toks = ptext_tokens(x->text, strlen(x->text));
    for (i = 0; i < toks->len; i++)
        if (!(g_array_index(toks, ptok, i).flags & TK_NUM))
            words++;
    ptext_tokens_free(toks);
    if (x->s.sentence || ptext_is_placeholder(b->r->p, x->text) ||
        ptext_checkbox(x->text, strlen(x->text)) >= 0)
        x->status = LB_NONE;
    else if (x->mark == MK_NONE && !x->bracket && g_ascii_islower(x->text[0]) &&
             (!d->c[c].colon || words > 3))
        x->status = LB_NONE; /* a label starts with a capital: "sealed tins"
                                is a wrapped cell's end, "is the end user of
                                the following goods:" a sentence's */
    else if (!d->c[c].colon && pparty_is_title(b->r->p, x->text))
        x->status = LB_NONE; /* "Plant Manager": a signatory's title */
    else if (!d->c[c].colon && closing_company(b->r->p, x->text))
        x->status = LB_NONE; /* "For and on behalf of X GmbH": a letter's
                                closing, whatever the company's name says
                                ("Signed for the end user" heads a block) */
    else if (d->c[c].colon && x->mark != MK_NONE &&
             pparty_is_company(b->r->p, x->text, strcspn(x->text, ":：")))
        x->status = LB_NONE; /* "1) Sendai Processing K.K.: Japan": a
                                company named in a list, no label */
    else if (d->c[c].colon && words <= 14 && x->s.labelness > -2 &&
             x->s.content < 2.5)
        x->status = LB_COLON;
    else if (x->s.labelness >= 2.5 && x->s.content == 0 &&
             (words <= 9 || ((x->mark != MK_NONE || x->bracket ||
                              ptext_is_caps(x->text, strlen(x->text))) &&
                             words <= 16)))
        x->status = LB_STRONG;
    else if (x->bracket && x->s.content == 0 && words <= 16)
        x->status = LB_STRONG;
    else if (x->s.labelness >= 1 && x->s.content == 0 && words <= 8)
        x->status = LB_WEAK;
    return x;
}

/* The line's first cell with text of its own (a marker can stand alone:
 * "1" / "Cerium oxide ..."). */
static size_t first_text_cell(bstate *b, const pline *l)
{
    size_t c = l->c0;

    if (l->nc > 1 && *cell_info(b, c)->text == '\0')
        c++;
    return c;
}

static int is_caps_heading(bstate *b, size_t c)
{
    const char *t = cell_info(b, c)->text;

    return ptext_is_caps(t, strlen(t));
}

static pentry *E(bstate *b, int i)
{
    return &g_array_index(b->r->entries, pentry, i);
}

static void part_add(GArray *a, size_t line, size_t c0, size_t c1)
{
    pvpart p;

    if (c1 <= c0)
        return;
    p.line = line;
    p.c0 = c0;
    p.c1 = c1;
    g_array_append_val(a, p);
}

static int field_max_lines(const run *r, const pentry *e)
{
    if (e->field < 0)
        return e->kind == EK_BOX ? 40 : 3;
    return r->p->fields[e->field].max_lines;
}

/* Lines in an entry's value. */
static int value_lines(const pentry *e)
{
    guint i;
    int n = 0;
    size_t last = (size_t)-1;

    for (i = 0; i < e->val->len; i++) {
        const pvpart *p = &g_array_index(e->val, pvpart, i);
        if (p->line != last)
            n++;
        last = p->line;
    }
    return n;
}

/* The context entity of a new entry: its nearest open container's. */
static int context_of(bstate *b, int parent)
{
    while (parent >= 0) {
        pentry *p = E(b, parent);
        if (!p->sense.doctitle)
            return p->sense.entity >= 0 ? p->sense.entity : p->ctx;
        parent = p->parent;
    }
    return -1;
}

static void resolve_field(bstate *b, int idx)
{
    pentry *e = E(b, idx);
    const euc_parser *p = b->r->p;

    e->ctx = context_of(b, e->parent);
    e->field = plabel_field(p, &e->sense, e->ctx);
    /* the party a "*" field is about: the label's own entity first */
    if (e->sense.entity >= 0)
        e->ctx = e->sense.entity;
    /* "Signed by: X" / "Position: Y": an attribute alone takes the entity
     * of the labelled line above it, when that entity has it. */
    if (e->sense.entity < 0 && e->prev >= 0 && e->sense.nattr > 0) {
        pentry *prev = E(b, e->prev);
        int pe = prev->sense.entity >= 0 ? prev->sense.entity : prev->ctx;
        if (prev->parent == e->parent && pe >= 0 && pe != e->ctx) {
            int f = plabel_field(p, &e->sense, pe);
            if (f >= 0 && (e->field < 0 ||
                           p->fields[f].entity == pe ||
                           p->fields[f].path[0] == '*')) {
                e->field = f;
                e->ctx = pe;
            }
        }
    }
}

static void close_leaf(bstate *b)
{
    b->leaf = -1;
}

/* Pops the containers a new entry of this rank closes. */
static void close_to_rank(bstate *b, int rank)
{
    while (b->stack->len > 0) {
        int top = g_array_index(b->stack, int, b->stack->len - 1);
        if (E(b, top)->rank < rank)
            break;
        g_array_set_size(b->stack, b->stack->len - 1);
    }
    b->row = -1;
}

static int new_entry(bstate *b, int kind, size_t li, size_t lc0, size_t lc1,
                     int rank)
{
    run *r = b->r;
    pentry e;
    cellinfo *x = cell_info(b, lc0);
    int idx;

    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.line = li;
    e.label = g_array_new(FALSE, FALSE, sizeof(pvpart));
    e.val = g_array_new(FALSE, FALSE, sizeof(pvpart));
    part_add(e.label, li, lc0, lc1);
    e.label_text = g_strdup(x->text);
    e.sense = x->s;
    if (lc1 > lc0 + 1) {
        /* a label over several cells reads as one */
        GString *g = g_string_new(x->text);
        size_t c;
        for (c = lc0 + 1; c < lc1; c++) {
            const pcell *pc = &r->d.c[c];
            g_string_append_c(g, ' ');
            g_string_append_len(g, r->d.text->str + pc->off, (gssize)(pc->end - pc->off));
        }
        g_free(e.label_text);
        e.label_text = g_string_free(g, FALSE);
        plabel_sense(r->p, e.label_text, strlen(e.label_text), 1, &e.sense);
    }
    e.vx0 = -1;
    e.cx0 = 0;
    e.cx1 = 1e9;
    e.rank = rank;
    e.parent = b->stack->len ? g_array_index(b->stack, int, b->stack->len - 1)
                             : -1;
    e.field = -1;
    e.ctx = -1;
    e.prev = b->last_leaf;
    g_array_append_val(r->entries, e);
    idx = (int)r->entries->len - 1;
    if (e.parent >= 0)
        E(b, e.parent)->nchildren++;
    resolve_field(b, idx);
    b->last_leaf = idx;
    r->d.l[li].owner = idx;
    return idx;
}

static int rank_of(bstate *b, size_t c, int single)
{
    cellinfo *x = cell_info(b, c);
    int rk = playout_rank(x->mark);

    /* "(1)" holds "(a)" holds "(i)" */
    if (x->mark == MK_PAREN) {
        const char *t = b->r->d.text->str + b->r->d.c[c].off;
        const char *q = t[0] == '(' ? t + 1 : t;
        if (g_ascii_isdigit(*q))
            return rk;
        if (strchr("ivx", *q) && (q[1] == ')' || strchr("ivx", q[1])))
            return rk + 2;
        return rk + 1;
    }
    if (x->mark == MK_NONE && single && is_caps_heading(b, c))
        return 1;
    if (x->mark == MK_NUM_DOT) {
        /* "3.1.2" is deeper than "3.1" */
        const char *t = b->r->d.text->str + b->r->d.c[c].off;
        int dots = 0;
        for (; *t && *t != ' '; t++)
            dots += *t == '.';
        if (t > b->r->d.text->str + b->r->d.c[c].off && t[-1] == '.')
            dots--;
        return rk + (dots > 1 ? dots - 1 : 0);
    }
    return rk;
}

/* A comma not inside brackets: "Goods ordered (description, quantity)"
 * is a label, "Akiko Inoue, Director" is none. */
static int comma_outside_brackets(const char *t)
{
    int depth = 0;

    for (; *t; t++) {
        if (*t == '(' || *t == '[')
            depth++;
        else if ((*t == ')' || *t == ']') && depth > 0)
            depth--;
        else if (*t == ',' && depth == 0)
            return 1;
    }
    return 0;
}

static size_t words_of(const char *t)
{
    size_t n = 0;
    int in = 0;

    for (; *t; t++) {
        if (*t == ' ')
            in = 0;
        else if (!in) {
            in = 1;
            n++;
        }
    }
    return n;
}

/* A short text without a sentence's punctuation: a label on its own. */
static int short_plain(const char *t)
{
    size_t words = 1, n = strlen(t);
    const char *q;

    for (q = t; *q; q++) {
        if (*q == ' ')
            words++;
        if ((*q == '.' || *q == ',' || *q == ';') && q[1] == ' ')
            return 0;
    }
    return words <= 10 && n > 0 && t[n - 1] != '.';
}

/* Is a box numbered with mark kind mk open? */
static int sibling_open(bstate *b, int mk)
{
    guint i;

    for (i = 0; i < b->stack->len; i++) {
        const pentry *e = E(b, g_array_index(b->stack, int, i));
        const pvpart *lp = &g_array_index(e->label, pvpart, 0);
        if (cell_info(b, lp->c0)->mark == mk)
            return 1;
    }
    return 0;
}

/* Is the line a label and values, labels only, or content?  *split is the
 * first value cell for a label line. */
enum { LN_CONTENT, LN_LABEL, LN_BOXROW, LN_QUESTION };

static int classify(bstate *b, size_t li, size_t *split, size_t *qoff)
{
    const run *r = b->r;
    const pline *l = &r->d.l[li];
    size_t f = first_text_cell(b, l), end = l->c0 + l->nc, c;
    cellinfo *x = cell_info(b, f);
    const char *lt = r->d.text->str + r->d.c[f].off;
    const char *q = memchr(lt, '?', r->d.c[f].end - r->d.c[f].off);
    int nlab = 0;

    *split = end;
    *qoff = 0;
    if (*x->text == '\0')
        return LN_CONTENT;
    /* the rest of a sentence that ran to the margin on the free line above
     * ("... at our" / "Knoxville facility.") */
    if (li > 0 && x->mark == MK_NONE && !x->bracket && x->status != LB_COLON &&
        !is_caps_heading(b, f)) {
        const pline *pl = &r->d.l[li - 1];
        if (pl->page == l->page && pl->owner < 0 && pl->table < 0 && pl->nw > 0 &&
            !(pl->flags & (PL_FURNITURE | PL_RULE | PL_SCRAP)) &&
            l->gap < 0.9 * r->d.fh && pl->nc == 1 &&
            playout_wraps(&r->d, pl->page, pl->box.x1, l->w0)) {
            const char *pt = r->d.text->str;
            size_t pe = pl->end;
            while (pe > pl->off && pt[pe - 1] == ' ')
                pe--;
            if (pe > pl->off && strchr(".:;!?", pt[pe - 1]) == NULL)
                return LN_CONTENT;
        }
    }
    /* A question: up to its question mark, on a short enough line. */
    if (q == NULL) {
        const char *fq = g_strstr_len(lt, (gssize)(r->d.c[f].end - r->d.c[f].off), "？");
        if (fq)
            q = fq + 2;
    }
    if (q != NULL && x->s.question && strlen(x->text) < 240) {
        psense qs;
        size_t qlen = (size_t)(q - lt) + 1;
        char *qt = g_strndup(lt, qlen);
        plabel_sense(r->p, qt, qlen, 1, &qs);
        g_free(qt);
        if (qs.entity >= 0) {
            *qoff = r->d.c[f].off + qlen;
            *split = f + 1;
            return LN_QUESTION;
        }
    }
    if (x->status == LB_COLON) {
        *split = f + 1;
        /* "Items: description, HS code, quantity, value": what the box
         * asks for, no value; the line is the box's label */
        if (f + 1 < end && f + 2 >= end) {
            cellinfo *y = cell_info(b, f + 1);
            if (y->s.nattr >= 2 && y->s.content == 0 && !y->s.sentence &&
                y->s.labelness >= 2)
                *split = end;
        }
        return LN_LABEL;
    }
    /* A numbered heading cut in two by a gap OCR left between its
     * characters ("六、其他  参与方 / SUB-SUPPLIERS ..."), or between its
     * two languages ("三、进口商 / 收货人  /IMPORTER /CONSIGNEE"): its whole
     * line is the label when the first piece alone says nothing, or says
     * what the whole says. */
    if (x->mark != MK_NONE && x->mark != MK_BULLET && x->status != LB_COLON &&
        ((x->s.entity < 0 && x->s.nattr == 0) || x->s.entity >= 0) &&
        l->nc >= 2 && l->nc <= 3) {
        psense ws;
        size_t off = l->mark_end > l->off && l->mark_end < l->end ? l->mark_end : l->off;
        plabel_sense(r->p, r->d.text->str + off, l->end - off, 1, &ws);
        if (ws.entity >= 0 && ws.labelness >= 2.5 && ws.content == 0 && !ws.sentence &&
            x->s.entity >= 0) {
            /* the other cells must say it again in the other language,
             * not give the value ("1.2 End user | Shinwa K.K.") */
            /* (nor a row of boxes numbered alike: "(l) SIGNATURE  (m) NAME") */
            psense rs;
            if (f + 1 >= end || cell_info(b, f + 1)->mark != MK_NONE) {
                ws.entity = -1;
            } else {
                const pcell *c2 = &r->d.c[f + 1];
                plabel_sense(r->p, r->d.text->str + c2->off, l->end - c2->off, 1, &rs);
                if (rs.entity != x->s.entity || rs.content > 0 || rs.sentence)
                    ws.entity = -1;
            }
        }
        if (ws.entity >= 0 && ws.labelness >= 2.5 && ws.content == 0 && !ws.sentence) {
            *split = end;
            return LN_LABEL;
        }
    }
    for (c = f; c < end; c++) {
        cellinfo *y = cell_info(b, c);
        /* boxes in a row are numbered alike: "3.1 End use | Detectors for
         * ..." is a numbered label and its value */
        if (c > f && x->mark != MK_NONE && y->mark == MK_NONE)
            break;
        /* (a job title is a value: "Position | Plant Manager") */
        /* (nor is a long phrase beside a label: "用途 | Scintillator
         * detectors for armoured vehicles of the army") */
        if (y->status >= LB_STRONG && !(y->s.nattr == 0 && y->s.entity < 0) &&
            !ptext_is_placeholder(r->p, y->text) &&
            !(c > f && pparty_is_title(r->p, y->text)) &&
            !(c > f && y->mark == MK_NONE && words_of(y->text) > 6))
            nlab++;
    }
    if (l->nc - (f - l->c0) >= 2 && (size_t)nlab == end - f) {
        /* Labels only: a row of boxes, or a label and a label-like value
         * ("Country | Japan" is no row: Japan is no label). */
        return LN_BOXROW;
    }
    /* under a row of boxes, a line of unnumbered cells fills the boxes */
    if (b->row >= 0 && x->mark == MK_NONE && !x->bracket &&
        r->d.l[li].page == r->d.l[E(b, b->row)->line].page)
        return LN_CONTENT;
    if (f + 1 < end) {
        const pcell *a = &r->d.c[f], *v = &r->d.c[f + 1];
        double gap = v->box.x0 - a->box.x1;
        /* a value that starts where the row above had its value is one
         * however close to its label ("Exporter / Seller /  Sichuan ...") */
        int aligned = 0;
        if (b->last_leaf >= 0) {
            const pentry *pe = E(b, b->last_leaf);
            aligned = pe->vx0 > 0 && fabs(pe->vx0 - v->box.x0) < 1.5 * r->d.cw &&
                      gap > 1.4 * r->d.cw;
        }
        if ((x->status == LB_STRONG ||
             (x->status == LB_WEAK && x->mark != MK_NONE)) &&
            (gap > 2.5 * r->d.cw || aligned) && x->s.question == 0) {
            *split = f + 1;
            return LN_LABEL;
        }
        return LN_CONTENT;
    }
    /* Under an open box, a plain line is the box's value ("Akiko Inoue /
     * Representative Director" under "Name and title of signer"). */
    if (b->stack->len > 0 && x->mark == MK_NONE && !x->bracket &&
        !is_caps_heading(b, f)) {
        const pentry *top = E(b, g_array_index(b->stack, int, b->stack->len - 1));
        pftype ft = top->field >= 0 ? r->p->fields[top->field].type : FT_IGNORE;
        int fresh = top->val->len == 0 && top->nchildren == 0;
        const pvpart *tl = &g_array_index(top->label, pvpart, top->label->len - 1);
        if (b->row >= 0 || (fresh && top->line + 3 > li && ft == FT_SIGNATORY))
            return LN_CONTENT;
        /* a label that ends in a colon, alone on its line, is answered by
         * the line below ("Description of the end use:" / "General
         * industrial use"), however label-like its words */
        if (fresh && tl->line + 1 == li && r->d.c[tl->c1 - 1].colon &&
            (x->s.entity < 0 || words_of(x->text) > 4 ||
             x->s.entity == (top->sense.entity >= 0 ? top->sense.entity : top->ctx)) &&
            l->fh <= 1.12 * r->d.l[tl->line].fh)
            return LN_CONTENT;
    }
    /* A sibling of an open box, numbered alike ("(d) Location of use",
     * then "(e) Shipping arrangements"): a heading whatever its words. */
    if (x->mark != MK_NONE && x->mark != MK_BULLET && x->mark != MK_NUM &&
        x->s.content == 0 && !x->s.sentence && short_plain(x->text) &&
        sibling_open(b, x->mark))
        return LN_LABEL;
    /* One cell on its line: a heading or a box label, if it looks like
     * one (its words, or a marker or capitals and nothing of a value); a
     * sentence's piece is none ("Bautzen plant. Civilian use only"). */
    if (x->status == LB_STRONG && x->mark != MK_BULLET &&
        (x->mark != MK_NONE || is_caps_heading(b, f) || x->bracket ||
         l->fh > 1.12 * r->d.fh ||
         (x->s.labelness >= 3 && short_plain(x->text))))
        return LN_LABEL;
    if (x->status >= LB_WEAK && x->s.content == 0 &&
        ((x->mark != MK_NONE && x->mark != MK_BULLET &&
          playout_rank(x->mark) <= 4) ||
         (is_caps_heading(b, f) && strlen(x->text) < 80)) &&
        !comma_outside_brackets(x->text)) {
        const char *t = x->text;
        size_t tl = strlen(t);
        if (tl > 0 && t[tl - 1] != '.')
            return LN_LABEL;
    }
    return LN_CONTENT;
}

/* A line of an address: short, with a number or a country, no sentence. */
static int address_line(const run *r, const pline *l)
{
    char *t = g_strndup(r->d.text->str + l->off, l->end - l->off);
    const char *q;
    size_t words = 1, n = strlen(t);
    int digit = 0, ok;

    for (q = t; *q; q++) {
        words += *q == ' ';
        digit |= g_ascii_isdigit(*q);
    }
    ok = words <= 10 && n > 0 && (digit || pcountry_exact(r->p, t) != NULL) &&
         !(n > 1 && t[n - 1] == '.' && g_ascii_islower(t[n - 2]));
    g_free(t);
    return ok;
}

/* Does the content line continue the open inline entry?  Its cells from
 * *from on belong to the value; cells before to the label (two columns). */
static int continues(bstate *b, size_t li, size_t *from, int *label_cells)
{
    run *r = b->r;
    const pline *l = &r->d.l[li];
    pentry *e;
    const pvpart *last;
    const pline *ll;
    const pcell *lab;
    size_t c, end = l->c0 + l->nc;
    double tol = 2 * r->d.cw;
    int twocol;

    *from = l->c0;
    *label_cells = 0;
    if (b->leaf < 0)
        return 0;
    e = E(b, b->leaf);
    lab = &r->d.c[g_array_index(e->label, pvpart, 0).c0];
    ll = &r->d.l[e->line];
    if (l->page != ll->page)
        return 0;
    if (l->gap > 1.1 * r->d.fh && l->gap > 0.9 * r->d.pitch)
        return 0;
    twocol = e->vx0 > 0 && !lab->colon;
    if (twocol && l->box.x0 < e->vx0 - tol) {
        /* The label column wraps: cells left of the value column are the
         * label's, the rest the value's. */
        if (fabs(l->box.x0 - lab->box.x0) > 3 * r->d.cw ||
            l->mark != MK_NONE || l->gap > 0.6 * r->d.fh)
            return 0;
        for (c = l->c0; c < end && r->d.c[c].box.x0 < e->vx0 - tol; c++)
            ;
        /* A row with a label and a value of its own is the next row
         * ("EUC No.  X" / "Issue Date  Y"), unless the label above is
         * unfinished ("Exporter / Seller /" / "出口经营者  address") or
         * this one goes on in lower case ("processors and other parties"). */
        if (c < end) {
            const char *lt = e->label_text;
            size_t ln = strlen(lt);
            const char *nt = r->d.text->str + r->d.c[l->c0].off;
            static const char *const open[] = {" of", " and", " or", " the", " for",
                                               " to", " in", NULL};
            int unfinished = ln > 0 && strchr("/,-&(", lt[ln - 1]) != NULL;
            size_t k;
            for (k = 0; open[k] && !unfinished; k++)
                unfinished = ln > strlen(open[k]) &&
                             g_ascii_strcasecmp(lt + ln - strlen(open[k]), open[k]) == 0;
            /* the same label in the other language: "用途" / "End Use" */
            if (!unfinished && e->field >= 0) {
                cellinfo *y = cell_info(b, l->c0);
                unfinished = y->status >= LB_WEAK &&
                             plabel_field(r->p, &y->s, e->ctx) == e->field;
            }
            if (!unfinished && !g_ascii_islower(*nt))
                return 0;
        }
        *from = c < end && value_lines(e) < field_max_lines(r, e) ? c : end;
        *label_cells = (int)(c - l->c0);
        return 1;
    }
    if (value_lines(e) >= field_max_lines(r, e))
        return 0;
    last = e->val->len ? &g_array_index(e->val, pvpart, e->val->len - 1) : NULL;
    /* a question answered on the line below ("... final use?" / "[ ] No
     * [x] Yes") */
    if (e->kind == EK_QUESTION && last != NULL && last->line + 1 == li &&
        l->mark == MK_NONE) {
        const pcell *lc = &r->d.c[last->c1 - 1];
        const char *t = r->d.text->str;
        size_t q = e->qoff > lc->off && e->qoff <= lc->end ? e->qoff : lc->end;
        while (q < lc->end && t[q] == ' ')
            q++;
        if (q >= lc->end && last->c1 == r->d.l[last->line].c0 + r->d.l[last->line].nc)
            return 1;
    }
    if (l->box.x0 >= e->vx0 - tol && e->vx0 > 0) {
        /* in the value column (a two-column row, or an indented wrap) */
        if (l->box.x0 > e->cx1)
            return 0;
        return 1;
    }
    /* A colon label's value goes on at the margin while its lines wrap
     * (the line above ran to the right margin); a list in the value
     * ("Other parties: 1. X ... / 2. Y ...") goes on with its next number. */
    if (last == NULL)
        return 0;
    if (l->mark != MK_NONE && l->mark != MK_BULLET) {
        const pvpart *fv = &g_array_index(e->val, pvpart, 0);
        const pcell *vc = &r->d.c[fv->c0];
        size_t ml;
        pftype ft = e->field >= 0 ? r->p->fields[e->field].type : FT_TEXT;
        return (ft == FT_PARTIES || ft == FT_ITEMS || ft == FT_ASSURANCES) &&
               playout_marker(r->p, r->d.text->str + vc->off, vc->end - vc->off,
                              &ml) == l->mark;
    }
    {
        const pline *pl = &r->d.l[last->line];
        if (playout_wraps(&r->d, pl->page, r->d.c[last->c1 - 1].box.x1, l->w0))
            return 1;
    }
    /* a value that ends on a comma goes on ("Planta Callao," / "Av.
     * Argentina 3250, Callao") */
    {
        const pcell *lc = &r->d.c[last->c1 - 1];
        const char *t = r->d.text->str;
        size_t e2 = lc->end;
        while (e2 > lc->off && t[e2 - 1] == ' ')
            e2--;
        if (e2 > lc->off && t[e2 - 1] == ',')
            return 1;
    }
    /* an address is written over lines: "1-5 Kanaiwa / Kanazawa, Ishikawa
     * 920-0335 / Japan" */
    if (e->field >= 0 && (r->p->fields[e->field].type == FT_PARTY ||
                          g_str_has_suffix(r->p->fields[e->field].path, "/address")))
        return address_line(r, l);
    return 0;
}

/* The open containers that can take a body line: the innermost, or for a
 * row of boxes the one whose band holds the cell. */
static int body_owner(bstate *b, const pcell *c)
{
    int i, best = -1;
    double cx = (c->box.x0 + c->box.x1) / 2;

    if (b->row >= 0) {
        for (i = b->row; i < b->row_end; i++) {
            pentry *e = E(b, i);
            if (c->box.x0 >= e->cx0 - 2 * b->r->d.cw && cx < e->cx1)
                best = i;
        }
        if (best < 0)
            best = b->row;
        return best;
    }
    if (b->stack->len == 0)
        return -1;
    return g_array_index(b->stack, int, b->stack->len - 1);
}

static void add_body_line(bstate *b, size_t li)
{
    run *r = b->r;
    const pline *l = &r->d.l[li];
    size_t c, end = l->c0 + l->nc;
    int owner = -1;

    for (c = l->c0; c < end; c++) {
        int o = body_owner(b, &r->d.c[c]);
        pentry *e;
        if (o < 0)
            continue;
        e = E(b, o);
        /* an unknown heading's body is free text (read as prose) */
        if (e->field < 0)
            continue;
        /* "Other companies involved:" and its list: a plain paragraph after
         * the list (a blank line, or a line after one that ended short) is
         * the letter again, not the box */
        if (e->rank >= 9 && e->val->len > 0 && c == l->c0 && l->mark == MK_NONE) {
            const pvpart *lp = &g_array_index(e->val, pvpart, e->val->len - 1);
            const pline *pl = &r->d.l[lp->line];
            const pline *fl = &r->d.l[g_array_index(e->val, pvpart, 0).line];
            int addr = e->field >= 0 && r->p->fields[e->field].type == FT_PARTIES &&
                       address_line(r, l) && l->gap <= 0.9 * r->d.fh;
            if (addr)
                ; /* a party's address goes on: "Bristol BS1 6QQ" / "United Kingdom" */
            else if (l->page != pl->page || l->gap > 0.9 * r->d.fh ||
                /* left of an indented list: the list is over */
                (fl->mark != MK_NONE && l->box.x0 < fl->box.x0 - r->d.cw) ||
                (!playout_wraps(&r->d, pl->page, pl->box.x1, l->w0) &&
                 l->box.x0 <= pl->box.x0 + r->d.cw &&
                 pl->mark == MK_NONE && lp->line != e->line + 1 &&
                 r->d.l[e->line + 1].mark != MK_NONE)) {
                /* the box (or the row of boxes) is closed */
                if (b->row >= 0)
                    b->row = -1;
                else if (b->stack->len > 0 &&
                         g_array_index(b->stack, int, b->stack->len - 1) == o)
                    g_array_remove_index(b->stack, b->stack->len - 1);
                owner = -1;
                break;
            }
        }
        if (value_lines(e) >= field_max_lines(r, e) &&
            (e->val->len == 0 ||
             g_array_index(e->val, pvpart, e->val->len - 1).line != li))
            continue;
        if (e->val->len && g_array_index(e->val, pvpart, e->val->len - 1).line == li &&
            g_array_index(e->val, pvpart, e->val->len - 1).c1 == c)
            g_array_index(e->val, pvpart, e->val->len - 1).c1 = c + 1;
        else
            part_add(e->val, li, c, c + 1);
        owner = o;
    }
    r->d.l[li].owner = owner;
}

/* A heading in capitals over two lines ("END-USE QUESTIONNAIRE - CONTROLLED
 * RARE EARTH / MATERIALS"): the second line, of the same size, tight under
 * the first and with no marker, goes on the first's label. */
/* Is a label cut before its end: a bracket left open, or a last word
 * that needs more; and is next, short and in lower case or closing the
 * bracket, its rest? */
static int label_unfinished(const char *label, const char *next)
{
    int depth = 0;
    const char *q;
    size_t n = strlen(label), k;
    static const char *const open[] = {" and", " or", " of", " the", " for", " to",
                                       " by", " in", ",", NULL};
    int cut = 0;

    for (q = label; *q; q++)
        depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
    cut = depth > 0;
    for (k = 0; open[k] && !cut; k++)
        cut = n > strlen(open[k]) && strcmp(label + n - strlen(open[k]), open[k]) == 0;
    return cut && words_of(next) <= 6 &&
           (g_ascii_islower(next[0]) || (depth > 0 && strchr(next, ')') != NULL));
}

/* Does a heading's line go on below: it ran to the margin or ends on a
 * word that needs more ("... RARE EARTH" / "MATERIALS" after a long line,
 * "STATEMENT OF" / "END USE"), while "END-USER CERTIFICATE" / "END USER" is
 * a title and a heading. */
static int title_runs_on(bstate *b, const pline *pl, const pline *l)
{
    const run *r = b->r;
    const char *t = r->d.text->str;
    size_t e = pl->end, w0;
    static const char *const open[] = {"OF", "AND", "FOR", "THE", "TO", "BY", "ON",
                                       "IN", "-", "–", "—", "/", "&", NULL};
    size_t k;

    while (e > pl->off && t[e - 1] == ' ')
        e--;
    for (w0 = e; w0 > pl->off && t[w0 - 1] != ' '; w0--)
        ;
    for (k = 0; open[k]; k++)
        if (e - w0 == strlen(open[k]) && g_ascii_strncasecmp(t + w0, open[k], e - w0) == 0)
            return 1;
    /* a centred title that wraps is at least half the text's width */
    return pl->box.x1 - pl->box.x0 > 0.5 * (r->d.right[pl->page] - r->d.left[pl->page]) &&
           l->box.x1 - l->box.x0 < pl->box.x1 - pl->box.x0;
}

static int merge_heading(bstate *b, size_t li)
{
    run *r = b->r;
    const pline *l = &r->d.l[li];
    pentry *e;
    const pline *pl;
    size_t f = first_text_cell(b, l);
    char *joined;

    if (r->entries->len == 0 || l->mark != MK_NONE || l->nc != 1)
        return 0;
    e = E(b, (int)r->entries->len - 1);
    pl = &r->d.l[e->line];
    /* a label that ends in a colon is whole: the line below answers it */
    if (e->label->len >= 1 &&
        r->d.c[g_array_index(e->label, pvpart, e->label->len - 1).c1 - 1].colon)
        return 0;
    if (e->kind != EK_BOX || e->val->len > 0 || e->label->len != 1 ||
        pl->page != l->page || pl->nc != 1 ||
        g_array_index(e->label, pvpart, e->label->len - 1).line + 1 != li ||
        l->gap > 0.8 * l->fh)
        return 0;
    /* a title in capitals over two lines, or a label in two languages
     * ("需要者名 / Name of End User") that says the same, or the rest of
     * an unfinished label ("... (product, process and" / "site)") */
    if (!label_unfinished(e->label_text, cell_info(b, f)->text) &&
        !(is_caps_heading(b, f) && fabs(l->fh - pl->fh) <= 0.15 * pl->fh &&
          ptext_is_caps(e->label_text, strlen(e->label_text)) &&
          title_runs_on(b, pl, l)) &&
        !(cell_info(b, f)->status >= LB_WEAK && e->field >= 0 &&
          fabs(l->box.x0 - pl->box.x0) < 3 * r->d.cw &&
          plabel_field(r->p, &cell_info(b, f)->s, e->ctx) == e->field))
        return 0;
    part_add(e->label, li, f, f + 1);
    joined = g_strconcat(e->label_text, " ", cell_info(b, f)->text, NULL);
    g_free(e->label_text);
    e->label_text = joined;
    plabel_sense(r->p, joined, strlen(joined), 1, &e->sense);
    resolve_field(b, (int)r->entries->len - 1);
    r->d.l[li].owner = (int)r->entries->len - 1;
    return 1;
}

/* A line marker's closing character ('.', ')') or 0 for a bare number. */
static int mark_end_char(const run *r, const pline *l)
{
    const char *t = r->d.text->str;
    size_t e = l->mark_end;

    while (e > l->off && t[e - 1] == ' ')
        e--;
    return e > l->off && (t[e - 1] == '.' || t[e - 1] == ')') ? t[e - 1] : 0;
}

/* An indented line under a list's numbered entry goes on the entry,
 * whatever it says ("1) X GmbH; Street 3" / "   role: coating"). */
static int list_continuation(bstate *b, size_t li)
{
    run *r = b->r;
    const pline *l = &r->d.l[li];
    const pentry *e;
    const pline *fl, *pl;
    pftype ft;

    if (b->leaf >= 0 || b->row >= 0 || b->stack->len == 0)
        return 0;
    e = E(b, g_array_index(b->stack, int, b->stack->len - 1));
    ft = e->field >= 0 ? r->p->fields[e->field].type : FT_IGNORE;
    if ((ft != FT_PARTIES && ft != FT_ITEMS) || e->val->len == 0)
        return 0;
    /* a number that is no entry's mark: "2) Severn Ltd." / "27 Dock Road" */
    if (l->mark != MK_NONE) {
        const pline *f0 = &r->d.l[g_array_index(e->val, pvpart, 0).line];
        if (f0->mark == MK_NONE || mark_end_char(r, l) == mark_end_char(r, f0))
            return 0;
    }
    /* a label of another entity ends the list ("End Use: ...") */
    {
        cellinfo *x = cell_info(b, first_text_cell(b, l));
        if (x->status >= LB_WEAK && x->s.entity >= 0 && x->s.entity != e->sense.entity)
            return 0;
    }
    fl = &r->d.l[g_array_index(e->val, pvpart, 0).line];
    pl = &r->d.l[g_array_index(e->val, pvpart, e->val->len - 1).line];
    if (fl->mark == MK_NONE || fl->mark == MK_BULLET || pl->page != l->page ||
        l->gap >= 0.9 * r->d.fh || l->box.x0 < fl->box.x0 - r->d.cw / 2)
        return 0;
    if (l->box.x0 > fl->box.x0 + r->d.cw)
        return 1;
    /* at the list's margin: the entry above runs on (to the right margin,
     * or ending in "," or ";") */
    {
        const char *t = r->d.text->str;
        size_t end = pl->end;
        while (end > pl->off && t[end - 1] == ' ')
            end--;
        /* (or a party's address goes on under its name: "27 Dock Road",
         * "Bristol BS1 6QQ", "United Kingdom") */
        return playout_wraps(&r->d, pl->page, pl->box.x1, l->w0) ||
               (end > pl->off && (t[end - 1] == ',' || t[end - 1] == ';')) ||
               (ft == FT_PARTIES && address_line(r, l));
    }
}

/* A question over two or three lines, numbered ("8. Are there processors
 * or warehouses between" / "you and the final use?") or in a table's label
 * column ("Will the goods, or products  | No" / "containing them, be
 * exported?"): the line with its question mark, where its answer starts
 * (qoff, when on that line), and the answer's cells beside the question
 * (ans); -1 when none. */
static long wrapped_question(bstate *b, size_t li, size_t *qoff, psense *qs,
                             char **qtext, GArray *ans, GArray *lab)
{
    const run *r = b->r;
    const pline *l = &r->d.l[li];
    const char *t = r->d.text->str;
    GString *g;
    size_t j, start, lend;
    double acol = -1;
    static const char *const qw[] = {"Will ", "Is ", "Are ", "Do ", "Does ", "Has ",
                                     "Have ", "Can ", "Shall ", "Would ", "Could ",
                                     "Did ", "Was ", "Were ", NULL};
    int k, asks = 0;

    if (l->mark == MK_BULLET || l->table >= 0 ||
        memchr(t + l->off, '?', l->end - l->off) ||
        g_strstr_len(t + l->off, (gssize)(l->end - l->off), "？"))
        return -1;
    start = l->mark_end > l->off && l->mark_end <= l->end ? l->mark_end : l->off;
    for (k = 0; qw[k]; k++)
        asks |= strncmp(t + start, qw[k], strlen(qw[k])) == 0;
    if (l->mark == MK_NONE && !asks)
        return -1;
    lend = l->end;
    g_array_set_size(ans, 0);
    g_array_set_size(lab, 0);
    if (l->nc >= 2 && asks) {
        /* a label column: the first cell asks, the others answer */
        const pcell *c0 = &r->d.c[l->c0];
        lend = c0->end;
        acol = r->d.c[l->c0 + 1].box.x0;
        part_add(ans, li, l->c0 + 1, l->c0 + l->nc);
        part_add(lab, li, l->c0, l->c0 + 1);
    } else {
        part_add(lab, li, l->c0, l->c0 + l->nc);
    }
    g = g_string_new_len(t + start, (gssize)(lend - start));
    for (j = li + 1; j < r->d.nl && j <= li + 2; j++) {
        const pline *n = &r->d.l[j];
        const char *q;
        size_t ne = n->end, cq;
        /* (a "Label:" below starts a field of its own, whatever its value
         * holds: "Name: X <?pi?>") */
        if (n->page != l->page || n->mark != MK_NONE || n->table >= 0 ||
            (n->flags & (PL_FURNITURE | PL_RULE)) || n->gap > 0.9 * r->d.fh ||
            r->d.c[n->c0].colon)
            break;
        if (acol > 0) {
            for (cq = n->c0; cq < n->c0 + n->nc && r->d.c[cq].box.x0 < acol - r->d.cw; cq++)
                ;
            if (cq == n->c0)
                break;
            ne = r->d.c[cq - 1].end;
        } else {
            cq = n->c0 + n->nc;
        }
        q = memchr(t + n->off, '?', ne - n->off);
        if (q == NULL) {
            const char *fq = g_strstr_len(t + n->off, (gssize)(ne - n->off), "？");
            q = fq ? fq + 2 : NULL;
        }
        g_string_append_c(g, ' ');
        if (q != NULL) {
            g_string_append_len(g, t + n->off, q + 1 - (t + n->off));
            plabel_sense(r->p, g->str, g->len, 1, qs);
            if (qs->entity >= 0 && qs->question) {
                *qoff = (size_t)(q + 1 - t);
                *qtext = g_string_free(g, FALSE);
                if (cq < n->c0 + n->nc)
                    part_add(ans, j, cq, n->c0 + n->nc);
                part_add(lab, j, n->c0, cq);
                return (long)j;
            }
            break;
        }
        g_string_append_len(g, t + n->off, (gssize)(ne - n->off));
        if (cq < n->c0 + n->nc)
            part_add(ans, j, cq, n->c0 + n->nc);
        part_add(lab, j, n->c0, cq);
    }
    g_string_free(g, TRUE);
    return -1;
}

void pblocks_build(run *r)
{
    bstate b;
    size_t li;

    memset(&b, 0, sizeof b);
    b.r = r;
    b.ci = g_new0(cellinfo, r->d.nc + 1);
    b.stack = g_array_new(FALSE, FALSE, sizeof(int));
    b.leaf = -1;
    b.last_leaf = -1;
    b.row = -1;
    r->entries = g_array_new(FALSE, TRUE, sizeof(pentry));
    r->tables = g_array_new(FALSE, TRUE, sizeof(ptable));

    /* Tables first: their rows are no labels. */
    for (li = 0; li < r->d.nl; li++) {
        ptable t;
        if (r->d.l[li].table >= 0 || r->d.l[li].nw == 0 ||
            (r->d.l[li].flags & PL_FURNITURE))
            continue;
        if (ptable_detect(r, li, &t)) {
            size_t k;
            t.owner = -1;
            g_array_append_val(r->tables, t);
            for (k = t.l0; k < t.l1; k++)
                if (!(r->d.l[k].flags & PL_FURNITURE))
                    r->d.l[k].table = (int)r->tables->len - 1;
            li = t.l1 - 1;
        }
    }

    for (li = 0; li < r->d.nl; li++) {
        pline *l = &r->d.l[li];
        size_t split, qoff, from;
        int kind, lab;

        if (l->flags & PL_FURNITURE)
            continue;
        if (l->flags & PL_RULE) {
            close_leaf(&b);
            continue;
        }
        if (l->nw == 0 || (l->flags & PL_SCRAP))
            continue;
        if (l->table >= 0) {
            ptable *t = &g_array_index(r->tables, ptable, l->table);
            close_leaf(&b);
            if (t->owner < 0 && li == t->l0 && b.stack->len > 0)
                t->owner = g_array_index(b.stack, int, b.stack->len - 1);
            l->owner = t->owner;
            continue;
        }
        /* A line in a two-column value's column is the value's, whatever
         * it says ("Role: coating" under "Processing Companies  1) X"). */
        if (b.leaf >= 0 && E(&b, b.leaf)->vx0 > 0 &&
            !r->d.c[g_array_index(E(&b, b.leaf)->label, pvpart, 0).c0].colon &&
            l->box.x0 >= E(&b, b.leaf)->vx0 - 2 * r->d.cw &&
            continues(&b, li, &from, &lab) && lab == 0) {
            part_add(E(&b, b.leaf)->val, li, from, l->c0 + l->nc);
            l->owner = b.leaf;
            continue;
        }
        /* A two-column label that wraps, before the line is judged on its
         * own words. */
        if (b.leaf >= 0 && continues(&b, li, &from, &lab) && lab > 0) {
            pentry *e = E(&b, b.leaf);
            char *more = playout_cells_text(&r->d, l->c0, l->c0 + (size_t)lab);
            char *joined = g_strconcat(e->label_text, " ", more, NULL);
            part_add(e->label, li, l->c0, l->c0 + (size_t)lab);
            part_add(e->val, li, from, l->c0 + l->nc);
            g_free(e->label_text);
            e->label_text = joined;
            g_free(more);
            plabel_sense(r->p, e->label_text, strlen(e->label_text),
                         1, &e->sense);
            resolve_field(&b, b.leaf);
            l->owner = b.leaf;
            continue;
        }
        if (l->nc == 1 && merge_heading(&b, li))
            continue;
        if (list_continuation(&b, li)) {
            add_body_line(&b, li);
            continue;
        }
        {
            size_t qoff2;
            psense qs;
            char *qtext = NULL;
            GArray *ans = g_array_new(FALSE, FALSE, sizeof(pvpart));
            GArray *qlab = g_array_new(FALSE, FALSE, sizeof(pvpart));
            long ql = wrapped_question(&b, li, &qoff2, &qs, &qtext, ans, qlab);
            if (ql >= 0) {
                size_t f = first_text_cell(&b, l), k;
                int rk = rank_of(&b, f, 0), idx;
                pentry *e;
                guint a;
                close_leaf(&b);
                close_to_rank(&b, rk);
                idx = new_entry(&b, EK_QUESTION, li, f,
                                g_array_index(qlab, pvpart, 0).c1, rk);
                e = E(&b, idx);
                g_free(e->label_text);
                e->label_text = qtext;
                e->sense = qs;
                resolve_field(&b, idx);
                for (a = 1; a < qlab->len; a++) {
                    const pvpart *lp = &g_array_index(qlab, pvpart, a);
                    if (lp->c1 > lp->c0)
                        part_add(e->label, lp->line, lp->c0, lp->c1);
                }
                g_array_free(qlab, TRUE);
                for (k = li + 1; k <= (size_t)ql; k++)
                    r->d.l[k].owner = idx;
                if (ans->len > 0) {
                    /* answered beside the question, in its value column */
                    for (a = 0; a < ans->len; a++) {
                        const pvpart *ap = &g_array_index(ans, pvpart, a);
                        part_add(e->val, ap->line, ap->c0, ap->c1);
                    }
                    e->qoff = 0;
                    e->vx0 = r->d.c[g_array_index(ans, pvpart, 0).c0].box.x0;
                } else {
                    e->qoff = qoff2;
                    part_add(e->val, (size_t)ql, r->d.l[ql].c0,
                             r->d.l[ql].c0 + r->d.l[ql].nc);
                }
                e->cx1 = 1e9;
                b.leaf = idx;
                li = (size_t)ql;
                g_array_free(ans, TRUE);
                continue;
            }
            g_array_free(ans, TRUE);
            g_array_free(qlab, TRUE);
        }
        kind = classify(&b, li, &split, &qoff);
        if (kind == LN_CONTENT) {
            if (b.leaf >= 0 && continues(&b, li, &from, &lab)) {
                part_add(E(&b, b.leaf)->val, li, from, l->c0 + l->nc);
                l->owner = b.leaf;
                continue;
            }
            close_leaf(&b);
            add_body_line(&b, li);
            continue;
        }
        close_leaf(&b);
        if (kind == LN_BOXROW) {
            size_t c, end = l->c0 + l->nc, f = first_text_cell(&b, l);
            int first = -1, rk = rank_of(&b, f, 0);
            close_to_rank(&b, rk);
            for (c = f; c < end; c++) {
                int idx = new_entry(&b, EK_BOX, li, c, c + 1, rank_of(&b, c, 0));
                pentry *e = E(&b, idx);
                e->cx0 = r->d.c[c].box.x0;
                e->cx1 = c + 1 < end ? r->d.c[c + 1].box.x0 - r->d.cw : 1e9;
                if (first < 0)
                    first = idx;
            }
            b.row = first;
            b.row_end = (int)r->entries->len;
            b.last_leaf = -1;
            continue;
        }
        {
            size_t f = first_text_cell(&b, l);
            int single = split >= l->c0 + l->nc;
            int rk = rank_of(&b, f, single && kind == LN_LABEL);
            int idx;
            pentry *e;
            /* an inline label without a marker closes only boxes of its
             * kind, not the heading it stands under */
            close_to_rank(&b, rk);
            idx = new_entry(&b, kind == LN_QUESTION ? EK_QUESTION
                                : single ? EK_BOX : EK_INLINE,
                            li, f, kind == LN_QUESTION ? f + 1 : split, rk);
            e = E(&b, idx);
            if (kind == LN_QUESTION) {
                e->qoff = qoff;
                part_add(e->val, li, f, l->c0 + l->nc);
                b.leaf = idx;
                e->cx1 = 1e9;
                continue;
            }
            if (!single) {
                part_add(e->val, li, split, l->c0 + l->nc);
                e->vx0 = r->d.c[split].box.x0;
                b.leaf = idx;
            } else {
                g_array_append_val(b.stack, idx);
            }
        }
    }
    /* "Name:" above "Position:": an attribute alone whose context has no
     * field for it takes the entity of the labelled line below */
    for (li = 0; li + 1 < r->entries->len; li++) {
        pentry *e = E(&b, (int)li), *n = E(&b, (int)li + 1);
        int ne = n->sense.entity >= 0 ? n->sense.entity : n->ctx;
        if (e->field >= 0 || e->sense.entity >= 0 || e->sense.nattr == 0 ||
            n->parent != e->parent || n->field < 0 || ne < 0 ||
            n->kind != EK_INLINE)
            continue;
        e->field = plabel_field(r->p, &e->sense, ne);
        if (e->field >= 0)
            e->ctx = ne;
    }
    /* Nor does it keep the context of a part that prose has closed:
     * "Other parties: none", two sentences, then "Name: X" above "Title:
     * Y" is the signatory's name. */
    for (li = 1; li + 1 < r->entries->len; li++) {
        pentry *e = E(&b, (int)li), *n = E(&b, (int)li + 1), *pv = E(&b, (int)li - 1);
        size_t k;
        int prose = 0, f;
        if (e->sense.entity >= 0 || e->sense.nattr == 0 || e->field < 0 ||
            n->sense.entity != r->p->c_signatory || e->ctx == r->p->c_signatory ||
            n->parent != e->parent || n->kind != EK_INLINE || e->kind != EK_INLINE ||
            n->line != e->line + 1 || pv->line >= e->line)
            continue;
        for (k = pv->line + 1; k < e->line && !prose; k++) {
            const pline *pl = &r->d.l[k];
            prose = pl->nw > 0 && pl->owner < 0 && pl->table < 0 &&
                    !(pl->flags & (PL_FURNITURE | PL_RULE | PL_SCRAP));
        }
        if (!prose)
            continue;
        f = plabel_field(r->p, &e->sense, r->p->c_signatory);
        if (f >= 0) {
            e->field = f;
            e->ctx = r->p->c_signatory;
        }
    }
    for (li = 0; li < r->d.nc; li++)
        g_free(b.ci[li].text);
    g_free(b.ci);
    g_array_free(b.stack, TRUE);
}

void pblocks_explain(run *r, GString *out)
{
    size_t li;
    guint i;

    g_string_append(out, "# blocks (line: role, text)\n");
    for (li = 0; li < r->d.nl; li++) {
        const pline *l = &r->d.l[li];
        const char *role = "free";
        char tag[64] = "";
        if (l->flags & PL_FURNITURE)
            role = "furniture";
        else if (l->flags & PL_RULE)
            role = "rule";
        else if (l->flags & PL_SCRAP)
            role = "scrap";
        else if (l->table >= 0) {
            const ptable *t = &g_array_index(r->tables, ptable, l->table);
            g_snprintf(tag, sizeof tag, "table %d %s", l->table + 1,
                       li < t->hdr1 ? "header" : "row");
            role = tag;
        } else if (l->owner >= 0) {
            const pentry *e = &g_array_index(r->entries, pentry, l->owner);
            g_snprintf(tag, sizeof tag, "entry %d %s", l->owner + 1,
                       e->line == li ? "label" : "value");
            role = tag;
        }
        g_string_append_printf(out, "p%d l%-3zu %-18s %.*s\n", l->page + 1,
                               li + 1, role, (int)(l->end - l->off),
                               r->d.text->str + l->off);
    }
    if (r->tables->len)
        g_string_append(out, "# tables\n");
    for (i = 0; i < r->tables->len; i++) {
        char *t = ptable_describe(r, &g_array_index(r->tables, ptable, i));
        g_string_append_printf(out, "table %-3u %s\n", i + 1, t);
        g_free(t);
    }
    g_string_append(out, "# entries (label: meaning -> field)\n");
    for (i = 0; i < r->entries->len; i++) {
        const pentry *e = &g_array_index(r->entries, pentry, i);
        char *d = plabel_describe(r->p, &e->sense, e->label_text);
        g_string_append_printf(out, "entry %-3u %s%s -> %s%s%s\n", i + 1,
                               e->kind == EK_BOX ? "box " : e->kind == EK_QUESTION
                                   ? "question " : "",
                               d,
                               e->field < 0 ? "unknown label"
                               : r->p->fields[e->field].type == FT_IGNORE ? "(ignored)"
                               : *r->p->fields[e->field].path ? r->p->fields[e->field].path
                               : "(an answer)",
                               e->ctx >= 0 ? " in " : "",
                               e->ctx >= 0 ? r->p->concepts[e->ctx].terms.name : "");
        g_free(d);
    }
}
