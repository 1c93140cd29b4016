/*
 * view.c -- what every public page shares: the site frame, article cards,
 * dates, pagination and the final render.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "content/article.h"
#include "core/tz.h"
#include "core/utf8.h"
#include "http/req.h"
#include "http/resp.h"
#include "reader/shortcodes.h"
#include "render/theme.h"
#include "render/tv.h"
#include "site/discovery.h"
#include "site/site_int.h"
#include "store/store.h"

#define DEFAULT_TITLE "nutgraf"

static const char *const months[12] = {
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

enum ng_err
site_page_parse(struct str s, size_t *page)
{
	size_t i, n = 0;

	*page = 0;
	if (s.n == 0 || s.n > 6 || s.p[0] == '0')
		return NG_ENOTFOUND;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return NG_ENOTFOUND;
		n = n * 10 + (size_t)(s.p[i] - '0');
	}
	if (n > SITE_PAGE_MAX)
		return NG_ENOTFOUND;
	*page = n;
	return NG_OK;
}

size_t
site_npages(size_t total)
{
	if (total == 0)
		return 1;
	return (total - 1) / SITE_PER_PAGE + 1;
}

/* v as exactly width digits at p (zero-padded); returns the end. */
static char *
put_digits(char *p, int v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/*
 * Written out by hand rather than with snprintf: a page formats one
 * date per comment and card.
 */
int
site_date_fmt(struct req *r, int64_t t, struct site_date *d)
{
	struct tm tm;
	time_t	  tt;
	char	  abbr[TZ_ABBR_MAX];
	int32_t	  off = 0;
	int	  zoned;
	char	 *p;
	size_t	  n;

	memset(d, 0, sizeof(*d));
	/* Years past 9999 would not fit ISO 8601's four digits. */
	if (t < 0 || t > 253402300799LL)
		return 0;
	zoned = r != NULL && site_zone_at(r, t, &off, abbr);
	tt = (time_t)(t + off);
	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year + 1900 > 9999)
		return 0;
	d->year = tm.tm_year + 1900;
	d->month = tm.tm_mon + 1;
	d->day = tm.tm_mday;
	p = put_digits(d->iso, d->year, 4);
	*p++ = '-';
	p = put_digits(p, d->month, 2);
	*p++ = '-';
	p = put_digits(p, d->day, 2);
	*p++ = 'T';
	p = put_digits(p, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_sec, 2);
	if (!zoned) {
		*p++ = 'Z';
	} else {
		/* The full offset, even +00:00 in London's winter. */
		*p++ = off < 0 ? '-' : '+';
		p = put_digits(p, (off < 0 ? -off : off) / 3600, 2);
		*p++ = ':';
		p = put_digits(p, (off < 0 ? -off : off) / 60 % 60, 2);
	}
	*p = '\0';
	/* "April 25, 2024" */
	n = strlen(months[tm.tm_mon]);
	memcpy(d->human, months[tm.tm_mon], n);
	p = d->human + n;
	*p++ = ' ';
	p += str_fmt_i64(p, d->day);
	*p++ = ',';
	*p++ = ' ';
	(void)str_fmt_i64(p, d->year);
	/* "10:00 BST": the time, always with the zone it is in. */
	p = put_digits(d->time, tm.tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, tm.tm_min, 2);
	*p++ = ' ';
	n = zoned ? strlen(abbr) : 3;
	memcpy(p, zoned ? abbr : "UTC", n);
	p[n] = '\0';
	return 1;
}

char *
site_page_path(struct arena *a, const char *base, size_t n)
{
	if (n <= 1)
		return arena_strdup(a, base);
	return arena_printf(a, "%spage/%zu/", base, n);
}

enum ng_err
view_ad_slots(struct view *v, struct ad_slot **out, size_t *n)
{
	enum ng_err err;

	if (!v->slots_read) {
		if ((err = store_ad_slot_list(v->a, v->r->app->store, &v->slots,
			 &v->nslots)) != NG_OK)
			return err;
		v->slots_read = 1;
	}
	*out = v->slots;
	*n = v->nslots;
	return NG_OK;
}

/* Labels of the banner's levels, as readers see them. */
static const char *const breaking_labels[BREAKING__MAX] = {
	"Breaking news", /* BREAKING_NEWS */
	"Developing",	 /* BREAKING_DEVELOPING */
	"Notice",	 /* BREAKING_NOTICE */
};

/*
 * "breaking" of the page: the banner stored in setting value v while it
 * is on.  Its expiry is the page cache's too (store_next_publish_after()).
 */
static void
view_breaking(struct view *v, struct str value)
{
	struct breaking_news b;
	struct tv	    *m;

	if (store_breaking_decode(value, &b) != NG_OK ||
	    !store_breaking_live(&b, (int64_t)time(NULL)))
		return;
	m = tv_map(v->a);
	tv_set_str(v->a, m, "text", b.text);
	if (b.url.n > 0)
		tv_set_str(v->a, m, "url", b.url);
	tv_set_cstr(v->a, m, "level", store_breaking_level_name(b.level));
	tv_set_cstr(v->a, m, "label", breaking_labels[b.level]);
	tv_set(v->a, v->root, "breaking", m);
}

enum ng_err
view_init(struct view *v, struct req *r, int64_t cur_section, int lenient)
{
	const struct app	*app = r->app;
	struct tv		*site, *nav, *item;
	static const char *const head_keys[3] = { "title", "tagline",
		STORE_BREAKING_KEY };
	struct str		 title, tagline, head[3];
	const char		*fallback, *css;
	struct site_date	 now;
	enum ng_err		 err;
	size_t			 i;

	memset(v, 0, sizeof(*v));
	v->r = r;
	v->section_id = cur_section;
	v->a = r->arena;
	v->root = tv_map(v->a);

	fallback = app->cfg != NULL && app->cfg->site_title != NULL &&
		*app->cfg->site_title != '\0' ?
	    app->cfg->site_title :
	    DEFAULT_TITLE;
	/* One store call for both: every page pays for it. */
	err = store_setting_get_many(v->a, app->store, head_keys, 3, head);
	if (err != NG_OK) {
		if (!lenient)
			return err;
		head[0] = head[1] = head[2] = STR_NULL;
	}
	view_breaking(v, head[2]);
	title = head[0].n > 0 ? head[0] : str_c(fallback);
	tagline = head[1].n > 0 ? head[1] : STR_LIT("");
	site = tv_map(v->a);
	tv_set_str(v->a, site, "name", title);
	tv_set_str(v->a, site, "tagline", tagline);
	tv_set(v->a, v->root, "site", site);
	v->site_name = title;
	v->tagline = tagline;

	err = store_sections(v->a, app->store, &v->sections, &v->nsections);
	if (err != NG_OK) {
		v->sections = NULL;
		v->nsections = 0;
		if (!lenient)
			return err;
	}
	nav = tv_list(v->a);
	for (i = 0; i < v->nsections; i++) {
		item = tv_map(v->a);
		tv_set_str(v->a, item, "name", v->sections[i].name);
		tv_set_cstr(v->a, item, "url",
		    arena_printf(v->a, "/category/%.*s/",
			(int)v->sections[i].slug.n, v->sections[i].slug.p));
		tv_set_bool(v->a, item, "current",
		    cur_section != 0 && v->sections[i].id == cur_section);
		tv_push(v->a, nav, item);
	}
	tv_set(v->a, v->root, "nav", nav);
	tv_set_bool(v->a, v->root, "has_nav", v->nsections > 0);
	/* Navigation menus replace nav where assigned. */
	if ((err = view_menus(v)) != NG_OK && !lenient)
		return err;

	css = app->theme != NULL ?
	    theme_asset_url(app->theme, "css/style.css") :
	    NULL;
	tv_set_cstr(v->a, v->root, "css_url", css);
	/* A declared icon stops browsers asking for /favicon.ico. */
	tv_set_cstr(v->a, v->root, "icon_url",
	    app->theme != NULL ?
		theme_asset_url(app->theme, "img/favicon.svg") :
		NULL);
	if (site_date_fmt(r, (int64_t)time(NULL), &now))
		tv_set_cstr(v->a, v->root, "year",
		    arena_printf(v->a, "%d", now.year));
	return NG_OK;
}

/*
 * The <title>: "Headline | Site" when that fits TITLE_MAX characters
 * (what search results show before they cut), the headline alone when
 * not, cut at a word with an ellipsis if even that is too long.
 */
static const char *
full_title(struct view *v, const char *title)
{
	const char *site = arena_str(v->a, v->site_name).p;
	size_t	    n, i, k, cut = 0;

	if (title == NULL || *title == '\0')
		return site;
	n = strlen(title);
	if (utf8_chars(title, n) + 3 +
		utf8_chars(v->site_name.p, v->site_name.n) <=
	    TITLE_MAX)
		return arena_printf(v->a, "%s | %s", title, site);
	if (utf8_chars(title, n) <= TITLE_MAX)
		return title;
	for (i = k = 0; i < n && k < TITLE_MAX - 1; i++) {
		if (((unsigned char)title[i] & 0xc0) == 0x80)
			continue;
		if (title[i] == ' ')
			cut = i;
		k++;
	}
	/* i: the byte after TITLE_MAX - 1 characters; a space before it. */
	while (i < n && ((unsigned char)title[i] & 0xc0) == 0x80)
		i++;
	return arena_printf(v->a, "%.*s\xe2\x80\xa6", (int)(cut > 0 ? cut : i),
	    title);
}

void
view_head(struct view *v, const char *title, struct str description,
    const char *canonical)
{
	tv_set_cstr(v->a, v->root, "page_title", title);
	tv_set_cstr(v->a, v->root, "full_title", full_title(v, title));
	tv_set_str(v->a, v->root, "description", description);
	/* Absolute, as search engines and sharing cards want it. */
	if (canonical != NULL)
		tv_set_cstr(v->a, v->root, "canonical",
		    site_abs(v->r, canonical));
}

/* Set "date", "date_iso" and "time" of map from t (nothing when invalid). */
static void
set_date(struct req *r, struct tv *map, int64_t t)
{
	struct arena	*a = r->arena;
	struct site_date d;

	if (!site_date_fmt(r, t, &d))
		return;
	tv_set_cstr(a, map, "date", arena_strdup(a, d.human));
	tv_set_cstr(a, map, "date_iso", arena_strdup(a, d.iso));
	tv_set_cstr(a, map, "time", arena_strdup(a, d.time));
}

struct tv *
view_card(struct view *v, const struct article *art)
{
	struct arena *a = v->a;
	struct tv    *c, *m;

	c = tv_map(a);
	tv_set_cstr(a, c, "url",
	    site_article_path(v->r, a, art->id, art->slug, art->published_at,
		PV_PAGE));
	tv_set_str(a, c, "title", art->title);
	tv_set_str(a, c, "kicker", art->kicker);
	tv_set_str(a, c, "dek", art->dek);
	set_date(v->r, c, art->published_at);
	tv_set_bool(a, c, "live", view_live(v, art->id));

	m = NULL;
	if (art->section.id != 0) {
		m = tv_map(a);
		tv_set_str(a, m, "name", art->section.name);
		tv_set_cstr(a, m, "url",
		    arena_printf(a, "/category/%.*s/", (int)art->section.slug.n,
			art->section.slug.p));
	}
	tv_set(a, c, "section", m);

	m = NULL;
	if (art->author.id != 0) {
		m = tv_map(a);
		tv_set_str(a, m, "name", art->author.name);
		tv_set_cstr(a, m, "url",
		    arena_printf(a, "/author/%.*s/", (int)art->author.slug.n,
			art->author.slug.p));
	}
	tv_set(a, c, "author", m);
	tv_set(a, c, "byline", view_byline(v, art));
	return c;
}

struct tv *
view_byline(struct view *v, const struct article *art)
{
	struct arena	    *a = v->a;
	const struct author *au = art->authors;
	struct tv	    *b, *l, *m;
	size_t		     i, n = art->nauthors;

	/* An article read without its bylines still has its author. */
	if (n == 0 && art->author.id != 0) {
		au = &art->author;
		n = 1;
	}
	if (n == 0)
		return NULL;
	l = tv_list(a);
	for (i = 0; i < n; i++) {
		m = tv_map(a);
		tv_set_cstr(a, m, "sep", article_byline_sep(i, n));
		tv_set_str(a, m, "name", au[i].name);
		tv_set_cstr(a, m, "url",
		    arena_printf(a, "/author/%.*s/", (int)au[i].slug.n,
			au[i].slug.p));
		tv_push(a, l, m);
	}
	b = tv_map(a);
	tv_set(a, b, "authors", l);
	return b;
}

struct tv *
view_cards(struct view *v, const struct article *arts, size_t from, size_t n)
{
	struct tv *l;
	size_t	   i;

	l = tv_list(v->a);
	for (i = from; i < n; i++)
		tv_push(v->a, l, view_card(v, &arts[i]));
	return l;
}

struct tv *
view_pagination(struct arena *a, const char *base, size_t page, size_t npages)
{
	struct tv *p;

	if (npages <= 1)
		return NULL;
	p = tv_map(a);
	tv_set_cstr(a, p, "page", arena_printf(a, "%zu", page));
	tv_set_cstr(a, p, "pages", arena_printf(a, "%zu", npages));
	if (page > 1)
		tv_set_cstr(a, p, "newer_url",
		    site_page_path(a, base, page - 1));
	if (page < npages)
		tv_set_cstr(a, p, "older_url",
		    site_page_path(a, base, page + 1));
	return p;
}

/* Render template name with v's root into rs as a 200 HTML page. */
static enum ng_err
render(struct view *v, struct resp *rs, const char *name)
{
	struct buf  b;
	struct str  body;
	enum ng_err err;

	if (arena_failed(v->a))
		return NG_ENOMEM;
	buf_init(&b, v->a);
	if ((err = theme_render(v->r->app->theme, name, v->root, &b)) != NG_OK)
		return err;
	if ((err = buf_finish(&b, &body)) != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = SITE_HTML;
	rs->cache_control = SITE_CACHE_PAGE;
	rs->compress = 1;
	rs->body = body;
	return NG_OK;
}

enum ng_err
view_render(struct view *v, struct resp *rs, const char *name)
{
	const char *link;
	enum ng_err err;

	if (v->root == NULL || arena_failed(v->a))
		return NG_ENOMEM;
	discovery_page(v); /* metadata and feeds */
	site_ads_page(v);  /* ad placements */
	if (v->private_page)
		tv_set_bool(v->a, v->root, "noindex", 1);
	if ((err = render(v, rs, name)) != NG_OK)
		return err;
	if (v->private_page)
		rs->cache_control = SITE_CACHE_NONE;
	/* WordPress's API discovery header. */
	if ((link = arena_printf(v->a,
		 "<%s/wp-json/>; "
		 "rel=\"https://api.w.org/\"",
		 site_origin(v->r))) == NULL)
		return NG_ENOMEM;
	resp_header_add(v->r, rs, "Link", link);
	return NG_OK;
}

enum ng_err
view_render_bare(struct view *v, struct resp *rs, const char *name)
{
	if (v->root == NULL)
		return NG_ENOMEM;
	return render(v, rs, name);
}
