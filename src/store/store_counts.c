/*
 * store_counts.c -- listing totals remembered per store generation (see
 * struct count_cache in store_int.h), and the clock's next change that
 * bounds them.
 *
 * A few dozen keys are live at once (the front page, each section, the
 * tags and authors being read, the REST API's lists), so a small table
 * searched in full under one lock is enough; a new key takes the slots
 * in turn.  Only store_clock_due() touches the database, once per
 * generation.
 */
#include <pthread.h>
#include <stdint.h>
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
	cc->due_valid = 0;
	if (pthread_mutex_init(&cc->mu, NULL) != 0 ||
	    pthread_mutex_init(&cc->due_mu, NULL) != 0) {
		log_err("store: cannot create the count cache lock");
		abort();
	}
}

void
count_cache_fini(struct count_cache *cc)
{
	pthread_mutex_destroy(&cc->mu);
	pthread_mutex_destroy(&cc->due_mu);
}

/* Append n bytes to k; 0 once it no longer fits. */
static int
key_put(struct count_key *k, const void *p, size_t n)
{
	if (n > COUNT_KEY_MAX - k->n)
		return 0;
	if (n > 0) /* an absent string is NULL */
		memcpy(k->b + k->n, p, n);
	k->n += n;
	return 1;
}

static int
key_i64(struct count_key *k, int64_t v)
{
	return key_put(k, &v, sizeof(v));
}

/* A length before the bytes, so that no two lists spell the same. */
static int
key_str(struct count_key *k, struct str s)
{
	return key_i64(k, (int64_t)s.n) && key_put(k, s.p, s.n);
}

static int
key_set(struct count_key *k, const struct id_set *s)
{
	size_t i;

	if (!key_i64(k, (int64_t)s->n))
		return 0;
	for (i = 0; i < s->n; i++)
		if (!key_i64(k, s->v[i]))
			return 0;
	return 1;
}

int
count_key_list(struct count_key *k, const struct article_query *q)
{
	k->n = 0;
	return key_put(k, "L", 1) && key_i64(k, q->section_id) &&
	    key_i64(k, q->tag_id) && key_i64(k, q->author_id) &&
	    key_i64(k, q->from) && key_i64(k, q->to);
}

int
count_key_api(struct count_key *k, const struct api_article_query *q)
{
	size_t i;

	k->n = 0;
	/*
	 * Drafts, pending and scheduled articles change without moving
	 * the generation (no reader sees them): their totals are counted.
	 */
	if (q->status_mask != (1u << ARTICLE_PUBLISHED) || q->future)
		return 0;
	if (!key_put(k, "A", 1) || !key_str(k, q->search) ||
	    !key_i64(k, (int64_t)q->nslugs))
		return 0;
	for (i = 0; i < q->nslugs; i++)
		if (!key_str(k, q->slugs[i]))
			return 0;
	return key_set(k, &q->include) && key_set(k, &q->exclude) &&
	    key_set(k, &q->authors) && key_set(k, &q->authors_not) &&
	    key_set(k, &q->sections) && key_set(k, &q->sections_not) &&
	    key_set(k, &q->tags) && key_set(k, &q->tags_not) &&
	    key_i64(k, q->after) && key_i64(k, q->before) &&
	    key_i64(k, q->modified_after) && key_i64(k, q->modified_before);
}

static int
same_key(const struct count_slot *s, const struct count_key *k)
{
	return s->used && s->key.n == k->n && memcmp(s->key.b, k->b, k->n) == 0;
}

int
count_cache_get(struct count_cache *cc, const struct count_key *k, uint64_t gen,
    int64_t now, size_t *total)
{
	size_t i;
	int    hit = 0;

	pthread_mutex_lock(&cc->mu);
	for (i = 0; i < COUNT_SLOTS; i++)
		if (same_key(&cc->v[i], k)) {
			hit = cc->v[i].gen == gen && now < cc->v[i].due;
			if (hit)
				*total = cc->v[i].total;
			break;
		}
	pthread_mutex_unlock(&cc->mu);
	return hit;
}

void
count_cache_put(struct store *st, const struct count_key *k, uint64_t gen,
    int64_t now, size_t total)
{
	struct count_cache *cc = store_counts_of(st);
	struct count_slot  *s = NULL;
	int64_t		    due = store_clock_due(st, now);
	size_t		    i;

	pthread_mutex_lock(&cc->mu);
	for (i = 0; i < COUNT_SLOTS && s == NULL; i++)
		if (same_key(&cc->v[i], k))
			s = &cc->v[i];
	if (s == NULL) {
		s = &cc->v[cc->next];
		cc->next = (cc->next + 1) % COUNT_SLOTS;
	}
	s->key = *k;
	s->gen = gen;
	s->due = due;
	s->total = total;
	s->used = 1;
	pthread_mutex_unlock(&cc->mu);
}

int64_t
store_clock_due(struct store *st, int64_t now)
{
	struct count_cache *cc = store_counts_of(st);
	uint64_t	    gen = store_generation(st);
	int64_t		    due;

	pthread_mutex_lock(&cc->due_mu);
	if (cc->due_valid && cc->due_gen == gen && now < cc->due) {
		due = cc->due;
		pthread_mutex_unlock(&cc->due_mu);
		return due;
	}
	pthread_mutex_unlock(&cc->due_mu);
	/* Asked outside the lock: it is a query. */
	switch (store_next_publish_after(st, now, &due)) {
	case NG_OK:
		break;
	case NG_ENOTFOUND:
		due = INT64_MAX;
		break;
	default:
		/* Unknown: good for this second only, and not kept. */
		return now + 1;
	}
	pthread_mutex_lock(&cc->due_mu);
	cc->due_gen = gen;
	cc->due = due;
	cc->due_valid = 1;
	pthread_mutex_unlock(&cc->due_mu);
	return due;
}
