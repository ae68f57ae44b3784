/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* filter — a profile compiled to seccomp BPF with libseccomp, once, in the
 * parent, so each child only loads a ready program (no allocation after
 * fork, and the per-run cost stays a single seccomp() call).
 *
 * Two programs come out of one build:
 *  - exact: the profile's own actions; what production loads
 *    (`scaudit exec`) and what the supervisor asks (through bpf_run) for a
 *    denied call's real action;
 *  - observe: the exact program with every return other than allow
 *    rewritten to SCMP_ACT_NOTIFY (so the two decide alike by
 *    construction), after a short prefix: names in `watch` notify even
 *    when allowed (negative checks must see an "escape").
 *
 * Only rules active after profile_evaluate() are compiled, without the
 * names the delta leaves out and with the rules it adds (delta.h); a name
 * no arch of the filter knows (newer than libseccomp) is skipped and
 * counted. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "delta.h"
#include "profile.h"

struct filter {
	struct sock_filter *exact;
	size_t exact_len;
	struct sock_filter *observe; /* NULL when not built */
	size_t observe_len;
	unsigned flags; /* SECCOMP_FILTER_FLAG_* the profile asks for */
	size_t n_skipped; /* names the filter could not express */
};

enum {
	FILTER_LAYOUT_AUTO, /* a binary tree above 32 names */
	FILTER_LAYOUT_LINEAR, /* libseccomp's default: one test per syscall */
	FILTER_LAYOUT_TREE, /* SCMP_FLTATR_CTL_OPTIMIZE = 2 */
};

struct filter_options {
	bool observe; /* also build the observing program */

	char *const *watch; /* NULL-terminated; may be NULL */
	bool notify_all; /* observe every call, allowed ones too (record) */
	int layout; /* FILTER_LAYOUT_*: libseccomp's code layout */
	const struct profile_delta *delta; /* edits of the profile; NULL: none */
};

/* Compile p (already evaluated). Returns 0 and *ret (free with
 * filter_free), -EINVAL with d naming the rule libseccomp refused,
 * -ENOMEM, or another -errno from libseccomp. */
int filter_build(const struct profile *p, const struct filter_options *o,
		 struct filter **ret, struct diag *d);
void filter_free(struct filter *f);
static inline void filter_freep(struct filter **f)
{
	filter_free(*f);
}
#define cleanup_filter __attribute__((cleanup(filter_freep)))

/* In a child after fork: load the observe (listener = true: returns the
 * new listener fd) or the exact program (returns 0). Makes one syscall,
 * allocates nothing. Needs no_new_privs or CAP_SYS_ADMIN. -errno. */
int filter_install(const struct filter *f, bool listener);

/* What the exact program does with a call: SECCOMP_RET_* value. */
int filter_decide(const struct filter *f, const struct seccomp_data *d,
		  uint32_t *ret);

/* Whether f's exact program allows syscall nr of arch (a libseccomp
 * token) at both extremes of every argument (0 and all ones): a rule
 * whose conditions deny values between them is the caller's to rule out
 * (bundle.c asks for an unconditional rule too). */
bool filter_allows_always(const struct filter *f, uint32_t arch, int nr);

/* Whether name is one a notification must never stop (rt_sigreturn,
 * sigreturn: see filter.c), observing or not. */
bool filter_never_watched(const char *name);

/* The profile action a SECCOMP_RET_* value stands for. */
struct profile_action filter_action_from_ret(uint32_t ret);
