/*
 * cli.c -- the option parser, configuration and store opening every
 * command shares (cli.h).
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/log.h"

#define ERRSZ	512

int
cli_warn(const char *fmt, ...)
{
	va_list	 ap;

	fputs("nutgraf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

enum {
	OPT_LISTEN = 256, OPT_DATA, OPT_DB, OPT_CONFIG, OPT_THEME, OPT_DEMO,
	OPT_HELP
};

int
cli_parse_opts(int argc, char *argv[], const char *allowed, struct cli_opts *o)
{
	static const struct option longopts[] = {
		{ "listen",	required_argument,	NULL, OPT_LISTEN },
		{ "data",	required_argument,	NULL, OPT_DATA },
		{ "db",		required_argument,	NULL, OPT_DB },
		{ "config",	required_argument,	NULL, OPT_CONFIG },
		{ "theme",	required_argument,	NULL, OPT_THEME },
		{ "demo",	no_argument,		NULL, OPT_DEMO },
		{ "help",	no_argument,		NULL, OPT_HELP },
		{ NULL,		0,			NULL, 0 }
	};
	int	 ch;
	char	 letter;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_LISTEN:
			letter = 'l';
			o->listen = optarg;
			break;
		case OPT_DATA:
			letter = 'd';
			o->data = optarg;
			break;
		case OPT_DB:
			/* Wherever --data is, --db may replace the database. */
			letter = 'd';
			o->db = optarg;
			break;
		case OPT_CONFIG:
			letter = 'c';
			o->config = optarg;
			break;
		case OPT_THEME:
			letter = 't';
			o->theme = optarg;
			break;
		case OPT_DEMO:
			letter = 'D';
			o->demo = 1;
			break;
		case 'h':
		case OPT_HELP:
			o->help = 1;
			continue;
		default:
			if (optopt != 0 && optopt < 256)
				cli_warn("%s: unknown option -%c", argv[0], optopt);
			else
				cli_warn("%s: unknown option or missing value: %s",
				    argv[0], argv[optind - 1]);
			return -1;
		}
		if (strchr(allowed, letter) == NULL) {
			cli_warn("%s: option %s is not accepted here", argv[0],
			    argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		cli_warn("%s: unexpected argument \"%s\"", argv[0], argv[optind]);
		return -1;
	}
	return 0;
}

int
cli_load_config(struct ng_config *cfg, const struct cli_opts *o)
{
	char		 err[ERRSZ];
	const char	*env;

	config_defaults(cfg);
	if (o->config != NULL &&
	    config_load_file(cfg, o->config, err, sizeof(err)) != NG_OK)
		return cli_warn("%s", err);
	if ((env = getenv("NUTGRAF_LISTEN")) != NULL && *env != '\0' &&
	    config_set(cfg, "listen", env, err, sizeof(err)) != NG_OK)
		return cli_warn("NUTGRAF_LISTEN: %s", err);
	if ((env = getenv("NUTGRAF_DATA")) != NULL && *env != '\0' &&
	    config_set(cfg, "data", env, err, sizeof(err)) != NG_OK)
		return cli_warn("NUTGRAF_DATA: %s", err);
	if ((env = getenv("NUTGRAF_DB")) != NULL && *env != '\0' &&
	    config_set(cfg, "database", env, err, sizeof(err)) != NG_OK)
		return cli_warn("NUTGRAF_DB: %s", err);
	if (o->db != NULL &&
	    config_set(cfg, "database", o->db, err, sizeof(err)) != NG_OK)
		return cli_warn("--db: %s", err);
	if (o->listen != NULL &&
	    config_set(cfg, "listen", o->listen, err, sizeof(err)) != NG_OK)
		return cli_warn("--listen: %s", err);
	if (o->data != NULL &&
	    config_set(cfg, "data", o->data, err, sizeof(err)) != NG_OK)
		return cli_warn("--data: %s", err);
	if (o->theme != NULL &&
	    config_set(cfg, "theme", o->theme, err, sizeof(err)) != NG_OK)
		return cli_warn("--theme: %s", err);
	log_set_level((enum log_level)cfg->log_level);
	log_set_format((enum log_format)cfg->log_format);
	return 0;
}

/*
 * Split argv into the store options (--data, --config, --help) and, when
 * arg is not NULL, one positional argument.  Returns 0, 1 after printing
 * usage for --help, or 2 after printing why.
 */
int
cli_opts_and_arg(int argc, char *argv[], struct cli_opts *o,
    const char **arg, const char *usage)
{
	char	*sopt[6] = { argv[0] };
	int	 k, ns = 1;

	if (arg != NULL)
		*arg = NULL;
	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--db") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc &&
		    ns < 5) {
			sopt[ns++] = argv[k++];
			sopt[ns++] = argv[k];
		} else if (strcmp(argv[k], "--help") == 0 ||
		    strcmp(argv[k], "-h") == 0) {
			fputs(usage, stdout);
			return 1;
		} else if (argv[k][0] == '-' || arg == NULL || *arg != NULL) {
			cli_warn("%s: unexpected argument \"%s\"", argv[0],
			    argv[k]);
			fputs(usage, stderr);
			return 2;
		} else
			*arg = argv[k];
	}
	if (arg != NULL && *arg == NULL) {
		fputs(usage, stderr);
		return 2;
	}
	return cli_parse_opts(ns, sopt, "dc", o) != 0 ? 2 : 0;
}

int
cli_open_store(const struct ng_config *cfg, struct store **st)
{
	char	 err[ERRSZ];

	if (app_open_store(cfg, st, err, sizeof(err)) != NG_OK)
		return cli_warn("%s", err);
	return 0;
}
