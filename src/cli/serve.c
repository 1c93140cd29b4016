/*
 * serve.c -- `nutgraf serve`: run the server until SIGTERM or SIGINT;
 * SIGHUP reads the config and the theme again.
 */
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"
#include "core/notify.h"
#include "core/xalloc.h"
#include "http/server.h"
#include "ng_version.h"
#include "render/theme.h"
#include "store/store.h"

#define ERRSZ 512

/* One reload's config, theme and app, kept until the server stops:
 * requests that began before the next reload still read them. */
struct generation {
	struct generation *older;
	struct ng_config   cfg;
	struct app	   app;
};

/* Say which settings a reload cannot apply to the running server. */
static void
note_restart_keys(const struct ng_config *a, const struct ng_config *b)
{
	static const struct {
		const char *key;
		size_t	    off;
		int	    str;
		size_t	    size;
	} keys[] = {
#define NUM(k, f)                              \
	{ k, offsetof(struct ng_config, f), 0, \
		sizeof(((struct ng_config *)0)->f) }
#define STR(k, f)                                      \
	{                                              \
		k, offsetof(struct ng_config, f), 1, 0 \
	}
		STR("listen", listen_host),
		NUM("listen", listen_port),
		STR("data", data_dir),
		NUM("threads", threads),
		NUM("db_connections", db_conns),
		NUM("header_max", header_max),
		NUM("connections_per_ip", conns_per_ip),
		NUM("connections_max", conns_max),
		NUM("idle_timeout", idle_timeout),
		NUM("request_deadline", request_deadline),
		NUM("send_deadline", send_deadline),
		NUM("cache_max_bytes", cache_max_bytes),
		STR("tls_redirect", tls_redirect),
#undef NUM
#undef STR
	};
	const char *pa, *pb;
	size_t	    i;
	int	    differ;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		pa = (const char *)a + keys[i].off;
		pb = (const char *)b + keys[i].off;
		differ = keys[i].str ?
		    strcmp(*(char *const *)(const void *)pa,
			*(char *const *)(const void *)pb) != 0 :
		    memcmp(pa, pb, keys[i].size) != 0;
		if (differ)
			log_warn("reload: %s changed; it takes effect at the "
				 "next restart",
			    keys[i].key);
	}
	if ((*a->tls_cert != '\0') != (*b->tls_cert != '\0'))
		log_warn("reload: tls_cert turns TLS %s at the next restart",
		    *b->tls_cert != '\0' ? "on" : "off");
}

/*
 * SIGHUP: read the config file and the theme again and hand them to
 * the server for the requests that start from now on.  Anything wrong
 * leaves the running configuration in place.
 */
static void
reload(const struct cli *c, struct server *srv, const struct app *cur,
    struct generation **gens)
{
	struct generation *g = xcalloc(1, sizeof(*g));
	struct theme	  *theme = NULL;
	char		   err[ERRSZ];

	notify_send("RELOADING=1");
	log_info("received SIGHUP: reading the config and the theme again");
	if (cli_load_config(c, &g->cfg) != 0) {
		log_err("reload: the config has an error (above); still "
			"running with the old one");
		goto fail;
	}
	if (theme_load(g->cfg.theme_dir, &theme, err, sizeof(err)) != NG_OK) {
		log_err("reload: theme: %s; still running with the old one",
		    err);
		goto fail;
	}
	g->app = *cur;
	g->app.cfg = &g->cfg;
	g->app.theme = theme;
	if (server_reload(srv, &g->app, err, sizeof(err)) != NG_OK) {
		log_err("reload: %s; still running with the old config", err);
		goto fail;
	}
	note_restart_keys(cur->cfg, &g->cfg);
	/* Pages rendered with the old theme or settings go. */
	store_touch(cur->store);
	g->older = *gens;
	*gens = g;
	log_info("reloaded");
	notify_send("READY=1\nSTATUS=serving (reloaded)");
	return;
fail:
	if (theme != NULL)
		theme_free(theme);
	config_free(&g->cfg);
	free(g);
	/* cli_load_config() set these from the file it read. */
	log_set_level((enum log_level)cur->cfg->log_level);
	log_set_format((enum log_format)cur->cfg->log_format);
	notify_send("READY=1\nSTATUS=serving (reload refused)");
}

/* Whether host is this machine alone (127.0.0.0/8, ::1, localhost). */
static int
loopback(const char *host)
{
	return strncmp(host, "127.", 4) == 0 || strcmp(host, "::1") == 0 ||
	    strcmp(host, "[::1]") == 0 || strcmp(host, "localhost") == 0;
}

static int
run_serve(struct cli *c)
{
	struct app	   app;
	struct server	  *srv = NULL;
	struct generation *gens = NULL, *g;
	const struct app  *cur = &app;
	sigset_t	   sigs;
	char		   err[ERRSZ];
	int		   sig;

	if (cli_config(c) != 0)
		return 1;

	/*
	 * Block the stop signals before any thread exists so that every
	 * thread inherits the mask and only sigwait() below sees them.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (app_start(&app, &c->cfg, cli_get(c, "demo") != NULL, &srv, err,
		sizeof(err)) != NG_OK)
		return cli_fail(c, "%s", err);
	log_info("nutgraf %s serving %s on %s://%s:%u/", NG_VERSION,
	    c->cfg.data_dir, *c->cfg.tls_cert != '\0' ? "https" : "http",
	    c->cfg.listen_host, server_port(srv));

	if (*c->cfg.base_url == '\0' && !loopback(c->cfg.listen_host))
		log_warn("base_url is not set and the server listens on %s: "
			 "canonical links, feeds and sitemaps will name the "
			 "address it listens on unless the Host header is "
			 "that address; set base_url to the site's public URL "
			 "(https://news.example/)",
		    c->cfg.listen_host);

	/* The store is open and the port bound: systemd may go on. */
	notify_send("READY=1\nSTATUS=serving");

	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			sig = SIGTERM;
		if (sig != SIGHUP)
			break;
		reload(c, srv, cur, &gens);
		if (gens != NULL)
			cur = &gens->app;
	}
	notify_send("STOPPING=1");
	log_info("received %s: finishing requests in flight",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	server_stop(srv);
	while ((g = gens) != NULL) {
		gens = g->older;
		theme_free(g->app.theme);
		config_free(&g->cfg);
		free(g);
	}
	app_stop(&app, NULL);
	log_info("stopped cleanly");
	return 0;
}

static const struct cli_opt serve_opts[] = {
	{ "listen", "ADDR:PORT",
	    "the address to listen on (default "
	    "127.0.0.1:8080; environment NUTGRAF_LISTEN)",
	    0 },
	{ "demo", NULL,
	    "load the demo site into an empty data directory (an "
	    "existing site is left as it is)",
	    0 },
	{ "theme", "DIR", "use the theme in DIR instead of the built-in one",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

const struct cli_cmd cli_cmd_serve = {
	.name = "serve",
	.summary = "serve the site over HTTP",
	.opts = serve_opts,
	.about =
	    "Serve the site over HTTP (HTTPS with tls_cert and tls_key "
	    "in the config), creating the data directory if it is missing.  "
	    "SIGTERM or SIGINT stops the server after the requests in flight "
	    "finish; SIGHUP reads the config file and the theme again.",
	.run = run_serve,
};
