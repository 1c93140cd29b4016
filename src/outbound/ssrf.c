/*
 * ssrf.c -- the outbound address policy (ssrf.h).
 *
 * Every address is first made a 16-byte IPv6 one (IPv4 as ::ffff:a.b.c.d)
 * and IPv4 embedded in IPv6 by any of the usual means is pulled out, so
 * one IPv4 table judges every form of an IPv4 address.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outbound/ssrf.h"

struct range {
	uint8_t	    a, b, c, d;
	int	    bits;
	const char *why;
};

/* IPv4 blocks no webhook may reach unless allowed (RFC 6890). */
static const struct range v4[] = {
	{ 0, 0, 0, 0, 8, "unspecified" }, { 10, 0, 0, 0, 8, "private" },
	{ 100, 64, 0, 0, 10, "private" }, /* carrier-grade NAT */
	{ 127, 0, 0, 0, 8, "loopback" }, { 169, 254, 0, 0, 16, "link-local" },
	{ 172, 16, 0, 0, 12, "private" }, { 192, 0, 0, 0, 24, "reserved" },
	{ 192, 0, 2, 0, 24, "reserved" }, { 192, 168, 0, 0, 16, "private" },
	{ 198, 18, 0, 0, 15, "reserved" }, { 198, 51, 100, 0, 24, "reserved" },
	{ 203, 0, 113, 0, 24, "reserved" }, { 224, 0, 0, 0, 4, "multicast" },
	{ 240, 0, 0, 0, 4, "reserved" }, /* and 255.255.255.255 */
};

static int
prefix_eq(const uint8_t *a, const uint8_t *b, int bits)
{
	int whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, (size_t)whole) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[whole] ^ b[whole]) & (0xff << (8 - rest))) == 0;
}

/* sa as 16 bytes (IPv4 mapped); 0 for another family. */
static int
to16(const struct sockaddr *sa, uint8_t out[16])
{
	if (sa->sa_family == AF_INET) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    4);
		return 1;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(out,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    16);
		return 1;
	}
	return 0;
}

/* The IPv4 address inside a (mapped, compatible, NAT64, 6to4); 0: none. */
static int
embedded_v4(const uint8_t a[16], uint8_t out[4])
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
		0xff };
	static const uint8_t compat[12] = { 0 };
	static const uint8_t nat64[12] = { 0, 0x64, 0xff, 0x9b };

	if (memcmp(a, mapped, 12) == 0 || memcmp(a, nat64, 12) == 0 ||
	    (memcmp(a, compat, 12) == 0 &&
		(a[12] | a[13] | a[14] | a[15]) != 0 &&
		!(a[12] == 0 && a[13] == 0 && a[14] == 0 && a[15] == 1))) {
		memcpy(out, a + 12, 4);
		return 1;
	}
	if (a[0] == 0x20 && a[1] == 0x02) { /* 6to4: 2002:aabb:ccdd::/48 */
		memcpy(out, a + 2, 4);
		return 1;
	}
	return 0;
}

static const char *
blocked_v4(const uint8_t a[4])
{
	size_t	i;
	uint8_t r[4];

	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		r[0] = v4[i].a;
		r[1] = v4[i].b;
		r[2] = v4[i].c;
		r[3] = v4[i].d;
		if (prefix_eq(a, r, v4[i].bits))
			return v4[i].why;
	}
	return NULL;
}

static const char *
blocked16(const uint8_t a[16])
{
	static const uint8_t zero[16] = { 0 };
	uint8_t		     four[4];
	int		     i;

	if (embedded_v4(a, four))
		return blocked_v4(four);
	if (memcmp(a, zero, 16) == 0)
		return "unspecified";
	for (i = 0; i < 15 && a[i] == 0; i++)
		continue;
	if (i == 15 && a[15] == 1)
		return "loopback";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "link-local";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		return "private"; /* site-local, deprecated */
	if ((a[0] & 0xfe) == 0xfc)
		return "private"; /* unique local */
	if (a[0] == 0xff)
		return "multicast";
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		return "reserved"; /* documentation */
	if (a[0] == 0x01 && a[1] == 0 && a[2] == 0 && a[3] == 0)
		return "reserved"; /* discard */
	return NULL;
}

const char *
ssrf_blocked(const struct sockaddr *sa)
{
	uint8_t a[16];

	if (!to16(sa, a))
		return "unspecified";
	return blocked16(a);
}

const char *
ssrf_check(const struct sockaddr *sa, const struct ssrf_allow *allow)
{
	uint8_t	    a[16], four[4];
	const char *why;
	size_t	    i;

	if ((why = ssrf_blocked(sa)) == NULL)
		return NULL;
	if (allow == NULL || !to16(sa, a))
		return why;
	/* An allowed IPv4 block allows that address in every IPv6 dress. */
	if (embedded_v4(a, four)) {
		memset(a, 0, 10);
		a[10] = a[11] = 0xff;
		memcpy(a + 12, four, 4);
	}
	for (i = 0; i < allow->n; i++)
		if (prefix_eq(a, allow->v[i].addr, allow->v[i].bits))
			return NULL;
	return why;
}

/* One entry ("10.0.0.0/8", "::1") into b; 0 when it is bad. */
static int
parse_block(const char *s, size_t n, struct ssrf_block *b)
{
	char		buf[64], *slash, *end;
	struct in_addr	in4;
	struct in6_addr in6;
	long		bits;
	int		max;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	/* inet_pton, not inet_aton: only the dotted-quad form is taken. */
	if (inet_pton(AF_INET, buf, &in4) == 1) {
		memset(b->addr, 0, 10);
		b->addr[10] = b->addr[11] = 0xff;
		memcpy(b->addr + 12, &in4, 4);
		max = 32;
	} else if (inet_pton(AF_INET6, buf, &in6) == 1) {
		memcpy(b->addr, &in6, 16);
		max = 128;
	} else
		return 0;
	bits = max;
	if (slash != NULL) {
		if (*slash < '0' || *slash > '9')
			return 0;
		bits = strtol(slash, &end, 10);
		if (*end != '\0' || bits < 0 || bits > max)
			return 0;
	}
	b->bits = (int)bits + (max == 32 ? 96 : 0);
	return 1;
}

enum ng_err
ssrf_allow_parse(const char *spec, struct ssrf_allow *out)
{
	const char *p = spec != NULL ? spec : "";
	size_t	    n;

	memset(out, 0, sizeof(*out));
	for (;;) {
		p += strspn(p, ", \t");
		if (*p == '\0')
			return NG_OK;
		n = strcspn(p, ", \t");
		if (out->n == SSRF_ALLOW_MAX ||
		    !parse_block(p, n, &out->v[out->n]))
			return NG_EINVAL;
		out->n++;
		p += n;
	}
}
