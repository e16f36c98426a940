/* The validate stage: euc_validator_new loads the data files (see
 * validate-imp.h for which file does what), euc_validate runs one
 * certificate through the completeness check and the rules.  See
 * euc/validate.h for the data files and ownership. */
#define _POSIX_C_SOURCE 200809L
#include "validate-imp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libxml/xpathInternals.h>

#include "euc/date.h"

/* The strict check is the shared one; a year before 1900 is a misreading
 * here, since no certificate or as-of date is that old. */
int euc_date_parse(const char *s, int *y, int *m, int *d)
{
    if (euc_date_parse_iso(s, y, m, d) != 0 || *y < 1900)
        return -1;
    return 0;
}

static int set_as_of(euc_validator *v, const char *as_of, euc_error *err)
{
    char buf[11], iso[48];

    if (as_of == NULL) {
        time_t now = time(NULL);
        struct tm tmv;
        localtime_r(&now, &tmv);
        strftime(buf, sizeof buf, "%Y-%m-%d", &tmv);
        as_of = buf;
    }
    if (euc_date_parse(as_of, &v->asy, &v->asm_, &v->asd) != 0)
        return euc_error_set(err, EUC_ERR_USAGE, STAGE, NULL,
                             "as-of date '%s' is not YYYY-MM-DD", as_of);
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", v->asy, v->asm_, v->asd);
    /* euc_date_parse gave four, two and two digits: it fits. */
    memcpy(v->as_of, iso, sizeof v->as_of - 1);
    v->as_of[sizeof v->as_of - 1] = '\0';
    xmlXPathRegisterVariable(v->xp, (const xmlChar *)"as-of",
                             xmlXPathNewCString(v->as_of));
    return 0;
}

euc_validator *euc_validator_new(const char *data_dir, const char *regime,
                                 const char *const *extra_rules, size_t nextra,
                                 euc_error *err)
{
    euc_validator *v = g_new0(euc_validator, 1);
    char *path = NULL;
    size_t i;

    if (data_dir == NULL)
        data_dir = "schemas";
    if (regime == NULL)
        regime = "cn-dual-use";
    v->regime = g_strdup(regime);
    v->data_dir = g_strdup(data_dir);
    v->lists = vphrase_lists_new();
    v->msgs = vfind_msgs_new();
    v->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    v->rules = g_ptr_array_new_with_free_func(vrules_rule_free);
    v->summary = g_ptr_array_new_with_free_func(vrules_quote_free);
    v->field_names = g_hash_table_new_full(g_str_hash, g_str_equal, free, free);
    v->probe = xmlNewDoc((const xmlChar *)"1.0");
    xmlDocSetRootElement(v->probe,
                         xmlNewNode(NULL, (const xmlChar *)"certificate"));
    v->xp = xmlXPathNewContext(v->probe);
    if (v->xp == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, STAGE, NULL, "out of memory");
        goto fail;
    }
    v->xp->userData = v;
    vphrase_register_functions(v);

    path = g_build_filename(data_dir, "phrases.xml", NULL);
    if (vphrase_load(v, path, err) != 0)
        goto fail;
    g_free(path);
    path = g_build_filename(data_dir, "findings.xml", NULL);
    if (vfind_load(v, path, err) != 0)
        goto fail;
    g_free(path);
    path = g_build_filename(data_dir, "rules.xsd", NULL);
    v->rules_xsd = euc_data_schema(path, STAGE, err);
    if (v->rules_xsd == NULL)
        goto fail;
    g_free(path);
    path = g_strdup_printf("%s/completeness/%s.xsd", data_dir, regime);
    if (!g_file_test(path, G_FILE_TEST_EXISTS)) {
        euc_error_set(err, EUC_ERR_USAGE, STAGE, NULL,
                      "unknown regime '%s' (no %s)", regime, path);
        goto fail;
    }
    if (vcomp_load(v, path, err) != 0)
        goto fail;
    g_free(path);
    path = g_strdup_printf("%s/rules/%s.xml", data_dir, regime);
    if (vrules_load_file(v, path, 0, err) != 0)
        goto fail;
    for (i = 0; i < nextra; i++)
        if (vrules_load_file(v, extra_rules[i], 0, err) != 0)
            goto fail;
    vrules_register_params(v);
    if (set_as_of(v, NULL, err) != 0 || vrules_probe(v, err) != 0)
        goto fail;
    g_free(path);
    return v;
fail:
    g_free(path);
    euc_validator_free(v);
    return NULL;
}

void euc_validator_free(euc_validator *v)
{
    if (v == NULL)
        return;
    if (v->rules != NULL)
        g_ptr_array_free(v->rules, TRUE);
    if (v->summary != NULL)
        g_ptr_array_free(v->summary, TRUE);
    vcomp_decl_free(v->root_decl);
    if (v->xp != NULL)
        xmlXPathFreeContext(v->xp);
    if (v->probe != NULL)
        xmlFreeDoc(v->probe);
    if (v->rules_xsd != NULL)
        xmlSchemaFree(v->rules_xsd);
    if (v->completeness != NULL)
        xmlSchemaFree(v->completeness);
    g_hash_table_destroy(v->lists);
    g_hash_table_destroy(v->msgs);
    if (v->field_names != NULL)
        g_hash_table_destroy(v->field_names);
    g_hash_table_destroy(v->params);
    g_free(v->regime);
    g_free(v->data_dir);
    g_free(v);
}

const char *euc_validator_regime(const euc_validator *v)
{
    return v->regime;
}

const char *euc_validator_param(const euc_validator *v, const char *name)
{
    return g_hash_table_lookup(v->params, name);
}

size_t euc_validator_nrules(const euc_validator *v)
{
    return v->rules->len;
}

/* ---- the run: one certificate through the checks ---- */

/* Nodes below n read with a confidence under threshold, remembered with
 * the codes of the rules that looked at them: one LOW_OCR_CONFIDENCE
 * finding a node, naming what may be wrong because of it. */
static void note_evidence(run *r, xmlNodePtr n, const char *code,
                          double threshold)
{
    xmlNodePtr c;
    xmlChar *conf;

    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return;
    conf = xmlGetProp(n, (const xmlChar *)"confidence");
    if (conf != NULL) {
        char *end;
        double d = g_ascii_strtod((const char *)conf, &end);
        if (end != (char *)conf && d < threshold) {
            GString *codes = g_hash_table_lookup(r->low_codes, n);
            if (codes == NULL) {
                codes = g_string_new(NULL);
                g_hash_table_insert(r->low_codes, n, codes);
                g_ptr_array_add(r->low_nodes, n);
            }
            if (strstr(codes->str, code) == NULL) {
                if (codes->len > 0)
                    g_string_append(codes, ", ");
                g_string_append(codes, code);
            }
        }
        xmlFree(conf);
    }
    for (c = n->children; c != NULL; c = c->next)
        note_evidence(r, c, code, threshold);
}

/* The field of a finding on node n: the rule's field with n's own indexed
 * path put in where the field runs through n. */
static char *finding_field(const rule *ru, xmlNodePtr n)
{
    char *generic, *indexed, *out;
    size_t len;

    if (n == NULL || n->type != XML_ELEMENT_NODE)
        return g_strdup(ru->field);
    generic = vfind_node_path(n, 0);
    indexed = vfind_node_path(n, 1);
    len = strlen(generic);
    if (strncmp(ru->field, generic, len) == 0 &&
        (ru->field[len] == '\0' || ru->field[len] == '/'))
        out = g_strconcat(indexed, ru->field + len, NULL);
    else
        out = g_strdup(indexed);
    g_free(generic);
    g_free(indexed);
    return out;
}

static void rule_finding(run *r, const rule *ru, xmlNodePtr n)
{
    GHashTable *vars = vfind_vars_new();
    xmlNodePtr ctx = n != NULL ? n : xmlDocGetRootElement(r->cert);
    char *field = finding_field(ru, n);
    guint i;

    if (n != NULL)
        g_hash_table_replace(vars, g_strdup("value"), vfind_node_value(n));
    for (i = 0; i < ru->quotes->len; i++) {
        const quote *q = g_ptr_array_index(ru->quotes, i);
        g_hash_table_replace(vars, g_strdup(q->name),
                             vfind_eval_string(r->v, q->expr, ctx));
    }
    vfind_add(r, ru->code, ru, field, vars);
    g_free(field);
    g_hash_table_destroy(vars);
}

static int run_rule(run *r, const rule *ru, double threshold, const char *file,
                    euc_error *err)
{
    xmlNodePtr root = xmlDocGetRootElement(r->cert);
    xmlXPathObjectPtr o, ev = NULL;
    int i;

    r->v->fn_error[0] = '\0';
    r->v->xp->node = root;
    o = xmlXPathCompiledEval(ru->test, r->v->xp);
    if (o == NULL)
        return euc_error_set(err, EUC_ERR_DATA, STAGE, file,
                             "%s line %d: rule %s could not be evaluated%s%s",
                             ru->file, ru->line, ru->code,
                             r->v->fn_error[0] ? ": " : "", r->v->fn_error);
    if (o->type == XPATH_NODESET) {
        for (i = 0; o->nodesetval != NULL && i < o->nodesetval->nodeNr; i++)
            rule_finding(r, ru, o->nodesetval->nodeTab[i]);
    } else if (xmlXPathCastToBoolean(o)) {
        rule_finding(r, ru, NULL);
    }
    if (!isnan(threshold)) {
        xmlXPathObjectPtr src = o;
        if (ru->evidence != NULL) {
            r->v->xp->node = root;
            ev = xmlXPathCompiledEval(ru->evidence, r->v->xp);
            src = ev;
        }
        if (src != NULL && src->type == XPATH_NODESET &&
            src->nodesetval != NULL)
            for (i = 0; i < src->nodesetval->nodeNr; i++)
                note_evidence(r, src->nodesetval->nodeTab[i], ru->code,
                              threshold);
    }
    if (ev != NULL)
        xmlXPathFreeObject(ev);
    xmlXPathFreeObject(o);
    return 0;
}

static void low_confidence_findings(run *r)
{
    guint i;

    for (i = 0; i < r->low_nodes->len; i++) {
        xmlNodePtr n = g_ptr_array_index(r->low_nodes, i);
        GString *codes = g_hash_table_lookup(r->low_codes, n);
        GHashTable *vars = vfind_vars_new();
        xmlChar *conf = xmlGetProp(n, (const xmlChar *)"confidence");
        char *field = vfind_node_path(n, 1);
        g_hash_table_replace(vars, g_strdup("value"), vfind_node_value(n));
        g_hash_table_replace(vars, g_strdup("confidence"),
                             g_strdup((const char *)conf));
        g_hash_table_replace(vars, g_strdup("codes"), g_strdup(codes->str));
        vfind_add(r, "LOW_OCR_CONFIDENCE", NULL, field, vars);
        g_free(field);
        xmlFree(conf);
        g_hash_table_destroy(vars);
    }
}

static void free_gstring(gpointer p)
{
    g_string_free(p, TRUE);
}

int euc_validate(euc_validator *v, xmlDocPtr cert, const char *as_of,
                 const char *file, euc_findings **out, euc_error *err)
{
    run r;
    xmlNodePtr root;
    const char *th;
    double threshold = NAN;
    guint i;
    int rc = -1;

    *out = NULL;
    root = cert ? xmlDocGetRootElement(cert) : NULL;
    if (root == NULL || xmlStrcmp(root->name, (const xmlChar *)"certificate"))
        return euc_error_set(err, EUC_ERR_FORMAT, STAGE, file,
                             "not a <certificate> document");
    if (set_as_of(v, as_of, err) != 0)
        return -1;
    th = g_hash_table_lookup(v->params, "low-confidence");
    if (th != NULL)
        threshold = g_ascii_strtod(th, NULL);
    memset(&r, 0, sizeof r);
    r.v = v;
    r.cert = cert;
    r.out = vfind_new();
    r.seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r.low_nodes = g_ptr_array_new();
    r.low_codes = g_hash_table_new_full(NULL, NULL, NULL, free_gstring);
    v->xp->doc = cert;

    if (vcomp_check(&r, file, err) != 0)
        goto cleanup;
    v->xp->doc = cert;
    for (i = 0; i < v->rules->len; i++)
        if (run_rule(&r, g_ptr_array_index(v->rules, i), threshold, file,
                     err) != 0)
            goto cleanup;
    low_confidence_findings(&r);
    vfind_sort(r.out);
    *out = r.out;
    r.out = NULL;
    rc = 0;
cleanup:
    v->xp->doc = v->probe;
    v->xp->node = NULL;
    euc_findings_free(r.out);
    g_hash_table_destroy(r.seen);
    g_ptr_array_free(r.low_nodes, TRUE);
    g_hash_table_destroy(r.low_codes);
    return rc;
}

size_t euc_validator_nsummary(const euc_validator *v)
{
    return v->summary->len;
}

const char *euc_validator_summary_label(const euc_validator *v, size_t i)
{
    return i < v->summary->len
               ? ((const quote *)g_ptr_array_index(v->summary, i))->name
               : NULL;
}

char *euc_validator_summary_value(euc_validator *v, xmlDocPtr cert,
                                  size_t i)
{
    xmlNodePtr root = cert ? xmlDocGetRootElement(cert) : NULL;
    const quote *q;
    char *out;

    if (i >= v->summary->len || root == NULL)
        return NULL;
    v->xp->doc = cert;
    q = g_ptr_array_index(v->summary, i);
    /* GLib's memory is malloc's (euc/euc.h): returned as it is */
    if (q->each == NULL) {
        out = vfind_eval_string(v, q->expr, root);
    } else {
        /* a list shown whole: each item's value, joined */
        xmlXPathObjectPtr ns;
        GString *g = g_string_new(NULL);
        int k;
        v->xp->node = root;
        ns = xmlXPathCompiledEval(q->each, v->xp);
        for (k = 0; ns != NULL && ns->nodesetval != NULL && k < ns->nodesetval->nodeNr; k++) {
            char *one = vfind_eval_string(v, q->expr, ns->nodesetval->nodeTab[k]);
            if (*one != '\0') {
                if (g->len > 0)
                    g_string_append(g, q->sep ? q->sep : "; ");
                g_string_append(g, one);
            }
            g_free(one);
        }
        xmlXPathFreeObject(ns);
        if (g->len == 0 && q->orelse != NULL) {
            char *e = vfind_eval_string(v, q->orelse, root);
            g_string_append(g, e);
            g_free(e);
        }
        out = g_string_free(g, FALSE);
    }
    v->xp->doc = v->probe;
    v->xp->node = NULL;
    return out;
}
