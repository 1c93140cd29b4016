/*
 * image.c -- the upload pipeline on libvips (image.h).  The only file
 * that includes vips.
 *
 * Why variants come from vips_thumbnail_buffer(): it shrinks while it
 * decodes (JPEG shrink-on-load), so a large photo never needs its full
 * size in memory three times, and it applies EXIF orientation before
 * the metadata is dropped.  An embedded colour profile is applied
 * (export to sRGB) before it goes with the rest.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <vips/vips.h>

#include "core/log.h"
#include "media/image.h"

static const int widths[] = { 480, 960, 1600 };

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static int	      init_ok;

static void
init(void)
{
	if (VIPS_INIT("nutgraf") != 0) {
		log_err("media: libvips: %s", vips_error_buffer());
		vips_error_clear();
		return;
	}
	/* Each upload is decoded once per variant; nothing to reuse. */
	vips_cache_set_max(0);
	init_ok = 1;
}

static void
seterr(char *errbuf, size_t errsz, const char *msg)
{
	if (errsz > 0)
		snprintf(errbuf, errsz, "%s", msg);
}

const char *
image_sniff(const void *buf, size_t n)
{
	const unsigned char *p = buf;

	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 &&
	    memcmp(p + 8, "WEBP", 4) == 0)
		return "image/webp";
	if (n >= 6 &&
	    (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return "image/gif";
	return NULL;
}

size_t
image_variant_widths(int width, int out[IMAGE_VARIANTS_MAX])
{
	size_t i, n = 0;

	if (width <= 0)
		return 0;
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++)
		if (widths[i] <= width)
			out[n++] = widths[i];
	if (width < widths[sizeof(widths) / sizeof(widths[0]) - 1] &&
	    (n == 0 || out[n - 1] != width))
		out[n++] = width;
	return n;
}

enum ng_err
image_probe(const void *buf, size_t n, struct image_info *out, char *errbuf,
    size_t errsz)
{
	VipsImage *im;
	int	   w, h;

	memset(out, 0, sizeof(*out));
	if ((out->mime = image_sniff(buf, n)) == NULL) {
		seterr(errbuf, errsz, "not a JPEG, PNG, WebP or GIF image");
		return NG_EINVAL;
	}
	pthread_once(&init_once, init);
	if (!init_ok) {
		seterr(errbuf, errsz, "the image library did not start");
		return NG_EIO;
	}
	/* Sequential access: this reads the header, no pixels. */
	im = vips_image_new_from_buffer(buf, n, "", "access",
	    VIPS_ACCESS_SEQUENTIAL, NULL);
	if (im == NULL) {
		vips_error_clear();
		seterr(errbuf, errsz, "the image could not be read");
		return NG_EINVAL;
	}
	w = vips_image_get_width(im);
	h = vips_image_get_height(im);
	out->icc = vips_image_get_typeof(im, VIPS_META_ICC_NAME) != 0;
	out->animated = strcmp(out->mime, "image/gif") == 0 &&
	    vips_image_get_n_pages(im) > 1;
	out->ext = out->animated ? "gif" :
	    strcmp(out->mime, "image/png") == 0 ||
		strcmp(out->mime, "image/gif") == 0 ?
				   "png" :
				   "jpg";
	if (vips_image_get_orientation_swap(im)) {
		out->width = h;
		out->height = w;
	} else {
		out->width = w;
		out->height = h;
	}
	g_object_unref(im);
	if (w <= 0 || h <= 0 || w > IMAGE_SIDE_MAX || h > IMAGE_SIDE_MAX ||
	    (unsigned long long)w * (unsigned long long)h > IMAGE_PIXELS_MAX) {
		if (errsz > 0)
			snprintf(errbuf, errsz,
			    "the image is too large "
			    "(%d x %d pixels; at most %llu megapixels and "
			    "%d pixels a side)",
			    w, h, IMAGE_PIXELS_MAX / 1000000, IMAGE_SIDE_MAX);
		return NG_ETOOBIG;
	}
	return NG_OK;
}

/*
 * A copy of in that has its pixels and nothing else: the savers' strip
 * option is not trusted alone (libvips 8.14's WebP saver keeps EXIF).
 */
static VipsImage *
pixels_only(VipsImage *in)
{
	VipsImage *out;
	void	  *mem;
	size_t	   n;

	if ((mem = vips_image_write_to_memory(in, &n)) == NULL)
		return NULL;
	out = vips_image_new_from_memory_copy(mem, n, vips_image_get_width(in),
	    vips_image_get_height(in), vips_image_get_bands(in),
	    vips_image_get_format(in));
	g_free(mem);
	return out;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

size_t
image_webp_strip(unsigned char *p, size_t n)
{
	size_t off = 12, out = 12, len, vp8x = 0;

	if (n < 12 || memcmp(p, "RIFF", 4) != 0 ||
	    memcmp(p + 8, "WEBP", 4) != 0)
		return 0;
	while (off + 8 <= n) {
		len = le32(p + off + 4);
		if (len > n - off - 8)
			return 0;
		len += len & 1; /* chunks are padded to even */
		if (len > n - off - 8)
			len = n - off - 8;
		if (memcmp(p + off, "EXIF", 4) != 0 &&
		    memcmp(p + off, "XMP ", 4) != 0) {
			if (memcmp(p + off, "VP8X", 4) == 0 && len >= 1)
				vp8x = out + 8;
			memmove(p + out, p + off, len + 8);
			out += len + 8;
		}
		off += len + 8;
	}
	if (off != n)
		return 0;
	/* VP8X flags: bit 3 EXIF, bit 2 XMP. */
	if (vp8x != 0)
		p[vp8x] &= (unsigned char)~0x0c;
	put_le32(p + 4, (uint32_t)(out - 8));
	return out;
}

/*
 * Encode im (a variant's pixels, nothing else) as ext: "jpg" (Q 82,
 * transparent pixels on white), "png", "gif" (animation kept) or
 * "webp": lossless for a graphic (lossless set), Q 80 for a photo.
 * Into *out (g_free it).
 */
static enum ng_err
encode(VipsImage *im, const char *ext, int lossless, void **out, size_t *n)
{
	VipsImage	*flat = NULL;
	VipsArrayDouble *bg;
	double		 white[3] = { 255, 255, 255 };
	int		 rc;

	*out = NULL;
	*n = 0;
	if (strcmp(ext, "webp") == 0) {
		rc = lossless ? vips_webpsave_buffer(im, out, n, "lossless",
				    TRUE, "strip", TRUE, NULL) :
				vips_webpsave_buffer(im, out, n, "Q", 80,
				    "strip", TRUE, NULL);
		if (rc != 0)
			return NG_EIO;
		/* libvips 8.14 writes an EXIF chunk of its own even so. */
		if ((*n = image_webp_strip(*out, *n)) == 0) {
			g_free(*out);
			*out = NULL;
			return NG_EIO;
		}
		return NG_OK;
	}
	if (strcmp(ext, "png") == 0)
		return vips_pngsave_buffer(im, out, n, "compression", 6,
			   "strip", TRUE, NULL) == 0 ?
		    NG_OK :
		    NG_EIO;
	if (strcmp(ext, "gif") == 0)
		return vips_gifsave_buffer(im, out, n, "strip", TRUE, NULL) ==
			0 ?
		    NG_OK :
		    NG_EIO;
	/* JPEG has no alpha: put transparent pixels on white. */
	if (vips_image_hasalpha(im)) {
		bg = vips_array_double_new(white, 3);
		rc = vips_flatten(im, &flat, "background", bg, NULL);
		vips_area_unref(VIPS_AREA(bg));
		if (rc != 0)
			return NG_EIO;
		im = flat;
	}
	rc = vips_jpegsave_buffer(im, out, n, "Q", 82, "strip", TRUE,
	    "interlace", TRUE, NULL);
	if (flat != NULL)
		g_object_unref(flat);
	return rc == 0 ? NG_OK : NG_EIO;
}

/*
 * A copy of an animation's frames with nothing a camera or an editor
 * wrote: the frames, their height and timing stay, the rest goes.
 */
static VipsImage *
frames_only(VipsImage *in)
{
	static const char *const drop[] = { "exif-data", "xmp-data",
		"iptc-data", "icc-profile-data", "gif-comment" };
	VipsImage		*out;
	size_t			 i;

	if (vips_copy(in, &out, NULL) != 0)
		return NULL;
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		(void)vips_image_remove(out, drop[i]);
	return out;
}

/*
 * The pixels of buf shrunk to w pixels wide (never enlarged), EXIF
 * orientation applied, in sRGB, metadata gone; every frame of an
 * animation.  NULL when it does not decode.
 */
static VipsImage *
shrink(const void *buf, size_t n, const struct image_info *info, int w)
{
	VipsImage *im, *mem;
	int	   rc;

	/*
	 * The height bound is never the limiting one.  A graphic without
	 * a colour profile is left as it is: a conversion from sRGB to
	 * sRGB would still move its pixels, and it is kept lossless.
	 */
	if (strcmp(info->ext, "jpg") != 0 && !info->icc)
		rc = vips_thumbnail_buffer((void *)(uintptr_t)buf, n, &im, w,
		    "height", IMAGE_SIDE_MAX * 2, "size", VIPS_SIZE_DOWN,
		    "option_string", info->animated ? "n=-1" : "", NULL);
	else
		rc = vips_thumbnail_buffer((void *)(uintptr_t)buf, n, &im, w,
		    "height", IMAGE_SIDE_MAX * 2, "size", VIPS_SIZE_DOWN,
		    "export_profile", "srgb", "option_string",
		    info->animated ? "n=-1" : "", NULL);
	if (rc != 0) {
		vips_error_clear();
		return NULL;
	}
	/*
	 * The decoder reads sequentially; the small result may be saved
	 * twice, so it is rendered into memory once.
	 */
	mem = info->animated ? frames_only(im) : pixels_only(im);
	g_object_unref(im);
	if (mem == NULL)
		vips_error_clear();
	return mem;
}

int
image_variant_ok(const struct image_info *info, int w, const char *ext)
{
	int    ws[IMAGE_VARIANTS_MAX];
	size_t i, n;

	if (strcmp(ext, "webp") != 0 && strcmp(ext, info->ext) != 0)
		return 0;
	n = image_variant_widths(info->width, ws);
	for (i = 0; i < n; i++)
		if (ws[i] == w)
			return 1;
	return 0;
}

enum ng_err
image_variant_set(const void *buf, size_t n, int w, const char *const *exts,
    size_t nx, void **out, size_t *outn, char *errbuf, size_t errsz)
{
	struct image_info info;
	VipsImage	 *im;
	size_t		  i;
	enum ng_err	  err = NG_OK;

	for (i = 0; i < nx; i++) {
		out[i] = NULL;
		outn[i] = 0;
	}
	if ((err = image_probe(buf, n, &info, errbuf, errsz)) != NG_OK)
		return err;
	for (i = 0; i < nx; i++)
		if (!image_variant_ok(&info, w, exts[i])) {
			seterr(errbuf, errsz, "no such variant");
			return NG_ENOTFOUND;
		}
	if ((im = shrink(buf, n, &info, w)) == NULL) {
		seterr(errbuf, errsz, "the image could not be decoded");
		return NG_EINVAL;
	}
	for (i = 0; i < nx && err == NG_OK; i++)
		err = encode(im, exts[i], strcmp(info.ext, "jpg") != 0, &out[i],
		    &outn[i]);
	g_object_unref(im);
	if (err != NG_OK) {
		log_err("media: encoding a %d px %s: %s", w, exts[i - 1],
		    vips_error_buffer());
		vips_error_clear();
		seterr(errbuf, errsz, "the image could not be converted");
		while (i-- > 0) {
			g_free(out[i]);
			out[i] = NULL;
		}
	}
	return err;
}

enum ng_err
image_variant(const void *buf, size_t n, int w, const char *ext, void **out,
    size_t *outn, char *errbuf, size_t errsz)
{
	return image_variant_set(buf, n, w, &ext, 1, out, outn, errbuf, errsz);
}

/* Write n bytes of p to the new file dir/<w>.<ext>. */
static enum ng_err
write_new(const char *dir, int w, const char *ext, const void *p, size_t n)
{
	FILE *f;
	char  path[4096];
	int   ok;

	if (snprintf(path, sizeof(path), "%s/%d.%s", dir, w, ext) >=
	    (int)sizeof(path))
		return NG_EIO;
	if ((f = fopen(path, "wbx")) == NULL)
		ok = 0;
	else {
		ok = fwrite(p, 1, n, f) == n;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok)
		log_err("media: writing %s failed", path);
	return ok ? NG_OK : NG_EIO;
}

enum ng_err
image_jpeg_from_rgb(const unsigned char *rgb, int w, int h, void **out,
    size_t *n)
{
	VipsImage *im;
	int	   rc;

	*out = NULL;
	*n = 0;
	if (w <= 0 || h <= 0 || w > IMAGE_SIDE_MAX || h > IMAGE_SIDE_MAX)
		return NG_EINVAL;
	pthread_once(&init_once, init);
	if (!init_ok)
		return NG_EIO;
	im = vips_image_new_from_memory(rgb, (size_t)w * (size_t)h * 3, w, h, 3,
	    VIPS_FORMAT_UCHAR);
	if (im == NULL) {
		vips_error_clear();
		return NG_EIO;
	}
	rc = vips_jpegsave_buffer(im, out, n, "Q", 90, "strip", TRUE, NULL);
	g_object_unref(im);
	if (rc != 0) {
		log_err("media: encoding a drawn picture: %s",
		    vips_error_buffer());
		vips_error_clear();
		return NG_EIO;
	}
	return NG_OK;
}

void
image_free(void *p)
{
	g_free(p);
}

enum ng_err
image_variants(const void *buf, size_t n, const char *dir,
    struct image_info *out, char *errbuf, size_t errsz)
{
	const char *exts[2];
	VipsImage  *mem;
	void	   *bytes;
	size_t	    bn;
	int	    ws[IMAGE_VARIANTS_MAX];
	size_t	    i, j, nw;
	enum ng_err err;

	if ((err = image_probe(buf, n, out, errbuf, errsz)) != NG_OK)
		return err;
	exts[0] = "webp";
	exts[1] = out->ext;
	nw = image_variant_widths(out->width, ws);
	for (i = 0; i < nw; i++) {
		if ((mem = shrink(buf, n, out, ws[i])) == NULL) {
			seterr(errbuf, errsz, "the image could not be decoded");
			return NG_EINVAL;
		}
		for (j = 0; j < 2; j++) {
			err = encode(mem, exts[j], strcmp(out->ext, "jpg") != 0,
			    &bytes, &bn);
			if (err != NG_OK) {
				log_err("media: encoding a %d px %s: %s", ws[i],
				    exts[j], vips_error_buffer());
				vips_error_clear();
			} else {
				err = write_new(dir, ws[i], exts[j], bytes, bn);
				g_free(bytes);
			}
			if (err != NG_OK) {
				g_object_unref(mem);
				seterr(errbuf, errsz,
				    "the image could not be converted");
				return err;
			}
		}
		g_object_unref(mem);
	}
	return NG_OK;
}
