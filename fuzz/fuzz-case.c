/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: case files (case.c, libinih, wordexp) through case_load().
 * case_load() reads a path, so the input goes to a memfd, opened again
 * through /proc/self/fd/N; relative paths in it resolve against
 * /proc/self/fd, where they name nothing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "case.h"
#include "fuzz.h"

static int memfd = -1;
static char path[64];

static void setup(void)
{
	/* The suite's cases name their workloads through this variable;
	 * wordexp (WRDE_UNDEF) refuses a command that uses it unset. */
	setenv("SCAUDIT_WORKLOADS", "/nonexistent/workloads", 0);
	memfd = memfd_create("fuzz-case", MFD_CLOEXEC);
	if (memfd < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
}

static void put(const uint8_t *data, size_t size)
{
	if (ftruncate(memfd, 0) < 0)
		abort();
	for (size_t off = 0; off < size;) {
		ssize_t n = pwrite(memfd, data + off, size - off, (off_t)off);
		if (n <= 0)
			abort();
		off += (size_t)n;
	}
}

static size_t strv_len(char **v)
{
	size_t n = 0;
	for (; v && v[n]; n++)
		(void)strlen(v[n]);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (memfd < 0)
		setup();
	put(data, size);

	struct case_list list = { 0 };
	struct diag d = { 0 };
	int r = case_load(path, &list, &d);
	if (r == 0) {
		if (list.n == 0)
			abort();
		/* What the suite runner reads of every case. */
		for (size_t i = 0; i < list.n; i++) {
			const struct scase *c = &list.cases[i];
			if (!c->name || !c->file || !c->profile || !c->argv ||
			    !c->argv[0] || c->expect_exit < 0 ||
			    c->expect_exit > 255 || !(c->timeout >= 0))
				abort();
			(void)strv_len(c->argv);
			(void)strv_len(c->expect_denied);
			(void)strv_len(c->env);
		}
	} else {
		if (!memchr(d.message, '\0', sizeof(d.message)))
			abort();
		if (r == -EINVAL && !d.message[0])
			abort();
		char line[1400];
		diag_format(&d, line, sizeof(line));
	}
	case_list_free(&list);
	return 0;
}
