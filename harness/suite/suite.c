#include "suite.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "classify.h"
#include "job.h"
#include "report.h"
#include "session.h"
#include "syscalls.h"
#include "util.h"

/* The profiles the cases name, each read once. */
struct prof {
	char *path;
	struct profile *p;
};

static int load_profiles(const struct case_list *cl, struct prof **ret,
			 size_t *ret_n, struct diag *d)
{
	struct prof *v = calloc(cl->n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < cl->n; i++) {
		const struct scase *c = &cl->cases[i];
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(v[k].path, c->profile) == 0;
		if (seen)
			continue;
		v[n].path = c->profile;
		int r = profile_load(c->profile, PROFILE_FORMAT_AUTO, 0,
				     &v[n].p, d);
		if (r < 0) {
			if (!d->line) {
				/* The case's line says where the name is. */
				char msg[1200];
				snprintf(msg, sizeof(msg),
					 "case '%s': profile %s: %s", c->name,
					 c->profile, d->message);
				diag_set(d, r, c->file, c->profile_line, 0,
					 "%s", msg);
			}
			for (size_t k = 0; k < n; k++)
				profile_free(v[k].p);
			free(v);
			return r;
		}
		n++;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

static struct profile *find_profile(struct prof *v, size_t n, const char *path)
{
	for (size_t k = 0; k < n; k++)
		if (strcmp(v[k].path, path) == 0)
			return v[k].p;
	return NULL;
}

static int load_expected(const char *path, char ***ret)
{
	struct profile *e = NULL;
	struct diag d = { 0 };
	int r = profile_load(path, PROFILE_FORMAT_AUTO, 0, &e, &d);
	if (r < 0)
		return r;
	char **v = calloc(profile_count_names(e) + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; v && i < e->n_rules; i++)
		for (size_t j = 0; j < e->rules[i].n_names; j++)
			v[n++] = strdup(e->rules[i].names[j].name);
	profile_free(e);
	if (!v)
		return -ENOMEM;
	*ret = v;
	return 0;
}

/* In the worker: run the case, print its run object as JSON to fd. */
static int run_case(const struct scase *c, struct profile *p,
		    const struct suite_options *o, int fd)
{
	json_t *one = NULL;
	struct diag d = { 0 };
	struct job j;
	char **expected = NULL;
	uint64_t caps = 0;
	char bad[64];
	struct profile_env env;
	int r = caps_parse(c->caps ? c->caps : "keep", &caps, bad, sizeof(bad));
	if (r == 0)
		r = profile_env_native(caps, &env);
	if (r == 0)
		r = case_job(c, &j, &d);
	if (r == 0 && c->expect_syscalls)
		r = load_expected(c->expect_syscalls, &expected);
	if (r < 0) {
		one = json_pack("{s:s,s:s,s:s}", "outcome", "error", "reason",
				d.message[0] ? d.message : strerror(-r),
				"errorKind", "usage");
	} else {
		profile_evaluate(p, &env);
		struct session_spec spec = {
			.profile = p,
			.path = j.path,
			.argv = j.argv,
			.envp = j.envp,
			.cwd = j.cwd,
			.stdin_path = j.stdin_path,
			.set_caps = c->caps && strcmp(c->caps, "keep") != 0,
			.caps = caps,
			.notify_all = true,
			.watch = c->expect_denied,
			.timeout = j.timeout,
			.max_procs = c->max_procs ? c->max_procs : o->max_procs,
			.quiet = true,
		};
		struct sv_result res;
		enum session_failure sf;
		struct runner_failure fail = { 0 };
		r = session_run(&spec, &res, &sf, &fail, &d);
		if (r < 0) {
			char why[1200];
			if (sf == SESSION_LIMIT && r == -EOPNOTSUPP)
				snprintf(d.message, sizeof(d.message),
					 "no pids cgroup can be made here, and "
					 "the kernel ignores RLIMIT_NPROC for "
					 "root");
			snprintf(why, sizeof(why), "%s: %s",
				 sf == SESSION_SPAWN
					 ? runner_stage_name(fail.stage)
				 : sf == SESSION_LIMIT ? "--max-procs"
						       : "the filter",
				 d.message[0] ? d.message
					      : strerror(fail.error ? fail.error
								    : -r));
			/* A profile that cannot be loaded or a command that
			 * cannot run is bad input; the rest is this system. */
			bool env_fail = sf == SESSION_SUPERVISE ||
					sf == SESSION_LIMIT ||
					(sf == SESSION_SPAWN &&
					 (fail.stage == RUNNER_STAGE_FILTER ||
					  fail.stage == RUNNER_STAGE_CAPS ||
					  fail.stage == RUNNER_STAGE_FORK));
			one = json_pack("{s:s,s:s,s:s}", "outcome", "error",
					"reason", why, "errorKind",
					env_fail ? "environment" : "usage");
		} else {
			struct classify_expect ce = {
				.exit_code = c->expect_exit,
				.denied = c->expect_denied,
				.expected = expected,
			};
			struct verdict v;
			if (classify_run(&res, &ce, &v) == 0) {
				struct report_run rr = {
					.profile = p,
					.argv = c->argv,
					.result = &res,
					.verdict = &v,
					.caps = c->caps ? c->caps : "keep",
					.skip_allowed = true,
				};
				one = report_run_json(&rr);
				/* Usage: what ran, allowed or not (not the
				 * launcher's but its execve, which every
				 * launcher needs). */
				json_t *used = json_array();
				char **names = calloc(res.n_denials + 1,
						      sizeof(*names));
				size_t n = 0;
				for (size_t i = 0; names && i < res.n_denials;
				     i++) {
					const struct sv_denial *e =
						&res.denials[i];
					if (!e->name[0] ||
					    e->action.type !=
						    PROFILE_ACT_ALLOW ||
					    (e->launcher &&
					     strcmp(e->name, "execve") != 0))
						continue;
					names[n++] = (char *)e->name;
				}
				for (size_t i = 0; i < n; i++)
					json_array_append_new(
						used, json_string(names[i]));
				free(names);
				json_object_set_new(one, "used", used);
				json_object_set_new(
					one, "passed",
					json_boolean(
						!verdict_has_findings(&v)));
				verdict_clear(&v);
			}
			sv_result_clear(&res);
		}
		job_clear(&j);
	}
	for (char **e = expected; e && *e; e++)
		free(*e);
	free(expected);
	if (!one)
		return -ENOMEM;
	char *text = json_dumps(one, JSON_COMPACT);
	json_decref(one);
	if (!text)
		return -ENOMEM;
	size_t len = strlen(text), off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(text);
	return off == len ? 0 : -EIO;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct worker {
	pid_t pid;
	int fd; /* memfd the worker writes its run into */
	size_t index;
	double start;
};

static json_t *collect(const struct worker *w, const struct scase *c,
		       double seconds)
{
	off_t size = lseek(w->fd, 0, SEEK_END);
	json_t *one = NULL;
	if (size > 0) {
		char *buf = malloc((size_t)size + 1);
		if (buf && pread(w->fd, buf, (size_t)size, 0) == size) {
			buf[size] = '\0';
			one = json_loads(buf, 0, NULL);
		}
		free(buf);
	}
	if (!one)
		one = json_pack("{s:s,s:s}", "outcome", "error", "reason",
				"the worker died without a report");
	if (!json_object_get(one, "passed"))
		json_object_set_new(one, "passed", json_false());
	json_object_set_new(one, "case", json_string(c->name));
	json_object_set_new(one, "file", json_string(c->file));
	json_object_set_new(one, "line", json_integer(c->line));
	json_object_set_new(one, "profile", json_string(c->profile));
	json_object_set_new(one, "wallSeconds", json_real(seconds));
	return one;
}

static void progress(const struct suite_options *o, size_t done, size_t total,
		     json_t *one)
{
	if (!o->progress)
		return;
	bool ok = json_is_true(json_object_get(one, "passed"));
	if (o->live)
		fprintf(o->progress, "\r\033[K");
	fprintf(o->progress, "%s %zu - %s (%s, %.2f s)\n", ok ? "ok" : "not ok",
		done, json_string_value(json_object_get(one, "case")),
		json_string_value(json_object_get(one, "outcome")),
		json_real_value(json_object_get(one, "wallSeconds")));
	if (o->live && done < total)
		fprintf(o->progress, "[%zu/%zu] running…", done, total);
	fflush(o->progress);
}

/* The allowed entries of p that a run can judge: active allow rules,
 * names of this machine's arches that libseccomp knows. */
static json_t *allowed_json(const struct profile *p)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (!r->active || r->action.type != PROFILE_ACT_ALLOW)
			continue;
		for (size_t j = 0; j < r->n_names; j++) {
			const struct profile_name *n = &r->names[j];
			bool here = false;
			for (size_t k = 0; k < p->n_arches; k++)
				here |= syscalls_resolve(p->arches[k],
							 n->name) >= 0;
			if (!here)
				continue;
			json_array_append_new(
				a, json_pack("{s:s,s:i,s:i}", "name", n->name,
					     "line", n->loc.line, "column",
					     n->loc.column));
		}
	}
	return a;
}

/* Runs in case-file order, whichever finished first. */
static int cmp_run(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	int c = strcmp(json_string_value(json_object_get(a, "file")),
		       json_string_value(json_object_get(b, "file")));
	if (c)
		return c;
	json_int_t la = json_integer_value(json_object_get(a, "line"));
	json_int_t lb = json_integer_value(json_object_get(b, "line"));
	return la < lb ? -1 : la > lb;
}

static void sort_runs(json_t *runs)
{
	size_t n = json_array_size(runs);
	json_t **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(runs, i));
	qsort(v, n, sizeof(*v), cmp_run);
	json_array_clear(runs);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(runs, v[i]);
	free(v);
}

int suite_run(const struct case_list *cl, const struct suite_options *o,
	      json_t **ret, struct diag *d)
{
	struct prof *profs = NULL;
	size_t n_profs = 0;
	int r = load_profiles(cl, &profs, &n_profs, d);
	if (r < 0)
		return r;
	size_t *todo = calloc(cl->n + 1, sizeof(*todo));
	struct worker *ws = calloc((size_t)o->jobs + 1, sizeof(*ws));
	json_t *doc = json_object();
	json_t *runs = json_array();
	json_t *ps = json_array();
	if (!todo || !ws || !doc || !runs || !ps) {
		r = -ENOMEM;
		goto out;
	}
	size_t n = 0;
	for (size_t i = 0; i < cl->n; i++)
		if (o->shards <= 1 || i % o->shards == o->shard - 1)
			todo[n++] = i;

	for (size_t k = 0; k < n_profs; k++) {
		struct profile_env env;
		uint64_t caps = 0;
		caps_current(&caps);
		if (profile_env_native(caps, &env) == 0)
			profile_evaluate(profs[k].p, &env);
		json_array_append_new(ps, json_pack("{s:s,s:o}", "path",
						    profs[k].path, "allowed",
						    allowed_json(profs[k].p)));
	}

	size_t next = 0, running = 0, done = 0;
	fflush(NULL);
	while (done < n) {
		while (running < (size_t)o->jobs && next < n) {
			size_t ci = todo[next++];
			const struct scase *c = &cl->cases[ci];
			int fd = memfd_create("scaudit-case", MFD_CLOEXEC);
			if (fd < 0) {
				r = -errno;
				goto out;
			}
			pid_t pid = fork();
			if (pid == 0) {
				struct profile *p = find_profile(profs, n_profs,
								 c->profile);
				_exit(run_case(c, p, o, fd) < 0 ? 3 : 0);
			}
			if (pid < 0) {
				r = -errno;
				close(fd);
				goto out;
			}
			ws[running++] = (struct worker){ pid, fd, ci, now() };
		}
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0) {
			r = -errno;
			goto out;
		}
		for (size_t k = 0; k < running; k++) {
			if (ws[k].pid != pid)
				continue;
			const struct scase *c = &cl->cases[ws[k].index];
			json_t *one = collect(&ws[k], c, now() - ws[k].start);
			close(ws[k].fd);
			json_array_append_new(runs, one);
			progress(o, ++done, n, one);
			ws[k] = ws[--running];
			break;
		}
	}
	sort_runs(runs);
	json_object_set_new(doc, "schema", json_integer(1));
	if (o->shards > 1) {
		char shard[32];
		snprintf(shard, sizeof(shard), "%u/%u", o->shard, o->shards);
		json_object_set_new(doc, "shard", json_string(shard));
	}
	json_object_set_new(doc, "profiles", steal_pointer(&ps));
	json_object_set_new(doc, "runs", steal_pointer(&runs));
	r = suite_summarize(doc, false);
	if (r == 0)
		*ret = steal_pointer(&doc);
out:
	json_decref(doc);
	json_decref(runs);
	json_decref(ps);
	free(todo);
	free(ws);
	for (size_t k = 0; k < n_profs; k++)
		profile_free(profs[k].p);
	free(profs);
	return r;
}

static int cmp_json_str(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a),
		      json_string_value(*(json_t *const *)b));
}

/* Sort an array of strings and drop repeats, in place. */
static void sort_unique(json_t *arr)
{
	size_t n = json_array_size(arr);
	json_t **v = calloc(n + 1, sizeof(*v));
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	qsort(v, n, sizeof(*v), cmp_json_str);
	json_array_clear(arr);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(json_string_value(v[i]),
				     json_string_value(v[i - 1])) != 0)
			json_array_append(arr, v[i]);
	for (size_t i = 0; i < n; i++)
		json_decref(v[i]);
	free(v);
}

static bool in_array(json_t *arr, const char *s)
{
	size_t i;
	json_t *x;
	json_array_foreach (arr, i, x)
		if (strcmp(json_string_value(x), s) == 0)
			return true;
	return false;
}

int suite_summarize(json_t *doc, bool fail_on_unnecessary)
{
	json_t *runs = json_object_get(doc, "runs");
	json_t *ps = json_object_get(doc, "profiles");
	json_t *all_missing = json_array(), *all_unn = json_array(),
	       *all_used = json_array(), *matrix = json_object();
	bool findings = false;
	size_t pi;
	json_t *pr;
	json_array_foreach (ps, pi, pr) {
		const char *path =
			json_string_value(json_object_get(pr, "path"));
		json_t *used = json_array(), *missing = json_object(),
		       *unn = json_array();
		size_t ri;
		json_t *run;
		json_array_foreach (runs, ri, run) {
			const char *rp = json_string_value(
				json_object_get(run, "profile"));
			if (!rp || strcmp(rp, path) != 0)
				continue;
			const char *cname =
				json_string_value(json_object_get(run, "case"));
			json_array_extend(used, json_object_get(run, "used"));
			size_t di;
			json_t *d;
			json_array_foreach (json_object_get(run, "denials"), di,
					    d) {
				const char *cls = json_string_value(
					json_object_get(d, "class"));
				const char *name = json_string_value(
					json_object_get(d, "name"));
				if (!cls || !name ||
				    strcmp(cls, "missing") != 0)
					continue;
				json_t *cases = json_object_get(missing, name);
				if (!cases) {
					cases = json_array();
					json_object_set_new(missing, name,
							    cases);
				}
				if (cname && !in_array(cases, cname))
					json_array_append_new(
						cases, json_string(cname));
			}
		}
		sort_unique(used);
		size_t ai;
		json_t *al;
		json_array_foreach (json_object_get(pr, "allowed"), ai, al) {
			const char *name =
				json_string_value(json_object_get(al, "name"));
			if (!in_array(used, name))
				json_array_append(unn, al);
		}
		json_t *mlist = json_array();
		const char *mk;
		json_t *mv;
		json_object_foreach (missing, mk, mv) {
			sort_unique(mv);
			json_array_append_new(mlist,
					      json_pack("{s:s,s:O}", "name", mk,
							"cases", mv));
			json_array_append_new(all_missing, json_string(mk));
		}
		size_t ui;
		json_t *u;
		json_array_foreach (unn, ui, u)
			json_array_append(all_unn, json_object_get(u, "name"));
		json_array_extend(all_used, used);
		json_object_set_new(pr, "used", used);
		json_object_set_new(pr, "missing", mlist);
		json_object_set_new(pr, "unnecessary", unn);
		json_decref(missing);
	}
	size_t ri;
	json_t *run;
	json_array_foreach (runs, ri, run) {
		findings |= !json_is_true(json_object_get(run, "passed"));
		const char *cname =
			json_string_value(json_object_get(run, "case"));
		json_t *u = json_deep_copy(json_object_get(run, "used"));
		if (!u)
			u = json_array();
		sort_unique(u);
		if (cname)
			json_object_set_new(matrix, cname, u);
		else
			json_decref(u);
	}
	sort_unique(all_missing);
	sort_unique(all_unn);
	sort_unique(all_used);
	findings |= json_array_size(all_missing) > 0;
	findings |= fail_on_unnecessary && json_array_size(all_unn) > 0;
	json_object_set_new(doc, "verdict",
			    json_string(findings ? "findings" : "holds"));
	json_object_set_new(doc, "missing", all_missing);
	json_object_set_new(doc, "unnecessary", all_unn);
	json_object_set_new(doc, "used", all_used);
	json_object_set_new(doc, "matrix", matrix);
	return 0;
}

static bool strings(const json_t *a)
{
	size_t i;
	json_t *x;
	if (!json_is_array(a))
		return false;
	json_array_foreach (a, i, x)
		if (!json_is_string(x))
			return false;
	return true;
}

/* Every member named in names[] is a string: the objects of array a. */
static bool objects_with(const json_t *a, const char *const *names)
{
	size_t i;
	json_t *x;
	if (!json_is_array(a))
		return false;
	json_array_foreach (a, i, x) {
		if (!json_is_object(x))
			return false;
		for (const char *const *k = names; *k; k++)
			if (!json_is_string(json_object_get(x, *k)))
				return false;
	}
	return true;
}

int suite_doc_check(const json_t *doc, char *why, size_t size)
{
	static const char *const run_keys[] = { "file", "case", "outcome",
						NULL };
	static const char *const named[] = { "name", NULL };
	static const char *const denial_keys[] = { "class", "name", NULL };
	static const char *const profile_keys[] = { "path", NULL };
	const json_t *runs = json_object_get(doc, "runs");
	const json_t *ps = json_object_get(doc, "profiles");
	const char *bad = NULL;
	if (!json_is_object(doc) ||
	    json_integer_value(json_object_get(doc, "schema")) != 1 ||
	    !json_is_array(runs))
		bad = "not a report of 'scaudit run --json' (schema 1)";
	else if (!objects_with(runs, run_keys))
		bad = "'runs' must be objects with 'file', 'case' and "
		      "'outcome' strings";
	else if (ps && !objects_with(ps, profile_keys))
		bad = "'profiles' must be objects with a 'path' string";
	if (!bad) {
		size_t i;
		json_t *x;
		json_array_foreach (runs, i, x) {
			const json_t *p = json_object_get(x, "profile");
			const json_t *u = json_object_get(x, "used");
			const json_t *d = json_object_get(x, "denials");
			const json_t *l = json_object_get(x, "line");
			if ((p && !json_is_string(p)) || (u && !strings(u)) ||
			    (d && !objects_with(d, denial_keys)) ||
			    (l && !json_is_integer(l)))
				bad = "a run's 'profile', 'used', 'denials' or "
				      "'line' has the wrong type";
		}
		json_array_foreach (ps, i, x) {
			const json_t *a = json_object_get(x, "allowed");
			if (!objects_with(a, named))
				bad = "a profile's 'allowed' must be objects "
				      "with a 'name' string";
		}
	}
	if (bad) {
		snprintf(why, size, "%s", bad);
		return -EINVAL;
	}
	return 0;
}

json_t *suite_merge(json_t *const *docs, size_t n)
{
	json_t *doc = json_object();
	json_t *runs = json_array(), *ps = json_array();
	for (size_t i = 0; i < n; i++) {
		size_t k;
		json_t *x;
		json_array_foreach (json_object_get(docs[i], "profiles"), k,
				    x) {
			const char *path =
				json_string_value(json_object_get(x, "path"));
			bool seen = false;
			size_t m;
			json_t *y;
			json_array_foreach (ps, m, y)
				seen |= strcmp(json_string_value(
						       json_object_get(y,
								       "path")),
					       path) == 0;
			if (!seen)
				json_array_append_new(
					ps, json_pack("{s:s,s:O}", "path", path,
						      "allowed",
						      json_object_get(
							      x, "allowed")));
		}
		json_array_foreach (json_object_get(docs[i], "runs"), k, x) {
			/* A case counts once, whichever shard ran it. */
			bool seen = false;
			size_t m;
			json_t *y;
			json_array_foreach (runs, m, y)
				seen |= json_equal(
						json_object_get(y, "file"),
						json_object_get(x, "file")) &&
					json_equal(json_object_get(y, "case"),
						   json_object_get(x, "case"));
			if (!seen)
				json_array_append(runs, x);
		}
	}
	sort_runs(runs);
	json_object_set_new(doc, "schema", json_integer(1));
	json_object_set_new(doc, "profiles", ps);
	json_object_set_new(doc, "runs", runs);
	suite_summarize(doc, false);
	return doc;
}
