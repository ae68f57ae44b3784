/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cli — what the subcommands share: exit statuses, messages, loading a
 * profile with its errors printed, the evaluation environment from --caps
 * and --arch, the job of `-- CMD`, failed runs, writing outputs. The CLI
 * layer (main.c, cmd-*.c) is the only code that prints. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "color.h"
#include "job.h"
#include "options.h"
#include "profile.h"
#include "run.h"

typedef struct json_t json_t;

enum cli_exit {
	CLI_EXIT_HELP = -1, /* cli_parse: help printed, exit 0 */
	CLI_EXIT_OK = 0, /* the profile holds */
	CLI_EXIT_FINDINGS = 1, /* findings */
	CLI_EXIT_USAGE = 2, /* bad usage or bad input */
	CLI_EXIT_ENV = 3, /* the environment cannot run it / internal */
};

extern const char *cli_program;

/* "scaudit: error: …" and "scaudit: warning: …" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* d as "file:line:col: severity: message — hint"; a problem of no file
 * (an option's value) as "scaudit: severity: message — hint". */
void cli_print_diag(const struct diag *d, const char *severity);

/* The exit status of a failed call that left d: 3 for -ENOMEM and the
 * like, 2 for bad input. d is printed. */
int cli_fail(int r, const struct diag *d);

/* Load path; on failure print the located error and return the exit
 * status (CLI_EXIT_USAGE for bad input). format may be NULL (detect). */
int cli_load_profile(const char *path, const char *format, unsigned flags,
		     struct profile **ret);

/* The start of every command that judges a profile without running it:
 * the environment from --caps and --arch (cli_env), the profile read
 * (cli_load_profile) and evaluated under it. 0, or the exit status (the
 * error printed). */
int cli_open_profile(const struct cli_args *a, const char *path, unsigned flags,
		     const char *arch, struct profile **ret,
		     struct profile_env *ret_env);

/* The environment from --caps (NULL: keep) and --arch (NULL: native).
 * Prints and returns the exit status on bad values. */
int cli_env(const struct cli_args *a, const char *arch,
	    struct profile_env *ret);

/* Set j's caps from --caps (NULL: keep). 0, or the exit status with the
 * error printed: 2 for an unknown name, 3 when this system's caps or
 * kernel cannot be read. */
int cli_job_caps(struct job *j, const char *caps);

/* The job of `-- CMD ARG...` with the options that make one: --caps,
 * --timeout, --max-procs, --expect-exit, --expect-denied, --expect.
 * 0, or the exit status (the error printed); clear it with job_clear. */
int cli_job(const struct cli_args *a, struct job *ret);

/* j's stdout and stderr: --stdout and --stderr where given, else out and
 * err (the command's defaults). taken: a profile or report goes to
 * stdout, so the workload's stdout must not be ours (cli_stdout_free). 0,
 * or the exit status with the error printed. */
int cli_job_stdio(const struct cli_args *a, struct job *j,
		  enum capture_mode out, enum capture_mode err, bool taken);

/* 0, or CLI_EXIT_USAGE with the error printed (at where's file and line,
 * NULL: none) when taken and j's stdout is inherited. */
int cli_stdout_free(const struct job *j, bool taken, const struct diag *where);

/* Print why a run could not happen; returns the exit status (run.h's
 * kind: 2 the input's, 3 this system's). */
int cli_run_error(const struct run_error *e, const char *cmd);

/* The palette of a terminal report written to f: colour with
 * --color=always (even under NO_COLOR: the flag is explicit), none with
 * never, and with auto (the default) only when f is a terminal and
 * NO_COLOR is unset or empty (no-color.org). */
const struct color *cli_color(const struct cli_args *a, FILE *f);

/* -j's value, or the CPUs when not given. */
int cli_jobs(const struct cli_args *a);

/* Write text to path ("-" for stdout) atomically. Prints on failure and
 * returns CLI_EXIT_USAGE; 0 on success. */
int cli_write_output(const char *path, const char *text);

/* text on stdout, flushed: 0, or CLI_EXIT_USAGE with the error printed
 * (a full disk, /dev/full, a closed pipe's EPIPE). cli_stdout_failed
 * prints that error for a write that already failed (errno). */
int cli_write_stdout(const char *text);
int cli_stdout_failed(void);

/* Before a command writes anything: refuse (CLI_EXIT_USAGE, printed) an
 * output option (-o, --json, --sarif, --junit, --markdown, --html,
 * --codequality) that names a file the command reads (its operands,
 * --source, --merge, --expect, extra: NULL-terminated, may be NULL) or
 * the .orig --in-place keeps, or two that name one file. in_place_hint:
 * -o naming the operand suggests --in-place. 0 when none does. */
int cli_refuse_overwrite(const struct cli_args *a, bool in_place_hint,
			 char *const *extra);

/* Where trim --in-place keeps path's original: the first of PATH.orig,
 * PATH.orig.1, … PATH.orig.99 that does not exist (an earlier trim's
 * backup is never overwritten), into buf. 0, or -EEXIST: all are taken. */
int cli_backup_path(const char *path, char *buf, size_t size);

/* The same, with the files cl's cases read as inputs too: each case
 * file, the profile, expect-syscalls and stdin it names. */
struct case_list;
int cli_refuse_overwrite_cases(const struct cli_args *a,
			       const struct case_list *cl);

/* doc as indented JSON, to path ("-": stdout) atomically. */
int cli_write_json(const char *path, json_t *doc);

struct suite_result;

/* Whether one of run's or merge's reports goes to stdout (people's
 * output then goes to stderr). */
bool cli_suite_reports_to_stdout(const struct cli_args *a);

/* The words of run's and merge's --max-dangerous-unused and --color. */
#define CLI_SUITE_HELP_GATE                                                    \
	"a profile that allows more than N dangerous entries no case used "    \
	"is a finding (exit 1); not judged (exit 2) when a case of it "        \
	"failed"
#define CLI_SUITE_HELP_COLOR                                                   \
	"colour the progress lines and the summary: auto (on a terminal, "     \
	"unless NO_COLOR is set), always or never; reports never"

/* Summarize r (--fail-on-unnecessary), write the reports asked for,
 * print the summary; the exit status. */
int cli_suite_outputs(struct suite_result *r, const struct cli_args *a);

extern const struct cli_command cmd_check, cmd_exec, cmd_record, cmd_trim,
	cmd_bundle, cmd_run, cmd_merge, cmd_show, cmd_lint, cmd_explain,
	cmd_diff, cmd_convert;
