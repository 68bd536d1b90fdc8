# remediate: build, test, run and report.
#
#   make              build build/release/remediate (installs nothing)
#   make run          install missing Debian packages, build, harden before/
#                     (make run FLAGS="--force --prune-unused" passes options)
#   make test         install test dependencies, build, run every test
#   make test SANITIZE=1   the same under AddressSanitizer + UBSan
#   make report       write report/summary_report.md from after/
#   make docs         regenerate docs/rules.md from the rule catalog
#   make install PREFIX=/usr/local
#
# Library flags come from pkg-config.  The tree-sitter grammars are not
# committed: they are unpacked from the npm registry into build/npm.

CC       ?= cc
PREFIX   ?= /usr/local
SANITIZE ?=
WERROR   ?= -Werror

PY_GRAMMAR_VERSION   = 0.23.6
TOML_GRAMMAR_VERSION = 0.7.0

PKGS     = tree-sitter libgit2 libcjson yaml-0.1
ifeq ($(SANITIZE),1)
BUILD    = build/sanitize
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD    = build/release
SANFLAGS =
endif
NPM_DIR  = build/npm

CFLAGS   ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Wall -Wextra $(WERROR) $(SANFLAGS) \
	-Ianalyzers -Iremediate $(CFLAGS) $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
GRAMMAR_CFLAGS = -std=c11 -O2 -g -w $(SANFLAGS)
LDLIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm

PY_GRAMMAR_DIR   = $(NPM_DIR)/tree-sitter-python-$(PY_GRAMMAR_VERSION)
TOML_GRAMMAR_DIR = $(NPM_DIR)/tree-sitter-toml-$(TOML_GRAMMAR_VERSION)
GRAMMAR_OBJS = $(BUILD)/grammar/python_parser.o $(BUILD)/grammar/python_scanner.o \
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

all: $(BUILD)/remediate

# --- set-up ------------------------------------------------------------------

deps:
	@scripts/install-deps build

test-deps:
	@scripts/install-deps test

grammars: $(PY_GRAMMAR_DIR)/src/parser.c $(TOML_GRAMMAR_DIR)/src/parser.c

$(PY_GRAMMAR_DIR)/src/parser.c:
	scripts/fetch-grammar tree-sitter-python $(PY_GRAMMAR_VERSION) $(PY_GRAMMAR_DIR)

$(TOML_GRAMMAR_DIR)/src/parser.c:
	scripts/fetch-grammar @tree-sitter-grammars/tree-sitter-toml $(TOML_GRAMMAR_VERSION) $(TOML_GRAMMAR_DIR)

# --- build -------------------------------------------------------------------

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

$(BUILD)/obj/%.o: %.c
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

unit-tests: $(UNIT_BINS)

test: test-deps
	@$(MAKE) --no-print-directory all unit-tests
	tests/run $(BUILD)

report: all
	$(BUILD)/remediate report after -o report/summary_report.md

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
