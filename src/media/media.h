/*
 * media.h -- uploaded images (issue 4, item 6): the newsroom's media
 * library and upload form, the public /media/ files, and the markup
 * pages use to show an image at the right size.
 *
 * On disk an upload is a directory <data_dir>/media/<key>/ of variants
 * "<w>.jpg" and "<w>.webp" (image.h); key is MEDIA_KEY_LEN random hex
 * digits, so names cannot be guessed from each other and never come
 * from the uploader.  media.path is "<key>/<largest w>.jpg".
 */
#ifndef NG_MEDIA_MEDIA_H
#define NG_MEDIA_MEDIA_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct admin_ctx;
struct arena;
struct media;
struct req;
struct resp;
struct store;
struct tv;

#define MEDIA_KEY_LEN		16
/* Request body of an upload; the server's body_max caps it too. */
#define MEDIA_UPLOAD_MAX	(12u * 1024 * 1024)
/* A stored variant is never larger than this (bytes). */
#define MEDIA_FILE_MAX		(8u * 1024 * 1024)
/* Cache-Control of /media/ files: their names never get new content. */
#define MEDIA_CACHE		"public, max-age=31536000, immutable"

/*
 * Is name a variant file name we write ("480.jpg", "1600.webp")?  Is
 * key a media key?  The only names /media/ serves.  Pure.
 */
int		media_key_ok(struct str key);
int		media_file_ok(struct str name);

/*
 * The size in bytes of the stored variant at path ("KEY/1200.jpg", as
 * the store holds it) under data_dir, or 0 when path is not one of our
 * names or the file is missing: feeds give it as the enclosure length.
 */
int64_t		media_file_size(const char *data_dir, struct str path);

/*
 * The value of a text field of a multipart/form-data request body (the
 * upload form's CSRF token), or STR_NULL.
 */
struct str	media_form_field(struct req *r, const char *name);

/*
 * A view of m for templates: id, alt, caption, credit, width, height,
 * src (the largest JPEG), srcset (JPEG) and srcset_webp, sizes.  NULL
 * when m's path is not one of ours.
 */
struct tv	*media_view(struct arena *a, const struct media *m);

/*
 * Set key of map to the media_view() of article_id's featured image;
 * nothing when it has none or the lookup fails (a page still renders).
 */
void		media_featured(struct arena *a, struct store *st,
		    struct tv *map, const char *key, int64_t article_id);

/*
 * The editor's featured image panel (src/admin/articles.c): the current
 * image as "featured_image", the recent library as "media_choices" and
 * "can_upload".  Failures leave the panel out.
 */
void		media_editor(struct admin_ctx *ctx, struct tv *root,
		    int64_t article_id);

/* GET /media/{key}/{width}.jpg and .webp. */
/*
 * Convert the image data into <data_dir>/media/<key>/ (its variants, as
 * an upload gets) and add its row; m's alt, caption and credit are kept,
 * the rest filled in.  On a refusal *status (415, 413, 500) and why say
 * what went wrong.  The newsroom's upload and the WordPress importer
 * both store images through here.
 */
struct arena;
struct store;
struct media;
enum ng_err	media_store_file(struct arena *a, struct store *st,
		    const char *data_dir, struct str data, struct media *m,
		    int *status, char *why, size_t whysz) NG_WUR;

enum ng_err	media_serve(struct req *r, struct resp *rs);

/* GET, POST /admin/media/: the library and the upload form. */
enum ng_err	admin_media(struct req *r, struct resp *rs);

/* POST /admin/articles/{id}/featured/: field media (0 or absent: none). */
enum ng_err	admin_featured(struct req *r, struct resp *rs);

#endif
