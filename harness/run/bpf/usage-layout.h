/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What usage.bpf.c and usage-bpf.c agree on: the bitmaps' shape. One
 * bitmap per ABI a call can come in on (seccomp_data.arch tells them apart
 * the same way), USAGE_LAYOUT_BITS numbers each: x86_64 has ~470 syscalls,
 * and a number past the end is counted as out of range, not lost. One set
 * of them per executable slot: user space names the slot a process's
 * next exec counts into (usage_bpf_expect_exec); slot 0 holds the calls
 * of tasks no slot was named for. And in each slot, the calls of tasks
 * under a seccomp filter of their own apart (more filters than the base
 * user space gives). */
#pragma once

#include <linux/types.h>

#define USAGE_LAYOUT_BITS 1024
#define USAGE_LAYOUT_WORDS (USAGE_LAYOUT_BITS / 64)
#define USAGE_LAYOUT_SLOTS 256

enum {
	USAGE_LAYOUT_NATIVE, /* x86_64 */
	USAGE_LAYOUT_X32, /* x86_64 numbers with __X32_SYSCALL_BIT */
	USAGE_LAYOUT_IA32, /* int $0x80, sysenter, syscall from 32-bit code */
	USAGE_LAYOUT_ABIS
};

enum {
	USAGE_LAYOUT_OUTSIDE, /* the tasks with only the base filters */
	USAGE_LAYOUT_UNDER_OWN, /* those that loaded one more */
	USAGE_LAYOUT_STACKS
};

/* One slot's bitmaps: a value of the mmapable array "used". */
struct usage_layout_slot {
	__u64 bits[USAGE_LAYOUT_STACKS][USAGE_LAYOUT_ABIS][USAGE_LAYOUT_WORDS];
};
