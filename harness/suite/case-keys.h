/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* case-keys — the keys of a [case] section (case.h) and what each value
 * must be: one table, one setter per key, each checking its value with
 * the validator the command line uses (job.h). case.c reads the file and
 * says where; this says what is wrong with a value. */
#pragma once

#include <stddef.h>

#include "case.h"
#include "diag.h"

#define CASE_KEYS_MAX 24

/* Where a value was read: paths are relative to dir. */
struct case_key_at {
	const char *dir;
	unsigned line;
};

/* The index of key, or -1 with hint set ("did you mean 'caps'?", else
 * the known keys). */
int case_key_find(const char *key, char *hint, size_t size);

/* Key k's value into c. 0, -EINVAL with d's message and hint set (no
 * place: the caller knows it), or -ENOMEM. */
int case_key_set(size_t k, const struct case_key_at *at, struct scase *c,
		 const char *value, struct diag *d);
