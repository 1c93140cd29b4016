/*
 * wordcount.h -- the words of an article body and the time they take to
 * read, as the editor shows them while an editor writes.
 *
 * A word is a run of characters between white space that holds a letter
 * or a digit (any character past ASCII counts as one, but for the
 * punctuation blocks U+0080..U+00BF, U+2000..U+206F and U+3000..U+303F).
 * What a reader never sees is not counted: HTML tags and comments, the
 * targets of Markdown links ("[text](url)" counts "text"), images
 * ("![alt](src)"), shortcode tags ("[slider id=3]", "[/caption]"; a
 * bracket is one when it names a built-in shortcode, holds "=", or
 * starts or ends with "/", as content/shortcode.h says) and bare URLs.
 *
 * themes/default/js/editor.js counts with the same rules while the body
 * is typed; a change here is a change there (tests/e2e/editor_comforts
 * compares the two).
 */
#ifndef NG_CONTENT_WORDCOUNT_H
#define NG_CONTENT_WORDCOUNT_H

#include <stddef.h>

#include "core/str.h"

/* Words a minute of an adult reading news on a screen. */
#define WORDCOUNT_WPM 230

/* The words of body (Markdown or HTML source).  Pure. */
size_t wordcount_body(struct str body);

/* Whole minutes to read words, rounded up: 0 only for no words. */
size_t wordcount_minutes(size_t words);

#endif
