/*
 * urls.c -- the site's own addresses (urls.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/req.h"
#include "reader/urls.h"
#include "store/store.h"

#define HOST_MAX 255

/*
 * Does the Host header name the address we listen on?  Only then may it
 * stand in for a configured base_url: any other value is the client's
 * say-so, and since public pages are cached by path and query, a
 * spoofed Host would be served to every later reader.  A Host
 * that equals the listen address can take one value only (or, with an
 * ephemeral port 0 in the config, only the port the socket got, as
 * nothing else reaches it), so the cached bytes are the same whoever
 * asked.
 */
static int
host_matches(const struct ng_config *cfg, struct str host)
{
	struct str    name;
	size_t	      i, colon = host.n;
	unsigned long port = 80;

	if (host.n == 0 || host.n > HOST_MAX || cfg->listen_host == NULL)
		return 0;
	if (host.p[0] == '[') {
		for (i = 1; i < host.n && host.p[i] != ']'; i++)
			continue;
		if (i == host.n)
			return 0;
		name = (struct str){ host.p + 1, i - 1 };
		colon = i + 1 < host.n ? i + 1 : host.n;
		if (colon < host.n && host.p[colon] != ':')
			return 0;
	} else {
		for (i = 0; i < host.n; i++)
			if (host.p[i] == ':') {
				colon = i;
				break;
			}
		name = (struct str){ host.p, colon };
	}
	for (i = 0; i < name.n; i++) {
		char ch = name.p[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			(ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
			ch == ':'))
			return 0;
	}
	if (colon < host.n) {
		if (colon + 1 == host.n || host.n - colon - 1 > 5)
			return 0;
		port = 0;
		for (i = colon + 1; i < host.n; i++) {
			if (host.p[i] < '0' || host.p[i] > '9')
				return 0;
			port = port * 10 + (unsigned long)(host.p[i] - '0');
		}
		if (port == 0 || port > 65535)
			return 0;
	}
	if (name.n != strlen(cfg->listen_host) ||
	    strncasecmp(name.p, cfg->listen_host, name.n) != 0)
		return 0;
	return cfg->listen_port == 0 || port == cfg->listen_port;
}

const char *
site_origin(struct req *r)
{
	const struct ng_config *cfg = r->app != NULL ? r->app->cfg : NULL;
	const char	       *base, *h;
	struct str		host;
	size_t			n;

	if (cfg == NULL)
		return "http://localhost";
	/* The configured public URL is the only sure answer: prefer it. */
	base = cfg->base_url;
	if (base != NULL && *base != '\0') {
		n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			n--;
		return arena_printf(r->arena, "%.*s", (int)n, base);
	}
	host = req_header(r, "Host");
	if (host_matches(cfg, host))
		return arena_printf(r->arena, "http://%.*s", (int)host.n,
		    host.p);
	h = cfg->listen_host != NULL ? cfg->listen_host : "localhost";
	return arena_printf(r->arena,
	    strchr(h, ':') != NULL ? "http://[%s]:%u" : "http://%s:%u", h,
	    cfg->listen_port);
}

const char *
site_abs(struct req *r, const char *path)
{
	const char *o;

	if (path == NULL || (o = site_origin(r)) == NULL)
		return NULL;
	return arena_printf(r->arena, "%s%s", o, path);
}

const char *
site_media_url(struct req *r, struct str path)
{
	if ((path.n > 7 && strncasecmp(path.p, "http://", 7) == 0) ||
	    (path.n > 8 && strncasecmp(path.p, "https://", 8) == 0))
		return arena_strndup(r->arena, path.p, path.n);
	while (path.n > 0 && path.p[0] == '/') {
		path.p++;
		path.n--;
	}
	return arena_printf(r->arena, "%s/media/%.*s", site_origin(r),
	    (int)path.n, path.p);
}

const char *
site_abs_url(struct req *r, const char *path)
{
	const char *base;
	size_t	    n;

	if (path == NULL)
		return NULL;
	base = r->app->cfg != NULL ? r->app->cfg->base_url : NULL;
	if (base == NULL || *base == '\0')
		return path;
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	return arena_printf(r->arena, "%.*s%s", (int)n, base, path);
}

const struct permalink *
site_permalink(struct req *r)
{
	/*
	 * Pages name dozens of articles, so the setting is read once per
	 * thread and store change, not once per link.  Another process's
	 * write (nutgraf settings ...) changes the generation as well.
	 */
	static _Thread_local struct {
		const struct store *st;
		uint64_t	    gen;
		struct permalink    pl;
	} memo;
	uint64_t gen;

	gen = store_generation(r->app->store);
	if (memo.st != r->app->store || memo.gen != gen || memo.pl.nsegs == 0) {
		permalink_load(r->arena, r->app->store, &memo.pl);
		memo.st = r->app->store;
		memo.gen = gen;
	}
	return &memo.pl;
}

char *
site_article_path(struct req *r, struct arena *a, int64_t id, struct str slug,
    int64_t published_at, enum permalink_view view)
{
	return permalink_path(a, site_permalink(r), id, slug, published_at,
	    view);
}

char *
site_art_path(struct req *r, const struct article *art,
    enum permalink_view view)
{
	return site_article_path(r, r->arena, art->id, art->slug,
	    art->published_at, view);
}

enum ng_err
site_article_hit(struct req *r, const struct permalink_hit *hit,
    struct article **out)
{
	int64_t	    id = hit->id;
	enum ng_err err;

	*out = NULL;
	if (id == 0) {
		err = store_article_by_slug(r->arena, r->app->store, hit->slug,
		    out);
		/*
		 * A slug the article had before a rename: found here,
		 * and the public page answers 301 since the slugs differ.
		 */
		if (err != NG_ENOTFOUND ||
		    store_old_slug_lookup(r->app->store, hit->slug, &id) !=
			NG_OK)
			return err;
	}
	if ((err = store_article_by_id(r->arena, r->app->store, id, out)) !=
	    NG_OK)
		return err;
	if ((*out)->status != ARTICLE_PUBLISHED ||
	    (*out)->published_at > (int64_t)time(NULL)) {
		*out = NULL;
		return NG_ENOTFOUND;
	}
	return NG_OK;
}

enum ng_err
site_article_at(struct req *r, struct str path, struct article **out)
{
	struct permalink_hit hit;

	*out = NULL;
	if (permalink_match(site_permalink(r), path, &hit) != NG_OK &&
	    permalink_guess(path, &hit) != NG_OK)
		return NG_ENOTFOUND;
	return site_article_hit(r, &hit, out);
}
