/*
 * json.c -- the REST API's responses: WordPress's error bodies, _fields
 * and _embed, pagination headers, links and the small value helpers.
 *
 * jansson escapes every string it writes, so nothing here builds JSON
 * by hand; values are dumped once into the request arena.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "api/api_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "http/router.h"
#include "reader/urls.h"

/* Fields named in one _fields list at most (more are ignored). */
#define FIELDS_MAX 64

json_t *
api_jstr(struct str s)
{
	json_t *v;
	char   *p;
	size_t	i;

	if (s.p == NULL)
		return json_string("");
	if ((v = json_stringn(s.p, s.n)) != NULL)
		return v;
	/* Not UTF-8 (old imported rows): replace bytes >= 0x80. */
	if ((p = malloc(s.n + 1)) == NULL)
		return json_string("");
	for (i = 0; i < s.n; i++)
		p[i] = (unsigned char)s.p[i] >= 0x80 || s.p[i] == '\0' ? '?' :
									 s.p[i];
	v = json_stringn(p, s.n);
	free(p);
	return v != NULL ? v : json_string("");
}

json_t *
api_jdate(int64_t t, int32_t off)
{
	struct tm tm;
	time_t	  tt = (time_t)(t + off);
	char	  b[64];

	if (t == 0 || gmtime_r(&tt, &tm) == NULL)
		return json_null();
	snprintf(b, sizeof(b), "%04d-%02d-%02dT%02d:%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	return json_string(b);
}

json_t *
api_rendered(struct str html)
{
	return json_pack("{s:o}", "rendered", api_jstr(html));
}

struct str
api_html_escape(struct arena *a, struct str s)
{
	struct buf b;
	struct str out;

	buf_init(&b, a);
	buf_put_html(&b, s.p != NULL ? s.p : "", s.n);
	if (buf_finish(&b, &out) != NG_OK)
		return STR_NULL;
	return out;
}

const char *
api_site_url(struct api_ctx *ctx, const char *path)
{
	return site_abs(ctx->r, path);
}

const char *
api_url(struct api_ctx *ctx, const char *route)
{
	return arena_printf(ctx->a, "%s/wp-json%s", site_origin(ctx->r), route);
}

json_t *
api_link(const char *href, int embeddable)
{
	json_t *o = json_object();

	if (embeddable)
		json_object_set_new(o, "embeddable", json_true());
	json_object_set_new(o, "href", json_string(href != NULL ? href : ""));
	return o;
}

void
api_links_add(json_t *obj, const char *rel, json_t *link)
{
	json_t *links, *list;

	if ((links = json_object_get(obj, "_links")) == NULL) {
		links = json_object();
		json_object_set_new(obj, "_links", links);
	}
	if ((list = json_object_get(links, rel)) == NULL) {
		list = json_array();
		json_object_set_new(links, rel, list);
	}
	json_array_append_new(list, link);
}

/*
 * _fields.  A field list is a set of dotted paths; an object keeps a key
 * that a path names whole, and recurses into one that a path goes
 * through, with the rest of those paths.
 */
static void
filter_obj(json_t *obj, const struct str *f, size_t nf)
{
	struct str  sub[FIELDS_MAX];
	const char *key;
	json_t	   *val;
	void	   *tmp;
	size_t	    i, klen, nsub;
	int	    whole;

	json_object_foreach_safe(obj, tmp, key, val)
	{
		klen = strlen(key);
		whole = 0;
		nsub = 0;
		for (i = 0; i < nf; i++) {
			if (f[i].n == klen && memcmp(f[i].p, key, klen) == 0)
				whole = 1;
			else if (f[i].n > klen + 1 && f[i].p[klen] == '.' &&
			    memcmp(f[i].p, key, klen) == 0)
				sub[nsub++] = (struct str){ f[i].p + klen + 1,
					f[i].n - klen - 1 };
		}
		if (whole)
			continue;
		if (nsub > 0 && json_is_object(val))
			filter_obj(val, sub, nsub);
		else
			json_object_del(obj, key);
	}
}

void
api_fields_filter(json_t *v, struct str fields)
{
	struct str f[FIELDS_MAX];
	size_t	   i, start, nf = 0;

	if (!json_is_object(v))
		return;
	for (i = start = 0; i <= fields.n && nf < FIELDS_MAX; i++) {
		if (i < fields.n && fields.p[i] != ',')
			continue;
		/* Trim spaces around each name. */
		while (start < i && fields.p[start] == ' ')
			start++;
		if (i > start) {
			f[nf] = (struct str){ fields.p + start, i - start };
			while (f[nf].n > 0 && f[nf].p[f[nf].n - 1] == ' ')
				f[nf].n--;
			if (f[nf].n > 0)
				nf++;
		}
		start = i + 1;
	}
	if (nf == 0)
		return;
	filter_obj(v, f, nf);
}

/* Apply _fields and _embed to one item. */
static void
shape(json_t *v, struct str fields, int embed)
{
	if (!json_is_object(v))
		return;
	if (!embed)
		json_object_del(v, "_embedded");
	if (fields.p != NULL)
		api_fields_filter(v, fields);
}

/* Write v into the arena; NG_ENOMEM when the arena is full. */
static int
dump_cb(const char *p, size_t n, void *arg)
{
	buf_put(arg, p, n);
	return 0;
}

static void
common_headers(struct api_ctx *ctx)
{
	struct req *r = ctx->r;
	char	    allow[64];
	unsigned    m;

	resp_header_add(r, ctx->rs, "X-Robots-Tag", "noindex");
	resp_header_add(r, ctx->rs, "Access-Control-Expose-Headers",
	    "X-WP-Total, X-WP-TotalPages, Link");
	resp_header_add(r, ctx->rs, "Access-Control-Allow-Headers",
	    "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, "
	    "Content-Type");
	if (ctx->route != NULL) {
		/* What this caller may do here, as WordPress says it. */
		m = ctx->user != NULL ? ctx->route->methods : ROUTE_M(HTTP_GET);
		m &= ~(ROUTE_M(HTTP_HEAD) | ROUTE_M(HTTP_OPTIONS));
		resp_header_add(r, ctx->rs, "Allow",
		    router_allow_header(m, allow, sizeof(allow)));
	}
}

int
api_json_append(struct buf *b, json_t *v)
{
	return v != NULL &&
	    json_dump_callback(v, dump_cb, b,
		JSON_COMPACT | JSON_PRESERVE_ORDER) == 0;
}

static enum ng_err
finish_text(struct api_ctx *ctx, int status, struct str body)
{
	ctx->rs->status = status;
	ctx->rs->content_type = API_JSON;
	ctx->rs->body = body;
	ctx->rs->compress = 1;
	common_headers(ctx);
	return NG_OK;
}

static enum ng_err
finish(struct api_ctx *ctx, int status, json_t *v)
{
	struct buf b;
	struct str out;

	buf_init(&b, ctx->a);
	if (!api_json_append(&b, v))
		buf_set_max(&b, 0);
	json_decref(v);
	if (buf_finish(&b, &out) != NG_OK)
		return NG_ENOMEM;
	return finish_text(ctx, status, out);
}

enum ng_err
api_fail(struct api_ctx *ctx, int status, const char *code, const char *message,
    json_t *data)
{
	json_t *d = data != NULL ? data : json_object();

	json_object_set_new(d, "status", json_integer(status));
	ctx->failed = 1;
	ctx->rs->cache_control = "no-store";
	return finish(ctx, status,
	    json_pack("{s:s,s:s,s:o}", "code", code, "message", message, "data",
		d));
}

int
api_embed_wanted(struct api_ctx *ctx)
{
	return req_query(ctx->r, "_embed").p != NULL;
}

/*
 * Only what anyone may see is shared: an anonymous read.  A signed-in
 * caller's answer may hold drafts or edit fields.
 */
static void
set_cache_control(struct api_ctx *ctx, int status)
{
	if (ctx->user == NULL && status == 200 &&
	    (ctx->r->method == HTTP_GET || ctx->r->method == HTTP_HEAD))
		ctx->rs->cache_control = API_CACHE;
	else
		ctx->rs->cache_control = "private, no-store";
}

enum ng_err
api_send(struct api_ctx *ctx, int status, json_t *v)
{
	struct str fields = req_query(ctx->r, "_fields");
	size_t	   i;
	json_t	  *it;
	int	   embed = api_embed_wanted(ctx);

	if (json_is_array(v))
		json_array_foreach(v, i, it) shape(it, fields, embed);
	else
		shape(v, fields, embed);
	set_cache_control(ctx, status);
	return finish(ctx, status, v);
}

enum ng_err
api_send_text(struct api_ctx *ctx, int status, struct str body)
{
	set_cache_control(ctx, status);
	return finish_text(ctx, status, body);
}

/* The request's query without its page parameter, then "page=N". */
static const char *
page_link(struct api_ctx *ctx, size_t page)
{
	struct buf b;
	struct str q = ctx->query, out;
	size_t	   i, start;

	buf_init(&b, ctx->a);
	buf_puts(&b,
	    api_url(ctx, arena_strndup(ctx->a, ctx->path.p, ctx->path.n)));
	buf_putc(&b, '?');
	for (i = start = 0; i <= q.n; i++) {
		if (i < q.n && q.p[i] != '&')
			continue;
		if (i > start &&
		    !(i - start >= 5 && memcmp(q.p + start, "page=", 5) == 0) &&
		    !(i - start == 4 && memcmp(q.p + start, "page", 4) == 0) &&
		    !(i - start >= 11 &&
			memcmp(q.p + start, "rest_route=", 11) == 0)) {
			buf_put(&b, q.p + start, i - start);
			buf_putc(&b, '&');
		}
		start = i + 1;
	}
	buf_printf(&b, "page=%zu", page);
	if (buf_finish(&b, &out) != NG_OK)
		return NULL;
	return out.p;
}

void
api_paginate(struct api_ctx *ctx, size_t total, size_t per_page, size_t page)
{
	struct buf  b;
	struct str  out;
	size_t	    pages;
	char	    n[32];
	const char *u;

	pages = per_page > 0 ? (total + per_page - 1) / per_page : 0;
	snprintf(n, sizeof(n), "%zu", total);
	resp_header_add(ctx->r, ctx->rs, "X-WP-Total", n);
	snprintf(n, sizeof(n), "%zu", pages);
	resp_header_add(ctx->r, ctx->rs, "X-WP-TotalPages", n);
	buf_init(&b, ctx->a);
	if (page > 1 && pages > 0 &&
	    (u = page_link(ctx, page - 1 > pages ? pages : page - 1)) != NULL)
		buf_printf(&b, "<%s>; rel=\"prev\"", u);
	if (page < pages && (u = page_link(ctx, page + 1)) != NULL)
		buf_printf(&b, "%s<%s>; rel=\"next\"",
		    page > 1 && pages > 0 ? ", " : "", u);
	if (buf_finish(&b, &out) == NG_OK && out.n > 0)
		resp_header_add(ctx->r, ctx->rs, "Link", out.p);
}
