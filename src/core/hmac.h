/*
 * hmac.h -- SHA-1 and SHA-256 (FIPS 180-4) and HMAC over them (RFC 2104).
 *
 * Written here rather than taken from a crypto library so that no module
 * includes one only for a hash: GnuTLS stays in the TLS listener and
 * libsodium in admin/auth.c.  TOTP (RFC 6238) needs HMAC-SHA1, webhook
 * signatures HMAC-SHA256.  Nothing here makes or keeps secrets; it only
 * hashes what it is given.
 *
 * SHA-1 is broken for collisions but not as the hash of an HMAC, which
 * is how TOTP uses it; use SHA-256 for anything new.
 *
 * Pure and thread-safe: every call works on the caller's memory only.
 * A NULL pointer is allowed with a length of 0.
 */
#ifndef NG_CORE_HMAC_H
#define NG_CORE_HMAC_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN      20 /* bytes of a SHA-1 digest */
#define SHA256_LEN    32 /* bytes of a SHA-256 digest */
#define SHA_BLOCK_LEN 64 /* bytes of a block, both hashes */

/* A hash in progress: init, update any number of times, final once. */
struct sha1_ctx {
	uint32_t      h[5];
	uint64_t      len; /* bytes hashed so far */
	unsigned char buf[SHA_BLOCK_LEN];
};

struct sha256_ctx {
	uint32_t      h[8];
	uint64_t      len;
	unsigned char buf[SHA_BLOCK_LEN];
};

void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *p, size_t n);
void sha1_final(struct sha1_ctx *c, unsigned char out[SHA1_LEN]);
/* The digest of n bytes at p in one call. */
void sha1(const void *p, size_t n, unsigned char out[SHA1_LEN]);

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *p, size_t n);
void sha256_final(struct sha256_ctx *c, unsigned char out[SHA256_LEN]);
void sha256(const void *p, size_t n, unsigned char out[SHA256_LEN]);

/*
 * HMAC (RFC 2104) of mlen bytes at msg under a key of klen bytes; a key
 * longer than a block is hashed first, as the RFC says.
 */
void hmac_sha1(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[SHA1_LEN]);
void hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[SHA256_LEN]);

/*
 * Non-zero when the n bytes at a and b are equal, in a time that depends
 * only on n: compare a received MAC with the expected one with this, not
 * memcmp(), which stops at the first difference and so tells an attacker
 * how many leading bytes were right.
 */
int hmac_equal(const void *a, const void *b, size_t n);

#endif
