/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit record — the syscalls a workload's whole process tree makes,
 * seen through the supervisor (every call notifies, every call goes on),
 * written as a first profile. */
#include <string.h>
#include <time.h>

#include "cli.h"
#include "config.h"
#include "pipeline.h"
#include "usage.h"
#include "util.h"
#include "writer.h"

static void print_counts(FILE *f, const struct usage_set *u)
{
	uint64_t total = 0;
	fprintf(f, "%9s %-24s %s\n", "calls", "syscall", "arches");
	fprintf(f, "--------- ------------------------ ------\n");
	for (size_t i = 0; i < u->n; i++) {
		const struct usage_entry *e = &u->v[i];
		fprintf(f, "%9llu %-24s", (unsigned long long)e->calls,
			e->name);
		for (size_t a = 0; a < e->n_arches; a++)
			fprintf(f, "%s%s", a ? "," : " ",
				syscalls_arch_name(e->arches[a]));
		fprintf(f, "\n");
		total += e->calls;
	}
	fprintf(f, "--------- ------------------------\n");
	fprintf(f, "%9llu %-24s\n", (unsigned long long)total, "total");
	fprintf(f, "(no errors column: scaudit sees each call as it is made, "
		   "not its result)\n");
}

/* "Recorded by scaudit 0.1.0 on 2026-12-01: date -u (merged with x)". */
static void origin(char *buf, size_t size, char *const *argv,
		   const struct profile *merge)
{
	char when[32];
	time_t now = time(NULL);
	strftime(when, sizeof(when), "%Y-%m-%d", gmtime(&now));
	int off = snprintf(buf, size,
			   "Recorded by scaudit %s on %s:", SCAUDIT_VERSION,
			   when);
	for (char *const *arg = argv; *arg && off < (int)size - 64; arg++)
		off += snprintf(buf + off, size - (size_t)off, " %s", *arg);
	if (merge)
		snprintf(buf + off, size - (size_t)off, " (merged with %s)",
			 merge->path);
}

/* The usage set (with --merge's names) as a profile, written out. */
static int write_profile(const struct cli_args *a, enum writer_format wf,
			 struct usage_set *u, const struct profile *merge)
{
	for (size_t i = 0; merge && i < merge->n_rules; i++)
		for (size_t j = 0; j < merge->rules[i].n_names; j++)
			if (usage_add_name(u, merge->rules[i].names[j].name) <
			    0)
				return CLI_EXIT_ENV;
	usage_sort(u);
	cleanup_strv struct strv names = STRV_INIT;
	char from[512];
	origin(from, sizeof(from), a->cmd, merge);
	cleanup_free char *text = NULL;
	if (usage_set_names(u, &names) < 0)
		return CLI_EXIT_ENV;
	struct writer_set ws = { names.v, names.n, u->arches, u->n_arches,
				 from };
	if (writer_names(wf, &ws, &text) < 0)
		return CLI_EXIT_ENV;
	return cli_write_output(a->output ? a->output : "-", text);
}

static void print_summary(const struct cli_args *a, const struct usage_set *u,
			  size_t recorded, const struct profile *merge)
{
	FILE *info = a->output ? stdout : stderr;
	if (a->counts)
		print_counts(info, u);
	fprintf(info, "%s: %zu syscalls recorded%s", cli_program, recorded,
		a->output ? "" : " (above)");
	if (merge)
		fprintf(info, ", %zu with %s", u->n, merge->path);
	if (a->output)
		fprintf(info, " in %s", a->output);
	fprintf(info, "\n");
	if (u->kernel_made)
		fprintf(info,
			"note: restart_syscall and rt_sigreturn are made by the "
			"kernel on the workload's behalf (after a signal); they "
			"were seen, so they are listed\n");
}

/* Allow everything, see everything. */
static int record_run(const struct cli_args *a, struct job *j,
		      struct pipeline_result *res)
{
	cleanup_profile struct profile *p = NULL;
	if (profile_new("(record)", PROFILE_FORMAT_LIST,
			(struct profile_action){ PROFILE_ACT_ALLOW, 0 },
			&p) < 0)
		return CLI_EXIT_ENV;
	cli_job_stdio(a, j, CAPTURE_FILE, CAPTURE_FILE);
	struct run_options o = { .usage = true };
	struct run_error err;
	if (pipeline_run(j, p, &o, res, &err) < 0)
		return cli_run_error(&err, j->argv[0]);
	if (res->obs.exec_failed) {
		cli_error("cannot execute '%s': %s", j->argv[0],
			  strerror(res->obs.exec_errno));
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int record(struct cli_args *a)
{
	enum writer_format wf = WRITER_LIST;
	if (a->format && writer_format_parse(a->format, &wf) < 0) {
		cli_error("unknown --format '%s' (use list, oci, go or c)",
			  a->format);
		return CLI_EXIT_USAGE;
	}
	struct profile_env env;
	int r = cli_env(a->caps, NULL, &env);
	if (r)
		return r;
	cleanup_profile struct profile *merge = NULL;
	if (a->merge && (r = cli_load_profile(a->merge, NULL, 0, &merge)))
		return r;
	cleanup_job struct job j = { 0 };
	cleanup_pipeline_result struct pipeline_result res = { 0 };
	cleanup_usage_set struct usage_set u = { 0 };
	if ((r = cli_job(a, &j)) || (r = record_run(a, &j, &res)))
		return r;
	if (usage_collect(&res.obs, env.arch, &u) < 0)
		return CLI_EXIT_ENV;
	for (size_t i = 0; i < u.n_unnamed && i < ARRAY_SIZE(u.unnamed); i++)
		cli_warning("syscall %d on %s has no name in libseccomp: not "
			    "written",
			    u.unnamed[i]->nr,
			    syscalls_arch_name(u.unnamed[i]->arch));
	if (u.n_unnamed > ARRAY_SIZE(u.unnamed))
		cli_warning("and %zu more syscalls with no name in libseccomp: "
			    "not written",
			    u.n_unnamed - ARRAY_SIZE(u.unnamed));
	size_t recorded = u.n;
	r = write_profile(a, wf, &u, merge);
	print_summary(a, &u, recorded, merge);
	if (!observations_exited_with(&res.obs, 0)) {
		cli_warning(
			"the workload did not exit 0 (%s %d): the recording "
			"may miss what a good run does",
			res.obs.exited ? "exit" : "signal",
			res.obs.exited ? res.obs.exit_code : res.obs.signal);
		r = r ? r : CLI_EXIT_FINDINGS;
	}
	return r;
}

const struct cli_command cmd_record = {
	.name = "record",
	.summary = "write a first profile from what a workload uses",
	.synopsis = "[options] -- CMD [ARG...]",
	.about = "Run CMD with every syscall observed (and let through) and "
		 "write the set it\nused as a profile: a plain list, OCI JSON, "
		 "a Go snippet or a C array.",
	.exit_status = "Exit status: 0 written, 1 written but the workload "
		       "failed, 2 bad usage,\n3 this system cannot observe "
		       "it.",
	.opts = CLI_OPT(FORMAT) | CLI_OPT(OUTPUT) | CLI_OPT(COUNTS) |
		CLI_OPT(MERGE) | CLI_OPT(CAPS) | CLI_OPT(TIMEOUT) |
		CLI_OPT(MAX_PROCS) | CLI_OPT(STDOUT) | CLI_OPT(STDERR),
	.help[CLI_OPT_STDOUT] = "the workload's stdout as in production: file "
				"(default: a captured regular file), pipe, "
				"tty, null or inherit",
	.help[CLI_OPT_FORMAT] = "write list (default), oci, go or c",
	.command = CLI_CMD_REQUIRED,
	.no_command = "no command to record: give it after '--'",
	.run = record,
};
