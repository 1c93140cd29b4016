/*
 * test_durable.c -- an acknowledged comment is on the disk: the store
 * syncs the WAL after a comment's commit (store_wtx.durable, the
 * backend's sync), and leaves writes nobody is promised anything about
 * (settings here) to the WAL's own schedule.  Concurrent posters all
 * get their comment, each acknowledged after its sync, and one sync
 * covers every commit made while the one before it ran (group commit).
 *
 * The syncs are counted by a VFS of this test's own, registered as the
 * default, which passes every call to the real one and counts xSync on
 * files opened as a WAL.
 */
#include "testlib.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <time.h>

#include <sqlite3.h>

#include "core/html.h"
#include "store/store.h"

/* --- the counting VFS --- */

static sqlite3_vfs *real;
static sqlite3_vfs  counting;
static atomic_int   wal_syncs;

struct cfile {
	sqlite3_file  base;
	int	      wal;
	sqlite3_file *r; /* the real file, after this struct */
};

#define R(f) (((struct cfile *)(f))->r)

static int
c_close(sqlite3_file *f)
{
	return R(f)->pMethods->xClose(R(f));
}

static int
c_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	return R(f)->pMethods->xRead(R(f), p, n, off);
}

static int
c_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	return R(f)->pMethods->xWrite(R(f), p, n, off);
}

static int
c_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return R(f)->pMethods->xTruncate(R(f), size);
}

/*
 * The gate: while closed, a WAL sync waits in here until the test opens
 * it, as a slow disk would keep it; syncing counts those inside.
 */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t  gate_cv = PTHREAD_COND_INITIALIZER;
static int	       gate_closed;
static atomic_int      syncing, syncing_max;

static void
gate_set(int closed)
{
	pthread_mutex_lock(&gate_mu);
	gate_closed = closed;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

static int
c_sync(sqlite3_file *f, int flags)
{
	int n, max;

	if (!((struct cfile *)f)->wal)
		return R(f)->pMethods->xSync(R(f), flags);
	atomic_fetch_add(&wal_syncs, 1);
	n = atomic_fetch_add(&syncing, 1) + 1;
	while (n > (max = atomic_load(&syncing_max)) &&
	    !atomic_compare_exchange_weak(&syncing_max, &max, n))
		continue;
	pthread_mutex_lock(&gate_mu);
	while (gate_closed)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	atomic_fetch_sub(&syncing, 1);
	return R(f)->pMethods->xSync(R(f), flags);
}

static int
c_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return R(f)->pMethods->xFileSize(R(f), size);
}

static int
c_lock(sqlite3_file *f, int l)
{
	return R(f)->pMethods->xLock(R(f), l);
}

static int
c_unlock(sqlite3_file *f, int l)
{
	return R(f)->pMethods->xUnlock(R(f), l);
}

static int
c_reserved(sqlite3_file *f, int *out)
{
	return R(f)->pMethods->xCheckReservedLock(R(f), out);
}

static int
c_fcntl(sqlite3_file *f, int op, void *arg)
{
	return R(f)->pMethods->xFileControl(R(f), op, arg);
}

static int
c_sector(sqlite3_file *f)
{
	return R(f)->pMethods->xSectorSize(R(f));
}

static int
c_devchar(sqlite3_file *f)
{
	return R(f)->pMethods->xDeviceCharacteristics(R(f));
}

static int
c_shm_map(sqlite3_file *f, int pg, int sz, int ext, void volatile **pp)
{
	return R(f)->pMethods->xShmMap(R(f), pg, sz, ext, pp);
}

static int
c_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	return R(f)->pMethods->xShmLock(R(f), off, n, flags);
}

static void
c_shm_barrier(sqlite3_file *f)
{
	R(f)->pMethods->xShmBarrier(R(f));
}

static int
c_shm_unmap(sqlite3_file *f, int del)
{
	return R(f)->pMethods->xShmUnmap(R(f), del);
}

/* Version 2: no memory-mapped I/O through this shim. */
static const sqlite3_io_methods cmethods = { 2, c_close, c_read, c_write,
	c_truncate, c_sync, c_size, c_lock, c_unlock, c_reserved, c_fcntl,
	c_sector, c_devchar, c_shm_map, c_shm_lock, c_shm_barrier, c_shm_unmap,
	NULL, NULL };

static int
c_open(sqlite3_vfs *v, const char *name, sqlite3_file *f, int flags, int *out)
{
	struct cfile *cf = (struct cfile *)f;
	int	      rc;

	(void)v;
	cf->r = (sqlite3_file *)(cf + 1);
	cf->wal = (flags & SQLITE_OPEN_WAL) != 0;
	rc = real->xOpen(real, name, cf->r, flags, out);
	cf->base.pMethods = rc == SQLITE_OK && cf->r->pMethods != NULL ?
	    &cmethods :
	    NULL;
	return rc;
}

static int
c_delete(sqlite3_vfs *v, const char *name, int dirsync)
{
	(void)v;
	return real->xDelete(real, name, dirsync);
}

static int
c_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return real->xAccess(real, name, flags, out);
}

static int
c_fullpath(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return real->xFullPathname(real, name, n, out);
}

static int
c_random(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real->xRandomness(real, n, out);
}

static int
c_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return real->xSleep(real, us);
}

static int
c_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return real->xCurrentTime(real, out);
}

static int
c_lasterr(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real->xGetLastError(real, n, out);
}

static int
c_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return real->xCurrentTimeInt64(real, out);
}

static void
counting_register(void)
{
	real = sqlite3_vfs_find(NULL);
	assert_non_null(real);
	counting.iVersion = 2;
	counting.szOsFile = (int)sizeof(struct cfile) + real->szOsFile;
	counting.mxPathname = real->mxPathname;
	counting.zName = "counting";
	counting.xOpen = c_open;
	counting.xDelete = c_delete;
	counting.xAccess = c_access;
	counting.xFullPathname = c_fullpath;
	counting.xRandomness = c_random;
	counting.xSleep = c_sleep;
	counting.xCurrentTime = c_time;
	counting.xGetLastError = c_lasterr;
	counting.xCurrentTimeInt64 = c_time64;
	assert_int_equal(sqlite3_vfs_register(&counting, 1), SQLITE_OK);
}

/* --- the fixture: a store with one published article --- */

struct fx {
	char	     *dir;
	struct store *st;
	int64_t	      article;
};

static int
setup(void **state)
{
	struct fx     *fx = calloc(1, sizeof(*fx));
	struct article a;
	char	       path[1024], err[256];

	fx->dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nutgraf.db", fx->dir);
	if (store_open(path, 8, &fx->st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	memset(&a, 0, sizeof(a));
	a.slug = STR_LIT("story");
	a.title = STR_LIT("Story");
	a.body_md = STR_LIT("Text.");
	a.body_html = safe_html_trust(STR_LIT("<p>Text.</p>"));
	a.body_text = STR_LIT("Text.");
	a.status = ARTICLE_PUBLISHED;
	a.comments_open = 1;
	a.published_at = 1000;
	assert_int_equal(store_article_save(fx->st, &a, NULL, 0, &fx->article),
	    NG_OK);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *fx = *state;

	store_close(fx->st);
	testlib_rmrf(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static enum ng_err
post(struct fx *fx, const char *body, enum comment_status status, int64_t *id)
{
	struct comment c;

	memset(&c, 0, sizeof(c));
	c.article_id = fx->article;
	c.status = status;
	c.author = STR_LIT("A Reader");
	c.email = STR_LIT("reader@example.org");
	c.body = str_c(body);
	return store_comment_add(fx->st, &c, NULL, id);
}

static void
test_comment_synced_setting_not(void **state)
{
	struct fx *fx = *state;
	int64_t	   id;
	int	   before;

	/* A setting commits to the WAL and is not synced at once. */
	before = atomic_load(&wal_syncs);
	assert_int_equal(store_setting_set(fx->st, "title",
			     STR_LIT("Durable News")),
	    NG_OK);
	assert_int_equal(atomic_load(&wal_syncs), before);

	/* A comment, held or approved, is synced before it is answered. */
	assert_int_equal(post(fx, "Held.", COMMENT_PENDING, &id), NG_OK);
	assert_true(id > 0);
	assert_true(atomic_load(&wal_syncs) > before);
	before = atomic_load(&wal_syncs);
	assert_int_equal(post(fx, "Shown.", COMMENT_APPROVED, &id), NG_OK);
	assert_true(atomic_load(&wal_syncs) > before);

	/* A refused one commits nothing and is not answered as stored. */
	assert_int_equal(post(fx, "", COMMENT_APPROVED, &id), NG_EINVAL);
	assert_int_equal(id, 0);
}

#define POSTERS 6
#define EACH	20

struct poster {
	struct fx *fx;
	int	   n;
	int	   ok;
};

static void *
poster_run(void *arg)
{
	struct poster *p = arg;
	char	       body[64];
	int64_t	       id;
	int	       i;

	for (i = 0; i < EACH; i++) {
		snprintf(body, sizeof(body), "Poster %d comment %d.", p->n, i);
		if (post(p->fx, body,
			i % 2 ? COMMENT_APPROVED : COMMENT_PENDING,
			&id) == NG_OK &&
		    id > 0)
			p->ok++;
	}
	return NULL;
}

static void
test_concurrent_posters(void **state)
{
	struct fx	     *fx = *state;
	struct poster	      p[POSTERS];
	pthread_t	      t[POSTERS];
	struct comment_counts counts;
	int		      i, before = atomic_load(&wal_syncs);

	for (i = 0; i < POSTERS; i++) {
		p[i] = (struct poster){ fx, i, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, poster_run, &p[i]),
		    0);
	}
	for (i = 0; i < POSTERS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(p[i].ok, EACH);
	}
	assert_int_equal(store_comment_counts(fx->st, &counts), NG_OK);
	assert_int_equal(counts.n[COMMENT_PENDING] + counts.n[COMMENT_APPROVED],
	    POSTERS * EACH);
	/* Synced, and (depending on timing) fewer syncs than comments. */
	assert_true(atomic_load(&wal_syncs) > before);
	print_message("# %d WAL syncs for %d comments\n",
	    atomic_load(&wal_syncs) - before, POSTERS * EACH);
}

/*
 * Group commit: while one comment's sync is on the (slow) disk, three
 * more commit and wait; when it is done, one sync covers all three.
 * Two syncs for four comments, never two at once -- where each writer
 * syncing its own commit took four, three of them side by side.
 */
struct one {
	struct fx  *fx;
	const char *body;
	enum ng_err err;
};

static void *
one_run(void *arg)
{
	struct one *o = arg;
	int64_t	    id;

	o->err = post(o->fx, o->body, COMMENT_APPROVED, &id);
	return NULL;
}

/*
 * Comments committed so far (visible, whether or not synced yet), on
 * a connection the four writers leave free (the store has eight).
 */
static size_t
committed(struct fx *fx)
{
	struct comment_counts counts;

	assert_int_equal(store_comment_counts(fx->st, &counts), NG_OK);
	return counts.n[COMMENT_APPROVED];
}

static void
wait_committed(struct fx *fx, size_t n)
{
	time_t end = time(NULL) + 30;

	while (committed(fx) < n) {
		assert_true(time(NULL) < end);
		sched_yield();
	}
}

static void
test_group_commit(void **state)
{
	struct fx		*fx = *state;
	static const char *const bodies[] = { "First.", "Second.", "Third.",
		"Fourth." };
	struct one		 o[4];
	pthread_t		 t[4];
	int			 i, before;

	before = atomic_load(&wal_syncs);
	atomic_store(&syncing_max, 0);
	gate_set(1);
	o[0] = (struct one){ fx, bodies[0], NG_EIO };
	assert_int_equal(pthread_create(&t[0], NULL, one_run, &o[0]), 0);
	/* The first is in its sync (held at the gate)... */
	while (atomic_load(&syncing) == 0)
		sched_yield();
	/* ...while three more commit behind it and wait. */
	for (i = 1; i < 4; i++) {
		o[i] = (struct one){ fx, bodies[i], NG_EIO };
		assert_int_equal(pthread_create(&t[i], NULL, one_run, &o[i]),
		    0);
	}
	wait_committed(fx, 4);
	gate_set(0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(o[i].err, NG_OK);
	}
	assert_int_equal(atomic_load(&wal_syncs) - before, 2);
	assert_int_equal(atomic_load(&syncing_max), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_comment_synced_setting_not,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_posters, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_group_commit, setup,
		    teardown),
	};

	counting_register();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
