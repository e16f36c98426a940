#define _DEFAULT_SOURCE
#include "euc/data.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char data_dir[PATH_MAX];
/* where find_data_dir looked, for the error when nothing is there */
static char searched[4 * PATH_MAX];

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
        snprintf(searched, sizeof searched, "%s (from EUCHECK_DATA)", env);
        return;
    }
    snprintf(searched, sizeof searched, "EUCHECK_DATA (not set)");
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
                size_t used = strlen(searched);
                snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
                snprintf(searched + used, sizeof searched - used, ", %s", cand);
                if (is_dir(cand) && realpath(cand, data_dir) != NULL)
                    return;
            }
        }
    }
    snprintf(data_dir, sizeof data_dir, "schemas");
    {
        size_t used = strlen(searched);
        snprintf(searched + used, sizeof searched - used, ", ./schemas");
    }
}

const char *euc_data_searched(void)
{
    euc_data_dir();
    return searched;
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
