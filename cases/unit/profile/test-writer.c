/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <jansson.h>

#include "profile-helpers.h"
#include "util.h"
#include "writer.h"

static struct profile *load_path(const char *path)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(path, PROFILE_FORMAT_AUTO, 0, &p, &d), 0);
	return p;
}

/* Leave out every entry of name, whatever its rule. */
static void drop(const struct profile *p, struct profile_delta *d,
		 const char *name)
{
	bool found = false;
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (strcmp(p->rules[i].names[j].name, name) == 0)
				found = d->dropped[d->first[i] + j] = true;
	assert_true(found);
}

/* Every (rule index, names) of b equals a's without the dropped names. */
static void same_minus_dropped(const struct profile *a,
			       const struct profile_delta *d,
			       const struct profile *b)
{
	size_t bi = 0;
	for (size_t i = 0; i < a->n_rules; i++) {
		const struct profile_rule *ra = &a->rules[i];
		size_t left = 0;
		for (size_t j = 0; j < ra->n_names; j++)
			left += !profile_delta_dropped(d, i, j);
		if (!left)
			continue; /* the rule went with its last name */
		assert_true(bi < b->n_rules);
		const struct profile_rule *rb = &b->rules[bi++];
		assert_int_equal(rb->n_names, left);
		size_t k = 0;
		for (size_t j = 0; j < ra->n_names; j++)
			if (!profile_delta_dropped(d, i, j))
				assert_string_equal(rb->names[k++].name,
						    ra->names[j].name);
		assert_int_equal(rb->action.type, ra->action.type);
		assert_int_equal(rb->action.value, ra->action.value);
		assert_int_equal(rb->n_args, ra->n_args);
		for (size_t g = 0; g < ra->n_args; g++) {
			assert_int_equal(rb->args[g].op, ra->args[g].op);
			assert_true(rb->args[g].value == ra->args[g].value);
		}
		assert_int_equal(rb->includes.caps.n, ra->includes.caps.n);
		assert_int_equal(rb->excludes.caps.n, ra->excludes.caps.n);
		assert_int_equal(rb->includes.arches.n, ra->includes.arches.n);
		if (ra->comment)
			assert_string_equal(rb->comment, ra->comment);
	}
	assert_int_equal(bi, b->n_rules);
}

static void test_oci_round_trip(void **state)
{
	struct profile *p = load_path(FIXTURE("docker-style.json"));
	cleanup_profile_delta struct profile_delta d;
	assert_int_equal(profile_delta_init(&d, p), 0);
	drop(p, &d, "chown32");
	drop(p, &d, "personality"); /* its rule is left empty: dropped */
	drop(p, &d, "umount2");
	char *text = NULL;
	assert_int_equal(writer_trimmed(p, &d, &text), 0);
	struct profile *q = load_ok(text, PROFILE_FORMAT_OCI);
	same_minus_dropped(p, &d, q);
	assert_int_equal(q->n_rules, p->n_rules - 1);
	assert_string_equal(
		json_string_value(json_object_get(q->doc, "x-owner")),
		"platform-team");
	assert_int_equal(q->n_archmap, 3);
	/* The original's two-space indentation. */
	assert_non_null(strstr(text, "\n  \"defaultAction\": "));
	free(text);
	profile_free(q);
	profile_free(p);
}

static void test_list_round_trip(void **state)
{
	struct profile *p = load_path(FIXTURE("tolerated.list"));
	cleanup_profile_delta struct profile_delta d;
	assert_int_equal(profile_delta_init(&d, p), 0);
	drop(p, &d, "write");
	char *text = NULL;
	assert_int_equal(writer_trimmed(p, &d, &text), 0);
	/* Comments and blank lines stay; the dropped line goes. */
	assert_non_null(strstr(text, "# A list with tolerated denials"));
	assert_null(strstr(text, "trailing comments are fine"));
	assert_non_null(strstr(text, "clone3 errno=ENOSYS\n"));
	struct profile *q = load_ok(text, PROFILE_FORMAT_LIST);
	same_minus_dropped(p, &d, q);
	free(text);
	profile_free(q);
	profile_free(p);
}

static void test_added_names(void **state)
{
	struct profile *p =
		load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
			" \"syscalls\": [\n"
			"  {\"names\": [\"ptrace\"], \"action\": "
			"\"SCMP_ACT_ALLOW\", \"args\": [{\"index\": "
			"0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},\n"
			"  {\"names\": [\"read\"], \"action\": "
			"\"SCMP_ACT_ALLOW\"}\n"
			" ]}\n",
			PROFILE_FORMAT_OCI);
	const struct profile_action allow = { PROFILE_ACT_ALLOW, 0 };
	struct profile_delta d;
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_add(&d, "brk", allow), 0);
	char *text = NULL;
	assert_int_equal(writer_trimmed(p, &d, &text), 0);
	struct profile *q = load_ok(text, PROFILE_FORMAT_OCI);
	/* Into the unconditional allow rule, not the conditional one. */
	assert_int_equal(q->n_rules, 2);
	assert_int_equal(q->rules[1].n_names, 2);
	assert_string_equal(q->rules[1].names[1].name, "brk");
	free(text);
	profile_free(q);
	profile_delta_clear(&d);
	profile_free(p);

	p = load_ok("read\n", PROFILE_FORMAT_LIST);
	assert_int_equal(profile_delta_init(&d, p), 0);
	assert_int_equal(profile_delta_add(&d, "brk", allow), 0);
	/* A trial's errno rule is never written. */
	const struct profile_action enosys = { PROFILE_ACT_ERRNO, ENOSYS };
	assert_int_equal(profile_delta_add(&d, "getppid", enosys), 0);
	assert_int_equal(writer_trimmed(p, &d, &text), 0);
	assert_string_equal(text,
			    "read\nbrk # added by scaudit trim --learn\n");
	free(text);
	profile_delta_clear(&d);
	profile_free(p);
}

static void test_strace_becomes_list(void **state)
{
	struct profile *p = load_path(FIXTURE("date.strace"));
	cleanup_profile_delta struct profile_delta d;
	assert_int_equal(profile_delta_init(&d, p), 0);
	drop(p, &d, "openat");
	char *text = NULL;
	assert_int_equal(writer_trimmed(p, &d, &text), 0);
	struct profile *q = load_ok(text, PROFILE_FORMAT_AUTO);
	assert_int_equal(q->format, PROFILE_FORMAT_LIST);
	assert_int_equal(q->n_rules, 20);
	assert_null(find_rule(q, "openat"));
	assert_string_equal(q->rules[0].names[0].name, "access"); /* sorted */
	free(text);
	profile_free(q);
	profile_free(p);
}

static void test_names(void **state)
{
	char *names[] = { (char *)"brk", (char *)"read", NULL };
	uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86 };
	struct writer_set s = { names, 2, arches, 2, "made by a test" };
	char *text = NULL;

	assert_int_equal(writer_names(WRITER_LIST, &s, &text), 0);
	assert_string_equal(text, "# made by a test\n# 2 syscalls, one per "
				  "line.\nbrk\nread\n");
	free(text);
	assert_int_equal(writer_names(WRITER_GO, &s, &text), 0);
	assert_string_equal(text, "//go:build linux\n\npackage main\n\n"
				  "// made by a test\nvar syscalls = "
				  "[]string{\n\t\"brk\",\n\t\"read\",\n}\n");
	free(text);
	assert_int_equal(writer_names(WRITER_C, &s, &text), 0);
	assert_non_null(strstr(text, "\t\"read\",\n\tNULL,\n};\n"));
	free(text);
	assert_int_equal(writer_names(WRITER_OCI, &s, &text), 0);
	struct profile *q = load_ok(text, PROFILE_FORMAT_AUTO);
	assert_int_equal(q->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(q->architectures.n, 2);
	assert_string_equal(q->architectures.v[1], "SCMP_ARCH_X86");
	assert_int_equal(q->rules[0].n_names, 2);
	assert_string_equal(q->rules[0].comment, "made by a test");
	free(text);
	profile_free(q);
}

static void test_fix_per_format(void **state)
{
	char buf[512];

	struct profile *p = load_ok("read\n", PROFILE_FORMAT_LIST);
	writer_fix_allow(p, "brk", buf, sizeof(buf));
	assert_string_equal(buf, "add the line 'brk' to test");
	profile_free(p);

	p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
		"   \"includes\": {\"caps\": [\"CAP_SYS_PTRACE\"]}},\n"
		"  {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}\n"
		" ]}\n",
		PROFILE_FORMAT_OCI);
	writer_fix_allow(p, "brk", buf, sizeof(buf));
	/* Not the conditional rule: the unconditional one at line 5. */
	assert_string_equal(buf, "add \"brk\" to the \"names\" at test:5");
	profile_free(p);

	/* A strace table records calls: a line added to it allows nothing. */
	p = load_ok(
		"% time     seconds  usecs/call     calls    errors syscall\n"
		"------ ----------- ----------- --------- --------- "
		"----------------\n"
		"100.00    0.000001           1         1           read\n"
		"------ ----------- ----------- --------- --------- "
		"----------------\n"
		"100.00    0.000001           1         1           total\n",
		PROFILE_FORMAT_STRACE);
	writer_fix_allow(p, "brk", buf, sizeof(buf));
	assert_string_equal(buf, "an strace table records calls, it is not "
				 "a profile: make it one with 'scaudit "
				 "convert test --to list' and add brk there");
	profile_free(p);

	p = load_ok("{\"defaultAction\": \"SCMP_ACT_ERRNO\"}",
		    PROFILE_FORMAT_OCI);
	writer_fix_allow(p, "brk", buf, sizeof(buf));
	assert_non_null(strstr(buf, "{\"names\": [\"brk\"], \"action\": "
				    "\"SCMP_ACT_ALLOW\"}"));
	profile_free(p);
}

/* p trimmed of drop and with add, as text; the text read back. */
static char *trim_text(const struct profile *p, const char *drop_name,
		       const char *add_name, struct profile **ret)
{
	struct profile_delta d = PROFILE_DELTA_INIT;
	assert_int_equal(profile_delta_init(&d, p), 0);
	if (drop_name)
		drop(p, &d, drop_name);
	if (add_name)
		assert_int_equal(
			profile_delta_add(&d, add_name,
					  (struct profile_action){
						  PROFILE_ACT_ALLOW, 0 }),
			0);
	char *text = NULL;
	assert_int_equal(writer_trimmed(p, &d, &text), 0);
	profile_delta_clear(&d);
	*ret = load_ok(text, p->format);
	return text;
}

static void test_trimmed_go(void **state)
{
	struct profile *p = load_path(FIXTURE("seccomp.go"));
	struct profile *q = NULL;
	char *text = trim_text(p, "write", "pipe2", &q);
	/* The element's line went, comment and all; the rest byte for
	 * byte; the added name before the '}'. */
	assert_null(strstr(text, "stdout"));
	assert_non_null(
		strstr(text, "\t\"close\",\n\t\"mmap\", \"munmap\",\n"));
	assert_non_null(strstr(text, "\t`futex`,\n\t\"pipe2\",\n}\n"));
	assert_non_null(strstr(text, "func main() {"));
	assert_null(find_rule(q, "write"));
	assert_non_null(find_rule(q, "pipe2"));
	assert_int_equal(q->n_rules, 7);
	free(text);
	profile_free(q);
	/* A name mid-line: the element and its comma. */
	text = trim_text(p, "mmap", NULL, &q);
	assert_non_null(strstr(text, "\n\t\"munmap\",\n"));
	free(text);
	profile_free(q);
	profile_free(p);
}

static void test_trimmed_c(void **state)
{
	struct profile *p = load_path(FIXTURE("syscalls.c"));
	struct profile *q = NULL;
	char *text = trim_text(p, "close", "pipe2", &q);
	assert_non_null(
		strstr(text, "\t\"write\", /* stdout */\n\t\"exit_group\""));
	assert_non_null(strstr(text, "\t\"pipe2\",\n\tNULL,\n"));
	assert_int_equal(q->n_rules, 5);
	free(text);
	profile_free(q);
	profile_free(p);

	p = load_path(FIXTURE("rules.c"));
	text = trim_text(p, "read", "pipe2", &q);
	assert_null(strstr(text, "SCMP_SYS(read)"));
	assert_non_null(strstr(text,
			       "SCMP_SYS(exit_group), 0);\n\tseccomp_rule_add("
			       "ctx, SCMP_ACT_ALLOW, SCMP_SYS(pipe2), 0);\n"));
	assert_non_null(find_rule(q, "pipe2"));
	/* The conditional rule is kept, condition and all. */
	assert_int_equal(find_rule(q, "write")->n_args, 1);
	free(text);
	profile_free(q);
	profile_free(p);

	/* "b" then "x" would be one string: a comma goes in. */
	p = load_ok("const char *s[] = {\n\t\"read\",\n\t\"write\"\n};\n",
		    PROFILE_FORMAT_C);
	text = trim_text(p, NULL, "close", &q);
	assert_string_equal(text,
			    "const char *s[] = {\n\t\"read\",\n\t\"write\",\n"
			    "\t\"close\",\n};\n");
	free(text);
	profile_free(q);
	profile_free(p);
}

static void test_trimmed_systemd(void **state)
{
	struct profile *p = load_ok("[Service]\nExecStart=/bin/x\n"
				    "SystemCallFilter=@basic-io openat\n"
				    "SystemCallFilter=pipe\nUser=x\n",
				    PROFILE_FORMAT_SYSTEMD);
	struct profile *q = NULL;
	/* An explicit token goes from its line (the line with it: an empty
	 * SystemCallFilter= would reset); a group's name by a ~ line. */
	char *text = trim_text(p, "pipe", "pipe2", &q);
	assert_string_equal(text, "[Service]\nExecStart=/bin/x\n"
				  "SystemCallFilter=@basic-io openat\n"
				  "SystemCallFilter=pipe2\nUser=x\n");
	free(text);
	profile_free(q);
	text = trim_text(p, "read", NULL, &q);
	assert_non_null(strstr(text, "SystemCallFilter=pipe\n"
				     "SystemCallFilter=~read\nUser=x\n"));
	assert_null(find_rule(q, "read"));
	assert_non_null(find_rule(q, "write"));
	free(text);
	profile_free(q);
	/* brk is named and in @default: both ways out. */
	profile_free(p);
	p = load_ok("SystemCallFilter=brk openat\n", PROFILE_FORMAT_SYSTEMD);
	text = trim_text(p, "brk", NULL, &q);
	assert_string_equal(text, "SystemCallFilter=openat\n"
				  "SystemCallFilter=~brk\n");
	assert_null(find_rule(q, "brk"));
	free(text);
	profile_free(q);
	profile_free(p);
}

/* Where the fix goes, for reports located at the line to edit. */
static void test_fix_at(void **state)
{
	struct profile *p = load_ok("# a list\nread\nwrite\n\nclose\n",
				    PROFILE_FORMAT_LIST);
	assert_int_equal(writer_fix_at(p).line, 5); /* after the last */
	profile_free(p);
	p = load_ok(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
		" \"syscalls\": [\n"
		"  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"},\n"
		"  {\"names\": [\n   \"read\"], \"action\": "
		"\"SCMP_ACT_ALLOW\"}]}\n",
		PROFILE_FORMAT_OCI);
	/* The allow rule's names, not the first rule. */
	assert_int_equal(writer_fix_at(p).line, 5);
	profile_free(p);
}

static void test_fix_hand_written(void **state)
{
	char buf[512];
	struct profile *p = load_path(FIXTURE("seccomp.go"));
	writer_fix_allow(p, "pipe2", buf, sizeof(buf));
	assert_non_null(strstr(buf, "add \"pipe2\", to the []string at "));
	assert_non_null(strstr(buf, "seccomp.go:20"));
	profile_free(p);
	p = load_path(FIXTURE("syscalls.c"));
	writer_fix_allow(p, "pipe2", buf, sizeof(buf));
	assert_non_null(strstr(buf, "add \"pipe2\", to syscalls[] at "));
	profile_free(p);
	p = load_path(FIXTURE("rules.c"));
	writer_fix_allow(p, "pipe2", buf, sizeof(buf));
	assert_non_null(strstr(buf, "SCMP_SYS(pipe2), 0); after "));
	assert_non_null(strstr(buf, "rules.c:13"));
	profile_free(p);
	p = load_path(FIXTURE("app.service"));
	writer_fix_allow(p, "pipe2", buf, sizeof(buf));
	assert_non_null(strstr(buf, "add pipe2 to SystemCallFilter= at "));
	assert_non_null(strstr(buf, "app.service:8"));
	profile_free(p);
	p = load_path(FIXTURE("app-dropin.conf"));
	writer_fix_allow(p, "ptrace", buf, sizeof(buf));
	assert_non_null(
		strstr(buf, "remove ptrace from SystemCallFilter= at "));
	writer_fix_allow(p, "mount", buf, sizeof(buf));
	assert_non_null(strstr(buf, "mount comes from @mount"));
	profile_free(p);
}

static void test_names_systemd(void **state)
{
	char *names[] = { (char *)"brk", (char *)"read", NULL };
	uint32_t arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X86 };
	struct profile_action def = { PROFILE_ACT_ERRNO, EPERM };
	struct writer_set s = { names, 2, arches, 2, "made by a test" };
	s.default_action = &def;
	char *text = NULL;
	assert_int_equal(writer_names(WRITER_SYSTEMD, &s, &text), 0);
	assert_string_equal(text, "# made by a test\n[Service]\n"
				  "SystemCallFilter=brk read\n"
				  "SystemCallErrorNumber=EPERM\n"
				  "SystemCallArchitectures=x86-64 x86\n");
	struct profile *q = load_ok(text, PROFILE_FORMAT_AUTO);
	assert_int_equal(q->format, PROFILE_FORMAT_SYSTEMD);
	assert_int_equal(q->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(q->architectures.n, 2);
	free(text);
	profile_free(q);
	/* A default that allows: a deny list. */
	struct profile_action acts[] = { { PROFILE_ACT_ERRNO, ENOSYS },
					 { PROFILE_ACT_KILL_PROCESS, 0 } };
	def = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	s.actions = acts;
	s.n_arches = 0;
	assert_int_equal(writer_names(WRITER_SYSTEMD, &s, &text), 0);
	assert_non_null(strstr(text, "\nSystemCallFilter=~brk:ENOSYS read\n"));
	free(text);
}

/* go build takes the Go file (when go is installed). */
static void test_go_builds(void **state)
{
	if (system("command -v go >/dev/null 2>&1") != 0) {
		skip();
		return;
	}
	char *names[] = { (char *)"brk", (char *)"read", NULL };
	const char *notes[] = { "a note", NULL };
	struct writer_set s = { names, 2, NULL, 0, "made by a test", notes };
	s.package = "filter";
	char *text = NULL;
	assert_int_equal(writer_names(WRITER_GO, &s, &text), 0);
	char dir[] = "/tmp/scaudit-go-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128], cmd[512];
	snprintf(path, sizeof(path), "%s/syscalls.go", dir);
	assert_int_equal(util_write_file_atomic(path, text, strlen(text)), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && export HOME=%s GOCACHE=%s/cache GOFLAGS=-mod=mod && "
		 "go mod init x >/dev/null 2>&1 && go vet ./... && "
		 "go build ./... ; r=$?; rm -rf %s; exit $r",
		 dir, dir, dir, dir);
	assert_int_equal(system(cmd), 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fix_per_format),
		cmocka_unit_test(test_oci_round_trip),
		cmocka_unit_test(test_list_round_trip),
		cmocka_unit_test(test_added_names),
		cmocka_unit_test(test_strace_becomes_list),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_trimmed_go),
		cmocka_unit_test(test_trimmed_c),
		cmocka_unit_test(test_trimmed_systemd),
		cmocka_unit_test(test_fix_hand_written),
		cmocka_unit_test(test_fix_at),
		cmocka_unit_test(test_names_systemd),
		cmocka_unit_test(test_go_builds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
