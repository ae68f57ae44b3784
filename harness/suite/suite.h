/* suite — many cases, run in parallel worker processes (each its own
 * supervisor), judged per case and, per profile, over all its cases: the
 * entries some case needs and the profile lacks (with the cases that hit
 * each), the allowed entries no case uses, and a case × syscall matrix.
 *
 * The result is one JSON document (schema 1), the input of every report
 * (JSON, JUnit, SARIF, Markdown) and of merge, so sharded runs combine
 * into exactly the verdict of one run:
 *   { "schema": 1, "verdict": "holds"|"findings",
 *     "missing": [...], "unnecessary": [...], "used": [...],
 *     "profiles": [{ "path", "allowed": [{name,line,column}],
 *                    "missing": [{name, cases}], "unnecessary":
 *                    [{name,line,column}], "used": [...] }],
 *     "runs": [{ "case", "file", "line", "profile", "passed", "outcome",
 *                "reason", "seconds", "used", "denials", … }],
 *     "matrix": { CASE: [names] }, "shard": "I/N" } */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "case.h"

struct suite_options {
	int jobs; /* workers at once */
	unsigned shard, shards; /* run case k when k % shards == shard - 1 */
	FILE *progress; /* one line per case; NULL: silent */
	bool live; /* a live counter too (a terminal) */
	unsigned max_procs; /* per case; 0: no bound (pidlimit.h) */
};

/* Run the cases. Returns 0 and *ret (the document; json_decref it), or
 * -EINVAL with d naming a profile or case that cannot be read. */
int suite_run(const struct case_list *cl, const struct suite_options *o,
	      json_t **ret, struct diag *d);

/* Recompute the per-profile unions and the verdict from "runs" and the
 * profiles' "allowed" lists (what suite_run and merge both end with). */
int suite_summarize(json_t *doc, bool fail_on_unnecessary);

/* Whether doc has the shape of a suite report, as far as summarize and
 * merge read it. Returns 0, or -EINVAL with why set. */
int suite_doc_check(const json_t *doc, char *why, size_t size);

/* Combine the documents of several shards (all checked with
 * suite_doc_check; runs of the same case counted once). Returns a new document or NULL. */
json_t *suite_merge(json_t *const *docs, size_t n);
