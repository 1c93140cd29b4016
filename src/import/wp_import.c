/*
 * wp_import.c -- the WordPress importer's mapping (see wp_import.h).
 *
 * One context struct lives across the three reads; what pass 2 learns
 * (authors by login, sections by slug) it keeps for pass 3.  Every
 * store call names its WordPress ID, so a second import finds the row
 * and updates it.  What is left out is counted per reason and listed in
 * the report the CLI and the newsroom print.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/article.h"
#include "content/blocks.h"
#include "content/page.h"
#include "content/sanitize.h"
#include "content/shortcode.h"
#include "content/slug.h"
#include "import/php_meta.h"
#include "import/wp_import.h"
#include "media/av.h"
#include "media/media.h"
#include "store/store.h"

#define IMPORT_FILE_MAX (64u * 1024 * 1024)
#define SKIPS_MAX	32
#define LOGINS_MAX	4096
#define MENU_ITEMS_MAX	(STORE_MENU_ITEMS_MAX * 8)

struct skip {
	char   why[96];
	size_t n;
};

struct login {
	char   *login;
	int64_t author_id;
};

struct menu_item_in {
	int64_t wp_id, parent, object_id;
	int	order;
	char   *menu, *type, *object, *url, *title;
};

/*
 * An attachment: what a [gallery] (images) or a [playlist] (audio or
 * video) without ids shows.
 */
struct att {
	int64_t		   wp_parent, wp_id, media_id;
	int64_t		   order;
	enum media_av_kind kind; /* NONE: an image */
};

struct pl_vote {
	const char *pattern;
	size_t	    n;
};

struct ctx {
	struct store		    *st;
	const struct wp_import_opts *o;
	struct wp_import_summary    *sum;
	struct wxr_site		     site;
	char			    *base; /* base_site_url, malloc'd */
	int			     pass;
	int			     fd;
	uint64_t		     size;
	struct buf		     report;
	struct skip		     skips[SKIPS_MAX];
	size_t			     nskips;
	struct login		    *logins;
	size_t			     nlogins;
	struct menu_item_in	    *menu_items;
	size_t			     nmenu_items;
	struct pl_vote		     votes[5];
	int64_t			    *saved; /* articles, for related */
	size_t			     nsaved, saved_cap;
	struct att		    *atts; /* imported attachments */
	size_t			     natts, atts_cap;
	int64_t			     item_wp_id; /* the post pass 3 is on */
	struct arena		    *a;		 /* per item */
	int			     stopped;	 /* opts->stopping said so */
};

static void skip(struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Count one item left out for the reason fmt says. */
static void
skip(struct ctx *c, const char *fmt, ...)
{
	char	why[96];
	size_t	i;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	for (i = 0; i < c->nskips; i++)
		if (strcmp(c->skips[i].why, why) == 0) {
			c->skips[i].n++;
			return;
		}
	if (c->nskips == SKIPS_MAX)
		return;
	snprintf(c->skips[c->nskips].why, sizeof(c->skips[0].why), "%s", why);
	c->skips[c->nskips++].n = 1;
}

/*
 * A secondary write whose failure leaves the import correct but a little
 * poorer (an old slug, a featured image): its result is not checked.
 */
static void
best_effort(enum ng_err err)
{
	(void)err;
}

static char *
dupstr(struct str s)
{
	char *p = malloc(s.n + 1);

	if (p == NULL)
		return NULL;
	if (s.n > 0) /* an empty str may have no pointer */
		memcpy(p, s.p, s.n);
	p[s.n] = '\0';
	return p;
}

/* "2026-01-10 10:30:00" as UTC; 0 for WordPress's "0000-00-00 ..." */
static int64_t
parse_date(struct str s)
{
	struct tm tm;
	char	  b[32];

	if (s.n < 19 || s.n >= sizeof(b))
		return 0;
	memcpy(b, s.p, s.n);
	b[s.n] = '\0';
	memset(&tm, 0, sizeof(tm));
	if (sscanf(b, "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
		&tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6 ||
	    tm.tm_year < 1970 || tm.tm_mon < 1)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

static int64_t
item_date(const struct wxr_item *it)
{
	int64_t t = parse_date(it->date_gmt);

	return t != 0 ? t : parse_date(it->date);
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
		return (ch | 0x20) - 'a' + 10;
	return -1;
}

/*
 * A slug WordPress made from a title in another script: it exports it
 * percent-encoded ("%d0%bf%d1%80%d0%b8"), some tools raw; the UTF-8 it
 * stands for when it is one (slug_legacy_valid()), else STR_NULL.
 */
static struct str
wp_legacy_slug(struct arena *a, struct str s)
{
	struct str out;
	char	  *p;
	size_t	   i, n = 0;
	int	   hi, lo;

	if (s.n == 0 || s.n > 3 * SLUG_MAX ||
	    (p = arena_alloc(a, s.n + 1)) == NULL)
		return STR_NULL;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '%' && i + 2 < s.n &&
		    (hi = hexval(s.p[i + 1])) >= 0 &&
		    (lo = hexval(s.p[i + 2])) >= 0) {
			p[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else if (s.p[i] >= 'A' && s.p[i] <= 'Z')
			p[n++] = (char)(s.p[i] - 'A' + 'a');
		else
			p[n++] = s.p[i];
	}
	out = (struct str){ p, n };
	return slug_legacy_valid(out) ? out : STR_NULL;
}

/*
 * nutgraf's slug for a post or page whose WordPress slug is not one of
 * nutgraf's: made from that slug's letters and digits, else from the
 * title, else kind-ID ("post-12"), so an all-Cyrillic post is imported
 * rather than refused.
 */
static struct str
wp_fallback_slug(struct arena *a, struct str wp_slug, struct str title,
    const char *kind, int64_t wp_id)
{
	struct str legacy = wp_legacy_slug(a, wp_slug), out;

	if (slug_valid(wp_slug))
		return wp_slug;
	if (legacy.n > 0 && slug_make(a, legacy, &out) == NG_OK)
		return out;
	if (title.n > 0 && slug_make(a, title, &out) == NG_OK)
		return out;
	return str_c(arena_printf(a, "%s-%lld", kind, (long long)wp_id));
}

/*
 * The same for a category or tag, from its WordPress slug alone: posts
 * and child categories name a category by slug only, so each must
 * come to the same nutgraf slug.  A slug with no Latin letter or digit
 * becomes kind-HASH ("section-1f3a9c20").
 */
static struct str
wp_term_slug(struct arena *a, struct str wp_slug, const char *kind)
{
	struct str legacy, out;
	uint32_t   h = 2166136261u;
	size_t	   i;

	if (wp_slug.n == 0 || slug_valid(wp_slug))
		return wp_slug;
	legacy = wp_legacy_slug(a, wp_slug);
	if (slug_make(a, legacy.n > 0 ? legacy : wp_slug, &out) == NG_OK)
		return out;
	if (legacy.n > 0)
		wp_slug = legacy;
	for (i = 0; i < wp_slug.n; i++)
		h = (h ^ (unsigned char)wp_slug.p[i]) * 16777619u;
	return str_c(arena_printf(a, "%s-%08x", kind, (unsigned)h));
}

/* Append the UTF-8 of code point v. */
static void
put_utf8(struct buf *b, unsigned long v)
{
	if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		v = 0xfffd;
	if (v < 0x80)
		buf_putc(b, (char)v);
	else if (v < 0x800) {
		buf_putc(b, (char)(0xc0 | (v >> 6)));
		buf_putc(b, (char)(0x80 | (v & 0x3f)));
	} else if (v < 0x10000) {
		buf_putc(b, (char)(0xe0 | (v >> 12)));
		buf_putc(b, (char)(0x80 | ((v >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (v & 0x3f)));
	} else {
		buf_putc(b, (char)(0xf0 | (v >> 18)));
		buf_putc(b, (char)(0x80 | ((v >> 12) & 0x3f)));
		buf_putc(b, (char)(0x80 | ((v >> 6) & 0x3f)));
		buf_putc(b, (char)(0x80 | (v & 0x3f)));
	}
}

/*
 * WordPress stores term names and titles with HTML escapes ("News &amp;
 * Views", "&#8217;"); nutgraf stores text and escapes on output.
 */
static struct str
unescape(struct arena *a, struct str s)
{
	static const struct {
		const char *e;
		const char *v;
	} named[] = { { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" },
		{ "quot;", "\"" }, { "apos;", "'" }, { "nbsp;", "\xc2\xa0" },
		{ "hellip;", "\xe2\x80\xa6" }, { "ndash;", "\xe2\x80\x93" },
		{ "mdash;", "\xe2\x80\x94" } };
	struct buf b;
	struct str out;
	size_t	   i, k, nn;

	/* An empty field may have no pointer at all. */
	if (s.n == 0 || memchr(s.p, '&', s.n) == NULL)
		return s;
	buf_init(&b, a);
	for (i = 0; i < s.n; i++) {
		if (s.p[i] != '&') {
			buf_putc(&b, s.p[i]);
			continue;
		}
		if (i + 2 < s.n && s.p[i + 1] == '#') {
			unsigned long v = 0;
			int hex = s.p[i + 2] == 'x' || s.p[i + 2] == 'X';

			k = i + 2 + hex;
			for (nn = 0; k < s.n && nn < 8 && s.p[k] != ';';
			     k++, nn++) {
				char ch = s.p[k];

				if (ch >= '0' && ch <= '9')
					v = v * (hex ? 16 : 10) +
					    (unsigned long)(ch - '0');
				else if (hex &&
				    ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f'))
					v = v * 16 +
					    (unsigned long)((ch | 0x20) - 'a' +
						10);
				else
					break;
			}
			if (k < s.n && s.p[k] == ';' && nn > 0) {
				put_utf8(&b, v);
				i = k;
				continue;
			}
		}
		for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
			nn = strlen(named[k].e);
			if (s.n - i - 1 >= nn &&
			    memcmp(s.p + i + 1, named[k].e, nn) == 0)
				break;
		}
		if (k < sizeof(named) / sizeof(named[0])) {
			buf_puts(&b, named[k].v);
			i += strlen(named[k].e);
		} else
			buf_putc(&b, '&');
	}
	return buf_finish(&b, &out) == NG_OK ? out : s;
}

/* At most max bytes of s, cut at a UTF-8 character boundary. */
static struct str
cap(struct str s, size_t max)
{
	if (s.n <= max)
		return s;
	s.n = max;
	while (s.n > 0 && ((unsigned char)s.p[s.n] & 0xc0) == 0x80)
		s.n--;
	return s;
}

static struct str
trim(struct str s)
{
	while (s.n > 0 &&
	    (s.p[0] == ' ' || s.p[0] == '\n' || s.p[0] == '\t' ||
		s.p[0] == '\r')) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 &&
	    (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\n' ||
		s.p[s.n - 1] == '\t' || s.p[s.n - 1] == '\r'))
		s.n--;
	return s;
}

/* HTML to its text (a dek, a comment). */
static struct str
html_text(struct arena *a, struct str h)
{
	struct safe_html sh;
	struct str	 t;

	if (sanitize_html(a, h.p, h.n, &sh, NULL) != NG_OK ||
	    sanitize_text(a, sh.s, &t) != NG_OK)
		return STR_NULL;
	return trim(t);
}

/*
 * The path after /wp-content/uploads/ or /files/ of url (or after the
 * host of a WordPress.com site's uploads, SITE.files.wordpress.com), or
 * empty.
 * A nutgraf export's attachments live under /media/ (the uploads
 * directory is then the old data directory's media/).
 */
static struct str
upload_path(struct str url)
{
	static const char *const marks[] = { "/wp-content/uploads/", "/files/",
		"/media/", ".files.wordpress.com/" };
	const char		*p;
	size_t			 i, n;

	if (url.n == 0)
		return STR_NULL;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		n = strlen(marks[i]);
		if ((p = memmem(url.p, url.n, marks[i], n)) != NULL) {
			struct str r = { p + n,
				(size_t)(url.p + url.n - p - n) };
			size_t	   k;

			for (k = 0; k < r.n; k++)
				if (r.p[k] == '?' || r.p[k] == '#')
					break;
			r.n = k;
			return r;
		}
	}
	return STR_NULL;
}

/*
 * The media key of a nutgraf media path ("KEY/480.webp": KEY), or
 * empty when p is not one.
 */
static struct str
media_key_of(struct str p)
{
	const char *slash;
	struct str  k;

	if (p.n == 0 || (slash = memchr(p.p, '/', p.n)) == NULL)
		return STR_NULL;
	k = (struct str){ p.p, (size_t)(slash - p.p) };
	if (!media_key_ok(k) ||
	    !media_file_ok(
		(struct str){ slash + 1, (size_t)(p.p + p.n - slash - 1) }))
		return STR_NULL;
	return k;
}

static int
safe_rel_path(struct str p)
{
	size_t i;

	if (p.n == 0 || p.n > 1024 || p.p[0] == '/')
		return 0;
	for (i = 0; i + 1 < p.n; i++)
		if (p.p[i] == '.' && p.p[i + 1] == '.')
			return 0;
	return memchr(p.p, '\0', p.n) == NULL;
}

static void
count(struct ctx *c, enum wp_kind_count k, int created)
{
	if (created)
		c->sum->count[k].created++;
	else
		c->sum->count[k].updated++;
}

/* Report progress every 200 items; non-zero when asked to stop. */
static int
progress(struct ctx *c)
{
	off_t at;

	if (c->sum->items % 200 != 0)
		return 0;
	if (c->o->progress != NULL) {
		at = lseek(c->fd, 0, SEEK_CUR);
		c->o->progress(c->o->arg, c->pass, at < 0 ? 0 : (uint64_t)at,
		    c->size, c->sum->items);
	}
	if (c->o->stopping != NULL && c->o->stopping(c->o->arg)) {
		c->stopped = 1;
		return 1;
	}
	return 0;
}

/* --- pass 1: check --- */

static enum ng_err
p1_site(void *arg, const struct wxr_site *s)
{
	struct ctx *c = arg;

	free(c->base);
	c->base = dupstr(s->base_site_url.n > 0 ? s->base_site_url : s->link);
	return NG_OK;
}

static enum ng_err
p1_item(void *arg, const struct wxr_item *it)
{
	struct ctx *c = arg;

	c->sum->items++;
	if (progress(c))
		return NG_EIO;
	(void)it;
	return NG_OK;
}

/* --- pass 2: authors, terms, attachments --- */

static enum ng_err
p2_author(void *arg, const struct wxr_author *au)
{
	struct ctx   *c = arg;
	struct arena *a = c->a;
	struct author byline, *old;
	struct user   u, *ou;
	struct str    slug, name;
	int64_t	      aid = 0, uid = 0;
	enum ng_err   err;

	if (au->login.n == 0) {
		skip(c, "%s", "authors without a login");
		c->sum->count[WPC_USER].skipped++;
		return NG_OK;
	}
	name = unescape(a,
	    au->display_name.n > 0 ? au->display_name : au->login);
	name = cap(name, STORE_NAME_MAX);
	if (slug_make(a, au->login, &slug) != NG_OK)
		return NG_ENOMEM;
	/* The byline: an author page at /author/<login>/. */
	err = store_author_by_slug(a, c->st, slug, &old);
	if (err == NG_OK)
		aid = old->id;
	else if (err == NG_ENOTFOUND) {
		memset(&byline, 0, sizeof(byline));
		byline.slug = slug;
		byline.name = name;
		if ((err = store_author_add(c->st, &byline, &aid)) != NG_OK)
			return err;
	} else
		return err;
	if (au->id > 0)
		best_effort(store_wp_id_set(c->st, WP_AUTHOR, aid, au->id));
	/* The user: no password, so no login until an admin sets one. */
	err = store_user_by_login(a, c->st, cap(au->login, STORE_LOGIN_MAX),
	    &ou);
	if (err == NG_ENOTFOUND) {
		memset(&u, 0, sizeof(u));
		u.login = cap(au->login, STORE_LOGIN_MAX);
		u.name = name;
		u.role = ROLE_AUTHOR;
		/*
		 * "!" is no argon2id string, so no password matches it (as
		 * in /etc/shadow) until an administrator sets one.
		 */
		u.pass_hash = STR_LIT("!");
		u.author_id = aid;
		u.disabled = 0;
		if ((err = store_user_add(c->st, &u, &uid)) != NG_OK)
			return err;
		count(c, WPC_USER, 1);
	} else if (err == NG_OK) {
		uid = ou->id;
		count(c, WPC_USER, 0);
	} else
		return err;
	if (au->id > 0)
		best_effort(store_wp_id_set(c->st, WP_USER, uid, au->id));
	if (c->nlogins < LOGINS_MAX) {
		struct login *nl = realloc(c->logins,
		    (c->nlogins + 1) * sizeof(*nl));

		if (nl == NULL)
			return NG_ENOMEM;
		c->logins = nl;
		nl[c->nlogins].login = dupstr(au->login);
		nl[c->nlogins].author_id = aid;
		c->nlogins++;
	}
	return NG_OK;
}

static enum ng_err
p2_term(void *arg, const struct wxr_term *t)
{
	struct ctx    *c = arg;
	struct arena  *a = c->a;
	struct section sec, *old, *parent;
	struct menu    m;
	struct str     slug, name;
	int64_t	       id = 0, tid;
	enum ng_err    err;

	name = cap(unescape(a, t->name), STORE_NAME_MAX);
	/*
	 * Posts name their categories by slug and name only, so a slug
	 * made here must come out the same from the post's <category>:
	 * no term id in it.
	 */
	slug = wp_term_slug(a, t->slug,
	    t->kind == WXR_CATEGORY ? "section" : "tag");
	if (slug.n == 0 && slug_make(a, name, &slug) != NG_OK) {
		skip(c, "%s", "terms without a usable slug");
		return NG_OK;
	}
	if (t->kind == WXR_CATEGORY) {
		err = t->id > 0 ?
		    store_wp_lookup(c->st, WP_SECTION, t->id, &id) :
		    NG_ENOTFOUND;
		if (err == NG_ENOTFOUND &&
		    store_section_by_slug(a, c->st, slug, &old) == NG_OK)
			id = old->id, err = NG_OK;
		memset(&sec, 0, sizeof(sec));
		sec.slug = slug;
		sec.name = name.n > 0 ? name : slug;
		sec.description = cap(unescape(a, t->description),
		    STORE_DEK_MAX);
		if (err == NG_OK) {
			sec.id = id;
			if ((err = store_section_update(c->st, &sec)) != NG_OK)
				return err;
			count(c, WPC_SECTION, 0);
		} else if (err == NG_ENOTFOUND) {
			if ((err = store_section_add(c->st, &sec, &id)) !=
			    NG_OK)
				return err;
			count(c, WPC_SECTION, 1);
		} else
			return err;
		if (t->id > 0)
			best_effort(
			    store_wp_id_set(c->st, WP_SECTION, id, t->id));
		/* WordPress writes a parent before its children. */
		if (t->parent.n > 0) {
			if (store_section_by_slug(a, c->st,
				wp_term_slug(a, t->parent, "section"),
				&parent) == NG_OK)
				best_effort(store_section_set_parent(c->st, id,
				    parent->id));
			else
				skip(c, "%s",
				    "category parents not found "
				    "(kept at the top level)");
		}
		return NG_OK;
	}
	if (t->kind == WXR_TAG && !slug_possible(name)) {
		/* Posts could not carry it either (see import_post). */
		skip(c, "%s", "tags with no Latin letter or digit");
		return NG_OK;
	}
	if (t->kind == WXR_TAG) {
		struct tag *ot;
		int had = store_tag_by_slug(a, c->st, slug, &ot) == NG_OK;

		if ((err = store_tag_ensure(c->st, name.n > 0 ? name : slug,
			 slug, &tid)) != NG_OK)
			return err;
		if (t->id > 0)
			best_effort(store_wp_id_set(c->st, WP_TAG, tid, t->id));
		count(c, WPC_TAG, !had);
		return NG_OK;
	}
	/* Co-Authors Plus bylines: each post names its own (item_coauthors). */
	if (str_eqc(t->taxonomy, "author"))
		return NG_OK;
	if (str_eqc(t->taxonomy, "nav_menu")) {
		if (t->id > 0 &&
		    store_wp_lookup(c->st, WP_MENU, t->id, &id) == NG_OK) {
			best_effort(store_menu_rename(c->st, id, name));
			count(c, WPC_MENU, 0);
			return NG_OK;
		}
		memset(&m, 0, sizeof(m));
		m.wp_id = t->id;
		m.name = name.n > 0 ? name : slug;
		err = store_menu_add(c->st, &m, &id);
		if (err == NG_ECONFLICT) {
			m.name = str_c(arena_printf(a, "%.*s (%lld)",
			    (int)m.name.n, m.name.p, (long long)t->id));
			err = store_menu_add(c->st, &m, &id);
		}
		if (err != NG_OK)
			return err;
		count(c, WPC_MENU, 1);
		return NG_OK;
	}
	skip(c, "terms of taxonomy `%s`",
	    t->taxonomy.n > 0 ? arena_strndup(a, t->taxonomy.p, t->taxonomy.n) :
				"?");
	return NG_OK;
}

/* Remember attachment media_id of it for galleries without ids. */
static enum ng_err
keep_att(struct ctx *c, const struct wxr_item *it, int64_t media_id,
    enum media_av_kind kind)
{
	struct att *nv;
	size_t	    ncap;

	if (it->parent <= 0)
		return NG_OK;
	if (c->natts == c->atts_cap) {
		ncap = c->atts_cap == 0 ? 256 : c->atts_cap * 2;
		if ((nv = realloc(c->atts, ncap * sizeof(*nv))) == NULL)
			return NG_ENOMEM;
		c->atts = nv;
		c->atts_cap = ncap;
	}
	c->atts[c->natts++] = (struct att){ it->parent, it->id, media_id,
		it->menu_order, kind };
	return NG_OK;
}

/*
 * After the media module stored (err NG_OK) or refused a file: a
 * refusal (not an image libvips takes, not audio or video browsers
 * play, too big) is listed with why; a new item gets what it came from
 * recorded (its WordPress ID and upload path), so a second import and
 * the old URLs find it.
 */
static enum ng_err
media_imported(struct ctx *c, const struct wxr_item *it, struct str url,
    struct str rel, enum ng_err err, const char *why, int64_t id,
    enum media_av_kind kind)
{
	struct str k;

	if (err == NG_EINVAL || err == NG_ETOOBIG || err == NG_ENOTFOUND) {
		c->sum->count[WPC_MEDIA].skipped++;
		buf_printf(&c->report, "media not imported: %.*s: %s\n",
		    (int)url.n, url.p, why);
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	if (it->id > 0)
		best_effort(store_wp_id_set(c->st, WP_MEDIA, id, it->id));
	best_effort(store_old_upload_add(c->st, rel, id));
	/*
	 * A nutgraf export names one variant ("KEY/1200.jpg") but bodies
	 * use the others too: the key alone finds the media.
	 */
	if ((k = media_key_of(rel)).n > 0)
		best_effort(store_old_upload_add(c->st, k, id));
	count(c, WPC_MEDIA, 1);
	return keep_att(c, it, id, kind);
}

/*
 * Whether an attachment is audio or video: the MIME type WordPress
 * recorded in its metadata, else its file name's extension (a WXR has
 * no MIME type of its own; WordPress's importer, too, goes by the
 * name).
 */
static enum media_av_kind
attachment_kind(const struct wxr_item *it, struct str url)
{
	struct str meta = wxr_meta_get(it, "_wp_attachment_metadata");
	struct str mime = php_meta_field(meta, "mime_type");

	if (mime.n > 0)
		return media_av_kind_of(mime);
	switch (shortcode_media_url_kind(url)) {
	case SHORTCODE_URL_AUDIO:
		return MEDIA_AV_AUDIO;
	case SHORTCODE_URL_VIDEO:
		return MEDIA_AV_VIDEO;
	default:
		return MEDIA_AV_NONE;
	}
}

/*
 * An audio or video attachment: the file kept as it is, titled with
 * the attachment's title, captioned with its caption, credited to the
 * artist and timed as WordPress's metadata says.
 */
static enum ng_err
import_av(struct ctx *c, const struct wxr_item *it, struct str url,
    struct str rel, const char *path, enum media_av_kind kind)
{
	struct str   meta = wxr_meta_get(it, "_wp_attachment_metadata");
	struct media m;
	char	     why[256];
	enum ng_err  err;

	memset(&m, 0, sizeof(m));
	m.alt = cap(html_text(c->a, it->title), STORE_MEDIA_TEXT_MAX);
	m.caption = cap(html_text(c->a, it->excerpt), STORE_MEDIA_TEXT_MAX);
	m.credit = cap(php_meta_field(meta, "artist"), STORE_MEDIA_TEXT_MAX);
	if (wxr_meta_get(it, "_nutgraf_credit").n > 0)
		m.credit = cap(wxr_meta_get(it, "_nutgraf_credit"),
		    STORE_MEDIA_TEXT_MAX);
	m.duration = php_meta_int(php_meta_field(meta, "length"));
	if (kind == MEDIA_AV_VIDEO) {
		m.width = php_meta_int(php_meta_field(meta, "width"));
		m.height = php_meta_int(php_meta_field(meta, "height"));
	}
	err = media_store_av(c->a, c->st, c->o->data_dir, path, kind, &m, why,
	    sizeof(why));
	return media_imported(c, it, url, rel, err, why, m.id, kind);
}

/*
 * Where an attachment's file is under --uploads: the path of its URL
 * after /wp-content/uploads/, else (a URL on a CDN or another host, a
 * renamed uploads directory) the _wp_attached_file WordPress recorded,
 * relative to the uploads directory ("2024/01/photo.jpg") or, in old
 * exports, absolute on the old server.
 */
static struct str
attachment_rel(struct ctx *c, const struct wxr_item *it, struct str url)
{
	struct str  rel = upload_path(url), att, alt;
	struct stat sb;
	char	   *path;

	att = wxr_meta_get(it, "_wp_attached_file");
	if ((alt = upload_path(att)).n == 0 && att.n > 0 && att.p[0] != '/')
		alt = att;
	if (alt.n == 0 || !safe_rel_path(alt) || str_eq(alt, rel))
		return rel;
	if (rel.n == 0 || !safe_rel_path(rel) || c->o->uploads == NULL)
		return alt;
	/* Both: the one whose file is there. */
	path = arena_printf(c->a, "%s/%.*s", c->o->uploads, (int)rel.n, rel.p);
	if (path != NULL && stat(path, &sb) == 0)
		return rel;
	return alt;
}

/*
 * path, or the original beside it when path names a variant file of a
 * nutgraf media directory (".../KEY/1600.jpg") that keeps one.  NULL
 * when the arena is full.
 */
static char *
nutgraf_original(struct arena *a, char *path, struct stat *sb)
{
	const char *slash = strrchr(path, '/'), *k;
	char	   *orig;

	if (slash == NULL || slash - path < MEDIA_KEY_LEN + 1 ||
	    !media_file_ok(str_c(slash + 1)))
		return path;
	k = slash - MEDIA_KEY_LEN;
	if (k > path && k[-1] != '/')
		return path;
	if (!media_key_ok((struct str){ k, MEDIA_KEY_LEN }))
		return path;
	if ((orig = arena_printf(a, "%.*s/" MEDIA_ORIGINAL, (int)(slash - path),
		 path)) == NULL)
		return NULL;
	return stat(orig, sb) == 0 && S_ISREG(sb->st_mode) ? orig : path;
}

static enum ng_err
import_attachment(struct ctx *c, const struct wxr_item *it)
{
	struct arena *a = c->a;
	struct media  m;
	struct str    rel,
	    url = it->attachment_url.n > 0 ? it->attachment_url : it->guid;
	struct stat	   sb;
	char		  *path, why[256];
	int64_t		   id;
	int		   fd, status;
	enum media_av_kind kind;
	ssize_t		   got;
	char		  *data;
	enum ng_err	   err;

	kind = attachment_kind(it, url);
	if (it->id > 0 &&
	    store_wp_lookup(c->st, WP_MEDIA, it->id, &id) == NG_OK) {
		count(c, WPC_MEDIA, 0);
		return keep_att(c, it, id, kind);
	}
	rel = attachment_rel(c, it, url);
	if (c->o->uploads == NULL || !safe_rel_path(rel)) {
		c->sum->count[WPC_MEDIA].skipped++;
		buf_printf(&c->report, "missing media: %.*s (no file%s)\n",
		    (int)url.n, url.p,
		    c->o->uploads == NULL ? ": no --uploads directory" : "");
		return NG_OK;
	}
	path = arena_printf(a, "%s/%.*s", c->o->uploads, (int)rel.n, rel.p);
	if (path == NULL)
		return NG_ENOMEM;
	/*
	 * A nutgraf site's media/ ("KEY/1600.jpg"): its original, when it
	 * keeps one, is the better copy, and the only one while the
	 * variants are still to be made (media_store_deferred()).
	 */
	if (kind == MEDIA_AV_NONE)
		path = nutgraf_original(a, path, &sb);
	if (path == NULL)
		return NG_ENOMEM;
	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    (uint64_t)sb.st_size > IMPORT_FILE_MAX) {
		c->sum->count[WPC_MEDIA].skipped++;
		buf_printf(&c->report,
		    "missing media: %.*s (not in the "
		    "uploads directory)\n",
		    (int)url.n, url.p);
		return NG_OK;
	}
	if (c->o->dry_run) {
		count(c, WPC_MEDIA, 1);
		return NG_OK;
	}
	if (kind != MEDIA_AV_NONE)
		return import_av(c, it, url, rel, path, kind);
	if ((fd = open(path, O_RDONLY)) == -1)
		return NG_EIO;
	if ((data = arena_alloc(a, (size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	got = read(fd, data, (size_t)sb.st_size);
	close(fd);
	if (got != sb.st_size)
		return NG_EIO;
	memset(&m, 0, sizeof(m));
	m.alt = cap(wxr_meta_get(it, "_wp_attachment_image_alt"),
	    STORE_MEDIA_TEXT_MAX);
	m.caption = cap(html_text(a, it->excerpt), STORE_MEDIA_TEXT_MAX);
	m.credit = cap(wxr_meta_get(it, "_nutgraf_credit"),
	    STORE_MEDIA_TEXT_MAX);
	/* Variants later (media.h): the import only reads the header. */
	err = media_store_deferred(a, c->st, c->o->data_dir,
	    (struct str){ data, (size_t)got }, &m, &status, why, sizeof(why));
	return media_imported(c, it, url, rel, err, why, m.id, MEDIA_AV_NONE);
}

static enum ng_err
p2_item(void *arg, const struct wxr_item *it)
{
	struct ctx *c = arg;

	c->sum->items++;
	if (progress(c))
		return NG_EIO;
	if (!str_eqc(it->type, "attachment"))
		return NG_OK;
	arena_free(c->a);
	c->a = arena_new(IMPORT_FILE_MAX + (16u << 20));
	return import_attachment(c, it);
}

/* --- pass 3: posts, pages, comments, menu items --- */

/*
 * The first upload URL mark in [p, end): WordPress's, or /media/ of a
 * nutgraf export (*ours set).  NULL when there is none.
 */
static const char *
next_upload(const char *p, const char *end, int *ours)
{
	static const struct {
		const char *s;
		size_t	    n;
	} marks[] = { { "/wp-content/uploads/", 20 }, { "/files/", 7 },
		{ "/media/", 7 }, { ".files.wordpress.com/", 21 } };
	const char *best = NULL, *q;
	size_t	    i;

	*ours = 0;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if ((q = memmem(p, (size_t)(end - p), marks[i].s,
			 marks[i].n)) != NULL &&
		    (best == NULL || q < best)) {
			best = q;
			*ours = i == 2;
		}
	return best;
}

static int
by_att_order(const void *x, const void *y)
{
	const struct att *a = x, *b = y;

	if (a->wp_parent != b->wp_parent)
		return a->wp_parent < b->wp_parent ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->wp_id < b->wp_id ? -1 : a->wp_id > b->wp_id;
}

/*
 * A WordPress [gallery]'s pictures or [playlist]'s tracks as media ids:
 * ids= (or include=) names attachments by WordPress ID; without them it
 * shows the images (a playlist: the audio, or with type="video" the
 * videos) attached to the post (id= another post's), in menu order,
 * less exclude=.  order="DESC" turns either round; orderby="rand" is
 * shown in menu order.
 */
static size_t
gallery_pictures(void *arg, const struct shortcode_node *nd, int64_t *ids,
    size_t max)
{
	struct ctx	  *c = arg;
	enum media_av_kind want = MEDIA_AV_NONE;
	struct str	   v;
	int64_t wp[SHORTCODE_GALLERY_MAX], ex[SHORTCODE_GALLERY_MAX], t,
	    post = c->item_wp_id;
	size_t nwp, nex = 0, n = 0, i, k;

	if ((shortcode_attr(nd, "ids", 0, &v) ||
		shortcode_attr(nd, "include", 0, &v)) &&
	    v.n > 0) {
		nwp = shortcode_id_list(v, wp, SHORTCODE_GALLERY_MAX);
		for (i = 0; i < nwp && n < max; i++)
			if (store_wp_lookup(c->st, WP_MEDIA, wp[i], &t) ==
			    NG_OK)
				ids[n++] = t;
	} else {
		if (shortcode_attr(nd, "id", 0, &v) && v.n > 0 &&
		    shortcode_id_list(v, wp, 1) == 1)
			post = wp[0];
		if (shortcode_attr(nd, "exclude", 0, &v))
			nex = shortcode_id_list(v, ex, SHORTCODE_GALLERY_MAX);
		if (nd->kind == SHORTCODE_PLAYLIST)
			want = shortcode_attr(nd, "type", 0, &v) &&
				str_eqc(v, "video") ?
			    MEDIA_AV_VIDEO :
			    MEDIA_AV_AUDIO;
		for (i = 0; i < c->natts && n < max; i++) {
			if (c->atts[i].wp_parent != post ||
			    c->atts[i].kind != want)
				continue;
			for (k = 0; k < nex && ex[k] != c->atts[i].wp_id; k++)
				;
			if (k == nex)
				ids[n++] = c->atts[i].media_id;
		}
	}
	if (shortcode_attr(nd, "order", 0, &v) && str_eqc(v, "DESC"))
		for (i = 0; i < n / 2; i++) {
			t = ids[i];
			ids[i] = ids[n - 1 - i];
			ids[n - 1 - i] = t;
		}
	return n;
}

/* body with its galleries' pictures as this site's media ids. */
static struct str
renumber_galleries(struct ctx *c, struct str body)
{
	struct str out;

	if (shortcode_gallery_renumber(c->a, body, gallery_pictures, c, &out) !=
	    NG_OK)
		return body;
	return out;
}

/*
 * Rewrite links and images to the old uploads (sized copies included)
 * to the media library; list those not found.
 */
static struct str
rewrite_uploads(struct ctx *c, struct str body, struct str title)
{
	struct arena *a = c->a;
	struct buf    b;
	struct media  m;
	struct str    out, rel, url, k;
	const char   *p, *q, *end = body.p + body.n, *us, *slash;
	int64_t	      mid;
	size_t	      n;
	int	      ours;

	if (body.n == 0)
		return body;
	buf_init(&b, a);
	p = body.p;
	while ((q = next_upload(p, end, &ours)) != NULL) {
		/* The URL around q: back to a quote, '(' or space. */
		for (us = q; us > p && us[-1] != '"' && us[-1] != '\'' &&
		     us[-1] != ' ' && us[-1] != '(' && us[-1] != '=' &&
		     us[-1] != '\n' && us[-1] != ']';
		     us--)
			;
		for (n = 0; q + n < end && q[n] != '"' && q[n] != '\'' &&
		     q[n] != ' ' && q[n] != ')' && q[n] != '<' &&
		     q[n] != '\n' && q[n] != '[';
		     n++)
			;
		url = (struct str){ us, (size_t)(q + n - us) };
		rel = upload_path(url);
		buf_put(&b, p, (size_t)(us - p));
		if (rel.n > 0 &&
		    store_old_upload_lookup(c->st, rel, &mid) == NG_OK &&
		    store_media_get(a, c->st, mid, &m) == NG_OK) {
			buf_puts(&b, "/media/");
			buf_putstr(&b, m.path);
		} else if (ours && (k = media_key_of(rel)).n > 0 &&
		    store_old_upload_lookup(c->st, k, &mid) == NG_OK &&
		    store_media_get(a, c->st, mid, &m) == NG_OK &&
		    (slash = memchr(m.path.p, '/', m.path.n)) != NULL) {
			/* Another variant of a nutgraf export's image. */
			buf_puts(&b, "/media/");
			buf_put(&b, m.path.p, (size_t)(slash - m.path.p));
			buf_put(&b, rel.p + k.n, rel.n - k.n);
		} else if (ours) {
			/* Any /media/ path: not necessarily an upload. */
			buf_putstr(&b, url);
		} else {
			buf_putstr(&b, url);
			buf_printf(&c->report,
			    "missing media: %.*s (used "
			    "by \"%.*s\")\n",
			    (int)url.n, url.p, (int)title.n, title.p);
		}
		p = q + n;
	}
	buf_put(&b, p, (size_t)(end - p));
	return buf_finish(&b, &out) == NG_OK ? out : body;
}

/*
 * <img> of an attachment whose URL is not under /wp-content/uploads/ (a
 * CDN, an offloaded library): WordPress's block and classic editors
 * name the attachment in class="wp-image-ID", so src becomes the media
 * library's file of that WordPress ID when it was imported.  Run after
 * rewrite_uploads(), which has already taken every upload URL.
 */
static struct str
rewrite_wp_images(struct ctx *c, struct str body)
{
	struct arena *a = c->a;
	struct buf    b;
	struct media  m;
	struct str    out;
	const char   *p = body.p, *end = body.p + body.n, *tag, *gt, *cls, *src,
		   *sv, *se;
	int64_t wid, mid;
	char	q;

	if (body.n == 0 || memmem(body.p, body.n, "wp-image-", 9) == NULL)
		return body;
	buf_init(&b, a);
	while ((tag = memmem(p, (size_t)(end - p), "<img", 4)) != NULL) {
		if ((gt = memchr(tag, '>', (size_t)(end - tag))) == NULL)
			break;
		cls = memmem(tag, (size_t)(gt - tag), "wp-image-", 9);
		src = memmem(tag, (size_t)(gt - tag), " src=", 5);
		if (cls == NULL || src == NULL ||
		    (src[5] != '"' && src[5] != '\'')) {
			buf_put(&b, p, (size_t)(gt - p));
			p = gt;
			continue;
		}
		for (wid = 0, cls += 9; cls < gt && *cls >= '0' &&
		     *cls <= '9' && wid < INT64_MAX / 16;
		     cls++)
			wid = wid * 10 + (*cls - '0');
		q = src[5];
		sv = src + 6;
		se = memchr(sv, q, (size_t)(gt - sv));
		if (se == NULL || wid <= 0 ||
		    memmem(sv, (size_t)(se - sv), "/media/", 7) != NULL ||
		    store_wp_lookup(c->st, WP_MEDIA, wid, &mid) != NG_OK ||
		    store_media_get(a, c->st, mid, &m) != NG_OK) {
			buf_put(&b, p, (size_t)(gt - p));
			p = gt;
			continue;
		}
		buf_put(&b, p, (size_t)(sv - p));
		buf_puts(&b, "/media/");
		buf_putstr(&b, m.path);
		p = se;
	}
	buf_put(&b, p, (size_t)(end - p));
	return buf_finish(&b, &out) == NG_OK ? out : body;
}

static void
vote_permalink(struct ctx *c, const struct wxr_item *it, int64_t when)
{
	static const char *const pats[] = {
		"/%year%/%monthnum%/%day%/%postname%/",
		"/%year%/%monthnum%/%postname%/",
		"/%postname%/",
		"/archives/%post_id%/",
	};
	struct str  path;
	const char *p;
	char	    want[512];
	struct tm   tm;
	time_t	    t = (time_t)when;
	size_t	    i;

	if (c->base == NULL || it->link.n == 0 || it->name.n == 0)
		return;
	path = it->link;
	if ((p = memmem(path.p, path.n, "://", 3)) != NULL &&
	    (p = memchr(p + 3, '/', (size_t)(path.p + path.n - p - 3))) != NULL)
		path = (struct str){ p, (size_t)(path.p + path.n - p) };
	gmtime_r(&t, &tm);
	for (i = 0; i < 4; i++) {
		switch (i) {
		case 0:
			snprintf(want, sizeof(want), "/%04d/%02d/%02d/%.*s/",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			    (int)it->name.n, it->name.p);
			break;
		case 1:
			snprintf(want, sizeof(want), "/%04d/%02d/%.*s/",
			    tm.tm_year + 1900, tm.tm_mon + 1, (int)it->name.n,
			    it->name.p);
			break;
		case 2:
			snprintf(want, sizeof(want), "/%.*s/", (int)it->name.n,
			    it->name.p);
			break;
		default:
			snprintf(want, sizeof(want), "/archives/%lld/",
			    (long long)it->id);
			break;
		}
		if (str_eqc(path, want)) {
			c->votes[i].pattern = pats[i];
			c->votes[i].n++;
			return;
		}
	}
	/* Site time in the link, GMT in the date: try the local date. */
	if (parse_date(it->date) != when) {
		int64_t local = parse_date(it->date);

		if (local != 0) {
			struct wxr_item copy = *it;

			copy.date_gmt = STR_NULL;
			if (local != when)
				vote_permalink(c, &copy, local);
		}
	}
}

static void
import_comments(struct ctx *c, const struct wxr_item *it, int64_t art_id)
{
	struct arena		 *a = c->a;
	const struct wxr_comment *wc;
	struct comment		  cm;
	struct comment_guard	  g;
	int64_t			  id, parent;
	size_t			  i, k;
	char			 *email;

	memset(&g, 0, sizeof(g));
	for (i = 0; i < it->ncomments; i++) {
		wc = &it->comments[i];
		if (str_eqc(wc->type, "pingback") ||
		    str_eqc(wc->type, "trackback")) {
			skip(c, "%s",
			    "pingbacks and trackbacks (not imported)");
			c->sum->count[WPC_COMMENT].skipped++;
			continue;
		}
		/*
		 * "" and "comment" are readers' comments; any other type is
		 * a plugin's or the editor's record kept in the comments
		 * table (WordPress 6.9's block notes, "note", are editors'
		 * private remarks; WooCommerce's order notes...): never to
		 * be shown, nor queued for a moderator to approve.
		 */
		if (wc->type.n > 0 && !str_eqc(wc->type, "comment")) {
			skip(c, "comments of type `%.*s` (not readers')",
			    (int)(wc->type.n < 32 ? wc->type.n : 32),
			    wc->type.p);
			c->sum->count[WPC_COMMENT].skipped++;
			continue;
		}
		if (str_eqc(wc->approved, "trash")) {
			skip(c, "%s", "comments in the trash");
			c->sum->count[WPC_COMMENT].skipped++;
			continue;
		}
		if (wc->id > 0 &&
		    store_wp_lookup(c->st, WP_COMMENT, wc->id, &id) == NG_OK) {
			count(c, WPC_COMMENT, 0);
			continue;
		}
		memset(&cm, 0, sizeof(cm));
		cm.article_id = art_id;
		if (wc->parent > 0 &&
		    store_wp_lookup(c->st, WP_COMMENT, wc->parent, &parent) ==
			NG_OK)
			cm.parent_id = parent;
		cm.status = str_eqc(wc->approved, "1") ? COMMENT_APPROVED :
		    str_eqc(wc->approved, "spam")      ? COMMENT_SPAM :
							 COMMENT_PENDING;
		cm.author = cap(unescape(a,
				    wc->author.n > 0 ? wc->author :
						       STR_LIT("Anonymous")),
		    STORE_COMMENT_AUTHOR_MAX);
		if ((email = arena_strndup(a, wc->email.p,
			 cap(wc->email, STORE_COMMENT_EMAIL_MAX).n)) == NULL)
			continue;
		for (k = 0; email[k] != '\0'; k++)
			if (email[k] >= 'A' && email[k] <= 'Z')
				email[k] = (char)(email[k] - 'A' + 'a');
		cm.email = str_c(email);
		if ((wc->url.n > 7 && strncmp(wc->url.p, "http://", 7) == 0) ||
		    (wc->url.n > 8 && strncmp(wc->url.p, "https://", 8) == 0))
			cm.url = cap(wc->url, STORE_COMMENT_URL_MAX);
		cm.body = cap(html_text(a, wc->content),
		    STORE_COMMENT_BODY_MAX);
		if (cm.body.n == 0) {
			c->sum->count[WPC_COMMENT].skipped++;
			skip(c, "%s", "empty comments");
			continue;
		}
		cm.ip = cap(wc->ip, STORE_COMMENT_IP_MAX);
		cm.created_at = parse_date(wc->date_gmt);
		if (cm.created_at == 0)
			cm.created_at = parse_date(wc->date);
		if (cm.created_at == 0)
			cm.created_at = 1;
		if (store_comment_add(c->st, &cm, &g, &id) != NG_OK) {
			c->sum->count[WPC_COMMENT].skipped++;
			skip(c, "%s", "comments the store refused");
			continue;
		}
		if (wc->id > 0)
			best_effort(
			    store_wp_id_set(c->st, WP_COMMENT, id, wc->id));
		count(c, WPC_COMMENT, 1);
	}
}

/* Article id was saved: its related articles are computed at the end. */
static enum ng_err
keep_saved(struct ctx *c, int64_t id)
{
	int64_t *nv;
	size_t	 ncap;

	if (c->nsaved == c->saved_cap) {
		ncap = c->saved_cap == 0 ? 1024 : c->saved_cap * 2;
		if ((nv = realloc(c->saved, ncap * sizeof(*nv))) == NULL)
			return NG_ENOMEM;
		c->saved = nv;
		c->saved_cap = ncap;
	}
	c->saved[c->nsaved++] = id;
	return NG_OK;
}

/*
 * Every imported article's related articles, once all are in: the
 * store leaves them out of saves inside a bulk write.
 */
static enum ng_err
relate_all(struct ctx *c)
{
	size_t	    i;
	enum ng_err err;

	for (i = 0; i < c->nsaved; i++) {
		if (i % 200 == 0) {
			if (c->o->progress != NULL)
				c->o->progress(c->o->arg, c->pass, i, c->nsaved,
				    c->sum->items);
			if (c->o->stopping != NULL &&
			    c->o->stopping(c->o->arg)) {
				c->stopped = 1;
				return NG_EIO;
			}
		}
		err = store_related_refresh(c->st, c->saved[i]);
		if (err != NG_OK && err != NG_ENOTFOUND)
			return err;
	}
	return NG_OK;
}

static void
count_blocks(struct ctx *c, struct str body)
{
	struct blocks_result br;
	size_t		     i;

	if (!blocks_present(body.p, body.n) ||
	    blocks_render(c->a, body.p, body.n, &br) != NG_OK)
		return;
	c->sum->blocks_dropped += br.ndropped;
	for (i = 0; i < br.ndropnames; i++)
		skip(c, "dynamic blocks `%s` (dropped)",
		    arena_strndup(c->a, br.dropped[i].name.p,
			br.dropped[i].name.n));
}

/*
 * The byline of one Co-Authors Plus term (<category domain="author"
 * nicename="cap-LOGIN">LOGIN</category>): an imported login's, else the
 * byline of that slug, else a new one (a guest author).  *id 0 when the
 * term names nothing usable.
 */
static enum ng_err
coauthor_of(struct ctx *c, const struct wxr_cat *ct, int64_t *id)
{
	struct arena *a = c->a;
	struct author au, *old;
	struct str    name, slug;
	size_t	      i;
	enum ng_err   err;

	*id = 0;
	name = cap(unescape(a, ct->name), STORE_NAME_MAX);
	slug = ct->nicename;
	if (slug.n > 4 && memcmp(slug.p, "cap-", 4) == 0) {
		slug.p += 4;
		slug.n -= 4;
	}
	for (i = 0; i < c->nlogins; i++)
		if (str_eqc(name, c->logins[i].login) ||
		    str_eqc(slug, c->logins[i].login)) {
			*id = c->logins[i].author_id;
			return NG_OK;
		}
	if (slug.n == 0 || slug.n > STORE_SLUG_MAX || !slug_valid(slug))
		return NG_OK;
	err = store_author_by_slug(a, c->st, slug, &old);
	if (err == NG_OK) {
		*id = old->id;
		return NG_OK;
	}
	if (err != NG_ENOTFOUND)
		return err;
	memset(&au, 0, sizeof(au));
	au.slug = slug;
	au.name = name.n > 0 ? name : slug;
	return store_author_add(c->st, &au, id);
}

/*
 * A post's co-authors (the Co-Authors Plus plugin's "author" terms, in
 * their order) into buf and art; none: art keeps its creator.
 */
static enum ng_err
item_coauthors(struct ctx *c, const struct wxr_item *it, int64_t *buf,
    struct article *art)
{
	size_t	    i, j, n = 0;
	int64_t	    id;
	enum ng_err err;

	for (i = 0; i < it->ncats && n < STORE_AUTHORS_MAX; i++) {
		if (!str_eqc(it->cats[i].domain, "author"))
			continue;
		if ((err = coauthor_of(c, &it->cats[i], &id)) != NG_OK)
			return err;
		for (j = 0; j < n && buf[j] != id; j++)
			continue;
		if (id > 0 && j == n)
			buf[n++] = id;
	}
	if (n == 0)
		return NG_OK;
	art->author_ids = buf;
	art->nauthor_ids = n;
	art->author_id = buf[0];
	return NG_OK;
}

/*
 * The section of a post's <category domain="category">: the one imported
 * from the file's <wp:category> list, else (an export filtered by
 * author, date or category has no such list) a new one of that slug
 * and name, as WordPress's importer makes.  0 when there is none.
 */
static enum ng_err
item_section(struct ctx *c, const struct wxr_cat *ct, int64_t *id)
{
	struct section sec, *old;
	struct str     slug = wp_term_slug(c->a, ct->nicename, "section"),
		   name = cap(trim(unescape(c->a, ct->name)), STORE_NAME_MAX);
	enum ng_err err;

	*id = 0;
	if (slug.n == 0 &&
	    (name.n == 0 || slug_make(c->a, name, &slug) != NG_OK))
		return NG_OK;
	if (store_section_by_slug(c->a, c->st, slug, &old) == NG_OK) {
		*id = old->id;
		return NG_OK;
	}
	memset(&sec, 0, sizeof(sec));
	sec.slug = slug;
	sec.name = name.n > 0 ? name : slug;
	err = store_section_add(c->st, &sec, id);
	if (err == NG_EINVAL || err == NG_ECONFLICT) {
		*id = 0;
		skip(c, "%s", "post categories that cannot be sections");
		return NG_OK;
	}
	if (err == NG_OK)
		count(c, WPC_SECTION, 1);
	return err;
}

static enum ng_err
import_post(struct ctx *c, const struct wxr_item *it)
{
	struct arena		 *a = c->a;
	struct article		  art;
	struct str		 *tags, dek, more, md, legacy;
	struct shortcode_warning *w;
	const char		 *p;
	size_t			  ntags = 0, nw = 0, i;
	int64_t			  id = 0, mid, when;
	int64_t			  bylines[STORE_AUTHORS_MAX];
	int			  exists;
	enum ng_err		  err;

	memset(&art, 0, sizeof(art));
	exists = it->id > 0 &&
	    store_wp_lookup(c->st, WP_ARTICLE, it->id, &id) == NG_OK;
	art.id = exists ? id : 0;
	art.title = cap(trim(unescape(a, it->title)), STORE_TITLE_MAX);
	if (art.title.n == 0)
		art.title = STR_LIT("(untitled)");
	art.slug = slug_valid(it->name) ? it->name : STR_NULL;
	legacy = wp_legacy_slug(a, it->name);
	if (art.slug.n == 0 && (legacy.n > 0 || !slug_possible(art.title)))
		art.slug = wp_fallback_slug(a, it->name, art.title, "post",
		    it->id);
	/* A nutgraf export keeps the Markdown an article was written in. */
	md = wxr_meta_get(it, "_nutgraf_markdown");
	art.format = md.n > 0 ? BODY_MARKDOWN : BODY_HTML;
	c->item_wp_id = it->id;
	art.body_md = rewrite_wp_images(c,
	    rewrite_uploads(c,
		renumber_galleries(c, md.n > 0 ? md : it->content), art.title));
	if (art.body_md.n > STORE_BODY_MAX) {
		skip(c, "%s", "posts with a body over 1 MB");
		c->sum->count[WPC_ARTICLE].skipped++;
		return NG_OK;
	}
	count_blocks(c, it->content);
	dek = html_text(a, it->excerpt);
	if (dek.n == 0 &&
	    (p = memmem(it->content.p, it->content.n, "<!--more", 8)) != NULL) {
		/* The teaser before <!--more--> as the standfirst. */
		more = (struct str){ it->content.p,
			(size_t)(p - it->content.p) };
		dek = html_text(a, more);
	}
	art.dek = cap(dek, STORE_DEK_MAX);
	when = item_date(it);
	art.created_at = when;
	art.updated_at = parse_date(it->modified_gmt);
	if (art.updated_at == 0)
		art.updated_at = when;
	art.comments_open = str_eqc(it->comment_status, "open");
	art.kicker = cap(wxr_meta_get(it, "_nutgraf_kicker"), STORE_TITLE_MAX);
	art.source_name = cap(wxr_meta_get(it, "_nutgraf_source_name"),
	    STORE_NAME_MAX);
	art.source_url = cap(wxr_meta_get(it, "_nutgraf_source_url"),
	    STORE_URL_MAX);
	art.canonical_url = cap(wxr_meta_get(it, "_nutgraf_canonical_url"),
	    STORE_URL_MAX);
	/* Yoast's fields, which most WordPress sites fill. */
	art.seo_title = cap(wxr_meta_get(it, "_yoast_wpseo_title"),
	    STORE_TITLE_MAX);
	/* "%%title%% %%sep%% %%sitename%%" is a template, not a title. */
	if (art.seo_title.n > 0 &&
	    memmem(art.seo_title.p, art.seo_title.n, "%%", 2) != NULL)
		art.seo_title = STR_NULL;
	art.seo_description = cap(wxr_meta_get(it, "_yoast_wpseo_metadesc"),
	    STORE_DEK_MAX);
	art.legacy_url = cap(it->link, STORE_URL_MAX);
	if (str_eqc(it->status, "publish")) {
		art.status = ARTICLE_PUBLISHED;
		art.published_at = when;
	} else if (str_eqc(it->status, "future")) {
		art.status = ARTICLE_SCHEDULED;
		art.published_at = when;
	} else if (str_eqc(it->status, "pending"))
		art.status = ARTICLE_PENDING;
	else
		art.status = ARTICLE_DRAFT; /* draft, private */
	for (i = 0; i < c->nlogins; i++)
		if (str_eqc(it->creator, c->logins[i].login))
			art.author_id = c->logins[i].author_id;
	if ((err = item_coauthors(c, it, bylines, &art)) != NG_OK)
		return err;
	if ((tags = arena_calloc(a, it->ncats + 1, sizeof(*tags))) == NULL)
		return NG_ENOMEM;
	for (i = 0; i < it->ncats; i++) {
		const struct wxr_cat *ct = &it->cats[i];

		if (str_eqc(ct->domain, "category") && art.section_id == 0) {
			if ((err = item_section(c, ct, &art.section_id)) !=
			    NG_OK)
				return err;
		} else if ((str_eqc(ct->domain, "post_tag") ||
			       str_eqc(ct->domain, "tag")) &&
		    ntags < STORE_TAGS_MAX) {
			/* "tag": WXR 1.0 of WordPress 2.x. */
			tags[ntags] = cap(unescape(a, ct->name),
			    STORE_NAME_MAX);
			/*
			 * A tag named only in another script has no nutgraf
			 * slug: left off the post, never the post refused.
			 */
			if (slug_possible(tags[ntags]))
				ntags++;
			else
				skip(c, "%s",
				    "post tags with no Latin letter or digit "
				    "(left off)");
		}
	}
	/*
	 * WordPress 2.x wrote a post's categories without a domain too
	 * (before 2.5, only so): used when no domain="category" one says.
	 */
	for (i = 0; i < it->ncats && art.section_id == 0; i++)
		if (it->cats[i].domain.n == 0 && it->cats[i].nicename.n == 0 &&
		    (err = item_section(c, &it->cats[i], &art.section_id)) !=
			NG_OK)
			return err;
	err = article_save_ex(a, c->st, &art, tags, ntags, &id, &w, &nw);
	if (err == NG_ECONFLICT || err == NG_EINVAL) {
		/* A slug taken by another article, or not nutgraf's. */
		art.slug = STR_NULL;
		art.version = 0;
		err = article_save_ex(a, c->st, &art, tags, ntags, &id, &w,
		    &nw);
	}
	if (err == NG_EINVAL || err == NG_ETOOBIG || err == NG_ECONFLICT) {
		skip(c, "%s", "posts the store refused (bad title or body)");
		c->sum->count[WPC_ARTICLE].skipped++;
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	c->sum->shortcodes_dropped += nw;
	for (i = 0; i < nw && i < 3; i++)
		buf_printf(&c->report, "\"%.*s\": %.*s\n", (int)art.title.n,
		    art.title.p, (int)w[i].message.n, w[i].message.p);
	if (it->id > 0 && !exists)
		best_effort(store_wp_id_set(c->st, WP_ARTICLE, id, it->id));
	/* The old URL with the slug in another script answers 301. */
	if (legacy.n > 0)
		best_effort(store_old_slug_add(c->st, legacy, id));
	count(c, WPC_ARTICLE, !exists);
	if ((err = keep_saved(c, id)) != NG_OK)
		return err;
	if (art.status == ARTICLE_PUBLISHED)
		vote_permalink(c, it, when);
	/* Sticky posts are pinned to the front page; a re-import unpins. */
	if ((it->sticky || exists) &&
	    (err = store_article_pin(c->st, id, it->sticky)) != NG_OK)
		return err;
	/* _thumbnail_id: the featured image; _wp_old_slug: old URLs. */
	for (i = 0; i < it->nmeta; i++) {
		const struct wxr_meta *m = &it->meta[i];

		if (str_eqc(m->key, "_thumbnail_id")) {
			int64_t wid = 0;
			size_t	k;

			for (k = 0; k < m->value.n && m->value.p[k] >= '0' &&
			     m->value.p[k] <= '9';
			     k++)
				wid = wid * 10 + (m->value.p[k] - '0');
			if (wid > 0 &&
			    store_wp_lookup(c->st, WP_MEDIA, wid, &mid) ==
				NG_OK)
				best_effort(
				    store_article_set_featured(c->st, id, mid));
		} else if (str_eqc(m->key, "_wp_old_slug") &&
		    slug_valid(m->value))
			best_effort(store_old_slug_add(c->st, m->value, id));
	}
	import_comments(c, it, id);
	return NG_OK;
}

static enum ng_err
import_page(struct ctx *c, const struct wxr_item *it)
{
	struct arena		 *a = c->a;
	struct page		  pg, *old;
	struct str		  md;
	struct shortcode_warning *w;
	const char		 *why = NULL;
	size_t			  nw = 0;
	int64_t			  id = 0, parent;
	int			  exists;
	enum ng_err		  err;

	memset(&pg, 0, sizeof(pg));
	exists = it->id > 0 &&
	    store_wp_lookup(c->st, WP_PAGE, it->id, &id) == NG_OK;
	if (exists && store_page_by_id(a, c->st, id, &old) == NG_OK) {
		pg.id = id;
		pg.version = 0;
	}
	pg.wp_id = it->id;
	pg.title = cap(trim(unescape(a, it->title)), STORE_TITLE_MAX);
	if (pg.title.n == 0)
		pg.title = STR_LIT("(untitled)");
	pg.slug = slug_valid(it->name) ? it->name : STR_NULL;
	if (pg.slug.n == 0 &&
	    (wp_legacy_slug(a, it->name).n > 0 || !slug_possible(pg.title)))
		pg.slug = wp_fallback_slug(a, it->name, pg.title, "page",
		    it->id);
	if (it->parent > 0 &&
	    store_wp_lookup(c->st, WP_PAGE, it->parent, &parent) == NG_OK)
		pg.parent_id = parent;
	/* page_save() renders Markdown; imported HTML is rendered here. */
	md = wxr_meta_get(it, "_nutgraf_markdown");
	pg.format = md.n > 0 ? BODY_MARKDOWN : BODY_HTML;
	c->item_wp_id = it->id;
	pg.body_src = rewrite_wp_images(c,
	    rewrite_uploads(c,
		renumber_galleries(c, md.n > 0 ? md : it->content), pg.title));
	count_blocks(c, it->content);
	if (pg.format == BODY_HTML &&
	    (err = shortcode_render_html(a, c->st, pg.body_src, &pg.body_html,
		 &pg.body_text, &w, &nw, NULL)) != NG_OK) {
		skip(c, "%s", "pages whose body cannot be rendered");
		c->sum->count[WPC_PAGE].skipped++;
		return err == NG_ENOMEM ? err : NG_OK;
	}
	c->sum->shortcodes_dropped += nw;
	pg.status = str_eqc(it->status, "publish") ? PAGE_PUBLISHED :
	    str_eqc(it->status, "private")	   ? PAGE_PRIVATE :
	    str_eqc(it->status, "pending")	   ? PAGE_PENDING :
						     PAGE_DRAFT;
	pg.menu_order = (int)it->menu_order;
	pg.created_at = item_date(it);
	pg.published_at = pg.status == PAGE_PUBLISHED ? pg.created_at : 0;
	pg.updated_at = parse_date(it->modified_gmt);
	if (pg.updated_at == 0)
		pg.updated_at = pg.created_at;
	for (size_t i = 0; i < c->nlogins; i++)
		if (str_eqc(it->creator, c->logins[i].login))
			pg.author_id = c->logins[i].author_id;
	err = page_save(a, c->st, &pg, c->o->taken, 0, &id, &why);
	if (err == NG_ECONFLICT || err == NG_EINVAL) {
		/* A slug that clashes with a route: "feed" becomes "feed-2". */
		pg.slug = str_c(
		    arena_printf(a, "%.*s-2", (int)it->name.n, it->name.p));
		if (!slug_valid(pg.slug))
			pg.slug = STR_NULL;
		err = page_save(a, c->st, &pg, c->o->taken, 0, &id, &why);
	}
	if (err == NG_ECONFLICT || err == NG_EINVAL || err == NG_ETOOBIG) {
		buf_printf(&c->report, "page \"%.*s\" not imported: %s\n",
		    (int)pg.title.n, pg.title.p, why != NULL ? why : "refused");
		c->sum->count[WPC_PAGE].skipped++;
		return NG_OK;
	}
	if (err != NG_OK)
		return err;
	count(c, WPC_PAGE, !exists);
	/* nutgraf's pages take no comments: said, not dropped unsaid. */
	for (size_t i = 0; i < it->ncomments; i++) {
		skip(c, "%s", "comments on pages (pages take none)");
		c->sum->count[WPC_COMMENT].skipped++;
	}
	return NG_OK;
}

static enum ng_err
keep_menu_item(struct ctx *c, const struct wxr_item *it)
{
	struct menu_item_in *mi, *nv;
	struct str	     menu = STR_NULL, v;
	size_t		     i;
	int64_t		     n;

	for (i = 0; i < it->ncats; i++)
		if (str_eqc(it->cats[i].domain, "nav_menu"))
			menu = it->cats[i].nicename;
	if (menu.n == 0 || c->nmenu_items >= MENU_ITEMS_MAX) {
		skip(c, "%s", "menu items without a menu");
		return NG_OK;
	}
	if ((nv = realloc(c->menu_items, (c->nmenu_items + 1) * sizeof(*nv))) ==
	    NULL)
		return NG_ENOMEM;
	c->menu_items = nv;
	mi = &nv[c->nmenu_items++];
	memset(mi, 0, sizeof(*mi));
	mi->wp_id = it->id;
	mi->order = (int)it->menu_order;
	mi->menu = dupstr(menu);
	mi->type = dupstr(wxr_meta_get(it, "_menu_item_type"));
	mi->object = dupstr(wxr_meta_get(it, "_menu_item_object"));
	mi->url = dupstr(wxr_meta_get(it, "_menu_item_url"));
	mi->title = dupstr(unescape(c->a, it->title));
	v = wxr_meta_get(it, "_menu_item_object_id");
	for (n = 0, i = 0; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
		n = n * 10 + (v.p[i] - '0');
	mi->object_id = n;
	v = wxr_meta_get(it, "_menu_item_menu_item_parent");
	for (n = 0, i = 0; i < v.n && v.p[i] >= '0' && v.p[i] <= '9'; i++)
		n = n * 10 + (v.p[i] - '0');
	mi->parent = n;
	return NG_OK;
}

static enum ng_err
p3_item(void *arg, const struct wxr_item *it)
{
	struct ctx *c = arg;
	char	    t[64];

	c->sum->items++;
	if (progress(c))
		return NG_EIO;
	arena_free(c->a);
	c->a = arena_new(256u << 20);
	if (str_eqc(it->type, "attachment"))
		return NG_OK;
	if (str_eqc(it->status, "trash") || str_eqc(it->status, "auto-draft") ||
	    str_eqc(it->status, "inherit")) {
		snprintf(t, sizeof(t), "%.*s", (int)it->status.n, it->status.p);
		skip(c, "items with status `%s`", t);
		if (str_eqc(it->type, "post"))
			c->sum->count[WPC_ARTICLE].skipped++;
		else if (str_eqc(it->type, "page"))
			c->sum->count[WPC_PAGE].skipped++;
		return NG_OK;
	}
	if (str_eqc(it->type, "post"))
		return import_post(c, it);
	if (str_eqc(it->type, "page"))
		return import_page(c, it);
	if (str_eqc(it->type, "nav_menu_item"))
		return keep_menu_item(c, it);
	snprintf(t, sizeof(t), "%.*s", (int)(it->type.n < 40 ? it->type.n : 40),
	    it->type.p);
	skip(c, "items of post type `%s`", t);
	return NG_OK;
}

static int
by_order(const void *x, const void *y)
{
	const struct menu_item_in *a = x, *b = y;

	if ((a->parent != 0) != (b->parent != 0))
		return a->parent != 0 ? 1 : -1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static enum ng_err
import_menus(struct ctx *c)
{
	struct menu	    *menus;
	struct menu_item     mi;
	struct menu_item_in *in;
	size_t		     nmenus, i, k;
	int64_t		     id, locs[MENU_LOC__MAX], first = 0;
	enum ng_err	     err;

	/* No menu items: no array to sort (qsort(NULL, 0) is undefined). */
	if (c->nmenu_items == 0)
		return NG_OK;
	qsort(c->menu_items, c->nmenu_items, sizeof(*c->menu_items), by_order);
	if ((err = store_menu_list(c->a, c->st, &menus, &nmenus)) != NG_OK)
		return err;
	for (i = 0; i < c->nmenu_items; i++) {
		in = &c->menu_items[i];
		memset(&mi, 0, sizeof(mi));
		mi.wp_id = in->wp_id;
		mi.label = cap(str_c(in->title), STORE_TITLE_MAX);
		/* The menu: the nav_menu term whose slug the item names. */
		for (k = 0; k < nmenus; k++) {
			struct str ms;

			if (slug_make(c->a, menus[k].name, &ms) == NG_OK &&
			    str_eqc(ms, in->menu))
				break;
		}
		if (k == nmenus) {
			/* Older exports: the menu's term may be missing. */
			struct menu m = { 0 };

			m.name = str_c(in->menu);
			if (store_menu_add(c->st, &m, &id) != NG_OK)
				continue;
			if ((err = store_menu_list(c->a, c->st, &menus,
				 &nmenus)) != NG_OK)
				return err;
			for (k = 0; k < nmenus && menus[k].id != id; k++)
				;
			if (k == nmenus)
				continue;
		}
		mi.menu_id = menus[k].id;
		if (first == 0)
			first = mi.menu_id;
		if (strcmp(in->type, "custom") == 0) {
			mi.kind = MENU_ITEM_URL;
			mi.url = str_c(in->url);
		} else if (strcmp(in->type, "taxonomy") == 0 &&
		    strcmp(in->object, "category") == 0 &&
		    store_wp_lookup(c->st, WP_SECTION, in->object_id,
			&mi.target_id) == NG_OK)
			mi.kind = MENU_ITEM_SECTION;
		else if (strcmp(in->type, "post_type") == 0 &&
		    strcmp(in->object, "page") == 0 &&
		    store_wp_lookup(c->st, WP_PAGE, in->object_id,
			&mi.target_id) == NG_OK)
			mi.kind = MENU_ITEM_PAGE;
		else if (strcmp(in->type, "post_type") == 0 &&
		    strcmp(in->object, "post") == 0 &&
		    store_wp_lookup(c->st, WP_ARTICLE, in->object_id,
			&mi.target_id) == NG_OK)
			mi.kind = MENU_ITEM_ARTICLE;
		else {
			skip(c, "%s",
			    "menu items whose target was not "
			    "imported");
			c->sum->count[WPC_MENU_ITEM].skipped++;
			continue;
		}
		if (in->parent > 0 &&
		    store_wp_lookup(c->st, WP_MENU_ITEM, in->parent, &id) ==
			NG_OK)
			mi.parent_id = id;
		if (in->wp_id > 0 &&
		    store_wp_lookup(c->st, WP_MENU_ITEM, in->wp_id, &id) ==
			NG_OK) {
			mi.id = id;
			if (store_menu_item_update(c->st, &mi) == NG_OK)
				count(c, WPC_MENU_ITEM, 0);
			continue;
		}
		err = store_menu_item_add(c->st, &mi, &id);
		if (err == NG_EINVAL && mi.parent_id != 0) {
			/* Nested deeper than nutgraf's one level. */
			mi.parent_id = 0;
			err = store_menu_item_add(c->st, &mi, &id);
		}
		if (err != NG_OK) {
			skip(c, "%s", "menu items the store refused");
			c->sum->count[WPC_MENU_ITEM].skipped++;
			continue;
		}
		count(c, WPC_MENU_ITEM, 1);
	}
	/* WXR has no theme locations: the first menu becomes primary. */
	if (first != 0 && store_menu_locations(c->st, locs) == NG_OK &&
	    locs[MENU_LOC_PRIMARY] == 0)
		best_effort(
		    store_menu_location_set(c->st, MENU_LOC_PRIMARY, first));
	return NG_OK;
}

static enum ng_err
read_pass(struct ctx *c, int pass, const struct wxr_handler *h,
    struct wxr_error *e)
{
	struct stat sb;
	enum ng_err err;

	c->pass = pass;
	c->sum->items = 0;
	if ((c->fd = open(c->o->file, O_RDONLY)) == -1) {
		snprintf(e->msg, sizeof(e->msg), "cannot open %s: %s",
		    c->o->file, strerror(errno));
		return NG_EIO;
	}
	c->size = fstat(c->fd, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	err = wxr_read(c->fd, h, e);
	close(c->fd);
	c->fd = -1;
	return err;
}

enum ng_err
wp_import(struct store *st, const struct wp_import_opts *o,
    struct wp_import_summary *sum, struct wxr_error *e)
{
	struct wxr_handler h1 = { NULL, p1_site, NULL, NULL, p1_item };
	struct wxr_handler h2 = { NULL, NULL, p2_author, p2_term, p2_item };
	struct wxr_handler h3 = { NULL, NULL, NULL, NULL, p3_item };
	struct ctx	   c;
	struct str	   rep;
	size_t		   i, best = 0;
	enum ng_err	   err;

	memset(sum, 0, sizeof(*sum));
	memset(e, 0, sizeof(*e));
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.o = o;
	c.sum = sum;
	c.fd = -1;
	c.a = arena_new(1 << 20);
	buf_init(&c.report, NULL);
	h1.arg = h2.arg = h3.arg = &c;

	if ((err = read_pass(&c, 1, &h1, e)) != NG_OK)
		goto out;
	if ((err = store_bulk_begin(st)) != NG_OK) {
		snprintf(e->msg, sizeof(e->msg),
		    "cannot start the import's "
		    "transaction: %s",
		    ng_strerror(err));
		goto out;
	}
	err = read_pass(&c, 2, &h2, e);
	/* Galleries without ids find a post's pictures in menu order. */
	if (err == NG_OK && c.natts > 0)
		qsort(c.atts, c.natts, sizeof(*c.atts), by_att_order);
	if (err == NG_OK)
		err = read_pass(&c, 3, &h3, e);
	if (err == NG_OK)
		err = import_menus(&c);
	if (err == NG_OK) {
		c.pass = 4;
		err = relate_all(&c);
	}
	if (err == NG_OK) {
		for (i = 1; i < 4; i++)
			if (c.votes[i].n > c.votes[best].n)
				best = i;
		if (c.votes[best].n > 0) {
			snprintf(sum->permalink, sizeof(sum->permalink), "%s",
			    c.votes[best].pattern);
			err = store_setting_set(st, "permalink",
			    str_c(sum->permalink));
		}
	}
	if (err != NG_OK && e->msg[0] == '\0')
		snprintf(e->msg, sizeof(e->msg),
		    "the import failed and was "
		    "rolled back: %s",
		    ng_strerror(err));
	/* A dry run does everything, then rolls it back. */
	err = store_bulk_end(st,
	    err != NG_OK   ? err :
		o->dry_run ? NG_ECONFLICT :
			     NG_OK);
	if (o->dry_run && err == NG_ECONFLICT)
		err = NG_OK;
	if (err != NG_OK && e->msg[0] == '\0')
		snprintf(e->msg, sizeof(e->msg),
		    "the import could not be "
		    "committed: %s",
		    ng_strerror(err));
out:
	if (err != NG_OK && c.stopped)
		snprintf(e->msg, sizeof(e->msg),
		    "the import was stopped (the "
		    "server is shutting down); nothing was imported");
	for (i = 0; i < c.nskips; i++)
		buf_printf(&c.report, "skipped: %zu %s\n", c.skips[i].n,
		    c.skips[i].why);
	if (buf_finish(&c.report, &rep) == NG_OK) {
		sum->report = (char *)(uintptr_t)rep.p;
		sum->report_len = rep.n;
	} else
		buf_release(&c.report);
	for (i = 0; i < c.nlogins; i++)
		free(c.logins[i].login);
	free(c.logins);
	for (i = 0; i < c.nmenu_items; i++) {
		free(c.menu_items[i].menu);
		free(c.menu_items[i].type);
		free(c.menu_items[i].object);
		free(c.menu_items[i].url);
		free(c.menu_items[i].title);
	}
	free(c.menu_items);
	free(c.saved);
	free(c.atts);
	free(c.base);
	arena_free(c.a);
	return err;
}

char *
wp_import_summary_text(const struct wp_import_summary *s)
{
	static const char *const names[WPC__MAX] = { "articles", "pages",
		"media", "comments", "users", "sections", "tags", "menus",
		"menu items" };
	struct buf		 b;
	struct str		 out;
	size_t			 i;

	buf_init(&b, NULL);
	buf_printf(&b, "%-12s %8s %8s %8s\n", "", "created", "updated",
	    "skipped");
	for (i = 0; i < WPC__MAX; i++)
		buf_printf(&b, "%-12s %8zu %8zu %8zu\n", names[i],
		    s->count[i].created, s->count[i].updated,
		    s->count[i].skipped);
	buf_printf(&b, "dynamic blocks dropped: %zu\n", s->blocks_dropped);
	buf_printf(&b, "shortcodes left out: %zu\n", s->shortcodes_dropped);
	if (s->permalink[0] != '\0')
		buf_printf(&b, "permalink structure set to %s\n", s->permalink);
	if (s->report != NULL)
		buf_put(&b, s->report, s->report_len);
	if (buf_finish(&b, &out) != NG_OK) {
		buf_release(&b);
		return NULL;
	}
	return (char *)(uintptr_t)out.p;
}
