/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit diff — how two profiles differ in effect, syscall by syscall and
 * arch by arch; a CI gate for "this change widens the profile". */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "effect.h"
#include "filter.h"
#include "json-util.h"
#include "util.h"

static int load(const char *path, const struct profile_env *env,
		struct profile **p, struct filter **f)
{
	int r = cli_load_profile(path, NULL, 0, p);
	if (r)
		return r;
	profile_evaluate(*p, env);
	struct diag d = { 0 };
	struct filter_options o = { 0 };
	if ((r = filter_build(*p, &o, f, &d)) < 0)
		return cli_fail(r, &d);
	return 0;
}

static const char *what(const struct effect_delta *d)
{
	return d->widened && d->narrowed ? "allows under other conditions"
	       : d->widened		 ? "newly allows"
	       : d->narrowed		 ? "no longer allows"
					 : "denies differently";
}

/* The deltas printed (with only, only the widenings), as JSON. */
static json_t *report(FILE *f, const struct effect_delta *d, int n, bool only,
		      size_t *shown)
{
	json_t *deltas = json_array();
	for (int i = 0; i < n; i++) {
		if (only && !d[i].widened)
			continue;
		char an[64], bn[64];
		effect_action_name(d[i].a, an, sizeof(an));
		effect_action_name(d[i].b, bn, sizeof(bn));
		const char *archn = syscalls_arch_name(d[i].arch);
		/* x32 numbers carry bit 30: show them as x32 counts them. */
		int nr = d[i].arch == SCMP_ARCH_X32 ? d[i].nr & ~0x40000000
						    : d[i].nr;
		fprintf(f, "B %s %s (%s %d): %s → %s\n", what(&d[i]), d[i].name,
			archn, nr, an, bn);
		(*shown)++;
		json_array_append_new(
			deltas,
			json_pack("{s:s,s:s,s:i,s:b,s:b,s:s,s:s}", "arch",
				  archn, "name", d[i].name, "nr", d[i].nr,
				  "widened", d[i].widened, "narrowed",
				  d[i].narrowed, "a", an, "b", bn));
	}
	return deltas;
}

/* The one closing line: "diff: 3 widened (2 syscalls on x86_64, 1 on
 * x86), 0 narrowed, 0 denied differently; 3 of 3 shown; exit 1". */
static void summary_line(FILE *f, const struct effect_diff_summary *s,
			 size_t shown, int status)
{
	fprintf(f, "diff: %zu widened", s->widened);
	for (size_t k = 0; k < s->n_arches; k++) {
		size_t w = s->widened_on[k];
		const char *unit = k ? "" : w == 1 ? " syscall" : " syscalls";
		fprintf(f, "%s%zu%s on %s", k ? ", " : " (", w, unit,
			syscalls_arch_name(s->arches[k]));
	}
	fprintf(f,
		"%s, %zu narrowed, %zu denied differently; %zu of %zu "
		"shown; exit %d\n",
		s->n_arches ? ")" : "", s->narrowed, s->other, shown, s->total,
		status);
}

static json_t *summary_json(const struct effect_diff_summary *s, size_t shown)
{
	json_t *by_arch = json_object();
	for (size_t k = 0; k < s->n_arches; k++)
		json_object_set_new(by_arch, syscalls_arch_name(s->arches[k]),
				    json_integer((json_int_t)s->widened_on[k]));
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:o}", "differences",
			 (json_int_t)s->total, "widened",
			 (json_int_t)s->widened, "narrowed",
			 (json_int_t)s->narrowed, "denied_differently",
			 (json_int_t)s->other, "shown", (json_int_t)shown,
			 "widened_by_arch", by_arch);
}

static int diff(struct cli_args *a)
{
	struct profile_env env;
	int r = cli_env(a, a->arch, &env);
	if (r)
		return r;
	cleanup_profile struct profile *pa = NULL, *pb = NULL;
	cleanup_filter struct filter *fa = NULL;
	cleanup_filter struct filter *fb = NULL;
	if ((r = load(a->pos[0], &env, &pa, &fa)) ||
	    (r = load(a->pos[1], &env, &pb, &fb)))
		return r;
	uint32_t arches[EFFECT_MAX_ARCHES];
	size_t n_arches = effect_arches(pa, pb, arches, ARRAY_SIZE(arches));
	const struct profile *conds[] = { pa, pb };
	cleanup_free struct effect_delta *d = NULL;
	int n = effect_diff(fa, fb, arches, n_arches, conds, 2, &d);
	if (n < 0) {
		cli_error("the filters could not be interpreted");
		return CLI_EXIT_ENV;
	}
	FILE *f = cli_is_stdout(a->json) ? stderr : stdout;
	struct effect_diff_summary s;
	effect_diff_summarize(d, (size_t)n, &s);
	size_t shown = 0;
	cleanup_json json_t *deltas = report(f, d, n, a->widen_only, &shown);
	if (!a->widen_only)
		fprintf(f,
			"%s → %s: %d differences; B widens %zu, narrows "
			"%zu\n",
			pa->path, pb->path, n, s.widened, s.narrowed);
	int status = s.widened ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
	if (a->json) {
		cleanup_json json_t *doc = json_pack(
			"{s:i,s:o,s:o,s:b,s:O,s:o}", "schema", 1, "a",
			jsonutil_str(pa->path), "b", jsonutil_str(pb->path),
			"widens", s.widened > 0, "differences", deltas,
			"summary", summary_json(&s, shown));
		int w = cli_write_json(a->json, doc);
		status = w ? w : status;
	}
	summary_line(f, &s, shown, status);
	return status;
}

const struct cli_command cmd_diff = {
	.name = "diff",
	.summary = "how two profiles differ in effect",
	.synopsis = "A B [options]",
	.about = "Compare the compiled filters of profiles A and B on every "
		 "syscall of every\narch either covers, with the argument "
		 "values their conditions turn on.\nB widens A where some "
		 "call B lets run (allow or log) is one A denies;\na milder "
		 "denial (an errno for a kill) does not widen. --widen-only "
		 "prints\nthe widenings alone. Either way the last line sums "
		 "up: \"diff: W widened\n(N syscalls on ARCH, ...), M "
		 "narrowed, O denied differently; S of D shown;\nexit X\"; "
		 "--json adds the counts as \"summary\".",
	.exit_status = "Exit status: 0 B allows nothing A denies, 1 B widens "
		       "A (with --widen-only\ntoo), 2 bad usage or input.",
	.opts = CLI_OPT(CAPS) | CLI_OPT(ARCH) | CLI_OPT(JSON) |
		CLI_OPT(SEMANTICS) | CLI_OPT(WIDEN_ONLY),
	.min_pos = 2,
	.max_pos = 2,
	.run = diff,
};
