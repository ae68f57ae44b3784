#include "job.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "util.h"

extern char **environ;

int job_from_argv(char *const *argv, double timeout, struct job *ret,
		  struct diag *d)
{
	memset(ret, 0, sizeof(*ret));
	ret->name = argv[0];
	ret->argv = argv;
	ret->timeout = timeout;
	int r = runner_find_program(argv[0], ret->path, sizeof(ret->path));
	if (r < 0)
		return diag_set(
			d, r, argv[0], 0, 0, "%s (not the profile's doing)",
			r == -ENOENT ? "command not found" : strerror(-r));
	return 0;
}

char **job_merge_env(char *const *add)
{
	size_t n = 0, m = 0;
	while (environ[n])
		n++;
	while (add[m])
		m++;
	char **v = calloc(n + m + 1, sizeof(*v));
	if (!v)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(environ[i], "=");
		bool replaced = false;
		for (size_t j = 0; j < m; j++)
			replaced |= strncmp(add[j], environ[i], len) == 0 &&
				    add[j][len] == '=';
		if (!replaced)
			v[k++] = environ[i];
	}
	for (size_t j = 0; j < m; j++)
		v[k++] = add[j];
	return v;
}

void job_clear(struct job *j)
{
	/* The strings are the environment's and the case's. */
	free(j->envp);
	j->envp = NULL;
}
