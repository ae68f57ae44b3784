/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "jsonpos.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct jsonpos_entry {
	const json_t *value;
	unsigned line, col;
};

struct jsonpos {
	struct jsonpos_entry *entries;
	size_t n;
};

struct place {
	unsigned line, col;
};

struct scan {
	struct place *places;
	size_t n, alloc;
};

static int scan_push(struct scan *s, unsigned line, unsigned col)
{
	void *a = s->places;
	if (util_grow(&a, &s->alloc, s->n, sizeof(*s->places)) < 0)
		return -ENOMEM;
	s->places = a;
	s->places[s->n++] = (struct place){ line, col };
	return 0;
}

/* Record where each value starts, in document order. */
static int scan_text(const char *t, size_t len, struct scan *s)
{
	bool in_object[2100]; /* jansson stops at 2048 levels */
	int depth = -1;
	bool expect_key = false;
	unsigned line = 1, col = 1;
	size_t i = 0;

#define ADVANCE()                                                              \
	do {                                                                   \
		if (t[i] == '\n') {                                            \
			line++;                                                \
			col = 1;                                               \
		} else {                                                       \
			col++;                                                 \
		}                                                              \
		i++;                                                           \
	} while (0)

	while (i < len) {
		char c = t[i];
		switch (c) {
		case ' ':
		case '\t':
		case '\r':
		case '\n':
			ADVANCE();
			break;
		case '{':
		case '[':
			if (scan_push(s, line, col) < 0)
				return -ENOMEM;
			if (++depth >= (int)ARRAY_SIZE(in_object))
				return -EINVAL;
			in_object[depth] = c == '{';
			expect_key = c == '{';
			ADVANCE();
			break;
		case '}':
		case ']':
			depth--;
			expect_key = false;
			ADVANCE();
			break;
		case ',':
			expect_key = depth >= 0 && in_object[depth];
			ADVANCE();
			break;
		case ':':
			expect_key = false;
			ADVANCE();
			break;
		case '"': {
			bool key = expect_key;
			if (!key && scan_push(s, line, col) < 0)
				return -ENOMEM;
			ADVANCE();
			while (i < len && t[i] != '"') {
				if (t[i] == '\\' && i + 1 < len)
					ADVANCE();
				ADVANCE();
			}
			if (i < len)
				ADVANCE();
			break;
		}
		default:
			if (scan_push(s, line, col) < 0)
				return -ENOMEM;
			while (i < len && !strchr(",]} \t\r\n", t[i]))
				ADVANCE();
			break;
		}
	}
#undef ADVANCE
	return 0;
}

struct walk {
	const json_t **values;
	size_t n, alloc;
};

static int walk_tree(const json_t *v, struct walk *w)
{
	void *a = w->values;
	if (util_grow(&a, &w->alloc, w->n, sizeof(*w->values)) < 0)
		return -ENOMEM;
	w->values = a;
	w->values[w->n++] = v;
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach ((json_t *)v, k, m) {
			int r = walk_tree(m, w);
			if (r < 0)
				return r;
		}
	} else if (json_is_array(v)) {
		size_t idx;
		json_t *m;
		json_array_foreach (v, idx, m) {
			int r = walk_tree(m, w);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct jsonpos_entry *)a)->value;
	uintptr_t y = (uintptr_t)((const struct jsonpos_entry *)b)->value;
	return x < y ? -1 : x > y;
}

int jsonpos_build(const char *text, size_t len, json_t *root,
		  struct jsonpos **ret)
{
	struct scan s = { 0 };
	struct walk w = { 0 };
	int r = scan_text(text, len, &s);
	if (r == 0)
		r = walk_tree(root, &w);
	if (r == 0 && s.n != w.n)
		r = -EINVAL;

	struct jsonpos *jp = NULL;
	if (r == 0) {
		jp = calloc(1, sizeof(*jp));
		if (jp)
			jp->entries =
				calloc(w.n ? w.n : 1, sizeof(*jp->entries));
		if (!jp || !jp->entries) {
			free(jp);
			jp = NULL;
			r = -ENOMEM;
		}
	}
	if (r == 0) {
		for (size_t i = 0; i < w.n; i++) {
			const json_t *v = w.values[i];
			if (json_is_true(v) || json_is_false(v) ||
			    json_is_null(v))
				continue;
			jp->entries[jp->n++] =
				(struct jsonpos_entry){ v, s.places[i].line,
							s.places[i].col };
		}
		qsort(jp->entries, jp->n, sizeof(*jp->entries), cmp_entry);
		*ret = jp;
	}
	free(s.places);
	free(w.values);
	return r;
}

int jsonpos_find(const struct jsonpos *jp, const json_t *v, unsigned *ret_line,
		 unsigned *ret_col)
{
	if (!jp || !v)
		return -ENOENT;
	struct jsonpos_entry key = { .value = v };
	const struct jsonpos_entry *e = bsearch(
		&key, jp->entries, jp->n, sizeof(*jp->entries), cmp_entry);
	if (!e)
		return -ENOENT;
	*ret_line = e->line;
	*ret_col = e->col;
	return 0;
}

void jsonpos_free(struct jsonpos *jp)
{
	if (!jp)
		return;
	free(jp->entries);
	free(jp);
}
