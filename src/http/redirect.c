/*
 * redirect.c -- a small libmicrohttpd daemon of its own: no router, no
 * handlers, no cache; one answer per request.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "http/acme.h"
#include "http/http_int.h"
#include "http/limits.h"
#include "http/redirect.h"

#define TARGET_MAX 8192 /* a longer request target gets a 414 */

struct redirect {
	struct MHD_Daemon      *daemon;
	const struct ng_config *cfg;
	unsigned		tls_port;
	unsigned		port;
};

/* Non-zero for a host name or [IPv6] address, with no port. */
static int
host_ok(const char *h, size_t n)
{
	size_t i;
	char   c;

	if (n == 0 || n > 255)
		return 0;
	if (h[0] == '[')
		return n > 2 && h[n - 1] == ']' &&
		    strspn(h + 1, "0123456789abcdefABCDEF:.") == n - 2;
	for (i = 0; i < n; i++) {
		c = h[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '-'))
			return 0;
	}
	return 1;
}

/* The host part of a Host header value or of a URL's authority. */
static size_t
host_len(const char *h)
{
	const char *close;

	if (h[0] == '[')
		return (close = strchr(h, ']')) != NULL ?
		    (size_t)(close - h) + 1 :
		    0;
	return strcspn(h, ":/?#");
}

char *
redirect_location(const char *host, const char *target, unsigned tls_port,
    const char *base_url)
{
	char	   *out;
	size_t	    n, len;
	const char *t;

	if (target == NULL || target[0] != '/')
		target = "/";
	for (t = target; *t != '\0'; t++)
		if ((unsigned char)*t <= 0x20 || *t == 0x7f)
			return NULL;
	if (host == NULL || !host_ok(host, n = host_len(host)) ||
	    (host[n] != '\0' && host[n] != ':')) {
		/* No usable Host: only the configured name will do. */
		if (base_url == NULL ||
		    strncasecmp(base_url, "https://", 8) != 0)
			return NULL;
		host = base_url + 8;
		n = host_len(host);
		if (!host_ok(host, n))
			return NULL;
	}
	len = n + strlen(target) + 32;
	out = xmalloc(len);
	if (tls_port == 443 || tls_port == 0)
		snprintf(out, len, "https://%.*s%s", (int)n, host, target);
	else
		snprintf(out, len, "https://%.*s:%u%s", (int)n, host, tls_port,
		    target);
	return out;
}

static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)conn;
	/* The raw target, query included, for the Location. */
	return strlen(uri) <= TARGET_MAX ? xstrdup(uri) : NULL;
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	free(*req_cls);
	*req_cls = NULL;
}

static enum MHD_Result
answer(struct MHD_Connection *conn, unsigned status, const char *type,
    const char *body, size_t n, const char *location)
{
	struct MHD_Response *mr;
	enum MHD_Result	     ret;

	mr = MHD_create_response_from_buffer(n, (void *)(uintptr_t)body,
	    MHD_RESPMEM_MUST_COPY);
	if (mr == NULL)
		return MHD_NO;
	MHD_add_response_header(mr, "Content-Type", type);
	MHD_add_response_header(mr, "Cache-Control",
	    status == 301 ? "public, max-age=300" : "no-store");
	if (location != NULL)
		MHD_add_response_header(mr, "Location", location);
	ret = MHD_queue_response(conn, status, mr);
	MHD_destroy_response(mr);
	return ret;
}

static enum MHD_Result
on_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	struct redirect *rd = cls;
	const char	*target = *req_cls, *host;
	struct arena	*a;
	struct str	 body;
	enum MHD_Result	 ret;
	char		*loc;
	size_t		 plen = strlen(ACME_PREFIX);

	(void)url;
	(void)version;
	(void)upload;
	if (*upload_size > 0) { /* a body has nothing to tell us */
		*upload_size = 0;
		return MHD_YES;
	}
	if (target == NULL)
		return answer(conn, 414, "text/plain", "URI too long\n", 13,
		    NULL);
	if (strncmp(target, ACME_PREFIX, plen) == 0 &&
	    (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)) {
		a = arena_new(ACME_FILE_MAX * 2);
		if (acme_read(a, rd->cfg->acme_webroot, str_c(target + plen),
			&body) == NG_OK)
			ret = answer(conn, 200, "text/plain", body.p, body.n,
			    NULL);
		else
			ret = answer(conn, 404, "text/plain", "Not found\n", 10,
			    NULL);
		arena_free(a);
		return ret;
	}
	host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
	if ((loc = redirect_location(host, target, rd->tls_port,
		 rd->cfg->base_url)) == NULL)
		return answer(conn, 400, "text/plain", "Bad Host\n", 9, NULL);
	ret = answer(conn, 301, "text/html; charset=utf-8",
	    "<p>This site is served over HTTPS.</p>\n", 39, loc);
	free(loc);
	return ret;
}

enum ng_err
redirect_start(const struct ng_config *cfg, unsigned tls_port,
    struct redirect **out, char *errbuf, size_t errsz)
{
	struct redirect		   *rd;
	const union MHD_DaemonInfo *di;
	const char		   *spec = cfg->tls_redirect, *colon;
	char			    host[128], *end;
	unsigned long		    port;
	enum ng_err		    err;
	int			    fd;

	*out = NULL;
	if ((colon = strrchr(spec, ':')) == NULL || colon == spec ||
	    (size_t)(colon - spec) >= sizeof(host)) {
		snprintf(errbuf, errsz,
		    "tls_redirect: \"%s\" is not "
		    "ADDR:PORT",
		    spec);
		return NG_EINVAL;
	}
	port = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || port > 65535) {
		snprintf(errbuf, errsz, "tls_redirect: bad port in \"%s\"",
		    spec);
		return NG_EINVAL;
	}
	if (spec[0] == '[' && colon[-1] == ']')
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec) - 2,
		    spec + 1);
	else
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec), spec);
	if ((err = http_listen(host, (unsigned)port, &fd, errbuf, errsz)) !=
	    NG_OK)
		return err;
	rd = xcalloc(1, sizeof(*rd));
	rd->cfg = cfg;
	rd->tls_port = tls_port;
	rd->daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
		MHD_USE_EPOLL | MHD_USE_ITC,
	    0, NULL, NULL, on_access, rd, MHD_OPTION_LISTEN_SOCKET,
	    (MHD_socket)fd, MHD_OPTION_CONNECTION_LIMIT, cfg->conns_max,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->conns_per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)(cfg->header_max + HTTP_POOL_SLACK),
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, rd,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, rd, MHD_OPTION_END);
	if (rd->daemon == NULL) {
		snprintf(errbuf, errsz,
		    "tls_redirect: libmicrohttpd refused "
		    "to start on %s",
		    spec);
		close(fd);
		free(rd);
		return NG_EIO;
	}
	di = MHD_get_daemon_info(rd->daemon, MHD_DAEMON_INFO_BIND_PORT);
	rd->port = di != NULL && di->port != 0 ? di->port : (unsigned)port;
	*out = rd;
	return NG_OK;
}

unsigned
redirect_port(const struct redirect *rd)
{
	return rd->port;
}

void
redirect_stop(struct redirect *rd)
{
	MHD_socket lfd;

	if (rd == NULL)
		return;
	lfd = MHD_quiesce_daemon(rd->daemon);
	MHD_stop_daemon(rd->daemon);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	free(rd);
}
