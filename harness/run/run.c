/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run.h"

#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "container.h"
#include "filter.h"
#include "pidlimit.h"
#include "pidns.h"
#include "syscalls.h"
#include "supervisor.h"
#include "usage-observer.h"
#include "util.h"
#include "watchdog.h"

/* How long after the timeout the watchdog steps in for a stopped
 * supervisor: the run still ends within a second of its timeout. */
#define WATCHDOG_GRACE 0.25

static int fail(struct run_error *err, enum run_failure f, int r)
{
	err->failure = f;
	err->error = r;
	return r;
}

/* What a run sets up around the workload, torn down after it. */
struct harness {
	struct filter *filter; /* built once the usage backend is known */
	int sigfd;
	struct watchdog dog;
	struct pidlimit limit;
	struct capture capture;
	struct usage_observer *usage;
	bool counted; /* allowed calls are counted in the kernel */
	struct pidns ns;
};

static void note_isolation(const struct pidns *ns, struct observations *ret)
{
	ret->isolation = ns->kind;
	if (ns->kind == PIDNS_NONE && ns->error)
		snprintf(ret->isolation_why, sizeof(ret->isolation_why),
			 "no pid namespace could be made: %s",
			 strerror(-ns->error));
}

/* Spawn and supervise, with the watchdog, the bound and stdio in place. */
static int supervise(const struct job *j, const struct run_options *o,
		     struct harness *h, struct observations *ret,
		     struct run_error *err)
{
	struct runner_spec spec = {
		.path = j->path,
		.argv = j->argv,
		.envp = j->envp,
		.cwd = j->cwd,
		.stdin_path = j->stdin_path,
		.stdout_fd =
			h->capture.child_fd[0] > 2 ? h->capture.child_fd[0] : 0,
		.stderr_fd =
			h->capture.child_fd[1] > 2 ? h->capture.child_fd[1] : 0,
		.one_cpu = o->one_cpu,
		.set_caps = j->set_caps,
		.caps = j->env.caps,
		.filter = h->filter,
		.observe = true,
		.trace = o->trace_sigsys,
		.limit = j->max_procs ? &h->limit : NULL,
		.cgroup = usage_observer_cgroup(h->usage),
		.watchdog = h->dog.pid ? &h->dog : NULL,
		.isolation = j->isolation,
		.ns = &h->ns,
	};
	struct runner_child child;
	int r = runner_spawn(&spec, &child, &err->spawn);
	capture_spawned(&h->capture);
	if (r < 0) {
		/* Never got to its filter: its stdin's open waited? */
		if (err->spawn.stage == RUNNER_STAGE_HANDOFF &&
		    err->spawn.error == ETIMEDOUT)
			job_stdin_waited(j, RUNNER_HANDOFF_TIMEOUT_MS / 1000,
					 &err->diag);
		return fail(err, RUN_FAILED_SPAWN, r);
	}
	/* Its execs are named to the counter by their pids there; its
	 * listener outlives us, should we die, until the namespace does. */
	if (h->ns.kind != PIDNS_NONE &&
	    ((r = usage_observer_pidns(h->usage, h->ns.ns_dev, h->ns.ns_ino)) <
		     0 ||
	     (r = pidns_hold(&h->ns, child.notify_fd)) < 0)) {
		/* The namespace's end (run_workload) ends the child. */
		close(child.exec_fd);
		close(child.notify_fd);
		return fail(err, RUN_FAILED_SUPERVISE, r);
	}
	struct supervisor_options so = {
		.filter = h->filter,
		.learn = o->learn,
		.observe_all = o->usage && !h->counted,
		.counter = h->counted ? h->usage : NULL,
		.timeout = j->timeout,
		.trace_sigsys = o->trace_sigsys,
		.spare = { h->dog.pid, h->ns.holder, h->ns.init },
		.capture = &h->capture,
	};
	r = supervisor_run(&child, h->sigfd, &so, ret);
	if (r < 0)
		return fail(err, RUN_FAILED_SUPERVISE, r);
	note_isolation(&h->ns, ret);
	/* We were stopped past the deadline (a workload can ptrace or
	 * SIGSTOP its parent): the watchdog ended the run, a timeout all the
	 * same. (Not when the workload had ended on its own first: then it
	 * only took leftovers a slow teardown had not reached.) */
	if (watchdog_fired(&h->dog) && !ret->exited &&
	    (!ret->signaled || ret->signal == SIGKILL)) {
		ret->timed_out = true;
		ret->seconds = j->timeout + WATCHDOG_GRACE;
	}
	return 0;
}

/* The runtime's exit status says how the container's process ended:
 * 128 + N for signal N, as Docker reports it. */
static void runtime_status(struct observations *ret, int expected)
{
	/* Unless that is the exit status the job expects: it cannot be
	 * told apart, and the job says which it means. */
	if (ret->exited && ret->exit_code > 128 && ret->exit_code < 128 + 65 &&
	    ret->exit_code != expected) {
		ret->exited = false;
		ret->signaled = true;
		ret->signal = ret->exit_code - 128;
	}
}

/* The runtime ended, or stalled, before it handed the listener over:
 * no call of the container was seen. */
static int no_handoff(struct run_error *err, const struct container *c, int r,
		      const struct observations *obs)
{
	const char *name = job_runtime_name(c->runtime);
	if (r == -ECHILD && obs->exited)
		diag_set(&err->diag, r, "", 0, 0,
			 "%s exited with %d before it loaded the profile: the "
			 "container was never started (what %s said is above)",
			 name, obs->exit_code, name);
	else
		diag_set(&err->diag, r, "", 0, 0,
			 "%s did not hand the seccomp listener over (%s)", name,
			 strerror(-r));
	return fail(err, RUN_FAILED_RUNTIME, r);
}

/* What is left of timeout seconds since t0 (at least a moment). */
static double left_of(double timeout, double t0)
{
	double left = timeout - (util_now() - t0);
	return left > 1e-3 ? left : 1e-3;
}

/* The runtime's command under the watchdog and stdio, its listener
 * served. */
static int contained(const struct job *j, const struct run_options *o,
		     struct harness *h, struct container *c,
		     struct observations *ret, struct run_error *err)
{
	struct runner_spec spec = {
		.path = c->program,
		.argv = c->args.v,
		.stdin_path = j->stdin_path,
		.stdout_fd =
			h->capture.child_fd[0] > 2 ? h->capture.child_fd[0] : 0,
		.stderr_fd =
			h->capture.child_fd[1] > 2 ? h->capture.child_fd[1] : 0,
		.one_cpu = o->one_cpu,
		.runtime = true,
		.hide_mount = c->hide_mount,
		.watchdog = h->dog.pid ? &h->dog : NULL,
	};
	struct runner_child child;
	double t0 = util_now();
	int r = runner_spawn(&spec, &child, &err->spawn);
	capture_spawned(&h->capture);
	if (r < 0)
		return fail(err, RUN_FAILED_SPAWN, r);
	pid_t init = 0;
	/* The job's timeout bounds the wait too: a runtime stuck in its
	 * hooks has timed out, not failed. */
	double left = j->timeout > 0 ? j->timeout - (util_now() - t0) : 0;
	bool by_timeout = left > 0 && left * 1000 < RUNNER_HANDOFF_TIMEOUT_MS;
	int handoff = container_accept(c, child.pid, h->sigfd,
				       by_timeout ? (int)(left * 1000) + 1
						  : RUNNER_HANDOFF_TIMEOUT_MS,
				       &child.notify_fd, &init);
	/* Interrupted or timed out: the supervisor ends the run as such. */
	bool ends = handoff == -EINTR || (handoff == -ETIMEDOUT && by_timeout);
	if (handoff < 0)
		child.notify_fd = -1;
	struct supervisor_options so = {
		.filter = h->filter,
		.learn = o->learn,
		.observe_all = o->usage,
		/* The run's clock (and the watchdog's) started at spawn:
		 * the runtime's own start is part of the run. */
		.timeout = handoff == -ETIMEDOUT && ends ? 1e-3
			   : handoff < 0		 ? 1
			   : j->timeout > 0 ? left_of(j->timeout, t0)
					    : 0,
		.spare = { h->dog.pid },
		.capture = &h->capture,
		.runtime_init = init,
	};
	if ((r = supervisor_run(&child, h->sigfd, &so, ret)) < 0)
		return fail(err, RUN_FAILED_SUPERVISE, r);
	if (handoff < 0 && !ends)
		return no_handoff(err, c, handoff, ret);
	runtime_status(ret, j->expect.exit_code);
	ret->runtime_init = init;
	snprintf(ret->isolation_why, sizeof(ret->isolation_why),
		 "the container's namespaces are its runtime's; scaudit makes "
		 "none around the runtime");
	/* The init is the OCI runtime's, under podman too. */
	snprintf(ret->runtime, sizeof(ret->runtime), "%s",
		 job_runtime_name(job_runtime_oci(c->runtime)));
	snprintf(ret->runtime_cmd, sizeof(ret->runtime_cmd), "%s",
		 job_runtime_name(c->runtime));
	return 0;
}

/* What a run would show when the runtime's init is denied a call it
 * makes before it can hand the listener over (bundle_start_blocked): the
 * denial, and the runtime's exit, as runc does natively. */
static int start_blocked(const struct filter *f, const char *name,
			 struct observations *ret)
{
	uint32_t arch = syscalls_native_arch();
	int nr = syscalls_resolve(arch, name);
	struct seccomp_data d = { .nr = nr, .arch = arch };
	uint32_t act;
	if (filter_decide(f, &d, &act) < 0)
		act = SECCOMP_RET_KILL_PROCESS;
	if (!(ret->calls = calloc(1, sizeof(*ret->calls))))
		return -ENOMEM;
	ret->n_calls = ret->alloc = 1;
	struct obs_call *c = &ret->calls[0];
	*c = (struct obs_call){ .arch = arch,
				.nr = nr,
				.action = filter_action_from_ret(act),
				.runtime_init = true,
				.count = 1 };
	snprintf(c->name, sizeof(c->name), "%s", name);
	ret->exited = true;
	ret->exit_code = 1;
	ret->start_blocked = true;
	return 0;
}

/* The bundle for the profile, then the runtime's run. */
static int in_container(const struct job *j, const struct profile *p,
			const struct run_options *o, char *const *watch,
			struct harness *h, struct observations *ret,
			struct run_error *err)
{
	struct container c = CONTAINER_INIT;
	cleanup_strv struct strv unobserved = STRV_INIT;
	char root[4096] = "";
	json_t *seccomp = NULL, *config = NULL;
	struct bundle_seccomp_options bo = { .listener = c.socket,
					     .usage = o->usage,
					     .watch = watch,
					     .runtime = j->container.runtime,
					     .delta = o->delta };
	int r = container_open(j, &c, &err->diag);
	if (r < 0) {
		container_close(&c);
		return fail(err, RUN_FAILED_RUNTIME, r);
	}
	bo.listener = c.socket;
	bool podman = j->container.runtime == JOB_RUNTIME_PODMAN;
	const char *blocked =
		bundle_start_blocked(p, h->filter, j->container.runtime);
	if (blocked) {
		/* Nothing to run: the container cannot start. */
		container_close(&c);
		r = start_blocked(h->filter, blocked, ret);
		snprintf(ret->runtime, sizeof(ret->runtime), "%s",
			 job_runtime_name(
				 job_runtime_oci(j->container.runtime)));
		snprintf(ret->runtime_cmd, sizeof(ret->runtime_cmd), "%s",
			 job_runtime_name(j->container.runtime));
		return r < 0 ? fail(err, RUN_FAILED_SUPERVISE, r) : 0;
	}
	if ((r = bundle_seccomp(p, h->filter, &bo, &seccomp, &unobserved)) < 0)
		fail(err, RUN_FAILED_SUPERVISE, r);
	else if (podman && (r = container_write_profile(&c, seccomp)) < 0)
		fail(err, RUN_FAILED_SUPERVISE, r);
	else if (podman)
		r = contained(j, o, h, &c, ret, err);
	else if ((r = bundle_config(j, seccomp, &config, &err->diag)) < 0)
		fail(err,
		     r == -ENOMEM ? RUN_FAILED_SUPERVISE : RUN_FAILED_BUNDLE,
		     r);
	else {
		/* Where its paths are, to read its programs (Go's?). */
		const char *rp = json_string_value(json_object_get(
			json_object_get(config, "root"), "path"));
		snprintf(root, sizeof(root), "%s", rp ? rp : "");
		if ((r = container_write_config(&c, config)) < 0)
			fail(err, RUN_FAILED_SUPERVISE, r);
		else
			r = contained(j, o, h, &c, ret, err);
	}
	/* The run is over: the watchdog must not kill the cleanup. */
	watchdog_stop(&h->dog);
	container_close(&c);
	if (r == 0) {
		ret->unobserved = unobserved;
		unobserved = (struct strv)STRV_INIT;
		snprintf(ret->runtime_root, sizeof(ret->runtime_root), "%s",
			 root);
	}
	return r;
}

/* The filter, once the backend is known: with the counter, allowed
 * calls stay in the kernel, but what says a handler was installed is
 * still notified (usage-observer.h). */
static int build_filter(const struct profile *p, const struct run_options *o,
			struct harness *h, struct strv *watch,
			struct run_error *err)
{
	for (char *const *n = usage_observer_watch(); h->counted && *n; n++)
		if (strv_add_unique(watch, *n) < 0)
			return fail(err, RUN_FAILED_FILTER, -ENOMEM);
	struct filter_options fo = {
		.observe = true,
		.watch = watch->v,
		.notify_all = o->usage && !h->counted,
		.delta = o->delta,
	};
	int r = filter_build(p, &fo, &h->filter, &err->diag);
	return r < 0 ? fail(err, RUN_FAILED_FILTER, r) : 0;
}

/* How this run sees its usage: 0, or the failure of a counter asked for
 * by name (--usage-backend kernel). */
static int choose_usage(const struct run_options *o, bool ctr,
			struct harness *h, struct run_error *err)
{
	int r = o->usage ? usage_observer_start(h->usage, &h->limit, ctr) : 0;
	if (r < 0) {
		diag_set(&err->diag, r, "", 0, 0,
			 "the kernel usage counter cannot be used here: %s",
			 h->usage->why);
		diag_hint(&err->diag, "--usage-backend auto falls back to "
				      "seccomp notifications");
		return fail(err, RUN_FAILED_USAGE, r);
	}
	h->counted = r > 0;
	return 0;
}

/* The watchdog, the process bound, the usage backend, the filter and
 * stdio, then the run. */
static int harnessed(const struct job *j, const struct profile *p,
		     const struct run_options *o, struct strv *watch,
		     struct harness *h, struct observations *ret,
		     struct run_error *err)
{
	bool ctr = j->container.runtime != JOB_RUNTIME_NONE;
	int r = 0;
	/* Forked before the workload, so a workload that stops us cannot
	 * stop it first; and before the process bound, which (as an
	 * rlimit) counts what the user already runs. */
	if (j->timeout > 0 &&
	    (r = watchdog_start(j->timeout + WATCHDOG_GRACE,
				RUNNER_HANDOFF_TIMEOUT_MS / 1000.0, &h->dog)) <
		    0)
		return fail(err, RUN_FAILED_SUPERVISE, r);
	/* A container's bound is its runtime's (bundle.h). */
	if ((r = pidlimit_open(ctr ? 0 : j->max_procs, &h->limit)) < 0)
		return fail(err, RUN_FAILED_LIMIT, r);
	if ((r = choose_usage(o, ctr, h, err)) < 0 ||
	    (r = build_filter(p, o, h, watch, err)) < 0)
		return r;
	if ((r = capture_open(j->out, j->err, &h->capture)) < 0)
		return fail(err, RUN_FAILED_SUPERVISE, r);
	return ctr ? in_container(j, p, o, watch->v, h, ret, err)
		   : supervise(j, o, h, ret, err);
}

int run_workload(const struct job *j, const struct profile *p,
		 const struct run_options *o, struct observations *ret,
		 struct run_error *err)
{
	memset(ret, 0, sizeof(*ret));
	memset(err, 0, sizeof(*err));
	/* A filter the workload loads itself is seen even without usage,
	 * so a report can say it was not observed (takeover.h). Every exec
	 * is seen: it changes who makes the calls after it (the supervisor
	 * caches each process's executable), and a runtime's init is the
	 * runtime until it executes the workload. */
	cleanup_strv struct strv watch = STRV_INIT;
	if (strv_extend(&watch, j->expect.denied.v) < 0 ||
	    strv_add_unique(&watch, "seccomp") < 0 ||
	    strv_add_unique(&watch, "prctl") < 0 ||
	    strv_add_unique(&watch, "execve") < 0 ||
	    strv_add_unique(&watch, "execveat") < 0 ||
	    /* A ring's operations bypass the filter: seen even without
	     * usage (verdict/bypass.h). */
	    strv_add_unique(&watch, "io_uring_setup") < 0)
		return fail(err, RUN_FAILED_FILTER, -ENOMEM);
	/* One per run unless the caller keeps one across its runs. */
	cleanup_usage_observer struct usage_observer mine;
	usage_observer_init(&mine, o->usage_backend);

	/* The supervisor blocks SIGINT and the like to read them from its
	 * signalfd; after the run they must work again, or a long step
	 * after it (writing a trimmed profile) could not be interrupted. */
	sigset_t mask;
	sigprocmask(SIG_SETMASK, NULL, &mask);
	struct harness h = { .sigfd = supervisor_prepare(),
			     .dog = WATCHDOG_INIT,
			     .limit = PIDLIMIT_INIT,
			     .capture = CAPTURE_INIT,
			     .usage = o->observer ? o->observer : &mine,
			     .ns = PIDNS_INIT };
	int r;
	if (h.sigfd < 0)
		r = fail(err, RUN_FAILED_SUPERVISE, h.sigfd);
	else
		r = harnessed(j, p, o, &watch, &h, ret, err);
	/* The namespace's end is the last word: nothing of it is left. */
	pidns_close(&h.ns);
	capture_close(&h.capture, &ret->output);
	ret->captured = j->out == CAPTURE_FILE || j->out == CAPTURE_PIPE ||
			j->out == CAPTURE_TTY || j->err == CAPTURE_FILE ||
			j->err == CAPTURE_PIPE || j->err == CAPTURE_TTY;
	watchdog_stop(&h.dog);
	pidlimit_close(&h.limit);
	/* After the bound's close: what it left behind is the run's too. */
	int u = o->usage ? usage_observer_finish(h.usage, p, o->delta, watch.v,
						 o->learn, ret)
			 : 0;
	if (r == 0 && u < 0)
		r = fail(err, RUN_FAILED_SUPERVISE, u);
	filter_free(h.filter);
	if (h.sigfd >= 0)
		close(h.sigfd);
	sigprocmask(SIG_SETMASK, &mask, NULL);
	return r;
}

enum run_error_kind run_error_kind(const struct run_error *e)
{
	switch (e->failure) {
	case RUN_FAILED_FILTER:
		return e->error == -ENOMEM ? RUN_ERROR_ENVIRONMENT
					   : RUN_ERROR_INPUT;
	case RUN_FAILED_SPAWN:
		/* The workload's own setup (stdin, cwd) and its command are
		 * the input; the rest is what this system allows. */
		return e->spawn.stage == RUNNER_STAGE_SETUP ||
				       e->spawn.stage == RUNNER_STAGE_EXEC
			       ? RUN_ERROR_INPUT
			       : RUN_ERROR_ENVIRONMENT;
	case RUN_FAILED_BUNDLE:
		return e->error == -ENOMEM ? RUN_ERROR_ENVIRONMENT
					   : RUN_ERROR_INPUT;
	case RUN_FAILED_LIMIT:
	case RUN_FAILED_SUPERVISE:
	case RUN_FAILED_RUNTIME:
	case RUN_FAILED_USAGE:
	case RUN_FAILED_MAX:
		break;
	}
	return RUN_ERROR_ENVIRONMENT;
}

static void describe_spawn(const struct runner_failure *f, const char *cmd,
			   struct diag *d)
{
	const char *e = strerror(f->error);
	switch (f->stage) {
	case RUNNER_STAGE_FILTER:
		if (f->error == EBUSY)
			diag_set(
				d, 0, "", 0, 0,
				"cannot load the filter: another seccomp "
				"listener already watches this process "
				"(running under a supervisor?); 'scaudit exec' "
				"still works");
		else
			diag_set(d, 0, "", 0, 0,
				 "cannot load the filter: %s (needs seccomp "
				 "with user notification, Linux 5.5+; 'scaudit "
				 "exec' may still work)",
				 e);
		return;
	case RUNNER_STAGE_CAPS:
		diag_set(d, 0, "", 0, 0,
			 "cannot set capabilities: %s (only root can grant "
			 "capabilities; try --caps keep)",
			 e);
		return;
	case RUNNER_STAGE_SETUP:
		diag_set(d, 0, "", 0, 0,
			 "cannot set up the workload's process: %s", e);
		return;
	case RUNNER_STAGE_EXEC:
		diag_set(d, 0, "", 0, 0, "cannot execute '%s': %s", cmd, e);
		return;
	case RUNNER_STAGE_ISOLATION:
		diag_set(d, 0, "", 0, 0,
			 "cannot isolate the workload in a pid namespace: %s",
			 e);
		diag_hint(d, "--isolation auto runs it without one where "
			     "none can be made, and says so; unprivileged, "
			     "user namespaces must be allowed "
			     "(user.max_user_namespaces)");
		return;
	case RUNNER_STAGE_LIMIT:
	case RUNNER_STAGE_COUNTER:
	case RUNNER_STAGE_FORK:
	case RUNNER_STAGE_NO_NEW_PRIVS:
	case RUNNER_STAGE_HANDOFF:
	case RUNNER_STAGE_MAX:
		break;
	}
	diag_set(d, 0, "", 0, 0, "cannot %s: %s", runner_stage_name(f->stage),
		 e);
}

void run_error_describe(const struct run_error *e, const char *cmd,
			struct diag *d)
{
	switch (e->failure) {
	case RUN_FAILED_FILTER:
		if (e->diag.message[0])
			*d = e->diag;
		else
			diag_set(d, 0, "", 0, 0, "cannot build the filter: %s",
				 strerror(-e->error));
		return;
	case RUN_FAILED_LIMIT:
		if (e->error == -EOPNOTSUPP)
			diag_set(
				d, 0, "", 0, 0,
				"cannot enforce --max-procs: no pids cgroup "
				"can be made here, and the kernel ignores "
				"RLIMIT_NPROC for root (mount cgroup2 with the "
				"pids controller, or run as another user)");
		else
			diag_set(d, 0, "", 0, 0,
				 "cannot enforce --max-procs: %s",
				 strerror(-e->error));
		return;
	case RUN_FAILED_SPAWN:
		if (e->diag.message[0])
			*d = e->diag;
		else
			describe_spawn(&e->spawn, cmd, d);
		return;
	case RUN_FAILED_BUNDLE:
	case RUN_FAILED_RUNTIME:
	case RUN_FAILED_USAGE:
		if (e->diag.message[0]) {
			*d = e->diag;
			return;
		}
		break;
	case RUN_FAILED_SUPERVISE:
	case RUN_FAILED_MAX:
		break;
	}
	diag_set(d, 0, "", 0, 0, "cannot supervise: %s", strerror(-e->error));
}
