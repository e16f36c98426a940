/* DOCX: Word's Office Open XML documents, read without Word.
 *
 * A .docx is a ZIP package of XML parts.  libarchive reads the package
 * (every XML part into memory, each capped and all of them together, so a
 * zip bomb is refused at the limit, whatever the headers claim); libxml2
 * parses the parts with no network, no DTD and no entity expansion (a part
 * that declares a DTD is refused outright: Word never writes one, and it
 * is the door to an entity bomb); a walk over the WordprocessingML body in
 * document order collects paragraphs, tables, text boxes, fields,
 * checkboxes and pictures.
 *
 * A DOCX has no pages and no coordinates: Word lays it out when it opens
 * it.  The parse stage reads positions (labels and values on one line,
 * table columns by the x of their header words, a signature near the
 * signatory block), so this file lays the document out as a printed page
 * would look, near enough: the page size and margins of the first
 * section, font sizes from runs and styles, approximate glyph widths,
 * paragraphs wrapped at the margin, pages broken at the bottom margin and
 * at explicit breaks.  A tab always leaves a real gap, so "Label:<tab>
 * Value" stays two cells; a table row is one line (line k holding the
 * k-th line of every cell) with each cell's words inside its column, from
 * the table grid, with cell padding between the columns, so the table
 * reader finds the columns as it does on a PDF.  The header of the first
 * page comes first, its footer last.
 *
 * Pictures are placed by the same layout.  The page image (the signature
 * check looks for ink outside word boxes) is a white page with the page's
 * pictures drawn in their boxes; text is not drawn, its boxes are excluded
 * from ink anyway.  Extraction and the page image run the one layout
 * function, so they agree on every box.
 *
 * Old binary Word (.doc, an OLE2 compound file) is recognised here too,
 * only to tell the user what to do with it.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <allheaders.h>
#include <archive.h>
#include <archive_entry.h>
#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "extract-imp.h"
#include "euc/text.h"

/* Zip-bomb limits, on the bytes actually inflated. */
#define DOCX_MAX_PART ((size_t)32 << 20)
#define DOCX_MAX_TOTAL ((size_t)160 << 20)
#define DOCX_MAX_ENTRIES 20000
#define DOCX_MAX_PAGES 2000
/* Nested tables deeper than this are read cell after cell, not laid out
 * in ever narrower columns (a hostile file nests thousands). */
#define DOCX_MAX_TABLE_DEPTH 8
#define DOCX_MAX_FIELDS 32
#define DOCX_MAX_TABS 32
#define DOCX_MAX_STYLE_CHAIN 16
/* A tab leaves at least this gap, wider than the parse stage's cell
 * threshold (1.5 characters), even where Word's next stop is close. */
#define DOCX_TAB_MIN 12.0
/* Text starts this far inside a cell on either side: two of them are the
 * gap between columns. */
#define DOCX_CELL_PAD 6.0
#define DOCX_EMU (1.0 / 12700.0)
#define DOCX_TWIP (1.0 / 20.0)
#define DOCX_REASON "Word document text"

enum { NS_NONE, NS_W, NS_R, NS_W14, NS_MC, NS_WP, NS_A, NS_V, NS_M, NS_XML,
       NS_OTHER };

/* --- the package -------------------------------------------------------- */

static int docx_prefix(const unsigned char *s, size_t n, const char *p)
{
    size_t k = strlen(p), i;

    if (n < k)
        return 0;
    for (i = 0; i < k; i++)
        if (g_ascii_tolower(s[i]) != g_ascii_tolower(p[i]))
            return 0;
    return 1;
}

/* The names an Office Open XML package has and a zip of PDFs does not. */
static int docx_ooxml_name(const unsigned char *s, size_t n)
{
    return docx_prefix(s, n, "[Content_Types].xml") ||
           docx_prefix(s, n, "_rels/") || docx_prefix(s, n, "word/") ||
           docx_prefix(s, n, "docProps/");
}

int euc_magic_is_ooxml(const unsigned char *magic, size_t n)
{
    size_t off = 0, i;

    if (n > 1024)
        n = 1024;
    if (n < 30 || memcmp(magic, "PK\x03\x04", 4) != 0)
        return 0;
    /* Local headers one after the other, by their sizes: a header found
     * by searching could be inside a member (a .docx stored in a zip of
     * certificates is not a .docx). */
    for (;;) {
        const unsigned char *h = magic + off;
        size_t flags, csize, len, extra, have;
        if (off + 30 > n || memcmp(h, "PK\x03\x04", 4) != 0)
            return 0; /* the headers we can see name no package part */
        flags = (size_t)h[6] | (size_t)h[7] << 8;
        csize = (size_t)h[18] | (size_t)h[19] << 8 | (size_t)h[20] << 16 |
                (size_t)h[21] << 24;
        len = (size_t)h[26] | (size_t)h[27] << 8;
        extra = (size_t)h[28] | (size_t)h[29] << 8;
        have = n - off - 30;
        if (len > 0 && docx_ooxml_name(h + 30, len < have ? len : have))
            return 1;
        if ((flags & 8) && csize == 0)
            break; /* sizes after the data: the next header is not here */
        if (csize > n)
            return 0;
        off += 30 + len + extra + csize;
    }
    /* Its sizes in a data descriptor: any later header in the bytes we
     * have (Word writes the small parts first). */
    for (i = off + 30; i + 30 <= n; i++) {
        size_t len, have;
        if (memcmp(magic + i, "PK\x03\x04", 4) != 0)
            continue;
        len = (size_t)magic[i + 26] | (size_t)magic[i + 27] << 8;
        have = n - i - 30;
        if (len > 0 && docx_ooxml_name(magic + i + 30, len < have ? len : have))
            return 1;
    }
    return 0;
}

/* A member's name as the package's parts are looked up: OPC names are
 * case-insensitive, '/'-separated, relative to the root. */
static char *docx_norm_name(const char *name)
{
    char *s, *p;

    while (*name == '/' || *name == '\\')
        name++;
    s = g_ascii_strdown(name, -1);
    for (p = s; *p; p++)
        if (*p == '\\')
            *p = '/';
    return s;
}

typedef int (*docx_want_fn)(const char *name, void *user);

/* Reads the members want() asks for into parts (name -> GBytes).  strict:
 * the first pass, where a damaged or encrypted member refuses the file;
 * otherwise (pictures for a page image) such a member is left out. */
static int docx_load(const char *path, docx_want_fn want, void *user,
                     int strict, GHashTable *parts, euc_error *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    unsigned char *buf = NULL;
    size_t cap = 0, total = 0;
    int entries = 0, rc = -1, r;

    if (a == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                             "out of memory");
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "damaged Word document (%s)",
                      archive_error_string(a) ? archive_error_string(a)
                                              : "not a ZIP package");
        goto cleanup;
    }
    for (;;) {
        const char *raw;
        char *name;
        size_t len = 0;
        la_ssize_t got = 0;

        r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            if (!strict)
                break;
            euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                          "damaged Word document (%s)",
                          archive_error_string(a) ? archive_error_string(a)
                                                  : "unreadable ZIP entry");
            goto cleanup;
        }
        if (++entries > DOCX_MAX_ENTRIES) {
            euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                          "refused: more than %d parts in the Word document "
                          "(zip-bomb limit)", DOCX_MAX_ENTRIES);
            goto cleanup;
        }
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        raw = archive_entry_pathname_utf8(e);
        if (raw == NULL)
            raw = archive_entry_pathname(e);
        if (raw == NULL)
            continue;
        name = docx_norm_name(raw);
        if (!want(name, user) || g_hash_table_contains(parts, name)) {
            g_free(name);
            continue;
        }
        if (archive_entry_is_encrypted(e)) {
            g_free(name);
            if (!strict)
                continue;
            euc_error_set(err, EUC_ERR_ENCRYPTED, "extract", path,
                          "encrypted Word document: a password is needed "
                          "to read it");
            goto cleanup;
        }
        for (;;) {
            if (cap - len < 65536) {
                size_t ncap = cap ? cap * 2 : 262144;
                unsigned char *nb = realloc(buf, ncap);
                if (nb == NULL) {
                    g_free(name);
                    euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                                  "out of memory");
                    goto cleanup;
                }
                buf = nb;
                cap = ncap;
            }
            got = archive_read_data(a, buf + len, cap - len);
            if (got <= 0)
                break;
            len += (size_t)got;
            total += (size_t)got;
            if (len > DOCX_MAX_PART || total > DOCX_MAX_TOTAL) {
                euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                              "refused: %s inflates to over %zu MB "
                              "(zip-bomb limit)",
                              len > DOCX_MAX_PART ? name : "the document",
                              (len > DOCX_MAX_PART ? DOCX_MAX_PART
                                                   : DOCX_MAX_TOTAL) >> 20);
                g_free(name);
                goto cleanup;
            }
        }
        if (got < 0) {
            if (!strict) {
                g_free(name);
                if (got == ARCHIVE_FATAL)
                    break; /* the stream is lost: no further member */
                continue;
            }
            euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                          "damaged Word document (%s: %s)", name,
                          archive_error_string(a) ? archive_error_string(a)
                                                  : "unreadable");
            g_free(name);
            goto cleanup;
        }
        g_hash_table_insert(parts, name, g_bytes_new(buf, len));
    }
    rc = 0;
cleanup:
    free(buf);
    archive_read_free(a);
    return rc;
}

/* A ZIP ends with its central directory: without its end record the file
 * was cut short (a download or a copy that stopped), even when every
 * member before the cut reads. */
static int docx_check_end(const char *path, euc_error *err)
{
    unsigned char buf[65536 + 22];
    FILE *f = fopen(path, "rb");
    long size, from;
    size_t n, i;

    if (f == NULL)
        return euc_error_set(err, EUC_ERR_IO, "extract", path,
                             "cannot open the file");
    size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    from = size > (long)sizeof buf ? size - (long)sizeof buf : 0;
    n = size >= 0 && fseek(f, from, SEEK_SET) == 0 ? fread(buf, 1, sizeof buf, f) : 0;
    fclose(f);
    for (i = n >= 22 ? n - 22 + 1 : 0; i-- > 0;)
        if (memcmp(buf + i, "PK\x05\x06", 4) == 0)
            return 0;
    return euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                         "damaged Word document (cut short: the end of its "
                         "ZIP directory is missing)");
}

/* The first pass: every XML part but those that never hold page text. */
static int docx_want_xml(const char *name, void *user)
{
    (void)user;
    if (strcmp(name, "_rels/.rels") == 0)
        return 1;
    if (g_str_has_prefix(name, "customxml/") ||
        g_str_has_prefix(name, "docprops/") ||
        g_str_has_prefix(name, "word/glossary/") ||
        g_str_has_prefix(name, "word/media/") ||
        g_str_has_prefix(name, "word/embeddings/"))
        return 0;
    return g_str_has_suffix(name, ".xml") || g_str_has_suffix(name, ".rels");
}

static int docx_want_set(const char *name, void *user)
{
    return g_hash_table_contains((GHashTable *)user, name);
}

/* --- XML helpers -------------------------------------------------------- */

static int docx_ns(const xmlNs *ns)
{
    const char *h;

    if (ns == NULL || ns->href == NULL)
        return NS_NONE;
    h = (const char *)ns->href;
    if (strcmp(h, "http://schemas.openxmlformats.org/wordprocessingml/2006/main") == 0 ||
        strcmp(h, "http://purl.oclc.org/ooxml/wordprocessingml/main") == 0)
        return NS_W;
    if (strcmp(h, "http://schemas.openxmlformats.org/officeDocument/2006/relationships") == 0 ||
        strcmp(h, "http://purl.oclc.org/ooxml/officeDocument/relationships") == 0)
        return NS_R;
    if (strcmp(h, "http://schemas.microsoft.com/office/word/2010/wordml") == 0)
        return NS_W14;
    if (strcmp(h, "http://schemas.openxmlformats.org/markup-compatibility/2006") == 0)
        return NS_MC;
    if (strcmp(h, "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing") == 0 ||
        strcmp(h, "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing") == 0)
        return NS_WP;
    if (strcmp(h, "http://schemas.openxmlformats.org/drawingml/2006/main") == 0 ||
        strcmp(h, "http://purl.oclc.org/ooxml/drawingml/main") == 0)
        return NS_A;
    if (strcmp(h, "urn:schemas-microsoft-com:vml") == 0)
        return NS_V;
    if (strcmp(h, "http://schemas.openxmlformats.org/officeDocument/2006/math") == 0 ||
        strcmp(h, "http://purl.oclc.org/ooxml/officeDocument/math") == 0)
        return NS_M;
    if (strcmp(h, "http://www.w3.org/XML/1998/namespace") == 0)
        return NS_XML;
    return NS_OTHER;
}

static int docx_is(const xmlNode *n, int ns, const char *name)
{
    return n != NULL && n->type == XML_ELEMENT_NODE &&
           docx_ns(n->ns) == ns && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *docx_child(const xmlNode *n, int ns, const char *name)
{
    xmlNode *c;

    if (n == NULL)
        return NULL;
    for (c = n->children; c != NULL; c = c->next)
        if (docx_is(c, ns, name))
            return c;
    return NULL;
}

/* An attribute's value, borrowed.  With no DTD (refused) a value is one
 * text node.  An unqualified attribute of the name is taken when the
 * qualified one is missing: some writers leave the prefix off. */
static const char *docx_attr(const xmlNode *n, int ns, const char *name)
{
    const xmlAttr *a;
    const char *loose = NULL;

    if (n == NULL)
        return NULL;
    for (a = n->properties; a != NULL; a = a->next) {
        const char *v;
        int k;
        if (strcmp((const char *)a->name, name) != 0)
            continue;
        v = a->children != NULL && a->children->type == XML_TEXT_NODE &&
                    a->children->content != NULL
                ? (const char *)a->children->content
                : "";
        k = docx_ns(a->ns);
        if (k == ns)
            return v;
        if (k == NS_NONE)
            loose = v;
    }
    return loose;
}

static const char *docx_val(const xmlNode *n)
{
    return docx_attr(n, NS_W, "val");
}

/* A number in points: bare, it is in units of unit points (twips, half
 * points, EMU); with a unit suffix, in that unit.  def when missing or
 * unreadable; kept within a million points so that no later sum
 * overflows. */
static double docx_num(const char *s, double unit, double def)
{
    char *end;
    double v;

    if (s == NULL || *s == '\0')
        return def;
    v = g_ascii_strtod(s, &end);
    if (end == s || !isfinite(v))
        return def;
    while (*end == ' ')
        end++;
    if (strncmp(end, "pt", 2) == 0)
        unit = 1;
    else if (strncmp(end, "in", 2) == 0)
        unit = 72;
    else if (strncmp(end, "cm", 2) == 0)
        unit = 72 / 2.54;
    else if (strncmp(end, "mm", 2) == 0)
        unit = 72 / 25.4;
    else if (strncmp(end, "pc", 2) == 0 || strncmp(end, "pi", 2) == 0)
        unit = 12;
    else if (strncmp(end, "px", 2) == 0)
        unit = 0.75;
    v *= unit;
    if (v > 1e6)
        v = 1e6;
    if (v < -1e6)
        v = -1e6;
    return v;
}

/* An on/off property: present with no value is on. */
static int docx_on(const xmlNode *n, int ns)
{
    const char *v;

    if (n == NULL)
        return 0;
    v = docx_attr(n, ns, "val");
    return v == NULL || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
                          strcmp(v, "off") == 0);
}

/* The text content of an element's own text children, appended to s
 * (entity references have none: no DTD). */
static void docx_text_of(const xmlNode *n, GString *s)
{
    const xmlNode *c;

    for (c = n->children; c != NULL; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content != NULL)
            g_string_append(s, (const char *)c->content);
}

/* mc:AlternateContent holds one content twice (Choice and Fallback):
 * read the first Choice, else the Fallback. */
static xmlNode *docx_mc_pick(const xmlNode *alt)
{
    xmlNode *c = docx_child(alt, NS_MC, "Choice");

    return c != NULL ? c : docx_child(alt, NS_MC, "Fallback");
}

/* The first descendant element ns:name, not looking inside text boxes
 * (their pictures are their paragraphs'). */
static xmlNode *docx_find(xmlNode *n, int ns, const char *name)
{
    xmlNode *c, *f;

    for (c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (docx_is(c, ns, name))
            return c;
        if (docx_is(c, NS_W, "txbxContent"))
            continue;
        if (docx_is(c, NS_MC, "AlternateContent")) {
            xmlNode *pick = docx_mc_pick(c);
            f = pick ? docx_find(pick, ns, name) : NULL;
        } else {
            f = docx_find(c, ns, name);
        }
        if (f != NULL)
            return f;
    }
    return NULL;
}

/* Every w:txbxContent below n, each once (one branch of an alternate). */
static void docx_find_boxes(xmlNode *n, GPtrArray *out)
{
    xmlNode *c;

    for (c = n->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (docx_is(c, NS_W, "txbxContent")) {
            g_ptr_array_add(out, c);
        } else if (docx_is(c, NS_MC, "AlternateContent")) {
            xmlNode *pick = docx_mc_pick(c);
            if (pick != NULL)
                docx_find_boxes(pick, out);
        } else {
            docx_find_boxes(c, out);
        }
    }
}

/* --- the walk's state ----------------------------------------------------- */

/* Paragraph and run properties, NAN / -1 when not set. */
typedef struct dprops {
    double size, before, after, line, indl, indr, indf;
    int rule; /* 0 auto (line is a multiple), 1 exact, 2 at least */
    int jc;   /* 0 left, 1 centre, 2 right */
    int pbb;  /* page break before */
    int font; /* FONT_*: how wide its letters run */
    int numid, ilvl; /* list numbering (numid 0: none) */
} dprops;

typedef struct dstyle {
    char *based;
    dprops p;
} dstyle;

typedef struct docx_rel {
    char *type, *target; /* target: a part name, NULL when external */
} docx_rel;

/* List numbering (numbering.xml): a level's format, and the counters of
 * one list. */
enum { NF_DECIMAL, NF_DECIMAL_ZERO, NF_LOWER_LETTER, NF_UPPER_LETTER,
       NF_LOWER_ROMAN, NF_UPPER_ROMAN, NF_BULLET, NF_NONE };

typedef struct nlvl {
    int start, fmt;
    int suff;    /* after the number: 0 a tab, 1 a space, 2 nothing */
    int sym;     /* SYM_*: the symbol font of a bullet */
    char *text;  /* w:lvlText, "%1." */
    double indl, indf;
} nlvl;

typedef struct nabs {
    nlvl lv[9];
} nabs;

typedef struct nnum {
    const nabs *abs;
    int start[9]; /* w:startOverride, -1 none */
    long cnt[9];
    int used[9];
} nnum;

/* A laid-out word: text in docx_w.text, x in points, size in points. */
typedef struct lword {
    gsize off, len;
    double x0, x1, size;
} lword;

enum { AH_MARGIN, AH_PAGE, AH_RMARGIN };
enum { AV_PARA, AV_MARGIN, AV_PAGE, AV_BMARGIN };
enum { AL_NONE, AL_START, AL_CENTER, AL_END };

typedef struct limg {
    guint media;  /* index in docx_w.media */
    double x0, w, h;
    int anchored; /* placed from a reference, outside the text flow */
    int href, halign, vref, valign;
    double ax, ay;
} limg;

typedef struct lline {
    guint w0, nw, i0, ni;
    double h, desc; /* line height, baseline above the line's bottom */
    double before, after;
    int brk; /* an explicit page break before it */
} lline;

typedef struct lblock {
    GArray *words, *imgs, *lines;
    int pending_brk;
} lblock;

typedef struct docx_w {
    const char *path;
    euc_error *err;
    GHashTable *parts;    /* name -> GBytes */
    GHashTable *rels;     /* the current part's: id -> docx_rel */
    GHashTable *styles;   /* id -> dstyle */
    char *def_pstyle;
    dprops defaults;
    double tabstep;
    double pw, ph, ml, mr, mt, mb, mhdr, mftr;
    GString *text;        /* every word's text */
    GPtrArray *media;     /* picture part names, by limg.media */
    GHashTable *media_ix; /* part name -> index + 1 */
    int fdepth;           /* fields open (begun, not ended) */
    unsigned char fres[DOCX_MAX_FIELDS]; /* 1: past its separator */
    int tdepth;           /* tables open */
    GHashTable *nabs;     /* abstractNumId -> nabs */
    GHashTable *nums;     /* numId -> nnum */
} docx_w;

static void lblock_init(lblock *b)
{
    b->words = g_array_new(FALSE, FALSE, sizeof(lword));
    b->imgs = g_array_new(FALSE, FALSE, sizeof(limg));
    b->lines = g_array_new(FALSE, FALSE, sizeof(lline));
    b->pending_brk = 0;
}

static void lblock_free(lblock *b)
{
    if (b->words != NULL)
        g_array_free(b->words, TRUE);
    if (b->imgs != NULL)
        g_array_free(b->imgs, TRUE);
    if (b->lines != NULL)
        g_array_free(b->lines, TRUE);
    b->words = b->imgs = b->lines = NULL;
}

static void dprops_unset(dprops *d)
{
    d->size = d->before = d->after = d->line = NAN;
    d->indl = d->indr = d->indf = NAN;
    d->rule = d->jc = d->pbb = d->font = d->numid = d->ilvl = -1;
}

/* Fills what d lacks from f. */
static void dprops_fill(dprops *d, const dprops *f)
{
    if (isnan(d->size)) d->size = f->size;
    if (isnan(d->before)) d->before = f->before;
    if (isnan(d->after)) d->after = f->after;
    if (isnan(d->line) && d->rule < 0) {
        d->line = f->line;
        d->rule = f->rule;
    }
    if (isnan(d->indl)) d->indl = f->indl;
    if (isnan(d->indr)) d->indr = f->indr;
    if (isnan(d->indf)) d->indf = f->indf;
    if (d->jc < 0) d->jc = f->jc;
    if (d->pbb < 0) d->pbb = f->pbb;
    if (d->font < 0) d->font = f->font;
    if (d->numid < 0) d->numid = f->numid;
    if (d->ilvl < 0) d->ilvl = f->ilvl;
}

/* Width classes of text fonts: the glyph widths are Helvetica's, scaled
 * for the narrower faces Word documents mostly use. */
enum { FONT_SANS, FONT_NARROW, FONT_MONO };

static int docx_font_class(const xmlNode *f)
{
    const char *name = docx_attr(f, NS_W, "ascii");
    static const char *const mono[] = {"Courier", "Consolas", "Lucida Console",
                                       "Liberation Mono", "DejaVu Sans Mono",
                                       "Menlo", "Monaco", "Source Code", NULL};
    static const char *const sans[] = {"Arial", "Helvetica", "Liberation Sans",
                                       "Verdana", "Tahoma", "DejaVu Sans",
                                       "Segoe", "Open Sans", "Noto Sans",
                                       "Roboto", NULL};
    int i;

    if (name == NULL)
        name = docx_attr(f, NS_W, "hAnsi");
    if (name == NULL)
        /* a theme font (asciiTheme): Calibri or Aptos in Office's themes */
        return docx_attr(f, NS_W, "asciiTheme") != NULL ? FONT_NARROW : -1;
    for (i = 0; mono[i] != NULL; i++)
        if (g_ascii_strncasecmp(name, mono[i], strlen(mono[i])) == 0)
            return FONT_MONO;
    for (i = 0; sans[i] != NULL; i++)
        if (g_ascii_strncasecmp(name, sans[i], strlen(sans[i])) == 0)
            return FONT_SANS;
    return FONT_NARROW; /* Calibri, Times New Roman, Cambria, Georgia ... */
}

static void docx_read_rpr(const xmlNode *rpr, dprops *d)
{
    xmlNode *sz = docx_child(rpr, NS_W, "sz");
    xmlNode *f = docx_child(rpr, NS_W, "rFonts");

    if (sz != NULL)
        d->size = docx_num(docx_val(sz), 0.5, d->size);
    if (f != NULL && docx_font_class(f) >= 0)
        d->font = docx_font_class(f);
}

static void docx_read_ppr(const xmlNode *ppr, dprops *d)
{
    xmlNode *n;
    const char *v;

    n = docx_child(ppr, NS_W, "spacing");
    if (n != NULL) {
        d->before = docx_num(docx_attr(n, NS_W, "before"), DOCX_TWIP, d->before);
        d->after = docx_num(docx_attr(n, NS_W, "after"), DOCX_TWIP, d->after);
        v = docx_attr(n, NS_W, "line");
        if (v != NULL) {
            const char *r = docx_attr(n, NS_W, "lineRule");
            if (r == NULL || strcmp(r, "auto") == 0) {
                d->rule = 0;
                d->line = docx_num(v, 1.0 / 240, NAN);
            } else {
                d->rule = strcmp(r, "exact") == 0 ? 1 : 2;
                d->line = docx_num(v, DOCX_TWIP, NAN);
            }
            if (isnan(d->line))
                d->rule = -1;
        }
    }
    n = docx_child(ppr, NS_W, "ind");
    if (n != NULL) {
        v = docx_attr(n, NS_W, "left");
        d->indl = docx_num(v ? v : docx_attr(n, NS_W, "start"), DOCX_TWIP, d->indl);
        v = docx_attr(n, NS_W, "right");
        d->indr = docx_num(v ? v : docx_attr(n, NS_W, "end"), DOCX_TWIP, d->indr);
        d->indf = docx_num(docx_attr(n, NS_W, "firstLine"), DOCX_TWIP, d->indf);
        v = docx_attr(n, NS_W, "hanging");
        if (v != NULL)
            d->indf = -docx_num(v, DOCX_TWIP, 0);
    }
    n = docx_child(ppr, NS_W, "jc");
    v = docx_val(n);
    if (v != NULL)
        d->jc = strcmp(v, "center") == 0 ? 1
                : strcmp(v, "right") == 0 || strcmp(v, "end") == 0 ? 2 : 0;
    n = docx_child(ppr, NS_W, "pageBreakBefore");
    if (n != NULL)
        d->pbb = docx_on(n, NS_W);
    n = docx_child(ppr, NS_W, "numPr");
    if (n != NULL) {
        double id = docx_num(docx_val(docx_child(n, NS_W, "numId")), 1, -1);
        double lv = docx_num(docx_val(docx_child(n, NS_W, "ilvl")), 1, -1);
        if (id >= 0 && id < 1e6)
            d->numid = (int)id;
        if (lv >= 0 && lv <= 8)
            d->ilvl = (int)lv;
    }
}

/* Fills d from the style id and those it is based on. */
static void docx_style_fill(docx_w *w, const char *id, dprops *d)
{
    int i;

    for (i = 0; id != NULL && i < DOCX_MAX_STYLE_CHAIN; i++) {
        dstyle *s = g_hash_table_lookup(w->styles, id);
        if (s == NULL)
            break;
        dprops_fill(d, &s->p);
        id = s->based;
    }
}

static void docx_bytes_unref(gpointer p)
{
    g_bytes_unref(p);
}

static void docx_rel_free(gpointer p)
{
    docx_rel *r = p;

    g_free(r->type);
    g_free(r->target);
    g_free(r);
}

static void docx_style_free(gpointer p)
{
    dstyle *s = p;

    g_free(s->based);
    g_free(s);
}

/* A relationship's target as a part name: relative to the folder of the
 * part (dir ends with '/'), percent escapes decoded, "." and ".." folded. */
static char *docx_resolve(const char *dir, const char *target)
{
    GString *s = g_string_new(NULL);
    gchar **seg, *joined, *dec, *out;
    GPtrArray *keep = g_ptr_array_new();
    guint i;

    if (target[0] != '/')
        g_string_append(s, dir);
    g_string_append(s, target);
    dec = g_uri_unescape_string(s->str, NULL);
    joined = docx_norm_name(dec != NULL ? dec : s->str);
    g_free(dec);
    seg = g_strsplit(joined, "/", -1);
    for (i = 0; seg[i] != NULL; i++) {
        if (seg[i][0] == '\0' || strcmp(seg[i], ".") == 0)
            continue;
        if (strcmp(seg[i], "..") == 0) {
            if (keep->len > 0)
                g_ptr_array_remove_index(keep, keep->len - 1);
            continue;
        }
        g_ptr_array_add(keep, seg[i]);
    }
    g_ptr_array_add(keep, NULL);
    out = g_strjoinv("/", (gchar **)keep->pdata);
    g_ptr_array_free(keep, TRUE);
    g_strfreev(seg);
    g_free(joined);
    g_string_free(s, TRUE);
    return out;
}

/* A DTD is the way to an entity bomb or an external fetch, and Word never
 * writes one: a part with one is refused before libxml2 sees it. */
static int docx_has_dtd(const unsigned char *s, size_t n)
{
    size_t i;

    for (i = 0; i + 9 <= n; i++)
        if (s[i] == '<' && s[i + 1] == '!' && docx_prefix(s + i + 2, n - i - 2, "DOCTYPE"))
            return 1;
    return 0;
}

/* Parses a part.  NULL with *bad set (and err) when it is there but
 * refused; NULL with *bad 0 when it is missing or not well-formed and not
 * required. */
static xmlDoc *docx_parse(docx_w *w, const char *name, int required, int *bad)
{
    GBytes *b = g_hash_table_lookup(w->parts, name);
    const unsigned char *data;
    gsize len = 0;
    xmlParserCtxt *ctxt;
    xmlDoc *doc;
    int deep = 0;

    *bad = 0;
    if (b == NULL)
        return NULL;
    data = g_bytes_get_data(b, &len);
    if (docx_has_dtd(data, len)) {
        *bad = 1;
        euc_error_set(w->err, EUC_ERR_CORRUPT, "extract", w->path,
                      "damaged Word document (%s declares a DTD, which "
                      "Word never writes)", name);
        return NULL;
    }
    /* No XML_PARSE_NOENT, no XML_PARSE_DTDLOAD: entities stay unexpanded
     * and nothing is fetched; NOERROR/NOWARNING keep libxml2 silent. */
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        *bad = 1;
        euc_error_set(w->err, EUC_ERR_NOMEM, "extract", w->path,
                      "out of memory");
        return NULL;
    }
    doc = xmlCtxtReadMemory(ctxt, (const char *)data, (int)len, name, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING);
    /* libxml2 stops at 256 levels of elements (no XML_PARSE_HUGE) */
    deep = doc == NULL && ctxt->lastError.message != NULL &&
           strstr(ctxt->lastError.message, "depth") != NULL;
    xmlFreeParserCtxt(ctxt);
    if (doc != NULL && doc->intSubset != NULL) {
        xmlFreeDoc(doc);
        doc = NULL;
        *bad = 1;
        euc_error_set(w->err, EUC_ERR_CORRUPT, "extract", w->path,
                      "damaged Word document (%s declares a DTD, which "
                      "Word never writes)", name);
        return NULL;
    }
    if (doc == NULL && (required || deep)) {
        *bad = 1;
        if (deep)
            euc_error_set(w->err, EUC_ERR_TOO_LARGE, "extract", w->path,
                          "refused: %s nests elements over 256 levels deep",
                          name);
        else
            euc_error_set(w->err, EUC_ERR_CORRUPT, "extract", w->path,
                          "damaged Word document (%s is not well-formed XML)",
                          name);
    }
    return doc;
}

/* The relationships of part: id -> docx_rel.  Empty when it has none. */
static GHashTable *docx_rels(docx_w *w, const char *part, int *bad)
{
    GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                          docx_rel_free);
    const char *slash = strrchr(part, '/');
    char *dir = g_strndup(part, slash ? (gsize)(slash - part + 1) : 0);
    char *name = g_strconcat(dir, "_rels/", slash ? slash + 1 : part,
                             ".rels", NULL);
    xmlDoc *doc = docx_parse(w, name, 0, bad);
    xmlNode *c;

    for (c = doc ? xmlDocGetRootElement(doc)->children : NULL; c; c = c->next) {
        const char *id, *type, *target, *mode;
        docx_rel *r;
        if (c->type != XML_ELEMENT_NODE ||
            strcmp((const char *)c->name, "Relationship") != 0)
            continue;
        id = docx_attr(c, NS_NONE, "Id");
        type = docx_attr(c, NS_NONE, "Type");
        target = docx_attr(c, NS_NONE, "Target");
        mode = docx_attr(c, NS_NONE, "TargetMode");
        if (id == NULL || target == NULL || g_hash_table_contains(h, id))
            continue;
        r = g_new0(docx_rel, 1);
        r->type = g_strdup(type ? type : "");
        r->target = mode != NULL && g_ascii_strcasecmp(mode, "External") == 0
                        ? NULL : docx_resolve(dir, target);
        g_hash_table_insert(h, g_strdup(id), r);
    }
    if (doc != NULL)
        xmlFreeDoc(doc);
    g_free(name);
    g_free(dir);
    return h;
}

/* The target of the first relationship whose type ends in suffix. */
static const char *docx_rel_typed(GHashTable *rels, const char *suffix)
{
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, rels);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        docx_rel *r = v;
        if (r->target != NULL && g_str_has_suffix(r->type, suffix))
            return r->target;
    }
    return NULL;
}

static const char *docx_rel_target(docx_w *w, const char *id)
{
    docx_rel *r = id ? g_hash_table_lookup(w->rels, id) : NULL;

    return r ? r->target : NULL;
}

static int docx_load_styles(docx_w *w, const char *name)
{
    int bad = 0;
    xmlDoc *doc = docx_parse(w, name, 0, &bad);
    xmlNode *root, *c, *n;

    if (doc == NULL)
        return bad ? -1 : 0;
    root = xmlDocGetRootElement(doc);
    n = docx_child(root, NS_W, "docDefaults");
    if (n != NULL) {
        xmlNode *r = docx_child(docx_child(n, NS_W, "rPrDefault"), NS_W, "rPr");
        xmlNode *p = docx_child(docx_child(n, NS_W, "pPrDefault"), NS_W, "pPr");
        if (r != NULL)
            docx_read_rpr(r, &w->defaults);
        if (p != NULL)
            docx_read_ppr(p, &w->defaults);
    }
    for (c = root->children; c != NULL; c = c->next) {
        const char *id, *type;
        dstyle *s;
        xmlNode *x;
        if (!docx_is(c, NS_W, "style"))
            continue;
        id = docx_attr(c, NS_W, "styleId");
        type = docx_attr(c, NS_W, "type");
        if (id == NULL || g_hash_table_contains(w->styles, id))
            continue;
        s = g_new0(dstyle, 1);
        dprops_unset(&s->p);
        s->based = g_strdup(docx_val(docx_child(c, NS_W, "basedOn")));
        x = docx_child(c, NS_W, "pPr");
        if (x != NULL)
            docx_read_ppr(x, &s->p);
        x = docx_child(c, NS_W, "rPr");
        if (x != NULL)
            docx_read_rpr(x, &s->p);
        g_hash_table_insert(w->styles, g_strdup(id), s);
        if (type != NULL && strcmp(type, "paragraph") == 0 &&
            w->def_pstyle == NULL) {
            const char *def = docx_attr(c, NS_W, "default");
            if (def != NULL && (strcmp(def, "1") == 0 || strcmp(def, "true") == 0))
                w->def_pstyle = g_strdup(id);
        }
    }
    xmlFreeDoc(doc);
    return 0;
}

static int docx_load_settings(docx_w *w, const char *name)
{
    int bad = 0;
    xmlDoc *doc = docx_parse(w, name, 0, &bad);
    xmlNode *n;

    if (doc == NULL)
        return bad ? -1 : 0;
    n = docx_child(xmlDocGetRootElement(doc), NS_W, "defaultTabStop");
    if (n != NULL) {
        double v = docx_num(docx_val(n), DOCX_TWIP, 36);
        if (v >= 6 && v <= 360)
            w->tabstep = v;
    }
    xmlFreeDoc(doc);
    return 0;
}

/* --- paragraphs: runs into items -------------------------------------- */

enum { IT_TEXT, IT_TAB, IT_BR, IT_PAGE, IT_ATOM, IT_IMG };

typedef struct pitem {
    int kind;
    gsize off, len; /* IT_TEXT, IT_ATOM: in para.text */
    double size;
    int font;
    limg img;       /* IT_IMG */
} pitem;

typedef struct para {
    GArray *items;
    GString *text;
    GPtrArray *boxes; /* w:txbxContent to read after the paragraph */
    double size;      /* the paragraph style's font size */
    int pfont;        /* and its font's width class */
    int font;         /* the current run's */
    int incell;
} para;

/* Symbol fonts draw their own glyphs at Latin code points: Wingdings 'þ'
 * is a ticked box.  The boxes and ticks forms use, and a few symbols;
 * 0 for the rest (dropped rather than shown as the wrong letter). */
enum { SYM_NONE, SYM_WINGDINGS, SYM_WINGDINGS2, SYM_SYMBOL, SYM_OTHER };

static int docx_sym_font(const char *font)
{
    if (font == NULL)
        return SYM_NONE;
    if (g_ascii_strcasecmp(font, "Wingdings") == 0)
        return SYM_WINGDINGS;
    if (g_ascii_strcasecmp(font, "Wingdings 2") == 0)
        return SYM_WINGDINGS2;
    if (g_ascii_strcasecmp(font, "Symbol") == 0)
        return SYM_SYMBOL;
    if (g_ascii_strncasecmp(font, "Wingdings", 9) == 0 ||
        g_ascii_strcasecmp(font, "Webdings") == 0)
        return SYM_OTHER;
    return SYM_NONE;
}

static gunichar docx_sym_map(int font, unsigned c)
{
    switch (font) {
    case SYM_WINGDINGS:
        if (c == 0x6F || c == 0xA8 || c == 0x71 || c == 0x72)
            return 0x2610;
        if (c == 0x78 || c == 0xFD)
            return 0x2612;
        if (c == 0xFE)
            return 0x2611;
        if (c == 0xFC)
            return 0x2713;
        if (c == 0xFB)
            return 0x2717;
        if (c == 0x9F || c == 0x6C || c == 0xA7)
            return 0x2022;
        return 0;
    case SYM_WINGDINGS2:
        if (c == 0xA3 || c == 0x2A || c == 0xA2)
            return 0x2610;
        if (c == 0x53 || c == 0x54 || c == 0x4F || c == 0xCF)
            return 0x2612;
        if (c == 0x52)
            return 0x2611;
        if (c == 0x50)
            return 0x2713;
        return 0;
    case SYM_SYMBOL:
        if (c == 0xB7)
            return 0x2022;
        if (c == 0xB4)
            return 0xD7;
        if (c == 0xA3)
            return 0x2264;
        if (c == 0xB3)
            return 0x2265;
        if (c == 0x6D)
            return 0x3BC;
        if (c == 0xB0 || c == 0xB1 || (c >= 0x20 && c <= 0x40))
            return c;
        return 0;
    default:
        return 0;
    }
}

static void para_push(para *pa, int kind, gsize off, gsize len, double size)
{
    pitem it;

    memset(&it, 0, sizeof it);
    it.kind = kind;
    it.off = off;
    it.len = len;
    it.size = size;
    it.font = pa->font;
    g_array_append_val(pa->items, it);
}

/* Adds run text: a tab character is a tab, a line end a space; with a
 * symbol font, its glyphs mapped to Unicode. */
static void para_text(para *pa, const char *s, size_t n, double size, int sym)
{
    size_t i = 0;
    gsize start = pa->text->len;

    while (i < n) {
        uint32_t c;
        size_t k = euc_utf8_decode(s + i, n - i, &c);
        if (c == '\t') {
            if (pa->text->len > start)
                para_push(pa, IT_TEXT, start, pa->text->len - start, size);
            para_push(pa, IT_TAB, 0, 0, size);
            start = pa->text->len;
        } else if (c == '\n' || c == '\r') {
            g_string_append_c(pa->text, ' ');
        } else if (sym != SYM_NONE && (c < 0x100 || (c >= 0xF000 && c <= 0xF0FF))) {
            gunichar m = docx_sym_map(sym, c & 0xFF);
            if (m != 0)
                g_string_append_unichar(pa->text, m);
        } else {
            g_string_append_len(pa->text, s + i, (gssize)k);
        }
        i += k;
    }
    if (pa->text->len > start)
        para_push(pa, IT_TEXT, start, pa->text->len - start, size);
}

static void para_atom(para *pa, const char *s, double size)
{
    gsize off = pa->text->len;

    g_string_append(pa->text, s);
    para_push(pa, IT_ATOM, off, strlen(s), size);
}

static guint docx_media_index(docx_w *w, const char *name)
{
    gpointer v = g_hash_table_lookup(w->media_ix, name);
    char *copy;

    if (v != NULL)
        return GPOINTER_TO_UINT(v) - 1;
    copy = g_strdup(name);
    g_ptr_array_add(w->media, copy);
    g_hash_table_insert(w->media_ix, copy, GUINT_TO_POINTER(w->media->len));
    return w->media->len - 1;
}

/* A picture of w x h points keeps its shape and fits in the page. */
static void docx_fit(docx_w *w, double *pw, double *ph)
{
    double f = 1;

    if (*pw > w->pw)
        f = w->pw / *pw;
    if (*ph * f > w->ph)
        f = w->ph / *ph;
    *pw *= f;
    *ph *= f;
}

static void para_img(docx_w *w, para *pa, const char *target, double pw,
                     double ph, const limg *anchor)
{
    pitem it;

    if (target == NULL || !(pw > 0.5) || !(ph > 0.5))
        return;
    memset(&it, 0, sizeof it);
    it.kind = IT_IMG;
    if (anchor != NULL)
        it.img = *anchor;
    docx_fit(w, &pw, &ph);
    it.img.w = pw;
    it.img.h = ph;
    it.img.media = docx_media_index(w, target);
    g_array_append_val(pa->items, it);
}

static int docx_align(const char *s)
{
    if (s == NULL)
        return AL_NONE;
    if (strcmp(s, "center") == 0)
        return AL_CENTER;
    if (strcmp(s, "right") == 0 || strcmp(s, "bottom") == 0 ||
        strcmp(s, "outside") == 0)
        return AL_END;
    return AL_START;
}

/* One wp:inline or wp:anchor: its picture and its text boxes. */
static void docx_shape(docx_w *w, xmlNode *n, para *pa, int anchored)
{
    xmlNode *ext = docx_child(n, NS_WP, "extent");
    xmlNode *pr = docx_child(n, NS_WP, "docPr");
    xmlNode *blip = docx_find(n, NS_A, "blip");
    double pw = docx_num(docx_attr(ext, NS_NONE, "cx"), DOCX_EMU, 0);
    double ph = docx_num(docx_attr(ext, NS_NONE, "cy"), DOCX_EMU, 0);
    const char *hid = docx_attr(pr, NS_NONE, "hidden");
    limg a;

    docx_find_boxes(n, pa->boxes);
    if (blip == NULL || (hid != NULL && (strcmp(hid, "1") == 0 || strcmp(hid, "true") == 0)))
        return;
    memset(&a, 0, sizeof a);
    if (anchored) {
        xmlNode *h = docx_child(n, NS_WP, "positionH");
        xmlNode *v = docx_child(n, NS_WP, "positionV");
        const char *sp = docx_attr(n, NS_NONE, "simplePos");
        GString *t = g_string_new(NULL);
        const char *rel;

        a.anchored = 1;
        if (sp != NULL && (strcmp(sp, "1") == 0 || strcmp(sp, "true") == 0)) {
            xmlNode *s = docx_child(n, NS_WP, "simplePos");
            a.href = AH_PAGE;
            a.vref = AV_PAGE;
            a.ax = docx_num(docx_attr(s, NS_NONE, "x"), DOCX_EMU, 0);
            a.ay = docx_num(docx_attr(s, NS_NONE, "y"), DOCX_EMU, 0);
        } else {
            rel = docx_attr(h, NS_NONE, "relativeFrom");
            a.href = rel == NULL ? AH_MARGIN
                     : strcmp(rel, "page") == 0 || strcmp(rel, "leftMargin") == 0 ? AH_PAGE
                     : strcmp(rel, "rightMargin") == 0 ? AH_RMARGIN : AH_MARGIN;
            if (docx_child(h, NS_WP, "posOffset") != NULL) {
                docx_text_of(docx_child(h, NS_WP, "posOffset"), t);
                a.ax = docx_num(t->str, DOCX_EMU, 0);
            } else if (docx_child(h, NS_WP, "align") != NULL) {
                docx_text_of(docx_child(h, NS_WP, "align"), t);
                a.halign = docx_align(t->str);
            }
            g_string_truncate(t, 0);
            rel = docx_attr(v, NS_NONE, "relativeFrom");
            a.vref = rel == NULL ? AV_PARA
                     : strcmp(rel, "page") == 0 || strcmp(rel, "topMargin") == 0 ? AV_PAGE
                     : strcmp(rel, "margin") == 0 ? AV_MARGIN
                     : strcmp(rel, "bottomMargin") == 0 ? AV_BMARGIN : AV_PARA;
            if (docx_child(v, NS_WP, "posOffset") != NULL) {
                docx_text_of(docx_child(v, NS_WP, "posOffset"), t);
                a.ay = docx_num(t->str, DOCX_EMU, 0);
            } else if (docx_child(v, NS_WP, "align") != NULL) {
                docx_text_of(docx_child(v, NS_WP, "align"), t);
                a.valign = docx_align(t->str);
            }
        }
        g_string_free(t, TRUE);
    }
    para_img(w, pa, docx_rel_target(w, docx_attr(blip, NS_R, "embed")), pw,
             ph, anchored ? &a : NULL);
}

/* A VML picture (w:pict, w:object: older writers): v:imagedata, its size
 * from the shape's CSS style. */
static void docx_vml(docx_w *w, xmlNode *n, para *pa)
{
    xmlNode *img = docx_find(n, NS_V, "imagedata");
    const char *style;
    gchar **decl;
    double pw = 0, ph = 0, mx = 0, my = 0;
    int absolute = 0, i;
    limg a;

    docx_find_boxes(n, pa->boxes);
    if (img == NULL || img->parent == NULL)
        return;
    style = docx_attr(img->parent, NS_NONE, "style");
    decl = g_strsplit(style ? style : "", ";", -1);
    for (i = 0; decl[i] != NULL; i++) {
        gchar **kv = g_strsplit(decl[i], ":", 2);
        if (kv[0] != NULL && kv[1] != NULL) {
            char *k = g_strstrip(kv[0]), *v = g_strstrip(kv[1]);
            if (strcmp(k, "width") == 0)
                pw = docx_num(v, 0.75, 0);
            else if (strcmp(k, "height") == 0)
                ph = docx_num(v, 0.75, 0);
            else if (strcmp(k, "margin-left") == 0 || strcmp(k, "left") == 0)
                mx = docx_num(v, 0.75, 0);
            else if (strcmp(k, "margin-top") == 0 || strcmp(k, "top") == 0)
                my = docx_num(v, 0.75, 0);
            else if (strcmp(k, "position") == 0 && strcmp(v, "absolute") == 0)
                absolute = 1;
        }
        g_strfreev(kv);
    }
    g_strfreev(decl);
    memset(&a, 0, sizeof a);
    a.anchored = 1;
    a.ax = mx;
    a.ay = my;
    para_img(w, pa, docx_rel_target(w, docx_attr(img, NS_R, "id")), pw, ph,
             absolute ? &a : NULL);
}

/* Text is hidden while a field's instruction is being read. */
static int docx_fld_hidden(const docx_w *w)
{
    int i, n = w->fdepth < DOCX_MAX_FIELDS ? w->fdepth : DOCX_MAX_FIELDS;

    for (i = 0; i < n; i++)
        if (!w->fres[i])
            return 1;
    return 0;
}

/* A legacy form field (FORMCHECKBOX) shows its box as "[X]" or "[ ]". */
static void docx_fldchar(docx_w *w, xmlNode *n, para *pa, double size, int hidden)
{
    const char *t = docx_attr(n, NS_W, "fldCharType");

    if (t == NULL)
        return;
    if (strcmp(t, "begin") == 0) {
        xmlNode *cb = docx_child(docx_child(n, NS_W, "ffData"), NS_W, "checkBox");
        if (cb != NULL && !hidden && !docx_fld_hidden(w)) {
            xmlNode *c = docx_child(cb, NS_W, "checked");
            int on = c != NULL ? docx_on(c, NS_W)
                               : docx_on(docx_child(cb, NS_W, "default"), NS_W);
            para_atom(pa, on ? "[X]" : "[ ]", size);
        }
        if (w->fdepth < DOCX_MAX_FIELDS)
            w->fres[w->fdepth] = 0;
        if (w->fdepth < 1000000)
            w->fdepth++;
    } else if (strcmp(t, "separate") == 0) {
        if (w->fdepth > 0 && w->fdepth <= DOCX_MAX_FIELDS)
            w->fres[w->fdepth - 1] = 1;
    } else if (strcmp(t, "end") == 0) {
        if (w->fdepth > 0)
            w->fdepth--;
    }
}

static void walk_inline(docx_w *w, xmlNode *parent, para *pa);

static void walk_run_content(docx_w *w, xmlNode *parent, para *pa,
                             double size, int hidden, int sym)
{
    xmlNode *c;

    for (c = parent->children; c != NULL; c = c->next) {
        int vis;
        const char *name;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (docx_is(c, NS_MC, "AlternateContent")) {
            xmlNode *pick = docx_mc_pick(c);
            if (pick != NULL)
                walk_run_content(w, pick, pa, size, hidden, sym);
            continue;
        }
        if (docx_ns(c->ns) != NS_W)
            continue;
        name = (const char *)c->name;
        if (strcmp(name, "fldChar") == 0) {
            docx_fldchar(w, c, pa, size, hidden);
            continue;
        }
        vis = !hidden && !docx_fld_hidden(w);
        if (!vis)
            continue;
        if (strcmp(name, "t") == 0) {
            GString *s = g_string_new(NULL);
            const char *sp = docx_attr(c, NS_XML, "space");
            docx_text_of(c, s);
            /* without xml:space="preserve" Word drops the ends' spaces */
            if (sp == NULL || strcmp(sp, "preserve") != 0)
                g_strstrip(s->str);
            para_text(pa, s->str, strlen(s->str), size, sym);
            g_string_free(s, TRUE);
        } else if (strcmp(name, "tab") == 0 || strcmp(name, "ptab") == 0) {
            para_push(pa, IT_TAB, 0, 0, size);
        } else if (strcmp(name, "br") == 0) {
            const char *t = docx_attr(c, NS_W, "type");
            para_push(pa, t != NULL && strcmp(t, "page") == 0 ? IT_PAGE : IT_BR,
                      0, 0, size);
        } else if (strcmp(name, "cr") == 0) {
            para_push(pa, IT_BR, 0, 0, size);
        } else if (strcmp(name, "noBreakHyphen") == 0) {
            para_text(pa, "-", 1, size, SYM_NONE);
        } else if (strcmp(name, "sym") == 0) {
            const char *ch = docx_attr(c, NS_W, "char");
            unsigned long code = ch ? strtoul(ch, NULL, 16) : 0;
            int font = docx_sym_font(docx_attr(c, NS_W, "font"));
            gunichar u = 0;
            char buf[8];
            if (code >= 0xF000 && code <= 0xF0FF)
                u = docx_sym_map(font, (unsigned)(code - 0xF000));
            else if (font != SYM_NONE && code < 0x100)
                u = docx_sym_map(font, (unsigned)code);
            else if (code >= 0x20 && code < 0x110000 &&
                     !(code >= 0xD800 && code < 0xE000) &&
                     !(code >= 0xE000 && code < 0xF900))
                u = (gunichar)code;
            if (u != 0)
                para_text(pa, buf, (size_t)g_unichar_to_utf8(u, buf), size,
                          SYM_NONE);
        } else if (strcmp(name, "drawing") == 0) {
            xmlNode *d;
            for (d = c->children; d != NULL; d = d->next) {
                if (docx_is(d, NS_WP, "inline"))
                    docx_shape(w, d, pa, 0);
                else if (docx_is(d, NS_WP, "anchor"))
                    docx_shape(w, d, pa, 1);
            }
        } else if (strcmp(name, "pict") == 0 || strcmp(name, "object") == 0) {
            docx_vml(w, c, pa);
        } else if (strcmp(name, "ruby") == 0) {
            xmlNode *base = docx_child(c, NS_W, "rubyBase");
            if (base != NULL)
                walk_inline(w, base, pa);
        }
        /* instrText, delText, footnote marks, lastRenderedPageBreak: not
         * printed text (Word's own last page breaks are its layout, not
         * ours) */
    }
}

static void walk_run(docx_w *w, xmlNode *r, para *pa)
{
    xmlNode *rpr = docx_child(r, NS_W, "rPr");
    double size = pa->size;
    int hidden = 0, sym = SYM_NONE;

    pa->font = pa->pfont;
    if (rpr != NULL) {
        dprops d;
        xmlNode *f = docx_child(rpr, NS_W, "rFonts");
        dprops_unset(&d);
        docx_read_rpr(rpr, &d);
        docx_style_fill(w, docx_val(docx_child(rpr, NS_W, "rStyle")), &d);
        if (!isnan(d.size) && d.size >= 1 && d.size <= 200)
            size = d.size;
        if (d.font >= 0)
            pa->font = d.font;
        hidden = docx_on(docx_child(rpr, NS_W, "vanish"), NS_W) ||
                 docx_on(docx_child(rpr, NS_W, "specVanish"), NS_W);
        if (f != NULL) {
            const char *a = docx_attr(f, NS_W, "ascii");
            sym = docx_sym_font(a ? a : docx_attr(f, NS_W, "hAnsi"));
        }
    }
    walk_run_content(w, r, pa, size, hidden, sym);
    pa->font = pa->pfont;
}

/* A content control: a checkbox reads "[X]" or "[ ]"; one still showing
 * its placeholder ("Click or tap here to enter text.") is empty. */
static int docx_sdt_skip(para *pa, xmlNode *sdt)
{
    xmlNode *pr = docx_child(sdt, NS_W, "sdtPr");
    xmlNode *cb = docx_child(pr, NS_W14, "checkbox");

    if (cb != NULL) {
        xmlNode *c = docx_child(cb, NS_W14, "checked");
        if (pa != NULL)
            para_atom(pa, c != NULL && docx_on(c, NS_W14) ? "[X]" : "[ ]",
                      pa->size);
        return 1;
    }
    return docx_on(docx_child(pr, NS_W, "showingPlcHdr"), NS_W);
}

static void walk_inline(docx_w *w, xmlNode *parent, para *pa)
{
    xmlNode *c;

    for (c = parent->children; c != NULL; c = c->next) {
        int ns;
        const char *name;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        ns = docx_ns(c->ns);
        name = (const char *)c->name;
        if (ns == NS_MC && strcmp(name, "AlternateContent") == 0) {
            xmlNode *pick = docx_mc_pick(c);
            if (pick != NULL)
                walk_inline(w, pick, pa);
        } else if (ns == NS_M) {
            if (strcmp(name, "t") == 0) {
                GString *s = g_string_new(NULL);
                docx_text_of(c, s);
                if (!docx_fld_hidden(w))
                    para_text(pa, s->str, s->len, pa->size, SYM_NONE);
                g_string_free(s, TRUE);
            } else {
                walk_inline(w, c, pa);
            }
        } else if (ns != NS_W) {
            continue;
        } else if (strcmp(name, "r") == 0) {
            walk_run(w, c, pa);
        } else if (strcmp(name, "sdt") == 0) {
            if (!docx_sdt_skip(pa, c)) {
                xmlNode *sc = docx_child(c, NS_W, "sdtContent");
                if (sc != NULL)
                    walk_inline(w, sc, pa);
            }
        } else if (strcmp(name, "hyperlink") == 0 || strcmp(name, "ins") == 0 ||
                   strcmp(name, "moveTo") == 0 || strcmp(name, "smartTag") == 0 ||
                   strcmp(name, "customXml") == 0 || strcmp(name, "fldSimple") == 0 ||
                   strcmp(name, "dir") == 0 || strcmp(name, "bdo") == 0 ||
                   strcmp(name, "sdtContent") == 0) {
            walk_inline(w, c, pa);
        }
        /* w:del and w:moveFrom: deleted text, not on the page */
    }
}

static void docx_nabs_free(gpointer p)
{
    nabs *a = p;
    int i;

    for (i = 0; i < 9; i++)
        g_free(a->lv[i].text);
    g_free(a);
}

static int docx_numfmt(const char *v)
{
    if (v == NULL || strcmp(v, "decimal") == 0)
        return NF_DECIMAL;
    if (strcmp(v, "decimalZero") == 0)
        return NF_DECIMAL_ZERO;
    if (strcmp(v, "lowerLetter") == 0)
        return NF_LOWER_LETTER;
    if (strcmp(v, "upperLetter") == 0)
        return NF_UPPER_LETTER;
    if (strcmp(v, "lowerRoman") == 0)
        return NF_LOWER_ROMAN;
    if (strcmp(v, "upperRoman") == 0)
        return NF_UPPER_ROMAN;
    if (strcmp(v, "bullet") == 0)
        return NF_BULLET;
    if (strcmp(v, "none") == 0)
        return NF_NONE;
    return NF_DECIMAL;
}

static int docx_load_numbering(docx_w *w, const char *name)
{
    int bad = 0;
    xmlDoc *doc = docx_parse(w, name, 0, &bad);
    xmlNode *root, *c, *l;

    if (doc == NULL)
        return bad ? -1 : 0;
    root = xmlDocGetRootElement(doc);
    for (c = root->children; c != NULL; c = c->next) {
        const char *id = docx_attr(c, NS_W, "abstractNumId");
        nabs *a;
        int i;
        if (!docx_is(c, NS_W, "abstractNum") || id == NULL ||
            g_hash_table_contains(w->nabs, id))
            continue;
        a = g_new0(nabs, 1);
        for (i = 0; i < 9; i++) {
            a->lv[i].start = 1;
            a->lv[i].indl = a->lv[i].indf = NAN;
        }
        for (l = c->children; l != NULL; l = l->next) {
            double lv = docx_num(docx_attr(l, NS_W, "ilvl"), 1, -1);
            nlvl *v;
            xmlNode *x;
            const char *sf;
            if (!docx_is(l, NS_W, "lvl") || !(lv >= 0 && lv <= 8))
                continue;
            v = &a->lv[(int)lv];
            v->start = (int)CLAMP(docx_num(docx_val(docx_child(l, NS_W, "start")), 1, 1), 0, 1e6);
            v->fmt = docx_numfmt(docx_val(docx_child(l, NS_W, "numFmt")));
            g_free(v->text);
            v->text = g_strdup(docx_val(docx_child(l, NS_W, "lvlText")));
            sf = docx_val(docx_child(l, NS_W, "suff"));
            v->suff = sf == NULL || strcmp(sf, "tab") == 0 ? 0
                      : strcmp(sf, "space") == 0 ? 1 : 2;
            x = docx_child(docx_child(l, NS_W, "rPr"), NS_W, "rFonts");
            if (x != NULL)
                v->sym = docx_sym_font(docx_attr(x, NS_W, "ascii"));
            x = docx_child(l, NS_W, "pPr");
            if (x != NULL) {
                dprops d;
                dprops_unset(&d);
                docx_read_ppr(x, &d);
                v->indl = d.indl;
                v->indf = d.indf;
            }
        }
        g_hash_table_insert(w->nabs, g_strdup(id), a);
    }
    for (c = root->children; c != NULL; c = c->next) {
        const char *id = docx_attr(c, NS_W, "numId");
        const nabs *a;
        nnum *n;
        int i;
        if (!docx_is(c, NS_W, "num") || id == NULL ||
            g_hash_table_contains(w->nums, id))
            continue;
        a = g_hash_table_lookup(w->nabs,
                                docx_val(docx_child(c, NS_W, "abstractNumId")) ?
                                docx_val(docx_child(c, NS_W, "abstractNumId")) : "");
        if (a == NULL)
            continue;
        n = g_new0(nnum, 1);
        n->abs = a;
        for (i = 0; i < 9; i++)
            n->start[i] = -1;
        for (l = c->children; l != NULL; l = l->next) {
            double lv = docx_num(docx_attr(l, NS_W, "ilvl"), 1, -1);
            xmlNode *so = docx_child(l, NS_W, "startOverride");
            if (docx_is(l, NS_W, "lvlOverride") && lv >= 0 && lv <= 8 && so != NULL)
                n->start[(int)lv] = (int)CLAMP(docx_num(docx_val(so), 1, 1), 0, 1e6);
        }
        g_hash_table_insert(w->nums, g_strdup(id), n);
    }
    xmlFreeDoc(doc);
    return 0;
}

/* n in a list format, appended to s. */
static void docx_numfmt_append(GString *s, int fmt, long n)
{
    static const char *const rn[] = {"m", "cm", "d", "cd", "c", "xc", "l",
                                     "xl", "x", "ix", "v", "iv", "i"};
    static const int rv[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    int i;

    switch (fmt) {
    case NF_DECIMAL_ZERO:
        g_string_append_printf(s, "%02ld", n);
        break;
    case NF_LOWER_LETTER:
    case NF_UPPER_LETTER:
        if (n < 1) {
            g_string_append_printf(s, "%ld", n);
            break;
        }
        /* Word's letters: a..z, then aa..zz */
        for (i = 0; i <= (int)((n - 1) / 26) && i < 20; i++)
            g_string_append_c(s, (char)((fmt == NF_LOWER_LETTER ? 'a' : 'A') + (n - 1) % 26));
        break;
    case NF_LOWER_ROMAN:
    case NF_UPPER_ROMAN:
        if (n < 1 || n > 3999) {
            g_string_append_printf(s, "%ld", n);
            break;
        }
        for (i = 0; i < 13; i++)
            while (n >= rv[i]) {
                const char *p;
                for (p = rn[i]; *p; p++)
                    g_string_append_c(s, fmt == NF_LOWER_ROMAN ? *p : g_ascii_toupper(*p));
                n -= rv[i];
            }
        break;
    case NF_NONE:
    case NF_BULLET:
        break;
    default:
        g_string_append_printf(s, "%ld", n);
        break;
    }
}

/* The number (or bullet) a list paragraph shows, then its tab or space:
 * Word draws it, the text has none. */
static void docx_list_marker(docx_w *w, para *pa, int numid, int ilvl)
{
    char key[16];
    nnum *n;
    const nlvl *v;
    GString *m;
    const char *t;
    int i;

    snprintf(key, sizeof key, "%d", numid);
    n = g_hash_table_lookup(w->nums, key);
    if (n == NULL || ilvl < 0 || ilvl > 8)
        return;
    v = &n->abs->lv[ilvl];
    if (!n->used[ilvl])
        n->cnt[ilvl] = n->start[ilvl] >= 0 ? n->start[ilvl] : v->start;
    else if (n->cnt[ilvl] < 1000000)
        n->cnt[ilvl]++;
    n->used[ilvl] = 1;
    for (i = ilvl + 1; i < 9; i++)
        n->used[i] = 0;
    m = g_string_new(NULL);
    if (v->fmt == NF_BULLET) {
        uint32_t c = 0;
        if (v->text != NULL && *v->text != '\0')
            euc_utf8_decode(v->text, strlen(v->text), &c);
        if (v->sym != SYM_NONE || (c >= 0xE000 && c < 0xF900) || c < 0x21)
            g_string_append(m, "\xe2\x80\xa2"); /* a bullet, whatever the font draws */
        else
            g_string_append_unichar(m, c);
    } else {
        for (t = v->text ? v->text : ""; *t; t++) {
            if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
                int k = t[1] - '1';
                const nlvl *kv = &n->abs->lv[k];
                long val = n->used[k] ? n->cnt[k]
                           : n->start[k] >= 0 ? n->start[k] : kv->start;
                docx_numfmt_append(m, kv->fmt == NF_BULLET ? NF_DECIMAL : kv->fmt, val);
                t++;
            } else {
                g_string_append_c(m, *t);
            }
        }
    }
    if (m->len > 0) {
        para_text(pa, m->str, m->len, pa->size, SYM_NONE);
        if (v->suff == 0)
            para_push(pa, IT_TAB, 0, 0, pa->size);
        else if (v->suff == 1)
            para_text(pa, " ", 1, pa->size, SYM_NONE);
    }
    g_string_free(m, TRUE);
}

/* The indent a list level gives, where the paragraph sets none itself. */
static void docx_list_indent(docx_w *w, int numid, int ilvl, dprops *d)
{
    char key[16];
    const nnum *n;

    snprintf(key, sizeof key, "%d", numid);
    n = g_hash_table_lookup(w->nums, key);
    if (n == NULL || ilvl < 0 || ilvl > 8)
        return;
    if (!isnan(n->abs->lv[ilvl].indl))
        d->indl = n->abs->lv[ilvl].indl;
    if (!isnan(n->abs->lv[ilvl].indf))
        d->indf = n->abs->lv[ilvl].indf;
}

/* --- paragraphs: items into lines --------------------------------------- */

typedef struct ptab {
    double pos;
    int kind; /* 0 left, 1 centre, 2 right or decimal */
} ptab;

typedef struct pgeom {
    double origin, left, first, right; /* first: where the first line starts */
    int jc;
    double before, after;
    int rule;
    double line;
    double lf; /* single line height in ems of the paragraph's font */
    ptab tabs[DOCX_MAX_TABS];
    int ntabs;
} pgeom;

typedef struct lcum {
    gsize end; /* byte offset in lstate.cur just past the character */
    double x;  /* width up to and with it */
    int cjk;
} lcum;

typedef struct lstate {
    docx_w *w;
    lblock *b;
    const pgeom *g;
    const para *pa;
    double x, lsize, limgh;
    int nlines, has_tab, line_has;
    guint w0, i0;
    GString *cur; /* the word being read */
    GArray *cum;  /* lcum per character of cur */
    double csize;
} lstate;

/* Helvetica's advance widths (thousandths of an em), space to tilde. */
static const unsigned short docx_helv[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,
    278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278,
    584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
    500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
    667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556,
    278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
};

/* A character's width in ems, in a font of the width class. */
static double docx_char_w(gunichar c, int font)
{
    double wd;

    if (c >= 0x300 && c < 0x370)
        return 0;
    if (euc_utf8_width(c) == 2)
        return 1.0;
    if (font == FONT_MONO)
        return 0.6;
    if (c >= 0x20 && c < 0x7F)
        wd = docx_helv[c - 0x20] / 1000.0;
    else if (g_unichar_isupper(c))
        wd = 0.7;
    else
        wd = 0.55;
    return font == FONT_NARROW ? wd * 0.9 : wd;
}

/* A space's width in ems; 0 for a character that is not a space. */
static double docx_space_w(gunichar c, int font)
{
    if (c == ' ' || c == 0xA0 || c == 0x202F || c == 0x205F)
        return font == FONT_MONO ? 0.6 : font == FONT_NARROW ? 0.25 : 0.278;
    if (c == 0x2002)
        return 0.5;
    if (c == 0x2003 || c == 0x3000)
        return 1.0;
    if (c >= 0x2004 && c <= 0x200A)
        return 0.2;
    return 0;
}

static double docx_line_h(const pgeom *g, double size)
{
    double h = g->lf * size;

    if (g->rule == 0)
        h *= g->line;
    else if (g->rule == 1)
        h = g->line;
    else if (g->rule == 2 && h < g->line)
        h = g->line;
    return h < 1 ? 1 : h;
}

static void ls_end_line(lstate *s)
{
    lblock *b = s->b;
    double size = s->lsize > 0 ? s->lsize : s->pa->size;
    lline l;
    guint i;

    memset(&l, 0, sizeof l);
    l.w0 = s->w0;
    l.nw = b->words->len - s->w0;
    l.i0 = s->i0;
    l.ni = b->imgs->len - s->i0;
    l.desc = 0.22 * size;
    l.h = docx_line_h(s->g, size);
    if (s->limgh > 0 && s->limgh + l.desc > l.h)
        l.h = s->limgh + l.desc;
    l.before = s->nlines == 0 ? s->g->before : 0;
    l.brk = b->pending_brk;
    b->pending_brk = 0;
    /* centred and right-aligned lines, but for one laid out with tabs */
    if (s->g->jc > 0 && !s->has_tab && (l.nw > 0 || l.ni > 0)) {
        double right = s->g->left, shift;
        for (i = 0; i < l.nw; i++) {
            lword *lw = &g_array_index(b->words, lword, l.w0 + i);
            if (lw->x1 > right)
                right = lw->x1;
        }
        for (i = 0; i < l.ni; i++) {
            limg *im = &g_array_index(b->imgs, limg, l.i0 + i);
            if (!im->anchored && im->x0 + im->w > right)
                right = im->x0 + im->w;
        }
        shift = s->g->right - right;
        if (s->g->jc == 1)
            shift /= 2;
        if (shift > 0) {
            for (i = 0; i < l.nw; i++) {
                lword *lw = &g_array_index(b->words, lword, l.w0 + i);
                lw->x0 += shift;
                lw->x1 += shift;
            }
            for (i = 0; i < l.ni; i++) {
                limg *im = &g_array_index(b->imgs, limg, l.i0 + i);
                if (!im->anchored)
                    im->x0 += shift;
            }
        }
    }
    g_array_append_val(b->lines, l);
    s->nlines++;
    s->x = s->g->left;
    s->lsize = s->limgh = 0;
    s->has_tab = s->line_has = 0;
    s->w0 = b->words->len;
    s->i0 = b->imgs->len;
}

static void ls_place(lstate *s, const char *t, gsize n, double wd, double size)
{
    lword lw;

    lw.off = s->w->text->len;
    lw.len = n;
    lw.x0 = s->x;
    lw.x1 = s->x + wd;
    lw.size = size;
    g_string_append_len(s->w->text, t, (gssize)n);
    g_array_append_val(s->b->words, lw);
    s->x += wd;
    if (size > s->lsize)
        s->lsize = size;
    s->line_has = 1;
}

/* Places the word read so far: on this line when it fits, else on the
 * next.  CJK text (no spaces to break at) is cut at any character, as Word
 * does; a word wider than a whole line only where it would run off the
 * page. */
static void ls_flush(lstate *s)
{
    guint at = 0, nch = s->cum->len;
    double base = 0;
    gsize boff = 0;

    while (at < nch) {
        const lcum *last = &g_array_index(s->cum, lcum, nch - 1);
        double avail = s->g->right - s->x, ww = last->x - base;
        guint k = 0;
        if (ww <= avail + 0.01) {
            ls_place(s, s->cur->str + boff, last->end - boff, ww, s->csize);
            break;
        }
        while (at + k < nch &&
               g_array_index(s->cum, lcum, at + k).x - base <= avail + 0.01)
            k++;
        if (s->line_has && !(k > 0 && g_array_index(s->cum, lcum, at).cjk)) {
            ls_end_line(s);
            continue;
        }
        /* A word wider than its column (a narrow cell, a long number) is
         * kept whole where the page has room: cut, it would read as two
         * words.  CJK text has no spaces and is cut anyway. */
        if (!g_array_index(s->cum, lcum, at).cjk && s->x + ww <= s->w->pw) {
            ls_place(s, s->cur->str + boff, last->end - boff, ww, s->csize);
            break;
        }
        if (k == 0)
            k = 1;
        {
            const lcum *c = &g_array_index(s->cum, lcum, at + k - 1);
            ls_place(s, s->cur->str + boff, c->end - boff, c->x - base, s->csize);
            boff = c->end;
            base = c->x;
        }
        at += k;
        ls_end_line(s);
    }
    g_string_truncate(s->cur, 0);
    g_array_set_size(s->cum, 0);
    s->csize = 0;
}

static void ls_char(lstate *s, const char *p, size_t k, gunichar c, double size,
                    int font)
{
    lcum cu;
    double prev = s->cum->len ? g_array_index(s->cum, lcum, s->cum->len - 1).x : 0;

    g_string_append_len(s->cur, p, (gssize)k);
    cu.end = s->cur->len;
    cu.x = prev + docx_char_w(c, font) * size;
    cu.cjk = euc_utf8_width(c) == 2;
    g_array_append_val(s->cum, cu);
    if (size > s->csize)
        s->csize = size;
}

static double docx_text_w(const char *t, size_t n, double size, int font)
{
    size_t i = 0;
    double wd = 0;

    while (i < n) {
        uint32_t c;
        size_t k = euc_utf8_decode(t + i, n - i, &c);
        double sp = docx_space_w(c, font);
        wd += (sp > 0 ? sp : docx_char_w(c, font)) * size;
        i += k;
    }
    return wd;
}

/* Width of what follows item i up to the next tab or break: a right or
 * centred tab stop places it. */
static double ls_segment(const lstate *s, guint i)
{
    double wd = 0;

    for (; i < s->pa->items->len; i++) {
        const pitem *it = &g_array_index(s->pa->items, pitem, i);
        if (it->kind == IT_TAB || it->kind == IT_BR || it->kind == IT_PAGE)
            break;
        if (it->kind == IT_TEXT || it->kind == IT_ATOM)
            wd += docx_text_w(s->pa->text->str + it->off, it->len, it->size,
                              it->font);
        else if (it->kind == IT_IMG && !it->img.anchored)
            wd += it->img.w;
    }
    return wd;
}

static void ls_tab(lstate *s, guint i)
{
    double x, stop = -1, step = s->w->tabstep;
    int kind = 0, t;

    ls_flush(s);
    x = s->x;
    /* a hanging indent is a tab stop: a list number's text starts there */
    if (x + 3 <= s->g->left && s->g->ntabs == 0) {
        s->x = s->g->left;
        s->has_tab = s->line_has = 1;
        return;
    }
    for (t = 0; t < s->g->ntabs; t++) {
        double at = s->g->origin + s->g->tabs[t].pos;
        if (at >= x + DOCX_TAB_MIN) {
            stop = at;
            kind = s->g->tabs[t].kind;
            break;
        }
    }
    if (stop < 0)
        stop = s->g->origin + ceil((x + DOCX_TAB_MIN - s->g->origin) / step) * step;
    if (stop > s->g->right) {
        kind = 0;
        stop = x + DOCX_TAB_MIN;
        if (stop >= s->g->right) {
            ls_end_line(s);
            return;
        }
    }
    if (kind != 0) {
        double seg = ls_segment(s, i + 1);
        stop -= kind == 1 ? seg / 2 : seg;
        if (stop < x + DOCX_TAB_MIN)
            stop = x + DOCX_TAB_MIN;
    }
    s->x = stop;
    s->has_tab = s->line_has = 1;
}

static void ls_text(lstate *s, const char *t, size_t n, double size, int font)
{
    size_t i = 0;

    while (i < n) {
        uint32_t c;
        size_t k = euc_utf8_decode(t + i, n - i, &c);
        double sp = docx_space_w(c, font);
        if (sp > 0) {
            ls_flush(s);
            s->x += sp * size;
        } else if (c == 0x200B) {
            ls_flush(s); /* a break opportunity, no space */
        } else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD ||
                   c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF) {
            /* nothing on the page */
        } else {
            ls_char(s, t + i, k, c, size, font);
        }
        i += k;
    }
}

/* Lays the paragraph's items out as lines of b. */
static void docx_layout_para(docx_w *w, const para *pa, const pgeom *g,
                             lblock *b, int top)
{
    lstate s;
    guint i;
    int last_br = 0, broke = 0;

    memset(&s, 0, sizeof s);
    s.w = w;
    s.b = b;
    s.g = g;
    s.pa = pa;
    s.x = g->first;
    s.w0 = b->words->len;
    s.i0 = b->imgs->len;
    s.cur = g_string_new(NULL);
    s.cum = g_array_new(FALSE, FALSE, sizeof(lcum));
    for (i = 0; i < pa->items->len; i++) {
        const pitem *it = &g_array_index(pa->items, pitem, i);
        last_br = 0;
        switch (it->kind) {
        case IT_TEXT:
            ls_text(&s, pa->text->str + it->off, it->len, it->size, it->font);
            break;
        case IT_TAB:
            ls_tab(&s, i);
            break;
        case IT_BR:
            ls_flush(&s);
            ls_end_line(&s);
            last_br = 1;
            break;
        case IT_PAGE:
            ls_flush(&s);
            if (top) {
                if (s.line_has)
                    ls_end_line(&s);
                b->pending_brk = 1;
                broke = 1;
            } else {
                /* no page break inside a cell or a text box: a line one */
                ls_end_line(&s);
                last_br = 1;
            }
            break;
        case IT_ATOM: {
            double wd = docx_text_w(pa->text->str + it->off, it->len, it->size,
                                    it->font);
            ls_flush(&s);
            if (s.line_has && s.x + wd > g->right)
                ls_end_line(&s);
            ls_place(&s, pa->text->str + it->off, it->len, wd, it->size);
            break;
        }
        case IT_IMG: {
            limg im = it->img;
            ls_flush(&s);
            if (!im.anchored) {
                if (s.line_has && s.x + im.w > g->right)
                    ls_end_line(&s);
                if (im.w > g->right - g->left && g->right > g->left) {
                    double f = (g->right - g->left) / im.w;
                    im.w *= f;
                    im.h *= f;
                }
                if (im.h > w->ph - w->mt - w->mb) {
                    double f = (w->ph - w->mt - w->mb) / im.h;
                    im.w *= f;
                    im.h *= f;
                }
                im.x0 = s.x;
                s.x += im.w;
                if (im.h > s.limgh)
                    s.limgh = im.h;
                s.line_has = 1;
            }
            g_array_append_val(b->imgs, im);
            break;
        }
        default:
            break;
        }
    }
    ls_flush(&s);
    /* The paragraph mark's line: an empty paragraph is a blank line, and so
     * is what follows a line break; after a page break it is not shown. */
    if (s.line_has || last_br || (s.nlines == 0 && !broke) ||
        b->imgs->len > s.i0)
        ls_end_line(&s);
    if (s.nlines > 0)
        g_array_index(b->lines, lline, b->lines->len - 1).after = g->after;
    g_string_free(s.cur, TRUE);
    g_array_free(s.cum, TRUE);
}

static void docx_para_geom(docx_w *w, xmlNode *ppr, double left, double right,
                           int incell, pgeom *g, double *size, int *font,
                           int *pbb, int *sect, int *numid, int *ilvl)
{
    dprops d, list;
    xmlNode *n;
    int own_ind;

    dprops_unset(&d);
    memset(g, 0, sizeof *g);
    *sect = 0;
    if (ppr != NULL) {
        xmlNode *sp;
        docx_read_ppr(ppr, &d);
        n = docx_child(ppr, NS_W, "tabs");
        for (n = n ? n->children : NULL; n != NULL; n = n->next) {
            const char *v = docx_val(n);
            ptab t;
            int k;
            if (!docx_is(n, NS_W, "tab") || g->ntabs >= DOCX_MAX_TABS ||
                (v != NULL && (strcmp(v, "clear") == 0 || strcmp(v, "bar") == 0)))
                continue;
            t.pos = docx_num(docx_attr(n, NS_W, "pos"), DOCX_TWIP, -1);
            if (t.pos < 0)
                continue;
            t.kind = v == NULL ? 0
                     : strcmp(v, "center") == 0 ? 1
                     : strcmp(v, "right") == 0 || strcmp(v, "end") == 0 ||
                       strcmp(v, "decimal") == 0 ? 2 : 0;
            for (k = g->ntabs; k > 0 && g->tabs[k - 1].pos > t.pos; k--)
                g->tabs[k] = g->tabs[k - 1];
            g->tabs[k] = t;
            g->ntabs++;
        }
        sp = docx_child(ppr, NS_W, "sectPr");
        if (sp != NULL) {
            const char *t = docx_val(docx_child(sp, NS_W, "type"));
            *sect = t == NULL || !(strcmp(t, "continuous") == 0 ||
                                   strcmp(t, "nextColumn") == 0);
        }
    }
    /* Inside a table Word's table styles take the paragraph spacing away
     * (Table Grid): only what the paragraph sets itself counts. */
    if (incell) {
        if (isnan(d.before))
            d.before = 0;
        if (isnan(d.after))
            d.after = 0;
        if (d.rule < 0) {
            d.rule = 0;
            d.line = 1;
        }
    }
    own_ind = !isnan(d.indl) || !isnan(d.indf);
    docx_style_fill(w, ppr ? docx_val(docx_child(ppr, NS_W, "pStyle")) : NULL, &d);
    if (ppr == NULL || docx_child(ppr, NS_W, "pStyle") == NULL)
        docx_style_fill(w, w->def_pstyle, &d);
    dprops_fill(&d, &w->defaults);
    *numid = d.numid > 0 ? d.numid : 0;
    *ilvl = d.ilvl < 0 ? 0 : d.ilvl;
    /* a list level's indent beats the style's, not the paragraph's own */
    if (*numid > 0 && !own_ind) {
        list = d;
        docx_list_indent(w, *numid, *ilvl, &list);
        d.indl = list.indl;
        d.indf = list.indf;
    }
    *size = isnan(d.size) || d.size < 1 || d.size > 200 ? 11 : d.size;
    *font = d.font < 0 ? FONT_NARROW : d.font;
    g->before = isnan(d.before) ? 0 : CLAMP(d.before, 0, 144);
    g->after = isnan(d.after) ? 0 : CLAMP(d.after, 0, 144);
    g->rule = d.rule < 0 || isnan(d.line) ? 0 : d.rule;
    g->line = d.rule < 0 || isnan(d.line) ? 1 : d.line;
    if (g->rule == 0)
        g->line = CLAMP(g->line, 0.5, 5);
    else
        g->line = CLAMP(g->line, 1, 400);
    g->jc = d.jc < 0 ? 0 : d.jc;
    *pbb = d.pbb > 0;
    g->origin = left;
    g->left = left + (isnan(d.indl) ? 0 : d.indl);
    g->right = right - (isnan(d.indr) ? 0 : d.indr);
    if (g->left < 0)
        g->left = 0;
    if (g->right > w->pw)
        g->right = w->pw;
    if (g->right < g->left + 24)
        g->right = g->left + 24;
    g->first = g->left + (isnan(d.indf) ? 0 : d.indf);
    g->first = CLAMP(g->first, 0, g->right - 12);
}

static void walk_blocks(docx_w *w, xmlNode *parent, lblock *b, double left,
                        double right, int top);

static void walk_para(docx_w *w, xmlNode *p, lblock *b, double left,
                      double right, int top)
{
    para pa;
    pgeom g;
    int pbb = 0, sect = 0, numid = 0, ilvl = 0;
    guint i;

    pa.items = g_array_new(FALSE, FALSE, sizeof(pitem));
    pa.text = g_string_new(NULL);
    pa.boxes = g_ptr_array_new();
    pa.incell = w->tdepth > 0;
    docx_para_geom(w, docx_child(p, NS_W, "pPr"), left, right, pa.incell, &g,
                   &pa.size, &pa.pfont, &pbb, &sect, &numid, &ilvl);
    pa.font = pa.pfont;
    /* ascent plus descent: Arial's and Times's 1.15 em, Calibri's 1.22 */
    g.lf = pa.pfont == FONT_SANS ? 1.15 : pa.pfont == FONT_MONO ? 1.13 : 1.2;
    if (pbb && top)
        b->pending_brk = 1;
    if (numid > 0)
        docx_list_marker(w, &pa, numid, ilvl);
    walk_inline(w, p, &pa);
    docx_layout_para(w, &pa, &g, b, top);
    if (sect && top)
        b->pending_brk = 1;
    /* text boxes after their paragraph, in the same column */
    for (i = 0; i < pa.boxes->len; i++)
        walk_blocks(w, g_ptr_array_index(pa.boxes, i), b, left, right, 0);
    g_array_free(pa.items, TRUE);
    g_string_free(pa.text, TRUE);
    g_ptr_array_free(pa.boxes, TRUE);
}

/* --- tables ------------------------------------------------------------ */

/* The elements ns:name among n's children, looking through the wrappers a
 * row or a cell may sit in (content controls, custom XML). */
static void docx_collect(xmlNode *n, const char *name, GPtrArray *out)
{
    xmlNode *c;

    for (c = n->children; c != NULL; c = c->next) {
        if (docx_is(c, NS_W, name)) {
            g_ptr_array_add(out, c);
        } else if (docx_is(c, NS_W, "sdt")) {
            xmlNode *sc = docx_child(c, NS_W, "sdtContent");
            if (sc != NULL)
                docx_collect(sc, name, out);
        } else if (docx_is(c, NS_W, "customXml")) {
            docx_collect(c, name, out);
        } else if (docx_is(c, NS_MC, "AlternateContent")) {
            xmlNode *pick = docx_mc_pick(c);
            if (pick != NULL)
                docx_collect(pick, name, out);
        }
    }
}

static int docx_span(xmlNode *tc)
{
    xmlNode *gs = docx_child(docx_child(tc, NS_W, "tcPr"), NS_W, "gridSpan");
    double v = docx_num(docx_val(gs), 1, 1);

    return v >= 1 && v <= 64 ? (int)v : 1;
}

static int docx_grid_before(xmlNode *tr)
{
    xmlNode *gb = docx_child(docx_child(tr, NS_W, "trPr"), NS_W, "gridBefore");
    double v = docx_num(docx_val(gb), 1, 0);

    return v >= 0 && v <= 64 ? (int)v : 0;
}

/* Appends a row's cells (each a block laid out in its column) to b: line
 * k of the row holds line k of every cell. */
static void docx_merge_row(docx_w *w, lblock *b, lblock *cells, guint n)
{
    guint k, c, nl = 0;

    for (c = 0; c < n; c++)
        if (cells[c].lines->len > nl)
            nl = cells[c].lines->len;
    for (k = 0; k < nl || (k == 0 && nl == 0); k++) {
        lline l;
        memset(&l, 0, sizeof l);
        l.w0 = b->words->len;
        l.i0 = b->imgs->len;
        l.h = 1.25 * (isnan(w->defaults.size) ? 11 : w->defaults.size);
        l.desc = 0.22 * l.h / 1.25;
        if (nl > 0)
            l.h = l.desc = 0;
        for (c = 0; c < n; c++) {
            lblock *cb = &cells[c];
            const lline *cl;
            double extra;
            if (k >= cb->lines->len)
                continue;
            cl = &g_array_index(cb->lines, lline, k);
            g_array_append_vals(b->words, &g_array_index(cb->words, lword, cl->w0), cl->nw);
            g_array_append_vals(b->imgs, &g_array_index(cb->imgs, limg, cl->i0), cl->ni);
            if (cl->h > l.h)
                l.h = cl->h;
            if (cl->desc > l.desc)
                l.desc = cl->desc;
            extra = k > 0 ? cl->before + g_array_index(cb->lines, lline, k - 1).after : 0;
            if (extra > l.before)
                l.before = extra;
        }
        l.nw = b->words->len - l.w0;
        l.ni = b->imgs->len - l.i0;
        if (k == 0) {
            l.brk = b->pending_brk;
            b->pending_brk = 0;
        }
        g_array_append_val(b->lines, l);
    }
}

static void walk_table(docx_w *w, xmlNode *tbl, lblock *b, double left,
                       double right)
{
    GPtrArray *rows = g_ptr_array_new(), *cells = g_ptr_array_new();
    GArray *grid = g_array_new(FALSE, FALSE, sizeof(double));
    xmlNode *n, *tblpr = docx_child(tbl, NS_W, "tblPr");
    double *colx = NULL, total = 0, limit, scale = 1, ind;
    guint r, c, ncols = 0;

    docx_collect(tbl, "tr", rows);
    if (w->tdepth >= DOCX_MAX_TABLE_DEPTH) {
        /* too deep to lay out: its cells one after the other */
        for (r = 0; r < rows->len; r++) {
            g_ptr_array_set_size(cells, 0);
            docx_collect(g_ptr_array_index(rows, r), "tc", cells);
            for (c = 0; c < cells->len; c++)
                walk_blocks(w, g_ptr_array_index(cells, c), b, left, right, 0);
        }
        goto cleanup;
    }
    for (n = docx_child(docx_child(tbl, NS_W, "tblGrid"), NS_W, "gridCol");
         n != NULL; n = n->next) {
        double v;
        if (!docx_is(n, NS_W, "gridCol"))
            continue;
        v = docx_num(docx_attr(n, NS_W, "w"), DOCX_TWIP, 0);
        if (v < 0)
            v = 0;
        g_array_append_val(grid, v);
        total += v;
        if (grid->len >= 1000)
            break;
    }
    for (r = 0; r < rows->len; r++) {
        guint k = (guint)docx_grid_before(g_ptr_array_index(rows, r));
        g_ptr_array_set_size(cells, 0);
        docx_collect(g_ptr_array_index(rows, r), "tc", cells);
        for (c = 0; c < cells->len; c++)
            k += (guint)docx_span(g_ptr_array_index(cells, c));
        if (k > ncols)
            ncols = k;
    }
    if (ncols > 1000)
        ncols = 1000;
    if (total < 1) {
        double each = ncols ? (right - left) / ncols : 0;
        g_array_set_size(grid, 0);
        total = 0;
        for (c = 0; c < ncols; c++) {
            g_array_append_val(grid, each);
            total += each;
        }
    } else {
        double avg = total / grid->len;
        while (grid->len < ncols) {
            g_array_append_val(grid, avg);
            total += avg;
        }
    }
    ind = docx_num(docx_attr(docx_child(tblpr, NS_W, "tblInd"), NS_W, "w"),
                   DOCX_TWIP, 0);
    ind = CLAMP(ind, -(left), (right - left) / 2);
    /* A table may reach into the right margin, not off the page; a nested
     * one keeps to its cell. */
    limit = w->tdepth == 0 ? w->pw - (left + ind) - 18 : right - left;
    if (limit < 24)
        limit = 24;
    if (total > limit)
        scale = limit / total;
    colx = g_new(double, grid->len + 1);
    colx[0] = left + ind;
    for (c = 0; c < grid->len; c++)
        colx[c + 1] = colx[c] + g_array_index(grid, double, c) * scale;
    for (r = 0; r < rows->len; r++) {
        xmlNode *tr = g_ptr_array_index(rows, r);
        guint col = (guint)docx_grid_before(tr), nc;
        lblock *cb;
        if (docx_child(docx_child(tr, NS_W, "trPr"), NS_W, "del") != NULL)
            continue; /* a deleted row */
        g_ptr_array_set_size(cells, 0);
        docx_collect(tr, "tc", cells);
        nc = cells->len;
        cb = g_new0(lblock, nc ? nc : 1);
        for (c = 0; c < nc; c++) {
            guint span = (guint)docx_span(g_ptr_array_index(cells, c));
            guint c0 = MIN(col, grid->len), c1 = MIN(col + span, grid->len);
            double x0 = colx[c0] + DOCX_CELL_PAD, x1 = colx[c1] - DOCX_CELL_PAD;
            if (x1 < x0 + 6)
                x1 = x0 + 6;
            lblock_init(&cb[c]);
            w->tdepth++;
            walk_blocks(w, g_ptr_array_index(cells, c), &cb[c], x0, x1, 0);
            w->tdepth--;
            col = c1 > col ? c1 : col + 1;
        }
        docx_merge_row(w, b, cb, nc);
        for (c = 0; c < nc; c++)
            lblock_free(&cb[c]);
        g_free(cb);
    }
cleanup:
    g_free(colx);
    g_array_free(grid, TRUE);
    g_ptr_array_free(rows, TRUE);
    g_ptr_array_free(cells, TRUE);
}

static void walk_blocks(docx_w *w, xmlNode *parent, lblock *b, double left,
                        double right, int top)
{
    xmlNode *c;

    for (c = parent->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (docx_is(c, NS_W, "p")) {
            walk_para(w, c, b, left, right, top);
        } else if (docx_is(c, NS_W, "tbl")) {
            walk_table(w, c, b, left, right);
        } else if (docx_is(c, NS_W, "sdt")) {
            xmlNode *sc = docx_child(c, NS_W, "sdtContent");
            if (sc != NULL && !docx_sdt_skip(NULL, c))
                walk_blocks(w, sc, b, left, right, top);
        } else if (docx_is(c, NS_W, "customXml") || docx_is(c, NS_W, "ins") ||
                   docx_is(c, NS_W, "moveTo") || docx_is(c, NS_W, "sdtContent")) {
            walk_blocks(w, c, b, left, right, top);
        } else if (docx_is(c, NS_MC, "AlternateContent")) {
            xmlNode *pick = docx_mc_pick(c);
            if (pick != NULL)
                walk_blocks(w, pick, b, left, right, top);
        }
    }
}

/* --- pages --------------------------------------------------------------- */

typedef struct pimg {
    guint media;
    euc_box box;
} pimg;

/* Where the layout goes: words into doc (extract), or the pictures of page
 * want into imgs (page image). */
typedef struct docx_out {
    euc_doc *doc;
    euc_page *page;
    size_t want;
    GArray *imgs;
    size_t npages;
    int placed; /* lines on the current page */
} docx_out;

static int docx_new_page(docx_w *w, docx_out *o)
{
    if (o->npages >= DOCX_MAX_PAGES)
        return euc_error_set(w->err, EUC_ERR_TOO_LARGE, "extract", w->path,
                             "refused: the Word document lays out to over "
                             "%d pages", DOCX_MAX_PAGES);
    o->npages++;
    o->placed = 0;
    if (o->doc != NULL) {
        o->page = euc_doc_add_page(o->doc, w->pw, w->ph, EUC_SOURCE_TEXT_LAYER,
                                   DOCX_REASON);
        if (o->page == NULL)
            return euc_error_set(w->err, EUC_ERR_NOMEM, "extract", w->path,
                                 "out of memory");
    }
    return 0;
}

static double docx_anchor_x(const docx_w *w, const limg *im)
{
    double x0 = w->ml, x1 = w->pw - w->mr;

    if (im->href == AH_PAGE) {
        x0 = 0;
        x1 = w->pw;
    } else if (im->href == AH_RMARGIN) {
        x0 = w->pw - w->mr;
        x1 = w->pw;
    }
    if (im->halign == AL_CENTER)
        return (x0 + x1 - im->w) / 2;
    if (im->halign == AL_END)
        return x1 - im->w;
    return x0 + im->ax;
}

static double docx_anchor_y(const docx_w *w, const limg *im, double liney)
{
    double y0 = liney, y1 = liney + im->h;

    if (im->vref == AV_PAGE) {
        y0 = 0;
        y1 = w->ph;
    } else if (im->vref == AV_MARGIN) {
        y0 = w->mt;
        y1 = w->ph - w->mb;
    } else if (im->vref == AV_BMARGIN) {
        y0 = w->ph - w->mb;
        y1 = w->ph;
    }
    if (im->valign == AL_CENTER)
        return (y0 + y1 - im->h) / 2;
    if (im->valign == AL_END)
        return y1 - im->h;
    return y0 + im->ay;
}

static int docx_emit_line(docx_w *w, docx_out *o, const lblock *b,
                          const lline *l, double y)
{
    double base = y + l->h - l->desc;
    guint i;

    if (o->doc != NULL) {
        for (i = 0; i < l->nw; i++) {
            const lword *lw = &g_array_index(b->words, lword, l->w0 + i);
            euc_box box;
            box.x0 = lw->x0;
            box.x1 = lw->x1;
            box.y0 = base - 0.8 * lw->size;
            box.y1 = base + 0.2 * lw->size;
            if (euc_page_add_word(o->page, w->text->str + lw->off, lw->len,
                                  box, 100.0f, i == 0) < 0)
                return euc_error_set(w->err, EUC_ERR_NOMEM, "extract",
                                     w->path, "out of memory");
        }
    }
    if (o->imgs != NULL && o->npages == o->want + 1) {
        for (i = 0; i < l->ni; i++) {
            const limg *im = &g_array_index(b->imgs, limg, l->i0 + i);
            pimg p;
            p.media = im->media;
            if (im->anchored) {
                p.box.x0 = docx_anchor_x(w, im);
                p.box.y0 = docx_anchor_y(w, im, y);
            } else {
                p.box.x0 = im->x0;
                p.box.y0 = base - im->h;
            }
            p.box.x0 = CLAMP(p.box.x0, 0, w->pw - im->w);
            p.box.y0 = CLAMP(p.box.y0, 0, w->ph - im->h);
            p.box.x1 = p.box.x0 + im->w;
            p.box.y1 = p.box.y0 + im->h;
            g_array_append_val(o->imgs, p);
        }
    }
    o->placed++;
    return 0;
}

/* Header lines from the header distance, body lines from the top margin
 * down, a new page at a break or the bottom margin, the footer at the
 * foot of the last page (or after the body when that is lower). */
static int docx_paginate(docx_w *w, docx_out *o, const lblock *hb,
                         const lblock *bb, const lblock *fb)
{
    double y = w->mhdr, fh = 0;
    guint i;

    if (docx_new_page(w, o) < 0)
        return -1;
    for (i = 0; i < hb->lines->len; i++) {
        const lline *l = &g_array_index(hb->lines, lline, i);
        y += l->before;
        if (docx_emit_line(w, o, hb, l, y) < 0)
            return -1;
        y += l->h + l->after;
    }
    y = hb->lines->len > 0 && y + 6 > w->mt ? y + 6 : w->mt;
    o->placed = 0;
    for (i = 0; i < bb->lines->len; i++) {
        const lline *l = &g_array_index(bb->lines, lline, i);
        /* (a break before anything on the page makes no blank page) */
        if (o->placed > 0 && (l->brk || y + l->before + l->h > w->ph - w->mb)) {
            if (docx_new_page(w, o) < 0)
                return -1;
            y = w->mt;
        }
        if (o->placed > 0)
            y += l->before;
        if (docx_emit_line(w, o, bb, l, y) < 0)
            return -1;
        y += l->h + l->after;
    }
    for (i = 0; i < fb->lines->len; i++) {
        const lline *l = &g_array_index(fb->lines, lline, i);
        fh += l->before + l->h + l->after;
    }
    if (fb->lines->len > 0) {
        if (y + 6 <= w->ph - w->mftr - fh)
            y = w->ph - w->mftr - fh;
        else if (y + 6 + fh > w->ph) {
            if (docx_new_page(w, o) < 0)
                return -1;
            y = w->mt;
        } else {
            y += 6;
        }
    }
    for (i = 0; i < fb->lines->len; i++) {
        const lline *l = &g_array_index(fb->lines, lline, i);
        y += l->before;
        if (docx_emit_line(w, o, fb, l, y) < 0)
            return -1;
        y += l->h + l->after;
    }
    return 0;
}

/* The section that holds the first page: the first paragraph's section
 * break, else the body's own sectPr. */
static xmlNode *docx_first_sect(xmlNode *body)
{
    xmlNode *c;

    for (c = body->children; c != NULL; c = c->next) {
        if (docx_is(c, NS_W, "p")) {
            xmlNode *s = docx_child(docx_child(c, NS_W, "pPr"), NS_W, "sectPr");
            if (s != NULL)
                return s;
        } else if (docx_is(c, NS_W, "sectPr")) {
            return c;
        }
    }
    return NULL;
}

static void docx_page_geom(docx_w *w, xmlNode *sect)
{
    xmlNode *sz = docx_child(sect, NS_W, "pgSz");
    xmlNode *mar = docx_child(sect, NS_W, "pgMar");

    w->pw = CLAMP(docx_num(docx_attr(sz, NS_W, "w"), DOCX_TWIP, 612), 144, 4000);
    w->ph = CLAMP(docx_num(docx_attr(sz, NS_W, "h"), DOCX_TWIP, 792), 144, 4000);
    w->mt = fabs(docx_num(docx_attr(mar, NS_W, "top"), DOCX_TWIP, 72));
    w->mb = fabs(docx_num(docx_attr(mar, NS_W, "bottom"), DOCX_TWIP, 72));
    w->ml = fabs(docx_num(docx_attr(mar, NS_W, "left"), DOCX_TWIP, 72));
    w->mr = fabs(docx_num(docx_attr(mar, NS_W, "right"), DOCX_TWIP, 72));
    w->mhdr = fabs(docx_num(docx_attr(mar, NS_W, "header"), DOCX_TWIP, 36));
    w->mftr = fabs(docx_num(docx_attr(mar, NS_W, "footer"), DOCX_TWIP, 36));
    /* margins that leave no room to write are a damaged value, not a
     * layout: Word's defaults instead */
    if (w->ml + w->mr > w->pw - 72) {
        w->ml = w->mr = MIN(72, w->pw / 8);
    }
    if (w->mt + w->mb > w->ph - 72) {
        w->mt = w->mb = MIN(72, w->ph / 8);
    }
    w->mhdr = MIN(w->mhdr, w->mt);
    w->mftr = MIN(w->mftr, w->mb);
}

/* The part of the first page's header (or footer): the "first" one when
 * the section has a title page, else the default. */
static const char *docx_hf_part(docx_w *w, xmlNode *sect, const char *what)
{
    const char *want = docx_on(docx_child(sect, NS_W, "titlePg"), NS_W) ? "first" : "default";
    xmlNode *c;

    for (c = sect ? sect->children : NULL; c != NULL; c = c->next) {
        const char *t;
        if (!docx_is(c, NS_W, what))
            continue;
        t = docx_attr(c, NS_W, "type");
        if (strcmp(t ? t : "default", want) == 0)
            return docx_rel_target(w, docx_attr(c, NS_R, "id"));
    }
    return NULL;
}

/* A header or footer part laid out into b, with its own relationships
 * (its pictures). */
static int docx_walk_part(docx_w *w, const char *part, lblock *b)
{
    GHashTable *saved = w->rels, *rels;
    int bad = 0;
    xmlDoc *doc;

    if (part == NULL)
        return 0;
    doc = docx_parse(w, part, 0, &bad);
    if (doc == NULL)
        return bad ? -1 : 0;
    rels = docx_rels(w, part, &bad);
    if (bad) {
        g_hash_table_destroy(rels);
        xmlFreeDoc(doc);
        return -1;
    }
    w->rels = rels;
    w->fdepth = 0;
    walk_blocks(w, xmlDocGetRootElement(doc), b, w->ml, w->pw - w->mr, 0);
    w->rels = saved;
    g_hash_table_destroy(rels);
    xmlFreeDoc(doc);
    return 0;
}

static void docx_w_init(docx_w *w, const char *path, euc_error *err)
{
    memset(w, 0, sizeof *w);
    w->path = path;
    w->err = err;
    w->parts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     docx_bytes_unref);
    w->styles = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      docx_style_free);
    w->text = g_string_new(NULL);
    w->media = g_ptr_array_new_with_free_func(g_free);
    w->media_ix = g_hash_table_new(g_str_hash, g_str_equal);
    w->nabs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    docx_nabs_free);
    w->nums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    dprops_unset(&w->defaults);
    w->tabstep = 36;
    w->pw = 612;
    w->ph = 792;
    w->ml = w->mr = w->mt = w->mb = 72;
    w->mhdr = w->mftr = 36;
}

static void docx_w_free(docx_w *w)
{
    g_hash_table_destroy(w->parts);
    g_hash_table_destroy(w->styles);
    g_free(w->def_pstyle);
    g_string_free(w->text, TRUE);
    g_hash_table_destroy(w->media_ix);
    g_ptr_array_free(w->media, TRUE);
    g_hash_table_destroy(w->nums);
    g_hash_table_destroy(w->nabs);
}

/* Reads the package at w->path and lays it out into o: the one layout
 * both extract and page_image run. */
static int docx_layout(docx_w *w, docx_out *o)
{
    GHashTable *root_rels = NULL, *main_rels = NULL;
    const char *main_name = NULL, *p;
    char *main_part = NULL;
    xmlDoc *doc = NULL;
    xmlNode *root, *body, *sect;
    lblock hb, bb, fb;
    int bad = 0, rc = -1;

    lblock_init(&hb);
    lblock_init(&bb);
    lblock_init(&fb);
    if (docx_check_end(w->path, w->err) < 0 ||
        docx_load(w->path, docx_want_xml, NULL, 1, w->parts, w->err) < 0)
        goto cleanup;
    root_rels = docx_rels(w, "", &bad);
    if (bad)
        goto cleanup;
    main_name = docx_rel_typed(root_rels, "/officeDocument");
    if (main_name == NULL || !g_hash_table_contains(w->parts, main_name))
        main_name = "word/document.xml";
    if (!g_hash_table_contains(w->parts, main_name)) {
        if (g_hash_table_contains(w->parts, "xl/workbook.xml") ||
            g_hash_table_contains(w->parts, "ppt/presentation.xml"))
            euc_error_set(w->err, EUC_ERR_FORMAT, "extract", w->path,
                          "%s, not a Word document: save the certificate "
                          "as .docx or PDF",
                          g_hash_table_contains(w->parts, "xl/workbook.xml")
                              ? "an Excel workbook" : "a PowerPoint file");
        else
            euc_error_set(w->err, EUC_ERR_CORRUPT, "extract", w->path,
                          "not a Word document: no word/document.xml");
        goto cleanup;
    }
    main_part = g_strdup(main_name);
    doc = docx_parse(w, main_part, 1, &bad);
    if (doc == NULL)
        goto cleanup;
    root = xmlDocGetRootElement(doc);
    if (!docx_is(root, NS_W, "document")) {
        euc_error_set(w->err, EUC_ERR_CORRUPT, "extract", w->path,
                      "not a Word document: %s holds no w:document", main_part);
        goto cleanup;
    }
    main_rels = docx_rels(w, main_part, &bad);
    if (bad)
        goto cleanup;
    w->rels = main_rels;
    p = docx_rel_typed(main_rels, "/styles");
    if (docx_load_styles(w, p ? p : "word/styles.xml") < 0)
        goto cleanup;
    p = docx_rel_typed(main_rels, "/settings");
    if (docx_load_settings(w, p ? p : "word/settings.xml") < 0)
        goto cleanup;
    p = docx_rel_typed(main_rels, "/numbering");
    if (docx_load_numbering(w, p ? p : "word/numbering.xml") < 0)
        goto cleanup;
    body = docx_child(root, NS_W, "body");
    sect = body ? docx_first_sect(body) : NULL;
    docx_page_geom(w, sect);
    if (docx_walk_part(w, docx_hf_part(w, sect, "headerReference"), &hb) < 0)
        goto cleanup;
    w->rels = main_rels;
    w->fdepth = 0;
    if (body != NULL)
        walk_blocks(w, body, &bb, w->ml, w->pw - w->mr, 1);
    if (docx_walk_part(w, docx_hf_part(w, sect, "footerReference"), &fb) < 0)
        goto cleanup;
    if (docx_paginate(w, o, &hb, &bb, &fb) < 0)
        goto cleanup;
    rc = 0;
cleanup:
    w->rels = NULL;
    lblock_free(&hb);
    lblock_free(&bb);
    lblock_free(&fb);
    if (doc != NULL)
        xmlFreeDoc(doc);
    if (main_rels != NULL)
        g_hash_table_destroy(main_rels);
    if (root_rels != NULL)
        g_hash_table_destroy(root_rels);
    g_free(main_part);
    return rc;
}

/* --- the extractor ------------------------------------------------------- */

static int docx_recognize(const unsigned char *magic, size_t n)
{
    return euc_magic_is_ooxml(magic, n);
}

static int docx_extract(euc_ctx *ctx, const char *path, euc_doc *doc,
                        euc_error *err)
{
    docx_w w;
    docx_out o;
    int rc;

    docx_w_init(&w, path, err);
    memset(&o, 0, sizeof o);
    o.doc = doc;
    rc = docx_layout(&w, &o);
    docx_w_free(&w);
    if (rc == 0)
        euc_ctx_report_page(ctx, path, euc_doc_npages(doc), euc_doc_npages(doc));
    return rc;
}

/* Draws one picture into its box on the page (pixels).  What Leptonica
 * cannot decode (EMF, WMF, damaged data) is left out: the page image is
 * for finding ink, not a document of record. */
static void docx_draw(PIX *page, GBytes *data, const euc_box *box, int dpi,
                      long long max_pixels)
{
    gsize n = 0;
    const l_uint8 *d = g_bytes_get_data(data, &n);
    l_int32 fmt = 0, iw = 0, ih = 0, bps = 0, spp = 0, cmap = 0;
    PIX *img = NULL, *flat = NULL, *rgb = NULL, *scaled = NULL;
    double k = dpi / 72.0;
    int bx = (int)floor(box->x0 * k), by = (int)floor(box->y0 * k);
    int bw = (int)lround((box->x1 - box->x0) * k);
    int bh = (int)lround((box->y1 - box->y0) * k);
    int saved;

    if (bw < 1 || bh < 1 || n == 0 || (long long)bw * bh > max_pixels)
        return;
    /* Leptonica reports a format it cannot read on stderr */
    saved = euc_stderr_mute();
    if (pixReadHeaderMem(d, n, &fmt, &iw, &ih, &bps, &spp, &cmap) != 0 ||
        iw <= 0 || ih <= 0 || (long long)iw * ih > max_pixels)
        goto cleanup;
    img = pixReadMem(d, n);
    if (img == NULL)
        goto cleanup;
    /* a signature pasted as a PNG with a transparent background: on white */
    flat = pixGetDepth(img) == 32 && pixGetSpp(img) == 4
               ? pixAlphaBlendUniform(img, 0xffffff00) : pixClone(img);
    rgb = flat ? pixConvertTo32(flat) : NULL;
    scaled = rgb ? pixScaleToSize(rgb, bw, bh) : NULL;
    if (scaled != NULL)
        pixRasterop(page, bx, by, bw, bh, PIX_SRC, scaled, 0, 0);
cleanup:
    euc_stderr_restore(saved);
    pixDestroy(&scaled);
    pixDestroy(&rgb);
    pixDestroy(&flat);
    pixDestroy(&img);
}

static int docx_page_image(euc_ctx *ctx, const char *path, size_t page,
                           const euc_page_turn *turn, int dpi, struct Pix **out,
                           euc_error *err)
{
    long long max = euc_ctx_options(ctx)->max_pixels, pw, ph;
    GHashTable *need = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *media = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              docx_bytes_unref);
    docx_w w;
    docx_out o;
    PIX *pix = NULL;
    guint i;
    int rc = -1;

    *out = NULL;
    docx_w_init(&w, path, err);
    memset(&o, 0, sizeof o);
    o.want = page;
    o.imgs = g_array_new(FALSE, FALSE, sizeof(pimg));
    if (docx_layout(&w, &o) < 0)
        goto cleanup;
    if (page >= o.npages) {
        euc_error_set(err, EUC_ERR_USAGE, "extract", path, "no page %zu",
                      page + 1);
        goto cleanup;
    }
    pw = (long long)ceil(w.pw * dpi / 72.0);
    ph = (long long)ceil(w.ph * dpi / 72.0);
    if (pw * ph > max || pw > 32767 || ph > 32767) {
        euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                      "page %zu at %d dpi is %lldx%lld pixels, over the "
                      "limit of %lld", page + 1, dpi, pw, ph, max);
        goto cleanup;
    }
    pix = pixCreate((l_int32)pw, (l_int32)ph, 32);
    if (pix == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
        goto cleanup;
    }
    pixSetAll(pix);
    for (i = 0; i < o.imgs->len; i++) {
        const pimg *p = &g_array_index(o.imgs, pimg, i);
        g_hash_table_add(need, g_ptr_array_index(w.media, p->media));
    }
    if (g_hash_table_size(need) > 0 &&
        docx_load(path, docx_want_set, need, 0, media, err) < 0)
        goto cleanup;
    for (i = 0; i < o.imgs->len; i++) {
        const pimg *p = &g_array_index(o.imgs, pimg, i);
        GBytes *b = g_hash_table_lookup(media, g_ptr_array_index(w.media, p->media));
        if (b != NULL)
            docx_draw(pix, b, &p->box, dpi, max);
    }
    if (turn != NULL && (turn->rotation != 0 || turn->skew != 0)) {
        PIX *t = euc_ocr_orient(pix, turn->rotation, turn->skew);
        pixDestroy(&pix);
        pix = t;
        if (pix == NULL) {
            euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
            goto cleanup;
        }
    }
    *out = pix;
    pix = NULL;
    rc = 0;
cleanup:
    pixDestroy(&pix);
    g_array_free(o.imgs, TRUE);
    g_hash_table_destroy(need);
    g_hash_table_destroy(media);
    docx_w_free(&w);
    return rc;
}

const euc_extractor euc_extractor_docx = {
    "docx", docx_recognize, docx_extract, docx_page_image,
};

/* --- old binary Word ----------------------------------------------------- */

static int doc_recognize(const unsigned char *magic, size_t n)
{
    return n >= 8 && memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
}

/* A password-protected .docx is an OLE2 file too (the package encrypted
 * in an "EncryptedPackage" stream): saving it again would not help, so it
 * is told apart by that stream's name in the directory. */
static int doc_is_encrypted_package(const char *path)
{
    static const char name[] = "EncryptedPackage";
    unsigned char pat[2 * (sizeof name - 1)];
    unsigned char *buf;
    size_t i, n;
    FILE *f = fopen(path, "rb");
    int found = 0;

    if (f == NULL)
        return 0;
    for (i = 0; i < sizeof name - 1; i++) {
        pat[2 * i] = (unsigned char)name[i];
        pat[2 * i + 1] = 0;
    }
    buf = malloc((size_t)8 << 20);
    n = buf ? fread(buf, 1, (size_t)8 << 20, f) : 0;
    for (i = 0; !found && i + sizeof pat <= n; i++)
        found = buf[i] == 'E' && memcmp(buf + i, pat, sizeof pat) == 0;
    free(buf);
    fclose(f);
    return found;
}

static int doc_extract(euc_ctx *ctx, const char *path, euc_doc *doc,
                       euc_error *err)
{
    (void)ctx;
    (void)doc;
    if (doc_is_encrypted_package(path))
        return euc_error_set(err, EUC_ERR_ENCRYPTED, "extract", path,
                             "password-protected Word document: remove the "
                             "password (or save it as PDF) and check that");
    return euc_error_set(err, EUC_ERR_FORMAT, "extract", path,
                         "old binary Word document (.doc): save it as .docx "
                         "or PDF and check that");
}

const euc_extractor euc_extractor_doc = {
    "doc", doc_recognize, doc_extract, NULL,
};
