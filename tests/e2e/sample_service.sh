#!/bin/sh
# The sample service in before/ really runs and really is vulnerable:
# Debian's Flask serves the three endpoints, and the injection payloads
# of /ping and /calculate execute.  The server runs in a private network
# namespace on loopback, is bounded in time, and is stopped at the end.
set -u
cd "$(dirname "$0")/../.."
. tests/e2e/lib.sh

if [ "${INSIDE_NETNS:-}" != 1 ]; then
	INSIDE_NETNS=1 in_netns timeout 120 "$0"
	exit $?
fi

ip link set lo up
# Docker opens unprivileged ICMP sockets for every group; do the same so
# Debian's ping works for whichever user runs the test.
sysctl -q -w net.ipv4.ping_group_range="0 2147483647" 2>/dev/null || true

workdir=$(mktemp -d)
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$workdir"' EXIT
cp -R before/. "$workdir/"
(cd "$workdir" && exec /usr/bin/python3 app.py) >"$workdir/server.log" 2>&1 &
server=$!

up=no
for _ in $(seq 1 100); do
	if curl -s -o /dev/null --max-time 1 http://127.0.0.1:5000/; then
		up=yes
		break
	fi
	sleep 0.1
done
check "sample service starts" yes "$up"

get() {
	curl -s --max-time 10 -w '\n%{http_code} %{content_type}' "http://127.0.0.1:5000$1"
}

check "greets World by default" "Hello, World!
200 text/html; charset=utf-8" "$(get /)"
check "greets by name" "Hello, Alice!
200 text/html; charset=utf-8" "$(get '/?name=Alice')"
check "rejects a non-alphanumeric name" '{"error":"name must be alphanumeric"}

400 application/json' "$(get '/?name=a%20b')"
check_contains "pings loopback" "1 packets transmitted" "$(get '/ping?ip=127.0.0.1')"
check "calculates 2*3" "6
200 text/html; charset=utf-8" "$(get '/calculate?expr=2*3')"

# The defects are real: both payloads run on the server.
check_contains "ping runs an injected command" "uid=" "$(get '/ping?ip=127.0.0.1%3Bid')"
check "calculate evaluates injected code" "$workdir
200 text/html; charset=utf-8" "$(get "/calculate?expr=__import__('os').getcwd()")"

finish
