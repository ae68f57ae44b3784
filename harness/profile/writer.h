/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* writer — profiles out. A set of syscall names as a plain list, OCI
 * JSON, a Go file (libseccomp-golang), a C array (libseccomp) or a systemd
 * drop-in; and a trimmed profile in its own format: the names its delta
 * drops are left out and everything else is kept (list comments and
 * lines; for OCI every key, condition, comment and the order, and the
 * indentation; for Go and C every other byte of the file; for systemd
 * every other line and token). writer-source.c edits Go, C and systemd
 * files.
 * Functions return 0 and a NUL-terminated text the caller frees, or
 * -errno. Nothing here writes files or prints. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "delta.h"
#include "profile.h"

enum writer_format {
	WRITER_LIST,
	WRITER_OCI,
	WRITER_GO,
	WRITER_C,
	WRITER_SYSTEMD,
	WRITER_MAX
};

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
	const char *package; /* Go's package clause; NULL: "main" */
	/* The default action; NULL: each format's usual (OCI errno EPERM,
	 * systemd kill). Go and C files leave it to the program: a comment
	 * says what it was. Allow: systemd writes a deny list. */
	const struct profile_action *default_action;
	/* Per name, its action; NULL: all allow. A list writes errno
	 * actions (name errno=E), OCI any, a systemd deny list its
	 * denials; Go, C and a systemd allow list write the allowed names
	 * only. */
	const struct profile_action *actions;
};

int writer_names(enum writer_format f, const struct writer_set *s, char **ret);

/* The "fix" for a call libseccomp cannot name (syscall nr of arch): none
 * can be written, and why. */
void writer_fix_unnamed(const char *arch, int nr, char *buf, size_t size);

/* The edit that would allow name, in p's own words: "add the line 'brk'
 * to app.list"; for OCI "add \"brk\" to the \"names\" at p.json:7" (its
 * first unconditional allow rule) or a rule to add; for Go and C the
 * array (or call) to add to, for systemd the SystemCallFilter= line; for
 * a strace table the conversion that makes it a profile. */
/* Where that fix goes, for reports that point at the line to edit: the
 * "names" of the rule it joins (OCI), the list's last entry, the place a
 * Go, C or systemd file takes a name; else the default action's line, or
 * line 1. */
struct profile_loc writer_fix_at(const struct profile *p);

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
