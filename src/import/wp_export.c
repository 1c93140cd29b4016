/*
 * wp_export.c -- the site as WXR 1.2 (see wp_export.h).
 *
 * First every kind of row but comments is walked once for its
 * (id, WordPress ID) pairs, which gives the ID spaces and the lookups
 * every later reference needs (a page's parent, an article's featured
 * image, a menu item's target).  Then the channel is written in the
 * order WordPress writes it -- authors, categories, tags, terms, then
 * items -- with attachments, pages (parents first), posts and menu
 * items as separate runs, so an importer that reads in one pass finds
 * what an item points at already made.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/permalink.h"
#include "content/shortcode.h"
#include "content/slug.h"
#include "import/wp_export.h"
#include "import/wxr_write.h"
#include "store/store.h"

#define BATCH	    200
#define ARENA_BATCH (64u << 20)

/* The WordPress tables, each one number space for IDs. */
enum space {
	SP_POSTS, /* articles, pages, media, menu items */
	SP_TERMS, /* sections, tags, menus */
	SP_COMMENTS,
	SP_USERS, /* users, then bylines without a user */
	SP__MAX
};

static const enum space space_of[WP__MAX] = {
	[WP_ARTICLE] = SP_POSTS,
	[WP_PAGE] = SP_POSTS,
	[WP_MEDIA] = SP_POSTS,
	[WP_MENU_ITEM] = SP_POSTS,
	[WP_SECTION] = SP_TERMS,
	[WP_TAG] = SP_TERMS,
	[WP_MENU] = SP_TERMS,
	[WP_COMMENT] = SP_COMMENTS,
	[WP_USER] = SP_USERS,
	[WP_AUTHOR] = SP_USERS,
};

/* Within a space, the order the kinds' new IDs are handed out. */
static const enum wp_kind alloc_order[] = { WP_ARTICLE, WP_PAGE, WP_MEDIA,
	WP_MENU_ITEM, WP_SECTION, WP_TAG, WP_MENU, WP_COMMENT, WP_USER,
	WP_AUTHOR };

struct idtab {
	struct wp_row *v; /* by id */
	size_t	       n, cap;
	int64_t	       max_id;
	int64_t	       base; /* a row without a WordPress ID: base + id */
};

struct ex {
	struct store		    *st;
	FILE			    *f;
	const struct wp_export_opts *o;
	struct wp_export_summary    *sum;
	char			    *base;
	struct permalink	     pl;
	struct idtab		     ids[WP__MAX];
	struct arena		    *a; /* lives for the whole export */
	struct user		    *users;
	size_t			     nusers;
	struct author		    *authors;
	size_t			     nauthors;
	size_t			     items;
	int64_t			     now;
	int64_t			    *pins; /* pinned articles, sorted */
	size_t			     npins;
};

static enum ng_err
load_ids(struct ex *x, enum wp_kind k)
{
	struct idtab  *t = &x->ids[k];
	struct wp_row *rows, *nv;
	struct arena  *a;
	int64_t	       after = 0;
	size_t	       n, i;
	enum ng_err    err;

	if (k == WP_COMMENT) /* read with their article */
		return NG_OK;
	for (;;) {
		if ((a = arena_new(1 << 20)) == NULL)
			return NG_ENOMEM;
		err = store_wp_rows(a, x->st, k, after, STORE_WP_ROWS_MAX,
		    &rows, &n);
		if (err == NG_OK && t->n + n > t->cap) {
			t->cap = (t->n + n) * 2;
			if ((nv = realloc(t->v, t->cap * sizeof(*nv))) == NULL)
				err = NG_ENOMEM;
			else
				t->v = nv;
		}
		if (err != NG_OK) {
			arena_free(a);
			return err;
		}
		for (i = 0; i < n; i++)
			t->v[t->n++] = rows[i];
		if (n > 0)
			after = rows[n - 1].id;
		arena_free(a);
		if (n < STORE_WP_ROWS_MAX)
			break;
	}
	if (t->n > 0)
		t->max_id = t->v[t->n - 1].id;
	return NG_OK;
}

/*
 * Comments are not held in memory: their space's base comes from the
 * walk without keeping the rows.
 */
static enum ng_err
scan_comments(struct ex *x, int64_t *max_wp)
{
	struct wp_row *rows;
	struct arena  *a;
	int64_t	       after = 0;
	size_t	       n, i;
	enum ng_err    err;

	for (;;) {
		if ((a = arena_new(1 << 20)) == NULL)
			return NG_ENOMEM;
		if ((err = store_wp_rows(a, x->st, WP_COMMENT, after,
			 STORE_WP_ROWS_MAX, &rows, &n)) != NG_OK) {
			arena_free(a);
			return err;
		}
		for (i = 0; i < n; i++)
			if (rows[i].wp_id > *max_wp)
				*max_wp = rows[i].wp_id;
		if (n > 0) {
			after = rows[n - 1].id;
			x->ids[WP_COMMENT].max_id = after;
		}
		arena_free(a);
		if (n < STORE_WP_ROWS_MAX)
			return NG_OK;
	}
}

static enum ng_err
plan_ids(struct ex *x)
{
	int64_t	    next[SP__MAX] = { 0 };
	size_t	    i, k;
	enum ng_err err;

	for (k = 0; k < WP__MAX; k++) {
		if ((err = load_ids(x, (enum wp_kind)k)) != NG_OK)
			return err;
		for (i = 0; i < x->ids[k].n; i++)
			if (x->ids[k].v[i].wp_id > next[space_of[k]])
				next[space_of[k]] = x->ids[k].v[i].wp_id;
	}
	if ((err = scan_comments(x, &next[SP_COMMENTS])) != NG_OK)
		return err;
	for (k = 0; k < sizeof(alloc_order) / sizeof(alloc_order[0]); k++) {
		struct idtab *t = &x->ids[alloc_order[k]];

		t->base = next[space_of[alloc_order[k]]];
		next[space_of[alloc_order[k]]] += t->max_id;
	}
	return NG_OK;
}

/* The WordPress ID of row id of kind k; 0 for no such row. */
static int64_t
wp_of(const struct ex *x, enum wp_kind k, int64_t id)
{
	const struct idtab *t = &x->ids[k];
	size_t		    lo = 0, hi = t->n, mid;

	if (id <= 0)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == t->n || t->v[lo].id != id)
		return 0;
	return t->v[lo].wp_id > 0 ? t->v[lo].wp_id : t->base + id;
}

static int64_t
wp_of_row(const struct ex *x, enum wp_kind k, const struct wp_row *r)
{
	return r->wp_id > 0 ? r->wp_id : x->ids[k].base + r->id;
}

/* "2026-01-10 10:30:00", UTC. */
static struct str
wp_date(struct arena *a, int64_t t)
{
	struct tm tm;
	time_t	  tt = (time_t)t;
	char	  b[32];

	if (t <= 0 || gmtime_r(&tt, &tm) == NULL)
		return STR_LIT("0000-00-00 00:00:00");
	strftime(b, sizeof(b), "%Y-%m-%d %H:%M:%S", &tm);
	return str_c(arena_strdup(a, b));
}

static void
rfc822(FILE *f, int64_t t)
{
	struct tm tm;
	time_t	  tt = (time_t)(t > 0 ? t : 0);
	char	  b[64];

	gmtime_r(&tt, &tm);
	strftime(b, sizeof(b), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	fputs(b, f);
}

/*
 * WordPress keeps titles, term names and comments as HTML: text from
 * the store is escaped once (WordPress shows "&amp;" as "&"; nutgraf's
 * importer unescapes it back).
 */
static struct str
html_esc(struct arena *a, struct str s)
{
	struct buf b;
	struct str out;

	if (s.n == 0 ||
	    (memchr(s.p, '&', s.n) == NULL && memchr(s.p, '<', s.n) == NULL &&
		memchr(s.p, '>', s.n) == NULL && memchr(s.p, '"', s.n) == NULL))
		return s;
	buf_init(&b, a);
	buf_put_html(&b, s.p, s.n);
	return buf_finish(&b, &out) == NG_OK ? out : STR_NULL;
}

/* A plain-text comment as WordPress's HTML: escaped, lines kept. */
static struct str
comment_html(struct arena *a, struct str s)
{
	return html_esc(a, s);
}

/*
 * body_html without the markers the site expands at render time
 * (<ng-sc ...>FALLBACK</ng-sc>): WordPress gets the fallback forms.
 */
static struct str
strip_markers(struct arena *a, struct str h)
{
	struct buf  b;
	struct str  out;
	const char *p = h.p, *end = h.p + h.n, *q, *gt;

	if (h.n == 0 || memmem(h.p, h.n, "ng-sc", 5) == NULL)
		return h;
	buf_init(&b, a);
	while ((q = memmem(p, (size_t)(end - p), "<", 1)) != NULL) {
		buf_put(&b, p, (size_t)(q - p));
		if ((size_t)(end - q) >= 7 &&
		    (memcmp(q, "<ng-sc ", 7) == 0 ||
			memcmp(q, "<ng-sc>", 7) == 0) &&
		    (gt = memchr(q, '>', (size_t)(end - q))) != NULL) {
			p = gt + 1;
			continue;
		}
		if ((size_t)(end - q) >= 8 && memcmp(q, "</ng-sc>", 8) == 0) {
			p = q + 8;
			continue;
		}
		buf_putc(&b, '<');
		p = q + 1;
	}
	buf_put(&b, p, (size_t)(end - p));
	return buf_finish(&b, &out) == NG_OK ? out : h;
}

static void
meta(FILE *f, const char *key, struct str v)
{
	if (v.n == 0)
		return;
	fputs("\t\t<wp:postmeta>\n", f);
	wxw_el(f, 3, "wp:meta_key", str_c(key));
	wxw_el(f, 3, "wp:meta_value", v);
	fputs("\t\t</wp:postmeta>\n", f);
}

static void
meta_i64(FILE *f, struct arena *a, const char *key, int64_t v)
{
	meta(f, key, str_c(arena_printf(a, "%" PRId64, v)));
}

/* The login an author's posts are credited to (dc:creator). */
static struct str
login_of(const struct ex *x, int64_t author_id)
{
	size_t i;

	if (author_id == 0)
		return STR_NULL;
	for (i = 0; i < x->nusers; i++)
		if (x->users[i].author_id == author_id)
			return x->users[i].login;
	for (i = 0; i < x->nauthors; i++)
		if (x->authors[i].id == author_id)
			return x->authors[i].slug;
	return STR_NULL;
}

static void
progress(struct ex *x)
{
	x->items++;
	if (x->o->progress != NULL && x->items % 500 == 0)
		x->o->progress(x->o->arg, x->items);
}

/* --- the channel head --- */

static enum ng_err
write_head(struct ex *x)
{
	FILE	  *f = x->f;
	struct str title, tagline, lang;

	if (store_setting_get(x->a, x->st, "title", &title) != NG_OK)
		title = STR_NULL;
	if (store_setting_get(x->a, x->st, "tagline", &tagline) != NG_OK)
		tagline = STR_NULL;
	if (store_setting_get(x->a, x->st, "language", &lang) != NG_OK ||
	    lang.n == 0)
		lang = STR_LIT("en");
	fputs(
	    "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
	    "<!-- A WordPress eXtended RSS (WXR) export of a nutgraf site.\n"
	    "     WordPress: Tools > Import > WordPress.\n"
	    "     nutgraf: nutgraf import wordpress FILE (with uploads DIR). -->\n"
	    "<rss version=\"2.0\"\n"
	    "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
	    "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
	    "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
	    "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "\txmlns:wp=\"http://wordpress.org/export/1.2/\"\n"
	    ">\n\n<channel>\n",
	    f);
	wxw_el_text(f, 1, "title", title);
	wxw_el_text(f, 1, "link", str_c(x->base));
	wxw_el_text(f, 1, "description", tagline);
	fputs("\t<pubDate>", f);
	rfc822(f, x->now);
	fputs("</pubDate>\n", f);
	wxw_el_text(f, 1, "language", lang);
	wxw_el_text(f, 1, "wp:wxr_version", STR_LIT("1.2"));
	wxw_el_text(f, 1, "wp:base_site_url", str_c(x->base));
	wxw_el_text(f, 1, "wp:base_blog_url", str_c(x->base));
	fputc('\n', f);
	return NG_OK;
}

static void
write_author(struct ex *x, int64_t wp_id, struct str login, struct str name)
{
	FILE *f = x->f;

	fputs("\t<wp:author>", f);
	fprintf(f, "<wp:author_id>%" PRId64 "</wp:author_id>", wp_id);
	fputs("<wp:author_login>", f);
	wxw_cdata(f, login);
	fputs("</wp:author_login><wp:author_email>", f);
	wxw_cdata(f, STR_NULL);
	fputs("</wp:author_email><wp:author_display_name>", f);
	wxw_cdata(f, html_esc(x->a, name));
	fputs("</wp:author_display_name><wp:author_first_name>", f);
	wxw_cdata(f, STR_NULL);
	fputs("</wp:author_first_name><wp:author_last_name>", f);
	wxw_cdata(f, STR_NULL);
	fputs("</wp:author_last_name></wp:author>\n", f);
}

static enum ng_err
write_authors(struct ex *x)
{
	enum ng_err err;
	size_t	    i, k;

	if ((err = store_user_list(x->a, x->st, &x->users, &x->nusers)) !=
		NG_OK ||
	    (err = store_authors(x->a, x->st, &x->authors, &x->nauthors)) !=
		NG_OK)
		return err;
	for (i = 0; i < x->nusers; i++) {
		write_author(x, wp_of(x, WP_USER, x->users[i].id),
		    x->users[i].login, x->users[i].name);
		x->sum->count[WPC_USER]++;
	}
	/* Bylines no user writes under get an author of their own. */
	for (i = 0; i < x->nauthors; i++) {
		for (k = 0; k < x->nusers; k++)
			if (x->users[k].author_id == x->authors[i].id)
				break;
		if (k < x->nusers)
			continue;
		write_author(x, wp_of(x, WP_AUTHOR, x->authors[i].id),
		    x->authors[i].slug, x->authors[i].name);
		x->sum->count[WPC_USER]++;
	}
	fputc('\n', x->f);
	return NG_OK;
}

/* --- terms --- */

/* A menu's slug: what its items' <category nicename> name. */
static struct str
menu_slug(struct arena *a, const struct menu *m)
{
	struct str s;

	if (slug_make(a, m->name, &s) != NG_OK)
		return str_c(arena_printf(a, "menu-%" PRId64, m->id));
	return s;
}

static enum ng_err
write_terms(struct ex *x, struct menu **menus, size_t *nmenus)
{
	FILE	       *f = x->f;
	struct section *secs;
	struct tag     *tags;
	size_t		nsecs, ntags, i, k, done, pass;
	int64_t		parent;
	char	       *written;
	enum ng_err	err;

	if ((err = store_sections(x->a, x->st, &secs, &nsecs)) != NG_OK)
		return err;
	/*
	 * A parent before its children: WordPress's importer looks the
	 * parent up by slug when it reads the child.
	 */
	if ((written = arena_calloc(x->a, nsecs + 1, 1)) == NULL)
		return NG_ENOMEM;
	for (done = 0, pass = 0; done < nsecs && pass <= nsecs; pass++)
		for (i = 0; i < nsecs; i++) {
			struct str pslug = STR_NULL;

			if (written[i])
				continue;
			if (store_section_parent(x->st, secs[i].id, &parent) !=
			    NG_OK)
				parent = 0;
			for (k = 0; parent != 0 && k < nsecs; k++)
				if (secs[k].id == parent)
					break;
			if (parent != 0 && k < nsecs) {
				if (!written[k] && pass < nsecs)
					continue;
				pslug = secs[k].slug;
			}
			fputs("\t<wp:category>\n", f);
			wxw_el_i64(f, 2, "wp:term_id",
			    wp_of(x, WP_SECTION, secs[i].id));
			wxw_el(f, 2, "wp:category_nicename", secs[i].slug);
			wxw_el(f, 2, "wp:category_parent", pslug);
			wxw_el(f, 2, "wp:cat_name",
			    html_esc(x->a, secs[i].name));
			wxw_el(f, 2, "wp:category_description",
			    html_esc(x->a, secs[i].description));
			fputs("\t</wp:category>\n", f);
			written[i] = 1;
			done++;
			x->sum->count[WPC_SECTION]++;
		}
	if ((err = store_tags(x->a, x->st, &tags, &ntags)) != NG_OK)
		return err;
	for (i = 0; i < ntags; i++) {
		fputs("\t<wp:tag>\n", f);
		wxw_el_i64(f, 2, "wp:term_id", wp_of(x, WP_TAG, tags[i].id));
		wxw_el(f, 2, "wp:tag_slug", tags[i].slug);
		wxw_el(f, 2, "wp:tag_name", html_esc(x->a, tags[i].name));
		fputs("\t</wp:tag>\n", f);
		x->sum->count[WPC_TAG]++;
	}
	if ((err = store_menu_list(x->a, x->st, menus, nmenus)) != NG_OK)
		return err;
	for (i = 0; i < *nmenus; i++) {
		const struct menu *m = &(*menus)[i];

		fputs("\t<wp:term>\n", f);
		wxw_el_i64(f, 2, "wp:term_id", wp_of(x, WP_MENU, m->id));
		wxw_el(f, 2, "wp:term_taxonomy", STR_LIT("nav_menu"));
		wxw_el(f, 2, "wp:term_slug", menu_slug(x->a, m));
		wxw_el(f, 2, "wp:term_parent", STR_NULL);
		wxw_el(f, 2, "wp:term_name", html_esc(x->a, m->name));
		fputs("\t</wp:term>\n", f);
		x->sum->count[WPC_MENU]++;
	}
	fputs("\n\t<generator>nutgraf</generator>\n\n", f);
	return NG_OK;
}

/* --- items --- */

struct item_out {
	struct str  title; /* text; escaped on output */
	struct str  link;
	struct str  creator;
	struct str  guid;
	struct str  content;
	struct str  excerpt; /* text */
	int64_t	    wp_id;
	int64_t	    date;
	int64_t	    modified;
	const char *comment_status;
	struct str  name;
	const char *status;
	int64_t	    parent;
	int64_t	    menu_order;
	const char *type;
	struct str  attachment_url;
	int	    sticky;
};

/* Everything of an <item> up to its categories, meta and comments. */
static void
item_open(struct ex *x, struct arena *a, const struct item_out *it)
{
	FILE *f = x->f;

	fputs("\t<item>\n", f);
	wxw_el(f, 2, "title", html_esc(a, it->title));
	wxw_el_text(f, 2, "link", it->link);
	fputs("\t\t<pubDate>", f);
	rfc822(f, it->date);
	fputs("</pubDate>\n", f);
	wxw_el(f, 2, "dc:creator", it->creator);
	fputs("\t\t<guid isPermaLink=\"false\">", f);
	wxw_text(f, it->guid);
	fputs("</guid>\n", f);
	fputs("\t\t<description></description>\n", f);
	wxw_el(f, 2, "content:encoded", it->content);
	wxw_el(f, 2, "excerpt:encoded", html_esc(a, it->excerpt));
	wxw_el_i64(f, 2, "wp:post_id", it->wp_id);
	wxw_el(f, 2, "wp:post_date", wp_date(a, it->date));
	wxw_el(f, 2, "wp:post_date_gmt", wp_date(a, it->date));
	wxw_el(f, 2, "wp:post_modified", wp_date(a, it->modified));
	wxw_el(f, 2, "wp:post_modified_gmt", wp_date(a, it->modified));
	wxw_el(f, 2, "wp:comment_status", str_c(it->comment_status));
	wxw_el(f, 2, "wp:ping_status", STR_LIT("closed"));
	wxw_el(f, 2, "wp:post_name", it->name);
	wxw_el(f, 2, "wp:status", str_c(it->status));
	wxw_el_i64(f, 2, "wp:post_parent", it->parent);
	wxw_el_i64(f, 2, "wp:menu_order", it->menu_order);
	wxw_el(f, 2, "wp:post_type", str_c(it->type));
	wxw_el(f, 2, "wp:post_password", STR_NULL);
	wxw_el_i64(f, 2, "wp:is_sticky", it->sticky);
	if (it->attachment_url.n > 0)
		wxw_el(f, 2, "wp:attachment_url", it->attachment_url);
}

static void
category(FILE *f, struct arena *a, const char *domain, struct str slug,
    struct str name)
{
	fprintf(f, "\t\t<category domain=\"%s\" nicename=\"", domain);
	wxw_text(f, slug);
	fputs("\">", f);
	wxw_cdata(f, html_esc(a, name));
	fputs("</category>\n", f);
}

static struct str
guid(struct ex *x, struct arena *a, int64_t wp_id)
{
	return str_c(arena_printf(a, "%s/?p=%" PRId64, x->base, wp_id));
}

/*
 * WordPress's _wp_attachment_metadata of an audio or video item, PHP-
 * serialized as WordPress writes it: its type, size, running time and
 * (video) frame size, which WordPress's playlists show.
 */
static struct str
av_metadata(struct arena *a, const struct media *m)
{
	struct buf b;
	struct str s;
	int	   video = m->mime.n > 0 && m->mime.p[0] == 'v',
	    n = 3 + (video && m->width > 0 && m->height > 0 ? 2 : 0);

	buf_init(&b, a);
	buf_printf(&b, "a:%d:{s:9:\"mime_type\";s:%zu:\"%.*s\";", n, m->mime.n,
	    (int)m->mime.n, m->mime.p);
	buf_printf(&b, "s:8:\"filesize\";i:%" PRId64 ";", m->bytes);
	buf_printf(&b, "s:6:\"length\";i:%" PRId64 ";", m->duration);
	if (n == 5)
		buf_printf(&b,
		    "s:5:\"width\";i:%" PRId64 ";s:6:\"height\";i:%" PRId64 ";",
		    m->width, m->height);
	buf_putc(&b, '}');
	return buf_finish(&b, &s) == NG_OK ? s : STR_NULL;
}

static enum ng_err
write_media(struct ex *x)
{
	struct idtab   *t = &x->ids[WP_MEDIA];
	struct item_out it;
	struct media	m;
	struct arena   *a;
	size_t		i;
	int		av;
	enum ng_err	err = NG_OK;

	for (i = 0; i < t->n && err == NG_OK; i++) {
		if ((a = arena_new(1 << 20)) == NULL)
			return NG_ENOMEM;
		err = store_media_get(a, x->st, t->v[i].id, &m);
		if (err == NG_ENOTFOUND) { /* deleted since the walk */
			arena_free(a);
			err = NG_OK;
			continue;
		}
		if (err != NG_OK) {
			arena_free(a);
			break;
		}
		memset(&it, 0, sizeof(it));
		it.wp_id = wp_of_row(x, WP_MEDIA, &t->v[i]);
		av = m.mime.n > 6 &&
		    (memcmp(m.mime.p, "audio/", 6) == 0 ||
			memcmp(m.mime.p, "video/", 6) == 0);
		/* An audio or video item's alt text is its title. */
		it.title = av && m.alt.n > 0 ? m.alt :
		    m.caption.n > 0	     ? m.caption :
		    m.alt.n > 0		     ? m.alt :
					       m.path;
		it.attachment_url = str_c(arena_printf(a, "%s/media/%.*s",
		    x->base, (int)m.path.n, m.path.p));
		it.link = it.attachment_url;
		it.guid = it.attachment_url;
		it.excerpt = m.caption;
		it.date = it.modified = m.created_at;
		it.comment_status = "closed";
		it.name = str_c(arena_printf(a, "media-%" PRId64, m.id));
		it.status = "inherit";
		it.type = "attachment";
		item_open(x, a, &it);
		meta(x->f, "_wp_attached_file", m.path);
		if (av)
			meta(x->f, "_wp_attachment_metadata",
			    av_metadata(a, &m));
		else
			meta(x->f, "_wp_attachment_image_alt", m.alt);
		meta(x->f, "_nutgraf_credit", m.credit);
		fputs("\t</item>\n", x->f);
		x->sum->count[WPC_MEDIA]++;
		progress(x);
		arena_free(a);
	}
	return err;
}

static const char *
page_status(enum page_status s)
{
	switch (s) {
	case PAGE_PUBLISHED:
		return "publish";
	case PAGE_PENDING:
		return "pending";
	case PAGE_PRIVATE:
		return "private";
	case PAGE_TRASHED:
		return "trash";
	default:
		return "draft";
	}
}

/* A [gallery]'s media ids as the IDs of their attachments here. */
static size_t
gallery_out(void *arg, const struct shortcode_node *nd, int64_t *ids,
    size_t max)
{
	const struct ex *x = arg;
	struct str	 v;
	int64_t		 in[SHORTCODE_GALLERY_MAX];
	size_t		 n = 0, nin, i;

	if (!shortcode_attr(nd, "ids", 0, &v))
		return 0;
	nin = shortcode_id_list(v, in, SHORTCODE_GALLERY_MAX);
	for (i = 0; i < nin && n < max; i++)
		if ((ids[n] = wp_of(x, WP_MEDIA, in[i])) > 0)
			n++;
	return n;
}

/*
 * The HTML WordPress shows and, for Markdown, the source nutgraf reads
 * back (_nutgraf_markdown); galleries name the attachments' IDs of the
 * export, as the importer reads them.
 */
static void
body_of(const struct ex *x, struct arena *a, enum body_format fmt,
    struct str src, struct safe_html html, struct str *content,
    struct str *markdown)
{
	struct str s;

	if (shortcode_gallery_renumber(a, src, gallery_out,
		(void *)(uintptr_t)x, &s) == NG_OK)
		src = s;
	if (fmt == BODY_HTML) {
		*content = src;
		*markdown = STR_NULL;
	} else {
		*content = strip_markers(a, html.s);
		*markdown = src;
	}
}

static enum ng_err
write_pages(struct ex *x)
{
	struct page    *list, *pg;
	struct item_out it;
	struct str	md;
	struct arena   *a;
	size_t		n, i;
	enum ng_err	err;

	/* Tree order: every parent before its children. */
	if ((err = store_page_list(x->a, x->st, -1, &list, &n)) != NG_OK)
		return err;
	for (i = 0; i < n; i++) {
		if ((a = arena_new(ARENA_BATCH)) == NULL)
			return NG_ENOMEM;
		if ((err = store_page_by_id(a, x->st, list[i].id, &pg)) !=
		    NG_OK) {
			arena_free(a);
			if (err == NG_ENOTFOUND)
				continue;
			return err;
		}
		memset(&it, 0, sizeof(it));
		it.wp_id = wp_of(x, WP_PAGE, pg->id);
		it.title = pg->title;
		it.link = pg->status == PAGE_PUBLISHED ?
		    str_c(arena_printf(a, "%s/%.*s/", x->base, (int)pg->path.n,
			pg->path.p)) :
		    str_c(arena_printf(a, "%s/?page_id=%" PRId64, x->base,
			it.wp_id));
		it.creator = login_of(x, pg->author_id);
		it.guid = str_c(
		    arena_printf(a, "%s/?page_id=%" PRId64, x->base, it.wp_id));
		body_of(x, a, pg->format, pg->body_src, pg->body_html,
		    &it.content, &md);
		it.date = pg->published_at > 0 ? pg->published_at :
						 pg->created_at;
		it.modified = pg->updated_at;
		it.comment_status = "closed";
		it.name = pg->slug;
		it.status = page_status(pg->status);
		it.parent = wp_of(x, WP_PAGE, pg->parent_id);
		it.menu_order = pg->menu_order;
		it.type = "page";
		item_open(x, a, &it);
		meta(x->f, "_nutgraf_markdown", md);
		fputs("\t</item>\n", x->f);
		x->sum->count[WPC_PAGE]++;
		progress(x);
		arena_free(a);
	}
	return NG_OK;
}

static const char *
comment_approved(enum comment_status s)
{
	switch (s) {
	case COMMENT_APPROVED:
		return "1";
	case COMMENT_SPAM:
		return "spam";
	case COMMENT_TRASH:
		return "trash";
	default:
		return "0";
	}
}

static enum ng_err
write_comments(struct ex *x, struct arena *a, int64_t article_id)
{
	FILE	       *f = x->f;
	struct comment *v;
	size_t		n, i, k;
	int64_t		base = x->ids[WP_COMMENT].base, parent;
	enum ng_err	err;

	if ((err = store_comment_export(a, x->st, article_id, &v, &n)) != NG_OK)
		return err;
	for (i = 0; i < n; i++) {
		parent = 0;
		/* The parent is earlier in the list (written before). */
		for (k = i; parent == 0 && v[i].parent_id != 0 && k-- > 0;)
			if (v[k].id == v[i].parent_id)
				parent = v[k].wp_id > 0 ? v[k].wp_id :
							  base + v[k].id;
		fputs("\t\t<wp:comment>\n", f);
		wxw_el_i64(f, 3, "wp:comment_id",
		    v[i].wp_id > 0 ? v[i].wp_id : base + v[i].id);
		wxw_el(f, 3, "wp:comment_author", html_esc(a, v[i].author));
		wxw_el(f, 3, "wp:comment_author_email", v[i].email);
		wxw_el(f, 3, "wp:comment_author_url", v[i].url);
		wxw_el(f, 3, "wp:comment_author_IP", v[i].ip);
		wxw_el(f, 3, "wp:comment_date", wp_date(a, v[i].created_at));
		wxw_el(f, 3, "wp:comment_date_gmt",
		    wp_date(a, v[i].created_at));
		wxw_el(f, 3, "wp:comment_content", comment_html(a, v[i].body));
		wxw_el(f, 3, "wp:comment_approved",
		    str_c(comment_approved(v[i].status)));
		wxw_el(f, 3, "wp:comment_type", STR_LIT("comment"));
		wxw_el_i64(f, 3, "wp:comment_parent", parent);
		wxw_el_i64(f, 3, "wp:comment_user_id", 0);
		fputs("\t\t</wp:comment>\n", f);
		x->sum->count[WPC_COMMENT]++;
	}
	return NG_OK;
}

static const char *
article_status(const struct article *art, int64_t now)
{
	switch (art->status) {
	case ARTICLE_PUBLISHED:
		return art->published_at > now ? "future" : "publish";
	case ARTICLE_SCHEDULED:
		return "future";
	case ARTICLE_PENDING:
		return "pending";
	case ARTICLE_TRASHED:
		return "trash";
	default:
		return "draft";
	}
}

static int
cmp_id(const void *p, const void *q)
{
	int64_t a = *(const int64_t *)p, b = *(const int64_t *)q;

	return a < b ? -1 : a > b;
}

/* The pinned articles (sticky posts), sorted for write_article(). */
static enum ng_err
load_pins(struct ex *x)
{
	enum ng_err err;

	if ((err = store_article_pins(x->a, x->st, 0, STORE_PINS_MAX, &x->pins,
		 &x->npins)) != NG_OK)
		return err;
	if (x->npins > 0)
		qsort(x->pins, x->npins, sizeof(*x->pins), cmp_id);
	return NG_OK;
}

static enum ng_err
write_article(struct ex *x, struct arena *a, const struct wp_row *row)
{
	FILE	       *f = x->f;
	struct article *art;
	struct item_out it;
	struct str	md;
	char	       *path;
	int64_t		mid;
	size_t		i;
	enum ng_err	err;

	if ((err = store_article_by_id(a, x->st, row->id, &art)) != NG_OK)
		return err == NG_ENOTFOUND ? NG_OK : err;
	if (art->status == ARTICLE_TRASHED)
		return NG_OK; /* a deletion waiting to happen */
	memset(&it, 0, sizeof(it));
	it.wp_id = wp_of_row(x, WP_ARTICLE, row);
	it.title = art->title;
	it.guid = guid(x, a, it.wp_id);
	it.link = it.guid;
	if (art->status == ARTICLE_PUBLISHED &&
	    (path = permalink_path(a, &x->pl, art->id, art->slug,
		 art->published_at, PV_PAGE)) != NULL)
		it.link = str_c(arena_printf(a, "%s%s", x->base, path));
	it.creator = login_of(x, art->author_id);
	body_of(x, a, art->format, art->body_md, art->body_html, &it.content,
	    &md);
	it.excerpt = art->dek;
	it.date = art->published_at > 0 ? art->published_at : art->created_at;
	it.modified = art->updated_at;
	it.comment_status = art->comments_open ? "open" : "closed";
	it.name = art->slug;
	it.status = article_status(art, x->now);
	it.type = "post";
	it.sticky = x->npins > 0 &&
	    bsearch(&art->id, x->pins, x->npins, sizeof(*x->pins), cmp_id) !=
		NULL;
	item_open(x, a, &it);
	if (art->section.id != 0)
		category(f, a, "category", art->section.slug,
		    art->section.name);
	for (i = 0; i < art->ntags; i++)
		category(f, a, "post_tag", art->tags[i].slug,
		    art->tags[i].name);
	/*
	 * Co-authors as the Co-Authors Plus plugin writes them: an
	 * "author" term a byline, in order, slug "cap-" and the login.
	 */
	for (i = 0; art->nauthors > 1 && i < art->nauthors; i++) {
		struct str login = login_of(x, art->authors[i].id);

		if (login.n > 0)
			category(f, a, "author",
			    str_c(arena_printf(a, "cap-%.*s", (int)login.n,
				login.p)),
			    login);
	}
	if (store_article_featured(x->st, art->id, &mid) == NG_OK && mid > 0)
		meta_i64(f, a, "_thumbnail_id", wp_of(x, WP_MEDIA, mid));
	meta(f, "_nutgraf_markdown", md);
	meta(f, "_nutgraf_kicker", art->kicker);
	meta(f, "_nutgraf_source_name", art->source_name);
	meta(f, "_nutgraf_source_url", art->source_url);
	meta(f, "_nutgraf_canonical_url", art->canonical_url);
	meta(f, "_yoast_wpseo_title", art->seo_title);
	meta(f, "_yoast_wpseo_metadesc", art->seo_description);
	if ((err = write_comments(x, a, art->id)) != NG_OK)
		return err;
	fputs("\t</item>\n", f);
	x->sum->count[WPC_ARTICLE]++;
	progress(x);
	return NG_OK;
}

static enum ng_err
write_articles(struct ex *x)
{
	struct idtab *t = &x->ids[WP_ARTICLE];
	struct arena *a;
	size_t	      i;
	enum ng_err   err = NG_OK;

	for (i = 0; i < t->n && err == NG_OK; i++) {
		if ((a = arena_new(ARENA_BATCH)) == NULL)
			return NG_ENOMEM;
		err = write_article(x, a, &t->v[i]);
		arena_free(a);
	}
	return err;
}

static void
menu_item(struct ex *x, struct arena *a, const struct menu *m, struct str mslug,
    const struct menu_item *mi, int64_t order)
{
	FILE	       *f = x->f;
	struct item_out it;
	const char     *type = "post_type", *object;
	int64_t		object_id = 0;

	memset(&it, 0, sizeof(it));
	it.wp_id = wp_of(x, WP_MENU_ITEM, mi->id);
	it.title = mi->label;
	it.guid = guid(x, a, it.wp_id);
	it.link = it.guid;
	it.date = it.modified = x->now;
	it.comment_status = "closed";
	it.name = str_c(arena_printf(a, "%" PRId64, it.wp_id));
	it.status = "publish";
	it.menu_order = order;
	it.type = "nav_menu_item";
	switch (mi->kind) {
	case MENU_ITEM_PAGE:
		object = "page";
		object_id = wp_of(x, WP_PAGE, mi->target_id);
		break;
	case MENU_ITEM_SECTION:
		type = "taxonomy";
		object = "category";
		object_id = wp_of(x, WP_SECTION, mi->target_id);
		break;
	case MENU_ITEM_ARTICLE:
		object = "post";
		object_id = wp_of(x, WP_ARTICLE, mi->target_id);
		break;
	default:
		type = "custom";
		object = "custom";
		object_id = it.wp_id;
		break;
	}
	item_open(x, a, &it);
	category(f, a, "nav_menu", mslug, m->name);
	meta(f, "_menu_item_type", str_c(type));
	meta_i64(f, a, "_menu_item_menu_item_parent",
	    wp_of(x, WP_MENU_ITEM, mi->parent_id));
	meta_i64(f, a, "_menu_item_object_id", object_id);
	meta(f, "_menu_item_object", str_c(object));
	meta(f, "_menu_item_target", STR_NULL);
	meta(f, "_menu_item_classes", STR_LIT("a:1:{i:0;s:0:\"\";}"));
	meta(f, "_menu_item_xfn", STR_NULL);
	/* A site path stays one: it names a page wherever the site is. */
	meta(f, "_menu_item_url",
	    mi->kind == MENU_ITEM_URL ? mi->url : STR_NULL);
	fputs("\t</item>\n", f);
	x->sum->count[WPC_MENU_ITEM]++;
	progress(x);
}

/*
 * WXR has no theme locations, and nutgraf's importer makes the menu
 * whose items come first the primary one: so the primary menu's items
 * are numbered first, then the footer's, then the rest.
 */
static enum ng_err
write_menu_items(struct ex *x, const struct menu *menus, size_t nmenus)
{
	struct menu  *m;
	struct arena *a;
	int64_t	      locs[MENU_LOC__MAX], order = 0;
	size_t	      i, k, r;
	enum ng_err   err;

	if (store_menu_locations(x->st, locs) != NG_OK)
		memset(locs, 0, sizeof(locs));
	for (r = 0; r <= MENU_LOC__MAX; r++)
		for (i = 0; i < nmenus; i++) {
			int rank = MENU_LOC__MAX;

			for (k = 0; k < MENU_LOC__MAX; k++)
				if (locs[k] == menus[i].id && (int)k < rank)
					rank = (int)k;
			if ((size_t)rank != r)
				continue;
			if ((a = arena_new(ARENA_BATCH)) == NULL)
				return NG_ENOMEM;
			if ((err = store_menu_get(a, x->st, menus[i].id, &m)) !=
			    NG_OK) {
				arena_free(a);
				if (err == NG_ENOTFOUND)
					continue;
				return err;
			}
			for (k = 0; k < m->nitems; k++)
				menu_item(x, a, m, menu_slug(a, m),
				    &m->items[k], ++order);
			arena_free(a);
		}
	return NG_OK;
}

enum ng_err
wp_export(struct store *st, FILE *f, const struct wp_export_opts *o,
    struct wp_export_summary *sum, char *errbuf, size_t errsz)
{
	struct ex    x;
	struct menu *menus = NULL;
	size_t	     nmenus = 0, k, len;
	enum ng_err  err;

	memset(sum, 0, sizeof(*sum));
	memset(&x, 0, sizeof(x));
	x.st = st;
	x.f = f;
	x.o = o;
	x.sum = sum;
	x.now = (int64_t)time(NULL);
	if ((x.a = arena_new(64u << 20)) == NULL) {
		snprintf(errbuf, errsz, "out of memory");
		return NG_ENOMEM;
	}
	x.base = arena_strdup(x.a,
	    o->base_url != NULL && o->base_url[0] != '\0' ? o->base_url :
							    "http://localhost");
	if (x.base == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	len = strlen(x.base);
	while (len > 0 && x.base[len - 1] == '/')
		x.base[--len] = '\0';
	permalink_load(x.a, st, &x.pl);
	if ((err = plan_ids(&x)) != NG_OK || (err = write_head(&x)) != NG_OK ||
	    (err = write_authors(&x)) != NG_OK ||
	    (err = write_terms(&x, &menus, &nmenus)) != NG_OK ||
	    (err = write_media(&x)) != NG_OK ||
	    (err = write_pages(&x)) != NG_OK ||
	    (err = load_pins(&x)) != NG_OK ||
	    (err = write_articles(&x)) != NG_OK ||
	    (err = write_menu_items(&x, menus, nmenus)) != NG_OK)
		goto out;
	fputs("</channel>\n</rss>\n", f);
	if (fflush(f) != 0 || ferror(f))
		err = NG_EIO;
out:
	if (err == NG_EIO)
		snprintf(errbuf, errsz, "cannot write the export");
	else if (err != NG_OK)
		snprintf(errbuf, errsz, "cannot read the site: %s",
		    ng_strerror(err));
	for (k = 0; k < WP__MAX; k++)
		free(x.ids[k].v);
	arena_free(x.a);
	return err;
}
