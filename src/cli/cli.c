/*
 * cli.c -- the one command-line parser, the --help it writes from the
 * same declarations, and the configuration and store every command
 * shares (cli.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin/auth.h"
#include "app.h"
#include "cli/cli.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "store/store.h"

#define ERRSZ	      512
#define CLI_ARENA_MAX (64u * 1024 * 1024)
#define HELP_WIDTH    78 /* the help's lines, at most */
#define HELP_COL_MAX  24 /* where option help starts, at most */

/* The options every command takes, anywhere on the line. */
static const struct cli_opt globals[] = {
	{ "data", "DIR",
	    "the data directory (default ./data; environment "
	    "NUTGRAF_DATA)",
	    0 },
	{ "config", "FILE",
	    "read settings from this INI file (see "
	    "nutgraf(1))",
	    0 },
	{ "db", "URL",
	    "a PostgreSQL database (postgresql://...) instead of "
	    "SQLite in the data directory (environment NUTGRAF_DB)",
	    0 },
	{ NULL, NULL, NULL, 0 }
};

static const char **
global_slot(struct cli *c, int i)
{
	return i == 0 ? &c->data : i == 1 ? &c->config : &c->db;
}

/* The index of the option name[0..n) in v, or -1. */
static int
opt_find(const struct cli_opt *v, const char *name, size_t n)
{
	int i;

	for (i = 0; v != NULL && v[i].name != NULL; i++)
		if (strlen(v[i].name) == n && strncmp(v[i].name, name, n) == 0)
			return i;
	return -1;
}

static const struct cli_cmd *
sub_find(const struct cli_cmd *cmd, const char *name)
{
	const struct cli_cmd *const *s;

	for (s = cmd->subs; s != NULL && *s != NULL; s++)
		if (strcmp((*s)->name, name) == 0)
			return *s;
	return NULL;
}

/* Whether an option's value name ends in "...": it may be given again. */
static int
opt_repeats(const struct cli_opt *o)
{
	size_t n = o->arg != NULL ? strlen(o->arg) : 0;

	return n > 3 && strcmp(o->arg + n - 3, "...") == 0;
}

/* Whether the word p..e of a synopsis has "...": it repeats. */
static int
repeats(const char *p, const char *e)
{
	for (; e - p >= 3; p++)
		if (p[0] == '.' && p[1] == '.' && p[2] == '.')
			return 1;
	return 0;
}

/*
 * How many positional arguments the synopsis allows: a word in [] may
 * be left out, a word with "..." may repeat.  INT_MAX is no limit.
 */
static void
arity(const char *syn, int *min, int *max)
{
	const char *p = syn, *e;

	*min = *max = 0;
	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ' '; e++)
			continue;
		if (*p != '[')
			(*min)++;
		if (*max != INT_MAX)
			*max = repeats(p, e) ? INT_MAX : *max + 1;
		p = e;
	}
}

/* The name of the n-th word of the synopsis ("LOGIN"), in buf. */
static const char *
arg_name(const char *syn, int n, char *buf, size_t bufsz)
{
	const char *p = syn, *e;
	size_t	    len;

	for (;;) {
		while (*p == ' ')
			p++;
		for (e = p; *e != '\0' && *e != ' '; e++)
			continue;
		if (n-- == 0 || *e == '\0')
			break;
		p = e;
	}
	if (*p == '[')
		p++;
	len = (size_t)(e - p);
	while (len > 0 && (p[len - 1] == ']' || p[len - 1] == '.'))
		len--;
	snprintf(buf, bufsz, "%.*s", (int)len, p);
	return buf;
}

void
cli_begin(struct cli *c, FILE *in, FILE *out, FILE *err)
{
	memset(c, 0, sizeof(*c));
	c->in = in;
	c->out = out;
	c->err = err;
}

void
cli_end(struct cli *c)
{
	size_t i;

	if (c->st != NULL)
		store_close(c->st);
	c->st = NULL;
	if (c->have_cfg)
		config_free(&c->cfg);
	c->have_cfg = 0;
	arena_free(c->a);
	c->a = NULL;
	free(c->args);
	c->args = NULL;
	for (i = 0; i < CLI_OPTS_MAX; i++) {
		free(c->joined[i]);
		c->joined[i] = NULL;
	}
}

static void
verr(const struct cli *c, const char *fmt, va_list ap)
{
	fputs("nutgraf: ", c->err);
	if (c->name[0] != '\0')
		fprintf(c->err, "%s: ", c->name);
	vfprintf(c->err, fmt, ap);
}

int
cli_usage(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (c->help)
		return 2; /* a line with --help gets the help instead */
	va_start(ap, fmt);
	verr(c, fmt, ap);
	va_end(ap);
	fprintf(c->err, " (try 'nutgraf %s%s--help')\n", c->name,
	    c->name[0] != '\0' ? " " : "");
	return 2;
}

int
cli_fail(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(c, fmt, ap);
	va_end(ap);
	fputc('\n', c->err);
	return 1;
}

/* One option word, argv[*k]: a global or one of the command's. */
static int
parse_opt(struct cli *c, const struct cli_cmd *cmd, int argc, char *argv[],
    int *k)
{
	const struct cli_opt *o;
	const char	     *s = argv[*k], *name, *eq, *v;
	size_t		      n;
	int		      i, global = 0;

	if (strcmp(s, "-h") == 0 || strcmp(s, "--help") == 0) {
		c->help = 1;
		return 0;
	}
	if (s[1] != '-')
		return cli_usage(c, "unknown option \"%s\"", s);
	name = s + 2;
	eq = strchr(name, '=');
	n = eq != NULL ? (size_t)(eq - name) : strlen(name);
	if ((i = opt_find(cmd->opts, name, n)) >= 0)
		o = &cmd->opts[i];
	else if ((i = opt_find(globals, name, n)) >= 0) {
		o = &globals[i];
		global = 1;
	} else
		return cli_usage(c, "unknown option \"--%.*s\"", (int)n, name);
	if (o->arg == NULL) {
		if (eq != NULL)
			return cli_usage(c, "--%s takes no value", o->name);
		v = "";
	} else if (eq != NULL)
		v = eq + 1;
	else if (*k + 1 < argc)
		v = argv[++*k];
	else
		return cli_usage(c, "--%s needs a value (%s)", o->name, o->arg);
	if (global)
		*global_slot(c, i) = v;
	else if (c->val[i] != NULL && opt_repeats(o)) {
		/* --author a --author b: "a,b". */
		char  *j;
		size_t la = strlen(c->val[i]), lb = strlen(v);

		if ((j = malloc(la + lb + 2)) == NULL)
			return cli_usage(c, "out of memory");
		memcpy(j, c->val[i], la);
		j[la] = ',';
		memcpy(j + la + 1, v, lb + 1);
		free(c->joined[i]);
		c->joined[i] = j;
		c->val[i] = j;
	} else
		c->val[i] = v;
	return 0;
}

/* The (sub)command's word w: it goes one level down. */
static int
parse_sub(struct cli *c, const struct cli_cmd **cmd, const char *w)
{
	const struct cli_cmd *s;
	size_t		      n = strlen(c->name);

	if (*cmd == c->root && strcmp(w, "help") == 0) {
		c->help = 1; /* "nutgraf help article" */
		return 0;
	}
	if ((s = sub_find(*cmd, w)) == NULL)
		return cli_usage(c, "unknown command \"%s\"", w);
	if (n + 1 + strlen(w) >= sizeof(c->name))
		return cli_usage(c, "\"%s\" is too long", w);
	snprintf(c->name + n, sizeof(c->name) - n, "%s%s", n > 0 ? " " : "", w);
	*cmd = s;
	c->cmd = s;
	return 0;
}

/* What the declaration asks of the words given, once all are read. */
static int
parse_check(struct cli *c)
{
	const struct cli_cmd	    *cmd = c->cmd;
	const struct cli_cmd *const *s;
	char			     buf[CLI_NAME_MAX];
	int			     i, min, max;

	if (cmd == c->root && cmd->subs != NULL)
		return cli_usage(c, "no command given");
	if (cmd->subs != NULL) {
		fprintf(c->err, "nutgraf: %s: which command? ", c->name);
		for (s = cmd->subs; *s != NULL; s++)
			fprintf(c->err, "%s%s", (*s)->name,
			    s[1] == NULL     ? "" :
				s[2] == NULL ? " or " :
					       ", ");
		fprintf(c->err, " (try 'nutgraf %s --help')\n", c->name);
		return 2;
	}
	arity(cmd->args, &min, &max);
	if (c->nargs < min)
		return cli_usage(c, "%s is missing",
		    arg_name(cmd->args, c->nargs, buf, sizeof(buf)));
	if (c->nargs > max)
		return cli_usage(c, "unexpected argument \"%s\"", c->args[max]);
	for (i = 0; cmd->opts != NULL && cmd->opts[i].name != NULL; i++)
		if (cmd->opts[i].required && c->val[i] == NULL)
			return cli_usage(c, "--%s is required",
			    cmd->opts[i].name);
	return 0;
}

int
cli_parse(struct cli *c, const struct cli_cmd *root, int argc, char *argv[])
{
	const struct cli_cmd *cmd = root;
	int		      k, rc, nopts = 0;

	c->root = c->cmd = root;
	for (k = 0; k < argc && strcmp(argv[k], "--") != 0; k++)
		if (strcmp(argv[k], "-h") == 0 ||
		    strcmp(argv[k], "--help") == 0)
			c->help = 1;
	if ((c->args = calloc((size_t)argc + 1, sizeof(*c->args))) == NULL)
		return cli_fail(c, "out of memory");
	for (k = 0; k < argc; k++) {
		if (strcmp(argv[k], "--") == 0 && nopts == 0) {
			nopts = 1;
			continue;
		}
		if (argv[k][0] == '-' && argv[k][1] != '\0' && nopts == 0)
			rc = parse_opt(c, cmd, argc, argv, &k);
		else if (cmd->subs != NULL)
			rc = parse_sub(c, &cmd, argv[k]);
		else {
			c->args[c->nargs++] = argv[k];
			rc = 0;
		}
		if (rc != 0)
			return c->help ? 0 : rc;
	}
	for (k = 0; cmd->opts != NULL && cmd->opts[k].name != NULL; k++)
		if (k >= CLI_OPTS_MAX)
			abort(); /* a declaration with too many */
	return c->help ? 0 : parse_check(c);
}

const char *
cli_get(const struct cli *c, const char *name)
{
	int i;

	if ((i = opt_find(c->cmd->opts, name, strlen(name))) < 0)
		abort(); /* not declared: a bug in the command */
	return c->val[i];
}

/* --- help --- */

/* A writer that wraps words at HELP_WIDTH, continuing at indent. */
struct wr {
	FILE *f;
	int   col, indent, fresh;
};

static void
wr_newline(struct wr *w)
{
	fprintf(w->f, "\n%*s", w->indent, "");
	w->col = w->indent;
	w->fresh = 1;
}

/* One unbreakable piece, n bytes. */
static void
wr_tok(struct wr *w, const char *s, size_t n)
{
	if (!w->fresh && w->col + 1 + (int)n > HELP_WIDTH)
		wr_newline(w);
	else if (!w->fresh) {
		fputc(' ', w->f);
		w->col++;
	}
	fwrite(s, 1, n, w->f);
	w->col += (int)n;
	w->fresh = 0;
}

/* Text: words wrapped; a newline in it starts a new line. */
static void
wr_text(struct wr *w, const char *s)
{
	size_t n;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '\n') {
			fputc('\n', w->f);
			fprintf(w->f, "%*s", w->indent, "");
			w->col = w->indent;
			w->fresh = 1;
			s++;
			continue;
		}
		n = strcspn(s, " \n");
		wr_tok(w, s, n);
		s += n;
	}
}

/* "  LABEL" then text from column col (or the next line). */
static void
wr_item(FILE *f, const char *label, const char *text, int col)
{
	struct wr w = { f, 0, col, 1 };
	int	  n;

	n = fprintf(f, "  %s", label);
	if (n + 2 > col)
		fprintf(f, "\n%*s", col, "");
	else
		fprintf(f, "%*s", col - n, "");
	w.col = col;
	wr_text(&w, text != NULL ? text : "");
	fputc('\n', f);
}

static void
opt_label(const struct cli_opt *o, char *buf, size_t bufsz)
{
	snprintf(buf, bufsz, "--%s%s%s", o->name, o->arg != NULL ? " " : "",
	    o->arg != NULL ? o->arg : "");
}

static int
opts_col(const struct cli_opt *v, int col)
{
	char buf[128];
	int  i, n;

	for (i = 0; v != NULL && v[i].name != NULL; i++) {
		opt_label(&v[i], buf, sizeof(buf));
		if ((n = (int)strlen(buf) + 4) > col)
			col = n;
	}
	return col > HELP_COL_MAX ? HELP_COL_MAX : col;
}

static void
help_opts(FILE *f, const char *title, const struct cli_opt *v, int col)
{
	char buf[128];
	int  i;

	if (v == NULL || v[0].name == NULL)
		return;
	fprintf(f, "\n%s:\n", title);
	for (i = 0; v[i].name != NULL; i++) {
		opt_label(&v[i], buf, sizeof(buf));
		wr_item(f, buf, v[i].help, col);
	}
}

/* The usage line: the words, the positional synopsis, the options. */
static void
help_usage(const struct cli *c, FILE *f)
{
	const struct cli_cmd *cmd = c->cmd;
	const struct cli_opt *o;
	struct wr	      w = { f, 0, 0, 1 };
	char		      buf[128];

	w.indent = (int)strlen("usage: nutgraf ") + (int)strlen(c->name) +
	    (c->name[0] != '\0' ? 1 : 0);
	if (w.indent > HELP_COL_MAX)
		w.indent = 11;
	wr_text(&w, "usage: nutgraf");
	wr_text(&w, c->name);
	if (cmd->subs != NULL)
		wr_text(&w, "COMMAND [ARGS]");
	if (cmd->args != NULL)
		wr_text(&w, cmd->args);
	for (o = cmd->opts; o != NULL && o->name != NULL; o++) {
		snprintf(buf, sizeof(buf), "%s--%s%s%s%s",
		    o->required ? "" : "[", o->name, o->arg != NULL ? " " : "",
		    o->arg != NULL ? o->arg : "", o->required ? "" : "]");
		wr_tok(&w, buf, strlen(buf));
	}
	fputc('\n', f);
}

/* A command's line in its parent's list: its subcommands follow. */
static void
help_sub(FILE *f, const struct cli_cmd *s, int col)
{
	const struct cli_cmd *const *t;
	char			     line[512];
	size_t			     n;

	n = (size_t)snprintf(line, sizeof(line), "%s", s->summary);
	for (t = s->subs; t != NULL && *t != NULL && n < sizeof(line); t++)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%s%s",
		    t == s->subs ? ": " : ", ", (*t)->name);
	wr_item(f, s->name, line, col);
}

void
cli_help(const struct cli *c, FILE *f)
{
	const struct cli_cmd	    *cmd = c->cmd;
	const struct cli_cmd *const *s;
	struct wr		     w = { f, 0, 0, 1 };
	int			     col = 0, n;

	help_usage(c, f);
	if (cmd->about != NULL || cmd->summary != NULL) {
		fputc('\n', f);
		wr_text(&w, cmd->about != NULL ? cmd->about : cmd->summary);
		fputc('\n', f);
	}
	if (cmd->subs != NULL) {
		for (s = cmd->subs; *s != NULL; s++)
			if ((n = (int)strlen((*s)->name) + 4) > col)
				col = n;
		fputs("\ncommands:\n", f);
		for (s = cmd->subs; *s != NULL; s++)
			help_sub(f, *s, col);
	}
	col = opts_col(globals, opts_col(cmd->opts, 0));
	help_opts(f, "options", cmd->opts, col);
	help_opts(f, "global options (anywhere on the line)", globals, col);
	wr_item(f, "-h, --help", "this help", col);
	if (cmd->subs != NULL)
		fprintf(f,
		    "\nRun 'nutgraf %s%sCOMMAND --help' for a command's "
		    "options.\n",
		    c->name, c->name[0] != '\0' ? " " : "");
}

int
cli_main(const struct cli_cmd *root, int argc, char *argv[], FILE *in,
    FILE *out, FILE *err)
{
	struct cli c;
	int	   rc;

	cli_begin(&c, in, out, err);
	if ((rc = cli_parse(&c, root, argc, argv)) == 0) {
		if (c.help)
			cli_help(&c, out);
		else
			rc = c.cmd->run(&c);
	}
	cli_end(&c);
	return rc;
}

/* --- what the commands share --- */

int
cli_load_config(const struct cli *c, struct ng_config *cfg)
{
	static const struct {
		const char *env, *key;
	} envs[] = {
		{ "NUTGRAF_LISTEN", "listen" },
		{ "NUTGRAF_DATA", "data" },
		{ "NUTGRAF_DB", "database" },
	};
	const struct {
		const char *opt, *key, *val;
	} opts[] = {
		{ "db", "database", c->db },
		{ "data", "data", c->data },
		{ "listen", "listen", NULL },
		{ "theme", "theme", NULL },
	};
	char	    err[ERRSZ];
	const char *v;
	size_t	    i;
	int	    k;

	config_defaults(cfg);
	if (c->config != NULL &&
	    config_load_file(cfg, c->config, err, sizeof(err)) != NG_OK)
		return cli_fail(c, "%s", err);
	for (i = 0; i < sizeof(envs) / sizeof(envs[0]); i++)
		if ((v = getenv(envs[i].env)) != NULL && *v != '\0' &&
		    config_set(cfg, envs[i].key, v, err, sizeof(err)) != NG_OK)
			return cli_fail(c, "%s: %s", envs[i].env, err);
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		v = opts[i].val;
		k = opt_find(c->cmd->opts, opts[i].opt, strlen(opts[i].opt));
		if (k >= 0)
			v = c->val[k];
		if (v != NULL &&
		    config_set(cfg, opts[i].key, v, err, sizeof(err)) != NG_OK)
			return cli_fail(c, "--%s: %s", opts[i].opt, err);
	}
	log_set_level((enum log_level)cfg->log_level);
	log_set_format((enum log_format)cfg->log_format);
	return 0;
}

int
cli_config(struct cli *c)
{
	if (c->have_cfg)
		return 0;
	c->have_cfg = 1;
	return cli_load_config(c, &c->cfg);
}

static struct arena *
cli_arena(struct cli *c)
{
	if (c->a == NULL)
		c->a = arena_new(CLI_ARENA_MAX);
	return c->a;
}

static int
open_store(struct cli *c, int create)
{
	struct stat sb;
	char	    err[ERRSZ];

	if (c->st != NULL)
		return 0;
	if (cli_config(c) != 0)
		return 1;
	/*
	 * A mistyped --data would otherwise become a new, empty site that
	 * a read command reports as having nothing in it.
	 */
	if (!create && stat(c->cfg.data_dir, &sb) != 0)
		return cli_fail(c,
		    "%s: %s (nutgraf init --data %s creates a site)",
		    c->cfg.data_dir,
		    errno == ENOENT ? "no such data directory" :
				      strerror(errno),
		    c->cfg.data_dir);
	if (!create && !S_ISDIR(sb.st_mode))
		return cli_fail(c, "%s is not a directory", c->cfg.data_dir);
	/* Passwords and tokens come from libsodium. */
	if (auth_init() != NG_OK)
		return cli_fail(c, "cannot initialise libsodium");
	cli_arena(c);
	if (app_open_store(&c->cfg, &c->st, err, sizeof(err)) != NG_OK)
		return cli_fail(c, "%s", err);
	return 0;
}

int
cli_store(struct cli *c)
{
	return open_store(c, 0);
}

int
cli_store_create(struct cli *c)
{
	return open_store(c, 1);
}

int
cli_read_file(struct cli *c, const char *path, size_t max, struct str *out)
{
	struct stat sb;
	FILE	   *f;
	char	   *buf;
	size_t	    n;

	if (strcmp(path, "-") == 0)
		f = c->in;
	else if ((f = fopen(path, "rb")) == NULL)
		return cli_fail(c, "cannot open %s: %s", path, strerror(errno));
	/* A directory opens on Linux and reads as nothing: say so. */
	if (f != c->in && (fstat(fileno(f), &sb) != 0 || S_ISDIR(sb.st_mode))) {
		fclose(f);
		return cli_fail(c, "%s is a directory, not a file", path);
	}
	if ((buf = arena_alloc(cli_arena(c), max + 1)) == NULL) {
		if (f != c->in)
			fclose(f);
		return cli_fail(c, "out of memory");
	}
	n = fread(buf, 1, max + 1, f);
	if (f != c->in)
		fclose(f);
	if (n > max)
		return cli_fail(c, "%s is longer than %zu bytes", path, max);
	buf[n] = '\0';
	*out = (struct str){ buf, n };
	return 0;
}

int64_t
cli_id(const char *s)
{
	char	 *end;
	long long v;

	if (s == NULL || *s < '1' || *s > '9')
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || v <= 0 || errno != 0)
		return 0;
	return (int64_t)v;
}

void
cli_put_flat(FILE *out, struct str s)
{
	size_t i;

	for (i = 0; i < s.n; i++)
		fputc((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f ? ' ' :
								       s.p[i],
		    out);
}
