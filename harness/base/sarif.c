/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sarif.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "json-util.h"
#include "util.h"

static const char *const level_names[] = {
	[SARIF_ERROR] = "error",
	[SARIF_WARNING] = "warning",
	[SARIF_NOTE] = "note",
};
_Static_assert(ARRAY_SIZE(level_names) == SARIF_LEVEL_MAX, "level names");

json_t *sarif_new(void)
{
	return json_pack("{s:s,s:s,s:[{s:{s:{s:s,s:s,s:s,s:[]}},s:[]}]}",
			 "$schema",
			 "https://json.schemastore.org/sarif-2.1.0.json",
			 "version", "2.1.0", "runs", "tool", "driver", "name",
			 "scaudit", "version", SCAUDIT_VERSION,
			 "informationUri", SCAUDIT_URL, "rules", "results");
}

static json_t *run0(json_t *doc)
{
	return json_array_get(json_object_get(doc, "runs"), 0);
}

int sarif_add_rule(json_t *doc, const struct sarif_rule *r)
{
	json_t *rules = json_object_get(
		json_object_get(json_object_get(run0(doc), "tool"), "driver"),
		"rules");
	json_t *rule = json_pack(
		"{s:s,s:{s:s},s:{s:s},s:{s:s,s:s},s:{s:s},s:s}", "id", r->id,
		"shortDescription", "text", r->short_text, "fullDescription",
		"text", r->full_text, "help", "text", r->help, "markdown",
		r->help, "defaultConfiguration", "level", level_names[r->level],
		"helpUri", SCAUDIT_URL);
	if (rule && r->security_severity)
		json_object_set_new(
			rule, "properties",
			json_pack("{s:s,s:[s]}", "security-severity",
				  r->security_severity, "tags", "security"));
	return rule && json_array_append_new(rules, rule) == 0 ? 0 : -ENOMEM;
}

/* A path as code scanning wants it: relative to the working directory
 * (the checkout) when it is inside it. */
static json_t *artifact(const char *path)
{
	char real[PATH_MAX];
	return json_pack("{s:o}", "uri",
			 jsonutil_str(util_path_in_cwd(path, real)));
}

int sarif_add_result(json_t *doc, const char *rule, enum sarif_level level,
		     const char *text, const char *path, unsigned line,
		     unsigned column)
{
	json_t *region = json_pack("{s:i}", "startLine", line ? (int)line : 1);
	if (region && column)
		json_object_set_new(region, "startColumn",
				    json_integer(column));
	json_t *result =
		json_pack("{s:s,s:s,s:{s:o},s:[{s:{s:o,s:o}}]}", "ruleId", rule,
			  "level", level_names[level], "message", "text",
			  jsonutil_str(text), "locations", "physicalLocation",
			  "artifactLocation", artifact(path), "region", region);
	json_t *results = json_object_get(run0(doc), "results");
	return result && json_array_append_new(results, result) == 0 ? 0
								     : -ENOMEM;
}
