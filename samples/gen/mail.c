/* NAME.eml: the certificate as it arrives by e-mail.
 *
 * RFC 5322 / MIME, CRLF line ends: From the end user, To the exporter, a
 * fixed Date, Message-ID, multipart/mixed with a short cover note and the
 * born-digital PDF (NAME.pdf's bytes) attached in base64, 76 characters a
 * line.  The note is quoted-printable UTF-8; a certificate with Chinese
 * labels writes it in GB2312 (quoted-printable), one with Japanese labels in
 * ISO-2022-JP (7bit), each with an RFC 2047 encoded Subject in the same
 * charset, as mail clients there still do.  Addresses are under .example. */
#include <string.h>

#include "gen.h"

#define MAIL_DATE "Wed, 28 Jan 2026 10:15:00"

static const char *zone(const gen_cert *c)
{
    static const struct {
        const char *cc, *tz;
    } zones[] = {
        {"JP", "+0900"}, {"KR", "+0900"}, {"DE", "+0100"}, {"US", "-0500"},
        {"VN", "+0700"}, {"CN", "+0800"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(zones); i++)
        if (c->end_user.ccode != NULL && strcmp(c->end_user.ccode, zones[i].cc) == 0)
            return zones[i].tz;
    return "+0000";
}

/* "Daehan Advanced Ceramics Corp." -> "daehan-advanced-ceramics.example" */
static char *domain(const char *company)
{
    static const char *const drop[] = {"co", "ltd", "corp", "inc", "gmbh", "kk", "k", "llc",
                                       "plc", "ag", "sa", "the", "of", "and"};
    gchar **w = g_strsplit_set(company, " ,./()&-", -1);
    GString *g = g_string_new(NULL);
    int n = 0;

    for (int i = 0; w[i] != NULL && n < 3; i++) {
        char *low = g_ascii_strdown(w[i], -1);
        int skip = *low == '\0';
        for (size_t k = 0; k < G_N_ELEMENTS(drop) && !skip; k++)
            skip = strcmp(low, drop[k]) == 0;
        for (const char *p = low; *p != '\0' && !skip; p++)
            skip = !g_ascii_isalnum(*p);
        if (!skip) {
            if (g->len > 0)
                g_string_append_c(g, '-');
            g_string_append(g, low);
            n++;
        }
        g_free(low);
    }
    g_strfreev(w);
    if (g->len == 0)
        g_string_append(g, "company");
    g_string_append(g, ".example");
    return g_string_free(g, FALSE);
}

/* "Name: display <address>", folded before the address when longer than
 * 78 characters (RFC 5322 2.1.1). */
static void address_header(GString *o, const char *field, const char *name, const char *addr);

/* A display name: quoted ASCII, or an RFC 2047 UTF-8 word. */
static void display_name(GString *o, const char *s)
{
    int ascii = 1;
    for (const char *p = s; *p != '\0'; p++)
        if ((unsigned char)*p >= 0x80)
            ascii = 0;
    if (ascii) {
        g_string_append_c(o, '"');
        for (const char *p = s; *p != '\0'; p++) {
            if (*p == '"' || *p == '\\')
                g_string_append_c(o, '\\');
            g_string_append_c(o, *p);
        }
        g_string_append_c(o, '"');
    } else {
        char *b = g_base64_encode((const guchar *)s, strlen(s));
        g_string_append_printf(o, "=?UTF-8?B?%s?=", b);
        g_free(b);
    }
}

static void address_header(GString *o, const char *field, const char *name, const char *addr)
{
    gsize start = o->len;

    g_string_append_printf(o, "%s: ", field);
    display_name(o, name);
    g_string_append_printf(o, "%s<%s>\r\n", o->len - start + strlen(addr) + 3 > 78 ? "\r\n " : " ",
                           addr);
}

/* Quoted-printable (RFC 2045 6.7) of bytes whose lines end in '\n'. */
static void qp(GString *o, const char *s, size_t n)
{
    size_t col = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        char buf[4];
        size_t len;

        if (ch == '\n') {
            g_string_append(o, "\r\n");
            col = 0;
            continue;
        }
        if ((ch >= 33 && ch <= 126 && ch != '=') ||
            ((ch == ' ' || ch == '\t') && i + 1 < n && s[i + 1] != '\n')) {
            buf[0] = (char)ch;
            buf[1] = '\0';
        } else {
            g_snprintf(buf, sizeof buf, "=%02X", ch);
        }
        len = strlen(buf);
        if (col + len > 75) {
            g_string_append(o, "=\r\n");
            col = 0;
        }
        g_string_append(o, buf);
        col += len;
    }
}

static void crlf_lines(GString *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            g_string_append(o, "\r\n");
        else
            g_string_append_c(o, s[i]);
    }
}

static char *lower_first(const char *s)
{
    char *t = g_strdup(s);
    t[0] = g_ascii_tolower(t[0]);
    return t;
}

/* Lines over 72 columns broken at spaces, as a mail client wraps them. */
static char *wrap72(const char *s)
{
    gchar **lines = g_strsplit(s, "\n", -1);
    GString *g = g_string_new(NULL);

    for (int i = 0; lines[i] != NULL; i++) {
        const char *p = lines[i];
        if (i > 0)
            g_string_append_c(g, '\n');
        while (g_utf8_strlen(p, -1) > 72) {
            const char *cut = NULL;
            glong n = 0;
            for (const char *q = p; *q != '\0' && n <= 72; q = g_utf8_next_char(q), n++)
                if (*q == ' ')
                    cut = q;
            if (cut == NULL)
                break;
            g_string_append_len(g, p, (gssize)(cut - p));
            g_string_append_c(g, '\n');
            p = cut + 1;
        }
        g_string_append(g, p);
    }
    g_strfreev(lines);
    return g_string_free(g, FALSE);
}

/* The cover note in UTF-8, lines ending in '\n'. */
static char *note(const gen_cert *c, const char *charset)
{
    GString *g = g_string_new(NULL);
    const char *doc = c->shape == SHAPE_LETTER ? "end-user statement" : "end-user certificate";
    char *what = lower_first(c->items[0].desc);

    if (strcmp(charset, "GB2312") == 0) {
        g_string_append_printf(g, "您好！\n\n附件为我司的最终用户证明（编号：%s", c->cert_no);
        if (c->contract_no != NULL)
            g_string_append_printf(g, "，合同号：%s", c->contract_no);
        g_string_append(g, "），请查收。\n\n");
    } else if (strcmp(charset, "ISO-2022-JP") == 0) {
        /* short lines: ISO-2022-JP's escapes lengthen them */
        g_string_append(g, "ご担当者様\n\nいつもお世話になっております。\n"
                           "需要者等の誓約書を添付にてお送りいたします。\n");
        g_string_append_printf(g, "番号：%s\n", c->cert_no);
        if (c->contract_no != NULL)
            g_string_append_printf(g, "契約番号：%s\n", c->contract_no);
        g_string_append(g, "ご確認のほどよろしくお願いいたします。\n\n");
    }
    g_string_append(g, "Dear Sir or Madam,\n\n");
    g_string_append_printf(g, "Please find attached our %s No. %s", doc, c->cert_no);
    if (c->contract_no != NULL)
        g_string_append_printf(g, " for contract No. %s", c->contract_no);
    g_string_append_printf(g, ", covering %s%s.\nWe would be grateful if you could file it with "
                              "your export licence application.\n\n",
                           what, strcmp(charset, "UTF-8") == 0 ? " \xE2\x80\x94 the original "
                                                                 "follows by courier"
                                                               : "");
    g_string_append(g, strcmp(charset, "GB2312") == 0 ? "此致\n敬礼\n\n" : "Best regards,\n\n");
    if (c->sig_name != NULL)
        g_string_append_printf(g, "%s\n", c->sig_name);
    if (c->sig_title != NULL)
        g_string_append_printf(g, "%s\n", c->sig_title);
    g_string_append_printf(g, "%s\n", c->end_user.name);
    g_free(what);
    {
        char *w = wrap72(g->str);
        g_string_free(g, TRUE);
        return w;
    }
}

int gen_write_eml(const gen_cert *c, const gen_doc *d, const char *path, char **msg)
{
    const char *charset = c->labels == LABELS_EN_ZH   ? "GB2312"
                          : c->labels == LABELS_EN_JA ? "ISO-2022-JP"
                                                      : "UTF-8";
    GByteArray *pdf = gen_pdf_bytes(c, d, msg);
    GString *o;
    char *from_dom, *to_dom, *text, *enc, *b64, *boundary, *pdfname, *s;
    gsize n = 0;
    GError *e = NULL;
    uint64_t h = gen_hash_str(c->seed, c->name);
    int rc = 0;

    if (pdf == NULL)
        return -1;
    text = note(c, charset);
    if (strcmp(charset, "UTF-8") == 0) {
        enc = g_strdup(text);
        n = strlen(text);
    } else {
        enc = g_convert(text, -1, charset, "UTF-8", NULL, &n, &e);
        if (enc == NULL) {
            *msg = g_strdup_printf("%s: %s", path, e->message);
            g_error_free(e);
            g_free(text);
            g_byte_array_free(pdf, TRUE);
            return -1;
        }
    }
    from_dom = domain(c->end_user.name);
    to_dom = domain(c->exporter.name);
    boundary = g_strdup_printf("=_euc_%016" G_GINT64_MODIFIER "x", (guint64)h);
    pdfname = g_strconcat(c->name, ".pdf", NULL);

    o = g_string_new(NULL);
    s = g_strconcat("export.compliance@", from_dom, NULL);
    address_header(o, "From", c->sig_name != NULL ? c->sig_name : c->end_user.name, s);
    g_free(s);
    s = g_strconcat("sales@", to_dom, NULL);
    address_header(o, "To", c->exporter.name, s);
    g_free(s);
    g_string_append(o, "Subject: ");
    if (strcmp(charset, "UTF-8") == 0) {
        g_string_append_printf(o, "%s %s", c->shape == SHAPE_LETTER ? "End-user statement"
                                                                    : "End-user certificate",
                               c->cert_no);
    } else {
        const char *word = strcmp(charset, "GB2312") == 0 ? "最终用户证明" : "誓約書の送付";
        gsize wn = 0;
        char *w = g_convert(word, -1, charset, "UTF-8", NULL, &wn, NULL);
        char *wb = g_base64_encode((const guchar *)w, wn);
        g_string_append_printf(o, "=?%s?B?%s?= %s", charset, wb, c->cert_no);
        g_free(wb);
        g_free(w);
    }
    g_string_append_printf(o, "\r\nDate: " MAIL_DATE " %s\r\n", zone(c));
    g_string_append_printf(o, "Message-ID: <%016" G_GINT64_MODIFIER "x@%s>\r\n",
                           (guint64)(h * 0x9E3779B97F4A7C15ULL), from_dom);
    g_string_append_printf(o, "MIME-Version: 1.0\r\n"
                              "Content-Type: multipart/mixed;\r\n boundary=\"%s\"\r\n\r\n"
                              "This is a multi-part message in MIME format.\r\n\r\n"
                              "--%s\r\n",
                           boundary, boundary);
    if (strcmp(charset, "ISO-2022-JP") == 0) {
        g_string_append(o, "Content-Type: text/plain; charset=ISO-2022-JP\r\n"
                           "Content-Transfer-Encoding: 7bit\r\n\r\n");
        crlf_lines(o, enc, n);
    } else {
        g_string_append_printf(o, "Content-Type: text/plain; charset=%s\r\n"
                                  "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                               charset);
        qp(o, enc, n);
    }
    g_string_append_printf(o, "\r\n--%s\r\n"
                              "Content-Type: application/pdf; name=\"%s\"\r\n"
                              "Content-Disposition: attachment; filename=\"%s\"\r\n"
                              "Content-Transfer-Encoding: base64\r\n\r\n",
                           boundary, pdfname, pdfname);
    b64 = g_base64_encode(pdf->data, pdf->len);
    for (size_t i = 0, len = strlen(b64); i < len; i += 76) {
        g_string_append_len(o, b64 + i, (gssize)MIN(76, len - i));
        g_string_append(o, "\r\n");
    }
    g_string_append_printf(o, "\r\n--%s--\r\n", boundary);

    if (!g_file_set_contents(path, o->str, (gssize)o->len, &e)) {
        *msg = g_strdup(e->message);
        g_error_free(e);
        rc = -1;
    }
    g_string_free(o, TRUE);
    g_free(b64);
    g_free(pdfname);
    g_free(boundary);
    g_free(from_dom);
    g_free(to_dom);
    g_free(enc);
    g_free(text);
    g_byte_array_free(pdf, TRUE);
    return rc;
}
