/* Private to the batch module (batch.c, inputs.c, pool.c, record.c,
 * report.c): no file outside pipeline/batch/ includes it. */
#ifndef EUC_BATCH_IMP_H
#define EUC_BATCH_IMP_H

#include <stddef.h>

#include "euc/batch.h"
#include "euc/check.h"

/* One input's record in OUTDIR/.eucheck/OUT.row. */
typedef struct batch_row {
    char *input;   /* the path as given or found */
    char *out;     /* NAME.xml inside the record's OUTDIR */
    char *dir;     /* that OUTDIR */
    char *status;  /* complete, incomplete, error, skipped */
    char *reason;  /* error or skip reason, "" otherwise */
    char *key;     /* what produced it (see record.c) */
    double seconds;
} batch_row;

void batch_row_clear(batch_row *r);
/* Reads a record file; -1 when missing or malformed. */
int batch_row_load(const char *path, const char *dir, batch_row *r);
/* Writes a record atomically (temporary name, then rename). */
int batch_row_save(const char *path, const batch_row *r);

/* Writes OUTDIR/summary.csv and OUTDIR/report.html from the rows (reading
 * each row's NAME.xml for findings and what was understood); note, when
 * not NULL, is said at the top of the report ("interrupted: 3 of 10");
 * about says how the results were made (regime, as-of, options). */
int batch_write_reports(const char *outdir, batch_row *rows, size_t n,
                        const char *note, const char *about, euc_error *err);

/* Writes data to path through a temporary file in the same directory. */
int batch_write_atomic(const char *path, const char *data, size_t len);

/* --- one run (batch.c), shared by inputs.c, pool.c and record.c --------- */

/* OUTDIR/.eucheck holds one record per input (NAME.xml.row). */
#define BATCH_RECORD_DIR ".eucheck"
/* A skip reason with this mark makes an error row, not a skipped one. */
#define BATCH_ROW_ERROR "\001error:"

/* A growable list of strings; it owns them. */
typedef struct batch_strvec {
    char **v;
    size_t n, cap;
} batch_strvec;

void batch_strvec_free(batch_strvec *s);

/* One document of the run; every string is owned by the item. */
typedef struct batch_item {
    char *input;    /* as shown: a container's member is "ARCHIVE.zip/x.pdf" */
    char *path;     /* where it is read when not input (a member taken out
                     * into a temporary folder); NULL: input */
    const char *errcode; /* with an error skip: its code (euc_code_name) */
    char *out;      /* NAME.xml */
    char *key;      /* NULL until hashed */
    char *skip;     /* why a directory entry is not a certificate */
    batch_row row;
    int done;
} batch_item;

typedef struct batch_ctx {
    const euc_batch_options *opts; /* borrowed */
    batch_item *items;
    size_t n;
    char *outdir;
    char *recdir;
    char *fixed_key; /* version, data digest, options */
    euc_check_options copts;
    euc_batch_stats *stats;        /* borrowed: the caller's */
    struct euc_unpacked **unpacked; /* the containers opened, nunpacked */
    size_t nunpacked;
} batch_ctx;

/* Where the item is read from. */
#define BATCH_ITEM_PATH(it) ((it)->path ? (it)->path : (it)->input)

/* inputs.c: expands the inputs (files, folders searched recursively,
 * @LISTs) into paths, with a skip reason ("" for none) for each; a folder
 * reached again through a link is counted in *loops, not searched twice.
 * outdir_real (our own outputs) is never searched.  The caller frees both
 * lists with batch_strvec_free, also on error. */
int batch_inputs_find(const char *const *inputs, size_t ninputs,
                      const char *outdir_real, batch_strvec *paths,
                      batch_strvec *skips, size_t *loops, euc_error *err);

/* pool.c: processes the items todo[0..ntodo) in worker processes
 * (opts->jobs of them), recording each; -1 when workers cannot start.
 * SIGINT and SIGTERM stop it early: batch_pool_stopped then names the
 * signal (0 otherwise). */
int batch_pool_run(batch_ctx *b, size_t *todo, size_t ntodo);
int batch_pool_stopped(void);

/* batch.c: adds the item's status to the run's counts. */
void batch_count(batch_ctx *b, const batch_item *it);

/* record.c: what a result was made from.  The fixed key is everything but
 * the document (version, data files, rule files, options); an item's key
 * adds the document's SHA-256 (NULL when it cannot be read), and for a
 * container's member its name.  Both are the
 * caller's to free. */
char *batch_fixed_key(const euc_batch_options *o);
char *batch_item_key(const batch_ctx *b, const batch_item *it);
/* OUTDIR/.eucheck/NAME.xml.row and OUTDIR/NAME.xml, the caller's to free;
 * NULL when out of memory. */
char *batch_rec_path(const batch_ctx *b, const batch_item *it);
char *batch_out_path(const batch_ctx *b, const batch_item *it);
/* OUTDIR/.eucheck/NAME.xml.thumbs: the page images of a result's findings
 * (euc_report_thumbnails) for report.html; the caller's to free. */
char *batch_thumbs_path(const char *dir, const char *out);
/* Replaces the item's row (copies of every string). */
void batch_set_row(batch_ctx *b, batch_item *it, const char *status,
                   const char *reason, double seconds);
/* A <check> for a document that never got one from its worker. */
void batch_write_error_check(const batch_ctx *b, const batch_item *it,
                             const char *code, const char *reason);
/* Writes the error <check> and the record of an item that failed. */
void batch_record_error(batch_ctx *b, batch_item *it, const char *code,
                        const char *reason, double seconds);
/* Records an item skipped as not a certificate. */
void batch_record_skipped(batch_ctx *b, batch_item *it);
/* Non-zero when the item's previous result is current; its row is then
 * the recorded one. */
int batch_record_cached(batch_ctx *b, batch_item *it);
/* Appends the records of a batch output directory to *rows (grown as
 * needed, *n used of *cap; each row the caller's to clear). */
int batch_records_load_dir(const char *dir, batch_row **rows, size_t *n,
                           size_t *cap, euc_error *err);

#endif
