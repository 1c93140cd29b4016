/*
 * pages_write.c -- POST /pages, POST|PUT|PATCH /pages/ID and DELETE
 * /pages/ID: static pages written through the API.
 *
 * The newsroom lets editors and administrators (CAP_EDIT_OTHERS) edit
 * pages, as WordPress's edit_pages does; the API lets the same roles
 * and saves through page_save(), as the newsroom's page editor does, so
 * the same slugs are refused and the body is rendered the same way.  A
 * field the request leaves out keeps its value.
 */
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "admin/roles.h"
#include "api/api.h"
#include "api/api_int.h"
#include "content/page.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "store/store.h"

/* WordPress's page statuses, in the order of enum page_status. */
static const char *const wp_statuses[] = { "draft", "pending", "publish",
	"private", "future", NULL };

/* Read the request into p (over what it holds); 0 when it answered. */
static int
read_in(struct api_ctx *ctx, struct page *p)
{
	struct str title, content, slug;
	int	   has_title, has_content, st = -1, ok = 1;
	int64_t	   parent = -1, order = INT64_MIN, author = -1;

	ok &= api_p_text(ctx, "title", PAGE_TITLE_MAX, &title, &has_title);
	ok &= api_p_text(ctx, "content", STORE_BODY_MAX, &content,
	    &has_content);
	ok &= api_p_str(ctx, "slug", STORE_SLUG_MAX, &slug);
	ok &= api_p_enum(ctx, "status", wp_statuses, -1, &st);
	ok &= api_p_int(ctx, "parent", -1, 0, INT64_MAX, &parent);
	ok &= api_p_int(ctx, "menu_order", INT64_MIN, -1000000, 1000000,
	    &order);
	ok &= api_p_int(ctx, "author", -1, 0, INT64_MAX, &author);
	if (st == 4) {
		/* Pages are not scheduled here; only articles are. */
		api_bad_param(ctx, "status", "rest_invalid_param",
		    "status future is not supported for pages.");
		ok = 0;
	}
	if (api_params_done(ctx) || !ok)
		return 0;
	if (has_title)
		p->title = title;
	if (has_content)
		p->body_src = content;
	if (slug.p != NULL)
		p->slug = slug;
	if (st >= 0)
		p->status = (enum page_status)st;
	if (parent >= 0)
		p->parent_id = parent;
	if (order != INT64_MIN)
		p->menu_order = (int)order;
	if (author >= 0)
		p->author_id = author;
	return 1;
}

/* Answer with the page as saved, in the edit context. */
static enum ng_err
answer(struct api_ctx *ctx, int64_t id, int status)
{
	struct page *p;
	json_t	    *o;
	enum ng_err  err;

	if ((err = store_page_by_id(ctx->a, ctx->st, id, &p)) != NG_OK)
		return err;
	ctx->context = API_CTX_EDIT;
	if ((o = api_page_json(ctx, p, 0)) == NULL)
		return NG_ENOMEM;
	if (status == 201)
		resp_header_add(ctx->r, ctx->rs, "Location",
		    api_url(ctx,
			arena_printf(ctx->a, "/wp/v2/pages/%lld",
			    (long long)id)));
	return api_send(ctx, status, o);
}

/* 401 for nobody, 403 for a role without pages; 1 when it answered. */
static int
refused(struct api_ctx *ctx, const char *code, const char *msg)
{
	if (api_user_can(ctx, CAP_EDIT_OTHERS))
		return 0;
	(void)api_fail(ctx, ctx->user == NULL ? 401 : 403, code, msg, NULL);
	return 1;
}

static enum ng_err
page_write(struct api_ctx *ctx, struct page *cur)
{
	struct page p;
	const char *why = NULL;
	int64_t	    id = 0, was_author;
	enum ng_err err;

	if (refused(ctx,
		cur == NULL ? "rest_cannot_create" : "rest_cannot_edit",
		cur == NULL ? "Sorry, you are not allowed to create posts as "
			      "this user." :
			      "Sorry, you are not allowed to edit this post."))
		return NG_OK;
	if (cur != NULL)
		p = *cur;
	else {
		memset(&p, 0, sizeof(p));
		p.status = PAGE_DRAFT;
		p.format = BODY_MARKDOWN;
		p.body_src = STR_LIT("");
		p.author_id = ctx->user->author_id;
	}
	was_author = p.author_id;
	if (!read_in(ctx, &p))
		return NG_OK;
	if (cur == NULL && p.title.n == 0)
		return api_fail(ctx, 400, "empty_content",
		    "A title is required.", NULL);
	if (p.status == PAGE_TRASHED)
		p.status = PAGE_DRAFT;
	if (p.author_id != was_author && p.author_id != 0) {
		struct author *v;
		size_t	       i, n;

		if ((err = store_authors(ctx->a, ctx->st, &v, &n)) != NG_OK)
			return err;
		for (i = 0; i < n && v[i].id != p.author_id; i++)
			continue;
		if (i == n)
			return api_fail(ctx, 400, "rest_invalid_author",
			    "Invalid author ID.", NULL);
	}
	p.updated_at = 0;
	err = page_save(ctx->a, ctx->st, &p, ctx->r->app->segment_taken,
	    ctx->user->id, &id, &why);
	if (err == NG_ECONFLICT && cur != NULL) {
		struct page *now;

		if (store_page_by_id(ctx->a, ctx->st, cur->id, &now) == NG_OK &&
		    now->version != cur->version)
			return api_fail(ctx, 409, "rest_post_conflict",
			    "The page was saved by someone else meanwhile; "
			    "read it again.",
			    NULL);
	}
	if (err == NG_ECONFLICT || err == NG_EINVAL || err == NG_ETOOBIG)
		return api_fail(ctx, 400,
		    err == NG_ECONFLICT ? "rest_post_slug_taken" :
					  "rest_invalid_param",
		    why != NULL ? why : "A field is invalid.", NULL);
	if (err != NG_OK)
		return err;
	log_info("api: %.*s saved page %lld", (int)ctx->user->login.n,
	    ctx->user->login.p, (long long)id);
	api_event(ctx->r, "page", id, cur != NULL ? (int)cur->status : -1,
	    (int)p.status);
	return answer(ctx, id, cur == NULL ? 201 : 200);
}

enum ng_err
api_page_create(struct api_ctx *ctx)
{
	return page_write(ctx, NULL);
}

/* DELETE: to the trash, or for good with force=true. */
static enum ng_err
page_delete(struct api_ctx *ctx, struct page *cur)
{
	json_t	   *prev;
	enum ng_err err;
	int	    force;

	if (!api_p_bool(ctx, "force", 0, &force) || api_params_done(ctx))
		return NG_OK;
	if (refused(ctx, "rest_cannot_delete",
		"Sorry, you are not allowed to delete this post."))
		return NG_OK;
	ctx->context = API_CTX_EDIT;
	if (!force) {
		if (cur->status == PAGE_TRASHED)
			return api_fail(ctx, 410, "rest_already_trashed",
			    "The post has already been deleted.", NULL);
		if ((err = store_page_set_status(ctx->st, cur->id,
			 PAGE_TRASHED)) != NG_OK)
			return err;
		api_event(ctx->r, "page", cur->id, (int)cur->status,
		    PAGE_TRASHED);
		return answer(ctx, cur->id, 200);
	}
	if ((prev = api_page_json(ctx, cur, 0)) == NULL)
		return NG_ENOMEM;
	if ((err = store_page_delete(ctx->st, cur->id)) != NG_OK) {
		json_decref(prev);
		if (err == NG_ECONFLICT)
			return api_fail(ctx, 409, "rest_cannot_delete",
			    "This page has pages under it; move or delete "
			    "them first.",
			    NULL);
		return err;
	}
	if (cur->status == PAGE_PUBLISHED)
		api_event_send(ctx, "page.deleted", prev);
	return api_send(ctx, 200,
	    json_pack("{s:b,s:o}", "deleted", 1, "previous", prev));
}

enum ng_err
api_page_modify(struct api_ctx *ctx)
{
	struct page *cur;
	enum ng_err  err;

	err = store_page_by_id(ctx->a, ctx->st, ctx->id, &cur);
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "rest_post_invalid_id",
		    "Invalid post ID.", NULL);
	if (err != NG_OK)
		return err;
	if (ctx->method == HTTP_DELETE)
		return page_delete(ctx, cur);
	return page_write(ctx, cur);
}
