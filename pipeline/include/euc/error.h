/* euc_error: the one error type of libeuc.
 *
 * Every library function that can fail takes a caller-owned `euc_error *err`
 * (which may be NULL when the caller does not care) and returns 0 on success
 * or -1 on failure, having filled *err.  The library never prints and never
 * exits; the CLI turns an error into "eucheck: FILE: reason" and an exit
 * status.  The struct is plain data with fixed buffers so that an error can
 * be copied, kept in a batch result or sent over a pipe without ownership
 * questions.
 */
#ifndef EUC_ERROR_H
#define EUC_ERROR_H

#include <stddef.h>

typedef enum euc_code {
    EUC_OK = 0,
    EUC_ERR_IO,          /* missing, unreadable path; a directory */
    EUC_ERR_EMPTY,       /* zero-byte file, document with no pages */
    EUC_ERR_FORMAT,      /* not a format eucheck reads */
    EUC_ERR_CORRUPT,     /* truncated or damaged file, invalid UTF-8 */
    EUC_ERR_ENCRYPTED,   /* password-protected PDF */
    EUC_ERR_TOO_LARGE,   /* over --max-pixels or another safety limit */
    EUC_ERR_OCR,         /* Tesseract could not be started or failed */
    EUC_ERR_USAGE,       /* bad option value given by the caller */
    EUC_ERR_DATA,        /* a schema, rule or field file is broken */
    EUC_ERR_NOMEM,
    EUC_ERR_INTERNAL,
    EUC_ERR_TIMEOUT      /* gave up on a document after --timeout seconds */
} euc_code;

typedef struct euc_error {
    euc_code code;
    char stage[16];    /* "extract", "parse", "validate", "report", "batch" */
    char file[1024];   /* the input the error is about, may be "" */
    char message[512]; /* one line, no trailing newline, no file name */
} euc_error;

/* Fills *err (if err is non-NULL) and returns -1 so callers can write
 * `return euc_error_set(...)` or `rc = euc_error_set(...); goto cleanup;`. */
int euc_error_set(euc_error *err, euc_code code, const char *stage,
                  const char *file, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

void euc_error_clear(euc_error *err);

/* Libraries that print to stderr themselves (poppler's "some font thing
 * failed", cairo, Tesseract) are muted around the calls that do it: the
 * file descriptor 2 goes to /dev/null until the matching restore.  Returns
 * the saved descriptor (-1 when muting failed; restore accepts it). */
int euc_stderr_mute(void);
void euc_stderr_restore(int saved);

/* A short stable name for a code ("io", "corrupt", ...), for XML/CSV output. */
const char *euc_code_name(euc_code code);

#endif
