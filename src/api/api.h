/*
 * api.h -- the REST API: WordPress's /wp-json/ for the
 * clients that speak it, its discovery, and the oEmbed provider.
 *
 * routes.c sends every path under /wp-json/ to api_handler(), and the
 * front page's ?rest_route= to api_rest_route(); errors of the server
 * itself (413, 400) under /wp-json/ become WordPress error bodies
 * through api_error().  See docs/api.md.
 */
#ifndef NG_API_API_H
#define NG_API_API_H

#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct req;
struct resp;

/*
 * Request bodies the API takes at most (bytes); the route's body_max.
 * Past it the server answers 413 (a WordPress error body, api_error())
 * before reading more.  The largest thing sent is an image (8 MiB,
 * MEDIA_FILE_MAX); an article's Markdown is at most 1 MiB.
 */
#define API_REQUEST_MAX (8u * 1024 * 1024 + 64 * 1024)

/* Every path under /wp-json/ (routes.c gives it all methods). */
enum ng_err api_handler(struct req *r, struct resp *rs);

/*
 * The front page with ?rest_route=/wp/v2/...: 1 when it answered rs,
 * 0 when the request is no API call (no rest_route parameter).
 */
int api_rest_route(struct req *r, struct resp *rs, enum ng_err *err);

/* Is this request for the API (a /wp-json/ path or ?rest_route=)? */
int api_is_api_request(const struct req *r);

/* A WordPress error body for a status the server decided (404, 413). */
void api_error(struct req *r, struct resp *rs, int status);

/*
 * A write changed kind ("post", "page", "comment") id from status from
 * (-1: it is new) to status to (its enum): queue the webhook event it
 * raises, if any, with the object as the API shows it (events.c).  This
 * is app->event, for the newsroom and the comment form.
 */
void api_event(struct req *r, const char *kind, int64_t id, int from, int to);

/* The API root's absolute URL ("https://site/wp-json/"), in r's arena. */
const char *api_root_url(struct req *r);

#endif
