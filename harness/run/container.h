/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* container — a run inside a real container runtime (runc, crun): a
 * private temporary directory holds the bundle (config.json from
 * bundle.h; the rootfs stays where the user keeps it), the runtime's
 * state (--root) and the socket its listenerPath names. The runtime
 * loads the rewritten profile in the container's init, connects to the
 * socket and sends the container's state with the listener fd
 * (SCM_RIGHTS); from then on the supervisor answers every call as the
 * profile would. The init's calls before it executes the workload are
 * the runtime's own start ("runc's init needs fstatfs").
 *
 * Nothing is left behind: container_close deletes the container
 * (`RUNTIME delete --force`) and the directory, whatever happened. */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"
#include "job.h"

typedef struct json_t json_t;

struct container {
	enum job_runtime runtime;
	char program[PATH_MAX]; /* the runtime's executable */
	char dir[PATH_MAX]; /* ours: bundle/, state/, agent.sock */
	char socket[PATH_MAX];
	char id[64];
	int listen_fd;
	/* crun refuses hybrid cgroups (v1 controllers and a cgroup2 mount
	 * beside them): it runs in a mount namespace of its own without the
	 * cgroup2 mount (runner_spec.hide_mount), on v1 as runc does. */
	const char *hide_mount;
	char *argv[12]; /* the runtime's command line (points into us) */
	char arg_root[PATH_MAX + 8], arg_bundle[PATH_MAX + 8];
};

#define CONTAINER_INIT                                                         \
	{                                                                      \
		.listen_fd = -1                                                \
	}

/* Find the runtime, make the directory and the listening socket. 0, or
 * -ENOENT (the runtime is not installed: d says which and how to get
 * it), -errno with d saying what failed. */
int container_open(enum job_runtime runtime, struct container *c,
		   struct diag *d);

/* Write config (taken) as the bundle's config.json. 0 or -errno. */
int container_write_config(struct container *c, json_t *config);

/* Wait (at most timeout_ms) for the runtime to hand over the listener
 * while pid, the runtime, runs: 0 with the fd and the container's init
 * pid; -ECHILD when the runtime ended first, -ETIMEDOUT, -EPROTO for a
 * message without an fd, -errno. */
int container_accept(struct container *c, pid_t pid, int timeout_ms,
		     int *ret_fd, pid_t *ret_init);

/* Delete the container, the socket and the directory. Idempotent. */
void container_close(struct container *c);
