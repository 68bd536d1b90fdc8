# remediate: build, test, run and report.
#
#   make              build build/release/remediate (installs nothing)
#   make PGO=0        the same without profile-guided optimization: one
#                     compile instead of two, for quick rebuilds
#   make run          install missing Debian packages, build, harden before/
#                     (make run FLAGS="--force --prune-unused" passes options)
#   make test         install test dependencies, build, run every test
#   make test SANITIZE=1   the same under AddressSanitizer + UBSan
#   make report       write report/summary_report.md from after/
#   make docs         regenerate docs/rules.md from the rule catalog
#   make install PREFIX=/usr/local
#
# Library flags come from pkg-config.  The tree-sitter runtime and
# grammars are not committed: their C sources are unpacked from the npm
# registry into build/npm and compiled into libanalyzers.a.

CC       ?= cc
PREFIX   ?= /usr/local
SANITIZE ?=
WERROR   ?= -Werror
# Profile-guided builds use GCC's options; other compilers build once.
ifeq ($(origin PGO),undefined)
PGO      := $(if $(findstring gcc version,$(shell $(CC) -v 2>&1)),1,0)
endif

PY_GRAMMAR_VERSION   = 0.23.6
TOML_GRAMMAR_VERSION = 0.7.0
# The runtime is the C library that the npm package of tree-sitter's node
# binding ships in vendor/tree-sitter/lib (API of tree-sitter 0.20).
TS_RUNTIME_VERSION   = 0.20.6

PKGS     = libgit2 libcjson yaml-0.1
ifeq ($(SANITIZE),1)
BUILD    = build/sanitize
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
override PGO = 0
else
BUILD    = build/release
SANFLAGS =
endif

# Profile-guided optimization of the release build.  GCC first builds an
# instrumented binary (PGO_STAGE=gen), which scans the project's own
# Python, Dockerfile and Compose files to record which branches are taken;
# the second build (PGO_STAGE=use) lays out the code for that profile.
# Parsing, most of a scan's time, and the scan get about a tenth faster
# (docs/benchmarks.md).  Both builds write the same object paths, because
# GCC tells static functions apart by the object's name.  Functions the
# training never reached are optimized as without a profile
# (-fprofile-partial-training).  The training scan exits 1 because the
# trees it scans have findings; only a status above 1 fails the build.
# With PGO=0, make reuses whatever objects are up to date, profiled or
# not; the next build without PGO=0 redoes all three steps.
PGO_DIR   = $(BUILD)/profile
PGO_STAMP = $(PGO_DIR)/trained
# Present from the start of a profile-guided build until it completes.
PGO_INSTRUMENTED = $(PGO_DIR)/incomplete
# What each stage compiles and links, removed before the next stage.
STAGE_OUTPUTS = $(BUILD)/obj $(BUILD)/grammar $(BUILD)/*.a $(BUILD)/remediate
ifeq ($(PGO_STAGE),gen)
PGO_FLAGS   = -fprofile-generate -fprofile-update=atomic '-fprofile-dir=$(CURDIR)/$(PGO_DIR)'
PGO_LDFLAGS = -fprofile-generate
else ifeq ($(PGO_STAGE),use)
PGO_FLAGS   = -fprofile-use -fprofile-partial-training -Wno-missing-profile \
	'-fprofile-dir=$(CURDIR)/$(PGO_DIR)'
endif
NPM_DIR  = build/npm

CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra $(WERROR) $(SANFLAGS) $(PGO_FLAGS) \
	-Ianalyzers -Iremediate -I$(TS_RUNTIME_DIR)/include $(CFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
GRAMMAR_CFLAGS = -std=c11 -O2 -g -w $(SANFLAGS) $(PGO_FLAGS)
LDLIBS   = $(PGO_LDFLAGS) $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

PY_GRAMMAR_DIR   = $(NPM_DIR)/tree-sitter-python-$(PY_GRAMMAR_VERSION)
TOML_GRAMMAR_DIR = $(NPM_DIR)/tree-sitter-toml-$(TOML_GRAMMAR_VERSION)
TS_RUNTIME_DIR   = $(NPM_DIR)/tree-sitter-runtime-$(TS_RUNTIME_VERSION)
GRAMMAR_OBJS = $(BUILD)/grammar/ts_runtime.o $(BUILD)/grammar/python_parser.o $(BUILD)/grammar/python_scanner.o \
	$(BUILD)/grammar/toml_parser.o $(BUILD)/grammar/toml_scanner.o

ANALYZER_SRCS = $(shell find analyzers -name '*.c' | sort)
TOOL_SRCS     = $(shell find remediate -name '*.c' -not -path 'remediate/port/runtime/*' | sort)
ANALYZER_OBJS = $(ANALYZER_SRCS:%.c=$(BUILD)/obj/%.o)
TOOL_OBJS     = $(filter-out $(BUILD)/obj/remediate/main.o,$(TOOL_SRCS:%.c=$(BUILD)/obj/%.o))
UNIT_SRCS     = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS     = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
BENCH_SRCS    = $(sort $(wildcard bench/*.c))
BENCH_BINS    = $(BENCH_SRCS:bench/%.c=$(BUILD)/bench/%)

.PHONY: all run test unit-tests report install deps test-deps clean bench grammars docs
.SUFFIXES:

# At the top level of a profile-guided build every binary comes from the
# optimized stage; the stamp is older than a changed source, Makefile or
# runtime file, and then both stages run again from a clean object tree.
ifeq ($(PGO)-$(PGO_STAGE),1-)
PGO_INPUTS = Makefile $(shell find analyzers remediate -name '*.[ch]' -o -name '*.def') \
	$(wildcard remediate/port/runtime/*)
PGO_TRAIN  = before tests/fixtures

all: $(PGO_STAMP)

$(PGO_STAMP): $(PGO_INPUTS) | grammars
	@echo "profile-guided build, step 1 of 3: instrumented build (make PGO=0 builds once)"
	@rm -rf $(STAGE_OUTPUTS) $(PGO_DIR)
	@mkdir -p $(PGO_DIR) && touch $(PGO_INSTRUMENTED)
	@$(MAKE) --no-print-directory PGO_STAGE=gen $(BUILD)/remediate
	@echo "profile-guided build, step 2 of 3: training scan of $(PGO_TRAIN) (log: $(PGO_DIR)/training.log)"
	@mkdir -p $(PGO_DIR); status=0; \
	$(BUILD)/remediate scan -j1 --format json -o /dev/null $(PGO_TRAIN) 2>$(PGO_DIR)/training.log || status=$$?; \
	if [ $$status -gt 1 ]; then \
		cat $(PGO_DIR)/training.log >&2; \
		echo "make: the training scan failed with status $$status" >&2; exit 1; \
	fi
	@echo "profile-guided build, step 3 of 3: optimized build"
	@rm -rf $(STAGE_OUTPUTS)
	@$(MAKE) --no-print-directory PGO_STAGE=use $(BUILD)/remediate
	@rm -f $(PGO_INSTRUMENTED)
	@touch $@

unit-tests $(BENCH_BINS): $(PGO_STAMP)
	@$(MAKE) --no-print-directory PGO_STAGE=use $@
else
all: $(BUILD)/remediate
endif

# An interrupted profile-guided build leaves instrumented objects, which
# a build with PGO=0 would otherwise link (and then fail, or ship a
# binary that writes profile files).  They are removed first.
ifeq ($(PGO)-$(PGO_STAGE),0-)
ifneq ($(wildcard $(PGO_INSTRUMENTED)),)
$(info make: removing the objects of an interrupted profile-guided build)
$(shell rm -rf $(STAGE_OUTPUTS) $(PGO_DIR))
endif
endif

# --- set-up ------------------------------------------------------------------

deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps test

grammars: $(PY_GRAMMAR_DIR)/src/parser.c $(TOML_GRAMMAR_DIR)/src/parser.c \
	$(TS_RUNTIME_DIR)/src/lib.c

$(PY_GRAMMAR_DIR)/src/parser.c:
	scripts/fetch-npm tree-sitter-python $(PY_GRAMMAR_VERSION) src $(PY_GRAMMAR_DIR)/src

$(TOML_GRAMMAR_DIR)/src/parser.c:
	scripts/fetch-npm @tree-sitter-grammars/tree-sitter-toml $(TOML_GRAMMAR_VERSION) src $(TOML_GRAMMAR_DIR)/src

$(TS_RUNTIME_DIR)/src/lib.c:
	scripts/fetch-npm tree-sitter $(TS_RUNTIME_VERSION) vendor/tree-sitter/lib $(TS_RUNTIME_DIR)

# --- build -------------------------------------------------------------------

# lib.c includes every other source file of the runtime: one translation
# unit, so the compiler inlines across them.
$(BUILD)/grammar/ts_runtime.o: $(TS_RUNTIME_DIR)/src/lib.c
	@mkdir -p $(@D)
	$(CC) $(GRAMMAR_CFLAGS) -std=gnu11 -I$(TS_RUNTIME_DIR)/include -I$(TS_RUNTIME_DIR)/src -c $< -o $@

$(BUILD)/grammar/python_parser.o: $(PY_GRAMMAR_DIR)/src/parser.c
	@mkdir -p $(@D)
	$(CC) $(GRAMMAR_CFLAGS) -I$(PY_GRAMMAR_DIR)/src -c $< -o $@
$(BUILD)/grammar/python_scanner.o: $(PY_GRAMMAR_DIR)/src/parser.c
	@mkdir -p $(@D)
	$(CC) $(GRAMMAR_CFLAGS) -I$(PY_GRAMMAR_DIR)/src -c $(PY_GRAMMAR_DIR)/src/scanner.c -o $@
$(BUILD)/grammar/toml_parser.o: $(TOML_GRAMMAR_DIR)/src/parser.c
	@mkdir -p $(@D)
	$(CC) $(GRAMMAR_CFLAGS) -I$(TOML_GRAMMAR_DIR)/src -c $< -o $@
$(BUILD)/grammar/toml_scanner.o: $(TOML_GRAMMAR_DIR)/src/parser.c
	@mkdir -p $(@D)
	$(CC) $(GRAMMAR_CFLAGS) -I$(TOML_GRAMMAR_DIR)/src -c $(TOML_GRAMMAR_DIR)/src/scanner.c -o $@

$(BUILD)/obj/%.o: %.c | $(TS_RUNTIME_DIR)/src/lib.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libanalyzers.a: $(ANALYZER_OBJS) $(GRAMMAR_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/libremediate.a: $(TOOL_OBJS)
	@rm -f $@
	ar rcs $@ $^ $(if $(TOOL_OBJS),,/dev/null)

$(BUILD)/remediate: $(BUILD)/obj/remediate/main.o $(BUILD)/libremediate.a $(BUILD)/libanalyzers.a
	$(CC) $(SANFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests link against both libraries and cmocka.
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libremediate.a $(BUILD)/libanalyzers.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests $(shell pkg-config --cflags cmocka) -o $@ $^ \
		$(shell pkg-config --libs cmocka) $(LDLIBS)

$(BUILD)/bench/%: bench/%.c $(BUILD)/libanalyzers.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

# The tree walker reads the tree-sitter runtime's internal headers.
$(BUILD)/obj/analyzers/python/walk.o: ALL_CFLAGS += -isystem $(TS_RUNTIME_DIR)

# The port embeds the runtime's files with .incbin, which the compiler's
# dependency files do not list.
$(BUILD)/obj/remediate/port/port_runtime.o: $(wildcard remediate/port/runtime/*.[ch])

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- jobs --------------------------------------------------------------------

# FLAGS are passed to remediate, e.g. make run FLAGS="--force --prune-unused".
FLAGS ?=

run: deps
	@$(MAKE) --no-print-directory all
	scripts/run-main $(BUILD)/remediate $(FLAGS)

ifneq ($(PGO)-$(PGO_STAGE),1-)
unit-tests: $(UNIT_BINS)
endif

test: test-deps
	@$(MAKE) --no-print-directory all unit-tests
	tests/run $(BUILD)

report: all
	@test -d after || { echo "make: no after/ folder to report on: run 'make run' first" >&2; exit 2; }
	$(BUILD)/remediate report after -o report/summary_report.md
	@echo 'make: wrote report/summary_report.md'

# docs/rules.md is generated from the rule catalog; tests/e2e/docs.sh
# fails when it is out of date.
docs: all
	$(BUILD)/remediate rules --format markdown >docs/rules.md

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	bench/run $(BUILD)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BUILD)/remediate $(DESTDIR)$(PREFIX)/bin/remediate

clean:
	rm -rf build
