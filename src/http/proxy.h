/*
 * proxy.h -- who the client is when a reverse proxy stands in front
 * (the trusted_proxies setting).
 *
 * A request's peer is whoever opened the TCP connection.  When that
 * peer is in the trusted_proxies list, the client is the rightmost
 * X-Forwarded-For address that is not itself trusted (every proxy
 * appends the address it saw, so entries to the right of the first
 * untrusted one were written by proxies we trust and entries to its
 * left may be forged by the client), and the scheme is the one
 * X-Forwarded-Proto names.  From any other peer both headers are
 * ignored: a reader cannot choose the address its limits count under.
 *
 * Pure: strings in, strings out; unit-tested and fuzzed.
 */
#ifndef NG_HTTP_PROXY_H
#define NG_HTTP_PROXY_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

/* The longest address text written: a full IPv6 address and a NUL. */
#define PROXY_IP_MAX 46

struct proxies;

/*
 * Parse a list of addresses and CIDR ranges separated by commas or
 * spaces ("127.0.0.1, 10.0.0.0/8 ::1 fd00::/8").  An empty or NULL spec
 * gives an empty list (*out = NULL), which trusts no one.  A bad entry
 * is named in errbuf and gives NG_EINVAL.
 */
enum ng_err proxies_parse(const char *spec, struct proxies **out, char *errbuf,
    size_t errsz) NG_WUR;
void	    proxies_free(struct proxies *p);

/* Non-zero if the address text ip is in the list (NULL list: never). */
int proxies_trusted(const struct proxies *p, const char *ip);

struct sockaddr;

/* The same for a socket address (AF_INET or AF_INET6). */
int proxies_trusted_sa(const struct proxies *p, const struct sockaddr *sa);

/* What proxy_client() found. */
struct proxy_client {
	char ip[PROXY_IP_MAX]; /* the client address */
	int  relayed;	       /* came through a trusted proxy that said
				   for whom (it had X-Forwarded-For) */
	int  https;	       /* -1: the peer did not say; 0: http; 1: https */
};

/*
 * Decide the client of a request whose TCP peer has address text peer,
 * carrying xff (all X-Forwarded-For values joined by commas; STR_NULL
 * if none) and xfp (X-Forwarded-Proto; STR_NULL if none).
 */
void proxy_client(const struct proxies *p, const char *peer, struct str xff,
    struct str xfp, struct proxy_client *out);

#endif
