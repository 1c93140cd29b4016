/*
 * totp.c -- RFC 6238 one-time passwords (see totp.h).
 */
#include <stdint.h>
#include <string.h>

#include "admin/totp.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/hmac.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int64_t
totp_step(int64_t t)
{
	/* Floor, not truncation: a clock before 1970 is still a step. */
	return t >= 0 ? t / TOTP_STEP_S :
			-((-t + TOTP_STEP_S - 1) / TOTP_STEP_S);
}

uint32_t
totp_code(const unsigned char *key, size_t keylen, int64_t step, int digits)
{
	unsigned char msg[8], mac[SHA1_LEN];
	uint64_t      c = (uint64_t)step;
	uint32_t      bin, mod = 1;
	int	      i, off;

	/* The counter is 8 bytes, big-endian (RFC 4226 section 5.1). */
	for (i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(c & 0xff);
		c >>= 8;
	}
	hmac_sha1(key, keylen, msg, sizeof(msg), mac);
	/* Dynamic truncation (RFC 4226 section 5.3). */
	off = mac[SHA1_LEN - 1] & 0x0f;
	bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	    (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	for (i = 0; i < digits; i++)
		mod *= 10;
	return bin % mod;
}

/* The typed code as a number: exactly TOTP_DIGITS digits, spaces ignored. */
static int
parse_code(struct str typed, uint32_t *out)
{
	uint32_t v = 0;
	size_t	 i, n = 0;

	*out = 0;
	if (typed.p == NULL || typed.n > 32)
		return 0;
	for (i = 0; i < typed.n; i++) {
		if (typed.p[i] == ' ' || typed.p[i] == '-')
			continue;
		if (typed.p[i] < '0' || typed.p[i] > '9' || ++n > TOTP_DIGITS)
			return 0;
		v = v * 10 + (uint32_t)(typed.p[i] - '0');
	}
	*out = v;
	return n == TOTP_DIGITS;
}

int
totp_check(const unsigned char *key, size_t keylen, struct str typed,
    int64_t now, int64_t last_step, int64_t *step)
{
	uint32_t want, got;
	int64_t	 base = totp_step(now), s, hit = 0;
	int	 found = 0;

	*step = 0;
	if (!parse_code(typed, &want))
		return 0;
	/* Every step is computed, so the time does not tell which hit. */
	for (s = base - TOTP_SKEW; s <= base + TOTP_SKEW; s++) {
		got = totp_code(key, keylen, s, TOTP_DIGITS);
		if (got == want && s > last_step && !found) {
			found = 1;
			hit = s;
		}
	}
	if (found)
		*step = hit;
	return found;
}

void
totp_base32_encode(const unsigned char *in, size_t n, char *out)
{
	uint32_t acc = 0;
	size_t	 i, k = 0;
	int	 bits = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			out[k++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[k++] = b32[(acc << (5 - bits)) & 31];
	out[k] = '\0';
}

enum ng_err
totp_base32_decode(struct str in, unsigned char *out, size_t cap, size_t *n)
{
	const char *p;
	uint32_t    acc = 0;
	size_t	    i, k = 0;
	int	    bits = 0;
	char	    c;

	*n = 0;
	for (i = 0; i < in.n; i++) {
		c = in.p[i];
		if (c == ' ' || c == '=')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == '\0' || (p = strchr(b32, c)) == NULL)
			return NG_EINVAL;
		acc = (acc << 5) | (uint32_t)(p - b32);
		bits += 5;
		if (bits >= 8) {
			if (k == cap)
				return NG_EINVAL;
			out[k++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	*n = k;
	return k > 0 ? NG_OK : NG_EINVAL;
}

/* RFC 3986 unreserved characters pass; everything else is %XX. */
static void
put_pct(struct buf *b, struct str s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t		  i;
	unsigned char	  c;

	for (i = 0; i < s.n; i++) {
		c = (unsigned char)s.p[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			buf_put(b, s.p + i, 1);
		else {
			buf_putc(b, '%');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

const char *
totp_uri(struct arena *a, struct str issuer, struct str login,
    struct str secret_b32)
{
	struct buf b;
	struct str out;

	buf_init(&b, a);
	/* The label is "issuer:account"; the colon stays literal. */
	buf_puts(&b, "otpauth://totp/");
	put_pct(&b, issuer);
	buf_puts(&b, ":");
	put_pct(&b, login);
	buf_puts(&b, "?secret=");
	buf_put(&b, secret_b32.p, secret_b32.n);
	buf_puts(&b, "&issuer=");
	put_pct(&b, issuer);
	buf_puts(&b, "&algorithm=SHA1&digits=6&period=30");
	if (buf_finish(&b, &out) != NG_OK)
		return NULL;
	return out.p;
}
