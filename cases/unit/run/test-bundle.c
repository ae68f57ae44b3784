/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <jansson.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "caps.h"
#include "json-util.h"
#include "profile-helpers.h"
#include "util.h"

static const char *const listed =
	"{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	" \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],\n"
	" \"syscalls\": [\n"
	"  {\"names\": [\"read\", \"write\", \"exit_group\", \"rt_sigreturn\"],\n"
	"   \"action\": \"SCMP_ACT_ALLOW\"},\n"
	"  {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\",\n"
	"   \"errnoRet\": 13},\n"
	"  {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"SCMP_CMP_EQ\"}]},\n"
	"  {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},\n"
	/* Docker's socket: allowed at 0 and at all ones, denied between. */
	"  {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"args\": [{\"index\": 0, \"value\": 38, \"op\": \"SCMP_CMP_LT\"}]},\n"
	"  {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	"   \"args\": [{\"index\": 0, \"value\": 40, \"op\": \"SCMP_CMP_GT\"}]}\n"
	" ]}\n";

struct built {
	struct profile *p;
	struct filter *f;
};

static struct built build(const char *text, uint64_t caps)
{
	struct built b = { load_ok(text, PROFILE_FORMAT_OCI), NULL };
	struct profile_env env;
	assert_int_equal(profile_env_native(caps, &env), 0);
	profile_evaluate(b.p, &env);
	struct diag d = { 0 };
	struct filter_options o = { 0 };
	assert_int_equal(filter_build(b.p, &o, &b.f, &d), 0);
	return b;
}

static void built_free(struct built *b)
{
	filter_free(b->f);
	profile_free(b->p);
}

/* The names of the rules with action act, joined. */
static bool rule_has(json_t *s, const char *act, const char *name)
{
	json_t *rules = json_object_get(s, "syscalls"), *r;
	size_t i;
	json_array_foreach (rules, i, r) {
		if (strcmp(json_string_value(json_object_get(r, "action")),
			   act) != 0)
			continue;
		json_t *n;
		size_t k;
		json_array_foreach (json_object_get(r, "names"), k, n)
			if (strcmp(json_string_value(n), name) == 0)
				return true;
	}
	return false;
}

static void test_rewritten_for_runc(void **state)
{
	struct built b = build(listed, caps_docker());
	struct bundle_seccomp_options o = { .listener = "/run/x.sock",
					    .usage = true,
					    .runtime = JOB_RUNTIME_RUNC };
	json_t *s = NULL;
	struct strv unobserved = STRV_INIT;
	assert_int_equal(bundle_seccomp(b.p, b.f, &o, &s, &unobserved), 0);
	assert_string_equal(
		json_string_value(json_object_get(s, "defaultAction")),
		"SCMP_ACT_ERRNO");
	assert_int_equal(
		json_integer_value(json_object_get(s, "defaultErrnoRet")), 1);
	assert_string_equal(
		json_string_value(json_object_get(s, "listenerPath")),
		"/run/x.sock");
	/* Listed, so runc's stub hangs on the same arches. */
	assert_int_equal(json_array_size(json_object_get(s, "architectures")),
			 b.p->n_arches);
	/* Every call notifies, allowed or not, named or not... */
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "read"));
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "getppid"));
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "clone3"));
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "mount"));
	/* ...but what runc refuses and what a notification must never stop:
	 * the profile's own rules for them, and write is not seen. */
	assert_false(rule_has(s, "SCMP_ACT_NOTIFY", "write"));
	assert_true(rule_has(s, "SCMP_ACT_ALLOW", "write"));
	assert_false(rule_has(s, "SCMP_ACT_NOTIFY", "rt_sigreturn"));
	assert_true(rule_has(s, "SCMP_ACT_ALLOW", "rt_sigreturn"));
	assert_true(strv_contains(unobserved.v, "write"));
	/* What runc's init (Go) makes on any thread before the hand-over
	 * must not wait for the listener: left to the kernel, unseen. */
	assert_false(rule_has(s, "SCMP_ACT_NOTIFY", "futex"));
	assert_true(strv_contains(unobserved.v, "futex"));
	assert_false(strv_contains(unobserved.v, "rt_sigreturn"));
	json_decref(s);
	strv_clear(&unobserved);

	/* crun notifies them all. */
	o.runtime = JOB_RUNTIME_CRUN;
	assert_int_equal(bundle_seccomp(b.p, b.f, &o, &s, &unobserved), 0);
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "write"));
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "futex"));
	assert_int_equal(unobserved.n, 0);
	json_decref(s);
	built_free(&b);
}

static void test_denials_only(void **state)
{
	struct built b = build(listed, caps_docker());
	char *watch[] = { (char *)"exit_group", NULL };
	struct bundle_seccomp_options o = { .listener = "/x",
					    .watch = watch,
					    .runtime = JOB_RUNTIME_RUNC };
	json_t *s = NULL;
	struct strv unobserved = STRV_INIT;
	assert_int_equal(bundle_seccomp(b.p, b.f, &o, &s, &unobserved), 0);
	/* Allowed whatever the arguments: left to the kernel. */
	assert_true(rule_has(s, "SCMP_ACT_ALLOW", "read"));
	assert_false(rule_has(s, "SCMP_ACT_NOTIFY", "read"));
	/* Watched, conditional, denied: notified. */
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "exit_group"));
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "personality"));
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "getppid"));
	/* Allowed at both ends of its argument, denied between: only a rule
	 * without conditions lets a call go unwatched. */
	assert_true(rule_has(s, "SCMP_ACT_NOTIFY", "socket"));
	assert_false(rule_has(s, "SCMP_ACT_ALLOW", "socket"));
	json_decref(s);
	strv_clear(&unobserved);
	built_free(&b);
}

static void test_as_docker_hands_it(void **state)
{
	struct built b = build(listed, caps_docker());
	struct bundle_seccomp_options o = { .runtime = JOB_RUNTIME_RUNC };
	json_t *s = NULL;
	assert_int_equal(bundle_seccomp(b.p, NULL, &o, &s, NULL), 0);
	assert_null(json_object_get(s, "listenerPath"));
	assert_true(rule_has(s, "SCMP_ACT_ALLOW", "read"));
	assert_true(rule_has(s, "SCMP_ACT_ERRNO", "getppid"));
	/* mount's rule needs CAP_SYS_ADMIN, which Docker's set lacks. */
	assert_false(rule_has(s, "SCMP_ACT_ALLOW", "mount"));
	assert_false(rule_has(s, "SCMP_ACT_NOTIFY", "read"));
	json_decref(s);
	built_free(&b);

	/* No architectures listed: none written (runc adds no stub). */
	b = build("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
		  "[{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
		  caps_docker());
	assert_int_equal(bundle_seccomp(b.p, NULL, &o, &s, NULL), 0);
	assert_null(json_object_get(s, "architectures"));
	json_decref(s);
	built_free(&b);
}

static char dir[] = "/tmp/scaudit-test-bundle-XXXXXX";

static void write_text(const char *rel, const char *text)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(util_write_file_atomic(path, text, strlen(text)), 0);
}

static void test_config(void **state)
{
	assert_non_null(mkdtemp(dir));
	char root[PATH_MAX];
	snprintf(root, sizeof(root), "%s/rootfs", dir);
	assert_int_equal(mkdir(root, 0755), 0);
	char *argv[] = { (char *)"/bin/sh", (char *)"-c", (char *)"true",
			 NULL };
	struct job j = { .argv = argv, .max_procs = 64 };
	j.env.caps = caps_docker();
	j.container = (struct job_container){ .runtime = JOB_RUNTIME_RUNC,
					      .rootfs = root,
					      .no_new_privs = -1 };
	json_t *c = NULL;
	struct diag d = { 0 };
	assert_int_equal(bundle_config(&j, json_object(), &c, &d), 0);
	json_t *proc = json_object_get(c, "process");
	assert_string_equal(json_string_value(json_array_get(
				    json_object_get(proc, "args"), 2)),
			    "true");
	/* Docker's default: no_new_privs off. */
	assert_true(json_is_false(json_object_get(proc, "noNewPrivileges")));
	json_t *bounding = json_object_get(
		json_object_get(proc, "capabilities"), "bounding");
	assert_int_equal(json_array_size(bounding), 14);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(c, "root"), "path")),
			    root);
	json_t *lnx = json_object_get(c, "linux");
	assert_non_null(json_object_get(lnx, "seccomp"));
	assert_int_equal(
		json_integer_value(json_object_get(
			json_object_get(json_object_get(lnx, "resources"),
					"pids"),
			"limit")),
		64);
	json_decref(c);

	/* A bundle of the user's: its root made absolute, its process kept
	 * but the command; no_new_privs as given. */
	write_text("config.json",
		   "{\"ociVersion\": \"1.0.2\", \"root\": {\"path\": "
		   "\"rootfs\"}, \"process\": {\"args\": [\"x\"], "
		   "\"noNewPrivileges\": true, \"cwd\": \"/srv\"}}");
	j.container = (struct job_container){ .runtime = JOB_RUNTIME_RUNC,
					      .bundle = dir,
					      .no_new_privs = 0 };
	assert_int_equal(bundle_config(&j, json_object(), &c, &d), 0);
	proc = json_object_get(c, "process");
	assert_true(json_is_false(json_object_get(proc, "noNewPrivileges")));
	assert_string_equal(json_string_value(json_object_get(proc, "cwd")),
			    "/srv");
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(c, "root"), "path")),
			    root);
	json_decref(c);

	/* Broken: located, exit-2 material. */
	write_text("config.json", "{\"process\": {\n");
	assert_int_equal(bundle_config(&j, json_object(), &c, &d), -EINVAL);
	assert_non_null(strstr(d.file, "config.json"));
	assert_true(d.line >= 1);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rewritten_for_runc),
		cmocka_unit_test(test_denials_only),
		cmocka_unit_test(test_as_docker_hands_it),
		cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
