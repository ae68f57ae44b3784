/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "verdict.h"

#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"
#include "syscalls.h"
#include "util.h"

static const char *const outcome_names[] = {
	[OUTCOME_PASSED] = "passed",
	[OUTCOME_PASSED_TOLERATED] = "passed-with-tolerated-denials",
	[OUTCOME_KILLED] = "killed",
	[OUTCOME_FAILED] = "failed",
	[OUTCOME_BLOCKED] = "blocked-as-expected",
	[OUTCOME_ESCAPED] = "escaped",
	[OUTCOME_TIMEOUT] = "timeout",
	[OUTCOME_CRASHED] = "crashed",
	[OUTCOME_ERROR] = "error",
};
_Static_assert(ARRAY_SIZE(outcome_names) == OUTCOME_MAX, "outcome names");

static const char *const class_names[] = {
	[CLASS_MISSING] = "missing",	 [CLASS_TOLERATED] = "tolerated",
	[CLASS_UNDECIDED] = "undecided", [CLASS_EXPECTED] = "expected-denial",
	[CLASS_ESCAPED] = "escaped",	 [CLASS_UNEXPECTED] = "unexpected",
	[CLASS_ALLOWED] = "allowed",	 [CLASS_LOGGED] = "logged",
	[CLASS_LAUNCHER] = "launcher",
};
_Static_assert(ARRAY_SIZE(class_names) == CLASS_MAX, "class names");

const char *verdict_outcome_name(enum run_outcome o)
{
	return o < OUTCOME_MAX ? outcome_names[o] : "?";
}

const char *verdict_class_name(enum denial_class c)
{
	return c < CLASS_MAX ? class_names[c] : "?";
}

int verdict_outcome_parse(const char *s, enum run_outcome *ret)
{
	int i = util_name_index(outcome_names, OUTCOME_MAX, s);
	if (i < 0)
		return i;
	*ret = (enum run_outcome)i;
	return 0;
}

int verdict_class_parse(const char *s, enum denial_class *ret)
{
	int i = util_name_index(class_names, CLASS_MAX, s);
	if (i < 0)
		return i;
	*ret = (enum denial_class)i;
	return 0;
}

static void denial_label(const struct obs_call *d, char *buf, size_t size)
{
	const char *arch = syscalls_arch_name(d->arch);
	if (d->name[0])
		snprintf(buf, size, "'%s' (%s %d)", d->name, arch ? arch : "?",
			 d->nr);
	else
		snprintf(buf, size, "syscall %d (%s)", d->nr,
			 arch ? arch : "?");
}

/* Whose denial decided a call: the profile's, or the workload's own
 * filter's (ranking as high, the newer filter wins). */
static const char *denier(const struct obs_call *d)
{
	struct profile_action eff = obs_call_effective(d);
	return obs_call_own_denied(d) && eff.type == d->own_action.type &&
			       eff.value == d->own_action.value
		       ? "the workload's own filter"
		       : "the profile";
}

static enum denial_class classify(const struct obs_call *d,
				  const struct verdict_expect *e,
				  bool ended_well, bool started,
				  bool *exec_denied)
{
	if (d->launcher) {
		*exec_denied |= !obs_call_allowed(d) &&
				(strcmp(d->name, "execve") == 0 ||
				 strcmp(d->name, "execveat") == 0);
		return CLASS_LAUNCHER;
	}
	/* Judged by what production does: the profile and, under the
	 * workload's own filter, that filter too. */
	struct profile_action eff = obs_call_effective(d);
	bool runs = eff.type == PROFILE_ACT_ALLOW ||
		    eff.type == PROFILE_ACT_LOG ||
		    (eff.type == PROFILE_ACT_NOTIFY && !obs_call_own_denied(d));
	if (strv_contains(e->denied, d->name))
		return runs ? CLASS_ESCAPED : CLASS_EXPECTED;
	if (eff.type == PROFILE_ACT_ALLOW)
		return CLASS_ALLOWED;
	if (runs)
		return CLASS_LOGGED;
	/* A container runtime's own start was denied it and never got as
	 * far as the workload: without it the container does not start. */
	if (d->runtime_init && !started)
		return CLASS_MISSING;
	if (e->expected && !strv_contains(e->expected, d->name))
		return CLASS_UNEXPECTED;
	/* A kill is fatal in production, whatever won the race here (another
	 * thread's exit_group before the supervisor's kill). */
	if (e->learn || d->fatal || profile_action_kills(eff))
		return CLASS_MISSING;
	return ended_well ? CLASS_TOLERATED : CLASS_UNDECIDED;
}

/* The expect-denied names the workload never tried. */
static void never_attempted(const struct observations *r,
			    const struct verdict_expect *e, struct verdict *v)
{
	char *s = v->never_attempted;
	for (char *const *n = e->denied; n && *n; n++) {
		bool seen = false;
		for (size_t i = 0; i < r->n_calls; i++)
			seen |= !r->calls[i].launcher &&
				strcmp(r->calls[i].name, *n) == 0;
		size_t len = strlen(s);
		if (!seen)
			snprintf(s + len, sizeof(v->never_attempted) - len,
				 "%s%s", len ? " " : "", *n);
	}
}

static void decide(struct verdict *v, enum run_outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void decide(struct verdict *v, enum run_outcome o, const char *fmt, ...)
{
	va_list ap;
	v->outcome = o;
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
}

static const char *signame(int sig, const char *unknown)
{
	return sigabbrev_np(sig) ? sigabbrev_np(sig) : unknown;
}

/* What a kill-thread became under the supervisor, when it is not what
 * production does. */
static const char *widened(const struct observations *r)
{
	return r->thread_kill_widened
		       ? " (kill-thread: in production only the calling thread "
			 "ends; scaudit cannot end one thread of another "
			 "process and ended the whole process)"
		       : "";
}

/* A negative check: its names must have been attempted and denied. */
static void decide_negative(struct verdict *v)
{
	if (v->count[CLASS_ESCAPED])
		decide(v, OUTCOME_ESCAPED,
		       "a syscall that had to be blocked was allowed");
	else if (v->never_attempted[0])
		decide(v, OUTCOME_FAILED,
		       "never attempted: %s (the negative check proves "
		       "nothing)",
		       v->never_attempted);
	else
		decide(v, OUTCOME_BLOCKED,
		       "every syscall that had to be blocked was attempted "
		       "and denied");
}

static void decide_signaled(const struct observations *r, struct verdict *v,
			    const char *label)
{
	const char *arch = syscalls_arch_name(r->foreign_arch);
	if (r->sigsys_ours && (r->signal == SIGSYS || r->signal == SIGKILL))
		decide(v, OUTCOME_KILLED, "killed by SIGSYS: %s denies %s%s%s",
		       v->fatal ? denier(v->fatal) : "the profile", label,
		       r->used_sigkill ? " (delivered as SIGKILL: the workload "
					 "catches, blocks or ignores SIGSYS)"
				       : "",
		       widened(r));
	else if (r->signal == SIGSYS && r->foreign_named)
		decide(v, OUTCOME_CRASHED,
		       "died of SIGSYS on '%s' (%s %d), but not from this "
		       "profile: another seccomp filter (the workload's own?) "
		       "denied it%s",
		       r->foreign_name[0] ? r->foreign_name : "?",
		       arch ? arch : "?", r->foreign_nr,
		       r->foreign_exact ? "" : " (read from the registers)");
	else if (r->signal == SIGSYS)
		decide(v, OUTCOME_CRASHED,
		       "died of SIGSYS, but not from this profile: the "
		       "workload's own seccomp filter or a signal sent to it%s",
		       r->traced ? "" : " (--trace-sigsys names the syscall)");
	else
		decide(v, OUTCOME_CRASHED, "died of %s",
		       signame(r->signal, "a signal"));
}

/* The denial that kills in production, when the supervisor's kill lost
 * the race (or learn let it through): the first missing kill. */
static const struct obs_call *first_kill(const struct observations *r,
					 const struct verdict *v)
{
	for (size_t i = 0; i < r->n_calls; i++) {
		const struct obs_call *d = &r->calls[i];
		if (v->classes[i] == CLASS_MISSING && !d->launcher &&
		    profile_action_kills(obs_call_effective(d)))
			return d;
	}
	return NULL;
}

/* A load of the workload's own filter that failed only because scaudit
 * is there (strict mode, a listener of its own), or NULL. */
static const struct obs_load *refused_here(const struct observations *r)
{
	for (size_t i = 0; i < r->n_loads; i++)
		if (r->loads[i].state == OBS_LOAD_UNOBSERVED &&
		    r->loads[i].refused &&
		    strstr(r->loads[i].why, "here, not in production"))
			return &r->loads[i];
	return NULL;
}

/* The first call a container runtime's own start was denied. */
static const struct obs_call *runtime_denial(const struct observations *r)
{
	for (size_t i = 0; i < r->n_calls; i++)
		if (r->calls[i].runtime_init && !obs_call_allowed(&r->calls[i]))
			return &r->calls[i];
	return NULL;
}

static void decide_exited(const struct observations *r,
			  const struct verdict_expect *e, struct verdict *v,
			  const char *label)
{
	size_t denied = v->count[CLASS_MISSING] + v->count[CLASS_UNEXPECTED] +
			v->count[CLASS_UNDECIDED];
	bool ended_well = observations_exited_with(r, e->exit_code);
	const struct obs_call *init = runtime_denial(r);
	if (init && r->start_blocked) {
		decide(v, OUTCOME_FAILED,
		       "the container cannot start: %s's init writes to its "
		       "parent after it loads the filter, and the profile "
		       "denies %s (%s refuses to let it be notified: not run; "
		       "natively it exits 1)",
		       r->runtime, init->name, r->runtime);
		return;
	}
	if (init && !r->runtime_started) {
		decide(v, OUTCOME_FAILED,
		       "the container never started: %s's init was denied %s "
		       "(%s exited %d)",
		       r->runtime, init->name[0] ? init->name : "a call",
		       r->runtime_cmd, r->exit_code);
		return;
	}
	if (r->runtime[0] && !r->runtime_started && !ended_well) {
		/* Its command not found in the rootfs, a bad mount: what the
		 * runtime said is on its stderr. */
		decide(v, OUTCOME_ERROR,
		       "%s's init never executed the command, with no denial "
		       "(%s exited %d; what it said is above): not the "
		       "profile's doing",
		       r->runtime, r->runtime_cmd, r->exit_code);
		return;
	}
	const struct obs_call *kill = e->learn ? NULL : first_kill(r, v);
	char kill_label[128] = "";
	if (kill)
		denial_label(kill, kill_label, sizeof(kill_label));
	if (!ended_well && v->fatal)
		decide(v, OUTCOME_KILLED,
		       "exited %d after a process was killed by SIGSYS: %s "
		       "denies %s%s",
		       r->exit_code, denier(v->fatal), label, widened(r));
	else if (v->fatal || kill)
		decide(v, OUTCOME_KILLED,
		       "exited %d, but a kill for %s came first (another of "
		       "its processes was killed, or the process ended before "
		       "the kill took effect); in production the kernel kills "
		       "at the call%s",
		       r->exit_code, v->fatal ? label : kill_label, widened(r));
	else if (!ended_well && v->count[CLASS_UNDECIDED] &&
		 !v->count[CLASS_MISSING] && !v->count[CLASS_UNEXPECTED])
		decide(v, OUTCOME_FAILED,
		       "exited %d (expected %d) after %zu syscall%s denied "
		       "with an errno: maybe the cause, maybe not (a run with "
		       "--learn tells)",
		       r->exit_code, e->exit_code, denied,
		       denied == 1 ? "" : "s");
	else if (!ended_well && denied)
		decide(v, OUTCOME_FAILED,
		       "exited %d (expected %d) after %zu denied syscall%s",
		       r->exit_code, e->exit_code, denied,
		       denied == 1 ? "" : "s");
	else if (!ended_well && refused_here(r))
		decide(v, OUTCOME_FAILED,
		       "exited %d (expected %d) without any denial, after a "
		       "load of its own filter failed under scaudit: %s",
		       r->exit_code, e->exit_code, refused_here(r)->why);
	else if (!ended_well && r->runtime[0])
		/* What a container calls by a number libseccomp cannot name
		 * is never notified (run/bundle.h): not seen, not ruled out. */
		decide(v, OUTCOME_FAILED,
		       "exited %d (expected %d) without any denial seen (in a "
		       "container, calls libseccomp has no name for are not "
		       "observed: they meet the profile's default)",
		       r->exit_code, e->exit_code);
	else if (!ended_well)
		decide(v, OUTCOME_FAILED,
		       "exited %d (expected %d) without any denial: not the "
		       "profile's doing",
		       r->exit_code, e->exit_code);
	else if (v->count[CLASS_TOLERATED] || denied)
		decide(v, e->learn ? OUTCOME_PASSED : OUTCOME_PASSED_TOLERATED,
		       "%s",
		       e->learn ? "ran to the end with every denied call let "
				  "through (learn mode)"
				: "denied calls, and the workload coped");
	else
		decide(v, OUTCOME_PASSED, "exited %d with no denial",
		       r->exit_code);
}

int verdict_judge(const struct observations *r, const struct verdict_expect *e,
		  struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->classes = calloc(r->n_calls + 1, sizeof(*v->classes));
	if (!v->classes)
		return -ENOMEM;
	bool ended_well = observations_exited_with(r, e->exit_code);
	for (size_t i = 0; i < r->n_calls; i++) {
		const struct obs_call *d = &r->calls[i];
		enum denial_class c = classify(
			d, e, ended_well, !r->runtime[0] || r->runtime_started,
			&v->exec_denied);
		v->classes[i] = c;
		v->count[c]++;
		if (d->fatal && !v->fatal)
			v->fatal = d;
	}
	never_attempted(r, e, v);

	char label[128] = "";
	if (v->fatal)
		denial_label(v->fatal, label, sizeof(label));
	if (r->exec_failed)
		decide(v, OUTCOME_ERROR,
		       "the command could not be executed: %s (not the "
		       "profile's doing)",
		       strerror(r->exec_errno));
	else if (r->interrupted)
		decide(v, OUTCOME_ERROR,
		       "interrupted by SIG%s: the whole process tree was killed",
		       signame(r->interrupted, "?"));
	else if (r->timed_out)
		decide(v, OUTCOME_TIMEOUT,
		       "still running at the timeout: the whole process tree "
		       "was killed");
	else if (e->denied && e->denied[0])
		decide_negative(v);
	else if (r->signaled)
		decide_signaled(r, v, label);
	else
		decide_exited(r, e, v, label);
	return 0;
}

bool verdict_ended_as_expected(enum run_outcome o)
{
	return o == OUTCOME_PASSED || o == OUTCOME_PASSED_TOLERATED ||
	       o == OUTCOME_BLOCKED;
}

bool verdict_has_findings(const struct verdict *v)
{
	if (v->count[CLASS_MISSING] || v->count[CLASS_UNEXPECTED] ||
	    v->count[CLASS_ESCAPED] || v->count[CLASS_UNDECIDED] ||
	    v->exec_denied)
		return true;
	switch (v->outcome) {
	case OUTCOME_PASSED:
	case OUTCOME_PASSED_TOLERATED:
	case OUTCOME_BLOCKED:
		return false;
	case OUTCOME_KILLED:
	case OUTCOME_FAILED:
	case OUTCOME_ESCAPED:
	case OUTCOME_TIMEOUT:
	case OUTCOME_CRASHED:
	case OUTCOME_ERROR:
	case OUTCOME_MAX:
		break;
	}
	return true;
}

void verdict_clear(struct verdict *v)
{
	free(v->classes);
	memset(v, 0, sizeof(*v));
}
