/*
 * memo.c -- the public post objects of /wp/v2/posts kept between
 * requests, as JSON text.
 *
 * A list of ten posts built each object again from its article (the
 * row, its tags, featured image and pins, the shortcodes of its body)
 * and wrote it out through jansson: two thirds of an uncached request.
 * An object only changes with a write a reader could see, which moves
 * the store's generation, or when the clock makes a scheduled article
 * public (store_clock_due()), so its text is kept with the generation
 * its render started at and used until either moves: a list is then
 * its ids' texts joined.  Whatever else an object depends on is part
 * of the key: the site's origin (a Host header may name it) and UTC
 * offset (summer time moves it without a write).
 *
 * The page cache's entry of a list records what the list was built
 * from, so each text keeps the invalidation keys its render noted
 * (store_read_capture_begin()) and a use notes them again.  (A render
 * after the first of a request does not read the pins again, so its
 * keys lack the one the pins note; every list notes that one itself.)
 *
 * The table holds one generation: the first object of a newer one
 * empties it.  A slot per id modulo the size, MEMO_BYTES of text at
 * most; an object over MEMO_ITEM_MAX is built each time.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "store/store.h"

#define MEMO_SLOTS    4096 /* a power of two */
#define MEMO_BYTES    (4u << 20)
#define MEMO_ITEM_MAX (64u << 10)
/* The longest a text lives whatever happens, as a cached page. */
#define MEMO_TTL_S 300

struct memo_item {
	int64_t	  id; /* 0: empty */
	int64_t	  due;
	int32_t	  tz_off;
	char	 *origin; /* malloc'd, as the rest */
	char	 *text;
	size_t	  n;
	uint64_t *keys;
	size_t	  nkeys;
};

static struct {
	pthread_mutex_t	    mu;
	const struct store *st;
	uint64_t	    gen;
	size_t		    bytes;
	struct memo_item    v[MEMO_SLOTS];
} memo = { .mu = PTHREAD_MUTEX_INITIALIZER };

static void
item_clear(struct memo_item *it)
{
	memo.bytes -= it->n + it->nkeys * sizeof(*it->keys);
	free(it->origin);
	free(it->text);
	free(it->keys);
	memset(it, 0, sizeof(*it));
}

/* Empty the table for st at gen; under memo.mu. */
static void
flush(const struct store *st, uint64_t gen)
{
	size_t i;

	for (i = 0; i < MEMO_SLOTS; i++)
		if (memo.v[i].id != 0)
			item_clear(&memo.v[i]);
	memo.st = st;
	memo.gen = gen;
}

int
api_memo_append(struct api_ctx *ctx, int64_t id, const char *origin, char sep,
    struct buf *b)
{
	struct memo_item *it = &memo.v[(uint64_t)id & (MEMO_SLOTS - 1)];
	int		  hit;

	pthread_mutex_lock(&memo.mu);
	hit = memo.st == ctx->st && memo.gen == store_generation(ctx->st) &&
	    it->id == id && (int64_t)time(NULL) < it->due &&
	    it->tz_off == ctx->tz_off && strcmp(it->origin, origin) == 0;
	if (hit) {
		if (sep != '\0')
			buf_putc(b, sep);
		buf_put(b, it->text, it->n);
		store_read_note_keys(it->keys, it->nkeys);
	}
	pthread_mutex_unlock(&memo.mu);
	return hit;
}

void
api_memo_put(struct api_ctx *ctx, int64_t id, const char *origin, uint64_t gen,
    struct str text, const uint64_t *keys, size_t nkeys)
{
	struct memo_item *it = &memo.v[(uint64_t)id & (MEMO_SLOTS - 1)];
	struct memo_item  nw;
	int64_t		  now = (int64_t)time(NULL), due;
	size_t		  cost = text.n + nkeys * sizeof(*keys);

	/* Outside a read session nothing says what the text was built
	 * from: it could not be used for a page that records it. */
	if (id <= 0 || nkeys == 0 || text.n > MEMO_ITEM_MAX)
		return;
	due = store_clock_due(ctx->st, now);
	if (due > now + MEMO_TTL_S)
		due = now + MEMO_TTL_S;
	memset(&nw, 0, sizeof(nw));
	nw.id = id;
	nw.due = due;
	nw.tz_off = ctx->tz_off;
	nw.n = text.n;
	nw.nkeys = nkeys;
	if ((nw.origin = strdup(origin)) == NULL ||
	    (nw.text = malloc(text.n)) == NULL ||
	    (nw.keys = malloc(nkeys * sizeof(*keys))) == NULL) {
		free(nw.origin);
		free(nw.text);
		return;
	}
	memcpy(nw.text, text.p, text.n);
	memcpy(nw.keys, keys, nkeys * sizeof(*keys));
	pthread_mutex_lock(&memo.mu);
	/* Rendered from an older snapshot than the table: drop it. */
	if (memo.st == ctx->st && gen < memo.gen)
		goto drop;
	if (memo.st != ctx->st || gen != memo.gen)
		flush(ctx->st, gen);
	if (it->id != 0)
		item_clear(it);
	if (memo.bytes + cost > MEMO_BYTES)
		goto drop;
	*it = nw;
	memo.bytes += cost;
	pthread_mutex_unlock(&memo.mu);
	return;
drop:
	pthread_mutex_unlock(&memo.mu);
	free(nw.origin);
	free(nw.text);
	free(nw.keys);
}
