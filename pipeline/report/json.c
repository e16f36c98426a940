/* JSON: one documented shape (README "JSON output", schemas/check.schema.json),
 * the same for one file or many:
 *   {"eucheck": VERSION, "results": [RESULT, ...]}
 * and, for streams (--jsonl), one RESULT per line.  A certificate element
 * with neither attributes nor child elements is its text; otherwise an
 * object of its attributes, its children and, for its text, "value".
 * Values are typed by certificate.xsd: numbers (page, confidence, pages,
 * quantity, value...) as numbers, booleans as booleans, and every element
 * the schema lets repeat is an array even when one is present. */
#include "report-imp.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpathInternals.h>

#include "euc/data.h"

typedef struct jtypes {
    GHashTable *repeated; /* element names that may repeat */
    GHashTable *number;   /* attribute names, and "#NAME" for elements */
    GHashTable *boolean;  /* attribute names */
} jtypes;

static void add_names(GHashTable *set, xmlXPathContextPtr xp, const char *expr,
                      const char *prefix)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, xp);
    int i;

    for (i = 0; o != NULL && o->nodesetval != NULL && i < o->nodesetval->nodeNr;
         i++) {
        xmlChar *name = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        g_hash_table_add(set, g_strconcat(prefix, (const char *)name, NULL));
        xmlFree(name);
    }
    if (o != NULL)
        xmlXPathFreeObject(o);
}

/* The types come from certificate.xsd itself, so that a new numeric or
 * repeating element needs no change here. */
static void jtypes_load(jtypes *t, const char *data_dir)
{
    char *path = g_build_filename(data_dir, "certificate.xsd", NULL);
    xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    xmlXPathContextPtr xp = doc ? xmlXPathNewContext(doc) : NULL;

    t->repeated = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->number = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    t->boolean = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    if (xp != NULL) {
        xmlXPathRegisterNs(xp, (const xmlChar *)"xs",
                           (const xmlChar *)"http://www.w3.org/2001/XMLSchema");
        add_names(t->repeated, xp,
                  "//xs:element[@name][@maxOccurs = 'unbounded' or "
                  "number(@maxOccurs) > 1]/@name", "");
        add_names(t->number, xp,
                  "//xs:attribute[@type = 'xs:decimal' or @type = 'xs:integer' or "
                  "@type = 'xs:positiveInteger' or @type = 'xs:nonNegativeInteger' or "
                  "@type = //xs:simpleType[xs:restriction/@base = 'xs:decimal']/@name]/@name",
                  "");
        add_names(t->boolean, xp, "//xs:attribute[@type = 'xs:boolean']/@name", "");
        add_names(t->number, xp,
                  "//xs:element[@name][xs:complexType/xs:simpleContent/"
                  "xs:extension/@base = 'xs:decimal']/@name", "#");
        xmlXPathFreeContext(xp);
    }
    if (doc != NULL)
        xmlFreeDoc(doc);
    g_free(path);
}

static void jtypes_clear(jtypes *t)
{
    g_hash_table_destroy(t->repeated);
    g_hash_table_destroy(t->number);
    g_hash_table_destroy(t->boolean);
}

static void json_str(GString *o, const char *s)
{
    char *j = euc_json_string(s);

    g_string_append(o, j);
    free(j);
}

/* v as a JSON number when it is one (else as a string: a value the schema
 * calls a number but the document does not hold stays readable). */
static void json_number(GString *o, const char *v)
{
    char *end = NULL;

    if (v != NULL && *v != '\0')
        (void)g_ascii_strtod(v, &end);
    if (end != NULL && *end == '\0' && (g_ascii_isdigit(*v) || *v == '-'))
        g_string_append(o, v);
    else
        json_str(o, v ? v : "");
}

static void json_typed(GString *o, const jtypes *t, const char *key, const char *v)
{
    if (strcmp(key, "bbox") == 0) {
        /* four numbers in the XML attribute, an array of them here */
        char **n = g_strsplit(v, " ", -1);
        guint i;
        g_string_append_c(o, '[');
        for (i = 0; n[i] != NULL; i++) {
            if (i > 0)
                g_string_append_c(o, ',');
            json_number(o, n[i]);
        }
        g_string_append_c(o, ']');
        g_strfreev(n);
        return;
    }
    if (g_hash_table_contains(t->boolean, key) &&
        (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
        g_string_append(o, v);
    else if (g_hash_table_contains(t->number, key))
        json_number(o, v);
    else
        json_str(o, v);
}

static int only_space(const xmlChar *s)
{
    for (; s != NULL && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r')
            return 0;
    return 1;
}

/* An element is its text when it has neither attributes nor child
 * elements; otherwise an object with its attributes, "value" for its text
 * and one member per child name: an array when the name repeats or is one
 * certificate.xsd lets repeat. */
static int repeats(const jtypes *t, xmlNodePtr parent, const xmlChar *name)
{
    xmlNodePtr c;
    int n = 0;

    if (g_hash_table_contains(t->repeated, name))
        return 1;
    for (c = parent->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE && xmlStrcmp(c->name, name) == 0)
            n++;
    return n > 1;
}

static void json_element(const jtypes *t, GString *o, xmlNodePtr n);

static void json_value(const jtypes *t, GString *o, xmlNodePtr n)
{
    xmlNodePtr c;
    xmlAttrPtr a;
    int has_el = 0, first = 1;
    xmlChar *text;

    for (c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE)
            has_el = 1;
    if (n->properties == NULL && !has_el) {
        char *key = g_strconcat("#", (const char *)n->name, NULL);
        text = xmlNodeGetContent(n);
        json_typed(o, t, key, (const char *)text);
        xmlFree(text);
        g_free(key);
        return;
    }
    g_string_append_c(o, '{');
    for (a = n->properties; a != NULL; a = a->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        if (!first)
            g_string_append_c(o, ',');
        first = 0;
        json_str(o, (const char *)a->name);
        g_string_append_c(o, ':');
        json_typed(o, t, (const char *)a->name, v ? (const char *)v : "");
        xmlFree(v);
    }
    if (!has_el) {
        text = xmlNodeGetContent(n);
        if (!only_space(text)) {
            char *key = g_strconcat("#", (const char *)n->name, NULL);
            if (!first)
                g_string_append_c(o, ',');
            first = 0;
            json_str(o, "value");
            g_string_append_c(o, ':');
            json_typed(o, t, key, (const char *)text);
            g_free(key);
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
        if (repeats(t, n, c->name)) {
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
                    json_value(t, o, s);
                }
            g_string_append_c(o, ']');
        } else {
            json_element(t, o, c);
        }
    }
    g_string_append_c(o, '}');
}

static void json_element(const jtypes *t, GString *o, xmlNodePtr n)
{
    json_str(o, (const char *)n->name);
    g_string_append_c(o, ':');
    json_value(t, o, n);
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

static void json_result(GString *o, const jtypes *t, const rep_view *v)
{
    xmlNodePtr root = v->doc->check ? xmlDocGetRootElement(v->doc->check) : NULL;
    xmlNodePtr e = child(root, "error"), cert = child(root, "certificate");
    size_t i;

    g_string_append(o, "{\"file\":");
    json_str(o, v->doc->input);
    g_string_append(o, ",\"status\":");
    json_str(o, v->status);
    g_string_append_printf(o, ",\"blocking\":%d,\"warnings\":%d", v->blocking,
                           v->warnings);
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
        json_value(t, o, cert);
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
        if (f->page > 0)
            g_string_append_printf(o, ",\"page\":%d", f->page);
        if (f->bbox[0] != '\0') {
            g_string_append(o, ",\"bbox\":");
            json_typed(o, t, "bbox", f->bbox);
        }
        if (f->section[0] != '\0') {
            g_string_append(o, ",\"section\":");
            json_str(o, f->section);
        }
        if (f->quote[0] != '\0') {
            g_string_append(o, ",\"quote\":");
            json_str(o, f->quote);
        }
        g_string_append_c(o, '}');
    }
    g_string_append(o, "]}");
}

static int write_results(FILE *out, const euc_report *r, int lines,
                         euc_error *err)
{
    euc_report plain = *r;
    rep_view *v;
    jtypes t;
    GString *o;
    size_t i;
    int rc;

    plain.validator = NULL; /* JSON says nothing of what was understood */
    v = rep_views_new(&plain);
    if (v == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "report", NULL, "out of memory");
    jtypes_load(&t, r->data_dir ? r->data_dir : euc_data_dir());
    o = g_string_new(NULL);
    if (!lines)
        g_string_append(o, "{\"eucheck\":\"" EUC_VERSION "\",\"results\":[\n");
    for (i = 0; i < r->n; i++) {
        if (i > 0 && !lines)
            g_string_append(o, ",\n");
        json_result(o, &t, &v[i]);
        if (lines)
            g_string_append_c(o, '\n');
    }
    if (!lines)
        g_string_append(o, "\n]}\n");
    rc = rep_put(out, o->str, o->len, err);
    g_string_free(o, TRUE);
    jtypes_clear(&t);
    rep_views_free(v, r->n);
    return rc;
}

static int write_json(FILE *out, const euc_report *r, euc_error *err)
{
    return write_results(out, r, 0, err);
}

static int write_jsonl(FILE *out, const euc_report *r, euc_error *err)
{
    return write_results(out, r, 1, err);
}

const euc_report_writer euc_report_json = {"json", write_json};
const euc_report_writer euc_report_jsonl = {"jsonl", write_jsonl};
