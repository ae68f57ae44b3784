/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* writer — profiles out. A recorded set of syscall names as a plain list,
 * OCI JSON, a Go snippet (libseccomp-golang) or a C array (libseccomp);
 * and a trimmed profile in its own format: the names its delta drops are
 * left out and everything else is kept (list comments and lines; for OCI
 * every key, condition, comment and the order, and the indentation).
 * Functions return 0 and a NUL-terminated text the caller frees, or
 * -errno. Nothing here writes files or prints. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "delta.h"
#include "profile.h"

enum writer_format { WRITER_LIST, WRITER_OCI, WRITER_GO, WRITER_C, WRITER_MAX };

int writer_format_parse(const char *s, enum writer_format *ret);

struct writer_set {
	char *const *names; /* sorted, distinct */
	size_t n;
	const uint32_t *arches; /* for OCI's "architectures" */
	size_t n_arches;
	const char *origin; /* one line: how the set was made */
	/* Per name, a note written with it as a comment (a rule of its own
	 * in OCI): "Go runtime: async preemption"; NULL: none. */
	const char *const *notes;
};

int writer_names(enum writer_format f, const struct writer_set *s, char **ret);

/* The edit that would allow name, in p's own words: "add the line 'brk'
 * to app.list"; for OCI "add \"brk\" to the \"names\" at p.json:7" (its
 * first unconditional allow rule) or a rule to add. */
void writer_fix_allow(const struct profile *p, const char *name, char *buf,
		      size_t size);

/* A rule that answers name with errno err, in p's format: "brk
 * errno=ENOSYS", or the OCI rule object. */
void writer_errno_rule(const struct profile *p, const char *name, int err,
		       char *buf, size_t size);

/* p with the edits of d (delta.h; NULL: none) in p's own format: the
 * names it leaves out are gone, its added allow rules are in (a strace
 * table comes out as a plain list). */
int writer_trimmed(const struct profile *p, const struct profile_delta *d,
		   char **ret);
