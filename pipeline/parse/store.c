/* The value store every reader writes to, typed conversion of values
 * (dates, countries, quantities, money), the builder of the <certificate>
 * XML from the output template of schemas/fields.xml, and the explain
 * text.  Paths are concrete ("items/item[2]/quantity"); the first value
 * set at a path wins. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse-imp.h"

void run_evidence(const run *r, const pspan *sp, size_t n, int *page,
                  double *conf, euc_box *box)
{
    size_t i, cnt = 0, lo, hi;
    double sum = 0;

    *page = 0;
    *conf = 0;
    if (box != NULL)
        box->x0 = box->y0 = 1, box->x1 = box->y1 = 0;
    for (i = 0; i < n; i++) {
        /* Words are in text order: find the first by bisection. */
        lo = 0;
        hi = r->d.nw;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (r->d.w[mid].off + r->d.w[mid].len <= sp[i].off)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < r->d.nw && r->d.w[lo].off < sp[i].end; lo++) {
            const euc_box *b = &r->d.w[lo].box;
            if (cnt == 0)
                *page = r->d.w[lo].page + 1;
            sum += r->d.w[lo].conf;
            cnt++;
            /* the box is the words' on the first page (where it is shown) */
            if (box != NULL && r->d.w[lo].page + 1 == *page) {
                if (box->x1 < box->x0) {
                    *box = *b;
                } else {
                    box->x0 = b->x0 < box->x0 ? b->x0 : box->x0;
                    box->y0 = b->y0 < box->y0 ? b->y0 : box->y0;
                    box->x1 = b->x1 > box->x1 ? b->x1 : box->x1;
                    box->y1 = b->y1 > box->y1 ? b->y1 : box->y1;
                }
            }
        }
    }
    if (cnt)
        *conf = sum / (double)cnt;
}

void pval_free(gpointer data)
{
    pval *v = data;

    g_free(v->path);
    g_free(v->text);
    g_ptr_array_free(v->attrs, TRUE);
    g_free(v->reader);
    g_free(v->label);
    g_free(v->how);
    g_free(v);
}

pval *run_get(run *r, const char *path)
{
    return g_hash_table_lookup(r->vals, path);
}

void run_unset(run *r, const char *path)
{
    pval *v = g_hash_table_lookup(r->vals, path);

    if (v == NULL)
        return;
    g_hash_table_remove(r->vals, path);
    g_ptr_array_remove(r->order, v); /* frees v */
}

int run_has_prefix(run *r, const char *prefix)
{
    size_t n = strlen(prefix);
    guint i;

    for (i = 0; i < r->order->len; i++) {
        const char *v = ((pval *)r->order->pdata[i])->path;
        if (strncmp(v, prefix, n) == 0 &&
            (v[n] == '\0' || v[n] == '/' || v[n] == '['))
            return 1;
    }
    return 0;
}

int run_next_index(run *r, const char *prefix)
{
    size_t n = strlen(prefix);
    guint i;
    int max = 0;

    for (i = 0; i < r->order->len; i++) {
        const char *v = ((pval *)r->order->pdata[i])->path;
        if (strncmp(v, prefix, n) == 0 && v[n] == '[') {
            int k = (int)strtol(v + n + 1, NULL, 10);
            if (k > max)
                max = k;
        }
    }
    return max + 1;
}

void pval_attr(pval *v, const char *name, const char *value)
{
    guint i;

    for (i = 0; i + 1 < v->attrs->len; i += 2)
        if (strcmp(v->attrs->pdata[i], name) == 0) {
            g_free(v->attrs->pdata[i + 1]);
            v->attrs->pdata[i + 1] = g_strdup(value);
            return;
        }
    g_ptr_array_add(v->attrs, g_strdup(name));
    g_ptr_array_add(v->attrs, g_strdup(value));
}

pval *run_set(run *r, const char *path, const char *text, const pspan *sp,
              size_t nsp, const char *reader, const char *label,
              const char *how)
{
    pval *v;

    if (g_hash_table_contains(r->vals, path))
        return NULL;
    v = g_new0(pval, 1);
    v->path = g_strdup(path);
    v->text = g_strdup(text ? text : "");
    v->attrs = g_ptr_array_new_with_free_func(g_free);
    v->box.x0 = 1;
    v->box.x1 = 0;
    if (sp != NULL && nsp > 0)
        run_evidence(r, sp, nsp, &v->page, &v->conf, &v->box);
    v->reader = g_strdup(reader);
    v->label = g_strdup(label);
    v->how = g_strdup(how);
    g_ptr_array_add(r->order, v);
    g_hash_table_insert(r->vals, v->path, v);
    return v;
}

void run_note(run *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_string_append_vprintf(r->notes, fmt, ap);
    va_end(ap);
    g_string_append_c(r->notes, '\n');
}

pval *run_set_typed(run *r, const char *path, pftype type, const char *text0,
                    const pspan *sp, size_t nsp, const char *reader,
                    const char *label, const char *how)
{
    char *text = ptext_clean_value(text0 ? text0 : "");
    char *num = NULL;
    const char *code = NULL;
    pval *v = NULL;

    if (type == FT_LINE) {
        char *nl = strchr(text, '\n');
        if (nl)
            *nl = '\0';
        g_strstrip(text);
    } else {
        char *q;
        for (q = text; *q; q++)
            if (*q == '\n')
                *q = ' ';
    }
    if (*text == '\0' || ptext_is_placeholder(r->p, text)) {
        run_note(r, "%-28s %s: label '%s' found, value '%s' is empty or a placeholder",
                 path, reader, label ? label : "", text);
        if (label != NULL && *label)
            g_hash_table_add(r->blank, g_strdup(path));
        g_free(text);
        return NULL;
    }
    if (run_get(r, path) != NULL) {
        g_free(text);
        return NULL;
    }
    switch (type) {
    case FT_DATE: {
        char iso[11];
        size_t a, b;
        if (pdate_find(r->p, text, iso, &a, &b) < 0) {
            run_note(r, "%-28s %s: label '%s' found, but no date in '%s'",
                     path, reader, label ? label : "", text);
            break;
        }
        v = run_set(r, path, iso, sp, nsp, reader, label, how);
        if (v) {
            char *raw = g_strndup(text + a, b - a);
            pval_attr(v, "raw", g_strstrip(raw));
            g_free(raw);
        }
        break;
    }
    case FT_COUNTRY: {
        const pcountry *c = pcountry_exact(r->p, text);
        size_t a, b;
        if (c == NULL)
            c = pcountry_in_address(r->p, text, &a, &b);
        v = run_set(r, path, text, sp, nsp, reader, label, how);
        if (v && c)
            pval_attr(v, "code", c->code);
        break;
    }
    case FT_QUANTITY:
        if (pnum_quantity(r->p, text, &num, &code) < 0) {
            run_note(r, "%-28s %s: no number in '%s'", path, reader, text);
            break;
        }
        v = run_set(r, path, num, sp, nsp, reader, label, how);
        if (v && code)
            pval_attr(v, "unit", code);
        if (v)
            pval_attr(v, "raw", text);
        break;
    case FT_MONEY:
        /* "Amount ordered: 750 kg": an amount in a unit, no currency, is
         * the item's quantity */
        if (g_str_has_suffix(path, "/value") && pnum_currency_code(r->p, text) == NULL &&
            pnum_unit_code(r->p, text) != NULL) {
            char *qpath = g_strndup(path, strlen(path) - strlen("value"));
            char *full = g_strconcat(qpath, "quantity", NULL);
            v = run_set_typed(r, full, FT_QUANTITY, text, sp, nsp, reader, label, how);
            g_free(full);
            g_free(qpath);
            break;
        }
        if (pnum_money(r->p, text, &num, &code) < 0) {
            run_note(r, "%-28s %s: no amount in '%s'", path, reader, text);
            break;
        }
        v = run_set(r, path, num, sp, nsp, reader, label, how);
        if (v && code)
            pval_attr(v, "currency", code);
        if (v)
            pval_attr(v, "raw", text);
        break;
    default:
        v = run_set(r, path, text, sp, nsp, reader, label, how);
        break;
    }
    g_free(num);
    g_free(text);
    return v;
}

pval *run_set_buf(run *r, const char *path, pftype type, const pbuf *b,
                  size_t a, size_t e, const char *reader, const char *label,
                  const char *how)
{
    GArray *sp;
    char *t;
    pval *v;

    if (e > b->s->len)
        e = b->s->len;
    if (a >= e)
        return NULL;
    sp = pbuf_spans(b, a, e);
    t = g_strndup(b->s->str + a, e - a);
    v = run_set_typed(r, path, type, t, (pspan *)sp->data, sp->len, reader,
                      label, how);
    g_free(t);
    g_array_free(sp, TRUE);
    return v;
}

/* --- facts several readers state ------------------------------------ */

void run_add_assurance(run *r, const char *kind, const char *text,
                          const pspan *sp, size_t n, const char *reader)
{
    guint i;
    int k;
    char *path, *t;
    pval *v;

    /* a list's mark OCR left behind ("(c)- Apart from ...") is no part of
     * the sentence, nor a scrap of ruling after it ("... authorities. ;") */
    while (*text == ' ' || *text == '-' || *text == ':' || *text == ';' || *text == ',' ||
           *text == '|')
        text++;
    t = g_strdup(text);
    {
        size_t len = strlen(t);
        while (len >= 2 && t[len - 2] == ' ' && strchr(";|,-", t[len - 1]) != NULL)
            t[len -= 2] = '\0';
    }
    for (i = 0; i < r->order->len; i++) {
        pval *x = r->order->pdata[i];
        guint a;
        if (!g_str_has_prefix(x->path, "assurances/assurance[") ||
            strcmp(x->text, t) != 0)
            continue;
        for (a = 0; a + 1 < x->attrs->len; a += 2)
            if (strcmp(x->attrs->pdata[a], "kind") == 0 &&
                strcmp(x->attrs->pdata[a + 1], kind) == 0)
                goto cleanup;
    }
    k = run_next_index(r, P_ASSURANCES_ASSURANCE);
    path = g_strdup_printf("assurances/assurance[%d]", k);
    v = run_set(r, path, t, sp, n, reader, NULL, kind);
    if (v)
        pval_attr(v, "kind", kind);
    g_free(path);
cleanup:
    g_free(t);
}

void run_set_permitted(run *r, const char *v, const pspan *sp, size_t n,
                       const char *how)
{
    if (run_get(r, P_RE_EXPORT_PERMITTED) == NULL)
        run_set(r, P_RE_EXPORT_PERMITTED, v, sp, n, "field", NULL, how);
}

void run_add_destinations(run *r, const pbuf *b, size_t a, size_t e)
{
    char *t = g_strndup(b->s->str + a, e - a);
    GArray *offs = g_array_new(FALSE, FALSE, sizeof(size_t));
    GPtrArray *cs = pcountry_all(r->p, t, offs);
    guint i;

    for (i = 0; i < cs->len; i++) {
        const pcountry *c = cs->pdata[i];
        size_t ca = g_array_index(offs, size_t, 2 * i);
        size_t cb = g_array_index(offs, size_t, 2 * i + 1);
        int k = run_next_index(r, P_RE_EXPORT_DESTINATION);
        guint j;
        int dup = 0;
        char *path, *name;
        pval *v;
        GArray *sp;
        for (j = 1; j < (guint)k; j++) {
            char *pp = g_strdup_printf("re-export/destination[%u]", j);
            pval *x = run_get(r, pp);
            guint q;
            for (q = 0; x && q + 1 < x->attrs->len; q += 2)
                if (strcmp(x->attrs->pdata[q], "code") == 0 &&
                    strcmp(x->attrs->pdata[q + 1], c->code) == 0)
                    dup = 1;
            g_free(pp);
        }
        if (dup)
            continue;
        path = g_strdup_printf("re-export/destination[%d]", k);
        name = g_strndup(t + ca, cb - ca);
        sp = pbuf_spans(b, a + ca, a + cb);
        v = run_set(r, path, name, (pspan *)sp->data, sp->len, "field", NULL,
                    "a country named");
        if (v)
            pval_attr(v, "code", c->code);
        g_array_free(sp, TRUE);
        g_free(path);
        g_free(name);
    }
    g_ptr_array_free(cs, TRUE);
    g_array_free(offs, TRUE);
    g_free(t);
}

/* --- the XML ------------------------------------------------------------ */

static char *join_path(const char *prefix, const char *name)
{
    return *prefix ? g_strdup_printf("%s/%s", prefix, name) : g_strdup(name);
}

static void build(run *r, xmlNodePtr tpl, xmlNodePtr parent,
                  const char *prefix);

static void fill_one(run *r, xmlNodePtr tpl, xmlNodePtr parent,
                     const char *path)
{
    xmlNodePtr e = xmlNewChild(parent, NULL, tpl->name, NULL);
    pval *v = run_get(r, path);
    size_t plen = strlen(path);
    guint i;

    for (i = 0; i < r->order->len; i++) {
        pval *a = r->order->pdata[i];
        if (strncmp(a->path, path, plen) == 0 && a->path[plen] == '/' &&
            a->path[plen + 1] == '@')
            xmlSetProp(e, (const xmlChar *)(a->path + plen + 2),
                       (const xmlChar *)a->text);
    }
    if (v != NULL) {
        char buf[32];
        if (*v->text)
            xmlNodeAddContent(e, (const xmlChar *)v->text);
        for (i = 0; i + 1 < v->attrs->len; i += 2)
            xmlSetProp(e, (const xmlChar *)v->attrs->pdata[i],
                       (const xmlChar *)v->attrs->pdata[i + 1]);
        if (v->page > 0) {
            snprintf(buf, sizeof buf, "%d", v->page);
            xmlSetProp(e, (const xmlChar *)"page", (const xmlChar *)buf);
            snprintf(buf, sizeof buf, "%.0f", v->conf);
            xmlSetProp(e, (const xmlChar *)"confidence", (const xmlChar *)buf);
        }
        if (v->page > 0 && v->box.x1 >= v->box.x0) {
            char bb[96];
            snprintf(bb, sizeof bb, "%.1f %.1f %.1f %.1f", v->box.x0, v->box.y0,
                     v->box.x1, v->box.y1);
            xmlSetProp(e, (const xmlChar *)"bbox", (const xmlChar *)bb);
        }
    }
    build(r, tpl, e, path);
    if (e->children == NULL && e->properties == NULL) {
        xmlUnlinkNode(e);
        xmlFreeNode(e);
    }
}

static void build(run *r, xmlNodePtr tpl, xmlNodePtr parent,
                  const char *prefix)
{
    xmlNodePtr c;

    for (c = tpl->children; c != NULL; c = c->next) {
        xmlChar *rep;
        char *path;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        path = join_path(prefix, (const char *)c->name);
        rep = xmlGetProp(c, (const xmlChar *)"repeat");
        if (rep != NULL) {
            int k, max = run_next_index(r, path) - 1;
            for (k = 1; k <= max; k++) {
                char *ip = g_strdup_printf("%s[%d]", path, k);
                /* an item or party with nothing under it is skipped */
                if (run_has_prefix(r, ip))
                    fill_one(r, c, parent, ip);
                g_free(ip);
            }
            xmlFree(rep);
        } else {
            fill_one(r, c, parent, path);
        }
        g_free(path);
    }
}

void pstore_build(run *r, xmlNodePtr root)
{
    build(r, r->p->output_tpl, root, "");
}

/* --- explain ------------------------------------------------------------ */

char *pstore_explain(run *r)
{
    GString *s = g_string_new(NULL);
    guint i;
    size_t f;

    g_string_append_printf(s, "# %s: %zu pages, %s\n",
                           euc_doc_path(r->doc), euc_doc_npages(r->doc),
                           euc_doc_text_method(r->doc));
    pblocks_explain(r, s);
    g_string_append(s, "# found (path, value, page/confidence, reader, evidence)\n");
    for (i = 0; i < r->order->len; i++) {
        pval *v = r->order->pdata[i];
        guint k;
        if (g_str_has_prefix(v->path, "source/"))
            continue;
        g_string_append_printf(s, "%-34s \"%s\"", v->path, v->text);
        for (k = 0; k + 1 < v->attrs->len; k += 2)
            g_string_append_printf(s, " %s=\"%s\"", (char *)v->attrs->pdata[k],
                                   (char *)v->attrs->pdata[k + 1]);
        if (v->page > 0)
            g_string_append_printf(s, "  [page %d, confidence %.0f]", v->page,
                                   v->conf);
        g_string_append_printf(s, "  reader=%s", v->reader ? v->reader : "-");
        if (v->label)
            g_string_append_printf(s, " label=\"%s\"", v->label);
        if (v->how)
            g_string_append_printf(s, " (%s)", v->how);
        g_string_append_c(s, '\n');
    }
    if (r->notes->len) {
        g_string_append(s, "# seen but not taken\n");
        g_string_append(s, r->notes->str);
    }
    /* What was looked for in vain: the concepts whose fields stayed
     * empty, with the words a label for them would have. */
    g_string_append(s, "# not found (the words a label would have)\n");
    for (f = 0; f < r->p->nfields; f++) {
        const pfield *pf = &r->p->fields[f];
        const pconcept *c;
        size_t t, shown = 0;
        char *path;
        if (pf->path[0] == '\0' || pf->path[0] == '*' || pf->type == FT_IGNORE ||
            pf->type == FT_UNIT || pf->type == FT_CURRENCY)
            continue;
        {
            size_t g;
            int seen = 0;
            for (g = 0; g < f && !seen; g++)
                seen = strcmp(r->p->fields[g].path, pf->path) == 0;
            if (seen)
                continue;
        }
        path = g_strdup(pf->path);
        if (run_has_prefix(r, path) ||
            (g_str_has_prefix(path, "items/item/") && run_has_prefix(r, "items"))) {
            g_free(path);
            continue;
        }
        /* a blank label was met: told under "seen but not taken" */
        if (g_hash_table_contains(r->blank, path)) {
            g_free(path);
            continue;
        }
        /* "end-use/location  a label with end-use words ("end use", ...)
         * and location words ("location", "place", ...)" */
        c = &r->p->concepts[pf->entity >= 0 ? pf->entity : pf->attr];
        g_string_append_printf(s, "%-34s a label with %s words (", pf->path,
                               c->terms.name);
        for (t = 0; t < c->terms.n && shown < 6; t++, shown++)
            g_string_append_printf(s, "%s\"%s\"", shown ? ", " : "",
                                   c->terms.t[t].text);
        g_string_append(s, t < c->terms.n ? ", ...)" : ")");
        if (pf->attr >= 0 && pf->entity >= 0) {
            const pconcept *a = &r->p->concepts[pf->attr];
            g_string_append_printf(s, " and %s words (", a->terms.name);
            for (t = 0; t < a->terms.n && t < 6; t++)
                g_string_append_printf(s, "%s\"%s\"", t ? ", " : "",
                                       a->terms.t[t].text);
            g_string_append(s, t < a->terms.n ? ", ...)" : ")");
        }
        g_string_append_c(s, '\n');
        g_free(path);
    }
    return g_string_free(s, FALSE);
}
