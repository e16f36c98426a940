/* Batch records, summary.csv and report.html.  Both reports are made from
 * OUTDIR's records and NAME.xml files alone, which is what lets shards run
 * on other machines be merged. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "euc/text.h"
#include "batch-imp.h"

void batch_row_clear(batch_row *r)
{
    free(r->input);
    free(r->out);
    free(r->dir);
    free(r->status);
    free(r->reason);
    free(r->key);
    memset(r, 0, sizeof *r);
}

int batch_write_atomic(const char *path, const char *data, size_t len)
{
    char *tmp = NULL;
    FILE *f;
    int ok;

    /* The pid keeps two writers (a killed worker's leftovers, a new one)
     * from sharing a temporary. */
    if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
        return -1;
    f = fopen(tmp, "wb");
    if (f == NULL) {
        free(tmp);
        return -1;
    }
    ok = fwrite(data, 1, len, f) == len;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

/* Record values are one line each: tab, newline and backslash escaped. */
static void put_field(FILE *f, const char *name, const char *v)
{
    fprintf(f, "%s\t", name);
    for (; v && *v; v++) {
        if (*v == '\n')
            fputs("\\n", f);
        else if (*v == '\t')
            fputs("\\t", f);
        else if (*v == '\\')
            fputs("\\\\", f);
        else
            fputc(*v, f);
    }
    fputc('\n', f);
}

static char *unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1), *p = out;

    if (out == NULL)
        return NULL;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *p++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
        } else {
            *p++ = *s;
        }
    }
    *p = '\0';
    return out;
}

int batch_row_save(const char *path, const batch_row *r)
{
    char *buf = NULL, secs[32];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;

    if (f == NULL)
        return -1;
    snprintf(secs, sizeof secs, "%.3f", r->seconds);
    put_field(f, "input", r->input);
    put_field(f, "out", r->out);
    put_field(f, "status", r->status);
    put_field(f, "reason", r->reason);
    put_field(f, "seconds", secs);
    put_field(f, "key", r->key);
    fclose(f);
    rc = batch_write_atomic(path, buf, len);
    free(buf);
    return rc;
}

int batch_row_load(const char *path, const char *dir, batch_row *r)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    memset(r, 0, sizeof *r);
    if (f == NULL)
        return -1;
    while ((n = getline(&line, &cap, f)) > 0) {
        char *tab = strchr(line, '\t'), **dst = NULL;
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        if (tab == NULL)
            continue;
        *tab = '\0';
        if (strcmp(line, "input") == 0) dst = &r->input;
        else if (strcmp(line, "out") == 0) dst = &r->out;
        else if (strcmp(line, "status") == 0) dst = &r->status;
        else if (strcmp(line, "reason") == 0) dst = &r->reason;
        else if (strcmp(line, "key") == 0) dst = &r->key;
        else if (strcmp(line, "seconds") == 0) r->seconds = strtod(tab + 1, NULL);
        if (dst != NULL) {
            free(*dst);
            *dst = unescape(tab + 1);
        }
    }
    free(line);
    fclose(f);
    r->dir = strdup(dir);
    if (r->input == NULL || r->out == NULL || r->status == NULL || r->dir == NULL) {
        batch_row_clear(r);
        return -1;
    }
    if (r->reason == NULL)
        r->reason = strdup("");
    if (r->key == NULL)
        r->key = strdup("");
    return 0;
}

/* --- what each document's <check> says ---------------------------------- */

typedef struct finding_view {
    char *code, *severity, *field, *message, *remedy;
} finding_view;

typedef struct doc_view {
    const batch_row *row;
    int blocking;
    char *codes;       /* blocking codes, space-separated, each once */
    char *end_user, *country, *pages, *method, *conf;
    char *end_use, *items, *subs, *reexport;
    finding_view *f;
    size_t nf;
} doc_view;

static char *xp_str(xmlXPathContextPtr xc, const char *expr)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, xc);
    xmlChar *s = r ? xmlXPathCastToString(r) : NULL;
    char *out = strdup(s ? (char *)s : "");

    xmlFree(s);
    xmlXPathFreeObject(r);
    return out;
}

/* Non-zero when word is one of the space-separated words of list. */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    const char *p = list;

    while (p != NULL && (p = strstr(p, word)) != NULL) {
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

/* The string values of expr joined by sep; with sep " " (a list of codes)
 * each value is listed once. */
static char *xp_join(xmlXPathContextPtr xc, const char *expr, const char *sep)
{
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, xc);
    char *buf = strdup("");
    int i, once = strcmp(sep, " ") == 0;

    for (i = 0; buf && r && r->nodesetval && i < r->nodesetval->nodeNr; i++) {
        xmlChar *s = xmlXPathCastNodeToString(r->nodesetval->nodeTab[i]);
        char *next = NULL;
        if (s && *s && !(once && has_word(buf, (char *)s)) &&
            asprintf(&next, "%s%s%s", buf, buf[0] ? sep : "", (char *)s) >= 0) {
            free(buf);
            buf = next;
        }
        xmlFree(s);
    }
    xmlXPathFreeObject(r);
    return buf ? buf : strdup("");
}

static void view_load(doc_view *v, const batch_row *row)
{
    char *path = NULL;
    xmlDocPtr doc = NULL;
    xmlXPathContextPtr xc = NULL;
    xmlXPathObjectPtr fs = NULL;
    int i;

    memset(v, 0, sizeof *v);
    v->row = row;
    if (asprintf(&path, "%s/%s", row->dir, row->out) >= 0 &&
        access(path, R_OK) == 0)
        doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                          XML_PARSE_NOWARNING);
    free(path);
    if (doc == NULL) {
        doc = xmlNewDoc(BAD_CAST "1.0"); /* an empty view, all fields "" */
        xmlDocSetRootElement(doc, xmlNewNode(NULL, BAD_CAST "check"));
    }
    xc = xmlXPathNewContext(doc);
    v->codes = xp_join(xc, "/check/findings/finding[@severity='blocking']/@code", " ");
    {
        char *n = xp_str(xc, "count(/check/findings/finding[@severity='blocking'])");
        v->blocking = atoi(n);
        free(n);
    }
    v->end_user = xp_str(xc, "/check/certificate/end-user/name");
    v->country = xp_str(xc, "/check/certificate/end-user/country/@code");
    if (v->country[0] == '\0') {
        free(v->country);
        v->country = xp_str(xc, "/check/certificate/end-user/country");
    }
    v->pages = xp_str(xc, "/check/certificate/source/@pages");
    v->method = xp_str(xc, "/check/certificate/source/@text-method");
    v->conf = xp_str(xc, "/check/certificate/source/@ocr-confidence");
    v->end_use = xp_str(xc, "/check/certificate/end-use/description");
    v->items = xp_join(xc, "/check/certificate/items/item/description", "; ");
    v->subs = xp_join(xc, "/check/certificate/sub-suppliers/party/name", "; ");
    if (v->subs[0] == '\0') {
        char *none = xp_str(xc, "/check/certificate/sub-suppliers/@declared-none");
        if (strcmp(none, "true") == 0) {
            free(v->subs);
            v->subs = strdup("none (declared)");
        }
        free(none);
    }
    {
        char *perm = xp_str(xc, "/check/certificate/re-export/@permitted");
        char *dest = xp_join(xc, "/check/certificate/re-export/destination", ", ");
        if (asprintf(&v->reexport, "%s%s%s%s", perm, dest[0] ? " (" : "", dest,
                     dest[0] ? ")" : "") < 0)
            v->reexport = strdup("");
        free(perm);
        free(dest);
    }
    fs = xmlXPathEvalExpression(BAD_CAST "/check/findings/finding", xc);
    if (fs && fs->nodesetval && fs->nodesetval->nodeNr > 0) {
        v->nf = (size_t)fs->nodesetval->nodeNr;
        v->f = calloc(v->nf, sizeof *v->f);
        for (i = 0; v->f && i < fs->nodesetval->nodeNr; i++) {
            xmlNodePtr n = fs->nodesetval->nodeTab[i], c;
            finding_view *fv = &v->f[i];
            xmlChar *a;
            char *msg = NULL;
            size_t ml = 0;
            FILE *mf = open_memstream(&msg, &ml);
            a = xmlGetProp(n, BAD_CAST "code"); fv->code = strdup(a ? (char *)a : ""); xmlFree(a);
            a = xmlGetProp(n, BAD_CAST "severity"); fv->severity = strdup(a ? (char *)a : ""); xmlFree(a);
            a = xmlGetProp(n, BAD_CAST "field"); fv->field = strdup(a ? (char *)a : ""); xmlFree(a);
            fv->remedy = strdup("");
            for (c = n->children; c; c = c->next) {
                if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                    fputs((char *)c->content, mf);
                } else if (c->type == XML_ELEMENT_NODE &&
                           xmlStrcmp(c->name, BAD_CAST "remedy") == 0) {
                    xmlChar *t = xmlNodeGetContent(c);
                    free(fv->remedy);
                    fv->remedy = strdup(t ? (char *)t : "");
                    xmlFree(t);
                }
            }
            fclose(mf);
            fv->message = msg;
        }
    }
    xmlXPathFreeObject(fs);
    xmlXPathFreeContext(xc);
    xmlFreeDoc(doc);
}

static void view_free(doc_view *v)
{
    size_t i;

    for (i = 0; i < v->nf; i++) {
        free(v->f[i].code);
        free(v->f[i].severity);
        free(v->f[i].field);
        free(v->f[i].message);
        free(v->f[i].remedy);
    }
    free(v->f);
    free(v->codes);
    free(v->end_user);
    free(v->country);
    free(v->pages);
    free(v->method);
    free(v->conf);
    free(v->end_use);
    free(v->items);
    free(v->subs);
    free(v->reexport);
}

/* --- summary.csv -------------------------------------------------------- */

static void csv(FILE *f, const char *s, int last)
{
    /* RFC 4180: quote every field that needs it, double the quotes; a
     * file name that is no UTF-8 is shown with U+FFFD for its bad bytes */
    char *valid = euc_utf8_check(s, strlen(s)) < strlen(s) ? euc_utf8_make_valid(s) : NULL;

    if (valid != NULL)
        s = valid;
    if (strpbrk(s, ",\"\n\r") != NULL) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ",", f);
    free(valid);
}

static int by_input(const void *a, const void *b)
{
    const doc_view *x = a, *y = b;

    return strcmp(x->row->input, y->row->input);
}

static int rank(const char *status)
{
    if (strcmp(status, "incomplete") == 0) return 0;
    if (strcmp(status, "error") == 0) return 1;
    if (strcmp(status, "complete") == 0) return 2;
    return 3;
}

/* Incomplete first, most blocking findings first; then errors, complete,
 * skipped; by name within each. */
static int by_triage(const void *a, const void *b)
{
    const doc_view *x = a, *y = b;
    int rx = rank(x->row->status), ry = rank(y->row->status);

    if (rx != ry)
        return rx - ry;
    if (x->blocking != y->blocking)
        return y->blocking - x->blocking;
    return strcmp(x->row->input, y->row->input);
}

static char *write_csv(doc_view *v, size_t n, size_t *len)
{
    char *buf = NULL, secs[32], nb[16];
    FILE *f = open_memstream(&buf, len);
    size_t i;

    fputs("file,status,blocking,codes,end_user,country,pages,text_method,"
          "ocr_confidence,seconds,output,reason\r\n", f);
    for (i = 0; i < n; i++) {
        const batch_row *r = v[i].row;
        char *out = NULL;
        snprintf(secs, sizeof secs, "%.2f", r->seconds);
        snprintf(nb, sizeof nb, "%d", v[i].blocking);
        if (asprintf(&out, "%s/%s", r->dir, r->out) < 0)
            out = NULL;
        csv(f, r->input, 0);
        csv(f, r->status, 0);
        csv(f, strcmp(r->status, "skipped") == 0 || strcmp(r->status, "error") == 0 ? "" : nb, 0);
        csv(f, v[i].codes, 0);
        csv(f, v[i].end_user, 0);
        csv(f, v[i].country, 0);
        csv(f, v[i].pages, 0);
        csv(f, v[i].method, 0);
        csv(f, v[i].conf, 0);
        csv(f, strcmp(r->status, "skipped") == 0 ? "" : secs, 0);
        csv(f, strcmp(r->status, "skipped") == 0 ? "" : (out ? out : ""), 0);
        csv(f, r->reason, 1);
        free(out);
    }
    fclose(f);
    return buf;
}

/* --- report.html ----------------------------------------------------------- */

static void html(FILE *f, const char *s)
{
    char *valid = s && euc_utf8_check(s, strlen(s)) < strlen(s) ? euc_utf8_make_valid(s) : NULL;

    if (valid != NULL)
        s = valid;
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
    free(valid);
}

typedef struct code_count {
    char *code;
    int n;
} code_count;

static int by_count(const void *a, const void *b)
{
    const code_count *x = a, *y = b;

    return x->n != y->n ? y->n - x->n : strcmp(x->code, y->code);
}

static size_t tally_codes(doc_view *v, size_t n, code_count **out)
{
    code_count *cc = NULL;
    size_t ncc = 0, i, j, k;

    for (i = 0; i < n; i++) {
        for (j = 0; j < v[i].nf; j++) {
            if (strcmp(v[i].f[j].severity, "blocking") != 0)
                continue;
            for (k = 0; k < ncc && strcmp(cc[k].code, v[i].f[j].code) != 0; k++)
                ;
            if (k == ncc) {
                cc = realloc(cc, (ncc + 1) * sizeof *cc);
                cc[ncc].code = v[i].f[j].code;
                cc[ncc].n = 0;
                ncc++;
            }
            cc[k].n++;
        }
    }
    if (ncc > 0)
        qsort(cc, ncc, sizeof *cc, by_count);
    *out = cc;
    return ncc;
}

static const char css[] =
    "body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}"
    "h1{font-size:20px}table{border-collapse:collapse;width:100%}"
    "th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#f4f4f4}tr.doc{cursor:pointer}tr.doc:hover{background:#f8f8ff}"
    ".st{font-weight:600;padding:1px 6px;border-radius:3px}"
    ".complete{background:#d8f3dc}.incomplete{background:#ffe5b4}"
    ".error{background:#ffd6d6}.skipped{background:#eee}"
    ".cards{display:flex;gap:12px;margin:12px 0}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:90px}"
    ".card b{display:block;font-size:22px}"
    ".f{margin:4px 0 10px}.f .code{font-family:monospace;font-weight:600}"
    ".remedy{color:#1b4d89}.blocking{color:#a40000}.warning{color:#8a5a00}"
    ".info{color:#555}.filters{margin:12px 0}.filters label{margin-right:14px}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{color:#666}";

static const char js[] =
    "function applyFilters(){var s=document.getElementById('fstatus').value,"
    "c=document.getElementById('fcode').value,n=0;"
    "document.querySelectorAll('tr.doc').forEach(function(r){"
    "var ok=(!s||r.dataset.status===s)&&(!c||(' '+r.dataset.codes+' ').indexOf(' '+c+' ')>=0);"
    "r.style.display=ok?'':'none';var d=r.nextElementSibling;"
    "if(!ok)d.hidden=true;if(ok)n++;});"
    "document.getElementById('shown').textContent=n;}"
    "document.querySelectorAll('tr.doc').forEach(function(r){r.addEventListener('click',"
    "function(){var d=r.nextElementSibling;d.hidden=!d.hidden;});});"
    "document.getElementById('fstatus').addEventListener('change',applyFilters);"
    "document.getElementById('fcode').addEventListener('change',applyFilters);"
    "applyFilters();";

static void kv(FILE *f, const char *k, const char *v)
{
    if (v == NULL || *v == '\0')
        return;
    fprintf(f, "<dt>%s</dt><dd>", k);
    html(f, v);
    fputs("</dd>", f);
}

static char *write_html(doc_view *v, size_t n, const char *note, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    code_count *cc = NULL;
    size_t ncc = tally_codes(v, n, &cc), i, j;
    int counts[4] = {0, 0, 0, 0};

    for (i = 0; i < n; i++)
        counts[rank(v[i].row->status)]++;
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>eucheck batch report</title><style>%s</style></head><body>\n"
            "<h1>eucheck batch report</h1>\n<div class=\"cards\">"
            "<div class=\"card\"><b id=\"total\">%zu</b>documents</div>"
            "<div class=\"card\"><b id=\"n-incomplete\">%d</b>incomplete</div>"
            "<div class=\"card\"><b id=\"n-error\">%d</b>errors</div>"
            "<div class=\"card\"><b id=\"n-complete\">%d</b>complete</div>"
            "<div class=\"card\"><b id=\"n-skipped\">%d</b>skipped</div></div>\n",
            css, n - (size_t)counts[3], counts[0], counts[1], counts[2], counts[3]);
    if (note != NULL) {
        fputs("<p class=\"note\" id=\"note\">", f);
        html(f, note);
        fputs("</p>\n", f);
    }
    fputs("<h2>Commonest blocking findings</h2>\n<table id=\"codes\"><tr><th>Code"
          "</th><th>Documents</th></tr>\n", f);
    for (i = 0; i < ncc; i++)
        fprintf(f, "<tr><td>%s</td><td>%d</td></tr>\n", cc[i].code, cc[i].n);
    if (ncc == 0)
        fputs("<tr><td colspan=\"2\">none</td></tr>\n", f);
    fputs("</table>\n<h2>Documents</h2>\n<div class=\"filters\"><label>Status "
          "<select id=\"fstatus\"><option value=\"\">all</option>"
          "<option>incomplete</option><option>error</option>"
          "<option>complete</option></select></label>"
          "<label>Code <select id=\"fcode\"><option value=\"\">all</option>", f);
    for (i = 0; i < ncc; i++)
        fprintf(f, "<option>%s</option>", cc[i].code);
    fputs("</select></label> <span id=\"shown\"></span> shown; click a row for "
          "its findings</div>\n<table id=\"docs\"><thead><tr><th>File</th>"
          "<th>Status</th><th>Blocking</th><th>Codes</th><th>End user</th>"
          "<th>Country</th><th>Pages</th><th>Read by</th><th>OCR conf.</th>"
          "</tr></thead><tbody>\n", f);
    for (i = 0; i < n; i++) {
        doc_view *d = &v[i];
        if (strcmp(d->row->status, "skipped") == 0)
            continue; /* listed after the table: they are not documents */
        fputs("<tr class=\"doc\" data-status=\"", f);
        html(f, d->row->status);
        fputs("\" data-codes=\"", f);
        html(f, d->codes);
        fputs("\"><td>", f);
        html(f, d->row->input);
        fprintf(f, "</td><td><span class=\"st %s\">", d->row->status);
        html(f, d->row->status);
        fprintf(f, "</span></td><td>%d</td><td>", d->blocking);
        html(f, d->codes);
        fputs("</td><td>", f);
        html(f, d->end_user);
        fputs("</td><td>", f);
        html(f, d->country);
        fputs("</td><td>", f);
        html(f, d->pages);
        fputs("</td><td>", f);
        html(f, d->method);
        fputs("</td><td>", f);
        html(f, d->conf);
        fputs("</td></tr>\n<tr class=\"detail\" hidden><td colspan=\"9\">", f);
        if (d->row->reason[0] != '\0') {
            fputs("<p class=\"blocking\">", f);
            html(f, d->row->reason);
            fputs("</p>", f);
        }
        for (j = 0; j < d->nf; j++) {
            finding_view *fv = &d->f[j];
            fprintf(f, "<div class=\"f\"><span class=\"code %s\">", fv->severity);
            html(f, fv->code);
            fputs("</span> <small>", f);
            html(f, fv->severity);
            fputs(" &middot; ", f);
            html(f, fv->field);
            fputs("</small><br>", f);
            html(f, fv->message);
            if (fv->remedy[0] != '\0') {
                fputs("<br><span class=\"remedy\">Remedy: ", f);
                html(f, fv->remedy);
                fputs("</span>", f);
            }
            fputs("</div>", f);
        }
        fputs("<dl>", f);
        kv(f, "End user", d->end_user);
        kv(f, "Country", d->country);
        kv(f, "End use", d->end_use);
        kv(f, "Items", d->items);
        kv(f, "Sub-suppliers", d->subs);
        kv(f, "Re-export", d->reexport);
        fputs("</dl></td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    if (counts[3] > 0) {
        fprintf(f, "<details id=\"skipped\"><summary>%d files skipped as not "
                "certificates</summary><ul>\n", counts[3]);
        for (i = 0; i < n; i++) {
            if (strcmp(v[i].row->status, "skipped") != 0)
                continue;
            fputs("<li>", f);
            html(f, v[i].row->input);
            fputs(": ", f);
            html(f, v[i].row->reason);
            fputs("</li>\n", f);
        }
        fputs("</ul></details>\n", f);
    }
    fprintf(f, "<script>%s</script>\n</body></html>\n", js);
    fclose(f);
    free(cc);
    return buf;
}

int batch_write_reports(const char *outdir, batch_row *rows, size_t n,
                        const char *note, euc_error *err)
{
    doc_view *v = calloc(n ? n : 1, sizeof *v);
    char *csvbuf = NULL, *htmlbuf = NULL, *p = NULL;
    size_t csvlen = 0, htmllen = 0, i;
    int rc = -1;

    if (v == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "batch", outdir, "out of memory");
    for (i = 0; i < n; i++)
        view_load(&v[i], &rows[i]);
    /* The CSV is ordered by path, so a merged run and a single run of the
     * same inputs give the same file. */
    qsort(v, n, sizeof *v, by_input);
    csvbuf = write_csv(v, n, &csvlen);
    qsort(v, n, sizeof *v, by_triage);
    htmlbuf = write_html(v, n, note, &htmllen);
    if (asprintf(&p, "%s/summary.csv", outdir) < 0 ||
        batch_write_atomic(p, csvbuf, csvlen) < 0) {
        euc_error_set(err, EUC_ERR_IO, "batch", outdir,
                      "cannot write summary.csv: %s", strerror(errno));
        goto cleanup;
    }
    free(p);
    if (asprintf(&p, "%s/report.html", outdir) < 0 ||
        batch_write_atomic(p, htmlbuf, htmllen) < 0) {
        euc_error_set(err, EUC_ERR_IO, "batch", outdir,
                      "cannot write report.html: %s", strerror(errno));
        goto cleanup;
    }
    rc = 0;
cleanup:
    free(p);
    for (i = 0; i < n; i++)
        view_free(&v[i]);
    free(v);
    free(csvbuf);
    free(htmlbuf);
    return rc;
}
