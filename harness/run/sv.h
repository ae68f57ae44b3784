/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sv — what supervisor.c (notifications, the run's loop) and
 * supervisor-trace.c (ptrace stops) share. Internal to run/. */
#pragma once

#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "supervisor.h"
#include "takeover.h"

struct sv {
	const struct supervisor_options *o;
	struct observations *res;
	pid_t child;
	pid_t spare[PROC_SPARE]; /* the watchdog and the init, until reaped */
	bool exec_done;
	struct seccomp_notif *req;
	struct seccomp_notif_resp *resp;
	int notify_fd;
	bool traced;
	/* tid → process, and its executable (an index into res->exes; -1:
	 * not read yet, or stale since its process called execve): reading
	 * /proc for every notification would cost more than the
	 * notification itself. A tid is reused only after the pid space
	 * wraps (millions of tasks), far beyond one run. The executable is
	 * cached whatever is observed: execve and execveat always notify
	 * (run.c watches them), so no exec passes unseen. */
	struct {
		pid_t tid, tgid;
		int exe;
	} tgids[64];
	unsigned next_tgid;
	unsigned proc_reads; /* bumped whenever /proc was read */
	struct takeover own; /* the workload's own filters */
};

/* Who made a call: scaudit's launcher, or a task under the workload's
 * own filter. */
struct caller {
	pid_t tgid;
	uint32_t exe; /* its executable: an index into res->exes */
	bool launcher;
	bool runtime_init; /* a container runtime's init, before exec */
	bool own;
	struct profile_action own_action;
};

/* The process of thread tid (cached); -errno when gone. */
pid_t sv_tgid_of(struct sv *s, pid_t tid);

/* The executable of thread tid of process tgid, an index into res->exes
 * (cached); -ENOMEM. */
int sv_exe_of(struct sv *s, pid_t tid, pid_t tgid);

/* Process tgid calls execve: its executable is about to change (the
 * notification comes first), read it again on its next call. */
void sv_exec_seen(struct sv *s, pid_t tgid);

/* Count call data of tid, made by who, which the profile answers act:
 * the aggregated observation, or NULL (ENOMEM). */
struct obs_call *sv_record(struct sv *s, const struct caller *who,
			   struct profile_action act,
			   const struct seccomp_data *data, pid_t tid);

/* The workload's own filters on the caller's stack: what they decide for
 * data, into who. */
void sv_own_decide(struct sv *s, pid_t tid, const struct seccomp_data *data,
		   struct caller *who);

/* A task was created: the tid caches may hold a reused tid. */
void sv_forget_tasks(struct sv *s);

/* Die of a kill or trap action as production would. */
void sv_deliver_death(struct sv *s, pid_t tgid, pid_t tid,
		      enum profile_action_type action);

/* supervisor-trace.c: a ptrace stop of a traced task, looked at and let
 * go on; and the end of the main process with its traced threads. */
void sv_handle_stop(struct sv *s, pid_t pid, int status);
void sv_kill_main(struct sv *s, pid_t leader);
