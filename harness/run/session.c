#include "session.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "watchdog.h"

/* How long after the timeout the watchdog steps in for a stopped
 * supervisor: the run still ends within a second of its timeout. */
#define WATCHDOG_GRACE 0.25

int session_run(const struct session_spec *s, struct sv_result *ret,
		enum session_failure *ret_failure,
		struct runner_failure *ret_spawn, struct diag *d)
{
	memset(ret, 0, sizeof(*ret));
	*ret_failure = SESSION_FILTER;
	struct filter *f = NULL;
	struct filter_options fo = { .observe = true,
				     .handoff_fd = RUNNER_HANDOFF_FD,
				     .watch = s->watch,
				     .notify_all = s->notify_all };
	int r = filter_build(s->profile, &fo, &f, d);
	if (r < 0)
		return r;

	*ret_failure = SESSION_SUPERVISE;
	/* The supervisor blocks SIGINT and the like to read them from its
	 * signalfd; after the run they must work again, or a long step
	 * after it (writing a trimmed profile) could not be interrupted. */
	sigset_t mask;
	sigprocmask(SIG_SETMASK, NULL, &mask);
	int sigfd = supervisor_prepare();
	if (sigfd < 0) {
		sigprocmask(SIG_SETMASK, &mask, NULL);
		filter_free(f);
		return sigfd;
	}
	/* Forked before the workload, so a workload that stops us cannot
	 * stop it first; and before the process bound, which (as an
	 * rlimit) counts what the user already runs. */
	struct watchdog dog = WATCHDOG_INIT;
	struct pidlimit limit = PIDLIMIT_INIT;
	if (s->timeout > 0)
		r = watchdog_start(s->timeout + WATCHDOG_GRACE,
				   RUNNER_HANDOFF_TIMEOUT_MS / 1000.0, &dog);
	if (r == 0 && (r = pidlimit_open(s->max_procs, &limit)) < 0)
		*ret_failure = SESSION_LIMIT;
	if (r == 0) {
		struct runner_spec spec = {
			.path = s->path,
			.argv = s->argv,
			.envp = s->envp,
			.cwd = s->cwd,
			.stdin_path = s->stdin_path,
			.quiet = s->quiet,
			.set_caps = s->set_caps,
			.caps = s->caps,
			.filter = f,
			.observe = true,
			.trace = s->trace_sigsys,
			.limit = s->max_procs ? &limit : NULL,
			.watchdog = dog.pid ? &dog : NULL,
		};
		struct runner_child child;
		r = runner_spawn(&spec, &child, ret_spawn);
		if (r < 0) {
			*ret_failure = SESSION_SPAWN;
		} else {
			struct sv_options so = {
				.filter = f,
				.learn = s->learn,
				.timeout = s->timeout,
				.trace_sigsys = s->trace_sigsys,
				.spare = dog.pid,
			};
			r = supervisor_run(&child, sigfd, &so, ret);
			if (r == 0)
				*ret_failure = SESSION_OK;
			/* We were stopped past the deadline (a workload
			 * can ptrace or SIGSTOP its parent): the watchdog
			 * ended the run, a timeout all the same. (Not when
			 * the workload had ended on its own first: then it
			 * only took leftovers a slow teardown had not
			 * reached.) */
			if (watchdog_fired(&dog) && !ret->exited &&
			    (!ret->signaled || ret->signal == SIGKILL)) {
				ret->timed_out = true;
				ret->seconds = s->timeout + WATCHDOG_GRACE;
			}
		}
	}
	watchdog_stop(&dog);
	pidlimit_close(&limit);
	close(sigfd);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	filter_free(f);
	return r;
}
