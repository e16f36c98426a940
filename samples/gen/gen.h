/* samples-gen: draws sample end-use certificates and the truth behind them.
 *
 * Three steps, one file each:
 *   content.c  makes a certificate (gen_cert): the facts, what it omits, how
 *              it is worded and styled, all drawn from one PRNG;
 *   layout.c   lays the certificate out as a form, a boxed table or a letter
 *              into a display list (gen_doc: pages of drawing operations plus
 *              the exact text of each page);
 *   output.c   replays the display list into each input kind (born-digital
 *              PDF, scanned PDF, PNG, TIFF, text, UTF-16 text), and truth.c
 *              writes the truth XML beside them.
 * The later kinds have a file each: formpdf.c (the fillable PDF form, laid
 * out anew from the certificate), docx.c (the Word document), mail.c (the
 * e-mail carrying NAME.pdf) and pack.c (ZIP writing for the DOCX and the
 * curated bundle.zip; blank.form.pdf).  None of them draws from a PRNG: the
 * ink they show is the display list's, so the original kinds' bytes do not
 * depend on them.
 *
 * Ownership: gen_cert_*() return a certificate the caller frees with
 * gen_cert_free; every string inside it lives in its string chunk.
 * gen_layout() returns a gen_doc the caller frees with gen_doc_free.
 * Nothing here prints except main.c.
 */
#ifndef SAMPLES_GEN_H
#define SAMPLES_GEN_H

#include <stdint.h>

#include <glib.h>

/* --- PRNG: xorshift64*, so the output depends on the seed alone ------------ */

typedef struct gen_rng {
    uint64_t s;
} gen_rng;

void gen_rng_seed(gen_rng *r, uint64_t seed);
uint64_t gen_rng_next(gen_rng *r);
int gen_rng_int(gen_rng *r, int n); /* 0 .. n-1 */
double gen_rng_unit(gen_rng *r);    /* [0, 1) */
double gen_rng_range(gen_rng *r, double lo, double hi);
int gen_rng_chance(gen_rng *r, double p);
uint64_t gen_hash_str(uint64_t h, const char *s);

#define GEN_PICK(r, arr) ((arr)[gen_rng_int((r), (int)G_N_ELEMENTS(arr))])

/* --- the certificate -------------------------------------------------------- */

typedef enum gen_shape { SHAPE_FORM, SHAPE_TABLE, SHAPE_LETTER } gen_shape;
typedef enum gen_labels { LABELS_EN, LABELS_EN_ZH, LABELS_EN_JA } gen_labels;
/* The first five are the original kinds, in their original order (the
 * default --count corpus round-robins over them); the rest came later. */
typedef enum gen_kind {
    KIND_PDF, KIND_SCAN_PDF, KIND_PNG, KIND_TIFF, KIND_TXT,
    KIND_FORM_PDF,  /* fillable PDF: labels on the page, values in AcroForm fields */
    KIND_DOCX,      /* Word document */
    KIND_UTF16,     /* the .txt as UTF-16 with BOM */
    KIND_EML,       /* e-mail with the born-digital PDF attached */
    KIND_N
} gen_kind;
#define GEN_KINDS_ORIGINAL 5

/* What a certificate may leave out; the truth names each as <omit what=>. */
typedef enum gen_omit {
    OMIT_REEXPORT,        /* no re-export undertaking nor declared re-export */
    OMIT_SUBSUP,          /* no sub-supplier list nor "none" statement */
    OMIT_SIGNATURE,       /* no ink drawn */
    OMIT_SIGNATORY,       /* no signatory name */
    OMIT_DATE,            /* no issue date, no date of signature */
    OMIT_NONMIL,          /* no assurance against military use */
    OMIT_QTY,             /* one item without quantity */
    OMIT_EU_ADDRESS,      /* end user without address */
    OMIT_REEXPORT_DEST,   /* re-export declared, no destination */
    OMIT_SUBSUP_ADDRESS,  /* a listed sub-supplier without address */
    OMIT_N
} gen_omit;

/* Wordings that are present but wrong. */
typedef enum gen_variant {
    VAR_VAGUE, VAR_MILITARY, VAR_DISTRIBUTOR, VAR_STALE, VAR_N
} gen_variant;

/* Label wordings are chosen per field. */
typedef enum gen_field {
    F_TITLE, F_CERTNO, F_ISSUE_DATE, F_CONTRACT, F_EXPORTER, F_CONSIGNEE,
    F_END_USER, F_NAME, F_ADDRESS, F_COUNTRY, F_CONTACT, F_BUSINESS,
    F_END_USE, F_END_USE_DESC, F_LOCATION, F_GOODS, F_SUBSUP, F_ROLE,
    F_REEXPORT, F_ASSURANCES, F_SIGNATURE_SECTION, F_SIGNATORY, F_SIG_TITLE,
    F_SIG_DATE, F_SIGNATURE, F_SEAL,
    F_ITEM_DESC, F_ITEM_HS, F_ITEM_CTRL, F_ITEM_QTY, F_ITEM_UNIT, F_ITEM_VALUE,
    F_N
} gen_field;

extern const char *const gen_omit_names[OMIT_N];
extern const char *const gen_kind_names[KIND_N];   /* truth input= */
extern const char *const gen_kind_suffix[KIND_N];  /* file name ending */

typedef struct gen_date {
    int y, m, d;
} gen_date;

typedef struct gen_party {
    const char *name;
    const char *addr[4];
    int naddr;
    const char *country;   /* as written */
    const char *ccode;     /* ISO 3166-1 alpha-2 */
    const char *contact;   /* NULL: not stated */
    const char *business;  /* NULL: not stated */
    const char *role;      /* sub-suppliers only */
} gen_party;

typedef struct gen_item {
    const char *desc;
    const char *hs;
    const char *ctrl;      /* NULL: not stated */
    const char *qty;       /* as written; NULL when omitted */
    const char *qty_norm;  /* plain number */
    const char *unit;
    const char *value;     /* as written, without currency */
    const char *value_norm;
    const char *currency;
} gen_item;

typedef enum gen_sub_mode { SUB_LISTED, SUB_NONE, SUB_UNSTATED } gen_sub_mode;
typedef enum gen_rx_mode { RX_NO, RX_YES, RX_UNSTATED } gen_rx_mode;

typedef struct gen_assurance {
    const char *kind; /* NULL: drawn, but not one of the contract's kinds */
    const char *text;
} gen_assurance;

typedef struct gen_style {
    int serif;            /* DejaVu Serif instead of DejaVu Sans */
    double size;          /* body text, points */
    double lead;          /* line height / size */
    double page_w, page_h;
    double ml, mr, mt, mb;
    double label_w;       /* form: value column offset; table: label column */
    int inline_values;    /* form: value right after its label */
    int heading_style;    /* 0 "1. End User", 1 "(1) END USER", 2 "Section 1 - End User" */
    int items_ctrl_col;   /* items table has a control-number column */
    int letter_phrasing;  /* letter: which wording of the certifying sentences */
    double col_frac[6];   /* items table column widths */
} gen_style;

typedef struct gen_scan {
    double angle_deg;
    int blur;             /* 0 or 1 (3x3 mean) */
    double noise;         /* std-dev-ish amplitude of pixel noise */
    double speckle;       /* fraction of pixels turned into dark specks */
    int bg;               /* background grey level, 255 = white */
    int jpeg_quality;
    int png_dpi;
    int png_4bpp;         /* 16 grey levels, as a scanner's "text" mode */
} gen_scan;

typedef struct gen_cert {
    GStringChunk *strs;
    char name[64];
    uint64_t seed;
    gen_shape shape;
    gen_labels labels;
    unsigned kinds;       /* bit per gen_kind */
    int pages_wanted;
    int lw[F_N];          /* label wording index per field */
    int cjk_all;          /* bilingual: every label, or only the main ones */
    gen_style st;
    gen_scan scan;

    const char *doc_type;
    const char *title;
    const char *subtitle; /* CJK subtitle or NULL */
    const char *cert_no;
    const char *contract_no;
    int has_date;
    gen_date date;
    const char *date_raw;
    gen_date as_of;

    gen_party exporter;
    int has_consignee;
    gen_party consignee;
    gen_party end_user;
    int eu_has_address;
    const char *end_use;
    const char *end_use_location; /* NULL: not stated */
    const char *product;          /* "traction motors", for re-export */

    gen_item items[3];
    int nitems;

    gen_sub_mode sub_mode;
    gen_party subs[2];
    int nsubs;
    const char *sub_none_text;

    gen_rx_mode rx_mode;
    const char *rx_clause;
    const char *rx_dest[3];
    const char *rx_dest_code[3];
    int nrx_dest;

    gen_assurance assur[7];
    int nassur;

    const char *sig_name;   /* NULL: not stated */
    const char *sig_title;
    int sig_has_date;       /* date written in the signature block */
    int signature;          /* ink drawn */
    int seal;               /* company seal drawn */

    int omit[OMIT_N];
    int variant[VAR_N];

    /* curated set only; no PRNG draw depends on these */
    int utf16_be;           /* NAME.utf16.txt is UTF-16BE (default LE) */
    unsigned bundle_kinds;  /* bit per gen_kind: a copy of NAME<suffix> is in
                             * bundle.zip under GEN_BUNDLE_DIR */
} gen_cert;

#define GEN_BUNDLE_NAME "bundle.zip"
#define GEN_BUNDLE_DIR "certs/"
#define GEN_BLANK_FORM "blank.form.pdf"


/* Curated set: names the certificates gen_cert_curated knows, in order. */
extern const char *const gen_curated_names[];
extern const int gen_curated_count;

gen_cert *gen_cert_curated(uint64_t seed, int index);
gen_cert *gen_cert_random(uint64_t seed, int index, gen_kind kind);
void gen_cert_free(gen_cert *c);

/* Label text for a field in the certificate's wording and languages. */
const char *gen_label(const gen_cert *c, gen_field f);
/* Date as the certificate writes it. */
char *gen_date_format(GStringChunk *strs, gen_date d, int fmt);
/* Findings the certificate should raise; codes are appended to out. */
void gen_expected_findings(const gen_cert *c, GPtrArray *out);

/* --- display list ----------------------------------------------------------- */

typedef enum gen_op_type {
    OP_TEXT, OP_LINE, OP_RECT_FILL, OP_SIGNATURE, OP_SEAL
} gen_op_type;

typedef struct gen_op {
    gen_op_type type;
    double x, y, w, h;    /* text: baseline start; line: x,y -> w,h (end) */
    double size;          /* text size, or line width */
    int serif, bold;
    double r, g, b;
    const char *text;     /* text, or the seal's company name */
    uint64_t seed;        /* signature shape */
} gen_op;

typedef struct gen_page {
    GArray *ops;          /* gen_op */
    GString *text;        /* lines joined with '\n' */
    GString *plain;       /* the same lines as a text export lays them out:
                           * runs padded with spaces to their columns */
    int nlines;
} gen_page;

typedef struct gen_doc {
    double w, h;
    GPtrArray *pages;     /* gen_page* */
    GStringChunk *strs;
    /* The .txt kind cannot hold ink: there the signature is "/s/ Name".  On
     * page sig_page, the line sig_find becomes sig_replace. */
    int sig_page;
    const char *sig_find;
    const char *sig_replace;
} gen_doc;

gen_doc *gen_layout(const gen_cert *c);
void gen_doc_free(gen_doc *d);
/* Text of the .txt input kind: the drawn text, with "/s/ Name" where ink is. */
char *gen_doc_plain_text(const gen_doc *d, int page);

/* Text measurement and drawing with the cairo toy API; CJK runs switch to
 * WenQuanYi Micro Hei. cr is a cairo_t*. */
double gen_text_width(const char *text, int serif, int bold, double size);
void gen_draw_text(void *cr, const gen_op *op);
void gen_draw_op(void *cr, const gen_op *op);
void gen_measure_done(void);

/* --- output ----------------------------------------------------------------- */

/* Writes DIR/NAME.<kind> for every kind in c->kinds, and for rot90 the extra
 * NAME.rot90.scan.png.  Returns 0, or -1 with a message in *msg (g_free). */
int gen_write_outputs(const gen_cert *c, const gen_doc *d, const char *dir,
                      int rot90, char **msg);
int gen_write_truth(const gen_cert *c, const gen_doc *d, const char *dir,
                    uint64_t seed, int rot90, char **msg);

/* output.c: the born-digital PDF (NAME.pdf's bytes) in memory; the title,
 * creator and fixed dates every PDF of the generator carries (s is a
 * cairo_surface_t*). */
GByteArray *gen_pdf_bytes(const gen_cert *c, const gen_doc *d, char **msg);
void gen_pdf_metadata(void *s, const gen_cert *c);
/* The text of NAME.txt (pages joined by form feeds, a final newline). */
char *gen_txt_text(const gen_doc *d);
/* The drawn signature of the certificate's display list, or NULL. */
const gen_op *gen_doc_signature(const gen_doc *d);

/* formpdf.c: the fillable form.  Every label, heading and undertaking is page
 * text; every value the end user typed is only in a text field, yes/no
 * answers are check boxes, ink and seal are drawn.  doc->pages' text holds,
 * per page, the labels and field values row by row (a multi-line field's
 * value on its first row); the check boxes add no text. */
typedef struct gen_form_field {
    const char *name;     /* /T */
    const char *tip;      /* /TU: the label it stands for */
    const char *value;    /* text field value, NULL: empty */
    int checkbox;         /* /Btn check box; else /Tx */
    int checked;
    int multiline;
    int page;             /* 0-based */
    double x, y, w, h;    /* page coordinates, origin top left */
    double size;          /* text size for /DA */
} gen_form_field;

typedef struct gen_form {
    gen_doc *doc;         /* pages: labels, boxes, ink; text as above */
    GArray *fields;       /* gen_form_field, in tab order */
} gen_form;

/* blank: the unfilled form (no value, no tick, no ink). */
gen_form *gen_form_layout(const gen_cert *c, const gen_doc *d, int blank);
void gen_form_free(gen_form *f);
int gen_write_form_pdf(const gen_cert *c, const gen_form *f, const char *path,
                       char **msg);

/* docx.c: the Word document, and its text as truth.c records it. */
int gen_write_docx(const gen_cert *c, const gen_doc *d, const char *path, char **msg);
char *gen_docx_text(const gen_cert *c, const gen_doc *d);

/* mail.c: the e-mail carrying NAME.pdf. */
int gen_write_eml(const gen_cert *c, const gen_doc *d, const char *path, char **msg);

/* pack.c: deterministic ZIP writing (libarchive; fixed times, owner, modes). */
typedef struct gen_zip gen_zip;
gen_zip *gen_zip_open(const char *path, char **msg);
/* A name ending in '/' is a folder (data ignored). */
int gen_zip_add(gen_zip *z, const char *name, const void *data, size_t n);
int gen_zip_close(gen_zip *z, char **msg); /* frees z */
/* bundle.zip from the curated files already in dir; blank.form.pdf. */
int gen_write_bundle(uint64_t seed, const char *dir, char **msg);
int gen_write_blank_form(uint64_t seed, const char *dir, char **msg);

#endif
