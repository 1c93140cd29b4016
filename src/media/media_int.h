/*
 * media_int.h -- what media.c (images) and av.c (audio and video) share:
 * a new random media key and removing a media directory.
 */
#ifndef NG_MEDIA_MEDIA_INT_H
#define NG_MEDIA_MEDIA_INT_H

#include "media/media.h"

/* MEDIA_KEY_LEN random hex digits and a NUL; 0 when no randomness. */
int media_new_key(char key[MEDIA_KEY_LEN + 1]);

/* Remove dir and the files in it (ours: no subdirectories). */
void media_rmtree(const char *dir);

/*
 * A new upload's key, and its directories: tmp (<data_dir>/media/.up-KEY,
 * made here, hidden from /media/ until renamed) and dst (its final
 * name).  0 when no randomness or the directory cannot be made.
 */
struct store;
struct media;
int media_new_dir(const char *data_dir, char key[MEDIA_KEY_LEN + 1],
    char tmp[4096], char dst[4096]);

/*
 * Add m's row (m->path set, NULL when the arena was full) once its
 * files are in dst; a failed add removes dst again.
 */
enum ng_err media_add_row(struct store *st, struct media *m, const char *dst);

#endif
