/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* probe — the kernel's own answer, to check the emulator against: load a
 * filter in a forked child and call every syscall with harmless arguments
 * (all -1: bad fds and pointers, as bubblewrap's try-syscall does). So
 * that a denial cannot pass for an ordinary failure and a kill does not end
 * the probe, the program's returns are rewritten first: allow and log stay
 * (the call runs), every other action becomes an errno from a range no
 * syscall returns (3000 + errno for ERRNO, 4000 + n for the others); the
 * decisions themselves are the kernel's. Native arch only. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

struct probe_result {
	int nr;
	char name[64];
	bool skipped; /* cannot be called harmlessly */
	bool ran; /* the kernel let the call run (allow or log) */
	uint32_t action; /* otherwise the SECCOMP_RET_* the kernel took */
};

/* Probe every syscall libseccomp names on the native arch. Returns the
 * count (*ret is the caller's to free) or -errno. */
int probe_filter(const struct filter *f, struct probe_result **ret);

/* Whether a SECCOMP_RET_* value lets the call run. */
bool probe_runs(uint32_t ret);
