/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel side of usage-bpf.h: one bit per syscall a run's tasks made.
 *
 * raw_syscalls:sys_enter fires in syscall_trace_enter after seccomp
 * allowed the call (a denial returns before it), so every bit is a call
 * that ran. The run is the tasks under one cgroup v2 (nested ones too),
 * counted from the first exec in it on: before that the only task there
 * is scaudit's own launcher, whose calls are not the workload's except
 * the execve itself, which the exec hook marks (usage.h's rule). */
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "usage-kernel.h"
#include "usage-layout.h"

/* arch/x86/include/asm/thread_info.h: set on a 32-bit syscall's entry,
 * cleared before the return to user mode; what in_ia32_syscall() and
 * seccomp's arch (AUDIT_ARCH_I386) go by. */
#define TS_COMPAT 0x0002
#define X32_SYSCALL_BIT 0x40000000

/* Index 0: the run's cgroup, put there by usage_bpf_open. */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} run_cgroup SEC(".maps");

__u64 bits[USAGE_LAYOUT_ABIS][USAGE_LAYOUT_WORDS];
__u64 out_of_range;
__u32 armed;

static __always_inline void mark(struct task_struct *t, long nr)
{
	unsigned abi = USAGE_LAYOUT_NATIVE;
	if (t->thread_info.status & TS_COMPAT) {
		abi = USAGE_LAYOUT_IA32;
	} else if (nr & X32_SYSCALL_BIT) {
		abi = USAGE_LAYOUT_X32;
		nr &= ~(long)X32_SYSCALL_BIT;
	}
	if ((unsigned long)nr >= USAGE_LAYOUT_BITS) {
		__sync_fetch_and_add(&out_of_range, 1);
		return;
	}
	__u64 m = 1ULL << (nr & 63);
	__u64 *w = &bits[abi][nr >> 6];
	/* Read first: after the first call of each number the line is only
	 * read, so threads on other CPUs do not fight over it. */
	if (!(*w & m))
		__sync_fetch_and_or(w, m);
}

/* Every syscall on the machine runs this. The cgroup test is the
 * kernel's helper (nested cgroups count): reading task->cgroups->dfl_cgrp
 * instead saves ~20 ns a call, but its CO-RE relocations (css_set,
 * cgroup) cost ~6 ms more at every load, the kernel searching its BTF
 * for them, where the whole load takes ~2.4 ms. */
SEC("tp_btf/sys_enter")
int BPF_PROG(usage_enter, struct pt_regs *regs, long id)
{
	if (!armed || bpf_current_task_under_cgroup(&run_cgroup, 0) != 1)
		return 0;
	mark(bpf_get_current_task_btf(), id);
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(usage_exec, struct task_struct *p, int old_pid,
	     struct linux_binprm *bprm)
{
	if (armed || bpf_current_task_under_cgroup(&run_cgroup, 0) != 1)
		return 0;
	armed = 1;
	/* The call that got here (execve or execveat) entered unarmed. */
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(p);
	mark(p, (long)regs->orig_ax);
	return 0;
}

/* The kernel lets only GPL-compatible programs use its tracing helpers;
 * LGPL-2.1 §3 allows this file to be distributed under the GPL. */
char LICENSE[] SEC("license") = "GPL";
