/*
 * vocab.h -- the benchmark's vocabulary (bench/gen.c, bench/search.c):
 * news-like text with a Zipf-distributed vocabulary of VOCAB content
 * words, and the same distribution for the queries readers type.
 */
#ifndef NG_BENCH_VOCAB_H
#define NG_BENCH_VOCAB_H

#include <stddef.h>
#include <stdint.h>

/* The next number of the xorshift64* generator at *rng (never 0). */
uint64_t	 vocab_rnd(uint64_t *rng);

/* A word of running text: a function word a third of the time, else a
 * content word of Zipf-distributed rank.  Valid for the next 7 calls. */
const char	*vocab_word(uint64_t *rng);

/* The content word of rank k (0 the most frequent), and its rank drawn
 * by frequency.  The string is valid for the next 7 calls. */
const char	*vocab_content(size_t k);
size_t		 vocab_rank(uint64_t *rng);

/* One of the real English content words (k wraps). */
const char	*vocab_common(size_t k);

/* A function word ("the", "of", ...), drawn uniformly. */
const char	*vocab_function(uint64_t *rng);

#endif
