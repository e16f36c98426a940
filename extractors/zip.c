/* PLACEHOLDER: replaced by the ZIP container. */
#include "extract-imp.h"

static int zip_recognize(const unsigned char *magic, size_t n)
{
    (void)magic;
    (void)n;
    return 0;
}

static int zip_unpack(euc_ctx *ctx, const char *path, euc_unpack_sink *sink,
                      euc_error *err)
{
    (void)ctx;
    (void)sink;
    return euc_error_set(err, EUC_ERR_FORMAT, "extract", path, "not yet");
}

const euc_container euc_container_zip = {"zip", zip_recognize, zip_unpack};
