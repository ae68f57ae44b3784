/* scaudit trim — cut an over-broad profile down to what a workload uses,
 * with proof: observe one run (every call seen, the profile's own
 * decisions carried out), drop the allowed entries nobody used, re-run
 * the workload under the trimmed profile with its real semantics, put
 * back whatever that run names, and with --deep find the used entries
 * whose denial the workload tolerates (Loupe's idea). */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <limits.h>

#include "case.h"
#include "classify.h"
#include "cli.h"
#include "job.h"
#include "session.h"
#include "syscalls.h"
#include "util.h"
#include "writer.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s trim PROFILE [-o FILE | --in-place] [--deep] [-j N] "
		"[--json FILE]\n"
		"               [--caps SET] [--timeout S] [--max-procs N] [--format "
		"F]\n"
		"               (-- CMD [ARG...] | --cases DIR)\n"
		"\n"
		"Remove the allowed entries CMD never uses, verify the trimmed "
		"profile by running\n"
		"CMD under it, and write it in PROFILE's own format (stdout "
		"unless -o).\n"
		"\n"
		"  -o FILE      write the trimmed profile there (atomically)\n"
		"  --in-place   replace PROFILE (atomically; PROFILE.orig keeps "
		"the old one)\n"
		"  --deep       also try denying each used entry (ENOSYS, then "
		"EPERM): report\n"
		"               the ones the workload tolerates\n"
		"  -j N         run --deep's trials N at a time (CPUs)\n"
		"  --learn      let denied calls through in the first run and "
		"add them to\n"
		"               the trimmed profile (check --learn and trim in "
		"one step)\n"
		"  --json FILE  the report as JSON ('-': stdout)\n"
		"  --max-procs N  at most N processes and threads per run "
		"(bounds a fork bomb)\n"
		"  --cases DIR  the workloads: the cases (INI files) in DIR "
		"whose profile is\n"
		"               PROFILE; every one must pass\n"
		"\n"
		"Exit status: 0 trimmed and verified, 1 the workload fails under "
		"the profile or\n"
		"the trimmed one, 2 bad usage or input, 3 this system cannot "
		"run it.\n",
		cli_program);
}

struct trim_args {
	const char *profile, *out, *json, *caps, *format, *cases;
	bool in_place, deep, learn;
	int jobs;
	double timeout;
	unsigned max_procs;
	char **argv;
	struct case_list cl;
	struct job *work; /* the workloads: one command, or the cases */
	size_t n_work;
};

struct trial {
	char name[64];
	int errnos[2];
	int tolerated; /* the errno it tolerates, 0: none */
};

/* Distinct names, in order of first sight. */
struct names {
	char **v;
	size_t n, alloc;
};

static bool names_has(const struct names *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], name) == 0)
			return true;
	return false;
}

static int names_add(struct names *s, const char *name)
{
	if (names_has(s, name))
		return 0;
	void *a = s->v;
	if (util_grow(&a, &s->alloc, s->n, sizeof(*s->v)) < 0)
		return -ENOMEM;
	s->v = a;
	if (!(s->v[s->n] = strdup(name)))
		return -ENOMEM;
	s->n++;
	return 0;
}

static void names_clear(struct names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static bool applicable(const struct profile *p, const char *name)
{
	for (size_t a = 0; a < p->n_arches; a++)
		if (syscalls_resolve(p->arches[a], name) >= 0)
			return true;
	return false;
}

static void set_dropped(struct profile *p, const char *name, bool dropped)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		struct profile_rule *r = &p->rules[i];
		if (!r->active || r->action.type != PROFILE_ACT_ALLOW)
			continue;
		for (size_t j = 0; j < r->n_names; j++)
			if (strcmp(r->names[j].name, name) == 0)
				r->names[j].dropped = dropped;
	}
}

static struct session_spec spec_for(const struct trim_args *a,
				    const struct job *w,
				    const struct profile *p,
				    const struct profile_env *env)
{
	return (struct session_spec){
		.profile = p,
		.path = w->path,
		.argv = w->argv,
		.envp = w->envp,
		.cwd = w->cwd,
		.stdin_path = w->stdin_path,
		.set_caps = a->caps && strcmp(a->caps, "keep") != 0,
		.caps = env->caps,
		.timeout = w->timeout,
		.max_procs = a->max_procs,
		.watch = w->denied,
		.quiet = true, /* trim's output may be stdout */
	};
}

/* Every workload once under p: did each end well, with no missing entry?
 * Collects the missing names and the first bad outcome. */
static int verify(const struct trim_args *a, const struct profile *p,
		  const struct profile_env *env, bool report_errors, bool *ok,
		  struct names *missing, char *outcome, size_t osize,
		  size_t *runs)
{
	*ok = true;
	for (size_t k = 0; k < a->n_work; k++) {
		const struct job *w = &a->work[k];
		struct session_spec spec = spec_for(a, w, p, env);
		struct sv_result res;
		enum session_failure sf;
		struct runner_failure fail;
		struct diag d = { 0 };
		int r = session_run(&spec, &res, &sf, &fail, &d);
		if (runs)
			(*runs)++;
		if (r < 0)
			return report_errors ? cli_session_error(r, sf, &fail,
								 &d, w->name)
					     : r;
		struct classify_expect ce = { .exit_code = w->expect_exit,
					      .denied = w->denied };
		struct verdict v;
		if (classify_run(&res, &ce, &v) < 0) {
			sv_result_clear(&res);
			return -ENOMEM;
		}
		if (verdict_has_findings(&v)) {
			if (*ok && outcome)
				snprintf(outcome, osize, "%s: %s", w->name,
					 outcome_name(v.outcome));
			*ok = false;
		}
		for (size_t i = 0; missing && i < res.n_denials; i++)
			if (v.classes[i] == CLASS_MISSING &&
			    res.denials[i].name[0] &&
			    names_add(missing, res.denials[i].name) < 0)
				r = -ENOMEM;
		verdict_clear(&v);
		sv_result_clear(&res);
		if (r < 0)
			return r;
		if (!*ok && !missing)
			break; /* a trial needs no more */
	}
	return 0;
}

/* A --deep trial in a worker process: its own supervisor, its own copy of
 * the profile (copy-on-write), the answer in its exit status. */
static pid_t start_trial(const struct trim_args *a, struct profile *p,
			 const struct profile_env *env, const char *name,
			 int err)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	set_dropped(p, name, true);
	struct profile_rule *r = profile_add_rule(p);
	if (!r || !profile_rule_add_name(r, name, p->default_loc))
		_exit(3);
	r->action = (struct profile_action){ PROFILE_ACT_ERRNO, (uint32_t)err };
	bool ok = false;
	int rc = verify(a, p, env, false, &ok, NULL, NULL, 0, NULL);
	_exit(rc < 0 ? 3 : ok ? 0 : 1);
}

static void run_trials(const struct trim_args *a, struct profile *p,
		       const struct profile_env *env, struct trial *t, size_t n,
		       size_t *runs)
{
	for (int round = 0; round < 2; round++) {
		pid_t pids[256] = { 0 };
		size_t next = 0, running = 0, done = 0;
		size_t todo = 0;
		for (size_t i = 0; i < n; i++)
			todo += !t[i].tolerated;
		while (done < todo) {
			while (running < (size_t)a->jobs && next < n) {
				size_t i = next++;
				if (t[i].tolerated)
					continue;
				pid_t pid = start_trial(a, p, env, t[i].name,
							t[i].errnos[round]);
				if (pid < 0) {
					done++;
					continue;
				}
				pids[running++] = pid;
				(*runs)++;
				/* Remember which trial: pid → index. */
				t[i].tolerated = -(int)pid;
			}
			int status;
			pid_t pid = waitpid(-1, &status, 0);
			if (pid < 0)
				break;
			for (size_t k = 0; k < running; k++) {
				if (pids[k] != pid)
					continue;
				pids[k] = pids[--running];
				done++;
				break;
			}
			for (size_t i = 0; i < n; i++) {
				if (t[i].tolerated != -(int)pid)
					continue;
				t[i].tolerated =
					WIFEXITED(status) &&
							WEXITSTATUS(status) == 0
						? t[i].errnos[round]
						: 0;
			}
		}
	}
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static json_t *sorted_names(char **v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_str);
	json_t *arr = json_array();
	for (size_t i = 0; arr && i < n; i++)
		if (i == 0 || strcmp(v[i], v[i - 1]) != 0)
			json_array_append_new(arr, json_string(v[i]));
	return arr;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The workloads: the command after --, or the cases of --cases that are
 * about this profile (their "profile" names the same file). */
static int make_work(struct trim_args *a)
{
	struct diag d = { 0 };
	int r;
	if (!a->cases) {
		a->work = calloc(1, sizeof(*a->work));
		if (!a->work)
			return CLI_EXIT_ENV;
		if ((r = job_from_argv(a->argv, a->timeout, a->work, &d)) < 0) {
			cli_print_diag(&d, "error");
			return CLI_EXIT_USAGE;
		}
		a->n_work = 1;
		return 0;
	}
	if ((r = case_load_path(a->cases, &a->cl, &d)) < 0) {
		cli_print_diag(&d, "error");
		return r == -ENOMEM ? CLI_EXIT_ENV : CLI_EXIT_USAGE;
	}
	char want[PATH_MAX], got[PATH_MAX];
	if (!realpath(a->profile, want))
		return CLI_EXIT_USAGE;
	a->work = calloc(a->cl.n + 1, sizeof(*a->work));
	if (!a->work)
		return CLI_EXIT_ENV;
	for (size_t i = 0; i < a->cl.n; i++) {
		const struct scase *c = &a->cl.cases[i];
		if (!realpath(c->profile, got) || strcmp(got, want) != 0)
			continue;
		if ((r = case_job(c, &a->work[a->n_work], &d)) < 0) {
			cli_print_diag(&d, "error");
			return r == -ENOMEM ? CLI_EXIT_ENV : CLI_EXIT_USAGE;
		}
		a->n_work++;
	}
	if (!a->n_work) {
		cli_error(
			"no case in %s is about %s (their 'profile' keys name "
			"other files)",
			a->cases, a->profile);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int trim(struct trim_args *a)
{
	double start = now();
	if (a->in_place && a->out) {
		cli_error("give -o FILE or --in-place, not both");
		return CLI_EXIT_USAGE;
	}
	if (a->json && strcmp(a->json, "-") == 0 && !a->out && !a->in_place) {
		cli_error("--json - and the trimmed profile cannot both go to "
			  "stdout: give -o FILE");
		return CLI_EXIT_USAGE;
	}
	char in[PATH_MAX], out[PATH_MAX];
	if (a->out && realpath(a->profile, in) && realpath(a->out, out) &&
	    strcmp(in, out) == 0) {
		cli_error("-o names the input itself: use --in-place (it keeps "
			  "a .orig backup)");
		return CLI_EXIT_USAGE;
	}
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(a->profile, a->format, 0, a->caps, NULL, &p,
				 &env);
	if (r)
		return r;
	if ((r = make_work(a)))
		return r;
	FILE *info = a->out || a->in_place ? stdout : stderr;
	if (a->json && strcmp(a->json, "-") == 0)
		info = stderr;

	/* 1. One run of each workload, every call seen, the profile's
	 * decisions carried out (or, with --learn, every call let through). */
	struct names used = { 0 }, learned = { 0 };
	size_t runs = 0, total = profile_count_names(p), n_added = 0;
	for (size_t k = 0; k < a->n_work; k++) {
		const struct job *w = &a->work[k];
		struct session_spec spec = spec_for(a, w, p, &env);
		spec.notify_all = true;
		spec.learn = a->learn;
		struct sv_result res;
		enum session_failure sf;
		struct runner_failure fail;
		struct diag d = { 0 };
		r = session_run(&spec, &res, &sf, &fail, &d);
		runs++;
		if (r < 0) {
			names_clear(&used);
			names_clear(&learned);
			return cli_session_error(r, sf, &fail, &d, w->name);
		}
		struct classify_expect ce = { .exit_code = w->expect_exit,
					      .denied = w->denied,
					      .learn = a->learn };
		struct verdict v;
		r = classify_run(&res, &ce, &v) < 0 ? CLI_EXIT_ENV : 0;
		for (size_t i = 0; r == 0 && i < res.n_denials; i++) {
			const struct sv_denial *e = &res.denials[i];
			if (!e->name[0])
				continue;
			/* The launcher's execve is a need of every launcher
			 * (runc, scaudit exec); its other calls are ours. */
			if (e->launcher) {
				bool exec = strcmp(e->name, "execve") == 0;
				if (exec && names_add(&used, e->name) < 0)
					r = CLI_EXIT_ENV;
				if (exec && a->learn &&
				    e->action.type != PROFILE_ACT_ALLOW &&
				    names_add(&learned, e->name) < 0)
					r = CLI_EXIT_ENV;
				continue;
			}
			if (e->action.type == PROFILE_ACT_ALLOW &&
			    names_add(&used, e->name) < 0)
				r = CLI_EXIT_ENV;
			if (a->learn && v.classes[i] == CLASS_MISSING &&
			    names_add(&learned, e->name) < 0)
				r = CLI_EXIT_ENV;
		}
		if (r == 0 && !a->learn && verdict_has_findings(&v)) {
			fprintf(stderr,
				"%s: the workload %s already fails under %s: "
				"%s — %s\n"
				"  add what it names first, or trim with --learn "
				"to add it in the same step\n",
				cli_program, w->name, p->path,
				outcome_name(v.outcome), v.reason);
			r = CLI_EXIT_FINDINGS;
		}
		if (r == 0 || r == CLI_EXIT_FINDINGS)
			verdict_clear(&v);
		sv_result_clear(&res);
		if (r) {
			names_clear(&used);
			names_clear(&learned);
			return r;
		}
	}
	for (size_t i = 0; i < learned.n; i++) {
		struct profile_rule *nr = profile_add_rule(p);
		if (!nr ||
		    !profile_rule_add_name(nr, learned.v[i], p->default_loc)) {
			names_clear(&used);
			names_clear(&learned);
			return CLI_EXIT_ENV;
		}
		nr->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
		nr->added = true;
		nr->active = true;
		n_added++;
		fprintf(info, "trim: '%s' is missing: added (--learn)\n",
			learned.v[i]);
	}
	names_clear(&learned);

	/* 2. Allowed entries nobody used are unnecessary. */
	size_t all = profile_count_names(p) + 1;
	cleanup_free char **removed = calloc(all, sizeof(char *));
	cleanup_free char **kept = calloc(all, sizeof(char *));
	cleanup_free char **unjudged = calloc(all, sizeof(char *));
	cleanup_free struct trial *trials = calloc(all, sizeof(*trials));
	if (!removed || !kept || !unjudged || !trials) {
		names_clear(&used);
		return CLI_EXIT_ENV;
	}
	size_t n_removed = 0, n_kept = 0, n_unjudged = 0, n_trials = 0;
	for (size_t i = 0; i < p->n_rules; i++) {
		struct profile_rule *rule = &p->rules[i];
		for (size_t j = 0; j < rule->n_names; j++) {
			struct profile_name *nm = &rule->names[j];
			if (!rule->active || !applicable(p, nm->name) ||
			    !syscalls_known(nm->name)) {
				unjudged[n_unjudged++] = nm->name;
				continue;
			}
			if (rule->action.type != PROFILE_ACT_ALLOW)
				continue;
			if (rule->added || names_has(&used, nm->name)) {
				kept[n_kept++] = nm->name;
				continue;
			}
			nm->dropped = true;
			removed[n_removed++] = nm->name;
		}
	}

	/* 3. Verify under the trimmed profile; put back what it names. */
	char outcome[256] = "";
	struct names missing = { 0 };
	bool ok = false;
	for (int round = 0; round < 4; round++) {
		names_clear(&missing);
		r = verify(a, p, &env, true, &ok, &missing, outcome,
			   sizeof(outcome), &runs);
		if (r) {
			names_clear(&missing);
			names_clear(&used);
			return r < 0 ? CLI_EXIT_ENV : r;
		}
		if (ok || !missing.n)
			break;
		bool put_back = false;
		for (size_t m = 0; m < missing.n; m++) {
			for (size_t k = 0; k < n_removed; k++) {
				if (strcmp(removed[k], missing.v[m]) != 0)
					continue;
				fprintf(info,
					"trim: '%s' was unused in the first run "
					"but the verification needs it: put "
					"back\n",
					removed[k]);
				set_dropped(p, removed[k], false);
				kept[n_kept++] = removed[k];
				removed[k] = removed[--n_removed];
				put_back = true;
				break;
			}
		}
		if (!put_back)
			break;
	}

	/* 4. --deep: which used entries can fail harmlessly? */
	if (ok && a->deep) {
		for (size_t i = 0; i < n_kept; i++) {
			bool dup = false;
			for (size_t k = 0; k < n_trials; k++)
				dup |= strcmp(trials[k].name, kept[i]) == 0;
			if (dup)
				continue;
			snprintf(trials[n_trials].name,
				 sizeof(trials[n_trials].name), "%s", kept[i]);
			trials[n_trials].errnos[0] = ENOSYS;
			trials[n_trials].errnos[1] = EPERM;
			n_trials++;
		}
		run_trials(a, p, &env, trials, n_trials, &runs);
	}

	/* 5. The trimmed profile, in its own format. */
	int status = ok ? CLI_EXIT_OK : CLI_EXIT_FINDINGS;
	if (ok) {
		cleanup_free char *text = NULL;
		if (writer_trimmed(p, &text) < 0)
			return CLI_EXIT_ENV;
		if (a->in_place) {
			char backup[4096];
			snprintf(backup, sizeof(backup), "%s.orig", p->path);
			int w = util_write_file_atomic(backup, p->text,
						       strlen(p->text));
			if (w < 0) {
				cli_error("cannot write %s: %s", backup,
					  strerror(-w));
				return CLI_EXIT_USAGE;
			}
			status = cli_write_output(p->path, text);
		} else {
			status = cli_write_output(a->out ? a->out : "-", text);
		}
	}

	/* 6. The report. */
	double seconds = now() - start;
	qsort(removed, n_removed, sizeof(char *), cmp_str);
	fprintf(info,
		"trim: %s: %zu names; %zu removed, %zu kept, %zu added, %zu "
		"not judged; %zu runs in %.2f s\n",
		p->path, total, n_removed, n_kept, n_added, n_unjudged, runs,
		seconds);
	fprintf(info, "  removed (unnecessary):");
	for (size_t i = 0; i < n_removed; i++)
		if (i == 0 || strcmp(removed[i], removed[i - 1]) != 0)
			fprintf(info, " %s", removed[i]);
	fprintf(info, "\n");
	for (size_t i = 0; i < n_trials; i++) {
		if (trials[i].tolerated <= 0)
			continue;
		const char *e =
			profile_errno_name((uint32_t)trials[i].tolerated);
		char hint[256];
		if (p->format == PROFILE_FORMAT_OCI)
			snprintf(hint, sizeof(hint),
				 "{\"names\": [\"%s\"], \"action\": "
				 "\"SCMP_ACT_ERRNO\", \"errnoRet\": %d}",
				 trials[i].name, trials[i].tolerated);
		else
			snprintf(hint, sizeof(hint), "%s errno=%s",
				 trials[i].name, e);
		fprintf(info,
			"  tolerated: %s fails harmlessly with %s; consider %s "
			"instead of allowing it\n",
			trials[i].name, e, hint);
	}
	if (n_unjudged)
		fprintf(info,
			"  not judged: %zu names in rules for other "
			"capabilities or arches, or unknown here (kept)\n",
			n_unjudged);
	if (!ok) {
		fprintf(stderr,
			"%s: the trimmed profile fails a workload (%s); nothing "
			"written",
			cli_program, outcome);
		for (size_t m = 0; m < missing.n; m++)
			fprintf(stderr, "%s%s",
				m ? " " : "; missing: ", missing.v[m]);
		fprintf(stderr, "\n");
	}
	names_clear(&missing);
	names_clear(&used);

	if (a->json) {
		json_t *root = json_object();
		json_object_set_new(root, "schema", json_integer(1));
		json_object_set_new(root, "profile", json_string(p->path));
		json_object_set_new(root, "verified", json_boolean(ok));
		json_object_set_new(root, "unnecessary",
				    sorted_names(removed, n_removed));
		json_object_set_new(root, "used", sorted_names(kept, n_kept));
		json_object_set_new(root, "missing", json_array());
		json_object_set_new(root, "notJudged",
				    sorted_names(unjudged, n_unjudged));
		json_t *tol = json_array();
		for (size_t i = 0; i < n_trials; i++)
			if (trials[i].tolerated > 0)
				json_array_append_new(
					tol,
					json_pack("{s:s,s:s}", "name",
						  trials[i].name, "errno",
						  profile_errno_name(
							  (uint32_t)trials[i]
								  .tolerated)));
		json_object_set_new(root, "tolerated", tol);
		json_object_set_new(root, "runs",
				    json_integer((json_int_t)runs));
		json_object_set_new(root, "seconds", json_real(seconds));
		int w = cli_write_json(a->json, root);
		json_decref(root);
		if (w)
			status = w;
	}
	return status;
}

int cmd_trim(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "in-place", no_argument, NULL, 'i' },
		{ "deep", no_argument, NULL, 'd' },
		{ "learn", no_argument, NULL, 'l' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", required_argument, NULL, 'J' },
		{ "caps", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "max-procs", required_argument, NULL, 'P' },
		{ "format", required_argument, NULL, 'f' },
		{ "cases", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct trim_args a = { .timeout = 60, .jobs = 0 };
	int c;
	while ((c = getopt_long(argc, argv, "ho:j:", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'o':
			a.out = optarg;
			break;
		case 'i':
			a.in_place = true;
			break;
		case 'd':
			a.deep = true;
			break;
		case 'l':
			a.learn = true;
			break;
		case 'j':
			a.jobs = (int)strtol(optarg, &end, 10);
			if (*end || a.jobs < 1 || a.jobs > 256) {
				cli_error("-j wants 1 to 256");
				return CLI_EXIT_USAGE;
			}
			break;
		case 'J':
			a.json = optarg;
			break;
		case 'c':
			a.caps = optarg;
			break;
		case 't':
			if (cli_parse_seconds(optarg, &a.timeout))
				return CLI_EXIT_USAGE;
			break;
		case 'P':
			if (cli_parse_max_procs(optarg, &a.max_procs))
				return CLI_EXIT_USAGE;
			break;
		case 'f':
			a.format = optarg;
			break;
		case 'C':
			a.cases = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind + (a.cases ? 1 : 2) > argc ||
	    (a.cases && optind + 1 != argc)) {
		if (a.cases)
			cli_error("give --cases DIR or -- CMD, not both");
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	a.profile = argv[optind];
	a.argv = argv + optind + 1;
	if (a.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		a.jobs = n > 0 ? (int)n : 1;
	}
	int r = trim(&a);
	for (size_t i = 0; i < a.n_work; i++)
		job_clear(&a.work[i]);
	free(a.work);
	case_list_free(&a.cl);
	return r;
}
