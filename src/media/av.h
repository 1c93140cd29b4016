/*
 * av.h -- audio and video files in the media library.
 *
 * An audio or video file is kept as it came (nothing re-encodes it):
 * one file <data_dir>/media/<key>/media.<ext>, key as for images
 * (MEDIA_KEY_LEN random hex digits), ext chosen from the file's first
 * bytes, never from its name, so a file is only ever served under a
 * type whose container it really is.  media.path is "<key>/media.<ext>",
 * media.mime the type it is served as, media.bytes its length.
 *
 * On PostgreSQL (store_media_in_db()) the bytes are in the database too,
 * as STORE_MEDIA_PIECE pieces named "media.<ext>.<n>" (n from 0): an
 * instance that lacks the file writes its copy from them on first
 * request, a piece at a time, never holding the whole file.
 */
#ifndef NG_MEDIA_AV_H
#define NG_MEDIA_AV_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

struct arena;
struct media;
struct store;

/* The largest audio or video file kept (WordPress sites allow big ones). */
#define MEDIA_AV_MAX (256ull * 1024 * 1024)

enum media_av_kind {
	MEDIA_AV_NONE,
	MEDIA_AV_AUDIO,
	MEDIA_AV_VIDEO,
};

/*
 * What head[0..n) (a file's first bytes, 16 are enough) is, read as
 * the kind want (WordPress's audio/... or video/...; an MP4 or Ogg
 * container holds either): the extension to keep it under ("mp3",
 * "m4a", "mp4", ...) and the type to serve it as, or NULL when it is
 * not a container browsers play as that kind.  Pure.
 */
const char *media_av_sniff(const unsigned char *head, size_t n,
    enum media_av_kind want, const char **mime);

/* The kind a MIME type names ("audio/mpeg": AUDIO), NONE for others. */
enum media_av_kind media_av_kind_of(struct str mime);

/*
 * Is name one of the file names this module writes ("media.mp3")?  The
 * type it is served as, or NULL when it is not one.  Pure.
 */
const char *media_av_name_type(struct str name);

/*
 * Store the audio or video file at src (a path the caller chose, such
 * as an import's uploads directory) as a new media item of kind want:
 * copied a piece at a time into a hidden directory renamed into place
 * when complete (and into the database's pieces on PostgreSQL), then
 * the row added (m's alt, caption, credit, width, height and duration
 * kept; path, mime and bytes filled in); a failed add removes the file
 * again.  NG_EINVAL (why says so) when the file is not audio or video
 * of that kind, NG_ETOOBIG past MEDIA_AV_MAX, NG_ENOTFOUND when src is
 * not a plain file.
 */
enum ng_err media_store_av(struct arena *a, struct store *st,
    const char *data_dir, const char *src, enum media_av_kind want,
    struct media *m, char *why, size_t whysz) NG_WUR;

/*
 * Open the stored file name of key for reading (*fd, *size): the data
 * directory's copy, written first from the database's pieces when this
 * instance has none.  NG_ENOTFOUND when the names are not ours or
 * nobody has the file; NG_EDB when the database is away.
 */
enum ng_err media_av_open(struct store *st, const char *data_dir,
    struct str key, struct str name, int *fd, int64_t *size) NG_WUR;

/*
 * A view of an audio or video item m for templates: id, av (true),
 * is_audio, is_video, src ("/media/KEY/media.mp3"), title (its alt
 * text), caption, credit, type ("MP3"), size ("2.4 MB"), length
 * ("3:05", "" when not known), width, height.  NULL when m is not one.
 */
struct tv;
struct tv *media_av_view(struct arena *a, const struct media *m);

#endif
