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

#include "classify.h"
#include "cli.h"
#include "session.h"
#include "syscalls.h"
#include "util.h"
#include "writer.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s trim PROFILE [-o FILE | --in-place] [--deep] [-j N] "
		"[--json FILE]\n"
		"               [--caps SET] [--timeout S] [--format F] -- CMD "
		"[ARG...]\n"
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
		"\n"
		"Exit status: 0 trimmed and verified, 1 the workload fails under "
		"the profile or\n"
		"the trimmed one, 2 bad usage or input, 3 this system cannot "
		"run it.\n",
		cli_program);
}

struct trim_args {
	const char *profile, *out, *json, *caps, *format;
	bool in_place, deep, learn;
	int jobs;
	double timeout;
	char **argv;
	char path[4096];
};

struct trial {
	char name[64];
	int errnos[2];
	int tolerated; /* the errno it tolerates, 0: none */
};

static bool used_name(const struct sv_result *r, const char *name)
{
	for (size_t i = 0; i < r->n_denials; i++)
		if (!r->denials[i].launcher &&
		    r->denials[i].action.type == PROFILE_ACT_ALLOW &&
		    strcmp(r->denials[i].name, name) == 0)
			return true;
	return false;
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

/* One run under p: did the workload end well, with no missing entry?
 * Fills missing (names, space separated) when it did not. */
static int verify(const struct trim_args *a, const struct profile *p,
		  const struct profile_env *env, bool report_errors, bool *ok,
		  char *missing, size_t size, char *outcome, size_t osize)
{
	struct session_spec spec = {
		.profile = p,
		.path = a->path,
		.argv = a->argv,
		.set_caps = a->caps && strcmp(a->caps, "keep") != 0,
		.caps = env->caps,
		.timeout = a->timeout,
		.quiet = true, /* trim's output may be stdout */
	};
	struct sv_result res;
	enum session_failure sf;
	struct runner_failure fail;
	struct diag d = { 0 };
	int r = session_run(&spec, &res, &sf, &fail, &d);
	if (r < 0)
		return report_errors
			       ? cli_session_error(r, sf, &fail, &d, a->argv[0])
			       : r;
	struct classify_expect ce = { 0 };
	struct verdict v;
	if (classify_run(&res, &ce, &v) < 0) {
		sv_result_clear(&res);
		return -ENOMEM;
	}
	*ok = !verdict_has_findings(&v);
	if (missing) {
		missing[0] = '\0';
		for (size_t i = 0; i < res.n_denials; i++)
			if (v.classes[i] == CLASS_MISSING &&
			    res.denials[i].name[0])
				snprintf(missing + strlen(missing),
					 size - strlen(missing), "%s%s",
					 missing[0] ? " " : "",
					 res.denials[i].name);
	}
	if (outcome)
		snprintf(outcome, osize, "%s", outcome_name(v.outcome));
	verdict_clear(&v);
	sv_result_clear(&res);
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
	int rc = verify(a, p, env, false, &ok, NULL, 0, NULL, 0);
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

static int trim(struct trim_args *a)
{
	double start = now();
	if (a->in_place && a->out) {
		cli_error("give -o FILE or --in-place, not both");
		return CLI_EXIT_USAGE;
	}
	struct profile_env env;
	int r = cli_env(a->caps, NULL, &env);
	if (r)
		return r;
	cleanup_profile struct profile *p = NULL;
	if ((r = cli_load_profile(a->profile, a->format, 0, &p)))
		return r;
	profile_evaluate(p, &env);
	if ((r = cli_find_program(a->argv[0], a->path, sizeof(a->path))))
		return r;
	FILE *info = a->out || a->in_place ? stdout : stderr;
	if (a->json && strcmp(a->json, "-") == 0)
		info = stderr;

	/* 1. One run, every call seen, the profile's decisions carried out. */
	struct session_spec spec = {
		.profile = p,
		.path = a->path,
		.argv = a->argv,
		.set_caps = a->caps && strcmp(a->caps, "keep") != 0,
		.caps = env.caps,
		.notify_all = true,
		.learn = a->learn,
		.timeout = a->timeout,
		.quiet = true,
	};
	struct sv_result res;
	enum session_failure sf;
	struct runner_failure fail;
	struct diag d = { 0 };
	r = session_run(&spec, &res, &sf, &fail, &d);
	if (r < 0)
		return cli_session_error(r, sf, &fail, &d, a->argv[0]);
	size_t runs = 1;
	struct classify_expect ce = { .learn = a->learn };
	struct verdict v;
	if (classify_run(&res, &ce, &v) < 0) {
		sv_result_clear(&res);
		return CLI_EXIT_ENV;
	}
	size_t total = profile_count_names(p), n_added = 0;
	for (size_t i = 0; a->learn && i < res.n_denials; i++) {
		const struct sv_denial *e = &res.denials[i];
		if (v.classes[i] != CLASS_MISSING || !e->name[0])
			continue;
		struct profile_rule *nr = profile_add_rule(p);
		if (!nr ||
		    !profile_rule_add_name(nr, e->name, p->default_loc)) {
			verdict_clear(&v);
			sv_result_clear(&res);
			return CLI_EXIT_ENV;
		}
		nr->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
		nr->added = true;
		nr->active = true;
		n_added++;
		fprintf(info, "trim: '%s' is missing: added (--learn)\n",
			e->name);
	}
	if (!a->learn && v.outcome != OUTCOME_PASSED &&
	    v.outcome != OUTCOME_PASSED_TOLERATED) {
		fprintf(stderr,
			"%s: the workload already fails under %s: %s — %s\n"
			"  add what it names first, or trim with --learn to add "
			"it in the same step\n",
			cli_program, p->path, outcome_name(v.outcome),
			v.reason);
		verdict_clear(&v);
		sv_result_clear(&res);
		return CLI_EXIT_FINDINGS;
	}
	verdict_clear(&v);

	/* 2. Allowed entries nobody used are unnecessary. */
	size_t all = profile_count_names(p) + 1;
	cleanup_free char **removed = calloc(all, sizeof(char *));
	cleanup_free char **kept = calloc(all, sizeof(char *));
	cleanup_free char **unjudged = calloc(all, sizeof(char *));
	cleanup_free struct trial *trials = calloc(all, sizeof(*trials));
	if (!removed || !kept || !unjudged || !trials) {
		sv_result_clear(&res);
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
			if (rule->added || used_name(&res, nm->name)) {
				kept[n_kept++] = nm->name;
				continue;
			}
			nm->dropped = true;
			removed[n_removed++] = nm->name;
		}
	}
	sv_result_clear(&res);

	/* 3. Verify under the trimmed profile; put back what it names. */
	char missing[1024] = "", outcome[64] = "";
	bool ok = false;
	int rounds = 0;
	for (; rounds < 4; rounds++) {
		runs++;
		r = verify(a, p, &env, true, &ok, missing, sizeof(missing),
			   outcome, sizeof(outcome));
		if (r)
			return r;
		if (ok || !missing[0])
			break;
		bool put_back = false;
		char *save = NULL;
		for (char *m = strtok_r(missing, " ", &save); m;
		     m = strtok_r(NULL, " ", &save)) {
			for (size_t k = 0; k < n_removed; k++) {
				if (strcmp(removed[k], m) != 0)
					continue;
				fprintf(info,
					"trim: '%s' was unused in the first run "
					"but the verification needs it: put "
					"back\n",
					m);
				set_dropped(p, m, false);
				removed[k] = removed[--n_removed];
				kept[n_kept++] = (char *)m;
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
	if (!ok)
		fprintf(stderr,
			"%s: the trimmed profile fails the workload (%s%s%s); "
			"nothing written\n",
			cli_program, outcome, missing[0] ? ", missing: " : "",
			missing);

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
		cleanup_free char *text = json_dumps(root, JSON_INDENT(2));
		json_decref(root);
		int w = text ? cli_write_output(a->json, text) : CLI_EXIT_ENV;
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
		{ "format", required_argument, NULL, 'f' },
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
			a.timeout = strtod(optarg, &end);
			if (*end || a.timeout < 0) {
				cli_error("--timeout wants seconds");
				return CLI_EXIT_USAGE;
			}
			break;
		case 'f':
			a.format = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind + 2 > argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	a.profile = argv[optind];
	a.argv = argv + optind + 1;
	if (a.jobs == 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		a.jobs = n > 0 ? (int)n : 1;
	}
	return trim(&a);
}
