/* ci-report — a suite's JSON document (suite.h) in CI's languages: JUnit
 * XML (one testcase per case, failures with the findings), SARIF 2.1.0
 * (one result per finding, located in the profile so code scanning
 * annotates the line), and Markdown for a job summary. Each returns a
 * NUL-terminated text the caller frees, or NULL on allocation failure. */
#pragma once

#include <jansson.h>

char *ci_report_junit(json_t *doc);
char *ci_report_sarif(json_t *doc);
char *ci_report_markdown(json_t *doc);
