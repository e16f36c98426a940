/* Submissions as they arrive: ZIP archives, e-mails, Word documents and
 * fillable PDF forms through the command line, as a compliance clerk would
 * run them.  A container
 * gives one result per certificate in it, named ARCHIVE.zip/member; a bad
 * one gives one line "eucheck: FILE: reason" and exit 2, and the other
 * files of the command are still checked. */
#define _GNU_SOURCE
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

static char *dir;
static const char *good = "samples/form-complete.txt";

static char *path_in(const char *name)
{
    char *p;

    assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
    return p;
}

static char *zip_in(const char *name, const tu_member *m, size_t n,
                    const char *passphrase)
{
    char *p = path_in(name);

    assert_int_equal(tu_write_zip(p, m, n, passphrase), 0);
    return p;
}

static char *form_in(const char *name, const char *end_user,
                     const char *address, int reexport)
{
    char *p = path_in(name);

    assert_int_equal(tu_write_form_pdf(p, end_user, address, reexport), 0);
    return p;
}

static int setup(void **state)
{
    (void)state;
    dir = tu_tmpdir();
    return dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    return 0;
}

/* `eucheck check BAD GOOD`: exit 2, one stderr line naming who with the
 * reason, GOOD still checked. */
static void expect_bad(const char *bad, const char *who, const char *reason)
{
    const char *argv[] = {tu_bin(), "check", bad, good, NULL};
    char *out = NULL, *err = NULL, *want = NULL;

    assert_int_equal(tu_run(argv, &out, &err), 2);
    assert_true(asprintf(&want, "eucheck: %s: ", who ? who : bad) > 0);
    if (strncmp(err, want, strlen(want)) != 0 || strstr(err, reason) == NULL ||
        tu_count(err, "\n") != 1)
        fail_msg("stderr for %s was: %s (wanted one line '%s...%s')", bad, err,
                 want, reason);
    assert_non_null(strstr(out, "samples/form-complete.txt: COMPLETE"));
    free(want);
    free(out);
    free(err);
}

static void test_zip_members(void **state)
{
    const tu_member m[] = {
        {"certs/letter-unsigned.pdf", "samples/letter-unsigned.pdf", NULL, 0},
        {"certs/more/form-reexport.txt", "samples/form-reexport.txt", NULL, 0},
        {"certs/notes.xml", NULL, "<notes>not a certificate</notes>", 0},
        {"certs/", NULL, "", 0},
    };
    char *z = zip_in("two.zip", m, 3, NULL);
    const char *argv[] = {tu_bin(), "check", z, NULL};
    char *out = NULL, *err = NULL, *want = NULL;

    (void)state;
    /* a certificate is incomplete: exit 1, both read, the XML not a document */
    assert_int_equal(tu_run(argv, &out, &err), 1);
    assert_true(asprintf(&want, "%s/certs/letter-unsigned.pdf: INCOMPLETE", z) > 0);
    assert_non_null(strstr(out, want));
    free(want);
    assert_true(asprintf(&want, "%s/certs/more/form-reexport.txt: ", z) > 0);
    assert_non_null(strstr(out, want));
    assert_null(strstr(out, "notes.xml"));
    assert_string_equal(err, "");
    free(want);
    free(out);
    free(err);
    free(z);
}

static void test_zip_unsafe_member(void **state)
{
    const tu_member m[] = {
        {"../../escaped.txt", "samples/form-complete.txt", NULL, 0},
        {"/etc/absolute.txt", "samples/form-complete.txt", NULL, 0},
        {"ok.txt", "samples/form-complete.txt", NULL, 0},
    };
    char *z = zip_in("unsafe.zip", m, 3, NULL);
    const char *argv[] = {tu_bin(), "check", z, NULL};
    char *out = NULL, *err = NULL, *esc = NULL;

    (void)state;
    assert_int_equal(tu_run(argv, &out, &err), 2);
    /* one error line per refused member; the safe one is checked */
    assert_int_equal(tu_count(err, "unsafe member name"), 2);
    assert_int_equal(tu_count(err, "\n"), 2);
    assert_true(asprintf(&esc, "%s/ok.txt: COMPLETE", z) > 0);
    assert_non_null(strstr(out, esc));
    free(esc);
    /* nothing was written beside the archive or above it */
    esc = path_in("escaped.txt");
    assert_int_not_equal(access(esc, F_OK), 0);
    free(esc);
    free(out);
    free(err);
    free(z);
}

static void test_zip_bomb(void **state)
{
    /* 40 MB of zeros inflate from some 40 KB: a ratio no document has */
    const tu_member m[] = {{"big.txt", NULL, NULL, 40u << 20}};
    char *z = zip_in("bomb.zip", m, 1, NULL);

    (void)state;
    expect_bad(z, NULL, "zip-bomb limit");
    free(z);
}

static void test_zip_encrypted(void **state)
{
    const tu_member m[] = {{"a.pdf", "samples/letter-unsigned.pdf", NULL, 0}};
    char *z = zip_in("locked.zip", m, 1, "secret");

    (void)state;
    expect_bad(z, NULL, "encrypted ZIP archive: a password is needed");
    free(z);
}

static void test_zip_no_certificate(void **state)
{
    const tu_member m[] = {{"data.xml", NULL, "<a/>", 0},
                        {"blob.bin", NULL, NULL, 1000}};
    char *z = zip_in("none.zip", m, 2, NULL);

    (void)state;
    expect_bad(z, NULL, "holds no certificate");
    free(z);
}

static void test_zip_damaged(void **state)
{
    const tu_member m[] = {{"a.pdf", "samples/letter-unsigned.pdf", NULL, 0}};
    char *z = zip_in("cut.zip", m, 1, NULL), *who = NULL;
    size_t len = 0;
    char *data = tu_read_file(z, &len);

    (void)state;
    /* cut in the middle of the member's deflated data */
    assert_int_equal(tu_write_file(z, data, len / 2), 0);
    assert_true(asprintf(&who, "%s/a.pdf", z) > 0);
    expect_bad(z, who, "damaged member");
    free(who);
    free(data);
    free(z);
}

/* A mail as a mail client saves it, the attachment in base64. */
static char *mail_in(const char *name, const char *att_name, const char *att_type,
                     const char *att_file, const char *body)
{
    char *p = path_in(name), *data = NULL, *b64 = NULL;
    size_t len = 0;
    GString *m = g_string_new(
        "From: Purchasing <buyer@example.kr>\r\nTo: exports@example.cn\r\n"
        "Subject: End-user certificate\r\nDate: Tue, 13 Jan 2026 10:00:00 +0900\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n"
        "--sep\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
    size_t i;

    g_string_append_printf(m, "%s\r\n", body);
    if (att_file != NULL) {
        data = tu_read_file(att_file, &len);
        assert_non_null(data);
        b64 = g_base64_encode((const guchar *)data, len);
        g_string_append_printf(m, "--sep\r\nContent-Type: %s; name=\"%s\"\r\n"
                               "Content-Disposition: attachment; filename=\"%s\"\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\n",
                               att_type, att_name, att_name);
        for (i = 0; i < strlen(b64); i += 76)
            g_string_append_printf(m, "%.76s\r\n", b64 + i);
    }
    g_string_append(m, "--sep--\r\n");
    assert_int_equal(tu_write_file(p, m->str, m->len), 0);
    g_string_free(m, TRUE);
    g_free(b64);
    free(data);
    return p;
}

static void test_mail_zip_attachment(void **state)
{
    const tu_member zm[] = {
        {"letter-unsigned.pdf", "samples/letter-unsigned.pdf", NULL, 0},
        {"form-complete.txt", "samples/form-complete.txt", NULL, 0},
    };
    char *z = zip_in("certs.zip", zm, 2, NULL);
    char *mail = mail_in("zip.eml", "certs.zip", "application/zip", z,
                         "Please find our certificates attached.");
    const char *argv[] = {tu_bin(), "check", "--json", mail, NULL};
    char *out = NULL, *err = NULL, *want = NULL;

    (void)state;
    /* the cover note is not a certificate: only the ZIP's two documents */
    assert_int_equal(tu_run(argv, &out, &err), 1);
    assert_true(asprintf(&want, "\"%s/certs.zip/letter-unsigned.pdf\"", mail) > 0);
    assert_non_null(strstr(out, want));
    free(want);
    assert_true(asprintf(&want, "\"%s/certs.zip/form-complete.txt\"", mail) > 0);
    assert_non_null(strstr(out, want));
    free(want);
    assert_null(strstr(out, "body.txt"));
    assert_string_equal(err, "");
    free(out);
    free(err);
    free(mail);
    free(z);
}

static void test_mail_no_certificate(void **state)
{
    char *mail = mail_in("none.eml", NULL, NULL, NULL, "");

    (void)state;
    expect_bad(mail, NULL, "e-mail has no certificate");
    free(mail);
}

static void test_form_fields(void **state)
{
    char *f = form_in("form.pdf", "Hanbit Motor Co., Ltd.",
                         "55 Seongsan-ro, Changwon", 0);
    const char *ex[] = {tu_bin(), "extract", f, NULL};
    const char *parse[] = {tu_bin(), "parse", f, NULL};
    char *out = NULL, *err = NULL;

    (void)state;
    assert_int_equal(tu_run(ex, &out, &err), 0);
    /* each value beside its label, as printed; the checked box as [X] */
    assert_non_null(strstr(out, "End user: Hanbit Motor Co., Ltd.\n"));
    assert_non_null(strstr(out, "Address: 55 Seongsan-ro, Changwon\n"));
    assert_non_null(strstr(out, "re-exported? [ ] Yes [X] No\n"));
    assert_non_null(strstr(out, "form-fields"));
    free(out);
    free(err);
    assert_int_equal(tu_run(parse, &out, &err), 0);
    assert_non_null(strstr(out, "text-method=\"form-fields\""));
    assert_non_null(strstr(out, "<re-export permitted=\"no\""));
    free(out);
    free(err);
    free(f);
    f = form_in("form-yes.pdf", "Hanbit Motor Co., Ltd.", "Changwon", 1);
    parse[2] = f;
    assert_int_equal(tu_run(parse, &out, &err), 0);
    assert_non_null(strstr(out, "<re-export permitted=\"yes\""));
    free(out);
    free(err);
    free(f);
}

static void test_form_all_empty(void **state)
{
    char *f = form_in("blank.pdf", "", "", 0);

    (void)state;
    expect_bad(f, NULL, "every field empty");
    free(f);
}

static void test_word_bad(void **state)
{
    size_t len = 0;
    char *d = tu_read_file("samples/letter-unsigned.docx", &len);
    char *p = path_in("cut.docx"), *old = path_in("old.doc");
    unsigned char ole[2048] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

    (void)state;
    assert_non_null(d);
    /* cut short: its directory at the end is gone */
    assert_int_equal(tu_write_file(p, d, len * 3 / 4), 0);
    expect_bad(p, NULL, "damaged Word document");
    assert_int_equal(tu_write_file(old, ole, sizeof ole), 0);
    expect_bad(old, NULL, "save it as .docx or PDF");
    free(d);
    free(p);
    free(old);
}

static void test_batch_rows(void **state)
{
    const tu_member m[] = {
        {"a/letter-unsigned.pdf", "samples/letter-unsigned.pdf", NULL, 0},
        {"../up.txt", "samples/form-complete.txt", NULL, 0},
    };
    char *z = zip_in("batch.zip", m, 2, NULL), *o = path_in("out"),
         *csv, *summary = NULL, *line = NULL;
    const char *argv[] = {tu_bin(), "batch", "-o", o, z, good, NULL};
    char *out = NULL, *err = NULL;

    (void)state;
    assert_int_equal(tu_run(argv, &out, &err), 2);
    free(out);
    free(err);
    assert_true(asprintf(&summary, "%s/summary.csv", o) > 0);
    csv = tu_read_file(summary, NULL);
    assert_non_null(csv);
    /* each member its own row: the certificate and the refused member */
    assert_true(asprintf(&line, "%s/a/letter-unsigned.pdf,incomplete,", z) > 0);
    assert_non_null(strstr(csv, line));
    free(line);
    assert_true(asprintf(&line, "%s/../up.txt,error,", z) > 0);
    assert_non_null(strstr(csv, line));
    free(line);
    assert_non_null(strstr(csv, "samples/form-complete.txt,complete,"));
    free(csv);
    /* a second run finds every member's result current */
    assert_int_equal(tu_run(argv, &out, &err), 2);
    assert_non_null(strstr(out, "(2 unchanged since the last run)"));
    free(out);
    free(err);
    free(summary);
    free(o);
    free(z);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zip_members),
        cmocka_unit_test(test_zip_unsafe_member),
        cmocka_unit_test(test_zip_bomb),
        cmocka_unit_test(test_zip_encrypted),
        cmocka_unit_test(test_zip_no_certificate),
        cmocka_unit_test(test_zip_damaged),
        cmocka_unit_test(test_mail_zip_attachment),
        cmocka_unit_test(test_mail_no_certificate),
        cmocka_unit_test(test_form_fields),
        cmocka_unit_test(test_form_all_empty),
        cmocka_unit_test(test_word_bad),
        cmocka_unit_test(test_batch_rows),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
