/*
 * preview.c -- who may see an article before it is published.
 *
 * The newsroom sees the whole page of any article it may edit at
 * /admin/articles/{id}/preview/; people outside it see one through a
 * shareable link, /preview/{token}, that an editor makes on
 * /admin/articles/{id}/preview-links/ with a lifetime, and may revoke.
 * The page itself is the reader's (site/, through routes.c), marked as
 * a preview and never cached.
 *
 * A link's token is 256 random bits (auth.h); the database keeps only
 * its BLAKE2b hash, so the link is shown once, when it is made, and a
 * copy of the database opens nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/auth.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "reader/urls.h"
#include "render/tv.h"
#include "store/store.h"

/* The lifetimes offered, in hours; the first is the default. */
static const struct {
	int	    hours;
	const char *label;
} lifetimes[] = {
	{ 24, "1 day" },
	{ 1, "1 hour" },
	{ 72, "3 days" },
	{ 168, "1 week" },
	{ 720, "30 days" },
};
#define NLIFETIMES (sizeof(lifetimes) / sizeof(lifetimes[0]))

static const struct admin_field_label labels[] = {
	{ "hours", "Valid for" },
	{ NULL, NULL },
};

int
admin_preview_allowed(struct req *r, struct resp *rs, int64_t *id,
    enum ng_err *err)
{
	struct admin_ctx ctx;
	struct article	*art;
	int		 answered;

	*id = 0;
	*err = NG_OK;
	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return 0;
	if ((*err = admin_article_for_edit(&ctx, admin_parse_id(req_cap(r, 0)),
		 &art, &answered)) != NG_OK ||
	    answered)
		return 0;
	*id = art->id;
	return 1;
}

enum ng_err
admin_preview_link_find(struct req *r, int64_t *id, int64_t *expires_at)
{
	struct str token = req_cap(r, 0);
	char	   hash[AUTH_TOKEN_HEX + 1];

	*id = 0;
	*expires_at = 0;
	if (!admin_token_shape(token))
		return NG_ENOTFOUND;
	auth_token_hash(token, hash);
	return store_preview_find(r->app->store, str_c(hash),
	    (int64_t)time(NULL), id, expires_at);
}

/*
 * The links page: the article's links with their state, the form for a
 * new one (hours as sent back after a refusal) and made, a link just
 * made, whose address is shown this once.
 */
static enum ng_err
links_page(struct admin_ctx *ctx, const struct article *art, struct str hours,
    const struct store_fault *f, const char *made, int status)
{
	struct preview_link *v = NULL;
	struct tv	    *root, *list, *x, *form;
	int64_t		     now = (int64_t)time(NULL);
	size_t		     i, n = 0;
	char		     when[96];
	enum ng_err	     err;

	if ((err = store_preview_list(ctx->a, ctx->st, art->id, &v, &n)) !=
	    NG_OK)
		return err;
	root = admin_view(ctx, "Preview links");
	tv_set_int(ctx->a, root, "article_id", art->id);
	tv_set_str(ctx->a, root, "title", art->title);
	tv_set_bool(ctx->a, root, "published",
	    art->status == ARTICLE_PUBLISHED && art->published_at <= now);
	tv_set_bool(ctx->a, root, "trashed", art->status == ARTICLE_TRASHED);
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "id", v[i].id);
		tv_set_str(ctx->a, x, "by",
		    v[i].created_by.n > 0 ? v[i].created_by :
					    STR_LIT("a former user"));
		admin_fmt_time(ctx, v[i].created_at, when, sizeof(when));
		tv_set_cstr(ctx->a, x, "made_at", arena_strdup(ctx->a, when));
		admin_fmt_time(ctx, v[i].expires_at, when, sizeof(when));
		tv_set_cstr(ctx->a, x, "expires", arena_strdup(ctx->a, when));
		if (v[i].revoked_at != 0) {
			admin_fmt_time(ctx, v[i].revoked_at, when,
			    sizeof(when));
			tv_set_cstr(ctx->a, x, "revoked",
			    arena_strdup(ctx->a, when));
		} else if (v[i].expires_at <= now)
			tv_set_bool(ctx->a, x, "expired", 1);
		else
			tv_set_bool(ctx->a, x, "live", 1);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "links", list);
	tv_set_bool(ctx->a, root, "empty", n == 0);
	if (made != NULL)
		tv_set_cstr(ctx->a, root, "made", site_abs(ctx->r, made));

	form = tv_map(ctx->a);
	list = tv_list(ctx->a);
	for (i = 0; i < NLIFETIMES; i++) {
		x = tv_map(ctx->a);
		tv_set_int(ctx->a, x, "hours", lifetimes[i].hours);
		tv_set_cstr(ctx->a, x, "label", lifetimes[i].label);
		/* What was sent, else the default: never an unmarked list. */
		tv_set_bool(ctx->a, x, "selected",
		    f != NULL && hours.n > 0 ?
			admin_parse_id(hours) == lifetimes[i].hours :
			i == 0);
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, form, "lifetimes", list);
	if (f != NULL)
		admin_form_fault(ctx, form, labels, f);
	tv_set(ctx->a, root, "form", form);
	return admin_render(ctx, root, "admin_preview_links", status);
}

/* Make a link; answers with the page showing it, or the refusal. */
static enum ng_err
link_make(struct admin_ctx *ctx, const struct article *art)
{
	struct store_fault f = { "hours", NULL };
	struct str	   hours = admin_field(ctx->r, "hours");
	char		   token[AUTH_TOKEN_HEX + 1], hash[AUTH_TOKEN_HEX + 1];
	int64_t		   h = admin_parse_id(hours), id;
	size_t		   i;
	enum ng_err	   err;

	for (i = 0; i < NLIFETIMES && lifetimes[i].hours != h; i++)
		continue;
	if (i == NLIFETIMES) {
		f.why = "Choose one of the lifetimes offered.";
		return links_page(ctx, art, hours, &f, NULL, 422);
	}
	if (art->status == ARTICLE_TRASHED) {
		f.why = "The article is in the trash: restore it first.";
		return links_page(ctx, art, hours, &f, NULL, 422);
	}
	auth_token_new(token);
	auth_token_hash(str_c(token), hash);
	err = store_preview_add(ctx->st, art->id, str_c(hash), ctx->user->id,
	    (int64_t)time(NULL) + h * 3600, &id);
	if (err != NG_OK)
		return err;
	log_info("admin: preview link %lld for article %lld by %.*s",
	    (long long)id, (long long)art->id, (int)ctx->user->login.n,
	    ctx->user->login.p);
	return links_page(ctx, art, STR_NULL, NULL,
	    arena_printf(ctx->a, "/preview/%s", token), 201);
}

/*
 * GET, POST /admin/articles/{id}/preview-links/: the list, a new link
 * (action=create, hours) and revoking one (action=revoke, link).
 */
enum ng_err
admin_preview_links(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct article	*art;
	struct str	 action;
	const char	*loc;
	enum ng_err	 err;
	int		 answered;

	if (!admin_enter(r, rs, CAP_WRITE, &ctx))
		return NG_OK;
	if ((err = admin_article_for_edit(&ctx, admin_parse_id(req_cap(r, 0)),
		 &art, &answered)) != NG_OK ||
	    answered)
		return err;
	if (r->method != HTTP_POST)
		return links_page(&ctx, art, STR_NULL, NULL, NULL, 200);
	action = admin_field(r, "action");
	if (str_eqc(action, "create"))
		return link_make(&ctx, art);
	if (!str_eqc(action, "revoke"))
		return admin_refuse(&ctx, 400, "Unknown action",
		    "The form asked for something this page does not do.");
	err = store_preview_revoke(ctx.st, art->id,
	    admin_parse_id(admin_field(r, "link")), (int64_t)time(NULL));
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	/* Revoked twice (two tabs): the link is off all the same. */
	loc = arena_printf(ctx.a, "/admin/articles/%lld/preview-links/?msg=%s",
	    (long long)art->id, "revoked");
	admin_redirect(&ctx, loc != NULL ? loc : "/admin/articles/");
	return NG_OK;
}
