/*
 * diff.h -- a line diff for comparing revisions.  Pure; no I/O.
 */
#ifndef NG_ADMIN_DIFF_H
#define NG_ADMIN_DIFF_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

struct arena;

/* Lines compared at most per side; longer texts get NG_ETOOBIG. */
#define DIFF_LINES_MAX 2000

enum diff_op {
	DIFF_SAME,
	DIFF_DEL, /* only in the old text */
	DIFF_ADD, /* only in the new text */
};

struct diff_line {
	enum diff_op op;
	struct str   text; /* a slice of the input, without "\n" */
};

/*
 * The shortest edit script from old to new, line by line (a longest
 * common subsequence), as a list of lines in arena a.  Lines are split
 * at "\n"; a "\r" before it is kept as part of the line.  NG_ETOOBIG past
 * DIFF_LINES_MAX lines on either side, NG_ENOMEM when a is full.
 */
enum ng_err diff_lines(struct arena *a, struct str old, struct str new,
    struct diff_line **out, size_t *n) NG_WUR;

#endif
