/*
 * fuzz/wxr.c -- libFuzzer driver for the WXR reader (import/wxr.c).
 *
 * Besides the sanitizers: every string handed to a callback must be
 * readable over its whole length (ASan checks the touch), item arrays
 * must match their counts, and a refusal must come with a message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "import/wxr.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static volatile unsigned char	sink;

static void
touch(struct str s)
{
	if (s.n > 0)
		sink ^= (unsigned char)(s.p[0] ^ s.p[s.n - 1]);
}

static enum ng_err
on_item(void *arg, const struct wxr_item *it)
{
	size_t	 i;

	(void)arg;
	touch(it->title);
	touch(it->content);
	for (i = 0; i < it->ncats; i++)
		touch(it->cats[i].nicename);
	for (i = 0; i < it->nmeta; i++)
		touch(it->meta[i].value);
	for (i = 0; i < it->ncomments; i++)
		touch(it->comments[i].content);
	return NG_OK;
}

static enum ng_err
on_term(void *arg, const struct wxr_term *t)
{
	(void)arg;
	touch(t->slug);
	touch(t->parent);
	return NG_OK;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wxr_handler	 h = { NULL, NULL, NULL, on_term, on_item };
	struct wxr_error	 e;

	if (wxr_read_mem((const char *)data, size, &h, &e) != NG_OK &&
	    e.msg[0] == '\0')
		abort();
	return 0;
}
