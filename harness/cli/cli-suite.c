/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What run and merge share: a suite's result summarized, written to the
 * reports asked for, told to people, and its exit status. */
#include <string.h>

#include "ci-report.h"
#include "cli.h"
#include "html-report.h"
#include "json-util.h"
#include "suite-exposure.h"
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

/* "N what", in on when N is not zero. */
static void count(FILE *f, size_t n, const char *what, const char *on,
		  const struct color *c)
{
	fprintf(f, "%s%zu %s%s", n ? on : "", n, what, n ? c->off : "");
}

/* A profile's exposure: exposure.h's line and details. */
static void print_exposure(FILE *f, const struct suite_result *r,
			   const struct suite_profile *p, const struct color *c)
{
	char why[512];
	suite_exposure_why(p, why, sizeof(why));
	if (!suite_exposure_known(&p->exposure)) {
		if (p->gate == EXPOSURE_GATE_NOT_JUDGED)
			fprintf(f,
				"  %s--max-dangerous-unused %zu: not judged%s: "
				"%s\n",
				c->bad, r->max_dangerous_unused, c->off, why);
		return;
	}
	fprintf(f, "  exposure ");
	exposure_text(f, &p->exposure, c);
	fprintf(f, "\n");
	exposure_text_details(f, &p->exposure, "    ", why,
			      suite_exposure_max(r), c);
}

/* The summary for people. */
static void print_summary(FILE *f, const struct suite_result *r,
			  const struct color *c)
{
	for (size_t k = 0; k < r->n_profiles; k++) {
		const struct suite_profile *p = &r->profiles[k];
		fprintf(f, "profile %s: ", p->path);
		count(f, p->n_missing, "missing", c->bad, c);
		fprintf(f, ", ");
		if (p->n_unjudged)
			fprintf(f, "unnecessary not judged");
		else
			count(f, p->n_unnecessary, "unnecessary", c->warn, c);
		fprintf(f, ", %zu used\n", p->used.n);
		for (size_t i = 0; i < p->n_missing; i++) {
			fprintf(f, "  %smissing%s %s (cases:", c->bad, c->off,
				p->missing[i].name);
			for (size_t n = 0; n < p->missing[i].cases.n; n++)
				fprintf(f, " %s", p->missing[i].cases.v[n]);
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
		} else if (p->n_unnecessary) {
			fprintf(f, "  %sunnecessary:%s", c->warn, c->off);
			for (size_t i = 0; i < p->n_unnecessary; i++)
				fprintf(f, " %s", p->unnecessary[i].name);
			fprintf(f, "\n");
		}
		print_exposure(f, r, p, c);
	}
	size_t passed = 0;
	for (size_t i = 0; i < r->n_cases; i++)
		passed += r->cases[i].passed;
	fprintf(f, "%s%zu passed, %zu failed%s\n",
		r->findings ? c->bad : c->good, passed, r->n_cases - passed,
		c->off);
	if (r->interrupted)
		fprintf(f,
			"%sinterrupted by SIG%s: the cases that had not "
			"finished were ended, with their process trees, or "
			"not run%s\n",
			c->bad, sigabbrev_np(r->interrupted), c->off);
}

/* 0, or CLI_EXIT_USAGE with why: a profile's --max-dangerous-unused not
 * judged. */
static int gate_status(const struct suite_result *r)
{
	char why[512];
	for (size_t k = 0; k < r->n_profiles; k++) {
		const struct suite_profile *p = &r->profiles[k];
		if (p->gate != EXPOSURE_GATE_NOT_JUDGED)
			continue;
		suite_exposure_why(p, why, sizeof(why));
		cli_error("--max-dangerous-unused %zu: not judged: profile %s: "
			  "%s; a gate never passes without evidence",
			  r->max_dangerous_unused, p->path, why);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_suite_outputs(struct suite_result *r, const struct cli_args *a)
{
	if (suite_summarize_gated(r, a->fail_on_unnecessary,
				  a->max_dangerous_unused) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	int status = write_reports(r, a);
	FILE *people = cli_suite_reports_to_stdout(a) ? stderr : stdout;
	print_summary(people, r, cli_color(a, people));
	if (status)
		return status;
	/* As a shell reports a command a signal ended. */
	if (r->interrupted)
		return 128 + r->interrupted;
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
	if ((err = gate_status(r)))
		return err;
	return r->findings ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
}
