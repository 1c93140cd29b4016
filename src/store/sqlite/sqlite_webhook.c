/*
 * sqlite_webhook.c -- the SQLite backend's webhook calls (store.h):
 * the webhooks, the delivery queue and its log (tables of migration
 * 0011).  Taking due deliveries is a write transaction (BEGIN
 * IMMEDIATE): the select and the lease cannot interleave with another
 * process's.
 */
#include <stddef.h>

#include <sqlite3.h>

#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

#define DELIVERY_COLS                                                  \
	"d.id, d.webhook_id, w.url, w.secret, d.event, d.payload, "    \
	"CASE d.status WHEN 'pending' THEN 0 WHEN 'delivered' THEN 1 " \
	"ELSE 2 END, d.attempts, d.next_at, d.last_code, "             \
	"coalesce(d.last_error, ''), d.created_at, coalesce(d.done_at, 0)"

static void
hook_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct webhook *w = row;

	w->id = sqlite_col_i64(s, 0);
	w->url = sqlite_col_str(r, s, 1);
	w->secret = sqlite_col_str(r, s, 2);
	w->events = sqlite_col_str(r, s, 3);
	w->active = sqlite_col_i64(s, 4) != 0;
	w->created_at = sqlite_col_i64(s, 5);
}

static void
delivery_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct webhook_delivery *d = row;

	d->id = sqlite_col_i64(s, 0);
	d->webhook_id = sqlite_col_i64(s, 1);
	d->url = sqlite_col_str(r, s, 2);
	d->secret = sqlite_col_str(r, s, 3);
	d->event = sqlite_col_str(r, s, 4);
	d->payload = sqlite_col_str(r, s, 5);
	d->status = (enum webhook_status)sqlite_col_i64(s, 6);
	d->attempts = (int)sqlite_col_i64(s, 7);
	d->next_at = sqlite_col_i64(s, 8);
	d->last_code = (int)sqlite_col_i64(s, 9);
	d->last_error = sqlite_col_str(r, s, 10);
	d->created_at = sqlite_col_i64(s, 11);
	d->done_at = sqlite_col_i64(s, 12);
}

enum ng_err
sqlite_webhook_add(struct store_conn *sc, const struct webhook *w, int64_t now,
    int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    n = 0;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = sqlite_prep_once(c, "SELECT count(*) FROM webhooks")) ==
	    NULL) {
		err = NG_EDB;
		goto out;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (n >= STORE_WEBHOOKS_MAX) {
		err = NG_ETOOBIG;
		goto out;
	}
	if ((s = sqlite_prep_once(c,
		 "INSERT INTO webhooks (url, secret, events, active, "
		 "created_at) VALUES (?1, ?2, ?3, ?4, ?5)")) == NULL) {
		err = NG_EDB;
		goto out;
	}
	if (!sqlite_bind_text(c, s, 1, w->url) ||
	    !sqlite_bind_text(c, s, 2, w->secret) ||
	    !sqlite_bind_text(c, s, 3, w->events) ||
	    !sqlite_bind_i64(c, s, 4, w->active ? 1 : 0) ||
	    !sqlite_bind_i64(c, s, 5, now)) {
		sqlite3_finalize(s);
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_run_once(c, s, NULL)) == NG_OK)
		*id = sqlite3_last_insert_rowid(c->db);
out:
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_webhook_delete(struct store_conn *sc, int64_t id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	/* The deliveries go first: foreign keys may be off. */
	if ((s = sqlite_prep_once(c,
		 "DELETE FROM webhook_deliveries WHERE webhook_id = ?1")) ==
	    NULL) {
		err = NG_EDB;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	if ((err = sqlite_run_once(c, s, NULL)) != NG_OK)
		goto out;
	if ((s = sqlite_prep_once(c, "DELETE FROM webhooks WHERE id = ?1")) ==
	    NULL) {
		err = NG_EDB;
		goto out;
	}
	sqlite3_bind_int64(s, 1, id);
	if ((err = sqlite_run_once(c, s, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
out:
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_webhook_list(struct arena *ar, struct store_conn *sc,
    struct webhook **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "SELECT id, url, secret, events, active, created_at FROM "
		 "webhooks ORDER BY id")) == NULL)
		return NG_EDB;
	err = sqlite_rows(ar, c, s, sizeof(struct webhook), hook_row, out, n);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_webhook_enqueue(struct store_conn *sc, struct str event,
    struct str payload, int64_t now, size_t *queued)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	/* events is a comma list without spaces: match ",event,". */
	if ((s = sqlite_prep_once(c,
		 "INSERT INTO webhook_deliveries (webhook_id, event, "
		 "payload, next_at, created_at) SELECT id, ?1, ?2, ?3, ?3 "
		 "FROM webhooks WHERE active = 1 AND (events = '*' OR "
		 "instr(',' || events || ',', ',' || ?1 || ',') > 0)")) ==
	    NULL) {
		err = NG_EDB;
		goto out;
	}
	if (!sqlite_bind_text(c, s, 1, event) ||
	    !sqlite_bind_text(c, s, 2, payload) ||
	    !sqlite_bind_i64(c, s, 3, now)) {
		sqlite3_finalize(s);
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_run_once(c, s, &rows)) == NG_OK)
		*queued = (size_t)rows;
out:
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_webhook_due(struct arena *ar, struct store_conn *sc, int64_t now,
    int64_t lease_until, size_t limit, struct webhook_delivery **out, size_t *n)
{
	return sqlite_lease_due(ar, sqlite_conn_of(sc),
	    "SELECT " DELIVERY_COLS " FROM webhook_deliveries d JOIN "
	    "webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' "
	    "AND d.next_at <= ?1 AND w.active = 1 ORDER BY d.next_at, d.id "
	    "LIMIT ?2",
	    "UPDATE webhook_deliveries SET next_at = ?2 WHERE id = ?1", now,
	    lease_until, limit, sizeof(**out), delivery_row,
	    offsetof(struct webhook_delivery, id), out, n);
}

enum ng_err
sqlite_webhook_done(struct store_conn *sc, int64_t id,
    enum webhook_status status, int attempts, int64_t next_at, int code,
    struct str error, int64_t now)
{
	static const char *const names[WEBHOOK__MAX] = { "pending", "delivered",
		"failed" };
	struct sqlite_conn	*c = sqlite_conn_of(sc);
	sqlite3_stmt		*s;
	enum ng_err		 err;
	int64_t			 rows = 0;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = sqlite_prep_once(c,
		 "UPDATE webhook_deliveries SET status = ?2, attempts = ?3, "
		 "next_at = ?4, last_code = ?5, last_error = ?6, done_at = "
		 "CASE WHEN ?2 = 'pending' THEN NULL ELSE ?7 END WHERE id = "
		 "?1")) == NULL) {
		err = NG_EDB;
		goto out;
	}
	if (!sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, str_c(names[status])) ||
	    !sqlite_bind_i64(c, s, 3, attempts) ||
	    !sqlite_bind_i64(c, s, 4, next_at) ||
	    !sqlite_bind_i64(c, s, 5, code) ||
	    !sqlite_bind_text(c, s, 6, error) ||
	    !sqlite_bind_i64(c, s, 7, now)) {
		sqlite3_finalize(s);
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_run_once(c, s, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
out:
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_webhook_deliveries(struct arena *ar, struct store_conn *sc,
    int64_t webhook_id, size_t limit, struct webhook_delivery **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "SELECT " DELIVERY_COLS " FROM webhook_deliveries d JOIN "
		 "webhooks w ON w.id = d.webhook_id WHERE ?1 = 0 OR "
		 "d.webhook_id = ?1 ORDER BY d.id DESC LIMIT ?2")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, webhook_id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)limit);
	err = sqlite_rows(ar, c, s, sizeof(struct webhook_delivery),
	    delivery_row, out, n);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_webhook_set_active(struct store_conn *sc, int64_t id, int active)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((s = sqlite_prep_once(c,
		 "UPDATE webhooks SET active = ?2 WHERE id = ?1")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, active ? 1 : 0);
	if ((err = sqlite_run_once(c, s, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return err;
}

enum ng_err
sqlite_webhook_enqueue_one(struct store_conn *sc, int64_t id, struct str event,
    struct str payload, int64_t now, int64_t *delivery)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((s = sqlite_prep_once(c,
		 "INSERT INTO webhook_deliveries (webhook_id, event, "
		 "payload, next_at, created_at) SELECT id, ?2, ?3, ?4, ?4 "
		 "FROM webhooks WHERE id = ?1")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, id) ||
	    !sqlite_bind_text(c, s, 2, event) ||
	    !sqlite_bind_text(c, s, 3, payload) ||
	    !sqlite_bind_i64(c, s, 4, now)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((err = sqlite_run_once(c, s, &rows)) != NG_OK)
		return err;
	if (rows == 0)
		return NG_ENOTFOUND;
	*delivery = sqlite3_last_insert_rowid(c->db);
	return NG_OK;
}

enum ng_err
sqlite_webhook_redeliver(struct store_conn *sc, int64_t webhook_id, int64_t id,
    int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    rows = 0;

	if ((s = sqlite_prep_once(c,
		 "UPDATE webhook_deliveries SET status = 'pending', "
		 "attempts = 0, next_at = ?3, done_at = NULL WHERE id = ?1 "
		 "AND webhook_id = ?2")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, webhook_id);
	sqlite3_bind_int64(s, 3, now);
	if ((err = sqlite_run_once(c, s, &rows)) == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return err;
}
