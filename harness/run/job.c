/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "job.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "caps.h"
#include "runner.h"
#include "syscalls.h"
#include "util.h"

extern char **environ;

int job_init(struct job *j, const char *name, char *const *argv, struct diag *d)
{
	memset(j, 0, sizeof(*j));
	j->argv = argv;
	j->timeout = JOB_DEFAULT_TIMEOUT;
	if (!(j->name = strdup(name)))
		return -ENOMEM;
	return job_set_caps(j, "caps", NULL, d);
}

int job_set_caps(struct job *j, const char *what, const char *spec,
		 struct diag *d)
{
	uint64_t caps;
	if (!spec)
		spec = "keep";
	cleanup_free char *copy = strdup(spec);
	if (!copy)
		return -ENOMEM;
	int r = job_parse_caps(what, spec, &caps, d);
	if (r < 0)
		return r;
	if ((r = profile_env_native(caps, &j->env)) < 0)
		return diag_set(d, r, "", 0, 0,
				"cannot read the kernel version: %s",
				strerror(-r));
	free(j->caps_spec);
	j->caps_spec = steal_pointer(&copy);
	j->set_caps = strcmp(spec, "keep") != 0;
	return 0;
}

int job_find_program(struct job *j, struct diag *d)
{
	/* A relative command runs from the job's cwd, as a shell would. */
	cleanup_free char *cmd = NULL;
	const char *name = j->argv[0];
	if (j->cwd && strchr(name, '/') && name[0] != '/') {
		if (asprintf(&cmd, "%s/%s", j->cwd, name) < 0)
			return -ENOMEM;
		name = cmd;
	}
	int r = runner_find_program(name, j->path, sizeof(j->path));
	if (r < 0)
		return diag_set(d, r, "", 0, 0,
				"%s: %s (not the profile's doing)", j->argv[0],
				r == -ENOENT ? "command not found"
					     : strerror(-r));
	/* The runner changes into cwd before execve: make it absolute. */
	char real[PATH_MAX];
	if (j->cwd && j->path[0] != '/' && realpath(j->path, real))
		snprintf(j->path, sizeof(j->path), "%s", real);
	return 0;
}

int job_merge_env(struct job *j, char *const *add)
{
	size_t n = strv_length(environ), m = strv_length(add);
	char **v = calloc(n + m + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strcspn(environ[i], "=");
		bool replaced = false;
		for (size_t a = 0; a < m; a++)
			replaced |= strncmp(add[a], environ[i], len) == 0 &&
				    add[a][len] == '=';
		if (!replaced)
			v[k++] = environ[i];
	}
	for (size_t a = 0; a < m; a++)
		v[k++] = add[a];
	free(j->envp);
	j->envp = v;
	return 0;
}

int job_load_expected(struct job *j, const char *path, struct diag *d)
{
	cleanup_profile struct profile *p = NULL;
	int r = profile_load(path, PROFILE_FORMAT_AUTO, 0, &p, d);
	if (r < 0)
		return r;
	j->expect.has_expected = true;
	return profile_names(p, &j->expect.expected);
}

void job_clear(struct job *j)
{
	/* envp's strings are environ's and the case's. */
	free(j->envp);
	free(j->name);
	free(j->caps_spec);
	strv_clear(&j->expect.denied);
	strv_clear(&j->expect.expected);
	memset(j, 0, sizeof(*j));
}

int job_parse_timeout(const char *what, const char *s, double *ret,
		      struct diag *d)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	/* Not nan (it passes no comparison), inf or 1e400, and decimal
	 * seconds: no sign (-0), no hex (0x10, which strtod takes). */
	bool plain = (isdigit((unsigned char)s[0]) ||
		      (s[0] == '.' && isdigit((unsigned char)s[1]))) &&
		     !strpbrk(s, "xX");
	if (!plain || end == s || *end || errno == ERANGE || !isfinite(v) ||
	    !(v >= 0 && v <= JOB_TIMEOUT_MAX)) {
		diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what,
			 DIAG_QUOTE(s));
		diag_hint(d, "seconds from 0 (never) to 1000000, e.g. 10 or "
			     "0.5");
		return -EINVAL;
	}
	*ret = v;
	return 0;
}

int job_parse_max_procs(const char *what, const char *s, unsigned *ret,
			struct diag *d)
{
	uint64_t v;
	if (util_parse_dec(s, &v) < 0 || v < 1 || v > JOB_MAX_PROCS_MAX) {
		diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what,
			 DIAG_QUOTE(s));
		diag_hint(d, "a number of processes, 1 to 1000000, e.g. 256");
		return -EINVAL;
	}
	*ret = (unsigned)v;
	return 0;
}

void job_stdin_waited(const struct job *j, int seconds, struct diag *d)
{
	struct stat st;
	if (!j->stdin_path || stat(j->stdin_path, &st) < 0 ||
	    !S_ISFIFO(st.st_mode))
		return;
	diag_set(d, -ETIMEDOUT, "", 0, 0,
		 "its stdin %s is a FIFO that no process opened for writing "
		 "within %d s: opening it waits for a writer, before the "
		 "workload starts",
		 j->stdin_path, seconds);
	diag_hint(d, "start the writer first, or give the case another stdin");
}

int job_parse_isolation(const char *what, const char *s, enum pidns_mode *ret,
			struct diag *d)
{
	if (pidns_mode_parse(s, ret) == 0)
		return 0;
	diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what, DIAG_QUOTE(s));
	diag_hint(d,
		  "auto (a pid namespace when one can be made), pid (always: "
		  "an error where none can be made) or none");
	return -EINVAL;
}

int job_parse_runs(const char *what, const char *s, unsigned *ret,
		   struct diag *d)
{
	uint64_t v;
	if (util_parse_dec(s, &v) < 0 || v < 1 || v > JOB_RUNS_MAX) {
		diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what,
			 DIAG_QUOTE(s));
		diag_hint(d, "a number of runs, 1 to 1000, e.g. 10");
		return -EINVAL;
	}
	*ret = (unsigned)v;
	return 0;
}

int job_parse_exit(const char *what, const char *s, int *ret, struct diag *d)
{
	/* Range-checked before the cast: 4294967296 is not 0. */
	uint64_t v;
	if (util_parse_dec(s, &v) < 0 || v > 255)
		return diag_set(d, -EINVAL, "", 0, 0,
				"%s must be 0 to 255, not '%.*s%s'", what,
				DIAG_QUOTE(s));
	*ret = (int)v;
	return 0;
}

int job_check_syscall(const char *what, const char *name, struct diag *d)
{
	if (syscalls_known(name))
		return 0;
	char best[64];
	diag_set(d, -EINVAL, "", 0, 0, "unknown syscall '%.*s%s' in %s",
		 DIAG_QUOTE(name), what);
	if (syscalls_suggest(name, best, sizeof(best)) == 0)
		diag_hint(d, "did you mean '%s'?", best);
	return -EINVAL;
}

int job_parse_syscalls(const char *what, const char *s, struct strv *ret,
		       struct diag *d)
{
	cleanup_strv struct strv names = STRV_INIT;
	int r = strv_split(&names, s, ", \t");
	for (size_t i = 0; r == 0 && i < names.n; i++)
		r = job_check_syscall(what, names.v[i], d);
	return r < 0 ? r : strv_extend(ret, names.v);
}

int job_parse_stdio(const char *what, const char *s, enum capture_mode *ret,
		    struct diag *d)
{
	if (capture_mode_parse(s, ret) == 0)
		return 0;
	diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what, DIAG_QUOTE(s));
	diag_hint(d, "file (a regular file), pipe, tty, null or inherit: what "
		     "the program has in production");
	return -EINVAL;
}

int job_parse_caps(const char *what, const char *s, uint64_t *ret,
		   struct diag *d)
{
	char bad[64] = "";
	int r = caps_parse(s, ret, bad, sizeof(bad));
	if (r == -EINVAL) {
		char best[64];
		diag_set(d, r, "", 0, 0, "unknown capability '%.*s%s' in %s",
			 DIAG_QUOTE(bad), what);
		if (caps_suggest(bad, best, sizeof(best)) == 0)
			diag_hint(d, "did you mean '%s'?", best);
		else
			diag_hint(d,
				  "none, keep, docker, all, or names such as "
				  "CAP_NET_ADMIN");
		return r;
	}
	if (r < 0)
		return diag_set(d, r, "", 0, 0,
				"cannot read this process's capabilities: %s",
				strerror(-r));
	return 0;
}

static const char *const runtime_names[] = {
	[JOB_RUNTIME_NONE] = "none",
	[JOB_RUNTIME_RUNC] = "runc",
	[JOB_RUNTIME_CRUN] = "crun",
	[JOB_RUNTIME_PODMAN] = "podman",
};
_Static_assert(ARRAY_SIZE(runtime_names) == JOB_RUNTIME_MAX, "runtimes");

const char *job_runtime_name(enum job_runtime r)
{
	return r < JOB_RUNTIME_MAX ? runtime_names[r] : "?";
}

enum job_runtime job_runtime_oci(enum job_runtime r)
{
	return r == JOB_RUNTIME_PODMAN ? JOB_RUNTIME_RUNC : r;
}

enum profile_semantics job_runtime_semantics(enum job_runtime r)
{
	r = job_runtime_oci(r);
	return r == JOB_RUNTIME_CRUN   ? PROFILE_SEMANTICS_CRUN
	       : r == JOB_RUNTIME_RUNC ? PROFILE_SEMANTICS_RUNC
				       : PROFILE_SEMANTICS_AUTO;
}

int job_parse_runtime(const char *what, const char *s, enum job_runtime *ret,
		      struct diag *d)
{
	for (size_t i = JOB_RUNTIME_RUNC; i < JOB_RUNTIME_MAX; i++) {
		if (strcmp(s, runtime_names[i]) == 0) {
			*ret = (enum job_runtime)i;
			return 0;
		}
	}
	diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what, DIAG_QUOTE(s));
	diag_hint(d, "runc or crun: the runtime that starts the container "
		     "(podman: --podman IMAGE, or image = in a case)");
	return -EINVAL;
}

int job_parse_semantics(const char *what, const char *s,
			enum profile_semantics *ret, struct diag *d)
{
	if (profile_semantics_parse(s, ret) == 0)
		return 0;
	diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what, DIAG_QUOTE(s));
	diag_hint(d, "runc (the default for OCI JSON: Docker, containerd, "
		     "Kubernetes), crun, or libseccomp (the program loads it)");
	return -EINVAL;
}

int job_parse_switch(const char *what, const char *s, int *ret, struct diag *d)
{
	if (strcmp(s, "on") == 0 || strcmp(s, "off") == 0) {
		*ret = strcmp(s, "on") == 0;
		return 0;
	}
	diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what, DIAG_QUOTE(s));
	diag_hint(d, "on or off");
	return -EINVAL;
}

int job_check_container(const struct job_container *c, bool cli, struct diag *d)
{
	const char *rootfs = cli ? "--rootfs DIR" : "rootfs = DIR";
	const char *bundle = cli ? "--bundle DIR" : "bundle = DIR";
	const char *image = cli ? "--podman IMAGE" : "image = IMAGE";
	const char *name = job_runtime_name(c->runtime);
	if (!c->runtime && (c->rootfs || c->bundle))
		return diag_set(d, -EINVAL, "", 0, 0,
				"%s needs a runtime: runc or crun",
				c->rootfs ? rootfs : bundle);
	if (c->runtime == JOB_RUNTIME_PODMAN)
		return c->image && !c->rootfs && !c->bundle
			       ? 0
			       : diag_set(d, -EINVAL, "", 0, 0,
					  "podman runs an image: give %s (and "
					  "no rootfs or bundle)",
					  image);
	if (c->image)
		return diag_set(d, -EINVAL, "", 0, 0,
				"an image is podman's: %s runs a rootfs or a "
				"bundle",
				c->runtime ? name
					   : "without a runtime, scaudit");
	if (c->runtime && !c->rootfs == !c->bundle)
		return diag_set(d, -EINVAL, "", 0, 0,
				"%s needs %s of %s (a directory to run in) "
				"or %s (an OCI bundle)",
				name, c->rootfs ? "only one" : "one", rootfs,
				bundle);
	return 0;
}
