/* ZIP packages: the DOCX container and the curated bundle.zip.
 *
 * libarchive's zip writer, made deterministic: every entry has the same
 * modification time (the generator's fixed date), owner 0:0 and mode 0644
 * (folders 0755), and the process time zone is UTC while the archive is
 * written, since a ZIP entry's DOS time is local time. */
#define _POSIX_C_SOURCE 200809L /* tzset */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>

#include "gen.h"

/* 2026-01-12T09:00:00Z, the PDFs' creation date */
#define ZIP_MTIME ((time_t)1768208400)

struct gen_zip {
    struct archive *a;
    char *path;
    char *old_tz;
    int had_tz;
    int err;
};

static void tz_utc(gen_zip *z)
{
    const char *tz = g_getenv("TZ");
    z->had_tz = tz != NULL;
    z->old_tz = g_strdup(tz);
    g_setenv("TZ", "UTC", TRUE);
    tzset();
}

static void tz_restore(gen_zip *z)
{
    if (z->had_tz)
        g_setenv("TZ", z->old_tz, TRUE);
    else
        g_unsetenv("TZ");
    tzset();
    g_free(z->old_tz);
    z->old_tz = NULL;
}

gen_zip *gen_zip_open(const char *path, char **msg)
{
    gen_zip *z = g_new0(gen_zip, 1);

    z->path = g_strdup(path);
    z->a = archive_write_new();
    tz_utc(z);
    if (archive_write_set_format_zip(z->a) != ARCHIVE_OK ||
        archive_write_zip_set_compression_deflate(z->a) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(z->a, 1) != ARCHIVE_OK ||
        archive_write_open_filename(z->a, path) != ARCHIVE_OK) {
        *msg = g_strdup_printf("%s: %s", path, archive_error_string(z->a));
        archive_write_free(z->a);
        tz_restore(z);
        g_free(z->path);
        g_free(z);
        return NULL;
    }
    return z;
}

int gen_zip_add(gen_zip *z, const char *name, const void *data, size_t n)
{
    struct archive_entry *e;
    size_t len = strlen(name);
    int dir = len > 0 && name[len - 1] == '/';

    if (z->err)
        return -1;
    e = archive_entry_new();
    archive_entry_set_pathname(e, name);
    archive_entry_set_filetype(e, dir ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e, dir ? 0755 : 0644);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    archive_entry_set_mtime(e, ZIP_MTIME, 0);
    archive_entry_set_size(e, dir ? 0 : (la_int64_t)n);
    if (archive_write_header(z->a, e) != ARCHIVE_OK)
        z->err = 1;
    else if (!dir && n > 0 && archive_write_data(z->a, data, n) != (la_ssize_t)n)
        z->err = 1;
    archive_entry_free(e);
    return z->err ? -1 : 0;
}

int gen_zip_close(gen_zip *z, char **msg)
{
    int rc = 0;

    if (archive_write_close(z->a) != ARCHIVE_OK)
        z->err = 1;
    if (z->err) {
        *msg = g_strdup_printf("%s: writing the ZIP failed: %s", z->path,
                               archive_error_string(z->a) ? archive_error_string(z->a)
                                                          : "unknown error");
        rc = -1;
    }
    archive_write_free(z->a);
    tz_restore(z);
    g_free(z->path);
    g_free(z);
    return rc;
}

/* bundle.zip: the curated files named by each certificate's bundle_kinds,
 * copied byte for byte from dir into GEN_BUNDLE_DIR. */
int gen_write_bundle(uint64_t seed, const char *dir, char **msg)
{
    char *path = g_build_filename(dir, GEN_BUNDLE_NAME, NULL);
    gen_zip *z = gen_zip_open(path, msg);
    int rc = 0;

    g_free(path);
    if (z == NULL)
        return -1;
    gen_zip_add(z, GEN_BUNDLE_DIR, NULL, 0);
    for (int i = 0; i < gen_curated_count && rc == 0; i++) {
        gen_cert *c = gen_cert_curated(seed, i);
        for (int k = 0; k < KIND_N && rc == 0; k++) {
            char *base, *src, *member, *data = NULL;
            gsize n = 0;
            GError *e = NULL;

            if (!(c->bundle_kinds & (1u << k)))
                continue;
            base = g_strconcat(c->name, gen_kind_suffix[k], NULL);
            src = g_build_filename(dir, base, NULL);
            member = g_strconcat(GEN_BUNDLE_DIR, base, NULL);
            if (!g_file_get_contents(src, &data, &n, &e)) {
                *msg = g_strdup_printf("bundle: %s", e->message);
                g_error_free(e);
                rc = -1;
            } else if (gen_zip_add(z, member, data, n) != 0) {
                rc = -1;
            }
            g_free(data);
            g_free(member);
            g_free(src);
            g_free(base);
        }
        gen_cert_free(c);
    }
    if (rc != 0) {
        char *ignore = NULL;
        gen_zip_close(z, &ignore);
        g_free(ignore);
        return -1;
    }
    return gen_zip_close(z, msg);
}

/* blank.form.pdf: the first curated certificate's form, as it is sent out
 * to be filled in. */
int gen_write_blank_form(uint64_t seed, const char *dir, char **msg)
{
    gen_cert *c = gen_cert_curated(seed, 0);
    gen_doc *d = gen_layout(c);
    gen_form *f = gen_form_layout(c, d, 1);
    char *path = g_build_filename(dir, GEN_BLANK_FORM, NULL);
    int rc = gen_write_form_pdf(c, f, path, msg);

    g_free(path);
    gen_form_free(f);
    gen_doc_free(d);
    gen_cert_free(c);
    return rc;
}
