/*
 * smtp.h -- one message handed to an SMTP server (libcurl).
 *
 * The mail sender's only way out.  The server is the one the operator
 * configured (smtp_host), not one a user typed, so no address policy
 * applies; TLS is plain, STARTTLS (required: a server that does not
 * offer it is an error, never a fallback to plain text) or TLS from the
 * first byte, with the server's certificate verified.  libcurl
 * dot-stuffs the message (a line starting with "." is sent as "..",
 * RFC 5321 section 4.5.2) and ends it with CRLF "." CRLF.
 */
#ifndef NG_OUTBOUND_SMTP_H
#define NG_OUTBOUND_SMTP_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

enum outbound_smtp_tls {
	OUTBOUND_SMTP_NONE,
	OUTBOUND_SMTP_STARTTLS,
	OUTBOUND_SMTP_TLS
};

struct outbound_smtp {
	const char	      *host;
	unsigned	       port; /* 0: 25, 587 or 465 by tls */
	enum outbound_smtp_tls tls;
	const char	      *user;	   /* NULL or "": no AUTH */
	const char	      *password;   /* with user */
	long		       timeout_ms; /* the whole exchange */
};

/*
 * Send message (an RFC 5322 text with CRLF lines) from the envelope
 * address from to the envelope address to, both plain addresses
 * (checked: no spaces, controls or angle brackets).  NG_OK when the
 * server took it; NG_EINVAL for an address that may not be used;
 * NG_EIO for anything else, with why in err.  Thread-safe after
 * outbound_init().
 */
enum ng_err outbound_smtp_send(const struct outbound_smtp *s, const char *from,
    const char *to, struct str message, char *err, size_t errsz) NG_WUR;

#endif
