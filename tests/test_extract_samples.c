/* End to end over samples/: each sample's extracted text against the text
 * the generator drew (NAME.truth.xml).  Born-digital PDFs and .txt files
 * must give the source text exactly (white space aside); scans must give
 * at least 95% of its words; the sample turned by 90 degrees must be read
 * after orientation detection. */
#define _GNU_SOURCE
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "euc/extract.h"
#include "testutil.h"

#define MIN_OCR_RECALL 0.95

static euc_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = euc_ctx_new(NULL);
    return ctx ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    euc_ctx_free(ctx);
    xmlCleanupParser();
    return 0;
}

/* Joins the XPath results' text with '\n'. */
static char *xpath_text(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, xc);
    char *out = calloc(1, 1);
    size_t len = 0;
    int i;

    for (i = 0; r && r->nodesetval && i < r->nodesetval->nodeNr; i++) {
        xmlChar *t = xmlNodeGetContent(r->nodesetval->nodeTab[i]);
        size_t n = strlen((char *)t);
        out = realloc(out, len + n + 2);
        memcpy(out + len, t, n);
        len += n;
        out[len++] = '\n';
        out[len] = '\0';
        xmlFree(t);
    }
    xmlXPathFreeObject(r);
    xmlXPathFreeContext(xc);
    return out;
}

static char *doc_text(const euc_doc *doc)
{
    char *out = calloc(1, 1);
    size_t len = 0, i;

    for (i = 0; i < euc_doc_npages(doc); i++) {
        char *t = euc_page_text(euc_doc_page(doc, i));
        size_t n = strlen(t);
        out = realloc(out, len + n + 2);
        memcpy(out + len, t, n + 1);
        len += n;
        free(t);
    }
    return out;
}

struct truths {
    const char *pages, *txt, *form, *docx; /* "" when the truth has none */
};

typedef struct tally {
    int born_digital, scanned, rotated;
} tally;

/* The text a kind's extraction must equal, whitespace aside: a .txt (and
 * its UTF-16 twin) cannot carry ink, it is signed "/s/ NAME"; a form's
 * page has its fields' values where they are printed; a Word document is
 * one page of paragraphs and table rows.  NULL: read by OCR. */
static const char *exact_truth(const char *input, const struct truths *tr)
{
    if (strcmp(input, "pdf") == 0)
        return tr->pages;
    if (strcmp(input, "txt") == 0 || strcmp(input, "utf16") == 0)
        return *tr->txt ? tr->txt : tr->pages;
    if (strcmp(input, "form-pdf") == 0)
        return tr->form;
    if (strcmp(input, "docx") == 0)
        return tr->docx;
    return NULL;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* s's words (one space apart, as tu_squash_ws leaves them) in byte order. */
static void sort_words(char *s)
{
    gchar **w = g_strsplit(s, " ", -1);
    guint n = g_strv_length(w), i;
    size_t at = 0;

    qsort(w, n, sizeof *w, cmp_str);
    for (i = 0; i < n; i++) {
        size_t k = strlen(w[i]);
        memcpy(s + at, w[i], k);
        at += k;
        if (i + 1 < n)
            s[at++] = ' ';
    }
    s[at] = '\0';
    g_strfreev(w);
}

/* A container's member: taken out as eucheck does, then read. */
static int extract_member(const char *path, euc_doc **doc, euc_error *err)
{
    char *file = strdup(path), *slash;
    euc_unpacked *u = NULL;
    size_t i;
    int rc = -1;

    for (slash = strrchr(file, '/'); slash != NULL && access(file, F_OK) != 0;
         slash = strrchr(file, '/'))
        *slash = '\0';
    if (euc_unpack(ctx, file, &u, err) == 0)
        for (i = 0; i < euc_unpacked_count(u) && rc < 0; i++)
            if (strcmp(path + strlen(file) + 1, euc_unpacked_name(u, i)) == 0 &&
                euc_unpacked_path(u, i) != NULL)
                rc = euc_extract_file(ctx, euc_unpacked_path(u, i), doc, err);
    euc_unpacked_free(u);
    free(file);
    return rc;
}

static void check_file(const char *dirpart, const char *input,
                       const char *member_input, const char *name,
                       const struct truths *tr, tally *t)
{
    char *path = NULL, *got, *a, *b;
    const char *exact;
    euc_doc *doc = NULL;
    euc_error err;
    double recall;

    assert_true(asprintf(&path, "%s/%s", dirpart, name) > 0);
    if (member_input != NULL) {
        if (extract_member(path, &doc, &err) < 0)
            fail_msg("%s: %s", path, err.message);
        input = member_input;
    } else if (euc_extract_file(ctx, path, &doc, &err) < 0) {
        fail_msg("%s: %s", path, err.message);
    }
    got = doc_text(doc);
    exact = exact_truth(input, tr);
    if (exact != NULL) {
        size_t i;
        for (i = 0; i < euc_doc_npages(doc); i++)
            assert_int_equal(euc_page_source(euc_doc_page(doc, i)),
                             strcmp(input, "form-pdf") == 0
                                 ? EUC_SOURCE_FORM_FIELDS
                                 : EUC_SOURCE_TEXT_LAYER);
        a = tu_squash_ws(exact);
        b = tu_squash_ws(got);
        if (strcmp(input, "docx") == 0) {
            /* A table cell too long for its column wraps below its row, as
             * Word prints it, while the truth holds each row on one line:
             * the same words, each as often, the order of a row's lines
             * aside. */
            sort_words(a);
            sort_words(b);
        }
        if (strcmp(a, b) != 0)
            fail_msg("%s: extracted text differs from the source text\n"
                     "want: %s\n got: %s", path, a, b);
        free(a);
        free(b);
        t->born_digital++;
    } else {
        recall = tu_word_recall(tr->pages, got);
        print_message("%-40s word recall %.1f%% (%s, confidence %.0f)\n", name,
                      recall * 100, euc_doc_text_method(doc),
                      euc_doc_confidence(doc));
        if (recall < MIN_OCR_RECALL)
            fail_msg("%s: OCR word recall %.1f%% below %.0f%%", path,
                     recall * 100, MIN_OCR_RECALL * 100);
        assert_string_equal(euc_doc_text_method(doc), "ocr");
        if (strstr(name, ".rot90.") != NULL) {
            assert_int_not_equal(euc_page_rotation(euc_doc_page(doc, 0)), 0);
            t->rotated++;
        }
        t->scanned++;
    }
    free(got);
    euc_doc_free(doc);
    free(path);
}

static void test_samples(void **state)
{
    glob_t g;
    size_t i;
    tally t = {0, 0, 0};

    (void)state;
    assert_int_equal(glob("samples/*.truth.xml", 0, NULL, &g), 0);
    for (i = 0; i < g.gl_pathc; i++) {
        xmlDocPtr truth = xmlReadFile(g.gl_pathv[i], NULL, XML_PARSE_NONET);
        xmlXPathContextPtr xc;
        xmlXPathObjectPtr files;
        char *text, *txt_text, *form_text, *docx_text;
        int j;

        assert_non_null(truth);
        text = xpath_text(truth, "/truth/pages/page");
        txt_text = xpath_text(truth, "/truth/txt-pages/page");
        form_text = xpath_text(truth, "/truth/form-pdf-pages/page");
        docx_text = xpath_text(truth, "/truth/docx-pages/page");
        xc = xmlXPathNewContext(truth);
        files = xmlXPathEvalExpression(BAD_CAST "/truth/files/file", xc);
        assert_non_null(files);
        for (j = 0; files->nodesetval && j < files->nodesetval->nodeNr; j++) {
            xmlNodePtr f = files->nodesetval->nodeTab[j];
            xmlChar *input = xmlGetProp(f, BAD_CAST "input");
            xmlChar *member = xmlGetProp(f, BAD_CAST "member-input");
            xmlChar *name = xmlNodeGetContent(f);
            struct truths tr = {text, txt_text, form_text, docx_text};
            check_file("samples", (char *)input, (char *)member, (char *)name,
                       &tr, &t);
            xmlFree(input);
            xmlFree(member);
            xmlFree(name);
        }
        xmlXPathFreeObject(files);
        xmlXPathFreeContext(xc);
        free(text);
        free(txt_text);
        free(form_text);
        free(docx_text);
        xmlFreeDoc(truth);
    }
    globfree(&g);
    /* The committed set has every kind: a vanished kind must not pass. */
    assert_true(t.born_digital >= 6);
    assert_true(t.scanned >= 9);
    assert_true(t.rotated >= 1);
}

/* With the Chinese model the bilingual labels of a scan are read too
 * (Tesseract spaces CJK characters apart: compare without spaces). */
static void test_bilingual_ocr(void **state)
{
    euc_options opts;
    euc_ctx *c;
    euc_doc *doc = NULL;
    euc_error err;
    char *text, *p, *q;

    (void)state;
    euc_options_init(&opts);
    opts.lang = "eng+chi_sim";
    c = euc_ctx_new(&opts);
    if (euc_extract_file(c, "samples/form-complete.scan.png", &doc, &err) < 0)
        fail_msg("%s", err.message);
    text = doc_text(doc);
    for (p = q = text; *p; p++)
        if (*p != ' ')
            *q++ = *p;
    *q = '\0';
    assert_non_null(strstr(text, "\xE6\x9C\x80\xE7\xBB\x88\xE7\x94\xA8\xE6\x88\xB7")); /* 最终用户 */
    assert_non_null(strstr(text, "EndUser"));
    free(text);
    euc_doc_free(doc);
    euc_ctx_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_bilingual_ocr),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
