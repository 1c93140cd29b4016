/*
 * corrections.h -- corrections and update notes on the article page.
 * The newsroom adds them (src/admin); readers see them here.
 */
#ifndef NG_SITE_CORRECTIONS_H
#define NG_SITE_CORRECTIONS_H

struct article;
struct view;

/*
 * Put the article's notes, oldest first, into the view as
 * "corrections" (kind, text, date) and "has_corrections", for the
 * corrections partial.  A store failure leaves them out (logged by the
 * store): the article itself matters more than its notes.
 */
void site_corrections(struct view *v, const struct article *a);

struct buf;
struct correction;
struct req;

/* The label a reader sees for note c: "Correction" or "Update". */
const char *site_correction_kind(const struct correction *c);

/*
 * The notes as the text view ends with them ("Corrections and
 * updates:", then "Correction, April 26, 2024: ..." a line each),
 * appended to b; nothing when there are none or the store fails.
 */
void site_corrections_text(struct req *r, const struct article *a,
    struct buf *b);

#endif
