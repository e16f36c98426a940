/* validate-imp.h: private to the validate stage (pipeline/validate/); never
 * include it from outside that folder.  Not part of libeuc's interface
 * (that is euc/validate.h).
 *
 *   validate.c      the entry: euc_validator_new/free, euc_validate and the
 *                   run of one certificate through the checks
 *   findings.c      the findings list, severities and their order,
 *                   findings.xml (messages, remedies, summary lines) and how
 *                   a finding's field, quotes and text are made
 *   phrases.c       phrases.xml, the phrase matcher, and the XPath functions
 *                   euc:contains-phrase, euc:only-phrases, euc:phrase-match,
 *                   euc:older-than-months
 *   rules.c         reading the data files; rule files (validated against
 *                   rules.xsd, includes confined to their folders), their
 *                   params, XPath compiled and tried when loaded
 *   completeness.c  the completeness schema: the element declarations read
 *                   from it and the XSD check that turns into findings
 *
 * Ownership: the validator owns everything loaded into it (lists, msgs,
 * params, rules, summary, root_decl) and frees it in euc_validator_free.
 * A run borrows the validator and the certificate and owns its findings
 * until euc_validate hands them out.  Functions returning char * give a
 * string to g_free unless said otherwise.
 */
#ifndef EUC_VALIDATE_IMP_H
#define EUC_VALIDATE_IMP_H

#include <glib.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "euc/data.h"
#include "euc/error.h"
#include "euc/text.h"
#include "euc/validate.h"

#define STAGE "validate"
#define NS_RULES "urn:eucheck:rules"
#define NS_PHRASES "urn:eucheck:phrases"
#define NS_FINDINGS "urn:eucheck:findings"
#define NS_COMPLETENESS "urn:eucheck:completeness"
#define NS_XSD "http://www.w3.org/2001/XMLSchema"
#define NS_FUNCS "urn:eucheck:functions"

/* A required element of the completeness schema (completeness.c). */
typedef struct decl decl;

/* A named XPath expression: a rule's quote, or a summary line (name is
 * its label). */
typedef struct quote {
    char *name;
    xmlXPathCompExprPtr expr;
    /* summary lines only: expr is evaluated on each node of each (NULL: on
     * the certificate) and the values joined with sep; with no such node,
     * orelse (NULL: "") is evaluated on the certificate */
    xmlXPathCompExprPtr each, orelse;
    char *sep;
} quote;

typedef struct rule {
    char *code;
    euc_severity severity;
    int has_severity;
    char *field;
    xmlXPathCompExprPtr test;
    xmlXPathCompExprPtr evidence; /* may be NULL */
    GPtrArray *quotes;            /* quote * */
    char *message;                /* NULL: findings.xml's */
    char *remedy;
    char *file;
    int line;
} rule;

struct euc_validator {
    char *regime;
    char *data_dir;
    GHashTable *lists;    /* name -> phrase list (phrases.c) */
    GHashTable *msgs;     /* code -> message (findings.c) */
    GHashTable *params;   /* name -> value */
    GPtrArray *rules;     /* rule * */
    xmlSchemaPtr rules_xsd;
    xmlSchemaPtr completeness;
    decl *root_decl;
    xmlXPathContextPtr xp;
    GPtrArray *summary;   /* quote *: label, expression */
    GHashTable *field_names; /* path without [n] -> words (findings.xml) */
    xmlDocPtr probe;      /* <certificate/> to try rules on when loading */
    char as_of[11];
    int asy, asm_, asd;
    /* An error raised inside an XPath extension function. */
    char fn_error[256];
};

/* One certificate being validated. */
typedef struct run {
    euc_validator *v;
    xmlDocPtr cert;
    euc_findings *out;
    GHashTable *seen;     /* "CODE\tfield" */
    GPtrArray *low_nodes; /* xmlNodePtr, first-seen order */
    GHashTable *low_codes; /* xmlNodePtr -> GString of codes */
} run;

/* ---- findings.c ---- */

/* An empty list, to free with euc_findings_free. */
euc_findings *vfind_new(void);
/* code -> message table for euc_validator.msgs; it owns its entries. */
GHashTable *vfind_msgs_new(void);
int vfind_severity_parse(const char *s, euc_severity *out);
/* findings.xml into v->msgs and v->summary. */
int vfind_load(euc_validator *v, const char *path, euc_error *err);
/* Path below the root, "items/item[2]/quantity"; [n] only where siblings
 * share the name.  indexed = 0 leaves the positions out. */
char *vfind_node_path(xmlNodePtr n, int indexed);
/* n's text, white space collapsed and cut to a quote's length. */
char *vfind_node_value(xmlNodePtr n);
/* A name -> value table (both owned) for a finding's placeholders. */
GHashTable *vfind_vars_new(void);
/* x evaluated on ctx_node as a string, collapsed and cut ("" on error). */
char *vfind_eval_string(euc_validator *v, xmlXPathCompExprPtr x,
                        xmlNodePtr ctx_node);
/* Adds a finding of code (once per code and field) to r->out, its text
 * from ru when it has its own, else findings.xml's, placeholders filled
 * from vars (which gains field, as-of and value). */
void vfind_add(run *r, const char *code, const rule *ru, const char *field,
               GHashTable *vars);
/* Blocking first, then warnings, then info; stable within each. */
void vfind_sort(euc_findings *f);

/* ---- phrases.c ---- */

/* name -> phrase list table for euc_validator.lists; it owns its lists. */
GHashTable *vphrase_lists_new(void);
/* phrases.xml into v->lists. */
int vphrase_load(euc_validator *v, const char *path, euc_error *err);
/* Registers the euc: functions in v->xp (userData must be v). */
void vphrase_register_functions(euc_validator *v);

/* ---- rules.c ---- */

/* expr compiled in v's XPath context (its functions and namespaces);
 * NULL when it is not valid XPath 1.0.  xmlXPathFreeCompExpr it. */
xmlXPathCompExprPtr vrules_compile(euc_validator *v, const char *expr);
/* GDestroyNotify for quote * and rule *. */
void vrules_quote_free(gpointer data);
void vrules_rule_free(gpointer data);
/* A rule file and what it includes (depth: how deep an include this is)
 * into v->rules and v->params. */
int vrules_load_file(euc_validator *v, const char *path, int depth,
                     euc_error *err);
/* The params as XPath variables ($name): numbers when they read as one. */
void vrules_register_params(euc_validator *v);
/* Every rule tried on an empty certificate (see rules.c). */
int vrules_probe(euc_validator *v, euc_error *err);

/* ---- completeness.c ---- */

void vcomp_decl_free(decl *d);
/* The completeness schema at path into v->completeness and v->root_decl
 * (needs v->msgs loaded: its finding codes are checked against them). */
int vcomp_load(euc_validator *v, const char *path, euc_error *err);
/* The required elements r->cert lacks, as findings into r->out. */
int vcomp_check(run *r, const char *file, euc_error *err);

#endif
