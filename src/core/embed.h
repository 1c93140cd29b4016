/*
 * embed.h -- files compiled into the binary (the default theme).
 *
 * tools/embed.c turns every file under themes/default/ into the table
 * below at build time, so one binary carries its theme and a clean clone
 * needs no install step.  Paths are relative to the theme root, e.g.
 * "templates/article.mustache", "css/style.css".
 */
#ifndef NG_CORE_EMBED_H
#define NG_CORE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char	    *path;
	const unsigned char *data; /* NUL-terminated, len bytes before it */
	size_t		     len;
};

extern const struct embedded_file embedded_files[];
extern const size_t		  embedded_nfiles;

#endif
