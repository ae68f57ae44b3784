/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "compat.h"
#include "own-filter.h"
#include "proc.h"
#include "sv.h"
#include "syscalls.h"
#include "takeover.h"
#include "util.h"

int supervisor_prepare(void)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return -errno;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	/* Interrupted, the supervisor ends the run's whole tree first. */
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	/* What a workload may send its parent (`kill -USR1 $PPID`, "I am
	 * ready") and would kill us by default: read and dropped (reap), so
	 * no run ends without its report. The child unblocks them all
	 * before its exec (runner.c): the workload's own are untouched. */
	static const int stray[] = { SIGUSR1,	SIGUSR2, SIGALRM, SIGPIPE,
				     SIGVTALRM, SIGPROF, SIGIO,	  SIGPWR,
				     SIGSTKFLT, SIGXCPU, SIGXFSZ, SIGTRAP };
	for (size_t i = 0; i < ARRAY_SIZE(stray); i++)
		sigaddset(&set, stray[i]);
	for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
		sigaddset(&set, sig);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return fd < 0 ? -errno : fd;
}

pid_t sv_tgid_of(struct sv *s, pid_t tid)
{
	for (size_t i = 0; i < ARRAY_SIZE(s->tgids); i++)
		if (s->tgids[i].tid == tid)
			return s->tgids[i].tgid;
	s->proc_reads++;
	pid_t tgid = proc_tgid(tid);
	if (tgid < 0)
		return tgid;
	unsigned k = s->next_tgid++ % ARRAY_SIZE(s->tgids);
	s->tgids[k].tid = tid;
	s->tgids[k].tgid = tgid;
	s->tgids[k].exe = -1;
	return tgid;
}

static int read_exe(struct sv *s, pid_t tid)
{
	char path[4096];
	s->proc_reads++;
	proc_exe(tid, path, sizeof(path));
	/* A path cut to the buffer must still be text. */
	util_copy_text(path, sizeof(path), path);
	return observations_exe(s->res, path);
}

int sv_exe_of(struct sv *s, pid_t tid, pid_t tgid)
{
	for (size_t i = 0; i < ARRAY_SIZE(s->tgids); i++) {
		if (s->tgids[i].tid != tid || s->tgids[i].tgid != tgid)
			continue;
		if (s->tgids[i].exe < 0)
			s->tgids[i].exe = read_exe(s, tid);
		return s->tgids[i].exe;
	}
	return read_exe(s, tid); /* its process is unknown: not cached */
}

/* Another thread of tgid that calls before the exec is done caches the
 * old executable again (a non-leader's exec takes the leader's tid): a
 * traced process is marked once more at its exec stop. */
void sv_exec_seen(struct sv *s, pid_t tgid)
{
	for (size_t i = 0; i < ARRAY_SIZE(s->tgids); i++)
		if (s->tgids[i].tgid == tgid)
			s->tgids[i].exe = -1;
}

/* Calls aggregate by what was decided too: write(1) allowed and write(2)
 * denied (an argument condition) are two findings, not one. */
static struct obs_call *find_call(struct observations *r, uint32_t arch, int nr,
				  const struct caller *who,
				  struct profile_action act)
{
	for (size_t i = 0; i < r->n_calls; i++) {
		struct obs_call *d = &r->calls[i];
		if (d->arch == arch && d->nr == nr &&
		    d->launcher == who->launcher && d->own == who->own &&
		    d->runtime_init == who->runtime_init &&
		    d->action.type == act.type &&
		    d->own_action.type == who->own_action.type)
			return d;
	}
	return NULL;
}

struct obs_call *sv_record(struct sv *s, const struct caller *who,
			   struct profile_action act,
			   const struct seccomp_data *data, pid_t tid)
{
	struct observations *r = s->res;
	pid_t tgid = who->tgid;
	struct obs_call *d =
		find_call(r, syscalls_call_arch(data->arch, data->nr), data->nr,
			  who, act);
	if (!d) {
		void *a = r->calls;
		if (util_grow(&a, &r->alloc, r->n_calls, sizeof(*d)) < 0)
			return NULL;
		r->calls = a;
		d = &r->calls[r->n_calls++];
		memset(d, 0, sizeof(*d));
		d->arch = syscalls_call_arch(data->arch, data->nr);
		d->nr = data->nr;
		d->launcher = who->launcher;
		d->runtime_init = who->runtime_init;
		d->own = who->own;
		d->own_action = who->own_action;
		d->action = act;
		d->pid = tgid;
		d->tid = tid;
		memcpy(d->args, data->args, sizeof(d->args));
		d->ip = data->instruction_pointer;
		if (syscalls_name(d->arch, data->nr, d->name, sizeof(d->name)) <
		    0)
			d->name[0] = '\0';
		util_copy_text(d->exe, sizeof(d->exe), r->exes.v[who->exe]);
	}
	d->count++;
	obs_call_add_exe(d, who->exe);
	bool seen = false;
	for (size_t i = 0; i < d->n_pids; i++)
		seen |= d->pids[i] == tgid;
	if (!seen && d->n_pids < OBS_MAX_PIDS)
		d->pids[d->n_pids++] = tgid;
	return d;
}

/* What a sigaction call installs: a handler (its new action's handler,
 * read from the task, is neither SIG_DFL nor SIG_IGN), and whether it
 * lacks SA_RESTART. Unreadable (another uid, not dumpable) counts as a
 * handler without it. */
static void note_handler(struct observations *o, const struct obs_call *d,
			 const struct seccomp_data *data, pid_t tid)
{
	bool rt = strcmp(d->name, "rt_sigaction") == 0;
	if (!data->args[1] || (!rt && strcmp(d->name, "sigaction") != 0))
		return;
	/* The handler, then sa_flags: 8 and 8 bytes on 64-bit arches; on
	 * 32-bit ones (i386, arm) 4 and 4 (rt_sigaction) or 4, mask 4, 4
	 * (the old sigaction). */
	bool narrow = !(d->arch & __AUDIT_ARCH_64BIT);
	size_t width = narrow ? 4 : 8, flags_at = narrow && !rt ? 8 : width;
	unsigned char buf[16] = { 0 };
	struct iovec local = { buf, flags_at + width };
	struct iovec remote = { (void *)(uintptr_t)data->args[1],
				flags_at + width };
	uint64_t handler = 0, flags = 0;
	if (process_vm_readv(tid, &local, 1, &remote, 1, 0) !=
	    (ssize_t)(flags_at + width)) {
		handler = 2;
	} else {
		memcpy(&handler, buf, width);
		memcpy(&flags, buf + flags_at, width);
	}
	if (handler == (uint64_t)(uintptr_t)SIG_DFL ||
	    handler == (uint64_t)(uintptr_t)SIG_IGN)
		return;
	o->handlers = true;
	o->handlers_no_restart |= !(flags & SA_RESTART);
}

static void respond(struct sv *s, int error, bool cont)
{
	memset(s->resp, 0, sizeof(*s->resp));
	s->resp->id = s->req->id;
	s->resp->error = error;
	s->resp->val = 0;
	s->resp->flags = cont ? SECCOMP_USER_NOTIF_FLAG_CONTINUE : 0;
	/* ENOENT: the task died meanwhile; nothing to answer. */
	seccomp_notify_respond(s->notify_fd, s->resp);
}

/* Die of the action as production would: SIGSYS with the default
 * disposition; SIGKILL when the workload handles SIGSYS (a kill action
 * cannot be caught, a signal we send can), or for a trap when SIGSYS is
 * blocked or ignored. */
void sv_deliver_death(struct sv *s, pid_t tgid, pid_t tid,
		      enum profile_action_type action)
{
	bool trap = action == PROFILE_ACT_TRAP;
	if (action == PROFILE_ACT_KILL_THREAD && proc_threads(tgid) > 1)
		s->res->thread_kill_widened = true;
	/* A trap's SIGSYS goes to a handler that runs; the kernel forces a
	 * blocked or ignored one back to the default, death, which a signal
	 * we send would not do. */
	bool handled = trap ? proc_signal_handled(tid, SIGSYS) &&
				       !proc_signal_caught(tid, SIGSYS)
			    : proc_signal_handled(tid, SIGSYS);
	if (handled) {
		kill(tgid, SIGKILL);
		s->res->used_sigkill = true;
	} else {
		tgkill(tgid, tid, SIGSYS);
	}
	s->res->sigsys_ours = true;
}

/* The workload's own filters on the caller's stack: what they decide
 * for the call (a SECCOMP_RET_* value) into who. */
void sv_own_decide(struct sv *s, pid_t tid, const struct seccomp_data *data,
		   struct caller *who)
{
	struct observations *r = s->res;
	struct own_stack st;
	int own = takeover_chain(&s->own, r, tid, who->tgid, &st);
	if (own == 0)
		return;
	/* A stack no load fits: answer as the strictest of all would. */
	uint32_t ret = own > 0 ? takeover_decide(r, &st, data)
			       : takeover_decide_any(r, data);
	r->own_ambiguous |= own < 0;
	who->own = true;
	who->own_action = filter_action_from_ret(ret);
}

static void answer(struct sv *s, struct obs_call *d, const struct caller *who,
		   struct profile_action eff, pid_t tid)
{
	bool by_own = who->own && eff.type == who->own_action.type &&
		      eff.value == who->own_action.value;
	switch (eff.type) {
	case PROFILE_ACT_ERRNO:
		respond(s, -(int)eff.value, false);
		break;
	case PROFILE_ACT_TRACE:
		/* No tracer attached: the kernel answers ENOSYS. */
		respond(s, -ENOSYS, false);
		break;
	case PROFILE_ACT_KILL_PROCESS:
	case PROFILE_ACT_KILL_THREAD:
	case PROFILE_ACT_TRAP:
		d->fatal = true;
		sv_deliver_death(s, who->tgid, tid, eff.type);
		/* The call must end for the signal to act: the wait is
		 * killable only (WAIT_KILLABLE_RECV), and SIGSYS is not
		 * SIGKILL. It is delivered before the task sees ENOSYS. */
		respond(s, -ENOSYS, false);
		break;
	case PROFILE_ACT_NOTIFY:
		/* The workload's filter notifies, and its stack has no
		 * listener of its own: the kernel answers ENOSYS. */
		if (by_own) {
			respond(s, -ENOSYS, false);
			break;
		}
		respond(s, 0, true);
		break;
	case PROFILE_ACT_ALLOW:
	case PROFILE_ACT_LOG:
	case PROFILE_ACT_MAX:
		respond(s, 0, true);
		break;
	}
}

/* An exec about to go on, while usage is counted in the kernel: the
 * counter is told what the process will run, so that its calls are
 * known to be that executable's (usage-observer.h). Unreadable (the task
 * died): its calls are of no known executable. */
static int note_exec(struct sv *s, const struct obs_call *d,
		     const struct seccomp_data *data, pid_t tid, pid_t tgid)
{
	bool at = strcmp(d->name, "execveat") == 0;
	char path[4096];
	s->proc_reads++;
	if (proc_exec_path(tid, at ? (int)data->args[0] : AT_FDCWD,
			   at ? data->args[1] : data->args[0],
			   at && (data->args[4] & AT_EMPTY_PATH), path,
			   sizeof(path)) < 0)
		return 0;
	return usage_observer_exec(s->o->counter, tgid, path);
}

static bool is_task_creation(const char *name)
{
	return strcmp(name, "clone") == 0 || strcmp(name, "clone3") == 0 ||
	       strcmp(name, "fork") == 0 || strcmp(name, "vfork") == 0;
}

void sv_forget_tasks(struct sv *s)
{
	memset(s->tgids, 0, sizeof(s->tgids));
	takeover_task_created(&s->own);
}

static int handle_notification(struct sv *s)
{
	memset(s->req, 0, sizeof(*s->req));
	if (seccomp_notify_receive(s->notify_fd, s->req) < 0)
		return 0; /* ENOENT: the task died before we read it */
	s->res->notifications++;
	unsigned reads = s->proc_reads;
	pid_t tid = (pid_t)s->req->pid;
	pid_t tgid = sv_tgid_of(s, tid);
	const struct seccomp_data *data = &s->req->data;

	uint32_t ret;
	struct profile_action act = { PROFILE_ACT_KILL_PROCESS, 0 };
	if (filter_decide(s->o->filter, data, &ret) == 0)
		act = filter_action_from_ret(ret);
	if (tgid < 0)
		tgid = tid;

	int exe = sv_exe_of(s, tid, tgid);
	if (exe < 0)
		return exe;
	struct caller who = { .tgid = tgid,
			      .exe = (uint32_t)exe,
			      .launcher = !s->exec_done && tgid == s->child,
			      .runtime_init = s->o->runtime_init &&
					      !s->res->runtime_started &&
					      tgid == s->o->runtime_init };
	if (!who.launcher && s->res->n_loads) {
		unsigned own_reads = s->own.proc_reads;
		sv_own_decide(s, tid, data, &who);
		s->proc_reads += s->own.proc_reads != own_reads;
	}
	struct obs_call *d = sv_record(s, &who, act, data, tid);
	if (!d)
		return -ENOMEM;
	if (!who.launcher)
		note_handler(s->res, d, data, tid);
	/* What /proc said belongs to this task only if it still waits. */
	if (s->proc_reads != reads &&
	    seccomp_notify_id_valid(s->notify_fd, s->req->id) < 0)
		return 0;
	struct profile_action eff = obs_effective(act, who.own, who.own_action);
	/* A watched name the profile allows (an escape), or a launcher's
	 * call, or learning: let it run. */
	bool by_own = who.own && eff.type == who.own_action.type;
	bool runs = who.launcher || s->o->learn ||
		    eff.type == PROFILE_ACT_ALLOW ||
		    eff.type == PROFILE_ACT_LOG ||
		    (eff.type == PROFILE_ACT_NOTIFY && !by_own);
	/* A new task may take a tid the caches still hold. */
	if (is_task_creation(d->name))
		sv_forget_tasks(s);
	/* A filter of the workload's own: taken over before it goes on
	 * (tested by the name already known: no lookup on every call). */
	bool may_load = strcmp(d->name, "seccomp") == 0 ||
			strcmp(d->name, "prctl") == 0;
	bool exec = strcmp(d->name, "execve") == 0 ||
		    strcmp(d->name, "execveat") == 0;
	if (exec)
		sv_exec_seen(s, tgid);
	if (exec && runs && s->o->counter &&
	    note_exec(s, d, data, tid, tgid) < 0)
		return -ENOMEM;
	/* The runtime's init executes the workload: its start is over. */
	if (who.runtime_init && runs && exec)
		s->res->runtime_started = true;
	if (runs && !who.launcher && may_load && takeover_is_load(data) &&
	    takeover_load(&s->own, s->res, tid, tgid, data, util_now()) < 0)
		return -ENOMEM;
	if (runs)
		respond(s, 0, true);
	else
		answer(s, d, &who, eff, tid);
	return 0;
}

static void note_exit(struct sv *s, int status)
{
	struct observations *r = s->res;
	if (WIFEXITED(status)) {
		r->exited = true;
		r->exit_code = WEXITSTATUS(status);
	} else if (WIFSIGNALED(status)) {
		r->signaled = true;
		r->signal = WTERMSIG(status);
	}
}

/* Reap what has exited; true once the main process has. */
static bool reap(struct sv *s, int sigfd)
{
	struct signalfd_siginfo si;
	while (read(sigfd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM ||
		    si.ssi_signo == SIGHUP)
			s->res->interrupted = (int)si.ssi_signo;
	bool done = false;
	for (;;) {
		int status;
		pid_t pid = waitpid(-1, &status, WNOHANG | __WALL);
		if (pid <= 0)
			break;
		if (proc_spare_gone(s->spare, pid)) {
			/* A helper is gone: its pid may come back. */
		} else if (WIFSTOPPED(status)) {
			sv_handle_stop(s, pid, status); /* a traced thread */
		} else if (pid == s->child) {
			note_exit(s, status);
			done = true;
		}
	}
	return done;
}

/* The init of the workload's pid namespace reaped it: its wait status.
 * EOF without one: the init is gone, and the namespace with it. */
static bool read_relayed(struct sv *s, int *fd)
{
	int status;
	ssize_t n = read(*fd, &status, sizeof(status));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return false;
	if (n != sizeof(status))
		status = SIGKILL; /* as a wait status: killed by SIGKILL */
	note_exit(s, status);
	*fd = -1;
	return true;
}

static void read_exec_result(struct sv *s, int *fd)
{
	struct runner_failure f;
	ssize_t n = read(*fd, &f, sizeof(f));
	if (n < 0 && errno == EINTR)
		return;
	if (n == sizeof(f) && f.stage == RUNNER_STAGE_EXEC) {
		s->res->exec_failed = true;
		s->res->exec_errno = f.error;
	}
	/* EOF: execve succeeded. A report: the launcher failed, and what
	 * it does next (its exit) is still the launcher's. */
	s->exec_done = n != sizeof(f);
	close(*fd);
	*fd = -1;
}

int supervisor_run(const struct runner_child *c, int sigfd,
		   const struct supervisor_options *o, struct observations *res)
{
	memset(res, 0, sizeof(*res));
	struct sv s = { .o = o,
			.res = res,
			.child = c->pid,
			.notify_fd = c->notify_fd,
			.spare = { o->spare[0], o->spare[1], o->spare[2] } };
	if (seccomp_notify_alloc(&s.req, &s.resp) < 0)
		return -ENOMEM;
	/* Wake the workload on our CPU when the kernel can (6.6+). */
	if (c->notify_fd >= 0)
		ioctl(c->notify_fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
		      SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);

	/* Exit events and signal stops of the main thread only. EXITKILL:
	 * should we die, the workload dies with us. */
	s.traced = c->traced;
	takeover_init(&s.own, o->observe_all, o->learn, util_now());
	s.own.allowed_too = o->counter && s.own.trace;

	res->traced = s.traced;
	double start = util_now();
	double deadline = o->timeout > 0 ? start + o->timeout : 0;
	int exec_fd = c->exec_fd;
	int nfd = c->notify_fd;
	int relay_fd = c->status_fd;
	bool done = false;
	int r = 0;
	while (!done) {
		int wait_ms = -1;
		if (deadline) {
			double left = deadline - util_now();
			if (left <= 0) {
				res->timed_out = true;
				break;
			}
			wait_ms = left < 1e6 ? (int)(left * 1000) + 1
					     : 1000000000;
		}
		struct capture *cap = o->capture;
		struct pollfd pfd[6] = {
			{ exec_fd, POLLIN, 0 },
			{ nfd, POLLIN, 0 },
			{ sigfd, POLLIN, 0 },
			{ cap ? cap->drain[0] : -1, POLLIN, 0 },
			{ cap ? cap->drain[1] : -1, POLLIN, 0 },
			{ relay_fd, POLLIN, 0 },
		};
		int n = poll(pfd, 6, wait_ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		/* The exec pipe first: a notification seen in the same round
		 * came after a successful execve. */
		if (pfd[0].revents)
			read_exec_result(&s, &exec_fd);
		if (pfd[1].revents & POLLIN) {
			if ((r = handle_notification(&s)) < 0)
				break;
		} else if (pfd[1].revents & (POLLHUP | POLLERR)) {
			nfd = -1; /* no task uses the filter any more */
		}
		/* A pipe or terminal nobody reads would stop the workload. */
		for (int i = 0; i < 2; i++)
			if (pfd[3 + i].revents)
				capture_drain(cap, i, &res->output);
		if (pfd[2].revents & POLLIN)
			done = reap(&s, sigfd);
		if (pfd[5].revents)
			done |= read_relayed(&s, &relay_fd);
		if (res->interrupted)
			break;
	}
	/* Record what was already asked, then end every process. */
	while (nfd >= 0 && r == 0) {
		struct pollfd p = { nfd, POLLIN, 0 };
		if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
			break;
		r = handle_notification(&s);
	}
	if (!done)
		sv_kill_main(&s, c->pid);
	int killed = proc_kill_descendants(100, s.spare);
	if (done && killed > 0)
		res->leftover = killed;
	res->seconds = util_now() - start;
	if (exec_fd >= 0)
		close(exec_fd);
	if (c->notify_fd >= 0)
		close(c->notify_fd);
	seccomp_notify_free(s.req, s.resp);
	takeover_clear(&s.own);
	return r;
}
