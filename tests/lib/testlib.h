/*
 * testlib.h -- helpers shared by the cmocka unit tests.
 */
#ifndef NG_TESTS_TESTLIB_H
#define NG_TESTS_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/*
 * Make a fresh empty directory under $TMPDIR (or /tmp) and return its path
 * (malloc'd).  Fails the test on error.
 */
char *testlib_tmpdir(void);

/* Remove path and everything below it.  Errors are ignored. */
void testlib_rmrf(const char *path);

/* Read a whole file (malloc'd, NUL-terminated); *len gets its size. */
char *testlib_read_file(const char *path, size_t *len);

#endif
