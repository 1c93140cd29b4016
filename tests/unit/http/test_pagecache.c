/*
 * test_pagecache.c -- the page cache (src/http/pagecache.c): validator
 * parsing (tables), lookup by exact key, encodings, the byte budget and
 * its scan-resistant eviction, references that outlive eviction, 304
 * rules, and invalidation by a real store's writes, by another
 * connection's (another process's) writes and by publish times.
 */
#include "testlib.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ZLIB_CONST
#include <zlib.h>
#include <brotli/decode.h>
#include <microhttpd.h>

#include "core/arena.h"
#include "http/pagecache.h"
#include "store/store.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MB	 (1024 * 1024)

static const time_t T0 = 1700000000; /* a fixed "now" */

/* ---- validators ---------------------------------------------------- */

static void
test_etag_match(void **state)
{
	static const struct {
		const char *inm;
		const char *etag;
		int	    want;
	} t[] = {
		{ "\"abc\"", "\"abc\"", 1 },
		{ "W/\"abc\"", "\"abc\"", 1 }, /* weak comparison */
		{ "\"abc\"", "W/\"abc\"", 1 },
		{ "\"x\", \"abc\"", "\"abc\"", 1 },
		{ " , \"x\" ,\t\"abc\" ", "\"abc\"", 1 },
		{ "*", "\"abc\"", 1 },
		{ "\"abcd\"", "\"abc\"", 0 },
		{ "\"ab\"", "\"abc\"", 0 },
		{ "\"abc-gz\"", "\"abc\"", 0 }, /* other coding */
		{ "\"abc\"", "\"abc-br\"", 0 },
		{ "abc", "\"abc\"", 0 },		/* unquoted */
		{ "\"ab c\"", "\"ab c\"", 0 },		/* bad etagc */
		{ "\"x\" junk \"abc\"", "\"abc\"", 0 }, /* stops at junk */
		{ "\"abc", "\"abc\"", 0 },		/* unterminated */
		{ "", "\"abc\"", 0 },
		{ "W/", "\"abc\"", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++)
		if (pagecache_etag_match(str_c(t[i].inm), t[i].etag) !=
		    t[i].want)
			fail_msg("case %zu: INM [%s] vs %s: want %d", i,
			    t[i].inm, t[i].etag, t[i].want);
	assert_false(pagecache_etag_match(STR_NULL, "\"abc\""));
}

static void
test_http_date(void **state)
{
	static const struct {
		const char *s;
		int	    ok;
		time_t	    t;
	} t[] = {
		{ "Sun, 06 Nov 1994 08:49:37 GMT", 1, 784111777 },
		{ "Sunday, 06-Nov-94 08:49:37 GMT", 1, 784111777 },
		{ "Sun Nov  6 08:49:37 1994", 1, 784111777 },
		{ "Sun Nov 16 08:49:37 1994", 1, 784975777 },
		{ "Tue, 14 Nov 2023 22:13:20 GMT", 1, 1700000000 },
		{ "Sun, 06 Nov 1994 08:49:37 UTC", 0, 0 },
		{ "Sun, 06 Nov 1994 08:49:37", 0, 0 },
		{ "Sun, 06 Nov 1994 08:49:37 GMT x", 0, 0 },
		{ "Sun, 6 Nov 1994 08:49:37 GMT", 0, 0 },
		{ "Sun, 06 Nox 1994 08:49:37 GMT", 0, 0 },
		{ "Sun, 06 Nov 1994 25:49:37 GMT", 0, 0 },
		{ "Sun, 06 Nov 94 08:49:37 GMT", 0, 0 },
		{ "yesterday", 0, 0 },
		{ "", 0, 0 },
	};
	char   buf[64];
	time_t v;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		if (pagecache_http_date(str_c(t[i].s), &v) != t[i].ok)
			fail_msg("case %zu [%s]: want ok=%d", i, t[i].s,
			    t[i].ok);
		if (t[i].ok && v != t[i].t)
			fail_msg("case %zu [%s]: got %lld want %lld", i, t[i].s,
			    (long long)v, (long long)t[i].t);
	}
	pagecache_format_date(784111777, buf, sizeof(buf));
	assert_string_equal(buf, "Sun, 06 Nov 1994 08:49:37 GMT");
	assert_true(pagecache_http_date(str_c(buf), &v));
	assert_int_equal(v, 784111777);
}

/* ---- entries ------------------------------------------------------- */

static char page[16384];

static struct str
make_page(int n)
{
	size_t len = 0;
	int    i;

	for (i = 0; len + 80 < sizeof(page); i++)
		len += (size_t)snprintf(page + len, sizeof(page) - len,
		    "<p>Page %d, paragraph %d of a compressible page.</p>\n", n,
		    i);
	return (struct str){ page, len };
}

/* Make and insert an entry for key with a body of about 16 KB. */
static void
put(struct pagecache *pc, const char *key, int n, uint64_t gen, time_t now,
    int compress)
{
	struct pc_entry *e;

	assert_int_equal(pc_entry_new(pc, str_c(key), gen, now, "test",
			     make_page(n), compress, &e),
	    NG_OK);
	pagecache_insert(pc, e);
}

static int
has(struct pagecache *pc, const char *key, time_t now)
{
	struct pc_entry *e;

	if ((e = pagecache_get(pc, str_c(key), now)) == NULL)
		return 0;
	pc_entry_release(e);
	return 1;
}

static void
test_keys_exact(void **state)
{
	struct pagecache	*pc = pagecache_new(8 * MB, NULL);
	static const char *const others[] = {
		"/a/?",
		"/a/?x=1",
		"/A/",
		"/a",
		"/a//",
		"/%61/",
	};
	size_t i;

	(void)state;
	put(pc, "/a/", 1, 0, T0, 0);
	assert_true(has(pc, "/a/", T0));
	for (i = 0; i < NELEM(others); i++)
		if (has(pc, others[i], T0))
			fail_msg("%s answered from /a/'s entry", others[i]);
	/* Too long a key is refused, not truncated. */
	{
		char		 k[PAGECACHE_KEY_MAX + 2];
		struct pc_entry *e;

		memset(k, 'k', sizeof(k) - 1);
		k[sizeof(k) - 1] = '\0';
		assert_int_equal(pc_entry_new(pc, str_c(k), 0, T0, "test",
				     STR_LIT("x"), 0, &e),
		    NG_EINVAL);
		assert_null(e);
	}
	pagecache_free(pc);
}

static void
test_encodings(void **state)
{
	struct pagecache *pc = pagecache_new(8 * MB, NULL);
	struct pc_entry	 *e;
	struct str	  id, gz, br;
	static char	  out[sizeof(page)];
	size_t		  outn;
	z_stream	  zs;

	(void)state;
	put(pc, "/p/", 7, 0, T0, 1);
	assert_non_null(e = pagecache_get(pc, STR_LIT("/p/"), T0));
	id = pc_entry_body(e, COMPRESS_IDENTITY);
	gz = pc_entry_body(e, COMPRESS_GZIP);
	br = pc_entry_body(e, COMPRESS_BR);
	make_page(7);
	assert_int_equal(id.n, strlen(page));
	assert_memory_equal(id.p, page, id.n);
	assert_non_null(gz.p);
	assert_non_null(br.p);
	assert_true(gz.n < id.n / 4);
	assert_true(br.n < gz.n);

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	zs.next_in = (const Bytef *)gz.p;
	zs.avail_in = (uInt)gz.n;
	zs.next_out = (Bytef *)out;
	zs.avail_out = sizeof(out);
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(zs.total_out, id.n);
	assert_memory_equal(out, id.p, id.n);
	inflateEnd(&zs);
	outn = sizeof(out);
	assert_int_equal(BrotliDecoderDecompress(br.n, (const uint8_t *)br.p,
			     &outn, (uint8_t *)out),
	    BROTLI_DECODER_RESULT_SUCCESS);
	assert_int_equal(outn, id.n);
	assert_memory_equal(out, id.p, id.n);

	/* One strong ETag per representation, all from the same content. */
	assert_string_not_equal(pc_entry_etag(e, COMPRESS_IDENTITY),
	    pc_entry_etag(e, COMPRESS_GZIP));
	assert_string_not_equal(pc_entry_etag(e, COMPRESS_GZIP),
	    pc_entry_etag(e, COMPRESS_BR));
	assert_int_equal(strncmp(pc_entry_etag(e, COMPRESS_IDENTITY),
			     pc_entry_etag(e, COMPRESS_BR), 17),
	    0);
	assert_string_equal(pc_entry_last_modified(e),
	    "Tue, 14 Nov 2023 22:13:20 GMT");
	assert_string_equal(pc_entry_route(e), "test");
	pc_entry_release(e);

	/* Without compress (an image), or a tiny body: identity only. */
	assert_int_equal(pc_entry_new(pc, STR_LIT("/img"), 0, T0, "test",
			     make_page(1), 0, &e),
	    NG_OK);
	assert_null(pc_entry_body(e, COMPRESS_GZIP).p);
	assert_null(pc_entry_body(e, COMPRESS_BR).p);
	assert_int_equal(pc_entry_encoding(e, STR_LIT("br, gzip")),
	    COMPRESS_IDENTITY);
	pc_entry_release(e);
	assert_int_equal(pc_entry_new(pc, STR_LIT("/tiny"), 0, T0, "test",
			     STR_LIT("<p>hi</p>"), 1, &e),
	    NG_OK);
	assert_null(pc_entry_body(e, COMPRESS_BR).p);
	pc_entry_release(e);
	pagecache_free(pc);
}

/*
 * The budget holds, the oldest pages seen once go first, and a page
 * that was hit again survives a crawler's pass over many new keys.
 */
static void
test_budget_and_scan(void **state)
{
	struct pagecache      *pc = pagecache_new(1 * MB, NULL);
	struct pagecache_stats s;
	char		       key[32];
	int		       i, kept = 0;

	(void)state;
	put(pc, "/hot/", 0, 0, T0, 0);
	assert_true(has(pc, "/hot/", T0)); /* now protected */
	for (i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "/?x=%d", i);
		put(pc, key, i, 0, T0, 0);
		pagecache_stats(pc, &s);
		assert_true(s.bytes <= s.max_bytes);
	}
	pagecache_stats(pc, &s);
	assert_true(s.evictions > 400);
	assert_int_equal(s.fills, 501);
	assert_true(has(pc, "/hot/", T0));
	assert_false(has(pc, "/?x=0", T0));  /* oldest one-hit page */
	assert_true(has(pc, "/?x=499", T0)); /* newest */
	for (i = 0; i < 500; i++) {
		snprintf(key, sizeof(key), "/?x=%d", i);
		kept += has(pc, key, T0);
	}
	assert_true(kept > 0 && kept < 100);
	pagecache_free(pc);

	/* A page bigger than an eighth of the budget is not kept. */
	{
		struct pc_entry *e;

		pc = pagecache_new(64 * 1024, NULL);
		assert_int_equal(pc_entry_new(pc, STR_LIT("/big"), 0, T0,
				     "test", make_page(1), 0, &e),
		    NG_ETOOBIG);
		assert_null(e);
		pagecache_free(pc);
	}
}

/*
 * A reader holding an entry while it is replaced and evicted still
 * reads its body; libmicrohttpd responses keep the memory until the
 * library frees them (ASan checks both).
 */
static void
test_refs_outlive_eviction(void **state)
{
	struct pagecache    *pc = pagecache_new(1 * MB, NULL);
	struct pc_entry	    *e, *held, *extra;
	struct MHD_Response *ok, *nm;
	struct str	     body;
	char		     key[32];
	int		     i;

	(void)state;
	assert_int_equal(pc_entry_new(pc, STR_LIT("/r/"), 0, T0, "test",
			     make_page(3), 1, &e),
	    NG_OK);
	body = pc_entry_body(e, COMPRESS_IDENTITY);
	ok = MHD_create_response_from_buffer_with_free_callback_cls(body.n,
	    (void *)(uintptr_t)body.p, pc_entry_mem_release, e);
	assert_non_null(ok);
	pc_entry_mem_ref(e);
	nm = MHD_create_response_from_buffer(0, (void *)(uintptr_t) "",
	    MHD_RESPMEM_PERSISTENT);
	pc_entry_set_response(e, COMPRESS_IDENTITY, ok, nm);
	pagecache_insert(pc, e);

	assert_non_null(held = pagecache_get(pc, STR_LIT("/r/"), T0));
	assert_ptr_equal(pc_entry_response(held, COMPRESS_IDENTITY, 0), ok);
	assert_ptr_equal(pc_entry_response(held, COMPRESS_IDENTITY, 1), nm);
	/* A body still being sent holds the memory, as a queued
	 * response does through its free callback. */
	pc_entry_mem_ref(held);
	extra = held;
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "/e/%d", i);
		put(pc, key, i, 0, T0, 0);
	}
	put(pc, "/r/", 4, 0, T0, 0); /* replaced as well */
	make_page(3);
	body = pc_entry_body(held, COMPRESS_IDENTITY);
	assert_memory_equal(body.p, page, body.n);
	pc_entry_release(held);
	/* The table and the reader are gone; the "connection" is not. */
	assert_memory_equal(body.p, page, body.n);
	pc_entry_mem_release(extra); /* frees the memory */
	pagecache_free(pc);
}

static void
test_not_modified(void **state)
{
	struct pagecache *pc = pagecache_new(8 * MB, NULL);
	struct pc_entry	 *e;
	char		  etag[64], lm[64], later[160], before[64];
	const time_t	  now = time(NULL);

	(void)state;
	/* Filled at now - 100; nothing changed since the cache began. */
	assert_int_equal(pc_entry_new(pc, STR_LIT("/n/"), 0, now - 100, "test",
			     make_page(5), 1, &e),
	    NG_OK);
	snprintf(etag, sizeof(etag), "%s", pc_entry_etag(e, COMPRESS_GZIP));
	snprintf(lm, sizeof(lm), "%s", pc_entry_last_modified(e));
	pagecache_format_date(now - 50, later, sizeof(later));
	pagecache_format_date(now - 200, before, sizeof(before));

	assert_true(pc_entry_not_modified(pc, e, COMPRESS_GZIP, str_c(etag),
	    STR_NULL, now));
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_BR, str_c(etag),
	    STR_NULL, now));
	assert_true(pc_entry_not_modified(pc, e, COMPRESS_BR, STR_LIT("*"),
	    STR_NULL, now));
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_GZIP, STR_NULL,
	    STR_NULL, now));
	/* If-None-Match decides when present, even against a good date. */
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_GZIP,
	    STR_LIT("\"other\""), str_c(later), now));
	/*
	 * The cache began (and so may have seen a change) at about now:
	 * dates before that cannot be vouched for.
	 */
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_GZIP, STR_NULL,
	    str_c(lm), now));
	pc_entry_release(e);

	/* An entry filled after the cache's start: dates work. */
	assert_int_equal(pc_entry_new(pc, STR_LIT("/n2/"), 0, now + 2, "test",
			     make_page(5), 1, &e),
	    NG_OK);
	snprintf(lm, sizeof(lm), "%s", pc_entry_last_modified(e));
	assert_true(pc_entry_not_modified(pc, e, COMPRESS_GZIP, STR_NULL,
	    str_c(lm), now + 3));
	pagecache_format_date(now + 1, before, sizeof(before));
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_GZIP, STR_NULL,
	    str_c(before), now + 3));
	/* From the future, garbage, or a list: ignored. */
	pagecache_format_date(now + 60, later, sizeof(later));
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_GZIP, STR_NULL,
	    str_c(later), now + 3));
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_GZIP, STR_NULL,
	    STR_LIT("soon"), now + 3));
	snprintf(later, sizeof(later), "%s, %s", lm, lm);
	assert_false(pc_entry_not_modified(pc, e, COMPRESS_GZIP, STR_NULL,
	    str_c(later), now + 3));
	pc_entry_release(e);
	pagecache_free(pc);
}

/* ---- invalidation by a real store ---------------------------------- */

struct fx {
	char	     *dir;
	char	      path[4096];
	struct store *st;
};

static int
setup_store(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	char	   err[256];

	assert_non_null(fx);
	fx->dir = testlib_tmpdir();
	snprintf(fx->path, sizeof(fx->path), "%s/nutgraf.db", fx->dir);
	if (store_open(fx->path, 2, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	*state = fx;
	return 0;
}

static int
teardown_store(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	testlib_rmrf(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* Put key as a render that starts now would, built from keys. */
static void
render_keys(struct pagecache *pc, const char *key, time_t now,
    const uint64_t *keys, size_t n)
{
	struct pc_entry *e;

	assert_int_equal(pc_entry_new(pc, str_c(key), pagecache_generation(pc),
			     now, "test", make_page(1), 0, &e),
	    NG_OK);
	pc_entry_set_keys(e, keys, n);
	pagecache_insert(pc, e);
}

/* A page built from the settings (as every themed page is). */
static void
render(struct pagecache *pc, const char *key, time_t now)
{
	static const uint64_t settings = STORE_KEY(INVAL_SETTINGS, 0);

	render_keys(pc, key, now, &settings, 1);
}

/* The cache's clock for the look at other processes' writes. */
static int64_t fake_ms = 1000;

static int64_t
fake_clock(void)
{
	return fake_ms;
}

static void
test_write_invalidates(void **state)
{
	struct fx	      *fx = *state;
	struct pagecache      *pc = pagecache_new(8 * MB, fx->st);
	struct pagecache_stats s;
	const time_t	       now = time(NULL);
	const uint64_t	       settings = STORE_KEY(INVAL_SETTINGS, 0);
	const uint64_t	       media = STORE_KEY(INVAL_MEDIA, 3);
	uint64_t	       gen;
	struct pc_entry	      *e, *e2;

	render(pc, "/", now);
	render_keys(pc, "/feed/", now, &media, 1);
	assert_true(has(pc, "/", now));
	/* A write through this store: gone before the call returns;
	 * the page built from something else stays. */
	assert_int_equal(store_setting_set(fx->st, "title",
			     STR_LIT("New title")),
	    NG_OK);
	pagecache_stats(pc, &s);
	assert_int_equal(s.invalidated, 1);
	assert_int_equal(s.entries, 1);
	assert_false(has(pc, "/", now));
	assert_true(has(pc, "/feed/", now));

	/* A render that started before a write of its keys is never
	 * published; one built from other keys is. */
	gen = pagecache_generation(pc);
	assert_int_equal(pc_entry_new(pc, STR_LIT("/"), gen, now, "test",
			     make_page(1), 0, &e),
	    NG_OK);
	pc_entry_set_keys(e, &settings, 1);
	assert_int_equal(pc_entry_new(pc, STR_LIT("/other"), gen, now, "test",
			     make_page(1), 0, &e2),
	    NG_OK);
	pc_entry_set_keys(e2, &media, 1);
	assert_int_equal(store_setting_set(fx->st, "title", STR_LIT("2")),
	    NG_OK);
	pagecache_insert(pc, e);
	pagecache_insert(pc, e2);
	assert_false(has(pc, "/", now));
	assert_true(has(pc, "/other", now));
	/* A render that starts after the write is kept. */
	render(pc, "/", now);
	assert_true(has(pc, "/", now));
	pagecache_free(pc);
}

/*
 * Keyed drops without a store: each write's keys take exactly the pages
 * built from them; a page built from anything goes with any write, and
 * INVAL_ALL takes everything.
 */
static void
test_keyed_invalidation(void **state)
{
	struct pagecache      *pc = pagecache_new(128 * MB, NULL);
	struct pagecache_stats s;
	const time_t	       now = time(NULL);
	const uint64_t	       a5[] = { STORE_KEY(INVAL_ARTICLE, 5),
			STORE_KEY(INVAL_SETTINGS, 0) };
	const uint64_t	       a6[] = { STORE_KEY(INVAL_ARTICLE, 6),
			STORE_KEY(INVAL_SETTINGS, 0) };
	const uint64_t	       front[] = { STORE_KEY(INVAL_FRONT, 0),
			STORE_KEY(INVAL_ARTICLE, 5) };
	const uint64_t	       any = STORE_KEY(INVAL_ALL, 0);
	uint64_t	       many[PAGECACHE_KEYS_MAX + 1], k;
	char		       key[32];
	int		       i;

	(void)state;
	render_keys(pc, "/a5/", now, a5, 2);
	render_keys(pc, "/a6/", now, a6, 2);
	render_keys(pc, "/", now, front, 2);
	render_keys(pc, "/anything", now, &any, 1);
	for (i = 0; i < PAGECACHE_KEYS_MAX + 1; i++)
		many[i] = STORE_KEY(INVAL_TAG, i + 1);
	render_keys(pc, "/many", now, many, PAGECACHE_KEYS_MAX + 1);
	/* Enough pages to make the key index grow and rehash (and few
	 * enough for the budget: nothing is evicted). */
	for (i = 0; i < 3000; i++) {
		snprintf(key, sizeof(key), "/x/%d", i);
		k = STORE_KEY(INVAL_ARTICLE, 1000 + i);
		render_keys(pc, key, now, &k, 1);
	}

	/* An approved comment on article 6. */
	k = STORE_KEY(INVAL_ARTICLE, 6);
	pagecache_invalidate(pc, &k, 1);
	assert_false(has(pc, "/a6/", now));
	assert_false(has(pc, "/anything", now));
	assert_false(has(pc, "/many", now));
	assert_true(has(pc, "/a5/", now));
	assert_true(has(pc, "/", now));
	assert_true(has(pc, "/x/1234", now));

	/* An edit of article 5: its page and the front that lists it. */
	k = STORE_KEY(INVAL_ARTICLE, 5);
	pagecache_invalidate(pc, &k, 1);
	assert_false(has(pc, "/a5/", now));
	assert_false(has(pc, "/", now));
	assert_true(has(pc, "/x/0", now));
	k = STORE_KEY(INVAL_ARTICLE, 1000 + 2999);
	pagecache_invalidate(pc, &k, 1);
	assert_false(has(pc, "/x/2999", now));
	assert_true(has(pc, "/x/2998", now));
	pagecache_stats(pc, &s);
	assert_int_equal(s.invalidated, 6);

	/* Everything. */
	k = STORE_KEY(INVAL_ALL, 0);
	pagecache_invalidate(pc, &k, 1);
	pagecache_stats(pc, &s);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.bytes, 0);
	pagecache_free(pc);
}

/* Another store stands for another process (a CLI tool). */
static void
test_other_process_write(void **state)
{
	struct fx	 *fx = *state;
	struct pagecache *pc = pagecache_new(8 * MB, fx->st);
	struct store	 *other;
	char		  err[256];
	time_t		  now = time(NULL);
	const uint64_t	  art = STORE_KEY(INVAL_ARTICLE, 77);
	int		  i;

	if (store_open(fx->path, 1, &other, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	pagecache_set_clock(pc, fake_clock);
	/* Let the first checks set each connection's baseline. */
	for (i = 0; i < 4; i++) {
		fake_ms += PAGECACHE_SYNC_MS;
		(void)pagecache_generation(pc);
	}
	render(pc, "/", now);
	render_keys(pc, "/a/", now, &art, 1);
	fake_ms += PAGECACHE_SYNC_MS;
	assert_true(has(pc, "/", now));
	assert_int_equal(store_setting_set(other, "title", STR_LIT("Other")),
	    NG_OK);
	/* Not looked at again within the period... */
	fake_ms += PAGECACHE_SYNC_MS - 1;
	assert_true(has(pc, "/", now));
	/* ...and seen when it is over; the other page stays. */
	fake_ms += 1;
	assert_false(has(pc, "/", now));
	assert_true(has(pc, "/a/", now));
	/* This store's own writes are applied once, at commit: the log
	 * row read back later drops nothing more. */
	render(pc, "/", now);
	assert_int_equal(store_setting_set(fx->st, "title", STR_LIT("Own")),
	    NG_OK);
	render(pc, "/", now);
	fake_ms += PAGECACHE_SYNC_MS;
	assert_true(has(pc, "/", now));
	store_close(other);
	pagecache_free(pc);
}

static void
test_publish_time_expires(void **state)
{
	struct fx	 *fx = *state;
	struct pagecache *pc = pagecache_new(8 * MB, fx->st);
	struct article	  a;
	int64_t		  id;
	const time_t	  now = time(NULL);

	render(pc, "/", now);
	assert_true(has(pc, "/", now + PAGECACHE_TTL_S - 1));
	assert_false(has(pc, "/", now + PAGECACHE_TTL_S)); /* TTL */

	memset(&a, 0, sizeof(a));
	a.slug = STR_LIT("later");
	a.title = STR_LIT("Later");
	a.status = ARTICLE_PUBLISHED;
	a.published_at = (int64_t)now + 100;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &id), NG_OK);
	render(pc, "/", now);
	assert_true(has(pc, "/", now + 99));
	assert_false(has(pc, "/", now + 100)); /* the article appears */
	pagecache_free(pc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_etag_match),
		cmocka_unit_test(test_http_date),
		cmocka_unit_test(test_keys_exact),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_budget_and_scan),
		cmocka_unit_test(test_refs_outlive_eviction),
		cmocka_unit_test(test_not_modified),
		cmocka_unit_test(test_keyed_invalidation),
		cmocka_unit_test_setup_teardown(test_write_invalidates,
		    setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(test_other_process_write,
		    setup_store, teardown_store),
		cmocka_unit_test_setup_teardown(test_publish_time_expires,
		    setup_store, teardown_store),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
