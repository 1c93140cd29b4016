/*
 * smtp.c -- one message to the configured SMTP server through libcurl
 * (smtp.h).
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "outbound/smtp.h"

struct upload {
	struct str m;
	size_t	   off;
};

static size_t
on_read(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t	       n = size * nmemb;

	if (n > u->m.n - u->off)
		n = u->m.n - u->off;
	memcpy(buf, u->m.p + u->off, n);
	u->off += n;
	return n;
}

/* An envelope address: printable, no space, no <>, one '@'. */
static int
envelope_ok(const char *a)
{
	const char *p, *at = NULL;

	if (a == NULL || a[0] == '\0' || strlen(a) > 254)
		return 0;
	for (p = a; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == '<' || *p == '>')
			return 0;
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	}
	return at != NULL && at != a && at[1] != '\0';
}

enum ng_err
outbound_smtp_send(const struct outbound_smtp *s, const char *from,
    const char *to, struct str message, char *err, size_t errsz)
{
	struct curl_slist *rcpt = NULL;
	struct upload	   up = { message, 0 };
	char		   url[400], addr[300];
	unsigned	   port = s->port;
	CURL		  *h;
	CURLcode	   rc;

	err[0] = '\0';
	if (!envelope_ok(from) || !envelope_ok(to)) {
		snprintf(err, errsz, "not an address: %s",
		    envelope_ok(from) ? to : from);
		return NG_EINVAL;
	}
	if (s->host == NULL || s->host[0] == '\0' ||
	    strpbrk(s->host, "/@?# \t\r\n") != NULL) {
		snprintf(err, errsz, "no usable smtp_host");
		return NG_EINVAL;
	}
	if (port == 0)
		port = s->tls == OUTBOUND_SMTP_TLS   ? 465 :
		    s->tls == OUTBOUND_SMTP_STARTTLS ? 587 :
						       25;
	snprintf(url, sizeof(url),
	    strchr(s->host, ':') != NULL ? "%s://[%s]:%u/" : "%s://%s:%u/",
	    s->tls == OUTBOUND_SMTP_TLS ? "smtps" : "smtp", s->host, port);
	snprintf(addr, sizeof(addr), "<%s>", to);
	if ((rcpt = curl_slist_append(NULL, addr)) == NULL) {
		snprintf(err, errsz, "out of memory");
		return NG_EIO;
	}
	if ((h = curl_easy_init()) == NULL) {
		curl_slist_free_all(rcpt);
		snprintf(err, errsz, "out of memory");
		return NG_EIO;
	}
	snprintf(addr, sizeof(addr), "<%s>", from);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, s->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, s->timeout_ms);
	curl_easy_setopt(h, CURLOPT_USE_SSL,
	    s->tls == OUTBOUND_SMTP_NONE ? (long)CURLUSESSL_NONE :
					   (long)CURLUSESSL_ALL);
	if (s->user != NULL && s->user[0] != '\0') {
		curl_easy_setopt(h, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD,
		    s->password != NULL ? s->password : "");
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, addr);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)message.n);
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK)
		snprintf(err, errsz, "%s", curl_easy_strerror(rc));
	curl_easy_cleanup(h);
	curl_slist_free_all(rcpt);
	return rc == CURLE_OK ? NG_OK : NG_EIO;
}
