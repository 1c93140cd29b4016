/*
 * test_newsroom.c -- the newsroom's store calls against a real SQLite
 * file: users, sessions and their expiry, the scheduler's publishing,
 * corrections, the editors' list and search, revisions, autosaves and
 * taxonomy management.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "admin/admin_int.h"
#include "admin/auth.h"
#include "core/arena.h"
#include "jobs/sched.h"
#include "store/store.h"

static struct {
	char	     *dir;
	struct store *st;
	struct arena *a;
	int64_t	      author, section;
} fx;

static int
setup(void **state)
{
	char	       err[256], path[1024];
	struct author  au;
	struct section se;

	(void)state;
	memset(&fx, 0, sizeof(fx));
	fx.dir = testlib_tmpdir();
	snprintf(path, sizeof(path), "%s/nr.db", fx.dir);
	if (store_open(path, 2, &fx.st, err, sizeof(err)) != NG_OK)
		fail_msg("store_open: %s", err);
	assert_int_equal(auth_init(), NG_OK);
	memset(&au, 0, sizeof(au));
	au.slug = STR_LIT("desk");
	au.name = STR_LIT("The Desk");
	assert_int_equal(store_author_add(fx.st, &au, &fx.author), NG_OK);
	memset(&se, 0, sizeof(se));
	se.slug = STR_LIT("world");
	se.name = STR_LIT("World");
	assert_int_equal(store_section_add(fx.st, &se, &fx.section), NG_OK);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	store_close(fx.st);
	testlib_rmrf(fx.dir);
	free(fx.dir);
	return 0;
}

static int
before(void **state)
{
	(void)state;
	fx.a = arena_new(16 << 20);
	return 0;
}

static int
after(void **state)
{
	(void)state;
	arena_free(fx.a);
	return 0;
}

static int64_t
must_article(const char *slug, const char *title, enum article_status s,
    int64_t published_at, const char *body)
{
	struct article a;
	int64_t	       id;

	memset(&a, 0, sizeof(a));
	a.slug = str_c(slug);
	a.title = str_c(title);
	a.status = s;
	a.published_at = published_at;
	a.author_id = fx.author;
	a.section_id = fx.section;
	a.body_md = str_c(body);
	a.body_html = safe_html_trust(str_c(body));
	a.body_text = str_c(body);
	assert_int_equal(store_article_save(fx.st, &a, NULL, 0, &id), NG_OK);
	return id;
}

static int64_t
must_user(const char *login, enum user_role role)
{
	int64_t id;

	assert_int_equal(admin_user_create(fx.a, fx.st, str_c(login),
			     STR_LIT(""), role, STR_LIT("password123"), &id),
	    NG_OK);
	return id;
}

static void
test_users(void **state)
{
	struct user   *u, *v;
	size_t	       n;
	int64_t	       id, id2;
	enum user_role r;

	(void)state;
	id = must_user("ed", ROLE_EDITOR);
	assert_int_equal(admin_user_create(fx.a, fx.st, STR_LIT("ed"),
			     STR_LIT(""), ROLE_AUTHOR, STR_LIT("password123"),
			     &id2),
	    NG_ECONFLICT);
	assert_int_equal(admin_user_create(fx.a, fx.st, STR_LIT("bad login"),
			     STR_LIT(""), ROLE_AUTHOR, STR_LIT("password123"),
			     &id2),
	    NG_EINVAL);
	assert_int_equal(admin_user_create(fx.a, fx.st, STR_LIT("shortpw"),
			     STR_LIT(""), ROLE_AUTHOR, STR_LIT("short"), &id2),
	    NG_EINVAL);
	/* A login like an existing author's slug gets a byline of its own. */
	id2 = must_user("desk", ROLE_AUTHOR);
	assert_int_equal(store_user_by_id(fx.a, fx.st, id2, &u), NG_OK);
	assert_true(u->author_id != 0 && u->author_id != fx.author);

	assert_int_equal(store_user_by_login(fx.a, fx.st, STR_LIT("ed"), &u),
	    NG_OK);
	assert_int_equal(u->id, id);
	assert_int_equal(u->role, ROLE_EDITOR);
	assert_true(str_eqc(u->name, "ed"));
	assert_true(u->author_id > 0);
	assert_true(auth_password_verify(u->pass_hash, "password123", 11));
	assert_int_equal(store_user_by_login(fx.a, fx.st, STR_LIT("nobody"),
			     &v),
	    NG_ENOTFOUND);
	assert_null(v);
	assert_int_equal(store_user_list(fx.a, fx.st, &v, &n), NG_OK);
	assert_true(n >= 2);
	assert_int_equal(store_user_set_role(fx.st, id, ROLE_AUTHOR), NG_OK);
	assert_int_equal(store_user_by_id(fx.a, fx.st, id, &u), NG_OK);
	assert_int_equal(u->role, ROLE_AUTHOR);
	assert_int_equal(store_user_set_role(fx.st, 99999, ROLE_AUTHOR),
	    NG_ENOTFOUND);
	assert_true(store_role_parse(STR_LIT("administrator"), &r) &&
	    r == ROLE_ADMINISTRATOR);
	assert_false(store_role_parse(STR_LIT("admin"), &r));
}

static void
add_session(const char *hash, int64_t uid, int64_t now)
{
	struct session s;

	memset(&s, 0, sizeof(s));
	s.token_hash = str_c(hash);
	s.user_id = uid;
	s.csrf = STR_LIT("csrf-token");
	s.created_at = s.last_seen = now;
	s.expires_at = now + ADMIN_SESSION_MAX;
	assert_int_equal(store_session_add(fx.st, &s), NG_OK);
}

static void
test_sessions(void **state)
{
	struct session *s;
	struct user    *u;
	int64_t		uid, now = 1700000000;
	size_t		n;

	(void)state;
	uid = must_user("sess", ROLE_CONTRIBUTOR);
	add_session("h1", uid, now);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h1"), now,
			     ADMIN_SESSION_IDLE, &s, &u),
	    NG_OK);
	assert_int_equal(u->id, uid);
	assert_true(str_eqc(s->csrf, "csrf-token"));
	/* Idle expiry: one second short of idle is fine, at idle it ends. */
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h1"),
			     now + ADMIN_SESSION_IDLE - 1, ADMIN_SESSION_IDLE,
			     &s, &u),
	    NG_OK);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h1"),
			     now + ADMIN_SESSION_IDLE, ADMIN_SESSION_IDLE, &s,
			     &u),
	    NG_ENOTFOUND);
	assert_null(s);
	assert_null(u);
	/* Touching keeps it alive ... until the absolute end. */
	for (int64_t t = now; t < now + ADMIN_SESSION_MAX; t += 3600) {
		assert_int_equal(store_session_touch(fx.st, STR_LIT("h1"), t),
		    NG_OK);
		assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h1"),
				     t + 60, ADMIN_SESSION_IDLE, &s, &u),
		    NG_OK);
	}
	assert_int_equal(store_session_touch(fx.st, STR_LIT("h1"),
			     now + ADMIN_SESSION_MAX - 1),
	    NG_OK);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h1"),
			     now + ADMIN_SESSION_MAX, ADMIN_SESSION_IDLE, &s,
			     &u),
	    NG_ENOTFOUND);

	/* A disabled user's sessions end, and stay ended. */
	add_session("h2", uid, now);
	assert_int_equal(store_user_set_disabled(fx.st, uid, 1), NG_OK);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h2"), now,
			     ADMIN_SESSION_IDLE, &s, &u),
	    NG_ENOTFOUND);
	assert_int_equal(store_user_set_disabled(fx.st, uid, 0), NG_OK);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h2"), now,
			     ADMIN_SESSION_IDLE, &s, &u),
	    NG_ENOTFOUND);
	/* So does every session when the password changes. */
	add_session("h3", uid, now);
	add_session("h4", uid, now);
	assert_int_equal(store_user_set_password(fx.st, uid,
			     STR_LIT("$argon2id$new")),
	    NG_OK);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h3"), now,
			     ADMIN_SESSION_IDLE, &s, &u),
	    NG_ENOTFOUND);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h4"), now,
			     ADMIN_SESSION_IDLE, &s, &u),
	    NG_ENOTFOUND);
	/* Logout; and purging removes only what is over. */
	add_session("h5", uid, now);
	add_session("h6", uid, now + 10000);
	assert_int_equal(store_session_delete(fx.st, STR_LIT("h5")), NG_OK);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h5"), now,
			     ADMIN_SESSION_IDLE, &s, &u),
	    NG_ENOTFOUND);
	assert_int_equal(store_session_delete(fx.st, STR_LIT("zz")), NG_OK);
	assert_int_equal(store_session_purge(fx.st, now + 10000,
			     ADMIN_SESSION_IDLE, &n),
	    NG_OK);
	assert_int_equal(store_session_get(fx.a, fx.st, STR_LIT("h6"),
			     now + 10001, ADMIN_SESSION_IDLE, &s, &u),
	    NG_OK);
	/* Unbounded input is simply not a session. */
	assert_int_equal(store_session_get(fx.a, fx.st, STR_NULL, now,
			     ADMIN_SESSION_IDLE, &s, &u),
	    NG_ENOTFOUND);
}

/* What the scheduler reported published, for the webhook events. */
static struct {
	int64_t ids[8];
	size_t	n;
} told;

static void
note_published(void *arg, int64_t id)
{
	assert_ptr_equal(arg, &told);
	if (told.n < 8)
		told.ids[told.n] = id;
	told.n++;
}

static void
test_scheduling(void **state)
{
	struct article *a;
	size_t		n;
	int64_t		now = (int64_t)time(NULL), next, due1, due2, later;
	uint64_t	gen;

	(void)state;
	/* Nothing due: no write, no cache invalidation. */
	gen = store_generation(fx.st);
	assert_int_equal(sched_run_once(fx.st, now, NULL, NULL, &n, &next),
	    NG_OK);
	assert_int_equal(n, 0);
	assert_true(store_generation(fx.st) == gen);

	due1 = must_article("due-one", "Due one", ARTICLE_SCHEDULED, now - 60,
	    "x");
	due2 = must_article("due-two", "Due two", ARTICLE_SCHEDULED, now, "x");
	later = must_article("later", "Later", ARTICLE_SCHEDULED, now + 3600,
	    "x");
	assert_int_equal(store_article_next_due(fx.st, &next), NG_OK);
	assert_true(next == now - 60);
	/* Not visible before its time, even by slug. */
	assert_int_equal(store_article_by_slug(fx.a, fx.st, STR_LIT("due-one"),
			     &a),
	    NG_ENOTFOUND);

	gen = store_generation(fx.st);
	memset(&told, 0, sizeof(told));
	assert_int_equal(sched_run_once(fx.st, now, note_published, &told, &n,
			     &next),
	    NG_OK);
	assert_int_equal(n, 2);
	/* Each published article is told once, and only those. */
	assert_int_equal(told.n, 2);
	assert_true((told.ids[0] == due1 && told.ids[1] == due2) ||
	    (told.ids[0] == due2 && told.ids[1] == due1));
	assert_int_equal(sched_run_once(fx.st, now, note_published, &told, &n,
			     &next),
	    NG_OK);
	assert_int_equal(n, 0);
	assert_int_equal(told.n, 2);
	assert_true(next == now + 3600);
	assert_true(store_generation(fx.st) > gen);
	assert_int_equal(store_article_by_slug(fx.a, fx.st, STR_LIT("due-one"),
			     &a),
	    NG_OK);
	assert_int_equal(a->status, ARTICLE_PUBLISHED);
	assert_int_equal(store_article_by_id(fx.a, fx.st, due2, &a), NG_OK);
	assert_int_equal(a->status, ARTICLE_PUBLISHED);
	assert_int_equal(store_article_by_id(fx.a, fx.st, later, &a), NG_OK);
	assert_int_equal(a->status, ARTICLE_SCHEDULED);

	/* A server that was down publishes what fell due meanwhile. */
	assert_int_equal(sched_run_once(fx.st, now + 7200, note_published,
			     &told, &n, &next),
	    NG_OK);
	assert_int_equal(n, 1);
	assert_int_equal(told.n, 3);
	assert_int_equal(told.ids[2], later);
	assert_int_equal(next, 0);
	assert_int_equal(store_article_next_due(fx.st, &next), NG_ENOTFOUND);
}

static void
test_corrections(void **state)
{
	struct correction c, *v;
	struct article	 *a;
	size_t		  n;
	int64_t		  id, cid, before_upd;

	(void)state;
	id = must_article("corrected", "Corrected", ARTICLE_PUBLISHED,
	    1600000000, "x");
	assert_int_equal(store_article_by_id(fx.a, fx.st, id, &a), NG_OK);
	before_upd = a->updated_at;
	memset(&c, 0, sizeof(c));
	c.article_id = id;
	c.kind = CORRECTION_CORRECTION;
	c.body = STR_LIT("An earlier version misspelt the minister's name.");
	assert_int_equal(store_correction_add(fx.st, &c, &cid), NG_OK);
	c.kind = CORRECTION_UPDATE;
	c.body = STR_LIT("Updated with the ministry's response.");
	assert_int_equal(store_correction_add(fx.st, &c, &cid), NG_OK);
	assert_int_equal(store_correction_list(fx.a, fx.st, id, &v, &n), NG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].kind, CORRECTION_CORRECTION);
	assert_int_equal(v[1].kind, CORRECTION_UPDATE);
	assert_true(str_eqc(v[1].body,
	    "Updated with the ministry's "
	    "response."));
	/* The article's modified time moves. */
	assert_int_equal(store_article_by_id(fx.a, fx.st, id, &a), NG_OK);
	assert_true(a->updated_at >= before_upd);
	assert_true(a->updated_at >= (int64_t)time(NULL) - 5);
	/* Bad input. */
	c.body = STR_LIT("");
	assert_int_equal(store_correction_add(fx.st, &c, &cid), NG_EINVAL);
	c.body = STR_LIT("x");
	c.article_id = 999999;
	assert_int_equal(store_correction_add(fx.st, &c, &cid), NG_EINVAL);
}

static void
test_admin_list(void **state)
{
	struct article_admin_query q;
	struct article_list	   l;
	size_t			   counts[ARTICLE__MAX];

	(void)state;
	must_article("l-draft", "A draft about elections", ARTICLE_DRAFT, 0,
	    "body");
	must_article("l-pct", "Growth of 100% explained", ARTICLE_PENDING, 0,
	    "percent");
	must_article("l-trash", "Trashed elections piece", ARTICLE_TRASHED, 0,
	    "gone");
	memset(&q, 0, sizeof(q));
	q.status = -1;
	q.search = STR_LIT("elections");
	assert_int_equal(store_article_admin_list(fx.a, fx.st, &q, &l), NG_OK);
	/* Trashed articles only show when asked for. */
	assert_int_equal(l.total, 1);
	assert_true(str_eqc(l.v[0].title, "A draft about elections"));
	assert_true(str_eqc(l.v[0].author.name, "The Desk"));
	q.status = ARTICLE_TRASHED;
	assert_int_equal(store_article_admin_list(fx.a, fx.st, &q, &l), NG_OK);
	assert_int_equal(l.total, 1);
	/* LIKE's wildcards are literal. */
	q.status = -1;
	q.search = STR_LIT("100%");
	assert_int_equal(store_article_admin_list(fx.a, fx.st, &q, &l), NG_OK);
	assert_int_equal(l.total, 1);
	q.search = STR_LIT("_");
	assert_int_equal(store_article_admin_list(fx.a, fx.st, &q, &l), NG_OK);
	assert_int_equal(l.total, 0);
	/* Filters and paging. */
	q.search = STR_LIT("");
	q.section_id = fx.section;
	q.limit = 1;
	assert_int_equal(store_article_admin_list(fx.a, fx.st, &q, &l), NG_OK);
	assert_int_equal(l.n, 1);
	assert_true(l.total >= 2);
	q.author_id = 987654;
	assert_int_equal(store_article_admin_list(fx.a, fx.st, &q, &l), NG_OK);
	assert_int_equal(l.total, 0);
	q.status = ARTICLE__MAX;
	assert_int_equal(store_article_admin_list(fx.a, fx.st, &q, &l),
	    NG_EINVAL);
	assert_int_equal(store_article_status_counts(fx.st, counts), NG_OK);
	assert_true(counts[ARTICLE_TRASHED] >= 1);
	assert_true(counts[ARTICLE_PENDING] >= 1);
}

static void
test_revisions_autosave(void **state)
{
	struct article	 a;
	struct revision *v, *r;
	struct autosave	 as, *got;
	size_t		 n;
	int64_t		 id, id2, uid;

	(void)state;
	uid = must_user("reviser", ROLE_EDITOR);
	id = must_article("rev", "First title", ARTICLE_DRAFT, 0, "one\n");
	assert_int_equal(store_revision_set_user(fx.st, id, uid), NG_OK);
	memset(&a, 0, sizeof(a));
	a.id = id;
	a.slug = STR_LIT("rev");
	a.title = STR_LIT("Second title");
	a.body_md = STR_LIT("one\ntwo\n");
	a.version = 1;
	assert_int_equal(store_article_save(fx.st, &a, NULL, 0, &id), NG_OK);
	/* A stale version is a conflict, never an overwrite. */
	a.title = STR_LIT("Third title");
	assert_int_equal(store_article_save(fx.st, &a, NULL, 0, &id2),
	    NG_ECONFLICT);
	assert_int_equal(id2, 0);
	assert_int_equal(store_revision_list(fx.a, fx.st, id, &v, &n), NG_OK);
	assert_int_equal(n, 2);
	assert_true(str_eqc(v[0].title, "Second title"));
	assert_true(str_eqc(v[1].title, "First title"));
	assert_int_equal(v[1].user_id, uid);
	assert_true(str_eqc(v[1].user_name, "reviser"));
	assert_int_equal(v[0].user_id, 0);
	assert_int_equal(store_revision_get(fx.a, fx.st, v[1].id, &r), NG_OK);
	assert_true(str_eqc(r->body_md, "one\n"));
	assert_int_equal(store_revision_get(fx.a, fx.st, 999999, &r),
	    NG_ENOTFOUND);

	memset(&as, 0, sizeof(as));
	as.user_id = uid;
	as.article_id = id;
	as.title = STR_LIT("Draft title");
	as.body_md = STR_LIT("unsaved words");
	as.saved_at = 1234;
	assert_int_equal(store_autosave_put(fx.st, &as), NG_OK);
	as.body_md = STR_LIT("more unsaved words");
	as.saved_at = 1235;
	assert_int_equal(store_autosave_put(fx.st, &as), NG_OK);
	assert_int_equal(store_autosave_get(fx.a, fx.st, uid, id, &got), NG_OK);
	assert_true(str_eqc(got->body_md, "more unsaved words"));
	assert_int_equal(got->saved_at, 1235);
	assert_int_equal(store_autosave_get(fx.a, fx.st, uid, 0, &got),
	    NG_ENOTFOUND);
	assert_int_equal(store_autosave_delete(fx.st, uid, id), NG_OK);
	assert_int_equal(store_autosave_get(fx.a, fx.st, uid, id, &got),
	    NG_ENOTFOUND);
}

static void
test_taxonomy(void **state)
{
	struct section	se, *sp;
	struct tag	t, *tv;
	struct author  *av;
	struct article *a;
	size_t		n;
	int64_t		sid, tid, aid;

	(void)state;
	memset(&se, 0, sizeof(se));
	se.slug = STR_LIT("sport");
	se.name = STR_LIT("Sport");
	assert_int_equal(store_section_add(fx.st, &se, &sid), NG_OK);
	se.id = sid;
	se.name = STR_LIT("Sports");
	se.position = 3;
	assert_int_equal(store_section_update(fx.st, &se), NG_OK);
	assert_int_equal(store_section_by_slug(fx.a, fx.st, STR_LIT("sport"),
			     &sp),
	    NG_OK);
	assert_true(str_eqc(sp->name, "Sports"));
	se.slug = STR_LIT("world"); /* taken */
	assert_int_equal(store_section_update(fx.st, &se), NG_ECONFLICT);

	assert_int_equal(store_tag_ensure(fx.st, STR_LIT("Niger"),
			     STR_LIT("niger"), &tid),
	    NG_OK);
	memset(&t, 0, sizeof(t));
	t.id = tid;
	t.slug = STR_LIT("niger");
	t.name = STR_LIT("Niger (country)");
	assert_int_equal(store_tag_update(fx.st, &t), NG_OK);
	assert_int_equal(store_tags(fx.a, fx.st, &tv, &n), NG_OK);
	assert_true(n >= 1);
	assert_int_equal(store_authors(fx.a, fx.st, &av, &n), NG_OK);
	assert_true(n >= 1);

	/* Deleting a section leaves its articles, without a section. */
	memset(&se, 0, sizeof(se));
	aid = must_article("in-sport", "In sport", ARTICLE_DRAFT, 0, "x");
	{
		struct article u;
		int64_t	       id2;

		assert_int_equal(store_article_by_id(fx.a, fx.st, aid, &a),
		    NG_OK);
		u = *a;
		u.section_id = sid;
		assert_int_equal(store_article_save(fx.st, &u, NULL, 0, &id2),
		    NG_OK);
	}
	assert_int_equal(store_section_delete(fx.st, sid), NG_OK);
	assert_int_equal(store_article_by_id(fx.a, fx.st, aid, &a), NG_OK);
	assert_int_equal(a->section_id, 0);
	assert_int_equal(store_section_delete(fx.st, sid), NG_ENOTFOUND);
	assert_int_equal(store_tag_delete(fx.st, tid), NG_OK);
	assert_int_equal(store_tag_delete(fx.st, tid), NG_ENOTFOUND);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_users, before, after),
		cmocka_unit_test_setup_teardown(test_sessions, before, after),
		cmocka_unit_test_setup_teardown(test_scheduling, before, after),
		cmocka_unit_test_setup_teardown(test_corrections, before,
		    after),
		cmocka_unit_test_setup_teardown(test_admin_list, before, after),
		cmocka_unit_test_setup_teardown(test_revisions_autosave, before,
		    after),
		cmocka_unit_test_setup_teardown(test_taxonomy, before, after),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
