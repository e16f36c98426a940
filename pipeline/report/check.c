/* One file through the pipeline, and the report formats.  See euc_check.h. */
#define _POSIX_C_SOURCE 200809L
#include "euc/check.h"

#include <errno.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "euc/data.h"
#include "euc/parse.h"
#include "euc/report.h"

#define STAGE "report"

struct euc_checker {
    euc_ctx *ctx;
    euc_parser *parser; /* made on the first file: fixtures need none */
    euc_validator *validator;
    char *data_dir;
    char *as_of;
    double timeout;       /* <= 0: none */
    long long max_memory; /* <= 0: none */
    const char *as_name;  /* during euc_check_file_as: the name to show */
};

struct euc_check_result {
    char *file;
    euc_check_status status;
    xmlDocPtr cert;
    euc_findings *findings;
    euc_error error;
    char *data_dir; /* the checker's, for the writers */
};

const char *euc_check_status_name(euc_check_status s)
{
    switch (s) {
    case EUC_CHECK_COMPLETE: return "complete";
    case EUC_CHECK_INCOMPLETE: return "incomplete";
    case EUC_CHECK_ERROR: return "error";
    }
    return "error";
}

void euc_check_options_init(euc_check_options *o)
{
    memset(o, 0, sizeof *o);
    euc_options_init(&o->extract);
    o->timeout = EUC_CHECK_DEFAULT_TIMEOUT;
    o->max_memory = EUC_CHECK_DEFAULT_MAX_MEMORY;
}

euc_checker *euc_checker_new(const euc_check_options *o, euc_error *err)
{
    euc_checker *c = g_new0(euc_checker, 1);
    int y, m, d;

    c->data_dir = g_strdup(o->data_dir ? o->data_dir : euc_data_dir());
    if (o->as_of != NULL) {
        if (euc_date_parse(o->as_of, &y, &m, &d) != 0) {
            euc_error_set(err, EUC_ERR_USAGE, "validate", NULL,
                          "--as-of '%s' is not a date YYYY-MM-DD", o->as_of);
            goto fail;
        }
        c->as_of = g_strdup(o->as_of);
    }
    c->timeout = o->timeout;
    c->max_memory = o->max_memory;
    c->validator = euc_validator_new(c->data_dir, o->regime, o->rules,
                                     o->nrules, err);
    if (c->validator == NULL)
        goto fail;
    c->ctx = euc_ctx_new(&o->extract);
    if (c->ctx == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, "extract", NULL, "out of memory");
        goto fail;
    }
    return c;
fail:
    euc_checker_free(c);
    return NULL;
}

void euc_checker_free(euc_checker *c)
{
    if (c == NULL)
        return;
    if (c->parser != NULL)
        euc_parser_free(c->parser);
    if (c->ctx != NULL)
        euc_ctx_free(c->ctx);
    euc_validator_free(c->validator);
    g_free(c->data_dir);
    g_free(c->as_of);
    g_free(c);
}

euc_ctx *euc_checker_ctx(euc_checker *c) { return c->ctx; }

euc_validator *euc_checker_validator(euc_checker *c)
{
    return c->validator;
}

static euc_check_result *result_new(euc_checker *c, const char *name)
{
    euc_check_result *r = g_new0(euc_check_result, 1);

    r->data_dir = g_strdup(c->data_dir);
    /* the name as shown (escaped when it is no UTF-8): the file itself was
     * opened by its raw name */
    r->file = g_filename_display_name(name ? name : "");
    r->status = EUC_CHECK_ERROR;
    return r;
}

static int result_fail(euc_check_result *r, const euc_error *e,
                       euc_error *err)
{
    r->status = EUC_CHECK_ERROR;
    r->error = *e;
    if (r->error.file[0] == '\0')
        snprintf(r->error.file, sizeof r->error.file, "%s", r->file);
    if (err != NULL)
        *err = r->error;
    return -1;
}

int euc_check_certificate(euc_checker *c, const char *name, xmlDocPtr cert,
                          euc_check_result **out, euc_error *err)
{
    euc_check_result *r = result_new(c, name);
    euc_error e;

    *out = r;
    euc_error_clear(&e);
    r->cert = cert;
    if (euc_validate(c->validator, cert, c->as_of, name, &r->findings, &e) !=
        0) {
        xmlFreeDoc(r->cert);
        r->cert = NULL;
        return result_fail(r, &e, err);
    }
    r->status = euc_findings_count_severity(r->findings,
                                            EUC_SEVERITY_BLOCKING) > 0
                    ? EUC_CHECK_INCOMPLETE
                    : EUC_CHECK_COMPLETE;
    return 0;
}

void euc_check_cap_memory(long long bytes)
{
#if defined(__SANITIZE_ADDRESS__)
    /* AddressSanitizer maps terabytes of shadow memory at start: a cap on
     * the address space would fail every allocation */
    (void)bytes;
#else
    if (bytes > 0) {
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)bytes;
        setrlimit(RLIMIT_AS, &rl);
    }
#endif
}

/* Extract and parse, in this process. */
static int read_here(euc_checker *c, const char *path, xmlDocPtr *cert, euc_error *e)
{
    euc_doc *doc = NULL;
    int rc;

    if (euc_extract_file(c->ctx, path, &doc, e) != 0)
        return -1;
    rc = euc_parse(c->parser, c->ctx, doc, c->as_name ? c->as_name : path, NULL,
                   cert, NULL, e);
    euc_doc_free(doc);
    return rc;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void write_all(int fd, const void *p, size_t n)
{
    const char *q = p;

    while (n > 0) {
        ssize_t k = write(fd, q, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;
        q += k;
        n -= (size_t)k;
    }
}

/* The child's side: read the file under the memory cap and send back 'C'
 * and the certificate's XML, or 'E' and the error (plain data). */
static void child_read(euc_checker *c, const char *path, int fd)
{
    xmlDocPtr cert = NULL;
    euc_error e;

    euc_error_clear(&e);
    euc_check_cap_memory(c->max_memory);
    {
        /* test hooks: this document hangs, as a poppler loop would, or
         * takes memory until there is none, and aborts as poppler and
         * Tesseract do when an allocation fails */
        const char *hang = getenv("EUCHECK_TEST_HANG");
        const char *bomb = getenv("EUCHECK_TEST_BOMB");
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        if (hang != NULL && strcmp(hang, base) == 0)
            for (;;)
                pause();
        if (bomb != NULL && strcmp(bomb, base) == 0)
            for (;;) {
                char *p = malloc((size_t)64 << 20);
                if (p == NULL)
                    abort();
                memset(p, 1, (size_t)64 << 20);
            }
    }
    if (read_here(c, path, &cert, &e) == 0) {
        xmlChar *mem = NULL;
        int len = 0;
        xmlDocDumpMemory(cert, &mem, &len);
        if (mem != NULL) {
            write_all(fd, "C", 1);
            write_all(fd, mem, (size_t)len);
            xmlFree(mem);
            _exit(0);
        }
        euc_error_set(&e, EUC_ERR_NOMEM, "parse", path, "out of memory");
    }
    write_all(fd, "E", 1);
    write_all(fd, &e, sizeof e);
    _exit(0);
}

/* Extract and parse in a child process within the checker's limits: a
 * file that hangs is given up after the timeout, one that needs more
 * memory than the cap fails in the child, and this process goes on. */
static int read_isolated(euc_checker *c, const char *path, xmlDocPtr *cert, euc_error *e)
{
    int fds[2], status = 0, timed_out = 0;
    pid_t pid;
    GByteArray *buf = g_byte_array_new();
    double deadline = c->timeout > 0 ? now_s() + c->timeout : 0;
    int rc = -1;

    if (pipe(fds) < 0) {
        g_byte_array_free(buf, TRUE);
        return read_here(c, path, cert, e);
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        g_byte_array_free(buf, TRUE);
        return read_here(c, path, cert, e);
    }
    if (pid == 0) {
        close(fds[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* no reader outlives its caller */
        child_read(c, path, fds[1]);
    }
    close(fds[1]);
    for (;;) {
        struct pollfd pf = {fds[0], POLLIN, 0};
        int wait_ms = -1, k;
        if (deadline > 0) {
            double left = deadline - now_s();
            if (left <= 0) {
                timed_out = 1;
                break;
            }
            wait_ms = (int)(left * 1000) + 1;
        }
        k = poll(&pf, 1, wait_ms);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            break;
        if (k == 0)
            continue; /* the deadline is checked above */
        {
            guint8 chunk[65536];
            ssize_t n = read(fds[0], chunk, sizeof chunk);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            g_byte_array_append(buf, chunk, (guint)n);
        }
    }
    close(fds[0]);
    if (timed_out)
        kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (timed_out) {
        euc_error_set(e, EUC_ERR_TIMEOUT, "extract", path,
                      "gave up after %.0f s (--timeout)", c->timeout);
    } else if (buf->len > 0 && buf->data[0] == 'C' && WIFEXITED(status)) {
        *cert = xmlReadMemory((const char *)buf->data + 1, (int)buf->len - 1, "certificate.xml",
                              NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (*cert != NULL)
            rc = 0;
        else
            euc_error_set(e, EUC_ERR_INTERNAL, "parse", path,
                          "the certificate read could not be passed back");
    } else if (buf->len == 1 + sizeof *e && buf->data[0] == 'E') {
        memcpy(e, buf->data + 1, sizeof *e);
    } else if (WIFSIGNALED(status) && c->max_memory > 0) {
        /* poppler and Tesseract abort when an allocation fails */
        euc_error_set(e, EUC_ERR_TOO_LARGE, "extract", path,
                      "needed more than %lld MB of memory (--max-memory), or "
                      "crashed (signal %d)", c->max_memory / (1024 * 1024),
                      WTERMSIG(status));
    } else {
        euc_error_set(e, EUC_ERR_INTERNAL, "extract", path, "crashed (%s %d)",
                      WIFSIGNALED(status) ? "signal" : "exit status",
                      WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    }
    g_byte_array_free(buf, TRUE);
    return rc;
}

int euc_check_file(euc_checker *c, const char *path, euc_check_result **out,
                   euc_error *err)
{
    return euc_check_file_as(c, path, path, out, err);
}

int euc_check_file_as(euc_checker *c, const char *path, const char *name,
                      euc_check_result **out, euc_error *err)
{
    xmlDocPtr cert = NULL;
    euc_error e;
    int rc;

    *out = NULL;
    c->as_name = name;
    euc_error_clear(&e);
    if (c->parser == NULL) {
        /* made here, before any child: children inherit it */
        c->parser = euc_parser_new(c->data_dir, &e);
        if (c->parser == NULL)
            goto fail;
    }
    if (c->timeout > 0 || c->max_memory > 0)
        rc = read_isolated(c, path, &cert, &e);
    else
        rc = read_here(c, path, &cert, &e);
    c->as_name = NULL;
    if (rc != 0)
        goto fail;
    return euc_check_certificate(c, name, cert, out, err);
fail:
    c->as_name = NULL;
    /* the error names the file as the user knows it, not a temporary copy */
    if (strcmp(e.file, path) == 0)
        snprintf(e.file, sizeof e.file, "%s", name);
    *out = result_new(c, name);
    return result_fail(*out, &e, err);
}

static int push(GPtrArray *a, euc_check_result *r, int rc, euc_error *first,
                const euc_error *e)
{
    if (r == NULL)
        return -1;
    g_ptr_array_add(a, r);
    if (rc < 0 && first->code == EUC_OK)
        *first = *e;
    return 0;
}

int euc_check_path(euc_checker *c, const char *path, const char *name,
                   euc_check_result ***out, size_t *n, euc_error *err)
{
    GPtrArray *a = g_ptr_array_new();
    euc_unpacked *u = NULL;
    euc_check_result *r = NULL;
    euc_error first, e;
    const char *shown = name ? name : path;
    size_t i;
    int rc;

    *out = NULL;
    *n = 0;
    euc_error_clear(&first);
    euc_error_clear(&e);
    if (euc_container_kind(path) == NULL) {
        rc = euc_check_file_as(c, path, shown, &r, &e);
        if (push(a, r, rc, &first, &e) < 0)
            goto nomem;
    } else if (euc_unpack(c->ctx, path, &u, &e) < 0) {
        if (strcmp(e.file, path) == 0)
            snprintf(e.file, sizeof e.file, "%s", shown);
        r = result_new(c, shown);
        result_fail(r, &e, NULL);
        if (push(a, r, -1, &first, &e) < 0)
            goto nomem;
    } else {
        for (i = 0; i < euc_unpacked_count(u); i++) {
            char *member = g_strconcat(shown, "/", euc_unpacked_name(u, i),
                                       NULL);
            euc_error_clear(&e);
            if (euc_unpacked_path(u, i) != NULL) {
                rc = euc_check_file_as(c, euc_unpacked_path(u, i), member,
                                       &r, &e);
            } else {
                euc_error_set(&e, EUC_ERR_CORRUPT, "extract", member, "%s",
                              euc_unpacked_error(u, i));
                r = result_new(c, member);
                rc = result_fail(r, &e, NULL);
            }
            g_free(member);
            if (push(a, r, rc, &first, &e) < 0)
                goto nomem;
        }
    }
    euc_unpacked_free(u);
    *n = a->len;
    /* GLib's memory is malloc's (euc/euc.h): the array is the caller's */
    *out = (euc_check_result **)g_ptr_array_free(a, FALSE);
    if (first.code != EUC_OK) {
        if (err != NULL)
            *err = first;
        return -1;
    }
    return 0;
nomem:
    euc_unpacked_free(u);
    for (i = 0; i < a->len; i++)
        euc_check_result_free(g_ptr_array_index(a, i));
    g_ptr_array_free(a, TRUE);
    return euc_error_set(err, EUC_ERR_NOMEM, "check", shown, "out of memory");
}

void euc_check_result_free(euc_check_result *r)
{
    if (r == NULL)
        return;
    if (r->cert != NULL)
        xmlFreeDoc(r->cert);
    euc_findings_free(r->findings);
    g_free(r->data_dir);
    g_free(r->file);
    g_free(r);
}

const char *euc_check_result_file(const euc_check_result *r)
{
    return r->file;
}

euc_check_status euc_check_result_status(const euc_check_result *r)
{
    return r->status;
}

xmlDocPtr euc_check_result_certificate(const euc_check_result *r)
{
    return r->cert;
}

const euc_findings *euc_check_result_findings(const euc_check_result *r)
{
    return r->findings;
}

const euc_error *euc_check_result_error(const euc_check_result *r)
{
    return &r->error;
}

/* ---------------------------------------------------------------------- */
/* XML                                                                     */

static void quiet_xml_error(void *user, xmlErrorPtr e)
{
    (void)user;
    (void)e;
}

/* expr (a printf format over path, twice at most) evaluated in cert;
 * NULL when path is no XPath.  xmlXPathFreeObject the result. */
static xmlXPathObjectPtr eval_in(xmlNodePtr cert, const char *fmt, const char *path)
{
    char *expr = g_strdup_printf(fmt, path, path);
    xmlXPathContextPtr xc = xmlXPathNewContext(cert->doc);
    xmlXPathObjectPtr o = NULL;

    if (xc != NULL) {
        xc->node = cert;
        xmlSetStructuredErrorFunc(NULL, quiet_xml_error); /* a field is no XPath: none */
        o = xmlXPathEvalExpression((const xmlChar *)expr, xc);
        xmlSetStructuredErrorFunc(NULL, NULL);
    }
    xmlXPathFreeContext(xc);
    g_free(expr);
    return o;
}

/* The first element with evidence (page=) at or under path in cert. */
static xmlNodePtr evidence_at(xmlNodePtr cert, const char *path)
{
    xmlXPathObjectPtr o = eval_in(cert, "((%s)[1]/descendant-or-self::*[@page])[1]", path);
    xmlNodePtr at = NULL;

    if (o != NULL && o->nodesetval != NULL && o->nodesetval->nodeNr > 0)
        at = o->nodesetval->nodeTab[0];
    xmlXPathFreeObject(o);
    return at;
}

/* A finding's evidence: page= and bbox= of where its field was read, and
 * quote=, its words as written ("21 December 2025", not the value
 * "2025-12-21" made of them); for a field not found, page= and bbox= of
 * the section it was looked for in (the nearest enclosing element that
 * was read), named by section=.  "*" has none. */
static void finding_evidence(xmlNodePtr cert, xmlNodePtr fn, const char *field)
{
    static const char *const names[] = {"page", "bbox"};
    char *path, *slash;
    xmlNodePtr at = NULL;
    size_t k;

    if (cert == NULL || field[0] == '\0' || strcmp(field, "*") == 0 ||
        strchr(field, '\'') != NULL)
        return;
    path = g_strdup(field);
    at = evidence_at(cert, path);
    if (at != NULL) {
        xmlXPathObjectPtr o = eval_in(cert, "normalize-space(((%s)[1]/@raw | "
                                            "(%s)[1][not(@raw)])[1])", path);
        if (o != NULL && o->stringval != NULL && o->stringval[0] != '\0')
            xmlNewProp(fn, (const xmlChar *)"quote", o->stringval);
        xmlXPathFreeObject(o);
    }
    for (slash = strrchr(path, '/'); at == NULL && slash != NULL;
         slash = strrchr(path, '/')) {
        *slash = '\0';
        at = evidence_at(cert, path);
        if (at != NULL)
            xmlNewProp(fn, (const xmlChar *)"section", (const xmlChar *)path);
    }
    for (k = 0; at != NULL && k < 2; k++) {
        xmlChar *v = xmlGetProp(at, (const xmlChar *)names[k]);
        if (v != NULL)
            xmlNewProp(fn, (const xmlChar *)names[k], v);
        xmlFree(v);
    }
    g_free(path);
}

static xmlNodePtr check_node(const euc_check_result *r, xmlDocPtr doc)
{
    xmlNodePtr check = xmlNewDocNode(doc, NULL, (const xmlChar *)"check", NULL);
    xmlNodePtr cert = NULL;
    size_t i;

    xmlNewProp(check, (const xmlChar *)"file", (const xmlChar *)r->file);
    xmlNewProp(check, (const xmlChar *)"status",
               (const xmlChar *)euc_check_status_name(r->status));
    if (r->status == EUC_CHECK_ERROR) {
        xmlNodePtr e = xmlNewTextChild(check, NULL, (const xmlChar *)"error",
                                       (const xmlChar *)r->error.message);
        xmlNewProp(e, (const xmlChar *)"code",
                   (const xmlChar *)euc_code_name(r->error.code));
        xmlNewProp(e, (const xmlChar *)"stage",
                   (const xmlChar *)r->error.stage);
        return check;
    }
    if (r->cert != NULL && xmlDocGetRootElement(r->cert) != NULL)
        cert = xmlAddChild(check, xmlDocCopyNode(xmlDocGetRootElement(r->cert), doc, 1));
    {
        xmlNodePtr fs = xmlNewChild(check, NULL, (const xmlChar *)"findings",
                                    NULL);
        for (i = 0; i < euc_findings_count(r->findings); i++) {
            const euc_finding *f = euc_findings_get(r->findings, i);
            xmlNodePtr fn = xmlNewChild(fs, NULL, (const xmlChar *)"finding",
                                        NULL);
            xmlNewProp(fn, (const xmlChar *)"code", (const xmlChar *)f->code);
            xmlNewProp(fn, (const xmlChar *)"severity",
                       (const xmlChar *)euc_severity_name(f->severity));
            xmlNewProp(fn, (const xmlChar *)"field", (const xmlChar *)f->field);
            finding_evidence(cert, fn, f->field);
            xmlAddChild(fn, xmlNewDocText(doc, (const xmlChar *)f->message));
            xmlNewTextChild(fn, NULL, (const xmlChar *)"remedy",
                            (const xmlChar *)f->remedy);
        }
    }
    return check;
}

xmlDocPtr euc_check_result_xml(const euc_check_result *r)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");

    xmlDocSetRootElement(doc, check_node(r, doc));
    return doc;
}

/* The check command's formats are the report writers' (pipeline/report/),
 * over each result's <check> document. */
static int write_results(FILE *out, const char *format, euc_checker *c,
                         const euc_check_result *const *r, size_t n,
                         int colour, euc_error *err)
{
    euc_report_doc *docs = calloc(n ? n : 1, sizeof *docs);
    euc_report rep;
    size_t i;
    int rc;

    if (docs == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, STAGE, NULL, "out of memory");
    for (i = 0; i < n; i++) {
        docs[i].input = r[i]->file;
        docs[i].status = euc_check_status_name(r[i]->status);
        docs[i].reason = r[i]->status == EUC_CHECK_ERROR ? r[i]->error.message : "";
        docs[i].seconds = -1;
        docs[i].check = euc_check_result_xml(r[i]);
    }
    memset(&rep, 0, sizeof rep);
    rep.docs = docs;
    rep.n = n;
    rep.validator = c != NULL ? c->validator : NULL;
    rep.data_dir = n > 0 ? r[0]->data_dir : NULL;
    rep.colour = colour;
    rc = euc_report_write(out, format, &rep, err);
    for (i = 0; i < n; i++)
        xmlFreeDoc(docs[i].check);
    free(docs);
    return rc;
}

int euc_check_write_xml(FILE *out, const euc_check_result *const *r, size_t n,
                        euc_error *err)
{
    return write_results(out, "xml", NULL, r, n, 0, err);
}

int euc_check_write_json(FILE *out, const euc_check_result *const *r,
                         size_t n, euc_error *err)
{
    return write_results(out, "json", NULL, r, n, 0, err);
}

int euc_check_write_jsonl(FILE *out, const euc_check_result *const *r,
                          size_t n, euc_error *err)
{
    return write_results(out, "jsonl", NULL, r, n, 0, err);
}

int euc_check_write_text(FILE *out, euc_checker *c,
                         const euc_check_result *const *r, size_t n,
                         int colour, euc_error *err)
{
    return write_results(out, "text", c, r, n, colour, err);
}
