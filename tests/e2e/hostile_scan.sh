#!/bin/sh
# `remediate scan` on hostile input: every case must end within its time
# bound with exit 0, 1 or 2 and no sanitizer report.  Large inputs are
# generated here; the small ones are in tests/fixtures/hostile/.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"
fixtures=tests/fixtures/hostile

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'import os\nos.system("ls " + x)\n' >"$work/sample.py"

# scan_bounded NAME SECONDS ARGS...: runs `remediate scan ARGS` with a time
# bound and checks that it ends with exit 0, 1 or 2 and no sanitizer report.
scan_bounded() {
	name=$1 seconds=$2
	shift 2
	timeout "$seconds" "$REMEDIATE" scan "$@" >"$work/out" 2>"$work/err" </dev/null
	status=$?
	case $status in
	0 | 1 | 2) ok "$name ends with exit 0, 1 or 2" ;;
	124) not_ok "$name ends with exit 0, 1 or 2"
		echo "  timed out after $seconds s" ;;
	*) not_ok "$name ends with exit 0, 1 or 2"
		echo "  exit $status"; head -5 "$work/err" ;;
	esac
	check_absent "$name has no sanitizer report" "Sanitizer" "$(cat "$work/err")"
}

# --- config files ---------------------------------------------------------------
# A pyproject.toml may contain anything outside [tool.bandit], and 100,000
# nested arrays overflowed the stack of the TOML reader.
/usr/bin/python3 -c 'import sys; n = 100000
sys.stdout.write("[tool.bandit]\nskips = " + "[" * n + "]" * n + "\n")' >"$work/deep.toml"
scan_bounded "config with 100000 nested TOML arrays" 60 -c "$work/deep.toml" "$work/sample.py"
check "config with 100000 nested TOML arrays exits 2" 2 "$status"

# Aliases that expand to 10^8 strings must be rejected, as the Compose
# loader rejects them, not expanded.  The bound is short because the
# expansion takes about 280 MB a second until it is killed.
scan_bounded "config with a billion-laughs alias" 10 -c "$fixtures/laughs.yaml" "$work/sample.py"
check "config with a billion-laughs alias exits 2" 2 "$status"

# A FIFO with no writer must not block the scan.
mkfifo "$work/fifo.yaml" "$work/fifo.json"
scan_bounded "config that is a FIFO" 10 -c "$work/fifo.yaml" "$work/sample.py"
check "config that is a FIFO exits 2" 2 "$status"
scan_bounded "baseline that is a FIFO" 10 -b "$work/fifo.json" "$work/sample.py"
check "baseline that is a FIFO exits 2" 2 "$status"

# --- inputs that take quadratic time ---------------------------------------------
# 300,000 keys (4 MB): the duplicate-key check compared every pair.
mkdir "$work/keys"
/usr/bin/python3 -c 'import sys
sys.stdout.write("{" + ",".join("\"k%d\": %d" % (i, i) for i in range(300000)) + "}")' \
	>"$work/keys/daemon.json"
scan_bounded "daemon.json with 300000 keys" 30 "$work/keys"

# A chain of 100,000 string concatenations (600 kB): each constant walked
# the whole chain up to its top.
/usr/bin/python3 -c 'import sys
sys.stdout.write("import os\nos.system(\"a\"" + " + \"b\"" * 100000 + ")\n")' >"$work/chain.py"
scan_bounded "100000 chained string concatenations" 30 "$work/chain.py"
check "100000 chained string concatenations exits 1 (B605)" 1 "$status"

# --- line endings -------------------------------------------------------------------
# CPython accepts bare CR as a line end (`python3 cr_endings.py` runs), so
# the file must be scanned, not skipped with a syntax error.
"$REMEDIATE" scan --format json "$fixtures/cr_endings.py" >"$work/cr.json" 2>/dev/null
check "bare CR line ends: file scanned, B605 and B307 found" "B307,B605" \
	"$(/usr/bin/python3 -c 'import json, sys
report = json.load(open(sys.argv[1]))
print(",".join(sorted({r["test_id"] for r in report["results"]})))' "$work/cr.json")"

# --- nesting, long lines, huge files, full disks --------------------------------
# A chain of 200,000 unary minus signs nests as deep.  The check that
# skips plain expressions used to read each node's whole text.  That was
# quadratic: a 1 MB line took minutes.
/usr/bin/python3 -c 'import sys
sys.stdout.write("x = " + "-" * 200000 + "1\neval(x)\n")' >"$work/unary.py"
scan_bounded "200000 nested unary minus signs" 60 --format json "$work/unary.py"
check_contains "the eval after the nested minus signs is found" '"test_id": "B307"' \
	"$(cat "$work/out")"

# 8,000 findings on one 72 KB line: each finding's excerpt copied the
# whole line, so the report grew with the square of the line (581 MB).
/usr/bin/python3 -c 'import sys
sys.stdout.write("eval(x); " * 8000 + "\n")' >"$work/long.py"
scan_bounded "8000 findings on one line" 60 --format json "$work/long.py"
check "8000 findings on one line give 8000 results" 8000 \
	"$(grep -c '"test_id": "B307"' "$work/out")"
check "excerpt lines are cut at 400 bytes" yes \
	"$(/usr/bin/python3 -c 'import json, sys
report = json.load(open(sys.argv[1]))
print("yes" if all(len(line.encode()) <= 400 + 8 for r in report["results"]
                   for line in r["code"].splitlines()) else "no")' "$work/out")"

# A sparse 64 GiB file: its size was allocated before the 10 MiB limit
# was checked, and the scan aborted for lack of memory.
mkdir "$work/sparse"
printf 'eval(x)\n' >"$work/sparse/a.py"
truncate -s 64G "$work/sparse/z.py"
scan_bounded "a sparse 64 GiB file" 60 --format json "$work/sparse"
check "a sparse 64 GiB file still reports the other file" 1 "$status"
check_contains "the sparse file is skipped as too large" "larger than 10485760 bytes" \
	"$(cat "$work/out")"
rm -f "$work/sparse/z.py"

# SARIF columns count code points of the whole line, also past the
# 400 bytes that the excerpt keeps: 300 two-byte letters, then eval.
/usr/bin/python3 -c 'import sys
sys.stdout.buffer.write(("x = \"" + "\u00e9" * 300 + "\"; eval(a)\n").encode())' >"$work/wide.py"
"$REMEDIATE" scan --format sarif "$work/wide.py" >"$work/wide.sarif" 2>/dev/null
check "SARIF columns past the excerpt's cut count code points" "309 316" \
	"$(/usr/bin/python3 -c 'import json, sys
region = json.load(open(sys.argv[1]))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
print(region["startColumn"], region["endColumn"])' "$work/wide.sarif")"

# Help, version and rule lists on a full disk must not exit 0.
if [ -w /dev/full ]; then
	"$REMEDIATE" rules >/dev/full 2>/dev/null
	check "rules on a full disk exits 2" 2 $?
	"$REMEDIATE" --help >/dev/full 2>/dev/null
	check "--help on a full disk exits 2" 2 $?
fi

# A folder that can be listed but not searched: its files are reported
# as skipped, not left out without a word.  Root can read everything, so
# the scan runs as the unprivileged user 65534.
as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" != 0 ] || ! $as_nobody "$REMEDIATE" --version >/dev/null 2>&1; then
	echo "ok - a file in an unsearchable folder is reported as skipped # SKIP needs root and a binary that nobody may run"
else
	perm=$(mktemp -d)
	chmod 755 "$perm"
	mkdir "$perm/closed"
	printf 'eval(x)\n' >"$perm/closed/a.py"
	printf 'eval(y)\n' >"$perm/b.py"
	chmod 644 "$perm/closed"
	$as_nobody "$REMEDIATE" scan --format json "$perm" >"$work/perm.json" 2>/dev/null
	check_contains "a file in an unsearchable folder is reported as skipped" \
		"cannot read: Permission denied" "$(cat "$work/perm.json")"
	chmod 755 "$perm/closed"
	rm -rf "$perm"
fi

# A directory on standard input is an error, not an empty file.
"$REMEDIATE" scan - <"$work" >"$work/out" 2>&1
check "a directory on standard input exits 2" 2 $?
check_contains "a directory on standard input is named as unreadable" \
	"cannot read standard input" "$(cat "$work/out")"

# A report that cannot be written completely is an error, not a finding.
if [ -w /dev/full ]; then
	"$REMEDIATE" scan --format json -o /dev/full "$work/sample.py" >/dev/null 2>"$work/err"
	check "a report on a full disk exits 2" 2 $?
	check_contains "a report on a full disk names the file" "cannot write '/dev/full'" \
		"$(cat "$work/err")"
	"$REMEDIATE" scan --exit-zero "$work/sample.py" >/dev/full 2>"$work/err"
	check "standard output on a full disk exits 2, even with --exit-zero" 2 $?
fi

finish
