/*
 * fuzz/replay.c -- run a fuzz target's committed corpus without libFuzzer.
 *
 * Each fuzz driver is also linked with this main() into a plain test
 * program (as h2o does), so `make test` feeds every seed and every past
 * crash input through LLVMFuzzerTestOneInput() in the normal and the
 * ASan+UBSan builds.  A driver that finds a broken property calls abort(),
 * and the sanitizers abort on their findings, so a regression fails the
 * test; the name of the file being replayed is on stderr first.
 *
 *	fuzz_replay_NAME DIR|FILE ...
 *
 * Prints TAP: one "ok" line per input, in sorted order so runs compare.
 * An empty or unreadable corpus is a failure, not a pass.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Larger than any input a target takes; a seed this big is a mistake. */
#define REPLAY_MAX	(4 * 1024 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int	 replay_file(const char *, int);
static int	 replay_path(const char *, int *);
static int	 name_cmp(const void *, const void *);

/*
 * Reads the whole file into an exactly sized heap buffer, so ASan sees
 * any read past the end of the input just as libFuzzer's copy would.
 */
static int
replay_file(const char *path, int n)
{
	struct stat	 st;
	uint8_t		*buf;
	size_t		 got;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY)) == -1 || fstat(fd, &st) == -1) {
		printf("not ok %d - %s: %s\n", n, path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if (st.st_size > REPLAY_MAX) {
		printf("not ok %d - %s: larger than %d bytes\n", n, path,
		    REPLAY_MAX);
		close(fd);
		return -1;
	}
	/* malloc(0) may return NULL; keep one byte so the pointer is real. */
	if ((buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1)) == NULL) {
		printf("not ok %d - %s: out of memory\n", n, path);
		close(fd);
		return -1;
	}
	for (got = 0; got < (size_t)st.st_size; got += r) {
		r = read(fd, buf + got, st.st_size - got);
		if (r <= 0) {
			printf("not ok %d - %s: short read\n", n, path);
			free(buf);
			close(fd);
			return -1;
		}
	}
	close(fd);
	fprintf(stderr, "replaying %s (%zu bytes)\n", path, got);
	fflush(stderr);
	LLVMFuzzerTestOneInput(buf, got);
	free(buf);
	printf("ok %d - %s\n", n, path);
	fflush(stdout);
	return 0;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays a file, or every regular file of a directory (not recursive). */
static int
replay_path(const char *path, int *n)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	char		**names = NULL, **grown, full[4096];
	size_t		 i, count = 0, cap = 0;
	int		 rc = 0;

	if (stat(path, &st) == -1) {
		printf("not ok %d - %s: %s\n", ++*n, path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, ++*n);
	if ((d = opendir(path)) == NULL) {
		printf("not ok %d - %s: %s\n", ++*n, path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			if ((grown = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				abort();
			names = grown;
		}
		if ((names[count++] = strdup(de->d_name)) == NULL)
			abort();
	}
	closedir(d);
	if (count == 0) {
		printf("not ok %d - %s: no inputs\n", ++*n, path);
		free(names);
		return -1;
	}
	qsort(names, count, sizeof(*names), name_cmp);
	for (i = 0; i < count; i++) {
		if ((size_t)snprintf(full, sizeof(full), "%s/%s", path,
		    names[i]) >= sizeof(full)) {
			printf("not ok %d - %s/%s: path too long\n", ++*n,
			    path, names[i]);
			rc = -1;
		} else if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			if (replay_file(full, ++*n) == -1)
				rc = -1;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char *argv[])
{
	int	 i, n = 0, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE ...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &n) == -1)
			rc = 1;
	printf("1..%d\n", n);
	return rc;
}
