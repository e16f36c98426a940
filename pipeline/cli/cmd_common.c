#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

void euc_cli_print_error(const euc_error *err)
{
    if (err->file[0] != '\0')
        fprintf(stderr, "eucheck: %s: %s\n", err->file, err->message);
    else
        fprintf(stderr, "eucheck: %s\n", err->message);
}

int euc_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "eucheck: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'eucheck %s --help'.\n", cmd);
    return EUC_EXIT_ERROR;
}

int euc_cli_stderr_is_tty(void)
{
    return isatty(STDERR_FILENO);
}

void euc_cli_progress(void *user, const char *path, size_t page,
                      size_t npages)
{
    (void)user;
    /* \r keeps the line in place; the caller clears it when done. */
    fprintf(stderr, "\r\033[Keucheck: %s: page %zu/%zu", path, page, npages);
    if (page == npages)
        fprintf(stderr, "\r\033[K");
    fflush(stderr);
}
