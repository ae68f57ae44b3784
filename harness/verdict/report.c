#include "report.h"

#include <string.h>

#include "syscalls.h"
#include "util.h"

void report_args(const uint64_t args[6], char *buf, size_t size)
{
	int last = 5;
	while (last > 0 && args[last] == 0)
		last--;
	size_t off = 0;
	buf[0] = '\0';
	for (int i = 0; i <= last && off < size; i++) {
		int n = snprintf(buf + off, size - off, "%s%#llx",
				 i ? ", " : "", (unsigned long long)args[i]);
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

/* The first rule that allows unconditionally: where a name belongs. */
static const struct profile_rule *allow_rule(const struct profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (r->active && r->action.type == PROFILE_ACT_ALLOW &&
		    r->n_args == 0 && !r->includes.caps.n &&
		    !r->includes.arches.n && !r->includes.min_kernel &&
		    !r->excludes.caps.n && !r->excludes.arches.n)
			return r;
	}
	return NULL;
}

void report_fix(const struct profile *p, const struct sv_denial *d, char *buf,
		size_t size)
{
	const char *name = d->name[0] ? d->name : "?";
	if (p->format != PROFILE_FORMAT_OCI) {
		snprintf(buf, size, "add the line '%s' to %s", name, p->path);
		return;
	}
	const struct profile_rule *r = allow_rule(p);
	if (r && r->n_names)
		snprintf(buf, size, "add \"%s\" to the \"names\" at %s:%u",
			 name, p->path, r->names[0].loc.line);
	else
		snprintf(buf, size,
			 "add {\"names\": [\"%s\"], \"action\": "
			 "\"SCMP_ACT_ALLOW\"} to \"syscalls\" in %s",
			 name, p->path);
}

static const char *action_word(const struct sv_denial *d, char *buf,
			       size_t size)
{
	switch (d->action.type) {
	case PROFILE_ACT_KILL_PROCESS:
	case PROFILE_ACT_KILL_THREAD:
		return "killed (SIGSYS)";
	case PROFILE_ACT_TRAP:
		return "trapped (SIGSYS)";
	case PROFILE_ACT_TRACE:
		return "ENOSYS (trace, no tracer)";
	case PROFILE_ACT_ERRNO: {
		const char *n = profile_errno_name(d->action.value);
		snprintf(buf, size, "%s", n ? n : "errno");
		return buf;
	}
	case PROFILE_ACT_ALLOW:
		return "allowed";
	case PROFILE_ACT_LOG:
		return "logged";
	case PROFILE_ACT_NOTIFY:
		return "sent to a notify agent";
	case PROFILE_ACT_MAX:
		break;
	}
	return "?";
}

static void print_denial(FILE *f, const struct report_run *run,
			 const struct sv_denial *d, enum denial_class c)
{
	char act[64], args[160];
	const char *arch = syscalls_arch_name(d->arch);
	report_args(d->args, args, sizeof(args));
	fprintf(f, "  %-15s %-18s %s %d  ×%llu  %s\n", denial_class_name(c),
		d->name[0] ? d->name : "(unnamed)", arch ? arch : "?", d->nr,
		(unsigned long long)d->count, action_word(d, act, sizeof(act)));
	fprintf(f, "  %-15s pid %d", "", (int)d->pid);
	if (d->tid != d->pid)
		fprintf(f, " (thread %d)", (int)d->tid);
	if (d->n_pids > 1)
		fprintf(f, " and %zu more", d->n_pids - 1);
	fprintf(f, "  %s  args (%s)\n", d->exe[0] ? d->exe : "?", args);
	if (c == CLASS_MISSING || c == CLASS_UNEXPECTED) {
		char fix[512];
		report_fix(run->profile, d, fix, sizeof(fix));
		fprintf(f, "  %-15s fix: %s\n", "", fix);
	}
}

void report_text(FILE *f, const struct report_run *run)
{
	const struct sv_result *r = run->result;
	const struct verdict *v = run->verdict;
	char def[64];
	profile_action_describe(run->profile->default_action, def, sizeof(def));
	fprintf(f, "profile  %s (%s, %zu names, default %s)\n",
		run->profile->path, profile_format_name(run->profile->format),
		profile_count_names(run->profile), def);
	fprintf(f, "command ");
	for (char *const *a = run->argv; *a; a++)
		fprintf(f, " %s", *a);
	fprintf(f, "\n");
	fprintf(f, "run      %.3f s, %llu notifications%s, caps %s\n",
		r->seconds, (unsigned long long)r->notifications,
		run->learn ? ", learn mode" : "", run->caps);
	if (r->leftover)
		fprintf(f,
			"note     %d process%s still running after the main "
			"one ended: killed\n",
			r->leftover, r->leftover == 1 ? " was" : "es were");
	fprintf(f, "outcome  %s — %s\n", outcome_name(v->outcome), v->reason);

	static const enum denial_class order[] = {
		CLASS_MISSING,	CLASS_UNEXPECTED, CLASS_ESCAPED,
		CLASS_EXPECTED, CLASS_TOLERATED,  CLASS_LOGGED,
		CLASS_LAUNCHER,
	};
	bool any = false;
	for (size_t o = 0; o < ARRAY_SIZE(order); o++) {
		for (size_t i = 0; i < r->n_denials; i++) {
			if (v->classes[i] != order[o])
				continue;
			if (!any)
				fprintf(f, "\n");
			any = true;
			print_denial(f, run, &r->denials[i], order[o]);
		}
	}
	if (v->exec_denied)
		fprintf(f,
			"\n  the profile denies execve: a launcher that loads "
			"the filter before exec (runc, scaudit exec) cannot "
			"start the program; allow execve\n");
	else if (v->count[CLASS_LAUNCHER])
		fprintf(f, "\n  (launcher: syscalls scaudit's child made after "
			   "loading the filter and before execve: never the "
			   "workload's)\n");
	fprintf(f, "\nverdict  ");
	if (!verdict_has_findings(v)) {
		fprintf(f, "the profile holds for this run\n");
		return;
	}
	if (v->exec_denied)
		fprintf(f, "execve denied to the launcher; ");
	size_t missing = v->count[CLASS_MISSING];
	if (missing)
		fprintf(f, "%zu missing entr%s; ", missing,
			missing == 1 ? "y" : "ies");
	if (v->count[CLASS_UNEXPECTED])
		fprintf(f, "%zu unexpected syscall%s; ",
			v->count[CLASS_UNEXPECTED],
			v->count[CLASS_UNEXPECTED] == 1 ? "" : "s");
	if (v->count[CLASS_ESCAPED])
		fprintf(f, "%zu escaped; ", v->count[CLASS_ESCAPED]);
	if (run->learn && v->outcome == OUTCOME_PASSED)
		fprintf(f, "the run passed only because learn mode let every "
			   "denial through\n");
	else
		fprintf(f, "%s\n", outcome_name(v->outcome));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted, distinct names of the denials in the given classes. */
static json_t *names_of(const struct report_run *run, unsigned class_mask)
{
	const struct sv_result *r = run->result;
	const char **v = calloc(r->n_denials + 1, sizeof(*v));
	json_t *a = json_array();
	if (!v || !a) {
		free(v);
		json_decref(a);
		return NULL;
	}
	size_t n = 0;
	for (size_t i = 0; i < r->n_denials; i++)
		if ((class_mask & (1u << run->verdict->classes[i])) &&
		    r->denials[i].name[0])
			v[n++] = r->denials[i].name;
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			json_array_append_new(a, json_string(v[i]));
	free(v);
	return a;
}

json_t *report_run_json(const struct report_run *run)
{
	const struct sv_result *r = run->result;
	const struct verdict *v = run->verdict;
	json_t *one = json_object();
	json_t *denials = json_array();
	json_t *cmd = json_array();
	if (!one || !denials || !cmd) {
		json_decref(one);
		json_decref(denials);
		json_decref(cmd);
		return NULL;
	}
	for (char *const *a = run->argv; *a; a++)
		json_array_append_new(cmd, json_string(*a));
	json_object_set_new(one, "command", cmd);
	json_object_set_new(one, "outcome",
			    json_string(outcome_name(v->outcome)));
	json_object_set_new(one, "reason", json_string(v->reason));
	json_object_set_new(one, "exitCode",
			    r->exited ? json_integer(r->exit_code)
				      : json_null());
	json_object_set_new(one, "signal",
			    r->signaled && sigabbrev_np(r->signal)
				    ? json_string(sigabbrev_np(r->signal))
				    : json_null());
	json_object_set_new(one, "seconds", json_real(r->seconds));
	json_object_set_new(one, "notifications",
			    json_integer((json_int_t)r->notifications));
	json_object_set_new(one, "leftoverProcesses",
			    json_integer(r->leftover));
	for (size_t i = 0; i < r->n_denials; i++) {
		const struct sv_denial *d = &r->denials[i];
		/* Allowed calls seen by a recording run are usage, not
		 * denials: "used" lists them. */
		if (run->skip_allowed && d->action.type == PROFILE_ACT_ALLOW &&
		    v->classes[i] != CLASS_ESCAPED)
			continue;
		json_t *args = json_array();
		for (int k = 0; k < 6; k++)
			json_array_append_new(
				args, json_integer((json_int_t)d->args[k]));
		json_t *pids = json_array();
		for (size_t k = 0; k < d->n_pids; k++)
			json_array_append_new(pids, json_integer(d->pids[k]));
		char act[64], fix[512];
		profile_action_describe(d->action, act, sizeof(act));
		json_t *jd = json_pack(
			"{s:s,s:s?,s:i,s:s,s:s,s:I,s:b,s:i,s:i,s:s,s:I,s:o,s:o}",
			"class", denial_class_name(v->classes[i]), "name",
			d->name[0] ? d->name : NULL, "nr", d->nr, "arch",
			syscalls_arch_name(d->arch)
				? syscalls_arch_name(d->arch)
				: "?",
			"action", act, "count", (json_int_t)d->count, "fatal",
			d->fatal, "pid", d->pid, "tid", d->tid, "exe", d->exe,
			"ip", (json_int_t)d->ip, "args", args, "pids", pids);
		if (jd && (v->classes[i] == CLASS_MISSING ||
			   v->classes[i] == CLASS_UNEXPECTED)) {
			report_fix(run->profile, d, fix, sizeof(fix));
			json_object_set_new(jd, "fix", json_string(fix));
		}
		if (jd)
			json_array_append_new(denials, jd);
	}
	json_object_set_new(one, "denials", denials);
	return one;
}

json_t *report_names(const struct report_run *run, unsigned class_mask)
{
	return names_of(run, class_mask);
}

json_t *report_json(const struct report_run *run)
{
	const struct verdict *v = run->verdict;
	json_t *root = json_object();
	json_t *runs = json_array();
	json_t *one = report_run_json(run);
	if (!root || !runs || !one) {
		json_decref(root);
		json_decref(runs);
		json_decref(one);
		return NULL;
	}
	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "profile", json_string(run->profile->path));
	json_object_set_new(root, "learn", json_boolean(run->learn));
	json_object_set_new(
		root, "verdict",
		json_string(verdict_has_findings(v) ? "findings" : "holds"));
	json_object_set_new(root, "missing",
			    names_of(run, 1u << CLASS_MISSING));
	json_object_set_new(root, "unexpected",
			    names_of(run, 1u << CLASS_UNEXPECTED));
	/* check sees denials only; record and trim see every call. */
	json_object_set_new(root, "unnecessary", json_array());
	json_object_set_new(root, "used",
			    names_of(run, ~(1u << CLASS_LAUNCHER)));
	json_array_append_new(runs, one);
	json_object_set_new(root, "runs", runs);
	return root;
}
