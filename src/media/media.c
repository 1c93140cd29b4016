/*
 * media.c -- variant names, their files and media views (media.h).
 *
 * Only names this module writes are ever opened: a key of hex digits and
 * a "<digits>.jpg" or "<digits>.webp" file, so no request can name
 * anything else under the data directory (no "..", no dot files).
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <dirent.h>

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/app.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "media/image.h"
#include "media/media.h"
#include "media/media_int.h"
#include "render/tv.h"
#include "store/store.h"

static int
hexdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

int
media_key_ok(struct str key)
{
	size_t i;

	if (key.n != MEDIA_KEY_LEN)
		return 0;
	for (i = 0; i < key.n; i++)
		if (!hexdigit(key.p[i]))
			return 0;
	return 1;
}

int
media_file_ok(struct str name)
{
	size_t i = 0;

	while (i < name.n && i < 5 && name.p[i] >= '0' && name.p[i] <= '9')
		i++;
	if (i == 0 || name.p[0] == '0')
		return 0;
	name.p += i;
	name.n -= i;
	return str_eqc(name, ".jpg") || str_eqc(name, ".webp") ||
	    str_eqc(name, ".png") || str_eqc(name, ".gif");
}

const char *
media_variant_type(struct str path)
{
	const char *slash = path.n > 0 ? memrchr(path.p, '/', path.n) : NULL;
	struct str  name = path;

	if (slash != NULL)
		name = (struct str){ slash + 1,
			path.n - (size_t)(slash + 1 - path.p) };
	if (!media_file_ok(name))
		return NULL;
	switch (name.p[name.n - 1]) {
	case 'p':
		return "image/webp";
	case 'g':
		return name.p[name.n - 2] == 'n' ? "image/png" : "image/jpeg";
	default:
		return "image/gif";
	}
}

const char *
media_fallback_ext(const struct media *m)
{
	if (m->path.n > 4 && memcmp(m->path.p + m->path.n - 4, ".png", 4) == 0)
		return "png";
	if (m->path.n > 4 && memcmp(m->path.p + m->path.n - 4, ".gif", 4) == 0)
		return "gif";
	return "jpg";
}

/* Split "<key>/<w>.jpg" into key; 0 when it is not one of ours. */
static int
path_key(struct str path, struct str *key)
{
	if (path.n <= MEDIA_KEY_LEN + 1 || path.p[MEDIA_KEY_LEN] != '/')
		return 0;
	*key = (struct str){ path.p, MEDIA_KEY_LEN };
	return media_key_ok(*key) &&
	    media_file_ok((struct str){ path.p + MEDIA_KEY_LEN + 1,
		path.n - MEDIA_KEY_LEN - 1 });
}

struct tv *
media_view(struct arena *a, const struct media *m)
{
	struct tv  *x;
	struct buf  jpg, webp;
	struct str  key, js, ws_;
	const char *ext = media_fallback_ext(m);
	int	    ws[IMAGE_VARIANTS_MAX];
	size_t	    i, n;

	if (!path_key(m->path, &key) || m->width <= 0 || m->width > INT32_MAX)
		return NULL;
	n = image_variant_widths((int)m->width, ws);
	buf_init(&jpg, a);
	buf_init(&webp, a);
	for (i = 0; i < n; i++) {
		buf_printf(&jpg, "%s/media/%.*s/%d.%s %dw", i > 0 ? "," : "",
		    (int)key.n, key.p, ws[i], ext, ws[i]);
		buf_printf(&webp, "%s/media/%.*s/%d.webp %dw", i > 0 ? "," : "",
		    (int)key.n, key.p, ws[i], ws[i]);
	}
	if (buf_finish(&jpg, &js) != NG_OK || buf_finish(&webp, &ws_) != NG_OK)
		return NULL;
	x = tv_map(a);
	tv_set_int(a, x, "id", m->id);
	tv_set_cstr(a, x, "src",
	    arena_printf(a, "/media/%.*s", (int)m->path.n, m->path.p));
	tv_set_str(a, x, "srcset", js);
	tv_set_str(a, x, "srcset_webp", ws_);
	tv_set_int(a, x, "width", m->width);
	tv_set_int(a, x, "height", m->height);
	tv_set_str(a, x, "alt", m->alt);
	tv_set_str(a, x, "caption", m->caption);
	tv_set_str(a, x, "credit", m->credit);
	tv_set_bool(a, x, "has_caption", m->caption.n > 0 || m->credit.n > 0);
	return x;
}

void
media_featured(struct arena *a, struct store *st, struct tv *map,
    const char *key, int64_t article_id)
{
	struct media m;
	struct tv   *x;
	int64_t	     id;

	if (store_article_featured(st, article_id, &id) != NG_OK || id == 0 ||
	    store_media_get(a, st, id, &m) != NG_OK ||
	    (x = media_view(a, &m)) == NULL)
		return;
	tv_set(a, map, key, x);
}

int
media_variant_path(const char *data_dir, struct str key, struct str name,
    char *buf, size_t sz)
{
	if (data_dir == NULL || !media_key_ok(key) || !media_file_ok(name))
		return 0;
	return snprintf(buf, sz, "%s/media/%.*s/%.*s", data_dir, (int)key.n,
		   key.p, (int)name.n, name.p) < (int)sz;
}

int64_t
media_file_size(struct store *st, const char *data_dir, struct str path)
{
	const char *slash;
	struct str  key, name;
	struct stat sb;
	char	    full[4096];
	int64_t	    n;

	if (path.n == 0 || (slash = memchr(path.p, '/', path.n)) == NULL)
		return 0;
	key = (struct str){ path.p, (size_t)(slash - path.p) };
	name = (struct str){ slash + 1, path.n - key.n - 1 };
	if (!media_variant_path(data_dir, key, name, full, sizeof(full)))
		return 0;
	if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
		return (int64_t)sb.st_size;
	/* Uploaded through another instance: the database knows. */
	if (st == NULL || store_media_file_size(st, key, name, &n) != NG_OK)
		return 0;
	return n;
}

void
media_rmtree(const char *dir)
{
	DIR	      *d;
	struct dirent *e;
	char	       p[4096];

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			if (snprintf(p, sizeof(p), "%s/%s", dir, e->d_name) <
			    (int)sizeof(p))
				(void)unlink(p);
		}
		closedir(d);
	}
	if (rmdir(dir) == -1 && errno != ENOENT)
		log_warn("media: rmdir %s: %s", dir, strerror(errno));
}

int
media_new_key(char key[MEDIA_KEY_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	  b[MEDIA_KEY_LEN / 2];
	size_t		  i;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return 0;
	for (i = 0; i < sizeof(b); i++) {
		key[2 * i] = hex[b[i] >> 4];
		key[2 * i + 1] = hex[b[i] & 15];
	}
	key[MEDIA_KEY_LEN] = '\0';
	return 1;
}

enum ng_err
media_read_file(struct arena *a, const char *path, char **out, size_t *n)
{
	struct stat sb;
	char	   *body;
	size_t	    got = 0;
	ssize_t	    k;
	int	    fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NG_ENOTFOUND;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > (off_t)MEDIA_FILE_MAX) {
		close(fd);
		return NG_ENOTFOUND;
	}
	body = a != NULL ? arena_alloc(a, (size_t)sb.st_size + 1) :
			   malloc((size_t)sb.st_size + 1);
	if (body == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		k = read(fd, body + got, (size_t)sb.st_size - got);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got != (size_t)sb.st_size) {
		log_err("media: short read of %s", path);
		if (a == NULL)
			free(body);
		return NG_EIO;
	}
	body[got] = '\0';
	*out = body;
	*n = got;
	return NG_OK;
}

/*
 * Put the variants just written to dir into the database, so instances
 * on other machines can serve them (store_media_in_db()).  All of them
 * are there before the media row is added, which is what makes the
 * upload visible.
 */
static enum ng_err
put_variants(struct store *st, const char *dir, const char *key, const int *ws,
    size_t nw, const char *fallback)
{
	const char *ext[] = { fallback, "webp" };
	char	   *bytes;
	size_t	    i, j, n;
	char	    name[32], path[4096];
	enum ng_err err;

	for (i = 0; i < nw; i++) {
		for (j = 0; j < 2; j++) {
			snprintf(name, sizeof(name), "%d.%s", ws[i], ext[j]);
			if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
			    (int)sizeof(path))
				return NG_EIO;
			err = media_read_file(NULL, path, &bytes, &n);
			if (err == NG_OK) {
				err = store_media_file_put(st, str_c(key),
				    str_c(name), (struct str){ bytes, n });
				free(bytes);
			}
			if (err != NG_OK) {
				log_err("media: cannot keep %s/%s in the "
					"database",
				    key, name);
				return err;
			}
		}
	}
	return NG_OK;
}

/*
 * Keep bytes fetched from the database as data_dir's copy of key/name:
 * written beside it under a name no request can ask for, then renamed,
 * so a reader never gets half a file.  A failure only costs the next
 * request another fetch.
 */
static void
keep_copy(const char *data_dir, struct str key, struct str name,
    struct str bytes)
{
	char	base[4096], dir[4096], tmp[4096], dst[4096];
	char	sfx[MEDIA_KEY_LEN + 1];
	size_t	off = 0;
	ssize_t k;
	int	fd;

	if (!media_new_key(sfx) ||
	    snprintf(base, sizeof(base), "%s/media", data_dir) >=
		(int)sizeof(base) ||
	    snprintf(dir, sizeof(dir), "%s/%.*s", base, (int)key.n, key.p) >=
		(int)sizeof(dir) ||
	    snprintf(tmp, sizeof(tmp), "%s/.%.*s-%s", dir, (int)name.n, name.p,
		sfx) >= (int)sizeof(tmp) ||
	    !media_variant_path(data_dir, key, name, dst, sizeof(dst)))
		return;
	(void)mkdir(base, 0755);
	(void)mkdir(dir, 0755);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) ==
	    -1) {
		log_warn("media: cannot keep a copy in %s: %s", dir,
		    strerror(errno));
		return;
	}
	while (off < bytes.n) {
		k = write(fd, bytes.p + off, bytes.n - off);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	if (close(fd) == -1 || off != bytes.n || rename(tmp, dst) == -1) {
		log_warn("media: cannot keep a copy of %s: %s", dst,
		    strerror(errno));
		(void)unlink(tmp);
	}
}

/*
 * Variants made on request are made under a lock of their own name, so
 * that readers asking at once for a variant not made yet wait for the
 * first one's file instead of making it again.  Striped: names share a
 * lock only when their hashes meet, which costs a wait, never a wrong
 * answer.
 */
#define MAKE_LOCKS 64
static pthread_mutex_t make_lock[MAKE_LOCKS] = {
	[0 ... MAKE_LOCKS - 1] = PTHREAD_MUTEX_INITIALIZER
};

static pthread_mutex_t *
lock_of(struct str key, struct str name)
{
	uint32_t h = 2166136261u;
	size_t	 i;

	for (i = 0; i < key.n; i++)
		h = (h ^ (unsigned char)key.p[i]) * 16777619u;
	h = (h ^ '/') * 16777619u;
	for (i = 0; i < name.n; i++)
		h = (h ^ (unsigned char)name.p[i]) * 16777619u;
	return &make_lock[h % MAKE_LOCKS];
}

static int
orig_path(const char *data_dir, struct str key, char *buf, size_t sz)
{
	if (data_dir == NULL || !media_key_ok(key))
		return 0;
	return snprintf(buf, sz, "%s/media/%.*s/" MEDIA_ORIGINAL, data_dir,
		   (int)key.n, key.p) < (int)sz;
}

/* The original of a deferred image, read once for its variants. */
struct original {
	struct str    bytes;
	char	     *heap;  /* data_dir's copy, malloc'd */
	struct arena *arena; /* the database's copy */
};

static enum ng_err
original_load(struct store *st, const char *data_dir, struct str key,
    struct original *o)
{
	char	    path[4096];
	size_t	    n;
	enum ng_err err;

	memset(o, 0, sizeof(*o));
	if (!orig_path(data_dir, key, path, sizeof(path)))
		return NG_ENOTFOUND;
	if ((err = media_read_file(NULL, path, &o->heap, &n)) == NG_OK) {
		o->bytes = (struct str){ o->heap, n };
		return NG_OK;
	}
	if (err != NG_ENOTFOUND || st == NULL || !store_media_in_db(st))
		return err;
	o->arena = arena_new(MEDIA_FILE_MAX + (1u << 20));
	return store_media_file_get(o->arena, st, key, str_c(MEDIA_ORIGINAL),
	    &o->bytes);
}

static void
original_free(struct original *o)
{
	free(o->heap);
	arena_free(o->arena);
	memset(o, 0, sizeof(*o));
}

/*
 * Keep variant name of key just made: data_dir's copy, and the
 * database's when it keeps media bytes.
 */
static void
keep_made(struct store *st, const char *data_dir, struct str key,
    struct str name, struct str bytes)
{
	log_debug("media: made %.*s/%.*s", (int)key.n, key.p, (int)name.n,
	    name.p);
	keep_copy(data_dir, key, name, bytes);
	if (st != NULL && store_media_in_db(st) &&
	    store_media_file_put(st, key, name, bytes) != NG_OK)
		log_warn("media: cannot keep %.*s/%.*s in the database",
		    (int)key.n, key.p, (int)name.n, name.p);
}

/*
 * Make the variants names[0..nx) of one width w of key from the
 * original o, keep them (keep_made()) and, when a is set, give the first
 * one's bytes in a.  Called with the names' locks held, after a look
 * that found no copy of any.
 */
static enum ng_err
make_set(struct arena *a, struct store *st, const char *data_dir,
    struct str key, const struct original *o, int w, const struct str *names,
    size_t nx, struct str *out)
{
	const char *exts[2] = { NULL, NULL };
	void	   *bytes[2];
	size_t	    bn[2], i;
	char	    why[128], *body;
	enum ng_err err;

	if (nx > 2)
		return NG_EINVAL;
	for (i = 0; i < nx; i++) {
		exts[i] = memchr(names[i].p, '.', names[i].n);
		if (exts[i] == NULL)
			return NG_ENOTFOUND;
		exts[i]++;
	}
	err = image_variant_set(o->bytes.p, o->bytes.n, w, exts, nx, bytes, bn,
	    why, sizeof(why));
	if (err != NG_OK) {
		if (err != NG_ENOTFOUND)
			log_err("media: %.*s/%.*s: %s", (int)key.n, key.p,
			    (int)names[0].n, names[0].p, why);
		return err == NG_ENOTFOUND ? NG_ENOTFOUND : NG_EIO;
	}
	for (i = 0; i < nx; i++)
		keep_made(st, data_dir, key, names[i],
		    (struct str){ bytes[i], bn[i] });
	if (a != NULL) {
		if ((body = arena_alloc(a, bn[0] + 1)) == NULL)
			err = NG_ENOMEM;
		else {
			memcpy(body, bytes[0], bn[0]);
			body[bn[0]] = '\0';
			*out = (struct str){ body, bn[0] };
		}
	}
	for (i = 0; i < nx; i++)
		image_free(bytes[i]);
	return err;
}

/*
 * Make variant name of key from the original kept for it (data_dir's,
 * else the database's), keep it and give its bytes in a.  Called with
 * the name's lock held, after a look that found neither copy.
 */
static enum ng_err
make_variant(struct arena *a, struct store *st, const char *data_dir,
    struct str key, struct str name, struct str *out)
{
	struct original o;
	enum ng_err	err;

	if (memchr(name.p, '.', name.n) == NULL)
		return NG_ENOTFOUND;
	if ((err = original_load(st, data_dir, key, &o)) == NG_OK)
		err = make_set(a, st, data_dir, key, &o,
		    (int)strtol(name.p, NULL, 10), &name, 1, out);
	original_free(&o);
	return err;
}

/*
 * The bytes of key/name as data_dir has them, or the database, or made
 * now from the original; path is data_dir's file.  With a NULL (the
 * background job) only made when missing, nothing read.
 */
static enum ng_err
variant_get(struct arena *a, struct store *st, const char *data_dir,
    struct str key, struct str name, const char *path, struct str *out)
{
	pthread_mutex_t *mu;
	struct stat	 sb;
	char		*body;
	size_t		 n;
	enum ng_err	 err;

	if (a == NULL)
		err = stat(path, &sb) == 0 ? NG_OK : NG_ENOTFOUND;
	else if ((err = media_read_file(a, path, &body, &n)) == NG_OK)
		*out = (struct str){ body, n };
	if (err != NG_ENOTFOUND)
		return err;
	if (st != NULL && store_media_in_db(st)) {
		if (a == NULL) {
			int64_t sz;

			err = store_media_file_size(st, key, name, &sz);
		} else if ((err = store_media_file_get(a, st, key, name,
				out)) == NG_OK)
			keep_copy(data_dir, key, name, *out);
		if (err != NG_ENOTFOUND)
			return err;
	}
	/* Not made yet: the first to ask makes it, the others wait. */
	mu = lock_of(key, name);
	pthread_mutex_lock(mu);
	if (a == NULL)
		err = stat(path, &sb) == 0 ? NG_OK : NG_ENOTFOUND;
	else if ((err = media_read_file(a, path, &body, &n)) == NG_OK)
		*out = (struct str){ body, n };
	if (err == NG_ENOTFOUND)
		err = make_variant(a, st, data_dir, key, name, out);
	pthread_mutex_unlock(mu);
	return err;
}

enum ng_err
media_variant_get(struct arena *a, struct store *st, const char *data_dir,
    struct str key, struct str name, struct str *out)
{
	char path[4096];

	*out = (struct str){ NULL, 0 };
	if (a == NULL ||
	    !media_variant_path(data_dir, key, name, path, sizeof(path)))
		return NG_ENOTFOUND;
	return variant_get(a, st, data_dir, key, name, path, out);
}

/* Has neither data_dir (path) nor the database key/name? */
static int
missing(struct store *st, struct str key, struct str name, const char *path)
{
	struct stat sb;
	int64_t	    n;

	if (stat(path, &sb) == 0)
		return 0;
	return st == NULL || !store_media_in_db(st) ||
	    store_media_file_size(st, key, name, &n) == NG_ENOTFOUND;
}

enum ng_err
media_variants_fill(struct store *st, const char *data_dir,
    const struct media *m, size_t *made)
{
	const char	*list[2] = { "webp", media_fallback_ext(m) };
	pthread_mutex_t *mu[2];
	struct original	 o;
	struct str	 key, names[2], todo[2];
	char		 nb[2][32], path[2][4096];
	int		 ws[IMAGE_VARIANTS_MAX], loaded = 0;
	size_t		 i, j, nw, nt;
	enum ng_err	 err = NG_OK;

	*made = 0;
	memset(&o, 0, sizeof(o));
	if (m->path.n <= MEDIA_KEY_LEN || m->width <= 0 ||
	    m->width > IMAGE_SIDE_MAX)
		return NG_ENOTFOUND;
	key = (struct str){ m->path.p, MEDIA_KEY_LEN };
	nw = image_variant_widths((int)m->width, ws);
	for (i = 0; i < nw && err == NG_OK; i++) {
		for (j = 0; j < 2; j++) {
			snprintf(nb[j], sizeof(nb[j]), "%d.%s", ws[i], list[j]);
			names[j] = str_c(nb[j]);
			if (!media_variant_path(data_dir, key, names[j],
				path[j], sizeof(path[j])))
				return NG_ENOTFOUND;
		}
		if (!missing(st, key, names[0], path[0]) &&
		    !missing(st, key, names[1], path[1]))
			continue;
		/*
		 * Both formats of a width from one decode, under both
		 * names' locks (one when they share it): a request for
		 * either waits for these files instead of making its own.
		 */
		mu[0] = lock_of(key, names[0]);
		mu[1] = lock_of(key, names[1]);
		pthread_mutex_lock(mu[0]);
		if (mu[1] != mu[0])
			pthread_mutex_lock(mu[1]);
		for (nt = 0, j = 0; j < 2; j++)
			if (missing(st, key, names[j], path[j]))
				todo[nt++] = names[j];
		if (nt > 0 && !loaded) {
			err = original_load(st, data_dir, key, &o);
			loaded = err == NG_OK;
		}
		if (nt > 0 && err == NG_OK &&
		    (err = make_set(NULL, st, data_dir, key, &o, ws[i], todo,
			 nt, NULL)) == NG_OK)
			*made += nt;
		if (mu[1] != mu[0])
			pthread_mutex_unlock(mu[1]);
		pthread_mutex_unlock(mu[0]);
	}
	original_free(&o);
	return err;
}

/*
 * Keep the original data of a new upload as dir/MEDIA_ORIGINAL (and in
 * the database when it keeps media bytes).
 */
static enum ng_err
keep_original(struct store *st, const char *dir, const char *key,
    struct str data)
{
	FILE *f;
	char  path[4096];
	int   ok;

	if (snprintf(path, sizeof(path), "%s/" MEDIA_ORIGINAL, dir) >=
	    (int)sizeof(path))
		return NG_EIO;
	if ((f = fopen(path, "wbx")) == NULL)
		ok = 0;
	else {
		ok = fwrite(data.p, 1, data.n, f) == data.n;
		ok = fclose(f) == 0 && ok;
	}
	if (!ok) {
		log_err("media: writing %s failed", path);
		return NG_EIO;
	}
	if (store_media_in_db(st))
		return store_media_file_put(st, str_c(key),
		    str_c(MEDIA_ORIGINAL), data);
	return NG_OK;
}

/* The page's "Why" of a refusal: a capital letter and a full stop. */
static void
refusal(enum ng_err err, int *status, char *why, size_t whysz)
{
	if (err == NG_EINVAL || err == NG_ETOOBIG) {
		*status = err == NG_EINVAL ? 415 : 413;
		if (why[0] >= 'a' && why[0] <= 'z')
			why[0] = (char)(why[0] - 'a' + 'A');
		strncat(why, ".", whysz - strlen(why) - 1);
	}
}

/* m's path, type and size from info, then its row (media_add_row()). */
static enum ng_err
add_image_row(struct arena *a, struct store *st, struct media *m,
    const char *key, const char *dst, const struct image_info *info)
{
	int    ws[IMAGE_VARIANTS_MAX];
	size_t nw = image_variant_widths(info->width, ws);

	m->path = str_c(arena_printf(a, "%s/%d.%s", key,
	    nw > 0 ? ws[nw - 1] : 0, info->ext));
	m->mime = str_c(info->mime);
	m->width = info->width;
	m->height = info->height;
	return media_add_row(st, m, dst);
}

enum ng_err
media_store_deferred(struct arena *a, struct store *st, const char *data_dir,
    struct str data, struct media *m, int *status, char *why, size_t whysz)
{
	struct image_info info;
	char		  key[MEDIA_KEY_LEN + 1], tmp[4096], dst[4096];
	enum ng_err	  err;

	/* Too big to keep as one database value: made now, as uploads. */
	if (data.n > MEDIA_FILE_MAX)
		return media_store_file(a, st, data_dir, data, m, status, why,
		    whysz);
	*status = 500;
	snprintf(why, whysz, "The image could not be stored.");
	if ((err = image_probe(data.p, data.n, &info, why, whysz)) != NG_OK) {
		refusal(err, status, why, whysz);
		return err;
	}
	if (!media_new_dir(data_dir, key, tmp, dst))
		return NG_EIO;
	if ((err = keep_original(st, tmp, key, data)) != NG_OK) {
		media_rmtree(tmp);
		return err;
	}
	if (rename(tmp, dst) == -1) {
		log_err("media: rename %s: %s", tmp, strerror(errno));
		media_rmtree(tmp);
		return NG_EIO;
	}
	if ((err = add_image_row(a, st, m, key, dst, &info)) != NG_OK)
		return err;
	if ((err = store_media_pending_set(st, m->id, 1)) != NG_OK)
		log_err("media: cannot mark %s for the background job", key);
	return err;
}

enum ng_err
media_store_file(struct arena *a, struct store *st, const char *data_dir,
    struct str data, struct media *m, int *status, char *why, size_t whysz)
{
	struct image_info info;
	char		  key[MEDIA_KEY_LEN + 1], tmp[4096], dst[4096];
	int		  ws[IMAGE_VARIANTS_MAX];
	size_t		  nw;
	enum ng_err	  err;

	*status = 500;
	snprintf(why, whysz, "The image could not be stored.");
	if (!media_new_dir(data_dir, key, tmp, dst))
		return NG_EIO;
	err = image_variants(data.p, data.n, tmp, &info, why, whysz);
	if (err != NG_OK) {
		media_rmtree(tmp);
		refusal(err, status, why, whysz);
		return err;
	}
	if (rename(tmp, dst) == -1) {
		log_err("media: rename %s: %s", tmp, strerror(errno));
		media_rmtree(tmp);
		return NG_EIO;
	}
	nw = image_variant_widths(info.width, ws);
	if (store_media_in_db(st) &&
	    (err = put_variants(st, dst, key, ws, nw, info.ext)) != NG_OK) {
		media_rmtree(dst);
		return err;
	}
	return add_image_row(a, st, m, key, dst, &info);
}

enum ng_err
media_add_row(struct store *st, struct media *m, const char *dst)
{
	enum ng_err err;

	if (m->path.p == NULL)
		err = NG_ENOMEM;
	else
		err = store_media_add(st, m, &m->id);
	if (err != NG_OK)
		media_rmtree(dst);
	return err;
}

int
media_new_dir(const char *data_dir, char key[MEDIA_KEY_LEN + 1], char tmp[4096],
    char dst[4096])
{
	char base[4096];

	if (!media_new_key(key) ||
	    snprintf(base, sizeof(base), "%s/media", data_dir) >=
		(int)sizeof(base) ||
	    snprintf(tmp, 4096, "%s/.up-%s", base, key) >= 4096 ||
	    snprintf(dst, 4096, "%s/%s", base, key) >= 4096)
		return 0;
	if ((mkdir(base, 0755) == -1 && errno != EEXIST) ||
	    mkdir(tmp, 0755) == -1) {
		log_err("media: mkdir %s: %s", tmp, strerror(errno));
		return 0;
	}
	return 1;
}
