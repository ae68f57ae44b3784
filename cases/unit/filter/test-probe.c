/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The emulator against the kernel: for every fixture profile, every
 * syscall the probe can call harmlessly on this machine's arch gets the
 * same action from scaudit's BPF interpreter and from the kernel. */
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>

#include "caps.h"
#include "filter.h"
#include "profile-helpers.h"
#include "probe.h"

static const struct {
	const char *path;
	const char *caps;
} fixtures[] = {
	{ "seed-go.list", "all" },
	{ "tolerated.list", "all" },
	{ "small.json", "all" },
	{ "docker-style.json", "docker" },
	{ "docker-style.json", "all" },
	{ "old-format.json", "all" },
	{ "oci-config.json", "all" },
	{ "operators.json", "all" },
	{ "wide-args.json", "all" },
	{ "large-docker-style.json", "docker" },
	{ "suite/app.list", "all" },
	{ "suite/strict.json", "all" },
	{ "workload-base.list", "all" },
	{ "date.strace", "all" },
};

static void test_kernel_agrees(void **state)
{
	/* Under valgrind the probe cannot run (see the skip below): the
	 * profiles are still loaded, compiled and emulated, for memcheck. */
	bool kernel = !under_valgrind();
	size_t compared = 0, skipped_names = 0;
	for (size_t fi = 0; fi < sizeof(fixtures) / sizeof(fixtures[0]); fi++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/fixtures/profiles/%s",
			 SCAUDIT_SOURCE_ROOT, fixtures[fi].path);
		struct profile *p = NULL;
		struct diag d = { 0 };
		assert_int_equal(
			profile_load(path, PROFILE_FORMAT_AUTO, 0, &p, &d), 0);
		uint64_t caps;
		char bad[32];
		assert_int_equal(
			caps_parse(fixtures[fi].caps, &caps, bad, sizeof(bad)),
			0);
		struct profile_env env;
		assert_int_equal(profile_env_native(caps, &env), 0);
		profile_evaluate(p, &env);
		struct filter *f = NULL;
		struct filter_options o = { 0 };
		assert_int_equal(filter_build(p, &o, &f, &d), 0);

		if (!kernel) {
			for (int nr = 0; nr < 1024; nr++) {
				struct seccomp_data sd = {
					.nr = nr,
					.arch = syscalls_native_arch(),
				};
				uint32_t emu;
				assert_int_equal(filter_decide(f, &sd, &emu),
						 0);
			}
			filter_free(f);
			profile_free(p);
			continue;
		}

		struct probe_result *r = NULL;
		int n = probe_filter(f, &r);
		if (n == -EIO) {
			filter_free(f);
			profile_free(p);
			skip(); /* no seccomp here */
		}
		assert_true(n > 100);
		size_t skipped = 0;
		for (int i = 0; i < n; i++) {
			if (r[i].skipped) {
				skipped++;
				continue;
			}
			struct seccomp_data sd = {
				.nr = r[i].nr,
				.arch = syscalls_native_arch(),
			};
			for (int k = 0; k < 6; k++)
				sd.args[k] = ~0ull;
			uint32_t emu;
			assert_int_equal(filter_decide(f, &sd, &emu), 0);
			bool agree =
				r[i].ran ? probe_runs(emu) : r[i].action == emu;
			if (!agree)
				fail_msg("%s: %s: emulator %#x, kernel %s %#x",
					 fixtures[fi].path, r[i].name, emu,
					 r[i].ran ? "ran it" : "took",
					 r[i].action);
			compared++;
		}
		if (fi == 0) {
			print_message("skipped (not callable harmlessly):");
			for (int i = 0; i < n; i++)
				if (r[i].skipped)
					print_message(" %s", r[i].name);
			print_message("\n");
			skipped_names = skipped;
		}
		free(r);
		filter_free(f);
		profile_free(p);
	}
	skip_if_valgrind("the probe loads each filter in a forked child, "
			 "which valgrind still runs: valgrind 3.19 has no "
			 "seccomp(2) (ENOSYS), and a filter would bind "
			 "valgrind's own syscalls too");
	print_message("%zu calls compared, emulator and kernel agree; %zu "
		      "names skipped per profile\n",
		      compared, skipped_names);
	assert_true(compared > 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_agrees),
	};
	return cmocka_run_group_tests(tests, setup_valgrind_api_level, NULL);
}
