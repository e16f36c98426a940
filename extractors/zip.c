/* ZIP archives: several certificates sent as one file.  libarchive reads
 * the archive as a stream (it handles deflate, zip64, data descriptors and
 * the damaged cases better than hand-written code would); each member goes
 * to the registry's sink, which keeps the certificates and writes them
 * under names of its own, so a member's name is only ever shown.
 *
 * Limits guard against zip bombs, measured on the bytes actually inflated
 * (a header's sizes can lie): the members' total size, their number, and
 * the ratio of inflated to compressed bytes.  An archive over a limit is
 * refused as a whole, saying which limit. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "extract-imp.h"

#define ZIP_MAX_TOTAL (512LL * 1024 * 1024) /* inflated bytes, all members */
#define ZIP_MAX_MEMBER (64LL * 1024 * 1024) /* one member */
#define ZIP_MAX_ENTRIES 10000               /* entries, folders included */
#define ZIP_MAX_RATIO 200                   /* inflated : compressed */
/* Below this much output the ratio says nothing (a page of zeros). */
#define ZIP_RATIO_FLOOR (4LL * 1024 * 1024)

static int zip_recognize(const unsigned char *magic, size_t n)
{
    if (n < 4 || magic[0] != 'P' || magic[1] != 'K')
        return 0;
    if (!(magic[2] == 3 && magic[3] == 4) && !(magic[2] == 5 && magic[3] == 6))
        return 0;
    return !euc_magic_is_ooxml(magic, n);
}

/* A name that would climb out of a folder were it used as a path. */
static int unsafe_name(const char *name)
{
    const char *p = name;

    if (name[0] == '/' || name[0] == '\\' ||
        (name[0] != '\0' && name[1] == ':'))
        return 1;
    while (*p != '\0') {
        size_t k = strcspn(p, "/\\");
        if (k == 2 && p[0] == '.' && p[1] == '.')
            return 1;
        p += k;
        if (*p != '\0')
            p++;
    }
    return 0;
}

static int zip_unpack(euc_ctx *ctx, const char *path, euc_unpack_sink *sink,
                      euc_error *err)
{
    struct archive *a = archive_read_new();
    struct archive_entry *e;
    unsigned char *buf = NULL;
    size_t cap = 0;
    long long total = 0;
    int entries = 0, encrypted = 0, kept = 0, rc = -1, r;

    (void)ctx;
    if (a == NULL)
        return euc_error_set(err, EUC_ERR_NOMEM, "extract", path,
                             "out of memory");
    archive_read_support_format_zip(a);
    if (archive_read_open_filename(a, path, 65536) != ARCHIVE_OK) {
        euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                      "damaged ZIP archive (%s)", archive_error_string(a));
        goto cleanup;
    }
    for (;;) {
        const char *name;
        size_t len = 0;
        la_ssize_t got;

        r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            euc_error_set(err, EUC_ERR_CORRUPT, "extract", path,
                          "damaged ZIP archive (%s)", archive_error_string(a));
            goto cleanup;
        }
        if (++entries > ZIP_MAX_ENTRIES) {
            euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                          "refused: more than %d members (zip-bomb limit)",
                          ZIP_MAX_ENTRIES);
            goto cleanup;
        }
        name = archive_entry_pathname_utf8(e);
        if (name == NULL)
            name = archive_entry_pathname(e);
        if (name == NULL)
            name = "(unnamed)";
        if (archive_entry_filetype(e) != AE_IFREG)
            continue; /* folders, links: no document */
        if (unsafe_name(name)) {
            if (euc_unpack_fail(sink, name, "unsafe member name (an absolute "
                                "path or '..'): not taken out") < 0)
                goto nomem;
            continue;
        }
        if (archive_entry_is_encrypted(e)) {
            encrypted++;
            if (euc_unpack_fail(sink, name, "encrypted: a password is "
                                "needed to read it") < 0)
                goto nomem;
            continue;
        }
        for (;;) {
            if (cap - len < 65536) {
                size_t ncap = cap ? cap * 2 : 262144;
                unsigned char *nb = realloc(buf, ncap);
                if (nb == NULL)
                    goto nomem;
                buf = nb;
                cap = ncap;
            }
            got = archive_read_data(a, buf + len, cap - len);
            if (got <= 0)
                break;
            len += (size_t)got;
            total += got;
            if ((long long)len > ZIP_MAX_MEMBER) {
                euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                              "refused: member %s inflates to over %lld MB "
                              "(zip-bomb limit)", name, ZIP_MAX_MEMBER >> 20);
                goto cleanup;
            }
            if (total > ZIP_MAX_TOTAL) {
                euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                              "refused: members inflate to over %lld MB in "
                              "all (zip-bomb limit)", ZIP_MAX_TOTAL >> 20);
                goto cleanup;
            }
            if (total > ZIP_RATIO_FLOOR &&
                total / (archive_filter_bytes(a, -1) + 1) > ZIP_MAX_RATIO) {
                euc_error_set(err, EUC_ERR_TOO_LARGE, "extract", path,
                              "refused: compressed over %d to 1 (zip-bomb "
                              "limit)", ZIP_MAX_RATIO);
                goto cleanup;
            }
        }
        if (got < 0) {
            char why[320];
            snprintf(why, sizeof why, "damaged member of the ZIP archive (%s)",
                     archive_error_string(a) ? archive_error_string(a)
                                             : "cannot inflate it");
            if (euc_unpack_fail(sink, name, why) < 0)
                goto nomem;
            if (got == ARCHIVE_FATAL)
                break; /* the stream is lost: no further member */
            continue;
        }
        r = euc_unpack_add(sink, name, buf, len, err);
        if (r < 0)
            goto cleanup;
        kept += r;
    }
    if (kept == 0 && encrypted > 0) {
        euc_error_set(err, EUC_ERR_ENCRYPTED, "extract", path,
                      "encrypted ZIP archive: a password is needed to read it");
        goto cleanup;
    }
    rc = 0;
    goto cleanup;
nomem:
    euc_error_set(err, EUC_ERR_NOMEM, "extract", path, "out of memory");
cleanup:
    free(buf);
    archive_read_free(a);
    return rc;
}

const euc_container euc_container_zip = {"zip", zip_recognize, zip_unpack};
