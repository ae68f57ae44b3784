/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "strv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int take(struct strv *s, char *x)
{
	if (!x)
		return -ENOMEM;
	/* Room for x and the terminating NULL. */
	if (s->n + 2 > s->alloc) {
		size_t na = s->alloc ? s->alloc * 2 : 8;
		char **v = realloc(s->v, na * sizeof(*v));
		if (!v) {
			free(x);
			return -ENOMEM;
		}
		s->v = v;
		s->alloc = na;
	}
	s->v[s->n++] = x;
	s->v[s->n] = NULL;
	return 0;
}

int strv_add(struct strv *s, const char *x)
{
	return take(s, strdup(x));
}

int strv_add_unique(struct strv *s, const char *x)
{
	if (strv_contains(s->v, x))
		return 0;
	int r = strv_add(s, x);
	return r < 0 ? r : 1;
}

size_t strv_remove(struct strv *s, const char *x)
{
	size_t k = 0, gone = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (strcmp(s->v[i], x) == 0) {
			free(s->v[i]);
			gone++;
		} else {
			s->v[k++] = s->v[i];
		}
	}
	s->n = k;
	if (s->v)
		s->v[k] = NULL;
	return gone;
}

int strv_extend(struct strv *s, char *const *v)
{
	for (; v && *v; v++) {
		int r = strv_add(s, *v);
		if (r < 0)
			return r;
	}
	return 0;
}

int strv_split(struct strv *s, const char *text, const char *seps)
{
	const char *p = text;
	while (*p) {
		p += strspn(p, seps);
		size_t n = strcspn(p, seps);
		if (!n)
			break;
		int r = take(s, strndup(p, n));
		if (r < 0)
			return r;
		p += n;
	}
	return 0;
}

bool strv_contains(char *const *v, const char *x)
{
	for (; v && *v; v++)
		if (strcmp(*v, x) == 0)
			return true;
	return false;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort_unique(struct strv *s)
{
	if (s->n < 2)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp);
	size_t k = 1;
	for (size_t i = 1; i < s->n; i++) {
		if (strcmp(s->v[i], s->v[k - 1]) == 0)
			free(s->v[i]);
		else
			s->v[k++] = s->v[i];
	}
	s->n = k;
	s->v[k] = NULL;
}

char **strv_steal(struct strv *s)
{
	char **v = s->v;
	*s = (struct strv)STRV_INIT;
	return v;
}

void strv_clear(struct strv *s)
{
	strv_free(strv_steal(s));
}

void strv_free(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

size_t strv_length(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}
