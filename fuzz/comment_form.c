/*
 * fuzz/comment_form.c -- libFuzzer driver for the comment form policy
 * (src/content/comment.c): validation of what a reader typed, the
 * settings a moderator typed, the moderation verdict and the text's HTML.
 *
 * The input is cut at NUL bytes into the five form fields, then one
 * value for each comment setting, then an IP and a user agent.
 * Invariants besides the sanitizers: a valid comment's body has no
 * control byte but tab and newline and is at most COMMENT_BODY_MAX
 * bytes; the text's HTML holds no tag but p, br and a;
 * comment_setting_check() and comment_settings_load() agree on every
 * value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/html.h"
#include "content/comment.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The next NUL-terminated piece of [*p, end). */
static struct str
next(const char **p, const char *end)
{
	const char	*s = *p, *z;

	if (s >= end)
		return (struct str){ "", 0 };
	if ((z = memchr(s, '\0', (size_t)(end - s))) == NULL)
		z = end;
	*p = z + 1;
	return (struct str){ s, (size_t)(z - s) };
}

static void
check_html(struct str h)
{
	static const char *const ok[] = { "<p>", "</p>", "<br>", "<a ",
	    "</a>" };
	size_t	 i, k;

	for (i = 0; i < h.n; i++) {
		if (h.p[i] != '<')
			continue;
		for (k = 0; k < sizeof(ok) / sizeof(ok[0]); k++)
			if (h.n - i >= strlen(ok[k]) &&
			    memcmp(h.p + i, ok[k], strlen(ok[k])) == 0)
				break;
		if (k == sizeof(ok) / sizeof(ok[0]))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*p = (const char *)data, *end = p + size;
	struct arena		*a;
	struct comment_input	 in;
	struct comment_clean	 c;
	struct comment_errors	 errs;
	struct comment_settings	 s;
	struct str		 vals[COMMENT_SET__MAX], ip, ua;
	struct safe_html	 html;
	const char		*why;
	size_t			 i, bad = 0;

	a = arena_new(1 << 22);
	for (i = 0; i < COMMENT_F__MAX; i++)
		in.v[i] = next(&p, end);
	for (i = 0; i < COMMENT_SET__MAX; i++) {
		vals[i] = next(&p, end);
		if (comment_setting_check(str_c(comment_setting_keys[i]),
		    vals[i], &why) != NG_OK)
			bad++;
	}
	if (comment_settings_load(&s, vals) != bad)
		abort();
	ip = next(&p, end);
	ua = next(&p, end);
	if (comment_validate(a, &in, &c, &errs) == NG_OK) {
		if (c.body.n == 0 || c.body.n > COMMENT_BODY_MAX * 4)
			abort();
		for (i = 0; i < c.body.n; i++)
			if ((unsigned char)c.body.p[i] < 0x20 &&
			    c.body.p[i] != '\t' && c.body.p[i] != '\n')
				abort();
		(void)comment_moderate(a, &s, &c, ip, ua, size & 1, &why);
		if (comment_text_html(a, c.body, &html) == NG_OK)
			check_html(html.s);
	}
	arena_free(a);
	return 0;
}
