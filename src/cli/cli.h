/*
 * cli.h -- the command line's one parser, and what every command shares:
 * the configuration (defaults < file < environment < options), the store
 * and the one shape of an error.
 *
 * Each command, and each subcommand, is declared once as data (struct
 * cli_cmd): its name, its positional arguments, its options and a
 * paragraph about it.  cli_main() parses the line against those
 * declarations and prints --help from the same declarations, so what a
 * command accepts and what its help says cannot drift apart.
 *
 * Everywhere on the line, before or after the (sub)command's name:
 *	--data DIR  --config FILE  --db URL	the global options
 *	-h, --help				this (sub)command's help
 *	--opt value, --opt=value		the same thing
 *	--					the end of the options
 *
 * A usage error prints one line and exits 2:
 *	nutgraf: article list: unknown option "--x" (try 'nutgraf article
 *	list --help')
 * A failure prints "nutgraf: article list: what failed" and exits 1.
 * Nothing runs, so nothing is created or opened, until the whole line
 * has been parsed and checked against the declaration; a command checks
 * the values it was given before it calls cli_store().
 *
 * To add a command: a file cli/NAME.c defining a struct cli_cmd (with
 * run, or with subs), declared below and listed in main.c's table.  A
 * subcommand is one more struct cli_cmd, listed in its command's subs.
 */
#ifndef NG_CLI_CLI_H
#define NG_CLI_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "core/config.h"
#include "core/str.h"

struct arena;
struct cli;
struct store;

#define CLI_OPTS_MAX 16 /* options of one command, besides globals */
#define CLI_NAME_MAX 64 /* "nutgraf" and the (sub)command's words */

/* One option: --name, or --name VALUE when arg is not NULL. */
struct cli_opt {
	const char *name;
	/*
	 * The value's name in the help: "DIR"; one ending in "..." ("WHO...")
	 * may be given again, and cli_get() has the values joined by ",".
	 */
	const char *arg;
	const char *help; /* a sentence, wrapped by the help */
	int	    required;
};

/*
 * A command or a subcommand.  A command with subs has no run, args or
 * opts: its words pick a sub.  args is the positional synopsis, from
 * which the parser also takes how many there may be: "LOGIN NAME" is
 * two, "[SLOT]" none or one, "ID..." one or more, "[KEY=VALUE...]" any.
 */
struct cli_cmd {
	const char	     *name;
	const char	     *summary; /* a line in the parent's help */
	const char	     *args;    /* NULL: none */
	const struct cli_opt *opts;    /* NULL, or ends with { NULL } */
	const char	     *about;   /* a paragraph; NULL: summary */
	int (*run)(struct cli *);
	const struct cli_cmd *const *subs; /* NULL, or ends with NULL */
};

/* A parsed command line, and what the command opened. */
struct cli {
	const struct cli_cmd *root;
	const struct cli_cmd *cmd;		  /* the one the words named */
	char		      name[CLI_NAME_MAX]; /* "article list"; "" */
	const char *val[CLI_OPTS_MAX];	  /* cmd->opts[i]; "" for a flag */
	char	   *joined[CLI_OPTS_MAX]; /* a repeated option's values */
	char	  **args;		  /* the positional arguments */
	int	    nargs;
	const char *data, *config, *db; /* the globals */
	int	    help;
	FILE	   *in, *out, *err;
	/* Set by cli_config() and cli_store(); cli_end() releases them. */
	struct ng_config cfg;
	int		 have_cfg;
	struct store	*st;
	struct arena	*a;
};

/*
 * Parse argv[0..argc) (the words after "nutgraf"), run the command and
 * release what it opened.  Returns the exit status: 0; 1 when it failed;
 * 2 for bad usage.  --help prints to out and returns 0.
 */
int cli_main(const struct cli_cmd *root, int argc, char *argv[], FILE *in,
    FILE *out, FILE *err);

/*
 * The steps of cli_main(), for the tests: cli_begin() readies c;
 * cli_parse() returns 0 (c->help may be set) or prints the usage error
 * and returns 2; cli_end() closes the store, frees the config and args.
 */
void cli_begin(struct cli *c, FILE *in, FILE *out, FILE *err);
int  cli_parse(struct cli *c, const struct cli_cmd *root, int argc,
     char *argv[]);
void cli_help(const struct cli *c, FILE *out);
void cli_end(struct cli *c);

/*
 * The value of the option --name of this command: NULL when it was not
 * given, "" for a flag that was.  name must be in the command's opts.
 */
const char *cli_get(const struct cli *c, const char *name);

/* Print the usage error fmt in the one shape; returns 2. */
int cli_usage(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Print "nutgraf: COMMAND: " fmt on c->err; returns 1. */
int cli_fail(const struct cli *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Load the configuration into c->cfg: defaults < the --config file <
 * the environment (NUTGRAF_LISTEN, NUTGRAF_DATA, NUTGRAF_DB) < the
 * options (--data, --db, and --listen, --theme where the command has
 * them).  Returns 0, or prints why and returns 1.
 */
int cli_config(struct cli *c);

/* The same into cfg (serve reads it again on SIGHUP). */
int cli_load_config(const struct cli *c, struct ng_config *cfg);

/*
 * cli_config(), then open (and migrate) the database of the existing
 * data directory into c->st, with an arena in c->a.  A data directory
 * that is not there is an error, not a new empty site.  Returns 0, or
 * prints why and returns 1.
 */
int cli_store(struct cli *c);

/*
 * The same, creating the data directory if needed: for init, import
 * and the commands that add something (article add, KEY=VALUE...),
 * where a new site is what the line asks for.
 */
int cli_store_create(struct cli *c);

/*
 * Read the file path ("-": c->in) of at most max bytes into c->a,
 * NUL-terminated.  Returns 0, or prints why and returns 1.
 */
int cli_read_file(struct cli *c, const char *path, size_t max, struct str *out);

/* A positive decimal number (an id), or 0. */
int64_t cli_id(const char *s);

/* s on one line: control characters become spaces. */
void cli_put_flat(FILE *out, struct str s);

/* The commands: one file each, listed in main.c. */
extern const struct cli_cmd cli_cmd_ad;
extern const struct cli_cmd cli_cmd_article;
extern const struct cli_cmd cli_cmd_backup;
extern const struct cli_cmd cli_cmd_check;
extern const struct cli_cmd cli_cmd_comments;
extern const struct cli_cmd cli_cmd_db;
extern const struct cli_cmd cli_cmd_export;
extern const struct cli_cmd cli_cmd_import;
extern const struct cli_cmd cli_cmd_init;
extern const struct cli_cmd cli_cmd_page;
extern const struct cli_cmd cli_cmd_restore;
extern const struct cli_cmd cli_cmd_serve;
extern const struct cli_cmd cli_cmd_settings;
extern const struct cli_cmd cli_cmd_slider;
extern const struct cli_cmd cli_cmd_user;
extern const struct cli_cmd cli_cmd_version;
extern const struct cli_cmd cli_cmd_webhook;

#endif
