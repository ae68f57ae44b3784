/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>

#include "profile-helpers.h"
#include "systemd-groups.h"
#include "util.h"

static void test_unit_file(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("app.service"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	assert_int_equal(p->format, PROFILE_FORMAT_SYSTEMD);
	assert_false(p->source.deny_list);
	assert_int_equal(p->default_action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(p->default_action.value, EPERM);
	/* @basic-io, @io-event, @default (implicit), the names; ioctl was
	 * never allowed, so ~ioctl takes nothing out. */
	const struct profile_rule *r = find_rule(p, "read");
	assert_string_equal(r->comment, "@basic-io");
	assert_int_equal(r->loc.line, 7);
	assert_int_equal(r->loc.column, 18);
	r = find_rule(p, "getpid");
	assert_string_equal(r->comment, "@default");
	r = find_rule(p, "epoll_wait");
	assert_string_equal(r->comment, "@io-event");
	/* Explicit, on the continuation line. */
	const struct profile_name *n = find_name(p, "brk");
	assert_int_equal(n->loc.line, 9);
	assert_int_equal(n->loc.column, 11);
	assert_null(find_rule(p, "brk")->comment);
	assert_null(find_rule(p, "ioctl"));
	assert_int_equal(p->architectures.n, 1);
	assert_string_equal(p->architectures.v[0],
			    syscalls_arch_name(syscalls_native_arch()));
	assert_int_equal(p->source.end.line, 10);
	profile_free(p);
}

static void test_deny_list(void **state)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load(FIXTURE("app-dropin.conf"),
				      PROFILE_FORMAT_AUTO, 0, &p, &d),
			 0);
	assert_true(p->source.deny_list);
	assert_int_equal(p->default_action.type, PROFILE_ACT_ALLOW);
	const struct profile_rule *r = find_rule(p, "mount");
	assert_int_equal(r->action.type, PROFILE_ACT_KILL_PROCESS);
	assert_string_equal(r->comment, "@mount");
	r = find_rule(p, "reboot");
	assert_int_equal(r->action.type, PROFILE_ACT_ERRNO);
	assert_int_equal(r->action.value, EACCES);
	r = find_rule(p, "ptrace");
	assert_int_equal(r->action.value, EPERM);
	assert_int_equal(find_rule(p, "kexec_load")->action.type,
			 PROFILE_ACT_KILL_PROCESS);
	profile_free(p);
}

/* systemd.exec(5)'s rules: accumulate, the other kind removes, an empty
 * assignment resets, SystemCallErrorNumber= for a deny list's rest. */
static void test_semantics(void **state)
{
	struct profile *p = load_ok("SystemCallFilter=read write\n"
				    "SystemCallFilter=~write\n",
				    PROFILE_FORMAT_AUTO);
	assert_non_null(find_rule(p, "read"));
	assert_null(find_rule(p, "write"));
	assert_non_null(find_rule(p, "brk")); /* @default */
	assert_int_equal(p->default_action.type, PROFILE_ACT_KILL_PROCESS);
	profile_free(p);
	p = load_ok("SystemCallFilter=~ioctl\nSystemCallFilter=read\n"
		    "SystemCallFilter=\nSystemCallFilter=~@swap\n"
		    "SystemCallErrorNumber=ENOSYS\n"
		    "SystemCallFilter=~open:EACCES\n",
		    PROFILE_FORMAT_AUTO);
	assert_null(find_rule(p, "ioctl")); /* reset */
	assert_int_equal(find_rule(p, "swapon")->action.value, ENOSYS);
	assert_int_equal(find_rule(p, "open")->action.value, EACCES);
	profile_free(p);
	/* Recursion: @system-service holds @basic-io. */
	p = load_ok("[Service]\nSystemCallFilter=@system-service\n",
		    PROFILE_FORMAT_AUTO);
	assert_string_equal(find_rule(p, "read")->comment, "@basic-io");
	profile_free(p);
	/* Other sections' keys are the unit's. */
	p = load_ok("[Unit]\nSystemCallFilter=~read\n[Service]\n"
		    "SystemCallFilter=read\n",
		    PROFILE_FORMAT_AUTO);
	assert_false(p->source.deny_list);
	profile_free(p);
}

static void test_groups_table(void **state)
{
	assert_string_equal(systemd_groups_version, "252");
	const struct systemd_group *g = systemd_group_find("@system-service");
	assert_non_null(g);
	assert_true(systemd_group_has(g, "read")); /* through @basic-io */
	assert_false(systemd_group_has(g, "reboot"));
	uint32_t a;
	assert_int_equal(systemd_arch_parse("x86-64", &a), 0);
	assert_int_equal(a, SCMP_ARCH_X86_64);
	assert_string_equal(systemd_arch_name(SCMP_ARCH_AARCH64), "arm64");
	assert_int_equal(systemd_arch_parse("x86_64", &a), -EINVAL);
}

static const struct bad_input bad[] = {
	{ "no filter", "[Service]\nExecStart=/bin/true\n", 0, 0, 0,
	  "no SystemCallFilter= names" },
	{ "reset last", "SystemCallFilter=read\nSystemCallFilter=\n", 0, 0, 0,
	  "the last assignment is empty" },
	{ "unknown group", "SystemCallFilter=read @sytem-service\n", 0, 1, 23,
	  "did you mean '@system-service'? (the groups of systemd 252)" },
	{ "errno in allow list", "SystemCallFilter=read open:EPERM\n", 0, 1, 23,
	  "an allow list's names take no errno" },
	{ "bad errno", "SystemCallFilter=~open:EFOO\n", 0, 1, 24,
	  "bad errno 'EFOO'" },
	{ "typo", "[Service]\nSystemCallFilter=opnat\n", 0, 2, 18,
	  "did you mean 'openat'?" },
	{ "trailing comment", "SystemCallFilter=read # x\n", 0, 1, 23,
	  "no comments after a value" },
	{ "bad arch", "SystemCallFilter=read\nSystemCallArchitectures=vax\n", 0,
	  2, 25, "unknown architecture 'vax'" },
	{ "bad error number",
	  "SystemCallFilter=read\nSystemCallErrorNumber=EWHAT\n", 0, 2, 1,
	  "bad SystemCallErrorNumber= 'EWHAT'" },
	{ "no key", "[Service]\nread\n", 0, 2, 1, "is no KEY=VALUE line" },
};

static void test_bad(void **state)
{
	check_bad_inputs(bad, ARRAY_SIZE(bad), PROFILE_FORMAT_SYSTEMD);
	assert_huge_name_refused(PROFILE_FORMAT_SYSTEMD,
				 "SystemCallFilter=", "\n", 1, 18);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unit_file),
		cmocka_unit_test(test_deny_list),
		cmocka_unit_test(test_semantics),
		cmocka_unit_test(test_groups_table),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
