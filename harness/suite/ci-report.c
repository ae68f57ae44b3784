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
	static const char *const ids[] = {
		"missing-entry", "unnecessary-entry",	   "escaped-call",
		"case-failed",	 "unnecessary-not-judged", NULL
	};
	return report_sarif_rules(doc, ids);
}

/* One finding of a suite, as SARIF and GitLab's code quality both carry
 * it: the one place their words are made. */
struct finding {
	const char *rule; /* report-sarif.c's ids */
	enum sarif_level level;
	const char *text;
	const char *path;
	unsigned line, column;
	const char *subject; /* what it is about (a name, a case): with rule
			      * and path, what identifies it across runs */
};

typedef int (*finding_fn)(void *ctx, const struct finding *f);

static int missing_finding(const struct suite_profile *p, size_t i,
			   finding_fn emit, void *ctx)
{
	/* A missing entry goes where its fix does (writer_fix_at): the line
	 * a user edits; else with the allow list, or the top of the file. */
	unsigned at = p->fix_line    ? p->fix_line
		      : p->n_allowed ? p->allowed[0].line
				     : 1;
	char text[1024], cases[512] = "";
	for (size_t k = 0; k < p->missing[i].cases.n; k++)
		snprintf(cases + strlen(cases), sizeof(cases) - strlen(cases),
			 "%s%s", k ? ", " : "", p->missing[i].cases.v[k]);
	snprintf(text, sizeof(text),
		 "'%s' is denied by this profile but needed by: %s. Allow it.",
		 p->missing[i].name, cases);
	return emit(ctx, &(struct finding){ "missing-entry", SARIF_ERROR, text,
					    p->path, at,
					    p->fix_line ? p->fix_column : 0,
					    p->missing[i].name });
}

static int profile_findings(const struct suite_profile *p, finding_fn emit,
			    void *ctx)
{
	int e = 0;
	for (size_t i = 0; i < p->n_missing; i++)
		e |= missing_finding(p, i, emit, ctx);
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
		e |= emit(ctx, &(struct finding){ "unnecessary-not-judged",
						  SARIF_NOTE, text, p->path, 1,
						  0, u->name });
	}
	for (size_t i = 0; i < p->n_unnecessary; i++) {
		const struct suite_entry *u = &p->unnecessary[i];
		char text[256];
		snprintf(text, sizeof(text),
			 "'%s' is allowed but no case uses it: remove it, or "
			 "add a case that needs it.",
			 u->name);
		e |= emit(ctx, &(struct finding){
				       "unnecessary-entry", SARIF_WARNING, text,
				       p->path, u->line, u->column, u->name });
	}
	return e;
}

/* The calls of c that were to be denied and ran, each at the entry of its
 * profile that allows it (the line to remove); a profile that allows them
 * by default has no such line: the case's own failure says it. */
static int escaped_findings(const struct suite_result *r,
			    const struct suite_case_result *c, finding_fn emit,
			    void *ctx)
{
	const struct suite_profile *p = NULL;
	for (size_t k = 0; k < r->n_profiles; k++)
		if (c->profile && strcmp(r->profiles[k].path, c->profile) == 0)
			p = &r->profiles[k];
	int e = 0;
	for (size_t i = 0; p && i < c->run.n_calls; i++) {
		const struct record_call *d = &c->run.calls[i];
		const struct suite_entry *at = NULL;
		for (size_t k = 0; !at && k < p->n_allowed; k++)
			if (d->cls == CLASS_ESCAPED &&
			    strcmp(p->allowed[k].name, d->name) == 0)
				at = &p->allowed[k];
		if (!at)
			continue;
		char text[512], subject[256];
		snprintf(text, sizeof(text),
			 "'%s' was to be denied in case '%s' (expect-denied) "
			 "but this profile allows it: the workload made it and "
			 "it ran.",
			 d->name, c->name);
		snprintf(subject, sizeof(subject), "%s %s", c->name, d->name);
		e |= emit(ctx, &(struct finding){ "escaped-call", SARIF_ERROR,
						  text, p->path, at->line,
						  at->column, subject });
	}
	return e;
}

/* Every finding of r: each profile's, then each failed case's. */
static int each_finding(const struct suite_result *r, finding_fn emit,
			void *ctx)
{
	int e = 0;
	for (size_t k = 0; k < r->n_profiles; k++)
		e |= profile_findings(&r->profiles[k], emit, ctx);
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		if (c->passed)
			continue;
		e |= escaped_findings(r, c, emit, ctx);
		cleanup_free char *text = NULL;
		if (asprintf(&text, "case '%s' %s: %s", c->name, outcome(c),
			     c->run.reason) < 0)
			return -ENOMEM;
		e |= emit(ctx,
			  &(struct finding){ "case-failed", SARIF_ERROR, text,
					     c->file, c->line, 0, c->name });
	}
	return e;
}

static int sarif_emit(void *ctx, const struct finding *f)
{
	return sarif_add_result(ctx, f->rule, f->level, f->text, f->path,
				f->line, f->column);
}

char *ci_report_sarif(const struct suite_result *r)
{
	cleanup_json json_t *doc = sarif_new();
	if (!doc || sarif_rules(doc) < 0)
		return NULL;
	return each_finding(r, sarif_emit, doc) < 0
		       ? NULL
		       : json_dumps(doc, JSON_INDENT(2));
}

/* GitLab's severities: a missing entry kills the program in production;
 * a failed case is a broken check; an unused entry is surface to trim. */
static const char *codequality_severity(const struct finding *f)
{
	if (strcmp(f->rule, "missing-entry") == 0)
		return "critical";
	if (strcmp(f->rule, "case-failed") == 0 ||
	    strcmp(f->rule, "escaped-call") == 0)
		return "major";
	return f->level == SARIF_NOTE ? "info" : "minor";
}

/* What identifies a finding across pipelines (GitLab compares them
 * between branches): rule, file and subject, not the line, which moves
 * with every edit above it; the how-manieth of the same (a name in two
 * rules), since GitLab shows one issue per fingerprint. FNV-1a, 64 bits,
 * as hex. */
static void fingerprint(const struct finding *f, const char *path,
			unsigned again, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ull;
	const char *parts[] = { f->rule, path, f->subject };
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++)
		for (const char *s = parts[i];; s++) {
			h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
			if (!*s)
				break;
		}
	h = (h ^ again) * 0x100000001b3ull;
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static bool has_fingerprint(json_t *issues, const char *fp)
{
	size_t i;
	json_t *v;
	json_array_foreach (issues, i, v)
		if (strcmp(json_string_value(json_object_get(v, "fingerprint")),
			   fp) == 0)
			return true;
	return false;
}

static int codequality_emit(void *ctx, const struct finding *f)
{
	char real[PATH_MAX], fp[17];
	const char *path = util_path_in_cwd(f->path, real);
	unsigned again = 0;
	do
		fingerprint(f, path, again++, fp);
	while (has_fingerprint(ctx, fp));
	json_t *issue = json_pack("{s:o,s:s,s:s,s:s,s:{s:o,s:{s:i}}}",
				  "description", jsonutil_str(f->text),
				  "check_name", f->rule, "fingerprint", fp,
				  "severity", codequality_severity(f),
				  "location", "path", jsonutil_str(path),
				  "lines", "begin", f->line ? (int)f->line : 1);
	return issue && json_array_append_new(ctx, issue) == 0 ? 0 : -ENOMEM;
}

char *ci_report_codequality(const struct suite_result *r)
{
	cleanup_json json_t *doc = json_array();
	if (!doc || each_finding(r, codequality_emit, doc) < 0)
		return NULL;
	return json_dumps(doc, JSON_INDENT(2));
}
