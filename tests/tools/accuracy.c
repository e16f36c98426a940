/* accuracy: how well eucheck reads certificates it has never seen.
 *
 *   accuracy [--worst N] [--data DIR] DIR
 *
 * For every NAME.truth.xml the sample generator wrote into DIR (samples-gen
 * --count N --out DIR), each of the certificate's files is checked in-process
 * (one checker for the whole run, --as-of from the truth so that
 * CERTIFICATE_STALE is reproducible) and compared with the truth:
 *
 *   - field accuracy per field and per input kind: every leaf of the truth's
 *     <certificate> against the parsed one (tests/tools/compare.h, lenient
 *     mode: case, white space and punctuation are forgiven, content is not).
 *     A leaf counts when the truth or the parser has it; a value the parser
 *     invents where the truth has none is a false value.  A file that could
 *     not be processed counts every truth leaf as missed;
 *   - precision and recall per finding code and input kind, against
 *     <expected-findings> (per document: a code raised or not);
 *   - one line per document and the worst misses (document, field,
 *     expected, got), so a developer sees what still fails.
 *
 * Accuracy is a measurement, not a gate: the exit status is 0 when the run
 * completed, whatever the figures; 2 for a usage error or an empty DIR.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <libxml/parser.h>

#include "compare.h"
#include "euc/check.h"

#define PROG "accuracy"

/* The generator's input kinds, in the order the tables show them. */
static const char *const kinds[] = {"pdf", "scan-pdf", "png", "tiff", "txt",
                                    "form-pdf", "docx", "utf16", "eml", "zip"};
#define NKINDS ((int)G_N_ELEMENTS(kinds))
#define ALL NKINDS /* the column of every kind together */

typedef struct tally {
    unsigned n[4]; /* by cmp_outcome */
} tally;

typedef struct field_stat {
    char *field;
    unsigned seq; /* order of first appearance */
    tally t[NKINDS + 1];
} field_stat;

typedef struct code_stat {
    char *code;
    unsigned tp[NKINDS + 1], fp[NKINDS + 1], fn[NKINDS + 1];
} code_stat;

typedef struct group_stat {
    char *name; /* "shape form", "labels en-zh" */
    tally t[NKINDS + 1];
    unsigned ndocs;
} group_stat;

typedef struct miss {
    char *file;
    char *field;
    char *path;
    char *expected;
    char *got;
    cmp_outcome outcome;
} miss;

typedef struct run {
    GPtrArray *fields;   /* field_stat*, in order of first appearance */
    GHashTable *by_field;
    GPtrArray *codes;    /* code_stat* */
    GPtrArray *misses;   /* miss* */
    GPtrArray *doclines; /* char* */
    GPtrArray *errors;   /* char* */
    GPtrArray *groups;   /* group_stat*: overall by layout and by labels */
    unsigned ndocs[NKINDS + 1], nperfect[NKINDS + 1], nerr[NKINDS + 1];
    double seconds[NKINDS + 1];
} run;

static int kind_index(const char *input)
{
    for (int k = 0; k < NKINDS; k++)
        if (strcmp(kinds[k], input) == 0)
            return k;
    return -1;
}

static unsigned tally_total(const tally *t)
{
    return t->n[0] + t->n[1] + t->n[2] + t->n[3];
}

static field_stat *field_get(run *r, const char *field)
{
    field_stat *f = g_hash_table_lookup(r->by_field, field);
    if (f == NULL) {
        f = g_new0(field_stat, 1);
        f->field = g_strdup(field);
        f->seq = r->fields->len;
        g_ptr_array_add(r->fields, f);
        g_hash_table_insert(r->by_field, f->field, f);
    }
    return f;
}

static code_stat *code_get(run *r, const char *code)
{
    for (guint i = 0; i < r->codes->len; i++) {
        code_stat *c = g_ptr_array_index(r->codes, i);
        if (strcmp(c->code, code) == 0)
            return c;
    }
    code_stat *c = g_new0(code_stat, 1);
    c->code = g_strdup(code);
    g_ptr_array_add(r->codes, c);
    return c;
}

static group_stat *group_get(run *r, const char *what, const char *value)
{
    char *name = g_strdup_printf("%s %s", what, value != NULL ? value : "?");
    group_stat *g = NULL;

    for (guint i = 0; i < r->groups->len && g == NULL; i++)
        if (strcmp(((group_stat *)g_ptr_array_index(r->groups, i))->name, name) == 0)
            g = g_ptr_array_index(r->groups, i);
    if (g == NULL) {
        g = g_new0(group_stat, 1);
        g->name = name;
        g_ptr_array_add(r->groups, g);
    } else {
        g_free(name);
    }
    return g;
}

static void group_stat_free(gpointer p)
{
    group_stat *g = p;
    g_free(g->name);
    g_free(g);
}

static void miss_free(gpointer p)
{
    miss *m = p;
    g_free(m->file);
    g_free(m->field);
    g_free(m->path);
    g_free(m->expected);
    g_free(m->got);
    g_free(m);
}

static void field_stat_free(gpointer p)
{
    field_stat *f = p;
    g_free(f->field);
    g_free(f);
}

static void code_stat_free(gpointer p)
{
    code_stat *c = p;
    g_free(c->code);
    g_free(c);
}

/* The codes of a result's findings, as cmp_finding_codes gives them. */
static char **result_codes(const euc_check_result *res)
{
    const euc_findings *f = euc_check_result_findings(res);
    GPtrArray *a = g_ptr_array_new();
    size_t n = f != NULL ? euc_findings_count(f) : 0;

    for (size_t i = 0; i < n; i++) {
        const char *code = euc_findings_get(f, i)->code;
        int seen = 0;
        for (guint j = 0; j < a->len && !seen; j++)
            seen = strcmp(g_ptr_array_index(a, j), code) == 0;
        if (!seen)
            g_ptr_array_add(a, g_strdup(code));
    }
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

static void tally_codes(run *r, int k, char **expected, char **got,
                        GString *missing, GString *extra)
{
    for (size_t i = 0; expected[i] != NULL; i++) {
        code_stat *c = code_get(r, expected[i]);
        if (cmp_codes_has(got, expected[i])) {
            c->tp[k]++;
            c->tp[ALL]++;
        } else {
            c->fn[k]++;
            c->fn[ALL]++;
            g_string_append_printf(missing, " %s", expected[i]);
        }
    }
    for (size_t i = 0; got[i] != NULL; i++) {
        if (cmp_codes_has(expected, got[i]))
            continue;
        code_stat *c = code_get(r, got[i]);
        c->fp[k]++;
        c->fp[ALL]++;
        g_string_append_printf(extra, " %s", got[i]);
    }
}

static void record(run *r, const cmp_truth *t, const cmp_truth_file *tf, int k,
                   const euc_check_result *res, const euc_error *err,
                   double secs)
{
    xmlDocPtr cert = res != NULL ? euc_check_result_certificate(res) : NULL;
    cmp_result *cr = cmp_certificates(t->certificate,
                                      cert != NULL ? xmlDocGetRootElement(cert) : NULL,
                                      CMP_LENIENT);
    char **got = res != NULL && cert != NULL ? result_codes(res) : g_new0(char *, 1);
    GString *missing = g_string_new(NULL), *extra = g_string_new(NULL);
    unsigned ok = 0, n = (unsigned)cmp_result_count(cr);
    group_stat *gs = group_get(r, "layout", t->shape), *gl = group_get(r, "labels", t->labels);

    gs->ndocs++;
    gl->ndocs++;
    for (size_t i = 0; i < cmp_result_count(cr); i++) {
        const cmp_leaf *l = cmp_result_get(cr, i);
        field_stat *f = field_get(r, l->field);
        f->t[k].n[l->outcome]++;
        f->t[ALL].n[l->outcome]++;
        gs->t[k].n[l->outcome]++;
        gs->t[ALL].n[l->outcome]++;
        gl->t[k].n[l->outcome]++;
        gl->t[ALL].n[l->outcome]++;
        if (l->outcome == CMP_CORRECT) {
            ok++;
            continue;
        }
        miss *m = g_new0(miss, 1);
        m->file = g_strdup(tf->name);
        m->field = g_strdup(l->field);
        m->path = g_strdup(l->path);
        m->expected = g_strdup(l->expected);
        m->got = g_strdup(l->got);
        m->outcome = l->outcome;
        g_ptr_array_add(r->misses, m);
    }
    tally_codes(r, k, t->expected_codes, got, missing, extra);
    r->ndocs[k]++;
    r->ndocs[ALL]++;
    r->seconds[k] += secs;
    r->seconds[ALL] += secs;
    if (ok == n && missing->len == 0 && extra->len == 0) {
        r->nperfect[k]++;
        r->nperfect[ALL]++;
    }
    if (cert == NULL) {
        r->nerr[k]++;
        r->nerr[ALL]++;
        g_ptr_array_add(r->errors,
                        g_strdup_printf("%s (%s): %s: %s", tf->name, kinds[k],
                                        err->stage, err->message));
    }
    g_ptr_array_add(r->doclines,
                    g_strdup_printf("%-28s %-8s %-6s %-5s %3u/%-3u%s%s%s%s%s",
                                    tf->name, kinds[k], t->shape ? t->shape : "?",
                                    t->labels ? t->labels : "?", ok, n,
                                    cert == NULL ? "  ERROR" : "",
                                    missing->len ? "  missed:" : "", missing->str,
                                    extra->len ? "  extra:" : "", extra->str));
    g_string_free(missing, TRUE);
    g_string_free(extra, TRUE);
    g_strfreev(got);
    cmp_result_free(cr);
}

/* --- printing -------------------------------------------------------------- */

static void print_cell_acc(const tally *t)
{
    unsigned n = tally_total(t);
    if (n == 0)
        printf(" %11s", "-");
    else
        printf(" %5.1f%% %4u", 100.0 * t->n[CMP_CORRECT] / n, n);
}

static void print_kind_header(const char *first, int width)
{
    printf("%-*s", width, first);
    for (int k = 0; k < NKINDS; k++)
        printf(" %11s", kinds[k]);
    printf(" %11s", "all");
}

/* The top-level elements in the order of the parse output contract, so the
 * table reads like a certificate whatever the first document held. */
static const char *const contract_order[] = {
    "document-type", "certificate-number", "issue-date", "valid-until",
    "contract-number", "exporter", "consignee", "end-user", "end-use", "items",
    "sub-suppliers", "re-export", "assurances", "signatory"};

static int contract_rank(const char *field)
{
    size_t n = strcspn(field, "/");
    for (size_t i = 0; i < G_N_ELEMENTS(contract_order); i++)
        if (strlen(contract_order[i]) == n && strncmp(contract_order[i], field, n) == 0)
            return (int)i;
    return (int)G_N_ELEMENTS(contract_order);
}

static gint field_order(gconstpointer a, gconstpointer b)
{
    const field_stat *x = *(field_stat *const *)a, *y = *(field_stat *const *)b;
    int rx = contract_rank(x->field), ry = contract_rank(y->field);
    if (rx != ry)
        return rx - ry;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static gint group_order(gconstpointer a, gconstpointer b)
{
    return strcmp((*(group_stat *const *)a)->name, (*(group_stat *const *)b)->name);
}

static void print_fields(run *r)
{
    tally total[NKINDS + 1];

    memset(total, 0, sizeof total);
    g_ptr_array_sort(r->fields, field_order);
    g_ptr_array_sort(r->groups, group_order);
    printf("\nField accuracy (correct share of the leaves the truth or the parser has; n after it)\n\n");
    print_kind_header("field", 38);
    printf("   wrong missed spurious\n");
    for (guint i = 0; i < r->fields->len; i++) {
        const field_stat *f = g_ptr_array_index(r->fields, i);
        printf("%-38s", f->field);
        for (int k = 0; k <= NKINDS; k++) {
            print_cell_acc(&f->t[k]);
            for (int o = 0; o < 4; o++)
                total[k].n[o] += f->t[k].n[o];
        }
        printf("   %5u %6u %8u\n", f->t[ALL].n[CMP_WRONG], f->t[ALL].n[CMP_MISSED],
               f->t[ALL].n[CMP_SPURIOUS]);
    }
    printf("%-38s", "OVERALL (every leaf)");
    for (int k = 0; k <= NKINDS; k++)
        print_cell_acc(&total[k]);
    printf("   %5u %6u %8u\n", total[ALL].n[CMP_WRONG], total[ALL].n[CMP_MISSED],
           total[ALL].n[CMP_SPURIOUS]);
    for (guint i = 0; i < r->groups->len; i++) {
        const group_stat *g = g_ptr_array_index(r->groups, i);
        char *label = g_strdup_printf("  %s (%u files)", g->name, g->ndocs);
        printf("%-38s", label);
        for (int k = 0; k <= NKINDS; k++)
            print_cell_acc(&g->t[k]);
        printf("   %5u %6u %8u\n", g->t[ALL].n[CMP_WRONG], g->t[ALL].n[CMP_MISSED],
               g->t[ALL].n[CMP_SPURIOUS]);
        g_free(label);
    }
    printf("%-38s", "documents (all fields and findings right)");
    for (int k = 0; k <= NKINDS; k++)
        if (r->ndocs[k] == 0)
            printf(" %11s", "-");
        else
            printf(" %6u/%-4u", r->nperfect[k], r->ndocs[k]);
    printf("\n");
    printf("%-38s", "errors (file not processed)");
    for (int k = 0; k <= NKINDS; k++)
        printf(" %11u", r->nerr[k]);
    printf("\n%-38s", "seconds per file");
    for (int k = 0; k <= NKINDS; k++)
        if (r->ndocs[k] == 0)
            printf(" %11s", "-");
        else
            printf(" %11.2f", r->seconds[k] / r->ndocs[k]);
    printf("\n");
}

static void ratio(char *buf, size_t n, unsigned num, unsigned den)
{
    if (den == 0)
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%4.2f", (double)num / den);
}

static gint code_order(gconstpointer a, gconstpointer b)
{
    const code_stat *x = *(code_stat *const *)a, *y = *(code_stat *const *)b;
    return strcmp(x->code, y->code);
}

static void print_codes(run *r)
{
    unsigned nnever = 0;

    g_ptr_array_sort(r->codes, code_order);
    printf("\nFindings: precision / recall per code (per document; - where undefined)\n\n");
    print_kind_header("code", 33);
    printf("    tp   fp   fn\n%-33s", "");
    for (int k = 0; k <= NKINDS; k++)
        printf(" %5s %5s", "P", "R");
    printf("\n");
    for (guint i = 0; i < r->codes->len; i++) {
        const code_stat *c = g_ptr_array_index(r->codes, i);
        int never = c->tp[ALL] + c->fn[ALL] == 0;
        char *label = g_strconcat(c->code, never ? " *" : "", NULL);
        nnever += never;
        printf("%-33s", label);
        g_free(label);
        for (int k = 0; k <= NKINDS; k++) {
            char p[16], rc[16];
            ratio(p, sizeof p, c->tp[k], c->tp[k] + c->fp[k]);
            ratio(rc, sizeof rc, c->tp[k], c->tp[k] + c->fn[k]);
            printf(" %5s %5s", p, rc);
        }
        printf("  %4u %4u %4u\n", c->tp[ALL], c->fp[ALL], c->fn[ALL]);
    }
    if (nnever > 0)
        printf("* no truth in this corpus expects the code: each one raised is a false\n"
               "  positive, or a code the generator does not model (LOW_OCR_CONFIDENCE)\n");
}

static double field_accuracy(run *r, const char *field)
{
    const field_stat *f = g_hash_table_lookup(r->by_field, field);
    unsigned n = f != NULL ? tally_total(&f->t[ALL]) : 0;
    return n == 0 ? 1.0 : (double)f->t[ALL].n[CMP_CORRECT] / n;
}

static run *sort_run; /* g_ptr_array_sort has no user data in old GLib */

static gint miss_order(gconstpointer a, gconstpointer b)
{
    const miss *x = *(miss *const *)a, *y = *(miss *const *)b;
    double ax = field_accuracy(sort_run, x->field);
    double ay = field_accuracy(sort_run, y->field);
    int c;

    if (ax != ay)
        return ax < ay ? -1 : 1;
    c = strcmp(x->field, y->field);
    return c != 0 ? c : strcmp(x->file, y->file);
}

/* One line of a value: new lines shown as " | ", long values cut. */
static char *shown(const char *s)
{
    GString *g;

    if (s == NULL)
        return g_strdup("(none)");
    g = g_string_new("\"");
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '\n')
            g_string_append(g, " | ");
        else
            g_string_append_c(g, *p);
    }
    if (g_utf8_strlen(g->str, -1) > 70) {
        const char *cut = g_utf8_offset_to_pointer(g->str, 67);
        g_string_truncate(g, (gsize)(cut - g->str));
        g_string_append(g, "...");
    }
    g_string_append_c(g, '"');
    return g_string_free(g, FALSE);
}

static void print_misses(run *r, unsigned worst)
{
    unsigned per_field = 0, shown_n = 0;
    const char *last = NULL;

    sort_run = r;
    g_ptr_array_sort(r->misses, miss_order);
    printf("\nWorst misses (fields with the lowest accuracy first; at most 3 per field, %u in all;"
           " %u misses in total)\n\n",
           worst, r->misses->len);
    for (guint i = 0; i < r->misses->len && shown_n < worst; i++) {
        const miss *m = g_ptr_array_index(r->misses, i);
        char *e, *g;
        if (last == NULL || strcmp(last, m->field) != 0) {
            per_field = 0;
            last = m->field;
        }
        if (per_field++ >= 3)
            continue;
        e = shown(m->expected);
        g = shown(m->got);
        printf("%-28s %-40s %-8s\n    expected %s\n    got      %s\n", m->file, m->path,
               cmp_outcome_name(m->outcome), e, g);
        g_free(e);
        g_free(g);
        shown_n++;
    }
}

static void print_report(run *r, unsigned worst, unsigned ncerts)
{
    printf("eucheck accuracy: %u certificates, %u files (", ncerts, r->ndocs[ALL]);
    for (int k = 0; k < NKINDS; k++)
        printf("%s%s %u", k ? ", " : "", kinds[k], r->ndocs[k]);
    printf("), %u errors, %.1f s\n", r->errors->len, r->seconds[ALL]);
    print_fields(r);
    print_codes(r);
    printf("\nDocuments (fields right/compared; findings missed and extra)\n\n");
    for (guint i = 0; i < r->doclines->len; i++)
        printf("%s\n", (const char *)g_ptr_array_index(r->doclines, i));
    if (r->errors->len > 0) {
        printf("\nErrors (%u)\n\n", r->errors->len);
        for (guint i = 0; i < r->errors->len; i++)
            printf("%s\n", (const char *)g_ptr_array_index(r->errors, i));
    }
    print_misses(r, worst);
}

/* --- main ------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " [--worst N] [--data DIR] DIR\n"
               "\n"
               "Checks every file of every NAME.truth.xml in DIR (written by\n"
               "samples-gen --count N --out DIR) and prints field accuracy per field\n"
               "and input kind, finding precision and recall per code, and the worst\n"
               "misses.  Exit status 0 when it ran, whatever the figures.\n"
               "\n"
               "  --worst N   how many misses to list (default 60)\n"
               "  --data DIR  eucheck's schemas/ (default: as eucheck finds it)\n");
}

/* A checker judges staleness against the date it was made with, so a truth
 * with another as-of needs a checker of its own. */
static euc_checker *checker_for(euc_checker *c, char **have, const char *as_of,
                                const char *data, euc_error *err)
{
    euc_check_options o;

    if (c != NULL && *have != NULL && strcmp(*have, as_of) == 0)
        return c;
    euc_checker_free(c);
    g_free(*have);
    *have = g_strdup(as_of);
    euc_check_options_init(&o);
    o.data_dir = data;
    o.as_of = as_of;
    return euc_checker_new(&o, err);
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *data = NULL;
    unsigned worst = 60, ncerts = 0;
    char **paths = NULL, *have_as_of = NULL;
    euc_checker *c = NULL;
    euc_error err;
    run r;
    int rc = 2, progress = isatty(STDERR_FILENO);

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--worst") == 0 && i + 1 < argc) {
            char *end = NULL;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (end == NULL || *end != '\0') {
                usage(stderr);
                return 2;
            }
            worst = (unsigned)v;
        } else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc) {
            data = argv[++i];
        } else if (argv[i][0] == '-' || dir != NULL) {
            usage(stderr);
            return 2;
        } else {
            dir = argv[i];
        }
    }
    if (dir == NULL) {
        usage(stderr);
        return 2;
    }
    paths = cmp_truth_paths(dir);
    if (paths == NULL || paths[0] == NULL) {
        fprintf(stderr, PROG ": %s: no NAME.truth.xml files (write some with samples-gen)\n",
                dir);
        g_strfreev(paths);
        return 2;
    }

    memset(&r, 0, sizeof r);
    r.fields = g_ptr_array_new_with_free_func(field_stat_free);
    r.by_field = g_hash_table_new(g_str_hash, g_str_equal);
    r.codes = g_ptr_array_new_with_free_func(code_stat_free);
    r.misses = g_ptr_array_new_with_free_func(miss_free);
    r.doclines = g_ptr_array_new_with_free_func(g_free);
    r.groups = g_ptr_array_new_with_free_func(group_stat_free);
    r.errors = g_ptr_array_new_with_free_func(g_free);

    for (size_t i = 0; paths[i] != NULL; i++) {
        char *why = NULL;
        cmp_truth *t = cmp_truth_load(paths[i], &why);
        if (t == NULL) {
            g_ptr_array_add(r.errors, g_strdup_printf("%s: %s", paths[i], why));
            g_free(why);
            continue;
        }
        euc_error_clear(&err);
        c = checker_for(c, &have_as_of, t->as_of, data, &err);
        if (c == NULL) {
            fprintf(stderr, PROG ": cannot load eucheck's data: %s: %s\n", err.file,
                    err.message);
            cmp_truth_free(t);
            goto cleanup;
        }
        ncerts++;
        for (size_t j = 0; j < t->nfiles; j++) {
            const cmp_truth_file *tf = &t->files[j];
            int k = kind_index(tf->input);
            char *path = g_build_filename(dir, tf->name, NULL);
            euc_check_result *res = NULL;
            gint64 t0 = g_get_monotonic_time();

            if (k < 0) {
                g_ptr_array_add(r.errors, g_strdup_printf("%s: unknown input kind '%s'",
                                                          tf->name, tf->input));
                g_free(path);
                continue;
            }
            euc_error_clear(&err);
            if (cmp_check_sample(c, dir, tf->name, &res, &err) != 0 && res == NULL &&
                err.code == EUC_OK)
                euc_error_set(&err, EUC_ERR_NOMEM, "check", path, "out of memory");
            record(&r, t, tf, k, res, &err, (double)(g_get_monotonic_time() - t0) / 1e6);
            if (progress)
                fprintf(stderr, "\r" PROG ": %u files", r.ndocs[ALL]);
            euc_check_result_free(res);
            g_free(path);
        }
        cmp_truth_free(t);
    }
    if (progress)
        fprintf(stderr, "\n");
    print_report(&r, worst, ncerts);
    rc = 0;

cleanup:
    euc_checker_free(c);
    g_free(have_as_of);
    g_strfreev(paths);
    g_ptr_array_free(r.fields, TRUE);
    g_hash_table_destroy(r.by_field);
    g_ptr_array_free(r.codes, TRUE);
    g_ptr_array_free(r.misses, TRUE);
    g_ptr_array_free(r.doclines, TRUE);
    g_ptr_array_free(r.groups, TRUE);
    g_ptr_array_free(r.errors, TRUE);
    xmlCleanupParser();
    return rc;
}
