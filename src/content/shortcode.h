/*
 * shortcode.h -- WordPress shortcodes in article bodies: the parser, and
 * what an article save does with them.
 *
 * Syntax (WordPress's): "[name a="v" b='v' c=v positional]", self-closing
 * ("[name /]" or just "[name]") or enclosing ("[caption]...[/caption]";
 * [audio], [video] and [playlist] enclose when a closer follows, as
 * WordPress writes "[video mp4=...][/video]"; "[wp_caption]" is an
 * older name of [caption]);
 * "[[x]]" is the literal text "[x]".  A tag lives on one line and is at
 * most SHORTCODE_TAG_MAX bytes.  A bare YouTube or Vimeo URL alone on its
 * line is an embed too.
 *
 * What counts as a shortcode.  Prose uses brackets ("[sic]", "[1]",
 * "[citation needed]") and Markdown uses them for links ("[text](url)"),
 * so a bracket is a shortcode only when it names a built-in shortcode,
 * has a key=value attribute, is a closing tag "[/x]" or ends in "/]" --
 * and a tag without attributes followed by "(" is a Markdown link.
 * Everything else is left as text.
 *
 * Never leaked.  Every shortcode the parser finds becomes either a node
 * the renderer understands or a SHORTCODE_NODE_BROKEN node that renders
 * as nothing, so no '[' of a shortcode survives into any output; the
 * reason and line go to the editor as a warning.
 *
 * The parser (shortcode_parse) is pure: bytes in, nodes out, no I/O, no
 * globals; fuzz/shortcode.c drives it.  The save-time renderer
 * (shortcode_render.c) needs the store to check what a shortcode points
 * at.
 */
#ifndef NG_CONTENT_SHORTCODE_H
#define NG_CONTENT_SHORTCODE_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/html.h"
#include "core/str.h"

struct arena;
struct store;

#define SHORTCODE_TAG_MAX   4096 /* bytes of one tag, '[' to ']' */
#define SHORTCODE_NAME_MAX  32
#define SHORTCODE_ATTRS_MAX 16	/* attributes per tag */
#define SHORTCODE_MAX	    500 /* shortcodes (good or broken) a body */

enum shortcode_kind {
	SHORTCODE_UNKNOWN,
	SHORTCODE_SLIDER,    /* [slider id=N] */
	SHORTCODE_SOLILOQUY, /* [soliloquy id="N"]: migrated sliders */
	SHORTCODE_GALLERY,   /* [gallery ids="1,2,3"] (media ids) */
	SHORTCODE_CAPTION,   /* [caption]![alt](img) Text[/caption] */
	SHORTCODE_RELATED,   /* [related id=N]: an inline ALSO READ box */
	SHORTCODE_AD,	     /* [ad slot="name"] */
	SHORTCODE_EMBED,     /* [embed]URL[/embed] */
	SHORTCODE_AUDIO,     /* [audio src="URL"] (or mp3=, ogg=, ...) */
	SHORTCODE_VIDEO,     /* [video src="URL"] (or mp4=, webm=, ...) */
	SHORTCODE_PLAYLIST,  /* [playlist ids="1,2"]: audio or video files */
	SHORTCODE_VIDEO_URL, /* a bare video URL alone on its line */
	SHORTCODE__MAX
};

enum shortcode_node_type {
	SHORTCODE_NODE_TEXT,   /* plain source text (text) */
	SHORTCODE_NODE_CODE,   /* a shortcode (kind, attrs, content) */
	SHORTCODE_NODE_BROKEN, /* a shortcode that renders as nothing */
};

struct shortcode_attr {
	struct str name; /* lowercased; empty for a positional value */
	struct str value;
};

struct shortcode_node {
	enum shortcode_node_type type;
	struct str		 src; /* the source bytes the node covers */
	struct str	       text; /* TEXT: what to keep ("[x]" of "[[x]]") */
	enum shortcode_kind    kind;
	struct str	       name; /* as written */
	struct shortcode_attr *attrs;
	size_t		       nattrs;
	int		       enclosing;
	struct str	       content; /* between the tags, raw */
	unsigned	       line;	/* 1-based line of the '[' */
	const char	      *why;	/* BROKEN: a static English reason */
};

struct shortcode_doc {
	struct shortcode_node *v;
	size_t		       n;
	size_t		       ncodes; /* CODE + BROKEN nodes */
};

/*
 * Parse src[0..n) into nodes that cover it in order: the concatenation of
 * every node's src is the input.  first_line is the line number of src's
 * first byte (1 for a whole body; the tag's line for an enclosing
 * shortcode's content).  Returns NG_OK; NG_ETOOBIG past SHORTCODE_MAX
 * shortcodes; NG_ENOMEM when a is full.  Nodes live in a and borrow src.
 * Linear in n: every byte is looked at a bounded number of times.
 */
enum ng_err shortcode_parse(struct arena *a, const char *src, size_t n,
    unsigned first_line, struct shortcode_doc *out) NG_WUR;

/* The built-in kind called name (ASCII case-insensitive), or UNKNOWN. */
enum shortcode_kind shortcode_kind_of(struct str name);

/* The canonical name of kind ("slider"), "" for UNKNOWN. */
const char *shortcode_kind_name(enum shortcode_kind kind);

/*
 * The value of attribute name of nd (lowercase name), or of positional
 * value pos (0-based) when name is NULL.  Returns 1 and sets *out when
 * present, else 0.
 */
int shortcode_attr(const struct shortcode_node *nd, const char *name,
    size_t pos, struct str *out);

/*
 * The video behind url if it is a YouTube or Vimeo video URL (https or
 * http, watch?v=, youtu.be/, /embed/, vimeo.com/N): *provider gets
 * "youtube" or "vimeo" and id the video id (borrowed from url).  Returns
 * 1 if it is one, else 0.
 */
int shortcode_video_url(struct str url, const char **provider, struct str *id);

/*
 * The files of every [gallery] and [playlist] of src renumbered, for
 * moving a body between sites whose media numbers differ (the WordPress
 * importer and exporter).  fn gets each such node (nd->kind says which)
 * and fills ids[0..max) with the media ids it shows, in order,
 * returning how many; the tag is written again as [gallery ids="..."]
 * or [playlist ids="..."] with its other named attributes (those that
 * chose the files -- ids, include, exclude, id, order, orderby -- left
 * out, since ids now says it all; type=, tracklist= and the like kept).
 * Everything else of src is copied as it is.  *out is src itself when
 * there is neither.
 */
#define SHORTCODE_GALLERY_MAX 200 /* pictures of one gallery */
typedef size_t (*shortcode_gallery_fn)(void *arg,
    const struct shortcode_node *nd, int64_t *ids, size_t max);
enum ng_err shortcode_gallery_renumber(struct arena *a, struct str src,
    shortcode_gallery_fn fn, void *arg, struct str *out) NG_WUR;

/*
 * Whether url's path ends in an audio (1) or video (2) file extension
 * (".mp3", ".mp4", ...: what WordPress plays), else 0.  Pure.
 */
#define SHORTCODE_URL_AUDIO 1
#define SHORTCODE_URL_VIDEO 2
int shortcode_media_url_kind(struct str url);

/*
 * The numbers of a comma-separated list ("1, 2,3") into v[0..max):
 * how many; anything that is not a positive number is skipped.
 */
size_t shortcode_id_list(struct str s, int64_t *v, size_t max);

/* --- save time: shortcode_render.c --- */

/* A problem an editor should see: "Line 12: [slider id=9]: no slider 9." */
struct shortcode_warning {
	unsigned   line;
	struct str name;    /* the shortcode's name as written */
	struct str message; /* a sentence, naming it and its line */
};

/*
 * Render an article body (Markdown with shortcodes) for storage:
 *   - every shortcode is parsed and checked (known name, attributes,
 *     and that the slider, slot, article or media it names exists);
 *   - body_html gets md4c's HTML in which each good shortcode is a
 *     marker element <ng-sc k="KIND" ...>FALLBACK</ng-sc>, where
 *     FALLBACK is its feed form (a slider's first image and link, an
 *     "Also read:" link, nothing for an ad); the site replaces markers
 *     with live HTML when it renders a page (reader/shortcodes.h), and a
 *     reader of the stored HTML that does not (a feed) sees the fallback;
 *   - body_text gets the text-view forms (a slider's first caption
 *     and link, nothing for an ad or a related box: the text view adds
 *     "Also read:" lines when it is served, as the box may point at a
 *     story not out yet);
 *   - broken shortcodes render as nothing in both and each gets a
 *     warning in *w[0..*nw) (w may be NULL to ignore them).
 * The source md is not changed (the editor edits it).  Errors as
 * markdown_render(), plus NG_ETOOBIG past SHORTCODE_MAX shortcodes and
 * NG_EDB from the store.  Output lives in a.
 */
enum ng_err shortcode_render_body(struct arena *a, struct store *st,
    struct str md, struct safe_html *html, struct str *text,
    struct shortcode_warning **w, size_t *nw) NG_WUR;

/*
 * The same for an imported HTML body: block delimiters
 * resolved (content/blocks.h; br, when not NULL, gets what was dropped),
 * WordPress's automatic paragraphs for classic bodies, then the
 * sanitizer (content/sanitize.h) over everything but the shortcodes'
 * own output.  Up to SANITIZE_MAX bytes.
 */
struct blocks_result;
enum ng_err shortcode_render_html(struct arena *a, struct store *st,
    struct str src, struct safe_html *html, struct str *text,
    struct shortcode_warning **w, size_t *nw, struct blocks_result *br) NG_WUR;

/*
 * Only the warnings of md, for an editor page that shows a stored body
 * (the save redirected): the same checks as shortcode_render_body(),
 * outputs dropped.  Errors as shortcode_render_body().
 */
enum ng_err shortcode_warnings(struct arena *a, struct store *st, struct str md,
    struct shortcode_warning **w, size_t *nw) NG_WUR;

/*
 * The marker elements of stored HTML, for the site's expander: at html
 * (which starts with "<ng-sc "), the marker's attributes k (kind name),
 * id (0 when absent) and v (a slot name, or "youtube/ID" for a video;
 * empty when absent), its fallback HTML, and its whole length.  Markers
 * are written only by shortcode_render_body() after md4c, whose output
 * escapes every '<' of the text, so they cannot be forged by an author.
 * Returns 1 when html starts with a well-formed marker, else 0.
 */
struct shortcode_marker {
	struct str kind;
	int64_t	   id;
	struct str v;
	struct str fallback;
	size_t	   len;
};
int shortcode_marker_parse(struct str html, struct shortcode_marker *m);

#define SHORTCODE_MARKER_OPEN  "<ng-sc "
#define SHORTCODE_MARKER_CLOSE "</ng-sc>"

#endif
