#!/bin/sh
# make bench: eucheck against the plain tools, side by side in the same run,
# on a corpus made by the samples generator.  Prints a table of times and
# ratios; asserts nothing (speed is measured, never a test).
set -eu
BIN=${EUCHECK_BIN:-./eucheck}
GEN=${GEN:-build/samples-gen}
W=${BENCH_DIR:-build/bench}
NBORN=${NBORN:-40}
NSCAN=${NSCAN:-20}
NIMG=${NIMG:-10}
NOCRMYPDF=${NOCRMYPDF:-5}
NKIND=${NKIND:-20}
export OMP_THREAD_LIMIT=1

now() { date +%s.%N; }
# elapsed START: seconds since START
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.3f", e - s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.3f", t / n }'; }
row() { printf '%-58s %10s %10s %8s\n' "$1" "$2" "$3" "$4"; }

rm -rf "$W"
mkdir -p "$W"
echo "building the corpus in $W ..."
"$GEN" --seed 4242 --count "$NBORN" --kinds pdf --out "$W/born" >/dev/null
"$GEN" --seed 4243 --count "$NSCAN" --kinds scan-pdf --out "$W/scan" >/dev/null
"$GEN" --seed 4244 --count "$NIMG" --kinds png --out "$W/img" >/dev/null
born=$(ls "$W"/born/*.pdf)
scans=$(ls "$W"/scan/*.pdf)
imgs=$(ls "$W"/img/*.png)
scan_pages=0
for f in $scans; do
    p=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
    scan_pages=$((scan_pages + p))
done
mkdir -p "$W/pageimg"
for f in $scans; do
    pdfimages -all "$f" "$W/pageimg/$(basename "$f" .pdf)"
done
pageimgs=$(ls "$W"/pageimg/*)

echo
# nproc would answer 1: it obeys OMP_THREAD_LIMIT.
echo "eucheck $($BIN --version | awk '{print $2}'), $(getconf _NPROCESSORS_ONLN) cores, OMP_THREAD_LIMIT=1"
row "" "eucheck" "plain tool" "ratio"

# 1. born-digital PDFs: one process per document, as a user would run both.
s=$(now); for f in $born; do "$BIN" check "$f" >/dev/null 2>&1 || true; done; te=$(elapsed "$s")
s=$(now); for f in $born; do pdftotext "$f" - >/dev/null 2>&1; done; tp=$(elapsed "$s")
row "born-digital PDF, s/doc (check vs pdftotext), $NBORN docs" "$(per "$te" "$NBORN")" "$(per "$tp" "$NBORN")" "$(ratio "$te" "$tp")"
# The same files in one process, as batch runs them: start-up (loading the
# schemas, rules and field definitions) is paid once.
s=$(now); "$BIN" check $born >/dev/null 2>&1 || true; tc1=$(elapsed "$s")
row "born-digital PDF, s/doc (check, one process for all)" "$(per "$tc1" "$NBORN")" "$(per "$tp" "$NBORN")" "$(ratio "$tc1" "$tp")"
s=$(now); "$BIN" extract $born >/dev/null 2>&1 || true; tx=$(elapsed "$s")
row "born-digital PDF, s/doc (extract, one process for all)" "$(per "$tx" "$NBORN")" "$(per "$tp" "$NBORN")" "$(ratio "$tx" "$tp")"

# 2. scanned PDFs: per page, against tesseract on the page's own image.
s=$(now); for f in $scans; do "$BIN" check "$f" >/dev/null 2>&1 || true; done; te=$(elapsed "$s")
s=$(now); for f in $pageimgs; do tesseract "$f" - >/dev/null 2>&1; done; tt=$(elapsed "$s")
row "scanned PDF, s/page (check vs tesseract on page image)" "$(per "$te" "$scan_pages")" "$(per "$tt" "$scan_pages")" "$(ratio "$te" "$tt")"
if command -v ocrmypdf >/dev/null; then
    sub=$(echo "$scans" | head -n "$NOCRMYPDF")
    subpages=0
    s=$(now)
    for f in $sub; do
        p=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
        subpages=$((subpages + p))
        ocrmypdf -q --skip-text --jobs 1 "$f" "$W/ocrmypdf.pdf" >/dev/null 2>&1 || true
        pdftotext "$W/ocrmypdf.pdf" - >/dev/null 2>&1 || true
    done
    to=$(elapsed "$s")
    s=$(now); for f in $sub; do "$BIN" check "$f" >/dev/null 2>&1 || true; done; te2=$(elapsed "$s")
    row "scanned PDF, s/page (check vs ocrmypdf+pdftotext, $subpages p)" "$(per "$te2" "$subpages")" "$(per "$to" "$subpages")" "$(ratio "$te2" "$to")"
else
    row "scanned PDF vs ocrmypdf: ocrmypdf not installed" "" "" ""
fi

# 3. scanned images.
s=$(now); for f in $imgs; do "$BIN" check "$f" >/dev/null 2>&1 || true; done; te=$(elapsed "$s")
s=$(now); for f in $imgs; do tesseract "$f" - >/dev/null 2>&1; done; tt=$(elapsed "$s")
row "scanned PNG, s/image (check vs tesseract)" "$(per "$te" "$NIMG")" "$(per "$tt" "$NIMG")" "$(ratio "$te" "$tt")"

# 4. batch: -j 1 against -j 2, memory, and a cached re-run.
s=$(now); "$BIN" batch -j 1 -o "$W/out1" "$W/scan" >/dev/null 2>&1 || true; t1=$(elapsed "$s")
s=$(now); "$BIN" batch -j 2 -o "$W/out2" "$W/scan" > "$W/batch2.txt" 2>&1 || true; t2=$(elapsed "$s")
row "batch of $NSCAN scanned PDFs, s (-j 2 vs -j 1: speed-up)" "$t2" "$t1" "$(ratio "$t1" "$t2")"
s=$(now); "$BIN" batch -j 2 -o "$W/out2" "$W/scan" >/dev/null 2>&1 || true; tc=$(elapsed "$s")
row "same batch again, cached, s (speed-up)" "$tc" "$t2" "$(ratio "$t2" "$tc")"
pdfunite $(echo "$scans" | head -n 10) "$W/ten.pdf" 2>/dev/null
tenp=$(pdfinfo "$W/ten.pdf" | awk '/^Pages:/ { print $2 }')
if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$W/rss" "$BIN" check "$W/ten.pdf" >/dev/null 2>&1 || true
        # time writes "Command exited with non-zero status 1" first when
    # check found something: the figure is the last line.
    row "peak memory of one worker, MB ($tenp-page scanned PDF)" "$(tail -n 1 "$W/rss" | awk '{ printf "%.0f", $1 / 1024 }')" "" ""
fi
grep -h "peak worker memory" "$W/batch2.txt" || true

# 5. the page images of report.html: the same batch with and without.
s=$(now); "$BIN" batch -j 2 --no-thumbnails -o "$W/nothumbs" "$W/born" >/dev/null 2>&1 || true; tn=$(elapsed "$s")
s=$(now); "$BIN" batch -j 2 -o "$W/thumbs" "$W/born" >/dev/null 2>&1 || true; tt=$(elapsed "$s")
row "batch of $NBORN PDFs, s (page images vs --no-thumbnails)" "$tt" "$tn" "$(ratio "$tt" "$tn")"
row "report.html, KB per document (with vs without page images)" \
    "$(per "$(stat -c %s "$W/thumbs/report.html")" "$((NBORN * 1024))")" \
    "$(per "$(stat -c %s "$W/nothumbs/report.html")" "$((NBORN * 1024))")" ""

# 6. the kinds submissions arrive in, extract against the plain tool doing
# the same job, one process per document as a user would run both.
"$GEN" --seed 4245 --count "$NKIND" --kinds form-pdf --out "$W/form" >/dev/null
"$GEN" --seed 4246 --count "$NKIND" --kinds docx --out "$W/docx" >/dev/null
"$GEN" --seed 4247 --count "$NKIND" --kinds eml --out "$W/eml" >/dev/null
forms=$(ls "$W"/form/*.form.pdf)
docxs=$(ls "$W"/docx/*.docx)
emls=$(ls "$W"/eml/*.eml)
s=$(now); for f in $forms; do "$BIN" extract "$f" >/dev/null 2>&1 || true; done; te=$(elapsed "$s")
s=$(now); for f in $forms; do pdftotext "$f" - >/dev/null 2>&1; done; tp=$(elapsed "$s")
row "fillable PDF, s/doc (extract vs pdftotext)" "$(per "$te" "$NKIND")" "$(per "$tp" "$NKIND")" "$(ratio "$te" "$tp")"
s=$(now); for f in $docxs; do "$BIN" extract "$f" >/dev/null 2>&1 || true; done; te=$(elapsed "$s")
s=$(now); for f in $docxs; do
    unzip -p "$f" word/document.xml | xmllint --xpath '//*[local-name()="t"]/text()' - >/dev/null 2>&1 || true
done; tp=$(elapsed "$s")
row "Word .docx, s/doc (extract vs unzip -p + xmllint)" "$(per "$te" "$NKIND")" "$(per "$tp" "$NKIND")" "$(ratio "$te" "$tp")"
s=$(now); for f in $emls; do "$BIN" check "$f" >/dev/null 2>&1 || true; done; te=$(elapsed "$s")
s=$(now); for f in $emls; do
    rm -rf "$W/mp" && mkdir -p "$W/mp" && (cd "$W/mp" && munpack -q "$f" >/dev/null 2>&1) || true
    for a in "$W"/mp/*.pdf; do pdftotext "$a" - >/dev/null 2>&1 || true; done
    "$BIN" check "$W"/mp/*.pdf >/dev/null 2>&1 || true
done; tp=$(elapsed "$s")
row "e-mail, s/mail (check vs munpack + check of the PDF)" "$(per "$te" "$NKIND")" "$(per "$tp" "$NKIND")" "$(ratio "$te" "$tp")"
(cd "$W/born" && python3 -c 'import sys, zipfile
z = zipfile.ZipFile("../all.zip", "w", zipfile.ZIP_DEFLATED)
for n in sys.argv[1:]: z.write(n, "certs/" + n)' $(ls *.pdf))
s=$(now); "$BIN" check "$W/all.zip" >/dev/null 2>&1 || true; te=$(elapsed "$s")
s=$(now); rm -rf "$W/uz" && unzip -q -d "$W/uz" "$W/all.zip" && "$BIN" check "$W"/uz/certs/*.pdf >/dev/null 2>&1 || true; tp=$(elapsed "$s")
row "ZIP of $NBORN PDFs, s (check vs unzip + check of the files)" "$te" "$tp" "$(ratio "$te" "$tp")"
