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

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

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

int tu_write_zip(const char *path, const tu_member *m, size_t n,
                 const char *passphrase)
{
    struct archive *a = archive_write_new();
    size_t i;
    int rc = -1;

    if (a == NULL || archive_write_set_format_zip(a) != ARCHIVE_OK)
        goto cleanup;
    if (passphrase != NULL &&
        (archive_write_set_options(a, "zip:encryption=zipcrypt") != ARCHIVE_OK ||
         archive_write_set_passphrase(a, passphrase) != ARCHIVE_OK))
        goto cleanup;
    if (archive_write_open_filename(a, path) != ARCHIVE_OK)
        goto cleanup;
    for (i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        char *data = NULL;
        size_t len = 0;
        int ok;

        if (m[i].from != NULL)
            data = tu_read_file(m[i].from, &len);
        else if (m[i].text != NULL)
            data = strdup(m[i].text);
        else
            data = calloc(1, m[i].zeros + 1);
        if (m[i].from == NULL)
            len = m[i].text != NULL ? strlen(m[i].text) : m[i].zeros;
        archive_entry_set_pathname(e, m[i].name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)len);
        ok = data != NULL && archive_write_header(a, e) == ARCHIVE_OK &&
             archive_write_data(a, data, len) == (la_ssize_t)len;
        archive_entry_free(e);
        free(data);
        if (!ok)
            goto cleanup;
    }
    rc = archive_write_close(a) == ARCHIVE_OK ? 0 : -1;
cleanup:
    archive_write_free(a);
    return rc;
}

int tu_write_form_pdf(const char *path, const char *end_user,
                      const char *address, int reexport)
{
    static const char content[] =
        "BT /F1 11 Tf 1 0 0 1 72 720 Tm (End-user certificate) Tj "
        "1 0 0 1 72 690 Tm (End user:) Tj 1 0 0 1 72 670 Tm (Address:) Tj "
        "1 0 0 1 72 650 Tm (Will the goods be re-exported?) Tj "
        "1 0 0 1 300 650 Tm (Yes) Tj 1 0 0 1 360 650 Tm (No) Tj ET";
    const char *on = reexport ? "Yes" : "Off", *off = reexport ? "Off" : "Yes";
    char *objs[10];
    GString *pdf = g_string_new("%PDF-1.7\n");
    gsize offs[10], xref;
    int i, rc;

    objs[0] = g_strdup("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    objs[1] = g_strdup_printf("<< /Length %zu >>\nstream\n%s\nendstream",
                              strlen(content), content);
    objs[2] = g_strdup_printf(
        "<< /FT /Tx /T (enduser) /V (%s) /Rect [200 685 500 700] /Type /Annot "
        "/Subtype /Widget /F 4 /DA (/Helv 10 Tf 0 g) /P 7 0 R >>", end_user);
    objs[3] = g_strdup_printf(
        "<< /FT /Tx /T (address) /V (%s) /Rect [200 665 500 680] /Type /Annot "
        "/Subtype /Widget /F 4 /DA (/Helv 10 Tf 0 g) /P 7 0 R >>", address);
    objs[4] = g_strdup_printf(
        "<< /FT /Btn /T (yes) /V /%s /AS /%s /Rect [285 648 295 658] /Type /Annot "
        "/Subtype /Widget /F 4 /P 7 0 R /AP << /N << /Yes 9 0 R /Off 9 0 R >> >> >>",
        on, on);
    objs[5] = g_strdup_printf(
        "<< /FT /Btn /T (no) /V /%s /AS /%s /Rect [345 648 355 658] /Type /Annot "
        "/Subtype /Widget /F 4 /P 7 0 R /AP << /N << /Yes 9 0 R /Off 9 0 R >> >> >>",
        off, off);
    objs[6] = g_strdup(
        "<< /Type /Page /Parent 8 0 R /MediaBox [0 0 612 792] /Contents 2 0 R "
        "/Resources << /Font << /F1 1 0 R >> >> /Annots [3 0 R 4 0 R 5 0 R 6 0 R] >>");
    objs[7] = g_strdup("<< /Type /Pages /Kids [7 0 R] /Count 1 >>");
    objs[8] = g_strdup("<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] "
                       "/Length 0 >>\nstream\n\nendstream");
    objs[9] = g_strdup("<< /Type /Catalog /Pages 8 0 R /AcroForm << "
                       "/Fields [3 0 R 4 0 R 5 0 R 6 0 R] >> >>");
    for (i = 0; i < 10; i++) {
        offs[i] = pdf->len;
        g_string_append_printf(pdf, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
        g_free(objs[i]);
    }
    xref = pdf->len;
    g_string_append(pdf, "xref\n0 11\n0000000000 65535 f \n");
    for (i = 0; i < 10; i++)
        g_string_append_printf(pdf, "%010zu 00000 n \n", offs[i]);
    g_string_append_printf(pdf, "trailer\n<< /Size 11 /Root 10 0 R >>\n"
                           "startxref\n%zu\n%%%%EOF\n", xref);
    rc = tu_write_file(path, pdf->str, pdf->len);
    g_string_free(pdf, TRUE);
    return rc;
}
