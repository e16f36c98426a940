/* Items given inline: "4. Items: Dysprosium oxide (Dy2O3), HS 2846.90,
 * quantity 500 kg, USD 210,000", several of them separated by "; ", by
 * inline numbers or by numbered lines.  The parts are found by the
 * <item-parts> patterns of schemas/fields.xml (each part once per item, in
 * the order listed); the words left over are the description. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

/* The entry's text is made of pieces of the document's text: text bytes
 * [t0, t0 + len) are document bytes [doc, doc + len). */
typedef struct seg {
    size_t t0, len, doc;
} seg;

typedef struct entry {
    GString *text;
    GArray *map; /* seg */
} entry;

typedef struct part {
    const char *name;  /* slot name: "hs-code", "quantity", ... */
    size_t a, b;       /* the slot's text */
    size_t ma, mb;     /* the whole match (label included) */
} part;

static void entry_add(entry *e, const char *doc_text, size_t off, size_t end)
{
    seg s;

    while (off < end && (doc_text[off] == ' ' || doc_text[off] == '\n'))
        off++;
    while (end > off && (doc_text[end - 1] == ' ' || doc_text[end - 1] == '\n'))
        end--;
    if (end <= off)
        return;
    if (e->text->len > 0)
        g_string_append_c(e->text, ' ');
    s.t0 = e->text->len;
    s.len = end - off;
    s.doc = off;
    g_string_append_len(e->text, doc_text + off, (gssize)(end - off));
    g_array_append_val(e->map, s);
}

/* The document spans under text bytes [a, b) of the entry. */
static GArray *entry_spans(const entry *e, size_t a, size_t b)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(pspan));
    guint i;

    for (i = 0; i < e->map->len; i++) {
        const seg *s = &g_array_index(e->map, seg, i);
        size_t x = a > s->t0 ? a : s->t0;
        size_t y = b < s->t0 + s->len ? b : s->t0 + s->len;
        if (y > x) {
            pspan sp = {s->doc + (x - s->t0), s->doc + (y - s->t0)};
            g_array_append_val(out, sp);
        }
    }
    return out;
}

static GArray *find_parts(const euc_parser *p, const char *text, size_t a,
                          size_t b);

/* Does s start with a list number or bullet?  *skip: its length.  "500 kg"
 * and "12.5 t" start with a quantity, "2846.90" with a code: no numbers. */
static int starts_numbered(const euc_parser *p, const char *s, size_t n,
                           size_t *skip)
{
    GMatchInfo *mi = NULL;
    int a = -1, b = 0, hit = 0;

    *skip = 0;
    if (n > 1 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') {
        *skip = 1;
        return 1;
    }
    if (n >= 3 && memcmp(s, "•", 3) == 0) {
        *skip = 3;
        return 1;
    }
    if (g_regex_match_full(p->numbering, s, (gssize)n, 0, 0, &mi, NULL)) {
        g_match_info_fetch_pos(mi, 0, &a, &b);
        hit = a == 0 && b > 0 && (size_t)b <= n && !g_ascii_isdigit(s[b]);
        if (hit)
            *skip = (size_t)b;
    }
    g_match_info_free(mi);
    if (hit) {
        GArray *parts = find_parts(p, s, 0, n);
        guint i;
        for (i = 0; i < parts->len; i++)
            if (g_array_index(parts, part, i).ma == 0)
                hit = 0;
        g_array_free(parts, TRUE);
    }
    if (!hit)
        *skip = 0;
    return hit;
}

static int overlaps(const GArray *parts, size_t a, size_t b)
{
    guint i;

    for (i = 0; i < parts->len; i++) {
        const part *q = &g_array_index(parts, part, i);
        if (a < q->mb && q->ma < b)
            return 1;
    }
    return 0;
}

static int have_part(const GArray *parts, const char *name)
{
    guint i;

    for (i = 0; i < parts->len; i++)
        if (strcmp(g_array_index(parts, part, i).name, name) == 0)
            return 1;
    return 0;
}

/* The parts of text [a, b), found in the order of <item-parts>. */
static GArray *find_parts(const euc_parser *p, const char *text, size_t a,
                          size_t b)
{
    GArray *parts = g_array_new(FALSE, FALSE, sizeof(part));
    guint i;

    for (i = 0; i < p->item_parts->len; i++) {
        pphrase *ph = p->item_parts->pdata[i];
        GMatchInfo *mi = NULL;
        int g, slot = -1;
        for (g = 1; g < ph->nslots; g++)
            if (ph->slots[g] != NULL) {
                slot = g;
                break;
            }
        if (slot < 0 || have_part(parts, ph->slots[slot]))
            continue;
        g_regex_match_full(ph->re, text, (gssize)b, (gint)a, 0, &mi, NULL);
        while (g_match_info_matches(mi)) {
            gint ma, mb, sa, sb;
            g_match_info_fetch_pos(mi, 0, &ma, &mb);
            if (g_match_info_fetch_pos(mi, slot, &sa, &sb) && sa >= 0 &&
                sb > sa && !overlaps(parts, (size_t)ma, (size_t)mb)) {
                part q = {ph->slots[slot], (size_t)sa, (size_t)sb,
                          (size_t)ma, (size_t)mb};
                g_array_append_val(parts, q);
                break;
            }
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
    }
    return parts;
}

static gint part_cmp(gconstpointer x, gconstpointer y)
{
    const part *a = x, *b = y;
    return a->ma < b->ma ? -1 : a->ma > b->ma;
}

/* Is s (normalised) only a label of an items field ("Quantity", "Goods")? */
static int only_label(const euc_parser *p, const char *s, size_t n)
{
    size_t nn, l;
    uint32_t *u = ptext_norm(s, n, &nn, NULL);
    int hit = nn == 0;

    for (l = 0; !hit && l < p->nlabels; l++) {
        const plabel *lab = &p->labels[l];
        if (strncmp(p->fields[lab->field].path, "items", 5) != 0)
            continue;
        if (lab->nnorm == nn && memcmp(lab->norm, u, nn * sizeof *u) == 0)
            hit = 1;
    }
    g_free(u);
    return hit;
}

/* Length of a label of the items fields (description, items) that starts s
 * and is followed by a colon, colon included; 0 when none. */
static size_t lead_label(const euc_parser *p, const char *s, size_t n)
{
    size_t l, best = 0;

    for (l = 0; l < p->nlabels; l++) {
        const plabel *lab = &p->labels[l];
        const char *fp = p->fields[lab->field].path;
        int dist = 0;
        size_t c, k;
        if (strcmp(fp, "items") != 0 && strcmp(fp, "items/item/description") != 0)
            continue;
        c = ptext_match_prefix(lab, s, n, &dist);
        if (c == 0 || dist != 0)
            continue;
        k = c;
        while (k < n && s[k] == ' ')
            k++;
        if (k < n && s[k] == ':')
            k++;
        else if (n - k >= 3 && memcmp(s + k, "：", 3) == 0)
            k += 3;
        else
            continue;
        if (k > best)
            best = k;
    }
    return best;
}

static int is_edge_punct(char c)
{
    return c == ' ' || c == ',' || c == ';' || c == ':' || c == '-' ||
           c == '/' || c == '&';
}

/* Cleans the gap [*a, *b) of text into a description; 0 when nothing that
 * reads as one is left. */
static int clean_gap(const euc_parser *p, const char *text, size_t *a,
                     size_t *b)
{
    size_t x = *a, y = *b, k;
    int again = 1, letters = 0, open = 0;
    const char *q;

    while (again && y > x) {
        again = 0;
        while (x < y && (is_edge_punct(text[x]) || text[x] == ')' ||
                         text[x] == '.')) {
            x++;
            again = 1;
        }
        while (y > x && (is_edge_punct(text[y - 1]) || text[y - 1] == '(')) {
            y--;
            again = 1;
        }
        if ((k = lead_label(p, text + x, y - x)) > 0) {
            x += k;
            again = 1;
        }
        /* A connecting word at either edge ("of", "x", "valued at"). */
        for (k = x; k < y && text[k] != ' '; k++)
            ;
        if (k < y) {
            char *w = g_strndup(text + x, k - x);
            if (g_regex_match(p->item_conn, w, 0, NULL)) {
                x = k;
                again = 1;
            }
            g_free(w);
        }
        for (k = y; k > x && text[k - 1] != ' '; k--)
            ;
        if (k > x) {
            char *w = g_strndup(text + k, y - k);
            if (g_regex_match(p->item_conn, w, 0, NULL)) {
                y = k;
                again = 1;
            }
            g_free(w);
        }
    }
    if (y <= x)
        return 0;
    /* An unclosed parenthesis left at the end: "oxide (Dy2O3" keeps it
     * only when it is closed in the text right after. */
    for (q = text + x; q < text + y; q = g_utf8_next_char(q)) {
        gunichar c = g_utf8_get_char(q);
        if (g_unichar_isalpha(c))
            letters++;
        if (c == '(')
            open++;
        if (c == ')' && open > 0)
            open--;
    }
    if (open > 0 && y < *b && text[y] == ')')
        y++;
    if (letters < 2 || only_label(p, text + x, y - x))
        return 0;
    *a = x;
    *b = y;
    return 1;
}

static int max_item(run *r)
{
    guint i;
    int max = 0;

    for (i = 0; i < r->order->len; i++) {
        const char *path = ((pval *)r->order->pdata[i])->path;
        if (g_str_has_prefix(path, "items/item[")) {
            int k = atoi(path + strlen("items/item["));
            if (k > max)
                max = k;
        }
    }
    return max;
}

static void set_part(run *r, int item, const char *name, const entry *e,
                     size_t a, size_t b, const char *reader, const char *label,
                     const char *how)
{
    char *path = g_strdup_printf("items/item[%d]/%s", item, name);
    char *t = ptext_trim(e->text->str + a, b - a);
    GArray *sp = entry_spans(e, a, b);
    const pspan *s = (const pspan *)sp->data;
    char *num = NULL;
    const char *code = NULL;
    pval *v = NULL;

    if (strcmp(name, "quantity") == 0) {
        if (pnum_quantity(r->p, t, &num, &code) == 0) {
            v = run_set(r, path, num, s, sp->len, reader, label, how);
            if (v && code)
                pval_attr(v, "unit", code);
        }
    } else if (strcmp(name, "value") == 0) {
        if (pnum_money(r->p, t, &num, &code) == 0) {
            v = run_set(r, path, num, s, sp->len, reader, label, how);
            if (v && code)
                pval_attr(v, "currency", code);
        }
    } else {
        v = run_set(r, path, t, s, sp->len, reader, label, how);
    }
    if (v && num)
        pval_attr(v, "raw", t);
    g_free(num);
    g_free(t);
    g_free(path);
    g_array_free(sp, TRUE);
}

/* One item from text [a, b) of e; 1 when something was taken. */
static int read_item(run *r, const entry *e, size_t a, size_t b,
                     const char *reader, const char *label, const char *how)
{
    const euc_parser *p = r->p;
    const char *text = e->text->str;
    GArray *parts;
    size_t skip, da = 0, db = 0, from;
    int have_desc = 0, item;
    guint i;

    while (a < b && text[a] == ' ')
        a++;
    if (a < b && starts_numbered(p, text + a, b - a, &skip))
        a += skip;
    parts = find_parts(p, text, a, b);
    g_array_sort(parts, part_cmp);
    /* The description: the first gap that reads as one. */
    from = a;
    for (i = 0; i <= parts->len && !have_desc; i++) {
        size_t to = i < parts->len ? g_array_index(parts, part, i).ma : b;
        da = from;
        db = to;
        if (to > from)
            have_desc = clean_gap(p, text, &da, &db);
        if (i < parts->len)
            from = g_array_index(parts, part, i).mb;
    }
    if (!have_desc && parts->len == 0) {
        g_array_free(parts, TRUE);
        return 0;
    }
    item = max_item(r) + 1;
    if (have_desc)
        set_part(r, item, "description", e, da, db, reader, label, how);
    for (i = 0; i < parts->len; i++) {
        const part *q = &g_array_index(parts, part, i);
        set_part(r, item, q->name, e, q->a, q->b, reader, label, how);
    }
    g_hash_table_replace(r->repeat, g_strdup("items/item"),
                         GINT_TO_POINTER(item));
    g_array_free(parts, TRUE);
    return 1;
}

static int has_quantity(const euc_parser *p, const char *s, size_t n)
{
    GArray *parts = find_parts(p, s, 0, n);
    int q = have_part(parts, "quantity");

    g_array_free(parts, TRUE);
    return q;
}

int pitems_inline(run *r, const pspan *sp, size_t n, const char *reader,
                  const char *label, const char *how)
{
    const euc_parser *p = r->p;
    const char *flat = r->d.flat;
    GPtrArray *entries = g_ptr_array_new();
    entry *cur = NULL;
    int cur_qty = 0, added = 0;
    size_t i;
    guint k;

    /* Entries: a numbered or bulleted line starts one, and so does a line
     * with a quantity when the entry above has its own. */
    for (i = 0; i < n; i++) {
        const char *s = flat + sp[i].off;
        size_t len = sp[i].end - sp[i].off, skip, lead = 0;
        int qty;
        while (lead < len && s[lead] == ' ')
            lead++;
        qty = has_quantity(p, s + lead, len - lead);
        if (cur == NULL || starts_numbered(p, s + lead, len - lead, &skip) ||
            (cur_qty && qty)) {
            cur = g_new0(entry, 1);
            cur->text = g_string_new(NULL);
            cur->map = g_array_new(FALSE, FALSE, sizeof(seg));
            g_ptr_array_add(entries, cur);
            cur_qty = 0;
        }
        entry_add(cur, flat, sp[i].off, sp[i].end);
        cur_qty |= qty;
    }
    for (k = 0; k < entries->len; k++) {
        entry *e = entries->pdata[k];
        const char *t = e->text->str;
        GMatchInfo *mi = NULL;
        size_t from = 0;
        /* Several items in one entry: "A, 500 kg; B, 20 kg". */
        g_regex_match(p->item_sep, t, 0, &mi);
        while (g_match_info_matches(mi)) {
            gint ma, mb;
            g_match_info_fetch_pos(mi, 0, &ma, &mb);
            if ((size_t)ma > from)
                added += read_item(r, e, from, (size_t)ma, reader, label, how);
            from = (size_t)mb;
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
        if (e->text->len > from)
            added += read_item(r, e, from, e->text->len, reader, label, how);
        g_string_free(e->text, TRUE);
        g_array_free(e->map, TRUE);
        g_free(e);
    }
    g_ptr_array_free(entries, TRUE);
    return added;
}
