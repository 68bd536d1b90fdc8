#!/bin/sh
# `remediate report` end to end: the report of the hardened sample matches
# the reviewed golden file, is the same on every run, renders as
# CommonMark with GitHub's tables (cmark-gfm), and each Mermaid block
# renders with Mermaid in headless Chromium.  Missing or foreign input
# exits 2.  `remediate scan --format markdown` renders as a table too.
#
# REMEDIATE_UPDATE_GOLDEN=1 rewrites tests/fixtures/report/summary_report.md
# from the current output instead of comparing: review the diff.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"
root=$PWD
golden=tests/fixtures/report/summary_report.md
tools=$root/build/tools
mermaid_js=$tools/node_modules/mermaid/dist/mermaid.min.js
MERMAID_VERSION=11.17.2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- the sample, hardened with a fixed identity and time ---------------------
SOURCE_DATE_EPOCH=1764892800 "$REMEDIATE" --author "remediate <remediate@localhost>" \
	before/ "$work/after" >/dev/null 2>"$work/fix.err"
status=$?
[ "$status" -le 1 ] && ok "the sample is hardened" ||
	{ not_ok "the sample is hardened (exit $status)"; cat "$work/fix.err"; finish; }

"$REMEDIATE" report "$work/after" -o "$work/out/summary_report.md" 2>"$work/report.err"
check "report -o exits 0" 0 $?
check "report -o prints nothing on stderr" "" "$(cat "$work/report.err")"
report=$work/out/summary_report.md

"$REMEDIATE" report "$work/after" >"$work/again.md" 2>/dev/null
if cmp -s "$report" "$work/again.md"; then
	ok "the same tree gives the same bytes, on stdout as with -o"
else
	not_ok "the same tree gives the same bytes, on stdout as with -o"
fi

if [ "${REMEDIATE_UPDATE_GOLDEN:-}" = 1 ]; then
	cp "$report" "$golden"
	ok "golden file rewritten: review 'git diff $golden'"
elif diff -u "$golden" "$report" >"$work/golden.diff"; then
	ok "the report matches $golden"
else
	not_ok "the report matches $golden (REMEDIATE_UPDATE_GOLDEN=1 rewrites it)"
	head -60 "$work/golden.diff"
fi

for heading in "## 1. Summary" "## 2. Steps taken" "## 3. Vulnerabilities found and fixed" \
	"## 4. Findings not fixed automatically" "## 5. Architecture before and after" \
	"## 6. Verification" "## 7. Threat mapping"; do
	check "report has '$heading'" 1 "$(grep -c -x -F "$heading" "$report")"
done
commits=$(git -C "$work/after" rev-list --count HEAD 2>/dev/null)
check "steps table has one row per commit" "$commits" \
	"$(sed -n '/^## 2\./,/^## 3\./p' "$report" | grep -c '^| [0-9]* | `')"
missing=
for id in $(git -C "$work/after" rev-list HEAD); do
	short=$(git -C "$work/after" rev-parse --short=7 "$id")
	grep -q "\`$short\`" "$report" || missing="$missing $short"
done
check "every commit of after/ appears in the report" "" "$missing"

# Each trailer group (Rule, Severity, Location) of every commit is one row
# of the tables of section 3, with the same values and the commit's id.
section3=$(sed -n '/^## 3\./,/^## 4\./p' "$report")
unmatched=
for id in $(git -C "$work/after" rev-list HEAD); do
	short=$(git -C "$work/after" rev-parse --short=7 "$id")
	git -C "$work/after" log -1 --format=%B "$id" | git interpret-trailers --parse |
		awk -F': ' '$1 == "Rule" {r = $2} $1 == "Severity" {s = $2}
			$1 == "Location" {print r, s, $2}' >"$work/groups"
	while read -r rule severity location; do
		echo "$section3" | grep -F "($rule, $severity)" | grep -F "\`$location\`" |
			grep -q -F "\`$short\`" || unmatched="$unmatched $short:$rule"
	done <"$work/groups"
done
check "the tables of section 3 match the trailers" "" "$unmatched"

fixes=$(git -C "$work/after" log --format='%(trailers:key=Rule,valueonly)' | grep -c .)
check "threat table has one row per Rule trailer" "$fixes" \
	"$(sed -n '/^## 7\./,$p' "$report" | grep -c '^| [A-Z][A-Z0-9]* at ')"

# --- CommonMark with GitHub tables --------------------------------------------
if command -v cmark-gfm >/dev/null; then
	cmark-gfm --extension table "$report" >"$work/report.html"
	check "cmark-gfm renders the report" 0 $?
	tables_md=$(grep -c '^| --- \|^| ---: ' "$report")
	check "every table renders as an HTML table" "$tables_md" "$(grep -c '<table>' "$work/report.html")"
	check "every Mermaid block stays a code block" "$(grep -c '^```mermaid$' "$report")" \
		"$(grep -c '<pre><code class="language-mermaid">' "$work/report.html")"
	check "headings render" 7 "$(grep -c '<h2>' "$work/report.html")"
	check_absent "no raw HTML reaches the page" "<b>" "$(sed 's/<code[^>]*>[^<]*//g' "$work/report.html" | grep -v '^<pre>')"
else
	not_ok "cmark-gfm is installed (Debian: apt-get install cmark-gfm)"
fi

# --- Mermaid renders in headless Chromium --------------------------------------
render_mermaid() {
	# render_mermaid FILE.md: prints one line per block, "rendered N" or
	# "failed N: reason", then "done".
	python3 - "$1" "$mermaid_js" >"$work/page.html" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"^```mermaid\n(.*?)^```$", text, re.S | re.M)
print("""<!DOCTYPE html><html><head><meta charset="utf-8">
<script src="file://%s"></script></head><body><pre id="result">pending</pre>
<div id="out"></div><script>
const blocks = %s;
mermaid.initialize({startOnLoad: false, securityLevel: "strict"});
(async () => {
  const lines = [];
  for (let i = 0; i < blocks.length; i++) {
    try {
      await mermaid.parse(blocks[i]);
      const r = await mermaid.render("d" + i, blocks[i]);
      lines.push(r.svg.includes("<svg") ? "rendered " + i : "failed " + i + ": no svg");
    } catch (e) {
      lines.push("failed " + i + ": " + String((e && e.message) || e).split("\\n")[0]);
    }
  }
  document.getElementById("result").textContent = lines.join("\\n") + "\\ndone";
})();
</script></body></html>""" % (sys.argv[2], json.dumps(blocks)))
PY
	rm -rf "$work/profile"
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$work/profile" \
		--allow-file-access-from-files --virtual-time-budget=20000 \
		--dump-dom "file://$work/page.html" 2>/dev/null |
		python3 -c 'import html, re, sys
m = re.search(r"<pre id=\"result\">(.*?)</pre>", sys.stdin.read(), re.S)
print(html.unescape(m.group(1)) if m else "no result")'
}

if ! command -v chromium >/dev/null; then
	not_ok "chromium is installed (Debian: apt-get install chromium)"
else
	if [ ! -f "$mermaid_js" ]; then
		mkdir -p "$tools"
		npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
			"mermaid@$MERMAID_VERSION" >"$work/npm.log" 2>&1 || cat "$work/npm.log"
	fi
	if [ ! -f "$mermaid_js" ]; then
		not_ok "mermaid is installed into build/tools"
	else
		blocks=$(grep -c '^```mermaid$' "$report")
		check "the report has a diagram before and after" 2 "$blocks"
		result=$(render_mermaid "$report")
		check "Mermaid renders every diagram" "$(i=0; while [ $i -lt "$blocks" ]; do echo "rendered $i"; i=$((i + 1)); done; echo done)" "$result"
		# The harness must be able to fail: a broken diagram is reported.
		printf '```mermaid\nflowchart LR\n    a[["unclosed\n```\n' >"$work/broken.md"
		check_contains "a broken diagram is reported as failed" "failed 0" "$(render_mermaid "$work/broken.md")"
	fi
fi

# --- bad input ------------------------------------------------------------------
"$REMEDIATE" report "$work/missing" >/dev/null 2>"$work/err"
check "a missing folder exits 2" 2 $?
check_contains "the error names the folder" "$work/missing" "$(cat "$work/err")"
"$REMEDIATE" report "$work/missing" -o "$work/never/summary_report.md" >/dev/null 2>&1
check "a missing folder creates no output folder" no \
	"$([ -e "$work/never" ] && echo yes || echo no)"
mkdir "$work/plain"
"$REMEDIATE" report "$work/plain" >/dev/null 2>"$work/err"
check "a folder without a repository exits 2" 2 $?
check_contains "the error says it is not a repository" "no git repository" "$(cat "$work/err")"
cp -R "$work/after" "$work/foreign"
git -C "$work/foreign" -c user.name=someone -c user.email=someone@localhost \
	commit -q --allow-empty -m "A commit of someone else" 2>/dev/null
"$REMEDIATE" report "$work/foreign" >/dev/null 2>"$work/err"
check "a repository with a foreign commit exits 2" 2 $?
check_contains "the error names the foreign commit" "A commit of someone else" "$(cat "$work/err")"
"$REMEDIATE" report >/dev/null 2>&1
check "no AFTER exits 2" 2 $?
"$REMEDIATE" report --bogus "$work/after" >/dev/null 2>&1
check "an unknown option exits 2" 2 $?
"$REMEDIATE" report "$work/after" -o "$work/missing-dir/x/r.md" >/dev/null 2>&1
check "-o creates the folders of FILE" 0 $?

# --- scan --format markdown ------------------------------------------------------
"$REMEDIATE" scan --format markdown before/ >"$work/scan.md" 2>/dev/null
check "markdown scan of the sample exits 1 (findings)" 1 $?
findings=$("$REMEDIATE" scan --format json before/ 2>/dev/null |
	python3 -c 'import json, sys; print(len(json.load(sys.stdin)["results"]))')
if command -v cmark-gfm >/dev/null; then
	rows=$(cmark-gfm --extension table "$work/scan.md" | grep -c '^<tr>')
	check "markdown scan renders one table row per finding plus the header" \
		$((findings + 1)) "$rows"
fi
check_contains "markdown scan links the CWE" \
	"[CWE-78](https://cwe.mitre.org/data/definitions/78.html)" "$(cat "$work/scan.md")"

finish
