/* Fuzzes the rules loader: the bytes are a user's rule file, loaded over
 * the data of the baseline regime; a broken one is an error, never a
 * crash, and nothing outside its folder is read. */
#include "fuzz.h"

#include "euc/data.h"
#include "euc/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(data, size);
    const char *rules[1];
    euc_validator *v;
    euc_error err;

    if (path == NULL || size > 256 * 1024)
        return 0;
    rules[0] = path;
    v = euc_validator_new(euc_data_dir(), "baseline", rules, 1, &err);
    euc_validator_free(v);
    return 0;
}
