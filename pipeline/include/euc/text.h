/* utf8: strict UTF-8 decoding shared by the extractors and the parser.
 * Strict means: no overlong forms, no surrogates, nothing above U+10FFFF. */
#ifndef EUC_UTF8_H
#define EUC_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s (n > 0 bytes available) into *cp and returns
 * its length; an invalid sequence decodes as U+FFFD of length 1. */
size_t euc_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Offset of the first invalid byte, or n when all of s is valid. */
size_t euc_utf8_check(const char *s, size_t n);
/* Non-zero when s is valid except for a sequence cut short at its end. */
int euc_utf8_valid_prefix(const char *s, size_t n);
/* Columns a code point takes on a terminal grid: 2 for East Asian wide. */
int euc_utf8_width(uint32_t cp);
/* A copy of s (malloc'd; the caller frees it) with each invalid byte
 * replaced by U+FFFD; NULL when out of memory. */
char *euc_utf8_make_valid(const char *s);
/* Writes cp as UTF-8 into out (at least 4 bytes); returns the length. */
size_t euc_utf8_encode(uint32_t cp, char *out);

#endif
