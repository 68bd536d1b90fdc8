/*
 * One ICMP echo request to an IP address literal, without a shell.
 *
 * It replaces `ping -c 1 {ip}` run through a shell.  The address must be
 * an IPv4 or IPv6 literal (inet_pton), so hostnames and shell syntax never
 * get further than validation.  The echo goes out over an unprivileged
 * ICMP datagram socket, socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) or its
 * ICMPv6 twin, which needs neither root, CAP_NET_RAW nor a setuid binary,
 * only a group inside the sysctl net.ipv4.ping_group_range (which also
 * governs ICMPv6).  Docker sets that range to "0 2147483647" in each
 * container's network namespace.
 *
 * The report mimics the output of iputils `ping -c 1`:
 *
 *     PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.
 *     64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms
 *
 *     --- 127.0.0.1 ping statistics ---
 *     1 packets transmitted, 1 received, 0% packet loss
 *     rtt min/avg/max/mdev = 0.045/0.045/0.045/0.000 ms
 *
 * It differs from iputils in four ways.  It leaves out the total time after
 * "packet loss" and always prints three decimals for the round-trip time.
 * It prints the IPv4 header line "56(84) bytes of data" for IPv6 as well,
 * and it leaves out "ttl=" when the kernel does not report it.  Without
 * a reply the second line is missing and the summary says
 * "1 packets transmitted, 0 received, 100% packet loss".
 */
#ifndef PING_H
#define PING_H

#include <stddef.h>

#define PING_REPORT_SIZE 512
#define PING_DEFAULT_TIMEOUT_MS 1000

enum {
	PING_OK = 0,
	PING_EINVALID = -1,      /* not an IPv4 or IPv6 literal */
	PING_EPERM = -2,         /* ping socket refused: group outside ping_group_range */
	PING_ETIMEOUT = -3,      /* no reply within the timeout */
	PING_EUNREACHABLE = -4,  /* no route, or an ICMP error came back */
	PING_ESYSTEM = -5,       /* any other system call failure */
};

/* Returns 1 when the `len` bytes at `text` are exactly an IPv4 or IPv6
 * literal (no spaces, no zone id, no hostname), else 0. */
int ping_is_address(const char *text, size_t len);

/*
 * Sends one echo request to the literal `address` (`len` bytes) and waits
 * up to `timeout_ms` milliseconds for the reply.  Always writes a report
 * to `report` (at least PING_REPORT_SIZE bytes): the ping-style text above
 * on PING_OK and PING_ETIMEOUT, else one lowercase line naming the error,
 * such as "ping failed: socket not permitted ...".  Returns PING_OK or a
 * negative PING_E* code.
 */
int ping_once(char *report, size_t size, const char *address, size_t len, int timeout_ms);

#endif
