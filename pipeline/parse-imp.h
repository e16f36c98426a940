/* parse-imp.h: private to the parse stage (pipeline/euc_parse.c and
 * pipeline/parse_*.c).  Not part of libeuc's interface.
 *
 * The parser holds the vocabularies of schemas/fields.xml and
 * schemas/countries.xml (loaded once, read-only after).  A parse run holds a
 * flattened view of the document (pdoc: words in reading order, their lines,
 * and one text stream in which every word has an offset) and the values
 * found so far (run: path -> pval).  Readers add values with run_set; the
 * first reader to set a path wins, so readers run from the most specific
 * (labelled layout) to the most general (prose phrases).
 */
#ifndef EUC_PARSE_IMP_H
#define EUC_PARSE_IMP_H

#include <glib.h>
#include <stdint.h>
#include <libxml/tree.h>

#include "euc_parse.h"

struct Pix;

typedef enum pftype {
    FT_TEXT, FT_LINE, FT_DATE, FT_COUNTRY, FT_PARTY, FT_ITEMS, FT_PARTIES,
    FT_REEXPORT, FT_SIGNATURE, FT_SEAL, FT_UNIT, FT_CURRENCY, FT_QUANTITY,
    FT_MONEY, FT_SECTION
} pftype;

typedef struct pfield {
    char *path;     /* may start with "*" */
    pftype type;
    char *section;  /* section entered when one of its labels is met */
    int max_lines;
} pfield;

typedef struct plabel {
    char *text;      /* as written in fields.xml */
    uint32_t *norm;  /* normalised code points */
    size_t nnorm;
    char **in;       /* NULL: valid everywhere; else NULL-terminated list */
    int field;
} plabel;

/* A phrase: compiled pattern, the output path of each capture group
 * (index = group number, NULL when the group is not a slot), and a tag (the
 * doctype value, assurance kind, ...). */
typedef struct pphrase {
    GRegex *re;
    char **slots;
    int nslots;
    char *tag;
    char *source;
} pphrase;

typedef struct pcode {
    char *code;
    GRegex *re; /* whole-word alternatives */
} pcode;

typedef struct pcountry {
    char *code;
    char *name;      /* as written in countries.xml */
    uint32_t *norm;
    size_t nnorm;
    int exact_case;  /* short upper-case names ("US", "UK") */
} pcountry;

struct euc_parser {
    xmlDocPtr fields_doc;
    xmlNodePtr output_tpl;      /* <certificate> under <output>, in fields_doc */
    pfield *fields;
    size_t nfields;
    plabel *labels;
    size_t nlabels;
    GRegex *numbering;
    char **placeholders;        /* normalised UTF-8 */
    GPtrArray *doctypes, *letter, *rx_no, *rx_yes, *none_decl, *assur,
        *sigtext, *item_rows, *item_parts; /* of pphrase* */
    GRegex *item_sep;           /* between items inside one value */
    GRegex *item_conn;          /* a gap that is only a connecting word */
    pcode *units, *currencies;
    size_t nunits, ncurrencies;
    char **suffixes;            /* company suffixes, lower case */
    GRegex *roles;
    GRegex *yes_re;
    GRegex *date_re[6];
    char **month_names;         /* lower case, parallel to month_num */
    int *month_num;
    size_t nmonths;
    char **era_names;
    int *era_start;
    size_t neras;
    pcountry *countries;        /* longest normalised name first */
    size_t ncountries;
};

/* --- the document as the readers see it -------------------------------- */

typedef struct pword {
    size_t off, len;   /* in pdoc.text */
    euc_box box;
    float conf;
    int page;          /* 0-based */
    size_t line;
} pword;

typedef struct pline {
    int page;
    size_t w0, nw;     /* words [w0, w0+nw) */
    size_t off, end;   /* text of the line in pdoc.text */
    euc_box box;
    int rule;          /* a ruled line drawn with characters (+----+) */
    int used;          /* taken by a table reader */
} pline;

typedef struct pdoc {
    pword *w;
    size_t nw;
    pline *l;
    size_t nl;
    GString *text;     /* words joined by ' ', lines by '\n' */
    char *flat;        /* the same with '\n' turned into ' ' (same offsets) */
    double cw;         /* typical character width, points */
    double pitch;      /* typical line pitch, points */
} pdoc;

typedef struct pspan {
    size_t off, end;
} pspan;

/* A found value. */
typedef struct pval {
    char *path;
    char *text;
    GPtrArray *attrs;   /* name, value, name, value ... (char*) */
    int page;           /* 1-based, 0: no evidence */
    double conf;
    char *reader;
    char *label;        /* label as written in the document, or NULL */
    char *how;          /* synonym or phrase that matched */
} pval;

typedef struct run {
    const euc_parser *p;
    const euc_doc *doc;
    euc_ctx *ctx;
    pdoc d;
    GHashTable *vals;   /* path -> pval* (owned by order) */
    GPtrArray *order;   /* pval*, in the order found */
    GHashTable *repeat; /* repeat prefix -> current index (GINT) */
    GString *notes;     /* explain lines that are not about one value */
    GArray *sigboxes;   /* euc_box + page, areas where ink is looked for */
    int *label_seen;    /* per field: a label was met */
} run;

typedef struct psigarea {
    int page;
    euc_box box;        /* the label's box */
    int seal;           /* the label asks for a seal */
} psigarea;

/* parse_data.c */
int pdata_load(euc_parser *p, const char *dir, euc_error *err);
void pdata_free(euc_parser *p);
int pdata_field_by_path(const euc_parser *p, const char *path);

/* parse_text.c: normalisation and label matching */
uint32_t *ptext_norm(const char *s, size_t n, size_t *out_n, size_t *ends);
int ptext_is_cjk(uint32_t cp);
int ptext_edit_bound(size_t n);
size_t ptext_edit(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
                  size_t bound);
/* Best prefix of s[0..n) matching label l; returns the bytes consumed (end of
 * the label in s) or 0, and *dist. */
size_t ptext_match_prefix(const plabel *l, const char *s, size_t n, int *dist);
int ptext_is_placeholder(const euc_parser *p, const char *s);
char *ptext_trim(const char *s, size_t n);
char *ptext_join_lines(const pdoc *d, const pspan *sp, size_t n);
/* Lines of an address joined with ", " where a line does not end one. */
char *ptext_join_address(const pdoc *d, const pspan *sp, size_t n);
int ptext_label_valid_in(const plabel *l, const char *section);

/* parse_dates.c */
/* Finds the first date in s; fills iso (11 bytes) and the raw text's
 * [*start, *end).  Returns 0 when found. */
int pdate_find(const euc_parser *p, const char *s, char iso[11],
               size_t *start, size_t *end);

/* parse_countries.c */
/* Country named by all of s (after trimming). */
const pcountry *pcountry_exact(const euc_parser *p, const char *s);
/* Country at the end of an address (last line or segment), or at its start
 * (Chinese and Japanese addresses); start and end receive its bytes in s. */
const pcountry *pcountry_in_address(const euc_parser *p, const char *s,
                                    size_t *start, size_t *end);
/* Every country named in s, in order (destinations); returns a GPtrArray of
 * const pcountry* (free the array only) and their offsets in *offs. */
GPtrArray *pcountry_all(const euc_parser *p, const char *s, GArray *offs);

/* parse_num.c: quantities and money */
int pnum_quantity(const euc_parser *p, const char *s, char **num,
                  const char **unit);
int pnum_money(const euc_parser *p, const char *s, char **num,
               const char **currency);
const char *pnum_unit_code(const euc_parser *p, const char *s);
const char *pnum_currency_code(const euc_parser *p, const char *s);

/* euc_parse.c: the value store */
pval *run_set(run *r, const char *path, const char *text, const pspan *sp,
              size_t nsp, const char *reader, const char *label,
              const char *how);
pval *run_get(run *r, const char *path);
void run_unset(run *r, const char *path);
void pval_attr(pval *v, const char *name, const char *value);
void run_evidence(const run *r, const pspan *sp, size_t n, int *page,
                  double *conf);
/* Resolves "*" and repeated elements of path into a concrete path. */
char *run_resolve(run *r, const char *path, const char *section, int fresh);
void run_note(run *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
/* Typed conversion of a captured value into path (date, country, ...). */
void run_set_typed(run *r, const char *path, pftype type, const pspan *sp,
                   size_t nsp, const char *reader, const char *label,
                   const char *how);

/* parse_layout.c: form, table and block readers driven by labels */
void playout_read(run *r);
/* Does line li start with a label (of a field valid outside sections)? */
int playout_label_at_line(run *r, size_t li);
/* A party's lines: name (up to the first comma not before "Ltd."...), then
 * address, under prefix ("end-user", "sub-suppliers/party[2]"). */
void playout_party(run *r, const char *prefix, const pspan *sp, size_t n,
                   const char *reader, const char *label, const char *how);
/* parse_table.c: tables with a header row (items, other parties) */
void ptable_read(run *r);
/* parse_items.c: items given inline ("Dysprosium oxide, HS 2846.90, 500 kg,
 * USD 210,000"), one or several, in a form value (the spans of its lines) or
 * a sentence.  Each becomes a new items/item[n] with description, hs-code,
 * control-number, quantity and value as far as the text gives them.  Returns
 * the number of items added. */
int pitems_inline(run *r, const pspan *sp, size_t n, const char *reader,
                  const char *label, const char *how);
/* parse_prose.c: letters, undertakings, document type */
void pprose_read(run *r);
size_t pprose_sentence(const run *r, size_t off, size_t *end);
/* parse_sign.c */
void psign_read(run *r);
/* Ink found in a grey page image (8 bpp) inside box (pixels), ignoring the
 * given word boxes (pixels).  Returns the dark-pixel count that is neither
 * text nor a ruled line. */
long psign_ink(struct Pix *grey, const euc_box *area, const euc_box *words,
               size_t nwords, euc_box *found);
/* A red/coloured stamp in a 32 bpp image inside area: count of its pixels. */
long psign_red(struct Pix *rgb, const euc_box *area);
/* A round or square ring (a grey seal) inside area. */
int psign_ring(struct Pix *grey, const euc_box *area, const euc_box *words,
               size_t nwords);

#endif
