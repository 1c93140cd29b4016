/*
 * roles.h -- what each newsroom role may do: the capability table and
 * the article rules of perm.c, public so that the REST API (src/api)
 * checks exactly what the newsroom checks.  All pure.
 */
#ifndef NG_ADMIN_ROLES_H
#define NG_ADMIN_ROLES_H

#include "store/store.h"

/* What a page or action needs; roles map to sets of these (perm.c). */
enum admin_cap {
	CAP_ENTER,	 /* see the newsroom at all */
	CAP_WRITE,	 /* write own articles */
	CAP_PUBLISH_OWN, /* publish and schedule own articles */
	CAP_UPLOAD,	 /* the media library (WordPress's
				   upload_files) */
	CAP_EDIT_OTHERS, /* edit and publish anyone's articles */
	CAP_MODERATE,	 /* the comment queue */
	CAP_CORRECT,	 /* corrections and update notes */
	CAP_TAXONOMY,	 /* sections, tags and authors */
	CAP_SETTINGS,	 /* site settings */
	CAP_USERS,	 /* people and roles */
	CAP__MAX
};

/* perm.c: the role table and the article rules.  All pure. */
int admin_role_can(enum user_role role, enum admin_cap cap);
/* May u open and save art (its current state)? */
int admin_may_edit(const struct user *u, const struct article *art);
/*
 * May u move art (NULL: a new article of u's) from its status to to?
 * Contributors only between draft and pending (and trash their own
 * unpublished work); authors anything on their own; editors anything.
 */
int admin_may_set_status(const struct user *u, const struct article *art,
    enum article_status to);

#endif
