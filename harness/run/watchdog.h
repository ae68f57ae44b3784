/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* watchdog — ends a run at its deadline even when the supervisor cannot.
 * A workload allowed to ptrace or signal its parent can stop the
 * supervisor (PTRACE_ATTACH, SIGSTOP), and a stopped process keeps no
 * timeout. So a small process, forked before the workload, waits for the
 * deadline plus a grace; unless dismissed first, it kills every other
 * descendant of the supervisor and sends the supervisor SIGCONT (its
 * tracer, if any, is dead by then, which detaches it).
 *
 * It guards against being stopped, not against everything: a workload
 * with the same uid and kill(2) can still kill the watchdog itself.
 * The watchdog reads /proc with malloc and stdio after fork: the caller
 * must be single-threaded (the CLI and the suite's workers are). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

struct watchdog {
	pid_t pid; /* 0: none */
	int pidfd; /* to end and reap it even if its pid was reaped and reused */
	int fd; /* a byte arms it; closing it dismisses the watchdog */
	volatile int *fired; /* shared with it: set when it stepped in */
};

#define WATCHDOG_INIT                                                          \
	{                                                                      \
		0, -1, -1, NULL                                                \
	}

/* Start a watchdog that fires seconds (> 0) after it is armed (when it
 * reads the arming byte), or setup + seconds after its start if never
 * armed (the spawn failed or hung before the child could arm it).
 * Returns 0 or -errno. */
int watchdog_start(double seconds, double setup, struct watchdog *ret);

/* The workload is about to start: count the seconds from now, so a slow
 * setup (a loaded machine) does not eat into the run's time. Once only;
 * also from the forked child that becomes the workload, before it can
 * run a line of the workload's code (which could stop us). */
void watchdog_arm(struct watchdog *w);

/* Whether it stepped in (the supervisor was stopped past the deadline). */
bool watchdog_fired(const struct watchdog *w);

/* Dismiss it, end it (a workload may have stopped it too) and reap it (if
 * the supervisor's loop has not already). Safe on WATCHDOG_INIT and
 * twice. */
void watchdog_stop(struct watchdog *w);
