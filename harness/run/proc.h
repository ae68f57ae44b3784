/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* proc — facts about other processes, read from /proc: thread group, the
 * executable, signal dispositions, and the whole tree of descendants so a
 * run can end with nothing of it left running. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The thread group (process id) of thread tid; -errno when gone. */
pid_t proc_tgid(pid_t tid);

/* How many threads process pid has now; -errno when gone. */
int proc_threads(pid_t pid);

/* readlink /proc/TID/exe into buf ("" on failure); returns 0 or -errno. */
int proc_exe(pid_t tid, char *buf, size_t size);

/* Whether thread tid has signal sig blocked, ignored or caught, i.e. a
 * sent signal would not simply take the default action. */
bool proc_signal_handled(pid_t tid, int sig);

/* Whether thread tid has a handler for sig that a sent signal would run
 * now (caught, not blocked). */
bool proc_signal_caught(pid_t tid, int sig);

/* A sorted set of pids, to count each process once however many rounds
 * it takes to die. Zero-initialise; free(v) when done. */
struct proc_pidset {
	pid_t *v;
	size_t n, alloc;
};

/* Add pid: 1 when new, 0 when already there, -ENOMEM. */
int proc_pidset_add(struct proc_pidset *s, pid_t pid);

/* The helpers of ours a final kill leaves alone (the watchdog, a pid
 * namespace's init); 0: none. */
#define PROC_SPARE 3

/* Whether pid, just reaped, was one of them (it is then taken off: its
 * pid may come back). */
bool proc_spare_gone(pid_t spare[PROC_SPARE], pid_t pid);

/* SIGKILL every descendant of the calling process but spare's, and reap
 * them, until none is left
 * or max_rounds passes. The caller should be a child subreaper, so
 * orphans come back to it. Returns the number killed, or -errno. */
int proc_kill_descendants(int max_rounds, const pid_t spare[PROC_SPARE]);

/* One round of SIGKILL to every descendant of root but spare (0: none),
 * without reaping: for a process that is not their parent. Returns the
 * number signalled, or -errno. */
int proc_kill_tree(pid_t root, pid_t spare);

/* When thread tid started (clock ticks since boot, /proc/TID/stat's 22nd
 * field): with the tid, which task it is. 0 when gone. */
unsigned long long proc_start_time(pid_t tid);

/* Who traces thread tid (TracerPid; 0: nobody), -errno. */
pid_t proc_tracer(pid_t tid);

/* How many seccomp filters thread tid has (Seccomp_filters), -errno. */
int proc_seccomp_depth(pid_t tid);

/* len bytes at addr of thread tid's memory, through /proc/TID/mem (which
 * also writes read-only pages, as a debugger does). 0 or -errno (-EIO: a
 * short transfer). */
int proc_mem_read(pid_t tid, uint64_t addr, void *buf, size_t len);
int proc_mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len);

/* The file an execve or execveat of thread tid names, as tid sees it
 * now: the path at addr in its memory, relative to dirfd (AT_FDCWD: its
 * cwd), or dirfd's file itself when empty_path (AT_EMPTY_PATH) and the
 * path is "". Into buf; 0 or -errno. */
int proc_exec_path(pid_t tid, int dirfd, uint64_t addr, bool empty_path,
		   char *buf, size_t size);

/* Process pid's pid in its own (innermost) pid namespace (NSpid's last
 * field); -errno when gone. */
pid_t proc_ns_pid(pid_t pid);

/* Thaw the cgroup v1 freezer cgroup that holds pid, if frozen (root's
 * workload may freeze its own processes there, and a frozen task does
 * not die of SIGKILL): 1 thawed, 0 nothing to do, -errno. */
int proc_thaw(pid_t pid);

/* Whether pid exists (and is not a zombie). */
bool proc_alive(pid_t pid);

/* Whether the comma-separated list opts holds word ("rw,pids"). */
bool proc_has_word(const char *opts, const char *word);

/* Our cgroup's directory in the hierarchy mounted at mnt (whose root, as
 * mountinfo shows it, is root), from /proc/self/cgroup: v2 when
 * v1_controller is NULL. 0, -ENOENT (not in it), -ENAMETOOLONG, -errno. */
int proc_own_cgroup(const char *mnt, const char *root,
		    const char *v1_controller, char *buf, size_t size);
