/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* summary — a suite's verdict from its cases: per profile the union of
 * what its cases used, the entries some case needs and the profile lacks
 * (with the cases), the allowed entries no case used; over all, whether
 * there are findings. suite_run ends with it, and so does merge, so
 * shards combine into the verdict one run would have given. */
#pragma once

#include <stdbool.h>

#include "diag.h"
#include "suite.h"

/* Recompute the summary of r from its cases and its profiles' allowed
 * entries. Returns 0 or -ENOMEM. */
int suite_summarize(struct suite_result *r, bool fail_on_unnecessary);

/* Combine the results of several shards of one split (parts[i] read from
 * paths[i]): every shard must be there, a case counts once whichever
 * shard ran it. Returns 0 and *ret (summarized), -EINVAL with d saying
 * which shard is missing or of another split, or -ENOMEM. */
int suite_merge(const struct suite_result *parts, const char *const *paths,
		size_t n, struct suite_result *ret, struct diag *d);
