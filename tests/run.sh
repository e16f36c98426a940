#!/bin/sh
# Runs each test binary given on the command line from the top of the tree
# and ends with one "N passed, N failed" line.  Tesseract runs one thread
# per process, as the OCR module arranges for itself (extractors/ocr.c).
export OMP_THREAD_LIMIT=1
# Under ASan: leak checking on; library noise (fontconfig caches, GLib's type
# system, Tesseract's global tables) is suppressed in tests/lsan.supp.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
passed=0
failed=0
failures=""
for t in "$@"; do
    echo "== $t"
    if "$t"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures="$failures $t"
    fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
