/* report-imp: what the writers of pipeline/report/ share.  Private to this
 * folder.
 *
 * A view is one <check> document read once into the strings every format
 * shows, so that no writer walks the XML itself for them.  Its strings are
 * the view's (malloc'd), freed by rep_view_clear.
 */
#ifndef EUC_REPORT_IMP_H
#define EUC_REPORT_IMP_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/xpath.h>

#include "euc/report.h"

typedef struct rep_finding {
    char *code, *severity, *field, *message, *remedy;
    char *words;   /* the field in words ("item 2, quantity") */
    char *quote;   /* the words of the certificate the finding rests on
                    * (the field's value), "" when the field was not found */
    int page;      /* where the field was read (<finding page=>); 0: unknown */
    char *bbox;    /* <finding bbox=>, "" when none */
    char *section; /* <finding section=>: where a field not found was looked
                    * for, in words ("signatory"); "" when none */
    const char *thumb; /* base64 PNG of its page region, borrowed from the
                        * document's thumbs (thumb_len bytes); NULL: none */
    size_t thumb_len;
} rep_finding;

typedef struct rep_line {
    const char *label; /* borrowed from the validator */
    char *value;       /* "" when nothing was understood */
} rep_line;

typedef struct rep_view {
    const euc_report_doc *doc;
    const char *status; /* doc->status, or the <check>'s own */
    int blocking, warnings;
    char *codes;        /* blocking codes, space-separated, each once */
    char *warning_codes; /* the same for warnings */
    char *end_use;      /* end-use/description, white space squashed */
    char *error;        /* the <error> message, else doc->reason */
    char *end_user, *country, *pages, *method, *conf;
    rep_finding *f;
    size_t nf;
    rep_line *lines;    /* what was understood (no validator: none) */
    size_t nlines;
} rep_view;

/* Reads d (and, with a validator, what was understood); -1 when memory
 * runs out (the view is then cleared). */
int rep_view_load(rep_view *v, const euc_report_doc *d, euc_validator *val);
void rep_view_clear(rep_view *v);
/* Views of all of r's documents, in r's order; NULL when memory runs out. */
rep_view *rep_views_new(const euc_report *r);
void rep_views_free(rep_view *v, size_t n);

/* Triage order: incomplete (most blocking first), error, complete, skipped;
 * by name within each.  And the rank of a status in that order (0-3). */
int rep_by_triage(const void *a, const void *b);
int rep_by_input(const void *a, const void *b);
int rep_status_rank(const char *status);

/* Is word one of the space-separated words of list? */
int rep_has_word(const char *list, const char *word);

/* string(expr), never NULL; free with free(). */
char *rep_xp_str(xmlXPathContextPtr xc, const char *expr);

/* Writes buf (len bytes) to out; an EUC_ERR_IO error when it cannot. */
int rep_put(FILE *out, const char *buf, size_t len, euc_error *err);

extern const euc_report_writer euc_report_text, euc_report_xml,
    euc_report_json, euc_report_jsonl, euc_report_csv, euc_report_html;

#endif
