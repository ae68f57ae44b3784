/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit bundle — write the OCI bundle a runtime would be given for a
 * profile, a rootfs (or a bundle of yours) and a command: config.json
 * with the profile as Docker hands it to runc (its includes and excludes
 * decided under --caps and this arch; nothing notified, no listener), so
 * `runc run --bundle DIR ID` runs it natively, outside scaudit. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bundle.h"
#include "cli.h"
#include "json-util.h"
#include "util.h"

static int bundle_(struct cli_args *a)
{
	if (!a->output) {
		cli_error("bundle needs -o DIR: the directory to write "
			  "config.json in");
		return CLI_EXIT_USAGE;
	}
	if (!a->runtime)
		a->runtime = JOB_RUNTIME_RUNC;
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	cleanup_job struct job j = { 0 };
	int r = cli_open_profile(a, a->pos[0], 0, NULL, &p, &env);
	if (r || (r = cli_job(a, &j)))
		return r;
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/config.json", a->output);
	if (mkdir(a->output, 0755) < 0 && errno != EEXIST) {
		cli_error("cannot make %s: %s", a->output, strerror(errno));
		return CLI_EXIT_USAGE;
	}
	if (access(path, F_OK) == 0) {
		cli_error("%s exists: scaudit does not overwrite it (give "
			  "another -o DIR)",
			  path);
		return CLI_EXIT_USAGE;
	}
	struct bundle_seccomp_options bo = { .runtime = a->runtime };
	json_t *seccomp = NULL, *config = NULL;
	struct diag d = { 0 };
	if ((r = bundle_seccomp(p, NULL, &bo, &seccomp, NULL)) < 0 ||
	    (r = bundle_config(&j, seccomp, &config, &d)) < 0)
		return cli_fail(r, d.message[0] ? &d : NULL);
	cleanup_json json_t *doc = config;
	if ((r = cli_write_json(path, doc)))
		return r;
	fprintf(stderr,
		"scaudit: wrote %s; run it with: %s run --bundle %s ID\n", path,
		job_runtime_name(a->runtime), a->output);
	return 0;
}

const struct cli_command cmd_bundle = {
	.name = "bundle",
	.summary = "write the OCI bundle a runtime would be given",
	.synopsis = "PROFILE (--rootfs DIR | --bundle DIR) -o DIR [options] "
		    "-- CMD [ARG...]",
	.about = "Write DIR/config.json: CMD in a container of --rootfs (or of "
		 "your --bundle, only read), with PROFILE as Docker hands it "
		 "to the runtime (includes and excludes decided under --caps, "
		 "Docker's default set unless given). Run it natively with "
		 "`runc run --bundle DIR ID` to compare with what check says.",
	.exit_status = "Exit status: 0 written; 2 bad usage or input.",
	.opts = CLI_OPT(CAPS) | CLI_OPT(FORMAT) | CLI_OPT(OUTPUT) |
		CLI_OPT(RUNTIME) | CLI_OPT(ROOTFS) | CLI_OPT(BUNDLE) |
		CLI_OPT(NO_NEW_PRIVS) | CLI_OPT(MAX_PROCS),
	.min_pos = 1,
	.max_pos = 1,
	.command = CLI_CMD_REQUIRED,
	.no_command = "no command for the container: give it after '--'",
	.run = bundle_,
};
