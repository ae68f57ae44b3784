/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit merge — the JSON reports of the shards of one suite, combined
 * into the verdict (and reports) one unsharded run would have given. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json-util.h"
#include "suite-json.h"
#include "summary.h"
#include "util.h"

/* Reports hold every run's denials: larger than profiles may be. */
#define MERGE_MAX_REPORT (256u << 20)

/* One shard's report, read and checked. 0, or the exit status. */
static int load(const char *path, struct suite_result *ret)
{
	struct diag d = { 0 };
	cleanup_free char *text = NULL;
	size_t len;
	/* Not json_load_file: a FIFO without a writer must not hang us, nor
	 * /dev/zero fill memory. */
	int r = diag_read_file(path, MERGE_MAX_REPORT,
			       "report of 'scaudit run --json'", &text, &len,
			       &d);
	if (r < 0)
		return cli_fail(r, &d);
	if ((r = suite_result_parse_text(text, len, path, ret, &d)) < 0)
		return cli_fail(r, &d);
	return 0;
}

static int merge(struct cli_args *a)
{
	size_t n = a->n_pos;
	struct suite_result *parts = calloc(n + 1, sizeof(*parts));
	if (!parts)
		return CLI_EXIT_ENV;
	int status = 0;
	for (size_t i = 0; i < n && !status; i++)
		status = load(a->pos[i], &parts[i]);
	struct suite_result res = { 0 };
	struct diag d = { 0 };
	int r;
	if (!status && (r = suite_merge(parts, (const char *const *)a->pos, n,
					&res, &d)) < 0)
		status = cli_fail(r, &d);
	if (!status)
		status = cli_suite_outputs(&res, a);
	suite_result_clear(&res);
	for (size_t i = 0; i < n; i++)
		suite_result_clear(&parts[i]);
	free(parts);
	return status;
}

const struct cli_command cmd_merge = {
	.name = "merge",
	.summary = "combine the JSON reports of sharded runs",
	.synopsis = "REPORT.json... [options]",
	.about = "Combine the --json reports of 'scaudit run --shard I/N' "
		 "into one verdict: the\none an unsharded run would give, "
		 "exposures included. Give the gates\n(--fail-on-unnecessary, "
		 "--max-dangerous-unused) to merge: each shard sees\nits "
		 "cases only.",
	.exit_status = "Exit status: as run's: 0 the profiles hold, 1 "
		       "findings, 2 bad usage or input\n(a shard missing) or "
		       "--max-dangerous-unused not judged, 3 this system.",
	.opts = CLI_OPT(JSON) | CLI_OPT(JUNIT) | CLI_OPT(SARIF) |
		CLI_OPT(MARKDOWN) | CLI_OPT(HTML) | CLI_OPT(CODEQUALITY) |
		CLI_OPT(FAIL_ON_UNNECESSARY) | CLI_OPT(MAX_DANGEROUS_UNUSED) |
		CLI_OPT(COLOR),
	.help[CLI_OPT_MAX_DANGEROUS_UNUSED] = CLI_SUITE_HELP_GATE,
	.help[CLI_OPT_COLOR] = CLI_SUITE_HELP_COLOR,
	.min_pos = 1,
	.max_pos = (size_t)-1,
	.run = merge,
};
