/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* For the unit tests that run the fixture workloads (fixtures/workloads,
 * found in $SCAUDIT_WORKLOADS): a job of one, its output to /dev/null. */
#pragma once

#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "job.h"

/* A job running $SCAUDIT_WORKLOADS/syscaller ARGS... */
struct wl {
	char *path;
	char *argv[8];
	struct job j;
};

/* args[0] may name another workload: "@coin", "@fallback". */
static inline void wl_init(struct wl *w, const char *const *args)
{
	const char *dir = getenv("SCAUDIT_WORKLOADS");
	if (!dir || !*dir)
		fail_msg("SCAUDIT_WORKLOADS is not set (meson test sets it)");
	memset(w, 0, sizeof(*w));
	const char *prog = "syscaller";
	if (args[0] && args[0][0] == '@')
		prog = *args++ + 1;
	assert_true(asprintf(&w->path, "%s/%s", dir, prog) > 0);
	w->argv[0] = w->path;
	size_t n = 1;
	for (; args[n - 1]; n++) {
		assert_true(n < sizeof(w->argv) / sizeof(w->argv[0]) - 1);
		w->argv[n] = (char *)args[n - 1];
	}
	w->argv[n] = NULL;
	struct diag d = { 0 };
	assert_int_equal(job_init(&w->j, prog, w->argv, &d), 0);
	int r = job_find_program(&w->j, &d);
	if (r < 0)
		print_error("%s\n", d.message);
	assert_int_equal(r, 0);
	w->j.out = w->j.err = CAPTURE_NULL;
	w->j.timeout = 120; /* ASan on a loaded machine */
}

static inline void wl_clear(struct wl *w)
{
	job_clear(&w->j);
	free(w->path);
}
