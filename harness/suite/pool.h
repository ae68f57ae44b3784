/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pool — a suite's workers: one forked process per case, at most jobs at
 * once, each writing its case's result (suite-json) into a memfd of its
 * own; the progress lines as each ends.
 *
 * Cancellation: SIGINT, SIGTERM and SIGHUP (a CI job cancelled, a ^C)
 * are read, not obeyed: every running worker gets the signal at once,
 * which its supervisor reads as "interrupted" and ends its run's tree
 * (supervisor.h); a worker not done within POOL_GRACE_SECONDS is killed,
 * and with it its tree (its pid namespace's init dies with it: pidns.h).
 * The finished cases keep their results, the others end as "not run:
 * interrupted", and r->interrupted says by what, so every report asked
 * for is still written. */
#pragma once

#include "case.h"
#include "suite.h"

#define POOL_GRACE_SECONDS 5

/* In a worker: run case c into ret. 0, or -ENOMEM. */
typedef int (*pool_case_fn)(const struct scase *c, void *arg,
			    struct suite_case_result *ret);

/* Run o's shard of cl's cases, adding each result to r (in the order
 * they end). 0 or -errno. */
int pool_run(const struct case_list *cl, const struct suite_options *o,
	     pool_case_fn run, void *arg, struct suite_result *r);
