/*
 * mustache.c -- the Mustache engine: compile to a flat AST, then render.
 *
 * Compiling runs in three passes over one template:
 *
 *  1. lex: split the source into text and tag tokens, following set
 *     delimiter tags and checking that sections nest (so every later pass
 *     may trust the structure).  Text tokens are cut after each newline,
 *     so a run of tokens ending in a newline is one source line.
 *  2. lines: decide which lines are "standalone" (Mustache spec: a line
 *     holding only whitespace and one non-output tag disappears from the
 *     output), remember each tag's leading whitespace, which is the
 *     indentation of partials, parents and blocks.
 *  3. build: turn the surviving tokens into a flat node array where a
 *     container (section, parent, block) is followed by its subtree and
 *     records its size, so walking the AST needs no pointers.
 *
 * Rendering walks that array recursively.  All render state lives on the C
 * stack (context stack, inheritance chain, indentation layers), so a
 * compiled set is read-only and any number of threads may render it.
 *
 * Indentation.  Standalone partials and parents indent every line of the
 * included template, and a block's content is re-indented from where it
 * was written to where it is expanded (spec ~inheritance "Block
 * reindentation").  Both are "layers": strip a prefix from, then prepend
 * a prefix to, each template line.  Layers apply lazily, when the first
 * byte of a line is about to be written, and only to template lines: a
 * value that contains newlines is never indented, as the spec requires,
 * and an empty line stays empty (as in mustache.js).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "core/xalloc.h"
#include "render/mustache.h"
#include "render/tv.h"

#define MUSTACHE_MAX_SRC     (1024 * 1024) /* bytes in one template */
#define MUSTACHE_MAX_NEST    100	   /* open sections while compiling */
#define MUSTACHE_MAX_INCLUDE 64		   /* nested partials/parents/blocks */
#define MUSTACHE_MAX_DEPTH   256	   /* any nested render, sections too */
#define MUSTACHE_MAX_STEPS   (1UL << 20)   /* nodes visited per render */
#define MUSTACHE_MAX_DELIM   16		   /* bytes in a set delimiter */

enum kind {
	K_TEXT,
	K_VAR,	    /* {{x}} */
	K_RAW,	    /* {{{x}}} {{&x}} */
	K_SECTION,  /* {{#x}} */
	K_INVERTED, /* {{^x}} */
	K_CLOSE,    /* {{/x}} */
	K_COMMENT,  /* {{!x}} */
	K_PARTIAL,  /* {{>x}} */
	K_PARENT,   /* {{<x}} */
	K_BLOCK,    /* {{$x}} */
	K_DELIM,    /* {{=a b=}} */
	K__MAX
};

struct tok {
	enum kind  kind;
	enum kind  closes; /* K_CLOSE: kind of its opener */
	struct str s;	   /* text, or the tag's name */
	struct str lead;   /* whitespace before the tag */
	unsigned   line;
	unsigned   dyn : 1; /* {{>*name}}: name is looked up */
	unsigned   standalone : 1;
	unsigned   drop : 1; /* text removed with its line */
};

struct node {
	enum kind  kind;
	unsigned   dyn;
	struct str s;	   /* text or name */
	struct str indent; /* partial/parent: standalone
					   indentation; block: the block's
					   own indentation */
	size_t	   span;   /* nodes in the subtree below */
};

struct tmpl {
	char	    *name;
	size_t	     namelen;
	char	    *src;
	struct node *nodes;
	size_t	     nnodes;
};

struct mustache_set {
	struct tmpl **t;
	size_t	      n;
	size_t	      cap;
};

/* Compiler state for one template. */
struct lexer {
	const char *src;
	size_t	    n;
	size_t	    pos;
	unsigned    line;
	char	    otag[MUSTACHE_MAX_DELIM + 1];
	char	    ctag[MUSTACHE_MAX_DELIM + 1];
	size_t	    olen, clen;
	struct tok *toks;
	size_t	    ntoks, tcap;
	size_t	    open[MUSTACHE_MAX_NEST]; /* token indices */
	size_t	    nopen;
	char	   *err;
	size_t	    errsz;
};

static void lex_errf(struct lexer *, unsigned, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
lex_errf(struct lexer *lx, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int	n;

	if (lx->err == NULL || lx->errsz == 0)
		return;
	n = snprintf(lx->err, lx->errsz, "line %u: ", line);
	if (n < 0 || (size_t)n >= lx->errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(lx->err + n, lx->errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

static int
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct str
trim(struct str s)
{
	while (s.n > 0 && is_ws(s.p[0])) {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && is_ws(s.p[s.n - 1]))
		s.n--;
	return s;
}

/* Length of the leading run of spaces and tabs. */
static size_t
indent_len(struct str s)
{
	size_t i;

	for (i = 0; i < s.n && (s.p[i] == ' ' || s.p[i] == '\t'); i++)
		continue;
	return i;
}

static struct tok *
tok_push(struct lexer *lx, enum kind kind, struct str s, unsigned line)
{
	struct tok *t;

	if (lx->ntoks == lx->tcap) {
		lx->tcap = lx->tcap == 0 ? 64 : lx->tcap * 2;
		lx->toks = xrealloc(lx->toks, lx->tcap * sizeof(*lx->toks));
	}
	t = &lx->toks[lx->ntoks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->s = s;
	t->line = line;
	return t;
}

/* Push text, cut after each newline so that lines are token runs. */
static void
lex_text(struct lexer *lx, const char *p, size_t n)
{
	const char *nl;
	size_t	    len;

	while (n > 0) {
		nl = memchr(p, '\n', n);
		len = nl == NULL ? n : (size_t)(nl - p) + 1;
		tok_push(lx, K_TEXT, (struct str){ p, len }, lx->line);
		if (nl != NULL)
			lx->line++;
		p += len;
		n -= len;
	}
}

static unsigned
count_nl(const char *p, size_t n)
{
	const char *nl, *end = p + n;
	unsigned    c = 0;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		c++;
		p = nl + 1;
	}
	return c;
}

/*
 * A tag name is "." or dot-separated non-empty parts with no whitespace
 * (spec: "non-whitespace character sequence").
 */
static int
name_ok(struct str s)
{
	size_t i;

	if (s.n == 0)
		return 0;
	if (s.n == 1 && s.p[0] == '.')
		return 1;
	if (s.p[0] == '.' || s.p[s.n - 1] == '.')
		return 0;
	for (i = 0; i < s.n; i++) {
		if (is_ws(s.p[i]))
			return 0;
		if (s.p[i] == '.' && s.p[i + 1] == '.')
			return 0;
	}
	return 1;
}

/* {{=<% %>=}}: two delimiters without whitespace or '='. */
static int
lex_delim(struct lexer *lx, struct str body)
{
	struct str o, c;
	size_t	   i;

	body = trim(body);
	for (i = 0; i < body.n && !is_ws(body.p[i]); i++)
		continue;
	o = (struct str){ body.p, i };
	c = trim((struct str){ body.p + i, body.n - i });
	for (i = 0; i < c.n; i++)
		if (is_ws(c.p[i]))
			return 0;
	if (o.n == 0 || c.n == 0 || o.n > MUSTACHE_MAX_DELIM ||
	    c.n > MUSTACHE_MAX_DELIM || memchr(o.p, '=', o.n) != NULL ||
	    memchr(c.p, '=', c.n) != NULL)
		return 0;
	memcpy(lx->otag, o.p, o.n);
	lx->olen = o.n;
	memcpy(lx->ctag, c.p, c.n);
	lx->clen = c.n;
	return 1;
}

/* Check nesting as tags arrive, so later passes trust the structure. */
static int
lex_nest(struct lexer *lx, struct tok *t)
{
	struct tok *o;

	switch (t->kind) {
	case K_SECTION:
	case K_INVERTED:
	case K_PARENT:
	case K_BLOCK:
		if (lx->nopen == MUSTACHE_MAX_NEST) {
			lex_errf(lx, t->line, "sections nested too deeply");
			return 0;
		}
		lx->open[lx->nopen++] = (size_t)(t - lx->toks);
		return 1;
	case K_CLOSE:
		if (lx->nopen == 0) {
			lex_errf(lx, t->line, "unexpected close tag \"%.*s\"",
			    (int)(t->s.n > 40 ? 40 : t->s.n), t->s.p);
			return 0;
		}
		o = &lx->toks[lx->open[lx->nopen - 1]];
		if (!str_eq(o->s, t->s) || o->dyn != t->dyn) {
			lex_errf(lx, t->line,
			    "close tag \"%.*s\" does not "
			    "match \"%.*s\" opened on line %u",
			    (int)(t->s.n > 40 ? 40 : t->s.n), t->s.p,
			    (int)(o->s.n > 40 ? 40 : o->s.n), o->s.p, o->line);
			return 0;
		}
		t->closes = o->kind;
		lx->nopen--;
		return 1;
	default:
		return 1;
	}
}

static int
lex(struct lexer *lx)
{
	const char *p, *e, *body;
	char	    closer[MUSTACHE_MAX_DELIM + 2];
	size_t	    clen, rest;
	enum kind   kind;
	struct str  name;
	struct tok *t;
	unsigned    line;
	int	    dyn;

	while (lx->pos < lx->n) {
		rest = lx->n - lx->pos;
		p = memmem(lx->src + lx->pos, rest, lx->otag, lx->olen);
		if (p == NULL) {
			lex_text(lx, lx->src + lx->pos, rest);
			break;
		}
		lex_text(lx, lx->src + lx->pos,
		    (size_t)(p - (lx->src + lx->pos)));
		line = lx->line;
		body = p + lx->olen;
		if (body >= lx->src + lx->n) {
			lex_errf(lx, line, "unclosed tag");
			return 0;
		}
		closer[0] = '\0';
		clen = 0;
		kind = K_VAR;
		switch (*body) {
		case '{':
			kind = K_RAW;
			closer[clen++] = '}';
			break;
		case '=':
			kind = K_DELIM;
			closer[clen++] = '=';
			break;
		case '&':
			kind = K_RAW;
			break;
		case '!':
			kind = K_COMMENT;
			break;
		case '#':
			kind = K_SECTION;
			break;
		case '^':
			kind = K_INVERTED;
			break;
		case '/':
			kind = K_CLOSE;
			break;
		case '>':
			kind = K_PARTIAL;
			break;
		case '<':
			kind = K_PARENT;
			break;
		case '$':
			kind = K_BLOCK;
			break;
		default:
			break;
		}
		if (kind != K_VAR)
			body++;
		memcpy(closer + clen, lx->ctag, lx->clen);
		clen += lx->clen;
		rest = (size_t)(lx->src + lx->n - body);
		if ((e = memmem(body, rest, closer, clen)) == NULL) {
			lex_errf(lx, line, "unclosed tag");
			return 0;
		}
		lx->pos = (size_t)(e - lx->src) + clen;
		lx->line += count_nl(p, (size_t)(lx->src + lx->pos - p));
		name = (struct str){ body, (size_t)(e - body) };

		if (kind == K_COMMENT) {
			tok_push(lx, kind, name, line);
			continue;
		}
		if (kind == K_DELIM) {
			if (!lex_delim(lx, name)) {
				lex_errf(lx, line, "bad delimiters");
				return 0;
			}
			tok_push(lx, kind, name, line);
			continue;
		}
		name = trim(name);
		dyn = 0;
		if ((kind == K_PARTIAL || kind == K_PARENT ||
			kind == K_CLOSE) &&
		    name.n > 0 && name.p[0] == '*') {
			dyn = 1;
			name = trim((struct str){ name.p + 1, name.n - 1 });
		}
		if (!name_ok(name)) {
			if (name.n == 0)
				lex_errf(lx, line, "empty tag");
			else
				lex_errf(lx, line, "bad tag name \"%.*s\"",
				    (int)(name.n > 40 ? 40 : name.n), name.p);
			return 0;
		}
		t = tok_push(lx, kind, name, line);
		t->dyn = dyn;
		if (!lex_nest(lx, t))
			return 0;
	}
	if (lx->nopen > 0) {
		t = &lx->toks[lx->open[lx->nopen - 1]];
		lex_errf(lx, t->line, "unclosed section \"%.*s\"",
		    (int)(t->s.n > 40 ? 40 : t->s.n), t->s.p);
		return 0;
	}
	return 1;
}

/* Tags that write nothing themselves and so may stand alone. */
static int
can_standalone(enum kind k)
{
	return k != K_TEXT && k != K_VAR && k != K_RAW;
}

/* Parent and block tags, open or close. */
static int
is_inherit(const struct tok *t)
{
	enum kind k;

	k = t->kind == K_CLOSE ? t->closes : t->kind;
	return k == K_PARENT || k == K_BLOCK;
}

static int
is_parent(const struct tok *t)
{
	return (t->kind == K_CLOSE ? t->closes : t->kind) == K_PARENT;
}

/*
 * Is text token t blank for standalone purposes?  Only spaces and tabs,
 * plus a final "\n" or "\r\n" if it ends the line.
 */
static int
text_blank(const struct tok *t)
{
	struct str s = t->s;

	if (s.n > 0 && s.p[s.n - 1] == '\n') {
		s.n--;
		if (s.n > 0 && s.p[s.n - 1] == '\r')
			s.n--;
	}
	return indent_len(s) == s.n;
}

/*
 * Mark standalone lines in toks[i..end).  A line is standalone when it
 * holds only blanks and exactly one standalone-capable tag; or, for
 * inheritance, a run of parent and block tags including a parent tag, as
 * in "{{<layout}}{{$body}}" or "{{/body}}{{/layout}}" (the text between a
 * parent's tags is ignored, so those lines would otherwise leave stray
 * newlines).
 */
static void
mark_line(struct tok *toks, size_t i, size_t end)
{
	size_t	   k, ntags = 0;
	int	   blank = 1, capable = 1, inherit = 1, parent = 0;
	int	   lead_ok = 1;
	struct str lead = { toks[i].s.p, 0 };

	for (k = i; k < end; k++) {
		if (toks[k].kind == K_TEXT) {
			if (!text_blank(&toks[k]))
				blank = 0;
			continue;
		}
		ntags++;
		if (!can_standalone(toks[k].kind))
			capable = 0;
		if (!is_inherit(&toks[k]))
			inherit = 0;
		else if (is_parent(&toks[k]))
			parent = 1;
	}

	/* Leading whitespace of each tag, if only blanks precede it. */
	for (k = i; k < end; k++) {
		if (toks[k].kind == K_TEXT) {
			if (k == i && indent_len(toks[k].s) == toks[k].s.n)
				lead = toks[k].s;
			else
				lead_ok = 0;
			continue;
		}
		toks[k].lead = lead_ok ? lead : (struct str){ lead.p, 0 };
		if (!is_inherit(&toks[k]) && toks[k].kind != K_COMMENT)
			lead_ok = 0;
	}

	if (!blank || ntags == 0 || !capable ||
	    (ntags > 1 && !(inherit && parent)))
		return;
	for (k = i; k < end; k++) {
		if (toks[k].kind == K_TEXT)
			toks[k].drop = 1;
		else
			toks[k].standalone = 1;
	}
}

static void
mark_lines(struct lexer *lx)
{
	size_t		  i, j;
	const struct tok *t;

	for (i = 0; i < lx->ntoks; i = j) {
		for (j = i; j < lx->ntoks; j++) {
			t = &lx->toks[j];
			if (t->kind == K_TEXT && t->s.p[t->s.n - 1] == '\n') {
				j++;
				break;
			}
		}
		mark_line(lx->toks, i, j);
	}
}

/*
 * The indentation a block's content is written at (spec "Block
 * reindentation" and "Intrinsic indentation"): for a standalone opening
 * tag, that of the first content line, or the tag's own when the block is
 * empty; otherwise the blanks before the tag.
 */
static struct str
block_indent(const struct lexer *lx, size_t i)
{
	const struct tok *o = &lx->toks[i], *t;
	size_t		  k;

	if (!o->standalone)
		return o->lead;
	for (k = i + 1; k < lx->ntoks; k++) {
		t = &lx->toks[k];
		if (t->drop)
			continue;
		if (t->kind == K_CLOSE)
			return o->lead;
		if (t->kind == K_TEXT)
			return (struct str){ t->s.p, indent_len(t->s) };
		return t->standalone ? t->lead : (struct str){ t->s.p, 0 };
	}
	return o->lead;
}

static struct node *
node_push(struct node **nodes, size_t *n, size_t *cap, enum kind kind)
{
	struct node *nd;

	if (*n == *cap) {
		*cap = *cap == 0 ? 32 : *cap * 2;
		*nodes = xrealloc(*nodes, *cap * sizeof(**nodes));
	}
	nd = &(*nodes)[(*n)++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = kind;
	return nd;
}

static void
build(const struct lexer *lx, struct tmpl *tp)
{
	const struct tok *t;
	struct node	 *nd;
	size_t		  open[MUSTACHE_MAX_NEST], nopen = 0, cap = 0, i;

	for (i = 0; i < lx->ntoks; i++) {
		t = &lx->toks[i];
		if (t->drop || t->kind == K_COMMENT || t->kind == K_DELIM)
			continue;
		if (t->kind == K_TEXT) {
			/* Text directly inside a parent tag is ignored. */
			if (t->s.n == 0 ||
			    (nopen > 0 &&
				tp->nodes[open[nopen - 1]].kind == K_PARENT))
				continue;
		}
		if (t->kind == K_CLOSE) {
			nopen--;
			tp->nodes[open[nopen]].span = tp->nnodes - open[nopen] -
			    1;
			continue;
		}
		nd = node_push(&tp->nodes, &tp->nnodes, &cap, t->kind);
		nd->s = t->s;
		nd->dyn = t->dyn;
		switch (t->kind) {
		case K_PARTIAL:
		case K_PARENT:
			if (t->standalone)
				nd->indent = t->lead;
			break;
		case K_BLOCK:
			nd->indent = block_indent(lx, i);
			break;
		default:
			break;
		}
		if (t->kind == K_SECTION || t->kind == K_INVERTED ||
		    t->kind == K_PARENT || t->kind == K_BLOCK)
			open[nopen++] = tp->nnodes - 1;
	}
}

struct mustache_set *
mustache_set_new(void)
{
	return xcalloc(1, sizeof(struct mustache_set));
}

static void
tmpl_free(struct tmpl *tp)
{
	if (tp == NULL)
		return;
	free(tp->name);
	free(tp->src);
	free(tp->nodes);
	free(tp);
}

void
mustache_set_free(struct mustache_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		tmpl_free(set->t[i]);
	free(set->t);
	free(set);
}

static size_t
set_find(const struct mustache_set *set, struct str name)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->t[i]->namelen == name.n &&
		    memcmp(set->t[i]->name, name.p, name.n) == 0)
			return i;
	return SIZE_MAX;
}

enum ng_err
mustache_set_add(struct mustache_set *set, const char *name, const char *src,
    size_t n, char *errbuf, size_t errsz)
{
	struct lexer lx;
	struct tmpl *tp = NULL;
	size_t	     i;
	enum ng_err  rc = NG_OK;

	memset(&lx, 0, sizeof(lx));
	lx.err = errbuf;
	lx.errsz = errsz;
	if (errbuf != NULL && errsz > 0)
		errbuf[0] = '\0';
	if (set == NULL || name == NULL || (src == NULL && n > 0)) {
		lex_errf(&lx, 1, "no template");
		return NG_EINVAL;
	}
	if (n > MUSTACHE_MAX_SRC) {
		lex_errf(&lx, 1, "template larger than %d bytes",
		    MUSTACHE_MAX_SRC);
		return NG_ETOOBIG;
	}

	tp = xcalloc(1, sizeof(*tp));
	tp->name = xstrdup(name);
	tp->namelen = strlen(name);
	/* Node and token slices point into this private copy. */
	tp->src = xmalloc(n + 1);
	if (n > 0)
		memcpy(tp->src, src, n);
	tp->src[n] = '\0';

	lx.src = tp->src;
	lx.n = n;
	lx.line = 1;
	memcpy(lx.otag, "{{", 2);
	memcpy(lx.ctag, "}}", 2);
	lx.olen = lx.clen = 2;
	if (!lex(&lx)) {
		rc = NG_EINVAL;
		goto out;
	}
	mark_lines(&lx);
	build(&lx, tp);
	/* Renderers do pointer arithmetic on nodes even when it is empty. */
	if (tp->nodes == NULL)
		tp->nodes = xcalloc(1, sizeof(*tp->nodes));

	if ((i = set_find(set, str_c(name))) != SIZE_MAX) {
		tmpl_free(set->t[i]);
		set->t[i] = tp;
	} else {
		if (set->n == set->cap) {
			set->cap = set->cap == 0 ? 16 : set->cap * 2;
			set->t = xrealloc(set->t, set->cap * sizeof(*set->t));
		}
		set->t[set->n++] = tp;
	}
	tp = NULL;
out:
	tmpl_free(tp);
	free(lx.toks);
	return rc;
}

int
mustache_set_has(const struct mustache_set *set, const char *name)
{
	return set != NULL && name != NULL &&
	    set_find(set, str_c(name)) != SIZE_MAX;
}

/* Rendering. */

struct ctx {
	const struct tv	 *v;
	const struct ctx *up;
};

/* A parent tag being expanded: its blocks override the parent's. */
struct frame {
	const struct node  *parent;
	const struct frame *outer; /* chain where the tag was written */
};

/* Strip strip from, then prepend add to, each template line. */
struct layer {
	struct str	    strip;
	struct str	    add;
	const struct layer *outer;
};

struct rstate {
	const struct mustache_set *set;
	unsigned		   flags;
	struct buf		  *out;
	int			   at_bol; /* last template byte was \n */
	unsigned		   depth;
	unsigned		   includes;
	unsigned long		   steps;
};

static enum ng_err render(struct rstate *, const struct node *,
    const struct node *, const struct ctx *, const struct frame *,
    const struct layer *);

/*
 * Write the indentation of a line whose own leading blanks are w, through
 * every layer from the innermost out.  The result is a chain of slices
 * kept back to front in pc[], so nothing is copied.
 */
static void
emit_indent(struct rstate *st, struct str w, const struct layer *l)
{
	struct str pc[MUSTACHE_MAX_INCLUDE + 2];
	size_t	   np = 0, k, j;

	pc[np++] = w;
	for (; l != NULL; l = l->outer) {
		/* Drop the longest common prefix of the line and l->strip. */
		for (k = 0; k < l->strip.n && np > 0;) {
			for (j = 0; j < pc[np - 1].n && k < l->strip.n &&
			     pc[np - 1].p[j] == l->strip.p[k];
			     j++)
				k++;
			if (j > 0) {
				pc[np - 1].p += j;
				pc[np - 1].n -= j;
			}
			if (pc[np - 1].n > 0)
				break;
			np--;
		}
		if (l->add.n > 0 && np < sizeof(pc) / sizeof(pc[0]))
			pc[np++] = l->add;
	}
	while (np > 0)
		buf_putstr(st->out, pc[--np]);
}

static void
emit_text(struct rstate *st, struct str s, const struct layer *l)
{
	size_t w;
	int    nl;

	if (s.n == 0)
		return;
	nl = s.p[s.n - 1] == '\n';
	/* Empty lines stay empty: indentation there is only noise. */
	if (st->at_bol && l != NULL &&
	    !(nl && (s.n == 1 || (s.n == 2 && s.p[0] == '\r')))) {
		w = indent_len(s);
		emit_indent(st, (struct str){ s.p, w }, l);
		s.p += w;
		s.n -= w;
	}
	buf_putstr(st->out, s);
	st->at_bol = nl;
}

/*
 * Format d as the spec's interpolation tests expect: integers without a
 * fraction, others in the shortest form that reads back the same.
 */
static size_t
fmt_num(double d, char *b, size_t sz)
{
	int prec, n = 0;

	if (d == 0)
		d = 0; /* no "-0" */
	if (d > -1e15 && d < 1e15 && (double)(int64_t)d == d &&
	    sz >= STR_I64_LEN)
		n = (int)str_fmt_i64(b, (int64_t)d);
	else
		for (prec = 1; prec <= 17; prec++) {
			n = snprintf(b, sz, "%.*g", prec, d);
			if (strtod(b, NULL) == d)
				break;
		}
	return n < 0 ? 0 : (size_t)n >= sz ? sz - 1 : (size_t)n;
}

static void
emit_value(struct rstate *st, const struct tv *v, int raw,
    const struct layer *l)
{
	char	   num[64];
	struct str s = STR_NULL;
	int	   escape = 0;

	if (v == NULL)
		return;
	switch (v->type) {
	case TV_BOOL:
		s = v->u.b ? STR_LIT("true") : STR_LIT("false");
		break;
	case TV_NUM:
		s = (struct str){ num, fmt_num(v->u.num, num, sizeof(num)) };
		break;
	case TV_STR:
		s = v->u.s;
		/* Strict mode: only safe_html may ever be written raw. */
		escape = !raw || (st->flags & MUSTACHE_STRICT_RAW);
		break;
	case TV_HTML:
		s = v->u.s;
		break;
	default:
		return;
	}
	if (s.n == 0)
		return;
	if (st->at_bol && l != NULL)
		emit_indent(st, STR_LIT(""), l);
	st->at_bol = 0;
	if (escape)
		buf_put_html(st->out, s.p, s.n);
	else
		buf_putstr(st->out, s);
}

/* Spec "Interpolation": the first part walks the stack, the rest do not. */
static const struct tv *
lookup(const struct ctx *c, struct str name)
{
	const struct tv *v = NULL;
	const char	*dot;
	struct str	 part;

	if (name.n == 1 && name.p[0] == '.')
		return c == NULL ? NULL : c->v;
	dot = memchr(name.p, '.', name.n);
	part = (struct str){ name.p,
		dot == NULL ? name.n : (size_t)(dot - name.p) };
	for (; c != NULL; c = c->up)
		if ((v = tv_get(c->v, part)) != NULL)
			break;
	while (v != NULL && dot != NULL) {
		name.n -= (size_t)(dot - name.p) + 1;
		name.p = dot + 1;
		dot = memchr(name.p, '.', name.n);
		part = (struct str){ name.p,
			dot == NULL ? name.n : (size_t)(dot - name.p) };
		v = tv_get(v, part);
	}
	return v;
}

/* The template a partial or parent tag names, or NULL. */
static const struct tmpl *
resolve(const struct rstate *st, const struct node *n, const struct ctx *c)
{
	const struct tv *v;
	struct str	 name = n->s;
	size_t		 i;

	if (n->dyn) {
		v = lookup(c, n->s);
		if (v == NULL || (v->type != TV_STR && v->type != TV_HTML))
			return NULL;
		name = v->u.s;
	}
	if ((i = set_find(st->set, name)) == SIZE_MAX)
		return NULL;
	return st->set->t[i];
}

/*
 * The block overriding name, searched in every enclosing parent tag; the
 * outermost wins (spec: "top-level substitutions take precedence").
 */
static const struct node *
find_block(const struct frame *f, struct str name, const struct frame **in)
{
	const struct node *n, *end, *found = NULL;

	for (; f != NULL; f = f->outer) {
		end = f->parent + 1 + f->parent->span;
		for (n = f->parent + 1; n < end; n += 1 + n->span)
			if (n->kind == K_BLOCK && str_eq(n->s, name)) {
				found = n;
				*in = f;
			}
	}
	return found;
}

static enum ng_err
render_section(struct rstate *st, const struct node *n, const struct ctx *c,
    const struct frame *f, const struct layer *l)
{
	const struct tv	     *v;
	const struct tv_item *it;
	const struct node    *kids = n + 1, *end = n + 1 + n->span;
	struct ctx	      sub;
	enum ng_err	      rc = NG_OK;

	v = lookup(c, n->s);
	if (n->kind == K_INVERTED)
		return tv_truthy(v) ? NG_OK : render(st, kids, end, c, f, l);
	if (!tv_truthy(v))
		return NG_OK;
	sub.up = c;
	if (v->type != TV_LIST) {
		sub.v = v;
		return render(st, kids, end, &sub, f, l);
	}
	for (it = v->u.list.head; it != NULL && rc == NG_OK; it = it->next) {
		sub.v = it->v;
		rc = render(st, kids, end, &sub, f, l);
	}
	return rc;
}

/* Partials, parents and overridden blocks: another template's nodes. */
static enum ng_err
render_include(struct rstate *st, const struct node *n, const struct ctx *c,
    const struct frame *f, const struct layer *l)
{
	const struct tmpl  *tp;
	const struct node  *b, *first, *end;
	const struct frame *bf = NULL;
	struct frame	    sub;
	struct layer	    lay;
	enum ng_err	    rc;

	lay.outer = l;
	lay.strip = STR_NULL;
	lay.add = n->indent;
	if (n->kind == K_BLOCK) {
		if ((b = find_block(f, n->s, &bf)) == NULL)
			return render(st, n + 1, n + 1 + n->span, c, f, l);
		/* Content moves from its indentation to the block's. */
		first = b + 1;
		end = b + 1 + b->span;
		lay.strip = b->indent;
		f = bf->outer;
	} else {
		if ((tp = resolve(st, n, c)) == NULL)
			return NG_OK;
		first = tp->nodes;
		end = tp->nodes + tp->nnodes;
		if (n->kind == K_PARENT) {
			sub.parent = n;
			sub.outer = f;
			f = &sub;
		}
	}
	if (st->includes >= MUSTACHE_MAX_INCLUDE)
		return NG_ETOOBIG;
	st->includes++;
	if (lay.strip.n > 0 || lay.add.n > 0)
		l = &lay;
	rc = render(st, first, end, c, f, l);
	st->includes--;
	return rc;
}

static enum ng_err
render(struct rstate *st, const struct node *n, const struct node *end,
    const struct ctx *c, const struct frame *f, const struct layer *l)
{
	enum ng_err rc = NG_OK;

	if (st->depth >= MUSTACHE_MAX_DEPTH)
		return NG_ETOOBIG;
	st->depth++;
	for (; n < end && rc == NG_OK; n += 1 + n->span) {
		if (st->out->err != NG_OK) {
			rc = st->out->err;
			break;
		}
		if (++st->steps > MUSTACHE_MAX_STEPS) {
			rc = NG_ETOOBIG;
			break;
		}
		switch (n->kind) {
		case K_TEXT:
			emit_text(st, n->s, l);
			break;
		case K_VAR:
		case K_RAW:
			emit_value(st, lookup(c, n->s), n->kind == K_RAW, l);
			break;
		case K_SECTION:
		case K_INVERTED:
			rc = render_section(st, n, c, f, l);
			break;
		case K_PARTIAL:
		case K_PARENT:
		case K_BLOCK:
			rc = render_include(st, n, c, f, l);
			break;
		default:
			break;
		}
	}
	st->depth--;
	return rc;
}

enum ng_err
mustache_render(const struct mustache_set *set, const char *name,
    const struct tv *ctx, unsigned flags, struct buf *out)
{
	struct rstate	   st;
	struct ctx	   root;
	const struct tmpl *tp;
	size_t		   i;
	enum ng_err	   rc;

	if (set == NULL || name == NULL ||
	    (i = set_find(set, str_c(name))) == SIZE_MAX)
		return NG_ENOTFOUND;
	tp = set->t[i];
	memset(&st, 0, sizeof(st));
	st.set = set;
	st.flags = flags;
	st.out = out;
	st.at_bol = 1;
	root.v = ctx;
	root.up = NULL;
	rc = render(&st, tp->nodes, tp->nodes + tp->nnodes,
	    ctx == NULL ? NULL : &root, NULL, NULL);
	if (rc == NG_OK)
		rc = out->err;
	return rc;
}
