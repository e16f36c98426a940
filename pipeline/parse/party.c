/* A party in a text: its name (through its company suffix, or its first
 * line, or up to the first comma), its address (the rest, lines joined by
 * commas), its country (the address's last part, when it names one) and,
 * for other parties, its role ("– magnet assembly", "; role: coating",
 * ", responsible for milling", "(sintering)").  Also: is a text a person's
 * name, a job title, and where do the parties of a list start. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "parse-imp.h"

static int is_suffix(const euc_parser *p, const char *w, size_t n)
{
    char *low;
    char **s;
    int hit = 0;

    while (n > 0 && (w[n - 1] == ',' || w[n - 1] == ';' || w[n - 1] == ')' ||
                     w[n - 1] == ':'))
        n--;
    if (n == 0)
        return 0;
    low = g_utf8_strdown(w, (gssize)n);
    for (s = p->suffixes; s && *s && !hit; s++) {
        size_t sl = strlen(*s);
        if (sl == 0 || strcmp(low, *s) != 0)
            continue;
        /* a short one without dots is written as the data writes it, or
         * in capitals: "AS" (Norway) or "CO" but not "As" */
        if (sl <= 3 && !strchr(*s, '.') && (unsigned char)**s < 0x80 &&
            strncmp(p->suffixes_as_written[s - p->suffixes], w, n) != 0 &&
            !ptext_is_caps(w, n))
            continue;
        /* "SA", "AG", "Co", "Company": a capital first, as a suffix is
         * written ("any other company" names no company) */
        if (!strchr(*s, '.') && (unsigned char)**s < 0x80 &&
            !g_ascii_isupper(w[0]) && strcmp(*s, "plc") != 0)
            continue;
        hit = 1;
    }
    g_free(low);
    return hit;
}

static int connector(const char *w, size_t n)
{
    static const char *const c[] = {"of", "and", "for", "de", "der", "des", "du",
                                    "la", "le", "van", "von", "für", "y", "et",
                                    "e", "di", "del", "da", "zu", "z", NULL};
    size_t k;

    for (k = 0; c[k]; k++)
        if (strlen(c[k]) == n && strncmp(w, c[k], n) == 0)
            return 1;
    return 0;
}

/* Does the word at s+i follow "of", "the", "any", "other"...?  "Name of
 * Company", "any other Company" name no company. */
static int after_article(const char *s, size_t i)
{
    static const char *const w[] = {"of", "the", "a", "an", "any", "other", "each",
                                    "every", "this", "that", NULL};
    size_t e = i, a;
    size_t k;

    while (e > 0 && s[e - 1] == ' ')
        e--;
    a = e;
    while (a > 0 && s[a - 1] != ' ')
        a--;
    for (k = 0; w[k]; k++)
        if (e - a == strlen(w[k]) && g_ascii_strncasecmp(s + a, w[k], e - a) == 0)
            return 1;
    return 0;
}

size_t pparty_name_len(const euc_parser *p, const char *s, size_t n)
{
    size_t i = 0, end = 0, words = 0;
    char **sx;

    /* Chinese and Japanese: 株式会社 before or after the name. */
    for (sx = p->suffixes; sx && *sx; sx++) {
        const char *hit;
        if ((unsigned char)**sx < 0x80)
            continue;
        hit = g_strstr_len(s, (gssize)n, *sx);
        if (hit != NULL) {
            size_t e = (size_t)(hit - s) + strlen(*sx);
            if (hit == s) {
                /* "株式会社日立": the name runs on through the CJK run */
                while (e < n) {
                    gunichar c = g_utf8_get_char(s + e);
                    if (!ptext_is_cjk(c))
                        break;
                    e = (size_t)(g_utf8_next_char(s + e) - s);
                }
            }
            if (e > end && (hit != s || e > strlen(*sx)))
                end = e;
        }
    }
    if (end > 0) {
        /* "越南精密电机有限公司 Viet Precision Motors Co., Ltd.": the name in
         * both languages */
        size_t k = end, more;
        while (k < n && s[k] == ' ')
            k++;
        if (k < n && g_ascii_isupper(s[k]) &&
            (more = pparty_name_len(p, s + k, n - k)) > 0)
            end = k + more;
        return end;
    }
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n')
            j++;
        if (j > i) {
            words++;
            /* "We, Acme Ltd.": a word ending with a comma before any suffix
             * ends something else, not the start of this name */
            if (s[j - 1] == ',' && !is_suffix(p, s + i, j - i))
                return 0;
            /* a name's words are capitalised but for "of", "and", "de"...:
             * "This is to certify that Acme GmbH" is not a name */
            /* (OCR reads a capital I as l: "lwate Magnet K.K.") */
            if (g_ascii_islower(s[i]) && !is_suffix(p, s + i, j - i) &&
                !connector(s + i, j - i) &&
                !(s[i] == 'l' && j - i >= 4 && g_ascii_islower(s[i + 1]) &&
                  strchr("aeiou", s[i + 1]) == NULL))
                return 0;
            if (words > 1 && is_suffix(p, s + i, j - i) &&
                !after_article(s, i)) {
                size_t k = j;
                /* "Co., Ltd.", "Pte. Ltd.", "GmbH & Co. KG" */
                end = j;
                while (k < n) {
                    size_t a = k, b2;
                    while (a < n && s[a] == ' ')
                        a++;
                    b2 = a;
                    while (b2 < n && s[b2] != ' ' && s[b2] != '\n')
                        b2++;
                    if (b2 > a && (is_suffix(p, s + a, b2 - a) ||
                                   (b2 - a == 1 && s[a] == '&'))) {
                        if (!(b2 - a == 1 && s[a] == '&'))
                            end = b2;
                        k = b2;
                        continue;
                    }
                    /* "S.A. de C.V.", "Sp. z o.o.": a connector between
                     * two parts of the legal form */
                    if (b2 > a && connector(s + a, b2 - a)) {
                        size_t a2 = b2, b3;
                        while (a2 < n && s[a2] == ' ')
                            a2++;
                        b3 = a2;
                        while (b3 < n && s[b3] != ' ' && s[b3] != '\n')
                            b3++;
                        if (b3 > a2 && is_suffix(p, s + a2, b3 - a2)) {
                            end = b3;
                            k = b3;
                            continue;
                        }
                    }
                    break;
                }
                while (end > 0 && (s[end - 1] == ',' || s[end - 1] == ';' ||
                                   s[end - 1] == ':'))
                    end--;
                return end;
            }
        }
        if (j < n && s[j] == '\n' && words > 0)
            break; /* the name is on the first line */
        i = j + 1;
        if (words > 12)
            break;
    }
    return 0;
}

int pparty_is_company(const euc_parser *p, const char *s, size_t n)
{
    return pparty_name_len(p, s, n) > 0;
}

int pparty_is_title(const euc_parser *p, const char *s)
{
    return pterms_in(pdata_cues(p, "title-word"), s, NULL);
}

int pparty_is_person(const euc_parser *p, const char *s0)
{
    char *s = ptext_trim(s0, strlen(s0));
    gchar **w = g_strsplit(s, " ", -1);
    int n = 0, ok = 1, i, cjk = 0;
    const char *q;

    for (q = s; *q; q = g_utf8_next_char(q))
        if (ptext_is_cjk(g_utf8_get_char(q)))
            cjk++;
    if (cjk > 0) {
        /* 田中健二: two to five characters, no company word */
        long len = g_utf8_strlen(s, -1);
        ok = cjk == len && len >= 2 && len <= 6 &&
             !pparty_is_company(p, s, strlen(s)) && !pparty_is_title(p, s);
        g_strfreev(w);
        g_free(s);
        return ok;
    }
    for (i = 0; w[i] && ok; i++) {
        const char *x = w[i];
        if (*x == '\0')
            continue;
        n++;
        if (n == 1 && pterms_in(pdata_cues(p, "honorific"), x, NULL))
            continue;
        if (!g_ascii_isupper(x[0]))
            ok = 0;
        for (q = x; *q && ok; q++)
            if (!(g_ascii_isalpha(*q) || *q == '.' || *q == '-' || *q == '\'' ||
                  (unsigned char)*q >= 0x80))
                ok = 0;
    }
    ok = ok && n >= 2 && n <= 5 && !pparty_is_title(p, s) &&
         !pparty_is_company(p, s, strlen(s)) && pcountry_exact(p, s) == NULL;
    g_strfreev(w);
    g_free(s);
    return ok;
}

/* Where the role starts in s (after the name), and where its text starts;
 * 0 when there is no role. */
/* A "Label:" inside a party's lines whose words name what the party does
 * ("Role:", "Activity:", "加工内容：") starts its role: its offset, and
 * where its text starts in *text; 0 when there is none. */
static size_t role_label(const euc_parser *p, const char *s, size_t from,
                         size_t n, size_t *text)
{
    size_t i;

    for (i = from; i < n; i++) {
        size_t a, clen = 0;
        psense se;
        int k, hit = 0;
        if (s[i] == ':')
            clen = 1;
        else if (i + 3 <= n && memcmp(s + i, "：", 3) == 0)
            clen = 3;
        if (clen == 0)
            continue;
        for (a = i; a > from && s[a - 1] != '\n' && s[a - 1] != ';' && s[a - 1] != ',' &&
                    i - a < 40; a--)
            ;
        while (a < i && s[a] == ' ')
            a++;
        if (a == i)
            continue;
        plabel_sense(p, s + a, i - a, 1, &se);
        for (k = 0; k < se.nattr; k++)
            hit |= se.attr[k] == p->a_role || se.attr[k] == p->a_business;
        /* "Processing: coating of magnets" inside a party's lines */
        /* (not "Sendai Powder Processing K.K.: Japan": a company's name) */
        if (se.nattr == 0 && se.entity == p->c_sub_suppliers &&
            !pparty_is_company(p, s + a, i - a))
            hit = 1;
        if (hit && se.content == 0) {
            *text = i + clen;
            while (*text < n && s[*text] == ' ')
                (*text)++;
            return a;
        }
    }
    return 0;
}

static size_t find_role(const char *s, size_t from, size_t n, size_t *text)
{
    static const char *const marks[] = {
"; role:", ", role:", " role:", "; Role:", ", Role:", " Role:",
        "role /", "Role /", " Role ", " – ", " — ", " - ", ", responsible for ", ", which will ",
        ", which ", ", who will ", ", who ", "; responsible for ",
        " (role: ", ", for ", ", as ", NULL};
    size_t best = 0, i;

    for (i = 0; marks[i]; i++) {
        const char *h = g_strstr_len(s + from, (gssize)(n - from), marks[i]);
        size_t at;
        if (h == NULL)
            continue;
        at = (size_t)(h - s);
        if (best == 0 || at < best) {
            best = at;
            *text = at + strlen(marks[i]);
            /* "Role / 加工内容: X": the role after the label's colon */
            if (strstr(marks[i], "ole") != NULL) {
                const char *c = memchr(s + *text, ':', n - *text < 24 ? n - *text : 24);
                const char *fc = g_strstr_len(s + *text, (gssize)(n - *text < 24 ? n - *text : 24), "：");
                if (fc && (!c || fc < c))
                    *text = (size_t)(fc - s) + 3;
                else if (c)
                    *text = (size_t)(c - s) + 1;
            }
        }
    }
    return best;
}

static void set_part(run *r, const pbuf *b, const char *prefix, const char *name,
                     pftype type, size_t a, size_t e, const char *text,
                     const char *reader, const char *label, const char *how)
{
    char *path = g_strdup_printf("%s/%s", prefix, name);
    GArray *sp = pbuf_spans(b, a, e);

    run_set_typed(r, path, type, text, (pspan *)sp->data, sp->len, reader,
                  label, how);
    g_array_free(sp, TRUE);
    g_free(path);
}

/* The address text of s[a, e): lines joined by ", ", brackets dropped. */
static char *address_text(const char *s, size_t a, size_t e)
{
    GString *g = g_string_new(NULL);
    size_t i;

    for (i = a; i < e; i++) {
        if (s[i] == '\n') {
            while (g->len && g->str[g->len - 1] == ' ')
                g_string_truncate(g, g->len - 1);
            if (g->len && g->str[g->len - 1] != ',')
                g_string_append_c(g, ',');
            g_string_append_c(g, ' ');
            continue;
        }
        g_string_append_c(g, s[i]);
    }
    {
        char *t = ptext_trim(g->str, g->len);
        size_t n = strlen(t);
        g_string_free(g, TRUE);
        if (n >= 2 && t[0] == '(' && t[n - 1] == ')') {
            char *u = g_strndup(t + 1, n - 2);
            g_free(t);
            t = u;
        } else if (n >= 1 && t[0] == '(' && !strchr(t, ')')) {
            memmove(t, t + 1, n);
        } else if (n >= 1 && t[n - 1] == ')' && !strchr(t, '(')) {
            t[n - 1] = '\0';
        }
        g_strstrip(t);
        {
            /* "of Industriestrasse 14", "with its registered office at ..." */
            static const char *const lead[] = {
                "with its registered office at ", "with registered office at ",
                "having its office at ", "whose address is ", "located at ",
                "located in ", "based at ", "based in ", "situated at ", "of ",
                "at ", NULL};
            size_t k;
            for (k = 0; lead[k]; k++)
                if (g_ascii_strncasecmp(t, lead[k], strlen(lead[k])) == 0) {
                    memmove(t, t + strlen(lead[k]), strlen(t + strlen(lead[k])) + 1);
                    break;
                }
        }
        n = strlen(t);
        while (n > 0 && (t[n - 1] == ',' || t[n - 1] == ';' || t[n - 1] == '.'))
            t[--n] = '\0';
        return t;
    }
}

/* The address in b's bytes [rest, aend) and its country, under prefix. */
static void read_address(run *r, const char *prefix, const pbuf *b, size_t rest,
                         size_t aend, const char *reader, const char *label,
                         const char *how)
{
    const char *s = b->s->str;
    char *addr = address_text(s, rest, aend);
    size_t ca, cb;
    const pcountry *c = *addr ? pcountry_in_address(r->p, addr, &ca, &cb) : NULL;
    if (c != NULL) {
        char *cname = g_strndup(addr + ca, cb - ca);
        char *path = g_strdup_printf("%s/country", prefix);
        pval *v;
        GArray *sp = pbuf_spans(b, rest, aend);
        v = run_set(r, path, g_strstrip(cname), (pspan *)sp->data, sp->len,
                    reader, label, "the address's last part");
        if (v)
            pval_attr(v, "code", c->code);
        g_array_free(sp, TRUE);
        g_free(path);
        g_free(cname);
        /* The country is its own element, not part of the address:
         * "..., Osaka 530-0005, Japan"; an address of only a country is
         * no address. */
        if (ca == 0) {
            if (ptext_is_cjk(g_utf8_get_char(addr)) && cb < strlen(addr))
                memmove(addr, addr + cb, strlen(addr + cb) + 1);
            else
                addr[0] = '\0';
        } else {
            size_t e = ca;
            while (e > 0 && (addr[e - 1] == ' ' || addr[e - 1] == ','))
                e--;
            addr[e] = '\0';
        }
        g_strstrip(addr);
    }
    if (*addr) {
        char *path = g_strdup_printf("%s/address", prefix);
        GArray *sp = pbuf_spans(b, rest, aend);
        run_set_typed(r, path, FT_TEXT, addr, (pspan *)sp->data, sp->len,
                      reader, label, how);
        g_array_free(sp, TRUE);
        g_free(path);
    }
    g_free(addr);
    }

void pparty_address(run *r, const char *prefix, const pbuf *b, const char *reader,
                const char *label, const char *how)
{
    read_address(r, prefix, b, 0, b->s->len, reader, label, how);
}

int pparty_read(run *r, const char *prefix, const pbuf *b, int with_role,
                const char *reader, const char *label, const char *how)
{
    const char *s = b->s->str;
    size_t n = b->s->len, name_end, rest, role_at = 0, role_text = 0, aend;
    size_t i0 = 0;
    char *name;
    int named = 0;

    while (i0 < n && (s[i0] == ' ' || s[i0] == '\n'))
        i0++;
    if (i0 >= n)
        return 0;
    name_end = i0 + pparty_name_len(r->p, s + i0, n - i0);
    if (name_end == i0) {
        const char *nl = memchr(s + i0, '\n', n - i0);
        const char *cm = memchr(s + i0, ',', n - i0);
        const char *pa = memchr(s + i0, '(', n - i0);
        const char *sc = memchr(s + i0, ';', n - i0);
        const char *e = s + n;
        if (nl && nl < e) e = nl;
        if (cm && cm < e) e = cm;
        if (pa && pa < e && pa > s + i0) e = pa;
        if (sc && sc < e) e = sc;
        name_end = (size_t)(e - s);
    }
    {
        char *raw = g_strndup(s + i0, name_end - i0);
        name = ptext_clean_value(raw);
        g_free(raw);
    }
    if (*name && !ptext_is_placeholder(r->p, name)) {
        char *path = g_strdup_printf("%s/name", prefix);
        GArray *sp = pbuf_spans(b, i0, name_end);
        named = run_set_typed(r, path, FT_LINE, name, (pspan *)sp->data, sp->len,
                              reader, label, how) != NULL;
        g_array_free(sp, TRUE);
        g_free(path);
    }
    g_free(name);
    rest = name_end;
    aend = n;
    if (with_role) {
        role_at = role_label(r->p, s, rest, n, &role_text);
        if (role_at == 0)
            role_at = find_role(s, rest, n, &role_text);
        if (role_at > 0) {
            char *role = g_strndup(s + role_text, n - role_text);
            size_t rl;
            char *q;
            for (q = role; *q; q++)
                if (*q == '\n')
                    *q = ' ';
            g_strstrip(role);
            rl = strlen(role);
            while (rl > 0 && (role[rl - 1] == '.' || role[rl - 1] == ';' ||
                              role[rl - 1] == ')'))
                role[--rl] = '\0';
            if (rl > 2)
                set_part(r, b, prefix, "role", FT_LINE, role_text, n, role,
                         reader, label, how);
            g_free(role);
            aend = role_at;
        } else {
            /* a last parenthesis without digits is the role: "(coating)" */
            const char *op = NULL, *q;
            for (q = s + n; q > s + rest; q--)
                if (q[-1] == '(') {
                    op = q - 1;
                    break;
                }
            if (op != NULL) {
                char *in = g_strndup(op + 1, (size_t)(s + n - op - 1));
                char *cl = strchr(in, ')');
                int digits = 0;
                for (q = in; *q; q++)
                    digits |= g_ascii_isdigit(*q);
                if (cl)
                    *cl = '\0';
                for (q = in; *q; q++)
                    if (*q == '\n')
                        *(char *)q = ' ';
                g_strstrip(in);
                if (!digits && strlen(in) > 2 && pcountry_exact(r->p, in) == NULL) {
                    size_t a = (size_t)(op - s) + 1;
                    set_part(r, b, prefix, "role", FT_LINE, a, a + strlen(in),
                             in, reader, label, how);
                    aend = (size_t)(op - s);
                }
                g_free(in);
            }
        }
    }
    read_address(r, prefix, b, rest, aend, reader, label, how);
    return named;
}

/* --- lists of parties ------------------------------------------------ */

void pparty_list_free(GPtrArray *list)
{
    guint i;

    for (i = 0; list && i < list->len; i++) {
        pbuf *b = list->pdata[i];
        pbuf_clear(b);
        g_free(b);
    }
    if (list)
        g_ptr_array_free(list, TRUE);
}

/* A marker's closing character: '.', ')' or none (a bare "3"). */
static int mark_shape(const char *m, size_t n)
{
    while (n > 0 && (m[n - 1] == ' ' || m[n - 1] == '\t'))
        n--;
    if (n > 0 && (m[n - 1] == '.' || m[n - 1] == ')'))
        return m[n - 1];
    return 0;
}

GPtrArray *pparty_list(const run *r, const GArray *parts)
{
    const pdoc *d = &r->d;
    GPtrArray *out = g_ptr_array_new();
    pbuf *cur = NULL;
    guint i;
    size_t last_line = (size_t)-1;
    double last_x1 = 0;
    int marked = 0, companies = 0, first_mark = MK_NONE;

    /* Marked lines start a party; without marks, a line that starts with a
     * company's name does. */
    for (i = 0; i < parts->len; i++) {
        const pvpart *pp = &g_array_index(parts, pvpart, i);
        const pline *l = &d->l[pp->line];
        size_t ml;
        if ((pp->c0 == l->c0 && l->mark != MK_NONE) ||
            playout_marker(r->p, d->text->str + d->c[pp->c0].off,
                           d->c[pp->c0].end - d->c[pp->c0].off, &ml) != MK_NONE)
            marked++;
    }
    for (i = 0; i < parts->len; i++) {
        const pvpart *pp = &g_array_index(parts, pvpart, i);
        const pcell *c = &d->c[pp->c0];
        if (pparty_name_len(r->p, d->text->str + c->off, c->end - c->off) > 0)
            companies++;
    }
    for (i = 0; i < parts->len; i++) {
        const pvpart *pp = &g_array_index(parts, pvpart, i);
        const pline *l = &d->l[pp->line];
        size_t off = d->c[pp->c0].off, end = d->c[pp->c1 - 1].end;
        int starts = 0, mark = MK_NONE, shape;
        size_t off0 = off;
        if (pp->c0 == l->c0 && l->mark != MK_NONE) {
            mark = l->mark;
        } else {
            size_t ml;
            mark = playout_marker(r->p, d->text->str + off, end - off, &ml);
            if (mark != MK_NONE)
                off += ml;
        }
        if (pp->c0 == l->c0 && l->mark != MK_NONE)
            off = l->mark_end > off && l->mark_end <= end ? l->mark_end : off;
        /* the list's entries are marked alike: "2) Busan Co." / "15
         * Noksansandan-ro" is an entry and its street */
        shape = mark * 256 + mark_shape(d->text->str + off0, off - off0);
        if (marked > 0 && mark != MK_NONE && first_mark == MK_NONE)
            first_mark = shape;
        if (marked > 0)
            starts = mark != MK_NONE && shape == first_mark;
        if (marked > 0 && !starts)
            off = off0;
        else if (companies > 1)
            starts = pparty_name_len(r->p, d->text->str + off, end - off) > 0;
        if (cur == NULL && !starts && marked > 0) {
            /* an introduction before the list: "The following parties:" */
            last_line = pp->line;
            continue;
        }
        if (starts || cur == NULL) {
            cur = g_new0(pbuf, 1);
            pbuf_init(cur);
            g_ptr_array_add(out, cur);
        }
        {
            const pword *fw = &d->w[d->c[pp->c0].w0];
            int wrap = last_line != (size_t)-1 && !starts &&
                       playout_wraps(d, l->page, last_x1, (size_t)(fw - d->w));
            pbuf_add(cur, d->text->str, off, end,
                     pp->line == last_line || wrap ? " " : "\n");
        }
        last_line = pp->line;
        last_x1 = d->c[pp->c1 - 1].box.x1;
    }
    return out;
}
