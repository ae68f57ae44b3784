/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* usage-bpf — which syscalls a run's tasks made, counted in the kernel: a
 * BPF program on the raw syscall tracepoint sets one bit per syscall, so
 * an allowed call costs a fraction of a microsecond where a notification
 * costs 6–10 µs.
 *
 * What is counted: every call of a task under the run's cgroup (v2; the
 * cgroups below it too, as a runtime makes them) that seccomp let run —
 * allowed, or notified and answered with CONTINUE; a denial never reaches
 * the tracepoint. Counting starts at the first successful exec in the
 * cgroup, that exec's own call included: before it the only task there is
 * scaudit's launcher, whose other calls are scaudit's (usage.h). So the
 * cgroup must be fresh (no task in it) when the counter opens, and the
 * launcher joins it before its exec.
 *
 * Calls are told apart by ABI as seccomp_data.arch tells them: x86_64,
 * x32 (numbers with __X32_SYSCALL_BIT) and i386 (int $0x80 and other
 * 32-bit entries, the task's TS_COMPAT), each a bitmap of its own: i386's
 * 20 (getpid) is never taken for x86_64's 20 (writev).
 *
 * Calls are told apart by who made them too: by executable slot, each
 * task counting into the slot of what it runs. User space names the slot
 * of a process's next exec (usage_bpf_expect_exec, before the exec goes
 * on: every execve of a run is notified first); a task a fork starts
 * counts into its parent's; slot 0 holds the calls of tasks no slot was
 * named for.
 *
 * Each counter is its own program instance and bitmap, attached while it
 * is open: runs at once (run -j) do not share one. While it is attached
 * every syscall on the machine, of any process, runs its program: ~0.1
 * µs each on the 2-CPU VM of docs/BENCHMARKS.md (mostly the kernel's
 * tracepoint-to-BPF dispatch, the program's own test of the cgroup a
 * small part), ~0.25 µs for a call it counts.
 *
 * Needs x86_64, a kernel with BTF (/sys/kernel/btf/vmlinux) and BPF
 * tracing (5.17+: the light skeleton's in-kernel CO-RE), and CAP_BPF with
 * CAP_PERFMON (or CAP_SYS_ADMIN). The program is compiled into scaudit
 * at build time (meson -Dbpf): no file beside the binary and no libbpf at
 * run time. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct usage_bpf;

/* Room for any reason usage_bpf_open gives. */
#define USAGE_BPF_REASON_MAX 256

/* Executable slots, 0 to USAGE_BPF_SLOTS - 1 (usage-layout.h). */
#define USAGE_BPF_SLOTS 256

/* Load and attach a counter for the tasks under the cgroup v2 directory
 * cgroup_fd (an O_DIRECTORY fd; the counter takes its own reference).
 * Returns 0 and *ret (free with usage_bpf_free); or, with why (size
 * bytes; may be NULL) saying why for a report:
 * -EOPNOTSUPP  not here: built without it, not x86_64, no BTF, a kernel
 *              without what the program needs, cgroup_fd not cgroup v2;
 * -EPERM       not allowed: no CAP_BPF and CAP_PERFMON;
 * -ENOMEM, or another -errno. *ret is untouched on failure. */
int usage_bpf_open(int cgroup_fd, struct usage_bpf **ret, char *why,
		   size_t size);

/* Point u at a new run: its bitmaps cleared, unarmed, counting the tasks
 * under cgroup_fd (fresh, as for usage_bpf_open) from their first exec.
 * Costs a map update where an open costs a load and an attach (3–4 ms,
 * and a wait for an RCU grace period when the tracepoint lost its last
 * probe a moment ago): the run path keeps one counter for a job's runs.
 * The previous run's tasks must be gone. Returns 0 or, with why set,
 * -EOPNOTSUPP (not cgroup v2) or -errno; u is unarmed either way. */
int usage_bpf_reset(struct usage_bpf *u, int cgroup_fd, char *why, size_t size);

/* The numbers of the native (x86_64) syscalls made so far: bit k of
 * bits[k / 8] (k % 8 the bit, least significant first) for number k;
 * n bytes of bits are written, numbers past what the counter holds are
 * clear. Returns how many numbers are set, ≥ 0. Read it after the run's
 * tasks are gone (or to see the calls so far). */
int usage_bpf_read(const struct usage_bpf *u, uint8_t bits[], size_t n);

/* The same for the calls of libseccomp arch token arch (SCMP_ARCH_X86_64,
 * SCMP_ARCH_X32, SCMP_ARCH_X86): x32's bit k stands for libseccomp's
 * number 0x40000000 | k. -EOPNOTSUPP for an arch the counter does not
 * tell apart (leave those to notification). */
int usage_bpf_read_arch(const struct usage_bpf *u, uint32_t arch,
			uint8_t bits[], size_t n);

/* Process tgid (as scaudit's pid namespace numbers it) is about to exec:
 * that exec, if it succeeds, counts the calls of the process (and of the
 * tasks it then starts) into slot, 1 to USAGE_BPF_SLOTS - 1, until they
 * exec again. 0 or -errno. */
int usage_bpf_expect_exec(struct usage_bpf *u, int tgid, unsigned slot);

/* Tasks with more seccomp filters than filters run under one of their
 * own (a workload's, takeover.h): their calls are counted apart. 0 until
 * set: every task with a filter is. */
void usage_bpf_set_base(struct usage_bpf *u, int filters);

/* The pid namespace the tgids given to usage_bpf_expect_exec are in (the
 * helper the program asks reads a task's pid in its own namespace only):
 * the one of st_dev dev and st_ino ino, or ours (dev 0). 0 or -errno. */
int usage_bpf_set_pidns(struct usage_bpf *u, uint64_t dev, uint64_t ino);

/* usage_bpf_read_arch's bits for the calls of one slot's tasks, those
 * under a filter of their own or the others. */
int usage_bpf_read_slot(const struct usage_bpf *u, unsigned slot,
			bool under_own, uint32_t arch, uint8_t bits[],
			size_t n);

/* Calls whose number is past every bitmap (syscall(-1), say): made, but
 * of no name. */
uint64_t usage_bpf_out_of_range(const struct usage_bpf *u);

/* Whether the first exec in the cgroup happened: before it nothing is
 * counted. */
int usage_bpf_armed(const struct usage_bpf *u);

/* Detach and free; NULL is fine. */
void usage_bpf_free(struct usage_bpf *u);
static inline void usage_bpf_freep(struct usage_bpf **u)
{
	usage_bpf_free(*u);
}
#define cleanup_usage_bpf __attribute__((cleanup(usage_bpf_freep)))
