/*
 * commenter.c -- what the site remembers of a commenter, and only when
 * asked: the "save my name" cookie, and the key that lets the author of
 * a held comment see it.
 *
 * The cookie.  Ticking "Save my name, email, and website in this browser"
 * (WordPress's consent box) makes the answer to a comment's POST set
 * ng_commenter: the three values, hex-encoded, for a year, HttpOnly,
 * SameSite=Lax.  It holds what the reader typed and nothing else: no
 * identifier, never logged, never sent to anyone.  Leaving the box
 * unticked clears it.  It is read only where a page is rendered for one
 * person anyway (never stored by the page cache): the form shown again
 * after a refused post, the page an author lands on after posting, and
 * the article's comment address opened with GET (where the form's
 * "fill in my saved details" link and the Reply links go).  Cached
 * article pages, the same for everyone, never read it.
 *
 * The held comment.  After a post that waits for moderation the author
 * is sent to the article with ?unapproved=ID&moderation-hash=H
 * (WordPress's parameters): H is an HMAC of the comment's id and time
 * under a key of the site's, so only the one who posted it has the
 * link.  That page shows the comment, marked as awaiting moderation,
 * and is rendered for that request alone.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/hmac.h"
#include "http/req.h"
#include "http/resp.h"
#include "site/site_int.h"
#include "store/store.h"

#define COOKIE_NAME   "ng_commenter"
#define COOKIE_AGE    (365L * 24 * 3600)
#define COOKIE_MAX    3000 /* hex characters accepted back */
#define HASH_HEX      32   /* characters of the moderation hash */
#define FIELD_MAX_HEX 1200

static const char hexdig[] = "0123456789abcdef";

static int
unhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* s as lowercase hex, NUL-terminated, in a. */
static char *
hex_of(struct arena *a, struct str s)
{
	char  *out;
	size_t i;

	if ((out = arena_alloc(a, s.n * 2 + 1)) == NULL)
		return NULL;
	for (i = 0; i < s.n; i++) {
		out[2 * i] = hexdig[(unsigned char)s.p[i] >> 4];
		out[2 * i + 1] = hexdig[(unsigned char)s.p[i] & 15];
	}
	out[2 * s.n] = '\0';
	return out;
}

/* Decode hex h into a; STR_NULL when it is not hex. */
static struct str
hex_decode(struct arena *a, struct str h)
{
	char  *out;
	size_t i;
	int    hi, lo;

	if (h.n % 2 != 0 || (out = arena_alloc(a, h.n / 2 + 1)) == NULL)
		return STR_NULL;
	for (i = 0; i < h.n / 2; i++) {
		hi = unhex(h.p[2 * i]);
		lo = unhex(h.p[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return STR_NULL;
		out[i] = (char)(hi << 4 | lo);
	}
	out[h.n / 2] = '\0';
	return (struct str){ out, h.n / 2 };
}

int
commenter_cookie_parse(struct arena *a, struct str v, struct str out[3])
{
	struct str  part;
	const char *dot;
	size_t	    i;

	for (i = 0; i < 3; i++)
		out[i] = STR_LIT("");
	if (v.n == 0 || v.n > COOKIE_MAX)
		return 0;
	for (i = 0; i < 3; i++) {
		dot = memchr(v.p, '.', v.n);
		if ((dot == NULL) != (i == 2))
			return 0;
		part.p = v.p;
		part.n = dot != NULL ? (size_t)(dot - v.p) : v.n;
		if (part.n > FIELD_MAX_HEX)
			return 0;
		out[i] = hex_decode(a, part);
		if (out[i].p == NULL) {
			out[0] = out[1] = out[2] = STR_LIT("");
			return 0;
		}
		if (dot != NULL) {
			v.n -= part.n + 1;
			v.p = dot + 1;
		}
	}
	return 1;
}

int
commenter_saved(struct req *r, struct str out[3])
{
	return commenter_cookie_parse(r->arena, req_cookie(r, COOKIE_NAME),
	    out);
}

/* The Secure attribute when readers reach the site over https. */
static const char *
secure_attr(struct req *r)
{
	const char *o = site_origin(r);

	return o != NULL && strncmp(o, "https://", 8) == 0 ? "; Secure" : "";
}

void
commenter_remember(struct req *r, struct resp *rs, int consent,
    struct str author, struct str email, struct str url)
{
	const char *a, *e, *u, *c;

	if (!consent) {
		/* Unticked: forget what was saved, as WordPress does. */
		if (req_cookie(r, COOKIE_NAME).p == NULL)
			return;
		c = arena_printf(r->arena,
		    COOKIE_NAME "=; Path=/; Max-Age=0; HttpOnly; "
				"SameSite=Lax%s",
		    secure_attr(r));
	} else {
		a = hex_of(r->arena, author);
		e = hex_of(r->arena, email);
		u = hex_of(r->arena, url);
		if (a == NULL || e == NULL || u == NULL)
			return;
		if (strlen(a) > FIELD_MAX_HEX || strlen(e) > FIELD_MAX_HEX ||
		    strlen(u) > FIELD_MAX_HEX)
			return; /* too long to keep: nothing is saved */
		c = arena_printf(r->arena,
		    COOKIE_NAME "=%s.%s.%s; Path=/; Max-Age=%ld; HttpOnly; "
				"SameSite=Lax%s",
		    a, e, u, COOKIE_AGE, secure_attr(r));
	}
	if (c != NULL)
		resp_header_add(r, rs, "Set-Cookie", c);
}

static const char *
held_hash(struct req *r, int64_t id, int64_t created_at)
{
	unsigned char mac[SHA256_LEN];
	struct str    key;
	char	      msg[64];
	char	     *out;
	int	      n;
	size_t	      i;

	if (store_secret(r->arena, r->app->store, "comment_view", &key) !=
	    NG_OK)
		return NULL;
	n = snprintf(msg, sizeof(msg), "held:%lld:%lld", (long long)id,
	    (long long)created_at);
	hmac_sha256(key.p, key.n, msg, (size_t)n, mac);
	if ((out = arena_alloc(r->arena, HASH_HEX + 1)) == NULL)
		return NULL;
	for (i = 0; i < HASH_HEX / 2; i++) {
		out[2 * i] = hexdig[mac[i] >> 4];
		out[2 * i + 1] = hexdig[mac[i] & 15];
	}
	out[HASH_HEX] = '\0';
	return out;
}

const char *
commenter_held_hash(struct req *r, int64_t id, int64_t created_at)
{
	return held_hash(r, id, created_at);
}

int
commenter_held_ok(struct req *r, const struct comment *c, struct str hash)
{
	const char   *want;
	unsigned char diff = 0;
	size_t	      i;

	if (hash.n != HASH_HEX ||
	    (want = held_hash(r, c->id, c->created_at)) == NULL)
		return 0;
	/* Every byte compared: the time taken says nothing. */
	for (i = 0; i < HASH_HEX; i++)
		diff |= (unsigned char)(want[i] ^ hash.p[i]);
	return diff == 0;
}
