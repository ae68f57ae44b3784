/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* delta — edits of a profile that leave the profile itself alone: names
 * left out (trim's unused entries) and rules added after the profile's
 * own (trim --learn's missing names, a --deep trial's errno). The filter
 * (filter.h) compiles the profile with its delta; the writer (writer.h)
 * writes the profile with it, in the profile's own format.
 *
 * A delta belongs to one profile: names are counted in the profile's
 * order (rule by rule), so the profile's rules must not change while the
 * delta lives. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "profile.h"

struct profile_delta_rule {
	char *name;
	struct profile_action action;
	bool dropped; /* an added allow rule left out again (a trial) */
};

struct profile_delta {
	size_t *first; /* per rule: the index of its first name in dropped */
	bool *dropped; /* per name of the profile */
	size_t n_rules, n_names;
	struct profile_delta_rule *added; /* in the order they were added */
	size_t n_added, added_alloc;
};

#define PROFILE_DELTA_INIT                                                     \
	{                                                                      \
		NULL, NULL, 0, 0, NULL, 0, 0                                   \
	}

/* An empty delta for p. Returns 0 or -ENOMEM. */
int profile_delta_init(struct profile_delta *d, const struct profile *p);

/* A copy of src (for a trial that edits it further). 0 or -ENOMEM. */
int profile_delta_copy(struct profile_delta *d,
		       const struct profile_delta *src);

/* Whether name j of rule ri is left out (d may be NULL: no). */
bool profile_delta_dropped(const struct profile_delta *d, size_t ri, size_t j);

/* Leave out (or put back) every entry of name in p's active allow rules
 * and the delta's added allow rules: what "unused" means for trim.
 * Returns how many entries changed. */
size_t profile_delta_drop(struct profile_delta *d, const struct profile *p,
			  const char *name, bool dropped);

/* Add a rule for name after the profile's own. 0 or -ENOMEM. */
int profile_delta_add(struct profile_delta *d, const char *name,
		      struct profile_action action);

/* Leave out the rules added for name (the profile's own stay as they
 * are). Returns how many. */
size_t profile_delta_unadd(struct profile_delta *d, const char *name);

void profile_delta_clear(struct profile_delta *d);
static inline void profile_delta_clearp(struct profile_delta *d)
{
	profile_delta_clear(d);
}
#define cleanup_profile_delta __attribute__((cleanup(profile_delta_clearp)))
