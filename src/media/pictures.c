/*
 * pictures.c -- a body's <img> tags as <picture>s (pictures.h).
 *
 * The input is a stored body: sanitized HTML or our own, so attributes
 * are name="value" with the value already escaped; a tag that does not
 * read that way is copied untouched rather than guessed at.
 */
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/html.h"
#include "media/image.h"
#include "media/media.h"
#include "media/pictures.h"
#include "store/store.h"

/* The body column is at most ~42rem; a gallery cell a third of it. */
#define SIZES_BODY    "(max-width: 44rem) 100vw, 42rem"
#define SIZES_GALLERY "(max-width: 30rem) 50vw, 14rem"
/* Under this width a screen is a phone's: no 1600 px variant. */
#define PHONE_MEDIA "(max-width: 40rem)"
#define PHONE_MAX_W 960

struct attr {
	struct str name;
	struct str value; /* as written, quotes removed */
	char	   q;	  /* its quote: '"' or '\'', 0 when it has none */
};

#define ATTRS_MAX 16

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/*
 * The attributes of the tag s[0..n) (after "<img", before '>') into v;
 * how many, or -1 when it does not parse or has too many.
 */
static int
parse_attrs(struct str s, struct attr *v)
{
	size_t i = 0, st;
	int    k = 0;
	char   q;

	for (;;) {
		while (i < s.n && (is_space(s.p[i]) || s.p[i] == '/'))
			i++;
		if (i == s.n)
			return k;
		if (k == ATTRS_MAX)
			return -1;
		st = i;
		while (i < s.n && !is_space(s.p[i]) && s.p[i] != '=' &&
		    s.p[i] != '/' && s.p[i] != '"' && s.p[i] != '\'')
			i++;
		if (i == st)
			return -1;
		v[k].name = (struct str){ s.p + st, i - st };
		v[k].value = STR_NULL;
		v[k].q = 0;
		if (i < s.n && s.p[i] == '=') {
			i++;
			if (i == s.n || (s.p[i] != '"' && s.p[i] != '\''))
				return -1;
			v[k].q = q = s.p[i++];
			st = i;
			while (i < s.n && s.p[i] != q)
				i++;
			if (i == s.n)
				return -1;
			v[k].value = (struct str){ s.p + st, i - st };
			i++;
		}
		k++;
	}
}

/* "/media/KEY/W.jpg" or ".webp": its key; 0 when not one of ours. */
static int
src_key(struct str src, struct str *key)
{
	static const char pre[] = "/media/";
	const size_t	  np = sizeof(pre) - 1;

	if (src.n <= np + MEDIA_KEY_LEN + 1 || memcmp(src.p, pre, np) != 0 ||
	    src.p[np + MEDIA_KEY_LEN] != '/')
		return 0;
	*key = (struct str){ src.p + np, MEDIA_KEY_LEN };
	return media_key_ok(*key) &&
	    media_file_ok((struct str){ src.p + np + MEDIA_KEY_LEN + 1,
		src.n - np - MEDIA_KEY_LEN - 1 });
}

/* A srcset of key's variants ws[0..n) of at most maxw pixels. */
static void
put_srcset(struct buf *b, struct str key, const int *ws, size_t n,
    const char *ext, int maxw)
{
	size_t i;
	int    first = 1;

	for (i = 0; i < n; i++) {
		if (ws[i] > maxw)
			continue;
		buf_printf(b, "%s/media/%.*s/%d.%s %dw", first ? "" : ", ",
		    (int)key.n, key.p, ws[i], ext, ws[i]);
		first = 0;
	}
}

static void
put_source(struct buf *b, const char *media, const char *type, struct str key,
    const int *ws, size_t n, const char *ext, int maxw, const char *sizes)
{
	buf_puts(b, "<source");
	if (media != NULL)
		buf_printf(b, " media=\"%s\"", media);
	if (type != NULL)
		buf_printf(b, " type=\"%s\"", type);
	buf_puts(b, " srcset=\"");
	put_srcset(b, key, ws, n, ext, maxw);
	buf_printf(b, "\" sizes=\"%s\">", sizes);
}

/* Is name one of the attributes we write ourselves? */
static int
ours(struct str name)
{
	static const char *const v[] = { "src", "srcset", "sizes", "width",
		"height", "loading", "decoding" };
	size_t			 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (str_eqc(name, v[i]))
			return 1;
	return 0;
}

/*
 * The <picture> for the <img> whose attributes are v[0..na), m its
 * image.  0 when m is not an image with variants (the tag stays).
 */
static int
put_picture(struct media_pictures *pc, struct buf *b, const struct attr *v,
    int na, struct str key, const struct media *m)
{
	const char *sizes = pc->in_gallery ? SIZES_GALLERY : SIZES_BODY;
	const char *ext = media_fallback_ext(m);
	int	    ws[IMAGE_VARIANTS_MAX], w, h, k, phone, mid;
	size_t	    n, i;

	if (m->width <= 0 || m->height <= 0 || m->width > IMAGE_SIDE_MAX ||
	    m->height > IMAGE_SIDE_MAX || m->mime.n < 6 ||
	    memcmp(m->mime.p, "image/", 6) != 0)
		return 0;
	if ((n = image_variant_widths((int)m->width, ws)) == 0)
		return 0;
	/* The largest variant's size: the ratio is what matters. */
	w = ws[n - 1];
	h = (int)((m->height * w + m->width / 2) / m->width);
	if (h < 1)
		h = 1;
	/* Phones get a source of their own only when it leaves one out. */
	phone = ws[n - 1] > PHONE_MAX_W && ws[0] <= PHONE_MAX_W;
	mid = ws[0];
	for (i = 0; i < n; i++)
		if (ws[i] <= PHONE_MAX_W)
			mid = ws[i];
	buf_puts(b, "<picture>");
	if (phone)
		put_source(b, PHONE_MEDIA, "image/webp", key, ws, n, "webp",
		    PHONE_MAX_W, "100vw");
	put_source(b, NULL, "image/webp", key, ws, n, "webp", INT32_MAX, sizes);
	if (phone)
		put_source(b, PHONE_MEDIA, NULL, key, ws, n, ext, PHONE_MAX_W,
		    "100vw");
	buf_printf(b, "<img src=\"/media/%.*s/%d.%s\" srcset=\"", (int)key.n,
	    key.p, mid, ext);
	put_srcset(b, key, ws, n, ext, INT32_MAX);
	buf_printf(b, "\" sizes=\"%s\" width=\"%d\" height=\"%d\"", sizes, w,
	    h);
	for (k = 0; k < na; k++) {
		if (ours(v[k].name))
			continue;
		buf_putc(b, ' ');
		buf_putstr(b, v[k].name);
		if (v[k].q != 0) {
			buf_putc(b, '=');
			buf_putc(b, v[k].q);
			buf_putstr(b, v[k].value);
			buf_putc(b, v[k].q);
		}
	}
	if (pc->seen > 0 || !pc->eager_first)
		buf_puts(b, " loading=\"lazy\"");
	buf_puts(b, " decoding=\"async\"></picture>");
	return 1;
}

static int
starts(struct str s, size_t i, const char *lit)
{
	size_t n = strlen(lit);

	return s.n - i >= n && memcmp(s.p + i, lit, n) == 0;
}

/* Rewrite the <img> tag s.p[i..e); 0 when it stays as it is. */
static enum ng_err
img_tag(struct media_pictures *pc, struct str s, size_t i, size_t e,
    struct buf *out, int *done)
{
	struct attr  v[ATTRS_MAX];
	struct media m;
	struct str   key, src = STR_NULL;
	int	     na, k;
	enum ng_err  err;

	*done = 0;
	/* Between "<img" and ">" (and a self-closing "/"). */
	na = parse_attrs((struct str){ s.p + i + 4, e - i - 5 }, v);
	for (k = 0; k < na; k++)
		if (str_eqc(v[k].name, "src"))
			src = v[k].value;
	if (na < 0 || !src_key(src, &key))
		return NG_OK;
	err = pc->lookup(pc->arg, key, &m);
	if (err == NG_ENOTFOUND)
		return NG_OK;
	if (err != NG_OK)
		return err;
	*done = put_picture(pc, out, v, na, key, &m);
	return NG_OK;
}

enum ng_err
media_pictures_put(struct media_pictures *pc, struct str html, struct buf *out)
{
	const char *lt;
	size_t	    i = 0, at, e;
	int	    done;
	enum ng_err err;

	while (
	    i < html.n && (lt = memchr(html.p + i, '<', html.n - i)) != NULL) {
		at = (size_t)(lt - html.p);
		buf_put(out, html.p + i, at - i);
		i = at;
		if (starts(html, at, "<ul class=\"sc-gallery\""))
			pc->in_gallery = 1;
		else if (starts(html, at, "</ul"))
			pc->in_gallery = 0;
		if (!starts(html, at, "<img") || at + 4 >= html.n ||
		    !(is_space(html.p[at + 4]) || html.p[at + 4] == '/') ||
		    (e = html_tag_end(html, at)) == 0) {
			buf_putc(out, '<');
			i = at + 1;
			continue;
		}
		if ((err = img_tag(pc, html, at, e, out, &done)) != NG_OK)
			return err;
		if (!done)
			buf_put(out, html.p + at, e - at);
		pc->seen++;
		i = e;
	}
	buf_put(out, html.p + i, html.n - i);
	return out->err;
}
