/* report — a checked run rendered for people (text) and for CI (JSON,
 * schema 1: sorted "missing", "unnecessary", "used" names and "runs" with
 * each run's "outcome" and "denials"). The caller owns the FILE and the
 * returned JSON. */
#pragma once

#include <jansson.h>
#include <stdio.h>

#include "classify.h"
#include "profile.h"
#include "supervisor.h"

struct report_run {
	const struct profile *profile;
	char *const *argv;
	const struct sv_result *result;
	const struct verdict *verdict;
	bool learn;
	const char *caps; /* as given: "keep", "docker", … */
	bool skip_allowed; /* leave allowed calls out of "denials" */
};

/* The edit that would allow d, in p's own format ("brk" for a list;
 * "add \"brk\" to the names at line 7" for OCI). */
void report_fix(const struct profile *p, const struct sv_denial *d, char *buf,
		size_t size);

/* "0x0, 0x7ffd5e4a1c30, 0x22": the arguments, trailing zeros dropped. */
void report_args(const uint64_t args[6], char *buf, size_t size);

void report_text(FILE *f, const struct report_run *run);

/* NULL on allocation failure. */
json_t *report_json(const struct report_run *run);

/* One run's object of "runs" (command, outcome, reason, denials, …). */
json_t *report_run_json(const struct report_run *run);

/* Sorted distinct names of the calls whose class is in class_mask
 * (bit 1 << CLASS_…). */
json_t *report_names(const struct report_run *run, unsigned class_mask);
