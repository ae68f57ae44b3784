/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* profile — the one in-memory form of a seccomp allowlist, whatever file
 * it came from. Readers (profile-list.c, profile-oci.c, profile-strace.c,
 * profile-go.c, profile-c.c, profile-systemd.c) fill it; every later module (filter, lint, report, trim) reads it.
 *
 * Invariants:
 *  - A rule is one source rule: for OCI one element of "syscalls", for a
 *    list or strace table one line, for Go and C one element of the array
 *    (or one seccomp_rule_add call), for systemd one name of a
 *    SystemCallFilter= line (a group's names each a rule of their own,
 *    comment "@group"). It holds one or more names, one action,
 *    argument conditions (all must match) and includes/excludes.
 *  - Every rule, name and argument remembers where it came from
 *    (profile_loc: file, 1-based line and column) so findings point at the
 *    line a user must edit. loc.file points into the profile (p->path).
 *  - The profile owns everything it points to; profile_free() releases it.
 *  - For OCI profiles p->doc keeps the whole parsed document, unknown keys
 *    and order included, for writers that must round-trip it.
 *  - profile_evaluate() (profile-evaluate.c) decides which rules apply
 *    under a capability set, an arch and a kernel version (Docker's
 *    semantics); it only sets the rules' `active`/`inactive_reason` and
 *    p->arches, never removes. A run's profile is evaluated under the
 *    job's environment by pipeline_run.
 *  - After loading, the rules do not change: edits (trim's) live in a
 *    struct profile_delta (delta.h) beside the profile. */
#pragma once

#include <seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "strv.h"
#include "syscalls.h"

typedef struct json_t json_t;

enum profile_format {
	PROFILE_FORMAT_AUTO,
	PROFILE_FORMAT_LIST,
	PROFILE_FORMAT_OCI,
	PROFILE_FORMAT_STRACE,
	PROFILE_FORMAT_GO,
	PROFILE_FORMAT_C,
	PROFILE_FORMAT_SYSTEMD,
	PROFILE_FORMAT_MAX
};

enum profile_action_type {
	PROFILE_ACT_ALLOW,
	PROFILE_ACT_ERRNO,
	PROFILE_ACT_KILL_PROCESS,
	PROFILE_ACT_KILL_THREAD,
	PROFILE_ACT_TRAP,
	PROFILE_ACT_LOG,
	PROFILE_ACT_NOTIFY,
	PROFILE_ACT_TRACE,
	PROFILE_ACT_MAX
};

struct profile_action {
	enum profile_action_type type;
	uint32_t value; /* errno for ERRNO, message for TRACE, else 0 */
};

struct profile_loc {
	const char *file;
	unsigned line;
	unsigned column;
};

struct profile_arg {
	unsigned index; /* 0..5 */
	enum scmp_compare op;
	uint64_t value;
	uint64_t value_two; /* MASKED_EQ: what (arg & value) must equal */
	struct profile_loc loc;
};

/* includes or excludes of a rule (Docker's conditions). */
struct profile_cond {
	struct strv caps; /* as written, "CAP_SYS_ADMIN" */
	int *cap_values; /* libcap's numbers, one per cap; -1: libcap lacks it */
	struct strv arches; /* as written, "amd64", "x32" */
	char *min_kernel; /* "4.8" or NULL */
	unsigned min_kernel_major, min_kernel_minor;
};

struct profile_name {
	char *name;
	struct profile_loc loc;
	uint64_t calls, errors; /* strace -c tables only */
};

struct profile_rule {
	struct profile_loc loc;
	struct profile_name *names;
	size_t n_names, names_alloc; /* grown by profile_rule_add_name */
	struct profile_action action;
	struct profile_arg *args;
	size_t n_args, args_alloc; /* grown by profile_rule_add_arg */
	struct profile_cond includes, excludes;
	char *comment; /* OCI "comment", list trailing comment; may be NULL */

	/* Set by profile_evaluate(). */
	bool active;
	char inactive_reason[160];
};

struct profile_archmap {
	char *arch;
	struct strv subs;
	struct profile_loc loc;
};

/* Who turns the profile into the kernel's filter, and so how its
 * filter answers: libseccomp's program as written (`scaudit exec`, a
 * program's own loader), or a container runtime's. runc prepends a stub
 * that answers ENOSYS for syscall numbers above the highest one the
 * profile names (filter/runc-stub.h); crun loads libseccomp's program. */
enum profile_semantics {
	PROFILE_SEMANTICS_AUTO, /* runc for OCI JSON, libseccomp otherwise */
	PROFILE_SEMANTICS_LIBSECCOMP,
	PROFILE_SEMANTICS_RUNC,
	PROFILE_SEMANTICS_CRUN,
	PROFILE_SEMANTICS_MAX
};

/* How a Go or C file writes its names, for writers that edit it. */
enum profile_source_style {
	PROFILE_SOURCE_NONE, /* not go or c */
	PROFILE_SOURCE_STRINGS, /* "read", … (Go []string, C char *[]) */
	PROFILE_SOURCE_SCMP_SYS, /* C int array of SCMP_SYS(read), … */
	PROFILE_SOURCE_CALLS, /* C seccomp_rule_add(…, SCMP_SYS(read), …); */
	PROFILE_SOURCE_MAX
};

struct profile_source {
	enum profile_source_style style;
	char *var; /* the array's name ("syscalls"); NULL: none */
	/* Where a name is added: the array's '}' (or the NULL ending it);
	 * for calls the last unconditional allow call. systemd: the last
	 * SystemCallFilter= line. line 0: nowhere. */
	struct profile_loc end;
	bool deny_list; /* systemd: SystemCallFilter=~… came first */
};

struct profile {
	char *path;
	enum profile_format format;
	struct profile_action default_action;
	struct profile_loc default_loc;

	/* OCI "architectures", as written; systemd SystemCallArchitectures=
	 * in libseccomp's names ("native" resolved). */
	struct strv architectures;
	struct profile_archmap *archmap;
	size_t n_archmap;
	struct strv flags;

	struct profile_rule *rules;
	size_t n_rules, rules_alloc; /* grown by profile_add_rule */

	json_t *doc; /* OCI only: the parsed document, owned */
	char *text; /* the text it was read from, owned (writers reuse it) */
	struct profile_source source; /* go, c, systemd */

	/* Set by profile_evaluate(): the arches the filter covers, and who
	 * loads it (never AUTO). */
	uint32_t arches[8];
	size_t n_arches;
	enum profile_semantics semantics;
};

/* What a profile is judged under. */
struct profile_env {
	uint32_t arch; /* the target (native) arch token */
	uint64_t caps; /* bit n set: capability n held */
	unsigned kernel_major, kernel_minor;
	enum profile_semantics semantics; /* AUTO: by the profile's format */
};

enum profile_load_flags {
	/* Keep names libseccomp does not know (lint lists them all itself). */
	PROFILE_LOAD_KEEP_UNKNOWN = 1 << 0,
};

/* Read path in format (AUTO: detect from content); "-" reads standard
 * input (named "<stdin>" in locations). Returns 0 and a new
 * profile in *ret (free with profile_free), or a negative errno with d
 * saying where and why (-EINVAL bad content, -EFBIG too large, -ENOENT…). */
int profile_load(const char *path, enum profile_format format, unsigned flags,
		 struct profile **ret, struct diag *d);
#define PROFILE_STDIN_NAME "<stdin>"

/* The same from a buffer of len bytes (NUL-terminated or not); name is
 * used in locations. */
int profile_load_buffer(const char *name, const char *text, size_t len,
			enum profile_format format, unsigned flags,
			struct profile **ret, struct diag *d);

/* An empty profile (no rules) with default action def, for record.
 * Returns 0 or -ENOMEM. */
int profile_new(const char *name, enum profile_format format,
		struct profile_action def, struct profile **ret);

/* Append a new zeroed rule / name / arg; return it or NULL (ENOMEM).
 * Rules move as they grow: keep indices, not pointers, across calls. */
struct profile_rule *profile_add_rule(struct profile *p);
struct profile_name *profile_rule_add_name(struct profile_rule *r,
					   const char *name,
					   struct profile_loc loc);
struct profile_arg *profile_rule_add_arg(struct profile_rule *r);

void profile_free(struct profile *p);
static inline void profile_freep(struct profile **p)
{
	profile_free(*p);
}
#define cleanup_profile __attribute__((cleanup(profile_freep)))

/* Guess the format from content: a SystemCallFilter= line or [Service]
 * → systemd, '{' or '[' → OCI, a "% time … syscall" header → strace, a
 * package clause or []string{ → go, SCMP_SYS( or a char *NAME[] = { →
 * c, else list. */
enum profile_format profile_detect(const char *text, size_t len);

const char *profile_format_name(enum profile_format f);
int profile_format_parse(const char *s, enum profile_format *ret);

/* "libseccomp", "runc", "crun" (and "auto"); parse: -EINVAL unknown. */
const char *profile_semantics_name(enum profile_semantics s);
int profile_semantics_parse(const char *s, enum profile_semantics *ret);

/* "allow", "errno", "kill-process", … and OCI's "SCMP_ACT_ALLOW", … */
const char *profile_action_name(enum profile_action_type t);
const char *profile_action_oci_name(enum profile_action_type t);
int profile_action_parse_oci(const char *s, enum profile_action_type *ret);
/* "allow", "EPERM", "errno 38", "kill-process": for people. */
void profile_action_describe(struct profile_action a, char *buf, size_t size);
/* Whether the action ends the caller, whatever it does: kill-process and
 * kill-thread (a trap's SIGSYS can be handled). */
bool profile_action_kills(struct profile_action a);
/* The libseccomp action value (SCMP_ACT_ERRNO(n), …). */
uint32_t profile_action_scmp(struct profile_action a);

const char *profile_op_name(enum scmp_compare op); /* "SCMP_CMP_EQ" */
/* "arg0 == 0x8", "(arg1 & 0x7e020000) == 0": a condition in words. */
void profile_arg_describe(const struct profile_arg *a, char *buf, size_t size);
int profile_op_parse(const char *s, enum scmp_compare *ret);

/* Errno names ↔ numbers ("EPERM" ↔ 1) through glibc's tables. */
int profile_errno_parse(const char *s, uint32_t *ret);
const char *profile_errno_name(uint32_t e);

/* Parse "6.18.44-foo" or "4.8" into major.minor. */
int profile_kernel_parse(const char *s, unsigned *ret_major,
			 unsigned *ret_minor);

/* Fill env for this machine: native arch, kernel from uname, caps given. */
int profile_env_native(uint64_t caps, struct profile_env *ret);

/* Decide each rule's activity and the filter's arches under env. */
void profile_evaluate(struct profile *p, const struct profile_env *env);

/* Total names over all rules. */
size_t profile_count_names(const struct profile *p);

/* Every name of every rule, in order (repeats too), appended to ret.
 * Returns 0 or -ENOMEM. */
int profile_names(const struct profile *p, struct strv *ret);

/* runc's rule, and so the filter's: several conditions on one argument
 * are alternatives (each its own libseccomp rule); conditions on
 * different arguments must all hold. Whether r's are alternatives. */
bool profile_rule_alternatives(const struct profile_rule *r);

/* Whether name is a syscall of an arch the evaluated profile covers
 * (p->arches): what a run on this machine can judge. */
bool profile_name_applicable(const struct profile *p, const char *name);

/* Whether r applies whatever the arguments, caps, arch and kernel: no
 * argument conditions, no includes or excludes. */
bool profile_rule_unconditional(const struct profile_rule *r);
