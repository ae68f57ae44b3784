/* scaudit diff — how two profiles differ in effect, syscall by syscall and
 * arch by arch; a CI gate for "this change widens the profile". */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "effect.h"
#include "filter.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s diff A B [--caps SET] [--arch ARCH] [--json FILE]\n"
		"\n"
		"Compare the compiled filters of profiles A and B on every "
		"syscall of every\n"
		"arch either covers, with the argument values their conditions "
		"turn on.\n"
		"Exit status: 0 B allows nothing A denies, 1 B widens A, 2 bad "
		"usage or input.\n",
		cli_program);
}

static int load(const char *path, const struct profile_env *env,
		struct profile **p, struct filter **f)
{
	int r = cli_load_profile(path, NULL, 0, p);
	if (r)
		return r;
	profile_evaluate(*p, env);
	struct diag d = { 0 };
	struct filter_options o = { .handoff_fd = -1 };
	if (filter_build(*p, &o, f, &d) < 0) {
		cli_print_diag(&d, "error");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "caps", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "json", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *caps = NULL, *arch = NULL, *json = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			caps = optarg;
			break;
		case 'a':
			arch = optarg;
			break;
		case 'j':
			json = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind + 2 != argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	struct profile_env env;
	int r = cli_env(caps, arch, &env);
	if (r)
		return r;
	cleanup_profile struct profile *a = NULL, *b = NULL;
	struct filter *fa = NULL, *fb = NULL;
	if ((r = load(argv[optind], &env, &a, &fa)) ||
	    (r = load(argv[optind + 1], &env, &b, &fb))) {
		filter_free(fa);
		return r;
	}
	uint32_t arches[16];
	size_t n_arches = 0;
	for (size_t i = 0; i < a->n_arches; i++)
		arches[n_arches++] = a->arches[i];
	for (size_t i = 0; i < b->n_arches && n_arches < 16; i++) {
		bool seen = false;
		for (size_t k = 0; k < n_arches; k++)
			seen |= arches[k] == b->arches[i];
		if (!seen)
			arches[n_arches++] = b->arches[i];
	}
	const struct profile *conds[] = { a, b };
	struct effect_delta *d = NULL;
	int n = effect_diff(fa, fb, arches, n_arches, conds, 2, &d);
	filter_free(fa);
	filter_free(fb);
	if (n < 0) {
		cli_error("the filters could not be interpreted");
		return CLI_EXIT_ENV;
	}
	bool to_stdout = json && strcmp(json, "-") == 0;
	FILE *f = to_stdout ? stderr : stdout;
	json_t *deltas = json_array();
	size_t widened = 0, narrowed = 0;
	for (int i = 0; i < n; i++) {
		char an[64], bn[64];
		effect_action_name(d[i].a, an, sizeof(an));
		effect_action_name(d[i].b, bn, sizeof(bn));
		const char *archn = syscalls_arch_name(d[i].arch);
		const char *what = d[i].widened && d[i].narrowed
					   ? "allows under other conditions"
				   : d[i].widened  ? "newly allows"
				   : d[i].narrowed ? "no longer allows"
						   : "denies differently";
		/* x32 numbers carry bit 30: show them as x32 counts them. */
		int shown = d[i].arch == SCMP_ARCH_X32 ? d[i].nr & ~0x40000000
						       : d[i].nr;
		fprintf(f, "B %s %s (%s %d): %s → %s\n", what, d[i].name, archn,
			shown, an, bn);
		widened += d[i].widened;
		narrowed += d[i].narrowed;
		json_array_append_new(
			deltas,
			json_pack("{s:s,s:s,s:i,s:b,s:b,s:s,s:s}", "arch",
				  archn, "name", d[i].name, "nr", d[i].nr,
				  "widened", d[i].widened, "narrowed",
				  d[i].narrowed, "a", an, "b", bn));
	}
	free(d);
	fprintf(f, "%s → %s: %d differences; B widens %zu, narrows %zu\n",
		a->path, b->path, n, widened, narrowed);
	int status = widened ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
	if (json) {
		json_t *root = json_pack("{s:i,s:s,s:s,s:b,s:o}", "schema", 1,
					 "a", a->path, "b", b->path, "widens",
					 widened > 0, "differences", deltas);
		int w = cli_write_json(json, root);
		json_decref(root);
		if (w)
			status = w;
	} else {
		json_decref(deltas);
	}
	return status;
}
