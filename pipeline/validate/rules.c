/* Reading the validator's data files: XML and schemas with the first
 * error's line kept, rule files (validated against rules.xsd, includes
 * confined to the rule file's folder and the data folder), their params,
 * and every XPath compiled and tried at load time. */
#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700 /* realpath */
#include "validate-imp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpathInternals.h>

#define MAX_INCLUDE_DEPTH 8

xmlXPathCompExprPtr vrules_compile(euc_validator *v, const char *expr)
{
    xmlXPathCompExprPtr c;
    euc_xml_error b;

    memset(&b, 0, sizeof b);
    xmlSetStructuredErrorFunc(&b, euc_xml_error_keep);
    c = xmlXPathCtxtCompile(v->xp, (const xmlChar *)expr);
    xmlSetStructuredErrorFunc(NULL, NULL);
    return c;
}

void vrules_quote_free(gpointer data)
{
    quote *q = data;

    g_free(q->name);
    xmlXPathFreeCompExpr(q->expr);
    if (q->each != NULL)
        xmlXPathFreeCompExpr(q->each);
    if (q->orelse != NULL)
        xmlXPathFreeCompExpr(q->orelse);
    g_free(q->sep);
    g_free(q);
}

void vrules_rule_free(gpointer data)
{
    rule *r = data;

    g_free(r->code);
    g_free(r->field);
    if (r->test != NULL)
        xmlXPathFreeCompExpr(r->test);
    if (r->evidence != NULL)
        xmlXPathFreeCompExpr(r->evidence);
    g_ptr_array_free(r->quotes, TRUE);
    g_free(r->message);
    g_free(r->remedy);
    g_free(r->file);
    g_free(r);
}

/* The phrase functions take the list's name as their last argument; a
 * literal name is checked now, since a rule whose test never reaches the
 * call on a given certificate would otherwise hide the mistake. */
static int check_list_names(const euc_validator *v, const char *expr,
                            const char *path, long line, euc_error *err)
{
    static const char *const fns[] = {"contains-phrase(", "only-phrases(",
                                      "phrase-match("};
    size_t i;

    for (i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        const char *p;
        for (p = strstr(expr, fns[i]); p != NULL; p = strstr(p, fns[i])) {
            const char *q = p + strlen(fns[i]), *lit = NULL, *lit_end = NULL;
            int depth = 1;
            char quote_ch = 0;
            for (; *q != '\0' && depth > 0; q++) {
                if (quote_ch != 0) {
                    if (*q == quote_ch) {
                        lit_end = q;
                        quote_ch = 0;
                    }
                } else if (*q == '\'' || *q == '"') {
                    quote_ch = *q;
                    lit = q + 1;
                    lit_end = NULL;
                } else if (*q == '(') {
                    depth++;
                } else if (*q == ')') {
                    depth--;
                } else if (*q == ',' && depth == 1) {
                    lit = NULL;
                }
            }
            if (lit != NULL && lit_end != NULL) {
                char *name = g_strndup(lit, (gsize)(lit_end - lit));
                int ok = g_hash_table_contains(v->lists, name);
                if (!ok)
                    euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                  "line %ld: no phrase list '%s' in "
                                  "phrases.xml",
                                  line, name);
                g_free(name);
                if (!ok)
                    return -1;
            }
            p += strlen(fns[i]);
        }
    }
    return 0;
}

static int load_rule(euc_validator *v, xmlNodePtr n, const char *path,
                     euc_error *err)
{
    rule *r = g_new0(rule, 1);
    xmlNodePtr c;
    char *sev;

    r->quotes = g_ptr_array_new_with_free_func(vrules_quote_free);
    r->code = euc_xml_prop(n, "code");
    r->field = euc_xml_prop(n, "field");
    r->file = g_strdup(path);
    r->line = (int)xmlGetLineNo(n);
    g_ptr_array_add(v->rules, r);
    sev = euc_xml_prop(n, "severity");
    if (sev != NULL) {
        r->has_severity = vfind_severity_parse(sev, &r->severity) == 0;
        g_free(sev);
    }
    for (c = n->children; c != NULL; c = c->next) {
        char *text;
        xmlXPathCompExprPtr x;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        text = euc_xml_text(c);
        if (euc_xml_is(c, NS_RULES, "message")) {
            r->message = text;
            continue;
        }
        if (euc_xml_is(c, NS_RULES, "remedy")) {
            r->remedy = text;
            continue;
        }
        if (check_list_names(v, text, path, xmlGetLineNo(c), err) != 0) {
            g_free(text);
            return -1;
        }
        x = vrules_compile(v, text);
        g_free(text);
        if (x == NULL)
            return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                 "line %ld: rule %s: <%s> is not a valid "
                                 "XPath 1.0 expression",
                                 xmlGetLineNo(c), r->code,
                                 (const char *)c->name);
        if (euc_xml_is(c, NS_RULES, "test")) {
            r->test = x;
        } else if (euc_xml_is(c, NS_RULES, "evidence")) {
            r->evidence = x;
        } else {
            quote *q = g_new0(quote, 1);
            q->name = euc_xml_prop(c, "name");
            q->expr = x;
            g_ptr_array_add(r->quotes, q);
        }
    }
    if (!g_hash_table_contains(v->msgs, r->code) &&
        (!r->has_severity || r->message == NULL || r->remedy == NULL))
        return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                             "line %d: rule %s: a code findings.xml does not "
                             "know needs severity, <message> and <remedy>",
                             r->line, r->code);
    return 0;
}

/* Is path (once its links and ".." are resolved) inside folder dir?  A
 * path that does not exist is not. */
static int inside(const char *path, const char *dir)
{
    char *rp = dir ? realpath(path, NULL) : NULL, *rd = dir ? realpath(dir, NULL) : NULL;
    int in = 0;

    if (rp != NULL && rd != NULL) {
        size_t n = strlen(rd);
        in = strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rd[n - 1] == '/');
    }
    free(rp);
    free(rd);
    return in;
}


int vrules_load_file(euc_validator *v, const char *path, int depth,
                     euc_error *err)
{
    xmlDocPtr doc = NULL;
    xmlNodePtr root, n;
    char *dir = NULL;
    int rc = -1;

    if (depth > MAX_INCLUDE_DEPTH)
        return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                             "includes nested more than %d deep (a loop?)",
                             MAX_INCLUDE_DEPTH);
    doc = euc_data_read(path, STAGE, err);
    if (doc == NULL)
        return -1;
    if (euc_data_check(doc, v->rules_xsd, path, "rules.xsd", STAGE, err) != 0)
        goto cleanup;
    dir = g_path_get_dirname(path);
    root = xmlDocGetRootElement(doc);
    for (n = root->children; n != NULL; n = n->next) {
        if (euc_xml_is(n, NS_RULES, "include")) {
            char *href = euc_xml_prop(n, "href");
            char *sub = g_path_is_absolute(href)
                            ? g_strdup(href)
                            : g_build_filename(dir, href, NULL);
            int r;
            if (!inside(sub, dir) && !inside(sub, v->data_dir)) {
                euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                              "line %d: <include href=\"%s\"> is outside the rule "
                              "file's folder and the data folder; only files there "
                              "can be included", n->line, href);
                g_free(href);
                g_free(sub);
                goto cleanup;
            }
            r = vrules_load_file(v, sub, depth + 1, err);
            g_free(href);
            g_free(sub);
            if (r != 0)
                goto cleanup;
        } else if (euc_xml_is(n, NS_RULES, "param")) {
            g_hash_table_replace(v->params, euc_xml_prop(n, "name"),
                                 euc_xml_prop(n, "value"));
        } else if (euc_xml_is(n, NS_RULES, "rule")) {
            if (load_rule(v, n, path, err) != 0)
                goto cleanup;
        }
    }
    rc = 0;
cleanup:
    g_free(dir);
    xmlFreeDoc(doc);
    return rc;
}

void vrules_register_params(euc_validator *v)
{
    GHashTableIter it;
    gpointer k, val;

    g_hash_table_iter_init(&it, v->params);
    while (g_hash_table_iter_next(&it, &k, &val)) {
        char *end;
        double d = g_ascii_strtod(val, &end);
        xmlXPathObjectPtr o = (*end == '\0' && end != (char *)val)
                                  ? xmlXPathNewFloat(d)
                                  : xmlXPathNewCString(val);
        xmlXPathRegisterVariable(v->xp, (const xmlChar *)k, o);
    }
}

/* Every rule is tried once on an empty certificate, so that an unknown
 * function, variable or phrase list is reported with its file and line now
 * rather than on the first document. */
int vrules_probe(euc_validator *v, euc_error *err)
{
    size_t i, j;

    v->xp->doc = v->probe;
    for (i = 0; i < v->rules->len; i++) {
        rule *r = g_ptr_array_index(v->rules, i);
        xmlXPathCompExprPtr exprs[2];
        exprs[0] = r->test;
        exprs[1] = r->evidence;
        for (j = 0; j < 2; j++) {
            xmlXPathObjectPtr o;
            euc_xml_error b;
            if (exprs[j] == NULL)
                continue;
            memset(&b, 0, sizeof b);
            v->fn_error[0] = '\0';
            v->xp->node = xmlDocGetRootElement(v->probe);
            xmlSetStructuredErrorFunc(&b, euc_xml_error_keep);
            o = xmlXPathCompiledEval(exprs[j], v->xp);
            xmlSetStructuredErrorFunc(NULL, NULL);
            if (o == NULL)
                return euc_error_set(
                    err, EUC_ERR_DATA, STAGE, r->file,
                    "line %d: rule %s: %s", r->line, r->code,
                    v->fn_error[0] ? v->fn_error
                    : b.set        ? b.msg
                                   : "XPath evaluation failed");
            xmlXPathFreeObject(o);
        }
    }
    return 0;
}
