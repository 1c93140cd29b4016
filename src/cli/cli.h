/*
 * cli.h -- what every command of the command line shares: the option
 * parser, the configuration (defaults < file < environment < options),
 * opening the store and the one-line error.
 *
 * A command is one file here (cli/NAME.c) with one function
 * cmd_NAME(argc, argv) where argv[0] is the command's name, and one row
 * in main.c's table.  It returns the process exit status: 0, 1 when
 * something failed, 2 for bad usage.
 */
#ifndef NG_CLI_CLI_H
#define NG_CLI_CLI_H

struct ng_config;
struct store;

/* Print "nutgraf: " fmt and a newline to stderr; returns 1. */
int		cli_warn(const char *fmt, ...)
		    __attribute__((format(printf, 1, 2)));

/* The options of serve, init and the store's commands. */
struct cli_opts {
	const char	*listen;
	const char	*data;
	const char	*db;		/* a database URL */
	const char	*config;
	const char	*theme;
	int		 demo;
	int		 help;
};

/*
 * Parse the options of a command.  allowed is a string of the option
 * letters the command takes: l(isten) d(ata) c(onfig) t(heme) D(emo).
 * Returns 0 on success, else prints why and returns -1.
 */
int		cli_parse_opts(int argc, char *argv[], const char *allowed,
		    struct cli_opts *o);

/*
 * Split argv into the store options (--data, --config, --help) and, when
 * arg is not NULL, its one positional argument.  Returns 0, 1 after
 * printing usage for --help, or 2 after printing why.
 */
int		cli_opts_and_arg(int argc, char *argv[], struct cli_opts *o,
		    const char **arg, const char *usage);

/* Build the configuration: defaults < file < environment < options. */
int		cli_load_config(struct ng_config *cfg,
		    const struct cli_opts *o);

/*
 * Create the data directory if needed and open (and migrate) its
 * database.  Returns 0, or prints why and returns 1.
 */
int		cli_open_store(const struct ng_config *cfg, struct store **st);

/* The commands (one file each). */
int		cmd_ads(int argc, char *argv[]);
int		cmd_backup(int argc, char *argv[]);
int		cmd_check(int argc, char *argv[]);
int		cmd_comments(int argc, char *argv[]);
int		cmd_import(int argc, char *argv[]);	/* and export */
int		cmd_init(int argc, char *argv[]);
int		cmd_newsroom(int argc, char *argv[]);
int		cmd_restore(int argc, char *argv[]);
int		cmd_serve(int argc, char *argv[]);
int		cmd_version(int argc, char *argv[]);

#endif
