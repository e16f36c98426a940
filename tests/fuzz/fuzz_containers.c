/* Fuzzes what submissions arrive in: ZIP archives and e-mails are opened
 * (euc_unpack) and every member taken out is extracted; anything else (a
 * Word document among the seeds) is extracted as it is.  Whatever the bytes
 * hold, it ends cleanly and leaves no temporary file. */
#include "fuzz.h"

#include <string.h>

#include "euc/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    euc_unpacked *u = NULL;
    euc_error err;
    size_t i;

    if (path == NULL || fuzz_ctx() == NULL)
        return 0;
    if (euc_container_kind(path) == NULL) {
        fuzz_extract(data, size);
        return 0;
    }
    if (euc_unpack(fuzz_ctx(), path, &u, &err) < 0)
        return 0;
    for (i = 0; i < euc_unpacked_count(u); i++) {
        euc_doc *doc = NULL;
        if (euc_unpacked_path(u, i) != NULL &&
            euc_extract_file(fuzz_ctx(), euc_unpacked_path(u, i), &doc, &err) == 0)
            euc_doc_free(doc);
    }
    euc_unpacked_free(u);
    return 0;
}
