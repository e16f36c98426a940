/* eucheck batch: every input gets exactly one row with the right status;
 * broken files, a crashing worker and a hanging document do not stop the
 * batch; a second run skips what has not changed; shards are disjoint and
 * cover every input, and merging them gives a single run's summary; the
 * HTML report renders in headless Chromium with one row per document. */
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

#include "testutil.h"

static char *dir, *in, *listfile;

static const char complete_cert[] =
    "END-USER CERTIFICATE\n"
    "Certificate No.: EUC-%d\n"
    "Date of issue: 12 January 2026\n"
    "1. Exporter: Baotou Rare Earth Trading Co., Ltd., 8 Huanghe Road, Baotou, China\n"
    "2. End User: Kansai Magnet Works %d Co., Ltd.\n"
    "   Address: 2-4-1 Nakanoshima, Kita-ku, Osaka 530-0005, Japan\n"
    "   Country: Japan\n"
    "3. End Use: manufacture of sintered NdFeB permanent magnets for electric\n"
    "   vehicle traction motors at our Osaka plant\n"
    "4. Items: Dysprosium oxide (Dy2O3), HS 2846.90, quantity 500 kg, USD 210,000\n"
    "5. Sub-suppliers: none. No other party will process, receive or hold the goods.\n"
    "6. Re-export: The goods will not be re-exported, re-transferred or diverted\n"
    "   to any third party without the prior written consent of the competent\n"
    "   authority of the exporting country.\n"
    "7. We certify that the goods will not be used for any military purpose or\n"
    "   for weapons of mass destruction.\n"
    "Name of Signatory: Taro Yamada\n"
    "Title: Director\n"
    "Date: 12 January 2026\n"
    "Signature: /s/ Taro Yamada\n";

static const char incomplete_cert[] =
    "END-USER STATEMENT\n"
    "End User: Nordic Motors AB %d\n"
    "End Use: industrial use\n"
    "Items: Terbium metal, 20 kg\n";

static char *p_in(const char *fmt, int i)
{
    char *name = NULL, *p = NULL;

    assert_true(asprintf(&name, fmt, i) > 0);
    assert_true(asprintf(&p, "%s/%s", in, name) > 0);
    free(name);
    return p;
}

static void write_fmt(const char *path, const char *fmt, int i)
{
    char *text = NULL;

    assert_true(asprintf(&text, fmt, i, i) > 0);
    assert_int_equal(tu_write_file(path, text, strlen(text)), 0);
    free(text);
}

/* in/: 4 complete, 3 incomplete, 3 broken, plus a sub-directory holding a
 * same-named file and an XML file that is not a certificate. */
static int setup(void **state)
{
    char *p, *sub;
    int i;
    FILE *f;

    (void)state;
    dir = tu_tmpdir();
    if (dir == NULL || asprintf(&in, "%s/in", dir) < 0 ||
        asprintf(&sub, "%s/in/more", dir) < 0)
        return -1;
    mkdir(in, 0755);
    mkdir(sub, 0755);
    for (i = 1; i <= 4; i++) {
        p = p_in("complete-%d.txt", i);
        write_fmt(p, complete_cert, i);
        free(p);
    }
    for (i = 1; i <= 3; i++) {
        p = p_in("incomplete-%d.txt", i);
        write_fmt(p, incomplete_cert, i);
        free(p);
    }
    p = p_in("empty-%d.pdf", 0);
    tu_write_file(p, "", 0);
    free(p);
    p = p_in("truncated-%d.pdf", 0);
    tu_write_file(p, "%PDF-1.4\n1 0 obj\n<< /Type /Catalog", 33);
    free(p);
    p = p_in("garbage-%d.bin", 0);
    tu_write_file(p, "\x00\x01\x02\xff\xfe garbage \x03\x04", 16);
    free(p);
    p = p_in("more/complete-%d.txt", 1); /* same base name as in/complete-1 */
    write_fmt(p, complete_cert, 9);
    free(p);
    p = p_in("more/notes-%d.xml", 1);
    tu_write_file(p, "<?xml version=\"1.0\"?><notes/>", 29);
    free(p);
    /* @LIST input for the shard tests: the same inputs, one a line */
    assert_true(asprintf(&listfile, "%s/list.txt", dir) > 0);
    f = fopen(listfile, "w");
    fprintf(f, "# inputs\n%s\n", in);
    fclose(f);
    free(sub);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    free(in);
    free(listfile);
    return 0;
}

static char *outdir(const char *name)
{
    char *p = NULL;

    assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
    return p;
}

static char *summary_of(const char *od)
{
    char *p = NULL, *s;

    assert_true(asprintf(&p, "%s/summary.csv", od) > 0);
    s = tu_read_file(p, NULL);
    free(p);
    assert_non_null(s);
    return s;
}

/* The summary row of a file (its line), or NULL. */
static char *row_of(const char *csv, const char *suffix)
{
    const char *line = csv;

    while (line && *line) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char *l = strndup(line, len), *comma = strchr(l, ',');
        if (comma) {
            *comma = '\0';
            size_t fl = strlen(l), sl = strlen(suffix);
            *comma = ',';
            if (fl >= sl && strncmp(l + fl - sl, suffix, sl) == 0)
                return l;
        }
        free(l);
        line = end ? end + 2 : NULL;
    }
    return NULL;
}

static void expect_row(const char *csv, const char *suffix, const char *status)
{
    char *r = row_of(csv, suffix), *want = NULL;

    if (r == NULL)
        fail_msg("no summary row for %s in:\n%s", suffix, csv);
    assert_true(asprintf(&want, ",%s,", status) > 0);
    if (strstr(r, want) == NULL)
        fail_msg("row for %s is not %s: %s", suffix, status, r);
    free(want);
    free(r);
}

static void test_batch_statuses_and_rerun(void **state)
{
    char *od = outdir("out"), *out = NULL, *err = NULL, *csv;
    const char *argv[] = {tu_bin(), "batch", "-j", "2", "-o", od, in, NULL};
    int rc;

    (void)state;
    rc = tu_run(argv, &out, &err);
    assert_int_equal(rc, 2); /* three inputs could not be processed */
    assert_non_null(strstr(out, "11 documents: 5 complete, 3 incomplete, 3 error"));
    assert_non_null(strstr(out, "1 files skipped"));
    /* each broken file named on stderr with its reason */
    assert_non_null(strstr(err, "empty-0.pdf: empty file"));
    assert_non_null(strstr(err, "garbage-0.bin: unknown format"));
    assert_non_null(strstr(err, "truncated-0.pdf: "));
    csv = summary_of(od);
    /* header + 11 documents + 1 skipped, each exactly once */
    assert_int_equal(tu_count(csv, "\r\n"), 13);
    expect_row(csv, "in/complete-1.txt", "complete");
    expect_row(csv, "more/complete-1.txt", "complete");
    expect_row(csv, "incomplete-2.txt", "incomplete");
    expect_row(csv, "empty-0.pdf", "error");
    expect_row(csv, "garbage-0.bin", "error");
    expect_row(csv, "truncated-0.pdf", "error");
    expect_row(csv, "notes-1.xml", "skipped");
    {
        /* two inputs share a base name: two result files, none lost */
        char *r1 = row_of(csv, "in/complete-1.txt");
        char *r2 = row_of(csv, "more/complete-1.txt");
        assert_non_null(strstr(r1, "complete-1.txt-"));
        assert_non_null(strstr(r2, "complete-1.txt-"));
        free(r1);
        free(r2);
    }
    free(csv);
    free(out);
    free(err);

    /* second run: nothing changed, nothing processed again */
    rc = tu_run(argv, &out, &err);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(out, "(8 unchanged since the last run)"));
    free(out);
    free(err);

    /* a changed input is processed again, the rest still are not */
    {
        char *p = p_in("incomplete-%d.txt", 3);
        write_fmt(p, complete_cert, 3);
        free(p);
    }
    rc = tu_run(argv, &out, &err);
    assert_non_null(strstr(out, "(7 unchanged since the last run)"));
    assert_non_null(strstr(out, "6 complete, 2 incomplete"));
    free(out);
    free(err);
    {
        char *p = p_in("incomplete-%d.txt", 3);
        write_fmt(p, incomplete_cert, 3);
        free(p);
    }
    free(od);
}

static void test_crash_and_timeout(void **state)
{
    char *od = outdir("out-crash"), *out = NULL, *err = NULL, *csv, *r;
    const char *argv[] = {"env", "EUCHECK_TEST_CRASH=incomplete-2.txt",
                          "EUCHECK_TEST_HANG=complete-3.txt", tu_bin(),
                          "batch", "-j", "2", "--timeout", "3", "-o", od, in,
                          NULL};

    (void)state;
    assert_int_equal(tu_run(argv, &out, &err), 2);
    assert_non_null(strstr(out, "11 documents: 4 complete, 2 incomplete, 5 error"));
    csv = summary_of(od);
    assert_int_equal(tu_count(csv, "\r\n"), 13);
    r = row_of(csv, "incomplete-2.txt");
    assert_non_null(strstr(r, ",error,"));
    assert_non_null(strstr(r, "crashed"));
    free(r);
    r = row_of(csv, "in/complete-3.txt");
    assert_non_null(strstr(r, "timed out after 3 s"));
    free(r);
    expect_row(csv, "complete-4.txt", "complete");
    expect_row(csv, "incomplete-1.txt", "incomplete");
    free(csv);
    free(out);
    free(err);
    free(od);
}

/* The columns a person reads, without timings and output paths. */
static char *strip_csv(const char *csv)
{
    char *copy = strdup(csv), *out = calloc(1, strlen(csv) + 1), *line, *save;

    for (line = strtok_r(copy, "\r\n", &save); line;
         line = strtok_r(NULL, "\r\n", &save)) {
        int field = 0;
        char *p;
        for (p = line; *p; p++) {
            if (*p == ',')
                field++;
            if (field == 9) /* seconds, output, reason and after */
                break;
        }
        strncat(out, line, (size_t)(p - line));
        strncat(out, "\n", 2);
    }
    free(copy);
    return out;
}

static void test_shards_and_merge(void **state)
{
    char *single = outdir("out-single"), *s[3], *merged = outdir("out-merged");
    char *out = NULL, *csv_single, *csv_merged, *a, *b, *atlist = NULL;
    int k, total = 0;

    (void)state;
    assert_true(asprintf(&atlist, "@%s", listfile) > 0);
    {
        const char *argv[] = {tu_bin(), "batch", "-o", single, atlist, NULL};
        tu_run(argv, NULL, NULL);
    }
    for (k = 0; k < 3; k++) {
        char shard[32], *csv;
        snprintf(shard, sizeof shard, "%d/3", k + 1);
        assert_true(asprintf(&s[k], "%s/shard-%d", dir, k + 1) > 0);
        const char *argv[] = {tu_bin(), "batch", "-j", "1", "--shard", shard,
                              "-o", s[k], atlist, NULL};
        tu_run(argv, NULL, NULL);
        csv = summary_of(s[k]);
        total += tu_count(csv, "\r\n") - 1;
        free(csv);
    }
    /* disjoint and covering: the parts add up to the whole */
    assert_int_equal(total, 12);
    {
        const char *argv[] = {tu_bin(), "merge", "-o", merged, s[0], s[1], s[2],
                              NULL};
        assert_int_equal(tu_run(argv, &out, NULL), 2);
        assert_non_null(strstr(out, "11 documents"));
        free(out);
    }
    csv_single = summary_of(single);
    csv_merged = summary_of(merged);
    a = strip_csv(csv_single);
    b = strip_csv(csv_merged);
    assert_string_equal(a, b);
    free(a);
    free(b);
    free(csv_single);
    free(csv_merged);
    for (k = 0; k < 3; k++)
        free(s[k]);
    free(single);
    free(merged);
    free(atlist);
}

static void test_report_renders_in_chromium(void **state)
{
    char *od = outdir("out"), *url = NULL, *dom = NULL, *err = NULL, *udd;
    const char *chromium = access("/usr/bin/chromium", X_OK) == 0 ?
                           "/usr/bin/chromium" : NULL;
    char *uddarg = NULL;

    (void)state;
    if (chromium == NULL)
        fail_msg("chromium is not installed (make deps installs it)");
    udd = tu_tmpdir();
    assert_true(asprintf(&uddarg, "--user-data-dir=%s", udd) > 0);
    assert_true(asprintf(&url, "file://%s/report.html", od) > 0);
    const char *argv[] = {chromium, "--headless", "--no-sandbox",
                          "--disable-gpu", "--disable-quic", "--no-first-run",
                          "--disable-background-networking",
                          "--disable-component-update", "--disable-sync",
                          uddarg, "--dump-dom", url, NULL};
    assert_int_equal(tu_run(argv, &dom, &err), 0);
    /* one row per document, incomplete first; the skipped file listed apart */
    assert_int_equal(tu_count(dom, "<tr class=\"doc\""), 11);
    assert_non_null(strstr(dom, "<span id=\"shown\">11</span>"));
    assert_non_null(strstr(dom, "1 files skipped as not certificates"));
    assert_non_null(strstr(dom, "notes-1.xml"));
    {
        const char *first = strstr(dom, "<tr class=\"doc\"");
        assert_non_null(strstr(first, "data-status=\"incomplete\""));
        assert_true(strstr(first, "data-status=\"incomplete\"") <
                    strstr(first, "data-status=\"complete\""));
    }
    assert_non_null(strstr(dom, "Remedy: "));
    tu_rmtree(udd);
    free(udd);
    free(uddarg);
    free(url);
    free(dom);
    free(err);
    free(od);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_statuses_and_rerun),
        cmocka_unit_test(test_crash_and_timeout),
        cmocka_unit_test(test_shards_and_merge),
        cmocka_unit_test(test_report_renders_in_chromium),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
