/*
 * pg_cache.c -- what the page cache (src/http/pagecache.c) asks
 * the PostgreSQL backend: whether anyone committed, and when the next
 * scheduled-by-date article becomes visible.
 *
 * Every write transaction queues NOTIFY nutgraf_changes (pg_tx_begin),
 * which PostgreSQL delivers at COMMIT -- and only then -- to every
 * session listening, in every nutgraf instance on the database.  The
 * store's watcher connection (store_int.h) LISTENs; asking whether
 * anything changed reads what arrived, without a round trip.  A watcher
 * that lost its connection cannot know what it missed: it reports a
 * change (the cache drops everything) and subscribes again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <libpq-fe.h>

#include "core/log.h"
#include "store/pg/pg_int.h"

/* Reconnection attempts of the watcher, at most one per this many ms. */
#define PG_RETRY_MS	250

static int
retry_due(struct pg_conn *c)
{
	struct timespec	 ts;
	int64_t		 now;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	if (now < c->retry_at)
		return 0;
	c->retry_at = now + PG_RETRY_MS;
	return 1;
}

enum ng_err
pg_listen(struct pg_conn *c)
{
	PGresult	*res;
	enum ng_err	 err = NG_OK;

	res = PQexec(c->db, "LISTEN " PG_CHANNEL);
	if (res == NULL || PQresultStatus(res) != PGRES_COMMAND_OK)
		err = pg_db_err(c, res, "LISTEN");
	PQclear(res);
	c->listening = err == NG_OK;
	return err;
}

/*
 * A notification travels on its own after the commit, so a request that
 * follows a write at once (the writer's own next request, a CLI change
 * and then a page) could ask before it arrives.  The server's current
 * snapshot (xmin:xmax:in-progress ids) moves with every write
 * transaction's start and end on the cluster, so comparing it with the
 * last one seen closes that window with one round trip, the way SQLite's
 * PRAGMA data_version does; the notification still pushes.  A failed
 * query counts as a change.
 */
static int
snapshot_moved(struct pg_conn *c)
{
	PGresult	*res;
	const char	*v;
	uint64_t	 h = 1469598103934665603ULL;
	int		 moved = 1;

	res = PQexec(c->db, "SELECT pg_current_snapshot()::text");
	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK &&
	    PQntuples(res) == 1) {
		for (v = PQgetvalue(res, 0, 0); *v != '\0'; v++)
			h = (h ^ (unsigned char)*v) * 1099511628211ULL;
		moved = h != c->snap_hash;
		c->snap_hash = h;
	}
	PQclear(res);
	return moved;
}

enum ng_err
pg_data_changed(struct store_conn *sc, int *changed)
{
	struct pg_conn	*c = pg_conn_of(sc);
	PGnotify	*nf;
	int		 n = 0;

	*changed = 1;
	if (PQstatus(c->db) != CONNECTION_OK || !c->listening) {
		/*
		 * While the database cannot be reached nobody can write
		 * to it through us, and the cached pages are the best
		 * there is: keep them (*changed 0), and try again at most
		 * every PG_RETRY_MS.  Back, we cannot know what was
		 * written meanwhile: subscribe and drop everything.
		 */
		*changed = 0;
		if (!retry_due(c))
			return NG_OK;
		if (PQstatus(c->db) != CONNECTION_OK) {
			log_warn("store: reconnecting the PostgreSQL change "
			    "feed");
			PQreset(c->db);
			c->listening = 0;
			if (PQstatus(c->db) != CONNECTION_OK)
				return NG_OK;
		}
		*changed = 1;
		return pg_listen(c);
	}
	if (!PQconsumeInput(c->db) || PQstatus(c->db) != CONNECTION_OK) {
		log_warn("store: lost the PostgreSQL change feed");
		c->listening = 0;
		*changed = 0;
		return NG_OK;
	}
	while ((nf = PQnotifies(c->db)) != NULL) {
		PQfreemem(nf);
		n++;
	}
	*changed = n > 0 || snapshot_moved(c);
	return NG_OK;
}

enum ng_err
pg_next_publish_after(struct store_conn *sc, int64_t now, int64_t *out)
{
	struct pg_conn	*c = pg_conn_of(sc);
	struct pg_stmt	*s;
	enum ng_err	 err = NG_OK;

	*out = 0;
	if ((s = pg_stmt_get(c, STMT_NEXT_PUBLISH)) == NULL ||
	    !pg_bind_i64(c, s, 1, now))
		return NG_EDB;
	if (pg_step(c, s, &err) != 1)
		return err == NG_OK ? NG_EDB : err;
	if (pg_col_null(s, 0))
		return NG_ENOTFOUND;
	*out = pg_col_i64(s, 0);
	return NG_OK;
}
