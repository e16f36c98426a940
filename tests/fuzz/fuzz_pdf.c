/* Fuzzes the pdf extractor through the registry: the bytes are a file of
 * any kind, and whatever it holds the extraction ends cleanly. */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_extract(data, size);
    return 0;
}
