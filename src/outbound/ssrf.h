/*
 * ssrf.h -- which addresses an outbound request may reach.
 *
 * A webhook URL is typed by an administrator but could name anything
 * the server can reach: its own loopback services, the cloud metadata
 * address, the office network.  Those are refused unless the
 * configuration allows them explicitly (webhook_allow: addresses and
 * CIDR blocks), and the address is judged after resolving, so a DNS
 * name, a decimal or octal IPv4 form or an IPv4-mapped IPv6 address
 * cannot slip past.  Pure; no I/O.
 */
#ifndef NG_OUTBOUND_SSRF_H
#define NG_OUTBOUND_SSRF_H

#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define SSRF_ALLOW_MAX 32 /* blocks in an allowlist */

/* One address block (IPv4 is held as IPv4-mapped IPv6). */
struct ssrf_block {
	uint8_t addr[16];
	int	bits;
};

struct ssrf_allow {
	struct ssrf_block v[SSRF_ALLOW_MAX];
	size_t		  n;
};

/*
 * Parse a list of addresses and CIDR blocks separated by commas or
 * spaces ("127.0.0.1, 10.0.0.0/8, ::1, fd00::/8"); "" is an empty list.
 * NG_EINVAL for a bad entry or more than SSRF_ALLOW_MAX.
 */
enum ng_err ssrf_allow_parse(const char *spec, struct ssrf_allow *out) NG_WUR;

/*
 * Why an address may not be reached without being allowed: a static
 * phrase ("loopback", "private", "link-local", "multicast",
 * "unspecified", "reserved"), or NULL for a public address.  IPv4
 * inside IPv6 (mapped, compatible, NAT64, 6to4) is judged as IPv4.
 */
const char *ssrf_blocked(const struct sockaddr *sa);

/*
 * May sa be reached: a public address, or one inside allow?  NULL when
 * it may; else why (as ssrf_blocked()).
 */
const char *ssrf_check(const struct sockaddr *sa,
    const struct ssrf_allow		     *allow);

#endif
