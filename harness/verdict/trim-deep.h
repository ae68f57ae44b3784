/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* trim-deep — trim's step 4 (trim.h): which used entries every workload
 * copes without. Each entry is tried alone, denied with ENOSYS and then
 * EPERM, in trials that run at once in worker processes, each worker in
 * a network namespace of its own (loopback up) so that two copies of a
 * server never share a port; where the system allows no namespace, one
 * trial at a time. What each tolerates alone is then tried together in
 * one run; when that fails, the entries are added one by one and those
 * that still hold together are kept apart from those that do not. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "delta.h"
#include "job.h"
#include "profile.h"
#include "run.h"

struct trim_deep_options {
	int jobs; /* trials at once (>= 1) */
	/* Called after each trial: done of about total. NULL: none. */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *ctx;
};

struct trim_tolerated {
	char name[64];
	int err; /* the errno every job coped with */
	bool together; /* denied with the other together ones, still holds */
};

struct trim_deep_result {
	struct trim_tolerated *tolerated; /* in the order of names */
	size_t n_tolerated;
	size_t runs; /* trial and combined runs made */
	bool isolated; /* each trial in a network namespace of its own */
	bool together; /* all tolerated ones hold together */
};

/* Try each of names (distinct) under p with base's edits, for jobs.
 * Returns 0 and *ret (clear with trim_deep_result_clear), or -errno
 * with err set. */
int trim_deep(struct profile *p, const struct job *jobs, size_t n,
	      const struct profile_delta *base, char *const *names,
	      const struct trim_deep_options *o, struct trim_deep_result *ret,
	      struct run_error *err);

void trim_deep_result_clear(struct trim_deep_result *r);

/* Every job once under p with d: ok when each ended as it should (the
 * first failure ends it). 0 or -errno with err set. */
int trim_holds(struct profile *p, const struct job *jobs, size_t n,
	       const struct profile_delta *d, bool *ok, struct run_error *err);
