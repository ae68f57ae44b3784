/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit trim — cut an over-broad profile down to what a workload uses,
 * with proof (verdict/trim.h does it); here: the workloads, the output
 * files and the report. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case.h"
#include "cli.h"
#include "effect.h"
#include "exposure.h"
#include "html-trim.h"
#include "json-util.h"
#include "trim.h"
#include "util.h"
#include "writer.h"

struct workloads {
	struct case_list cl;
	struct job *v;
	size_t n;
};

static void workloads_clear(struct workloads *w)
{
	for (size_t i = 0; i < w->n; i++)
		job_clear(&w->v[i]);
	free(w->v);
	case_list_free(&w->cl);
}

/* trim's runs are judged under its --caps and --max-procs, whatever a
 * case says; stdio is the case's (a command's: a captured file, never
 * mixed with a profile on stdout) unless --stdout or --stderr say. */
static int trim_job(const struct cli_args *a, struct job *j)
{
	int r = cli_job_caps(j, a->caps);
	if (r)
		return r;
	j->max_procs = a->max_procs;
	j->isolation = a->isolation;
	bool taken = (!a->output && !a->in_place) || cli_is_stdout(a->json);
	return cli_job_stdio(a, j, j->out, j->err, taken);
}

/* The cases of --cases that are about this profile (their "profile"
 * names the same file). */
static int case_jobs(const struct cli_args *a, struct workloads *w)
{
	struct diag d = { 0 };
	int r = case_load_path(a->cases, &w->cl, &d);
	if (r < 0)
		return cli_fail(r, &d);
	if ((r = cli_refuse_overwrite_cases(a, &w->cl)))
		return r;
	char want[PATH_MAX], got[PATH_MAX];
	if (!realpath(a->pos[0], want))
		return CLI_EXIT_USAGE;
	if (!(w->v = calloc(w->cl.n + 1, sizeof(*w->v))))
		return CLI_EXIT_ENV;
	for (size_t i = 0; i < w->cl.n; i++) {
		const struct scase *c = &w->cl.cases[i];
		if (!realpath(c->profile, got) || strcmp(got, want) != 0)
			continue;
		if ((r = case_job(c, &w->v[w->n++], &d)) < 0)
			return cli_fail(r, &d);
		if ((r = trim_job(a, &w->v[w->n - 1])))
			return r;
	}
	if (!w->n) {
		cli_error(
			"no case in %s is about %s (their 'profile' keys name "
			"other files)",
			a->cases, a->pos[0]);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* The workloads: the command after --, or the cases of --cases. */
static int workloads(const struct cli_args *a, struct workloads *w)
{
	if (a->cases)
		return case_jobs(a, w);
	if (!(w->v = calloc(1, sizeof(*w->v))))
		return CLI_EXIT_ENV;
	w->n = 1;
	int r = cli_job(a, w->v);
	if (r)
		return r;
	w->v->out = w->v->err = CAPTURE_FILE;
	return trim_job(a, w->v);
}

static int check_outputs(const struct cli_args *a)
{
	if (a->cases && a->cmd) {
		cli_error("give -- CMD or --cases DIR, not both");
		return CLI_EXIT_USAGE;
	}
	if (!a->cases && !a->cmd) {
		cli_error("no workload: give -- CMD or --cases DIR");
		return CLI_EXIT_USAGE;
	}
	if (a->in_place && a->output) {
		cli_error("give -o FILE or --in-place, not both");
		return CLI_EXIT_USAGE;
	}
	if ((cli_is_stdout(a->json) || cli_is_stdout(a->html)) && !a->output &&
	    !a->in_place) {
		cli_error("--%s - and the trimmed profile cannot both go to "
			  "stdout: give -o FILE",
			  cli_is_stdout(a->json) ? "json" : "html");
		return CLI_EXIT_USAGE;
	}
	if (cli_is_stdout(a->json) && cli_is_stdout(a->html)) {
		cli_error("--json - and --html - would share stdout: give one "
			  "of them a file");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* The text trim would write, read back and compared with p through the
 * diff engine: it may newly allow only the additions trim proved. */
static int refuse_widening(const struct profile *p,
			   const struct profile_env *env,
			   const struct trim_result *res, const char *text)
{
	struct diag d = { 0 };
	cleanup_profile struct profile *q = NULL;
	enum profile_format f = p->format == PROFILE_FORMAT_STRACE
					? PROFILE_FORMAT_LIST
					: p->format;
	int r = profile_load_buffer(p->path, text, strlen(text), f, 0, &q, &d);
	if (r < 0)
		return cli_fail(r, &d);
	profile_evaluate(q, env);
	cleanup_strv struct strv wide = STRV_INIT;
	if ((r = effect_widened(p, q, &wide, &d)) < 0)
		return cli_fail(r, &d);
	size_t beyond = 0;
	for (size_t i = 0; i < wide.n; i++) {
		if (strv_contains(res->added.v, wide.v[i]))
			continue;
		if (!beyond++)
			cli_error(
				"refusing to write: the trimmed profile would "
				"newly allow what trim did not prove needed:");
		fprintf(stderr, "  %s\n", wide.v[i]);
	}
	return beyond ? CLI_EXIT_FINDINGS : 0;
}

/* --in-place: refused for a symbolic link, a read-only file or one
 * changed since trim read it; the original kept byte for byte (a BOM
 * too) with its mode in the first free .orig (cli_backup_path, named in
 * backup), then replaced. 0, or the exit status (printed). */
static int write_in_place(const struct profile *p, const char *text,
			  char *backup, size_t size)
{
	struct stat st;
	cleanup_free char *raw = NULL;
	size_t len = 0;
	if (lstat(p->path, &st) == 0 && S_ISLNK(st.st_mode)) {
		cli_error("%s is a symbolic link: trim its target in place, or "
			  "write -o FILE",
			  p->path);
		return CLI_EXIT_USAGE;
	}
	if (stat(p->path, &st) < 0 || !(st.st_mode & 0222)) {
		cli_error("%s is read-only: make it writable to trim it in "
			  "place, or write -o FILE",
			  p->path);
		return CLI_EXIT_USAGE;
	}
	int r = util_read_file(p->path, SIZE_MAX / 2, &raw, &len);
	const char *body = raw;
	if (r == 0 && len >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0)
		body += 3;
	if (r < 0 || strcmp(body, p->text) != 0) {
		cli_error("%s changed while trim ran: nothing written; trim it "
			  "again",
			  p->path);
		return CLI_EXIT_USAGE;
	}
	if (cli_backup_path(p->path, backup, size) < 0) {
		cli_error("%s.orig and .orig.1 to .orig.99 all exist: remove "
			  "the backups you do not need",
			  p->path);
		return CLI_EXIT_USAGE;
	}
	if ((r = util_write_file_mode(backup, raw, len,
				      (int)(st.st_mode & 07777))) < 0) {
		cli_error("cannot write %s: %s", backup, strerror(-r));
		return CLI_EXIT_USAGE;
	}
	return cli_write_output(p->path, text);
}

/* The trimmed profile, in its own format: -o, --in-place (the backup
 * named in backup) or stdout. */
static int write_trimmed(const struct cli_args *a, const struct profile *p,
			 const struct profile_env *env,
			 const struct trim_result *res, char *backup,
			 size_t size)
{
	cleanup_free char *text = NULL;
	if (writer_trimmed(p, &res->delta, &text) < 0)
		return CLI_EXIT_ENV;
	int r = refuse_widening(p, env, res, text);
	if (r)
		return r;
	if (!a->in_place)
		return cli_write_output(a->output ? a->output : "-", text);
	return write_in_place(p, text, backup, size);
}

/* s's distinct names, sorted, into ret. 0 or -ENOMEM. */
static int sorted(const struct strv *s, struct strv *ret)
{
	int r = strv_extend(ret, s->v);
	strv_sort_unique(ret);
	return r;
}

/* A list's distinct names, sorted, after a heading (in colour on). */
static void print_names(FILE *f, const char *heading, const struct strv *s,
			const char *on, const struct color *c)
{
	cleanup_strv struct strv v = STRV_INIT;
	sorted(s, &v);
	fprintf(f, "%s%s%s", on, heading, c->off);
	for (size_t i = 0; i < v.n; i++)
		fprintf(f, " %s", v.v[i]);
	fprintf(f, "\n");
}

/* What trim did to the profile on the way, in order. */
static void print_steps(FILE *info, const struct trim_result *res)
{
	for (size_t i = 0; i < res->added.n; i++)
		fprintf(info,
			"trim: '%s' is missing: added (--learn; a run under "
			"the profile's own action for it fails)\n",
			res->added.v[i]);
	for (size_t i = 0; i < res->unseen.n; i++)
		fprintf(info,
			"trim: '%s' is added, unproven: no proof run made it "
			"(it comes only in some runs)\n",
			res->unseen.v[i]);
	for (size_t i = 0; i < res->unproven.n; i++)
		fprintf(info,
			"trim: '%s' was denied and the workload copes: not "
			"added, the profile's rule for it stays (tolerated)\n",
			res->unproven.v[i]);
	for (size_t i = 0; i < res->put_back.n; i++)
		fprintf(info,
			"trim: '%s' was unused in the first run but the "
			"verification needs it (it ended %s): put back\n",
			res->put_back.v[i],
			i < res->put_back_why.n ? res->put_back_why.v[i] : "?");
}

/* --deep's suggestions: what holds denied together, and apart what only
 * holds alone. */
static void print_tolerated(FILE *info, const struct profile *p,
			    const struct trim_deep_result *deep)
{
	if (deep->n_tolerated && !deep->isolated)
		fprintf(info, "  (--deep: no network namespace here: one trial "
			      "at a time)\n");
	for (size_t i = 0; i < deep->n_tolerated; i++) {
		const struct trim_tolerated *t = &deep->tolerated[i];
		char rule[256];
		writer_errno_rule(p, t->name, t->err, rule, sizeof(rule));
		if (t->together)
			fprintf(info,
				"  tolerated: %s fails harmlessly with %s%s; "
				"consider %s instead of allowing it\n",
				t->name, profile_errno_name((uint32_t)t->err),
				deep->together ? " (all of these together: "
						 "verified in one run)"
					       : " (with the others marked so)",
				rule);
		else
			fprintf(info,
				"  tolerated alone, not with the others: %s "
				"with %s (denied together with them, a "
				"workload fails)\n",
				t->name, profile_errno_name((uint32_t)t->err));
	}
}

/* What trim did to the exposure: before, and after when written. */
static void print_exposure(FILE *info, const struct exposure *before,
			   const struct exposure *after, bool written,
			   const struct color *c)
{
	fprintf(info, "  %sexposure before:%s ", c->bold, c->off);
	exposure_text(info, before, c);
	fprintf(info, "\n");
	if (!written)
		return;
	fprintf(info, "  %sexposure after:%s  ", c->bold, c->off);
	exposure_text(info, after, c);
	fprintf(info, "\n");
	cleanup_strv struct strv gone = STRV_INIT;
	for (size_t i = 0; i < before->dangerous.n; i++)
		if (!strv_contains(after->dangerous.v, before->dangerous.v[i]))
			strv_add(&gone, before->dangerous.v[i]);
	if (gone.n)
		print_names(info, "  dangerous removed:", &gone, c->good, c);
	if (after->dangerous.n)
		print_names(info,
			    "  dangerous still allowed:", &after->dangerous,
			    c->warn, c);
}

static void print_report(FILE *info, const struct profile *p,
			 const struct job *jobs, const struct trim_result *res,
			 const struct exposure *const x[2],
			 const struct color *c)
{
	print_steps(info, res);
	fprintf(info,
		"trim: %s: %zu names; %zu removed, %zu kept, %zu added, %zu "
		"not judged; %zu runs (%zu until the usage was stable) in "
		"%.2f s\n",
		p->path, res->names, res->removed.n, res->kept.n, res->added.n,
		res->not_judged.n, res->runs, res->first_runs, res->seconds);
	char how[400];
	usage_observer_describe(res->usage, res->usage_why, how, sizeof(how));
	fprintf(info, "  usage: %s\n", how);
	print_names(info, "  removed (unnecessary):", &res->removed, c->warn,
		    c);
	if (res->intermittent.n)
		print_names(info,
			    "  kept, intermittent (used by some runs only):",
			    &res->intermittent, "", c);
	for (size_t i = 0; i < res->known.n; i++)
		if (strv_contains(res->kept.v, res->known.v[i]))
			fprintf(info, "  kept, made only sometimes: %s — %s\n",
				res->known.v[i], res->known_why[i]);
	print_tolerated(info, p, &res->deep);
	if (res->not_judged.n)
		fprintf(info,
			"  not judged: %zu names in rules for other "
			"capabilities or arches, or unknown here (kept)\n",
			res->not_judged.n);
	print_exposure(info, x[0], x[1], res->status == TRIM_VERIFIED, c);
	if (res->status == TRIM_NOT_REPEATABLE) {
		char when[64] = "under the trimmed profile";
		if (res->failed_run)
			snprintf(when, sizeof(when),
				 "in run %u under the profile as it is",
				 res->failed_run);
		fprintf(stderr,
			"%s: the workload %s is not repeatable: it ended %s "
			"%s without any denial (%s); nothing written\n",
			cli_program, jobs[res->failed_job].name, res->outcome,
			when, res->reason);
		return;
	}
	if (res->status != TRIM_UNVERIFIED)
		return;
	fprintf(stderr,
		"%s: the trimmed profile fails a workload (%s: %s); nothing "
		"written",
		cli_program, jobs[res->failed_job].name, res->outcome);
	for (size_t m = 0; m < res->missing.n; m++)
		fprintf(stderr, "%s%s",
			m ? " " : "; missing: ", res->missing.v[m]);
	fprintf(stderr, "\n");
}

static json_t *sorted_json(const struct strv *s)
{
	cleanup_strv struct strv v = STRV_INIT;
	return sorted(s, &v) < 0 ? NULL : jsonutil_array(v.v);
}

static int write_json(const char *path, const struct profile *p,
		      const struct trim_result *res,
		      const struct exposure *const x[2])
{
	json_t *tol = json_array();
	for (size_t i = 0; i < res->deep.n_tolerated; i++) {
		const struct trim_tolerated *t = &res->deep.tolerated[i];
		json_array_append_new(
			tol,
			json_pack("{s:s,s:s,s:b}", "name", t->name, "errno",
				  profile_errno_name((uint32_t)t->err),
				  "together", t->together));
	}
	cleanup_json json_t *doc = json_pack(
		"{s:i,s:o,s:b,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:f}",
		"schema", 1, "profile", jsonutil_str(p->path), "verified",
		res->status == TRIM_VERIFIED, "unnecessary",
		sorted_json(&res->removed), "used", sorted_json(&res->kept),
		"missing", sorted_json(&res->missing), "notJudged",
		sorted_json(&res->not_judged), "tolerated", tol, "added",
		sorted_json(&res->added), "notAdded",
		sorted_json(&res->unproven), "intermittent",
		sorted_json(&res->intermittent), "sometimes",
		sorted_json(&res->known), "runs", (json_int_t)res->runs,
		"seconds", res->seconds);
	const char *backend = usage_observer_backend(res->usage);
	json_object_set_new(doc, "usageBackend",
			    backend ? json_string(backend) : json_null());
	if (res->usage_why[0])
		json_object_set_new(doc, "usageFallback",
				    jsonutil_str(res->usage_why));
	json_t *after = res->status == TRIM_VERIFIED
				? exposure_json(x[1], NULL, -1)
				: json_null();
	json_t *e = json_pack("{s:o,s:o}", "before",
			      exposure_json(x[0], NULL, -1), "after", after);
	if (json_object_set_new(doc, "exposure", e) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	return cli_write_json(path, doc);
}

/* --deep on a terminal: trials done, and about how long the rest take. */
static void deep_progress(void *ctx, size_t done, size_t total)
{
	const double *start = ctx;
	double spent = util_now() - *start;
	double left = done ? spent / (double)done * (double)(total - done) : 0;
	fprintf(stderr, "\r\033[Ktrim --deep: %zu of %zu trials", done, total);
	if (done < total)
		fprintf(stderr, ", about %.0f s left", left);
	else
		fprintf(stderr, "\r\033[K");
	fflush(stderr);
}

/* The page of what trim did (html-trim.h). */
static int write_html(const struct cli_args *a, const struct profile *p,
		      const struct workloads *w, const struct trim_result *res,
		      const struct exposure *const x[2])
{
	cleanup_strv struct strv names = STRV_INIT;
	for (size_t i = 0; i < w->n; i++)
		if (strv_add(&names, w->v[i].name) < 0)
			return cli_fail(-ENOMEM, NULL);
	const char *written = res->status != TRIM_VERIFIED ? NULL
			      : a->in_place		   ? p->path
			      : a->output		   ? a->output
							   : "standard output";
	struct html_trim h = { p, res, x[0], x[1], names.v, written };
	cleanup_free char *page = html_trim(&h);
	return page ? cli_write_output(a->html, page) : CLI_EXIT_ENV;
}

static int trim(struct cli_args *a)
{
	int r = check_outputs(a);
	if (r)
		return r;
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	if ((r = cli_open_profile(a, a->pos[0], 0, NULL, &p, &env)))
		return r;
	__attribute__((cleanup(workloads_clear))) struct workloads w = { 0 };
	cleanup_trim_result struct trim_result res = { 0 };
	struct run_error err;
	double start = util_now();
	struct trim_options o = {
		a->learn, a->deep, cli_jobs(a), { a->repeat, true, a->max_runs }
	};
	o.usage_backend = a->usage_backend;
	if (a->deep && isatty(STDERR_FILENO)) {
		o.progress = deep_progress;
		o.ctx = &start;
	}
	if ((r = workloads(a, &w)))
		return r;
	FILE *info = (a->output || a->in_place) && !cli_is_stdout(a->json)
			     ? stdout
			     : stderr;
	if ((r = trim_run(p, w.v, w.n, &o, &res, &err)) < 0) {
		print_steps(info, &res);
		return cli_run_error(&err, w.v[res.failed_job].argv[0]);
	}
	if (res.status == TRIM_FAILS_ALREADY) {
		fprintf(stderr,
			"%s: the workload %s already fails under %s: %s — %s\n"
			"  add what it names first, or trim with --learn to add "
			"it in the same step\n",
			cli_program, w.v[res.failed_job].name, p->path,
			res.outcome, res.reason);
		return CLI_EXIT_FINDINGS;
	}
	bool ok = res.status == TRIM_VERIFIED;
	char backup[PATH_MAX] = "";
	r = ok ? write_trimmed(a, p, &env, &res, backup, sizeof(backup))
	       : CLI_EXIT_FINDINGS;
	/* Not written (the error is printed): no report may read as if it
	 * were. */
	if (r >= CLI_EXIT_USAGE)
		return r;
	/* Before and after; which of the dangerous ones the runs used is
	 * what trim removed and kept. */
	cleanup_exposure struct exposure before = { 0 };
	cleanup_exposure struct exposure after = { 0 };
	if (exposure_compute(p, NULL, NULL, NULL, &before) < 0 ||
	    exposure_compute(p, &res.delta, NULL, NULL, &after) < 0)
		return cli_fail(-ENOMEM, NULL);
	const struct exposure *x[] = { &before, &after };
	print_report(info, p, w.v, &res, x, cli_color(a, info));
	if (backup[0] && r == 0)
		fprintf(info, "  the original is kept in %s\n", backup);
	if (a->json) {
		int j = write_json(a->json, p, &res, x);
		r = j ? j : r;
	}
	if (a->html) {
		int h = write_html(a, p, &w, &res, x);
		r = h ? h : r;
	}
	return r;
}

const struct cli_command cmd_trim = {
	.name = "trim",
	.summary = "remove what a workload does not use, with proof",
	.synopsis = "PROFILE [options] (-- CMD [ARG...] | --cases DIR)",
	.about = "Remove the allowed entries CMD never uses, verify the "
		 "trimmed profile by running\nCMD under it, and write it in "
		 "PROFILE's own format (stdout unless -o).",
	.exit_status = "Exit status: 0 trimmed and verified, 1 the workload "
		       "fails under the profile or\nthe trimmed one, 2 bad "
		       "usage or input, 3 this system cannot run it.",
	.opts = CLI_OPT(OUTPUT) | CLI_OPT(IN_PLACE) | CLI_OPT(DEEP) |
		CLI_OPT(JOBS) | CLI_OPT(LEARN) | CLI_OPT(JSON) | CLI_OPT(CAPS) |
		CLI_OPT(TIMEOUT) | CLI_OPT(MAX_PROCS) | CLI_OPT(FORMAT) |
		CLI_OPT(CASES) | CLI_OPT(STDOUT) | CLI_OPT(STDERR) |
		CLI_OPT(REPEAT) | CLI_OPT(MAX_RUNS) | CLI_OPT(SEMANTICS) |
		CLI_OPT(RUNTIME) | CLI_OPT(ROOTFS) | CLI_OPT(BUNDLE) |
		CLI_OPT(NO_NEW_PRIVS) | CLI_OPT(PODMAN) | CLI_OPT(COLOR) |
		CLI_OPT(HTML) | CLI_OPT(USAGE_BACKEND) | CLI_OPT(ISOLATION),
	.help[CLI_OPT_REPEAT] = "at least N first runs of each workload "
				"(default 1), then on until 5 in a row add "
				"no name",
	.help[CLI_OPT_STDOUT] = "the workload's stdout as in production: file "
				"(default, or the case's), pipe, tty, null or "
				"inherit",
	.help[CLI_OPT_OUTPUT] = "write the trimmed profile there (atomically)",
	.help[CLI_OPT_JOBS] =
		"run --deep's trials N at a time (default: the CPUs)",
	.help[CLI_OPT_LEARN] =
		"let denied calls through in the first run and add "
		"them to the trimmed profile (check --learn and trim "
		"in one step)",
	.help[CLI_OPT_MAX_PROCS] = "at most N processes and threads per run "
				   "(bounds a fork bomb)",
	.min_pos = 1,
	.max_pos = 1,
	.command = CLI_CMD_OPTIONAL,
	.run = trim,
};
