/*
 * proxy.c -- trusted proxies and the client address behind them.
 *
 * Every address is held as 16 bytes: IPv4 as the IPv4-mapped IPv6
 * address ::ffff:a.b.c.d, so that one prefix comparison serves both
 * families and a peer that a dual-stack socket reports as
 * ::ffff:127.0.0.1 matches "127.0.0.1" in the list.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "http/proxy.h"

/* More entries than any real deployment; bounds the work per request. */
#define PROXIES_MAX 256
/* X-Forwarded-For entries looked at, from the right. */
#define XFF_HOPS_MAX 32

struct net {
	uint8_t	 a[16];
	unsigned bits; /* prefix length over the 16 bytes */
};

struct proxies {
	size_t	   n;
	struct net net[];
};

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	0xff };

/* Parse address text (no brackets, no port) into 16 bytes. */
static int
addr_parse(const char *s, uint8_t out[16], int *v4)
{
	struct in_addr in;

	if (inet_pton(AF_INET, s, &in) == 1) {
		memcpy(out, v4mapped, 12);
		memcpy(out + 12, &in, 4);
		*v4 = 1;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*v4 = memcmp(out, v4mapped, 12) == 0;
		return 0;
	}
	return -1;
}

static void
addr_text(const uint8_t a[16], char *buf, size_t sz)
{
	if (memcmp(a, v4mapped, 12) == 0)
		inet_ntop(AF_INET, a + 12, buf, (socklen_t)sz);
	else
		inet_ntop(AF_INET6, a, buf, (socklen_t)sz);
}

static int
net_match(const struct net *n, const uint8_t a[16])
{
	unsigned full = n->bits / 8, rest = n->bits % 8;
	uint8_t	 mask;

	if (memcmp(n->a, a, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (uint8_t)(0xff << (8 - rest));
	return (n->a[full] & mask) == (a[full] & mask);
}

/* One list entry: ADDR or ADDR/BITS. */
static int
net_parse(const char *s, struct net *n)
{
	char	      buf[64];
	char	     *slash, *end;
	unsigned long bits;
	unsigned      i;
	int	      v4;

	if (strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash = '\0';
	if (addr_parse(buf, n->a, &v4) == -1)
		return -1;
	n->bits = 128;
	if (slash != NULL) {
		if (slash[1] < '0' || slash[1] > '9')
			return -1;
		bits = strtoul(slash + 1, &end, 10);
		if (*end != '\0' || bits > (v4 ? 32UL : 128UL))
			return -1;
		n->bits = (unsigned)bits + (v4 ? 96 : 0);
	}
	/* 10.1.2.3/8 means 10.0.0.0/8: clear the host bits. */
	for (i = n->bits; i < 128; i++)
		n->a[i / 8] &= (uint8_t) ~(0x80 >> (i % 8));
	return 0;
}

enum ng_err
proxies_parse(const char *spec, struct proxies **out, char *errbuf,
    size_t errsz)
{
	struct proxies *p;
	char		word[128];
	const char     *s = spec;
	size_t		n;

	*out = NULL;
	if (spec == NULL)
		return NG_OK;
	p = xcalloc(1, sizeof(*p) + PROXIES_MAX * sizeof(p->net[0]));
	for (;;) {
		s += strspn(s, ", \t");
		if (*s == '\0')
			break;
		n = strcspn(s, ", \t");
		if (n >= sizeof(word) || p->n == PROXIES_MAX) {
			snprintf(errbuf, errsz, "trusted_proxies: %s",
			    p->n == PROXIES_MAX ? "more than 256 entries" :
						  "an entry is too long");
			goto bad;
		}
		memcpy(word, s, n);
		word[n] = '\0';
		if (net_parse(word, &p->net[p->n]) == -1) {
			snprintf(errbuf, errsz,
			    "trusted_proxies: \"%s\" is "
			    "not an IPv4 or IPv6 address or CIDR range",
			    word);
			goto bad;
		}
		p->n++;
		s += n;
	}
	if (p->n == 0) {
		free(p);
		return NG_OK;
	}
	*out = p;
	return NG_OK;
bad:
	free(p);
	return NG_EINVAL;
}

void
proxies_free(struct proxies *p)
{
	free(p);
}

static int
trusted16(const struct proxies *p, const uint8_t a[16])
{
	size_t i;

	if (p == NULL)
		return 0;
	for (i = 0; i < p->n; i++)
		if (net_match(&p->net[i], a))
			return 1;
	return 0;
}

int
proxies_trusted(const struct proxies *p, const char *ip)
{
	uint8_t a[16];
	int	v4;

	if (p == NULL || ip == NULL || addr_parse(ip, a, &v4) == -1)
		return 0;
	return trusted16(p, a);
}

int
proxies_trusted_sa(const struct proxies *p, const struct sockaddr *sa)
{
	uint8_t a[16];

	if (p == NULL || sa == NULL)
		return 0;
	if (sa->sa_family == AF_INET) {
		memcpy(a, v4mapped, 12);
		memcpy(a + 12,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    4);
	} else if (sa->sa_family == AF_INET6)
		memcpy(a,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    16);
	else
		return 0;
	return trusted16(p, a);
}

/*
 * One X-Forwarded-For entry to 16 bytes.  Proxies write bare addresses;
 * tolerate "[v6]", "[v6]:port" and "v4:port" as some do.
 */
static int
hop_parse(struct str e, uint8_t out[16])
{
	char	    buf[64];
	const char *close;
	const char *colon;
	int	    v4;

	while (e.n > 0 && (e.p[0] == ' ' || e.p[0] == '\t'))
		e.p++, e.n--;
	while (e.n > 0 && (e.p[e.n - 1] == ' ' || e.p[e.n - 1] == '\t'))
		e.n--;
	if (e.n == 0 || e.n >= sizeof(buf))
		return -1;
	if (e.p[0] == '[') {
		if ((close = memchr(e.p, ']', e.n)) == NULL)
			return -1;
		if (close + 1 != e.p + e.n && close[1] != ':')
			return -1;
		e.n = (size_t)(close - e.p) - 1;
		e.p++;
	} else if ((colon = memchr(e.p, ':', e.n)) != NULL &&
	    memchr(colon + 1, ':', e.n - (size_t)(colon + 1 - e.p)) == NULL)
		e.n = (size_t)(colon - e.p); /* a.b.c.d:port */
	memcpy(buf, e.p, e.n);
	buf[e.n] = '\0';
	return addr_parse(buf, out, &v4);
}

/* The rightmost comma-separated token of s, trimmed and unquoted. */
static struct str
last_token(struct str s)
{
	const char *c;
	size_t	    i;

	for (i = s.n; i > 0; i--)
		if (s.p[i - 1] == ',')
			break;
	c = s.p + i;
	s.n -= i;
	s.p = c;
	while (s.n > 0 && (s.p[0] == ' ' || s.p[0] == '\t'))
		s.p++, s.n--;
	while (s.n > 0 && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

void
proxy_client(const struct proxies *p, const char *peer, struct str xff,
    struct str xfp, struct proxy_client *out)
{
	uint8_t	   peer16[16], hop[16], best[16];
	struct str e, proto;
	size_t	   end, i;
	int	   v4, hops;

	memset(out, 0, sizeof(*out));
	out->https = -1;
	snprintf(out->ip, sizeof(out->ip), "%s", peer != NULL ? peer : "-");
	if (p == NULL || peer == NULL || addr_parse(peer, peer16, &v4) == -1)
		return;
	/* Write the peer in canonical form: ::ffff:127.0.0.1 is 127.0.0.1. */
	addr_text(peer16, out->ip, sizeof(out->ip));
	if (!trusted16(p, peer16))
		return;

	if (xfp.p != NULL) {
		proto = last_token(xfp);
		if (proto.n == 5 && strncasecmp(proto.p, "https", 5) == 0)
			out->https = 1;
		else if (proto.n == 4 && strncasecmp(proto.p, "http", 4) == 0)
			out->https = 0;
	}
	if (xff.p == NULL)
		return;
	out->relayed = 1;
	/*
	 * Walk from the right.  Stop at the first untrusted address: that
	 * is the client.  A malformed entry ends the walk too, and then
	 * the nearest trusted hop is all we know (nginx's realip does the
	 * same); when every entry is trusted, the leftmost is the client.
	 */
	memcpy(best, peer16, 16);
	end = xff.n;
	for (hops = 0; end > 0 && hops < XFF_HOPS_MAX; hops++) {
		for (i = end; i > 0 && xff.p[i - 1] != ','; i--)
			;
		e.p = xff.p + i;
		e.n = end - i;
		end = i > 0 ? i - 1 : 0;
		if (hop_parse(e, hop) == -1)
			break;
		memcpy(best, hop, 16);
		if (!trusted16(p, hop))
			break;
		if (i == 0)
			break;
	}
	addr_text(best, out->ip, sizeof(out->ip));
}
