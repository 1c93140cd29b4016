/*
 * media.c -- GET /media/{key}/{width}.jpg, .png, .gif and .webp: the
 * variant files of uploads (src/media writes them, some on first
 * request: media_variant_get()).
 *
 * Only names media_variant_path() accepts are opened, with O_NOFOLLOW,
 * so no request can reach any other file under the data directory.  A
 * variant uploaded through another instance comes from the database
 * and is kept here for the next request (media_variant_get()).
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/av.h"
#include "media/media.h"
#include "site/site.h"

enum ng_err
site_media(struct req *r, struct resp *rs)
{
	struct str  key = req_cap(r, 0), w = req_cap(r, 1), file, body;
	enum ng_err err;

	/* The routes end in ".jpg", ".png", ".gif" or ".webp". */
	const char *dot = memrchr(r->path.p, '.', r->path.n);

	if (dot == NULL)
		return NG_ENOTFOUND;
	file = str_c(arena_printf(r->arena, "%.*s%.*s", (int)w.n, w.p,
	    (int)(r->path.p + r->path.n - dot), dot));
	if (file.p == NULL)
		return NG_ENOMEM;
	if (media_variant_type(file) == NULL)
		return NG_ENOTFOUND;
	err = media_variant_get(r->arena, r->app->store, r->app->cfg->data_dir,
	    key, file, &body);
	if (err == NG_EINVAL)
		return NG_ENOTFOUND;
	if (err != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = media_variant_type(file);
	rs->body = body;
	rs->cache_control = MEDIA_CACHE;
	rs->compress = 0;
	return NG_OK;
}

/*
 * The one range of "bytes=A-B", "bytes=A-" or "bytes=-N" against a file
 * of size bytes: 1 and [*from, *from + *len), 0 to answer with the whole
 * file (no Range, or one we do not take: several ranges, another unit,
 * bad syntax, which RFC 9110 lets a server ignore), -1 when it cannot be
 * satisfied (416).
 */
/*
 * The decimal number at h[*i] (at most 18 digits), moving *i past it:
 * -1 when there is none, -2 when it is too long.
 */
static int64_t
range_number(struct str h, size_t *i)
{
	int64_t v = 0;
	size_t	start = *i;

	for (; *i < h.n && h.p[*i] >= '0' && h.p[*i] <= '9'; (*i)++) {
		if (*i - start == 18)
			return -2;
		v = v * 10 + (h.p[*i] - '0');
	}
	return *i == start ? -1 : v;
}

static int
byte_range(struct str h, int64_t size, int64_t *from, int64_t *len)
{
	int64_t a, b;
	size_t	i = 6;

	if (h.n < 7 || strncasecmp(h.p, "bytes=", 6) != 0 ||
	    memchr(h.p, ',', h.n) != NULL)
		return 0;
	if ((a = range_number(h, &i)) == -2 || i == h.n || h.p[i++] != '-' ||
	    (b = range_number(h, &i)) == -2)
		return 0;
	if (i != h.n || (a < 0 && b < 0) || (a >= 0 && b >= 0 && b < a))
		return 0;
	if (a < 0) { /* the last b bytes */
		if (b == 0 || size == 0)
			return -1;
		*from = b > size ? 0 : size - b;
		*len = size - *from;
		return 1;
	}
	if (a >= size)
		return -1;
	*from = a;
	*len = (b < 0 || b >= size ? size - 1 : b) - a + 1;
	return 1;
}

enum ng_err
site_media_av(struct req *r, struct resp *rs)
{
	struct str  key = req_cap(r, 0), name = req_cap(r, 1);
	const char *type = media_av_name_type(name);
	int64_t	    size, from = 0, len;
	int	    fd, ranged;
	enum ng_err err;

	if (type == NULL)
		return NG_ENOTFOUND;
	err = media_av_open(r->app->store, r->app->cfg->data_dir, key, name,
	    &fd, &size);
	if (err != NG_OK)
		return err;
	len = size;
	ranged = byte_range(req_header(r, "Range"), size, &from, &len);
	resp_header_add(r, rs, "Accept-Ranges", "bytes");
	if (ranged < 0) {
		close(fd);
		rs->status = 416;
		resp_header_add(r, rs, "Content-Range",
		    arena_printf(r->arena, "bytes */%lld", (long long)size));
		rs->content_type = "text/plain; charset=utf-8";
		rs->body = STR_LIT("Range Not Satisfiable\n");
		rs->cache_control = "no-store";
		return NG_OK;
	}
	if (ranged > 0) {
		rs->status = 206;
		resp_header_add(r, rs, "Content-Range",
		    arena_printf(r->arena, "bytes %lld-%lld/%lld",
			(long long)from, (long long)(from + len - 1),
			(long long)size));
	} else
		rs->status = 200;
	rs->content_type = type;
	rs->cache_control = MEDIA_CACHE;
	rs->compress = 0;
	rs->has_file = 1;
	rs->file_fd = fd;
	rs->file_off = (uint64_t)from;
	rs->file_len = (uint64_t)len;
	return NG_OK;
}
