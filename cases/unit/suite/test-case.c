/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"
#include "profile-helpers.h"
#include "job.h"

static char dir[64];

static const char *write_case(const char *name, const char *text)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/scaudit-case-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_full_case(void **state)
{
	char sub[128];
	snprintf(sub, sizeof(sub), "%s/expected", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	write_case("expected/date.list", "date\n");
	const char *p = write_case(
		"a.ini", "; the example of issue 5\n"
			 "[case date-utc]\n"
			 "profile = ../profiles/date.list\n"
			 "command = date -u '+%%Y x'\n"
			 "expect-exit = 3\n"
			 "expect-syscalls = expected/date.list   ; optional\n"
			 "expect-denied = ptrace mount\n"
			 "timeout = 2.5\n"
			 "caps = none\n"
			 "env = TZ=UTC LANG=C\n"
			 "cwd = .\n"
			 "stdin = /dev/null\n"
			 "max-procs = 64\n"
			 "stdout = tty\n"
			 "stderr = null\n"
			 "\n"
			 "[case second]\n"
			 "profile = /abs/p.json\n"
			 "command = true\n");
	struct case_list l = { 0 };
	struct diag d = { 0 };
	assert_int_equal(case_load(p, &l, &d), 0);
	assert_int_equal(l.n, 2);
	const struct scase *c = &l.cases[0];
	assert_string_equal(c->name, "date-utc");
	assert_int_equal(c->line, 2);
	char want[256];
	snprintf(want, sizeof(want), "%s/../profiles/date.list", dir);
	assert_string_equal(c->profile, want);
	assert_int_equal(c->profile_line, 3);
	assert_string_equal(c->argv[0], "date");
	assert_string_equal(c->argv[1], "-u");
	assert_string_equal(c->argv[2], "+%%Y x");
	assert_null(c->argv[3]);
	assert_int_equal(c->expect_exit, 3);
	assert_string_equal(c->expect_denied[1], "mount");
	assert_true(c->timeout == 2.5);
	assert_string_equal(c->caps, "none");
	assert_string_equal(c->env[0], "TZ=UTC");
	assert_string_equal(c->stdin_path, "/dev/null");
	assert_int_equal(c->max_procs, 64);
	assert_int_equal(l.cases[1].max_procs, 0);
	assert_int_equal(c->out, CAPTURE_TTY);
	assert_int_equal(c->err, CAPTURE_NULL);
	/* Unsaid, a case's output is a file, as a service's log. */
	assert_int_equal(l.cases[1].out, CAPTURE_FILE);
	assert_int_equal(l.cases[1].err, CAPTURE_FILE);
	assert_string_equal(l.cases[1].profile, "/abs/p.json");
	assert_true(l.cases[1].timeout == 60);

	/* A job from it: env added to ours, TZ replaced. */
	setenv("TZ", "Europe/Paris", 1);
	struct job j;
	assert_int_equal(case_job(c, &j, &d), 0);
	bool tz = false;
	for (char **e = j.envp; *e; e++) {
		assert_string_not_equal(*e, "TZ=Europe/Paris");
		tz |= strcmp(*e, "TZ=UTC") == 0;
	}
	assert_true(tz);
	assert_non_null(strstr(j.path, "/date"));
	assert_int_equal(j.out, CAPTURE_TTY);
	assert_int_equal(j.err, CAPTURE_NULL);
	job_clear(&j);
	case_list_free(&l);
}

static void test_bad_cases(void **state)
{
	static const struct {
		const char *text;
		unsigned line;
		const char *message;
	} t[] = {
		{ "[case a]\nprofile = p\ncommand = true\ncolour = red\n", 4,
		  "unknown key 'colour'" },
		{ "[case a]\nprofile = p\ncommand = true\nstdot = file\n", 4,
		  "did you mean 'stdout'?" },
		{ "[case a]\nprofile = p\ncommand = true\nstderr = log\n", 4,
		  "bad stderr 'log'" },
		{ "[case a]\nprofile = p\ncommand = true\nexpect-exit = x\n", 4,
		  "expect-exit must be 0 to 255" },
		{ "[case a]\nprofile = p\ncommand = true\ntimeout = -1\n", 4,
		  "bad timeout" },
		{ "[case a]\nprofile = p\ncommand = true\nexpect-denied = ptrcae\n",
		  4, "did you mean 'ptrace'?" },
		{ "[case a]\nprofile = p\nprofile = q\n", 3, "given twice" },
		{ "[case a]\ncommand = true\n", 1, "has no 'profile'" },
		{ "[case a]\nprofile = p\n", 1, "has no 'command'" },
		{ "[test a]\nprofile = p\n", 2, "is not a case" },
		{ "[case a]\nprofile = p\nthis is not ini\n", 3, "not INI" },
		{ "[case a]\nprofile = p\ncommand = echo $(id)\n", 3,
		  "bad command" },
		{ "[case a]\nprofile = p\ncommand = true\nenv = NOVALUE\n", 4,
		  "bad env entry 'NOVALUE'" },
		{ "; nothing\n", 0, "no [case NAME] section" },
		{ "[case a]\nprofile = p\ncommand = true\ncaps = CAP_FLY\n", 4,
		  "unknown capability 'CAP_FLY'" },
		{ "[case a]\nprofile = p\ncommand = true\ncwd = nowhere\n", 4,
		  "cwd " },
		{ "[case a]\nprofile = p\ncommand = true\n[case a]\nprofile = "
		  "q\ncommand = true\n",
		  4, "defined again" },
		{ "[case a]\nprofile = p\ncommand = true\nexpect-denied = "
		  "ptrace,mount,opnat\n",
		  4, "did you mean 'openat'?" },
		/* Regressions: each was accepted, misread or misplaced. */
		{ "[case a]\nprofile = p\ncommand = true\ntimeout = nan\n", 4,
		  "bad timeout 'nan'" },
		{ "[case a]\nprofile = p\ncommand = true\ntimeout = inf\n", 4,
		  "bad timeout 'inf'" },
		{ "[case a]\nprofile = p\ncommand = true\ntimeout = 1e400\n", 4,
		  "bad timeout '1e400'" },
		{ "[case a]\nprofile = p\ncommand = true\ntimeout = 2000000\n",
		  4, "0 (never) to 1000000" },
		{ "[case a]\nprofile = p\ncommand = true\nexpect-exit = "
		  "4294967296\n",
		  4, "expect-exit must be 0 to 255" },
		{ "[case a]\nprofile = p\ncommand = true\nexpect-exit = "
		  "99999999999999999999\n",
		  4, "expect-exit must be 0 to 255" },
		{ "[case a\nprofile = p\ncommand = true\n", 1,
		  "without its closing ']'" },
		{ "[case a]\nprofile = p\ncommand = true\njunk\ncolour = red\n",
		  4, "not INI" },
		{ "[case a]\nprofile =\ncommand = true\n", 2,
		  "'profile' is empty" },
		{ "[case a]\nprofile = p\ncommand = true\n  false\n", 4,
		  "indented line" },
		{ "[case a]\n  profile = p\n  command = true\n", 3,
		  "more of 'profile'" },
		{ "[case a]\nprofile = p\ncommand = true\n  [case b]\n", 4,
		  "indented line" },
		{ "profile = p\n[case a]\n", 1,
		  "comes before any [case NAME]" },
		{ "[case a]\nprofile = p\ncommand = true\n\xff\n", 4,
		  "binary data (byte 0xff)" },
		{ "[case caf\xc3\n", 1, "binary data (byte 0xc3)" },
		{ "[case a]\nprofile = p\ncommand = echo "
		  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
		  " timeout=1\n",
		  3, "case files allow" },
		{ "[case nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn]"
		  "\nprofile = p\ncommand = true\n",
		  1, "is too long" },
		/* Issue 15: each was misreported or dropped. */
		{ "[case a]\nprofile = p\ncommand = echo $SCAUDIT_NOPE_H1\n", 3,
		  "unset variable 'SCAUDIT_NOPE_H1' in command" },
		{ "[case a]\nprofile = p\ncommand = echo \"${SCAUDIT_NOPE_H1}\"\n",
		  3, "export SCAUDIT_NOPE_H1 before" },
		{ "[case a]\nprofile = p\ncommand = true\nenv = "
		  "X=$SCAUDIT_NOPE_H1\n",
		  4, "unset variable 'SCAUDIT_NOPE_H1' in env" },
		{ "[case a]\nprofile = p\ncommand = true\ntimout = 3\n", 4,
		  "did you mean 'timeout'?" },
		{ "[case a]\n; later\n\n[case b]\nprofile = p\ncommand = true\n",
		  1, "case 'a' has no keys" },
		{ "[case a]\nprofile = p\ncommand = true\n[case b]\n", 4,
		  "case 'b' has no keys" },
		{ "[case a]\nprofile = p\ncommand = true\n[case b]\n; none\n",
		  4, "give it a profile = and a command = line" },
		{ "[case a]\nprofile = p\ncommand = true\n[notes]\n", 4,
		  "section [notes] has no keys" },
		{ "[case a]\njunk\n[case b]\nprofile = p\ncommand = true\n", 2,
		  "not INI" },
	};
	unsetenv("SCAUDIT_NOPE_H1");
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *p = write_case("bad.ini", t[i].text);
		struct case_list l = { 0 };
		struct diag d = { 0 };
		int r = case_load(p, &l, &d);
		char all[1024];
		snprintf(all, sizeof(all), "%s — %s", d.message, d.hint);
		if (r != -EINVAL || d.line != t[i].line ||
		    !strstr(all, t[i].message))
			print_error("case %zu: r=%d line %u: %s\n", i, r,
				    d.line, all);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(d.file, p);
		assert_int_equal(d.line, t[i].line);
		assert_non_null(strstr(all, t[i].message));
		case_list_free(&l);
	}
}

/* The path of the command of a one-case file of text, its job made from
 * another directory; the job's cwd, if any, into cwd. */
static int job_of(const char *text, char *path, char *cwd, struct diag *d)
{
	const char *p = write_case("cmd.ini", text);
	struct case_list l = { 0 };
	struct job j;
	assert_int_equal(case_load(p, &l, d), 0);
	char here[4096];
	assert_non_null(getcwd(here, sizeof(here)));
	assert_int_equal(chdir("/"), 0);
	int r = case_job(&l.cases[0], &j, d);
	assert_int_equal(chdir(here), 0);
	if (r == 0) {
		/* argv is the case's: what the workload sees as argv[0]. */
		assert_string_equal(j.argv[0], l.cases[0].argv[0]);
		/* The file found (cwd = bin gives .../bin/./h1tool). */
		if (!realpath(j.path, path))
			snprintf(path, 4096, "%s", j.path);
		snprintf(cwd, 4096, "%s", j.cwd ? j.cwd : "");
	}
	job_clear(&j);
	case_list_free(&l);
	return r;
}

/* A relative command with a '/' is found from the case file's directory,
 * as its profile is, or from cwd = when given; a bare name on PATH. */
static void test_command_path(void **state)
{
	char bin[128], tool[160], real[4096], want[4200];
	char path[4096], cwd[4096];
	snprintf(bin, sizeof(bin), "%s/bin", dir);
	assert_int_equal(mkdir(bin, 0755), 0);
	snprintf(tool, sizeof(tool), "%s/bin/h1tool", dir);
	write_case("bin/h1tool", "#!/bin/sh\n");
	assert_int_equal(chmod(tool, 0755), 0);
	assert_non_null(realpath(tool, real));
	write_case("h1tool", "#!/bin/sh\n");
	snprintf(tool, sizeof(tool), "%s/h1tool", dir);
	assert_int_equal(chmod(tool, 0755), 0);
	struct diag d = { 0 };

	assert_int_equal(
		job_of("[case a]\nprofile = p\ncommand = ./bin/h1tool x\n",
		       path, cwd, &d),
		0);
	assert_string_equal(path, real);
	assert_string_equal(cwd, ""); /* found there, run where scaudit is */
	assert_int_equal(job_of("[case a]\nprofile = p\ncommand = bin/h1tool\n",
				path, cwd, &d),
			 0);
	assert_string_equal(path, real);
	/* cwd = given: where it runs, and where ./ is. */
	assert_int_equal(job_of("[case a]\nprofile = p\ncwd = bin\n"
				"command = ./h1tool\n",
				path, cwd, &d),
			 0);
	assert_string_equal(path, real);
	assert_string_equal(cwd, bin);
	assert_int_equal(job_of("[case a]\nprofile = p\ncwd = bin\n"
				"command = ./bin/h1tool\n",
				path, cwd, &d),
			 -ENOENT);
	/* A bare name is PATH's, though the case's directory has one. */
	assert_int_equal(job_of("[case a]\nprofile = p\ncommand = h1tool\n",
				path, cwd, &d),
			 -ENOENT);
	assert_int_equal(job_of("[case a]\nprofile = p\ncommand = true\n", path,
				cwd, &d),
			 0);
	assert_non_null(strstr(path, "/true"));
	assert_int_equal(job_of("[case a]\nprofile = p\ncommand = ./nope\n",
				path, cwd, &d),
			 -ENOENT);
	snprintf(want, sizeof(want),
		 "looked for from the case file's directory %s", dir);
	assert_non_null(strstr(d.message, "./nope: command not found"));
	assert_non_null(strstr(d.message, want));
	assert_int_equal(d.line, 1);
}

static void test_bad_files(void **state)
{
	struct case_list l = { 0 };
	struct diag d = { 0 };
	char path[192];

	/* A NUL byte ended the line early: "tr\0ue" ran tr. */
	snprintf(path, sizeof(path), "%s/nul.ini", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fwrite("[case a]\nprofile = p\ncommand = tr\0ue\n", 1, 38, f);
	fclose(f);
	assert_int_equal(case_load(path, &l, &d), -EINVAL);
	assert_int_equal(d.line, 3);
	assert_int_equal(d.column, 13);
	assert_non_null(strstr(d.message, "binary data (byte 0x00)"));
	assert_int_equal(l.n, 0);

	/* Larger than the limit: refused before it is read. */
	snprintf(path, sizeof(path), "%s/big.ini", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[case a]\nprofile = p\ncommand = true\n", f);
	assert_int_equal(ftruncate(fileno(f), 5 << 20), 0);
	fclose(f);
	assert_int_equal(case_load(path, &l, &d), -EFBIG);
	assert_int_equal(d.line, 0);
	assert_non_null(strstr(d.message, "too large"));

	/* A FIFO nobody writes to: empty, not a hang. */
	snprintf(path, sizeof(path), "%s/fifo.ini", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(case_load(path, &l, &d), -EINVAL);
	assert_non_null(strstr(d.message, "no [case NAME] section"));
	unlink(path);

	/* A device has no end: refused at the limit. */
	assert_int_equal(case_load("/dev/zero", &l, &d), -EFBIG);

	/* A byte order mark: the header's line is still line 1. */
	const char *p = write_case("bom.ini", "\xef\xbb\xbf[case a]\n"
					      "profile = p\ncommand = true\n");
	assert_int_equal(case_load(p, &l, &d), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.cases[0].line, 1);
	case_list_free(&l);
}

static void test_directory(void **state)
{
	char sub[128];
	snprintf(sub, sizeof(sub), "%s/suite", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	FILE *f;
	char path[192];
	snprintf(path, sizeof(path), "%s/b.case", sub);
	f = fopen(path, "w");
	fputs("[case b]\nprofile = p\ncommand = true\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/a.ini", sub);
	f = fopen(path, "w");
	fputs("[case a]\nprofile = p\ncommand = true\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/notes.txt", sub);
	f = fopen(path, "w");
	fputs("not a case\n", f);
	fclose(f);
	struct case_list l = { 0 };
	struct diag d = { 0 };
	assert_int_equal(case_load_path(sub, &l, &d), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.cases[0].name, "a"); /* files sorted */
	case_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_case),
		cmocka_unit_test(test_bad_cases),
		cmocka_unit_test(test_command_path),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_directory),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
