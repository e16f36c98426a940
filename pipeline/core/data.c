#define _DEFAULT_SOURCE
#include "euc/data.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char data_dir[PATH_MAX];

static int is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void find_data_dir(void)
{
    const char *env = getenv("EUCHECK_DATA");
    char exe[PATH_MAX];
    char cand[PATH_MAX + 64];
    ssize_t n;
    char *slash;

    if (env != NULL && *env != '\0') {
        snprintf(data_dir, sizeof data_dir, "%s", env);
        return;
    }
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = '\0';
            /* ./eucheck at the top of a build tree, or build-x/eucheck or
             * build/tests/test_x below it. */
            static const char *const rel[] = {
                "/schemas", "/../schemas", "/../../schemas",
                "/../share/eucheck/schemas",
            };
            size_t i;
            for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
                if (is_dir(cand) && realpath(cand, data_dir) != NULL)
                    return;
            }
        }
    }
    snprintf(data_dir, sizeof data_dir, "schemas");
}

const char *euc_data_dir(void)
{
    if (data_dir[0] == '\0')
        find_data_dir();
    return data_dir;
}

char *euc_data_path(char *buf, unsigned long n, const char *name)
{
    snprintf(buf, n, "%s/%s", euc_data_dir(), name);
    return buf;
}
