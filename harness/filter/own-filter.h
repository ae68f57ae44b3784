/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* own-filter — a seccomp program the workload loads itself (its "own
 * filter"), as pure functions over the program: the kernel's ranking of
 * actions, the rewrite that makes every call it would deny reach
 * scaudit's listener, and what it allows.
 *
 * Why a rewrite: kill, trap and errno outrank user notification, so a
 * call the program's filter denies never reaches the supervisor. Each of
 * its returns that outranks SECCOMP_RET_TRACE becomes TRACE, which ranks
 * below notification: scaudit's own filter (older, notifying every call)
 * wins, and the supervisor answers with the original program's action
 * (bpf_run on the original). Should a call ever reach the rewritten
 * program alone, TRACE without a tracer fails it with ENOSYS: the
 * workload never runs with its denials simply lifted. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's precedence (kernel/seccomp.c, ACTION_ONLY as s32): the
 * lower rank wins; kill-process first, allow last. */
static inline int32_t own_filter_rank(uint32_t ret)
{
	return (int32_t)(ret & SECCOMP_RET_ACTION_FULL);
}

/* What a stack decides, the kernel's way: the lower rank wins, and of
 * equal ranks the newer filter. Fold from the newest: best = combine(best,
 * older's return). */
static inline uint32_t own_filter_combine(uint32_t newer, uint32_t older)
{
	return own_filter_rank(older) < own_filter_rank(newer) ? older : newer;
}

/* Rewrite prog (len instructions, already bpf_check'ed) into out (room for
 * len): every return that outranks TRACE becomes TRACE or, learning (every
 * denial is let through anyway), ALLOW, so that the calls scaudit's filter
 * never watches (rt_sigreturn) run as in any learn run. With keep_traps a
 * trap stays: the kernel's SIGSYS, with its siginfo, is what a program
 * that handles it (Chromium's sandbox) needs. -EOPNOTSUPP when a
 * return takes its action from the accumulator (RET A): what it returns
 * is known only when it runs. Returns the number of returns rewritten. */
int own_filter_rewrite(const struct sock_filter *prog, size_t len, bool learn,
		       bool keep_traps, struct sock_filter *out);

/* The program's action for a syscall number no table knows, on arch:
 * the action of its default branch, for the report. -EINVAL: bad prog. */
int own_filter_default(const struct sock_filter *prog, size_t len,
		       uint32_t arch, uint32_t *ret);

/* Whether prog lets the call (arch, nr) with all arguments 0 run: allow or
 * log. -EINVAL: bad prog. */
int own_filter_allows(const struct sock_filter *prog, size_t len, uint32_t arch,
		      int nr);
