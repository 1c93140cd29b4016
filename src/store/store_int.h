/*
 * store_int.h -- what the store's backends implement (private to src/store
 * and its tests).
 *
 * store.c owns everything every backend shares: the connection pool,
 * input validation and limits, clearing out-parameters, the clock, the
 * arena allocations for results, and the migration runner (migrate.c).
 * A backend (sqlite.c; pg.c later) only opens connections and runs its
 * SQL: it fills one struct store_ops, much as an SQLite VFS fills
 * sqlite3_io_methods.
 *
 * Every operation receives one connection that the calling thread holds
 * alone for the duration of the call.  Operations return NG_OK,
 * NG_ENOTFOUND (lookups), NG_ECONFLICT (a unique key or version clash),
 * NG_EINVAL (a constraint such as a foreign key the input broke),
 * NG_ENOMEM (the arena is full) or NG_EDB, which the backend has already
 * logged with the database's own message.
 */
#ifndef NG_STORE_STORE_INT_H
#define NG_STORE_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"
#include "store/store.h"

struct arena;

/*
 * The part of a connection the pool sees.  A backend embeds it as the
 * first member of its own connection struct and casts back (h2o's
 * "super"), so store.c needs no knowledge of the backend's handle.
 */
struct store_conn {
	struct store_conn	*next;	/* free list, owned by the pool */
};

/*
 * One migration, from src/store/migrations/NNNN_name.sql, compiled in by
 * tools/embed_sql.c into store_migrations[] (sorted by version, the count
 * in store_nmigrations, followed by an all-zero sentinel).
 */
struct store_migration {
	int		 version;	/* NNNN, > 0 */
	const char	*name;		/* "init" */
	const char	*file;		/* "0001_init.sql" */
	const char	*sql;		/* NUL-terminated */
	size_t		 len;		/* bytes before the NUL */
};

extern const struct store_migration	store_migrations[];
extern const size_t			store_nmigrations;

struct store_ops {
	const char	*name;

	/*
	 * Open and configure one connection (pragmas, timeouts) without
	 * preparing statements, which need the schema: store.c migrates on
	 * the first connection and then calls prepare() on each.  On error
	 * write a one-line reason to errbuf and leave *out NULL.
	 */
	enum ng_err	(*open)(const char *path, struct store_conn **out,
			    char *errbuf, size_t errsz);
	enum ng_err	(*prepare)(struct store_conn *c, char *errbuf,
			    size_t errsz);

	/*
	 * Return c to a clean state after a call: statements reset, no
	 * transaction open.  Called by the pool on every check-in, so an
	 * operation that bails out early can never leak a read snapshot
	 * or a lock to the next caller.
	 */
	void		(*idle)(struct store_conn *c);

	/* Close c; last is set for the final one (checkpoint the log). */
	void		(*close)(struct store_conn *c, int last);

	/* Migrations: see migrate.c.  errbuf gets the reason on failure. */
	enum ng_err	(*migration_init)(struct store_conn *c, char *errbuf,
			    size_t errsz);
	enum ng_err	(*migration_apply)(struct store_conn *c,
			    const struct store_migration *m, int64_t now,
			    int *applied, char *errbuf, size_t errsz);
	/* The highest applied version, 0 for none. */
	enum ng_err	(*schema_version)(struct store_conn *c, int *out);

	enum ng_err	(*is_empty)(struct store_conn *c, int *empty);
	enum ng_err	(*section_add)(struct store_conn *c,
			    const struct section *s, int64_t *id);
	enum ng_err	(*author_add)(struct store_conn *c,
			    const struct author *au, int64_t now, int64_t *id);
	enum ng_err	(*tag_ensure)(struct store_conn *c, struct str name,
			    struct str slug, int64_t *id);

	/*
	 * a is already validated and normalised by store.c: timestamps
	 * set, comments_open 0 or 1, status in range; tag_ids holds ntags
	 * distinct ids.
	 */
	enum ng_err	(*article_save)(struct store_conn *c,
			    const struct article *a, const int64_t *tag_ids,
			    size_t ntags, int64_t now, int64_t *id);
	enum ng_err	(*article_revisions)(struct store_conn *c, int64_t id,
			    size_t *out);

	/*
	 * Lookups fill a zeroed *out that store.c allocated in ar; strings
	 * go into ar.  "Published" means status published and
	 * published_at <= now.
	 */
	enum ng_err	(*article_by_slug)(struct arena *ar,
			    struct store_conn *c, struct str slug, int64_t now,
			    struct article *out);
	enum ng_err	(*article_by_id)(struct arena *ar, struct store_conn *c,
			    int64_t id, int64_t now, struct article *out);
	/* q->limit is already capped and non-zero. */
	enum ng_err	(*article_list)(struct arena *ar, struct store_conn *c,
			    const struct article_query *q, int64_t now,
			    struct article_list *out);
	enum ng_err	(*sections)(struct arena *ar, struct store_conn *c,
			    struct section **out, size_t *n);
	enum ng_err	(*section_by_slug)(struct arena *ar,
			    struct store_conn *c, struct str slug,
			    struct section *out);
	enum ng_err	(*tag_by_slug)(struct arena *ar, struct store_conn *c,
			    struct str slug, struct tag *out);
	enum ng_err	(*author_by_slug)(struct arena *ar,
			    struct store_conn *c, struct str slug,
			    struct author *out);
	enum ng_err	(*setting_get)(struct arena *ar, struct store_conn *c,
			    struct str key, struct str *out);
	enum ng_err	(*setting_set)(struct store_conn *c, struct str key,
			    struct str value);
};

extern const struct store_ops	store_sqlite_ops;

/*
 * The status names the schema's CHECK constraint allows, indexed by
 * enum article_status.  store_status_name() never returns NULL for a
 * valid status; store_status_parse() returns 0 for an unknown name.
 */
const char	*store_status_name(enum article_status s);
int		 store_status_parse(struct str name, enum article_status *out);

/*
 * Apply, in order, each migration of m[0..n) that c's database has not
 * recorded, each in its own transaction (migrate.c).  Running it again
 * is a no-op.  Fails with NG_EINVAL when m is not strictly increasing or
 * the database already holds a version newer than m's last (a newer
 * nutgraf wrote it).  On failure errbuf says why and the failing
 * migration left no trace.
 */
enum ng_err	store_migrate(const struct store_ops *ops, struct store_conn *c,
		    const struct store_migration *m, size_t n, int64_t now,
		    char *errbuf, size_t errsz) NG_WUR;

/*
 * The pool, for dispatch code in store.c and in store_<domain>.c files:
 * take a connection for one call and give it back (which resets it).
 * store_pool_get() waits while all connections are busy.
 */
struct store_conn	*store_pool_get(struct store *st);
void			 store_pool_put(struct store *st, struct store_conn *c);

/* The backend's operations. */
const struct store_ops	*store_ops_of(const struct store *st);

/*
 * Record that a write committed: every dispatcher of a write calls it
 * after success, so store_generation() tells caches that content moved.
 */
void			 store_changed(struct store *st);

#endif
