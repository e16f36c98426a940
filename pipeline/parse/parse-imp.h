/* parse-imp.h: private to the parse stage (pipeline/parse/).  Not part of
 * libeuc's interface.
 *
 * The stage reads a certificate in layers, each using only the ones above:
 *
 *   text.c      normalisation, tokens and stems, edit distance, buffers
 *   data.c      the vocabularies of schemas/ (fields, concepts, prose cues,
 *               countries), loaded once per parser, read-only after
 *   layout.c    structure, independent of what the words say: the page's
 *               lines cut into cells at wide gaps and at "Label:" colons,
 *               list and heading markers, rules, running headers/footers
 *   terms.c     term lists matched over tokens (concepts and prose cues)
 *   labels.c    what a label means: its entity ("end user") and attributes
 *               ("address"), by its meaningful words, not as a string
 *   blocks.c    the document as entries: a label and the value beside or
 *               below it (forms, two-column tables, numbered boxes,
 *               questions), headings whose body holds other entries, tables,
 *               and the free text left over
 *   store.c     the value store every reader writes to, the XML builder
 *   readers:    fields.c (one reader per field type: parties, text, dates,
 *               re-export answers, signatory lines), tables.c (items and
 *               parties tables), items.c (items written inline), party.c
 *               (a party's name, address, country and role in a text),
 *               prose.c (sentences and clauses, negation scope, letters),
 *               sign.c (signature blocks, ink, seals)
 *   dates.c countries.c numbers.c   value parsers
 *   parse.c     the entry point, in that order
 *
 * Readers add values with run_set; the first to set a path wins, so the
 * labelled readers run before the prose reader.
 */
#ifndef EUC_PARSE_IMP_H
#define EUC_PARSE_IMP_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <libxml/tree.h>

#include "euc/parse.h"

struct Pix;
struct run;

/* ------------------------------------------------------------------ */
/* vocabularies (data.c)                                               */

/* A term: a sequence of stemmed Latin tokens, or a CJK string matched as a
 * substring of a CJK run. */
/* The paths of <certificate> the C names (schemas/fields.xml and
 * certificate.xsd name them too): one table, so that a renamed element is
 * one edit here and no search through the readers. */
#define P_END_USER_NAME              "end-user/name"
#define P_SIGNATORY_SIGNATURE        "signatory/signature"
#define P_SUB_SUPPLIERS_DECLARED_NONE "sub-suppliers/@declared-none"
#define P_SIGNATORY_SEAL             "signatory/seal"
#define P_SIGNATORY_NAME             "signatory/name"
#define P_SUB_SUPPLIERS_PARTY        "sub-suppliers/party"
#define P_ITEMS_ITEM                 "items/item"
#define P_SIGNATORY_DATE             "signatory/date"
#define P_RE_EXPORT_PERMITTED        "re-export/@permitted"
#define P_END_USER_CONTACT           "end-user/contact"
#define P_END_USER_ADDRESS           "end-user/address"
#define P_SIGNATORY_TITLE            "signatory/title"
#define P_RE_EXPORT_CLAUSE           "re-export/clause"
#define P_END_USE_DESCRIPTION        "end-use/description"
#define P_EXPORTER_NAME              "exporter/name"
#define P_END_USER_BUSINESS          "end-user/business"
#define P_SOURCE_TEXT_METHOD         "source/@text-method"
#define P_SOURCE_PAGES               "source/@pages"
#define P_SOURCE_OCR_CONFIDENCE      "source/@ocr-confidence"
#define P_SOURCE_FILE                "source/@file"
#define P_SOURCE_PAGE_TURNS          "source/@page-turns"
#define P_RE_EXPORT_DESTINATION      "re-export/destination"
#define P_END_USER_COUNTRY           "end-user/country"
#define P_END_USE_LOCATION           "end-use/location"
#define P_CONSIGNEE_NAME             "consignee/name"
#define P_ASSURANCES_ASSURANCE       "assurances/assurance"

/* What the groups of a date pattern hold (fields.xml order=). */
typedef enum pdorder { PD_DMY, PD_MDY, PD_YMD, PD_ERA_YMD, PD_DMY_OR_MDY } pdorder;
#define PDATE_MAX 16

typedef struct pterm {
    char **tok;      /* NULL-terminated stems; NULL for a CJK term */
    size_t ntok;
    char *cjk;       /* the CJK string, or NULL */
    double w;        /* weight */
    char *text;      /* as written in the data file (for --explain) */
} pterm;

typedef struct pterms {
    char *name;
    pterm *t;
    size_t n;
    /* every Latin word of the parser's term lists (not owned): a word the
     * data knows ("contract") is no damaged form of another ("contact") */
    GHashTable *known;
    int exact;       /* match="exact": a word list read by pdata_word_at */
} pterms;

typedef enum pckind { PC_ENTITY = 0, PC_ATTR = 1 } pckind;

typedef struct pconcept {
    pterms terms;      /* name = the concept's name */
    pckind kind;
    int implies;       /* attribute: the entity it implies, or -1 */
    int weak;          /* entity: yields to any other entity of the label */
    int whole;         /* counts only when its term is the whole label */
} pconcept;

typedef enum pftype {
    FT_TEXT, FT_LINE, FT_DATE, FT_COUNTRY, FT_PARTY, FT_ITEMS, FT_PARTIES,
    FT_REEXPORT, FT_DESTINATIONS, FT_SIGNATURE, FT_SEAL, FT_QUANTITY,
    FT_MONEY, FT_UNIT, FT_CURRENCY, FT_ASSURANCES, FT_SIGNATORY,
    FT_MILITARY, FT_IGNORE, FT_SECTION, FT_ADDRESSEE
} pftype;

typedef struct pfield {
    char *path;       /* may start with "*": the party of the context */
    pftype type;
    int max_lines;
    int entity;       /* concept index, -1: any entity (attribute default) */
    int attr;         /* concept index, -1: the entity itself */
} pfield;

typedef struct pcode {
    char *code;
    GRegex *re;
} pcode;

typedef struct pcountry {
    char *code;
    char *name;
    uint32_t *norm;
    size_t nnorm;
    int exact_case;
} pcountry;

struct euc_parser {
    xmlDocPtr fields_doc;
    xmlNodePtr output_tpl;      /* <certificate> under <output>, in fields_doc */
    pfield *fields;
    size_t nfields;
    pconcept *concepts;
    size_t nconcepts;
    GHashTable *cues;           /* name -> pterms* (prose.xml and others) */
    GHashTable *known;          /* stem -> itself: every term's words */
    GRegex *numbering;          /* a line's list or section marker */
    GRegex *furniture;          /* page numbers and running footers */
    GRegex *yes_re;             /* an answer that says yes */
    char **placeholders;        /* normalised, lower case */
    GPtrArray *doctypes;        /* pdoctype* */
    pcode *units, *currencies;
    size_t nunits, ncurrencies;
    char **suffixes;            /* company suffixes, lower case */
    char *item_sep;             /* between items written on one line */
    char **suffixes_as_written; /* the same, as fields.xml writes them */
    GRegex *date_re[PDATE_MAX]; /* fields.xml <date-patterns>, in order */
    int date_order[PDATE_MAX];  /* pdorder: what each one's groups hold */
    size_t ndate_re;
    char *era_year1;            /* the word for an era's first year, or NULL */
    char **month_names;
    int *month_num;
    size_t nmonths;
    char **era_names;
    int *era_start;
    size_t neras;
    pcountry *countries;        /* longest normalised name first */
    size_t ncountries;
    /* concept indices used by the C code by name (all must exist) */
    int c_exporter, c_consignee, c_end_user, c_end_use, c_items,
        c_sub_suppliers, c_re_export, c_assurances, c_signatory,
        c_certificate, c_contract, c_military;
    int a_name, a_address, a_country, a_date, a_title, a_number,
        a_description, a_quantity, a_hs, a_value, a_unit, a_currency,
        a_control, a_role, a_index, a_signature, a_seal, a_destination,
        a_location, a_contact, a_company, a_business;
};

typedef struct pdoctype {
    char *value;
    GRegex *re;
} pdoctype;

int pdata_load(euc_parser *p, const char *dir, euc_error *err);
void pdata_free(euc_parser *p);
int pdata_concept(const euc_parser *p, const char *name);
const pterms *pdata_cues(const euc_parser *p, const char *name);
/* The word of cue list `list` (as the data file writes it) that s starts
 * with, ASCII case ignored, or NULL: whole, s is the word and nothing more;
 * else the word ends where s has a non-alphanumeric byte or its end (a
 * CJK word may run on).  Word lists are exact, not stemmed. */
const char *pdata_word_at(const euc_parser *p, const char *list,
                          const char *s, int whole);
/* The field for entity e and attribute a (-1: none); -1 when there is none. */
int pdata_field(const euc_parser *p, int e, int a);
int pdata_field_by_path(const euc_parser *p, const char *path);

/* ------------------------------------------------------------------ */
/* text (text.c)                                                       */
/* Where a conformed signature starts in s[0..n): "/s/" (OCR's "/S/" too)
 * or "(signed)"; NULL when there is none.  *len: its length. */
const char *ptext_conformed(const char *s, size_t n, size_t *len);

/* The shared normaliser of euc/text.h under the parser's names:
 * euc_text_is_cjk; euc_text_norm without breaks or OCR folding (lower-case
 * letters, digits and CJK of s, everything else dropped; g_free the
 * array); euc_text_edit. */
int ptext_is_cjk(uint32_t cp);
uint32_t *ptext_norm(const char *s, size_t n, size_t *out_n, size_t *ends);
size_t ptext_edit(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                  size_t bound);
char *ptext_trim(const char *s, size_t n);
/* Trims spaces and the punctuation that a value does not end with
 * (":", ",", ";", a lone "-"); caller frees. */
char *ptext_clean_value(const char *s);
int ptext_is_placeholder(const euc_parser *p, const char *s);
/* A check box at the start of s: 1 ticked ("[X]", "☒"), 0 empty ("[ ]",
 * "☐"), -1 none. */
int ptext_checkbox(const char *s, size_t n);
/* Non-zero when most letters of s are capitals (at least 3 letters). */
int ptext_is_caps(const char *s, size_t n);

/* A token of a text: a stemmed Latin word or number, or a run of CJK. */
enum {
    TK_CJK = 1,      /* a CJK run */
    TK_PAREN = 2,    /* inside parentheses */
    TK_NUM = 4,      /* digits only */
    TK_BREAK = 8,    /* a ',', ';', '/', '(' or ':' stands before it */
    TK_CAP = 16      /* written with a capital first letter */
};

typedef struct ptok {
    char *s;          /* stem (Latin, lower case) or the CJK run */
    size_t off, end;  /* bytes in the source */
    unsigned flags;
} ptok;

/* Tokens of s[0..n); free with ptext_tokens_free. */
GArray *ptext_tokens(const char *s, size_t n);
void ptext_tokens_free(GArray *toks);
/* The stem of one lower-case Latin word, in place (what ptext_tokens does
 * to every word): plural, -ed, -ing, final e. */
void ptext_stem(char *w);

/* A text assembled from pieces of the document's text, with the map back
 * to the document (for evidence: pages, confidences, boxes). */
typedef struct pseg {
    size_t t0, len, doc;
} pseg;

typedef struct pbuf {
    GString *s;
    GArray *map;    /* pseg */
} pbuf;

typedef struct pspan {
    size_t off, end;
} pspan;

void pbuf_init(pbuf *b);
void pbuf_clear(pbuf *b);
/* Appends document text [off, end) (trimmed), joined by sep when the
 * buffer is not empty. */
void pbuf_add(pbuf *b, const char *doc_text, size_t off, size_t end,
              const char *sep);
/* Document spans under buffer bytes [a, e); free the array. */
GArray *pbuf_spans(const pbuf *b, size_t a, size_t e);

/* ------------------------------------------------------------------ */
/* layout (layout.c)                                                   */

typedef struct pword {
    size_t off, len;   /* in pdoc.text */
    euc_box box;
    float conf;
    int page;          /* 0-based */
    size_t line;
} pword;

typedef struct pcell {
    size_t w0, nw;     /* words [w0, w0 + nw) */
    size_t off, end;   /* its text in pdoc.text */
    euc_box box;
    double fh;         /* font height: the median of its words' heights */
    int colon;         /* ends with ':' (a "Label:" cut from its value) */
    int bars;          /* the line's column bars ("|") before it, when ruled
                          so in text: its column, an empty cell counted */
    int check;         /* a check box: 1 ticked, -1 empty, 0 none */
} pcell;

enum {
    PL_FURNITURE = 1,  /* running header or footer, page number */
    PL_RULE = 2,       /* a line drawn with characters (----, ====) */
    PL_SCRAP = 4       /* OCR scraps only (a signature or logo read as text) */
};

enum {
    MK_NONE = 0,
    MK_SECTION,        /* "Part C", "Section 3", "Box 5", "Article 2" */
    MK_ROMAN,          /* "IV." */
    MK_CJK,            /* "第三条", "一、", "（一）" */
    MK_LETTER_CAP,     /* "C." "C)" */
    MK_NUM,            /* "3." "3)" "3" */
    MK_NUM_DOT,        /* "3.1" "3.1." */
    MK_PAREN,          /* "(a)" "(iii)" "(3)" "a)" */
    MK_BULLET          /* "-", "•", "·", "*", "–" */
};

typedef struct pline {
    int page;
    size_t w0, nw;
    size_t c0, nc;     /* cells */
    size_t off, end;   /* text */
    euc_box box;
    double fh;
    unsigned flags;
    double gap;        /* blank space above it (points), -1 first on its page */
    int mark;          /* MK_* of its first cell */
    size_t mark_end;   /* text offset just after the marker */
    int owner;         /* entry (blocks.c) that holds it, -1 none */
    int table;         /* table (blocks.c) it is part of, -1 none */
} pline;

typedef struct pdoc {
    GString *text;     /* words joined by ' ', lines by '\n' */
    char *flat;        /* the same with '\n' turned into ' ' (same offsets) */
    pword *w;
    size_t nw;
    pcell *c;
    size_t nc;
    pline *l;
    size_t nl;
    size_t npages;
    double cw;         /* typical character width, points */
    double pitch;      /* typical line pitch, points */
    double fh;         /* typical font height */
    double *left;      /* per page: the left margin (most common x0) */
    double *right;     /* per page: the right edge of the text */
    unsigned char *ocr; /* per page: read by OCR (tolerate damaged words) */
} pdoc;

void playout_build(pdoc *d, const euc_doc *doc, const euc_parser *p);
void playout_free(pdoc *d);
/* The marker at the start of s (MK_*), its length in *len. */
int playout_marker(const euc_parser *p, const char *s, size_t n, size_t *len);
/* Rank of a marker for nesting: smaller is an outer level. */
int playout_rank(int mark);
/* Text of cells [c0, c1) joined by spaces; caller frees. */
char *playout_cells_text(const pdoc *d, size_t c0, size_t c1);
/* The cell's text without the line's list marker; caller frees. */
char *playout_cell_text(const pdoc *d, size_t ci, int strip_marker);
/* Does a value line ending at x1 on page wrap into the next one, whose
 * first word is word (it would have fitted on the line)? */
int playout_wraps(const pdoc *d, int page, double x1, size_t word);
/* Is l, the first line of the page after prev's, the rest of prev's
 * sentence cut by the page break: prev ends with no stop (". : ; ! ?" and
 * their CJK forms) and l goes on in lower case? */
int playout_turns_page(const pdoc *d, const pline *prev, const pline *l);
/* Index of the line holding cell ci. */
size_t playout_cell_line(const pdoc *d, size_t ci);

/* ------------------------------------------------------------------ */
/* terms (terms.c)                                                     */

typedef struct pmatch {
    int list;          /* index of the term list (concept) */
    size_t term;       /* index of the term in it */
    size_t t0, t1;     /* tokens [t0, t1) */
    size_t b0, b1;     /* bytes of the source */
    double w;
    int fuzzy;         /* matched with a letter or two wrong */
} pmatch;

/* Every match of terms in toks, appended to out (pmatch) with list = li.
 * ocr: tolerate a wrong letter or two in longer words. */
void pterms_match(const pterms *terms, int li, const GArray *toks,
                  int ocr, GArray *out);
/* Keeps the best non-overlapping matches (longest, then heaviest). */
void pterms_resolve(GArray *matches);
/* Does any term of the list occur in s? *where receives the first match's
 * bytes in s when non-NULL. */
int pterms_in(const pterms *terms, const char *s, pspan *where);

/* ------------------------------------------------------------------ */
/* labels (labels.c)                                                   */

#define PSENSE_MAXA 6

typedef struct psense {
    int entity;        /* concept, -1 none */
    double escore;     /* its weight */
    int nattr;
    int attr[PSENSE_MAXA];
    double ascore;     /* total weight of attribute words */
    int question;      /* the label is a question ("...?") */
    int doctitle;      /* names the document ("End-User Certificate") */
    int sentence;      /* starts as a sentence does ("We certify that:") */
    double labelness;  /* how much it looks like a label at all */
    double content;    /* how much it looks like a value (names, digits) */
} psense;

/* What a label's text means. */
void plabel_sense(const euc_parser *p, const char *s, size_t n, int ocr,
                  psense *out);
/* The field a sense names in context ctx (an entity, -1 none); -1 when
 * it names none. */
int plabel_field(const euc_parser *p, const psense *s, int ctx);
/* A short description ("end-user/address (entity 'end user', attribute
 * 'address')") for --explain; caller frees. */
char *plabel_describe(const euc_parser *p, const psense *s, const char *s_text);

/* ------------------------------------------------------------------ */
/* blocks (blocks.c)                                                   */

typedef struct pvpart {
    size_t line;
    size_t c0, c1;     /* cells [c0, c1) of that line */
} pvpart;

enum { EK_INLINE, EK_BOX, EK_QUESTION };

typedef struct pentry {
    int kind;
    size_t line;       /* the label's (first) line */
    GArray *label;     /* pvpart: the label's cells */
    GArray *val;       /* pvpart: the value's cells, in reading order */
    char *label_text;  /* the label as written, without its marker */
    double vx0;        /* left edge of the value column, -1 none */
    double cx0, cx1;   /* the horizontal band the entry owns */
    int rank;          /* marker rank (nesting) */
    int parent;        /* enclosing entry, -1 */
    int nchildren;
    psense sense;
    int field;         /* pfield index, -1 unknown */
    int ctx;           /* context entity, -1 */
    int done;          /* its value was taken by a reader */
    size_t qoff;       /* a question's answer starts at this text offset */
    int prev;          /* the entry made just before it (its context), -1 */
} pentry;

typedef struct ptable {
    size_t l0, l1;     /* lines [l0, l1) (header included); may span pages */
    size_t hdr0, hdr1; /* header lines */
    int ncol;
    double *cx;        /* column k covers [cx[k], cx[k+1]) */
    int *attr;         /* column k's attribute concept, -1 */
    int kind;          /* entity: items or sub-suppliers (by its columns) */
    int by_order;      /* cells are not aligned: the k-th cell, column k */
    int owner;         /* entry it belongs to, -1 */
    int done;
} ptable;

void pblocks_build(struct run *r);
/* "items table, lines 3-9, columns: description | quantity" for
 * --explain; caller frees. */
char *ptable_describe(const struct run *r, const ptable *t);
/* Lines [l0, l1) as blocks, for --explain. */
void pblocks_explain(struct run *r, GString *out);

/* ------------------------------------------------------------------ */
/* the run: one document being read                                    */

typedef struct pval {
    char *path;
    char *text;
    GPtrArray *attrs;   /* name, value, name, value ... (char*) */
    int page;           /* 1-based, 0: no evidence */
    double conf;
    char *reader;
    char *label;
    char *how;
    euc_box box;        /* around its words on page; x1 < x0: none */
} pval;

typedef struct psigarea {
    int page;
    euc_box box;        /* where ink is looked for, points */
    int seal;           /* 1: a seal area only */
    const char *why;
} psigarea;

typedef struct run {
    const euc_parser *p;
    const euc_doc *doc;
    euc_ctx *ctx;
    pdoc d;
    GArray *entries;    /* pentry */
    GArray *tables;     /* ptable */
    GHashTable *vals;   /* path -> pval* (owned by order) */
    GPtrArray *order;   /* pval*, in the order found */
    GString *notes;     /* explain lines that are not about one value */
    GArray *sigareas;   /* psigarea */
    int sig_line;       /* line of the typed signatory name, -1 */
    int items_from_table; /* items were read from a table */
    int parties_labelled; /* the parties came from a labelled entry */
    int none_stated;    /* a "no other party" statement was met */
    int writer_end_user; /* "we are the end user", the writer not named */
    pbuf *writer;       /* "We, X, of ADDRESS, certify": who writes, or NULL */
    GHashTable *blank;  /* paths whose label was found with no value (owned
                         * keys): a form's empty box is a missing fact, not
                         * one to guess from the letterhead or a sentence */
} run;

/* store.c */
pval *run_set(run *r, const char *path, const char *text, const pspan *sp,
              size_t nsp, const char *reader, const char *label,
              const char *how);
pval *run_get(run *r, const char *path);
void run_unset(run *r, const char *path);
/* Is anything stored under prefix ("items", "sub-suppliers/party")? */
int run_has_prefix(run *r, const char *prefix);
/* The next free index of a repeated element ("items/item" -> 3). */
int run_next_index(run *r, const char *prefix);
void pval_attr(pval *v, const char *name, const char *value);
/* Page (1-based, 0: none), mean confidence and, when box is not NULL, the
 * box around the words on that page (points, page coordinates; x1 < x0
 * when there are none) of the text spans sp. */
void run_evidence(const run *r, const pspan *sp, size_t n, int *page,
                  double *conf, euc_box *box);
void run_note(run *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Typed conversion of a value's text into path (date, country, quantity,
 * money); other types are stored as they are. */
pval *run_set_typed(run *r, const char *path, pftype type, const char *text,
                    const pspan *sp, size_t nsp, const char *reader,
                    const char *label, const char *how);
/* The same from a buffer's bytes [a, e). */
pval *run_set_buf(run *r, const char *path, pftype type, const pbuf *b,
                  size_t a, size_t e, const char *reader, const char *label,
                  const char *how);
/* An assurance of a kind ("no-military-use"), once per kind and text. */
void run_add_assurance(run *r, const char *kind, const char *text,
                       const pspan *sp, size_t n, const char *reader);
/* re-export/@permitted, unless already set. */
void run_set_permitted(run *r, const char *v, const pspan *sp, size_t n,
                       const char *how);
/* The countries named in buffer bytes [a, e) as re-export destinations. */
void run_add_destinations(run *r, const pbuf *b, size_t a, size_t e);
void pval_free(gpointer data);
void pstore_build(run *r, xmlNodePtr root);
char *pstore_explain(run *r);

/* fields.c: one reader per field type, over the entries */
void pfields_read(run *r);
/* The text of an entry's value (lines joined by spaces or kept apart). */
void pfields_value(const run *r, const pentry *e, pbuf *b, int keep_lines);
/* A yes/no answer in a value: a ticked box or a written word; 1 yes,
 * 0 no, -1 none. */
int pfields_answer(const run *r, const char *s);

/* party.c */
/* Reads a party (name, address, country, role) from b into prefix
 * ("end-user", "sub-suppliers/party[2]").  lines: b holds one party line
 * per '\n'.  Returns non-zero when a name was set. */
/* An address alone (b's whole text) and its country, under prefix. */
void pparty_address(struct run *r, const char *prefix, const pbuf *b,
                    const char *reader, const char *label, const char *how);
int pparty_read(run *r, const char *prefix, const pbuf *b, int with_role,
                const char *reader, const char *label, const char *how);
/* Does s look like an organisation's name (a company suffix, or capitals)? */
int pparty_is_company(const euc_parser *p, const char *s, size_t n);
/* Length of the company name at the start of s (through its suffix), 0
 * when s does not start with one. */
size_t pparty_name_len(const euc_parser *p, const char *s, size_t n);
/* Does s look like a person's name (2-4 capitalised words, no title word)? */
int pparty_is_person(const euc_parser *p, const char *s);
/* Does s look like a job title? */
int pparty_is_title(const euc_parser *p, const char *s);
/* Split a list value into its parties: numbered or bulleted lines start
 * one; returns an array of pbuf* (free with pparty_list_free). */
GPtrArray *pparty_list(const run *r, const GArray *parts);
void pparty_list_free(GPtrArray *list);

/* tables.c */
/* A table whose header starts at line li, into *t (columns, extent);
 * 0 when there is none.  The caller frees t->cx and t->attr. */
int ptable_detect(run *r, size_t li, ptable *t);
/* Reads table t as items or parties; returns the number of rows read. */
int ptable_read(run *r, ptable *t, const char *label);

/* items.c: items written inline ("Dysprosium oxide, HS 2846.90, 500 kg,
 * USD 210,000"), one per list entry or several in one value. */
int pitems_read(run *r, const pbuf *b, const char *reader, const char *label,
                const char *how);
/* Does the text hold a quantity (a number and a unit)? */
int pitems_has_quantity(const euc_parser *p, const char *s);
/* Does s give an HS code after its label ("(HS 2846.90)")? */
int pitems_has_hs(const euc_parser *p, const char *s);
/* A sentence that gives only the goods' value, after a single item read
 * without one: sets that item's value; returns 1 when it did. */
int pitems_value_alone(run *r, const pbuf *b, const char *reader, const char *label);

/* prose.c */
enum {
    CL_END_USE = 1 << 0, CL_MILITARY_USE = 1 << 1, CL_NO_MILITARY = 1 << 2,
    CL_NO_WMD = 1 << 3, CL_RX_NO = 1 << 4, CL_RX_YES = 1 << 5,
    CL_NO_TRANSFER = 1 << 6, CL_NO_CHANGE = 1 << 7, CL_NONE_OTHER = 1 << 8,
    CL_PARTY = 1 << 9, CL_ITEMS = 1 << 10, CL_END_USER = 1 << 11,
    CL_VERIFY = 1 << 12
};

/* Reads sentences of b for the facts of the given kinds (CL_*); returns
 * the kinds found. */
unsigned pprose_read(run *r, const pbuf *b, unsigned want, const char *reader,
                     const char *label);
/* The free text of the document (lines held by no entry or table). */
void pprose_read_free(run *r);
/* Sentences of b as spans of its bytes; free the array. */
GArray *pprose_sentences(const euc_parser *p, const char *s);

/* sign.c */
void psign_read(run *r);
long psign_ink(struct Pix *grey, const euc_box *area, const euc_box *words,
               size_t nwords, euc_box *found);
long psign_red(struct Pix *rgb, const euc_box *area);
int psign_ring(struct Pix *grey, const euc_box *area, const euc_box *words,
               size_t nwords);

/* dates.c */
int pdate_find(const euc_parser *p, const char *s, char iso[11],
               size_t *start, size_t *end);

/* countries.c */
const pcountry *pcountry_exact(const euc_parser *p, const char *s);
const pcountry *pcountry_in_address(const euc_parser *p, const char *s,
                                    size_t *start, size_t *end);
GPtrArray *pcountry_all(const euc_parser *p, const char *s, GArray *offs);

/* numbers.c */
int pnum_quantity(const euc_parser *p, const char *s, char **num,
                  const char **unit);
int pnum_money(const euc_parser *p, const char *s, char **num,
               const char **currency);
const char *pnum_unit_code(const euc_parser *p, const char *s);
const char *pnum_currency_code(const euc_parser *p, const char *s);
/* Position and length of the first quantity (number + unit) in s. */
int pnum_find_quantity(const euc_parser *p, const char *s, size_t *a,
                       size_t *b);
int pnum_find_money(const euc_parser *p, const char *s, size_t *a, size_t *b);

#endif
