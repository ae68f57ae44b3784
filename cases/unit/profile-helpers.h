/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* For the unit tests of profiles and what reads them: loading from
 * strings, refused inputs, finding rules and names. */
#pragma once

#include "helpers.h"
#include "profile.h"

/* A malformed input and what the error must say. */
struct bad_input {
	const char *what;
	const char *text;
	size_t len; /* 0: strlen(text) */
	unsigned line, column; /* column 0: not checked */
	const char *message; /* substring of message + hint */
};

static inline struct profile *load_ok(const char *text, enum profile_format fmt)
{
	struct profile *p = NULL;
	struct diag d = { 0 };
	int r = profile_load_buffer("test", text, strlen(text), fmt, 0, &p, &d);
	if (r < 0)
		print_error("unexpected error: %s:%u:%u: %s — %s\n", d.file,
			    d.line, d.column, d.message, d.hint);
	assert_int_equal(r, 0);
	assert_non_null(p);
	return p;
}

static inline void check_bad_inputs(const struct bad_input *t, size_t n,
				    enum profile_format fmt)
{
	for (size_t i = 0; i < n; i++) {
		struct profile *p = NULL;
		struct diag d = { 0 };
		size_t len = t[i].len ? t[i].len : strlen(t[i].text);
		int r = profile_load_buffer("bad.profile", t[i].text, len, fmt,
					    0, &p, &d);
		char all[1024];
		snprintf(all, sizeof(all), "%s — %s", d.message, d.hint);
		if (r != -EINVAL || d.line != t[i].line ||
		    (t[i].column && d.column != t[i].column) ||
		    !strstr(all, t[i].message))
			print_error("case '%s': r=%d at %u:%u: %s\n", t[i].what,
				    r, d.line, d.column, all);
		assert_int_equal(r, -EINVAL);
		assert_null(p);
		assert_string_equal(d.file, "bad.profile");
		assert_int_equal(d.line, t[i].line);
		if (t[i].column)
			assert_int_equal(d.column, t[i].column);
		assert_non_null(strstr(all, t[i].message));
	}
}

/* The rule holding name, or NULL. */
static inline const struct profile_rule *find_rule(const struct profile *p,
						   const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (strcmp(p->rules[i].names[j].name, name) == 0)
				return &p->rules[i];
	return NULL;
}

static inline const struct profile_name *find_name(const struct profile *p,
						   const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (strcmp(p->rules[i].names[j].name, name) == 0)
				return &p->rules[i].names[j];
	return NULL;
}

/* A 100,000-byte name between pre and post, in format: refused at
 * line:column, and quoted in part so the message still says what is
 * wrong (the whole name pushed it out of the buffer); the cut lands on a
 * character boundary. */
static inline void assert_huge_name_refused(enum profile_format format,
					    const char *pre, const char *post,
					    unsigned line, unsigned column)
{
	size_t n = 100000;
	char *name = malloc(n + 1), *text = NULL;
	assert_non_null(name);
	memset(name, 'a', n);
	name[n] = '\0';
	memcpy(name + 63, "\xc3\xa9", 2); /* é across the cut at 64 */
	assert_true(asprintf(&text, "%s%s%s", pre, name, post) > 0);
	free(name);
	struct profile *p = NULL;
	struct diag d = { 0 };
	assert_int_equal(profile_load_buffer("big", text, strlen(text), format,
					     0, &p, &d),
			 -EINVAL);
	assert_null(p);
	assert_int_equal(d.line, line);
	assert_int_equal(d.column, column);
	/* 63 letters, not half an é. */
	assert_non_null(strstr(d.message, "a…' is not a syscall name"));
	assert_null(strchr(d.message, '\xc3'));
	free(text);
}
