/*
 * store_breaking.c -- the breaking-news banner, kept as one setting.
 *
 * One setting rather than a table of its own: there is one banner per
 * site, a setting write is already one transaction that drops every page
 * showing settings (every public page reads the site's name), and both
 * backends store it alike with no migration.  The value is one line of
 * tab-separated fields, version first:
 *
 *	"1 TAB level TAB starts TAB expires TAB url TAB text"
 *
 * Text and link may hold no control character (checked when written),
 * so a tab always separates fields.  A banner past its expiry reads as
 * none, and store_next_publish_after() names its expiry, so cached pages
 * showing it go then too.
 */
#include <stdint.h>
#include <string.h>

#include "core/arena.h"
#include "core/utf8.h"
#include "store/store.h"
#include "store/store_int.h"

static const char *const level_names[BREAKING__MAX] = {
	"breaking",   /* BREAKING_NEWS */
	"developing", /* BREAKING_DEVELOPING */
	"notice",     /* BREAKING_NOTICE */
};

const char *
store_breaking_level_name(enum breaking_level l)
{
	return (unsigned)l < BREAKING__MAX ? level_names[l] : NULL;
}

int
store_breaking_level_parse(struct str s, enum breaking_level *out)
{
	unsigned i;

	for (i = 0; i < BREAKING__MAX; i++)
		if (str_eqc(s, level_names[i])) {
			*out = (enum breaking_level)i;
			return 1;
		}
	return 0;
}

/* The next field of s up to a tab (or the end), s moved past it. */
static struct str
field(struct str *s)
{
	struct str  f = { s->p, 0 };
	const char *tab;

	tab = s->n > 0 ? memchr(s->p, '\t', s->n) : NULL;
	f.n = tab != NULL ? (size_t)(tab - s->p) : s->n;
	s->p += tab != NULL ? f.n + 1 : f.n;
	s->n -= tab != NULL ? f.n + 1 : f.n;
	return f;
}

/* A non-negative decimal of at most 15 digits; -1 otherwise. */
static int64_t
number(struct str s)
{
	int64_t v = 0;
	size_t	i;

	if (s.n == 0 || s.n > 15)
		return -1;
	for (i = 0; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (s.p[i] - '0');
	}
	return v;
}

/* Text a banner may carry: valid UTF-8, no control characters. */
static int
clean(struct str s)
{
	size_t i;

	if (s.n > 0 && !utf8_valid(s.p, s.n))
		return 0;
	for (i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
			return 0;
	return 1;
}

/*
 * A link a banner may carry: none, an http(s) address, or a path of
 * this site ("/2024/..."; not "//host", which leaves it).
 */
static int
link_ok(struct str u)
{
	if (u.n == 0)
		return 1;
	if (u.p[0] == '/')
		return u.n == 1 || u.p[1] != '/';
	return str_has_prefix(u, STR_LIT("https://")) ||
	    str_has_prefix(u, STR_LIT("http://"));
}

enum ng_err
store_breaking_decode(struct str v, struct breaking_news *out)
{
	struct str lv, url, text;

	memset(out, 0, sizeof(*out));
	if (v.n == 0)
		return NG_ENOTFOUND;
	if (!str_eqc(field(&v), "1"))
		return NG_EINVAL;
	lv = field(&v);
	out->starts_at = number(field(&v));
	out->expires_at = number(field(&v));
	url = field(&v);
	text = v; /* the rest: it holds no tab */
	if (!store_breaking_level_parse(lv, &out->level) ||
	    out->starts_at < 0 || out->expires_at <= 0 || text.n == 0 ||
	    text.n > STORE_BREAKING_TEXT_MAX || url.n > STORE_URL_MAX ||
	    !clean(text) || !clean(url) || !link_ok(url)) {
		memset(out, 0, sizeof(*out));
		return NG_EINVAL;
	}
	out->url = url;
	out->text = text;
	return NG_OK;
}

int
store_breaking_live(const struct breaking_news *b, int64_t now)
{
	return b->text.n > 0 && now < b->expires_at;
}

enum ng_err
store_breaking_get(struct arena *ar, struct store *st, int64_t now,
    struct breaking_news *out)
{
	struct str  v;
	enum ng_err err;

	memset(out, 0, sizeof(*out));
	err = store_setting_get(ar, st, STORE_BREAKING_KEY, &v);
	if (err != NG_OK)
		return err;
	if (store_breaking_decode(v, out) != NG_OK ||
	    !store_breaking_live(out, now)) {
		memset(out, 0, sizeof(*out));
		return NG_ENOTFOUND;
	}
	return NG_OK;
}

enum ng_err
store_breaking_set(struct arena *ar, struct store *st,
    const struct breaking_news *b)
{
	const char *v;

	if (b == NULL)
		return store_setting_set(st, STORE_BREAKING_KEY, STR_LIT(""));
	if (b->text.n == 0 || b->expires_at <= b->starts_at ||
	    b->starts_at < 0 || store_breaking_level_name(b->level) == NULL ||
	    !clean(b->text) || !clean(b->url) || !link_ok(b->url))
		return NG_EINVAL;
	if (b->text.n > STORE_BREAKING_TEXT_MAX || b->url.n > STORE_URL_MAX ||
	    b->expires_at > 999999999999999LL)
		return NG_ETOOBIG;
	v = arena_printf(ar, "1\t%s\t%lld\t%lld\t%.*s\t%.*s",
	    store_breaking_level_name(b->level), (long long)b->starts_at,
	    (long long)b->expires_at, (int)b->url.n, b->url.p, (int)b->text.n,
	    b->text.p);
	if (v == NULL)
		return NG_ENOMEM;
	return store_setting_set(st, STORE_BREAKING_KEY, str_c(v));
}

/*
 * The banner's expiry when it is still to come, for the page cache
 * (store_next_publish_after(), on its connection c); 0 when there is
 * none.  A time read, not content: it notes nothing in the read session.
 */
int64_t
store_breaking_expiry_after(struct store *st, struct store_conn *c, int64_t now)
{
	struct arena	    *ar;
	struct breaking_news b;
	struct str	     v;
	int64_t		     t = 0;

	if ((ar = arena_new(1024)) == NULL)
		return 0;
	if (store_ops_of(st)->setting_get(ar, c, STR_LIT(STORE_BREAKING_KEY),
		&v) == NG_OK &&
	    store_breaking_decode(v, &b) == NG_OK && b.expires_at > now)
		t = b.expires_at;
	arena_free(ar);
	return t;
}
