/* report.html: the triage page for reviewers, one self-contained file. */
#define _GNU_SOURCE
#include "report-imp.h"

#include <glib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

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

/* target as a relative URL from the folder dir ("../samples/x.pdf"), so
 * that the report opens its sources wherever the tree is moved with it;
 * NULL when either path cannot be resolved.  Free with free(). */
static char *rel_url(const char *dir, const char *target)
{
    char d[PATH_MAX], t[PATH_MAX];
    size_t i, common = 0, dl;
    GString *g;
    char *esc;

    if (dir == NULL || realpath(dir, d) == NULL || realpath(target, t) == NULL)
        return NULL;
    dl = strlen(d);
    /* the longest common prefix that ends at a component boundary */
    for (i = 0; d[i] != '\0' && d[i] == t[i]; i++)
        if (d[i] == '/')
            common = i;
    if (d[i] == '\0' && t[i] == '/')
        common = i;
    g = g_string_new(NULL);
    /* one "../" for each of dir's components below the common part */
    for (i = common; dl > 1 && i < dl; i++)
        if (d[i] == '/')
            g_string_append(g, "../");
    esc = g_uri_escape_string(t + common + 1, "/", FALSE);
    g_string_append(g, esc);
    g_free(esc);
    return g_string_free(g, FALSE);
}

/* The file a document came from: a member of a container
 * ("mail.eml/cert.pdf") links to its container, the file there is. */
static char *source_url(const char *dir, const char *input)
{
    char *p = strdup(input), *slash;
    char *url = NULL;
    struct stat st;

    while (p != NULL && url == NULL) {
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            url = rel_url(dir, p);
        slash = strrchr(p, '/');
        if (url != NULL || slash == NULL)
            break;
        *slash = '\0';
    }
    free(p);
    return url;
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

/* The codes of the findings whose severity is one of the space-separated
 * sevs, each once, with how many findings have it, commonest first. */
static size_t tally_codes(rep_view *v, size_t n, const char *sevs, code_count **out)
{
    code_count *cc = NULL;
    size_t ncc = 0, i, j, k;

    for (i = 0; i < n; i++) {
        for (j = 0; j < v[i].nf; j++) {
            if (!rep_has_word(sevs, v[i].f[j].severity))
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
    "th{background:#f4f4f4}#docs th{cursor:pointer;user-select:none}"
    "#docs th[aria-sort=ascending]::after{content:' \\25B2'}"
    "#docs th[aria-sort=descending]::after{content:' \\25BC'}"
    "tr.doc{cursor:pointer}tr.doc:hover{background:#f8f8ff}"
    ".st{font-weight:600;padding:1px 6px;border-radius:3px}"
    ".complete{background:#d8f3dc}.incomplete{background:#ffe5b4}"
    ".error{background:#ffd6d6}.skipped{background:#eee}"
    ".cards{display:flex;gap:12px;margin:12px 0}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:90px}"
    ".card b{display:block;font-size:22px}"
    ".f{margin:4px 0 10px}.f .code{font-family:monospace;font-weight:600}"
    ".remedy{color:#1b4d89}.blocking{color:#a40000}.warning{color:#8a5a00}"
    ".info{color:#555}.filters{margin:12px 0}.filters label{margin-right:14px}"
    ".about{color:#555}.links a{margin-right:8px}"
    "img.thumb{display:block;margin:4px 0;border:1px solid #ccc;max-width:100%}"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{color:#666}";

/* Filters (status, code, severity, search text) and counts that follow
 * them; sorting by any column (a document's detail row moves with it);
 * a click on a row opens its findings. */
static const char js[] =
    "function $(i){return document.getElementById(i);}"
    "function rows(){return Array.prototype.slice.call(document.querySelectorAll('tr.doc'));}"
    "function applyFilters(){var s=$('fstatus').value,c=$('fcode').value,"
    "v=$('fsev').value,q=$('search').value.toLowerCase().trim(),n=0,"
    "by={complete:0,incomplete:0,error:0};"
    "rows().forEach(function(r){"
    "var ok=(!s||r.dataset.status===s)&&(!c||(' '+r.dataset.codes+' ').indexOf(' '+c+' ')>=0)"
    "&&(!v||(' '+r.dataset.sev+' ').indexOf(' '+v+' ')>=0)&&(!q||r.dataset.search.indexOf(q)>=0);"
    "r.style.display=ok?'':'none';if(!ok)r.nextElementSibling.hidden=true;"
    "if(ok){n++;by[r.dataset.status]=(by[r.dataset.status]||0)+1;}});"
    "$('shown').textContent=n;$('total').textContent=n;"
    "['complete','incomplete','error'].forEach(function(k){$('n-'+k).textContent=by[k]||0;});}"
    "function sortBy(th){var col=th.cellIndex,t=$('docs').tBodies[0],"
    "dir=th.getAttribute('aria-sort')==='ascending'?-1:1;"
    "Array.prototype.forEach.call(th.parentNode.cells,function(h){h.removeAttribute('aria-sort');});"
    "th.setAttribute('aria-sort',dir>0?'ascending':'descending');"
    "var rs=rows();rs.sort(function(a,b){var x=a.cells[col].dataset.key||a.cells[col].textContent,"
    "y=b.cells[col].dataset.key||b.cells[col].textContent,nx=parseFloat(x),ny=parseFloat(y);"
    "if(!isNaN(nx)&&!isNaN(ny)&&String(nx)===x.trim()&&String(ny)===y.trim())return dir*(nx-ny);"
    "return dir*x.localeCompare(y);});"
    "rs.forEach(function(r){var d=r.nextElementSibling;t.appendChild(r);t.appendChild(d);});}"
    "rows().forEach(function(r){r.addEventListener('click',function(e){"
    "if(e.target.tagName==='A')return;var d=r.nextElementSibling;d.hidden=!d.hidden;});});"
    "Array.prototype.forEach.call($('docs').tHead.rows[0].cells,function(th){"
    "th.addEventListener('click',function(){sortBy(th);});});"
    "['fstatus','fcode','fsev'].forEach(function(i){$(i).addEventListener('change',applyFilters);});"
    "$('search').addEventListener('input',applyFilters);"
    "applyFilters();";

static void kv(FILE *f, const char *k, const char *v)
{
    if (v == NULL || *v == '\0')
        return;
    fprintf(f, "<dt>%s</dt><dd>", k);
    html(f, v);
    fputs("</dd>", f);
}

static char *html_build(rep_view *v, size_t n, const euc_report *r, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    code_count *cc = NULL, *all = NULL;
    size_t ncc = tally_codes(v, n, "blocking", &cc),
           nall = tally_codes(v, n, "blocking warning", &all), i, j;
    int counts[4] = {0, 0, 0, 0};
    const char *note = r->note;
    char made[64];
    time_t now = time(NULL);
    struct tm tmv;

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
    gmtime_r(&now, &tmv);
    strftime(made, sizeof made, "%Y-%m-%d %H:%M UTC", &tmv);
    fprintf(f, "<p class=\"about\" id=\"about\">Made %s by eucheck %s", made, EUC_VERSION);
    if (r->about != NULL && r->about[0] != '\0') {
        fputs(" &middot; ", f);
        html(f, r->about);
    }
    fputs("</p>\n", f);
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
    fputs("</table>\n<h2>Documents</h2>\n<div class=\"filters\">"
          "<label>Search <input id=\"search\" type=\"search\" "
          "placeholder=\"file, end user, code\"></label>"
          "<label>Status <select id=\"fstatus\"><option value=\"\">all</option>"
          "<option>incomplete</option><option>error</option>"
          "<option>complete</option></select></label>"
          "<label>Severity <select id=\"fsev\"><option value=\"\">any</option>"
          "<option>blocking</option><option>warning</option></select></label>"
          "<label>Code <select id=\"fcode\"><option value=\"\">all</option>", f);
    for (i = 0; i < nall; i++)
        fprintf(f, "<option>%s</option>", all[i].code);
    fputs("</select></label> <span id=\"shown\"></span> shown; click a column to "
          "sort, a row for its findings</div>\n<table id=\"docs\"><thead><tr><th>File</th>"
          "<th>Status</th><th>Blocking</th><th>Warnings</th><th>Codes</th><th>End user</th>"
          "<th>Country</th><th>Pages</th><th>Read by</th><th>OCR conf.</th><th>Open</th>"
          "</tr></thead><tbody>\n", f);
    for (i = 0; i < n; i++) {
        rep_view *d = &v[i];
        if (strcmp(d->status, "skipped") == 0)
            continue; /* listed after the table: they are not documents */
        {
            char *search = g_strjoin(" ", d->doc->input, d->end_user, d->country,
                                     d->codes, d->warning_codes, d->end_use, NULL);
            char *low = g_utf8_strdown(search, -1);
            fputs("<tr class=\"doc\" data-status=\"", f);
            html(f, d->status);
            fputs("\" data-codes=\"", f);
            html(f, d->codes);
            fputs(" ", f);
            html(f, d->warning_codes);
            fprintf(f, "\" data-sev=\"%s%s\" data-search=\"", d->blocking ? "blocking " : "",
                    d->warnings ? "warning" : "");
            html(f, low);
            g_free(low);
            g_free(search);
        }
        fputs("\"><td>", f);
        html(f, d->doc->input);
        fprintf(f, "</td><td data-key=\"%d\"><span class=\"st %s\">",
                rep_status_rank(d->status), d->status);
        html(f, d->status);
        fprintf(f, "</span></td><td>%d</td><td>%d", d->blocking, d->warnings);
        if (d->warning_codes[0] != '\0') {
            fputs(" <small>", f);
            html(f, d->warning_codes);
            fputs("</small>", f);
        }
        fputs("</td><td>", f);
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
        fputs("</td><td class=\"links\">", f);
        {
            char *src = source_url(r->outdir, d->doc->input);
            char *xml = d->doc->output && d->doc->output[0]
                            ? rel_url(r->outdir, d->doc->output) : NULL;
            if (src != NULL) {
                fputs("<a class=\"src\" href=\"", f);
                html(f, src);
                fputs("\">source</a>", f);
            }
            if (xml != NULL) {
                fputs("<a class=\"xml\" href=\"", f);
                html(f, xml);
                fputs("\">XML</a>", f);
            }
            free(src);
            free(xml);
        }
        fputs("</td></tr>\n<tr class=\"detail\" hidden><td colspan=\"11\">", f);
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
            html(f, fv->words);
            fputs("</small><br>", f);
            html(f, fv->message);
            if (fv->section[0] != '\0' && fv->page > 0) {
                fputs("<br><small class=\"looked\">looked for in ", f);
                html(f, fv->section);
                fprintf(f, ", page %d</small>", fv->page);
            }
            if (fv->quote[0] != '\0') {
                if (fv->page > 0)
                    fprintf(f, "<br><q class=\"quote\" data-page=\"%d\">", fv->page);
                else
                    fputs("<br><q class=\"quote\">", f);
                html(f, fv->quote);
                fputs("</q>", f);
                if (fv->page > 0)
                    fprintf(f, " <small>page %d</small>", fv->page);
            }
            if (fv->thumb != NULL && fv->thumb_len > 0) {
                fprintf(f, "<br><img class=\"thumb\" alt=\"page %d, where "
                        "it was %s\" src=\"data:image/png;base64,", fv->page,
                        fv->quote[0] != '\0' ? "read" : "looked for");
                fwrite(fv->thumb, 1, fv->thumb_len, f);
                fputs("\">", f);
            }
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
    free(all);
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
    buf = html_build(v, r->n, r, &len);
    rc = rep_put(out, buf, len, err);
    free(buf);
    rep_views_free(v, r->n);
    return rc;
}

const euc_report_writer euc_report_html = {"html", write_html};
