/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json-util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

char *jsonutil_text(const json_t *doc)
{
	char *text = json_dumps(doc, JSON_INDENT(2));
	if (!text)
		return NULL;
	size_t n = strlen(text);
	char *t = realloc(text, n + 2);
	if (!t) {
		free(text);
		return NULL;
	}
	memcpy(t + n, "\n", 2);
	return t;
}

static bool is(const json_t *v, json_type type)
{
	switch (type) {
	case JSON_REAL:
		return json_is_number(v);
	case JSON_TRUE:
	case JSON_FALSE:
		return json_is_boolean(v);
	case JSON_OBJECT:
	case JSON_ARRAY:
	case JSON_STRING:
	case JSON_INTEGER:
	case JSON_NULL:
		break;
	}
	return json_typeof(v) == type;
}

int jsonutil_get(const json_t *obj, const char *key, json_type type,
		 bool required, json_t **ret)
{
	json_t *v = json_object_get(obj, key);
	if (json_is_null(v))
		v = NULL;
	*ret = v;
	if (!v)
		return required ? -EINVAL : 0;
	return is(v, type) ? 0 : -EINVAL;
}

int jsonutil_string(const json_t *obj, const char *key, bool required,
		    char *buf, size_t size)
{
	json_t *v;
	int r = jsonutil_get(obj, key, JSON_STRING, required, &v);
	util_copy_text(buf, size, v && r == 0 ? json_string_value(v) : "");
	return r;
}

int jsonutil_strings(const json_t *obj, const char *key, struct strv *ret)
{
	json_t *a;
	int r = jsonutil_get(obj, key, JSON_ARRAY, false, &a);
	size_t i;
	json_t *x;
	if (r < 0 || !a)
		return r;
	json_array_foreach (a, i, x) {
		if (!json_is_string(x))
			return -EINVAL;
		if ((r = strv_add(ret, json_string_value(x))) < 0)
			return r;
	}
	return 0;
}

json_t *jsonutil_str(const char *s)
{
	size_t len = strlen(s);
	ssize_t bad = util_find_binary(s, len);
	if (bad < 0)
		return json_stringn(s, len);
	char *t = strdup(s);
	if (!t)
		return NULL;
	util_make_text(t + bad, len - (size_t)bad);
	json_t *j = json_stringn(t, len);
	free(t);
	return j;
}

json_t *jsonutil_array(char *const *v)
{
	json_t *a = json_array();
	for (; a && v && *v; v++)
		if (json_array_append_new(a, jsonutil_str(*v)) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}
