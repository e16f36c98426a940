#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "euc/batch.h"

static void help(void)
{
    printf("Usage: eucheck batch [-j N] [-o OUTDIR] [--regime R] [--rules FILE]\n"
           "                     [--as-of DATE] [--timeout SECONDS] [--shard K/N]\n"
           "                     [--force] [--progress] [--dpi N] [--lang L]\n"
           "                     FILE|DIR|@LIST...\n"
           "\n"
           "Checks many certificates in parallel and writes, in OUTDIR, one NAME.xml\n"
           "(<check>) per input, summary.csv and report.html (for reviewers).\n"
           "Directories are searched recursively; files that are not certificates\n"
           "are skipped with a note.  @LIST names a file with one path a line.\n"
           "Run it again and only new or changed inputs are processed.\n"
           "\n"
           "  -j, --jobs N       worker processes (default: number of cores)\n"
           "  -o, --outdir DIR   output directory (default: eucheck-out)\n"
           "  --regime R         cn-dual-use (default) or baseline\n"
           "  --rules FILE       add your own rule file (repeatable)\n"
           "  --as-of DATE       judge staleness as of YYYY-MM-DD (default today)\n"
           "  --timeout S        give up on a document after S seconds (default 120)\n"
           "  --max-memory N     memory each worker may take, e.g. 512M, 2G\n"
           "                     (default 1G; 0: no limit)\n"
           "  --shard K/N        process only part K of N (by path hash); join the\n"
           "                     parts with 'eucheck merge'\n"
           "  --force            process every input again\n"
           "  --progress         progress on stderr even when it is not a terminal\n"
           "  --dpi N, --lang L  as for 'eucheck extract'\n"
           "  -h, --help         show this help\n"
           "\n"
           "Exit status: 0 every input processed (whatever its findings), 2 some\n"
           "input could not be processed (summary.csv says which) or a usage error.\n");
}

static void on_error(void *user, const char *input, const char *reason)
{
    (void)user;
    fprintf(stderr, "eucheck: %s: %s\n", input, reason);
}

int euc_cmd_batch(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"jobs", required_argument, NULL, 'j'},
        {"outdir", required_argument, NULL, 'o'},
        {"regime", required_argument, NULL, 'r'},
        {"rules", required_argument, NULL, 'R'},
        {"as-of", required_argument, NULL, 'a'},
        {"timeout", required_argument, NULL, 't'},
        {"max-memory", required_argument, NULL, 'M'},
        {"shard", required_argument, NULL, 's'},
        {"force", no_argument, NULL, 'f'},
        {"progress", no_argument, NULL, 'p'},
        {"dpi", required_argument, NULL, 'd'},
        {"lang", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    euc_batch_options o;
    euc_batch_stats st;
    euc_error err;
    const char **rules = NULL;
    int c, status;
    long v;

    memset(&o, 0, sizeof o);
    o.outdir = "eucheck-out";
    o.progress = euc_cli_stderr_is_tty();
    o.on_error = on_error;
    rules = calloc((size_t)argc + 1, sizeof *rules);
    if (rules == NULL)
        return EUC_EXIT_ERROR;
    o.rules = rules;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "j:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j':
            if (euc_cli_parse_int(optarg, 1, 256, &v) < 0) {
                free(rules);
                return euc_cli_usage_error("batch", "-j takes a number from 1 "
                                           "to 256, not '%s'", optarg);
            }
            o.jobs = (int)v;
            break;
        case 'o': o.outdir = optarg; break;
        case 'r': o.regime = optarg; break;
        case 'R': rules[o.nrules++] = optarg; break;
        case 'a': o.as_of = optarg; break;
        case 'f': o.force = 1; break;
        case 'p': o.progress = 1; break;
        case 'l': o.lang = optarg; break;
        case 'M':
            if (strcmp(optarg, "0") == 0) {
                o.max_memory = -1;
            } else if (euc_cli_parse_size(optarg, &o.max_memory) != 0) {
                free(rules);
                return euc_cli_usage_error("batch", "--max-memory takes a size "
                                           "such as 512M or 2G, not '%s'", optarg);
            }
            break;
        case 't': {
            char *end;
            o.timeout = strtod(optarg, &end);
            if (*end != '\0' || o.timeout <= 0) {
                free(rules);
                return euc_cli_usage_error("batch", "--timeout takes a number "
                                           "of seconds, not '%s'", optarg);
            }
            break;
        }
        case 's':
            if (sscanf(optarg, "%d/%d", &o.shard_k, &o.shard_n) != 2 ||
                o.shard_n < 1 || o.shard_k < 1 || o.shard_k > o.shard_n) {
                free(rules);
                return euc_cli_usage_error("batch", "--shard takes K/N with "
                                           "1 <= K <= N, not '%s'", optarg);
            }
            break;
        case 'd':
            if (euc_cli_parse_int(optarg, 50, 1200, &v) < 0) {
                free(rules);
                return euc_cli_usage_error("batch", "--dpi takes a number from "
                                           "50 to 1200, not '%s'", optarg);
            }
            o.dpi = (int)v;
            break;
        case 'h':
            free(rules);
            help();
            return EUC_EXIT_OK;
        default:
            free(rules);
            return euc_cli_usage_error("batch", "unknown option '%s'",
                                       argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        free(rules);
        return euc_cli_usage_error("batch", "no FILE, DIR or @LIST given");
    }
    euc_error_clear(&err);
    if (euc_batch_run(&o, (const char *const *)argv + optind,
                      (size_t)(argc - optind), &st, &err) < 0) {
        euc_cli_print_error(&err);
        free(rules);
        return EUC_EXIT_ERROR;
    }
    printf("%zu documents: %zu complete, %zu incomplete, %zu error",
           st.inputs, st.complete, st.incomplete, st.errors);
    if (st.cached)
        printf(" (%zu unchanged since the last run)", st.cached);
    if (st.skipped)
        printf("; %zu files skipped as not certificates", st.skipped);
    if (st.links_not_followed)
        printf("; %zu %s to a folder already searched not followed",
               st.links_not_followed, st.links_not_followed == 1 ? "link" : "links");
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
    free(rules);
    return status;
}

int euc_cmd_merge(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"outdir", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *outdir = "eucheck-out";
    euc_batch_stats st;
    euc_error err;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': outdir = optarg; break;
        case 'h':
            printf("Usage: eucheck merge [-o OUTDIR] SHARD_OUTDIR...\n\n"
                   "Joins the outputs of 'eucheck batch --shard K/N' runs into one\n"
                   "summary.csv and report.html in OUTDIR (default eucheck-out).\n"
                   "Each document's NAME.xml stays in its shard's directory.\n");
            return EUC_EXIT_OK;
        default:
            return euc_cli_usage_error("merge", "unknown option '%s'",
                                       argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return euc_cli_usage_error("merge", "no shard output directory given");
    euc_error_clear(&err);
    if (euc_batch_merge(outdir, (const char *const *)argv + optind,
                        (size_t)(argc - optind), &st, &err) < 0) {
        euc_cli_print_error(&err);
        return EUC_EXIT_ERROR;
    }
    printf("%zu documents: %zu complete, %zu incomplete, %zu error\n"
           "summary: %s/summary.csv\nreport:  %s/report.html\n", st.inputs,
           st.complete, st.incomplete, st.errors, outdir, outdir);
    return st.errors ? EUC_EXIT_ERROR : EUC_EXIT_OK;
}
