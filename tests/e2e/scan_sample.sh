#!/bin/sh
# `remediate scan before/` reports the sample's defects at the expected
# places: tests/e2e/expected/scan-before.txt lists "path:line rule" for
# every finding, reviewed by hand against before/.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"

# A fixed date after CPython 3.9's end of life (2025-10-31), so the
# end-of-life rule gives the same answer whenever the test runs.
export SOURCE_DATE_EPOCH=1764892800

actual=$("$REMEDIATE" scan --format json before/ 2>&1 | /usr/bin/python3 -c '
import json, sys
report = json.load(sys.stdin)
for r in report["results"]:
    print("%s:%d %s" % (r["filename"], r["line_number"], r["test_id"]))
' | sort)
expected=$(sort tests/e2e/expected/scan-before.txt)
check "findings of before/ match the expected list" "$expected" "$actual"

# The headline findings the README promises, one check each.
for item in "before/app.py:29 B602" "before/app.py:36 B307" \
	"before/app.py:15 B105" "before/app.py:40 B104"; do
	check_contains "reports $item" "$item" "$actual"
done

text=$("$REMEDIATE" scan before/ 2>&1)
check_contains "text names the missing USER" "sets no USER" "$text"
check_contains "text names the missing HEALTHCHECK" "no HEALTHCHECK" "$text"
check_contains "text names the end-of-life base image" "end of life" "$text"
check_contains "text names the unbound port" "published on every host interface" "$text"
check_contains "text names the literal POSTGRES_PASSWORD" "POSTGRES_PASSWORD" "$text"

finish
