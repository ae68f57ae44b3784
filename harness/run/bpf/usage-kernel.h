/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The few kernel types usage.bpf.c reads, declared for CO-RE: each field
 * is relocated at load time against the running kernel's BTF by name, so
 * the build needs no vmlinux.h of its own host (a build machine's kernel
 * is not the one scaudit runs on). A field the running kernel lacks makes
 * the load fail, never a read at a guessed offset. */
#pragma once

#include <linux/types.h>

struct thread_info {
	__u32 status; /* TS_* flags (x86) */
} __attribute__((preserve_access_index));

struct seccomp {
	struct {
		int counter;
	} filter_count; /* atomic_t: the filters on the task's stack */
} __attribute__((preserve_access_index));

/* Only fields of task_struct and what it holds: one type for the kernel
 * to look up in its BTF at each load (each more costs milliseconds). */
struct task_struct {
	struct thread_info thread_info;
	struct seccomp seccomp;
} __attribute__((preserve_access_index));

struct pt_regs {
	unsigned long orig_ax;
} __attribute__((preserve_access_index));

struct linux_binprm;
