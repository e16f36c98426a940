/* libeuc: reads end-use certificates and says what is missing.
 *
 * This header includes the whole public API and states, once, the rules
 * every function in it follows (as jq's jv.h does for its values).
 *
 * Errors.  A function that can fail takes a caller-owned euc_error * (may
 * be NULL), returns 0 or a pointer on success and -1 or NULL on failure
 * with *err filled (euc/error.h).  The library never prints, never exits.
 *
 * Ownership.  An opaque object (euc_parser, euc_validator, euc_doc,
 * euc_ctx, euc_check_result, ...) is freed with the _free function of its
 * module and nothing else.  A const char * returned by a function is
 * borrowed: it lives as long as the object it came from.  A char * that a
 * header says is "the caller's" is freed with free().  A libxml2 document
 * is freed with xmlFreeDoc.
 *
 * One allocator.  Every byte the library hands out comes from malloc:
 * GLib (>= 2.46, the only GLib Debian ships) allocates with the system
 * malloc, so a string built with g_strdup or g_string_free is returned as
 * it is and free() releases it; the library does not copy between two
 * allocator families.  Inside the library, g_free and free are therefore
 * interchangeable, and each module uses the one its code already uses.
 *
 * Threads.  Objects are not shared between threads while in use; a
 * parser and a validator may be used by one thread at a time each.  The
 * batch module runs one of each per worker.
 */
#ifndef EUC_EUC_H
#define EUC_EUC_H

#include "euc/error.h"
#include "euc/data.h"
#include "euc/text.h"
#include "euc/date.h"
#include "euc/doc.h"
#include "euc/extract.h"
#include "euc/parse.h"
#include "euc/validate.h"
#include "euc/check.h"
#include "euc/report.h"
#include "euc/batch.h"

#endif
