/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "report-own.h"

#include <linux/seccomp.h>
#include <string.h>

#include "filter.h"
#include "json-util.h"
#include "util.h"
#include "writer.h"

void report_own_fix(const struct report_run *run, const char *name, char *buf,
		    size_t size)
{
	if (run->source)
		writer_fix_allow(run->source, name, buf, size);
	else
		snprintf(buf, size,
			 "add %s to the list the program loads (--source "
			 "FILE points at its line)",
			 name);
}

unsigned report_own_source_line(const struct report_run *run, const char *name)
{
	const struct profile *p = run->source;
	for (size_t i = 0; p && i < p->n_rules; i++)
		for (size_t k = 0; k < p->rules[i].n_names; k++)
			if (strcmp(p->rules[i].names[k].name, name) == 0)
				return p->rules[i].names[k].loc.line;
	return 0;
}

static void describe_load(FILE *f, const struct obs_load *l)
{
	char def[64];
	profile_action_describe(filter_action_from_ret(l->default_ret), def,
				sizeof(def));
	fprintf(f, "  loaded by pid %d", (int)l->pid);
	if (l->tid != l->pid)
		fprintf(f, " (thread %d)", (int)l->tid);
	fprintf(f, " %s at %.3f s through %s: %zu instructions, default %s%s",
		l->exe[0] ? l->exe : "?", l->at,
		l->prctl ? "prctl(PR_SET_SECCOMP)" : "seccomp()", l->len, def,
		l->flags & SECCOMP_FILTER_FLAG_TSYNC ? ", TSYNC" : "");
	if (l->parent >= 0)
		fprintf(f, ", stacked on load %d", l->parent + 1);
	fprintf(f, "\n");
	if (l->state == OBS_LOAD_UNOBSERVED)
		fprintf(f,
			"    not observed: %s; it was loaded as asked, its "
			"denials are the kernel's%s\n",
			l->why,
			l->refused ? " (and the kernel refused it)" : "");
	else if (l->state == OBS_LOAD_FAILED)
		fprintf(f, "    the kernel refused it: no task ran under it\n");
	if (l->state == OBS_LOAD_OBSERVED && !l->confirmed && !l->uncertain &&
	    !l->traced)
		fprintf(f, "    not confirmed: no call of a task under it came "
			   "after the load (it may have failed)\n");
	if (l->uncertain)
		fprintf(f, "    another load of its process was in flight with "
			   "it: where the two cannot be told apart, the "
			   "stricter answers\n");
	if (l->traps)
		fprintf(f,
			"    %u trap return%s left to the kernel: the SIGSYS "
			"goes to the program's handler as in production, "
			"and those calls are not seen\n",
			l->traps, l->traps == 1 ? "" : "s");
	if (l->traced)
		fprintf(f, "    its denials come back through ptrace (usage "
			   "off): the tasks under it are traced by scaudit\n");
}

static void names_line(FILE *f, const char *head, const struct strv *v)
{
	fprintf(f, "  %s (%zu):", head, v->n);
	for (size_t i = 0; i < v->n; i++)
		fprintf(f, " %s", v->v[i]);
	fprintf(f, "\n");
}

static void print_missing(FILE *f, const struct report_run *run)
{
	const struct own_verdict *ov = &run->result->own;
	if (!ov->missing.n) {
		fprintf(f, "  missing: none%s\n",
			ov->unobserved ? " seen (a load was not observed)"
				       : "");
		return;
	}
	fprintf(f, "  missing from its list (%zu): denied by it and needed%s\n",
		ov->missing.n,
		run->learn ? " (learn mode let them through)" : "");
	for (size_t i = 0; i < ov->missing.n; i++) {
		char fix[512];
		report_own_fix(run, ov->missing.v[i], fix, sizeof(fix));
		fprintf(f, "    %-18s %s: %s\n", ov->missing.v[i],
			strv_contains(ov->missing_fatal.v, ov->missing.v[i])
				? "killed in production"
				: "denied in production",
			fix);
	}
}

static void print_unused(FILE *f, const struct report_run *run)
{
	const struct own_verdict *ov = &run->result->own;
	if (!ov->judged) {
		fprintf(f, "  unused: not judged: %s\n", ov->why_not);
		return;
	}
	if (!ov->unused.n) {
		fprintf(f, "  unused: none: the runs used every name it "
			   "allows\n");
	} else {
		fprintf(f,
			"  unused (%zu): it allows them, no run called them "
			"after the load (remove them, or add a run that "
			"needs them):\n",
			ov->unused.n);
		for (size_t i = 0; i < ov->unused.n; i++) {
			unsigned line =
				report_own_source_line(run, ov->unused.v[i]);
			if (line)
				fprintf(f, "    %s:%u  %s\n", run->source->path,
					line, ov->unused.v[i]);
			else
				fprintf(f, "    %s\n", ov->unused.v[i]);
		}
	}
	if (ov->known.n)
		names_line(f, "unused but made only sometimes (kept)",
			   &ov->known);
}

void report_own_text(FILE *f, const struct report_run *run)
{
	const struct own_verdict *ov = &run->result->own;
	const struct observations *o = &run->result->obs;
	if (!ov->runs_loaded) {
		if (run->no_profile)
			fprintf(f, "\nown filter  none: the workload loaded no "
				   "seccomp filter of its own, and no profile "
				   "was given: it ran unconfined\n");
		return;
	}
	fprintf(f,
		"\nown filter  the workload loaded %zu filter%s of its own "
		"(run %u shown):\n",
		o->n_loads, o->n_loads == 1 ? "" : "s", run->result->shown);
	for (size_t i = 0; i < o->n_loads; i++)
		describe_load(f, &o->loads[i]);
	if (ov->ambiguous)
		fprintf(f,
			"  a task's stack could not be told apart from "
			"another's (loads in several threads without "
			"TSYNC): its calls were answered by the strictest\n");
	if (ov->sigreturn_needed)
		fprintf(f, "  warning: it denies rt_sigreturn and the workload "
			   "installed signal handlers: should a signal come, "
			   "production kills it as the handler returns (add "
			   "rt_sigreturn)\n");
	print_missing(f, run);
	for (size_t i = 0; i < ov->at_risk.n; i++) {
		const struct sometimes_entry *e = sometimes_find(
			&run->result->sometimes, ov->at_risk.v[i]);
		char fix[512];
		report_own_fix(run, ov->at_risk.v[i], fix, sizeof(fix));
		if (i == 0)
			fprintf(f,
				"  missing, made only sometimes (%zu): no run "
				"here made them, the workload will at "
				"times, and its list denies them\n",
				ov->at_risk.n);
		fprintf(f, "    %-18s %s: %s\n", ov->at_risk.v[i],
			e ? e->why : "", fix);
	}
	if (ov->tolerated.n)
		names_line(f, "tolerated: denied with an errno, the run coped",
			   &ov->tolerated);
	if (ov->undecided.n)
		names_line(f,
			   "undecided: denied with an errno in a run that "
			   "failed (--learn tells)",
			   &ov->undecided);
	print_unused(f, run);
	if (ov->before.n)
		names_line(f,
			   "before its load (what an exec-time profile such as "
			   "Docker's or systemd's needs, never its list)",
			   &ov->before);
}

static json_t *load_json(const struct obs_load *l)
{
	char def[64];
	profile_action_describe(filter_action_from_ret(l->default_ret), def,
				sizeof(def));
	static const char *const states[] = { "observed", "not-observed",
					      "refused" };
	_Static_assert(ARRAY_SIZE(states) == OBS_LOAD_MAX, "a name each");
	return json_pack("{s:i,s:i,s:s,s:f,s:s,s:i,s:b,s:i,s:s,s:s,s:s,s:b}",
			 "pid", (int)l->pid, "tid", (int)l->tid, "exe", l->exe,
			 "at", l->at, "via", l->prctl ? "prctl" : "seccomp",
			 "flags", (int)l->flags, "tsync",
			 (l->flags & SECCOMP_FILTER_FLAG_TSYNC) != 0,
			 "instructions", (int)l->len, "default", def, "state",
			 states[l->state], "why", l->why, "sigreturnDenied",
			 l->sigreturn_denied);
}

json_t *report_own_json(const struct report_run *run)
{
	const struct own_verdict *ov = &run->result->own;
	const struct observations *o = &run->result->obs;
	if (!ov->runs_loaded)
		return NULL;
	json_t *loads = json_array();
	for (size_t i = 0; loads && i < o->n_loads; i++)
		json_array_append_new(loads, load_json(&o->loads[i]));
	json_t *j = json_pack(
		"{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:o,s:o,s:o,s:b}", "loads",
		loads, "missing", jsonutil_array(ov->missing.v), "missingFatal",
		jsonutil_array(ov->missing_fatal.v), "tolerated",
		jsonutil_array(ov->tolerated.v), "undecided",
		jsonutil_array(ov->undecided.v), "used",
		jsonutil_array(ov->used.v), "allowed",
		jsonutil_array(ov->allowed.v), "unusedJudged", ov->judged,
		"unused", jsonutil_array(ov->unused.v), "sometimes",
		jsonutil_array(ov->known.v), "beforeLoad",
		jsonutil_array(ov->before.v), "ambiguous", ov->ambiguous);
	if (j)
		json_object_set_new(j, "atRisk", jsonutil_array(ov->at_risk.v));
	if (j)
		json_object_set_new(j, "sigreturnAtRisk",
				    json_boolean(ov->sigreturn_needed));
	if (j && !ov->judged)
		json_object_set_new(j, "notJudged", jsonutil_str(ov->why_not));
	return j;
}
