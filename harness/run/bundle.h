/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bundle — the OCI bundle scaudit hands a runtime (run/container.h): its
 * config.json, from the user's bundle (read, never written) or from a
 * template for a bare rootfs, with the job's command, capabilities,
 * no_new_privs and process bound, and the profile as the runtime is to
 * load it: every call the profile does not simply allow (all of them
 * when usage is observed) rewritten to SCMP_ACT_NOTIFY, served at
 * listenerPath by the supervisor, which answers each with what the
 * profile's own filter would do (the exact program, runc's stub
 * included). What a runtime refuses to notify (and what filter.h never
 * watches) keeps the profile's own
 * rules and is not observed: runc refuses `write` (its init writes to
 * its parent before the listener is handed over). */
#pragma once

#include <stdbool.h>

#include "diag.h"
#include "filter.h"
#include "job.h"
#include "profile.h"
#include "strv.h"

typedef struct json_t json_t;

struct bundle_seccomp_options {
	/* The socket the runtime hands the fd to; NULL: the profile as it
	 * is, nothing notified (what Docker would hand the runtime). */
	const char *listener;
	bool usage; /* notify allowed calls too */
	char *const *watch; /* notified even where allowed; may be NULL */
	enum job_runtime runtime;
	const struct profile_delta *delta; /* the filter's edits; may be NULL */
};

/* The profile p (evaluated), whose exact program is f's, as the runtime
 * is given it: a new linux.seccomp object into *ret. The names left to
 * the runtime (never notified, so never seen) are appended to
 * unobserved. 0 or -ENOMEM. */
int bundle_seccomp(const struct profile *p, const struct filter *f,
		   const struct bundle_seccomp_options *o, json_t **ret,
		   struct strv *unobserved);

/* Whether a runtime refuses SCMP_ACT_NOTIFY for name. */
bool bundle_notify_refused(enum job_runtime runtime, const char *name);

/* A name the runtime's init must make after loading the filter, which
 * it refuses to let be notified, and f (p's exact program) does not allow
 * whatever its arguments: runc's write. The container cannot start (runc
 * exits 1 natively), and scaudit would never get the listener. NULL:
 * none. */
const char *bundle_start_blocked(const struct profile *p,
				 const struct filter *f,
				 enum job_runtime runtime);

/* What the user's bundle in dir says of itself: its capabilities as a
 * caps spec ("CAP_A,CAP_B", or "none"; its effective set, else its
 * bounding set) into caps, and whether it has a linux.seccomp of its
 * own. 0, or -errno with d located in its config.json. */
int bundle_read_own(const char *dir, char *caps, size_t size, bool *has_seccomp,
		    struct diag *d);

/* config.json for j into *ret: the bundle's (j->container.bundle) or the
 * template's around j->container.rootfs, with seccomp (stolen) as its
 * linux.seccomp. -EINVAL/-ENOENT with d located in the bundle's
 * config.json when it cannot be read, -ENOMEM. */
int bundle_config(const struct job *j, json_t *seccomp, json_t **ret,
		  struct diag *d);
