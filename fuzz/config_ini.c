/*
 * fuzz/config_ini.c -- libFuzzer driver for the INI config reader
 * (src/core/config.c), given the input as a config file.
 *
 * The file is a memfd read through /proc/self/fd, so the driver runs the
 * same config_load_file() as `nutgraf serve --config`.  Invariants
 * besides the sanitizers: a refusal comes with a one-line message; an
 * accepted file leaves the limits the server depends on non-zero.
 */
#include <sys/mman.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ng_config	 cfg;
	char			 path[64], err[512];
	int			 fd;

	if ((fd = memfd_create("fuzz-config", MFD_CLOEXEC)) == -1)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	config_defaults(&cfg);
	err[0] = '\0';
	if (config_load_file(&cfg, path, err, sizeof(err)) != NG_OK) {
		if (err[0] == '\0' || memchr(err, '\n', strlen(err)) != NULL)
			abort();
	} else if (cfg.header_max == 0 || cfg.arena_max == 0)
		abort();
	config_free(&cfg);
	close(fd);
	return 0;
}
