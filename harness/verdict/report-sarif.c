/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "json-util.h"
#include "report-own.h"
#include "sarif.h"
#include "usage.h"
#include "util.h"
#include "writer.h"

/* Every rule check and a suite report, in one place. */
static const struct sarif_rule all_rules[] = {
	{ "missing-entry",
	  "A syscall the workload needs is not allowed by the profile",
	  "The workload made a syscall the profile denies, and the run "
	  "shows it needs it: it failed or was killed there, or learn mode "
	  "let the call through. In production this is the crash or the "
	  "error the profile causes.",
	  "Add the syscall to the profile's allow list (the result's message "
	  "gives the exact line to add), then run the check again. If the "
	  "workload should not make it, fix the workload instead.",
	  SARIF_ERROR, NULL },
	{ "unnecessary-entry", "An allowed syscall no run of the workload used",
	  "The profile allows this syscall, but no run that ended as "
	  "expected made it, and nothing known makes it only at times: it "
	  "is attack surface the workload does not need, as far as the runs "
	  "show.",
	  "Remove it from the profile (`scaudit trim` does it and verifies "
	  "the result), or add a case whose run needs it.",
	  SARIF_WARNING, NULL },
	{ "own-missing-entry",
	  "A syscall the program needs is denied by the filter it loads "
	  "itself",
	  "The program loads a seccomp filter of its own (libseccomp, "
	  "seccomp(2)), and that filter denies a call the program makes after "
	  "the load: in production the program fails or dies there.",
	  "Add the syscall to the list the program loads (with `--source` "
	  "the message names the line of that file).",
	  SARIF_ERROR, NULL },
	{ "own-unused-entry",
	  "A syscall the program's own filter allows and no run called after "
	  "its load",
	  "The list the program loads itself allows this syscall, but no run "
	  "made it after the load.",
	  "Remove it from the program's list, or add a run that needs it.",
	  SARIF_WARNING, NULL },
	{ "escaped-call",
	  "A syscall the workload was to be denied is allowed by the "
	  "profile",
	  "The run declares this syscall must be attempted and denied "
	  "(`expect-denied`, `--expect-denied`): the profile is meant to "
	  "block it. The workload made it and the profile let it run, so in "
	  "production nothing stops it either.",
	  "Remove the syscall where the profile allows it (the result points "
	  "at that line), or narrow that rule with argument conditions; if "
	  "the workload is meant to make it, drop it from `expect-denied`.",
	  SARIF_ERROR, "8.0" },
	{ "case-failed", "A case did not end as expected",
	  "A case of the suite failed, timed out, was killed or could not "
	  "run: its usage is no evidence, and what it found is in its other "
	  "results.",
	  "Read the case's reason in the message (or the JSON report), fix "
	  "the case or the profile, and run it again.",
	  SARIF_ERROR, NULL },
	{ "unnecessary-not-judged",
	  "A case of the profile did not end as expected: its usage shows "
	  "nothing unnecessary",
	  "Unnecessary entries are only judged on runs that all ended as "
	  "their cases expect; one of this profile's did not.",
	  "Make every case of the profile pass, then the unused entries are "
	  "reported.",
	  SARIF_NOTE, NULL },
};

const struct sarif_rule *report_sarif_rule(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(all_rules); i++)
		if (strcmp(all_rules[i].id, id) == 0)
			return &all_rules[i];
	return NULL;
}

int report_sarif_rules(json_t *doc, const char *const *ids)
{
	int e = 0;
	for (; e == 0 && *ids; ids++) {
		const struct sarif_rule *r = report_sarif_rule(*ids);
		e = r ? sarif_add_rule(doc, r) : -EINVAL;
	}
	return e;
}

static int rules(json_t *doc)
{
	static const char *const ids[] = {
		"missing-entry",     "unnecessary-entry", "escaped-call",
		"own-missing-entry", "own-unused-entry",  NULL
	};
	return report_sarif_rules(doc, ids);
}

/* Where p lets name run: its first allowing entry, else the default
 * action (an allow-by-default profile). 0 and *ret, or -ENOMEM. */
static int allowed_at(const struct profile *p, const char *name,
		      struct profile_loc *ret)
{
	cleanup_free struct usage_allowed *v = NULL;
	size_t n;
	if (usage_allowed(p, NULL, &v, &n) < 0)
		return -ENOMEM;
	*ret = p->default_loc;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0) {
			*ret = v[i].loc;
			break;
		}
	return 0;
}

/* Each --expect-denied call the profile let run, at what allowed it. */
static int escaped_results(json_t *doc, const struct report_run *run)
{
	const struct verdict *v = &run->result->verdict;
	const struct observations *o = &run->result->obs;
	int e = 0;
	for (size_t i = 0; !run->no_profile && i < o->n_calls; i++) {
		if (!v->classes || v->classes[i] != CLASS_ESCAPED)
			continue;
		struct profile_loc at;
		if (allowed_at(run->profile, o->calls[i].name, &at) < 0)
			return -ENOMEM;
		char text[512];
		snprintf(text, sizeof(text),
			 "'%s' was to be denied (expect-denied) but this "
			 "profile allows it: the workload made it and it ran.",
			 o->calls[i].name);
		e |= sarif_add_result(doc, "escaped-call", SARIF_ERROR, text,
				      run->profile->path, at.line, at.column);
	}
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
		/* Where the fix goes: the line a user edits. */
		struct profile_loc at = writer_fix_at(run->profile);
		e |= sarif_add_result(doc, "missing-entry", SARIF_ERROR, text,
				      run->profile->path, at.line, at.column);
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
	int e = profile_results(doc, run) | escaped_results(doc, run) |
		own_results(doc, run);
	return e ? NULL : json_dumps(doc, JSON_INDENT(2));
}
