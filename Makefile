# eucheck: GNU make, no configure step.  Libraries come through pkg-config.
#
#   make            build libeuc.a and ./eucheck
#   make deps       install the Debian packages (apt-get) when missing
#   make check      deps + build + every test
#   make asan       the same tests under AddressSanitizer + UBSan, leaks on
#   make demo       deps + build + eucheck on the bundled samples
#   make samples    regenerate samples/ (byte for byte from SEED)
#   make install PREFIX=/usr/local

PREFIX  ?= /usr/local
CC      ?= cc
BUILD   ?= build
VERSION := 0.1.0
SEED    ?= 20260112

PKGS      := poppler-glib cairo tesseract lept libxml-2.0 glib-2.0 libpng libjpeg \
             libarchive gmime-3.0
TEST_PKGS := cmocka
# What a fresh Debian machine lacks.  poppler-utils and tesseract-ocr give the
# plain tools the benchmarks compare against; the fonts are what the sample
# generator draws with, so `make samples` is reproducible byte for byte;
# chromium renders report.html in the batch test; the Chinese and Japanese
# OCR models read bilingual labels (--lang eng+chi_sim+jpn); python3-jsonschema
# checks --json against schemas/check.schema.json in tests/scripting.sh;
# chromium-driver and python3-selenium drive report.html in tests/report_ui.sh;
# groff-base renders the man page in tests/install.sh; libarchive reads ZIP
# archives and the DOCX package, GMime e-mail (README, "Input kinds").
DEB_PKGS  := pkg-config libpoppler-glib-dev libcairo2-dev libtesseract-dev \
             libleptonica-dev tesseract-ocr-eng tesseract-ocr-osd \
             tesseract-ocr-chi-sim tesseract-ocr-jpn libxml2-dev \
             libcmocka-dev libpng-dev libjpeg-dev poppler-utils tesseract-ocr fonts-dejavu-core \
             fonts-wqy-microhei chromium python3-jsonschema chromium-driver \
             python3-selenium groff-base libarchive-dev libgmime-3.0-dev
# Only `make bench` needs these: the path a user would otherwise script
# (unzip + xmllint read a DOCX, munpack takes a mail's attachments out).
BENCH_PKGS := ocrmypdf time unzip libxml2-utils mpack

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
        -Wwrite-strings -Wformat-security -Werror
CFLAGS  ?= -O2 -g
PKG_CFLAGS  := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Tesseract is not linked: extractors/ocr.c loads it on the first OCR page
# (it costs 13 ms at start-up, and OpenMP must be limited before it loads).
LINK_PKGS   := $(filter-out tesseract,$(PKGS))
PKG_LIBS    := $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null)
TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   := $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 $(CFLAGS) $(WARN) -Ipipeline/include \
             -DEUC_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
LIBS = $(PKG_LIBS) -lm -ldl

# One folder per stage (see README, "Source tree"); the library is every
# stage but the command line.
STAGES  := core parse validate report batch
CLI_SRC := $(wildcard pipeline/cli/*.c)
LIB_SRC := $(foreach s,$(STAGES),$(wildcard pipeline/$(s)/*.c)) $(wildcard extractors/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TEST_SUPPORT := $(filter-out $(TEST_SRC),$(wildcard tests/*.c))
GEN_SRC := $(wildcard samples/gen/*.c)
# Fuzz harnesses (tests/fuzz/fuzz_NAME.c): replayed over their seeds by
# make check, fuzzed with libFuzzer by make fuzz.
FUZZ_NAMES := pdf image text parse rules containers
FUZZ_REPLAY := $(FUZZ_NAMES:%=$(BUILD)/fuzz-replay/fuzz_%)
FUZZ_SEEDS_pdf   := samples/*.pdf:tests/data/hostile/*.pdf:tests/fuzz/seeds/pdf
FUZZ_SEEDS_image := samples/*.png:samples/*.tif:tests/fuzz/seeds/image
FUZZ_SEEDS_text  := samples/*.txt:tests/data/hostile/*.txt:tests/fuzz/seeds/text
FUZZ_SEEDS_parse := samples/*.txt:tests/data/hostile/*.txt:tests/fuzz/seeds/parse
FUZZ_SEEDS_rules := schemas/rules/*.xml:tests/fuzz/seeds/rules
FUZZ_SEEDS_containers := samples/*.zip:samples/*.eml:samples/*.docx:tests/fuzz/seeds/containers

# The top-level ./eucheck is the default build's; other builds (asan, a
# helper's own) keep their binary inside their build directory.
EXE := $(if $(filter build,$(BUILD)),eucheck,$(BUILD)/eucheck)

.PHONY: all deps check test-run asan demo samples install clean bench accuracy \
        bench-deps fuzz fuzz-run

all: $(EXE)

deps:
	@if ! pkg-config --exists $(PKGS) $(TEST_PKGS) 2>/dev/null || \
	    ! command -v pdftotext >/dev/null || ! command -v chromium >/dev/null || \
	    ! /usr/bin/python3 -c 'import jsonschema, selenium' 2>/dev/null || \
	    ! command -v chromedriver >/dev/null || ! command -v groff >/dev/null || \
	    [ ! -f /usr/share/tesseract-ocr/5/tessdata/osd.traineddata ] || \
	    [ ! -f /usr/share/tesseract-ocr/5/tessdata/jpn.traineddata ] || \
	    [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then \
	  echo "eucheck: installing Debian packages: $(DEB_PKGS)"; \
	  apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(DEB_PKGS); \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libeuc.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(EXE): $(CLI_OBJ) $(BUILD)/libeuc.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libeuc.a $(LIBS)

# A private header is included by its own folder only; the one exception is
# a stage's unit test, which tests the stage's internal functions (as curl's
# tests/unit do): test_parse_units sees pipeline/parse/parse-imp.h.
$(BUILD)/tests/test_parse_units: TEST_CFLAGS += -Ipipeline/parse
$(BUILD)/tests/%: tests/%.c $(TEST_SUPPORT) $(BUILD)/libeuc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests $(LDFLAGS) -o $@ $< \
	  $(TEST_SUPPORT) $(BUILD)/libeuc.a $(LIBS) $(TEST_LIBS)

$(BUILD)/samples-gen: $(GEN_SRC) $(BUILD)/libeuc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(GEN_SRC) $(BUILD)/libeuc.a $(LIBS)

# The accuracy tool and the golden test share tests/tools/compare.c.
SEED_ACC  ?= 7
ACC_COUNT ?= 60
# The kinds submissions arrive in besides (fillable form, Word, e-mail,
# UTF-16 text), a corpus of their own so the first one's tables stay
# comparable across versions.
ACC_KINDS_COUNT ?= 40
ACC_SRC   := tests/tools/accuracy.c tests/tools/compare.c

$(BUILD)/accuracy: $(ACC_SRC) tests/tools/compare.h $(BUILD)/libeuc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/tools $(LDFLAGS) -o $@ $(ACC_SRC) $(BUILD)/libeuc.a $(LIBS)

$(BUILD)/tests/test_golden: tests/test_golden.c tests/tools/compare.c tests/tools/compare.h \
                            $(TEST_SUPPORT) $(BUILD)/libeuc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests $(LDFLAGS) -o $@ $< tests/tools/compare.c \
	  $(TEST_SUPPORT) $(BUILD)/libeuc.a $(LIBS) $(TEST_LIBS)

# A fresh corpus (not the committed samples' seed) measured field by field
# and finding by finding against the generator's truth.  A measurement, not
# a gate: it exits 0 whatever the figures.
#
# Then the independent development corpus (../shared/devset: another
# author's generator and scorer), when it is there: generated once per seed
# into build/devset, scored by its own score.py, by code, field, kind and
# style.
DEVSET_DIR  ?= ../shared/devset
DEVSET_N    ?= 150
DEVSET_SEED ?= 1
DEVSET_PKGS := python3 python3-reportlab python3-pil

accuracy: deps
	$(MAKE) --no-print-directory all $(BUILD)/samples-gen $(BUILD)/accuracy
	rm -rf $(BUILD)/accuracy-corpus
	$(BUILD)/samples-gen --seed $(SEED_ACC) --count $(ACC_COUNT) --out $(BUILD)/accuracy-corpus
	$(BUILD)/accuracy $(BUILD)/accuracy-corpus
	rm -rf $(BUILD)/accuracy-kinds
	$(BUILD)/samples-gen --seed $(SEED_ACC) --count $(ACC_KINDS_COUNT) \
	  --kinds form-pdf,docx,eml,utf16 --out $(BUILD)/accuracy-kinds
	$(BUILD)/accuracy $(BUILD)/accuracy-kinds
	@if [ ! -f $(DEVSET_DIR)/gen_devset.py ]; then \
	  echo "accuracy: no development corpus at $(DEVSET_DIR) (set DEVSET_DIR); skipped"; \
	  exit 0; \
	fi; \
	if ! /usr/bin/python3 -c 'import reportlab, PIL' 2>/dev/null; then \
	  apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(DEVSET_PKGS); \
	fi; \
	stamp=$(BUILD)/devset/.n$(DEVSET_N)-seed$(DEVSET_SEED); \
	if [ ! -f $$stamp ]; then \
	  /usr/bin/python3 $(DEVSET_DIR)/gen_devset.py $(BUILD)/devset --n $(DEVSET_N) \
	    --seed $(DEVSET_SEED) && touch $$stamp; \
	fi; \
	echo; echo "== development corpus ($(DEVSET_DIR), $(DEVSET_N) documents, seed $(DEVSET_SEED))"; \
	/usr/bin/python3 $(DEVSET_DIR)/score.py $(BUILD)/devset --cmd "./eucheck check --xml" \
	  --json $(BUILD)/devset-score.json

# check installs what it needs, then builds in a fresh make so that the
# pkg-config flags are read after the packages exist.
check: deps
	$(MAKE) --no-print-directory test-run

test-run: $(EXE) $(TEST_BIN) $(FUZZ_REPLAY) $(BUILD)/tests/leak_probe
	@EUCHECK_BIN=$(abspath $(EXE)) sh tests/run.sh tests/checksrc.sh tests/leakcheck.sh \
	  tests/scripting.sh tests/report_ui.sh tests/install.sh \
	  $(TEST_BIN) $(FUZZ_REPLAY)

$(BUILD)/tests/leak_probe: tests/tools/leak_probe.c $(BUILD)/libeuc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libeuc.a $(LIBS)

$(BUILD)/fuzz-replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.c tests/fuzz/replay.c \
                             tests/fuzz/fuzz.h $(BUILD)/libeuc.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -DFUZZ_NAME='"$*"' -DFUZZ_SEEDS='"$(FUZZ_SEEDS_$*)"' \
	  $(LDFLAGS) -o $@ $< tests/fuzz/fuzz_common.c tests/fuzz/replay.c $(BUILD)/libeuc.a $(LIBS)

# libFuzzer builds (Debian clang): the library with coverage and ASan+UBSan,
# one fuzzer per harness.  make fuzz-run FUZZ_TIME=600 runs each for that
# many seconds over a copy of its seeds; what it finds goes into
# build-fuzz/crash-*, to be fixed and added to tests/fuzz/seeds/NAME.
FUZZ_TIME ?= 60
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined,fuzzer-no-link
fuzz: deps
	@command -v clang >/dev/null || { apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends clang; }
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	  LDFLAGS="-fsanitize=address,undefined" build-fuzz/libeuc.a
	@for n in $(FUZZ_NAMES); do \
	  echo "clang fuzz_$$n"; \
	  clang -std=c11 $(FUZZ_CFLAGS) -fsanitize=fuzzer $(WARN) -Ipipeline/include -Itests/fuzz \
	    $(PKG_CFLAGS) -o build-fuzz/fuzz_$$n tests/fuzz/fuzz_$$n.c tests/fuzz/fuzz_common.c \
	    build-fuzz/libeuc.a $(LIBS) || exit 1; \
	done

fuzz-run: fuzz
	@set -e; for n in $(FUZZ_NAMES); do \
	  mkdir -p build-fuzz/corpus/$$n; \
	  case $$n in pdf) s='$(FUZZ_SEEDS_pdf)';; image) s='$(FUZZ_SEEDS_image)';; \
	    text) s='$(FUZZ_SEEDS_text)';; parse) s='$(FUZZ_SEEDS_parse)';; \
	    rules) s='$(FUZZ_SEEDS_rules)';; esac; \
	  for d in $$(echo $$s | tr ':' ' '); do cp $$d build-fuzz/corpus/$$n/ 2>/dev/null || \
	    cp $$d/* build-fuzz/corpus/$$n/ 2>/dev/null || true; done; \
	  echo "== fuzz_$$n for $(FUZZ_TIME) s"; \
	  (cd build-fuzz && OMP_THREAD_LIMIT=1 ASAN_OPTIONS=detect_leaks=1 \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	    ./fuzz_$$n -max_total_time=$(FUZZ_TIME) -timeout=30 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=crash-$$n- corpus/$$n 2>&1 | tail -15); \
	done

asan: deps
	$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" test-run

# The sample certificates in every input kind; some are incomplete on
# purpose, so check's exit status 1 (blocking findings) is the expected one.
# blank.form.pdf is the unfilled form, a bad-input sample: an error by design.
DEMO_FILES = $(filter-out samples/blank.form.pdf, \
               $(sort $(wildcard samples/*.pdf samples/*.png samples/*.tif samples/*.txt \
                                 samples/*.docx samples/*.eml samples/*.zip)))

demo: deps
	$(MAKE) --no-print-directory all
	@./eucheck check $(DEMO_FILES); s=$$?; [ $$s -le 1 ]
	./eucheck batch -o build/demo $(DEMO_FILES)
	@echo "The triage report for reviewers: build/demo/report.html"

samples: deps
	$(MAKE) --no-print-directory $(BUILD)/samples-gen
	$(BUILD)/samples-gen --seed $(SEED) --out samples

bench-deps: deps
	@if ! command -v ocrmypdf >/dev/null || [ ! -x /usr/bin/time ] || \
	    ! command -v unzip >/dev/null || ! command -v xmllint >/dev/null || \
	    ! command -v munpack >/dev/null; then \
	  apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(BENCH_PKGS); \
	fi

bench: bench-deps
	$(MAKE) --no-print-directory all $(BUILD)/samples-gen
	EUCHECK_BIN=./eucheck GEN=$(BUILD)/samples-gen sh tests/bench.sh

# The binary, libeuc with its public headers and a pkg-config file, the
# data, the man page (plain roff: man(1) reads it as it is) and the bash
# completion.
install: $(EXE)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include/euc $(DESTDIR)$(PREFIX)/share/eucheck \
	  $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(EXE) $(DESTDIR)$(PREFIX)/bin/eucheck
	install -m 644 $(BUILD)/libeuc.a $(DESTDIR)$(PREFIX)/lib/libeuc.a
	install -m 644 pipeline/include/euc/*.h $(DESTDIR)$(PREFIX)/include/euc/
	cp -R schemas $(DESTDIR)$(PREFIX)/share/eucheck/
	install -m 644 doc/eucheck.1 $(DESTDIR)$(PREFIX)/share/man/man1/eucheck.1
	install -m 644 doc/eucheck.bash \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/eucheck
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@REQUIRES@|$(LINK_PKGS)|' doc/eucheck.pc.in \
	  >$(DESTDIR)$(PREFIX)/lib/pkgconfig/eucheck.pc

clean:
	rm -rf build build-* eucheck

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
