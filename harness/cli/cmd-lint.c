/* scaudit lint — static checks of a profile, printed compiler-style
 * ("file:line:col: warning: …") so editors and CI annotate the line. */
#include <getopt.h>
#include <jansson.h>
#include <string.h>

#include "cli.h"
#include "lint.h"
#include "config.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s lint PROFILE [--format list|oci|strace] [--caps SET] "
		"[--arch A]\n"
		"                 [--json FILE] [--sarif FILE]\n"
		"\n"
		"Check a profile without running anything: unknown names (with "
		"a suggestion),\n"
		"duplicates, conflicting actions, rules that do what the "
		"default does, rules no\n"
		"arch or capability set can enable, rules off under --caps, "
		"names that are no\n"
		"syscall on this arch, names newer than libseccomp, clamped "
		"errnos, dangerous\n"
		"entries (ptrace, bpf, io_uring_*, clone without flag checks, "
		"…), shadowed\n"
		"rules, compat holes and EPERM-where-ENOSYS advice.\n"
		"\n"
		"  --json FILE   the findings as JSON ('-': stdout)\n"
		"  --sarif FILE  the findings as SARIF 2.1.0, located in the "
		"profile\n"
		"\n"
		"Exit status: 0 clean (notes only), 1 warnings, 2 errors or bad "
		"input.\n",
		cli_program);
}

static const char *sarif_level(enum lint_severity s)
{
	return s == LINT_ERROR	   ? "error"
	       : s == LINT_WARNING ? "warning"
				   : "note";
}

/* JSON (schema 1) and SARIF 2.1.0 of the findings. */
static int write_reports(const struct profile *p, const struct lint_result *res,
			 const char *json, const char *sarif)
{
	int status = 0;
	if (json) {
		json_t *items = json_array();
		for (size_t i = 0; i < res->n; i++) {
			const struct lint_finding *f = &res->items[i];
			json_array_append_new(
				items,
				json_pack(
					"{s:s,s:s,s:i,s:i,s:s,s:s,s:s}", "kind",
					lint_kind_name(f->kind), "severity",
					lint_severity_name(f->severity), "line",
					f->loc.line, "column", f->loc.column,
					"name", f->name, "message", f->message,
					"hint", f->hint));
		}
		json_t *root = json_pack(
			"{s:i,s:s,s:o,s:{s:I,s:I,s:I}}", "schema", 1, "profile",
			p->path, "findings", items, "counts", "errors",
			(json_int_t)res->count[LINT_ERROR], "warnings",
			(json_int_t)res->count[LINT_WARNING], "notes",
			(json_int_t)res->count[LINT_NOTE]);
		int w = cli_write_json(json, root);
		json_decref(root);
		status = w ? w : status;
	}
	if (sarif) {
		json_t *rules = json_array(), *results = json_array();
		for (int k = 0; k < LINT_KIND_MAX; k++)
			json_array_append_new(
				rules,
				json_pack("{s:s}", "id",
					  lint_kind_name((enum lint_kind)k)));
		for (size_t i = 0; i < res->n; i++) {
			const struct lint_finding *f = &res->items[i];
			char text[512];
			snprintf(text, sizeof(text), "%s%s%s", f->message,
				 f->hint[0] ? " — " : "", f->hint);
			json_t *region =
				json_pack("{s:i}", "startLine",
					  f->loc.line ? f->loc.line : 1);
			if (f->loc.column)
				json_object_set_new(
					region, "startColumn",
					json_integer(f->loc.column));
			json_array_append_new(
				results,
				json_pack(
					"{s:s,s:s,s:{s:s},s:[{s:{s:{s:s},s:o}}]}",
					"ruleId", lint_kind_name(f->kind),
					"level", sarif_level(f->severity),
					"message", "text", text, "locations",
					"physicalLocation", "artifactLocation",
					"uri", p->path, "region", region));
		}
		json_t *root = json_pack(
			"{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o}]}", "$schema",
			"https://json.schemastore.org/sarif-2.1.0.json",
			"version", "2.1.0", "runs", "tool", "driver", "name",
			"scaudit", "version", SCAUDIT_VERSION, "rules", rules,
			"results", results);
		int w = cli_write_json(sarif, root);
		json_decref(root);
		status = w ? w : status;
	}
	return status;
}

int cmd_lint(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "caps", required_argument, NULL, 'c' },
		{ "arch", required_argument, NULL, 'a' },
		{ "json", required_argument, NULL, 'j' },
		{ "sarif", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *format = NULL, *caps = NULL, *arch = NULL, *json = NULL,
		   *sarif = NULL;
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
		case 'j':
			json = optarg;
			break;
		case 's':
			sarif = optarg;
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
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(argv[optind], format,
				 PROFILE_LOAD_KEEP_UNKNOWN, caps, arch, &p,
				 &env);
	if (r)
		return r;

	struct lint_result res;
	if (lint_profile(p, &env, &res) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	bool quiet =
		(json && !strcmp(json, "-")) || (sarif && !strcmp(sarif, "-"));
	FILE *out = quiet ? stderr : stdout;
	for (size_t i = 0; i < res.n; i++) {
		const struct lint_finding *f = &res.items[i];
		fprintf(out, "%s:%u:%u: %s: %s [%s]", p->path, f->loc.line,
			f->loc.column, lint_severity_name(f->severity),
			f->message, lint_kind_name(f->kind));
		if (f->hint[0])
			fprintf(out, " — %s", f->hint);
		fprintf(out, "\n");
	}
	fprintf(out,
		"%s: %zu error%s, %zu warning%s, %zu note%s (%zu rules, %zu "
		"names)\n",
		p->path, res.count[LINT_ERROR],
		res.count[LINT_ERROR] == 1 ? "" : "s", res.count[LINT_WARNING],
		res.count[LINT_WARNING] == 1 ? "" : "s", res.count[LINT_NOTE],
		res.count[LINT_NOTE] == 1 ? "" : "s", p->n_rules,
		profile_count_names(p));
	int status = res.count[LINT_ERROR]     ? CLI_EXIT_USAGE
		     : res.count[LINT_WARNING] ? CLI_EXIT_FINDINGS
					       : CLI_EXIT_OK;
	int w = write_reports(p, &res, json, sarif);
	lint_result_clear(&res);
	return w ? w : status;
}
