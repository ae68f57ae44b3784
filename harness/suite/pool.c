/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "pool.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "color.h"
#include "json-util.h"
#include "suite-json.h"
#include "util.h"

struct slot {
	pid_t pid;
	int fd; /* memfd the worker writes its result into */
	size_t index;
	double start;
};

struct pool {
	const struct case_list *cl;
	const struct suite_options *o;
	pool_case_fn run;
	void *arg;
	struct slot *slots;
	size_t running;
	sigset_t old; /* the mask a worker starts with */
	int sigfd; /* SIGCHLD and the interrupting signals */
	int interrupted; /* the signal, 0: none */
	double deadline; /* interrupted: when the workers left are killed */
};

/* The worker: the case's result as JSON into fd; its exit status says
 * whether it got there. */
static _Noreturn void worker(const struct pool *pl, const struct scase *c,
			     int fd)
{
	/* Ended by SIGTERM when not supervising; while it is, its
	 * supervisor reads the signal and ends the run's tree. */
	close(pl->sigfd);
	sigprocmask(SIG_SETMASK, &pl->old, NULL);
	struct suite_case_result res = { 0 };
	cleanup_free char *text = NULL;
	if (pl->run(c, pl->arg, &res) == 0) {
		cleanup_json json_t *j = suite_case_json(&res);
		text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	}
	size_t len = text ? strlen(text) : 0, off = 0;
	while (off < len) {
		ssize_t w = write(fd, text + off, len - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	_exit(text && off == len ? 0 : 3);
}

/* What the worker wrote, or that it died without a word (interrupted:
 * by what). */
static int collect(const struct slot *w, const struct scase *c, int interrupted,
		   struct suite_result *r)
{
	struct suite_case_result *cr = suite_add_case(r);
	if (!cr)
		return -ENOMEM;
	off_t size = lseek(w->fd, 0, SEEK_END);
	cleanup_free char *buf = size > 0 ? malloc((size_t)size + 1) : NULL;
	cleanup_json json_t *j = NULL;
	if (buf && pread(w->fd, buf, (size_t)size, 0) == size)
		j = json_loadb(buf, (size_t)size, 0, NULL);
	char why[200];
	if (interrupted)
		snprintf(why, sizeof(why),
			 "not run to its end: interrupted by SIG%s",
			 sigabbrev_np(interrupted));
	else
		snprintf(why, sizeof(why), "the worker died without a report");
	char bad[200];
	if (!j || suite_case_parse(j, cr, bad, sizeof(bad)) < 0) {
		suite_case_result_clear(cr);
		suite_case_error(cr, SUITE_ERROR_NONE, why);
	}
	cr->name = strdup(c->name);
	cr->file = strdup(c->file);
	cr->profile = strdup(c->profile);
	cr->line = c->line;
	cr->wall_seconds = util_now() - w->start;
	return cr->name && cr->file && cr->profile ? 0 : -ENOMEM;
}

static void progress(const struct suite_options *o, size_t done, size_t total,
		     const struct suite_case_result *c)
{
	if (!o->progress)
		return;
	if (o->live)
		fprintf(o->progress, "\r\033[K");
	const struct color *k = o->color ? o->color : color_palette(false);
	fprintf(o->progress, "%s%s%s %zu - %s (%s, %.2f s)",
		c->passed ? k->good : k->bad, c->passed ? "ok" : "not ok",
		k->off, done, c->name, verdict_outcome_name(c->run.outcome),
		c->wall_seconds);
	/* Why, on the line a CI log shows: TAP takes text after the
	 * description, a '#' escaped (it would start a directive). */
	if (!c->passed && c->run.reason[0]) {
		fputs(": ", o->progress);
		for (const char *s = c->run.reason; *s; s++) {
			if (*s == '#' || *s == '\\')
				fputc('\\', o->progress);
			fputc(*s == '\n' ? ' ' : *s, o->progress);
		}
	}
	fputc('\n', o->progress);
	if (o->live && done < total)
		fprintf(o->progress, "[%zu/%zu] running…", done, total);
	fflush(o->progress);
}

static int start(struct pool *pl, size_t ci)
{
	const struct scase *c = &pl->cl->cases[ci];
	int fd = memfd_create("scaudit-case", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	pid_t pid = fork();
	if (pid == 0)
		worker(pl, c, fd);
	if (pid < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	pl->slots[pl->running++] = (struct slot){ pid, fd, ci, util_now() };
	return 0;
}

/* Worker pid ended: take its result. */
static int take(struct pool *pl, pid_t pid, struct suite_result *r,
		size_t *done, size_t total)
{
	for (size_t k = 0; k < pl->running; k++) {
		if (pl->slots[k].pid != pid)
			continue;
		const struct scase *c = &pl->cl->cases[pl->slots[k].index];
		int e = collect(&pl->slots[k], c, pl->interrupted, r);
		close(pl->slots[k].fd);
		pl->slots[k] = pl->slots[--pl->running];
		if (e < 0)
			return e;
		progress(pl->o, ++*done, total, &r->cases[r->n_cases - 1]);
		break;
	}
	return 0;
}

/* Interrupted: every worker is told at once (the same signal: its
 * supervisor reads it); those still there at the deadline are killed. */
static void interrupt(struct pool *pl, int sig)
{
	pl->interrupted = sig;
	pl->deadline = util_now() + POOL_GRACE_SECONDS;
	for (size_t k = 0; k < pl->running; k++)
		kill(pl->slots[k].pid, sig);
}

/* Until a worker ends or a signal comes: take what ended. */
static int wait_events(struct pool *pl, struct suite_result *r, size_t *done,
		       size_t total)
{
	int ms = -1;
	if (pl->interrupted) {
		double left = pl->deadline - util_now();
		ms = left > 0 ? (int)(left * 1000) + 1 : 0;
	}
	struct pollfd p = { pl->sigfd, POLLIN, 0 };
	if (poll(&p, 1, ms) < 0 && errno != EINTR)
		return -errno;
	struct signalfd_siginfo si;
	while (read(pl->sigfd, &si, sizeof(si)) == sizeof(si))
		if (si.ssi_signo != SIGCHLD && !pl->interrupted)
			interrupt(pl, (int)si.ssi_signo);
	if (pl->interrupted && util_now() >= pl->deadline)
		for (size_t k = 0; k < pl->running; k++)
			kill(pl->slots[k].pid, SIGKILL);
	pid_t pid;
	while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
		int e = take(pl, pid, r, done, total);
		if (e < 0)
			return e;
	}
	return 0;
}

/* Interrupted: the cases never started, each "not run". */
static int not_run(struct pool *pl, size_t next, struct suite_result *r,
		   size_t *done, size_t total)
{
	char why[64];
	snprintf(why, sizeof(why), "not run: interrupted by SIG%s",
		 sigabbrev_np(pl->interrupted));
	for (size_t i = next; i < pl->cl->n; i++) {
		const struct scase *c = &pl->cl->cases[i];
		if (!suite_in_shard(pl->o, i))
			continue;
		struct suite_case_result *cr = suite_add_case(r);
		if (!cr)
			return -ENOMEM;
		suite_case_error(cr, SUITE_ERROR_NONE, why);
		cr->name = strdup(c->name);
		cr->file = strdup(c->file);
		cr->profile = strdup(c->profile);
		cr->line = c->line;
		if (!cr->name || !cr->file || !cr->profile)
			return -ENOMEM;
		progress(pl->o, ++*done, total, cr);
	}
	return 0;
}

static int run_all(struct pool *pl, struct suite_result *r)
{
	const struct suite_options *o = pl->o;
	size_t next = 0, done = 0, total = 0;
	for (size_t i = 0; i < pl->cl->n; i++)
		total += suite_in_shard(o, i);
	fflush(NULL);
	while (done < total) {
		while (!pl->interrupted && pl->running < (size_t)o->jobs &&
		       next < pl->cl->n) {
			size_t ci = next++;
			if (!suite_in_shard(o, ci))
				continue;
			int e = start(pl, ci);
			if (e < 0)
				return e;
		}
		if (pl->interrupted && !pl->running)
			return not_run(pl, next, r, &done, total);
		int e = wait_events(pl, r, &done, total);
		if (e < 0)
			return e;
	}
	return 0;
}

int pool_run(const struct case_list *cl, const struct suite_options *o,
	     pool_case_fn run, void *arg, struct suite_result *r)
{
	struct pool pl = { .cl = cl, .o = o, .run = run, .arg = arg };
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, &pl.old) < 0)
		return -errno;
	pl.sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	pl.slots = calloc((size_t)o->jobs + 1, sizeof(*pl.slots));
	int e = pl.sigfd < 0 ? -errno : pl.slots ? 0 : -ENOMEM;
	if (e == 0)
		e = run_all(&pl, r);
	/* On an error, whatever still runs is ended (and its tree). */
	for (size_t k = 0; k < pl.running; k++) {
		kill(pl.slots[k].pid, SIGKILL);
		waitpid(pl.slots[k].pid, NULL, 0);
		close(pl.slots[k].fd);
	}
	free(pl.slots);
	if (pl.sigfd >= 0)
		close(pl.sigfd);
	sigprocmask(SIG_SETMASK, &pl.old, NULL);
	r->interrupted = pl.interrupted;
	return e;
}
