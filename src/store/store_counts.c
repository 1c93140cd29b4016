/*
 * store_counts.c -- listing totals remembered per store generation (see
 * struct count_cache in store_int.h).
 *
 * A few dozen keys are live at once (the front page, each section, the
 * tags and authors being read), so a small table searched in full under
 * one lock is enough; a new key takes the slots in turn.  Nothing here
 * touches the database.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/store.h"
#include "store/store_int.h"

void
count_cache_init(struct count_cache *cc)
{
	memset(cc->v, 0, sizeof(cc->v));
	cc->next = 0;
	if (pthread_mutex_init(&cc->mu, NULL) != 0) {
		log_err("store: cannot create the count cache lock");
		abort();
	}
}

void
count_cache_fini(struct count_cache *cc)
{
	pthread_mutex_destroy(&cc->mu);
}

static int
same_key(const struct count_slot *s, const struct article_query *q)
{
	return s->used && s->section_id == q->section_id &&
	    s->tag_id == q->tag_id && s->author_id == q->author_id &&
	    s->from == q->from && s->to == q->to;
}

int
count_cache_get(struct count_cache *cc, const struct article_query *q,
    uint64_t gen, int64_t now, size_t *total)
{
	size_t i;
	int    hit = 0;

	pthread_mutex_lock(&cc->mu);
	for (i = 0; i < COUNT_SLOTS; i++)
		if (same_key(&cc->v[i], q)) {
			hit = cc->v[i].gen == gen && now < cc->v[i].due;
			if (hit)
				*total = cc->v[i].total;
			break;
		}
	pthread_mutex_unlock(&cc->mu);
	return hit;
}

void
count_cache_put(struct count_cache *cc, const struct article_query *q,
    uint64_t gen, int64_t due, size_t total)
{
	struct count_slot *s = NULL;
	size_t		   i;

	pthread_mutex_lock(&cc->mu);
	for (i = 0; i < COUNT_SLOTS && s == NULL; i++)
		if (same_key(&cc->v[i], q))
			s = &cc->v[i];
	if (s == NULL) {
		s = &cc->v[cc->next];
		cc->next = (cc->next + 1) % COUNT_SLOTS;
	}
	s->section_id = q->section_id;
	s->tag_id = q->tag_id;
	s->author_id = q->author_id;
	s->from = q->from;
	s->to = q->to;
	s->gen = gen;
	s->due = due;
	s->total = total;
	s->used = 1;
	pthread_mutex_unlock(&cc->mu);
}
