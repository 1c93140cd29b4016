/*
 * err.c -- descriptions of enum ng_err.
 */
#include "core/err.h"

static const char *const descs[NG_ERR__MAX] = {
	"success",	      /* NG_OK */
	"out of memory",      /* NG_ENOMEM */
	"invalid input",      /* NG_EINVAL */
	"not found",	      /* NG_ENOTFOUND */
	"conflict",	      /* NG_ECONFLICT */
	"too large",	      /* NG_ETOOBIG */
	"forbidden",	      /* NG_EFORBIDDEN */
	"input/output error", /* NG_EIO */
	"database error",     /* NG_EDB */
};

const char *
ng_strerror(enum ng_err err)
{
	if ((unsigned)err >= NG_ERR__MAX)
		return "unknown error";
	return descs[err];
}
