/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "html-trim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html-page.h"
#include "syscalls.h"
#include "util.h"

#define esc html_page_escape

/* before, s escaped, after. */
static void put(FILE *f, const char *before, const char *s, const char *after)
{
	fputs(before, f);
	esc(f, s);
	fputs(after, f);
}

/* The i-th why of list names for name, or "". */
static const char *why_of(const struct strv *names, const struct strv *whys,
			  const char *name)
{
	for (size_t i = 0; i < names->n && i < whys->n; i++)
		if (strcmp(names->v[i], name) == 0)
			return whys->v[i];
	return "";
}

static const char *known_why(const struct trim_result *t, const char *name)
{
	for (size_t i = 0; t->known_why && i < t->known.n; i++)
		if (strcmp(t->known.v[i], name) == 0)
			return t->known_why[i];
	return "";
}

static const char *const status_words[TRIM_STATUS_MAX] = {
	[TRIM_VERIFIED] = "trimmed and verified",
	[TRIM_FAILS_ALREADY] = "not trimmed: a workload fails under the "
			       "profile as it is",
	[TRIM_UNVERIFIED] = "not trimmed: the trimmed profile fails a workload",
	[TRIM_NOT_REPEATABLE] = "not trimmed: a workload failed again without "
				"any denial (the workload, not the profile)",
};

static void verdict_section(FILE *f, const struct html_trim *h)
{
	const struct trim_result *t = h->result;
	bool ok = t->status == TRIM_VERIFIED;
	fprintf(f,
		"<section class=\"verdict %s\" id=\"verdict\">\n"
		"<h1>scaudit trim: %s</h1>\n<p>",
		ok ? "holds" : "findings", status_words[t->status]);
	put(f, "<code>", h->profile->path, "</code>: ");
	fprintf(f,
		"%zu names; <strong>%zu removed</strong> (used by no run), "
		"%zu kept, %zu added, %zu put back, in %zu runs (%.1f s).",
		t->names, t->removed.n, t->kept.n, t->added.n, t->put_back.n,
		t->runs, t->seconds);
	if (h->written)
		put(f, " Written to <code>", h->written, "</code>.");
	else
		fprintf(f, " Nothing was written.");
	if (!ok && t->reason[0]) {
		fprintf(f, "</p>\n<p class=\"bad\">");
		esc(f, t->outcome);
		put(f, ": ", t->reason, "");
	}
	fprintf(f, "</p>\n<p>Workloads:");
	for (size_t i = 0; h->workloads && h->workloads[i]; i++)
		put(f, i ? ", <code>" : " <code>", h->workloads[i], "</code>");
	fprintf(f, "</p>\n</section>\n");
}

static void names_cell(FILE *f, const struct strv *v)
{
	fprintf(f, "<td>");
	for (size_t i = 0; i < v->n; i++)
		put(f, i ? ", <code>" : "<code>", v->v[i], "</code>");
	fprintf(f, "%s</td>", v->n ? "" : "—");
}

static void exposure_section(FILE *f, const struct html_trim *h)
{
	fprintf(f, "<section id=\"exposure\">\n<h2>Exposure</h2>\n"
		   "<table><caption>What the profile allows, before and "
		   "after</caption>\n<tr><th>arch</th><th>allowed "
		   "before</th><th>after</th><th>dangerous before</th>"
		   "<th>after</th></tr>\n");
	for (size_t i = 0; i < h->before->n_arches; i++) {
		const struct exposure_arch *b = &h->before->arches[i];
		const struct exposure_arch *a =
			i < h->after->n_arches ? &h->after->arches[i] : b;
		fprintf(f, "<tr><th>%s</th>", syscalls_arch_name(b->arch));
		for (int k = 0; k < 2; k++) {
			const struct exposure_arch *x = k ? a : b;
			if (x->all_but)
				fprintf(f, "<td class=\"num\">all but %zu</td>",
					x->denied);
			else
				fprintf(f, "<td class=\"num\">%zu</td>",
					x->allowed);
		}
		names_cell(f, &b->dangerous);
		names_cell(f, &a->dangerous);
		fprintf(f, "</tr>\n");
	}
	fprintf(f, "</table>\n<p>Dangerous entries removed:");
	size_t n = 0;
	for (size_t i = 0; i < h->before->dangerous.n; i++) {
		const char *d = h->before->dangerous.v[i];
		if (!strv_contains(h->after->dangerous.v, d))
			put(f, n++ ? ", <code>" : " <code>", d, "</code>");
	}
	fprintf(f, "%s</p>\n<p>Dangerous entries still allowed:",
		n ? "" : " none");
	for (size_t i = 0; i < h->after->dangerous.n; i++)
		put(f, i ? ", <code>" : " <code>", h->after->dangerous.v[i],
		    "</code>");
	fprintf(f, "%s</p>\n</section>\n",
		h->after->dangerous.n ? "" : " none");
}

/* What trim did with name j of rule ri: its mark's class, a word, and
 * why (may be ""). */
static void classify(const struct html_trim *h, size_t ri, size_t j,
		     const char **cls, const char **word, const char **why)
{
	const struct trim_result *t = h->result;
	const struct profile_rule *r = &h->profile->rules[ri];
	const char *name = r->names[j].name;
	*why = "";
	if (profile_delta_dropped(&t->delta, ri, j)) {
		*cls = "m-missing unnecessary";
		*word = "removed";
		*why = "used by no run";
	} else if (strv_contains(t->put_back.v, name)) {
		*cls = "m-tolerated";
		*word = "put back";
		*why = why_of(&t->put_back, &t->put_back_why, name);
	} else if (strv_contains(t->intermittent.v, name)) {
		*cls = "m-intermittent";
		*word = "kept";
		*why = "used by some runs, not all";
	} else if (strv_contains(t->known.v, name)) {
		*cls = "m-intermittent";
		*word = "kept";
		*why = known_why(t, name);
	} else if (strv_contains(t->kept.v, name)) {
		*cls = "m-used";
		*word = "used";
	} else {
		*cls = "m-allowed";
		*word = "not judged";
		*why = r->active ? "not a syscall a run here can show"
				 : r->inactive_reason;
	}
}

static void rule_row(FILE *f, const struct html_trim *h, size_t ri)
{
	const struct profile_rule *r = &h->profile->rules[ri];
	char action[64];
	profile_action_describe(r->action, action, sizeof(action));
	fprintf(f, "<tr><td class=\"num\">%u</td><td>", r->loc.line);
	esc(f, action);
	if (!r->active)
		put(f, " (not active here: ", r->inactive_reason, ")");
	fprintf(f, "</td><td>");
	for (size_t j = 0; j < r->n_names; j++) {
		const char *cls, *word, *why;
		classify(h, ri, j, &cls, &word, &why);
		fprintf(f, "%s<span class=\"key %s\" title=\"%s", j ? " " : "",
			cls, word);
		put(f, *why ? ": " : "", why, "\">");
		esc(f, r->names[j].name);
		fprintf(f, "</span>");
	}
	fprintf(f, "</td></tr>\n");
}

static void rules_section(FILE *f, const struct html_trim *h)
{
	const struct trim_result *t = h->result;
	fprintf(f,
		"<section id=\"rules\">\n<h2>Names per rule</h2>\n"
		"<ul class=\"legend\"><li><span class=\"key m-used\">"
		"name</span> used: kept</li><li><span class=\"key m-missing "
		"unnecessary\">name</span> removed: used by no run</li>"
		"<li><span class=\"key m-tolerated\">name</span> put back: the "
		"verification needed it</li><li><span class=\"key "
		"m-intermittent\">name</span> kept though unused: used by "
		"some runs, or made only at times</li><li><span class=\"key "
		"m-allowed\">name</span> not judged here</li></ul>\n"
		"<p>Hover a name for why.</p>\n<div class=\"scroll\"><table>"
		"<tr><th>line</th><th>action</th><th>names</th></tr>\n");
	for (size_t ri = 0; ri < h->profile->n_rules; ri++)
		if (h->profile->rules[ri].n_names)
			rule_row(f, h, ri);
	fprintf(f, "</table></div>\n");
	if (t->added.n) {
		fprintf(f, "<p>Added (learn: missing, and proved needed):");
		for (size_t i = 0; i < t->added.n; i++)
			put(f, i ? ", <code>" : " <code>", t->added.v[i],
			    "</code>");
		fprintf(f, "</p>\n");
	}
	for (size_t i = 0; i < t->put_back.n; i++) {
		put(f, "<p>Put back <code>", t->put_back.v[i], "</code>: ");
		put(f, "",
		    why_of(&t->put_back, &t->put_back_why, t->put_back.v[i]),
		    "</p>\n");
	}
	fprintf(f, "</section>\n");
}

char *html_trim(const struct html_trim *h)
{
	char *page = NULL;
	size_t len;
	FILE *f = open_memstream(&page, &len);
	if (!f)
		return NULL;
	html_page_head(f, status_words[h->result->status]);
	verdict_section(f, h);
	exposure_section(f, h);
	rules_section(f, h);
	html_page_end(f);
	if (fclose(f) != 0) {
		free(page);
		return NULL;
	}
	return page;
}
