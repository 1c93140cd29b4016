/*
 * mail.h -- mail for the newsroom: messages built here, queued in the
 * store, sent over SMTP by a sender thread (outbound/smtp.h).
 *
 * A request that sends mail builds the message (mail_build()) and
 * queues it (mail_queue()): the row is written and the sender woken;
 * the request never waits for the SMTP server.  The sender takes due
 * rows under a lease, as the webhook sender does, and after a failure
 * tries again later, each wait three times the last (mail_retry_base,
 * 3 x, 9 x, ..., at most six hours), until mail_attempts tries; then
 * the row is "failed".  The queue is in the database, so a restart
 * loses nothing.  With no smtp_host nothing is queued or sent, and
 * there is no sender (a NULL struct mailer).
 *
 * Messages are RFC 5322 text: Date, From, To, Subject, Message-ID,
 * MIME-Version and a text/plain; charset=utf-8 body in
 * quoted-printable, so no line is long and any byte is safe.  Header
 * fields carry no CR, LF or other control character from their values
 * (each becomes a space), and a value that is not plain ASCII is an
 * RFC 2047 encoded-word, so nothing a user typed can add a header.
 */
#ifndef NG_JOBS_MAIL_H
#define NG_JOBS_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;
struct mailer;
struct store;

/* One message to build. */
struct mail_msg {
	struct str from;      /* the sender's address (mail_from) */
	struct str from_name; /* shown with it ("" for none) */
	struct str to;	      /* the recipient's address */
	struct str to_name;   /* shown with it ("" for none) */
	struct str subject;
	struct str body; /* UTF-8 text, lines ending in LF or CRLF */
	int64_t	   date; /* Unix seconds */
	struct str id;	 /* unique part of the Message-ID (hex) */
};

/* Longest subject and display name kept, in bytes (cut on a character). */
#define MAIL_SUBJECT_MAX 200
#define MAIL_NAME_MAX	 100

/*
 * Build m as a message in a: *out is its text (CRLF lines).  NG_EINVAL
 * for a from or to that is not a plain address (mail_address_ok()).
 */
enum ng_err mail_build(struct arena *a, const struct mail_msg *m,
    struct str *out) NG_WUR;

/*
 * A plain address: one '@' with something on both sides, a dot in the
 * domain, no space, control, quote, bracket or other character that
 * would need quoting; at most 254 bytes.
 */
int mail_address_ok(struct str addr);

/*
 * The header field value v as sent: controls (CR and LF among them)
 * become spaces, invalid UTF-8 becomes '?', at most max bytes are kept
 * (cut on a character), and anything but printable ASCII is written as
 * encoded-words of at most 75 characters each, folded.  name_len is the
 * length of "Name: " before it on the line.  For the tests.
 */
struct str mail_header_value(struct arena *a, struct str v, size_t max,
    size_t name_len);

/* The text of s as quoted-printable (RFC 2045 section 6.7), CRLF lines. */
struct str mail_qp(struct arena *a, struct str s);

/* "Tue, 08 Dec 2026 00:35:52 +0000" for t (RFC 5322 section 3.3). */
#define MAIL_DATE_LEN 40
void mail_date(int64_t t, char out[MAIL_DATE_LEN]);

struct mailer_opts {
	const char *host;
	unsigned    port;
	int	    tls; /* enum outbound_smtp_tls */
	const char *user;
	const char *password;
	const char *from;
	unsigned    retry_base; /* seconds */
	unsigned    attempts;
	unsigned    timeout; /* seconds for one message */
};

/*
 * Start the sender on st (NG_EINVAL with errbuf for a mail_from that is
 * not an address); with no host, *out is NULL and nothing is started.
 */
enum ng_err mailer_start(struct store *st, const struct mailer_opts *o,
    struct mailer **out, char *errbuf, size_t errsz) NG_WUR;
/* Stop and join the thread, free m; NULL is a no-op. */
void mailer_stop(struct mailer *m);
/* The sender's address (mail_from); NULL for a NULL m. */
const char *mailer_from(const struct mailer *m);

/*
 * Queue message (from mail_build()) to to and wake m.  NG_OK once it is
 * in the queue; the sending happens later, on the sender's thread.
 */
enum ng_err mail_queue(struct store *st, struct mailer *m, struct str to,
    struct str message) NG_WUR;

/* Seconds to wait after the n-th failed attempt (n >= 1). */
int64_t mail_backoff(unsigned retry_base, int n);

#endif
