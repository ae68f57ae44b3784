/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suite — many cases, run in parallel worker processes (each its own
 * supervisor, each case through pipeline_run), judged per case and, per
 * profile, over all its cases (summary.h): the entries some case needs
 * and the profile lacks, the allowed entries no case uses, a case ×
 * syscall matrix. The result is typed; suite-json.h turns it into the
 * report document (schema 1) and back, for --json, shard files and
 * merge, so sharded runs combine into exactly the verdict of one run. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "case.h"
#include "color.h"
#include "exposure.h"
#include "run-record.h"
#include "strv.h"

/* An allowed entry of a profile, where it stands. */
struct suite_entry {
	char *name;
	unsigned line, column;
};

struct suite_missing {
	char *name;
	struct strv cases; /* sorted */
};

/* A case whose run is no evidence of what the profile needs not: it did
 * not end as expected. */
struct suite_unjudged {
	char *name;
	enum run_outcome outcome;
	char *reason;
};

/* Which executables made a name: paths ("": unknown), most calls
 * first. */
struct suite_used_by {
	char *name;
	struct strv exes;
};

struct suite_profile {
	char *path;
	/* What its runs can judge: the active allow entries of this
	 * machine's arches under each case's own caps, united. */
	struct suite_entry *allowed;
	size_t n_allowed, allowed_alloc;
	/* Where an entry to add goes (writer_fix_at); line 0: unknown. */
	unsigned fix_line, fix_column;
	/* The summary (suite_summarize). */
	struct strv used; /* sorted */
	/* Kept though not used by every run: used by some runs of a case
	 * and not by others; made only sometimes (sometimes.h). Sorted. */
	struct strv intermittent, sometimes;
	struct suite_missing *missing; /* by name */
	size_t n_missing;
	/* The evidence rule: unnecessary entries are judged only when every
	 * case of the profile ended as expected; else these cases say why
	 * not, and unnecessary is empty. */
	struct suite_unjudged *unjudged;
	size_t n_unjudged;
	struct suite_entry *unnecessary; /* allowed, used by none */
	size_t n_unnecessary;
	/* Per name some case used or lacked, sorted: the executables that
	 * made it in its cases (suite_case_exes), united. */
	struct suite_used_by *used_by;
	size_t n_used_by;
	/* How much of the kernel it leaves open (suite-exposure.h): the
	 * counts and dangerous names where it is loaded, their use judged by
	 * suite_summarize; n_arches 0: not known. */
	struct exposure exposure;
	enum exposure_gate gate; /* --max-dangerous-unused on it */
};

/* Add an allowed entry unless p has it (the same name at the same place).
 * 0 or -ENOMEM. */
int suite_profile_add_allowed(struct suite_profile *p, const char *name,
			      unsigned line, unsigned column);

/* The entries of p (evaluated, as its run's was) a run can judge, and
 * where an entry to add goes, into ret. 0 or -ENOMEM. */
int suite_profile_entries(const struct profile *p, struct suite_profile *ret);

/* Why a case could not run: the input's (2) or this system's (3). */
enum suite_error {
	SUITE_ERROR_NONE,
	SUITE_ERROR_INPUT,
	SUITE_ERROR_ENVIRONMENT,
	SUITE_ERROR_MAX
};

struct suite_case_result {
	char *name, *file, *profile;
	unsigned line; /* of the [case …] header */
	double wall_seconds;
	bool passed;
	enum suite_error error;
	struct run_record run; /* outcome and reason always; the rest when
				* the case ran */
	struct strv used; /* usage.h: what the run used */
	/* Its runs (the case's repeat): used by some, not all; made only
	 * sometimes (sometimes.h). */
	struct strv intermittent, sometimes;
	/* Of used, the names an executable of the workload made (not only
	 * scaudit's launcher), in used's order, each with who. */
	struct suite_used_by *used_by;
	size_t n_used_by;
};

/* The executables that made name, of the n of v; NULL when none is
 * known. */
const struct strv *suite_used_by_find(const struct suite_used_by *v, size_t n,
				      const char *name);

/* Add name made by exes (paths) to *v, of *n. 0 or -ENOMEM. */
int suite_add_used_by(struct suite_used_by **v, size_t *n, const char *name,
		      char *const *exes);

struct suite_result {
	unsigned shard, shards; /* shards 0: not sharded */
	struct suite_profile *profiles;
	size_t n_profiles;
	struct suite_case_result *cases; /* in case-file order */
	size_t n_cases, cases_alloc;
	/* The summary (suite_summarize). */
	bool findings;
	struct strv missing, unnecessary, used; /* sorted */
	struct strv not_judged; /* profiles whose unnecessary entries were
				 * not judged */
	/* --max-dangerous-unused, as summarized (suite_summarize_gated). */
	bool dangerous_gate;
	size_t max_dangerous_unused;
	/* SIGINT, SIGTERM or SIGHUP ended the run (pool.h): its cases are
	 * those that finished, the rest "not run"; 0: not interrupted. */
	int interrupted;
};

struct suite_options {
	int jobs; /* workers at once */
	unsigned shard, shards; /* run case k when k % shards == shard - 1 */
	FILE *progress; /* one line per case; NULL: silent */
	const struct color *color; /* progress's palette; NULL: plain */
	bool live; /* a live counter too (a terminal) */
	unsigned max_procs; /* per case without its own; 0: no bound */
	enum pidns_mode isolation; /* per case without its own isolation = */
	unsigned repeat; /* runs per case without its own; 0: one */
	/* how usage is seen in a case without its own usage-backend = */
	enum usage_backend usage_backend;
};

/* Run the cases. Returns 0 and *ret (summarized; clear with
 * suite_result_clear), or -errno with d naming a profile or case that
 * cannot be read. */
int suite_run(const struct case_list *cl, const struct suite_options *o,
	      struct suite_result *ret, struct diag *d);

/* A new case result at the end of r, zeroed. NULL: out of memory. */
struct suite_case_result *suite_add_case(struct suite_result *r);

/* A case that could not run (its outcome error): why, and whose fault. */
void suite_case_error(struct suite_case_result *c, enum suite_error e,
		      const char *why);

/* Whether the shard o runs case index i. */
bool suite_in_shard(const struct suite_options *o, size_t i);

/* A judged run of j under p (pipeline.h) as a case's result: what a
 * worker reports, and what check's one run is in a suite's reports. Its
 * name, file, profile and time are the caller's. 0 or -ENOMEM. */
int suite_case_from_run(const struct profile *p, const struct job *j,
			const struct pipeline_result *res,
			struct suite_case_result *ret);

/* Sort the cases into case-file order (file, then line). */
void suite_sort_cases(struct suite_result *r);

/* The most shards a suite splits into. */
#define SUITE_MAX_SHARDS 100000u

/* "I/N" with 1 <= I <= N <= SUITE_MAX_SHARDS (I counted from 0 when
 * zero_based, as Bazel's TEST_SHARD_INDEX is). 0, or -EINVAL. */
int suite_shard_parse(const char *s, bool zero_based, unsigned *ret_index,
		      unsigned *ret_total);

const char *suite_error_name(enum suite_error e); /* "usage", … */
int suite_error_parse(const char *s, enum suite_error *ret);

void suite_case_result_clear(struct suite_case_result *c);
void suite_profile_clear(struct suite_profile *p);
void suite_result_clear(struct suite_result *r);
static inline void suite_result_clearp(struct suite_result *x)
{
	suite_result_clear(x);
}
#define cleanup_suite_result __attribute__((cleanup(suite_result_clearp)))
