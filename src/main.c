/*
 * main.c -- the nutgraf command line: dispatch only.
 *
 *	nutgraf serve [--listen ADDR:PORT] [--data DIR] [--demo]
 *	    [--config FILE] [--theme DIR]
 *	nutgraf init --data DIR
 *	nutgraf version
 *
 * Settings come from built-in defaults, then the config file, then the
 * environment (NUTGRAF_LISTEN, NUTGRAF_DATA), then the command line.
 * Every failure prints one line "nutgraf: ..." and exits non-zero.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/admin.h"
#include "app.h"
#include "content/ads_cli.h"
#include "content/comment_cli.h"
#include "import/wp_cli.h"
#include "content/demo.h"
#include "core/config.h"
#include "core/log.h"
#include "core/notify.h"
#include "core/xalloc.h"
#include "http/proxy.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "ng_version.h"
#include "render/theme.h"
#include "store/datadir.h"
#include "store/store.h"

#define ERRSZ	512

static const char usage_main[] =
    "usage: nutgraf COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  serve     serve the site over HTTP\n"
    "  init      create a data directory and its database\n"
    "  user      newsroom users: add, passwd, disable, enable, list\n"
    "  article   articles from scripts: add, list, publish, unpublish\n"
    "  page      static pages: add, list, publish, unpublish\n"
    "  comments  moderate comments: list, approve, spam, trash, delete\n"
    "  settings  site settings: list, or set KEY=VALUE\n"
    "  backup    copy the site (database and media) while it serves\n"
    "  restore   fill an empty data directory from a backup\n"
    "  check     check config, data directory, database and media\n"
    "  version   print the version\n"
    "\n"
    "Run 'nutgraf COMMAND --help' for a command's options.\n";

static const char usage_serve[] =
    "usage: nutgraf serve [--listen ADDR:PORT] [--data DIR] [--demo]\n"
    "                     [--config FILE] [--theme DIR]\n"
    "\n"
    "  --listen ADDR:PORT  address to listen on (default 127.0.0.1:8080;\n"
    "                      environment NUTGRAF_LISTEN)\n"
    "  --data DIR          data directory, created if missing (default\n"
    "                      ./data; environment NUTGRAF_DATA)\n"
    "  --db URL            a PostgreSQL database (postgresql://...) instead\n"
    "                      of SQLite in the data directory (config\n"
    "                      database; environment NUTGRAF_DB)\n"
    "  --demo              load the demo site into an empty data directory\n"
    "                      (an existing site is left as it is)\n"
    "  --config FILE       read settings from an INI file (see README)\n"
    "  --theme DIR         use the theme in DIR instead of the built-in one\n"
    "\n"
    "SIGTERM or SIGINT stops the server after requests in flight finish.\n";

static const char usage_init[] =
    "usage: nutgraf init --data DIR\n"
    "\n"
    "  --data DIR  data directory to create (or upgrade) with an empty\n"
    "              database; environment NUTGRAF_DATA\n";

static int
fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
fail(const char *fmt, ...)
{
	va_list	 ap;

	fputs("nutgraf: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

/* Options shared by serve and init. */
struct opts {
	const char	*listen;
	const char	*data;
	const char	*db;		/* a database URL (postgresql://…) */
	const char	*config;
	const char	*theme;
	int		 demo;
	int		 help;
};

enum { OPT_LISTEN = 256, OPT_DATA, OPT_DB, OPT_CONFIG, OPT_THEME, OPT_DEMO, OPT_HELP };

/*
 * Parse the options of a command.  allowed is a string of the option
 * letters the command takes: l(isten) d(ata) c(onfig) t(heme) D(emo).
 * Returns 0 on success, else prints why and returns -1.
 */
static int
parse_opts(int argc, char *argv[], const char *allowed, struct opts *o)
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
				fail("%s: unknown option -%c", argv[0], optopt);
			else
				fail("%s: unknown option or missing value: %s",
				    argv[0], argv[optind - 1]);
			return -1;
		}
		if (strchr(allowed, letter) == NULL) {
			fail("%s: option %s is not accepted here", argv[0],
			    argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		fail("%s: unexpected argument \"%s\"", argv[0], argv[optind]);
		return -1;
	}
	return 0;
}

/* Build the configuration: defaults < file < environment < options. */
static int
load_config(struct ng_config *cfg, const struct opts *o)
{
	char		 err[ERRSZ];
	const char	*env;

	config_defaults(cfg);
	if (o->config != NULL &&
	    config_load_file(cfg, o->config, err, sizeof(err)) != NG_OK)
		return fail("%s", err);
	if ((env = getenv("NUTGRAF_LISTEN")) != NULL && *env != '\0' &&
	    config_set(cfg, "listen", env, err, sizeof(err)) != NG_OK)
		return fail("NUTGRAF_LISTEN: %s", err);
	if ((env = getenv("NUTGRAF_DATA")) != NULL && *env != '\0' &&
	    config_set(cfg, "data", env, err, sizeof(err)) != NG_OK)
		return fail("NUTGRAF_DATA: %s", err);
	if ((env = getenv("NUTGRAF_DB")) != NULL && *env != '\0' &&
	    config_set(cfg, "database", env, err, sizeof(err)) != NG_OK)
		return fail("NUTGRAF_DB: %s", err);
	if (o->db != NULL &&
	    config_set(cfg, "database", o->db, err, sizeof(err)) != NG_OK)
		return fail("--db: %s", err);
	if (o->listen != NULL &&
	    config_set(cfg, "listen", o->listen, err, sizeof(err)) != NG_OK)
		return fail("--listen: %s", err);
	if (o->data != NULL &&
	    config_set(cfg, "data", o->data, err, sizeof(err)) != NG_OK)
		return fail("--data: %s", err);
	if (o->theme != NULL &&
	    config_set(cfg, "theme", o->theme, err, sizeof(err)) != NG_OK)
		return fail("--theme: %s", err);
	log_set_level((enum log_level)cfg->log_level);
	log_set_format((enum log_format)cfg->log_format);	
	return 0;
}

/*
 * Create dir (and its parents) if needed and check that we can write in
 * it by creating and removing a probe file: access(2) says yes to root
 * even on a read-only file system.
 */
static int
prepare_data_dir(const char *dir)
{
	char	 path[PATH_MAX];
	char	*p;
	FILE	*f;

	if (strlen(dir) == 0 || strlen(dir) >= sizeof(path) - 32)
		return fail("data directory name is empty or too long");
	snprintf(path, sizeof(path), "%s", dir);
	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0750) == -1 && errno != EEXIST)
			return fail("cannot create data directory %s: %s",
			    path, strerror(errno));
		*p = '/';
	}
	if (mkdir(path, 0750) == -1 && errno != EEXIST)
		return fail("cannot create data directory %s: %s", dir,
		    strerror(errno));
	snprintf(path, sizeof(path), "%s/.write-test", dir);
	if ((f = fopen(path, "w")) == NULL)
		return fail("data directory %s is not writable: %s", dir,
		    strerror(errno));
	fclose(f);
	unlink(path);
	return 0;
}

static int
open_store(const struct ng_config *cfg, struct store **st)
{
	char	 path[PATH_MAX];
	char	 err[ERRSZ];

	if (prepare_data_dir(cfg->data_dir) != 0)
		return 1;
	snprintf(path, sizeof(path), "%s/nutgraf.db", cfg->data_dir);
	if (cfg->database != NULL && *cfg->database != '\0')
		snprintf(path, sizeof(path), "%s", cfg->database);
	if (store_open(path, cfg->db_conns, st, err, sizeof(err)) != NG_OK)
		return fail("%s", err);
	return 0;
}

static int
cmd_version(int argc, char *argv[])
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		fputs("usage: nutgraf version\n\nPrint the version.\n",
		    stdout);
		return 0;
	}
	if (argc > 1)
		return fail("version: unexpected argument \"%s\"", argv[1]);
	printf("nutgraf %s\n", NG_VERSION);
	return 0;
}

static int
cmd_init(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	int			 version = 0, rc = 1;

	if (parse_opts(argc, argv, "dc", &o) != 0)
		return 2;
	if (o.help) {
		fputs(usage_init, stdout);
		return 0;
	}
	if (load_config(&cfg, &o) != 0)
		goto out;
	if (o.data == NULL && getenv("NUTGRAF_DATA") == NULL) {
		fail("init: --data DIR is required");
		goto out;
	}
	if (open_store(&cfg, &st) != 0)
		goto out;
	if (store_schema_version(st, &version) != NG_OK) {
		fail("init: cannot read the schema version");
		goto out;
	}
	printf("initialised %s (schema version %d)\n", cfg.data_dir, version);
	rc = 0;
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	return rc;
}

/* --- comments (issue 3) --- */
/* Addresses the comment rate limiter remembers (about 6 MB). */
#define COMMENT_LIMIT_KEYS	16384

/*
 * nutgraf comments [--data DIR] [--config FILE] SUBCOMMAND ...: the
 * options before the subcommand open the store; the rest is
 * comment_cli()'s.
 */
static int
cmd_comments(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	int			 k, rc = 1;

	for (k = 1; k < argc && argv[k][0] == '-'; k++)
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--db") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc)
			k++;
	if (parse_opts(k, argv, "dc", &o) != 0)
		return 2;
	if (o.help || k == argc) {
		fputs(comment_cli_usage(), o.help ? stdout : stderr);
		return o.help ? 0 : 2;
	}
	if (load_config(&cfg, &o) != 0)
		goto out;
	if (open_store(&cfg, &st) != 0)
		goto out;
	rc = comment_cli(st, argc - k, argv + k, stdout, stderr);
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	return rc;
}

/* --- newsroom (issue 4) --- */
/*
 * nutgraf user|article|settings ... [--data DIR] [--config FILE]: the
 * store options may come anywhere; everything else is admin_cli()'s.
 */
static int
cmd_newsroom(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	char			*sopt[6] = { argv[0] }, **rest;
	int			 k, ns = 1, nr = 0, rc = 1;

	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (rest == NULL)
		return fail("out of memory");
	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--db") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc &&
		    ns < 5) {
			sopt[ns++] = argv[k++];
			sopt[ns++] = argv[k];
		} else
			rest[nr++] = argv[k];
	}
	/* "nutgraf settings" alone lists them; the others need more. */
	if ((nr == 0 && strcmp(argv[0], "settings") != 0) || (nr > 0 &&
	    (strcmp(rest[0], "--help") == 0 || strcmp(rest[0], "-h") == 0))) {
		fputs(admin_cli_usage(argv[0]), nr == 0 ? stderr : stdout);
		free(rest);
		return nr == 0 ? 2 : 0;
	}
	if (parse_opts(ns, sopt, "dc", &o) != 0) {
		free(rest);
		return 2;
	}
	if (load_config(&cfg, &o) != 0)
		goto out;
	if (open_store(&cfg, &st) != 0)
		goto out;
	rc = admin_cli(st, &cfg, argv[0], nr, rest, stdin, stdout, stderr);
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	free(rest);
	return rc;
}

/* --- WordPress import --- */
/*
 * nutgraf import wordpress FILE.xml [--uploads DIR] [--dry-run]
 * [--data DIR] [--config FILE]: the store options may come anywhere.
 */
static int
cmd_import(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	char			*sopt[6] = { argv[0] }, **rest;
	int			 k, ns = 1, nr = 0, rc = 1;

	rest = calloc((size_t)argc + 1, sizeof(*rest));
	if (rest == NULL)
		return fail("out of memory");
	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc &&
		    ns < 5) {
			sopt[ns++] = argv[k++];
			sopt[ns++] = argv[k];
		} else
			rest[nr++] = argv[k];
	}
	if (nr == 0 || strcmp(rest[0], "wordpress") != 0) {
		k = nr > 0 && (strcmp(rest[0], "--help") == 0 ||
		    strcmp(rest[0], "-h") == 0);
		fputs(wp_cli_usage(), k ? stdout : stderr);
		free(rest);
		return k ? 0 : 2;
	}
	if (parse_opts(ns, sopt, "dc", &o) != 0) {
		free(rest);
		return 2;
	}
	if (load_config(&cfg, &o) != 0)
		goto out;
	if (open_store(&cfg, &st) != 0)
		goto out;
	rc = wp_cli_import(st, &cfg, nr, rest, stdout, stderr);
out:
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	free(rest);
	return rc;
}

/* --- sliders and ads (issue 5) --- */
/*
 * nutgraf slider|ad SUBCOMMAND ... [--data DIR] [--config FILE]: the
 * store options may come anywhere; everything else is ads_cli()'s.
 */
static int
cmd_ads(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	struct store		*st = NULL;
	char			*sopt[6] = { argv[0] }, **rest;
	int			 k, ns = 1, nr = 0, rc = 1;

	if ((rest = calloc((size_t)argc + 1, sizeof(*rest))) == NULL)
		return fail("out of memory");
	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--db") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc &&
		    ns < 5) {
			sopt[ns++] = argv[k++];
			sopt[ns++] = argv[k];
		} else
			rest[nr++] = argv[k];
	}
	if (nr == 0 || strcmp(rest[0], "--help") == 0 ||
	    strcmp(rest[0], "-h") == 0) {
		fputs(ads_cli_usage(argv[0]), nr == 0 ? stderr : stdout);
		free(rest);
		return nr == 0 ? 2 : 0;
	}
	if (parse_opts(ns, sopt, "dc", &o) != 0) {
		free(rest);
		return 2;
	}
	if (load_config(&cfg, &o) == 0 && open_store(&cfg, &st) == 0)
		rc = ads_cli(st, argv[0], nr, rest, stdout, stderr);
	if (st != NULL)
		store_close(st);
	config_free(&cfg);
	free(rest);
	return rc;
}

/* --- backup, restore, check --- */
static const char usage_backup[] =
    "usage: nutgraf backup [--data DIR] [--config FILE] DEST\n"
    "\n"
    "Copy the database (one consistent snapshot, SQLite's online backup)\n"
    "and every media file into the new directory DEST, with a MANIFEST of\n"
    "their sizes.  Safe while the server runs and takes writes.\n";

static const char usage_restore[] =
    "usage: nutgraf restore [--data DIR] [--config FILE] SRC\n"
    "\n"
    "Fill the data directory, which must be missing or empty, from the\n"
    "backup SRC, then check the copy: every file of the manifest with its\n"
    "size, and PRAGMA integrity_check.  Stop the server first.\n";

static const char usage_check[] =
    "usage: nutgraf check [--data DIR] [--config FILE]\n"
    "\n"
    "Check the config, the data directory (ownership, permissions), the\n"
    "database (integrity, schema version) and the media files, and say\n"
    "what to fix.  Exits 1 if anything needs fixing.\n";

/*
 * Split argv into the store options (--data, --config, --help) and one
 * positional argument.  Returns 0, or 2 after printing why.
 */
static int
opts_and_arg(int argc, char *argv[], struct opts *o, const char **arg,
    const char *usage)
{
	char	*sopt[6] = { argv[0] };
	int	 k, ns = 1;

	*arg = NULL;
	for (k = 1; k < argc; k++) {
		if ((strcmp(argv[k], "--data") == 0 ||
		    strcmp(argv[k], "--config") == 0) && k + 1 < argc &&
		    ns < 5) {
			sopt[ns++] = argv[k++];
			sopt[ns++] = argv[k];
		} else if (strcmp(argv[k], "--help") == 0 ||
		    strcmp(argv[k], "-h") == 0) {
			fputs(usage, stdout);
			return 1;
		} else if (argv[k][0] == '-' || *arg != NULL || usage ==
		    usage_check) {
			fail("%s: unexpected argument \"%s\"", argv[0],
			    argv[k]);
			fputs(usage, stderr);
			return 2;
		} else
			*arg = argv[k];
	}
	if (*arg == NULL && usage != usage_check) {
		fputs(usage, stderr);
		return 2;
	}
	return parse_opts(ns, sopt, "dc", o) != 0 ? 2 : 0;
}

static int
cmd_backup(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	const char		*dest;
	char			 err[ERRSZ];
	int			 rc;

	if ((rc = opts_and_arg(argc, argv, &o, &dest, usage_backup)) != 0)
		return rc == 1 ? 0 : rc;
	rc = 1;
	if (load_config(&cfg, &o) == 0) {
		if (datadir_backup(cfg.data_dir, dest, stdout, err,
		    sizeof(err)) == NG_OK)
			rc = 0;
		else
			fail("backup: %s", err);
	}
	config_free(&cfg);
	return rc;
}

static int
cmd_restore(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	const char		*src;
	char			 err[ERRSZ];
	int			 rc;

	if ((rc = opts_and_arg(argc, argv, &o, &src, usage_restore)) != 0)
		return rc == 1 ? 0 : rc;
	rc = 1;
	if (load_config(&cfg, &o) == 0) {
		if (datadir_restore(src, cfg.data_dir, stdout, err,
		    sizeof(err)) == NG_OK)
			rc = 0;
		else
			fail("restore: %s", err);
	}
	config_free(&cfg);
	return rc;
}

/* The config keys that name files: they must be there to be read. */
static int
check_config(const struct ng_config *cfg, FILE *out)
{
	struct proxies	*p;
	char		 err[ERRSZ];
	int		 problems = 0;

	if (proxies_parse(cfg->trusted_proxies, &p, err, sizeof(err)) !=
	    NG_OK) {
		fprintf(out, "FIX: %s\n", err);
		problems++;
	}
	proxies_free(p);
	if ((*cfg->tls_cert != '\0') != (*cfg->tls_key != '\0')) {
		fprintf(out, "FIX: tls_cert and tls_key go together: set "
		    "both or neither\n");
		problems++;
	}
	if (*cfg->tls_cert != '\0' && access(cfg->tls_cert, R_OK) != 0) {
		fprintf(out, "FIX: tls_cert %s is not readable: %s\n",
		    cfg->tls_cert, strerror(errno));
		problems++;
	}
	if (*cfg->tls_key != '\0' && access(cfg->tls_key, R_OK) != 0) {
		fprintf(out, "FIX: tls_key %s is not readable: %s\n",
		    cfg->tls_key, strerror(errno));
		problems++;
	}
	if (*cfg->acme_webroot != '\0' && access(cfg->acme_webroot, R_OK |
	    X_OK) != 0) {
		fprintf(out, "FIX: acme_webroot %s is not a readable "
		    "directory: %s\n", cfg->acme_webroot, strerror(errno));
		problems++;
	}
	if (problems == 0)
		fprintf(out, "ok: config\n");
	return problems;
}

static int
cmd_check(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	const char		*none;
	int			 rc, problems;

	if ((rc = opts_and_arg(argc, argv, &o, &none, usage_check)) != 0)
		return rc == 1 ? 0 : rc;
	if (load_config(&cfg, &o) != 0) {
		fprintf(stdout, "FIX: the config file (above)\n");
		config_free(&cfg);
		return 1;
	}
	problems = check_config(&cfg, stdout);
	problems += datadir_check(cfg.data_dir, stdout);
	if (problems > 0)
		printf("%d problem%s to fix\n", problems,
		    problems == 1 ? "" : "s");
	else
		printf("all good\n");
	config_free(&cfg);
	return problems > 0 ? 1 : 0;
}

/* Load demo content if asked and the store is empty. */
static int
maybe_load_demo(struct store *st, int demo)
{
	char	 err[ERRSZ];
	int	 empty = 0;

	if (!demo)
		return 0;
	if (store_is_empty(st, &empty) != NG_OK)
		return fail("cannot inspect the database");
	if (!empty) {
		log_info("demo: data directory already has content; "
		    "keeping it");
		return 0;
	}
	if (demo_load(st, err, sizeof(err)) != NG_OK)
		return fail("demo: %s", err);
	log_info("demo: loaded the demo site");
	if (admin_demo_login(st, stdout) != NG_OK)	/* issue 4 */
		return fail("demo: cannot create the newsroom login");
	return 0;
}

/* One reload's config, theme and app, kept until the server stops:
 * requests that began before the next reload still read them. */
struct generation {
	struct generation	*older;
	struct ng_config	 cfg;
	struct app		 app;
};

/* Say which settings a reload cannot apply to the running server. */
static void
note_restart_keys(const struct ng_config *a, const struct ng_config *b)
{
	static const struct {
		const char	*key;
		size_t		 off;
		int		 str;
		size_t		 size;
	} keys[] = {
#define NUM(k, f)	{ k, offsetof(struct ng_config, f), 0, \
			    sizeof(((struct ng_config *)0)->f) }
#define STR(k, f)	{ k, offsetof(struct ng_config, f), 1, 0 }
		STR("listen", listen_host), NUM("listen", listen_port),
		STR("data", data_dir), NUM("threads", threads),
		NUM("db_connections", db_conns),
		NUM("header_max", header_max),
		NUM("connections_per_ip", conns_per_ip),
		NUM("connections_max", conns_max),
		NUM("idle_timeout", idle_timeout),
		NUM("request_deadline", request_deadline),
		NUM("cache_max_bytes", cache_max_bytes),
		STR("tls_redirect", tls_redirect),
#undef NUM
#undef STR
	};
	const char	*pa, *pb;
	size_t		 i;
	int		 differ;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		pa = (const char *)a + keys[i].off;
		pb = (const char *)b + keys[i].off;
		differ = keys[i].str ? strcmp(*(char *const *)(const void *)pa,
		    *(char *const *)(const void *)pb) != 0 :
		    memcmp(pa, pb, keys[i].size) != 0;
		if (differ)
			log_warn("reload: %s changed; it takes effect at the "
			    "next restart", keys[i].key);
	}
	if ((*a->tls_cert != '\0') != (*b->tls_cert != '\0'))
		log_warn("reload: tls_cert turns TLS %s at the next restart",
		    *b->tls_cert != '\0' ? "on" : "off");
}

/*
 * SIGHUP: read the config file and the theme again and hand them to
 * the server for the requests that start from now on.  Anything wrong
 * leaves the running configuration in place.
 */
static void
reload(const struct opts *o, struct server *srv, struct store *st,
    const struct app *cur, struct generation **gens)
{
	struct generation	*g = xcalloc(1, sizeof(*g));
	struct theme		*theme = NULL;
	char			 err[ERRSZ];

	notify_send("RELOADING=1");
	log_info("received SIGHUP: reading the config and the theme again");
	if (load_config(&g->cfg, o) != 0) {
		log_err("reload: the config has an error (above); still "
		    "running with the old one");
		goto fail;
	}
	if (theme_load(g->cfg.theme_dir, &theme, err, sizeof(err)) !=
	    NG_OK) {
		log_err("reload: theme: %s; still running with the old one",
		    err);
		goto fail;
	}
	g->app = *cur;
	g->app.cfg = &g->cfg;
	g->app.theme = theme;
	if (server_reload(srv, &g->app, err, sizeof(err)) != NG_OK) {
		log_err("reload: %s; still running with the old config", err);
		goto fail;
	}
	note_restart_keys(cur->cfg, &g->cfg);
	/* Pages rendered with the old theme or settings go. */
	store_touch(st);
	g->older = *gens;
	*gens = g;
	log_info("reloaded");
	notify_send("READY=1\nSTATUS=serving (reloaded)");
	return;
fail:
	if (theme != NULL)
		theme_free(theme);
	config_free(&g->cfg);
	free(g);
	/* load_config() set these from the file it read. */
	log_set_level((enum log_level)cur->cfg->log_level);
	log_set_format((enum log_format)cur->cfg->log_format);
	notify_send("READY=1\nSTATUS=serving (reload refused)");
}

static int
cmd_serve(int argc, char *argv[])
{
	struct opts		 o;
	struct ng_config	 cfg;
	struct app		 app = { 0 };	/* comment_limit freed at out */
	struct store		*st = NULL;
	struct theme		*theme = NULL;
	struct server		*srv = NULL;
	struct generation	*gens = NULL, *g;
	const struct app	*cur = &app;
	sigset_t		 sigs;
	char			 err[ERRSZ];
	int			 sig, rc = 1;

	if (parse_opts(argc, argv, "ldctD", &o) != 0)
		return 2;
	if (o.help) {
		fputs(usage_serve, stdout);
		return 0;
	}
	if (load_config(&cfg, &o) != 0)
		goto out;

	/*
	 * Block the stop signals before any thread exists so that every
	 * thread inherits the mask and only sigwait() below sees them.
	 */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (theme_load(cfg.theme_dir, &theme, err, sizeof(err)) != NG_OK) {
		fail("theme: %s", err);
		goto out;
	}
	if (open_store(&cfg, &st) != 0)
		goto out;
	if (maybe_load_demo(st, o.demo) != 0)
		goto out;

	app.cfg = &cfg;
	app.store = st;
	app.theme = theme;
	app.comment_limit = ratelimit_new(COMMENT_LIMIT_KEYS);	/* issue 3 */
	/* Newsroom (issue 4): login limits and the scheduler thread. */
	if (admin_start(&app, &app.admin, err, sizeof(err)) != NG_OK) {
		fail("%s", err);
		goto out;
	}
	if (server_start(&app, &srv, err, sizeof(err)) != NG_OK) {
		fail("%s", err);
		goto out;
	}
	log_info("nutgraf %s serving %s on %s://%s:%u/", NG_VERSION,
	    cfg.data_dir, *cfg.tls_cert != '\0' ? "https" : "http",
	    cfg.listen_host, server_port(srv));

	/* The store is open and the port bound: systemd may go on. */
	notify_send("READY=1\nSTATUS=serving");

	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			sig = SIGTERM;
		if (sig != SIGHUP)
			break;
		reload(&o, srv, st, cur, &gens);
		if (gens != NULL)
			cur = &gens->app;
	}
	notify_send("STOPPING=1");
	log_info("received %s: finishing requests in flight",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	server_stop(srv);
	rc = 0;
out:
	while ((g = gens) != NULL) {
		gens = g->older;
		theme_free(g->app.theme);
		config_free(&g->cfg);
		free(g);
	}
	admin_stop(app.admin);	/* issue 4: before the store closes */
	if (st != NULL)
		store_close(st);
	ratelimit_free(app.comment_limit);	/* comments (issue 3) */
	if (theme != NULL)
		theme_free(theme);
	if (rc == 0)
		log_info("stopped cleanly");
	config_free(&cfg);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct {
		const char	*name;
		int		(*fn)(int, char *[]);
	} cmds[] = {
		{ "serve",	cmd_serve },
		{ "init",	cmd_init },
		{ "comments",	cmd_comments },
		{ "user",	cmd_newsroom },		/* issue 4 */
		{ "article",	cmd_newsroom },		/* issue 4 */
		{ "settings",	cmd_newsroom },		/* issue 4 */
		{ "page",	cmd_newsroom },		
		{ "slider",	cmd_ads },		/* issue 5 */
		{ "ad",		cmd_ads },		/* issue 5 */
		{ "backup",	cmd_backup },		
		{ "restore",	cmd_restore },		
		{ "check",	cmd_check },		
		{ "import",	cmd_import },		
		{ "version",	cmd_version },
	};
	size_t	 i;

	if (argc < 2) {
		fputs(usage_main, stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_main, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(1, argv);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].fn(argc - 1, argv + 1);
	fail("unknown command \"%s\" (try nutgraf --help)", argv[1]);
	return 2;
}
