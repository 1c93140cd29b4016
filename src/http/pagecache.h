/*
 * pagecache.h -- public pages kept in memory, ready to send.
 *
 * A cacheable GET/HEAD response is rendered once into an immutable
 * entry: the identity body and, for text, its gzip and brotli
 * encodings made at fill time, each with a strong ETag of its own
 * (RFC 9110, 8.8.3: a content coding is a different representation),
 * and a Last-Modified.  server.c wraps each body in a libmicrohttpd
 * response once, at fill, and queues that same response for every hit,
 * so a hit touches neither the database nor the templates nor the
 * allocator.
 *
 * Validity.  An entry records the keys of what its page was built from
 * (the store's read session notes them: store_read_keys()), and the
 * store tells the cache the keys each write changed (its invalidation
 * list, store_on_invalidate()): this process's writes right after they
 * commit, so the writer's next request re-renders, and other processes'
 * writes when store_generation_sync() reads them from the log, at most
 * PAGECACHE_SYNC_MS apart.  pagecache_invalidate() drops just the
 * entries holding one of those keys; an approved comment on one article
 * leaves the other articles' pages alone.  A render that a write of
 * its keys overtakes is not stored (see pagecache_generation()).  An
 * entry also expires when the next future-dated published article
 * becomes visible (store_next_publish_after()) and after
 * PAGECACHE_TTL_S whatever happens, for the little that depends on the
 * clock alone (the footer's year).
 *
 * Memory.  Entries are refcounted (STYLE.md: shared cache bodies, as
 * h2o_mem_alloc_shared): the table holds one reference, each lookup one
 * more until the caller releases it, and each libmicrohttpd response
 * keeps the memory of its body alive until the library frees the
 * response, so a page evicted while it is being sent stays valid.  The
 * byte budget counts bodies, keys and a fixed overhead per entry and
 * per response; a segmented LRU (a probation segment for pages seen
 * once, a protected one for pages hit again) keeps a crawler walking
 * ?x=1..N or every old article once from flushing the hot pages.
 *
 * Threading: every call is thread-safe; one mutex guards the table and
 * is held for a hash probe and a list splice, never for rendering,
 * compression or I/O.
 */
#ifndef NG_HTTP_PAGECACHE_H
#define NG_HTTP_PAGECACHE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"
#include "core/str.h"
#include "http/compress.h"

struct MHD_Response;
struct pagecache;
struct pc_entry;
struct store;

/* How often a lookup asks the store about other processes' writes. */
#define PAGECACHE_SYNC_MS 10
/* The longest an entry lives whatever else happens (seconds). */
#define PAGECACHE_TTL_S 300
/* Keys (raw path and query) longer than this are not cached. */
#define PAGECACHE_KEY_MAX 1024
/* The share of the budget pages seen once may hold, in percent. */
#define PAGECACHE_PROBATION_PCT 20
/* Keys one entry may hold; a page built from more goes with any write. */
#define PAGECACHE_KEYS_MAX 256
/* Buckets remembering each key's last invalidation (a power of two). */
#define PAGECACHE_RECENT 4096
/* Bytes counted per entry and per libmicrohttpd response, beyond bodies. */
#define PAGECACHE_ENTRY_OVERHEAD 512
#define PAGECACHE_RESP_OVERHEAD	 768

struct pagecache_stats {
	uint64_t hits;
	uint64_t misses; /* absent or stale */
	uint64_t stale;	 /* of the misses: dropped as stale */
	uint64_t fills;
	uint64_t evictions;    /* dropped for the byte budget */
	uint64_t invalidated;  /* dropped by a write's keys */
	uint64_t not_modified; /* hits answered 304 */
	uint64_t bypasses;     /* rendered, not shareable */
	uint64_t bytes;	       /* counted bytes held now */
	uint64_t entries;
	uint64_t max_bytes;
};

/*
 * A cache of at most max_bytes (> 0) over store st, whose generation
 * decides what is stale.  Never NULL (allocation failure is fatal).
 */
struct pagecache *pagecache_new(size_t max_bytes, struct store *st);

/* Drop every entry (each freed once nothing sends it) and the cache. */
void pagecache_free(struct pagecache *pc);

/*
 * Pace the look at other processes' writes by clock (milliseconds of a
 * monotonic clock) instead of CLOCK_MONOTONIC_COARSE: a test moves time
 * on by PAGECACHE_SYNC_MS rather than sleeping it.  Set it before the
 * cache is used.
 */
void pagecache_set_clock(struct pagecache *pc, int64_t (*clock)(void));

/*
 * The validity stamp for a render about to start: the count of
 * invalidations applied so far (after the rate-limited look at other
 * processes' writes).  Read it before running the handler and pass it
 * to pc_entry_new(): pagecache_insert() refuses an entry when a write
 * of one of its keys was applied after its stamp, so a write that lands
 * during the render leaves the page uncached rather than wrong.
 */
uint64_t pagecache_generation(struct pagecache *pc);

/*
 * Drop every entry built from one of keys[0..n) (store.h STORE_KEY();
 * INVAL_ALL: every entry), and every entry built from anything.  The
 * store calls it for each committed write that can change a public
 * page.  Thread-safe; responses are freed outside the lock.
 */
void pagecache_invalidate(struct pagecache *pc, const uint64_t *keys, size_t n);

/*
 * The entry for key (the raw request target, path and query, exactly as
 * received: nothing is normalised), with a reference the caller must
 * drop with pc_entry_release(), or NULL.  A stale entry is removed and
 * counted as a miss.  now is time(NULL).
 */
struct pc_entry *pagecache_get(struct pagecache *pc, struct str key,
    time_t now);

/*
 * Count a rendered response that could not be stored (private, no-store,
 * a cookie set, an error status), for the metrics.
 */
void pagecache_note_bypass(struct pagecache *pc);

/* Count a hit answered 304 Not Modified. */
void pagecache_note_not_modified(struct pagecache *pc);

/*
 * Build an entry for key from a rendered 200 body: copy it and, when
 * compress is set and the encodings come out smaller, add gzip and
 * brotli bodies.  gen comes from pagecache_generation() before the
 * render, now (time(NULL)) likewise; the expiry is set from them, the
 * TTL and the store's next publish time.  route is the caller's own
 * record of what rendered the page (the server's struct route, which a
 * hit counts in the metrics without routing again); it must outlive
 * the cache.  The result has no responses yet (see
 * pc_entry_set_response()) and one reference, the caller's, handed to
 * pagecache_insert() or dropped with pc_entry_release().  NG_EINVAL
 * for an empty or too long key, NG_ETOOBIG when the entry would exceed
 * an eighth of the budget, NG_ENOMEM.
 */
enum ng_err pc_entry_new(struct pagecache *pc, struct str key, uint64_t gen,
    time_t now, const void *route, struct str body, int compress,
    struct pc_entry **out) NG_WUR;

/*
 * The body of encoding enc (STR_NULL when the entry has none, e.g. gzip
 * for an image) and its ETag, a quoted strong entity tag such as
 * "\"5d41402abc4b2a76-br\"".  Both live as long as the entry.
 */
struct str  pc_entry_body(const struct pc_entry *e, enum compress_enc enc);
const char *pc_entry_etag(const struct pc_entry *e, enum compress_enc enc);

/* Last-Modified as an IMF-fixdate (RFC 9110, 5.6.7); lives with e. */
const char *pc_entry_last_modified(const struct pc_entry *e);

/* The route given to pc_entry_new(). */
const void *pc_entry_route(const struct pc_entry *e);

/*
 * The read a hit of e counts (resp.count_id; 0: none): set once by the
 * creator before pagecache_insert().
 */
void	pc_entry_set_count_id(struct pc_entry *e, int64_t id);
int64_t pc_entry_count_id(const struct pc_entry *e);

/*
 * Record the keys e was built from (copied) before insertion; more than
 * PAGECACHE_KEYS_MAX, or INVAL_ALL among them, makes e go with any
 * write.  An entry without keys goes only when everything does.  Only
 * the creator, once, before pagecache_insert().
 */
void pc_entry_set_keys(struct pc_entry *e, const uint64_t *keys, size_t n);

/*
 * Attach the libmicrohttpd responses for enc before insertion: ok (200)
 * wraps pc_entry_body(e, enc), created with pc_entry_mem_release() as
 * its free callback and e as its closure after pc_entry_mem_ref(e);
 * notmod is the matching 304.  The entry owns both from then on and
 * destroys them when its last reference goes.  Only the creator, before
 * pagecache_insert(): entries are immutable once shared.
 */
void pc_entry_set_response(struct pc_entry *e, enum compress_enc enc,
    struct MHD_Response *ok, struct MHD_Response *notmod);

/* The response to queue for enc (a 304 when notmod), or NULL. */
struct MHD_Response *pc_entry_response(const struct pc_entry *e,
    enum compress_enc enc, int notmod);

/*
 * The encoding to send for an Accept-Encoding value: what
 * compress_negotiate() picks, or identity when e has no such body.
 */
enum compress_enc pc_entry_encoding(const struct pc_entry *e,
    struct str						   accept_encoding);

/* Keep e's memory alive for one libmicrohttpd response body. */
void pc_entry_mem_ref(struct pc_entry *e);

/* The free callback of those responses: drops what mem_ref took. */
void pc_entry_mem_release(void *e);

/*
 * Publish e under its key, replacing any older entry, and evict to the
 * budget.  Takes over the caller's reference.
 */
void pagecache_insert(struct pagecache *pc, struct pc_entry *e);

/* Drop a reference from pagecache_get() or pc_entry_new(). */
void pc_entry_release(struct pc_entry *e);

/*
 * Should a GET/HEAD carrying these validators get 304 for the entry's
 * representation enc?  RFC 9110, 13.2.2: If-None-Match (a list of
 * entity tags or "*", compared weakly) decides when present; otherwise
 * If-Modified-Since, a valid HTTP-date not in the future, and only when
 * no write was seen during or after that second (a second is too coarse
 * to tell two versions apart).  inm and ims are STR_NULL when absent.
 */
int pc_entry_not_modified(struct pagecache *pc, const struct pc_entry *e,
    enum compress_enc enc, struct str inm, struct str ims, time_t now);

/* A snapshot of the counters. */
void pagecache_stats(struct pagecache *pc, struct pagecache_stats *out);

/*
 * Pure helpers, exposed for their unit tests.
 *
 * pagecache_etag_match: non-zero if the If-None-Match value inm lists
 * etag ("*" matches anything) under the weak comparison of RFC 9110,
 * 8.8.3.2 (W/ prefixes ignored).  A malformed element ends the scan.
 *
 * pagecache_http_date: parse an HTTP-date (IMF-fixdate, and the obsolete
 * RFC 850 and asctime forms that RFC 9110, 5.6.7 obliges a recipient to
 * accept) into *out.  Returns 0 when s is not one.
 *
 * pagecache_format_date: write t as an IMF-fixdate into buf (at least
 * 30 bytes).
 */
int  pagecache_etag_match(struct str inm, const char *etag);
int  pagecache_http_date(struct str s, time_t *out);
void pagecache_format_date(time_t t, char *buf, size_t sz);

#endif
