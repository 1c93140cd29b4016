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
	int		 is_text;
	int64_t		 i;
	struct str	 t;
};

/* Parameters: ids of 8 sets, slugs, and a dozen scalars at most. */
#define NPARAM_MAX	(8 * STORE_API_IDS_MAX + STORE_API_IDS_MAX + 16)

struct sqlb {
	struct buf	 b;
	struct param	 p[NPARAM_MAX];
	int		 np;
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
	size_t	 i;

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
where_in(struct sqlb *q, const char *col, const struct id_set *set, int not)
{
	if (set->n == 0)
		return;
	buf_printf(&q->b, " AND %s %sIN ", col, not ? "NOT " : "");
	add_list(q, set);
}

/* Tag filters go through article_tags. */
static void
where_tags(struct sqlb *q, const struct id_set *set, int not)
{
	if (set->n == 0)
		return;
	buf_printf(&q->b, " AND a.id %sIN (SELECT article_id FROM "
	    "article_tags WHERE tag_id IN ", not ? "NOT " : "");
	add_list(q, set);
	buf_puts(&q->b, ")");
}

/* The LIKE pattern for search: its %, _ and \ escaped. */
static struct str
like_pattern(struct arena *ar, struct str s)
{
	char	*p;
	size_t	 i, n = 0;

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
	struct str	 pat;
	unsigned	 st;
	size_t		 i;
	int		 first = 1;

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
	if (!aq->future && (aq->status_mask & (1u << ARTICLE_PUBLISHED))) {
		buf_puts(&q->b, " AND (a.status <> 'published' OR "
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
	where_in(q, "a.author_id", &aq->authors, 0);
	where_in(q, "coalesce(a.author_id, 0)", &aq->authors_not, 1);
	where_in(q, "a.section_id", &aq->sections, 0);
	where_in(q, "coalesce(a.section_id, 0)", &aq->sections_not, 1);
	where_tags(q, &aq->tags, 0);
	where_tags(q, &aq->tags_not, 1);
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
	const char	*dir = aq->asc ? "ASC" : "DESC";
	size_t		 i;

	buf_puts(&q->b, " ORDER BY ");
	switch (aq->orderby) {
	case API_ORDER_ID:
		buf_printf(&q->b, "a.id %s", dir);
		return;
	case API_ORDER_TITLE:
		buf_printf(&q->b, "lower(a.title) %s, a.id %s", dir,
		    dir);
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
		/* Drafts have no publication time yet: their creation. */
		buf_printf(&q->b, "coalesce(a.published_at, a.created_at) %s, "
		    "a.id %s", dir, dir);
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
	const char	**vals;
	int		 *lens;
	struct str	 sql;
	PGresult	 *res;
	int		  i;

	*err = NG_ENOMEM;
	if (buf_finish(&q->b, &sql) != NG_OK ||
	    (vals = arena_calloc(ar, (size_t)q->np + 1, sizeof(*vals))) ==
	    NULL ||
	    (lens = arena_calloc(ar, (size_t)q->np + 1, sizeof(*lens))) ==
	    NULL)
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
    const struct api_article_query *aq, int64_t now, int64_t **ids,
    size_t *n, size_t *total)
{
	struct pg_conn	*c = pg_conn_of(sc);
	struct sqlb	*q;
	PGresult	*res = NULL;
	enum ng_err	 err;
	int		 i, rows;

	if ((q = arena_calloc(ar, 1, sizeof(*q))) == NULL ||
	    (*ids = arena_calloc(ar, aq->limit + 1, sizeof(**ids))) == NULL)
		return NG_ENOMEM;
	if ((err = pg_tx_begin(c, 0)) != NG_OK)
		return err;
	/* The count and the page from one snapshot, so they agree. */
	buf_init(&q->b, ar);
	buf_puts(&q->b, "SELECT count(*)");
	if ((err = where(ar, q, aq, now)) != NG_OK)
		goto out;
	if ((res = query(ar, c, q, &err)) == NULL)
		goto out;
	*total = PQntuples(res) == 1 ?
	    (size_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10) : 0;
	PQclear(res);
	res = NULL;
	if (aq->offset >= *total || aq->limit == 0)
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
pg_term_counts(struct arena *ar, struct store_conn *sc,
    enum term_kind kind, int64_t now, struct term_count **out, size_t *n)
{
	static const char *const sql[TERM__MAX] = {
		[TERM_SECTION] = "SELECT section_id, count(*) FROM articles "
		    "WHERE status = 'published' AND published_at <= $1::bigint "
		    "AND section_id IS NOT NULL GROUP BY section_id",
		[TERM_TAG] = "SELECT at.tag_id, count(*) FROM article_tags at "
		    "JOIN articles a ON a.id = at.article_id WHERE "
		    "a.status = 'published' AND a.published_at <= $1::bigint "
		    "GROUP BY at.tag_id",
		[TERM_AUTHOR] = "SELECT author_id, count(*) FROM articles "
		    "WHERE status = 'published' AND published_at <= $1::bigint "
		    "AND author_id IS NOT NULL GROUP BY author_id",
	};
	struct pg_conn		*c = pg_conn_of(sc);
	struct term_count	*v = NULL;
	const char		*vals[1];
	char			 buf[24];
	PGresult		*res;
	enum ng_err		 err = NG_OK;
	size_t			 cap = 0;
	int			 i, rows;

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
	struct pg_conn	*c = pg_conn_of(sc);
	PGresult	*res;
	enum ng_err	 err = NG_OK;

	res = PQexec(c->db, "SELECT count(*) FROM media");
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK ||
	    PQntuples(res) != 1)
		err = pg_db_err(c, res, "media count");
	else
		*out = (size_t)strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return err;
}
