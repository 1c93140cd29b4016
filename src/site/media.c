/*
 * media.c -- GET /media/{key}/{width}.jpg and .webp: the variant files
 * of uploads (src/media writes them).
 *
 * Only names media_variant_path() accepts are opened, with O_NOFOLLOW,
 * so no request can reach any other file under the data directory.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "site/site.h"

enum ng_err
site_media(struct req *r, struct resp *rs)
{
	struct str  key = req_cap(r, 0), w = req_cap(r, 1), file;
	struct stat sb;
	char	    path[4096];
	char	   *body;
	size_t	    got = 0;
	ssize_t	    k;
	int	    fd;

	/* The routes end in ".jpg" or ".webp"; the capture is the width. */
	file = str_c(arena_printf(r->arena, "%.*s%s", (int)w.n, w.p,
	    r->path.n > 5 &&
		    memcmp(r->path.p + r->path.n - 5, ".webp", 5) == 0 ?
		".webp" :
		".jpg"));
	if (file.p == NULL)
		return NG_ENOMEM;
	if (!media_variant_path(r->app->cfg->data_dir, key, file, path,
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
