/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pidns — the run's own pid namespace: containment that does not depend
 * on scaudit staying alive or unstopped.
 *
 * Two helpers. The holder, our child, outside the namespace (no member
 * can name it), forks the init with CLONE_NEWPID (and CLONE_NEWUSER when
 * we may not make a pid namespace otherwise: as another user than root)
 * and holds a copy of the run's listener. The init forks the workload's
 * first process, as its parent would be outside: getppid() is 1, and
 * `kill -USR1 $PPID` reaches a parent that ignores it, not the workload's
 * own process group. It relays that process's wait status to us
 * (status_fd) and reaps every orphan. What the kernel then guarantees:
 *   - when we are gone (any death: the holder sees the end of a socket
 *     we hold), the holder kills the init, and the kernel every process
 *     of the namespace, setsid daemons included; the init's exit waits
 *     for all of theirs, and only then does the holder close its copy of
 *     the listener: no member ever meets the filter without a listener
 *     (the kernel answers that with ENOSYS, not the profile's action);
 *   - the workload cannot name scaudit's processes (the supervisor, the
 *     watchdog): kill(-1), kill(getppid()), ptrace and /proc (the workload
 *     gets a /proc of its namespace) reach only the namespace;
 *   - orphans go to the init, which reaps them; the init ignores every
 *     signal sent from inside, is not dumpable (no ptrace from a same-uid
 *     workload) and runs under a filter of its own that allows only its
 *     loop, so an injected call cannot act unfiltered either.
 * What changes for the workload: its pid is small, its parent is pid 1,
 * /proc shows only its tree; under a user namespace, files of other users are
 * owned by the overflow uid (65534) and setgroups(2) is refused. The
 * report names the isolation a run had (pidns_kind_name). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

enum pidns_kind {
	PIDNS_NONE, /* not asked for, or not possible here (error says) */
	PIDNS_PID, /* a pid namespace */
	PIDNS_PID_USER, /* a pid namespace in a user namespace of its own */
	PIDNS_MAX
};

/* What --isolation asks: a namespace when one can be made, always one
 * (a run without is an error), never. */
enum pidns_mode {
	PIDNS_MODE_AUTO,
	PIDNS_MODE_PID,
	PIDNS_MODE_NONE,
	PIDNS_MODE_MAX
};

struct pidns {
	enum pidns_kind kind;
	pid_t holder; /* our child; 0: none */
	pid_t init; /* the namespace's init, the holder's child */
	/* The namespace (st_dev, st_ino of /proc/INIT/ns/pid): what the
	 * usage counter names pids in. */
	uint64_t ns_dev, ns_ino;
	int keep_fd; /* our end of the holder's socket: its end ends all */
	/* The first process's wait status (an int) once the init reaped it;
	 * EOF without one: the init died, and the namespace with it. */
	int status_fd;
	int error; /* PIDNS_NONE though asked: the negative errno */
};

#define PIDNS_INIT                                                             \
	{                                                                      \
		PIDNS_NONE, 0, 0, 0, 0, -1, -1, 0                              \
	}

/* In the init, once the namespace is ready: fork the workload's first
 * process; its pid there, or -1 (having said why to whoever waits). */
typedef pid_t (*pidns_start_fn)(void *arg);

/* Make the namespace and its init, which calls start(arg). Returns 0
 * (*ret says which kind) or, when none can be made, -errno with
 * ret->error set and ret->kind NONE. The caller must be single-threaded,
 * with every signal blocked (the init keeps them so). */
int pidns_spawn(pidns_start_fn start, void *arg, struct pidns *ret);

/* Give the holder a copy of the run's seccomp listener to hold, never
 * to read, until the namespace is gone. 0 or -errno. */
int pidns_hold(const struct pidns *ns, int fd);

/* How the first process tells us its pid as we see it: a datagram whose
 * sender the kernel names in the receiver's pid namespace (SO_PASSCRED).
 * The sending end survives a dup2 onto stdio. 0 or -errno. */
int pidns_pid_channel(int *ret_rd, int *ret_wr);
/* In the first process: say it. Async-signal-safe. 0 or -errno. */
int pidns_send_pid(int fd);
/* Its pid, or -1 and errno (EAGAIN: not said yet). */
pid_t pidns_recv_pid(int fd);

/* In the namespace's first workload process, before its exec: a mount
 * namespace of its own (unless unshared already) and a /proc of the pid
 * namespace. Async-signal-safe. 0 or -errno. */
int pidns_mount_proc(bool unshared);

/* End the init, and with it whatever is left in the namespace, and reap
 * the holder; without waiting for long (a process frozen by a cgroup v1
 * freezer keeps the init's exit from finishing). Safe on PIDNS_INIT and
 * twice. */
void pidns_close(struct pidns *ns);

/* "pid", "pid+user", "none" (reports' JSON), and back: 0 or -EINVAL. */
const char *pidns_kind_name(enum pidns_kind k);
int pidns_kind_parse(const char *s, enum pidns_kind *ret);
/* In words, for people. */
const char *pidns_kind_words(enum pidns_kind k);
/* "auto", "pid", "none": 0 or -EINVAL. */
int pidns_mode_parse(const char *s, enum pidns_mode *ret);
