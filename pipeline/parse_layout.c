/* The label-driven readers: form ("Label: value", continued on following
 * lines), boxed or aligned table (label cell left, value cell right, words
 * assigned to the value cell by their x position) and block (a heading
 * alone on its line, the value below it).  All three start from a label
 * found at the start of a chunk of a line: a run of words with no wide gap.
 */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "parse-imp.h"

enum { MODE_FORM, MODE_TABLE, MODE_BLOCK };
static const char *const mode_name[] = {"form", "table", "block"};

typedef struct occ {
    size_t line, w0, w1;   /* the chunk's words [w0, w1) */
    int field, label, dist, colon;
    size_t lab_off, lab_end, val_off, val_end;
    int mode;
    int taken;             /* its line went into a list's value above */
    char *section;         /* the section in effect for this label */
} occ;

typedef struct chunk {
    size_t w0, w1;
} chunk;

/* Splits line li into chunks at gaps wider than a few characters. */
static GArray *chunks_of(const pdoc *d, size_t li)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(chunk));
    const pline *l = &d->l[li];
    chunk c = {l->w0, l->w0};
    size_t i;

    for (i = l->w0; i < l->w0 + l->nw; i++) {
        if (i > c.w0 && d->w[i].box.x0 - d->w[i - 1].box.x1 > 2.2 * d->cw) {
            c.w1 = i;
            g_array_append_val(a, c);
            c.w0 = i;
        }
    }
    c.w1 = l->w0 + l->nw;
    if (c.w1 > c.w0)
        g_array_append_val(a, c);
    return a;
}

static size_t chunk_end(const pdoc *d, size_t w1)
{
    return d->w[w1 - 1].off + d->w[w1 - 1].len;
}

static int is_colon_at(const char *s, size_t n, size_t *len)
{
    if (n >= 1 && s[0] == ':') {
        *len = 1;
        return 1;
    }
    if (n >= 3 && memcmp(s, "：", 3) == 0) {
        *len = 3;
        return 1;
    }
    return 0;
}

static size_t skip_spaces(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '.'))
        i++;
    return i;
}

static int boundary_ok(const plabel *lab, const char *s, size_t c, size_t n);

/* After a label: another label of the same field ("End User / 最终用户"),
 * a parenthesis ("(name and address)"), a colon.  Returns where the value
 * starts; *colon tells whether a colon was met. */
static size_t label_tail(const euc_parser *p, int field, const char *s,
                         size_t i, size_t n, int *colon)
{
    size_t cl, l;
    int guard;

    *colon = 0;
    for (guard = 0; guard < 4; guard++) {
        i = skip_spaces(s, i, n);
        if (i < n && (s[i] == '/' || (n - i >= 3 && memcmp(s + i, "／", 3) == 0))) {
            size_t j = skip_spaces(s, i + (s[i] == '/' ? 1 : 3), n);
            size_t best = 0;
            for (l = 0; l < p->nlabels; l++) {
                int dist;
                size_t c;
                /* any field's label: translations are not always synonyms */
                (void)field;
                c = ptext_match_prefix(&p->labels[l], s + j, n - j, &dist);
                if (c > best && dist == 0 &&
                    boundary_ok(&p->labels[l], s + j, c, n - j))
                    best = c;
            }
            if (best == 0) {
                /* A translation we cannot read (OCR without the language):
                 * up to a colon a few words on, or a short rest. */
                size_t q, words = 1;
                for (q = j; q < n && words <= 3; q++) {
                    if (s[q] == ' ')
                        words++;
                    if (s[q] == ':' || (n - q >= 3 && memcmp(s + q, "：", 3) == 0)) {
                        i = q;
                        break;
                    }
                }
                if (q >= n || words > 3) {
                    if (words <= 2)
                        i = n;
                    break;
                }
                continue;
            }
            i = j + best;
            continue;
        }
        if (i < n && (s[i] == '(' || (n - i >= 3 && memcmp(s + i, "（", 3) == 0))) {
            size_t j;
            for (j = i + 1; j < n && j < i + 80; j++)
                if (s[j] == ')' || (n - j >= 3 && memcmp(s + j, "）", 3) == 0))
                    break;
            if (j >= n || j >= i + 80)
                break;
            i = j + (s[j] == ')' ? 1 : 3);
            continue;
        }
        break;
    }
    i = skip_spaces(s, i, n);
    if (is_colon_at(s + i, n - i, &cl)) {
        *colon = 1;
        i = skip_spaces(s, i + cl, n);
    }
    return i;
}

static int boundary_ok(const plabel *lab, const char *s, size_t c, size_t n)
{
    gunichar last, next;
    const char *pl;

    if (c >= n)
        return 1;
    next = g_utf8_get_char(s + c);
    pl = g_utf8_find_prev_char(lab->text, lab->text + strlen(lab->text));
    last = pl ? g_utf8_get_char(pl) : 0;
    if (ptext_is_cjk(last) || ptext_is_cjk(lab->norm[lab->nnorm - 1]))
        return !ptext_is_cjk(next) && !g_unichar_isalnum(next);
    return !g_unichar_isalnum(next);
}

/* Did label_tail step over "/ other label"? */
static int bilingual(const euc_parser *p, const char *s, size_t n)
{
    size_t i = 0;

    (void)p;
    while (i < n && (s[i] == ' ' || s[i] == '.'))
        i++;
    return i < n && (s[i] == '/' || (n - i >= 3 && memcmp(s + i, "／", 3) == 0));
}

/* Label at the start of the chunk [w0, w1) of line li. */
static int match_chunk(run *r, size_t li, size_t w0, size_t w1, int nchunks,
                       const char *section, occ *o)
{
    const euc_parser *p = r->p;
    const pdoc *d = &r->d;
    const char *s = d->text->str + d->w[w0].off;
    size_t n = chunk_end(d, w1) - d->w[w0].off, start = 0, l;
    GMatchInfo *mi = NULL;
    int best = -1, best_dist = 99, best_colon = 0;
    size_t best_c = 0, best_val = 0, best_norm = 0;

    if (g_regex_match_full(p->numbering, s, (gssize)n, 0, 0, &mi, NULL)) {
        int a, b;
        g_match_info_fetch_pos(mi, 0, &a, &b);
        if (a == 0)
            start = (size_t)b;
    }
    g_match_info_free(mi);
    for (l = 0; l < p->nlabels; l++) {
        const plabel *lab = &p->labels[l];
        int dist = 0, colon;
        size_t c, v;
        if (!ptext_label_valid_in(lab, section))
            continue;
        if (best >= 0 && (lab->nnorm < best_norm && best_dist == 0))
            break; /* sorted longest first: nothing better is left */
        c = ptext_match_prefix(lab, s + start, n - start, &dist);
        if (c == 0 || !boundary_ok(lab, s + start, c, n - start))
            continue;
        v = label_tail(p, lab->field, s, start + c, n, &colon);
        /* A label needs a colon, or the whole chunk to itself, or its
         * translation after a slash ("End User / 最終需要者 Acme"). */
        if (!colon && v < n && !bilingual(p, s + start + c, v - start - c))
            continue;
        if (best < 0 || dist < best_dist ||
            (dist == best_dist && lab->nnorm > best_norm)) {
            best = (int)l;
            best_dist = dist;
            best_c = start + c;
            best_val = v;
            best_colon = colon;
            best_norm = lab->nnorm;
        }
    }
    (void)nchunks;
    if (best < 0)
        return 0;
    o->line = li;
    o->w0 = w0;
    o->w1 = w1;
    o->label = best;
    o->field = p->labels[best].field;
    o->dist = best_dist;
    o->colon = best_colon;
    o->lab_off = d->w[w0].off + start;
    o->lab_end = d->w[w0].off + best_c;
    o->val_off = d->w[w0].off + best_val;
    return 1;
}

/* A label inside a longer cell or before a colon ("Name and address of the
 * end user:").  Exact matches only, longest label first. */
static int match_inside(run *r, size_t li, size_t w0, size_t w1,
                        const char *section, int need_colon, occ *o)
{
    const euc_parser *p = r->p;
    const pdoc *d = &r->d;
    const char *s = d->text->str + d->w[w0].off;
    size_t n = chunk_end(d, w1) - d->w[w0].off, phrase = n, val = n, l, nn;
    const char *colon1 = memchr(s, ':', n), *colon2 = g_strstr_len(s, (gssize)n, "：");
    uint32_t *u;
    int found = -1;

    if (colon2 && (!colon1 || colon2 < colon1)) {
        phrase = (size_t)(colon2 - s);
        val = phrase + 3;
    } else if (colon1) {
        phrase = (size_t)(colon1 - s);
        val = phrase + 1;
    } else if (need_colon) {
        return 0;
    }
    if (w1 - w0 > 10 || phrase > 90)
        return 0;
    u = ptext_norm(s, phrase, &nn, NULL);
    for (l = 0; l < p->nlabels && found < 0; l++) {
        const plabel *lab = &p->labels[l];
        size_t i;
        if (lab->nnorm < 4 || lab->nnorm > nn || !ptext_label_valid_in(lab, section))
            continue;
        for (i = 0; i + lab->nnorm <= nn; i++)
            if (memcmp(u + i, lab->norm, lab->nnorm * sizeof *u) == 0) {
                found = (int)l;
                break;
            }
    }
    g_free(u);
    if (found < 0)
        return 0;
    o->line = li;
    o->w0 = w0;
    o->w1 = w1;
    o->label = found;
    o->field = p->labels[found].field;
    o->dist = 0;
    o->colon = val < n || (phrase < n);
    o->lab_off = d->w[w0].off;
    o->lab_end = d->w[w0].off + phrase;
    o->val_off = d->w[w0].off + skip_spaces(s, val < n ? val : n, n);
    return 1;
}

int playout_label_at_line(run *r, size_t li)
{
    GArray *ch = chunks_of(&r->d, li);
    occ o;
    int ok = 0;

    if (ch->len > 0) {
        chunk *c = &g_array_index(ch, chunk, 0);
        memset(&o, 0, sizeof o);
        ok = match_chunk(r, li, c->w0, c->w1, (int)ch->len, NULL, &o);
    }
    g_array_free(ch, TRUE);
    return ok;
}

static GArray *find_labels(run *r)
{
    const pdoc *d = &r->d;
    GArray *occs = g_array_new(FALSE, TRUE, sizeof(occ));
    char *section = NULL;
    size_t li;
    guint ci;

    for (li = 0; li < d->nl; li++) {
        GArray *ch;
        if (d->l[li].rule || d->l[li].used || d->l[li].nw == 0)
            continue;
        ch = chunks_of(d, li);
        for (ci = 0; ci < ch->len; ci++) {
            chunk *c = &g_array_index(ch, chunk, ci);
            occ o = {0};
            int ok = match_chunk(r, li, c->w0, c->w1, (int)ch->len, section, &o);
            if (!ok)
                ok = match_inside(r, li, c->w0, c->w1, section,
                                  !(ci == 0 && ch->len >= 2), &o);
            if (!ok)
                continue;
            {
                const pfield *f = &r->p->fields[o.field];
                if (f->path[0] != '*' && f->section != NULL &&
                    (section == NULL || strcmp(section, f->section) != 0)) {
                    g_free(section);
                    section = g_strdup(f->section);
                }
            }
            o.section = g_strdup(section);
            r->label_seen[o.field] = 1;
            g_array_append_val(occs, o);
        }
        g_array_free(ch, TRUE);
    }
    g_free(section);
    return occs;
}

static double word_x0(const pdoc *d, size_t off)
{
    size_t i;

    for (i = 0; i < d->nw; i++)
        if (d->w[i].off + d->w[i].len > off)
            return d->w[i].box.x0;
    return 0;
}

/* Index of the first word at or after stream offset off. */
static size_t word_at(const pdoc *d, size_t off)
{
    size_t lo = 0, hi = d->nw;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->w[mid].off + d->w[mid].len <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int starts_unknown_label(const run *r, size_t li)
{
    const pdoc *d = &r->d;
    const pline *l = &d->l[li];
    size_t i;

    /* "Remarks:" — a label we do not know still ends the value above it. */
    for (i = 0; i < l->nw && i < 4; i++) {
        const pword *w = &d->w[l->w0 + i];
        const char *t = d->text->str + w->off;
        if ((w->len >= 1 && t[w->len - 1] == ':' && w->len > 1) ||
            (w->len >= 3 && memcmp(t + w->len - 3, "：", 3) == 0))
            return i + 1 == l->nw || i < 3;
    }
    return 0;
}

static int starts_numbered(const run *r, size_t li)
{
    const pdoc *d = &r->d;
    GMatchInfo *mi = NULL;
    int a = -1, b, hit = 0;
    const char *s = d->text->str + d->l[li].off;

    if (g_regex_match_full(r->p->numbering, s, (gssize)(d->l[li].end - d->l[li].off),
                           0, 0, &mi, NULL)) {
        g_match_info_fetch_pos(mi, 0, &a, &b);
        hit = a == 0;
    }
    g_match_info_free(mi);
    return hit;
}

/* A label cell whose first lines do not hold the label ("Name and address
 * of the" / "ultimate consignee"): the value cell's lines beside them come
 * first.  Stops at a rule, a blank gap or another label's line. */
static GArray *table_rows_above(run *r, GArray *occs, guint k, double xmin,
                                double xmax, GArray *sp)
{
    const pdoc *d = &r->d;
    const occ *o = &g_array_index(occs, occ, k);
    GArray *above = g_array_new(FALSE, FALSE, sizeof(pspan));
    size_t li = o->line, next = o->line;
    guint j;

    while (li-- > 0) {
        const pline *l = &d->l[li];
        size_t w, first = (size_t)-1, last = 0;
        int left = 0, has_occ = 0, gap = 0;
        if (l->rule || l->used || l->page != d->l[o->line].page ||
            d->l[next].box.y0 - l->box.y0 > 1.8 * d->pitch)
            break;
        for (j = 0; j < k; j++)
            if (g_array_index(occs, occ, j).line == li)
                has_occ = 1;
        if (has_occ)
            break;
        for (w = l->w0; w < l->w0 + l->nw; w++) {
            if (d->w[w].box.x0 < xmin) {
                left = 1;
                continue;
            }
            if (d->w[w].box.x0 >= xmax)
                continue;
            /* Columns far apart: a row of another table (items), not a
             * value cell that starts above its label. */
            if (first != (size_t)-1 &&
                d->w[w].box.x0 - d->w[w - 1].box.x1 > 3.0 * d->cw)
                gap = 1;
            /* Prose running across both columns is no table row. */
            if (first == (size_t)-1 && w > l->w0 &&
                d->w[w].box.x0 - d->w[w - 1].box.x1 < 2.0 * d->cw)
                gap = 1;
            if (first == (size_t)-1)
                first = w;
            last = w;
        }
        if (!left || gap)
            break;
        if (first != (size_t)-1) {
            pspan s = {d->w[first].off, d->w[last].off + d->w[last].len};
            g_array_prepend_val(above, s);
        }
        next = li;
    }
    g_array_append_vals(above, sp->data, sp->len);
    g_array_free(sp, TRUE);
    return above;
}

/* Label and value apart by a gap of two characters or more and no colon:
 * a label cell and a value cell (a narrow gutter, e.g. after a bilingual
 * label). */
static int cell_gap(const pdoc *d, const occ *o)
{
    size_t wl, wv;

    if (o->colon || o->lab_end == 0)
        return 0;
    wl = word_at(d, o->lab_end - 1);
    wv = word_at(d, o->val_off);
    if (wl >= d->nw || wv >= d->nw || wv == wl || d->w[wv].line != d->w[wl].line)
        return 0;
    return d->w[wv].box.x0 - d->w[wl].box.x1 >= 1.8 * d->cw;
}

/* The value of occurrence k: its line's rest, then following lines. */
static GArray *value_spans(run *r, GArray *occs, guint k, int max_lines,
                           int lists)
{
    const pdoc *d = &r->d;
    occ *o = &g_array_index(occs, occ, k);
    GArray *sp = g_array_new(FALSE, FALSE, sizeof(pspan));
    double xmin = -1e9, xmax = 1e9, xval;
    size_t li, prev, taken = 0;
    int prev_left = 1;
    guint j;

    /* The value on the label's own line ends where the next label starts. */
    o->val_end = d->l[o->line].end;
    for (j = k + 1; j < occs->len; j++) {
        occ *x = &g_array_index(occs, occ, j);
        if (x->line != o->line)
            break;
        o->val_end = d->w[x->w0].off;
        xmax = d->w[x->w0].box.x0 - d->cw * 0.5;
        while (o->val_end > o->val_off && d->text->str[o->val_end - 1] == ' ')
            o->val_end--;
        break;
    }
    if (o->val_end > o->val_off) {
        pspan s = {o->val_off, o->val_end};
        g_array_append_val(sp, s);
        taken = 1;
    }
    xval = taken ? word_x0(d, o->val_off) : d->w[o->w0].box.x0;
    /* Label cell then value cell: the value column is where it starts. */
    if (taken && (o->val_off >= chunk_end(d, o->w1) || cell_gap(d, o)))
        o->mode = MODE_TABLE;
    else if (taken)
        o->mode = MODE_FORM;
    else
        o->mode = MODE_BLOCK;
    if (o->mode == MODE_TABLE) {
        xmin = xval - 2.0 * d->cw;
        sp = table_rows_above(r, occs, k, xmin, xmax, sp);
    }
    else if (o->w0 > d->l[o->line].w0)
        xmin = d->w[o->w0].box.x0 - d->cw;
    prev = o->line;
    for (li = o->line + 1; li < d->nl && (int)taken < max_lines; li++) {
        const pline *l = &d->l[li];
        size_t w, first = (size_t)-1, last = 0;
        int left = 0, occ_here = 0;
        if (l->page != d->l[o->line].page || l->used)
            break;
        if (l->rule) {
            if (o->mode == MODE_TABLE || taken)
                break;
            continue;
        }
        if (l->box.y0 - d->l[prev].box.y0 > 1.8 * d->pitch &&
            (taken || l->box.y0 - d->l[prev].box.y0 > 3.5 * d->pitch))
            break;
        /* A page footer ("Page 2 of 2"): the page's last line, a few
         * words, well right of where the value starts. */
        if (taken && l->nw <= 4 && (li + 1 == d->nl || d->l[li + 1].page != l->page) &&
            d->w[l->w0].box.x0 > xval + 8.0 * d->cw)
            break;
        for (j = k + 1; j < occs->len; j++) {
            occ *x = &g_array_index(occs, occ, j);
            if (x->line > li)
                break;
            if (x->line == li && d->w[x->w0].box.x0 < xmax) {
                /* "Role:", "Country:" inside a list of parties belong to
                 * its entry; any other label ends the list. */
                /* The label's translation under it in the label cell
                 * ("Sub-suppliers /" over "加工企业") is no new value. */
                if ((lists == 2 && r->p->fields[x->field].path[0] == '*') ||
                    (o->mode == MODE_TABLE && x->field == o->field &&
                     d->w[x->w0].box.x0 < xmin))
                    occ_here = occ_here ? occ_here : -1;
                else
                    occ_here = 1;
            }
        }
        if (occ_here > 0)
            break;
        if (occ_here < 0)
            for (j = k + 1; j < occs->len; j++)
                if (g_array_index(occs, occ, j).line == li)
                    g_array_index(occs, occ, j).taken = 1;
        if (o->mode != MODE_TABLE) {
            if (occ_here == 0 && starts_unknown_label(r, li))
                break;
            if (!lists && starts_numbered(r, li))
                break;
        }
        for (w = l->w0; w < l->w0 + l->nw; w++) {
            if (d->w[w].box.x0 < xmin) {
                left = 1;
                continue;
            }
            if (d->w[w].box.x0 >= xmax)
                continue;
            if (first == (size_t)-1)
                first = w;
            last = w;
        }
        if (o->mode == MODE_TABLE && left && !prev_left)
            break; /* a new row's label cell */
        prev_left = left;
        prev = li;
        if (first == (size_t)-1)
            continue;
        {
            pspan s = {d->w[first].off, d->w[last].off + d->w[last].len};
            g_array_append_val(sp, s);
            taken++;
        }
    }
    return sp;
}

/* Company name up to the first comma that does not lead to "Ltd.", "Inc."... */
static size_t name_split(const euc_parser *p, const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        size_t j, k;
        char word[24];
        char **suf;
        int is_suffix = 0;
        if (n - i >= 3 && memcmp(s + i, "，", 3) == 0)
            return i;
        if (s[i] != ',')
            continue;
        j = i + 1;
        while (j < n && s[j] == ' ')
            j++;
        for (k = 0; j + k < n && k + 1 < sizeof word && s[j + k] != ' ' &&
                    s[j + k] != ',';
             k++)
            word[k] = g_ascii_tolower(s[j + k]);
        word[k] = '\0';
        for (suf = p->suffixes; suf && *suf; suf++) {
            size_t sl = strlen(*suf);
            if (strcmp(word, *suf) == 0 ||
                (sl + 1 == k && strncmp(word, *suf, sl) == 0 && word[sl] == '.'))
                is_suffix = 1;
        }
        if (!is_suffix)
            return i;
    }
    return n;
}

/* Does the line holding stream offset off reach its page's right margin
 * (the right edge of the widest line)? */
static int wraps(const pdoc *d, size_t off)
{
    size_t w = word_at(d, off), li;
    double right = 0;
    const pline *l;

    if (w >= d->nw)
        return 0;
    l = &d->l[d->w[w].line];
    for (li = 0; li < d->nl; li++)
        if (d->l[li].page == l->page && d->l[li].box.x1 > right)
            right = d->l[li].box.x1;
    return l->box.x1 >= right - 12.0 * d->cw;
}

static void party_set(run *r, const char *prefix, const pspan *sp, size_t n,
                      const char *reader, const char *label, const char *how);

void playout_party(run *r, const char *prefix, const pspan *sp, size_t n,
                   const char *reader, const char *label, const char *how)
{
    const pdoc *d = &r->d;
    size_t i;
    GArray *lines = NULL;

    if (n == 0)
        return;
    /* A span from a sentence may run over line breaks: each line is a
     * line of the party (the name ends a line, address lines are joined
     * with commas). */
    for (i = 0; i < n && lines == NULL; i++)
        if (memchr(d->text->str + sp[i].off, '\n', sp[i].end - sp[i].off))
            lines = g_array_new(FALSE, FALSE, sizeof(pspan));
    if (lines) {
        for (i = 0; i < n; i++) {
            size_t a = sp[i].off, b;
            size_t from = sp[i].off;
            while (a < sp[i].end) {
                const char *nl = memchr(d->text->str + a, '\n', sp[i].end - a);
                pspan x;
                b = nl ? (size_t)(nl - d->text->str) : sp[i].end;
                /* A line that runs to the right margin wraps a sentence:
                 * its break is no break of the address. */
                if (nl && b > a && wraps(d, b - 1)) {
                    a = b + 1;
                    continue;
                }
                x.off = from;
                from = b + 1;
                x.end = b;
                while (x.off < x.end && d->text->str[x.off] == ' ')
                    x.off++;
                while (x.end > x.off && d->text->str[x.end - 1] == ' ')
                    x.end--;
                if (x.end > x.off)
                    g_array_append_val(lines, x);
                a = b + 1;
            }
        }
        if (lines->len > 0)
            party_set(r, prefix, (pspan *)lines->data, lines->len, reader,
                      label, how);
        g_array_free(lines, TRUE);
        return;
    }
    party_set(r, prefix, sp, n, reader, label, how);
}

static void party_set(run *r, const char *prefix, const pspan *sp, size_t n,
                      const char *reader, const char *label, const char *how)
{
    const pdoc *d = &r->d;
    pspan name, *addr;
    size_t cut, na = 0, i;
    char *path;

    cut = name_split(r->p, d->flat + sp[0].off, sp[0].end - sp[0].off);
    name.off = sp[0].off;
    name.end = sp[0].off + cut;
    path = g_strdup_printf("%s/name", prefix);
    run_set_typed(r, path, FT_LINE, &name, 1, reader, label, how);
    g_free(path);
    addr = g_new(pspan, n + 1);
    if (cut < sp[0].end - sp[0].off) {
        size_t c = sp[0].off + cut;
        c += d->text->str[c] == ',' ? 1 : 3;
        addr[na].off = c;
        addr[na].end = sp[0].end;
        na++;
    }
    for (i = 1; i < n; i++)
        addr[na++] = sp[i];
    if (na > 0) {
        path = g_strdup_printf("%s/address", prefix);
        run_set_typed(r, path, FT_TEXT, addr, na, reader, label, how);
        g_free(path);
    }
    g_free(addr);
}

/* Does span sp start with a label of a party's own fields ("Role:",
 * "Country:") and a colon?  Returns the field (-1: no) and in *val where
 * its value starts. */
static int party_label(run *r, pspan sp, size_t *val)
{
    const char *s = r->d.text->str + sp.off;
    size_t n = sp.end - sp.off, l;

    for (l = 0; l < r->p->nlabels; l++) {
        const plabel *lab = &r->p->labels[l];
        int dist = 0;
        size_t c;
        if (r->p->fields[lab->field].path[0] != '*' || lab->in == NULL ||
            !ptext_label_valid_in(lab, "sub-suppliers"))
            continue;
        c = ptext_match_prefix(lab, s, n, &dist);
        if (c == 0 || dist != 0 || !boundary_ok(lab, s, c, n))
            continue;
        /* "Registered Address / 住所:": the translation belongs to it. */
        {
            int colon = 0;
            size_t v = label_tail(r->p, lab->field, s, c, n, &colon);
            if (!colon)
                continue;
            if (val)
                *val = sp.off + v;
        }
        return lab->field;
    }
    return -1;
}

/* The punctuation that closes a list number ("1)", "(a)", "2.", or none). */
static int num_style(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n > 0 && !g_ascii_isalnum(s[n - 1]) ? s[n - 1] : 0;
}

/* A role word is looked for only when no "Role:" line gave one. */
static int run_get_role_ok(run *r, const char *role_path)
{
    return run_get(r, role_path) == NULL;
}

/* A list of other parties: one per line, or per numbered entry. */
static void read_parties(run *r, const occ *o, const pspan *sp, size_t n,
                         const char *label)
{
    const pdoc *d = &r->d;
    char *all = ptext_join_lines(d, sp, n);
    guint i;
    size_t e0 = 0;

    if (ptext_is_placeholder(r->p, all)) {
        run_set(r, "sub-suppliers/@declared-none", "true", sp, n, "form",
                label, "placeholder answer");
        g_free(all);
        return;
    }
    for (i = 0; i < r->p->none_decl->len; i++) {
        pphrase *ph = r->p->none_decl->pdata[i];
        if (g_regex_match(ph->re, all, 0, NULL)) {
            run_set(r, "sub-suppliers/@declared-none", "true", sp, n, "form",
                    label, ph->source);
            g_free(all);
            return;
        }
    }
    g_free(all);
    (void)o;
    /* Entries: lines; a line that is not numbered continues a numbered one. */
    while (e0 < n) {
        size_t e1 = e0 + 1, k;
        GMatchInfo *mi = NULL;
        pspan first = sp[e0];
        GArray *ent = g_array_new(FALSE, FALSE, sizeof(pspan));
        char *prefix, *text, *role_path;
        int a, b, style = 0;
        const char *s0 = d->text->str;
        int numbered = g_regex_match_full(r->p->numbering, s0 + first.off,
                                          (gssize)(first.end - first.off), 0,
                                          0, &mi, NULL);
        if (numbered) {
            g_match_info_fetch_pos(mi, 0, &a, &b);
            if (a == 0) {
                style = num_style(s0 + first.off, (size_t)b);
                first.off += (size_t)b;
            }
        }
        g_match_info_free(mi);
        if (first.off < first.end && (s0[first.off] == '-' || s0[first.off] == '*'))
            first.off++;
        while (e1 < n) {
            int lf = party_label(r, sp[e1], NULL);
            /* "Role: ...", "Country: ..." belong to the entry above; a
             * "Name:" starts the next. */
            if (lf >= 0 && !g_str_has_suffix(r->p->fields[lf].path, "/name")) {
                e1++;
                continue;
            }
            if (lf >= 0 || !numbered)
                break;
            {
                GMatchInfo *m2 = NULL;
                int nb = g_regex_match_full(r->p->numbering, s0 + sp[e1].off,
                                            (gssize)(sp[e1].end - sp[e1].off),
                                            0, 0, &m2, NULL);
                if (nb) {
                    g_match_info_fetch_pos(m2, 0, &a, &b);
                    /* "15 Noksansandan-ro" under "2) Busan ...": a street
                     * number, not the next entry. */
                    nb = a == 0 && num_style(s0 + sp[e1].off, (size_t)b) == style;
                }
                g_match_info_free(m2);
                if (nb)
                    break;
                e1++;
            }
        }
        prefix = run_resolve(r, "sub-suppliers/party", NULL, 1);
        /* Labelled lines give their field, and the unlabelled lines under
         * one continue it (an address over several lines; under "Name:",
         * the address); the other lines are the party's name and
         * address. */
        for (k = e0; k < e1; k++) {
            pspan ls = k == e0 ? first : sp[k];
            size_t val;
            int lf = party_label(r, ls, &val);
            if (lf >= 0) {
                const pfield *fl = &r->p->fields[lf];
                const char *leaf = strrchr(fl->path, '/');
                char *path = g_strdup_printf("%s%s", prefix, leaf);
                GArray *vs = g_array_new(FALSE, FALSE, sizeof(pspan));
                pspan v0 = {val, ls.end};
                char *lab = g_strndup(s0 + ls.off, val - ls.off);
                int is_name = g_str_has_suffix(fl->path, "/name");
                if (v0.off < v0.end)
                    g_array_append_val(vs, v0);
                while (fl->type != FT_COUNTRY && k + 1 < e1 &&
                       (int)vs->len < fl->max_lines + (is_name ? 8 : 0) &&
                       party_label(r, sp[k + 1], NULL) < 0) {
                    k++;
                    g_array_append_val(vs, sp[k]);
                }
                if (is_name && vs->len > 0)
                    playout_party(r, prefix, (pspan *)vs->data, vs->len, "list",
                                  lab, "labelled name in a list of parties");
                else if (vs->len > 0)
                    run_set_typed(r, path, fl->type, (pspan *)vs->data, vs->len,
                                  "list", lab, "labelled line in a list of parties");
                g_array_free(vs, TRUE);
                g_free(lab);
                g_free(path);
            } else {
                g_array_append_val(ent, ls);
            }
        }
        if (ent->len == 0) {
            g_free(prefix);
            g_array_free(ent, TRUE);
            e0 = e1;
            continue;
        }
        /* The role: a trailing parenthesis, or a role word. */
        text = ptext_join_lines(d, (pspan *)ent->data, ent->len);
        {
            pspan *last = &g_array_index(ent, pspan, ent->len - 1);
            const char *ls = s0 + last->off;
            const char *par = g_strrstr_len(ls, (gssize)(last->end - last->off), "(");
            GMatchInfo *rm = NULL;
            role_path = g_strdup_printf("%s/role", prefix);
            if (par != NULL) {
                pspan rs = {(size_t)(par - s0) + 1, last->end};
                while (rs.end > rs.off && (s0[rs.end - 1] == ')' ||
                                           s0[rs.end - 1] == ' ' ||
                                           s0[rs.end - 1] == '.'))
                    rs.end--;
                run_set_typed(r, role_path, FT_LINE, &rs, 1, "list", label,
                              "trailing parenthesis");
                last->end = (size_t)(par - s0);
            } else if (run_get_role_ok(r, role_path) &&
                       g_regex_match(r->p->roles, text + name_split(r->p, text, strlen(text)),
                                     0, &rm)) {
                char *role = g_match_info_fetch(rm, 0);
                pval *v = run_set(r, role_path, role, (pspan *)ent->data,
                                  ent->len, "list", label, "role word");
                (void)v;
                g_free(role);
            }
            g_match_info_free(rm);
            g_free(role_path);
        }
        playout_party(r, prefix, (pspan *)ent->data, ent->len, "list", label,
                      "entry of a list of parties");
        g_free(prefix);
        g_free(text);
        g_array_free(ent, TRUE);
        e0 = e1;
    }
}

static void read_reexport(run *r, const pspan *sp, size_t n, const char *label)
{
    char *text = ptext_join_lines(&r->d, sp, n);
    GPtrArray *cs;
    GArray *offs;
    guint i;
    int no = ptext_is_placeholder(r->p, text);
    int yes = g_regex_match(r->p->yes_re, text, 0, NULL);

    for (i = 0; !no && !yes && i < r->p->rx_no->len; i++)
        no = g_regex_match(((pphrase *)r->p->rx_no->pdata[i])->re, text, 0, NULL);
    if (!ptext_is_placeholder(r->p, text) && *text)
        run_set(r, "re-export/clause", text, sp, n, "form", label, NULL);
    offs = g_array_new(FALSE, FALSE, sizeof(size_t));
    cs = no ? g_ptr_array_new() : pcountry_all(r->p, text, offs);
    if (no) {
        run_set(r, "re-export/@permitted", "no", sp, n, "form", label,
                "answer or undertaking in the re-export field");
        if (!ptext_is_placeholder(r->p, text)) {
            pval *v = run_set(r, "assurances/assurance[1]", text, sp, n,
                              "form", label, "re-export field");
            if (v)
                pval_attr(v, "kind", "no-re-export");
        }
    } else if (yes || cs->len > 0) {
        run_set(r, "re-export/@permitted", "yes", sp, n, "form", label,
                cs->len ? "destinations named" : "answer yes");
        for (i = 0; i < cs->len; i++) {
            const pcountry *c = cs->pdata[i];
            char *path = run_resolve(r, "re-export/destination", NULL, 1);
            char *t = g_strndup(text + g_array_index(offs, size_t, 2 * i),
                                g_array_index(offs, size_t, 2 * i + 1) -
                                    g_array_index(offs, size_t, 2 * i));
            pval *v = run_set(r, path, t, sp, n, "form", label, NULL);
            if (v)
                pval_attr(v, "code", c->code);
            g_free(t);
            g_free(path);
        }
    }
    g_ptr_array_free(cs, TRUE);
    g_array_free(offs, TRUE);
    g_free(text);
}

void playout_read(run *r)
{
    GArray *occs = find_labels(r);
    const pdoc *d = &r->d;
    guint k;

    for (k = 0; k < occs->len; k++) {
        occ *o = &g_array_index(occs, occ, k);
        const pfield *f = &r->p->fields[o->field];
        const plabel *lab = &r->p->labels[o->label];
        GArray *sp;
        if (o->taken)
            continue;
        sp = value_spans(r, occs, k, f->max_lines,
                         f->type == FT_PARTIES ? 2 : f->type == FT_ITEMS);
        char *label = g_strndup(d->text->str + o->lab_off, o->lab_end - o->lab_off);
        char *how = g_strdup_printf("%s \"%s\"%s, line %zu", mode_name[o->mode],
                                    lab->text,
                                    o->dist ? " (OCR-damaged)" : "", o->line + 1);
        const char *reader = mode_name[o->mode];
        pspan *s = (pspan *)sp->data;
        char *path;

        switch (f->type) {
        case FT_SECTION:
        case FT_UNIT:
        case FT_CURRENCY:
            break;
        case FT_PARTY:
            path = run_resolve(r, f->path, o->section, 0);
            if (path && sp->len)
                playout_party(r, path, s, sp->len, reader, label, how);
            g_free(path);
            break;
        case FT_ITEMS:
            /* A table under the label was read already; otherwise the
             * value gives the items inline. */
            if (sp->len && run_get(r, "items/item[1]/description") == NULL &&
                run_get(r, "items/item[1]/quantity") == NULL) {
                char *t = ptext_join_lines(d, s, sp->len);
                if (!ptext_is_placeholder(r->p, t) &&
                    pitems_inline(r, s, sp->len, reader, label, how) == 0)
                    run_note(r, "%-28s %s: label '%s' found, no item in '%s'",
                             "items/item", reader, label, t);
                g_free(t);
            }
            break;
        case FT_PARTIES:
            if (sp->len && run_get(r, "sub-suppliers/party[1]/name") == NULL)
                read_parties(r, o, s, sp->len, label);
            break;
        case FT_REEXPORT:
            if (sp->len)
                read_reexport(r, s, sp->len, label);
            break;
        case FT_SIGNATURE:
        case FT_SEAL: {
            psigarea a = {0};
            size_t w0 = word_at(d, o->lab_off), w;
            a.page = d->w[w0].page;
            a.box = d->w[w0].box;
            for (w = w0; w < d->nw && d->w[w].off < o->lab_end; w++) {
                if (d->w[w].box.x1 > a.box.x1) a.box.x1 = d->w[w].box.x1;
                if (d->w[w].box.y1 > a.box.y1) a.box.y1 = d->w[w].box.y1;
            }
            a.seal = f->type == FT_SEAL;
            g_array_append_val(r->sigboxes, a);
            if (sp->len) {
                char *t = ptext_join_lines(d, s, sp->len);
                guint i;
                for (i = 0; i < r->p->sigtext->len; i++) {
                    pphrase *ph = r->p->sigtext->pdata[i];
                    if (g_regex_match(ph->re, t, 0, NULL)) {
                        pval *v = run_set(r, f->type == FT_SEAL ? "signatory/seal"
                                                                : "signatory/signature",
                                          "", s, sp->len, reader, label, ph->source);
                        if (v)
                            pval_attr(v, "present", "true");
                    }
                }
                g_free(t);
            }
            break;
        }
        default:
            path = run_resolve(r, f->path, o->section, 1);
            if (path == NULL) {
                run_note(r, "%-28s %s: label '%s' outside any section", f->path,
                         reader, label);
            } else if (sp->len == 0) {
                run_note(r, "%-28s %s: label '%s' found, no value beside or below it",
                         path, reader, label);
            } else {
                run_set_typed(r, path, f->type, s, sp->len, reader, label, how);
            }
            g_free(path);
            break;
        }
        g_free(label);
        g_free(how);
        g_array_free(sp, TRUE);
    }
    for (k = 0; k < occs->len; k++)
        g_free(g_array_index(occs, occ, k).section);
    g_array_free(occs, TRUE);
}
