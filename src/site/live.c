/*
 * live.c -- live coverage as readers see it: on a live article's page
 * the key points (its pinned updates), then every update newest first,
 * each with its own anchor and share link; the "Live" label on every
 * list that shows a live article; the updates in the text view; and
 * /live/ID/updates, which the page's small script (js/live.js, the
 * only script of a reader's page, allowed by that page's policy alone)
 * asks every live_poll seconds how many updates came since the page
 * was made.  Without the script the page is whole: the next load shows
 * what came in, since an update drops the article's cached pages.
 *
 * Ended coverage keeps its updates on the page as the story's
 * timeline, without the label or the script: a normal article again.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/json.h"
#include "http/req.h"
#include "http/resp.h"
#include "reader/shortcodes.h"
#include "render/theme.h"
#include "render/tv.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

/*
 * The public policy (http/resp.c) with the one script and its asks,
 * both from this site only: sent by live pages alone.
 */
#define LIVE_CSP                                                       \
	"default-src 'none'; style-src 'self'; img-src 'self' data:; " \
	"media-src 'self'; font-src 'self'; form-action 'self'; "      \
	"base-uri 'none'; frame-ancestors 'none'; frame-src 'self'; "  \
	"script-src 'self'; connect-src 'self'"

/*
 * A live page and its poll answer: revalidated on every load, so a
 * browser or a CDN never shows an update late (the ETag makes the
 * revalidation cheap); the process still keeps them until an update.
 */
#define LIVE_CACHE "public, max-age=0, must-revalidate"

/* Longest key point shown, bytes of the update's text. */
#define KEY_POINT_MAX 280

int
view_live(struct view *v, int64_t id)
{
	size_t i;

	if (!v->live_read) {
		v->live_read = 1;
		if (store_live_now(v->a, v->r->app->store, &v->live_ids,
			&v->nlive) != NG_OK) {
			v->live_ids = NULL;
			v->nlive = 0;
		}
	}
	for (i = 0; i < v->nlive; i++)
		if (v->live_ids[i] == id)
			return 1;
	return 0;
}

/* s cut to at most max bytes at a word, with an ellipsis when cut. */
static struct str
shorten(struct arena *a, struct str s, size_t max)
{
	size_t n = max;

	while (s.n > 0 && (s.p[s.n - 1] == '\n' || s.p[s.n - 1] == ' '))
		s.n--;
	if (s.n <= max)
		return s;
	while (n > 0 && s.p[n] != ' ')
		n--;
	if (n == 0) /* one long word: cut at a character's start */
		for (n = max; n > 0 && ((unsigned char)s.p[n] & 0xc0) == 0x80;
		     n--)
			;
	return str_c(arena_printf(a, "%.*s\xe2\x80\xa6", (int)n, s.p));
}

/* The first line of an update's text: its headline in JSON-LD. */
struct str
site_live_headline(struct arena *a, struct str text)
{
	const char *nl = memchr(text.p, '\n', text.n);

	if (nl != NULL)
		text.n = (size_t)(nl - text.p);
	return shorten(a, text, 110);
}

/* Set "date", "time" and "date_iso" of m from t. */
static void
when(struct req *r, struct tv *m, int64_t t)
{
	struct site_date d;

	if (!site_date_fmt(r, t, &d))
		return;
	tv_set_cstr(r->arena, m, "date", arena_strdup(r->arena, d.human));
	tv_set_cstr(r->arena, m, "time", arena_strdup(r->arena, d.time));
	tv_set_cstr(r->arena, m, "date_iso", arena_strdup(r->arena, d.iso));
}

/* One update as the page shows it. */
static enum ng_err
update_view(struct view *v, const struct article *a, const char *page_url,
    const struct live_update *u, struct tv **out)
{
	struct article	 tmp;
	struct tv	*m;
	enum ng_err	 err;
	struct safe_html html;

	/* Its shortcode markers (embeds, sliders) as the body's are. */
	memset(&tmp, 0, sizeof(tmp));
	tmp.id = a->id;
	tmp.section = a->section;
	tmp.body_html = u->body_html;
	if ((err = site_shortcodes_html(v->r, &tmp, SITE_SC_PAGE, &html)) !=
	    NG_OK)
		return err;
	m = tv_map(v->a);
	tv_set_int(v->a, m, "id", u->id);
	tv_set_cstr(v->a, m, "anchor",
	    arena_printf(v->a, "update-%lld", (long long)u->id));
	tv_set_cstr(v->a, m, "share_url",
	    arena_printf(v->a, "%s#update-%lld", page_url, (long long)u->id));
	tv_set_bool(v->a, m, "pinned", u->pinned);
	tv_set_html(v->a, m, "html", html);
	when(v->r, m, u->created_at);
	*out = m;
	return NG_OK;
}

enum ng_err
site_live_article(struct view *v, const struct article *a)
{
	struct live_coverage *cov;
	struct live_update   *u;
	struct tv	     *m, *list, *keys, *x;
	const char	     *page_url, *js;
	size_t		      i, n, nkeys = 0;
	enum ng_err	      err;

	if ((cov = arena_calloc(v->a, 1, sizeof(*cov))) == NULL)
		return NG_ENOMEM;
	err = store_live_get(v->r->app->store, a->id, cov);
	if (err == NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	if ((err = store_live_updates(v->a, v->r->app->store, a->id, 0,
		 STORE_LIVE_UPDATES_MAX, &u, &n)) != NG_OK)
		return err;
	v->live = cov;
	v->live_updates = u;
	v->nlive_updates = n;
	page_url = site_abs(v->r,
	    site_article_path(v->r, v->a, a->id, a->slug, a->published_at,
		PV_PAGE));
	if (page_url == NULL)
		return NG_ENOMEM;

	m = tv_map(v->a);
	tv_set_bool(v->a, m, "on", cov->ended_at == 0);
	tv_set_bool(v->a, m, "ended", cov->ended_at != 0);
	x = tv_map(v->a);
	when(v->r, x, cov->started_at);
	tv_set(v->a, m, "started", x);
	if (cov->ended_at != 0) {
		x = tv_map(v->a);
		when(v->r, x, cov->ended_at);
		tv_set(v->a, m, "ended_at", x);
	}
	list = tv_list(v->a);
	keys = tv_list(v->a);
	for (i = 0; i < n; i++) {
		if ((err = update_view(v, a, page_url, &u[i], &x)) != NG_OK)
			return err;
		tv_push(v->a, list, x);
		if (!u[i].pinned)
			continue;
		x = tv_map(v->a);
		tv_set_str(v->a, x, "text",
		    shorten(v->a, u[i].body_text, KEY_POINT_MAX));
		tv_set_cstr(v->a, x, "anchor",
		    arena_printf(v->a, "update-%lld", (long long)u[i].id));
		tv_push(v->a, keys, x);
		nkeys++;
	}
	tv_set(v->a, m, "updates", list);
	tv_set_bool(v->a, m, "has_updates", n > 0);
	tv_set_int(v->a, m, "count", (int64_t)n);
	tv_set(v->a, m, "key_points", keys);
	tv_set_bool(v->a, m, "has_key_points", nkeys > 0);
	if (cov->ended_at == 0) {
		js = v->r->app->theme != NULL ?
		    theme_asset_url(v->r->app->theme, "js/live.js") :
		    NULL;
		tv_set_cstr(v->a, m, "script_url", js);
		tv_set_cstr(v->a, m, "poll_url",
		    arena_printf(v->a, "/live/%lld/updates", (long long)a->id));
		tv_set_int(v->a, m, "latest", n > 0 ? u[0].id : 0);
		tv_set_int(v->a, m, "interval",
		    v->r->app->cfg != NULL && v->r->app->cfg->live_poll > 0 ?
			v->r->app->cfg->live_poll :
			30);
	}
	/* "coverage": inside {{#article}}, "live" is the card's label. */
	tv_set(v->a, v->root, "coverage", m);
	return NG_OK;
}

void
site_live_response(struct view *v, struct resp *rs)
{
	if (v->live == NULL || v->live->ended_at != 0 || rs->status != 200)
		return;
	resp_header_add(v->r, rs, "Content-Security-Policy", LIVE_CSP);
	if (rs->cache_control != NULL &&
	    strcmp(rs->cache_control, SITE_CACHE_PAGE) == 0)
		rs->cache_control = LIVE_CACHE;
}

void
site_live_text(struct req *r, const struct article *a, struct buf *b)
{
	struct live_coverage cov;
	struct live_update  *u;
	struct site_date     d;
	size_t		     i, n;

	if (store_live_get(r->app->store, a->id, &cov) != NG_OK ||
	    store_live_updates(r->arena, r->app->store, a->id, 0,
		STORE_LIVE_UPDATES_MAX, &u, &n) != NG_OK ||
	    n == 0)
		return;
	buf_puts(b,
	    cov.ended_at == 0 ? "\nLive updates (newest first)\n" :
				"\nUpdates (newest first)\n");
	for (i = 0; i < n; i++) {
		buf_puts(b, "\n");
		if (site_date_fmt(r, u[i].created_at, &d))
			buf_printf(b, "%s, %s%s\n", d.human, d.time,
			    u[i].pinned ? " (key point)" : "");
		buf_putstr(b, u[i].body_text);
		if (u[i].body_text.n > 0 &&
		    u[i].body_text.p[u[i].body_text.n - 1] != '\n')
			buf_puts(b, "\n");
	}
}

/* Digits only, at most 18 of them; -1 otherwise. */
static int64_t
number(struct str s)
{
	int64_t v = 0;
	size_t	i;

	if (s.n == 0 || s.n > 18)
		return -1;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (s.p[i] - '0');
	}
	return v;
}

/*
 * GET /live/{id}/updates?after=N: {"live": bool, "new": count of
 * updates after update N, "latest": the newest update's id}, for the
 * script of a live page.  404 for an article readers cannot see or
 * that never had coverage; 400 for an after that is not a number.
 */
enum ng_err
site_live_poll(struct req *r, struct resp *rs)
{
	struct live_coverage cov;
	struct live_update  *u;
	struct article	    *a;
	struct jsonw	     w;
	struct buf	     b;
	struct str	     after_s = req_query(r, "after");
	int64_t		     id = number(req_cap(r, 0)), after = 0;
	size_t		     n;
	enum ng_err	     err;

	if (after_s.p != NULL && (after = number(after_s)) < 0) {
		site_error(r, rs, 400,
		    "after must be the number of an update.");
		return NG_OK;
	}
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((err = store_article_by_id(r->arena, r->app->store, id, &a)) !=
	    NG_OK)
		return err;
	/* An embargoed or withdrawn story says nothing, not even this. */
	if (a->status != ARTICLE_PUBLISHED ||
	    a->published_at > (int64_t)time(NULL))
		return NG_ENOTFOUND;
	if ((err = store_live_get(r->app->store, id, &cov)) != NG_OK)
		return err;
	if ((err = store_live_updates(r->arena, r->app->store, id, after,
		 STORE_LIVE_UPDATES_MAX, &u, &n)) != NG_OK)
		return err;
	buf_init(&b, r->arena);
	jsonw_init(&w, &b, 0);
	jsonw_obj(&w);
	jsonw_key(&w, "live");
	jsonw_bool(&w, cov.ended_at == 0);
	jsonw_kint(&w, "new", (int64_t)n);
	jsonw_kint(&w, "latest", n > 0 ? u[0].id : after);
	jsonw_end(&w);
	buf_puts(&b, "\n");
	if ((err = buf_finish(&b, &rs->body)) != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = "application/json";
	rs->cache_control = LIVE_CACHE;
	return NG_OK;
}
