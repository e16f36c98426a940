#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "euc/batch.h"

static const euc_cli_use uses[] = {
    EUC_CLI_USE(JOBS), EUC_CLI_USE(OUTDIR), EUC_CLI_USE(REGIME), EUC_CLI_USE(RULES),
    EUC_CLI_USE(AS_OF),
    /* a worker always has a time limit, and the memory cap is the worker's */
    {EUC_CLI_OPT_TIMEOUT, "give up on a document after S seconds (default 120)",
     EUC_CLI_NO_ZERO},
    {EUC_CLI_OPT_MAX_MEMORY, "memory each worker may take, e.g. 512M, 2G\n"
                             "(default 1G; 0: no limit)", 0},
    EUC_CLI_USE(SHARD), EUC_CLI_USE(FORCE), EUC_CLI_USE(PROGRESS),
    EUC_CLI_USE(NO_THUMBNAILS), EUC_CLI_USE(DPI), EUC_CLI_USE(LANG), EUC_CLI_USE(HELP),
};

static const euc_cli_use merge_uses[] = {
    EUC_CLI_USE(OUTDIR), EUC_CLI_USE(HELP),
};

static const euc_cli_command command = {
    "batch", uses, EUC_CLI_NUSES(uses),
    "Usage: eucheck batch [-j N] [-o OUTDIR] [--regime R] [--rules FILE]\n"
    "                     [--as-of DATE] [--timeout SECONDS] [--shard K/N]\n"
    "                     [--force] [--progress] [--no-thumbnails]\n"
    "                     [--dpi N] [--lang L]\n"
    "                     FILE|DIR|@LIST...\n"
    "\n"
    "Checks many certificates in parallel and writes, in OUTDIR, one NAME.xml\n"
    "(<check>) per input, summary.csv and report.html (for reviewers).\n"
    "Directories are searched recursively; files that are not certificates\n"
    "are skipped with a note.  @LIST names a file with one path a line.\n"
    "Run it again and only new or changed inputs are processed.\n"
    "\n",
    "Exit status: 0 every input processed (whatever its findings), 2 some\n"
    "input could not be processed (summary.csv says which) or a usage error.\n",
};

static const euc_cli_command merge_command = {
    "merge", merge_uses, EUC_CLI_NUSES(merge_uses),
    "Usage: eucheck merge [-o OUTDIR] SHARD_OUTDIR...\n\n"
    "Joins the outputs of 'eucheck batch --shard K/N' runs into one\n"
    "summary.csv and report.html in OUTDIR (default eucheck-out).\n"
    "Each document's NAME.xml stays in its shard's directory.\n"
    "\n",
    "Exit status: 0 every document processed, 2 some document could not\n"
    "be processed (summary.csv says which) or a usage error.\n",
};

static void on_error(void *user, const char *input, const char *reason)
{
    (void)user;
    fprintf(stderr, "eucheck: %s: %s\n", input, reason);
}

int euc_cmd_batch(int argc, char **argv)
{
    euc_cli_args a;
    euc_batch_options o;
    euc_batch_stats st;
    euc_error err;
    int status;

    if (euc_cli_parse(&command, argc, argv, &a, &status) < 0)
        return status;
    memset(&o, 0, sizeof o);
    o.outdir = a.outdir ? a.outdir : "eucheck-out";
    o.progress = a.progress || euc_cli_stderr_is_tty();
    o.on_error = on_error;
    o.rules = a.rules;
    o.nrules = a.nrules;
    o.jobs = a.jobs;
    o.regime = a.regime;
    o.as_of = a.as_of;
    o.force = a.force;
    o.no_thumbnails = a.no_thumbnails;
    o.lang = a.lang;
    o.dpi = a.dpi;
    o.max_memory = a.max_memory;
    if (a.timeout > 0)
        o.timeout = a.timeout;
    o.shard_k = a.shard_k;
    o.shard_n = a.shard_n;
    if (a.files >= argc) {
        euc_cli_args_free(&a);
        return euc_cli_usage_error("batch", "no FILE, DIR or @LIST given");
    }
    euc_error_clear(&err);
    if (euc_batch_run(&o, (const char *const *)argv + a.files,
                      (size_t)(argc - a.files), &st, &err) < 0) {
        euc_cli_print_error(&err);
        euc_cli_args_free(&a);
        return EUC_EXIT_ERROR;
    }
    printf("%zu %s: %zu complete, %zu incomplete, %zu error", st.inputs,
           st.inputs == 1 ? "document" : "documents", st.complete, st.incomplete,
           st.errors);
    if (st.cached)
        printf(" (%zu unchanged since the last run)", st.cached);
    if (st.skipped)
        printf("; %zu files skipped as not certificates", st.skipped);
    if (st.links_not_followed)
        printf("; %zu %s to a folder already searched not followed",
               st.links_not_followed, st.links_not_followed == 1 ? "link" : "links");
    if (st.earlier)
        printf("\n%zu earlier %s in %s kept in the summary and the report", st.earlier,
               st.earlier == 1 ? "result" : "results", o.outdir);
    printf("\nsummary: %s/summary.csv\nreport:  %s/report.html\n", o.outdir,
           o.outdir);
    if (st.peak_rss_kb > 0)
        printf("peak worker memory: %ld MB\n", st.peak_rss_kb / 1024);
    status = st.errors ? EUC_EXIT_ERROR : EUC_EXIT_OK;
    if (st.interrupted) {
        fprintf(stderr, "eucheck: batch interrupted (%s): %zu of %zu documents done; "
                        "run the same command again to finish the rest\n",
                st.interrupted == SIGINT ? "SIGINT" : "SIGTERM",
                st.cached + st.done, st.inputs);
        status = 128 + st.interrupted;
    }
    euc_cli_args_free(&a);
    return status;
}

int euc_cmd_merge(int argc, char **argv)
{
    euc_cli_args a;
    const char *outdir;
    euc_batch_stats st;
    euc_error err;
    int status;

    if (euc_cli_parse(&merge_command, argc, argv, &a, &status) < 0)
        return status;
    /* nothing in a is owned but the rules, which merge does not take */
    euc_cli_args_free(&a);
    outdir = a.outdir ? a.outdir : "eucheck-out";
    if (a.files >= argc)
        return euc_cli_usage_error("merge", "no shard output directory given");
    euc_error_clear(&err);
    if (euc_batch_merge(outdir, (const char *const *)argv + a.files,
                        (size_t)(argc - a.files), &st, &err) < 0) {
        euc_cli_print_error(&err);
        return EUC_EXIT_ERROR;
    }
    printf("%zu %s: %zu complete, %zu incomplete, %zu error\n"
           "summary: %s/summary.csv\nreport:  %s/report.html\n", st.inputs,
           st.inputs == 1 ? "document" : "documents", st.complete, st.incomplete,
           st.errors, outdir, outdir);
    return st.errors ? EUC_EXIT_ERROR : EUC_EXIT_OK;
}
