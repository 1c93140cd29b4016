/*
 * hmac.c -- SHA-1, SHA-256 (FIPS 180-4) and HMAC (RFC 2104); see hmac.h.
 *
 * Both hashes share the Merkle-Damgard frame of FIPS 180-4 section 5:
 * 64-byte blocks, a 0x80 byte, zeros, and the message length in bits as
 * a 64-bit big-endian number.  md_update() and md_final() do that frame
 * once; each hash only brings its compression function.
 */
#include <string.h>

#include "core/hmac.h"

/* Compress one 64-byte block into the chaining value h. */
typedef void compress_fn(uint32_t *h, const unsigned char *block);

static uint32_t
rol(uint32_t x, int n)
{
	return x << n | x >> (32 - n);
}

static uint32_t
ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/*
 * Add n bytes to a hash whose len bytes so far leave len % 64 of them
 * waiting in buf; whole blocks are compressed straight from p.
 */
static void
md_update(uint32_t *h, uint64_t *len, unsigned char *buf, compress_fn *f,
    const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t		     fill = (size_t)(*len % SHA_BLOCK_LEN), k;

	if (n == 0)
		return;
	*len += n;
	if (fill > 0) {
		k = SHA_BLOCK_LEN - fill < n ? SHA_BLOCK_LEN - fill : n;
		memcpy(buf + fill, s, k);
		s += k;
		n -= k;
		if (fill + k < SHA_BLOCK_LEN)
			return;
		f(h, buf);
	}
	for (; n >= SHA_BLOCK_LEN; s += SHA_BLOCK_LEN, n -= SHA_BLOCK_LEN)
		f(h, s);
	if (n > 0)
		memcpy(buf, s, n);
}

/* Pad (FIPS 180-4 5.1.1) and write the nh words of h big-endian. */
static void
md_final(uint32_t *h, size_t nh, uint64_t len, unsigned char *buf,
    compress_fn *f, unsigned char *out)
{
	size_t	 fill = (size_t)(len % SHA_BLOCK_LEN), i;
	uint64_t bits = len * 8;

	buf[fill++] = 0x80;
	if (fill > SHA_BLOCK_LEN - 8) {
		memset(buf + fill, 0, SHA_BLOCK_LEN - fill);
		f(h, buf);
		fill = 0;
	}
	memset(buf + fill, 0, SHA_BLOCK_LEN - 8 - fill);
	for (i = 0; i < 8; i++)
		buf[SHA_BLOCK_LEN - 8 + i] = (unsigned char)(bits >>
		    (56 - 8 * i));
	f(h, buf);
	for (i = 0; i < nh; i++)
		put32(out + 4 * i, h[i]);
}

/* SHA-1: FIPS 180-4 sections 4.1.1, 4.2.1, 5.3.1 and 6.1.2. */
static void
sha1_compress(uint32_t *h, const unsigned char *block)
{
	uint32_t w[80], a, b, c, d, e, f, k, t;
	int	 i;

	for (i = 0; i < 16; i++)
		w[i] = get32(block + 4 * i);
	for (; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = h[0];
	b = h[1];
	c = h[2];
	d = h[3];
	e = h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d); /* Ch */
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d; /* Parity */
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d); /* Maj */
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = rol(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = rol(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void
sha1_init(struct sha1_ctx *c)
{
	static const uint32_t iv[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
		0x10325476, 0xc3d2e1f0 };

	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
}

void
sha1_update(struct sha1_ctx *c, const void *p, size_t n)
{
	md_update(c->h, &c->len, c->buf, sha1_compress, p, n);
}

void
sha1_final(struct sha1_ctx *c, unsigned char out[SHA1_LEN])
{
	md_final(c->h, 5, c->len, c->buf, sha1_compress, out);
}

void
sha1(const void *p, size_t n, unsigned char out[SHA1_LEN])
{
	struct sha1_ctx c;

	sha1_init(&c);
	sha1_update(&c, p, n);
	sha1_final(&c, out);
}

/*
 * SHA-256: FIPS 180-4 sections 4.1.2, 4.2.2, 5.3.3 and 6.2.2.  The
 * constants are the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes.
 */
/* clang-format off */
static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
/* clang-format on */

static void
sha256_compress(uint32_t *h, const unsigned char *block)
{
	uint32_t w[64], v[8], t1, t2;
	int	 i;

	for (i = 0; i < 16; i++)
		w[i] = get32(block + 4 * i);
	for (; i < 64; i++)
		w[i] = (ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^
			   w[i - 2] >> 10) +
		    w[i - 7] +
		    (ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3) +
		    w[i - 16];
	memcpy(v, h, sizeof(v));
	/* v[0..7] are a..h of the standard. */
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) +
		    ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[i] + w[i];
		t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) +
		    ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h[i] += v[i];
}

void
sha256_init(struct sha256_ctx *c)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
		0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	memcpy(c->h, iv, sizeof(iv));
	c->len = 0;
}

void
sha256_update(struct sha256_ctx *c, const void *p, size_t n)
{
	md_update(c->h, &c->len, c->buf, sha256_compress, p, n);
}

void
sha256_final(struct sha256_ctx *c, unsigned char out[SHA256_LEN])
{
	md_final(c->h, 8, c->len, c->buf, sha256_compress, out);
}

void
sha256(const void *p, size_t n, unsigned char out[SHA256_LEN])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final(&c, out);
}

/* Either hash, so HMAC is written once. */
enum hash_kind {
	HASH_SHA1,
	HASH_SHA256
};

union hash_ctx {
	struct sha1_ctx	  s1;
	struct sha256_ctx s256;
};

static void
hash_init(enum hash_kind k, union hash_ctx *c)
{
	if (k == HASH_SHA1)
		sha1_init(&c->s1);
	else
		sha256_init(&c->s256);
}

static void
hash_update(enum hash_kind k, union hash_ctx *c, const void *p, size_t n)
{
	if (k == HASH_SHA1)
		sha1_update(&c->s1, p, n);
	else
		sha256_update(&c->s256, p, n);
}

static void
hash_final(enum hash_kind k, union hash_ctx *c, unsigned char *out)
{
	if (k == HASH_SHA1)
		sha1_final(&c->s1, out);
	else
		sha256_final(&c->s256, out);
}

/*
 * RFC 2104 section 2: H(K ^ opad, H(K ^ ipad, text)), K padded with
 * zeros to a block (or hashed first when longer than one).  The padded
 * key and the inner digest are wiped: they are as good as the key.
 */
static void
hmac(enum hash_kind k, size_t dlen, const void *key, size_t klen,
    const void *msg, size_t mlen, unsigned char *out)
{
	union hash_ctx c;
	unsigned char  k0[SHA_BLOCK_LEN], pad[SHA_BLOCK_LEN];
	unsigned char  inner[SHA256_LEN];
	size_t	       i;

	memset(k0, 0, sizeof(k0));
	if (klen > SHA_BLOCK_LEN) {
		hash_init(k, &c);
		hash_update(k, &c, key, klen);
		hash_final(k, &c, k0);
	} else if (klen > 0)
		memcpy(k0, key, klen);

	for (i = 0; i < SHA_BLOCK_LEN; i++)
		pad[i] = k0[i] ^ 0x36;
	hash_init(k, &c);
	hash_update(k, &c, pad, sizeof(pad));
	hash_update(k, &c, msg, mlen);
	hash_final(k, &c, inner);

	for (i = 0; i < SHA_BLOCK_LEN; i++)
		pad[i] = k0[i] ^ 0x5c;
	hash_init(k, &c);
	hash_update(k, &c, pad, sizeof(pad));
	hash_update(k, &c, inner, dlen);
	hash_final(k, &c, out);

	explicit_bzero(k0, sizeof(k0));
	explicit_bzero(pad, sizeof(pad));
	explicit_bzero(inner, sizeof(inner));
	explicit_bzero(&c, sizeof(c));
}

void
hmac_sha1(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[SHA1_LEN])
{
	hmac(HASH_SHA1, SHA1_LEN, key, klen, msg, mlen, out);
}

void
hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[SHA256_LEN])
{
	hmac(HASH_SHA256, SHA256_LEN, key, klen, msg, mlen, out);
}

int
hmac_equal(const void *a, const void *b, size_t n)
{
	const volatile unsigned char *x = a, *y = b;
	unsigned char		      d = 0;
	size_t			      i;

	/* Every byte is read whatever came before; volatile keeps the
	 * compiler from stopping early once d is non-zero. */
	for (i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}
