/* cli: the eucheck command line, a thin layer over libeuc.
 *
 * Each command lives in pipeline/cmd_NAME.c as `int euc_cmd_NAME(int argc,
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
/* Parses a whole decimal number in [min, max]; -1 when it is not one. */
int euc_cli_parse_int(const char *s, long min, long max, long *out);
/* Parses a size in bytes, "512M", "1G", "800K" or a plain number; -1
 * when it is not one. */
int euc_cli_parse_size(const char *s, long long *out);
/* Progress on stderr, only when stderr is a terminal. */
void euc_cli_progress(void *user, const char *path, size_t page,
                      size_t npages);
int euc_cli_stderr_is_tty(void);

#endif
