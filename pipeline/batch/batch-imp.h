/* Private to the batch module (euc_batch.c, batch_report.c). */
#ifndef EUC_BATCH_IMP_H
#define EUC_BATCH_IMP_H

#include <stddef.h>

#include "euc/batch.h"

/* One input's record in OUTDIR/.eucheck/OUT.row. */
typedef struct batch_row {
    char *input;   /* the path as given or found */
    char *out;     /* NAME.xml inside the record's OUTDIR */
    char *dir;     /* that OUTDIR */
    char *status;  /* complete, incomplete, error, skipped */
    char *reason;  /* error or skip reason, "" otherwise */
    char *key;     /* what produced it (see euc_batch.c) */
    double seconds;
} batch_row;

void batch_row_clear(batch_row *r);
/* Reads a record file; -1 when missing or malformed. */
int batch_row_load(const char *path, const char *dir, batch_row *r);
/* Writes a record atomically (temporary name, then rename). */
int batch_row_save(const char *path, const batch_row *r);

/* Writes OUTDIR/summary.csv and OUTDIR/report.html from the rows (reading
 * each row's NAME.xml for findings and what was understood); note, when
 * not NULL, is said at the top of the report ("interrupted: 3 of 10"). */
int batch_write_reports(const char *outdir, batch_row *rows, size_t n,
                        const char *note, euc_error *err);

/* Writes data to path through a temporary file in the same directory. */
int batch_write_atomic(const char *path, const char *data, size_t len);

#endif
