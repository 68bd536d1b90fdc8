#!/bin/sh
# Runs test_ping inside a new network namespace, as an unprivileged user.
#
# A fresh namespace has only a loopback device (down) and
# net.ipv4.ping_group_range "1 0", which allows no group to open ICMP
# datagram sockets.  The script brings lo up, opens the range the way
# Docker does, and checks echo to 127.0.0.1 and ::1, an unreachable
# network, a timeout (replies switched off with icmp_echo_ignore_all) and
# the error with the range closed.
#
# As root it uses `unshare -n` and drops to uid/gid 65534 with setpriv, so
# the process has no capabilities.  Otherwise it uses `unshare -rn`, where
# only the caller's own group is mapped (as gid 0), the range is "0 0",
# and the closed case runs in a nested namespace with the default range.
#
# Usage: ping_test.sh BUILD_DIR
set -eu

bin=${1:?usage: ping_test.sh BUILD_DIR}/test_ping
"$bin"

if [ "$(id -u)" = 0 ]; then
	# uid 65534 must be able to reach the binary: the checkout may sit
	# under folders that only root can enter, so run a copy from a
	# world-readable temporary folder.
	copy=$(mktemp -d)
	trap 'rm -rf "$copy"' EXIT
	chmod 755 "$copy"
	cp "$bin" "$copy/test_ping"
	bin=$copy/test_ping
	timeout 30 unshare -n sh -eu -c '
		bin=$1
		run() { setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs "$bin" "$@"; }
		ip link set lo up
		sysctl -qw net.ipv4.ping_group_range="0 2147483647"
		run ok 127.0.0.1
		run ok ::1
		run unreachable 192.0.2.1
		sysctl -qw net.ipv4.icmp_echo_ignore_all=1
		run timeout 127.0.0.1
		sysctl -qw net.ipv4.ping_group_range="1 0"
		run denied 127.0.0.1
		run denied ::1
		echo "ping_test: passed as uid $(setpriv --reuid=65534 id -u) without capabilities"
	' sh "$bin"
	exit $?
fi

exec timeout 30 unshare -rn sh -eu -c '
	bin=$1
	ip link set lo up
	sysctl -qw net.ipv4.ping_group_range="0 0"
	"$bin" ok 127.0.0.1
	"$bin" ok ::1
	"$bin" unreachable 192.0.2.1
	sysctl -qw net.ipv4.icmp_echo_ignore_all=1
	"$bin" timeout 127.0.0.1
	# gid 1 is not mapped here, so "1 0" cannot be written; a nested
	# namespace starts with the kernel default, which is closed
	unshare -n "$bin" denied 127.0.0.1
	echo "ping_test: passed in a user namespace"
' sh "$bin"
