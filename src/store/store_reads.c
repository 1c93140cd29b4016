/*
 * store_reads.c -- read counts for the "Most read" list.
 *
 * The site counts reads in memory (site/mostread.c) and adds them here
 * in batches, per article and hour; nothing about the reader is kept.
 * Adding counts changes no page by itself (SW_READS); when the list a
 * process computes from them differs from the one it showed, it says so
 * (SW_MOST_READ) and the pages showing the list go everywhere.
 */
#include <stdint.h>
#include <string.h>

#include "store/store.h"
#include "store/store_int.h"

enum ng_err
store_reads_add(struct store *st, int64_t hour, const int64_t *ids,
    const int64_t *counts, size_t n)
{
	struct store_wtx tx;
	enum ng_err	 err = NG_OK;
	size_t		 i;

	if (hour < 0 || (n > 0 && (ids == NULL || counts == NULL)))
		return NG_EINVAL;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	for (i = 0; i < n && err == NG_OK; i++) {
		if (ids[i] <= 0 || counts[i] <= 0)
			continue;
		err = store_ops_of(st)->reads_add(tx.c, ids[i], hour,
		    counts[i]);
		/* Deleted since it was read: nothing to count. */
		if (err == NG_ENOTFOUND)
			err = NG_OK;
	}
	if (err == NG_OK)
		err = store_ops_of(st)->reads_prune(tx.c,
		    hour - (int64_t)STORE_READS_HOURS * 3600);
	store_wtx_note(&tx, SW_READS, &(struct write_subject){ 0 });
	return store_wtx_end(&tx, err);
}

enum ng_err
store_most_read(struct arena *ar, struct store *st, int64_t since, int64_t now,
    size_t limit, int64_t **ids, size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*ids = NULL;
	*n = 0;
	if (limit == 0 || limit > STORE_LIST_MAX)
		return NG_EINVAL;
	store_read_note(STORE_KEY(INVAL_MOST_READ, 0));
	c = store_pool_get(st);
	err = store_ops_of(st)->most_read(ar, c, since, now, limit, ids, n);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_most_read_changed(struct store *st)
{
	struct store_wtx tx;
	enum ng_err	 err;

	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	store_wtx_note(&tx, SW_MOST_READ, &(struct write_subject){ 0 });
	return store_wtx_end(&tx, NG_OK);
}

void
store_most_read_shown(void)
{
	store_read_note(STORE_KEY(INVAL_MOST_READ, 0));
}
