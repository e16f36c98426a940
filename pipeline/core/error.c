#include "euc/error.h"

#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void copy_str(char *dst, size_t n, const char *src)
{
    if (src == NULL)
        src = "";
    snprintf(dst, n, "%s", src);
}

int euc_error_set(euc_error *err, euc_code code, const char *stage,
                  const char *file, const char *fmt, ...)
{
    va_list ap;
    char *p;

    if (err == NULL)
        return -1;
    err->code = code;
    copy_str(err->stage, sizeof err->stage, stage);
    {
        /* a file name that is no UTF-8 is shown escaped: errors go into
         * XML and CSV as well as onto the terminal */
        char *shown = file ? g_filename_display_name(file) : NULL;
        copy_str(err->file, sizeof err->file, shown);
        g_free(shown);
    }
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    /* Messages from libraries may carry newlines; the CLI promises one line. */
    for (p = err->message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return -1;
}

void euc_error_clear(euc_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof *err);
}

const char *euc_code_name(euc_code code)
{
    switch (code) {
    case EUC_OK: return "ok";
    case EUC_ERR_IO: return "io";
    case EUC_ERR_EMPTY: return "empty";
    case EUC_ERR_FORMAT: return "format";
    case EUC_ERR_CORRUPT: return "corrupt";
    case EUC_ERR_ENCRYPTED: return "encrypted";
    case EUC_ERR_TOO_LARGE: return "too-large";
    case EUC_ERR_OCR: return "ocr";
    case EUC_ERR_USAGE: return "usage";
    case EUC_ERR_DATA: return "data";
    case EUC_ERR_NOMEM: return "nomem";
    case EUC_ERR_INTERNAL: return "internal";
    case EUC_ERR_TIMEOUT: return "timeout";
    }
    return "unknown";
}

int euc_stderr_mute(void)
{
    int saved, null;

    fflush(stderr);
    saved = dup(2);
    if (saved < 0)
        return -1;
    null = open("/dev/null", O_WRONLY);
    if (null < 0 || dup2(null, 2) < 0) {
        if (null >= 0)
            close(null);
        close(saved);
        return -1;
    }
    close(null);
    return saved;
}

void euc_stderr_restore(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
}
