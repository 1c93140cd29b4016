/*
 * vocab.c -- the benchmark's vocabulary; see vocab.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "vocab.h"

/*
 * Text follows a Zipf-like law, as real news copy does: a third of the
 * words are function words, the rest content words whose rank is drawn
 * log-uniformly from VOCAB (the real ones below first, then made-up
 * words of two to four syllables).  Without a long tail every title
 * would share words with every other and the full-text index would be
 * unlike any real archive's.
 */
/* Distinct content words (made_up() keeps up to 160,000 apart). */
#define VOCAB	60000

static const char *const function_words[] = {
	"the", "a", "of", "and", "to", "in", "on", "for", "with", "as", "by",
	"at", "from", "that", "this", "which", "after", "before", "while",
	"during", "was", "is", "are", "were", "has", "had", "have", "will",
	"would", "could", "it", "its", "their", "they", "but", "not", "more",
	"than", "about", "over", "under", "between", "into", "said", "says",
};

static const char *const words[] = {
	"government", "minister", "election", "council", "market", "prices",
	"energy", "climate", "water", "school", "hospital", "court", "police",
	"report", "study", "research", "company", "workers", "union", "strike",
	"budget", "tax", "housing", "city", "region", "border", "trade",
	"talks", "agreement", "security", "defence", "troops", "leaders",
	"summit", "village", "farmers", "harvest", "rain", "storm", "flood",
	"bridge", "railway", "airport", "port", "ship", "fuel", "power",
	"network", "internet", "phone", "data", "privacy", "software",
	"startup", "investors", "bank", "interest", "inflation", "growth",
	"jobs", "wages", "pension", "health", "doctors", "nurses", "vaccine",
	"virus", "patients", "science", "space", "satellite", "launch",
	"museum", "festival", "film", "music", "book", "author", "artist",
	"team", "match", "season", "coach", "players", "league", "final",
	"record", "victory", "defeat", "fans", "stadium", "told",
	"announced", "denied", "confirmed", "warned", "expected", "planned",
	"agreed", "rejected", "approved", "opened", "closed", "new", "old",
	"first", "last", "major", "local", "national", "international",
	"public", "private", "senior", "former", "several", "many", "few",
	"week", "month", "year", "day", "morning", "evening", "officials",
	"residents", "people", "children", "families", "students", "experts",
	"analysts", "critics", "supporters", "spokesperson", "statement",
	"decision", "plan", "proposal", "law", "bill", "vote", "parliament",
	"president", "mayor", "governor", "committee", "inquiry", "evidence",
	"figures", "percent", "million", "billion", "cost", "funding",
	"support", "pressure", "crisis", "change", "future", "history",
};
#define NWORDS	(sizeof(words) / sizeof(words[0]))
#define NFUNC	(sizeof(function_words) / sizeof(function_words[0]))

static const char *const syllables[20] = {
	"ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "za", "dor",
	"len", "mar", "pel", "sun", "tor", "var", "wen", "gri", "pla"
};

uint64_t
vocab_rnd(uint64_t *rng)
{
	/* xorshift64*: small, fast, and the same on every machine. */
	*rng ^= *rng >> 12;
	*rng ^= *rng << 25;
	*rng ^= *rng >> 27;
	return *rng * 0x2545f4914f6cdd1dULL;
}

/* Made-up word number k (distinct for distinct k < 160000). */
static const char *
made_up(size_t k)
{
	static _Thread_local char	 ring[8][24];
	static _Thread_local size_t	 next;
	char				*w = ring[next++ % 8];

	snprintf(w, sizeof(ring[0]), "%s%s%s%s", syllables[k % 20],
	    syllables[k / 20 % 20], k >= 400 ? syllables[k / 400 % 20] : "",
	    k >= 8000 ? syllables[k / 8000 % 20] : "");
	return w;
}

const char *
vocab_content(size_t k)
{
	return k < NWORDS ? words[k] : made_up(k);
}

const char *
vocab_common(size_t k)
{
	return words[k % NWORDS];
}

size_t
vocab_rank(uint64_t *rng)
{
	double	 u;
	size_t	 k;

	/* Log-uniform rank: P(k) ~ 1/k, Zipf's law with s = 1. */
	u = (double)(vocab_rnd(rng) >> 11) / 9007199254740992.0;
	k = (size_t)exp(u * log((double)VOCAB)) - 1;
	return k < VOCAB ? k : VOCAB - 1;
}

const char *
vocab_function(uint64_t *rng)
{
	return function_words[vocab_rnd(rng) % NFUNC];
}

const char *
vocab_word(uint64_t *rng)
{
	if (vocab_rnd(rng) % 3 == 0)
		return vocab_function(rng);
	return vocab_content(vocab_rank(rng));
}
