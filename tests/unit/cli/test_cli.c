/*
 * test_cli.c -- the one command-line parser (cli/cli.h) against a small
 * declared tree: globals anywhere, --opt=value, missing values, unknown
 * options, too many and too few arguments, "--", the one error shape,
 * and --help written from the same declarations.
 */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static int ran; /* how many times a run function ran */

static int
run_ok(struct cli *c)
{
	(void)c;
	ran++;
	return 0;
}

static int
run_fails(struct cli *c)
{
	ran++;
	return cli_fail(c, "the thing %s is broken", c->args[0]);
}

static const struct cli_opt add_opts[] = {
	{ "title", "T",
	    "the title of the thing, which this sentence goes "
	    "on about for long enough that the help has to wrap it twice "
	    "over at the width of a terminal",
	    1 },
	{ "flag", NULL, "a switch", 0 }, { NULL, NULL, NULL, 0 }
};

static const struct cli_cmd thing_add = {
	.name = "add",
	.summary = "add a thing",
	.args = "NAME [EXTRA]",
	.opts = add_opts,
	.about = "Add the thing NAME.",
	.run = run_ok,
};

static const struct cli_cmd thing_rm = {
	.name = "rm",
	.summary = "remove things",
	.args = "ID...",
	.run = run_fails,
};

static const struct cli_cmd thing_set = {
	.name = "set",
	.summary = "settings",
	.args = "[KEY=VALUE...]",
	.run = run_ok,
};

static const struct cli_cmd *const thing_subs[] = { &thing_add, &thing_rm,
	&thing_set, NULL };

static const struct cli_cmd thing = {
	.name = "thing",
	.summary = "things",
	.subs = thing_subs,
};

static const struct cli_cmd plain = {
	.name = "plain",
	.summary = "no arguments at all",
	.run = run_ok,
};

static const struct cli_cmd *const top_subs[] = { &thing, &plain, NULL };

static const struct cli_cmd top = {
	.about = "The test tree.",
	.subs = top_subs,
};

/* A parse of the words in line (split at spaces), with its output. */
struct run {
	struct cli c;
	char	  *words[32];
	char	   buf[512];
	char	  *err, *out;
	size_t	   nerr, nout;
	FILE	  *ferr, *fout;
	int	   rc;
};

static void
split(struct run *r, const char *line, int *argc)
{
	char *p;

	snprintf(r->buf, sizeof(r->buf), "%s", line);
	*argc = 0;
	for (p = strtok(r->buf, " "); p != NULL && *argc < 31;
	     p = strtok(NULL, " "))
		r->words[(*argc)++] = p;
}

static void
streams(struct run *r)
{
	r->ferr = open_memstream(&r->err, &r->nerr);
	r->fout = open_memstream(&r->out, &r->nout);
	assert_non_null(r->ferr);
	assert_non_null(r->fout);
}

static void
parse(struct run *r, const char *line)
{
	int argc;

	memset(r, 0, sizeof(*r));
	split(r, line, &argc);
	streams(r);
	cli_begin(&r->c, stdin, r->fout, r->ferr);
	r->rc = cli_parse(&r->c, &top, argc, r->words);
	fflush(r->ferr);
	fflush(r->fout);
}

/* cli_main(): parse and run, or print the help. */
static void
run_main(struct run *r, const char *line)
{
	int argc;

	memset(r, 0, sizeof(*r));
	split(r, line, &argc);
	streams(r);
	r->rc = cli_main(&top, argc, r->words, stdin, r->fout, r->ferr);
	fflush(r->ferr);
	fflush(r->fout);
}

static void
done(struct run *r)
{
	cli_end(&r->c);
	fclose(r->ferr);
	fclose(r->fout);
	free(r->err);
	free(r->out);
}

static void
test_globals_anywhere(void **state)
{
	static const char *const lines[] = {
		"--data D thing add n --title t",
		"thing --data D add n --title t",
		"thing add --data D n --title t",
		"thing add n --title t --data D",
		"thing add n --data=D --title=t",
	};
	struct run r;
	size_t	   i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		parse(&r, lines[i]);
		assert_int_equal(r.rc, 0);
		assert_string_equal(r.err, "");
		assert_ptr_equal(r.c.cmd, &thing_add);
		assert_string_equal(r.c.name, "thing add");
		assert_string_equal(r.c.data, "D");
		assert_null(r.c.config);
		assert_null(r.c.db);
		assert_string_equal(cli_get(&r.c, "title"), "t");
		assert_null(cli_get(&r.c, "flag"));
		assert_int_equal(r.c.nargs, 1);
		assert_string_equal(r.c.args[0], "n");
		done(&r);
	}
	parse(&r, "--config C plain --db=postgresql:///x");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.c.config, "C");
	assert_string_equal(r.c.db, "postgresql:///x");
	assert_null(r.c.data);
	done(&r);
}

static void
test_values(void **state)
{
	struct run r;

	(void)state;
	/* =value keeps what follows the first "=", even an empty one. */
	parse(&r, "thing add n --title=a=b --flag");
	assert_int_equal(r.rc, 0);
	assert_string_equal(cli_get(&r.c, "title"), "a=b");
	assert_string_equal(cli_get(&r.c, "flag"), "");
	done(&r);
	parse(&r, "thing add n --title=");
	assert_int_equal(r.rc, 0);
	assert_string_equal(cli_get(&r.c, "title"), "");
	done(&r);
	/* A value is the next word, even one that looks like an option. */
	parse(&r, "thing add n --title --flag");
	assert_int_equal(r.rc, 0);
	assert_string_equal(cli_get(&r.c, "title"), "--flag");
	assert_null(cli_get(&r.c, "flag"));
	done(&r);
	/* The last one given wins. */
	parse(&r, "thing add n --title a --title b");
	assert_string_equal(cli_get(&r.c, "title"), "b");
	done(&r);
}

static void
test_missing_value(void **state)
{
	struct run r;

	(void)state;
	parse(&r, "thing add n --title");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: --title needs a value "
	    "(T) (try 'nutgraf thing add --help')\n");
	done(&r);
	parse(&r, "thing add n --title t --data");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: --data needs a value "
	    "(DIR) (try 'nutgraf thing add --help')\n");
	done(&r);
	parse(&r, "thing add n --title t --flag=1");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: --flag takes no value "
	    "(try 'nutgraf thing add --help')\n");
	done(&r);
}

static void
test_unknown(void **state)
{
	struct run r;

	(void)state;
	parse(&r, "thing add n --title t --nope=3");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: unknown option "
	    "\"--nope\" (try 'nutgraf thing add --help')\n");
	done(&r);
	parse(&r, "thing add -x");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: unknown option \"-x\" "
	    "(try 'nutgraf thing add --help')\n");
	done(&r);
	/* A subcommand's option before its name is not the command's. */
	parse(&r, "thing --title t add n");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing: unknown option "
	    "\"--title\" (try 'nutgraf thing --help')\n");
	done(&r);
	parse(&r, "thing frob");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing: unknown command \"frob\" "
	    "(try 'nutgraf thing --help')\n");
	done(&r);
	parse(&r, "frob");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: unknown command \"frob\" (try "
	    "'nutgraf --help')\n");
	done(&r);
	parse(&r, "");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: no command given (try 'nutgraf "
	    "--help')\n");
	done(&r);
	parse(&r, "thing");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing: which command? add, rm or "
	    "set (try 'nutgraf thing --help')\n");
	done(&r);
}

static void
test_arguments(void **state)
{
	struct run r;

	(void)state;
	parse(&r, "thing add --title t");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: NAME is missing (try "
	    "'nutgraf thing add --help')\n");
	done(&r);
	parse(&r, "thing add a b --title t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.c.nargs, 2);
	done(&r);
	parse(&r, "thing add a b c --title t");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: unexpected argument "
	    "\"c\" (try 'nutgraf thing add --help')\n");
	done(&r);
	parse(&r, "thing add a");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing add: --title is required "
	    "(try 'nutgraf thing add --help')\n");
	done(&r);
	parse(&r, "thing rm");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing rm: ID is missing (try "
	    "'nutgraf thing rm --help')\n");
	done(&r);
	parse(&r, "thing rm 1 2 3 4 5 6 7 8 9 10 11 12");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.c.nargs, 12);
	assert_string_equal(r.c.args[11], "12");
	done(&r);
	parse(&r, "thing set");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.c.nargs, 0);
	done(&r);
	parse(&r, "plain x");
	assert_int_equal(r.rc, 2);
	assert_string_equal(r.err,
	    "nutgraf: plain: unexpected argument \"x\" "
	    "(try 'nutgraf plain --help')\n");
	done(&r);
}

static void
test_dashdash(void **state)
{
	struct run r;

	(void)state;
	parse(&r, "thing add --title t -- --data -h");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.c.help, 0);
	assert_null(r.c.data);
	assert_int_equal(r.c.nargs, 2);
	assert_string_equal(r.c.args[0], "--data");
	assert_string_equal(r.c.args[1], "-h");
	done(&r);
	/* A lone "-" (standard input) is an argument. */
	parse(&r, "thing add - --title t");
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.c.args[0], "-");
	done(&r);
}

static void
test_help_parse(void **state)
{
	struct run r;

	(void)state;
	parse(&r, "--help");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.c.help, 1);
	assert_ptr_equal(r.c.cmd, &top);
	done(&r);
	parse(&r, "thing add -h");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.c.help, 1);
	assert_ptr_equal(r.c.cmd, &thing_add);
	done(&r);
	parse(&r, "--help thing");
	assert_ptr_equal(r.c.cmd, &thing);
	assert_int_equal(r.c.help, 1);
	done(&r);
	parse(&r, "help thing rm");
	assert_ptr_equal(r.c.cmd, &thing_rm);
	assert_int_equal(r.c.help, 1);
	done(&r);
	/* --help wins over what else is wrong on the line, silently. */
	parse(&r, "thing add --bogus --help");
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.c.help, 1);
	assert_ptr_equal(r.c.cmd, &thing_add);
	assert_string_equal(r.err, "");
	done(&r);
}

/* Whether s begins with prefix. */
static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void
test_help_text(void **state)
{
	struct run r;
	char	  *line, *save;

	(void)state;
	ran = 0;
	run_main(&r, "thing add --help");
	assert_int_equal(r.rc, 0);
	assert_int_equal(ran, 0);
	assert_string_equal(r.err, "");
	assert_true(starts(r.out,
	    "usage: nutgraf thing add NAME [EXTRA] "
	    "--title T [--flag]\n\nAdd the thing NAME.\n\noptions:\n"));
	assert_non_null(strstr(r.out, "\n  --title T      the title of the "));
	assert_non_null(strstr(r.out, "\n  --flag         a switch\n"));
	assert_non_null(strstr(r.out,
	    "\nglobal options (anywhere on the "
	    "line):\n  --data DIR     "));
	assert_non_null(strstr(r.out, "\n  --config FILE  "));
	assert_non_null(strstr(r.out, "\n  --db URL       "));
	assert_non_null(strstr(r.out, "\n  -h, --help     this help\n"));
	/* Wrapped: no line is wider than a terminal. */
	for (line = strtok_r(r.out, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save))
		assert_true(strlen(line) <= 78);
	done(&r);

	run_main(&r, "--help");
	assert_int_equal(r.rc, 0);
	assert_true(starts(r.out,
	    "usage: nutgraf COMMAND [ARGS]\n\nThe test "
	    "tree.\n\ncommands:\n  thing  things: add, rm, set\n  plain  no "
	    "arguments at all\n"));
	assert_non_null(strstr(r.out,
	    "\nRun 'nutgraf COMMAND --help' for a "
	    "command's options.\n"));
	done(&r);

	run_main(&r, "thing --help");
	assert_true(starts(r.out,
	    "usage: nutgraf thing COMMAND [ARGS]\n\n"
	    "things\n\ncommands:\n  add  add a thing\n  rm   remove things\n"
	    "  set  settings\n"));
	assert_non_null(strstr(r.out, "Run 'nutgraf thing COMMAND --help'"));
	done(&r);
}

static void
test_main_runs(void **state)
{
	struct run r;

	(void)state;
	ran = 0;
	run_main(&r, "thing add n --title t");
	assert_int_equal(r.rc, 0);
	assert_int_equal(ran, 1);
	done(&r);
	/* A usage error runs nothing. */
	run_main(&r, "thing add n");
	assert_int_equal(r.rc, 2);
	assert_int_equal(ran, 1);
	done(&r);
	/* A failure: exit 1, "nutgraf: WORDS: why", no hint. */
	run_main(&r, "thing rm 7");
	assert_int_equal(r.rc, 1);
	assert_int_equal(ran, 2);
	assert_string_equal(r.err,
	    "nutgraf: thing rm: the thing 7 is "
	    "broken\n");
	done(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globals_anywhere),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_dashdash),
		cmocka_unit_test(test_help_parse),
		cmocka_unit_test(test_help_text),
		cmocka_unit_test(test_main_runs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
