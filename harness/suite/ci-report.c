/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "ci-report.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json-util.h"
#include "report.h"
#include "sarif.h"
#include "util.h"

struct out {
	char *s;
	size_t len;
	FILE *f;
};

static bool out_open(struct out *o)
{
	o->s = NULL;
	o->f = open_memstream(&o->s, &o->len);
	return o->f != NULL;
}

static char *out_close(struct out *o)
{
	if (fclose(o->f) != 0) {
		free(o->s);
		return NULL;
	}
	return o->s;
}

static void xml_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			/* XML 1.0 has no place for other control bytes. */
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				fputc('?', f);
			else
				fputc(*s, f);
		}
	}
}

static const char *outcome(const struct suite_case_result *c)
{
	return verdict_outcome_name(c->run.outcome);
}

static bool is_error(const struct suite_case_result *c)
{
	return c->run.outcome == OUTCOME_ERROR;
}

/* The findings of a run, one per line, for JUnit's failure text. */
static void findings_text(FILE *f, const struct suite_case_result *c)
{
	for (size_t i = 0; i < c->run.n_calls; i++) {
		const struct record_call *d = &c->run.calls[i];
		if (!record_call_is_finding(d))
			continue;
		char line[1024];
		snprintf(line, sizeof(line), "%s: %s (%s %d) %s%s%s\n",
			 verdict_class_name(d->cls), d->name, d->arch, d->nr,
			 d->action, d->fix[0] ? "; fix: " : "", d->fix);
		xml_escaped(f, line);
	}
}

static bool in_profile(const struct suite_case_result *c, const char *path)
{
	return strcmp(c->profile ? c->profile : "", path) == 0;
}

static void junit_case(FILE *f, const struct suite_case_result *c,
		       const char *path)
{
	fprintf(f, "    <testcase name=\"");
	xml_escaped(f, c->name);
	fprintf(f, "\" classname=\"");
	xml_escaped(f, path);
	fprintf(f, "\" file=\"");
	xml_escaped(f, c->file);
	fprintf(f, "\" time=\"%.3f\"", c->wall_seconds);
	if (c->passed) {
		fprintf(f, "/>\n");
		return;
	}
	const char *tag = is_error(c) ? "error" : "failure";
	fprintf(f, ">\n      <%s message=\"", tag);
	xml_escaped(f, outcome(c));
	fprintf(f, ": ");
	xml_escaped(f, c->run.reason);
	fprintf(f, "\" type=\"");
	xml_escaped(f, outcome(c));
	fprintf(f, "\">");
	findings_text(f, c);
	fprintf(f, "</%s>\n", tag);
	/* What the failing workload said, as CI pages show a test's. */
	if (c->run.output) {
		fprintf(f, "      <system-out>");
		xml_escaped(f, c->run.output);
		fprintf(f, "</system-out>\n");
	}
	fprintf(f, "    </testcase>\n");
}

static void junit_suite(FILE *f, const struct suite_result *r, const char *path)
{
	size_t t = 0, fl = 0, er = 0;
	double tm = 0;
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		if (!in_profile(c, path))
			continue;
		t++;
		er += is_error(c);
		fl += !is_error(c) && !c->passed;
		tm += c->wall_seconds;
	}
	fprintf(f, "  <testsuite name=\"");
	xml_escaped(f, path);
	fprintf(f,
		"\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		"skipped=\"0\" time=\"%.3f\">\n",
		t, fl, er, tm);
	for (size_t i = 0; i < r->n_cases; i++)
		if (in_profile(&r->cases[i], path))
			junit_case(f, &r->cases[i], path);
	fprintf(f, "  </testsuite>\n");
}

char *ci_report_junit(const struct suite_result *r)
{
	struct out o;
	if (!out_open(&o))
		return NULL;
	size_t failures = 0, errors = 0;
	double time = 0;
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		errors += is_error(c);
		failures += !is_error(c) && !c->passed;
		time += c->wall_seconds;
	}
	fprintf(o.f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(o.f,
		"<testsuites name=\"scaudit\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"%zu\" time=\"%.3f\">\n",
		r->n_cases, failures, errors, time);
	for (size_t k = 0; k < r->n_profiles; k++)
		junit_suite(o.f, r, r->profiles[k].path);
	fprintf(o.f, "</testsuites>\n");
	return out_close(&o);
}

static int sarif_rules(json_t *doc)
{
	static const char *const ids[] = { "missing-entry", "unnecessary-entry",
					   "case-failed",
					   "unnecessary-not-judged", NULL };
	return report_sarif_rules(doc, ids);
}

static int sarif_profile(json_t *doc, const struct suite_profile *p)
{
	/* A missing entry goes where its fix does (writer_fix_at): the line
	 * a user edits; else with the allow list, or the top of the file. */
	unsigned at = p->fix_line    ? p->fix_line
		      : p->n_allowed ? p->allowed[0].line
				     : 1;
	unsigned col = p->fix_line ? p->fix_column : 0;
	int e = 0;
	for (size_t i = 0; i < p->n_missing; i++) {
		char text[1024], cases[512] = "";
		for (size_t k = 0; k < p->missing[i].cases.n; k++)
			snprintf(cases + strlen(cases),
				 sizeof(cases) - strlen(cases), "%s%s",
				 k ? ", " : "", p->missing[i].cases.v[k]);
		snprintf(text, sizeof(text),
			 "'%s' is denied by this profile but needed by: %s. "
			 "Allow it.",
			 p->missing[i].name, cases);
		e |= sarif_add_result(doc, "missing-entry", SARIF_ERROR, text,
				      p->path, at, col);
	}
	for (size_t i = 0; i < p->n_unjudged; i++) {
		const struct suite_unjudged *u = &p->unjudged[i];
		cleanup_free char *text = NULL;
		if (asprintf(&text,
			     "Unnecessary entries not judged: case '%s' ended "
			     "%s, not as expected (%s); a run that fails is no "
			     "evidence that an entry is unused.",
			     u->name, verdict_outcome_name(u->outcome),
			     u->reason) < 0)
			return -ENOMEM;
		e |= sarif_add_result(doc, "unnecessary-not-judged", SARIF_NOTE,
				      text, p->path, 1, 0);
	}
	for (size_t i = 0; i < p->n_unnecessary; i++) {
		const struct suite_entry *u = &p->unnecessary[i];
		char text[256];
		snprintf(text, sizeof(text),
			 "'%s' is allowed but no case uses it: remove it, or "
			 "add a case that needs it.",
			 u->name);
		e |= sarif_add_result(doc, "unnecessary-entry", SARIF_WARNING,
				      text, p->path, u->line, u->column);
	}
	return e;
}

char *ci_report_sarif(const struct suite_result *r)
{
	cleanup_json json_t *doc = sarif_new();
	if (!doc || sarif_rules(doc) < 0)
		return NULL;
	int e = 0;
	for (size_t k = 0; k < r->n_profiles; k++)
		e |= sarif_profile(doc, &r->profiles[k]);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		if (c->passed)
			continue;
		cleanup_free char *text = NULL;
		if (asprintf(&text, "case '%s' %s: %s", c->name, outcome(c),
			     c->run.reason) < 0)
			return NULL;
		e |= sarif_add_result(doc, "case-failed", SARIF_ERROR, text,
				      c->file, c->line, 0);
	}
	return e ? NULL : json_dumps(doc, JSON_INDENT(2));
}

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

static void markdown_profile(FILE *f, const struct suite_profile *p)
{
	if (!p->n_missing && !p->n_unnecessary && !p->n_unjudged)
		return;
	fprintf(f, "\n### `%s`\n\n", p->path);
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

char *ci_report_markdown(const struct suite_result *r)
{
	struct out o;
	if (!out_open(&o))
		return NULL;
	size_t passed = 0;
	for (size_t i = 0; i < r->n_cases; i++)
		passed += r->cases[i].passed;
	fprintf(o.f, "## scaudit: %s\n\n",
		r->findings ? "findings" : "the profiles hold");
	fprintf(o.f, "%zu cases, %zu passed, %zu failed", r->n_cases, passed,
		r->n_cases - passed);
	if (r->shards > 1)
		fprintf(o.f, " (shard %u/%u).\n\n", r->shard, r->shards);
	else
		fprintf(o.f, ".\n\n");
	fprintf(o.f, "| case | profile | outcome | reason | time |\n");
	fprintf(o.f, "| --- | --- | --- | --- | ---: |\n");
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		fprintf(o.f, "| %s ", c->passed ? "✅" : "❌");
		md_cell(o.f, c->name);
		fprintf(o.f, " | `");
		md_cell(o.f, c->profile ? c->profile : "");
		fprintf(o.f, "` | %s | ", outcome(c));
		md_cell(o.f, c->run.reason);
		fprintf(o.f, " | %.2f s |\n", c->wall_seconds);
	}
	for (size_t k = 0; k < r->n_profiles; k++)
		markdown_profile(o.f, &r->profiles[k]);
	return out_close(&o);
}
