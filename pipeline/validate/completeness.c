/* Completeness: the required elements of schemas/completeness/REGIME.xsd.
 * libxml2's XSD validator finds what is missing; the element declarations,
 * read from the schema document itself, say which finding each absence
 * raises. */
#define _POSIX_C_SOURCE 200809L
#include "validate-imp.h"

#include <stdlib.h>
#include <string.h>

/* One element declaration of the completeness schema. */
struct decl {
    char *name;
    int min;
    char *code;                /* NULL: report the required children's */
    xmlXPathCompExprPtr quote; /* on the element that lacks this one */
    GPtrArray *children;       /* decl * */
};

void vcomp_decl_free(decl *d)
{
    size_t i;

    if (d == NULL)
        return;
    for (i = 0; i < d->children->len; i++)
        vcomp_decl_free(g_ptr_array_index(d->children, i));
    g_ptr_array_free(d->children, TRUE);
    g_free(d->name);
    g_free(d->code);
    if (d->quote != NULL)
        xmlXPathFreeCompExpr(d->quote);
    g_free(d);
}

/* Element declarations are read from the schema document itself, so that a
 * validator error on an element can be turned into the codes of the
 * required children it lacks. */
static decl *load_decl(euc_validator *v, xmlNodePtr el, const char *path,
                       euc_error *err)
{
    decl *d = g_new0(decl, 1);
    char *min = euc_xml_prop(el, "minOccurs");
    xmlNodePtr c, g, e;

    d->name = euc_xml_prop(el, "name");
    d->min = min == NULL ? 1 : (int)strtol(min, NULL, 10);
    g_free(min);
    d->children = g_ptr_array_new();
    for (c = el->children; c != NULL; c = c->next) {
        if (euc_xml_is(c, NS_XSD, "annotation")) {
            for (g = c->children; g != NULL; g = g->next)
                for (e = euc_xml_is(g, NS_XSD, "appinfo") ? g->children : NULL;
                     e != NULL; e = e->next)
                    if (euc_xml_is(e, NS_COMPLETENESS, "finding")) {
                        char *q = euc_xml_prop(e, "quote");
                        g_free(d->code);
                        d->code = euc_xml_prop(e, "code");
                        if (q != NULL) {
                            d->quote = vrules_compile(v, q);
                            if (d->quote == NULL) {
                                euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                              "line %ld: quote is not a "
                                              "valid XPath 1.0 expression",
                                              xmlGetLineNo(e));
                                g_free(q);
                                vcomp_decl_free(d);
                                return NULL;
                            }
                        }
                        g_free(q);
                        if (d->code == NULL ||
                            !g_hash_table_contains(v->msgs, d->code)) {
                            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                          "line %ld: finding code '%s' is "
                                          "not in findings.xml",
                                          xmlGetLineNo(e),
                                          d->code ? d->code : "");
                            vcomp_decl_free(d);
                            return NULL;
                        }
                    }
        } else if (euc_xml_is(c, NS_XSD, "complexType")) {
            for (g = c->children; g != NULL; g = g->next) {
                if (!euc_xml_is(g, NS_XSD, "all") && !euc_xml_is(g, NS_XSD, "sequence") &&
                    !euc_xml_is(g, NS_XSD, "choice"))
                    continue;
                for (e = g->children; e != NULL; e = e->next)
                    if (euc_xml_is(e, NS_XSD, "element")) {
                        decl *sub = load_decl(v, e, path, err);
                        if (sub == NULL) {
                            vcomp_decl_free(d);
                            return NULL;
                        }
                        g_ptr_array_add(d->children, sub);
                    }
            }
        }
    }
    return d;
}

int vcomp_load(euc_validator *v, const char *path,
               euc_error *err)
{
    xmlDocPtr doc;
    xmlNodePtr root, n;

    v->completeness = euc_data_schema(path, STAGE, err);
    if (v->completeness == NULL)
        return -1;
    doc = euc_data_read(path, STAGE, err);
    if (doc == NULL)
        return -1;
    root = xmlDocGetRootElement(doc);
    for (n = root ? root->children : NULL; n != NULL; n = n->next) {
        char *name = euc_xml_is(n, NS_XSD, "element") ? euc_xml_prop(n, "name") : NULL;
        int found = name != NULL && strcmp(name, "certificate") == 0;
        g_free(name);
        if (found) {
            v->root_decl = load_decl(v, n, path, err);
            break;
        }
    }
    xmlFreeDoc(doc);
    if (v->root_decl == NULL && err != NULL && err->code == EUC_OK)
        euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                      "declares no <certificate> element");
    return v->root_decl == NULL ? -1 : 0;
}

static decl *decl_for(const euc_validator *v, xmlNodePtr n)
{
    char *path = vfind_node_path(n, 0);
    char **parts = g_strsplit(path, "/", -1);
    decl *d = v->root_decl;
    size_t i, j;

    if (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE) {
        for (i = 0; parts[i] != NULL && d != NULL; i++) {
            decl *next = NULL;
            for (j = 0; j < d->children->len; j++) {
                decl *c = g_ptr_array_index(d->children, j);
                if (strcmp(c->name, parts[i]) == 0)
                    next = c;
            }
            d = next;
        }
    }
    g_strfreev(parts);
    g_free(path);
    return d;
}

static int has_child(xmlNodePtr n, const char *name)
{
    xmlNodePtr c;

    for (c = n->children; c != NULL; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            xmlStrcmp(c->name, (const xmlChar *)name) == 0)
            return 1;
    return 0;
}

/* A required element d is missing below the element `parent` (NULL when
 * an ancestor is missing too); field is where it would be. */
static void raise_missing(run *r, const decl *d, xmlNodePtr parent,
                          const char *field)
{
    size_t i;

    if (d->code != NULL) {
        GHashTable *vars = vfind_vars_new();
        if (d->quote != NULL && parent != NULL) {
            /* Quotes are evaluated in the caller's document. */
            g_hash_table_replace(vars, g_strdup("value"),
                                 vfind_eval_string(r->v, d->quote, parent));
        }
        vfind_add(r, d->code, NULL, field, vars);
        g_hash_table_destroy(vars);
        return;
    }
    for (i = 0; i < d->children->len; i++) {
        const decl *c = g_ptr_array_index(d->children, i);
        if (c->min > 0) {
            char *sub = g_strdup_printf("%s/%s", field, c->name);
            raise_missing(r, c, NULL, sub);
            g_free(sub);
        }
    }
}

typedef struct xsd_err {
    xmlNodePtr node;
    int code;
} xsd_err;

static void collect_xsd_error(void *user, xmlErrorPtr e)
{
    GArray *errs = user;
    xsd_err x;

    if (e == NULL || e->node == NULL)
        return;
    x.node = e->node;
    x.code = e->code;
    g_array_append_val(errs, x);
}

int vcomp_check(run *r, const char *file, euc_error *err)
{
    xmlDocPtr copy = xmlCopyDoc(r->cert, 1);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(r->v->completeness);
    GArray *errs = g_array_new(FALSE, FALSE, sizeof(xsd_err));
    GPtrArray *strip = g_ptr_array_new();
    int round, rc = -1;
    guint i;

    if (copy == NULL || vc == NULL) {
        euc_error_set(err, EUC_ERR_NOMEM, STAGE, file, "out of memory");
        goto cleanup;
    }
    xmlSchemaSetValidStructuredErrors(vc, collect_xsd_error, errs);
    r->v->xp->doc = copy;
    /* An element the schema does not know (the parser may add fields) stops
     * libxml2 from checking its siblings; such elements are taken out of a
     * copy and the copy validated again. */
    for (round = 0; round < 64; round++) {
        g_array_set_size(errs, 0);
        xmlSchemaValidateDoc(vc, copy);
        g_ptr_array_set_size(strip, 0);
        for (i = 0; i < errs->len; i++) {
            xsd_err *x = &g_array_index(errs, xsd_err, i);
            xmlNodePtr n = x->node;
            decl *d;
            int missing = 0;
            size_t j;
            if (n->type != XML_ELEMENT_NODE)
                continue;
            d = decl_for(r->v, n);
            if (d != NULL && x->code == XML_SCHEMAV_ELEMENT_CONTENT) {
                char *base = vfind_node_path(n, 1);
                for (j = 0; j < d->children->len; j++) {
                    decl *c = g_ptr_array_index(d->children, j);
                    if (c->min > 0 && !has_child(n, c->name)) {
                        char *field = *base ? g_strdup_printf("%s/%s", base,
                                                              c->name)
                                            : g_strdup(c->name);
                        raise_missing(r, c, n, field);
                        g_free(field);
                        missing = 1;
                    }
                }
                g_free(base);
            } else if (d != NULL) {
                /* A value error (an empty required leaf) counts as the
                 * element missing. */
                char *field = vfind_node_path(n, 1);
                if (d->code != NULL) {
                    GHashTable *vars = vfind_vars_new();
                    if (d->quote != NULL && n->parent != NULL)
                        g_hash_table_replace(
                            vars, g_strdup("value"),
                            vfind_eval_string(r->v, d->quote, n->parent));
                    vfind_add(r, d->code, NULL, field, vars);
                    g_hash_table_destroy(vars);
                } else {
                    GHashTable *vars = vfind_vars_new();
                    vfind_add(r, "FIELD_UNREADABLE", NULL, field, vars);
                    g_hash_table_destroy(vars);
                }
                g_free(field);
                missing = 1;
            }
            if (!missing && n->parent != NULL &&
                n->parent->type == XML_ELEMENT_NODE)
                g_ptr_array_add(strip, n);
        }
        if (strip->len == 0)
            break;
        for (i = 0; i < strip->len; i++)
            xmlUnlinkNode(g_ptr_array_index(strip, i));
        for (i = 0; i < strip->len; i++)
            xmlFreeNode(g_ptr_array_index(strip, i));
    }
    rc = 0;
cleanup:
    r->v->xp->doc = r->cert;
    g_ptr_array_free(strip, TRUE);
    g_array_free(errs, TRUE);
    if (vc != NULL)
        xmlSchemaFreeValidCtxt(vc);
    if (copy != NULL)
        xmlFreeDoc(copy);
    return rc;
}
