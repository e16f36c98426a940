/* fuzz: libFuzzer harnesses, one per parser of untrusted input (PDF, image
 * and text extraction, containers (ZIP, e-mail) and Word, the parse stage
 * over a document model, the rules loader).  `make fuzz` builds them with
 * clang and libFuzzer; `make check` builds each with replay.c instead and
 * runs it over its seed corpus (the samples and every regression file), as
 * libxml2 does, so that what a fuzzer once found stays fixed without clang.
 *
 * Each harness defines LLVMFuzzerTestOneInput; the helpers here are shared. */
#ifndef EUC_FUZZ_H
#define EUC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "euc/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The extract context every harness uses (made once): low resolution and
 * a small pixel limit, so that an input costs milliseconds, not seconds. */
euc_ctx *fuzz_ctx(void);
/* data written to a file of the process's own (made once, rewritten per
 * input); the path is static. */
const char *fuzz_file(const uint8_t *data, size_t size);
/* Extracts the document in data and frees it; what the harness tests is
 * that this never crashes, leaks or hangs. */
void fuzz_extract(const uint8_t *data, size_t size);

#endif
