#!/bin/sh
# Output for scripts, as a script would use it: --json validated against
# schemas/check.schema.json (Debian python3-jsonschema) for one file, many,
# an error and standard input; --jsonl one valid result per line; the
# format options exclude each other; TERM=dumb and NO_COLOR give no colour.
cd "$(dirname "$0")/.." || exit 2
bin=${EUCHECK_BIN:-./eucheck}
out=$(mktemp -d) || exit 2
trap 'rm -rf "$out"' EXIT
fail=0
no() { echo "scripting: $*"; fail=1; }

validate() { # FILE [jsonl]: valid against the schema (each line for jsonl)
    /usr/bin/python3 - "$1" "${2:-}" <<'PY'
import json, sys, jsonschema
schema = json.load(open("schemas/check.schema.json"))
text = open(sys.argv[1]).read()
try:
    if sys.argv[2] == "jsonl":
        one = {"$schema": schema["$schema"], "$defs": schema["$defs"],
               "$ref": "#/$defs/result"}
        docs = [json.loads(l) for l in text.splitlines()]
        for d in docs:
            jsonschema.Draft202012Validator(one).validate(d)
        print(len(docs))
    else:
        d = json.loads(text)
        jsonschema.Draft202012Validator(schema).validate(d)
        print(len(d["results"]))
except (ValueError, jsonschema.ValidationError) as e:
    print("invalid: %s" % str(e).splitlines()[0], file=sys.stderr)
PY
}

"$bin" check --json samples/form-complete.pdf >"$out/one.json"
[ "$(validate "$out/one.json")" = 1 ] || no "one file: not one valid result"
"$bin" check --json samples/form-complete.pdf samples/letter-unsigned.txt \
    tests/data/hostile/empty.pdf >"$out/many.json" 2>/dev/null
[ $? -eq 2 ] || no "a batch with an unreadable file does not exit 2"
[ "$(validate "$out/many.json")" = 3 ] || no "three files: not three valid results"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["results"]
assert d[1]["certificate"]["items"]["item"][0]["quantity"]["value"] == 700
assert d[1]["certificate"]["signatory"]["signature"]["present"] is False
assert d[1]["blocking"] == 2 and d[1]["warnings"] >= 1
assert d[2]["status"] == "error" and d[2]["error"]["code"]
b = json.load(open(sys.argv[1].replace("many", "one")))["results"][0]["certificate"]["certificate-number"]["bbox"]
assert len(b) == 4 and b[0] < b[2] and b[1] < b[3], b
' "$out/many.json" || no "values are not typed (number, boolean) or the error is missing"

"$bin" check --jsonl samples/form-complete.pdf samples/letter-unsigned.txt >"$out/l.jsonl"
[ "$(validate "$out/l.jsonl" jsonl)" = 2 ] || no "--jsonl: not two valid lines"

"$bin" check --json - <samples/letter-unsigned.txt >"$out/stdin.json"
grep -q '"file":"-"' "$out/stdin.json" || no "standard input is not named '-'"
"$bin" check --json --name mail/cert.txt - <samples/letter-unsigned.txt >"$out/named.json"
grep -q '"file":"mail/cert.txt"' "$out/named.json" || no "--name is not used for standard input"
cmp -s "$out/named.json" /dev/null && no "standard input gave nothing"
[ "$(validate "$out/stdin.json")" = 1 ] || no "standard input: not one valid result"
printf '' | "$bin" check - >/dev/null 2>"$out/err"
[ $? -eq 2 ] && grep -q "^eucheck: -: " "$out/err" || no "empty standard input is not 'eucheck: -: reason', exit 2"

"$bin" check --xml --json samples/form-complete.txt >/dev/null 2>"$out/err"
[ $? -eq 2 ] && grep -q "exclude each other" "$out/err" || no "--xml --json is not a usage error"

"$bin" frobnicate >/dev/null 2>"$out/err"
[ $? -eq 2 ] && [ "$(wc -l <"$out/err")" -eq 1 ] && grep -q "try 'eucheck --help'" "$out/err" ||
    no "an unknown command is not one line with a hint, exit 2"
for c in extract parse check batch merge; do
    "$bin" $c --help | grep -q "^Exit status: 0" || no "'$c --help' does not state the exit codes"
done
"$bin" batch -o "$out/b" samples/form-complete.txt >"$out/said"
grep -q "^1 document: " "$out/said" || no "batch says '1 documents'"
"$bin" batch -o "$out/b" samples//letter-unsigned.txt >"$out/said"
grep -q "1 earlier result" "$out/said" || no "a second batch into OUTDIR does not say it kept the first"
[ "$(cut -d, -f1 "$out/b/summary.csv" | tr '\n' ' ')" = "file samples/form-complete.txt samples/letter-unsigned.txt " ] ||
    no "summary.csv does not cover both runs with tidied paths: $(cut -d, -f1 "$out/b/summary.csv" | tr '\n' ' ')"
head -1 "$out/b/summary.csv" | grep -q ",reason,warnings,warning_codes,end_use" ||
    no "summary.csv lacks the warnings, warning_codes, end_use columns at the end"

# report.html shows the page region of a finding (a PNG inside the file,
# nothing beside it), unless asked not to; results kept from an earlier
# run keep theirs
"$bin" batch -o "$out/th" samples/letter-unsigned.pdf >/dev/null
n=$(grep -o 'class="thumb"[^>]*src="data:image/png;base64,' "$out/th/report.html" | wc -l)
[ "$n" -ge 1 ] || no "report.html shows no page image for an incomplete PDF"
grep -q '<img[^>]*src="[^d]' "$out/th/report.html" && no "report.html links an image outside itself"
"$bin" batch -o "$out/th" samples/letter-unsigned.txt >/dev/null
[ "$(grep -o 'class="thumb"' "$out/th/report.html" | wc -l)" -eq "$n" ] ||
    no "a second batch into OUTDIR drops the first run's page images (or adds one for a text file)"
"$bin" batch --no-thumbnails -o "$out/nth" samples/letter-unsigned.pdf >/dev/null
grep -q 'class="thumb"' "$out/nth/report.html" && no "--no-thumbnails still shows page images"

# every command opens a container into its documents, named inside it
"$bin" extract samples/bundle.zip >"$out/x.txt" 2>&1 || no "extract of a ZIP fails: $(head -2 "$out/x.txt")"
grep -q "^==> samples/bundle.zip/certs/table-nosub.pdf <==" "$out/x.txt" ||
    no "extract of a ZIP does not name its members"
"$bin" parse samples/letter-unsigned.eml >"$out/x.xml" 2>&1 || no "parse of an e-mail fails"
grep -q 'source file="samples/letter-unsigned.eml/letter-unsigned.pdf"' "$out/x.xml" ||
    no "parse of an e-mail does not read its attachment"
# a container's member links to the container, the file there is
"$bin" batch -o "$out/zb" samples/bundle.zip >/dev/null 2>&1
grep -q 'class="src" href="[^"]*samples/bundle.zip"' "$out/zb/report.html" ||
    no "a ZIP member's source link does not reach its archive"
"$bin" check samples/blank.form.pdf >/dev/null 2>"$out/err"
[ $? -eq 2 ] && grep -q "every field empty" "$out/err" || no "an unfilled form is not an error: $(cat "$out/err")"

# the text report for an importer: a finding names its field in words and
# quotes what it rests on with the page; a list is shown whole
"$bin" check samples/letter-unsigned.txt >"$out/t.txt"
grep -q "WARNING  CERTIFICATE_STALE (date of issue)" "$out/t.txt" || no "a finding names its field as a path"
grep -q "page 1: 'December 21, 2025'" "$out/t.txt" || no "a finding does not quote its words and page"
grep -A2 "SIGNATURE_MISSING (signature)" "$out/t.txt" | grep -q "looked for in: signatory, page 1" ||
    no "a missing field does not say where it was looked for"
"$bin" check samples/form-complete.txt >"$out/t.txt"
grep -q "Items *Terbium oxide.*; NdFeB magnets" "$out/t.txt" && ! grep -q "more)" "$out/t.txt" ||
    no "the items are not listed whole: $(grep Items "$out/t.txt")"

# text saved by Windows as UTF-16 (either byte order, with its BOM) reads as
# the same UTF-8 text does; a cut-short one is a one-line error
"$bin" extract samples/letter-unsigned.txt | tail -n +2 >"$out/u8.txt"
for enc in utf-16le utf-16be; do
    bom=$([ $enc = utf-16le ] && printf '\377\376' || printf '\376\377')
    { printf "$bom"; iconv -f utf-8 -t $enc samples/letter-unsigned.txt; } >"$out/$enc.txt"
    "$bin" extract "$out/$enc.txt" | tail -n +2 | cmp -s - "$out/u8.txt" ||
        no "$enc text does not read as its UTF-8 original"
done
printf '\377\376A' >"$out/odd.txt"
"$bin" check "$out/odd.txt" >/dev/null 2>"$out/err"
[ $? -eq 2 ] && grep -q "UTF-16 text of an odd number of bytes" "$out/err" ||
    no "a cut-short UTF-16 file is not a clear error"

# a copy of the program where no data is: the error says where it looked
# and how to point it at its data
cp "$bin" "$out/lonely"
(cd "$out" && env -u EUCHECK_DATA ./lonely check "$OLDPWD/samples/form-complete.txt") \
    >/dev/null 2>"$out/err"
[ $? -eq 2 ] && [ "$(wc -l <"$out/err")" -eq 1 ] && grep -q "looked in: EUCHECK_DATA (not set), " "$out/err" &&
    grep -q "set EUCHECK_DATA to the folder that holds fields.xml" "$out/err" ||
    no "a program without its data does not say where it looked: $(cat "$out/err")"

# a terminal (script(1) gives one) that says it is dumb: no escape codes
if command -v script >/dev/null; then
    TERM=dumb script -qec "$bin check samples/letter-unsigned.txt" /dev/null >"$out/tty" 2>&1
    grep -q "$(printf '\033')" "$out/tty" && no "TERM=dumb still gets escape codes"
    TERM=xterm script -qec "$bin check samples/letter-unsigned.txt" /dev/null >"$out/tty" 2>&1
    grep -q "$(printf '\033')" "$out/tty" || no "a colour terminal gets no colour (the check above proves nothing)"
fi
[ $fail -eq 0 ] && echo "scripting: JSON valid against its schema; stdin, --jsonl, conflicts, TERM=dumb"
exit $fail
