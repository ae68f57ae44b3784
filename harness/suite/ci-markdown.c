/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ci-report.h's Markdown, for a CI job's summary: the verdict, a row per
 * case with its reason, then per profile its findings, its exposure and
 * its matrix: a table for a few cases, a summary for more (a table a
 * hundred cases wide is read by no one: the HTML page has it). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ci-report.h"
#include "matrix.h"
#include "suite-exposure.h"
#include "summary.h"
#include "util.h"

/* The most cases a profile's matrix is drawn for as a table. */
#define MD_MATRIX_MAX_CASES 6

/* Text in a table cell: a '|' would end the cell, a newline the row. */
static void md_cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else
			fputc(*s == '\n' ? ' ' : *s, f);
	}
}

static bool of_profile(const struct suite_case_result *c,
		       const struct suite_profile *p)
{
	return strcmp(c->profile ? c->profile : "", p->path) == 0;
}

static void findings(FILE *f, const struct suite_profile *p)
{
	for (size_t k = 0; k < p->n_missing; k++) {
		fprintf(f, "- **missing** `%s`, needed by", p->missing[k].name);
		for (size_t c = 0; c < p->missing[k].cases.n; c++)
			fprintf(f, "%s %s", c ? "," : "",
				p->missing[k].cases.v[c]);
		fprintf(f, "\n");
	}
	for (size_t k = 0; k < p->n_unjudged; k++) {
		fprintf(f, "- **unnecessary: not judged**: case ");
		md_cell(f, p->unjudged[k].name);
		fprintf(f, " ended %s, not as expected\n",
			verdict_outcome_name(p->unjudged[k].outcome));
	}
	if (!p->n_unnecessary)
		return;
	fprintf(f, "- **unnecessary** (no case uses them):");
	for (size_t k = 0; k < p->n_unnecessary; k++)
		fprintf(f, "%s `%s` (line %u)", k ? "," : "",
			p->unnecessary[k].name, p->unnecessary[k].line);
	fprintf(f, "\n");
}

/* exposure.h's words, a list item each. */
static void exposure(FILE *f, const struct suite_result *r,
		     const struct suite_profile *p)
{
	const struct exposure *e = &p->exposure;
	char why[512];
	if (!suite_exposure_known(e))
		return;
	fprintf(f, "- **exposure**: ");
	exposure_text(f, e, NULL);
	for (size_t i = 0; i < e->dangerous.n; i++)
		fprintf(f, "%s`%s`",
			i ? ", " : " (dangerous: ", e->dangerous.v[i]);
	fprintf(f, "%s\n", e->dangerous.n ? ")" : "");
	suite_exposure_why(p, why, sizeof(why));
	exposure_text_details(f, e, "- ", why, suite_exposure_max(r), NULL);
}

/* The marks of p's cases (at most MD_MATRIX_MAX_CASES) × names. */
static void matrix_table(FILE *f, const struct suite_result *r,
			 const struct suite_profile *p,
			 const struct strv *names)
{
	bool seen[MATRIX_MAX] = { false };
	fprintf(f, "\n| syscall |");
	for (size_t i = 0; i < r->n_cases; i++)
		if (of_profile(&r->cases[i], p)) {
			fputc(' ', f);
			md_cell(f, r->cases[i].name);
			fprintf(f, " |");
		}
	fprintf(f, "\n| --- |");
	for (size_t i = 0; i < r->n_cases; i++)
		if (of_profile(&r->cases[i], p))
			fprintf(f, " :-: |");
	fprintf(f, "\n");
	for (size_t j = 0; j < names->n; j++) {
		fprintf(f, "| `%s` |", names->v[j]);
		for (size_t i = 0; i < r->n_cases; i++) {
			if (!of_profile(&r->cases[i], p))
				continue;
			enum matrix_mark m =
				matrix_cell_mark(p, &r->cases[i], names->v[j]);
			seen[m] = true;
			fprintf(f, " %s |", matrix_glyph(m));
		}
		fprintf(f, "\n");
	}
	/* The legend: the marks the table has. */
	const char *sep = "\n";
	for (int m = MATRIX_MAX - 1; m > MATRIX_NONE; m--)
		if (seen[m]) {
			fprintf(f, "%s%s %s", sep,
				matrix_glyph((enum matrix_mark)m),
				matrix_meaning((enum matrix_mark)m));
			sep = "; ";
		}
	fprintf(f, "%s", sep[0] == ';' ? ".\n" : "");
}

/* Too many cases for a table: the names only one case uses, with it,
 * and how many cells have each mark. */
static void matrix_summary(FILE *f, const struct suite_result *r,
			   const struct suite_profile *p,
			   const struct strv *names, size_t n_cases)
{
	size_t count[MATRIX_MAX] = { 0 }, once = 0;
	fprintf(f,
		"- **matrix**: %zu cases × %zu syscalls (too wide for a "
		"table; the HTML report has it)\n",
		n_cases, names->n);
	for (size_t j = 0; j < names->n; j++) {
		size_t users = 0, user = 0;
		for (size_t i = 0; i < r->n_cases; i++) {
			if (!of_profile(&r->cases[i], p))
				continue;
			enum matrix_mark m =
				matrix_cell_mark(p, &r->cases[i], names->v[j]);
			count[m]++;
			if (m == MATRIX_USED || m == MATRIX_INTERMITTENT) {
				users++;
				user = i;
			}
		}
		if (users != 1)
			continue;
		fprintf(f, "%s`%s` (",
			once++ ? ", "
			       : "- **used by one case "
				 "only**: ",
			names->v[j]);
		md_cell(f, r->cases[user].name);
		fprintf(f, ")");
	}
	fprintf(f, "%s- **cells**:", once ? "\n" : "");
	const char *sep = " ";
	for (int m = MATRIX_MAX - 1; m > MATRIX_NONE; m--)
		if (count[m]) {
			fprintf(f, "%s%zu %s", sep, count[m],
				matrix_glyph((enum matrix_mark)m));
			sep = ", ";
		}
	fprintf(f, "%s\n", sep[0] == ' ' ? " none marked" : "");
}

static int matrix(FILE *f, const struct suite_result *r,
		  const struct suite_profile *p)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n_cases; i++)
		n += of_profile(&r->cases[i], p);
	cleanup_strv struct strv names = STRV_INIT;
	if (!n)
		return 0;
	if (suite_profile_names(r, p, &names) < 0)
		return -ENOMEM;
	if (n <= MD_MATRIX_MAX_CASES)
		matrix_table(f, r, p, &names);
	else
		matrix_summary(f, r, p, &names, n);
	return 0;
}

static int profile_part(FILE *f, const struct suite_result *r,
			const struct suite_profile *p)
{
	bool any = suite_exposure_known(&p->exposure) || p->n_missing ||
		   p->n_unnecessary || p->n_unjudged;
	for (size_t i = 0; !any && i < r->n_cases; i++)
		any = of_profile(&r->cases[i], p);
	if (!any)
		return 0;
	fprintf(f, "\n### `%s`\n\n", p->path);
	findings(f, p);
	exposure(f, r, p);
	return matrix(f, r, p);
}

/* --max-dangerous-unused's answer, by the verdict. */
static void gate_line(FILE *f, const struct suite_result *r)
{
	long max = suite_exposure_max(r);
	size_t bad = 0;
	char why[512];
	for (size_t k = 0; k < r->n_profiles; k++) {
		const struct suite_profile *p = &r->profiles[k];
		if (p->gate == EXPOSURE_GATE_FAILED) {
			fprintf(f,
				"**--max-dangerous-unused %ld: failed**: `%s` "
				"allows %zu dangerous entr%s no case used:",
				max, p->path, p->exposure.unused.n,
				p->exposure.unused.n == 1 ? "y" : "ies");
			for (size_t i = 0; i < p->exposure.unused.n; i++)
				fprintf(f, "%s `%s`", i ? "," : "",
					p->exposure.unused.v[i]);
			fprintf(f, ".\n\n");
		} else if (p->gate == EXPOSURE_GATE_NOT_JUDGED) {
			suite_exposure_why(p, why, sizeof(why));
			fprintf(f,
				"**--max-dangerous-unused %ld: not judged**: "
				"`%s`: ",
				max, p->path);
			md_cell(f, why);
			fprintf(f,
				"; a gate never passes without evidence.\n\n");
		}
		bad += p->gate == EXPOSURE_GATE_FAILED ||
		       p->gate == EXPOSURE_GATE_NOT_JUDGED;
	}
	if (max >= 0 && !bad)
		fprintf(f, "**--max-dangerous-unused %ld: passed**.\n\n", max);
}

static bool gate_not_judged(const struct suite_result *r)
{
	for (size_t k = 0; k < r->n_profiles; k++)
		if (r->profiles[k].gate == EXPOSURE_GATE_NOT_JUDGED)
			return true;
	return false;
}

static int markdown(FILE *f, const struct suite_result *r)
{
	size_t passed = 0;
	for (size_t i = 0; i < r->n_cases; i++)
		passed += r->cases[i].passed;
	fprintf(f, "## scaudit: %s\n\n",
		r->findings	     ? "findings"
		: gate_not_judged(r) ? "not judged"
				     : "the profiles hold");
	fprintf(f, "%zu cases, %zu passed, %zu failed", r->n_cases, passed,
		r->n_cases - passed);
	if (r->shards > 1)
		fprintf(f, " (shard %u/%u).\n\n", r->shard, r->shards);
	else
		fprintf(f, ".\n\n");
	gate_line(f, r);
	fprintf(f, "| case | profile | outcome | reason | time |\n");
	fprintf(f, "| --- | --- | --- | --- | ---: |\n");
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		fprintf(f, "| %s ", c->passed ? "✅" : "❌");
		md_cell(f, c->name);
		fprintf(f, " | `");
		md_cell(f, c->profile ? c->profile : "");
		fprintf(f, "` | %s | ", verdict_outcome_name(c->run.outcome));
		md_cell(f, c->run.reason);
		fprintf(f, " | %.2f s |\n", c->wall_seconds);
	}
	int e = 0;
	for (size_t k = 0; !e && k < r->n_profiles; k++)
		e = profile_part(f, r, &r->profiles[k]);
	return e;
}

char *ci_report_markdown(const struct suite_result *r)
{
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	int e = markdown(f, r);
	if (fclose(f) != 0 || e) {
		free(text);
		return NULL;
	}
	return text;
}
