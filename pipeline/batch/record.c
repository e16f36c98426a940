/* Batch records: what a result was made from (its key), and the record
 * file of each input (OUTDIR/.eucheck/NAME.xml.row) that lets a second run
 * redo only what changed, and lets shards be merged. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <libxml/tree.h>

#include "batch-imp.h"
#include "euc/data.h"

/* --- record files ---------------------------------------------------------- */

void batch_row_clear(batch_row *r)
{
    free(r->input);
    free(r->out);
    free(r->dir);
    free(r->status);
    free(r->reason);
    free(r->key);
    memset(r, 0, sizeof *r);
}

int batch_write_atomic(const char *path, const char *data, size_t len)
{
    char *tmp = NULL;
    FILE *f;
    int ok;

    /* The pid keeps two writers (a killed worker's leftovers, a new one)
     * from sharing a temporary. */
    if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
        return -1;
    f = fopen(tmp, "wb");
    if (f == NULL) {
        free(tmp);
        return -1;
    }
    ok = fwrite(data, 1, len, f) == len;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

/* Record values are one line each: tab, newline and backslash escaped. */
static void put_field(FILE *f, const char *name, const char *v)
{
    fprintf(f, "%s\t", name);
    for (; v && *v; v++) {
        if (*v == '\n')
            fputs("\\n", f);
        else if (*v == '\t')
            fputs("\\t", f);
        else if (*v == '\\')
            fputs("\\\\", f);
        else
            fputc(*v, f);
    }
    fputc('\n', f);
}

static char *unescape(const char *s)
{
    char *out = malloc(strlen(s) + 1), *p = out;

    if (out == NULL)
        return NULL;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *p++ = *s == 'n' ? '\n' : *s == 't' ? '\t' : *s;
        } else {
            *p++ = *s;
        }
    }
    *p = '\0';
    return out;
}

int batch_row_save(const char *path, const batch_row *r)
{
    char *buf = NULL, secs[32];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;

    if (f == NULL)
        return -1;
    snprintf(secs, sizeof secs, "%.3f", r->seconds);
    put_field(f, "input", r->input);
    put_field(f, "out", r->out);
    put_field(f, "status", r->status);
    put_field(f, "reason", r->reason);
    put_field(f, "seconds", secs);
    put_field(f, "key", r->key);
    fclose(f);
    rc = batch_write_atomic(path, buf, len);
    free(buf);
    return rc;
}

int batch_row_load(const char *path, const char *dir, batch_row *r)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;

    memset(r, 0, sizeof *r);
    if (f == NULL)
        return -1;
    for (n = getline(&line, &cap, f); n > 0; n = getline(&line, &cap, f)) {
        char *tab = strchr(line, '\t'), **dst = NULL;
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        if (tab == NULL)
            continue;
        *tab = '\0';
        if (strcmp(line, "input") == 0) dst = &r->input;
        else if (strcmp(line, "out") == 0) dst = &r->out;
        else if (strcmp(line, "status") == 0) dst = &r->status;
        else if (strcmp(line, "reason") == 0) dst = &r->reason;
        else if (strcmp(line, "key") == 0) dst = &r->key;
        else if (strcmp(line, "seconds") == 0) r->seconds = strtod(tab + 1, NULL);
        if (dst != NULL) {
            free(*dst);
            *dst = unescape(tab + 1);
        }
    }
    free(line);
    fclose(f);
    r->dir = strdup(dir);
    if (r->input == NULL || r->out == NULL || r->status == NULL || r->dir == NULL) {
        batch_row_clear(r);
        return -1;
    }
    if (r->reason == NULL)
        r->reason = strdup("");
    if (r->key == NULL)
        r->key = strdup("");
    return 0;
}

/* --- keys: what a result was made from ------------------------------------ */

static int hash_file(GChecksum *sum, const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char buf[65536];
    size_t n;

    if (f == NULL)
        return -1;
    for (n = fread(buf, 1, sizeof buf, f); n > 0; n = fread(buf, 1, sizeof buf, f))
        g_checksum_update(sum, buf, n);
    fclose(f);
    return 0;
}

static void hash_tree(GChecksum *sum, const char *dir)
{
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort), i;

    for (i = 0; i < n; i++) {
        char *path = NULL;
        struct stat st;
        if (ents[i]->d_name[0] != '.' &&
            asprintf(&path, "%s/%s", dir, ents[i]->d_name) >= 0 &&
            stat(path, &st) == 0) {
            g_checksum_update(sum, (const guchar *)ents[i]->d_name, -1);
            if (S_ISDIR(st.st_mode))
                hash_tree(sum, path);
            else
                hash_file(sum, path);
        }
        free(path);
        free(ents[i]);
    }
    free(ents);
}

/* Everything but the document that decides its result: the version, every
 * data file (fields, rules, phrases, schemas), the user's rule files and
 * the options. */
char *batch_fixed_key(const euc_batch_options *o)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char *key = NULL;
    size_t i;

    hash_tree(sum, euc_data_dir());
    for (i = 0; i < o->nrules; i++)
        hash_file(sum, o->rules[i]);
    if (asprintf(&key, "eucheck %s; data %.16s; regime %s; as-of %s; dpi %d; "
                 "lang %s%s", EUC_VERSION, g_checksum_get_string(sum),
                 o->regime ? o->regime : "default",
                 o->as_of ? o->as_of : "today", o->dpi,
                 o->lang ? o->lang : "eng",
                 o->no_thumbnails ? "; no thumbnails" : "") < 0)
        key = NULL;
    g_checksum_free(sum);
    return key;
}

char *batch_item_key(const batch_ctx *b, const batch_item *it)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char *key = NULL;

    if (hash_file(sum, BATCH_ITEM_PATH(it)) == 0 &&
        asprintf(&key, "%s; sha256 %s%s%s", b->fixed_key,
                 g_checksum_get_string(sum), it->path ? "; member " : "",
                 it->path ? it->input : "") < 0)
        key = NULL;
    g_checksum_free(sum);
    return key;
}

/* --- records --------------------------------------------------------------- */

char *batch_rec_path(const batch_ctx *b, const batch_item *it)
{
    char *p = NULL;

    if (asprintf(&p, "%s/%s.row", b->recdir, it->out) < 0)
        return NULL;
    return p;
}

char *batch_out_path(const batch_ctx *b, const batch_item *it)
{
    char *p = NULL;

    if (asprintf(&p, "%s/%s", b->outdir, it->out) < 0)
        return NULL;
    return p;
}

char *batch_thumbs_path(const char *dir, const char *out)
{
    char *p = NULL;

    if (asprintf(&p, "%s/%s/%s.thumbs", dir, BATCH_RECORD_DIR, out) < 0)
        return NULL;
    return p;
}

void batch_set_row(batch_ctx *b, batch_item *it, const char *status,
                   const char *reason, double seconds)
{
    batch_row_clear(&it->row);
    it->row.input = strdup(it->input);
    it->row.out = strdup(it->out);
    it->row.dir = strdup(b->outdir);
    it->row.status = strdup(status);
    it->row.reason = strdup(reason ? reason : "");
    it->row.key = strdup(it->key ? it->key : "");
    it->row.seconds = seconds;
}

/* A <check> for a document that never got one from its worker. */
void batch_write_error_check(const batch_ctx *b, const batch_item *it,
                             const char *code, const char *reason)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "check"), e;
    xmlChar *mem = NULL;
    int len = 0;
    char *path = batch_out_path(b, it);

    xmlDocSetRootElement(doc, root);
    {
        char *shown = g_filename_display_name(it->input);
        xmlSetProp(root, BAD_CAST "file", BAD_CAST shown);
        g_free(shown);
    }
    xmlSetProp(root, BAD_CAST "status", BAD_CAST "error");
    e = xmlNewChild(root, NULL, BAD_CAST "error", NULL);
    xmlSetProp(e, BAD_CAST "code", BAD_CAST code);
    xmlSetProp(e, BAD_CAST "stage", BAD_CAST "batch");
    xmlNodeAddContent(e, BAD_CAST reason);
    xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
    if (path != NULL && mem != NULL)
        batch_write_atomic(path, (const char *)mem, (size_t)len);
    xmlFree(mem);
    xmlFreeDoc(doc);
    free(path);
}

void batch_record_error(batch_ctx *b, batch_item *it, const char *code,
                        const char *reason, double seconds)
{
    char *rp = batch_rec_path(b, it);

    batch_write_error_check(b, it, code, reason);
    batch_set_row(b, it, "error", reason, seconds);
    if (rp != NULL)
        batch_row_save(rp, &it->row);
    free(rp);
    it->done = 1;
}

void batch_record_skipped(batch_ctx *b, batch_item *it)
{
    char *rp;

    batch_set_row(b, it, "skipped", it->skip, 0);
    rp = batch_rec_path(b, it);
    if (rp != NULL)
        batch_row_save(rp, &it->row);
    free(rp);
    it->done = 1;
}

/* The previous result is current when its record carries the same key and
 * its NAME.xml is there. */
int batch_record_cached(batch_ctx *b, batch_item *it)
{
    char *rp = batch_rec_path(b, it), *op = batch_out_path(b, it);
    batch_row old;
    int hit = 0;

    memset(&old, 0, sizeof old);
    if (rp && op && access(op, R_OK) == 0 &&
        batch_row_load(rp, b->outdir, &old) == 0 &&
        strcmp(old.key, it->key) == 0 && strcmp(old.input, it->input) == 0 &&
        strcmp(old.status, "error") != 0) {
        batch_row_clear(&it->row);
        it->row = old;
        memset(&old, 0, sizeof old);
        hit = 1;
    }
    batch_row_clear(&old);
    free(rp);
    free(op);
    return hit;
}

int batch_records_load_dir(const char *dir, batch_row **rows, size_t *n,
                           size_t *cap, euc_error *err)
{
    char *rec = NULL;
    struct dirent **ents = NULL;
    int k = 0, i, rc = 0;

    if (asprintf(&rec, "%s/%s", dir, BATCH_RECORD_DIR) < 0)
        return euc_error_set(err, EUC_ERR_NOMEM, "batch", dir, "out of memory");
    k = scandir(rec, &ents, NULL, alphasort);
    if (k < 0) {
        rc = euc_error_set(err, EUC_ERR_IO, "batch", dir,
                           "not a batch output directory (no %s records)",
                           BATCH_RECORD_DIR);
        goto cleanup;
    }
    for (i = 0; i < k && rc == 0; i++) {
        size_t len = strlen(ents[i]->d_name);
        char *p = NULL;
        if (len > 4 && strcmp(ents[i]->d_name + len - 4, ".row") == 0 &&
            asprintf(&p, "%s/%s", rec, ents[i]->d_name) >= 0) {
            if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 64;
                batch_row *grown = realloc(*rows, ncap * sizeof **rows);
                if (grown == NULL) {
                    free(p);
                    rc = euc_error_set(err, EUC_ERR_NOMEM, "batch", dir,
                                       "out of memory");
                    break;
                }
                *rows = grown;
                *cap = ncap;
            }
            memset(&(*rows)[*n], 0, sizeof **rows);
            if (batch_row_load(p, dir, &(*rows)[*n]) == 0)
                (*n)++;
        }
        free(p);
    }
cleanup:
    for (i = 0; i < k; i++)
        free(ents[i]);
    free(ents);
    free(rec);
    return rc;
}
