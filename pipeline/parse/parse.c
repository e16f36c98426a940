/* euc_parse: the parse stage's entry point.  The layers run in order:
 * layout (lines, cells, markers), blocks (entries, tables, free text), the
 * field readers over the entries, the prose reader over the free text, the
 * signature reader; then what follows from what was found (countries from
 * addresses, the document type, defaults), and the XML. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "euc/data.h"
#include "parse-imp.h"

euc_parser *euc_parser_new(const char *data_dir, euc_error *err)
{
    euc_parser *p = g_new0(euc_parser, 1);

    if (pdata_load(p, data_dir ? data_dir : euc_data_dir(), err) < 0) {
        euc_parser_free(p);
        return NULL;
    }
    return p;
}

void euc_parser_free(euc_parser *p)
{
    if (p == NULL)
        return;
    pdata_free(p);
    g_free(p);
}

/* --- after the readers -------------------------------------------------- */

/* An address's country, from its last line, when no country was stated. */
static void derive_countries(run *r)
{
    guint i;

    for (i = 0; i < r->order->len; i++) {
        pval *v = r->order->pdata[i], *c;
        size_t len = strlen(v->path), a, b;
        const pcountry *pc;
        char *cpath;
        if (len < 8 || strcmp(v->path + len - 8, "/address") != 0)
            continue;
        cpath = g_strdup_printf("%.*s/country", (int)(len - 8), v->path);
        pc = pcountry_in_address(r->p, v->text, &a, &b);
        if (pc != NULL && !g_hash_table_contains(r->vals, cpath)) {
            char *t = g_strndup(v->text + a, b - a);
            c = run_set(r, cpath, t, NULL, 0, v->reader, v->label,
                        "the address's last line");
            if (c) {
                pval_attr(c, "code", pc->code);
                c->page = v->page;
                c->conf = v->conf;
            }
            /* An "address" that is only a country is no address. */
            if (a == 0 && b >= strlen(v->text) - 1 && !ptext_is_cjk(g_utf8_get_char(v->text))) {
                char *apath = g_strdup(v->path);
                g_free(t);
                g_free(cpath);
                run_unset(r, apath);
                g_free(apath);
                i--;
                continue;
            }
            /* The country on its own last segment is the country, not part
             * of the address ("..., Osaka 530-0005, Japan"). */
            if (a > 0 && b >= strlen(v->text) - 1) {
                size_t e = a;
                while (e > 0 && (v->text[e - 1] == ' ' || v->text[e - 1] == ','))
                    e--;
                if (e > 0 && (v->text[e] == ',' || v->text[e] == ' ') &&
                    strchr(v->text + e, ',') != NULL)
                    v->text[e] = '\0';
            }
            g_free(t);
        }
        g_free(cpath);
    }
}

static void defaults(run *r)
{
    pval *v;

    if (run_get(r, P_RE_EXPORT_PERMITTED) == NULL)
        run_set(r, P_RE_EXPORT_PERMITTED, "unstated", NULL, 0, "default",
                NULL, "no re-export undertaking or declaration found");
    v = run_get(r, P_SIGNATORY_SIGNATURE);
    if (v == NULL) {
        v = run_set(r, P_SIGNATORY_SIGNATURE, "", NULL, 0, "default", NULL,
                    "no ink where a signature goes, no /s/ in the text");
        pval_attr(v, "present", "false");
    }
    v = run_get(r, P_SIGNATORY_SEAL);
    if (v == NULL) {
        v = run_set(r, P_SIGNATORY_SEAL, "", NULL, 0, "default", NULL,
                    "no stamp found");
        pval_attr(v, "present", "false");
    }
    /* Parties listed: a closing "no other company will handle it" after
     * them closes the list, it does not empty it. */
    if (run_has_prefix(r, P_SUB_SUPPLIERS_PARTY)) {
        pval *dn = run_get(r, P_SUB_SUPPLIERS_DECLARED_NONE);
        if (dn != NULL && strcmp(dn->text, "false") != 0) {
            run_note(r, "%-28s parties are named: the statement '%s' closes "
                     "their list", P_SUB_SUPPLIERS_DECLARED_NONE,
                     dn->how ? dn->how : "");
            run_unset(r, P_SUB_SUPPLIERS_DECLARED_NONE);
        }
        run_set(r, P_SUB_SUPPLIERS_DECLARED_NONE, "false", NULL, 0, "default",
                NULL, "parties are listed");
    }
}

/* The document type: the first of schemas/fields.xml's <doctypes> found. */
/* Is text offset off inside a "Label:" cell? */
static int in_label(const run *r, size_t off)
{
    size_t c;

    for (c = 0; c < r->d.nc; c++)
        if (r->d.c[c].off <= off && off < r->d.c[c].end)
            return r->d.c[c].colon;
    return 0;
}

/* The document's type: the phrase that comes first in its text (its
 * title before a subtitle in the other language), the list's order for
 * phrases at the same place. */
static void doctype(run *r)
{
    guint i;
    int best = -1, ba = 0, bb = 0;

    for (i = 0; i < r->p->doctypes->len; i++) {
        const pdoctype *d = r->p->doctypes->pdata[i];
        GMatchInfo *mi = NULL;
        g_regex_match(d->re, r->d.flat, 0, &mi);
        for (; g_match_info_matches(mi); g_match_info_next(mi, NULL)) {
            int a, b;
            g_match_info_fetch_pos(mi, 0, &a, &b);
            /* a label's word ("証明書番号:") names no document */
            if (in_label(r, (size_t)a))
                continue;
            if (best < 0 || a < ba) {
                best = (int)i;
                ba = a;
                bb = b;
            }
            break;
        }
        g_match_info_free(mi);
    }
    if (best >= 0) {
        const pdoctype *d = r->p->doctypes->pdata[best];
        pspan sp;
        sp.off = (size_t)ba;
        sp.end = (size_t)bb;
        run_set(r, "document-type", d->value, &sp, 1, "document", NULL,
                "the document names itself");
    }
}

/* A line of free text that is only a date ("2026-01-26", "Hamamatsu,
 * 13 February 2026") dates the letter. */
static void letter_date(run *r)
{
    size_t li;

    if (run_get(r, "issue-date"))
        return;
    for (li = 0; li < r->d.nl; li++) {
        const pline *l = &r->d.l[li];
        char *t;
        char iso[11];
        size_t a, b;
        if (l->table >= 0 || l->nw == 0 || l->nw > 7 ||
            (l->flags & (PL_FURNITURE | PL_SCRAP)))
            continue;
        /* (a date line under a declaration's box dates it, too) */
        if (l->owner >= 0) {
            const pentry *e = &g_array_index(r->entries, pentry, l->owner);
            if (e->line == li || (e->field >= 0 && r->p->fields[e->field].type != FT_ASSURANCES))
                continue;
        }
        t = g_strndup(r->d.text->str + l->off, l->end - l->off);
        if (pdate_find(r->p, t, iso, &a, &b) == 0) {
            size_t rest = strlen(t) - (b - a);
            if (rest <= 24) {
                pspan sp = {l->off, l->end};
                /* just above the signatory's lines: the date of signing */
                int sig = 0;
                guint k;
                for (k = 0; k < r->entries->len; k++) {
                    const pentry *e = &g_array_index(r->entries, pentry, k);
                    int ent = e->sense.entity >= 0 ? e->sense.entity : e->ctx;
                    if (e->line > li && e->line <= li + 4 && ent == r->p->c_signatory)
                        sig = 1;
                }
                run_set_typed(r, sig && !run_get(r, P_SIGNATORY_DATE) ? P_SIGNATORY_DATE
                                                                       : "issue-date",
                              FT_DATE, t, &sp, 1, "document", NULL,
                              sig ? "a date line over the signatory's" : "a line that is a date");
                g_free(t);
                return;
            }
        }
        g_free(t);
    }
}

static char *file_sha256(const char *path, euc_error *err)
{
    gchar *data = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    char *hex;

    if (!g_file_get_contents(path, &data, &len, &gerr)) {
        euc_error_set(err, EUC_ERR_IO, "parse", path, "%s",
                      gerr ? gerr->message : "cannot read");
        g_clear_error(&gerr);
        return NULL;
    }
    hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data,
                                      len);
    g_free(data);
    return hex;
}

/* "ROTATION:SKEW:DPI" for each page, when any page was turned or read at
 * a resolution of its own (an OCR page), so a report can render the page
 * again as it was read (euc_extract_render); *out NULL when there is none. */
static int page_turns(const euc_doc *doc, char **out)
{
    GString *s = g_string_new(NULL);
    int any = 0;
    size_t i;

    for (i = 0; i < euc_doc_npages(doc); i++) {
        const euc_page *pg = euc_doc_page(doc, i);
        any |= euc_page_dpi(pg) > 0 || euc_page_rotation(pg) != 0;
        g_string_append_printf(s, "%s%d:%.2f:%d", i ? " " : "",
                               euc_page_rotation(pg), euc_page_skew(pg),
                               euc_page_dpi(pg));
    }
    *out = any ? g_string_free(s, FALSE) : NULL;
    if (!any)
        g_string_free(s, TRUE);
    return 0;
}

int euc_parse(euc_parser *p, euc_ctx *ctx, const euc_doc *doc,
              const char *name, const char *sha256, xmlDocPtr *out,
              char **explain, euc_error *err)
{
    run r;
    char *sum = NULL, *turns = NULL, buf[64];
    xmlDocPtr xd = NULL;
    xmlNodePtr root;
    int rc = -1;
    guint i;

    *out = NULL;
    if (explain)
        *explain = NULL;
    memset(&r, 0, sizeof r);
    r.p = p;
    r.doc = doc;
    r.ctx = ctx;
    r.sig_line = -1;
    r.vals = g_hash_table_new(g_str_hash, g_str_equal);
    r.blank = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r.order = g_ptr_array_new_with_free_func(pval_free);
    r.notes = g_string_new(NULL);
    r.sigareas = g_array_new(FALSE, TRUE, sizeof(psigarea));
    if (sha256 == NULL) {
        sum = file_sha256(euc_doc_path(doc), err);
        if (sum == NULL)
            goto cleanup;
        sha256 = sum;
    }
    playout_build(&r.d, doc, p);

    {
        char *shown = g_filename_display_name(name ? name : euc_doc_path(doc));
        run_set(&r, P_SOURCE_FILE, shown, NULL, 0, "source", NULL, NULL);
        g_free(shown);
    }
    run_set(&r, "source/@sha256", sha256, NULL, 0, "source", NULL, NULL);
    snprintf(buf, sizeof buf, "%zu", euc_doc_npages(doc));
    run_set(&r, P_SOURCE_PAGES, buf, NULL, 0, "source", NULL, NULL);
    run_set(&r, P_SOURCE_TEXT_METHOD, euc_doc_text_method(doc), NULL, 0,
            "source", NULL, NULL);
    snprintf(buf, sizeof buf, "%.0f", euc_doc_confidence(doc));
    run_set(&r, P_SOURCE_OCR_CONFIDENCE, buf, NULL, 0, "source", NULL, NULL);
    if (page_turns(doc, &turns) < 0) {
        euc_error_set(err, EUC_ERR_NOMEM, "parse", euc_doc_path(doc),
                      "out of memory");
        goto cleanup;
    }
    if (turns != NULL)
        run_set(&r, P_SOURCE_PAGE_TURNS, turns, NULL, 0, "source", NULL, NULL);

    pblocks_build(&r);
    pfields_read(&r);
    pprose_read_free(&r);
    psign_read(&r);
    letter_date(&r);
    doctype(&r);
    derive_countries(&r);
    defaults(&r);

    xd = xmlNewDoc((const xmlChar *)"1.0");
    root = xmlNewNode(NULL, (const xmlChar *)"certificate");
    xmlDocSetRootElement(xd, root);
    pstore_build(&r, root);
    if (explain) {
        /* GLib's memory is malloc's (euc/euc.h): no copy */
        *explain = pstore_explain(&r);
        if (*explain == NULL) {
            euc_error_set(err, EUC_ERR_NOMEM, "parse", euc_doc_path(doc),
                          "out of memory");
            goto cleanup;
        }
    }
    *out = xd;
    xd = NULL;
    rc = 0;
cleanup:
    if (xd)
        xmlFreeDoc(xd);
    g_free(sum);
    g_free(turns);
    if (r.entries) {
        for (i = 0; i < r.entries->len; i++) {
            pentry *e = &g_array_index(r.entries, pentry, i);
            g_array_free(e->label, TRUE);
            g_array_free(e->val, TRUE);
            g_free(e->label_text);
        }
        g_array_free(r.entries, TRUE);
    }
    if (r.tables) {
        for (i = 0; i < r.tables->len; i++) {
            ptable *t = &g_array_index(r.tables, ptable, i);
            g_free(t->cx);
            g_free(t->attr);
        }
        g_array_free(r.tables, TRUE);
    }
    if (r.writer) {
        pbuf_clear(r.writer);
        g_free(r.writer);
    }
    playout_free(&r.d);
    g_hash_table_destroy(r.vals);
    g_hash_table_destroy(r.blank);
    g_ptr_array_free(r.order, TRUE);
    g_string_free(r.notes, TRUE);
    g_array_free(r.sigareas, TRUE);
    return rc;
}
