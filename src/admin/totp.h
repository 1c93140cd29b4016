/*
 * totp.h -- time-based one-time passwords (RFC 6238 over RFC 4226's
 * HOTP) for two-factor login: HMAC-SHA1, 30-second steps, 6 digits, the
 * parameters every authenticator app assumes; base32 secrets (RFC 4648
 * section 6) and the otpauth:// URI the apps read (Google
 * Authenticator's "Key Uri Format").
 *
 * A code is accepted for the current step and one step either side
 * (clock drift, a code typed just as it changed), and only for a step
 * later than the last one used, so each code works once.  Pure and
 * thread-safe; the HMAC-SHA1 is core/hmac.h's.
 */
#ifndef NG_ADMIN_TOTP_H
#define NG_ADMIN_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;

#define TOTP_STEP_S	30 /* seconds per step */
#define TOTP_DIGITS	6
#define TOTP_SKEW	1  /* steps accepted either side */
#define TOTP_SECRET_LEN 20 /* bytes: 160 bits (RFC 4226 4) */
/* Base32 characters of a secret, without padding. */
#define TOTP_SECRET_B32 32
/* Longest secret accepted from the store, in bytes. */
#define TOTP_SECRET_MAX 64

/* The step of Unix time t (floor(t / TOTP_STEP_S)). */
int64_t totp_step(int64_t t);

/*
 * The code of step under key: HOTP (RFC 4226 section 5.3) with
 * digits (6..8) digits.
 */
uint32_t totp_code(const unsigned char *key, size_t keylen, int64_t step,
    int digits);

/*
 * Check a typed code (digits, spaces ignored) at Unix time now against
 * key.  1 with *step the step it matched when it matches a step within
 * TOTP_SKEW of now's that is later than last_step; else 0.
 */
int totp_check(const unsigned char *key, size_t keylen, struct str typed,
    int64_t now, int64_t last_step, int64_t *step);

/*
 * RFC 4648 base32 of n bytes into out (upper case, no padding), which
 * must hold (n * 8 + 4) / 5 + 1 bytes; NUL-terminated.
 */
void totp_base32_encode(const unsigned char *in, size_t n, char *out);

/*
 * Decode base32 (either case; spaces and padding ignored) into out of
 * cap bytes; *n gets the length.  NG_EINVAL for anything else or too
 * long.
 */
enum ng_err totp_base32_decode(struct str in, unsigned char *out, size_t cap,
    size_t *n) NG_WUR;

/*
 * The otpauth:// URI of a secret (base32) for account login at issuer
 * (the site's name), percent-encoded, in the arena; NULL when it is full.
 */
const char *totp_uri(struct arena *a, struct str issuer, struct str login,
    struct str secret_b32);

#endif
