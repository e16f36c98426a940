/* euc_validate: the validate stage.  Turns a parsed <certificate> (see
 * euc_parse.h and schemas/certificate.xsd) into findings: what would stall
 * the certificate's approval and how to fix it.
 *
 * Everything a finding is decided on or says is data in schemas/:
 *   completeness/REGIME.xsd  required elements, checked with libxml2's XSD
 *                            validator; each required element names in its
 *                            annotation the finding code its absence raises
 *   rules/REGIME.xml         conditional rules, XPath 1.0 tests evaluated by
 *                            libxml2 (format: schemas/rules.xsd, against which
 *                            every rule file is validated when loaded)
 *   phrases.xml              phrase lists the rules match text against, via
 *                            the XPath functions euc:contains-phrase,
 *                            euc:only-phrases and euc:phrase-match
 *   findings.xml             severity, message and remedy of each code
 *
 * A validator loads all of it once (euc_validator_new) and is then used for
 * any number of certificates.  It is not thread-safe.
 *
 * Ownership: euc_validator_new gives a validator to free with
 * euc_validator_free.  euc_validate gives a findings list to free with
 * euc_findings_free; the findings and their strings belong to the list.
 * The certificate passed to euc_validate stays the caller's and is not
 * modified.
 */
#ifndef EUC_VALIDATE_H
#define EUC_VALIDATE_H

#include <stddef.h>

#include <libxml/tree.h>

#include "euc/error.h"

typedef enum euc_severity {
    EUC_SEVERITY_BLOCKING = 0, /* would stall approval */
    EUC_SEVERITY_WARNING = 1,
    EUC_SEVERITY_INFO = 2
} euc_severity;

/* "blocking", "warning", "info". */
const char *euc_severity_name(euc_severity s);

typedef struct euc_finding {
    const char *code;    /* e.g. "END_USE_VAGUE" */
    euc_severity severity;
    const char *field;   /* path below <certificate>, e.g. "items/item[2]/quantity" */
    const char *message; /* one paragraph, plain words */
    const char *remedy;  /* what to add or change */
} euc_finding;

typedef struct euc_findings euc_findings;

/* Findings come sorted: blocking first, then warnings, then info; within a
 * severity in the order the checks ran. */
size_t euc_findings_count(const euc_findings *f);
const euc_finding *euc_findings_get(const euc_findings *f, size_t i);
size_t euc_findings_count_severity(const euc_findings *f, euc_severity s);
/* Number of findings with this code. */
size_t euc_findings_count_code(const euc_findings *f, const char *code);
void euc_findings_free(euc_findings *f);

typedef struct euc_validator euc_validator;

/* data_dir: the schemas directory (euc_data_dir() for the default).
 * regime: "cn-dual-use" (the default when NULL), "baseline", or any NAME with
 * schemas/completeness/NAME.xsd and schemas/rules/NAME.xml.
 * extra_rules: nextra paths of the user's own rule files, loaded after the
 * regime's (their params override the regime's).
 * A broken data file gives NULL and an EUC_ERR_DATA error whose message
 * names the file and line. */
euc_validator *euc_validator_new(const char *data_dir, const char *regime,
                                 const char *const *extra_rules, size_t nextra,
                                 euc_error *err);
void euc_validator_free(euc_validator *v);

const char *euc_validator_regime(const euc_validator *v);
/* The value of a rule-file <param>, or NULL.  Borrowed. */
const char *euc_validator_param(const euc_validator *v, const char *name);
/* Number of rules loaded (regime and extra files). */
size_t euc_validator_nrules(const euc_validator *v);

/* as_of: "YYYY-MM-DD" to judge staleness against, or NULL for today.
 * file: the certificate's name for error messages (may be NULL). */
int euc_validate(euc_validator *v, xmlDocPtr cert, const char *as_of,
                 const char *file, euc_findings **out, euc_error *err);

/* Phrase matching as the rules see it: non-zero when text matches the named
 * list of phrases.xml (only: the text is nothing but the list's phrases and
 * their filler words).  -1 when the list does not exist. */
int euc_validator_match(const euc_validator *v, const char *list,
                        const char *text, int only);

/* What was understood, for a report: the summary lines of findings.xml.
 * The label is borrowed; the value (possibly "") is the caller's to free()
 * (NULL when i is out of range or cert has no root). */
size_t euc_validator_nsummary(const euc_validator *v);
const char *euc_validator_summary_label(const euc_validator *v, size_t i);
char *euc_validator_summary_value(euc_validator *v, xmlDocPtr cert,
                                  size_t i);

/* A finding's field path in words, for a person ("items/item[2]/quantity"
 * is "item 2, quantity"), from findings.xml's <field-names>; v may be NULL
 * (the path's own words).  The caller's, to free(). */
char *euc_validator_field_words(const euc_validator *v, const char *path);

/* Parses a whole "YYYY-MM-DD" calendar date; -1 when it is not one. */
int euc_date_parse(const char *s, int *y, int *m, int *d);

#endif
