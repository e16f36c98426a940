/* What a label means, from its words.  Every concept of
 * schemas/concepts.xml is matched over the label's tokens; the label's
 * head (the words before the first "of", "by", "for", "where" ... outside a
 * term) decides: "Name of End User" is a name (head) of the end user
 * (tail), "Disposition or use of items by the ultimate consignee" the end
 * use.  Chinese and Japanese put the head last and have no such words:
 * their matches all count.  A parenthesis restates or narrows a label
 * ("APPLICANT (EXPORTER)") at less weight; one that starts with "if" or
 * "other than" is a condition and counts not at all. */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "parse-imp.h"

static const char *const preps[] = {
    "of", "by", "for", "from", "where", "which", "that", "who", "whose",
    "to", "in", "at", "on", "with", "under", "if", "when", "than", NULL
};

static int is_prep(const char *s)
{
    size_t i;

    for (i = 0; preps[i]; i++)
        if (strcmp(preps[i], s) == 0)
            return 1;
    return 0;
}

static int is_stop(const char *s)
{
    static const char *const stop[] = {"the", "a", "an", "and", "or", "any",
                                       "all", "each", "its", "their", NULL};
    size_t i;

    if (is_prep(s))
        return 1;
    for (i = 0; stop[i]; i++)
        if (strcmp(stop[i], s) == 0)
            return 1;
    return 0;
}

/* Is the parenthesis that holds byte off of s a condition ("(if other
 * than the ultimate consignee)")? */
static int paren_is_condition(const char *s, size_t off)
{
    const char *open = NULL, *q;

    for (q = s + off; q > s; q--)
        if (q[-1] == '(' || q[-1] == '[') {
            open = q;
            break;
        }
    if (open == NULL)
        return 0;
    while (*open == ' ')
        open++;
    return g_ascii_strncasecmp(open, "if ", 3) == 0 ||
           g_ascii_strncasecmp(open, "other than", 10) == 0 ||
           g_ascii_strncasecmp(open, "unless", 6) == 0 ||
           g_ascii_strncasecmp(open, "when ", 5) == 0 ||
           g_ascii_strncasecmp(open, "where ", 6) == 0;
}

static int has_suffix(const euc_parser *p, const char *s, size_t n)
{
    return pparty_name_len(p, s, n) > 0;
}

void plabel_sense(const euc_parser *p, const char *s, size_t n, int ocr,
                  psense *out)
{
    GArray *toks = ptext_tokens(s, n);
    GArray *ms = g_array_new(FALSE, FALSE, sizeof(pmatch));
    double *head = g_new0(double, p->nconcepts + 1);
    double *tail = g_new0(double, p->nconcepts + 1);
    size_t head_end = (size_t)-1, i, words = 0, nums = 0, cjk_words = 0;
    guint k;
    int any_head_entity = 0, any_head_attr = 0, best = -1, strong = 0;
    double bestw = 0;
    const pterms *notlabel = pdata_cues(p, "not-label");

    memset(out, 0, sizeof *out);
    out->entity = -1;
    for (i = 0; i < p->nconcepts; i++)
        pterms_match(&p->concepts[i].terms, (int)i, toks, ocr, ms);
    pterms_resolve(ms);
    for (k = 0; k < ms->len; k++) {
        const pmatch *m = &g_array_index(ms, pmatch, k);
        if (p->concepts[m->list].whole && (m->t0 != 0 || m->t1 != toks->len)) {
            g_array_remove_index(ms, k);
            k--;
        }
    }
    out->question = memchr(s, '?', n) != NULL ||
                    g_strstr_len(s, (gssize)n, "？") != NULL;
    /* The head ends at the first preposition that is part of no term. */
    for (i = 0; i < toks->len && head_end == (size_t)-1; i++) {
        const ptok *t = &g_array_index(toks, ptok, i);
        int inside = 0;
        if (t->flags & (TK_CJK | TK_PAREN))
            continue;
        for (k = 0; k < ms->len && !inside; k++) {
            const pmatch *m = &g_array_index(ms, pmatch, k);
            inside = i >= m->t0 && i < m->t1;
        }
        /* a label's first word is its head even when it is "for" */
        if (!inside && i > 0 && is_prep(t->s))
            head_end = t->off;
    }
    for (i = 0; i < toks->len; i++) {
        const ptok *t = &g_array_index(toks, ptok, i);
        if (t->flags & TK_CJK) {
            cjk_words += 1 + (size_t)g_utf8_strlen(t->s, -1) / 3;
            continue;
        }
        if (t->flags & TK_NUM) {
            /* "Article 1", "Part 3" inside a bilingual heading number the
             * heading, they are no value */
            const char *pv = i > 0 ? g_array_index(toks, ptok, i - 1).s : "";
            if (strcmp(pv, "articl") != 0 && strcmp(pv, "article") != 0 &&
                strcmp(pv, "part") != 0 && strcmp(pv, "section") != 0 &&
                strcmp(pv, "chapter") != 0 && strcmp(pv, "box") != 0)
                nums++;
        } else if (!is_stop(t->s))
            words++;
    }
    /* a label in two languages is as long as its longer half */
    if (cjk_words > 0)
        words = words > cjk_words ? words + 1 : cjk_words + (words > 0);
    for (k = 0; k < ms->len; k++) {
        const pmatch *m = &g_array_index(ms, pmatch, k);
        const ptok *t = &g_array_index(toks, ptok, m->t0);
        double w = m->w;
        int in_head = out->question || (t->flags & TK_CJK) || m->b0 < head_end;
        if (t->flags & TK_PAREN) {
            if (paren_is_condition(s, m->b0))
                continue;
            w *= 0.6;
        }
        if (w >= 3)
            strong = 1;
        if (in_head) {
            head[m->list] += w;
            if (p->concepts[m->list].kind == PC_ENTITY)
                any_head_entity = 1;
            else
                any_head_attr = 1;
        } else {
            tail[m->list] += w;
        }
    }
    /* Entity: the head's, else one its attribute implies, else the tail's;
     * a weak entity (the goods) yields to any other. */
    {
        double *src = any_head_entity ? head : NULL;
        if (src == NULL) {
            for (i = 0; i < p->nconcepts && best < 0; i++)
                if (p->concepts[i].kind == PC_ATTR && head[i] > 0 &&
                    p->concepts[i].implies >= 0) {
                    best = p->concepts[i].implies;
                    bestw = head[i];
                }
            if (best < 0)
                src = tail;
        }
        if (src != NULL) {
            int any_strong = 0;
            double *sup = g_new0(double, p->nconcepts + 1);
            /* attributes count for the entity they imply: "Goods ordered
             * (description, HS code, quantity, value)" are the goods */
            for (i = 0; i < p->nconcepts; i++)
                if (p->concepts[i].kind == PC_ATTR && p->concepts[i].implies >= 0)
                    sup[p->concepts[i].implies] += head[i] + tail[i];
            for (i = 0; i < p->nconcepts; i++)
                if (p->concepts[i].kind == PC_ENTITY && !p->concepts[i].weak &&
                    src[i] > 0)
                    any_strong = 1;
            for (i = 0; i < p->nconcepts; i++) {
                double sc;
                if (p->concepts[i].kind != PC_ENTITY || src[i] <= 0)
                    continue;
                if (any_strong && p->concepts[i].weak && sup[i] == 0)
                    continue;
                sc = src[i] + sup[i];
                if (sc > bestw) {
                    bestw = sc;
                    best = (int)i;
                }
            }
            g_free(sup);
        }
    }
    out->entity = best;
    out->escore = bestw;
    /* Attributes: the head's, else the tail's; in the order written. */
    for (k = 0; k < ms->len && out->nattr < PSENSE_MAXA; k++) {
        const pmatch *m = &g_array_index(ms, pmatch, k);
        const ptok *t = &g_array_index(toks, ptok, m->t0);
        int in_head = out->question || (t->flags & TK_CJK) || m->b0 < head_end;
        int j, dup = 0;
        if (p->concepts[m->list].kind != PC_ATTR)
            continue;
        if ((t->flags & TK_PAREN) && paren_is_condition(s, m->b0))
            continue;
        if (any_head_attr ? !in_head : 0)
            continue;
        for (j = 0; j < out->nattr; j++)
            dup |= out->attr[j] == m->list;
        if (!dup) {
            out->attr[out->nattr++] = m->list;
            out->ascore += m->w;
        }
    }
    /* A questionnaire's question names its topic; its attributes are no
     * fields of their own ("Is the purchaser also the end user?"). */
    if (out->question)
        out->nattr = 0;
    /* The document's title names the document: "End-Use Statement",
     * "Statement by Ultimate Consignee and Purchaser". */
    if (out->nattr == 0 && !out->question) {
        guint d;
        if (head[p->c_certificate] >= 3 || tail[p->c_certificate] >= 3)
            out->doctitle = 1;
        for (d = 0; d < p->doctypes->len && !out->doctitle; d++) {
            const pdoctype *dt = p->doctypes->pdata[d];
            char *t = g_strndup(s, n);
            if (g_regex_match(dt->re, t, 0, NULL))
                out->doctitle = 1;
            g_free(t);
        }
    }

    /* How much the text looks like a label, and how much like a value. */
    {
        double l = 0, c = 0;
        const ptok *first = toks->len ? &g_array_index(toks, ptok, 0) : NULL;
        if (ms->len > 0)
            l += 2 + (strong ? 1 : 0);
        if (words <= 6)
            l += 1;
        else if (words > 15)
            l -= 4;
        else if (words > 10)
            l -= 2;
        if (nums > 0) {
            c += nums > 2 ? 3 : 1.5 * (double)nums;
        }
        if (has_suffix(p, s, n))
            c += 4;
        {
            /* "United Kingdom; role:": a country starts a value's line */
            size_t ck = 0;
            while (ck < n && s[ck] != ';' && s[ck] != ',' && s[ck] != ':')
                ck++;
            if (ck > 2 && ck < 40) {
                char *first_part = g_strndup(s, ck);
                if (pcountry_exact(p, g_strstrip(first_part)) != NULL)
                    c += 3;
                g_free(first_part);
            }
        }
        if (memchr(s, '@', n) || g_strstr_len(s, (gssize)n, "www.") ||
            g_strstr_len(s, (gssize)n, "http"))
            c += 4;
        {
            GArray *nm = g_array_new(FALSE, FALSE, sizeof(pmatch));
            guint j;
            pterms_match(notlabel, 0, toks, 0, nm);
            for (j = 0; j < nm->len; j++) {
                const pmatch *m = &g_array_index(nm, pmatch, j);
                if (m->t0 == 0 && first && m->b0 == first->off)
                    out->sentence = 1;
            }
            g_array_free(nm, TRUE);
            /* (capitals and a closing colon say label: "OTHER PARTIES THAT
             * WILL PROCESS ...", "Describe what the goods will be used
             * for:") */
            if (!out->question && words > 5 && !ptext_is_caps(s, n) &&
                !(n > 0 && (s[n - 1] == ':' || g_str_has_suffix(s, "：")))) {
                guint k2;
                nm = g_array_new(FALSE, FALSE, sizeof(pmatch));
                pterms_match(pdata_cues(p, "sentence-verbs"), 0, toks, 0, nm);
                /* a relative clause is a label's ("Other parties that will
                 * process the items"), a main verb a sentence's */
                for (k2 = 0; k2 < nm->len; k2++) {
                    const pmatch *m = &g_array_index(nm, pmatch, k2);
                    const char *pv = m->t0 > 0
                        ? g_array_index(toks, ptok, m->t0 - 1).s : "";
                    if (strcmp(pv, "that") != 0 && strcmp(pv, "which") != 0 &&
                        strcmp(pv, "who") != 0 && strcmp(pv, "where") != 0 &&
                        strcmp(pv, "whom") != 0)
                        out->sentence = 1;
                }
                g_array_free(nm, TRUE);
            }
            /* a declaration, or a Chinese or Japanese sentence (its full
             * stop), whatever its ending */
            if (!out->question) {
                guint k2;
                int head_noun = 0;
                nm = g_array_new(FALSE, FALSE, sizeof(pmatch));
                pterms_match(pdata_cues(p, "declaring-verbs"), 0, toks, 0, nm);
                /* "Undertaking", "Pledges": the noun is a heading's word */
                for (k2 = 0; k2 < nm->len; k2++) {
                    const pmatch *m = &g_array_index(nm, pmatch, k2);
                    const ptok *t = &g_array_index(toks, ptok, m->t0);
                    if (!(t->flags & TK_CJK) && t->flags & TK_CAP && toks->len <= 3)
                        head_noun = 1;
                    /* "保证" alone beside "Assurances /": a heading's word,
                     * not "我们保证..." */
                    if ((t->flags & TK_CJK) && m->t1 == m->t0 + 1 &&
                        m->b1 - m->b0 == t->end - t->off && toks->len <= 4)
                        head_noun = 1;
                }
                if (nm->len > 0 && !head_noun && words > 1)
                    out->sentence = 1;
                g_array_free(nm, TRUE);
                if (g_strstr_len(s, (gssize)n, "。") != NULL)
                    out->sentence = 1;
            }
            /* "Describe the end use ...": an instruction, a label */
            {
                GArray *pm = g_array_new(FALSE, FALSE, sizeof(pmatch));
                guint k3;
                pterms_match(pdata_cues(p, "prompt-verbs"), 0, toks, 0, pm);
                for (k3 = 0; k3 < pm->len; k3++)
                    if (g_array_index(pm, pmatch, k3).t0 == 0) {
                        out->sentence = 0;
                        l += 1;
                    }
                g_array_free(pm, TRUE);
            }
            if (out->sentence)
                l -= 3;
        }
        {
            char *tr = g_strndup(s, n);
            g_strstrip(tr);
            if (pcountry_exact(p, tr) != NULL)
                c += 3;
            if (*tr && tr[strlen(tr) - 1] == '.' && words > 4)
                l -= 1;
            g_free(tr);
        }
        out->labelness = l - c;
        out->content = c;
    }
    g_free(head);
    g_free(tail);
    g_array_free(ms, TRUE);
    ptext_tokens_free(toks);
}

static int is_party(const euc_parser *p, int e)
{
    return e == p->c_exporter || e == p->c_consignee || e == p->c_end_user ||
           e == p->c_sub_suppliers;
}

int plabel_field(const euc_parser *p, const psense *s, int ctx)
{
    int e = s->entity >= 0 ? s->entity : ctx, f = -1, i;

    if (s->question) {
        if (e == p->c_re_export || e == p->c_sub_suppliers ||
            e == p->c_military)
            return pdata_field(p, e, -1);
        return -1;
    }
    if (s->doctitle)
        return -1;
    /* a label whose words mean nothing ("Contents:") is no field of its
     * context's: it only ends the value before it */
    if (s->nattr == 0)
        return s->entity >= 0 ? pdata_field(p, s->entity, -1) : -1;
    /* "PROCESSING COMPANIES", "Names of other parties": the list itself */
    if (s->entity == p->c_sub_suppliers) {
        int only_names = 1;
        for (i = 0; i < s->nattr; i++)
            if (s->attr[i] != p->a_name && s->attr[i] != p->a_company)
                only_names = 0;
        if (only_names)
            return pdata_field(p, s->entity, -1);
    }
    if (s->nattr >= 2 && e >= 0) {
        /* "Name and address of end user", "Name and title of signer":
         * the entity reads them together; "Place and date" is a date. */
        int named = 0;
        for (i = 0; i < s->nattr; i++)
            if (s->attr[i] == p->a_name || s->attr[i] == p->a_address ||
                s->attr[i] == p->a_company || s->attr[i] == p->a_title ||
                s->attr[i] == p->a_description || s->attr[i] == p->a_quantity ||
                s->attr[i] == p->a_hs || s->attr[i] == p->a_value)
                named++;
        if (named >= 2 || (named == 1 && e == p->c_items)) {
            f = pdata_field(p, e, -1);
            if (f >= 0)
                return f;
        }
    }
    /* the entity's own field for one of the attributes ("Place and date"
     * of the signatory is its date), else an attribute's own */
    for (i = 0; i < s->nattr && f < 0 && e >= 0; i++)
        f = pdata_field(p, e, s->attr[i]);
    for (i = 0; i < s->nattr && f < 0; i++) {
        int g = pdata_field(p, -1, s->attr[i]);
        /* "*" fields are a party's: they need one in context */
        if (g >= 0 && p->fields[g].path[0] == '*' && !is_party(p, e))
            g = -1;
        f = g;
    }
    if (f < 0 && e >= 0 && s->entity >= 0)
        f = pdata_field(p, e, -1);
    return f;
}

char *plabel_describe(const euc_parser *p, const psense *s, const char *text)
{
    GString *g = g_string_new(NULL);
    int i;

    g_string_append_printf(g, "'%s':", text);
    if (s->entity >= 0)
        g_string_append_printf(g, " entity %s", p->concepts[s->entity].terms.name);
    for (i = 0; i < s->nattr; i++)
        g_string_append_printf(g, "%s%s", i ? "+" : " attribute ",
                               p->concepts[s->attr[i]].terms.name);
    if (s->question)
        g_string_append(g, " (a question)");
    if (s->doctitle)
        g_string_append(g, " (the document's title)");
    return g_string_free(g, FALSE);
}
