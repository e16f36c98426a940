/* euc_batch: many certificates in parallel, resumably, with a triage report.
 *
 * Documents are the unit of parallelism: -j worker processes, each holding
 * its own Tesseract handle, parser and validator, started once and reused
 * for every document it is given.  A document that crashes its worker,
 * hangs past the timeout or cannot be read is recorded with status "error"
 * and its reason; the worker is replaced and the batch goes on.  Every input
 * appears in the summary exactly once.
 *
 * OUTDIR holds, per input, NAME.xml (its <check> document) and a record in
 * OUTDIR/.eucheck/NAME.row (the summary row and the key of what produced
 * it: content hash, eucheck version, data files, options).  A document
 * whose key is unchanged is not processed again.  Every file is written to
 * a temporary name and renamed into place: an interrupted batch never
 * leaves a half-written file, and running it again finishes what is left.
 * summary.csv and report.html are made from OUTDIR's records alone, so
 * euc_batch_merge can join the outputs of shards run anywhere.
 *
 * Ownership: options are borrowed for the duration of the call.
 */
#ifndef EUC_BATCH_H
#define EUC_BATCH_H

#include <stddef.h>

#include "euc/error.h"

typedef struct euc_batch_options {
    int jobs;                 /* worker processes; <= 0: number of cores */
    const char *outdir;       /* created when missing */
    const char *regime;       /* NULL: the default regime */
    const char *const *rules; /* extra rule files */
    size_t nrules;
    const char *as_of;        /* YYYY-MM-DD or NULL */
    int dpi;                  /* 0: default */
    const char *lang;         /* NULL: "eng" */
    double timeout;           /* seconds per document; <= 0: 120 */
    long long max_memory;     /* bytes of address space per worker; 0: 1 GiB,
                                 < 0: none */
    int shard_k, shard_n;     /* process part K of N (1-based); N=0: all */
    int force;                /* redo documents whose result is current */
    int progress;             /* progress line on stderr */
    int no_thumbnails;        /* report.html without the findings' page
                                 images (euc_report_thumbnails) */
    /* Called at the end for each document with status error. */
    void (*on_error)(void *user, const char *input, const char *reason);
    void *user;
} euc_batch_options;

typedef struct euc_batch_stats {
    size_t inputs;     /* documents in this run (after sharding) */
    size_t complete, incomplete, errors;
    size_t cached;     /* reused from an earlier run */
    size_t skipped;    /* directory entries that are not certificates */
    size_t links_not_followed; /* links to a folder already searched */
    int interrupted;   /* the signal (SIGINT, SIGTERM) that stopped the run
                          early, 0 when it ran to the end */
    size_t done;       /* documents finished when it stopped */
    size_t worker_restarts;
    long peak_rss_kb;  /* largest resident set of any worker */
    size_t earlier;    /* results already in OUTDIR for inputs not in this
                          run, kept in the summary and the report */
} euc_batch_stats;

/* inputs: files, directories (searched recursively, by content) and
 * "@LIST" files (one path a line).  Fails (-1) only when the batch cannot
 * run at all (no OUTDIR, no inputs, bad options); a document that fails is
 * a row with status error, counted in stats->errors. */
int euc_batch_run(const euc_batch_options *opts, const char *const *inputs,
                  size_t ninputs, euc_batch_stats *stats, euc_error *err);

/* Writes summary.csv and report.html into outdir from the records of the
 * given OUTDIRs (outdir may be one of them). */
int euc_batch_merge(const char *outdir, const char *const *dirs, size_t ndirs,
                    euc_batch_stats *stats, euc_error *err);

#endif
