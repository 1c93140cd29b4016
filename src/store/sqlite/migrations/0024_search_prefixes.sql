-- 0024_search_prefixes.sql -- prefix indexes of four and five letters.
--
-- A prefix query ("gove*") with no prefix index of its length makes
-- FTS5 read and merge the whole list of every word it expands to before
-- it can return a row: "gove*" read all 100,000 entries of "government"
-- (190 ms of CPU at 100,000 articles), however few results are shown.
-- With an index of that length the prefix is one list, walked newest
-- first and left as soon as enough rows are found, as a word is.
-- Readers type prefixes of three to five letters; two and three were
-- indexed (0003), now four and five are too.  The index grows by about
-- two thirds (bench/: 78 to 131 MB at 10,000 articles), the site by
-- about a tenth; writing an article's index costs about a third more.
--
-- FTS5 options are fixed at creation: the table is made again and
-- refilled from its own copy of the text (the triggers name it, not
-- its options, and stay as they are).  At 100,000 articles this takes
-- minutes, once.

CREATE TEMP TABLE article_fts_copy AS
SELECT rowid AS id, title, dek, body, tags, author FROM article_fts;

DROP TABLE article_fts;

CREATE VIRTUAL TABLE article_fts USING fts5 (
	title, dek, body, tags, author,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4 5'
);

INSERT INTO article_fts (rowid, title, dek, body, tags, author)
SELECT id, title, dek, body, tags, author FROM article_fts_copy;

DROP TABLE article_fts_copy;
