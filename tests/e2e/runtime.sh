#!/bin/sh
# The C runtime that generated services ship with (remediate/port/runtime)
# is compiled and tested by its own Makefile, with the same hardening
# flags the generated Makefile uses.  This runs it, under the sanitizers
# when the suite itself is a sanitizer build, and reports one line per
# step of `make -C tests/runtime check`.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

sanitize=
case "${BUILD_DIR:-}" in
*sanitize*) sanitize=1 ;;
esac

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if make --no-print-directory -C tests/runtime check SANITIZE="$sanitize" >"$log" 2>&1; then
	ok "runtime: make -C tests/runtime check SANITIZE=$sanitize"
else
	not_ok "runtime: make -C tests/runtime check SANITIZE=$sanitize"
	tail -n 40 "$log"
fi
finish
