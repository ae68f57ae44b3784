/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sometimes — syscalls a workload makes only in some runs, known ahead
 * from what a run shows, so that no run that happened to miss them calls
 * them unnecessary and trim never removes them:
 *  - the kernel's own: rt_sigreturn ends every handled signal (and is
 *    never watched, filter.h) once the workload installed a handler;
 *    restart_syscall resumes a sleep (nanosleep, clock_nanosleep, poll)
 *    that a stop signal interrupted (restart_syscall(2));
 *  - a runtime's: a Go program's scheduler, preemption and netpoller make
 *    calls by timing, not by the program's code (the list and the Go
 *    runtime files it comes from are in sometimes.c);
 *  - what a container runtime does not let scaudit observe (runc's
 *    `write`, observations.unobserved): not seen, so never unused.
 * Each entry says why, for the reports and the written profile. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "observations.h"
#include "strv.h"

struct sometimes_entry {
	char name[64];
	const char *why; /* static text: "Go runtime: async preemption" */
};

struct sometimes {
	struct sometimes_entry *v;
	size_t n, alloc;
	bool go; /* a Go program ran */
	bool cgo; /* one linked with cgo (glibc starts its threads) */
};

/* Whether the ELF file at path is a Go program (its "Go" build-id note,
 * as Go's linker writes it). */
bool sometimes_is_go(const char *path);

/* Add what o's run makes only sometimes to ret (each name once): the
 * kernel's when the run shows what makes them, Go's when program or an
 * executable the run saw is a Go program. 0 or -ENOMEM. */
int sometimes_add(const struct observations *o, const char *program,
		  struct sometimes *ret);

/* Whether name is in s; its entry, or NULL. */
const struct sometimes_entry *sometimes_find(const struct sometimes *s,
					     const char *name);

/* The names of s appended to ret. 0 or -ENOMEM. */
int sometimes_names(const struct sometimes *s, struct strv *ret);

void sometimes_clear(struct sometimes *s);
