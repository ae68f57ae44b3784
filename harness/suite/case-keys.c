/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "case-keys.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wordexp.h>

#include "job.h"
#include "strv.h"
#include "util.h"

/* Split s as a shell would: 0, -ENOMEM, -ENXIO for a variable not set
 * (unset_variable names it) or -EINVAL for the rest. */
static int split_words(const char *s, char ***ret)
{
	wordexp_t we;
	int r = wordexp(s, &we, WRDE_NOCMD | WRDE_UNDEF);
	if (r != 0) {
		if (r == WRDE_NOSPACE)
			wordfree(&we);
		return r == WRDE_NOSPACE  ? -ENOMEM
		       : r == WRDE_BADVAL ? -ENXIO
					  : -EINVAL;
	}
	char **v = calloc(we.we_wordc + 1, sizeof(*v));
	if (!v) {
		wordfree(&we);
		return -ENOMEM;
	}
	for (size_t i = 0; i < we.we_wordc; i++) {
		if (!(v[i] = strdup(we.we_wordv[i]))) {
			wordfree(&we);
			strv_free(v);
			return -ENOMEM;
		}
	}
	wordfree(&we);
	*ret = v;
	return 0;
}

/* The first $NAME or ${NAME…} of s, outside single quotes and not
 * escaped, that is not in the environment: what WRDE_UNDEF refused
 * (wordexp does not say). False when there is none to name ($1, $?). */
static bool unset_variable(const char *s, char *name, size_t size)
{
	bool dquote = false;
	for (const char *p = s; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '\'' && !dquote) {
			const char *end = strchr(p + 1, '\'');
			if (!end)
				return false;
			p = end;
		} else if (*p == '"') {
			dquote = !dquote;
		} else if (*p == '$') {
			const char *n = p + 1;
			if (*n == '{')
				n += 1 + (n[1] == '#');
			size_t len = 0;
			if (isalpha((unsigned char)*n) || *n == '_')
				while (isalnum((unsigned char)n[len]) ||
				       n[len] == '_')
					len++;
			snprintf(name, size, "%.*s", (int)len, n);
			if (len && len < size && !getenv(name))
				return true;
		}
	}
	return false;
}

/* Words refused: the unset variable named, or how to write them. */
static int bad_words(struct diag *d, int e, const char *key, const char *value,
		     const char *hint)
{
	char name[128];
	if (e == -ENOMEM)
		return -ENOMEM;
	if (e == -ENXIO && unset_variable(value, name, sizeof(name))) {
		diag_set(d, -EINVAL, "", 0, 0, "unset variable '%s' in %s '%s'",
			 name, key, value);
		diag_hint(d,
			  "export %s before running scaudit (env = sets the "
			  "workload's environment, not these words), or quote "
			  "it as '$%s' to keep it as written",
			  name, name);
		return -EINVAL;
	}
	diag_set(d, -EINVAL, "", 0, 0, "bad %s '%s'", key, value);
	if (hint)
		diag_hint(d, "%s", hint);
	return -EINVAL;
}

/* Relative to the case file's directory; shown relative to the working
 * directory when it is inside it ("fixtures/profiles/app.list"). */
static char *resolve(const char *dir, const char *p)
{
	char *out;
	if (p[0] == '/')
		return strdup(p);
	if (asprintf(&out, "%s/%s", dir, p) < 0)
		return NULL;
	char real[PATH_MAX], cwd[PATH_MAX];
	if (realpath(out, real) && getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);
		const char *rel = strncmp(real, cwd, n) == 0 && real[n] == '/'
					  ? real + n + 1
					  : real;
		free(out);
		out = strdup(rel);
	}
	return out;
}

/* A value refused, with what to write instead. */
static int bad(struct diag *d, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int bad(struct diag *d, const char *hint, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(d, -EINVAL, "", 0, 0, "%s", msg);
	if (hint)
		diag_hint(d, "%s", hint);
	return -EINVAL;
}

/* A validator's answer: 0, or -EINVAL with d set by it. */
static int checked(int r)
{
	return r < 0 ? -EINVAL : 0;
}

typedef int set_fn(const struct case_key_at *at, struct scase *c,
		   const char *value, struct diag *d);

/* A path relative to the case file, that must be there for mode. */
static int set_path(const struct case_key_at *at, const char *key,
		    const char *value, int mode, char **ret, struct diag *d)
{
	if (!(*ret = resolve(at->dir, value)))
		return -ENOMEM;
	if (mode && access(*ret, mode) < 0)
		return bad(d, NULL, "%s %s: %s", key, *ret, strerror(errno));
	return 0;
}

static int set_profile(const struct case_key_at *at, struct scase *c,
		       const char *value, struct diag *d)
{
	if (!*value)
		return bad(d, "a path, relative to the case file",
			   "'profile' is empty");
	c->profile_line = at->line;
	return set_path(at, "profile", value, 0, &c->profile, d);
}

static int set_command(const struct case_key_at *at, struct scase *c,
		       const char *value, struct diag *d)
{
	/* Split now, in scaudit's environment; where argv[0] is found is
	 * case_job's (case.h). */
	static const char how[] = "write it as a shell would: cmd arg 'a b' "
				  "(no $(...) or `...`)";
	int e = split_words(value, &c->argv);
	if (e < 0)
		return bad_words(d, e, "command", value, how);
	if (!c->argv[0])
		return bad(d, how, "bad command '%s'", value);
	return 0;
}

static int set_expect_exit(const struct case_key_at *at, struct scase *c,
			   const char *value, struct diag *d)
{
	return checked(
		job_parse_exit("expect-exit", value, &c->expect_exit, d));
}

static int set_expect_syscalls(const struct case_key_at *at, struct scase *c,
			       const char *value, struct diag *d)
{
	return set_path(at, "expect-syscalls", value, R_OK, &c->expect_syscalls,
			d);
}

static int set_expect_denied(const struct case_key_at *at, struct scase *c,
			     const char *value, struct diag *d)
{
	/* Commas too, as check --expect-denied takes them. */
	char spaced[512];
	snprintf(spaced, sizeof(spaced), "%s", value);
	for (char *q = spaced; *q; q++)
		if (*q == ',')
			*q = ' ';
	int e = split_words(spaced, &c->expect_denied);
	if (e < 0)
		return bad_words(d, e, "expect-denied", value,
				 "write syscall names: ptrace mount");
	if (!c->expect_denied[0] && value[strspn(value, " \t")])
		return bad(d, "write syscall names: ptrace mount",
			   "no syscall name in expect-denied '%s'", value);
	for (char **n = c->expect_denied; *n; n++)
		if (job_check_syscall("expect-denied", *n, d) < 0)
			return -EINVAL;
	return 0;
}

static int set_timeout(const struct case_key_at *at, struct scase *c,
		       const char *value, struct diag *d)
{
	return checked(job_parse_timeout("timeout", value, &c->timeout, d));
}

static int set_caps(const struct case_key_at *at, struct scase *c,
		    const char *value, struct diag *d)
{
	uint64_t set;
	if (job_parse_caps("caps", value, &set, d) == -EINVAL)
		return -EINVAL;
	return (c->caps = strdup(value)) ? 0 : -ENOMEM;
}

static int set_env(const struct case_key_at *at, struct scase *c,
		   const char *value, struct diag *d)
{
	int e = split_words(value, &c->env);
	if (e < 0)
		return bad_words(d, e, "env", value, "write NAME=VALUE pairs");
	for (char **v = c->env; *v; v++) {
		/* A name as sh takes one: env(1) would pass "1A=x", no shell
		 * could read it. */
		size_t n = strspn(*v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				      "abcdefghijklmnopqrstuvwxyz0123456789_");
		if ((*v)[n] != '=' || !n || isdigit((unsigned char)**v))
			return bad(d,
				   "write NAME=VALUE pairs, NAME of letters, "
				   "digits and '_', not starting with a digit",
				   "bad env entry '%s'", *v);
	}
	return 0;
}

static int set_cwd(const struct case_key_at *at, struct scase *c,
		   const char *value, struct diag *d)
{
	return set_path(at, "cwd", value, X_OK, &c->cwd, d);
}

static int set_stdin(const struct case_key_at *at, struct scase *c,
		     const char *value, struct diag *d)
{
	int e = set_path(at, "stdin", value, R_OK, &c->stdin_path, d);
	struct stat st;
	if (e == 0 && stat(c->stdin_path, &st) == 0 && S_ISDIR(st.st_mode))
		return bad(d, "give a file, a FIFO or /dev/null",
			   "stdin %s is a directory", c->stdin_path);
	return e;
}

static int set_stdout(const struct case_key_at *at, struct scase *c,
		      const char *value, struct diag *d)
{
	return checked(job_parse_stdio("stdout", value, &c->out, d));
}

static int set_stderr(const struct case_key_at *at, struct scase *c,
		      const char *value, struct diag *d)
{
	return checked(job_parse_stdio("stderr", value, &c->err, d));
}

static int set_max_procs(const struct case_key_at *at, struct scase *c,
			 const char *value, struct diag *d)
{
	return checked(
		job_parse_max_procs("max-procs", value, &c->max_procs, d));
}

static int set_repeat(const struct case_key_at *at, struct scase *c,
		      const char *value, struct diag *d)
{
	return checked(job_parse_runs("repeat", value, &c->repeat, d));
}

static int set_runtime(const struct case_key_at *at, struct scase *c,
		       const char *value, struct diag *d)
{
	return checked(job_parse_runtime("runtime", value, &c->runtime, d));
}

static int set_rootfs(const struct case_key_at *at, struct scase *c,
		      const char *value, struct diag *d)
{
	return set_path(at, "rootfs", value, X_OK, &c->rootfs, d);
}

static int set_bundle(const struct case_key_at *at, struct scase *c,
		      const char *value, struct diag *d)
{
	return set_path(at, "bundle", value, X_OK, &c->bundle, d);
}

static int set_image(const struct case_key_at *at, struct scase *c,
		     const char *value, struct diag *d)
{
	if (!*value)
		return bad(d, "an image podman has: localhost/app:1.0",
			   "'image' is empty");
	return (c->image = strdup(value)) ? 0 : -ENOMEM;
}

static int set_no_new_privs(const struct case_key_at *at, struct scase *c,
			    const char *value, struct diag *d)
{
	return checked(
		job_parse_switch("no-new-privs", value, &c->no_new_privs, d));
}

static int set_semantics(const struct case_key_at *at, struct scase *c,
			 const char *value, struct diag *d)
{
	return checked(
		job_parse_semantics("semantics", value, &c->semantics, d));
}

static int set_isolation(const struct case_key_at *at, struct scase *c,
			 const char *value, struct diag *d)
{
	return checked(
		job_parse_isolation("isolation", value, &c->isolation, d));
}

static int set_usage_backend(const struct case_key_at *at, struct scase *c,
			     const char *value, struct diag *d)
{
	return checked(usage_backend_parse("usage-backend", value,
					   &c->usage_backend, d));
}

static const struct {
	const char *name;
	set_fn *set;
} keys[] = {
	{ "profile", set_profile },
	{ "command", set_command },
	{ "expect-exit", set_expect_exit },
	{ "expect-syscalls", set_expect_syscalls },
	{ "expect-denied", set_expect_denied },
	{ "timeout", set_timeout },
	{ "caps", set_caps },
	{ "env", set_env },
	{ "cwd", set_cwd },
	{ "stdin", set_stdin },
	{ "stdout", set_stdout },
	{ "stderr", set_stderr },
	{ "max-procs", set_max_procs },
	{ "repeat", set_repeat },
	{ "runtime", set_runtime },
	{ "rootfs", set_rootfs },
	{ "bundle", set_bundle },
	{ "image", set_image },
	{ "no-new-privs", set_no_new_privs },
	{ "semantics", set_semantics },
	{ "usage-backend", set_usage_backend },
	{ "isolation", set_isolation },
};
_Static_assert(ARRAY_SIZE(keys) <= CASE_KEYS_MAX, "a seen flag per key");

int case_key_find(const char *key, char *hint, size_t size)
{
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
		if (strcmp(keys[k].name, key) == 0)
			return (int)k;
	unsigned best = 3;
	hint[0] = '\0';
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		unsigned dist = util_edit_distance(key, keys[k].name, 2);
		if (dist < best) {
			best = dist;
			snprintf(hint, size, "did you mean '%s'?",
				 keys[k].name);
		}
	}
	if (!hint[0]) {
		size_t n = (size_t)snprintf(hint, size, "known keys:");
		for (size_t k = 0; k < ARRAY_SIZE(keys) && n < size; k++)
			n += (size_t)snprintf(hint + n, size - n, "%s %s",
					      k ? "," : "", keys[k].name);
	}
	return -1;
}

int case_key_set(size_t k, const struct case_key_at *at, struct scase *c,
		 const char *value, struct diag *d)
{
	return k < ARRAY_SIZE(keys) ? keys[k].set(at, c, value, d) : -EINVAL;
}
