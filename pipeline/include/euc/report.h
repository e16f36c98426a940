/* euc_report: the report formats, one writer each, all over the same input:
 * a list of <check> documents (schemas/check.xsd), whether they come from
 * `eucheck check` (euc_check_result_xml) or from a batch's NAME.xml files.
 * A new format is one file in pipeline/report/ and one row in report.c's
 * table.
 *
 * What was understood of a certificate (the "Understood" lines of the text
 * report, the details of report.html) comes from one place: the <summary>
 * lines of schemas/findings.xml, evaluated by the validator.
 *
 * Ownership: everything in an euc_report is the caller's and is only read;
 * a writer writes to the caller's stream and closes nothing.
 */
#ifndef EUC_REPORT_H
#define EUC_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

#include "euc/error.h"
#include "euc/extract.h"
#include "euc/validate.h"

typedef struct euc_report_doc {
    const char *input;  /* the file as given or found */
    const char *status; /* "complete", "incomplete", "error", "skipped" */
    const char *reason; /* why it is an error or was skipped; "" otherwise */
    const char *output; /* its NAME.xml as the report names it; NULL: none */
    double seconds;     /* < 0: not timed */
    xmlDocPtr check;    /* its <check> document; NULL when there is none */
    const char *thumbs; /* html: its findings' page images, as made by
                           euc_report_thumbnails; NULL: none */
} euc_report_doc;

typedef struct euc_report {
    const euc_report_doc *docs;
    size_t n;
    euc_validator *validator; /* for what was understood; NULL: not shown */
    const char *data_dir;     /* for certificate.xsd (JSON arrays); NULL:
                                 euc_data_dir() */
    int colour;               /* text: ANSI colours */
    const char *note;         /* html: said at the top; NULL: nothing */
    const char *outdir;       /* html: links to each source file and NAME.xml
                                 are relative to it; NULL: no links */
    const char *about;        /* html: how the results were made (regime,
                                 as-of date, options); NULL: not said */
} euc_report;

typedef struct euc_report_writer {
    const char *name; /* "text", "xml", "json", "csv", "html" */
    int (*write)(FILE *out, const euc_report *r, euc_error *err);
} euc_report_writer;

/* The writer of that name, or NULL. */
const euc_report_writer *euc_report_writer_find(const char *name);

/* Writes r in the named format; an unknown name is an EUC_ERR_USAGE error. */
int euc_report_write(FILE *out, const char *format, const euc_report *r,
                     euc_error *err);

/* Page images for report.html: for each blocking finding and warning of
 * check that has a page and a box, the region of the page around the box,
 * rendered from source (never read again, never OCRed) with the box drawn,
 * as a PNG.  *out is text, one line per image, "INDEX BASE64" (INDEX the
 * finding's 1-based place in the check), "" when there is none: a page
 * that cannot be rendered (a text file, a file moved since) has no image.
 * The caller frees *out; -1 only when memory runs out. */
int euc_report_thumbnails(euc_ctx *ctx, const char *source, xmlDocPtr check,
                          char **out, euc_error *err);

/* s as a JSON string literal, quotes included; invalid UTF-8 is shown as
 * U+FFFD.  Free with free(). */
char *euc_json_string(const char *s);

#endif
