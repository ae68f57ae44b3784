/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "html-report.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"
#include "util.h"

/* A matrix cell's mark, in rising precedence: when a case shows a name
 * two ways (used on one arch, denied on another), the higher wins. */
enum mark {
	MARK_NONE,
	MARK_ALLOWED,
	MARK_USED,
	MARK_INTERMITTENT,
	MARK_EXPECTED,
	MARK_TOLERATED,
	MARK_UNDECIDED,
	MARK_UNEXPECTED,
	MARK_MISSING,
	MARK_ESCAPED,
	MARK_MAX
};

static const struct {
	const char *glyph, *cls, *meaning;
} marks[MARK_MAX] = {
	[MARK_NONE] = { "", "m-none",
			"not made by the case, not allowed by the profile" },
	[MARK_ALLOWED] = { "·", "m-allowed",
			   "allowed by the profile, not used by this case" },
	[MARK_USED] = { "✓", "m-used", "used: made and allowed" },
	[MARK_INTERMITTENT] = { "?", "m-intermittent",
				"intermittent: used by some of the case's "
				"runs and not others, or made only at times "
				"(the kernel's, a runtime's); kept" },
	[MARK_EXPECTED] = { "⊘", "m-expected",
			    "blocked as expected (expect-denied)" },
	[MARK_TOLERATED] = { "~", "m-tolerated",
			     "tolerated: denied with an errno and the run "
			     "still succeeded" },
	[MARK_UNDECIDED] = { "¿", "m-undecided",
			     "undecided: denied with an errno in a run that "
			     "failed; maybe the cause" },
	[MARK_UNEXPECTED] = { "+", "m-unexpected",
			      "unexpected: denied and not in the case's "
			      "expected list" },
	[MARK_MISSING] = { "✗", "m-missing",
			   "missing: denied and the case needed it" },
	[MARK_ESCAPED] = { "!", "m-escaped",
			   "escaped: expected to be denied, but the profile "
			   "allowed it" },
};

static const char css[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#1b1b1b;"
	"background:#fff}\n"
	"h1{margin:0 0 .3em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
	"\n"
	".verdict{padding:.8em 1.2em;border-radius:6px;margin-bottom:1em}\n"
	".verdict.holds{background:#e3f4e3;border:2px solid #2e7d32}\n"
	".verdict.findings{background:#fde7e7;border:2px solid #c62828}\n"
	"table{border-collapse:collapse;margin:.5em 0}\n"
	"th,td{border:1px solid #c8c8c8;padding:2px 6px;text-align:left;"
	"vertical-align:top}\n"
	"caption{text-align:left;font-weight:bold;padding:.3em 0}\n"
	"code,.mono{font-family:ui-monospace,monospace}\n"
	".num{text-align:right}.bad{color:#b71c1c;font-weight:bold}"
	".good{color:#1b5e20}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	"table.matrix td{text-align:center;min-width:1.3em;font-weight:bold;"
	"padding:1px 3px}\n"
	"table.matrix th[scope=col] span{display:inline-block;"
	"writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;"
	"font:12px ui-monospace,monospace}\n"
	"table.matrix th[scope=row]{position:sticky;left:0;background:#fff;"
	"white-space:nowrap}\n"
	"table.matrix th.failed{border-left:4px solid #c62828}\n"
	"table.matrix th.missing span{color:#b71c1c;font-weight:bold}\n"
	"table.matrix th.unnecessary span{color:#8d5a00;"
	"text-decoration:line-through}\n"
	".m-none{background:#fff}.m-allowed{background:#efefef;color:#777}\n"
	".m-used{background:#c9efc9;color:#0b5a0b}\n"
	".m-intermittent{background:#d5e5ff;color:#0b3d91}\n"
	".m-expected{background:#e6dcf7;color:#4b2a84}\n"
	".m-tolerated{background:#fff1b8;color:#6d5100}\n"
	".m-undecided{background:#ffdcb8;color:#843f00}\n"
	".m-unexpected{background:#ffc2e6;color:#7a0050}\n"
	".m-missing{background:#ffc4c4;color:#9b0000}\n"
	".m-escaped{background:#b0001a;color:#fff}\n"
	"ul.legend{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(26em,1fr));gap:.2em 1.2em;list-style:none;padding:0;"
	"font-size:13px}\n"
	".key{display:inline-block;min-width:1.6em;text-align:center;"
	"font-weight:bold;border:1px solid #c8c8c8;margin-right:.3em}\n"
	".key.unnecessary{color:#8d5a00;text-decoration:line-through;"
	"font-family:ui-monospace,monospace}\n"
	"dl{display:grid;grid-template-columns:max-content auto;gap:0 1em}"
	"dt{font-weight:bold}dd{margin:0}\n"
	"details{margin:.4em 0;border:1px solid #ddd;border-radius:4px;"
	"padding:.3em .6em}summary{cursor:pointer}\n"
	"pre{background:#f6f6f6;padding:.5em;overflow-x:auto}\n"
	"@media print{details{break-inside:avoid}}\n";

struct out {
	char *s;
	size_t len;
	FILE *f;
};

void html_report_escape(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			fputs("&amp;", f);
		else if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '"')
			fputs("&quot;", f);
		else if (c == '\'')
			fputs("&#39;", f);
		else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			fputs("\xef\xbf\xbd", f);
		else
			fputc(c, f);
	}
}

#define esc html_report_escape

static bool of_profile(const struct suite_case_result *c, const char *path)
{
	return strcmp(c->profile ? c->profile : "", path) == 0;
}

static const struct suite_profile *profile_of(const struct suite_result *r,
					      const struct suite_case_result *c)
{
	for (size_t k = 0; k < r->n_profiles; k++)
		if (of_profile(c, r->profiles[k].path))
			return &r->profiles[k];
	return NULL;
}

static bool allows(const struct suite_profile *p, const char *name)
{
	for (size_t i = 0; p && i < p->n_allowed; i++)
		if (strcmp(p->allowed[i].name, name) == 0)
			return true;
	return false;
}

static bool is_unnecessary(const struct suite_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_unnecessary; i++)
		if (strcmp(p->unnecessary[i].name, name) == 0)
			return true;
	return false;
}

static bool is_missing(const struct suite_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_missing; i++)
		if (strcmp(p->missing[i].name, name) == 0)
			return true;
	return false;
}

/* The mark of a denial or an escaped call; MARK_NONE for the rest. */
static enum mark call_mark(const struct record_call *d)
{
	static const enum mark of[CLASS_MAX] = {
		[CLASS_MISSING] = MARK_MISSING,
		[CLASS_TOLERATED] = MARK_TOLERATED,
		[CLASS_UNDECIDED] = MARK_UNDECIDED,
		[CLASS_EXPECTED] = MARK_EXPECTED,
		[CLASS_ESCAPED] = MARK_ESCAPED,
		[CLASS_UNEXPECTED] = MARK_UNEXPECTED,
	};
	return d->cls < CLASS_MAX ? of[d->cls] : MARK_NONE;
}

static enum mark cell_mark(const struct suite_profile *p,
			   const struct suite_case_result *c, const char *name)
{
	enum mark m = MARK_NONE;
	for (size_t i = 0; i < c->run.n_calls; i++) {
		const struct record_call *d = &c->run.calls[i];
		enum mark k = call_mark(d);
		if (k > m && strcmp(d->name, name) == 0)
			m = k;
	}
	if (m < MARK_INTERMITTENT && (strv_contains(c->intermittent.v, name) ||
				      strv_contains(c->sometimes.v, name)))
		m = MARK_INTERMITTENT;
	if (m < MARK_USED && strv_contains(c->used.v, name))
		m = MARK_USED;
	if (m < MARK_ALLOWED && allows(p, name))
		m = MARK_ALLOWED;
	return m;
}

/* The matrix's columns: every name the profile allows or lacks, its
 * cases used, or was denied to them; sorted. 0 or -ENOMEM. */
static int columns(const struct suite_result *r, const struct suite_profile *p,
		   struct strv *ret)
{
	int e = strv_extend(ret, p->used.v);
	for (size_t i = 0; !e && i < p->n_allowed; i++)
		e = strv_add(ret, p->allowed[i].name);
	for (size_t i = 0; !e && i < p->n_missing; i++)
		e = strv_add(ret, p->missing[i].name);
	for (size_t i = 0; !e && i < r->n_cases; i++) {
		const struct suite_case_result *c = &r->cases[i];
		if (!of_profile(c, p->path))
			continue;
		for (size_t k = 0; !e && k < c->run.n_calls; k++)
			if (c->run.calls[k].name[0] &&
			    call_mark(&c->run.calls[k]) != MARK_NONE)
				e = strv_add(ret, c->run.calls[k].name);
	}
	if (e < 0)
		return e;
	strv_sort_unique(ret);
	return 0;
}

/* Where p allows name: "line L:C", each place; "—" when nowhere. */
static void profile_lines(FILE *f, const struct suite_profile *p,
			  const char *name)
{
	bool any = false;
	for (size_t i = 0; p && i < p->n_allowed; i++) {
		const struct suite_entry *e = &p->allowed[i];
		if (strcmp(e->name, name) != 0)
			continue;
		fprintf(f, "%s", any ? ", " : "");
		if (e->line)
			fprintf(f, "line %u:%u", e->line, e->column);
		else
			fprintf(f, "allowed");
		any = true;
	}
	if (!any)
		fprintf(f, "—");
}

static void count_cases(const struct suite_result *r, const char *path,
			size_t *ret_n, size_t *ret_passed)
{
	*ret_n = *ret_passed = 0;
	for (size_t i = 0; i < r->n_cases; i++)
		if (!path || of_profile(&r->cases[i], path)) {
			(*ret_n)++;
			*ret_passed += r->cases[i].passed;
		}
}

static void profiles_table(FILE *f, const struct suite_result *r)
{
	fprintf(f, "<table class=\"profiles\"><caption>Per profile</caption>"
		   "<thead><tr><th scope=\"col\">profile</th>"
		   "<th scope=\"col\">cases</th><th scope=\"col\">passed</th>"
		   "<th scope=\"col\">failed</th><th scope=\"col\">missing</th>"
		   "<th scope=\"col\">unnecessary</th>"
		   "<th scope=\"col\">used</th></tr></thead><tbody>\n");
	for (size_t k = 0; k < r->n_profiles; k++) {
		const struct suite_profile *p = &r->profiles[k];
		size_t n, passed;
		count_cases(r, p->path, &n, &passed);
		fprintf(f,
			"<tr><th scope=\"row\"><a href=\"#profile-%zu\">"
			"<code>",
			k);
		esc(f, p->path);
		fprintf(f,
			"</code></a></th><td class=\"num\">%zu</td>"
			"<td class=\"num good\">%zu</td><td class=\"num%s\">"
			"%zu</td><td class=\"num%s\">%zu</td>",
			n, passed, n > passed ? " bad" : "", n - passed,
			p->n_missing ? " bad" : "", p->n_missing);
		if (p->n_unjudged)
			fprintf(f, "<td>not judged</td>");
		else
			fprintf(f, "<td class=\"num\">%zu</td>",
				p->n_unnecessary);
		fprintf(f, "<td class=\"num\">%zu</td></tr>\n", p->used.n);
	}
	fprintf(f, "</tbody></table>\n");
}

static void verdict_section(FILE *f, const struct suite_result *r)
{
	size_t n, passed;
	count_cases(r, NULL, &n, &passed);
	fprintf(f, "<section class=\"verdict %s\" aria-label=\"verdict\">\n",
		r->findings ? "findings" : "holds");
	fprintf(f, "<h1>scaudit: %s</h1>\n",
		r->findings ? "findings" : "the profiles hold");
	fprintf(f,
		"<p><strong>%zu</strong> cases: <strong>%zu</strong> "
		"passed, <strong>%zu</strong> failed",
		n, passed, n - passed);
	if (r->shards > 1)
		fprintf(f, " (shard %u/%u)", r->shard, r->shards);
	fprintf(f, ".</p>\n");
	if (passed < n) {
		fprintf(f, "<p>Failed:");
		for (size_t i = 0; i < r->n_cases; i++) {
			if (r->cases[i].passed)
				continue;
			fprintf(f, " <a href=\"#case-%zu\">", i);
			esc(f, r->cases[i].name);
			fprintf(f, "</a>");
		}
		fprintf(f, "</p>\n");
	}
	profiles_table(f, r);
	fprintf(f, "</section>\n");
}

static void legend(FILE *f)
{
	fprintf(f, "<section aria-label=\"legend\">\n<h2>Legend</h2>\n"
		   "<ul class=\"legend\">\n");
	for (int m = MARK_MAX - 1; m >= 0; m--)
		fprintf(f, "<li><span class=\"key %s\">%s</span> %s</li>\n",
			marks[m].cls, m ? marks[m].glyph : "&nbsp;",
			marks[m].meaning);
	fprintf(f, "<li><span class=\"key unnecessary\">name</span> a "
		   "column allowed by the profile and used by no case "
		   "(unnecessary)</li>\n<li><span class=\"key bad\">name"
		   "</span> a column missing from the profile</li>\n"
		   "</ul>\n</section>\n");
}

static void matrix_head(FILE *f, const struct suite_profile *p,
			const struct strv *cols)
{
	fprintf(f, "<thead><tr><th scope=\"col\" class=\"corner\">case</th>");
	for (size_t j = 0; j < cols->n; j++) {
		const char *name = cols->v[j];
		const char *cls = is_missing(p, name) ? " class=\"missing\""
				  : is_unnecessary(p, name)
					  ? " class=\"unnecessary\""
					  : "";
		fprintf(f, "<th scope=\"col\"%s data-syscall=\"", cls);
		esc(f, name);
		fprintf(f, "\" title=\"");
		esc(f, name);
		fprintf(f, ": ");
		profile_lines(f, p, name);
		fprintf(f, "\"><span>");
		esc(f, name);
		fprintf(f, "</span></th>");
	}
	fprintf(f, "</tr></thead>\n");
}

static void matrix_row(FILE *f, const struct suite_profile *p,
		       const struct suite_case_result *c, size_t index,
		       const struct strv *cols)
{
	fprintf(f, "<tr><th scope=\"row\"%s><a href=\"#case-%zu\">",
		c->passed ? "" : " class=\"failed\"", index);
	esc(f, c->name);
	fprintf(f, "</a></th>");
	for (size_t j = 0; j < cols->n; j++) {
		enum mark m = cell_mark(p, c, cols->v[j]);
		fprintf(f, "<td class=\"%s\" title=\"", marks[m].cls);
		esc(f, cols->v[j]);
		fprintf(f, ": %s\">%s</td>", marks[m].meaning, marks[m].glyph);
	}
	fprintf(f, "</tr>\n");
}

static void profile_findings(FILE *f, const struct suite_profile *p)
{
	fprintf(f, "<ul>\n");
	for (size_t i = 0; i < p->n_missing; i++) {
		fprintf(f, "<li class=\"bad\">missing <code>");
		esc(f, p->missing[i].name);
		fprintf(f, "</code>, needed by");
		for (size_t k = 0; k < p->missing[i].cases.n; k++) {
			fprintf(f, "%s ", k ? "," : "");
			esc(f, p->missing[i].cases.v[k]);
		}
		fprintf(f, "</li>\n");
	}
	for (size_t i = 0; i < p->n_unnecessary; i++) {
		fprintf(f, "<li>unnecessary <code>");
		esc(f, p->unnecessary[i].name);
		fprintf(f, "</code> (line %u:%u): no case uses it</li>\n",
			p->unnecessary[i].line, p->unnecessary[i].column);
	}
	for (size_t i = 0; i < p->n_unjudged; i++) {
		fprintf(f, "<li>unnecessary entries not judged: case ");
		esc(f, p->unjudged[i].name);
		fprintf(f, " ended %s, not as expected (",
			verdict_outcome_name(p->unjudged[i].outcome));
		esc(f, p->unjudged[i].reason);
		fprintf(f, ")</li>\n");
	}
	if (!p->n_missing && !p->n_unnecessary && !p->n_unjudged)
		fprintf(f, "<li class=\"good\">no missing entry, no "
			   "unnecessary entry</li>\n");
	fprintf(f, "</ul>\n");
}

static int profile_section(FILE *f, const struct suite_result *r, size_t k)
{
	const struct suite_profile *p = &r->profiles[k];
	cleanup_strv struct strv cols = STRV_INIT;
	if (columns(r, p, &cols) < 0)
		return -ENOMEM;
	fprintf(f, "<section id=\"profile-%zu\">\n<h2>Profile <code>", k);
	esc(f, p->path);
	fprintf(f, "</code></h2>\n");
	profile_findings(f, p);
	fprintf(f, "<div class=\"scroll\"><table class=\"matrix\" "
		   "data-profile=\"");
	esc(f, p->path);
	fprintf(f, "\"><caption>Cases × syscalls of <code>");
	esc(f, p->path);
	fprintf(f, "</code></caption>\n");
	matrix_head(f, p, &cols);
	fprintf(f, "<tbody>\n");
	for (size_t i = 0; i < r->n_cases; i++)
		if (of_profile(&r->cases[i], p->path))
			matrix_row(f, p, &r->cases[i], i, &cols);
	fprintf(f, "</tbody></table></div>\n</section>\n");
	return 0;
}

static bool has_call(const struct suite_case_result *c, const char *name)
{
	for (size_t i = 0; i < c->run.n_calls; i++)
		if (strcmp(c->run.calls[i].name, name) == 0)
			return true;
	return false;
}

static void call_row(FILE *f, const struct suite_profile *p,
		     const struct record_call *d)
{
	enum mark m = call_mark(d);
	if (m == MARK_NONE && d->cls == CLASS_ALLOWED)
		m = MARK_USED;
	fprintf(f, "<tr><td class=\"%s\">%s</td><th scope=\"row\"><code>",
		marks[m].cls, marks[m].glyph);
	if (d->name[0])
		esc(f, d->name);
	else
		fprintf(f, "#%d", d->nr);
	fprintf(f, "</code></th><td>%s%s</td><td class=\"mono\">",
		verdict_class_name(d->cls), d->own_only ? " (own filter)" : "");
	esc(f, d->arch);
	fprintf(f, " %d</td><td>", d->nr);
	esc(f, d->action);
	fprintf(f, "</td><td class=\"num\">%llu</td><td>",
		(unsigned long long)d->count);
	profile_lines(f, p, d->name);
	fprintf(f, "</td><td>");
	if (d->fix[0]) {
		fprintf(f, "<code>");
		esc(f, d->fix);
		fprintf(f, "</code>");
	}
	fprintf(f, "</td></tr>\n");
}

static void calls_table(FILE *f, const struct suite_profile *p,
			const struct suite_case_result *c)
{
	cleanup_strv struct strv used = STRV_INIT;
	if (strv_extend(&used, c->used.v) == 0)
		strv_sort_unique(&used);
	if (!c->run.n_calls && !used.n)
		return;
	fprintf(f, "<table class=\"calls\"><caption>Syscalls</caption><thead>"
		   "<tr><th scope=\"col\">mark</th><th scope=\"col\">syscall"
		   "</th><th scope=\"col\">class</th><th scope=\"col\">arch nr"
		   "</th><th scope=\"col\">action</th><th scope=\"col\">count"
		   "</th><th scope=\"col\">profile line</th>"
		   "<th scope=\"col\">fix</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < c->run.n_calls; i++)
		call_row(f, p, &c->run.calls[i]);
	for (size_t i = 0; i < used.n; i++) {
		if (has_call(c, used.v[i]))
			continue;
		bool some = strv_contains(c->intermittent.v, used.v[i]);
		enum mark m = some ? MARK_INTERMITTENT : MARK_USED;
		fprintf(f,
			"<tr><td class=\"%s\">%s</td><th scope=\"row\">"
			"<code>",
			marks[m].cls, marks[m].glyph);
		esc(f, used.v[i]);
		fprintf(f,
			"</code></th><td>%s</td><td></td><td>allow</td>"
			"<td></td><td>",
			some ? "intermittent" : "used");
		profile_lines(f, p, used.v[i]);
		fprintf(f, "</td><td></td></tr>\n");
	}
	fprintf(f, "</tbody></table>\n");
}

static void case_facts(FILE *f, const struct suite_case_result *c)
{
	fprintf(f, "<dl><dt>outcome</dt><dd class=\"%s\">%s",
		c->passed ? "good" : "bad",
		verdict_outcome_name(c->run.outcome));
	if (c->error != SUITE_ERROR_NONE)
		fprintf(f, " (%s error)", suite_error_name(c->error));
	fprintf(f, "</dd><dt>reason</dt><dd>");
	esc(f, c->run.reason);
	fprintf(f, "</dd><dt>case file</dt><dd><code>");
	esc(f, c->file);
	fprintf(f, ":%u</code></dd><dt>profile</dt><dd><code>", c->line);
	esc(f, c->profile);
	fprintf(f, "</code></dd>");
	if (c->run.command.n) {
		fprintf(f, "<dt>command</dt><dd><code>");
		for (size_t i = 0; i < c->run.command.n; i++) {
			fprintf(f, "%s", i ? " " : "");
			esc(f, c->run.command.v[i]);
		}
		fprintf(f, "</code></dd>");
	}
	fprintf(f, "<dt>time</dt><dd>%.2f s</dd></dl>\n", c->wall_seconds);
}

static void case_section(FILE *f, const struct suite_result *r, size_t i)
{
	const struct suite_case_result *c = &r->cases[i];
	fprintf(f,
		"<details id=\"case-%zu\"%s><summary><span class=\"%s\">"
		"%s</span> <strong>",
		i, c->passed ? "" : " open", c->passed ? "good" : "bad",
		c->passed ? "✓ passed" : "✗ failed");
	esc(f, c->name);
	fprintf(f, "</strong> — %s: ", verdict_outcome_name(c->run.outcome));
	esc(f, c->run.reason);
	fprintf(f, "</summary>\n");
	case_facts(f, c);
	calls_table(f, profile_of(r, c), c);
	if (c->run.output) {
		fprintf(f,
			"<p>The last of its output (%llu bytes in all):</p>"
			"<pre>",
			(unsigned long long)c->run.output_bytes);
		esc(f, c->run.output);
		fprintf(f, "</pre>\n");
	}
	fprintf(f, "</details>\n");
}

char *html_report(const struct suite_result *r)
{
	struct out o = { 0 };
	o.f = open_memstream(&o.s, &o.len);
	if (!o.f)
		return NULL;
	fprintf(o.f,
		"<!DOCTYPE html>\n<html lang=\"en\"><head>"
		"<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		"content=\"width=device-width, initial-scale=1\">\n"
		"<title>scaudit: %s</title>\n<style>\n%s</style>\n"
		"</head>\n<body>\n",
		r->findings ? "findings" : "the profiles hold", css);
	verdict_section(o.f, r);
	legend(o.f);
	int e = 0;
	for (size_t k = 0; !e && k < r->n_profiles; k++)
		e = profile_section(o.f, r, k);
	fprintf(o.f, "<section id=\"cases\">\n<h2>Cases</h2>\n");
	for (size_t i = 0; i < r->n_cases; i++)
		case_section(o.f, r, i);
	fprintf(o.f, "</section>\n</body></html>\n");
	if (fclose(o.f) != 0 || e) {
		free(o.s);
		return NULL;
	}
	return o.s;
}
