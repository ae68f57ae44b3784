/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* job — one workload to run and what a good run of it looks like: the
 * resolved program, its arguments and environment, working directory,
 * stdio, capabilities, timeout and process bound, and the expectations
 * the verdict judges it by. Made from `-- CMD ARG...` (cli/cli.c's
 * cli_job) or from a case (suite/case.h's case_job); check, record, trim and run all run jobs,
 * through verdict/pipeline.h.
 *
 * The validators of a job's fields live here too, for the command line
 * and case files alike: each returns 0 and the value, or -EINVAL with d
 * saying what is wrong and what would be right (no location: the caller
 * knows whether it was "--timeout" or line 4 of a case file, and sets
 * d->file and d->line). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "capture.h"
#include "diag.h"
#include "pidns.h"
#include "profile.h"
#include "strv.h"

/* What a good run is. */
struct job_expect {
	int exit_code; /* the exit status of a good run */
	struct strv denied; /* must be attempted and denied (negative checks) */
	struct strv expected; /* declared use: a denial outside is unexpected */
	bool has_expected; /* expected was given (an empty list too) */
};

/* A container runtime that starts the workload as production does
 * (run/container.h): the runtime loads the profile from a bundle's
 * config.json, scaudit serves its seccomp listener. */
enum job_runtime {
	JOB_RUNTIME_NONE,
	JOB_RUNTIME_RUNC,
	JOB_RUNTIME_CRUN,
	JOB_RUNTIME_PODMAN, /* an image, through podman (with runc) */
	JOB_RUNTIME_MAX
};

struct job_container {
	enum job_runtime runtime;
	const char *rootfs; /* borrowed: a directory to run in; or */
	const char *bundle; /* borrowed: the user's bundle, only read; or */
	const char *image; /* borrowed: podman's image */
	int no_new_privs; /* -1: the bundle's, else off as Docker sets it */
	bool keep_caps; /* the bundle's capabilities, as it has them */
};

struct job {
	char *name; /* the case's name, or argv[0]; owned */
	char path[4096]; /* argv[0] found on PATH */
	char *const *argv; /* borrowed: the command line's or the case's */
	char **envp; /* owned array (strings borrowed); NULL: environ */
	/* The NAME=VALUE pairs added to it (borrowed; NULL: none): all a
	 * container's process gets of them (bundle.h). */
	char *const *env_add;
	const char *cwd; /* borrowed; NULL: inherit */
	const char *stdin_path; /* borrowed; NULL: inherit */
	/* What stdout and stderr are (capture.h): production's. */
	enum capture_mode out, err;
	/* Capabilities: the workload's, and those the profile's rules are
	 * judged under (env.caps). "keep" runs with scaudit's own. */
	char *caps_spec; /* as given: "keep", "docker", "CAP_X,CAP_Y"; owned */
	bool set_caps;
	struct profile_env env;
	double timeout; /* seconds; 0: none */
	unsigned max_procs; /* processes and threads at once; 0: no bound */
	/* --isolation, isolation =: what holds its tree (pidns.h) */
	enum pidns_mode isolation;
	struct job_expect expect;
	struct job_container container;
};

/* The timeout a job has unless told otherwise. */
#define JOB_DEFAULT_TIMEOUT 60.0
/* The largest timeout (eleven days): the supervisor waits in int ms. */
#define JOB_TIMEOUT_MAX 1000000.0
#define JOB_MAX_PROCS_MAX 1000000u

/* A job named name that runs argv, with caps "keep", no expectations, the
 * default timeout; the program is found by job_find_program once the
 * rest (cwd) is set. Returns 0, -ENOMEM, or -errno with d saying why
 * this system's caps or kernel cannot be read. Clear it with job_clear,
 * also on failure. */
int job_init(struct job *j, const char *name, char *const *argv,
	     struct diag *d);

/* Set the job's capabilities from spec (NULL: keep): none, keep, docker,
 * all or names. Returns 0, -EINVAL with d saying which name is unknown,
 * or another -errno when this process's capabilities or the kernel's
 * version cannot be read (d says which). */
int job_set_caps(struct job *j, const char *what, const char *spec,
		 struct diag *d);

/* Find argv[0] as a shell would, from the job's cwd for a relative path
 * with a '/'. Returns 0, or -ENOENT/-EACCES with d saying so. */
int job_find_program(struct job *j, struct diag *d);

/* This process's environment with the NAME=VALUE pairs of add put over
 * them into j->envp. Returns 0 or -ENOMEM. */
int job_merge_env(struct job *j, char *const *add);

/* Load the names of a profile file of any format into expect.expected
 * (--expect, expect-syscalls). Returns 0, or -errno with d located. */
int job_load_expected(struct job *j, const char *path, struct diag *d);

void job_clear(struct job *j);
static inline void job_clearp(struct job *x)
{
	job_clear(x);
}
#define cleanup_job __attribute__((cleanup(job_clearp)))

/* The validators. what names the field in messages ("--timeout",
 * "timeout"). */
int job_parse_timeout(const char *what, const char *s, double *ret,
		      struct diag *d);
/* A number of runs (--repeat, --max-runs, repeat =): 1 to JOB_RUNS_MAX. */
#define JOB_RUNS_MAX 1000
int job_parse_runs(const char *what, const char *s, unsigned *ret,
		   struct diag *d);
int job_parse_max_procs(const char *what, const char *s, unsigned *ret,
			struct diag *d);
int job_parse_exit(const char *what, const char *s, int *ret, struct diag *d);
/* The child's setup waited seconds in vain: when j's stdin is a FIFO
 * (its open waits for a writer), d says so. */
void job_stdin_waited(const struct job *j, int seconds, struct diag *d);
/* auto, pid or none. */
int job_parse_isolation(const char *what, const char *s, enum pidns_mode *ret,
			struct diag *d);
/* A syscall name libseccomp knows on some arch ("did you mean"
 * otherwise). */
int job_check_syscall(const char *what, const char *name, struct diag *d);
/* Syscall names separated by spaces or commas, each checked, appended to
 * ret. */
int job_parse_syscalls(const char *what, const char *s, struct strv *ret,
		       struct diag *d);
/* What a stream is: file, pipe, tty, null or inherit. */
int job_parse_stdio(const char *what, const char *s, enum capture_mode *ret,
		    struct diag *d);
/* A capability set (caps.h): the parsed set, or -EINVAL. */
int job_parse_caps(const char *what, const char *s, uint64_t *ret,
		   struct diag *d);
/* runc or crun; and who applies the profile (profile.h): libseccomp,
 * runc or crun; and on or off. */
int job_parse_runtime(const char *what, const char *s, enum job_runtime *ret,
		      struct diag *d);
int job_parse_semantics(const char *what, const char *s,
			enum profile_semantics *ret, struct diag *d);
int job_parse_switch(const char *what, const char *s, int *ret, struct diag *d);
/* Whether c names what its runtime needs: runc and crun one of a rootfs
 * or a bundle, podman an image, and nothing else. 0, or -EINVAL with d
 * saying what is missing, in the words of the command line (cli) or of a
 * case file. */
int job_check_container(const struct job_container *c, bool cli,
			struct diag *d);

/* "runc", "crun" ("none"). */
const char *job_runtime_name(enum job_runtime r);
/* The semantics a runtime applies profiles with. */
enum profile_semantics job_runtime_semantics(enum job_runtime r);
/* The OCI runtime that loads the profile: podman's is runc. */
enum job_runtime job_runtime_oci(enum job_runtime r);
