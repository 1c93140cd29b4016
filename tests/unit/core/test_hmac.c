/*
 * test_hmac.c -- SHA-1, SHA-256 and HMAC (hmac.c) on the published
 * vectors: the FIPS 180 examples (NIST's "abc", the 448- and 896-bit
 * messages, one million 'a'), RFC 2202 for HMAC-SHA1 and RFC 4231 for
 * HMAC-SHA256; the padding boundaries; hashing in pieces; hmac_equal().
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hmac.h"

static void
hex(const unsigned char *p, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static void
check_sha1(const void *p, size_t n, const char *want)
{
	unsigned char d[SHA1_LEN];
	char	      got[2 * SHA1_LEN + 1];

	sha1(p, n, d);
	hex(d, sizeof(d), got);
	assert_string_equal(got, want);
}

static void
check_sha256(const void *p, size_t n, const char *want)
{
	unsigned char d[SHA256_LEN];
	char	      got[2 * SHA256_LEN + 1];

	sha256(p, n, d);
	hex(d, sizeof(d), got);
	assert_string_equal(got, want);
}

#define MSG448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define MSG896                                                     \
	"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn" \
	"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"

/* FIPS 180-2 appendices A and B, the examples NIST publishes. */
static void
test_fips180(void **state)
{
	(void)state;
	check_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
	check_sha1(MSG448, 56, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	check_sha1(MSG896, 112, "a49b2446a02c645bf419f995b67091253a04a259");
	check_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	check_sha1(NULL, 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	check_sha256("abc", 3,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	check_sha256(MSG448, 56,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	check_sha256(MSG896, 112,
	    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	check_sha256("", 0,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

/* One million 'a': in one call, and fed a thousand at a time. */
static void
test_million_a(void **state)
{
	static const char w1[] = "34aa973cd4c4daa4f61eeb2bdbad27316534016f";
	static const char w256[] = "cdc76e5c9914fb9281a1c7e284d73e67"
				   "f1809a48a497200e046d39ccc7112cd0";
	struct sha1_ctx	  c1;
	struct sha256_ctx c256;
	unsigned char	  d1[SHA1_LEN], d256[SHA256_LEN];
	char		  got[2 * SHA256_LEN + 1];
	char		 *a;
	int		  i;

	(void)state;
	a = malloc(1000000);
	assert_non_null(a);
	memset(a, 'a', 1000000);
	check_sha1(a, 1000000, w1);
	check_sha256(a, 1000000, w256);
	sha1_init(&c1);
	sha256_init(&c256);
	for (i = 0; i < 1000; i++) {
		sha1_update(&c1, a, 1000);
		sha256_update(&c256, a, 1000);
	}
	sha1_final(&c1, d1);
	sha256_final(&c256, d256);
	hex(d1, sizeof(d1), got);
	assert_string_equal(got, w1);
	hex(d256, sizeof(d256), got);
	assert_string_equal(got, w256);
	free(a);
}

/*
 * The lengths where padding changes shape: 55 bytes (the length still
 * fits the block), 63 and 64 (it does not; a second block), 119.  The
 * digests are Python's hashlib's (OpenSSL), an independent implementation.
 */
static void
test_padding_boundaries(void **state)
{
	static const struct {
		size_t	    n;
		const char *s1, *s256;
	} v[] = {
		{ 55, "c1c8bbdc22796e28c0e15163d20899b65621d65a",
		    "9f4390f8d30c2dd92ec9f095b65e2b9a"
		    "e9b0a925a5258e241c9f1e910f734318" },
		{ 63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5",
		    "7d3e74a05d7db15bce4ad9ec0658ea98"
		    "e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d",
		    "ffe054fe7ae0cb6dc65c3af9b61d5209"
		    "f439851db43d0ba5997337df154668eb" },
		{ 119, "ee971065aaa017e0632a8ca6c77bb3bf8b1dfc56",
		    "31eba51c313a5c08226adf18d4a359cf"
		    "dfd8d2e816b13f4af952f7ea6584dcfb" },
	};
	char   a[128];
	size_t i;

	(void)state;
	memset(a, 'a', sizeof(a));
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		check_sha1(a, v[i].n, v[i].s1);
		check_sha256(a, v[i].n, v[i].s256);
	}
}

/* Any split of the input gives the digest of the whole. */
static void
test_pieces(void **state)
{
	static const size_t steps[] = { 1, 3, 7, 55, 63, 64, 65, 100 };
	unsigned char	    msg[300], want1[SHA1_LEN], want256[SHA256_LEN];
	unsigned char	    got1[SHA1_LEN], got256[SHA256_LEN];
	struct sha1_ctx	    c1;
	struct sha256_ctx   c256;
	size_t		    i, n, off, k;

	(void)state;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)(i * 7 + 1);
	for (n = 0; n <= sizeof(msg); n += 37) {
		sha1(msg, n, want1);
		sha256(msg, n, want256);
		for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			sha1_init(&c1);
			sha256_init(&c256);
			for (off = 0; off < n; off += k) {
				k = n - off < steps[i] ? n - off : steps[i];
				sha1_update(&c1, msg + off, k);
				sha256_update(&c256, msg + off, k);
			}
			sha1_update(&c1, NULL, 0);
			sha1_final(&c1, got1);
			sha256_final(&c256, got256);
			if (memcmp(got1, want1, sizeof(got1)) != 0 ||
			    memcmp(got256, want256, sizeof(got256)) != 0)
				fail_msg("length %zu in pieces of %zu", n,
				    steps[i]);
		}
	}
}

/* The keys and data of RFC 2202 and RFC 4231 (cases 1-7 of each). */
struct hcase {
	unsigned char key[131];
	size_t	      klen;
	unsigned char data[160];
	size_t	      dlen;
};

static void
fill(unsigned char *p, size_t *n, int byte, size_t count)
{
	memset(p, byte, count);
	*n = count;
}

static void
text(unsigned char *p, size_t *n, const char *s)
{
	*n = strlen(s);
	memcpy(p, s, *n);
}

/* Case i (1..7) with a key of long_key bytes for cases 6 and 7. */
static void
hcase(struct hcase *c, int i, size_t long_key)
{
	size_t k;

	memset(c, 0, sizeof(*c));
	switch (i) {
	case 1:
		fill(c->key, &c->klen, 0x0b, 20);
		text(c->data, &c->dlen, "Hi There");
		break;
	case 2:
		text(c->key, &c->klen, "Jefe");
		text(c->data, &c->dlen, "what do ya want for nothing?");
		break;
	case 3:
		fill(c->key, &c->klen, 0xaa, 20);
		fill(c->data, &c->dlen, 0xdd, 50);
		break;
	case 4:
		for (k = 0; k < 25; k++)
			c->key[k] = (unsigned char)(k + 1);
		c->klen = 25;
		fill(c->data, &c->dlen, 0xcd, 50);
		break;
	case 5:
		fill(c->key, &c->klen, 0x0c, 20);
		text(c->data, &c->dlen, "Test With Truncation");
		break;
	case 6:
		fill(c->key, &c->klen, 0xaa, long_key);
		text(c->data, &c->dlen,
		    "Test Using Larger Than Block-Size Key - Hash Key First");
		break;
	default:
		fill(c->key, &c->klen, 0xaa, long_key);
		/* The two RFCs' seventh messages differ. */
		text(c->data, &c->dlen,
		    long_key == 80 ?
			"Test Using Larger Than Block-Size Key and Larger "
			"Than One Block-Size Data" :
			"This is a test using a larger than block-size key "
			"and a larger than block-size data. The key needs to "
			"be hashed before being used by the HMAC algorithm.");
		break;
	}
}

typedef void hmac_fn(const void *, size_t, const void *, size_t,
    unsigned char *);

/*
 * Cases 1-7 of an RFC with f; a want shorter than the digest is a
 * truncated MAC (RFC 4231 case 5), compared on its length.
 */
static void
check_rfc(const char *rfc, hmac_fn *f, size_t dlen, size_t long_key,
    const char *const want[7])
{
	struct hcase  c;
	unsigned char mac[SHA256_LEN];
	char	      got[2 * SHA256_LEN + 1];
	int	      i;

	for (i = 1; i <= 7; i++) {
		hcase(&c, i, long_key);
		f(c.key, c.klen, c.data, c.dlen, mac);
		hex(mac, dlen, got);
		got[strlen(want[i - 1])] = '\0';
		if (strcmp(got, want[i - 1]) != 0)
			fail_msg("%s case %d: %s", rfc, i, got);
	}
}

static void
test_rfc2202(void **state)
{
	static const char *const want[] = {
		"b617318655057264e28bc0b6fb378c8ef146be00",
		"effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
		"125d7342b9ac11cd91a39af48aa17b4f63f175d3",
		"4c9007f4026250c6bc8414f9bf50c86c2d7235da",
		"4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
		"aa4ae5e15272d00e95705637ce8a3b55ed402112",
		"e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
	};

	(void)state;
	check_rfc("RFC 2202", hmac_sha1, SHA1_LEN, 80, want);
}

static void
test_rfc4231(void **state)
{
	/* Case 5 is truncated to 128 bits in the RFC. */
	static const char *const want[] = {
		"b0344c61d8db38535ca8afceaf0bf12b"
		"881dc200c9833da726e9376c2e32cff7",
		"5bdcc146bf60754e6a042426089575c7"
		"5a003f089d2739839dec58b964ec3843",
		"773ea91e36800e46854db8ebd09181a7"
		"2959098b3ef8c122d9635514ced565fe",
		"82558a389a443c0ea4cc819899f2083a"
		"85f0faa3e578f8077a2e3ff46729665b",
		"a3b6167473100ee06e0c796c2955552b",
		"60e431591ee0b67f0d8a26aacbf5b77f"
		"8e0bc6213728c5140546040f0ee37f54",
		"9b09ffa71b942fcb27635fbcd5b0e944"
		"bfdc63644f0713938a7f51535c3a35e2",
	};

	(void)state;
	check_rfc("RFC 4231", hmac_sha256, SHA256_LEN, 131, want);
}

/*
 * A key of exactly one block is used as it is, one byte longer is
 * hashed: HMAC under a 65-byte key equals HMAC under its digest.
 */
static void
test_key_lengths(void **state)
{
	unsigned char key[65], kd[SHA256_LEN], a[SHA256_LEN], b[SHA256_LEN];
	char	      got[2 * SHA256_LEN + 1];

	(void)state;
	memset(key, 0x42, sizeof(key));
	sha256(key, 65, kd);
	hmac_sha256(key, 65, "m", 1, a);
	hmac_sha256(kd, sizeof(kd), "m", 1, b);
	assert_memory_equal(a, b, sizeof(a));
	hmac_sha256(key, 64, "m", 1, b);
	assert_memory_not_equal(a, b, sizeof(a));
	/* An empty key and an empty message are allowed (digests from
	 * Python's hmac module). */
	hmac_sha256(NULL, 0, NULL, 0, a);
	hex(a, sizeof(a), got);
	assert_string_equal(got,
	    "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
	hmac_sha1(NULL, 0, NULL, 0, a);
	hex(a, SHA1_LEN, got);
	assert_string_equal(got, "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
}

static void
test_equal(void **state)
{
	(void)state;
	assert_true(hmac_equal("abcdef", "abcdef", 6));
	assert_false(hmac_equal("abcdef", "abcdeg", 6));
	assert_false(hmac_equal("xbcdef", "abcdef", 6));
	assert_true(hmac_equal("abc", "abd", 2));
	assert_true(hmac_equal(NULL, NULL, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fips180),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_padding_boundaries),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_rfc2202),
		cmocka_unit_test(test_rfc4231),
		cmocka_unit_test(test_key_lengths),
		cmocka_unit_test(test_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
