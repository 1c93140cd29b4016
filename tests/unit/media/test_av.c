/*
 * test_av.c -- audio and video in the media library (media/av.h): what
 * the first bytes make of a file, the only names served, and a file
 * stored, opened and refused against a real store.
 */
#include "testlib.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "media/av.h"
#include "media/media.h"
#include "store/store.h"

static const char *
sniff(const char *head, size_t n, enum media_av_kind want, const char **mime)
{
	return media_av_sniff((const unsigned char *)head, n, want, mime);
}

static void
test_sniff(void **state)
{
	const char *mime;

	(void)state;
	assert_string_equal(sniff("ID3\3\0\0\0\0\0\0\0\0", 12, MEDIA_AV_AUDIO,
				&mime),
	    "mp3");
	assert_string_equal(mime, "audio/mpeg");
	/* An MPEG frame without a tag. */
	assert_string_equal(sniff("\xff\xfb\x90\x64\0\0\0\0\0\0\0\0", 12,
				MEDIA_AV_AUDIO, &mime),
	    "mp3");
	/* The MP4 container holds either; the kind asked decides. */
	assert_string_equal(sniff("\0\0\0\x18"
				  "ftypM4A \0\0\0\0",
				16, MEDIA_AV_AUDIO, &mime),
	    "m4a");
	assert_string_equal(mime, "audio/mp4");
	assert_string_equal(sniff("\0\0\0\x18"
				  "ftypisom\0\0\0\0",
				16, MEDIA_AV_VIDEO, &mime),
	    "mp4");
	assert_string_equal(mime, "video/mp4");
	assert_string_equal(sniff("\0\0\0\x14"
				  "ftypqt  \0\0\0\0",
				16, MEDIA_AV_VIDEO, &mime),
	    "mov");
	assert_string_equal(sniff("OggS\0\2\0\0\0\0\0\0", 12, MEDIA_AV_VIDEO,
				&mime),
	    "ogv");
	assert_string_equal(sniff("OggS\0\2\0\0\0\0\0\0", 12, MEDIA_AV_AUDIO,
				&mime),
	    "ogg");
	assert_string_equal(sniff("\x1a\x45\xdf\xa3\0\0\0\0\0\0\0\0", 12,
				MEDIA_AV_VIDEO, &mime),
	    "webm");
	assert_string_equal(sniff("RIFF\0\0\0\0WAVEfmt ", 16, MEDIA_AV_AUDIO,
				&mime),
	    "wav");
	assert_string_equal(sniff("fLaC\0\0\0\x22\0\0\0\0", 12, MEDIA_AV_AUDIO,
				&mime),
	    "flac");
	/* Not what it claims, or not something browsers play. */
	assert_null(sniff("<html><script>", 14, MEDIA_AV_AUDIO, &mime));
	assert_null(mime);
	assert_null(sniff("ID3\3\0\0\0\0\0\0\0\0", 12, MEDIA_AV_VIDEO, &mime));
	assert_null(sniff("RIFF\0\0\0\0AVI LIST", 16, MEDIA_AV_VIDEO, &mime));
	assert_null(sniff("\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9\0\0", 12,
	    MEDIA_AV_AUDIO, &mime)); /* ASF: WMA */
	assert_null(sniff("ID3", 3, MEDIA_AV_AUDIO, &mime));
	assert_null(sniff("ID3\3\0\0\0\0\0\0\0\0", 12, MEDIA_AV_NONE, &mime));
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(media_av_name_type(STR_LIT("media.mp3")),
	    "audio/mpeg");
	assert_string_equal(media_av_name_type(STR_LIT("media.webm")),
	    "video/webm");
	assert_null(media_av_name_type(STR_LIT("media.mp3x")));
	assert_null(media_av_name_type(STR_LIT("media.")));
	assert_null(media_av_name_type(STR_LIT("song.mp3")));
	assert_null(media_av_name_type(STR_LIT(".media.mp3")));
	assert_null(media_av_name_type(STR_LIT("media.mp3/..")));
	assert_null(media_av_name_type(STR_LIT("1200.jpg")));
	assert_int_equal(media_av_kind_of(STR_LIT("audio/mpeg")),
	    MEDIA_AV_AUDIO);
	assert_int_equal(media_av_kind_of(STR_LIT("Video/MP4")),
	    MEDIA_AV_VIDEO);
	assert_int_equal(media_av_kind_of(STR_LIT("image/png")), MEDIA_AV_NONE);
	assert_int_equal(media_av_kind_of(STR_LIT("audio/")), MEDIA_AV_NONE);
}

static void
put(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
test_store_and_open(void **state)
{
	struct arena *a = arena_new(1 << 20);
	struct store *st;
	struct media  m, got;
	char *dir = testlib_tmpdir(), path[4096], src[4096], err[256], why[128],
	     bytes[9000], back[9000];
	const char *slash;
	int64_t	    size;
	int	    fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/test.db", dir);
	if (store_open(path, 2, &st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	memset(bytes, 'x', sizeof(bytes));
	memcpy(bytes, "ID3\3\0\0\0\0\0\0", 10);
	snprintf(src, sizeof(src), "%s/song.bin", dir);
	put(src, bytes, sizeof(bytes));

	memset(&m, 0, sizeof(m));
	m.alt = STR_LIT("Tide song");
	m.duration = 61;
	assert_int_equal(media_store_av(a, st, dir, src, MEDIA_AV_AUDIO, &m,
			     why, sizeof(why)),
	    NG_OK);
	assert_true(m.id > 0);
	assert_int_equal(store_media_get(a, st, m.id, &got), NG_OK);
	assert_true(str_eqc(got.mime, "audio/mpeg"));
	assert_int_equal(got.bytes, (int64_t)sizeof(bytes));
	assert_int_equal(got.duration, 61);
	assert_true(str_eqc(got.alt, "Tide song"));
	assert_int_equal(got.path.n, MEDIA_KEY_LEN + 1 + strlen("media.mp3"));
	slash = memchr(got.path.p, '/', got.path.n);
	assert_non_null(slash);
	assert_true(str_eqc((struct str){ slash + 1, 9 }, "media.mp3"));
	/* An image's view is never made of it. */
	assert_null(media_view(a, &got));

	assert_int_equal(media_av_open(st, dir,
			     (struct str){ got.path.p, MEDIA_KEY_LEN },
			     STR_LIT("media.mp3"), &fd, &size),
	    NG_OK);
	assert_int_equal(size, (int64_t)sizeof(bytes));
	assert_int_equal(read(fd, back, sizeof(back)), (ssize_t)sizeof(back));
	assert_memory_equal(back, bytes, sizeof(bytes));
	close(fd);
	/* Another name under the key, another key: nothing. */
	assert_int_equal(media_av_open(st, dir,
			     (struct str){ got.path.p, MEDIA_KEY_LEN },
			     STR_LIT("media.ogg"), &fd, &size),
	    NG_ENOTFOUND);
	assert_int_equal(media_av_open(st, dir, STR_LIT("0123456789abcdef"),
			     STR_LIT("media.mp3"), &fd, &size),
	    NG_ENOTFOUND);
	assert_int_equal(media_av_open(st, dir, STR_LIT("../../../../etc"),
			     STR_LIT("media.mp3"), &fd, &size),
	    NG_ENOTFOUND);

	/* A web page named .mp3 is refused, and nothing is added. */
	put(src, "<html><body>hi</body></html>", 28);
	memset(&m, 0, sizeof(m));
	assert_int_equal(media_store_av(a, st, dir, src, MEDIA_AV_AUDIO, &m,
			     why, sizeof(why)),
	    NG_EINVAL);
	assert_string_equal(why, "not an audio file browsers play");
	assert_int_equal(m.id, 0);
	snprintf(src, sizeof(src), "%s/nothing-here.mp3", dir);
	assert_int_equal(media_store_av(a, st, dir, src, MEDIA_AV_AUDIO, &m,
			     why, sizeof(why)),
	    NG_ENOTFOUND);
	/* A directory is not a file. */
	assert_int_equal(media_store_av(a, st, dir, dir, MEDIA_AV_VIDEO, &m,
			     why, sizeof(why)),
	    NG_ENOTFOUND);

	store_close(st);
	arena_free(a);
	testlib_rmrf(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_store_and_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
