/* compare: field-by-field comparison of two <certificate> trees, and the
 * generator's truth files, shared by the accuracy tool (tests/tools/accuracy.c)
 * and the golden test (tests/test_golden.c).
 *
 * A certificate is compared leaf by leaf: every element's text and the
 * attributes that carry meaning (country @code, quantity @unit, value
 * @currency, re-export @permitted, sub-suppliers @declared-none,
 * signature/seal @present, assurance @kind; in exact mode also date @raw and
 * signature/seal @evidence).  Page, confidence and the <source> element are
 * noise and never compared.  Each leaf has a stable field name without
 * indexes ("end-user/address", "items/item/hs-code", "re-export/@permitted")
 * so results can be grouped over many documents.  Repeated elements (item,
 * party, destination, assurance) are matched as sets: each expected one is
 * paired with the got one that agrees with it on most leaves.
 *
 * Two modes:
 *   CMP_LENIENT  accuracy: forgives case, white space, punctuation and
 *                full-width forms (NFKC), compares quantities and values as
 *                numbers, accepts an address that also ends with its
 *                party's country;
 *   CMP_EXACT    golden: values must be equal after white space is squashed.
 *
 * Ownership: cmp_certificates gives a result to free with cmp_result_free;
 * the leaves and their strings belong to it.  cmp_truth_load gives a truth
 * to free with cmp_truth_free; everything reachable from it is borrowed from
 * it.  Functions returning char * give a g_malloc'd string (g_free).
 */
#ifndef EUC_TESTS_COMPARE_H
#define EUC_TESTS_COMPARE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "euc/check.h"

typedef enum cmp_mode { CMP_LENIENT, CMP_EXACT } cmp_mode;

typedef enum cmp_outcome {
    CMP_CORRECT,  /* both have it and they agree */
    CMP_WRONG,    /* both have it and they differ */
    CMP_MISSED,   /* expected has it, got has not */
    CMP_SPURIOUS  /* got has it, expected has not: a false value */
} cmp_outcome;

/* "correct", "wrong", "missed", "spurious". */
const char *cmp_outcome_name(cmp_outcome o);

typedef struct cmp_leaf {
    const char *field;    /* stable name, e.g. "items/item/quantity/@unit" */
    const char *path;     /* with indexes of the expected side where known,
                           * e.g. "items/item[2]/quantity/@unit" */
    const char *expected; /* NULL: not in the expected certificate */
    const char *got;      /* NULL: not in the got certificate */
    cmp_outcome outcome;
} cmp_leaf;

typedef struct cmp_result cmp_result;

/* expected and got are <certificate> elements; either may be NULL (then
 * every leaf of the other is missed or spurious). */
cmp_result *cmp_certificates(xmlNodePtr expected, xmlNodePtr got,
                             cmp_mode mode);
size_t cmp_result_count(const cmp_result *r);
const cmp_leaf *cmp_result_get(const cmp_result *r, size_t i);
/* Number of leaves that are not CMP_CORRECT. */
size_t cmp_result_nbad(const cmp_result *r);
void cmp_result_free(cmp_result *r);

/* The lenient normal form of a value: NFKC, case-folded, with every white
 * space, punctuation and symbol character dropped. */
char *cmp_norm_text(const char *s);
/* Non-zero when a and b are the same value of field in mode. */
int cmp_values_equal(const char *field, const char *a, const char *b,
                     cmp_mode mode);

/* --- finding codes ---------------------------------------------------------- */

/* The distinct finding codes under el (any <finding code=""> descendant),
 * sorted, NULL-terminated; g_strfreev.  el may be NULL (no codes). */
char **cmp_finding_codes(xmlNodePtr el);
/* Non-zero when the sorted code list has code. */
int cmp_codes_has(char *const *codes, const char *code);

/* --- the generator's truth (NAME.truth.xml) --------------------------------- */

typedef struct cmp_truth_file {
    const char *input;    /* pdf, scan-pdf, png, tiff, txt */
    const char *name;     /* file name, relative to the truth's directory */
    const char *rotation; /* NULL, or "90" for a rotated scan */
} cmp_truth_file;

typedef struct cmp_truth {
    xmlDocPtr doc;
    const char *name;     /* the certificate's name */
    const char *shape;    /* form, table, letter */
    const char *labels;   /* en, en-zh, en-ja */
    const char *as_of;    /* YYYY-MM-DD */
    cmp_truth_file *files;
    size_t nfiles;
    xmlNodePtr certificate;
    char **expected_codes; /* as cmp_finding_codes */
    char **omissions;      /* <omit what=""> values, NULL-terminated */
} cmp_truth;

/* NULL when path cannot be read or is not a truth file; *why (g_free) then
 * says what is wrong. */
cmp_truth *cmp_truth_load(const char *path, char **why);
void cmp_truth_free(cmp_truth *t);

/* The NAME.truth.xml files of dir, sorted, NULL-terminated; g_strfreev.
 * Paths are dir/NAME.truth.xml.  NULL when dir cannot be read. */
char **cmp_truth_paths(const char *dir);

/* Checks the sample name of dir: a file, or a document inside a container
 * ("bundle.zip/certs/a.pdf", "NAME.eml/NAME.pdf"), named as eucheck's
 * reports name it.  *out as euc_check_file gives it; NULL (and -1, err
 * set) when the container has no such member. */
int cmp_check_sample(euc_checker *c, const char *dir, const char *name,
                     euc_check_result **out, euc_error *err);
/* Where a sample's golden output goes: dir/name.expected.xml, with the '/'
 * of a container's member name as '+' ("bundle.zip+certs+a.pdf").  g_free. */
char *cmp_expected_path(const char *dir, const char *name);

/* The <certificate> element of a <check> or <certificate> document, or NULL. */
xmlNodePtr cmp_find_certificate(xmlDocPtr doc);

#endif
