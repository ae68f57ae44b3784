/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* json-util — what every writer of JSON reports needs from jansson. */
#pragma once

#include <jansson.h>
#include <stdbool.h>

#include "strv.h"

static inline void jsonutil_decrefp(json_t **j)
{
	json_decref(*j);
}
#define cleanup_json __attribute__((cleanup(jsonutil_decrefp)))

/* Member key of obj as type (JSON_STRING, JSON_INTEGER, JSON_ARRAY,
 * JSON_OBJECT; JSON_REAL takes an integer too; JSON_TRUE any boolean):
 * 0 and *ret (NULL when absent and not required), or -EINVAL when it is
 * absent but required or of another type (null counts as absent). */
int jsonutil_get(const json_t *obj, const char *key, json_type type,
		 bool required, json_t **ret);

/* A string member into buf (cut to size), "" when absent. The same rules
 * as jsonutil_get. */
int jsonutil_string(const json_t *obj, const char *key, bool required,
		    char *buf, size_t size);

/* An array member of strings into ret (appended). -EINVAL: not an array
 * of strings. */
int jsonutil_strings(const json_t *obj, const char *key, struct strv *ret);

/* A JSON string of s whatever its bytes: what is not UTF-8 (a path, an
 * argument) becomes '?', so one odd byte cannot lose a whole report.
 * NULL only when out of memory. */
json_t *jsonutil_str(const char *s);

/* A new array of the strings of v (NULL-terminated; may be NULL). */
json_t *jsonutil_array(char *const *v);

/* doc as indented text (two spaces) ending in a newline, the form every
 * --json report takes: NULL on allocation failure; the caller frees. */
char *jsonutil_text(const json_t *doc);
