/*
 * auth.h -- the newsroom's cryptography: password hashes, session tokens
 * and constant-time comparison.  auth.c is the only file that includes
 * libsodium (sodium.h), so every secret is made and checked in one place.
 *
 * Passwords are hashed with argon2id (libsodium's crypto_pwhash) at
 * AUTH_PWHASH_MEM bytes and AUTH_PWHASH_OPS passes -- OWASP's minimum
 * for argon2id -- and stored as libsodium's self-describing string, so
 * raising the cost later re-hashes each password at its next login.
 *
 * Session and CSRF tokens are 256 random bits written as 64 lowercase
 * hex digits.  The database keeps only a BLAKE2b-256 hash of a session
 * token, so a copy of the database cannot be used to log in.
 *
 * All calls are thread-safe once auth_init() has returned.
 */
#ifndef NG_ADMIN_AUTH_H
#define NG_ADMIN_AUTH_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

#define AUTH_PWHASH_MEM	   (19u * 1024 * 1024) /* bytes */
#define AUTH_PWHASH_OPS	   2u		       /* passes */
#define AUTH_HASH_MAX	   128	/* bytes of an encoded hash + NUL */
#define AUTH_TOKEN_HEX	   64	/* hex digits of a 256-bit token */
#define AUTH_PASSWORD_MIN  8	/* bytes */
#define AUTH_PASSWORD_MAX  1024 /* bytes; longer is refused */
#define AUTH_GENERATED_LEN 20	/* characters of a generated password */

/*
 * Initialise libsodium.  Call once before threads start; NG_EIO when the
 * library cannot start (no entropy source).
 */
enum ng_err auth_init(void) NG_WUR;

/*
 * Hash pw (n bytes, AUTH_PASSWORD_MIN..AUTH_PASSWORD_MAX) into out, a
 * NUL-terminated argon2id string.  NG_EINVAL for a password out of
 * bounds, NG_ENOMEM when the hash's memory cannot be had.
 */
enum ng_err auth_password_hash(const char *pw, size_t n,
    char out[AUTH_HASH_MAX]) NG_WUR;

/*
 * 1 when pw matches the stored hash, else 0 (also for a malformed hash
 * or a password out of bounds).  Takes as long as hashing does.
 */
int auth_password_verify(struct str hash, const char *pw, size_t n);

/* Spend the time a verify would, for logins of unknown users. */
void auth_password_waste(const char *pw, size_t n);

/* 1 when hash was made with weaker parameters than today's. */
int auth_password_needs_rehash(struct str hash);

/*
 * A new random password of AUTH_GENERATED_LEN characters from an
 * alphabet without look-alikes (no 0/O, 1/l/I), NUL-terminated.
 */
void auth_password_generate(char out[AUTH_GENERATED_LEN + 1]);

/*
 * A new application password: AUTH_APPPASS_LEN letters and
 * digits, as WordPress makes them, NUL-terminated.
 */
#define AUTH_APPPASS_LEN 24
void auth_app_password_new(char out[AUTH_APPPASS_LEN + 1]);

/*
 * HMAC-SHA256 of msg under key as 64 lowercase hex digits (webhook
 * signatures).
 */
void auth_hmac_sha256_hex(struct str key, struct str msg,
    char out[AUTH_TOKEN_HEX + 1]);

/* n random bytes from the system's generator. */
void auth_random(void *out, size_t n);

/*
 * A new recovery code: 16 characters of the look-alike-free alphabet
 * (80 bits) in groups of four, "abcd-efgh-jkmn-pqrs", NUL-terminated.
 */
#define AUTH_RECOVERY_LEN 19
void auth_recovery_code_new(char out[AUTH_RECOVERY_LEN + 1]);

/*
 * The canonical form of a typed recovery code into out: lower case, the
 * dashes where they belong, spaces and dashes typed anywhere ignored.
 * 0 when in is not 16 characters of the alphabet.
 */
int auth_recovery_code_canon(struct str in, char out[AUTH_RECOVERY_LEN + 1]);

/* A new random 256-bit token as hex, NUL-terminated. */
void auth_token_new(char out[AUTH_TOKEN_HEX + 1]);

/* The hex BLAKE2b-256 hash of token, NUL-terminated. */
void auth_token_hash(struct str token, char out[AUTH_TOKEN_HEX + 1]);

/* 1 when a and b hold the same bytes, in time independent of content. */
int auth_equal(struct str a, struct str b);

#endif
