/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suite-json — a suite's result as its report document and back: the
 * one codec of --json, the shard files merge reads, and the worker's
 * answer to the suite.
 *
 *   { "schema": 1, "verdict": "holds"|"findings",
 *     "missing": [...], "unnecessary": [...], "used": [...],
 *     "profiles": [{ "path", "allowed": [{name,line,column}],
 *                    "missing": [{name, cases}], "unnecessary":
 *                    [{name,line,column}], "used": [...],
 *                    "exposure": exposure_json's object (when known;
 *                    its static part is read back, its use judged
 *                    anew: suite-exposure.h) }],
 *     "dangerousGate": { "max", "result", "failed": [{profile,
 *                        dangerousUnused}], "notJudged": [{profile,
 *                        why}] } (with --max-dangerous-unused),
 *     "runs": [{ "case", "file", "line", "profile", "passed", "outcome",
 *                "reason", "wallSeconds", "used", "errorKind", and the
 *                run's record (run-record.h) }],
 *     "matrix": { CASE: [names] }, "shard": "I/N" } */
#pragma once

#include <jansson.h>

#include "diag.h"
#include "suite.h"

/* The document of r. NULL: out of memory. */
json_t *suite_result_json(const struct suite_result *r);

/* A result from a document, checked as far as the summary and the
 * reports read it. Returns 0 and *ret (not summarized; clear with
 * suite_result_clear), or -EINVAL with d saying what is wrong (file
 * path, no line), -ENOMEM. */
int suite_result_parse(const json_t *doc, const char *path,
		       struct suite_result *ret, struct diag *d);

/* The same from a report's text: a syntax error, or the run or profile
 * object at fault, located (d's line and column). */
int suite_result_parse_text(const char *text, size_t len, const char *path,
			    struct suite_result *ret, struct diag *d);

/* One case's object of "runs", and back (why: what is wrong). */
json_t *suite_case_json(const struct suite_case_result *c);
int suite_case_parse(const json_t *j, struct suite_case_result *ret, char *why,
		     size_t size);
