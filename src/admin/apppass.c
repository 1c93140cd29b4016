/*
 * apppass.c -- Application Passwords: making, checking (see apppass.h).
 *
 * A password is 24 random letters and digits (auth.c); the store keeps
 * its BLAKE2b-256 hash, which is also its lookup key, so a check costs
 * one indexed read and no argon2id: the secret is random, not chosen,
 * so a slow hash would buy nothing against a stolen database.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin_int.h"
#include "admin/apppass.h"
#include "admin/auth.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "store/store.h"

/* A password's use is written at most this often (seconds). */
#define APPPASS_TOUCH 60

enum ng_err
admin_apppass_create(struct arena *a, struct store *st, int64_t user_id,
    struct str name, const char **shown, const char **uuid)
{
	struct app_password p;
	char		    pw[AUTH_APPPASS_LEN + 1];
	char		    tok[AUTH_TOKEN_HEX + 1], h[AUTH_TOKEN_HEX + 1];
	char		   *out;
	int64_t		    id;
	size_t		    i, k;
	enum ng_err	    err;

	*shown = *uuid = NULL;
	if (name.n == 0 || name.n > STORE_APPPASS_NAME_MAX)
		return NG_EINVAL;
	auth_app_password_new(pw);
	auth_token_hash(str_c(pw), h);
	auth_token_new(tok);
	memset(&p, 0, sizeof(p));
	p.user_id = user_id;
	p.name = name;
	p.hash = str_c(h);
	/* A version 4 UUID from the token's random hex digits. */
	p.uuid = str_c(arena_printf(a, "%.8s-%.4s-4%.3s-a%.3s-%.12s", tok,
	    tok + 8, tok + 12, tok + 15, tok + 18));
	if (p.uuid.p == NULL ||
	    (out = arena_alloc(a, APPPASS_SHOWN_LEN + 1)) == NULL)
		return NG_ENOMEM;
	if ((err = store_app_password_add(st, &p, &id)) != NG_OK)
		return err;
	for (i = k = 0; i < AUTH_APPPASS_LEN; i++) {
		if (i > 0 && i % 4 == 0)
			out[k++] = ' ';
		out[k++] = pw[i];
	}
	out[k] = '\0';
	*shown = out;
	*uuid = p.uuid.p;
	return NG_OK;
}

enum apppass_result
admin_apppass_check(struct req *r, struct str login, struct str pw,
    struct user **out, int64_t *retry_s)
{
	struct app_password p;
	struct user	   *u = NULL;
	char		    clean[AUTH_APPPASS_LEN + 1];
	char		    h[AUTH_TOKEN_HEX + 1];
	size_t		    i, n = 0;
	int64_t		    now = (int64_t)time(NULL);
	enum ng_err	    err;

	*out = NULL;
	*retry_s = 0;
	if (!admin_login_allowed(r, login, retry_s))
		return *retry_s > 0 ? APPPASS_LIMITED : APPPASS_ERROR;
	/* WordPress strips everything but letters and digits. */
	for (i = 0; i < pw.n && n <= AUTH_APPPASS_LEN; i++)
		if ((pw.p[i] >= 'a' && pw.p[i] <= 'z') ||
		    (pw.p[i] >= 'A' && pw.p[i] <= 'Z') ||
		    (pw.p[i] >= '0' && pw.p[i] <= '9'))
			clean[n++] = pw.p[i];
	if (login.n == 0 || login.n > STORE_LOGIN_MAX)
		goto fail_user;
	err = store_user_by_login(r->arena, r->app->store, login, &u);
	if (err == NG_ENOTFOUND || (err == NG_OK && u->disabled))
		goto fail_user;
	if (err != NG_OK)
		return APPPASS_ERROR;
	if (n != AUTH_APPPASS_LEN)
		goto fail;
	clean[n] = '\0';
	auth_token_hash((struct str){ clean, n }, h);
	err = store_app_password_by_hash(r->arena, r->app->store, str_c(h), &p);
	if (err == NG_ENOTFOUND || (err == NG_OK && p.user_id != u->id))
		goto fail;
	if (err != NG_OK)
		return APPPASS_ERROR;
	admin_login_note(r, login, 1);
	if (now - p.last_used >= APPPASS_TOUCH || !str_eqc(p.last_ip, r->ip)) {
		if (store_app_password_used(r->app->store, p.id, now,
			str_c(r->ip)) != NG_OK)
			log_warn("api: cannot note the use of an application "
				 "password");
	}
	*out = u;
	return APPPASS_OK;
fail_user:
	admin_login_note(r, login, 0);
	return APPPASS_NO_USER;
fail:
	admin_login_note(r, login, 0);
	return APPPASS_WRONG;
}
