/*
 * routes.h -- THE route table (routes.c) and the hooks that give it,
 * the site's error page and the newsroom's session cookie to the
 * server: server_start(app, &routes_hooks, ...).
 */
#ifndef NG_ROUTES_H
#define NG_ROUTES_H

#include <stddef.h>

#include "http/router.h"
#include "http/server.h"

extern const struct route	 routes[];
extern const size_t		 nroutes;
extern const struct server_hooks routes_hooks;

/*
 * router_segment_taken() on THE table, so a static page may not take a
 * route's first segment.  Handlers reach it as app->segment_taken (set
 * by app_start()): nothing below this file includes it.
 */
int routes_segment_taken(struct str seg);

#endif
