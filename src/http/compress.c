/*
 * compress.c -- Accept-Encoding negotiation, gzip (zlib) and brotli.
 *
 * Both encoders stream through a small stack chunk into the caller's
 * buf, so the output is bounded by the buf's max and an encoder never
 * needs a worst-case-sized block up front.
 */
#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define ZLIB_CONST
#include <zlib.h>
#include <brotli/encode.h>

#include "core/buf.h"
#include "http/compress.h"

#define CHUNK	16384
#define Q_UNSET (-1)
#define Q_MAX	1000 /* q-values in thousandths */

struct accept {
	int br;
	int gzip;
	int identity;
	int star;
};

static int
is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * RFC 9110, 12.4.2:
 *	qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 */
static int
parse_qvalue(struct str v)
{
	size_t i;
	int    q, scale = 100;

	if (v.n == 0 || (v.p[0] != '0' && v.p[0] != '1'))
		return Q_UNSET;
	q = (v.p[0] - '0') * Q_MAX;
	if (v.n == 1)
		return q;
	if (v.p[1] != '.' || v.n > 5)
		return Q_UNSET;
	for (i = 2; i < v.n; i++, scale /= 10) {
		if (!isdigit((unsigned char)v.p[i]))
			return Q_UNSET;
		q += (v.p[i] - '0') * scale;
	}
	return q > Q_MAX ? Q_UNSET : q;
}

/*
 * Parse one list element (a coding and its parameters, OWS trimmed) and
 * record its q-value in acc.  Malformed elements are dropped.
 */
static void
parse_element(const char *p, size_t n, struct accept *acc)
{
	struct str coding, name, value;
	size_t	   i = 0, start;
	int	   q = Q_MAX, *slot;

	while (i < n && p[i] != ';' && !is_ows(p[i]))
		i++;
	coding = (struct str){ p, i };
	if (coding.n == 0)
		return;
	while (i < n) {
		while (i < n && is_ows(p[i]))
			i++;
		if (i == n)
			break;
		if (p[i++] != ';')
			return;
		while (i < n && is_ows(p[i]))
			i++;
		if (i == n)
			break; /* "gzip;" -- lenient, as browsers are */
		for (start = i;
		     i < n && p[i] != '=' && p[i] != ';' && !is_ows(p[i]); i++)
			continue;
		name = (struct str){ p + start, i - start };
		while (i < n && is_ows(p[i]))
			i++;
		if (i == n || p[i++] != '=')
			return;
		while (i < n && is_ows(p[i]))
			i++;
		for (start = i; i < n && p[i] != ';' && !is_ows(p[i]); i++)
			continue;
		value = (struct str){ p + start, i - start };
		if (name.n == 1 && (name.p[0] == 'q' || name.p[0] == 'Q') &&
		    (q = parse_qvalue(value)) == Q_UNSET)
			return;
	}
	if (coding.n == 2 && strncasecmp(coding.p, "br", 2) == 0)
		slot = &acc->br;
	else if ((coding.n == 4 && strncasecmp(coding.p, "gzip", 4) == 0) ||
	    (coding.n == 6 && strncasecmp(coding.p, "x-gzip", 6) == 0))
		slot = &acc->gzip;
	else if (coding.n == 8 && strncasecmp(coding.p, "identity", 8) == 0)
		slot = &acc->identity;
	else if (coding.n == 1 && coding.p[0] == '*')
		slot = &acc->star;
	else
		return;
	if (*slot == Q_UNSET) /* the first mention counts */
		*slot = q;
}

enum compress_enc
compress_negotiate(struct str ae)
{
	struct accept acc = { Q_UNSET, Q_UNSET, Q_UNSET, Q_UNSET };
	const char   *p, *end, *comma;
	size_t	      n;
	int	      br, gz, id, best, star;

	if (ae.p == NULL)
		return COMPRESS_IDENTITY;
	end = ae.p + ae.n;
	for (p = ae.p; p < end; p = comma + 1) {
		if ((comma = memchr(p, ',', (size_t)(end - p))) == NULL)
			comma = end;
		n = (size_t)(comma - p);
		while (n > 0 && is_ows(*p))
			p++, n--;
		while (n > 0 && is_ows(p[n - 1]))
			n--;
		if (n > 0)
			parse_element(p, n, &acc);
	}
	/* A coding not listed gets the q of "*", or is refused. */
	star = acc.star != Q_UNSET ? acc.star : 0;
	br = acc.br != Q_UNSET ? acc.br : star;
	gz = acc.gzip != Q_UNSET ? acc.gzip : star;
	/* identity has no preference unless the client states one. */
	id = acc.identity != Q_UNSET ? acc.identity : acc.star;
	best = br > gz ? br : gz;
	if (best == 0 || id > best)
		return COMPRESS_IDENTITY;
	return br >= gz ? COMPRESS_BR : COMPRESS_GZIP;
}

const char *
compress_name(enum compress_enc enc)
{
	switch (enc) {
	case COMPRESS_GZIP:
		return "gzip";
	case COMPRESS_BR:
		return "br";
	default:
		return NULL;
	}
}

static const char *const compressible[] = {
	"application/json",
	"application/javascript",
	"application/ecmascript",
	"application/xml",
	"image/svg+xml",
};

int
compress_type_ok(const char *ct)
{
	size_t n, i;

	if (ct == NULL)
		return 0;
	for (n = 0; ct[n] != '\0' && ct[n] != ';' && !is_ows(ct[n]); n++)
		continue;
	if (n > 5 && strncasecmp(ct, "text/", 5) == 0)
		return 1;
	for (i = 0; i < sizeof(compressible) / sizeof(compressible[0]); i++)
		if (strlen(compressible[i]) == n &&
		    strncasecmp(ct, compressible[i], n) == 0)
			return 1;
	if (n > 5 && strncasecmp(ct + n - 5, "+json", 5) == 0)
		return 1;
	if (n > 4 && strncasecmp(ct + n - 4, "+xml", 4) == 0)
		return 1;
	return 0;
}

static enum ng_err
gzip_body(struct buf *out, int level, const unsigned char *in, size_t n)
{
	unsigned char chunk[CHUNK];
	z_stream      zs;
	size_t	      feed;
	int	      ret = Z_OK, flush;
	enum ng_err   err = NG_OK;

	memset(&zs, 0, sizeof(zs));
	/* 15 + 16: the largest window, with a gzip (RFC 1952) wrapper. */
	if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
		Z_DEFAULT_STRATEGY) != Z_OK)
		return NG_ENOMEM;
	do {
		/* avail_in is a uInt: feed huge inputs in pieces. */
		feed = n < UINT_MAX ? n : UINT_MAX;
		zs.next_in = in;
		zs.avail_in = (uInt)feed;
		in += feed;
		n -= feed;
		flush = n == 0 ? Z_FINISH : Z_NO_FLUSH;
		do {
			zs.next_out = chunk;
			zs.avail_out = sizeof(chunk);
			ret = deflate(&zs, flush);
			if (ret == Z_STREAM_ERROR) {
				err = NG_EIO;
				goto out;
			}
			buf_put(out, chunk, sizeof(chunk) - zs.avail_out);
			if (out->err != NG_OK) {
				err = out->err;
				goto out;
			}
		} while (zs.avail_out == 0);
	} while (flush != Z_FINISH);
	if (ret != Z_STREAM_END)
		err = NG_EIO;
out:
	deflateEnd(&zs);
	return err;
}

static enum ng_err
brotli_body(struct buf *out, int quality, const unsigned char *in, size_t n)
{
	unsigned char	    chunk[CHUNK];
	BrotliEncoderState *st;
	const uint8_t	   *next_in = in;
	uint8_t		   *next_out;
	size_t		    avail_in = n, avail_out;
	enum ng_err	    err = NG_OK;

	uint32_t lgwin = BROTLI_MIN_WINDOW_BITS;

	if ((st = BrotliEncoderCreateInstance(NULL, NULL, NULL)) == NULL)
		return NG_ENOMEM;
	BrotliEncoderSetParameter(st, BROTLI_PARAM_QUALITY, (uint32_t)quality);
	/*
	 * A window no bigger than the body: the default 4 MB one costs
	 * more to set up than a web page takes to compress (bench/
	 * measured 1.5 ms against 0.3 ms for a 15 KB page at quality 5).
	 */
	while (lgwin < BROTLI_DEFAULT_WINDOW && ((size_t)1 << lgwin) - 16 < n)
		lgwin++;
	BrotliEncoderSetParameter(st, BROTLI_PARAM_LGWIN, lgwin);
	if (n <= UINT32_MAX)
		BrotliEncoderSetParameter(st, BROTLI_PARAM_SIZE_HINT,
		    (uint32_t)n);
	for (;;) {
		next_out = chunk;
		avail_out = sizeof(chunk);
		if (!BrotliEncoderCompressStream(st, BROTLI_OPERATION_FINISH,
			&avail_in, &next_in, &avail_out, &next_out, NULL)) {
			err = NG_EIO;
			break;
		}
		buf_put(out, chunk, sizeof(chunk) - avail_out);
		if (out->err != NG_OK) {
			err = out->err;
			break;
		}
		if (BrotliEncoderIsFinished(st))
			break;
	}
	BrotliEncoderDestroyInstance(st);
	return err;
}

enum ng_err
compress_body(struct buf *out, enum compress_enc enc, enum compress_level level,
    const void *in, size_t n)
{
	switch (enc) {
	case COMPRESS_GZIP:
		return gzip_body(out, level == COMPRESS_FAST ? 6 : 9, in, n);
	case COMPRESS_BR:
		return brotli_body(out,
		    level == COMPRESS_BEST	? BROTLI_MAX_QUALITY :
			level == COMPRESS_CACHE ? 6 :
						  4,
		    in, n);
	default:
		return NG_EINVAL;
	}
}
