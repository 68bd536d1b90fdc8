#!/bin/sh
# `remediate scan` output formats, exit codes and bad input, end to end.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- JSON has every key of Bandit 1.9.4's report ----------------------------
"$REMEDIATE" scan --format json -o "$work/scan.json" before/ 2>"$work/stderr"
check "json scan of the sample exits 1 (findings)" 1 $?
keys=$(/usr/bin/python3 - "$work/scan.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
missing = []
for key in ("errors", "generated_at", "metrics", "results"):
    if key not in report:
        missing.append(key)
result_keys = ("code", "col_offset", "end_col_offset", "filename",
               "issue_confidence", "issue_cwe", "issue_severity",
               "issue_text", "line_number", "line_range", "more_info",
               "test_id", "test_name")
for result in report.get("results", []):
    missing += [k for k in result_keys if k not in result]
metric_keys = ("loc", "nosec", "skipped_tests", "SEVERITY.UNDEFINED",
               "SEVERITY.LOW", "SEVERITY.MEDIUM", "SEVERITY.HIGH",
               "CONFIDENCE.UNDEFINED", "CONFIDENCE.LOW",
               "CONFIDENCE.MEDIUM", "CONFIDENCE.HIGH")
for name, entry in report.get("metrics", {}).items():
    missing += [name + ":" + k for k in metric_keys if k not in entry]
if "_totals" not in report.get("metrics", {}):
    missing.append("metrics._totals")
print(" ".join(sorted(set(missing))) or "none")
PY
)
check "json report has every Bandit key" none "$keys"

# --- SARIF validates ----------------------------------------------------------
"$REMEDIATE" scan --format sarif -o "$work/scan.sarif" before/ 2>/dev/null
check "sarif scan of the sample exits 1 (findings)" 1 $?
if scripts/sarif-validate "$work/scan.sarif" >"$work/validate.log" 2>&1; then
	ok "sarif-multitool validates the sarif report"
else
	not_ok "sarif-multitool validates the sarif report"
	cat "$work/validate.log"
fi

# --- exit codes -----------------------------------------------------------------
printf 'def f(x):\n    return x + 1\n' >"$work/clean.py"
"$REMEDIATE" scan "$work/clean.py" >/dev/null 2>&1
check "clean file exits 0" 0 $?
"$REMEDIATE" scan --exit-zero before/ >/dev/null 2>&1
check "--exit-zero exits 0 with findings" 0 $?
"$REMEDIATE" scan --no-such-option before/ >/dev/null 2>"$work/option.err"
check "unknown option exits 2" 2 $?
check "unknown option is named after remediate:" \
	"remediate: unknown option '--no-such-option': run 'remediate scan --help' for the options" \
	"$(cat "$work/option.err")"
"$REMEDIATE" scan -o >/dev/null 2>"$work/option.err"
check "-o without a value names the option" \
	"remediate: option '-o' needs a value: run 'remediate scan --help' for the options" \
	"$(cat "$work/option.err")"
"$REMEDIATE" scan -lz before/ >/dev/null 2>"$work/option.err"
check_contains "an unknown letter in a cluster is named" "unknown option '-z'" \
	"$(cat "$work/option.err")"
"$REMEDIATE" scan -j 4294967298 before/ >/dev/null 2>&1
check "-j beyond the int range exits 2" 2 $?
"$REMEDIATE" scan -r -q --format json before/ >"$work/recursive.json" 2>/dev/null
check "Bandit's -r and -q are accepted" 1 $?
"$REMEDIATE" scan --format json before/ >"$work/plain.json" 2>/dev/null
check "-r -q change no finding" \
	"$(grep -c '"test_id"' "$work/plain.json")" "$(grep -c '"test_id"' "$work/recursive.json")"
"$REMEDIATE" scan -l --severity-level medium before/ >/dev/null 2>"$work/level.err"
check "-l with --severity-level exits 2" 2 $?
check_contains "-l with --severity-level is named" "exclude each other" "$(cat "$work/level.err")"
"$REMEDIATE" scan -f txt before/ >"$work/txt.out" 2>/dev/null
check_contains "Bandit's format name txt gives the text report" "Findings: " "$(cat "$work/txt.out")"
"$REMEDIATE" scan --level --confidence -n 0 --format json before/app.py >"$work/n0.json" 2>/dev/null
check "--level, --confidence and -n 0 are accepted" 1 $?
"$REMEDIATE" scan -n 1 --format json before/app.py >"$work/n1.json" 2>/dev/null
check "-n 0 gives the code of -n 1, as in Bandit" \
	"$(grep '"code"' "$work/n1.json")" "$(grep '"code"' "$work/n0.json")"
mkdir -p "$work/xproj/vendor" "$work/xproj/app"
printf 'eval(x)\n' >"$work/xproj/vendor/old.py"
printf 'eval(y)\n' >"$work/xproj/app/run.py"
touch "$work/xproj/.bandit"
"$REMEDIATE" scan --format json -x vendor/ "$work/xproj" >"$work/x.json" 2>"$work/x.err"
check "-x vendor/ leaves out the folder, as in Bandit" "0 1" \
	"$(grep -c '"filename": ".*vendor/old.py"' "$work/x.json") $(grep -c '"filename": ".*app/run.py"' "$work/x.json")"
check_contains "a .bandit file gets a note" "(Bandit's INI file) is not read" "$(cat "$work/x.err")"
# Settings nothing reads get a note: a misspelt key, a missing table.
printf '[tool.bandit]\nskip = ["B404"]\n' >"$work/misspelt.toml"
"$REMEDIATE" scan -c "$work/misspelt.toml" before/ >/dev/null 2>"$work/config.err"
check_contains "a misspelt config key gets a note with the likely key" \
	"key 'skip' is not a setting remediate reads (did you mean 'skips'?)" "$(cat "$work/config.err")"
printf '[tool.black]\nline-length = 99\n' >"$work/other.toml"
"$REMEDIATE" scan -c "$work/other.toml" before/ >/dev/null 2>"$work/config.err"
check_contains "a pyproject.toml without [tool.bandit] gets a note" \
	"has no [tool.bandit] table" "$(cat "$work/config.err")"

# A baseline made from another folder matches nothing, and the note
# shows a file name from each side.
"$REMEDIATE" scan --format json -o "$work/xbase.json" "$work/xproj" >/dev/null 2>&1
(cd "$work/xproj" && "$REMEDIATE" scan -b ../xbase.json . >/dev/null 2>"$work/xbase.err")
check_contains "a baseline that matches nothing gets a note" \
	"file names are compared as written" "$(cat "$work/xbase.err")"
(cd "$work" && "$REMEDIATE" scan -l high clean.py >/dev/null 2>"$work/level.err")
check_contains "-l high hints that high is a PATH" \
	"'high' is a PATH, not a level" "$(cat "$work/level.err")"
"$REMEDIATE" scan >/dev/null 2>&1
check "missing PATH exits 2" 2 $?
"$REMEDIATE" scan --format xml before/ >/dev/null 2>&1
check "unknown format exits 2" 2 $?
"$REMEDIATE" scan --skip B999 before/ >/dev/null 2>&1
check "unknown rule id in --skip exits 2" 2 $?
"$REMEDIATE" scan -lll before/app.py >"$work/high.txt" 2>&1
check "-lll keeps HIGH findings only" "1" "$(grep -c ': HIGH ' "$work/high.txt")"
"$REMEDIATE" scan --skip B602 --format json before/app.py 2>/dev/null |
	grep -q '"test_id": "B602"'
check "--skip B602 drops B602" 1 $?

# --- bad input is reported and does not stop the scan ------------------------
mkdir "$work/bad"
printf 'print "python 2"\n' >"$work/bad/py2.py"
printf 'def broken(:\n' >"$work/bad/syntax.py"
printf '\377\376\000\001binary' >"$work/bad/binary.py"
: >"$work/bad/Dockerfile"
printf 'services: [unclosed\n' >"$work/bad/docker-compose.yml"
printf '{"icc": true,' >"$work/bad/daemon.json"
printf 'import subprocess\neval(input())\n' >"$work/bad/good.py"
"$REMEDIATE" scan --format json -o "$work/bad.json" "$work/bad" "$work/missing" 2>"$work/bad.err"
check "bad input with findings exits 1" 1 $?
summary=$(/usr/bin/python3 - "$work/bad.json" "$work/bad" <<'PY'
import json, os, sys
report = json.load(open(sys.argv[1]))
root = sys.argv[2]
errors = sorted(os.path.basename(e["filename"]) for e in report["errors"])
found = sorted({r["test_id"] for r in report["results"]
                if r["filename"].endswith("good.py")})
print(",".join(errors) + " | " + ",".join(found))
PY
)
check "every bad file is an error and good.py is still scanned" \
	"Dockerfile,binary.py,daemon.json,docker-compose.yml,missing,py2.py,syntax.py | B307,B404" \
	"$summary"
check_contains "stderr names the missing path" "$work/missing" "$(cat "$work/bad.err")"

"$REMEDIATE" scan "$work/missing" >/dev/null 2>&1
check "only a missing path exits 2" 2 $?

# --- stdin --------------------------------------------------------------------
out=$(printf 'import os\nos.system("ls " + x)\n' | "$REMEDIATE" scan - 2>&1)
check_contains "stdin is scanned as Python" "B605" "$out"

# --- the same output whatever the number of threads ---------------------------
"$REMEDIATE" scan -j1 --format json before/ 2>/dev/null | grep -v generated_at >"$work/j1.json"
"$REMEDIATE" scan -j4 --format json before/ 2>/dev/null | grep -v generated_at >"$work/j4.json"
if cmp -s "$work/j1.json" "$work/j4.json"; then
	ok "-j1 and -j4 give the same report"
else
	not_ok "-j1 and -j4 give the same report"
fi

finish
