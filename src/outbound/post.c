/*
 * post.c -- the outbound HTTP POST (post.h): the only user of libcurl.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "core/log.h"
#include "outbound/post.h"
#include "outbound/ssrf.h"

/* What a request was pinned to, and what it has read. */
struct pin {
	struct sockaddr_storage addr;
	socklen_t		len;
	struct outbound_result *r;
	size_t			max;
	int			too_big;
	int			wrong_addr;
};

enum ng_err
outbound_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? NG_OK :
								   NG_EIO;
}

void
outbound_cleanup(void)
{
	curl_global_cleanup();
}

static void
say(char *why, size_t whysz, const char *msg)
{
	if (why != NULL && whysz > 0)
		snprintf(why, whysz, "%s", msg);
}

/*
 * Parse url with curl's own parser (so we judge the host curl will
 * use): scheme http/https, a host; *host (without IPv6 brackets) and
 * *port.  The CURLU stays for the request.
 */
static CURLU *
parse(const char *url, char *host, size_t hostsz, long *port, char *why,
    size_t whysz)
{
	CURLU *u;
	char  *scheme = NULL, *h = NULL, *pt = NULL;
	size_t n;

	if ((u = curl_url()) == NULL) {
		say(why, whysz, "out of memory");
		return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &pt, CURLU_DEFAULT_PORT) !=
		CURLUE_OK) {
		say(why, whysz, "not a valid URL");
		goto bad;
	}
	if (strcasecmp(scheme, "http") != 0 &&
	    strcasecmp(scheme, "https") != 0) {
		if (why != NULL && whysz > 0)
			snprintf(why, whysz,
			    "the scheme %s is not http or https", scheme);
		goto bad;
	}
	n = strlen(h);
	if (n >= 2 && h[0] == '[' && h[n - 1] == ']') {
		memmove(h, h + 1, n - 2);
		h[n - 2] = '\0';
		n -= 2;
	}
	/* Zone ids (fe80::1%eth0) name a local link: never. */
	if (n == 0 || n >= hostsz || strchr(h, '%') != NULL) {
		say(why, whysz, "the URL has no usable host");
		goto bad;
	}
	memcpy(host, h, n + 1);
	*port = strtol(pt, NULL, 10);
	curl_free(scheme);
	curl_free(h);
	curl_free(pt);
	return u;
bad:
	curl_free(scheme);
	curl_free(h);
	curl_free(pt);
	curl_url_cleanup(u);
	return NULL;
}

/*
 * Resolve host; every address must pass the policy.  The first goes in
 * *pin.  NG_EINVAL (why) when one is refused or none is found.
 */
static enum ng_err
resolve(const char *host, const struct ssrf_allow *allow,
    struct sockaddr_storage *pin, socklen_t *len, char *why, size_t whysz)
{
	struct addrinfo hints, *res, *ai;
	const char     *bad;
	char		ip[INET6_ADDRSTRLEN];
	int		rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, NULL, &hints, &res)) != 0) {
		if (why != NULL && whysz > 0)
			snprintf(why, whysz, "cannot resolve the host: %s",
			    gai_strerror(rc));
		return NG_EINVAL;
	}
	*len = 0;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		if ((bad = ssrf_check(ai->ai_addr, allow)) != NULL) {
			if (getnameinfo(ai->ai_addr, ai->ai_addrlen, ip,
				sizeof(ip), NULL, 0, NI_NUMERICHOST) != 0)
				strcpy(ip, "?");
			if (why != NULL && whysz > 0)
				snprintf(why, whysz,
				    "the host's address %s is %s and not "
				    "allowed (webhook_allow)",
				    ip, bad);
			freeaddrinfo(res);
			return NG_EINVAL;
		}
		if (*len == 0) {
			memcpy(pin, ai->ai_addr, ai->ai_addrlen);
			*len = ai->ai_addrlen;
		}
	}
	freeaddrinfo(res);
	if (*len == 0) {
		say(why, whysz, "the host has no IP address");
		return NG_EINVAL;
	}
	return NG_OK;
}

enum ng_err
outbound_url_check(const char *url, const struct ssrf_allow *allow, char *why,
    size_t whysz)
{
	struct sockaddr_storage ss;
	socklen_t		len;
	char			host[256];
	long			port;
	CURLU		       *u;
	enum ng_err		err;

	if ((u = parse(url, host, sizeof(host), &port, why, whysz)) == NULL)
		return NG_EINVAL;
	curl_url_cleanup(u);
	err = resolve(host, allow, &ss, &len, why, whysz);
	return err;
}

static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	struct pin *pin = arg;
	size_t	    n = size * nmemb, keep;

	if (pin->r->body_len + n > pin->max) {
		pin->too_big = 1;
		return 0; /* curl stops: CURLE_WRITE_ERROR */
	}
	keep = sizeof(pin->r->body) - 1;
	if (pin->r->body_len < keep) {
		if (n < keep - pin->r->body_len)
			keep = pin->r->body_len + n;
		memcpy(pin->r->body + pin->r->body_len, p,
		    keep - pin->r->body_len);
		pin->r->body[keep] = '\0';
	}
	pin->r->body_len += n;
	return n;
}

/* The socket curl wants: only to the pinned address. */
static curl_socket_t
on_socket(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct pin *pin = arg;
	const void *x, *y;
	size_t	    n;

	(void)purpose;
	if (a->family != pin->addr.ss_family) {
		pin->wrong_addr = 1;
		return CURL_SOCKET_BAD;
	}
	if (a->family == AF_INET) {
		x = &((struct sockaddr_in *)(void *)&a->addr)->sin_addr;
		y = &((struct sockaddr_in *)(void *)&pin->addr)->sin_addr;
		n = 4;
	} else {
		x = &((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr;
		y = &((struct sockaddr_in6 *)(void *)&pin->addr)->sin6_addr;
		n = 16;
	}
	if (memcmp(x, y, n) != 0) {
		pin->wrong_addr = 1;
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

enum ng_err
outbound_post(const struct outbound_post *p, struct outbound_result *r)
{
	struct curl_slist *hdrs = NULL, *res_list = NULL, *t;
	struct pin	   pin;
	char		   host[256], ip[INET6_ADDRSTRLEN], line[400];
	const void	  *src;
	long		   port, code = 0;
	size_t		   i;
	CURLU		  *u;
	CURL		  *h = NULL;
	CURLcode	   rc;
	enum ng_err	   err = NG_EIO;

	memset(r, 0, sizeof(*r));
	memset(&pin, 0, sizeof(pin));
	pin.r = r;
	pin.max = p->response_max;
	if ((u = parse(p->url, host, sizeof(host), &port, r->error,
		 sizeof(r->error))) == NULL)
		return NG_EINVAL;
	if (resolve(host, p->allow, &pin.addr, &pin.len, r->error,
		sizeof(r->error)) != NG_OK) {
		curl_url_cleanup(u);
		return NG_EINVAL;
	}
	src = pin.addr.ss_family == AF_INET ?
	    (const void *)&((struct sockaddr_in *)(void *)&pin.addr)->sin_addr :
	    (const void *)&((struct sockaddr_in6 *)(void *)&pin.addr)
		->sin6_addr;
	if (inet_ntop(pin.addr.ss_family, src, ip, sizeof(ip)) == NULL)
		goto out;
	snprintf(line, sizeof(line),
	    pin.addr.ss_family == AF_INET6 ? "%s:%ld:[%s]" : "%s:%ld:%s",
	    strchr(host, ':') != NULL ? "" : host, port, ip);
	/* An IPv6 literal host pins itself: curl needs no entry for it. */
	if (strchr(host, ':') == NULL &&
	    (res_list = curl_slist_append(NULL, line)) == NULL)
		goto out;
	if (p->content_type != NULL) {
		snprintf(line, sizeof(line), "Content-Type: %s",
		    p->content_type);
		if ((t = curl_slist_append(hdrs, line)) == NULL)
			goto out;
		hdrs = t;
	}
	/* No "Expect: 100-continue" round trip for a small body. */
	if ((t = curl_slist_append(hdrs, "Expect:")) == NULL)
		goto out;
	hdrs = t;
	for (i = 0; i < p->nheaders && i < OUTBOUND_HEADERS_MAX; i++) {
		if ((t = curl_slist_append(hdrs, p->headers[i])) == NULL)
			goto out;
		hdrs = t;
	}
	if ((h = curl_easy_init()) == NULL)
		goto out;
	curl_easy_setopt(h, CURLOPT_CURLU, u);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, p->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, p->timeout_ms);
	if (res_list != NULL)
		curl_easy_setopt(h, CURLOPT_RESOLVE, res_list);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, on_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &pin);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &pin);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, p->body.p);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)p->body.n);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "nutgraf-webhook/1");
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (pin.wrong_addr) {
		snprintf(r->error, sizeof(r->error),
		    "refused to connect to an address other than %s", ip);
		err = NG_EINVAL;
	} else if (pin.too_big)
		snprintf(r->error, sizeof(r->error),
		    "the answer is larger than %zu bytes", p->response_max);
	else if (rc != CURLE_OK)
		snprintf(r->error, sizeof(r->error), "%s",
		    curl_easy_strerror(rc));
	else {
		r->status = (int)code;
		err = NG_OK;
		if (code < 200 || code > 299)
			snprintf(r->error, sizeof(r->error), "HTTP %ld", code);
	}
out:
	if (h != NULL)
		curl_easy_cleanup(h);
	curl_slist_free_all(hdrs);
	curl_slist_free_all(res_list);
	curl_url_cleanup(u);
	if (err == NG_EIO && r->error[0] == '\0')
		snprintf(r->error, sizeof(r->error), "%s", "out of memory");
	return err;
}
