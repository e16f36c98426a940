#!/bin/sh
# The house style that a compiler does not check, as curl's checksrc does:
# functions with no bound on their output or no error report (atoi, atol,
# sprintf, vsprintf, strcpy, strcat, strtok, gets) and assignments inside
# an if/while condition, which hide a second effect in a test.  Prints
# FILE:LINE: what, for each, and fails when there is any.
# Usage: tests/checksrc.sh [FILE...]   (default: every C file of the tree)
cd "$(dirname "$0")/.." || exit 2
[ $# -eq 0 ] && set -- $(find pipeline extractors tests -name '*.[ch]' | sort)
perl -ne '
    BEGIN { $bad = 0 }
    # string and character literals and // comments cannot trip a check
    s/"(?:[^"\\]|\\.)*"/""/g;
    s/\x27(?:[^\x27\\]|\\.)*\x27/\x27\x27/g;
    s{//.*$}{};
    # block comments: skip lines inside one
    if ($in_comment) { if (s{^.*?\*/}{}) { $in_comment = 0 } else { next } }
    s{/\*.*?\*/}{}g;
    if (s{/\*.*$}{}) { $in_comment = 1 }
    if (/\b(atoi|atol|atoll|sprintf|vsprintf|strcpy|strcat|strtok|gets)\s*\(/) {
        print "$ARGV:$.: $1() is banned: use strtol/snprintf/memcpy with a bound/strtok_r\n";
        $bad++;
    }
    # the condition is the balanced (...) after if/while, or the rest of
    # the line when it goes on to the next
    if (/\b(?:if|while)\s*(\((?:[^()]++|(?1))*\))/ || /\b(?:if|while)\s*(\(.*)$/) {
        my $c = $1;
        if ($c =~ /(?<![=!<>+\-*\/%&|^])=(?!=)/) {
            print "$ARGV:$.: assignment inside a condition: assign first, then test\n";
            $bad++;
        }
    }
    $. = 0, $in_comment = 0 if eof;
    END { print "checksrc: $bad problem(s)\n" if $bad; exit($bad ? 1 : 0) }
' "$@"
