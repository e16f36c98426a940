/* PLACEHOLDER: replaced by the DOCX extractor (helper). */
#include "extract-imp.h"

int euc_magic_is_ooxml(const unsigned char *magic, size_t n)
{
    (void)magic;
    (void)n;
    return 0;
}

static int docx_recognize(const unsigned char *magic, size_t n)
{
    return euc_magic_is_ooxml(magic, n);
}

static int docx_extract(euc_ctx *ctx, const char *path, euc_doc *doc,
                        euc_error *err)
{
    (void)ctx;
    (void)doc;
    return euc_error_set(err, EUC_ERR_FORMAT, "extract", path, "not yet");
}

const euc_extractor euc_extractor_docx = {
    "docx", docx_recognize, docx_extract, NULL,
};
