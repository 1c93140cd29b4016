/*
 * live.c -- running live coverage from the newsroom: start it, post an
 * update in seconds from the compact form on the article's editor page
 * (or the live desk, /admin/articles/{id}/live/, which lists every
 * update to pin as a key point or delete), and end it.
 *
 * An update is Markdown, rendered and sanitized when saved as a body is
 * (content/shortcode.h), so an image (![alt](url)) or an embed ([embed]
 * or a video address alone on its line) works as it does in the body.
 * Anyone who may edit the article may run its coverage.  A refused
 * update comes back on the live desk as typed, with the reason.
 */
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "content/shortcode.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/req.h"
#include "render/tv.h"
#include "store/store.h"

/* Updates the editor page's panel shows; the desk shows them all. */
#define PANEL_UPDATES 5

static const struct admin_field_label labels[] = {
	{ "text", "Update" },
	{ NULL, NULL },
};

/* The updates of art as the newsroom lists them, at most max. */
static enum ng_err
updates_tv(struct admin_ctx *ctx, const struct article *art, size_t max,
    struct tv **out, size_t *count)
{
	struct live_update *u;
	struct tv	   *list, *x;
	char		    when[96];
	size_t		    i, n;
	enum ng_err	    err;

	*out = NULL;
	*count = 0;
	if ((err = store_live_updates(ctx->a, ctx->st, art->id, 0, max, &u,
		 &n)) != NG_OK)
		return err;
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", u[i].id);
		admin_fmt_time(ctx, u[i].created_at, when, sizeof(when));
		tv_set_cstr(ctx->a, x, "when", arena_strdup(ctx->a, when));
		tv_set_str(ctx->a, x, "text", u[i].body_text);
		tv_set_bool(ctx->a, x, "pinned", u[i].pinned);
		tv_push(ctx->a, list, x);
	}
	*out = list;
	*count = n;
	return NG_OK;
}

/*
 * The panel's map ("live" of root): the coverage's state, the form
 * (text and pinned as typed after a refusal) and recent updates.
 */
static enum ng_err
panel(struct admin_ctx *ctx, struct tv *root, const struct article *art,
    size_t max, struct str text, int pinned, const struct store_fault *f)
{
	struct live_coverage cov;
	struct tv	    *m, *form, *list;
	char		     when[96];
	size_t		     n;
	enum ng_err	     err;

	m = tv_map(ctx->a);
	tv_set_int(ctx->a, m, "article_id", art->id);
	err = store_live_get(ctx->st, art->id, &cov);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	tv_set_bool(ctx->a, m, "on", err == NG_OK && cov.ended_at == 0);
	tv_set_bool(ctx->a, m, "ended", err == NG_OK && cov.ended_at != 0);
	tv_set_bool(ctx->a, m, "never", err == NG_ENOTFOUND);
	if (err == NG_OK) {
		admin_fmt_time(ctx, cov.started_at, when, sizeof(when));
		tv_set_cstr(ctx->a, m, "started", arena_strdup(ctx->a, when));
		if ((err = updates_tv(ctx, art, max, &list, &n)) != NG_OK)
			return err;
		tv_set(ctx->a, m, "updates", list);
		tv_set_bool(ctx->a, m, "has_updates", n > 0);
	}
	/* A refused update shows again, coverage on or not. */
	tv_set_bool(ctx->a, m, "show_form",
	    (err == NG_OK && cov.ended_at == 0) || f != NULL);
	form = tv_map(ctx->a);
	tv_set_str(ctx->a, form, "text", text);
	tv_set_bool(ctx->a, form, "pinned", pinned);
	tv_set_int(ctx->a, form, "max", STORE_LIVE_TEXT_MAX);
	if (f != NULL)
		admin_form_fault(ctx, form, labels, f);
	tv_set(ctx->a, m, "form", form);
	tv_set(ctx->a, root, "live", m);
	return NG_OK;
}

void
admin_live_editor(struct admin_ctx *ctx, struct tv *root,
    const struct article *art)
{
	if (panel(ctx, root, art, PANEL_UPDATES, STR_NULL, 0, NULL) != NG_OK)
		tv_set(ctx->a, root, "live", NULL);
}

/* The live desk: every update, the form as typed, status. */
static enum ng_err
desk(struct admin_ctx *ctx, const struct article *art, struct str text,
    int pinned, const struct store_fault *f, int status)
{
	struct tv  *root;
	enum ng_err err;

	root = admin_view(ctx, "Live coverage");
	tv_set_int(ctx->a, root, "id", art->id);
	tv_set_str(ctx->a, root, "title", art->title);
	tv_set_bool(ctx->a, root, "on_desk", 1);
	if ((err = panel(ctx, root, art, STORE_LIVE_UPDATES_MAX, text, pinned,
		 f)) != NG_OK)
		return err;
	return admin_render(ctx, root, "admin_live", status);
}

/* Where to go after a write: the page the form was on. */
static void
back(struct admin_ctx *ctx, const struct article *art, const char *msg)
{
	const char *loc;

	loc = str_eqc(admin_field(ctx->r, "from"), "desk") ?
	    arena_printf(ctx->a, "/admin/articles/%lld/live/?msg=%s",
		(long long)art->id, msg) :
	    arena_printf(ctx->a, "/admin/articles/%lld/?msg=%s#live",
		(long long)art->id, msg);
	admin_redirect(ctx, loc != NULL ? loc : "/admin/articles/");
}

/* Render and store the update in the form; a refusal shows it again. */
static enum ng_err
post_update(struct admin_ctx *ctx, const struct article *art)
{
	struct store_fault f = { "text", NULL };
	struct live_update u;
	struct str	   text = admin_field(ctx->r, "text");
	int		   pinned = admin_field(ctx->r, "pinned").n > 0;
	int64_t		   id;
	enum ng_err	   err;

	if (text.n == 0)
		f.why = "Write the update first.";
	else if (text.n > STORE_LIVE_TEXT_MAX)
		f.why = "An update is at most 20,000 characters: split it.";
	else if (!utf8_valid(text.p, text.n))
		f.why = "The text is not valid UTF-8.";
	if (f.why != NULL)
		return desk(ctx, art, text, pinned, &f,
		    text.n > STORE_LIVE_TEXT_MAX ? 413 : 422);
	memset(&u, 0, sizeof(u));
	u.article_id = art->id;
	u.user_id = ctx->user->id;
	u.pinned = pinned;
	u.body_md = text;
	err = shortcode_render_body(ctx->a, ctx->st, text, &u.body_html,
	    &u.body_text, NULL, NULL);
	if (err == NG_EINVAL || err == NG_ETOOBIG) {
		f.why = "This text cannot be rendered: shorten it or take "
			"out its shortcodes.";
		return desk(ctx, art, text, pinned, &f, 422);
	}
	if (err != NG_OK)
		return err;
	err = store_live_update_add(ctx->st, &u, &id);
	if (err == NG_ENOTFOUND) {
		f.why = "The coverage is not on: start it first (your text "
			"is kept below).";
		return desk(ctx, art, text, pinned, &f, 409);
	}
	if (err != NG_OK)
		return err;
	log_info("admin: live update %lld on article %lld", (long long)id,
	    (long long)art->id);
	back(ctx, art, "live-posted");
	return NG_OK;
}

/*
 * GET, POST /admin/articles/{id}/live/: the live desk; action=start,
 * end, post (text, pinned), pin, unpin, delete (update).
 */
enum ng_err
admin_live(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct article	*art;
	struct str	 action;
	int64_t		 uid;
	enum ng_err	 err;
	int		 answered;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	if ((err = admin_article_for_edit(&ctx, admin_parse_id(req_cap(r, 0)),
		 &art, &answered)) != NG_OK ||
	    answered)
		return err;
	if (r->method != HTTP_POST)
		return desk(&ctx, art, STR_NULL, 0, NULL, 200);
	action = admin_field(r, "action");
	if (str_eqc(action, "post"))
		return post_update(&ctx, art);
	if (str_eqc(action, "start") || str_eqc(action, "end")) {
		err = store_live_set(ctx.st, art->id, str_eqc(action, "start"));
		/* Ended twice (two tabs): it is over all the same. */
		if (err != NG_OK && err != NG_ENOTFOUND)
			return err;
		back(&ctx, art,
		    str_eqc(action, "start") ? "live-started" : "live-ended");
		return NG_OK;
	}
	uid = admin_parse_id(admin_field(r, "update"));
	if (str_eqc(action, "pin") || str_eqc(action, "unpin"))
		err = store_live_update_pin(ctx.st, art->id, uid,
		    str_eqc(action, "pin"));
	else if (str_eqc(action, "delete"))
		err = store_live_update_delete(ctx.st, art->id, uid);
	else
		return admin_refuse(&ctx, 400, "Unknown action",
		    "The form asked for something this page does not do.");
	if (err == NG_ENOTFOUND)
		return admin_refuse(&ctx, 404, "No such update",
		    "That update is not one of this article's: it may have "
		    "been deleted already.");
	if (err != NG_OK)
		return err;
	back(&ctx, art, "live-changed");
	return NG_OK;
}
