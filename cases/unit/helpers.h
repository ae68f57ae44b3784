/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the unit tests: cmocka and what changes under valgrind.
 * Tests of profiles use profile-helpers.h too. */
#pragma once

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <seccomp.h>

#include "config.h"

#define FIXTURE(name) SCAUDIT_SOURCE_ROOT "/fixtures/profiles/" name

/* Whether the test runs under valgrind: `meson test --setup=memcheck` sets
 * SCAUDIT_UNDER_VALGRIND (cases/meson.build). */
static inline bool under_valgrind(void)
{
	const char *v = getenv("SCAUDIT_UNDER_VALGRIND");
	return v && *v && strcmp(v, "0") != 0;
}

/* Skip the running test function under valgrind, saying why: for what the
 * valgrind'd process cannot do, such as loading a seccomp filter (valgrind
 * 3.19 has no seccomp(2), and a filter would bind valgrind's own syscalls
 * too). Call it before allocating: skip() longjmps out of the test. */
#define skip_if_valgrind(reason)                                               \
	do {                                                                   \
		if (under_valgrind()) {                                        \
			print_message("skipped under valgrind: %s\n", reason); \
			skip();                                                \
		}                                                              \
	} while (0)

/* Group setup for tests that build filters in the test process (only as
 * data: exported BPF for the emulator). libseccomp asks the kernel which
 * actions it has through seccomp(2); valgrind 3.19 answers ENOSYS, so the
 * API level drops to 1 and KILL_PROCESS, LOG and NOTIFY are refused
 * (seccomp_init returns NULL, rules -EINVAL). Under valgrind, declare the
 * level of the kernel the filters are for instead, as libseccomp's own
 * simulator tests do (tests/46-sim-kill_process.c: seccomp_api_set(3));
 * 5 is the first level with every action a profile can name. Setting it
 * also spares valgrind the probe's seccomp(2) calls. Natively the kernel's
 * own answer stands. */
static inline int setup_valgrind_api_level(void **state)
{
	if (under_valgrind())
		return seccomp_api_set(5) == 0 ? 0 : -1;
	return 0;
}
