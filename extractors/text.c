/* Plain text: UTF-8 (with or without a BOM) and UTF-16 with its BOM, as
 * Windows saves "Unicode" text.  A form feed starts a new page.  Words get boxes on a
 * monospace grid so that layout readers (tables aligned with spaces) work on
 * text files as they do on PDFs. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract-imp.h"
#include "euc/text.h"

#define CELL_W 6.0   /* points per column: 10 pt monospace */
#define CELL_H 12.0  /* points per line */
#define MARGIN 36.0
#define MAX_TEXT_BYTES ((size_t)64 * 1024 * 1024)

/* 1 for UTF-16 little-endian, 2 big-endian, by the BOM; 0: none. */
static int utf16_bom(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE)
        return 1;
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF)
        return 2;
    return 0;
}

static int text_recognize(const unsigned char *magic, size_t n)
{
    size_t i, high = 0, ctrl = 0;

    /* UTF-16 is all NULs and high bytes to the tests below: its BOM says */
    if (utf16_bom(magic, n))
        return 1;
    /* Control bytes mean binary data, but for a stray one or two in a text
     * (a damaged or hand-edited file: it is read, the character reported
     * where it lands); a NUL always does.  Bytes above 0x7F are allowed
     * here even when they are not UTF-8: a Latin-1 file is a text file in
     * the wrong encoding, and deserves that error rather than "unknown
     * format". */
    for (i = 0; i < n; i++) {
        unsigned char c = magic[i];
        if (c == 0)
            return 0;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') ||
            c == 0x7F)
            ctrl++;
        high += c >= 0x80;
    }
    if (ctrl > 0 && ctrl * 200 > n)
        return 0;
    /* Mostly non-ASCII and not UTF-8 at all: not text we could read. */
    return high * 2 < n || euc_utf8_valid_prefix((const char *)magic, n);
}

/* Lays out one page (text up to a form feed) on the grid. */
static int add_page(euc_doc *doc, const char *s, size_t len, euc_error *err)
{
    size_t i = 0, line = 0, col = 0, maxcol = 0, nlines = 1;
    euc_page *page;
    int new_line = 1;

    for (i = 0; i < len; i++) {
        if (s[i] == '\n')
            nlines++;
    }
    /* Page size from the text's extent, at least US Letter, so that boxes
     * are plausible page coordinates. */
    for (i = 0, col = 0; i < len;) {
        uint32_t cp;
        size_t k = euc_utf8_decode(s + i, len - i, &cp);
        if (cp == '\n')
            col = 0;
        else
            col += euc_utf8_width(cp);
        if (col > maxcol)
            maxcol = col;
        i += k;
    }
    page = euc_doc_add_page(doc,
                            2 * MARGIN + (maxcol * CELL_W > 540 ? maxcol * CELL_W : 540),
                            2 * MARGIN + (nlines * CELL_H > 720 ? nlines * CELL_H : 720),
                            EUC_SOURCE_TEXT_LAYER, "plain text");
    if (page == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "extract", euc_doc_path(doc),
                             "out of memory");
    i = 0;
    col = 0;
    while (i < len) {
        uint32_t cp;
        size_t k = euc_utf8_decode(s + i, len - i, &cp);
        if (cp == '\n') {
            line++;
            col = 0;
            new_line = 1;
            i += k;
        } else if (cp == ' ' || cp == '\t' || cp == '\r' || cp == 0x3000) {
            col = cp == '\t' ? (col / 8 + 1) * 8 : col + euc_utf8_width(cp);
            i += k;
        } else {
            size_t start = i, c0 = col;
            euc_box box;
            while (i < len) {
                k = euc_utf8_decode(s + i, len - i, &cp);
                if (cp == '\n' || cp == ' ' || cp == '\t' || cp == '\r' ||
                    cp == 0x3000)
                    break;
                col += euc_utf8_width(cp);
                i += k;
            }
            box.x0 = MARGIN + c0 * CELL_W;
            box.x1 = MARGIN + col * CELL_W;
            box.y0 = MARGIN + line * CELL_H;
            box.y1 = box.y0 + CELL_H * 0.8;
            if (euc_page_add_word(page, s + start, i - start, box, 100.0f,
                                  new_line) < 0)
                return euc_error_set(err, EUC_ERR_NOMEM, "extract",
                                     euc_doc_path(doc), "out of memory");
            new_line = 0;
        }
    }
    return 0;
}

/* UTF-16 (after its BOM) as UTF-8, in a new buffer *out of *outlen
 * bytes; -1 and err on an odd length or an unpaired surrogate. */
static int utf16_to_utf8(const unsigned char *s, size_t n, int big,
                         const char *path, char **out, size_t *outlen,
                         euc_error *err)
{
    size_t i, o = 0;
    char *u;

    if (n % 2 != 0)
        return euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                             "UTF-16 text of an odd number of bytes (cut short?)");
    u = malloc(n / 2 * 3 + 1); /* a unit never needs more than 3 bytes */
    if (u == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
    for (i = 0; i + 1 < n; i += 2) {
        uint32_t c = big ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
        if (c >= 0xD800 && c <= 0xDBFF && i + 3 < n) {
            uint32_t lo = big ? (uint32_t)(s[i + 2] << 8 | s[i + 3])
                              : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (c >= 0xD800 && c <= 0xDFFF) {
            free(u);
            return euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                                 "invalid UTF-16 at byte %zu (a lone surrogate)",
                                 i + 3);
        }
        o += euc_utf8_encode(c, u + o);
    }
    u[o] = '\0';
    *out = u;
    *outlen = o;
    return 0;
}

static int text_extract(euc_ctx *ctx, const char *path, euc_doc *doc,
                        euc_error *err)
{
    char *buf = NULL, *p, *end;
    size_t len = 0, bad;
    int rc = -1;

    (void)ctx;
    if (euc_extract_read(path, MAX_TEXT_BYTES, "text file", &buf, &len,
                         err) < 0)
        goto cleanup;
    if (utf16_bom((const unsigned char *)buf, len)) {
        char *u8 = NULL;
        size_t n8 = 0;
        if (utf16_to_utf8((const unsigned char *)buf + 2, len - 2,
                          utf16_bom((const unsigned char *)buf, len) == 2, path, &u8,
                          &n8, err) < 0)
            goto cleanup;
        free(buf);
        buf = u8;
        len = n8;
    }
    bad = euc_utf8_check(buf, len);
    if (bad != len) {
        size_t line = 1, i;
        for (i = 0; i < bad; i++)
            line += buf[i] == '\n';
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "invalid UTF-8 at byte %zu (line %zu): save the file "
                      "as UTF-8", bad + 1, line);
        goto cleanup;
    }
    if (memchr(buf, '\0', len) != NULL) {
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "NUL byte in text file");
        goto cleanup;
    }
    p = buf;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    end = buf + len;
    while (p <= end) {
        char *ff = memchr(p, '\f', (size_t)(end - p));
        size_t n = ff ? (size_t)(ff - p) : (size_t)(end - p);
        /* A trailing form feed ends the last page; it does not open one. */
        if (ff != NULL || n > 0 || euc_doc_npages(doc) == 0)
            if (add_page(doc, p, n, err) < 0)
                goto cleanup;
        if (ff == NULL)
            break;
        p = ff + 1;
        if (p == end)
            break;
    }
    euc_ctx_report_page(ctx, path, euc_doc_npages(doc), euc_doc_npages(doc));
    rc = 0;
cleanup:
    free(buf);
    return rc;
}

const euc_extractor euc_extractor_text = {
    "text", text_recognize, text_extract, NULL,
};
