/*
 * store_copy.c -- a whole site from one store into another
 * (`nutgraf db copy`, store.h): SQLite to PostgreSQL and back.
 *
 * Rows move table by table with their own ids, parents before
 * children, inside one write transaction on the target (all of the
 * site or none of it) while the source is read from one snapshot.  The
 * copy knows every table of the schema: one it does not know, on
 * either side, stops it before anything is written, so a migration that
 * adds a table cannot leave it behind silently -- add it to tables[]
 * (or to derived[] when the target rebuilds it).  Columns that may
 * point forward (an article's related article, a reply's parent) are
 * written after every row is in.  Before the commit every table's count
 * on the target is checked against the rows read.
 *
 * Media bytes: a site on PostgreSQL keeps them in media_files, a site
 * on SQLite as files under its media/ directory (src/media/media.h).
 * Into PostgreSQL the files of every media item go into media_files;
 * out of it, media_files becomes files again.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/store.h"
#include "store/store_int.h"

/*
 * Every table a copy moves, in an order where each row's references
 * are already in; late is a column written after all tables.
 */
static const struct copy_table {
	const char *name;
	const char *late;
} tables[] = {
	{ "settings", NULL },
	{ "sections", "parent_id" },
	{ "authors", "photo_id" },
	{ "tags", NULL },
	{ "media", NULL },
	{ "users", NULL },
	{ "articles", "related_id" },
	{ "article_tags", NULL },
	{ "article_authors", NULL },
	{ "article_revisions", NULL },
	{ "related_articles", NULL },
	{ "article_pins", NULL },
	{ "article_reads", NULL },
	{ "preview_links", NULL },
	{ "live_coverage", NULL },
	{ "live_updates", NULL },
	{ "comments", "parent_id" },
	{ "corrections", NULL },
	{ "autosaves", NULL },
	{ "sessions", NULL },
	{ "app_passwords", NULL },
	{ "user_totp", NULL },
	{ "user_recovery_codes", NULL },
	{ "login_challenges", NULL },
	{ "sliders", NULL },
	{ "slides", NULL },
	{ "ad_slots", NULL },
	{ "ads", NULL },
	{ "pages", "parent_id" },
	{ "page_revisions", NULL },
	{ "page_old_paths", NULL },
	{ "old_slugs", NULL },
	{ "old_uploads", NULL },
	{ "menus", NULL },
	{ "menu_locations", NULL },
	{ "menu_items", "parent_id" },
	{ "webhooks", NULL },
	{ "webhook_deliveries", NULL },
	{ "mail_queue", NULL },
	{ "password_resets", NULL },
	{ "mail_optouts", NULL },
	{ "rate_events", NULL },
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/*
 * Not copied: each database's own migrations record and invalidation
 * log (instances of the target follow its log, not the source's), and
 * search_pending, which has rows only inside a bulk write.  The search
 * index is left out by the backends themselves and rebuilt.
 */
static const char *const derived[] = { "schema_migrations", "inval_log",
	"search_pending" };

#define MEDIA_FILES "media_files"

struct copy {
	struct store		     *from, *to;
	const struct store_ops	     *fo, *to_ops;
	struct store_conn	     *fc, *tc;
	const struct store_copy_opts *o;
	struct store_copy_report     *rep;
	struct arena		     *ar;
	char			     *errbuf;
	size_t			      errsz;
	/* the table being copied */
	const char	   *table;
	const char *const  *cols;
	size_t		    ncols;
	size_t		    late; /* its late column; ncols: none */
	int64_t		    rows;
	struct store_value *scratch;
};

int
store_copy_col_list(char *buf, size_t sz, const char *const *cols, size_t n)
{
	size_t i, off = 0;
	int    k;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		k = snprintf(buf + off, sz - off, "%s\"%s\"", i ? ", " : "",
		    cols[i]);
		if (k < 0 || (size_t)k >= sz - off)
			return 0;
		off += (size_t)k;
	}
	return 1;
}

static void
progress(struct copy *cp, const char *what, int64_t n)
{
	if (cp->o->progress != NULL)
		cp->o->progress(cp->o->arg, what, n);
}

static int
known(const char *name)
{
	size_t i;

	for (i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].name, name) == 0)
			return 1;
	for (i = 0; i < sizeof(derived) / sizeof(derived[0]); i++)
		if (strcmp(derived[i], name) == 0)
			return 1;
	return strcmp(name, MEDIA_FILES) == 0;
}

/* A catalog name the backends may quote into SQL as it is. */
static int
plain_name(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') ||
			(s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
			return 0;
	return n > 0 && n < 64;
}

/* Every table of one side is one the copy knows. */
static enum ng_err
check_catalog(struct copy *cp, const struct store_ops *ops,
    struct store_conn *c, const char *side, int *has_media_files)
{
	const char **names;
	size_t	     n, i, j;
	enum ng_err  err;

	*has_media_files = 0;
	if ((err = ops->copy_tables(cp->ar, c, &names, &n)) != NG_OK) {
		snprintf(cp->errbuf, cp->errsz,
		    "cannot list the tables of the %s", side);
		return err;
	}
	for (i = 0; i < n; i++) {
		if (!plain_name(names[i]) || !known(names[i])) {
			snprintf(cp->errbuf, cp->errsz,
			    "the %s has a table \"%.64s\" that db copy does "
			    "not know: this nutgraf cannot copy it",
			    side, names[i]);
			return NG_EINVAL;
		}
		if (strcmp(names[i], MEDIA_FILES) == 0)
			*has_media_files = 1;
	}
	for (j = 0; j < NTABLES; j++) {
		for (i = 0; i < n && strcmp(names[i], tables[j].name) != 0; i++)
			;
		if (i == n) {
			snprintf(cp->errbuf, cp->errsz,
			    "the %s has no table %s: is its schema "
			    "older than this nutgraf?",
			    side, tables[j].name);
			return NG_EINVAL;
		}
	}
	return NG_OK;
}

/*
 * The target's columns of table, which the source must have too (both
 * are migrated to this binary's schema, so a difference is a bug).
 */
static enum ng_err
columns(struct copy *cp, const char *table)
{
	const char **tcols, **fcols;
	size_t	     tn, fn, i, j;
	enum ng_err  err;

	if ((err = cp->to_ops->copy_columns(cp->ar, cp->tc, table, &tcols,
		 &tn)) != NG_OK ||
	    (err = cp->fo->copy_columns(cp->ar, cp->fc, table, &fcols, &fn)) !=
		NG_OK) {
		snprintf(cp->errbuf, cp->errsz, "cannot read the columns of %s",
		    table);
		return err;
	}
	for (i = 0; i < tn; i++) {
		for (j = 0; j < fn && strcmp(fcols[j], tcols[i]) != 0; j++)
			;
		if (!plain_name(tcols[i]) || j == fn || fn != tn) {
			snprintf(cp->errbuf, cp->errsz,
			    "the columns of %s differ between source and "
			    "target (%.64s)",
			    table, tcols[i]);
			return NG_EINVAL;
		}
	}
	if (tn == 0) {
		snprintf(cp->errbuf, cp->errsz, "%s has no columns", table);
		return NG_EINVAL;
	}
	cp->cols = tcols;
	cp->ncols = tn;
	return NG_OK;
}

static enum ng_err
insert_row(void *arg, const struct store_value *v, size_t n)
{
	struct copy *cp = arg;
	enum ng_err  err;

	if (cp->late < n) {
		/* Written after every row is in (late_rows()). */
		memcpy(cp->scratch, v, n * sizeof(*v));
		cp->scratch[cp->late].type = SV_NULL;
		v = cp->scratch;
	}
	if ((err = cp->to_ops->copy_insert(cp->tc, cp->table, cp->cols, n,
		 v)) != NG_OK)
		return err;
	cp->rows++;
	return NG_OK;
}

static enum ng_err
late_row(void *arg, const struct store_value *v, size_t n)
{
	struct copy *cp = arg;

	if (n != 2 || v[0].type != SV_INT || v[1].type == SV_NULL)
		return NG_OK;
	return cp->to_ops->copy_update(cp->tc, cp->table, cp->cols[1], v[0].i,
	    &v[1]);
}

/* One table, its rows from the source into the (emptied) target. */
static enum ng_err
copy_one(struct copy *cp, const char *table, const char *late, int64_t *rows)
{
	enum ng_err err;
	size_t	    i;

	if ((err = columns(cp, table)) != NG_OK)
		return err;
	cp->table = table;
	cp->late = cp->ncols;
	for (i = 0; late != NULL && i < cp->ncols; i++)
		if (strcmp(cp->cols[i], late) == 0)
			cp->late = i;
	cp->scratch = arena_alloc(cp->ar, cp->ncols * sizeof(*cp->scratch));
	if (cp->scratch == NULL)
		return NG_ENOMEM;
	cp->rows = 0;
	err = cp->fo->copy_read(cp->fc, table, cp->cols, cp->ncols, insert_row,
	    cp);
	if (err != NG_OK) {
		snprintf(cp->errbuf, cp->errsz,
		    "copying %s stopped after %lld rows: %s (the log says "
		    "why)",
		    table, (long long)cp->rows, ng_strerror(err));
		return err;
	}
	*rows = cp->rows;
	return NG_OK;
}

static enum ng_err
late_columns(struct copy *cp)
{
	const char *cols[2];
	enum ng_err err;
	size_t	    i;

	for (i = 0; i < NTABLES; i++) {
		if (tables[i].late == NULL)
			continue;
		cols[0] = "id";
		cols[1] = tables[i].late;
		cp->table = tables[i].name;
		cp->cols = cols;
		if ((err = cp->fo->copy_read(cp->fc, tables[i].name, cols, 2,
			 late_row, cp)) != NG_OK) {
			snprintf(cp->errbuf, cp->errsz,
			    "copying %s.%s failed: %s", tables[i].name,
			    tables[i].late, ng_strerror(err));
			return err;
		}
	}
	return NG_OK;
}

/*
 * --- media bytes ---
 */

/* A media key or file name safe to join to a directory. */
static int
safe_part(struct str s)
{
	size_t i;

	if (s.n == 0 || s.n > STORE_MEDIA_NAME_MAX || s.p[0] == '.')
		return 0;
	for (i = 0; i < s.n; i++)
		if (!((s.p[i] >= 'a' && s.p[i] <= 'z') ||
			(s.p[i] >= 'A' && s.p[i] <= 'Z') ||
			(s.p[i] >= '0' && s.p[i] <= '9') || s.p[i] == '.' ||
			s.p[i] == '-' || s.p[i] == '_'))
			return 0;
	return 1;
}

/* Split a media path "key/name". */
static int
split_path(struct str path, struct str *key, struct str *name)
{
	const char *slash = memchr(path.p, '/', path.n);

	if (slash == NULL)
		return 0;
	*key = (struct str){ path.p, (size_t)(slash - path.p) };
	*name = (struct str){ slash + 1, path.n - key->n - 1 };
	return safe_part(*key) && safe_part(*name);
}

/* The whole regular file path, up to STORE_MEDIA_FILE_MAX, malloc'd. */
static enum ng_err
read_file(const char *path, char **out, size_t *n)
{
	struct stat sb;
	ssize_t	    k;
	size_t	    got = 0;
	char	   *buf;
	int	    fd;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1)
		return errno == ENOENT ? NG_ENOTFOUND : NG_EIO;
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return NG_ENOTFOUND;
	}
	if (sb.st_size > (off_t)STORE_MEDIA_FILE_MAX) {
		close(fd);
		return NG_ETOOBIG;
	}
	if ((buf = malloc((size_t)sb.st_size + 1)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	while (got < (size_t)sb.st_size) {
		k = read(fd, buf + got, (size_t)sb.st_size - got);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (got != (size_t)sb.st_size) {
		free(buf);
		return NG_EIO;
	}
	*out = buf;
	*n = got;
	return NG_OK;
}

/* Write bytes to dir/key/name through a temporary name. */
static enum ng_err
write_file(const char *dir, struct str key, struct str name, struct str bytes)
{
	char	kdir[PATH_MAX], tmp[PATH_MAX], dst[PATH_MAX];
	size_t	off = 0;
	ssize_t k;
	int	fd;

	if (snprintf(kdir, sizeof(kdir), "%s/%.*s", dir, (int)key.n, key.p) >=
		(int)sizeof(kdir) ||
	    snprintf(dst, sizeof(dst), "%s/%.*s", kdir, (int)name.n, name.p) >=
		(int)sizeof(dst) ||
	    snprintf(tmp, sizeof(tmp), "%s/.copy-%.*s", kdir, (int)name.n,
		name.p) >= (int)sizeof(tmp))
		return NG_EINVAL;
	if ((mkdir(dir, 0755) == -1 && errno != EEXIST) ||
	    (mkdir(kdir, 0755) == -1 && errno != EEXIST))
		return NG_EIO;
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) ==
	    -1)
		return NG_EIO;
	while (off < bytes.n) {
		k = write(fd, bytes.p + off, bytes.n - off);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	if (close(fd) == -1 || off != bytes.n || rename(tmp, dst) == -1) {
		unlink(tmp);
		return NG_EIO;
	}
	return NG_OK;
}

/*
 * Audio and video are one file "media.<ext>" on disk and pieces
 * "media.<ext>.<n>" in media_files (STORE_MEDIA_PIECE, store.h): the
 * copy turns the one into the other.  Whether name is such a file.
 */
static int
av_file(struct str name)
{
	return name.n > 6 && memcmp(name.p, "media.", 6) == 0 &&
	    memchr(name.p + 6, '.', name.n - 6) == NULL;
}

/* Whether name is a piece of one: *file its file's name, *idx its number. */
static int
av_piece(struct str name, struct str *file, unsigned *idx)
{
	const char *dot;
	size_t	    i;
	unsigned    n = 0;

	if (name.n < 9 || memcmp(name.p, "media.", 6) != 0 ||
	    (dot = memchr(name.p + 6, '.', name.n - 6)) == NULL)
		return 0;
	*file = (struct str){ name.p, (size_t)(dot - name.p) };
	if (!av_file(*file) || name.n - file->n - 1 > 6)
		return 0;
	for (i = file->n + 1; i < name.n; i++) {
		if (name.p[i] < '0' || name.p[i] > '9')
			return 0;
		n = n * 10 + (unsigned)(name.p[i] - '0');
	}
	*idx = n;
	return 1;
}

/* A piece written at its place in dir/key/file (pieces come in any order). */
static enum ng_err
write_piece(const char *dir, struct str key, struct str file, unsigned idx,
    struct str bytes)
{
	char	kdir[PATH_MAX], dst[PATH_MAX];
	size_t	off = 0;
	off_t	at = (off_t)idx * STORE_MEDIA_PIECE;
	ssize_t k;
	int	fd;

	if (snprintf(kdir, sizeof(kdir), "%s/%.*s", dir, (int)key.n, key.p) >=
		(int)sizeof(kdir) ||
	    snprintf(dst, sizeof(dst), "%s/%.*s", kdir, (int)file.n, file.p) >=
		(int)sizeof(dst))
		return NG_EINVAL;
	if ((mkdir(dir, 0755) == -1 && errno != EEXIST) ||
	    (mkdir(kdir, 0755) == -1 && errno != EEXIST))
		return NG_EIO;
	if ((fd = open(dst, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
		 0644)) == -1)
		return NG_EIO;
	while (off < bytes.n) {
		k = pwrite(fd, bytes.p + off, bytes.n - off, at + (off_t)off);
		if (k == -1 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		off += (size_t)k;
	}
	if (close(fd) == -1 || off != bytes.n)
		return NG_EIO;
	return NG_OK;
}

/* A media_files row of the source, written as a file of the target. */
static enum ng_err
file_out(void *arg, const struct store_value *v, size_t n)
{
	struct copy *cp = arg;
	struct str   file;
	unsigned     idx;
	enum ng_err  err;

	if (n != 3 || v[0].type != SV_TEXT || v[1].type != SV_TEXT ||
	    v[2].type != SV_BLOB)
		return NG_EINVAL;
	if (!safe_part(v[0].s) || !safe_part(v[1].s)) {
		log_warn("store: copy: media file %.*s/%.*s has a name no "
			 "file may have: left out",
		    (int)v[0].s.n, v[0].s.p, (int)v[1].s.n, v[1].s.p);
		cp->rep->media_skipped++;
		return NG_OK;
	}
	if (av_piece(v[1].s, &file, &idx))
		err = write_piece(cp->o->media_to, v[0].s, file, idx, v[2].s);
	else
		err = write_file(cp->o->media_to, v[0].s, v[1].s, v[2].s);
	if (err != NG_OK) {
		snprintf(cp->errbuf, cp->errsz, "cannot write %s/%.*s/%.*s: %s",
		    cp->o->media_to, (int)v[0].s.n, v[0].s.p, (int)v[1].s.n,
		    v[1].s.p, strerror(errno));
		return err;
	}
	cp->rep->media_files++;
	cp->rep->media_bytes += (int64_t)v[2].s.n;
	return NG_OK;
}

/* The media keys of the source, and whether each has bytes. */
struct media_keys {
	struct arena *ar;
	struct str   *path;
	size_t	      n, cap;
};

static enum ng_err
media_row(void *arg, const struct store_value *v, size_t n)
{
	struct media_keys *mk = arg;
	char		  *p;

	if (n != 2 || v[1].type != SV_TEXT)
		return NG_OK;
	if (mk->n == mk->cap) {
		struct str *np;
		size_t	    cap = mk->cap ? 2 * mk->cap : 64;

		if ((np = arena_alloc(mk->ar, cap * sizeof(*np))) == NULL)
			return NG_ENOMEM;
		if (mk->n > 0)
			memcpy(np, mk->path, mk->n * sizeof(*np));
		mk->path = np;
		mk->cap = cap;
	}
	if ((p = arena_alloc(mk->ar, v[1].s.n + 1)) == NULL)
		return NG_ENOMEM;
	memcpy(p, v[1].s.p, v[1].s.n);
	p[v[1].s.n] = '\0';
	mk->path[mk->n++] = (struct str){ p, v[1].s.n };
	return NG_OK;
}

/* Whether the target has the bytes of media file key/name. */
static int
has_bytes(struct copy *cp, struct str key, struct str name)
{
	char	    path[PATH_MAX], piece[STORE_MEDIA_NAME_MAX + 8];
	struct stat sb;
	int64_t	    size;

	if (cp->to_ops->media_in_db) {
		if (av_file(name)) {
			if (snprintf(piece, sizeof(piece), "%.*s.0",
				(int)name.n, name.p) >= (int)sizeof(piece))
				return 0;
			name = str_c(piece);
		}
		return cp->to_ops->media_file_size(cp->tc, key, name, &size) ==
		    NG_OK;
	}
	if (cp->o->media_to == NULL ||
	    snprintf(path, sizeof(path), "%s/%.*s/%.*s", cp->o->media_to,
		(int)key.n, key.p, (int)name.n, name.p) >= (int)sizeof(path))
		return 0;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* An audio or video file at path into the target as its pieces (rows). */
static enum ng_err
pieces_in(struct copy *cp, struct str key, struct str name, const char *path,
    int64_t *put)
{
	char	    piece[STORE_MEDIA_NAME_MAX + 8], *b;
	size_t	    got;
	ssize_t	    k;
	unsigned    i;
	int	    fd;
	enum ng_err err = NG_OK;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return errno == ENOENT ? NG_OK : NG_EIO;
	if ((b = malloc(STORE_MEDIA_PIECE)) == NULL) {
		close(fd);
		return NG_ENOMEM;
	}
	for (i = 0; err == NG_OK; i++) {
		for (got = 0; got < STORE_MEDIA_PIECE; got += (size_t)k) {
			k = read(fd, b + got, STORE_MEDIA_PIECE - got);
			if (k == -1 && errno == EINTR) {
				k = 0;
				continue;
			}
			if (k <= 0)
				break;
		}
		if (k < 0) {
			err = NG_EIO;
			break;
		}
		if (got == 0 && i > 0)
			break;
		snprintf(piece, sizeof(piece), "%.*s.%u", (int)name.n, name.p,
		    i);
		err = cp->to_ops->media_file_put(cp->tc, key, str_c(piece),
		    (struct str){ b, got });
		if (err == NG_OK) {
			(*put)++;
			cp->rep->media_files++;
			cp->rep->media_bytes += (int64_t)got;
		}
		if (got < STORE_MEDIA_PIECE)
			break;
	}
	free(b);
	close(fd);
	if (err != NG_OK) {
		snprintf(cp->errbuf, cp->errsz,
		    "cannot store %s in the target: %s", path,
		    ng_strerror(err));
		return err;
	}
	return NG_OK;
}

/*
 * The files of one media item (every variant under its key) into the
 * target's media_files, except those it holds already.
 */
static enum ng_err
files_in(struct copy *cp, struct str key, int64_t *put)
{
	char	       dir[PATH_MAX], path[PATH_MAX];
	struct dirent *de;
	DIR	      *d;
	struct str     name;
	char	      *bytes;
	size_t	       n;
	enum ng_err    err = NG_OK;

	if (snprintf(dir, sizeof(dir), "%s/%.*s", cp->o->media_from, (int)key.n,
		key.p) >= (int)sizeof(dir))
		return NG_EINVAL;
	if ((d = opendir(dir)) == NULL)
		return NG_ENOTFOUND;
	while (err == NG_OK && (de = readdir(d)) != NULL) {
		name = str_c(de->d_name);
		if (!safe_part(name))
			continue; /* ".", "..", a temporary file */
		if (has_bytes(cp, key, name))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path))
			continue;
		if (av_file(name)) {
			err = pieces_in(cp, key, name, path, put);
			continue;
		}
		err = read_file(path, &bytes, &n);
		if (err == NG_ENOTFOUND) {
			err = NG_OK;
			continue;
		}
		if (err == NG_ETOOBIG) {
			log_warn("store: copy: %s is over %u bytes: it stays "
				 "a file; copy it to every instance's media/",
			    path, STORE_MEDIA_FILE_MAX);
			cp->rep->media_skipped++;
			err = NG_OK;
			continue;
		}
		if (err != NG_OK) {
			snprintf(cp->errbuf, cp->errsz, "cannot read %s: %s",
			    path, strerror(errno));
			break;
		}
		err = cp->to_ops->media_file_put(cp->tc, key, name,
		    (struct str){ bytes, n });
		free(bytes);
		if (err == NG_OK) {
			(*put)++;
			cp->rep->media_files++;
			cp->rep->media_bytes += (int64_t)n;
		} else
			snprintf(cp->errbuf, cp->errsz,
			    "cannot store %s in the target: %s", path,
			    ng_strerror(err));
	}
	closedir(d);
	return err;
}

static enum ng_err
copy_media(struct copy *cp, int from_has, int to_has, int64_t *db_rows)
{
	struct media_keys mk = { cp->ar, NULL, 0, 0 };
	const char *const cols[] = { "id", "path" };
	const char *const fcols[] = { "media_key", "name", "bytes" };
	struct str	  key, name;
	enum ng_err	  err;
	int64_t		  rows = 0, put = 0;
	size_t		  i;

	*db_rows = 0;
	if (cp->to_ops->media_in_db) {
		/* What the source's database holds, as rows. */
		if (from_has && to_has) {
			if ((err = copy_one(cp, MEDIA_FILES, NULL, &rows)) !=
			    NG_OK)
				return err;
			cp->rep->media_files += rows;
		}
	} else if (from_has && cp->o->media_to != NULL) {
		/* The target keeps files: the rows become files. */
		if ((err = cp->fo->copy_read(cp->fc, MEDIA_FILES, fcols, 3,
			 file_out, cp)) != NG_OK) {
			if (cp->errbuf[0] == '\0')
				snprintf(cp->errbuf, cp->errsz,
				    "copying the media bytes failed: %s",
				    ng_strerror(err));
			return err;
		}
	}
	if ((err = cp->fo->copy_read(cp->fc, "media", cols, 2, media_row,
		 &mk)) != NG_OK) {
		snprintf(cp->errbuf, cp->errsz, "reading the media failed: %s",
		    ng_strerror(err));
		return err;
	}
	for (i = 0; i < mk.n; i++) {
		if (!split_path(mk.path[i], &key, &name)) {
			cp->rep->media_missing++;
			continue;
		}
		if (cp->to_ops->media_in_db && cp->o->media_from != NULL) {
			err = files_in(cp, key, &put);
			if (err != NG_OK && err != NG_ENOTFOUND)
				return err;
		}
		if (!has_bytes(cp, key, name)) {
			log_warn("store: copy: no bytes for media %s (neither "
				 "in the source's database nor its media "
				 "directory)",
			    mk.path[i].p);
			cp->rep->media_missing++;
		}
	}
	*db_rows = rows + put;
	progress(cp, "media files", cp->rep->media_files);
	return NG_OK;
}

/*
 * --- the copy ---
 */

static enum ng_err
target_empty(struct copy *cp, int to_has)
{
	enum ng_err err;
	int64_t	    n;
	size_t	    i;

	for (i = 0; i <= NTABLES; i++) {
		const char *t = i < NTABLES ? tables[i].name : MEDIA_FILES;

		if (i == NTABLES && !to_has)
			break;
		if ((err = cp->to_ops->copy_count(cp->tc, t, &n)) != NG_OK) {
			snprintf(cp->errbuf, cp->errsz, "cannot count %s", t);
			return err;
		}
		if (n > 0 && !cp->o->replace) {
			snprintf(cp->errbuf, cp->errsz,
			    "the target is not empty (%s has %lld "
			    "row%s): nothing was copied; give --replace to "
			    "overwrite what it holds",
			    t, (long long)n, n == 1 ? "" : "s");
			return NG_ECONFLICT;
		}
	}
	if (!cp->o->replace)
		return NG_OK;
	/* Children first, so no reference is left dangling. */
	if (to_has &&
	    (err = cp->to_ops->copy_clear(cp->tc, MEDIA_FILES)) != NG_OK)
		return err;
	for (i = NTABLES; i > 0; i--)
		if ((err = cp->to_ops->copy_clear(cp->tc,
			 tables[i - 1].name)) != NG_OK) {
			snprintf(cp->errbuf, cp->errsz, "cannot empty %s",
			    tables[i - 1].name);
			return err;
		}
	return NG_OK;
}

static enum ng_err
verify(struct copy *cp, const int64_t *rows, int to_has, int64_t media_rows)
{
	enum ng_err err;
	int64_t	    n;
	size_t	    i;

	for (i = 0; i <= NTABLES; i++) {
		const char *t = i < NTABLES ? tables[i].name : MEDIA_FILES;
		int64_t	    want = i < NTABLES ? rows[i] : media_rows;

		if (i == NTABLES && !to_has)
			break;
		if ((err = cp->to_ops->copy_count(cp->tc, t, &n)) != NG_OK) {
			snprintf(cp->errbuf, cp->errsz, "cannot count %s", t);
			return err;
		}
		if (n != want) {
			snprintf(cp->errbuf, cp->errsz,
			    "%s has %lld rows on the target but %lld were "
			    "read: nothing was copied",
			    t, (long long)n, (long long)want);
			return NG_EDB;
		}
	}
	return NG_OK;
}

static enum ng_err
run_copy(struct copy *cp)
{
	int64_t	    rows[NTABLES], media_rows = 0;
	int	    from_has, to_has;
	enum ng_err err;
	size_t	    i;

	if ((err = check_catalog(cp, cp->fo, cp->fc, "source", &from_has)) !=
		NG_OK ||
	    (err = check_catalog(cp, cp->to_ops, cp->tc, "target", &to_has)) !=
		NG_OK)
		return err;
	if ((err = target_empty(cp, to_has)) != NG_OK)
		return err;
	for (i = 0; i < NTABLES; i++) {
		if ((err = copy_one(cp, tables[i].name, tables[i].late,
			 &rows[i])) != NG_OK)
			return err;
		cp->rep->tables++;
		cp->rep->rows += rows[i];
		progress(cp, tables[i].name, rows[i]);
	}
	if ((err = late_columns(cp)) != NG_OK)
		return err;
	if ((err = copy_media(cp, from_has, to_has, &media_rows)) != NG_OK)
		return err;
	if ((err = cp->to_ops->copy_finish(cp->tc)) != NG_OK) {
		snprintf(cp->errbuf, cp->errsz,
		    "rebuilding the search index failed: %s", ng_strerror(err));
		return err;
	}
	return verify(cp, rows, to_has, media_rows);
}

enum ng_err
store_copy(struct store *from, struct store *to,
    const struct store_copy_opts *o, struct store_copy_report *rep,
    char *errbuf, size_t errsz)
{
	struct copy cp;
	enum ng_err err;

	memset(rep, 0, sizeof(*rep));
	memset(&cp, 0, sizeof(cp));
	if (errsz > 0)
		errbuf[0] = '\0';
	if (from == to) {
		snprintf(errbuf, errsz, "source and target are the same");
		return NG_EINVAL;
	}
	cp.from = from;
	cp.to = to;
	cp.fo = store_ops_of(from);
	cp.to_ops = store_ops_of(to);
	cp.o = o;
	cp.rep = rep;
	cp.errbuf = errbuf;
	cp.errsz = errsz;
	/* Names and the media paths of the source: bounded by the site. */
	cp.ar = arena_new((size_t)512 * 1024 * 1024);
	cp.fc = store_pool_get(from);
	cp.tc = store_pool_get(to);
	/* One snapshot of the source; one transaction on the target. */
	cp.fo->pin(cp.fc, 1);
	if ((err = cp.fo->copy_long(cp.fc)) == NG_OK &&
	    (err = cp.to_ops->write_begin(cp.tc)) == NG_OK) {
		if ((err = cp.to_ops->copy_long(cp.tc)) == NG_OK)
			err = run_copy(&cp);
		/* Instances already serving the target start over. */
		if (err == NG_OK)
			err = cp.to_ops->inval_log(cp.tc,
			    store_inval_origin(to), "all", (int64_t)time(NULL));
		err = cp.to_ops->write_end(cp.tc, err);
		if (err == NG_OK)
			err = cp.to_ops->sync(cp.tc);
	}
	if (err != NG_OK && errbuf[0] == '\0')
		snprintf(errbuf, errsz, "the copy failed: %s",
		    ng_strerror(err));
	cp.fo->pin(cp.fc, 0);
	store_pool_put(to, cp.tc);
	store_pool_put(from, cp.fc);
	arena_free(cp.ar);
	return err;
}
