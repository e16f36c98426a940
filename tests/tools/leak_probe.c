/* The leak check's own test: parses one certificate through the public
 * API and, when given --leak, drops the explanation the parser allocated
 * (with GLib), as a forgotten g_free in the parser would.  Run by
 * tests/leakcheck.sh under ASan: the leak must be reported, which it was
 * not while tests/lsan.supp suppressed every allocation made in GLib. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "euc/euc.h"

int main(int argc, char **argv)
{
    euc_options opts;
    euc_ctx *ctx = NULL;
    euc_parser *p = NULL;
    euc_doc *doc = NULL;
    xmlDocPtr out = NULL;
    char *explain = NULL;
    euc_error err;
    int leak = argc > 2 && strcmp(argv[2], "--leak") == 0, rc = 2;

    memset(&err, 0, sizeof err);
    if (argc < 2) {
        fprintf(stderr, "usage: leak_probe CERTIFICATE.txt [--leak]\n");
        return 2;
    }
    euc_options_init(&opts);
    ctx = euc_ctx_new(&opts);
    p = euc_parser_new(euc_data_dir(), &err);
    if (ctx == NULL || p == NULL || euc_extract_file(ctx, argv[1], &doc, &err) != 0 ||
        euc_parse(p, ctx, doc, NULL, NULL, &out, &explain, &err) != 0) {
        fprintf(stderr, "leak_probe: %s: %s\n", argv[1], err.message);
        goto cleanup;
    }
    rc = 0;
cleanup:
    if (!leak)
        free(explain);
    xmlFreeDoc(out);
    euc_doc_free(doc);
    euc_parser_free(p);
    euc_ctx_free(ctx);
    return rc;
}
