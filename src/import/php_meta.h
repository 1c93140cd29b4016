/*
 * php_meta.h -- values out of PHP-serialized metadata, as WordPress
 * keeps _wp_attachment_metadata and other post meta in a WXR file.
 *
 * A reader of PHP's serialize() format, never its unserialize(): no
 * object is made, nothing is allocated, and only the top-level array is
 * looked into.  Every value it steps over (nested arrays, objects,
 * custom-serialized objects, references, enums) is checked for its
 * shape and bounded by the input, so a hostile file costs at most one
 * pass over the field and PHP_META_DEPTH_MAX levels of nesting.
 */
#ifndef NG_IMPORT_PHP_META_H
#define NG_IMPORT_PHP_META_H

#include <stdint.h>

#include "core/str.h"

/* Nesting stepped over before a value is called malformed. */
#define PHP_META_DEPTH_MAX 32

/*
 * The value of key in the top-level array ser: a string's bytes, an
 * integer's or a float's digits as written, "0" or "1" for a boolean;
 * borrowed from ser.  Empty (p == NULL) when ser is not a serialized
 * array, is malformed before the key is found, has no such key, or
 * gives it an array, object or null.
 */
struct str php_meta_field(struct str ser, const char *key);

/*
 * The whole-number part of a value such as php_meta_field() returns
 * ("183", "183.5"); 0 for anything else, a negative number, or more
 * than twelve digits.
 */
int64_t php_meta_int(struct str s);

#endif
