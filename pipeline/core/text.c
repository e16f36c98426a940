/* The one text normaliser: what the parser and the validator both take
 * for "the same words".  See euc/text.h. */
#include "euc/text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

typedef struct cp_range {
    uint32_t lo, hi;
} cp_range;

/* Whole blocks where a block is the script's; in the blocks of CJK
 * symbols only the characters written as letters. */
static const cp_range cjk_ranges[] = {
    {0x1100, 0x11FF},   /* Hangul Jamo */
    {0x2E80, 0x2FDF},   /* CJK and Kangxi radicals */
    {0x3005, 0x3007},   /* 々 〆 〇 */
    {0x3021, 0x3029},   /* Hangzhou numerals */
    {0x3031, 0x3035},   /* kana repeat marks */
    {0x3038, 0x303C},
    {0x3040, 0x30FF},   /* hiragana, katakana (ー, and ・ inside a word) */
    {0x3100, 0x31FF},   /* bopomofo, Hangul compatibility Jamo, kanbun,
                         * strokes, small katakana */
    {0x3400, 0x4DBF},   /* ideographs, extension A */
    {0x4E00, 0x9FFF},   /* unified ideographs */
    {0xA960, 0xA97F},   /* Hangul Jamo extended A */
    {0xAC00, 0xD7FF},   /* Hangul syllables, Jamo extended B */
    {0xF900, 0xFAFF},   /* compatibility ideographs */
    {0xFF66, 0xFFDC},   /* half-width katakana and Hangul */
    {0x1B000, 0x1B16F}, /* kana supplement and extensions */
    {0x20000, 0x323AF}  /* ideographs, extensions B to H and the
                         * compatibility supplement */
};

int euc_text_is_cjk(uint32_t cp)
{
    size_t i;

    if (cp < cjk_ranges[0].lo)
        return 0;
    for (i = 0; i < sizeof cjk_ranges / sizeof cjk_ranges[0]; i++)
        if (cp >= cjk_ranges[i].lo && cp <= cjk_ranges[i].hi)
            return 1;
    return 0;
}

uint32_t euc_text_fold_width(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    if (cp == 0x3000)
        return ' ';
    return cp;
}

/* Called on width-folded code points, so '；' has become ';'. */
static int is_clause_mark(uint32_t c)
{
    return c == '.' || c == ';' || c == '!' || c == '?' || c == 0x3002 ||
           c == '|';
}

/* Letters and digits, and the CJK characters that are neither (〇, the
 * kana sound marks) but are still part of a word. */
static int is_kept(uint32_t c)
{
    return g_unichar_isalnum(c) ||
           (euc_text_is_cjk(c) && !g_unichar_ispunct(c));
}

static uint32_t fold_ocr(uint32_t c)
{
    if (c == '0')
        return 'o';
    if (c == '1')
        return 'l';
    return c;
}

size_t euc_text_norm(const char *s, size_t n, unsigned flags, uint32_t *fold,
                     uint32_t *orig, size_t *ends)
{
    size_t i = 0, k = 0;
    uint32_t pending = 0; /* a break waiting for the next kept character */
    uint32_t prev = 0;    /* the last kept character, case kept */

    while (i < n) {
        size_t start = i;
        uint32_t c;
        size_t len = euc_utf8_decode(s + i, n - i, &c);
        i += len;
        /* An invalid byte is no character, so not a break either. */
        if (c == 0xFFFD && len == 1)
            continue;
        c = euc_text_fold_width(c);
        if (!is_kept(c)) {
            if (!(flags & EUC_TEXT_BREAKS))
                continue;
            if (is_clause_mark(c))
                pending = '|';
            else if (pending == 0)
                pending = ' ';
            continue;
        }
        if (pending != 0 && k > 0 &&
            !(pending == ' ' && euc_text_is_cjk(c) && euc_text_is_cjk(prev))) {
            fold[k] = pending;
            if (orig)
                orig[k] = pending;
            if (ends)
                ends[k] = start;
            k++;
        }
        pending = 0;
        fold[k] = g_unichar_tolower(c);
        if (flags & EUC_TEXT_OCR)
            fold[k] = fold_ocr(fold[k]);
        if (orig)
            orig[k] = c;
        if (ends)
            ends[k] = i;
        k++;
        prev = c;
    }
    return k;
}

size_t euc_text_edit(const uint32_t *a, size_t na, const uint32_t *b,
                     size_t nb, size_t bound)
{
    size_t stackp[64], stackc[64];
    size_t *prev = stackp, *cur = stackc;
    size_t i, j, res;

    if (nb >= 63) {
        prev = malloc((nb + 1) * sizeof *prev);
        cur = malloc((nb + 1) * sizeof *cur);
        if (prev == NULL || cur == NULL) {
            res = bound + 1;
            goto done;
        }
    }
    for (j = 0; j <= nb; j++)
        prev[j] = j;
    for (i = 1; i <= na; i++) {
        size_t rowmin, *t;
        cur[0] = i;
        rowmin = cur[0];
        for (j = 1; j <= nb; j++) {
            size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
            if (d < rowmin)
                rowmin = d;
        }
        t = prev;
        prev = cur;
        cur = t;
        if (rowmin > bound) {
            res = bound + 1;
            goto done;
        }
    }
    res = prev[nb];
done:
    if (prev != stackp && prev != stackc)
        free(prev);
    if (cur != stackp && cur != stackc)
        free(cur);
    return res;
}

char *euc_text_squash_ws(const char *s)
{
    char *out = malloc(strlen(s) + 1), *p = out;
    int space = 0;

    if (out == NULL)
        return NULL;
    for (; *s != '\0'; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
            *s == '\f' || *s == '\v') {
            space = p > out;
            continue;
        }
        if (space)
            *p++ = ' ';
        space = 0;
        *p++ = *s;
    }
    *p = '\0';
    return out;
}
