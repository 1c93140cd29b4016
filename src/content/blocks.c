/*
 * blocks.c -- block-editor bodies (see blocks.h).
 *
 * One scan for "<!--".  A comment that is a block delimiter (WordPress's
 * grammar: "<!--" spaces ["/"] "wp:" [namespace "/"] name spaces
 * [JSON spaces] ["/"] "-->") is consumed; anything else is copied.  A
 * depth counter pairs openers with closers, so the inside of a dropped
 * dynamic block is skipped up to its own closer however deeply blocks
 * nest inside it.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/blocks.h"

struct delim {
	int	   closer;
	int	   selfclose;
	struct str ns; /* "core" when written without one */
	struct str name;
	struct str attrs; /* the JSON, or empty */
	size_t	   end;	  /* just past "-->" */
};

static int
is_lower_namec(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	    c == '-';
}

static int
is_sp(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Read a delimiter at s[i] == '<'.  Returns 1 if it is one. */
static int
delim_at(const char *s, size_t n, size_t i, struct delim *d)
{
	const char *e;
	size_t	    j = i + 4, ns, k;

	memset(d, 0, sizeof(*d));
	if (n - i < 4 || memcmp(s + i, "<!--", 4) != 0)
		return 0;
	if (j >= n || !is_sp(s[j]))
		return 0;
	while (j < n && is_sp(s[j]))
		j++;
	if (j < n && s[j] == '/') {
		d->closer = 1;
		j++;
	}
	if (n - j < 3 || memcmp(s + j, "wp:", 3) != 0)
		return 0;
	j += 3;
	ns = j;
	if (j >= n || !(s[j] >= 'a' && s[j] <= 'z'))
		return 0;
	while (j < n && is_lower_namec(s[j]))
		j++;
	if (j < n && s[j] == '/') {
		d->ns = (struct str){ s + ns, j - ns };
		j++;
		ns = j;
		if (j >= n || !(s[j] >= 'a' && s[j] <= 'z'))
			return 0;
		while (j < n && is_lower_namec(s[j]))
			j++;
	} else
		d->ns = STR_LIT("core");
	d->name = (struct str){ s + ns, j - ns };
	if (j >= n || !is_sp(s[j]))
		return 0;
	/* WordPress escapes "--" inside the JSON, so "-->" ends it. */
	if ((e = memmem(s + j, n - j, "-->", 3)) == NULL)
		return 0;
	d->end = (size_t)(e - s) + 3;
	k = (size_t)(e - s);
	while (k > j && is_sp(s[k - 1]))
		k--;
	if (k > j && s[k - 1] == '/') {
		if (d->closer)
			return 0;
		d->selfclose = 1;
		k--;
	}
	while (j < k && is_sp(s[j]))
		j++;
	while (k > j && is_sp(s[k - 1]))
		k--;
	if (k > j) {
		if (s[j] != '{' || s[k - 1] != '}' || d->closer)
			return 0;
		d->attrs = (struct str){ s + j, k - j };
	}
	return 1;
}

int
blocks_present(const char *src, size_t n)
{
	const char  *p = src, *end = src + n;
	struct delim d;

	while ((p = memmem(p, (size_t)(end - p), "<!--", 4)) != NULL) {
		if (delim_at(src, n, (size_t)(p - src), &d))
			return 1;
		p += 4;
	}
	return 0;
}

/*
 * Core blocks WordPress renders on the server (render_callback): their
 * saved HTML is empty or a placeholder.  Names starting with one of the
 * prefixes below are dynamic too (post-title, query-loop, comments, ...).
 */
static const char *const dynamic_core[] = {
	"archives",
	"avatar",
	"block",
	"calendar",
	"categories",
	"footnotes",
	"home-link",
	"latest-comments",
	"latest-posts",
	"legacy-widget",
	"loginout",
	"page-list",
	"pattern",
	"read-more",
	"rss",
	"search",
	"tag-cloud",
	"template-part",
	"term-description",
	"widget-group",
	"social-link",
	"file-embed",
};
static const char *const dynamic_prefix[] = {
	"comment",
	"post-",
	"query",
	"site-",
	"navigation",
};

static int
is_dynamic(const struct delim *d)
{
	size_t i;

	if (!str_eqc(d->ns, "core"))
		return d->selfclose; /* a plugin's block with no HTML */
	for (i = 0; i < sizeof(dynamic_core) / sizeof(dynamic_core[0]); i++)
		if (str_eqc(d->name, dynamic_core[i]))
			return 1;
	for (i = 0; i < sizeof(dynamic_prefix) / sizeof(dynamic_prefix[0]); i++)
		if (str_has_prefix(d->name, str_c(dynamic_prefix[i])))
			return 1;
	return 0;
}

/* The JSON string attribute "key" (simple escapes undone), or empty. */
static struct str
json_str(struct arena *a, struct str json, const char *key)
{
	char	    pat[64];
	const char *p, *end;
	struct buf  b;
	struct str  out;

	/* An empty slice may have no pointer: no arithmetic on it. */
	if (json.n == 0 || strlen(key) + 4 > sizeof(pat))
		return STR_NULL;
	end = json.p + json.n;
	(void)snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	if ((p = memmem(json.p, json.n, pat, strlen(pat))) == NULL)
		return STR_NULL;
	p += strlen(pat);
	buf_init(&b, a);
	for (; p < end && *p != '"'; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			if (*p == 'u' && end - p >= 5) {
				/* only \u002d and friends are ASCII here */
				unsigned v = 0;
				int	 k;

				for (k = 1; k <= 4; k++) {
					char c = p[k];

					v = v * 16 +
					    (unsigned)(c >= 'a' ? c - 'a' + 10 :
						    c >= 'A'	? c - 'A' + 10 :
								  c - '0');
				}
				if (v >= 0x20 && v < 0x7f)
					buf_putc(&b, (char)v);
				p += 4;
				continue;
			}
		}
		buf_putc(&b, *p);
	}
	if (buf_finish(&b, &out) != NG_OK)
		return STR_NULL;
	return out;
}

static void
count_drop(struct blocks_result *r, const struct delim *d, struct arena *a)
{
	size_t i;
	char  *nm;

	r->ndropped++;
	for (i = 0; i < r->ndropnames; i++)
		if (str_has_prefix(r->dropped[i].name, d->ns) &&
		    r->dropped[i].name.n == d->ns.n + 1 + d->name.n &&
		    memcmp(r->dropped[i].name.p + d->ns.n + 1, d->name.p,
			d->name.n) == 0) {
			r->dropped[i].count++;
			return;
		}
	if (r->ndropnames == BLOCKS_NAMES_MAX)
		return;
	if ((nm = arena_printf(a, "%.*s/%.*s", (int)d->ns.n, d->ns.p,
		 (int)d->name.n, d->name.p)) == NULL)
		return;
	r->dropped[r->ndropnames].name = str_c(nm);
	r->dropped[r->ndropnames].count = 1;
	r->ndropnames++;
}

/*
 * A dynamic block nutgraf has an equivalent for: write it and return 1.
 */
static int
equivalent(struct arena *a, struct buf *b, const struct delim *d)
{
	if (str_eqc(d->ns, "core") && str_eqc(d->name, "search")) {
		buf_puts(b,
		    "<p><a href=\"/search\">Search this site</a></p>\n");
		return 1;
	}
	(void)a;
	return 0;
}

/* An embed block: "[embed]URL[/embed]" for the shortcode renderer. */
static int
is_embed(const struct delim *d)
{
	return (str_eqc(d->ns, "core") &&
		   (str_eqc(d->name, "embed") ||
		       str_has_prefix(d->name, STR_LIT("embed")))) ||
	    str_eqc(d->ns, "core-embed");
}

enum ng_err
blocks_render(struct arena *a, const char *src, size_t n,
    struct blocks_result *out)
{
	struct buf   b;
	struct delim d;
	struct str   url;
	const char  *p;
	size_t	     i, at, depth = 0, skip_to = 0;
	int	     skipping = 0;

	memset(out, 0, sizeof(*out));
	buf_init(&b, a);
	i = 0;
	while (i < n) {
		p = memmem(src + i, n - i, "<!--", 4);
		at = p == NULL ? n : (size_t)(p - src);
		if (!skipping)
			buf_put(&b, src + i, at - i);
		if (at >= n)
			break;
		if (!delim_at(src, n, at, &d)) {
			if (!skipping)
				buf_put(&b, "<!--", 4);
			i = at + 4;
			continue;
		}
		i = d.end;
		if (d.closer) {
			if (depth > 0)
				depth--;
			if (skipping && depth == skip_to)
				skipping = 0;
			continue;
		}
		out->nblocks++;
		if (skipping) {
			if (!d.selfclose)
				depth++;
			continue;
		}
		if (is_embed(&d)) {
			url = json_str(a, d.attrs, "url");
			if (url.n > 0) {
				buf_puts(&b, "\n[embed]");
				buf_putstr(&b, url);
				buf_puts(&b, "[/embed]\n");
			}
			if (!d.selfclose) {
				/* The saved wrapper only repeats the URL. */
				skip_to = depth;
				depth++;
				skipping = 1;
			}
			continue;
		}
		if (is_dynamic(&d)) {
			if (!equivalent(a, &b, &d))
				count_drop(out, &d, a);
			if (!d.selfclose) {
				skip_to = depth;
				depth++;
				skipping = 1;
			}
			continue;
		}
		if (!d.selfclose)
			depth++;
		/* core/more and core/nextpage save "<!--more-->" inside. */
	}
	return buf_finish(&b, &out->html);
}
