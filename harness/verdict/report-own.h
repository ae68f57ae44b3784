/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* report-own — the workload's own filter in check's report (text and the
 * JSON "ownFilter" object): each load (who, when, how, its default and
 * size, observed or why not), what its list lacks and the fix in the
 * program's own terms (at the --source file's lines when given), what it
 * allows unused, and what the workload called outside it. */
#pragma once

#include <jansson.h>
#include <stdio.h>

#include "report.h"

/* The edit that allows name in the program's list. */
void report_own_fix(const struct report_run *run, const char *name, char *buf,
		    size_t size);

/* Where name is in the --source file: its line, or 0 (no file, or not
 * there). */
unsigned report_own_source_line(const struct report_run *run, const char *name);

void report_own_text(FILE *f, const struct report_run *run);

/* NULL when the workload loaded no filter, or on allocation failure. */
json_t *report_own_json(const struct report_run *run);
