/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ci-report — a suite's result in CI's languages: JUnit XML (one
 * testcase per case, failures with the findings), SARIF 2.1.0 (one
 * result per finding, located in the profile so code scanning annotates
 * the line), GitLab's code-quality report (the same findings, which a
 * merge request shows on its diff), and Markdown for a job summary
 * (ci-markdown.c: per profile its exposure and its matrix, matrix.h's
 * marks, as a table for up to 6 cases). Each returns a NUL-terminated
 * text the caller frees, or NULL on allocation failure. */
#pragma once

#include "suite.h"

char *ci_report_junit(const struct suite_result *r);
char *ci_report_sarif(const struct suite_result *r);
char *ci_report_markdown(const struct suite_result *r);
char *ci_report_codequality(const struct suite_result *r);
