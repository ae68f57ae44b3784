#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "runner.h"
#include "util.h"

const char *cli_program = "scaudit";

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: error: ", cli_program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_print_diag(const struct diag *d, const char *severity)
{
	/* A problem of no file (a command-line option) reads like the
	 * other errors of the command line. */
	if (!d->file[0]) {
		fprintf(stderr, "%s: %s: %s", cli_program, severity,
			d->message);
	} else {
		char where[sizeof(d->file) + 32];
		diag_where(d, where, sizeof(where));
		fprintf(stderr, "%s: %s: %s", where, severity, d->message);
	}
	if (d->hint[0])
		fprintf(stderr, " — %s", d->hint);
	fputc('\n', stderr);
}

int cli_load_profile(const char *path, const char *format, unsigned flags,
		     struct profile **ret)
{
	enum profile_format f = PROFILE_FORMAT_AUTO;
	if (format && profile_format_parse(format, &f) < 0) {
		cli_error("unknown format '%s' (use list, oci or strace)",
			  format);
		return CLI_EXIT_USAGE;
	}
	struct diag d = { 0 };
	int r = profile_load(path, f, flags, ret, &d);
	if (r == -ENOMEM) {
		cli_error("out of memory reading %s", path);
		return CLI_EXIT_ENV;
	}
	if (r < 0) {
		cli_print_diag(&d, "error");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_env(const char *caps, const char *arch, struct profile_env *ret)
{
	uint64_t set;
	char bad[64] = "";
	int r = caps_parse(caps ? caps : "keep", &set, bad, sizeof(bad));
	if (r == -EINVAL) {
		cli_error("unknown capability '%s' in --caps (use none, keep, "
			  "docker, all, or names such as CAP_NET_ADMIN)",
			  bad);
		return CLI_EXIT_USAGE;
	}
	if (r < 0) {
		cli_error("cannot read this process's capabilities: %s",
			  strerror(-r));
		return CLI_EXIT_ENV;
	}
	r = profile_env_native(set, ret);
	if (r < 0) {
		cli_error("cannot read the kernel version: %s", strerror(-r));
		return CLI_EXIT_ENV;
	}
	if (arch) {
		r = syscalls_arch_parse(arch, &ret->arch);
		if (r < 0) {
			cli_error("%s architecture '%s' (use x86_64, x86, "
				  "aarch64, arm, ppc64le, s390x, riscv64, …)",
				  r == -ENOENT ? "this libseccomp does not know"
					       : "unknown",
				  arch);
			return CLI_EXIT_USAGE;
		}
	}
	return 0;
}

int cli_write_output(const char *path, const char *text)
{
	if (strcmp(path, "-") == 0) {
		fputs(text, stdout);
		return 0;
	}
	int r = util_write_file_atomic(path, text, strlen(text));
	if (r < 0) {
		cli_error("cannot write %s: %s", path, strerror(-r));
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int spawn_error(const struct runner_failure *f, const char *cmd)
{
	switch (f->stage) {
	case RUNNER_STAGE_FILTER:
		if (f->error == EBUSY)
			cli_error("cannot load the filter: another seccomp "
				  "listener already watches this process "
				  "(running under a supervisor?); 'scaudit "
				  "exec' still works");
		else
			cli_error("cannot load the filter: %s (needs seccomp "
				  "with user notification, Linux 5.5+; "
				  "'scaudit exec' may still work)",
				  strerror(f->error));
		return CLI_EXIT_ENV;
	case RUNNER_STAGE_CAPS:
		cli_error("cannot set capabilities: %s (only root can grant "
			  "capabilities; try --caps keep)",
			  strerror(f->error));
		return CLI_EXIT_ENV;
	case RUNNER_STAGE_SETUP:
		cli_error("cannot set up the workload's process: %s",
			  strerror(f->error));
		return CLI_EXIT_USAGE;
	case RUNNER_STAGE_EXEC:
		cli_error("cannot execute '%s': %s", cmd, strerror(f->error));
		return CLI_EXIT_USAGE;
	case RUNNER_STAGE_LIMIT:
	case RUNNER_STAGE_FORK:
	case RUNNER_STAGE_NO_NEW_PRIVS:
	case RUNNER_STAGE_HANDOFF:
	case RUNNER_STAGE_MAX:
		break;
	}
	cli_error("cannot %s: %s", runner_stage_name(f->stage),
		  strerror(f->error));
	return CLI_EXIT_ENV;
}

int cli_session_error(int r, enum session_failure sf,
		      const struct runner_failure *fail, const struct diag *d,
		      const char *cmd)
{
	switch (sf) {
	case SESSION_FILTER:
		if (d->message[0])
			cli_print_diag(d, "error");
		else
			cli_error("cannot build the filter: %s", strerror(-r));
		return r == -ENOMEM ? CLI_EXIT_ENV : CLI_EXIT_USAGE;
	case SESSION_LIMIT:
		if (r == -EOPNOTSUPP)
			cli_error("cannot enforce --max-procs: no pids cgroup "
				  "can be made here, and the kernel ignores "
				  "RLIMIT_NPROC for root (mount cgroup2 with "
				  "the pids controller, or run as another "
				  "user)");
		else
			cli_error("cannot enforce --max-procs: %s",
				  strerror(-r));
		return CLI_EXIT_ENV;
	case SESSION_SPAWN:
		return spawn_error(fail, cmd);
	case SESSION_SUPERVISE:
	case SESSION_OK:
		break;
	}
	cli_error("cannot supervise: %s", strerror(-r));
	return CLI_EXIT_ENV;
}

int cli_find_program(const char *name, char *buf, size_t size)
{
	int r = runner_find_program(name, buf, size);
	if (r < 0) {
		cli_error("%s: %s (not the profile's doing)", name,
			  r == -ENOENT ? "command not found" : strerror(-r));
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_write_json(const char *path, json_t *doc)
{
	char *text = doc ? json_dumps(doc, JSON_INDENT(2)) : NULL;
	if (!text) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	size_t n = strlen(text);
	char *t = realloc(text, n + 2);
	if (!t) {
		free(text);
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	memcpy(t + n, "\n", 2);
	int r = cli_write_output(path, t);
	free(t);
	return r;
}

int cli_open_profile(const char *path, const char *format, unsigned flags,
		     const char *caps, const char *arch, struct profile **ret,
		     struct profile_env *ret_env)
{
	int r = cli_env(caps, arch, ret_env);
	if (r)
		return r;
	if ((r = cli_load_profile(path, format, flags, ret)))
		return r;
	profile_evaluate(*ret, ret_env);
	return 0;
}

bool cli_suite_report_option(int c, const char *arg,
			     struct cli_suite_reports *r)
{
	switch (c) {
	case 'J':
		r->json = arg;
		return true;
	case 'u':
		r->junit = arg;
		return true;
	case 'S':
		r->sarif = arg;
		return true;
	case 'm':
		r->markdown = arg;
		return true;
	default:
		return false;
	}
}

static bool is_stdout(const char *path)
{
	return path && strcmp(path, "-") == 0;
}

bool cli_suite_reports_to_stdout(const struct cli_suite_reports *r)
{
	return is_stdout(r->json) || is_stdout(r->junit) ||
	       is_stdout(r->sarif) || is_stdout(r->markdown);
}

int cli_parse_seconds(const char *s, double *ret)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	/* Not nan, inf or 1e400; a million seconds is eleven days. */
	if (end == s || *end || errno == ERANGE || !(v >= 0 && v <= 1e6)) {
		cli_error("--timeout wants seconds, 0 to 1000000, e.g. 10 or "
			  "0.5 (0: never)");
		return CLI_EXIT_USAGE;
	}
	*ret = v;
	return 0;
}

int cli_parse_max_procs(const char *s, unsigned *ret)
{
	uint64_t v;
	if (util_parse_u64(s, &v) < 0 || v < 1 || v > 1000000) {
		cli_error("--max-procs wants a number of processes, 1 to "
			  "1000000, e.g. 256");
		return CLI_EXIT_USAGE;
	}
	*ret = (unsigned)v;
	return 0;
}
