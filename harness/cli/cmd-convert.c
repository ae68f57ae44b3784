/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit convert — a profile in another format (convert.h): what the
 * target cannot say is left out and named on stderr, never allowed. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "convert.h"
#include "util.h"

/* "left out: N names …: a, b, c" on stderr. */
static void note_names(const char *lead, const char *what, const struct strv *v)
{
	if (!v->n)
		return;
	fprintf(stderr, "%s: note: %s%zu name%s %s:", cli_program, lead, v->n,
		v->n == 1 ? "" : "s", what);
	for (size_t i = 0; i < v->n && i < 40; i++)
		fprintf(stderr, "%s %s", i ? "," : "", v->v[i]);
	if (v->n > 40)
		fprintf(stderr, ", … (%zu more)", v->n - 40);
	fputc('\n', stderr);
}

static int check_args(const struct cli_args *a, enum writer_format *ret)
{
	if (!a->to) {
		cli_error("no target format: give --to list, oci, go, c or "
			  "systemd");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(a->to, "strace") == 0) {
		cli_error("--to strace: an strace table records calls a run "
			  "made, it is no profile to write (use list, oci, go, "
			  "c or systemd)");
		return CLI_EXIT_USAGE;
	}
	if (writer_format_parse(a->to, ret) < 0) {
		cli_error("unknown --to '%s' (use list, oci, go, c or systemd)",
			  a->to);
		return CLI_EXIT_USAGE;
	}
	if (a->package && *ret != WRITER_GO) {
		cli_error("--package is for --to go");
		return CLI_EXIT_USAGE;
	}
	char in[PATH_MAX], out[PATH_MAX];
	if (a->output && !cli_is_stdout(a->output) &&
	    strcmp(a->pos[0], "-") != 0 && realpath(a->pos[0], in) &&
	    realpath(a->output, out) && strcmp(in, out) == 0) {
		cli_error("-o names the input itself: write the converted "
			  "profile to another file");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int convert(struct cli_args *a)
{
	enum writer_format to;
	int r = check_args(a, &to);
	if (r)
		return r;
	cleanup_profile struct profile *p = NULL;
	if ((r = cli_load_profile(a->pos[0], a->format, 0, &p)))
		return r;
	struct convert_result res;
	struct diag d = { 0 };
	if ((r = convert_profile(p, to, a->package, &res, &d)) < 0)
		return cli_fail(r, &d);
	note_names("left out: ", "allowed only under conditions",
		   &res.conditional);
	note_names("left out: ",
		   "with an action of their own the format lacks (they meet "
		   "the default)",
		   &res.own_action);
	note_names("systemd allows ",
		   "more in every allow list (@default), which the input did "
		   "not",
		   &res.systemd_default);
	if (res.default_note[0])
		fprintf(stderr, "%s: note: %s\n", cli_program,
			res.default_note);
	r = cli_write_output(a->output ? a->output : "-", res.text);
	convert_result_clear(&res);
	return r;
}

const struct cli_command cmd_convert = {
	.name = "convert",
	.summary = "write a profile in another format",
	.synopsis = "PROFILE --to FORMAT [options]",
	.about = "Read PROFILE (any format; '-' reads standard input) and "
		 "write it as a plain\nlist, OCI JSON, a Go file, a C array or "
		 "a systemd drop-in. Never wider than\nthe input: what the "
		 "format cannot say is left out and named on stderr.",
	.exit_status = "Exit status: 0 written, 2 bad usage or input.",
	.opts = CLI_OPT(TO) | CLI_OPT(OUTPUT) | CLI_OPT(PACKAGE) |
		CLI_OPT(FORMAT),
	.help[CLI_OPT_FORMAT] = "read PROFILE as F instead of detecting it",
	.help[CLI_OPT_OUTPUT] = "write to FILE (atomically) instead of stdout",
	.min_pos = 1,
	.max_pos = 1,
	.run = convert,
};
