/* Walking the batch's inputs: named files, folders searched recursively
 * (by device and inode, so a loop of links is searched once), @LISTs, and
 * entries that are not regular files (each an error row, never dropped). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "batch-imp.h"
#include "euc/extract.h"

static int sv_push(batch_strvec *s, const char *str)
{
    char *copy;

    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        char **p = realloc(s->v, ncap * sizeof *p);
        if (p == NULL)
            return -1;
        s->v = p;
        s->cap = ncap;
    }
    copy = strdup(str);
    if (copy == NULL)
        return -1;
    s->v[s->n++] = copy;
    return 0;
}

void batch_strvec_free(batch_strvec *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* A file found in a directory is a candidate unless its content says it is
 * something else: structured data (XML, HTML, JSON: our own outputs, truth
 * files), program source or a Markdown document.  Files no extractor reads
 * (empty, unknown format) stay inputs: in a folder of submissions they are
 * broken submissions, and get an error row. */
static const char *not_a_certificate(const char *path, char *why, size_t n)
{
    euc_error err;
    const char *kind = euc_extract_kind(path, &err);
    char head[256];
    size_t len, i = 0;
    FILE *f;

    if (kind == NULL || strcmp(kind, "text") != 0)
        return NULL;
    f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    len = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[len] = '\0';
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' ||
                       head[i] == '\t'))
        i++;
    if (head[i] == '<' || head[i] == '{' || head[i] == '[')
        snprintf(why, n, "structured data (XML, HTML or JSON), not a certificate");
    else if (strncmp(head + i, "#include", 8) == 0 ||
             strncmp(head + i, "/*", 2) == 0 || strncmp(head + i, "//", 2) == 0 ||
             strncmp(head + i, "#!", 2) == 0)
        snprintf(why, n, "program source, not a certificate");
    else if (strncmp(head + i, "# ", 2) == 0 || strncmp(head + i, "## ", 3) == 0)
        snprintf(why, n, "a Markdown document, not a certificate");
    else
        return NULL;
    return why;
}

/* The folders a walk has entered, by device and inode: a link back to one
 * of them is not followed again (a loop of links would list every file
 * once per turn). */
typedef struct walk {
    GHashTable *seen;         /* "dev:ino" */
    size_t loops;             /* links to a folder already searched */
    const char *outdir_real;  /* never searched: our own outputs */
    batch_strvec *paths, *skips;
} walk;

/* path as the user gave it, tidied the way a person would write it:
 * "samples//x.pdf" and "./samples/./x.pdf" are "samples/x.pdf".  No
 * ".." is resolved (a symbolic link may sit before it). */
static void tidy_path(const char *in, char *out, size_t n)
{
    size_t o = 0;
    const char *p = in;

    while (p[0] == '.' && p[1] == '/' && p[2] != '\0')
        p += 2;
    for (; *p != '\0' && o + 1 < n; p++) {
        if (*p == '/' && o > 0 && out[o - 1] == '/')
            continue;
        if (*p == '.' && o > 0 && out[o - 1] == '/' && p[1] == '/') {
            p++;
            continue;
        }
        out[o++] = *p;
    }
    while (o > 1 && out[o - 1] == '/')
        o--;
    out[o] = '\0';
}

static int add_item(walk *w, const char *path, const char *skip)
{
    char tidy[4096];

    tidy_path(path, tidy, sizeof tidy);
    {
        /* a file named and also found in a named folder is one document */
        char *key = g_strconcat("path:", tidy, NULL);
        int dup = g_hash_table_contains(w->seen, key);
        if (dup) {
            g_free(key);
            return 0;
        }
        g_hash_table_add(w->seen, key);
    }
    if (sv_push(w->paths, tidy) < 0)
        return -1;
    return sv_push(w->skips, skip ? skip : "");
}

/* A FIFO would block the reader; a device or socket is no document: each
 * is an error row. */
static int add_irregular(walk *w, const char *path, const struct stat *st)
{
    char why[128];

    snprintf(why, sizeof why, "%snot a regular file (%s)", BATCH_ROW_ERROR,
             S_ISFIFO(st->st_mode)   ? "a FIFO"
             : S_ISSOCK(st->st_mode) ? "a socket"
                                     : "a device");
    return add_item(w, path, why);
}

static int walk_enter(walk *w, const struct stat *st)
{
    char key[64];

    snprintf(key, sizeof key, "%llu:%llu", (unsigned long long)st->st_dev,
             (unsigned long long)st->st_ino);
    if (g_hash_table_contains(w->seen, key))
        return 0;
    g_hash_table_add(w->seen, g_strdup(key));
    return 1;
}

static int scan_dir(walk *w, const char *dir, int depth)
{
    struct dirent **ents = NULL;
    int n, i, rc = 0;

    if (depth > 64)
        return 0; /* no certificate lives that deep */
    n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0)
        return add_item(w, dir, NULL);
    for (i = 0; i < n; i++) {
        char *path = NULL, why[600], real[PATH_MAX];
        struct stat st, lst;

        if (ents[i]->d_name[0] == '.' || rc < 0)
            goto next;
        if (asprintf(&path, "%s/%s", dir, ents[i]->d_name) < 0) {
            rc = -1;
            goto next;
        }
        /* Every entry not read is an error row or a note, never dropped
         * in silence (BATCH_ROW_ERROR marks the reason of an error row). */
        if (stat(path, &st) != 0) {
            int dangling = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
            snprintf(why, sizeof why, "%s%s", BATCH_ROW_ERROR,
                     dangling ? "a symbolic link to nothing" : strerror(errno));
            rc = add_item(w, path, why);
            goto next;
        }
        if (S_ISDIR(st.st_mode)) {
            if (w->outdir_real && realpath(path, real) &&
                strcmp(real, w->outdir_real) == 0)
                goto next; /* our own outputs */
            if (!walk_enter(w, &st)) {
                w->loops++;
                goto next;
            }
            rc = scan_dir(w, path, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            rc = add_item(w, path, not_a_certificate(path, why, sizeof why));
        } else {
            rc = add_irregular(w, path, &st);
        }
    next:
        free(path);
        free(ents[i]);
    }
    free(ents);
    return rc;
}

static int read_list(walk *w, const char *list, euc_error *err);

static int expand(walk *w, const char *in, euc_error *err)
{
    struct stat st;

    if (in[0] == '@' && in[1] != '\0')
        return read_list(w, in + 1, err);
    if (stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!walk_enter(w, &st)) {
            w->loops++;
            return 0;
        }
        return scan_dir(w, in, 0);
    }
    if (stat(in, &st) == 0 && !S_ISREG(st.st_mode))
        return add_irregular(w, in, &st);
    /* Named files are always inputs: a bad one is an error row, not a
     * silent omission. */
    return add_item(w, in, NULL);
}

static int read_list(walk *w, const char *list, euc_error *err)
{
    FILE *f = fopen(list, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;

    if (f == NULL)
        return euc_error_set(err, EUC_ERR_IO, "batch", list, "%s",
                             strerror(errno));
    for (len = getline(&line, &cap, f); rc == 0 && len >= 0;
         len = getline(&line, &cap, f)) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                           line[len - 1] == ' '))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        /* A list names files and directories, not further lists. */
        if (line[0] == '@')
            rc = add_item(w, line, NULL);
        else
            rc = expand(w, line, err);
    }
    free(line);
    fclose(f);
    return rc;
}

int batch_inputs_find(const char *const *inputs, size_t ninputs,
                      const char *outdir_real, batch_strvec *paths,
                      batch_strvec *skips, size_t *loops, euc_error *err)
{
    walk w = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), 0,
              outdir_real, paths, skips};
    size_t i;
    int rc = 0;

    for (i = 0; i < ninputs && rc == 0; i++)
        rc = expand(&w, inputs[i], err) < 0 ? -1 : 0;
    g_hash_table_destroy(w.seen);
    *loops = w.loops;
    return rc;
}
