/* Reading a <check> document for the writers.  See report-imp.h. */
#define _GNU_SOURCE
#include "report-imp.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#define STAGE "report"

char *rep_xp_str(xmlXPathContextPtr xc, const char *expr)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, xc);
    xmlChar *s = r ? xmlXPathCastToString(r) : NULL;
    char *out = strdup(s ? (char *)s : "");

    xmlFree(s);
    xmlXPathFreeObject(r);
    return out;
}

static int xp_int(xmlXPathContextPtr xc, const char *expr)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, xc);
    int n = r ? (int)xmlXPathCastToNumber(r) : 0;

    xmlXPathFreeObject(r);
    return n;
}

/* Non-zero when word is one of the space-separated words of list. */
int rep_has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    const char *p;

    for (p = list ? strstr(list, word) : NULL; p != NULL; p = strstr(p, word)) {
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

/* The values of expr, space-separated, each once. */
static char *xp_words(xmlXPathContextPtr xc, const char *expr)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, xc);
    char *buf = strdup("");
    int i;

    for (i = 0; buf && r && r->nodesetval && i < r->nodesetval->nodeNr; i++) {
        xmlChar *s = xmlXPathCastNodeToString(r->nodesetval->nodeTab[i]);
        char *next = NULL;
        if (s && *s && !rep_has_word(buf, (char *)s) &&
            asprintf(&next, "%s%s%s", buf, buf[0] ? " " : "", (char *)s) >= 0) {
            free(buf);
            buf = next;
        }
        xmlFree(s);
    }
    xmlXPathFreeObject(r);
    return buf ? buf : strdup("");
}

static char *prop(xmlNodePtr n, const char *name)
{
    xmlChar *a = xmlGetProp(n, BAD_CAST name);
    char *s = strdup(a ? (char *)a : "");

    xmlFree(a);
    return s;
}

/* A finding's message is its own text; its remedy the <remedy> child. */
static void finding_load(rep_finding *f, xmlNodePtr n)
{
    xmlNodePtr c;
    size_t ml = 0;
    FILE *mf = open_memstream(&f->message, &ml);

    f->code = prop(n, "code");
    f->severity = prop(n, "severity");
    f->field = prop(n, "field");
    f->bbox = prop(n, "bbox");
    f->section = prop(n, "section");
    f->quote = prop(n, "quote");
    {
        char *page = prop(n, "page");
        f->page = (int)strtol(page, NULL, 10);
        free(page);
    }
    f->remedy = NULL;
    for (c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (mf != NULL)
                fputs((char *)c->content, mf);
        } else if (c->type == XML_ELEMENT_NODE &&
                   xmlStrcmp(c->name, BAD_CAST "remedy") == 0) {
            xmlChar *t = xmlNodeGetContent(c);
            free(f->remedy);
            f->remedy = strdup(t ? (char *)t : "");
            xmlFree(t);
        }
    }
    if (mf != NULL)
        fclose(mf);
    if (f->message == NULL)
        f->message = strdup("");
    if (f->remedy == NULL)
        f->remedy = strdup("");
}

/* A finding in words for a person: its field and, for a field not found,
 * the section it was looked for in; a quote is a glance at the page, not
 * the page, so long values are cut. */
static void finding_words(rep_finding *f, euc_validator *val)
{
    size_t n = strlen(f->quote);

    f->words = euc_validator_field_words(val, f->field);
    if (f->section[0] != '\0') {
        char *w = euc_validator_field_words(val, f->section);
        free(f->section);
        f->section = w;
    }
    if (n > 100) {
        size_t cut = 97;
        while (cut > 0 && ((unsigned char)f->quote[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(f->quote + cut, "...", 4);
    }
}

/* The summary lines are written against a <certificate> as the root, as
 * the validator sees it; a <check> holds it one level down. */
static int understood(rep_view *v, euc_validator *val, xmlNodePtr cert)
{
    xmlDocPtr d = xmlNewDoc(BAD_CAST "1.0");
    size_t i, n = euc_validator_nsummary(val);

    if (d == NULL)
        return -1;
    xmlDocSetRootElement(d, xmlDocCopyNode(cert, d, 1));
    v->lines = calloc(n ? n : 1, sizeof *v->lines);
    if (v->lines == NULL) {
        xmlFreeDoc(d);
        return -1;
    }
    for (i = 0; i < n; i++) {
        char *s = euc_validator_summary_value(val, d, i);
        v->lines[i].label = euc_validator_summary_label(val, i);
        v->lines[i].value = s ? s : strdup("");
    }
    v->nlines = n;
    xmlFreeDoc(d);
    return 0;
}

/* Points each finding at its line of d->thumbs ("INDEX BASE64"). */
static void thumbs_attach(rep_view *v, const char *t)
{
    while (t != NULL && *t != '\0') {
        char *end;
        long k = strtol(t, &end, 10);
        const char *eol = strchr(t, '\n');
        size_t len = eol ? (size_t)(eol - end) : strlen(end);

        if (end != t && *end == ' ' && k >= 1 && (size_t)k <= v->nf) {
            v->f[k - 1].thumb = end + 1;
            v->f[k - 1].thumb_len = len > 0 ? len - 1 : 0;
        }
        t = eol ? eol + 1 : NULL;
    }
}

int rep_view_load(rep_view *v, const euc_report_doc *d, euc_validator *val)
{
    xmlDocPtr empty = NULL;
    xmlDocPtr doc = d->check;
    xmlXPathContextPtr xc = NULL;
    xmlXPathObjectPtr fs = NULL;
    xmlNodePtr root;
    int i, rc = -1;

    memset(v, 0, sizeof *v);
    v->doc = d;
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        /* an empty view, all fields "" */
        doc = empty = xmlNewDoc(BAD_CAST "1.0");
        if (doc == NULL)
            return -1;
        xmlDocSetRootElement(doc, xmlNewNode(NULL, BAD_CAST "check"));
    }
    root = xmlDocGetRootElement(doc);
    xc = xmlXPathNewContext(doc);
    if (xc == NULL)
        goto cleanup;
    v->status = d->status;
    v->codes = xp_words(xc, "/check/findings/finding[@severity='blocking']/@code");
    v->blocking = xp_int(xc, "count(/check/findings/finding[@severity='blocking'])");
    v->warnings = xp_int(xc, "count(/check/findings/finding[@severity='warning'])");
    v->warning_codes = xp_words(xc, "/check/findings/finding[@severity='warning']/@code");
    v->end_use = rep_xp_str(xc, "normalize-space(/check/certificate/end-use/description)");
    v->error = rep_xp_str(xc, "/check/error");
    if (v->error[0] == '\0' && d->reason != NULL) {
        free(v->error);
        v->error = strdup(d->reason);
    }
    v->end_user = rep_xp_str(xc, "/check/certificate/end-user/name");
    v->country = rep_xp_str(xc, "/check/certificate/end-user/country/@code");
    if (v->country[0] == '\0') {
        free(v->country);
        v->country = rep_xp_str(xc, "/check/certificate/end-user/country");
    }
    v->pages = rep_xp_str(xc, "/check/certificate/source/@pages");
    v->method = rep_xp_str(xc, "/check/certificate/source/@text-method");
    v->conf = rep_xp_str(xc, "/check/certificate/source/@ocr-confidence");
    fs = xmlXPathEvalExpression(BAD_CAST "/check/findings/finding", xc);
    if (fs && fs->nodesetval && fs->nodesetval->nodeNr > 0) {
        v->f = calloc((size_t)fs->nodesetval->nodeNr, sizeof *v->f);
        if (v->f == NULL)
            goto cleanup;
        v->nf = (size_t)fs->nodesetval->nodeNr;
        for (i = 0; i < fs->nodesetval->nodeNr; i++)
        {
            finding_load(&v->f[i], fs->nodesetval->nodeTab[i]);
            finding_words(&v->f[i], val);
        }
        thumbs_attach(v, d->thumbs);
    }
    if (val != NULL) {
        xmlNodePtr c;
        for (c = root->children; c != NULL; c = c->next)
            if (c->type == XML_ELEMENT_NODE &&
                xmlStrcmp(c->name, BAD_CAST "certificate") == 0)
                break;
        if (c != NULL && understood(v, val, c) < 0)
            goto cleanup;
    }
    if (v->codes && v->warning_codes && v->end_use && v->error && v->end_user &&
        v->country && v->pages && v->method && v->conf)
        rc = 0;
cleanup:
    xmlXPathFreeObject(fs);
    xmlXPathFreeContext(xc);
    xmlFreeDoc(empty);
    if (rc < 0)
        rep_view_clear(v);
    return rc;
}

void rep_view_clear(rep_view *v)
{
    size_t i;

    for (i = 0; i < v->nf; i++) {
        free(v->f[i].code);
        free(v->f[i].severity);
        free(v->f[i].field);
        free(v->f[i].message);
        free(v->f[i].remedy);
        free(v->f[i].words);
        free(v->f[i].bbox);
        free(v->f[i].section);
        free(v->f[i].quote);
    }
    for (i = 0; i < v->nlines; i++)
        free(v->lines[i].value);
    free(v->lines);
    free(v->f);
    free(v->codes);
    free(v->warning_codes);
    free(v->end_use);
    free(v->error);
    free(v->end_user);
    free(v->country);
    free(v->pages);
    free(v->method);
    free(v->conf);
    memset(v, 0, sizeof *v);
}

rep_view *rep_views_new(const euc_report *r)
{
    rep_view *v = calloc(r->n ? r->n : 1, sizeof *v);
    size_t i;

    if (v == NULL)
        return NULL;
    for (i = 0; i < r->n; i++) {
        if (rep_view_load(&v[i], &r->docs[i], r->validator) < 0) {
            rep_views_free(v, i);
            return NULL;
        }
    }
    return v;
}

void rep_views_free(rep_view *v, size_t n)
{
    size_t i;

    for (i = 0; v != NULL && i < n; i++)
        rep_view_clear(&v[i]);
    free(v);
}

int rep_status_rank(const char *status)
{
    if (strcmp(status, "incomplete") == 0) return 0;
    if (strcmp(status, "error") == 0) return 1;
    if (strcmp(status, "complete") == 0) return 2;
    return 3;
}

int rep_by_input(const void *a, const void *b)
{
    const rep_view *x = a, *y = b;

    return strcmp(x->doc->input, y->doc->input);
}

int rep_by_triage(const void *a, const void *b)
{
    const rep_view *x = a, *y = b;
    int rx = rep_status_rank(x->status), ry = rep_status_rank(y->status);

    if (rx != ry)
        return rx - ry;
    if (x->blocking != y->blocking)
        return y->blocking - x->blocking;
    return strcmp(x->doc->input, y->doc->input);
}

int rep_put(FILE *out, const char *buf, size_t len, euc_error *err)
{
    if (buf == NULL || fwrite(buf, 1, len, out) != len)
        return euc_error_set(err, EUC_ERR_IO, STAGE, NULL,
                             "cannot write the report");
    return 0;
}
