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
#include "strv.h"

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
	struct strv args; /* the runtime's command line */
	char arg_root[PATH_MAX + 8], arg_bundle[PATH_MAX + 8];
	char arg_profile[PATH_MAX + 32];
};

#define CONTAINER_INIT                                                         \
	{                                                                      \
		.listen_fd = -1, .args = STRV_INIT                             \
	}

/* Find j's runtime, make the directory and the listening socket, and the
 * runtime's command line: `runc|crun --root D/state run --bundle D/bundle
 * ID`, or for podman `podman run --rm --name ID --runtime runc
 * --security-opt seccomp=D/seccomp.json` with j's caps, no_new_privs and
 * bound, the image and the command. 0, or -ENOENT (the runtime is not
 * installed: d says which and how to get it), -errno with d saying what
 * failed. */
int container_open(const struct job *j, struct container *c, struct diag *d);

/* Write config (taken) as the bundle's config.json. 0 or -errno. */
int container_write_config(struct container *c, json_t *config);

/* podman: write the profile (taken) where --security-opt seccomp= names
 * it. 0 or -errno. */
int container_write_profile(struct container *c, json_t *seccomp);

/* Wait (at most timeout_ms) for the runtime to hand over the listener
 * while pid, the runtime, runs: 0 with the fd and the container's init
 * pid; -ECHILD when the runtime ended first, -EINTR when SIGINT, SIGTERM
 * or SIGHUP waits on sigfd (the supervisor's, left unread), -ETIMEDOUT,
 * -EPROTO for a message without an fd, -errno. */
int container_accept(struct container *c, pid_t pid, int sigfd, int timeout_ms,
		     int *ret_fd, pid_t *ret_init);

/* Delete the container, the socket and the directory. Idempotent. */
void container_close(struct container *c);
