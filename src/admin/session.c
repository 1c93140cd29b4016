/*
 * session.c -- logging in and out, and the check at the top of every
 * newsroom handler (admin_enter()).
 *
 * A session is a 256-bit random token in the ng_session cookie
 * (HttpOnly, SameSite=Lax, Secure on an https site, Path=/admin so that
 * public pages never see it and stay cacheable); the database keeps its
 * hash.  It ends after ADMIN_SESSION_IDLE seconds without a request or
 * ADMIN_SESSION_MAX seconds after login, whichever comes first, on
 * logout, and when the user's password changes or the user is disabled.
 *
 * Forms carry a synchronizer token: a random value stored with the
 * session and written into every form; a state-changing request without
 * it is refused, so another site cannot make a signed-in editor's
 * browser act for it.  The login form, which has no session yet, pairs a
 * random value in a short-lived cookie with the same value in the form.
 *
 * Failed logins are limited per client address and per account *and*
 * address, never per account alone: an attacker elsewhere can slow
 * themselves down but cannot lock the real user out.  Only failures
 * count, and a success clears its account-and-address record.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/auth.h"
#include "admin/loginbudget.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/tz.h"
#include "http/ratelimit.h"
#include "http/req.h"
#include "http/resp.h"
#include "render/tv.h"
#include "store/store.h"

#define LOGIN_FORM_TTL 1800 /* seconds the login form is good */

/* Per client address: a cap on failures from one place. */
static const struct ratelimit_rule ip_rules[] = {
	{ 20, 300 },
	{ 100, 3600 },
};

/*
 * Per account and address: a delay that grows with each failure, the
 * exponential back-off in three steps: 5 tries a minute, 10 in a quarter
 * of an hour, 20 an hour.
 */
static const struct ratelimit_rule pair_rules[] = {
	{ 5, 60 },
	{ 10, 900 },
	{ 20, 3600 },
};

#define NRULES(r) (sizeof(r) / sizeof((r)[0]))

struct admin *
admin_of(const struct req *r)
{
	return r->app != NULL ? r->app->admin : NULL;
}

static int64_t
now_unix(void)
{
	return (int64_t)time(NULL);
}

static int
https_site(const struct req *r)
{
	const char *b = r->app->cfg != NULL ? r->app->cfg->base_url : NULL;

	/* Or the request itself came over TLS, here or at a trusted
	 * proxy. */
	return (b != NULL && strncasecmp(b, "https://", 8) == 0) ||
	    r->https == 1;
}

void
admin_private(struct req *r, struct resp *rs)
{
	rs->cache_control = "no-store";
	resp_header_add(r, rs, "Content-Security-Policy", ADMIN_CSP);
	resp_header_add(r, rs, "X-Frame-Options", "DENY");
}

void
admin_framable(struct req *r, struct resp *rs)
{
	struct resp_header **h;

	/* Two policies would both apply: drop admin_private()'s. */
	for (h = &rs->headers; *h != NULL;)
		if (strcasecmp((*h)->name, "Content-Security-Policy") == 0 ||
		    strcasecmp((*h)->name, "X-Frame-Options") == 0)
			*h = (*h)->next;
		else
			h = &(*h)->next;
	rs->cache_control = "no-store";
	resp_header_add(r, rs, "Content-Security-Policy", ADMIN_FRAME_CSP);
	resp_header_add(r, rs, "X-Frame-Options", "SAMEORIGIN");
}

void
admin_set_cookie(struct req *r, struct resp *rs, const char *name,
    const char *value, const char *path, long max_age)
{
	const char *c;

	c = arena_printf(r->arena,
	    "%s=%s; Path=%s; Max-Age=%ld; HttpOnly; "
	    "SameSite=Lax%s",
	    name, value, path, max_age, https_site(r) ? "; Secure" : "");
	if (c != NULL)
		resp_header_add(r, rs, "Set-Cookie", c);
}

int
admin_token_shape(struct str t)
{
	size_t i;

	if (t.n != AUTH_TOKEN_HEX || t.p == NULL)
		return 0;
	for (i = 0; i < t.n; i++)
		if (!((t.p[i] >= '0' && t.p[i] <= '9') ||
			(t.p[i] >= 'a' && t.p[i] <= 'f')))
			return 0;
	return 1;
}

/*
 * A same-origin check for state-changing requests: browsers send Origin
 * with every cross-site POST, so one that names another site (or
 * "null") is refused even before the CSRF token is looked at.
 */
int
admin_origin_ok(struct req *r)
{
	struct str  origin, host;
	const char *base, *want;

	origin = req_header(r, "Origin");
	if (origin.p == NULL)
		return 1;
	host = req_header(r, "Host");
	base = r->app->cfg != NULL ? r->app->cfg->base_url : NULL;
	if (base != NULL && *base != '\0') {
		size_t n = strlen(base);

		while (n > 0 && base[n - 1] == '/')
			n--;
		if (str_eq(origin, (struct str){ base, n }))
			return 1;
	}
	if (host.p == NULL)
		return 0;
	want = arena_printf(r->arena, "http://%.*s", (int)host.n, host.p);
	if (want != NULL && str_eqc(origin, want))
		return 1;
	want = arena_printf(r->arena, "https://%.*s", (int)host.n, host.p);
	return want != NULL && str_eqc(origin, want);
}

/* The session of the request, or NG_ENOTFOUND. */
static enum ng_err
find_session(struct req *r, struct session **sp, struct user **up)
{
	struct str tok;
	char	   hash[AUTH_TOKEN_HEX + 1];

	*sp = NULL;
	*up = NULL;
	tok = req_cookie(r, ADMIN_SESSION_COOKIE);
	if (!admin_token_shape(tok))
		return NG_ENOTFOUND;
	auth_token_hash(tok, hash);
	return store_session_get(r->arena, r->app->store, str_c(hash),
	    now_unix(), ADMIN_SESSION_IDLE, sp, up);
}

/* A path that needs no escaping in a query: [A-Za-z0-9/._-]. */
static int
plain_path(struct str p)
{
	size_t i;
	char   c;

	for (i = 0; i < p.n; i++) {
		c = p.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '/' || c == '.' ||
			c == '_' || c == '-'))
			return 0;
	}
	return p.n > 0;
}

/* Answer with a 403 page, or plain text if even that cannot be made. */
static void
refuse(struct admin_ctx *ctx, int status, const char *why)
{
	struct tv *root;

	root = admin_view(ctx, status == 403 ? "Not allowed" : "Unavailable");
	tv_set_cstr(ctx->a, root, "message", why);
	tv_set_int(ctx->a, root, "status", status);
	if (admin_render(ctx, root, "admin_error", status) != NG_OK) {
		resp_text(ctx->r, ctx->rs, status, why);
		admin_private(ctx->r, ctx->rs);
	}
}

void
admin_ctx_init(struct admin_ctx *ctx, struct req *r, struct resp *rs)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->r = r;
	ctx->rs = rs;
	ctx->a = r->arena;
	ctx->st = r->app->store;
	ctx->app = r->app;
}

int
admin_enter(struct req *r, struct resp *rs, enum admin_cap cap,
    struct admin_ctx *ctx)
{
	struct session *s;
	struct user    *u;
	struct str	csrf;
	const char     *next;
	enum ng_err	err;
	int64_t		now = now_unix();
	int		safe;

	admin_ctx_init(ctx, r, rs);
	safe = r->method == HTTP_GET || r->method == HTTP_HEAD;
	err = find_session(r, &s, &u);
	if (err == NG_ENOTFOUND) {
		if (!safe) {
			refuse(ctx, 403,
			    "Your session has ended. Log in "
			    "again; your last autosave is kept.");
			return 0;
		}
		/* Only plain paths ride along; anything else starts over. */
		next = arena_printf(r->arena, "/admin/login?next=%.*s",
		    plain_path(r->path) ? (int)r->path.n : 7,
		    plain_path(r->path) ? r->path.p : "/admin/");
		admin_redirect(ctx, next != NULL ? next : "/admin/login");
		return 0;
	}
	if (err != NG_OK) {
		refuse(ctx, 503,
		    "The newsroom is unavailable. Try again "
		    "in a moment.");
		return 0;
	}
	ctx->user = u;
	ctx->sess = s;
	if (store_setting_get(r->arena, r->app->store, "timezone", &ctx->tz) !=
		NG_OK ||
	    !tz_valid(ctx->tz))
		ctx->tz = STR_LIT("");
	/*
	 * A role that must use two-factor login, without it: only the
	 * profile page (to set it up) and logging out are open.
	 */
	if ((ctx->must_enrol = admin_2fa_missing(ctx)) &&
	    !str_eqc(r->path, "/admin/profile/") &&
	    !str_eqc(r->path, "/admin/logout")) {
		if (safe)
			admin_redirect(ctx,
			    "/admin/profile/?msg=2fa-required"
			    "#two-factor");
		else
			refuse(ctx, 403,
			    "Your role must use two-factor "
			    "login: set it up on your profile page first.");
		return 0;
	}
	/*
	 * A password someone else chose (the demo's, printed in a log):
	 * only the profile page, to choose one, and logging out.
	 */
	if (u->must_change_pw && !str_eqc(r->path, "/admin/profile/") &&
	    !str_eqc(r->path, "/admin/logout")) {
		if (safe)
			admin_redirect(ctx,
			    "/admin/profile/?msg=password-required#password");
		else
			refuse(ctx, 403,
			    "Choose your own password on your profile "
			    "page first.");
		return 0;
	}
	if (!admin_role_can(u->role, cap)) {
		refuse(ctx, 403, "Your role does not allow this.");
		return 0;
	}
	if (!safe) {
		csrf = req_form(r, "csrf");
		if (csrf.p == NULL)
			csrf = req_header(r, "X-CSRF-Token");
		/* media: an upload form is multipart. */
		if (csrf.p == NULL)
			csrf = admin_multipart_field(r, "csrf");
		if (!admin_origin_ok(r) || !auth_equal(csrf, s->csrf)) {
			refuse(ctx, 403,
			    "The form was not sent from this "
			    "newsroom's own page (missing or wrong security "
			    "token). Reload the page and try again.");
			return 0;
		}
	}
	/* A write per request would be wasteful: once a minute will do. */
	if (now - s->last_seen >= ADMIN_SESSION_TOUCH &&
	    store_session_touch(r->app->store, s->token_hash, now) != NG_OK)
		log_warn("admin: cannot touch a session");
	return 1;
}

const char *
admin_safe_next(struct str next)
{
	size_t i;

	if (next.n < 7 || next.n > 512 || strncmp(next.p, "/admin/", 7) != 0)
		return "/admin/";
	for (i = 0; i < next.n; i++)
		if ((unsigned char)next.p[i] <= 0x20 || next.p[i] == '\\' ||
		    (unsigned char)next.p[i] >= 0x7f)
			return "/admin/";
	if (strstr(next.p, "//") != NULL)
		return "/admin/";
	return next.p;
}

static enum ng_err
login_page(struct admin_ctx *ctx, int status, const char *error,
    struct str login, struct str next)
{
	struct tv *root;
	char	   tok[AUTH_TOKEN_HEX + 1];

	auth_token_new(tok);
	root = admin_view(ctx, "Log in");
	tv_set_cstr(ctx->a, root, "login_csrf", arena_strdup(ctx->a, tok));
	tv_set_cstr(ctx->a, root, "error", error);
	tv_set_str(ctx->a, root, "login", login);
	tv_set_cstr(ctx->a, root, "next", admin_safe_next(next));
	admin_set_cookie(ctx->r, ctx->rs, ADMIN_LOGIN_COOKIE, tok,
	    "/admin/login", LOGIN_FORM_TTL);
	return admin_render(ctx, root, "admin_login", status);
}

enum ng_err
admin_login_form(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	struct session	*s;
	struct user	*u;

	admin_ctx_init(&ctx, r, rs);
	if (find_session(r, &s, &u) == NG_OK) {
		admin_redirect(&ctx, "/admin/");
		return NG_OK;
	}
	return login_page(&ctx, 200, NULL, STR_LIT(""), req_query(r, "next"));
}

/* Key of a limiter record; at most RATELIMIT_KEY_MAX bytes count. */
static struct str
limit_key(struct req *r, const char *kind, struct str login)
{
	const char *k;

	k = arena_printf(r->arena, "login:%s:%s:%.*s", kind, r->ip,
	    (int)login.n, login.p != NULL ? login.p : "");
	return str_c(k);
}

/*
 * The account's budget as rows of the database (store_limit_note()),
 * so every instance on one database counts the same failures: an
 * attacker spreading guesses over the instances behind a load balancer
 * gets no more than against one.  The in-memory budget stays as the
 * answer when the database cannot be asked.  The login is folded to
 * lower case as loginbudget.c folds it.
 */
static struct str
budget_key(struct req *r, struct str login)
{
	char  *k;
	size_t i, n = login.n < 64 ? login.n : 64;

	if ((k = arena_alloc(r->arena, n + 12)) == NULL)
		return (struct str){ NULL, 0 };
	memcpy(k, "login:acct:", 11);
	for (i = 0; i < n; i++)
		k[11 + i] = (char)tolower((unsigned char)login.p[i]);
	k[11 + n] = '\0';
	return (struct str){ k, 11 + n };
}

static int64_t
shared_wait(struct req *r, struct str login)
{
	struct str key = budget_key(r, login);
	size_t	   n;
	int64_t	   last, wait;
	/* Wall-clock time: the rows are read by instances on other
	 * machines, whose monotonic clocks mean nothing here. */
	int64_t now_ms = store_limit_now_ms();

	if (key.p == NULL ||
	    store_limit_recent(r->app->store, key,
		now_ms - (int64_t)LOGIN_BUDGET_FORGET_S * 1000,
		STORE_LIMIT_RECENT_MAX, &n, &last) != NG_OK)
		return 0;
	wait = n > 0 ? last + loginbudget_delay_ms((unsigned)n) - now_ms : 0;
	return wait > 0 ? wait : 0;
}

/*
 * The address limits (ip_rules, pair_rules) held in the database as
 * well, under the same keys: each instance's own limiter stops one
 * client at its door, and the rows make the count one across every
 * instance on the database, so a client spreading its guesses over
 * the instances behind a load balancer gets no more than against one.
 * When the database cannot be asked the instance's own count answers.
 */
static int
shared_rules_ok(struct req *r, struct str key,
    const struct ratelimit_rule *rules, size_t nrules, int64_t *retry_ms)
{
	struct store_limit sl[RATELIMIT_RULES_MAX];
	size_t		   i;

	*retry_ms = 0;
	if (nrules > RATELIMIT_RULES_MAX)
		nrules = RATELIMIT_RULES_MAX;
	for (i = 0; i < nrules; i++) {
		sl[i].max = rules[i].max;
		sl[i].window_s = rules[i].window_s;
	}
	return store_limit_check(r->app->store, key, sl, nrules,
		   store_limit_now_ms(), retry_ms) != NG_EFORBIDDEN;
}

/*
 * Whether the address may try login now, by its own limit and by the
 * account and address pair's, in this instance and in the database;
 * else 0 with the longest of the waits in *retry_ms.
 */
static int
addr_allowed(struct req *r, struct str login, int64_t *retry_ms)
{
	struct admin *ad = admin_of(r);
	struct str    ipkey, pairkey;
	int64_t	      now_ms = ratelimit_now_ms(), wait[4] = { 0 };
	int	      ok;
	size_t	      i;

	*retry_ms = 0;
	ipkey = limit_key(r, "ip", STR_LIT(""));
	pairkey = limit_key(r, "pair", login);
	if (ipkey.p == NULL || pairkey.p == NULL) {
		*retry_ms = 1000;
		return 0;
	}
	/* Ask all four, so the wait shown is the longest. */
	ok = ratelimit_check(ad->logins, ipkey, ip_rules, NRULES(ip_rules),
	    now_ms, &wait[0]);
	ok &= ratelimit_check(ad->logins, pairkey, pair_rules,
	    NRULES(pair_rules), now_ms, &wait[1]);
	ok &= shared_rules_ok(r, ipkey, ip_rules, NRULES(ip_rules), &wait[2]);
	ok &= shared_rules_ok(r, pairkey, pair_rules, NRULES(pair_rules),
	    &wait[3]);
	for (i = 0; i < 4; i++)
		if (wait[i] > *retry_ms)
			*retry_ms = wait[i];
	return ok;
}

/* A failure from this address, counted here and in the database. */
static void
addr_failed(struct req *r, struct str login)
{
	struct admin *ad = admin_of(r);
	struct str    key;
	int64_t	      now_ms = ratelimit_now_ms();
	int64_t	      wall_ms = store_limit_now_ms();
	int	      shared_ok = 1;

	if ((key = limit_key(r, "ip", STR_LIT(""))).p != NULL) {
		(void)ratelimit_take(ad->logins, key, ip_rules,
		    NRULES(ip_rules), now_ms, NULL);
		shared_ok &= store_limit_note(r->app->store, key, wall_ms) ==
		    NG_OK;
	}
	if ((key = limit_key(r, "pair", login)).p != NULL) {
		(void)ratelimit_take(ad->logins, key, pair_rules,
		    NRULES(pair_rules), now_ms, NULL);
		shared_ok &= store_limit_note(r->app->store, key, wall_ms) ==
		    NG_OK;
	}
	if (!shared_ok)
		log_warn("admin: cannot count a failed login in the database");
}

/* login got in from this address: its pair count starts again. */
static void
addr_succeeded(struct req *r, struct str login)
{
	struct admin *ad = admin_of(r);
	struct str    key;

	if ((key = limit_key(r, "pair", login)).p == NULL)
		return;
	ratelimit_forget(ad->logins, key);
	if (store_limit_forget(r->app->store, key) != NG_OK)
		log_warn("admin: cannot clear failed logins in the database");
}

enum ng_err
admin_session_start(struct admin_ctx *ctx, const struct user *u)
{
	struct session s;
	char	       tok[AUTH_TOKEN_HEX + 1], hash[AUTH_TOKEN_HEX + 1];
	char	       csrf[AUTH_TOKEN_HEX + 1];
	int64_t	       now = now_unix();
	enum ng_err    err;

	auth_token_new(tok);
	auth_token_hash(str_c(tok), hash);
	auth_token_new(csrf);
	memset(&s, 0, sizeof(s));
	s.token_hash = str_c(hash);
	s.user_id = u->id;
	s.csrf = str_c(csrf);
	s.created_at = s.last_seen = now;
	s.expires_at = now + ADMIN_SESSION_MAX;
	if ((err = store_session_add(ctx->st, &s)) != NG_OK)
		return err;
	admin_set_cookie(ctx->r, ctx->rs, ADMIN_SESSION_COOKIE, tok, "/admin",
	    ADMIN_SESSION_MAX);
	return NG_OK;
}

int64_t
admin_login_wait(struct req *r, struct str login)
{
	struct admin *ad = admin_of(r);
	int64_t	      retry_ms, acct_wait, shared;
	int	      addr_ok;

	if (ad == NULL || ad->logins == NULL)
		return 0;
	addr_ok = addr_allowed(r, login, &retry_ms);
	/* The account's budget, across all addresses (loginbudget.h). */
	acct_wait = loginbudget_wait(ad->budget, login, ratelimit_now_ms());
	if ((shared = shared_wait(r, login)) > acct_wait)
		acct_wait = shared;
	if (acct_wait > retry_ms)
		retry_ms = acct_wait;
	if (addr_ok && acct_wait == 0)
		return 0;
	return retry_ms > 0 ? retry_ms : 1;
}

const char *
admin_login_limited(struct req *r, struct resp *rs, int64_t wait_ms)
{
	char n[32];

	snprintf(n, sizeof(n), "%lld", (long long)(wait_ms / 1000 + 1));
	resp_header_add(r, rs, "Retry-After", arena_strdup(r->arena, n));
	/* Not the login: it may be a password typed there. */
	log_info("admin: login limited from %s", r->ip);
	return arena_printf(r->arena,
	    "Too many failed attempts. Try again "
	    "in %lld seconds.",
	    (long long)(wait_ms / 1000 + 1));
}

void
admin_login_failed(struct req *r, struct str login)
{
	struct admin *ad = admin_of(r);
	struct str    key;

	if (ad == NULL || ad->logins == NULL)
		return;
	addr_failed(r, login);
	loginbudget_fail(ad->budget, login, ratelimit_now_ms());
	if ((key = budget_key(r, login)).p != NULL &&
	    store_limit_note(r->app->store, key, store_limit_now_ms()) != NG_OK)
		log_warn("admin: cannot count a failed login in the database");
}

void
admin_login_succeeded(struct req *r, struct str login)
{
	struct admin *ad = admin_of(r);
	struct str    key;

	if (ad == NULL || ad->logins == NULL)
		return;
	addr_succeeded(r, login);
	loginbudget_ok(ad->budget, login);
	if ((key = budget_key(r, login)).p != NULL &&
	    store_limit_forget(r->app->store, key) != NG_OK)
		log_warn("admin: cannot clear failed logins in the database");
}

enum ng_err
admin_login_post(struct req *r, struct resp *rs)
{
	struct admin_ctx  ctx;
	struct admin	 *ad = admin_of(r);
	struct user	 *u = NULL;
	struct totp_state tf;
	struct str	  login, pw, form_tok, cookie_tok, next;
	struct str	  name;
	char		  hash[AUTH_HASH_MAX];
	int64_t		  wait_ms;
	enum ng_err	  err;
	int		  ok;

	admin_ctx_init(&ctx, r, rs);
	login = admin_field(r, "login");
	pw = req_form(r, "password");
	next = req_form(r, "next");
	if (next.p == NULL)
		next = STR_LIT("");
	form_tok = req_form(r, "csrf");
	cookie_tok = req_cookie(r, ADMIN_LOGIN_COOKIE);
	if (!admin_token_shape(cookie_tok) ||
	    !auth_equal(form_tok, cookie_tok) || !admin_origin_ok(r))
		return login_page(&ctx, 403,
		    "The login form expired. "
		    "Please try again.",
		    login, next);
	if (ad == NULL || ad->logins == NULL)
		return login_page(&ctx, 503,
		    "Logging in is not available "
		    "right now.",
		    login, next);
	if (login.n == 0 || login.n > STORE_LOGIN_MAX || pw.p == NULL ||
	    pw.n == 0 || pw.n > AUTH_PASSWORD_MAX)
		return login_page(&ctx, 403, "Wrong login or password.", login,
		    next);
	if ((wait_ms = admin_login_wait(r, login)) > 0)
		return login_page(&ctx, 429,
		    admin_login_limited(r, rs, wait_ms), login, next);

	err = store_user_by_login(r->arena, ctx.st, login, &u);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	if (u == NULL || u->disabled) {
		auth_password_waste(pw.p, pw.n);
		ok = 0;
	} else
		ok = auth_password_verify(u->pass_hash, pw.p, pw.n);
	if (!ok) {
		admin_login_failed(r, login);
		/* An unknown login may be a password typed there. */
		name = u != NULL ? admin_log_name(login) :
				   STR_LIT("(unknown login)");
		log_info("admin: failed login for %.*s from %s", (int)name.n,
		    name.p, r->ip);
		return login_page(&ctx, 403, "Wrong login or password.", login,
		    next);
	}
	if (auth_password_needs_rehash(u->pass_hash) &&
	    auth_password_hash(pw.p, pw.n, hash) == NG_OK &&
	    store_user_set_password(ctx.st, u->id, str_c(hash)) != NG_OK)
		log_warn("admin: cannot upgrade the hash of user %lld",
		    (long long)u->id);
	admin_set_cookie(r, rs, ADMIN_LOGIN_COOKIE, "", "/admin/login", 0);
	/*
	 * With two-factor login on, the right password only opens the
	 * second step; the failure counts are kept until a code is right,
	 * so knowing the password does not buy more guesses at the code.
	 */
	err = store_totp_get(r->arena, ctx.st, u->id, &tf);
	if (err != NG_OK && err != NG_ENOTFOUND)
		return err;
	if (err == NG_OK && tf.enabled)
		return admin_2fa_challenge(&ctx, u, admin_safe_next(next));
	admin_login_succeeded(r, login);
	if ((err = admin_session_start(&ctx, u)) != NG_OK)
		return err;
	name = admin_log_name(login);
	log_info("admin: %.*s logged in from %s", (int)name.n, name.p, r->ip);
	admin_redirect(&ctx, admin_safe_next(next));
	return NG_OK;
}

enum ng_err
admin_logout(struct req *r, struct resp *rs)
{
	struct admin_ctx ctx;
	enum ng_err	 err;

	if (!admin_enter(r, rs, CAP_ENTER, &ctx))
		return NG_OK;
	if ((err = store_session_delete(ctx.st, ctx.sess->token_hash)) != NG_OK)
		return err;
	admin_set_cookie(r, rs, ADMIN_SESSION_COOKIE, "", "/admin", 0);
	admin_redirect(&ctx, "/admin/login?msg=bye");
	return NG_OK;
}

/*
 * A password reset asked for (key names the address asked for): the
 * login limits' rules per client address and per client address and
 * key, each ask counted whether or not a user has the address, so
 * asking is no faster a way to guess than logging in.
 */
int
admin_reset_take(struct req *r, struct str key, int64_t *retry_s)
{
	struct admin *ad = admin_of(r);
	int64_t	      retry_ms;

	*retry_s = 0;
	if (ad == NULL || ad->logins == NULL)
		return 0;
	if (!addr_allowed(r, key, &retry_ms)) {
		*retry_s = retry_ms / 1000 + 1;
		return 0;
	}
	addr_failed(r, key);
	return 1;
}

/*
 * The login limits for other ways in (application passwords):
 * the same rules and keys as the login form, so a guesser gains nothing
 * by switching doors.
 */
int
admin_login_allowed(struct req *r, struct str login, int64_t *retry_s)
{
	struct admin *ad = admin_of(r);
	int64_t	      retry_ms;

	*retry_s = 0;
	if (ad == NULL || ad->logins == NULL)
		return 0;
	if (addr_allowed(r, login, &retry_ms))
		return 1;
	*retry_s = retry_ms / 1000 + 1;
	return 0;
}

void
admin_login_note(struct req *r, struct str login, int ok)
{
	struct admin *ad = admin_of(r);

	if (ad == NULL || ad->logins == NULL)
		return;
	if (ok) {
		addr_succeeded(r, login);
		return;
	}
	addr_failed(r, login);
	/* Not the login: it may be a password typed in its place. */
	log_info("admin: failed login from %s", r->ip);
}
