/* The batch's worker processes: each is forked once, caps its own memory,
 * starts the checker once and takes documents over a pipe; the parent
 * watches every document's time, replaces a worker that crashes or runs
 * past --timeout, and stops cleanly on SIGINT or SIGTERM. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/tree.h>

#include "batch-imp.h"

#define DEFAULT_TIMEOUT 120.0

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
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

/* Before the record: a result recorded as current has its page images. */
static void write_thumbs(batch_ctx *b, euc_checker *chk, const batch_item *it,
                         const euc_check_result *res, xmlDocPtr xml)
{
    char *tp = batch_thumbs_path(b->outdir, it->out), *t = NULL;
    euc_error err;

    euc_error_clear(&err);
    if (tp == NULL)
        return;
    if (!b->opts->no_thumbnails && xml != NULL && res != NULL &&
        euc_check_result_status(res) != EUC_CHECK_ERROR &&
        euc_report_thumbnails(euc_checker_ctx(chk), BATCH_ITEM_PATH(it), xml, &t,
                              &err) == 0 && t[0] != '\0')
        batch_write_atomic(tp, t, strlen(t));
    else
        unlink(tp); /* none from an earlier run stays beside a new result */
    free(t);
    free(tp);
}

static void process(batch_ctx *b, euc_checker *chk, batch_item *it)
{
    euc_check_result *res = NULL;
    euc_error err;
    xmlDocPtr xml = NULL;
    xmlChar *mem = NULL;
    int len = 0;
    double t0 = now();
    char *op = batch_out_path(b, it), *rp = batch_rec_path(b, it);

    euc_error_clear(&err);
    test_hooks(it->input);
    euc_check_file_as(chk, BATCH_ITEM_PATH(it), it->input, &res, &err);
    if (res != NULL)
        xml = euc_check_result_xml(res);
    if (xml != NULL)
        xmlDocDumpFormatMemoryEnc(xml, &mem, &len, "UTF-8", 1);
    if (mem == NULL || op == NULL ||
        batch_write_atomic(op, (const char *)mem, (size_t)len) < 0) {
        batch_write_error_check(b, it, "io", "cannot write the result");
        batch_set_row(b, it, "error", "cannot write the result", now() - t0);
    } else {
        euc_check_status st = euc_check_result_status(res);
        batch_set_row(b, it, euc_check_status_name(st),
                st == EUC_CHECK_ERROR ? euc_check_result_error(res)->message : "",
                now() - t0);
    }
    write_thumbs(b, chk, it, res, xml);
    if (rp != NULL)
        batch_row_save(rp, &it->row);
    xmlFree(mem);
    xmlFreeDoc(xml);
    euc_check_result_free(res);
    free(op);
    free(rp);
}

static void worker_main(batch_ctx *b, int job_fd, int res_fd)
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

static void reap(batch_ctx *b, worker *w, int *status)
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

static int spawn(batch_ctx *b, worker *workers, int nw, worker *w)
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

static void progress(const batch_ctx *b, size_t done, size_t total, double t0)
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


/* A worker's line "IDX\n": its document is done and recorded. */
static void finish_job(batch_ctx *b, worker *w)
{
    batch_item *it = &b->items[w->job];
    char *rp = batch_rec_path(b, it);

    if (rp == NULL || batch_row_load(rp, b->outdir, &it->row) < 0)
        batch_set_row(b, it, "error", "the worker's record could not be read",
                now() - w->started);
    free(rp);
    it->done = 1;
    batch_count(b, it);
    w->job = -1;
}

/* A worker killed mid-write leaves its temporary files (NAME.tmp.PID, see
 * batch_write_atomic) behind; the real names were never touched. */
static void remove_leftovers(const batch_ctx *b, const batch_item *it, pid_t pid)
{
    char *p = NULL;

    if (asprintf(&p, "%s/%s.tmp.%ld", b->outdir, it->out, (long)pid) >= 0)
        unlink(p);
    free(p);
    p = NULL;
    if (asprintf(&p, "%s/%s.row.tmp.%ld", b->recdir, it->out, (long)pid) >= 0)
        unlink(p);
    free(p);
    p = NULL;
    if (asprintf(&p, "%s/%s.thumbs.tmp.%ld", b->recdir, it->out, (long)pid) >= 0)
        unlink(p);
    free(p);
}

static void worker_lost(batch_ctx *b, worker *w, const char *why)
{
    int status = 0;
    char reason[160];
    pid_t pid = w->pid;

    reap(b, w, &status);
    if (w->job >= 0)
        remove_leftovers(b, &b->items[w->job], pid);
    close_worker(w);
    if (w->job >= 0) {
        batch_item *it = &b->items[w->job];
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
        batch_record_error(b, it, strcmp(why, "timeout") == 0 ? "timeout" : "crash",
                     reason, now() - w->started);
        batch_count(b, it);
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

static int run_pool(batch_ctx *b, size_t *todo, size_t ntodo)
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

int batch_pool_run(batch_ctx *b, size_t *todo, size_t ntodo)
{
    int rc;

    /* a worker that died must not take the parent with it on the next
     * write to its pipe */
    signal(SIGPIPE, SIG_IGN);
    stop_signal = 0;
    catch_stops(1);
    rc = run_pool(b, todo, ntodo);
    catch_stops(0);
    return rc;
}

int batch_pool_stopped(void)
{
    return stop_signal;
}
