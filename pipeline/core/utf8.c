#include "euc/text.h"

#include <stdlib.h>
#include <string.h>

/* Length of a valid sequence at s, 0 when invalid, (size_t)-1 when the
 * sequence is valid so far but runs past n. */
static size_t seq_len(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c = s[0], min;
    size_t len, i;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; c &= 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; c &= 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; c &= 0x07; min = 0x10000;
    } else {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if (i >= n)
            return (size_t)-1;
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t euc_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    size_t len = seq_len((const unsigned char *)s, n, cp);

    if (len == 0 || len == (size_t)-1) {
        *cp = 0xFFFD;
        return 1;
    }
    return len;
}

size_t euc_utf8_check(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;

    while (i < n) {
        size_t len = seq_len((const unsigned char *)s + i, n - i, &cp);
        if (len == 0 || len == (size_t)-1)
            return i;
        i += len;
    }
    return n;
}

int euc_utf8_valid_prefix(const char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;

    while (i < n) {
        size_t len = seq_len((const unsigned char *)s + i, n - i, &cp);
        if (len == (size_t)-1)
            return 1;
        if (len == 0)
            return 0;
        i += len;
    }
    return 1;
}

int euc_utf8_width(uint32_t cp)
{
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

size_t euc_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;

    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

char *euc_utf8_make_valid(const char *s)
{
    size_t n = strlen(s), i = 0;
    char *out = malloc(n * 3 + 1), *o = out;

    if (out == NULL)
        return NULL;
    while (i < n) {
        uint32_t cp;
        size_t k = euc_utf8_decode(s + i, n - i, &cp);
        o += euc_utf8_encode(cp, o);
        i += k;
    }
    *o = '\0';
    return out;
}
