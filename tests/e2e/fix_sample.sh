#!/bin/sh
# `remediate before/ after/` end to end: the audit trail, regeneration,
# refusals, the dry run, crash safety, and the hardened Python service
# answering like the original while the injections no longer execute.
# Servers run only inside a private network namespace on loopback.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"
REMEDIATE=$(cd "$(dirname "$REMEDIATE")" && pwd)/$(basename "$REMEDIATE")

# A date after CPython 3.9's end of life, so the same findings come up
# whenever the test runs, and fixed commit ids.
export SOURCE_DATE_EPOCH=1764892800
# Commits made by the test's own git calls must not use the machine's
# identity or configuration.
export GIT_CONFIG_NOSYSTEM=1 HOME=$(mktemp -d)

work=$(mktemp -d)
trap 'rm -rf "$work" "$HOME"' EXIT

tree_hash() {
	(cd "$1" && find . -print0 | LC_ALL=C sort -z |
		xargs -0 stat -c '%n %a %s' && find . -type f -print0 |
		LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum
}

# --- the main run -------------------------------------------------------------
before_hash=$(tree_hash before)
"$REMEDIATE" --keep-python before/ "$work/after" 2>"$work/run.log"
status=$?
case $status in
0|1) ok "remediate before/ after/ completes (exit $status)" ;;
*) not_ok "remediate before/ after/ completes (exit $status)"; cat "$work/run.log" ;;
esac
check "before/ is unchanged" "$before_hash" "$(tree_hash before)"

git -C "$work/after" fsck --strict >"$work/fsck.log" 2>&1
check "git fsck --strict is clean" 0 $?

subjects=$(git -C "$work/after" log --reverse --format=%s)
check "the first commit is the baseline" \
	"Import the service as found, before hardening" \
	"$(echo "$subjects" | head -n 1)"
check "the last commit records the scans" \
	"Record the scans before and after hardening" \
	"$(echo "$subjects" | tail -n 1)"

# Every commit carries the marker, and every fix commit the six trailers,
# as git itself parses them.
missing=
fixes=0
for id in $(git -C "$work/after" rev-list HEAD); do
	trailers=$(git -C "$work/after" log -1 --format=%B "$id" |
		git interpret-trailers --parse)
	case "$trailers" in
	*"Generated-by: remediate"*) ;;
	*) missing="$missing $id:marker" ;;
	esac
	case "$trailers" in
	*"Rule: "*) fixes=$((fixes + 1))
		for key in Rule CWE Severity Confidence Location Verified; do
			echo "$trailers" | grep -q "^$key: ." || missing="$missing $id:$key"
		done ;;
	esac
done
check "every fix commit has Rule, CWE, Severity, Confidence, Location, Verified" "" "$missing"

fixed_rules=$(git -C "$work/after" log --format='%(trailers:key=Rule,valueonly)' |
	sort -u | tr '\n' ' ')
for rule in B602 B307 B105 B104 RD101 RD102 RD106 RD107 RC201 RC202 RC206 RC214; do
	check_contains "$rule is fixed in its own commit" "$rule" "$fixed_rules"
done
check "one commit per fix" "$fixes" \
	"$(git -C "$work/after" log --format='%(trailers:key=Rule,valueonly)' | grep -c .)"

# Everything the rescan still reports at HIGH or MEDIUM is listed as
# manual work with a reason.
"$REMEDIATE" scan --format json -o "$work/after-scan.json" "$work/after" 2>/dev/null
unlisted=$(/usr/bin/python3 - "$work/after-scan.json" "$work/after/.remediate/manual.json" "$work/after" <<'PY'
import json, os, sys
scan = json.load(open(sys.argv[1]))
manual = json.load(open(sys.argv[2]))["manual"]
root = sys.argv[3]
listed = {(m["rule"], m["path"]) for m in manual if m["reason"]}
left = []
for r in scan["results"]:
    if r["issue_severity"] in ("HIGH", "MEDIUM"):
        path = os.path.relpath(r["filename"], root)
        if (r["test_id"], path) not in listed:
            left.append("%s:%s" % (path, r["test_id"]))
print(" ".join(left))
PY
)
check "no HIGH or MEDIUM finding is left unlisted" "" "$unlisted"

# --- the recorded end-to-end check ------------------------------------------
scripts/verify-after "$work/after" >"$work/verify.log" 2>&1
check "scripts/verify-after passes on the hardened Python service" 0 $?
passed=$(/usr/bin/python3 -c '
import json, sys
checks = json.load(open(sys.argv[1]))["checks"]
print("%d/%d" % (sum(1 for c in checks if c.get("passed") is True), len(checks)))
' "$work/after/.remediate/verification.json" 2>&1)
check "every recorded check passed" "8/8" "$passed"
check "the recorded checks are not an uncommitted change" "" \
	"$(git -C "$work/after" status --porcelain)"

# --- re-runs ------------------------------------------------------------------
head1=$(git -C "$work/after" rev-parse HEAD)
"$REMEDIATE" --keep-python before/ "$work/after" 2>"$work/rerun.log"
check "a re-run regenerates the same history" "$head1" \
	"$(git -C "$work/after" rev-parse HEAD)"

echo "# local change" >>"$work/after/app.py"
"$REMEDIATE" --keep-python before/ "$work/after" 2>"$work/dirty.log"
check "uncommitted changes in after/ are refused with exit 2" 2 $?
check_contains "the refusal names the uncommitted changes" "uncommitted" "$(cat "$work/dirty.log")"
check "the refused after/ keeps its change" "# local change" "$(tail -n 1 "$work/after/app.py")"
"$REMEDIATE" --keep-python --force before/ "$work/after" 2>/dev/null
check "--force replaces it" "$head1" "$(git -C "$work/after" rev-parse HEAD)"

git -C "$work/after" -c user.name=someone -c user.email=someone@example.invalid \
	commit -q --allow-empty -m "Work of someone else"
"$REMEDIATE" --keep-python before/ "$work/after" 2>"$work/foreign.log"
check "commits the tool did not make are refused with exit 2" 2 $?
check_contains "the refusal explains why" "did not make" "$(cat "$work/foreign.log")"

mkdir "$work/other" && echo data >"$work/other/file.txt"
"$REMEDIATE" before/ "$work/other" 2>/dev/null
check "a non-empty foreign folder is refused with exit 2" 2 $?
check "the foreign folder is untouched" "data" "$(cat "$work/other/file.txt")"

"$REMEDIATE" before/ before/inside 2>/dev/null
check "an output inside before/ is refused with exit 2" 2 $?
check "before/ is still unchanged" "$before_hash" "$(tree_hash before)"

"$REMEDIATE" --dry-run before/ "$work/dry" >"$work/dry.log" 2>&1
check "--dry-run exits 0 or 1" yes "$([ $? -le 1 ] && echo yes || echo no)"
check "--dry-run writes nothing" no "$([ -e "$work/dry" ] && echo yes || echo no)"
check_contains "--dry-run prints the planned fixes" "(dry run)" "$(cat "$work/dry.log")"

"$REMEDIATE" fix "$work/missing" "$work/x" 2>/dev/null
check "a missing input is refused with exit 2" 2 $?

# A file that cannot be analyzed may hide findings: it is named, and the
# run does not end as if everything was fixed.
cp -R before "$work/broken"
printf 'services:\n  web: [\n' >"$work/broken/docker-compose.yml"
"$REMEDIATE" --keep-python "$work/broken" "$work/broken-after" 2>"$work/broken.log"
check "an unscannable input file makes the exit status 1" 1 $?
check_contains "the unscannable file is named" "could not scan 'docker-compose.yml'" \
	"$(cat "$work/broken.log")"
check_absent "the message does not show the temporary folder" "remediate-tmp" \
	"$(cat "$work/broken.log")"

# --- crash safety: kill the run at random moments ------------------------------
crash_ok=yes
for delay in 0.05 0.2 0.4 0.8; do
	rm -rf "$work/crash"
	"$REMEDIATE" --keep-python before/ "$work/crash" 2>/dev/null &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -d "$work/crash/.git" ] &&
	   ! git -C "$work/crash" fsck --strict >/dev/null 2>&1; then
		crash_ok="no: fsck failed after a kill at $delay s"
		break
	fi
	"$REMEDIATE" --keep-python before/ "$work/crash" 2>/dev/null
	if [ $? -gt 1 ] || [ "$(git -C "$work/crash" rev-parse HEAD)" != "$head1" ]; then
		crash_ok="no: the re-run after a kill at $delay s did not complete"
		break
	fi
done
check "killed runs leave a valid repository and a re-run completes" yes "$crash_ok"

# --- the hardened service ---------------------------------------------------------
# The script prints its own TAP lines; only a crash without them needs
# a line here.
INSIDE_NETNS=1 in_netns timeout 120 tests/e2e/helpers/hardened-python "$work/after" >"$work/service.log" 2>&1
status=$?
cat "$work/service.log"
if [ "$status" -ne 0 ] && ! grep -q '^not ok' "$work/service.log"; then
	not_ok "the hardened Python service checks ran (exit $status)"
fi

finish
