/*
 * wxr_write.h -- the bytes of a WordPress export (WXR) file: escaped
 * text, CDATA sections and elements, written to a stdio stream.
 *
 * Whatever the store holds, what comes out is well-formed XML 1.0: a
 * "]]>" inside a CDATA section is split across two sections (the way
 * WordPress itself does it), bytes that are not UTF-8 become U+FFFD, and
 * characters XML forbids (controls other than tab, newline and carriage
 * return; U+FFFE, U+FFFF) are dropped.  Write errors are left to the
 * stream's error flag, which the caller checks once at the end.
 */
#ifndef NG_IMPORT_WXR_WRITE_H
#define NG_IMPORT_WXR_WRITE_H

#include <stdint.h>
#include <stdio.h>

#include "core/str.h"

/* s as character data: & < > escaped. */
void wxw_text(FILE *f, struct str s);

/* s as one or more CDATA sections. */
void wxw_cdata(FILE *f, struct str s);

/*
 * One element on its own line, indent tabs deep: <name>value</name>,
 * the value in CDATA (wxw_el), escaped (wxw_el_text) or a number.
 */
void wxw_el(FILE *f, int indent, const char *name, struct str v);
void wxw_el_text(FILE *f, int indent, const char *name, struct str v);
void wxw_el_i64(FILE *f, int indent, const char *name, int64_t v);

#endif
