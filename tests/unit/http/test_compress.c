/*
 * test_compress.c -- Accept-Encoding negotiation and gzip/br round trips.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST
#include <zlib.h>
#include <brotli/decode.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/compress.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define ID COMPRESS_IDENTITY
#define GZ COMPRESS_GZIP
#define BR COMPRESS_BR

static const struct {
	const char	 *ae; /* NULL: header absent */
	enum compress_enc want;
} neg_cases[] = {
	{ NULL, ID },
	{ "", ID },
	{ "   ", ID },
	{ ",,", ID },
	{ "gzip", GZ },
	{ "GZIP", GZ },
	{ "x-gzip", GZ },
	{ "br", BR },
	{ "gzip, deflate, br", BR }, /* browsers */
	{ "gzip, deflate, br, zstd", BR },
	{ "deflate", ID },
	{ "identity", ID },
	{ "*", BR },
	{ "*;q=0", ID },
	{ "br;q=0", ID },
	{ "br;q=0, gzip", GZ },
	{ "br;q=0.5, gzip", GZ },	/* higher q wins */
	{ "br;q=0.5, gzip;q=0.5", BR }, /* tie: br */
	{ "br; q=0.9 ,gzip;q=0.8", BR },
	{ "br ; q = 0.1, gzip ; q = 0.2", GZ }, /* OWS around ; and = */
	{ "gzip;Q=0", ID },
	{ "gzip;q=0.000", ID },
	{ "gzip;q=1.000", GZ },
	{ "gzip;q=0.001", GZ },
	{ "*;q=0.2, br;q=0", GZ }, /* star covers gzip */
	{ "gzip;q=0, *", BR },
	{ "identity;q=0", ID }, /* nothing else on offer */
	{ "identity;q=0, gzip", GZ },
	{ "gzip;q=0.5, identity", ID }, /* the client prefers none */
	{ "gzip, identity;q=0.5", GZ },
	{ "br;q=0.8, *;q=1", GZ }, /* gzip via star at 1 */
	/* malformed q-values drop the element */
	{ "gzip;q=2", ID },
	{ "gzip;q=1.5", ID },
	{ "gzip;q=0.1234", ID },
	{ "gzip;q=", ID },
	{ "gzip;q=abc", ID },
	{ "gzip;q=-1", ID },
	{ "gzip;q=1.001", ID },
	{ "br;q=oops, gzip", GZ },
	{ "gzip;level=9", GZ }, /* other params ignored */
	{ "gzip;", GZ },
	{ "gzip junk", ID },
	{ "gzip;q=0, gzip", ID }, /* first mention counts */
	{ ";q=1", ID },
};

static void
test_negotiate(void **state)
{
	enum compress_enc got;
	size_t		  i;

	(void)state;
	for (i = 0; i < NELEM(neg_cases); i++) {
		got = compress_negotiate(neg_cases[i].ae == NULL ?
			STR_NULL :
			str_c(neg_cases[i].ae));
		if (got != neg_cases[i].want)
			fail_msg("case %zu \"%s\": got %d want %d", i,
			    neg_cases[i].ae ? neg_cases[i].ae : "(absent)", got,
			    neg_cases[i].want);
	}
	assert_string_equal(compress_name(GZ), "gzip");
	assert_string_equal(compress_name(BR), "br");
	assert_null(compress_name(ID));
}

static const struct {
	const char *ct;
	int	    ok;
} type_cases[] = {
	{ "text/html; charset=utf-8", 1 },
	{ "text/plain", 1 },
	{ "TEXT/CSS", 1 },
	{ "text/", 0 },
	{ "application/json", 1 },
	{ "application/feed+json", 1 },
	{ "application/rss+xml; charset=utf-8", 1 },
	{ "application/atom+xml", 1 },
	{ "application/xml", 1 },
	{ "application/javascript", 1 },
	{ "image/svg+xml", 1 },
	{ "image/png", 0 },
	{ "image/webp", 0 },
	{ "font/woff2", 0 },
	{ "application/octet-stream", 0 },
	{ "application/jsonx", 0 },
	{ "", 0 },
	{ NULL, 0 },
};

static void
test_types(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(type_cases); i++)
		if (compress_type_ok(type_cases[i].ct) != type_cases[i].ok)
			fail_msg("type %s", type_cases[i].ct);
}

static char *
gunzip(const char *in, size_t n, size_t *outn)
{
	z_stream zs;
	char	*out;
	size_t	 cap = n * 64 + 1024;

	memset(&zs, 0, sizeof(zs));
	assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
	out = malloc(cap);
	zs.next_in = (const Bytef *)in;
	zs.avail_in = (uInt)n;
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
	*outn = zs.total_out;
	inflateEnd(&zs);
	return out;
}

static char *
unbrotli(const char *in, size_t n, size_t *outn)
{
	size_t cap = n * 64 + 1024;
	char  *out = malloc(cap);

	*outn = cap;
	assert_int_equal(BrotliDecoderDecompress(n, (const uint8_t *)in, outn,
			     (uint8_t *)out),
	    BROTLI_DECODER_RESULT_SUCCESS);
	return out;
}

/* Text that compresses: the kind of page we serve. */
static char *
sample_page(size_t *n)
{
	struct buf b;
	int	   i;

	buf_init(&b, NULL);
	buf_puts(&b, "<!doctype html><title>Niger</title><main>");
	for (i = 0; i < 400; i++)
		buf_printf(&b,
		    "<p>Paragraph %d of the article body, with "
		    "words that repeat.</p>\n",
		    i);
	buf_puts(&b, "</main>");
	*n = b.n;
	return b.p;
}

static void
round_trip(enum compress_enc enc, enum compress_level level, const char *in,
    size_t n, struct arena *a)
{
	struct buf b;
	struct str z;
	char	  *back;
	size_t	   bn;

	buf_init(&b, a);
	assert_int_equal(compress_body(&b, enc, level, in, n), NG_OK);
	assert_int_equal(buf_finish(&b, &z), NG_OK);
	if (n > 1000)
		assert_true(z.n < n / 4);
	back = enc == GZ ? gunzip(z.p, z.n, &bn) : unbrotli(z.p, z.n, &bn);
	assert_int_equal(bn, n);
	assert_memory_equal(back, in, n);
	free(back);
	buf_release(&b);
}

static void
test_round_trip(void **state)
{
	struct arena *a = arena_new(1 << 24);
	char	     *page;
	size_t	      n;

	(void)state;
	page = sample_page(&n);
	/* Per request from the arena, once for a cache on the heap. */
	round_trip(GZ, COMPRESS_FAST, page, n, a);
	round_trip(BR, COMPRESS_FAST, page, n, a);
	round_trip(GZ, COMPRESS_BEST, page, n, NULL);
	round_trip(BR, COMPRESS_BEST, page, n, NULL);
	round_trip(GZ, COMPRESS_FAST, "", 0, a);
	round_trip(BR, COMPRESS_FAST, "", 0, a);
	round_trip(GZ, COMPRESS_FAST, "x", 1, NULL);
	free(page);
	arena_free(a);
}

static void
test_bounded(void **state)
{
	struct buf    b;
	char	     *page;
	size_t	      n;
	unsigned char noise[4096];
	size_t	      i;
	uint32_t      x = 2463534242u;

	(void)state;
	page = sample_page(&n);
	/* The output respects the buf's max. */
	buf_init(&b, NULL);
	buf_set_max(&b, 64);
	assert_int_equal(compress_body(&b, GZ, COMPRESS_FAST, page, n),
	    NG_ETOOBIG);
	buf_release(&b);
	buf_init(&b, NULL);
	buf_set_max(&b, 64);
	assert_int_equal(compress_body(&b, BR, COMPRESS_FAST, page, n),
	    NG_ETOOBIG);
	buf_release(&b);
	/* Incompressible input grows; the server's max of n - 1 refuses
	 * it and the body goes out as it is. */
	for (i = 0; i < sizeof(noise); i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		noise[i] = (unsigned char)x;
	}
	buf_init(&b, NULL);
	buf_set_max(&b, sizeof(noise) - 1);
	assert_int_equal(compress_body(&b, GZ, COMPRESS_FAST, noise,
			     sizeof(noise)),
	    NG_ETOOBIG);
	buf_release(&b);
	buf_init(&b, NULL);
	assert_int_equal(compress_body(&b, ID, COMPRESS_FAST, page, n),
	    NG_EINVAL);
	buf_release(&b);
	free(page);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
