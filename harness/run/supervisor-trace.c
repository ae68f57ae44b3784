/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The supervisor's ptrace side: signal and exit stops of a traced
 * workload (--trace-sigsys: a SIGSYS scaudit did not send, named), and
 * the seccomp stops of a filter the workload loaded itself while usage
 * is off or counted in the kernel (takeover.h: its denials, and when
 * counted what it lets by, return TRACE to us). */
#include <elf.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>

#include "compat.h"
#include "sv.h"
#include "syscalls.h"

static void name_foreign(struct sv *s, uint32_t arch, int nr, bool exact)
{
	struct observations *r = s->res;
	/* A better witness replaces a weaker one, never the other way. */
	if (r->foreign_named && (r->foreign_exact || !exact))
		return;
	r->foreign_named = true;
	r->foreign_exact = exact;
	r->foreign_arch = arch;
	r->foreign_nr = nr;
	if (syscalls_name(arch, nr, r->foreign_name, sizeof(r->foreign_name)) <
	    0)
		r->foreign_name[0] = '\0';
}

#if defined(__x86_64__)
/* Skip the call the task stopped in, returning -error instead. */
static void skip_call(pid_t tid, int error)
{
	struct user_regs_struct regs;
	struct iovec iov = { &regs, sizeof(regs) };
	if (ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, &iov) < 0)
		return;
	regs.orig_rax = (unsigned long long)-1;
	regs.rax = (unsigned long long)-error;
	ptrace(PTRACE_SETREGSET, tid, NT_PRSTATUS, &iov);
}
#else
static void skip_call(pid_t tid, int error)
{
	(void)tid;
	(void)error;
}
#endif

static bool lets_run(struct profile_action a)
{
	return a.type == PROFILE_ACT_ALLOW || a.type == PROFILE_ACT_LOG;
}

/* rt_sigreturn and the like: never notified, so never seen with usage
 * notified either (filter.h). */
static bool never_watched(const struct seccomp_data *d)
{
	char name[64];
	return syscalls_name(syscalls_call_arch(d->arch, d->nr), d->nr, name,
			     sizeof(name)) == 0 &&
	       filter_never_watched(name);
}

/* A call the workload's own filter denied while usage is off, or any
 * call under it while usage is counted in the kernel: its rewrite
 * returned TRACE (takeover.h). Judged and answered as the supervisor
 * answers a notification: what its stack decides together with the
 * profile (which let it by, or it would have been notified). */
static void seccomp_stop(struct sv *s, pid_t tid)
{
	struct __ptrace_syscall_info si;
	if (ptrace(PTRACE_GET_SYSCALL_INFO, tid, sizeof(si), &si) <= 0 ||
	    si.op != PTRACE_SYSCALL_INFO_SECCOMP) {
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	struct seccomp_data data = { .nr = (int)si.seccomp.nr,
				     .arch = si.arch,
				     .instruction_pointer =
					     si.instruction_pointer };
	memcpy(data.args, si.seccomp.args, sizeof(data.args));
	s->res->notifications++;
	pid_t tgid = sv_tgid_of(s, tid);
	struct caller who = { .tgid = tgid < 0 ? tid : tgid };
	int exe = sv_exe_of(s, tid, who.tgid);
	if (exe < 0) {
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	who.exe = (uint32_t)exe;
	uint32_t ret;
	struct profile_action act = { PROFILE_ACT_KILL_PROCESS, 0 };
	if (filter_decide(s->o->filter, &data, &ret) == 0)
		act = filter_action_from_ret(ret);
	sv_own_decide(s, tid, &data, &who);
	struct profile_action eff = obs_effective(act, who.own, who.own_action);
	if (s->o->counter && lets_run(eff) && never_watched(&data)) {
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	struct obs_call *d = sv_record(s, &who, act, &data, tid);
	if (!d || s->o->learn || lets_run(eff)) {
		ptrace(PTRACE_CONT, tid, 0, 0);
		return;
	}
	switch (eff.type) {
	case PROFILE_ACT_ERRNO:
		skip_call(tid, (int)eff.value);
		break;
	case PROFILE_ACT_KILL_PROCESS:
	case PROFILE_ACT_KILL_THREAD:
	case PROFILE_ACT_TRAP:
		d->fatal = true;
		sv_deliver_death(s, who.tgid, tid, eff.type);
		skip_call(tid, ENOSYS);
		break;
	case PROFILE_ACT_TRACE:
	case PROFILE_ACT_NOTIFY:
	case PROFILE_ACT_ALLOW:
	case PROFILE_ACT_LOG:
	case PROFILE_ACT_MAX:
		/* No tracer or listener of the workload's: ENOSYS. */
		skip_call(tid, ENOSYS);
		break;
	}
	ptrace(PTRACE_CONT, tid, 0, 0);
}

/* A ptrace stop of a traced thread: look, then let it go on. */
void sv_handle_stop(struct sv *s, pid_t pid, int status)
{
	int sig = WSTOPSIG(status);
	int event = status >> 16;
	if (event == PTRACE_EVENT_EXIT) {
		unsigned long msg = 0;
		ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg);
		int st = (int)msg;
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS &&
		    !s->res->sigsys_ours) {
			s->res->foreign_sigsys = true;
#if defined(__x86_64__)
			/* A kill action's SIGSYS stops no tracer (the kernel
			 * makes it immutable): the registers at exit hold the
			 * call. Every thread of the group exits with SIGSYS;
			 * the one that made the call was rolled back to it
			 * (rax == orig_rax), the others hold their own call's
			 * result. */
			struct user_regs_struct regs;
			struct iovec iov = { &regs, sizeof(regs) };
			if (ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &iov) ==
			    0)
				name_foreign(s, syscalls_native_arch(),
					     (int)regs.orig_rax,
					     regs.rax == regs.orig_rax);
#endif
		}
		ptrace(PTRACE_CONT, pid, 0, 0);
	} else if (event == PTRACE_EVENT_SECCOMP) {
		seccomp_stop(s, pid);
	} else if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK ||
		   event == PTRACE_EVENT_VFORK ||
		   event == PTRACE_EVENT_VFORK_DONE ||
		   event == PTRACE_EVENT_EXEC ||
		   (event == PTRACE_EVENT_STOP && sig == SIGTRAP)) {
		if (event != PTRACE_EVENT_VFORK_DONE &&
		    event != PTRACE_EVENT_EXEC)
			sv_forget_tasks(s);
		/* Reported with the new image's pid: the process's. */
		if (event == PTRACE_EVENT_EXEC)
			sv_exec_seen(s, pid);
		/* A task starts or execs: the parent's event, the new one's
		 * first stop. */
		ptrace(PTRACE_CONT, pid, 0, 0);
	} else if (event == PTRACE_EVENT_STOP) {
		ptrace(PTRACE_LISTEN, pid, 0, 0); /* a group stop */
	} else {
		siginfo_t si;
		if (sig == SIGSYS &&
		    ptrace(PTRACE_GETSIGINFO, pid, 0, &si) == 0 &&
		    si.si_code == SYS_SECCOMP) {
			/* Ours come by tgkill (SI_TKILL): this is a filter's. */
			s->res->foreign_sigsys = true;
			name_foreign(s, si.si_arch, si.si_syscall, true);
		}
		ptrace(PTRACE_CONT, pid, 0, sig);
	}
}

/* End the main process; traced threads stop once more on their way out. */
void sv_kill_main(struct sv *s, pid_t leader)
{
	kill(-leader, SIGKILL);
	int status;
	pid_t pid;
	while ((s->traced || s->own.seized) &&
	       (pid = waitpid(-1, &status, __WALL)) > 0) {
		if (WIFSTOPPED(status))
			ptrace(PTRACE_CONT, pid, 0, 0);
		else if (!proc_spare_gone(s->spare, pid) && pid == leader)
			break;
	}
}
