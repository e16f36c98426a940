/* eucheck check: say what is missing before a certificate is submitted.
 * Argument handling only; the work is euc_check (euc_check.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "euc/check.h"

typedef enum format { FORMAT_TEXT, FORMAT_XML, FORMAT_JSON } format;

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: eucheck check [OPTIONS] FILE...\n"
            "\n"
            "Reads each end-use certificate and reports, per file, COMPLETE,\n"
            "INCOMPLETE or ERROR: what would stall approval and how to fix it,\n"
            "then warnings, then what eucheck understood.\n"
            "\n"
            "Options:\n"
            "  --xml            <check> XML (several files: <checks>)\n"
            "  --json           the same content as JSON\n"
            "  --regime NAME    cn-dual-use (default) or baseline\n"
            "  --rules FILE     add your own rule file (may be repeated)\n"
            "  --as-of DATE     judge staleness on DATE (YYYY-MM-DD), not today\n"
            "  --dpi N          OCR resolution (default 300)\n"
            "  --lang L         OCR languages, e.g. eng+chi_sim+jpn (default auto,\n"
            "                   as for 'eucheck extract')\n"
            "  --timeout S      give up on a file after S seconds (default 120;\n"
            "                   0: no limit)\n"
            "  --max-memory N   memory a file may take to read, e.g. 512M, 2G\n"
            "                   (default 1G; 0: no limit).  Each file is read\n"
            "                   in a child process held to both limits.\n"
            "  -h, --help       show this help\n"
            "\n"
            "Colour on a terminal unless NO_COLOR is set.\n"
            "Exit status: 0 nothing blocking, 1 a file has a blocking finding,\n"
            "2 a file could not be processed or a usage error (2 wins).\n");
}

/* "--opt VALUE" or "--opt=VALUE"; returns the value and advances *i, or
 * NULL when argv[*i] is not this option. */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
                             int *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    (*i)++;
    return argv[*i];
}

static int use_colour(void)
{
    const char *nc = getenv("NO_COLOR");

    return isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0');
}

int euc_cmd_check(int argc, char **argv)
{
    euc_check_options opts;
    euc_checker *checker = NULL;
    euc_check_result **results = NULL;
    const char **rules = NULL;
    size_t nrules = 0, nfiles = 0, i;
    format fmt = FORMAT_TEXT;
    euc_error err;
    int status = EUC_EXIT_OK, k, only_files = 0;
    const char *v;

    euc_check_options_init(&opts);
    euc_error_clear(&err);
    rules = calloc((size_t)argc, sizeof *rules);
    results = calloc((size_t)argc, sizeof *results);
    if (rules == NULL || results == NULL) {
        fprintf(stderr, "eucheck: out of memory\n");
        status = EUC_EXIT_ERROR;
        goto cleanup;
    }
    for (k = 1; k < argc; k++) {
        int missing = 0;
        long n;
        const char *a = argv[k];
        if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
            argv[1 + nfiles++] = argv[k];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_files = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            goto cleanup;
        } else if (strcmp(a, "--xml") == 0) {
            fmt = FORMAT_XML;
        } else if (strcmp(a, "--json") == 0) {
            fmt = FORMAT_JSON;
        } else if ((v = opt_value(argc, argv, &k, "--regime", &missing))) {
            opts.regime = v;
        } else if ((v = opt_value(argc, argv, &k, "--rules", &missing))) {
            rules[nrules++] = v;
        } else if ((v = opt_value(argc, argv, &k, "--as-of", &missing))) {
            opts.as_of = v;
        } else if ((v = opt_value(argc, argv, &k, "--lang", &missing))) {
            opts.extract.lang = v;
        } else if ((v = opt_value(argc, argv, &k, "--timeout", &missing))) {
            char *end;
            double t = strtod(v, &end);
            if (*end != '\0' || end == v || t < 0) {
                status = euc_cli_usage_error("check", "--timeout takes a number of "
                                             "seconds, not '%s'", v);
                goto cleanup;
            }
            opts.timeout = t;
        } else if ((v = opt_value(argc, argv, &k, "--max-memory", &missing))) {
            long long m = 0;
            if (strcmp(v, "0") != 0 && euc_cli_parse_size(v, &m) != 0) {
                status = euc_cli_usage_error("check", "--max-memory takes a size "
                                             "such as 512M or 2G, not '%s'", v);
                goto cleanup;
            }
            opts.max_memory = m;
        } else if ((v = opt_value(argc, argv, &k, "--dpi", &missing))) {
            if (euc_cli_parse_int(v, 50, 1200, &n) != 0) {
                status = euc_cli_usage_error(
                    "check", "--dpi wants a whole number from 50 to 1200, "
                             "not '%s'", v);
                goto cleanup;
            }
            opts.extract.dpi = (int)n;
        } else if (missing) {
            status = euc_cli_usage_error("check", "%s needs a value", a);
            goto cleanup;
        } else {
            status = euc_cli_usage_error("check", "unknown option '%s'", a);
            goto cleanup;
        }
    }
    if (nfiles == 0) {
        status = euc_cli_usage_error("check", "no FILE given");
        goto cleanup;
    }
    opts.rules = rules;
    opts.nrules = nrules;
    if (euc_cli_stderr_is_tty())
        opts.extract.progress = euc_cli_progress;
    checker = euc_checker_new(&opts, &err);
    if (checker == NULL) {
        euc_cli_print_error(&err);
        status = EUC_EXIT_ERROR;
        goto cleanup;
    }
    for (i = 0; i < nfiles; i++) {
        const char *path = argv[1 + i];
        if (euc_check_file(checker, path, &results[i], &err) != 0) {
            euc_cli_print_error(&err);
            status = EUC_EXIT_ERROR;
        } else if (euc_check_result_status(results[i]) ==
                       EUC_CHECK_INCOMPLETE &&
                   status == EUC_EXIT_OK) {
            status = EUC_EXIT_FINDINGS;
        }
        if (results[i] == NULL) {
            fprintf(stderr, "eucheck: out of memory\n");
            status = EUC_EXIT_ERROR;
            nfiles = i;
            break;
        }
    }
    {
        const euc_check_result *const *rs =
            (const euc_check_result *const *)results;
        int rc;
        if (fmt == FORMAT_XML)
            rc = euc_check_write_xml(stdout, rs, nfiles, &err);
        else if (fmt == FORMAT_JSON)
            rc = euc_check_write_json(stdout, rs, nfiles, &err);
        else
            rc = euc_check_write_text(stdout, checker, rs, nfiles,
                                      use_colour(), &err);
        if (rc != 0 || fflush(stdout) != 0) {
            euc_cli_print_error(&err);
            status = EUC_EXIT_ERROR;
        }
    }
cleanup:
    if (results != NULL)
        for (i = 0; i < nfiles; i++)
            euc_check_result_free(results[i]);
    euc_checker_free(checker);
    free(results);
    free(rules);
    return status;
}
