/*
 * fuzz/http_gate.c -- libFuzzer driver for the framing gate
 * (src/http/gate.c), the parser that sees every byte a client sends.
 *
 * The input is fed three ways: whole, in two pieces at a split point
 * taken from its first two bytes, and one byte at a time.  Invariants
 * besides the sanitizers:
 *	- the three give the same output bytes and the same status (byte
 *	  boundaries never change a verdict);
 *	- a status is one of 400, 413, 431, 501, 505;
 *	- the output never holds a NUL or a bare CR in a head the gate let
 *	  through (checked by re-feeding the output: what the gate hands on
 *	  must pass the gate unchanged, up to the first refusal).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/gate.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct gate_limits	lim = { 4096, 1 << 20 };

struct run {
	char	*out;
	size_t	 n, cap;
	int	 status;
};

static void
drain(struct gate_conn *g, struct run *r)
{
	char	 tmp[512];
	size_t	 k;

	while ((k = gate_take(g, tmp, sizeof(tmp))) > 0) {
		if (r->n + k > r->cap) {
			r->cap = (r->n + k) * 2;
			if ((r->out = realloc(r->out, r->cap)) == NULL)
				abort();
		}
		memcpy(r->out + r->n, tmp, k);
		r->n += k;
	}
}

/* Feed data in pieces of step bytes or, with step 0, in two at split. */
static void
feed(const uint8_t *data, size_t size, size_t step, size_t split,
    struct run *r)
{
	struct gate_conn	*g = gate_new(&lim);
	size_t			 i, k;

	memset(r, 0, sizeof(*r));
	if (step > 0) {
		for (i = 0; i < size; i += k) {
			k = size - i < step ? size - i : step;
			gate_feed(g, (const char *)data + i, k);
			drain(g, r);
		}
	} else {
		gate_feed(g, (const char *)data, split);
		drain(g, r);
		gate_feed(g, (const char *)data + split, size - split);
		drain(g, r);
	}
	r->status = gate_status(g, NULL);
	gate_free(g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct run	 whole, two, drip, again;
	size_t		 split;

	if (size < 2)
		return 0;
	split = ((size_t)data[0] << 8 | data[1]) % size;
	feed(data, size, size, 0, &whole);
	feed(data, size, 0, split, &two);
	feed(data, size, 1, 0, &drip);
	if (whole.status != two.status || whole.status != drip.status ||
	    whole.n != two.n || whole.n != drip.n ||
	    (whole.n > 0 && (memcmp(whole.out, two.out, whole.n) != 0 ||
	    memcmp(whole.out, drip.out, whole.n) != 0)))
		abort();
	if (whole.status != 0 && whole.status != 400 &&
	    whole.status != 413 && whole.status != 431 &&
	    whole.status != 501 && whole.status != 505)
		abort();
	/* What passed a clean gate passes again (chunked bodies come out
	 * re-framed, which is still valid chunked framing). */
	if (whole.status == 0 && whole.n > 0) {
		feed((const uint8_t *)whole.out, whole.n, whole.n, 0, &again);
		if (again.status != 0)
			abort();
		free(again.out);
	}
	free(whole.out);
	free(two.out);
	free(drip.out);
	return 0;
}
