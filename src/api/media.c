/*
 * media.c -- /wp/v2/media: uploaded images as WordPress attachments.
 * Every image is public once uploaded (as its /media/ URL is), so the
 * list needs no status filter.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "api/api_int.h"
#include "core/arena.h"
#include "http/req.h"
#include "reader/urls.h"
#include "store/store.h"

static json_t *
media_obj(struct api_ctx *ctx, const struct media *m, int embed)
{
	json_t	   *o = json_object(), *det;
	int	    image;
	const char *url = site_media_url(ctx->r, m->path);
	struct str  title = m->alt.n > 0 ? m->alt : m->path;

	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "date", api_jdate(m->created_at, ctx->tz_off));
	if (!embed) {
		json_object_set_new(o, "date_gmt", api_jdate(m->created_at, 0));
		json_object_set_new(o, "guid", api_rendered(str_c(url)));
		json_object_set_new(o, "modified",
		    api_jdate(m->created_at, ctx->tz_off));
		json_object_set_new(o, "modified_gmt",
		    api_jdate(m->created_at, 0));
	}
	json_object_set_new(o, "slug",
	    json_string(arena_printf(ctx->a, "media-%lld", (long long)m->id)));
	if (!embed)
		json_object_set_new(o, "status", json_string("inherit"));
	json_object_set_new(o, "type", json_string("attachment"));
	json_object_set_new(o, "link", json_string(url));
	json_object_set_new(o, "title",
	    api_rendered(api_html_escape(ctx->a, title)));
	json_object_set_new(o, "author", json_integer(0));
	if (!embed) {
		json_object_set_new(o, "comment_status", json_string("closed"));
		json_object_set_new(o, "ping_status", json_string("closed"));
		json_object_set_new(o, "template", json_string(""));
		json_object_set_new(o, "meta", json_array());
		/* Uploads take WordPress's description as the credit. */
		json_object_set_new(o, "description",
		    api_rendered(m->credit.n > 0 ?
			    str_c(arena_printf(ctx->a, "<p>%s</p>\n",
				api_html_escape(ctx->a, m->credit).p)) :
			    STR_LIT("")));
	}
	json_object_set_new(o, "caption",
	    api_rendered(m->caption.n > 0 ?
		    str_c(arena_printf(ctx->a, "<p>%s</p>\n",
			api_html_escape(ctx->a, m->caption).p)) :
		    STR_LIT("")));
	json_object_set_new(o, "alt_text", api_jstr(m->alt));
	/* WordPress's two kinds: an image, or a file (audio, video). */
	image = m->mime.n > 6 && memcmp(m->mime.p, "image/", 6) == 0;
	json_object_set_new(o, "media_type",
	    json_string(image ? "image" : "file"));
	json_object_set_new(o, "mime_type", api_jstr(m->mime));
	det = json_pack("{s:I,s:I,s:o,s:{}}", "width", (json_int_t)m->width,
	    "height", (json_int_t)m->height, "file", api_jstr(m->path),
	    "sizes");
	if (!image && det != NULL) {
		json_object_set_new(det, "filesize", json_integer(m->bytes));
		json_object_set_new(det, "length", json_integer(m->duration));
	}
	json_object_set_new(o, "media_details", det);
	if (!embed)
		json_object_set_new(o, "post", json_null());
	json_object_set_new(o, "source_url", json_string(url));
	api_links_add(o, "self",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/media/%lld",
			     (long long)m->id)),
		0));
	api_links_add(o, "collection",
	    api_link(api_url(ctx, "/wp/v2/media"), 0));
	api_links_add(o, "about",
	    api_link(api_url(ctx, "/wp/v2/types/attachment"), 0));
	return o;
}

json_t *
api_media_json(struct api_ctx *ctx, int64_t id, int embed)
{
	struct media m;

	if (store_media_get(ctx->a, ctx->st, id, &m) != NG_OK)
		return NULL;
	return media_obj(ctx, &m, embed);
}

enum ng_err
api_media_list(struct api_ctx *ctx)
{
	struct api_page pg;
	struct media   *v;
	size_t		i, n, total;
	json_t	       *list;
	enum ng_err	err;
	int		c, ok = 1;

	if (ctx->method == HTTP_POST)
		return api_media_create(ctx);
	if ((c = api_context_check(ctx,
		 "Sorry, you are not allowed to edit "
		 "posts in this post type.")) < 0)
		return NG_OK;
	ok &= c;
	ok &= api_p_page(ctx, &pg);
	if (api_params_done(ctx) || !ok)
		return NG_OK;
	if ((err = store_media_count(ctx->st, &total)) != NG_OK)
		return err;
	if (api_page_check(ctx, &pg, total, "rest_post_invalid_page_number"))
		return NG_OK;
	list = json_array();
	if (pg.offset < total) {
		if ((err = store_media_list(ctx->a, ctx->st, pg.offset,
			 pg.per_page, &v, &n)) != NG_OK) {
			json_decref(list);
			return err;
		}
		for (i = 0; i < n; i++)
			json_array_append_new(list,
			    media_obj(ctx, &v[i],
				ctx->context == API_CTX_EMBED));
	}
	api_paginate(ctx, total, pg.per_page, pg.page);
	return api_send(ctx, 200, list);
}

enum ng_err
api_media_item(struct api_ctx *ctx)
{
	struct media m;
	enum ng_err  err;
	int	     c;

	if (ctx->method != HTTP_GET)
		return api_media_modify(ctx);
	if ((c = api_context_check(ctx,
		 "Sorry, you are not allowed to edit "
		 "this post.")) < 0)
		return NG_OK;
	if (api_params_done(ctx) || c == 0)
		return NG_OK;
	err = store_media_get(ctx->a, ctx->st, ctx->id, &m);
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "rest_post_invalid_id",
		    "Invalid post ID.", NULL);
	if (err != NG_OK)
		return err;
	return api_send(ctx, 200,
	    media_obj(ctx, &m, ctx->context == API_CTX_EMBED));
}
