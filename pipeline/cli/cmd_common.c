#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
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

int euc_cli_parse_int(const char *s, long min, long max, long *out)
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

int euc_cli_parse_size(const char *s, long long *out)
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
