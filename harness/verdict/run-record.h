/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* run-record — one judged run as reports carry it: typed, made from a
 * pipeline result, and its JSON object (an element of a report's "runs":
 * "command", "outcome", "reason", "exitCode", "signal", "seconds",
 * "notifications", "usageBackend" ("kernel", "notify" or null: usage.h's
 * calls counted in the kernel or notified, or not observed) with
 * "usageFallback" (why auto did not count in the kernel, when it did
 * not), "isolation" ("pid", "pid+user" or "none": the pid namespace
 * the workload ran in, pidns.h) with "isolationFallback" (why none),
 * "leftoverProcesses", "stdout", "stderr", "denials"
 * (each call with the executables that made it, "exes": [{"path",
 * "calls"}]), and "output" with the tail of a failed run's captured
 * output), both ways, so check's
 * report, a suite's report and merge's input share one form and one
 * codec. */
#pragma once

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "job.h"
#include "observations.h"
#include "pipeline.h"
#include "profile.h"
#include "strv.h"
#include "verdict.h"

struct record_call {
	enum denial_class cls;
	char name[64]; /* "" when libseccomp has no name for it */
	int nr;
	char arch[24];
	char action[64]; /* "errno EPERM (1)", "kill-process" */
	uint64_t count;
	bool fatal;
	int pid, tid;
	char exe[1024];
	uint64_t ip;
	uint64_t args[6];
	int pids[OBS_MAX_PIDS];
	size_t n_pids;
	/* Which executables made it (exe: an index into run_record.exes),
	 * and the calls of those past the first OBS_MAX_EXES. */
	struct obs_exe_count exes[OBS_MAX_EXES];
	size_t n_exes;
	uint64_t other_exes;
	char fix[512]; /* the edit for a missing or unexpected call, or "" */
	/* Only the workload's own filter denied it (the profile allows it):
	 * its list lacks the call, the profile does not. */
	bool own_only;
};

struct run_record {
	struct strv command;
	enum run_outcome outcome;
	char reason[1024];
	bool exited;
	int exit_code;
	char signal[16]; /* "SYS", or "" */
	double seconds;
	uint64_t notifications;
	enum obs_usage usage; /* how the allowed calls were seen */
	char usage_why[256]; /* notified though auto: why not counted */
	/* What held its tree (pidns.h); PIDNS_MAX: not said (an older
	 * report). isolation_why: none though auto asked, why. */
	enum pidns_kind isolation;
	char isolation_why[160];
	int leftover;
	enum capture_mode out, err; /* what stdout and stderr were */
	/* The captured output's last bytes (text) when the run did not end as
	 * expected; NULL otherwise. output_bytes: all it wrote. */
	char *output;
	uint64_t output_bytes;
	struct record_call *calls; /* the denials, in observation order */
	size_t n_calls;
	struct strv exes; /* the executables' paths ("": unknown) */
};

/* The record of a run of j under p. With skip_allowed, allowed calls
 * (usage, not denials) are left out unless they escaped. 0 or -ENOMEM. */
int run_record_make(const struct profile *p, const struct job *j,
		    const struct pipeline_result *res, bool skip_allowed,
		    struct run_record *ret);

/* Whether the call is a finding of the run (missing, unexpected,
 * escaped). */
bool record_call_is_finding(const struct record_call *c);

/* The record's JSON object: keys added to obj. 0 or -ENOMEM. */
int run_record_json(const struct run_record *r, json_t *obj);

/* A record from a run's JSON object, checked: 0, or -EINVAL with why set
 * ("a denial's 'class' must be one of …"), -ENOMEM. Missing members are
 * left zero, so an error run (outcome and reason only) reads too. */
int run_record_parse(const json_t *obj, struct run_record *ret, char *why,
		     size_t size);

void run_record_clear(struct run_record *r);
static inline void run_record_clearp(struct run_record *x)
{
	run_record_clear(x);
}
#define cleanup_run_record __attribute__((cleanup(run_record_clearp)))
