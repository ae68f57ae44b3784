/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "report.h"

#include <string.h>

#include "bypass.h"
#include "json-util.h"
#include "report-own.h"
#include "runc-stub.h"
#include "run-record.h"
#include "syscalls.h"
#include "usage-observer.h"
#include "util.h"
#include "writer.h"

void report_args(const uint64_t args[6], char *buf, size_t size)
{
	int last = 5;
	while (last > 0 && args[last] == 0)
		last--;
	size_t off = 0;
	buf[0] = '\0';
	for (int i = 0; i <= last && off < size; i++) {
		int n = snprintf(buf + off, size - off, "%s%#llx",
				 i ? ", " : "", (unsigned long long)args[i]);
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

static const char *action_word(struct profile_action a, char *buf, size_t size)
{
	switch (a.type) {
	case PROFILE_ACT_KILL_PROCESS:
	case PROFILE_ACT_KILL_THREAD:
		return "killed (SIGSYS)";
	case PROFILE_ACT_TRAP:
		return "trapped (SIGSYS)";
	case PROFILE_ACT_TRACE:
		return "ENOSYS (trace, no tracer)";
	case PROFILE_ACT_ERRNO: {
		const char *n = profile_errno_name(a.value);
		snprintf(buf, size, "%s", n ? n : "errno");
		return buf;
	}
	case PROFILE_ACT_ALLOW:
		return "allowed";
	case PROFILE_ACT_LOG:
		return "logged";
	case PROFILE_ACT_NOTIFY:
		return "sent to a notify agent";
	case PROFILE_ACT_MAX:
		break;
	}
	return "?";
}

long report_gate_max(const struct report_run *run)
{
	return run->dangerous_gate ? (long)run->max_dangerous_unused : -1;
}

static const struct color *palette(const struct report_run *run)
{
	return run->color ? run->color : color_palette(false);
}

/* What needs acting on stands out. */
static const char *class_color(enum denial_class k, const struct color *c)
{
	return k == CLASS_MISSING || k == CLASS_UNEXPECTED || k == CLASS_ESCAPED
		       ? c->bad
	       : k == CLASS_UNDECIDED || k == CLASS_TOLERATED ? c->warn
	       : k == CLASS_EXPECTED			      ? c->good
							      : "";
}

static const char *name_or(const struct obs_call *d)
{
	return d->name[0] ? d->name : "(unnamed)";
}

static void print_denial(FILE *f, const struct report_run *run,
			 const struct obs_call *d, enum denial_class c)
{
	char act[64], args[160];
	const char *arch = syscalls_arch_name(d->arch);
	report_args(d->args, args, sizeof(args));
	struct runc_cutoff cut;
	char stub[128] = "";
	if (runc_stub_covers(run->profile, NULL, d->arch, d->nr, &cut))
		snprintf(stub, sizeof(stub),
			 " (runc's stub: above %s, %d, the highest the profile "
			 "names)",
			 cut.name, cut.nr & 0xffff);
	const struct color *pal = palette(run);
	fprintf(f, "  %s%-15s%s %-18s %s %d  ×%llu  %s%s\n",
		class_color(c, pal), verdict_class_name(c), pal->off,
		d->name[0] ? d->name : "(unnamed)", arch ? arch : "?", d->nr,
		(unsigned long long)d->count,
		action_word(obs_call_effective(d), act, sizeof(act)), stub);
	fprintf(f, "  %-15s pid %d", "", (int)d->pid);
	if (d->tid != d->pid)
		fprintf(f, " (thread %d)", (int)d->tid);
	if (d->n_pids > 1)
		fprintf(f, " and %zu more", d->n_pids - 1);
	const struct observations *o = &run->result->obs;
	char init[32];
	snprintf(init, sizeof(init), "(%s's init)", o->runtime);
	fprintf(f, "  %s  args (%s)\n",
		d->runtime_init ? init
		: d->exe[0]	? d->exe
				: "?",
		args);
	if (d->runtime_init && !obs_call_allowed(d) && run->learn)
		fprintf(f,
			"  %-15s %s's own start made it before the workload, "
			"and learn mode let it through: a run without --learn "
			"tells whether the container starts without it\n",
			"", o->runtime);
	else if (d->runtime_init && !obs_call_allowed(d) && o->runtime_started)
		fprintf(f,
			"  %-15s %s's own start made it before the workload: "
			"denied, and the container started all the same\n",
			"", o->runtime);
	else if (d->runtime_init && !obs_call_allowed(d))
		fprintf(f,
			"  %-15s %s's init needs %s: without it the container "
			"does not start\n",
			"", o->runtime, name_or(d));
	if (c != CLASS_MISSING && c != CLASS_UNEXPECTED)
		return;
	char fix[512];
	const char *name = d->name[0] ? d->name : "?";
	/* Each filter that denies it lacks it. */
	if (obs_call_own_denied(d)) {
		report_own_fix(run, name, fix, sizeof(fix));
		fprintf(f, "  %-15s its own filter denies it; fix: %s\n", "",
			fix);
	}
	if (!obs_call_allowed(d) && !d->name[0]) {
		writer_fix_unnamed(syscalls_arch_name(d->arch), d->nr, fix,
				   sizeof(fix));
		fprintf(f, "  %-15s fix: %s\n", "", fix);
	} else if (!obs_call_allowed(d)) {
		writer_fix_allow(run->profile, name, fix, sizeof(fix));
		fprintf(f, "  %-15s fix: %s\n", "", fix);
	}
}

static void print_header(FILE *f, const struct report_run *run)
{
	const struct observations *r = &run->result->obs;
	const struct verdict *v = &run->result->verdict;
	char def[64];
	profile_action_describe(run->profile->default_action, def, sizeof(def));
	if (run->no_profile)
		fprintf(f, "profile  none: the workload's own filter is "
			   "judged\n");
	else
		fprintf(f, "profile  %s (%s, %zu names, default %s)\n",
			run->profile->path,
			profile_format_name(run->profile->format),
			profile_count_names(run->profile), def);
	if (!run->no_profile) {
		char how[320];
		runc_stub_semantics(run->profile, NULL, how, sizeof(how));
		fprintf(f, "applied  as %s loads it\n", how);
	}
	const struct job_container *ctr = &run->job->container;
	if (ctr->runtime)
		fprintf(f, "container %s%s, %s %s, no_new_privs %s\n",
			job_runtime_name(ctr->runtime),
			ctr->runtime == JOB_RUNTIME_PODMAN ? " (runc)" : "",
			ctr->image    ? "image"
			: ctr->bundle ? "bundle"
				      : "rootfs",
			ctr->image    ? ctr->image
			: ctr->bundle ? ctr->bundle
				      : ctr->rootfs,
			ctr->no_new_privs > 0	 ? "on"
			: ctr->no_new_privs == 0 ? "off"
			: ctr->bundle		 ? "as the bundle says"
			: ctr->image		 ? "off (podman's default)"
						 : "off (Docker's default)");
	if (run->source)
		fprintf(f, "source   %s (%s, %zu names): the program's list\n",
			run->source->path,
			profile_format_name(run->source->format),
			profile_count_names(run->source));
	fprintf(f, "command ");
	for (char *const *a = run->job->argv; *a; a++)
		fprintf(f, " %s", *a);
	fprintf(f, "\n");
	fprintf(f, "run      %.3f s, %llu notifications%s, caps %s, ",
		r->seconds, (unsigned long long)r->notifications,
		run->learn ? ", learn mode" : "", run->job->caps_spec);
	if (run->job->out == run->job->err)
		fprintf(f, "stdout and stderr %s\n",
			capture_mode_name(run->job->out));
	else
		fprintf(f, "stdout %s, stderr %s\n",
			capture_mode_name(run->job->out),
			capture_mode_name(run->job->err));
	char how[400];
	usage_observer_describe(r->usage, r->usage_why, how, sizeof(how));
	if (run->result->usage_observed)
		fprintf(f, "usage    %s\n", how);
	if (run->result->runs > 1)
		fprintf(f,
			"runs     %u (alternately on one CPU and on all); "
			"run %u shown\n",
			run->result->runs, run->result->shown);
	if (r->isolation < PIDNS_MAX)
		fprintf(f, "isolated %s%s%s\n", pidns_kind_words(r->isolation),
			r->isolation_why[0] ? ": " : "", r->isolation_why);
	if (r->leftover)
		fprintf(f,
			"note     %d process%s still running after the main "
			"one ended: killed\n",
			r->leftover, r->leftover == 1 ? " was" : "es were");
	const struct color *c = palette(run);
	fprintf(f, "%soutcome%s  %s%s%s — %s\n", c->bold, c->off,
		verdict_ended_as_expected(v->outcome) ? c->good : c->bad,
		verdict_outcome_name(v->outcome), c->off, v->reason);
	if (run->result->bypass) {
		char why[600];
		bypass_describe(run->result->bypass, why, sizeof(why));
		fprintf(f, "%sbypass%s   %s\n", c->bad, c->off, why);
	}
}

static void print_denials(FILE *f, const struct report_run *run)
{
	const struct observations *r = &run->result->obs;
	const struct verdict *v = &run->result->verdict;
	/* Allowed calls are usage: the unnecessary section speaks of them. */
	static const enum denial_class order[] = {
		CLASS_MISSING, CLASS_UNEXPECTED, CLASS_UNDECIDED,
		CLASS_ESCAPED, CLASS_EXPECTED,	 CLASS_TOLERATED,
		CLASS_LOGGED,  CLASS_LAUNCHER,
	};
	bool any = false;
	for (size_t o = 0; o < ARRAY_SIZE(order); o++) {
		for (size_t i = 0; i < r->n_calls; i++) {
			if (v->classes[i] != order[o])
				continue;
			if (!any)
				fprintf(f, "\n");
			any = true;
			print_denial(f, run, &r->calls[i], order[o]);
		}
	}
	if (v->count[CLASS_UNDECIDED])
		fprintf(f, "\n  (undecided: denied with an errno in a run that "
			   "failed; a run with --learn tells whether they are "
			   "needed)\n");
	if (v->exec_denied)
		fprintf(f,
			"\n  the profile denies execve: a launcher that loads "
			"the filter before exec (runc, scaudit exec) cannot "
			"start the program; allow execve\n");
	else if (v->count[CLASS_LAUNCHER])
		fprintf(f, "\n  (launcher: syscalls scaudit's child made after "
			   "loading the filter and before execve: never the "
			   "workload's)\n");
}

/* The allowed entries the run did not use, at their lines. */
static void print_unnecessary(FILE *f, const struct report_run *run)
{
	const struct pipeline_result *res = run->result;
	char why[512];
	if (run->no_profile)
		return;
	if (!res->judged) {
		pipeline_why_not_judged(res, why, sizeof(why));
		fprintf(f, "\nunnecessary  not judged: %s\n", why);
		return;
	}
	if (!res->n_unnecessary) {
		fprintf(f, "\nunnecessary  none: the run used every entry the "
			   "profile allows here\n");
		return;
	}
	const struct color *c = palette(run);
	fprintf(f,
		"\n%sunnecessary%s  %zu allowed entr%s this run did not use "
		"(remove them, or add a run that needs them):\n",
		c->warn, c->off, res->n_unnecessary,
		res->n_unnecessary == 1 ? "y" : "ies");
	for (size_t i = 0; i < res->n_unnecessary; i++)
		fprintf(f, "  %s:%u  %s\n", run->profile->path,
			res->unnecessary[i].loc.line, res->unnecessary[i].name);
}

/* The runs of an entry some runs used. */
static unsigned runs_of(const struct pipeline_result *res, const char *name)
{
	const struct usage_entry *e = usage_find(&res->usage, name);
	return e ? e->runs : 0;
}

/* Entries kept though some run or every run did not use them. */
static void print_kept(FILE *f, const struct report_run *run)
{
	const struct pipeline_result *res = run->result;
	if (res->intermittent.n)
		fprintf(f,
			"\nintermittent  %zu entr%s some runs used and others "
			"did not (kept: never unnecessary):\n",
			res->intermittent.n,
			res->intermittent.n == 1 ? "y" : "ies");
	for (size_t i = 0; i < res->intermittent.n; i++)
		fprintf(f, "  %s  (%u of %u runs)\n", res->intermittent.v[i],
			runs_of(res, res->intermittent.v[i]), res->runs);
	if (res->n_known)
		fprintf(f,
			"\nsometimes  %zu allowed entr%s no run used, made "
			"only sometimes (kept):\n",
			res->n_known, res->n_known == 1 ? "y" : "ies");
	for (size_t i = 0; i < res->n_known; i++) {
		const struct sometimes_entry *e =
			sometimes_find(&res->sometimes, res->known[i].name);
		fprintf(f, "  %s:%u  %s — %s\n", run->profile->path,
			res->known[i].loc.line, res->known[i].name,
			e ? e->why : "");
	}
}

/* The verdict in words, without its line's end. */
static void verdict_words(FILE *f, const struct report_run *run)
{
	const struct verdict *v = &run->result->verdict;
	const struct own_verdict *ov = &run->result->own;
	if (!report_findings(run)) {
		fprintf(f, "%s for this run%s%s",
			run->no_profile	   ? "the workload's own filter holds"
			: !ov->runs_loaded ? "the profile holds"
			: ov->unobserved
				? "the profile holds"
				: "the profile and the workload's own filter hold",
			ov->runs_loaded && ov->unobserved
				? " (its own filter: not judged, a load was "
				  "not observed)"
				: "",
			report_gate(run) == EXPOSURE_GATE_NOT_JUDGED
				? "; --max-dangerous-unused not judged"
				: "");
		return;
	}
	if (run->no_profile && !ov->runs_loaded) {
		fprintf(f, "no filter: the workload loaded none of its own");
		return;
	}
	bool failed = pipeline_failed(run->result);
	if (run->no_profile && ov->unobserved && !failed) {
		fprintf(f, "not judged: its own filter was not observed (%s)",
			ov->why);
		return;
	}
	if (v->exec_denied)
		fprintf(f, "execve denied to the launcher; ");
	size_t missing = v->count[CLASS_MISSING];
	if (missing)
		fprintf(f, "%zu missing entr%s; ", missing,
			missing == 1 ? "y" : "ies");
	if (v->count[CLASS_UNEXPECTED])
		fprintf(f, "%zu unexpected syscall%s; ",
			v->count[CLASS_UNEXPECTED],
			v->count[CLASS_UNEXPECTED] == 1 ? "" : "s");
	if (v->count[CLASS_UNDECIDED])
		fprintf(f, "%zu undecided; ", v->count[CLASS_UNDECIDED]);
	if (v->count[CLASS_ESCAPED])
		fprintf(f, "%zu escaped; ", v->count[CLASS_ESCAPED]);
	size_t unused = run->result->n_unnecessary + ov->unused.n;
	bool gate = report_gate(run) == EXPOSURE_GATE_FAILED;
	if (!failed && ov->at_risk.n) {
		fprintf(f, "%zu missing from its own list, made only sometimes",
			ov->at_risk.n);
		return;
	}
	size_t d = gate ? run->exposure->unused.n : 0;
	if (!failed && gate)
		fprintf(f,
			"%zu dangerous entr%s unused, more than "
			"--max-dangerous-unused %zu%s",
			d, d == 1 ? "y" : "ies", run->max_dangerous_unused,
			run->fail_on_unnecessary && unused ? "; " : "");
	if (!failed && (!gate || (run->fail_on_unnecessary && unused)))
		fprintf(f, "%zu unnecessary entr%s (--fail-on-unnecessary)",
			unused, unused == 1 ? "y" : "ies");
	else if (failed && !verdict_has_findings(v) && run->result->bypass)
		fprintf(f, "its io_uring operations bypass the profile");
	else if (failed && run->learn && v->outcome == OUTCOME_PASSED)
		fprintf(f, "the run passed only because learn mode let every "
			   "denial through");
	else if (failed)
		fprintf(f, "%s", verdict_outcome_name(v->outcome));
}

static void print_verdict(FILE *f, const struct report_run *run)
{
	const struct color *c = palette(run);
	fprintf(f, "\n%sverdict%s  %s", c->bold, c->off,
		report_findings(run) ? c->bad : c->good);
	verdict_words(f, run);
	fprintf(f, "%s\n", c->off);
}

/* The exposure, what of it the runs used, and the gate on it. */
static void print_exposure(FILE *f, const struct report_run *run)
{
	char why[512];
	if (!run->exposure)
		return;
	fprintf(f, "\n%sexposure%s ", palette(run)->bold, palette(run)->off);
	exposure_text(f, run->exposure, palette(run));
	pipeline_why_not_judged(run->result, why, sizeof(why));
	fprintf(f, "\n");
	exposure_text_details(f, run->exposure, "         ", why,
			      report_gate_max(run), palette(run));
}

enum exposure_gate report_gate(const struct report_run *run)
{
	return run->exposure
		       ? exposure_gate(run->exposure, report_gate_max(run))
		       : EXPOSURE_GATE_NONE;
}

bool report_findings(const struct report_run *run)
{
	const struct own_verdict *ov = &run->result->own;
	/* Asked to judge its own filter, and it loaded none (unconfined) or
	 * one scaudit could not observe: no pass without evidence. */
	if (run->no_profile && (!ov->runs_loaded || ov->unobserved))
		return true;
	if (run->fail_on_unnecessary && ov->judged && ov->unused.n)
		return true;
	if (ov->at_risk.n || report_gate(run) == EXPOSURE_GATE_FAILED)
		return true;
	if (run->no_profile)
		return pipeline_failed(run->result);
	return pipeline_findings(run->result, run->fail_on_unnecessary);
}

/* What a run that did not end as expected wrote to captured output. */
static void print_output(FILE *f, const struct report_run *run)
{
	const struct observations *o = &run->result->obs;
	if (!o->captured || !o->output.total ||
	    verdict_ended_as_expected(run->result->verdict.outcome))
		return;
	cleanup_free char *text = capture_tail_text(&o->output);
	if (!text)
		return;
	if (o->output.total > o->output.len)
		fprintf(f, "\noutput   its last %zu bytes (of %llu):\n",
			o->output.len, (unsigned long long)o->output.total);
	else
		fprintf(f, "\noutput   what it wrote:\n");
	for (char *line = text; *line;) {
		size_t n = strcspn(line, "\n");
		fprintf(f, "  | %.*s\n", (int)n, line);
		line += n + (line[n] == '\n');
	}
}

void report_text(FILE *f, const struct report_run *run)
{
	print_header(f, run);
	print_output(f, run);
	print_denials(f, run);
	report_own_text(f, run);
	print_kept(f, run);
	print_unnecessary(f, run);
	print_exposure(f, run);
	print_verdict(f, run);
}
