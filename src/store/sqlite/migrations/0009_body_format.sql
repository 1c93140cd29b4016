-- 0009_body_format.sql -- what an article's body source is.
--
-- Runs inside the migration runner's transaction (no BEGIN/COMMIT here).
--
-- Articles written in nutgraf keep Markdown in body_md (format 0).  An
-- article imported from WordPress keeps its HTML there (format 1): the
-- newsroom edits that source as it came, and every save renders it
-- through the block parser, automatic paragraphs and the sanitizer
-- (content/shortcode.h: shortcode_render_html), so nothing of the
-- original is lost by converting it.  The values are enum body_format
-- (store.h), shared with pages (0008).
ALTER TABLE articles ADD COLUMN body_format INTEGER NOT NULL DEFAULT 0
	CHECK (body_format IN (0, 1));
