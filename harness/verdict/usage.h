/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* usage — which observed calls count as the workload's use of its
 * profile, in one place: every named call the profile allowed, made by
 * the workload or, of the launcher's calls (scaudit's child between
 * loading the filter and execve), only execve: every launcher that loads
 * the filter before exec (runc, `scaudit exec`) needs it; its other calls
 * are scaudit's own. And the usage set record writes a profile from:
 * each name with its calls, the arches it came from and the executables
 * that made it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "delta.h"
#include "observations.h"
#include "profile.h"
#include "strv.h"
#include "syscalls.h"

/* Whether c is use of the profile (above). A call libseccomp has no name
 * for is no use a profile can name (usage_collect counts them apart). */
bool usage_counts(const struct obs_call *c);

/* The names of the calls that count, in order of first sight, each once,
 * appended to ret. Returns 0 or -ENOMEM. */
int usage_names(const struct observations *o, struct strv *ret);

/* An allowed entry of a profile: what a run can show unnecessary. */
struct usage_allowed {
	const char *name; /* points into the profile */
	struct profile_loc loc;
};

/* The entries of p (evaluated: under a job's caps, arch and kernel) that
 * a run can judge: every name of an active allow rule, left in by d (may
 * be NULL), that is a syscall of an arch the filter covers, in profile
 * order (a name in two rules twice). 0 and *ret (free it), or -ENOMEM.
 * They point into p. */
int usage_allowed(const struct profile *p, const struct profile_delta *d,
		  struct usage_allowed **ret, size_t *ret_n);

/* Of the n entries v, those whose name used does not hold, kept in place
 * at the front of v (order kept); returns how many. */
size_t usage_unused(struct usage_allowed *v, size_t n, char *const *used);

#define USAGE_MAX_EXES OBS_MAX_EXES

/* How many calls of a name one executable made. */
struct usage_exe {
	uint32_t exe; /* an index into usage_set.exes */
	uint64_t calls;
};

struct usage_entry {
	char name[64];
	unsigned runs; /* how many of the set's runs used it */
	uint64_t calls;
	uint32_t arches[SYSCALLS_MAX_ARCHES];
	size_t n_arches;
	/* Which executables made it, most calls first. With the calls of
	 * executables past the first USAGE_MAX_EXES (or past a run's
	 * OBS_MAX_EXES: who made those is unknown) and the launcher's (its
	 * execve: scaudit's own process, no executable of the workload)
	 * they add up to calls. */
	struct usage_exe exes[USAGE_MAX_EXES];
	size_t n_exes;
	uint64_t other_exes, launcher;
};

struct usage_set {
	struct usage_entry *v; /* sorted by name once usage_collect ends */
	size_t n, alloc;
	uint32_t arches[SYSCALLS_MAX_ARCHES]; /* every arch a call came from,
					       * the native one first */
	size_t n_arches;
	/* Used calls libseccomp has no name for: not in v. The first 16
	 * of n_unnamed. */
	struct {
		int nr;
		uint32_t arch;
	} unnamed[16];
	size_t n_unnamed;
	/* restart_syscall or rt_sigreturn were seen: the kernel makes them
	 * on the workload's behalf (after a signal). */
	bool kernel_made;
	unsigned runs; /* the runs it holds (usage_merge) */
	struct strv exes; /* the executables' paths the entries index */
};

/* Aggregate the used calls of o, one run, into *ret (native is the first
 * arch). Returns 0 or -ENOMEM; clear with usage_set_clear. */
int usage_collect(const struct observations *o, uint32_t native,
		  struct usage_set *ret);

/* Add the runs of from to into: names, calls, arches, executables (from's
 * indexes remapped to into's table), and for each name how many runs used
 * it. 0 or -ENOMEM. */
int usage_merge(struct usage_set *into, const struct usage_set *from);

/* The names some of u's runs used and others did not, appended to ret
 * (sorted). 0 or -ENOMEM. */
int usage_intermittent(const struct usage_set *u, struct strv *ret);

/* The entry of name, or NULL. */
const struct usage_entry *usage_find(const struct usage_set *u,
				     const char *name);

/* Add name with no calls unless it is there (record --merge). 0, -ENOMEM. */
int usage_add_name(struct usage_set *u, const char *name);

/* Keep only the entries whose name keep holds (order kept); returns how
 * many went. */
size_t usage_keep(struct usage_set *u, char *const *keep);

/* Whether executable path is one of want (NULL-terminated): a value with
 * a '/' is a whole path, any other a basename. */
bool usage_exe_matches(const char *path, char *const *want);

/* Keep only the calls of the executables want names (usage_exe_matches):
 * each entry's calls and executables become theirs, and an entry none of
 * them made goes. Kept all the same, their calls counted: the launcher's
 * (the workload's start needs its execve whatever runs next) and those
 * of executables past the count (who made them is unknown). The names
 * that went are appended to ret_names, the executables that made them to
 * ret_exes (paths, each once). Returns how many went, or -ENOMEM. */
int usage_keep_exes(struct usage_set *u, char *const *want,
		    struct strv *ret_names, struct strv *ret_exes);

/* Sort by name (after usage_add_name), each entry's executables by their
 * calls. */
void usage_sort(struct usage_set *u);

/* Every name, in the set's order, appended to ret. 0 or -ENOMEM. */
int usage_set_names(const struct usage_set *u, struct strv *ret);

void usage_set_clear(struct usage_set *u);
static inline void usage_set_clearp(struct usage_set *x)
{
	usage_set_clear(x);
}
#define cleanup_usage_set __attribute__((cleanup(usage_set_clearp)))
