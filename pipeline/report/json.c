/* JSON: the same content as <check> XML.  One file gives an object,
 * several an array of them. */
#include "report-imp.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpathInternals.h>

#include "euc/data.h"

/* JSON gives an array to an element certificate.xsd lets repeat even when
 * one is present, so that scripts need not test for both shapes.  Without
 * the schema, only names that do repeat get arrays. */
static GHashTable *load_repeated(const char *data_dir)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            NULL);
    char *path = g_build_filename(data_dir, "certificate.xsd", NULL);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    xmlXPathContextPtr xp = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObjectPtr o = NULL;
    int i;

    if (xp != NULL) {
        xmlXPathRegisterNs(xp, (const xmlChar *)"xs",
                           (const xmlChar *)"http://www.w3.org/2001/XMLSchema");
        o = xmlXPathEvalExpression(
            (const xmlChar *)"//xs:element[@name][@maxOccurs = 'unbounded' "
                             "or number(@maxOccurs) > 1]/@name",
            xp);
    }
    for (i = 0; o != NULL && o->nodesetval != NULL && i < o->nodesetval->nodeNr;
         i++) {
        xmlChar *name = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        g_hash_table_add(set, g_strdup((const char *)name));
        xmlFree(name);
    }
    if (o != NULL)
        xmlXPathFreeObject(o);
    if (xp != NULL)
        xmlXPathFreeContext(xp);
    if (doc != NULL)
        xmlFreeDoc(doc);
    g_free(path);
    return set;
}

static void json_str(GString *o, const char *s)
{
    char *j = euc_json_string(s);

    g_string_append(o, j);
    free(j);
}

static int only_space(const xmlChar *s)
{
    for (; s != NULL && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
            return 0;
    return 1;
}

/* An element is a string when it has neither attributes nor child
 * elements; otherwise an object with "@attr" members, "#text" for its text
 * and one member per child name: an array when the name repeats or is one
 * certificate.xsd lets repeat. */
static int repeats(GHashTable *repeated, xmlNodePtr parent,
                   const xmlChar *name)
{
    xmlNodePtr c;
    int n = 0;

    if (g_hash_table_contains(repeated, name))
        return 1;
    for (c = parent->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, name) == 0)
            n++;
    return n > 1;
}

static void json_element(GHashTable *rep, GString *o, xmlNodePtr n);

static void json_value(GHashTable *rep, GString *o, xmlNodePtr n)
{
    xmlNodePtr c;
    xmlAttrPtr a;
    int has_el = 0, first = 1;
    xmlChar *text;

    for (c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            has_el = 1;
    if (n->properties == NULL && !has_el) {
        text = xmlNodeGetContent(n);
        json_str(o, (const char *)text);
        xmlFree(text);
        return;
    }
    g_string_append_c(o, '{');
    for (a = n->properties; a != NULL; a = a->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        char *k = g_strconcat("@", (const char *)a->name, NULL);
        if (!first)
            g_string_append_c(o, ',');
        first = 0;
        json_str(o, k);
        g_string_append_c(o, ':');
        json_str(o, (const char *)v);
        g_free(k);
        xmlFree(v);
    }
    if (!has_el) {
        text = xmlNodeGetContent(n);
        if (!only_space(text)) {
            if (!first)
                g_string_append_c(o, ',');
            first = 0;
            json_str(o, "#text");
            g_string_append_c(o, ':');
            json_str(o, (const char *)text);
        }
        xmlFree(text);
    }
    for (c = n->children; c != NULL; c = c->next) {
        xmlNodePtr prev;
        int seen = 0;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        for (prev = n->children; prev != c; prev = prev->next)
            if (prev->type == XML_ELEMENT_NODE &&
                xmlStrcmp(prev->name, c->name) == 0)
                seen = 1;
        if (seen)
            continue;
        if (!first)
            g_string_append_c(o, ',');
        first = 0;
        if (repeats(rep, n, c->name)) {
            xmlNodePtr s;
            int f2 = 1;
            json_str(o, (const char *)c->name);
            g_string_append(o, ":[");
            for (s = c; s != NULL; s = s->next)
                if (s->type == XML_ELEMENT_NODE &&
                    xmlStrcmp(s->name, c->name) == 0) {
                    if (!f2)
                        g_string_append_c(o, ',');
                    f2 = 0;
                    json_value(rep, o, s);
                }
            g_string_append_c(o, ']');
        } else {
            json_element(rep, o, c);
        }
    }
    g_string_append_c(o, '}');
}

static void json_element(GHashTable *rep, GString *o, xmlNodePtr n)
{
    json_str(o, (const char *)n->name);
    g_string_append_c(o, ':');
    json_value(rep, o, n);
}

static char *attr(xmlNodePtr n, const char *name)
{
    xmlChar *a = n ? xmlGetProp(n, BAD_CAST name) : NULL;
    char *s = g_strdup(a ? (const char *)a : "");

    xmlFree(a);
    return s;
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    xmlNodePtr c;

    for (c = n ? n->children : NULL; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, BAD_CAST name) == 0)
            return c;
    return NULL;
}

static void json_result(GString *o, GHashTable *rep, const rep_view *v)
{
    xmlNodePtr root = v->doc->check ? xmlDocGetRootElement(v->doc->check) : NULL;
    xmlNodePtr e = child(root, "error"), cert = child(root, "certificate");
    size_t i;

    g_string_append(o, "{\"file\":");
    json_str(o, v->doc->input);
    g_string_append(o, ",\"status\":");
    json_str(o, v->status);
    if (e != NULL || strcmp(v->status, "error") == 0) {
        char *code = attr(e, "code"), *stage = attr(e, "stage");
        g_string_append(o, ",\"error\":{\"code\":");
        json_str(o, code);
        g_string_append(o, ",\"stage\":");
        json_str(o, stage);
        g_string_append(o, ",\"message\":");
        json_str(o, v->error);
        g_string_append(o, "}}");
        g_free(code);
        g_free(stage);
        return;
    }
    g_string_append(o, ",\"certificate\":");
    if (cert != NULL)
        json_value(rep, o, cert);
    else
        g_string_append(o, "null");
    g_string_append(o, ",\"findings\":[");
    for (i = 0; i < v->nf; i++) {
        const rep_finding *f = &v->f[i];
        if (i > 0)
            g_string_append_c(o, ',');
        g_string_append(o, "{\"code\":");
        json_str(o, f->code);
        g_string_append(o, ",\"severity\":");
        json_str(o, f->severity);
        g_string_append(o, ",\"field\":");
        json_str(o, f->field);
        g_string_append(o, ",\"message\":");
        json_str(o, f->message);
        g_string_append(o, ",\"remedy\":");
        json_str(o, f->remedy);
        g_string_append_c(o, '}');
    }
    g_string_append(o, "]}");
}

static int write_json(FILE *out, const euc_report *r, euc_error *err)
{
    euc_report plain = *r;
    rep_view *v;
    GHashTable *rep;
    GString *o;
    size_t i;
    int rc;

    plain.validator = NULL; /* JSON says nothing of what was understood */
    v = rep_views_new(&plain);
    if (v == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "report", NULL, "out of memory");
    rep = load_repeated(r->data_dir ? r->data_dir : euc_data_dir());
    o = g_string_new(NULL);
    if (r->n != 1)
        g_string_append_c(o, '[');
    for (i = 0; i < r->n; i++) {
        if (i > 0)
            g_string_append(o, ",\n");
        json_result(o, rep, &v[i]);
    }
    if (r->n != 1)
        g_string_append_c(o, ']');
    g_string_append_c(o, '\n');
    rc = rep_put(out, o->str, o->len, err);
    g_string_free(o, TRUE);
    g_hash_table_destroy(rep);
    rep_views_free(v, r->n);
    return rc;
}

const euc_report_writer euc_report_json = {"json", write_json};
