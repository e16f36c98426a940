#!/bin/sh
# make install as a user of the library and the program sees it: the
# installed eucheck run from elsewhere finds its data, a program built with
# `pkg-config --cflags --libs eucheck` links and runs, the man page
# renders without a warning, the bash completion completes commands.
cd "$(dirname "$0")/.." || exit 2
bin=${EUCHECK_BIN:-$(pwd)/eucheck}
build=$(dirname "$bin")
[ "$build" = "$(pwd)" ] && build=build
prefix=$(mktemp -d) || exit 2
trap 'rm -rf "$prefix"' EXIT
fail=0
no() { echo "install: $*"; fail=1; }

make -s --no-print-directory install PREFIX="$prefix" BUILD="$(basename "$build")" \
    EXE="$bin" >"$prefix/log" 2>&1 || { cat "$prefix/log"; exit 1; }
(cd / && "$prefix/bin/eucheck" check "$OLDPWD/samples/form-complete.txt" >/dev/null) ||
    no "the installed eucheck, run from /, does not find its data"
[ -f "$prefix/share/man/man1/eucheck.1" ] || no "no man page installed"
w=$(groff -man -ww -z "$prefix/share/man/man1/eucheck.1" 2>&1)
[ -z "$w" ] || no "the man page does not render cleanly: $w"
c=$(bash -c ". '$prefix/share/bash-completion/completions/eucheck'; COMP_WORDS=(eucheck ch);
             COMP_CWORD=1; _eucheck; echo \${COMPREPLY[*]}")
[ "$c" = "check" ] || no "bash completion of 'eucheck ch' gives '$c'"
if ldd "$bin" 2>/dev/null | grep -q libasan; then
    echo "install: (ASan build: the pkg-config link is checked in the plain build)"
else
    cat >"$prefix/use.c" <<'C'
#include <stdio.h>
#include "euc/euc.h"
int main(void)
{
    euc_error err;
    euc_validator *v = euc_validator_new(euc_data_dir(), NULL, NULL, 0, &err);
    if (v == NULL)
        return 1;
    printf("%zu rules\n", euc_validator_nrules(v));
    euc_validator_free(v);
    return 0;
}
C
    PKG_CONFIG_PATH="$prefix/lib/pkgconfig" cc -o "$prefix/use" "$prefix/use.c" \
        $(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs eucheck) \
        2>"$prefix/cc.log" || { cat "$prefix/cc.log"; no "a program does not build with pkg-config eucheck"; }
    [ -x "$prefix/use" ] && EUCHECK_DATA="$prefix/share/eucheck/schemas" "$prefix/use" |
        grep -q " rules" || no "the program built against libeuc does not run"
fi
[ $fail -eq 0 ] && echo "install: binary finds its data, libeuc links by pkg-config, man page, completion"
exit $fail
