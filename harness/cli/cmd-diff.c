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

/* Every delta printed, as JSON in *ret. */
static json_t *report(FILE *f, const struct effect_delta *d, int n,
		      size_t *widened, size_t *narrowed)
{
	json_t *deltas = json_array();
	for (int i = 0; i < n; i++) {
		char an[64], bn[64];
		effect_action_name(d[i].a, an, sizeof(an));
		effect_action_name(d[i].b, bn, sizeof(bn));
		const char *archn = syscalls_arch_name(d[i].arch);
		/* x32 numbers carry bit 30: show them as x32 counts them. */
		int shown = d[i].arch == SCMP_ARCH_X32 ? d[i].nr & ~0x40000000
						       : d[i].nr;
		fprintf(f, "B %s %s (%s %d): %s → %s\n", what(&d[i]), d[i].name,
			archn, shown, an, bn);
		*widened += d[i].widened;
		*narrowed += d[i].narrowed;
		json_array_append_new(
			deltas,
			json_pack("{s:s,s:s,s:i,s:b,s:b,s:s,s:s}", "arch",
				  archn, "name", d[i].name, "nr", d[i].nr,
				  "widened", d[i].widened, "narrowed",
				  d[i].narrowed, "a", an, "b", bn));
	}
	return deltas;
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
	uint32_t arches[16];
	size_t n_arches = effect_arches(pa, pb, arches, ARRAY_SIZE(arches));
	const struct profile *conds[] = { pa, pb };
	cleanup_free struct effect_delta *d = NULL;
	int n = effect_diff(fa, fb, arches, n_arches, conds, 2, &d);
	if (n < 0) {
		cli_error("the filters could not be interpreted");
		return CLI_EXIT_ENV;
	}
	FILE *f = cli_is_stdout(a->json) ? stderr : stdout;
	size_t widened = 0, narrowed = 0;
	cleanup_json json_t *deltas = report(f, d, n, &widened, &narrowed);
	fprintf(f, "%s → %s: %d differences; B widens %zu, narrows %zu\n",
		pa->path, pb->path, n, widened, narrowed);
	int status = widened ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
	if (a->json) {
		cleanup_json json_t *doc = json_pack(
			"{s:i,s:o,s:o,s:b,s:O}", "schema", 1, "a",
			jsonutil_str(pa->path), "b", jsonutil_str(pb->path),
			"widens", widened > 0, "differences", deltas);
		int w = cli_write_json(a->json, doc);
		status = w ? w : status;
	}
	return status;
}

const struct cli_command cmd_diff = {
	.name = "diff",
	.summary = "how two profiles differ in effect",
	.synopsis = "A B [options]",
	.about = "Compare the compiled filters of profiles A and B on every "
		 "syscall of every\narch either covers, with the argument "
		 "values their conditions turn on.",
	.exit_status = "Exit status: 0 B allows nothing A denies, 1 B widens "
		       "A, 2 bad usage or input.",
	.opts = CLI_OPT(CAPS) | CLI_OPT(ARCH) | CLI_OPT(JSON) |
		CLI_OPT(SEMANTICS),
	.min_pos = 2,
	.max_pos = 2,
	.run = diff,
};
