#!/bin/sh
# Compares the Python findings of `remediate scan` with Bandit's on one tree.
#
#   BANDIT=/path/to/bandit bench/parity.sh TREE [REMEDIATE_BIN]
#   BANDIT_JSON=bandit.json bench/parity.sh TREE [REMEDIATE_BIN]
#
# Runs `$BANDIT -r TREE -f json` (or reads the cached report named by
# BANDIT_JSON instead) and `remediate scan --format json TREE`, and matches
# the findings on (file relative to TREE, line, test id).  It prints, as
# Markdown: the command lines, per test id the findings both tools report, those only
# Bandit reports and those only remediate reports, the totals, the share of
# Bandit's findings that remediate also reports (over all files and over
# the files both tools scanned), the files only one of the two scanned,
# and a few file:line examples of every mismatch.
#
# Only Bandit's test ids (B...) are compared; remediate's own rules (ids
# starting with R) are counted and left out.  A tool that reports the same
# (file, line, id) twice counts twice, so duplicates must match as well.
#
# Environment:
#   BANDIT            Bandit executable (not needed when BANDIT_JSON is set)
#   BANDIT_JSON       an existing `bandit -r TREE -f json` report to reuse
#   PARITY_EXAMPLES   file:line examples shown per test id and side (default 3)
#
# Exit status: 0 when the comparison ran, 2 on a usage or tool error.

set -eu

usage() {
	echo "usage: BANDIT=/path/to/bandit $0 TREE [REMEDIATE_BIN]" >&2
	echo "       BANDIT_JSON=bandit.json $0 TREE [REMEDIATE_BIN]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
tree=$1
here=$(cd "$(dirname "$0")" && pwd)
remediate=${2:-$here/../build/release/remediate}
examples=${PARITY_EXAMPLES:-3}

if [ ! -d "$tree" ]; then
	echo "parity.sh: '$tree' is not a directory: give the tree to scan" >&2
	exit 2
fi
if [ ! -x "$remediate" ]; then
	echo "parity.sh: '$remediate' is not executable: run 'make' or pass the remediate binary" >&2
	exit 2
fi
command -v python3 >/dev/null 2>&1 || {
	echo "parity.sh: python3 not found: it reads the JSON reports (apt-get install python3)" >&2
	exit 2
}

work=$(mktemp -d "${TMPDIR:-/tmp}/parity.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# Both tools exit 1 when they report findings, so only a status above 1
# or a missing report is an error.
if [ -n "${BANDIT_JSON:-}" ]; then
	if [ ! -r "$BANDIT_JSON" ]; then
		echo "parity.sh: cannot read '$BANDIT_JSON': BANDIT_JSON must name an existing Bandit JSON report" >&2
		exit 2
	fi
	bandit_json=$BANDIT_JSON
	bandit_cmd="(cached report) $BANDIT_JSON"
else
	if [ -z "${BANDIT:-}" ]; then
		echo "parity.sh: BANDIT is not set: set BANDIT=/path/to/bandit or BANDIT_JSON=report.json" >&2
		exit 2
	fi
	bandit_json=$work/bandit.json
	bandit_cmd="$BANDIT -r $tree -f json -o $bandit_json"
	status=0
	"$BANDIT" -q -r "$tree" -f json -o "$bandit_json" 2>"$work/bandit.err" || status=$?
	if [ "$status" -gt 1 ] || [ ! -s "$bandit_json" ]; then
		echo "parity.sh: '$BANDIT' failed with status $status:" >&2
		cat "$work/bandit.err" >&2
		exit 2
	fi
fi

remediate_json=$work/remediate.json
remediate_cmd="$remediate scan --format json -o $remediate_json $tree"
status=0
"$remediate" scan --format json -o "$remediate_json" "$tree" 2>"$work/remediate.err" || status=$?
if [ "$status" -gt 1 ] || [ ! -s "$remediate_json" ]; then
	echo "parity.sh: '$remediate' failed with status $status:" >&2
	cat "$work/remediate.err" >&2
	exit 2
fi

python3 - "$tree" "$bandit_json" "$remediate_json" "$bandit_cmd" "$remediate_cmd" "$examples" <<'EOF'
import collections
import json
import os
import sys

tree, bandit_path, remediate_path, bandit_cmd, remediate_cmd, examples = sys.argv[1:]
examples = int(examples)
root = os.path.normpath(tree)


def relative(name):
    """Return `name` relative to the scanned tree, whatever form the tool used."""
    name = os.path.normpath(name)
    if name == root or name.startswith(root.rstrip("/") + "/"):
        return os.path.relpath(name, root)
    if os.path.isabs(name):
        return os.path.relpath(name, os.path.abspath(root))
    return name


def load(path, tool):
    try:
        with open(path, encoding="utf-8") as handle:
            report = json.load(handle)
    except (OSError, ValueError) as error:
        print(f"parity.sh: cannot read the {tool} report '{path}': {error}", file=sys.stderr)
        sys.exit(2)
    found = collections.Counter()
    other = 0
    for result in report.get("results", []):
        test_id = result["test_id"]
        if not test_id.startswith("B"):
            other += 1
            continue
        found[(relative(result["filename"]), result["line_number"], test_id)] += 1
    # A report without metrics does not say which files were scanned.
    if "metrics" in report:
        files = {relative(name) for name in report["metrics"] if name != "_totals"}
    else:
        files = None
    errors = {relative(error["filename"]): error.get("reason", "")
              for error in report.get("errors", [])}
    return found, other, files, errors


bandit, _, bandit_files, bandit_errors = load(bandit_path, "Bandit")
ours, ours_other, our_files, our_errors = load(remediate_path, "remediate")

both = bandit & ours
only_bandit = bandit - ours
only_ours = ours - bandit


def per_id(counter):
    totals = collections.Counter()
    for (_, _, test_id), n in counter.items():
        totals[test_id] += n
    return totals


ids = sorted(set(per_id(bandit)) | set(per_id(ours)))
both_n, bandit_n, ours_n = per_id(both), per_id(only_bandit), per_id(only_ours)

print("Commands:")
print()
print("    " + bandit_cmd)
print("    " + remediate_cmd)
print()
print("| test id | both | only Bandit | only remediate | found of Bandit's |")
print("|---|---:|---:|---:|---:|")
for test_id in ids:
    total = both_n[test_id] + bandit_n[test_id]
    share = f"{100.0 * both_n[test_id] / total:.1f}%" if total else "n/a"
    print(f"| {test_id} | {both_n[test_id]} | {bandit_n[test_id]} | {ours_n[test_id]} | {share} |")
total_both = sum(both.values())
total_bandit = sum(bandit.values())
total_ours = sum(ours.values())
share = f"{100.0 * total_both / total_bandit:.1f}%" if total_bandit else "n/a"
print(f"| **total** | {total_both} | {total_bandit - total_both} | {total_ours - total_both} | **{share}** |")
print()
if bandit_files is None:
    print("The Bandit report has no metrics, so the files it scanned are unknown "
          "and the per-file comparison is left out.")
    print()
    bandit_scope = "files not listed"
else:
    bandit_scope = f"{len(bandit_files)} files"
    common = bandit_files & our_files
    common_bandit = sum(n for key, n in bandit.items() if key[0] in common)
    common_both = sum(n for key, n in both.items() if key[0] in common)
    if common_bandit:
        print(f"On the {len(common)} files both tools scanned, remediate reports "
              f"{common_both} of Bandit's {common_bandit} findings "
              f"({100.0 * common_both / common_bandit:.1f}%).")
        print()
print(f"Bandit: {total_bandit} findings in {bandit_scope}, "
      f"{len(bandit_errors)} files skipped with errors.  "
      f"remediate: {total_ours} B-findings in {len(our_files)} files, "
      f"{len(our_errors)} files skipped with errors, "
      f"{ours_other} {'finding' if ours_other == 1 else 'findings'} "
      "of its own rules (R...), which are not compared.")
print()


def show_files(title, names, reasons=None):
    if not names:
        return
    print(f"{title} ({len(names)}):")
    print()
    for name in sorted(names)[:20]:
        reason = f": {reasons[name]}" if reasons and name in reasons else ""
        print(f"- {name}{reason}")
    if len(names) > 20:
        print(f"- ... and {len(names) - 20} more")
    print()


if bandit_files is not None:
    show_files("Files only Bandit scanned", bandit_files - our_files)
    show_files("Files only remediate scanned", our_files - bandit_files)
show_files("Files only Bandit skipped with an error",
           set(bandit_errors) - set(our_errors), bandit_errors)
show_files("Files only remediate skipped with an error",
           set(our_errors) - set(bandit_errors), our_errors)

if examples > 0 and (only_bandit or only_ours):
    print("Examples of mismatches (file:line):")
    print()
    for test_id in ids:
        for side, counter in (("only Bandit", only_bandit), ("only remediate", only_ours)):
            keys = sorted(k for k in counter if k[2] == test_id)
            if keys:
                shown = ", ".join(f"{f}:{line}" for f, line, _ in keys[:examples])
                more = f" (+{len(keys) - examples} more)" if len(keys) > examples else ""
                print(f"- {test_id} {side}: {shown}{more}")
    print()
EOF
