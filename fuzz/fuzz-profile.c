/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What the profile targets do with one input: load it as a profile in a
 * forced format, check the contract of the answer, then run what the
 * commands run on a loaded profile, in memory only. Everything here is
 * deterministic for a given input on a given machine (the native arch and
 * kernel release come from uname). */
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "filter.h"
#include "fuzz.h"
#include "lint.h"
#include "syscalls.h"
#include "writer.h"

/* The contracts in diag.h and profile.h: a refusal says why, and every
 * string a diag holds is terminated. */
static void check_refusal(int r, const struct diag *d)
{
	if (r >= 0)
		abort();
	if (!memchr(d->file, '\0', sizeof(d->file)) ||
	    !memchr(d->message, '\0', sizeof(d->message)) ||
	    !memchr(d->hint, '\0', sizeof(d->hint)))
		abort();
	if (r == -EINVAL && !d->message[0])
		abort();
	char line[1400];
	diag_format(d, line, sizeof(line));
}

/* Describe every rule the way show and explain do. */
static void describe(const struct profile *p)
{
	char buf[256];
	profile_action_describe(p->default_action, buf, sizeof(buf));
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		profile_action_describe(r->action, buf, sizeof(buf));
		(void)profile_action_scmp(r->action);
		(void)profile_action_oci_name(r->action.type);
		for (size_t j = 0; j < r->n_args; j++) {
			profile_arg_describe(&r->args[j], buf, sizeof(buf));
			(void)profile_op_name(r->args[j].op);
		}
	}
}

/* Judge the profile under other environments than the native one with
 * every capability (what profile_load_buffer already did). */
static void evaluate_elsewhere(struct profile *p)
{
	static const struct profile_env envs[] = {
		{ SCMP_ARCH_X86_64, 0, 3, 10 },
		{ SCMP_ARCH_X86, 1ull << 21, 4, 8 },
		{ SCMP_ARCH_AARCH64, ~0ull, 6, 1 },
		{ SCMP_ARCH_S390X, 1ull << 12, 5, 4 },
	};
	for (size_t i = 0; i < sizeof(envs) / sizeof(envs[0]); i++) {
		profile_evaluate(p, &envs[i]);
		if (p->n_arches > sizeof(p->arches) / sizeof(p->arches[0]))
			abort();
	}
}

static void lint(struct profile *p)
{
	struct profile_env env;
	if (profile_env_native(0, &env) < 0)
		return;
	struct lint_result res = { 0 };
	if (lint_profile(p, &env, &res) == 0) {
		size_t total = 0;
		for (size_t s = 0; s < LINT_SEVERITY_MAX; s++)
			total += res.count[s];
		if (total != res.n)
			abort();
	}
	lint_result_clear(&res);
}

/* Compile under the native environment, then ask the program about the
 * profile's own names, as the supervisor does for a denied call. */
static void compile(struct profile *p, int layout)
{
	static char w_ptrace[] = "ptrace", w_mount[] = "mount";
	char *const watch[] = { w_ptrace, w_mount, NULL };
	struct profile_env env;
	if (profile_env_native(~0ull, &env) < 0)
		return;
	profile_evaluate(p, &env);
	const struct filter_options o = {
		.observe = true,
		.watch = watch,
		.layout = layout,
	};
	struct filter *f = NULL;
	struct diag d = { 0 };
	if (filter_build(p, &o, &f, &d) < 0)
		return;
	/* libseccomp may make a program longer than the kernel takes;
	 * bpf_run refuses those as bpf_check does. */
	bool runs = bpf_check(f->exact, f->exact_len) == 0;
	struct seccomp_data sd = { .arch = syscalls_audit_arch(env.arch) };
	size_t asked = 0;
	for (size_t i = 0; i < p->n_rules && asked < 8; i++) {
		const struct profile_rule *rule = &p->rules[i];
		for (size_t j = 0; j < rule->n_names && asked < 8; j++) {
			int nr =
				syscalls_resolve(env.arch, rule->names[j].name);
			if (nr < 0)
				continue;
			sd.nr = nr;
			sd.args[0] = rule->n_args ? rule->args[0].value : asked;
			uint32_t ret = 0;
			if (filter_decide(f, &sd, &ret) != (runs ? 0 : -EINVAL))
				abort();
			(void)filter_action_from_ret(ret);
			if (f->observe &&
			    bpf_run(f->observe, f->observe_len, &sd, &ret) != 0)
				abort();
			asked++;
		}
	}
	filter_free(f);
}

/* Drop every other name, as trim does, and write the rest back. */
static void write_back(struct profile *p)
{
	cleanup_profile_delta struct profile_delta d;
	if (profile_delta_init(&d, p) < 0)
		return;
	for (size_t k = 0; k < d.n_names; k++)
		d.dropped[k] = k % 2;
	char *text = NULL;
	if (writer_trimmed(p, &d, &text) == 0 && !text)
		abort();
	free(text);
}

void fuzz_profile(const uint8_t *data, size_t size, enum profile_format format)
{
	const char *text = (const char *)data;
	struct diag d = { 0 };
	cleanup_profile struct profile *p = NULL;
	int r = profile_load_buffer("fuzz", text, size, format,
				    PROFILE_LOAD_KEEP_UNKNOWN, &p, &d);
	if (r < 0) {
		check_refusal(r, &d);
		return;
	}
	if (!p || (format != PROFILE_FORMAT_AUTO && p->format != format) ||
	    p->format == PROFILE_FORMAT_AUTO || p->format >= PROFILE_FORMAT_MAX)
		abort();
	format = p->format; /* for the reload below */

	/* Without PROFILE_LOAD_KEEP_UNKNOWN a name neither libseccomp nor
	 * the list of newer syscalls knows makes the same text -EINVAL. */
	size_t unknown = 0;
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++) {
			const char *n = p->rules[i].names[j].name;
			if (!syscalls_known(n) &&
			    !syscalls_newer_than_libseccomp(n))
				unknown++;
		}
	if (unknown) {
		struct profile *strict = NULL;
		r = profile_load_buffer("fuzz", text, size, format, 0, &strict,
					&d);
		if (r != -EINVAL || strict)
			abort();
		check_refusal(r, &d);
	}

	(void)profile_count_names(p);
	describe(p);
	evaluate_elsewhere(p);
	/* lint looks for a suggestion for every unknown name (an edit
	 * distance against every syscall, 1-2 ms each under the
	 * sanitizers): past a few, more of them only slow the fuzzer. */
	if (unknown <= 4)
		lint(p);
	compile(p, (int)(size % 3));
	write_back(p);
}
