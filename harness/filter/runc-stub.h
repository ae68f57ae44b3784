/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* runc-stub — runc's ENOSYS stub (libcontainer/seccomp/patchbpf). In
 * front of libseccomp's program runc puts a test per arch that answers
 * ENOSYS for every syscall number above the highest one the profile names
 * on that arch, so a program trying a newer call (clone3 in a profile
 * that predates it) falls back as on an older kernel instead of meeting
 * the default action. runc adds it when the profile lists architectures,
 * its default action is not allow, log or trace, and its default errno is
 * not ENOSYS already. x32 has cut-offs of its own (its numbers carry bit
 * 30). Names are resolved as runc does: a name an arch does not know
 * counts for nothing there.
 *
 * filter_build prepends it to the exact program under runc's semantics
 * (profile.h), so `exec`, the supervisor's answers and every analysis
 * decide as runc's filter would. */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "delta.h"
#include "profile.h"

#define RUNC_STUB_MAX_ARCHES 8

struct runc_cutoff {
	uint32_t arch; /* libseccomp token */
	int nr; /* the highest number the profile names on it */
	char name[64]; /* that syscall */
};

/* The arches p lists as a runtime spec has them: its "architectures",
 * or its archMap's entry for the arch it is judged for (p->arches[0])
 * with that entry's sub-arches, as Docker writes them; into ret, how
 * many. What runc's stub covers, and what a bundle lists. */
size_t runc_stub_listed(const struct profile *p,
			uint32_t ret[RUNC_STUB_MAX_ARCHES]);

/* Whether runc puts the stub in front of p's filter (p evaluated). */
bool runc_stub_applies(const struct profile *p);

/* The cut-off of each of p's arches that names a syscall, with d's edits
 * (may be NULL), into ret; how many. */
size_t runc_stub_cutoffs(const struct profile *p, const struct profile_delta *d,
			 struct runc_cutoff ret[RUNC_STUB_MAX_ARCHES]);

/* The stub for n cut-offs, a program that falls through to whatever
 * follows it: 0 and *ret (free it), or -ENOMEM. */
int runc_stub_build(const struct runc_cutoff *c, size_t n,
		    struct sock_filter **ret, size_t *ret_len);

/* Whether the stub answers a call of arch (libseccomp's token, as
 * observations name it) with number nr; its cut-off into *ret when so. */
bool runc_stub_covers(const struct profile *p, const struct profile_delta *d,
		      uint32_t arch, int nr, struct runc_cutoff *ret);

/* "ENOSYS above x86_64 435 (clone3), x86 435 (clone3)", or why there is
 * no stub, for reports. */
void runc_stub_describe(const struct profile *p, const struct profile_delta *d,
			char *buf, size_t size);

/* Who applies p, for every report's header: "runc (ENOSYS above …)",
 * "crun", "libseccomp". */
void runc_stub_semantics(const struct profile *p, const struct profile_delta *d,
			 char *buf, size_t size);
