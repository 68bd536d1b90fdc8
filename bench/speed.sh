#!/bin/sh
# Times remediate's Python scan against a parse-only lower bound and Bandit.
#
#   BANDIT=/path/to/bandit bench/speed.sh TREE [BUILD_DIR]
#
# Measures, in one run and on the same tree:
#   parse-only   BUILD_DIR/bench/parse_only TREE (read and parse, one thread)
#   parse+walk   the same with --walk: one cursor traversal of every tree,
#                for reference (no ratio uses it)
#   scan -j1     remediate scan -j1 --format json -o /dev/null TREE
#   scan -jN     remediate scan --format json -o /dev/null TREE (all cores)
#   Bandit       $BANDIT -q -r TREE -f json -o /dev/null (Bandit has one thread)
# Each command runs RUNS times; the runs are interleaved (one of each, then
# again) so that load from other users of a shared machine spreads over all
# of them.  The table gives the best wall time, throughput in MB/s (10^6
# bytes) and lines/s over the corpus that parse_only reports, CPU time
# (user + system) of the best run, and the highest peak RSS of any run
# (GNU time's %M).  On a busy machine only ratios measured in one run are
# comparable, so the ratios come from this run alone.
#
# The result is appended as a dated Markdown section to BENCH_DOC and
# printed on standard output.
#
# Environment:
#   BANDIT      Bandit executable; without it the Bandit rows are left out
#   RUNS        runs of each command (default 3)
#   BENCH_DOC   file to append to (default docs/benchmarks.md in this
#               repository); "-" only prints
#
# Needs GNU time at /usr/bin/time (Debian package "time") and python3.

set -eu

usage() {
	echo "usage: [BANDIT=/path/to/bandit] [RUNS=3] $0 TREE [BUILD_DIR]" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
tree=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
build=${2:-$repo/build/release}
runs=${RUNS:-3}
doc=${BENCH_DOC:-$repo/docs/benchmarks.md}
bandit=${BANDIT:-}
remediate=$build/remediate
parse_only=$build/bench/parse_only

case $runs in
''|*[!0-9]*|0) echo "speed.sh: RUNS='$runs' is invalid: give a positive whole number" >&2; exit 2 ;;
esac
if [ ! -d "$tree" ]; then
	echo "speed.sh: '$tree' is not a directory: give the tree to scan" >&2
	exit 2
fi
for binary in "$remediate" "$parse_only"; do
	if [ ! -x "$binary" ]; then
		echo "speed.sh: '$binary' is not executable: run 'make all $parse_only' first" >&2
		exit 2
	fi
done
if [ -n "$bandit" ] && ! "$bandit" --version >/dev/null 2>&1; then
	echo "speed.sh: '$bandit --version' failed: set BANDIT to a working Bandit executable" >&2
	exit 2
fi
if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
	echo "speed.sh: GNU time is missing at /usr/bin/time: install it with 'apt-get install time'" >&2
	exit 2
fi
command -v python3 >/dev/null 2>&1 || {
	echo "speed.sh: python3 not found: it computes the table (apt-get install python3)" >&2
	exit 2
}

work=$(mktemp -d "${TMPDIR:-/tmp}/speed.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The first parse_only run gives the corpus size and fills the page
# cache, so that no timed command pays for cold disk reads.
if ! "$parse_only" "$tree" >"$work/corpus" 2>"$work/corpus.err"; then
	echo "speed.sh: '$parse_only $tree' failed:" >&2
	cat "$work/corpus.err" >&2
	exit 2
fi

# measure NAME OK_STATUS COMMAND...: runs COMMAND once under GNU time and
# appends "NAME wall_ns user_s sys_s max_rss_kib" to $work/times.  Exit
# statuses up to OK_STATUS count as success (scanners exit 1 on findings).
measure() {
	name=$1 ok=$2
	shift 2
	status=0
	start=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err" || status=$?
	end=$(date +%s%N)
	if [ "$status" -gt "$ok" ]; then
		echo "speed.sh: '$*' failed with status $status:" >&2
		cat "$work/err" >&2
		exit 2
	fi
	# GNU time writes a "Command exited with non-zero status" line first
	# when the status is not 0; the numbers are on the last line.
	echo "$name $((end - start)) $(tail -n 1 "$work/time")" >>"$work/times"
}

started=$(date -u '+%Y-%m-%d %H:%M UTC')
load=$(cut -d ' ' -f 1-3 /proc/loadavg)
i=1
while [ "$i" -le "$runs" ]; do
	echo "speed.sh: run $i of $runs" >&2
	measure parse_only 0 "$parse_only" "$tree"
	measure parse_walk 0 "$parse_only" --walk "$tree"
	measure scan_j1 1 "$remediate" scan -j1 --format json -o /dev/null "$tree"
	measure scan_all 1 "$remediate" scan --format json -o /dev/null "$tree"
	if [ -n "$bandit" ]; then
		measure bandit 1 "$bandit" -q -r "$tree" -f json -o /dev/null
	fi
	i=$((i + 1))
done

load_end=$(cut -d ' ' -f 1-3 /proc/loadavg)
# Some virtual machines report several processors but give the guest less
# CPU time than that, and then no thread count can make the scan faster.
# Running one parse_only per processor at once shows what the machine
# delivers: effective processors = copies x single time / concurrent time.
copies=$(nproc)
start=$(date +%s%N)
i=1
while [ "$i" -le "$copies" ]; do
	"$parse_only" "$tree" >/dev/null 2>&1 &
	i=$((i + 1))
done
wait
end=$(date +%s%N)
concurrent_ns=$((end - start))

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
grammar=$(sed -n 's/^PY_GRAMMAR_VERSION *= *//p' "$repo/Makefile")
tslib=$(sed -n 's/^TS_RUNTIME_VERSION *= *//p' "$repo/Makefile")
# The release build is profile-guided unless it was made with PGO=0.
if [ -f "$build/profile/trained" ]; then
	build_kind="profile-guided build"
else
	build_kind="build without a profile (PGO=0)"
fi
bandit_version=
if [ -n "$bandit" ]; then
	bandit_version=$("$bandit" --version 2>/dev/null | head -n 1)
	bandit_python=$("$bandit" --version 2>/dev/null | sed -n 's/^ *python version = \([^ ]*\).*/\1/p')
	bandit_version="$bandit_version on Python $bandit_python"
fi

remediate_version=$("$remediate" --version 2>/dev/null | head -n 1)
cc_version=$(${CC:-cc} --version 2>/dev/null | head -n 1)

# The values go through the environment so that no quoting in them can
# break the Python program.
STARTED=$started TREE=$tree RUNS=$runs NPROC=$(nproc) CPU_MODEL=$cpu_model \
MEM_TOTAL=$mem_total LOAD=$load LOAD_END=$load_end GRAMMAR=$grammar TSLIB=$tslib BUILD_KIND=$build_kind \
REMEDIATE_VERSION=$remediate_version CC_VERSION=$cc_version \
BANDIT_VERSION=$bandit_version PARSE_ONLY=$parse_only REMEDIATE=$remediate \
BANDIT_BIN=$bandit COPIES=$copies CONCURRENT_NS=$concurrent_ns \
python3 - "$work/corpus" "$work/times" >"$work/section" <<'EOF'
import collections
import os
import sys

env = os.environ
corpus = dict(line.split() for line in open(sys.argv[1]))
files, size, lines = int(corpus["files"]), int(corpus["bytes"]), int(corpus["lines"])
runs = collections.defaultdict(list)
for line in open(sys.argv[2]):
    name, wall_ns, user, system, rss = line.split()
    runs[name].append((int(wall_ns) / 1e9, float(user) + float(system), int(rss)))

tree, parse_only, remediate, bandit = env["TREE"], env["PARSE_ONLY"], env["REMEDIATE"], env["BANDIT_BIN"]
print(f"## Speed, {env['STARTED']}")
print()
print(f"Corpus: `{tree}`, {files} Python files, {size / 1e6:.1f} MB, {lines} lines "
      "(the files `remediate scan` analyzes, as counted by parse_only).")
print()
print(f"Machine: {env['NPROC']} processors ({env['CPU_MODEL']}), {env['MEM_TOTAL']} memory, "
      f"load average {env['LOAD']} at the start and {env['LOAD_END']} at the end.")
print()
if "parse_only" in runs:
    single = min(runs["parse_only"])[0]
    concurrent = int(env["CONCURRENT_NS"]) / 1e9
    copies = int(env["COPIES"])
    print(f"Parallel capacity: {copies} concurrent parse_only runs took {concurrent:.2f} s "
          f"against {single:.2f} s for the best single run, so the machine delivered "
          f"{copies * single / concurrent:.2f} processors' worth of CPU time.")
    print()
versions = [f"{env['REMEDIATE_VERSION']} ({env['BUILD_KIND']})",
            f"tree-sitter runtime of the npm package tree-sitter@{env['TSLIB']}",
            f"tree-sitter-python {env['GRAMMAR']}", env["CC_VERSION"]]
if env["BANDIT_VERSION"]:
    versions.append(env["BANDIT_VERSION"])
print("Versions: " + "; ".join(versions) + ".")
print()
print(f"Commands (best of {env['RUNS']} interleaved runs of `bench/speed.sh`):")
print()
print(f"    {parse_only} {tree}")
print(f"    {parse_only} --walk {tree}")
print(f"    {remediate} scan -j1 --format json -o /dev/null {tree}")
print(f"    {remediate} scan --format json -o /dev/null {tree}")
if bandit:
    print(f"    {bandit} -q -r {tree} -f json -o /dev/null")
print()

rows = [
    ("parse_only", "parse-only"),
    ("parse_walk", "parse-only --walk (one traversal)"),
    ("scan_j1", "remediate scan -j1"),
    ("scan_all", "remediate scan, all cores"),
    ("bandit", "Bandit"),
]
best = {}
print("| command | best wall s | MB/s | lines/s | CPU s | peak RSS MiB |")
print("|---|---:|---:|---:|---:|---:|")
for key, label in rows:
    if key not in runs:
        continue
    wall, cpu, _ = min(runs[key])
    rss = max(r[2] for r in runs[key]) / 1024
    best[key] = (wall, cpu, rss)
    print(f"| {label} | {wall:.3f} | {size / 1e6 / wall:.2f} | {lines / wall:,.0f} "
          f"| {cpu:.2f} | {rss:.1f} |")
print()

WALL, CPU, RSS = 0, 1, 2
checks = {
    "at most": lambda value, target: value <= target,
    "at least": lambda value, target: value >= target,
    "below": lambda value, target: value < target,
}


def ratio(label, top, bottom, index, bound, target):
    if top not in best or bottom not in best:
        return
    value = best[top][index] / best[bottom][index]
    met = "yes" if checks[bound](value, target) else "no"
    print(f"| {label} | {value:.2f} | {bound} {target:g} | {met} |")


print("| ratio | measured | target | met |")
print("|---|---:|---|---|")
ratio("scan -j1 / parse-only, wall", "scan_j1", "parse_only", WALL, "at most", 1.25)
ratio("scan -j1 / all cores, wall", "scan_j1", "scan_all", WALL, "at least", 1.8)
ratio("Bandit / scan -j1, wall", "bandit", "scan_j1", WALL, "at least", 15)
ratio("Bandit / all cores, wall", "bandit", "scan_all", WALL, "at least", 28)
ratio("all-core peak RSS / Bandit peak RSS", "scan_all", "bandit", RSS, "below", 1)
ratio("scan -j1 / parse-only, CPU", "scan_j1", "parse_only", CPU, "at most", 1.25)
ratio("Bandit / scan -j1, CPU", "bandit", "scan_j1", CPU, "at least", 15)
print()
EOF

cat "$work/section"
if [ "$doc" != "-" ]; then
	printf '\n' >>"$doc"
	cat "$work/section" >>"$doc"
	echo "speed.sh: appended the results to '$doc'" >&2
fi
