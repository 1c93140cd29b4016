/*
 * oembed.c -- the oEmbed provider (oembed.com, as WordPress serves it):
 * GET /wp-json/oembed/1.0/embed?url=ARTICLE&format=json|xml answers a
 * "rich" embed whose HTML is a sandboxed iframe of the article's card
 * view (ARTICLE/embed/: headline, dek, image, site name; no script),
 * with a plain link before it for consumers that drop iframes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "api/api_int.h"
#include "content/permalink.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "http/req.h"
#include "http/resp.h"
#include "reader/urls.h"
#include "store/store.h"

/* WordPress's bounds for the embed's width (height follows 16:9). */
#define OEMBED_WIDTH_MIN 200
#define OEMBED_WIDTH_MAX 600

/* The path of url if it is an http(s) URL, decoded once; else STR_NULL. */
static struct str
url_path(struct api_ctx *ctx, struct str url, int64_t *p_id)
{
	struct str rest, path, q, pv;
	size_t	   i;

	*p_id = 0;
	if (url.n > 8 && strncasecmp(url.p, "https://", 8) == 0)
		rest = (struct str){ url.p + 8, url.n - 8 };
	else if (url.n > 7 && strncasecmp(url.p, "http://", 7) == 0)
		rest = (struct str){ url.p + 7, url.n - 7 };
	else
		return STR_NULL;
	for (i = 0; i < rest.n && rest.p[i] != '/' && rest.p[i] != '?' &&
	     rest.p[i] != '#';
	     i++)
		continue;
	rest.p += i;
	rest.n -= i;
	for (i = 0; i < rest.n && rest.p[i] != '?' && rest.p[i] != '#'; i++)
		continue;
	path = (struct str){ rest.p, i };
	if (path.n == 0)
		path = STR_LIT("/");
	/* /?p=ID, WordPress's shortlink. */
	if (i < rest.n && rest.p[i] == '?') {
		q = (struct str){ rest.p + i + 1, rest.n - i - 1 };
		for (i = 0; i < q.n && q.p[i] != '#'; i++)
			continue;
		q.n = i;
		if (req_query_find(ctx->a, q, "p", &pv) == NG_OK)
			(void)api_parse_int(pv, p_id);
	}
	if (req_path_decode(ctx->a, path.p, path.n, &path) != NG_OK)
		return STR_NULL;
	return path;
}

/* Attribute-safe text into b. */
static void
attr(struct buf *b, const char *s)
{
	buf_put_html(b, s, strlen(s));
}

enum ng_err
api_oembed(struct api_ctx *ctx)
{
	static const char *const formats[] = { "json", "xml", NULL };
	struct article		*a = NULL;
	struct str		 url, path, img, mime, out, title;
	struct buf		 b;
	const char		*link, *name, *home;
	json_t			*o, *v;
	const char		*key;
	int64_t			 maxw, maxh, w, h, pid;
	enum ng_err		 err;
	int			 fmt, ok = 1;

	ok &= api_p_str(ctx, "url", STORE_URL_MAX, &url);
	ok &= api_p_enum(ctx, "format", formats, 0, &fmt);
	ok &= api_p_int(ctx, "maxwidth", OEMBED_WIDTH_MAX, 1, INT32_MAX, &maxw);
	ok &= api_p_int(ctx, "maxheight", 0, 1, INT32_MAX, &maxh);
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	if (url.p == NULL)
		return api_fail(ctx, 400, "rest_missing_callback_param",
		    "Missing parameter(s): url",
		    json_pack("{s:[s]}", "params", "url"));
	path = url_path(ctx, url, &pid);
	if (pid > 0) {
		err = store_article_by_id(ctx->a, ctx->st, pid, &a);
		if (err == NG_OK && !api_may_read(ctx, a))
			err = NG_ENOTFOUND;
		if (err == NG_OK && (a->status != ARTICLE_PUBLISHED))
			err = NG_ENOTFOUND;
	} else if (path.p != NULL)
		err = site_article_at(ctx->r, path, &a);
	else
		err = NG_ENOTFOUND;
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "oembed_invalid_url", "Not Found",
		    NULL);
	if (err != NG_OK)
		return err;

	w = maxw < OEMBED_WIDTH_MIN ? OEMBED_WIDTH_MIN :
	    maxw > OEMBED_WIDTH_MAX ? OEMBED_WIDTH_MAX :
				      maxw;
	h = (w * 9 + 15) / 16;
	if (h < OEMBED_WIDTH_MIN)
		h = OEMBED_WIDTH_MIN;
	if (maxh > 0 && h > maxh)
		h = maxh < OEMBED_WIDTH_MIN ? OEMBED_WIDTH_MIN : maxh;
	link = api_site_url(ctx, site_art_path(ctx->r, a, PV_PAGE));
	if (store_setting_get(ctx->a, ctx->st, "title", &title) != NG_OK ||
	    title.n == 0)
		title = str_c(ctx->r->app->cfg->site_title != NULL ?
			ctx->r->app->cfg->site_title :
			"");
	name = arena_strndup(ctx->a, title.p, title.n);
	home = api_site_url(ctx, "/");
	buf_init(&b, ctx->a);
	buf_puts(&b, "<blockquote class=\"wp-embedded-content\"><a href=\"");
	attr(&b, link);
	buf_puts(&b, "\">");
	buf_put_html(&b, a->title.p, a->title.n);
	buf_puts(&b,
	    "</a></blockquote><iframe sandbox=\"allow-popups "
	    "allow-popups-to-escape-sandbox "
	    "allow-top-navigation-by-user-activation\" "
	    "class=\"wp-embedded-content\" src=\"");
	attr(&b, api_site_url(ctx, site_art_path(ctx->r, a, PV_EMBED)));
	buf_printf(&b, "\" width=\"%lld\" height=\"%lld\" title=\"",
	    (long long)w, (long long)h);
	buf_put_html(&b, a->title.p, a->title.n);
	buf_puts(&b,
	    "\" frameborder=\"0\" marginwidth=\"0\" "
	    "marginheight=\"0\" scrolling=\"no\"></iframe>");
	if (buf_finish(&b, &out) != NG_OK)
		return NG_ENOMEM;

	o = json_object();
	json_object_set_new(o, "version", json_string("1.0"));
	json_object_set_new(o, "provider_name", json_string(name));
	json_object_set_new(o, "provider_url", json_string(home));
	json_object_set_new(o, "author_name",
	    api_jstr(a->author.id != 0 ? a->author.name : title));
	json_object_set_new(o, "author_url",
	    json_string(a->author.id != 0 ?
		    api_site_url(ctx,
			arena_printf(ctx->a, "/author/%.*s/",
			    (int)a->author.slug.n, a->author.slug.p)) :
		    home));
	json_object_set_new(o, "title", api_jstr(a->title));
	json_object_set_new(o, "type", json_string("rich"));
	json_object_set_new(o, "width", json_integer(w));
	json_object_set_new(o, "height", json_integer(h));
	json_object_set_new(o, "html", api_jstr(out));
	if (store_article_image(ctx->a, ctx->st, a->id, &img, &mime) == NG_OK)
		json_object_set_new(o, "thumbnail_url",
		    json_string(site_media_url(ctx->r, img)));
	if (fmt == 0)
		return api_send(ctx, 200, o);

	/* XML: the same members as elements, text escaped. */
	buf_init(&b, ctx->a);
	buf_puts(&b, "<?xml version=\"1.0\"?>\n<oembed>");
	json_object_foreach(o, key, v)
	{
		buf_printf(&b, "<%s>", key);
		if (json_is_string(v))
			buf_put_html(&b, json_string_value(v),
			    json_string_length(v));
		else if (json_is_integer(v))
			buf_printf(&b, "%lld",
			    (long long)json_integer_value(v));
		buf_printf(&b, "</%s>", key);
	}
	buf_puts(&b, "</oembed>\n");
	json_decref(o);
	if (buf_finish(&b, &out) != NG_OK)
		return NG_ENOMEM;
	ctx->rs->status = 200;
	ctx->rs->content_type = "text/xml; charset=UTF-8";
	ctx->rs->cache_control = API_CACHE;
	ctx->rs->compress = 1;
	ctx->rs->body = out;
	return NG_OK;
}
