/* eucheck check: say what is missing before a certificate is submitted.
 * Argument handling only; the work is euc_check (euc_check.h). */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "euc/check.h"

typedef enum format { FORMAT_TEXT, FORMAT_XML, FORMAT_JSON, FORMAT_JSONL } format;

static const euc_cli_use uses[] = {
    EUC_CLI_USE(XML), EUC_CLI_USE(JSON), EUC_CLI_USE(JSONL), EUC_CLI_USE(NAME),
    EUC_CLI_USE(REGIME), EUC_CLI_USE(RULES),
    EUC_CLI_USE(AS_OF), EUC_CLI_USE(DPI), EUC_CLI_USE(LANG), EUC_CLI_USE(TIMEOUT),
    EUC_CLI_USE(MAX_MEMORY), EUC_CLI_USE(HELP),
};

static const euc_cli_command command = {
    "check", uses, EUC_CLI_NUSES(uses),
    "Usage: eucheck check [OPTIONS] FILE...   (FILE '-': standard input)\n"
    "\n"
    "Reads each end-use certificate and reports, per file, COMPLETE,\n"
    "INCOMPLETE or ERROR: what would stall approval and how to fix it,\n"
    "then warnings, then what eucheck understood.\n"
    "\n"
    "Options:\n",
    "Colour on a terminal unless NO_COLOR is set or TERM is dumb.\n"
    "Exit status: 0 nothing blocking, 1 a file has a blocking finding,\n"
    "2 a file could not be processed or a usage error (2 wins).\n",
};

static int use_colour(void)
{
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

    return isatty(STDOUT_FILENO) && (nc == NULL || nc[0] == '\0') &&
           (term == NULL || strcmp(term, "dumb") != 0);
}

int euc_cmd_check(int argc, char **argv)
{
    euc_cli_args a;
    euc_check_options opts;
    char stdin_copy[512] = "";
    euc_checker *checker = NULL;
    euc_check_result **results = NULL;
    const char **files;
    size_t nfiles = 0, nresults = 0, i;
    format fmt = FORMAT_TEXT;
    euc_error err;
    int status;

    euc_check_options_init(&opts);
    euc_error_clear(&err);
    if (euc_cli_parse(&command, argc, argv, &a, &status) < 0)
        return status;
    files = (const char **)argv + a.files;
    nfiles = (size_t)(argc - a.files);
    fmt = a.xml ? FORMAT_XML : a.json ? FORMAT_JSON : a.jsonl ? FORMAT_JSONL : FORMAT_TEXT;
    if (a.regime != NULL)
        opts.regime = a.regime;
    if (a.as_of != NULL)
        opts.as_of = a.as_of;
    euc_cli_extract_options(&a, &opts.extract);
    if (a.timeout >= 0)
        opts.timeout = a.timeout;
    if (a.max_memory != 0)
        opts.max_memory = a.max_memory < 0 ? 0 : a.max_memory;
    if (nfiles == 0) {
        status = euc_cli_usage_error("check", "no FILE given");
        goto cleanup;
    }
    opts.rules = a.rules;
    opts.nrules = a.nrules;
    if (euc_cli_stderr_is_tty())
        opts.extract.progress = euc_cli_progress;
    checker = euc_checker_new(&opts, &err);
    if (checker == NULL) {
        euc_cli_print_error(&err);
        status = EUC_EXIT_ERROR;
        goto cleanup;
    }
    for (i = 0; i < nfiles; i++) {
        const char *path = files[i], *name = NULL;
        euc_check_result **got = NULL, **grown;
        size_t ngot = 0, k;
        if (strcmp(path, "-") == 0) {
            if (stdin_copy[0] != '\0') {
                status = euc_cli_usage_error("check", "'-' (standard input) given twice");
                break;
            }
            if (euc_cli_stdin_to_file(stdin_copy, sizeof stdin_copy, &err) != 0) {
                euc_cli_print_error(&err);
                status = EUC_EXIT_ERROR;
                break;
            }
            path = stdin_copy;
            name = a.name ? a.name : "-";
        }
        /* a ZIP or an e-mail gives a result for each document in it */
        /* (its -1 is an error result, said below with the others) */
        euc_check_path(checker, path, name, &got, &ngot, &err);
        grown = got ? realloc(results, (nresults + ngot + 1) * sizeof *results)
                    : NULL;
        if (grown == NULL) {
            for (k = 0; k < ngot; k++)
                euc_check_result_free(got[k]);
            free(got);
            fprintf(stderr, "eucheck: out of memory\n");
            status = EUC_EXIT_ERROR;
            break;
        }
        results = grown;
        for (k = 0; k < ngot; k++) {
            const euc_error *e = euc_check_result_error(got[k]);
            results[nresults++] = got[k];
            if (euc_check_result_status(got[k]) == EUC_CHECK_ERROR) {
                euc_cli_print_error(e);
                status = EUC_EXIT_ERROR;
            } else if (euc_check_result_status(got[k]) ==
                           EUC_CHECK_INCOMPLETE && status == EUC_EXIT_OK) {
                status = EUC_EXIT_FINDINGS;
            }
        }
        free(got);
    }
    {
        const euc_check_result *const *rs =
            (const euc_check_result *const *)results;
        int rc;
        if (fmt == FORMAT_XML)
            rc = euc_check_write_xml(stdout, rs, nresults, &err);
        else if (fmt == FORMAT_JSON)
            rc = euc_check_write_json(stdout, rs, nresults, &err);
        else if (fmt == FORMAT_JSONL)
            rc = euc_check_write_jsonl(stdout, rs, nresults, &err);
        else
            rc = euc_check_write_text(stdout, checker, rs, nresults,
                                      use_colour(), &err);
        if (rc != 0 || fflush(stdout) != 0) {
            euc_cli_print_error(&err);
            status = EUC_EXIT_ERROR;
        }
    }
cleanup:
    if (stdin_copy[0] != '\0')
        unlink(stdin_copy);
    for (i = 0; i < nresults; i++)
        euc_check_result_free(results[i]);
    euc_checker_free(checker);
    free(results);
    euc_cli_args_free(&a);
    return status;
}
