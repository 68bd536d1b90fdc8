#!/bin/sh
# docs/rules.md is generated from the rule catalog, so it must match what
# `remediate rules --format markdown` prints now (`make docs` rewrites it).
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"

generated=$("$REMEDIATE" rules --format markdown)
check "docs/rules.md matches the rule catalog (run make docs)" "$generated" "$(cat docs/rules.md)"

# Every rule the JSON writer links as docs/rules.md#<id> has that anchor.
missing=
for id in $("$REMEDIATE" rules | awk 'NR > 1 {print $1}'); do
	lower=$(echo "$id" | tr 'A-Z' 'a-z')
	grep -q "<a id=\"$lower\"></a>" docs/rules.md || missing="$missing $id"
done
check "every rule has its anchor in docs/rules.md" "" "$missing"
check "rules starts with a header line" "ID ANALYZER SEVERITY CONFIDENCE CWE FIX NAME" \
	"$("$REMEDIATE" rules | head -n 1 | tr -s ' ')"

if command -v cmark-gfm >/dev/null 2>&1; then
	tables=$(cmark-gfm --extension table docs/rules.md | grep -c '<table>')
	check "docs/rules.md renders its rule table" 1 "$tables"
fi
finish
