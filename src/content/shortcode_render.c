/*
 * shortcode_render.c -- what an article save does with shortcodes.
 *
 * The body is parsed (shortcode.c), each shortcode checked against the
 * store, and the Markdown handed to md4c with every shortcode replaced by
 * a token md4c copies through untouched: U+E000, decimal digits, U+E001
 * (private-use characters are plain text to CommonMark, and any such
 * character the author typed is replaced by U+FFFD first, so every token
 * is ours).  A block shortcode alone on its line gets blank lines around
 * its token so that it becomes a paragraph of its own, which is then
 * replaced whole.  After md4c the tokens are swapped for each
 * shortcode's stored form:
 *
 *   HTML: a marker <ng-sc k="KIND" id="N" v="V">FALLBACK</ng-sc> for what
 *         changes after the save (sliders, ads, related articles, video
 *         players), whose FALLBACK is the feed form; or final HTML for
 *         what does not ([caption], [gallery]).
 *   text: the text-view form, or nothing.
 *
 * A token md4c put inside a tag (an image's alt text, a link's URL) is
 * dropped: markup cannot go there.  A broken shortcode never gets a token
 * at all, so nothing of it reaches any output.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/autop.h"
#include "content/blocks.h"
#include "content/markdown.h"
#include "content/sanitize.h"
#include "content/permalink.h"
#include "content/shortcode.h"
#include "store/store.h"

#define TOK_OPEN  "\xee\x80\x80" /* U+E000 */
#define TOK_CLOSE "\xee\x80\x81" /* U+E001 */
#define TOK_LEN	  3

/* What one good shortcode becomes. */
struct item {
	struct str html;
	struct str text;
};

struct rctx {
	struct arena		 *a;
	struct store		 *st;
	struct item		 *items;
	size_t			  nitems;
	struct shortcode_warning *w;
	size_t			  nw, wcap;
	int			  html; /* the body is HTML, not Markdown */
	enum ng_err		  err;
};

static void
warn(struct rctx *c, const struct shortcode_node *nd, const char *why)
{
	struct shortcode_warning *nv;
	char			 *msg;
	size_t			  ncap;

	if (c->err != NG_OK)
		return;
	if (c->nw == c->wcap) {
		ncap = c->wcap == 0 ? 8 : c->wcap * 2;
		if ((nv = arena_calloc(c->a, ncap, sizeof(*nv))) == NULL) {
			c->err = NG_ENOMEM;
			return;
		}
		if (c->nw > 0)
			memcpy(nv, c->w, c->nw * sizeof(*nv));
		c->w = nv;
		c->wcap = ncap;
	}
	msg = arena_printf(c->a, "Line %u: [%.*s] was left out: %s.", nd->line,
	    (int)nd->name.n, nd->name.p, why);
	if (msg == NULL) {
		c->err = NG_ENOMEM;
		return;
	}
	c->w[c->nw].line = nd->line;
	c->w[c->nw].name = arena_str(c->a, nd->name);
	c->w[c->nw].message = str_c(msg);
	c->nw++;
}

/* A positive decimal id (at most 18 digits), else 0. */
static int64_t
parse_id(struct str s)
{
	int64_t v = 0;
	size_t	i;

	if (s.n == 0 || s.n > 18)
		return 0;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return 0;
		v = v * 10 + (s.p[i] - '0');
	}
	return v;
}

/* The id="N" of nd (or its first positional value). */
static int64_t
node_id(const struct shortcode_node *nd)
{
	struct str v;

	if (shortcode_attr(nd, "id", 0, &v) || shortcode_attr(nd, NULL, 0, &v))
		return parse_id(v);
	return 0;
}

static struct str
finish(struct rctx *c, struct buf *b)
{
	struct str s;

	if (buf_finish(b, &s) != NG_OK) {
		c->err = b->err;
		return STR_NULL;
	}
	return s;
}

/*
 * The article's path in the site's permalink pattern when the body is
 * saved.  Pages replace the link at each request (reader/shortcodes.c);
 * the stored text keeps this one, which redirects if the pattern
 * changes later.
 */
static void
put_permalink(struct rctx *c, struct buf *b, const struct article *art)
{
	struct permalink pl;
	const char	*p;

	permalink_load(c->a, c->st, &pl);
	if ((p = permalink_path(c->a, &pl, art->id, art->slug,
		 art->published_at, PV_PAGE)) != NULL)
		buf_puts(b, p);
}

static int
do_slider(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	struct slider	   *sl = NULL;
	const struct slide *f;
	struct buf	    h, t;
	int64_t		    id = node_id(nd);
	enum ng_err	    err;

	if (id == 0) {
		warn(c, nd, "it needs id=\"N\" with the number of a slider");
		return 0;
	}
	if (nd->kind == SHORTCODE_SOLILOQUY) {
		err = store_slider_by_legacy(c->a, c->st, id, &sl);
		if (err == NG_ENOTFOUND)
			err = store_slider_get(c->a, c->st, id, &sl);
	} else
		err = store_slider_get(c->a, c->st, id, &sl);
	if (err == NG_ENOTFOUND) {
		warn(c, nd, "there is no such slider");
		return 0;
	}
	if (err != NG_OK) {
		c->err = err;
		return 0;
	}
	if (sl->nslides == 0) {
		warn(c, nd, "the slider has no slides");
		return 0;
	}
	f = &sl->slides[0];
	buf_init(&h, c->a);
	buf_init(&t, c->a);
	buf_printf(&h, "<ng-sc k=\"slider\" id=\"%lld\"><p>",
	    (long long)sl->id);
	if (f->link_url.n > 0) {
		buf_puts(&h, "<a href=\"");
		buf_put_html(&h, f->link_url.p, f->link_url.n);
		buf_puts(&h, "\">");
	}
	buf_puts(&h, "<img src=\"");
	buf_put_html(&h, f->image_url.p, f->image_url.n);
	buf_puts(&h, "\" alt=\"");
	buf_put_html(&h, f->alt.p, f->alt.n);
	buf_puts(&h, "\">");
	if (f->link_url.n > 0)
		buf_puts(&h, "</a>");
	if (f->caption.n > 0) {
		buf_puts(&h, "<br>");
		buf_put_html(&h, f->caption.p, f->caption.n);
	}
	buf_puts(&h, "</p></ng-sc>");
	buf_putstr(&t, f->caption.n > 0 ? f->caption : f->alt);
	if (f->link_url.n > 0) {
		buf_puts(&t, t.n > 0 ? " <" : "<");
		buf_putstr(&t, f->link_url);
		buf_puts(&t, ">");
	}
	it->html = finish(c, &h);
	it->text = finish(c, &t);
	return c->err == NG_OK;
}

static int
do_related(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	struct article *art;
	struct buf	h, t, url;
	struct str	u;
	int64_t		id = node_id(nd);
	enum ng_err	err;

	if (id == 0) {
		warn(c, nd, "it needs id=\"N\" with the number of an article");
		return 0;
	}
	if ((err = store_article_by_id(c->a, c->st, id, &art)) ==
	    NG_ENOTFOUND) {
		warn(c, nd, "there is no such article");
		return 0;
	}
	if (err != NG_OK) {
		c->err = err;
		return 0;
	}
	buf_init(&h, c->a);
	buf_init(&t, c->a);
	buf_init(&url, c->a);
	buf_printf(&h, "<ng-sc k=\"related\" id=\"%lld\">", (long long)id);
	if (art->status == ARTICLE_PUBLISHED) {
		put_permalink(c, &url, art);
		u = finish(c, &url);
		buf_puts(&h, "<p>Also read: <a href=\"");
		buf_put_html(&h, u.p, u.n);
		buf_puts(&h, "\">");
		buf_put_html(&h, art->title.p, art->title.n);
		buf_puts(&h, "</a></p>");
	} else
		warn(c, nd,
		    "the article is not published yet; the box shows "
		    "once it is");
	buf_puts(&h, "</ng-sc>");
	it->html = finish(c, &h);
	it->text = finish(c, &t);
	return c->err == NG_OK;
}

static int
do_ad(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	struct ad_slot slot;
	struct buf     h;
	struct str     name;
	enum ng_err    err;

	if (!shortcode_attr(nd, "slot", 0, &name) &&
	    !shortcode_attr(nd, "name", 0, &name) &&
	    !shortcode_attr(nd, NULL, 0, &name)) {
		warn(c, nd, "it needs slot=\"name\" with an ad slot's name");
		return 0;
	}
	if ((err = store_ad_slot_get(c->a, c->st, name, &slot)) ==
	    NG_ENOTFOUND) {
		warn(c, nd, "there is no such ad slot");
		return 0;
	}
	if (err != NG_OK) {
		c->err = err;
		return 0;
	}
	/* Ads never reach feeds or the text view: no fallback, no text. */
	buf_init(&h, c->a);
	buf_printf(&h, "<ng-sc k=\"ad\" v=\"%.*s\"></ng-sc>", (int)slot.name.n,
	    slot.name.p);
	it->html = finish(c, &h);
	it->text = STR_NULL;
	return c->err == NG_OK;
}

static struct str
trim_space(struct str s)
{
	while (s.n > 0 &&
	    (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\n' ||
		s.p[0] == '\r')) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 &&
	    (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' ||
		s.p[s.n - 1] == '\n' || s.p[s.n - 1] == '\r'))
		s.n--;
	return s;
}

/* A YouTube or Vimeo URL as the click-to-load player's marker. */
static int
put_video_marker(struct rctx *c, struct str url, struct item *it)
{
	const char *prov;
	struct str  id;
	struct buf  h, t;

	if (!shortcode_video_url(url, &prov, &id))
		return 0;
	buf_init(&h, c->a);
	buf_init(&t, c->a);
	/* id is [A-Za-z0-9_-] only (shortcode_video_url()). */
	buf_printf(&h, "<ng-sc k=\"video\" v=\"%s/%.*s\"><p><a href=\"", prov,
	    (int)id.n, id.p);
	if (prov[0] == 'y')
		buf_printf(&h, "https://www.youtube.com/watch?v=%.*s",
		    (int)id.n, id.p);
	else
		buf_printf(&h, "https://vimeo.com/%.*s", (int)id.n, id.p);
	buf_printf(&h, "\">Watch the video on %s</a></p></ng-sc>",
	    prov[0] == 'y' ? "YouTube" : "Vimeo");
	buf_puts(&t, "Video: ");
	if (prov[0] == 'y')
		buf_printf(&t, "https://www.youtube.com/watch?v=%.*s",
		    (int)id.n, id.p);
	else
		buf_printf(&t, "https://vimeo.com/%.*s", (int)id.n, id.p);
	it->html = finish(c, &h);
	it->text = finish(c, &t);
	return c->err == NG_OK;
}

/*
 * A media URL a body may point at: http or https, or a path on this
 * site ("/media/..."); at most 2,048 bytes and no bytes that could end
 * an attribute or a line.  *local says it is this site's.
 */
static int
media_url(struct str u, int *local)
{
	size_t i;

	*local = 0;
	if (u.n == 0 || u.n > 2048)
		return 0;
	for (i = 0; i < u.n; i++)
		if ((unsigned char)u.p[i] <= ' ' || u.p[i] == '"' ||
		    u.p[i] == '\'' || u.p[i] == '<' || u.p[i] == '>' ||
		    u.p[i] == '\\' || u.p[i] == 0x7f)
			return 0;
	if (u.p[0] == '/')
		return *local = u.n > 1 && u.p[1] != '/';
	return (u.n > 8 && strncasecmp(u.p, "https://", 8) == 0) ||
	    (u.n > 7 && strncasecmp(u.p, "http://", 7) == 0);
}

/* The host of an absolute URL, for "a file on HOST". */
static struct str
url_host(struct str u)
{
	const char *p = memchr(u.p, '/', u.n), *e;

	if (p == NULL || (size_t)(p - u.p) + 2 > u.n || p[1] != '/')
		return STR_NULL;
	p += 2;
	for (e = p;
	     e < u.p + u.n && *e != '/' && *e != '?' && *e != '#' && *e != ':';
	     e++)
		;
	return (struct str){ p, (size_t)(e - p) };
}

/* A number attribute of at most 4 digits (width, height), else 0. */
static int
dim(const struct shortcode_node *nd, const char *name)
{
	struct str v;
	int64_t	   x;

	if (!shortcode_attr(nd, name, 0, &v) || v.n > 4)
		return 0;
	x = parse_id(v);
	return (int)x;
}

/*
 * An audio or video file: this site's files get the browser's own
 * player (preload="none": nothing is fetched before play); another
 * site's get a link, so nothing is fetched from it before the reader
 * asks; YouTube and Vimeo the click-to-load player of [embed].
 */
static int
put_media(struct rctx *c, const struct shortcode_node *nd, struct str url,
    int video, struct item *it)
{
	struct buf  h, t;
	struct str  poster, host;
	const char *what = video ? "video" : "audio";
	int	    local, plocal, w, ht;

	if (video && put_video_marker(c, url, it))
		return c->err == NG_OK;
	if (!media_url(url, &local)) {
		warn(c, nd,
		    "its file must be an http or https URL or a path on "
		    "this site");
		return 0;
	}
	buf_init(&h, c->a);
	buf_init(&t, c->a);
	if (local) {
		buf_printf(&h,
		    "<figure class=\"sc-%s\"><%s controls "
		    "preload=\"none\"",
		    what, what);
		if (video && (w = dim(nd, "width")) > 0 &&
		    (ht = dim(nd, "height")) > 0)
			buf_printf(&h, " width=\"%d\" height=\"%d\"", w, ht);
		if (video && shortcode_attr(nd, "poster", 0, &poster) &&
		    media_url(poster, &plocal) && plocal) {
			buf_puts(&h, " poster=\"");
			buf_put_html(&h, poster.p, poster.n);
			buf_putc(&h, '"');
		}
		buf_puts(&h, " src=\"");
		buf_put_html(&h, url.p, url.n);
		buf_printf(&h, "\"><a href=\"");
		buf_put_html(&h, url.p, url.n);
		buf_printf(&h, "\">Download the %s</a></%s></figure>\n", what,
		    what);
	} else {
		host = url_host(url);
		buf_printf(&h, "<p class=\"sc-%s sc-media-link\"><a href=\"",
		    what);
		buf_put_html(&h, url.p, url.n);
		buf_printf(&h,
		    "\" rel=\"external nofollow noopener\">%s the "
		    "%s on ",
		    video ? "Watch" : "Listen to", what);
		buf_put_html(&h, host.p, host.n);
		buf_puts(&h, "</a></p>\n");
	}
	buf_printf(&t, "%s: ", video ? "Video" : "Audio");
	buf_putstr(&t, url);
	it->html = finish(c, &h);
	it->text = finish(c, &t);
	return c->err == NG_OK;
}

/*
 * [audio] and [video] as WordPress documents them: src=, or a URL per
 * format (mp3=, ogg=, ... / mp4=, webm=, ...), the first one given;
 * width, height and poster for video.  loop, autoplay and preload are
 * not kept: nothing plays or loads before the reader asks.
 */
static int
do_audio_video(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	static const char *const aattrs[] = { "src", "mp3", "m4a", "ogg", "wav",
		"wma", "flac", NULL };
	static const char *const vattrs[] = { "src", "mp4", "m4v", "webm",
		"ogv", "wmv", "flv", NULL };
	const char *const	*a;
	int			 video = nd->kind == SHORTCODE_VIDEO;
	struct str		 url = STR_NULL;

	for (a = video ? vattrs : aattrs; *a != NULL && url.n == 0; a++)
		if (shortcode_attr(nd, *a, 0, &url))
			url = trim_space(url);
	if (url.n == 0 && !shortcode_attr(nd, NULL, 0, &url))
		url = STR_NULL;
	if (url.n == 0) {
		warn(c, nd, "it names no file (src=\"URL\")");
		return 0;
	}
	return put_media(c, nd, url, video, it);
}

/* A WordPress boolean attribute: absent is dflt; "false", "0" are no. */
static int
flag(const struct shortcode_node *nd, const char *name, int dflt)
{
	struct str v;

	if (!shortcode_attr(nd, name, 0, &v))
		return dflt;
	v = trim_space(v);
	return !(str_eqc(v, "false") || str_eqc(v, "0") || str_eqc(v, "no") ||
	    str_eqc(v, "off"));
}

/* "3:05" or "1:02:07" for a running time of s seconds. */
static void
put_duration(struct buf *b, int64_t s)
{
	if (s >= 3600)
		buf_printf(b, "%lld:%02lld:%02lld", (long long)(s / 3600),
		    (long long)(s / 60 % 60), (long long)(s % 60));
	else
		buf_printf(b, "%lld:%02lld", (long long)(s / 60),
		    (long long)(s % 60));
}

/* One track of a playlist: its title, the player and a download link. */
static void
put_track(struct buf *h, struct buf *t, const struct media *m, int video,
    int tracklist, int artists, size_t num, int numbers)
{
	const char *what = video ? "video" : "audio";
	struct str  title = m->alt.n > 0 ? m->alt : m->caption, ext;
	const char *dot;

	if (title.n == 0)
		title = STR_LIT("Untitled");
	ext = STR_NULL;
	if ((dot = memrchr(m->path.p, '.', m->path.n)) != NULL)
		ext = (struct str){ dot + 1,
			(size_t)(m->path.p + m->path.n - dot - 1) };
	buf_puts(h, "<li><figure>");
	if (tracklist) {
		buf_puts(h, "<figcaption><span class=\"sc-track-title\">");
		buf_put_html(h, title.p, title.n);
		buf_puts(h, "</span>");
		if (artists && m->credit.n > 0) {
			buf_puts(h, " <span class=\"sc-track-artist\">");
			buf_put_html(h, m->credit.p, m->credit.n);
			buf_puts(h, "</span>");
		}
		if (m->duration > 0) {
			buf_puts(h, " <span class=\"sc-track-length\">");
			put_duration(h, m->duration);
			buf_puts(h, "</span>");
		}
		buf_puts(h, "</figcaption>");
	}
	buf_printf(h, "<%s controls preload=\"none\"", what);
	if (video && m->width > 0 && m->height > 0 && m->width <= 9999 &&
	    m->height <= 9999)
		buf_printf(h, " width=\"%lld\" height=\"%lld\"",
		    (long long)m->width, (long long)m->height);
	buf_puts(h, " aria-label=\"");
	buf_put_html(h, title.p, title.n);
	buf_puts(h, "\" src=\"/media/");
	buf_put_html(h, m->path.p, m->path.n);
	buf_puts(h, "\"><a href=\"/media/");
	buf_put_html(h, m->path.p, m->path.n);
	buf_puts(h, "\">Download ");
	buf_put_html(h, title.p, title.n);
	if (ext.n > 0) {
		buf_puts(h, " (");
		while (ext.n > 0) {
			buf_putc(h,
			    ext.p[0] >= 'a' && ext.p[0] <= 'z' ?
				(char)(ext.p[0] - 'a' + 'A') :
				ext.p[0]);
			ext.p++;
			ext.n--;
		}
		if (m->bytes >= 1024 * 1024)
			buf_printf(h, ", %.1f MB",
			    (double)m->bytes / (1024.0 * 1024.0));
		else if (m->bytes > 0)
			buf_printf(h, ", %lld KB",
			    (long long)(m->bytes + 1023) / 1024);
		buf_putc(h, ')');
	}
	buf_printf(h, "</a></%s></figure></li>", what);
	if (numbers)
		buf_printf(t, "\n%zu. ", num);
	else
		buf_puts(t, "\n- ");
	buf_putstr(t, title);
	if (m->duration > 0) {
		buf_puts(t, " (");
		put_duration(t, m->duration);
		buf_putc(t, ')');
	}
	buf_puts(t, ": /media/");
	buf_putstr(t, m->path);
}

/*
 * [playlist ids="1,2"]: WordPress's list of audio (type="audio", the
 * default) or video files (type="video"), here one player per track
 * in a numbered list (tracknumbers="false": unnumbered), each with its
 * title, artist and running time (tracklist="false" hides them,
 * artists="false" the artist) and a download link; no script, nothing
 * loaded before the reader presses play.  ids are media ids (the
 * importer rewrites WordPress's attachment IDs and the post's own
 * attachments into them); order="DESC" turns them round, and files
 * not of the playlist's type are left out, as WordPress does.
 */
static int
do_playlist(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	struct str   ids, type;
	struct media m;
	struct buf   h, t;
	int64_t	     v[SHORTCODE_GALLERY_MAX];
	size_t	     n, i, k, shown = 0;
	int	     video = 0, numbers, tracklist, artists, desc;
	enum ng_err  err;

	if (shortcode_attr(nd, "type", 0, &type)) {
		type = trim_space(type);
		if (str_eqc(type, "video"))
			video = 1;
		else if (!str_eqc(type, "audio")) {
			warn(c, nd, "type must be \"audio\" or \"video\"");
			return 0;
		}
	}
	if (!shortcode_attr(nd, "ids", 0, &ids) || trim_space(ids).n == 0) {
		warn(c, nd,
		    "it names no files of the media library "
		    "(ids=\"1,2,3\" with media numbers)");
		return 0;
	}
	if ((n = shortcode_id_list(ids, v, SHORTCODE_GALLERY_MAX)) == 0) {
		warn(c, nd, "ids must be numbers separated by commas");
		return 0;
	}
	numbers = flag(nd, "tracknumbers", 1);
	tracklist = flag(nd, "tracklist", 1);
	artists = flag(nd, "artists", 1);
	desc = shortcode_attr(nd, "order", 0, &type) &&
	    str_eqc(trim_space(type), "DESC");
	buf_init(&h, c->a);
	buf_init(&t, c->a);
	buf_printf(&h,
	    "<section class=\"sc-playlist sc-playlist-%s\" "
	    "aria-label=\"Playlist\"><%s class=\"sc-tracklist\">",
	    video ? "video" : "audio", numbers ? "ol" : "ul");
	buf_puts(&t, "Playlist:");
	for (k = 0; k < n; k++) {
		i = desc ? n - 1 - k : k;
		err = store_media_get(c->a, c->st, v[i], &m);
		if (err == NG_ENOTFOUND)
			continue;
		if (err != NG_OK) {
			c->err = err;
			return 0;
		}
		if (m.mime.n < 6 ||
		    strncasecmp(m.mime.p, video ? "video/" : "audio/", 6) != 0)
			continue;
		put_track(&h, &t, &m, video, tracklist, artists, ++shown,
		    numbers);
	}
	if (shown == 0) {
		warn(c, nd,
		    video ?
			"none of its files is a video of the media library" :
			"none of its files is audio of the media library");
		return 0;
	}
	buf_printf(&h, "</%s></section>\n", numbers ? "ol" : "ul");
	it->html = finish(c, &h);
	it->text = finish(c, &t);
	return c->err == NG_OK;
}

/*
 * [embed]URL[/embed]: YouTube and Vimeo get the click-to-load player;
 * an audio or video file its player; any other web address a link, as
 * WordPress shows a URL it cannot embed.
 */
static int
do_embed(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	struct str url = trim_space(nd->content), src;
	struct buf h, t;
	int	   local;

	if (url.n == 0 && shortcode_attr(nd, "src", 0, &src))
		url = trim_space(src);
	if (put_video_marker(c, url, it))
		return c->err == NG_OK;
	if (!media_url(url, &local)) {
		warn(c, nd, "it needs a web address (http or https)");
		return 0;
	}
	switch (shortcode_media_url_kind(url)) {
	case SHORTCODE_URL_AUDIO:
		return put_media(c, nd, url, 0, it);
	case SHORTCODE_URL_VIDEO:
		return put_media(c, nd, url, 1, it);
	default:
		break;
	}
	buf_init(&h, c->a);
	buf_init(&t, c->a);
	buf_puts(&h, "<p class=\"sc-embed\"><a href=\"");
	buf_put_html(&h, url.p, url.n);
	buf_puts(&h, "\" rel=\"external nofollow noopener\">");
	buf_put_html(&h, url.p, url.n);
	buf_puts(&h, "</a></p>\n");
	buf_putstr(&t, url);
	it->html = finish(c, &h);
	it->text = finish(c, &t);
	return c->err == NG_OK;
}

static int
do_video(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	if (put_video_marker(c, trim_space(nd->content), it))
		return c->err == NG_OK;
	warn(c, nd, "only YouTube and Vimeo video URLs can be embedded");
	return 0;
}

static int
do_gallery(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	struct str  ids, one, path, alt, cap;
	struct buf  h, t;
	size_t	    i, start, shown = 0;
	int64_t	    id;
	enum ng_err err;

	if (!shortcode_attr(nd, "ids", 0, &ids) || ids.n == 0) {
		warn(c, nd, "it needs ids=\"1,2,3\" with media numbers");
		return 0;
	}
	buf_init(&h, c->a);
	buf_init(&t, c->a);
	buf_puts(&h, "<ul class=\"sc-gallery\">");
	for (start = i = 0; i <= ids.n && shown < STORE_SLIDES_MAX; i++) {
		if (i < ids.n && ids.p[i] != ',')
			continue;
		one = (struct str){ ids.p + start, i - start };
		start = i + 1;
		while (one.n > 0 && one.p[0] == ' ') {
			one.p++;
			one.n--;
		}
		while (one.n > 0 && one.p[one.n - 1] == ' ')
			one.n--;
		if ((id = parse_id(one)) == 0) {
			warn(c, nd, "ids must be numbers separated by commas");
			return 0;
		}
		err = store_media_brief(c->a, c->st, id, &path, &alt, &cap);
		if (err == NG_ENOTFOUND) {
			warn(c, nd, "one of its images does not exist");
			return 0;
		}
		if (err != NG_OK) {
			c->err = err;
			return 0;
		}
		buf_puts(&h, "<li><figure><img src=\"/media/");
		buf_put_html(&h, path.p, path.n);
		buf_puts(&h, "\" alt=\"");
		buf_put_html(&h, alt.p, alt.n);
		buf_puts(&h, "\" loading=\"lazy\">");
		if (cap.n > 0) {
			buf_puts(&h, "<figcaption>");
			buf_put_html(&h, cap.p, cap.n);
			buf_puts(&h, "</figcaption>");
			if (t.n > 0)
				buf_puts(&t, "\n");
			buf_puts(&t, "Image: ");
			buf_putstr(&t, cap);
		}
		buf_puts(&h, "</figure></li>");
		shown++;
	}
	buf_puts(&h, "</ul>\n");
	it->html = finish(c, &h);
	it->text = finish(c, &t);
	return c->err == NG_OK;
}

/*
 * [caption]![alt](src) The caption.[/caption]: the content is Markdown;
 * a leading image becomes the figure, the rest its caption (or the
 * caption="..." attribute, as older WordPress wrote it).  Shortcodes
 * inside are not rendered (and reported).
 */
static int
do_caption(struct rctx *c, const struct shortcode_node *nd, struct item *it)
{
	struct shortcode_doc inner;
	struct safe_html     ch;
	struct str	     body, capattr, img, rest, txt;
	struct buf	     src, h;
	const char	    *gt;
	size_t		     i;
	enum ng_err	     err;

	if ((err = shortcode_parse(c->a, nd->content.p, nd->content.n, nd->line,
		 &inner)) != NG_OK) {
		c->err = err;
		return 0;
	}
	buf_init(&src, c->a);
	for (i = 0; i < inner.n; i++) {
		if (inner.v[i].type == SHORTCODE_NODE_TEXT)
			buf_putstr(&src, inner.v[i].text);
		else
			warn(c, &inner.v[i],
			    "shortcodes cannot go inside "
			    "[caption]");
	}
	body = finish(c, &src);
	if (c->err != NG_OK)
		return 0;
	for (i = 0; i < body.n &&
	     (body.p[i] == ' ' || body.p[i] == '\n' || body.p[i] == '\r' ||
		 body.p[i] == '\t');
	     i++)
		;
	/*
	 * WordPress writes "[caption]<img ...> Text[/caption]": HTML, in a
	 * Markdown body too.  Such content goes through the sanitizer (so
	 * the image is an image, not escaped text); Markdown content
	 * through md4c.
	 */
	if (c->html || (i < body.n && body.p[i] == '<')) {
		if ((err = sanitize_html(c->a, body.p, body.n, &ch, NULL)) !=
			NG_OK ||
		    (err = sanitize_text(c->a, ch.s, &txt)) != NG_OK) {
			c->err = err == NG_ETOOBIG ? NG_OK : err;
			warn(c, nd, "its content cannot be read");
			return 0;
		}
		while (ch.s.n > 0 && (ch.s.p[0] == ' ' || ch.s.p[0] == '\n')) {
			ch.s.p++;
			ch.s.n--;
		}
		while (ch.s.n > 0 &&
		    (ch.s.p[ch.s.n - 1] == ' ' || ch.s.p[ch.s.n - 1] == '\n'))
			ch.s.n--;
	} else if ((err = markdown_render(c->a, body.p, body.n, &ch)) !=
		NG_OK ||
	    (err = markdown_text(c->a, body.p, body.n, &txt)) != NG_OK) {
		c->err = err;
		return 0;
	}
	/* md4c wraps the content in one paragraph: "<p>...</p>\n". */
	rest = ch.s;
	if (rest.n >= 8 && memcmp(rest.p, "<p>", 3) == 0 &&
	    memcmp(rest.p + rest.n - 5, "</p>\n", 5) == 0) {
		rest.p += 3;
		rest.n -= 8;
	}
	img = STR_NULL;
	/* The image, or (as WordPress links it to its file) its link. */
	if (rest.n > 3 && memcmp(rest.p, "<a ", 3) == 0 &&
	    (gt = memmem(rest.p, rest.n, "</a>", 4)) != NULL &&
	    memmem(rest.p, (size_t)(gt - rest.p), "<img ", 5) != NULL) {
		img = (struct str){ rest.p, (size_t)(gt - rest.p) + 4 };
		rest.p += img.n;
		rest.n -= img.n;
		while (rest.n > 0 && (rest.p[0] == ' ' || rest.p[0] == '\n')) {
			rest.p++;
			rest.n--;
		}
	} else if (rest.n > 5 && memcmp(rest.p, "<img ", 5) == 0 &&
	    (gt = memchr(rest.p, '>', rest.n)) != NULL) {
		img = (struct str){ rest.p, (size_t)(gt - rest.p) + 1 };
		rest.p += img.n;
		rest.n -= img.n;
		while (rest.n > 0 && (rest.p[0] == ' ' || rest.p[0] == '\n')) {
			rest.p++;
			rest.n--;
		}
	}
	if (img.n == 0 && rest.n == 0 &&
	    !shortcode_attr(nd, "caption", 0, &capattr)) {
		warn(c, nd, "it has no image and no text");
		return 0;
	}
	buf_init(&h, c->a);
	buf_puts(&h, "<figure class=\"sc-caption");
	/* align="alignleft" and the like: WordPress's own class names. */
	if (shortcode_attr(nd, "align", 0, &capattr) &&
	    (str_eqc(capattr, "alignleft") || str_eqc(capattr, "alignright") ||
		str_eqc(capattr, "aligncenter") ||
		str_eqc(capattr, "alignnone"))) {
		buf_putc(&h, ' ');
		buf_putstr(&h, capattr);
	}
	buf_puts(&h, "\">");
	if (img.n > 0)
		buf_putstr(&h, img);
	/*
	 * caption="..." (WordPress before 3.4) may hold inline HTML, a
	 * link or an emphasis: through the sanitizer like the rest.
	 */
	if (shortcode_attr(nd, "caption", 0, &capattr) && capattr.n > 0 &&
	    sanitize_html(c->a, capattr.p, capattr.n, &ch, NULL) == NG_OK &&
	    sanitize_text(c->a, ch.s, &txt) == NG_OK) {
		rest = ch.s;
		if (rest.n >= 7 && memcmp(rest.p, "<p>", 3) == 0 &&
		    memcmp(rest.p + rest.n - 4, "</p>", 4) == 0) {
			rest.p += 3;
			rest.n -= 7;
		}
		buf_puts(&h, "<figcaption>");
		buf_putstr(&h, rest);
		buf_puts(&h, "</figcaption>");
	} else if (rest.n > 0) {
		buf_puts(&h, "<figcaption>");
		buf_putstr(&h, rest);
		buf_puts(&h, "</figcaption>");
	}
	buf_puts(&h, "</figure>\n");
	it->html = finish(c, &h);
	it->text = txt;
	return c->err == NG_OK;
}

/* Kinds rendered as a block of their own when alone on their line. */
static int
is_block(enum shortcode_kind k)
{
	return k != SHORTCODE_UNKNOWN;
}

/* Whether nd's source is alone on its line(s) of md. */
static int
alone_on_line(struct str md, const struct shortcode_node *nd)
{
	const char *p = nd->src.p, *e = nd->src.p + nd->src.n;

	while (p > md.p && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	if (p > md.p && p[-1] != '\n')
		return 0;
	while (e < md.p + md.n && (*e == ' ' || *e == '\t' || *e == '\r'))
		e++;
	return e == md.p + md.n || *e == '\n';
}

/* Append s, replacing U+E000 and U+E001 (our token brackets) by U+FFFD. */
static void
put_clean(struct buf *b, struct str s)
{
	size_t i, start = 0;

	for (i = 0; i + TOK_LEN <= s.n; i++) {
		if ((unsigned char)s.p[i] == 0xee &&
		    (unsigned char)s.p[i + 1] == 0x80 &&
		    ((unsigned char)s.p[i + 2] == 0x80 ||
			(unsigned char)s.p[i + 2] == 0x81)) {
			buf_put(b, s.p + start, i - start);
			buf_puts(b, "\xef\xbf\xbd");
			start = i + TOK_LEN;
			i += TOK_LEN - 1;
		}
	}
	buf_put(b, s.p + start, s.n - start);
}

/* At s[i] == token start: its item number and length, or -1. */
static long
token_at(struct str s, size_t i, size_t *len)
{
	size_t k = i + TOK_LEN;
	long   v = 0;

	if (i + TOK_LEN > s.n || memcmp(s.p + i, TOK_OPEN, TOK_LEN) != 0)
		return -1;
	while (k < s.n && s.p[k] >= '0' && s.p[k] <= '9' && k - i < 12)
		v = v * 10 + (s.p[k++] - '0');
	if (k == i + TOK_LEN || k + TOK_LEN > s.n ||
	    memcmp(s.p + k, TOK_CLOSE, TOK_LEN) != 0)
		return -1;
	*len = k + TOK_LEN - i;
	return v;
}

/*
 * Replace the tokens of md4c's HTML with the items' HTML.  "<p>TOKEN</p>"
 * is replaced whole; a token inside a tag is dropped.
 */
static void
subst_html(struct rctx *c, struct str s, struct buf *out)
{
	size_t i, start = 0, len, pstart;
	long   k;
	int    in_tag = 0;

	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '<')
			in_tag = 1;
		else if (s.p[i] == '>')
			in_tag = 0;
		if ((unsigned char)s.p[i] != 0xee ||
		    (k = token_at(s, i, &len)) < 0)
			continue;
		pstart = i;
		if (!in_tag && i >= 3 && memcmp(s.p + i - 3, "<p>", 3) == 0 &&
		    i + len + 5 <= s.n &&
		    memcmp(s.p + i + len, "</p>\n", 5) == 0) {
			pstart = i - 3;
			len += 5;
		}
		buf_put(out, s.p + start, pstart - start);
		if (!in_tag && (size_t)k < c->nitems) {
			buf_putstr(out, c->items[k].html);
			/* A whole paragraph was replaced: keep its line. */
			if (pstart != i && c->items[k].html.n > 0 &&
			    c->items[k].html.p[c->items[k].html.n - 1] != '\n')
				buf_putc(out, '\n');
		}
		start = i + len;
		i = start - 1;
	}
	buf_put(out, s.p + start, s.n - start);
}

/* Replace the tokens of the text with the items' text, tidy blank lines. */
static void
subst_text(struct rctx *c, struct str s, struct buf *out)
{
	struct buf tmp;
	struct str r;
	size_t	   i, start = 0, len, nl;
	long	   k;

	buf_init(&tmp, NULL);
	buf_set_max(&tmp, 2 * (size_t)MARKDOWN_MAX);
	for (i = 0; i < s.n; i++) {
		if ((unsigned char)s.p[i] != 0xee ||
		    (k = token_at(s, i, &len)) < 0)
			continue;
		buf_put(&tmp, s.p + start, i - start);
		if ((size_t)k < c->nitems)
			buf_putstr(&tmp, c->items[k].text);
		start = i + len;
		i = start - 1;
	}
	buf_put(&tmp, s.p + start, s.n - start);
	if (buf_finish(&tmp, &r) != NG_OK) {
		c->err = tmp.err;
		buf_release(&tmp);
		return;
	}
	/* An ad leaves an empty paragraph: at most one blank line, trimmed. */
	i = 0;
	while (i < r.n && (r.p[i] == '\n' || r.p[i] == ' '))
		i++;
	for (nl = 0; i < r.n; i++) {
		if (r.p[i] == '\n') {
			nl++;
			continue;
		}
		if (nl > 0)
			buf_put(out, "\n\n", nl > 2 ? 2 : nl);
		nl = 0;
		buf_putc(out, r.p[i]);
	}
	buf_release(&tmp);
}

/*
 * Both body formats: Markdown goes through md4c, HTML (an import)
 * through the block parser, automatic paragraphs and the sanitizer; the
 * shortcodes' tokens pass through either as text and are replaced
 * after, so what a shortcode renders is never sanitized away and what
 * the author wrote never escapes the sanitizer.
 */
static enum ng_err
render(struct arena *a, struct store *st, struct str md, int is_html,
    struct safe_html *html, struct str *text, struct shortcode_warning **w,
    size_t *nw, struct blocks_result *br)
{
	struct blocks_result br0;
	int		     had_blocks = 0;
	size_t		     max = is_html ? SANITIZE_MAX : MARKDOWN_MAX;

	struct shortcode_doc	     doc;
	const struct shortcode_node *nd;
	struct rctx		     c;
	struct safe_html	     h0;
	struct str		     t0, src, s;
	struct buf		     b, hb, tb;
	size_t			     i;
	int			     ok;
	enum ng_err		     err;

	*html = safe_html_trust(STR_NULL);
	*text = STR_NULL;
	if (w != NULL) {
		*w = NULL;
		*nw = 0;
	}
	if (br == NULL)
		br = &br0;
	memset(br, 0, sizeof(*br));
	if (md.n > max)
		return NG_ETOOBIG;
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.st = st;
	c.html = is_html;
	if (is_html && blocks_present(md.p, md.n)) {
		if ((err = blocks_render(a, md.p, md.n, br)) != NG_OK)
			return err;
		md = br->html;
		had_blocks = 1;
	}
	if ((err = shortcode_parse(a, md.p, md.n, 1, &doc)) != NG_OK)
		return err;
	if (doc.ncodes > 0 &&
	    (c.items = arena_calloc(a, doc.ncodes, sizeof(*c.items))) == NULL)
		return NG_ENOMEM;

	/* The Markdown md4c sees: text, and a token per good shortcode. */
	buf_init(&b, NULL);
	buf_set_max(&b, max + doc.ncodes * 24);
	for (i = 0; i < doc.n && c.err == NG_OK; i++) {
		nd = &doc.v[i];
		if (nd->type == SHORTCODE_NODE_TEXT) {
			put_clean(&b, nd->text);
			continue;
		}
		if (nd->type == SHORTCODE_NODE_BROKEN) {
			warn(&c, nd,
			    nd->why != NULL ? nd->why :
					      "it is not a valid shortcode");
			continue;
		}
		switch (nd->kind) {
		case SHORTCODE_SLIDER:
		case SHORTCODE_SOLILOQUY:
			ok = do_slider(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_RELATED:
			ok = do_related(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_AD:
			ok = do_ad(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_EMBED:
			ok = do_embed(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_VIDEO_URL:
			ok = do_video(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_AUDIO:
		case SHORTCODE_VIDEO:
			ok = do_audio_video(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_PLAYLIST:
			ok = do_playlist(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_GALLERY:
			ok = do_gallery(&c, nd, &c.items[c.nitems]);
			break;
		case SHORTCODE_CAPTION:
			ok = do_caption(&c, nd, &c.items[c.nitems]);
			break;
		default:
			warn(&c, nd, "it is not a shortcode nutgraf knows");
			ok = 0;
			break;
		}
		if (!ok)
			continue;
		if (is_block(nd->kind) && alone_on_line(md, nd))
			buf_printf(&b, "\n\n%s%zu%s\n\n", TOK_OPEN, c.nitems,
			    TOK_CLOSE);
		else
			buf_printf(&b, "%s%zu%s", TOK_OPEN, c.nitems,
			    TOK_CLOSE);
		c.nitems++;
	}
	if (c.err != NG_OK) {
		buf_release(&b);
		return c.err;
	}
	if ((err = buf_finish(&b, &s)) != NG_OK) {
		buf_release(&b);
		return err;
	}
	src = s;
	if (src.n > max) {
		buf_release(&b);
		return NG_ETOOBIG;
	}
	if (!is_html) {
		err = markdown_render(a, src.p, src.n, &h0);
		if (err == NG_OK)
			err = markdown_text(a, src.p, src.n, &t0);
	} else {
		/* Classic-editor bodies get WordPress's paragraphs. */
		err = had_blocks ? NG_OK : autop(a, src.p, src.n, &src);
		if (err == NG_OK)
			err = sanitize_html(a, src.p, src.n, &h0, NULL);
		if (err == NG_OK)
			err = sanitize_text(a, h0.s, &t0);
	}
	buf_release(&b);
	if (err != NG_OK)
		return err;

	buf_init(&hb, NULL);
	buf_set_max(&hb, STORE_HTML_MAX);
	buf_init(&tb, NULL);
	buf_set_max(&tb, STORE_BODY_MAX);
	subst_html(&c, h0.s, &hb);
	subst_text(&c, t0, &tb);
	if (c.err == NG_OK && (err = buf_finish(&hb, &s)) == NG_OK) {
		if ((s.p = arena_strndup(a, s.p, s.n)) == NULL)
			err = NG_ENOMEM;
		*html = safe_html_trust(s);
	}
	if (c.err == NG_OK && err == NG_OK &&
	    (err = buf_finish(&tb, &s)) == NG_OK) {
		if ((s.p = arena_strndup(a, s.p, s.n)) == NULL)
			err = NG_ENOMEM;
		*text = s;
	}
	buf_release(&hb);
	buf_release(&tb);
	if (c.err != NG_OK)
		err = c.err;
	if (err != NG_OK) {
		*html = safe_html_trust(STR_NULL);
		*text = STR_NULL;
		return err;
	}
	if (w != NULL) {
		*w = c.w;
		*nw = c.nw;
	}
	return NG_OK;
}

enum ng_err
shortcode_render_body(struct arena *a, struct store *st, struct str md,
    struct safe_html *html, struct str *text, struct shortcode_warning **w,
    size_t *nw)
{
	return render(a, st, md, 0, html, text, w, nw, NULL);
}

enum ng_err
shortcode_render_html(struct arena *a, struct store *st, struct str src,
    struct safe_html *html, struct str *text, struct shortcode_warning **w,
    size_t *nw, struct blocks_result *br)
{
	return render(a, st, src, 1, html, text, w, nw, br);
}

enum ng_err
shortcode_warnings(struct arena *a, struct store *st, struct str md,
    struct shortcode_warning **w, size_t *nw)
{
	struct safe_html h;
	struct str	 t;

	return shortcode_render_body(a, st, md, &h, &t, w, nw);
}
