/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* html-report — a suite's result as one self-contained HTML page (inline
 * CSS, no script, no fetch of any kind): the verdict first, then per
 * profile a case × syscall matrix (one row per case of the profile, one
 * column per syscall some case used, made or was denied, the profile
 * allows or lacks; a mark and a colour per cell, with a legend), then
 * per case its outcome, its reason and each syscall it touched with the
 * profile line that allows it and the fix, if any. Every string from the
 * result is escaped. */
#pragma once

#include <stdio.h>

#include "suite.h"

/* The page, NUL-terminated, for the caller to free; NULL on allocation
 * failure. */
char *html_report(const struct suite_result *r);

/* The page's body without its head and end (html-page.h): a page of
 * another command's that shows a suite's result too. 0 or -ENOMEM. */
int html_report_body(FILE *f, const struct suite_result *r);
