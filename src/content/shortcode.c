/*
 * shortcode.c -- the shortcode parser: bytes in, nodes out.
 *
 * One pass from left to right.  Text runs up to the next '[' (or the
 * next line that is a bare video URL) are copied as TEXT nodes; at a '['
 * scan_tag() reads one tag and says whether it is a tag, text, or a
 * malformed tag.  An enclosing shortcode looks ahead for its closing tag;
 * the position of the next closer of each kind is remembered, so no byte
 * is searched twice for the same kind and the whole parse stays linear.
 * Unknown names are always self-closing (WordPress only pairs tags for
 * names it knows), so a stray "[/foo]" later is just another broken tag.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/buf.h"
#include "content/shortcode.h"

static const char *const kind_names[SHORTCODE__MAX] = {
	[SHORTCODE_UNKNOWN] = "",
	[SHORTCODE_SLIDER] = "slider",
	[SHORTCODE_SOLILOQUY] = "soliloquy",
	[SHORTCODE_GALLERY] = "gallery",
	[SHORTCODE_CAPTION] = "caption",
	[SHORTCODE_RELATED] = "related",
	[SHORTCODE_AD] = "ad",
	[SHORTCODE_EMBED] = "embed",
	[SHORTCODE_AUDIO] = "audio",
	[SHORTCODE_VIDEO] = "video",
	[SHORTCODE_PLAYLIST] = "playlist",
	[SHORTCODE_VIDEO_URL] = "video",
};

/* Kinds written as [x]...[/x]; all others are self-closing. */
static int
kind_encloses(enum shortcode_kind k)
{
	return k == SHORTCODE_CAPTION || k == SHORTCODE_EMBED;
}

/* Kinds that enclose when their closer follows, else self-close. */
static int
kind_may_enclose(enum shortcode_kind k)
{
	return k == SHORTCODE_AUDIO || k == SHORTCODE_VIDEO ||
	    k == SHORTCODE_PLAYLIST;
}

enum shortcode_kind
shortcode_kind_of(struct str name)
{
	size_t k;

	/* WordPress still answers to the caption's old name. */
	if (name.n == 10 && strncasecmp(name.p, "wp_caption", 10) == 0)
		return SHORTCODE_CAPTION;
	/* The tag [video] comes first; VIDEO_URL is never a tag's kind. */
	for (k = 1; k < SHORTCODE_VIDEO_URL; k++)
		if (strlen(kind_names[k]) == name.n &&
		    strncasecmp(kind_names[k], name.p, name.n) == 0)
			return (enum shortcode_kind)k;
	return SHORTCODE_UNKNOWN;
}

const char *
shortcode_kind_name(enum shortcode_kind kind)
{
	if ((unsigned)kind >= SHORTCODE__MAX)
		return "";
	return kind_names[kind];
}

int
shortcode_attr(const struct shortcode_node *nd, const char *name, size_t pos,
    struct str *out)
{
	size_t i, k = 0;

	*out = STR_NULL;
	for (i = 0; i < nd->nattrs; i++) {
		if (name == NULL) {
			if (nd->attrs[i].name.n == 0 && k++ == pos) {
				*out = nd->attrs[i].value;
				return 1;
			}
		} else if (str_eqc(nd->attrs[i].name, name)) {
			*out = nd->attrs[i].value;
			return 1;
		}
	}
	return 0;
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_namec(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int
is_idc(char c)
{
	return is_namec(c);
}

/* A run of [A-Za-z0-9_-], 1..max bytes, filling all of s. */
static int
all_idc(struct str s, size_t max)
{
	size_t i;

	if (s.n == 0 || s.n > max)
		return 0;
	for (i = 0; i < s.n; i++)
		if (!is_idc(s.p[i]))
			return 0;
	return 1;
}

static int
has_prefix_ci(struct str s, const char *pfx)
{
	size_t n = strlen(pfx);

	return s.n >= n && strncasecmp(s.p, pfx, n) == 0;
}

int
shortcode_video_url(struct str u, const char **provider, struct str *id)
{
	static const char *const yt[] = {
		"www.youtube.com/watch?v=",
		"youtube.com/watch?v=",
		"m.youtube.com/watch?v=",
		"www.youtube.com/embed/",
		"youtube.com/embed/",
		"youtu.be/",
	};
	static const char *const vm[] = {
		"vimeo.com/",
		"www.vimeo.com/",
		"player.vimeo.com/video/",
	};
	struct str rest, v;
	size_t	   i, k;

	*provider = NULL;
	*id = STR_NULL;
	if (has_prefix_ci(u, "https://"))
		rest = (struct str){ u.p + 8, u.n - 8 };
	else if (has_prefix_ci(u, "http://"))
		rest = (struct str){ u.p + 7, u.n - 7 };
	else
		return 0;
	for (k = 0; k < 2; k++) {
		const char *const *t = k == 0 ? yt : vm;
		size_t		   nt = k == 0 ? sizeof(yt) / sizeof(yt[0]) :
						 sizeof(vm) / sizeof(vm[0]);

		for (i = 0; i < nt; i++) {
			if (!has_prefix_ci(rest, t[i]))
				continue;
			v.p = rest.p + strlen(t[i]);
			v.n = 0;
			while (v.p + v.n < rest.p + rest.n && is_idc(v.p[v.n]))
				v.n++;
			/* What may follow the id: other query parameters. */
			if (v.p + v.n < rest.p + rest.n && v.p[v.n] != '&' &&
			    v.p[v.n] != '?' && v.p[v.n] != '#')
				return 0;
			if (k == 0 && !all_idc(v, 32))
				return 0;
			if (k == 1) {
				if (v.n == 0 || v.n > 16)
					return 0;
				for (size_t j = 0; j < v.n; j++)
					if (v.p[j] < '0' || v.p[j] > '9')
						return 0;
			}
			*provider = k == 0 ? "youtube" : "vimeo";
			*id = v;
			return 1;
		}
	}
	return 0;
}

/* How scan_tag() found the bytes at a '['. */
enum scan {
	SCAN_TEXT, /* not a shortcode: keep the '[' as text */
	SCAN_TAG,  /* a tag, in *t */
	SCAN_BAD,  /* a malformed shortcode over src[p..*end) */
};

struct tag {
	int		      closing;
	int		      selfclose;
	struct str	      name;
	enum shortcode_kind   kind;
	struct shortcode_attr attrs[SHORTCODE_ATTRS_MAX];
	size_t		      nattrs;
	size_t		      end; /* offset just past ']' */
	const char	     *why;
};

struct parser {
	struct arena *a;
	const char   *s;
	size_t	      n;
	size_t	      line_pos; /* lines counted up to here */
	unsigned      line;
	/* Next closer of each enclosing kind at or after closer_from. */
	size_t		      closer_from[SHORTCODE__MAX];
	size_t		      closer_at[SHORTCODE__MAX]; /* n: none */
	size_t		      closer_len[SHORTCODE__MAX];
	size_t		      closer_searches; /* closer_ahead() calls */
	struct shortcode_doc *doc;
	size_t		      cap;
	enum ng_err	      err;
};

/* The line of offset pos; pos never moves backwards between calls. */
static unsigned
line_at(struct parser *p, size_t pos)
{
	const char *nl;

	while (p->line_pos < pos &&
	    (nl = memchr(p->s + p->line_pos, '\n', pos - p->line_pos)) !=
		NULL) {
		p->line++;
		p->line_pos = (size_t)(nl - p->s) + 1;
	}
	if (p->line_pos < pos)
		p->line_pos = pos;
	return p->line;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Names WordPress plugins use that are shortcodes even alone and without
 * attributes ("[toc]", "[mc4wp_form]", "[vc_row]"): any name with an
 * underscore or a dash, and a list of common bare ones.  Editorial
 * brackets ("[sic]", "[1]", "[the junta]") match none of these.
 */
static int
plugin_name(struct str name)
{
	static const char *const bare[] = { "toc", "audio", "video", "playlist",
		"embed", "wpvideo", "googlemaps", "tweet", "instagram",
		"youtube", "vimeo", "soundcloud", "spotify", "contact",
		"newsletter", "button", "tabs", "tab", "accordion", "row",
		"column", "columns", "one_half", "box", "alert", "divider",
		"spacer", "icon", "map", "slideshow", "pdf", "download",
		"footnote", "footnotes", "jetpack", "wpforms", "ninja",
		"gravityform", "fusion", "products", "product", "donate",
		"paypal" };
	size_t			 i;

	for (i = 0; i < name.n; i++)
		if (name.p[i] == '_' || name.p[i] == '-')
			return 1;
	for (i = 0; i < sizeof(bare) / sizeof(bare[0]); i++)
		if (strlen(bare[i]) == name.n &&
		    strncasecmp(bare[i], name.p, name.n) == 0)
			return 1;
	return 0;
}

/*
 * Where a malformed tag at '[' from ends: its first ']' or the line's
 * end, however far (a 10 KB tag or 2,000 attributes are dropped whole,
 * not cut at SHORTCODE_TAG_MAX with their tail left as text).
 */
static size_t
bad_end(const struct parser *p, size_t from, size_t at)
{
	size_t i, lim;

	(void)from;
	lim = p->n;
	for (i = at; i < lim; i++) {
		if (p->s[i] == '\n' || p->s[i] == '\r')
			return i;
		if (p->s[i] == ']')
			return i + 1;
	}
	return lim;
}

/*
 * Whether "[/name]" follows within CLOSER_WINDOW bytes.  Bounded so a
 * body of many "[x]" costs at most CLOSER_SEARCHES windows.
 */
#define CLOSER_WINDOW	(64 * 1024)
#define CLOSER_SEARCHES 64

static int
closer_ahead(const struct parser *p, size_t from, struct str name)
{
	struct parser *mp = (struct parser *)(uintptr_t)p;
	const char    *b, *end;
	size_t	       lim;

	if (mp->closer_searches >= CLOSER_SEARCHES)
		return 0;
	mp->closer_searches++;
	lim = p->n - from < CLOSER_WINDOW ? p->n - from : CLOSER_WINDOW;
	end = p->s + from + lim;
	for (b = p->s + from;
	     (b = memmem(b, (size_t)(end - b), "[/", 2)) != NULL; b += 2) {
		if ((size_t)(end - b) >= name.n + 3 &&
		    strncasecmp(b + 2, name.p, name.n) == 0 &&
		    b[2 + name.n] == ']')
			return 1;
	}
	return 0;
}

/*
 * Read a tag at s[at] == '['.  The decision "shortcode or text" follows
 * shortcode.h: known name, closing tag, a key=value, or "/]".
 */
static enum scan
scan_tag(const struct parser *p, size_t at, struct tag *t, size_t *end)
{
	const char *s = p->s;
	size_t	    i, lim, ns, vs;
	int	    saw_eq = 0, candidate;
	char	    q;

	memset(t, 0, sizeof(*t));
	lim = at + SHORTCODE_TAG_MAX < p->n ? at + SHORTCODE_TAG_MAX : p->n;
	i = at + 1;
	if (i < lim && s[i] == '/') {
		t->closing = 1;
		i++;
	}
	if (i >= lim || !is_alpha(s[i]))
		return SCAN_TEXT;
	ns = i;
	while (i < lim && is_namec(s[i]) && i - ns <= SHORTCODE_NAME_MAX)
		i++;
	if (i - ns > SHORTCODE_NAME_MAX)
		return SCAN_TEXT;
	t->name = (struct str){ s + ns, i - ns };
	t->kind = shortcode_kind_of(t->name);
	if (i < lim && s[i] != ']' && s[i] != '/' && !is_space(s[i]))
		return SCAN_TEXT; /* "[a=b]", "[x.y]", "[name\n" */
	candidate = t->kind != SHORTCODE_UNKNOWN || t->closing ||
	    plugin_name(t->name);

	for (;;) {
		while (i < lim && is_space(s[i]))
			i++;
		if (i >= lim || s[i] == '\n' || s[i] == '\r') {
			t->why = "it has no closing ']'";
			goto bad;
		}
		if (s[i] == ']') {
			i++;
			break;
		}
		if (s[i] == '/' && i + 1 < lim && s[i + 1] == ']') {
			if (t->closing) {
				t->why = "it is not a valid tag";
				goto bad;
			}
			t->selfclose = 1;
			candidate = 1;
			i += 2;
			break;
		}
		if (t->closing) {
			t->why = "a closing tag takes no attributes";
			goto bad;
		}
		if (t->nattrs == SHORTCODE_ATTRS_MAX) {
			t->why = "it has too many attributes";
			goto bad;
		}
		/* name=value, name="value", "value", value */
		struct shortcode_attr *at_ = &t->attrs[t->nattrs];
		ns = i;
		while (i < lim && is_namec(s[i]))
			i++;
		if (i > ns && i < lim && s[i] == '=') {
			at_->name = (struct str){ s + ns, i - ns };
			saw_eq = 1;
			i++;
		} else
			i = ns;
		if (i < lim && (s[i] == '"' || s[i] == '\'')) {
			q = s[i++];
			vs = i;
			while (i < lim && s[i] != q && s[i] != '\n' &&
			    s[i] != '\r')
				i++;
			if (i >= lim || s[i] != q) {
				t->why = "a quoted value is not closed";
				goto bad;
			}
			at_->value = (struct str){ s + vs, i - vs };
			i++;
			if (i < lim && !is_space(s[i]) && s[i] != ']' &&
			    s[i] != '/') {
				t->why = "a quoted value runs into the next";
				goto bad;
			}
		} else {
			vs = i;
			while (i < lim && !is_space(s[i]) && s[i] != ']' &&
			    s[i] != '"' && s[i] != '\'' && s[i] != '\n' &&
			    s[i] != '\r' && s[i] != '[' &&
			    !(s[i] == '/' && i + 1 < lim && s[i + 1] == ']'))
				i++;
			if (i < lim &&
			    (s[i] == '"' || s[i] == '\'' || s[i] == '[')) {
				t->why = "it has a stray quote or bracket";
				goto bad;
			}
			if (i == vs) {
				/* "name=" with nothing after it */
				if (at_->name.n == 0) {
					t->why = "it is not a valid tag";
					goto bad;
				}
			}
			at_->value = (struct str){ s + vs, i - vs };
		}
		t->nattrs++;
	}
	if (saw_eq)
		candidate = 1;
	/* An opener with a matching closer is a shortcode ("[note]x[/note]"). */
	if (!candidate && !t->closing && closer_ahead(p, i, t->name))
		candidate = 1;
	if (!candidate)
		return SCAN_TEXT;
	/*
	 * "[word](url)" is a Markdown link, whose brackets Markdown
	 * consumes.  ("[word][ref]" is not excused: "[caption][ad ...]" is
	 * far likelier in a body than a reference link named like a
	 * shortcode.)
	 */
	if (t->nattrs == 0 && !t->closing && !t->selfclose && i < p->n &&
	    p->s[i] == '(')
		return SCAN_TEXT;
	t->end = i;
	return SCAN_TAG;
bad:
	if (!candidate && !saw_eq)
		return SCAN_TEXT;
	/* Drop through the first ']' (or the line's end), no further. */
	*end = bad_end(p, at, at + 1);
	return SCAN_BAD;
}

static struct shortcode_node *
node_new(struct parser *p)
{
	struct shortcode_doc  *d = p->doc;
	struct shortcode_node *nv;
	size_t		       ncap;

	if (p->err != NG_OK)
		return NULL;
	if (d->n == p->cap) {
		ncap = p->cap == 0 ? 16 : p->cap * 2;
		if ((nv = arena_calloc(p->a, ncap, sizeof(*nv))) == NULL) {
			p->err = NG_ENOMEM;
			return NULL;
		}
		if (d->n > 0)
			memcpy(nv, d->v, d->n * sizeof(*nv));
		d->v = nv;
		p->cap = ncap;
	}
	memset(&d->v[d->n], 0, sizeof(d->v[0]));
	return &d->v[d->n++];
}

/* Append text s[from..to) (kept as text.p..), merging with a TEXT before. */
static void
add_text(struct parser *p, size_t from, size_t to, struct str keep)
{
	struct shortcode_node *nd;

	if (to <= from)
		return;
	if (p->doc->n > 0) {
		nd = &p->doc->v[p->doc->n - 1];
		if (nd->type == SHORTCODE_NODE_TEXT &&
		    nd->src.p + nd->src.n == p->s + from &&
		    nd->text.p == nd->src.p && nd->text.n == nd->src.n &&
		    keep.p == p->s + from && keep.n == to - from) {
			nd->src.n += to - from;
			nd->text.n += to - from;
			return;
		}
	}
	if ((nd = node_new(p)) == NULL)
		return;
	nd->type = SHORTCODE_NODE_TEXT;
	nd->src = (struct str){ p->s + from, to - from };
	nd->text = keep;
}

static struct shortcode_node *
add_code(struct parser *p, enum shortcode_node_type type, size_t from,
    size_t to, unsigned line)
{
	struct shortcode_node *nd;

	if (p->doc->ncodes >= SHORTCODE_MAX) {
		if (p->err == NG_OK)
			p->err = NG_ETOOBIG;
		return NULL;
	}
	if ((nd = node_new(p)) == NULL)
		return NULL;
	p->doc->ncodes++;
	nd->type = type;
	nd->src = (struct str){ p->s + from, to - from };
	nd->line = line;
	return nd;
}

static void
add_bad(struct parser *p, size_t from, size_t to, unsigned line,
    struct str name, const char *why)
{
	struct shortcode_node *nd;

	if ((nd = add_code(p, SHORTCODE_NODE_BROKEN, from, to, line)) == NULL)
		return;
	nd->name = name;
	nd->kind = shortcode_kind_of(name);
	nd->why = why;
}

/*
 * The next "[/name]" of kind k at or after from: its offset, or p->n.
 * The answer for a kind is remembered and reused while it lies ahead.
 */
static size_t
find_closer(struct parser *p, enum shortcode_kind k, size_t from)
{
	const char *name = kind_names[k];
	size_t	    len = strlen(name), i;
	const char *b = NULL;

	if (p->closer_at[k] != 0 && p->closer_from[k] <= from &&
	    (p->closer_at[k] >= from || p->closer_at[k] == p->n))
		return p->closer_at[k];
	i = from;
	while (i + len + 3 <= p->n &&
	    (b = memchr(p->s + i, '[', p->n - i)) != NULL) {
		i = (size_t)(b - p->s);
		if (i + len + 3 <= p->n && p->s[i + 1] == '/' &&
		    strncasecmp(p->s + i + 2, name, len) == 0 &&
		    p->s[i + 2 + len] == ']')
			break;
		i++;
	}
	if (i + len + 3 > p->n || b == NULL)
		i = p->n;
	p->closer_from[k] = from;
	p->closer_at[k] = i;
	p->closer_len[k] = len + 3;
	return i;
}

/*
 * Whether an opener of kind k lies in [from, to): then a closer after it
 * is that one's, and the tag at from closes itself.  (WordPress would
 * let the first opener swallow the second.)
 */
static int
opener_between(const struct parser *p, size_t from, size_t to,
    enum shortcode_kind k)
{
	const char *name = kind_names[k], *b, *end = p->s + to;
	size_t	    len = strlen(name);

	for (b = p->s + from; (b = memchr(b, '[', (size_t)(end - b))) != NULL;
	     b++)
		if ((size_t)(end - b) > len + 1 &&
		    strncasecmp(b + 1, name, len) == 0 &&
		    (b[1 + len] == ' ' || b[1 + len] == ']' ||
			b[1 + len] == '/'))
			return 1;
	return 0;
}

/*
 * The next "[/name]" within CLOSER_WINDOW of from (a name no kind is
 * called by, such as "wp_caption"), or p->n; bounded like
 * closer_ahead().
 */
static size_t
named_closer(struct parser *p, size_t from, struct str name)
{
	const char *b, *end;
	size_t	    lim;

	if (p->closer_searches >= CLOSER_SEARCHES)
		return p->n;
	p->closer_searches++;
	lim = p->n - from < CLOSER_WINDOW ? p->n - from : CLOSER_WINDOW;
	end = p->s + from + lim;
	for (b = p->s + from;
	     (b = memmem(b, (size_t)(end - b), "[/", 2)) != NULL; b += 2)
		if ((size_t)(end - b) >= name.n + 3 &&
		    strncasecmp(b + 2, name.p, name.n) == 0 &&
		    b[2 + name.n] == ']')
			return (size_t)(b - p->s);
	return p->n;
}

/* Copy t's attributes into nd (in the arena), lowercasing names. */
static void
keep_attrs(struct parser *p, struct shortcode_node *nd, const struct tag *t)
{
	size_t i, j;
	char  *lc;

	if (t->nattrs == 0)
		return;
	nd->attrs = arena_calloc(p->a, t->nattrs, sizeof(*nd->attrs));
	if (nd->attrs == NULL) {
		p->err = NG_ENOMEM;
		return;
	}
	for (i = 0; i < t->nattrs; i++) {
		nd->attrs[i] = t->attrs[i];
		if (t->attrs[i].name.n == 0)
			continue;
		if ((lc = arena_strndup(p->a, t->attrs[i].name.p,
			 t->attrs[i].name.n)) == NULL) {
			p->err = NG_ENOMEM;
			return;
		}
		for (j = 0; j < t->attrs[i].name.n; j++)
			if (lc[j] >= 'A' && lc[j] <= 'Z')
				lc[j] = (char)(lc[j] - 'A' + 'a');
		nd->attrs[i].name.p = lc;
	}
	nd->nattrs = t->nattrs;
}

/*
 * If the line starting at ls is a bare video URL (up to three spaces of
 * indent, trailing spaces allowed), its end (before any '\n').
 */
static int
video_line(const struct parser *p, size_t ls, size_t *url_from, size_t *url_to,
    size_t *line_end)
{
	const char *nl, *prov;
	struct str  id;
	size_t	    i = ls, e, u;

	nl = memchr(p->s + ls, '\n', p->n - ls);
	e = nl == NULL ? p->n : (size_t)(nl - p->s);
	*line_end = e;
	while (i < e && i - ls < 3 && p->s[i] == ' ')
		i++;
	if (i >= e || (p->s[i] != 'h' && p->s[i] != 'H'))
		return 0;
	u = i;
	while (i < e && p->s[i] != ' ' && p->s[i] != '\t' && p->s[i] != '\r')
		i++;
	*url_from = u;
	*url_to = i;
	while (i < e && (p->s[i] == ' ' || p->s[i] == '\t' || p->s[i] == '\r'))
		i++;
	if (i != e || *url_to - u > 2048)
		return 0;
	return shortcode_video_url((struct str){ p->s + u, *url_to - u }, &prov,
	    &id);
}

enum ng_err
shortcode_parse(struct arena *a, const char *src, size_t n, unsigned first_line,
    struct shortcode_doc *out)
{
	struct parser	       p;
	struct tag	       t, inner;
	struct shortcode_node *nd;
	const char	      *b;
	size_t		       i, at, end, close, clen, ls, uf, ut, le, k;
	unsigned	       line;
	enum scan	       sc;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.s = src;
	p.n = n;
	p.line = first_line == 0 ? 1 : first_line;
	p.doc = out;
	i = 0;
	ls = 0; /* next line start to test for a video URL */
	while (i < n && p.err == NG_OK) {
		b = memchr(src + i, '[', n - i);
		at = b == NULL ? n : (size_t)(b - src);
		/* Bare video URLs on lines that start before the '['. */
		while (ls < at) {
			if (ls >= i && video_line(&p, ls, &uf, &ut, &le)) {
				add_text(&p, i, uf,
				    (struct str){ src + i, uf - i });
				line = line_at(&p, uf);
				nd = add_code(&p, SHORTCODE_NODE_CODE, uf, ut,
				    line);
				if (nd != NULL) {
					nd->kind = SHORTCODE_VIDEO_URL;
					nd->name = STR_LIT("video");
					nd->content = nd->src;
				}
				i = ut;
			} else {
				b = memchr(src + ls, '\n', n - ls);
				le = b == NULL ? n : (size_t)(b - src);
			}
			ls = le + 1;
			if (le >= at)
				break;
		}
		if (i > at) {
			/* A video line swallowed the '[': look again. */
			continue;
		}
		add_text(&p, i, at, (struct str){ src + i, at - i });
		if (at >= n)
			break;
		i = at;
		line = line_at(&p, at);

		/* "[[x]]" is the literal "[x]". */
		if (at + 1 < n && src[at + 1] == '[' &&
		    scan_tag(&p, at + 1, &inner, &end) == SCAN_TAG &&
		    inner.end < n && src[inner.end] == ']') {
			add_text(&p, at, inner.end + 1,
			    (struct str){ src + at + 1, inner.end - at - 1 });
			i = inner.end + 1;
			continue;
		}
		sc = scan_tag(&p, at, &t, &end);
		if (sc == SCAN_TEXT) {
			add_text(&p, at, at + 1, (struct str){ src + at, 1 });
			i = at + 1;
			continue;
		}
		if (sc == SCAN_BAD) {
			add_bad(&p, at, end, line, t.name, t.why);
			i = end;
			continue;
		}
		if (t.closing) {
			add_bad(&p, at, t.end, line, t.name,
			    "it closes a shortcode that was not opened");
			i = t.end;
			continue;
		}
		if (!t.selfclose && kind_may_enclose(t.kind) &&
		    (close = find_closer(&p, t.kind, t.end)) < n &&
		    !opener_between(&p, t.end, close, t.kind)) {
			/* "[video mp4=...][/video]": enclosing after all. */
		} else if (!kind_encloses(t.kind) || t.selfclose) {
			if ((nd = add_code(&p, SHORTCODE_NODE_CODE, at, t.end,
				 line)) != NULL) {
				nd->kind = t.kind;
				nd->name = t.name;
				keep_attrs(&p, nd, &t);
			}
			i = t.end;
			continue;
		}
		if (t.name.n == 10 &&
		    strncasecmp(t.name.p, "wp_caption", 10) == 0) {
			close = named_closer(&p, t.end, t.name);
			clen = t.name.n + 3;
		} else {
			close = find_closer(&p, t.kind, t.end);
			clen = p.closer_len[t.kind];
		}
		if (close >= n) {
			add_bad(&p, at, t.end, line, t.name,
			    "its closing tag is missing");
			i = t.end;
			continue;
		}
		k = close + clen;
		if ((nd = add_code(&p, SHORTCODE_NODE_CODE, at, k, line)) !=
		    NULL) {
			nd->kind = t.kind;
			nd->name = t.name;
			nd->enclosing = 1;
			nd->content = (struct str){ src + t.end,
				close - t.end };
			keep_attrs(&p, nd, &t);
		}
		i = k;
	}
	return p.err;
}

/* The value of attribute name="..." inside the marker's open tag. */
static int
marker_attr(struct str tag, const char *name, struct str *out)
{
	const char *v, *q, *end = tag.p + tag.n;
	size_t	    len = strlen(name);

	*out = STR_NULL;
	for (v = tag.p; v + len + 3 <= end; v++) {
		if (v[0] == ' ' && memcmp(v + 1, name, len) == 0 &&
		    v[1 + len] == '=' && v[2 + len] == '"')
			break;
	}
	if (v + len + 3 > end)
		return 0;
	v += len + 3;
	if ((q = memchr(v, '"', (size_t)(end - v))) == NULL)
		return 0;
	*out = (struct str){ v, (size_t)(q - v) };
	return 1;
}

int
shortcode_marker_parse(struct str html, struct shortcode_marker *m)
{
	const size_t olen = sizeof(SHORTCODE_MARKER_OPEN) - 1;
	const size_t clen = sizeof(SHORTCODE_MARKER_CLOSE) - 1;
	const char  *gt, *cl;
	struct str   tag, id;
	size_t	     i;

	memset(m, 0, sizeof(*m));
	if (html.n < olen || memcmp(html.p, SHORTCODE_MARKER_OPEN, olen) != 0)
		return 0;
	if ((gt = memchr(html.p, '>', html.n)) == NULL)
		return 0;
	tag = (struct str){ html.p, (size_t)(gt - html.p) };
	cl = memmem(gt, (size_t)(html.p + html.n - gt), SHORTCODE_MARKER_CLOSE,
	    clen);
	if (cl == NULL || !marker_attr(tag, "k", &m->kind) || m->kind.n == 0)
		return 0;
	if (marker_attr(tag, "id", &id)) {
		if (id.n == 0 || id.n > 18)
			return 0;
		for (i = 0; i < id.n; i++) {
			if (id.p[i] < '0' || id.p[i] > '9')
				return 0;
			m->id = m->id * 10 + (id.p[i] - '0');
		}
	}
	(void)marker_attr(tag, "v", &m->v);
	m->fallback = (struct str){ gt + 1, (size_t)(cl - gt - 1) };
	m->len = (size_t)(cl - html.p) + clen;
	return 1;
}

/* Whether url's path ends in one of exts (".mp3", ...). */
static int
url_ext_in(struct str u, const char *const *exts)
{
	size_t n = u.n, k;

	for (k = 0; k < n; k++)
		if (u.p[k] == '?' || u.p[k] == '#') {
			n = k;
			break;
		}
	for (; *exts != NULL; exts++) {
		k = strlen(*exts);
		if (n > k && strncasecmp(u.p + n - k, *exts, k) == 0)
			return 1;
	}
	return 0;
}

static const char *const audio_exts[] = { ".mp3", ".m4a", ".ogg", ".oga",
	".wav", ".flac", ".wma", ".opus", NULL };
static const char *const video_exts[] = { ".mp4", ".m4v", ".webm", ".ogv",
	".mov", ".flv", ".wmv", NULL };

int
shortcode_media_url_kind(struct str url)
{
	if (url_ext_in(url, audio_exts))
		return SHORTCODE_URL_AUDIO;
	if (url_ext_in(url, video_exts))
		return SHORTCODE_URL_VIDEO;
	return 0;
}

size_t
shortcode_id_list(struct str s, int64_t *v, size_t max)
{
	size_t	i, n = 0;
	int64_t x = 0;
	int	digits = 0, bad = 0;

	for (i = 0; i <= s.n && n < max; i++) {
		if (i == s.n || s.p[i] == ',') {
			if (digits > 0 && digits <= 18 && !bad && x > 0)
				v[n++] = x;
			x = 0;
			digits = bad = 0;
		} else if (s.p[i] >= '0' && s.p[i] <= '9') {
			if (digits++ < 18)
				x = x * 10 + (s.p[i] - '0');
		} else if (s.p[i] != ' ')
			bad = 1;
	}
	return n;
}

/* Attributes that chose a gallery's or playlist's files: ids says all. */
static int
gallery_chooser(struct str name)
{
	static const char *const names[] = { "ids", "include", "exclude", "id",
		"order", "orderby" };
	size_t			 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (str_eqc(name, names[i]))
			return 1;
	return 0;
}

enum ng_err
shortcode_gallery_renumber(struct arena *a, struct str src,
    shortcode_gallery_fn fn, void *arg, struct str *out)
{
	struct shortcode_doc	     doc;
	const struct shortcode_node *nd;
	struct buf		     b;
	int64_t			     ids[SHORTCODE_GALLERY_MAX];
	size_t			     i, k, n;
	enum ng_err		     err;
	char			     q;

	*out = src;
	if (src.n == 0 ||
	    (memmem(src.p, src.n, "[gallery", 8) == NULL &&
		memmem(src.p, src.n, "[playlist", 9) == NULL))
		return NG_OK;
	if ((err = shortcode_parse(a, src.p, src.n, 1, &doc)) != NG_OK)
		return err;
	buf_init(&b, a);
	for (i = 0; i < doc.n; i++) {
		nd = &doc.v[i];
		if (nd->type != SHORTCODE_NODE_CODE ||
		    (nd->kind != SHORTCODE_GALLERY &&
			nd->kind != SHORTCODE_PLAYLIST)) {
			buf_putstr(&b, nd->src);
			continue;
		}
		n = fn(arg, nd, ids, SHORTCODE_GALLERY_MAX);
		buf_printf(&b, "[%s", shortcode_kind_name(nd->kind));
		if (n > 0) {
			buf_puts(&b, " ids=\"");
			for (k = 0; k < n; k++)
				buf_printf(&b, "%s%lld", k > 0 ? "," : "",
				    (long long)ids[k]);
			buf_putc(&b, '"');
		}
		for (k = 0; k < nd->nattrs; k++) {
			const struct shortcode_attr *at = &nd->attrs[k];

			if (at->name.n == 0 || gallery_chooser(at->name))
				continue;
			/* The parser ended the value at its own quote. */
			q = at->value.n > 0 &&
				memchr(at->value.p, '"', at->value.n) != NULL ?
			    '\'' :
			    '"';
			buf_printf(&b, " %.*s=%c%.*s%c", (int)at->name.n,
			    at->name.p, q, (int)at->value.n, at->value.p, q);
		}
		buf_putc(&b, ']');
	}
	return buf_finish(&b, out);
}
