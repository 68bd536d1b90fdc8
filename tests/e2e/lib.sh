# Helpers shared by the end-to-end scripts (sourced, not run).
# Each check prints one TAP-style line that tests/run counts.

fails=0

ok() {
	echo "ok - $1"
}

not_ok() {
	echo "not ok - $1"
	fails=$((fails + 1))
}

# check NAME EXPECTED ACTUAL: passes when the two strings are equal.
check() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '  expected: %s\n  actual:   %s\n' "$2" "$3"
	fi
}

# check_contains NAME NEEDLE HAYSTACK
check_contains() {
	case "$3" in
	*"$2"*) ok "$1" ;;
	*) not_ok "$1"; printf '  expected to contain: %s\n  actual: %s\n' "$2" "$3" ;;
	esac
}

# check_absent NAME NEEDLE HAYSTACK
check_absent() {
	case "$3" in
	*"$2"*) not_ok "$1"; printf '  expected not to contain: %s\n  actual: %s\n' "$2" "$3" ;;
	*) ok "$1" ;;
	esac
}

# in_netns COMMAND...: runs COMMAND in a private network namespace where
# only loopback exists, so a server started there cannot be reached from
# any other host.  As root this is a plain network namespace; otherwise a
# user namespace maps the caller to root inside it.
in_netns() {
	if [ "$(id -u)" -eq 0 ]; then
		unshare --net -- "$@"
	else
		unshare --map-root-user --net -- "$@"
	fi
}

finish() {
	exit $((fails > 0))
}
