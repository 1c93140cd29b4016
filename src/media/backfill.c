/*
 * backfill.c -- media files only on this disk, into the database
 * (backfill.h).
 *
 * An image counts as there when its main file (media.path) is: an upload
 * puts every variant before its row, and this pass puts all of a key's
 * files before it looks again, so the main file stands for the rest.
 * Reading the database once per item, and only the items it lacks,
 * keeps the pass short on a site whose bytes are all there already.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/log.h"
#include "media/av.h"
#include "media/backfill.h"
#include "media/media.h"
#include "store/store.h"

/* One page of media rows with their texts fits. */
#define PAGE_ARENA (4u * 1024 * 1024)

/* Split "KEY/NAME" into our key and variant name; 0 if it is not ours. */
static int
split_path(struct str path, struct str *key, struct str *name)
{
	const char *slash;

	if (path.n == 0 || (slash = memchr(path.p, '/', path.n)) == NULL)
		return 0;
	*key = (struct str){ path.p, (size_t)(slash - path.p) };
	*name = (struct str){ slash + 1, path.n - key->n - 1 };
	return media_key_ok(*key) && media_file_ok(*name);
}

/* "KEY/media.EXT": an audio or video item (av.h). */
static int
av_item(struct str path)
{
	const char *slash;

	if ((slash = memchr(path.p, '/', path.n)) == NULL)
		return 0;
	return media_av_name_type((struct str){ slash + 1,
		   path.n - (size_t)(slash - path.p) - 1 }) != NULL;
}

static int
in_db(struct store *st, struct str key, struct str name)
{
	int64_t size;

	return store_media_file_size(st, key, name, &size) == NG_OK;
}

/* Every variant file of key on this disk that the database lacks. */
static enum ng_err
put_key(struct store *st, const char *data_dir, struct str key,
    struct media_backfill *rep)
{
	char	       dir[4096], path[4096];
	struct dirent *de;
	struct str     name;
	DIR	      *d;
	char	      *bytes;
	size_t	       n;
	enum ng_err    err = NG_OK;

	if (snprintf(dir, sizeof(dir), "%s/media/%.*s", data_dir, (int)key.n,
		key.p) >= (int)sizeof(dir))
		return NG_EINVAL;
	if ((d = opendir(dir)) == NULL)
		return NG_OK; /* not on this disk */
	while (err == NG_OK && (de = readdir(d)) != NULL) {
		name = str_c(de->d_name);
		/* Our names only: no ".", "..", half-kept copies. */
		if (!media_file_ok(name) || in_db(st, key, name) ||
		    !media_variant_path(data_dir, key, name, path,
			sizeof(path)))
			continue;
		err = media_read_file(NULL, path, &bytes, &n);
		if (err == NG_ENOTFOUND) {
			err = NG_OK;
			continue;
		}
		if (err != NG_OK) {
			log_err("media: cannot read %s: %s", path,
			    ng_strerror(err));
			break;
		}
		err = store_media_file_put(st, key, name,
		    (struct str){ bytes, n });
		free(bytes);
		if (err != NG_OK) {
			log_err("media: cannot put %s into the database: %s",
			    path, ng_strerror(err));
			break;
		}
		rep->files++;
		rep->bytes += (int64_t)n;
	}
	closedir(d);
	return err;
}

enum ng_err
media_backfill(struct store *st, const char *data_dir,
    struct media_backfill *rep)
{
	struct arena *ar;
	struct media *v;
	struct str    key, name;
	size_t	      offset = 0, n = 0, i;
	enum ng_err   err = NG_OK;

	memset(rep, 0, sizeof(*rep));
	if (!store_media_in_db(st) || data_dir == NULL)
		return NG_EINVAL;
	/*
	 * Newest first: an upload during the pass lands before the
	 * offset, so the pages only shift back and no row is skipped.
	 */
	do {
		ar = arena_new(PAGE_ARENA);
		err = store_media_list(ar, st, offset, STORE_MEDIA_LIST_MAX, &v,
		    &n);
		for (i = 0; err == NG_OK && i < n; i++) {
			if (!split_path(v[i].path, &key, &name)) {
				/*
				 * Audio and video came after 0016:
				 * their pieces went in as they came.
				 */
				if (av_item(v[i].path))
					continue;
				log_warn("media: item %lld has a path that is "
					 "none of ours: no bytes to find",
				    (long long)v[i].id);
				rep->missing++;
				continue;
			}
			/*
			 * Its original there: the variants are made from
			 * it when asked for (media_store_deferred()).
			 */
			if (in_db(st, key, name) ||
			    in_db(st, key, str_c(MEDIA_ORIGINAL)))
				continue;
			rep->items++;
			if ((err = put_key(st, data_dir, key, rep)) != NG_OK)
				break;
			if (!in_db(st, key, name)) {
				log_warn("media: no bytes for %.*s on this "
					 "disk or in the database",
				    (int)v[i].path.n, v[i].path.p);
				rep->missing++;
			}
		}
		arena_free(ar);
		offset += n;
	} while (err == NG_OK && n == STORE_MEDIA_LIST_MAX);
	if (err == NG_OK && rep->missing == 0)
		err = store_setting_set(st, MEDIA_BACKFILL_DONE, STR_LIT("1"));
	return err;
}

void
media_backfill_once(struct store *st, const char *data_dir)
{
	struct media_backfill rep;
	struct arena	     *ar;
	struct str	      done = { NULL, 0 };
	enum ng_err	      err;

	if (!store_media_in_db(st) || data_dir == NULL)
		return;
	ar = arena_new(4096);
	err = store_setting_get(ar, st, MEDIA_BACKFILL_DONE, &done);
	if (err == NG_OK && str_eqc(done, "1")) {
		arena_free(ar);
		return;
	}
	arena_free(ar);
	log_info("media: putting the media files of this disk that the "
		 "database lacks into it (once, for uploads made before "
		 "schema 0016)");
	if ((err = media_backfill(st, data_dir, &rep)) != NG_OK) {
		log_err("media: putting media files into the database stopped: "
			"%s; the next start tries again",
		    ng_strerror(err));
		return;
	}
	if (rep.files > 0 || rep.missing > 0)
		log_info("media: %lld file%s (%lld bytes) of %lld item%s put "
			 "into the database",
		    (long long)rep.files, rep.files == 1 ? "" : "s",
		    (long long)rep.bytes, (long long)rep.items,
		    rep.items == 1 ? "" : "s");
	if (rep.missing > 0)
		log_warn("media: %lld item%s still without bytes in the "
			 "database (named above): run `nutgraf db media-in` "
			 "on the machine whose media/ directory holds them",
		    (long long)rep.missing, rep.missing == 1 ? "" : "s");
}
