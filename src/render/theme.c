/*
 * theme.c -- load a theme (embedded or from a directory), compile its
 * templates and fingerprint its assets.
 *
 * A theme is a flat list of (path, bytes) files, whichever way it was
 * read: templates/ and partials/ go to the Mustache set, everything else
 * becomes an asset served under /assets/<base>.<hash>.<ext>.  The hash is
 * of the content, so a changed stylesheet gets a new URL and the old one
 * may be cached for a year without ever going stale.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"
#include "core/embed.h"
#include "core/xalloc.h"
#include "render/mustache.h"
#include "render/theme.h"

/* Limits for a theme read from disk: themes are trusted, but bounded. */
#define THEME_FILES_MAX 512
#define THEME_FILE_MAX	(8u << 20) /* bytes per file */
#define THEME_DEPTH_MAX 8
#define THEME_PATH_MAX	512

#define TPL_EXT ".mustache"

/*
 * Templates every nutgraf theme must have: the site handlers render these
 * by name, so a theme without one fails at load, not at the first request.
 */
static const char *const required[] = {
	"layout",
	"front",
	"article",
	"archive",
	"error",
};

static const struct {
	const char *ext;
	const char *type;
} ctypes[] = {
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "webp", "image/webp" },
	{ "gif", "image/gif" },
	{ "woff2", "font/woff2" },
	{ "ico", "image/vnd.microsoft.icon" },
	{ "txt", "text/plain; charset=utf-8" },
};

/* One file of the theme, before it is sorted into templates and assets. */
struct tfile {
	char	   *path; /* relative, '/'-separated */
	const char *data;
	size_t	    len;
	int	    owned; /* data was malloc'd (from disk) */
};

struct theme {
	struct mustache_set *set;
	struct theme_asset  *assets;
	size_t		     nassets;
	struct tfile	    *files; /* owns the bytes the assets point at */
	size_t		     nfiles;
};

/* FNV-1a, 64 bits: cheap, stable across builds, good enough to bust caches. */
static uint64_t
fnv1a64(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t	 i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static const char *
content_type(const char *path)
{
	const char *dot, *slash;
	size_t	    i;

	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (dot == NULL || (slash != NULL && dot < slash))
		return "application/octet-stream";
	for (i = 0; i < sizeof(ctypes) / sizeof(ctypes[0]); i++)
		if (strcasecmp(dot + 1, ctypes[i].ext) == 0)
			return ctypes[i].type;
	return "application/octet-stream";
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
files_free(struct tfile *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].path);
		if (f[i].owned)
			free((void *)(uintptr_t)f[i].data);
	}
	free(f);
}

/* Read a regular file of at most THEME_FILE_MAX bytes (NUL-terminated). */
static enum ng_err
read_file(const char *abs, char **out, size_t *len, char *errbuf, size_t errsz,
    const char *rel)
{
	FILE	   *fp;
	struct stat st;
	char	   *p = NULL;
	enum ng_err err = NG_EIO;

	*out = NULL;
	*len = 0;
	if ((fp = fopen(abs, "rb")) == NULL) {
		snprintf(errbuf, errsz, "%s: %s", rel, strerror(errno));
		return NG_EIO;
	}
	if (fstat(fileno(fp), &st) == -1) {
		snprintf(errbuf, errsz, "%s: %s", rel, strerror(errno));
		goto out;
	}
	if (st.st_size < 0 || (uintmax_t)st.st_size > THEME_FILE_MAX) {
		snprintf(errbuf, errsz, "%s: larger than %u bytes", rel,
		    THEME_FILE_MAX);
		err = NG_ETOOBIG;
		goto out;
	}
	p = xmalloc((size_t)st.st_size + 1);
	if (st.st_size > 0 &&
	    fread(p, 1, (size_t)st.st_size, fp) != (size_t)st.st_size) {
		snprintf(errbuf, errsz, "%s: short read", rel);
		goto out;
	}
	p[st.st_size] = '\0';
	*out = p;
	*len = (size_t)st.st_size;
	p = NULL;
	err = NG_OK;
out:
	free(p);
	fclose(fp);
	return err;
}

static int
tfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tfile *)a)->path,
	    ((const struct tfile *)b)->path);
}

struct walk {
	struct tfile *files;
	size_t	      n, cap;
	char	     *errbuf;
	size_t	      errsz;
};

/* Collect the regular files under root/rel, skipping dotfiles. */
static enum ng_err
walk_dir(struct walk *w, const char *root, const char *rel, int depth)
{
	char	       abs[THEME_PATH_MAX * 2], crel[THEME_PATH_MAX];
	DIR	      *d;
	struct dirent *de;
	struct stat    st;
	char	      *data;
	size_t	       len;
	enum ng_err    err = NG_OK;
	int	       k;

	if (depth > THEME_DEPTH_MAX) {
		snprintf(w->errbuf, w->errsz, "%s: nested too deep", rel);
		return NG_ETOOBIG;
	}
	k = snprintf(abs, sizeof(abs), "%s%s%s", root, *rel ? "/" : "", rel);
	if (k < 0 || (size_t)k >= sizeof(abs)) {
		snprintf(w->errbuf, w->errsz, "%s: path too long", rel);
		return NG_ETOOBIG;
	}
	if ((d = opendir(abs)) == NULL) {
		snprintf(w->errbuf, w->errsz, "%s: %s", *rel ? rel : root,
		    strerror(errno));
		return NG_EIO;
	}
	while (err == NG_OK && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		k = snprintf(crel, sizeof(crel), "%s%s%s", rel, *rel ? "/" : "",
		    de->d_name);
		if (k < 0 || (size_t)k >= sizeof(crel)) {
			snprintf(w->errbuf, w->errsz, "%s/%s: path too long",
			    rel, de->d_name);
			err = NG_ETOOBIG;
			break;
		}
		k = snprintf(abs, sizeof(abs), "%s/%s", root, crel);
		if (k < 0 || (size_t)k >= sizeof(abs) || stat(abs, &st) == -1) {
			snprintf(w->errbuf, w->errsz, "%s: cannot stat", crel);
			err = NG_EIO;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			err = walk_dir(w, root, crel, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if (w->n == THEME_FILES_MAX) {
			snprintf(w->errbuf, w->errsz, "more than %d files",
			    THEME_FILES_MAX);
			err = NG_ETOOBIG;
			break;
		}
		if ((err = read_file(abs, &data, &len, w->errbuf, w->errsz,
			 crel)) != NG_OK)
			break;
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 32;
			w->files = xrealloc(w->files,
			    w->cap * sizeof(*w->files));
		}
		w->files[w->n].path = xstrdup(crel);
		w->files[w->n].data = data;
		w->files[w->n].len = len;
		w->files[w->n].owned = 1;
		w->n++;
	}
	closedir(d);
	return err;
}

/*
 * The template name of a file under templates/ or partials/ ("article"
 * for "templates/article.mustache"), copied into name; 0 if the file is
 * not a template.
 */
static int
template_name(const char *path, char *name, size_t sz)
{
	const char *base;
	size_t	    n;

	if (strncmp(path, "templates/", 10) == 0)
		base = path + 10;
	else if (strncmp(path, "partials/", 9) == 0)
		base = path + 9;
	else
		return 0;
	if (strchr(base, '/') != NULL || !has_suffix(base, TPL_EXT))
		return 0;
	n = strlen(base) - strlen(TPL_EXT);
	if (n == 0 || n >= sz)
		return 0;
	memcpy(name, base, n);
	name[n] = '\0';
	return 1;
}

/* Is this file part of the template source (never served)? */
static int
is_template_dir(const char *path)
{
	return strncmp(path, "templates/", 10) == 0 ||
	    strncmp(path, "partials/", 9) == 0;
}

/*
 * "/assets/<base>.<hash8>.<ext>" for path, where base is the file name
 * without directory and extension.
 */
static char *
asset_url(const struct tfile *f)
{
	const char *base, *dot;
	char	    hash[9];
	uint64_t    h;
	size_t	    sz, nb;
	char	   *url;

	base = strrchr(f->path, '/');
	base = base == NULL ? f->path : base + 1;
	dot = strrchr(base, '.');
	nb = dot == NULL || dot == base ? strlen(base) : (size_t)(dot - base);
	h = fnv1a64(f->data, f->len);
	snprintf(hash, sizeof(hash), "%08x",
	    (unsigned)((h ^ (h >> 32)) & 0xffffffffu));
	sz = sizeof("/assets/") + nb + 1 + 8 + strlen(base) + 1;
	url = xmalloc(sz);
	if (dot == NULL || dot == base)
		snprintf(url, sz, "/assets/%.*s.%s", (int)nb, base, hash);
	else
		snprintf(url, sz, "/assets/%.*s.%s%s", (int)nb, base, hash,
		    dot);
	return url;
}

/* Turn a list of files into a theme.  Takes ownership of files. */
static enum ng_err
build(struct tfile *files, size_t nfiles, struct theme **out, char *errbuf,
    size_t errsz)
{
	struct theme *t;
	char	      name[128], msg[256];
	const char   *seen[sizeof(required) / sizeof(required[0])];
	size_t	      i, j;
	enum ng_err   err;

	t = xcalloc(1, sizeof(*t));
	t->files = files;
	t->nfiles = nfiles;
	t->set = mustache_set_new();
	t->assets = xcalloc(nfiles == 0 ? 1 : nfiles, sizeof(*t->assets));
	memset(seen, 0, sizeof(seen));

	for (i = 0; i < nfiles; i++) {
		struct tfile *f = &files[i];

		if (is_template_dir(f->path)) {
			if (!template_name(f->path, name, sizeof(name)))
				continue; /* README etc. */
			if (mustache_set_has(t->set, name)) {
				snprintf(errbuf, errsz,
				    "%s: a template "
				    "called \"%s\" already exists",
				    f->path, name);
				err = NG_ECONFLICT;
				goto fail;
			}
			msg[0] = '\0';
			err = mustache_set_add(t->set, name, f->data, f->len,
			    msg, sizeof(msg));
			if (err != NG_OK) {
				snprintf(errbuf, errsz, "%s: %s", f->path,
				    msg[0] ? msg : ng_strerror(err));
				goto fail;
			}
			continue;
		}
		t->assets[t->nassets].path = f->path;
		t->assets[t->nassets].url = asset_url(f);
		t->assets[t->nassets].content_type = content_type(f->path);
		t->assets[t->nassets].body = (struct str){ f->data, f->len };
		t->nassets++;
		for (j = 0; j + 1 < t->nassets; j++)
			if (strcmp(t->assets[j].url,
				t->assets[t->nassets - 1].url) == 0) {
				snprintf(errbuf, errsz,
				    "%s and %s: both "
				    "served as %s",
				    t->assets[j].path, f->path,
				    t->assets[j].url);
				err = NG_ECONFLICT;
				goto fail;
			}
	}
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!mustache_set_has(t->set, required[i])) {
			snprintf(errbuf, errsz, "templates/%s%s: missing",
			    required[i], TPL_EXT);
			err = NG_EINVAL;
			goto fail;
		}
	*out = t;
	return NG_OK;
fail:
	theme_free(t);
	return err;
}

enum ng_err
theme_load(const char *dir, struct theme **out, char *errbuf, size_t errsz)
{
	struct walk   w;
	struct tfile *files;
	size_t	      i;
	enum ng_err   err;
	char	      dummy[1];

	*out = NULL;
	if (errbuf == NULL || errsz == 0) {
		errbuf = dummy;
		errsz = sizeof(dummy);
	}
	errbuf[0] = '\0';
	if (dir == NULL) {
		files = xcalloc(embedded_nfiles == 0 ? 1 : embedded_nfiles,
		    sizeof(*files));
		for (i = 0; i < embedded_nfiles; i++) {
			files[i].path = xstrdup(embedded_files[i].path);
			files[i].data = (const char *)embedded_files[i].data;
			files[i].len = embedded_files[i].len;
		}
		return build(files, embedded_nfiles, out, errbuf, errsz);
	}

	memset(&w, 0, sizeof(w));
	w.errbuf = errbuf;
	w.errsz = errsz;
	if ((err = walk_dir(&w, dir, "", 0)) != NG_OK) {
		files_free(w.files, w.n);
		return err;
	}
	/* readdir order is arbitrary; sorted, errors are reproducible. */
	if (w.n > 1)
		qsort(w.files, w.n, sizeof(*w.files), tfile_cmp);
	return build(w.files, w.n, out, errbuf, errsz);
}

void
theme_free(struct theme *t)
{
	size_t i;

	if (t == NULL)
		return;
	mustache_set_free(t->set);
	for (i = 0; i < t->nassets; i++)
		free((void *)(uintptr_t)t->assets[i].url);
	free(t->assets);
	files_free(t->files, t->nfiles);
	free(t);
}

enum ng_err
theme_render(const struct theme *t, const char *name, const struct tv *ctx,
    struct buf *out)
{
	return mustache_render(t->set, name, ctx, MUSTACHE_STRICT_RAW, out);
}

/* A handful of assets: a linear scan beats any index here. */
const struct theme_asset *
theme_asset_by_url(const struct theme *t, struct str url)
{
	size_t i;

	for (i = 0; i < t->nassets; i++)
		if (str_eqc(url, t->assets[i].url))
			return &t->assets[i];
	return NULL;
}

const char *
theme_asset_url(const struct theme *t, const char *path)
{
	size_t i;

	for (i = 0; i < t->nassets; i++)
		if (strcmp(t->assets[i].path, path) == 0)
			return t->assets[i].url;
	return NULL;
}
