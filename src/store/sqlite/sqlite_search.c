/*
 * sqlite_search.c -- search, related articles and sitemaps for the
 * SQLite backend.  The index itself (article_fts) is kept by
 * the triggers of migrations/0003_search.sql.
 *
 * FTS5 queries are built here, and only here, from terms that
 * store_search_parse() already reduced to words and phrases: every term
 * is written as an FTS5 string ("..."), so operators, column filters and
 * parentheses in a reader's input are just text, never syntax.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "store/sqlite/sqlite_int.h"

/* Room for every term quoted, with " *" and a separator each. */
#define FTS_QUERY_MAX \
	(STORE_SEARCH_QUERY_MAX * 2 + STORE_SEARCH_TERMS_MAX * 8 + 64)

/*
 * A phrase is looked for among the newest this many articles holding all
 * its words (phrase_floor()).
 */
#define SEARCH_PHRASE_WINDOW (2 * STORE_SEARCH_RANKED)

/* Related articles: how many are stored and how wide the net is. */
#define RELATED_KEEP	   6
#define RELATED_SLOTS	   8192 /* candidate hash, a power of 2 */
#define RELATED_WORDS	   8	/* title words asked of the index */
#define RELATED_NEIGHBOURS 4

/* Scores: a shared tag says more than a shared section. */
#define SCORE_TAG     3.0
#define SCORE_SECTION 1.5
#define SCORE_TEXT    2.0 /* a title sharing a word */

/* Append s as an FTS5 string: inside quotes, '"' is doubled. */
static int
put_string(char *buf, size_t sz, size_t *len, struct str s)
{
	size_t i;

	if (*len + 2 >= sz)
		return 0;
	buf[(*len)++] = '"';
	for (i = 0; i < s.n; i++) {
		if (*len + 3 >= sz)
			return 0;
		if (s.p[i] == '"')
			buf[(*len)++] = '"';
		buf[(*len)++] = s.p[i];
	}
	buf[(*len)++] = '"';
	buf[*len] = '\0';
	return 1;
}

static int
put_raw(char *buf, size_t sz, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= sz)
		return 0;
	memcpy(buf + *len, s, n + 1);
	*len += n;
	return 1;
}

/* Every term, all required: "a" "b c" "pre" * */
static int
fts_query(const struct search_terms *t, char *buf, size_t sz)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < t->n; i++) {
		if ((i > 0 && !put_raw(buf, sz, &len, " ")) ||
		    !put_string(buf, sz, &len, t->v[i].text) ||
		    (t->v[i].prefix && !put_raw(buf, sz, &len, " *")))
			return 0;
	}
	return len > 0;
}

/*
 * The same terms with each phrase taken apart into its words, all still
 * required: "the police" becomes "the" "police".  Returns 0 when there
 * is no phrase of more than one word (nothing to loosen) or no room.
 */
static int
loose_query(const struct search_terms *t, char *buf, size_t sz)
{
	struct str w;
	size_t	   i, k, j, len = 0;
	int	   loosened = 0;

	buf[0] = '\0';
	for (i = 0; i < t->n; i++) {
		w = t->v[i].text;
		for (k = 0; k < w.n;) {
			if (w.p[k] == ' ' || w.p[k] == '\t') {
				k++;
				continue;
			}
			for (j = k; j < w.n && w.p[j] != ' ' && w.p[j] != '\t';
			     j++)
				continue;
			if (k > 0 || j < w.n)
				loosened = 1;
			if ((len > 0 && !put_raw(buf, sz, &len, " ")) ||
			    !put_string(buf, sz, &len,
				(struct str){ w.p + k, j - k }))
				return 0;
			k = j;
		}
		if (t->v[i].prefix && !put_raw(buf, sz, &len, " *"))
			return 0;
	}
	return loosened && len > 0;
}

/*
 * The lowest id a query with a phrase is matched from: that of the
 * SEARCH_PHRASE_WINDOW-th newest article holding all its words, or 0
 * when fewer do (then the whole archive is cheap enough).
 */
static enum ng_err
phrase_floor(struct sqlite_conn *c, const struct search_terms *t,
    int64_t *floor)
{
	sqlite3_stmt *s;
	char	      q[FTS_QUERY_MAX];
	enum ng_err   err = NG_OK;
	int	      rc;

	*floor = 0;
	if (!loose_query(t, q, sizeof(q)))
		return NG_OK;
	if ((s = sqlite_stmt_get(c, STMT_SEARCH_WINDOW)) == NULL ||
	    !sqlite_bind_text(c, s, 1, str_c(q)) ||
	    !sqlite_bind_i64(c, s, 2, SEARCH_PHRASE_WINDOW - 1))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) < 0)
		return err;
	if (rc == 1) {
		*floor = sqlite_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return NG_OK;
}

static void
load_hit(struct sqlite_rd *r, sqlite3_stmt *s, struct search_hit *h)
{
	memset(h, 0, sizeof(*h));
	h->ref.id = sqlite_col_i64(s, 1);
	h->ref.slug = sqlite_col_str(r, s, 2);
	h->ref.title = sqlite_col_str(r, s, 3);
	h->dek = sqlite_col_str(r, s, 4);
	h->ref.published_at = sqlite_col_i64(s, 5);
	h->section.id = sqlite_col_i64(s, 6);
	h->section.slug = sqlite_col_str(r, s, 7);
	h->section.name = sqlite_col_str(r, s, 8);
	h->author.id = sqlite_col_i64(s, 9);
	h->author.slug = sqlite_col_str(r, s, 10);
	h->author.name = sqlite_col_str(r, s, 11);
	h->snippet = sqlite_col_str(r, s, 12);
}

/*
 * About how many articles match, when more than the ranked ones do: the
 * ranked are the newest, spread over ids lo..hi (hi 0: up to the
 * newest article); assume the rest are as dense over the older ids.
 * Two significant digits: it is a guess.
 */
static size_t
estimate(struct sqlite_conn *c, size_t ranked, int64_t lo, int64_t hi)
{
	sqlite3_stmt *s;
	enum ng_err   err;
	int64_t	      first = 0, last = 0;
	double	      e;
	size_t	      r;

	if ((s = sqlite_stmt_get(c, STMT_SEARCH_RANGE)) != NULL &&
	    sqlite_step(c, s, &err) == 1) {
		first = sqlite_col_i64(s, 0);
		last = sqlite_col_i64(s, 1);
		sqlite3_reset(s);
	}
	if (hi == 0)
		hi = last;
	if (hi < lo || last < first || hi - lo + 1 <= 0)
		return ranked;
	e = (double)ranked * (double)(last - first + 1) / (double)(hi - lo + 1);
	if (e > (double)(last - first + 1))
		e = (double)(last - first + 1);
	if (e < (double)ranked)
		return ranked;
	for (r = 1; e >= 100; e /= 10)
		r *= 10;
	return (size_t)(e + 0.5) * r;
}

/*
 * Run STMT_SEARCH for one page, from id floor on; *lo and *hi get the
 * ranked id range.
 */
static enum ng_err
search_page(struct sqlite_conn *c, struct sqlite_rd *r, const char *q,
    int64_t now, int64_t floor, size_t offset, size_t limit,
    struct search_result *out, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *s;
	enum ng_err   err = NG_OK;
	int	      rc = 0;

	if ((s = sqlite_stmt_get(c, STMT_SEARCH)) == NULL ||
	    !sqlite_bind_text(c, s, 1, str_c(q)) ||
	    !sqlite_bind_i64(c, s, 2, now) ||
	    !sqlite_bind_i64(c, s, 3, (int64_t)limit) ||
	    !sqlite_bind_i64(c, s, 4, (int64_t)offset) ||
	    !sqlite_bind_i64(c, s, 5, STORE_SEARCH_RANKED) ||
	    !sqlite_bind_i64(c, s, 6, floor))
		return NG_EDB;
	while (out->n < limit && (rc = sqlite_step(c, s, &err)) == 1) {
		out->total = (size_t)sqlite_col_i64(s, 0);
		*lo = sqlite_col_i64(s, 13);
		*hi = sqlite_col_i64(s, 14);
		if (out->v != NULL)
			load_hit(r, s, &out->v[out->n++]);
		else
			break;
	}
	if (rc < 0)
		return err;
	sqlite3_reset(s);
	return r->oom ? NG_ENOMEM : NG_OK;
}

enum ng_err
sqlite_search(struct arena *ar, struct store_conn *sc,
    const struct search_terms *t, int64_t now, size_t offset, size_t limit,
    struct search_result *out)
{
	struct sqlite_conn  *c = sqlite_conn_of(sc);
	struct sqlite_rd     r = { ar, 0 };
	struct search_result probe;
	char		     q[FTS_QUERY_MAX];
	enum ng_err	     err = NG_OK;
	int64_t		     lo = 0, hi = -1, floor = 0;

	if (!fts_query(t, q, sizeof(q)))
		return NG_OK;
	if ((out->v = arena_calloc(ar, limit, sizeof(*out->v))) == NULL)
		return NG_ENOMEM;
	if ((err = sqlite_tx_begin(c, 0)) != NG_OK)
		goto out;
	if ((err = phrase_floor(c, t, &floor)) != NG_OK)
		goto out;
	err = search_page(c, &r, q, now, floor, offset, limit, out, &lo, &hi);
	/*
	 * A phrase of common words found nowhere among the newest articles
	 * holding them: look through the whole archive after all, rather
	 * than tell the reader it is nowhere.
	 */
	if (err == NG_OK && out->total == 0 && floor > 0 && offset == 0) {
		floor = 0;
		err = search_page(c, &r, q, now, 0, 0, limit, out, &lo, &hi);
	}
	/* Past the last hit the window functions saw no rows: count
	 * (rank again, the first hit only). */
	if (err == NG_OK && out->n == 0 && offset > 0) {
		memset(&probe, 0, sizeof(probe));
		err = search_page(c, &r, q, now, floor, 0, 1, &probe, &lo, &hi);
		out->total = probe.total;
	}
	out->ranked = out->total;
	if (err == NG_OK && out->total >= STORE_SEARCH_RANKED) {
		out->about = 1;
		out->total = estimate(c, out->total, lo, hi);
	} else if (err == NG_OK && floor > 0 && out->total > 0) {
		/* Every match from floor on is ranked; older ones were not
		 * looked at. */
		out->about = 1;
		out->total = estimate(c, out->total, floor, 0);
	}
out:
	if (sqlite_tx_end(c, NG_OK) != NG_OK && err == NG_OK)
		err = NG_EDB;
	return err;
}

enum ng_err
sqlite_related(struct arena *ar, struct store_conn *sc, int64_t id, int64_t now,
    size_t max, struct article_ref **out, size_t *n)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	struct article_ref *v;
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	size_t		    nv = 0;
	int		    rc = 0;

	if ((v = arena_calloc(ar, max, sizeof(*v))) == NULL)
		return NG_ENOMEM;
	if ((s = sqlite_stmt_get(c, STMT_RELATED)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id) || !sqlite_bind_i64(c, s, 2, now) ||
	    !sqlite_bind_i64(c, s, 3, (int64_t)max))
		return NG_EDB;
	while (nv < max && (rc = sqlite_step(c, s, &err)) == 1) {
		v[nv].id = sqlite_col_i64(s, 0);
		v[nv].slug = sqlite_col_str(&r, s, 1);
		v[nv].title = sqlite_col_str(&r, s, 2);
		v[nv].published_at = sqlite_col_i64(s, 3);
		nv++;
	}
	if (rc < 0)
		return err;
	sqlite3_reset(s);
	if (r.oom)
		return NG_ENOMEM;
	*out = v;
	*n = nv;
	return NG_OK;
}

/*
 * Choosing related articles.  Candidates come from three bounded
 * queries -- the newest hundred articles of each shared tag, the newest
 * hundred of the section, the newest thirty whose titles share a word
 * with this one's -- and collect points in a small hash table; the best
 * few, newest first among equal scores, are stored.  Every query is an
 * index walk with a LIMIT, so the cost of a save does not grow with the
 * archive (ranking text matches by BM25 would have to score every
 * match, which for common words is much of the archive).
 */
struct cand {
	int64_t id; /* 0: empty slot */
	int64_t pub;
	double	score;
};

struct cands {
	struct cand *slot; /* RELATED_SLOTS */
	size_t	     n;
};

static void
cand_add(struct cands *cs, int64_t id, int64_t pub, double score)
{
	size_t h;

	h = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ULL >> 40) &
	    (RELATED_SLOTS - 1);
	while (cs->slot[h].id != 0 && cs->slot[h].id != id)
		h = (h + 1) & (RELATED_SLOTS - 1);
	if (cs->slot[h].id == 0) {
		/* Keep the table sparse; later candidates are weaker. */
		if (cs->n >= RELATED_SLOTS * 3 / 4)
			return;
		cs->slot[h].id = id;
		cs->slot[h].pub = pub;
		cs->n++;
	}
	cs->slot[h].score += score;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->pub != y->pub)
		return x->pub > y->pub ? -1 : 1;
	if (x->id != y->id)
		return x->id > y->id ? -1 : 1;
	return 0;
}

/* Run a bound candidate query: column 0 id, column 1 published_at. */
static enum ng_err
collect(struct sqlite_conn *c, sqlite3_stmt *s, struct cands *cs, double score,
    double step)
{
	enum ng_err err = NG_OK;
	int	    rc;

	while ((rc = sqlite_step(c, s, &err)) == 1) {
		cand_add(cs, sqlite_col_i64(s, 0), sqlite_col_i64(s, 1), score);
		if (score > step)
			score -= step;
	}
	return rc < 0 ? err : NG_OK;
}

/* Words of four letters or more that say nothing about a story. */
static const char *const stopwords[] = {
	"about",
	"after",
	"again",
	"against",
	"amid",
	"back",
	"been",
	"before",
	"being",
	"between",
	"could",
	"does",
	"down",
	"during",
	"each",
	"from",
	"have",
	"here",
	"into",
	"just",
	"more",
	"most",
	"much",
	"must",
	"next",
	"only",
	"other",
	"over",
	"said",
	"says",
	"some",
	"than",
	"that",
	"their",
	"them",
	"then",
	"there",
	"these",
	"they",
	"this",
	"those",
	"through",
	"under",
	"until",
	"very",
	"were",
	"what",
	"when",
	"where",
	"which",
	"while",
	"will",
	"with",
	"would",
	"your",
};

static int
is_stopword(struct str w)
{
	size_t i, k;

	for (i = 0; i < sizeof(stopwords) / sizeof(stopwords[0]); i++) {
		if (strlen(stopwords[i]) != w.n)
			continue;
		for (k = 0; k < w.n; k++)
			if ((w.p[k] | 0x20) != stopwords[i][k])
				break;
		if (k == w.n)
			return 1;
	}
	return 0;
}

static int
word_byte(unsigned char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z') || ch >= 0x80;
}

/*
 * An FTS5 query for titles sharing a word with text: {title} : ("a" OR
 * "b"), from its words of four or more letters that are not stop
 * words.  Returns 0 when text has none.
 */
static int
words_query(struct str text, char *buf, size_t sz)
{
	struct str w;
	size_t	   i = 0, j, len = 0, nw = 0;

	buf[0] = '\0';
	if (!put_raw(buf, sz, &len, "{title} : ("))
		return 0;
	while (i < text.n && nw < RELATED_WORDS) {
		if (!word_byte((unsigned char)text.p[i])) {
			i++;
			continue;
		}
		for (j = i; j < text.n && word_byte((unsigned char)text.p[j]);
		     j++)
			continue;
		w = (struct str){ text.p + i, j - i };
		if (w.n >= 4 && w.n <= 64 && !is_stopword(w)) {
			if ((nw > 0 && !put_raw(buf, sz, &len, " OR ")) ||
			    !put_string(buf, sz, &len, w))
				return 0;
			nw++;
		}
		i = j;
	}
	return nw > 0 && put_raw(buf, sz, &len, ")");
}

/*
 * Compute and store the related articles of id.  The best candidates,
 * picked or not, go to top[0..*ntop) for the neighbour refresh.
 */
static enum ng_err
related_one(struct sqlite_conn *c, int64_t id, int64_t now, int64_t *top,
    size_t *ntop, int *published)
{
	struct sqlite_rd r;
	struct arena	*ar;
	struct cands	 cs = { NULL, 0 };
	struct cand	*v = NULL;
	sqlite3_stmt	*s;
	int64_t		 tags[STORE_TAGS_MAX];
	int64_t		 section, pick;
	struct str	 title;
	char		 q[1024];
	enum ng_err	 err = NG_OK;
	size_t		 i, nt = 0, nv, pos;
	int		 rc;

	*ntop = 0;
	*published = 0;
	ar = arena_new(64 * 1024);
	r = (struct sqlite_rd){ ar, 0 };
	if ((s = sqlite_stmt_get(c, STMT_RELATED_SOURCE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	if ((rc = sqlite_step(c, s, &err)) <= 0) {
		if (rc == 0)
			err = NG_ENOTFOUND;
		goto out;
	}
	section = sqlite_col_i64(s, 0);
	pick = sqlite_col_i64(s, 1);
	title = sqlite_col_str(&r, s, 2);
	*published = sqlite_col_i64(s, 4) != 0;
	sqlite3_reset(s);
	if (r.oom) {
		err = NG_ENOMEM;
		goto out;
	}

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_TAGS)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	while ((rc = sqlite_step(c, s, &err)) == 1)
		if (nt < STORE_TAGS_MAX)
			tags[nt++] = sqlite_col_i64(s, 0);
	if (rc < 0)
		goto out;

	cs.slot = xcalloc(RELATED_SLOTS, sizeof(*cs.slot));
	for (i = 0; i < nt; i++) {
		if ((s = sqlite_stmt_get(c, STMT_RELATED_BY_TAG)) == NULL ||
		    !sqlite_bind_i64(c, s, 1, tags[i]) ||
		    !sqlite_bind_i64(c, s, 2, id) ||
		    !sqlite_bind_i64(c, s, 3, now)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = collect(c, s, &cs, SCORE_TAG, 0)) != NG_OK)
			goto out;
	}
	if (section != 0) {
		if ((s = sqlite_stmt_get(c, STMT_RELATED_BY_SECTION)) == NULL ||
		    !sqlite_bind_i64(c, s, 1, section) ||
		    !sqlite_bind_i64(c, s, 2, id) ||
		    !sqlite_bind_i64(c, s, 3, now)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = collect(c, s, &cs, SCORE_SECTION, 0)) != NG_OK)
			goto out;
	}
	if (words_query(title, q, sizeof(q))) {
		if ((s = sqlite_stmt_get(c, STMT_RELATED_BY_TEXT)) == NULL ||
		    !sqlite_bind_text(c, s, 1, str_c(q)) ||
		    !sqlite_bind_i64(c, s, 2, id) ||
		    !sqlite_bind_i64(c, s, 3, now)) {
			err = NG_EDB;
			goto out;
		}
		if ((err = collect(c, s, &cs, SCORE_TEXT, 0)) != NG_OK)
			goto out;
	}

	/* Compact the hash into a sorted array. */
	v = xcalloc(cs.n + 1, sizeof(*v));
	for (i = 0, nv = 0; i < RELATED_SLOTS; i++)
		if (cs.slot[i].id != 0 && cs.slot[i].id != id)
			v[nv++] = cs.slot[i];
	qsort(v, nv, sizeof(*v), cand_cmp);

	if ((s = sqlite_stmt_get(c, STMT_RELATED_CLEAR)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id)) {
		err = NG_EDB;
		goto out;
	}
	if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
		goto out;
	pos = 0;
	if (pick != 0 && pick != id) {
		if ((s = sqlite_stmt_get(c, STMT_RELATED_ADD)) == NULL ||
		    !sqlite_bind_i64(c, s, 1, id) ||
		    !sqlite_bind_i64(c, s, 2, (int64_t)pos) ||
		    !sqlite_bind_i64(c, s, 3, pick) ||
		    sqlite3_bind_double(s, 4, 1e9) != SQLITE_OK) {
			err = NG_EDB;
			goto out;
		}
		if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
			goto out;
		pos++;
	}
	for (i = 0; i < nv && pos < RELATED_KEEP + 1; i++) {
		if (v[i].id == pick)
			continue;
		if ((s = sqlite_stmt_get(c, STMT_RELATED_ADD)) == NULL ||
		    !sqlite_bind_i64(c, s, 1, id) ||
		    !sqlite_bind_i64(c, s, 2, (int64_t)pos) ||
		    !sqlite_bind_i64(c, s, 3, v[i].id) ||
		    sqlite3_bind_double(s, 4, v[i].score) != SQLITE_OK) {
			err = NG_EDB;
			goto out;
		}
		if ((err = sqlite_exec_stmt(c, s)) != NG_OK)
			goto out;
		if (*ntop < RELATED_NEIGHBOURS)
			top[(*ntop)++] = v[i].id;
		pos++;
	}
out:
	free(v);
	free(cs.slot);
	arena_free(ar);
	return err;
}

enum ng_err
sqlite_related_compute(struct sqlite_conn *c, int64_t id, int64_t now)
{
	int64_t	    top[RELATED_NEIGHBOURS], unused[RELATED_NEIGHBOURS];
	enum ng_err err;
	size_t	    i, ntop, nu;
	int	    published, pub2;

	if ((err = related_one(c, id, now, top, &ntop, &published)) != NG_OK)
		return err;
	/*
	 * A newly published story should show up in the boxes of the
	 * stories it is most related to, not only the other way round:
	 * refresh its best neighbours (one level, so a save costs at most
	 * five of these computations).
	 */
	if (!published)
		return NG_OK;
	for (i = 0; i < ntop; i++)
		if ((err = related_one(c, top[i], now, unused, &nu, &pub2)) !=
			NG_OK &&
		    err != NG_ENOTFOUND)
			return err;
	return NG_OK;
}

enum ng_err
sqlite_related_refresh(struct store_conn *sc, int64_t id, int64_t now)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	int64_t		    top[RELATED_NEIGHBOURS];
	enum ng_err	    err;
	size_t		    ntop;
	int		    published;

	if ((err = sqlite_tx_begin(c, 1)) != NG_OK)
		return err;
	/* Related by title reads the index: the import's articles first. */
	if (c->bulk && c->search_dirty)
		err = sqlite_search_flush(c, 0);
	if (err == NG_OK)
		err = related_one(c, id, now, top, &ntop, &published);
	return sqlite_tx_end(c, err);
}

enum ng_err
sqlite_search_flush(struct sqlite_conn *c, int end)
{
	static const enum stmt steps[] = { STMT_SEARCH_UNINDEX_PENDING,
		STMT_SEARCH_INDEX_PENDING, STMT_SEARCH_PENDING_DONE,
		STMT_SEARCH_DEFER_END };
	sqlite3_stmt	      *s;
	enum ng_err	       err;
	size_t		       i, n = sizeof(steps) / sizeof(steps[0]);

	for (i = 0; i < (end ? n : n - 1); i++) {
		if ((s = sqlite_stmt_get(c, steps[i])) == NULL)
			return NG_EDB;
		err = sqlite_exec_stmt(c, s);
		sqlite3_reset(s);
		if (err != NG_OK)
			return err;
	}
	c->search_dirty = 0;
	return NG_OK;
}

enum ng_err
sqlite_sitemap_count(struct store_conn *sc, int64_t now, int64_t since,
    size_t *out)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_SITEMAP_COUNT)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, now) || !sqlite_bind_i64(c, s, 2, since))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) < 0)
		return err;
	if (rc == 1) {
		*out = (size_t)sqlite_col_i64(s, 0);
		sqlite3_reset(s);
	}
	return NG_OK;
}

enum ng_err
sqlite_sitemap_entries(struct arena *ar, struct store_conn *sc, int64_t now,
    int64_t since, size_t offset, size_t limit, struct sitemap_entry **out,
    size_t *n)
{
	struct sqlite_conn   *c = sqlite_conn_of(sc);
	struct sqlite_rd      r = { ar, 0 };
	struct sitemap_entry *v = NULL;
	sqlite3_stmt	     *s;
	enum ng_err	      err = NG_OK;
	size_t		      cap = 0, nv = 0;
	int		      rc;

	if ((s = sqlite_stmt_get(c, STMT_SITEMAP_ENTRIES)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, now) ||
	    !sqlite_bind_i64(c, s, 2, since) ||
	    !sqlite_bind_i64(c, s, 3, (int64_t)limit) ||
	    !sqlite_bind_i64(c, s, 4, (int64_t)offset))
		return NG_EDB;
	while ((rc = sqlite_step(c, s, &err)) == 1) {
		if ((v = sqlite_vec_grow(ar, v, &cap, nv, sizeof(*v))) ==
		    NULL) {
			sqlite3_reset(s);
			return NG_ENOMEM;
		}
		v[nv].id = sqlite_col_i64(s, 0);
		v[nv].slug = sqlite_col_str(&r, s, 1);
		v[nv].title = sqlite_col_str(&r, s, 2);
		v[nv].published_at = sqlite_col_i64(s, 3);
		v[nv].updated_at = sqlite_col_i64(s, 4);
		v[nv].image = sqlite_col_str(&r, s, 5);
		nv++;
	}
	if (rc < 0)
		return err;
	if (r.oom)
		return NG_ENOMEM;
	*out = v;
	*n = nv;
	return NG_OK;
}

enum ng_err
sqlite_article_image(struct arena *ar, struct store_conn *sc, int64_t id,
    struct str *path, struct str *mime)
{
	struct sqlite_conn *c = sqlite_conn_of(sc);
	struct sqlite_rd    r = { ar, 0 };
	sqlite3_stmt	   *s;
	enum ng_err	    err = NG_OK;
	int		    rc;

	if ((s = sqlite_stmt_get(c, STMT_ARTICLE_IMAGE)) == NULL ||
	    !sqlite_bind_i64(c, s, 1, id))
		return NG_EDB;
	if ((rc = sqlite_step(c, s, &err)) < 0)
		return err;
	if (rc == 0)
		return NG_ENOTFOUND;
	*path = sqlite_col_str(&r, s, 0);
	*mime = sqlite_col_str(&r, s, 1);
	sqlite3_reset(s);
	return r.oom ? NG_ENOMEM : NG_OK;
}
