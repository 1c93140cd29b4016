/*
 * mail.c -- the newsroom's mail (jobs/mail.h): "Forgot password?"
 * (/admin/forgot, /admin/reset) and the notices a write calls for
 * (admin_mail_event(), reached through app->event): an article
 * submitted for review to the editors, a new comment to the authors
 * of its article (every byline) who have not turned those off on their
 * profile.
 *
 * A reset link carries a random 256-bit token; the store keeps only its
 * hash, and it works once, for RESET_TTL seconds.  Asking for one gives
 * the same page whether or not a user has the address, after the same
 * work (a token made, hashed, a message built): only the row and the
 * queued message are left out for an address nobody has.  The asks are
 * counted by the login limits (session.c), per client address and per
 * address asked for.  Setting the new password ends every session of
 * the user (store_user_set_password()).
 *
 * Without smtp_host there is no mailer: nothing is queued, and the
 * forgot page says to ask an administrator instead.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/auth.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "jobs/mail.h"
#include "reader/urls.h"
#include "render/tv.h"
#include "store/store.h"

#define RESET_TTL 3600 /* seconds a reset link works */

/* The site's name, for the From line and the text. */
static struct str
site_name(struct req *r)
{
	struct str s;

	if (store_setting_get(r->arena, r->app->store, "title", &s) != NG_OK ||
	    s.n == 0)
		s = STR_LIT("nutgraf");
	return s;
}

/*
 * Build a message to (name, addr) and, when send, queue it.  The
 * building is done either way: the reset form's answer takes the same
 * work for an address nobody has.
 */
static enum ng_err
mail_to(struct req *r, struct str addr, struct str name, const char *subject,
    const char *body, int send)
{
	struct mail_msg m;
	struct str	msg;
	char		id[AUTH_TOKEN_HEX + 1];
	const char     *from = mailer_from(r->app->mailer);
	enum ng_err	err;

	if (from == NULL)
		return NG_OK;
	auth_token_new(id);
	memset(&m, 0, sizeof(m));
	m.from = str_c(from);
	m.from_name = site_name(r);
	m.to = addr;
	m.to_name = name;
	m.subject = str_c(subject);
	m.body = str_c(body);
	m.date = (int64_t)time(NULL);
	m.id = (struct str){ id, 32 };
	if ((err = mail_build(r->arena, &m, &msg)) != NG_OK || !send)
		return err;
	return mail_queue(r->app->store, r->app->mailer, addr, msg);
}

/* --- notices --- */

/* An article went to pending: tell every editor and administrator. */
static void
review_notice(struct req *r, int64_t id)
{
	struct article *art;
	struct user    *u;
	size_t		i, n;
	const char     *subject, *body, *by;

	if (store_article_by_id(r->arena, r->app->store, id, &art) != NG_OK ||
	    store_user_list(r->arena, r->app->store, &u, &n) != NG_OK)
		return;
	by = art->author.name.n > 0 ?
	    arena_printf(r->arena, " by %.*s", (int)art->author.name.n,
		art->author.name.p) :
	    "";
	subject = arena_printf(r->arena, "For review: %.*s", (int)art->title.n,
	    art->title.p);
	body = arena_printf(r->arena,
	    "\"%.*s\"%s was submitted for review.\n\n"
	    "Read it, edit it and publish it in the newsroom:\n%s\n",
	    (int)art->title.n, art->title.p, by != NULL ? by : "",
	    site_abs(r,
		arena_printf(r->arena, "/admin/articles/%lld/",
		    (long long)id)));
	if (subject == NULL || body == NULL)
		return;
	for (i = 0; i < n; i++)
		if (u[i].role >= ROLE_EDITOR && !u[i].disabled &&
		    u[i].email.n > 0 &&
		    mail_to(r, u[i].email, u[i].name, subject, body, 1) !=
			NG_OK)
			log_warn("mail: cannot queue a review notice");
}

/* Is author_id (0: none) one of art's bylines? */
static int
byline_of(const struct article *art, int64_t author_id)
{
	size_t i;

	if (author_id == 0)
		return 0;
	if (author_id == art->author_id)
		return 1;
	for (i = 0; i < art->nauthors; i++)
		if (art->authors[i].id == author_id)
			return 1;
	return 0;
}

/* A comment was made: tell the article's authors who want it. */
static void
comment_notice(struct req *r, int64_t id)
{
	struct comment *c;
	struct article *art;
	struct user    *u;
	size_t		i, n;
	int		off;
	const char     *subject, *body, *path;

	if (store_comment_get(r->arena, r->app->store, id, &c) != NG_OK ||
	    c->status == COMMENT_SPAM || c->status == COMMENT_TRASH ||
	    store_article_by_id(r->arena, r->app->store, c->article_id, &art) !=
		NG_OK ||
	    store_user_list(r->arena, r->app->store, &u, &n) != NG_OK)
		return;
	path = art->status == ARTICLE_PUBLISHED ?
	    site_art_path(r, art, PV_PAGE) :
	    NULL;
	subject = arena_printf(r->arena, "New comment by %.*s on %.*s",
	    (int)c->author.n, c->author.p, (int)art->title.n, art->title.p);
	body = arena_printf(r->arena,
	    "%.*s wrote on \"%.*s\"%s:\n\n%.*s\n\n"
	    "Moderate comments: %s\n%s%s%s\n"
	    "You get this because you write for %.*s. To stop these "
	    "notices, untick them on your profile: %s\n",
	    (int)c->author.n, c->author.p, (int)art->title.n, art->title.p,
	    c->status == COMMENT_PENDING ? " (waiting for moderation)" : "",
	    (int)c->body.n, c->body.p, site_abs(r, "/admin/comments/"),
	    path != NULL ? "The article: " : "",
	    path != NULL ? site_abs(r, path) : "", path != NULL ? "\n" : "",
	    (int)site_name(r).n, site_name(r).p,
	    site_abs(r, "/admin/profile/"));
	if (subject == NULL || body == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (!byline_of(art, u[i].author_id) || u[i].disabled ||
		    u[i].email.n == 0 || str_eq(u[i].email, c->email))
			continue;
		if (store_mail_optout_get(r->app->store, u[i].id,
			STORE_MAIL_COMMENTS, &off) != NG_OK ||
		    off)
			continue;
		if (mail_to(r, u[i].email, u[i].name, subject, body, 1) !=
		    NG_OK)
			log_warn("mail: cannot queue a comment notice");
	}
}

void
admin_mail_event(struct req *r, const char *kind, int64_t id, int from, int to)
{
	if (r->app == NULL || r->app->mailer == NULL)
		return;
	if (strcmp(kind, "post") == 0 && to == ARTICLE_PENDING &&
	    from != ARTICLE_PENDING)
		review_notice(r, id);
	else if (strcmp(kind, "comment") == 0 && from < 0)
		comment_notice(r, id);
}

/* --- forgot password, reset --- */

static enum ng_err
forgot_page(struct admin_ctx *ctx, int status, const char *error,
    const char *done, struct str email)
{
	struct tv *root = admin_view(ctx, "Forgot password");

	tv_set_bool(ctx->a, root, "mail_on", ctx->app->mailer != NULL);
	tv_set_cstr(ctx->a, root, "error", error);
	tv_set_cstr(ctx->a, root, "done", done);
	tv_set_str(ctx->a, root, "email", email);
	return admin_render(ctx, root, "admin_forgot", status);
}

enum ng_err
admin_forgot(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct user	*u = NULL;
	struct str	 email;
	char		 tok[AUTH_TOKEN_HEX + 1], hash[AUTH_TOKEN_HEX + 1];
	const char	*body, *key;
	int64_t		 retry_s;
	enum ng_err	 err;
	int		 real;

	admin_ctx_init(&ctx, r, rs);
	email = admin_field(r, "email");
	if (r->method != HTTP_POST || ctx.app->mailer == NULL)
		return forgot_page(&ctx, r->method == HTTP_POST ? 503 : 200,
		    NULL, NULL, email);
	if (!admin_origin_ok(r))
		return forgot_page(&ctx, 403,
		    "The form came from another site. Please try again.", NULL,
		    email);
	if (!mail_address_ok(email))
		return forgot_page(&ctx, 422,
		    "Enter the email address of your account "
		    "(name@example.com).",
		    NULL, email);
	key = arena_printf(r->arena, "reset:%.*s", (int)email.n, email.p);
	if (key == NULL)
		return NG_ENOMEM;
	if (!admin_reset_take(r, str_c(key), &retry_s)) {
		resp_header_add(r, rs, "Retry-After",
		    arena_printf(r->arena, "%lld", (long long)retry_s));
		return forgot_page(&ctx, 429,
		    arena_printf(r->arena,
			"Too many requests. Try again in %lld seconds.",
			(long long)retry_s),
		    NULL, email);
	}
	err = store_user_by_email(r->arena, ctx.st, email, &u);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	real = err == NG_OK && !u->disabled;
	/* The same work for an address nobody has, bar the writes. */
	auth_token_new(tok);
	auth_token_hash(str_c(tok), hash);
	body = arena_printf(r->arena,
	    "Someone asked to reset the password of the newsroom account "
	    "\"%.*s\" on %.*s.\n\n"
	    "To choose a new password, open this link within an hour. It "
	    "works once:\n%s\n\n"
	    "If it was not you, ignore this message: your password stays "
	    "as it is.\n",
	    real ? (int)u->login.n : 0, real ? u->login.p : "",
	    (int)site_name(r).n, site_name(r).p,
	    site_abs(r, arena_printf(r->arena, "/admin/reset?token=%s", tok)));
	if (body == NULL)
		return NG_ENOMEM;
	if (real &&
	    (err = store_reset_add(ctx.st, u->id, str_c(hash),
		 (int64_t)time(NULL) + RESET_TTL)) != NG_OK)
		return err;
	err = mail_to(r, real ? u->email : email, real ? u->name : STR_LIT(""),
	    "Reset your password", body, real);
	if (err != NG_OK)
		return err;
	if (real)
		log_info("admin: password reset link sent for %.*s",
		    (int)admin_log_name(u->login).n,
		    admin_log_name(u->login).p);
	return forgot_page(&ctx, 200, NULL,
	    "If an account has that address, a link to choose a new "
	    "password is on its way to it. The link works once, for an "
	    "hour.",
	    STR_LIT(""));
}

static enum ng_err
reset_page(struct admin_ctx *ctx, int status, const char *error,
    struct str token, int valid)
{
	struct tv *root = admin_view(ctx, "Choose a new password");

	tv_set_bool(ctx->a, root, "valid", valid);
	tv_set_cstr(ctx->a, root, "error", error);
	tv_set_str(ctx->a, root, "token", token);
	return admin_render(ctx, root, "admin_reset", status);
}

enum ng_err
admin_reset(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct user	*u;
	struct str	 token, pw, again;
	char		 hash[AUTH_TOKEN_HEX + 1], pwhash[AUTH_HASH_MAX];
	int64_t		 uid, now = (int64_t)time(NULL);
	enum ng_err	 err;

	admin_ctx_init(&ctx, r, rs);
	token = r->method == HTTP_POST ? req_form(r, "token") :
					 req_query(r, "token");
	if (token.p == NULL || !admin_token_shape(token))
		return reset_page(&ctx, 404, NULL, STR_LIT(""), 0);
	auth_token_hash(token, hash);
	err = store_reset_find(ctx.st, str_c(hash), now, &uid);
	if (err == NG_ENOTFOUND)
		return reset_page(&ctx, 410, NULL, STR_LIT(""), 0);
	if (err != NG_OK)
		return err;
	if (r->method != HTTP_POST)
		return reset_page(&ctx, 200, NULL, token, 1);
	if (!admin_origin_ok(r))
		return reset_page(&ctx, 403,
		    "The form came from another site. Please try again.", token,
		    1);
	/* Not trimmed: a space may be part of a password. */
	pw = req_form(r, "new_password");
	again = req_form(r, "new_password2");
	if (pw.p == NULL || pw.n < AUTH_PASSWORD_MIN ||
	    pw.n > AUTH_PASSWORD_MAX)
		return reset_page(&ctx, 422,
		    "The new password needs 8 to 1024 characters.", token, 1);
	if (again.p == NULL || !str_eq(pw, again))
		return reset_page(&ctx, 422, "The two new passwords differ.",
		    token, 1);
	if ((err = auth_password_hash(pw.p, pw.n, pwhash)) != NG_OK)
		return err;
	/* Spent first: of two racing with one link, one goes on. */
	err = store_reset_use(ctx.st, str_c(hash), now, &uid);
	if (err == NG_ENOTFOUND)
		return reset_page(&ctx, 410, NULL, STR_LIT(""), 0);
	if (err != NG_OK)
		return err;
	if ((err = store_user_by_id(r->arena, ctx.st, uid, &u)) != NG_OK)
		return err == NG_ENOTFOUND ?
		    reset_page(&ctx, 410, NULL, STR_LIT(""), 0) :
		    err;
	if (u->disabled)
		return reset_page(&ctx, 410, NULL, STR_LIT(""), 0);
	/* The store ends every session of the user. */
	if ((err = store_user_set_password(ctx.st, uid, str_c(pwhash))) !=
	    NG_OK)
		return err;
	admin_login_succeeded(r, u->login);
	log_info("admin: %.*s set a new password from a reset link",
	    (int)admin_log_name(u->login).n, admin_log_name(u->login).p);
	admin_redirect(&ctx, "/admin/login?msg=password-reset");
	return NG_OK;
}
