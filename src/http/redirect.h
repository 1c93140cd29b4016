/*
 * redirect.h -- the plain-HTTP listener of a TLS site (tls_redirect):
 * every request gets a 301 to the same path on https://, except ACME
 * challenges, which are answered from acme_webroot (a certificate must
 * be renewable over plain HTTP).
 */
#ifndef NG_HTTP_REDIRECT_H
#define NG_HTTP_REDIRECT_H

#include <stddef.h>

#include "core/err.h"

struct ng_config;
struct redirect;

/*
 * The https:// URL for a request with this Host header (may be NULL)
 * and raw target, given the TLS port and the configured base_url;
 * NULL when no safe host is known.  Pure; malloc'd.
 */
char *redirect_location(const char *host, const char *target, unsigned tls_port,
    const char *base_url);

/* Listen on cfg->tls_redirect ("ADDR:PORT"). */
enum ng_err redirect_start(const struct ng_config *cfg, unsigned tls_port,
    struct redirect **out, char *errbuf, size_t errsz) NG_WUR;
unsigned    redirect_port(const struct redirect *rd);
void	    redirect_stop(struct redirect *rd);

#endif
