#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "caps.h"
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
	char where[600];
	if (d->line && d->column)
		snprintf(where, sizeof(where), "%s:%u:%u", d->file, d->line,
			 d->column);
	else if (d->line)
		snprintf(where, sizeof(where), "%s:%u", d->file, d->line);
	else
		snprintf(where, sizeof(where), "%s", d->file);
	fprintf(stderr, "%s: %s: %s", where, severity, d->message);
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
