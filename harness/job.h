/* job — one workload to run and what a good run of it looks like, made
 * from `-- CMD ARG...` or from a case (case.h): the resolved program, its
 * arguments and environment, working directory, stdin, timeout and
 * expected exit status. check, record, trim and run all run jobs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "case.h"
#include "diag.h"

struct job {
	const char *name; /* the case's name, or argv[0] */
	char path[4096]; /* argv[0] found on PATH */
	char *const *argv;
	char **envp; /* owned; NULL: this process's environment */
	const char *cwd;
	const char *stdin_path;
	double timeout;
	int expect_exit;
	const struct scase *from; /* NULL for a command line */
	char *const *denied; /* the case's expect-denied, or NULL */
};

/* A job from a command line. Returns 0, or -ENOENT/-EACCES when argv[0]
 * cannot be found (d says so). */
int job_from_argv(char *const *argv, double timeout, struct job *ret,
		  struct diag *d);

/* A job from a case: its env is added to this process's. */
int job_from_case(const struct scase *c, struct job *ret, struct diag *d);

void job_clear(struct job *j);
