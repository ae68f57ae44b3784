/* scaudit record — the syscalls a workload's whole process tree makes,
 * seen through the supervisor (every call notifies, every call goes on),
 * written as a first profile. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "config.h"
#include "session.h"
#include "syscalls.h"
#include "util.h"
#include "writer.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s record [--format list|oci|go|c] [-o FILE] [--counts] "
		"[--merge FILE]\n"
		"                 [--caps SET] [--timeout S] [--max-procs N] -- CMD "
		"[ARG...]\n"
		"\n"
		"Run CMD with every syscall observed (and let through) and "
		"write the set it\n"
		"used as a profile: a plain list, OCI JSON, a Go snippet or a "
		"C array.\n"
		"\n"
		"  -o FILE       write there (atomically) instead of stdout\n"
		"  --counts      also print calls per syscall, like strace -c\n"
		"  --merge FILE  add the names of an existing profile (the "
		"union of workloads)\n"
		"  --timeout S   kill the whole tree after S seconds (60; 0: "
		"never)\n"
		"  --max-procs N at most N processes and threads (bounds a fork "
		"bomb)\n"
		"\n"
		"Exit status: 0 written, 1 written but the workload failed, 2 "
		"bad usage,\n"
		"3 this system cannot observe it.\n",
		cli_program);
}

struct used {
	char name[64];
	uint64_t calls;
	uint32_t arches[SYSCALLS_MAX_ARCHES];
	size_t n_arches;
};

static int cmp_used(const void *a, const void *b)
{
	return strcmp(((const struct used *)a)->name,
		      ((const struct used *)b)->name);
}

static struct used *find_used(struct used *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static void print_counts(FILE *f, const struct used *v, size_t n)
{
	uint64_t total = 0;
	fprintf(f, "%9s %-24s %s\n", "calls", "syscall", "arches");
	fprintf(f, "--------- ------------------------ ------\n");
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%9llu %-24s", (unsigned long long)v[i].calls,
			v[i].name);
		for (size_t a = 0; a < v[i].n_arches; a++)
			fprintf(f, "%s%s", a ? "," : " ",
				syscalls_arch_name(v[i].arches[a]));
		fprintf(f, "\n");
		total += v[i].calls;
	}
	fprintf(f, "--------- ------------------------\n");
	fprintf(f, "%9llu %-24s\n", (unsigned long long)total, "total");
	fprintf(f, "(no errors column: scaudit sees each call as it is made, "
		   "not its result)\n");
}

struct record_args {
	const char *format, *out, *merge, *caps;
	bool counts;
	double timeout;
	unsigned max_procs;
	char **argv;
};

static int parse(int argc, char **argv, struct record_args *a)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "counts", no_argument, NULL, 'n' },
		{ "merge", required_argument, NULL, 'm' },
		{ "caps", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "max-procs", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->format = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'n':
			a->counts = true;
			break;
		case 'm':
			a->merge = optarg;
			break;
		case 'c':
			a->caps = optarg;
			break;
		case 't':
			if (cli_parse_seconds(optarg, &a->timeout))
				return CLI_EXIT_USAGE;
			break;
		case 'P':
			if (cli_parse_max_procs(optarg, &a->max_procs))
				return CLI_EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("no command to record: give it after '--'");
		return CLI_EXIT_USAGE;
	}
	a->argv = argv + optind;
	return 0;
}

static int record(const struct record_args *a)
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
	char path[4096];
	if ((r = cli_find_program(a->argv[0], path, sizeof(path))))
		return r;

	/* Allow everything, see everything. */
	cleanup_profile struct profile *p = NULL;
	if (profile_new("(record)", PROFILE_FORMAT_LIST,
			(struct profile_action){ PROFILE_ACT_ALLOW, 0 },
			&p) < 0)
		return CLI_EXIT_ENV;
	profile_evaluate(p, &env);
	struct session_spec spec = {
		.profile = p,
		.path = path,
		.argv = a->argv,
		.set_caps = a->caps && strcmp(a->caps, "keep") != 0,
		.caps = env.caps,
		.notify_all = true,
		.timeout = a->timeout,
		.max_procs = a->max_procs,
		.quiet = !a->out, /* the profile goes to stdout */
	};
	struct sv_result res;
	enum session_failure sf;
	struct runner_failure fail;
	struct diag d = { 0 };
	r = session_run(&spec, &res, &sf, &fail, &d);
	if (r < 0)
		return cli_session_error(r, sf, &fail, &d, a->argv[0]);
	if (res.exec_failed) {
		cli_error("cannot execute '%s': %s", a->argv[0],
			  strerror(res.exec_errno));
		sv_result_clear(&res);
		return CLI_EXIT_USAGE;
	}

	size_t cap = res.n_denials + profile_count_names(merge ? merge : p) + 1;
	cleanup_free struct used *v = calloc(cap, sizeof(*v));
	cleanup_free char **names = calloc(cap, sizeof(*names));
	if (!v || !names) {
		sv_result_clear(&res);
		return CLI_EXIT_ENV;
	}
	size_t n = 0;
	uint32_t arches[SYSCALLS_MAX_ARCHES] = { env.arch };
	size_t n_arches = 1;
	bool kernel_made = false;
	for (size_t i = 0; i < res.n_denials; i++) {
		const struct sv_denial *e = &res.denials[i];
		/* Of the launcher's calls only execve belongs in a profile:
		 * runc and `scaudit exec` load the filter, then exec. */
		if (e->launcher && strcmp(e->name, "execve") != 0)
			continue;
		if (!e->name[0]) {
			fprintf(stderr,
				"%s: warning: syscall %d on %s has no name in "
				"libseccomp: not written\n",
				cli_program, e->nr,
				syscalls_arch_name(e->arch));
			continue;
		}
		kernel_made |= strcmp(e->name, "restart_syscall") == 0 ||
			       strcmp(e->name, "rt_sigreturn") == 0;
		struct used *u = find_used(v, n, e->name);
		if (!u) {
			u = &v[n++];
			snprintf(u->name, sizeof(u->name), "%s", e->name);
		}
		u->calls += e->count;
		bool seen = false;
		for (size_t k = 0; k < u->n_arches; k++)
			seen |= u->arches[k] == e->arch;
		if (!seen && u->n_arches < SYSCALLS_MAX_ARCHES)
			u->arches[u->n_arches++] = e->arch;
		seen = false;
		for (size_t k = 0; k < n_arches; k++)
			seen |= arches[k] == e->arch;
		if (!seen && n_arches < SYSCALLS_MAX_ARCHES)
			arches[n_arches++] = e->arch;
	}
	size_t recorded = n;
	for (size_t i = 0; merge && i < merge->n_rules; i++)
		for (size_t j = 0; j < merge->rules[i].n_names; j++) {
			const char *nm = merge->rules[i].names[j].name;
			if (!find_used(v, n, nm))
				snprintf(v[n++].name, sizeof(v->name), "%s",
					 nm);
		}
	qsort(v, n, sizeof(*v), cmp_used);
	for (size_t i = 0; i < n; i++)
		names[i] = v[i].name;

	char origin[512], when[32];
	time_t now = time(NULL);
	strftime(when, sizeof(when), "%Y-%m-%d", gmtime(&now));
	int off = snprintf(origin, sizeof(origin),
			   "Recorded by scaudit %s on %s:", SCAUDIT_VERSION,
			   when);
	for (char **arg = a->argv; *arg && off < (int)sizeof(origin) - 64;
	     arg++)
		off += snprintf(origin + off, sizeof(origin) - (size_t)off,
				" %s", *arg);
	if (merge)
		snprintf(origin + off, sizeof(origin) - (size_t)off,
			 " (merged with %s)", merge->path);
	struct writer_set ws = { names, n, arches, n_arches, origin };
	cleanup_free char *text = NULL;
	if (writer_names(wf, &ws, &text) < 0) {
		sv_result_clear(&res);
		return CLI_EXIT_ENV;
	}
	int status = cli_write_output(a->out ? a->out : "-", text);
	FILE *info = a->out ? stdout : stderr;
	if (a->counts)
		print_counts(info, v, n);
	fprintf(info, "%s: %zu syscalls recorded%s", cli_program, recorded,
		a->out ? "" : " (above)");
	if (merge)
		fprintf(info, ", %zu with %s", n, merge->path);
	if (a->out)
		fprintf(info, " in %s", a->out);
	fprintf(info, "\n");
	if (kernel_made)
		fprintf(info,
			"note: restart_syscall and rt_sigreturn are made by the "
			"kernel on the workload's behalf (after a signal); they "
			"were seen, so they are listed\n");
	bool ok = res.exited && res.exit_code == 0;
	if (!ok)
		fprintf(stderr,
			"%s: warning: the workload did not exit 0 (%s %d): the "
			"recording may miss what a good run does\n",
			cli_program, res.exited ? "exit" : "signal",
			res.exited ? res.exit_code : res.signal);
	sv_result_clear(&res);
	if (status)
		return status;
	return ok ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
}

int cmd_record(int argc, char **argv)
{
	struct record_args a = { .timeout = 60 };
	int r = parse(argc, argv, &a);
	if (r == 0)
		r = record(&a);
	return r < 0 ? CLI_EXIT_OK : r;
}
