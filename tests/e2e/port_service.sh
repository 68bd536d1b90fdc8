#!/bin/sh
# The port to C end to end: harden before/ into a temporary tree, build
# the generated service with its own Makefile, and compare it with the
# original Flask app (Debian's python3-flask) inside a private network
# namespace that has only loopback.  The C service runs as uid 65534
# without capabilities, with no-new-privs and a read-only root
# (bubblewrap plus setpriv); then Debian's nginx runs the generated
# nginx.conf, adjusted to loopback and a temporary folder, in front of it.
# Every server is bounded by `timeout` and killed by the trap.
#
# Until the pipeline runs the port itself, this script applies
# port_plan() with a small driver compiled against the build's libraries.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh
: "${REMEDIATE:=build/release/remediate}"
: "${BUILD_DIR:=build/release}"
REMEDIATE=$(cd "$(dirname "$REMEDIATE")" && pwd)/$(basename "$REMEDIATE")
BUILD_DIR=$(cd "$BUILD_DIR" && pwd)
export SOURCE_DATE_EPOCH=1764892800

# --- inside the network namespace ------------------------------------------------
if [ "${PORT_E2E_INSIDE:-}" = 1 ]; then
	after=$1 build=$2 work=$3
	flask_pid= service_pid= nginx_pid=
	cleanup() {
		for pid in $flask_pid $service_pid $nginx_pid; do
			kill -KILL "$pid" 2>/dev/null
		done
	}
	trap cleanup EXIT INT TERM

	ip link set lo up
	sysctl -qw net.ipv4.ping_group_range="0 2147483647"   # what Docker sets

	# The original app, unchanged, on port 5001 (its main block is not run).
	if [ "$(id -u)" = 0 ]; then
		as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs"
	else
		as_nobody="setpriv --no-new-privs"
	fi
	(cd before && PYTHONDONTWRITEBYTECODE=1 exec timeout 120 $as_nobody /usr/bin/python3 -c \
		"import app; app.app.run(host='127.0.0.1', port=5001)") >"$work/flask.log" 2>&1 &
	flask_pid=$!

	# The C service: read-only root, a private /tmp, no capabilities,
	# no-new-privs, uid 65534 where the script runs as root.
	sandbox="bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --ro-bind $build $build --new-session --die-with-parent --"
	if ! $sandbox true 2>/dev/null; then
		sandbox=
		echo "# bubblewrap cannot run here: the service runs without a read-only root"
	fi
	timeout 120 $sandbox $as_nobody "$build/service" 2>"$work/service.log" &
	service_pid=$!

	for _ in $(seq 50); do
		curl -s -m 1 -o /dev/null http://127.0.0.1:5000/healthz && \
			curl -s -m 1 -o /dev/null http://127.0.0.1:5001/ && break
		sleep 0.1
	done
	check "the C service is healthy" 0 "$("$build/service" --healthcheck 2>/dev/null; echo $?)"
	check "the C service runs as uid 65534 without capabilities" \
		"65534 0000000000000000 1" \
		"$(awk '/^Uid:/ {u=$2} /^CapEff:/ {c=$2} /^NoNewPrivs:/ {n=$2} END {print u, c, n}' \
			/proc/"$(pgrep -n -x service)"/status 2>/dev/null)"

	# fetch BASE URL: "status|content type|body" on one line
	fetch() {
		curl -sS -m 5 -o "$work/body" -w '%{http_code}|%{content_type}|' "$1$2"
		tr '\n' '~' <"$work/body"
	}

	check "Flask serves the original app" "200|text/html; charset=utf-8|Hello, World!" \
		"$(fetch http://127.0.0.1:5001 /)"
	set -- "/" "/?name=Alice" "/?name=a%20b" "/?name=%C3%A9t%C3%A9" "/?name=" \
		"/calculate" "/calculate?expr=2*3" "/calculate?expr=7/2" "/calculate?expr=2**10" \
		"/calculate?expr=-7//2" "/calculate?expr=(1%2B2)*3" "/calculate?expr=0.1%2B0.2" \
		"/nope"
	for request in "$@"; do
		check "GET $request: the C service answers like Flask" \
			"$(fetch http://127.0.0.1:5001 "$request")" \
			"$(fetch http://127.0.0.1:5000 "$request")"
	done

	check_contains "GET /ping pings 127.0.0.1" \
		"200|text/html; charset=utf-8|PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.~64 bytes from 127.0.0.1:" \
		"$(fetch http://127.0.0.1:5000 "/ping?ip=127.0.0.1")"
	check_contains "GET /ping reports one echo" "1 packets transmitted, 1 received, 0% packet loss" \
		"$(fetch http://127.0.0.1:5000 "/ping")"

	long=$(printf '1%%2B%.0s' $(seq 150))1
	deep=$(printf '(%.0s' $(seq 100))1$(printf ')%.0s' $(seq 100))
	for request in "/ping?ip=127.0.0.1%3Bid" "/ping?ip=localhost" \
			"/calculate?expr=__import__(%27os%27)" "/calculate?expr=2**10**10" \
			"/calculate?expr=$deep" "/calculate?expr=$long"; do
		check_contains "GET ${request%%=*}=$(echo "${request#*=}" | cut -c1-24): 400 with a JSON error" \
			'400|application/json|{"error":' "$(fetch http://127.0.0.1:5000 "$request")"
	done

	# --- nginx in front, with the generated configuration -------------------
	ngx=$work/nginx
	mkdir -p "$ngx"
	sed -e "s|listen 8080;|listen 127.0.0.1:8081;|" \
	    -e "s|server web:5000;|server 127.0.0.1:5000;|" \
	    -e "s|/tmp/|$ngx/|" \
	    -e "s|error_log /dev/stderr|error_log $ngx/error.log|" \
	    -e "s|access_log /dev/stdout|access_log $ngx/access.log|" \
	    "$after/nginx.conf" >"$ngx/nginx.conf"
	if [ "$(id -u)" = 0 ]; then
		# the workers' user; the generated file has no `user` directive
		sed -i '1i user nobody nogroup;' "$ngx/nginx.conf"
	fi
	timeout 120 /usr/sbin/nginx -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" \
		-g 'daemon off;' 2>>"$ngx/error.log" &
	nginx_pid=$!
	for _ in $(seq 50); do
		curl -s -m 1 -o /dev/null http://127.0.0.1:8081/healthz && break
		sleep 0.1
	done

	for request in "/" "/?name=Alice" "/?name=a%20b" "/calculate?expr=2*3" "/calculate?expr=-7//2" "/nope"; do
		check "GET $request through nginx: the same answer" \
			"$(fetch http://127.0.0.1:5000 "$request")" \
			"$(fetch http://127.0.0.1:8081 "$request")"
	done
	curl -sS -m 5 -D "$work/headers" -o /dev/null "http://127.0.0.1:8081/?name=Bob"
	headers=$(tr -d '\r' <"$work/headers")
	for header in "X-Frame-Options: DENY" "X-Content-Type-Options: nosniff" \
			"Referrer-Policy: no-referrer" "Server: nginx" \
			"Content-Security-Policy: default-src 'none'; frame-ancestors 'none'"; do
		check_contains "nginx adds '$header'" "$header" "$headers"
	done
	check "nginx sends X-Content-Type-Options once" 1 \
		"$(echo "$headers" | grep -ci '^X-Content-Type-Options:')"
	check_absent "nginx hides its version" "Server: nginx/" "$headers"
	check "nginx rejects a body over 64 KiB with 413" 413 \
		"$(head -c 70000 /dev/zero | curl -sS -m 5 -o /dev/null -w '%{http_code}' \
			-X POST --data-binary @- http://127.0.0.1:8081/)"
	limited=0
	for _ in $(seq 40); do
		code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' http://127.0.0.1:8081/)
		[ "$code" = 429 ] && limited=$((limited + 1))
	done
	check "nginx limits a client to 10 requests a second (burst 20)" yes \
		"$([ "$limited" -gt 0 ] && echo yes || echo "no: $limited of 40 got 429")"
	finish
fi

# --- outside: build the tree and the service ---------------------------------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
after=$work/after

"$REMEDIATE" before/ "$after" >"$work/run.log" 2>&1
status=$?
check "remediate before/ after/ completes" yes "$([ $status -le 1 ] && echo yes || echo "no: exit $status")"

if [ ! -f "$after/service/main.c" ]; then
	# The pipeline does not port yet: apply port_plan() directly.
	cat >"$work/driver.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "error.h"
#include "port/port.h"
#include "scan.h"
int main(int argc, char **argv)
{
	const char *paths[] = { "." };
	scan_config cfg;
	scan_result scan = { 0 };
	port_step *steps;
	size_t count;
	(void)argc;
	if (chdir(argv[1]) != 0)
		return 2;
	scan_config_init(&cfg);
	scan_paths(&scan, paths, 1, &cfg);
	for (size_t i = 0; i < scan.findings.count; i++) {
		char *p = scan.findings.items[i].path;
		if (strncmp(p, "./", 2) == 0)
			memmove(p, p + 2, strlen(p) - 1);
	}
	if (port_plan(&steps, &count, ".", &scan) < 0) {
		fprintf(stderr, "%s\n", rm_error_last());
		return 1;
	}
	for (size_t i = 0; i < count; i++)
		for (size_t j = 0; j < steps[i].plan.file_count; j++) {
			fix_file *f = &steps[i].plan.files[j];
			char *path = strdup(f->path);
			FILE *out;
			if (!f->content) {
				unlink(path);
				free(path);
				continue;
			}
			for (char *p = path; *p; p++)
				if (*p == '/') { *p = 0; mkdir(path, 0755); *p = '/'; }
			if (!(out = fopen(path, "wb")))
				return 1;
			fwrite(f->content, 1, f->len, out);
			fclose(out);
			free(path);
		}
	port_steps_free(steps, count);
	scan_result_free(&scan);
	return 0;
}
EOF
	ts_include=$(ls -d build/npm/tree-sitter-runtime-*/include | head -n 1)
	cc -std=c11 -D_GNU_SOURCE -Ianalyzers -Iremediate -I"$ts_include" "$work/driver.c" \
		"$BUILD_DIR/libremediate.a" "$BUILD_DIR/libanalyzers.a" \
		$(pkg-config --libs libgit2 libcjson yaml-0.1) -lpthread -lm \
		-o "$work/driver" && "$work/driver" "$after" 2>"$work/port.log"
	check "port_plan() ports the hardened tree" 0 $?
fi

for file in service.json service/main.c service/Makefile nginx.conf; do
	check "the port writes $file" yes "$([ -f "$after/$file" ] && echo yes || echo no)"
done
for file in app.py requirements.txt; do
	check "the port removes $file" no "$([ -e "$after/$file" ] && echo yes || echo no)"
done

"$REMEDIATE" scan -f json -o "$work/scan.json" "$after" >/dev/null 2>&1
check "the final scan has no HIGH or MEDIUM finding" "" \
	"$(/usr/bin/python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(x["test_id"] for x in r["results"] if x["issue_severity"] in ("HIGH", "MEDIUM")))' "$work/scan.json")"
check "the final scan skipped no file" "[]" \
	"$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["errors"])' "$work/scan.json")"

check "docker-compose accepts the Compose file" 0 \
	"$(docker-compose -f "$after/docker-compose.yml" config >"$work/compose.log" 2>&1; echo $?)"

make -s -C "$after/service" BUILD="$work/build" >"$work/make.log" 2>&1
check "the generated service builds with its Makefile" 0 $?
readelf -d "$work/build/service" 2>/dev/null >"$work/dynamic"
check_contains "the binary has full RELRO (BIND_NOW)" "FLAGS_1" "$(grep -i 'flags_1' "$work/dynamic")"
check_contains "the binary is position-independent" "DYN" "$(readelf -h "$work/build/service" | grep Type)"

INSIDE="$(pwd)/tests/e2e/port_service.sh"
PORT_E2E_INSIDE=1 in_netns timeout 300 "$INSIDE" "$after" "$work/build" "$work" >"$work/inside.log" 2>&1
status=$?
cat "$work/inside.log"
fails=$((fails + $(grep -c '^not ok' "$work/inside.log")))
if [ "$status" -ne 0 ] && ! grep -q '^not ok' "$work/inside.log"; then
	not_ok "the service checks in the network namespace ran (exit $status)"
	tail -5 "$work/service.log" "$work/flask.log" "$work/nginx/error.log" 2>/dev/null
fi
finish
