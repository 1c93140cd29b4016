/*
 * perm.c -- who may do what in the newsroom: WordPress's roles as a
 * table of capabilities, and the rules for articles.
 *
 *	administrator	everything
 *	editor		all content and comments
 *	author		own articles, publishes them
 *	contributor	own drafts, submits them for review
 */
#include "admin/admin_int.h"

#define C(x) (1u << (x))

static const unsigned role_caps[ROLE__MAX] = {
	[ROLE_CONTRIBUTOR] = C(CAP_ENTER) | C(CAP_WRITE),
	[ROLE_AUTHOR] = C(CAP_ENTER) | C(CAP_WRITE) | C(CAP_PUBLISH_OWN) |
	    C(CAP_UPLOAD),
	[ROLE_EDITOR] = C(CAP_ENTER) | C(CAP_WRITE) | C(CAP_PUBLISH_OWN) |
	    C(CAP_UPLOAD) | C(CAP_EDIT_OTHERS) | C(CAP_MODERATE) |
	    C(CAP_CORRECT) | C(CAP_TAXONOMY),
	[ROLE_ADMINISTRATOR] = C(CAP_ENTER) | C(CAP_WRITE) |
	    C(CAP_PUBLISH_OWN) | C(CAP_UPLOAD) | C(CAP_EDIT_OTHERS) |
	    C(CAP_MODERATE) | C(CAP_CORRECT) | C(CAP_TAXONOMY) |
	    C(CAP_SETTINGS) | C(CAP_USERS),
};

int
admin_role_can(enum user_role role, enum admin_cap cap)
{
	if ((unsigned)role >= ROLE__MAX || (unsigned)cap >= CAP__MAX)
		return 0;
	return (role_caps[role] & C(cap)) != 0;
}

/* An article is a user's own when it carries the user's byline. */
static int
owns(const struct user *u, const struct article *art)
{
	return art == NULL ||
	    (u->author_id != 0 && art->author_id == u->author_id);
}

static int
unpublished(enum article_status s)
{
	return s == ARTICLE_DRAFT || s == ARTICLE_PENDING;
}

int
admin_may_edit(const struct user *u, const struct article *art)
{
	if (u == NULL || u->disabled)
		return 0;
	if (admin_role_can(u->role, CAP_EDIT_OTHERS))
		return 1;
	if (!admin_role_can(u->role, CAP_WRITE) || !owns(u, art))
		return 0;
	if (admin_role_can(u->role, CAP_PUBLISH_OWN))
		return 1;
	/* A contributor's work is theirs until it is published. */
	return art == NULL || unpublished(art->status);
}

int
admin_may_set_status(const struct user *u, const struct article *art,
    enum article_status to)
{
	if ((unsigned)to >= ARTICLE__MAX || !admin_may_edit(u, art))
		return 0;
	if (admin_role_can(u->role, CAP_EDIT_OTHERS))
		return 1;
	if (admin_role_can(u->role, CAP_PUBLISH_OWN))
		return 1; /* own article: admin_may_edit() checked */
	switch (to) {
	case ARTICLE_DRAFT:
	case ARTICLE_PENDING:
		return 1;
	case ARTICLE_TRASHED:
		/* Their own unsaved or unpublished work only. */
		return art != NULL;
	default:
		return 0;
	}
}
