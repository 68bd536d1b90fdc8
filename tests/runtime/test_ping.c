/*
 * Checks ping.c.  Without arguments it checks address validation only,
 * which needs no network.  With `EXPECTED ADDRESS` it sends one echo and
 * checks the result code and report; ping_test.sh runs these inside a
 * fresh network namespace with net.ipv4.ping_group_range set as needed.
 *
 * EXPECTED is one of: ok, denied, timeout, unreachable.
 */
#include "ping.h"

#include <stdio.h>
#include <string.h>

static int failures;
static int checks;

#define CHECK(cond, ...) do { \
	checks++; \
	if (!(cond)) { \
		failures++; \
		fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
} while (0)

#define ADDRESS_CASE(s, ok) { s, sizeof(s) - 1, ok }

static const struct {
	const char *text;
	size_t len;
	int valid;
} address_cases[] = {
	ADDRESS_CASE("127.0.0.1", 1),
	ADDRESS_CASE("0.0.0.0", 1),
	ADDRESS_CASE("255.255.255.255", 1),
	ADDRESS_CASE("::1", 1),
	ADDRESS_CASE("2001:db8::1", 1),
	ADDRESS_CASE("::ffff:127.0.0.1", 1),
	ADDRESS_CASE("", 0),
	ADDRESS_CASE("localhost", 0),
	ADDRESS_CASE("example.com", 0),
	ADDRESS_CASE("127.0.0.1;id", 0),
	ADDRESS_CASE("127.0.0.1 && id", 0),
	ADDRESS_CASE("$(id)", 0),
	ADDRESS_CASE("`id`", 0),
	ADDRESS_CASE(" 127.0.0.1", 0),
	ADDRESS_CASE("127.0.0.1 ", 0),
	ADDRESS_CASE("127.0.0.1\n", 0),
	ADDRESS_CASE("127.0.0.1\0", 0),
	ADDRESS_CASE("127.1", 0),
	ADDRESS_CASE("256.0.0.1", 0),
	ADDRESS_CASE("1.2.3.4.5", 0),
	ADDRESS_CASE("0x7f.0.0.1", 0),
	ADDRESS_CASE("fe80::1%eth0", 0),
	ADDRESS_CASE("[::1]", 0),
	ADDRESS_CASE("-c 100 127.0.0.1", 0),
	ADDRESS_CASE("1111:2222:3333:4444:5555:6666:7777:8888:9999", 0),
};

static void check_addresses(void)
{
	char report[PING_REPORT_SIZE];

	for (size_t i = 0; i < sizeof(address_cases) / sizeof(address_cases[0]); i++) {
		const char *text = address_cases[i].text;
		size_t len = address_cases[i].len;

		CHECK(ping_is_address(text, len) == address_cases[i].valid, "'%s': expected %d",
			text, address_cases[i].valid);
		if (!address_cases[i].valid) {
			CHECK(ping_once(report, sizeof(report), text, len, 100) == PING_EINVALID, "'%s' sent", text);
			CHECK(strcmp(report, "ping failed: not an IPv4 or IPv6 address") == 0, "report '%s'", report);
		}
	}
	CHECK(ping_once(report, PING_REPORT_SIZE - 1, "127.0.0.1", 9, 100) == PING_ESYSTEM, "small buffer");
}

static int check_ping(const char *expected, const char *address)
{
	char report[PING_REPORT_SIZE], line[128];
	int rc = ping_once(report, sizeof(report), address, strlen(address), 500);

	printf("ping %s -> %d\n%s%s", address, rc, report, strchr(report, '\n') ? "" : "\n");
	if (strcmp(expected, "ok") == 0) {
		CHECK(rc == PING_OK, "expected PING_OK, got %d", rc);
		snprintf(line, sizeof(line), "PING %s (%s) 56(84) bytes of data.\n64 bytes from %s: icmp_seq=1 ttl=64 time=",
			address, address, address);
		CHECK(strncmp(report, line, strlen(line)) == 0, "report starts '%s'", line);
		CHECK(strstr(report, "1 packets transmitted, 1 received, 0% packet loss\nrtt min/avg/max/mdev = ") != NULL,
			"summary");
	} else if (strcmp(expected, "denied") == 0) {
		CHECK(rc == PING_EPERM, "expected PING_EPERM, got %d", rc);
		CHECK(strstr(report, "ICMP socket not permitted: group ") != NULL, "report names the cause");
		CHECK(strstr(report, "net.ipv4.ping_group_range") != NULL, "report names the sysctl");
	} else if (strcmp(expected, "timeout") == 0) {
		CHECK(rc == PING_ETIMEOUT, "expected PING_ETIMEOUT, got %d", rc);
		CHECK(strstr(report, "1 packets transmitted, 0 received, 100% packet loss\n") != NULL, "loss summary");
	} else if (strcmp(expected, "unreachable") == 0) {
		CHECK(rc == PING_EUNREACHABLE, "expected PING_EUNREACHABLE, got %d", rc);
		CHECK(strstr(report, "unreachable") != NULL, "report names the cause");
	} else {
		fprintf(stderr, "test_ping: unknown expectation '%s'\n", expected);
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3) {
		if (check_ping(argv[1], argv[2]) != 0)
			return 2;
	} else {
		check_addresses();
	}
	printf("test_ping: %d checks, %d failures\n", checks, failures);
	return failures == 0 ? 0 : 1;
}
