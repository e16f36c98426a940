/* A batch's summary.csv and report.html.  Both are made from
 * OUTDIR's records and NAME.xml files alone, which is what lets shards run
 * on other machines be merged. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "euc/data.h"
#include "euc/report.h"
#include "batch-imp.h"

/* --- summary.csv and report.html ------------------------------------------ */

/* Both come from the report writers (pipeline/report/), over each row's
 * NAME.xml: the same <check> documents `eucheck check --xml` writes. */
static int write_one(const char *outdir, const char *name, const char *format,
                     const euc_report *rep, euc_error *err)
{
    char *buf = NULL, *p = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc = -1;

    if (f == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "batch", outdir, "out of memory");
    if (euc_report_write(f, format, rep, err) < 0) {
        fclose(f);
        goto cleanup;
    }
    fclose(f);
    if (asprintf(&p, "%s/%s", outdir, name) < 0 ||
        batch_write_atomic(p, buf, len) < 0) {
        euc_error_set(err, EUC_ERR_IO, "batch", outdir, "cannot write %s: %s",
                      name, strerror(errno));
        goto cleanup;
    }
    rc = 0;
cleanup:
    free(p);
    free(buf);
    return rc;
}

/* The row's page images, NULL when it has none. */
static char *read_thumbs(const char *dir, const char *out)
{
    char *p = batch_thumbs_path(dir, out), *t = NULL;

    if (p != NULL && !g_file_get_contents(p, &t, NULL, NULL))
        t = NULL;
    free(p);
    return t;
}

int batch_write_reports(const char *outdir, batch_row *rows, size_t n,
                        const char *note, const char *about, euc_error *err)
{
    euc_report_doc *docs = calloc(n ? n : 1, sizeof *docs);
    char **outs = calloc(n ? n : 1, sizeof *outs);
    char **thumbs = calloc(n ? n : 1, sizeof *thumbs);
    euc_report rep;
    euc_error verr;
    size_t i;
    int rc = -1;

    euc_error_clear(&verr);
    memset(&rep, 0, sizeof rep);
    if (docs == NULL || outs == NULL || thumbs == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "batch", outdir, "out of memory");
        goto cleanup;
    }
    for (i = 0; i < n; i++) {
        char *path = NULL;
        docs[i].input = rows[i].input;
        docs[i].status = rows[i].status;
        docs[i].reason = rows[i].reason;
        docs[i].seconds = strcmp(rows[i].status, "skipped") == 0 ? -1 : rows[i].seconds;
        if (asprintf(&path, "%s/%s", rows[i].dir, rows[i].out) < 0) {
            euc_error_set(err, EUC_ERR_NOMEM, "batch", outdir, "out of memory");
            goto cleanup;
        }
        if (access(path, R_OK) == 0)
            docs[i].check = xmlReadFile(path, NULL, XML_PARSE_NONET |
                                        XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        outs[i] = path;
        thumbs[i] = read_thumbs(rows[i].dir, rows[i].out);
        docs[i].thumbs = thumbs[i];
        docs[i].output = strcmp(rows[i].status, "skipped") == 0 ? "" : path;
    }
    rep.docs = docs;
    rep.n = n;
    /* Only the summary lines of findings.xml are used: a validator that
     * cannot load (a broken data dir) just leaves them out. */
    rep.validator = euc_validator_new(euc_data_dir(), NULL, NULL, 0, &verr);
    rep.note = note;
    rep.outdir = outdir;
    rep.about = about;
    if (write_one(outdir, "summary.csv", "csv", &rep, err) < 0 ||
        write_one(outdir, "report.html", "html", &rep, err) < 0)
        goto cleanup;
    rc = 0;
cleanup:
    for (i = 0; docs != NULL && outs != NULL && thumbs != NULL && i < n; i++) {
        xmlFreeDoc(docs[i].check);
        free(outs[i]);
        g_free(thumbs[i]);
    }
    free(thumbs);
    if (rep.validator != NULL)
        euc_validator_free(rep.validator);
    free(docs);
    free(outs);
    return rc;
}
