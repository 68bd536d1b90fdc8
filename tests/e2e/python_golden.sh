#!/bin/sh
# Python analyzer end to end: the JSON report of tests/fixtures/python/mixed
# byte for byte against the golden file (whose findings were checked
# against Bandit 1.9.4, see docs/bandit-differences.md), then the Bandit
# configuration options of `remediate scan`: -c YAML, -c pyproject.toml,
# -t/-s with B001 and -b baseline.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- golden report ------------------------------------------------------------
SOURCE_DATE_EPOCH=1764892800 "$REMEDIATE" scan --format json \
	tests/fixtures/python/mixed >"$work/mixed.json" 2>"$work/stderr"
check "mixed tree exits 1 (findings)" 1 $?
if cmp -s tests/fixtures/python/mixed.json "$work/mixed.json"; then
	ok "mixed tree JSON equals tests/fixtures/python/mixed.json"
else
	not_ok "mixed tree JSON equals tests/fixtures/python/mixed.json"
	diff tests/fixtures/python/mixed.json "$work/mixed.json" | head -20
fi
check_contains "syntax error file is reported on stderr" \
	"skipped 'tests/fixtures/python/mixed/pkg/broken.py'" "$(cat "$work/stderr")"

# ids (file:line:id) of one scan, for the option checks below
ids() {
	/usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)["results"]
print(" ".join("%s:%d:%s" % (x["filename"].rsplit("/", 1)[-1], x["line_number"], x["test_id"]) for x in r))'
}

cat >"$work/t.py" <<'PY'
import subprocess
assert x
try:
    f()
except ValueError:
    pass
open("/scratch/x")
subprocess.call(["ls"])
PY

# --- -c YAML ----------------------------------------------------------------------
cat >"$work/bandit.yaml" <<'YAML'
skips: [B404]
assert_used:
  skips: ["*/t.py"]
try_except_pass:
  check_typed_exception: true
hardcoded_tmp_directory:
  tmp_dirs: ["/scratch"]
shell_injection:
  subprocess: []
  no_shell: [subprocess.call]
YAML
got=$("$REMEDIATE" scan --format json -c "$work/bandit.yaml" "$work/t.py" 2>/dev/null | ids)
check "-c yaml applies skips and plugin options" \
	"t.py:5:B110 t.py:7:B108 t.py:8:B606 t.py:8:B607" "$got"

# --- -c pyproject.toml ------------------------------------------------------------
cat >"$work/pyproject.toml" <<'TOML'
[project]
name = "demo"

[tool.bandit]
tests = ["B101", "B404"]

[tool.bandit.assert_used]
skips = ["*/other.py"]
TOML
got=$("$REMEDIATE" scan --format json -c "$work/pyproject.toml" "$work/t.py" 2>/dev/null | ids)
check "-c pyproject.toml reads [tool.bandit]" "t.py:1:B404 t.py:2:B101" "$got"

"$REMEDIATE" scan -c "$work/missing.yaml" "$work/t.py" >/dev/null 2>"$work/err"
check "missing config file exits 2" 2 $?
printf 'tests: [B101\n' >"$work/bad.yaml"
"$REMEDIATE" scan -c "$work/bad.yaml" "$work/t.py" >/dev/null 2>"$work/err"
check "malformed YAML exits 2" 2 $?
check_contains "malformed YAML names the file" "bad.yaml" "$(cat "$work/err")"

# --- -t/-s and B001 ---------------------------------------------------------------
got=$("$REMEDIATE" scan --format json -t B001 "$work/t.py" 2>/dev/null | ids)
check "-t B001 runs only the blacklists" "t.py:1:B404" "$got"
got=$("$REMEDIATE" scan --format json -s B001,B101 "$work/t.py" 2>/dev/null | ids)
check "-s B001 skips every blacklist" "t.py:8:B603 t.py:8:B607" "$got"
"$REMEDIATE" scan -s assert_used "$work/t.py" >/dev/null 2>&1
check "-s with a test name is refused (ids only, as in Bandit)" 2 $?

# --- -b baseline ------------------------------------------------------------------
"$REMEDIATE" scan --format json -o "$work/base.json" "$work/t.py" 2>/dev/null
printf 'import pickle\n' >>"$work/t.py"
got=$("$REMEDIATE" scan --format json -b "$work/base.json" "$work/t.py" 2>/dev/null | ids)
check "-b reports only findings not in the baseline" "t.py:9:B403" "$got"
"$REMEDIATE" scan -b "$work/t.py" "$work/t.py" >/dev/null 2>&1
check "a baseline that is not a JSON report exits 2" 2 $?

# --- help lists every option --------------------------------------------------------
help=$("$REMEDIATE" scan --help)
for opt in --configfile --baseline --tests --skip --exclude --ignore-nosec --exit-zero; do
	check_contains "scan --help explains $opt" "$opt" "$help"
done

finish
