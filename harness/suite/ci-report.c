#include "ci-report.h"

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
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

static const char *str(json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
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

static bool run_is_error(json_t *run)
{
	return strcmp(str(run, "outcome"), "error") == 0;
}

/* The findings of a run, one per line, for JUnit's failure text. */
static void findings_text(FILE *f, json_t *run)
{
	size_t i;
	json_t *d;
	json_array_foreach (json_object_get(run, "denials"), i, d) {
		const char *cls = str(d, "class");
		if (strcmp(cls, "missing") && strcmp(cls, "unexpected") &&
		    strcmp(cls, "escaped"))
			continue;
		char line[512];
		snprintf(
			line, sizeof(line), "%s: %s (%s %lld) %s%s%s\n", cls,
			str(d, "name"), str(d, "arch"),
			(long long)json_integer_value(json_object_get(d, "nr")),
			str(d, "action"),
			json_object_get(d, "fix") ? "; fix: " : "",
			str(d, "fix"));
		xml_escaped(f, line);
	}
}

char *ci_report_junit(json_t *doc)
{
	struct out o;
	if (!out_open(&o))
		return NULL;
	json_t *runs = json_object_get(doc, "runs");
	size_t total = json_array_size(runs), failures = 0, errors = 0;
	double time = 0;
	size_t i;
	json_t *run;
	json_array_foreach (runs, i, run) {
		bool err = run_is_error(run);
		errors += err;
		failures +=
			!err && !json_is_true(json_object_get(run, "passed"));
		time += json_number_value(json_object_get(run, "wallSeconds"));
	}
	fprintf(o.f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(o.f,
		"<testsuites name=\"scaudit\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"%zu\" time=\"%.3f\">\n",
		total, failures, errors, time);
	size_t pi;
	json_t *pr;
	json_array_foreach (json_object_get(doc, "profiles"), pi, pr) {
		const char *path = str(pr, "path");
		size_t t = 0, fl = 0, er = 0;
		double tm = 0;
		json_array_foreach (runs, i, run) {
			if (strcmp(str(run, "profile"), path))
				continue;
			t++;
			er += run_is_error(run);
			fl += !run_is_error(run) &&
			      !json_is_true(json_object_get(run, "passed"));
			tm += json_number_value(
				json_object_get(run, "wallSeconds"));
		}
		fprintf(o.f, "  <testsuite name=\"");
		xml_escaped(o.f, path);
		fprintf(o.f,
			"\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
			"skipped=\"0\" time=\"%.3f\">\n",
			t, fl, er, tm);
		json_array_foreach (runs, i, run) {
			if (strcmp(str(run, "profile"), path))
				continue;
			fprintf(o.f, "    <testcase name=\"");
			xml_escaped(o.f, str(run, "case"));
			fprintf(o.f, "\" classname=\"");
			xml_escaped(o.f, path);
			fprintf(o.f, "\" file=\"");
			xml_escaped(o.f, str(run, "file"));
			fprintf(o.f, "\" time=\"%.3f\"",
				json_number_value(
					json_object_get(run, "wallSeconds")));
			if (json_is_true(json_object_get(run, "passed"))) {
				fprintf(o.f, "/>\n");
				continue;
			}
			const char *tag =
				run_is_error(run) ? "error" : "failure";
			fprintf(o.f, ">\n      <%s message=\"", tag);
			xml_escaped(o.f, str(run, "outcome"));
			fprintf(o.f, ": ");
			xml_escaped(o.f, str(run, "reason"));
			fprintf(o.f, "\" type=\"");
			xml_escaped(o.f, str(run, "outcome"));
			fprintf(o.f, "\">");
			findings_text(o.f, run);
			fprintf(o.f, "</%s>\n    </testcase>\n", tag);
		}
		fprintf(o.f, "  </testsuite>\n");
	}
	fprintf(o.f, "</testsuites>\n");
	return out_close(&o);
}

/* A path as code scanning wants it: relative to the working directory
 * (the checkout) when it is inside it. */
static json_t *artifact(const char *path)
{
	char real[PATH_MAX], cwd[PATH_MAX];
	const char *uri = path;
	if (realpath(path, real) && getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);
		uri = strncmp(real, cwd, n) == 0 && real[n] == '/'
			      ? real + n + 1
			      : real;
	}
	return json_pack("{s:s}", "uri", uri);
}

static json_t *result(const char *rule, const char *level, const char *text,
		      const char *path, json_int_t line, json_int_t column)
{
	json_t *region = json_pack("{s:I}", "startLine", line > 0 ? line : 1);
	if (column > 0)
		json_object_set_new(region, "startColumn",
				    json_integer(column));
	return json_pack("{s:s,s:s,s:{s:s},s:[{s:{s:o,s:o}}]}", "ruleId", rule,
			 "level", level, "message", "text", text, "locations",
			 "physicalLocation", "artifactLocation", artifact(path),
			 "region", region);
}

char *ci_report_sarif(json_t *doc)
{
	json_t *rules = json_pack(
		"[{s:s,s:{s:s},s:{s:s}},{s:s,s:{s:s},s:{s:s}},"
		"{s:s,s:{s:s},s:{s:s}}]",
		"id", "missing-entry", "shortDescription", "text",
		"A syscall a case needs is not allowed by the profile",
		"defaultConfiguration", "level", "error", "id",
		"unnecessary-entry", "shortDescription", "text",
		"An allowed syscall no case uses", "defaultConfiguration",
		"level", "warning", "id", "case-failed", "shortDescription",
		"text", "A case did not end as expected",
		"defaultConfiguration", "level", "error");
	json_t *results = json_array();
	size_t pi;
	json_t *pr;
	json_array_foreach (json_object_get(doc, "profiles"), pi, pr) {
		const char *path = str(pr, "path");
		/* A missing entry belongs with the allow list: its first
		 * line, or the top of the file. */
		json_t *first =
			json_array_get(json_object_get(pr, "allowed"), 0);
		json_int_t at = first ? json_integer_value(
						json_object_get(first, "line"))
				      : 1;
		size_t i;
		json_t *m;
		json_array_foreach (json_object_get(pr, "missing"), i, m) {
			char text[1024], cases[512] = "";
			size_t k;
			json_t *c;
			json_array_foreach (json_object_get(m, "cases"), k, c)
				snprintf(cases + strlen(cases),
					 sizeof(cases) - strlen(cases), "%s%s",
					 k ? ", " : "", json_string_value(c));
			snprintf(
				text, sizeof(text),
				"'%s' is denied by this profile but needed by: "
				"%s. Allow it.",
				str(m, "name"), cases);
			json_array_append_new(results,
					      result("missing-entry", "error",
						     text, path, at, 0));
		}
		json_array_foreach (json_object_get(pr, "unnecessary"), i, m) {
			char text[256];
			snprintf(text, sizeof(text),
				 "'%s' is allowed but no case uses it: remove "
				 "it, or add a case that needs it.",
				 str(m, "name"));
			json_array_append_new(
				results,
				result("unnecessary-entry", "warning", text,
				       path,
				       json_integer_value(
					       json_object_get(m, "line")),
				       json_integer_value(
					       json_object_get(m, "column"))));
		}
	}
	size_t i;
	json_t *run;
	json_array_foreach (json_object_get(doc, "runs"), i, run) {
		if (json_is_true(json_object_get(run, "passed")))
			continue;
		char text[1024];
		snprintf(text, sizeof(text), "case '%s' %s: %s",
			 str(run, "case"), str(run, "outcome"),
			 str(run, "reason"));
		json_array_append_new(
			results,
			result("case-failed", "error", text, str(run, "file"),
			       json_integer_value(json_object_get(run, "line")),
			       0));
	}
	json_t *sarif = json_pack(
		"{s:s,s:s,s:[{s:{s:{s:s,s:s,s:o}},s:o}]}", "$schema",
		"https://json.schemastore.org/sarif-2.1.0.json", "version",
		"2.1.0", "runs", "tool", "driver", "name", "scaudit", "version",
		SCAUDIT_VERSION, "rules", rules, "results", results);
	if (!sarif)
		return NULL;
	char *text = json_dumps(sarif, JSON_INDENT(2));
	json_decref(sarif);
	return text;
}

char *ci_report_markdown(json_t *doc)
{
	struct out o;
	if (!out_open(&o))
		return NULL;
	json_t *runs = json_object_get(doc, "runs");
	size_t passed = 0, i;
	json_t *run;
	json_array_foreach (runs, i, run)
		passed += json_is_true(json_object_get(run, "passed"));
	bool holds = strcmp(str(doc, "verdict"), "holds") == 0;
	fprintf(o.f, "## scaudit: %s\n\n",
		holds ? "the profiles hold" : "findings");
	fprintf(o.f, "%zu cases, %zu passed, %zu failed%s%s.\n\n",
		json_array_size(runs), passed, json_array_size(runs) - passed,
		json_object_get(doc, "shard") ? " (shard " : "",
		json_object_get(doc, "shard") ? str(doc, "shard") : "");
	if (json_object_get(doc, "shard"))
		fprintf(o.f, ")\n\n");
	fprintf(o.f, "| case | profile | outcome | time |\n");
	fprintf(o.f, "| --- | --- | --- | ---: |\n");
	json_array_foreach (runs, i, run)
		fprintf(o.f, "| %s %s | `%s` | %s | %.2f s |\n",
			json_is_true(json_object_get(run, "passed")) ? "✅"
								     : "❌",
			str(run, "case"), str(run, "profile"),
			str(run, "outcome"),
			json_number_value(json_object_get(run, "wallSeconds")));
	size_t pi;
	json_t *pr;
	json_array_foreach (json_object_get(doc, "profiles"), pi, pr) {
		json_t *miss = json_object_get(pr, "missing");
		json_t *unn = json_object_get(pr, "unnecessary");
		if (!json_array_size(miss) && !json_array_size(unn))
			continue;
		fprintf(o.f, "\n### `%s`\n\n", str(pr, "path"));
		size_t k;
		json_t *m;
		json_array_foreach (miss, k, m) {
			fprintf(o.f, "- **missing** `%s`, needed by",
				str(m, "name"));
			size_t c;
			json_t *cn;
			json_array_foreach (json_object_get(m, "cases"), c, cn)
				fprintf(o.f, "%s %s", c ? "," : "",
					json_string_value(cn));
			fprintf(o.f, "\n");
		}
		if (json_array_size(unn)) {
			fprintf(o.f, "- **unnecessary** (no case uses them):");
			json_array_foreach (unn, k, m)
				fprintf(o.f, "%s `%s` (line %lld)",
					k ? "," : "", str(m, "name"),
					(long long)json_integer_value(
						json_object_get(m, "line")));
			fprintf(o.f, "\n");
		}
	}
	return out_close(&o);
}
