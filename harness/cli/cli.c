/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bundle.h"
#include "json-util.h"
#include "util.h"

const char *cli_program = "scaudit";

static void say(const char *severity, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s: ", cli_program, severity);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("error", fmt, ap);
	va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("warning", fmt, ap);
	va_end(ap);
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

int cli_fail(int r, const struct diag *d)
{
	if (r == -ENOMEM) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	/* A problem d can say is the input's. */
	cli_print_diag(d, "error");
	return CLI_EXIT_USAGE;
}

int cli_load_profile(const char *path, const char *format, unsigned flags,
		     struct profile **ret)
{
	enum profile_format f = PROFILE_FORMAT_AUTO;
	if (format && profile_format_parse(format, &f) < 0) {
		cli_error("unknown format '%s' (use list, oci, strace, go, c "
			  "or systemd)",
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

int cli_job_caps(struct job *j, const char *caps)
{
	struct diag d = { 0 };
	int r = job_set_caps(j, "--caps", caps, &d);
	if (r == -ENOMEM || !r)
		return r ? cli_fail(r, &d) : 0;
	cli_print_diag(&d, "error");
	return r == -EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_ENV;
}

/* A container runs with Docker's default caps unless told otherwise. */
static const char *caps_of(const struct cli_args *a)
{
	return a->caps ? a->caps : a->runtime || a->image ? "docker" : NULL;
}

/* --semantics, else the runtime's (AUTO: by the profile's format). */
static enum profile_semantics semantics_of(const struct cli_args *a)
{
	return a->semantics != PROFILE_SEMANTICS_AUTO ? a->semantics
	       : a->image ? job_runtime_semantics(JOB_RUNTIME_PODMAN)
			  : job_runtime_semantics(a->runtime);
}

int cli_env(const struct cli_args *a, const char *arch, struct profile_env *ret)
{
	cleanup_job struct job j = { 0 };
	int r = cli_job_caps(&j, caps_of(a));
	if (r)
		return r;
	*ret = j.env;
	ret->semantics = semantics_of(a);
	if (arch && (r = syscalls_arch_parse(arch, &ret->arch)) < 0) {
		cli_error("%s architecture '%s' (use x86_64, x86, aarch64, "
			  "arm, ppc64le, s390x, riscv64, …)",
			  r == -ENOENT ? "this libseccomp does not know"
				       : "unknown",
			  arch);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_open_profile(const struct cli_args *a, const char *path, unsigned flags,
		     const char *arch, struct profile **ret,
		     struct profile_env *ret_env)
{
	int r = cli_env(a, arch, ret_env);
	if (r)
		return r;
	if ((r = cli_load_profile(path, a->format, flags, ret)))
		return r;
	profile_evaluate(*ret, ret_env);
	return 0;
}

/* --runtime with --rootfs or --bundle, or --podman IMAGE; and
 * --no-new-privs. */
static int cli_job_container(const struct cli_args *a, struct job *j)
{
	j->container = (struct job_container){
		.runtime = a->image && !a->runtime ? JOB_RUNTIME_PODMAN
						   : a->runtime,
		.rootfs = a->rootfs,
		.bundle = a->bundle,
		.image = a->image,
		.no_new_privs = a->no_new_privs,
	};
	struct diag d = { 0 };
	if (job_check_container(&j->container, true, &d) < 0) {
		cli_print_diag(&d, "error");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_job(const struct cli_args *a, struct job *j)
{
	struct diag d = { 0 };
	int r = job_init(j, a->cmd[0], a->cmd, &d);
	if (r == -ENOMEM)
		return cli_fail(r, &d);
	if (r < 0) {
		cli_print_diag(&d, "error");
		return CLI_EXIT_ENV;
	}
	if ((r = cli_job_container(a, j)))
		return r;
	/* A bundle of the user's keeps its own capabilities unless told. */
	char own[2048];
	const char *caps = caps_of(a);
	if (a->bundle && !a->caps) {
		bool has_seccomp;
		if ((r = bundle_read_own(a->bundle, own, sizeof(own),
					 &has_seccomp, &d)) < 0)
			return cli_fail(r, &d);
		caps = own;
		j->container.keep_caps = true;
	}
	if ((r = cli_job_caps(j, caps)))
		return r;
	j->env.semantics = semantics_of(a);
	/* A container's command is found in its root, by the runtime. */
	if ((r = strv_extend(&j->expect.denied, a->expect_denied.v)) < 0 ||
	    (a->expect && (r = job_load_expected(j, a->expect, &d)) < 0) ||
	    (!j->container.runtime && (r = job_find_program(j, &d)) < 0))
		return cli_fail(r, &d);
	if (j->container.runtime)
		snprintf(j->path, sizeof(j->path), "%s", j->argv[0]);
	j->timeout = a->timeout;
	j->max_procs = a->max_procs;
	j->isolation = a->isolation;
	j->expect.exit_code = a->expect_exit;
	return 0;
}

int cli_job_stdio(const struct cli_args *a, struct job *j,
		  enum capture_mode out, enum capture_mode err, bool taken)
{
	j->out = a->out != CAPTURE_MODE_MAX ? a->out : out;
	j->err = a->err != CAPTURE_MODE_MAX ? a->err : err;
	return cli_stdout_free(j, taken, NULL);
}

int cli_stdout_free(const struct job *j, bool taken, const struct diag *where)
{
	if (!taken || j->out != CAPTURE_INHERIT)
		return 0;
	struct diag d = where ? *where : (struct diag){ 0 };
	diag_set(&d, -EINVAL, d.file, d.line, 0,
		 "the workload's stdout cannot be inherited: a profile or "
		 "report goes to stdout");
	diag_hint(&d, "give -o FILE (or --json FILE), or another stdout "
		      "mode: file, pipe, tty, null");
	cli_print_diag(&d, "error");
	return CLI_EXIT_USAGE;
}

int cli_run_error(const struct run_error *e, const char *cmd)
{
	struct diag d = { 0 };
	run_error_describe(e, cmd, &d);
	cli_print_diag(&d, "error");
	return run_error_kind(e) == RUN_ERROR_INPUT ? CLI_EXIT_USAGE
						    : CLI_EXIT_ENV;
}

const struct color *cli_color(const struct cli_args *a, FILE *f)
{
	const char *no = getenv("NO_COLOR");
	bool on = a->color == CLI_COLOR_ALWAYS ||
		  (a->color == CLI_COLOR_AUTO && !(no && no[0]) &&
		   isatty(fileno(f)));
	return color_palette(on);
}

int cli_jobs(const struct cli_args *a)
{
	if (a->jobs)
		return a->jobs;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

int cli_write_output(const char *path, const char *text)
{
	if (cli_is_stdout(path))
		return cli_write_stdout(text);
	int r = util_write_file_atomic(path, text, strlen(text));
	if (r < 0) {
		cli_error("cannot write %s: %s", path, strerror(-r));
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_write_json(const char *path, json_t *doc)
{
	cleanup_free char *text = doc ? jsonutil_text(doc) : NULL;
	if (!text) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	return cli_write_output(path, text);
}
