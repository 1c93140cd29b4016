/*
 * av.c -- audio and video files of the media library (av.h).
 *
 * Files are copied and served in pieces: a podcast episode or a clip
 * may be far larger than a request's memory, and nothing here ever
 * needs it whole.  Only names this module writes are opened below the
 * data directory ("media.<ext>" under a hex key), without following
 * links.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "media/av.h"
#include "media/media.h"
#include "media/media_int.h"
#include "render/tv.h"
#include "store/store.h"

#define COPY_BUF (256u * 1024)

/* What a container is served as, by kind. */
static const struct av_type {
	const char	  *ext;
	const char	  *mime;
	enum media_av_kind kind;
} types[] = {
	{ "mp3", "audio/mpeg", MEDIA_AV_AUDIO },
	{ "m4a", "audio/mp4", MEDIA_AV_AUDIO },
	{ "ogg", "audio/ogg", MEDIA_AV_AUDIO },
	{ "wav", "audio/wav", MEDIA_AV_AUDIO },
	{ "flac", "audio/flac", MEDIA_AV_AUDIO },
	{ "weba", "audio/webm", MEDIA_AV_AUDIO },
	{ "mp4", "video/mp4", MEDIA_AV_VIDEO },
	{ "mov", "video/quicktime", MEDIA_AV_VIDEO },
	{ "ogv", "video/ogg", MEDIA_AV_VIDEO },
	{ "webm", "video/webm", MEDIA_AV_VIDEO },
};
#define NTYPES (sizeof(types) / sizeof(types[0]))

enum media_av_kind
media_av_kind_of(struct str mime)
{
	if (mime.n > 6 && strncasecmp(mime.p, "audio/", 6) == 0)
		return MEDIA_AV_AUDIO;
	if (mime.n > 6 && strncasecmp(mime.p, "video/", 6) == 0)
		return MEDIA_AV_VIDEO;
	return MEDIA_AV_NONE;
}

static const char *
pick(const char *ext, const char **mime)
{
	size_t i;

	for (i = 0; i < NTYPES; i++)
		if (strcmp(types[i].ext, ext) == 0) {
			*mime = types[i].mime;
			return types[i].ext;
		}
	return NULL;
}

const char *
media_av_sniff(const unsigned char *h, size_t n, enum media_av_kind want,
    const char **mime)
{
	int video = want == MEDIA_AV_VIDEO;

	*mime = NULL;
	if (want == MEDIA_AV_NONE || n < 12)
		return NULL;
	/* ISO base media (MP4, M4A, QuickTime): a box "ftyp" first. */
	if (memcmp(h + 4, "ftyp", 4) == 0) {
		if (video)
			return pick(memcmp(h + 8, "qt  ", 4) == 0 ? "mov" :
								    "mp4",
			    mime);
		return pick("m4a", mime);
	}
	if (memcmp(h, "OggS", 4) == 0)
		return pick(video ? "ogv" : "ogg", mime);
	/* Matroska's EBML header: WebM. */
	if (memcmp(h, "\x1a\x45\xdf\xa3", 4) == 0)
		return pick(video ? "webm" : "weba", mime);
	if (video)
		return NULL;
	if (memcmp(h, "ID3", 3) == 0 || (h[0] == 0xff && (h[1] & 0xe0) == 0xe0))
		return pick("mp3", mime);
	if (memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4) == 0)
		return pick("wav", mime);
	if (memcmp(h, "fLaC", 4) == 0)
		return pick("flac", mime);
	return NULL;
}

const char *
media_av_name_type(struct str name)
{
	size_t i, k;

	if (name.n < 7 || memcmp(name.p, "media.", 6) != 0)
		return NULL;
	for (i = 0; i < NTYPES; i++) {
		k = strlen(types[i].ext);
		if (name.n == 6 + k && memcmp(name.p + 6, types[i].ext, k) == 0)
			return types[i].mime;
	}
	return NULL;
}

/* All of b[0..n) to fd; 0 on a failed write. */
static int
write_all(int fd, const char *b, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(fd, b, n);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		b += k;
		n -= (size_t)k;
	}
	return 1;
}

/* Up to n bytes from fd into b: how many (short only at the end), -1. */
static ssize_t
read_full(int fd, char *b, size_t n)
{
	size_t	got = 0;
	ssize_t k;

	while (got < n) {
		k = read(fd, b + got, n - got);
		if (k == -1 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/* Copy in (size bytes) to the new file out; 0 on any failure. */
static int
copy_file(int in, const char *out, uint64_t size)
{
	char	*b;
	uint64_t done = 0;
	ssize_t	 k;
	int	 fd, ok = 1;

	if ((b = malloc(COPY_BUF)) == NULL)
		return 0;
	if ((fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) ==
	    -1) {
		free(b);
		return 0;
	}
	while (ok && done < size) {
		k = read_full(in, b, COPY_BUF);
		if (k <= 0)
			ok = 0;
		else if (!write_all(fd, b, (size_t)k))
			ok = 0;
		else
			done += (uint64_t)k;
	}
	free(b);
	if (close(fd) == -1 || done != size)
		ok = 0;
	return ok;
}

/* The file at path into the database as STORE_MEDIA_PIECE pieces. */
static enum ng_err
put_pieces(struct store *st, const char *path, const char *key,
    const char *name)
{
	char	    piece[64], *b;
	ssize_t	    k;
	unsigned    i;
	int	    fd;
	enum ng_err err = NG_OK;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NG_EIO;
	if ((b = malloc(STORE_MEDIA_PIECE)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	for (i = 0; err == NG_OK; i++) {
		if ((k = read_full(fd, b, STORE_MEDIA_PIECE)) < 0)
			err = NG_EIO;
		if (k <= 0)
			break;
		snprintf(piece, sizeof(piece), "%s.%u", name, i);
		err = store_media_file_put(st, str_c(key), str_c(piece),
		    (struct str){ b, (size_t)k });
	}
	free(b);
	close(fd);
	if (err != NG_OK)
		log_err("media: cannot keep %s/%s in the database", key, name);
	return err;
}

enum ng_err
media_store_av(struct arena *a, struct store *st, const char *data_dir,
    const char *src, enum media_av_kind want, struct media *m, char *why,
    size_t whysz)
{
	unsigned char head[16];
	struct stat   sb;
	const char   *ext, *mime;
	char key[MEDIA_KEY_LEN + 1], tmp[4096], dst[4096], file[4200], name[32];
	int  fd;
	ssize_t	    k;
	enum ng_err err;

	snprintf(why, whysz, "the file could not be stored");
	if ((fd = open(src, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ? NG_ENOTFOUND : NG_EIO;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return NG_ENOTFOUND;
	}
	if ((uint64_t)sb.st_size > MEDIA_AV_MAX) {
		close(fd);
		snprintf(why, whysz, "larger than %llu MB",
		    MEDIA_AV_MAX / (1024 * 1024));
		return NG_ETOOBIG;
	}
	k = read_full(fd, (char *)head, sizeof(head));
	if (k < 0 ||
	    (ext = media_av_sniff(head, (size_t)k, want, &mime)) == NULL) {
		close(fd);
		snprintf(why, whysz, "not %s file browsers play",
		    want == MEDIA_AV_VIDEO ? "a video" : "an audio");
		return NG_EINVAL;
	}
	snprintf(name, sizeof(name), "media.%s", ext);
	if (lseek(fd, 0, SEEK_SET) == -1 ||
	    !media_new_dir(data_dir, key, tmp, dst)) {
		close(fd);
		return NG_EIO;
	}
	snprintf(file, sizeof(file), "%s/%s", tmp, name);
	if (!copy_file(fd, file, (uint64_t)sb.st_size)) {
		log_err("media: cannot copy %s: %s", src, strerror(errno));
		close(fd);
		media_rmtree(tmp);
		return NG_EIO;
	}
	close(fd);
	if (rename(tmp, dst) == -1) {
		log_err("media: rename %s: %s", tmp, strerror(errno));
		media_rmtree(tmp);
		return NG_EIO;
	}
	snprintf(file, sizeof(file), "%s/%s", dst, name);
	if (store_media_in_db(st) &&
	    (err = put_pieces(st, file, key, name)) != NG_OK) {
		media_rmtree(dst);
		return err;
	}
	m->path = str_c(arena_printf(a, "%s/%s", key, name));
	m->mime = str_c(mime);
	m->bytes = (int64_t)sb.st_size;
	return media_add_row(st, m, dst);
}

/*
 * Write this instance's copy of key/name from the database's pieces:
 * beside it under a name no request can ask for, renamed when whole.
 */
static enum ng_err
fetch_pieces(struct store *st, const char *dir, struct str key, struct str name,
    const char *dst)
{
	struct arena *a;
	struct str    bytes;
	char	      piece[64], tmp[4200], sfx[MEDIA_KEY_LEN + 1];
	unsigned      i;
	int	      fd, ok = 1;
	enum ng_err   err = NG_OK;

	if (!media_new_key(sfx) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%.*s-%s", dir, (int)name.n, name.p,
		sfx) >= (int)sizeof(tmp))
		return NG_EIO;
	(void)mkdir(dir, 0755);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) ==
	    -1) {
		log_warn("media: cannot keep a copy in %s: %s", dir,
		    strerror(errno));
		return NG_EIO;
	}
	for (i = 0; ok; i++) {
		a = arena_new(STORE_MEDIA_PIECE + 65536);
		snprintf(piece, sizeof(piece), "%.*s.%u", (int)name.n, name.p,
		    i);
		err = store_media_file_get(a, st, key, str_c(piece), &bytes);
		if (err == NG_OK)
			ok = write_all(fd, bytes.p, bytes.n);
		arena_free(a);
		if (err != NG_OK)
			break;
	}
	/* The pieces end where the next is not there. */
	if (err == NG_ENOTFOUND && i > 0)
		err = NG_OK;
	if (close(fd) == -1 || !ok)
		err = err == NG_OK ? NG_EIO : err;
	if (err == NG_OK && rename(tmp, dst) == -1)
		err = NG_EIO;
	if (err != NG_OK)
		(void)unlink(tmp);
	return err;
}

enum ng_err
media_av_open(struct store *st, const char *data_dir, struct str key,
    struct str name, int *fd, int64_t *size)
{
	struct stat sb;
	char	    dir[4096], path[4200];
	enum ng_err err;
	int	    tries;

	*fd = -1;
	*size = 0;
	if (data_dir == NULL || !media_key_ok(key) ||
	    media_av_name_type(name) == NULL ||
	    snprintf(dir, sizeof(dir), "%s/media/%.*s", data_dir, (int)key.n,
		key.p) >= (int)sizeof(dir))
		return NG_ENOTFOUND;
	snprintf(path, sizeof(path), "%s/%.*s", dir, (int)name.n, name.p);
	for (tries = 0; tries < 2; tries++) {
		if ((*fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) !=
		    -1) {
			if (fstat(*fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
				close(*fd);
				*fd = -1;
				return NG_ENOTFOUND;
			}
			*size = (int64_t)sb.st_size;
			return NG_OK;
		}
		if (errno != ENOENT || tries > 0 || st == NULL)
			return NG_ENOTFOUND;
		/* Uploaded through another instance: the database has it. */
		snprintf(path + strlen(dir) - key.n - 1, 1, "%s", "");
		path[strlen(dir) - key.n - 1] = '\0';
		(void)mkdir(path, 0755); /* data_dir/media */
		snprintf(path, sizeof(path), "%s/%.*s", dir, (int)name.n,
		    name.p);
		if ((err = fetch_pieces(st, dir, key, name, path)) != NG_OK)
			return err == NG_EDB ? NG_EDB : NG_ENOTFOUND;
	}
	return NG_ENOTFOUND;
}

struct tv *
media_av_view(struct arena *a, const struct media *m)
{
	enum media_av_kind kind = media_av_kind_of(m->mime);
	const char	  *slash, *dot;
	struct tv	  *x;
	char		   type[8];
	size_t		   i;

	if (kind == MEDIA_AV_NONE || m->path.n <= MEDIA_KEY_LEN + 1 ||
	    (slash = memchr(m->path.p, '/', m->path.n)) == NULL ||
	    !media_key_ok(
		(struct str){ m->path.p, (size_t)(slash - m->path.p) }) ||
	    media_av_name_type((struct str){ slash + 1,
		(size_t)(m->path.p + m->path.n - slash - 1) }) == NULL)
		return NULL;
	/* The name is "media.EXT" (checked above): EXT is its type. */
	dot = memchr(slash, '.', (size_t)(m->path.p + m->path.n - slash));
	for (i = 0; dot != NULL && i + 1 < sizeof(type) &&
	     dot + 1 + i < m->path.p + m->path.n;
	     i++)
		type[i] = (char)(dot[1 + i] >= 'a' && dot[1 + i] <= 'z' ?
			dot[1 + i] - 'a' + 'A' :
			dot[1 + i]);
	type[i] = '\0';
	x = tv_map(a);
	tv_set_int(a, x, "id", m->id);
	tv_set_bool(a, x, "av", 1);
	tv_set_bool(a, x, "is_audio", kind == MEDIA_AV_AUDIO);
	tv_set_bool(a, x, "is_video", kind == MEDIA_AV_VIDEO);
	tv_set_cstr(a, x, "src",
	    arena_printf(a, "/media/%.*s", (int)m->path.n, m->path.p));
	tv_set_str(a, x, "title", m->alt);
	tv_set_str(a, x, "caption", m->caption);
	tv_set_str(a, x, "credit", m->credit);
	tv_set_cstr(a, x, "type", arena_strdup(a, type));
	tv_set_cstr(a, x, "size",
	    m->bytes >= 1024 * 1024 ?
		arena_printf(a, "%.1f MB",
		    (double)m->bytes / (1024.0 * 1024.0)) :
		arena_printf(a, "%lld KB",
		    (long long)(m->bytes + 1023) / 1024));
	tv_set_cstr(a, x, "length",
	    m->duration <= 0	    ? "" :
		m->duration >= 3600 ? arena_printf(a, "%lld:%02lld:%02lld",
					  (long long)(m->duration / 3600),
					  (long long)(m->duration / 60 % 60),
					  (long long)(m->duration % 60)) :
				      arena_printf(a, "%lld:%02lld",
					  (long long)(m->duration / 60),
					  (long long)(m->duration % 60)));
	if (kind == MEDIA_AV_VIDEO && m->width > 0 && m->height > 0) {
		tv_set_int(a, x, "width", m->width);
		tv_set_int(a, x, "height", m->height);
	}
	return x;
}
