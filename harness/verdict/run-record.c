/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run-record.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-util.h"
#include "syscalls.h"
#include "util.h"
#include "writer.h"

bool record_call_is_finding(const struct record_call *c)
{
	return c->cls == CLASS_MISSING || c->cls == CLASS_UNEXPECTED ||
	       c->cls == CLASS_ESCAPED;
}

static void make_call(const struct profile *p, const struct obs_call *d,
		      enum denial_class cls, struct record_call *c)
{
	memset(c, 0, sizeof(*c));
	c->cls = cls;
	snprintf(c->name, sizeof(c->name), "%s", d->name);
	c->nr = d->nr;
	const char *arch = syscalls_arch_name(d->arch);
	snprintf(c->arch, sizeof(c->arch), "%s", arch ? arch : "?");
	/* What production did: the profile's action, or its own filter's. */
	profile_action_describe(obs_call_effective(d), c->action,
				sizeof(c->action));
	c->own_only = obs_call_own_denied(d) && obs_call_allowed(d);
	c->count = d->count;
	c->fatal = d->fatal;
	c->pid = d->pid;
	c->tid = d->tid;
	util_copy_text(c->exe, sizeof(c->exe), d->exe);
	c->ip = d->ip;
	memcpy(c->args, d->args, sizeof(c->args));
	for (size_t k = 0; k < d->n_pids && k < OBS_MAX_PIDS; k++)
		c->pids[c->n_pids++] = d->pids[k];
	/* The record's table is the run's: the same indexes. */
	for (size_t k = 0; k < d->n_exes && k < OBS_MAX_EXES; k++)
		c->exes[c->n_exes++] = d->exes[k];
	c->other_exes = d->other_exes;
	if ((cls == CLASS_MISSING || cls == CLASS_UNEXPECTED) && c->own_only)
		snprintf(c->fix, sizeof(c->fix),
			 "the workload's own filter denies it: add %s to the "
			 "list the program loads",
			 d->name[0] ? d->name : "?");
	else if ((cls == CLASS_MISSING || cls == CLASS_UNEXPECTED) &&
		 !d->name[0])
		writer_fix_unnamed(syscalls_arch_name(d->arch), d->nr, c->fix,
				   sizeof(c->fix));
	else if (cls == CLASS_MISSING || cls == CLASS_UNEXPECTED)
		writer_fix_allow(p, d->name, c->fix, sizeof(c->fix));
}

int run_record_make(const struct profile *p, const struct job *j,
		    const struct pipeline_result *res, bool skip_allowed,
		    struct run_record *r)
{
	const struct observations *o = &res->obs;
	const struct verdict *v = &res->verdict;
	memset(r, 0, sizeof(*r));
	r->calls = calloc(o->n_calls + 1, sizeof(*r->calls));
	if (!r->calls || strv_extend(&r->command, j->argv) < 0 ||
	    strv_extend(&r->exes, o->exes.v) < 0) {
		run_record_clear(r);
		return -ENOMEM;
	}
	r->outcome = v->outcome;
	util_copy_text(r->reason, sizeof(r->reason), v->reason);
	r->exited = o->exited;
	r->exit_code = o->exit_code;
	if (o->signaled && sigabbrev_np(o->signal))
		snprintf(r->signal, sizeof(r->signal), "%s",
			 sigabbrev_np(o->signal));
	r->seconds = o->seconds;
	r->notifications = o->notifications;
	r->usage = o->usage;
	snprintf(r->usage_why, sizeof(r->usage_why), "%s", o->usage_why);
	r->leftover = o->leftover;
	r->isolation = o->isolation;
	snprintf(r->isolation_why, sizeof(r->isolation_why), "%s",
		 o->isolation_why);
	r->out = j->out;
	r->err = j->err;
	/* What a failed run said is the first thing a reader wants. */
	if (o->captured && o->output.total &&
	    !verdict_ended_as_expected(v->outcome)) {
		if (!(r->output = capture_tail_text(&o->output))) {
			run_record_clear(r);
			return -ENOMEM;
		}
		r->output_bytes = o->output.total;
	}
	for (size_t i = 0; i < o->n_calls; i++) {
		/* Allowed calls seen by a usage run are usage, not denials:
		 * the suite lists them as "used". */
		if (skip_allowed &&
		    o->calls[i].action.type == PROFILE_ACT_ALLOW &&
		    v->classes[i] != CLASS_ESCAPED &&
		    !obs_call_own_denied(&o->calls[i]))
			continue;
		make_call(p, &o->calls[i], v->classes[i],
			  &r->calls[r->n_calls++]);
	}
	return 0;
}

/* [{"path": "/usr/bin/python3", "calls": 12}, …]; an unknown path null. */
static json_t *exes_json(const struct run_record *r,
			 const struct record_call *c)
{
	json_t *a = json_array();
	for (size_t k = 0; a && k < c->n_exes; k++) {
		const char *p = c->exes[k].exe < r->exes.n
					? r->exes.v[c->exes[k].exe]
					: "";
		if (json_array_append_new(
			    a, json_pack("{s:o,s:I}", "path",
					 p[0] ? jsonutil_str(p) : json_null(),
					 "calls",
					 (json_int_t)c->exes[k].count)) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *call_json(const struct run_record *r,
			 const struct record_call *c)
{
	json_t *args = json_array(), *pids = json_array();
	for (int k = 0; args && k < 6; k++)
		json_array_append_new(args,
				      json_integer((json_int_t)c->args[k]));
	for (size_t k = 0; pids && k < c->n_pids; k++)
		json_array_append_new(pids, json_integer(c->pids[k]));
	json_t *j = json_pack(
		"{s:s,s:o,s:i,s:o,s:o,s:I,s:b,s:i,s:i,s:o,s:I,s:o,s:o}",
		"class", verdict_class_name(c->cls), "name",
		c->name[0] ? jsonutil_str(c->name) : json_null(), "nr", c->nr,
		"arch", jsonutil_str(c->arch), "action",
		jsonutil_str(c->action), "count", (json_int_t)c->count, "fatal",
		c->fatal, "pid", c->pid, "tid", c->tid, "exe",
		jsonutil_str(c->exe), "ip", (json_int_t)c->ip, "args", args,
		"pids", pids);
	if (j && c->fix[0])
		json_object_set_new(j, "fix", jsonutil_str(c->fix));
	if (j && c->own_only)
		json_object_set_new(j, "ownFilterOnly", json_true());
	if (j && json_object_set_new(j, "exes", exes_json(r, c)) < 0) {
		json_decref(j);
		return NULL;
	}
	if (j && c->other_exes)
		json_object_set_new(j, "otherExeCalls",
				    json_integer((json_int_t)c->other_exes));
	return j;
}

int run_record_json(const struct run_record *r, json_t *o)
{
	json_t *calls = json_array();
	for (size_t i = 0; calls && i < r->n_calls; i++)
		if (json_array_append_new(calls, call_json(r, &r->calls[i])) <
		    0)
			break;
	int e = json_object_set_new(o, "command", jsonutil_array(r->command.v));
	e |= json_object_set_new(o, "outcome",
				 json_string(verdict_outcome_name(r->outcome)));
	e |= json_object_set_new(o, "reason", jsonutil_str(r->reason));
	e |= json_object_set_new(o, "exitCode",
				 r->exited ? json_integer(r->exit_code)
					   : json_null());
	e |= json_object_set_new(o, "signal",
				 r->signal[0] ? json_string(r->signal)
					      : json_null());
	e |= json_object_set_new(o, "seconds", json_real(r->seconds));
	e |= json_object_set_new(o, "notifications",
				 json_integer((json_int_t)r->notifications));
	const char *backend = usage_observer_backend(r->usage);
	e |= json_object_set_new(o, "usageBackend",
				 backend ? json_string(backend) : json_null());
	if (r->usage_why[0])
		e |= json_object_set_new(o, "usageFallback",
					 jsonutil_str(r->usage_why));
	if (r->isolation < PIDNS_MAX)
		e |= json_object_set_new(
			o, "isolation",
			json_string(pidns_kind_name(r->isolation)));
	if (r->isolation_why[0])
		e |= json_object_set_new(o, "isolationFallback",
					 jsonutil_str(r->isolation_why));
	e |= json_object_set_new(o, "leftoverProcesses",
				 json_integer(r->leftover));
	e |= json_object_set_new(o, "stdout",
				 json_string(capture_mode_name(r->out)));
	e |= json_object_set_new(o, "stderr",
				 json_string(capture_mode_name(r->err)));
	if (r->output)
		e |= json_object_set_new(o, "output",
					 json_pack("{s:I,s:o}", "bytes",
						   (json_int_t)r->output_bytes,
						   "tail",
						   jsonutil_str(r->output)));
	e |= json_object_set_new(o, "denials", calls);
	return e || !calls || json_array_size(calls) != r->n_calls ? -ENOMEM
								   : 0;
}

static int bad(char *why, size_t size, const char *what)
{
	snprintf(why, size, "%s", what);
	return -EINVAL;
}

/* A call's "exes" (optional: reports before it had none), their paths
 * into r's table. */
static int parse_exes(const json_t *j, struct run_record *r,
		      struct record_call *c, char *why, size_t size)
{
	json_t *a, *x, *calls;
	size_t i;
	if (jsonutil_get(j, "exes", JSON_ARRAY, false, &a) < 0 ||
	    jsonutil_get(j, "otherExeCalls", JSON_INTEGER, false, &calls) < 0)
		return bad(why, size,
			   "a denial's 'exes' must be an array and "
			   "'otherExeCalls' a number");
	c->other_exes = calls ? (uint64_t)json_integer_value(calls) : 0;
	json_array_foreach (a, i, x) {
		json_t *path;
		if (jsonutil_get(x, "path", JSON_STRING, false, &path) < 0 ||
		    jsonutil_get(x, "calls", JSON_INTEGER, true, &calls) < 0)
			return bad(why, size,
				   "a denial's 'exes' must be objects with a "
				   "'path' string or null and a 'calls' "
				   "number");
		uint64_t n = (uint64_t)json_integer_value(calls);
		if (c->n_exes == OBS_MAX_EXES) {
			c->other_exes += n;
			continue;
		}
		char p[4096];
		util_copy_text(p, sizeof(p),
			       path ? json_string_value(path) : "");
		size_t k = 0;
		while (k < r->exes.n && strcmp(r->exes.v[k], p) != 0)
			k++;
		if (k == r->exes.n && strv_add(&r->exes, p) < 0)
			return -ENOMEM;
		c->exes[c->n_exes++] = (struct obs_exe_count){ (uint32_t)k, n };
	}
	return 0;
}

static int parse_call(const json_t *j, struct record_call *c, char *why,
		      size_t size)
{
	char cls[32];
	json_t *v;
	memset(c, 0, sizeof(*c));
	if (!json_is_object(j) ||
	    jsonutil_string(j, "class", true, cls, sizeof(cls)) < 0 ||
	    jsonutil_string(j, "name", false, c->name, sizeof(c->name)) < 0)
		return bad(why, size,
			   "a run's 'denials' must be objects with a 'class' "
			   "string and a 'name' string or null");
	if (verdict_class_parse(cls, &c->cls) < 0)
		return bad(why, size, "a denial's 'class' is not a class");
	if (jsonutil_string(j, "arch", false, c->arch, sizeof(c->arch)) < 0 ||
	    jsonutil_string(j, "action", false, c->action, sizeof(c->action)) <
		    0 ||
	    jsonutil_string(j, "exe", false, c->exe, sizeof(c->exe)) < 0 ||
	    jsonutil_string(j, "fix", false, c->fix, sizeof(c->fix)) < 0)
		return bad(why, size, "a denial's strings have the wrong type");
	if (jsonutil_get(j, "nr", JSON_INTEGER, false, &v) < 0)
		return bad(why, size, "a denial's 'nr' must be a number");
	c->nr = v ? (int)json_integer_value(v) : 0;
	if (jsonutil_get(j, "count", JSON_INTEGER, false, &v) < 0)
		return bad(why, size, "a denial's 'count' must be a number");
	c->count = v ? (uint64_t)json_integer_value(v) : 0;
	c->fatal = json_is_true(json_object_get(j, "fatal"));
	c->own_only = json_is_true(json_object_get(j, "ownFilterOnly"));
	c->pid = (int)json_integer_value(json_object_get(j, "pid"));
	c->tid = (int)json_integer_value(json_object_get(j, "tid"));
	c->ip = (uint64_t)json_integer_value(json_object_get(j, "ip"));
	size_t i;
	json_t *x;
	json_array_foreach (json_object_get(j, "args"), i, x)
		if (i < 6)
			c->args[i] = (uint64_t)json_integer_value(x);
	json_array_foreach (json_object_get(j, "pids"), i, x)
		if (c->n_pids < OBS_MAX_PIDS)
			c->pids[c->n_pids++] = (int)json_integer_value(x);
	return 0;
}

static int parse_calls(const json_t *o, struct run_record *r, char *why,
		       size_t size)
{
	json_t *a;
	if (jsonutil_get(o, "denials", JSON_ARRAY, false, &a) < 0)
		return bad(why, size, "a run's 'denials' must be an array");
	if (!(r->calls = calloc(json_array_size(a) + 1, sizeof(*r->calls))))
		return -ENOMEM;
	size_t i;
	json_t *x;
	json_array_foreach (a, i, x) {
		int e = parse_call(x, &r->calls[r->n_calls], why, size);
		if (e == 0)
			e = parse_exes(x, r, &r->calls[r->n_calls], why, size);
		if (e < 0)
			return e;
		r->n_calls++;
	}
	return 0;
}

/* "stdout", "stderr" and "output", each optional. */
static int parse_stdio(const json_t *o, struct run_record *r, char *why,
		       size_t size)
{
	char m[2][16]; /* "": absent, inherit */
	if (jsonutil_string(o, "stdout", false, m[0], sizeof(m[0])) < 0 ||
	    jsonutil_string(o, "stderr", false, m[1], sizeof(m[1])) < 0 ||
	    (m[0][0] && capture_mode_parse(m[0], &r->out) < 0) ||
	    (m[1][0] && capture_mode_parse(m[1], &r->err) < 0))
		return bad(why, size,
			   "a run's 'stdout' and 'stderr' must be file, pipe, "
			   "tty, null or inherit");
	json_t *out, *tail, *bytes;
	if (jsonutil_get(o, "output", JSON_OBJECT, false, &out) < 0)
		return bad(why, size, "a run's 'output' must be an object");
	if (!out)
		return 0;
	if (jsonutil_get(out, "tail", JSON_STRING, true, &tail) < 0 ||
	    jsonutil_get(out, "bytes", JSON_INTEGER, true, &bytes) < 0)
		return bad(why, size,
			   "a run's 'output' has a 'tail' string and a "
			   "'bytes' number");
	r->output_bytes = (uint64_t)json_integer_value(bytes);
	return (r->output = strdup(json_string_value(tail))) ? 0 : -ENOMEM;
}

/* "isolation" and "isolationFallback", optional (older reports have
 * neither: not said). */
static int parse_isolation(const json_t *o, struct run_record *r, char *why,
			   size_t size)
{
	char name[16] = "";
	r->isolation = PIDNS_MAX;
	if (jsonutil_string(o, "isolation", false, name, sizeof(name)) < 0 ||
	    (name[0] && pidns_kind_parse(name, &r->isolation) < 0) ||
	    jsonutil_string(o, "isolationFallback", false, r->isolation_why,
			    sizeof(r->isolation_why)) < 0)
		return bad(why, size,
			   "a run's 'isolation' must be pid, pid+user or none, "
			   "its 'isolationFallback' a string");
	return 0;
}

/* "usageBackend" and "usageFallback", optional (older reports have
 * neither: usage not said). */
static int parse_usage(const json_t *o, struct run_record *r, char *why,
		       size_t size)
{
	char name[16];
	if (jsonutil_string(o, "usageBackend", false, name, sizeof(name)) < 0 ||
	    usage_observer_backend_parse(name, &r->usage) < 0 ||
	    jsonutil_string(o, "usageFallback", false, r->usage_why,
			    sizeof(r->usage_why)) < 0)
		return bad(why, size,
			   "a run's 'usageBackend' must be kernel, notify or "
			   "null, its 'usageFallback' a string");
	return 0;
}

int run_record_parse(const json_t *o, struct run_record *r, char *why,
		     size_t size)
{
	char outcome[64];
	json_t *v;
	memset(r, 0, sizeof(*r));
	int e = jsonutil_string(o, "outcome", true, outcome, sizeof(outcome));
	if (e < 0 || verdict_outcome_parse(outcome, &r->outcome) < 0)
		e = bad(why, size, "a run's 'outcome' must be an outcome");
	else if (jsonutil_string(o, "reason", false, r->reason,
				 sizeof(r->reason)) < 0 ||
		 jsonutil_string(o, "signal", false, r->signal,
				 sizeof(r->signal)) < 0)
		e = bad(why, size, "a run's 'reason' and 'signal' are strings");
	else if ((e = jsonutil_strings(o, "command", &r->command)) < 0)
		e = e == -ENOMEM ? e
				 : bad(why, size,
				       "a run's 'command' must hold strings");
	else if (jsonutil_get(o, "exitCode", JSON_INTEGER, false, &v) < 0)
		e = bad(why, size, "a run's 'exitCode' must be a number");
	if (e == 0) {
		r->exited = v != NULL;
		r->exit_code = v ? (int)json_integer_value(v) : 0;
		r->seconds = json_number_value(json_object_get(o, "seconds"));
		r->notifications = (uint64_t)json_integer_value(
			json_object_get(o, "notifications"));
		r->leftover = (int)json_integer_value(
			json_object_get(o, "leftoverProcesses"));
		e = parse_stdio(o, r, why, size);
	}
	if (e == 0)
		e = parse_usage(o, r, why, size);
	if (e == 0)
		e = parse_isolation(o, r, why, size);
	if (e == 0)
		e = parse_calls(o, r, why, size);
	if (e < 0)
		run_record_clear(r);
	return e;
}

void run_record_clear(struct run_record *r)
{
	strv_clear(&r->command);
	strv_clear(&r->exes);
	free(r->output);
	free(r->calls);
	memset(r, 0, sizeof(*r));
}
