#!/bin/sh
# End-to-end test of the C runtime: example_service against the Flask app.
#
# Flask's answers come from its test client (flask_sample.py, run with
# /usr/bin/python3, Flask 2.2).  The C service runs in a new network
# namespace on 127.0.0.1, as uid 65534 without capabilities when the
# script runs as root (`unshare -n` plus setpriv), else in a user
# namespace (`unshare -rn`).  Every curl and wait is bounded by a timeout,
# and the trap kills the server however the script ends.
#
# Usage: e2e.sh BUILD_DIR      (BUILD_DIR contains example_service)
set -eu

build=$(cd "${1:?usage: e2e.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

# Requests whose answers must match Flask's: status, Content-Type, body and
# the set of methods in Allow.  A method other than GET goes before a space.
set -- \
	"/" "/?name=Bob" "/?name=abc123" "/?name=%C3%A9t%C3%A9" "/?name=%C2%BD" "/?name=%D9%A3" \
	"/?name=a%20b" "/?name=a+b" "/?name=" "/?name" "/?name=a&name=b!" "/?name=%FF" "/?name=a%00" \
	"/?name=%3Cscript%3E" "/?name=Bob&other=1" \
	"/calculate" "/calculate?expr=7/2" "/calculate?expr=6/3" "/calculate?expr=-7//2" \
	"/calculate?expr=-7%252" "/calculate?expr=2**-1" "/calculate?expr=-2**2" \
	"/calculate?expr=0.1%2B0.2" "/calculate?expr=1e16" "/calculate?expr=1e308*10" \
	"/calculate?expr=(1%2B2)*3" "/calculate?expr=2**62" "/calculate?expr=%201%20%2B%201" \
	"/nope" "/ping/" "/calculate/" "/CALCULATE" "/%63alculate?expr=1" \
	"POST /" "PUT /calculate" "DELETE /ping" "OPTIONS /" "POST /nope"

if [ "${E2E_INSIDE:-}" != 1 ]; then
	expected=$(mktemp -d)
	trap 'rm -rf "$expected"' EXIT
	timeout 60 /usr/bin/python3 "$here/flask_sample.py" "$expected" "$@"
	if [ "$(id -u)" = 0 ]; then
		chmod 755 "$expected"
		# uid 65534 runs the service: give it a copy in a folder it can
		# enter, whatever the permissions above the checkout are.
		cp "$build/example_service" "$expected/example_service"
		E2E_INSIDE=1 E2E_EXPECTED=$expected E2E_AS_ROOT=1 timeout 120 unshare -n "$0" "$expected" "$@"
	else
		E2E_INSIDE=1 E2E_EXPECTED=$expected timeout 120 unshare -rn "$0" "$build" "$@"
	fi
	exit
fi

# --- inside the network namespace ------------------------------------------------

expected=$E2E_EXPECTED
work=$(mktemp -d)
server_pid=
failures=0
checks=0

cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -KILL "$server_pid" 2>/dev/null || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

check() {
	checks=$((checks + 1))
	if [ "$1" != "$2" ]; then
		fail "$3: expected '$2', got '$1'"
	fi
}

# As root the service runs as nobody without capabilities.  This is a
# command prefix, not a function, so that $! below is the server's own pid.
as_service_user=
if [ "${E2E_AS_ROOT:-}" = 1 ]; then
	as_service_user="setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs"
fi

ip link set lo up
if [ "${E2E_AS_ROOT:-}" = 1 ]; then
	sysctl -qw net.ipv4.ping_group_range="0 2147483647"   # what Docker sets
else
	sysctl -qw net.ipv4.ping_group_range="0 0"            # the one group mapped here
fi

base=http://127.0.0.1:5000
service=$build/example_service

$as_service_user "$service" 2>"$work/log" &
server_pid=$!
for _ in $(seq 50); do
	$as_service_user "$service" --healthcheck 2>/dev/null && break
	sleep 0.1
done
check "$($as_service_user "$service" --healthcheck; echo $?)" 0 "--healthcheck on a running server"

# Same answers as Flask.
n=0
for request in "$@"; do
	method=${request% *}
	url=${request##* }
	[ "$method" = "$request" ] && method=GET
	out=$work/$n
	curl -sS -m 5 -X "$method" -D "$out.headers" -o "$out.body" -w '%{http_code}\n%{content_type}\n' \
		"$base$url" > "$out.meta"
	check "$(sed -n 1p "$out.meta")" "$(cat "$expected/$n.status")" "$request: status"
	check "$(sed -n 2p "$out.meta")" "$(cat "$expected/$n.type")" "$request: content type"
	allow=$(sed -n 's/^Allow: //ip' "$out.headers" | tr -d '\r' | tr ',' '\n' | sed 's/ //g' | grep . | sort | paste -sd, - | sed 's/,/, /g')
	check "$allow" "$(cat "$expected/$n.allow")" "$request: Allow"
	if [ "$method" != OPTIONS ] && ! cmp -s "$out.body" "$expected/$n.body"; then
		fail "$request: body differs: Flask '$(head -c 80 "$expected/$n.body")', C '$(head -c 80 "$out.body")'"
	fi
	checks=$((checks + 1))
	# security headers on every response
	for header in "X-Content-Type-Options: nosniff" "Content-Security-Policy: default-src 'none'" \
			"Cache-Control: no-store"; do
		grep -qiF "$header" "$out.headers" || fail "$request: missing '$header'"
		checks=$((checks + 1))
	done
	n=$((n + 1))
done

# Answers where the C service deliberately differs from Flask.
body() { curl -sS -m 5 "$base$1"; }
status() { curl -sS -m 5 -o /dev/null -w '%{http_code}' "$@"; }

check "$(body '/ping?ip=127.0.0.1;id')" '{"error":"ip must be an IPv4 or IPv6 address"}' "ping rejects shell syntax"
check "$(body '/ping?ip=localhost')" '{"error":"ip must be an IPv4 or IPv6 address"}' "ping rejects hostnames"
check "$(body '/ping' | sed -n 1p)" "PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data." "ping default address"
check "$(body '/ping?ip=::1' | sed -n 5p)" "1 packets transmitted, 1 received, 0% packet loss" "ping ::1"
check "$(body '/calculate?expr=__import__(%27os%27).system(%27id%27)')" \
	"{\"error\":\"names are not allowed: '__import__' at position 0\"}" "calculate rejects names"
check "$(body '/calculate?expr=1/0')" '{"error":"division by zero"}' "calculate division by zero"
check "$(body '/calculate?expr=2**10**10')" '{"error":"result too large: integers are limited to 64 bits"}' \
	"calculate big power"

# Limits.
long=$(head -c 3000 /dev/zero | tr '\0' a)
check "$(status "$base/?name=$long")" 414 "URI over 2048 bytes"
curl -sS -m 5 -D "$work/414.headers" -o /dev/null "$base/?name=$long"
grep -qiF "X-Content-Type-Options: nosniff" "$work/414.headers" || fail "414 lacks security headers"
check "$(head -c 70000 /dev/zero | status -X POST --data-binary @- "$base/")" 413 "body over 64 KiB"
check "$(status "$base/healthz")" 200 "healthz status"
check "$(body /healthz)" ok "healthz body"

# The access log is JSON lines without query values.
grep -q '"event":"request","method":"GET","path":"/calculate","status":200' "$work/log" || fail "no access log line"
checks=$((checks + 1))
if grep -q 'Bob\|expr\|__import__' "$work/log"; then
	fail "access log contains query values"
fi
checks=$((checks + 1))

# SIGTERM stops the server with exit code 0.
kill -TERM "$server_pid"
rc=0
timeout 10 tail --pid="$server_pid" -f /dev/null || rc=$?
wait "$server_pid" || rc=$?
check "$rc" 0 "exit code after SIGTERM"
server_pid=
grep -q '"event":"stop","message":"stopped"' "$work/log" || fail "no stop log line"
rc=0
$as_service_user "$service" --healthcheck 2>/dev/null || rc=$?
check "$rc" 1 "--healthcheck with no server"

# Configuration errors exit 2 with a message.
check "$(PORT=99999 "$service" 2>&1 || echo "rc=$?")" \
	"invalid PORT '99999': expected a number from 1 to 65535
rc=2" "invalid PORT"

echo "e2e: $checks checks, $failures failures"
[ "$failures" = 0 ]
