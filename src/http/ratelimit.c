/*
 * ratelimit.c -- sliding-window rate limits in a fixed, sharded,
 * set-associative table (see ratelimit.h for the why).
 *
 * A key hashes (FNV-1a with a random per-limiter seed and a final mix,
 * so an outsider cannot aim many keys at one bucket to evict a victim)
 * to a shard and a bucket of RL_WAYS slots.  Each slot holds the key and
 * the times of its most recent events, oldest first.  A slot whose last
 * event is older than every window it was used with limits nothing and
 * counts as free.
 */
#include <sys/random.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/xalloc.h"
#include "http/ratelimit.h"

#define RL_SHARDS      16		     /* independent locks */
#define RL_WAYS	       8		     /* slots per bucket */
#define RL_MIN_BUCKETS 4		     /* per shard */
#define RL_RING	       (RATELIMIT_TICKS + 1) /* ticks a count spans */

struct rl_slot {
	int64_t	 ev[RATELIMIT_EVENTS_MAX]; /* oldest first */
	int64_t	 idle_at;		   /* every window has passed by then */
	int64_t	 tick;			   /* newest tick in cnt[] */
	uint64_t hash;
	/* The counted rule's events per tick; tick k is at k % RL_RING. */
	uint16_t cnt[RATELIMIT_TICKS + 1];
	uint8_t	 nev;
	uint8_t	 klen;
	char	 key[RATELIMIT_KEY_MAX];
};

struct rl_shard {
	pthread_mutex_t mu;
	struct rl_slot *slots; /* nbuckets * RL_WAYS */
};

struct ratelimit {
	struct rl_shard shard[RL_SHARDS];
	size_t		nbuckets; /* per shard, a power of two */
	uint64_t	seed;
};

int64_t
ratelimit_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct ratelimit *
ratelimit_new(size_t capacity)
{
	struct ratelimit *rl;
	size_t		  per, nb, i;

	rl = xcalloc(1, sizeof(*rl));
	per = capacity / (RL_SHARDS * RL_WAYS) + 1;
	for (nb = RL_MIN_BUCKETS; nb < per && nb < ((size_t)1 << 24); nb <<= 1)
		continue;
	rl->nbuckets = nb;
	if (getrandom(&rl->seed, sizeof(rl->seed), 0) !=
	    (ssize_t)sizeof(rl->seed))
		rl->seed = (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)rl;
	for (i = 0; i < RL_SHARDS; i++) {
		if (pthread_mutex_init(&rl->shard[i].mu, NULL) != 0) {
			log_err("ratelimit: cannot create a lock");
			abort();
		}
		rl->shard[i].slots = xcalloc(nb * RL_WAYS,
		    sizeof(struct rl_slot));
	}
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	size_t i;

	if (rl == NULL)
		return;
	for (i = 0; i < RL_SHARDS; i++) {
		pthread_mutex_destroy(&rl->shard[i].mu);
		free(rl->shard[i].slots);
	}
	free(rl);
}

static uint64_t
hash_key(uint64_t seed, struct str key)
{
	uint64_t h = 14695981039346656037ULL ^ seed;
	size_t	 i;

	for (i = 0; i < key.n; i++) {
		h ^= (unsigned char)key.p[i];
		h *= 1099511628211ULL;
	}
	/* Final mix so that the low bits (shard, bucket) depend on all. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

/*
 * Find key's slot in the bucket, or the slot to reuse for it: a free
 * (idle) one, else the one that lapses soonest.  *found says which.
 */
static struct rl_slot *
find_slot(struct rl_slot *b, uint64_t h, struct str key, int64_t now,
    int *found)
{
	struct rl_slot *victim = NULL;
	size_t		i;

	*found = 0;
	for (i = 0; i < RL_WAYS; i++) {
		if (b[i].klen == key.n && b[i].hash == h &&
		    memcmp(b[i].key, key.p, key.n) == 0 && b[i].idle_at > now) {
			*found = 1;
			return &b[i];
		}
	}
	for (i = 0; i < RL_WAYS; i++) {
		if (b[i].idle_at <= now)
			return &b[i];
		if (victim == NULL || b[i].idle_at < victim->idle_at)
			victim = &b[i];
	}
	return victim;
}

/* The rule counted in the slot's ring: its index, or nrules. */
static size_t
counted_rule(const struct ratelimit_rule *rules, size_t nrules)
{
	size_t i;

	for (i = 0; i < nrules; i++)
		if (rules[i].max > RATELIMIT_EVENTS_MAX &&
		    rules[i].window_s != 0)
			return i;
	return nrules;
}

/* Milliseconds per tick of a counted rule: window / RATELIMIT_TICKS. */
static int64_t
tick_ms(const struct ratelimit_rule *r)
{
	return ((int64_t)r->window_s * 1000 + RATELIMIT_TICKS - 1) /
	    RATELIMIT_TICKS;
}

/*
 * Milliseconds until counted rule r allows one more event (0: now).  At
 * tick t the ticks t - RATELIMIT_TICKS .. t count, so an event in tick k
 * counts until time (k + RL_RING) * tick: at least a window after it
 * happened, and at most a tick longer.
 */
static int64_t
count_wait(const struct rl_slot *s, int found, const struct ratelimit_rule *r,
    int64_t now)
{
	int64_t	 g = tick_ms(r), t = now / g, k, lo;
	uint32_t max, total = 0;

	if (r->max == 0 || !found)
		return 0;
	max = r->max > RATELIMIT_COUNT_MAX ? RATELIMIT_COUNT_MAX : r->max;
	/* The ring holds ticks s->tick - RATELIMIT_TICKS .. s->tick. */
	lo = t - RATELIMIT_TICKS;
	if (lo < s->tick - RATELIMIT_TICKS)
		lo = s->tick - RATELIMIT_TICKS;
	if (lo < 0)
		lo = 0;
	for (k = lo; k <= s->tick; k++)
		total += s->cnt[k % RL_RING];
	if (total < max)
		return 0;
	/* The oldest ticks must lapse until only max - 1 are left. */
	for (k = lo; k <= s->tick; k++) {
		total -= s->cnt[k % RL_RING];
		if (total < max)
			break;
	}
	return (k + RL_RING) * g - now;
}

/* Count one event at now in the ring of counted rule r. */
static void
count_event(struct rl_slot *s, const struct ratelimit_rule *r, int64_t now)
{
	int64_t t = now / tick_ms(r), k;

	/* Zero the ticks that passed since the newest one counted. */
	if (t - s->tick >= RL_RING)
		memset(s->cnt, 0, sizeof(s->cnt));
	else
		for (k = s->tick + 1; k <= t; k++)
			s->cnt[k % RL_RING] = 0;
	/* A clock that steps back counts into the newest tick. */
	if (t > s->tick)
		s->tick = t;
	if (s->cnt[s->tick % RL_RING] < UINT16_MAX)
		s->cnt[s->tick % RL_RING]++;
}

/*
 * Milliseconds until exact rule r allows one more event given the slot's
 * events (0: allowed now).  An event at time e counts while
 * now - window < e.
 */
static int64_t
rule_wait(const struct rl_slot *s, int found, const struct ratelimit_rule *r,
    int64_t now)
{
	int64_t w;
	size_t	max, inwin, first;

	if (r->max == 0 || r->window_s == 0 || !found)
		return 0;
	max = r->max > RATELIMIT_EVENTS_MAX ? RATELIMIT_EVENTS_MAX : r->max;
	w = (int64_t)r->window_s * 1000;
	for (first = 0; first < s->nev && s->ev[first] <= now - w; first++)
		continue;
	inwin = s->nev - first;
	if (inwin < max)
		return 0;
	/* The oldest events must lapse until only max - 1 are left. */
	return s->ev[first + inwin - max] + w - now;
}

static int
take(struct ratelimit *rl, struct str key, const struct ratelimit_rule *rules,
    size_t nrules, int64_t now, int64_t *retry_ms, int record)
{
	struct rl_shard *sh;
	struct rl_slot	*s;
	int64_t		 wait = 0, t, idle = now;
	uint64_t	 h;
	size_t		 i, ci;
	int		 found;

	if (retry_ms != NULL)
		*retry_ms = 0;
	if (key.n > RATELIMIT_KEY_MAX)
		key.n = RATELIMIT_KEY_MAX;
	if (nrules > RATELIMIT_RULES_MAX)
		nrules = RATELIMIT_RULES_MAX;
	/* The ring's tick arithmetic wants a clock that starts at 0. */
	if (now < 0)
		now = 0;
	ci = counted_rule(rules, nrules);
	h = hash_key(rl->seed, key);
	sh = &rl->shard[h % RL_SHARDS];

	pthread_mutex_lock(&sh->mu);
	s = find_slot(sh->slots +
		((h / RL_SHARDS) & (rl->nbuckets - 1)) * RL_WAYS,
	    h, key, now, &found);
	for (i = 0; i < nrules; i++) {
		t = i == ci ? count_wait(s, found, &rules[i], now) :
			      rule_wait(s, found, &rules[i], now);
		if (t > wait)
			wait = t;
		if (rules[i].max != 0 && rules[i].window_s != 0 &&
		    now + (int64_t)rules[i].window_s * 1000 > idle)
			idle = now + (int64_t)rules[i].window_s * 1000;
	}
	if (wait == 0 && record && idle > now) {
		if (!found) {
			memset(s, 0, sizeof(*s));
			s->hash = h;
			s->klen = (uint8_t)key.n;
			memcpy(s->key, key.p, key.n);
		}
		if (s->nev == RATELIMIT_EVENTS_MAX) {
			memmove(s->ev, s->ev + 1,
			    (RATELIMIT_EVENTS_MAX - 1) * sizeof(s->ev[0]));
			s->nev--;
		}
		/* A clock that steps back must not unsort the log. */
		s->ev[s->nev] = s->nev > 0 && s->ev[s->nev - 1] > now ?
		    s->ev[s->nev - 1] :
		    now;
		s->nev++;
		if (ci < nrules)
			count_event(s, &rules[ci], now);
		if (idle > s->idle_at)
			s->idle_at = idle;
	}
	pthread_mutex_unlock(&sh->mu);
	if (wait > 0 && retry_ms != NULL)
		*retry_ms = wait;
	return wait == 0;
}

int
ratelimit_take(struct ratelimit *rl, struct str key,
    const struct ratelimit_rule *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms)
{
	return take(rl, key, rules, nrules, now_ms, retry_ms, 1);
}

int
ratelimit_check(struct ratelimit *rl, struct str key,
    const struct ratelimit_rule *rules, size_t nrules, int64_t now_ms,
    int64_t *retry_ms)
{
	return take(rl, key, rules, nrules, now_ms, retry_ms, 0);
}

void
ratelimit_forget(struct ratelimit *rl, struct str key)
{
	struct rl_shard *sh;
	struct rl_slot	*b;
	uint64_t	 h;
	size_t		 i;

	if (key.n > RATELIMIT_KEY_MAX)
		key.n = RATELIMIT_KEY_MAX;
	h = hash_key(rl->seed, key);
	sh = &rl->shard[h % RL_SHARDS];
	pthread_mutex_lock(&sh->mu);
	b = sh->slots + ((h / RL_SHARDS) & (rl->nbuckets - 1)) * RL_WAYS;
	for (i = 0; i < RL_WAYS; i++)
		if (b[i].klen == key.n && b[i].hash == h &&
		    memcmp(b[i].key, key.p, key.n) == 0)
			memset(&b[i], 0, sizeof(b[i]));
	pthread_mutex_unlock(&sh->mu);
}
