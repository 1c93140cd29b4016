/*
 * tz.c -- UTC offsets from TZif files (tz.h; RFC 8536).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/tz.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int64_t
be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* The six counts of a TZif header, RFC 8536 section 3.1. */
struct tzhead {
	uint32_t isut, isstd, leap, time, type, chr;
};

static int
header(const unsigned char *p, size_t n, struct tzhead *h)
{
	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return 0;
	h->isut = be32(p + 20);
	h->isstd = be32(p + 24);
	h->leap = be32(p + 28);
	h->time = be32(p + 32);
	h->type = be32(p + 36);
	h->chr = be32(p + 40);
	/* Bounds that keep the size sums below from overflowing. */
	return h->time < 100000 && h->type >= 1 && h->type < 256 &&
	    h->chr < 100000 && h->leap < 100000 && h->isut < 256 &&
	    h->isstd < 256;
}

static size_t
block_size(const struct tzhead *h, size_t tsz)
{
	return h->time * tsz + h->time + h->type * 6 + h->chr +
	    h->leap * (tsz + 4) + h->isstd + h->isut;
}

enum ng_err
tz_info_data(const unsigned char *data, size_t n, int64_t t, int32_t *off,
    char abbr[TZ_ABBR_MAX])
{
	struct tzhead	     h;
	const unsigned char *p = data, *times, *idx, *types, *chars;
	size_t		     tsz = 4, i, lo = 0, hi, k;
	unsigned	     type = 0, di;

	*off = 0;
	if (abbr != NULL)
		abbr[0] = '\0';
	if (!header(p, n, &h))
		return NG_EINVAL;
	/* Version 2+: skip the 32-bit block and use the 64-bit one. */
	if (p[4] >= '2') {
		if (block_size(&h, 4) > n - 44)
			return NG_EINVAL;
		p += 44 + block_size(&h, 4);
		n -= 44 + block_size(&h, 4);
		if (!header(p, n, &h))
			return NG_EINVAL;
		tsz = 8;
	}
	if (block_size(&h, tsz) > n - 44)
		return NG_EINVAL;
	times = p + 44;
	idx = times + h.time * tsz;
	types = idx + h.time;
	chars = types + h.type * 6;
	hi = h.time;
	while (lo < hi) {
		i = lo + (hi - lo) / 2;
		if ((tsz == 8 ? be64(times + i * 8) :
				(int64_t)(int32_t)be32(times + i * 4)) <= t)
			lo = i + 1;
		else
			hi = i;
	}
	if (lo > 0)
		type = idx[lo - 1];
	if (type >= h.type)
		return NG_EINVAL;
	*off = (int32_t)be32(types + type * 6);
	if (*off < -26 * 3600 || *off > 26 * 3600)
		return NG_EINVAL;
	/* The abbreviation ("IST", "BST", "+04"): NUL-terminated in chars. */
	di = types[type * 6 + 5];
	for (k = 0; abbr != NULL && di + k < h.chr && k + 1 < TZ_ABBR_MAX;
	     k++) {
		char c = (char)chars[di + k];

		if (c == '\0')
			break;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '+' || c == '-'))
			return NG_EINVAL;
		abbr[k] = c;
		abbr[k + 1] = '\0';
	}
	return NG_OK;
}

enum ng_err
tz_offset_data(const unsigned char *data, size_t n, int64_t t, int32_t *off)
{
	return tz_info_data(data, n, t, off, NULL);
}

static int
name_ok(struct str name)
{
	size_t i;
	char   c;

	if (name.n == 0 || name.n > TZ_NAME_MAX || name.p[0] == '/' ||
	    name.p[0] == '.')
		return 0;
	for (i = 0; i < name.n; i++) {
		c = name.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			(c >= '0' && c <= '9') || c == '/' || c == '_' ||
			c == '-' || c == '+'))
			return 0;
		if (c == '/' && i + 1 < name.n && name.p[i + 1] == '.')
			return 0;
	}
	return 1;
}

enum ng_err
tz_file_read(struct str name, unsigned char **data, size_t *n)
{
	char	       path[sizeof(TZ_DIR) + TZ_NAME_MAX + 2];
	unsigned char *buf;
	ssize_t	       r;
	size_t	       len = 0;
	int	       fd;

	*data = NULL;
	*n = 0;
	if (!name_ok(name))
		return NG_EINVAL;
	snprintf(path, sizeof(path), "%s/%.*s", TZ_DIR, (int)name.n, name.p);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT || errno == ENOTDIR ? NG_ENOTFOUND :
							     NG_EINVAL;
	if ((buf = malloc(TZ_FILE_MAX)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	while (len < TZ_FILE_MAX &&
	    (r = read(fd, buf + len, TZ_FILE_MAX - len)) > 0)
		len += (size_t)r;
	close(fd);
	*data = buf;
	*n = len;
	return NG_OK;
}

enum ng_err
tz_offset(struct str name, int64_t t, int32_t *off)
{
	unsigned char *buf;
	size_t	       n;
	enum ng_err    err;

	*off = 0;
	if (name.n == 0 || str_eqc(name, "UTC"))
		return NG_OK;
	if ((err = tz_file_read(name, &buf, &n)) != NG_OK)
		return err;
	err = tz_offset_data(buf, n, t, off);
	free(buf);
	return err;
}

int
tz_valid(struct str name)
{
	int32_t off;

	return tz_offset(name, 0, &off) == NG_OK;
}

int64_t
tz_local_to_utc(struct str name, int64_t local)
{
	int32_t o1 = 0, o2 = 0;

	/* The offset at the guess, then at the corrected guess. */
	if (tz_offset(name, local, &o1) != NG_OK)
		return local;
	if (tz_offset(name, local - o1, &o2) != NG_OK)
		return local - o1;
	if (o1 == o2)
		return local - o1;
	/* Near a transition: prefer the reading that round-trips. */
	if (tz_offset(name, local - o2, &o1) == NG_OK && o1 == o2)
		return local - o2;
	return local - (o1 > o2 ? o1 : o2);
}

static int
zone_cmp(const void *x, const void *y)
{
	const struct str *a = x, *b = y;
	int		  c;

	c = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);
	if (c != 0)
		return c;
	return a->n < b->n ? -1 : a->n > b->n;
}

enum ng_err
tz_zones_data(struct arena *a, const char *data, size_t n, struct str **out,
    size_t *nout)
{
	struct str *v;
	const char *p = data, *end = data + n, *eol, *f;
	size_t	    lines = 1, k = 1, i, tab;

	*out = NULL;
	*nout = 0;
	for (f = data; f < end; f++)
		lines += *f == '\n';
	if ((v = arena_alloc(a, (lines + 1) * sizeof(*v))) == NULL)
		return NG_ENOMEM;
	v[0] = STR_LIT("UTC");
	for (; p < end; p = eol + 1) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		if (p == eol || *p == '#')
			continue;
		/* country code, coordinates, TZ name, comments */
		for (f = p, tab = 0; f < eol && tab < 2; f++)
			tab += *f == '\t';
		if (tab < 2)
			continue;
		v[k].p = f;
		while (f < eol && *f != '\t' && *f != '\r')
			f++;
		v[k].n = (size_t)(f - v[k].p);
		if (name_ok(v[k]))
			k++;
	}
	qsort(v + 1, k - 1, sizeof(*v), zone_cmp);
	/* Each once (zone.tab names a zone for each country it serves). */
	for (i = 1, n = 1; i < k; i++)
		if (zone_cmp(&v[i], &v[n - 1]) != 0 && !str_eqc(v[i], "UTC"))
			v[n++] = v[i];
	*out = v;
	*nout = n;
	return NG_OK;
}

enum ng_err
tz_zones(struct arena *a, struct str **out, size_t *nout)
{
	char   *buf;
	ssize_t r;
	size_t	len = 0;
	int	fd;

	*out = NULL;
	*nout = 0;
	if ((fd = open(TZ_DIR "/zone.tab", O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? NG_ENOTFOUND : NG_EIO;
	if ((buf = arena_alloc(a, TZ_TAB_MAX)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	while (
	    len < TZ_TAB_MAX && (r = read(fd, buf + len, TZ_TAB_MAX - len)) > 0)
		len += (size_t)r;
	close(fd);
	return tz_zones_data(a, buf, len, out, nout);
}
