/*
 * store.c -- the store's public calls: the connection pool, validation
 * and limits, and dispatch to the backend (store_int.h).
 *
 * Every public call checks out one connection, runs one backend
 * operation on it and checks it back in; the check-in resets the
 * connection (ops->idle), so no call can leave a transaction or a read
 * snapshot behind.  Validation happens here, before a connection is
 * taken, so bad input never costs a database round trip and both
 * backends refuse exactly the same things.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/store.h"
#include "store/backup.h"
#include "store/store_int.h"

struct store {
	const struct store_ops *ops;
	pthread_mutex_t		mu;
	pthread_cond_t		cv;    /* signalled when free gains one */
	struct store_conn      *free;  /* idle connections */
	struct store_conn     **conns; /* all of them, for close */
	unsigned		nconns;
	_Atomic uint64_t	generation; /* bumped by every write */
	struct store_watch	watch;	    /* page cache */
	struct count_cache	counts;	    /* listing totals */
	/*
	 * Write transactions of this process queue here rather than in
	 * the database's busy handler, which sleeps and retries: under a
	 * burst of comments that costs most of the throughput.
	 */
	pthread_mutex_t write_mu;
	/*
	 * Group commit (store_durable_wait()): commits that must reach the
	 * disk are numbered under write_mu; one thread at a time syncs, and
	 * its sync covers every commit numbered before it began.
	 */
	pthread_mutex_t	 sync_mu;
	pthread_cond_t	 sync_cv;
	_Atomic uint64_t committed; /* the last durable commit's number */
	uint64_t	 synced;    /* every commit up to it is on the disk */
	uint64_t	 failed;    /* a sync covering up to it failed */
	int		 syncing;   /* a thread is in ops->sync */
	/* The invalidation list's listener (store_on_invalidate()). */
	pthread_mutex_t hook_mu;
	store_inval_fn	hook;
	void	       *hook_cls;
	int64_t		origin; /* this process, in the log */
};

static const char *const status_names[ARTICLE__MAX] = {
	"draft",     /* ARTICLE_DRAFT */
	"pending",   /* ARTICLE_PENDING */
	"scheduled", /* ARTICLE_SCHEDULED */
	"published", /* ARTICLE_PUBLISHED */
	"trashed",   /* ARTICLE_TRASHED */
};

const char *
store_status_name(enum article_status s)
{
	if ((unsigned)s >= ARTICLE__MAX)
		return NULL;
	return status_names[s];
}

int
store_status_parse(struct str name, enum article_status *out)
{
	size_t i;

	for (i = 0; i < ARTICLE__MAX; i++)
		if (str_eqc(name, status_names[i])) {
			*out = (enum article_status)i;
			return 1;
		}
	return 0;
}

static int64_t
now_unix(void)
{
	return (int64_t)time(NULL);
}

/*
 * Length checks, as a table so the limits of an article read as data.
 * min 1 marks a required field.
 */
struct field_limit {
	const char *name;
	size_t	    off; /* of a struct str inside the struct */
	size_t	    min;
	size_t	    max;
};

static const struct field_limit article_limits[] = {
	{ "slug", offsetof(struct article, slug), 1, STORE_SLUG_MAX },
	{ "kicker", offsetof(struct article, kicker), 0, STORE_TITLE_MAX },
	{ "title", offsetof(struct article, title), 0, STORE_TITLE_MAX },
	{ "dek", offsetof(struct article, dek), 0, STORE_DEK_MAX },
	{ "source_name", offsetof(struct article, source_name), 0,
	    STORE_NAME_MAX },
	{ "source_url", offsetof(struct article, source_url), 0,
	    STORE_URL_MAX },
	{ "body_md", offsetof(struct article, body_md), 0, STORE_BODY_MAX },
	{ "body_html", offsetof(struct article, body_html.s), 0,
	    STORE_HTML_MAX },
	{ "body_text", offsetof(struct article, body_text), 0, STORE_BODY_MAX },
	{ "seo_title", offsetof(struct article, seo_title), 0,
	    STORE_TITLE_MAX },
	{ "seo_description", offsetof(struct article, seo_description), 0,
	    STORE_DEK_MAX },
	{ "legacy_url", offsetof(struct article, legacy_url), 0,
	    STORE_URL_MAX },
	{ "canonical_url", offsetof(struct article, canonical_url), 0,
	    STORE_URL_MAX },
};

static const struct field_limit section_limits[] = {
	{ "slug", offsetof(struct section, slug), 1, STORE_SLUG_MAX },
	{ "name", offsetof(struct section, name), 1, STORE_NAME_MAX },
	{ "description", offsetof(struct section, description), 0,
	    STORE_DEK_MAX },
};

static const struct field_limit author_limits[] = {
	{ "slug", offsetof(struct author, slug), 1, STORE_SLUG_MAX },
	{ "name", offsetof(struct author, name), 1, STORE_NAME_MAX },
	{ "bio", offsetof(struct author, bio), 0, STORE_BIO_MAX },
	{ "links", offsetof(struct author, links), 0, STORE_AUTHOR_LINKS_MAX },
};

/* NG_EINVAL for a missing field or a NULL with bytes, NG_ETOOBIG. */
static enum ng_err
check_str(const char *what, struct str s, size_t min, size_t max)
{
	if (s.n > 0 && s.p == NULL)
		return NG_EINVAL;
	if (s.n < min) {
		log_debug("store: %s is required", what);
		return NG_EINVAL;
	}
	if (s.n > max) {
		log_debug("store: %s is %zu bytes, over %zu", what, s.n, max);
		return NG_ETOOBIG;
	}
	return NG_OK;
}

static enum ng_err
check_fields(const void *obj, const struct field_limit *lim, size_t n)
{
	const struct str *s;
	enum ng_err	  err;
	size_t		  i;

	for (i = 0; i < n; i++) {
		s = (const struct str *)((const char *)obj + lim[i].off);
		err = check_str(lim[i].name, *s, lim[i].min, lim[i].max);
		if (err != NG_OK)
			return err;
	}
	return NG_OK;
}

/*
 * The connection pool.  A caller waits for a free connection rather than
 * failing: the pool is sized to the server's thread pool, so a wait is
 * short and only happens under bursts.
 */
/*
 * The read session of this thread (store_read_begin()): its store and
 * the connection every call on this thread uses until it ends.
 */
static _Thread_local struct {
	struct store	  *st;
	struct store_conn *c;
	int		   bulk; /* the session is store_bulk_begin()'s */
} pin;

int
store_bulk_on(const struct store *st)
{
	return pin.bulk && pin.st == st && pin.c != NULL;
}

/*
 * The keys the read session of this thread noted (store_read_note()):
 * what the page being built was built from.  declared says whether the
 * store call now starting noted any: a read that forgot to makes the
 * page depend on everything (store_pool_get()), so a forgotten key can
 * cost hits but never serve a stale page.
 */
static _Thread_local struct {
	int	 on;
	int	 declared;
	uint64_t gen; /* store_generation() at the start */
	size_t	 n;
	uint64_t keys[STORE_READ_KEYS_MAX];
	/* store_read_capture_begin(): a second list, same rules. */
	int	 cap_on;
	size_t	 cap_n;
	uint64_t cap[STORE_READ_KEYS_MAX];
} rk;

static void
capture(uint64_t key)
{
	size_t i;

	for (i = 0; i < rk.cap_n; i++)
		if (rk.cap[i] == key)
			return;
	if (rk.cap_n == STORE_READ_KEYS_MAX) {
		rk.cap[0] = STORE_KEY(INVAL_ALL, 0);
		rk.cap_n = 1;
		return;
	}
	rk.cap[rk.cap_n++] = key;
}

void
store_read_capture_begin(void)
{
	rk.cap_on = rk.on;
	rk.cap_n = 0;
}

size_t
store_read_capture_end(const uint64_t **out)
{
	*out = rk.cap;
	if (!rk.cap_on)
		return 0;
	rk.cap_on = 0;
	return rk.cap_n;
}

void
store_read_note_keys(const uint64_t *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		store_read_note(keys[i]);
}

uint64_t
store_read_generation(const struct store *st)
{
	return rk.on ? rk.gen : store_generation(st);
}

void
store_read_note(uint64_t key)
{
	size_t i;

	if (!rk.on)
		return;
	rk.declared = 1;
	if (rk.cap_on)
		capture(key);
	for (i = 0; i < rk.n; i++)
		if (rk.keys[i] == key)
			return;
	if (rk.n == STORE_READ_KEYS_MAX) {
		rk.keys[0] = STORE_KEY(INVAL_ALL, 0);
		rk.n = 1;
		return;
	}
	rk.keys[rk.n++] = key;
}

void
store_read_declared(void)
{
	if (rk.on)
		rk.declared = 1;
}

size_t
store_read_keys(const uint64_t **out)
{
	*out = rk.keys;
	return rk.on ? rk.n : 0;
}

struct store_conn *
store_pool_get(struct store *st)
{
	struct store_conn *c;

	store_db_enter(); /* database time */
	if (rk.on && !rk.declared) {
		log_debug("store: a read noted no keys: the page goes with "
			  "any write");
		store_read_note(STORE_KEY(INVAL_ALL, 0));
	}
	rk.declared = 0;
	if (pin.st == st && pin.c != NULL)
		return pin.c;
	pthread_mutex_lock(&st->mu);
	while (st->free == NULL)
		pthread_cond_wait(&st->cv, &st->mu);
	c = st->free;
	st->free = c->next;
	pthread_mutex_unlock(&st->mu);
	c->next = NULL;
	return c;
}

void
store_pool_put(struct store *st, struct store_conn *c)
{
	st->ops->idle(c);
	if (c == pin.c) {
		store_db_leave();
		return; /* stays with the session */
	}
	pthread_mutex_lock(&st->mu);
	c->next = st->free;
	st->free = c;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
	store_db_leave();
}

void
store_read_begin(struct store *st)
{
	if (st == NULL || pin.c != NULL || rk.on)
		return; /* one session a thread: nested ones join it */
	/* Before anything is read: see store_read_generation(). */
	rk.gen = store_generation(st);
	if (st->ops->pin != NULL) {
		pin.c = store_pool_get(st);
		store_db_leave(); /* timed per call, not for the session */
		pin.st = st;
		st->ops->pin(pin.c, 1);
	}
	rk.on = 1;
	rk.n = 0;
	rk.declared = 0;
}

void
store_read_end(struct store *st)
{
	struct store_conn *c = pin.c;

	if (st == NULL)
		return;
	rk.on = 0;
	rk.cap_on = 0;
	if (c == NULL || pin.st != st)
		return;
	st->ops->pin(c, 0);
	pin.c = NULL;
	pin.st = NULL;
	store_db_enter();
	store_pool_put(st, c);
}

enum ng_err
store_bulk_begin(struct store *st)
{
	enum ng_err err;

	if (pin.c != NULL)
		return NG_ECONFLICT; /* a session is already on */
	if (st->ops->bulk == NULL)
		return NG_OK;
	pin.c = store_pool_get(st);
	store_db_leave();
	pin.st = st;
	if ((err = st->ops->bulk(pin.c, 1, NG_OK)) != NG_OK) {
		struct store_conn *c = pin.c;

		pin.c = NULL;
		pin.st = NULL;
		store_db_enter();
		store_pool_put(st, c);
	} else
		pin.bulk = 1;
	return err;
}

enum ng_err
store_bulk_end(struct store *st, enum ng_err result)
{
	struct store_conn *c = pin.c;
	enum ng_err	   err;

	if (st->ops->bulk == NULL || c == NULL || pin.st != st)
		return result;
	/*
	 * The writes inside logged no keys of their own (store_wtx_end()):
	 * one record that everything changed goes with the commit, for
	 * the other processes.
	 */
	if (result == NG_OK)
		result = st->ops->inval_log(c, store_inval_origin(st), "all",
		    (int64_t)time(NULL));
	err = st->ops->bulk(c, 0, result);
	pin.c = NULL;
	pin.st = NULL;
	pin.bulk = 0;
	store_db_enter();
	store_pool_put(st, c);
	/* Its writes logged their keys inside it (other processes see them
	 * with the commit) and applied them here before it ended: drop
	 * what a reader may have cached from before the commit. */
	store_inval_apply(st, &(const uint64_t){ STORE_KEY(INVAL_ALL, 0) }, 1);
	return err;
}

const struct store_ops *
store_ops_of(const struct store *st)
{
	return st->ops;
}

void
store_changed(struct store *st)
{
	atomic_fetch_add_explicit(&st->generation, 1, memory_order_release);
}

void
store_touch(struct store *st)
{
	store_inval_apply(st, &(const uint64_t){ STORE_KEY(INVAL_ALL, 0) }, 1);
}

void
store_on_invalidate(struct store *st, store_inval_fn fn, void *cls)
{
	pthread_mutex_lock(&st->hook_mu);
	st->hook = fn;
	st->hook_cls = cls;
	pthread_mutex_unlock(&st->hook_mu);
}

void
store_inval_apply(struct store *st, const uint64_t *keys, size_t n)
{
	store_changed(st);
	/* Under the lock, so a listener going away waits for this. */
	pthread_mutex_lock(&st->hook_mu);
	if (st->hook != NULL)
		st->hook(st->hook_cls, keys, n);
	pthread_mutex_unlock(&st->hook_mu);
}

void
store_write_lock(struct store *st)
{
	pthread_mutex_lock(&st->write_mu);
}

void
store_write_unlock(struct store *st)
{
	pthread_mutex_unlock(&st->write_mu);
}

uint64_t
store_durable_seq(struct store *st)
{
	return atomic_fetch_add(&st->committed, 1) + 1;
}

/*
 * Wait until commit seq is on the disk.  The first thread to find no
 * sync running becomes the one that syncs, for every commit numbered so
 * far; the others wait for it and return at once if it covered them,
 * or one of them syncs the commits that came in meanwhile.  Under a
 * burst each sync (milliseconds on a disk) serves a whole batch of
 * writers instead of one each.
 */
enum ng_err
store_durable_wait(struct store *st, struct store_conn *c, uint64_t seq)
{
	enum ng_err err = NG_OK;
	uint64_t    upto;

	pthread_mutex_lock(&st->sync_mu);
	while (st->synced < seq) {
		if (st->failed >= seq) {
			err = NG_EIO;
			break;
		}
		if (st->syncing) {
			pthread_cond_wait(&st->sync_cv, &st->sync_mu);
			continue;
		}
		st->syncing = 1;
		upto = atomic_load(&st->committed);
		pthread_mutex_unlock(&st->sync_mu);
		err = st->ops->sync(c);
		pthread_mutex_lock(&st->sync_mu);
		st->syncing = 0;
		if (err == NG_OK && upto > st->synced)
			st->synced = upto;
		else if (err != NG_OK && upto > st->failed)
			st->failed = upto;
		pthread_cond_broadcast(&st->sync_cv);
		if (err != NG_OK)
			break;
	}
	pthread_mutex_unlock(&st->sync_mu);
	return err;
}

int64_t
store_inval_origin(const struct store *st)
{
	return st->origin;
}

struct store_watch *
store_watch_of(struct store *st)
{
	return &st->watch;
}

struct count_cache *
store_counts_of(struct store *st)
{
	return &st->counts;
}

uint64_t
store_generation(const struct store *st)
{
	return atomic_load_explicit(&st->generation, memory_order_acquire);
}

static void
close_conns(const struct store_ops *ops, struct store_conn **conns, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (conns[i] != NULL)
			ops->close(conns[i], i + 1 == n);
}

const struct store_ops *
store_backend_for(const char *db)
{
	if (strncmp(db, "postgresql://", 13) == 0 ||
	    strncmp(db, "postgres://", 11) == 0)
		return &store_pg_ops;
	return &store_sqlite_ops;
}

int
store_is_url(const char *db)
{
	return db != NULL && store_backend_for(db) != &store_sqlite_ops;
}

enum ng_err
store_open(const char *path, unsigned nconns, struct store **out, char *errbuf,
    size_t errsz)
{
	const struct store_ops *ops;
	struct store_conn     **conns = NULL;
	struct store	       *st;
	enum ng_err		err;
	unsigned		i;
	int			made;

	*out = NULL;
	if (errsz > 0)
		errbuf[0] = '\0';
	if (path == NULL || *path == '\0') {
		snprintf(errbuf, errsz, "no database path");
		return NG_EINVAL;
	}
	ops = store_backend_for(path);
	/*
	 * Each pooled connection to ":memory:" would be a database of its
	 * own, so writes on one would be invisible on the others.
	 */
	if (strcmp(path, ":memory:") == 0) {
		snprintf(errbuf, errsz,
		    "in-memory databases are not "
		    "supported; give a file path");
		return NG_EINVAL;
	}
	if (nconns == 0 || nconns > STORE_CONNS_MAX) {
		snprintf(errbuf, errsz,
		    "connection count %u is not in "
		    "1..%d",
		    nconns, STORE_CONNS_MAX);
		return NG_EINVAL;
	}

	/*
	 * An upgrade keeps the database as it was before its migrations
	 *: backups/nutgraf-schema-N.db beside it.
	 */
	if ((err = store_db_backup_before_migrate(path, &made, errbuf,
		 errsz)) != NG_OK)
		return err;
	conns = xcalloc(nconns, sizeof(*conns));
	/* The first connection migrates before any statement is prepared. */
	if ((err = ops->open(path, &conns[0], errbuf, errsz)) != NG_OK)
		goto fail;
	err = store_migrate(ops, conns[0], ops->migrations, *ops->nmigrations,
	    now_unix(), errbuf, errsz);
	if (err != NG_OK)
		goto fail;
	if ((err = ops->prepare(conns[0], errbuf, errsz)) != NG_OK)
		goto fail;
	for (i = 1; i < nconns; i++) {
		if ((err = ops->open(path, &conns[i], errbuf, errsz)) != NG_OK)
			goto fail;
		if ((err = ops->prepare(conns[i], errbuf, errsz)) != NG_OK)
			goto fail;
	}

	st = xcalloc(1, sizeof(*st));
	st->ops = ops;
	st->conns = conns;
	st->nconns = nconns;
	if (pthread_mutex_init(&st->mu, NULL) != 0 ||
	    pthread_mutex_init(&st->hook_mu, NULL) != 0 ||
	    pthread_mutex_init(&st->write_mu, NULL) != 0 ||
	    pthread_mutex_init(&st->sync_mu, NULL) != 0 ||
	    pthread_cond_init(&st->sync_cv, NULL) != 0 ||
	    pthread_cond_init(&st->cv, NULL) != 0) {
		log_err("store: cannot create the pool lock");
		abort();
	}
	for (i = nconns; i > 0; i--) {
		conns[i - 1]->next = st->free;
		st->free = conns[i - 1];
	}
	st->origin = store_inval_new_origin();
	store_watch_init(&st->watch, ops, path);
	count_cache_init(&st->counts);
	*out = st;
	return NG_OK;

fail:
	close_conns(ops, conns, nconns);
	free(conns);
	return err;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	/* Every connection must be back: closing under a caller is a bug. */
	store_watch_fini(st->ops, &st->watch);
	count_cache_fini(&st->counts);
	close_conns(st->ops, st->conns, st->nconns);
	pthread_cond_destroy(&st->cv);
	pthread_mutex_destroy(&st->mu);
	pthread_mutex_destroy(&st->hook_mu);
	pthread_mutex_destroy(&st->write_mu);
	pthread_mutex_destroy(&st->sync_mu);
	pthread_cond_destroy(&st->sync_cv);
	free(st->conns);
	free(st);
}

enum ng_err
store_schema_version(struct store *st, int *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = 0;
	c = store_pool_get(st);
	err = st->ops->schema_version(c, out);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_ready(struct store *st)
{
	const struct store_ops *ops = st->ops;
	enum ng_err		err;
	size_t			n = *ops->nmigrations;
	int			version = 0;

	if ((err = store_schema_version(st, &version)) != NG_OK)
		return err;
	/* Another instance may still be migrating: not ready yet. */
	if (n > 0 && version < ops->migrations[n - 1].version)
		return NG_EDB;
	return NG_OK;
}

enum ng_err
store_is_empty(struct store *st, int *empty)
{
	struct store_conn *c;
	enum ng_err	   err;

	*empty = 0;
	c = store_pool_get(st);
	err = st->ops->is_empty(c, empty);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_section_add(struct store *st, const struct section *s, int64_t *id)
{
	struct store_wtx tx;
	enum ng_err	 err;

	*id = 0;
	err = check_fields(s, section_limits,
	    sizeof(section_limits) / sizeof(section_limits[0]));
	if (err != NG_OK)
		return err;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = st->ops->section_add(tx.c, s, id);
	store_wtx_note(&tx, SW_SECTION_ADD,
	    &(struct write_subject){ .id = *id });
	if ((err = store_wtx_end(&tx, err)) != NG_OK)
		*id = 0;
	return err;
}

enum ng_err
store_author_add(struct store *st, const struct author *au, int64_t *id)
{
	struct store_conn *c;
	enum ng_err	   err;

	*id = 0;
	err = check_fields(au, author_limits,
	    sizeof(author_limits) / sizeof(author_limits[0]));
	if (err != NG_OK)
		return err;
	c = store_pool_get(st);
	err = st->ops->author_add(c, au, now_unix(), id);
	store_pool_put(st, c);
	/* SW_AUTHOR_ADD: nobody links to a new author yet. */
	return err;
}

enum ng_err
store_tag_ensure(struct store *st, struct str name, struct str slug,
    int64_t *id)
{
	struct store_conn *c;
	enum ng_err	   err;

	*id = 0;
	if ((err = check_str("tag name", name, 1, STORE_NAME_MAX)) != NG_OK ||
	    (err = check_str("tag slug", slug, 1, STORE_SLUG_MAX)) != NG_OK)
		return err;
	c = store_pool_get(st);
	err = st->ops->tag_ensure(c, name, slug, id);
	store_pool_put(st, c);
	/* SW_TAG_ADD: no article carries a new tag yet. */
	return err;
}

/*
 * Validate a and copy it into *n with the store's defaults applied: the
 * backend then stores exactly what it is given.
 */
static enum ng_err
article_normalise(const struct article *a, const int64_t *tag_ids, size_t ntags,
    int64_t now, struct article *n)
{
	enum ng_err err;
	size_t	    i, j;

	err = check_fields(a, article_limits,
	    sizeof(article_limits) / sizeof(article_limits[0]));
	if (err != NG_OK)
		return err;
	if ((unsigned)a->status >= ARTICLE__MAX || a->id < 0 ||
	    a->author_id < 0 || a->section_id < 0 || a->related_id < 0 ||
	    a->version < 0)
		return NG_EINVAL;
	if (a->id != 0 && a->related_id == a->id)
		return NG_EINVAL;
	if (ntags > STORE_TAGS_MAX || a->nauthor_ids > STORE_AUTHORS_MAX)
		return NG_ETOOBIG;
	if (a->nauthor_ids > 0 && a->author_ids == NULL)
		return NG_EINVAL;
	for (i = 0; i < a->nauthor_ids; i++) {
		if (a->author_ids[i] <= 0)
			return NG_EINVAL;
		for (j = 0; j < i; j++)
			if (a->author_ids[j] == a->author_ids[i])
				return NG_EINVAL;
	}
	if (ntags > 0 && tag_ids == NULL)
		return NG_EINVAL;
	/* At most 64 tags, so the quadratic check costs nothing. */
	for (i = 0; i < ntags; i++) {
		if (tag_ids[i] <= 0)
			return NG_EINVAL;
		for (j = 0; j < i; j++)
			if (tag_ids[j] == tag_ids[i])
				return NG_EINVAL;
	}

	*n = *a;
	if (a->author_ids != NULL)
		n->author_id = a->nauthor_ids > 0 ? a->author_ids[0] : 0;
	n->comments_open = a->comments_open != 0;
	if (n->created_at == 0)
		n->created_at = now;
	if (n->updated_at == 0)
		n->updated_at = now;
	/* A published article without a date would sort as 1970. */
	if (n->status == ARTICLE_PUBLISHED && n->published_at == 0)
		n->published_at = now;
	return NG_OK;
}

/*
 * The bylines of a save that named only author_id: it first, then the
 * co-authors the article has (old, read in the write's transaction),
 * into buf; none when author_id is 0.
 */
static void
byline_keep(struct article *n, const struct article_state *old, int64_t *buf)
{
	size_t i, k = 0;

	if (n->author_id != 0) {
		buf[k++] = n->author_id;
		for (i = 0; i < old->nauthors && k < STORE_AUTHORS_MAX; i++)
			if (old->authors[i] != n->author_id)
				buf[k++] = old->authors[i];
	}
	n->author_ids = buf;
	n->nauthor_ids = k;
}

enum ng_err
store_article_save(struct store *st, const struct article *a,
    const int64_t *tag_ids, size_t ntags, int64_t *id)
{
	struct store_wtx     tx;
	struct write_subject ws;
	struct article_state old;
	struct article	     n;
	enum ng_err	     err;
	int64_t		     now = now_unix();
	int64_t		     bylines[STORE_AUTHORS_MAX];

	*id = 0;
	if ((err = article_normalise(a, tag_ids, ntags, now, &n)) != NG_OK)
		return err;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	memset(&ws, 0, sizeof(ws));
	/* The lists it was on, read inside the write's transaction. */
	memset(&old, 0, sizeof(old));
	if (n.id != 0 &&
	    (err = store_wtx_old_article(&tx, n.id, &old)) == NG_OK)
		write_subject_before(&ws, &old);
	if (n.author_ids == NULL)
		byline_keep(&n, &old, bylines);
	if (err == NG_OK || err == NG_ENOTFOUND)
		err = st->ops->article_save(tx.c, &n, tag_ids, ntags, now, id);
	ws.article_id = *id;
	ws.public_after = n.status == ARTICLE_PUBLISHED;
	ws.section_id[1] = n.section_id;
	ws.author_id[1] = n.author_id;
	ws.authors[1] = n.author_ids;
	ws.nauthors[1] = n.nauthor_ids;
	ws.tags[1] = tag_ids;
	ws.ntags[1] = ntags;
	store_wtx_note(&tx, SW_ARTICLE_SAVE, &ws);
	if ((err = store_wtx_end(&tx, err)) != NG_OK)
		*id = 0;
	return err;
}

enum ng_err
store_article_revisions(struct store *st, int64_t id, size_t *out)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = 0;
	c = store_pool_get(st);
	err = st->ops->article_revisions(c, id, out);
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_fill_authors(struct arena *ar, struct store *st, struct store_conn *c,
    struct article *v, size_t n)
{
	struct author *au;
	int64_t	       ids[STORE_LIST_MAX], *owner;
	size_t	       i, j, k, x, nrows, m;
	enum ng_err    err;

	for (i = 0; i < n; i += m) {
		m = n - i < STORE_LIST_MAX ? n - i : STORE_LIST_MAX;
		for (k = 0; k < m; k++)
			ids[k] = v[i + k].id;
		err = st->ops->article_authors(ar, c, ids, m, &owner, &au,
		    &nrows);
		if (err != NG_OK)
			return err;
		for (j = 0; j < nrows; j = k) {
			for (k = j + 1; k < nrows && owner[k] == owner[j]; k++)
				continue;
			for (x = i; x < i + m; x++)
				if (v[x].id == owner[j]) {
					v[x].authors = &au[j];
					v[x].nauthors = k - j;
					break;
				}
		}
	}
	/* The joined byline is the first: keep the two the same. */
	for (i = 0; i < n; i++)
		if (v[i].nauthors > 0 && v[i].authors[0].id == v[i].author.id)
			v[i].author = v[i].authors[0];
	return NG_OK;
}

enum ng_err
store_article_by_slug(struct arena *ar, struct store *st, struct str slug,
    struct article **out)
{
	struct store_conn *c;
	struct article	  *a;
	enum ng_err	   err;

	*out = NULL;
	/* No stored slug is longer, so no need to ask. */
	if (slug.n == 0 || slug.n > STORE_SLUG_MAX || slug.p == NULL)
		return NG_ENOTFOUND;
	if ((a = arena_calloc(ar, 1, sizeof(*a))) == NULL)
		return NG_ENOMEM;
	store_read_declared(); /* the id comes with the row */
	c = store_pool_get(st);
	err = st->ops->article_by_slug(ar, c, slug, now_unix(), a);
	if (err == NG_OK)
		err = store_fill_authors(ar, st, c, a, 1);
	store_pool_put(st, c);
	if (err == NG_OK) {
		store_read_note(STORE_KEY(INVAL_ARTICLE, a->id));
		*out = a;
	}
	return err;
}

enum ng_err
store_article_by_id(struct arena *ar, struct store *st, int64_t id,
    struct article **out)
{
	struct store_conn *c;
	struct article	  *a;
	enum ng_err	   err;

	*out = NULL;
	if (id <= 0)
		return NG_ENOTFOUND;
	if ((a = arena_calloc(ar, 1, sizeof(*a))) == NULL)
		return NG_ENOMEM;
	/* Noted found or not: a link to it appears when it does. */
	store_read_note(STORE_KEY(INVAL_ARTICLE, id));
	c = store_pool_get(st);
	err = st->ops->article_by_id(ar, c, id, now_unix(), a);
	if (err == NG_OK)
		err = store_fill_authors(ar, st, c, a, 1);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = a;
	return err;
}

enum ng_err
store_article_list(struct arena *ar, struct store *st,
    const struct article_query *q, struct article_list *out)
{
	struct store_conn   *c;
	struct article_query cq;
	struct count_key     key;
	enum ng_err	     err;
	uint64_t	     gen;
	int64_t		     now;
	size_t		     total = 0;
	int		     cached = 0;

	memset(out, 0, sizeof(*out));
	cq = *q;
	if (cq.limit == 0 || cq.limit > STORE_LIST_MAX)
		cq.limit = STORE_LIST_MAX;
	if (cq.section_id < 0 || cq.tag_id < 0 || cq.author_id < 0)
		return NG_EINVAL;
	/* A date range stands alone: no single index fits more. */
	if ((cq.from != 0 || cq.to != 0) &&
	    (cq.from < 0 || cq.to <= cq.from || cq.section_id != 0 ||
		cq.tag_id != 0 || cq.author_id != 0))
		return NG_EINVAL;
	/* SQLite's OFFSET is a signed 64-bit integer. */
	if (cq.offset > (size_t)INT32_MAX)
		cq.offset = (size_t)INT32_MAX;
	/*
	 * The total from the count cache when it is still good; the sync
	 * sees another process's writes too (nutgraf article add).  Lists
	 * without a total need neither.
	 */
	/* The list a page shows: any write that adds to it, takes from it
	 * or changes one of its articles drops this key. */
	if (cq.section_id != 0)
		store_read_note(STORE_KEY(INVAL_SECTION, cq.section_id));
	if (cq.tag_id != 0)
		store_read_note(STORE_KEY(INVAL_TAG, cq.tag_id));
	if (cq.author_id != 0)
		store_read_note(STORE_KEY(INVAL_AUTHOR, cq.author_id));
	if (cq.section_id == 0 && cq.tag_id == 0 && cq.author_id == 0)
		store_read_note(STORE_KEY(INVAL_FRONT, 0));
	now = now_unix();
	gen = 0;
	if (!cq.no_total && count_key_list(&key, &cq)) {
		gen = store_generation_sync(st);
		if (count_cache_get(&st->counts, &key, gen, now, &total))
			cached = cq.no_total = 1;
	}
	c = store_pool_get(st);
	err = st->ops->article_list(ar, c, &cq, now, out);
	if (err == NG_OK)
		err = store_fill_authors(ar, st, c, out->v, out->n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		memset(out, 0, sizeof(*out));
		return err;
	}
	if (cached) {
		/* Never fewer than the rows in hand. */
		if (out->n > 0 && total < cq.offset + out->n)
			total = cq.offset + out->n;
		out->total = total;
	} else if (!q->no_total)
		count_cache_put(st, &key, gen, now, out->total);
	return NG_OK;
}

enum ng_err
store_sections(struct arena *ar, struct store *st, struct section **out,
    size_t *n)
{
	struct store_conn *c;
	enum ng_err	   err;

	*out = NULL;
	*n = 0;
	store_read_note(STORE_KEY(INVAL_NAV, 0));
	c = store_pool_get(st);
	err = st->ops->sections(ar, c, out, n);
	store_pool_put(st, c);
	if (err != NG_OK) {
		*out = NULL;
		*n = 0;
	}
	return err;
}

enum ng_err
store_section_by_slug(struct arena *ar, struct store *st, struct str slug,
    struct section **out)
{
	struct store_conn *c;
	struct section	  *s;
	enum ng_err	   err;

	*out = NULL;
	if (slug.n == 0 || slug.n > STORE_SLUG_MAX || slug.p == NULL)
		return NG_ENOTFOUND;
	if ((s = arena_calloc(ar, 1, sizeof(*s))) == NULL)
		return NG_ENOMEM;
	store_read_note(STORE_KEY(INVAL_NAV, 0));
	c = store_pool_get(st);
	err = st->ops->section_by_slug(ar, c, slug, s);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = s;
	return err;
}

enum ng_err
store_tag_by_slug(struct arena *ar, struct store *st, struct str slug,
    struct tag **out)
{
	struct store_conn *c;
	struct tag	  *t;
	enum ng_err	   err;

	*out = NULL;
	if (slug.n == 0 || slug.n > STORE_SLUG_MAX || slug.p == NULL)
		return NG_ENOTFOUND;
	if ((t = arena_calloc(ar, 1, sizeof(*t))) == NULL)
		return NG_ENOMEM;
	store_read_declared(); /* renames drop everything */
	c = store_pool_get(st);
	err = st->ops->tag_by_slug(ar, c, slug, t);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = t;
	return err;
}

enum ng_err
store_author_by_slug(struct arena *ar, struct store *st, struct str slug,
    struct author **out)
{
	struct store_conn *c;
	struct author	  *au;
	enum ng_err	   err;

	*out = NULL;
	if (slug.n == 0 || slug.n > STORE_SLUG_MAX || slug.p == NULL)
		return NG_ENOTFOUND;
	if ((au = arena_calloc(ar, 1, sizeof(*au))) == NULL)
		return NG_ENOMEM;
	store_read_declared(); /* updates drop everything */
	c = store_pool_get(st);
	err = st->ops->author_by_slug(ar, c, slug, au);
	store_pool_put(st, c);
	if (err == NG_OK)
		*out = au;
	return err;
}

enum ng_err
store_setting_get(struct arena *ar, struct store *st, const char *key,
    struct str *out)
{
	struct store_conn *c;
	struct str	   k = str_c(key);
	enum ng_err	   err;

	*out = (struct str){ "", 0 };
	if (k.n == 0 || k.n > STORE_KEY_MAX)
		return NG_ENOTFOUND;
	store_read_note(STORE_KEY(INVAL_SETTINGS, 0));
	c = store_pool_get(st);
	err = st->ops->setting_get(ar, c, k, out);
	store_pool_put(st, c);
	if (err != NG_OK)
		*out = (struct str){ "", 0 };
	return err;
}

enum ng_err
store_setting_set(struct store *st, const char *key, struct str value)
{
	struct store_wtx tx;
	struct str	 k = str_c(key);
	enum ng_err	 err;

	if ((err = check_str("setting key", k, 1, STORE_KEY_MAX)) != NG_OK ||
	    (err = check_str("setting value", value, 0, STORE_VALUE_MAX)) !=
		NG_OK)
		return err;
	if ((err = store_wtx_begin(st, &tx)) != NG_OK)
		return err;
	err = st->ops->setting_set(tx.c, k, value);
	store_wtx_note(&tx, SW_SETTING, &(struct write_subject){ 0 });
	return store_wtx_end(&tx, err);
}

enum ng_err
store_wrote(struct store *st, struct store_conn *c, enum ng_err err)
{
	store_pool_put(st, c);
	return err;
}

enum ng_err
store_read_done(struct store *st, struct store_conn *c, enum ng_err err)
{
	store_pool_put(st, c);
	return err;
}

/*
 * `nutgraf check` reads whichever backend db names; neither call opens
 * a store (no pool, no migrations).
 */
enum ng_err
store_db_inspect(const char *db, struct store_db_report *out, char *errbuf,
    size_t errsz)
{
	return store_backend_for(db)->db_inspect(db, out, errbuf, errsz);
}

enum ng_err
store_db_media(const char *db, int (*fn)(void *, const char *), void *arg,
    char *errbuf, size_t errsz)
{
	return store_backend_for(db)->db_media(db, fn, arg, errbuf, errsz);
}
