/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel side of usage-bpf.h: one bit per syscall a run's tasks made.
 *
 * raw_syscalls:sys_enter fires in syscall_trace_enter after seccomp
 * allowed the call (a denial returns before it), so every bit is a call
 * that ran. The run is the tasks under one cgroup v2 (nested ones too),
 * counted from the first exec in it on: before that the only task there
 * is scaudit's own launcher, whose calls are not the workload's except
 * the execve itself, which the exec hook marks (usage.h's rule).
 *
 * Who made each call: every task carries the slot of the executable it
 * runs (task storage), set at each exec to what user space named for that
 * process's next exec (the supervisor sees every execve first: run.c
 * watches them) and inherited at each fork; each slot has bitmaps of its
 * own. */
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

/* Per slot, the bitmaps; user space maps them (usage-layout.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, USAGE_LAYOUT_SLOTS);
	__type(key, __u32);
	__type(value, struct usage_layout_slot);
} used SEC(".maps");

/* The slot a task's calls go to. */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u32);
} slot_of SEC(".maps");

/* Process (its tgid in scaudit's pid namespace) → the slot of its next
 * exec. LRU: an attempt that failed leaves an entry nobody takes. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u32);
} next_exec SEC(".maps");

__u64 out_of_range;
__u32 armed;
/* scaudit's pid namespace (st_dev and st_ino of /proc/self/ns/pid). */
__u64 pidns_dev, pidns_ino;
/* The filters a task of the run has before any of its own. */
__s32 base_filters;

static __always_inline void mark(struct task_struct *t, long nr, __u32 slot)
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
	struct usage_layout_slot *s = bpf_map_lookup_elem(&used, &slot);
	if (!s) {
		__u32 none = 0;
		if (!(s = bpf_map_lookup_elem(&used, &none)))
			return;
	}
	unsigned stack = t->seccomp.filter_count.counter > base_filters
				 ? USAGE_LAYOUT_UNDER_OWN
				 : USAGE_LAYOUT_OUTSIDE;
	__u64 m = 1ULL << (nr & 63);
	__u64 *w = &s->bits[stack][abi][nr >> 6];
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
	struct task_struct *t = bpf_get_current_task_btf();
	__u32 *slot = bpf_task_storage_get(&slot_of, t, 0, 0);
	mark(t, id, slot ? *slot : 0);
	return 0;
}

/* A new task runs what its parent runs. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(usage_fork, struct task_struct *parent, struct task_struct *child)
{
	if (!armed || bpf_current_task_under_cgroup(&run_cgroup, 0) != 1)
		return 0;
	__u32 *from = bpf_task_storage_get(&slot_of, parent, 0, 0);
	if (!from)
		return 0;
	__u32 *to = bpf_task_storage_get(&slot_of, child, 0,
					 BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (to)
		*to = *from;
	return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(usage_exec, struct task_struct *p, int old_pid,
	     struct linux_binprm *bprm)
{
	if (bpf_current_task_under_cgroup(&run_cgroup, 0) != 1)
		return 0;
	__u32 slot = 0;
	struct bpf_pidns_info ns;
	if (bpf_get_ns_current_pid_tgid(pidns_dev, pidns_ino, &ns,
					sizeof(ns)) == 0) {
		__u32 tgid = ns.tgid,
		      *s = bpf_map_lookup_elem(&next_exec, &tgid);
		if (s) {
			slot = *s;
			bpf_map_delete_elem(&next_exec, &tgid);
		}
	}
	__u32 *mine = bpf_task_storage_get(&slot_of, p, 0,
					   BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (mine)
		*mine = slot;
	if (armed)
		return 0;
	armed = 1;
	/* The call that got here (execve or execveat) entered unarmed. */
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(p);
	mark(p, (long)regs->orig_ax, slot);
	return 0;
}

/* The kernel lets only GPL-compatible programs use its tracing helpers;
 * LGPL-2.1 §3 allows this file to be distributed under the GPL. */
char LICENSE[] SEC("license") = "GPL";
