/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "trim-deep.h"

#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pipeline.h"
#include "util.h"

static const int trial_errnos[] = { ENOSYS, EPERM };

int trim_holds(struct profile *p, const struct job *jobs, size_t n,
	       const struct profile_delta *d, bool *ok, struct run_error *err)
{
	struct run_options ro = { .delta = d };
	*ok = true;
	for (size_t k = 0; k < n && *ok; k++) {
		cleanup_pipeline_result struct pipeline_result pr;
		int r = pipeline_run(&jobs[k], p, &ro, &pr, err);
		if (r < 0)
			return r;
		*ok = !pipeline_failed(&pr);
	}
	return 0;
}

/* A network namespace of our own with its loopback up: a server in one
 * trial cannot take the port of another's. 0 or -errno. */
static int own_network(void)
{
	if (unshare(CLONE_NEWNET) < 0)
		return -errno;
	cleanup_close int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct ifreq ifr = { 0 };
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (s < 0 || ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return -errno;
	ifr.ifr_flags |= IFF_UP;
	return ioctl(s, SIOCSIFFLAGS, &ifr) < 0 ? -errno : 0;
}

/* Whether this process may make network namespaces: asked of a child. */
static bool can_isolate(void)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0)
		_exit(own_network() == 0 ? 0 : 1);
	int status;
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct deep {
	struct profile *p;
	const struct job *jobs;
	size_t n;
	const struct profile_delta *base;
	const struct trim_deep_options *o;
	struct trim_deep_result *res;
	struct run_error *err;
	size_t done, total;
};

/* base with each of names denied with errs[i]. 0 or -ENOMEM. */
static int denying(const struct deep *x, const char *const *names,
		   const int *errs, size_t k, struct profile_delta *d)
{
	int r = profile_delta_copy(d, x->base);
	for (size_t i = 0; r == 0 && i < k; i++) {
		const struct profile_action deny = { PROFILE_ACT_ERRNO,
						     (uint32_t)errs[i] };
		profile_delta_drop(d, x->p, names[i], true);
		r = profile_delta_add(d, names[i], deny);
	}
	return r;
}

struct trial {
	const char *name;
	pid_t pid; /* running: its worker */
	int tolerated; /* the errno it tolerates, 0: none (yet) */
};

/* A trial in a worker process, isolated where it can be: its own
 * supervisor, the answer in its exit status (0: every job coped). */
static pid_t start_trial(struct deep *x, const struct trial *t, int err)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	if (x->res->isolated && own_network() < 0)
		_exit(3);
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	bool ok = false;
	if (denying(x, &t->name, &err, 1, &d) < 0 ||
	    trim_holds(x->p, x->jobs, x->n, &d, &ok, x->err) < 0)
		_exit(3);
	_exit(ok ? 0 : 1);
}

static void progress(struct deep *x)
{
	x->done++;
	if (x->o->progress)
		x->o->progress(x->o->ctx, x->done, x->total);
}

/* Run the trials of one round, o->jobs at a time (one when not isolated:
 * trials of commands would share their ports). */
static void trial_round(struct deep *x, struct trial *v, size_t n, int round)
{
	size_t next = 0, running = 0;
	size_t at_once = x->res->isolated ? (size_t)x->o->jobs : 1;
	for (;;) {
		while (running < at_once && next < n) {
			struct trial *t = &v[next++];
			if (t->tolerated)
				continue;
			if ((t->pid = start_trial(x, t, trial_errnos[round])) <
			    0)
				continue;
			running++;
			x->res->runs++;
		}
		if (!running)
			return;
		/* Any child: we are a subreaper, the workloads' orphans come
		 * here too, and are reaped with the rest. */
		int status;
		pid_t pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			return;
		for (size_t i = 0; i < n; i++) {
			if (v[i].pid != pid || pid <= 0)
				continue;
			v[i].pid = 0;
			running--;
			if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
				v[i].tolerated = trial_errnos[round];
			progress(x);
		}
	}
}

/* Whether every job holds with the first k of names denied with errs. */
static int holds_with(struct deep *x, const char *const *names, const int *errs,
		      size_t k, bool *ok)
{
	cleanup_profile_delta struct profile_delta d = PROFILE_DELTA_INIT;
	int r = denying(x, names, errs, k, &d);
	if (r < 0)
		return r;
	x->res->runs++;
	return trim_holds(x->p, x->jobs, x->n, &d, ok, x->err);
}

/* The tolerated ones denied together in one run; when that fails, one by
 * one, each kept if it still holds with those kept before it. */
static int together(struct deep *x)
{
	struct trim_deep_result *res = x->res;
	size_t n = res->n_tolerated, kept = 0;
	cleanup_free const char **names = calloc(n + 1, sizeof(*names));
	cleanup_free int *errs = calloc(n + 1, sizeof(*errs));
	if (!names || !errs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		names[i] = res->tolerated[i].name;
		errs[i] = res->tolerated[i].err;
	}
	bool ok = false;
	int r = n ? holds_with(x, names, errs, n, &ok) : 0;
	if (r < 0 || ok || !n) {
		for (size_t i = 0; i < n; i++)
			res->tolerated[i].together = ok;
		res->together = ok || !n;
		return r;
	}
	for (size_t i = 0; i < n; i++) {
		names[kept] = res->tolerated[i].name;
		errs[kept] = res->tolerated[i].err;
		/* Even the first: its trial ran in a network of its own. */
		if ((r = holds_with(x, names, errs, kept + 1, &ok)) < 0)
			return r;
		res->tolerated[i].together = ok;
		kept += ok;
	}
	return 0;
}

int trim_deep(struct profile *p, const struct job *jobs, size_t n,
	      const struct profile_delta *base, char *const *names,
	      const struct trim_deep_options *o, struct trim_deep_result *ret,
	      struct run_error *err)
{
	memset(ret, 0, sizeof(*ret));
	size_t count = 0;
	while (names && names[count])
		count++;
	struct deep x = { p, jobs, n, base, o, ret, err, 0, 2 * count };
	cleanup_free struct trial *v = calloc(count + 1, sizeof(*v));
	ret->tolerated = calloc(count + 1, sizeof(*ret->tolerated));
	if (!v || !ret->tolerated) {
		trim_deep_result_clear(ret);
		return -ENOMEM;
	}
	ret->isolated = can_isolate();
	for (size_t i = 0; i < count; i++)
		v[i].name = names[i];
	for (int round = 0; round < (int)ARRAY_SIZE(trial_errnos); round++) {
		trial_round(&x, v, count, round);
		/* Those tolerated in the first round need no second. */
		for (size_t i = 0; round == 0 && i < count; i++)
			x.total -= v[i].tolerated != 0;
	}
	for (size_t i = 0; i < count; i++) {
		if (!v[i].tolerated)
			continue;
		struct trim_tolerated *t = &ret->tolerated[ret->n_tolerated++];
		snprintf(t->name, sizeof(t->name), "%s", v[i].name);
		t->err = v[i].tolerated;
	}
	int r = together(&x);
	if (r < 0)
		trim_deep_result_clear(ret);
	return r;
}

void trim_deep_result_clear(struct trim_deep_result *r)
{
	free(r->tolerated);
	memset(r, 0, sizeof(*r));
}
