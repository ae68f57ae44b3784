/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* profile_detect: which reader a profile's text is for, from marks each
 * format has and the others lack. */
#include <ctype.h>
#include <string.h>

#include "profile.h"

/* Whether a line of text[0..len) starting at p satisfies pred. */
static bool any_line(const char *text, size_t len,
		     bool (*pred)(const char *line, size_t n))
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (pred(p, n))
			return true;
		p = nl ? nl + 1 : end;
	}
	return false;
}

static bool starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

/* Leading blanks off: how far in a line's first word starts. */
static size_t blanks(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static bool systemd_line(const char *s, size_t n)
{
	size_t i = blanks(s, n);
	if (starts(s + i, n - i, "[Service]"))
		return true;
	if (!starts(s + i, n - i, "SystemCallFilter"))
		return false;
	i += strlen("SystemCallFilter");
	i += blanks(s + i, n - i);
	return i < n && s[i] == '=';
}

static bool strace_line(const char *s, size_t n)
{
	return starts(s, n, "% time") || starts(s, n, "------ ----");
}

/* "package main", a Go file's first clause. */
static bool go_line(const char *s, size_t n)
{
	size_t i = blanks(s, n);
	if (!starts(s + i, n - i, "package") || n - i < 9)
		return false;
	i += 7;
	size_t b = blanks(s + i, n - i);
	return b > 0 && i + b < n &&
	       (isalpha((unsigned char)s[i + b]) || s[i + b] == '_');
}

/* text[0..len) holds needle, blanks in text ignored: "[] = {" matches
 * "[]={" too. */
static bool has_squeezed(const char *text, size_t len, const char *needle)
{
	for (size_t i = 0; i < len; i++) {
		const char *n = needle;
		for (size_t j = i; j < len && *n; j++) {
			if (text[j] == ' ' || text[j] == '\t')
				continue;
			if (text[j] != *n)
				break;
			n++;
			while (*n == ' ')
				n++;
		}
		if (!*n)
			return true;
	}
	return false;
}

enum profile_format profile_detect(const char *text, size_t len)
{
	/* Before JSON: a unit file starts with "[Unit]". */
	if (any_line(text, len, systemd_line))
		return PROFILE_FORMAT_SYSTEMD;
	size_t i = 0;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	/* '[' too: a JSON array deserves a JSON error, not a list one;
	 * but "[]string{" is no JSON. */
	bool go_literal = i + 2 < len && text[i] == '[' && text[i + 1] == ']' &&
			  has_squeezed(text + i, len - i, "[]string{");
	if (i < len && (text[i] == '{' || text[i] == '[') && !go_literal)
		return PROFILE_FORMAT_OCI;
	/* strace -c prints its table after the workload's own output. */
	if (any_line(text, len, strace_line))
		return PROFILE_FORMAT_STRACE;
	if (any_line(text, len, go_line) ||
	    has_squeezed(text, len, "[]string{"))
		return PROFILE_FORMAT_GO;
	if (has_squeezed(text, len, "SCMP_SYS(") ||
	    (has_squeezed(text, len, "char*") &&
	     has_squeezed(text, len, "[] = {")))
		return PROFILE_FORMAT_C;
	return PROFILE_FORMAT_LIST;
}
