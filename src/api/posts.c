/*
 * posts.c -- /wp/v2/posts: articles as WordPress's post objects.
 *
 * An article's id is its post id (the same number /?p=ID answers), its
 * section its one category, its byline author its author (users.c).
 * content.rendered is the body as the article page shows it: the stored
 * HTML with its shortcode markers expanded (reader/shortcodes.h), so no
 * shortcode text ever leaves.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "api/api.h"
#include "api/api_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "http/req.h"
#include "http/resp.h"
#include "reader/shortcodes.h"
#include "reader/urls.h"
#include "store/store.h"

/* Words of the body an excerpt keeps when the article has no dek. */
#define EXCERPT_WORDS 55
/* Bytes of a post object's text, about: a body of a thousand words. */
#define API_POST_TEXT_GUESS 8192

/* WordPress's status names, by enum article_status. */
static const char *const wp_status[ARTICLE__MAX] = {
	[ARTICLE_DRAFT] = "draft",
	[ARTICLE_PENDING] = "pending",
	[ARTICLE_SCHEDULED] = "future",
	[ARTICLE_PUBLISHED] = "publish",
	[ARTICLE_TRASHED] = "trash",
};

const char *
api_status_name(const struct article *a)
{
	if (a->status == ARTICLE_PUBLISHED && a->published_at > time(NULL))
		return "future";
	return wp_status[a->status];
}

int
api_status_parse(struct str s, enum article_status *out)
{
	int i;

	for (i = 0; i < ARTICLE__MAX; i++)
		if (str_eqc(s, wp_status[i])) {
			*out = (enum article_status)i;
			return 1;
		}
	return 0;
}

/* "<p>dek</p>\n", or the first words of the text with an ellipsis. */
static struct str
excerpt_html(struct arena *ar, const struct article *a)
{
	struct buf b;
	struct str src = a->dek, out;
	size_t	   i, words = 0;
	int	   cut = 0, inword = 0;

	if (src.n == 0) {
		src = a->body_text;
		for (i = 0; i < src.n; i++) {
			if (src.p[i] == ' ' || src.p[i] == '\n' ||
			    src.p[i] == '\t') {
				inword = 0;
				continue;
			}
			if (!inword && ++words > EXCERPT_WORDS) {
				src.n = i;
				cut = 1;
				break;
			}
			inword = 1;
		}
		while (src.n > 0 &&
		    (src.p[src.n - 1] == ' ' || src.p[src.n - 1] == '\n'))
			src.n--;
	}
	if (src.n == 0)
		return STR_LIT("");
	buf_init(&b, ar);
	buf_puts(&b, "<p>");
	for (i = 0; i < src.n; i++)
		buf_put_html(&b, src.p[i] == '\n' ? " " : src.p + i, 1);
	if (cut)
		buf_puts(&b, " [&hellip;]");
	buf_puts(&b, "</p>\n");
	if (buf_finish(&b, &out) != NG_OK)
		return STR_LIT("");
	return out;
}

/* The article's public URL, or its shortlink while unpublished. */
static const char *
post_link(struct api_ctx *ctx, const struct article *a)
{
	if (a->status == ARTICLE_PUBLISHED)
		return api_site_url(ctx, site_art_path(ctx->r, a, PV_PAGE));
	return api_site_url(ctx,
	    arena_printf(ctx->a, "/?p=%lld", (long long)a->id));
}

static json_t *
term_ids(const struct article *a, int tags)
{
	json_t *v = json_array();
	size_t	i;

	if (!tags) {
		if (a->section_id != 0)
			json_array_append_new(v, json_integer(a->section_id));
		return v;
	}
	for (i = 0; i < a->ntags; i++)
		json_array_append_new(v, json_integer(a->tags[i].id));
	return v;
}

static void
post_links(struct api_ctx *ctx, json_t *o, const struct article *a,
    int64_t media)
{
	json_t *l;

	api_links_add(o, "self",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/posts/%lld",
			     (long long)a->id)),
		0));
	api_links_add(o, "collection",
	    api_link(api_url(ctx, "/wp/v2/posts"), 0));
	api_links_add(o, "about",
	    api_link(api_url(ctx, "/wp/v2/types/post"), 0));
	if (a->author_id != 0)
		api_links_add(o, "author",
		    api_link(api_url(ctx,
				 arena_printf(ctx->a, "/wp/v2/users/%lld",
				     (long long)a->author_id)),
			1));
	api_links_add(o, "replies",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/comments?post=%lld",
			     (long long)a->id)),
		1));
	if (media != 0)
		api_links_add(o, "wp:featuredmedia",
		    api_link(api_url(ctx,
				 arena_printf(ctx->a, "/wp/v2/media/%lld",
				     (long long)media)),
			1));
	api_links_add(o, "wp:attachment",
	    api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/media?parent=%lld",
			     (long long)a->id)),
		0));
	l = api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/categories?post=%lld",
			     (long long)a->id)),
	    1);
	json_object_set_new(l, "taxonomy", json_string("category"));
	api_links_add(o, "wp:term", l);
	l = api_link(api_url(ctx,
			 arena_printf(ctx->a, "/wp/v2/tags?post=%lld",
			     (long long)a->id)),
	    1);
	json_object_set_new(l, "taxonomy", json_string("post_tag"));
	api_links_add(o, "wp:term", l);
	api_links_add(o, "curies",
	    json_pack("{s:s,s:s,s:b}", "name", "wp", "href",
		"https://api.w.org/{rel}", "templated", 1));
}

/* _embedded: the author, the featured image and the terms. */
static void
post_embed(struct api_ctx *ctx, json_t *o, const struct article *a,
    int64_t media)
{
	json_t *e = json_object(), *terms, *cats, *tags, *t;
	size_t	i;

	if (a->author_id != 0 &&
	    (t = api_user_json(ctx, a->author_id, 1)) != NULL)
		json_object_set_new(e, "author", json_pack("[o]", t));
	if (media != 0 && (t = api_media_json(ctx, media, 1)) != NULL)
		json_object_set_new(e, "wp:featuredmedia", json_pack("[o]", t));
	cats = json_array();
	if (a->section.id != 0)
		json_array_append_new(cats,
		    api_term_json(ctx, TERM_SECTION, a->section.id,
			a->section.slug, a->section.name,
			a->section.description, 0, 1));
	tags = json_array();
	for (i = 0; i < a->ntags; i++)
		json_array_append_new(tags,
		    api_term_json(ctx, TERM_TAG, a->tags[i].id, a->tags[i].slug,
			a->tags[i].name, STR_LIT(""), 0, 1));
	terms = json_pack("[o,o]", cats, tags);
	json_object_set_new(e, "wp:term", terms);
	json_object_set_new(o, "_embedded", e);
}

/*
 * Whether id is pinned to the front page (WordPress's sticky).  The pins
 * are read once a request, not once a post: a list of ten read them ten
 * times, two thirds of its time.
 */
static int
post_sticky(struct api_ctx *ctx, int64_t id)
{
	size_t i;

	if (!ctx->pins_read) {
		if (store_article_pins(ctx->a, ctx->st, 0, STORE_PINS_MAX,
			&ctx->pins, &ctx->npins) != NG_OK)
			return 0;
		ctx->pins_read = 1;
	}
	for (i = 0; i < ctx->npins; i++)
		if (ctx->pins[i] == id)
			return 1;
	return 0;
}

json_t *
api_post_json(struct api_ctx *ctx, struct article *a, int embed)
{
	struct safe_html html;
	struct str	 title;
	int64_t		 media = 0, date, gmt_date;
	json_t		*o, *t;
	size_t		 i;
	int		 edit = ctx->context == API_CTX_EDIT;

	if (site_shortcodes_html(ctx->r, a, SITE_SC_PAGE, &html) != NG_OK)
		return NULL;
	if (store_article_featured(ctx->st, a->id, &media) != NG_OK)
		media = 0;
	title = api_html_escape(ctx->a, a->title);
	date = a->published_at != 0 ? a->published_at : a->created_at;
	gmt_date = a->published_at;
	o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "date", api_jdate(date, ctx->tz_off));
	if (!embed) {
		json_object_set_new(o, "date_gmt",
		    gmt_date != 0 ? api_jdate(gmt_date, 0) : json_null());
		t = api_rendered(str_c(api_site_url(ctx,
		    arena_printf(ctx->a, "/?p=%lld", (long long)a->id))));
		if (edit)
			json_object_set(t, "raw",
			    json_object_get(t, "rendered"));
		json_object_set_new(o, "guid", t);
		json_object_set_new(o, "modified",
		    api_jdate(a->updated_at, ctx->tz_off));
		json_object_set_new(o, "modified_gmt",
		    api_jdate(a->updated_at, 0));
	}
	json_object_set_new(o, "slug", api_jstr(a->slug));
	if (!embed)
		json_object_set_new(o, "status",
		    json_string(api_status_name(a)));
	json_object_set_new(o, "type", json_string("post"));
	json_object_set_new(o, "link", json_string(post_link(ctx, a)));
	t = api_rendered(title);
	if (edit)
		json_object_set_new(t, "raw", api_jstr(a->title));
	json_object_set_new(o, "title", t);
	if (!embed) {
		t = json_pack("{s:o,s:b}", "rendered", api_jstr(html.s),
		    "protected", 0);
		if (edit) {
			json_object_set_new(t, "raw", api_jstr(a->body_md));
			json_object_set_new(t, "block_version",
			    json_integer(0));
		}
		json_object_set_new(o, "content", t);
	}
	t = json_pack("{s:o,s:b}", "rendered",
	    api_jstr(excerpt_html(ctx->a, a)), "protected", 0);
	if (edit)
		json_object_set_new(t, "raw", api_jstr(a->dek));
	json_object_set_new(o, "excerpt", t);
	json_object_set_new(o, "author", json_integer(a->author_id));
	/* Every byline, author first (nutgraf's co-authors). */
	t = json_array();
	for (i = 0; i < a->nauthors; i++)
		json_array_append_new(t, json_integer(a->authors[i].id));
	if (a->nauthors == 0 && a->author_id != 0)
		json_array_append_new(t, json_integer(a->author_id));
	json_object_set_new(o, "authors", t);
	json_object_set_new(o, "featured_media", json_integer(media));
	if (!embed) {
		json_object_set_new(o, "comment_status",
		    json_string(a->comments_open ? "open" : "closed"));
		json_object_set_new(o, "ping_status", json_string("closed"));
		json_object_set_new(o, "sticky",
		    json_boolean(post_sticky(ctx, a->id)));
		json_object_set_new(o, "template", json_string(""));
		json_object_set_new(o, "format", json_string("standard"));
		json_object_set_new(o, "meta", json_array());
		json_object_set_new(o, "categories", term_ids(a, 0));
		json_object_set_new(o, "tags", term_ids(a, 1));
	}
	if (edit) {
		json_object_set_new(o, "password", json_string(""));
		json_object_set_new(o, "permalink_template",
		    json_string(
			api_site_url(ctx, "/%year%/%monthnum%/%postname%/")));
		json_object_set_new(o, "generated_slug", api_jstr(a->slug));
	}
	post_links(ctx, o, a, media);
	if (!embed && api_embed_wanted(ctx))
		post_embed(ctx, o, a, media);
	return o;
}

/* May the caller see articles that are not published? */
static int
sees_unpublished(struct api_ctx *ctx)
{
	return ctx->user != NULL && api_user_can(ctx, CAP_WRITE);
}

/* Read context; 1 when the caller may have it, else answered. */
int
api_context_check(struct api_ctx *ctx, const char *forbidden_msg)
{
	static const char *const ctxs[] = { "view", "embed", "edit", NULL };
	int			 c;

	if (!api_p_enum(ctx, "context", ctxs, API_CTX_VIEW, &c))
		return 0;
	ctx->context = (enum api_context)c;
	if (ctx->context == API_CTX_EDIT && !sees_unpublished(ctx)) {
		(void)api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_forbidden_context", forbidden_msg, NULL);
		return -1;
	}
	return 1;
}

int
api_context_cap(struct api_ctx *ctx, enum admin_cap cap, const char *msg)
{
	int c = api_context_check(ctx, msg);

	if (c == 1 && ctx->context == API_CTX_EDIT && !api_user_can(ctx, cap)) {
		(void)api_fail(ctx, 403, "rest_forbidden_context", msg, NULL);
		return -1;
	}
	return c;
}

static const char *const orderbys[] = { "date", "id", "title", "slug",
	"modified", "include", "author", "relevance", "include_slugs", "parent",
	NULL };
static const char *const orders[] = { "desc", "asc", NULL };

/* status=publish,draft,...: the mask, or 0 after answering. */
static unsigned
status_mask(struct api_ctx *ctx, int *ok)
{
	struct str	   *v;
	size_t		    i, n;
	enum article_status st;
	unsigned	    mask = 0;

	if (!api_p_strs(ctx, "status", &v, &n)) {
		*ok = 0;
		return 0;
	}
	if (n == 0)
		return 1u << ARTICLE_PUBLISHED;
	for (i = 0; i < n; i++) {
		if (str_eqc(v[i], "any")) {
			mask |= (1u << ARTICLE__MAX) - 1;
			mask &= ~(1u << ARTICLE_TRASHED);
		} else if (str_eqc(v[i], "private"))
			continue; /* nutgraf has no private posts */
		else if (api_status_parse(v[i], &st)) {
			mask |= 1u << st;
			if (st == ARTICLE_SCHEDULED)
				mask |= 1u << ARTICLE_PUBLISHED;
		} else {
			api_bad_param(ctx, "status", "rest_not_in_enum",
			    "status[0] is not one of publish, future, draft, "
			    "pending, private, trash, and any.");
			*ok = 0;
			return 0;
		}
	}
	return mask;
}

/*
 * Append sep (unless NUL) and the text of post id's public object to b,
 * from the memo or rendered (and then kept).  NG_ENOTFOUND, with
 * nothing appended, when it is gone.
 */
static enum ng_err
post_text(struct api_ctx *ctx, int64_t id, const char *origin, char sep,
    struct buf *b)
{
	struct article *a;
	struct buf	one;
	struct str	text;
	const uint64_t *keys;
	uint64_t	gen;
	size_t		nkeys;
	json_t	       *o;
	enum ng_err	err;

	if (api_memo_append(ctx, id, origin, sep, b))
		return NG_OK;
	gen = store_read_generation(ctx->st);
	store_read_capture_begin();
	if ((err = store_article_by_id(ctx->a, ctx->st, id, &a)) != NG_OK) {
		(void)store_read_capture_end(&keys);
		return err;
	}
	o = api_post_json(ctx, a, 0);
	nkeys = store_read_capture_end(&keys);
	if (o == NULL)
		return NG_ENOMEM;
	buf_init(&one, ctx->a);
	if (!api_json_append(&one, o))
		buf_set_max(&one, 0);
	json_decref(o);
	if ((err = buf_finish(&one, &text)) != NG_OK)
		return err;
	/* Only what the public list shows: drafts move no generation. */
	if (a->status == ARTICLE_PUBLISHED && a->published_at <= time(NULL))
		api_memo_put(ctx, id, origin, gen, text, keys, nkeys);
	if (sep != '\0')
		buf_putc(b, sep);
	buf_put(b, text.p, text.n);
	return NG_OK;
}

/*
 * The public list (context view, no _fields or _embed): the posts'
 * texts joined into the array jansson would write, from the memo.
 */
static enum ng_err
posts_joined(struct api_ctx *ctx, const int64_t *ids, size_t n, size_t total,
    const struct api_page *pg)
{
	struct buf  b;
	struct str  body;
	const char *origin = site_origin(ctx->r);
	size_t	    i;
	enum ng_err err;
	int	    first = 1;

	buf_init(&b, ctx->a);
	/* Room for a list of typical posts, to copy each text once. */
	buf_reserve(&b, n * API_POST_TEXT_GUESS);
	buf_putc(&b, '[');
	for (i = 0; i < n; i++) {
		err = post_text(ctx, ids[i], origin, first ? '\0' : ',', &b);
		if (err == NG_ENOTFOUND)
			continue;
		if (err != NG_OK)
			return err;
		first = 0;
	}
	buf_putc(&b, ']');
	if ((err = buf_finish(&b, &body)) != NG_OK)
		return err;
	api_paginate(ctx, total, pg->per_page, pg->page);
	return api_send_text(ctx, 200, body);
}

enum ng_err
api_posts(struct api_ctx *ctx)
{
	struct api_article_query q;
	struct api_page		 pg;
	struct article		*a;
	struct str		 search, *slugs;
	int64_t			*ids;
	size_t			 i, n, total;
	json_t			*list, *o;
	enum ng_err		 err;
	int			 ok = 1, ob, asc, c;

	if (ctx->method == HTTP_POST)
		return api_post_create(ctx);
	if ((c = api_context_check(ctx,
		 "Sorry, you are not allowed to edit "
		 "posts in this post type.")) <= 0)
		return c < 0 ? NG_OK : (api_params_done(ctx), NG_OK);
	memset(&q, 0, sizeof(q));
	ok &= api_p_page(ctx, &pg);
	ok &= api_p_str(ctx, "search", STORE_TITLE_MAX, &search);
	ok &= api_p_date(ctx, "after", &q.after);
	ok &= api_p_date(ctx, "before", &q.before);
	ok &= api_p_date(ctx, "modified_after", &q.modified_after);
	ok &= api_p_date(ctx, "modified_before", &q.modified_before);
	ok &= api_p_ids(ctx, "author", &q.authors);
	ok &= api_p_ids(ctx, "author_exclude", &q.authors_not);
	ok &= api_p_ids(ctx, "include", &q.include);
	ok &= api_p_ids(ctx, "exclude", &q.exclude);
	ok &= api_p_ids(ctx, "categories", &q.sections);
	ok &= api_p_ids(ctx, "categories_exclude", &q.sections_not);
	ok &= api_p_ids(ctx, "tags", &q.tags);
	ok &= api_p_ids(ctx, "tags_exclude", &q.tags_not);
	ok &= api_p_strs(ctx, "slug", &slugs, &q.nslugs);
	q.slugs = slugs;
	ok &= api_p_enum(ctx, "orderby", orderbys, 0, &ob);
	ok &= api_p_enum(ctx, "order", orders, 0, &asc);
	q.status_mask = status_mask(ctx, &ok);
	if (api_params_done(ctx))
		return NG_OK;
	if (q.status_mask != (1u << ARTICLE_PUBLISHED) &&
	    !sees_unpublished(ctx))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_forbidden_status", "Status is forbidden.", NULL);
	if (ob == 7 && search.n == 0)
		return api_fail(ctx, 400, "rest_no_search_term_defined",
		    "You need to define a search term to order by "
		    "relevance.",
		    NULL);
	if (ob == 5 && q.include.n == 0)
		return api_fail(ctx, 400,
		    "rest_orderby_include_missing_include",
		    "You need to define an include parameter to order by "
		    "include.",
		    NULL);
	q.orderby = ob <= API_ORDER_INCLUDE ? (enum api_orderby)ob :
					      API_ORDER_DATE;
	q.asc = asc;
	q.search = search;
	/* Contributors see their own drafts only, as in the newsroom. */
	if (q.status_mask != (1u << ARTICLE_PUBLISHED) &&
	    !api_user_can(ctx, CAP_EDIT_OTHERS) && q.authors.n == 0) {
		q.authors.v = &ctx->user->author_id;
		q.authors.n = 1;
	}
	q.offset = pg.offset;
	q.limit = pg.per_page;
	if ((err = store_api_article_ids(ctx->a, ctx->st, &q, &ids, &n,
		 &total)) != NG_OK)
		return err == NG_EINVAL ?
		    api_fail(ctx, 400, "rest_invalid_param",
			"Invalid parameter(s).", NULL) :
		    err;
	if (api_page_check(ctx, &pg, total, "rest_post_invalid_page_number"))
		return NG_OK;
	if (ctx->user == NULL && ctx->context == API_CTX_VIEW &&
	    !api_embed_wanted(ctx) && req_query(ctx->r, "_fields").p == NULL)
		return posts_joined(ctx, ids, n, total, &pg);
	list = json_array();
	for (i = 0; i < n; i++) {
		if ((err = store_article_by_id(ctx->a, ctx->st, ids[i], &a)) ==
		    NG_ENOTFOUND)
			continue;
		if (err != NG_OK ||
		    (o = api_post_json(ctx, a,
			 ctx->context == API_CTX_EMBED)) == NULL) {
			json_decref(list);
			return err != NG_OK ? err : NG_ENOMEM;
		}
		json_array_append_new(list, o);
	}
	api_paginate(ctx, total, pg.per_page, pg.page);
	return api_send(ctx, 200, list);
}

/* May the caller read article a? */
int
api_may_read(struct api_ctx *ctx, const struct article *a)
{
	if (a->status == ARTICLE_PUBLISHED && a->published_at <= time(NULL))
		return 1;
	return ctx->user != NULL && api_may_edit(ctx, a);
}

enum ng_err
api_post_get(struct api_ctx *ctx)
{
	struct article *a;
	json_t	       *o;
	enum ng_err	err;
	int		c;

	if (ctx->method != HTTP_GET)
		return api_post_modify(ctx);
	if ((c = api_context_check(ctx,
		 "Sorry, you are not allowed to edit "
		 "this post.")) <= 0)
		return c < 0 ? NG_OK : (api_params_done(ctx), NG_OK);
	if (api_params_done(ctx))
		return NG_OK;
	err = store_article_by_id(ctx->a, ctx->st, ctx->id, &a);
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "rest_post_invalid_id",
		    "Invalid post ID.", NULL);
	if (err != NG_OK)
		return err;
	if (!api_may_read(ctx, a))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_forbidden", "Sorry, you are not allowed to do that.",
		    NULL);
	if (ctx->context == API_CTX_EDIT && !api_may_edit(ctx, a))
		return api_fail(ctx, 403, "rest_forbidden_context",
		    "Sorry, you are not allowed to edit this post.", NULL);
	if ((o = api_post_json(ctx, a, ctx->context == API_CTX_EMBED)) == NULL)
		return NG_ENOMEM;
	return api_send(ctx, 200, o);
}
