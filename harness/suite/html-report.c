/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "html-report.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html-page.h"
#include "matrix.h"
#include "strv.h"
#include "suite-exposure.h"
#include "summary.h"
#include "util.h"

/* Each mark's class: its colour in html-page's stylesheet. */
static const char *const mark_class[] = {
	[MATRIX_NONE] = "m-none",
	[MATRIX_ALLOWED] = "m-allowed",
	[MATRIX_USED] = "m-used",
	[MATRIX_INTERMITTENT] = "m-intermittent",
	[MATRIX_EXPECTED] = "m-expected",
	[MATRIX_TOLERATED] = "m-tolerated",
	[MATRIX_UNDECIDED] = "m-undecided",
	[MATRIX_UNEXPECTED] = "m-unexpected",
	[MATRIX_MISSING] = "m-missing",
	[MATRIX_ESCAPED] = "m-escaped",
};
_Static_assert(ARRAY_SIZE(mark_class) == MATRIX_MAX, "a class per mark");

#define esc html_page_escape

/* before, s escaped, after. */
static void put(FILE *f, const char *before, const char *s, const char *after)
{
	fputs(before, f);
	esc(f, s);
	fputs(after, f);
}

/* sep, then a link to case i of r. */
static void case_link(FILE *f, const char *sep, const struct suite_result *r,
		      size_t i)
{
	fprintf(f, "%s<a href=\"#case-%zu\">", sep, i);
	put(f, "", r->cases[i].name, "</a>");
}

static bool of_profile(const struct suite_case_result *c, const char *path)
{
	return strcmp(c->profile ? c->profile : "", path) == 0;
}

static bool has_entry(const struct suite_entry *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return true;
	return false;
}

static bool is_unnecessary(const struct suite_profile *p, const char *name)
{
	return has_entry(p->unnecessary, p->n_unnecessary, name);
}

static bool is_missing(const struct suite_profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_missing; i++)
		if (strcmp(p->missing[i].name, name) == 0)
			return true;
	return false;
}

/* head, then the paths of exes joined with ", " ("?": unknown). */
static void list_exes(FILE *f, const char *head, const struct strv *exes)
{
	fputs(head, f);
	for (size_t k = 0; k < exes->n; k++)
		put(f, k ? ", " : "", exes->v[k][0] ? exes->v[k] : "?", "");
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
	fprintf(f,
		"<section class=\"verdict %s\" aria-label=\"verdict\">\n"
		"<h1>scaudit: %s</h1>\n<p><strong>%zu</strong> cases: "
		"<strong>%zu</strong> passed, <strong>%zu</strong> failed",
		r->findings ? "findings" : "holds",
		r->findings ? "findings" : "the profiles hold", n, passed,
		n - passed);
	if (r->shards > 1)
		fprintf(f, " (shard %u/%u)", r->shard, r->shards);
	fprintf(f, ".</p>\n");
	if (passed < n) {
		fprintf(f, "<p>Failed:");
		for (size_t i = 0; i < r->n_cases; i++)
			if (!r->cases[i].passed)
				case_link(f, " ", r, i);
		fprintf(f, "</p>\n");
	}
	profiles_table(f, r);
	fprintf(f, "</section>\n");
}

static void legend(FILE *f)
{
	fprintf(f, "<section aria-label=\"legend\">\n<h2>Legend</h2>\n"
		   "<ul class=\"legend\">\n");
	for (int m = MATRIX_MAX - 1; m >= 0; m--)
		fprintf(f, "<li><span class=\"key %s\">%s</span> %s</li>\n",
			mark_class[m], m ? matrix_glyph(m) : "&nbsp;",
			matrix_meaning(m));
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
		put(f, "\" title=\"", name, ": ");
		profile_lines(f, p, name);
		put(f, "\"><span>", name, "</span></th>");
	}
	fprintf(f, "</tr></thead>\n");
}

static void matrix_row(FILE *f, const struct suite_profile *p,
		       const struct suite_case_result *c, size_t index,
		       const struct strv *cols)
{
	fprintf(f, "<tr><th scope=\"row\"%s><a href=\"#case-%zu\">",
		c->passed ? "" : " class=\"failed\"", index);
	put(f, "", c->name, "</a></th>");
	for (size_t j = 0; j < cols->n; j++) {
		enum matrix_mark m = matrix_cell_mark(p, c, cols->v[j]);
		cleanup_strv struct strv exes = STRV_INIT;
		fprintf(f, "<td class=\"%s\" title=\"", mark_class[m]);
		esc(f, cols->v[j]);
		fprintf(f, ": %s", matrix_meaning(m));
		if (m != MATRIX_NONE && m != MATRIX_ALLOWED &&
		    suite_case_exes(c, cols->v[j], &exes) == 0 && exes.n)
			list_exes(f, "; made by ", &exes);
		fprintf(f, "\">%s</td>", matrix_glyph(m));
	}
	fprintf(f, "</tr>\n");
}

static void profile_findings(FILE *f, const struct suite_profile *p)
{
	fprintf(f, "<ul>\n");
	for (size_t i = 0; i < p->n_missing; i++) {
		put(f, "<li class=\"bad\">missing <code>", p->missing[i].name,
		    "</code>, needed by");
		for (size_t k = 0; k < p->missing[i].cases.n; k++)
			put(f, k ? ", " : " ", p->missing[i].cases.v[k], "");
		const struct strv *x = suite_used_by_find(
			p->used_by, p->n_used_by, p->missing[i].name);
		if (x)
			list_exes(f, " (made by ", x);
		fprintf(f, "%s</li>\n", x ? ")" : "");
	}
	for (size_t i = 0; i < p->n_unnecessary; i++) {
		put(f, "<li>unnecessary <code>", p->unnecessary[i].name, "");
		fprintf(f, "</code> (line %u:%u): no case uses it</li>\n",
			p->unnecessary[i].line, p->unnecessary[i].column);
	}
	for (size_t i = 0; i < p->n_unjudged; i++) {
		put(f, "<li>unnecessary entries not judged: case ",
		    p->unjudged[i].name, "");
		fprintf(f, " ended %s, not as expected (",
			verdict_outcome_name(p->unjudged[i].outcome));
		put(f, "", p->unjudged[i].reason, ")</li>\n");
	}
	if (!p->n_missing && !p->n_unnecessary && !p->n_unjudged)
		fprintf(f, "<li class=\"good\">no missing entry, no "
			   "unnecessary entry</li>\n");
	fprintf(f, "</ul>\n");
}

static bool has_call(const struct suite_case_result *c, const char *name)
{
	for (size_t i = 0; i < c->run.n_calls; i++)
		if (strcmp(c->run.calls[i].name, name) == 0)
			return true;
	return false;
}

/* Per name p's cases used or lacked: where it stands, the cases, and
 * the executables that made it there. */
static void entries_table(FILE *f, const struct suite_result *r,
			  const struct suite_profile *p)
{
	fprintf(f, "<table class=\"entries\"><caption>Who made each entry"
		   "</caption><thead><tr><th scope=\"col\">syscall</th>"
		   "<th scope=\"col\">profile line</th><th scope=\"col\">"
		   "cases</th><th scope=\"col\">executables</th></tr>"
		   "</thead><tbody>\n");
	for (size_t j = 0; j < p->n_used_by; j++) {
		const char *name = p->used_by[j].name;
		put(f, "<tr><th scope=\"row\"><code>", name,
		    "</code></th><td>");
		profile_lines(f, p, name);
		fprintf(f, "</td><td>");
		const char *sep = "";
		for (size_t i = 0; i < r->n_cases; i++) {
			const struct suite_case_result *c = &r->cases[i];
			if (of_profile(c, p->path) &&
			    (strv_contains(c->used.v, name) ||
			     has_call(c, name))) {
				case_link(f, sep, r, i);
				sep = ", ";
			}
		}
		list_exes(f, "</td><td class=\"mono\">", &p->used_by[j].exes);
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</tbody></table>\n");
}

/* exposure.h's words for p's exposure, escaped: its line, then each
 * line of its details (the gate's last, coloured by its answer). */
static int exposure_part(FILE *f, const struct suite_result *r,
			 const struct suite_profile *p)
{
	if (!suite_exposure_known(&p->exposure))
		return 0;
	char why[512];
	suite_exposure_why(p, why, sizeof(why));
	cleanup_free char *line = NULL, *more = NULL;
	size_t n;
	FILE *m = open_memstream(&line, &n);
	if (!m)
		return -ENOMEM;
	exposure_text(m, &p->exposure, NULL);
	if (fclose(m) != 0 || !(m = open_memstream(&more, &n)))
		return -ENOMEM;
	exposure_text_details(m, &p->exposure, "", why, suite_exposure_max(r),
			      NULL);
	if (fclose(m) != 0)
		return -ENOMEM;
	put(f, "<p class=\"exposure\"><strong>Exposure</strong> ", line,
	    "</p>\n");
	if (!more[0])
		return 0;
	fprintf(f, "<ul class=\"exposure\">\n");
	for (char *l = more, *nl; l && *l; l = nl ? nl + 1 : NULL) {
		if ((nl = strchr(l, '\n')))
			*nl = '\0';
		const char *cls =
			!nl || nl[1] || p->gate == EXPOSURE_GATE_NONE ? ""
			: p->gate == EXPOSURE_GATE_PASSED ? " class=\"good\""
							  : " class=\"bad\"";
		fprintf(f, "<li%s>", cls);
		put(f, "", l, "</li>\n");
	}
	fprintf(f, "</ul>\n");
	return 0;
}

static int profile_section(FILE *f, const struct suite_result *r, size_t k)
{
	const struct suite_profile *p = &r->profiles[k];
	cleanup_strv struct strv cols = STRV_INIT;
	if (suite_profile_names(r, p, &cols) < 0)
		return -ENOMEM;
	fprintf(f, "<section id=\"profile-%zu\">\n<h2>Profile <code>", k);
	put(f, "", p->path, "</code></h2>\n");
	profile_findings(f, p);
	if (exposure_part(f, r, p) < 0)
		return -ENOMEM;
	put(f, "<div class=\"scroll\"><table class=\"matrix\" data-profile=\"",
	    p->path, "\">");
	put(f, "<caption>Cases × syscalls of <code>", p->path,
	    "</code></caption>\n");
	matrix_head(f, p, &cols);
	fprintf(f, "<tbody>\n");
	for (size_t i = 0; i < r->n_cases; i++)
		if (of_profile(&r->cases[i], p->path))
			matrix_row(f, p, &r->cases[i], i, &cols);
	fprintf(f, "</tbody></table></div>\n");
	if (p->n_used_by)
		entries_table(f, r, p);
	fprintf(f, "</section>\n");
	return 0;
}

static void call_row(FILE *f, const struct suite_profile *p,
		     const struct record_call *d)
{
	enum matrix_mark m = matrix_call_mark(d);
	if (m == MATRIX_NONE && d->cls == CLASS_ALLOWED)
		m = MATRIX_USED;
	fprintf(f, "<tr><td class=\"%s\">%s</td><th scope=\"row\"><code>",
		mark_class[m], matrix_glyph(m));
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
	if (d->fix[0])
		put(f, "<code>", d->fix, "</code>");
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
		enum matrix_mark m = some ? MATRIX_INTERMITTENT : MATRIX_USED;
		fprintf(f, "<tr><td class=\"%s\">%s</td>", mark_class[m],
			matrix_glyph(m));
		put(f, "<th scope=\"row\"><code>", used.v[i], "</code></th>");
		fprintf(f, "<td>%s</td><td></td><td>allow</td><td></td><td>",
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
	put(f, "</dd><dt>reason</dt><dd>", c->run.reason, "");
	put(f, "</dd><dt>case file</dt><dd><code>", c->file, "");
	fprintf(f, ":%u</code></dd><dt>profile</dt><dd><code>", c->line);
	put(f, "", c->profile, "</code></dd>");
	if (c->run.command.n) {
		fprintf(f, "<dt>command</dt><dd><code>");
		for (size_t i = 0; i < c->run.command.n; i++)
			put(f, i ? " " : "", c->run.command.v[i], "");
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
	put(f, "", c->run.reason, "</summary>\n");
	case_facts(f, c);
	calls_table(f, suite_profile_of(r, c), c);
	if (c->run.output) {
		fprintf(f,
			"<p>The last of its output (%llu bytes in all):</p>"
			"<pre>",
			(unsigned long long)c->run.output_bytes);
		put(f, "", c->run.output, "</pre>\n");
	}
	fprintf(f, "</details>\n");
}

int html_report_body(FILE *f, const struct suite_result *r)
{
	verdict_section(f, r);
	legend(f);
	int e = 0;
	for (size_t k = 0; !e && k < r->n_profiles; k++)
		e = profile_section(f, r, k);
	fprintf(f, "<section id=\"cases\">\n<h2>Cases</h2>\n");
	for (size_t i = 0; i < r->n_cases; i++)
		case_section(f, r, i);
	fprintf(f, "</section>\n");
	return e;
}

char *html_report(const struct suite_result *r)
{
	char *page = NULL;
	size_t len;
	FILE *f = open_memstream(&page, &len);
	if (!f)
		return NULL;
	html_page_head(f, r->findings ? "findings" : "the profiles hold");
	int e = html_report_body(f, r);
	html_page_end(f);
	if (fclose(f) != 0 || e) {
		free(page);
		return NULL;
	}
	return page;
}
