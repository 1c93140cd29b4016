/*
 * twofactor.c -- two-factor login with an authenticator app (TOTP, RFC
 * 6238; totp.h): setting it up on the profile page, the second login
 * step, recovery codes, and the setting that requires it for roles.
 *
 * Setting up: the user asks for a secret, sees it as an otpauth:// URI
 * and as base32 text (for apps without a camera), and types a code from
 * the app; only then is it on, so a mistyped secret cannot lock anyone
 * out.  At that moment STORE_RECOVERY_CODES recovery codes are made and
 * shown once; the store keeps only their hashes.  Turning it off needs
 * the password, so a borrowed unlocked session cannot do it.
 *
 * Logging in: a right password for a user with 2FA on does not make a
 * session.  It records a challenge (a random token whose hash the store
 * keeps, good for CHALLENGE_TTL seconds and STORE_CHALLENGE_TRIES wrong
 * codes) in a cookie limited to /admin/login, and the code page asks for
 * a code from the app or a recovery code.  Wrong codes count against
 * the same limits as wrong passwords (admin_login_failed()), and each
 * code works once: the store takes a step only if it is later than the
 * last one taken, in one conditional write.
 *
 * Requiring it: the setting "twofactor_roles" names roles; a user of
 * such a role without 2FA can, after logging in, only set it up (or log
 * out): admin_enter() sends every other page to the profile page.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/auth.h"
#include "admin/totp.h"
#include "core/arena.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

#define CHALLENGE_COOKIE "ng_2fa"
#define CHALLENGE_TTL	 300 /* seconds to type the code */
#define CHALLENGE_PATH	 "/admin/login"
#define ROLES_SETTING	 "twofactor_roles"

static int64_t
now_unix(void)
{
	return (int64_t)time(NULL);
}

/* Call fn for each comma-separated, trimmed item of v; stop at 0. */
static int
each_item(struct str v, int (*fn)(struct str, void *), void *arg)
{
	size_t i = 0, j, b, e;

	while (i <= v.n) {
		for (j = i; j < v.n && v.p[j] != ','; j++)
			continue;
		for (b = i; b < j && v.p[b] == ' '; b++)
			continue;
		for (e = j; e > b && v.p[e - 1] == ' '; e--)
			continue;
		if (!fn((struct str){ v.p + b, e - b }, arg))
			return 0;
		i = j + 1;
	}
	return 1;
}

static int
is_role(struct str item, void *arg)
{
	enum user_role r;

	(void)arg;
	return store_role_parse(item, &r);
}

int
admin_2fa_roles_valid(struct str v)
{
	if (v.n == 0)
		return 1;
	return v.n <= 200 && each_item(v, is_role, NULL);
}

/* 0 (stop) when item names the role *arg. */
static int
not_role(struct str item, void *arg)
{
	enum user_role r;

	return !(store_role_parse(item, &r) && r == *(enum user_role *)arg);
}

/* Does the setting require two-factor login of role? */
static int
required(struct admin_ctx *ctx, enum user_role role)
{
	struct str v;

	if (store_setting_get(ctx->a, ctx->st, ROLES_SETTING, &v) != NG_OK ||
	    v.n == 0)
		return 0;
	return !each_item(v, not_role, &role);
}

int
admin_2fa_missing(struct admin_ctx *ctx)
{
	struct totp_state t;
	enum ng_err	  err;

	if (ctx->user == NULL || !required(ctx, ctx->user->role))
		return 0;
	err = store_totp_get(ctx->a, ctx->st, ctx->user->id, &t);
	if (err == NG_OK)
		return !t.enabled;
	/* A store that cannot say lets nothing through. */
	return 1;
}

/* The raw key of a stored base32 secret; 0 when it is damaged. */
static int
secret_key(struct str b32, unsigned char key[TOTP_SECRET_MAX], size_t *n)
{
	if (totp_base32_decode(b32, key, TOTP_SECRET_MAX, n) != NG_OK) {
		log_err("admin: a stored two-factor secret is not base32");
		return 0;
	}
	return 1;
}

/* A path that may ride in a query unescaped: [A-Za-z0-9/._-]. */
static int
plain_path(const char *p)
{
	for (; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '/' || *p == '.' ||
			*p == '_' || *p == '-'))
			return 0;
	return 1;
}

enum ng_err
admin_2fa_challenge(struct admin_ctx *ctx, const struct user *u,
    const char *next)
{
	char	    tok[AUTH_TOKEN_HEX + 1], hash[AUTH_TOKEN_HEX + 1];
	const char *loc;
	struct str  name;
	enum ng_err err;

	auth_token_new(tok);
	auth_token_hash(str_c(tok), hash);
	if ((err = store_login_challenge_add(ctx->st, str_c(hash), u->id,
		 now_unix() + CHALLENGE_TTL)) != NG_OK)
		return err;
	admin_set_cookie(ctx->r, ctx->rs, CHALLENGE_COOKIE, tok, CHALLENGE_PATH,
	    CHALLENGE_TTL);
	name = admin_log_name(u->login);
	log_info("admin: %.*s gave the right password from %s; waiting for "
		 "the second step",
	    (int)name.n, name.p, ctx->r->ip);
	loc = plain_path(next) ? arena_printf(ctx->a,
				     "/admin/login/2fa"
				     "?next=%s",
				     next) :
				 NULL;
	admin_redirect(ctx, loc != NULL ? loc : "/admin/login/2fa");
	return NG_OK;
}

/* The challenge of the request's cookie: its hash and user, or 0. */
static int
find_challenge(struct admin_ctx *ctx, char hash[AUTH_TOKEN_HEX + 1],
    struct user **u, enum ng_err *err)
{
	struct str tok;
	int64_t	   uid;

	*u = NULL;
	*err = NG_OK;
	tok = req_cookie(ctx->r, CHALLENGE_COOKIE);
	if (!admin_token_shape(tok))
		return 0;
	auth_token_hash(tok, hash);
	*err = store_login_challenge_get(ctx->st, str_c(hash), now_unix(),
	    &uid);
	if (*err == NG_OK)
		*err = store_user_by_id(ctx->a, ctx->st, uid, u);
	if (*err == NG_ENOTFOUND)
		*err = NG_OK;
	return *err == NG_OK && *u != NULL;
}

static enum ng_err
code_page(struct admin_ctx *ctx, int status, const char *error, struct str next)
{
	struct tv *root;

	root = admin_view(ctx, "Two-factor login");
	tv_set_cstr(ctx->a, root, "error", error);
	tv_set_cstr(ctx->a, root, "next", admin_safe_next(next));
	return admin_render(ctx, root, "admin_login_2fa", status);
}

/*
 * No live challenge: back to the password form (GET), or a 403 that
 * says why (POST: a form is never answered by a redirect that drops it
 * silently).
 */
static enum ng_err
start_over(struct admin_ctx *ctx)
{
	admin_set_cookie(ctx->r, ctx->rs, CHALLENGE_COOKIE, "", CHALLENGE_PATH,
	    0);
	if (ctx->r->method == HTTP_POST)
		return admin_forbidden(ctx,
		    "The login took too long or had "
		    "too many wrong codes. Log in again with your password.");
	admin_redirect(ctx, "/admin/login?msg=2fa-expired");
	return NG_OK;
}

/*
 * Spend typed as u's code: a recovery code when it has letters, else a
 * code of the app.  1 when it was good (and is now used up); *recovery
 * says which kind it was.
 */
static enum ng_err
spend_code(struct admin_ctx *ctx, const struct user *u, struct str typed,
    int *ok, int *recovery)
{
	struct totp_state t;
	unsigned char	  key[TOTP_SECRET_MAX];
	char		  canon[AUTH_RECOVERY_LEN + 1];
	char		  hash[AUTH_TOKEN_HEX + 1];
	size_t		  i, klen;
	int64_t		  step;
	enum ng_err	  err;

	*ok = *recovery = 0;
	for (i = 0; i < typed.n; i++)
		if ((typed.p[i] >= 'a' && typed.p[i] <= 'z') ||
		    (typed.p[i] >= 'A' && typed.p[i] <= 'Z'))
			*recovery = 1;
	if (*recovery) {
		if (!auth_recovery_code_canon(typed, canon))
			return NG_OK;
		auth_token_hash(str_c(canon), hash);
		err = store_totp_use_recovery(ctx->st, u->id, str_c(hash));
		*ok = err == NG_OK;
		return err == NG_ENOTFOUND ? NG_OK : err;
	}
	if ((err = store_totp_get(ctx->a, ctx->st, u->id, &t)) != NG_OK)
		return err == NG_ENOTFOUND ? NG_OK : err;
	if (!t.enabled || !secret_key(t.secret, key, &klen))
		return NG_OK;
	if (totp_check(key, klen, typed, now_unix(), t.last_step, &step)) {
		/* Two requests racing with one code: one wins here. */
		err = store_totp_use_step(ctx->st, u->id, step);
		*ok = err == NG_OK;
		if (err == NG_ECONFLICT)
			err = NG_OK;
	}
	explicit_bzero(key, sizeof(key));
	return err;
}

enum ng_err
admin_login_2fa(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct user	*u;
	struct str	 next, code, name;
	char		 hash[AUTH_TOKEN_HEX + 1];
	int64_t		 wait_ms;
	enum ng_err	 err;
	int		 ok, recovery;

	admin_ctx_init(&ctx, r, rs);
	if (!find_challenge(&ctx, hash, &u, &err))
		return err != NG_OK ? err : start_over(&ctx);
	if (r->method != HTTP_POST)
		return code_page(&ctx, 200, NULL, req_query(r, "next"));
	next = req_form(r, "next");
	if (next.p == NULL)
		next = STR_LIT("");
	/* Lax cookies are not sent cross-site, but say no to other
	 * origins plainly too. */
	if (!admin_origin_ok(r))
		return code_page(&ctx, 403,
		    "The form was not sent from this "
		    "newsroom's own page.",
		    next);
	if ((wait_ms = admin_login_wait(r, u->login)) > 0)
		return code_page(&ctx, 429, admin_login_limited(r, rs, wait_ms),
		    next);
	code = admin_field(r, "code");
	if ((err = spend_code(&ctx, u, code, &ok, &recovery)) != NG_OK)
		return err;
	name = admin_log_name(u->login);
	if (!ok) {
		admin_login_failed(r, u->login);
		if ((err = store_login_challenge_fail(ctx.st, str_c(hash))) !=
		    NG_OK)
			return err;
		log_info("admin: wrong %s for %.*s from %s",
		    recovery ? "recovery code" : "two-factor code", (int)name.n,
		    name.p, r->ip);
		return code_page(&ctx, 403,
		    recovery ?
			"That recovery code "
			"is not right, or was used already." :
			"That code is not "
			"right, or was used already. Wait for the next one in "
			"your app.",
		    next);
	}
	if ((err = store_login_challenge_delete(ctx.st, str_c(hash),
		 now_unix())) != NG_OK)
		return err;
	admin_set_cookie(r, rs, CHALLENGE_COOKIE, "", CHALLENGE_PATH, 0);
	admin_login_succeeded(r, u->login);
	if ((err = admin_session_start(&ctx, u)) != NG_OK)
		return err;
	log_info("admin: %.*s logged in from %s with %s", (int)name.n, name.p,
	    r->ip, recovery ? "a recovery code" : "a two-factor code");
	admin_redirect(&ctx,
	    recovery ? "/admin/profile/?msg=2fa-recovery"
		       "#two-factor" :
		       admin_safe_next(next));
	return NG_OK;
}

/* "ABCD EFGH ...": a secret as people copy it by hand. */
static const char *
grouped(struct arena *a, struct str s)
{
	char  *p;
	size_t i, k = 0;

	if ((p = arena_alloc(a, s.n + s.n / 4 + 1)) == NULL)
		return NULL;
	for (i = 0; i < s.n; i++) {
		if (i > 0 && i % 4 == 0)
			p[k++] = ' ';
		p[k++] = s.p[i];
	}
	p[k] = '\0';
	return p;
}

enum ng_err
admin_2fa_view(struct admin_ctx *ctx, struct tv *root,
    const struct admin_2fa_result *res)
{
	struct totp_state t;
	struct tv	 *list, *x;
	struct str	  site;
	size_t		  i;
	enum ng_err	  err;

	err = store_totp_get(ctx->a, ctx->st, ctx->user->id, &t);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	tv_set_bool(ctx->a, root, "tfa_on", err == NG_OK && t.enabled);
	tv_set_bool(ctx->a, root, "tfa_off", err == NG_ENOTFOUND);
	tv_set_bool(ctx->a, root, "tfa_required",
	    required(ctx, ctx->user->role));
	if (err == NG_OK && t.enabled)
		tv_set_int(ctx->a, root, "tfa_recovery_left",
		    (int64_t)t.recovery_left);
	if (err == NG_OK && !t.enabled) {
		if (store_setting_get(ctx->a, ctx->st, "title", &site) !=
			NG_OK ||
		    site.n == 0)
			site = STR_LIT("nutgraf");
		tv_set_bool(ctx->a, root, "tfa_pending", 1);
		tv_set_cstr(ctx->a, root, "tfa_uri",
		    totp_uri(ctx->a, site, ctx->user->login, t.secret));
		tv_set_cstr(ctx->a, root, "tfa_secret",
		    grouped(ctx->a, t.secret));
	}
	if (res == NULL)
		return NG_OK;
	tv_set_cstr(ctx->a, root, "tfa_error", res->error);
	if (res->ncodes > 0) {
		list = tv_list(ctx->a);
		for (i = 0; i < res->ncodes; i++) {
			x = tv_map(ctx->a);
			tv_set_cstr(ctx->a, x, "code", res->codes[i]);
			tv_push(ctx->a, list, x);
		}
		tv_set(ctx->a, root, "tfa_codes", list);
		tv_set_bool(ctx->a, root, "tfa_has_codes", 1);
	}
	return NG_OK;
}

static enum ng_err
begin(struct admin_ctx *ctx, struct admin_2fa_result *out)
{
	unsigned char key[TOTP_SECRET_LEN];
	char	      b32[TOTP_SECRET_B32 + 1];
	enum ng_err   err;

	auth_random(key, sizeof(key));
	totp_base32_encode(key, sizeof(key), b32);
	explicit_bzero(key, sizeof(key));
	err = store_totp_begin(ctx->st, ctx->user->id, str_c(b32));
	explicit_bzero(b32, sizeof(b32));
	if (err == NG_ECONFLICT) {
		out->error = "Two-factor login is already on.";
		out->status = 409;
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	out->redirect = "/admin/profile/#two-factor";
	return NG_OK;
}

static enum ng_err
confirm(struct admin_ctx *ctx, struct admin_2fa_result *out)
{
	struct totp_state t;
	struct str	  hashes[STORE_RECOVERY_CODES];
	unsigned char	  key[TOTP_SECRET_MAX];
	char		 *code, *hash;
	size_t		  i, klen;
	int64_t		  step;
	enum ng_err	  err;
	int		  ok;

	err = store_totp_get(ctx->a, ctx->st, ctx->user->id, &t);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	if (err == NG_ENOTFOUND || t.enabled) {
		out->error = err == NG_ENOTFOUND ?
		    "Start the set-up first." :
		    "Two-factor login is already on.";
		out->status = 409;
		return NG_OK;
	}
	if (!secret_key(t.secret, key, &klen))
		return NG_EDB;
	ok = totp_check(key, klen, admin_field(ctx->r, "code"), now_unix(),
	    t.last_step, &step);
	explicit_bzero(key, sizeof(key));
	if (!ok) {
		out->error =
		    "That code does not match. Type the code your "
		    "app shows now (check that the phone's clock is right).";
		out->status = 422;
		return NG_OK;
	}
	for (i = 0; i < STORE_RECOVERY_CODES; i++) {
		code = arena_alloc(ctx->a, AUTH_RECOVERY_LEN + 1);
		hash = arena_alloc(ctx->a, AUTH_TOKEN_HEX + 1);
		if (code == NULL || hash == NULL)
			return NG_ENOMEM;
		auth_recovery_code_new(code);
		auth_token_hash(str_c(code), hash);
		out->codes[i] = code;
		hashes[i] = str_c(hash);
	}
	err = store_totp_enable(ctx->st, ctx->user->id, t.secret, step, hashes,
	    STORE_RECOVERY_CODES);
	if (err == NG_ECONFLICT) {
		out->error = "The set-up was started again elsewhere: use "
			     "the newest secret below.";
		out->status = 409;
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	out->ncodes = STORE_RECOVERY_CODES;
	out->status = 200;
	log_info("admin: %.*s turned two-factor login on",
	    (int)ctx->user->login.n, ctx->user->login.p);
	return NG_OK;
}

static enum ng_err
turn_off(struct admin_ctx *ctx, struct admin_2fa_result *out, int pending)
{
	struct str  pw;
	enum ng_err err;

	if (!pending) {
		if (required(ctx, ctx->user->role)) {
			out->error =
			    "Your role must use two-factor login, so "
			    "it cannot be turned off. To move it to a new "
			    "phone, ask an administrator to reset it.";
			out->status = 403;
			return NG_OK;
		}
		pw = req_form(ctx->r, "password");
		if (pw.p == NULL ||
		    !auth_password_verify(ctx->user->pass_hash, pw.p, pw.n)) {
			admin_login_failed(ctx->r, ctx->user->login);
			out->error = "Wrong password: two-factor login stays "
				     "on.";
			out->status = 403;
			return NG_OK;
		}
	}
	err = store_totp_delete(ctx->st, ctx->user->id);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	if (!pending)
		log_info("admin: %.*s turned two-factor login off",
		    (int)ctx->user->login.n, ctx->user->login.p);
	out->redirect = pending ? "/admin/profile/#two-factor" :
				  "/admin/profile/?msg=2fa-off#two-factor";
	return NG_OK;
}

enum ng_err
admin_2fa_action(struct admin_ctx *ctx, struct str action,
    struct admin_2fa_result *out)
{
	struct totp_state t;
	enum ng_err	  err;

	memset(out, 0, sizeof(*out));
	out->status = 200;
	if (str_eqc(action, "2fa-begin"))
		return begin(ctx, out);
	if (str_eqc(action, "2fa-confirm"))
		return confirm(ctx, out);
	if (str_eqc(action, "2fa-cancel") || str_eqc(action, "2fa-disable")) {
		err = store_totp_get(ctx->a, ctx->st, ctx->user->id, &t);
		if (err == NG_ENOTFOUND) {
			out->redirect = "/admin/profile/#two-factor";
			return NG_OK;
		}
		if (err != NG_OK)
			return err;
		/* Cancelling a set-up needs no password; turning off does. */
		return turn_off(ctx, out, !t.enabled);
	}
	return NG_ENOTFOUND;
}
