/*
 * conncap.c -- a mutex-guarded hash table of address -> open
 * connections.  An entry lives while its count is above zero, so the
 * table holds at most connections_max entries.
 */
#include <sys/socket.h>

#include <netinet/in.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "http/conncap.h"

#define NBUCKETS 1024

struct entry {
	struct entry *next;
	uint8_t	      a[16];
	unsigned      n;
};

struct conncap {
	pthread_mutex_t mu;
	unsigned	cap;
	struct entry   *b[NBUCKETS];
};

static const uint8_t v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
	0xff };

static int
key(const struct sockaddr *sa, uint8_t a[16])
{
	if (sa == NULL)
		return -1;
	if (sa->sa_family == AF_INET) {
		memcpy(a, v4mapped, 12);
		memcpy(a + 12,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    4);
		return 0;
	}
	if (sa->sa_family == AF_INET6) {
		memcpy(a,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    16);
		return 0;
	}
	return -1;
}

static unsigned
hash(const uint8_t a[16])
{
	uint32_t h = 2166136261u; /* FNV-1a */
	int	 i;

	for (i = 0; i < 16; i++)
		h = (h ^ a[i]) * 16777619u;
	return h % NBUCKETS;
}

struct conncap *
conncap_new(unsigned cap)
{
	struct conncap *cc = xcalloc(1, sizeof(*cc));

	pthread_mutex_init(&cc->mu, NULL);
	cc->cap = cap;
	return cc;
}

void
conncap_free(struct conncap *cc)
{
	struct entry *e, *next;
	size_t	      i;

	if (cc == NULL)
		return;
	for (i = 0; i < NBUCKETS; i++)
		for (e = cc->b[i]; e != NULL; e = next) {
			next = e->next;
			free(e);
		}
	pthread_mutex_destroy(&cc->mu);
	free(cc);
}

int
conncap_allows(struct conncap *cc, const struct sockaddr *sa)
{
	struct entry *e;
	uint8_t	      a[16];
	int	      ok = 1;

	if (cc->cap == 0 || key(sa, a) == -1)
		return 1;
	pthread_mutex_lock(&cc->mu);
	for (e = cc->b[hash(a)]; e != NULL; e = e->next)
		if (memcmp(e->a, a, 16) == 0) {
			ok = e->n < cc->cap;
			break;
		}
	pthread_mutex_unlock(&cc->mu);
	return ok;
}

void
conncap_count(struct conncap *cc, const struct sockaddr *sa, int delta)
{
	struct entry **pp, *e;
	uint8_t	       a[16];

	if (key(sa, a) == -1)
		return;
	pthread_mutex_lock(&cc->mu);
	for (pp = &cc->b[hash(a)]; (e = *pp) != NULL; pp = &e->next)
		if (memcmp(e->a, a, 16) == 0)
			break;
	if (delta > 0) {
		if (e == NULL) {
			e = xcalloc(1, sizeof(*e));
			memcpy(e->a, a, 16);
			e->next = cc->b[hash(a)];
			cc->b[hash(a)] = e;
		}
		e->n++;
	} else if (e != NULL && --e->n == 0) {
		*pp = e->next;
		free(e);
	}
	pthread_mutex_unlock(&cc->mu);
}
