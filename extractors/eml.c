/* PLACEHOLDER: replaced by the e-mail container (helper). */
#include "extract-imp.h"

static int eml_recognize(const unsigned char *magic, size_t n)
{
    (void)magic;
    (void)n;
    return 0;
}

static int eml_unpack(euc_ctx *ctx, const char *path, euc_unpack_sink *sink,
                      euc_error *err)
{
    (void)ctx;
    (void)sink;
    return euc_error_set(err, EUC_ERR_FORMAT, "extract", path, "not yet");
}

const euc_container euc_container_eml = {"eml", eml_recognize, eml_unpack};
