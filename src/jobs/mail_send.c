/*
 * mail_send.c -- the mail sender (mail.h): a thread that takes due
 * messages from the store's queue and hands them to the SMTP server.
 *
 * Its thread (jobs/worker.h) wakes on mail_queue() or every SEND_POLL
 * seconds (another instance or a retry may be due), takes up to a batch
 * under a lease, sends each and records how it went: sent; else pending
 * again after the back-off, or failed after the last attempt.  A message whose
 * addresses the server cannot be given is failed at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "jobs/mail.h"
#include "jobs/webhook.h"
#include "jobs/worker.h"
#include "outbound/smtp.h"
#include "store/store.h"

#define SEND_POLL  5  /* seconds between looks at the queue */
#define SEND_BATCH 20 /* messages taken at once */

struct mailer {
	struct store	    *st;
	struct outbound_smtp smtp;
	char		    *host, *user, *password, *from;
	unsigned	     retry_base, attempts, timeout;
	struct jobs_worker  *wk;
};

/* The webhooks' rule (jobs/webhook.h): 3 x the last wait, at most 6 h. */
int64_t
mail_backoff(unsigned retry_base, int n)
{
	return webhook_backoff(retry_base, n);
}

static void
send_one(struct mailer *m, const struct mail_item *it)
{
	enum mail_status st;
	char		 err[256], *to;
	int64_t		 now = (int64_t)time(NULL), next = now;
	int		 n = it->attempts + 1;
	enum ng_err	 rc;

	if ((to = strndup(it->recipient.p, it->recipient.n)) == NULL)
		return;
	rc = outbound_smtp_send(&m->smtp, m->from, to, it->message, err,
	    sizeof(err));
	if (rc == NG_OK)
		st = MAIL_SENT;
	else if (rc == NG_EINVAL || n >= (int)m->attempts)
		st = MAIL_FAILED;
	else {
		st = MAIL_PENDING;
		next = now + mail_backoff(m->retry_base, n);
	}
	if (st == MAIL_SENT)
		log_info("mail: message %lld sent", (long long)it->id);
	else
		log_warn("mail: message %lld, attempt %d: %s%s",
		    (long long)it->id, n, err,
		    st == MAIL_FAILED ? "; given up" : "");
	if (store_mail_done(m->st, it->id, st, n, next,
		str_c(st == MAIL_SENT ? "" : err)) != NG_OK)
		log_err("mail: cannot record message %lld", (long long)it->id);
	free(to);
}

/* One pass over what is due (jobs_worker_fn); the number taken. */
static size_t
run_once(struct jobs_worker *wk, void *arg)
{
	struct mailer	 *m = arg;
	struct mail_item *v;
	struct arena	 *a;
	size_t		  i, n = 0;
	int64_t		  now = (int64_t)time(NULL);

	if ((a = arena_new(1 << 20)) == NULL)
		return 0;
	/* The lease outlasts the slowest batch: every send timing out. */
	if (store_mail_due(a, m->st, now,
		now + (int64_t)m->timeout * SEND_BATCH + 60, SEND_BATCH, &v,
		&n) == NG_OK)
		/* Left leased when stopping: sent after the lease ends. */
		for (i = 0; i < n && !jobs_worker_stopping(wk); i++)
			send_one(m, &v[i]);
	arena_free(a);
	return n;
}

static void
mailer_free(struct mailer *m)
{
	free(m->host);
	free(m->user);
	free(m->password);
	free(m->from);
	free(m);
}

enum ng_err
mailer_start(struct store *st, const struct mailer_opts *o, struct mailer **out,
    char *errbuf, size_t errsz)
{
	struct mailer *m;
	int	       rc;

	*out = NULL;
	if (o->host == NULL || o->host[0] == '\0')
		return NG_OK;
	if (o->from == NULL || !mail_address_ok(str_c(o->from))) {
		snprintf(errbuf, errsz,
		    "mail_from: smtp_host is set, so mail_from must be an "
		    "address (news@example.com), not \"%s\"",
		    o->from != NULL ? o->from : "");
		return NG_EINVAL;
	}
	m = xcalloc(1, sizeof(*m));
	m->st = st;
	m->host = xstrdup(o->host);
	m->user = xstrdup(o->user != NULL ? o->user : "");
	m->password = xstrdup(o->password != NULL ? o->password : "");
	m->from = xstrdup(o->from);
	m->retry_base = o->retry_base > 0 ? o->retry_base : 60;
	m->attempts = o->attempts > 0 ? o->attempts : 8;
	m->timeout = o->timeout > 0 ? o->timeout : 30;
	m->smtp.host = m->host;
	m->smtp.port = o->port;
	m->smtp.tls = (enum outbound_smtp_tls)o->tls;
	m->smtp.user = m->user;
	m->smtp.password = m->password;
	m->smtp.timeout_ms = (long)m->timeout * 1000;
	if (jobs_worker_start(run_once, m, SEND_BATCH, SEND_POLL, &m->wk,
		&rc) != NG_OK) {
		snprintf(errbuf, errsz, "cannot start the mail sender: %s",
		    strerror(rc));
		mailer_free(m);
		return NG_EIO;
	}
	*out = m;
	return NG_OK;
}

const char *
mailer_from(const struct mailer *m)
{
	return m != NULL ? m->from : NULL;
}

enum ng_err
mail_queue(struct store *st, struct mailer *m, struct str to,
    struct str message)
{
	int64_t	    id;
	enum ng_err err;

	if (m == NULL)
		return NG_OK;
	if ((err = store_mail_enqueue(st, to, message, &id)) != NG_OK)
		return err;
	jobs_worker_wake(m->wk);
	return NG_OK;
}

void
mailer_stop(struct mailer *m)
{
	if (m == NULL)
		return;
	jobs_worker_stop(m->wk);
	mailer_free(m);
}
