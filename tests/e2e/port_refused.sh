#!/bin/sh
# A Flask app that the service model cannot express stops the port to C:
# the run names the file, line and construct, keeps the hardened Python
# service, commits no port step, and exits 1.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"
export SOURCE_DATE_EPOCH=1764892800

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for case in "loop_db.py:app.py:12: a 'for' loop is not supported by the port" \
	"template_file.py:app.py:10: the call"; do
	fixture=${case%%:*}
	expected=${case#*:}
	name=${fixture%.py}
	mkdir "$work/$name"
	cp before/Dockerfile before/docker-compose.yml before/requirements.txt "$work/$name/"
	cp "tests/fixtures/port/$fixture" "$work/$name/app.py"

	"$REMEDIATE" "$work/$name" "$work/$name-after" 2>"$work/$name.log"
	check "$name: the run exits 1" 1 $?
	check_contains "$name: the stop names file, line and construct" "$expected" \
		"$(cat "$work/$name.log")"
	check "$name: the hardened Python service is kept" yes \
		"$([ -f "$work/$name-after/app.py" ] && echo yes || echo no)"
	check "$name: no service.json is written" no \
		"$([ -e "$work/$name-after/service.json" ] && echo yes || echo no)"
	check "$name: no commit is a port step" 0 \
		"$(git -C "$work/$name-after" log --format='%(trailers:key=Step,valueonly)' | grep -c '^port$')"
	git -C "$work/$name-after" fsck --strict >/dev/null 2>&1
	check "$name: the repository passes git fsck" 0 $?
done
finish
