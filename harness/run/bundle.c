/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bundle.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "json-util.h"
#include "runc-stub.h"
#include "strmap.h"
#include "syscalls.h"
#include "util.h"

bool bundle_notify_refused(enum job_runtime runtime, const char *name)
{
	/* runc's init writes to its parent after loading the filter and
	 * before the parent can hand the listener over: runc refuses it. */
	return job_runtime_oci(runtime) == JOB_RUNTIME_RUNC &&
	       strcmp(name, "write") == 0;
}

const char *bundle_start_blocked(const struct profile *p,
				 const struct filter *f,
				 enum job_runtime runtime)
{
	if (!bundle_notify_refused(runtime, "write"))
		return NULL;
	/* runc's init runs on the native arch. */
	uint32_t arch = syscalls_native_arch();
	int nr = syscalls_resolve(arch, "write");
	return nr >= 0 && !filter_allows_always(f, arch, nr) ? "write" : NULL;
}

/* runc's init is a Go program: between loading the filter and handing
 * the listener over, any of its threads may make these (its scheduler,
 * allocator and signals), and one that waited for a listener not yet
 * handed over would stall the hand-over itself (seen: 10 s, then no
 * listener). Left to the kernel, with the profile's own rules. */
static const char *const runc_init_calls[] = {
	"futex",	  "mmap",      "munmap", "madvise", "mprotect",
	"sched_yield",	  "nanosleep", "clone",	 "gettid",  "sigaltstack",
	"rt_sigprocmask", "tgkill",    "getpid", "exit",
};

/* Left to the kernel and not seen: under runc, what runc's init makes
 * before the hand-over (write, and the above). */
static bool unseen_under(enum job_runtime runtime, const char *name)
{
	if (bundle_notify_refused(runtime, name))
		return true;
	if (job_runtime_oci(runtime) != JOB_RUNTIME_RUNC)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(runc_init_calls); i++)
		if (strcmp(name, runc_init_calls[i]) == 0)
			return true;
	return false;
}

static bool left_to_runtime(const struct bundle_seccomp_options *o,
			    const char *name)
{
	return filter_never_watched(name) || unseen_under(o->runtime, name);
}

/* Whether an active allow rule of p (or d's) names name with no
 * condition: only then can no argument be denied (a rule's conditions
 * may deny values between any two tried). */
static bool allowed_unconditionally(const struct profile *p,
				    const struct profile_delta *d,
				    const char *name)
{
	for (size_t ri = 0; ri < p->n_rules; ri++) {
		const struct profile_rule *r = &p->rules[ri];
		if (!r->active || r->n_args ||
		    (r->action.type != PROFILE_ACT_ALLOW &&
		     r->action.type != PROFILE_ACT_LOG))
			continue;
		for (size_t j = 0; j < r->n_names; j++)
			if (strcmp(r->names[j].name, name) == 0 &&
			    !profile_delta_dropped(d, ri, j))
				return true;
	}
	for (size_t i = 0; d && i < d->n_added; i++)
		if (!d->added[i].dropped &&
		    strcmp(d->added[i].name, name) == 0 &&
		    d->added[i].action.type == PROFILE_ACT_ALLOW)
			return true;
	return false;
}

/* Whether f allows name on every arch of p whatever its arguments. */
static bool allowed_always(const struct profile *p, const struct filter *f,
			   const struct profile_delta *d, const char *name)
{
	if (!allowed_unconditionally(p, d, name))
		return false;
	for (size_t i = 0; i < p->n_arches; i++) {
		int nr = syscalls_resolve(p->arches[i], name);
		if (nr >= 0 && !filter_allows_always(f, p->arches[i], nr))
			return false;
	}
	return true;
}

/* Every name libseccomp knows on p's arches, each once, in order. */
static int all_names(const struct profile *p, struct strv *ret)
{
	struct strmap seen = STRMAP_INIT;
	int r = 0;
	for (size_t a = 0; a < p->n_arches && r >= 0; a++) {
		int base = p->arches[a] == SCMP_ARCH_X32 ? 0x40000000 : 0;
		for (int nr = base; nr < base + 1024 && r >= 0; nr++) {
			char name[64];
			if (syscalls_name(p->arches[a], nr, name,
					  sizeof(name)) < 0)
				continue;
			r = strmap_add(&seen, name, 0, NULL);
			if (r == 1)
				r = strv_add(ret, name);
		}
	}
	strmap_free(&seen);
	return r < 0 ? r : 0;
}

static json_t *action_json(json_t *rule, struct profile_action a)
{
	json_object_set_new(rule, "action",
			    json_string(profile_action_oci_name(a.type)));
	if (a.type == PROFILE_ACT_ERRNO)
		json_object_set_new(rule, "errnoRet", json_integer(a.value));
	return rule;
}

static json_t *args_json(const struct profile_rule *r)
{
	json_t *args = json_array();
	for (size_t i = 0; args && i < r->n_args; i++)
		json_array_append_new(
			args,
			json_pack("{s:i,s:I,s:I,s:s}", "index",
				  r->args[i].index, "value",
				  (json_int_t)r->args[i].value, "valueTwo",
				  (json_int_t)r->args[i].value_two, "op",
				  profile_op_name(r->args[i].op)));
	return args;
}

static bool kept_name(char *const *kept, const char *name)
{
	return !kept || strv_contains(kept, name);
}

/* The profile's own rules for the names left to the runtime (NULL:
 * all). */
static void kept_rules(const struct profile *p,
		       const struct profile_delta *delta, char *const *kept,
		       json_t *rules)
{
	for (size_t ri = 0; ri < p->n_rules; ri++) {
		const struct profile_rule *r = &p->rules[ri];
		json_t *names = json_array();
		for (size_t j = 0; names && r->active && j < r->n_names; j++)
			if (kept_name(kept, r->names[j].name) &&
			    !profile_delta_dropped(delta, ri, j))
				json_array_append_new(
					names, json_string(r->names[j].name));
		if (!names || !json_array_size(names)) {
			json_decref(names);
			continue;
		}
		json_t *rule = json_pack("{s:o,s:o}", "names", names, "args",
					 args_json(r));
		json_array_append_new(rules, action_json(rule, r->action));
	}
	for (size_t i = 0; delta && i < delta->n_added; i++) {
		const struct profile_delta_rule *x = &delta->added[i];
		if (x->dropped || !kept_name(kept, x->name))
			continue;
		json_t *rule = json_pack("{s:[s]}", "names", x->name);
		json_array_append_new(rules, action_json(rule, x->action));
	}
}

static json_t *arches_json(const struct profile *p)
{
	uint32_t listed[RUNC_STUB_MAX_ARCHES];
	size_t n = runc_stub_listed(p, listed);
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		char name[64];
		const char *s = syscalls_arch_name(listed[i]);
		int len = snprintf(name, sizeof(name), "SCMP_ARCH_%s",
				   s ? s : "");
		for (int k = 10; k < len && k < (int)sizeof(name); k++)
			name[k] = (char)toupper((unsigned char)name[k]);
		json_array_append_new(a, json_string(name));
	}
	return a;
}

/* The document around the rules: default, arches (only where the
 * profile lists them: runc's stub hangs on it), flags, listener. */
static json_t *seccomp_head(const struct profile *p,
			    const struct bundle_seccomp_options *o)
{
	json_t *s = json_object();
	if (!s)
		return NULL;
	struct profile_action d = p->default_action;
	json_object_set_new(s, "defaultAction",
			    json_string(profile_action_oci_name(d.type)));
	if (d.type == PROFILE_ACT_ERRNO)
		json_object_set_new(s, "defaultErrnoRet",
				    json_integer(d.value));
	if (p->architectures.n || p->n_archmap)
		json_object_set_new(s, "architectures", arches_json(p));
	if (p->flags.n)
		json_object_set_new(s, "flags", jsonutil_array(p->flags.v));
	if (o->listener) {
		json_object_set_new(s, "listenerPath",
				    json_string(o->listener));
		json_object_set_new(s, "listenerMetadata",
				    json_string("scaudit"));
	}
	return s;
}

/* The profile as Docker hands it to the runtime: its rules evaluated. */
static int as_is(const struct profile *p,
		 const struct bundle_seccomp_options *o, json_t **ret)
{
	json_t *s = seccomp_head(p, o);
	json_t *rules = json_array();
	if (!s || !rules) {
		json_decref(s);
		json_decref(rules);
		return -ENOMEM;
	}
	json_object_set_new(s, "syscalls", rules);
	kept_rules(p, o->delta, NULL, rules);
	*ret = s;
	return 0;
}

int bundle_seccomp(const struct profile *p, const struct filter *f,
		   const struct bundle_seccomp_options *o, json_t **ret,
		   struct strv *unobserved)
{
	if (!o->listener)
		return as_is(p, o, ret);
	cleanup_strv struct strv names = STRV_INIT, notify = STRV_INIT,
				 allow = STRV_INIT, kept = STRV_INIT;
	int r = all_names(p, &names);
	for (size_t i = 0; r == 0 && i < names.n; i++) {
		const char *n = names.v[i];
		bool watched = o->watch && strv_contains(o->watch, n);
		if (left_to_runtime(o, n))
			r = strv_add(&kept, n);
		else if (!watched && !o->usage &&
			 allowed_always(p, f, o->delta, n))
			r = strv_add(&allow, n);
		else
			r = strv_add(&notify, n);
	}
	for (size_t i = 0; r >= 0 && i < kept.n; i++)
		if (unseen_under(o->runtime, kept.v[i]))
			r = strv_add_unique(unobserved, kept.v[i]);
	if (r < 0)
		return r;
	cleanup_json json_t *s = seccomp_head(p, o);
	json_t *rules = json_array();
	if (!s || !rules) {
		json_decref(rules);
		return -ENOMEM;
	}
	json_object_set_new(s, "syscalls", rules);
	json_array_append_new(rules, json_pack("{s:o,s:s}", "names",
					       jsonutil_array(notify.v),
					       "action", "SCMP_ACT_NOTIFY"));
	if (allow.n)
		json_array_append_new(rules,
				      json_pack("{s:o,s:s}", "names",
						jsonutil_array(allow.v),
						"action", "SCMP_ACT_ALLOW"));
	kept_rules(p, o->delta, kept.v, rules);
	*ret = steal_pointer(&s);
	return 0;
}

/* runc spec's defaults, what a bare rootfs runs with, and a tmpfs at
 * /tmp since the rootfs is mounted read-only (it is the user's). */
static const char template_json[] =
	"{\"ociVersion\":\"1.0.2\",\"process\":{\"terminal\":false,"
	"\"user\":{\"uid\":0,\"gid\":0},\"args\":[],\"env\":[\"PATH=/usr/"
	"local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
	"\"HOME=/root\"],\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_"
	"NOFILE\",\"hard\":1024,\"soft\":1024}]},\"root\":{\"path\":\"\","
	"\"readonly\":true},\"hostname\":\"scaudit\",\"mounts\":["
	"{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
	"{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
	"\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]"
	"},{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":"
	"\"devpts\",\"options\":[\"nosuid\",\"noexec\",\"newinstance\","
	"\"ptmxmode=0666\",\"mode=0620\"]},{\"destination\":\"/dev/shm\","
	"\"type\":\"tmpfs\",\"source\":\"shm\",\"options\":[\"nosuid\","
	"\"noexec\",\"nodev\",\"mode=1777\",\"size=65536k\"]},{\"destination\""
	":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":["
	"\"nosuid\",\"nodev\",\"mode=1777\"]},{\"destination\":\"/sys\","
	"\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"nosuid\","
	"\"noexec\",\"nodev\",\"ro\"]}],\"linux\":{\"namespaces\":[{\"type\":"
	"\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},"
	"{\"type\":\"mount\"}],\"maskedPaths\":[\"/proc/acpi\",\"/proc/"
	"asound\",\"/proc/kcore\",\"/proc/keys\",\"/proc/latency_stats\","
	"\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\","
	"\"/sys/firmware\",\"/proc/scsi\"],\"readonlyPaths\":[\"/proc/bus\","
	"\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]}}";

/* Not root: a user namespace maps us to the container's root (rootless
 * runc and crun), and sysfs, which needs real root, is left out. */
static void make_rootless(json_t *c)
{
	json_t *lnx = json_object_get(c, "linux");
	json_t *ns = json_object_get(lnx, "namespaces");
	json_array_append_new(ns, json_pack("{s:s}", "type", "user"));
	json_t *map = json_pack("[{s:i,s:i,s:i}]", "containerID", 0, "hostID",
				(int)geteuid(), "size", 1);
	json_t *gmap = json_pack("[{s:i,s:i,s:i}]", "containerID", 0, "hostID",
				 (int)getegid(), "size", 1);
	json_object_set_new(lnx, "uidMappings", map);
	json_object_set_new(lnx, "gidMappings", gmap);
	json_t *mounts = json_object_get(c, "mounts");
	for (size_t i = json_array_size(mounts); i-- > 0;) {
		const char *t = json_string_value(
			json_object_get(json_array_get(mounts, i), "type"));
		if (t && strcmp(t, "sysfs") == 0)
			json_array_remove(mounts, i);
	}
}

static int from_template(const struct job *j, json_t **ret, struct diag *d)
{
	char real[PATH_MAX];
	if (!realpath(j->container.rootfs, real))
		return diag_set(d, -errno, j->container.rootfs, 0, 0,
				"cannot use rootfs %s: %s", j->container.rootfs,
				strerror(errno));
	json_t *c = json_loads(template_json, 0, NULL);
	if (!c)
		return -ENOMEM;
	json_object_set_new(json_object_get(c, "root"), "path",
			    json_string(real));
	if (geteuid() != 0)
		make_rootless(c);
	*ret = c;
	return 0;
}

static int load_bundle(const char *dir, json_t **ret, struct diag *d)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/config.json", dir);
	json_error_t e;
	if ((*ret = json_load_file(path, 0, &e)))
		return 0;
	return diag_set(d, access(path, R_OK) < 0 ? -errno : -EINVAL, path,
			(unsigned)(e.line > 0 ? e.line : 0),
			(unsigned)(e.column > 0 ? e.column : 0),
			"cannot read the bundle's config.json: %s", e.text);
}

int bundle_read_own(const char *dir, char *caps, size_t size, bool *has_seccomp,
		    struct diag *d)
{
	cleanup_json json_t *c = NULL;
	int r = load_bundle(dir, &c, d);
	if (r < 0)
		return r;
	*has_seccomp =
		json_object_get(json_object_get(c, "linux"), "seccomp") != NULL;
	json_t *sets =
		json_object_get(json_object_get(c, "process"), "capabilities");
	json_t *set = json_object_get(sets, "effective");
	if (!set)
		set = json_object_get(sets, "bounding");
	size_t len = 0, i;
	json_t *v;
	caps[0] = '\0';
	json_array_foreach (set, i, v) {
		const char *s = json_string_value(v);
		if (s && len + strlen(s) + 2 < size)
			len += (size_t)snprintf(caps + len, size - len, "%s%s",
						len ? "," : "", s);
	}
	if (!len)
		snprintf(caps, size, "none");
	return 0;
}

static bool is_bind(json_t *m)
{
	const char *t = json_string_value(json_object_get(m, "type"));
	if (t && strcmp(t, "bind") == 0)
		return true;
	json_t *o;
	size_t i;
	json_array_foreach (json_object_get(m, "options"), i, o) {
		const char *s = json_string_value(o);
		if (s && (strcmp(s, "bind") == 0 || strcmp(s, "rbind") == 0))
			return true;
	}
	return false;
}

/* A bind mount's relative source is the bundle's (runc resolves it from
 * the bundle directory, which ours is not). */
static void absolute_binds(json_t *c, const char *dir)
{
	json_t *m;
	size_t i;
	json_array_foreach (json_object_get(c, "mounts"), i, m) {
		const char *src =
			json_string_value(json_object_get(m, "source"));
		if (!src || src[0] == '/' || !is_bind(m))
			continue;
		char path[PATH_MAX * 2], real[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, src);
		json_object_set_new(
			m, "source",
			json_string(realpath(path, real) ? real : path));
	}
}

/* The user's bundle's config.json, its root made absolute (ours is
 * elsewhere). */
static int from_bundle(const struct job *j, json_t **ret, struct diag *d)
{
	char path[PATH_MAX], root[PATH_MAX * 2], real[PATH_MAX];
	snprintf(path, sizeof(path), "%s/config.json", j->container.bundle);
	json_t *c = NULL;
	int r = load_bundle(j->container.bundle, &c, d);
	if (r < 0)
		return r;
	const char *rp = json_string_value(
		json_object_get(json_object_get(c, "root"), "path"));
	if (!rp || !json_is_object(json_object_get(c, "process"))) {
		json_decref(c);
		return diag_set(d, -EINVAL, path, 0, 0,
				"the bundle's config.json has no %s",
				rp ? "process" : "root.path");
	}
	snprintf(root, sizeof(root), "%s%s%s",
		 rp[0] == '/' ? "" : j->container.bundle,
		 rp[0] == '/' ? "" : "/", rp);
	if (!realpath(root, real)) {
		r = -errno;
		json_decref(c);
		return diag_set(d, r, path, 0, 0, "cannot use root.path %s: %s",
				root, strerror(-r));
	}
	json_object_set_new(json_object_get(c, "root"), "path",
			    json_string(real));
	absolute_binds(c, j->container.bundle);
	*ret = c;
	return 0;
}

static json_t *caps_json(uint64_t caps)
{
	char names[2048];
	caps_format(caps, names, sizeof(names));
	json_t *a = json_array();
	for (char *s = names, *save = NULL, *t;
	     a && strcmp(names, "none") != 0 && (t = strtok_r(s, ",", &save));
	     s = NULL)
		json_array_append_new(a, json_string(t));
	return json_pack("{s:O,s:O,s:o}", "bounding", a, "effective", a,
			 "permitted", a);
}

/* NAME=VALUE pairs over the process's environment. */
static void add_env(json_t *proc, char *const *add)
{
	json_t *env = json_object_get(proc, "env");
	if (!json_is_array(env))
		json_object_set_new(proc, "env", env = json_array());
	for (; add && *add; add++) {
		size_t n = strcspn(*add, "=") + 1, i;
		json_t *v;
		json_array_foreach (env, i, v) {
			const char *s = json_string_value(v);
			if (s && strncmp(s, *add, n) == 0) {
				json_array_remove(env, i);
				break;
			}
		}
		json_array_append_new(env, json_string(*add));
	}
}

/* The job's part: command, capabilities, no_new_privs, the bound. */
static void set_process(const struct job *j, json_t *c)
{
	json_t *proc = json_object_get(c, "process");
	json_t *args = json_array();
	for (char *const *a = j->argv; args && *a; a++)
		json_array_append_new(args, json_string(*a));
	json_object_set_new(proc, "args", args);
	/* Its stdio is the runtime's, which the run captures. */
	json_object_set_new(proc, "terminal", json_false());
	add_env(proc, j->env_add);
	if ((j->set_caps || j->container.rootfs) && !j->container.keep_caps)
		json_object_set_new(proc, "capabilities",
				    caps_json(j->env.caps));
	if (j->container.no_new_privs >= 0 || j->container.rootfs)
		json_object_set_new(
			proc, "noNewPrivileges",
			json_boolean(j->container.no_new_privs > 0));
	json_t *lnx = json_object_get(c, "linux");
	if (!lnx)
		json_object_set_new(c, "linux", lnx = json_object());
	if (j->max_procs) {
		json_t *res = json_object_get(lnx, "resources");
		if (!res)
			json_object_set_new(lnx, "resources",
					    res = json_object());
		json_object_set_new(
			res, "pids",
			json_pack("{s:I}", "limit", (json_int_t)j->max_procs));
	}
}

int bundle_config(const struct job *j, json_t *seccomp, json_t **ret,
		  struct diag *d)
{
	json_t *c = NULL;
	int r = j->container.bundle ? from_bundle(j, &c, d)
				    : from_template(j, &c, d);
	if (r < 0) {
		json_decref(seccomp);
		return r;
	}
	set_process(j, c);
	json_object_set_new(json_object_get(c, "linux"), "seccomp", seccomp);
	*ret = c;
	return 0;
}
