/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "job.h"
#include "util.h"

static const struct {
	const char *name;
	char letter; /* a short form, or 0 */
	const char *arg; /* NULL: a flag */
	const char *help;
} table[] = {
	[CLI_OPT_HELP] = { "help", 'h', NULL, "print this help and exit" },
	[CLI_OPT_FORMAT] = { "format", 0, "F",
			     "read PROFILE as list, oci or strace" },
	[CLI_OPT_CAPS] = { "caps", 0, "SET",
			   "none, keep (default), docker, all, or "
			   "CAP_A,CAP_B" },
	[CLI_OPT_ARCH] = { "arch", 0, "A",
			   "judge for arch A instead of this machine's" },
	[CLI_OPT_LEARN] = { "learn", 0, NULL,
			    "let every denied call through, so one run finds "
			    "them all" },
	[CLI_OPT_TRACE_SIGSYS] = { "trace-sigsys", 0, NULL,
				   "ptrace the main process to name a SIGSYS "
				   "the profile did not cause (its own "
				   "filter's); not for workloads that ptrace" },
	[CLI_OPT_EXPECT] = { "expect", 0, "LIST",
			     "syscalls the workload is declared to use (a "
			     "profile file); a denial outside it is "
			     "'unexpected'" },
	[CLI_OPT_EXPECT_DENIED] = { "expect-denied", 0, "NAME",
				    "a syscall that must be attempted and "
				    "denied (repeatable)" },
	[CLI_OPT_EXPECT_EXIT] = { "expect-exit", 0, "N",
				  "the exit status of a good run (0)" },
	[CLI_OPT_TIMEOUT] = { "timeout", 0, "S",
			      "kill the whole tree after S seconds (60; 0: "
			      "never)" },
	[CLI_OPT_MAX_PROCS] = { "max-procs", 0, "N",
				"at most N processes and threads (a pids "
				"cgroup, or RLIMIT_NPROC when not root); "
				"bounds a fork bomb" },
	[CLI_OPT_OUTPUT] = { "output", 'o', "FILE",
			     "write there (atomically) instead of stdout" },
	[CLI_OPT_IN_PLACE] = { "in-place", 0, NULL,
			       "replace PROFILE (atomically; PROFILE.orig "
			       "keeps the old one)" },
	[CLI_OPT_DEEP] = { "deep", 0, NULL,
			   "also try denying each used entry (ENOSYS, then "
			   "EPERM): report the ones the workload tolerates" },
	[CLI_OPT_JOBS] = { "jobs", 'j', "N",
			   "N at a time, 1 to 256 (default: the CPUs)" },
	[CLI_OPT_CASES] = { "cases", 0, "DIR",
			    "the workloads: the cases (INI files) in DIR "
			    "whose profile is PROFILE; every one must pass" },
	[CLI_OPT_COUNTS] = { "counts", 0, NULL,
			     "also print calls per syscall, like strace -c" },
	[CLI_OPT_MERGE] = { "merge", 0, "FILE",
			    "add the names of an existing profile (the union "
			    "of workloads)" },
	[CLI_OPT_SHARD] = { "shard", 0, "I/N",
			    "run the I-th of N deterministic slices (also "
			    "from TEST_SHARD_INDEX, TEST_TOTAL_SHARDS); "
			    "combine with merge" },
	[CLI_OPT_JSON] = { "json", 0, "FILE",
			   "the report as JSON ('-': stdout)" },
	[CLI_OPT_JUNIT] = { "junit", 0, "FILE",
			    "the report as JUnit XML ('-': stdout)" },
	[CLI_OPT_SARIF] = { "sarif", 0, "FILE",
			    "the findings as SARIF 2.1.0, located in the "
			    "profile" },
	[CLI_OPT_MARKDOWN] = { "markdown", 0, "FILE",
			       "a Markdown summary for a CI job page ('-': "
			       "stdout)" },
	[CLI_OPT_FAIL_ON_UNNECESSARY] = { "fail-on-unnecessary", 0, NULL,
					  "unused allowed entries are findings "
					  "too" },
	[CLI_OPT_NO_USAGE] = { "no-usage", 0, NULL,
			       "observe denials only (faster): unnecessary "
			       "entries are not judged" },
	[CLI_OPT_LAYOUT] = { "layout", 0, "linear|tree",
			     "libseccomp's code layout (default: a tree "
			     "above 32 names)" },
	[CLI_OPT_STDOUT] = { "stdout", 0, "MODE",
			     "the workload's stdout as in production: file (a "
			     "captured regular file), pipe, tty, null or "
			     "inherit" },
	[CLI_OPT_STDERR] = { "stderr", 0, "MODE",
			     "its stderr, the same way (one kind as stdout "
			     "shares it, as 2>&1)" },
	[CLI_OPT_REPEAT] = { "repeat", 0, "N",
			     "run the workload N times (1; alternately on one "
			     "CPU and on all): an entry some runs use and "
			     "others not is intermittent, never unnecessary" },
	[CLI_OPT_MAX_RUNS] = { "max-runs", 0, "N",
			       "and on until 5 runs in a row add no name, at "
			       "most N runs" },
	[CLI_OPT_SOURCE] = { "source", 0, "FILE",
			     "the file that holds the program's own list (Go, "
			     "C or a plain list): findings point at its lines" },
	[CLI_OPT_TO] = { "to", 0, "FORMAT",
			 "the format to write: list, oci, go, c or systemd" },
	[CLI_OPT_PACKAGE] = { "package", 0, "NAME",
			      "the Go package clause of a go file (main)" },
	[CLI_OPT_SEMANTICS] = { "semantics", 0, "S",
				"who loads the profile: runc (default for OCI "
				"JSON, with its ENOSYS stub), crun, or "
				"libseccomp (default otherwise)" },
	[CLI_OPT_RUNTIME] = { "runtime", 0, "R",
			      "run the workload in a container of runc or "
			      "crun (with --rootfs or --bundle), the profile "
			      "loaded by the runtime as in production" },
	[CLI_OPT_ROOTFS] = { "rootfs", 0, "DIR",
			     "the container's root (read-only; scaudit writes "
			     "the bundle around it)" },
	[CLI_OPT_BUNDLE] = { "bundle", 0, "DIR",
			     "an OCI bundle of yours: its config.json with "
			     "the profile put in (the bundle is only read)" },
	[CLI_OPT_NO_NEW_PRIVS] = { "no-new-privs", 0, "on|off",
				   "the container's no_new_privs (default: "
				   "the bundle's, else off as Docker sets "
				   "it)" },
	[CLI_OPT_WIDEN_ONLY] = { "widen-only", 0, NULL,
				 "only what the second profile allows that "
				 "the first does not, and a summary line" },
	[CLI_OPT_ONLY_EXE] = { "only-exe", 0, "PATH|NAME",
			       "keep only the calls of this executable (a "
			       "path, or a name: its basename); repeatable" },
	[CLI_OPT_HTML] = { "html", 0, "FILE",
			   "the report as one self-contained HTML page (no "
			   "network, no script needed): the verdict, the "
			   "case × syscall matrix, each entry" },
	[CLI_OPT_CODEQUALITY] = { "codequality", 0, "FILE",
				  "the findings as a GitLab code-quality "
				  "report (JSON)" },
	[CLI_OPT_COLOR] = { "color", 0, "WHEN",
			    "colour the report: auto (on a terminal, unless "
			    "NO_COLOR is set), always or never" },
	[CLI_OPT_MAX_DANGEROUS_UNUSED] = { "max-dangerous-unused", 0, "N",
					   "fail (exit 1) when more than N "
					   "dangerous entries are allowed and "
					   "no run used them" },
	[CLI_OPT_ISOLATION] = { "isolation", 0, "I",
				"what holds the workload's process tree: auto "
				"(default: a pid namespace of its own, in a "
				"user namespace when not root, where one can "
				"be made; else none, and the report says why), "
				"pid (always: exit 3 where none can be made) "
				"or none (scaudit's own, where the workload can "
				"signal and trace scaudit)" },
	[CLI_OPT_USAGE_BACKEND] = { "usage-backend", 0, "B",
				    "how the allowed calls are seen: auto "
				    "(default: counted in the kernel when "
				    "scaudit may load its BPF counter, as "
				    "root, else notified), notify (a seccomp "
				    "notification each) or kernel (counted, "
				    "or exit 3)" },
	[CLI_OPT_PODMAN] = { "podman", 0, "IMAGE",
			     "run the workload in a container of IMAGE "
			     "through podman (with runc)" },
};
_Static_assert(ARRAY_SIZE(table) == CLI_OPT_MAX, "an entry per option");
_Static_assert(CLI_OPT_MAX <= 64, "a bit per option");

/* getopt's value of an option: above any character. */
#define OPT_VAL(o) (256 + (int)(o))

void cli_args_init(struct cli_args *a)
{
	memset(a, 0, sizeof(*a));
	a->timeout = JOB_DEFAULT_TIMEOUT;
	a->out = a->err = CAPTURE_MODE_MAX;
	a->no_new_privs = -1;
	a->max_dangerous_unused = -1;
}

void cli_args_clear(struct cli_args *a)
{
	strv_clear(&a->expect_denied);
	strv_clear(&a->only_exe);
}

bool cli_is_stdout(const char *path)
{
	return path && strcmp(path, "-") == 0;
}

static void print_option(FILE *f, enum cli_opt o, const char *help)
{
	char head[64], letter[8] = "    ";
	if (table[o].letter)
		snprintf(letter, sizeof(letter), "-%c, ", table[o].letter);
	snprintf(head, sizeof(head), "%s--%s%s%s", letter, table[o].name,
		 table[o].arg ? " " : "", table[o].arg ? table[o].arg : "");
	/* The words from column 24, wrapped before column 80; a longer head
	 * has them on the next line. */
	if (strlen(head) < 21)
		fprintf(f, "  %-21s", head);
	else
		fprintf(f, "  %s\n  %-21s", head, "");
	const char *s = help ? help : table[o].help;
	size_t col = 0;
	while (*s) {
		size_t w = strcspn(s, " ");
		if (col && col + 1 + w > 56) {
			fprintf(f, "\n  %-21s", "");
			col = 0;
		}
		fprintf(f, "%s%.*s", col ? " " : "", (int)w, s);
		col += (col ? 1 : 0) + w;
		s += w;
		s += strspn(s, " ");
	}
	fputc('\n', f);
}

void cli_help(const struct cli_command *c, FILE *f)
{
	fprintf(f, "usage: %s %s %s\n\n%s\n\n", cli_program, c->name,
		c->synopsis, c->about);
	for (size_t o = 0; o < CLI_OPT_MAX; o++)
		if (o != CLI_OPT_HELP && (c->opts & (1ull << o)))
			print_option(f, (enum cli_opt)o, c->help[o]);
	print_option(f, CLI_OPT_HELP, NULL);
	fprintf(f, "\n%s\n", c->exit_status);
}

static int usage_error(const struct cli_command *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int usage_error(const struct cli_command *c, const char *fmt, ...)
{
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		fprintf(stderr, "%s: error: ", cli_program);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
	fprintf(stderr, "usage: %s %s %s\n('%s %s --help' says more)\n",
		cli_program, c->name, c->synopsis, cli_program, c->name);
	return CLI_EXIT_USAGE;
}

/* A value that failed its validator: the message, exit 2. */
static int bad_value(struct diag *d)
{
	cli_print_diag(d, "error");
	return CLI_EXIT_USAGE;
}

static int parse_jobs(const char *s, int *ret, struct diag *d)
{
	uint64_t v;
	if (util_parse_dec(s, &v) < 0 || v < 1 || v > 256) {
		diag_set(d, -EINVAL, "", 0, 0, "bad --jobs '%.*s%s'",
			 DIAG_QUOTE(s));
		diag_hint(d, "1 to 256 at a time, e.g. 4");
		return -EINVAL;
	}
	*ret = (int)v;
	return 0;
}

static int parse_count(const char *what, const char *s, int *ret,
		       struct diag *d)
{
	uint64_t v;
	if (util_parse_dec(s, &v) < 0 || v > 100000) {
		diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what,
			 DIAG_QUOTE(s));
		diag_hint(d, "a count, 0 or more, e.g. 0");
		return -EINVAL;
	}
	*ret = (int)v;
	return 0;
}

static int parse_color(const char *s, enum cli_color *ret, struct diag *d)
{
	static const char *const names[] = { "auto", "always", "never" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*ret = (enum cli_color)i;
			return 0;
		}
	diag_set(d, -EINVAL, "", 0, 0, "bad --color '%.*s%s'", DIAG_QUOTE(s));
	diag_hint(d, "auto, always or never");
	return -EINVAL;
}

/* The options taken as given (a string) or that set a flag: where in
 * struct cli_args. */
#define AS_STR(o, f) [CLI_OPT_##o] = { offsetof(struct cli_args, f), 1 }
#define AS_FLAG(o, f) [CLI_OPT_##o] = { offsetof(struct cli_args, f), 2 }
static const struct {
	size_t at;
	int kind; /* 0: validated in take(); 1: a string; 2: a flag */
} plain[CLI_OPT_MAX] = {
	AS_STR(FORMAT, format),
	AS_STR(CAPS, caps),
	AS_STR(ARCH, arch),
	AS_STR(EXPECT, expect),
	AS_STR(OUTPUT, output),
	AS_STR(CASES, cases),
	AS_STR(MERGE, merge),
	AS_STR(SHARD, shard),
	AS_STR(JSON, json),
	AS_STR(JUNIT, junit),
	AS_STR(SARIF, sarif),
	AS_STR(MARKDOWN, markdown),
	AS_STR(LAYOUT, layout),
	AS_STR(SOURCE, source),
	AS_STR(TO, to),
	AS_STR(PACKAGE, package),
	AS_STR(HTML, html),
	AS_STR(CODEQUALITY, codequality),
	AS_STR(ROOTFS, rootfs),
	AS_STR(BUNDLE, bundle),
	AS_STR(PODMAN, image),
	AS_FLAG(LEARN, learn),
	AS_FLAG(TRACE_SIGSYS, trace_sigsys),
	AS_FLAG(IN_PLACE, in_place),
	AS_FLAG(DEEP, deep),
	AS_FLAG(COUNTS, counts),
	AS_FLAG(FAIL_ON_UNNECESSARY, fail_on_unnecessary),
	AS_FLAG(NO_USAGE, no_usage),
	AS_FLAG(WIDEN_ONLY, widen_only),
};

/* A value through its validator (job.h): 0, or -EINVAL with d set. */
static int validated(enum cli_opt o, const char *what, const char *v,
		     struct cli_args *a, struct diag *d)
{
	if (o == CLI_OPT_EXPECT_DENIED)
		return job_parse_syscalls(what, v, &a->expect_denied, d);
	if (o == CLI_OPT_ONLY_EXE) {
		if (!*v)
			return diag_set(d, -EINVAL, "", 0, 0,
					"--only-exe wants a path or a name");
		return strv_add(&a->only_exe, v) < 0 ? -ENOMEM : 0;
	}
	if (o == CLI_OPT_COLOR)
		return parse_color(v, &a->color, d);
	if (o == CLI_OPT_USAGE_BACKEND)
		return usage_backend_parse(what, v, &a->usage_backend, d);
	if (o == CLI_OPT_ISOLATION)
		return job_parse_isolation(what, v, &a->isolation, d);
	if (o == CLI_OPT_MAX_DANGEROUS_UNUSED)
		return parse_count(what, v, &a->max_dangerous_unused, d);
	if (o == CLI_OPT_EXPECT_EXIT)
		return job_parse_exit(what, v, &a->expect_exit, d);
	if (o == CLI_OPT_TIMEOUT)
		return job_parse_timeout(what, v, &a->timeout, d);
	if (o == CLI_OPT_MAX_PROCS)
		return job_parse_max_procs(what, v, &a->max_procs, d);
	if (o == CLI_OPT_JOBS)
		return parse_jobs(v, &a->jobs, d);
	if (o == CLI_OPT_REPEAT || o == CLI_OPT_MAX_RUNS)
		return job_parse_runs(
			what, v,
			o == CLI_OPT_REPEAT ? &a->repeat : &a->max_runs, d);
	if (o == CLI_OPT_STDOUT || o == CLI_OPT_STDERR)
		return job_parse_stdio(
			what, v, o == CLI_OPT_STDOUT ? &a->out : &a->err, d);
	if (o == CLI_OPT_SEMANTICS)
		return job_parse_semantics(what, v, &a->semantics, d);
	if (o == CLI_OPT_RUNTIME)
		return job_parse_runtime(what, v, &a->runtime, d);
	if (o == CLI_OPT_NO_NEW_PRIVS)
		return job_parse_switch(what, v, &a->no_new_privs, d);
	return 0;
}

/* One option and its value into a. 0, or the exit status. */
static int take(enum cli_opt o, const char *v, struct cli_args *a)
{
	char *field = (char *)a + plain[o].at;
	if (plain[o].kind == 1) {
		memcpy(field, &v, sizeof(v));
		return 0;
	}
	if (plain[o].kind == 2) {
		*(bool *)field = true;
		return 0;
	}
	struct diag d = { 0 };
	char what[40];
	snprintf(what, sizeof(what), "--%s", table[o].name);
	return validated(o, what, v, a, &d) < 0 ? bad_value(&d) : 0;
}

/* struct option[] and the short options of c. */
static void build(const struct cli_command *c, struct option *lo, char *shorts)
{
	size_t n = 0, k = 0;
	for (size_t o = 0; o < CLI_OPT_MAX; o++) {
		if (o != CLI_OPT_HELP && !(c->opts & (1ull << o)))
			continue;
		lo[n++] = (struct option){ table[o].name,
					   table[o].arg ? required_argument
							: no_argument,
					   NULL, OPT_VAL(o) };
		if (table[o].letter) {
			shorts[k++] = table[o].letter;
			if (table[o].arg)
				shorts[k++] = ':';
		}
	}
	lo[n] = (struct option){ 0 };
	shorts[k] = '\0';
}

/* The short letter's option. */
static enum cli_opt by_letter(const struct cli_command *c, int ch)
{
	for (size_t o = 0; o < CLI_OPT_MAX; o++)
		if (table[o].letter && table[o].letter == ch &&
		    (o == CLI_OPT_HELP || (c->opts & (1ull << o))))
			return (enum cli_opt)o;
	return CLI_OPT_MAX;
}

/* Split what getopt left into operands and the command: with a "--",
 * what follows it (n_cmd words, -1: no "--") is the command, whatever
 * number of operands came before it. */
static int operands(const struct cli_command *c, int argc, char **argv,
		    int n_cmd, struct cli_args *a)
{
	size_t n = (size_t)(argc - optind);
	size_t before =
		n_cmd >= 0 && (size_t)n_cmd <= n ? n - (size_t)n_cmd : n;
	if (before < c->min_pos)
		return usage_error(c, NULL);
	a->pos = argv + optind;
	if (n_cmd >= 0 && before > c->max_pos && c->command != CLI_CMD_NONE)
		return usage_error(c, "unexpected '%s' before '--'",
				   a->pos[c->max_pos]);
	a->n_pos = before < c->max_pos ? before : c->max_pos;
	if (n > a->n_pos) {
		if (c->command == CLI_CMD_NONE)
			return usage_error(c, "unexpected '%s'",
					   a->pos[a->n_pos]);
		a->cmd = a->pos + a->n_pos;
	} else if (c->command == CLI_CMD_REQUIRED) {
		return usage_error(c, "%s", c->no_command);
	}
	return 0;
}

/* With no "--", where the command starts: the word after c's last
 * operand, found without permuting ("+"), so that its own options
 * (`check P ./x --expect-exit 3`) stay its own. argc when there is none. */
static int command_start(const struct cli_command *c, int argc, char **argv,
			 const struct option *lo, const char *shorts)
{
	char order[2 * CLI_OPT_MAX + 2] = "+";
	strcat(order, shorts);
	opterr = 0;
	optind = 0;
	int at = argc;
	for (size_t seen = 0;;) {
		if (getopt_long(argc, argv, order, lo, NULL) != -1)
			continue;
		if (optind >= argc)
			break;
		if (seen++ == c->max_pos) {
			at = optind;
			break;
		}
		optind++;
	}
	opterr = 1;
	return at;
}

int cli_parse(const struct cli_command *c, int argc, char **argv,
	      struct cli_args *a)
{
	struct option lo[CLI_OPT_MAX + 1];
	char shorts[2 * CLI_OPT_MAX + 1];
	build(c, lo, shorts);
	/* Options may come before and after the operands (getopt permutes)
	 * up to "--" or the command; what follows is the command's own. */
	optind = 0; /* glibc: start afresh (an earlier parse may be half-way) */
	int n_cmd = -1;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			n_cmd = argc - i - 1;
			break;
		}
	/* Without one, options end where the command starts. */
	int end = argc;
	if (n_cmd < 0 && c->command != CLI_CMD_NONE) {
		end = command_start(c, argc, argv, lo, shorts);
		n_cmd = end < argc ? argc - end : -1;
		optind = 0;
	}
	int ch;
	while ((ch = getopt_long(end, argv, shorts, lo, NULL)) != -1) {
		enum cli_opt o = ch >= OPT_VAL(0)
					 ? (enum cli_opt)(ch - OPT_VAL(0))
					 : by_letter(c, ch);
		if (o == CLI_OPT_HELP) {
			cli_help(c, stdout);
			return CLI_EXIT_HELP;
		}
		if (o == CLI_OPT_MAX)
			return usage_error(c, NULL);
		int r = take(o, optarg, a);
		if (r)
			return r;
	}
	return operands(c, argc, argv, n_cmd, a);
}
