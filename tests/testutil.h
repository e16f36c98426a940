/* testutil: helpers shared by every test binary (linked into each).
 * Every returned string is malloc'd; the caller frees it. */
#ifndef EUC_TESTUTIL_H
#define EUC_TESTUTIL_H

#include <stddef.h>

/* The CLI under test: $EUCHECK_BIN, else ./eucheck. */
const char *tu_bin(void);
/* Runs argv (argv[0] is looked up in PATH unless it has a '/') with stdin
 * from /dev/null; captures stdout and stderr (either may be NULL).  Returns
 * the exit status, 128+signal when killed, -1 when it could not start. */
int tu_run(const char *const argv[], char **out, char **err);
char *tu_read_file(const char *path, size_t *len);
int tu_write_file(const char *path, const void *data, size_t len);
/* A fresh directory under $TMPDIR (or /tmp); remove it with tu_rmtree. */
char *tu_tmpdir(void);
void tu_rmtree(const char *dir);
/* Collapses every run of white space to one space and trims the ends. */
char *tu_squash_ws(const char *s);
/* Share (0..1) of the words of truth found in got, as a multiset, after
 * lower-casing and stripping punctuation at the ends of words. */
double tu_word_recall(const char *truth, const char *got);
/* Count of non-overlapping occurrences of needle in hay. */
int tu_count(const char *hay, const char *needle);

/* A ZIP member for tu_write_zip: the bytes of the file from, else text,
 * else zeros zero bytes. */
typedef struct tu_member {
    const char *name;
    const char *from;
    const char *text;
    size_t zeros;
} tu_member;
/* Writes a ZIP of the n members with libarchive; passphrase, when not
 * NULL, encrypts them (ZipCrypto).  -1 on failure. */
int tu_write_zip(const char *path, const tu_member *m, size_t n,
                 const char *passphrase);
/* Writes a one-page fillable PDF form: labels on the page, the values
 * only in its AcroForm fields (no appearance streams), and a yes/no pair
 * of checkboxes for re-export.  -1 on failure. */
int tu_write_form_pdf(const char *path, const char *end_user,
                      const char *address, int reexport);

#endif
