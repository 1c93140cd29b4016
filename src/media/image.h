/*
 * image.h -- the image pipeline of uploads: check, decode, re-encode.
 *
 * Only the pixels of an upload survive: every variant is re-encoded
 * from the decoded image with all metadata (EXIF, GPS, XMP, IPTC,
 * comments) stripped, so nothing a camera wrote leaks onto the site.
 * Dimensions are read from the header before anything is decoded, and
 * an image above IMAGE_PIXELS_MAX is refused (decompression bombs).
 * image.c is the only user of libvips.
 */
#ifndef NG_MEDIA_IMAGE_H
#define NG_MEDIA_IMAGE_H

#include <stddef.h>

#include "core/err.h"

#define IMAGE_PIXELS_MAX   (50ull * 1000 * 1000)
#define IMAGE_SIDE_MAX	   30000 /* pixels, either side */
#define IMAGE_VARIANTS_MAX 4

struct image_info {
	int	    width; /* of the original, after rotation */
	int	    height;
	const char *mime;     /* of the upload (static string) */
	int	    animated; /* a GIF of more than one frame */
	int	    icc;      /* has a colour profile (converted to sRGB) */
	/*
	 * The extension of the variants beside the WebP ones (static):
	 * "jpg" for a photo (JPEG or WebP upload, lossy WebP too); "png"
	 * for a PNG or a still GIF, a graphic kept lossless (lossless
	 * WebP too); "gif" for an animated GIF, whose variants keep every
	 * frame (an animated lossless WebP too).
	 */
	const char *ext;
};

/*
 * The MIME type of buf from its magic bytes: JPEG, PNG, WebP or GIF,
 * the only formats accepted; NULL for anything else.  Pure.
 */
const char *image_sniff(const void *buf, size_t n);

/*
 * The widths of the variants of an image width pixels wide, smallest
 * first, into out: each of 480, 960 and 1600 up to width, and width
 * itself when under 1600 (never upscaled).  Returns how many.  Pure.
 */
size_t image_variant_widths(int width, int out[IMAGE_VARIANTS_MAX]);

/*
 * Remove the EXIF and XMP chunks of the WebP file p[0..n) in place and
 * clear their VP8X flags.  Returns the new length, 0 when p is not a
 * well-formed WebP (RIFF) file.  Pure.
 */
size_t image_webp_strip(unsigned char *p, size_t n);

/*
 * Read the format and dimensions of buf from its header only.
 * NG_EINVAL when it is not an accepted image or does not parse;
 * NG_ETOOBIG past IMAGE_PIXELS_MAX or IMAGE_SIDE_MAX.  A one-line reason
 * goes to errbuf.
 */
enum ng_err image_probe(const void *buf, size_t n, struct image_info *out,
    char *errbuf, size_t errsz) NG_WUR;

/*
 * Probe buf, then write its variants into the existing directory dir:
 * "<w>.<info->ext>" and "<w>.webp" for each width of
 * image_variant_widths(),
 * metadata stripped, EXIF orientation applied.  Errors as image_probe(),
 * NG_EIO when a file cannot be written.  Files already written stay
 * (the caller owns dir).
 */
enum ng_err image_variants(const void *buf, size_t n, const char *dir,
    struct image_info *out, char *errbuf, size_t errsz) NG_WUR;

/*
 * Is "<w>.<ext>" one of the variants of an image of info (a width of
 * image_variant_widths(), ext info->ext or "webp")?  Pure.
 */
int image_variant_ok(const struct image_info *info, int w, const char *ext);

/*
 * Probe buf and make its one variant "<w>.<ext>" into *out (free it with
 * image_free()): what image_variants() writes to that file, byte for
 * byte (the encoders are deterministic).  NG_ENOTFOUND when that is not
 * one of buf's variants; else errors as image_variants().
 */
enum ng_err image_variant(const void *buf, size_t n, int w, const char *ext,
    void **out, size_t *outn, char *errbuf, size_t errsz) NG_WUR;
/* As image_variant() for nx formats of one width: one decode. */
enum ng_err image_variant_set(const void *buf, size_t n, int w,
    const char *const *exts, size_t nx, void **out, size_t *outn, char *errbuf,
    size_t errsz) NG_WUR;

/*
 * Encode w x h pixels (rgb: 3 bytes a pixel, rows top to bottom) as a
 * JPEG into *out (free it with image_free()): pictures drawn by the
 * program itself (the demo's illustrations), which then go through the
 * upload pipeline like any other image.  NG_EINVAL for a size outside
 * IMAGE_SIDE_MAX, NG_EIO when the library fails.
 */
enum ng_err image_jpeg_from_rgb(const unsigned char *rgb, int w, int h,
    void **out, size_t *n) NG_WUR;
void	    image_free(void *p);

#endif
