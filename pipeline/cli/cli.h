/* cli: the eucheck command line, a thin layer over libeuc.
 *
 * Each command lives in pipeline/cli/cmd_NAME.c as `int euc_cmd_NAME(int argc,
 * char **argv)` (argv[0] is the command name) and returns the process exit
 * status.  Exit statuses are an interface:
 *   0  every file processed (and, for check, none has a blocking finding)
 *   1  check: some file has a blocking finding
 *   2  usage error, or some file could not be processed (2 wins over 1)
 */
#ifndef EUC_CLI_H
#define EUC_CLI_H

#include <stdio.h>

#include "euc/error.h"
#include "euc/extract.h"

#define EUC_EXIT_OK 0
#define EUC_EXIT_FINDINGS 1
#define EUC_EXIT_ERROR 2

int euc_cmd_extract(int argc, char **argv);
int euc_cmd_parse(int argc, char **argv);
int euc_cmd_check(int argc, char **argv);
int euc_cmd_batch(int argc, char **argv);
int euc_cmd_merge(int argc, char **argv);

/* Prints "eucheck: FILE: reason" (or "eucheck: reason") on stderr. */
void euc_cli_print_error(const euc_error *err);
/* Prints "eucheck: CMD: MSG" and a pointer to --help on stderr; returns 2. */
int euc_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Progress on stderr, only when stderr is a terminal. */
void euc_cli_progress(void *user, const char *path, size_t page,
                      size_t npages);
int euc_cli_stderr_is_tty(void);
/* Copies standard input into a new temporary file ($TMPDIR or /tmp) and
 * writes its path into path (n bytes): the extractors read files, and a
 * pipe cannot be measured or read twice.  The caller unlinks it.  -1 and
 * err (naming "-") when it cannot. */
int euc_cli_stdin_to_file(char *path, size_t n, euc_error *err);

/* Calls fn for path, or, when it is a container (ZIP, e-mail), for each
 * document in it: shown is its name ("ARCHIVE.zip/member.pdf"), file where
 * it is read.  A container or member that cannot be taken out is said on
 * stderr.  Returns -1 when anything failed (fn's -1 included). */
typedef int (*euc_cli_doc_fn)(void *user, const char *shown, const char *file);
int euc_cli_each_document(euc_ctx *ctx, const char *path, euc_cli_doc_fn fn,
                          void *user);

/* --- options (options.c): every command's, in one table ------------------ */

typedef enum euc_cli_opt {
    EUC_CLI_OPT_XML,        /* --xml */
    EUC_CLI_OPT_JSON,       /* --json */
    EUC_CLI_OPT_EXPLAIN,    /* --explain */
    EUC_CLI_OPT_FORCE_OCR,  /* --force-ocr */
    EUC_CLI_OPT_MAX_PIXELS, /* --max-pixels N */
    EUC_CLI_OPT_REGIME,     /* --regime R */
    EUC_CLI_OPT_RULES,      /* --rules FILE, repeatable */
    EUC_CLI_OPT_AS_OF,      /* --as-of DATE */
    EUC_CLI_OPT_DPI,        /* --dpi N */
    EUC_CLI_OPT_LANG,       /* --lang L */
    EUC_CLI_OPT_TIMEOUT,    /* --timeout S */
    EUC_CLI_OPT_MAX_MEMORY, /* --max-memory N */
    EUC_CLI_OPT_JOBS,       /* -j, --jobs N */
    EUC_CLI_OPT_OUTDIR,     /* -o, --outdir DIR */
    EUC_CLI_OPT_SHARD,      /* --shard K/N */
    EUC_CLI_OPT_FORCE,      /* --force */
    EUC_CLI_OPT_PROGRESS,   /* --progress */
    EUC_CLI_OPT_JSONL,      /* --jsonl */
    EUC_CLI_OPT_NAME,       /* --name NAME */
    EUC_CLI_OPT_NO_THUMBNAILS, /* --no-thumbnails */
    EUC_CLI_OPT_HELP,       /* -h, --help */
    EUC_CLI_OPT_COUNT
} euc_cli_opt;

/* --timeout 0 is refused: a batch worker always has a time limit. */
#define EUC_CLI_NO_ZERO 1u

/* One option a command takes, in its --help order.  help, when not NULL,
 * replaces the table's line where the option means more for this command
 * (same layout: a '\n' starts an indented line). */
typedef struct euc_cli_use {
    euc_cli_opt opt;
    const char *help;
    unsigned flags; /* EUC_CLI_NO_ZERO */
} euc_cli_use;

/* What the options said.  Strings are borrowed from argv; rules is owned
 * (euc_cli_args_free).  Zero or NULL is "not given" but where noted. */
typedef struct euc_cli_args {
    int xml, json, jsonl;   /* at most one (more is a usage error) */
    const char *name;       /* --name: what "-" (standard input) is called */
    int explain, force_ocr, force, progress, no_thumbnails;
    const char *regime, *as_of, *lang, *outdir;
    const char **rules;
    size_t nrules;
    int dpi, jobs, shard_k, shard_n;
    long max_pixels;
    double timeout;         /* -1: not given (0 is "no limit") */
    long long max_memory;   /* -1: "0", no limit */
    int files;              /* argv index of the first FILE: the options
                             * are moved before the files */
} euc_cli_args;

/* A command as its --help shows it: usage (the synopsis and what the
 * command does), its options' lines, then notes after a blank line (NULL:
 * none). */
typedef struct euc_cli_command {
    const char *name;
    const euc_cli_use *uses;
    size_t nuses;
    const char *usage;
    const char *notes;
} euc_cli_command;

#define EUC_CLI_NUSES(u) (sizeof(u) / sizeof((u)[0]))
/* An option as the table describes it. */
#define EUC_CLI_USE(NAME) {EUC_CLI_OPT_##NAME, NULL, 0}

/* Parses argv (argv[0] the command) with getopt_long against the command's
 * options; an option not among them is unknown.  Returns 0 to run the
 * command (its files from argv[a->files]; call euc_cli_args_free after),
 * or -1 when the command ends here: *status is EUC_EXIT_OK after the help
 * (-h, --help) on stdout, EUC_EXIT_ERROR after a usage error on stderr,
 * and a is freed. */
int euc_cli_parse(const euc_cli_command *cmd, int argc, char **argv,
                  euc_cli_args *a, int *status);
/* Copies what the options said of reading files (--dpi, --lang,
 * --force-ocr, --max-pixels) into o, leaving o's defaults where not given. */
void euc_cli_extract_options(const euc_cli_args *a, euc_options *o);
void euc_cli_args_free(euc_cli_args *a);

#endif
