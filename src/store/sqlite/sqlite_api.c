/*
 * sqlite_api.c -- the SQLite backend's queries for the REST API (issue
 * 17): the article list with every WordPress filter, and per-term counts.
 *
 * The article list has too many optional filters for one prepared
 * statement per combination, so its SQL is assembled here from fixed
 * fragments: no text from the request ever becomes SQL, every value is
 * a bound parameter, numbered in the order the fragments are added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

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
	buf_puts(&q->b, "?");
}

static void
add_text(struct sqlb *q, struct str v)
{
	q->p[q->np].is_text = 1;
	q->p[q->np].t = v;
	q->np++;
	buf_puts(&q->b, "?");
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
		buf_puts(&q->b, " AND (a.title LIKE ");
		add_text(q, pat);
		buf_puts(&q->b, " ESCAPE '\\' OR a.dek LIKE ");
		add_text(q, pat);
		buf_puts(&q->b, " ESCAPE '\\' OR a.body_text LIKE ");
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
		buf_printf(&q->b, "a.title COLLATE NOCASE %s, a.id %s", dir,
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

void
sqlite_api_forget(struct sqlite_conn *c)
{
	size_t i;

	for (i = 0; i < SQLITE_API_STMTS; i++) {
		sqlite3_finalize(c->api[i].s);
		free(c->api[i].sql);
		c->api[i].s = NULL;
		c->api[i].sql = NULL;
	}
}

/*
 * The statement for the assembled SQL: a kept one of the same text, or
 * prepared now and kept in place of the oldest.  The caller resets it.
 */
static sqlite3_stmt *
stmt_for(struct sqlite_conn *c, struct str sql)
{
	sqlite3_stmt *s;
	char	     *copy;
	unsigned      i;

	for (i = 0; i < SQLITE_API_STMTS; i++)
		if (c->api[i].s != NULL && c->api[i].n == sql.n &&
		    memcmp(c->api[i].sql, sql.p, sql.n) == 0) {
			sqlite3_clear_bindings(c->api[i].s);
			return c->api[i].s;
		}
	if ((copy = malloc(sql.n)) == NULL)
		return NULL;
	if (sqlite3_prepare_v3(c->db, sql.p, (int)sql.n,
		SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		log_err("store: api query: %s", sqlite3_errmsg(c->db));
		free(copy);
		return NULL;
	}
	memcpy(copy, sql.p, sql.n);
	i = c->api_next;
	c->api_next = (c->api_next + 1) % SQLITE_API_STMTS;
	sqlite3_finalize(c->api[i].s);
	free(c->api[i].sql);
	c->api[i].sql = copy;
	c->api[i].n = sql.n;
	c->api[i].s = s;
	return s;
}

/* The statement of the assembled SQL with every parameter bound. */
static sqlite3_stmt *
prepare(struct sqlite_conn *c, struct sqlb *q)
{
	struct str    sql;
	sqlite3_stmt *s;
	int	      i, rc;

	if (buf_finish(&q->b, &sql) != NG_OK || (s = stmt_for(c, sql)) == NULL)
		return NULL;
	for (i = 0; i < q->np; i++) {
		rc = q->p[i].is_text ?
		    sqlite3_bind_text64(s, i + 1,
			q->p[i].t.p != NULL ? q->p[i].t.p : "", q->p[i].t.n,
			SQLITE_STATIC, SQLITE_UTF8) :
		    sqlite3_bind_int64(s, i + 1, q->p[i].i);
		if (rc != SQLITE_OK) {
			log_err("store: api query bind: %s",
			    sqlite3_errmsg(c->db));
			return NULL;
		}
	}
	return s;
}

enum ng_err
sqlite_api_article_ids(struct arena *ar, struct store_conn *sc,
    const struct api_article_query *aq, int64_t now, int64_t **ids, size_t *n,
    size_t *total)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlb	   *q;
	sqlite3_stmt	   *s = NULL;
	enum ng_err	    err;
	int		    rc;

	if ((q = arena_calloc(ar, 1, sizeof(*q))) == NULL ||
	    (*ids = arena_calloc(ar, aq->limit + 1, sizeof(**ids))) == NULL)
		return NG_ENOMEM;
	if ((err = sqlite_tx_begin(c, 0)) != NG_OK)
		return err;
	/* The count and the page from one snapshot, so they agree. */
	if (!aq->no_total) {
		buf_init(&q->b, ar);
		buf_puts(&q->b, "SELECT count(*)");
		if ((err = where(ar, q, aq, now)) != NG_OK)
			goto out;
		if ((s = prepare(c, q)) == NULL) {
			err = NG_EDB;
			goto out;
		}
		if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
			err = sqlite_db_err(c, rc, s);
			goto out;
		}
		*total = (size_t)sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		s = NULL;
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
	if ((s = prepare(c, q)) == NULL) {
		err = NG_EDB;
		goto out;
	}
	while (*n < aq->limit && (rc = sqlite3_step(s)) == SQLITE_ROW)
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		err = sqlite_db_err(c, rc, s);
out:
	/* Kept for the next request: reset, so it holds no read lock. */
	if (s != NULL)
		sqlite3_reset(s);
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_term_counts(struct arena *ar, struct store_conn *sc, enum term_kind kind,
    int64_t now, struct term_count **out, size_t *n)
{
	static const char *const sql[TERM__MAX] = {
		[TERM_SECTION] =
		    "SELECT section_id, count(*) FROM articles "
		    "WHERE status = 'published' AND published_at <= ?1 AND "
		    "section_id IS NOT NULL GROUP BY section_id",
		[TERM_TAG] = "SELECT at.tag_id, count(*) FROM article_tags at "
			     "JOIN articles a ON a.id = at.article_id WHERE "
			     "a.status = 'published' AND a.published_at <= ?1 "
			     "GROUP BY at.tag_id",
		[TERM_AUTHOR] =
		    "SELECT aa.author_id, count(*) FROM article_authors aa "
		    "JOIN articles a ON a.id = aa.article_id WHERE "
		    "a.status = 'published' AND a.published_at <= ?1 "
		    "GROUP BY aa.author_id",
	};
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct term_count  *v = NULL;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	size_t		    cap = 0;
	int		    rc;

	if (sqlite3_prepare_v2(c->db, sql[kind], -1, &s, NULL) != SQLITE_OK) {
		log_err("store: term counts: %s", sqlite3_errmsg(c->db));
		return NG_EDB;
	}
	sqlite3_bind_int64(s, 1, now);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if ((v = sqlite_vec_grow(ar, v, &cap, *n, sizeof(*v))) ==
		    NULL) {
			err = NG_ENOMEM;
			break;
		}
		v[*n].id = sqlite3_column_int64(s, 0);
		v[*n].count = (size_t)sqlite3_column_int64(s, 1);
		(*n)++;
	}
	if (err == NG_OK && rc != SQLITE_DONE)
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	*out = v;
	return err;
}

enum ng_err
sqlite_media_count(struct store_conn *sc, size_t *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM media", -1, &s,
		NULL) != SQLITE_OK) {
		log_err("store: media count: %s", sqlite3_errmsg(c->db));
		return NG_EDB;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(s, 0);
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err;
}

/* Application passwords (seldom written: sqlite_prep_once()). */
enum ng_err
sqlite_app_password_add(struct store_conn *sc, const struct app_password *p,
    int64_t now, int64_t *id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;
	int64_t		    n = 0;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = sqlite_prep_once(c,
		 "SELECT count(*) FROM app_passwords WHERE "
		 "user_id = ?1")) == NULL) {
		err = NG_EDB;
		goto out;
	}
	sqlite3_bind_int64(s, 1, p->user_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (n >= STORE_APPPASS_PER_USER) {
		err = NG_ETOOBIG;
		goto out;
	}
	if ((s = sqlite_prep_once(c,
		 "INSERT INTO app_passwords (user_id, uuid, name, "
		 "hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)")) == NULL) {
		err = NG_EDB;
		goto out;
	}
	if (!sqlite_bind_i64(c, s, 1, p->user_id) ||
	    !sqlite_bind_text(c, s, 2, p->uuid) ||
	    !sqlite_bind_text(c, s, 3, p->name) ||
	    !sqlite_bind_text(c, s, 4, p->hash) ||
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

#define APPPASS_COLS                                                          \
	"id, user_id, uuid, name, hash, created_at, coalesce(last_used, 0), " \
	"coalesce(last_ip, '')"

static void
apppass_row(struct sqlite_rd *r, sqlite3_stmt *s, void *row)
{
	struct app_password *p = row;

	p->id = sqlite_col_i64(s, 0);
	p->user_id = sqlite_col_i64(s, 1);
	p->uuid = sqlite_col_str(r, s, 2);
	p->name = sqlite_col_str(r, s, 3);
	p->hash = sqlite_col_str(r, s, 4);
	p->created_at = sqlite_col_i64(s, 5);
	p->last_used = sqlite_col_i64(s, 6);
	p->last_ip = sqlite_col_str(r, s, 7);
}

enum ng_err
sqlite_app_password_list(struct arena *ar, struct store_conn *sc,
    int64_t user_id, struct app_password **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "SELECT " APPPASS_COLS " FROM app_passwords WHERE "
		 "user_id = ?1 ORDER BY id")) == NULL)
		return NG_EDB;
	sqlite3_bind_int64(s, 1, user_id);
	err = sqlite_rows(ar, c, s, sizeof(struct app_password), apppass_row,
	    out, n);
	sqlite3_finalize(s);
	return err;
}

enum ng_err
sqlite_app_password_by_hash(struct arena *ar, struct store_conn *sc,
    struct str hash, struct app_password *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_prep_once(c,
		 "SELECT " APPPASS_COLS " FROM app_passwords WHERE "
		 "hash = ?1")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_text(c, s, 1, hash)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		apppass_row(&r, s, out);
	else if (rc == SQLITE_DONE)
		err = NG_ENOTFOUND;
	else
		err = sqlite_db_err(c, rc, s);
	sqlite3_finalize(s);
	return err == NG_OK && r.oom ? NG_ENOMEM : err;
}

enum ng_err
sqlite_app_password_delete(struct store_conn *sc, int64_t user_id,
    struct str uuid)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((s = sqlite_prep_once(c,
		 "DELETE FROM app_passwords WHERE user_id = ?1 AND "
		 "uuid = ?2")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, user_id) ||
	    !sqlite_bind_text(c, s, 2, uuid)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	if ((err = sqlite_run_once(c, s, NULL)) != NG_OK)
		return err;
	return sqlite3_changes(c->db) == 0 ? NG_ENOTFOUND : NG_OK;
}

enum ng_err
sqlite_app_password_used(struct store_conn *sc, int64_t id, int64_t now,
    struct str ip)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;

	if ((s = sqlite_prep_once(c,
		 "UPDATE app_passwords SET last_used = ?2, "
		 "last_ip = ?3 WHERE id = ?1")) == NULL)
		return NG_EDB;
	if (!sqlite_bind_i64(c, s, 1, id) || !sqlite_bind_i64(c, s, 2, now) ||
	    !sqlite_bind_text(c, s, 3, ip)) {
		sqlite3_finalize(s);
		return NG_EDB;
	}
	return sqlite_run_once(c, s, NULL);
}

enum ng_err
sqlite_article_delete(struct store_conn *sc, int64_t id)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	if ((s = sqlite_prep_once(c, "DELETE FROM articles WHERE id = ?1")) ==
	    NULL)
		err = NG_EDB;
	else {
		sqlite3_bind_int64(s, 1, id);
		if ((err = sqlite_run_once(c, s, NULL)) == NG_OK &&
		    sqlite3_changes(c->db) == 0)
			err = NG_ENOTFOUND;
	}
	return sqlite_tx_end(c, err);
}
