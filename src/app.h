/*
 * app.h -- the long-lived objects of a running server.
 *
 * Created by main, passed to libmicrohttpd as its closure and reached by
 * handlers through req->app.  Nothing here is written after the server
 * starts; the objects behind the pointers guard their own state.
 */
#ifndef NG_APP_H
#define NG_APP_H

struct admin;
struct ng_config;
struct ratelimit;
struct store;
struct theme;

struct app {
	const struct ng_config	*cfg;
	struct store		*store;
	struct theme		*theme;
	/* --- newsroom (issue 4): login limits, scheduler; may be NULL */
	struct admin		*admin;
	/* --- comments (issue 3): per-address limits; NULL: none */
	struct ratelimit	*comment_limit;
};

#endif
