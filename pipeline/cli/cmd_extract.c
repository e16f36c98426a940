#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "cli.h"
#include "euc/extract.h"

static void help(void)
{
    printf("Usage: eucheck extract [--xml] [--dpi N] [--lang L] [--force-ocr]\n"
           "                       [--max-pixels N] FILE...\n"
           "\n"
           "Prints the text of each page with a header giving the page number,\n"
           "how it was read (text-layer or ocr, and why) and its confidence.\n"
           "\n"
           "  --xml           print the document model as XML (pages, lines, words\n"
           "                  with boxes in points and confidences)\n"
           "  --dpi N         render resolution for OCR of PDF pages (default 300)\n"
           "  --lang L        OCR languages, e.g. eng+chi_sim+jpn; default auto:\n"
           "                  English, and a page that reads as another script\n"
           "                  again in Chinese and Japanese when installed\n"
           "  --force-ocr     OCR every PDF page even when it has a text layer\n"
           "  --max-pixels N  refuse images larger than N pixels (default %lld)\n"
           "  -h, --help      show this help\n"
           "\n"
           "Exit status: 0 every file read, 2 a file could not be read (the others\n"
           "are still printed).\n", EUC_DEFAULT_MAX_PIXELS);
}

static void print_node(xmlNodePtr node)
{
    xmlBufferPtr buf = xmlBufferCreate();

    if (buf == NULL)
        return;
    xmlNodeDump(buf, NULL, node, 0, 1);
    fwrite(xmlBufferContent(buf), 1, (size_t)xmlBufferLength(buf), stdout);
    fputc('\n', stdout);
    xmlBufferFree(buf);
}

static void print_text(const euc_doc *doc, const char *name, int many)
{
    size_t i;

    if (many)
        printf("==> %s <==\n", name);
    for (i = 0; i < euc_doc_npages(doc); i++) {
        const euc_page *p = euc_doc_page(doc, i);
        char *text = euc_page_text(p);
        printf("--- page %zu/%zu: %s, confidence %.0f (%s) ---\n", i + 1,
               euc_doc_npages(doc), euc_source_name(euc_page_source(p)),
               euc_page_confidence(p), euc_page_reason(p));
        if (text != NULL)
            fputs(text, stdout);
        free(text);
    }
}

int euc_cmd_extract(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"xml", no_argument, NULL, 'x'},
        {"dpi", required_argument, NULL, 'd'},
        {"lang", required_argument, NULL, 'l'},
        {"force-ocr", no_argument, NULL, 'f'},
        {"max-pixels", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    euc_options opts;
    euc_ctx *ctx = NULL;
    int xml = 0, lang_given = 0, c, i, status = EUC_EXIT_OK;
    long v;

    euc_options_init(&opts);
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'x': xml = 1; break;
        case 'f': opts.force_ocr = 1; break;
        case 'l': opts.lang = optarg; lang_given = 1; break;
        case 'd':
            if (euc_cli_parse_int(optarg, 50, 1200, &v) < 0)
                return euc_cli_usage_error("extract", "--dpi takes a number "
                                           "from 50 to 1200, not '%s'", optarg);
            opts.dpi = (int)v;
            break;
        case 'm':
            if (euc_cli_parse_int(optarg, 1, 2000000000L, &v) < 0)
                return euc_cli_usage_error("extract", "--max-pixels takes a "
                                           "positive number, not '%s'", optarg);
            opts.max_pixels = v;
            break;
        case 'h': help(); return EUC_EXIT_OK;
        default:
            return euc_cli_usage_error("extract", "unknown option '%s'",
                                       argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return euc_cli_usage_error("extract", "no FILE given");
    if (euc_cli_stderr_is_tty())
        opts.progress = euc_cli_progress;
    ctx = euc_ctx_new(&opts);
    if (ctx == NULL) {
        fprintf(stderr, "eucheck: out of memory\n");
        return EUC_EXIT_ERROR;
    }
    if (lang_given) {
        /* A missing language pack is said once, up front, not per file. */
        euc_error err;
        if (euc_ctx_prepare_ocr(ctx, &err) < 0) {
            euc_cli_print_error(&err);
            euc_ctx_free(ctx);
            return EUC_EXIT_ERROR;
        }
    }
    if (xml && argc - optind > 1)
        printf("<documents>\n");
    for (i = optind; i < argc; i++) {
        euc_error err;
        euc_doc *doc = NULL;

        euc_error_clear(&err);
        if (euc_extract_file(ctx, argv[i], &doc, &err) < 0) {
            euc_cli_print_error(&err);
            status = EUC_EXIT_ERROR;
            continue;
        }
        if (xml) {
            xmlNodePtr node = euc_doc_to_xml(doc, argv[i]);
            if (node != NULL)
                print_node(node);
            xmlFreeNode(node);
        } else {
            print_text(doc, argv[i], argc - optind > 1);
        }
        fflush(stdout);
        euc_doc_free(doc);
    }
    if (xml && argc - optind > 1)
        printf("</documents>\n");
    euc_ctx_free(ctx);
    return status;
}
