#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "cli.h"
#include "euc/extract.h"

static const euc_cli_use uses[] = {
    {EUC_CLI_OPT_XML, "print the document model as XML (pages, lines, words\n"
                      "with boxes in points and confidences)", 0},
    EUC_CLI_USE(DPI), EUC_CLI_USE(LANG), EUC_CLI_USE(FORCE_OCR),
    EUC_CLI_USE(MAX_PIXELS), EUC_CLI_USE(HELP),
};

static const euc_cli_command command = {
    "extract", uses, EUC_CLI_NUSES(uses),
    "Usage: eucheck extract [--xml] [--dpi N] [--lang L] [--force-ocr]\n"
    "                       [--max-pixels N] FILE...\n"
    "\n"
    "Prints the text of each page with a header giving the page number,\n"
    "how it was read (text-layer or ocr, and why) and its confidence.\n"
    "\n",
    "Exit status: 0 every file read, 2 a file could not be read (the others\n"
    "are still printed).\n",
};

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

typedef struct extract_run {
    euc_ctx *ctx;
    int xml, many;
} extract_run;

static int extract_one(void *user, const char *shown, const char *file)
{
    extract_run *r = user;
    euc_error err;
    euc_doc *doc = NULL;

    euc_error_clear(&err);
    if (euc_extract_file(r->ctx, file, &doc, &err) < 0) {
        if (strcmp(err.file, file) == 0)
            snprintf(err.file, sizeof err.file, "%s", shown);
        euc_cli_print_error(&err);
        return -1;
    }
    if (r->xml) {
        xmlNodePtr node = euc_doc_to_xml(doc, shown);
        if (node != NULL)
            print_node(node);
        xmlFreeNode(node);
    } else {
        print_text(doc, shown, r->many);
    }
    fflush(stdout);
    euc_doc_free(doc);
    return 0;
}

int euc_cmd_extract(int argc, char **argv)
{
    euc_cli_args a;
    euc_options opts;
    euc_ctx *ctx = NULL;
    int i, status;

    euc_options_init(&opts);
    if (euc_cli_parse(&command, argc, argv, &a, &status) < 0)
        return status;
    euc_cli_extract_options(&a, &opts);
    /* nothing else in a is owned: its strings are argv's */
    euc_cli_args_free(&a);
    if (a.files >= argc)
        return euc_cli_usage_error("extract", "no FILE given");
    if (euc_cli_stderr_is_tty())
        opts.progress = euc_cli_progress;
    ctx = euc_ctx_new(&opts);
    if (ctx == NULL) {
        fprintf(stderr, "eucheck: out of memory\n");
        return EUC_EXIT_ERROR;
    }
    if (a.lang != NULL) {
        /* A missing language pack is said once, up front, not per file. */
        euc_error err;
        if (euc_ctx_prepare_ocr(ctx, &err) < 0) {
            euc_cli_print_error(&err);
            euc_ctx_free(ctx);
            return EUC_EXIT_ERROR;
        }
    }
    if (a.xml && (argc - a.files > 1 || euc_container_kind(argv[a.files])))
        printf("<documents>\n");
    {
        extract_run run = {ctx, a.xml, argc - a.files > 1};
        for (i = a.files; i < argc; i++) {
            run.many |= euc_container_kind(argv[i]) != NULL;
            if (euc_cli_each_document(ctx, argv[i], extract_one, &run) < 0)
                status = EUC_EXIT_ERROR;
        }
    }
    if (a.xml && (argc - a.files > 1 || euc_container_kind(argv[a.files])))
        printf("</documents>\n");
    euc_ctx_free(ctx);
    return status;
}
