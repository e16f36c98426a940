/* DOCX: Word documents built here with libarchive's ZIP writer, read back
 * as a user would see them: a form's labels and values on one line, a
 * table's cells in their columns, the header first, checkboxes as [X] and
 * [ ], deleted text and field codes gone, pages where the breaks are, a
 * pasted signature in the page image; damaged, hostile and old binary
 * files refused with one clear error and nothing on stderr.
 *
 * The old binary Word extractor is called through its struct (the
 * extractors' private header), so it is tested whether or not the
 * registry lists it yet. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <math.h>
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

#include <allheaders.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

#include "euc/extract.h"
#include "testutil.h"

static char *dir;

typedef struct tpart {
    const char *name;
    const void *data;
    size_t len; /* 0: strlen(data) */
} tpart;

#define NS \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" " \
    "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" " \
    "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" " \
    "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\" " \
    "xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" " \
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" " \
    "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" " \
    "xmlns:v=\"urn:schemas-microsoft-com:vml\""

static const char CT[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Default Extension=\"png\" ContentType=\"image/png\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

static const char ROOT_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
    "</Relationships>";

static const char DOC_RELS[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId10\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
    "<Relationship Id=\"rId11\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
    "<Relationship Id=\"rId20\" Type=\"http://schemas.openxmlformats.org/"
    "officeDocument/2006/relationships/image\" Target=\"media/image1.png\"/>"
    "</Relationships>";

/* With a passphrase, every member encrypted (traditional PKWARE). */
static int write_zip_pw(const char *path, const tpart *p, size_t n,
                        const char *pw)
{
    struct archive *a = archive_write_new();
    size_t i;
    int rc = -1;

    if (archive_write_set_format_zip(a) != ARCHIVE_OK)
        goto cleanup;
    if (pw != NULL &&
        (archive_write_set_options(a, "zip:encryption=zipcrypt") != ARCHIVE_OK ||
         archive_write_set_passphrase(a, pw) != ARCHIVE_OK))
        goto cleanup;
    if (archive_write_open_filename(a, path) != ARCHIVE_OK)
        goto cleanup;
    for (i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        size_t len = p[i].len ? p[i].len : strlen(p[i].data);
        archive_entry_set_pathname(e, p[i].name);
        archive_entry_set_size(e, (la_int64_t)len);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        if (archive_write_header(a, e) != ARCHIVE_OK ||
            archive_write_data(a, p[i].data, len) != (la_ssize_t)len) {
            archive_entry_free(e);
            goto cleanup;
        }
        archive_entry_free(e);
    }
    if (archive_write_close(a) != ARCHIVE_OK)
        goto cleanup;
    rc = 0;
cleanup:
    archive_write_free(a);
    return rc;
}

static int write_zip(const char *path, const tpart *p, size_t n)
{
    return write_zip_pw(path, p, n, NULL);
}

/* A DOCX named fname in the test folder whose body is body, with the
 * extra parts; the caller frees the path. */
static char *docx_with(const char *fname, const char *body, const tpart *extra,
                       size_t nextra)
{
    char *path = NULL, *doc = NULL;
    tpart parts[16];
    size_t n = 0, i;

    if (asprintf(&path, "%s/%s", dir, fname) < 0 ||
        asprintf(&doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                 "<w:document " NS "><w:body>%s</w:body></w:document>", body) < 0)
        return NULL;
    parts[n++] = (tpart){"[Content_Types].xml", CT, 0};
    parts[n++] = (tpart){"_rels/.rels", ROOT_RELS, 0};
    parts[n++] = (tpart){"word/document.xml", doc, 0};
    parts[n++] = (tpart){"word/_rels/document.xml.rels", DOC_RELS, 0};
    for (i = 0; i < nextra && n < 16; i++)
        parts[n++] = extra[i];
    if (write_zip(path, parts, n) < 0) {
        free(path);
        path = NULL;
    }
    free(doc);
    return path;
}

static char *docx(const char *fname, const char *body)
{
    return docx_with(fname, body, NULL, 0);
}

/* stderr goes to a file while a call runs; end returns how many bytes it
 * got. */
static int capture_begin(void)
{
    char *p = NULL;
    int saved, fd;

    fflush(stderr);
    saved = dup(2);
    if (asprintf(&p, "%s/stderr", dir) < 0)
        return -1;
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    free(p);
    dup2(fd, 2);
    close(fd);
    return saved;
}

static long capture_end(int saved)
{
    char *p = NULL;
    struct stat st;
    long n = -1;

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    if (asprintf(&p, "%s/stderr", dir) < 0)
        return -1;
    if (stat(p, &st) == 0)
        n = (long)st.st_size;
    free(p);
    return n;
}

/* Extracts path; fails the test on an error or anything on stderr. */
static euc_doc *extract_ok(euc_ctx *ctx, const char *path)
{
    euc_doc *doc = NULL;
    euc_error err;
    int saved = capture_begin(), rc;
    long printed;

    rc = euc_extract_file(ctx, path, &doc, &err);
    printed = capture_end(saved);
    if (rc < 0)
        fail_msg("%s: %s", path, err.message);
    assert_int_equal(printed, 0);
    assert_string_equal(euc_doc_kind(doc), "docx");
    return doc;
}

/* The extract error of path, asserting nothing was printed. */
static euc_code extract_fails(const char *path, euc_error *err)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    euc_doc *doc = NULL;
    int saved = capture_begin(), rc;
    long printed;

    rc = euc_extract_file(ctx, path, &doc, err);
    printed = capture_end(saved);
    euc_ctx_free(ctx);
    assert_int_equal(rc, -1);
    assert_null(doc);
    assert_int_equal(printed, 0);
    return err->code;
}

/* Words of line li of page p joined by ' ' (caller frees). */
static char *line_text(const euc_page *p, size_t li)
{
    const euc_line *l = euc_page_line(p, li);
    GString *s = g_string_new(NULL);
    size_t i;

    for (i = 0; i < l->nwords; i++) {
        if (i > 0)
            g_string_append_c(s, ' ');
        g_string_append(s, euc_page_word(p, l->first + i)->text);
    }
    return g_string_free(s, FALSE);
}

/* The line whose text starts with prefix; fails when there is none. */
static size_t find_line(const euc_page *p, const char *prefix)
{
    size_t i;

    for (i = 0; i < euc_page_nlines(p); i++) {
        char *t = line_text(p, i);
        int ok = strncmp(t, prefix, strlen(prefix)) == 0;
        free(t);
        if (ok)
            return i;
    }
    fail_msg("no line starts with \"%s\"", prefix);
    return 0;
}

/* Index in the page's words of the first word of line li that is text. */
static const euc_word *word_in_line(const euc_page *p, size_t li, const char *text)
{
    const euc_line *l = euc_page_line(p, li);
    size_t i;

    for (i = 0; i < l->nwords; i++)
        if (strcmp(euc_page_word(p, l->first + i)->text, text) == 0)
            return euc_page_word(p, l->first + i);
    fail_msg("no word \"%s\" in line %zu", text, li);
    return NULL;
}

static char *doc_text(const euc_doc *doc)
{
    GString *s = g_string_new(NULL);
    size_t i;

    for (i = 0; i < euc_doc_npages(doc); i++) {
        char *t = euc_page_text(euc_doc_page(doc, i));
        g_string_append(s, t);
        g_string_append_c(s, '\n');
        free(t);
    }
    return g_string_free(s, FALSE);
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

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define TAB "<w:r><w:tab/></w:r>"

static void test_paragraph_form(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    char *path = docx("form.docx",
        P(R("END-USER CERTIFICATE"))
        P(R("End User:") TAB R("Kan") "<w:r><w:rPr><w:b/></w:rPr><w:t>sai Magnet Works Co., Ltd.</w:t></w:r>")
        P(R("Address:") TAB R("2-4-1 Nakanoshima, Kita-ku, Osaka 530-0005, Japan"))
        P("<w:r><w:t>End Use:</w:t><w:tab/><w:t>sintered NdFeB magnets for EV traction motors</w:t></w:r>"));
    euc_doc *doc = extract_ok(ctx, path);
    const euc_page *p = euc_doc_page(doc, 0);
    const euc_word *label, *value;
    size_t i;
    char *t;

    (void)state;
    assert_int_equal(euc_doc_npages(doc), 1);
    assert_int_equal(euc_page_source(p), EUC_SOURCE_TEXT_LAYER);
    assert_true(euc_page_width(p) == 612 && euc_page_height(p) == 792);
    assert_int_equal(euc_page_nlines(p), 4);
    t = line_text(p, 0);
    assert_string_equal(t, "END-USER CERTIFICATE");
    free(t);
    t = line_text(p, 1);
    assert_string_equal(t, "End User: Kansai Magnet Works Co., Ltd.");
    free(t);
    t = line_text(p, 3);
    assert_string_equal(t, "End Use: sintered NdFeB magnets for EV traction motors");
    free(t);
    for (i = 1; i < 4; i++) {
        const euc_line *l = euc_page_line(p, i), *prev = euc_page_line(p, i - 1);
        assert_true(l->box.y0 > prev->box.y1 - 0.01);
    }
    /* the tab leaves a gap wider than a word space: two cells */
    label = word_in_line(p, 1, "User:");
    value = word_in_line(p, 1, "Kansai");
    assert_true(value->box.x0 - label->box.x1 >= 9);
    assert_true(label->box.x0 >= 72 && label->box.y0 >= 72);
    assert_true(value->conf == 100.0f);
    /* a word space is narrower */
    assert_true(word_in_line(p, 1, "Magnet")->box.x0 -
                word_in_line(p, 1, "Kansai")->box.x1 < 5);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

#define CELL(x) "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr>" x "</w:tc>"

static void test_table(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    char *path = docx("table.docx",
        P(R("Items:"))
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>"
        "<w:tblGrid><w:gridCol w:w=\"720\"/><w:gridCol w:w=\"4320\"/>"
        "<w:gridCol w:w=\"1800\"/><w:gridCol w:w=\"1800\"/></w:tblGrid>"
        "<w:tr>" CELL(P(R("No."))) CELL(P(R("Description"))) CELL(P(R("HS Code")))
        CELL(P(R("Quantity"))) "</w:tr>"
        "<w:tr>" CELL(P(R("1"))) CELL(P(R("Sintered NdFeB magnets")) P(R("grade N52")))
        CELL(P(R("8505.11"))) CELL(P(R("1,200 kg"))) "</w:tr>"
        "<w:tr>" CELL(P(R("2"))) "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>"
        P(R("Samarium cobalt 85051100")) "</w:tc>" CELL(P(R("40 kg"))) "</w:tr>"
        "</w:tbl>"
        P(R("After the table.")));
    euc_doc *doc = extract_ok(ctx, path);
    const euc_page *p = euc_doc_page(doc, 0);
    size_t h = find_line(p, "No."), r1 = find_line(p, "1 Sintered");
    size_t r1b = find_line(p, "grade"), r2 = find_line(p, "2 Samarium");
    char *t;
    /* columns from the grid: 72, 108, 324, 414, 504 pt */
    static const double colx[] = {72, 108, 324, 414, 504};
    static const char *const hdr[] = {"No.", "Description", "HS", "Quantity"};
    static const char *const row[] = {"1", "Sintered", "8505.11", "1,200"};
    int c;

    (void)state;
    assert_int_equal(r1, h + 1);
    assert_int_equal(r1b, r1 + 1);
    assert_int_equal(r2, r1b + 1);
    t = line_text(p, h);
    assert_string_equal(t, "No. Description HS Code Quantity");
    free(t);
    t = line_text(p, r1);
    assert_string_equal(t, "1 Sintered NdFeB magnets 8505.11 1,200 kg");
    free(t);
    t = line_text(p, r2);
    assert_string_equal(t, "2 Samarium cobalt 85051100 40 kg");
    free(t);
    for (c = 0; c < 4; c++) {
        const euc_word *a = word_in_line(p, h, hdr[c]);
        const euc_word *b = word_in_line(p, r1, row[c]);
        /* inside its column, with a gap before the next one */
        assert_true(a->box.x0 >= colx[c] && a->box.x1 <= colx[c + 1]);
        assert_true(b->box.x0 >= colx[c] && b->box.x1 <= colx[c + 1]);
        assert_true(fabs(a->box.x0 - b->box.x0) < 0.5);
    }
    assert_true(word_in_line(p, r1, "8505.11")->box.x0 -
                word_in_line(p, r1, "magnets")->box.x1 >= 9);
    /* the second paragraph of a cell is line 2 of the row, in its column */
    assert_true(word_in_line(p, r1b, "grade")->box.x0 >= colx[1]);
    /* a cell spanning two grid columns */
    assert_true(word_in_line(p, r2, "40")->box.x0 >= colx[3]);
    find_line(p, "After the table.");
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

static const char HEADER[] =
    "<w:hdr " NS ">" P(R("ACME EXPORT CONTROL OFFICE")) "</w:hdr>";
static const char FOOTER[] =
    "<w:ftr " NS ">" P(R("Form EUC-7 rev. 3")) "</w:ftr>";

static void test_header_footer(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    tpart extra[] = {{"word/header1.xml", HEADER, 0}, {"word/footer1.xml", FOOTER, 0}};
    char *path = docx_with("hf.docx",
        P(R("END-USER CERTIFICATE")) P(R("Body text."))
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId10\"/>"
        "<w:footerReference w:type=\"default\" r:id=\"rId11\"/>"
        "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
        "<w:pgMar w:top=\"1440\" w:right=\"1134\" w:bottom=\"1440\" w:left=\"1134\" "
        "w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/></w:sectPr>",
        extra, 2);
    euc_doc *doc = extract_ok(ctx, path);
    const euc_page *p = euc_doc_page(doc, 0);
    size_t n = euc_page_nlines(p);
    char *t;

    (void)state;
    /* A4 and its margins from the section */
    assert_true(fabs(euc_page_width(p) - 595.3) < 0.5);
    assert_true(fabs(euc_page_height(p) - 841.9) < 0.5);
    t = line_text(p, 0);
    assert_string_equal(t, "ACME EXPORT CONTROL OFFICE");
    free(t);
    assert_true(euc_page_word(p, 0)->box.x0 > 56 && euc_page_word(p, 0)->box.x0 < 57.5);
    t = line_text(p, 1);
    assert_string_equal(t, "END-USER CERTIFICATE");
    free(t);
    t = line_text(p, n - 1);
    assert_string_equal(t, "Form EUC-7 rev. 3");
    free(t);
    /* the footer at the foot of the page */
    assert_true(euc_page_line(p, n - 1)->box.y1 > 760);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

static void test_checkboxes(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    char *path = docx("boxes.docx",
        P(R("Will the goods be re-exported?"))
        P("<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"1\"/>"
          "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>\xe2\x98\x92</w:t></w:r>"
          "</w:sdtContent></w:sdt>" R(" No") R("   ")
          "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"0\"/>"
          "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>\xe2\x98\x90</w:t></w:r>"
          "</w:sdtContent></w:sdt>" R(" Yes"))
        P("<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Check1\"/>"
          "<w:enabled/><w:checkBox><w:sizeAuto/><w:default w:val=\"0\"/></w:checkBox>"
          "</w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space=\"preserve\"> FORMCHECKBOX "
          "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
          R(" Military end use")
          R("  ")
          "<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:checkBox><w:default w:val=\"0\"/>"
          "<w:checked/></w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText>"
          " FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
          R(" Civil end use"))
        P(R("\xe2\x98\x92 Typed glyph"))
        P("<w:r><w:rPr><w:rFonts w:ascii=\"Wingdings\" w:hAnsi=\"Wingdings\"/></w:rPr>"
          "<w:t>\xc3\xbe</w:t></w:r>" R(" Wingdings tick ")
          "<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0A8\"/></w:r>" R(" Sym box")));
    euc_doc *doc = extract_ok(ctx, path);
    const euc_page *p = euc_doc_page(doc, 0);
    char *t;

    (void)state;
    t = line_text(p, 1);
    assert_string_equal(t, "[X] No [ ] Yes");
    free(t);
    t = line_text(p, 2);
    assert_string_equal(t, "[ ] Military end use [X] Civil end use");
    free(t);
    t = line_text(p, 3);
    assert_string_equal(t, "\xe2\x98\x92 Typed glyph");
    free(t);
    t = line_text(p, 4);
    assert_string_equal(t, "\xe2\x98\x91 Wingdings tick \xe2\x98\x90 Sym box");
    free(t);
    /* the mark is a word before its label */
    assert_true(word_in_line(p, 1, "[X]")->box.x1 <= word_in_line(p, 1, "No")->box.x0);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

static void test_revisions_and_fields(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    char *path = docx("rev.docx",
        P(R("Kept ") "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>Gone</w:delText></w:r></w:del>"
          "<w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t>Inserted</w:t></w:r></w:ins>")
        P(R("Consignee:") TAB
          "<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:textInput/></w:ffData></w:fldChar></w:r>"
          "<w:r><w:instrText xml:space=\"preserve\"> FORMTEXT </w:instrText></w:r>"
          "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
          R("Filled value") "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
        P("<w:hyperlink r:id=\"rId99\"><w:r><w:t>www.example.com</w:t></w:r></w:hyperlink>"
          "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>MERGEFIELD Secret</w:instrText></w:r>"
          "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R(" merged")
          "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
        P("<w:r><w:rPr><w:vanish/></w:rPr><w:t>Hidden</w:t></w:r>" R("Shown"))
        P("<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
          R("Click or tap here to enter text.") "</w:sdtContent></w:sdt>")
        P("<w:sdt><w:sdtPr><w:alias w:val=\"Country\"/></w:sdtPr><w:sdtContent>"
          R("Japan") "</w:sdtContent></w:sdt>"));
    euc_doc *doc = extract_ok(ctx, path);
    char *t = doc_text(doc);

    (void)state;
    assert_non_null(strstr(t, "Kept Inserted"));
    assert_null(strstr(t, "Gone"));
    assert_non_null(strstr(t, "Consignee: Filled value"));
    assert_null(strstr(t, "FORMTEXT"));
    assert_null(strstr(t, "MERGEFIELD"));
    assert_null(strstr(t, "Secret"));
    assert_non_null(strstr(t, "www.example.com merged"));
    assert_null(strstr(t, "Hidden"));
    assert_non_null(strstr(t, "Shown"));
    assert_null(strstr(t, "Click or tap"));
    assert_non_null(strstr(t, "Japan"));
    free(t);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

static void test_page_break(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    char *path = docx("break.docx",
        P(R("First page")) P("<w:r><w:br w:type=\"page\"/></w:r>") P(R("Second page"))
        P(R("Still second") "<w:r><w:lastRenderedPageBreak/></w:r>")
        P("<w:pPr><w:pageBreakBefore/></w:pPr>" R("Third page")));
    euc_doc *doc = extract_ok(ctx, path);
    char *t;

    (void)state;
    assert_int_equal(euc_doc_npages(doc), 3);
    t = euc_page_text(euc_doc_page(doc, 0));
    assert_string_equal(t, "First page\n");
    free(t);
    t = euc_page_text(euc_doc_page(doc, 1));
    assert_string_equal(t, "Second page\nStill second\n");
    free(t);
    /* a new page starts at the top margin */
    assert_true(euc_page_word(euc_doc_page(doc, 1), 0)->box.y0 < 90);
    t = euc_page_text(euc_doc_page(doc, 2));
    assert_string_equal(t, "Third page\n");
    free(t);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

static void test_wrap_and_overflow(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    GString *body = g_string_new(NULL);
    euc_doc *doc;
    char *path;
    size_t i, pg, words = 0;

    (void)state;
    g_string_append(body, P(R("The end user undertakes that the items will not be "
        "re-exported, resold or otherwise transferred to any third party without "
        "the prior written authorisation of the exporting country's licensing "
        "authority, and that they will be used only for the stated end use.")));
    for (i = 0; i < 80; i++)
        g_string_append_printf(body, P(R("Line %zu of a long annex.")), i);
    path = docx("long.docx", body->str);
    doc = extract_ok(ctx, path);
    assert_true(euc_doc_npages(doc) >= 2);
    assert_true(euc_page_nlines(euc_doc_page(doc, 0)) > 40);
    /* the first paragraph wraps onto several lines within the margins */
    assert_true(euc_page_line(euc_doc_page(doc, 0), 3)->box.y0 <
                euc_page_line(euc_doc_page(doc, 0), 4)->box.y0);
    for (pg = 0; pg < euc_doc_npages(doc); pg++) {
        const euc_page *p = euc_doc_page(doc, pg);
        for (i = 0; i < euc_page_nwords(p); i++) {
            const euc_word *w = euc_page_word(p, i);
            assert_true(w->box.x0 >= 72 - 0.01 && w->box.x1 <= 540 + 0.01);
            assert_true(w->box.y0 >= 72 - 0.01 && w->box.y1 <= 720 + 0.01);
            words++;
        }
    }
    assert_true(words > 80 * 5);
    {
        char *t = doc_text(doc);
        assert_non_null(strstr(t, "Line 79 of a long annex."));
        assert_non_null(strstr(t, "re-exported,"));
        free(t);
    }
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
    g_string_free(body, TRUE);
}

static void test_text_box_once(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    char *path = docx("txbx.docx",
        P(R("Before box")
          "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
          "<wp:anchor simplePos=\"0\" relativeHeight=\"1\" behindDoc=\"0\" locked=\"0\" "
          "layoutInCell=\"1\" allowOverlap=\"1\"><wp:simplePos x=\"0\" y=\"0\"/>"
          "<wp:positionH relativeFrom=\"column\"><wp:posOffset>0</wp:posOffset></wp:positionH>"
          "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset></wp:positionV>"
          "<wp:extent cx=\"1828800\" cy=\"457200\"/><wp:docPr id=\"1\" name=\"Text Box 1\"/>"
          "<a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">"
          "<wps:wsp><wps:txbx><w:txbxContent>" P(R("Boxed reference EUC-42")) "</w:txbxContent>"
          "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
          "<mc:Fallback><w:pict><v:shape style=\"width:144pt;height:36pt\"><v:textbox><w:txbxContent>"
          P(R("Boxed reference EUC-42")) "</w:txbxContent></v:textbox></v:shape></w:pict>"
          "</mc:Fallback></mc:AlternateContent></w:r>")
        P(R("After box")));
    euc_doc *doc = extract_ok(ctx, path);
    char *t = doc_text(doc);

    (void)state;
    assert_int_equal(tu_count(t, "Boxed reference EUC-42"), 1);
    assert_true(strstr(t, "Before box") < strstr(t, "Boxed"));
    assert_true(strstr(t, "Boxed") < strstr(t, "After box"));
    free(t);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

static const char NUMBERING[] =
    "<w:numbering " NS ">"
    "<w:abstractNum w:abstractNumId=\"7\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%1.\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"360\"/></w:pPr></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>"
    "<w:lvlText w:val=\"(%2)\"/><w:pPr><w:ind w:left=\"720\" w:hanging=\"360\"/></w:pPr></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:numFmt w:val=\"lowerRoman\"/><w:lvlText w:val=\"%1.%2.%3\"/>"
    "<w:suff w:val=\"space\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:abstractNum w:abstractNumId=\"8\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"\xef\x82\xb7\"/><w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\"/>"
    "</w:rPr></w:lvl></w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num>"
    "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"8\"/></w:num>"
    "</w:numbering>";

#define LIST(id, lvl, text) \
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #id "\"/>" \
    "</w:numPr></w:pPr>" R(text) "</w:p>"

static void test_numbering(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    tpart extra[] = {{"word/numbering.xml", NUMBERING, 0}};
    char *path = docx_with("list.docx",
        LIST(1, 0, "Exporter") LIST(1, 1, "Name:") LIST(1, 1, "Address:")
        LIST(1, 2, "Detail") LIST(1, 0, "End user") LIST(1, 1, "Name:")
        LIST(2, 0, "A bullet"), extra, 1);
    euc_doc *doc = extract_ok(ctx, path);
    const euc_page *p = euc_doc_page(doc, 0);
    char *t = euc_page_text(p);

    (void)state;
    assert_string_equal(t, "1. Exporter\n(a) Name:\n(b) Address:\n1.b.i Detail\n"
                        "2. End user\n(a) Name:\n\xe2\x80\xa2 A bullet\n");
    /* the number hangs in the indent, the text starts at it */
    assert_true(fabs(word_in_line(p, 0, "1.")->box.x0 - 72) < 0.01);
    assert_true(fabs(word_in_line(p, 0, "Exporter")->box.x0 - 90) < 0.01);
    assert_true(fabs(word_in_line(p, 1, "Name:")->box.x0 - 108) < 0.01);
    free(t);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

static void test_magic(void **state)
{
    char *path = docx("magic.docx", P(R("x"))), *zip = NULL;
    size_t len = 0;
    char *bytes = tu_read_file(path, &len);
    tpart pdf[] = {{"a.pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", 0}};
    euc_error err;

    (void)state;
    assert_string_equal(euc_extract_kind(path, &err), "docx");
    assert_null(euc_container_kind(path));
    free(bytes);
    assert_true(asprintf(&zip, "%s/pdfs.zip", dir) > 0);
    assert_int_equal(write_zip(zip, pdf, 1), 0);
    assert_string_equal(euc_container_kind(zip), "zip");
    {
        /* a bare local-file signature is a (damaged) ZIP, not Word */
        char *stub = NULL;
        assert_true(asprintf(&stub, "%s/stub.zip", dir) > 0);
        assert_int_equal(tu_write_file(stub, "PK\x03\x04", 4), 0);
        assert_string_equal(euc_extract_kind(stub, &err), "zip");
        free(stub);
    }
    /* a zip holding a .docx stored as it is: the zip's, not a .docx */
    {
        char *inner = tu_read_file(path, &len), *outer = NULL;
        struct archive *a = archive_write_new();
        struct archive_entry *e = archive_entry_new();
        assert_true(asprintf(&outer, "%s/docs.zip", dir) > 0);
        archive_write_set_format_zip(a);
        assert_int_equal(archive_write_set_options(a, "zip:compression=store"), ARCHIVE_OK);
        assert_int_equal(archive_write_open_filename(a, outer), ARCHIVE_OK);
        archive_entry_set_pathname(e, "certificates/magic.docx");
        archive_entry_set_size(e, (la_int64_t)len);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, inner, len), (la_ssize_t)len);
        archive_entry_free(e);
        archive_write_close(a);
        archive_write_free(a);
        free(inner);
        assert_string_equal(euc_container_kind(outer), "zip");
        free(outer);
    }
    free(zip);
    free(path);
}

static void test_old_doc(void **state)
{
    unsigned char ole[4096];
    char *path = NULL;
    euc_ctx *ctx = euc_ctx_new(NULL);
    euc_doc *doc = NULL;
    euc_error err;

    (void)state;
    memset(ole, 0, sizeof ole);
    memcpy(ole, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    assert_true(asprintf(&path, "%s/old.doc", dir) > 0);
    assert_int_equal(tu_write_file(path, ole, sizeof ole), 0);
    assert_string_equal(euc_extract_kind(path, &err), "doc");
    assert_int_equal(euc_extract_file(ctx, path, &doc, &err), -1);
    assert_null(doc);
    assert_int_equal(err.code, EUC_ERR_FORMAT);
    assert_string_equal(err.message, "old binary Word document (.doc): save it "
                        "as .docx or PDF and check that");
    /* a password-protected .docx is an OLE file holding EncryptedPackage */
    {
        static const char name[] = "EncryptedPackage";
        size_t i;
        for (i = 0; i < sizeof name - 1; i++)
            ole[1024 + 2 * i] = (unsigned char)name[i];
        assert_int_equal(tu_write_file(path, ole, sizeof ole), 0);
        assert_int_equal(euc_extract_file(ctx, path, &doc, &err), -1);
        assert_int_equal(err.code, EUC_ERR_ENCRYPTED);
    }
    euc_ctx_free(ctx);
    free(path);
}

static void test_damaged(void **state)
{
    char *path = docx("whole.docx", P(R("Some text that makes the part longer "
        "than a few bytes, so that cutting the file in half cuts it.")) P(R("More.")));
    char *cut = NULL, *nodoc = NULL, *garbage = NULL;
    size_t len = 0;
    char *bytes = tu_read_file(path, &len);
    tpart parts[] = {{"[Content_Types].xml", CT, 0}, {"_rels/.rels", ROOT_RELS, 0},
                     {"word/styles.xml", "<w:styles " NS "/>", 0}};
    euc_error err;
    int i;

    (void)state;
    assert_true(asprintf(&cut, "%s/cut.docx", dir) > 0);
    for (i = 1; i < 8; i++) {
        assert_int_equal(tu_write_file(cut, bytes, len * (size_t)i / 8), 0);
        assert_int_equal(extract_fails(cut, &err), EUC_ERR_CORRUPT);
        assert_non_null(strstr(err.message, "damaged Word document"));
    }
    assert_true(asprintf(&nodoc, "%s/nodoc.docx", dir) > 0);
    assert_int_equal(write_zip(nodoc, parts, 3), 0);
    assert_int_equal(extract_fails(nodoc, &err), EUC_ERR_CORRUPT);
    assert_string_equal(err.message, "not a Word document: no word/document.xml");
    /* the local header of a package, then noise */
    assert_true(asprintf(&garbage, "%s/garbage.docx", dir) > 0);
    memset(bytes + 60, 0x5A, len - 60);
    assert_int_equal(tu_write_file(garbage, bytes, len), 0);
    assert_int_equal(extract_fails(garbage, &err), EUC_ERR_CORRUPT);
    free(bytes);
    free(cut);
    free(nodoc);
    free(garbage);
    free(path);
}

static void test_encrypted(void **state)
{
    char *path = NULL;
    tpart parts[] = {{"[Content_Types].xml", CT, 0}, {"_rels/.rels", ROOT_RELS, 0},
                     {"word/document.xml", "<w:document " NS "><w:body>" P(R("secret"))
                      "</w:body></w:document>", 0}};
    euc_error err;

    (void)state;
    assert_true(asprintf(&path, "%s/locked.docx", dir) > 0);
    if (write_zip_pw(path, parts, 3, "pw") < 0) {
        free(path);
        skip(); /* a libarchive without ZIP encryption */
    }
    assert_int_equal(extract_fails(path, &err), EUC_ERR_ENCRYPTED);
    assert_non_null(strstr(err.message, "password"));
    free(path);
}

static void test_hostile(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    euc_error err;
    char *bomb, *xxe, *bad, *deep, *big;
    GString *body = g_string_new(NULL);
    char *huge;
    size_t i;
    euc_doc *doc;

    (void)state;
    {
        /* a billion laughs in the main part */
        char *path = NULL, *xml = NULL;
        tpart parts[4];
        assert_true(asprintf(&path, "%s/bomb.docx", dir) > 0);
        assert_true(asprintf(&xml, "<?xml version=\"1.0\"?><!DOCTYPE w:document ["
            "<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
            "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
            "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>"
            "<w:document " NS "><w:body>" P("<w:r><w:t>&h;</w:t></w:r>") "</w:body></w:document>") > 0);
        parts[0] = (tpart){"[Content_Types].xml", CT, 0};
        parts[1] = (tpart){"_rels/.rels", ROOT_RELS, 0};
        parts[2] = (tpart){"word/document.xml", xml, 0};
        assert_int_equal(write_zip(path, parts, 3), 0);
        bomb = path;
        free(xml);
        assert_true(asprintf(&path, "%s/xxe.docx", dir) > 0);
        assert_true(asprintf(&xml, "<?xml version=\"1.0\"?><!DOCTYPE w:document ["
            "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            "<w:document " NS "><w:body>" P("<w:r><w:t>&x;</w:t></w:r>") "</w:body></w:document>") > 0);
        parts[2] = (tpart){"word/document.xml", xml, 0};
        assert_int_equal(write_zip(path, parts, 3), 0);
        xxe = path;
        free(xml);
    }
    assert_int_equal(extract_fails(bomb, &err), EUC_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "DTD"));
    assert_int_equal(extract_fails(xxe, &err), EUC_ERR_CORRUPT);
    /* not well-formed */
    bad = docx("bad.docx", "<w:p><w:r><w:t>unclosed</w:r></w:p>");
    assert_int_equal(extract_fails(bad, &err), EUC_ERR_CORRUPT);
    assert_non_null(strstr(err.message, "not well-formed"));
    /* tables nested 60 deep: read, not laid out into nothing */
    for (i = 0; i < 60; i++)
        g_string_append(body, "<w:tbl><w:tblGrid><w:gridCol w:w=\"2000\"/><w:gridCol w:w=\"2000\"/>"
                        "</w:tblGrid><w:tr><w:tc>" P(R("cell")));
    g_string_append(body, P(R("innermost")));
    for (i = 0; i < 60; i++)
        g_string_append(body, "</w:tc><w:tc>" P(R("right")) "</w:tc></w:tr></w:tbl>");
    deep = docx("deep.docx", body->str);
    doc = extract_ok(ctx, deep);
    {
        char *t = doc_text(doc);
        assert_non_null(strstr(t, "innermost"));
        assert_int_equal(tu_count(t, "right"), 60);
        free(t);
    }
    euc_doc_free(doc);
    /* elements nested past libxml2's limit */
    g_string_truncate(body, 0);
    for (i = 0; i < 300; i++)
        g_string_append(body, "<w:sdt><w:sdtContent>");
    for (i = 0; i < 300; i++)
        g_string_append(body, "</w:sdtContent></w:sdt>");
    free(deep);
    deep = docx("deeper.docx", body->str);
    assert_int_equal(extract_fails(deep, &err), EUC_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "256 levels"));
    /* a part that inflates past the limit */
    huge = malloc((size_t)33 << 20);
    memset(huge, ' ', (size_t)33 << 20);
    memcpy(huge, "<w:p>", 5);
    {
        tpart extra[] = {{"word/header1.xml", huge, (size_t)33 << 20}};
        big = docx_with("big.docx", P(R("x")), extra, 1);
    }
    free(huge);
    assert_int_equal(extract_fails(big, &err), EUC_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "zip-bomb"));
    g_string_free(body, TRUE);
    free(bomb);
    free(xxe);
    free(bad);
    free(deep);
    free(big);
    euc_ctx_free(ctx);
}

/* A signature: black strokes on white, 200 x 60 pixels; with alpha, the
 * background transparent black (as signature PNGs often are). */
static void *scribble_png(int alpha, size_t *len)
{
    PIX *pix = pixCreate(200, 60, 32);
    l_uint8 *data = NULL;
    int x;

    if (alpha) {
        pixSetAllArbitrary(pix, 0x00000000);
        pixSetSpp(pix, 4);
    } else {
        pixSetAll(pix);
    }
    for (x = 10; x < 190; x++) {
        int y = 30 + (int)(20 * sin(x / 12.0));
        int dy;
        for (dy = -2; dy <= 2; dy++)
            pixSetPixel(pix, x, y + dy, 0x000000ff);
    }
    pixWriteMemPng(&data, len, pix, 0);
    pixDestroy(&pix);
    return data;
}

#define INLINE_PIC \
    "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">" \
    "<wp:extent cx=\"1905000\" cy=\"571500\"/><wp:docPr id=\"2\" name=\"Picture 2\"/>" \
    "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">" \
    "<pic:pic><pic:nvPicPr><pic:cNvPr id=\"0\" name=\"sig.png\"/><pic:cNvPicPr/></pic:nvPicPr>" \
    "<pic:blipFill><a:blip r:embed=\"rId20\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>" \
    "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"1905000\" cy=\"571500\"/></a:xfrm>" \
    "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>" \
    "</a:graphic></wp:inline></w:drawing></w:r>"

static void check_signature(int alpha)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    size_t len = 0;
    void *png = scribble_png(alpha, &len);
    tpart extra[] = {{"word/media/image1.png", png, len}};
    char *path = docx_with(alpha ? "sig-alpha.docx" : "sig.docx",
        P(R("For and on behalf of Kansai Magnet Works Co., Ltd."))
        P(R("Signature: ") INLINE_PIC)
        P(R("Name: Taro Yamada")),
        extra, 1);
    euc_doc *doc = extract_ok(ctx, path);
    const euc_page *p = euc_doc_page(doc, 0);
    size_t li = find_line(p, "Signature:"), name = find_line(p, "Name:");
    const euc_word *sig = word_in_line(p, li, "Signature:");
    PIX *pix = NULL, *grey;
    euc_error err;
    double k = 100 / 72.0;
    int x, y, dark = 0, outside = 0, minx = 100000, maxx = -1, miny = 100000, maxy = -1;

    /* the picture makes its line taller: the name is below it */
    assert_true(euc_page_line(p, name)->box.y0 > sig->box.y1);
    assert_true(euc_page_line(p, name)->box.y0 - euc_page_line(p, li)->box.y1 < 20);
    if (euc_extract_page_image(ctx, doc, 0, 100, &pix, &err) < 0)
        fail_msg("%s", err.message);
    assert_int_equal(pixGetWidth(pix), 850);
    assert_int_equal(pixGetHeight(pix), 1100);
    grey = pixConvertTo8(pix, 0);
    for (y = 0; y < 1100; y++)
        for (x = 0; x < 850; x++) {
            l_uint32 v;
            pixGetPixel(grey, x, y, &v);
            if (v >= 128)
                continue;
            dark++;
            if (x < minx) minx = x;
            if (x > maxx) maxx = x;
            if (y < miny) miny = y;
            if (y > maxy) maxy = y;
            /* the picture's box: after the label, 150 x 45 pt, its foot
             * on the label's baseline */
            if (x < sig->box.x1 * k || x > (sig->box.x1 + 160) * k ||
                y < (sig->box.y1 - 50) * k || y > (sig->box.y1 + 2) * k)
                outside++;
        }
    assert_true(dark > 300);
    assert_int_equal(outside, 0);
    /* the scribble spans most of the 150 pt width */
    assert_true(maxx - minx > 120 * k);
    assert_true(maxy - miny > 20 * k);
    pixDestroy(&grey);
    pixDestroy(&pix);
    /* no page 2 */
    assert_int_equal(euc_extract_page_image(ctx, doc, 1, 100, &pix, &err), -1);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
    free(png);
}

static void test_signature_image(void **state)
{
    (void)state;
    check_signature(0);
}

static void test_signature_transparent(void **state)
{
    (void)state;
    check_signature(1);
}

/* The dark pixels' bounding box of a page image, in points. */
static int ink_box(PIX *pix, double dpi, euc_box *b)
{
    PIX *grey = pixConvertTo8(pix, 0);
    int x, y, n = 0, w = pixGetWidth(grey), h = pixGetHeight(grey);

    b->x0 = b->y0 = 1e9;
    b->x1 = b->y1 = -1;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            l_uint32 v;
            pixGetPixel(grey, x, y, &v);
            if (v >= 128)
                continue;
            n++;
            b->x0 = MIN(b->x0, x * 72 / dpi);
            b->y0 = MIN(b->y0, y * 72 / dpi);
            b->x1 = MAX(b->x1, (x + 1) * 72 / dpi);
            b->y1 = MAX(b->y1, (y + 1) * 72 / dpi);
        }
    pixDestroy(&grey);
    return n;
}

/* A signature floating over the signatory block: placed from its anchor,
 * outside the text flow. */
static void test_anchored_image(void **state)
{
    euc_ctx *ctx = euc_ctx_new(NULL);
    size_t len = 0;
    void *png = scribble_png(0, &len);
    tpart extra[] = {{"word/media/image1.png", png, len}};
    char *path = docx_with("anchor.docx",
        P(R("Signed for the end user:")
          "<w:r><w:drawing><wp:anchor simplePos=\"0\" relativeHeight=\"2\" behindDoc=\"0\" "
          "locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\"><wp:simplePos x=\"0\" y=\"0\"/>"
          "<wp:positionH relativeFrom=\"column\"><wp:posOffset>2540000</wp:posOffset></wp:positionH>"
          "<wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>127000</wp:posOffset></wp:positionV>"
          "<wp:extent cx=\"1905000\" cy=\"571500\"/><wp:wrapNone/><wp:docPr id=\"3\" name=\"sig\"/>"
          "<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">"
          "<pic:pic><pic:blipFill><a:blip r:embed=\"rId20\"/></pic:blipFill><pic:spPr/></pic:pic>"
          "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>")
        P(R("Name: Taro Yamada")),
        extra, 1);
    euc_doc *doc = extract_ok(ctx, path);
    const euc_page *p = euc_doc_page(doc, 0);
    PIX *pix = NULL;
    euc_error err;
    euc_box b;

    (void)state;
    /* floating: the next line is not pushed down */
    assert_true(euc_page_line(p, 1)->box.y0 - euc_page_line(p, 0)->box.y1 < 10);
    if (euc_extract_page_image(ctx, doc, 0, 100, &pix, &err) < 0)
        fail_msg("%s", err.message);
    assert_true(ink_box(pix, 100, &b) > 300);
    /* 200 pt right of the column (x 272), 10 pt below the paragraph's top;
     * 150 x 45 pt: the strokes inside that */
    assert_true(b.x0 >= 271 && b.x1 <= 423);
    assert_true(b.y0 >= 81 && b.y1 <= 128);
    assert_true(b.x1 - b.x0 > 120);
    pixDestroy(&pix);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
    free(png);
}

static void test_page_image_limits(void **state)
{
    euc_options opts;
    euc_ctx *ctx;
    euc_doc *doc;
    euc_error err;
    PIX *pix = NULL;
    char *path = docx("plain.docx", P(R("No pictures here.")));

    (void)state;
    euc_options_init(&opts);
    opts.max_pixels = 100000;
    ctx = euc_ctx_new(&opts);
    doc = extract_ok(ctx, path);
    /* a page without pictures is white */
    assert_int_equal(euc_extract_page_image(ctx, doc, 0, 30, &pix, &err), 0);
    {
        l_uint32 v;
        pixGetPixel(pix, 40, 40, &v);
        assert_int_equal(v >> 8, 0xFFFFFF);
    }
    pixDestroy(&pix);
    assert_int_equal(euc_extract_page_image(ctx, doc, 0, 300, &pix, &err), -1);
    assert_int_equal(err.code, EUC_ERR_TOO_LARGE);
    euc_doc_free(doc);
    euc_ctx_free(ctx);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paragraph_form),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_header_footer),
        cmocka_unit_test(test_checkboxes),
        cmocka_unit_test(test_revisions_and_fields),
        cmocka_unit_test(test_page_break),
        cmocka_unit_test(test_wrap_and_overflow),
        cmocka_unit_test(test_text_box_once),
        cmocka_unit_test(test_numbering),
        cmocka_unit_test(test_magic),
        cmocka_unit_test(test_old_doc),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_encrypted),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_signature_image),
        cmocka_unit_test(test_signature_transparent),
        cmocka_unit_test(test_anchored_image),
        cmocka_unit_test(test_page_image_limits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
