/* summary.csv: one row per input, for spreadsheets and scripts.  Its
 * columns are an interface: add at the end, never reorder. */
#define _GNU_SOURCE
#include "report-imp.h"

#include <stdlib.h>
#include <string.h>

#include "euc/text.h"

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

static char *csv_build(rep_view *v, size_t n, size_t *len)
{
    char *buf = NULL, secs[32], nb[16], nw[16];
    FILE *f = open_memstream(&buf, len);
    size_t i;

    fputs("file,status,blocking,codes,end_user,country,pages,text_method,"
          "ocr_confidence,seconds,output,reason,warnings,warning_codes,end_use\r\n", f);
    for (i = 0; i < n; i++) {
        const euc_report_doc *r = v[i].doc;
        const char *out = r->output;
        if (r->seconds >= 0)
            snprintf(secs, sizeof secs, "%.2f", r->seconds);
        else
            secs[0] = '\0';
        int counted = strcmp(r->status, "skipped") != 0 && strcmp(r->status, "error") != 0;
        snprintf(nb, sizeof nb, "%d", v[i].blocking);
        snprintf(nw, sizeof nw, "%d", v[i].warnings);
        csv(f, r->input, 0);
        csv(f, r->status, 0);
        csv(f, counted ? nb : "", 0);
        csv(f, v[i].codes, 0);
        csv(f, v[i].end_user, 0);
        csv(f, v[i].country, 0);
        csv(f, v[i].pages, 0);
        csv(f, v[i].method, 0);
        csv(f, v[i].conf, 0);
        csv(f, strcmp(r->status, "skipped") == 0 ? "" : secs, 0);
        csv(f, strcmp(r->status, "skipped") == 0 ? "" : (out ? out : ""), 0);
        csv(f, r->reason ? r->reason : "", 0);
        csv(f, counted ? nw : "", 0);
        csv(f, v[i].warning_codes, 0);
        csv(f, v[i].end_use, 1);
    }
    fclose(f);
    return buf;
}

static int write_csv(FILE *out, const euc_report *r, euc_error *err)
{
    euc_report plain = *r;
    rep_view *v;
    char *buf;
    size_t len = 0;
    int rc;

    plain.validator = NULL;
    v = rep_views_new(&plain);
    if (v == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "report", NULL, "out of memory");
    /* Ordered by path, so that a merged run and a single run of the same
     * inputs give the same file. */
    qsort(v, r->n, sizeof *v, rep_by_input);
    buf = csv_build(v, r->n, &len);
    rc = rep_put(out, buf, len, err);
    free(buf);
    rep_views_free(v, r->n);
    return rc;
}

const euc_report_writer euc_report_csv = {"csv", write_csv};
