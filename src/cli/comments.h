/*
 * comments.h -- `nutgraf comments ...`: moderation from the command
 * line, before (and besides) the newsroom's moderation queue.
 *
 *	list [--status pending|approved|spam|trash|all] [--limit N]
 *	    [--offset N]
 *	show ID
 *	approve|unapprove|spam|trash ID...
 *	delete ID...
 *	counts
 *	settings [KEY[=VALUE]...]
 *
 * main.c opens the store from --data/--config and hands over the rest
 * of the command line.
 */
#ifndef NG_CLI_COMMENTS_H
#define NG_CLI_COMMENTS_H

#include <stdio.h>

struct store;

/* The usage text (static). */
const char	*comment_cli_usage(void);

/*
 * Run the subcommand in argv[0] (argc >= 1) against st, writing results
 * to out and one line per problem to err ("nutgraf: comments: ...").
 * Returns the exit status: 0, 1 when something failed (an unknown id,
 * the database), 2 for bad usage.
 */
int		comment_cli(struct store *st, int argc, char *argv[],
		    FILE *out, FILE *err);

#endif
