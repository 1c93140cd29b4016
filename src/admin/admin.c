/*
 * admin.c -- the newsroom's long-lived state and the creation of users
 * (shared by the command line and `serve --demo`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/admin.h"
#include "admin/admin_int.h"
#include "admin/auth.h"
#include "admin/loginbudget.h"
#include "content/slug.h"
#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "http/ratelimit.h"
#include "http/req.h"
#include "jobs/import_job.h"
#include "jobs/sched.h"
#include "jobs/warm.h"
#include "store/store.h"

/* Client addresses and account+address pairs the login limiter keeps. */
#define LOGIN_LIMIT_KEYS 4096

/*
 * The scheduler published article id: its webhook event, as if a
 * request had published it.  The event's data is the article as the
 * API shows it to anyone, built for a request; this one has no
 * connection, so its links use the configured base_url (or the listen
 * address), as any request with an unknown Host header does.
 */
static void
scheduled_live(void *arg, int64_t id)
{
	const struct admin *ad = arg;
	const struct app   *app = ad->app;
	struct req	    r;

	if (app->event == NULL)
		return;
	memset(&r, 0, sizeof(r));
	if ((r.arena = arena_new(64 << 10)) == NULL)
		return;
	r.app = app;
	r.method = HTTP_GET;
	r.method_name = STR_LIT("GET");
	r.path = STR_LIT("/");
	r.query = STR_LIT("");
	app->event(&r, "post", id, ARTICLE_SCHEDULED, ARTICLE_PUBLISHED);
	arena_free(r.arena);
}

enum ng_err
admin_start(const struct app *app, struct admin **out, char *errbuf,
    size_t errsz)
{
	struct admin *ad;
	enum ng_err   err;

	*out = NULL;
	if (auth_init() != NG_OK) {
		snprintf(errbuf, errsz, "cannot initialise libsodium");
		return NG_EIO;
	}
	ad = xcalloc(1, sizeof(*ad));
	ad->app = app;
	ad->logins = ratelimit_new(LOGIN_LIMIT_KEYS);
	ad->budget = loginbudget_new(LOGIN_LIMIT_KEYS);
	if ((err = sched_start(app->store, ADMIN_SESSION_IDLE, scheduled_live,
		 ad, &ad->sched, errbuf, errsz)) != NG_OK) {
		ratelimit_free(ad->logins);
		loginbudget_free(ad->budget);
		free(ad);
		return err;
	}
	/* Imported images' variants, made in the background. */
	if ((err = warm_start(app->store, app->cfg->data_dir,
		 app->cfg->media_warm, &ad->warm, errbuf, errsz)) != NG_OK) {
		sched_stop(ad->sched);
		ratelimit_free(ad->logins);
		loginbudget_free(ad->budget);
		free(ad);
		return err;
	}
	ad->imports = import_job_new(app->store, app->cfg->data_dir,
	    app->segment_taken);
	*out = ad;
	return NG_OK;
}

void
admin_stop(struct admin *ad)
{
	if (ad == NULL)
		return;
	/* A running import is stopped and rolls back. */
	import_job_free(ad->imports);
	warm_stop(ad->warm);
	sched_stop(ad->sched);
	ratelimit_free(ad->logins);
	loginbudget_free(ad->budget);
	free(ad);
}

void
admin_wake(struct admin *ad)
{
	if (ad != NULL)
		sched_wake(ad->sched);
}

/*
 * A byline for a new user: an author whose slug is made from the login,
 * with "-2", "-3" ... when that slug is taken (an imported or demo
 * author is never silently taken over).
 */
static enum ng_err
make_author(struct arena *a, struct store *st, struct str login,
    struct str name, int64_t *id)
{
	struct author au;
	struct str    base;
	enum ng_err   err;
	int	      i;

	*id = 0;
	if ((err = slug_make(a, login, &base)) != NG_OK)
		base = STR_LIT("user");
	memset(&au, 0, sizeof(au));
	au.name = name;
	for (i = 1; i <= 50; i++) {
		au.slug = i == 1 ?
		    base :
		    str_c(arena_printf(a, "%.*s-%d", (int)base.n, base.p, i));
		if (au.slug.p == NULL)
			return NG_ENOMEM;
		err = store_author_add(st, &au, id);
		if (err != NG_ECONFLICT)
			return err;
	}
	return NG_ECONFLICT;
}

enum ng_err
admin_user_create(struct arena *a, struct store *st, struct str login,
    struct str name, enum user_role role, struct str password, int64_t *id)
{
	struct user  u;
	struct user *old = NULL;
	char	     hash[AUTH_HASH_MAX];
	enum ng_err  err;

	*id = 0;
	if ((err = admin_login_check(login)) != NG_OK)
		return err;
	if (name.n == 0)
		name = login;
	if ((err = store_user_by_login(a, st, login, &old)) == NG_OK)
		return NG_ECONFLICT;
	if (err != NG_ENOTFOUND)
		return err;
	if ((err = auth_password_hash(password.p, password.n, hash)) != NG_OK)
		return err;
	memset(&u, 0, sizeof(u));
	u.login = login;
	u.name = name;
	u.role = role;
	u.pass_hash = str_c(hash);
	if ((err = make_author(a, st, login, name, &u.author_id)) != NG_OK)
		return err;
	return store_user_add(st, &u, id);
}

struct str
admin_log_name(struct str login)
{
	if (admin_login_check(login) != NG_OK ||
	    memchr(login.p, '@', login.n) != NULL)
		return STR_LIT("(login withheld)");
	return login;
}

enum ng_err
admin_login_check(struct str login)
{
	size_t i;
	char   c;

	if (login.n == 0 || login.n > STORE_LOGIN_MAX)
		return NG_EINVAL;
	for (i = 0; i < login.n; i++) {
		c = login.p[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			(c >= '0' && c <= '9') || c == '.' || c == '_' ||
			c == '-' || c == '@'))
			return NG_EINVAL;
	}
	return NG_OK;
}

enum ng_err
admin_demo_login(struct store *st, FILE *f)
{
	struct arena *a;
	char	      pw[AUTH_GENERATED_LEN + 1];
	size_t	      n = 0;
	int64_t	      id;
	enum ng_err   err;

	if ((err = auth_init()) != NG_OK)
		return err;
	if ((err = store_user_count(st, &n)) != NG_OK || n > 0)
		return err;
	a = arena_new(64 * 1024);
	auth_password_generate(pw);
	err = admin_user_create(a, st, STR_LIT("admin"),
	    STR_LIT("Site Administrator"), ROLE_ADMINISTRATOR, str_c(pw), &id);
	/* Printed on a console: whoever reads the log knows it. */
	if (err == NG_OK)
		err = store_user_require_new_password(st, id);
	if (err == NG_OK) {
		fprintf(f,
		    "demo: newsroom login at /admin/login -- user "
		    "\"admin\", one-time password \"%s\" (shown only now; "
		    "the first login asks for a password of your own)\n",
		    pw);
		fflush(f);
	}
	arena_free(a);
	return err;
}
