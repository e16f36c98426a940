/* One reader per field type, over the entries blocks.c found: a party's
 * lines, a text, a date, a country, the items (a table, a list, one item),
 * the other parties (a table, a list, labelled groups, an answer, a "none"
 * statement), the re-export (an answer, the ticked one of its boxes, an
 * undertaking), the undertakings, the signatory's lines and where its
 * signature and seal are looked for. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

static pentry *entry(run *r, int i)
{
    return &g_array_index(r->entries, pentry, i);
}

static int list_type(const run *r, const pentry *e)
{
    pftype t = e->field >= 0 ? r->p->fields[e->field].type : FT_TEXT;

    return t == FT_ITEMS || t == FT_PARTIES || t == FT_ASSURANCES;
}

void pfields_value(const run *r, const pentry *e, pbuf *b, int keep_lines)
{
    guint i;
    size_t last = (size_t)-1;
    double last_x1 = 0;

    for (i = 0; i < e->val->len; i++) {
        const pvpart *p = &g_array_index(e->val, pvpart, i);
        const pline *l = &r->d.l[p->line];
        size_t off = r->d.c[p->c0].off, end = r->d.c[p->c1 - 1].end;
        const char *sep = "\n";
        if (e->kind == EK_QUESTION && i == 0 && e->qoff > off && e->qoff <= end)
            off = e->qoff;
        /* "> Rio Bravo S.A.": an answer's mark is no part of a plain value
         * (lists keep theirs: they cut entries at them) */
        if (p->c0 == l->c0 && l->mark == MK_BULLET && l->mark_end > off &&
            l->mark_end <= end && !list_type(r, e))
            off = l->mark_end;
        /* a line that runs to the right margin wraps: its break is no
         * break between two lines of an address */
        if (p->line == last || !keep_lines ||
            (last != (size_t)-1 && l->mark == MK_NONE &&
             playout_wraps(&r->d, l->page, last_x1, r->d.c[p->c0].w0)))
            sep = " ";
        pbuf_add(b, r->d.text->str, off, end, sep);
        last = p->line;
        last_x1 = r->d.c[p->c1 - 1].box.x1;
    }
}

/* --- yes / no answers ------------------------------------------------ */

static int tick_before(const char *s, size_t at)
{
    /* the mark just before a "Yes"/"No": "[X]", "☒", "(x)", "X" */
    size_t a = at;
    char buf[16];
    size_t n;

    while (a > 0 && s[a - 1] == ' ')
        a--;
    n = 0;
    while (a > 0 && n < 12 && s[a - 1] != ' ') {
        a--;
        n++;
    }
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s + a, n);
    buf[n] = '\0';
    if (buf[0] == '[' || buf[0] == '(') {
        int cb = ptext_checkbox(buf, n);
        if (cb >= 0)
            return cb ? 1 : -1;
    }
    if (strstr(buf, "☒") || strstr(buf, "☑") || strstr(buf, "■") ||
        strstr(buf, "✔") || strstr(buf, "✓") || strstr(buf, "☓") ||
        strstr(buf, "[X]") || strstr(buf, "[x]") || strstr(buf, "(x)") ||
        strstr(buf, "(X)") || strcmp(buf, "X") == 0 || strcmp(buf, "x") == 0 ||
        strcmp(buf, "&") == 0 || strcmp(buf, "[v]") == 0 || strcmp(buf, "[V]") == 0 ||
        strcmp(buf, "Kl") == 0 || strcmp(buf, "[X") == 0 || strcmp(buf, "X]") == 0 ||
        strcmp(buf, "BX") == 0 || strcmp(buf, "IX]") == 0 || strcmp(buf, "[XI") == 0)
        return 1;
    if (strstr(buf, "☐") || strstr(buf, "□") || strstr(buf, "[ ]") ||
        strcmp(buf, "[]") == 0 || strcmp(buf, "]") == 0 || strcmp(buf, "()") == 0 ||
        strcmp(buf, ")") == 0 || strcmp(buf, "D") == 0 || strcmp(buf, "O") == 0 ||
        strcmp(buf, "0") == 0 || strcmp(buf, "o") == 0 || strcmp(buf, "口") == 0 ||
        strcmp(buf, "UD)") == 0 || strcmp(buf, "LJ") == 0 || strcmp(buf, "[|") == 0)
        return -1;
    return 0;
}

static int word_at(const char *s, size_t i, const char *w)
{
    size_t n = strlen(w);

    if (g_ascii_strncasecmp(s + i, w, n) != 0)
        return 0;
    if (i > 0 && g_ascii_isalpha(s[i - 1]))
        return 0;
    return !g_ascii_isalpha(s[i + n]);
}

/* The bytes of a yes or no word at s + i (0: none); *yes says which. */
static size_t answer_word(const char *s, size_t i, int *yes)
{
    static const char *const ys[] = {"是", "はい", "有"};
    static const char *const ns[] = {"否", "いいえ", "无", "なし"};
    size_t k;

    *yes = 1;
    if (word_at(s, i, "yes"))
        return 3;
    for (k = 0; k < G_N_ELEMENTS(ys); k++)
        if (strncmp(s + i, ys[k], strlen(ys[k])) == 0)
            return strlen(ys[k]);
    *yes = 0;
    if (word_at(s, i, "no"))
        return 2;
    for (k = 0; k < G_N_ELEMENTS(ns); k++)
        if (strncmp(s + i, ns[k], strlen(ns[k])) == 0)
            return strlen(ns[k]);
    return 0;
}

int pfields_answer(const run *r, const char *s)
{
    size_t i, n = strlen(s);
    int yes = 0, no = 0, marks = 0;
    char *t;

    for (i = 0; i < n; i++) {
        int y, tb;
        if (answer_word(s, i, &y) == 0)
            continue;
        tb = tick_before(s, i);
        if (tb != 0)
            marks++;
        if (tb > 0) {
            if (y)
                yes++;
            else
                no++;
        }
    }
    if (marks > 0)
        return yes && !no ? 1 : no && !yes ? 0 : -1;
    t = ptext_trim(s, n);
    if (g_regex_match(r->p->yes_re, t, 0, NULL)) {
        g_free(t);
        return 1;
    }
    {
        int ph = ptext_is_placeholder(r->p, t) && *t;
        int isno = g_ascii_strncasecmp(t, "no", 2) == 0 && !g_ascii_isalpha(t[2]);
        g_free(t);
        return ph || isno ? 0 : -1;
    }
}

/* --- paths ------------------------------------------------------------ */

/* The party an entry's "*" stands for; for other parties, the labelled
 * group being read ("Name:" starts the next one). */
static char *party_prefix(run *r, const pentry *e, int attr)
{
    const euc_parser *p = r->p;
    int c = e->ctx;

    if (c == p->c_exporter)
        return g_strdup("exporter");
    if (c == p->c_consignee)
        return g_strdup("consignee");
    if (c == p->c_end_user)
        return g_strdup("end-user");
    if (c == p->c_sub_suppliers) {
        int k = run_next_index(r, P_SUB_SUPPLIERS_PARTY);
        if (k > 1 && !(attr == p->a_name || attr == p->a_company)) {
            k--;
        } else if (k > 1 && attr != p->a_name && attr != p->a_company) {
            k--;
        }
        r->parties_labelled = 1;
        return g_strdup_printf("sub-suppliers/party[%d]", k);
    }
    return NULL;
}

static char *resolve_path(run *r, const pentry *e, const pfield *f)
{
    if (f->path[0] == '*') {
        int attr = e->sense.nattr ? e->sense.attr[0] : -1;
        char *pre = party_prefix(r, e, attr);
        char *out;
        if (pre == NULL)
            return NULL;
        out = g_strconcat(pre, f->path + 1, NULL);
        g_free(pre);
        return out;
    }
    if (g_str_has_prefix(f->path, "items/item/")) {
        int k = run_next_index(r, P_ITEMS_ITEM);
        char *probe;
        if (k > 1) {
            /* the item being described, unless it has this part already */
            probe = g_strdup_printf("items/item[%d]/%s", k - 1, f->path + 11);
            if (run_get(r, probe) == NULL)
                k--;
            g_free(probe);
        }
        return g_strdup_printf("items/item[%d]/%s", k, f->path + 11);
    }
    return g_strdup(f->path);
}

/* --- readers ---------------------------------------------------------- */

/* The re-export undertaking in b's words, read as prose: the clause when
 * it says yes or no.  Returns the classes pprose_read found. */
static unsigned read_reexport_clause(run *r, pbuf *b, const char *label)
{
    unsigned k = pprose_read(r, b, CL_RX_NO | CL_RX_YES | CL_NO_TRANSFER |
                                       CL_NO_MILITARY | CL_NO_WMD,
                             "field", label);

    if (k & (CL_RX_NO | CL_RX_YES)) {
        GArray *sp = pbuf_spans(b, 0, b->s->len);
        char *t = g_strdup(b->s->str);
        char *q;
        for (q = t; *q; q++)
            if (*q == '\n')
                *q = ' ';
        run_set(r, P_RE_EXPORT_CLAUSE, t, (pspan *)sp->data, sp->len,
                "field", label, "the re-export field's text");
        g_free(t);
        g_array_free(sp, TRUE);
    }
    return k;
}

/* A question answered with boxes ("[ ] Yes [X] No") may go on with the
 * undertaking after the answer ("The goods will not be re-exported ...
 * without the prior written consent ..."): that text is the clause.  It
 * starts after the last yes or no that has a box before it. */
static void read_after_answer(run *r, pbuf *b, const char *label)
{
    const char *s = b->s->str;
    size_t n = b->s->len, i, from = 0;
    GArray *sp;
    pbuf rest;
    guint k;

    for (i = 0; i < n; i++) {
        int y;
        size_t w = answer_word(s, i, &y);
        if (w > 0 && tick_before(s, i) != 0)
            from = i + w;
    }
    while (from < n && (s[from] == ' ' || s[from] == '\n' || s[from] == '.'))
        from++;
    if (from == 0 || from >= n)
        return;
    pbuf_init(&rest);
    sp = pbuf_spans(b, from, n);
    for (k = 0; k < sp->len; k++) {
        pspan x = g_array_index(sp, pspan, k);
        pbuf_add(&rest, r->d.text->str, x.off, x.end, " ");
    }
    g_array_free(sp, TRUE);
    read_reexport_clause(r, &rest, label);
    pbuf_clear(&rest);
}

static void read_reexport(run *r, pentry *e, const char *label)
{
    pbuf b, chosen;
    gchar **lines;
    int i, any_box = 0, ans;
    size_t off = 0;

    pbuf_init(&b);
    pfields_value(r, e, &b, 1);
    if (b.s->len == 0)
        goto done;
    /* A question's answer: "[X] No [ ] Yes". */
    if (e->kind == EK_QUESTION || b.s->len < 40) {
        int a = pfields_answer(r, b.s->str);
        if (a >= 0) {
            GArray *sp = pbuf_spans(&b, 0, b.s->len);
            run_set_permitted(r, a ? "yes" : "no", (pspan *)sp->data, sp->len,
                              a ? "answered yes" : "answered no");
            if (a)
                run_add_destinations(r, &b, 0, b.s->len);
            g_array_free(sp, TRUE);
            read_after_answer(r, &b, label);
            goto done;
        }
    }
    /* Ticked boxes: keep the ticked options only. */
    pbuf_init(&chosen);
    lines = g_strsplit(b.s->str, "\n", -1);
    for (i = 0; lines[i]; i++) {
        size_t n = strlen(lines[i]);
        int t = ptext_checkbox(lines[i], n);
        if (t >= 0) {
            any_box = 1;
            if (t) {
                /* copy with its map: the option's bytes in b */
                GArray *sp = pbuf_spans(&b, off, off + n);
                guint k;
                for (k = 0; k < sp->len; k++) {
                    pspan s = g_array_index(sp, pspan, k);
                    pbuf_add(&chosen, r->d.text->str, s.off, s.end, " ");
                }
                g_array_free(sp, TRUE);
                g_string_append(chosen.s, ". ");
            }
        } else if (any_box && chosen.s->len > 0) {
            /* an option's wrapped line */
            GArray *sp = pbuf_spans(&b, off, off + n);
            guint k;
            if (chosen.s->len >= 2)
                g_string_truncate(chosen.s, chosen.s->len - 2);
            for (k = 0; k < sp->len; k++) {
                pspan s = g_array_index(sp, pspan, k);
                pbuf_add(&chosen, r->d.text->str, s.off, s.end, " ");
            }
            g_array_free(sp, TRUE);
            g_string_append(chosen.s, ". ");
        }
        off += n + 1;
    }
    g_strfreev(lines);
    if (any_box) {
        if (chosen.s->len == 0) {
            run_note(r, "%-28s field: label '%s': no box ticked", "re-export",
                     label);
        } else {
            unsigned k = pprose_read(r, &chosen, CL_RX_NO | CL_RX_YES | CL_NO_TRANSFER,
                                     "check box", label);
            if (!(k & (CL_RX_NO | CL_RX_YES)))
                run_note(r, "%-28s field: ticked '%s' says neither yes nor no",
                         "re-export", chosen.s->str);
        }
        pbuf_clear(&chosen);
        goto done;
    }
    pbuf_clear(&chosen);
    ans = pfields_answer(r, b.s->str);
    if (e->kind == EK_QUESTION || ans >= 0) {
        GArray *sp = pbuf_spans(&b, 0, b.s->len);
        if (ans == 0)
            run_set_permitted(r, "no", (pspan *)sp->data, sp->len, "answered no");
        else if (ans == 1) {
            run_set_permitted(r, "yes", (pspan *)sp->data, sp->len, "answered yes");
            run_add_destinations(r, &b, 0, b.s->len);
        }
        g_array_free(sp, TRUE);
        if (ans >= 0)
            read_after_answer(r, &b, label);
        if (ans >= 0 || e->kind == EK_QUESTION)
            goto done;
    }
    if (!(read_reexport_clause(r, &b, label) & (CL_RX_NO | CL_RX_YES)))
        run_note(r, "%-28s field: label '%s': '%s' says neither yes nor no",
                 "re-export", label, b.s->str);
done:
    pbuf_clear(&b);
}

/* Does the value start by saying there is nothing ("None", "なし /
 * None", "N/A (no other parties involved)")? */
static int says_none(const run *r, const char *s)
{
    gchar **parts;
    int hit = 0, i;

    if (ptext_is_placeholder(r->p, s))
        return 1;
    parts = g_strsplit_set(s, "/.;(\n,", 4);
    for (i = 0; parts[i] && i < 2 && !hit; i++) {
        char *t = g_strstrip(g_strdup(parts[i]));
        char *dash = strstr(t, " – ");
        if (dash == NULL)
            dash = strstr(t, " - ");
        if (dash)
            *dash = '\0';
        g_strstrip(t);
        if (*t && ptext_is_placeholder(r->p, t))
            hit = 1;
        g_free(t);
    }
    g_strfreev(parts);
    return hit;
}

static void read_parties(run *r, pentry *e, const char *label, int idx)
{
    pbuf b;
    guint i;
    int got = 0;

    for (i = 0; i < r->tables->len; i++) {
        ptable *t = &g_array_index(r->tables, ptable, i);
        if (t->owner == idx && !t->done && t->kind == r->p->c_sub_suppliers)
            got += ptable_read(r, t, label);
    }
    if (got)
        return;
    pbuf_init(&b);
    pfields_value(r, e, &b, 1);
    if (b.s->len == 0) {
        pbuf_clear(&b);
        return;
    }
    if (e->kind == EK_QUESTION) {
        int ans = pfields_answer(r, b.s->str);
        if (ans == 0) {
            GArray *sp = pbuf_spans(&b, 0, b.s->len);
            run_set(r, P_SUB_SUPPLIERS_DECLARED_NONE, "true",
                    (pspan *)sp->data, sp->len, "field", label, "answered no");
            r->none_stated = 1;
            g_array_free(sp, TRUE);
        }
        pbuf_clear(&b);
        return;
    }
    if (says_none(r, b.s->str)) {
        GArray *sp = pbuf_spans(&b, 0, b.s->len);
        r->none_stated = 1;
        run_set(r, P_SUB_SUPPLIERS_DECLARED_NONE, "true", (pspan *)sp->data,
                sp->len, "field", label, "a 'none' answer");
        g_array_free(sp, TRUE);
        pbuf_clear(&b);
        return;
    }
    {
        GPtrArray *list = pparty_list(r, e->val);
        int named = 0;
        for (i = 0; i < list->len; i++) {
            pbuf *pb = list->pdata[i];
            char *prefix;
            /* a sentence ("No other company ...") is no party */
            if (!pparty_is_company(r->p, pb->s->str, pb->s->len)) {
                continue;
            }
            prefix = g_strdup_printf("sub-suppliers/party[%d]",
                                     run_next_index(r, P_SUB_SUPPLIERS_PARTY));
            named += pparty_read(r, prefix, pb, 1, "list", label,
                                 "an entry of the list of other parties");
            g_free(prefix);
        }
        pparty_list_free(list);
        if (named)
            r->parties_labelled = 1;
    }
    /* Sentences in the value: "no other party", parties named in prose. */
    pprose_read(r, &b, CL_NONE_OTHER | (r->parties_labelled ? 0 : CL_PARTY),
                "field", label);
    pbuf_clear(&b);
}

/* Unnumbered lines that each give a quantity are an item each, however
 * far they run ("Items: Gadolinium oxide, 1,000 kg, USD 48,500" /
 * "Samarium metal, 2 t, USD 112,000"). */
static int items_by_line(run *r, const pentry *e, const char *label)
{
    GPtrArray *lines = g_ptr_array_new();
    size_t last = (size_t)-1;
    guint i;
    int all = 1, got = 0;

    for (i = 0; i < e->val->len; i++) {
        const pvpart *p = &g_array_index(e->val, pvpart, i);
        if (p->line != last) {
            pbuf *nb = g_new0(pbuf, 1);
            pbuf_init(nb);
            g_ptr_array_add(lines, nb);
            if (r->d.l[p->line].mark != MK_NONE)
                all = 0;
        }
        pbuf_add(lines->pdata[lines->len - 1], r->d.text->str, r->d.c[p->c0].off,
                 r->d.c[p->c1 - 1].end, " ");
        last = p->line;
    }
    for (i = 0; i < lines->len && all; i++)
        all = pitems_has_quantity(r->p, ((pbuf *)lines->pdata[i])->s->str);
    if (all && lines->len >= 2)
        for (i = 0; i < lines->len; i++)
            got += pitems_read(r, lines->pdata[i], "field", label,
                               "an item on a line of its own");
    for (i = 0; i < lines->len; i++) {
        pbuf_clear(lines->pdata[i]);
        g_free(lines->pdata[i]);
    }
    g_ptr_array_free(lines, TRUE);
    return got;
}

static void read_items(run *r, pentry *e, const char *label, int idx,
                       GString *pending)
{
    pbuf b;
    guint i;
    int got = 0;

    for (i = 0; i < r->tables->len; i++) {
        ptable *t = &g_array_index(r->tables, ptable, i);
        if (t->owner == idx && !t->done && t->kind == r->p->c_items)
            got += ptable_read(r, t, label);
    }
    if (got || r->items_from_table)
        return;
    if (items_by_line(r, e, label))
        return;
    pbuf_init(&b);
    pfields_value(r, e, &b, 1);
    if (b.s->len > 0 && !ptext_is_placeholder(r->p, b.s->str)) {
        int attr_desc = 0, n;
        int k;
        for (k = 0; k < e->sense.nattr; k++)
            attr_desc |= e->sense.attr[k] == r->p->a_description;
        n = pitems_read(r, &b, "field", label,
                        attr_desc ? "a labelled description of the goods"
                                  : "items written in the value");
        if (n == 0) {
            if (attr_desc) {
                char *path = g_strdup_printf("items/item[%d]/description",
                                             run_next_index(r, P_ITEMS_ITEM));
                run_set_buf(r, path, FT_TEXT, &b, 0, b.s->len, "field", label,
                            "a labelled description of the goods");
                g_free(path);
            } else if (pending->len == 0) {
                g_string_assign(pending, b.s->str);
            }
        }
    }
    pbuf_clear(&b);
}

static void read_signatory(run *r, pentry *e, const char *label)
{
    pbuf b;
    gchar **lines;
    int i, k, want_name = 0, want_title = 0, want_date = 0;
    size_t off = 0;

    for (k = 0; k < e->sense.nattr; k++) {
        int a = e->sense.attr[k];
        want_name |= a == r->p->a_name;
        want_title |= a == r->p->a_title;
        want_date |= a == r->p->a_date;
    }
    if (e->sense.nattr == 0)
        want_name = want_title = 1;
    pbuf_init(&b);
    pfields_value(r, e, &b, 1);
    lines = g_strsplit(b.s->str, "\n", -1);
    for (i = 0; lines[i]; i++) {
        size_t n = strlen(lines[i]);
        char *t = ptext_trim(lines[i], n);
        char iso[11];
        size_t da, db;
        if (want_date && pdate_find(r->p, t, iso, &da, &db) == 0) {
            run_set_buf(r, P_SIGNATORY_DATE, FT_DATE, &b, off, off + n, "field",
                        label, "a date among the signatory's lines");
        } else if (want_name && run_get(r, P_SIGNATORY_NAME) == NULL &&
                   pparty_is_person(r->p, t)) {
            run_set_buf(r, P_SIGNATORY_NAME, FT_LINE, &b, off, off + n, "field",
                        label, "the signatory's name line");
        } else if (want_title && run_get(r, P_SIGNATORY_TITLE) == NULL &&
                   pparty_is_title(r->p, t) && !pparty_is_company(r->p, t, strlen(t))) {
            run_set_buf(r, P_SIGNATORY_TITLE, FT_LINE, &b, off, off + n, "field",
                        label, "the signatory's title line");
        }
        g_free(t);
        off += n + 1;
    }
    g_strfreev(lines);
    pbuf_clear(&b);
}

/* The area beside and below a signature or seal label, where ink goes. */
static void sig_area(run *r, pentry *e, int seal, const char *why)
{
    const pvpart *lp = &g_array_index(e->label, pvpart, 0);
    const pcell *c = &r->d.c[lp->c0];
    const pline *l = &r->d.l[lp->line];
    psigarea a;
    double right = e->cx1 < 1e8 ? e->cx1 : r->d.right[l->page] + 20;

    memset(&a, 0, sizeof a);
    a.page = l->page;
    a.box.x0 = e->kind == EK_BOX && e->cx1 < 1e8 ? e->cx0 - 5 : c->box.x0 - 5;
    a.box.x1 = right;
    a.box.y0 = c->box.y0 - 3 * r->d.fh;
    a.box.y1 = c->box.y1 + 4 * r->d.fh;
    if (e->kind == EK_BOX && e->val->len) {
        const pvpart *vp = &g_array_index(e->val, pvpart, e->val->len - 1);
        double y1 = r->d.l[vp->line].box.y1 + r->d.fh;
        if (y1 > a.box.y1)
            a.box.y1 = y1;
    }
    a.seal = seal;
    a.why = why;
    g_array_append_val(r->sigareas, a);
}

static void text_signature(run *r, pentry *e, const char *label)
{
    pbuf b;
    const char *s;
    size_t cl;

    pbuf_init(&b);
    pfields_value(r, e, &b, 0);
    s = b.s->str;
    if (ptext_conformed(s, b.s->len, &cl)) {
        GArray *sp = pbuf_spans(&b, 0, b.s->len);
        pval *v = run_set(r, P_SIGNATORY_SIGNATURE, "", (pspan *)sp->data,
                          sp->len, "field", label, "a conformed signature '/s/'");
        if (v) {
            pval_attr(v, "present", "true");
            pval_attr(v, "evidence", "text");
        }
        g_array_free(sp, TRUE);
    }
    pbuf_clear(&b);
}

/* A question no field reads, answered yes or no, says what its words
 * say as a statement or as their denial: "Do you undertake not to
 * transfer the goods ...? [x] Yes" is the undertaking; "Will the goods be
 * exported from your country? [x] No" says no re-export. */
static void read_question(run *r, pentry *e)
{
    const pvpart *lp;
    const pline *l;
    pbuf q, a;
    size_t start;
    int ans;
    unsigned got;

    guint k;

    if (e->kind != EK_QUESTION || e->done || e->val->len == 0)
        return;
    pbuf_init(&a);
    pfields_value(r, e, &a, 1);
    ans = pfields_answer(r, a.s->str);
    if (ans < 0) {
        pbuf_clear(&a);
        return;
    }
    /* the question's words: its label cells, up to the question mark */
    pbuf_init(&q);
    for (k = 0; k < e->label->len; k++) {
        const pcell *c0, *c1;
        size_t end;
        lp = &g_array_index(e->label, pvpart, k);
        l = &r->d.l[lp->line];
        c0 = &r->d.c[lp->c0];
        c1 = &r->d.c[lp->c1 - 1];
        start = c0->off;
        end = c1->end;
        if (k == 0 && lp->c0 == l->c0 && l->mark_end > start && l->mark_end < end)
            start = l->mark_end;
        if (e->qoff > start && e->qoff <= end)
            end = e->qoff;
        {
            const char *qm = memchr(r->d.text->str + start, '?', end - start);
            if (qm)
                end = (size_t)(qm - r->d.text->str) + 1;
        }
        pbuf_add(&q, r->d.text->str, start, end, " ");
    }
    got = pprose_read(r, &q, 0, "answer", e->label_text);
    if (ans == 1)
        pprose_read(r, &q, CL_NO_MILITARY | CL_NO_WMD | CL_NO_TRANSFER | CL_NO_CHANGE |
                           CL_RX_YES | CL_RX_NO | CL_VERIFY,
                    "answer", e->label_text);
    else if (got & CL_RX_YES) {
        GArray *sp = pbuf_spans(&q, 0, q.s->len);
        run_set_permitted(r, "no", (pspan *)sp->data, sp->len, "a re-export answered no");
        g_array_free(sp, TRUE);
    }
    /* a re-export question: the undertaking written after its answer */
    if (got & (CL_RX_YES | CL_RX_NO))
        read_after_answer(r, &a, e->label_text);
    pbuf_clear(&a);
    pbuf_clear(&q);
    e->done = 1;
}

void pfields_read(run *r)
{
    const euc_parser *p = r->p;
    guint i;
    GString *pending = g_string_new(NULL);

    /* Items tables first, wherever they stand: a table is the surest
     * reading of the goods. */
    for (i = 0; i < r->tables->len; i++) {
        ptable *t = &g_array_index(r->tables, ptable, i);
        if (t->kind == p->c_items && !t->done)
            ptable_read(r, t, NULL);
    }
    for (i = 0; i < r->entries->len; i++) {
        pentry *e = entry(r, (int)i);
        const pfield *f;
        const char *label = e->label_text;
        char *path;
        pbuf b;
        if (e->field < 0)
            continue;
        f = &p->fields[e->field];
        switch (f->type) {
        case FT_PARTY: {
            const char *prefix = f->path;
            pbuf_init(&b);
            pfields_value(r, e, &b, 1);
            if (b.s->len > 0 && !says_none(r, b.s->str) &&
                !ptext_is_placeholder(r->p, b.s->str))
                pparty_read(r, prefix, &b, 0, "field", label,
                            "a party's lines");
            pbuf_clear(&b);
            e->done = 1;
            break;
        }
        case FT_ADDRESSEE: {
            /* "To: X Co., Ltd." or "To: Ministry ..., c/o X Co., Ltd." */
            const char *s, *co;
            pbuf_init(&b);
            pfields_value(r, e, &b, 1);
            s = b.s->str;
            co = strstr(s, "c/o ");
            if (co != NULL) {
                pbuf x;
                size_t at = (size_t)(co - s) + 4;
                GArray *sp = pbuf_spans(&b, at, b.s->len);
                guint k;
                pbuf_init(&x);
                for (k = 0; k < sp->len; k++)
                    pbuf_add(&x, r->d.text->str, g_array_index(sp, pspan, k).off,
                             g_array_index(sp, pspan, k).end, "\n");
                if (pparty_is_company(r->p, x.s->str, x.s->len))
                    pparty_read(r, f->path, &x, 0, "field", label, "care of the addressee");
                g_array_free(sp, TRUE);
                pbuf_clear(&x);
            } else if (b.s->len > 0 && pparty_name_len(r->p, s, strcspn(s, "\n")) > 0) {
                pparty_read(r, f->path, &b, 0, "field", label, "the letter's addressee");
            }
            pbuf_clear(&b);
            e->done = 1;
            break;
        }
        case FT_ITEMS:
            read_items(r, e, label, (int)i, pending);
            e->done = 1;
            break;
        case FT_PARTIES:
            read_parties(r, e, label, (int)i);
            e->done = 1;
            break;
        case FT_REEXPORT:
            read_reexport(r, e, label);
            e->done = 1;
            break;
        case FT_DESTINATIONS:
            pbuf_init(&b);
            pfields_value(r, e, &b, 0);
            if (b.s->len)
                run_add_destinations(r, &b, 0, b.s->len);
            pbuf_clear(&b);
            e->done = 1;
            break;
        case FT_ASSURANCES:
            pbuf_init(&b);
            pfields_value(r, e, &b, 1);
            pprose_read(r, &b, CL_NO_MILITARY | CL_NO_WMD | CL_NO_TRANSFER |
                               CL_NO_CHANGE | CL_RX_NO | CL_RX_YES |
                               CL_NONE_OTHER | CL_VERIFY,
                        "field", label);
            pbuf_clear(&b);
            e->done = 1;
            break;
        case FT_SIGNATORY:
            /* "Signed:", "Authorised signatory:": the signature goes beside */
            if (e->nchildren == 0)
                sig_area(r, e, 0, "beside the signatory's label");
            read_signatory(r, e, label);
            e->done = 1;
            break;
        case FT_SIGNATURE:
            /* (a "Signature:" with "Date:", "Name:" under it as its
             * children too: the ink is beside the label; a section
             * headed "SIGNATURE" has its own fields below) */
            if (e->nchildren == 0 ||
                r->d.c[g_array_index(e->label, pvpart, e->label->len - 1).c1 - 1].colon)
                sig_area(r, e, 0, "beside the signature label");
            text_signature(r, e, label);
            e->done = 1;
            break;
        case FT_SEAL: {
            /* "Signature and seal": ink there is a signature too */
            int k, both = 0;
            for (k = 0; k < e->sense.nattr; k++)
                both |= e->sense.attr[k] == p->a_signature;
            if (e->nchildren == 0)
                sig_area(r, e, !both, "beside the seal label");
            e->done = 1;
            break;
        }
        case FT_MILITARY:
            pbuf_init(&b);
            pfields_value(r, e, &b, 0);
            if (pfields_answer(r, b.s->str) == 0) {
                GArray *sp = pbuf_spans(&b, 0, b.s->len);
                char *q = g_strconcat(label, " ", b.s->str, NULL);
                run_add_assurance(r, "no-military-use", q, (pspan *)sp->data, sp->len,
                              "answer");
                g_free(q);
                g_array_free(sp, TRUE);
            }
            pbuf_clear(&b);
            e->done = 1;
            break;
        case FT_IGNORE:
        case FT_SECTION:
            e->done = 1;
            break;
        default:
            path = resolve_path(r, e, f);
            if (path == NULL)
                break;
            pbuf_init(&b);
            pfields_value(r, e, &b, f->type == FT_LINE || f->type == FT_DATE ||
                                    g_str_has_suffix(path, "/address"));
            if (b.s->len == 0) {
                if (e->nchildren == 0) {
                    run_note(r, "%-28s field: label '%s' found, no value beside or below it",
                             path, label);
                    g_hash_table_add(r->blank, g_strdup(path));
                }
            } else if (f->type == FT_TEXT && g_str_has_suffix(path, "/address")) {
                /* an address over lines reads as one: "Street 12, Town" */
                char *t = g_strdup(b.s->str), *q;
                GArray *sp = pbuf_spans(&b, 0, b.s->len);
                GString *g = g_string_new(NULL);
                for (q = t; *q; q++) {
                    if (*q == '\n') {
                        if (g->len && g->str[g->len - 1] != ',')
                            g_string_append_c(g, ',');
                        g_string_append_c(g, ' ');
                    } else {
                        g_string_append_c(g, *q);
                    }
                }
                run_set_typed(r, path, FT_TEXT, g->str, (pspan *)sp->data,
                              sp->len, "field", label, "a labelled value");
                g_string_free(g, TRUE);
                g_array_free(sp, TRUE);
                g_free(t);
            } else {
                size_t end = b.s->len;
                if (f->type == FT_LINE || f->type == FT_DATE) {
                    const char *nl = strchr(b.s->str, '\n');
                    if (nl && f->max_lines <= 1)
                        end = (size_t)(nl - b.s->str);
                }
                if (f->type == FT_TEXT && g_str_has_prefix(path, "end-use/")) {
                    /* a negated military clause inside the end use is an
                     * assurance as well ("..., not for any military use") */
                    pprose_read(r, &b, CL_NO_MILITARY | CL_NO_WMD, "field",
                                label);
                }
                if (g_str_has_prefix(path, "items/item[") &&
                    pending->len && !run_has_prefix(r, "items")) {
                    /* "Product: X" then "Quantity: 5 kg": one item */
                    run_set(r, "items/item[1]/description", pending->str,
                            NULL, 0, "field", NULL, "the goods named above");
                    g_free(path);
                    path = resolve_path(r, e, f);
                }
                if (run_set_buf(r, path, f->type, &b, 0, end, "field", label,
                                "a labelled value") != NULL &&
                    strcmp(path, P_SIGNATORY_NAME) == 0)
                    r->sig_line = (int)g_array_index(e->val, pvpart, 0).line;
            }
            pbuf_clear(&b);
            g_free(path);
            e->done = 1;
            break;
        }
    }
    g_string_free(pending, TRUE);
    for (i = 0; i < r->entries->len; i++)
        read_question(r, entry(r, (int)i));
}
