/*
 * comments_write.c -- POST /comments (a reader's or a signed-in user's
 * comment) and POST|PUT|PATCH|DELETE /comments/ID (moderation).
 *
 * A comment through the API meets the comment form's rules, in the
 * form's order (site/comments.c): the article open for comments, the
 * fields valid (content/comment.h), the same per-address rate limit,
 * the parent approved and not too deep, the moderation policy, and the
 * store's guard against duplicates and a full queue.  Readers need no
 * account, as on the page.  Moderators (CAP_MODERATE) post approved
 * under their own name, may set a status, and alone may change a
 * comment afterwards: approve, hold, spam, trash, edit or delete it.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "admin/roles.h"
#include "api/api.h"
#include "api/api_int.h"
#include "content/comment.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "store/store.h"

/* Seconds to come back after a full queue or a failed write. */
#define QUEUE_FULL_RETRY 600
#define STORE_RETRY	 60

static enum ng_err
load_settings(struct api_ctx *ctx, struct comment_settings *s)
{
	struct str  vals[COMMENT_SET__MAX];
	enum ng_err err;

	if ((err = store_setting_get_many(ctx->a, ctx->st, comment_setting_keys,
		 COMMENT_SET__MAX, vals)) != NG_OK)
		return err;
	(void)comment_settings_load(s, vals);
	return NG_OK;
}

/* A failure with Retry-After (429, 503). */
static enum ng_err
fail_retry(struct api_ctx *ctx, int status, const char *code, const char *msg,
    unsigned secs)
{
	char b[24];

	(void)api_fail(ctx, status, code, msg, NULL);
	snprintf(b, sizeof(b), "%u", secs);
	resp_header_add(ctx->r, ctx->rs, "Retry-After", b);
	return NG_OK;
}

/* The bounded, flattened user agent, as the form stores it. */
static struct str
user_agent(struct api_ctx *ctx)
{
	struct str ua = req_header(ctx->r, "User-Agent");

	if (ua.p == NULL)
		return STR_LIT("");
	return comment_excerpt(ctx->a, comment_scrub(ctx->a, ua),
	    STORE_COMMENT_UA_MAX - 3);
}

/* Answer the 400 of a refused field, WordPress's codes. */
static enum ng_err
invalid(struct api_ctx *ctx, const struct comment_errors *e)
{
	if (e->msg[COMMENT_F_AUTHOR] != NULL || e->msg[COMMENT_F_EMAIL] != NULL)
		return api_fail(ctx, 400, "rest_comment_author_data_required",
		    e->msg[COMMENT_F_AUTHOR] != NULL ?
			e->msg[COMMENT_F_AUTHOR] :
			e->msg[COMMENT_F_EMAIL],
		    NULL);
	if (e->msg[COMMENT_F_BODY] != NULL)
		return api_fail(ctx, 400, "rest_comment_content_invalid",
		    e->msg[COMMENT_F_BODY], NULL);
	if (e->msg[COMMENT_F_PARENT] != NULL)
		return api_fail(ctx, 400, "rest_comment_invalid_parent",
		    e->msg[COMMENT_F_PARENT], NULL);
	return api_fail(ctx, 400, "rest_invalid_param",
	    e->msg[COMMENT_F_URL] != NULL ? e->msg[COMMENT_F_URL] :
					    "Invalid comment.",
	    NULL);
}

/*
 * Read the request's fields into in; *sent has bit (1 << field) for
 * each field the request carried.  0 when it answered.
 */
static int
read_in(struct api_ctx *ctx, struct comment_input *in, int64_t *post,
    int *status, unsigned *sent)
{
	static const char *const sts[] = { "approve", "approved", "hold",
		"spam", "trash", "1", "0", NULL };
	struct str		 body;
	int64_t			 parent;
	int			 has, ok = 1, st = -1;

	ok &= api_p_int(ctx, "post", 0, 0, INT64_MAX, post);
	ok &= api_p_int(ctx, "parent", 0, 0, INT64_MAX, &parent);
	ok &= api_p_str(ctx, "author_name", STORE_COMMENT_AUTHOR_MAX,
	    &in->v[COMMENT_F_AUTHOR]);
	ok &= api_p_str(ctx, "author_email", STORE_COMMENT_EMAIL_MAX,
	    &in->v[COMMENT_F_EMAIL]);
	ok &= api_p_str(ctx, "author_url", STORE_COMMENT_URL_MAX,
	    &in->v[COMMENT_F_URL]);
	ok &= api_p_text(ctx, "content", STORE_COMMENT_BODY_MAX, &body, &has);
	ok &= api_p_enum(ctx, "status", sts, -1, &st);
	if (api_params_done(ctx) || !ok)
		return 0;
	in->v[COMMENT_F_BODY] = has ? body : STR_LIT("");
	*sent = (in->v[COMMENT_F_AUTHOR].p != NULL) << COMMENT_F_AUTHOR |
	    (in->v[COMMENT_F_URL].p != NULL) << COMMENT_F_URL |
	    (unsigned)has << COMMENT_F_BODY;
	in->v[COMMENT_F_PARENT] = str_c(
	    parent > 0 ? arena_printf(ctx->a, "%lld", (long long)parent) : "0");
	*status = st;
	return 1;
}

/* The status of st (read_in's index); -1 for none. */
static int
status_of(int st)
{
	static const int map[] = { COMMENT_APPROVED, COMMENT_APPROVED,
		COMMENT_PENDING, COMMENT_SPAM, COMMENT_TRASH, COMMENT_APPROVED,
		COMMENT_PENDING };

	return st < 0 ? -1 : map[st];
}

/* The readable, published article a comment is for; 0 when answered. */
static int
article_of(struct api_ctx *ctx, int64_t id, struct article **a,
    enum ng_err *err)
{
	*err = NG_OK;
	if (id > 0) {
		*err = store_article_by_id(ctx->a, ctx->st, id, a);
		if (*err != NG_OK && *err != NG_ENOTFOUND)
			return 0;
		if (*err == NG_OK && (*a)->status == ARTICLE_PUBLISHED &&
		    (*a)->published_at <= (int64_t)time(NULL))
			return 1;
		*err = NG_OK;
	}
	(void)api_fail(ctx, 403, "rest_comment_invalid_post_id",
	    "Sorry, you are not allowed to create this comment without a "
	    "post.",
	    NULL);
	return 0;
}

/* Answer with comment id (a moderator gets the edit context). */
static enum ng_err
answer(struct api_ctx *ctx, int64_t id, int status, int moderator)
{
	struct comment *c;
	json_t	       *o;
	enum ng_err	err;

	if ((err = store_comment_get(ctx->a, ctx->st, id, &c)) != NG_OK)
		return err;
	ctx->context = moderator ? API_CTX_EDIT : API_CTX_VIEW;
	/* A spammer is told what a held commenter is told. */
	if (!moderator && c->status == COMMENT_SPAM)
		c->status = COMMENT_PENDING;
	if ((o = api_comment_json(ctx, c)) == NULL)
		return NG_ENOMEM;
	if (status == 201)
		resp_header_add(ctx->r, ctx->rs, "Location",
		    api_url(ctx,
			arena_printf(ctx->a, "/wp/v2/comments/%lld",
			    (long long)id)));
	return api_send(ctx, status, o);
}

enum ng_err
api_comment_create(struct api_ctx *ctx)
{
	struct comment_settings s;
	struct comment_input	in;
	struct comment_errors	errs;
	struct comment_clean	c;
	struct comment_history	h;
	struct comment_guard	g;
	struct comment		row;
	struct store_limit	rules[2];
	struct article	       *art;
	const char	       *why = "moderator";
	int64_t			post, retry_ms = 0, id = 0;
	unsigned		sent;
	int			st, mod = api_user_can(ctx, CAP_MODERATE);
	enum comment_verdict	verdict;
	enum ng_err		err;

	memset(&in, 0, sizeof(in));
	memset(&errs, 0, sizeof(errs));
	if (!read_in(ctx, &in, &post, &st, &sent))
		return NG_OK;
	if (st >= 0 && !mod)
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    "rest_comment_invalid_status",
		    "Sorry, you are not allowed to edit 'status' for comments.",
		    NULL);
	if (!article_of(ctx, post, &art, &err))
		return err;
	if ((err = load_settings(ctx, &s)) != NG_OK)
		return err;
	if (comment_closed(&s, art->comments_open, art->published_at,
		(int64_t)time(NULL)))
		return api_fail(ctx, 403, "rest_comment_closed",
		    "Sorry, comments are closed for this item.", NULL);
	/* A signed-in user writes under their name unless they give one. */
	if (ctx->user != NULL && in.v[COMMENT_F_AUTHOR].n == 0)
		in.v[COMMENT_F_AUTHOR] = ctx->user->name;
	if (ctx->user != NULL && in.v[COMMENT_F_EMAIL].n == 0) {
		/* Accounts have no address: the edit rules, without one. */
		err = comment_validate_edit(ctx->a, &in, &c, &errs);
		if (err == NG_OK &&
		    !api_parse_int(in.v[COMMENT_F_PARENT], &c.parent_id))
			c.parent_id = 0;
	} else
		err = comment_validate(ctx->a, &in, &c, &errs);
	if (err == NG_EINVAL)
		return invalid(ctx, &errs);
	if (err != NG_OK)
		return err;

	/* The form's allowance, held in the database (store_limit_take()). */
	rules[0] = (struct store_limit){ 1, s.flood_seconds };
	rules[1] = (struct store_limit){ s.hourly_max, 3600 };
	err = mod ?
	    NG_OK :
	    store_limit_take(ctx->st, comment_limit_key(ctx->a, ctx->r->ip),
		rules, 2, store_limit_now_ms(), &retry_ms);
	if (err == NG_EFORBIDDEN)
		return fail_retry(ctx, 429, "comment_flood",
		    "You are posting comments too quickly. Slow down.",
		    (unsigned)((retry_ms + 999) / 1000));
	if (err != NG_OK)
		return err;

	if ((err = store_comment_history(ctx->st, c.email, c.parent_id, &h)) !=
	    NG_OK)
		return err;
	if (c.parent_id != 0 &&
	    (!h.parent_found || h.parent_article_id != art->id ||
		h.parent_status != COMMENT_APPROVED))
		return api_fail(ctx, 400, "rest_comment_invalid_parent",
		    "The comment you replied to is not available.", NULL);
	if (c.parent_id != 0 && h.parent_depth >= (int)s.thread_depth)
		return api_fail(ctx, 400, "rest_comment_invalid_parent",
		    "Replies cannot nest any deeper here.", NULL);

	memset(&row, 0, sizeof(row));
	row.article_id = art->id;
	row.parent_id = c.parent_id;
	row.author = c.author;
	row.email = c.email;
	row.url = c.url;
	row.body = c.body;
	row.ip = str_c(ctx->r->ip);
	row.user_agent = user_agent(ctx);
	if (mod)
		row.status = st >= 0 ? (enum comment_status)status_of(st) :
				       COMMENT_APPROVED;
	else {
		verdict = comment_moderate(ctx->a, &s, &c, row.ip,
		    row.user_agent, h.email_approved, &why);
		row.status = verdict == COMMENT_V_APPROVE ? COMMENT_APPROVED :
		    verdict == COMMENT_V_SPAM		  ? COMMENT_SPAM :
							    COMMENT_PENDING;
	}
	memset(&g, 0, sizeof(g));
	g.no_duplicate = 1;
	g.parent_approved = 1;
	g.queue_max = mod ? 0 : s.pending_max;
	err = store_comment_add(ctx->st, &row, &g, &id);
	switch (err) {
	case NG_OK:
		break;
	case NG_ECONFLICT:
		return api_fail(ctx, 409, "comment_duplicate",
		    "Duplicate comment detected; it looks as though you have "
		    "already said that!",
		    NULL);
	case NG_EINVAL:
		return api_fail(ctx, 400, "rest_comment_invalid_parent",
		    "The comment you replied to is not available.", NULL);
	case NG_ETOOBIG:
		return fail_retry(ctx, 503, "comment_queue_full",
		    "Comments are temporarily closed because too many are "
		    "waiting for moderation.",
		    QUEUE_FULL_RETRY);
	case NG_EDB:
		return fail_retry(ctx, 503, "comment_save_failed",
		    "The comment could not be saved just now; try again in a "
		    "minute.",
		    STORE_RETRY);
	default:
		return err;
	}
	log_info("api: comment %lld on article %lld from %s: %s (%s)",
	    (long long)id, (long long)art->id, ctx->r->ip,
	    store_comment_status_name(row.status), why);
	/* app->event: the webhooks, and the authors' notices. */
	if (ctx->r->app->event != NULL)
		ctx->r->app->event(ctx->r, "comment", id, -1, (int)row.status);
	return answer(ctx, id, 201, mod);
}

/* Edit fields and status of cur; a moderator's call. */
static enum ng_err
comment_update(struct api_ctx *ctx, struct comment *cur)
{
	struct comment_input  in;
	struct comment_errors errs;
	struct comment_clean  c;
	int64_t		      post;
	unsigned	      sent;
	int		      st;
	enum ng_err	      err;

	memset(&in, 0, sizeof(in));
	memset(&errs, 0, sizeof(errs));
	if (!read_in(ctx, &in, &post, &st, &sent))
		return NG_OK;
	if (post != 0 && post != cur->article_id)
		return api_fail(ctx, 400, "rest_comment_invalid_post_id",
		    "A comment cannot move to another post.", NULL);
	if (sent != 0) {
		if (!(sent & (1u << COMMENT_F_AUTHOR)))
			in.v[COMMENT_F_AUTHOR] = cur->author;
		if (!(sent & (1u << COMMENT_F_URL)))
			in.v[COMMENT_F_URL] = cur->url;
		if (!(sent & (1u << COMMENT_F_BODY)))
			in.v[COMMENT_F_BODY] = cur->body;
		err = comment_validate_edit(ctx->a, &in, &c, &errs);
		if (err == NG_EINVAL)
			return invalid(ctx, &errs);
		if (err != NG_OK ||
		    (err = store_comment_edit(ctx->st, cur->id, c.author, c.url,
			 c.body)) != NG_OK)
			return err;
	}
	if (st >= 0 && (enum comment_status)status_of(st) != cur->status) {
		if ((err = store_comment_set_status(ctx->st, cur->id,
			 (enum comment_status)status_of(st))) != NG_OK)
			return err;
		api_event(ctx->r, "comment", cur->id, (int)cur->status,
		    status_of(st));
	}
	log_info("api: %.*s moderated comment %lld", (int)ctx->user->login.n,
	    ctx->user->login.p, (long long)cur->id);
	return answer(ctx, cur->id, 200, 1);
}

/* DELETE: to the trash, or for good with force=true. */
static enum ng_err
comment_delete(struct api_ctx *ctx, struct comment *cur)
{
	json_t	   *prev;
	enum ng_err err;
	int	    force;

	if (!api_p_bool(ctx, "force", 0, &force) || api_params_done(ctx))
		return NG_OK;
	if (!force) {
		if (cur->status == COMMENT_TRASH)
			return api_fail(ctx, 410, "rest_already_trashed",
			    "The comment has already been trashed.", NULL);
		if ((err = store_comment_set_status(ctx->st, cur->id,
			 COMMENT_TRASH)) != NG_OK)
			return err;
		return answer(ctx, cur->id, 200, 1);
	}
	ctx->context = API_CTX_EDIT;
	if ((prev = api_comment_json(ctx, cur)) == NULL)
		return NG_ENOMEM;
	if ((err = store_comment_delete(ctx->st, cur->id)) != NG_OK) {
		json_decref(prev);
		return err;
	}
	return api_send(ctx, 200,
	    json_pack("{s:b,s:o}", "deleted", 1, "previous", prev));
}

enum ng_err
api_comment_modify(struct api_ctx *ctx)
{
	struct comment *cur;
	enum ng_err	err;

	err = store_comment_get(ctx->a, ctx->st, ctx->id, &cur);
	if (err == NG_ENOTFOUND)
		return api_fail(ctx, 404, "rest_comment_invalid_id",
		    "Invalid comment ID.", NULL);
	if (err != NG_OK)
		return err;
	if (!api_user_can(ctx, CAP_MODERATE))
		return api_fail(ctx, ctx->user == NULL ? 401 : 403,
		    ctx->method == HTTP_DELETE ? "rest_cannot_delete" :
						 "rest_cannot_edit",
		    ctx->method == HTTP_DELETE ?
			"Sorry, you are not allowed to delete this comment." :
			"Sorry, you are not allowed to edit this comment.",
		    NULL);
	if (ctx->method == HTTP_DELETE)
		return comment_delete(ctx, cur);
	return comment_update(ctx, cur);
}
