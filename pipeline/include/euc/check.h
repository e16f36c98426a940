/* euc_check: one file through extract -> parse -> validate, and the report
 * formats (text for a person, <check> XML, JSON).  `eucheck check` and the
 * batch command are thin layers over this.
 *
 * A checker holds what is loaded once per process: the extract context (and
 * its Tesseract handle), the parser's vocabularies, the validator's schemas,
 * rules, phrases and messages.  Not thread-safe: one checker per process.
 *
 * Ownership: euc_checker_new gives a checker to free with euc_checker_free.
 * euc_check_file and euc_check_certificate give a result to free with
 * euc_check_result_free; what the accessors return is borrowed from the
 * result.  euc_check_result_xml gives a document to free with xmlFreeDoc.
 * The writers write to the caller's stream and close nothing.
 */
#ifndef EUC_CHECK_H
#define EUC_CHECK_H

#include <stddef.h>
#include <stdio.h>

#include <libxml/tree.h>

#include "euc/error.h"
#include "euc/extract.h"
#include "euc/report.h"
#include "euc/validate.h"

typedef enum euc_check_status {
    EUC_CHECK_COMPLETE = 0,   /* no blocking finding */
    EUC_CHECK_INCOMPLETE = 1, /* at least one blocking finding */
    EUC_CHECK_ERROR = 2       /* the file could not be processed */
} euc_check_status;

/* "complete", "incomplete", "error". */
const char *euc_check_status_name(euc_check_status s);

typedef struct euc_check_options {
    const char *data_dir;     /* NULL: euc_data_dir() */
    const char *regime;       /* NULL: "cn-dual-use" */
    const char *const *rules; /* the user's own rule files, nrules of them */
    size_t nrules;
    const char *as_of;        /* "YYYY-MM-DD", NULL: today */
    euc_options extract;      /* dpi, OCR languages, ... */
    /* Limits on reading one file (extract and parse), which then runs in a
     * child process that is killed past them, so that no file can hang
     * the caller or starve it of memory: seconds of wall clock (default
     * 120) and bytes of address space (default 1 GiB); either <= 0 turns
     * that limit off, both <= 0 read in the caller's process. */
    double timeout;
    long long max_memory;
} euc_check_options;

/* Caps this process's address space at bytes (<= 0: no cap); not under
 * AddressSanitizer, whose shadow memory is mapped up front. */
void euc_check_cap_memory(long long bytes);
#define EUC_CHECK_DEFAULT_TIMEOUT 120.0
#define EUC_CHECK_DEFAULT_MAX_MEMORY (1024LL * 1024 * 1024)
void euc_check_options_init(euc_check_options *o);

typedef struct euc_checker euc_checker;
typedef struct euc_check_result euc_check_result;

/* Loads everything; a broken data file or a bad option gives NULL and err. */
euc_checker *euc_checker_new(const euc_check_options *o, euc_error *err);
void euc_checker_free(euc_checker *c);
euc_validator *euc_checker_validator(euc_checker *c);
/* The checker's extract context (borrowed), e.g. for euc_report_thumbnails. */
euc_ctx *euc_checker_ctx(euc_checker *c);

/* Checks one file.  *out is always set (NULL only when memory runs out);
 * when the file cannot be processed the result has status error, its error
 * is copied into err, and -1 is returned. */
int euc_check_file(euc_checker *c, const char *path, euc_check_result **out,
                   euc_error *err);
/* The same, for the file at path shown everywhere (reports, errors, the
 * certificate's source/@file) as name: standard input read into a
 * temporary file is shown as "-" or the name the user gives. */
int euc_check_file_as(euc_checker *c, const char *path, const char *name,
                      euc_check_result **out, euc_error *err);

/* Checks the file at path, or, when it is a container (a ZIP archive, an
 * e-mail), each document in it, in order.  A member is shown as
 * "NAME/member" (NAME is path's name, or name when not NULL); a member
 * that could not be taken out, and a container refused as a whole, are
 * error results of their own.  *out is a new array of *n results (the
 * caller frees each with euc_check_result_free, then the array with
 * free()); -1 when any result is an error (err: the first), or when memory
 * runs out (*out NULL). */
int euc_check_path(euc_checker *c, const char *path, const char *name,
                   euc_check_result ***out, size_t *n, euc_error *err);

/* Validates a certificate already parsed; cert is taken over by the result
 * (freed with it, also on failure).  name is shown as the file. */
int euc_check_certificate(euc_checker *c, const char *name, xmlDocPtr cert,
                          euc_check_result **out, euc_error *err);

void euc_check_result_free(euc_check_result *r);

const char *euc_check_result_file(const euc_check_result *r);
euc_check_status euc_check_result_status(const euc_check_result *r);
/* NULL for an error result. */
xmlDocPtr euc_check_result_certificate(const euc_check_result *r);
/* NULL for an error result. */
const euc_findings *euc_check_result_findings(const euc_check_result *r);
/* The error of an error result (code EUC_OK otherwise). */
const euc_error *euc_check_result_error(const euc_check_result *r);

/* The result as a <check> document (schemas/check.xsd). */
xmlDocPtr euc_check_result_xml(const euc_check_result *r);

/* One result: <check>; several: <checks> around them. */
int euc_check_write_xml(FILE *out, const euc_check_result *const *r, size_t n,
                        euc_error *err);
/* {"eucheck": VERSION, "results": [...]} for any number of results, the
 * shape of schemas/check.schema.json (README "JSON output"). */
int euc_check_write_json(FILE *out, const euc_check_result *const *r,
                         size_t n, euc_error *err);
/* JSON Lines: each result object of the above on a line of its own. */
int euc_check_write_jsonl(FILE *out, const euc_check_result *const *r,
                          size_t n, euc_error *err);
/* A report a person reads; colour: ANSI colours on. */
int euc_check_write_text(FILE *out, euc_checker *c,
                         const euc_check_result *const *r, size_t n,
                         int colour, euc_error *err);


#endif
