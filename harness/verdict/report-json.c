/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report-json: check's JSON report (report.h), apart from its text. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "bypass.h"
#include "json-util.h"
#include "report-own.h"
#include "run-record.h"
#include "util.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted, distinct names of the calls in the given classes; of_profile:
 * only those the profile denies (not those only the workload's own
 * filter does, which "ownFilter" lists). */
static json_t *names_of(const struct report_run *run, unsigned class_mask,
			bool of_profile)
{
	const struct observations *r = &run->result->obs;
	const char **v = calloc(r->n_calls + 1, sizeof(*v));
	json_t *a = json_array();
	if (!v || !a) {
		free(v);
		json_decref(a);
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_calls; i++)
		if ((class_mask & (1u << run->result->verdict.classes[i])) &&
		    r->calls[i].name[0] &&
		    !(of_profile && obs_call_allowed(&r->calls[i])))
			v[n++] = r->calls[i].name;
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			json_array_append_new(a, json_string(v[i]));
	free(v);
	return a;
}

/* Sorted distinct names of the unused entries (none when not judged). */
static json_t *unnecessary_json(const struct report_run *run)
{
	cleanup_strv struct strv v = STRV_INIT;
	for (size_t i = 0; i < run->result->n_unnecessary; i++)
		if (strv_add(&v, run->result->unnecessary[i].name) < 0)
			return NULL;
	strv_sort_unique(&v);
	return jsonutil_array(v.v);
}

/* The shown run's calls (the launcher's aside), what every run used. */
static json_t *used_json(const struct report_run *run)
{
	cleanup_json json_t *shown =
		names_of(run, ~(1u << CLASS_LAUNCHER), false);
	cleanup_strv struct strv v = STRV_INIT;
	size_t i;
	json_t *x;
	json_array_foreach (shown, i, x)
		if (strv_add(&v, json_string_value(x)) < 0)
			return NULL;
	if (strv_extend(&v, run->result->used.v) < 0)
		return NULL;
	strv_sort_unique(&v);
	return jsonutil_array(v.v);
}

/* The kept entries no run used: [{"name", "line", "why"}]. */
static json_t *known_json(const struct pipeline_result *res)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < res->n_known; i++) {
		const struct sometimes_entry *e =
			sometimes_find(&res->sometimes, res->known[i].name);
		json_array_append_new(a, json_pack("{s:s,s:i,s:s}", "name",
						   res->known[i].name, "line",
						   (int)res->known[i].loc.line,
						   "why", e ? e->why : ""));
	}
	return a;
}

json_t *report_json(const struct report_run *run)
{
	struct run_record rec;
	if (run_record_make(run->profile, run->job, run->result,
			    run->skip_allowed, &rec) < 0)
		return NULL;
	json_t *root = json_object();
	json_t *runs = json_array();
	json_t *one = json_object();
	int e = !one || run_record_json(&rec, one) < 0;
	run_record_clear(&rec);
	if (!root || !runs || e) {
		json_decref(root);
		json_decref(runs);
		json_decref(one);
		return NULL;
	}
	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "profile", jsonutil_str(run->profile->path));
	json_object_set_new(root, "learn", json_boolean(run->learn));
	json_object_set_new(
		root, "semantics",
		json_string(profile_semantics_name(run->profile->semantics)));
	json_object_set_new(
		root, "verdict",
		json_string(report_findings(run) ? "findings" : "holds"));
	json_object_set_new(root, "missing",
			    names_of(run, 1u << CLASS_MISSING, true));
	json_object_set_new(root, "unexpected",
			    names_of(run, 1u << CLASS_UNEXPECTED, true));
	json_object_set_new(root, "unnecessary", unnecessary_json(run));
	json_object_set_new(root, "unnecessaryJudged",
			    json_boolean(run->result->judged));
	char why[512];
	pipeline_why_not_judged(run->result, why, sizeof(why));
	if (!run->result->judged)
		json_object_set_new(root, "notJudged", jsonutil_str(why));
	json_object_set_new(root, "used", used_json(run));
	char bypass[600] = "";
	if (run->result->bypass)
		bypass_describe(run->result->bypass, bypass, sizeof(bypass));
	json_object_set_new(root, "bypass",
			    run->result->bypass ? json_pack("{s:s,s:s}", "name",
							    run->result->bypass,
							    "why", bypass)
						: json_null());
	json_object_set_new(root, "repeats", json_integer(run->result->runs));
	json_object_set_new(root, "runShown", json_integer(run->result->shown));
	json_object_set_new(root, "intermittent",
			    jsonutil_array(run->result->intermittent.v));
	json_object_set_new(root, "sometimes", known_json(run->result));
	if (run->exposure) /* "notJudged" only when it was not */
		json_object_set_new(root, "exposure",
				    exposure_json(run->exposure, why,
						  report_gate_max(run)));
	json_t *own = report_own_json(run);
	if (own)
		json_object_set_new(root, "ownFilter", own);
	json_object_set_new(root, "noProfile", json_boolean(run->no_profile));
	json_array_append_new(runs, one);
	json_object_set_new(root, "runs", runs);
	return root;
}
