/*
 * auth.c -- passwords and tokens over libsodium (auth.h).  The only file
 * of nutgraf that includes sodium.h.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "admin/auth.h"
#include "core/log.h"

/* 32 symbols (5 bits each), none of them easy to confuse. */
static const char pw_alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";

enum ng_err
auth_init(void)
{
	if (sodium_init() < 0) {
		log_err("auth: libsodium cannot start");
		return NG_EIO;
	}
	return NG_OK;
}

static int
pw_ok(const char *pw, size_t n)
{
	return pw != NULL && n >= AUTH_PASSWORD_MIN && n <= AUTH_PASSWORD_MAX;
}

enum ng_err
auth_password_hash(const char *pw, size_t n, char out[AUTH_HASH_MAX])
{
	/* libsodium's buffer must be crypto_pwhash_STRBYTES (128). */
	_Static_assert(AUTH_HASH_MAX >= crypto_pwhash_STRBYTES,
	    "AUTH_HASH_MAX too small for crypto_pwhash_str");

	out[0] = '\0';
	if (!pw_ok(pw, n))
		return NG_EINVAL;
	if (crypto_pwhash_str_alg(out, pw, n, AUTH_PWHASH_OPS, AUTH_PWHASH_MEM,
		crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_err("auth: cannot hash a password (out of memory)");
		out[0] = '\0';
		return NG_ENOMEM;
	}
	return NG_OK;
}

int
auth_password_verify(struct str hash, const char *pw, size_t n)
{
	char h[crypto_pwhash_STRBYTES];

	if (!pw_ok(pw, n) || hash.p == NULL || hash.n == 0 ||
	    hash.n >= sizeof(h)) {
		auth_password_waste(pw, n);
		return 0;
	}
	/* libsodium wants a NUL-terminated string. */
	memcpy(h, hash.p, hash.n);
	h[hash.n] = '\0';
	return crypto_pwhash_str_verify(h, pw, n) == 0;
}

void
auth_password_waste(const char *pw, size_t n)
{
	unsigned char out[32];
	unsigned char salt[crypto_pwhash_SALTBYTES] = { 0 };

	if (pw == NULL || n > AUTH_PASSWORD_MAX)
		n = 0;
	if (crypto_pwhash(out, sizeof(out), n > 0 ? pw : "", n, salt,
		AUTH_PWHASH_OPS, AUTH_PWHASH_MEM,
		crypto_pwhash_ALG_ARGON2ID13) != 0)
		log_warn("auth: cannot spend a hash's time (out of memory)");
	sodium_memzero(out, sizeof(out));
}

int
auth_password_needs_rehash(struct str hash)
{
	char h[crypto_pwhash_STRBYTES];

	if (hash.p == NULL || hash.n == 0 || hash.n >= sizeof(h))
		return 1;
	memcpy(h, hash.p, hash.n);
	h[hash.n] = '\0';
	return crypto_pwhash_str_needs_rehash(h, AUTH_PWHASH_OPS,
		   AUTH_PWHASH_MEM) != 0;
}

void
auth_password_generate(char out[AUTH_GENERATED_LEN + 1])
{
	size_t i;

	/* 32 symbols: uniform without rejection, 100 bits in all. */
	for (i = 0; i < AUTH_GENERATED_LEN; i++)
		out[i] = pw_alphabet[randombytes_uniform(
		    sizeof(pw_alphabet) - 1)];
	out[AUTH_GENERATED_LEN] = '\0';
}

void
auth_app_password_new(char out[AUTH_APPPASS_LEN + 1])
{
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t		  i;

	/* WordPress's alphabet and length: 24 of 62 symbols, 142 bits. */
	for (i = 0; i < AUTH_APPPASS_LEN; i++)
		out[i] = alnum[randombytes_uniform(sizeof(alnum) - 1)];
	out[AUTH_APPPASS_LEN] = '\0';
}

void
auth_hmac_sha256_hex(struct str key, struct str msg,
    char out[AUTH_TOKEN_HEX + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char		     mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256_init(&st,
	    (const unsigned char *)(key.p != NULL ? key.p : ""), key.n);
	crypto_auth_hmacsha256_update(&st,
	    (const unsigned char *)(msg.p != NULL ? msg.p : ""), msg.n);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, AUTH_TOKEN_HEX + 1, mac, sizeof(mac));
}

void
auth_random(void *out, size_t n)
{
	randombytes_buf(out, n);
}

void
auth_recovery_code_new(char out[AUTH_RECOVERY_LEN + 1])
{
	size_t i, k = 0;

	/* 16 of 32 symbols, 80 bits: far past guessing at login speed,
	 * and past a stolen database's fast hash. */
	for (i = 0; i < 16; i++) {
		if (i > 0 && i % 4 == 0)
			out[k++] = '-';
		out[k++] = pw_alphabet[randombytes_uniform(
		    sizeof(pw_alphabet) - 1)];
	}
	out[k] = '\0';
}

int
auth_recovery_code_canon(struct str in, char out[AUTH_RECOVERY_LEN + 1])
{
	size_t i, n = 0, k = 0;
	char   c;

	out[0] = '\0';
	if (in.p == NULL || in.n > 64)
		return 0;
	for (i = 0; i < in.n; i++) {
		c = in.p[i];
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == '\0' || strchr(pw_alphabet, c) == NULL || n == 16)
			return 0;
		if (n > 0 && n % 4 == 0)
			out[k++] = '-';
		out[k++] = c;
		n++;
	}
	out[k] = '\0';
	return n == 16;
}

void
auth_token_new(char out[AUTH_TOKEN_HEX + 1])
{
	unsigned char raw[AUTH_TOKEN_HEX / 2];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2hex(out, AUTH_TOKEN_HEX + 1, raw, sizeof(raw));
	sodium_memzero(raw, sizeof(raw));
}

void
auth_token_hash(struct str token, char out[AUTH_TOKEN_HEX + 1])
{
	unsigned char h[AUTH_TOKEN_HEX / 2];

	crypto_generichash(h, sizeof(h),
	    (const unsigned char *)(token.p != NULL ? token.p : ""), token.n,
	    NULL, 0);
	sodium_bin2hex(out, AUTH_TOKEN_HEX + 1, h, sizeof(h));
}

int
auth_equal(struct str a, struct str b)
{
	if (a.n != b.n || (a.n > 0 && (a.p == NULL || b.p == NULL)))
		return 0;
	if (a.n == 0)
		return 1;
	return sodium_memcmp(a.p, b.p, a.n) == 0;
}
