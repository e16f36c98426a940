/* Parse expectations as data (as libxml2's runtest.c and jq's jq.test keep
 * theirs): every tests/data/parse/NAME.txt that has a NAME.expect is read
 * as a user's file would be (the text extractor, then the parser), its
 * output validated against schemas/certificate.xsd, and each line of
 * NAME.expect checked.  A line is
 *
 *     XPATH = VALUE     string(XPATH) is exactly VALUE (count(...) = 0
 *                       says a node is absent)
 *     XPATH ~ VALUE     string(XPATH) contains VALUE
 *
 * with "#" starting a comment line.  Every line of every fixture is
 * checked and every miss printed (FILE:LINE, the xpath, wanted and got)
 * before the test fails.  EUC_FIXTURES_REGEN=1 rewrites each "=" line
 * with the value read today, keeping comments and order, so that a
 * deliberate parser change is one run and a reviewed diff. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/tree.h>

#include "euc/doc.h"
#include "euc/extract.h"
#include "euc/parse.h"
#include "parse_support.h"
#include "testutil.h"

/* EUC_FIXTURES_DIR points elsewhere (trying a new fixture before it moves in) */
static const char *fixtures_dir(void)
{
    const char *d = getenv("EUC_FIXTURES_DIR");

    return d != NULL && *d != '\0' ? d : "tests/data/parse";
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME.expect files of the fixture folder, sorted; count in *n. */
static char **expect_files(size_t *n)
{
    DIR *d = opendir(fixtures_dir());
    struct dirent *e;
    char **out = NULL;
    size_t cap = 0;

    *n = 0;
    if (d == NULL)
        return NULL;
    for (e = readdir(d); e != NULL; e = readdir(d)) {
        size_t len = strlen(e->d_name);
        if (len < 8 || strcmp(e->d_name + len - 7, ".expect") != 0)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            out = realloc(out, cap * sizeof *out);
            assert_non_null(out);
        }
        out[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (*n > 0)
        qsort(out, *n, sizeof *out, name_cmp);
    return out;
}

static xmlDocPtr parse_fixture(const char *txt)
{
    euc_doc *doc = NULL;
    xmlDocPtr out = NULL;
    euc_error err;

    memset(&err, 0, sizeof err);
    if (euc_extract_file(pt_ctx, txt, &doc, &err) != 0)
        fail_msg("%s: %s", txt, err.message);
    if (euc_parse(pt_parser, pt_ctx, doc, NULL, NULL, &out, NULL, &err) != 0)
        fail_msg("%s: %s", txt, err.message);
    pt_validate(out);
    euc_doc_free(doc);
    return out;
}

/* Trims white space at both ends, in place. */
static char *trim(char *s)
{
    size_t n;

    while (*s == ' ' || *s == '\t')
        s++;
    n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
                     s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Checks one fixture; returns the number of lines that missed.  With regen,
 * writes the refreshed lines to out. */
static int check_fixture(const char *expect_name, int regen, size_t *lines)
{
    char path[512], txt[512], *line = NULL;
    size_t cap = 0, base_len = strlen(expect_name) - 7;
    ssize_t len;
    long lineno = 0;
    int missed = 0;
    FILE *f, *out = NULL;
    xmlDocPtr d;

    snprintf(path, sizeof path, "%s/%s", fixtures_dir(), expect_name);
    snprintf(txt, sizeof txt, "%s/%.*s.txt", fixtures_dir(), (int)base_len, expect_name);
    f = fopen(path, "r");
    assert_non_null(f);
    d = parse_fixture(txt);
    if (regen) {
        char tmp[600];
        snprintf(tmp, sizeof tmp, "%s.new", path);
        out = fopen(tmp, "w");
        assert_non_null(out);
    }
    for (len = getline(&line, &cap, f); len >= 0; len = getline(&line, &cap, f)) {
        char *l, *op, *xpath, *want, *got;
        int ok;

        lineno++;
        l = trim(line);
        op = *l == '#' || *l == '\0' ? NULL : strstr(l, " = ");
        if (op == NULL && *l != '#' && *l != '\0')
            op = strstr(l, " ~ ");
        if (op == NULL) {
            if (*l != '#' && *l != '\0') {
                fprintf(stderr, "%s:%ld: not 'XPATH = VALUE' or 'XPATH ~ VALUE'\n",
                        path, lineno);
                missed++;
            }
            if (out != NULL)
                fprintf(out, "%s\n", l);
            continue;
        }
        (*lines)++;
        *op = '\0';
        xpath = trim(l);
        want = op + 3;
        got = pt_xp(d, xpath);
        ok = op[1] == '=' ? strcmp(got, want) == 0 : strstr(got, want) != NULL;
        if (!ok && !regen) {
            fprintf(stderr, "%s:%ld: %s\n  want %c '%s'\n  got  = '%s'\n", path,
                    lineno, xpath, op[1], want, got);
            missed++;
        }
        if (out != NULL)
            fprintf(out, "%s %c %s\n", xpath, op[1], op[1] == '=' ? got : want);
        free(got);
    }
    free(line);
    fclose(f);
    xmlFreeDoc(d);
    if (out != NULL) {
        char tmp[600];
        fclose(out);
        snprintf(tmp, sizeof tmp, "%s.new", path);
        assert_int_equal(rename(tmp, path), 0);
    }
    return missed;
}

static void test_parse_fixtures(void **state)
{
    const char *r = getenv("EUC_FIXTURES_REGEN");
    int regen = r != NULL && strcmp(r, "1") == 0, missed = 0;
    size_t n, i, lines = 0;
    char **names = expect_files(&n);

    (void)state;
    assert_true(n > 0);
    for (i = 0; i < n; i++) {
        missed += check_fixture(names[i], regen, &lines);
        free(names[i]);
    }
    free(names);
    fprintf(stderr, "fixtures: %zu files, %zu expectations, %d missed%s\n", n, lines,
            missed, regen ? " (regenerated)" : "");
    assert_int_equal(missed, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_fixtures),
    };
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
