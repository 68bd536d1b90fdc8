/*
 * ICMP echo over an unprivileged datagram socket (see ping.h).
 *
 * On these sockets the kernel writes the ICMP identifier and checksum,
 * filters replies by identifier, and hands over the ICMP message without
 * the IP header.  The socket is connected to the target so that an ICMP
 * error such as "host unreachable" comes back as a recv() error.  On an
 * unconnected ping socket the kernel drops such errors, and the caller
 * would only see a timeout.
 */
#include "ping.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PAYLOAD_SIZE 56          /* what `ping` sends by default */
#define ICMP_HEADER_SIZE 8
#define IPV4_HEADER_SIZE 20
#define ECHO_SEQUENCE 1
#define MAX_TIMEOUT_MS 10000

struct target {
	int family;
	union {
		struct sockaddr_in v4;
		struct sockaddr_in6 v6;
	} addr;
	socklen_t addr_len;
	char text[INET6_ADDRSTRLEN];
};

/* The parts of an echo reply that go into the report. */
struct reply {
	size_t bytes;
	int ttl;           /* -1 when the kernel did not report it */
	double rtt_ms;
};

static int parse_target(struct target *out, const char *text, size_t len)
{
	memset(out, 0, sizeof(*out));
	if (len == 0 || len >= sizeof(out->text) || memchr(text, '\0', len) != NULL)
		return -1;
	memcpy(out->text, text, len);
	out->text[len] = '\0';

	if (inet_pton(AF_INET, out->text, &out->addr.v4.sin_addr) == 1) {
		out->family = AF_INET;
		out->addr.v4.sin_family = AF_INET;
		out->addr_len = sizeof(out->addr.v4);
		return 0;
	}
	if (inet_pton(AF_INET6, out->text, &out->addr.v6.sin6_addr) == 1) {
		out->family = AF_INET6;
		out->addr.v6.sin6_family = AF_INET6;
		out->addr_len = sizeof(out->addr.v6);
		return 0;
	}
	return -1;
}

int ping_is_address(const char *text, size_t len)
{
	struct target target;

	return parse_target(&target, text, len) == 0;
}

__attribute__((format(printf, 4, 5)))
static int report_error(char *report, size_t size, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(report, size, fmt, ap);
	va_end(ap);
	return code;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Opens the ping socket and requests the reply's TTL or hop limit as ancillary data. */
static int open_socket(const struct target *t, char *report, size_t size)
{
	int one = 1;
	int fd = t->family == AF_INET
		? socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP)
		: socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMPV6);

	if (fd < 0 && errno == EACCES)
		return report_error(report, size, PING_EPERM,
			"ping failed: ICMP socket not permitted: group %u is outside net.ipv4.ping_group_range "
			"(Docker sets \"0 2147483647\")", (unsigned)getegid());
	if (fd < 0)
		return report_error(report, size, PING_ESYSTEM, "ping failed: cannot open ICMP socket: %s",
			strerror(errno));

	/* Without these options the report just leaves out "ttl=". */
	if (t->family == AF_INET)
		(void)setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &one, sizeof(one));
	else
		(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one));
	return fd;
}

static int is_unreachable(int error)
{
	return error == ENETUNREACH || error == EHOSTUNREACH || error == ECONNREFUSED ||
		error == EHOSTDOWN || error == ENONET;
}

static int send_echo(int fd, const struct target *t, char *report, size_t size)
{
	unsigned char packet[ICMP_HEADER_SIZE + PAYLOAD_SIZE] = { 0 };
	uint16_t sequence = htons(ECHO_SEQUENCE);

	packet[0] = t->family == AF_INET ? ICMP_ECHO : ICMP6_ECHO_REQUEST;
	memcpy(packet + 6, &sequence, sizeof(sequence));
	for (size_t i = ICMP_HEADER_SIZE; i < sizeof(packet); i++)
		packet[i] = (unsigned char)i;

	if (connect(fd, (const struct sockaddr *)&t->addr, t->addr_len) < 0 ||
			send(fd, packet, sizeof(packet), 0) < 0) {
		if (is_unreachable(errno))
			return report_error(report, size, PING_EUNREACHABLE, "ping failed: %s: %s",
				t->text, strerror(errno));
		return report_error(report, size, PING_ESYSTEM, "ping failed: cannot send to %s: %s",
			t->text, strerror(errno));
	}
	return PING_OK;
}

/* Returns the TTL or hop limit from the control messages, or -1. */
static int read_ttl(struct msghdr *msg)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		int value;

		if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
				(c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
			memcpy(&value, CMSG_DATA(c), sizeof(value));
			return value;
		}
	}
	return -1;
}

/* Waits until `deadline` (now_ms() time) for the echo reply to our sequence number. */
static int wait_reply(int fd, const struct target *t, double sent, double deadline, struct reply *out,
	char *report, size_t size)
{
	unsigned char buf[1500];
	char control[256];
	uint16_t sequence;
	const unsigned char reply_type = t->family == AF_INET ? ICMP_ECHOREPLY : ICMP6_ECHO_REPLY;

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
		struct msghdr msg = {
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = control, .msg_controllen = sizeof(control),
		};
		double left = deadline - now_ms();
		ssize_t n;
		int ready;

		if (left <= 0)
			return PING_ETIMEOUT;
		ready = poll(&pfd, 1, (int)left + 1);
		if (ready < 0 && errno != EINTR)
			return report_error(report, size, PING_ESYSTEM, "ping failed: poll: %s", strerror(errno));
		if (ready <= 0)
			continue;

		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			if (is_unreachable(errno))
				return report_error(report, size, PING_EUNREACHABLE, "ping failed: %s: %s",
					t->text, strerror(errno));
			return report_error(report, size, PING_ESYSTEM, "ping failed: receive: %s", strerror(errno));
		}

		/* anything but our echo reply (a stray or late packet) is skipped */
		if ((size_t)n < ICMP_HEADER_SIZE || buf[0] != reply_type)
			continue;
		memcpy(&sequence, buf + 6, sizeof(sequence));
		if (ntohs(sequence) != ECHO_SEQUENCE)
			continue;

		out->rtt_ms = now_ms() - sent;
		out->bytes = (size_t)n;
		out->ttl = read_ttl(&msg);
		return PING_OK;
	}
}

static void write_report(char *report, size_t size, const struct target *t, const struct reply *reply)
{
	size_t len;

	len = (size_t)snprintf(report, size, "PING %s (%s) %d(%d) bytes of data.\n",
		t->text, t->text, PAYLOAD_SIZE, PAYLOAD_SIZE + ICMP_HEADER_SIZE + IPV4_HEADER_SIZE);
	if (reply == NULL) {
		snprintf(report + len, size - len,
			"\n--- %s ping statistics ---\n"
			"1 packets transmitted, 0 received, 100%% packet loss\n", t->text);
		return;
	}

	len += (size_t)snprintf(report + len, size - len, "%zu bytes from %s: icmp_seq=%d ",
		reply->bytes, t->text, ECHO_SEQUENCE);
	if (reply->ttl >= 0)
		len += (size_t)snprintf(report + len, size - len, "ttl=%d ", reply->ttl);
	snprintf(report + len, size - len,
		"time=%.3f ms\n"
		"\n--- %s ping statistics ---\n"
		"1 packets transmitted, 1 received, 0%% packet loss\n"
		"rtt min/avg/max/mdev = %.3f/%.3f/%.3f/0.000 ms\n",
		reply->rtt_ms, t->text, reply->rtt_ms, reply->rtt_ms, reply->rtt_ms);
}

int ping_once(char *report, size_t size, const char *address, size_t len, int timeout_ms)
{
	struct target target;
	struct reply reply;
	double sent;
	int fd, rc;

	if (size < PING_REPORT_SIZE)
		return PING_ESYSTEM;
	if (parse_target(&target, address, len) < 0)
		return report_error(report, size, PING_EINVALID, "ping failed: not an IPv4 or IPv6 address");
	if (timeout_ms <= 0 || timeout_ms > MAX_TIMEOUT_MS)
		timeout_ms = PING_DEFAULT_TIMEOUT_MS;

	if ((fd = open_socket(&target, report, size)) < 0)
		return fd;

	sent = now_ms();
	rc = send_echo(fd, &target, report, size);
	if (rc == PING_OK)
		rc = wait_reply(fd, &target, sent, sent + timeout_ms, &reply, report, size);
	close(fd);

	if (rc == PING_OK)
		write_report(report, size, &target, &reply);
	else if (rc == PING_ETIMEOUT)
		write_report(report, size, &target, NULL);
	return rc;
}
