/*
 * app.c -- start and stop of the server (app.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "api/api.h"
#include "app.h"
#include "core/config.h"
#include "core/log.h"
#include "demo/demo.h"
#include "http/server.h"
#include "jobs/mail.h"
#include "jobs/webhook.h"
#include "media/backfill.h"
#include "outbound/post.h"
#include "render/theme.h"
#include "routes.h"
#include "site/site.h"
#include "store/store.h"

/*
 * Create dir (and its parents) if needed and check that we can write in
 * it by creating and removing a probe file: access(2) says yes to root
 * even on a read-only file system.
 */
static enum ng_err
prepare_data_dir(const char *dir, char *errbuf, size_t errsz)
{
	char  path[PATH_MAX];
	char *p;
	FILE *f;

	if (strlen(dir) == 0 || strlen(dir) >= sizeof(path) - 32) {
		snprintf(errbuf, errsz,
		    "data directory name is empty or too long");
		return NG_EINVAL;
	}
	snprintf(path, sizeof(path), "%s", dir);
	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) == -1 && errno != EEXIST) {
			snprintf(errbuf, errsz,
			    "cannot create data directory %s: %s", path,
			    strerror(errno));
			return NG_EIO;
		}
		*p = '/';
	}
	if (mkdir(path, 0750) == -1 && errno != EEXIST) {
		snprintf(errbuf, errsz, "cannot create data directory %s: %s",
		    dir, strerror(errno));
		return NG_EIO;
	}
	snprintf(path, sizeof(path), "%s/.write-test", dir);
	if ((f = fopen(path, "w")) == NULL) {
		snprintf(errbuf, errsz, "data directory %s is not writable: %s",
		    dir, strerror(errno));
		return NG_EIO;
	}
	fclose(f);
	unlink(path);
	return NG_OK;
}

enum ng_err
app_open_store(const struct ng_config *cfg, struct store **st, char *errbuf,
    size_t errsz)
{
	char	    path[PATH_MAX];
	enum ng_err err;

	*st = NULL;
	if ((err = prepare_data_dir(cfg->data_dir, errbuf, errsz)) != NG_OK)
		return err;
	snprintf(path, sizeof(path), "%s/nutgraf.db", cfg->data_dir);
	if (cfg->database != NULL && *cfg->database != '\0')
		snprintf(path, sizeof(path), "%s", cfg->database);
	return store_open(path, cfg->db_conns, st, errbuf, errsz);
}

/* Load demo content if the store is empty. */
static enum ng_err
load_demo(struct store *st, const char *data_dir, char *errbuf, size_t errsz)
{
	char err[512];
	int  empty = 0;

	if (store_is_empty(st, &empty) != NG_OK) {
		snprintf(errbuf, errsz, "cannot inspect the database");
		return NG_EDB;
	}
	if (!empty) {
		log_info("demo: data directory already has content; "
			 "keeping it");
		return NG_OK;
	}
	if (demo_load(st, data_dir, err, sizeof(err)) != NG_OK) {
		snprintf(errbuf, errsz, "demo: %s", err);
		return NG_EDB;
	}
	log_info("demo: loaded the demo site");
	if (admin_demo_login(st, stdout) != NG_OK) {
		snprintf(errbuf, errsz,
		    "demo: cannot create the newsroom login");
		return NG_EDB;
	}
	return NG_OK;
}

/* libcurl and the webhook sender thread. */
static enum ng_err
start_webhooks(struct app *app, char *errbuf, size_t errsz)
{
	struct webhook_opts o;
	enum ng_err	    rc;

	if (outbound_init() != NG_OK) {
		snprintf(errbuf, errsz, "cannot initialise libcurl");
		return NG_EIO;
	}
	app->outbound_ready = 1;
	o.allow = app->cfg->webhook_allow;
	o.retry_base = app->cfg->webhook_retry_base;
	o.attempts = app->cfg->webhook_attempts;
	o.timeout = app->cfg->webhook_timeout;
	rc = webhooks_start(app->store, &o, &app->webhooks, errbuf, errsz);
	return rc;
}

/* The mail sender thread, when smtp_host is set (after libcurl). */
static enum ng_err
start_mailer(struct app *app, char *errbuf, size_t errsz)
{
	const struct ng_config *c = app->cfg;
	struct mailer_opts	o;

	memset(&o, 0, sizeof(o));
	o.host = c->smtp_host;
	o.port = c->smtp_port;
	o.tls = c->smtp_tls;
	o.user = c->smtp_user;
	o.password = c->smtp_password;
	o.from = c->mail_from;
	o.retry_base = c->mail_retry_base;
	o.attempts = c->mail_attempts;
	o.timeout = 30;
	if (mailer_start(app->store, &o, &app->mailer, errbuf, errsz) != NG_OK)
		return NG_EINVAL;
	if (app->mailer != NULL)
		log_info("mail: sending through %s as %s", c->smtp_host,
		    c->mail_from);
	return NG_OK;
}

/* A write's event: its webhooks, then the mail it calls for. */
static void
app_event(struct req *r, const char *kind, int64_t id, int from, int to)
{
	api_event(r, kind, id, from, to);
	admin_mail_event(r, kind, id, from, to);
}

enum ng_err
app_start(struct app *app, const struct ng_config *cfg, int demo,
    struct server **srv, char *errbuf, size_t errsz)
{
	char	    err[512];
	enum ng_err rc;

	memset(app, 0, sizeof(*app));
	*srv = NULL;
	app->cfg = cfg;
	app->segment_taken = routes_segment_taken;
	app->event = app_event;
	if ((rc = theme_load(cfg->theme_dir, &app->theme, err, sizeof(err))) !=
	    NG_OK) {
		snprintf(errbuf, errsz, "theme: %s", err);
		goto fail;
	}
	if ((rc = app_open_store(cfg, &app->store, errbuf, errsz)) != NG_OK)
		goto fail;
	if (demo &&
	    (rc = load_demo(app->store, cfg->data_dir, errbuf, errsz)) != NG_OK)
		goto fail;
	/* Uploads from before media were kept in PostgreSQL, once. */
	media_backfill_once(app->store, cfg->data_dir);
	/*
	 * The webhook sender first: the scheduler publishes what fell due
	 * while the server was down as soon as it starts, and those
	 * articles' events need the sender.
	 */
	if ((rc = start_webhooks(app, errbuf, errsz)) != NG_OK)
		goto fail;
	if ((rc = start_mailer(app, errbuf, errsz)) != NG_OK)
		goto fail;
	/* Login limits and the scheduler thread. */
	if ((rc = admin_start(app, &app->admin, errbuf, errsz)) != NG_OK)
		goto fail;
	/* Reads for "Most read": counted from the first page served. */
	if ((rc = site_mostread_start(app)) != NG_OK) {
		snprintf(errbuf, errsz, "most read: cannot start its thread");
		goto fail;
	}
	if ((rc = server_start(app, &routes_hooks, srv, errbuf, errsz)) !=
	    NG_OK)
		goto fail;
	return NG_OK;
fail:
	app_stop(app, NULL);
	return rc;
}

void
app_stop(struct app *app, struct server *srv)
{
	if (srv != NULL)
		server_stop(srv);
	/* After the server: no read is counted any more; saves the rest. */
	site_mostread_stop(app);
	/* The scheduler writes to the store: stop it first. */
	admin_stop(app->admin);
	app->admin = NULL;
	webhooks_stop(app->webhooks);
	app->webhooks = NULL;
	mailer_stop(app->mailer);
	app->mailer = NULL;
	if (app->outbound_ready)
		outbound_cleanup();
	app->outbound_ready = 0;
	if (app->store != NULL)
		store_close(app->store);
	app->store = NULL;
	if (app->theme != NULL)
		theme_free(app->theme);
	app->theme = NULL;
}
