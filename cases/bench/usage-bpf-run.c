/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* usage-bpf-run — scripts/bench's driver of the kernel-side usage counter
 * (harness/run/usage-bpf.h), until the run path opens it itself:
 *
 *   usage-bpf-run [-k K] [-o] -- CMD [ARG...]
 *       K counters (default 1), each on a fresh cgroup v2 of its own; CMD
 *       runs in the first cgroup (-o: in none of them, to time what an
 *       unrelated process pays), then the first counter's native bits
 *       are counted. K = 0: the same fork and cgroup, no counter (the
 *       baseline). Prints "counted N native syscalls" to stderr; exits
 *       with CMD's status.
 *   usage-bpf-run -f N
 *       The fixed cost, N times: make the cgroup, open (load, attach),
 *       read, free, remove it; prints the medians in ms.
 * Exit 77 when the counter is not available here, saying why. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup2.h"
#include "usage-bpf.h"

#define MAX_COUNTERS 16

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static int unavailable(const char *what, const char *why)
{
	fprintf(stderr, "usage-bpf-run: %s: %s\n", what, why);
	return 77;
}

static int fixed_cost(int n)
{
	double *t[4];
	for (int k = 0; k < 4; k++)
		if (!(t[k] = calloc((size_t)n, sizeof(double))))
			return 1;
	uint8_t bits[128];
	char why[USAGE_BPF_REASON_MAX] = "";
	for (int i = 0; i < n; i++) {
		struct cgroup2 cg;
		struct usage_bpf *u;
		double t0 = now();
		int r = cgroup2_open(&cg);
		if (r < 0)
			return unavailable("cgroup v2", strerror(-r));
		double t1 = now();
		if (usage_bpf_open(cg.dir_fd, &u, why, sizeof(why)) < 0) {
			cgroup2_close(&cg);
			return unavailable("counter", why);
		}
		double t2 = now();
		usage_bpf_read(u, bits, sizeof(bits));
		usage_bpf_free(u);
		double t3 = now();
		cgroup2_close(&cg);
		double t4 = now();
		t[0][i] = t1 - t0;
		t[1][i] = t2 - t1;
		t[2][i] = t3 - t2;
		t[3][i] = t4 - t0;
	}
	printf("cgroup %.3f ms, open+attach %.3f ms, read+free %.3f ms, "
	       "all with the cgroup's removal %.3f ms (medians of %d)\n",
	       median(t[0], n) * 1e3, median(t[1], n) * 1e3,
	       median(t[2], n) * 1e3, median(t[3], n) * 1e3, n);
	/* One counter kept, pointed at each run's cgroup in turn. */
	struct cgroup2 cg;
	struct usage_bpf *u;
	if (cgroup2_open(&cg) < 0)
		return unavailable("cgroup v2", "cannot make one");
	if (usage_bpf_open(cg.dir_fd, &u, why, sizeof(why)) < 0) {
		cgroup2_close(&cg);
		return unavailable("counter", why);
	}
	for (int i = 0; i < n; i++) {
		double t0 = now();
		cgroup2_close(&cg);
		if (cgroup2_open(&cg) < 0 ||
		    usage_bpf_reset(u, cg.dir_fd, why, sizeof(why)) < 0) {
			usage_bpf_free(u);
			cgroup2_close(&cg);
			return unavailable("reset", why);
		}
		usage_bpf_read(u, bits, sizeof(bits));
		t[0][i] = now() - t0;
	}
	usage_bpf_free(u);
	cgroup2_close(&cg);
	printf("reset for the next run (cgroup removed and made, reset, read) "
	       "%.3f ms\n",
	       median(t[0], n) * 1e3);
	for (int k = 0; k < 4; k++)
		free(t[k]);
	return 0;
}

static int counted_run(int k, int outside, char **cmd)
{
	struct cgroup2 cg[MAX_COUNTERS + 1];
	struct usage_bpf *u[MAX_COUNTERS] = { 0 };
	char why[USAGE_BPF_REASON_MAX] = "";
	int ncg = k > 0 ? k : 1;
	for (int i = 0; i < ncg; i++) {
		int r = cgroup2_open(&cg[i]);
		if (r < 0)
			snprintf(why, sizeof(why), "cgroup v2: %s",
				 strerror(-r));
		else if (i < k)
			r = usage_bpf_open(cg[i].dir_fd, &u[i], why,
					   sizeof(why));
		if (r < 0) {
			for (int j = 0; j <= i; j++) {
				usage_bpf_free(u[j]);
				cgroup2_close(&cg[j]);
			}
			return unavailable("counter", why);
		}
	}
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (!outside && cgroup2_enter(&cg[0]) < 0)
			_exit(126);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	if (k > 0) {
		uint8_t bits[128];
		fprintf(stderr, "counted %d native syscalls\n",
			usage_bpf_read(u[0], bits, sizeof(bits)));
	}
	for (int i = 0; i < ncg; i++) {
		usage_bpf_free(u[i]);
		cgroup2_close(&cg[i]);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(int argc, char **argv)
{
	int k = 1, outside = 0, fixed = 0, c;
	while ((c = getopt(argc, argv, "+k:of:")) != -1) {
		switch (c) {
		case 'k':
			k = atoi(optarg);
			break;
		case 'o':
			outside = 1;
			break;
		case 'f':
			fixed = atoi(optarg);
			break;
		default:
			return 2;
		}
	}
	if (fixed > 0)
		return fixed_cost(fixed);
	if (optind >= argc || k < 0 || k > MAX_COUNTERS) {
		fprintf(stderr, "usage: usage-bpf-run [-k K] [-o] -- CMD...\n"
				"       usage-bpf-run -f N\n");
		return 2;
	}
	return counted_run(k, outside, argv + optind);
}
