/*
 * tz.h -- the site's time zone: UTC offsets from the system's zoneinfo
 * files (TZif, RFC 8536), for showing times and reading the scheduling
 * form in the newsroom and dates in the REST API.  Here in core, not in
 * admin/, because both of those use it and it knows nothing of either.
 *
 * Only the transition table is read, not the POSIX rule in the footer:
 * Debian's zoneinfo files list transitions up to 2037, and later times
 * keep the last offset listed.
 */
#ifndef NG_CORE_TZ_H
#define NG_CORE_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"

#define TZ_NAME_MAX 64
#define TZ_FILE_MAX (256 * 1024)
#define TZ_TAB_MAX  (64 * 1024) /* zone.tab read (Debian's: 19 kB) */
#define TZ_DIR	    "/usr/share/zoneinfo"
#define TZ_ABBR_MAX 16 /* "IST", "CEST", "+0530", with its NUL */

/*
 * The UTC offset (seconds east) in effect at Unix time t, from the TZif
 * data (n bytes).  NG_EINVAL for data that is not TZif or is cut short.
 * Pure; no I/O.
 */
enum ng_err tz_offset_data(const unsigned char *data, size_t n, int64_t t,
    int32_t *off) NG_WUR;

/*
 * As tz_offset_data(), and the zone's abbreviation at t into abbr
 * ("BST", "IST", or "+04" where the zone has none in words; abbr may be
 * NULL).
 */
enum ng_err tz_info_data(const unsigned char *data, size_t n, int64_t t,
    int32_t *off, char abbr[TZ_ABBR_MAX]) NG_WUR;

/*
 * The zoneinfo file of zone name, read whole into *data (malloc'd, the
 * caller frees) and *n.  Errors as tz_offset().
 */
enum ng_err tz_file_read(struct str name, unsigned char **data,
    size_t *n) NG_WUR;

/*
 * The offset of zone name at t: "" and "UTC" are 0; otherwise the
 * zoneinfo file of that name.  NG_EINVAL for a name that is not a zone
 * ("..", absolute paths, odd characters) or a file that does not parse,
 * NG_ENOTFOUND for a name with no file.
 */
enum ng_err tz_offset(struct str name, int64_t t, int32_t *off) NG_WUR;

/* 1 when tz_offset() knows name. */
int tz_valid(struct str name);

/*
 * The Unix time of a wall-clock time in zone name, given as seconds as
 * if that wall clock were UTC.  A wall-clock time that a transition skips
 * or repeats maps to one of the moments next to it.
 */
int64_t tz_local_to_utc(struct str name, int64_t local);

struct arena;

/*
 * The zones a person chooses the site's from: "UTC", then the zone names
 * of a zone.tab (TZ_DIR/zone.tab: one or more a country, as tzselect
 * offers them) in data, n bytes, sorted and each once, into *out (in
 * a, borrowing data).  Lines that are comments or have no third field
 * are passed over, and so are names tz_valid() would refuse.  Pure.
 */
enum ng_err tz_zones_data(struct arena *a, const char *data, size_t n,
    struct str **out, size_t *nout) NG_WUR;

/*
 * As tz_zones_data(), from the system's TZ_DIR/zone.tab, read into a:
 * NG_ENOTFOUND when there is none (the caller asks for a name typed).
 */
enum ng_err tz_zones(struct arena *a, struct str **out, size_t *nout) NG_WUR;

#endif
