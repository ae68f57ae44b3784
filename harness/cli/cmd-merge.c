/* scaudit merge — the JSON reports of the shards of one suite, combined
 * into the verdict (and reports) one unsharded run would have given. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suite.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s merge REPORT.json... [--json F] [--junit F] "
		"[--sarif F]\n"
		"                   [--markdown F] [--fail-on-unnecessary]\n"
		"\n"
		"Combine the --json reports of 'scaudit run --shard I/N' into "
		"one verdict.\n",
		cli_program);
}

/* Reports hold every run's denials: larger than profiles may be. */
#define MERGE_MAX_REPORT (256u << 20)

int cmd_merge(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_SUITE_REPORT_OPTIONS,
		{ "fail-on-unnecessary", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cli_suite_reports rep = { 0 };
	bool fail_unn = false;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (cli_suite_report_option(c, optarg, &rep))
			continue;
		switch (c) {
		case 'F':
			fail_unn = true;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	size_t n = (size_t)(argc - optind);
	json_t **docs = calloc(n, sizeof(*docs));
	if (!docs)
		return CLI_EXIT_ENV;
	int status = 0;
	for (size_t i = 0; i < n && !status; i++) {
		const char *path = argv[optind + (int)i];
		struct diag d = { 0 };
		char *text = NULL, why[200];
		size_t len;
		json_error_t err;
		/* Not json_load_file: a FIFO without a writer must not hang
		 * us, nor /dev/zero fill memory. */
		if (diag_read_file(path, MERGE_MAX_REPORT,
				   "report of 'scaudit run --json'", &text,
				   &len, &d) == 0 &&
		    !(docs[i] = json_loadb(text, len, 0, &err)))
			diag_set(&d, -EINVAL, path,
				 err.line < 0 ? 0 : (unsigned)err.line,
				 err.column < 0 ? 0 : (unsigned)err.column,
				 "%s", err.text);
		else if (docs[i] &&
			 suite_doc_check(docs[i], why, sizeof(why)) < 0)
			diag_set(&d, -EINVAL, path, 0, 0, "%s", why);
		free(text);
		if (d.message[0]) {
			cli_print_diag(&d, "error");
			status = CLI_EXIT_USAGE;
		}
	}
	/* Shards must all be there, and of one split. */
	unsigned total = 0;
	bool seen[1024] = { false };
	for (size_t i = 0; i < n && !status; i++) {
		const char *sh =
			json_string_value(json_object_get(docs[i], "shard"));
		unsigned si, st;
		if (!sh || sscanf(sh, "%u/%u", &si, &st) != 2)
			continue;
		if ((total && st != total) || st > 1023 || si < 1 || si > st) {
			cli_error("%s is shard %s, of another split",
				  argv[optind + (int)i], sh);
			status = CLI_EXIT_USAGE;
			break;
		}
		total = st;
		seen[si] = true;
	}
	for (unsigned k = 1; k <= total && !status; k++) {
		if (!seen[k]) {
			cli_error("shard %u/%u is missing: its cases would be "
				  "left out of the verdict",
				  k, total);
			status = CLI_EXIT_USAGE;
		}
	}
	if (!status) {
		json_t *doc = suite_merge(docs, n);
		status = doc ? cli_suite_outputs(doc, &rep, fail_unn)
			     : CLI_EXIT_ENV;
		json_decref(doc);
	}
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
	free(docs);
	return status;
}
