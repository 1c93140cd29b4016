/*
 * moderation.c -- the comment queue: pending (or approved, spam, trash)
 * comments with approve, spam, trash and delete, one at a time or in
 * bulk, and reply and edit one at a time.  Built on the comments
 * module's store calls; every change bumps the store's
 * generation, so article pages show it at once.
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "content/comment.h"
#include "content/permalink.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

#define BULK_MAX ADMIN_PER_PAGE * 4 /* ids per bulk action */

static const char *const tab_labels[COMMENT__MAX] = {
	"Pending",
	"Approved",
	"Spam",
	"Trash",
};

/* An action's target status; 0 for "delete" or an unknown action. */
static int
action_of(struct str act, enum comment_status *to, int *del)
{
	*del = 0;
	if (str_eqc(act, "approve"))
		*to = COMMENT_APPROVED;
	else if (str_eqc(act, "unapprove"))
		*to = COMMENT_PENDING;
	else if (str_eqc(act, "spam"))
		*to = COMMENT_SPAM;
	else if (str_eqc(act, "trash"))
		*to = COMMENT_TRASH;
	else if (str_eqc(act, "delete"))
		*del = 1;
	else
		return 0;
	return 1;
}

static enum ng_err
queue_page(struct admin_ctx *ctx, enum comment_status tab)
{
	struct comment_list   l;
	struct comment_counts cnt;
	struct permalink      pl = { .nsegs = 0 };
	struct tv	     *root, *list, *x;
	const char	     *path;
	char		      when[96];
	size_t		      i, page = 1;
	int64_t		      pg;
	enum ng_err	      err;

	if ((pg = admin_parse_id(req_query(ctx->r, "page"))) > 0 && pg < 100000)
		page = (size_t)pg;
	if ((err = store_comment_counts(ctx->st, &cnt)) != NG_OK ||
	    (err = store_comment_list(ctx->a, ctx->st, tab,
		 (page - 1) * ADMIN_PER_PAGE, ADMIN_PER_PAGE, &l)) != NG_OK)
		return err;
	root = admin_view(ctx, "Comments");
	list = tv_list(ctx->a);
	for (i = 0; i < COMMENT__MAX; i++) {
		x = tv_map(ctx->a);
		tv_set_cstr(ctx->a, x, "name",
		    store_comment_status_name((enum comment_status)i));
		tv_set_cstr(ctx->a, x, "label", tab_labels[i]);
		tv_set_int(ctx->a, x, "count", (int64_t)cnt.n[i]);
		tv_set_bool(ctx->a, x, "current", i == (size_t)tab);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "tabs", list);
	tv_set_cstr(ctx->a, root, "tab", store_comment_status_name(tab));
	tv_set_bool(ctx->a, root, "is_pending", tab == COMMENT_PENDING);
	tv_set_bool(ctx->a, root, "is_approved", tab == COMMENT_APPROVED);
	tv_set_bool(ctx->a, root, "is_trash",
	    tab == COMMENT_TRASH || tab == COMMENT_SPAM);

	list = tv_list(ctx->a);
	for (i = 0; i < l.n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", l.v[i].id);
		tv_set_str(ctx->a, x, "author", l.v[i].author);
		tv_set_str(ctx->a, x, "email", l.v[i].email);
		tv_set_str(ctx->a, x, "url", l.v[i].url);
		tv_set_str(ctx->a, x, "ip", l.v[i].ip);
		tv_set_str(ctx->a, x, "body", l.v[i].body);
		tv_set_str(ctx->a, x, "article", l.v[i].article_title);
		tv_set_int(ctx->a, x, "article_id", l.v[i].article_id);
		tv_set_bool(ctx->a, x, "is_reply", l.v[i].parent_id != 0);
		admin_fmt_time(ctx, l.v[i].created_at, when, sizeof(when));
		tv_set_cstr(ctx->a, x, "when", arena_strdup(ctx->a, when));
		if (l.v[i].article_published_at > 0) {
			path = admin_article_path(ctx->a, ctx->st, &pl,
			    l.v[i].article_id, l.v[i].article_slug,
			    l.v[i].article_published_at);
			tv_set_cstr(ctx->a, x, "article_url", path);
		}
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "comments", list);
	tv_set_bool(ctx->a, root, "empty", l.n == 0);
	if (l.total > page * ADMIN_PER_PAGE)
		tv_set_int(ctx->a, root, "next_page", (int64_t)page + 1);
	if (page > 1)
		tv_set_int(ctx->a, root, "prev_page", (int64_t)page - 1);
	return admin_render(ctx, root, "admin_comments", 200);
}

/* Apply act to each comment id; unknown ids are skipped. */
static enum ng_err
apply(struct admin_ctx *ctx, struct str act, const struct str *ids, size_t n,
    size_t *done)
{
	enum comment_status to = COMMENT_PENDING;
	struct comment	   *cur;
	enum ng_err	    err;
	int64_t		    id;
	size_t		    i;
	int		    del;

	*done = 0;
	if (!action_of(act, &to, &del))
		return NG_EINVAL;
	for (i = 0; i < n; i++) {
		if ((id = admin_parse_id(ids[i])) == 0)
			continue;
		/*
		 * The status before, so that approving an approved comment
		 * (a second click, two moderators) tells no webhook again.
		 */
		err = store_comment_get(ctx->a, ctx->st, id, &cur);
		if (err == NG_OK)
			err = del ? store_comment_delete(ctx->st, id) :
				    store_comment_set_status(ctx->st, id, to);
		if (err == NG_ENOTFOUND)
			continue;
		if (err != NG_OK)
			return err;
		if (!del && cur->status != to && ctx->r->app->event != NULL)
			ctx->r->app->event(ctx->r, "comment", id,
			    (int)cur->status, (int)to);
		(*done)++;
	}
	return NG_OK;
}

enum ng_err
admin_comments(struct req *r, struct resp *rs)
{
	struct admin_ctx    ctx;
	struct str	    ids[BULK_MAX], st, back;
	enum comment_status tab = COMMENT_PENDING;
	const char	   *loc;
	size_t		    n, done;
	enum ng_err	    err;

	if (!admin_enter(r, rs, CAP_MODERATE, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST) {
		st = req_query(r, "status");
		if (st.p != NULL && !store_comment_status_parse(st, &tab))
			tab = COMMENT_PENDING;
		return queue_page(&ctx, tab);
	}
	if ((err = admin_field_all(r, "id", ids, BULK_MAX, &n)) != NG_OK)
		return err;
	err = apply(&ctx, admin_field(r, "action"), ids, n, &done);
	if (err == NG_EINVAL)
		return admin_forbidden(&ctx, "Unknown moderation action.");
	if (err != NG_OK)
		return err;
	log_info("admin: %.*s moderated %zu comment%s",
	    (int)admin_log_name(ctx.user->login).n,
	    admin_log_name(ctx.user->login).p, done, done == 1 ? "" : "s");
	back = admin_field(r, "tab");
	if (!store_comment_status_parse(back, &tab))
		tab = COMMENT_PENDING;
	loc = arena_printf(ctx.a, "/admin/comments/?status=%s&msg=moderated",
	    store_comment_status_name(tab));
	admin_redirect(&ctx, loc != NULL ? loc : "/admin/comments/");
	return NG_OK;
}

/*
 * POST /admin/comments/{id}/: a reply from the newsroom, published at
 * once under the user's name (replying also approves the comment, as in
 * WordPress).
 */
enum ng_err
admin_comment_reply(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct comment	*parent, c;
	int64_t		 id;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_MODERATE, &ctx))
		return NG_OK;
	if ((err = store_comment_get(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &parent)) != NG_OK)
		return err;
	memset(&c, 0, sizeof(c));
	c.body = admin_field(r, "body");
	if (c.body.n == 0 || c.body.n > STORE_COMMENT_BODY_MAX)
		return admin_forbidden(&ctx, "A reply needs text.");
	if (parent->status != COMMENT_APPROVED) {
		if ((err = store_comment_set_status(ctx.st, parent->id,
			 COMMENT_APPROVED)) != NG_OK)
			return err;
		if (r->app->event != NULL)
			r->app->event(r, "comment", parent->id,
			    (int)parent->status, COMMENT_APPROVED);
	}
	c.article_id = parent->article_id;
	c.parent_id = parent->id;
	c.status = COMMENT_APPROVED;
	c.author = ctx.user->name;
	c.ip = str_c(r->ip);
	err = store_comment_add(ctx.st, &c, NULL, &id);
	if (err == NG_EINVAL || err == NG_ETOOBIG)
		return admin_forbidden(&ctx,
		    "The reply could not be added "
		    "(too long, or the thread is too deep).");
	if (err != NG_OK)
		return err;
	if (r->app->event != NULL)
		r->app->event(r, "comment", id, -1, COMMENT_APPROVED);
	admin_redirect(&ctx, "/admin/comments/?msg=moderated");
	return NG_OK;
}

/*
 * The edit page of comment c; form holds what the fields show (the
 * stored comment, or what the moderator sent back), errs the messages
 * of a refused edit (NULL for none).
 */
static enum ng_err
edit_page(struct admin_ctx *ctx, const struct comment *c,
    const struct comment_input *form, const struct comment_errors *errs,
    int status)
{
	struct tv  *root, *x;
	const char *path;
	char	    when[96];

	root = admin_view(ctx, "Edit comment");
	x = tv_map(ctx->a);
	tv_set_int(ctx->a, x, "id", c->id);
	tv_set_cstr(ctx->a, x, "status", store_comment_status_name(c->status));
	tv_set_str(ctx->a, x, "email", c->email);
	tv_set_str(ctx->a, x, "ip", c->ip);
	tv_set_str(ctx->a, x, "article", c->article_title);
	admin_fmt_time(ctx, c->created_at, when, sizeof(when));
	tv_set_cstr(ctx->a, x, "when", arena_strdup(ctx->a, when));
	if (c->article_published_at > 0) {
		path = admin_article_path(ctx->a, ctx->st,
		    &(struct permalink){ .nsegs = 0 }, c->article_id,
		    c->article_slug, c->article_published_at);
		tv_set_cstr(ctx->a, x, "article_url", path);
	}
	/* What was typed goes back as it came, made valid UTF-8. */
	tv_set_str(ctx->a, x, "author",
	    comment_scrub(ctx->a, form->v[COMMENT_F_AUTHOR]));
	tv_set_str(ctx->a, x, "url",
	    comment_scrub(ctx->a, form->v[COMMENT_F_URL]));
	tv_set_str(ctx->a, x, "body",
	    comment_scrub(ctx->a, form->v[COMMENT_F_BODY]));
	if (errs != NULL) {
		tv_set_cstr(ctx->a, x, "author_error",
		    errs->msg[COMMENT_F_AUTHOR]);
		tv_set_cstr(ctx->a, x, "url_error", errs->msg[COMMENT_F_URL]);
		tv_set_cstr(ctx->a, x, "body_error", errs->msg[COMMENT_F_BODY]);
		tv_set_cstr(ctx->a, root, "error",
		    "The comment was not "
		    "changed; correct the fields marked below.");
	}
	tv_set(ctx->a, root, "comment", x);
	tv_set_int(ctx->a, root, "body_max", COMMENT_BODY_MAX);
	return admin_render(ctx, root, "admin_comment_edit", status);
}

/*
 * GET and POST /admin/comments/{id}/edit/: a moderator fixes the text,
 * name or website of any comment, pending or published.  The edit obeys
 * the rules a reader's comment does (comment_validate_edit()), so the
 * newsroom cannot store what the form would refuse; the store bumps its
 * generation, so the article page shows the new text at once.
 */
enum ng_err
admin_comment_edit(struct req *r, struct resp *rs)
{
	struct admin_ctx      ctx;
	struct comment	     *c;
	struct comment_input  in;
	struct comment_clean  clean;
	struct comment_errors errs;
	const char	     *loc;
	enum ng_err	      err;

	if (!admin_enter(r, rs, CAP_MODERATE, &ctx))
		return NG_OK;
	if ((err = store_comment_get(ctx.a, ctx.st,
		 admin_parse_id(req_cap(r, 0)), &c)) != NG_OK)
		return err;
	memset(&in, 0, sizeof(in));
	if (r->method != HTTP_POST) {
		in.v[COMMENT_F_AUTHOR] = c->author;
		in.v[COMMENT_F_URL] = c->url;
		in.v[COMMENT_F_BODY] = c->body;
		return edit_page(&ctx, c, &in, NULL, 200);
	}
	in.v[COMMENT_F_AUTHOR] = admin_field(r, "author");
	in.v[COMMENT_F_URL] = admin_field(r, "url");
	in.v[COMMENT_F_BODY] = req_form(r, "comment");
	if (in.v[COMMENT_F_BODY].p == NULL)
		in.v[COMMENT_F_BODY] = STR_LIT("");
	if ((err = comment_validate_edit(ctx.a, &in, &clean, &errs)) ==
	    NG_EINVAL)
		return edit_page(&ctx, c, &in, &errs, 422);
	if (err != NG_OK)
		return err;
	err = store_comment_edit(ctx.st, c->id, clean.author, clean.url,
	    clean.body);
	if (err == NG_EINVAL || err == NG_ETOOBIG) {
		/* Within the form's limits but not the store's: say so. */
		errs.msg[COMMENT_F_BODY] = "The comment is too long to store.";
		return edit_page(&ctx, c, &in, &errs, 422);
	}
	if (err != NG_OK)
		return err;
	log_info("admin: %.*s edited comment %lld",
	    (int)admin_log_name(ctx.user->login).n,
	    admin_log_name(ctx.user->login).p, (long long)c->id);
	loc = arena_printf(ctx.a, "/admin/comments/?status=%s&msg=edited#c%lld",
	    store_comment_status_name(c->status), (long long)c->id);
	admin_redirect(&ctx, loc != NULL ? loc : "/admin/comments/");
	return NG_OK;
}
