/*
 * err.h -- the project-wide error codes.
 *
 * Every function that can fail returns an enum ng_err (NG_OK is zero),
 * following kcgi and SQLite: small codes, logged once where the context is
 * richest, mapped to HTTP statuses in one table in http/resp.c.
 */
#ifndef NG_CORE_ERR_H
#define NG_CORE_ERR_H

enum ng_err {
	NG_OK = 0,
	NG_ENOMEM,     /* an arena or buffer hit its cap or malloc failed */
	NG_EINVAL,     /* input was malformed */
	NG_ENOTFOUND,  /* the thing asked for does not exist */
	NG_ECONFLICT,  /* a uniqueness or version conflict */
	NG_ETOOBIG,    /* input exceeded a declared limit */
	NG_EFORBIDDEN, /* the caller may not do this */
	NG_EIO,	       /* the operating system said no */
	NG_EDB,	       /* the database failed */
	NG_ERR__MAX
};

#define NG_WUR __attribute__((warn_unused_result))

/*
 * Return a short static English description of err.  Never NULL; unknown
 * codes give "unknown error".  Do not free the result.
 */
const char *ng_strerror(enum ng_err err);

#endif
