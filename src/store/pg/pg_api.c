/*
 * pg_api.c -- the PostgreSQL backend's queries for the REST API (issue
 * 17): the article list with every WordPress filter, and per-term counts;
 * sqlite_api.c in PostgreSQL's dialect ($N parameters, ILIKE for
 * SQLite's case-blind LIKE, lower() for COLLATE NOCASE).
 *
 * The article list has too many optional filters for one prepared
 * statement per combination, so its SQL is assembled here from fixed
 * fragments: no text from the request ever becomes SQL, every value is
 * a bound parameter, numbered in the order the fragments are added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/pg/pg_int.h"

/* A bound value of the assembled statement. */
struct param {
	int	   is_text;
	int64_t	   i;
	struct str t;
};

/* Parameters: ids of 8 sets, slugs, and a dozen scalars at most. */
#define NPARAM_MAX (8 * STORE_API_IDS_MAX + STORE_API_IDS_MAX + 16)

struct sqlb {
	struct buf   b;
	struct param p[NPARAM_MAX];
	int	     np;
};

static void
add_i64(struct sqlb *q, int64_t v)
{
	q->p[q->np].is_text = 0;
	q->p[q->np].i = v;
	q->np++;
	buf_printf(&q->b, "$%d::bigint", q->np);
}

static void
add_text(struct sqlb *q, struct str v)
{
	q->p[q->np].is_text = 1;
	q->p[q->np].t = v;
	q->np++;
	buf_printf(&q->b, "$%d::text", q->np);
}

/* "(?, ?, ?)" for the ids of set. */
static void
add_list(struct sqlb *q, const struct id_set *set)
{
	size_t i;

	buf_puts(&q->b, "(");
	for (i = 0; i < set->n; i++) {
		if (i > 0)
			buf_puts(&q->b, ", ");
		add_i64(q, set->v[i]);
	}
	buf_puts(&q->b, ")");
}

/* AND col [NOT] IN (...) when set is not empty. */
static void
where_in(struct sqlb *q, const char *col, const struct id_set *set, int not )
{
	if (set->n == 0)
		return;
	buf_printf(&q->b, " AND %s %sIN ", col, not ? "NOT " : "");
	add_list(q, set);
}

/*
 * Tag and author filters go through article_tags and article_authors
 * (co-authors count): AND a.id [NOT] IN (SELECT article_id FROM table
 * WHERE col IN (...)) when set is not empty.
 */
static void
where_linked(struct sqlb *q, const char *table, const char *col,
    const struct id_set *set, int not )
{
	if (set->n == 0)
		return;
	buf_printf(&q->b,
	    " AND a.id %sIN (SELECT article_id FROM %s WHERE %s IN ",
	    not ? "NOT " : "", table, col);
	add_list(q, set);
	buf_puts(&q->b, ")");
}

/* The LIKE pattern for search: its %, _ and \ escaped. */
static struct str
like_pattern(struct arena *ar, struct str s)
{
	char  *p;
	size_t i, n = 0;

	if ((p = arena_alloc(ar, s.n * 2 + 3)) == NULL)
		return STR_NULL;
	p[n++] = '%';
	for (i = 0; i < s.n; i++) {
		if (s.p[i] == '%' || s.p[i] == '_' || s.p[i] == '\\')
			p[n++] = '\\';
		p[n++] = s.p[i];
	}
	p[n++] = '%';
	p[n] = '\0';
	return (struct str){ p, n };
}

static enum ng_err
where(struct arena *ar, struct sqlb *q, const struct api_article_query *aq,
    int64_t now)
{
	struct str pat;
	unsigned   st;
	size_t	   i;
	int	   first = 1;

	buf_puts(&q->b, " FROM articles a WHERE a.status IN (");
	for (st = 0; st < ARTICLE__MAX; st++) {
		if ((aq->status_mask & (1u << st)) == 0)
			continue;
		if (!first)
			buf_puts(&q->b, ", ");
		first = 0;
		add_text(q, str_c(store_status_name((enum article_status)st)));
	}
	if (first)
		buf_puts(&q->b, "NULL");
	buf_puts(&q->b, ")");
	if (!aq->future && aq->status_mask == (1u << ARTICLE_PUBLISHED)) {
		/* The public list: a range of the (status, published_at)
		 * index. */
		buf_puts(&q->b, " AND a.published_at <= ");
		add_i64(q, now);
	} else if (!aq->future &&
	    (aq->status_mask & (1u << ARTICLE_PUBLISHED))) {
		buf_puts(&q->b,
		    " AND (a.status <> 'published' OR "
		    "a.published_at <= ");
		add_i64(q, now);
		buf_puts(&q->b, ")");
	}
	if (aq->search.n > 0) {
		if ((pat = like_pattern(ar, aq->search)).p == NULL)
			return NG_ENOMEM;
		buf_puts(&q->b, " AND (a.title ILIKE ");
		add_text(q, pat);
		buf_puts(&q->b, " ESCAPE '\\' OR a.dek ILIKE ");
		add_text(q, pat);
		buf_puts(&q->b, " ESCAPE '\\' OR a.body_text ILIKE ");
		add_text(q, pat);
		buf_puts(&q->b, " ESCAPE '\\')");
	}
	if (aq->nslugs > 0) {
		buf_puts(&q->b, " AND a.slug IN (");
		for (i = 0; i < aq->nslugs; i++) {
			if (i > 0)
				buf_puts(&q->b, ", ");
			add_text(q, aq->slugs[i]);
		}
		buf_puts(&q->b, ")");
	}
	where_in(q, "a.id", &aq->include, 0);
	where_in(q, "a.id", &aq->exclude, 1);
	where_linked(q, "article_authors", "author_id", &aq->authors, 0);
	where_linked(q, "article_authors", "author_id", &aq->authors_not, 1);
	where_in(q, "a.section_id", &aq->sections, 0);
	where_in(q, "coalesce(a.section_id, 0)", &aq->sections_not, 1);
	where_linked(q, "article_tags", "tag_id", &aq->tags, 0);
	where_linked(q, "article_tags", "tag_id", &aq->tags_not, 1);
	if (aq->after != 0) {
		buf_puts(&q->b, " AND a.published_at > ");
		add_i64(q, aq->after);
	}
	if (aq->before != 0) {
		buf_puts(&q->b, " AND a.published_at < ");
		add_i64(q, aq->before);
	}
	if (aq->modified_after != 0) {
		buf_puts(&q->b, " AND a.updated_at > ");
		add_i64(q, aq->modified_after);
	}
	if (aq->modified_before != 0) {
		buf_puts(&q->b, " AND a.updated_at < ");
		add_i64(q, aq->modified_before);
	}
	return NG_OK;
}

static void
order(struct sqlb *q, const struct api_article_query *aq)
{
	const char *dir = aq->asc ? "ASC" : "DESC";
	size_t	    i;

	buf_puts(&q->b, " ORDER BY ");
	switch (aq->orderby) {
	case API_ORDER_ID:
		buf_printf(&q->b, "a.id %s", dir);
		return;
	case API_ORDER_TITLE:
		buf_printf(&q->b, "lower(a.title) %s, a.id %s", dir, dir);
		return;
	case API_ORDER_SLUG:
		buf_printf(&q->b, "a.slug %s", dir);
		return;
	case API_ORDER_MODIFIED:
		buf_printf(&q->b, "a.updated_at %s, a.id %s", dir, dir);
		return;
	case API_ORDER_INCLUDE:
		if (aq->include.n > 0) {
			buf_puts(&q->b, "CASE a.id");
			for (i = 0; i < aq->include.n; i++) {
				buf_puts(&q->b, " WHEN ");
				add_i64(q, aq->include.v[i]);
				buf_printf(&q->b, " THEN %zu", i);
			}
			buf_puts(&q->b, " END, ");
		}
		/* FALLTHROUGH */
	default:
		/*
		 * Published articles always have their time: the order of
		 * the (status, published_at) index, read backwards, with
		 * no sort of every row for a page of ten.
		 */
		if (aq->status_mask == (1u << ARTICLE_PUBLISHED)) {
			buf_printf(&q->b, "a.published_at %s, a.id %s", dir,
			    dir);
			return;
		}
		/* Drafts have no publication time yet: their creation. */
		buf_printf(&q->b,
		    "coalesce(a.published_at, a.created_at) %s, "
		    "a.id %s",
		    dir, dir);
		return;
	}
}

/*
 * Run the assembled SQL with every parameter as text (integers printed),
 * unprepared: the statement differs with each request's filters.
 */
static PGresult *
query(struct arena *ar, struct pg_conn *c, struct sqlb *q, enum ng_err *err)
{
	const char **vals;
	int	    *lens;
	struct str   sql;
	PGresult    *res;
	int	     i;

	*err = NG_ENOMEM;
	if (buf_finish(&q->b, &sql) != NG_OK ||
	    (vals = arena_calloc(ar, (size_t)q->np + 1, sizeof(*vals))) ==
		NULL ||
	    (lens = arena_calloc(ar, (size_t)q->np + 1, sizeof(*lens))) == NULL)
		return NULL;
	for (i = 0; i < q->np; i++) {
		if (q->p[i].is_text) {
			vals[i] = arena_str(ar, q->p[i].t).p;
			lens[i] = (int)q->p[i].t.n;
		} else
			vals[i] = arena_printf(ar, "%lld",
			    (long long)q->p[i].i);
		if (vals[i] == NULL)
			return NULL;
	}
	res = PQexecParams(c->db, sql.p, q->np, NULL, vals, lens, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		*err = pg_db_err(c, res, "api query");
		PQclear(res);
		return NULL;
	}
	*err = NG_OK;
	return res;
}

enum ng_err
pg_api_article_ids(struct arena *ar, struct store_conn *sc,
    const struct api_article_query *aq, int64_t now, int64_t **ids, size_t *n,
    size_t *total)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct sqlb    *q;
	PGresult       *res = NULL;
	enum ng_err	err;
	int		i, rows;

	if ((q = arena_calloc(ar, 1, sizeof(*q))) == NULL ||
	    (*ids = arena_calloc(ar, aq->limit + 1, sizeof(**ids))) == NULL)
		return NG_ENOMEM;
	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		return err;
	/* The count and the page from one snapshot, so they agree. */
	if (!aq->no_total) {
		buf_init(&q->b, ar);
		buf_puts(&q->b, "SELECT count(*)");
		if ((err = where(ar, q, aq, now)) != NG_OK)
			goto out;
		if ((res = query(ar, c, q, &err)) == NULL)
			goto out;
		*total = PQntuples(res) == 1 ?
		    (size_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10) :
		    0;
		PQclear(res);
		res = NULL;
		if (aq->offset >= *total)
			goto out;
	}
	if (aq->limit == 0)
		goto out;

	memset(q, 0, sizeof(*q));
	buf_init(&q->b, ar);
	buf_puts(&q->b, "SELECT a.id");
	if ((err = where(ar, q, aq, now)) != NG_OK)
		goto out;
	order(q, aq);
	buf_puts(&q->b, " LIMIT ");
	add_i64(q, (int64_t)aq->limit);
	buf_puts(&q->b, " OFFSET ");
	add_i64(q, (int64_t)aq->offset);
	if ((res = query(ar, c, q, &err)) == NULL)
		goto out;
	rows = PQntuples(res);
	for (i = 0; i < rows && *n < aq->limit; i++)
		(*ids)[(*n)++] = strtoll(PQgetvalue(res, i, 0), NULL, 10);
out:
	PQclear(res);
	return pg_tx_end(c, err);
}

/* Rows of (id, count) into a vector. */
enum ng_err
pg_term_counts(struct arena *ar, struct store_conn *sc, enum term_kind kind,
    int64_t now, struct term_count **out, size_t *n)
{
	static const char *const sql[TERM__MAX] = {
		[TERM_SECTION] =
		    "SELECT section_id, count(*) FROM articles "
		    "WHERE status = 'published' AND published_at <= $1::bigint "
		    "AND section_id IS NOT NULL GROUP BY section_id",
		[TERM_TAG] =
		    "SELECT at.tag_id, count(*) FROM article_tags at "
		    "JOIN articles a ON a.id = at.article_id WHERE "
		    "a.status = 'published' AND a.published_at <= $1::bigint "
		    "GROUP BY at.tag_id",
		[TERM_AUTHOR] =
		    "SELECT aa.author_id, count(*) FROM article_authors aa "
		    "JOIN articles a ON a.id = aa.article_id WHERE "
		    "a.status = 'published' AND a.published_at <= $1::bigint "
		    "GROUP BY aa.author_id",
	};
	struct pg_conn	  *c = pg_conn_of(sc);
	struct term_count *v = NULL;
	const char	  *vals[1];
	char		   buf[24];
	PGresult	  *res;
	enum ng_err	   err = NG_OK;
	size_t		   cap = 0;
	int		   i, rows;

	snprintf(buf, sizeof(buf), "%lld", (long long)now);
	vals[0] = buf;
	res = PQexecParams(c->db, sql[kind], 1, NULL, vals, NULL, NULL, 0);
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK) {
		err = pg_db_err(c, res, "term counts");
		PQclear(res);
		return err;
	}
	rows = PQntuples(res);
	for (i = 0; i < rows; i++) {
		if ((v = pg_vec_grow(ar, v, &cap, *n, sizeof(*v))) == NULL) {
			err = NG_ENOMEM;
			break;
		}
		v[*n].id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
		v[*n].count = (size_t)strtoll(PQgetvalue(res, i, 1), NULL, 10);
		(*n)++;
	}
	PQclear(res);
	*out = v;
	return err;
}

enum ng_err
pg_media_count(struct store_conn *sc, size_t *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	PGresult       *res;
	enum ng_err	err = NG_OK;

	res = PQexec(c->db, "SELECT count(*) FROM media");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
	    PQntuples(res) != 1)
		err = pg_db_err(c, res, "media count");
	else
		*out = (size_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return err;
}

/* The rows a write's result says it changed. */
static int64_t
changed(PGresult *res)
{
	const char *t = PQcmdTuples(res);

	return t != NULL && *t != '\0' ? strtoll(t, NULL, 10) : 0;
}

/* A NUL-terminated copy of s in ar (parameters are C strings). */
static const char *
cstr(struct arena *ar, struct str s)
{
	return arena_str(ar, s).p;
}

enum ng_err
pg_app_password_add(struct store_conn *sc, const struct app_password *p,
    int64_t now, int64_t *id)
{
	struct pg_conn *c = pg_conn_of(sc);
	struct arena   *ar;
	const char     *v[5];
	PGresult       *res;
	enum ng_err	err;

	if ((ar = arena_new(4096)) == NULL)
		return NG_ENOMEM;
	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		goto done;
	v[0] = arena_printf(ar, "%lld", (long long)p->user_id);
	res = pg_exec_text(c,
	    "SELECT count(*) FROM app_passwords WHERE "
	    "user_id = $1::bigint",
	    1, v, &err);
	if (res == NULL)
		goto out;
	if (strtoll(PQgetvalue(res, 0, 0), NULL, 10) >= STORE_APPPASS_PER_USER)
		err = NG_ETOOBIG;
	PQclear(res);
	if (err != NG_OK)
		goto out;
	v[1] = cstr(ar, p->uuid);
	v[2] = cstr(ar, p->name);
	v[3] = cstr(ar, p->hash);
	v[4] = arena_printf(ar, "%lld", (long long)now);
	if (v[0] == NULL || v[1] == NULL || v[2] == NULL || v[3] == NULL ||
	    v[4] == NULL) {
		err = NG_ENOMEM;
		goto out;
	}
	res = pg_exec_text(c,
	    "INSERT INTO app_passwords (user_id, uuid, name, "
	    "hash, created_at) VALUES ($1::bigint, $2, $3, $4, $5::bigint) "
	    "RETURNING id",
	    5, v, &err);
	if (res != NULL) {
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		PQclear(res);
	}
out:
	err = pg_tx_end(c, err);
done:
	arena_free(ar);
	return err;
}

#define APPPASS_COLS                                                          \
	"id, user_id, uuid, name, hash, created_at, coalesce(last_used, 0), " \
	"coalesce(last_ip, '')"

static enum ng_err
apppass_row(struct arena *ar, PGresult *res, int i, struct app_password *p)
{
	struct str f[4];
	int	   k, cols[4] = { 2, 3, 4, 7 };

	for (k = 0; k < 4; k++) {
		f[k] = arena_str(ar,
		    (struct str){ PQgetvalue(res, i, cols[k]),
			(size_t)PQgetlength(res, i, cols[k]) });
		if (f[k].p == NULL)
			return NG_ENOMEM;
	}
	p->id = strtoll(PQgetvalue(res, i, 0), NULL, 10);
	p->user_id = strtoll(PQgetvalue(res, i, 1), NULL, 10);
	p->uuid = f[0];
	p->name = f[1];
	p->hash = f[2];
	p->created_at = strtoll(PQgetvalue(res, i, 5), NULL, 10);
	p->last_used = strtoll(PQgetvalue(res, i, 6), NULL, 10);
	p->last_ip = f[3];
	return NG_OK;
}

enum ng_err
pg_app_password_list(struct arena *ar, struct store_conn *sc, int64_t user_id,
    struct app_password **out, size_t *n)
{
	struct pg_conn	    *c = pg_conn_of(sc);
	struct app_password *v;
	const char	    *vals[1];
	PGresult	    *res;
	enum ng_err	     err;
	int		     i, rows;

	if ((vals[0] = arena_printf(ar, "%lld", (long long)user_id)) == NULL)
		return NG_ENOMEM;
	res = pg_exec_text(c,
	    "SELECT " APPPASS_COLS " FROM app_passwords WHERE "
	    "user_id = $1::bigint ORDER BY id",
	    1, vals, &err);
	if (res == NULL)
		return err;
	rows = PQntuples(res);
	v = rows > 0 ? arena_calloc(ar, (size_t)rows, sizeof(*v)) : NULL;
	if (rows > 0 && v == NULL)
		err = NG_ENOMEM;
	for (i = 0; err == NG_OK && i < rows; i++)
		err = apppass_row(ar, res, i, &v[i]);
	PQclear(res);
	if (err == NG_OK) {
		*out = v;
		*n = (size_t)rows;
	}
	return err;
}

enum ng_err
pg_app_password_by_hash(struct arena *ar, struct store_conn *sc,
    struct str hash, struct app_password *out)
{
	struct pg_conn *c = pg_conn_of(sc);
	const char     *vals[1];
	PGresult       *res;
	enum ng_err	err;

	if ((vals[0] = cstr(ar, hash)) == NULL)
		return NG_ENOMEM;
	res = pg_exec_text(c,
	    "SELECT " APPPASS_COLS " FROM app_passwords WHERE "
	    "hash = $1",
	    1, vals, &err);
	if (res == NULL)
		return err;
	err = PQntuples(res) > 0 ? apppass_row(ar, res, 0, out) : NG_ENOTFOUND;
	PQclear(res);
	return err;
}

/* A one-statement write in its own write transaction. */
static enum ng_err
write_one(struct pg_conn *c, const char *sql, int n, const char *const *v,
    int64_t *rows)
{
	PGresult   *res;
	enum ng_err err;

	if ((err = pg_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((res = pg_exec_text(c, sql, n, v, &err)) != NULL) {
		*rows = changed(res);
		PQclear(res);
	}
	return pg_tx_end(c, err);
}

enum ng_err
pg_app_password_delete(struct store_conn *sc, int64_t user_id, struct str uuid)
{
	char	      ub[24];
	const char   *v[2];
	struct arena *ar;
	enum ng_err   err;
	int64_t	      rows = 0;

	if ((ar = arena_new(1024)) == NULL)
		return NG_ENOMEM;
	snprintf(ub, sizeof(ub), "%lld", (long long)user_id);
	v[0] = ub;
	if ((v[1] = cstr(ar, uuid)) == NULL)
		err = NG_ENOMEM;
	else
		err = write_one(pg_conn_of(sc),
		    "DELETE FROM app_passwords "
		    "WHERE user_id = $1::bigint AND uuid = $2",
		    2, v, &rows);
	arena_free(ar);
	if (err == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return err;
}

enum ng_err
pg_app_password_used(struct store_conn *sc, int64_t id, int64_t now,
    struct str ip)
{
	char	      ib[24], nb[24];
	const char   *v[3];
	struct arena *ar;
	enum ng_err   err;
	int64_t	      rows = 0;

	if ((ar = arena_new(1024)) == NULL)
		return NG_ENOMEM;
	snprintf(ib, sizeof(ib), "%lld", (long long)id);
	snprintf(nb, sizeof(nb), "%lld", (long long)now);
	v[0] = ib;
	v[1] = nb;
	if ((v[2] = cstr(ar, ip)) == NULL)
		err = NG_ENOMEM;
	else
		err = write_one(pg_conn_of(sc),
		    "UPDATE app_passwords SET "
		    "last_used = $2::bigint, last_ip = $3 WHERE id = $1::bigint",
		    3, v, &rows);
	arena_free(ar);
	return err;
}

enum ng_err
pg_article_delete(struct store_conn *sc, int64_t id)
{
	char	    ib[24];
	const char *v[1];
	enum ng_err err;
	int64_t	    rows = 0;

	snprintf(ib, sizeof(ib), "%lld", (long long)id);
	v[0] = ib;
	err = write_one(pg_conn_of(sc),
	    "DELETE FROM articles WHERE "
	    "id = $1::bigint",
	    1, v, &rows);
	if (err == NG_OK && rows == 0)
		err = NG_ENOTFOUND;
	return err;
}
