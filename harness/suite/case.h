/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* case — test cases for a profile, as INI files (read with libinih): one
 * or more [case NAME] sections, each a workload with its expectations.
 *
 *   [case date-utc]
 *   profile = ../fixtures/profiles/date.list
 *   command = date -u
 *   expect-exit = 0
 *   expect-syscalls = expected/date.list   ; optional
 *   expect-denied = ptrace mount           ; negative checks
 *   timeout = 10
 *   caps = none
 *   env = TZ=UTC LANG=C
 *   cwd = .
 *   stdin = /dev/null
 *   stdout = file          ; file (default), pipe, tty, null, inherit
 *   stderr = file
 *   repeat = 10            ; runs: what only some use is intermittent
 *
 * Paths are relative to the case file. Commands and env are split like a
 * shell's words (wordexp, no command substitution), with scaudit's
 * environment: a variable not set in it is an error that names it. The
 * command's first word, when relative with a '/' (./tool, bin/tool), is
 * found from cwd = when given (the command runs there, as a shell there
 * would find it) and else from the case file's directory; a bare name is
 * looked up on PATH. Unknown keys (with the closest known one), bad values
 * and a section with no keys are errors with file:line; the first error in
 * a file is the one reported. A case file is UTF-8 text without NUL bytes, at most
 * UTIL_MAX_FILE_SIZE bytes, with lines of at most 199 characters (libinih
 * would split a longer one) and case names of at most 44; a FIFO without a
 * writer reads as empty. The case owns its strings; case_list_free
 * releases a list. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "job.h"
#include "usage-observer.h"

struct scase {
	char *name;
	char *file;
	unsigned line; /* of the [case …] header */
	char *profile;
	unsigned profile_line;
	char **argv; /* NULL-terminated */
	int expect_exit;
	char *expect_syscalls; /* NULL when not given */
	char **expect_denied; /* NULL-terminated, may be empty */
	double timeout; /* seconds (60 when not given) */
	char *caps; /* NULL: keep */
	char **env; /* NAME=VALUE additions, NULL-terminated */
	char *cwd; /* NULL: inherit */
	char *stdin_path; /* NULL: inherit */
	enum capture_mode out, err; /* stdout, stderr (capture.h); file */
	unsigned max_procs; /* 0: run's --max-procs, if any (pidlimit.h) */
	/* isolation =; PIDNS_MODE_MAX (not given): run's --isolation. */
	enum pidns_mode isolation;
	unsigned repeat; /* runs (pipeline.h); 0: run's --repeat, or one */
	/* In a container (run/container.h): runtime =, rootfs = or bundle =
	 * (paths relative to the case file), no-new-privs =; and
	 * semantics = (profile.h) for the host too. */
	enum job_runtime runtime;
	char *rootfs, *bundle, *image;
	int no_new_privs; /* -1: not given */
	enum profile_semantics semantics;
	/* usage-backend =: how its usage is seen; USAGE_BACKEND_MAX (not
	 * given): run's --usage-backend. */
	enum usage_backend usage_backend;
};

struct case_list {
	struct scase *cases;
	size_t n, alloc;
};

/* Read one case file, appending its cases to list. Returns 0, or -EINVAL
 * with d set (file:line: what is wrong), or another -errno. */
int case_load(const char *path, struct case_list *list, struct diag *d);

/* Read every *.ini and *.case file of dir (sorted), or path itself when it
 * is a file. */
int case_load_path(const char *path, struct case_list *list, struct diag *d);

void case_list_free(struct case_list *list);
static inline void case_list_freep(struct case_list *x)
{
	case_list_free(x);
}
#define cleanup_case_list __attribute__((cleanup(case_list_freep)))

/* The job of case c: its env added to this process's, its command found
 * by the rule above (argv[0] stays as written). Returns 0, -ENOMEM, or -ENOENT/-EACCES with d
 * saying the command cannot be found (not the profile's doing). */
int case_job(const struct scase *c, struct job *ret, struct diag *d);
