/*
 * media.c -- /media/ files, media views and the multipart field helper
 * (media.h).
 *
 * /media/ serves only names this module writes: a key of hex digits and
 * a "<digits>.jpg" or "<digits>.webp" file, so no request can name
 * anything else under the data directory (no "..", no dot files, no
 * symbolic links: O_NOFOLLOW on the file, and the key is checked).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "http/multipart.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/image.h"
#include "media/media.h"
#include "render/tv.h"
#include "store/store.h"

static int
hexdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int
media_key_ok(struct str key)
{
	size_t	 i;

	if (key.n != MEDIA_KEY_LEN)
		return 0;
	for (i = 0; i < key.n; i++)
		if (!hexdigit(key.p[i]))
			return 0;
	return 1;
}

int
media_file_ok(struct str name)
{
	size_t	 i = 0;

	while (i < name.n && i < 5 && name.p[i] >= '0' && name.p[i] <= '9')
		i++;
	if (i == 0 || name.p[0] == '0')
		return 0;
	name.p += i;
	name.n -= i;
	return str_eqc(name, ".jpg") || str_eqc(name, ".webp");
}

struct str
media_form_field(struct req *r, const char *name)
{
	struct multipart_part		*v;
	const struct multipart_part	*pt;
	size_t				 n;

	if (multipart_parse(r->arena, req_header(r, "Content-Type"), r->body,
	    &v, &n) != NG_OK || (pt = multipart_find(v, n, name)) == NULL ||
	    pt->filename.p != NULL)
		return STR_NULL;
	return pt->data;
}

/* Split "<key>/<w>.jpg" into key; 0 when it is not one of ours. */
static int
path_key(struct str path, struct str *key)
{
	if (path.n <= MEDIA_KEY_LEN + 1 || path.p[MEDIA_KEY_LEN] != '/')
		return 0;
	*key = (struct str){ path.p, MEDIA_KEY_LEN };
	return media_key_ok(*key) && media_file_ok((struct str){
	    path.p + MEDIA_KEY_LEN + 1, path.n - MEDIA_KEY_LEN - 1 });
}

struct tv *
media_view(struct arena *a, const struct media *m)
{
	struct tv	*x;
	struct buf	 jpg, webp;
	struct str	 key, js, ws_;
	int		 ws[IMAGE_VARIANTS_MAX];
	size_t		 i, n;

	if (!path_key(m->path, &key) || m->width <= 0 || m->width > INT32_MAX)
		return NULL;
	n = image_variant_widths((int)m->width, ws);
	buf_init(&jpg, a);
	buf_init(&webp, a);
	for (i = 0; i < n; i++) {
		buf_printf(&jpg, "%s/media/%.*s/%d.jpg %dw", i > 0 ? "," : "",
		    (int)key.n, key.p, ws[i], ws[i]);
		buf_printf(&webp, "%s/media/%.*s/%d.webp %dw",
		    i > 0 ? "," : "", (int)key.n, key.p, ws[i], ws[i]);
	}
	if (buf_finish(&jpg, &js) != NG_OK || buf_finish(&webp, &ws_) != NG_OK)
		return NULL;
	x = tv_map(a);
	tv_set_int(a, x, "id", m->id);
	tv_set_cstr(a, x, "src", arena_printf(a, "/media/%.*s",
	    (int)m->path.n, m->path.p));
	tv_set_str(a, x, "srcset", js);
	tv_set_str(a, x, "srcset_webp", ws_);
	tv_set_int(a, x, "width", m->width);
	tv_set_int(a, x, "height", m->height);
	tv_set_str(a, x, "alt", m->alt);
	tv_set_str(a, x, "caption", m->caption);
	tv_set_str(a, x, "credit", m->credit);
	tv_set_bool(a, x, "has_caption", m->caption.n > 0 || m->credit.n > 0);
	return x;
}

void
media_featured(struct arena *a, struct store *st, struct tv *map,
    const char *key, int64_t article_id)
{
	struct media	 m;
	struct tv	*x;
	int64_t		 id;

	if (store_article_featured(st, article_id, &id) != NG_OK || id == 0 ||
	    store_media_get(a, st, id, &m) != NG_OK ||
	    (x = media_view(a, &m)) == NULL)
		return;
	tv_set(a, map, key, x);
}

/*
 * The file of variant name under key in data_dir, into buf: 0 unless
 * both are names we write, so no request can reach any other file.
 */
static int
variant_path(const char *data_dir, struct str key, struct str name,
    char *buf, size_t sz)
{
	if (data_dir == NULL || !media_key_ok(key) || !media_file_ok(name))
		return 0;
	return snprintf(buf, sz, "%s/media/%.*s/%.*s", data_dir, (int)key.n,
	    key.p, (int)name.n, name.p) < (int)sz;
}

int64_t
media_file_size(const char *data_dir, struct str path)
{
	const char	*slash;
	struct str	 key;
	struct stat	 sb;
	char		 full[4096];

	if (path.n == 0 || (slash = memchr(path.p, '/', path.n)) == NULL)
		return 0;
	key = (struct str){ path.p, (size_t)(slash - path.p) };
	if (!variant_path(data_dir, key, (struct str){ slash + 1,
	    path.n - key.n - 1 }, full, sizeof(full)) ||
	    stat(full, &sb) == -1 || !S_ISREG(sb.st_mode))
		return 0;
	return (int64_t)sb.st_size;
}

enum ng_err
media_serve(struct req *r, struct resp *rs)
{
	struct str	 key = req_cap(r, 0), w = req_cap(r, 1), file;
	struct stat	 sb;
	char		 path[4096];
	char		*body;
	size_t		 got = 0;
	ssize_t		 k;
	int		 fd;

	/* The routes end in ".jpg" or ".webp"; the capture is the width. */
	file = str_c(arena_printf(r->arena, "%.*s%s", (int)w.n, w.p,
	    r->path.n > 5 && memcmp(r->path.p + r->path.n - 5, ".webp", 5) ==
	    0 ? ".webp" : ".jpg"));
	if (file.p == NULL)
		return NG_ENOMEM;
	if (!variant_path(r->app->cfg->data_dir, key, file, path,
	    sizeof(path)))
		return NG_ENOTFOUND;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NG_ENOTFOUND;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > (off_t)MEDIA_FILE_MAX) {
		close(fd);
		return NG_ENOTFOUND;
	}
	if ((body = arena_alloc(r->arena, (size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		k = read(fd, body + got, (size_t)sb.st_size - got);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got != (size_t)sb.st_size) {
		log_err("media: short read of %s", path);
		return NG_EIO;
	}
	rs->status = 200;
	rs->content_type = file.p[file.n - 1] == 'g' ? "image/jpeg" :
	    "image/webp";
	rs->body = (struct str){ body, got };
	rs->cache_control = MEDIA_CACHE;
	rs->compress = 0;
	return NG_OK;
}
