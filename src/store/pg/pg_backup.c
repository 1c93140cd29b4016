/*
 * pg_backup.c -- what `nutgraf check` asks of a PostgreSQL database.
 *
 * PostgreSQL has no PRAGMA integrity_check: it verifies its own pages
 * (with data checksums on) and its WAL.  What can be wrong and fixed by
 * an operator is asked instead: checksum failures the server has seen
 * in this database, and indexes left invalid (a CREATE INDEX that
 * failed half way), which the planner then ignores.  pg_amcheck does a
 * deep check; docs/deployment.md says when.
 *
 * A session of its own, read-only, with a statement timeout: the check
 * runs beside serving instances and must neither write nor hang.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "store/pg/pg_int.h"

static PGconn *
open_ro(const char *url, char *errbuf, size_t errsz)
{
	PGconn	   *db;
	PGresult   *res;
	const char *msg;

	db = PQconnectdb(url);
	if (db == NULL || PQstatus(db) != CONNECTION_OK) {
		msg = db != NULL ? PQerrorMessage(db) : "out of memory";
		snprintf(errbuf, errsz, "cannot connect to PostgreSQL: %.*s",
		    (int)strcspn(msg, "\n"), msg);
		PQfinish(db);
		return NULL;
	}
	res = PQexec(db,
	    "SET default_transaction_read_only = on; "
	    "SET statement_timeout = '60s'; "
	    "SET client_min_messages = warning");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		msg = PQerrorMessage(db);
		snprintf(errbuf, errsz, "cannot configure the session: %.*s",
		    (int)strcspn(msg, "\n"), msg);
		PQclear(res);
		PQfinish(db);
		return NULL;
	}
	PQclear(res);
	return db;
}

/* One text cell of a one-row query, copied to buf; 0 on failure. */
static int
query_one(PGconn *db, const char *sql, char *buf, size_t sz)
{
	PGresult *res;
	int	  ok;

	res = PQexec(db, sql);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
	if (ok)
		snprintf(buf, sz, "%s",
		    PQgetisnull(res, 0, 0) ? "" : PQgetvalue(res, 0, 0));
	PQclear(res);
	return ok;
}

enum ng_err
pg_db_inspect(const char *url, struct store_db_report *out, char *errbuf,
    size_t errsz)
{
	PGconn	   *db;
	const char *msg;
	char	    v[256];

	memset(out, 0, sizeof(*out));
	if ((db = open_ro(url, errbuf, errsz)) == NULL)
		return NG_EDB;
	/* A database nutgraf never migrated has no schema_migrations. */
	if (!query_one(db,
		"SELECT CASE WHEN to_regclass('schema_migrations') "
		"IS NULL THEN 0 ELSE 1 END",
		v, sizeof(v)))
		goto fail;
	if (strcmp(v, "1") == 0) {
		if (!query_one(db,
			"SELECT coalesce(max(version), 0) FROM "
			"schema_migrations",
			v, sizeof(v)))
			goto fail;
		out->version = (int)strtol(v, NULL, 10);
	}
	out->intact = 1;
	snprintf(out->integrity, sizeof(out->integrity), "ok");
	if (!query_one(db,
		"SELECT coalesce(checksum_failures, 0) FROM "
		"pg_stat_database WHERE datname = current_database()",
		v, sizeof(v)))
		goto fail;
	if (strtol(v, NULL, 10) > 0) {
		out->intact = 0;
		snprintf(out->integrity, sizeof(out->integrity),
		    "PostgreSQL "
		    "saw %.20s page checksum failure(s) in this database; run "
		    "pg_amcheck and restore from a base backup",
		    v);
		goto done;
	}
	if (!query_one(db,
		"SELECT string_agg(indexrelid::regclass::text, "
		"', ') FROM pg_index WHERE NOT indisvalid",
		v, sizeof(v)))
		goto fail;
	if (*v != '\0') {
		out->intact = 0;
		snprintf(out->integrity, sizeof(out->integrity),
		    "invalid "
		    "index %.200s: REINDEX it",
		    v);
	}
done:
	PQfinish(db);
	return NG_OK;
fail:
	msg = PQerrorMessage(db);
	snprintf(errbuf, errsz, "%.*s", (int)strcspn(msg, "\n"), msg);
	PQfinish(db);
	return NG_EDB;
}

enum ng_err
pg_db_media(const char *url, int (*fn)(void *, const char *), void *arg,
    char *errbuf, size_t errsz)
{
	PGconn	   *db;
	PGresult   *res;
	const char *msg;
	int	    i, n, held;

	if ((db = open_ro(url, errbuf, errsz)) == NULL)
		return NG_EDB;
	/*
	 * A file whose bytes the database holds (0016) is every instance's:
	 * only the others must be on this instance's disk.
	 */
	res = PQexec(db, "SELECT to_regclass('media_files') IS NOT NULL");
	held = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	res = PQexec(db,
	    held ? "SELECT path FROM media m WHERE NOT EXISTS (SELECT 1 "
		   "FROM media_files f WHERE "
		   "f.media_key = split_part(m.path, '/', 1) AND "
		   "f.name = split_part(m.path, '/', 2)) ORDER BY id" :
		   "SELECT path FROM media ORDER BY id");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		msg = PQerrorMessage(db);
		snprintf(errbuf, errsz, "%.*s", (int)strcspn(msg, "\n"), msg);
		PQclear(res);
		PQfinish(db);
		return NG_EDB;
	}
	n = PQntuples(res);
	for (i = 0; i < n; i++)
		if (fn(arg, PQgetvalue(res, i, 0)) != 0)
			break;
	PQclear(res);
	PQfinish(db);
	return NG_OK;
}
