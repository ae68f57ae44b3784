/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <string.h>

#include "json-util.h"
#include "report-own.h"
#include "sarif.h"
#include "util.h"
#include "writer.h"

static int rules(json_t *doc)
{
	static const enum sarif_level error = SARIF_ERROR,
				      warning = SARIF_WARNING;
	int e = sarif_add_rule(doc, "missing-entry",
			       "A syscall the workload needs is not allowed by "
			       "the profile",
			       &error);
	e |= sarif_add_rule(doc, "unnecessary-entry",
			    "An allowed syscall the workload never used",
			    &warning);
	e |= sarif_add_rule(doc, "own-missing-entry",
			    "A syscall the program needs is denied by the "
			    "filter it loads itself",
			    &error);
	e |= sarif_add_rule(doc, "own-unused-entry",
			    "A syscall the program's own filter allows and no "
			    "run called after its load",
			    &warning);
	return e;
}

/* Where an entry to add belongs: the profile's first allow rule, or
 * the --source list's last name (what writer_fix_allow names). */
static unsigned insert_line(const struct profile *p, bool last)
{
	unsigned at = 0;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (r->action.type != PROFILE_ACT_ALLOW || !r->n_names)
			continue;
		at = r->names[r->n_names - 1].loc.line;
		if (!last)
			return r->loc.line;
	}
	return at ? at : 1;
}

static int profile_results(json_t *doc, const struct report_run *run)
{
	const struct pipeline_result *res = run->result;
	int e = 0;
	for (size_t i = 0; !run->no_profile && i < res->missing.n; i++) {
		char fix[512], text[768];
		writer_fix_allow(run->profile, res->missing.v[i], fix,
				 sizeof(fix));
		snprintf(text, sizeof(text),
			 "'%s' is denied by this profile but the workload "
			 "needs it: %s.",
			 res->missing.v[i], fix);
		e |= sarif_add_result(doc, "missing-entry", SARIF_ERROR, text,
				      run->profile->path,
				      insert_line(run->profile, false), 0);
	}
	for (size_t i = 0; i < res->n_unnecessary; i++) {
		char text[256];
		snprintf(text, sizeof(text),
			 "'%s' is allowed but the workload never used it: "
			 "remove it, or add a run that needs it.",
			 res->unnecessary[i].name);
		e |= sarif_add_result(doc, "unnecessary-entry", SARIF_WARNING,
				      text, run->profile->path,
				      res->unnecessary[i].loc.line,
				      res->unnecessary[i].loc.column);
	}
	return e;
}

/* The program's list: at the --source file's lines, else at the
 * executable that loaded it (no line to point at). */
static int own_results(json_t *doc, const struct report_run *run)
{
	const struct own_verdict *ov = &run->result->own;
	const struct observations *o = &run->result->obs;
	const char *path = run->source	? run->source->path
			   : o->n_loads ? o->loads[0].exe
					: "";
	unsigned at = run->source ? insert_line(run->source, true) : 0;
	int e = 0;
	for (int set = 0; set < 2; set++) {
		const struct strv *v = set ? &ov->at_risk : &ov->missing;
		for (size_t i = 0; i < v->n; i++) {
			char fix[512], text[768];
			report_own_fix(run, v->v[i], fix, sizeof(fix));
			snprintf(text, sizeof(text),
				 "'%s' is denied by the program's own filter "
				 "but %s: %s.",
				 v->v[i],
				 set ? "the workload makes it at times"
				     : "the workload needs it",
				 fix);
			e |= sarif_add_result(doc, "own-missing-entry",
					      SARIF_ERROR, text, path, at, 0);
		}
	}
	for (size_t i = 0; i < ov->unused.n; i++) {
		char text[256];
		snprintf(text, sizeof(text),
			 "'%s' is allowed by the program's own filter but no "
			 "run called it after the load: remove it, or add a "
			 "run that needs it.",
			 ov->unused.v[i]);
		e |= sarif_add_result(
			doc, "own-unused-entry", SARIF_WARNING, text, path,
			report_own_source_line(run, ov->unused.v[i]), 0);
	}
	return e;
}

char *report_sarif(const struct report_run *run)
{
	cleanup_json json_t *doc = sarif_new();
	if (!doc || rules(doc) < 0)
		return NULL;
	int e = profile_results(doc, run) | own_results(doc, run);
	return e ? NULL : json_dumps(doc, JSON_INDENT(2));
}
