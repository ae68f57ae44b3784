/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "helpers.h"
#include "job.h"
#include "options.h"
#include "util.h"

static const struct cli_command test_cmd = {
	.name = "x",
	.summary = "a command for the tests",
	.synopsis = "[OPTION]... PROFILE -- CMD [ARG]...",
	.about = "Runs CMD under PROFILE, for the tests.",
	.exit_status = "Exit status: 0 fine, 2 usage.",
	.opts = CLI_OPT(LEARN) | CLI_OPT(TIMEOUT) | CLI_OPT(OUTPUT) |
		CLI_OPT(EXPECT_DENIED) | CLI_OPT(JOBS),
	.min_pos = 1,
	.max_pos = 1,
	.command = CLI_CMD_REQUIRED,
	.no_command = "no command",
};

/* argv from words (argv[0] the command's name), NULL-terminated; getopt
 * permutes it, so each parse gets its own copy. */
struct args {
	char *argv[32];
	int argc;
	struct cli_args a;
};

static int parse(const struct cli_command *c, struct args *x,
		 const char *const *words)
{
	memset(x, 0, sizeof(*x));
	while (words[x->argc]) {
		assert_true(x->argc < 31);
		x->argv[x->argc] = (char *)words[x->argc];
		x->argc++;
	}
	cli_args_init(&x->a);
	return cli_parse(c, x->argc, x->argv, &x->a);
}

#define WORDS(...)                                                             \
	(const char *const[])                                                  \
	{                                                                      \
		__VA_ARGS__, NULL                                              \
	}

static void assert_cmd(const struct cli_args *a, const char *const *want)
{
	assert_non_null(a->cmd);
	size_t i = 0;
	for (; want[i]; i++) {
		assert_non_null(a->cmd[i]);
		assert_string_equal(a->cmd[i], want[i]);
	}
	assert_null(a->cmd[i]);
}

static void test_defaults(void **state)
{
	struct args x;
	assert_int_equal(parse(&test_cmd, &x, WORDS("x", "P", "--", "date")),
			 0);
	assert_false(x.a.learn);
	assert_true(x.a.timeout == JOB_DEFAULT_TIMEOUT);
	assert_null(x.a.output);
	assert_int_equal(x.a.jobs, 0);
	assert_int_equal(x.a.expect_denied.n, 0);
	assert_int_equal(x.a.n_pos, 1);
	assert_string_equal(x.a.pos[0], "P");
	assert_cmd(&x.a, WORDS("date"));
	cli_args_clear(&x.a);
}

static void test_options_around_operand(void **state)
{
	/* Before and after the operand, up to "--". */
	struct args x;
	assert_int_equal(parse(&test_cmd, &x,
			       WORDS("x", "--learn", "P", "--timeout", "0.5",
				     "-j", "4", "--", "date", "-u")),
			 0);
	assert_true(x.a.learn);
	assert_true(x.a.timeout == 0.5);
	assert_int_equal(x.a.jobs, 4);
	assert_int_equal(x.a.n_pos, 1);
	assert_string_equal(x.a.pos[0], "P");
	assert_cmd(&x.a, WORDS("date", "-u"));
	cli_args_clear(&x.a);

	/* What follows "--" is the command's own, options and all. */
	assert_int_equal(parse(&test_cmd, &x,
			       WORDS("x", "P", "--learn", "--", "date", "-u",
				     "--timeout", "5")),
			 0);
	assert_true(x.a.learn);
	assert_true(x.a.timeout == JOB_DEFAULT_TIMEOUT);
	assert_int_equal(x.a.n_pos, 1);
	assert_string_equal(x.a.pos[0], "P");
	assert_cmd(&x.a, WORDS("date", "-u", "--timeout", "5"));
	cli_args_clear(&x.a);

	/* "--timeout=S" and "--output=F" forms. */
	assert_int_equal(parse(&test_cmd, &x,
			       WORDS("x", "--timeout=2", "--output=r.txt", "P",
				     "--", "true")),
			 0);
	assert_true(x.a.timeout == 2);
	assert_string_equal(x.a.output, "r.txt");
	cli_args_clear(&x.a);
}

static void test_values(void **state)
{
	static const struct {
		const char *opt, *value;
		const char *output;
		int jobs;
		double timeout;
	} t[] = {
		{ "-o", "out.json", "out.json", 0, JOB_DEFAULT_TIMEOUT },
		{ "--output", "-", "-", 0, JOB_DEFAULT_TIMEOUT },
		{ "-j", "4", NULL, 4, JOB_DEFAULT_TIMEOUT },
		{ "--jobs", "256", NULL, 256, JOB_DEFAULT_TIMEOUT },
		{ "-j", "1", NULL, 1, JOB_DEFAULT_TIMEOUT },
		{ "--timeout", "0.5", NULL, 0, 0.5 },
		{ "--timeout", "0", NULL, 0, 0 },
		{ "--timeout", "1000000", NULL, 0, 1000000 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct args x;
		int r = parse(
			&test_cmd, &x,
			WORDS("x", t[i].opt, t[i].value, "P", "--", "true"));
		if (r != 0)
			print_error("%s %s: %d\n", t[i].opt, t[i].value, r);
		assert_int_equal(r, 0);
		if (t[i].output)
			assert_string_equal(x.a.output, t[i].output);
		else
			assert_null(x.a.output);
		assert_int_equal(x.a.jobs, t[i].jobs);
		assert_true(x.a.timeout == t[i].timeout);
		assert_string_equal(x.a.pos[0], "P");
		cli_args_clear(&x.a);
	}
}

static void test_usage_errors(void **state)
{
	const struct {
		const char *what;
		const char *const *argv;
	} t[] = {
		{ "bad timeout",
		  WORDS("x", "--timeout", "soon", "P", "--", "a") },
		{ "negative timeout",
		  WORDS("x", "--timeout", "-1", "P", "--", "a") },
		{ "timeout too long",
		  WORDS("x", "--timeout", "1e7", "P", "--", "a") },
		{ "nan timeout",
		  WORDS("x", "--timeout", "nan", "P", "--", "a") },
		{ "timeout without value", WORDS("x", "P", "--timeout") },
		{ "no jobs", WORDS("x", "-j", "0", "P", "--", "a") },
		{ "too many jobs", WORDS("x", "-j", "257", "P", "--", "a") },
		{ "jobs not a number",
		  WORDS("x", "-j", "four", "P", "--", "a") },
		{ "an option it does not take",
		  WORDS("x", "--json", "r.json", "P", "--", "a") },
		{ "a short one it does not take",
		  WORDS("x", "-q", "P", "--", "a") },
		{ "an unknown option", WORDS("x", "--colour", "P", "--", "a") },
		{ "missing operand", WORDS("x") },
		{ "missing operand, options only", WORDS("x", "--learn") },
		{ "missing command", WORDS("x", "P") },
		{ "missing command after --", WORDS("x", "P", "--") },
		{ "unknown expect-denied",
		  WORDS("x", "--expect-denied", "ptrcae", "P", "--", "a") },
		{ "unknown in a list", WORDS("x", "--expect-denied",
					     "ptrace,nope", "P", "--", "a") },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct args x;
		int r = parse(&test_cmd, &x, t[i].argv);
		if (r != CLI_EXIT_USAGE)
			print_error("case '%s': %d\n", t[i].what, r);
		assert_int_equal(r, CLI_EXIT_USAGE);
		cli_args_clear(&x.a);
	}
}

static void test_operands_and_commands(void **state)
{
	/* Without a command, an extra operand is an error; an optional
	 * command may be there or not. */
	struct cli_command none = test_cmd;
	none.command = CLI_CMD_NONE;
	none.max_pos = 2;
	struct cli_command optional = test_cmd;
	optional.command = CLI_CMD_OPTIONAL;
	struct args x;
	assert_int_equal(parse(&none, &x, WORDS("x", "A", "B")), 0);
	assert_int_equal(x.a.n_pos, 2);
	assert_string_equal(x.a.pos[1], "B");
	assert_null(x.a.cmd);
	cli_args_clear(&x.a);
	assert_int_equal(parse(&none, &x, WORDS("x", "A", "B", "C")),
			 CLI_EXIT_USAGE);
	cli_args_clear(&x.a);
	assert_int_equal(parse(&none, &x, WORDS("x", "A", "--", "C", "D")),
			 CLI_EXIT_USAGE);
	cli_args_clear(&x.a);
	assert_int_equal(parse(&optional, &x, WORDS("x", "P")), 0);
	assert_null(x.a.cmd);
	assert_int_equal(x.a.n_pos, 1);
	cli_args_clear(&x.a);
	assert_int_equal(parse(&optional, &x, WORDS("x", "P", "--", "ls")), 0);
	assert_cmd(&x.a, WORDS("ls"));
	cli_args_clear(&x.a);

	/* Short forms exist only for the options the command takes. */
	struct cli_command learn_only = test_cmd;
	learn_only.opts = CLI_OPT(LEARN);
	assert_int_equal(
		parse(&learn_only, &x, WORDS("x", "-o", "f", "P", "--", "ls")),
		CLI_EXIT_USAGE);
	cli_args_clear(&x.a);
	assert_int_equal(
		parse(&learn_only, &x, WORDS("x", "-j", "2", "P", "--", "ls")),
		CLI_EXIT_USAGE);
	cli_args_clear(&x.a);
	assert_int_equal(
		parse(&learn_only, &x, WORDS("x", "--learn", "P", "--", "ls")),
		0);
	assert_true(x.a.learn);
	cli_args_clear(&x.a);

	/* An optional operand (check's PROFILE): "--" ends the operands, so
	 * the command is never taken for one, with options on either side. */
	struct cli_command opt_pos = test_cmd;
	opt_pos.min_pos = 0;
	assert_int_equal(parse(&opt_pos, &x, WORDS("x", "--", "ls", "-l")), 0);
	assert_int_equal(x.a.n_pos, 0);
	assert_cmd(&x.a, WORDS("ls", "-l"));
	cli_args_clear(&x.a);
	assert_int_equal(
		parse(&opt_pos, &x, WORDS("x", "P", "--learn", "--", "ls")), 0);
	assert_int_equal(x.a.n_pos, 1);
	assert_string_equal(x.a.pos[0], "P");
	assert_cmd(&x.a, WORDS("ls"));
	cli_args_clear(&x.a);
	/* Two operands where one is taken, before "--": refused. */
	assert_int_equal(parse(&opt_pos, &x, WORDS("x", "P", "Q", "--", "ls")),
			 CLI_EXIT_USAGE);
	cli_args_clear(&x.a);
	/* No "--": options end where the command starts, so what follows
	 * is the command's own (issue 17, W6), wherever scaudit's options
	 * are before it. */
	assert_int_equal(parse(&test_cmd, &x,
			       WORDS("x", "--learn", "P", "-o", "f", "./t",
				     "--learn", "-o", "g")),
			 0);
	assert_true(x.a.learn);
	assert_string_equal(x.a.output, "f");
	assert_int_equal(x.a.n_pos, 1);
	assert_string_equal(x.a.pos[0], "P");
	assert_cmd(&x.a, WORDS("./t", "--learn", "-o", "g"));
	cli_args_clear(&x.a);
	/* A command with no operand before it: its first word starts it. */
	struct cli_command no_pos = test_cmd;
	no_pos.min_pos = no_pos.max_pos = 0;
	assert_int_equal(parse(&no_pos, &x, WORDS("x", "-o", "f", "ls", "-o")),
			 0);
	assert_string_equal(x.a.output, "f");
	assert_cmd(&x.a, WORDS("ls", "-o"));
	cli_args_clear(&x.a);
}

static void test_help(void **state)
{
	/* --help and -h: help, exit 0 (printed to stdout). */
	struct args x;
	assert_int_equal(parse(&test_cmd, &x, WORDS("x", "--help")),
			 CLI_EXIT_HELP);
	cli_args_clear(&x.a);
	assert_int_equal(parse(&test_cmd, &x, WORDS("x", "P", "-h", "--")),
			 CLI_EXIT_HELP);
	cli_args_clear(&x.a);
	/* Before any check of the operands. */
	assert_int_equal(parse(&test_cmd, &x, WORDS("x", "-h")), CLI_EXIT_HELP);
	cli_args_clear(&x.a);
}

static void test_expect_denied(void **state)
{
	struct args x;
	assert_int_equal(
		parse(&test_cmd, &x,
		      WORDS("x", "--expect-denied", "ptrace", "P",
			    "--expect-denied", "mount,bpf", "--", "a")),
		0);
	assert_int_equal(x.a.expect_denied.n, 3);
	assert_string_equal(x.a.expect_denied.v[0], "ptrace");
	assert_string_equal(x.a.expect_denied.v[1], "mount");
	assert_string_equal(x.a.expect_denied.v[2], "bpf");
	cli_args_clear(&x.a);
	assert_int_equal(x.a.expect_denied.n, 0);
}

/* The help text of c. */
static char *help_of(const struct cli_command *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	cli_help(c, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* The long options of the help's option lines, in order, joined by
 * spaces; each line checked to be under 81 columns. */
static void options_listed(const char *help, char *out, size_t size)
{
	out[0] = '\0';
	for (const char *l = help; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		/* Columns, not bytes: UTF-8 continuation bytes take none. */
		size_t cols = 0;
		for (size_t i = 0; i < n; i++)
			cols += ((unsigned char)l[i] & 0xc0) != 0x80;
		if (cols > 80)
			print_error("too long (%zu): %.*s\n", cols, (int)n, l);
		assert_true(cols <= 80);
		size_t indent = strspn(l, " ");
		if (indent >= 2 && indent <= 6 && l[indent] == '-') {
			const char *dd = strstr(l, "--");
			assert_true(dd && dd < l + n);
			size_t w = strcspn(dd, " \n");
			snprintf(out + strlen(out), size - strlen(out),
				 "%s%.*s", out[0] ? " " : "", (int)w, dd);
		}
		if (!nl)
			break;
		l = nl + 1;
	}
}

static void test_help_text(void **state)
{
	cleanup_free char *h = help_of(&test_cmd);
	assert_non_null(h);
	assert_true(strncmp(h,
			    "usage: scaudit x [OPTION]... PROFILE -- CMD "
			    "[ARG]...\n\nRuns CMD under PROFILE, for the "
			    "tests.\n\n",
			    86) == 0);
	char listed[512];
	options_listed(h, listed, sizeof(listed));
	/* Exactly what it takes, in the table's order, --help last. */
	assert_string_equal(listed, "--learn --expect-denied --timeout "
				    "--output --jobs --help");
	assert_non_null(strstr(h, "\n  -o, --output FILE    "));
	assert_non_null(strstr(h, "\n  -j, --jobs N         "));
	assert_non_null(strstr(h, "\n      --timeout S      "));
	assert_non_null(strstr(h, "\n  -h, --help           print this help"));
	assert_null(strstr(h, "--json"));
	assert_null(strstr(h, "--format"));
	/* The exit status ends it. */
	size_t len = strlen(h);
	const char *tail = "\nExit status: 0 fine, 2 usage.\n";
	assert_true(len > strlen(tail));
	assert_string_equal(h + len - strlen(tail), tail);

	/* A command's own words for an option, wrapped. */
	struct cli_command own = test_cmd;
	own.help[CLI_OPT_OUTPUT] =
		"write the report there, atomically, replacing what was "
		"there before, or '-' for stdout, which is the default "
		"when this option is not given at all";
	cleanup_free char *o = help_of(&own);
	assert_non_null(o);
	options_listed(o, listed, sizeof(listed));
	assert_string_equal(listed, "--learn --expect-denied --timeout "
				    "--output --jobs --help");
	assert_non_null(strstr(o, "write the report there"));
	assert_null(strstr(o, "instead of stdout"));
	/* Continuation lines start under the words. */
	assert_non_null(strstr(o, "\n                       "));
}

static void test_help_every_option(void **state)
{
	/* Every option of the table fits in 80 columns, each once. */
	struct cli_command all = test_cmd;
	all.opts = ~0ull;
	cleanup_free char *h = help_of(&all);
	assert_non_null(h);
	char listed[2048];
	options_listed(h, listed, sizeof(listed));
	assert_string_equal(
		listed,
		"--format --caps --arch --learn --trace-sigsys "
		"--expect --expect-denied --expect-exit --timeout "
		"--max-procs --output --in-place --deep --jobs "
		"--cases --counts --merge --shard --json --junit "
		"--sarif --markdown --fail-on-unnecessary "
		"--no-usage --layout --stdout --stderr --repeat "
		"--max-runs --source --to --package --semantics --runtime "
		"--rootfs --bundle --no-new-privs --podman --widen-only "
		"--only-exe --html --codequality --color "
		"--max-dangerous-unused --usage-backend --isolation --help");
	/* A head too long for its column has the words below it. */
	assert_non_null(strstr(h, "\n      --fail-on-unnecessary\n"
				  "                       unused"));
	/* And every one parses for a command that takes it. */
	struct args x;
	assert_int_equal(
		parse(&all, &x,
		      WORDS("x", "--json", "r.json", "--in-place",
			    "--max-procs", "9", "--expect-exit", "3", "--shard",
			    "1/2", "--layout", "tree", "P", "--", "a")),
		0);
	assert_string_equal(x.a.json, "r.json");
	assert_true(x.a.in_place);
	assert_int_equal(x.a.max_procs, 9);
	assert_int_equal(x.a.expect_exit, 3);
	assert_string_equal(x.a.shard, "1/2");
	assert_string_equal(x.a.layout, "tree");
	cli_args_clear(&x.a);
}

static void test_is_stdout(void **state)
{
	static const struct {
		const char *path;
		bool is;
	} t[] = {
		{ "-", true },	       { NULL, false },
		{ "", false },	       { "--", false },
		{ "-x", false },       { "/dev/stdout", false },
		{ "out.json", false },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(cli_is_stdout(t[i].path), t[i].is);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_options_around_operand),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_operands_and_commands),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_expect_denied),
		cmocka_unit_test(test_help_text),
		cmocka_unit_test(test_help_every_option),
		cmocka_unit_test(test_is_stdout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
