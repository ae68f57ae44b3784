/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sarif — SARIF 2.1.0 documents, the form code scanning reads: one run of
 * the tool "scaudit", its rules, and results located at a file's line
 * (and column), so a pull request annotates the line to edit. lint's
 * findings and a suite's both go through here. */
#pragma once

#include <jansson.h>

enum sarif_level { SARIF_ERROR, SARIF_WARNING, SARIF_NOTE, SARIF_LEVEL_MAX };

/* An empty document. NULL: out of memory. */
json_t *sarif_new(void);

/* A rule as code scanning shows it. GitHub requires a full description
 * and help for each (its rules, as the SARIF Multitool checks them). */
struct sarif_rule {
	const char *id;
	const char *short_text; /* one line */
	const char *full_text; /* what it means and why it matters */
	const char *help; /* what to do, Markdown (also its text form) */
	enum sarif_level level;
	/* GitHub's 0.0 to 10.0 for a security finding; NULL: none. */
	const char *security_severity;
};

/* Add rule. 0 or -ENOMEM. */
int sarif_add_rule(json_t *doc, const struct sarif_rule *rule);

/* A result of rule at path:line:column (line 0: the top; column 0: none).
 * The path is made relative to the working directory when it is inside
 * it (code scanning's checkout). 0 or -ENOMEM. */
int sarif_add_result(json_t *doc, const char *rule, enum sarif_level level,
		     const char *text, const char *path, unsigned line,
		     unsigned column);
