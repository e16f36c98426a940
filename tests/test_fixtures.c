/* Parse expectations as data (as libxml2's runtest.c and jq's jq.test keep
 * theirs).  For every tests/data/parse/NAME.txt that has a NAME.expect,
 * NAME.txt is parsed, the output validated against schemas/certificate.xsd
 * (pt_valid) and every line of NAME.expect checked.  tests/data/parse/README
 * says the same for whoever adds a case.
 *
 * NAME.expect, one statement a line:
 *
 *     # TEXT           a comment (the first line says what the case shows)
 *                      a blank line: ignored
 *     @grid            NAME.txt is laid on parse_support's test grid
 *                      (pt_grid_doc, then the parser as pt_parse_text does:
 *                      one 612 x 792 page, words split at spaces only, file
 *                      name "mem.txt"), as the inline C cases were.  Without
 *                      it NAME.txt is read by the text extractor, as
 *                      `eucheck parse NAME.txt` reads it.
 *     XPATH = VALUE    string(XPATH) is exactly VALUE (strcmp, as assert_xp
 *                      compares).  VALUE is every byte after "= " up to the
 *                      end of the line, white space included; "XPATH =" or
 *                      "XPATH = " is the empty string, which an absent node
 *                      gives too: say "count(XPATH) = 1" as well when the
 *                      node must exist.  A count is "count(XPATH) = N".
 *     XPATH ~ PART     string(XPATH) contains PART (assert_xp_has).
 *     XPATH !          XPATH selects no node (pt_count(...) == 0); XPATH
 *                      must be a node-set expression.
 *
 * XPATH ends at the first " = ", " ~ " or " !" outside brackets,
 * parentheses and quotes, so "[@kind = 'x']" may stand in it.  An XPATH
 * that does not compile is an error, not an empty value.
 *
 * Every line of every fixture is checked and each miss printed as
 *
 *     tests/data/parse/NAME.expect:LINE: XPATH
 *       want = 'VALUE'
 *       got  = 'VALUE'
 *
 * before the one test fails; a fixture whose text does not parse or whose
 * output is not valid is a miss too (its lines are then not checked).
 *
 * EUC_FIXTURES_REGEN=1 (or --regen) rewrites the value of every "=" line
 * with the value read today, keeping every other byte of the file (comments,
 * order, "~" and "!" lines, which it reports but cannot rewrite), so that a
 * deliberate parser change is one run and a reviewed diff.
 * EUC_FIXTURES_DIR=DIR reads the fixtures from DIR instead. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "euc/doc.h"
#include "euc/extract.h"
#include "euc/parse.h"
#include "parse_support.h"
#include "testutil.h"

static int regen;

static const char *fixtures_dir(void)
{
    const char *d = getenv("EUC_FIXTURES_DIR");

    return d != NULL && *d != '\0' ? d : "tests/data/parse";
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The NAME.expect files of the fixture folder, sorted (NULL-terminated). */
static char **expect_files(size_t *n)
{
    DIR *d = opendir(fixtures_dir());
    GPtrArray *names = g_ptr_array_new();
    struct dirent *e;

    *n = 0;
    if (d != NULL) {
        for (e = readdir(d); e != NULL; e = readdir(d)) {
            size_t len = strlen(e->d_name);
            if (len > 7 && strcmp(e->d_name + len - 7, ".expect") == 0)
                g_ptr_array_add(names, g_strdup(e->d_name));
        }
        closedir(d);
    }
    *n = names->len;
    if (names->len > 0)
        qsort(names->pdata, names->len, sizeof(char *), name_cmp);
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

/* One statement of a .expect line. */
enum op { OP_NONE, OP_COMMENT, OP_GRID, OP_EQ, OP_HAS, OP_ABSENT, OP_BAD };

struct stmt {
    enum op op;
    char *xpath;       /* OP_EQ, OP_HAS, OP_ABSENT: g_malloc'd */
    const char *value; /* OP_EQ, OP_HAS: into the line */
    size_t op_at;      /* offset of the operator character in the line */
};

/* Splits line (no newline) into its statement. */
static struct stmt read_stmt(const char *line)
{
    struct stmt st = {OP_BAD, NULL, NULL, 0};
    const char *s = line + strspn(line, " \t");
    size_t i, depth = 0;
    char quote = 0;

    if (*s == '\0')
        return (struct stmt){OP_NONE, NULL, NULL, 0};
    if (*s == '#')
        return (struct stmt){OP_COMMENT, NULL, NULL, 0};
    if (*s == '@') {
        if (strncmp(s, "@grid", 5) == 0 && s[5 + strspn(s + 5, " \t")] == '\0')
            st.op = OP_GRID;
        return st;
    }
    for (i = 0; s[i] != '\0'; i++) {
        char c = s[i], n;
        size_t end;

        if (quote != 0) {
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            continue;
        }
        if (c == '[' || c == '(') {
            depth++;
            continue;
        }
        if ((c == ']' || c == ')') && depth > 0) {
            depth--;
            continue;
        }
        if (c != ' ' || depth > 0)
            continue;
        n = s[i + 1];
        if ((n == '=' || n == '~') && (s[i + 2] == ' ' || s[i + 2] == '\0')) {
            st.op = n == '=' ? OP_EQ : OP_HAS;
            st.value = s[i + 2] == ' ' ? s + i + 3 : s + i + 2;
        } else if (n == '!' && s[i + 2 + strspn(s + i + 2, " \t")] == '\0') {
            st.op = OP_ABSENT;
        } else {
            continue;
        }
        end = i;
        while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t'))
            end--;
        if (end == 0) {
            st.op = OP_BAD;
            return st;
        }
        st.xpath = g_strndup(s, end);
        st.op_at = (size_t)(s - line) + i + 1;
        return st;
    }
    return st;
}

/* 0 and the node count when xpath is a node-set expression; -1 if not. */
static int node_count(xmlDocPtr d, const char *xpath, int *n)
{
    xmlXPathContextPtr c = xmlXPathNewContext(d);
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, c);
    int rc = o != NULL && o->type == XPATH_NODESET ? 0 : -1;

    *n = rc == 0 && o->nodesetval != NULL ? o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(c);
    return rc;
}

static int compiles(const char *xpath)
{
    xmlXPathCompExprPtr e = xmlXPathCompile((const xmlChar *)xpath);

    xmlXPathFreeCompExpr(e);
    return e != NULL;
}

/* NAME.txt parsed as the .expect says; NULL (and the reason printed) when
 * it cannot be read, parsed, or its output is not valid. */
static xmlDocPtr parse_fixture(const char *txt, const char *expect, int grid)
{
    euc_doc *doc = NULL;
    xmlDocPtr out = NULL;
    char *text = NULL;
    euc_error err;

    memset(&err, 0, sizeof err);
    if (grid) {
        text = tu_read_file(txt, NULL);
        if (text == NULL) {
            fprintf(stderr, "%s: cannot read %s\n", expect, txt);
            goto cleanup;
        }
        doc = pt_grid_doc(text);
        if (pt_parse_doc(pt_parser, doc, &out, NULL, &err) != 0)
            goto failed;
    } else {
        if (euc_extract_file(pt_ctx, txt, &doc, &err) != 0)
            goto failed;
        if (euc_parse(pt_parser, pt_ctx, doc, NULL, NULL, &out, NULL, &err) != 0)
            goto failed;
    }
    if (pt_valid(out) != 0) {
        fprintf(stderr, "%s: the output for %s is not valid against "
                "schemas/certificate.xsd:\n", expect, txt);
        xmlDocFormatDump(stderr, out, 1);
        xmlFreeDoc(out);
        out = NULL;
    }
    goto cleanup;
failed:
    fprintf(stderr, "%s: %s: %s\n", expect, txt, err.message);
    xmlFreeDoc(out);
    out = NULL;
cleanup:
    euc_doc_free(doc);
    free(text);
    return out;
}

/* Checks one line; 1 when it missed.  With regen, appends the line as it
 * is to be written to new. */
static int check_line(xmlDocPtr d, const char *expect, long no, const char *line,
                      const struct stmt *st, GString *new)
{
    char *got = NULL;
    int missed = 0, n;

    if (!compiles(st->xpath)) {
        fprintf(stderr, "%s:%ld: %s\n  not an XPath expression\n", expect, no, st->xpath);
        missed = 1;
    } else if (st->op == OP_ABSENT) {
        if (node_count(d, st->xpath, &n) != 0) {
            fprintf(stderr, "%s:%ld: %s !\n  not a node-set expression\n", expect, no,
                    st->xpath);
            missed = 1;
        } else if (n != 0) {
            fprintf(stderr, "%s:%ld: %s\n  want no node\n  got  %d node(s)\n", expect, no,
                    st->xpath, n);
            missed = 1;
        }
    } else {
        got = pt_xp(d, st->xpath);
        if (st->op == OP_HAS && strstr(got, st->value) == NULL) {
            fprintf(stderr, "%s:%ld: %s\n  want ~ '%s'\n  got  = '%s'\n", expect, no,
                    st->xpath, st->value, got);
            missed = 1;
        } else if (st->op == OP_EQ && strcmp(got, st->value) != 0) {
            if (!regen || strchr(got, '\n') != NULL) {
                fprintf(stderr, "%s:%ld: %s\n  want = '%s'\n  got  = '%s'%s\n", expect,
                        no, st->xpath, st->value, got,
                        regen ? " (a line break: cannot be written)" : "");
                missed = 1;
            } else {
                fprintf(stderr, "%s:%ld: %s\n  was  = '%s'\n  now  = '%s'\n", expect, no,
                        st->xpath, st->value, got);
            }
        }
    }
    if (new != NULL) {
        if (st->op == OP_EQ && got != NULL && !missed) {
            g_string_append_len(new, line, (gssize)st->op_at + 1);
            if (*got != '\0')
                g_string_append_printf(new, " %s", got);
        } else {
            g_string_append(new, line);
        }
        g_string_append_c(new, '\n');
    }
    free(got);
    return missed;
}

/* Checks one fixture; returns the number of misses and adds its
 * expectations to *checked. */
static int check_fixture(const char *expect_name, size_t *checked)
{
    char *expect = g_strdup_printf("%s/%s", fixtures_dir(), expect_name);
    char *txt = g_strdup_printf("%s/%.*s.txt", fixtures_dir(),
                                (int)(strlen(expect_name) - 7), expect_name);
    char *src = tu_read_file(expect, NULL);
    char **lines = NULL;
    struct stmt *st = NULL;
    GString *new = NULL;
    xmlDocPtr d = NULL;
    size_t i, n = 0;
    int missed = 0, grid = 0;

    if (src == NULL) {
        fprintf(stderr, "%s: cannot read\n", expect);
        missed++;
        goto cleanup;
    }
    lines = g_strsplit(src, "\n", -1);
    n = g_strv_length(lines);
    /* the last "line" after the final newline is no line */
    if (n > 0 && lines[n - 1][0] == '\0')
        n--;
    st = g_new0(struct stmt, n + 1);
    for (i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        if (len > 0 && lines[i][len - 1] == '\r')
            lines[i][len - 1] = '\0';
        st[i] = read_stmt(lines[i]);
        if (st[i].op == OP_GRID)
            grid = 1;
    }
    d = parse_fixture(txt, expect, grid);
    if (d == NULL) {
        missed++;
        goto cleanup;
    }
    if (regen)
        new = g_string_new(NULL);
    for (i = 0; i < n; i++) {
        switch (st[i].op) {
        case OP_BAD:
            fprintf(stderr, "%s:%zu: not '# ...', '@grid', 'XPATH = VALUE', "
                    "'XPATH ~ PART' or 'XPATH !': %s\n", expect, i + 1, lines[i]);
            missed++;
            /* fall through */
        case OP_NONE:
        case OP_COMMENT:
        case OP_GRID:
            if (new != NULL)
                g_string_append_printf(new, "%s\n", lines[i]);
            break;
        default:
            (*checked)++;
            missed += check_line(d, expect, (long)(i + 1), lines[i], &st[i], new);
            break;
        }
    }
    if (new != NULL && strcmp(new->str, src) != 0 &&
        tu_write_file(expect, new->str, new->len) != 0) {
        fprintf(stderr, "%s: cannot write\n", expect);
        missed++;
    }
cleanup:
    if (st != NULL) {
        for (i = 0; i < n; i++)
            g_free(st[i].xpath);
    }
    g_free(st);
    if (new != NULL)
        g_string_free(new, TRUE);
    xmlFreeDoc(d);
    g_strfreev(lines);
    free(src);
    g_free(txt);
    g_free(expect);
    return missed;
}

static void test_parse_fixtures(void **state)
{
    size_t n, i, checked = 0;
    char **names = expect_files(&n);
    int missed = 0;

    (void)state;
    for (i = 0; i < n; i++)
        missed += check_fixture(names[i], &checked);
    g_strfreev(names);
    fprintf(stderr, "fixtures: %zu files, %zu expectations, %d missed%s\n", n, checked,
            missed, regen ? " (values rewritten)" : "");
    assert_true(n > 0);
    assert_int_equal(missed, 0);
}

int main(int argc, char **argv)
{
    const char *r = getenv("EUC_FIXTURES_REGEN");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_fixtures),
    };

    regen = (r != NULL && strcmp(r, "1") == 0) || (argc > 1 && strcmp(argv[1], "--regen") == 0);
    return cmocka_run_group_tests(tests, pt_setup, pt_teardown);
}
