/*
 * media.h -- uploaded images: variant names and files, and the markup
 * pages use to show an image at the right size.  The upload form is
 * admin's (admin/media.c), the /media/ files site's (site/media.c).
 *
 * On disk an upload is a directory <data_dir>/media/<key>/ of variants
 * "<w>.jpg" and "<w>.webp" (image.h); key is MEDIA_KEY_LEN random hex
 * digits, so names cannot be guessed from each other and never come
 * from the uploader.  media.path is "<key>/<largest w>.jpg".  On
 * PostgreSQL the variants' bytes are in the database too
 * (store_media_in_db()): each instance's media/ is then its own copy,
 * filled on first request, and no disk is shared.
 */
#ifndef NG_MEDIA_MEDIA_H
#define NG_MEDIA_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;
struct media;
struct store;
struct tv;

#define MEDIA_KEY_LEN 16
/* Request body of an upload; the server's body_max caps it too. */
#define MEDIA_UPLOAD_MAX (12u * 1024 * 1024)
/* A stored variant is never larger than this (bytes). */
#define MEDIA_FILE_MAX (8u * 1024 * 1024)
/* Cache-Control of /media/ files: their names never get new content. */
#define MEDIA_CACHE "public, max-age=31536000, immutable"

/*
 * The original of an image whose variants are made later
 * (media_store_deferred()): beside them under this name, which /media/
 * never serves (it still has its metadata), and in the database when
 * it keeps media bytes.
 */
#define MEDIA_ORIGINAL "orig"

/*
 * Is name a variant file name we write ("480.jpg", "1600.webp")?  Is
 * key a media key?  The only names /media/ serves.  Pure.
 */
int media_key_ok(struct str key);
int media_file_ok(struct str name);

/*
 * The extension of m's variants beside the WebP ones: "jpg" for a
 * photo, "png" for a PNG or still GIF graphic (kept lossless), "gif"
 * for an animated GIF (image.h); from m's path.  Pure.
 */
const char *media_fallback_ext(const struct media *m);

/*
 * The MIME type of the variant file at path ("KEY/1600.jpg" or a name
 * "960.webp"): what its bytes are, whatever the upload was (a PNG's
 * variants are JPEG and WebP).  NULL when it is not one of our variant
 * names.  Pure.
 */
const char *media_variant_type(struct str path);

/*
 * The size in bytes of the stored variant at path ("KEY/1200.jpg", as
 * the store holds it) under data_dir, or in st's database when this
 * instance has no copy yet (st may be NULL: the file only); 0 when path
 * is not one of our names or neither has it: feeds give it as the
 * enclosure length.
 */
int64_t media_file_size(struct store *st, const char *data_dir,
    struct str path);

/*
 * The bytes of variant name ("480.webp") of key into a: data_dir's
 * copy when it has one, else the database's (an upload taken by another
 * instance, store_media_file_get()), which is then kept as data_dir's
 * copy for the next request.  When neither has it and key has an
 * original (media_store_deferred()), the variant is made from it now,
 * kept on disk and in the database as an upload's, and given: requests
 * for the same variant at once wait for the first one's (a lock per
 * name), so it is made once in this process; instances that race make
 * the same bytes (the encoders are deterministic) and the database
 * keeps the first.  NG_ENOTFOUND when the names are not ours, not a
 * variant of key or nothing has it; NG_EDB when the database is away.
 */
enum ng_err media_variant_get(struct arena *a, struct store *st,
    const char *data_dir, struct str key, struct str name,
    struct str *out) NG_WUR;

/*
 * The file of variant name under key in data_dir, into buf (sz bytes):
 * 0 unless both are names we write, so no request can reach any other
 * file.
 */
int media_variant_path(const char *data_dir, struct str key, struct str name,
    char *buf, size_t sz);

/*
 * Read the variant file at path (ours: opened without following links,
 * at most MEDIA_FILE_MAX bytes) into a, or into malloc'd memory when a
 * is NULL (an upload's variants together may outgrow a request arena).
 * NG_ENOTFOUND when it is not there or not a plain file.
 */
enum ng_err media_read_file(struct arena *a, const char *path, char **out,
    size_t *n) NG_WUR;

/*
 * A view of m for templates: id, alt, caption, credit, width, height,
 * src (the largest JPEG), srcset (JPEG) and srcset_webp, sizes.  NULL
 * when m's path is not one of ours.
 */
struct tv *media_view(struct arena *a, const struct media *m);

/*
 * Set key of map to the media_view() of article_id's featured image;
 * nothing when it has none or the lookup fails (a page still renders).
 */
void media_featured(struct arena *a, struct store *st, struct tv *map,
    const char *key, int64_t article_id);

/*
 * Convert the image data into <data_dir>/media/<key>/ (its variants, as
 * an upload gets) and add its row; m's alt, caption and credit are kept,
 * the rest filled in.  The variants are written into a hidden temporary
 * directory renamed into place only when all are there, so /media/ never
 * shows half an image; the row is added last, and a failed add removes
 * the files again.  On a refusal *status (415, 413, 500) and why say
 * what went wrong.  The newsroom's upload and the WordPress importer
 * both store images through here.
 */
enum ng_err media_store_file(struct arena *a, struct store *st,
    const char *data_dir, struct str data, struct media *m, int *status,
    char *why, size_t whysz) NG_WUR;

/*
 * As media_store_file(), but only the header is read (type, dimensions,
 * size caps: the same refusals) and the data kept as key's original;
 * the variants are made when first asked for (media_variant_get()) or
 * by the background job (jobs/warm.h, media_variants_fill()), and the
 * row is marked pending until then (store_media_pending_set()).  What
 * pages show -- width, height, srcset -- is the same before and after:
 * the widths are computed from the original's.  The WordPress importer
 * stores images so: ten thousand of them take seconds, not half an
 * hour.  Data over MEDIA_FILE_MAX is stored as media_store_file() does.
 */
enum ng_err media_store_deferred(struct arena *a, struct store *st,
    const char *data_dir, struct str data, struct media *m, int *status,
    char *why, size_t whysz) NG_WUR;

/*
 * Make every variant of image m that data_dir lacks (and the database,
 * when it keeps bytes): the background job's work.  *made says how many
 * were made.  NG_ENOTFOUND when m has no original to make them from.
 */
enum ng_err media_variants_fill(struct store *st, const char *data_dir,
    const struct media *m, size_t *made) NG_WUR;

#endif
