/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* replay — run a fuzz target over files, without libFuzzer, so the seed
 * corpus and the crash reproducers in fuzz/regressions/ are tested in
 * every build (gcc included).
 *
 *   replay-TARGET PATH...
 *
 * A file is one input. A directory gives its files in name order, and
 * those of its subdirectories (one level down); names starting with '.'
 * are skipped. A path that does not exist is an error: a typo must not
 * pass as an empty corpus. Prints one line per input to stderr and a
 * count at the end; exits 0, or 1 when a path could not be read. A target
 * that breaks kills the process (abort, a signal, a sanitizer report). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "util.h"

static size_t n_inputs;

static int replay_file(const char *path)
{
	cleanup_free char *buf = NULL;
	size_t len;
	/* The same limit as profile_load: no seed comes near it. */
	int r = util_read_file(path, UTIL_MAX_FILE_SIZE, &buf, &len);
	if (r < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(-r));
		return r;
	}
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* Exactly len bytes, not NUL-terminated, as libFuzzer passes them,
	 * and ending where an inaccessible page starts: a read past the end
	 * faults in every build, not only under AddressSanitizer. */
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = (len + page - 1) / page * page + page;
	uint8_t *map = mmap(NULL, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED)
		return -errno;
	if (mprotect(map + size - page, page, PROT_NONE) < 0) {
		r = -errno;
		munmap(map, size);
		return r;
	}
	uint8_t *copy = map + size - page - len;
	memcpy(copy, buf, len);
	LLVMFuzzerTestOneInput(copy, len);
	munmap(map, size);
	n_inputs++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_path(const char *path, unsigned depth)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	if (depth > 1)
		return 0;
	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	char **names = NULL;
	size_t n = 0, alloc = 0;
	int r = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		void *a = names;
		if (util_grow(&a, &alloc, n, sizeof(*names)) < 0) {
			r = -ENOMEM;
			break;
		}
		names = a;
		if (asprintf(&names[n], "%s/%s", path, e->d_name) < 0) {
			r = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(dir);
	if (names)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		int q = replay_path(names[i], depth + 1);
		if (q < 0)
			r = q;
		free(names[i]);
	}
	free(names);
	return r;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH...\n", argv[0]);
		return 2;
	}
	int failed = 0;
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i], 0) < 0)
			failed = 1;
	fprintf(stderr, "replay: %zu inputs\n", n_inputs);
	return failed;
}
