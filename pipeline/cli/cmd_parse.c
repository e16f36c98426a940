/* eucheck parse: each file's certificate fields as XML on stdout. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "cli.h"
#include "euc/data.h"
#include "euc/extract.h"
#include "euc/parse.h"

static void help(void)
{
    printf("Usage: eucheck parse [OPTIONS] FILE...\n"
           "\n"
           "Reads each certificate's fields (parties, end use, items, re-export,\n"
           "assurances, signatory) and prints them as XML: one <certificate> per\n"
           "file, several files wrapped in <certificates>.  A fact the certificate\n"
           "does not state is left out.\n"
           "\n"
           "Options:\n"
           "  --explain    on stderr, for each field: the label matched (or the\n"
           "               labels looked for), the words taken, their page and\n"
           "               confidence, and the reader (form, table, block, list,\n"
           "               letter, phrase, ink) that took them\n"
           "  --dpi N      OCR resolution for scanned pages (default %d)\n"
           "  --lang L     Tesseract languages, e.g. eng+chi_sim+jpn (default auto,\n"
           "               as for 'eucheck extract')\n"
           "  -h, --help   show this help\n"
           "\n"
           "Exit status: 0 every file read, 2 a usage error or some file could\n"
           "not be read (the others are still printed).\n",
           EUC_DEFAULT_DPI);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int euc_cmd_parse(int argc, char **argv)
{
    euc_options opts;
    euc_ctx *ctx = NULL;
    euc_parser *parser = NULL;
    euc_error err;
    xmlDocPtr out = NULL;
    xmlNodePtr wrap = NULL;
    int i, explain = 0, nfiles = 0, status = EUC_EXIT_OK, first_file = -1;
    long v;

    euc_options_init(&opts);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help();
            return EUC_EXIT_OK;
        } else if (strcmp(a, "--explain") == 0) {
            explain = 1;
        } else if (strcmp(a, "--dpi") == 0 || strncmp(a, "--dpi=", 6) == 0) {
            const char *val = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);
            if (val == NULL || euc_cli_parse_int(val, 50, 1200, &v) < 0)
                return euc_cli_usage_error("parse", "--dpi needs a number from 50 to 1200");
            opts.dpi = (int)v;
        } else if (strcmp(a, "--lang") == 0 || strncmp(a, "--lang=", 7) == 0) {
            const char *val = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (val == NULL || *val == '\0')
                return euc_cli_usage_error("parse", "--lang needs a language, e.g. eng");
            opts.lang = val;
        } else if (strcmp(a, "--") == 0) {
            if (first_file < 0 && i + 1 < argc)
                first_file = i + 1;
            nfiles += argc - i - 1;
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            return euc_cli_usage_error("parse", "unknown option '%s'", a);
        } else {
            if (first_file < 0)
                first_file = i;
            nfiles++;
        }
    }
    if (nfiles == 0)
        return euc_cli_usage_error("parse", "no file given");
    if (euc_cli_stderr_is_tty()) {
        opts.progress = euc_cli_progress;
        opts.progress_user = NULL;
    }
    ctx = euc_ctx_new(&opts);
    memset(&err, 0, sizeof err);
    parser = euc_parser_new(euc_data_dir(), &err);
    if (ctx == NULL || parser == NULL) {
        if (parser == NULL)
            euc_cli_print_error(&err);
        else
            fprintf(stderr, "eucheck: out of memory\n");
        status = EUC_EXIT_ERROR;
        goto cleanup;
    }
    out = xmlNewDoc((const xmlChar *)"1.0");
    if (nfiles > 1) {
        wrap = xmlNewNode(NULL, (const xmlChar *)"certificates");
        xmlDocSetRootElement(out, wrap);
    }
    for (i = first_file; i < argc; i++) {
        euc_doc *doc = NULL;
        xmlDocPtr cert = NULL;
        char *why = NULL;
        if (strcmp(argv[i], "--explain") == 0)
            continue;
        if ((strcmp(argv[i], "--dpi") == 0 || strcmp(argv[i], "--lang") == 0) &&
            i + 1 < argc) {
            i++;
            continue;
        }
        if (strncmp(argv[i], "--", 2) == 0)
            continue;
        memset(&err, 0, sizeof err);
        if (euc_extract_file(ctx, argv[i], &doc, &err) < 0 ||
            euc_parse(parser, ctx, doc, base_name(argv[i]), NULL, &cert,
                      explain ? &why : NULL, &err) < 0) {
            euc_cli_print_error(&err);
            status = EUC_EXIT_ERROR;
            euc_doc_free(doc);
            continue;
        }
        if (why != NULL) {
            fputs(why, stderr);
            free(why);
        }
        if (wrap != NULL)
            xmlAddChild(wrap, xmlDocCopyNode(xmlDocGetRootElement(cert), out, 1));
        else
            xmlDocSetRootElement(out, xmlDocCopyNode(xmlDocGetRootElement(cert), out, 1));
        xmlFreeDoc(cert);
        euc_doc_free(doc);
    }
    if (xmlDocGetRootElement(out) != NULL) {
        xmlChar *buf = NULL;
        int len = 0;
        xmlDocDumpFormatMemoryEnc(out, &buf, &len, "UTF-8", 1);
        if (buf != NULL)
            fwrite(buf, 1, (size_t)len, stdout);
        xmlFree(buf);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "eucheck: parse: cannot write the output\n");
        status = EUC_EXIT_ERROR;
    }
cleanup:
    if (out)
        xmlFreeDoc(out);
    euc_parser_free(parser);
    euc_ctx_free(ctx);
    return status;
}
