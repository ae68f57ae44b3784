/* cli — what the subcommands share: exit statuses, loading a profile with
 * its errors printed, the profile's evaluation environment from --caps and
 * --arch. Only the CLI layer (main.c, cmd-*.c) prints. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "session.h"

enum cli_exit {
	CLI_EXIT_OK = 0, /* the profile holds */
	CLI_EXIT_FINDINGS = 1, /* findings */
	CLI_EXIT_USAGE = 2, /* bad usage or bad input */
	CLI_EXIT_ENV = 3, /* the environment cannot run it / internal */
};

extern const char *cli_program;

/* "scaudit: error: …" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_print_diag(const struct diag *d, const char *severity);

/* Load path; on failure print the located error and return the exit
 * status (CLI_EXIT_USAGE for bad input). format may be NULL (detect). */
int cli_load_profile(const char *path, const char *format, unsigned flags,
		     struct profile **ret);

/* The start of every command that judges a profile: the environment
 * from --caps and --arch (cli_env), the profile read (cli_load_profile)
 * and evaluated under it. 0, or the exit status (the error printed). */
int cli_open_profile(const char *path, const char *format, unsigned flags,
		     const char *caps, const char *arch, struct profile **ret,
		     struct profile_env *ret_env);

/* Build the environment from --caps (NULL: keep) and --arch (NULL:
 * native). Prints and returns CLI_EXIT_USAGE on bad values. */
int cli_env(const char *caps, const char *arch, struct profile_env *ret);

/* Write text to path ("-" for stdout) atomically. Prints on failure and
 * returns CLI_EXIT_USAGE; 0 on success. */
int cli_write_output(const char *path, const char *text);

/* Print why a session failed; returns the exit status. */
int cli_session_error(int r, enum session_failure sf,
		      const struct runner_failure *fail, const struct diag *d,
		      const char *cmd);

/* PATH lookup of argv[0]; prints and returns CLI_EXIT_USAGE when it is
 * not there ("not the profile's doing"). */
int cli_find_program(const char *name, char *buf, size_t size);

/* Reports a suite document is written to (NULL: not wanted). */
struct cli_suite_reports {
	const char *json, *junit, *sarif, *markdown;
};

/* The options every suite command takes for its reports. */
#define CLI_SUITE_REPORT_OPTIONS                                               \
	{ "json", required_argument, NULL, 'J' },                              \
		{ "junit", required_argument, NULL, 'u' },                     \
		{ "sarif", required_argument, NULL, 'S' },                     \
	{                                                                      \
		"markdown", required_argument, NULL, 'm'                       \
	}

/* Take getopt's option c if it is one of CLI_SUITE_REPORT_OPTIONS. */
bool cli_suite_report_option(int c, const char *arg,
			     struct cli_suite_reports *r);

/* Whether a report goes to stdout (people's output then goes to stderr). */
bool cli_suite_reports_to_stdout(const struct cli_suite_reports *r);

/* Summarize doc, write the reports, print the summary; the exit status. */
typedef struct json_t json_t;
int cli_suite_outputs(json_t *doc, const struct cli_suite_reports *r,
		      bool fail_on_unnecessary);

/* --timeout's value: seconds, >= 0. Prints and returns CLI_EXIT_USAGE. */
int cli_parse_seconds(const char *s, double *ret);

/* --max-procs's value: 1..1000000 (how many processes and threads a run
 * may have). Prints and returns CLI_EXIT_USAGE. */
int cli_parse_max_procs(const char *s, unsigned *ret);

/* doc as indented JSON, to path ("-": stdout) atomically. */
int cli_write_json(const char *path, json_t *doc);

int cmd_show(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_trim(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_diff(int argc, char **argv);
