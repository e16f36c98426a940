/* report.html: the triage page for reviewers, one self-contained file. */
#define _GNU_SOURCE
#include "report-imp.h"

#include <stdlib.h>
#include <string.h>

#include "euc/text.h"

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

static size_t tally_codes(rep_view *v, size_t n, code_count **out)
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

static char *html_build(rep_view *v, size_t n, const char *note, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    code_count *cc = NULL;
    size_t ncc = tally_codes(v, n, &cc), i, j;
    int counts[4] = {0, 0, 0, 0};

    for (i = 0; i < n; i++)
        counts[rep_status_rank(v[i].status)]++;
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
        rep_view *d = &v[i];
        if (strcmp(d->status, "skipped") == 0)
            continue; /* listed after the table: they are not documents */
        fputs("<tr class=\"doc\" data-status=\"", f);
        html(f, d->status);
        fputs("\" data-codes=\"", f);
        html(f, d->codes);
        fputs("\"><td>", f);
        html(f, d->doc->input);
        fprintf(f, "</td><td><span class=\"st %s\">", d->status);
        html(f, d->status);
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
        if (d->doc->reason != NULL && d->doc->reason[0] != '\0') {
            fputs("<p class=\"blocking\">", f);
            html(f, d->doc->reason);
            fputs("</p>", f);
        }
        for (j = 0; j < d->nf; j++) {
            rep_finding *fv = &d->f[j];
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
        for (j = 0; j < d->nlines; j++)
            kv(f, d->lines[j].label, d->lines[j].value);
        fputs("</dl></td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
    if (counts[3] > 0) {
        fprintf(f, "<details id=\"skipped\"><summary>%d files skipped as not "
                "certificates</summary><ul>\n", counts[3]);
        for (i = 0; i < n; i++) {
            if (strcmp(v[i].status, "skipped") != 0)
                continue;
            fputs("<li>", f);
            html(f, v[i].doc->input);
            fputs(": ", f);
            html(f, v[i].doc->reason);
            fputs("</li>\n", f);
        }
        fputs("</ul></details>\n", f);
    }
    fprintf(f, "<script>%s</script>\n</body></html>\n", js);
    fclose(f);
    free(cc);
    return buf;
}

static int write_html(FILE *out, const euc_report *r, euc_error *err)
{
    rep_view *v = rep_views_new(r);
    char *buf;
    size_t len = 0;
    int rc;

    if (v == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "report", NULL, "out of memory");
    qsort(v, r->n, sizeof *v, rep_by_triage);
    buf = html_build(v, r->n, r->note, &len);
    rc = rep_put(out, buf, len, err);
    free(buf);
    rep_views_free(v, r->n);
    return rc;
}

const euc_report_writer euc_report_html = {"html", write_html};
