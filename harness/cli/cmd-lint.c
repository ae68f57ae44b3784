/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit lint — static checks of a profile, printed compiler-style
 * ("file:line:col: warning: …") so editors and CI annotate the line. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "json-util.h"
#include "lint.h"
#include "sarif.h"
#include "util.h"

static enum sarif_level sarif_level(enum lint_severity s)
{
	return s == LINT_ERROR	   ? SARIF_ERROR
	       : s == LINT_WARNING ? SARIF_WARNING
				   : SARIF_NOTE;
}

static int write_json(const struct profile *p, const struct lint_result *res,
		      const char *path)
{
	json_t *items = json_array();
	for (size_t i = 0; items && i < res->n; i++) {
		const struct lint_finding *f = &res->items[i];
		json_array_append_new(
			items,
			json_pack("{s:s,s:s,s:i,s:i,s:s,s:s,s:s}", "kind",
				  lint_kind_name(f->kind), "severity",
				  lint_severity_name(f->severity), "line",
				  f->loc.line, "column", f->loc.column, "name",
				  f->name, "message", f->message, "hint",
				  f->hint));
	}
	cleanup_json json_t *doc = json_pack(
		"{s:i,s:o,s:o,s:{s:I,s:I,s:I},s:o}", "schema", 1, "profile",
		jsonutil_str(p->path), "findings", items, "counts", "errors",
		(json_int_t)res->count[LINT_ERROR], "warnings",
		(json_int_t)res->count[LINT_WARNING], "notes",
		(json_int_t)res->count[LINT_NOTE], "exposure",
		exposure_json(&res->exposure, "lint runs no workload", -1));
	return cli_write_json(path, doc);
}

static int write_sarif(const struct profile *p, const struct lint_result *res,
		       const char *path)
{
	cleanup_json json_t *doc = sarif_new();
	int e = doc ? 0 : -ENOMEM;
	for (int k = 0; e == 0 && k < LINT_KIND_MAX; k++) {
		struct sarif_rule rule;
		lint_kind_rule((enum lint_kind)k, &rule);
		e = sarif_add_rule(doc, &rule);
	}
	for (size_t i = 0; e == 0 && i < res->n; i++) {
		const struct lint_finding *f = &res->items[i];
		char text[512];
		snprintf(text, sizeof(text), "%s%s%s", f->message,
			 f->hint[0] ? " — " : "", f->hint);
		e = sarif_add_result(doc, lint_kind_name(f->kind),
				     sarif_level(f->severity), text, p->path,
				     f->loc.line, f->loc.column);
	}
	if (e < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	return cli_write_json(path, doc);
}

static const char *severity_color(enum lint_severity s, const struct color *c)
{
	return s == LINT_ERROR ? c->bad : s == LINT_WARNING ? c->warn : c->bold;
}

static void print_findings(FILE *out, const struct profile *p,
			   const struct lint_result *res, const struct color *c)
{
	for (size_t i = 0; i < res->n; i++) {
		const struct lint_finding *f = &res->items[i];
		fprintf(out, "%s%s:%u:%u:%s %s%s:%s %s [%s]", c->bold, p->path,
			f->loc.line, f->loc.column, c->off,
			severity_color(f->severity, c),
			lint_severity_name(f->severity), c->off, f->message,
			lint_kind_name(f->kind));
		if (f->hint[0])
			fprintf(out, " — %s", f->hint);
		fprintf(out, "\n");
	}
	fprintf(out,
		"%s: %zu error%s, %zu warning%s, %zu note%s (%zu rules, %zu "
		"names)\n",
		p->path, res->count[LINT_ERROR],
		res->count[LINT_ERROR] == 1 ? "" : "s",
		res->count[LINT_WARNING],
		res->count[LINT_WARNING] == 1 ? "" : "s", res->count[LINT_NOTE],
		res->count[LINT_NOTE] == 1 ? "" : "s", p->n_rules,
		profile_count_names(p));
	fprintf(out, "%s: %sexposure:%s ", p->path, c->bold, c->off);
	exposure_text(out, &res->exposure, c);
	fprintf(out, "\n");
}

static int lint(struct cli_args *a)
{
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(a, a->pos[0], PROFILE_LOAD_KEEP_UNKNOWN,
				 a->arch, &p, &env);
	if (r)
		return r;
	cleanup_lint_result struct lint_result res = { 0 };
	if (lint_profile(p, &env, &res) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	bool quiet = cli_is_stdout(a->json) || cli_is_stdout(a->sarif);
	FILE *out = quiet ? stderr : stdout;
	print_findings(out, p, &res, cli_color(a, out));
	int status = res.count[LINT_ERROR]     ? CLI_EXIT_USAGE
		     : res.count[LINT_WARNING] ? CLI_EXIT_FINDINGS
					       : CLI_EXIT_OK;
	int w = 0;
	if (a->json && (w = write_json(p, &res, a->json)))
		status = w;
	if (a->sarif && (w = write_sarif(p, &res, a->sarif)))
		status = w;
	return status;
}

const struct cli_command cmd_lint = {
	.name = "lint",
	.summary = "check a profile without running anything",
	.synopsis = "PROFILE [options]",
	.about = "Check a profile without running anything: unknown names "
		 "(with a suggestion),\nduplicates, conflicting actions, rules "
		 "that do what the default does, rules no\narch or capability "
		 "set can enable, rules off under --caps, names that are "
		 "no\nsyscall on this arch, names newer than libseccomp, "
		 "clamped errnos, dangerous\nentries (ptrace, bpf, io_uring_*, "
		 "clone without flag checks, …), shadowed\nrules, compat holes "
		 "and EPERM-where-ENOSYS advice. Then the exposure: per arch, "
		 "how many syscalls\nthe profile allows and how many of them "
		 "are dangerous.",
	.exit_status = "Exit status: 0 clean (notes only), 1 warnings, 2 "
		       "errors or bad input.",
	.opts = CLI_OPT(FORMAT) | CLI_OPT(CAPS) | CLI_OPT(ARCH) |
		CLI_OPT(JSON) | CLI_OPT(SARIF) | CLI_OPT(COLOR),
	.help[CLI_OPT_JSON] = "the findings as JSON ('-': stdout)",
	.min_pos = 1,
	.max_pos = 1,
	.run = lint,
};
