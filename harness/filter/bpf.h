/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bpf — a classic-BPF interpreter for seccomp programs, so scaudit can ask
 * "what does this filter do with this syscall and these arguments?"
 * exactly as the kernel would (the supervisor uses it to find a denied
 * call's real action; static analysis will use it for whole tables).
 * It runs over struct seccomp_data and rejects malformed programs. */
#pragma once

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Check prog the way the kernel's seccomp_check_filter does, for the
 * subset seccomp allows: known opcodes, forward in-range jumps, aligned
 * in-range loads of seccomp_data, memory slots < 16, ends in a return.
 * Returns 0 or -EINVAL. */
int bpf_check(const struct sock_filter *prog, size_t len);

/* A program being written, forward jumps patched by the caller: its
 * instructions, and whether an append ran out of memory (then ins is
 * what it was; free ins either way). */
struct bpf_asm {
	struct sock_filter *ins;
	size_t n, alloc;
	bool oom;
};

/* Append one instruction; its index (b->n, unchanged, on ENOMEM). */
size_t bpf_asm_emit(struct bpf_asm *b, uint16_t code, uint8_t jt, uint8_t jf,
		    uint32_t k);

/* Run prog on d. Returns 0 and *ret (the SECCOMP_RET_* value), or -EINVAL
 * for a program bpf_check would refuse. */
int bpf_run(const struct sock_filter *prog, size_t len,
	    const struct seccomp_data *d, uint32_t *ret);

/* The same, also counting the instructions evaluated (the filter's cost
 * for this call) into *ret_steps. */
int bpf_run_steps(const struct sock_filter *prog, size_t len,
		  const struct seccomp_data *d, uint32_t *ret,
		  size_t *ret_steps);
