/*
 * test_image.c -- the upload pipeline (src/media/image.c): format
 * sniffing, variant widths, refusing decompression bombs from the header
 * alone, and real variants of images made by the vips command.  Also
 * the name checks of /media/ (src/media/media.c).
 */
#include "testlib.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "media/image.h"
#include "media/media.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *bytes;
	size_t	    n;
	const char *mime;
} sniff_cases[] = {
	{ "\xff\xd8\xff\xe0", 4, "image/jpeg" },
	{ "\x89PNG\r\n\x1a\n", 8, "image/png" },
	{ "RIFF\0\0\0\0WEBPVP8 ", 16, "image/webp" },
	{ "GIF89a", 6, "image/gif" },
	{ "GIF87a", 6, "image/gif" },
	{ "\xff\xd8", 2, NULL }, /* too short */
	{ "RIFF\0\0\0\0WAVE", 12, NULL },
	{ "<svg xmlns=", 11, NULL },
	{ "%PDF-1.7", 8, NULL },
	{ "hello, world", 12, NULL },
	{ "", 0, NULL },
};

static void
test_sniff(void **state)
{
	const char *got;
	size_t	    i;

	(void)state;
	for (i = 0; i < NELEM(sniff_cases); i++) {
		got = image_sniff(sniff_cases[i].bytes, sniff_cases[i].n);
		if ((got == NULL) != (sniff_cases[i].mime == NULL) ||
		    (got != NULL && strcmp(got, sniff_cases[i].mime) != 0))
			fail_msg("case %zu: got %s", i, got ? got : "NULL");
	}
}

static const struct {
	int    width;
	size_t n;
	int    w[IMAGE_VARIANTS_MAX];
} width_cases[] = {
	{ 4000, 3, { 480, 960, 1600 } },
	{ 1601, 3, { 480, 960, 1600 } },
	{ 1600, 3, { 480, 960, 1600 } },
	{ 1599, 3, { 480, 960, 1599 } },
	{ 961, 3, { 480, 960, 961 } },
	{ 960, 2, { 480, 960 } },
	{ 481, 2, { 480, 481 } },
	{ 480, 1, { 480 } },
	{ 100, 1, { 100 } },
	{ 1, 1, { 1 } },
	{ 0, 0, { 0 } },
	{ -5, 0, { 0 } },
};

static void
test_widths(void **state)
{
	int    w[IMAGE_VARIANTS_MAX];
	size_t i, j, n;

	(void)state;
	for (i = 0; i < NELEM(width_cases); i++) {
		n = image_variant_widths(width_cases[i].width, w);
		if (n != width_cases[i].n)
			fail_msg("case %zu: %zu widths", i, n);
		for (j = 0; j < n; j++)
			if (w[j] != width_cases[i].w[j])
				fail_msg("case %zu: width %zu is %d", i, j,
				    w[j]);
	}
}

static void
put32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* A PNG whose header claims w x h pixels: IHDR, a tiny IDAT, IEND. */
static size_t
png_header(unsigned char *out, unsigned long w, unsigned long h)
{
	static const unsigned char idat[] = { 0x78, 0x9c, 0x63, 0, 0, 0, 1, 0,
		1 };
	unsigned char		  *p = out;

	memcpy(p, "\x89PNG\r\n\x1a\n", 8);
	p += 8;
	put32(p, 13);
	memcpy(p + 4, "IHDR", 4);
	put32(p + 8, w);
	put32(p + 12, h);
	memcpy(p + 16, "\x08\x02\x00\x00\x00", 5); /* 8-bit RGB */
	put32(p + 21, crc32(0, p + 4, 17));
	p += 25;
	put32(p, sizeof(idat));
	memcpy(p + 4, "IDAT", 4);
	memcpy(p + 8, idat, sizeof(idat));
	put32(p + 8 + sizeof(idat), crc32(0, p + 4, 4 + sizeof(idat)));
	p += 12 + sizeof(idat);
	put32(p, 0);
	memcpy(p + 4, "IEND", 4);
	put32(p + 8, crc32(0, p + 4, 4));
	p += 12;
	return (size_t)(p - out);
}

static const struct {
	unsigned long w, h;
	enum ng_err   want;
} bomb_cases[] = {
	{ 100000, 100000, NG_ETOOBIG }, /* 10 gigapixels */
	{ 8000, 8000, NG_ETOOBIG },	/* 64 MP, sides allowed */
	{ 40000, 10, NG_ETOOBIG },	/* one side too long */
	{ 7000, 7000, NG_OK },		/* 49 MP: the header is fine */
	{ 1, 1, NG_OK },
};

static void
test_bomb(void **state)
{
	unsigned char	  png[128];
	struct image_info info;
	char		  why[256];
	size_t		  i, n;
	enum ng_err	  err;

	(void)state;
	for (i = 0; i < NELEM(bomb_cases); i++) {
		n = png_header(png, bomb_cases[i].w, bomb_cases[i].h);
		why[0] = '\0';
		err = image_probe(png, n, &info, why, sizeof(why));
		if (err != bomb_cases[i].want)
			fail_msg("case %zu: got %d (%s)", i, err, why);
		if (err == NG_ETOOBIG)
			assert_non_null(strstr(why, "too large"));
		else
			assert_int_equal(info.width, (int)bomb_cases[i].w);
	}
}

static void
test_not_images(void **state)
{
	static const char text[] = "this is a text file named photo.jpg\n";
	static const char trunc[] = "\xff\xd8\xff\xe0\0\x10JFIF garbage";
	struct image_info info;
	char		  why[256];

	(void)state;
	assert_int_equal(image_probe(text, sizeof(text) - 1, &info, why,
			     sizeof(why)),
	    NG_EINVAL);
	assert_non_null(strstr(why, "not a JPEG"));
	assert_int_equal(image_probe(trunc, sizeof(trunc) - 1, &info, why,
			     sizeof(why)),
	    NG_EINVAL);
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *f;
	char *p;
	long  len;

	assert_non_null(f = fopen(path, "rb"));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	assert_true((len = ftell(f)) > 0);
	rewind(f);
	assert_non_null(p = malloc((size_t)len));
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

/*
 * A 2000x1000 image made by vips: three variants, each in two formats:
 * JPEG and lossy WebP of a JPEG, PNG and lossless WebP of a PNG.  One
 * variant made alone (image_variant(), as a request does) has the same
 * bytes as the file.
 */
static void
test_variants(void **state)
{
	static const char *const ext[] = { "png", "jpg" };
	static const int	 widths[] = { 480, 960, 1600 };
	struct image_info	 info, v;
	char dir[] = "/tmp/ng-image-XXXXXX", cmd[1024], path[256], why[256],
	     *buf, *out;
	void  *one;
	size_t i, j, k, n, vn, onen;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < NELEM(ext); i++) {
		snprintf(path, sizeof(path), "%s/in.%s", dir, ext[i]);
		snprintf(cmd, sizeof(cmd), "vips black %s 2000 1000 --bands 3",
		    path);
		assert_int_equal(system(cmd), 0);
		buf = slurp(path, &n);
		snprintf(path, sizeof(path), "%s/out-%s", dir, ext[i]);
		assert_int_equal(mkdir(path, 0700), 0);
		assert_int_equal(image_variants(buf, n, path, &info, why,
				     sizeof(why)),
		    NG_OK);
		assert_int_equal(info.width, 2000);
		assert_int_equal(info.height, 1000);
		for (j = 0; j < NELEM(widths); j++) {
			for (k = 0; k < 2; k++) {
				snprintf(path, sizeof(path), "%s/out-%s/%d.%s",
				    dir, ext[i], widths[j],
				    k ? "webp" : ext[i]);
				out = slurp(path, &vn);
				assert_int_equal(image_probe(out, vn, &v, why,
						     sizeof(why)),
				    NG_OK);
				assert_string_equal(v.mime,
				    k	       ? "image/webp" :
					i == 0 ? "image/png" :
						 "image/jpeg");
				/* A graphic's WebP is lossless (VP8L). */
				if (k)
					assert_true(
					    (memmem(out, vn, "VP8L", 4) !=
						NULL) == (i == 0));
				assert_int_equal(image_variant(buf, n,
						     widths[j],
						     k ? "webp" : ext[i], &one,
						     &onen, why, sizeof(why)),
				    NG_OK);
				assert_int_equal(onen, vn);
				assert_memory_equal(one, out, vn);
				image_free(one);
				assert_int_equal(v.width, widths[j]);
				assert_int_equal(v.height, widths[j] / 2);
				/* No metadata block of any kind. */
				assert_null(memmem(out, vn, "Exif", 4));
				assert_null(memmem(out, vn, "EXIF", 4));
				free(out);
				assert_int_equal(unlink(path), 0);
			}
		}
		snprintf(path, sizeof(path), "%s/out-%s", dir, ext[i]);
		assert_int_equal(rmdir(path), 0); /* nothing else */
		snprintf(path, sizeof(path), "%s/in.%s", dir, ext[i]);
		assert_int_equal(unlink(path), 0);
		free(buf);
	}
	assert_int_equal(rmdir(dir), 0);
}

/* RIFF chunks as "FOURlen:data" lists; the header is added here. */
static const struct {
	const char *in;
	size_t	    in_n;
	const char *want; /* NULL: refused */
	size_t	    want_n;
} webp_cases[] = {
	/* VP8X with EXIF|XMP flags, VP8, EXIF, XMP: only two stay. */
	{ "VP8X\x0a\0\0\0\x0c\0\0\0\0\0\0\0\0\0"
	  "VP8 \x02\0\0\0ab"
	  "EXIF\x03\0\0\0GPS\0"
	  "XMP \x02\0\0\0<x",
	    18 + 10 + 12 + 10,
	    "VP8X\x0a\0\0\0\0\0\0\0\0\0\0\0\0\0"
	    "VP8 \x02\0\0\0ab",
	    18 + 10 },
	/* Nothing to strip. */
	{ "VP8L\x01\0\0\0z\0", 10, "VP8L\x01\0\0\0z\0", 10 },
	/* A chunk longer than the file. */
	{ "VP8 \xff\0\0\0ab", 10, NULL, 0 },
	/* Trailing bytes that are not a chunk. */
	{ "VP8 \x02\0\0\0abXY", 12, NULL, 0 },
};

static void
test_webp_strip(void **state)
{
	unsigned char buf[128];
	size_t	      i, n;

	(void)state;
	for (i = 0; i < NELEM(webp_cases); i++) {
		memcpy(buf, "RIFF\0\0\0\0WEBP", 12);
		memcpy(buf + 12, webp_cases[i].in, webp_cases[i].in_n);
		put32(buf + 4, 0); /* the size is ours to fix */
		n = image_webp_strip(buf, 12 + webp_cases[i].in_n);
		if (webp_cases[i].want == NULL) {
			if (n != 0)
				fail_msg("case %zu: accepted", i);
			continue;
		}
		if (n != 12 + webp_cases[i].want_n)
			fail_msg("case %zu: length %zu", i, n);
		assert_memory_equal(buf + 12, webp_cases[i].want,
		    webp_cases[i].want_n);
		assert_int_equal(buf[4] | buf[5] << 8, n - 8);
	}
	assert_int_equal(image_webp_strip(buf, 11), 0);
	memcpy(buf, "RIFF\0\0\0\0WAVE", 12);
	assert_int_equal(image_webp_strip(buf, 12), 0);
}

static const struct {
	const char *s;
	int	    key, file;
} name_cases[] = {
	{ "0123456789abcdef", 1, 0 },
	{ "0123456789ABCDEF", 0, 0 },
	{ "0123456789abcde", 0, 0 },
	{ "0123456789abcdef0", 0, 0 },
	{ "480.jpg", 0, 1 },
	{ "1600.webp", 0, 1 },
	{ "99999.jpg", 0, 1 },
	{ "123456.jpg", 0, 0 },
	{ "0480.jpg", 0, 0 },
	{ ".jpg", 0, 0 },
	{ "480.JPG", 0, 0 },
	{ "480.jpg.php", 0, 0 },
	{ "../480.jpg", 0, 0 },
	{ "480.png", 0, 1 },
	{ "40.gif", 0, 1 },
	{ "480.bmp", 0, 0 },
	{ "orig", 0, 0 },
	{ "", 0, 0 },
};

static void
test_names(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(name_cases); i++) {
		if (media_key_ok(str_c(name_cases[i].s)) != name_cases[i].key)
			fail_msg("case %zu: key", i);
		if (media_file_ok(str_c(name_cases[i].s)) != name_cases[i].file)
			fail_msg("case %zu: file", i);
	}
	/* A variant's type is its file's, whatever was uploaded. */
	assert_string_equal(media_variant_type(
				STR_LIT("0123456789abcdef/1600.jpg")),
	    "image/jpeg");
	assert_string_equal(media_variant_type(STR_LIT("480.webp")),
	    "image/webp");
	assert_null(media_variant_type(STR_LIT("0123456789abcdef/media.mp3")));
	assert_string_equal(media_variant_type(STR_LIT("300.png")),
	    "image/png");
	assert_string_equal(media_variant_type(STR_LIT("40.gif")), "image/gif");
	assert_null(media_variant_type(STR_LIT("a/../1600.bmp")));
	assert_null(media_variant_type(STR_LIT("0123456789abcdef/orig")));
	assert_null(media_variant_type(STR_LIT("")));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_not_images),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_webp_strip),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
