/*
 * datadir.c -- backup, restore and check of a data directory.
 *
 * The database is copied first and the media after: a media row is
 * committed only after its files are written, so every file the
 * snapshot names is already on disk when the copy of media/ starts.
 * Files added later are extra and harmless.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/backup.h"
#include "store/datadir.h"
#include "store/store.h"

#define MANIFEST      "MANIFEST"
#define MANIFEST_HEAD "nutgraf-backup 1 schema "
#define DB_NAME	      "nutgraf.db"
#define COPY_BUF      65536
#define MEDIA_DEPTH   8 /* media/<key>/<file>: deeper is not ours */

const char *
datadir_db_path(const char *dir, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s/" DB_NAME, dir);
	return buf;
}

/* Copy the regular file from to the new file to; *size gets its size. */
static enum ng_err
copy_file(const char *from, const char *to, long long *size, char *errbuf,
    size_t errsz)
{
	char	  buf[COPY_BUF];
	ssize_t	  n, w;
	long long total = 0;
	int	  in, o;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(errbuf, errsz, "%s: %s", from, strerror(errno));
		return errno == ENOENT ? NG_ENOTFOUND : NG_EIO;
	}
	if ((o = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640)) ==
	    -1) {
		snprintf(errbuf, errsz, "%s: %s", to, strerror(errno));
		close(in);
		return NG_EIO;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		for (w = 0; w < n;) {
			ssize_t k = write(o, buf + w, (size_t)(n - w));

			if (k <= 0) {
				n = -1;
				break;
			}
			w += k;
		}
		if (n < 0)
			break;
		total += n;
	}
	if (n < 0 || fsync(o) == -1) {
		snprintf(errbuf, errsz, "copying %s to %s: %s", from, to,
		    strerror(errno));
		close(in);
		close(o);
		unlink(to);
		return NG_EIO;
	}
	close(in);
	if (close(o) == -1) {
		snprintf(errbuf, errsz, "%s: %s", to, strerror(errno));
		return NG_EIO;
	}
	*size = total;
	return NG_OK;
}

/* mkdir -p for the directories above path (relative to root). */
static enum ng_err
make_parents(const char *root, const char *rel, char *errbuf, size_t errsz)
{
	char   p[PATH_MAX];
	size_t rootn = strlen(root), i;

	if (snprintf(p, sizeof(p), "%s/%s", root, rel) >= (int)sizeof(p)) {
		snprintf(errbuf, errsz, "%s/%s: path too long", root, rel);
		return NG_EINVAL;
	}
	for (i = rootn + 1; p[i] != '\0'; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0750) == -1 && errno != EEXIST) {
			snprintf(errbuf, errsz, "cannot create %s: %s", p,
			    strerror(errno));
			return NG_EIO;
		}
		p[i] = '/';
	}
	return NG_OK;
}

/* A manifest path: relative, no "..", no odd bytes. */
static int
safe_rel(const char *p)
{
	const char *s;

	if (*p == '\0' || *p == '/' || strlen(p) >= PATH_MAX / 2)
		return 0;
	for (s = p; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == '\\')
			return 0;
	for (s = p; s != NULL; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if (strncmp(s, "..", 2) == 0 && (s[2] == '/' || s[2] == '\0'))
			return 0;
		if (*s == '/' || *s == '\0')
			return 0; /* "a//b" or trailing slash */
	}
	return 1;
}

/* --- backup --- */

struct walk {
	const char *root; /* the data directory */
	const char *dest;
	FILE	   *manifest;
	size_t	    files;
	long long   bytes;
	char	   *errbuf;
	size_t	    errsz;
	enum ng_err err;
};

/* nftw() has no closure argument: one backup at a time per process. */
static struct walk *walking;

static int
on_media(const char *path, const struct stat *st, int type, struct FTW *f)
{
	struct walk *w = walking;
	const char  *rel = path + strlen(w->root) + 1;
	char	     to[PATH_MAX];
	long long    size;
	enum ng_err  err;

	(void)st;
	if (f->level > MEDIA_DEPTH)
		return 0;
	if (type != FTW_F)
		return 0;
	if (!safe_rel(rel))
		return 0; /* a name we would not restore */
	if ((err = make_parents(w->dest, rel, w->errbuf, w->errsz)) != NG_OK)
		goto fail;
	snprintf(to, sizeof(to), "%s/%s", w->dest, rel);
	err = copy_file(path, to, &size, w->errbuf, w->errsz);
	if (err == NG_ENOTFOUND)
		return 0; /* deleted while we walked: not in the snapshot */
	if (err != NG_OK)
		goto fail;
	fprintf(w->manifest, "%lld\t%s\n", size, rel);
	w->files++;
	w->bytes += size;
	return 0;
fail:
	w->err = err;
	return 1;
}

enum ng_err
datadir_backup(const char *data_dir, const char *dest, FILE *out, char *errbuf,
    size_t errsz)
{
	struct walk	       w = { 0 };
	struct store_db_report rep;
	struct stat	       sb;
	char		       db[PATH_MAX], to[PATH_MAX], media[PATH_MAX];
	char		       man[PATH_MAX], part[PATH_MAX + 16];
	long long	       dbsize;
	enum ng_err	       err;

	datadir_db_path(data_dir, db, sizeof(db));
	if (stat(db, &sb) == -1) {
		snprintf(errbuf, errsz, "no database at %s: %s", db,
		    strerror(errno));
		return NG_ENOTFOUND;
	}
	if (mkdir(dest, 0750) == -1) {
		snprintf(errbuf, errsz, "cannot create %s: %s%s", dest,
		    strerror(errno),
		    errno == EEXIST ? " (a backup goes into a new directory)" :
				      "");
		return NG_EIO;
	}
	snprintf(to, sizeof(to), "%s/" DB_NAME, dest);
	if ((err = store_db_backup(db, to, errbuf, errsz)) != NG_OK)
		return err;
	if (stat(to, &sb) == -1 ||
	    (err = store_db_inspect(to, &rep, errbuf, errsz)) != NG_OK) {
		snprintf(errbuf, errsz, "cannot read back %s", to);
		return NG_EIO;
	}
	dbsize = (long long)sb.st_size;
	fprintf(out, "database: %s (%lld bytes, schema %d)\n", to, dbsize,
	    rep.version);

	snprintf(man, sizeof(man), "%s/" MANIFEST, dest);
	snprintf(part, sizeof(part), "%s.part", man);
	if ((w.manifest = fopen(part, "wx")) == NULL) {
		snprintf(errbuf, errsz, "%s: %s", part, strerror(errno));
		return NG_EIO;
	}
	fprintf(w.manifest, MANIFEST_HEAD "%d\n%lld\t" DB_NAME "\n",
	    rep.version, dbsize);
	snprintf(media, sizeof(media), "%s/media", data_dir);
	w.root = data_dir;
	w.dest = dest;
	w.errbuf = errbuf;
	w.errsz = errsz;
	w.err = NG_OK;
	walking = &w;
	if (stat(media, &sb) == 0 && nftw(media, on_media, 16, FTW_PHYS) != 0 &&
	    w.err == NG_OK) {
		snprintf(errbuf, errsz, "%s: %s", media, strerror(errno));
		w.err = NG_EIO;
	}
	walking = NULL;
	if (w.err == NG_OK &&
	    (fflush(w.manifest) != 0 || fsync(fileno(w.manifest)) == -1)) {
		snprintf(errbuf, errsz, "%s: %s", part, strerror(errno));
		w.err = NG_EIO;
	}
	if (fclose(w.manifest) != 0 && w.err == NG_OK) {
		snprintf(errbuf, errsz, "%s: %s", part, strerror(errno));
		w.err = NG_EIO;
	}
	if (w.err != NG_OK)
		return w.err;
	if (rename(part, man) == -1) {
		snprintf(errbuf, errsz, "%s: %s", man, strerror(errno));
		return NG_EIO;
	}
	fprintf(out, "media: %zu files, %lld bytes\n", w.files, w.bytes);
	fprintf(out, "backup complete: %s\n", dest);
	return NG_OK;
}

/* --- restore --- */

static int
on_rm(const char *path, const struct stat *st, int type, struct FTW *f)
{
	(void)st;
	if (f->level == 0)
		return 0;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Remove everything inside dir (the directory itself stays). */
static void
empty_dir(const char *dir)
{
	nftw(dir, on_rm, 16, FTW_DEPTH | FTW_PHYS);
}

static int
dir_is_empty(const char *dir)
{
	DIR	      *d;
	struct dirent *e;
	int	       empty = 1;

	if ((d = opendir(dir)) == NULL)
		return errno == ENOENT ? 1 : 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

enum ng_err
datadir_restore(const char *src, const char *data_dir, FILE *out, char *errbuf,
    size_t errsz)
{
	struct store_db_report rep;
	struct stat	       sb;
	FILE		      *man;
	char		       path[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	char		       line[PATH_MAX + 32], *tab, *end;
	long long	       want, size, bytes = 0;
	enum ng_err	       err = NG_EINVAL;
	size_t		       files = 0;
	int		       schema, lineno = 1;

	if (!dir_is_empty(data_dir)) {
		snprintf(errbuf, errsz,
		    "%s is not empty: restore fills only "
		    "an empty data directory (move the old one aside)",
		    data_dir);
		return NG_ECONFLICT;
	}
	snprintf(path, sizeof(path), "%s/" MANIFEST, src);
	if ((man = fopen(path, "r")) == NULL) {
		snprintf(errbuf, errsz,
		    "%s: %s (not a complete nutgraf "
		    "backup)",
		    path, strerror(errno));
		return NG_ENOTFOUND;
	}
	if (fgets(line, sizeof(line), man) == NULL ||
	    strncmp(line, MANIFEST_HEAD, strlen(MANIFEST_HEAD)) != 0) {
		snprintf(errbuf, errsz, "%s: not a nutgraf backup manifest",
		    path);
		fclose(man);
		return NG_EINVAL;
	}
	schema = atoi(line + strlen(MANIFEST_HEAD));
	if (schema > store_schema_known()) {
		snprintf(errbuf, errsz,
		    "the backup has schema %d, newer than "
		    "this nutgraf knows (%d): restore it with a newer nutgraf",
		    schema, store_schema_known());
		fclose(man);
		return NG_EINVAL;
	}
	if (mkdir(data_dir, 0750) == -1 && errno != EEXIST) {
		snprintf(errbuf, errsz, "cannot create %s: %s", data_dir,
		    strerror(errno));
		fclose(man);
		return NG_EIO;
	}
	while (fgets(line, sizeof(line), man) != NULL) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		errno = 0;
		want = strtoll(line, &end, 10);
		if ((tab = strchr(line, '\t')) == NULL || end != tab ||
		    want < 0 || errno != 0 || !safe_rel(tab + 1)) {
			snprintf(errbuf, errsz, "%s:%d: malformed entry", path,
			    lineno);
			goto fail;
		}
		snprintf(from, sizeof(from), "%s/%s", src, tab + 1);
		snprintf(to, sizeof(to), "%s/%s", data_dir, tab + 1);
		if (stat(from, &sb) == -1 || !S_ISREG(sb.st_mode) ||
		    (long long)sb.st_size != want) {
			snprintf(errbuf, errsz,
			    "backup damaged: %s %s (the "
			    "manifest says %lld bytes)",
			    from,
			    stat(from, &sb) == -1 ? "is missing" :
						    "has another size",
			    want);
			err = NG_EIO;
			goto fail;
		}
		if ((err = make_parents(data_dir, tab + 1, errbuf, errsz)) !=
			NG_OK ||
		    (err = copy_file(from, to, &size, errbuf, errsz)) != NG_OK)
			goto fail;
		if (size != want) {
			snprintf(errbuf, errsz,
			    "%s: copied %lld bytes, the "
			    "manifest says %lld",
			    to, size, want);
			err = NG_EIO;
			goto fail;
		}
		files++;
		bytes += size;
	}
	fclose(man);
	man = NULL;
	datadir_db_path(data_dir, path, sizeof(path));
	if (access(path, F_OK) != 0) {
		snprintf(errbuf, errsz, "the backup has no " DB_NAME);
		err = NG_EINVAL;
		goto fail;
	}
	if ((err = store_db_inspect(path, &rep, errbuf, errsz)) != NG_OK)
		goto fail;
	if (!rep.intact) {
		snprintf(errbuf, errsz,
		    "the restored database fails "
		    "PRAGMA integrity_check: %s",
		    rep.integrity);
		err = NG_EDB;
		goto fail;
	}
	fprintf(out,
	    "restored %zu files, %lld bytes into %s (schema %d, "
	    "integrity ok)\n",
	    files, bytes, data_dir, rep.version);
	return NG_OK;
fail:
	if (man != NULL)
		fclose(man);
	empty_dir(data_dir);
	return err;
}

/* --- check --- */

struct media_check {
	const char *data_dir;
	FILE	   *out;
	size_t	    seen, missing;
};

static int
on_media_row(void *arg, const char *rel)
{
	struct media_check *m = arg;
	struct stat	    sb;
	char		    p[PATH_MAX];

	m->seen++;
	snprintf(p, sizeof(p), "%s/media/%s", m->data_dir, rel);
	if (!safe_rel(rel) || stat(p, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size == 0) {
		if (m->missing < 20)
			fprintf(m->out,
			    "FIX: media file %s is missing or "
			    "empty: restore it from a backup, or delete the "
			    "image in the newsroom\n",
			    p);
		m->missing++;
	}
	return 0;
}

int
datadir_check(const char *data_dir, const char *database, FILE *out)
{
	struct store_db_report rep;
	struct media_check     mc = { data_dir, out, 0, 0 };
	struct stat	       sb;
	char		       db[PATH_MAX], probe[PATH_MAX], err[512];
	int		       problems = 0, fd;

	if (stat(data_dir, &sb) == -1 || !S_ISDIR(sb.st_mode)) {
		fprintf(out,
		    "FIX: data directory %s does not exist: create "
		    "it with `nutgraf init --data %s`\n",
		    data_dir, data_dir);
		return 1;
	}
	if (sb.st_uid != geteuid()) {
		fprintf(out,
		    "FIX: %s belongs to uid %u, not to this user "
		    "(uid %u): run check as the user the server runs as "
		    "(sudo -u nutgraf nutgraf check), or chown -R that user "
		    "%s\n",
		    data_dir, (unsigned)sb.st_uid, (unsigned)geteuid(),
		    data_dir);
		problems++;
	}
	snprintf(probe, sizeof(probe), "%s/.check-write", data_dir);
	if ((fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1) {
		fprintf(out, "FIX: %s is not writable: %s\n", data_dir,
		    strerror(errno));
		problems++;
	} else {
		close(fd);
		unlink(probe);
	}
	if (sb.st_mode & S_IRWXO) {
		fprintf(out,
		    "FIX: %s is open to other users (mode %03o): "
		    "chmod o-rwx %s\n",
		    data_dir, (unsigned)(sb.st_mode & 0777), data_dir);
		problems++;
	}
	if (problems == 0)
		fprintf(out, "ok: data directory %s\n", data_dir);

	if (database != NULL)
		snprintf(db, sizeof(db), "%s", database);
	else
		datadir_db_path(data_dir, db, sizeof(db));
	if (!store_is_url(db) && access(db, F_OK) != 0) {
		fprintf(out,
		    "FIX: no database at %s: `nutgraf init` creates "
		    "one, `nutgraf restore` brings one back\n",
		    db);
		return problems + 1;
	}
	if (store_db_inspect(db, &rep, err, sizeof(err)) != NG_OK) {
		fprintf(out, "FIX: cannot open the database: %s\n", err);
		return problems + 1;
	}
	if (!rep.intact) {
		fprintf(out,
		    "FIX: database integrity check failed (%s): "
		    "restore the latest backup\n",
		    rep.integrity);
		problems++;
	} else
		fprintf(out, "ok: database integrity%s\n",
		    store_is_url(db) ?
			" (PostgreSQL: reachable, no checksum failures, no "
			"invalid index)" :
			"");
	if (rep.version > store_schema_known()) {
		fprintf(out,
		    "FIX: database schema %d is newer than this "
		    "nutgraf knows (%d): install the newer nutgraf again\n",
		    rep.version, store_schema_known());
		problems++;
	} else if (rep.version < store_schema_known())
		fprintf(out,
		    "ok: database schema %d; the next start "
		    "migrates it to %d (after keeping a copy in "
		    "backups/)\n",
		    rep.version, store_schema_known());
	else
		fprintf(out, "ok: database schema %d\n", rep.version);

	if (store_db_media(db, on_media_row, &mc, err, sizeof(err)) != NG_OK) {
		fprintf(out, "FIX: cannot list the media files: %s\n", err);
		problems++;
	} else if (mc.missing > 0) {
		fprintf(out, "FIX: %zu of %zu media files missing\n",
		    mc.missing, mc.seen);
		problems++;
	} else
		fprintf(out, "ok: %zu media files on this disk%s\n", mc.seen,
		    store_is_url(db) ? " (the rest are in the database)" : "");
	return problems;
}
