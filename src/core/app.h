/*
 * app.h -- the long-lived objects of a running server (struct app).
 *
 * Filled by app_start() (src/app.c), passed to libmicrohttpd as its
 * closure and reached by handlers through req->app.  It holds only
 * pointers to types it does not define, so every module may include it.
 * Nothing here is written after the server starts; the objects behind
 * the pointers guard their own state.
 */
#ifndef NG_CORE_APP_H
#define NG_CORE_APP_H

#include <stdint.h>

#include "core/str.h"

struct admin;
struct ng_config;
struct req;
struct store;
struct theme;
struct webhooks;
struct mailer;
struct mostread;

struct app {
	const struct ng_config *cfg;
	struct store	       *store;
	struct theme	       *theme;
	/* the newsroom: login limits, scheduler; may be NULL */
	struct admin *admin;
	/*
	 * Does a route of the table start with this path segment?  A
	 * static page's slug may not take one.  The table is above every
	 * handler (src/routes.c), so it is handed down here; NULL: no
	 * check.
	 */
	int (*segment_taken)(struct str seg);
	/* the webhook sender (jobs/webhook.h), woken by events; NULL */
	struct webhooks *webhooks;
	/* reads counted for "Most read" (site/mostread.c); NULL: none */
	struct mostread *mostread;
	int		 outbound_ready; /* outbound_init() done */
	/* the mail sender (jobs/mail.h); NULL: no smtp_host, no mail */
	struct mailer *mailer;
	/*
	 * A write changed kind ("post", "page", "comment") id from status
	 * from (-1: new) to status to: queue its webhook event, with the
	 * object as the API shows it.  The API builds it (api_event()), so
	 * the newsroom and the comment form call it through here, and the
	 * mail it calls for (a notice to editors of an article submitted
	 * for review, to authors of a new comment) goes out from here too;
	 * NULL: no events.
	 */
	void (*event)(struct req *r, const char *kind, int64_t id, int from,
	    int to);
};

#endif
