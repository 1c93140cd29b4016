/*
 * conncap.h -- open connections per client address, capped.
 *
 * libmicrohttpd's own per-address cap counts every peer, so behind a
 * proxy it would cap the proxy: all readers share its address.  With
 * trusted_proxies set the server counts here instead and leaves the
 * proxies out.  Addresses are the 16-byte form proxy.c uses.
 */
#ifndef NG_HTTP_CONNCAP_H
#define NG_HTTP_CONNCAP_H

#include <sys/socket.h>

struct conncap;

/* A table allowing at most cap connections per address (cap 0: any). */
struct conncap *conncap_new(unsigned cap);
void		conncap_free(struct conncap *cc);

/* Non-zero if one more connection from sa would stay within the cap. */
int conncap_allows(struct conncap *cc, const struct sockaddr *sa);

/* A connection from sa opened (+1) or closed (-1). */
void conncap_count(struct conncap *cc, const struct sockaddr *sa, int delta);

#endif
