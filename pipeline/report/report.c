/* The table of report writers.  See euc/report.h. */
#include "report-imp.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* A new format is a file defining its euc_report_writer and a row here. */
static const euc_report_writer *const writers[] = {
    &euc_report_text, &euc_report_xml, &euc_report_json, &euc_report_jsonl,
    &euc_report_csv,  &euc_report_html,
};

const euc_report_writer *euc_report_writer_find(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof writers / sizeof writers[0]; i++)
        if (strcmp(writers[i]->name, name) == 0)
            return writers[i];
    return NULL;
}

int euc_report_write(FILE *out, const char *format, const euc_report *r,
                     euc_error *err)
{
    const euc_report_writer *w = euc_report_writer_find(format);

    if (w == NULL)
        return euc_error_set(err, EUC_ERR_USAGE, "report", NULL,
                             "no report format '%s'", format);
    return w->write(out, r, err);
}

char *euc_json_string(const char *s)
{
    GString *o = g_string_new("\"");
    const unsigned char *p;
    char *r;

    for (p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': g_string_append(o, "\\\""); break;
        case '\\': g_string_append(o, "\\\\"); break;
        case '\n': g_string_append(o, "\\n"); break;
        case '\r': g_string_append(o, "\\r"); break;
        case '\t': g_string_append(o, "\\t"); break;
        case '\b': g_string_append(o, "\\b"); break;
        case '\f': g_string_append(o, "\\f"); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                g_string_append_printf(o, "\\u%04x", *p);
            else
                g_string_append_c(o, (char)*p);
        }
    }
    g_string_append_c(o, '"');
    r = g_string_free(o, FALSE);
    /* Invalid UTF-8 would make the whole output invalid JSON.  GLib's
     * memory is malloc's (euc.h), so the caller's free() is right. */
    if (!g_utf8_validate(r, -1, NULL)) {
        char *fixed = g_utf8_make_valid(r, -1);
        g_free(r);
        r = fixed;
    }
    return r;
}
