/*
 * apppass.h -- Application Passwords: WordPress's named,
 * revocable per-user secrets with which API clients sign in (HTTP Basic:
 * login and password).  Made in the newsroom under the user's profile
 * or with `nutgraf user app-password LOGIN NAME`, shown once, kept only
 * as a hash; each use records its time and address.
 */
#ifndef NG_ADMIN_APPPASS_H
#define NG_ADMIN_APPPASS_H

#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;
struct req;
struct store;
struct user;

/* "abcd efgh ijkl mnop qrst uvwx": 24 characters in groups of four. */
#define APPPASS_SHOWN_LEN 29

/*
 * A new password named name for user_id: *shown is it as shown once
 * (grouped), *uuid its handle, both in a.  NG_EINVAL for a bad name,
 * NG_ETOOBIG when the user has too many.
 */
enum ng_err admin_apppass_create(struct arena *a, struct store *st,
    int64_t user_id, struct str name, const char **shown,
    const char **uuid) NG_WUR;

enum apppass_result {
	APPPASS_OK,	 /* *out is the user */
	APPPASS_NO_USER, /* no such login, or disabled */
	APPPASS_WRONG,	 /* not one of the user's passwords */
	APPPASS_LIMITED, /* too many failures: *retry_s */
	APPPASS_ERROR	 /* the store failed */
};

/*
 * Check login and pw (spaces and other separators ignored, as WordPress
 * ignores them) for the request's client address under the login form's
 * failure limits, noting the password's use on success.
 */
enum apppass_result admin_apppass_check(struct req *r, struct str login,
    struct str pw, struct user **out, int64_t *retry_s);

#endif
