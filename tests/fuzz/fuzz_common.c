/* Helpers shared by the fuzz harnesses; see fuzz.h. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "euc/doc.h"

euc_ctx *fuzz_ctx(void)
{
    static euc_ctx *ctx;

    if (ctx == NULL) {
        euc_options o;
        euc_options_init(&o);
        o.dpi = 50;
        o.max_pixels = 4LL * 1000 * 1000;
        o.lang = "eng";
        ctx = euc_ctx_new(&o);
    }
    return ctx;
}

static char fuzz_path[64];

/* A run leaves nothing behind in /tmp. */
static void remove_file(void)
{
    if (fuzz_path[0] != '\0')
        unlink(fuzz_path);
}

const char *fuzz_file(const uint8_t *data, size_t size)
{
    char *path = fuzz_path;
    FILE *f;

    if (path[0] == '\0') {
        snprintf(fuzz_path, sizeof fuzz_path, "/tmp/eucheck-fuzz-%ld.bin",
                 (long)getpid());
        atexit(remove_file);
    }
    f = fopen(path, "wb");
    if (f == NULL)
        return NULL;
    if (size > 0 && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    fclose(f);
    return path;
}

void fuzz_extract(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    euc_doc *doc = NULL;
    euc_error err;

    if (path == NULL || fuzz_ctx() == NULL)
        return;
    if (euc_extract_file(fuzz_ctx(), path, &doc, &err) == 0)
        euc_doc_free(doc);
}
