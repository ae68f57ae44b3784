/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The evaluation of a profile (profile.h): which rules apply under a
 * capability set, an arch and a kernel version, with Docker's semantics
 * for includes and excludes, and which arches the filter covers. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "profile.h"
#include "util.h"

int profile_kernel_parse(const char *s, unsigned *ret_major,
			 unsigned *ret_minor)
{
	unsigned maj, min;
	int n = 0;
	/* sscanf's %u would take " 4.8", "+4.8" and "-1.8" too. */
	const char *dot = strchr(s, '.');
	if (!isdigit((unsigned char)s[0]) || !dot ||
	    !isdigit((unsigned char)dot[1]) ||
	    sscanf(s, "%u.%u%n", &maj, &min, &n) != 2)
		return -EINVAL;
	/* "4.8" or a uname release "6.18.44-…"; nothing else. */
	if (s[n] != '\0' && s[n] != '.' && s[n] != '-' && s[n] != '+')
		return -EINVAL;
	*ret_major = maj;
	*ret_minor = min;
	return 0;
}

int profile_env_native(uint64_t caps, struct profile_env *ret)
{
	struct utsname u;
	if (uname(&u) < 0)
		return -errno;
	struct profile_env env = { .arch = syscalls_native_arch(),
				   .caps = caps };
	int r = profile_kernel_parse(u.release, &env.kernel_major,
				     &env.kernel_minor);
	if (r < 0)
		return r;
	*ret = env;
	return 0;
}

static bool arch_listed(char *const *arches, size_t n, uint32_t arch)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t a;
		if (syscalls_arch_parse(arches[i], &a) == 0 && a == arch)
			return true;
	}
	return false;
}

static bool cap_held(const struct profile_env *env, int cap)
{
	return cap >= 0 && cap < 64 && (env->caps & (1ull << cap));
}

static bool kernel_below(const struct profile_env *env, unsigned maj,
			 unsigned min)
{
	return env->kernel_major < maj ||
	       (env->kernel_major == maj && env->kernel_minor < min);
}

static void evaluate_rule(struct profile_rule *r, const struct profile_env *env)
{
	const char *an = syscalls_arch_name(env->arch);
	r->active = false;
	r->inactive_reason[0] = '\0';
	/* Every condition must hold, as in moby's setupSeccomp; the first
	 * that does not gives the reason. */
	if (r->excludes.arches.n &&
	    arch_listed(r->excludes.arches.v, r->excludes.arches.n,
			env->arch)) {
		snprintf(r->inactive_reason, sizeof(r->inactive_reason),
			 "excluded on %s", an ? an : "this arch");
		return;
	}
	if (r->includes.arches.n &&
	    !arch_listed(r->includes.arches.v, r->includes.arches.n,
			 env->arch)) {
		snprintf(r->inactive_reason, sizeof(r->inactive_reason),
			 "only for arches %s%s", r->includes.arches.v[0],
			 r->includes.arches.n > 1 ? ", …" : "");
		return;
	}
	for (size_t i = 0; i < r->excludes.caps.n; i++) {
		if (cap_held(env, r->excludes.cap_values[i])) {
			snprintf(r->inactive_reason, sizeof(r->inactive_reason),
				 "excluded when %s is held",
				 r->excludes.caps.v[i]);
			return;
		}
	}
	for (size_t i = 0; i < r->includes.caps.n; i++) {
		if (!cap_held(env, r->includes.cap_values[i])) {
			snprintf(r->inactive_reason, sizeof(r->inactive_reason),
				 "needs %s", r->includes.caps.v[i]);
			return;
		}
	}
	if (r->includes.min_kernel &&
	    kernel_below(env, r->includes.min_kernel_major,
			 r->includes.min_kernel_minor)) {
		snprintf(r->inactive_reason, sizeof(r->inactive_reason),
			 "needs kernel %s or newer", r->includes.min_kernel);
		return;
	}
	if (r->excludes.min_kernel &&
	    !kernel_below(env, r->excludes.min_kernel_major,
			  r->excludes.min_kernel_minor)) {
		snprintf(r->inactive_reason, sizeof(r->inactive_reason),
			 "excluded on kernel %s or newer",
			 r->excludes.min_kernel);
		return;
	}
	r->active = true;
}

static void add_arch(struct profile *p, uint32_t a)
{
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] == a)
			return;
	if (p->n_arches < ARRAY_SIZE(p->arches))
		p->arches[p->n_arches++] = a;
}

void profile_evaluate(struct profile *p, const struct profile_env *env)
{
	/* Docker, containerd and Kubernetes hand OCI profiles to runc. */
	p->semantics = env->semantics != PROFILE_SEMANTICS_AUTO ? env->semantics
		       : p->format == PROFILE_FORMAT_OCI
			       ? PROFILE_SEMANTICS_RUNC
			       : PROFILE_SEMANTICS_LIBSECCOMP;
	p->n_arches = 0;
	add_arch(p, env->arch);
	/* systemd's SystemCallArchitectures= is OCI's "architectures": the
	 * native arch and those listed, the rest killed. */
	bool listed =
		p->format == PROFILE_FORMAT_OCI ||
		(p->format == PROFILE_FORMAT_SYSTEMD && p->architectures.n);
	if (!listed) {
		/* Lists and traces name syscalls, not arches: cover the
		 * compat arches too so an int 0x80 call meets the same list
		 * instead of a bad-arch kill. */
		uint32_t fam[SYSCALLS_MAX_ARCHES];
		size_t n = syscalls_arch_family(env->arch, fam);
		for (size_t i = 0; i < n; i++)
			add_arch(p, fam[i]);
	}
	for (size_t i = 0; i < p->architectures.n; i++) {
		uint32_t a;
		if (syscalls_arch_parse(p->architectures.v[i], &a) == 0)
			add_arch(p, a);
	}
	/* archMap: only the entry of the arch we run on counts (moby). */
	for (size_t i = 0; i < p->n_archmap; i++) {
		uint32_t a;
		if (syscalls_arch_parse(p->archmap[i].arch, &a) < 0 ||
		    a != env->arch)
			continue;
		for (size_t j = 0; j < p->archmap[i].subs.n; j++)
			if (syscalls_arch_parse(p->archmap[i].subs.v[j], &a) ==
			    0)
				add_arch(p, a);
	}
	for (size_t i = 0; i < p->n_rules; i++)
		evaluate_rule(&p->rules[i], env);
}
