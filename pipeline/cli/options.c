/* The command line's options, for every command: each is spelled, described
 * (its --help line) and parsed here, once; a command lists the ones it
 * takes (euc_cli_use) and reads the values from euc_cli_args. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "euc/extract.h"

typedef struct opt_row {
    const char *name;   /* --NAME */
    char short_name;    /* -C, or 0 */
    const char *arg;    /* the value's name in --help; NULL: a flag */
    const char *help;   /* lines after the first are indented under it */
    long long dflt;     /* said as " (default N)" after the help; 0: not */
    const char *bad;    /* usage error for a bad value, with the value */
} opt_row;

static const opt_row rows[EUC_CLI_OPT_COUNT] = {
    [EUC_CLI_OPT_XML] = {"xml", 0, NULL, "<check> XML (several files: <checks>)", 0, NULL},
    [EUC_CLI_OPT_JSON] = {"json", 0, NULL,
        "the same content as JSON: {\"eucheck\": VERSION,\n"
        "\"results\": [...]} (schemas/check.schema.json)", 0, NULL},
    [EUC_CLI_OPT_JSONL] = {"jsonl", 0, NULL,
        "JSON Lines: one result object per line, for streams", 0, NULL},
    [EUC_CLI_OPT_NAME] = {"name", 0, "NAME",
        "what FILE '-' (standard input) is called in reports\n"
        "(default '-')", 0, NULL},
    [EUC_CLI_OPT_EXPLAIN] = {"explain", 0, NULL,
        "on stderr, for each field: the label matched (or the\n"
        "labels looked for), the words taken, their page and\n"
        "confidence, and the reader (form, table, block, list,\n"
        "letter, phrase, ink) that took them", 0, NULL},
    [EUC_CLI_OPT_FORCE_OCR] = {"force-ocr", 0, NULL,
        "OCR every PDF page even when it has a text layer", 0, NULL},
    [EUC_CLI_OPT_MAX_PIXELS] = {"max-pixels", 0, "N", "refuse images larger than N pixels",
        EUC_DEFAULT_MAX_PIXELS, "--max-pixels takes a positive number, not '%s'"},
    [EUC_CLI_OPT_REGIME] = {"regime", 0, "R", "cn-dual-use (default) or baseline", 0, NULL},
    [EUC_CLI_OPT_RULES] = {"rules", 0, "FILE", "add your own rule file (may be repeated)",
        0, NULL},
    [EUC_CLI_OPT_AS_OF] = {"as-of", 0, "DATE",
        "judge staleness on DATE (YYYY-MM-DD), not today", 0, NULL},
    [EUC_CLI_OPT_DPI] = {"dpi", 0, "N", "render resolution for OCR of PDF pages",
        EUC_DEFAULT_DPI, "--dpi takes a number from 50 to 1200, not '%s'"},
    [EUC_CLI_OPT_LANG] = {"lang", 0, "L",
        "OCR languages, e.g. eng+chi_sim+jpn; default auto:\n"
        "English, and a page that reads as another script\n"
        "again in Chinese and Japanese when installed", 0, NULL},
    [EUC_CLI_OPT_TIMEOUT] = {"timeout", 0, "S",
        "give up on a file after S seconds (default 120;\n"
        "0: no limit)", 0, "--timeout takes a number of seconds, not '%s'"},
    [EUC_CLI_OPT_MAX_MEMORY] = {"max-memory", 0, "N",
        "memory a file may take to read, e.g. 512M, 2G\n"
        "(default 1G; 0: no limit).  Each file is read\n"
        "in a child process held to both limits.", 0,
        "--max-memory takes a size such as 512M or 2G, not '%s'"},
    [EUC_CLI_OPT_JOBS] = {"jobs", 'j', "N", "worker processes (default: number of cores)",
        0, "-j takes a number from 1 to 256, not '%s'"},
    [EUC_CLI_OPT_OUTDIR] = {"outdir", 'o', "DIR", "output directory (default: eucheck-out)",
        0, NULL},
    [EUC_CLI_OPT_SHARD] = {"shard", 0, "K/N",
        "process only part K of N (by path hash); join the\n"
        "parts with 'eucheck merge'", 0, "--shard takes K/N with 1 <= K <= N, not '%s'"},
    [EUC_CLI_OPT_FORCE] = {"force", 0, NULL, "process every input again", 0, NULL},
    [EUC_CLI_OPT_PROGRESS] = {"progress", 0, NULL,
        "progress on stderr even when it is not a terminal", 0, NULL},
    [EUC_CLI_OPT_NO_THUMBNAILS] = {"no-thumbnails", 0, NULL,
        "no page images in report.html (smaller, a little faster)", 0, NULL},
    [EUC_CLI_OPT_HELP] = {"help", 'h', NULL, "show this help", 0, NULL},
};

/* getopt_long's value for a long option: above every short one. */
#define LONG_VAL(id) (256 + (int)(id))

/* A whole decimal number in [min, max]; -1 when it is not one. */
static int parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

/* A size in bytes, "512M", "1G", "800K" or a plain number; -1 when it is
 * not one. */
static int parse_size(const char *s, long long *out)
{
    char *end;
    double v;
    long long mult = 1;

    errno = 0;
    v = strtod(s, &end);
    if (errno != 0 || end == s || v <= 0)
        return -1;
    if (*end == 'K' || *end == 'k')
        mult = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        mult = 1024 * 1024, end++;
    else if (*end == 'G' || *end == 'g')
        mult = 1024LL * 1024 * 1024, end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end != '\0' || v * (double)mult > 1e15)
        return -1;
    *out = (long long)(v * (double)mult);
    return 0;
}

/* Stores one option's value; -1 when the value is not one it takes. */
static int set_value(const euc_cli_use *use, const char *v, euc_cli_args *a)
{
    long n;

    switch (use->opt) {
    case EUC_CLI_OPT_XML: a->xml = 1; break;
    case EUC_CLI_OPT_JSON: a->json = 1; break;
    case EUC_CLI_OPT_JSONL: a->jsonl = 1; break;
    case EUC_CLI_OPT_NAME: a->name = v; break;
    case EUC_CLI_OPT_EXPLAIN: a->explain = 1; break;
    case EUC_CLI_OPT_FORCE_OCR: a->force_ocr = 1; break;
    case EUC_CLI_OPT_FORCE: a->force = 1; break;
    case EUC_CLI_OPT_PROGRESS: a->progress = 1; break;
    case EUC_CLI_OPT_NO_THUMBNAILS: a->no_thumbnails = 1; break;
    case EUC_CLI_OPT_REGIME: a->regime = v; break;
    case EUC_CLI_OPT_RULES: a->rules[a->nrules++] = v; break;
    case EUC_CLI_OPT_AS_OF: a->as_of = v; break;
    case EUC_CLI_OPT_LANG: a->lang = v; break;
    case EUC_CLI_OPT_OUTDIR: a->outdir = v; break;
    case EUC_CLI_OPT_HELP: break;
    case EUC_CLI_OPT_MAX_PIXELS:
        if (parse_int(v, 1, 2000000000L, &n) < 0)
            return -1;
        a->max_pixels = n;
        break;
    case EUC_CLI_OPT_DPI:
        if (parse_int(v, 50, 1200, &n) < 0)
            return -1;
        a->dpi = (int)n;
        break;
    case EUC_CLI_OPT_JOBS:
        if (parse_int(v, 1, 256, &n) < 0)
            return -1;
        a->jobs = (int)n;
        break;
    case EUC_CLI_OPT_TIMEOUT: {
        char *end;
        double t = strtod(v, &end);
        if (end == v || *end != '\0' || t < 0 ||
            (t == 0 && (use->flags & EUC_CLI_NO_ZERO)))
            return -1;
        a->timeout = t;
        break;
    }
    case EUC_CLI_OPT_MAX_MEMORY:
        if (strcmp(v, "0") == 0)
            a->max_memory = -1;
        else if (parse_size(v, &a->max_memory) != 0)
            return -1;
        break;
    case EUC_CLI_OPT_SHARD:
        if (sscanf(v, "%d/%d", &a->shard_k, &a->shard_n) != 2 || a->shard_n < 1 ||
            a->shard_k < 1 || a->shard_k > a->shard_n)
            return -1;
        break;
    case EUC_CLI_OPT_COUNT:
        return -1;
    }
    return 0;
}

/* --help: the command's usage, its options aligned in one column, its
 * notes. */
static void print_help(const euc_cli_command *cmd)
{
    const euc_cli_use *uses = cmd->uses;
    size_t nuses = cmd->nuses;
    FILE *out = stdout;
    char left[64];
    int width = 0, n;
    size_t i;

    fputs(cmd->usage, out);
    for (i = 0; i < nuses; i++) {
        const opt_row *r = &rows[uses[i].opt];
        n = (int)strlen(r->name) + 2 + (r->short_name ? 4 : 0) +
            (r->arg ? (int)strlen(r->arg) + 1 : 0);
        if (n > width)
            width = n;
    }
    for (i = 0; i < nuses; i++) {
        const opt_row *r = &rows[uses[i].opt];
        const char *help = uses[i].help ? uses[i].help : r->help, *nl;
        char short_form[8] = "";

        if (r->short_name != 0)
            snprintf(short_form, sizeof short_form, "-%c, ", r->short_name);
        snprintf(left, sizeof left, "%s--%s%s%s", short_form, r->name,
                 r->arg ? " " : "", r->arg ? r->arg : "");
        fprintf(out, "  %-*s  ", width, left);
        for (nl = strchr(help, '\n'); nl != NULL; nl = strchr(help, '\n')) {
            fprintf(out, "%.*s\n%*s", (int)(nl - help), help, width + 4, "");
            help = nl + 1;
        }
        fputs(help, out);
        if (r->dflt != 0)
            fprintf(out, " (default %lld)", r->dflt);
        fputc('\n', out);
    }
    if (cmd->notes != NULL)
        fprintf(out, "\n%s", cmd->notes);
}

/* The argv element getopt_long stopped on.  It stays on an element while
 * letters of a cluster ("-xh") remain; otherwise it has moved past the
 * element, which then is the one before, unless what is before is a
 * non-option it skipped (to be moved after the options). */
static const char *culprit(char **argv, int before)
{
    const char *prev = argv[optind - 1];

    if (optind == before || prev[0] != '-' || prev[1] == '\0')
        return argv[optind];
    return prev;
}

int euc_cli_parse(const euc_cli_command *cmd, int argc, char **argv,
                  euc_cli_args *a, int *status)
{
    const euc_cli_use *uses = cmd->uses;
    size_t nuses = cmd->nuses;
    struct option *longopts = NULL;
    char *shorts = NULL, *s;
    int rc = -1, c, before;
    size_t i;

    memset(a, 0, sizeof *a);
    a->timeout = -1;
    *status = EUC_EXIT_ERROR;
    a->rules = calloc((size_t)argc + 1, sizeof *a->rules);
    longopts = calloc(nuses + 1, sizeof *longopts);
    /* ':' first: a missing value is told apart from an unknown option */
    shorts = malloc(2 * nuses + 2);
    if (a->rules == NULL || longopts == NULL || shorts == NULL) {
        fprintf(stderr, "eucheck: out of memory\n");
        goto cleanup;
    }
    s = shorts;
    *s++ = ':';
    for (i = 0; i < nuses; i++) {
        const opt_row *r = &rows[uses[i].opt];
        longopts[i].name = r->name;
        longopts[i].has_arg = r->arg ? required_argument : no_argument;
        longopts[i].val = LONG_VAL(uses[i].opt);
        if (r->short_name != 0) {
            *s++ = r->short_name;
            if (r->arg != NULL)
                *s++ = ':';
        }
    }
    *s = '\0';
    optind = 1;
    opterr = 0;
    for (;;) {
        const euc_cli_use *use = NULL;

        before = optind;
        c = getopt_long(argc, argv, shorts, longopts, NULL);
        if (c == -1)
            break;
        if (c == ':') {
            euc_cli_usage_error(cmd->name, "%s needs a value", culprit(argv, before));
            goto cleanup;
        }
        for (i = 0; i < nuses && use == NULL; i++)
            if (c == LONG_VAL(uses[i].opt) || c == rows[uses[i].opt].short_name)
                use = &uses[i];
        if (use == NULL) {
            euc_cli_usage_error(cmd->name, "unknown option '%s'", culprit(argv, before));
            goto cleanup;
        }
        if (use->opt == EUC_CLI_OPT_HELP) {
            print_help(cmd);
            *status = EUC_EXIT_OK;
            goto cleanup;
        }
        if (set_value(use, optarg, a) < 0) {
            euc_cli_usage_error(cmd->name, rows[use->opt].bad, optarg);
            goto cleanup;
        }
    }
    if (a->xml + a->json + a->jsonl > 1) {
        /* "last one wins" would hide a mistake in a script */
        euc_cli_usage_error(cmd->name, "--xml, --json and --jsonl exclude each other: "
                                       "give one");
        goto cleanup;
    }
    a->files = optind;
    *status = EUC_EXIT_OK;
    rc = 0;
cleanup:
    if (rc < 0)
        euc_cli_args_free(a);
    free(longopts);
    free(shorts);
    return rc;
}

void euc_cli_extract_options(const euc_cli_args *a, euc_options *o)
{
    if (a->dpi != 0)
        o->dpi = a->dpi;
    if (a->lang != NULL)
        o->lang = a->lang;
    if (a->max_pixels != 0)
        o->max_pixels = a->max_pixels;
    if (a->force_ocr)
        o->force_ocr = 1;
}

void euc_cli_args_free(euc_cli_args *a)
{
    free(a->rules);
    a->rules = NULL;
    a->nrules = 0;
}
