/* eucheck: the command line.  All the work is in libeuc; this file only
 * picks the command. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Tesseract's OpenMP loops ask for up to 10 threads each; on a 2-core
 * machine they made a 300 dpi page several times slower (22 s against 3.4 s
 * measured with OMP_THREAD_LIMIT=1).  libgomp reads OMP_THREAD_LIMIT once,
 * when it is loaded, before main() runs, and no API changes it afterwards:
 * so set it and start again.  Parallelism belongs to documents (batch). */
static void limit_openmp_threads(char **argv)
{
    if (getenv("OMP_THREAD_LIMIT") != NULL)
        return;
    if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* exec failed: go on, only slower. */
}

int main(int argc, char **argv)
{
    size_t i;

    limit_openmp_threads(argv);

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
    fprintf(stderr, "eucheck: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return EUC_EXIT_ERROR;
}
