/*
 * posts_write.c -- POST /posts, POST|PUT|PATCH /posts/ID and DELETE
 * /posts/ID: articles written through the API, by the newsroom's rules.
 *
 * Every check the editor makes is made here through the same calls
 * (admin/roles.h, admin/editor.h): a contributor may save drafts and
 * submit them for review but not publish, an author publishes only
 * their own, editors anything.  A field the request leaves out keeps
 * its value (PATCH semantics for every method, as WordPress has).
 * Terms are named by id, as WordPress names them: categories[0] is the
 * article's section, tags its tags.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "admin/editor.h"
#include "admin/roles.h"
#include "api/api.h"
#include "api/api_int.h"
#include "content/article.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "store/store.h"

/* What a write request asks for; has_* when the field was sent. */
struct post_in {
	struct str    title, content, excerpt, slug;
	int	      has_title, has_content, has_excerpt, has_slug;
	int	      status;	/* -1: not sent */
	int64_t	      date;	/* UTC; 0: not sent */
	int64_t	      author;	/* -1: not sent */
	int64_t	      featured; /* -1: not sent */
	int	      comments; /* -1: not sent */
	int	      sticky;	/* -1: not sent */
	struct id_set cats, tags;
	int	      has_cats, has_tags;
	/* Every byline in order (co-authors); author, when sent, first. */
	struct id_set authors;
	int	      has_authors;
};

static const char *const statuses[] = { "publish", "future", "draft", "pending",
	"private", NULL };

/* Read every field; 0 when the 400 was answered. */
static int
read_in(struct api_ctx *ctx, struct post_in *in)
{
	static const char *const cs[] = { "open", "closed", NULL };
	int64_t			 gmt = 0;
	int			 ok = 1, st = -1, c = -1;

	memset(in, 0, sizeof(*in));
	ok &= api_p_text(ctx, "title", ARTICLE_TITLE_MAX, &in->title,
	    &in->has_title);
	ok &= api_p_text(ctx, "content", STORE_BODY_MAX, &in->content,
	    &in->has_content);
	ok &= api_p_text(ctx, "excerpt", ARTICLE_DEK_MAX, &in->excerpt,
	    &in->has_excerpt);
	ok &= api_p_str(ctx, "slug", STORE_SLUG_MAX, &in->slug);
	in->has_slug = in->slug.p != NULL;
	ok &= api_p_enum(ctx, "status", statuses, -1, &st);
	in->status = st;
	ok &= api_p_date(ctx, "date", &in->date);
	ok &= api_p_date(ctx, "date_gmt", &gmt);
	/* date_gmt without a zone is UTC, not the site's time. */
	if (gmt != 0)
		in->date = api_param(ctx, "date_gmt", NULL).n == 19 ?
		    gmt + ctx->tz_off :
		    gmt;
	ok &= api_p_int(ctx, "author", -1, 0, INT64_MAX, &in->author);
	ok &= api_p_int(ctx, "featured_media", -1, 0, INT64_MAX, &in->featured);
	ok &= api_p_enum(ctx, "comment_status", cs, -1, &c);
	in->comments = c < 0 ? -1 : c == 0;
	ok &= api_p_bool(ctx, "sticky", -1, &in->sticky);
	ok &= api_p_ids(ctx, "categories", &in->cats);
	in->has_cats = api_param(ctx, "categories", NULL).p != NULL ||
	    in->cats.n > 0;
	ok &= api_p_ids(ctx, "tags", &in->tags);
	in->has_tags = api_param(ctx, "tags", NULL).p != NULL || in->tags.n > 0;
	ok &= api_p_ids(ctx, "authors", &in->authors);
	in->has_authors = api_param(ctx, "authors", NULL).p != NULL ||
	    in->authors.n > 0;
	if (st == 4) {
		api_bad_param(ctx, "status", "rest_invalid_param",
		    "status private is not supported: nutgraf has no private "
		    "posts.");
		ok = 0;
	}
	return !api_params_done(ctx) && ok;
}

/* Tag ids to names; 0 after answering 400 for an unknown id. */
static int
tag_names(struct api_ctx *ctx, const struct id_set *ids, struct str **out,
    enum ng_err *err)
{
	struct tag *all;
	struct str *v;
	size_t	    i, j, n;

	*out = NULL;
	*err = NG_OK;
	if (ids->n == 0)
		return 1;
	if ((*err = store_tags(ctx->a, ctx->st, &all, &n)) != NG_OK)
		return 0;
	if ((v = arena_calloc(ctx->a, ids->n, sizeof(*v))) == NULL) {
		*err = NG_ENOMEM;
		return 0;
	}
	for (i = 0; i < ids->n; i++) {
		for (j = 0; j < n && all[j].id != ids->v[i]; j++)
			continue;
		if (j == n) {
			api_bad_param(ctx, "tags", "rest_invalid_term_id",
			    arena_printf(ctx->a, "Invalid term ID %lld.",
				(long long)ids->v[i]));
			(void)api_params_done(ctx);
			return 0;
		}
		v[i] = all[j].name;
	}
	*out = v;
	return 1;
}

static int author_exists(struct api_ctx *ctx, int64_t id, enum ng_err *err);

/*
 * The bylines of an "authors" list (author, when sent, first; repeats
 * dropped) into buf and art.  NG_EINVAL after answering 403 or 400.
 */
static enum ng_err
set_bylines(struct api_ctx *ctx, const struct post_in *in,
    const struct article *cur, struct article *art, int64_t *buf)
{
	enum ng_err err = NG_OK;
	size_t	    i, j, k = 0, n;
	int	    same;

	if (in->author > 0)
		buf[k++] = in->author;
	for (i = 0; i < in->authors.n; i++) {
		for (j = 0; j < k && buf[j] != in->authors.v[i]; j++)
			continue;
		if (j < k || in->authors.v[i] <= 0)
			continue;
		if (k == STORE_AUTHORS_MAX) {
			(void)api_fail(ctx, 400, "rest_invalid_param",
			    "Too many authors.", NULL);
			return NG_EINVAL;
		}
		if (!author_exists(ctx, in->authors.v[i], &err)) {
			if (err != NG_OK)
				return err;
			(void)api_fail(ctx, 400, "rest_invalid_author",
			    "Invalid author ID.", NULL);
			return NG_EINVAL;
		}
		buf[k++] = in->authors.v[i];
	}
	/* Others' bylines are an editor's to change. */
	n = cur != NULL ? cur->nauthors : 0;
	same = n == k;
	for (i = 0; same && i < k; i++)
		same = cur->authors[i].id == buf[i];
	if (!same && !api_user_can(ctx, CAP_EDIT_OTHERS) &&
	    !(cur == NULL && k == 1 && buf[0] == ctx->user->author_id)) {
		(void)api_fail(ctx, 403, "rest_cannot_edit_others",
		    "Sorry, you are not allowed to change the authors of "
		    "this post.",
		    NULL);
		return NG_EINVAL;
	}
	art->author_ids = buf;
	art->nauthor_ids = k;
	art->author_id = k > 0 ? buf[0] : 0;
	return NG_OK;
}

static int
section_exists(struct api_ctx *ctx, int64_t id, enum ng_err *err)
{
	struct section *v;
	size_t		i, n;

	if ((*err = store_sections(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return 0;
	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return 1;
	return 0;
}

static int
author_exists(struct api_ctx *ctx, int64_t id, enum ng_err *err)
{
	struct author *v;
	size_t	       i, n;

	if ((*err = store_authors(ctx->a, ctx->st, &v, &n)) != NG_OK)
		return 0;
	for (i = 0; i < n; i++)
		if (v[i].id == id)
			return 1;
	return 0;
}

/* Answer with the post as saved, in the edit context. */
static enum ng_err
answer(struct api_ctx *ctx, int64_t id, int status)
{
	struct article *a;
	json_t	       *o;
	enum ng_err	err;

	if ((err = store_article_by_id(ctx->a, ctx->st, id, &a)) != NG_OK)
		return err;
	ctx->context = API_CTX_EDIT;
	if ((o = api_post_json(ctx, a, 0)) == NULL)
		return NG_ENOMEM;
	if (status == 201)
		resp_header_add(ctx->r, ctx->rs, "Location",
		    api_url(ctx,
			arena_printf(ctx->a, "/wp/v2/posts/%lld",
			    (long long)id)));
	return api_send(ctx, status, o);
}

/* The status a request moves cur (NULL: new) to. */
static enum article_status
target_status(const struct post_in *in, const struct article *cur, int64_t when,
    int64_t now)
{
	enum article_status to;

	if (in->status < 0)
		to = cur != NULL ? cur->status : ARTICLE_DRAFT;
	else if (in->status == 0 || in->status == 1)
		to = ARTICLE_PUBLISHED;
	else if (in->status == 2)
		to = ARTICLE_DRAFT;
	else
		to = ARTICLE_PENDING;
	/* WordPress: a publication date in the future schedules. */
	if ((to == ARTICLE_PUBLISHED || to == ARTICLE_SCHEDULED) && when > now)
		to = ARTICLE_SCHEDULED;
	else if (to == ARTICLE_SCHEDULED)
		to = ARTICLE_PUBLISHED;
	return to;
}

/* Create (cur NULL) or update cur from the request. */
static enum ng_err
post_write(struct api_ctx *ctx, struct article *cur)
{
	struct post_in	    in;
	struct article	    art, *now_art;
	struct str	   *tags = NULL, tagbuf[STORE_TAGS_MAX];
	int64_t		    bylines[STORE_AUTHORS_MAX];
	enum article_status to;
	const char	   *why = NULL;
	int64_t		    now = (int64_t)time(NULL), id = 0, when;
	size_t		    ntags = 0, i;
	enum ng_err	    err;
	int		    auto_slug;

	if (ctx->user == NULL)
		return api_fail(ctx, 401,
		    cur == NULL ? "rest_cannot_create" : "rest_cannot_edit",
		    cur == NULL ? "Sorry, you are not "
				  "allowed to create posts as this user." :
				  "Sorry, you are "
				  "not allowed to edit this post.",
		    NULL);
	if (cur == NULL && !api_user_can(ctx, CAP_WRITE))
		return api_fail(ctx, 403, "rest_cannot_create",
		    "Sorry, you "
		    "are not allowed to create posts as this user.",
		    NULL);
	if (cur != NULL && !api_may_edit(ctx, cur))
		return api_fail(ctx, 403, "rest_cannot_edit",
		    "Sorry, you are "
		    "not allowed to edit this post.",
		    NULL);
	if (!read_in(ctx, &in))
		return NG_OK;

	if (cur != NULL)
		art = *cur;
	else {
		memset(&art, 0, sizeof(art));
		art.author_id = ctx->user->author_id;
		art.comments_open = 1;
		art.body_md = STR_LIT("");
	}
	if (in.has_title)
		art.title = in.title;
	if (in.has_content)
		art.body_md = in.content;
	if (in.has_excerpt)
		art.dek = in.excerpt;
	if (in.has_slug)
		art.slug = in.slug;
	if (art.slug.n == 0 && cur != NULL)
		art.slug = cur->slug;
	auto_slug = art.slug.n == 0;
	if (in.comments >= 0)
		art.comments_open = in.comments;
	if (in.author >= 0 && in.author != art.author_id) {
		if (!api_user_can(ctx, CAP_EDIT_OTHERS))
			return api_fail(ctx, 403, "rest_cannot_edit_others",
			    "Sorry, you are not allowed to create posts as "
			    "this user.",
			    NULL);
		if (!author_exists(ctx, in.author, &err))
			return err != NG_OK ?
			    err :
			    api_fail(ctx, 400, "rest_invalid_author",
				"Invalid author ID.", NULL);
		art.author_id = in.author;
	}
	if (in.has_authors &&
	    (err = set_bylines(ctx, &in, cur, &art, bylines)) != NG_OK)
		return err == NG_EINVAL ? NG_OK : err;
	if (in.has_cats) {
		art.section_id = in.cats.n > 0 ? in.cats.v[0] : 0;
		if (art.section_id != 0 &&
		    !section_exists(ctx, art.section_id, &err))
			return err != NG_OK ?
			    err :
			    api_fail(ctx, 400, "rest_invalid_term_id",
				"Invalid term ID.", NULL);
	}
	if (in.has_tags) {
		if (!tag_names(ctx, &in.tags, &tags, &err))
			return err;
		ntags = in.tags.n;
	} else if (cur != NULL) {
		for (i = 0; i < cur->ntags && i < STORE_TAGS_MAX; i++)
			tagbuf[i] = cur->tags[i].name;
		tags = tagbuf;
		ntags = i;
	}
	if (in.featured > 0 && !api_user_can(ctx, CAP_UPLOAD))
		return api_fail(ctx, 403, "rest_cannot_edit",
		    "Sorry, you are "
		    "not allowed to set a featured image.",
		    NULL);
	/* Pinning changes every reader's front page: editors only. */
	if (in.sticky >= 0 && !api_user_can(ctx, CAP_EDIT_OTHERS))
		return api_fail(ctx, 403, "rest_cannot_assign_sticky",
		    "Sorry, you are not allowed to make posts sticky.", NULL);

	when = in.date;
	to = target_status(&in, cur, when, now);
	if (!admin_may_set_status(ctx->user, cur, to))
		return api_fail(ctx, 403,
		    to == ARTICLE_PUBLISHED || to == ARTICLE_SCHEDULED ?
			"rest_cannot_publish" :
			"rest_cannot_edit",
		    to == ARTICLE_PUBLISHED || to == ARTICLE_SCHEDULED ?
			"Sorry, you are not allowed to "
			"publish posts in this post type." :
			"Sorry, you are not "
			"allowed to edit this post.",
		    NULL);
	if (when != 0)
		art.published_at = when;
	else if (to == ARTICLE_PUBLISHED &&
	    (cur == NULL || cur->status != ARTICLE_PUBLISHED ||
		cur->published_at == 0))
		art.published_at = now;
	art.status = to;
	art.updated_at = now;
	art.version = cur != NULL ? cur->version : 0;
	if (art.title.n == 0 && !in.has_title && cur == NULL)
		return api_fail(ctx, 400, "empty_content",
		    "A title is "
		    "required.",
		    NULL);
	if (article_check(&art, tags, ntags, &why) != NG_OK)
		return api_fail(ctx, 400, "rest_invalid_param",
		    why != NULL ? why : "Invalid post.", NULL);

	err = admin_save_unique(ctx->a, ctx->st, &art, tags, ntags, auto_slug,
	    &id);
	if (err == NG_ECONFLICT && cur != NULL &&
	    store_article_by_id(ctx->a, ctx->st, cur->id, &now_art) == NG_OK &&
	    now_art->version != cur->version)
		return api_fail(ctx, 409, "rest_post_conflict",
		    "The post was "
		    "saved by someone else meanwhile; read it again.",
		    NULL);
	if (err == NG_ECONFLICT)
		return api_fail(ctx, 400, "rest_post_slug_taken",
		    "That slug "
		    "is already used by another post.",
		    NULL);
	if (err == NG_EINVAL || err == NG_ETOOBIG)
		return api_fail(ctx, 400, "rest_invalid_param",
		    "A field is "
		    "invalid.",
		    NULL);
	if (err != NG_OK)
		return err;
	if (store_revision_set_user(ctx->st, id, ctx->user->id) != NG_OK)
		log_warn("api: cannot name the saver of a revision");
	if (in.featured >= 0 &&
	    (err = store_article_set_featured(ctx->st, id, in.featured)) !=
		NG_OK) {
		if (err != NG_EINVAL)
			return err;
		return api_fail(ctx, 400, "rest_invalid_featured_media",
		    "Invalid featured media ID.", NULL);
	}
	if (in.sticky >= 0 &&
	    (err = store_article_pin(ctx->st, id, in.sticky)) != NG_OK)
		return err;
	if (to == ARTICLE_SCHEDULED ||
	    (cur != NULL && cur->status == ARTICLE_SCHEDULED))
		admin_wake(ctx->r->app->admin);
	/* app->event: the webhooks, and the mail the move calls for. */
	if (ctx->r->app->event != NULL)
		ctx->r->app->event(ctx->r, "post", id,
		    cur != NULL ? (int)cur->status : -1, (int)to);
	return answer(ctx, id, cur == NULL ? 201 : 200);
}

enum ng_err
api_post_create(struct api_ctx *ctx)
{
	return post_write(ctx, NULL);
}

/* DELETE: to the trash, or for good with force=true. */
static enum ng_err
post_delete(struct api_ctx *ctx, struct article *cur)
{
	struct str     tagbuf[STORE_TAGS_MAX];
	struct article art;
	json_t	      *prev;
	size_t	       i;
	int64_t	       id;
	enum ng_err    err;
	int	       force;

	if (!api_p_bool(ctx, "force", 0, &force) || api_params_done(ctx))
		return NG_OK;
	if (ctx->user == NULL || !api_may_edit(ctx, cur) ||
	    !admin_may_set_status(ctx->user, cur, ARTICLE_TRASHED))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_cannot_delete",
		    "Sorry, you are not allowed to "
		    "delete this post.",
		    NULL);
	ctx->context = API_CTX_EDIT;
	if (force) {
		if ((prev = api_post_json(ctx, cur, 0)) == NULL)
			return NG_ENOMEM;
		if ((err = store_article_delete(ctx->st, cur->id)) != NG_OK) {
			json_decref(prev);
			return err;
		}
		if (cur->status == ARTICLE_PUBLISHED) {
			ctx->context = API_CTX_VIEW;
			api_event_send(ctx, "post.deleted", prev);
			ctx->context = API_CTX_EDIT;
		}
		return api_send(ctx, 200,
		    json_pack("{s:b,s:o}", "deleted", 1, "previous", prev));
	}
	if (cur->status == ARTICLE_TRASHED)
		return api_fail(ctx, 410, "rest_already_trashed",
		    "The post has already been deleted.", NULL);
	art = *cur;
	for (i = 0; i < cur->ntags && i < STORE_TAGS_MAX; i++)
		tagbuf[i] = cur->tags[i].name;
	art.status = ARTICLE_TRASHED;
	art.updated_at = (int64_t)time(NULL);
	if ((err = admin_save_unique(ctx->a, ctx->st, &art, tagbuf, i, 0,
		 &id)) != NG_OK)
		return err == NG_ECONFLICT ?
		    api_fail(ctx, 409, "rest_post_conflict",
			"The post was saved by someone "
			"else meanwhile; read it again.",
			NULL) :
		    err;
	if (cur->status == ARTICLE_SCHEDULED)
		admin_wake(ctx->r->app->admin);
	api_event(ctx->r, "post", id, (int)cur->status, ARTICLE_TRASHED);
	return answer(ctx, id, 200);
}

enum ng_err
api_post_modify(struct api_ctx *ctx)
{
	struct article *cur;
	enum ng_err	err;

	err = store_article_by_id(ctx->a, ctx->st, ctx->id, &cur);
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "rest_post_invalid_id",
		    "Invalid post ID.", NULL);
	if (err != NG_OK)
		return err;
	if (ctx->method == HTTP_DELETE)
		return post_delete(ctx, cur);
	return post_write(ctx, cur);
}
