/*
 * api_int.h -- shared internals of the REST API handlers (src/api).
 *
 * One request goes: api.c matches the route inside /wp-json/ against
 * its table (struct api_route), reads the caller (Application Password,
 * auth.c) and runs the handler with a struct api_ctx; the handler reads
 * parameters through params.c, which answers WordPress's 400s, builds a
 * jansson value and hands it to json.c, which applies _fields and
 * _embed, writes it into the request arena and sets the headers.
 *
 * Every error a client sees is WordPress's body: {"code": "...",
 * "message": "...", "data": {"status": N}}; api_fail() makes it.
 */
#ifndef NG_API_API_INT_H
#define NG_API_API_INT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "admin/roles.h"
#include "core/err.h"
#include "core/str.h"
#include "http/req.h"
#include "store/store.h"

struct arena;
struct article;
struct buf;
struct comment;
struct media;
struct page;
struct req;
struct resp;
struct store;
struct user;

#define API_NS		 "wp/v2"
#define API_PER_PAGE	 10 /* WordPress's default per_page */
#define API_PER_PAGE_MAX 100
#define API_CACHE	 "public, max-age=60, stale-while-revalidate=600"
#define API_JSON	 "application/json; charset=UTF-8"
/* Bodies of writes: a post of the largest Markdown, JSON-escaped. */
#define API_BODY_MAX (4u * 1024 * 1024)
/* Nesting beyond this in a request body is refused (400). */
#define API_JSON_DEPTH 32

enum api_context {
	API_CTX_VIEW,
	API_CTX_EMBED,
	API_CTX_EDIT
};

struct api_ctx;

/* A handler: answers ctx->rs itself; NG_OK unless the store failed. */
typedef enum ng_err (*api_fn)(struct api_ctx *ctx);

/* One argument of a route, for discovery (GET /wp-json/). */
struct api_arg {
	const char *name;
	const char *type; /* "integer", "string", "array", ... */
	const char *description;
};

struct api_route {
	const char	     *pattern; /* "/wp/v2/posts/{id}" */
	unsigned	      methods; /* ROUTE_M(HTTP_*) mask */
	api_fn		      fn;
	const struct api_arg *args; /* NULL-name terminated */
};

struct api_ctx {
	struct req	       *r;
	struct resp	       *rs;
	struct arena	       *a;
	struct store	       *st;
	const struct api_route *route;
	enum http_method	method; /* after _method override */
	struct str		path;	/* the route inside /wp-json */
	int64_t			id;	/* {id} of the pattern, 0 */
	struct str		query;	/* raw query string */
	json_t		       *body;	/* parsed JSON body or NULL */
	struct user	       *user;	/* NULL: anonymous */
	enum api_context	context;
	int32_t			tz_off;	     /* site's UTC offset now */
	int			failed;	     /* a param error was answered */
	json_t		       *bad_params;  /* name: message, or NULL */
	json_t		       *bad_details; /* name: {code, message} */
	int64_t		       *pins; /* the pinned articles, once read */
	size_t			npins;
	int			pins_read;
};

/* --- json.c: responses --- */

/*
 * Answer status with WordPress's error body {"code", "message", "data":
 * {"status"}}; data, when not NULL, is merged into "data" (taken over).
 * Always returns NG_OK so handlers can `return api_fail(...)`.
 */
enum ng_err api_fail(struct api_ctx *ctx, int status, const char *code,
    const char *message, json_t *data);

/*
 * Answer 200 (or status) with v (taken over), after applying _fields
 * and, for objects and arrays of objects, dropping _embedded unless
 * _embed asked for it.  Public GETs are marked cacheable.
 */
enum ng_err api_send(struct api_ctx *ctx, int status, json_t *v);

/*
 * The pagination headers of a list: X-WP-Total, X-WP-TotalPages and the
 * Link rel="prev"/"next" of the same request with another page.
 */
void api_paginate(struct api_ctx *ctx, size_t total, size_t per_page,
    size_t page);

/* The absolute URL of a route inside /wp-json ("/wp/v2/posts/1"). */
const char *api_url(struct api_ctx *ctx, const char *route);
/* The absolute URL of a site path ("/2024/04/slug/"). */
const char *api_site_url(struct api_ctx *ctx, const char *path);

/* A {"href": url} link list of one, optionally embeddable. */
json_t *api_link(const char *href, int embeddable);
/* Add link rel to the object's "_links". */
void api_links_add(json_t *obj, const char *rel, json_t *link);

/* s as a JSON string (invalid UTF-8 is replaced, never refused). */
json_t *api_jstr(struct str s);

/* "2024-04-25T10:00:00" for t shifted by off seconds. */
json_t *api_jdate(int64_t t, int32_t off);

/* {"rendered": html} */
json_t *api_rendered(struct str html);

/* HTML-escape s into the arena (titles, excerpts). */
struct str api_html_escape(struct arena *a, struct str s);

/*
 * _fields: keep in v (an object) only the named top-level keys and
 * dotted paths ("title.rendered").  fields is the raw comma list.
 * Pure; exposed for tests and the fuzzer.
 */
void api_fields_filter(json_t *v, struct str fields);

/* --- params.c: query and body parameters --- */

/*
 * The raw value of parameter name: the JSON body's (a string, number
 * or boolean turned into text), then a form body's, then the query's;
 * STR_NULL when absent.  *json, when not NULL, gets the JSON value.
 */
struct str api_param(struct api_ctx *ctx, const char *name, json_t **json);

/*
 * Typed readers.  Each returns 1 with *out set (def when absent) or 0
 * after recording a rest_invalid_param for name; call api_params_done()
 * after reading them all, which answers the 400 listing every bad one.
 */
int api_p_int(struct api_ctx *ctx, const char *name, int64_t def, int64_t min,
    int64_t max, int64_t *out);
int api_p_bool(struct api_ctx *ctx, const char *name, int def, int *out);
int api_p_enum(struct api_ctx *ctx, const char *name, const char *const *values,
    int def, int *out);
int api_p_ids(struct api_ctx *ctx, const char *name, struct id_set *out);
int api_p_strs(struct api_ctx *ctx, const char *name, struct str **out,
    size_t *n);
int api_p_str(struct api_ctx *ctx, const char *name, size_t max,
    struct str *out);
int api_p_date(struct api_ctx *ctx, const char *name, int64_t *out);
/*
 * A text field sent as a string or as WordPress's {"raw": "..."} (what
 * a client read with context=edit sends back); *has says it was sent.
 */
int api_p_text(struct api_ctx *ctx, const char *name, size_t max,
    struct str *out, int *has);

/* Record parameter name as bad with WordPress's code and message. */
void api_bad_param(struct api_ctx *ctx, const char *name, const char *code,
    const char *msg);

/* Answer the 400 for the params recorded bad; 1 when it did. */
int api_params_done(struct api_ctx *ctx);

/* page, per_page, offset as WordPress reads them for a collection. */
struct api_page {
	size_t page;
	size_t per_page;
	size_t offset;
};
int api_p_page(struct api_ctx *ctx, struct api_page *pg);

/*
 * Answer 400 rest_post_invalid_page_number (code given) when page is
 * beyond the last page of total items; 1 when it did.
 */
int api_page_check(struct api_ctx *ctx, const struct api_page *pg, size_t total,
    const char *code);

/*
 * Parse an ISO 8601 date as WordPress's rest_parse_date() accepts it:
 * "YYYY-MM-DDTHH:MM:SS" with optional fraction and zone (Z or +hh:mm);
 * without a zone it is taken in the site's zone (off).  Pure.
 */
int api_parse_date(struct str s, int32_t off, int64_t *out);

/*
 * Parse a WordPress integer ("5", "5.0", " 7"): is_numeric and
 * integral.  Pure; fuzzed.
 */
int api_parse_int(struct str s, int64_t *out);

/* A list parameter split on commas (and its JSON array form). */
int api_split_list(struct arena *a, struct str s, struct str **out, size_t *n,
    size_t max);

/*
 * Answer status with body, JSON text already written (the list of
 * posts joined from memo.c): the headers and caching of api_send().
 */
enum ng_err api_send_text(struct api_ctx *ctx, int status, struct str body);

/* Append v's text, as api_send() writes it, to b; 0 on failure. */
int api_json_append(struct buf *b, json_t *v);

/* --- memo.c: public post objects kept between requests --- */

/*
 * Append sep (unless NUL) and the text of post id's object as a public
 * list shows it (context view, no _fields, no _embed) for the site at
 * origin to b, when an earlier request kept it and the store's
 * generation and the clock still allow; the keys its render noted are
 * noted again.  0, with nothing appended, when there is none.
 */
int api_memo_append(struct api_ctx *ctx, int64_t id, const char *origin,
    char sep, struct buf *b);

/*
 * Keep text (copied) for id, rendered by a read session that began at
 * generation gen (store_read_generation()) and noted keys.
 */
void api_memo_put(struct api_ctx *ctx, int64_t id, const char *origin,
    uint64_t gen, struct str text, const uint64_t *keys, size_t nkeys);

/* --- objects of each kind (posts.c, terms.c, users.c, ...) --- */

json_t *api_post_json(struct api_ctx *ctx, struct article *a, int embed);
json_t *api_user_json(struct api_ctx *ctx, int64_t author_id, int embed);
json_t *api_media_json(struct api_ctx *ctx, int64_t id, int embed);
json_t *api_comment_json(struct api_ctx *ctx, const struct comment *c);
json_t *api_page_json(struct api_ctx *ctx, const struct page *p, int embed);

/* WordPress's name of a's status ("publish", "future", ...). */
const char *api_status_name(const struct article *a);
/* A WordPress status name to ours; 0 when it is not one. */
int api_status_parse(struct str s, enum article_status *out);

/* A WordPress comment status ("approve", "hold", ...) to ours. */
int api_comment_status_parse(struct str s, enum comment_status *out);

/* A category (TERM_SECTION) or tag object; count from the store. */
json_t *api_term_json(struct api_ctx *ctx, enum term_kind kind, int64_t id,
    struct str slug, struct str name, struct str description, size_t count,
    int embed);

/*
 * The caller's rights (auth.c): the newsroom's capability table for
 * the signed-in user's role, and its article rules.  Anonymous callers
 * have none.
 */
int api_user_can(struct api_ctx *ctx, enum admin_cap cap);

/*
 * Find the caller: no Authorization header is an anonymous caller;
 * Basic with a login and one of its application passwords signs it in.
 * Anything else is answered 401 (and counted like a failed login).
 * Returns 1 to go on, 0 when it answered.
 */
int api_auth(struct api_ctx *ctx);

/* Check Basic credentials (base64 after "Basic "): apppass.c. */
int api_auth_basic(struct api_ctx *ctx, struct str b64);

/*
 * Does a Content-Disposition header value name a file (filename= or
 * filename*=, not empty)?  Pure (media_write.c).
 */
int api_disposition_has_filename(struct str v);

/* Decode base64 (standard or URL alphabet, padding optional); pure. */
int api_base64_decode(struct arena *a, struct str in, struct str *out);

/* The site's UTC offset now (the "timezone" setting), in seconds. */
int32_t api_tz_offset(struct api_ctx *ctx);
int	api_may_edit(struct api_ctx *ctx, const struct article *a);
/* May the caller read article a (published, or editable by it)? */
int api_may_read(struct api_ctx *ctx, const struct article *a);

/*
 * Read ?context=; 1 when the caller may have it, -1 when a 401/403 was
 * answered, 0 when the value was bad (recorded for api_params_done()).
 */
int api_context_check(struct api_ctx *ctx, const char *forbidden);

/*
 * api_context_check(), and context=edit only for a caller with cap
 * (403 rest_forbidden_context otherwise): pages, terms, users.
 */
int api_context_cap(struct api_ctx *ctx, enum admin_cap cap, const char *msg);

/* Does the request ask for _embed (any value but absent)? */
int api_embed_wanted(struct api_ctx *ctx);

/* Queue event with data (not taken over) for the webhooks: events.c. */
void api_event_send(struct api_ctx *ctx, const char *event, json_t *data);

/* Handlers (api.c's table). */
enum ng_err api_index(struct api_ctx *ctx);
enum ng_err api_ns_index(struct api_ctx *ctx);
enum ng_err api_posts(struct api_ctx *ctx);
enum ng_err api_post_get(struct api_ctx *ctx);
enum ng_err api_post_create(struct api_ctx *ctx);
enum ng_err api_post_modify(struct api_ctx *ctx); /* PUT.., DELETE */
enum ng_err api_pages(struct api_ctx *ctx);
enum ng_err api_page_get(struct api_ctx *ctx);
enum ng_err api_page_create(struct api_ctx *ctx);
enum ng_err api_page_modify(struct api_ctx *ctx); /* PUT.., DELETE */
enum ng_err api_media_create(struct api_ctx *ctx);
/* POST, PUT, PATCH or DELETE /wp/v2/media/ID (media_write.c). */
enum ng_err api_media_modify(struct api_ctx *ctx);
enum ng_err api_comment_create(struct api_ctx *ctx);
enum ng_err api_comment_modify(struct api_ctx *ctx); /* PUT.., DELETE */
enum ng_err api_categories(struct api_ctx *ctx);
enum ng_err api_category(struct api_ctx *ctx);
enum ng_err api_tags(struct api_ctx *ctx);
enum ng_err api_tag(struct api_ctx *ctx);
enum ng_err api_users(struct api_ctx *ctx);
enum ng_err api_user(struct api_ctx *ctx);
enum ng_err api_user_me(struct api_ctx *ctx);
enum ng_err api_comments(struct api_ctx *ctx);
enum ng_err api_comment(struct api_ctx *ctx);
enum ng_err api_media_list(struct api_ctx *ctx);
enum ng_err api_media_item(struct api_ctx *ctx);
enum ng_err api_search(struct api_ctx *ctx);
enum ng_err api_types(struct api_ctx *ctx);
enum ng_err api_oembed(struct api_ctx *ctx);
enum ng_err api_taxonomies(struct api_ctx *ctx);

/* The route table and its size (api.c), for discovery. */
extern const struct api_route api_routes[];
extern const size_t	      api_nroutes;

#endif
