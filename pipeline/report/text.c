/* The report a person reads on a terminal. */
#include "report-imp.h"

#include <glib.h>
#include <string.h>

typedef struct palette {
    const char *bold, *red, *yellow, *green, *cyan, *dim, *off;
} palette;

static const palette colours = {"\033[1m", "\033[1;31m", "\033[33m",
                                "\033[1;32m", "\033[36m", "\033[2m",
                                "\033[0m"};
static const palette plain = {"", "", "", "", "", "", ""};

static const struct {
    const char *severity, *label;
} sections[] = {{"blocking", "BLOCKING"}, {"warning", "WARNING"}, {"info", "INFO"}};

static void text_section(GString *o, const palette *p, const rep_view *v,
                         size_t s)
{
    size_t i;
    const char *col = s == 0 ? p->red : s == 1 ? p->yellow : p->cyan;

    for (i = 0; i < v->nf; i++) {
        const rep_finding *x = &v->f[i];
        if (strcmp(x->severity, sections[s].severity) != 0)
            continue;
        g_string_append_printf(o, "  %s%-8s%s %s%s%s %s(%s)%s\n", col,
                               sections[s].label, p->off, p->bold, x->code,
                               p->off, p->dim, x->words, p->off);
        g_string_append_printf(o, "           %s\n", x->message);
        /* where it was read: a reviewer can find it on the page */
        if (x->section[0] != '\0' && x->page > 0)
            g_string_append_printf(o, "           %slooked for in: %s, page %d%s\n", p->dim,
                                   x->section, x->page, p->off);
        if (x->quote[0] != '\0') {
            if (x->page > 0)
                g_string_append_printf(o, "           %spage %d: '%s'%s\n", p->dim,
                                       x->page, x->quote, p->off);
            else
                g_string_append_printf(o, "           %sread: '%s'%s\n", p->dim,
                                       x->quote, p->off);
        }
        /* an info finding without a remedy is a note, not a task */
        if (s != 2 || x->remedy[0] != '\0')
            g_string_append_printf(o, "           %sFix:%s %s\n", p->bold,
                                   p->off, x->remedy);
    }
}

static int write_text(FILE *out, const euc_report *r, euc_error *err)
{
    const palette *p = r->colour ? &colours : &plain;
    rep_view *views = rep_views_new(r);
    GString *o;
    size_t i, j, s, counts[3] = {0, 0, 0};
    int rc;

    if (views == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "report", NULL, "out of memory");
    o = g_string_new(NULL);
    for (i = 0; i < r->n; i++) {
        const rep_view *v = &views[i];
        int is_error = strcmp(v->status, "error") == 0;
        const char *col = strcmp(v->status, "complete") == 0 ? p->green : p->red;
        char *st = g_ascii_strup(v->status, -1);
        counts[strcmp(v->status, "complete") == 0 ? 0 : is_error ? 2 : 1]++;
        if (i > 0)
            g_string_append_c(o, '\n');
        g_string_append_printf(o, "%s%s%s: %s%s%s", p->bold, v->doc->input,
                               p->off, col, st, p->off);
        g_free(st);
        if (is_error) {
            g_string_append_printf(o, " (%s)\n", v->error);
            continue;
        }
        g_string_append_printf(o, " (%d blocking, %d warning%s)\n", v->blocking,
                               v->warnings, v->warnings == 1 ? "" : "s");
        for (s = 0; s < sizeof sections / sizeof sections[0]; s++)
            text_section(o, p, v, s);
        if (v->lines != NULL) {
            g_string_append_printf(o, "  %sUnderstood:%s\n", p->dim, p->off);
            for (j = 0; j < v->nlines; j++)
                g_string_append_printf(o, "    %-14s %s\n", v->lines[j].label,
                                       v->lines[j].value[0] ? v->lines[j].value
                                                            : "-");
        }
    }
    if (r->n > 1)
        g_string_append_printf(o, "\n%zu files: %zu complete, %zu incomplete, "
                                  "%zu error\n",
                               r->n, counts[0], counts[1], counts[2]);
    rc = rep_put(out, o->str, o->len, err);
    g_string_free(o, TRUE);
    rep_views_free(views, r->n);
    return rc;
}

const euc_report_writer euc_report_text = {"text", write_text};
