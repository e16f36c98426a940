/* text: the text utilities every stage shares.
 *
 * utf8 (utf8.c): strict UTF-8 decoding for the extractors and the parser.
 * Strict means: no overlong forms, no surrogates, nothing above U+10FFFF.
 *
 * euc_text (text.c): the one normaliser.  The parser reads labels and
 * terms and the validator matches phrases with it, so that both agree on
 * what counts as the same word: case, full-width forms, what is CJK, and
 * how many letters OCR may have got wrong.
 *
 * Ownership: nothing here keeps a pointer it is given; the buffers a
 * function fills are the caller's. */
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

/* Non-zero for a letter of the Chinese, Japanese or Korean scripts
 * (ideographs of every extension, kana, Hangul, bopomofo, radicals, and
 * the marks written as letters: 々 〆 〇 ー).  CJK punctuation (、。) is
 * not, and neither are the symbol squares (㈱ ㎏). */
int euc_text_is_cjk(uint32_t cp);
/* Full-width ASCII as ASCII, the ideographic space as ' '; other code
 * points as they are. */
uint32_t euc_text_fold_width(uint32_t cp);

/* Options of euc_text_norm. */
enum {
    /* Keep where words break, as one ' ', and where clauses break ('.',
     * ';', '!', '?', '。', '|'), as one '|'; none at either end, and no
     * ' ' between two CJK characters (OCR spaces out their glyphs). */
    EUC_TEXT_BREAKS = 1 << 0,
    /* Fold 0 to o and 1 to l as well: OCR reads "Sm2O3" as "Sm203". */
    EUC_TEXT_OCR = 1 << 1
};

/* Normalises s[0..n): letters, digits and CJK characters, width-folded;
 * everything else dropped (with EUC_TEXT_BREAKS, turned into breaks);
 * invalid UTF-8 bytes dropped.  Writes into fold the lower-case form
 * (OCR-folded with EUC_TEXT_OCR), into orig (when non-NULL) the same
 * positions with case kept, into ends (when non-NULL) the byte offset in
 * s just past each one's source (for a break, where the next character
 * starts).  Each array the caller gives needs room for n + 1 entries.
 * Returns how many were written. */
size_t euc_text_norm(const char *s, size_t n, unsigned flags, uint32_t *fold,
                     uint32_t *orig, size_t *ends);

/* Levenshtein distance between a[0..na) and b[0..nb), or bound + 1 as soon
 * as it is sure to be more than bound. */
size_t euc_text_edit(const uint32_t *a, size_t na, const uint32_t *b,
                     size_t nb, size_t bound);

/* s with every run of ASCII white space made one space and none at either
 * end; the caller's, to free with free().  NULL only when out of memory. */
char *euc_text_squash_ws(const char *s);

#endif
