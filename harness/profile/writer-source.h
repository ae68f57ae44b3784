/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* writer-source — what writer.c and writer-source.c share: a growing
 * string, and the writers that edit a Go, C or systemd file in place.
 * Internal to the writers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "delta.h"
#include "profile.h"

/* A growing string: after a failed allocation it stays failed, and
 * writer_buf_finish says so. */
struct writer_buf {
	char *s;
	size_t len, alloc;
	bool oom;
};

void writer_buf_printf(struct writer_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The text into *ret (the caller frees), or -ENOMEM (b freed). */
int writer_buf_finish(struct writer_buf *b, char **ret);

/* writer_trimmed for Go and C files, and for systemd units. */
int writer_trimmed_source(const struct profile *p,
			  const struct profile_delta *d, char **ret);
int writer_trimmed_systemd(const struct profile *p,
			   const struct profile_delta *d, char **ret);

/* writer_fix_allow for Go, C and systemd. */
void writer_fix_source(const struct profile *p, const char *name, char *buf,
		       size_t size);
/* writer_errno_rule for Go, C and systemd. */
void writer_errno_source(const struct profile *p, const char *name, int err,
			 char *buf, size_t size);
