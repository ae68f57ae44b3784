/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit record — the syscalls a workload's whole process tree makes,
 * seen through the supervisor (every call notifies, every call goes on),
 * written as a first profile; with --only-exe, those of some of its
 * executables only (the service, not its test driver). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "config.h"
#include "pipeline.h"
#include "usage.h"
#include "util.h"
#include "writer.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return !path[0] ? "?" : slash ? slash + 1 : path;
}

/* The strings of v (with base, their basenames), each once, the first
 * max joined with ", " into buf, then "…" when more are left out. */
static const char *join(char *buf, size_t size, char *const *v, bool base,
			size_t max)
{
	cleanup_strv struct strv seen = STRV_INIT;
	size_t off = 0, n = 0;
	buf[0] = '\0';
	for (; v && *v && off < size; v++) {
		const char *s = base ? base_name(*v) : *v;
		if (strv_add_unique(&seen, s) == 0)
			continue;
		off += (size_t)snprintf(buf + off, size - off, "%s%s",
					n ? ", " : "", n < max ? s : "…");
		if (n++ == max)
			break;
	}
	return buf;
}

/* " python3 100, sh 20": who made e, by basename; those past the count
 * and scaudit's launcher (its execve) after them. */
static void print_exes(FILE *f, const struct usage_set *u,
		       const struct usage_entry *e)
{
	const char *sep = " ";
	for (size_t k = 0; k < e->n_exes; k++, sep = ", ")
		fprintf(f, "%s%s %llu", sep,
			base_name(u->exes.v[e->exes[k].exe]),
			(unsigned long long)e->exes[k].calls);
	if (e->other_exes) {
		fprintf(f, "%s(others) %llu", sep,
			(unsigned long long)e->other_exes);
		sep = ", ";
	}
	if (e->launcher)
		fprintf(f, "%s(launcher) %llu", sep,
			(unsigned long long)e->launcher);
}

static void print_counts(FILE *f, const struct usage_set *u)
{
	uint64_t total = 0;
	fprintf(f, "%9s %-24s %-8s %s\n", "calls", "syscall", "arches",
		"made by");
	fprintf(f, "--------- ------------------------ -------- -------\n");
	for (size_t i = 0; i < u->n; i++) {
		const struct usage_entry *e = &u->v[i];
		char arches[64] = "";
		for (size_t a = 0, off = 0;
		     a < e->n_arches && off < sizeof(arches); a++)
			off += (size_t)snprintf(
				arches + off, sizeof(arches) - off, "%s%s",
				a ? "," : "", syscalls_arch_name(e->arches[a]));
		fprintf(f, "%9llu %-24s %-8s", (unsigned long long)e->calls,
			e->name, arches);
		print_exes(f, u, e);
		fprintf(f, "\n");
		total += e->calls;
	}
	fprintf(f, "--------- ------------------------\n");
	fprintf(f, "%9llu %-24s\n", (unsigned long long)total, "total");
	fprintf(f, "(no errors column: scaudit sees each call as it is made, "
		   "not its result)\n");
}

/* --only-exe: only the calls of those executables are kept and counted
 * (usage.h), and what went is said. 0, or an exit status. */
static int only_exes(const struct cli_args *a, struct pipeline_result *res)
{
	struct usage_set *u = &res->usage;
	char wanted[512], seen[512], left[512];
	if (!a->only_exe.n)
		return 0;
	join(wanted, sizeof(wanted), a->only_exe.v, false, 8);
	/* /proc names the executable itself: /bin/sh is /usr/bin/dash. */
	cleanup_strv struct strv paths = STRV_INIT;
	for (size_t k = 0; k < a->only_exe.n; k++) {
		cleanup_free char *real =
			strchr(a->only_exe.v[k], '/')
				? realpath(a->only_exe.v[k], NULL)
				: NULL;
		if (strv_add(&paths, real ? real : a->only_exe.v[k]) < 0)
			return CLI_EXIT_ENV;
	}
	char *const *want = paths.v;
	bool any = false;
	for (size_t i = 0; i < u->exes.n; i++)
		any |= usage_exe_matches(u->exes.v[i], want);
	if (!any) {
		cli_error("no call was made by %s; the executables seen were: "
			  "%s",
			  wanted,
			  u->exes.n ? join(seen, sizeof(seen), u->exes.v, true,
					   16)
				    : "none");
		return CLI_EXIT_USAGE;
	}
	for (size_t k = 0; k < a->only_exe.n; k++) {
		char *const one[] = { want[k], NULL };
		bool made = false;
		for (size_t i = 0; i < u->exes.n; i++)
			made |= usage_exe_matches(u->exes.v[i], one);
		if (!made)
			cli_warning("--only-exe %s: no call was made by it",
				    a->only_exe.v[k]);
	}
	cleanup_strv struct strv names = STRV_INIT, exes = STRV_INIT;
	int gone = usage_keep_exes(u, want, &names, &exes);
	if (gone < 0)
		return CLI_EXIT_ENV;
	for (size_t i = 0; i < names.n; i++) {
		strv_remove(&res->used, names.v[i]);
		strv_remove(&res->intermittent, names.v[i]);
	}
	if (gone)
		fprintf(stderr,
			"%s: --only-exe %s: left out %d name%s made only by "
			"%s (%s)\n",
			cli_program, wanted, gone, gone == 1 ? "" : "s",
			join(seen, sizeof(seen), exes.v, true, 16),
			join(left, sizeof(left), names.v, false, 8));
	return 0;
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

/* Why a name is written though a run may not make it: made only
 * sometimes (sometimes.h), or used by some of the runs. */
static const char *note(const struct pipeline_result *res,
			const struct usage_entry *e, char *buf, size_t size)
{
	const struct sometimes_entry *s =
		sometimes_find(&res->sometimes, e->name);
	if (s && !e->runs)
		snprintf(buf, size, "no run made it; %s", s->why);
	else if (s)
		snprintf(buf, size, "%s", s->why);
	else if (e->runs && e->runs < res->usage.runs)
		snprintf(buf, size, "intermittent: %u of %u runs", e->runs,
			 res->usage.runs);
	else
		return NULL;
	return buf;
}

/* The runs' usage, what they make only sometimes and --merge's names, as
 * a profile, written out. */
static int write_profile(const struct cli_args *a, enum writer_format wf,
			 struct pipeline_result *res,
			 const struct profile *merge)
{
	struct usage_set *u = &res->usage;
	/* The program loads its own list: what its list needs is what was
	 * called under it; the calls before the load are an exec-time
	 * profile's (print_summary says how many were left out). */
	if (res->own.runs_loaded) {
		cleanup_strv struct strv own = STRV_INIT;
		if (strv_extend(&own, res->own.used.v) < 0 ||
		    strv_extend(&own, res->own.missing.v) < 0 ||
		    strv_extend(&own, res->own.tolerated.v) < 0 ||
		    strv_extend(&own, res->own.undecided.v) < 0)
			return CLI_EXIT_ENV;
		usage_keep(u, own.v);
	}
	for (size_t i = 0; i < res->sometimes.n; i++)
		if (usage_add_name(u, res->sometimes.v[i].name) < 0)
			return CLI_EXIT_ENV;
	for (size_t i = 0; merge && i < merge->n_rules; i++)
		for (size_t j = 0; j < merge->rules[i].n_names; j++)
			if (usage_add_name(u, merge->rules[i].names[j].name) <
			    0)
				return CLI_EXIT_ENV;
	usage_sort(u);
	cleanup_strv struct strv names = STRV_INIT;
	cleanup_strv struct strv notes = STRV_INIT;
	cleanup_free const char **nv = calloc(u->n + 1, sizeof(*nv));
	char from[512];
	origin(from, sizeof(from), a->cmd, merge);
	cleanup_free char *text = NULL;
	if (!nv || usage_set_names(u, &names) < 0)
		return CLI_EXIT_ENV;
	for (size_t i = 0; i < u->n; i++) {
		char buf[160];
		const char *n = note(res, &u->v[i], buf, sizeof(buf));
		if (n && strv_add(&notes, n) < 0)
			return CLI_EXIT_ENV;
		nv[i] = n ? notes.v[notes.n - 1] : NULL;
	}
	struct writer_set ws = { names.v,     names.n, u->arches,
				 u->n_arches, from,    nv };
	ws.package = a->package;
	if (writer_names(wf, &ws, &text) < 0)
		return CLI_EXIT_ENV;
	return cli_write_output(a->output ? a->output : "-", text);
}

static void print_summary(const struct cli_args *a,
			  const struct pipeline_result *res, size_t recorded,
			  const struct profile *merge)
{
	FILE *info = a->output ? stdout : stderr;
	const struct usage_set *u = &res->usage;
	if (a->counts)
		print_counts(info, u);
	fprintf(info, "%s: %zu syscalls recorded in %u run%s%s", cli_program,
		recorded, res->runs, res->runs == 1 ? "" : "s",
		a->output ? "" : " (above)");
	if (u->n > recorded)
		fprintf(info, ", %zu written", u->n);
	if (merge)
		fprintf(info, " with %s", merge->path);
	if (a->output)
		fprintf(info, " in %s", a->output);
	char how[400];
	usage_observer_describe(res->obs.usage, res->obs.usage_why, how,
				sizeof(how));
	fprintf(info, "; usage: %s\n", how);
	if (res->intermittent.n)
		fprintf(info,
			"note: %zu used by some runs only (intermittent), "
			"marked in the profile\n",
			res->intermittent.n);
	if (res->own.runs_loaded) {
		size_t before = 0;
		for (size_t i = 0; i < res->own.before.n; i++)
			before += !usage_find(u, res->own.before.v[i]);
		fprintf(info,
			"note: the workload loads a filter of its own: written "
			"are the calls made under it; %zu called only before "
			"its load (what an exec-time profile needs) are left "
			"out\n",
			before);
	}
	size_t unseen = 0;
	for (size_t i = 0; i < res->sometimes.n; i++)
		unseen += !strv_contains(res->used.v, res->sometimes.v[i].name);
	if (res->sometimes.n)
		fprintf(info,
			"note: %zu made only sometimes%s (%zu of them by no run "
			"here), marked in the profile\n",
			res->sometimes.n,
			res->sometimes.go ? " by the kernel and Go's runtime"
					  : " by the kernel",
			unseen);
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
	int r = cli_job_stdio(a, j, CAPTURE_FILE, CAPTURE_FILE, !a->output);
	if (r)
		return r;
	/* Learning: a filter the workload loads itself denies nothing.
	 * --counts needs notifications: the kernel counter only knows that
	 * a call was made, and by which executable. */
	enum usage_backend ub = a->usage_backend;
	if (a->counts && ub == USAGE_BACKEND_KERNEL) {
		cli_error("--counts counts each call, which only notification "
			  "does: drop --usage-backend kernel");
		return CLI_EXIT_USAGE;
	}
	if (a->counts)
		ub = USAGE_BACKEND_NOTIFY;
	struct run_options o = { .usage = true,
				 .learn = true,
				 .usage_backend = ub };
	struct pipeline_repeat rep = { a->repeat, true, a->max_runs };
	struct run_error err;
	if (pipeline_repeat(j, p, &o, &rep, res, &err) < 0)
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
		cli_error("unknown --format '%s' (use list, oci, go, c or "
			  "systemd)",
			  a->format);
		return CLI_EXIT_USAGE;
	}
	struct profile_env env;
	int r = cli_env(a, NULL, &env);
	if (r)
		return r;
	cleanup_profile struct profile *merge = NULL;
	if (a->merge && (r = cli_load_profile(a->merge, NULL, 0, &merge)))
		return r;
	cleanup_job struct job j = { 0 };
	cleanup_pipeline_result struct pipeline_result res = { 0 };
	if ((r = cli_job(a, &j)) || (r = record_run(a, &j, &res)) ||
	    (r = only_exes(a, &res)))
		return r;
	const struct usage_set *u = &res.usage;
	for (size_t i = 0; i < u->n_unnamed && i < ARRAY_SIZE(u->unnamed); i++)
		cli_warning("syscall %d on %s has no name in libseccomp: not "
			    "written",
			    u->unnamed[i].nr,
			    syscalls_arch_name(u->unnamed[i].arch));
	if (u->n_unnamed > ARRAY_SIZE(u->unnamed))
		cli_warning("and %zu more syscalls with no name in libseccomp: "
			    "not written",
			    u->n_unnamed - ARRAY_SIZE(u->unnamed));
	size_t recorded = u->n;
	/* Not written (the error is printed): no line may say it was. */
	if ((r = write_profile(a, wf, &res, merge)))
		return r;
	print_summary(a, &res, recorded, merge);
	if (!observations_exited_with(&res.obs, 0)) {
		cli_warning(
			"the workload did not exit 0 (%s %d): the recording "
			"may miss what a good run does",
			res.obs.exited ? "exit" : "signal",
			res.obs.exited ? res.obs.exit_code : res.obs.signal);
		r = CLI_EXIT_FINDINGS;
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
		CLI_OPT(MAX_PROCS) | CLI_OPT(STDOUT) | CLI_OPT(STDERR) |
		CLI_OPT(REPEAT) | CLI_OPT(MAX_RUNS) | CLI_OPT(PACKAGE) |
		CLI_OPT(SEMANTICS) | CLI_OPT(RUNTIME) | CLI_OPT(ROOTFS) |
		CLI_OPT(BUNDLE) | CLI_OPT(NO_NEW_PRIVS) | CLI_OPT(PODMAN) |
		CLI_OPT(ONLY_EXE) | CLI_OPT(USAGE_BACKEND) | CLI_OPT(ISOLATION),
	.help[CLI_OPT_USAGE_BACKEND] = "how the calls are seen: auto (default: "
				       "counted in the kernel when scaudit may "
				       "load its BPF counter, as root, else "
				       "notified; notified with --counts), "
				       "notify or kernel (counted, or exit 3)",
	.help[CLI_OPT_REPEAT] = "at least N runs (default 1), then on until 5 "
				"in a row add no name (alternately on one CPU "
				"and on all)",
	.help[CLI_OPT_STDOUT] = "the workload's stdout as in production: file "
				"(default: a captured regular file), pipe, "
				"tty, null or inherit",
	.help[CLI_OPT_FORMAT] = "write list (default), oci, go, c or systemd",
	.command = CLI_CMD_REQUIRED,
	.no_command = "no command to record: give it after '--'",
	.run = record,
};
