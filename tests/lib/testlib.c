/*
 * testlib.c -- helpers shared by the unit tests.
 */
#include <sys/stat.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

char *
testlib_tmpdir(void)
{
	const char *base;
	char	   *path;

	if ((base = getenv("TMPDIR")) == NULL || *base == '\0')
		base = "/tmp";
	if (asprintf(&path, "%s/nutgraf-test.XXXXXX", base) == -1)
		fail_msg("asprintf");
	if (mkdtemp(path) == NULL)
		fail_msg("mkdtemp %s", path);
	return path;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 ? 0 : 0;
}

void
testlib_rmrf(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *
testlib_read_file(const char *path, size_t *len)
{
	FILE *f;
	char *p;
	long  sz;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0) {
		fclose(f);
		return NULL;
	}
	rewind(f);
	if ((p = malloc((size_t)sz + 1)) == NULL) {
		fclose(f);
		return NULL;
	}
	if (fread(p, 1, (size_t)sz, f) != (size_t)sz) {
		free(p);
		fclose(f);
		return NULL;
	}
	p[sz] = '\0';
	fclose(f);
	if (len != NULL)
		*len = (size_t)sz;
	return p;
}
