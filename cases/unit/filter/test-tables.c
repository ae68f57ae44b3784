/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Table-driven checks of the emulator in the style of libseccomp's
 * tests/NN-sim-NAME.tests: each row of cases/unit/tables/NAME.tests gives an
 * arch, a syscall and six arguments, and the action the profile's exact
 * filter must take, run in scaudit's BPF interpreter (no kernel). */
#include <dirent.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>

#include "caps.h"
#include "filter.h"
#include "profile-helpers.h"

#define TABLES SCAUDIT_SOURCE_ROOT "/cases/unit/tables"

static uint32_t parse_result(const char *s)
{
	unsigned n;
	if (sscanf(s, "ERRNO(%u)", &n) == 1)
		return SECCOMP_RET_ERRNO | n;
	static const struct {
		const char *name;
		uint32_t ret;
	} t[] = {
		{ "ALLOW", SECCOMP_RET_ALLOW },
		{ "KILL_PROCESS", SECCOMP_RET_KILL_PROCESS },
		{ "KILL_THREAD", SECCOMP_RET_KILL_THREAD },
		{ "TRAP", SECCOMP_RET_TRAP },
		{ "LOG", SECCOMP_RET_LOG },
		{ "NOTIFY", SECCOMP_RET_USER_NOTIF },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(s, t[i].name) == 0)
			return t[i].ret;
	fail_msg("bad result '%s'", s);
	return 0;
}

static size_t run_table(const char *path)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[512];
	struct profile *p = NULL;
	struct filter *flt = NULL;
	size_t rows = 0;
	unsigned lineno = 0;
	enum profile_semantics semantics = PROFILE_SEMANTICS_AUTO;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		char a[64], b[256];
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "profile %255s", b) == 1) {
			char full[512];
			snprintf(full, sizeof(full), "%s/%s",
				 SCAUDIT_SOURCE_ROOT, b);
			struct diag d = { 0 };
			assert_int_equal(profile_load(full, PROFILE_FORMAT_AUTO,
						      0, &p, &d),
					 0);
			continue;
		}
		if (sscanf(line, "semantics %63s", a) == 1) {
			assert_int_equal(profile_semantics_parse(a, &semantics),
					 0);
			continue;
		}
		if (sscanf(line, "caps %63s", a) == 1) {
			uint64_t caps;
			char bad[32];
			assert_int_equal(caps_parse(a, &caps, bad, sizeof(bad)),
					 0);
			struct profile_env env = { .arch = SCMP_ARCH_X86_64,
						   .caps = caps,
						   .kernel_major = 6,
						   .kernel_minor = 1,
						   .semantics = semantics };
			profile_evaluate(p, &env);
			struct diag d = { 0 };
			struct filter_options o = { 0 };
			/* A file may judge the profile twice (semantics). */
			filter_free(flt);
			flt = NULL;
			assert_int_equal(filter_build(p, &o, &flt, &d), 0);
			continue;
		}
		char arch[32], name[64], res[32];
		unsigned long long v[6];
		int n = sscanf(line,
			       "%31s %63s %lli %lli %lli %lli %lli %lli %31s",
			       arch, name, &v[0], &v[1], &v[2], &v[3], &v[4],
			       &v[5], res);
		if (n != 9)
			fail_msg("%s:%u: bad row", path, lineno);
		/* Hex values above INT64_MAX: read them again unsigned. */
		char *s = line;
		for (int k = 0; k < 2; k++)
			s += strspn(s, " \t"), s += strcspn(s, " \t");
		for (int k = 0; k < 6; k++) {
			s += strspn(s, " \t");
			v[k] = strtoull(s, &s, 0);
		}
		uint32_t token;
		assert_int_equal(syscalls_arch_parse(arch, &token), 0);
		int nr = syscalls_resolve(token, name);
		if (nr < 0)
			fail_msg("%s:%u: %s is no %s syscall", path, lineno,
				 name, arch);
		struct seccomp_data d = {
			.nr = nr,
			.arch = syscalls_audit_arch(token),
		};
		for (int k = 0; k < 6; k++)
			d.args[k] = v[k];
		uint32_t got;
		assert_int_equal(filter_decide(flt, &d, &got), 0);
		uint32_t want = parse_result(res);
		if (got != want)
			fail_msg("%s:%u: %s %s: got %#x, want %#x (%s)", path,
				 lineno, arch, name, got, want, res);
		rows++;
	}
	fclose(f);
	filter_free(flt);
	profile_free(p);
	return rows;
}

static int cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static void test_tables(void **state)
{
	DIR *dir = opendir(TABLES);
	assert_non_null(dir);
	char *files[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < 64) {
		size_t l = strlen(e->d_name);
		if (l > 6 && strcmp(e->d_name + l - 6, ".tests") == 0)
			assert_true(asprintf(&files[n++], "%s/%s", TABLES,
					     e->d_name) > 0);
	}
	closedir(dir);
	qsort(files, n, sizeof(*files), cmp);
	size_t rows = 0;
	for (size_t i = 0; i < n; i++) {
		size_t r = run_table(files[i]);
		print_message("%s: %zu rows\n", files[i], r);
		assert_true(r > 0);
		rows += r;
		free(files[i]);
	}
	assert_true(n >= 4);
	assert_true(rows >= 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables),
	};
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
