/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "suite-json.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-util.h"
#include "jsonpos.h"
#include "suite-exposure.h"
#include "util.h"

static json_t *entries_json(const struct suite_entry *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:i,s:i}", "name",
						   v[i].name, "line", v[i].line,
						   "column", v[i].column));
	return a;
}

/* {"openat": ["/usr/bin/python3", "/bin/sh"], …} */
static json_t *used_by_json(const struct suite_used_by *v, size_t n)
{
	json_t *o = json_object();
	for (size_t i = 0; o && i < n; i++)
		if (json_object_set_new(o, v[i].name,
					jsonutil_array(v[i].exes.v)) < 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static json_t *profile_json(const struct suite_result *r,
			    const struct suite_profile *p)
{
	json_t *missing = json_array();
	for (size_t i = 0; missing && i < p->n_missing; i++)
		json_array_append_new(
			missing,
			json_pack("{s:s,s:o}", "name", p->missing[i].name,
				  "cases",
				  jsonutil_array(p->missing[i].cases.v)));
	json_t *unjudged = json_array();
	for (size_t i = 0; unjudged && i < p->n_unjudged; i++)
		json_array_append_new(
			unjudged,
			json_pack("{s:o,s:s,s:o}", "case",
				  jsonutil_str(p->unjudged[i].name), "outcome",
				  verdict_outcome_name(p->unjudged[i].outcome),
				  "reason",
				  jsonutil_str(p->unjudged[i].reason)));
	json_t *o = json_pack(
		"{s:o,s:{s:i,s:i},s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:o,s:o}", "path",
		jsonutil_str(p->path), "fixAt", "line", (int)p->fix_line,
		"column", (int)p->fix_column, "allowed",
		entries_json(p->allowed, p->n_allowed), "used",
		jsonutil_array(p->used.v), "intermittent",
		jsonutil_array(p->intermittent.v), "sometimes",
		jsonutil_array(p->sometimes.v), "missing", missing,
		"unnecessary", entries_json(p->unnecessary, p->n_unnecessary),
		"unnecessaryJudged", !p->n_unjudged, "notJudged", unjudged,
		"usedBy", used_by_json(p->used_by, p->n_used_by));
	json_t *x = o ? suite_exposure_json(r, p) : NULL;
	if (x && json_object_set_new(o, "exposure", x) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* --max-dangerous-unused's answer over the profiles: {"max", "result",
 * "failed": [{"profile", "dangerousUnused"}], "notJudged": [{"profile",
 * "why"}]}. */
static json_t *gate_json(const struct suite_result *r)
{
	json_t *failed = json_array(), *unjudged = json_array();
	size_t passed = 0;
	char why[512];
	for (size_t k = 0; failed && unjudged && k < r->n_profiles; k++) {
		const struct suite_profile *p = &r->profiles[k];
		suite_exposure_why(p, why, sizeof(why));
		if (p->gate == EXPOSURE_GATE_FAILED)
			json_array_append_new(
				failed,
				json_pack(
					"{s:o,s:o}", "profile",
					jsonutil_str(p->path),
					"dangerousUnused",
					jsonutil_array(p->exposure.unused.v)));
		else if (p->gate == EXPOSURE_GATE_NOT_JUDGED)
			json_array_append_new(
				unjudged, json_pack("{s:o,s:o}", "profile",
						    jsonutil_str(p->path),
						    "why", jsonutil_str(why)));
		passed += p->gate == EXPOSURE_GATE_PASSED;
	}
	enum exposure_gate g = json_array_size(unjudged)
				       ? EXPOSURE_GATE_NOT_JUDGED
			       : json_array_size(failed) ? EXPOSURE_GATE_FAILED
							 : EXPOSURE_GATE_PASSED;
	return json_pack("{s:I,s:s,s:o,s:o}", "max",
			 (json_int_t)r->max_dangerous_unused, "result",
			 exposure_gate_name(g), "failed", failed, "notJudged",
			 unjudged);
}

json_t *suite_case_json(const struct suite_case_result *c)
{
	json_t *j = json_object();
	if (!j)
		return NULL;
	int e = 0;
	if (c->error != SUITE_ERROR_NONE || !c->run.command.n) {
		/* It did not run: why is all there is. */
		e |= json_object_set_new(
			j, "outcome",
			json_string(verdict_outcome_name(c->run.outcome)));
		e |= json_object_set_new(j, "reason",
					 jsonutil_str(c->run.reason));
		if (c->error != SUITE_ERROR_NONE)
			e |= json_object_set_new(
				j, "errorKind",
				json_string(suite_error_name(c->error)));
	} else {
		e |= run_record_json(&c->run, j) < 0;
		e |= json_object_set_new(j, "used", jsonutil_array(c->used.v));
		e |= json_object_set_new(j, "intermittent",
					 jsonutil_array(c->intermittent.v));
		e |= json_object_set_new(j, "sometimes",
					 jsonutil_array(c->sometimes.v));
		e |= json_object_set_new(
			j, "usedBy", used_by_json(c->used_by, c->n_used_by));
	}
	e |= json_object_set_new(j, "passed", json_boolean(c->passed));
	if (c->name) {
		e |= json_object_set_new(j, "case", jsonutil_str(c->name));
		e |= json_object_set_new(j, "file", jsonutil_str(c->file));
		e |= json_object_set_new(j, "line", json_integer(c->line));
		e |= json_object_set_new(j, "profile",
					 jsonutil_str(c->profile));
		e |= json_object_set_new(j, "wallSeconds",
					 json_real(c->wall_seconds));
	}
	if (e) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* The matrix: each case's used names, sorted. */
static json_t *matrix_json(const struct suite_result *r)
{
	json_t *m = json_object();
	for (size_t i = 0; m && i < r->n_cases; i++) {
		cleanup_strv struct strv u = STRV_INIT;
		if (strv_extend(&u, r->cases[i].used.v) < 0) {
			json_decref(m);
			return NULL;
		}
		strv_sort_unique(&u);
		json_object_set_new(m, r->cases[i].name, jsonutil_array(u.v));
	}
	return m;
}

json_t *suite_result_json(const struct suite_result *r)
{
	json_t *ps = json_array(), *runs = json_array();
	for (size_t i = 0; ps && i < r->n_profiles; i++)
		json_array_append_new(ps, profile_json(r, &r->profiles[i]));
	for (size_t i = 0; runs && i < r->n_cases; i++)
		json_array_append_new(runs, suite_case_json(&r->cases[i]));
	json_t *doc =
		json_pack("{s:i,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "schema", 1,
			  "verdict", r->findings ? "findings" : "holds",
			  "missing", jsonutil_array(r->missing.v),
			  "unnecessary", jsonutil_array(r->unnecessary.v),
			  "notJudged", jsonutil_array(r->not_judged.v), "used",
			  jsonutil_array(r->used.v), "profiles", ps, "runs",
			  runs, "matrix", matrix_json(r));
	if (doc && r->dangerous_gate)
		json_object_set_new(doc, "dangerousGate", gate_json(r));
	/* Cut short: the runs are those that finished, the rest not run. */
	if (doc && r->interrupted)
		json_object_set_new(
			doc, "interrupted",
			json_string(sigabbrev_np(r->interrupted)
					    ? sigabbrev_np(r->interrupted)
					    : "?"));
	if (doc && r->shards > 1) {
		char shard[32];
		snprintf(shard, sizeof(shard), "%u/%u", r->shard, r->shards);
		json_object_set_new(doc, "shard", json_string(shard));
	}
	return doc;
}

static int bad(char *why, size_t size, const char *what)
{
	snprintf(why, size, "%s", what);
	return -EINVAL;
}

static char *str_dup(const json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));
	return s ? strdup(s) : NULL;
}

/* "usedBy", optional (reports before it had none). 0, -EINVAL, -ENOMEM. */
static int parse_used_by(const json_t *j, struct suite_case_result *c)
{
	json_t *o, *v;
	const char *name;
	if (jsonutil_get(j, "usedBy", JSON_OBJECT, false, &o) < 0)
		return -EINVAL;
	json_object_foreach (o, name, v) {
		cleanup_strv struct strv exes = STRV_INIT;
		int r = json_is_array(v) ? jsonutil_strings(o, name, &exes)
					 : -EINVAL;
		if (r == 0)
			r = suite_add_used_by(&c->used_by, &c->n_used_by, name,
					      exes.v);
		if (r < 0)
			return r;
	}
	return 0;
}

int suite_case_parse(const json_t *j, struct suite_case_result *c, char *why,
		     size_t size)
{
	json_t *v;
	char kind[32];
	memset(c, 0, sizeof(*c));
	if (!json_is_object(j))
		return bad(why, size, "'runs' must be objects");
	int e = run_record_parse(j, &c->run, why, size);
	if (e == 0 &&
	    (jsonutil_get(j, "profile", JSON_STRING, false, &v) < 0 ||
	     jsonutil_get(j, "line", JSON_INTEGER, false, &v) < 0 ||
	     jsonutil_strings(j, "used", &c->used) == -EINVAL ||
	     jsonutil_strings(j, "intermittent", &c->intermittent) == -EINVAL ||
	     jsonutil_strings(j, "sometimes", &c->sometimes) == -EINVAL))
		e = bad(why, size,
			"a run's 'profile', 'used', 'intermittent', "
			"'sometimes', 'denials' or 'line' has the wrong type");
	if (e == 0 && (e = parse_used_by(j, c)) == -EINVAL)
		e = bad(why, size,
			"a run's 'usedBy' must map names to arrays of "
			"strings");
	if (e == 0 &&
	    jsonutil_string(j, "errorKind", false, kind, sizeof(kind)) == 0 &&
	    kind[0] && suite_error_parse(kind, &c->error) < 0)
		e = bad(why, size,
			"a run's 'errorKind' is not one of usage, "
			"environment");
	if (e == 0) {
		c->passed = json_is_true(json_object_get(j, "passed"));
		c->line = (unsigned)json_integer_value(
			json_object_get(j, "line"));
		c->wall_seconds =
			json_number_value(json_object_get(j, "wallSeconds"));
		c->name = str_dup(j, "case");
		c->file = str_dup(j, "file");
		c->profile = str_dup(j, "profile");
	}
	if (e < 0)
		suite_case_result_clear(c);
	return e;
}

static int parse_entries(const json_t *a, struct suite_entry **ret,
			 size_t *ret_n)
{
	size_t i;
	json_t *x;
	if (!json_is_array(a))
		return -EINVAL;
	if (!(*ret = calloc(json_array_size(a) + 1, sizeof(**ret))))
		return -ENOMEM;
	json_array_foreach (a, i, x) {
		if (!json_is_string(json_object_get(x, "name")))
			return -EINVAL;
		struct suite_entry *e = &(*ret)[(*ret_n)++];
		e->name = str_dup(x, "name");
		e->line = (unsigned)json_integer_value(
			json_object_get(x, "line"));
		e->column = (unsigned)json_integer_value(
			json_object_get(x, "column"));
		if (!e->name)
			return -ENOMEM;
	}
	return 0;
}

static int parse_profiles(const json_t *ps, struct suite_result *r, char *why,
			  size_t size, const json_t **at_bad)
{
	size_t i;
	json_t *x;
	if (ps && !json_is_array(ps))
		return bad(why, size,
			   "'profiles' must be objects with a 'path' string");
	if (!(r->profiles =
		      calloc(json_array_size(ps) + 1, sizeof(*r->profiles))))
		return -ENOMEM;
	json_array_foreach (ps, i, x) {
		*at_bad = x;
		if (!json_is_string(json_object_get(x, "path")))
			return bad(why, size,
				   "'profiles' must be objects with "
				   "a 'path' string");
		struct suite_profile *p = &r->profiles[r->n_profiles++];
		if (!(p->path = str_dup(x, "path")))
			return -ENOMEM;
		/* Optional: shards before it had none. */
		json_t *at = json_object_get(x, "fixAt");
		json_int_t line =
			json_integer_value(json_object_get(at, "line"));
		json_int_t col =
			json_integer_value(json_object_get(at, "column"));
		p->fix_line = line > 0 && line < UINT_MAX ? (unsigned)line : 0;
		p->fix_column = col > 0 && col < UINT_MAX ? (unsigned)col : 0;
		int e = parse_entries(json_object_get(x, "allowed"),
				      &p->allowed, &p->n_allowed);
		/* What was allocated, for later additions (a merge). */
		p->allowed_alloc =
			json_array_size(json_object_get(x, "allowed")) + 1;
		if (e < 0)
			return e == -ENOMEM
				       ? e
				       : bad(why, size,
					     "a profile's 'allowed' must be "
					     "objects with a 'name' string");
		/* Optional: reports before it had none. */
		const json_t *ex = json_object_get(x, "exposure");
		if (ex && (e = suite_exposure_parse(ex, &p->exposure)) < 0)
			return e == -ENOMEM
				       ? e
				       : bad(why, size,
					     "a profile's 'exposure' is not "
					     "one of 'scaudit run --json'");
	}
	return 0;
}

static int parse_runs(const json_t *runs, struct suite_result *r, char *why,
		      size_t size, const json_t **at_bad)
{
	size_t i;
	json_t *x;
	json_array_foreach (runs, i, x) {
		*at_bad = x;
		if (!json_is_object(x) ||
		    !json_is_string(json_object_get(x, "file")) ||
		    !json_is_string(json_object_get(x, "case")) ||
		    !json_is_string(json_object_get(x, "outcome")))
			return bad(why, size,
				   "'runs' must be objects with 'file', 'case' "
				   "and 'outcome' strings");
		struct suite_case_result *c = suite_add_case(r);
		if (!c)
			return -ENOMEM;
		int e = suite_case_parse(x, c, why, size);
		if (e < 0)
			return e;
	}
	return 0;
}

static int parse_shard(const json_t *doc, struct suite_result *r, char *why,
		       size_t size)
{
	const json_t *sh = json_object_get(doc, "shard");
	if (!sh)
		return 0;
	if (!json_is_string(sh) ||
	    suite_shard_parse(json_string_value(sh), false, &r->shard,
			      &r->shards) < 0)
		return bad(why, size, "'shard' must be I/N with 1 <= I <= N");
	return 0;
}

/* at_bad: the run or profile object at fault, when one is. */
static int parse_doc(const json_t *doc, const char *path,
		     struct suite_result *ret, struct diag *d,
		     const json_t **at_bad)
{
	char why[200] = "";
	memset(ret, 0, sizeof(*ret));
	const json_t *runs = json_object_get(doc, "runs");
	int e;
	if (!json_is_object(doc) ||
	    json_integer_value(json_object_get(doc, "schema")) != 1 ||
	    !json_is_array(runs))
		e = bad(why, sizeof(why),
			"not a report of 'scaudit run --json' (schema 1)");
	else if ((e = parse_runs(runs, ret, why, sizeof(why), at_bad)) == 0 &&
		 (e = parse_profiles(json_object_get(doc, "profiles"), ret, why,
				     sizeof(why), at_bad)) == 0) {
		*at_bad = json_object_get(doc, "shard");
		e = parse_shard(doc, ret, why, sizeof(why));
	}
	if (e < 0) {
		suite_result_clear(ret);
		if (e == -EINVAL)
			diag_set(d, e, path, 0, 0, "%s", why);
	}
	return e;
}

int suite_result_parse(const json_t *doc, const char *path,
		       struct suite_result *ret, struct diag *d)
{
	const json_t *at = NULL;
	return parse_doc(doc, path, ret, d, &at);
}

int suite_result_parse_text(const char *text, size_t len, const char *path,
			    struct suite_result *ret, struct diag *d)
{
	json_error_t err;
	memset(ret, 0, sizeof(*ret));
	cleanup_json json_t *doc =
		json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!doc)
		return diag_set(d, -EINVAL, path,
				err.line < 0 ? 0 : (unsigned)err.line,
				err.column < 0 ? 0 : (unsigned)err.column, "%s",
				err.text);
	const json_t *at = NULL;
	int e = parse_doc(doc, path, ret, d, &at);
	struct jsonpos *jp = NULL;
	/* Where the run or profile at fault starts. */
	if (e == -EINVAL && at && jsonpos_build(text, len, doc, &jp) == 0)
		jsonpos_find(jp, at, &d->line, &d->column);
	jsonpos_free(jp);
	return e;
}
