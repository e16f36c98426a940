#define _GNU_SOURCE
#include "testutil.h"
#include "euc/text.h"

#include <ctype.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

const char *tu_bin(void)
{
    const char *b = getenv("EUCHECK_BIN");

    return b != NULL && *b != '\0' ? b : "./eucheck";
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, cap = 0, got;

    if (f == NULL)
        return NULL;
    do {
        if (n + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            if (buf == NULL) {
                fclose(f);
                return NULL;
            }
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    buf[n] = '\0';
    if (len != NULL)
        *len = n;
    return buf;
}

int tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    int ok;

    if (f == NULL)
        return -1;
    ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

char *tu_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *dir;

    if (asprintf(&dir, "%s/euctest.XXXXXX", base ? base : "/tmp") < 0)
        return NULL;
    if (mkdtemp(dir) == NULL) {
        free(dir);
        return NULL;
    }
    return dir;
}

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

void tu_rmtree(const char *dir)
{
    if (dir != NULL)
        nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int tu_run(const char *const argv[], char **out, char **err)
{
    char *dir = tu_tmpdir(), *po = NULL, *pe = NULL;
    pid_t pid;
    int status = -1, fo, fe, fi;

    if (dir == NULL)
        return -1;
    if (asprintf(&po, "%s/out", dir) < 0 || asprintf(&pe, "%s/err", dir) < 0)
        goto cleanup;
    pid = fork();
    if (pid < 0)
        goto cleanup;
    if (pid == 0) {
        fi = open("/dev/null", O_RDONLY);
        fo = open(po, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        fe = open(pe, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fi < 0 || fo < 0 || fe < 0)
            _exit(127);
        dup2(fi, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0) {
        status = -1;
        goto cleanup;
    }
    status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (out != NULL)
        *out = tu_read_file(po, NULL);
    if (err != NULL)
        *err = tu_read_file(pe, NULL);
cleanup:
    tu_rmtree(dir);
    free(po);
    free(pe);
    free(dir);
    return status;
}

char *tu_squash_ws(const char *s)
{
    return euc_text_squash_ws(s);
}

/* Splits s into normalised words; returns the count. */
static size_t split_words(const char *s, char ***words)
{
    char *copy = strdup(s), *tok, *save = NULL;
    size_t n = 0, cap = 0;

    *words = NULL;
    for (tok = strtok_r(copy, " \t\r\n\f", &save); tok;
         tok = strtok_r(NULL, " \t\r\n\f", &save)) {
        char *b = tok, *e = tok + strlen(tok);
        while (b < e && ispunct((unsigned char)*b))
            b++;
        while (e > b && ispunct((unsigned char)e[-1]))
            e--;
        if (b == e)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            *words = realloc(*words, cap * sizeof **words);
        }
        (*words)[n] = strndup(b, (size_t)(e - b));
        for (char *c = (*words)[n]; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        n++;
    }
    free(copy);
    return n;
}

double tu_word_recall(const char *truth, const char *got)
{
    char **tw, **gw;
    size_t nt = split_words(truth, &tw), ng = split_words(got, &gw);
    size_t i, j, found = 0;

    for (i = 0; i < nt; i++) {
        for (j = 0; j < ng; j++) {
            if (gw[j] != NULL && strcmp(tw[i], gw[j]) == 0) {
                free(gw[j]);
                gw[j] = NULL; /* each word of got matches once */
                found++;
                break;
            }
        }
    }
    for (i = 0; i < nt; i++)
        free(tw[i]);
    for (j = 0; j < ng; j++)
        free(gw[j]);
    free(tw);
    free(gw);
    return nt ? (double)found / (double)nt : 1.0;
}

int tu_count(const char *hay, const char *needle)
{
    int n = 0;
    size_t len = strlen(needle);

    if (len == 0)
        return 0;
    for (hay = strstr(hay, needle); hay != NULL; hay = strstr(hay, needle)) {
        n++;
        hay += len;
    }
    return n;
}
