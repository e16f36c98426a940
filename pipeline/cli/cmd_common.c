#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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
    const char *term = getenv("TERM");

    /* a dumb terminal cannot erase the progress line it would leave */
    return isatty(STDERR_FILENO) && (term == NULL || strcmp(term, "dumb") != 0);
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

int euc_cli_stdin_to_file(char *path, size_t n, euc_error *err)
{
    const char *tmp = getenv("TMPDIR");
    char buf[65536];
    ssize_t got;
    int fd;

    snprintf(path, n, "%s/eucheck-stdin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    fd = mkstemp(path);
    if (fd < 0) {
        path[0] = '\0';
        return euc_error_set(err, EUC_ERR_IO, "extract", "-",
                             "cannot make a temporary file for standard input: %s",
                             strerror(errno));
    }
    for (got = read(STDIN_FILENO, buf, sizeof buf); got != 0;
         got = read(STDIN_FILENO, buf, sizeof buf)) {
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 || write(fd, buf, (size_t)got) != got) {
            euc_error_set(err, EUC_ERR_IO, "extract", "-", "cannot copy standard input: %s",
                          strerror(errno));
            close(fd);
            unlink(path);
            path[0] = '\0';
            return -1;
        }
    }
    close(fd);
    return 0;
}

int euc_cli_each_document(euc_ctx *ctx, const char *path, euc_cli_doc_fn fn,
                          void *user)
{
    euc_unpacked *u = NULL;
    euc_error err;
    size_t i;
    int rc = 0;

    if (euc_container_kind(path) == NULL)
        return fn(user, path, path);
    euc_error_clear(&err);
    if (euc_unpack(ctx, path, &u, &err) < 0) {
        euc_cli_print_error(&err);
        return -1;
    }
    for (i = 0; i < euc_unpacked_count(u); i++) {
        char *shown = NULL;
        if (asprintf(&shown, "%s/%s", path, euc_unpacked_name(u, i)) < 0) {
            fprintf(stderr, "eucheck: out of memory\n");
            rc = -1;
            break;
        }
        if (euc_unpacked_path(u, i) == NULL) {
            fprintf(stderr, "eucheck: %s: %s\n", shown, euc_unpacked_error(u, i));
            rc = -1;
        } else if (fn(user, shown, euc_unpacked_path(u, i)) < 0) {
            rc = -1;
        }
        free(shown);
    }
    euc_unpacked_free(u);
    return rc;
}
