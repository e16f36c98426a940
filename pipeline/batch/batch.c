#define _GNU_SOURCE
#include "euc/batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <libxml/tree.h>

#include "batch-imp.h"
#include "euc/check.h"
#include "euc/data.h"
#include "euc/extract.h"

#define DEFAULT_TIMEOUT 120.0
#define RECORD_DIR ".eucheck"

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int sv_push(strvec *s, const char *str)
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

static void sv_free(strvec *s)
{
    size_t i;

    for (i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* One document of the run. */
typedef struct item {
    char *input;
    char *out;      /* NAME.xml */
    char *key;      /* NULL until hashed */
    char *skip;     /* why a directory entry is not a certificate */
    batch_row row;
    int done;
} item;

typedef struct batch {
    const euc_batch_options *opts;
    item *items;
    size_t n;
    char *outdir;
    char *recdir;
    char *fixed_key; /* version, data digest, options */
    euc_check_options copts;
    euc_batch_stats *stats;
} batch;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

/* --- inputs -------------------------------------------------------------- */

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

static int add_item(strvec *paths, strvec *skips, const char *path,
                    const char *skip)
{
    if (sv_push(paths, path) < 0)
        return -1;
    return sv_push(skips, skip ? skip : "");
}

/* A skip reason with this mark makes an error row, not a skipped one. */
#define ROW_ERROR "\001error:"

/* The folders a walk has entered, by device and inode: a link back to one
 * of them is not followed again (a loop of links would list every file
 * once per turn). */
typedef struct walk {
    GHashTable *seen;   /* "dev:ino" */
    size_t loops;       /* links to a folder already searched */
} walk;

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

static int scan_dir(walk *w, const char *dir, const char *outdir_real, strvec *paths,
                    strvec *skips, int depth)
{
    struct dirent **ents = NULL;
    int n, i, rc = 0;

    if (depth > 64)
        return 0; /* no certificate lives that deep */
    n = scandir(dir, &ents, NULL, alphasort);
    if (n < 0)
        return add_item(paths, skips, dir, NULL);
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
         * in silence (ROW_ERROR marks the reason of an error row). */
        if (stat(path, &st) != 0) {
            int dangling = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
            snprintf(why, sizeof why, "%s%s", ROW_ERROR,
                     dangling ? "a symbolic link to nothing" : strerror(errno));
            rc = add_item(paths, skips, path, why);
            goto next;
        }
        if (S_ISDIR(st.st_mode)) {
            if (outdir_real && realpath(path, real) &&
                strcmp(real, outdir_real) == 0)
                goto next; /* our own outputs */
            if (!walk_enter(w, &st)) {
                w->loops++;
                goto next;
            }
            rc = scan_dir(w, path, outdir_real, paths, skips, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            rc = add_item(paths, skips, path,
                          not_a_certificate(path, why, sizeof why));
        } else {
            /* a FIFO would block the reader; a device or socket is no
             * document */
            snprintf(why, sizeof why, "%snot a regular file (%s)", ROW_ERROR,
                     S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket"
                                                     : "a device");
            rc = add_item(paths, skips, path, why);
        }
    next:
        free(path);
        free(ents[i]);
    }
    free(ents);
    return rc;
}

static int read_list(walk *w, const char *list, const char *outdir_real, strvec *paths,
                     strvec *skips, euc_error *err);

static int expand(walk *w, const char *in, const char *outdir_real, strvec *paths,
                  strvec *skips, euc_error *err)
{
    struct stat st;

    if (in[0] == '@' && in[1] != '\0')
        return read_list(w, in + 1, outdir_real, paths, skips, err);
    if (stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!walk_enter(w, &st)) {
            w->loops++;
            return 0;
        }
        return scan_dir(w, in, outdir_real, paths, skips, 0);
    }
    if (stat(in, &st) == 0 && !S_ISREG(st.st_mode)) {
        char why[128];
        snprintf(why, sizeof why, "%snot a regular file (%s)", ROW_ERROR,
                 S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISSOCK(st.st_mode) ? "a socket"
                                                 : "a device");
        return add_item(paths, skips, in, why);
    }
    /* Named files are always inputs: a bad one is an error row, not a
     * silent omission. */
    return add_item(paths, skips, in, NULL);
}

static int read_list(walk *w, const char *list, const char *outdir_real, strvec *paths,
                     strvec *skips, euc_error *err)
{
    FILE *f = fopen(list, "r");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;

    if (f == NULL)
        return euc_error_set(err, EUC_ERR_IO, "batch", list, "%s",
                             strerror(errno));
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                           line[len - 1] == ' '))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        /* A list names files and directories, not further lists. */
        if (line[0] == '@')
            rc = add_item(paths, skips, line, NULL);
        else
            rc = expand(w, line, outdir_real, paths, skips, err);
    }
    free(line);
    fclose(f);
    return rc;
}

/* --- keys: what a result was made from ------------------------------------ */

static int hash_file(GChecksum *sum, const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char buf[65536];
    size_t n;

    if (f == NULL)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
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
static char *make_fixed_key(const euc_batch_options *o)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char *key = NULL;
    size_t i;

    hash_tree(sum, euc_data_dir());
    for (i = 0; i < o->nrules; i++)
        hash_file(sum, o->rules[i]);
    if (asprintf(&key, "eucheck %s; data %.16s; regime %s; as-of %s; dpi %d; "
                 "lang %s", EUC_VERSION, g_checksum_get_string(sum),
                 o->regime ? o->regime : "default",
                 o->as_of ? o->as_of : "today", o->dpi,
                 o->lang ? o->lang : "eng") < 0)
        key = NULL;
    g_checksum_free(sum);
    return key;
}

static char *item_key(const batch *b, const char *path)
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    char *key = NULL;

    if (hash_file(sum, path) == 0 &&
        asprintf(&key, "%s; sha256 %s", b->fixed_key,
                 g_checksum_get_string(sum)) < 0)
        key = NULL;
    g_checksum_free(sum);
    return key;
}

/* --- records --------------------------------------------------------------- */

static char *rec_path(const batch *b, const item *it)
{
    char *p = NULL;

    if (asprintf(&p, "%s/%s.row", b->recdir, it->out) < 0)
        return NULL;
    return p;
}

static char *out_path(const batch *b, const item *it)
{
    char *p = NULL;

    if (asprintf(&p, "%s/%s", b->outdir, it->out) < 0)
        return NULL;
    return p;
}

static void set_row(batch *b, item *it, const char *status, const char *reason,
                    double seconds)
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
static void write_error_check(const batch *b, const item *it,
                              const char *code, const char *reason)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "check"), e;
    xmlChar *mem = NULL;
    int len = 0;
    char *path = out_path(b, it);

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

static void record_error(batch *b, item *it, const char *code,
                         const char *reason, double seconds)
{
    char *rp = rec_path(b, it);

    write_error_check(b, it, code, reason);
    set_row(b, it, "error", reason, seconds);
    if (rp != NULL)
        batch_row_save(rp, &it->row);
    free(rp);
    it->done = 1;
}

/* --- the worker ------------------------------------------------------------ */

/* Non-zero when path names the file name (its last component is name). */
static int names(const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');

    return name != NULL && *name != '\0' &&
           strcmp(slash ? slash + 1 : path, name) == 0;
}

/* Test hooks: a worker that dies or hangs on a chosen document (by file
 * name), so the tests can show that the batch survives both. */
static void test_hooks(const char *path)
{
    if (names(path, getenv("EUCHECK_TEST_CRASH")))
        kill(getpid(), SIGKILL);
    if (names(path, getenv("EUCHECK_TEST_HANG")))
        for (;;)
            pause();
}

static void process(batch *b, euc_checker *chk, item *it)
{
    euc_check_result *res = NULL;
    euc_error err;
    xmlDocPtr xml = NULL;
    xmlChar *mem = NULL;
    int len = 0;
    double t0 = now();
    char *op = out_path(b, it), *rp = rec_path(b, it);

    euc_error_clear(&err);
    test_hooks(it->input);
    euc_check_file(chk, it->input, &res, &err);
    if (res != NULL)
        xml = euc_check_result_xml(res);
    if (xml != NULL)
        xmlDocDumpFormatMemoryEnc(xml, &mem, &len, "UTF-8", 1);
    if (mem == NULL || op == NULL ||
        batch_write_atomic(op, (const char *)mem, (size_t)len) < 0) {
        write_error_check(b, it, "io", "cannot write the result");
        set_row(b, it, "error", "cannot write the result", now() - t0);
    } else {
        euc_check_status st = euc_check_result_status(res);
        set_row(b, it, euc_check_status_name(st),
                st == EUC_CHECK_ERROR ? euc_check_result_error(res)->message : "",
                now() - t0);
    }
    if (rp != NULL)
        batch_row_save(rp, &it->row);
    xmlFree(mem);
    xmlFreeDoc(xml);
    euc_check_result_free(res);
    free(op);
    free(rp);
}

static void worker_main(batch *b, int job_fd, int res_fd)
{
    FILE *jobs = fdopen(job_fd, "r");
    euc_checker *chk = NULL;
    euc_error err;
    char line[64];

    /* The parent handles ^C for the whole batch. */
    signal(SIGINT, SIG_IGN);
    {
        long long cap = b->opts->max_memory > 0 ? b->opts->max_memory
                        : b->opts->max_memory < 0 ? 0 : EUC_CHECK_DEFAULT_MAX_MEMORY;
        euc_check_cap_memory(cap);
    }
    if (jobs == NULL)
        _exit(3);
    while (fgets(line, sizeof line, jobs) != NULL) {
        size_t idx = strtoul(line, NULL, 10);
        char reply[64];
        int n;

        if (idx >= b->n)
            continue;
        if (chk == NULL) {
            /* Once per worker: schemas, rules and, on first OCR page, the
             * Tesseract handle are then reused for every document. */
            chk = euc_checker_new(&b->copts, &err);
            if (chk == NULL)
                _exit(4);
        }
        process(b, chk, &b->items[idx]);
        n = snprintf(reply, sizeof reply, "%zu\n", idx);
        if (write(res_fd, reply, (size_t)n) != n)
            break;
    }
    euc_checker_free(chk);
    fclose(jobs);
    close(res_fd);
    _exit(0);
}

typedef struct worker {
    pid_t pid;
    int job_fd, res_fd;
    long job;          /* item index, -1 when idle */
    double started;
    char buf[256];
    size_t blen;
} worker;

static void reap(batch *b, worker *w, int *status)
{
    struct rusage ru;

    if (w->pid <= 0)
        return;
    if (wait4(w->pid, status, 0, &ru) > 0 && ru.ru_maxrss > b->stats->peak_rss_kb)
        b->stats->peak_rss_kb = ru.ru_maxrss;
    w->pid = 0;
}

static void close_worker(worker *w)
{
    if (w->job_fd >= 0)
        close(w->job_fd);
    if (w->res_fd >= 0)
        close(w->res_fd);
    w->job_fd = w->res_fd = -1;
}

static int spawn(batch *b, worker *workers, int nw, worker *w)
{
    int jp[2], rp[2], i;
    pid_t pid;

    if (pipe(jp) < 0)
        return -1;
    if (pipe(rp) < 0) {
        close(jp[0]);
        close(jp[1]);
        return -1;
    }
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        close(jp[0]); close(jp[1]); close(rp[0]); close(rp[1]);
        return -1;
    }
    if (pid == 0) {
        /* Other workers' pipes must close in this child too, or a dead
         * worker's EOF would never reach the parent. */
        for (i = 0; i < nw; i++)
            if (&workers[i] != w)
                close_worker(&workers[i]);
        close(jp[1]);
        close(rp[0]);
        /* a worker ends with its parent, however the parent ends */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        worker_main(b, jp[0], rp[1]);
    }
    close(jp[0]);
    close(rp[1]);
    fcntl(jp[1], F_SETFD, FD_CLOEXEC);
    fcntl(rp[0], F_SETFD, FD_CLOEXEC);
    /* Only poll()ed descriptors are read, but never let one read block the
     * timeout watch over the others. */
    fcntl(rp[0], F_SETFL, fcntl(rp[0], F_GETFL) | O_NONBLOCK);
    w->pid = pid;
    w->job_fd = jp[1];
    w->res_fd = rp[0];
    w->job = -1;
    w->blen = 0;
    return 0;
}

static int give(worker *w, size_t idx)
{
    char line[64];
    int n = snprintf(line, sizeof line, "%zu\n", idx);

    if (write(w->job_fd, line, (size_t)n) != n)
        return -1;
    w->job = (long)idx;
    w->started = now();
    return 0;
}

static void progress(const batch *b, size_t done, size_t total, double t0)
{
    double el = now() - t0, rate = el > 0 ? done / el : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;

    fprintf(stderr, "\r\033[Keucheck batch: %zu/%zu done, %.1f docs/s, ETA "
            "%d:%02d | %zu complete, %zu incomplete, %zu error", done, total,
            rate, (int)eta / 60, (int)eta % 60, b->stats->complete,
            b->stats->incomplete, b->stats->errors);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

static void count(batch *b, const item *it)
{
    const char *s = it->row.status ? it->row.status : "error";

    if (strcmp(s, "complete") == 0)
        b->stats->complete++;
    else if (strcmp(s, "incomplete") == 0)
        b->stats->incomplete++;
    else if (strcmp(s, "error") == 0)
        b->stats->errors++;
}

/* A worker's line "IDX\n": its document is done and recorded. */
static void finish_job(batch *b, worker *w)
{
    item *it = &b->items[w->job];
    char *rp = rec_path(b, it);

    if (rp == NULL || batch_row_load(rp, b->outdir, &it->row) < 0)
        set_row(b, it, "error", "the worker's record could not be read",
                now() - w->started);
    free(rp);
    it->done = 1;
    count(b, it);
    w->job = -1;
}

/* A worker killed mid-write leaves its temporary files (NAME.tmp.PID, see
 * batch_write_atomic) behind; the real names were never touched. */
static void remove_leftovers(const batch *b, const item *it, pid_t pid)
{
    char *p = NULL;

    if (asprintf(&p, "%s/%s.tmp.%ld", b->outdir, it->out, (long)pid) >= 0)
        unlink(p);
    free(p);
    p = NULL;
    if (asprintf(&p, "%s/%s.row.tmp.%ld", b->recdir, it->out, (long)pid) >= 0)
        unlink(p);
    free(p);
}

static void worker_lost(batch *b, worker *w, const char *why)
{
    int status = 0;
    char reason[160];
    pid_t pid = w->pid;

    reap(b, w, &status);
    if (w->job >= 0)
        remove_leftovers(b, &b->items[w->job], pid);
    close_worker(w);
    if (w->job >= 0) {
        item *it = &b->items[w->job];
        if (strcmp(why, "timeout") == 0)
            snprintf(reason, sizeof reason, "timed out after %.0f s (--timeout)",
                     b->opts->timeout > 0 ? b->opts->timeout : DEFAULT_TIMEOUT);
        else if (WIFSIGNALED(status))
            snprintf(reason, sizeof reason, "the worker crashed on this "
                     "document (signal %d, %s)", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
        else
            snprintf(reason, sizeof reason, "the worker stopped on this "
                     "document (exit status %d)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        record_error(b, it, strcmp(why, "timeout") == 0 ? "timeout" : "crash",
                     reason, now() - w->started);
        count(b, it);
        w->job = -1;
    }
    b->stats->worker_restarts++;
}

/* SIGINT or SIGTERM: the first stops the batch cleanly (no new work, the
 * workers ended, the reports written for what is done); a second ends the
 * program at once. */
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    if (stop_signal != 0) {
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    stop_signal = sig;
}

static void catch_stops(int on)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_stop : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: poll() returns at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static int run_pool(batch *b, size_t *todo, size_t ntodo)
{
    int nw = b->opts->jobs, i;
    worker *ws;
    size_t next = 0, done = 0;
    double timeout = b->opts->timeout > 0 ? b->opts->timeout : DEFAULT_TIMEOUT;
    double t0 = now();
    struct pollfd *pf;
    int rc = 0;

    if (nw <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        nw = cores > 0 ? (int)cores : 1;
    }
    if ((size_t)nw > ntodo)
        nw = (int)ntodo;
    if (nw == 0)
        return 0;
    ws = calloc((size_t)nw, sizeof *ws);
    pf = calloc((size_t)nw, sizeof *pf);
    if (ws == NULL || pf == NULL) {
        free(ws);
        free(pf);
        return -1;
    }
    for (i = 0; i < nw; i++)
        ws[i].job_fd = ws[i].res_fd = -1;
    while (done < ntodo) {
        double wait_ms = 1000;
        int np = 0;

        if (stop_signal != 0)
            break;
        for (i = 0; i < nw; i++) {
            worker *w = &ws[i];
            if (w->pid == 0 && next < ntodo && spawn(b, ws, nw, w) < 0) {
                rc = -1;
                goto out;
            }
            if (w->pid > 0 && w->job < 0 && next < ntodo) {
                if (give(w, todo[next]) < 0) {
                    /* A worker that cannot take work is replaced; the job
                     * goes to the next free worker. */
                    worker_lost(b, w, "exit");
                    continue;
                }
                next++;
            }
        }
        for (i = 0; i < nw; i++) {
            if (ws[i].pid > 0 && ws[i].job >= 0) {
                double left = (ws[i].started + timeout - now()) * 1000;
                if (left < wait_ms)
                    wait_ms = left < 0 ? 0 : left;
                pf[np].fd = ws[i].res_fd;
                pf[np].events = POLLIN;
                pf[np].revents = 0;
                np++;
            }
        }
        if (np == 0)
            continue;
        if (poll(pf, (nfds_t)np, (int)wait_ms + 1) < 0 && errno != EINTR) {
            rc = -1;
            goto out;
        }
        for (i = 0; i < nw; i++) {
            worker *w = &ws[i];
            ssize_t got;
            char *nl;
            if (w->pid <= 0 || w->job < 0)
                continue;
            got = read(w->res_fd, w->buf + w->blen, sizeof w->buf - 1 - w->blen);
            if (got < 0 && errno == EAGAIN)
                got = -2;
            if (got == 0 || got == -1) {
                worker_lost(b, w, "exit");
                done++;
            } else if (got > 0) {
                w->blen += (size_t)got;
                w->buf[w->blen] = '\0';
                nl = strchr(w->buf, '\n');
                if (nl != NULL) {
                    finish_job(b, w);
                    done++;
                    w->blen = 0;
                }
            } else if (now() - w->started > timeout) {
                kill(w->pid, SIGKILL);
                worker_lost(b, w, "timeout");
                done++;
            }
        }
        if (b->opts->progress)
            progress(b, done + b->stats->cached, b->stats->inputs, t0);
    }
out:
    for (i = 0; i < nw; i++) {
        int status;
        /* stopped: a worker's half-done document is dropped; its result
         * is written to a temporary name only, so a re-run redoes it */
        if (stop_signal != 0 && ws[i].pid > 0)
            kill(ws[i].pid, SIGKILL);
        close_worker(&ws[i]);
        reap(b, &ws[i], &status);
    }
    b->stats->done = done;
    free(ws);
    free(pf);
    return rc;
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
static int name_outputs(item *items, size_t n)
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

static void item_clear(item *it)
{
    free(it->input);
    free(it->out);
    free(it->key);
    free(it->skip);
    batch_row_clear(&it->row);
    memset(it, 0, sizeof *it);
}

static void free_items(item *items, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        item_clear(&items[i]);
    free(items);
}

/* The previous result is current when its record carries the same key and
 * its NAME.xml is there. */
static int cached(batch *b, item *it)
{
    char *rp = rec_path(b, it), *op = out_path(b, it);
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

int euc_batch_run(const euc_batch_options *opts, const char *const *inputs,
                  size_t ninputs, euc_batch_stats *stats, euc_error *err)
{
    batch b;
    strvec paths = {0}, skips = {0};
    char real_out[PATH_MAX];
    size_t *todo = NULL, ntodo = 0, i, j, total, nrows = 0;
    euc_checker *probe;
    batch_row *rows = NULL;
    char note[160];
    int rc = -1, prc;

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
                                     RECORD_DIR) < 0 || mkdir_p(b.recdir) < 0) {
        euc_error_set(err, EUC_ERR_IO, "batch", opts->outdir,
                      "cannot create %s inside it", RECORD_DIR);
        goto cleanup;
    }
    /* Load the data once here, so that a broken rule file or a bad option
     * is one clear error before any worker starts. */
    check_options_from(opts, &b.copts);
    probe = euc_checker_new(&b.copts, err);
    if (probe == NULL)
        goto cleanup;
    euc_checker_free(probe);
    b.fixed_key = make_fixed_key(opts);
    {
        walk w = {g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), 0};
        int bad = 0;
        for (i = 0; i < ninputs && !bad; i++)
            bad = expand(&w, inputs[i], real_out, &paths, &skips, err) < 0;
        g_hash_table_destroy(w.seen);
        stats->links_not_followed = w.loops;
        if (bad)
            goto cleanup;
    }
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
    b.n = total = paths.n;
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
        item *it = &b.items[i];
        char *rp;
        if (it->skip != NULL && strncmp(it->skip, ROW_ERROR, strlen(ROW_ERROR)) == 0) {
            /* an entry that cannot be read as a file: an error row */
            stats->inputs++;
            record_error(&b, it, "io", it->skip + strlen(ROW_ERROR), 0);
            count(&b, it);
            continue;
        }
        if (it->skip != NULL) {
            set_row(&b, it, "skipped", it->skip, 0);
            rp = rec_path(&b, it);
            if (rp != NULL)
                batch_row_save(rp, &it->row);
            free(rp);
            it->done = 1;
            stats->skipped++;
            continue;
        }
        stats->inputs++;
        it->key = item_key(&b, it->input);
        if (it->key == NULL) {
            /* Unreadable now: let the worker say why, in its words. */
            it->key = strdup("unreadable");
        } else if (!opts->force && cached(&b, it)) {
            it->done = 1;
            stats->cached++;
            count(&b, it);
            continue;
        }
        todo[ntodo++] = i;
    }
    signal(SIGPIPE, SIG_IGN);
    stop_signal = 0;
    catch_stops(1);
    prc = run_pool(&b, todo, ntodo);
    catch_stops(0);
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
    if (stop_signal != 0) {
        stats->interrupted = stop_signal;
        snprintf(note, sizeof note, "interrupted: %zu of %zu documents done; run the "
                 "same command again to finish the rest", stats->cached + stats->done,
                 stats->inputs);
    }
    if (batch_write_reports(b.outdir, rows, nrows, stop_signal ? note : NULL, err) < 0)
        goto cleanup;
    rc = 0;
    goto cleanup;
nomem:
    euc_error_set(err, EUC_ERR_NOMEM, "batch", "", "out of memory");
cleanup:
    free(rows);
    free(todo);
    free_items(b.items, b.n);
    sv_free(&paths);
    sv_free(&skips);
    free(b.outdir);
    free(b.recdir);
    free(b.fixed_key);
    return rc;
}

static int load_dir_rows(const char *dir, batch_row **rows, size_t *n,
                         size_t *cap, euc_error *err)
{
    char *rec = NULL;
    struct dirent **ents = NULL;
    int k, i;

    if (asprintf(&rec, "%s/%s", dir, RECORD_DIR) < 0)
        return euc_error_set(err, EUC_ERR_NOMEM, "batch", dir, "out of memory");
    k = scandir(rec, &ents, NULL, alphasort);
    if (k < 0) {
        free(rec);
        return euc_error_set(err, EUC_ERR_IO, "batch", dir,
                             "not a batch output directory (no %s records)",
                             RECORD_DIR);
    }
    for (i = 0; i < k; i++) {
        size_t len = strlen(ents[i]->d_name);
        char *p = NULL;
        if (len > 4 && strcmp(ents[i]->d_name + len - 4, ".row") == 0 &&
            asprintf(&p, "%s/%s", rec, ents[i]->d_name) >= 0) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                *rows = realloc(*rows, *cap * sizeof **rows);
            }
            memset(&(*rows)[*n], 0, sizeof **rows);
            if (batch_row_load(p, dir, &(*rows)[*n]) == 0)
                (*n)++;
        }
        free(p);
        free(ents[i]);
    }
    free(ents);
    free(rec);
    return 0;
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
        if (load_dir_rows(dirs[i], &rows, &n, &cap, err) < 0)
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
    rc = batch_write_reports(outdir, rows, n, NULL, err);
cleanup:
    for (i = 0; i < n; i++)
        batch_row_clear(&rows[i]);
    free(rows);
    return rc;
}
