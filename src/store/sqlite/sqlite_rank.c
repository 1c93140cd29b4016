/*
 * sqlite_rank.c -- ng_rank(), the search ranking of the SQLite backend:
 * Okapi BM25 over the columns of article_fts, as FTS5's own bm25(), but
 * with each term's document frequency estimated from a sample of its
 * matches instead of counted over the whole archive.
 *
 *	ng_rank(article_fts, w_title, w_dek, w_body, w_tags, w_author)
 *
 * returns minus the score (the best row sorts first, as with bm25()).
 *
 * Why not bm25(): to weigh its terms it counts, once a query, the rows
 * holding each one, walking the term's whole doclist (xQueryPhrase).
 * Search ranks only the newest matches (sqlite_sql.c, STMT_SEARCH), but
 * that count reads every match there is: a word found in nearly every
 * article of a 100,000-article archive costs milliseconds, and a phrase
 * has its positions checked in every article holding both words.  The
 * count only feeds a logarithm, so here the walk stops after
 * RANK_DF_SAMPLE matches and the rest are taken to be as dense over the
 * archive's ids as those were.  Below the sample the count is exact, and
 * the score is then bm25()'s own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/sqlite/sqlite_int.h"

/* Matches of a term looked at to guess how many articles hold it. */
#define RANK_DF_SAMPLE 100
/* BM25's usual constants, those of FTS5's bm25(). */
#define RANK_K1 1.2
#define RANK_B	0.75
/* article_fts's columns: title, dek, body, tags, author. */
#define RANK_COLS 5

/* What a query computes once, kept as the query's auxiliary data. */
struct rank_query {
	int	nphrase;
	double	avgdl; /* tokens in an average row */
	double *freq;  /* nphrase: the row's weighted hits, scratch */
	double	idf[]; /* nphrase, then freq's room */
};

/* Counting a phrase's first matches, in rowid order. */
struct df_count {
	sqlite3_int64 n;
	sqlite3_int64 first, last; /* rowids of the first and last seen */
};

static int
df_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *cls)
{
	struct df_count *d = cls;

	d->last = api->xRowid(fts);
	if (d->n++ == 0)
		d->first = d->last;
	return d->n >= RANK_DF_SAMPLE ? SQLITE_DONE : SQLITE_OK;
}

/*
 * How many of nrow rows hold phrase i: exact below the sample, else the
 * sample's density over the ids it spans times the rows (ids are dense:
 * they only lose the deleted articles).
 */
static int
phrase_df(const Fts5ExtensionApi *api, Fts5Context *fts, int i,
    sqlite3_int64 nrow, double *out)
{
	struct df_count d = { 0, 0, 0 };
	double		df;
	int		rc;

	if ((rc = api->xQueryPhrase(fts, i, &d, df_cb)) != SQLITE_OK)
		return rc;
	df = (double)d.n;
	if (d.n >= RANK_DF_SAMPLE && d.last > d.first)
		df = (double)d.n * (double)nrow /
		    (double)(d.last - d.first + 1);
	if (df > (double)nrow)
		df = (double)nrow;
	*out = df;
	return SQLITE_OK;
}

static int
query_setup(const Fts5ExtensionApi *api, Fts5Context *fts,
    struct rank_query **out)
{
	struct rank_query *q;
	sqlite3_int64	   nrow = 0, ntok = 0;
	double		   df, idf;
	int		   rc, i, n;

	*out = NULL;
	n = api->xPhraseCount(fts);
	if ((q = calloc(1, sizeof(*q) + 2 * (size_t)n * sizeof(q->idf[0]))) ==
	    NULL)
		return SQLITE_NOMEM;
	q->nphrase = n;
	q->freq = q->idf + n;
	if ((rc = api->xRowCount(fts, &nrow)) != SQLITE_OK ||
	    (rc = api->xColumnTotalSize(fts, -1, &ntok)) != SQLITE_OK)
		goto fail;
	q->avgdl = nrow > 0 ? (double)ntok / (double)nrow : 1.0;
	if (q->avgdl <= 0)
		q->avgdl = 1.0;
	for (i = 0; i < n; i++) {
		if ((rc = phrase_df(api, fts, i, nrow, &df)) != SQLITE_OK)
			goto fail;
		/*
		 * A term in more than half of the rows would weigh less
		 * than nothing: it gets almost no weight instead, as in
		 * bm25().
		 */
		idf = log(((double)nrow - df + 0.5) / (df + 0.5));
		q->idf[i] = idf > 0 ? idf : 1e-6;
	}
	if ((rc = api->xSetAuxdata(fts, q, free)) != SQLITE_OK)
		return rc; /* xSetAuxdata freed q */
	*out = q;
	return SQLITE_OK;
fail:
	free(q);
	return rc;
}

static void
ng_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
    int nval, sqlite3_value **val)
{
	struct rank_query *q;
	double		   w[RANK_COLS], score = 0, dl, f;
	int		   rc, i, ninst, phrase, col, off, ntok;

	for (i = 0; i < RANK_COLS; i++)
		w[i] = i < nval ? sqlite3_value_double(val[i]) : 1.0;
	if ((q = api->xGetAuxdata(fts, 0)) == NULL &&
	    (rc = query_setup(api, fts, &q)) != SQLITE_OK)
		goto fail;
	/* Each hit counts its column's weight. */
	memset(q->freq, 0, (size_t)q->nphrase * sizeof(q->freq[0]));
	if ((rc = api->xInstCount(fts, &ninst)) != SQLITE_OK)
		goto fail;
	for (i = 0; i < ninst; i++) {
		if ((rc = api->xInst(fts, i, &phrase, &col, &off)) != SQLITE_OK)
			goto fail;
		if (phrase >= 0 && phrase < q->nphrase && col >= 0 &&
		    col < RANK_COLS)
			q->freq[phrase] += w[col];
	}
	if ((rc = api->xColumnSize(fts, -1, &ntok)) != SQLITE_OK)
		goto fail;
	dl = (double)ntok;
	for (i = 0; i < q->nphrase; i++) {
		f = q->freq[i];
		score += q->idf[i] * (f * (RANK_K1 + 1.0)) /
		    (f + RANK_K1 * (1.0 - RANK_B + RANK_B * dl / q->avgdl));
	}
	sqlite3_result_double(ctx, -score);
	return;
fail:
	sqlite3_result_error_code(ctx, rc);
}

/* FTS5's API of this connection (the documented way to reach it). */
static fts5_api *
fts5_of(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	fts5_api     *api = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) !=
	    SQLITE_OK)
		return NULL;
	if (sqlite3_bind_pointer(s, 1, &api, "fts5_api_ptr", NULL) == SQLITE_OK)
		(void)sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

enum ng_err
sqlite_rank_register(sqlite3 *db)
{
	fts5_api *api;

	if ((api = fts5_of(db)) == NULL || api->iVersion < 2) {
		log_err("store: this SQLite has no FTS5");
		return NG_EDB;
	}
	if (api->xCreateFunction(api, "ng_rank", NULL, ng_rank, NULL) !=
	    SQLITE_OK) {
		log_err("store: cannot register ng_rank()");
		return NG_EDB;
	}
	return NG_OK;
}
