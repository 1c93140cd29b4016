/*
 * loginbudget.c -- a budget of failed logins per account (loginbudget.h).
 *
 * An open-addressed table with short probes: an account lives in one of
 * LB_PROBE slots after its hash; a newcomer takes a free or expired slot
 * there, else the one whose last failure is oldest.  Logins are folded
 * to lower case (ASCII) so "Alice" and "alice" share one budget whatever
 * the store makes of case.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "admin/loginbudget.h"

#define LB_PROBE   8
#define LB_KEY_MAX 64 /* bytes of a login that count */

struct lb_slot {
	uint64_t hash;
	int64_t	 last_ms;  /* last failure */
	int64_t	 until_ms; /* no check before this */
	unsigned fails;
	uint8_t	 klen;
	char	 key[LB_KEY_MAX];
};

struct loginbudget {
	pthread_mutex_t mu;
	struct lb_slot *slots;
	size_t		n; /* a power of two */
};

struct loginbudget *
loginbudget_new(size_t capacity)
{
	struct loginbudget *b;
	size_t		    n = 64;

	while (n < capacity && n < ((size_t)1 << 24))
		n <<= 1;
	b = xcalloc(1, sizeof(*b));
	b->slots = xcalloc(n, sizeof(*b->slots));
	b->n = n;
	pthread_mutex_init(&b->mu, NULL);
	return b;
}

void
loginbudget_free(struct loginbudget *b)
{
	if (b == NULL)
		return;
	pthread_mutex_destroy(&b->mu);
	free(b->slots);
	free(b);
}

/* The login folded and cut to LB_KEY_MAX bytes, and its hash. */
static size_t
fold(struct str login, char *key, uint64_t *h)
{
	size_t i, n = login.n < LB_KEY_MAX ? login.n : LB_KEY_MAX;

	*h = 14695981039346656037ULL;
	for (i = 0; i < login.n; i++) {
		*h ^= (unsigned char)tolower((unsigned char)login.p[i]);
		*h *= 1099511628211ULL;
	}
	for (i = 0; i < n; i++)
		key[i] = (char)tolower((unsigned char)login.p[i]);
	return n;
}

static int
stale(const struct lb_slot *s, int64_t now_ms)
{
	return s->fails == 0 ||
	    now_ms - s->last_ms > (int64_t)LOGIN_BUDGET_FORGET_S * 1000;
}

/* login's slot, or (make) a new one when make, else NULL. */
static struct lb_slot *
find(struct loginbudget *b, struct str login, int64_t now_ms, int make)
{
	struct lb_slot *s, *free_slot = NULL, *oldest = NULL;
	char		key[LB_KEY_MAX];
	uint64_t	h;
	size_t		kn, i;

	kn = fold(login, key, &h);
	for (i = 0; i < LB_PROBE; i++) {
		s = &b->slots[(h + i) & (b->n - 1)];
		if (s->fails > 0 && s->hash == h && s->klen == kn &&
		    memcmp(s->key, key, kn) == 0) {
			if (stale(s, now_ms))
				s->fails = 0;
			return s;
		}
		if (stale(s, now_ms)) {
			if (free_slot == NULL)
				free_slot = s;
		} else if (oldest == NULL || s->last_ms < oldest->last_ms)
			oldest = s;
	}
	if (!make)
		return NULL;
	s = free_slot != NULL ? free_slot : oldest;
	memset(s, 0, sizeof(*s));
	s->hash = h;
	s->klen = (uint8_t)kn;
	memcpy(s->key, key, kn);
	return s;
}

int64_t
loginbudget_wait(struct loginbudget *b, struct str login, int64_t now_ms)
{
	struct lb_slot *s;
	int64_t		wait = 0;

	pthread_mutex_lock(&b->mu);
	if ((s = find(b, login, now_ms, 0)) != NULL && s->fails > 0 &&
	    s->until_ms > now_ms)
		wait = s->until_ms - now_ms;
	pthread_mutex_unlock(&b->mu);
	return wait;
}

void
loginbudget_fail(struct loginbudget *b, struct str login, int64_t now_ms)
{
	struct lb_slot *s;

	pthread_mutex_lock(&b->mu);
	s = find(b, login, now_ms, 1);
	s->fails++;
	s->last_ms = now_ms;
	if (s->fails > LOGIN_BUDGET_FREE)
		s->until_ms = now_ms + loginbudget_delay_ms(s->fails);
	pthread_mutex_unlock(&b->mu);
}

int64_t
loginbudget_delay_ms(unsigned fails)
{
	int64_t	 delay_s = 1;
	unsigned k;

	if (fails <= LOGIN_BUDGET_FREE)
		return 0;
	for (k = LOGIN_BUDGET_FREE + 1;
	     k < fails && delay_s < LOGIN_BUDGET_MAX_S; k++)
		delay_s *= 2;
	if (delay_s > LOGIN_BUDGET_MAX_S)
		delay_s = LOGIN_BUDGET_MAX_S;
	return delay_s * 1000;
}

void
loginbudget_ok(struct loginbudget *b, struct str login)
{
	struct lb_slot *s;

	pthread_mutex_lock(&b->mu);
	if ((s = find(b, login, 0, 0)) != NULL)
		s->fails = 0;
	pthread_mutex_unlock(&b->mu);
}
