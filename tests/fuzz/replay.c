/* Runs a fuzz harness without libFuzzer over its seed corpus: each file of
 * the folders in FUZZ_SEEDS (":"-separated, from the top of the tree), so
 * that make check replays the samples and every regression file. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static long run_dir(const char *dir, const char *only)
{
    struct dirent **ents = NULL;
    int n = scandir(dir, &ents, NULL, alphasort), i;
    long runs = 0;

    for (i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        const char *name = ents[i]->d_name;
        size_t nl = strlen(name), ol = only ? strlen(only) : 0;
        if (name[0] == '.' || (only && (nl < ol || strcmp(name + nl - ol, only) != 0)) ||
            strstr(name, "hang-") != NULL) { /* a hang is check's --timeout's to catch */
            free(ents[i]);
            continue;
        }
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < 4 * 1024 * 1024) {
            FILE *f = fopen(path, "rb");
            unsigned char *buf = malloc((size_t)st.st_size + 1);
            if (f && buf && fread(buf, 1, (size_t)st.st_size, f) == (size_t)st.st_size) {
                LLVMFuzzerTestOneInput(buf, (size_t)st.st_size);
                runs++;
            }
            if (f)
                fclose(f);
            free(buf);
        }
        free(ents[i]);
    }
    free(ents);
    return runs;
}

int main(void)
{
    char *seeds = strdup(FUZZ_SEEDS), *save = NULL, *d;
    long runs = 0;

    for (d = strtok_r(seeds, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        /* "dir/ *.pdf" (no space): the files of dir ending so */
        char *star = strstr(d, "/*");
        if (star) {
            *star = '\0';
            runs += run_dir(d, star + 2);
        } else {
            runs += run_dir(d, NULL);
        }
    }
    free(seeds);
    printf("%s: %ld seed inputs replayed\n", FUZZ_NAME, runs);
    return runs > 0 ? 0 : 1;
}
