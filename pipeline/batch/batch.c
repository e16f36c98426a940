/* euc_batch_run: one batch from its inputs to its reports.  The steps
 * live beside it: inputs.c finds the documents, record.c keys and records
 * them, pool.c runs the workers, report.c writes summary.csv and
 * report.html.  euc_batch_merge joins shards from their records alone. */
#define _GNU_SOURCE
#include "euc/batch.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "batch-imp.h"
#include "euc/check.h"

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

void batch_count(batch_ctx *b, const batch_item *it)
{
    const char *s = it->row.status ? it->row.status : "error";

    if (strcmp(s, "complete") == 0)
        b->stats->complete++;
    else if (strcmp(s, "incomplete") == 0)
        b->stats->incomplete++;
    else if (strcmp(s, "error") == 0)
        b->stats->errors++;
}

/* --- the run ---------------------------------------------------------------- */

static int mkdir_p(const char *dir)
{
    char buf[PATH_MAX];
    char *p;

    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf)
        return -1;
    for (p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    }
    return mkdir(buf, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

/* NAME.xml from the input's base name; inputs sharing a base name get a
 * hash of their path too, decided over the whole input list so that every
 * shard of it names a document alike. */
static int name_outputs(batch_item *items, size_t n)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    size_t i;
    int rc = 0;

    for (i = 0; i < n; i++) {
        const char *bn = base_name(items[i].input);
        gpointer c = g_hash_table_lookup(seen, bn);
        g_hash_table_insert(seen, (gpointer)bn, GINT_TO_POINTER(GPOINTER_TO_INT(c) + 1));
    }
    for (i = 0; i < n && rc == 0; i++) {
        const char *bn = base_name(items[i].input);
        int dup = GPOINTER_TO_INT(g_hash_table_lookup(seen, bn)) > 1;
        if ((dup ? asprintf(&items[i].out, "%s-%08x.xml", bn,
                            (unsigned)(fnv1a(items[i].input) & 0xffffffffu))
                 : asprintf(&items[i].out, "%s.xml", bn)) < 0) {
            items[i].out = NULL;
            rc = -1;
        }
        if (bn[0] == '\0' || strcmp(bn, ".") == 0 || strcmp(bn, "..") == 0) {
            free(items[i].out);
            if (asprintf(&items[i].out, "input-%08x.xml",
                         (unsigned)(fnv1a(items[i].input) & 0xffffffffu)) < 0) {
                items[i].out = NULL;
                rc = -1;
            }
        }
    }
    g_hash_table_destroy(seen);
    return rc;
}

static void item_clear(batch_item *it)
{
    free(it->input);
    free(it->path);
    free(it->out);
    free(it->key);
    free(it->skip);
    batch_row_clear(&it->row);
    memset(it, 0, sizeof *it);
}

static void free_items(batch_item *items, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        item_clear(&items[i]);
    free(items);
}


/* Moves *it to the end of *out (grown as needed), leaving it empty. */
static int move_item(batch_item **out, size_t *n, size_t *cap, batch_item *it)
{
    if (*n + 1 > *cap) {
        batch_item *g = realloc(*out, *cap * 2 * sizeof *g);
        if (g == NULL)
            return -1;
        *out = g;
        *cap *= 2;
    }
    (*out)[(*n)++] = *it;
    memset(it, 0, sizeof *it);
    return 0;
}

/* Replaces each container (ZIP, e-mail) among the items by its documents,
 * each an item of its own; a container refused as a whole, or a member
 * that could not be taken out, is an error row.  The containers stay open
 * (their temporary folders) until the run ends. */
static int expand_containers(batch_ctx *b)
{
    batch_item *out = NULL;
    size_t n = 0, cap = b->n + 1, i, k;
    euc_ctx *ctx = NULL;

    out = calloc(cap, sizeof *out);
    if (out == NULL)
        goto nomem;
    for (i = 0; i < b->n; i++) {
        batch_item *it = &b->items[i];
        euc_unpacked *u = NULL, **grown;
        euc_error e;

        euc_error_clear(&e);
        if (it->skip != NULL || euc_container_kind(it->input) == NULL) {
            if (move_item(&out, &n, &cap, it) < 0)
                goto nomem;
            continue;
        }
        if (ctx == NULL)
            ctx = euc_ctx_new(NULL); /* on the first container only */
        if (ctx == NULL)
            goto nomem;
        if (euc_unpack(ctx, it->input, &u, &e) < 0) {
            if (asprintf(&it->skip, "%s%s", BATCH_ROW_ERROR, e.message) < 0)
                goto nomem;
            it->errcode = euc_code_name(e.code);
            if (move_item(&out, &n, &cap, it) < 0)
                goto nomem;
            continue;
        }
        grown = realloc(b->unpacked, (b->nunpacked + 1) * sizeof *grown);
        if (grown == NULL) {
            euc_unpacked_free(u);
            goto nomem;
        }
        b->unpacked = grown;
        b->unpacked[b->nunpacked++] = u;
        if (n + euc_unpacked_count(u) > cap) {
            batch_item *g;
            cap = n + euc_unpacked_count(u) + cap;
            g = realloc(out, cap * sizeof *out);
            if (g == NULL)
                goto nomem;
            out = g;
        }
        for (k = 0; k < euc_unpacked_count(u); k++) {
            batch_item *m = &out[n++];
            memset(m, 0, sizeof *m);
            if (asprintf(&m->input, "%s/%s", it->input,
                         euc_unpacked_name(u, k)) < 0) {
                m->input = NULL;
                goto nomem;
            }
            if (euc_unpacked_path(u, k) != NULL) {
                m->path = strdup(euc_unpacked_path(u, k));
                if (m->path == NULL)
                    goto nomem;
            } else {
                if (asprintf(&m->skip, "%s%s", BATCH_ROW_ERROR,
                             euc_unpacked_error(u, k)) < 0) {
                    m->skip = NULL;
                    goto nomem;
                }
                m->errcode = euc_code_name(EUC_ERR_CORRUPT);
            }
        }
        item_clear(it);
    }
    free_items(b->items, b->n);
    b->items = out;
    b->n = n;
    euc_ctx_free(ctx);
    return 0;
nomem:
    free_items(out, n);
    euc_ctx_free(ctx);
    return -1;
}

static void check_options_from(const euc_batch_options *o, euc_check_options *c)
{
    euc_check_options_init(c);
    c->regime = o->regime;
    c->rules = o->rules;
    c->nrules = o->nrules;
    c->as_of = o->as_of;
    if (o->dpi > 0)
        c->extract.dpi = o->dpi;
    if (o->lang != NULL)
        c->extract.lang = o->lang;
    /* a worker is the child already: the batch watches its time, and the
     * worker caps its own memory (worker_main) */
    c->timeout = 0;
    c->max_memory = 0;
}

/* "regime cn-dual-use · as of today · options: -j 2 --dpi 300": what the
 * report's reader needs to know to trust or redo it. */
static char *batch_about(const euc_batch_options *o, size_t kept)
{
    GString *g = g_string_new(NULL);
    size_t i;

    g_string_append_printf(g, "regime %s \xc2\xb7 as of %s \xc2\xb7 options:",
                           o->regime ? o->regime : "cn-dual-use",
                           o->as_of ? o->as_of : "the day of the run");
    if (o->jobs > 0)
        g_string_append_printf(g, " -j %d", o->jobs);
    if (o->dpi > 0)
        g_string_append_printf(g, " --dpi %d", o->dpi);
    if (o->lang != NULL)
        g_string_append_printf(g, " --lang %s", o->lang);
    if (o->timeout > 0)
        g_string_append_printf(g, " --timeout %g", o->timeout);
    if (o->shard_n > 0)
        g_string_append_printf(g, " --shard %d/%d", o->shard_k, o->shard_n);
    if (o->force)
        g_string_append(g, " --force");
    for (i = 0; i < o->nrules; i++)
        g_string_append_printf(g, " --rules %s", o->rules[i]);
    if (g->str[g->len - 1] == ':')
        g_string_append(g, " defaults");
    if (kept > 0)
        g_string_append_printf(g, " \xc2\xb7 %zu earlier %s kept", kept,
                               kept == 1 ? "result" : "results");
    return g_string_free(g, FALSE);
}

int euc_batch_run(const euc_batch_options *opts, const char *const *inputs,
                  size_t ninputs, euc_batch_stats *stats, euc_error *err)
{
    batch_ctx b;
    batch_strvec paths = {0}, skips = {0};
    char real_out[PATH_MAX];
    size_t *todo = NULL, ntodo = 0, i, j, total, nrows = 0;
    euc_checker *probe;
    batch_row *rows = NULL;
    char note[160];
    int rc = -1, prc, stopped;

    memset(&b, 0, sizeof b);
    memset(stats, 0, sizeof *stats);
    b.opts = opts;
    b.stats = stats;
    if (opts->outdir == NULL || *opts->outdir == '\0')
        return euc_error_set(err, EUC_ERR_USAGE, "batch", "", "no OUTDIR");
    if (opts->shard_n < 0 || (opts->shard_n > 0 &&
                              (opts->shard_k < 1 || opts->shard_k > opts->shard_n)))
        return euc_error_set(err, EUC_ERR_USAGE, "batch", "",
                             "--shard K/N needs 1 <= K <= N");
    if (mkdir_p(opts->outdir) < 0 || realpath(opts->outdir, real_out) == NULL)
        return euc_error_set(err, EUC_ERR_IO, "batch", opts->outdir,
                             "cannot create the output directory: %s",
                             strerror(errno));
    b.outdir = strdup(opts->outdir);
    if (b.outdir == NULL || asprintf(&b.recdir, "%s/%s", opts->outdir,
                                     BATCH_RECORD_DIR) < 0 || mkdir_p(b.recdir) < 0) {
        euc_error_set(err, EUC_ERR_IO, "batch", opts->outdir,
                      "cannot create %s inside it", BATCH_RECORD_DIR);
        goto cleanup;
    }
    /* Load the data once here, so that a broken rule file or a bad option
     * is one clear error before any worker starts. */
    check_options_from(opts, &b.copts);
    probe = euc_checker_new(&b.copts, err);
    if (probe == NULL)
        goto cleanup;
    euc_checker_free(probe);
    b.fixed_key = batch_fixed_key(opts);
    if (batch_inputs_find(inputs, ninputs, real_out, &paths, &skips,
                          &stats->links_not_followed, err) < 0)
        goto cleanup;
    if (paths.n == 0) {
        euc_error_set(err, EUC_ERR_USAGE, "batch", "", "no input files found");
        goto cleanup;
    }
    b.items = calloc(paths.n, sizeof *b.items);
    if (b.items == NULL)
        goto nomem;
    for (i = 0; i < paths.n; i++) {
        b.items[i].input = paths.v[i];
        paths.v[i] = NULL;
        if (skips.v[i][0] != '\0') {
            b.items[i].skip = skips.v[i];
            skips.v[i] = NULL;
        }
    }
    b.n = paths.n;
    if (expand_containers(&b) < 0)
        goto nomem;
    total = b.n;
    if (name_outputs(b.items, total) < 0)
        goto nomem;
    /* Keep this shard's part, deterministic by path. */
    for (i = 0, j = 0; i < total; i++) {
        if (opts->shard_n > 0 &&
            fnv1a(b.items[i].input) % (uint64_t)opts->shard_n !=
                (uint64_t)(opts->shard_k - 1)) {
            item_clear(&b.items[i]);
            continue;
        }
        b.items[j++] = b.items[i];
    }
    b.n = j;
    todo = calloc(b.n ? b.n : 1, sizeof *todo);
    if (todo == NULL)
        goto nomem;
    for (i = 0; i < b.n; i++) {
        batch_item *it = &b.items[i];
        if (it->skip != NULL &&
            strncmp(it->skip, BATCH_ROW_ERROR, strlen(BATCH_ROW_ERROR)) == 0) {
            /* an entry that cannot be read as a file: an error row */
            stats->inputs++;
            batch_record_error(&b, it, it->errcode ? it->errcode : "io",
                               it->skip + strlen(BATCH_ROW_ERROR), 0);
            batch_count(&b, it);
            continue;
        }
        if (it->skip != NULL) {
            batch_record_skipped(&b, it);
            stats->skipped++;
            continue;
        }
        stats->inputs++;
        it->key = batch_item_key(&b, it);
        if (it->key == NULL) {
            /* Unreadable now: let the worker say why, in its words. */
            it->key = strdup("unreadable");
        } else if (!opts->force && batch_record_cached(&b, it)) {
            it->done = 1;
            stats->cached++;
            batch_count(&b, it);
            continue;
        }
        todo[ntodo++] = i;
    }
    prc = batch_pool_run(&b, todo, ntodo);
    stopped = batch_pool_stopped();
    if (prc < 0) {
        euc_error_set(err, EUC_ERR_INTERNAL, "batch", "",
                      "cannot start worker processes: %s", strerror(errno));
        goto cleanup;
    }
    rows = calloc(b.n ? b.n : 1, sizeof *rows);
    if (rows == NULL)
        goto nomem;
    for (i = 0; i < b.n; i++) {
        /* (stopped early: the documents not done have no row yet) */
        if (b.items[i].row.status == NULL)
            continue;
        rows[nrows] = b.items[i].row;
        if (opts->on_error && strcmp(rows[nrows].status, "error") == 0)
            opts->on_error(opts->user, rows[nrows].input, rows[nrows].reason);
        nrows++;
    }
    if (stopped != 0) {
        stats->interrupted = stopped;
        snprintf(note, sizeof note, "interrupted: %zu of %zu documents done; run the "
                 "same command again to finish the rest", stats->cached + stats->done,
                 stats->inputs);
    }
    /* Results already in OUTDIR for inputs this run was not given stay in
     * the summary and the report: a second batch into the same folder adds
     * to it and never silently drops what is there. */
    {
        batch_row *old = NULL;
        size_t nold = 0, capold = 0, k, kept = 0;
        GHashTable *here = g_hash_table_new(g_str_hash, g_str_equal);
        batch_row *all;
        int wrc;

        for (i = 0; i < nrows; i++)
            g_hash_table_add(here, rows[i].input);
        if (batch_records_load_dir(b.outdir, &old, &nold, &capold, err) < 0) {
            g_hash_table_destroy(here);
            goto cleanup;
        }
        all = calloc(nrows + nold + 1, sizeof *all);
        if (all == NULL) {
            for (k = 0; k < nold; k++)
                batch_row_clear(&old[k]);
            free(old);
            g_hash_table_destroy(here);
            goto nomem;
        }
        memcpy(all, rows, nrows * sizeof *rows);
        for (k = 0; k < nold; k++)
            if (!g_hash_table_contains(here, old[k].input)) {
                g_hash_table_add(here, old[k].input);
                all[nrows + kept++] = old[k];
                stats->earlier++;
            } else {
                batch_row_clear(&old[k]);
            }
        {
            char *about = batch_about(opts, kept);
            wrc = batch_write_reports(b.outdir, all, nrows + kept, stopped ? note : NULL,
                                      about, err);
            free(about);
        }
        for (k = 0; k < kept; k++)
            batch_row_clear(&all[nrows + k]);
        free(all);
        free(old);
        g_hash_table_destroy(here);
        if (wrc < 0)
            goto cleanup;
    }
    rc = 0;
    goto cleanup;
nomem:
    euc_error_set(err, EUC_ERR_NOMEM, "batch", "", "out of memory");
cleanup:
    free(rows);
    free(todo);
    free_items(b.items, b.n);
    batch_strvec_free(&paths);
    batch_strvec_free(&skips);
    free(b.outdir);
    free(b.recdir);
    free(b.fixed_key);
    for (i = 0; i < b.nunpacked; i++)
        euc_unpacked_free(b.unpacked[i]);
    free(b.unpacked);
    return rc;
}

static int row_cmp(const void *a, const void *b)
{
    const batch_row *x = a, *y = b;

    return strcmp(x->input, y->input);
}

int euc_batch_merge(const char *outdir, const char *const *dirs, size_t ndirs,
                    euc_batch_stats *stats, euc_error *err)
{
    batch_row *rows = NULL;
    size_t n = 0, cap = 0, i;
    int rc = -1;

    memset(stats, 0, sizeof *stats);
    if (mkdir_p(outdir) < 0)
        return euc_error_set(err, EUC_ERR_IO, "batch", outdir,
                             "cannot create the output directory: %s",
                             strerror(errno));
    for (i = 0; i < ndirs; i++)
        if (batch_records_load_dir(dirs[i], &rows, &n, &cap, err) < 0)
            goto cleanup;
    /* A path processed by two shards (or twice) counts once: the input
     * list is what the summary promises to cover. */
    qsort(rows, n, sizeof *rows, row_cmp);
    for (i = 0; i < n; i++) {
        const char *s = rows[i].status;
        if (i > 0 && strcmp(rows[i].input, rows[i - 1].input) == 0) {
            batch_row_clear(&rows[i]);
            memmove(&rows[i], &rows[i + 1], (n - i - 1) * sizeof *rows);
            n--;
            i--;
            continue;
        }
        if (strcmp(s, "skipped") == 0) {
            stats->skipped++;
            continue;
        }
        stats->inputs++;
        if (strcmp(s, "complete") == 0)
            stats->complete++;
        else if (strcmp(s, "incomplete") == 0)
            stats->incomplete++;
        else
            stats->errors++;
    }
    {
        char *about = NULL;
        if (asprintf(&about, "merged from %zu shard %s", ndirs,
                     ndirs == 1 ? "output" : "outputs") < 0)
            about = NULL;
        rc = batch_write_reports(outdir, rows, n, NULL, about, err);
        free(about);
    }
cleanup:
    for (i = 0; i < n; i++)
        batch_row_clear(&rows[i]);
    free(rows);
    return rc;
}
