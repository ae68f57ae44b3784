/* job — one workload to run and what a good run of it looks like, made
 * from `-- CMD ARG...` or from a case (suite/case.h): the resolved program, its
 * arguments and environment, working directory, stdin, timeout and
 * expected exit status. check, record, trim and run all run jobs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

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
	char *const *denied; /* the case's expect-denied, or NULL */
};

/* A job from a command line. Returns 0, or -ENOENT/-EACCES when argv[0]
 * cannot be found (d says so). */
int job_from_argv(char *const *argv, double timeout, struct job *ret,
		  struct diag *d);

/* This process's environment with the NAME=VALUE pairs of add put over
 * them: a new array (free it; the strings stay environ's and add's), or
 * NULL when out of memory. */
char **job_merge_env(char *const *add);

void job_clear(struct job *j);
