/* Findings: the list euc_validate gives out, severities and their order,
 * the messages and remedies of findings.xml (and its summary lines), and
 * how a finding's field, quoted values and text are made. */
#define _POSIX_C_SOURCE 200809L
#include "validate-imp.h"

#include <string.h>

#include <libxml/xpathInternals.h>

#define MAX_QUOTE 160

struct euc_findings {
    GArray *items; /* euc_finding; strings owned (g_free) */
};

const char *euc_severity_name(euc_severity s)
{
    switch (s) {
    case EUC_SEVERITY_BLOCKING: return "blocking";
    case EUC_SEVERITY_WARNING: return "warning";
    case EUC_SEVERITY_INFO: return "info";
    }
    return "info";
}

int vfind_severity_parse(const char *s, euc_severity *out)
{
    if (s == NULL)
        return -1;
    if (strcmp(s, "blocking") == 0)
        *out = EUC_SEVERITY_BLOCKING;
    else if (strcmp(s, "warning") == 0)
        *out = EUC_SEVERITY_WARNING;
    else if (strcmp(s, "info") == 0)
        *out = EUC_SEVERITY_INFO;
    else
        return -1;
    return 0;
}

size_t euc_findings_count(const euc_findings *f)
{
    return f == NULL ? 0 : f->items->len;
}

const euc_finding *euc_findings_get(const euc_findings *f, size_t i)
{
    if (f == NULL || i >= f->items->len)
        return NULL;
    return &g_array_index(f->items, euc_finding, i);
}

size_t euc_findings_count_severity(const euc_findings *f, euc_severity s)
{
    size_t i, n = 0;

    for (i = 0; i < euc_findings_count(f); i++)
        if (euc_findings_get(f, i)->severity == s)
            n++;
    return n;
}

size_t euc_findings_count_code(const euc_findings *f, const char *code)
{
    size_t i, n = 0;

    for (i = 0; i < euc_findings_count(f); i++)
        if (strcmp(euc_findings_get(f, i)->code, code) == 0)
            n++;
    return n;
}

euc_findings *vfind_new(void)
{
    euc_findings *f = g_new0(euc_findings, 1);

    f->items = g_array_new(FALSE, TRUE, sizeof(euc_finding));
    return f;
}

void euc_findings_free(euc_findings *f)
{
    size_t i;

    if (f == NULL)
        return;
    for (i = 0; i < f->items->len; i++) {
        euc_finding *x = &g_array_index(f->items, euc_finding, i);
        g_free((char *)x->code);
        g_free((char *)x->field);
        g_free((char *)x->message);
        g_free((char *)x->remedy);
    }
    g_array_free(f->items, TRUE);
    g_free(f);
}

typedef struct msgdef {
    euc_severity severity;
    char *message;
    char *remedy;
} msgdef;

static void msgdef_free(gpointer data)
{
    msgdef *m = data;

    g_free(m->message);
    g_free(m->remedy);
    g_free(m);
}

GHashTable *vfind_msgs_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, msgdef_free);
}

static int load_summary(euc_validator *v, xmlNodePtr s, const char *path,
                        euc_error *err)
{
    xmlNodePtr l;

    for (l = s->children; l != NULL; l = l->next) {
        quote *q;
        char *text;
        if (!euc_xml_is(l, NS_FINDINGS, "line"))
            continue;
        q = g_new0(quote, 1);
        q->name = euc_xml_prop(l, "label");
        text = euc_xml_text(l);
        q->expr = vrules_compile(v, text);
        g_free(text);
        g_ptr_array_add(v->summary, q);
        {
            char *each = euc_xml_prop(l, "each"), *orelse = euc_xml_prop(l, "else");
            int bad;
            if (each != NULL)
                q->each = vrules_compile(v, each);
            if (orelse != NULL)
                q->orelse = vrules_compile(v, orelse);
            bad = (each != NULL && q->each == NULL) || (orelse != NULL && q->orelse == NULL);
            q->sep = euc_xml_prop(l, "sep");
            free(each);
            free(orelse);
            if (bad)
                return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                     "line %ld: each= or else= is no valid XPath 1.0",
                                     xmlGetLineNo(l));
        }
        if (q->name == NULL || q->expr == NULL)
            return euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                                 "line %ld: a summary <line> needs a label "
                                 "and a valid XPath 1.0 expression",
                                 xmlGetLineNo(l));
    }
    return 0;
}

int vfind_load(euc_validator *v, const char *path, euc_error *err)
{
    xmlDocPtr doc = euc_data_load(path, NULL, STAGE, err);
    xmlNodePtr root, f, c;
    int rc = -1;

    if (doc == NULL)
        return -1;
    root = xmlDocGetRootElement(doc);
    if (!euc_xml_is(root, NS_FINDINGS, "findings")) {
        euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                      "line %ld: root must be <findings xmlns=\"%s\">",
                      root ? xmlGetLineNo(root) : 0L, NS_FINDINGS);
        goto cleanup;
    }
    for (f = root->children; f != NULL; f = f->next) {
        msgdef *m;
        char *code, *sev;
        if (f->type != XML_ELEMENT_NODE)
            continue;
        if (euc_xml_is(f, NS_FINDINGS, "field-names")) {
            for (c = f->children; c != NULL; c = c->next)
                if (euc_xml_is(c, NS_FINDINGS, "field"))
                    g_hash_table_replace(v->field_names, euc_xml_prop(c, "path"),
                                         euc_xml_text(c));
            continue;
        }
        if (euc_xml_is(f, NS_FINDINGS, "summary")) {
            if (load_summary(v, f, path, err) != 0)
                goto cleanup;
            continue;
        }
        code = euc_xml_prop(f, "code");
        sev = euc_xml_prop(f, "severity");
        m = g_new0(msgdef, 1);
        if (!euc_xml_is(f, NS_FINDINGS, "finding") || code == NULL ||
            vfind_severity_parse(sev, &m->severity) != 0) {
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "line %ld: expected <finding code=\"...\" "
                          "severity=\"blocking|warning|info\">",
                          xmlGetLineNo(f));
            g_free(code);
            g_free(sev);
            g_free(m);
            goto cleanup;
        }
        g_free(sev);
        for (c = f->children; c != NULL; c = c->next) {
            if (euc_xml_is(c, NS_FINDINGS, "message")) {
                g_free(m->message);
                m->message = euc_xml_text(c);
            } else if (euc_xml_is(c, NS_FINDINGS, "remedy")) {
                g_free(m->remedy);
                m->remedy = euc_xml_text(c);
            }
        }
        g_hash_table_replace(v->msgs, code, m);
        if (m->message == NULL || m->remedy == NULL) {
            euc_error_set(err, EUC_ERR_DATA, STAGE, path,
                          "line %ld: finding %s needs a <message> and a "
                          "<remedy>",
                          xmlGetLineNo(f), code);
            goto cleanup;
        }
    }
    rc = 0;
cleanup:
    xmlFreeDoc(doc);
    return rc;
}

char *vfind_node_path(xmlNodePtr n, int indexed)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    GString *s = g_string_new(NULL);
    xmlNodePtr a;
    guint i;

    if (n != NULL && n->type == XML_ATTRIBUTE_NODE)
        n = n->parent;
    for (a = n; a != NULL && a->type == XML_ELEMENT_NODE && a->parent != NULL &&
                a->parent->type == XML_ELEMENT_NODE;
         a = a->parent) {
        int pos = 0, count = 0;
        xmlNodePtr sib;
        for (sib = a->parent->children; sib != NULL; sib = sib->next)
            if (sib->type == XML_ELEMENT_NODE &&
                xmlStrcmp(sib->name, a->name) == 0) {
                count++;
                if (sib == a)
                    pos = count;
            }
        if (indexed && count > 1)
            g_ptr_array_add(parts, g_strdup_printf("%s[%d]", a->name, pos));
        else
            g_ptr_array_add(parts, g_strdup((const char *)a->name));
    }
    for (i = parts->len; i > 0; i--) {
        if (s->len > 0)
            g_string_append_c(s, '/');
        g_string_append(s, g_ptr_array_index(parts, i - 1));
    }
    g_ptr_array_free(parts, TRUE);
    return g_string_free(s, FALSE);
}

static char *shorten(char *s)
{
    glong n = g_utf8_strlen(s, -1);

    if (n > MAX_QUOTE) {
        char *cut = g_utf8_offset_to_pointer(s, MAX_QUOTE - 1);
        char *r;
        *cut = '\0';
        r = g_strconcat(s, "\xE2\x80\xA6", NULL);
        g_free(s);
        return r;
    }
    return s;
}

char *vfind_node_value(xmlNodePtr n)
{
    char *s;

    if (n == NULL)
        return g_strdup("");
    s = euc_xml_text(n);
    return shorten(s);
}

/* Fills {name} placeholders from vars (name -> value) and the params. */
static char *expand(const euc_validator *v, const char *tmpl,
                    GHashTable *vars)
{
    GString *out = g_string_new(NULL);
    const char *p = tmpl;

    while (*p != '\0') {
        const char *close = *p == '{' ? strchr(p + 1, '}') : NULL;
        if (close != NULL && close - p < 40) {
            char *name = g_strndup(p + 1, (gsize)(close - p - 1));
            const char *val = g_hash_table_lookup(vars, name);
            if (val == NULL)
                val = g_hash_table_lookup(v->params, name);
            if (val != NULL) {
                g_string_append(out, *val ? val : "(not stated)");
                g_free(name);
                p = close + 1;
                continue;
            }
            g_free(name);
        }
        g_string_append_c(out, *p++);
    }
    return g_string_free(out, FALSE);
}

void vfind_add(run *r, const char *code, const rule *ru,
               const char *field, GHashTable *vars)
{
    const msgdef *m = g_hash_table_lookup(r->v->msgs, code);
    euc_finding f;
    char *key = g_strdup_printf("%s\t%s", code, field);

    if (g_hash_table_contains(r->seen, key)) {
        g_free(key);
        return;
    }
    g_hash_table_add(r->seen, key);
    g_hash_table_replace(vars, g_strdup("field"), g_strdup(field));
    g_hash_table_replace(vars, g_strdup("as-of"), g_strdup(r->v->as_of));
    if (!g_hash_table_contains(vars, "value"))
        g_hash_table_replace(vars, g_strdup("value"), g_strdup(""));
    f.code = g_strdup(code);
    f.severity = ru != NULL && ru->has_severity ? ru->severity
                 : m != NULL                     ? m->severity
                                                 : EUC_SEVERITY_WARNING;
    f.field = g_strdup(field);
    f.message = expand(r->v,
                       ru != NULL && ru->message ? ru->message
                       : m != NULL               ? m->message
                                                 : code,
                       vars);
    f.remedy = expand(r->v,
                      ru != NULL && ru->remedy ? ru->remedy
                      : m != NULL              ? m->remedy
                                               : "",
                      vars);
    g_array_append_val(r->out->items, f);
}

GHashTable *vfind_vars_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

char *vfind_eval_string(euc_validator *v, xmlXPathCompExprPtr x,
                        xmlNodePtr ctx_node)
{
    xmlXPathObjectPtr o;
    xmlChar *s;
    char *r;

    v->xp->node = ctx_node;
    o = xmlXPathCompiledEval(x, v->xp);
    if (o == NULL)
        return g_strdup("");
    s = xmlXPathCastToString(o);
    xmlXPathFreeObject(o);
    r = euc_text_squash_ws(s ? (const char *)s : "");
    xmlFree(s);
    return shorten(r);
}

static gint by_severity(gconstpointer a, gconstpointer b)
{
    const euc_finding *x = a, *y = b;

    return (gint)x->severity - (gint)y->severity;
}

/* g_array_sort is not stable; the order the checks ran in is kept by
 * sorting a copy with the original index as the tie-break. */
typedef struct ranked {
    euc_finding f;
    guint idx;
} ranked;

static gint by_rank(gconstpointer a, gconstpointer b)
{
    const ranked *x = a, *y = b;
    gint c = by_severity(&x->f, &y->f);

    return c != 0 ? c : (gint)x->idx - (gint)y->idx;
}

void vfind_sort(euc_findings *f)
{
    GArray *tmp = g_array_sized_new(FALSE, FALSE, sizeof(ranked), f->items->len);
    guint i;

    for (i = 0; i < f->items->len; i++) {
        ranked r;
        r.f = g_array_index(f->items, euc_finding, i);
        r.idx = i;
        g_array_append_val(tmp, r);
    }
    g_array_sort(tmp, by_rank);
    for (i = 0; i < tmp->len; i++)
        g_array_index(f->items, euc_finding, i) = g_array_index(tmp, ranked, i).f;
    g_array_free(tmp, TRUE);
}

char *euc_validator_field_words(const euc_validator *v, const char *path)
{
    GString *bare = g_string_new(NULL), *out;
    const char *p, *words, *n = NULL;
    size_t nlen = 0;

    /* "items/item[2]/quantity": the bare path and the first index */
    for (p = path; *p != '\0'; p++) {
        if (*p == '[') {
            const char *e = strchr(p, ']');
            if (e == NULL)
                break;
            if (n == NULL) {
                n = p + 1;
                nlen = (size_t)(e - p - 1);
            }
            p = e;
            continue;
        }
        g_string_append_c(bare, *p);
    }
    words = v ? g_hash_table_lookup(v->field_names, bare->str) : NULL;
    out = g_string_new(NULL);
    if (words == NULL) {
        /* no name given: the path's words */
        for (p = bare->str; *p; p++)
            if (*p == '/')
                g_string_append(out, ", ");
            else
                g_string_append_c(out, *p == '-' ? ' ' : *p);
    } else {
        for (p = words; *p; p++) {
            if (strncmp(p, "{n}", 3) == 0) {
                if (n != NULL)
                    g_string_append_len(out, n, (gssize)nlen);
                else if (out->len > 0 && out->str[out->len - 1] == ' ')
                    g_string_truncate(out, out->len - 1);
                p += 2;
                continue;
            }
            g_string_append_c(out, *p);
        }
    }
    g_string_free(bare, TRUE);
    return g_string_free(out, FALSE);
}
