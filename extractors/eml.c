/* E-mail (.eml, RFC 5322 with MIME; an mbox's first message): importers
 * send their certificates as attachments, so each attachment is handed to
 * the registry's sink (which keeps those of a certificate kind and opens a
 * ZIP or a forwarded .eml in turn).  When no attachment was kept, the text
 * of the message is the certificate: it is handed as "body.txt".
 *
 * GMime parses the message: MIME is full of old and half-broken forms
 * (RFC 2047 and 2231 file names, uuencode, missing boundaries, forwarded
 * message/rfc822 parts) that a parser of our own would get wrong for years.
 * Two things are done here instead of in GMime:
 *  - Transfer decoding reads the part through GMime's decoding filter in
 *    chunks, so that a part over the size limit is refused before it is
 *    all in memory.
 *  - Charsets are converted here, not with g_mime_text_part_get_text: that
 *    silently drops what glibc's strict converters reject, and mail is
 *    labelled with the narrow charset while written in the vendor's wider
 *    one: "iso-2022-jp" and "shift_jis" with the NEC characters of
 *    Windows (the ㈱ of a Japanese company name), "gb2312" with GBK,
 *    "iso-8859-1" with Windows-1252 quotes.  Each label is read as its
 *    superset, and a byte that still does not convert becomes U+FFFD
 *    rather than vanishing.
 *
 * Ownership: every GObject is unreffed before eml_unpack returns; the sink
 * copies what it is given. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <gmime/gmime.h>

#include "extract-imp.h"
#include "euc/text.h"

/* One decoded part; as the text extractor's limit. */
#define MAX_PART_BYTES ((size_t)64 * 1024 * 1024)
/* The body text, all text parts together. */
#define MAX_BODY_BYTES ((size_t)64 * 1024 * 1024)
#define MAX_PARTS 1000
/* Deeper than any mail client nests; a limit so that a crafted message
 * cannot run the walk out of stack. */
#define MAX_NEST 32
/* A picture inside an HTML body (multipart/related, referred to by its
 * Content-ID) is a logo or a signature when it is small; a certificate
 * pasted into the body as a scan is not. */
#define INLINE_IMAGE_MIN ((size_t)100 * 1000)

/* --- recognising ---------------------------------------------------------- */

static const char *const known_fields[] = {
    "From", "To", "Subject", "Date", "Message-ID", "MIME-Version",
    "Received", "Return-Path", "Content-Type",
};

enum {
    FIELD_KNOWN = 1,  /* one of known_fields */
    FIELD_ANCHOR = 2, /* From:, MIME-Version:, Received: */
    /* what a stored mail has and a mail pasted into a text does not: an
     * Outlook copy reads "From: / Sent: / To: / Subject:", no Date: */
    FIELD_STORED = 4
};

static unsigned field_kind(const unsigned char *name, size_t len)
{
    static const unsigned kinds[] = {
        FIELD_KNOWN | FIELD_ANCHOR, FIELD_KNOWN, FIELD_KNOWN,
        FIELD_KNOWN | FIELD_STORED, FIELD_KNOWN | FIELD_STORED,
        FIELD_KNOWN | FIELD_ANCHOR | FIELD_STORED,
        FIELD_KNOWN | FIELD_ANCHOR | FIELD_STORED,
        FIELD_KNOWN | FIELD_STORED, FIELD_KNOWN,
    };
    size_t i;

    for (i = 0; i < sizeof known_fields / sizeof known_fields[0]; i++) {
        const char *f = known_fields[i];
        if (strlen(f) == len &&
            g_ascii_strncasecmp((const char *)name, f, len) == 0)
            return kinds[i];
    }
    return 0;
}

/* The first n bytes are a header block: every line up to the first blank
 * one is a field ("Name: value") or the continuation of one, at least two
 * of them fields that mail has, one of those From:, MIME-Version: or
 * Received:, and one that only a stored mail has (Date: is required of
 * every message).  A certificate saved as text that opens with
 * "Subject: ..." and goes on in prose has a line that is no field before
 * any blank line, and is not taken; nor is a mail pasted into a text
 * file, whose "Sent:" line dates the letter for the parser. */
static int eml_recognize(const unsigned char *magic, size_t n)
{
    size_t i = 0, fields = 0, known = 0;
    unsigned seen = 0;
    int blank = 0;

    /* an mbox's "From sender date" line, before the headers */
    if (n >= 5 && memcmp(magic, "From ", 5) == 0) {
        const unsigned char *nl = memchr(magic, '\n', n);
        if (nl == NULL)
            return 0;
        i = (size_t)(nl - magic) + 1;
    }
    while (i < n) {
        const unsigned char *nl = memchr(magic + i, '\n', n - i);
        size_t end, j, k;
        unsigned kind;

        if (nl == NULL)
            break; /* the line runs past what we were shown */
        end = (size_t)(nl - magic);
        if (end > i && magic[end - 1] == '\r')
            end--;
        if (end == i) {
            blank = 1;
            break;
        }
        if (magic[i] == ' ' || magic[i] == '\t') {
            if (fields == 0)
                return 0;
            i = (size_t)(nl - magic) + 1;
            continue;
        }
        for (j = i; j < end && magic[j] >= 33 && magic[j] <= 126 &&
                    magic[j] != ':'; j++)
            ;
        for (k = j; k < end && (magic[k] == ' ' || magic[k] == '\t'); k++)
            ;
        if (j == i || k == end || magic[k] != ':')
            return 0;
        fields++;
        kind = field_kind(magic + i, j - i);
        known += (kind & FIELD_KNOWN) != 0;
        seen |= kind;
        i = (size_t)(nl - magic) + 1;
    }
    /* No blank line: a header block longer than what we were shown (long
     * Received: lines) is one, a short file of fields alone is not mail. */
    if (!blank && n < 512)
        return 0;
    return known >= 2 && (seen & FIELD_ANCHOR) && (seen & FIELD_STORED);
}

/* --- charsets ------------------------------------------------------------- */

/* Labels read as the charset that their senders' software really writes. */
static const struct {
    const char *label;
    const char *conv[2];
} charset_alias[] = {
    {"gb2312", {"GB18030", NULL}},
    {"gbk", {"GB18030", NULL}},
    {"x-gbk", {"GB18030", NULL}},
    {"cp936", {"GB18030", NULL}},
    {"euc-cn", {"GB18030", NULL}},
    {"csgb2312", {"GB18030", NULL}},
    {"gb_2312-80", {"GB18030", NULL}},
    {"gb18030", {"GB18030", NULL}},
    {"shift_jis", {"CP932", NULL}},
    {"shift-jis", {"CP932", NULL}},
    {"sjis", {"CP932", NULL}},
    {"x-sjis", {"CP932", NULL}},
    {"ms_kanji", {"CP932", NULL}},
    {"csshiftjis", {"CP932", NULL}},
    {"windows-31j", {"CP932", NULL}},
    {"cp932", {"CP932", NULL}},
    {"euc-jp", {"EUC-JP", "EUC-JP-MS"}},
    {"iso-8859-1", {"WINDOWS-1252", NULL}},
    {"latin1", {"WINDOWS-1252", NULL}},
    {"iso_8859-1", {"WINDOWS-1252", NULL}},
    {"iso-8859-9", {"WINDOWS-1254", NULL}},
    {"ks_c_5601-1987", {"CP949", NULL}},
    {"ks_c_5601", {"CP949", NULL}},
    {"euc-kr", {"CP949", NULL}},
    {"korean", {"CP949", NULL}},
    {"big5", {"CP950", "BIG5-HKSCS"}},
    {"x-x-big5", {"CP950", "BIG5-HKSCS"}},
    {"tis-620", {"CP874", NULL}},
    {"iso-8859-11", {"CP874", NULL}},
};

static int is_utf8_label(const char *cs)
{
    return g_ascii_strcasecmp(cs, "utf-8") == 0 ||
           g_ascii_strcasecmp(cs, "utf8") == 0;
}

static int is_ascii_label(const char *cs)
{
    return g_ascii_strcasecmp(cs, "us-ascii") == 0 ||
           g_ascii_strcasecmp(cs, "ascii") == 0 ||
           g_ascii_strcasecmp(cs, "ansi_x3.4-1968") == 0 ||
           g_ascii_strcasecmp(cs, "unknown-8bit") == 0 ||
           g_ascii_strcasecmp(cs, "x-unknown") == 0;
}

/* Appends in[0..n) converted by cd to out.  strict: returns -1 at the
 * first byte that does not convert (out then holds a part); otherwise
 * that byte becomes U+FFFD and the conversion goes on. */
static int iconv_append(GIConv cd, const char *in, size_t n, int strict,
                        GString *out)
{
    char buf[4096];
    gchar *ip = (gchar *)in;
    gsize il = n;

    g_iconv(cd, NULL, NULL, NULL, NULL);
    while (il > 0) {
        gchar *op = buf;
        gsize ol = sizeof buf;
        gsize r = g_iconv(cd, &ip, &il, &op, &ol);

        g_string_append_len(out, buf, op - buf);
        if (r != (gsize)-1 || errno == E2BIG)
            continue;
        if (strict)
            return -1;
        g_string_append(out, "\xEF\xBF\xBD");
        ip++;
        il--;
    }
    {
        gchar *op = buf;
        gsize ol = sizeof buf;
        g_iconv(cd, NULL, NULL, &op, &ol); /* the shift back to ASCII */
        g_string_append_len(out, buf, op - buf);
    }
    return 0;
}

/* 0 when in[0..n) converted from charset to out; -1 when the charset is
 * unknown to iconv (or, strict, a byte did not convert). */
static int convert_with(const char *charset, const char *in, size_t n,
                        int strict, GString *out)
{
    GIConv cd = g_iconv_open("UTF-8", charset);
    int rc;

    if (cd == (GIConv)-1)
        return -1;
    rc = iconv_append(cd, in, n, strict, out);
    g_iconv_close(cd);
    return rc;
}

/* ISO-2022-JP as Windows writes it (CP50221): the JIS X 0208 rows that
 * glibc knows and the NEC and IBM rows that it does not (①, ㈱, 髙), and
 * half-width kana.  Each JIS pair is turned into its CP932 pair, which
 * glibc's CP932 converter reads. */
static void jis_append(const unsigned char *in, size_t n, GString *out)
{
    GString *sj = g_string_sized_new(n);
    size_t i = 0;
    int mode = 0, shifted = 0; /* 0 ASCII, 1 JIS X 0208, 2 kana, 3 other */

    while (i < n) {
        unsigned char c = in[i];

        if (c == 0x1B) {
            const char *e = (const char *)in + i + 1;
            size_t left = n - i - 1;
            if (left >= 2 && (memcmp(e, "$B", 2) == 0 || memcmp(e, "$@", 2) == 0))
                mode = 1, i += 3;
            else if (left >= 3 && (memcmp(e, "$(Q", 3) == 0 ||
                                   memcmp(e, "$(O", 3) == 0))
                mode = 1, i += 4; /* JIS X 0213 plane 1: 0208 and more */
            else if (left >= 2 && (memcmp(e, "(B", 2) == 0 || memcmp(e, "(J", 2) == 0))
                mode = 0, i += 3;
            else if (left >= 2 && memcmp(e, "(I", 2) == 0)
                mode = 2, i += 3;
            else if (left >= 3 && e[0] == '$' && e[1] == '(')
                mode = 3, i += 4; /* JIS X 0212, plane 2: not in CP932 */
            else
                i++;
            continue;
        }
        if (c == 0x0E || c == 0x0F) {
            shifted = c == 0x0E;
            i++;
            continue;
        }
        if ((mode == 2 || shifted) && c >= 0x21 && c <= 0x5F) {
            g_string_append_c(sj, (char)(c + 0x80));
            i++;
        } else if ((mode == 1 || mode == 3) && c >= 0x21 && c <= 0x7E &&
                   i + 1 < n && in[i + 1] >= 0x21 && in[i + 1] <= 0x7E) {
            unsigned char c2 = in[i + 1];
            if (mode == 3) {
                g_string_append(sj, "\x81\x48"); /* full-width '?' */
            } else {
                unsigned s1 = ((c - 0x21u) >> 1) + 0x81u;
                unsigned s2 = (c & 1) ? c2 + 0x1Fu + (c2 >= 0x60) : c2 + 0x7Eu;
                if (s1 > 0x9F)
                    s1 += 0x40;
                g_string_append_c(sj, (char)s1);
                g_string_append_c(sj, (char)s2);
            }
            i += 2;
        } else {
            g_string_append_c(sj, (char)c);
            i++;
        }
    }
    if (convert_with("CP932", sj->str, sj->len, 0, out) < 0)
        g_string_append_len(out, sj->str, (gssize)sj->len);
    g_string_free(sj, TRUE);
}

/* Replaces every invalid byte of out from start on with U+FFFD. */
static void make_valid_from(GString *out, size_t start)
{
    char *v;

    if (g_utf8_validate(out->str + start, (gssize)(out->len - start), NULL))
        return;
    v = g_utf8_make_valid(out->str + start, (gssize)(out->len - start));
    g_string_truncate(out, start);
    g_string_append(out, v);
    g_free(v);
}

/* Appends in[0..n), written in charset (NULL: not said), to out as UTF-8.
 * Never fails: what does not convert is U+FFFD. */
static void to_utf8(const char *charset, const char *in, size_t n,
                    GString *out)
{
    size_t start = out->len, i;
    const char *mapped;

    if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0) {
        in += 3;
        n -= 3;
        charset = "utf-8";
    }
    if (charset != NULL && g_ascii_strncasecmp(charset, "iso-2022-jp", 11) == 0) {
        /* the strict converter first: it knows the -2 and -3 sets too */
        const char *name = charset[11] ? charset : "ISO-2022-JP";
        if (convert_with(name, in, n, 1, out) == 0)
            return;
        g_string_truncate(out, start);
        jis_append((const unsigned char *)in, n, out);
        return;
    }
    if (charset == NULL || is_utf8_label(charset) || is_ascii_label(charset)) {
        if (g_utf8_validate(in, (gssize)n, NULL) || (charset && is_utf8_label(charset))) {
            g_string_append_len(out, in, (gssize)n);
            make_valid_from(out, start);
            return;
        }
        /* 8-bit text that is not UTF-8 and says nothing: the common case
         * is Windows' Western charset */
        convert_with("WINDOWS-1252", in, n, 0, out);
        return;
    }
    for (i = 0; i < sizeof charset_alias / sizeof charset_alias[0]; i++) {
        int k;
        if (g_ascii_strcasecmp(charset, charset_alias[i].label) != 0)
            continue;
        for (k = 0; k < 2 && charset_alias[i].conv[k] != NULL; k++) {
            if (convert_with(charset_alias[i].conv[k], in, n, 1, out) == 0)
                return;
            g_string_truncate(out, start);
        }
        if (convert_with(charset_alias[i].conv[0], in, n, 0, out) == 0)
            return;
        g_string_truncate(out, start);
        break;
    }
    if (convert_with(charset, in, n, 0, out) == 0)
        return;
    g_string_truncate(out, start);
    mapped = g_mime_charset_iconv_name(charset);
    if (mapped != NULL && convert_with(mapped, in, n, 0, out) == 0)
        return;
    g_string_truncate(out, start);
    /* a charset iconv does not know: UTF-8 when it is, else Western */
    if (g_utf8_validate(in, (gssize)n, NULL))
        g_string_append_len(out, in, (gssize)n);
    else
        convert_with("WINDOWS-1252", in, n, 0, out);
}

/* --- text of the body ----------------------------------------------------- */

/* format=flowed (RFC 3676): a line ending in a space goes on in the next
 * one.  A mail client wraps a long "End use: ..." line so; the parser
 * wants the field on one line. */
static void unflow(GString *s, int delsp)
{
    GString *out = g_string_sized_new(s->len);
    const char *p = s->str, *end = s->str + s->len;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        size_t len;

        if (le > p && le[-1] == '\r')
            le--;
        if (p < le && *p == ' ')
            p++; /* space-stuffing */
        len = (size_t)(le - p);
        if (len > 0 && p[len - 1] == ' ' && !(len == 3 && memcmp(p, "-- ", 3) == 0)) {
            g_string_append_len(out, p, (gssize)(delsp ? len - 1 : len));
        } else {
            g_string_append_len(out, p, (gssize)len);
            if (nl != NULL)
                g_string_append_c(out, '\n');
        }
        p = nl ? nl + 1 : end;
    }
    g_string_assign(s, out->str);
    g_string_free(out, TRUE);
}

typedef struct html_out {
    GString *s;
    int space; /* a space is due before the next text */
    int nl;    /* line breaks due before the next text */
} html_out;

static void html_emit(html_out *h, const char *p, size_t len)
{
    if (h->s->len > 0 && h->nl > 0) {
        while (h->s->len > 0 && h->s->str[h->s->len - 1] == ' ')
            g_string_truncate(h->s, h->s->len - 1);
        g_string_append_len(h->s, "\n\n", h->nl > 1 ? 2 : 1);
    } else if (h->s->len > 0 && h->space && h->s->str[h->s->len - 1] != '\n') {
        g_string_append_c(h->s, ' ');
    }
    h->nl = 0;
    h->space = 0;
    g_string_append_len(h->s, p, (gssize)len);
}

static const struct {
    const char *name;
    uint32_t cp;
} html_entities[] = {
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},      {"quot", '"'},
    {"apos", '\''},    {"nbsp", ' '},     {"ensp", ' '},    {"emsp", ' '},
    {"thinsp", ' '},   {"copy", 0xA9},    {"reg", 0xAE},    {"deg", 0xB0},
    {"middot", 0xB7},  {"times", 0xD7},   {"yen", 0xA5},    {"euro", 0x20AC},
    {"pound", 0xA3},   {"sect", 0xA7},    {"ndash", 0x2013}, {"mdash", 0x2014},
    {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
    {"hellip", 0x2026}, {"laquo", 0xAB},  {"raquo", 0xBB},  {"trade", 0x2122},
    {"bull", 0x2022},
};

/* The entity at s[0] == '&': its code point and length, or 0 when it is
 * not one we know (the '&' is then text). */
static size_t html_entity(const char *s, size_t n, uint32_t *cp)
{
    size_t i = 1, k;

    if (i < n && s[i] == '#') {
        uint64_t v = 0;
        int hex = i + 1 < n && (s[i + 1] == 'x' || s[i + 1] == 'X');
        size_t digits = 0;

        i += hex ? 2 : 1;
        for (; i < n && digits < 8; i++, digits++) {
            int d = hex ? g_ascii_xdigit_value(s[i]) : g_ascii_digit_value(s[i]);
            if (d < 0)
                break;
            v = v * (hex ? 16 : 10) + (uint64_t)d;
        }
        if (digits == 0)
            return 0;
        if (i < n && s[i] == ';')
            i++;
        *cp = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
                  ? 0xFFFD : (uint32_t)v;
        if (*cp == 0xA0)
            *cp = ' ';
        return i;
    }
    for (k = 0; k < sizeof html_entities / sizeof html_entities[0]; k++) {
        size_t len = strlen(html_entities[k].name);
        if (1 + len < n && strncmp(s + 1, html_entities[k].name, len) == 0 &&
            s[1 + len] == ';') {
            *cp = html_entities[k].cp;
            return len + 2;
        }
    }
    return 0;
}

/* Where the tag starting at s[i] == '<' ends (just past its '>'), quoted
 * attribute values skipped; n when it does not. */
static size_t tag_end(const char *s, size_t n, size_t i)
{
    char quote = 0;

    for (i++; i < n; i++) {
        if (quote) {
            if (s[i] == quote)
                quote = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            quote = s[i];
        } else if (s[i] == '>') {
            return i + 1;
        }
    }
    return n;
}

static int name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return 1;
    return 0;
}

/* HTML to plain text as a reader sees it: scripts and styles dropped, a
 * break for every line-making tag, a space for a cell or another tag, the
 * source's white space collapsed (but in <pre>).  Formatting tags inside a
 * word (<span>, <b>: Word's HTML splits runs mid-word) give nothing. */
static void html_to_text(const char *s, size_t n, GString *out)
{
    static const char *const breaks[] = {
        "br", "p", "div", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "hr", "pre",
        "address", "center", "section", "article", "header", "footer",
        "caption", "thead", "tbody", "form", "title", NULL};
    static const char *const inline_tags[] = {
        "span", "b", "i", "u", "s", "strong", "em", "font", "a", "sup",
        "sub", "small", "big", "o:p", "tt", "code", "abbr", "strike", "ins",
        "del", "mark", "nobr", "wbr", NULL};
    static const char *const skipped[] = {"script", "style", "title", "xml",
                                          NULL};
    html_out h = {out, 0, 0};
    size_t i = 0;
    int pre = 0;

    while (i < n) {
        char c = s[i];

        if (c == '<' && i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
            const char *e = g_strstr_len(s + i + 4, (gssize)(n - i - 4), "-->");
            i = e ? (size_t)(e - s) + 3 : n;
            h.space = 1;
        } else if (c == '<' && i + 1 < n &&
                   (g_ascii_isalpha(s[i + 1]) || s[i + 1] == '/' || s[i + 1] == '!' ||
                    s[i + 1] == '?')) {
            char name[16];
            size_t j = i + 1, k = 0, end = tag_end(s, n, i);
            int closing = s[j] == '/';

            j += closing;
            while (j < n && k + 1 < sizeof name &&
                   (g_ascii_isalnum(s[j]) || s[j] == ':')) {
                name[k++] = g_ascii_tolower(s[j]);
                j++;
            }
            name[k] = '\0';
            i = end;
            if (!closing && name_in(name, skipped)) {
                /* to the matching close tag, whatever is inside */
                char close[20];
                const char *p = s + i;
                size_t cl;
                snprintf(close, sizeof close, "</%s", name);
                cl = strlen(close);
                while (p + cl <= s + n && g_ascii_strncasecmp(p, close, cl) != 0)
                    p++;
                i = p + cl <= s + n ? tag_end(s, n, (size_t)(p - s)) : n;
                if (strcmp(name, "title") == 0)
                    h.nl = h.nl ? h.nl : 1;
                continue;
            }
            if (strcmp(name, "pre") == 0)
                pre = !closing;
            if (strcmp(name, "br") == 0)
                h.nl++;
            else if (name_in(name, breaks))
                h.nl = h.nl ? h.nl : 1;
            else if (!name_in(name, inline_tags))
                h.space = 1;
        } else if (c == '&') {
            uint32_t cp;
            size_t len = html_entity(s + i, n - i, &cp);
            char u[6];
            if (len == 0) {
                html_emit(&h, "&", 1);
                i++;
            } else {
                html_emit(&h, u, euc_utf8_encode(cp, u));
                i += len;
            }
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f') {
            if (!pre)
                h.space = 1;
            else if (c == '\n')
                h.nl++;
            else if (c != '\r')
                html_emit(&h, &c, 1); /* <pre> aligns with spaces */
            i++;
        } else {
            size_t j = i + 1;
            while (j < n && s[j] != '<' && s[j] != '&' && s[j] != ' ' &&
                   s[j] != '\t' && s[j] != '\r' && s[j] != '\n' && s[j] != '\f')
                j++;
            html_emit(&h, s + i, j - i);
            i = j;
        }
    }
}

/* --- parts ---------------------------------------------------------------- */

typedef struct eml_walk {
    euc_unpack_sink *sink;
    const char *path;
    euc_error *err;
    GString *body;     /* the text parts, for when no attachment is kept */
    unsigned parts;    /* parts seen, against MAX_PARTS */
    unsigned attached; /* attachments seen: numbers the unnamed ones */
    unsigned kept;     /* attachments the sink kept */
    unsigned failed;   /* attachments that could not be taken out */
    int stop;          /* a limit was reached: no more parts are read */
} eml_walk;

/* The decoded content of part (its transfer encoding undone), in a new
 * array; NULL with *why set when it cannot be read or is too large. */
static GByteArray *part_bytes(GMimePart *part, const char **why)
{
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    GMimeStream *src = dw ? g_mime_data_wrapper_get_stream(dw) : NULL;
    GMimeStream *fs = NULL;
    GByteArray *ba = g_byte_array_new();
    GMimeContentEncoding enc;
    char buf[65536];

    if (src == NULL)
        return ba; /* a part with no content is empty, not broken */
    enc = g_mime_data_wrapper_get_encoding(dw);
    if (g_mime_stream_reset(src) < 0) {
        *why = "cannot read it from the e-mail";
        goto fail;
    }
    fs = g_mime_stream_filter_new(src);
    if (enc == GMIME_CONTENT_ENCODING_BASE64 ||
        enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
        enc == GMIME_CONTENT_ENCODING_UUENCODE) {
        GMimeFilter *f = g_mime_filter_basic_new(enc, FALSE);
        g_mime_stream_filter_add(GMIME_STREAM_FILTER(fs), f);
        g_object_unref(f);
    }
    for (;;) {
        ssize_t got = g_mime_stream_read(fs, buf, sizeof buf);
        if (got < 0) {
            *why = "cannot decode it (damaged transfer encoding)";
            goto fail;
        }
        if (got == 0)
            break;
        if (ba->len + (size_t)got > MAX_PART_BYTES) {
            *why = "attachment larger than 64 MB: not read";
            goto fail;
        }
        g_byte_array_append(ba, (const guint8 *)buf, (guint)got);
    }
    g_object_unref(fs);
    return ba;
fail:
    if (fs != NULL)
        g_object_unref(fs);
    g_byte_array_free(ba, TRUE);
    return NULL;
}

static int is_text(GMimeObject *obj, const char *subtype)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    return ct != NULL && g_mime_content_type_is_type(ct, "text", subtype);
}

static const char *param(GMimeObject *obj, const char *name)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    return ct ? g_mime_content_type_get_parameter(ct, name) : NULL;
}

/* The charset an HTML part says in its <meta>, when its Content-Type
 * does not (a new string, or NULL). */
static char *html_meta_charset(const GByteArray *ba)
{
    size_t n = ba->len < 4096 ? ba->len : 4096, i, j;
    const char *s = (const char *)ba->data;

    for (i = 0; i + 8 <= n; i++) {
        if (g_ascii_strncasecmp(s + i, "charset=", 8) != 0)
            continue;
        i += 8;
        if (i < n && (s[i] == '"' || s[i] == '\''))
            i++;
        for (j = i; j < n && j - i < 40 &&
                    (g_ascii_isalnum(s[j]) || s[j] == '-' || s[j] == '_' ||
                     s[j] == '.' || s[j] == ':');
             j++)
            ;
        return j > i ? g_strndup(s + i, j - i) : NULL;
    }
    return NULL;
}

/* The text of a text/plain or text/html part as UTF-8, appended to out;
 * -1 with *why when the part cannot be read. */
static int part_text(GMimePart *part, GString *out, const char **why)
{
    GMimeObject *obj = GMIME_OBJECT(part);
    GByteArray *ba = part_bytes(part, why);
    const char *charset = param(obj, "charset");
    GString *t;
    char *meta = NULL;

    if (ba == NULL)
        return -1;
    t = g_string_sized_new(ba->len + 1);
    if (is_text(obj, "html")) {
        if (charset == NULL) {
            meta = html_meta_charset(ba);
            charset = meta;
        }
        to_utf8(charset, (const char *)ba->data, ba->len, t);
        html_to_text(t->str, t->len, out);
    } else {
        const char *format = param(obj, "format");
        const char *delsp = param(obj, "delsp");
        to_utf8(charset, (const char *)ba->data, ba->len, t);
        if (format != NULL && g_ascii_strcasecmp(format, "flowed") == 0)
            unflow(t, delsp != NULL && g_ascii_strcasecmp(delsp, "yes") == 0);
        g_string_append_len(out, t->str, (gssize)t->len);
    }
    g_string_free(t, TRUE);
    g_free(meta);
    g_byte_array_free(ba, TRUE);
    return 0;
}

static int blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!g_ascii_isspace(s[i]))
            return 0;
    return 1;
}

/* A name for an attachment without one, by its type: the registry reads
 * a member's kind from its content, but a text member only by its name,
 * so an unknown type must not look like text. */
static const char *type_extension(GMimeObject *obj)
{
    static const struct {
        const char *type, *ext;
    } types[] = {
        {"application/pdf", ".pdf"},
        {"application/x-pdf", ".pdf"},
        {"image/png", ".png"},
        {"image/jpeg", ".jpg"},
        {"image/jpg", ".jpg"},
        {"image/pjpeg", ".jpg"},
        {"image/tiff", ".tif"},
        {"image/gif", ".gif"},
        {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
        {"application/msword", ".doc"},
        {"application/zip", ".zip"},
        {"application/x-zip-compressed", ".zip"},
        {"application/x-zip", ".zip"},
        {"message/rfc822", ".eml"},
        {"text/plain", ".txt"},
        {"text/html", ".html"},
        {"text/calendar", ".ics"},
    };
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    size_t i;

    for (i = 0; ct != NULL && i < sizeof types / sizeof types[0]; i++) {
        const char *slash = strchr(types[i].type, '/');
        char *t = g_strndup(types[i].type, (gsize)(slash - types[i].type));
        int match = g_mime_content_type_is_type(ct, t, slash + 1);
        g_free(t);
        if (match)
            return types[i].ext;
    }
    return ".bin";
}

/* The attachment's name as the sender gave it (GMime decodes RFC 2047 and
 * 2231), made one line of valid UTF-8 with no '/': it is shown after the
 * mail's name, "MAIL.eml/NAME".  A new string. */
static char *attachment_name(GMimePart *part, unsigned number)
{
    const char *fn = g_mime_part_get_filename(part);
    char *name = fn ? g_utf8_make_valid(fn, -1) : NULL, *p;

    if (name != NULL) {
        for (p = name; *p; p++)
            if (*p == '/' || (unsigned char)*p < 0x20 || *p == 0x7F)
                *p = '_';
        g_strstrip(name);
        if (name[0] == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
            g_free(name);
            name = NULL;
        }
    }
    if (name == NULL)
        name = g_strdup_printf("attachment-%u%s", number,
                               type_extension(GMIME_OBJECT(part)));
    return name;
}

/* An attachment that could not be taken out: an error row of its own. */
static int walk_fail(eml_walk *w, const char *name, const char *why)
{
    w->failed++;
    if (euc_unpack_fail(w->sink, name, why) < 0)
        return euc_error_set(w->err, EUC_ERR_NOMEM, "extract", w->path,
                             "out of memory");
    return 0;
}

static int has_type(GMimeObject *obj, const char *type, const char *subtype)
{
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

/* Why an attachment of this kind cannot be read at all, or NULL. */
static const char *wrapped_kind(GMimePart *part)
{
    GMimeObject *obj = GMIME_OBJECT(part);
    const char *fn = g_mime_part_get_filename(part);

    if (has_type(obj, "application", "pkcs7-mime") ||
        has_type(obj, "application", "x-pkcs7-mime"))
        return "S/MIME-encrypted or -wrapped part: eucheck cannot open it "
               "(ask for the certificate as a plain attachment)";
    if (has_type(obj, "application", "ms-tnef") ||
        has_type(obj, "application", "vnd.ms-tnef") ||
        (fn != NULL && g_ascii_strcasecmp(fn, "winmail.dat") == 0))
        return "Outlook's winmail.dat (TNEF) wrapper: eucheck cannot open it "
               "(ask the sender to send in HTML or plain-text format)";
    return NULL;
}

static int hand_attachment(eml_walk *w, GMimePart *part, int decoration)
{
    GMimeObject *obj = GMIME_OBJECT(part);
    char *name = attachment_name(part, ++w->attached);
    const char *why = wrapped_kind(part);
    GByteArray *ba = NULL;
    GString *text = NULL;
    const unsigned char *data;
    size_t len;
    int rc = 0, r;

    if (why != NULL) {
        rc = walk_fail(w, name, why);
        goto cleanup;
    }
    ba = part_bytes(part, &why);
    if (ba == NULL) {
        rc = walk_fail(w, name, why);
        goto cleanup;
    }
    if (decoration && ba->len < INLINE_IMAGE_MIN)
        goto cleanup;
    data = ba->data;
    len = ba->len;
    {
        /* the text extractor reads UTF-8 (and UTF-16 with its BOM) */
        const char *cs = param(obj, "charset");
        if (is_text(obj, "plain") && cs != NULL && !is_utf8_label(cs) &&
            !is_ascii_label(cs)) {
            text = g_string_sized_new(ba->len + 1);
            to_utf8(cs, (const char *)ba->data, ba->len, text);
            data = (const unsigned char *)text->str;
            len = text->len;
        }
    }
    r = euc_unpack_add(w->sink, name, data, len, w->err);
    if (r < 0)
        rc = -1;
    else
        w->kept += r > 0;
cleanup:
    if (text != NULL)
        g_string_free(text, TRUE);
    if (ba != NULL)
        g_byte_array_free(ba, TRUE);
    g_free(name);
    return rc;
}

static int is_attachment(GMimeObject *obj)
{
    GMimeContentDisposition *d = g_mime_object_get_content_disposition(obj);

    if (d != NULL && g_mime_content_disposition_is_attachment(d))
        return 1;
    if (GMIME_IS_PART(obj) && g_mime_part_get_filename(GMIME_PART(obj)) != NULL)
        return 1;
    return !is_text(obj, "*");
}

static int walk(eml_walk *w, GMimeObject *obj, GMimeObject *parent,
                int depth, int body_ok);

/* The one child of a multipart/alternative that is the body: the plain
 * text unless it is blank, else the HTML, else a multipart (HTML with
 * its pictures).  -1 when none. */
static int alternative_body(GMimeMultipart *mp)
{
    int n = g_mime_multipart_get_count(mp), i;
    int plain = -1, html = -1, multi = -1;

    for (i = 0; i < n; i++) {
        GMimeObject *c = g_mime_multipart_get_part(mp, i);
        if (GMIME_IS_MULTIPART(c) && multi < 0)
            multi = i;
        else if (GMIME_IS_PART(c) && !is_attachment(c) && is_text(c, "plain") &&
                 plain < 0)
            plain = i;
        else if (GMIME_IS_PART(c) && !is_attachment(c) && is_text(c, "html") &&
                 html < 0)
            html = i;
    }
    if (plain >= 0) {
        GString *t = g_string_new(NULL);
        const char *why;
        int empty = part_text(GMIME_PART(g_mime_multipart_get_part(mp, plain)),
                              t, &why) < 0 || blank(t->str, t->len);
        g_string_free(t, TRUE);
        if (!empty || (html < 0 && multi < 0))
            return plain;
    }
    return html >= 0 ? html : multi;
}

static int walk_multipart(eml_walk *w, GMimeMultipart *mp, int depth,
                          int body_ok)
{
    GMimeObject *obj = GMIME_OBJECT(mp);
    int n = g_mime_multipart_get_count(mp), i;
    int body = has_type(obj, "multipart", "alternative") ? alternative_body(mp) : -1;

    for (i = 0; i < n && !w->stop; i++) {
        int ok = body_ok && (body < 0 || i == body);
        if (walk(w, g_mime_multipart_get_part(mp, i), obj, depth + 1, ok) < 0)
            return -1;
    }
    return 0;
}

static int walk(eml_walk *w, GMimeObject *obj, GMimeObject *parent,
                int depth, int body_ok)
{
    if (obj == NULL || w->stop)
        return 0;
    if (++w->parts > MAX_PARTS || depth > MAX_NEST) {
        w->stop = 1;
        return walk_fail(w, "(the remaining parts)",
                         depth > MAX_NEST
                             ? "parts nested more than 32 deep: not read"
                             : "more than 1000 parts in one e-mail: the rest "
                               "were not read");
    }
    if (GMIME_IS_MESSAGE_PART(obj)) {
        /* a forwarded mail: its attachments and its text are the mail's */
        GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        return m ? walk(w, g_mime_message_get_mime_part(m), obj, depth + 1,
                        body_ok)
                 : 0;
    }
    if (GMIME_IS_MULTIPART_ENCRYPTED(obj))
        return walk_fail(w, "(encrypted part)",
                         "OpenPGP-encrypted e-mail: eucheck cannot open it "
                         "(ask for the certificate unencrypted)");
    if (GMIME_IS_MULTIPART(obj))
        return walk_multipart(w, GMIME_MULTIPART(obj), depth, body_ok);
    if (!GMIME_IS_PART(obj))
        return 0;
    if (is_attachment(obj)) {
        GMimeContentDisposition *d = g_mime_object_get_content_disposition(obj);
        int decoration = parent != NULL &&
                         has_type(parent, "multipart", "related") &&
                         has_type(obj, "image", "*") &&
                         g_mime_part_get_content_id(GMIME_PART(obj)) != NULL &&
                         !(d != NULL && g_mime_content_disposition_is_attachment(d));
        return hand_attachment(w, GMIME_PART(obj), decoration);
    }
    if (body_ok && (is_text(obj, "plain") || is_text(obj, "html")) &&
        w->body->len < MAX_BODY_BYTES) {
        const char *why;
        size_t before = w->body->len;

        if (before > 0)
            g_string_append(w->body, "\n\n");
        if (part_text(GMIME_PART(obj), w->body, &why) < 0 ||
            blank(w->body->str + before, w->body->len - before))
            g_string_truncate(w->body, before);
        if (w->body->len > MAX_BODY_BYTES) {
            size_t cut = MAX_BODY_BYTES;
            while (cut > 0 && ((unsigned char)w->body->str[cut] & 0xC0) == 0x80)
                cut--; /* not inside a character */
            g_string_truncate(w->body, cut);
        }
    }
    return 0;
}

/* --- the container -------------------------------------------------------- */

static void quiet_log(const gchar *domain, GLogLevelFlags level,
                      const gchar *message, gpointer data)
{
    (void)domain;
    (void)level;
    (void)message;
    (void)data;
}

static void eml_init(void)
{
    static gsize done = 0;

    if (g_once_init_enter(&done)) {
        g_mime_init();
        /* the library never prints: GMime's own warnings go nowhere */
        g_log_set_handler("gmime", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL |
                                       G_LOG_FLAG_RECURSION,
                          quiet_log, NULL);
        g_once_init_leave(&done, 1);
    }
}

/* Removes the NULs a text may hold (UTF-16 mislabelled, a stray byte),
 * which the text extractor takes for binary data, and mail's CR LF line
 * ends, which are no part of the text. */
static void tidy_body(GString *s)
{
    size_t i, j = 0;

    for (i = 0; i < s->len; i++)
        if (s->str[i] != '\0' &&
            !(s->str[i] == '\r' && i + 1 < s->len && s->str[i + 1] == '\n'))
            s->str[j++] = s->str[i];
    g_string_truncate(s, j);
}

static int eml_unpack(euc_ctx *ctx, const char *path, euc_unpack_sink *sink,
                      euc_error *err)
{
    GMimeStream *stream = NULL;
    GMimeParser *parser = NULL;
    GMimeMessage *msg = NULL;
    GError *gerr = NULL;
    eml_walk w;
    char first[5];
    int rc = -1, q, mbox;

    (void)ctx;
    eml_init();
    memset(&w, 0, sizeof w);
    w.sink = sink;
    w.path = path;
    w.err = err;
    w.body = g_string_new(NULL);
    stream = g_mime_stream_fs_open(path, O_RDONLY, 0, &gerr);
    if (stream == NULL) {
        euc_error_set(err, EUC_ERR_IO, "extract", path, "cannot open it (%s)",
                      gerr ? gerr->message : "unknown error");
        g_clear_error(&gerr);
        goto cleanup;
    }
    mbox = g_mime_stream_read(stream, first, 5) == 5 && memcmp(first, "From ", 5) == 0;
    g_mime_stream_reset(stream);
    parser = g_mime_parser_new_with_stream(stream);
    if (mbox)
        g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
    q = euc_stderr_mute();
    msg = g_mime_parser_construct_message(parser, NULL);
    euc_stderr_restore(q);
    if (msg == NULL) {
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "damaged e-mail (its headers cannot be read as a "
                      "MIME message)");
        goto cleanup;
    }
    if (walk(&w, g_mime_message_get_mime_part(msg), NULL, 0, 1) < 0)
        goto cleanup;
    if (mbox && !g_mime_parser_eos(parser) &&
        euc_unpack_fail(sink, "(the other e-mails)",
                        "an mbox of several e-mails: only the first was "
                        "read (save each e-mail on its own)") < 0) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    if (w.kept == 0 && w.failed == 0) {
        /* no attachment of a certificate kind: the text is the certificate */
        int r = 0;

        tidy_body(w.body);
        if (!blank(w.body->str, w.body->len)) {
            r = euc_unpack_add(sink, "body.txt", (const unsigned char *)w.body->str,
                               w.body->len, err);
            if (r < 0)
                goto cleanup;
        }
        if (r == 0) {
            euc_error_set(err, EUC_ERR_EMPTY, "extract", path,
                          "e-mail has no certificate: no attachment of a "
                          "certificate kind (PDF, image, Word, text) and no "
                          "text body");
            goto cleanup;
        }
    }
    rc = 0;
cleanup:
    if (msg != NULL)
        g_object_unref(msg);
    if (parser != NULL)
        g_object_unref(parser);
    if (stream != NULL)
        g_object_unref(stream);
    g_string_free(w.body, TRUE);
    return rc;
}

const euc_container euc_container_eml = {"eml", eml_recognize, eml_unpack};
