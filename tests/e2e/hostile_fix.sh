#!/bin/sh
# `remediate BEFORE AFTER` and `remediate report` on hostile trees: file
# names that are not plain UTF-8 text, and SOURCE_DATE_EPOCH values that a
# git commit cannot store.  The tool must finish the run and be able to
# read its own output back.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
finding='import os\ndef f(x):\n    os.system("ls " + x)\n'

# --- a newline in a file name -----------------------------------------------------
# The path goes into the commit subject of its fix.  The run must still end
# with exit 1 (manual work remains), not stop on an invalid subject.
cp -r before "$work/newline"
printf "$finding" >"$work/newline/a
b.py"
timeout 120 "$REMEDIATE" "$work/newline" "$work/newline.out" >/dev/null 2>"$work/newline.err"
check "newline in a file name: fix exits 1" 1 $?
check_absent "newline in a file name: no invalid-subject error" "invalid commit subject" \
	"$(cat "$work/newline.err")"
if git -C "$work/newline.out" fsck --strict >/dev/null 2>&1; then
	ok "newline in a file name: AFTER passes git fsck --strict"
else
	not_ok "newline in a file name: AFTER passes git fsck --strict"
fi

# --- a file name that is not valid UTF-8 --------------------------------------------
# The JSON writer escapes byte 0xff as the lone surrogate \udcff, which the
# JSON reader then rejects: report and -b must read what fix and scan wrote.
cp -r before "$work/latin1"
mkdir "$work/latin1/bad$(printf '\377')name"
printf "$finding" >"$work/latin1/bad$(printf '\377')name/x.py"
timeout 120 "$REMEDIATE" "$work/latin1" "$work/latin1.out" >/dev/null 2>&1
check "non-UTF-8 file name: fix exits 1" 1 $?
timeout 60 "$REMEDIATE" report "$work/latin1.out" >"$work/latin1.md" 2>"$work/latin1.err"
check "non-UTF-8 file name: report of the output exits 0" 0 $?
check_absent "non-UTF-8 file name: report finds its records valid" "malformed record" \
	"$(cat "$work/latin1.err")"

timeout 60 "$REMEDIATE" scan --format json -o "$work/base.json" "$work/latin1" 2>/dev/null
timeout 60 "$REMEDIATE" scan -b "$work/base.json" "$work/latin1" >/dev/null 2>"$work/base.err"
check "non-UTF-8 file name: scan -b of its own JSON exits 0" 0 $?

# --- SOURCE_DATE_EPOCH past 2106 ------------------------------------------------------
# With libgit2 1.5.1, a run at 4294967296 (2^32) wrote commits dated
# 1970-01-01.  The value must be rejected (exit 2) or stored as given.
SOURCE_DATE_EPOCH=4294967296 timeout 120 "$REMEDIATE" before "$work/epoch.out" \
	>/dev/null 2>"$work/epoch.err"
status=$?
if [ "$status" -eq 2 ]; then
	ok "SOURCE_DATE_EPOCH=4294967296 is rejected or stored as given"
	check_contains "SOURCE_DATE_EPOCH=4294967296: the error names the variable" \
		"SOURCE_DATE_EPOCH" "$(cat "$work/epoch.err")"
else
	check "SOURCE_DATE_EPOCH=4294967296 is rejected or stored as given" 4294967296 \
		"$(git -C "$work/epoch.out" log -1 --format=%ct 2>/dev/null)"
fi

finish
