/* The e-mail container: attachments come out decoded and byte for byte,
 * under their decoded names, in order; a mail with no certificate
 * attachment gives its text as body.txt, converted to UTF-8 from its
 * charset; what is no mail is not taken for one; damaged mail neither
 * crashes nor prints.  The mails are written here from C strings. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib.h>

#include "euc/extract.h"
#include "testutil.h"

#define PDF "samples/letter-unsigned.pdf"
#define PDF2 "samples/form-complete.pdf"
#define PNG "samples/form-complete.scan.png"

static char *dir;
static euc_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    dir = tu_tmpdir();
    ctx = euc_ctx_new(NULL);
    return dir != NULL && ctx != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    euc_ctx_free(ctx);
    tu_rmtree(dir);
    free(dir);
    return 0;
}

/* Base64 in lines of 76, as mailers write it. */
static char *b64_lines(const void *data, size_t len)
{
    char *flat = g_base64_encode(data, len);
    GString *s = g_string_new(NULL);
    size_t i, n = strlen(flat);

    for (i = 0; i < n; i += 76) {
        g_string_append_len(s, flat + i, (gssize)(n - i < 76 ? n - i : 76));
        g_string_append(s, "\r\n");
    }
    g_free(flat);
    return g_string_free(s, FALSE);
}

static char *file_b64(const char *path, size_t *len)
{
    size_t n;
    char *data = tu_read_file(path, &n), *b;

    assert_non_null(data);
    b = b64_lines(data, n);
    if (len != NULL)
        *len = n;
    free(data);
    return b;
}

/* Writes the mail (a printf format) as dir/name; the path is the
 * caller's (g_free). */
static char *write_mail(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *write_mail(const char *name, const char *fmt, ...)
{
    va_list ap;
    char *text, *path = g_build_filename(dir, name, NULL);

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    g_free(text);
    return path;
}

static char *write_bytes(const char *name, const void *data, size_t len)
{
    char *path = g_build_filename(dir, name, NULL);

    assert_int_equal(tu_write_file(path, data, len), 0);
    return path;
}

static void assert_same_file(const char *a, const char *b)
{
    size_t na, nb;
    char *da = tu_read_file(a, &na), *db = tu_read_file(b, &nb);

    assert_non_null(da);
    assert_non_null(db);
    assert_int_equal(na, nb);
    assert_memory_equal(da, db, na);
    free(da);
    free(db);
}

/* The text of member i, trailing white space trimmed (malloc'd). */
static char *member_text(const euc_unpacked *u, size_t i)
{
    char *t;
    size_t n;

    assert_null(euc_unpacked_error(u, i));
    assert_non_null(euc_unpacked_path(u, i));
    t = tu_read_file(euc_unpacked_path(u, i), &n);
    assert_non_null(t);
    while (n > 0 && (t[n - 1] == '\n' || t[n - 1] == '\r' || t[n - 1] == ' '))
        t[--n] = '\0';
    return t;
}

#define HEAD "From: Procurement <buyer@kansai-magnet.example>\r\n" \
             "To: Export Desk <export@baotou.example>\r\n" \
             "Subject: End-user certificate for contract BAO202511-188\r\n" \
             "Date: Mon, 3 Nov 2025 09:12:44 +0900\r\n" \
             "Message-ID: <20251103091244.4711@kansai-magnet.example>\r\n" \
             "MIME-Version: 1.0\r\n"

static const char body_part[] =
    "--b1\r\n"
    "Content-Type: text/plain; charset=us-ascii\r\n"
    "\r\n"
    "Dear colleagues, the signed certificate is attached.\r\n"
    "\r\n";

static void test_pdf_attachment(void **state)
{
    char *b64 = file_b64(PDF, NULL), *path, *member;
    euc_unpacked *u = NULL;
    euc_error err;

    (void)state;
    assert_string_equal(euc_container_kind(PDF) ? "container" : "none", "none");
    path = write_mail("one.eml",
                      HEAD "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
                           "\r\n"
                           "This is a multi-part message in MIME format.\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: application/pdf; name=\"EUC-signed.pdf\"\r\n"
                           "Content-Disposition: attachment; filename=\"EUC-signed.pdf\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1--\r\n",
                      body_part, b64);
    assert_non_null(euc_container_kind(path));
    assert_string_equal(euc_container_kind(path), "eml");
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 1);
    assert_string_equal(euc_unpacked_name(u, 0), "EUC-signed.pdf");
    assert_null(euc_unpacked_error(u, 0));
    assert_same_file(euc_unpacked_path(u, 0), PDF);
    member = g_strdup(euc_unpacked_path(u, 0));
    euc_unpacked_free(u);
    /* the temporary copy goes with the list */
    assert_int_equal(access(member, F_OK), -1);
    g_free(member);
    g_free(path);
    g_free(b64);
}

static void test_two_attachments(void **state)
{
    char *pdf = file_b64(PDF2, NULL), *png = file_b64(PNG, NULL), *path;
    euc_unpacked *u = NULL;
    euc_error err;

    (void)state;
    path = write_mail("two.eml",
                      HEAD "Content-Type: multipart/mixed; boundary=b1\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: application/pdf\r\n"
                           "Content-Disposition: attachment; filename=form.pdf\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: image/png; name=scan.png\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1--\r\n",
                      body_part, pdf, png);
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 2);
    assert_string_equal(euc_unpacked_name(u, 0), "form.pdf");
    assert_string_equal(euc_unpacked_name(u, 1), "scan.png");
    assert_same_file(euc_unpacked_path(u, 0), PDF2);
    assert_same_file(euc_unpacked_path(u, 1), PNG);
    euc_unpacked_free(u);
    g_free(path);
    g_free(pdf);
    g_free(png);
}

/* RFC 2047 (what Outlook and most webmail write) and RFC 2231
 * (Thunderbird) names; a '/' in a name is shown as '_'. */
static void test_encoded_names(void **state)
{
    char *pdf = file_b64(PDF, NULL), *path;
    char *w = g_base64_encode((const guchar *)"证书.pdf", strlen("证书.pdf"));
    euc_unpacked *u = NULL;
    euc_error err;

    (void)state;
    path = write_mail("names.eml",
                      HEAD "Content-Type: multipart/mixed; boundary=b1\r\n"
                           "\r\n"
                           "--b1\r\n"
                           "Content-Type: application/pdf; name=\"=?UTF-8?B?%s?=\"\r\n"
                           "Content-Disposition: attachment;\r\n"
                           " filename=\"=?UTF-8?B?%s?=\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: application/pdf\r\n"
                           "Content-Disposition: attachment;\r\n"
                           " filename*=UTF-8''%%E9%%9C%%80%%E8%%A6%%81%%E8%%80%%85.pdf\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: application/pdf\r\n"
                           "Content-Disposition: attachment; filename=\"../../etc/euc.pdf\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1--\r\n",
                      w, w, pdf, pdf, pdf);
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 3);
    assert_string_equal(euc_unpacked_name(u, 0), "证书.pdf");
    assert_string_equal(euc_unpacked_name(u, 1), "需要者.pdf");
    assert_string_equal(euc_unpacked_name(u, 2), ".._.._etc_euc.pdf");
    /* written inside the list's own folder whatever the name says */
    assert_null(strstr(euc_unpacked_path(u, 2), "/etc/"));
    assert_same_file(euc_unpacked_path(u, 2), PDF);
    euc_unpacked_free(u);
    g_free(path);
    g_free(pdf);
    g_free(w);
}

static void test_qp_text_attachment(void **state)
{
    char *path, *t;
    euc_unpacked *u = NULL;
    euc_error err;

    (void)state;
    path = write_mail("qp.eml",
                      HEAD "Content-Type: multipart/mixed; boundary=b1\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: text/plain; charset=utf-8; name=cert.txt\r\n"
                           "Content-Disposition: attachment; filename=cert.txt\r\n"
                           "Content-Transfer-Encoding: quoted-printable\r\n"
                           "\r\n"
                           "END-USER CERTIFICATE =E2=80=94 =E6=9C=80=E7=BB=88=E7=94=A8=E6=88=B7\r\n"
                           "End User: Kansai Magnet Works Co., Ltd., 2-4-1 Nakanoshima, Kita-ku, O=\r\n"
                           "saka\r\n"
                           "Quantity =3D 500 kg\r\n"
                           "--b1--\r\n",
                      body_part);
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 1);
    assert_string_equal(euc_unpacked_name(u, 0), "cert.txt");
    t = member_text(u, 0);
    assert_string_equal(t, "END-USER CERTIFICATE — 最终用户\r\n"
                           "End User: Kansai Magnet Works Co., Ltd., 2-4-1 "
                           "Nakanoshima, Kita-ku, Osaka\r\n"
                           "Quantity = 500 kg");
    free(t);
    euc_unpacked_free(u);
    g_free(path);
}

/* A mail whose text is the certificate, in charset (transfer encoding
 * enc: "7bit", "8bit", "base64"); returns body.txt's text (malloc'd). */
static char *body_of(const char *name, const char *charset, const char *enc,
                     const void *bytes, size_t len)
{
    GString *m = g_string_new(NULL);
    euc_unpacked *u = NULL;
    euc_error err;
    char *path, *t;

    g_string_append_printf(m, HEAD "Content-Type: text/plain; charset=\"%s\"\r\n"
                                   "Content-Transfer-Encoding: %s\r\n\r\n",
                           charset, enc);
    if (strcmp(enc, "base64") == 0) {
        char *b = b64_lines(bytes, len);
        g_string_append(m, b);
        g_free(b);
    } else {
        g_string_append_len(m, bytes, (gssize)len);
    }
    path = write_bytes(name, m->str, m->len);
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 1);
    assert_string_equal(euc_unpacked_name(u, 0), "body.txt");
    t = member_text(u, 0);
    euc_unpacked_free(u);
    g_string_free(m, TRUE);
    g_free(path);
    return t;
}

/* The certificate text, encoded in charset with g_convert; the body comes
 * out as the same UTF-8. */
static void check_body_charset(const char *name, const char *utf8,
                               const char *charset, const char *enc)
{
    gsize n = 0;
    char *raw = g_convert(utf8, -1, charset, "UTF-8", NULL, &n, NULL);
    char *t;

    assert_non_null(raw);
    if (g_ascii_strcasecmp(charset, "UTF-8") != 0) /* it was converted */
        assert_true(n != strlen(utf8) || memcmp(raw, utf8, n) != 0);
    t = body_of(name, charset, enc, raw, n);
    assert_string_equal(t, utf8);
    free(t);
    g_free(raw);
}

static const char jp_text[] =
    "需要者等の誓約書\n"
    "需要者: 関西マグネット工業株式会社\n"
    "用途: 電気自動車用モーターの焼結磁石";

static const char cn_text[] =
    "最终用户和最终用途说明\n"
    "最终用户: 包头华鑫稀土材料有限公司\n"
    "用途: 永磁电机";

static void test_body_charsets(void **state)
{
    (void)state;
    check_body_charset("jis.eml", jp_text, "ISO-2022-JP", "7bit");
    check_body_charset("sjis.eml", jp_text, "Shift_JIS", "8bit");
    check_body_charset("eucjp.eml", jp_text, "EUC-JP", "base64");
    check_body_charset("gb.eml", cn_text, "GB2312", "base64");
    check_body_charset("gb8.eml", cn_text, "GB2312", "8bit");
    check_body_charset("latin1.eml", "Endverbleibserklärung: Müller GmbH, Köln",
                       "ISO-8859-1", "8bit");
    check_body_charset("utf8.eml", cn_text, "UTF-8", "base64");
}

/* What a mail is labelled with and what the sender's software wrote
 * differ: Windows' characters in ISO-2022-JP and Shift_JIS (㈱, ①),
 * GBK's in "gb2312", Windows-1252 quotes in "iso-8859-1". */
static void test_body_vendor_charsets(void **state)
{
    /* ㈱ is JIS row 13 (0x2D6A), ① 0x2D21: NEC's, not JIS X 0208's */
    static const char jis[] = "\x1b$B\x34\x58\x40\x3e\x2d\x6a\x2d\x21\x1b(B OK";
    static const char sjis[] = "\x8a\xd6\x90\xbc\x87\x8a\x87\x40 OK";
    static const char cp1252[] = "\x93Quoted\x94 \x80 5";
    gsize n = 0;
    char *gbk = g_convert("喆 镕 有限公司", -1, "GBK", "UTF-8", NULL, &n, NULL), *t;

    (void)state;
    t = body_of("necjis.eml", "iso-2022-jp", "7bit", jis, strlen(jis));
    assert_string_equal(t, "関西㈱① OK");
    free(t);
    t = body_of("necsjis.eml", "shift_jis", "8bit", sjis, strlen(sjis));
    assert_string_equal(t, "関西㈱① OK");
    free(t);
    assert_non_null(gbk);
    t = body_of("gbk.eml", "gb2312", "base64", gbk, n);
    assert_string_equal(t, "喆 镕 有限公司");
    free(t);
    t = body_of("cp1252.eml", "iso-8859-1", "8bit", cp1252, strlen(cp1252));
    assert_string_equal(t, "“Quoted” € 5");
    free(t);
    /* a byte that converts in no way is U+FFFD, not dropped */
    t = body_of("bad.eml", "gb2312", "8bit", "A\xff\x30" "B", 4);
    assert_non_null(strstr(t, "\xEF\xBF\xBD"));
    assert_non_null(strchr(t, 'B'));
    free(t);
    g_free(gbk);
}

static void test_html_body(void **state)
{
    euc_unpacked *u = NULL;
    euc_error err;
    char *path, *t;

    (void)state;
    path = write_mail("html.eml",
                      HEAD "Content-Type: text/html; charset=utf-8\r\n"
                           "\r\n"
                           "<html><head><title>EUC</title>\r\n"
                           "<style>p { color: red; }</style>\r\n"
                           "<script>var x = '<p>no</p>';</script></head>\r\n"
                           "<body><p>END-USER&nbsp;CERTIFICATE</p>\r\n"
                           "<table><tr><td>End User:</td><td>Kansai Magnet Works Co.,\r\n"
                           "Ltd.</td></tr>\r\n"
                           "<tr><td>Quantity:</td><td>500 kg &amp; 20&#37; &#x6700;</td></tr></table>\r\n"
                           "<div>Signed <b>Tar</b>o Yamada<br>Director</div>\r\n"
                           "<!-- a comment <p> --></body></html>\r\n");
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 1);
    assert_string_equal(euc_unpacked_name(u, 0), "body.txt");
    t = member_text(u, 0);
    assert_string_equal(t, "END-USER CERTIFICATE\n"
                           "End User: Kansai Magnet Works Co., Ltd.\n"
                           "Quantity: 500 kg & 20% 最\n"
                           "Signed Taro Yamada\n"
                           "Director");
    free(t);
    euc_unpacked_free(u);
    g_free(path);
}

/* multipart/alternative: the plain text, not the HTML as well; a small
 * picture of the HTML (a logo) is no attachment. */
static void test_alternative_body(void **state)
{
    /* a 1x1 PNG */
    static const unsigned char logo[] = {
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
        0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
        0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
        0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63,
        0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89,
        0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
        0xae, 0x42, 0x60, 0x82};
    char *b = b64_lines(logo, sizeof logo), *path, *t;
    euc_unpacked *u = NULL;
    euc_error err;

    (void)state;
    path = write_mail("alt.eml",
                      HEAD "Content-Type: multipart/alternative; boundary=\"a1\"\r\n"
                           "\r\n"
                           "--a1\r\n"
                           "Content-Type: text/plain; charset=utf-8; format=flowed\r\n"
                           "\r\n"
                           "END-USER CERTIFICATE\r\n"
                           "End Use: sintered NdFeB magnets for EV traction \r\n"
                           "motors\r\n"
                           "--a1\r\n"
                           "Content-Type: multipart/related; boundary=\"r1\"\r\n"
                           "\r\n"
                           "--r1\r\n"
                           "Content-Type: text/html; charset=utf-8\r\n"
                           "\r\n"
                           "<p>HTML COPY</p><img src=\"cid:logo@x\">\r\n"
                           "--r1\r\n"
                           "Content-Type: image/png; name=image001.png\r\n"
                           "Content-Disposition: inline; filename=image001.png\r\n"
                           "Content-ID: <logo@x>\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--r1--\r\n"
                           "--a1--\r\n",
                      b);
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 1);
    assert_string_equal(euc_unpacked_name(u, 0), "body.txt");
    t = member_text(u, 0);
    assert_string_equal(t, "END-USER CERTIFICATE\n"
                           "End Use: sintered NdFeB magnets for EV traction motors");
    free(t);
    euc_unpacked_free(u);
    g_free(path);
    g_free(b);
}

/* Only a calendar invitation and a binary blob, and no text: no
 * certificate, said as such. */
static void test_no_certificate(void **state)
{
    euc_unpacked *u = NULL;
    euc_error err;
    char *path;

    (void)state;
    path = write_mail("none.eml",
                      HEAD "Content-Type: multipart/mixed; boundary=b1\r\n"
                           "\r\n"
                           "--b1\r\n"
                           "Content-Type: text/plain\r\n"
                           "\r\n"
                           "  \r\n"
                           "--b1\r\n"
                           "Content-Type: text/calendar; method=REQUEST; name=invite.ics\r\n"
                           "Content-Disposition: attachment; filename=invite.ics\r\n"
                           "\r\n"
                           "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
                           "--b1\r\n"
                           "Content-Type: application/octet-stream; name=x.bin\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\r\n"
                           "--b1--\r\n");
    assert_int_equal(euc_unpack(ctx, path, &u, &err), -1);
    assert_null(u);
    assert_int_equal(err.code, EUC_ERR_EMPTY);
    assert_non_null(strstr(err.message, "no certificate"));
    g_free(path);
    /* a mail of headers alone */
    path = write_mail("headers.eml", HEAD "\r\n");
    assert_int_equal(euc_unpack(ctx, path, &u, &err), -1);
    assert_int_equal(err.code, EUC_ERR_EMPTY);
    g_free(path);
}

static void test_not_mail(void **state)
{
    unsigned char junk[4096];
    char *path;
    size_t i;
    static const char *const texts[] = {
        /* a certificate saved as text, its first line a field */
        "Subject: End-user certificate\n"
        "We hereby certify that the goods will be used by us only.\n",
        "Subject: End-user certificate\nDate: 3 November 2025\n\n"
        "From: Kansai Magnet Works\n",
        /* a letter: To:, From:, Subject:, then prose with no blank line */
        "From: Kansai Magnet Works Co., Ltd.\n"
        "To: Baotou Huaxin Rare Earth\n"
        "Subject: End-user certificate\n"
        "Dear Sirs, we certify that the goods are for our own use.\n",
        /* a mail pasted into a text file, as Outlook copies it */
        "From: Ola Berg <ola.berg@fjellmotor.example>\n"
        "Sent: Tuesday, February 3, 2026 9:14 AM\n"
        "To: Export Desk\n"
        "Subject: end use of our order\n\n"
        "Dear Sir,\n",
        /* two fields but neither only mail has */
        "To: MOFCOM\nSubject: EUC\n\nThe end user is ...\n",
        "From: x\n",
        "",
    };

    (void)state;
    for (i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)(i * 131 + 7);
    path = write_bytes("junk.eml", junk, sizeof junk);
    assert_null(euc_container_kind(path));
    g_free(path);
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        path = write_bytes("cert.txt", texts[i], strlen(texts[i]));
        assert_null(euc_container_kind(path));
        g_free(path);
    }
    assert_null(euc_container_kind("samples/form-complete.txt"));
    assert_null(euc_container_kind("samples/letter-unsigned.txt"));
    assert_null(euc_container_kind("samples/table-nosub.txt"));
    assert_null(euc_container_kind("tests/data/parse/letter-shapes.txt"));
    assert_null(euc_container_kind(PNG));
}

/* Each length a mail may be cut at in the middle of its attachment:
 * never a crash, never a word on stderr; a part cut short is still a
 * member (the PDF extractor judges it) or an error. */
static void test_truncated(void **state)
{
    char *pdf = file_b64(PDF, NULL), *path, *errpath, *msg;
    size_t len, cut, logged;
    int saved, fd;

    (void)state;
    path = write_mail("full.eml",
                      HEAD "Content-Type: multipart/mixed; boundary=b1\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: application/pdf; name=c.pdf\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1--\r\n",
                      body_part, pdf);
    msg = tu_read_file(path, &len);
    assert_non_null(msg);
    g_free(path);
    errpath = g_build_filename(dir, "stderr", NULL);
    fflush(stderr);
    saved = dup(2);
    fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved >= 0 && fd >= 0);
    dup2(fd, 2);
    close(fd);
    for (cut = 300; cut < len; cut += len / 7) {
        euc_unpacked *u = NULL;
        euc_error err;
        int rc;

        path = write_bytes("cut.eml", msg, cut);
        rc = euc_unpack(ctx, path, &u, &err);
        if (rc == 0) {
            assert_true(euc_unpacked_count(u) >= 1);
            euc_unpacked_free(u);
        } else {
            assert_true(err.message[0] != '\0');
        }
        g_free(path);
    }
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    free(tu_read_file(errpath, &logged));
    assert_int_equal(logged, 0);
    free(msg);
    g_free(errpath);
    g_free(pdf);
}

/* A forwarded mail with its own attachment; an attachment without a
 * name; uuencode; an mbox's first line. */
static void test_forwarded_and_old_forms(void **state)
{
    size_t n, i, k;
    char *pdf = file_b64(PDF, NULL), *raw = tu_read_file(PDF, &n), *path;
    GString *uu = g_string_new("begin 644 old.pdf\r\n");
    euc_unpacked *u = NULL;
    euc_error err;

    (void)state;
    for (i = 0; i < n; i += 45) {
        size_t m = n - i < 45 ? n - i : 45;
        g_string_append_c(uu, (char)(m + 32));
        for (k = 0; k < m; k += 3) {
            unsigned char a = (unsigned char)raw[i + k];
            unsigned char b = k + 1 < m ? (unsigned char)raw[i + k + 1] : 0;
            unsigned char c = k + 2 < m ? (unsigned char)raw[i + k + 2] : 0;
            unsigned v[4] = {a >> 2u, ((a & 3u) << 4) | (b >> 4u),
                             ((b & 15u) << 2) | (c >> 6u), c & 63u};
            int j;
            for (j = 0; j < 4; j++)
                g_string_append_c(uu, (char)(v[j] ? v[j] + 32 : '`'));
        }
        g_string_append(uu, "\r\n");
    }
    g_string_append(uu, "`\r\nend\r\n");
    path = write_mail("fwd.eml",
                      "From buyer@kansai-magnet.example Mon Nov  3 09:12:44 2025\r\n"
                      HEAD "Content-Type: multipart/mixed; boundary=b1\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: message/rfc822\r\n"
                           "Content-Disposition: attachment; filename=\"Fw: EUC.eml\"\r\n"
                           "\r\n"
                           "From: Someone <a@b.example>\r\n"
                           "Subject: EUC\r\n"
                           "MIME-Version: 1.0\r\n"
                           "Content-Type: multipart/mixed; boundary=inner\r\n"
                           "\r\n"
                           "--inner\r\n"
                           "Content-Type: text/plain\r\n"
                           "\r\n"
                           "See the file.\r\n"
                           "--inner\r\n"
                           "Content-Type: application/pdf\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--inner--\r\n"
                           "\r\n"
                           "--b1\r\n"
                           "Content-Type: application/octet-stream\r\n"
                           "Content-Disposition: attachment; filename=old.pdf\r\n"
                           "Content-Transfer-Encoding: x-uuencode\r\n"
                           "\r\n"
                           "%s"
                           "--b1--\r\n",
                      body_part, pdf, uu->str);
    assert_string_equal(euc_container_kind(path), "eml");
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 2);
    /* the forwarded mail's attachment, which has no name */
    assert_string_equal(euc_unpacked_name(u, 0), "attachment-1.pdf");
    assert_same_file(euc_unpacked_path(u, 0), PDF);
    assert_string_equal(euc_unpacked_name(u, 1), "old.pdf");
    assert_same_file(euc_unpacked_path(u, 1), PDF);
    euc_unpacked_free(u);
    g_free(path);
    g_free(pdf);
    free(raw);
    g_string_free(uu, TRUE);
}

/* An .eml attached as a file is opened by the registry in turn. */
static void test_mail_in_mail(void **state)
{
    char *pdf = file_b64(PDF, NULL), *inner, *in64, *path;
    euc_unpacked *u = NULL;
    euc_error err;

    (void)state;
    inner = g_strdup_printf(HEAD "Content-Type: multipart/mixed; boundary=b2\r\n"
                                 "\r\n"
                                 "--b2\r\n"
                                 "Content-Type: application/pdf; name=inner.pdf\r\n"
                                 "Content-Transfer-Encoding: base64\r\n"
                                 "\r\n"
                                 "%s"
                                 "--b2--\r\n",
                            pdf);
    in64 = b64_lines(inner, strlen(inner));
    path = write_mail("outer.eml",
                      HEAD "Content-Type: multipart/mixed; boundary=b1\r\n"
                           "\r\n"
                           "%s"
                           "--b1\r\n"
                           "Content-Type: application/octet-stream; name=fwd.eml\r\n"
                           "Content-Transfer-Encoding: base64\r\n"
                           "\r\n"
                           "%s"
                           "--b1--\r\n",
                      body_part, in64);
    assert_int_equal(euc_unpack(ctx, path, &u, &err), 0);
    assert_int_equal(euc_unpacked_count(u), 1);
    assert_string_equal(euc_unpacked_name(u, 0), "fwd.eml/inner.pdf");
    assert_same_file(euc_unpacked_path(u, 0), PDF);
    euc_unpacked_free(u);
    g_free(path);
    g_free(inner);
    g_free(in64);
    g_free(pdf);
}

/* Hostile shapes: parts nested thousands deep, thousands of parts, a
 * part over the size limit announced by a huge header. */
static void test_hostile_shapes(void **state)
{
    GString *m = g_string_new(HEAD);
    euc_unpacked *u = NULL;
    euc_error err;
    char *path;
    int i, rc;

    (void)state;
    for (i = 0; i < 3000; i++)
        g_string_append_printf(m, "Content-Type: multipart/mixed; boundary=n%d\r\n"
                                  "\r\n--n%d\r\n", i, i);
    g_string_append(m, "Content-Type: text/plain\r\n\r\nEND-USER CERTIFICATE\r\n");
    path = write_bytes("deep.eml", m->str, m->len);
    rc = euc_unpack(ctx, path, &u, &err);
    if (rc == 0)
        euc_unpacked_free(u);
    g_free(path);

    g_string_assign(m, HEAD "Content-Type: multipart/mixed; boundary=b1\r\n\r\n");
    for (i = 0; i < 1500; i++)
        g_string_append(m, "--b1\r\nContent-Type: text/plain; name=a.txt\r\n\r\n"
                           "END-USER CERTIFICATE\r\n");
    g_string_append(m, "--b1--\r\n");
    path = write_bytes("many.eml", m->str, m->len);
    rc = euc_unpack(ctx, path, &u, &err);
    if (rc == 0) {
        size_t n = euc_unpacked_count(u);
        assert_true(n <= 1001);
        assert_non_null(euc_unpacked_error(u, n - 1));
        euc_unpacked_free(u);
    }
    g_free(path);
    g_string_free(m, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_attachment),
        cmocka_unit_test(test_two_attachments),
        cmocka_unit_test(test_encoded_names),
        cmocka_unit_test(test_qp_text_attachment),
        cmocka_unit_test(test_body_charsets),
        cmocka_unit_test(test_body_vendor_charsets),
        cmocka_unit_test(test_html_body),
        cmocka_unit_test(test_alternative_body),
        cmocka_unit_test(test_no_certificate),
        cmocka_unit_test(test_not_mail),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_forwarded_and_old_forms),
        cmocka_unit_test(test_mail_in_mail),
        cmocka_unit_test(test_hostile_shapes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
