/*
 * profile.c -- /admin/profile/: the signed-in user's own page, where
 * they change their password (the current one required) and email
 * address, make, see and revoke their application passwords for the
 * REST API, and set up two-factor login (twofactor.c).  A new
 * application password is shown in the answer to the POST that made it
 * and never again (the store has only its hash).
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/apppass.h"
#include "admin/auth.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "render/tv.h"
#include "store/store.h"

/* What the password and email forms send back when one is refused. */
struct account_form {
	const char *pw_error;	 /* under the password form */
	const char *email_error; /* under the email field */
	struct str  email;	 /* as typed */
};

static enum ng_err
page(struct admin_ctx *ctx, const char *name, const char *pw, const char *error,
    int status, const struct admin_2fa_result *tf,
    const struct account_form *af)
{
	struct app_password *v;
	struct tv	    *root, *list, *x;
	char		     t[128];
	size_t		     i, n;
	int		     off;
	enum ng_err	     err;

	if ((err = store_app_password_list(ctx->a, ctx->st, ctx->user->id, &v,
		 &n)) != NG_OK)
		return err;
	root = admin_view(ctx, "Your profile");
	list = tv_list(ctx->a);
	for (i = 0; i < n; i++) {
		x = tv_map(ctx->a);
		tv_set_str(ctx->a, x, "name", v[i].name);
		tv_set_str(ctx->a, x, "uuid", v[i].uuid);
		admin_fmt_time(ctx, v[i].created_at, t, sizeof(t));
		tv_set_cstr(ctx->a, x, "created", arena_strdup(ctx->a, t));
		if (v[i].last_used > 0)
			admin_fmt_time(ctx, v[i].last_used, t, sizeof(t));
		tv_set_cstr(ctx->a, x, "last_used",
		    v[i].last_used > 0 ? arena_strdup(ctx->a, t) : "Never");
		tv_set_str(ctx->a, x, "last_ip",
		    v[i].last_ip.n > 0 ? v[i].last_ip : STR_LIT("-"));
		tv_push(ctx->a, list, x);
	}
	tv_set(ctx->a, root, "passwords", list);
	tv_set_bool(ctx->a, root, "has_passwords", n > 0);
	if (pw != NULL) {
		tv_set_cstr(ctx->a, root, "new_password", pw);
		tv_set_cstr(ctx->a, root, "new_name", name);
	}
	if (error != NULL)
		tv_set_cstr(ctx->a, root, "error", error);
	tv_set_bool(ctx->a, root, "must_change_pw", ctx->user->must_change_pw);
	tv_set_str(ctx->a, root, "email",
	    af != NULL && af->email_error != NULL ? af->email :
						    ctx->user->email);
	if (af != NULL) {
		tv_set_cstr(ctx->a, root, "pw_error", af->pw_error);
		tv_set_cstr(ctx->a, root, "email_error", af->email_error);
	}
	if ((err = store_mail_optout_get(ctx->st, ctx->user->id,
		 STORE_MAIL_COMMENTS, &off)) != NG_OK)
		return err;
	tv_set_bool(ctx->a, root, "notify_comments", !off);
	tv_set_bool(ctx->a, root, "mail_on", ctx->app->mailer != NULL);
	if ((err = admin_2fa_view(ctx, root, tf)) != NG_OK)
		return err;
	return admin_render(ctx, root, "admin_profile", status);
}

/*
 * An address worth sending mail to: one '@', something before it, a
 * domain with a dot after it, nothing that would need quoting in a
 * header.  The mail that is sent to it is the real check.
 */
int
admin_email_ok(struct str e)
{
	const char *at;
	size_t	    i;

	if (e.n < 5 || e.n > STORE_EMAIL_MAX)
		return 0;
	for (i = 0; i < e.n; i++)
		if ((unsigned char)e.p[i] <= 0x20 ||
		    (unsigned char)e.p[i] >= 0x7f ||
		    strchr("\"(),:;<>[\\]", e.p[i]) != NULL)
			return 0;
	if ((at = memchr(e.p, '@', e.n)) == NULL || at == e.p ||
	    memchr(at + 1, '@', e.n - (size_t)(at + 1 - e.p)) != NULL)
		return 0;
	i = (size_t)(at + 1 - e.p);
	return i < e.n && e.p[i] != '.' && e.p[e.n - 1] != '.' &&
	    memchr(e.p + i, '.', e.n - i) != NULL;
}

/* action=password: the current password, then the new one twice. */
static enum ng_err
change_password(struct admin_ctx *ctx)
{
	struct account_form af = { NULL, NULL, { NULL, 0 } };
	/* Not trimmed: a space may be part of a password. */
	struct str  cur = req_form(ctx->r, "current_password");
	struct str  pw = req_form(ctx->r, "new_password");
	struct str  again = req_form(ctx->r, "new_password2");
	char	    hash[AUTH_HASH_MAX];
	enum ng_err err;

	if (cur.p == NULL || pw.p == NULL || again.p == NULL ||
	    !auth_password_verify(ctx->user->pass_hash, cur.p, cur.n))
		af.pw_error = "Your current password is not right.";
	else if (pw.n < AUTH_PASSWORD_MIN || pw.n > AUTH_PASSWORD_MAX)
		af.pw_error = "The new password needs 8 to 1024 characters.";
	else if (!str_eq(pw, again))
		af.pw_error = "The two new passwords differ.";
	else if (str_eq(pw, cur))
		af.pw_error = "Choose a password other than the current one.";
	if (af.pw_error != NULL)
		return page(ctx, NULL, NULL, NULL, 422, NULL, &af);
	if ((err = auth_password_hash(pw.p, pw.n, hash)) != NG_OK)
		return err;
	/* The store ends every session of the user, this one too. */
	if ((err = store_user_set_password(ctx->st, ctx->user->id,
		 str_c(hash))) != NG_OK)
		return err;
	log_info("admin: %.*s changed their password",
	    (int)admin_log_name(ctx->user->login).n,
	    admin_log_name(ctx->user->login).p);
	admin_redirect(ctx, "/admin/login?msg=password-changed");
	return NG_OK;
}

/* action=email: the user's address ("" removes it). */
static enum ng_err
change_email(struct admin_ctx *ctx)
{
	struct account_form af = { NULL, NULL, admin_field(ctx->r, "email") };
	enum ng_err	    err;

	if (af.email.n > 0 && !admin_email_ok(af.email))
		af.email_error = "That is not an email address "
				 "(name@example.com).";
	else if ((err = store_user_set_email(ctx->st, ctx->user->id,
		      af.email)) == NG_ECONFLICT)
		af.email_error = "Another user has that address.";
	else if (err != NG_OK)
		return err;
	if (af.email_error != NULL)
		return page(ctx, NULL, NULL, NULL, 422, NULL, &af);
	admin_redirect(ctx, "/admin/profile/?msg=email");
	return NG_OK;
}

/* action=notices: the mail notices the user wants (a checkbox each). */
static enum ng_err
change_notices(struct admin_ctx *ctx)
{
	enum ng_err err;
	int	    on = admin_field(ctx->r, "notify_comments").n > 0;

	if ((err = store_mail_optout_set(ctx->st, ctx->user->id,
		 STORE_MAIL_COMMENTS, !on)) != NG_OK)
		return err;
	admin_redirect(ctx, "/admin/profile/?msg=notices#notices");
	return NG_OK;
}

enum ng_err
admin_profile(struct req *r, struct resp *rs)
{
	struct admin_ctx	ctx;
	struct admin_2fa_result tf;
	struct str		action, name;
	const char	       *pw, *uuid;
	enum ng_err		err;

	if (!admin_enter(r, rs, CAP_ENTER, &ctx))
		return NG_OK;
	if (r->method != HTTP_POST)
		return page(&ctx, NULL, NULL, NULL, 200, NULL, NULL);
	action = admin_field(r, "action");
	err = admin_2fa_action(&ctx, action, &tf);
	if (err == NG_OK && tf.redirect != NULL) {
		admin_redirect(&ctx, tf.redirect);
		return NG_OK;
	}
	if (err == NG_OK)
		return page(&ctx, NULL, NULL, NULL, tf.status, &tf, NULL);
	if (err != NG_ENOTFOUND)
		return err;
	if (str_eqc(action, "password"))
		return change_password(&ctx);
	if (str_eqc(action, "email"))
		return change_email(&ctx);
	if (str_eqc(action, "notices"))
		return change_notices(&ctx);
	/* Until two-factor login is set up, nothing else is allowed. */
	if (ctx.must_enrol)
		return page(&ctx, NULL, NULL,
		    "Set up two-factor login "
		    "first.",
		    403, NULL, NULL);
	if (str_eqc(action, "create")) {
		name = admin_field(r, "name");
		err = admin_apppass_create(ctx.a, ctx.st, ctx.user->id, name,
		    &pw, &uuid);
		if (err == NG_EINVAL)
			return page(&ctx, NULL, NULL,
			    "Give the application "
			    "password a name (up to 200 bytes).",
			    422, NULL, NULL);
		if (err == NG_ETOOBIG)
			return page(&ctx, NULL, NULL,
			    "You have too many "
			    "application passwords; revoke one first.",
			    422, NULL, NULL);
		if (err != NG_OK)
			return err;
		log_info("admin: %.*s made application password %s",
		    (int)ctx.user->login.n, ctx.user->login.p, uuid);
		return page(&ctx, arena_strndup(ctx.a, name.p, name.n), pw,
		    NULL, 200, NULL, NULL);
	}
	if (str_eqc(action, "revoke")) {
		err = store_app_password_delete(ctx.st, ctx.user->id,
		    admin_field(r, "uuid"));
		if (err != NG_OK && err != NG_ENOTFOUND)
			return err;
		admin_redirect(&ctx, "/admin/profile/?msg=deleted");
		return NG_OK;
	}
	return page(&ctx, NULL, NULL, "Unknown action.", 400, NULL, NULL);
}
