/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* dangerous — the syscalls whose mere availability is a risk, and why:
 * the one list that lint's findings, the exposure summary (exposure.h)
 * and the reports share. An entry marked conditional is fine when a rule
 * checks its arguments (clone's namespace flags, personality's persona);
 * the others are a risk whatever the arguments. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct dangerous_syscall {
	const char *name;
	bool conditional;
	const char *why; /* "reads and writes other processes' memory" */
};

/* The entry of name, or NULL: not on the list. */
const struct dangerous_syscall *dangerous_find(const char *name);

/* The whole list, *ret_n entries, static. */
const struct dangerous_syscall *dangerous_list(size_t *ret_n);
