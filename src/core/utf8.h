/*
 * utf8.h -- strict UTF-8 decoding and validation (RFC 3629).
 *
 * Every text field of an article is checked with utf8_valid() before it
 * is stored, so the store, the templates and the feeds may assume valid
 * UTF-8.  Strict means what RFC 3629 section 4 means: no overlong forms,
 * no UTF-16 surrogates (U+D800..U+DFFF), nothing past U+10FFFF.
 */
#ifndef NG_CORE_UTF8_H
#define NG_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the code point at the start of s (n > 0 bytes).  Return its
 * length in bytes (1..4) and store it in *cp, or return 0 (and leave *cp
 * 0) when s does not start with a complete, well-formed sequence.  Pure;
 * never reads past s[n - 1].
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Non-zero when all n bytes of s are well-formed UTF-8.  NULs are valid. */
int utf8_valid(const char *s, size_t n);

/*
 * The characters (code points) of well-formed UTF-8 s, n bytes: its
 * bytes but for continuation bytes.  Pure.
 */
size_t utf8_chars(const char *s, size_t n);

#endif
