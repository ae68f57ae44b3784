/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report — a checked run rendered for people (text, coloured when given a
 * palette) and for CI (JSON, schema 1: sorted "missing", "unnecessary",
 * "used" names, the "exposure" (exposure.h) and "runs" with each run's
 * "outcome" and "denials"). The caller owns the FILE and the returned
 * JSON. */
#pragma once

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "color.h"
#include "exposure.h"
#include "job.h"
#include "pipeline.h"
#include "profile.h"

struct report_run {
	const struct profile *profile;
	const struct job *job; /* its command and caps */
	const struct pipeline_result *result;
	bool learn;
	bool skip_allowed; /* leave allowed calls out of "denials" */
	bool fail_on_unnecessary; /* unused entries are findings too */
	/* No profile was given: the one judged is the workload's own filter
	 * (profile is then an allow-everything stand-in). */
	bool no_profile;
	/* The file that holds the program's own list (--source), read as a
	 * profile for its lines; NULL: none. */
	const struct profile *source;
	/* The profile's exposure (report_exposure); NULL: not shown. */
	const struct exposure *exposure;
	/* --max-dangerous-unused: a finding when more dangerous entries
	 * than max_dangerous_unused are allowed and unused. */
	bool dangerous_gate;
	size_t max_dangerous_unused;
	const struct color *color; /* the text's palette; NULL: plain */
};

/* The exposure of run's profile, the dangerous entries' use judged from
 * the runs' usage when the runs can show entries unnecessary
 * (pipeline_result.judged), else not judged; what the runs make only at
 * times is kept, as the evidence rule keeps it. 0 or -ENOMEM; clear *ret
 * with exposure_clear either way. */
static inline int report_exposure(const struct report_run *run,
				  struct exposure *ret)
{
	const struct pipeline_result *r = run->result;
	struct strv sometimes = STRV_INIT;
	memset(ret, 0, sizeof(*ret));
	int e = sometimes_names(&r->sometimes, &sometimes);
	if (e == 0)
		e = exposure_compute(run->profile, NULL,
				     r->judged ? &r->used : NULL, &sometimes,
				     ret);
	strv_clear(&sometimes);
	return e;
}

/* The --max-dangerous-unused gate on run's exposure (exposure_gate);
 * EXPOSURE_GATE_NONE when not asked or no exposure. */
enum exposure_gate report_gate(const struct report_run *run);

/* Whether the run has findings (pipeline_findings), a failed gate
 * among them. */
bool report_findings(const struct report_run *run);

/* The --max-dangerous-unused bound, or -1 without one. */
long report_gate_max(const struct report_run *run);

/* "0x0, 0x7ffd5e4a1c30, 0x22": the arguments, trailing zeros dropped. */
void report_args(const uint64_t args[6], char *buf, size_t size);

void report_text(FILE *f, const struct report_run *run);

/* NULL on allocation failure. */
json_t *report_json(const struct report_run *run);

/* report-sarif.c: the findings as SARIF 2.1.0, each at the line to edit:
 * the profile's missing and unnecessary entries, and those of the
 * program's own list (at the --source file's lines). NULL: ENOMEM. */
char *report_sarif(const struct report_run *run);

/* The SARIF rules of check's and a suite's reports, one table: the rule
 * of id (NULL: none), and the rules of ids (NULL-terminated) added to
 * doc (0, -EINVAL for an unknown id, -ENOMEM). */
typedef struct json_t json_t;
struct sarif_rule;
const struct sarif_rule *report_sarif_rule(const char *id);
int report_sarif_rules(json_t *doc, const char *const *ids);
