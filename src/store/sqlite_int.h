/*
 * sqlite_int.h -- internals shared by the files of the SQLite backend
 * (sqlite.c and one sqlite_<domain>.c per part of the schema).  Private to
 * src/store: nothing outside it includes sqlite3.h.
 *
 * Conventions: every call gets one struct sqlite_conn that its thread
 * holds alone; statements come from sqlite_stmt_get() (prepared once per
 * connection from the table in sqlite_sql.c); bind helpers return 0 after
 * logging a failure; rows are copied into the caller's arena through a
 * struct sqlite_rd whose oom flag is sticky.
 */
#ifndef NG_STORE_SQLITE_INT_H
#define NG_STORE_SQLITE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/err.h"
#include "core/str.h"
#include "store/sqlite_sql.h"
#include "store/store_int.h"

struct arena;

/* How long a writer waits for another one before giving up (ms). */
#define BUSY_TIMEOUT_MS	5000

struct sqlite_conn {
	struct store_conn	 base;	/* first: the pool casts to it */
	sqlite3			*db;
	sqlite3_stmt		*stmt[STMT__MAX];
	unsigned char		 used[STMT__MAX];	/* since last idle */
};

/*
 * Reading rows into an arena: the first allocation failure is sticky,
 * like struct buf, so row loaders need not check every column.
 */
struct sqlite_rd {
	struct arena	*ar;
	int		 oom;
};

/* The backend connection behind a pooled one. */
struct sqlite_conn	*sqlite_conn_of(struct store_conn *c);

/*
 * Map a failed SQLite result code to ours: constraint failures become
 * NG_ECONFLICT (unique) or NG_EINVAL (foreign key, check) unlogged, as
 * they are the caller's input; anything else is logged once, NG_EDB.
 */
enum ng_err		 sqlite_db_err(struct sqlite_conn *c, int rc,
			    sqlite3_stmt *s);

/* Statement id of this connection, reset and unbound; NULL logs. */
sqlite3_stmt		*sqlite_stmt_get(struct sqlite_conn *c, enum stmt id);

/* Step s: 1 for a row, 0 when done (*err NG_OK) or failed (*err set). */
int			 sqlite_step(struct sqlite_conn *c, sqlite3_stmt *s,
			    enum ng_err *err);

/* Run statement id (no parameters, no rows), e.g. STMT_BEGIN_WRITE. */
enum ng_err		 sqlite_exec_id(struct sqlite_conn *c, enum stmt id);

/* Step an already bound s to completion. */
enum ng_err		 sqlite_exec_stmt(struct sqlite_conn *c,
			    sqlite3_stmt *s);

/* COMMIT when err is NG_OK, else ROLLBACK; returns the final error. */
enum ng_err		 sqlite_tx_end(struct sqlite_conn *c, enum ng_err err);

/*
 * Binders: parameter idx (1-based) of s.  They return 1 on success and
 * 0 after logging.  _opt binds an empty string as NULL; _ref binds 0 as
 * NULL (optional foreign keys); _i64_if binds only a non-zero value.
 */
int			 sqlite_bind_fail(struct sqlite_conn *c,
			    sqlite3_stmt *s, int idx, int rc);
int			 sqlite_bind_text(struct sqlite_conn *c,
			    sqlite3_stmt *s, int idx, struct str v);
int			 sqlite_bind_opt(struct sqlite_conn *c,
			    sqlite3_stmt *s, int idx, struct str v);
int			 sqlite_bind_i64(struct sqlite_conn *c,
			    sqlite3_stmt *s, int idx, int64_t v);
int			 sqlite_bind_ref(struct sqlite_conn *c,
			    sqlite3_stmt *s, int idx, int64_t v);
int			 sqlite_bind_i64_if(struct sqlite_conn *c,
			    sqlite3_stmt *s, int idx, int64_t v);

/*
 * Column i of the current row copied into r's arena, NUL-terminated;
 * NULL reads as "" (never a NULL pointer).  Sets r->oom on failure.
 */
struct str		 sqlite_col_str(struct sqlite_rd *r, sqlite3_stmt *s,
			    int i);
int64_t			 sqlite_col_i64(sqlite3_stmt *s, int i);

/*
 * Grow an arena vector of n elements of sz bytes to room for n + 1,
 * doubling; returns the (possibly moved) vector or NULL.
 */
void			*sqlite_vec_grow(struct arena *ar, void *v,
			    size_t *cap, size_t n, size_t sz);

#endif
