/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bypass — what lets a workload act past its seccomp filter: io_uring.
 * A ring's operations (IORING_OP_OPENAT, READ, UNLINKAT, SOCKET,
 * CONNECT, …) are carried out by the kernel with no syscall of their
 * own, so no filter sees them, and scaudit cannot either: a run that set
 * up a ring proves nothing about what it did through it. Whenever a run
 * used io_uring_setup (the profile allowed it), that is a finding, with
 * where the operations can be read and what to do. One rule, from the
 * names the runs used (usage.h). */
#pragma once

#include <stddef.h>

#include "observations.h"
#include "strv.h"

/* The first name the runs used (used, the union; or allowed in obs, the
 * shown run's calls, which always watch them) that opens a way around
 * the filter ("io_uring_setup"), or NULL. */
const char *bypass_used(const struct strv *used,
			const struct observations *obs);

/* What it means and what to do, in words, into buf. */
void bypass_describe(const char *name, char *buf, size_t size);
