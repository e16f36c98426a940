/* NAME.truth.xml: what the generator put into a certificate.
 *
 * <certificate> follows the parse output contract (issue 3) element for
 * element, so a test can compare field by field; a fact the certificate does
 * not state is an absent element. */
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "gen.h"

static const char *const shape_names[] = {"form", "table", "letter"};
static const char *const label_names[] = {"en", "en-zh", "en-ja"};

typedef struct tw {
    xmlTextWriterPtr w;
    int err;
} tw;

static const xmlChar *X(const char *s)
{
    return (const xmlChar *)s;
}

static void start(tw *t, const char *name)
{
    if (xmlTextWriterStartElement(t->w, X(name)) < 0)
        t->err = 1;
}

static void end(tw *t)
{
    if (xmlTextWriterEndElement(t->w) < 0)
        t->err = 1;
}

static void attr(tw *t, const char *name, const char *value)
{
    if (xmlTextWriterWriteAttribute(t->w, X(name), X(value)) < 0)
        t->err = 1;
}

static void text(tw *t, const char *s)
{
    if (xmlTextWriterWriteString(t->w, X(s)) < 0)
        t->err = 1;
}

static void leaf(tw *t, const char *name, const char *value)
{
    if (value == NULL)
        return;
    start(t, name);
    text(t, value);
    end(t);
}

static void leaf_attr(tw *t, const char *name, const char *an, const char *av,
                      const char *value)
{
    start(t, name);
    attr(t, an, av);
    if (value != NULL)
        text(t, value);
    end(t);
}

static char *iso(gen_date d)
{
    return g_strdup_printf("%04d-%02d-%02d", d.y, d.m, d.d);
}

static char *address(const gen_party *p)
{
    GString *g = g_string_new(NULL);
    for (int i = 0; i < p->naddr; i++) {
        if (i > 0)
            g_string_append(g, ", ");
        g_string_append(g, p->addr[i]);
    }
    return g_string_free(g, FALSE);
}

static void party(tw *t, const char *el, const gen_party *p, int full)
{
    start(t, el);
    leaf(t, "name", p->name);
    if (p->naddr > 0) {
        char *a = address(p);
        leaf(t, "address", a);
        g_free(a);
    }
    if (p->country != NULL)
        leaf_attr(t, "country", "code", p->ccode, p->country);
    if (full) {
        leaf(t, "contact", p->contact);
        leaf(t, "business", p->business);
    }
    if (p->role != NULL)
        leaf(t, "role", p->role);
    end(t);
}

static void certificate(tw *t, const gen_cert *c)
{
    char *s;

    start(t, "certificate");
    leaf(t, "document-type", c->doc_type);
    leaf(t, "certificate-number", c->cert_no);
    if (c->has_date) {
        s = iso(c->date);
        start(t, "issue-date");
        attr(t, "raw", c->date_raw);
        text(t, s);
        end(t);
        g_free(s);
    }
    leaf(t, "contract-number", c->contract_no);
    party(t, "exporter", &c->exporter, 0);
    if (c->has_consignee)
        party(t, "consignee", &c->consignee, 0);
    party(t, "end-user", &c->end_user, 1);
    start(t, "end-use");
    leaf(t, "description", c->end_use);
    leaf(t, "location", c->end_use_location);
    end(t);

    start(t, "items");
    for (int i = 0; i < c->nitems; i++) {
        const gen_item *it = &c->items[i];
        start(t, "item");
        leaf(t, "description", it->desc);
        leaf(t, "hs-code", it->hs);
        leaf(t, "control-number", it->ctrl);
        if (it->qty != NULL)
            leaf_attr(t, "quantity", "unit", it->unit, it->qty_norm);
        leaf_attr(t, "value", "currency", it->currency, it->value_norm);
        end(t);
    }
    end(t);

    if (c->sub_mode != SUB_UNSTATED) {
        start(t, "sub-suppliers");
        attr(t, "declared-none", c->sub_mode == SUB_NONE ? "true" : "false");
        for (int i = 0; c->sub_mode == SUB_LISTED && i < c->nsubs; i++)
            party(t, "party", &c->subs[i], 0);
        end(t);
    }

    start(t, "re-export");
    attr(t, "permitted", c->rx_mode == RX_NO ? "no" : c->rx_mode == RX_YES ? "yes" : "unstated");
    if (c->rx_mode != RX_UNSTATED)
        leaf(t, "clause", c->rx_clause);
    for (int i = 0; c->rx_mode == RX_YES && i < c->nrx_dest; i++)
        leaf_attr(t, "destination", "code", c->rx_dest_code[i], c->rx_dest[i]);
    end(t);

    start(t, "assurances");
    if (c->rx_mode == RX_NO)
        leaf_attr(t, "assurance", "kind", "no-re-export", c->rx_clause);
    for (int i = 0; i < c->nassur; i++)
        if (c->assur[i].kind != NULL)
            leaf_attr(t, "assurance", "kind", c->assur[i].kind, c->assur[i].text);
    end(t);

    start(t, "signatory");
    leaf(t, "name", c->sig_name);
    leaf(t, "title", c->sig_title);
    if (c->sig_has_date) {
        s = iso(c->date);
        start(t, "date");
        attr(t, "raw", c->date_raw);
        text(t, s);
        end(t);
        g_free(s);
    }
    leaf_attr(t, "signature", "present", c->signature ? "true" : "false", NULL);
    leaf_attr(t, "seal", "present", c->seal ? "true" : "false", NULL);
    end(t);
    end(t);
}

int gen_write_truth(const gen_cert *c, const gen_doc *d, const char *dir,
                    uint64_t seed, int rot90, char **msg)
{
    char *base = g_strconcat(c->name, ".truth.xml", NULL);
    char *path = g_build_filename(dir, base, NULL);
    char *s;
    tw t = {NULL, 0};
    GPtrArray *findings = g_ptr_array_new();
    int rc = -1;

    t.w = xmlNewTextWriterFilename(path, 0);
    if (t.w == NULL) {
        *msg = g_strdup_printf("%s: cannot write", path);
        goto cleanup;
    }
    xmlTextWriterSetIndent(t.w, 1);
    xmlTextWriterSetIndentString(t.w, X("  "));
    if (xmlTextWriterStartDocument(t.w, NULL, "UTF-8", NULL) < 0)
        t.err = 1;
    start(&t, "truth");
    s = g_strdup_printf("%" G_GUINT64_FORMAT, seed);
    attr(&t, "seed", s);
    g_free(s);
    attr(&t, "name", c->name);
    attr(&t, "shape", shape_names[c->shape]);
    attr(&t, "labels", label_names[c->labels]);
    s = iso(c->as_of);
    attr(&t, "as-of", s);
    g_free(s);

    start(&t, "files");
    for (int k = 0; k < KIND_N; k++) {
        if (!(c->kinds & (1u << k)))
            continue;
        if (k == KIND_EML) {
            /* the document is the attachment: container/member, as eucheck
             * names it */
            char *box = g_strconcat(c->name, gen_kind_suffix[k], NULL);
            s = g_strconcat(box, "/", c->name, ".pdf", NULL);
            start(&t, "file");
            attr(&t, "input", gen_kind_names[k]);
            attr(&t, "container", box);
            attr(&t, "member-input", "pdf");
            text(&t, s);
            end(&t);
            g_free(box);
        } else if (k == KIND_UTF16) {
            s = g_strconcat(c->name, gen_kind_suffix[k], NULL);
            start(&t, "file");
            attr(&t, "input", gen_kind_names[k]);
            attr(&t, "encoding", c->utf16_be ? "UTF-16BE" : "UTF-16LE");
            text(&t, s);
            end(&t);
        } else {
            s = g_strconcat(c->name, gen_kind_suffix[k], NULL);
            leaf_attr(&t, "file", "input", gen_kind_names[k], s);
        }
        g_free(s);
        if (k == KIND_PNG && rot90) {
            s = g_strconcat(c->name, ".rot90.scan.png", NULL);
            start(&t, "file");
            attr(&t, "input", "png");
            attr(&t, "rotation", "90");
            text(&t, s);
            end(&t);
            g_free(s);
        }
    }
    for (int k = 0; k < KIND_N; k++) {
        if (!(c->bundle_kinds & (1u << k)))
            continue;
        s = g_strconcat(GEN_BUNDLE_NAME "/" GEN_BUNDLE_DIR, c->name, gen_kind_suffix[k], NULL);
        start(&t, "file");
        attr(&t, "input", "zip");
        attr(&t, "container", GEN_BUNDLE_NAME);
        attr(&t, "member-input", gen_kind_names[k]);
        text(&t, s);
        end(&t);
        g_free(s);
    }
    end(&t);

    start(&t, "omissions");
    for (int i = 0; i < OMIT_N; i++)
        if (c->omit[i]) {
            start(&t, "omit");
            attr(&t, "what", gen_omit_names[i]);
            end(&t);
        }
    end(&t);

    start(&t, "pages");
    for (guint i = 0; i < d->pages->len; i++) {
        const gen_page *pg = g_ptr_array_index(d->pages, i);
        leaf(&t, "page", pg->text->str);
    }
    end(&t);
    /* the .txt lays the same lines out in columns, with "/s/ Name" for ink;
     * the .utf16.txt is the same text */
    if (c->kinds & ((1u << KIND_TXT) | (1u << KIND_UTF16) | (c->bundle_kinds & (1u << KIND_TXT)))) {
        start(&t, "txt-pages");
        for (guint i = 0; i < d->pages->len; i++) {
            s = gen_doc_plain_text(d, (int)i);
            leaf(&t, "page", s);
            g_free(s);
        }
        end(&t);
    }
    if (c->kinds & (1u << KIND_FORM_PDF)) {
        gen_form *f = gen_form_layout(c, d, 0);
        /* labels and field values, row by row; then every field */
        start(&t, "form-pdf-pages");
        for (guint i = 0; i < f->doc->pages->len; i++) {
            const gen_page *pg = g_ptr_array_index(f->doc->pages, i);
            leaf(&t, "page", pg->text->str);
        }
        end(&t);
        start(&t, "form-fields");
        for (guint i = 0; i < f->fields->len; i++) {
            const gen_form_field *ff = &g_array_index(f->fields, gen_form_field, i);
            char pg[16];
            g_snprintf(pg, sizeof pg, "%d", ff->page + 1);
            start(&t, "field");
            attr(&t, "name", ff->name);
            attr(&t, "type", ff->checkbox ? "checkbox" : "text");
            attr(&t, "page", pg);
            if (ff->checkbox)
                attr(&t, "state", ff->checked ? "Yes" : "Off");
            if (ff->multiline)
                attr(&t, "multiline", "true");
            if (!ff->checkbox && ff->value != NULL)
                text(&t, ff->value);
            end(&t);
        }
        end(&t);
        gen_form_free(f);
    }
    if (c->kinds & (1u << KIND_DOCX)) {
        /* a DOCX has no pages: its text is one page */
        s = gen_docx_text(c, d);
        start(&t, "docx-pages");
        leaf(&t, "page", s);
        end(&t);
        g_free(s);
    }

    certificate(&t, c);

    gen_expected_findings(c, findings);
    start(&t, "expected-findings");
    for (guint i = 0; i < findings->len; i++) {
        start(&t, "finding");
        attr(&t, "code", g_ptr_array_index(findings, i));
        end(&t);
    }
    end(&t);
    end(&t);
    if (xmlTextWriterEndDocument(t.w) < 0)
        t.err = 1;
    if (t.err) {
        *msg = g_strdup_printf("%s: writing the truth failed", path);
        goto cleanup;
    }
    rc = 0;

cleanup:
    if (t.w != NULL)
        xmlFreeTextWriter(t.w);
    g_ptr_array_free(findings, TRUE);
    g_free(base);
    g_free(path);
    return rc;
}
