/* eucheck: the command line.  All the work is in libeuc; this file only
 * picks the command. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"extract", euc_cmd_extract, "print the text of each page, with its source and confidence"},
    {"parse", euc_cmd_parse, "read the certificate's fields into XML"},
    {"check", euc_cmd_check, "say what is missing before the certificate is submitted"},
    {"batch", euc_cmd_batch, "check many certificates in parallel, with a triage report"},
    {"merge", euc_cmd_merge, "join the outputs of sharded batch runs"},
};

static void usage(FILE *out)
{
    size_t i;

    fprintf(out,
            "Usage: eucheck COMMAND [OPTIONS] FILE...\n"
            "\n"
            "Reads end-use certificates for export-controlled goods (PDF, scanned\n"
            "PDF, PNG, JPEG, TIFF, UTF-8 text) and says what is missing.\n"
            "\n"
            "Commands:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "Options:\n"
            "  -h, --help     show this help\n"
            "  -V, --version  show the version\n"
            "\n"
            "'eucheck COMMAND --help' describes a command's options.\n"
            "Exit status: 0 all files processed (check: nothing blocking),\n"
            "1 check found a blocking problem, 2 usage error or unreadable file.\n");
}

int main(int argc, char **argv)
{
    size_t i;


    if (argc < 2) {
        usage(stderr);
        return EUC_EXIT_ERROR;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EUC_EXIT_OK;
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        printf("eucheck %s\n", EUC_VERSION);
        return EUC_EXIT_OK;
    }
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    /* one line and the way on, not a page of help over the mistake */
    fprintf(stderr, "eucheck: unknown command '%s' (commands:", argv[1]);
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(stderr, "%s %s", i ? "," : "", commands[i].name);
    fprintf(stderr, "); try 'eucheck --help'\n");
    return EUC_EXIT_ERROR;
}
