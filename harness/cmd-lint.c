/* scaudit lint — static checks of a profile, printed compiler-style
 * ("file:line:col: warning: …") so editors and CI annotate the line. */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "lint.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s lint PROFILE [--format list|oci|strace] [--caps SET] "
		"[--arch A]\n"
		"\n"
		"Check a profile without running anything: unknown names (with "
		"a suggestion),\n"
		"duplicates, conflicting actions, rules that do what the "
		"default does, rules no\n"
		"arch or capability set can enable, rules off under --caps, "
		"names that are no\n"
		"syscall on this arch.\n"
		"\n"
		"Exit status: 0 clean (notes only), 1 warnings, 2 errors or bad "
		"input.\n",
		cli_program);
}

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "caps", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *format = NULL, *caps = NULL, *arch = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'c':
			caps = optarg;
			break;
		case 'a':
			arch = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	struct profile_env env;
	int r = cli_env(caps, arch, &env);
	if (r)
		return r;
	cleanup_profile struct profile *p = NULL;
	r = cli_load_profile(argv[optind], format, PROFILE_LOAD_KEEP_UNKNOWN,
			     &p);
	if (r)
		return r;

	struct lint_result res;
	if (lint_profile(p, &env, &res) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	for (size_t i = 0; i < res.n; i++) {
		const struct lint_finding *f = &res.items[i];
		printf("%s:%u:%u: %s: %s [%s]", p->path, f->loc.line,
		       f->loc.column, lint_severity_name(f->severity),
		       f->message, lint_kind_name(f->kind));
		if (f->hint[0])
			printf(" — %s", f->hint);
		printf("\n");
	}
	printf("%s: %zu error%s, %zu warning%s, %zu note%s (%zu rules, %zu "
	       "names)\n",
	       p->path, res.count[LINT_ERROR],
	       res.count[LINT_ERROR] == 1 ? "" : "s", res.count[LINT_WARNING],
	       res.count[LINT_WARNING] == 1 ? "" : "s", res.count[LINT_NOTE],
	       res.count[LINT_NOTE] == 1 ? "" : "s", p->n_rules,
	       profile_count_names(p));
	int status = res.count[LINT_ERROR]     ? CLI_EXIT_USAGE
		     : res.count[LINT_WARNING] ? CLI_EXIT_FINDINGS
					       : CLI_EXIT_OK;
	lint_result_clear(&res);
	return status;
}
