/*
 * backfill.h -- the media files of a PostgreSQL site that are only on
 * this machine's disk, put into the database.
 *
 * Before schema 0016 a site on PostgreSQL kept its uploads as files
 * under the media/ directory of the instance that took them.  Since
 * 0016 every instance serves media from the database (media.h), so
 * those files must get there: an instance on PostgreSQL does it as it
 * starts (media_backfill_once()), and `nutgraf db media-in` does it by
 * hand on any machine holding the files.  A setting remembers when
 * every media item's bytes are in the database, so later starts cost
 * one read.
 */
#ifndef NG_MEDIA_BACKFILL_H
#define NG_MEDIA_BACKFILL_H

#include <stdint.h>

#include "core/err.h"

struct store;

/* The setting that says every media item has its bytes in the database. */
#define MEDIA_BACKFILL_DONE "media_bytes_in_db"

struct media_backfill {
	int64_t items;	 /* media items whose bytes were not all there */
	int64_t files;	 /* files put into the database */
	int64_t bytes;	 /* their size */
	int64_t missing; /* items still without bytes: on no disk seen */
};

/*
 * For every media row of st whose main file the database lacks, put
 * each variant file of its key under data_dir/media/ that the database
 * lacks into it.  When nothing is missing afterwards the setting above
 * is set.  Needs a store that keeps media bytes (store_media_in_db());
 * NG_EINVAL otherwise.  NG_EDB and NG_EIO as they come.
 */
enum ng_err media_backfill(struct store *st, const char *data_dir,
    struct media_backfill *rep) NG_WUR;

/*
 * media_backfill() at an instance's start, unless the setting says it
 * is done or st keeps no bytes; what it did and what is still missing
 * go to the log.  A failure is logged, never fatal: the instance serves
 * its own copies either way.
 */
void media_backfill_once(struct store *st, const char *data_dir);

#endif
