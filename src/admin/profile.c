/*
 * profile.c -- /admin/profile/: the signed-in user's own page, where
 * they make, see and revoke their application passwords for the REST
 * API, and set up two-factor login (twofactor.c).  A new password is
 * shown in the answer to the POST that made it and never again (the
 * store has only its hash).
 */
#include <stdio.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/apppass.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "render/tv.h"
#include "store/store.h"

static enum ng_err
page(struct admin_ctx *ctx, const char *name, const char *pw, const char *error,
    int status, const struct admin_2fa_result *tf)
{
	struct app_password *v;
	struct tv	    *root, *list, *x;
	char		     t[128];
	size_t		     i, n;
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
	if ((err = admin_2fa_view(ctx, root, tf)) != NG_OK)
		return err;
	return admin_render(ctx, root, "admin_profile", status);
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
		return page(&ctx, NULL, NULL, NULL, 200, NULL);
	action = admin_field(r, "action");
	err = admin_2fa_action(&ctx, action, &tf);
	if (err == NG_OK && tf.redirect != NULL) {
		admin_redirect(&ctx, tf.redirect);
		return NG_OK;
	}
	if (err == NG_OK)
		return page(&ctx, NULL, NULL, NULL, tf.status, &tf);
	if (err != NG_ENOTFOUND)
		return err;
	/* Until two-factor login is set up, nothing else is allowed. */
	if (ctx.must_enrol)
		return page(&ctx, NULL, NULL,
		    "Set up two-factor login "
		    "first.",
		    403, NULL);
	if (str_eqc(action, "create")) {
		name = admin_field(r, "name");
		err = admin_apppass_create(ctx.a, ctx.st, ctx.user->id, name,
		    &pw, &uuid);
		if (err == NG_EINVAL)
			return page(&ctx, NULL, NULL,
			    "Give the application "
			    "password a name (up to 200 bytes).",
			    422, NULL);
		if (err == NG_ETOOBIG)
			return page(&ctx, NULL, NULL,
			    "You have too many "
			    "application passwords; revoke one first.",
			    422, NULL);
		if (err != NG_OK)
			return err;
		log_info("admin: %.*s made application password %s",
		    (int)ctx.user->login.n, ctx.user->login.p, uuid);
		return page(&ctx, arena_strndup(ctx.a, name.p, name.n), pw,
		    NULL, 200, NULL);
	}
	if (str_eqc(action, "revoke")) {
		err = store_app_password_delete(ctx.st, ctx.user->id,
		    admin_field(r, "uuid"));
		if (err != NG_OK && err != NG_ENOTFOUND)
			return err;
		admin_redirect(&ctx, "/admin/profile/?msg=deleted");
		return NG_OK;
	}
	return page(&ctx, NULL, NULL, "Unknown action.", 400, NULL);
}
