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

static const euc_cli_use uses[] = {
    EUC_CLI_USE(EXPLAIN), EUC_CLI_USE(DPI), EUC_CLI_USE(LANG), EUC_CLI_USE(HELP),
};

static const euc_cli_command command = {
    "parse", uses, EUC_CLI_NUSES(uses),
    "Usage: eucheck parse [OPTIONS] FILE...\n"
    "\n"
    "Reads each certificate's fields (parties, end use, items, re-export,\n"
    "assurances, signatory) and prints them as XML: one <certificate> per\n"
    "file, several files wrapped in <certificates>.  A fact the certificate\n"
    "does not state is left out.\n"
    "\n"
    "Options:\n",
    "Exit status: 0 every file read, 2 a usage error or some file could\n"
    "not be read (the others are still printed).\n",
};

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

typedef struct parse_run {
    euc_ctx *ctx;
    euc_parser *parser;
    xmlDocPtr out;
    xmlNodePtr wrap; /* <certificates> when several; NULL: one */
    int explain;
} parse_run;

static int parse_one(void *user, const char *shown, const char *file)
{
    parse_run *r = user;
    euc_doc *doc = NULL;
    xmlDocPtr cert = NULL;
    char *why = NULL;
    euc_error err;

    memset(&err, 0, sizeof err);
    if (euc_extract_file(r->ctx, file, &doc, &err) < 0 ||
        euc_parse(r->parser, r->ctx, doc,
                  strcmp(shown, file) == 0 ? base_name(file) : shown, NULL,
                  &cert, r->explain ? &why : NULL, &err) < 0) {
        if (strcmp(err.file, file) == 0)
            snprintf(err.file, sizeof err.file, "%s", shown);
        euc_cli_print_error(&err);
        euc_doc_free(doc);
        return -1;
    }
    if (why != NULL) {
        fputs(why, stderr);
        free(why);
    }
    if (r->wrap != NULL)
        xmlAddChild(r->wrap, xmlDocCopyNode(xmlDocGetRootElement(cert), r->out, 1));
    else
        xmlDocSetRootElement(r->out, xmlDocCopyNode(xmlDocGetRootElement(cert), r->out, 1));
    xmlFreeDoc(cert);
    euc_doc_free(doc);
    return 0;
}

int euc_cmd_parse(int argc, char **argv)
{
    euc_cli_args a;
    euc_options opts;
    euc_ctx *ctx = NULL;
    euc_parser *parser = NULL;
    euc_error err;
    xmlDocPtr out = NULL;
    xmlNodePtr wrap = NULL;
    int i, nfiles, status;

    euc_options_init(&opts);
    if (euc_cli_parse(&command, argc, argv, &a, &status) < 0)
        return status;
    euc_cli_extract_options(&a, &opts);
    /* nothing else in a is owned: its strings are argv's */
    euc_cli_args_free(&a);
    nfiles = argc - a.files;
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
    for (i = a.files; i < argc && nfiles == 1; i++)
        if (euc_container_kind(argv[i]) != NULL)
            nfiles = 2; /* a container may hold several */
    if (nfiles > 1) {
        wrap = xmlNewNode(NULL, (const xmlChar *)"certificates");
        xmlDocSetRootElement(out, wrap);
    }
    {
        parse_run run = {ctx, parser, out, wrap, a.explain};
        for (i = a.files; i < argc; i++)
            if (euc_cli_each_document(ctx, argv[i], parse_one, &run) < 0)
                status = EUC_EXIT_ERROR;
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
