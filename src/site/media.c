/*
 * media.c -- GET /media/{key}/{width}.jpg and .webp: the variant files
 * of uploads (src/media writes them).
 *
 * Only names media_variant_path() accepts are opened, with O_NOFOLLOW,
 * so no request can reach any other file under the data directory.  A
 * variant uploaded through another instance comes from the database
 * and is kept here for the next request (media_variant_get()).
 */
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/config.h"
#include "http/req.h"
#include "http/resp.h"
#include "media/media.h"
#include "site/site.h"

enum ng_err
site_media(struct req *r, struct resp *rs)
{
	struct str  key = req_cap(r, 0), w = req_cap(r, 1), file, body;
	enum ng_err err;

	/* The routes end in ".jpg" or ".webp"; the capture is the width. */
	file = str_c(arena_printf(r->arena, "%.*s%s", (int)w.n, w.p,
	    r->path.n > 5 &&
		    memcmp(r->path.p + r->path.n - 5, ".webp", 5) == 0 ?
		".webp" :
		".jpg"));
	if (file.p == NULL)
		return NG_ENOMEM;
	err = media_variant_get(r->arena, r->app->store, r->app->cfg->data_dir,
	    key, file, &body);
	if (err == NG_EINVAL)
		return NG_ENOTFOUND;
	if (err != NG_OK)
		return err;
	rs->status = 200;
	rs->content_type = file.p[file.n - 1] == 'g' ? "image/jpeg" :
						       "image/webp";
	rs->body = body;
	rs->cache_control = MEDIA_CACHE;
	rs->compress = 0;
	return NG_OK;
}
