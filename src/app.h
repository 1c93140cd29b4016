/*
 * app.h -- start and stop of the server: the store, the theme, the
 * newsroom's state (and with it the scheduler), the comment limiter and
 * the HTTP server with THE route table, in that order, and stopped in
 * the reverse order.
 */
#ifndef NG_APP_H
#define NG_APP_H

#include <stddef.h>

#include "core/app.h"
#include "core/err.h"

struct ng_config;
struct server;

/*
 * Create the data directory of cfg if needed (checking that it is
 * writable) and open, migrating, its database into *st.  On failure one
 * line goes to errbuf.
 */
enum ng_err app_open_store(const struct ng_config *cfg, struct store **st,
    char *errbuf, size_t errsz) NG_WUR;

/*
 * Fill app from cfg and start serving on *srv.  With demo, an empty site
 * gets the demo content and a newsroom login printed to stdout.  Block
 * the stop signals before: the threads started here inherit the mask.
 * On failure everything started is stopped again and one line goes to
 * errbuf.
 */
enum ng_err app_start(struct app *app, const struct ng_config *cfg, int demo,
    struct server **srv, char *errbuf, size_t errsz) NG_WUR;

/*
 * Stop the server (requests in flight finish), then the newsroom, the
 * store and the rest; srv may be NULL.
 */
void app_stop(struct app *app, struct server *srv);

#endif
