/*
 * page.c -- the router's fallback: date archives, static
 * pages, then articles, then the old addresses of renamed pages.
 *
 * Precedence, for a path no route of the table took:
 *   1. /YYYY/, /YYYY/MM/, /YYYY/MM/DD/ (+ page/N/): the date archives,
 *      as in WordPress.  A top-level page slug may not be all digits
 *      (content/page.c), so no page is ever hidden by them.
 *   2. A published static page at /slug/ or /parent/child/.  Pages come
 *      before articles, as WordPress's "verbose page rules" have them,
 *      so a page named like an article's first URL segment wins.
 *   3. Articles in the site's permalink pattern (article.c), with their
 *      older shapes and old slugs answering 301.
 *   4. A path a published page had before it was renamed or moved: 301.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "http/req.h"
#include "http/resp.h"
#include "reader/shortcodes.h"
#include "render/tv.h"
#include "site/site.h"
#include "site/site_int.h"
#include "store/store.h"

static const char *const month_names[12] = {
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
};

/* n digits at p as a number, or -1. */
static int
digits(const char *p, size_t n)
{
	size_t i;
	int    v = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

/* Days in month m (1..12) of year y. */
static int
month_days(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/* Unix time of 00:00 UTC on y-m-d (timegm without the environment). */
static int64_t
day_start(int y, int m, int d)
{
	int64_t days;
	int	yy = y - (m <= 2), era, yoe, doy, doe;

	/* Howard Hinnant's days_from_civil. */
	era = (yy >= 0 ? yy : yy - 399) / 400;
	yoe = yy - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = (int64_t)era * 146097 + doe - 719468;
	return days * 86400;
}

/* What a date archive path says. */
struct date_path {
	int    y, m, d; /* m, d 0 when absent */
	size_t page;
	int    paged; /* ".../page/N/" was given */
};

/*
 * Parse /YYYY/[MM/[DD/]][page/N/]: 1 when path is one, else 0.  Years
 * 1000..9999, real months and days only.
 */
static int
date_parse(struct str path, struct date_path *dp)
{
	struct str seg[5];
	size_t	   n = 0, i, start;

	memset(dp, 0, sizeof(*dp));
	dp->page = 1;
	if (path.n < 6 || path.p[0] != '/' || path.p[path.n - 1] != '/')
		return 0;
	for (i = start = 1; i < path.n; i++)
		if (path.p[i] == '/') {
			if (n == 5 || i == start)
				return 0;
			seg[n].p = path.p + start;
			seg[n++].n = i - start;
			start = i + 1;
		}
	if (n >= 3 && str_eqc(seg[n - 2], "page")) {
		if (site_page_parse(seg[n - 1], &dp->page) != NG_OK)
			return 0;
		dp->paged = 1;
		n -= 2;
	}
	if (n < 1 || n > 3 || seg[0].n != 4 ||
	    (dp->y = digits(seg[0].p, 4)) < 1000)
		return 0;
	if (n >= 2 &&
	    (seg[1].n != 2 || (dp->m = digits(seg[1].p, 2)) < 1 || dp->m > 12))
		return 0;
	if (n == 3 &&
	    (seg[2].n != 2 || (dp->d = digits(seg[2].p, 2)) < 1 ||
		dp->d > month_days(dp->y, dp->m)))
		return 0;
	return 1;
}

static enum ng_err
date_archive(struct req *r, struct resp *rs, const struct date_path *dp)
{
	struct article_query q;
	struct site_archive  ar;
	const char	    *base, *name;

	memset(&q, 0, sizeof(q));
	if (dp->d != 0) {
		q.from = day_start(dp->y, dp->m, dp->d);
		q.to = q.from + 86400;
		base = arena_printf(r->arena, "/%04d/%02d/%02d/", dp->y, dp->m,
		    dp->d);
		name = arena_printf(r->arena, "%s %d, %d",
		    month_names[dp->m - 1], dp->d, dp->y);
	} else if (dp->m != 0) {
		q.from = day_start(dp->y, dp->m, 1);
		q.to = dp->m == 12 ? day_start(dp->y + 1, 1, 1) :
				     day_start(dp->y, dp->m + 1, 1);
		base = arena_printf(r->arena, "/%04d/%02d/", dp->y, dp->m);
		name = arena_printf(r->arena, "%s %d", month_names[dp->m - 1],
		    dp->y);
	} else {
		q.from = day_start(dp->y, 1, 1);
		q.to = day_start(dp->y + 1, 1, 1);
		base = arena_printf(r->arena, "/%04d/", dp->y);
		name = arena_printf(r->arena, "%d", dp->y);
	}
	if (base == NULL || name == NULL)
		return NG_ENOMEM;
	if (dp->paged && dp->page == 1) {
		resp_redirect(r, rs, 301, base);
		return NG_OK;
	}
	memset(&ar, 0, sizeof(ar));
	ar.kind = ARCHIVE__MAX;
	ar.label = "Archive";
	ar.name = str_c(name);
	ar.base = base;
	ar.page = dp->page;
	ar.empty_is_404 = 1; /* as WordPress: no stories, no archive */
	return site_archive_list(r, rs, &ar, &q);
}

char *
site_static_path(struct arena *a, struct str path)
{
	return arena_printf(a, "/%.*s/", (int)path.n, path.p);
}

/*
 * The store path of a page-shaped request path: "/a/b/" -> "a/b".  0
 * when it cannot name a page (no trailing slash, an empty segment, too
 * long); *slashless set for "/a/b", which may get a 301.
 */
static int
page_key(struct str path, struct str *key, int *slashless)
{
	size_t i;

	*slashless = 0;
	if (path.n < 2 || path.p[0] != '/' || path.n > STORE_PAGE_PATH_MAX + 2)
		return 0;
	key->p = path.p + 1;
	key->n = path.n - 1;
	if (path.p[path.n - 1] == '/')
		key->n--;
	else
		*slashless = 1;
	if (key->n == 0)
		return 0;
	for (i = 0; i < key->n; i++)
		if (key->p[i] == '/' &&
		    (i == 0 || key->p[i - 1] == '/' || i + 1 == key->n))
			return 0;
	return 1;
}

static enum ng_err
page_render(struct req *r, struct resp *rs, const struct page *p)
{
	struct article	 fake;
	struct safe_html body;
	struct view	 v;
	struct tv	*m;
	const char	*path;
	enum ng_err	 err;

	if ((err = view_init(&v, r, 0, 0)) != NG_OK)
		return err;
	/* Shortcode markers expand as in an article (reader/shortcodes.h). */
	memset(&fake, 0, sizeof(fake));
	fake.body_html = p->body_html;
	if ((err = site_shortcodes_html(r, &fake, SITE_SC_PAGE, &body)) !=
	    NG_OK)
		return err;
	if ((path = site_static_path(v.a, p->path)) == NULL)
		return NG_ENOMEM;
	m = tv_map(v.a);
	tv_set_str(v.a, m, "title", p->title);
	tv_set_html(v.a, m, "body", body);
	tv_set_cstr(v.a, m, "url", path);
	tv_set(v.a, v.root, "static_page", m);
	view_head(&v, arena_str(v.a, p->title).p, STR_NULL, path);
	return view_render(&v, rs, "page");
}

/*
 * The published page at the request's path (old: the page that once
 * was there, answered with a 301 to where it is now); NG_ENOTFOUND if
 * none.
 */
static enum ng_err
static_page(struct req *r, struct resp *rs, int old)
{
	struct page *p;
	struct str   key;
	const char  *to;
	int	     slashless;
	enum ng_err  err;

	if (!page_key(r->path, &key, &slashless))
		return NG_ENOTFOUND;
	err = old ? store_page_old_path(r->arena, r->app->store, key, &p) :
		    store_page_by_path(r->arena, r->app->store, key, &p);
	if (err != NG_OK)
		return err;
	if (!old && !slashless)
		return page_render(r, rs, p);
	if ((to = site_static_path(r->arena, p->path)) == NULL)
		return NG_ENOMEM;
	resp_redirect(r, rs, 301, to);
	return NG_OK;
}

enum ng_err
site_fallback(struct req *r, struct resp *rs)
{
	struct date_path dp;
	enum ng_err	 err;
	int		 read;

	read = r->method == HTTP_GET || r->method == HTTP_HEAD;
	if (read && date_parse(r->path, &dp))
		return date_archive(r, rs, &dp);
	if (read && (err = static_page(r, rs, 0)) != NG_ENOTFOUND)
		return err;
	if ((err = site_article(r, rs)) != NG_ENOTFOUND)
		return err;
	if (read)
		return static_page(r, rs, 1);
	return NG_ENOTFOUND;
}
