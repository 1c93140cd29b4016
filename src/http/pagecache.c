/*
 * pagecache.c -- the page cache: a hash table of refcounted, immutable
 * entries under one mutex, a segmented LRU within a byte budget, and the
 * validity rules of pagecache.h.
 *
 * Two reference counts per entry, because two owners of different
 * things share it:
 *
 *	users	the table (while the entry is in it), each lookup until
 *		pc_entry_release(), and the creator until insertion.  When
 *		it reaches zero nobody can queue the entry's responses any
 *		more, so they are destroyed (libmicrohttpd frees each one
 *		when the last connection sending it is done).
 *	mem	one for "users > 0" plus one per libmicrohttpd response
 *		whose body points into the entry.  The responses' free
 *		callback drops theirs; at zero the memory goes.
 *
 * A single count would make a cycle: the responses would keep the entry
 * alive and the entry would keep the responses.
 */
#include <sys/types.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <microhttpd.h>

#include "core/buf.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "http/compress.h"
#include "http/limits.h"
#include "http/pagecache.h"
#include "store/store.h"

enum seg {
	SEG_NONE,      /* not in the table */
	SEG_PROBATION, /* inserted, not hit since */
	SEG_PROTECTED  /* hit at least once while cached */
};

#define ETAG_MAX 32 /* "\"" 16 hex "-br" "\"" NUL, rounded up */
#define DATE_MAX 32

/*
 * One key a page was built from, linked into the key index's bucket
 * list for that key, so a write's keys find their pages without a scan.
 */
struct pc_keyref {
	struct pc_keyref *prev, *next; /* in the key bucket */
	struct pc_entry	 *e;
	uint64_t	  key;
};

struct pc_entry {
	struct pc_entry	    *hnext;	  /* hash chain */
	struct pc_entry	    *prev, *next; /* LRU list, head newest */
	enum seg	     seg;
	atomic_uint	     users;
	atomic_uint	     mem;
	uint64_t	     hash;  /* of the key */
	uint64_t	     stamp; /* pagecache_generation() */
	struct pc_keyref    *refs;  /* nrefs, after the struct */
	size_t		     nrefs;
	int		     any;     /* built from anything */
	time_t		     expires; /* unix seconds, exclusive */
	time_t		     last_modified;
	size_t		     charge; /* bytes against the budget */
	const void	    *route;
	int64_t		     count_id; /* resp.count_id */
	struct str	     key;
	struct str	     body[COMPRESS__MAX];
	char		     etag[COMPRESS__MAX][ETAG_MAX];
	char		     lm[DATE_MAX];
	struct MHD_Response *ok[COMPRESS__MAX];
	struct MHD_Response *nm[COMPRESS__MAX];
	/* key and bodies follow */
};

struct lru {
	struct pc_entry *head, *tail;
	size_t		 bytes;
};

struct pagecache {
	struct store *st;
	size_t	      max_bytes;
	size_t	      protected_max;

	pthread_mutex_t	  mu; /* everything below but the atomics */
	struct pc_entry **buckets;
	size_t		  nbuckets; /* a power of two */
	size_t		  nentries;
	struct lru	  seg[3];     /* indexed by enum seg */
	time_t		  changed_at; /* last invalidation seen */
	/* The key index (pc_keyref), a power of two of buckets. */
	struct pc_keyref **kbuckets;
	size_t		   nkbuckets, nrefs;
	/*
	 * Invalidations applied, and when each key last was (by bucket of
	 * RECENT, so a collision only errs on the safe side): a page whose
	 * render started before one that touched its keys is not stored.
	 */
	_Atomic uint64_t seq;
	uint64_t	 all_seq; /* last "everything" */
	uint64_t	 recent[PAGECACHE_RECENT];
	uint64_t	 hits, misses, stale, fills, evictions;
	uint64_t	 invalidated;

	/* The next publish time, valid for np_gen and times < np. */
	pthread_mutex_t np_mu;
	int		np_valid;
	uint64_t	np_gen;
	time_t		np;

	_Atomic int64_t sync_at_ms; /* next cross-process check */
	int64_t (*clock_ms)(void);  /* paces it: mono_ms() */
	atomic_uint_fast64_t not_modified, bypasses;
};

static void on_invalidate(void *cls, const uint64_t *keys, size_t n);

/*
 * A 64-bit hash, eight bytes at a time: for the table and for ETags.
 * Not for adversaries: a collision of ETags needs two bodies of the same
 * page, and a collision of keys only lengthens a chain.
 */
static uint64_t
hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x243f6a8885a308d3ULL ^ (n * 0x9e3779b97f4a7c15ULL);
	uint64_t w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static int64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct pagecache *
pagecache_new(size_t max_bytes, struct store *st)
{
	struct pagecache *pc;

	pc = xcalloc(1, sizeof(*pc));
	pc->st = st;
	pc->clock_ms = mono_ms;
	pc->max_bytes = max_bytes;
	pc->protected_max = max_bytes / 100 * (100 - PAGECACHE_PROBATION_PCT);
	pc->nbuckets = 256;
	pc->buckets = xcalloc(pc->nbuckets, sizeof(*pc->buckets));
	if (pthread_mutex_init(&pc->mu, NULL) != 0 ||
	    pthread_mutex_init(&pc->np_mu, NULL) != 0) {
		log_err("pagecache: cannot create a lock");
		abort();
	}
	pc->nkbuckets = 1024;
	pc->kbuckets = xcalloc(pc->nkbuckets, sizeof(*pc->kbuckets));
	atomic_init(&pc->seq, 1);
	if (st != NULL)
		store_on_invalidate(st, on_invalidate, pc);
	/* Nothing before now can be vouched for: see not_modified(). */
	pc->changed_at = time(NULL);
	atomic_init(&pc->sync_at_ms, 0);
	atomic_init(&pc->not_modified, 0);
	atomic_init(&pc->bypasses, 0);
	return pc;
}

/* Free e's memory once nothing references it. */
void
pc_entry_mem_release(void *cls)
{
	struct pc_entry *e = cls;

	if (atomic_fetch_sub(&e->mem, 1) == 1) {
		free(e->refs);
		free(e);
	}
}

void
pc_entry_mem_ref(struct pc_entry *e)
{
	atomic_fetch_add(&e->mem, 1);
}

void
pc_entry_release(struct pc_entry *e)
{
	int i;

	if (e == NULL || atomic_fetch_sub(&e->users, 1) != 1)
		return;
	/* Nobody can reach e now: give its responses back to the library,
	 * which frees each when the last connection using it is done. */
	for (i = 0; i < COMPRESS__MAX; i++) {
		if (e->ok[i] != NULL)
			MHD_destroy_response(e->ok[i]);
		if (e->nm[i] != NULL)
			MHD_destroy_response(e->nm[i]);
	}
	pc_entry_mem_release(e);
}

/* LRU lists; the caller holds pc->mu. */
static void
lru_unlink(struct pagecache *pc, struct pc_entry *e)
{
	struct lru *l = &pc->seg[e->seg];

	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		l->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		l->tail = e->prev;
	e->prev = e->next = NULL;
	l->bytes -= e->charge;
	e->seg = SEG_NONE;
}

static void
lru_push(struct pagecache *pc, struct pc_entry *e, enum seg s)
{
	struct lru *l = &pc->seg[s];

	e->seg = s;
	e->prev = NULL;
	e->next = l->head;
	if (l->head != NULL)
		l->head->prev = e;
	else
		l->tail = e;
	l->head = e;
	l->bytes += e->charge;
}

static struct pc_entry **
bucket_of(struct pagecache *pc, uint64_t hash)
{
	return &pc->buckets[hash & (pc->nbuckets - 1)];
}

static uint64_t
key_hash(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return key;
}

static struct pc_keyref **
kbucket_of(struct pagecache *pc, uint64_t key)
{
	return &pc->kbuckets[key_hash(key) & (pc->nkbuckets - 1)];
}

static void
ref_link(struct pc_keyref **head, struct pc_keyref *r)
{
	r->prev = NULL;
	r->next = *head;
	if (*head != NULL)
		(*head)->prev = r;
	*head = r;
}

/* Link e's keys into the index; the caller holds pc->mu. */
static void
keys_link(struct pagecache *pc, struct pc_entry *e)
{
	struct pc_keyref **nb, *r, *next;
	size_t		   i, n;

	for (i = 0; i < e->nrefs; i++)
		ref_link(kbucket_of(pc, e->refs[i].key), &e->refs[i]);
	pc->nrefs += e->nrefs;
	/* Keep chains short: double when refs outnumber buckets twice. */
	if (pc->nrefs <= 2 * pc->nkbuckets || pc->nkbuckets > SIZE_MAX / 4)
		return;
	n = pc->nkbuckets * 2;
	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < pc->nkbuckets; i++)
		for (r = pc->kbuckets[i]; r != NULL; r = next) {
			next = r->next;
			ref_link(&nb[key_hash(r->key) & (n - 1)], r);
		}
	free(pc->kbuckets);
	pc->kbuckets = nb;
	pc->nkbuckets = n;
}

static void
keys_unlink(struct pagecache *pc, struct pc_entry *e)
{
	struct pc_keyref *r;
	size_t		  i;

	for (i = 0; i < e->nrefs; i++) {
		r = &e->refs[i];
		if (r->prev != NULL)
			r->prev->next = r->next;
		else if (*kbucket_of(pc, r->key) == r)
			*kbucket_of(pc, r->key) = r->next;
		else
			continue; /* never linked */
		if (r->next != NULL)
			r->next->prev = r->prev;
		r->prev = r->next = NULL;
		pc->nrefs--;
	}
}

/* Take e out of the table and the lists; returns the table's reference. */
static struct pc_entry *
unlink_entry(struct pagecache *pc, struct pc_entry *e)
{
	struct pc_entry **pp;

	for (pp = bucket_of(pc, e->hash); *pp != NULL; pp = &(*pp)->hnext)
		if (*pp == e) {
			*pp = e->hnext;
			break;
		}
	e->hnext = NULL;
	lru_unlink(pc, e);
	pc->nentries--;
	keys_unlink(pc, e);
	return e;
}

static struct pc_entry *
find(struct pagecache *pc, struct str key, uint64_t hash)
{
	struct pc_entry *e;

	for (e = *bucket_of(pc, hash); e != NULL; e = e->hnext)
		if (e->hash == hash && e->key.n == key.n &&
		    memcmp(e->key.p, key.p, key.n) == 0)
			return e;
	return NULL;
}

/* Double the table when it averages more than one entry per bucket. */
static void
maybe_grow(struct pagecache *pc)
{
	struct pc_entry **nb, *e, *next;
	size_t		  n, i;

	if (pc->nentries <= pc->nbuckets || pc->nbuckets > SIZE_MAX / 4)
		return;
	n = pc->nbuckets * 2;
	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < pc->nbuckets; i++)
		for (e = pc->buckets[i]; e != NULL; e = next) {
			next = e->hnext;
			e->hnext = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	free(pc->buckets);
	pc->buckets = nb;
	pc->nbuckets = n;
}

/* A growing list of entries to release once the lock is dropped. */
struct dead {
	struct pc_entry **v;
	size_t		  n, cap;
};

static void
dead_add(struct dead *d, struct pc_entry *e)
{
	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 64 : d->cap * 2;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	d->v[d->n++] = e;
}

static void
dead_release(struct dead *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		pc_entry_release(d->v[i]);
	free(d->v);
}

/* Unlink every entry one of whose keys is key; caller holds pc->mu. */
static void
drop_key(struct pagecache *pc, uint64_t key, struct dead *d)
{
	struct pc_keyref *r;
	size_t		  first = d->n, i;

	/* Collect, then unlink: unlinking an entry takes all its refs out
	 * of the chains, perhaps the very next one.  An entry holds a key
	 * once, so it is collected once. */
	for (r = *kbucket_of(pc, key); r != NULL; r = r->next)
		if (r->key == key)
			dead_add(d, r->e);
	for (i = first; i < d->n; i++)
		(void)unlink_entry(pc, d->v[i]);
}

void
pagecache_invalidate(struct pagecache *pc, const uint64_t *keys, size_t n)
{
	struct dead	 d = { NULL, 0, 0 };
	struct pc_entry *e;
	uint64_t	 seq;
	time_t		 now = time(NULL);
	size_t		 i;
	int		 all = 0;

	for (i = 0; i < n; i++)
		all |= STORE_KEY_KIND(keys[i]) == INVAL_ALL;
	pthread_mutex_lock(&pc->mu);
	seq = atomic_fetch_add(&pc->seq, 1) + 1;
	/* Content moved this second: If-Modified-Since cannot vouch. */
	if (now > pc->changed_at)
		pc->changed_at = now;
	if (all) {
		pc->all_seq = seq;
		for (i = 0; i < pc->nbuckets; i++)
			while ((e = pc->buckets[i]) != NULL)
				dead_add(&d, unlink_entry(pc, e));
	} else {
		for (i = 0; i < n; i++) {
			pc->recent[key_hash(keys[i]) &
			    (PAGECACHE_RECENT - 1)] = seq;
			drop_key(pc, keys[i], &d);
		}
		/* Pages built from anything go with any write. */
		drop_key(pc, STORE_KEY(INVAL_ALL, 0), &d);
	}
	pc->invalidated += d.n;
	pthread_mutex_unlock(&pc->mu);
	dead_release(&d);
}

static void
on_invalidate(void *cls, const uint64_t *keys, size_t n)
{
	pagecache_invalidate(cls, keys, n);
}

void
pagecache_set_clock(struct pagecache *pc, int64_t (*clock)(void))
{
	pc->clock_ms = clock;
}

uint64_t
pagecache_generation(struct pagecache *pc)
{
	int64_t now = pc->clock_ms(), at;

	/* One thread per period wins the exchange and reads the other
	 * processes' invalidations (about 5 us); everyone else reads the
	 * counter. */
	at = atomic_load_explicit(&pc->sync_at_ms, memory_order_relaxed);
	if (pc->st != NULL && now >= at &&
	    atomic_compare_exchange_strong(&pc->sync_at_ms, &at,
		now + PAGECACHE_SYNC_MS))
		(void)store_generation_sync(pc->st);
	return atomic_load(&pc->seq);
}

struct pc_entry *
pagecache_get(struct pagecache *pc, struct str key, time_t now)
{
	struct pc_entry *e, *drop = NULL, *demote;
	uint64_t	 hash;

	if (key.n == 0 || key.n > PAGECACHE_KEY_MAX)
		return NULL;
	(void)pagecache_generation(pc); /* other processes' writes */
	hash = hash64(key.p, key.n);
	pthread_mutex_lock(&pc->mu);
	e = find(pc, key, hash);
	if (e != NULL && now >= e->expires) {
		drop = unlink_entry(pc, e);
		pc->stale++;
		e = NULL;
	}
	if (e == NULL) {
		pc->misses++;
		pthread_mutex_unlock(&pc->mu);
		pc_entry_release(drop);
		return NULL;
	}
	pc->hits++;
	/* A second hit earns the protected segment; its overflow goes
	 * back to probation, newest first, rather than out. */
	lru_unlink(pc, e);
	lru_push(pc, e, SEG_PROTECTED);
	while (pc->seg[SEG_PROTECTED].bytes > pc->protected_max &&
	    pc->seg[SEG_PROTECTED].tail != e) {
		demote = pc->seg[SEG_PROTECTED].tail;
		lru_unlink(pc, demote);
		lru_push(pc, demote, SEG_PROBATION);
	}
	atomic_fetch_add(&e->users, 1);
	pthread_mutex_unlock(&pc->mu);
	return e;
}

void
pagecache_note_bypass(struct pagecache *pc)
{
	atomic_fetch_add_explicit(&pc->bypasses, 1, memory_order_relaxed);
}

void
pagecache_note_not_modified(struct pagecache *pc)
{
	atomic_fetch_add_explicit(&pc->not_modified, 1, memory_order_relaxed);
}

/*
 * When the entry rendered at now stops being valid: the TTL, or earlier
 * the next time a future-dated article appears, which the store is
 * asked once per store generation (every write a reader can see moves
 * it) and again when that time has passed.
 */
static time_t
expiry_of(struct pagecache *pc, time_t now)
{
	time_t	 exp = now + PAGECACHE_TTL_S;
	int64_t	 np;
	uint64_t gen;

	if (pc->st == NULL)
		return exp;
	gen = store_generation(pc->st);
	pthread_mutex_lock(&pc->np_mu);
	if (!pc->np_valid || pc->np_gen != gen || now >= pc->np) {
		switch (store_next_publish_after(pc->st, (int64_t)now, &np)) {
		case NG_OK:
			pc->np = (time_t)np;
			pc->np_valid = 1;
			break;
		case NG_ENOTFOUND:
			pc->np = (time_t)INT64_MAX;
			pc->np_valid = 1;
			break;
		default:
			/* Unknown: keep the entry for a second only. */
			pc->np = now + 1;
			pc->np_valid = 0;
			break;
		}
		pc->np_gen = gen;
	}
	if (pc->np < exp)
		exp = pc->np;
	pthread_mutex_unlock(&pc->np_mu);
	return exp;
}

/* Compress body with enc into a heap buf; NULL slice if not smaller. */
static struct str
encode(struct buf *b, enum compress_enc enc, struct str body)
{
	struct str out;

	buf_init(b, NULL);
	buf_set_max(b, body.n - 1); /* no smaller: not worth it */
	if (compress_body(b, enc, COMPRESS_CACHE, body.p, body.n) != NG_OK ||
	    buf_finish(b, &out) != NG_OK)
		return STR_NULL;
	return out;
}

enum ng_err
pc_entry_new(struct pagecache *pc, struct str key, uint64_t gen, time_t now,
    const void *route, struct str body, int compress, struct pc_entry **out)
{
	struct pc_entry *e;
	struct buf	 b[COMPRESS__MAX];
	struct str	 enc[COMPRESS__MAX];
	size_t		 total, i, nresp = 1;
	char		*p;
	uint64_t	 h;
	enum ng_err	 err = NG_OK;

	*out = NULL;
	memset(b, 0, sizeof(b));
	if (key.n == 0 || key.n > PAGECACHE_KEY_MAX || key.p == NULL)
		return NG_EINVAL;
	if (body.p == NULL)
		body = STR_LIT("");
	enc[COMPRESS_IDENTITY] = body;
	enc[COMPRESS_GZIP] = enc[COMPRESS_BR] = STR_NULL;
	if (compress && body.n >= HTTP_COMPRESS_MIN) {
		enc[COMPRESS_GZIP] = encode(&b[COMPRESS_GZIP], COMPRESS_GZIP,
		    body);
		enc[COMPRESS_BR] = encode(&b[COMPRESS_BR], COMPRESS_BR, body);
	}
	total = sizeof(*e) + key.n + 1;
	for (i = 0; i < COMPRESS__MAX; i++) {
		total += enc[i].n;
		if (i != COMPRESS_IDENTITY && enc[i].p != NULL)
			nresp++;
	}
	/* One page may not push out an eighth of the cache. */
	if (total + PAGECACHE_ENTRY_OVERHEAD +
		nresp * 2 * PAGECACHE_RESP_OVERHEAD >
	    pc->max_bytes / 8) {
		err = NG_ETOOBIG;
		goto out;
	}
	e = xmalloc(total);
	memset(e, 0, sizeof(*e));
	atomic_init(&e->users, 1);
	atomic_init(&e->mem, 1);
	e->hash = hash64(key.p, key.n);
	e->stamp = gen;
	e->expires = expiry_of(pc, now);
	e->last_modified = now;
	e->route = route;
	e->charge = total + PAGECACHE_ENTRY_OVERHEAD +
	    nresp * 2 * PAGECACHE_RESP_OVERHEAD;
	p = (char *)(e + 1);
	memcpy(p, key.p, key.n);
	e->key = (struct str){ p, key.n };
	p += key.n + 1;
	for (i = 0; i < COMPRESS__MAX; i++) {
		if (enc[i].p == NULL)
			continue;
		memcpy(p, enc[i].p, enc[i].n);
		e->body[i] = (struct str){ p, enc[i].n };
		p += enc[i].n;
	}
	/* One strong tag per representation (RFC 9110, 8.8.3). */
	h = hash64(body.p, body.n);
	snprintf(e->etag[COMPRESS_IDENTITY], ETAG_MAX, "\"%016llx\"",
	    (unsigned long long)h);
	snprintf(e->etag[COMPRESS_GZIP], ETAG_MAX, "\"%016llx-gz\"",
	    (unsigned long long)h);
	snprintf(e->etag[COMPRESS_BR], ETAG_MAX, "\"%016llx-br\"",
	    (unsigned long long)h);
	pagecache_format_date(now, e->lm, sizeof(e->lm));
	*out = e;
out:
	for (i = 0; i < COMPRESS__MAX; i++)
		buf_release(&b[i]);
	return err;
}

struct str
pc_entry_body(const struct pc_entry *e, enum compress_enc enc)
{
	if ((unsigned)enc >= COMPRESS__MAX)
		return STR_NULL;
	return e->body[enc];
}

const char *
pc_entry_etag(const struct pc_entry *e, enum compress_enc enc)
{
	if ((unsigned)enc >= COMPRESS__MAX)
		enc = COMPRESS_IDENTITY;
	return e->etag[enc];
}

const char *
pc_entry_last_modified(const struct pc_entry *e)
{
	return e->lm;
}

void
pc_entry_set_count_id(struct pc_entry *e, int64_t id)
{
	e->count_id = id;
}

int64_t
pc_entry_count_id(const struct pc_entry *e)
{
	return e->count_id;
}

const void *
pc_entry_route(const struct pc_entry *e)
{
	return e->route;
}

void
pc_entry_set_keys(struct pc_entry *e, const uint64_t *keys, size_t n)
{
	static const uint64_t all = STORE_KEY(INVAL_ALL, 0);
	size_t		      i;

	if (e->refs != NULL)
		return;
	/* Too many to index: the page goes with any write. */
	if (n > PAGECACHE_KEYS_MAX) {
		keys = &all;
		n = 1;
	}
	if (n == 0)
		return;
	e->refs = xcalloc(n, sizeof(*e->refs));
	e->nrefs = n;
	for (i = 0; i < n; i++) {
		e->refs[i].e = e;
		e->refs[i].key = keys[i];
		e->any |= STORE_KEY_KIND(keys[i]) == INVAL_ALL;
	}
	e->charge += n * sizeof(*e->refs);
}

void
pc_entry_set_response(struct pc_entry *e, enum compress_enc enc,
    struct MHD_Response *ok, struct MHD_Response *notmod)
{
	if ((unsigned)enc >= COMPRESS__MAX)
		return;
	e->ok[enc] = ok;
	e->nm[enc] = notmod;
}

struct MHD_Response *
pc_entry_response(const struct pc_entry *e, enum compress_enc enc, int notmod)
{
	if ((unsigned)enc >= COMPRESS__MAX)
		return NULL;
	return notmod ? e->nm[enc] : e->ok[enc];
}

enum compress_enc
pc_entry_encoding(const struct pc_entry *e, struct str accept_encoding)
{
	enum compress_enc enc;

	if (e->body[COMPRESS_GZIP].p == NULL && e->body[COMPRESS_BR].p == NULL)
		return COMPRESS_IDENTITY;
	enc = compress_negotiate(accept_encoding);
	if (e->body[enc].p == NULL || e->ok[enc] == NULL)
		return COMPRESS_IDENTITY;
	return enc;
}

/* Evict from the tails, probation first, until the budget holds. */
static void
evict(struct pagecache *pc, struct pc_entry **dead, size_t *ndead,
    size_t maxdead)
{
	struct pc_entry *v;

	while (*ndead < maxdead &&
	    pc->seg[SEG_PROBATION].bytes + pc->seg[SEG_PROTECTED].bytes >
		pc->max_bytes) {
		v = pc->seg[SEG_PROBATION].tail;
		if (v == NULL)
			v = pc->seg[SEG_PROTECTED].tail;
		if (v == NULL)
			break;
		dead[(*ndead)++] = unlink_entry(pc, v);
		pc->evictions++;
	}
}

/*
 * Was e's render overtaken by an invalidation of one of its keys?  Its
 * stamp is the count of invalidations before it read anything; each
 * key's last invalidation is kept by bucket, so a collision can only
 * refuse a good page.  Caller holds pc->mu.
 */
static int
outdated(const struct pagecache *pc, const struct pc_entry *e)
{
	size_t i;

	/* An invalidation numbered v came before the stamp iff v <= it. */
	if (pc->all_seq > e->stamp)
		return 1;
	if (e->any)
		return atomic_load(&pc->seq) > e->stamp;
	for (i = 0; i < e->nrefs; i++)
		if (pc->recent[key_hash(e->refs[i].key) &
			(PAGECACHE_RECENT - 1)] > e->stamp)
			return 1;
	return 0;
}

void
pagecache_insert(struct pagecache *pc, struct pc_entry *e)
{
	struct pc_entry *dead[64], *old;
	size_t		 ndead = 0, i;

	pthread_mutex_lock(&pc->mu);
	if ((old = find(pc, e->key, e->hash)) != NULL)
		dead[ndead++] = unlink_entry(pc, old);
	/* Rendered before a write that changed what it was built from:
	 * it may show the old data, so it is not kept. */
	if (outdated(pc, e)) {
		pthread_mutex_unlock(&pc->mu);
		pc_entry_release(old);
		pc_entry_release(e);
		return;
	}
	e->hnext = *bucket_of(pc, e->hash);
	*bucket_of(pc, e->hash) = e;
	lru_push(pc, e, SEG_PROBATION);
	pc->nentries++;
	pc->fills++;
	keys_link(pc, e);
	maybe_grow(pc);
	evict(pc, dead, &ndead, sizeof(dead) / sizeof(dead[0]));
	pthread_mutex_unlock(&pc->mu);
	/* Responses are destroyed outside the lock. */
	for (i = 0; i < ndead; i++)
		pc_entry_release(dead[i]);
}

void
pagecache_stats(struct pagecache *pc, struct pagecache_stats *out)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&pc->mu);
	out->hits = pc->hits;
	out->misses = pc->misses;
	out->stale = pc->stale;
	out->fills = pc->fills;
	out->evictions = pc->evictions;
	out->invalidated = pc->invalidated;
	out->bytes = pc->seg[SEG_PROBATION].bytes +
	    pc->seg[SEG_PROTECTED].bytes;
	out->entries = pc->nentries;
	out->max_bytes = pc->max_bytes;
	pthread_mutex_unlock(&pc->mu);
	out->not_modified = atomic_load(&pc->not_modified);
	out->bypasses = atomic_load(&pc->bypasses);
}

void
pagecache_free(struct pagecache *pc)
{
	struct pc_entry *e;
	size_t		 i;

	if (pc == NULL)
		return;
	if (pc->st != NULL)
		store_on_invalidate(pc->st, NULL, NULL);
	for (i = 0; i < pc->nbuckets; i++)
		while ((e = pc->buckets[i]) != NULL) {
			unlink_entry(pc, e);
			pc_entry_release(e);
		}
	free(pc->buckets);
	free(pc->kbuckets);
	pthread_mutex_destroy(&pc->mu);
	pthread_mutex_destroy(&pc->np_mu);
	free(pc);
}

/*
 * Conditional requests.
 */

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The opaque part of etag: between its quotes, without any W/. */
static struct str
opaque_of(const char *etag)
{
	struct str s = str_c(etag);

	if (s.n >= 2 && s.p[0] == 'W' && s.p[1] == '/') {
		s.p += 2;
		s.n -= 2;
	}
	if (s.n >= 2 && s.p[0] == '"' && s.p[s.n - 1] == '"') {
		s.p++;
		s.n -= 2;
	}
	return s;
}

int
pagecache_etag_match(struct str inm, const char *etag)
{
	struct str want = opaque_of(etag);
	size_t	   i = 0, start;
	int	   weak;

	if (inm.p == NULL)
		return 0;
	for (;;) {
		while (i < inm.n && (is_ows(inm.p[i]) || inm.p[i] == ','))
			i++;
		if (i >= inm.n)
			return 0;
		if (inm.p[i] == '*')
			return 1;
		weak = 0;
		if (i + 1 < inm.n && inm.p[i] == 'W' && inm.p[i + 1] == '/') {
			weak = 1;
			i += 2;
		}
		(void)weak; /* weak comparison: the prefix does not count */
		if (i >= inm.n || inm.p[i] != '"')
			return 0; /* malformed: stop trusting the list */
		start = ++i;
		/* etagc = %x21 / %x23-7E / obs-text (RFC 9110, 8.8.3) */
		while (i < inm.n && inm.p[i] != '"') {
			if ((unsigned char)inm.p[i] < 0x21 || inm.p[i] == 0x7f)
				return 0;
			i++;
		}
		if (i >= inm.n)
			return 0;
		if (i - start == want.n &&
		    memcmp(inm.p + start, want.p, want.n) == 0)
			return 1;
		i++;
	}
}

static const char *const wdays[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri",
	"Sat" };
static const char *const wdays_long[7] = { "Sunday", "Monday", "Tuesday",
	"Wednesday", "Thursday", "Friday", "Saturday" };
static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

void
pagecache_format_date(time_t t, char *buf, size_t sz)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, sz, "Thu, 01 Jan 1970 00:00:00 GMT");
		return;
	}
	snprintf(buf, sz, "%s, %02d %s %04d %02d:%02d:%02d GMT",
	    wdays[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A small cursor over the date being parsed. */
struct dp {
	const char *p;
	size_t	    n, i;
};

static int
dp_lit(struct dp *d, const char *lit)
{
	size_t n = strlen(lit);

	if (d->n - d->i < n || memcmp(d->p + d->i, lit, n) != 0)
		return 0;
	d->i += n;
	return 1;
}

/* Exactly ndig digits (ndig 0: one or two). */
static int
dp_num(struct dp *d, int ndig, int *out)
{
	int v = 0, k = 0;

	while (d->i < d->n && d->p[d->i] >= '0' && d->p[d->i] <= '9' &&
	    (ndig == 0 ? k < 2 : k < ndig)) {
		v = v * 10 + (d->p[d->i++] - '0');
		k++;
	}
	if (k == 0 || (ndig != 0 && k != ndig))
		return 0;
	*out = v;
	return 1;
}

static int
dp_name(struct dp *d, const char *const *names, int n, int *out)
{
	int i;

	for (i = 0; i < n; i++)
		if (dp_lit(d, names[i])) {
			*out = i;
			return 1;
		}
	return 0;
}

static int
dp_time(struct dp *d, struct tm *tm)
{
	return dp_num(d, 2, &tm->tm_hour) && dp_lit(d, ":") &&
	    dp_num(d, 2, &tm->tm_min) && dp_lit(d, ":") &&
	    dp_num(d, 2, &tm->tm_sec);
}

int
pagecache_http_date(struct str s, time_t *out)
{
	struct dp d = { s.p, s.n, 0 };
	struct tm tm;
	int	  wd, yy;
	time_t	  t;

	*out = 0;
	if (s.p == NULL || s.n < 24 || s.n > 40)
		return 0;
	memset(&tm, 0, sizeof(tm));
	if (dp_name(&d, wdays_long, 7, &wd)) {
		/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
		if (!dp_lit(&d, ", ") || !dp_num(&d, 2, &tm.tm_mday) ||
		    !dp_lit(&d, "-") || !dp_name(&d, months, 12, &tm.tm_mon) ||
		    !dp_lit(&d, "-") || !dp_num(&d, 2, &yy) ||
		    !dp_lit(&d, " ") || !dp_time(&d, &tm) ||
		    !dp_lit(&d, " GMT"))
			return 0;
		/* RFC 9110, 5.6.7: more than 50 years ahead is the past. */
		tm.tm_year = yy < 70 ? yy + 100 : yy;
	} else if (dp_name(&d, wdays, 7, &wd)) {
		if (dp_lit(&d, ", ")) {
			/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
			if (!dp_num(&d, 2, &tm.tm_mday) || !dp_lit(&d, " ") ||
			    !dp_name(&d, months, 12, &tm.tm_mon) ||
			    !dp_lit(&d, " ") || !dp_num(&d, 4, &yy) ||
			    !dp_lit(&d, " ") || !dp_time(&d, &tm) ||
			    !dp_lit(&d, " GMT"))
				return 0;
		} else {
			/* asctime: Sun Nov  6 08:49:37 1994 */
			if (!dp_lit(&d, " ") ||
			    !dp_name(&d, months, 12, &tm.tm_mon) ||
			    !dp_lit(&d, " "))
				return 0;
			if (d.i < d.n && d.p[d.i] == ' ')
				d.i++;
			if (!dp_num(&d, 0, &tm.tm_mday) || !dp_lit(&d, " ") ||
			    !dp_time(&d, &tm) || !dp_lit(&d, " ") ||
			    !dp_num(&d, 4, &yy))
				return 0;
		}
		tm.tm_year = yy - 1900;
	} else
		return 0;
	if (d.i != d.n || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return 0;
	(void)wd; /* the day name is redundant; RFC 9110 ignores it */
	if ((t = timegm(&tm)) == (time_t)-1)
		return 0;
	*out = t;
	return 1;
}

int
pc_entry_not_modified(struct pagecache *pc, const struct pc_entry *e,
    enum compress_enc enc, struct str inm, struct str ims, time_t now)
{
	time_t t, changed;
	size_t i, commas = 0;

	/* RFC 9110, 13.2.2: If-None-Match, when present, decides. */
	if (inm.p != NULL)
		return pagecache_etag_match(inm, pc_entry_etag(e, enc));
	if (ims.p == NULL)
		return 0;
	/* A list of dates is invalid (13.1.3); so is one from the future. */
	for (i = 0; i < ims.n; i++)
		commas += ims.p[i] == ',';
	if (commas > 1 || !pagecache_http_date(ims, &t) || t > now)
		return 0;
	pthread_mutex_lock(&pc->mu);
	changed = pc->changed_at;
	pthread_mutex_unlock(&pc->mu);
	/*
	 * The client's copy is from second t.  If content moved in or
	 * after that second, the copy may predate the move even though
	 * this entry's Last-Modified is not later: say 200 instead.
	 */
	return e->last_modified <= t && t > changed;
}
