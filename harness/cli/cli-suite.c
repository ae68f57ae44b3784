/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What run and merge share: a suite's result summarized, written to the
 * reports asked for, told to people, and its exit status. */
#include <string.h>

#include "ci-report.h"
#include "cli.h"
#include "html-report.h"
#include "json-util.h"
#include "suite-json.h"
#include "summary.h"
#include "util.h"

bool cli_suite_reports_to_stdout(const struct cli_args *a)
{
	return cli_is_stdout(a->json) || cli_is_stdout(a->junit) ||
	       cli_is_stdout(a->sarif) || cli_is_stdout(a->markdown) ||
	       cli_is_stdout(a->html) || cli_is_stdout(a->codequality);
}

static int write_reports(const struct suite_result *r, const struct cli_args *a)
{
	const struct {
		const char *path;
		char *(*render)(const struct suite_result *);
	} outs[] = {
		{ a->junit, ci_report_junit },
		{ a->sarif, ci_report_sarif },
		{ a->markdown, ci_report_markdown },
		{ a->html, html_report },
		{ a->codequality, ci_report_codequality },
	};
	int status = 0;
	for (size_t i = 0; i < ARRAY_SIZE(outs); i++) {
		if (!outs[i].path)
			continue;
		cleanup_free char *text = outs[i].render(r);
		int w = text ? cli_write_output(outs[i].path, text)
			     : CLI_EXIT_ENV;
		status = w ? w : status;
	}
	if (a->json) {
		cleanup_json json_t *doc = suite_result_json(r);
		int w = cli_write_json(a->json, doc);
		status = w ? w : status;
	}
	return status;
}

/* The summary for people. */
static void print_summary(FILE *f, const struct suite_result *r)
{
	for (size_t k = 0; k < r->n_profiles; k++) {
		const struct suite_profile *p = &r->profiles[k];
		char unn[32];
		if (p->n_unjudged)
			snprintf(unn, sizeof(unn), "unnecessary not judged");
		else
			snprintf(unn, sizeof(unn), "%zu unnecessary",
				 p->n_unnecessary);
		fprintf(f, "profile %s: %zu missing, %s, %zu used\n", p->path,
			p->n_missing, unn, p->used.n);
		for (size_t i = 0; i < p->n_missing; i++) {
			fprintf(f, "  missing %s (cases:", p->missing[i].name);
			for (size_t c = 0; c < p->missing[i].cases.n; c++)
				fprintf(f, " %s", p->missing[i].cases.v[c]);
			fprintf(f, ")\n");
		}
		if (p->intermittent.n) {
			fprintf(f, "  intermittent (used by some runs, kept):");
			for (size_t i = 0; i < p->intermittent.n; i++)
				fprintf(f, " %s", p->intermittent.v[i]);
			fprintf(f, "\n");
		}
		if (p->n_unjudged) {
			const struct suite_unjudged *u = &p->unjudged[0];
			fprintf(f,
				"  unnecessary: not judged: case %s ended %s, "
				"not as expected%s\n",
				u->name, verdict_outcome_name(u->outcome),
				p->n_unjudged > 1 ? " (and more)" : "");
			continue;
		}
		if (!p->n_unnecessary)
			continue;
		fprintf(f, "  unnecessary:");
		for (size_t i = 0; i < p->n_unnecessary; i++)
			fprintf(f, " %s", p->unnecessary[i].name);
		fprintf(f, "\n");
	}
	size_t passed = 0;
	for (size_t i = 0; i < r->n_cases; i++)
		passed += r->cases[i].passed;
	fprintf(f, "%zu passed, %zu failed\n", passed, r->n_cases - passed);
}

int cli_suite_outputs(struct suite_result *r, const struct cli_args *a)
{
	if (suite_summarize(r, a->fail_on_unnecessary) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	int status = write_reports(r, a);
	print_summary(cli_suite_reports_to_stdout(a) ? stderr : stdout, r);
	if (status)
		return status;
	/* A case that could not run decides the status: this system (3) or
	 * bad input (2), never blamed on a profile. */
	int err = 0;
	for (size_t i = 0; i < r->n_cases; i++) {
		if (r->cases[i].error == SUITE_ERROR_ENVIRONMENT)
			err = CLI_EXIT_ENV;
		else if (r->cases[i].error == SUITE_ERROR_INPUT && !err)
			err = CLI_EXIT_USAGE;
	}
	if (err)
		return err;
	return r->findings ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}
