/*
 * diff.c -- line diff by longest common subsequence (diff.h).
 *
 * The classic O(n*m) table, kept small: common leading and trailing
 * lines are peeled off first (a revision usually changes a few
 * paragraphs), and the table holds 16-bit lengths, so two texts of
 * DIFF_LINES_MAX lines cost at most 8 MB of the request arena.
 */
#include <stdint.h>
#include <string.h>

#include "admin/diff.h"
#include "core/arena.h"

/* Split s into lines (slices into s); NULL on overflow or no memory. */
static struct str *
split(struct arena *a, struct str s, size_t *n, enum ng_err *err)
{
	struct str *v;
	const char *p = s.p, *end = s.p + s.n, *nl;
	size_t	    cnt = 0, i;

	*n = 0;
	if (s.n == 0)
		return NULL;
	for (i = 0; i < s.n; i++)
		if (s.p[i] == '\n')
			cnt++;
	if (s.p[s.n - 1] != '\n')
		cnt++;
	if (cnt > DIFF_LINES_MAX) {
		*err = NG_ETOOBIG;
		return NULL;
	}
	if ((v = arena_calloc(a, cnt, sizeof(*v))) == NULL) {
		*err = NG_ENOMEM;
		return NULL;
	}
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		v[(*n)++] = (struct str){ p, (size_t)(nl - p) };
		p = nl + 1;
	}
	return v;
}

enum ng_err
diff_lines(struct arena *a, struct str old, struct str new,
    struct diff_line **out, size_t *n)
{
	struct str	 *x, *y;
	struct diff_line *d;
	uint16_t	 *t;
	size_t		  nx, ny, pre = 0, suf = 0, i, j, k = 0, w;
	enum ng_err	  err = NG_OK;

	*out = NULL;
	*n = 0;
	x = split(a, old, &nx, &err);
	if (err != NG_OK)
		return err;
	y = split(a, new, &ny, &err);
	if (err != NG_OK)
		return err;
	while (pre < nx && pre < ny && str_eq(x[pre], y[pre]))
		pre++;
	while (suf < nx - pre && suf < ny - pre &&
	    str_eq(x[nx - 1 - suf], y[ny - 1 - suf]))
		suf++;
	if ((d = arena_calloc(a, nx + ny + 1, sizeof(*d))) == NULL)
		return NG_ENOMEM;

	/* t[i][j]: LCS length of x[i..] and y[j..] in the middle part. */
	nx -= suf;
	ny -= suf;
	w = ny - pre + 1;
	if ((t = arena_calloc(a, (nx - pre + 1) * w, sizeof(*t))) == NULL)
		return NG_ENOMEM;
	for (i = nx; i-- > pre;)
		for (j = ny; j-- > pre;) {
			uint16_t *c = &t[(i - pre) * w + (j - pre)];

			if (str_eq(x[i], y[j]))
				*c = t[(i - pre + 1) * w + (j - pre + 1)] + 1;
			else {
				uint16_t
				    down = t[(i - pre + 1) * w + (j - pre)];
				uint16_t
				    right = t[(i - pre) * w + (j - pre + 1)];

				*c = down > right ? down : right;
			}
		}

	for (i = 0; i < pre; i++)
		d[k++] = (struct diff_line){ DIFF_SAME, x[i] };
	i = j = pre;
	while (i < nx && j < ny) {
		if (str_eq(x[i], y[j])) {
			d[k++] = (struct diff_line){ DIFF_SAME, x[i] };
			i++;
			j++;
		} else if (t[(i - pre + 1) * w + (j - pre)] >=
		    t[(i - pre) * w + (j - pre + 1)])
			d[k++] = (struct diff_line){ DIFF_DEL, x[i++] };
		else
			d[k++] = (struct diff_line){ DIFF_ADD, y[j++] };
	}
	while (i < nx)
		d[k++] = (struct diff_line){ DIFF_DEL, x[i++] };
	while (j < ny)
		d[k++] = (struct diff_line){ DIFF_ADD, y[j++] };
	for (i = 0; i < suf; i++)
		d[k++] = (struct diff_line){ DIFF_SAME, x[nx + i] };
	*out = d;
	*n = k;
	return NG_OK;
}
