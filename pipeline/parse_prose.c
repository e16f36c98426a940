/* The prose readers: document type, letters ("We, X, of Y, hereby certify
 * that ... will be used solely for ..."), undertakings (re-export, other
 * parties, assurances) and "/s/ Name".  Every phrase is a pattern from
 * schemas/fields.xml matched over the document's text with lines joined. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "parse-imp.h"

static int is_abbrev(const run *r, const char *s, size_t dot)
{
    size_t b = dot;
    char word[16];
    char **suf;
    size_t n;

    while (b > 0 && g_ascii_isalpha(s[b - 1]))
        b--;
    n = dot - b;
    if (n == 1 && g_ascii_isupper(s[b]))
        return 1; /* an initial: "K. Tanaka" */
    if (n == 0 || n >= sizeof word - 1)
        return 0;
    memcpy(word, s + b, n);
    word[n] = '\0';
    for (size_t i = 0; i < n; i++)
        word[i] = g_ascii_tolower(word[i]);
    if (strcmp(word, "no") == 0 || strcmp(word, "mr") == 0 ||
        strcmp(word, "ms") == 0 || strcmp(word, "dr") == 0)
        return 1;
    for (suf = r->p->suffixes; suf && *suf; suf++) {
        size_t sl = strlen(*suf);
        if ((sl == n && strcmp(word, *suf) == 0) ||
            (sl == n + 1 && strncmp(word, *suf, n) == 0 && (*suf)[n] == '.'))
            return 1;
    }
    return 0;
}

/* The page of the line holding text offset off. */
static int page_at(const run *r, size_t off)
{
    size_t lo = 0, hi = r->d.nl;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (r->d.l[mid].end < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->d.nl ? r->d.l[lo].page : -1;
}

/* Is there a sentence boundary just after byte i of the text? */
static int boundary_after(const run *r, size_t i)
{
    const char *s = r->d.text->str;
    size_t n = r->d.text->len;
    unsigned char c = (unsigned char)s[i];

    if (c == '!' || c == '?' || c == ';')
        return 1;
    if (c == '.') {
        if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\n')
            return 0;
        if (i + 2 < n && g_ascii_islower(s[i + 2]))
            return 0;
        return !is_abbrev(r, s, i);
    }
    if (i + 3 <= n && i >= 2 &&
        (memcmp(s + i - 2, "。", 3) == 0 || memcmp(s + i - 2, "；", 3) == 0))
        return 1;
    if (c == '\n' && i + 1 < n) {
        /* A numbered or bulleted line starts a new sentence. */
        GMatchInfo *mi = NULL;
        int a = -1, b, hit = 0;
        /* So does a new page (after a footer such as "Page 1 of 2"). */
        if (page_at(r, i) != page_at(r, i + 1))
            return 1;
        if (s[i + 1] == '-' || s[i + 1] == '*' ||
            strncmp(s + i + 1, "•", 3) == 0)
            return 1;
        if (g_regex_match_full(r->p->numbering, s + i + 1,
                               (gssize)(n - i - 1 < 40 ? n - i - 1 : 40), 0, 0,
                               &mi, NULL)) {
            g_match_info_fetch_pos(mi, 0, &a, &b);
            hit = a == 0;
        }
        g_match_info_free(mi);
        /* A heading (a short line without a full stop) stands alone. */
        {
            size_t b0 = i, words = 1;
            while (b0 > 0 && s[b0 - 1] != '\n') {
                if (s[b0 - 1] == ' ')
                    words++;
                b0--;
            }
            if (words <= 3 && i > b0 && s[i - 1] != ',' &&
                !g_ascii_islower(s[i + 1]))
                hit = 1;
        }
        /* A line ending with a colon introduces what follows. */
        if (i > 0 && (s[i - 1] == ':' ||
                      (i >= 3 && memcmp(s + i - 3, "：", 3) == 0)))
            hit = 1;
        return hit;
    }
    return 0;
}

size_t pprose_sentence(const run *r, size_t off, size_t *end)
{
    size_t n = r->d.text->len, a = off, b = off;

    while (a > 0 && !boundary_after(r, a - 1))
        a--;
    while (b < n && !boundary_after(r, b))
        b++;
    if (b < n)
        b++;
    while (a < b && (r->d.text->str[a] == ' ' || r->d.text->str[a] == '\n'))
        a++;
    *end = b;
    return a;
}

static pval *set_sentence(run *r, const char *path, size_t off,
                          const char *reader, const char *how)
{
    size_t end, a = pprose_sentence(r, off, &end);
    pspan sp = {a, end};
    char *t = ptext_trim(r->d.flat + a, end - a);
    pval *v = NULL;

    if (*t)
        v = run_set(r, path, t, &sp, 1, reader, NULL, how);
    g_free(t);
    return v;
}

static void doctype(run *r)
{
    guint i;
    int best = -1;
    gint bestpos = G_MAXINT, be = 0;
    size_t limit = r->d.text->len;

    /* The title is on the first page. */
    for (size_t l = 0; l < r->d.nl; l++)
        if (r->d.l[l].page > 0) {
            limit = r->d.l[l].off;
            break;
        }
    for (i = 0; i < r->p->doctypes->len; i++) {
        pphrase *ph = r->p->doctypes->pdata[i];
        GMatchInfo *mi = NULL;
        if (g_regex_match_full(ph->re, r->d.flat, (gssize)limit, 0, 0, &mi, NULL)) {
            gint a, b;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            if (a < bestpos) {
                bestpos = a;
                be = b;
                best = (int)i;
            }
        }
        g_match_info_free(mi);
    }
    if (best >= 0) {
        pphrase *ph = r->p->doctypes->pdata[best];
        pspan sp = {(size_t)bestpos, (size_t)be};
        char *seen = g_strndup(r->d.flat + bestpos, (gsize)(be - bestpos));
        char *how = g_strdup_printf("phrase \"%s\"", seen);
        run_set(r, "document-type", ph->tag, &sp, 1, "phrase", NULL, how);
        g_free(how);
        g_free(seen);
    }
}

static int has_prefix_value(run *r, const char *prefix)
{
    guint i;

    for (i = 0; i < r->order->len; i++)
        if (g_str_has_prefix(((pval *)r->order->pdata[i])->path, prefix))
            return 1;
    return 0;
}

static int has_description(const pphrase *ph)
{
    int g;

    for (g = 1; g < ph->nslots; g++)
        if (ph->slots[g] && g_str_has_suffix(ph->slots[g], "/description"))
            return 1;
    return 0;
}

static void letter(run *r)
{
    guint i;
    int items_before = has_prefix_value(r, "items/");
    int nitem = 0;

    for (i = 0; i < r->p->letter->len; i++) {
        pphrase *ph = r->p->letter->pdata[i];
        GMatchInfo *mi = NULL;
        /* With its line breaks: a signature block is read line by line. */
        g_regex_match(ph->re, r->d.text->str, 0, &mi);
        while (g_match_info_matches(mi)) {
            int g, item = 0;
            /* A party named in a sentence is a new entry of the list; its
             * role from the same sentence goes with it. */
            char *party = NULL;
            for (g = 1; g < ph->nslots; g++) {
                gint a, b;
                char *path;
                int f;
                pspan sp;
                if (ph->slots[g] == NULL)
                    continue;
                if (!g_match_info_fetch_pos(mi, g, &a, &b) || a < 0 || b <= a)
                    continue;
                sp.off = (size_t)a;
                sp.end = (size_t)b;
                if (g_str_has_prefix(ph->slots[g], "items/item/")) {
                    if (items_before)
                        continue;
                    /* A described item is a new one; a bare value or
                     * quantity belongs to the item named before it. */
                    if (!item) {
                        char *probe = g_strdup_printf("items/item[%d]/description", nitem);
                        int described = nitem > 0 && run_get(r, probe) != NULL;
                        g_free(probe);
                        item = nitem == 0 || (has_description(ph) && described)
                                   ? ++nitem : nitem;
                    }
                    path = g_strdup_printf("items/item[%d]/%s", item,
                                           ph->slots[g] + strlen("items/item/"));
                } else if (g_str_has_prefix(ph->slots[g], "sub-suppliers/party")) {
                    const char *rest = ph->slots[g] + strlen("sub-suppliers/party");
                    if (party == NULL)
                        party = run_resolve(r, "sub-suppliers/party", NULL, 1);
                    if (*rest == '\0') {
                        playout_party(r, party, &sp, 1, "letter", NULL, ph->source);
                        continue;
                    }
                    path = g_strdup_printf("%s%s", party, rest);
                    run_set_typed(r, path, FT_LINE, &sp, 1, "letter", NULL,
                                  "sentence pattern");
                    g_free(path);
                    continue;
                } else {
                    path = g_strdup(ph->slots[g]);
                }
                f = pdata_field_by_path(r->p, ph->slots[g]);
                if (f >= 0 && r->p->fields[f].type == FT_PARTY)
                    playout_party(r, path, &sp, 1, "letter", NULL, ph->source);
                else
                    run_set_typed(r, path, f >= 0 ? r->p->fields[f].type : FT_TEXT,
                                  &sp, 1, "letter", NULL, "sentence pattern");
                g_free(path);
            }
            g_free(party);
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
    }
}

/* A letter's date: the first date standing on a short line of page 1
 * ("Osaka, 12 January 2026") when no labelled issue date was found. */
static void letter_date(run *r)
{
    size_t li;

    if (run_get(r, "issue-date"))
        return;
    for (li = 0; li < r->d.nl && r->d.l[li].page == 0; li++) {
        const pline *l = &r->d.l[li];
        char *t, iso[11];
        size_t a, b;
        if (l->nw == 0 || l->nw > 6 ||
            l->box.y0 > 0.4 * euc_page_height(euc_doc_page(r->doc, 0)))
            continue;
        t = g_strndup(r->d.text->str + l->off, l->end - l->off);
        if (pdate_find(r->p, t, iso, &a, &b) == 0) {
            pspan sp = {l->off + a, l->off + b};
            char *raw = g_strndup(t + a, b - a);
            pval *v = run_set(r, "issue-date", iso, &sp, 1, "letter", NULL,
                              "a date on a line of its own");
            if (v)
                pval_attr(v, "raw", raw);
            g_free(raw);
            g_free(t);
            return;
        }
        g_free(t);
    }
}

static void none_declared(run *r)
{
    guint i;

    if (run_get(r, "sub-suppliers/@declared-none") || has_prefix_value(r, "sub-suppliers/"))
        return;
    for (i = 0; i < r->p->none_decl->len; i++) {
        pphrase *ph = r->p->none_decl->pdata[i];
        GMatchInfo *mi = NULL;
        if (g_regex_match(ph->re, r->d.flat, 0, &mi)) {
            gint a, b;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            run_set(r, "sub-suppliers/@declared-none", "true", NULL, 0,
                    "letter", NULL, ph->source);
            g_match_info_free(mi);
            return;
        }
        g_match_info_free(mi);
    }
}

/* Are the words of a found in b, in order, other words between them
 * allowed?  (The same undertaking read once from its table cell and once
 * with the label cell's words run into it.) */
static int words_within(const char *a, const char *b)
{
    char **wa = g_strsplit(a, " ", -1), **wb = g_strsplit(b, " ", -1);
    size_t i = 0, j = 0, na = 0, hit = 0;

    for (; wa[i]; i++) {
        if (!*wa[i])
            continue;
        na++;
        while (wb[j] && strcmp(wb[j], wa[i]) != 0)
            j++;
        if (wb[j] == NULL)
            break;
        hit++;
        j++;
    }
    g_strfreev(wa);
    g_strfreev(wb);
    return na >= 6 && hit == na;
}

/* Has an assurance of this kind already been taken from this sentence? */
static int have_assurance(run *r, const char *kind, const char *text)
{
    guint i;

    for (i = 0; i < r->order->len; i++) {
        pval *v = r->order->pdata[i];
        guint k;
        if (!g_str_has_prefix(v->path, "assurances/assurance["))
            continue;
        for (k = 0; k + 1 < v->attrs->len; k += 2)
            if (strcmp(v->attrs->pdata[k], "kind") == 0 &&
                strcmp(v->attrs->pdata[k + 1], kind) == 0 &&
                (strstr(v->text, text) || strstr(text, v->text) ||
                 words_within(v->text, text) || words_within(text, v->text)))
                return 1;
    }
    return 0;
}

typedef struct found {
    size_t off;
    const char *kind, *how;
} found;

static GArray *pending; /* found, while one document's phrases are read */

static void add_assurance(run *r, const char *kind, size_t off, const char *how)
{
    found f = {off, kind, how};

    (void)r;
    g_array_append_val(pending, f);
}

static gint found_cmp(gconstpointer a, gconstpointer b)
{
    const found *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

static void set_assurance(run *r, const char *kind, size_t off, const char *how)
{
    size_t end, a = pprose_sentence(r, off, &end);
    GMatchInfo *mi = NULL;

    /* "Undertakings 1) The goods ...": what comes before a list number
     * is not the assurance. */
    {
        static GRegex *item_no;
        GMatchInfo *m2 = NULL;
        if (item_no == NULL)
            item_no = g_regex_new("(?:^|\\s)\\(?[0-9a-zA-Z]{1,2}\\)\\s+", 0, 0, NULL);
        /* The last list number before the phrase (a table's label cell
         * may run into the sentence: "Declarations / 保证 1) We ..."). */
        if (item_no && off > a) {
            size_t w0 = off - a > 120 ? off - 120 : a, last = 0;
            g_regex_match_full(item_no, r->d.flat, (gssize)off, (gint)w0, 0,
                               &m2, NULL);
            while (g_match_info_matches(m2)) {
                gint x, y;
                g_match_info_fetch_pos(m2, 0, &x, &y);
                last = (size_t)y;
                g_match_info_next(m2, NULL);
            }
            if (last > a)
                a = last;
        }
        g_match_info_free(m2);
    }
    /* "(a) The goods ..." : the list numbering is not the assurance. */
    if (g_regex_match_full(r->p->numbering, r->d.flat + a, (gssize)(end - a), 0,
                           0, &mi, NULL)) {
        gint x, y;
        g_match_info_fetch_pos(mi, 0, &x, &y);
        if (x == 0)
            a += (size_t)y;
    }
    g_match_info_free(mi);
    char *t = ptext_trim(r->d.flat + a, end - a);
    char *path;
    pval *v;

    if (*t == '\0' || have_assurance(r, kind, t)) {
        g_free(t);
        return;
    }
    path = run_resolve(r, "assurances/assurance", NULL, 1);
    {
        pspan sp = {a, end};
        v = run_set(r, path, t, &sp, 1, "phrase", NULL, how);
    }
    if (v)
        pval_attr(v, "kind", kind);
    g_free(path);
    g_free(t);
}

static int any_rx_no(const run *r)
{
    guint i;

    for (i = 0; i < r->p->rx_no->len; i++)
        if (g_regex_match(((pphrase *)r->p->rx_no->pdata[i])->re, r->d.flat, 0,
                          NULL))
            return 1;
    return 0;
}

static void reexport(run *r)
{
    guint i;
    /* A declared re-export that names no country ("resold to customers in
     * other countries") still declares one, unless the document also gives
     * an undertaking not to re-export. */
    gint vague = -1;
    const char *vague_how = NULL;

    for (i = 0; i < r->p->rx_yes->len; i++) {
        pphrase *ph = r->p->rx_yes->pdata[i];
        GMatchInfo *mi = NULL;
        g_regex_match(ph->re, r->d.flat, 0, &mi);
        while (g_match_info_matches(mi)) {
            gint a, b, ma, mb;
            int g;
            g_match_info_fetch_pos(mi, 0, &ma, &mb);
            for (g = 1; g < ph->nslots; g++) {
                char *dest;
                GArray *offs;
                GPtrArray *cs;
                guint k;
                if (ph->slots[g] == NULL || !g_match_info_fetch_pos(mi, g, &a, &b) ||
                    a < 0)
                    continue;
                dest = g_strndup(r->d.flat + a, (gsize)(b - a));
                offs = g_array_new(FALSE, FALSE, sizeof(size_t));
                cs = pcountry_all(r->p, dest, offs);
                if (cs->len == 0 && vague < 0) {
                    vague = ma;
                    vague_how = ph->source;
                }
                if (cs->len > 0 && run_get(r, "re-export/@permitted") == NULL) {
                    run_set(r, "re-export/@permitted", "yes", NULL, 0, "phrase",
                            NULL, ph->source);
                    set_sentence(r, "re-export/clause", (size_t)ma, "phrase",
                                 ph->source);
                    for (k = 0; k < cs->len; k++) {
                        size_t x = g_array_index(offs, size_t, 2 * k);
                        size_t y = g_array_index(offs, size_t, 2 * k + 1);
                        pspan sp = {(size_t)a + x, (size_t)a + y};
                        char *path = run_resolve(r, "re-export/destination", NULL, 1);
                        char *t = g_strndup(dest + x, y - x);
                        pval *v = run_set(r, path, t, &sp, 1, "phrase", NULL,
                                          ph->source);
                        if (v)
                            pval_attr(v, "code",
                                      ((const pcountry *)cs->pdata[k])->code);
                        g_free(t);
                        g_free(path);
                    }
                }
                g_ptr_array_free(cs, TRUE);
                g_array_free(offs, TRUE);
                g_free(dest);
            }
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
    }
    if (vague >= 0 && run_get(r, "re-export/@permitted") == NULL && !any_rx_no(r)) {
        run_set(r, "re-export/@permitted", "yes", NULL, 0, "phrase", NULL,
                vague_how);
        set_sentence(r, "re-export/clause", (size_t)vague, "phrase", vague_how);
    }
    for (i = 0; i < r->p->rx_no->len; i++) {
        pphrase *ph = r->p->rx_no->pdata[i];
        GMatchInfo *mi = NULL;
        g_regex_match(ph->re, r->d.flat, 0, &mi);
        while (g_match_info_matches(mi)) {
            gint a, b;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            if (run_get(r, "re-export/@permitted") == NULL) {
                run_set(r, "re-export/@permitted", "no", NULL, 0, "phrase",
                        NULL, ph->source);
                set_sentence(r, "re-export/clause", (size_t)a, "phrase",
                             ph->source);
            }
            add_assurance(r, "no-re-export", (size_t)a, ph->source);
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
    }
}

static void assurances(run *r)
{
    guint i;

    for (i = 0; i < r->p->assur->len; i++) {
        pphrase *ph = r->p->assur->pdata[i];
        GMatchInfo *mi = NULL;
        g_regex_match(ph->re, r->d.flat, 0, &mi);
        while (g_match_info_matches(mi)) {
            gint a, b;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            add_assurance(r, ph->tag, (size_t)a, ph->source);
            g_match_info_next(mi, NULL);
        }
        g_match_info_free(mi);
    }
}

static void signature_text(run *r)
{
    guint i;

    if (run_get(r, "signatory/signature"))
        return;
    for (i = 0; i < r->p->sigtext->len; i++) {
        pphrase *ph = r->p->sigtext->pdata[i];
        GMatchInfo *mi = NULL;
        if (g_regex_match(ph->re, r->d.flat, 0, &mi)) {
            gint a, b;
            pspan sp;
            pval *v;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            sp.off = (size_t)a;
            sp.end = (size_t)b;
            v = run_set(r, "signatory/signature", "", &sp, 1, "phrase", NULL,
                        ph->source);
            if (v) {
                pval_attr(v, "present", "true");
                pval_attr(v, "evidence", "text");
            }
            g_match_info_free(mi);
            return;
        }
        g_match_info_free(mi);
    }
}

void pprose_read(run *r)
{
    guint i;

    doctype(r);
    letter(r);
    letter_date(r);
    none_declared(r);
    /* Assurances are listed in the order the document gives them. */
    pending = g_array_new(FALSE, FALSE, sizeof(found));
    reexport(r);
    assurances(r);
    g_array_sort(pending, found_cmp);
    for (i = 0; i < pending->len; i++) {
        found *f = &g_array_index(pending, found, i);
        set_assurance(r, f->kind, f->off, f->how);
    }
    g_array_free(pending, TRUE);
    pending = NULL;
    signature_text(r);
}
