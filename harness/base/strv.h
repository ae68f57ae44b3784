/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* strv — a growing vector of owned strings, always NULL-terminated so
 * v can go wherever a char *const * is wanted (argv, a watch list).
 *
 *   _cleanup_strv_ struct strv s = STRV_INIT;
 *   strv_add(&s, "read");              copies
 *   execve(path, s.v, envp);           s.v[s.n] == NULL
 *   char **v = strv_steal(&s);         the caller frees with strv_free
 *
 * Lookups walk the vector: for the dozens of names of a run, not for the
 * hundreds of thousands of a large profile (strmap.h is for those). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct strv {
	char **v; /* NULL while empty, else n strings and a NULL */
	size_t n, alloc;
};

#define STRV_INIT                                                              \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* Append a copy of x. Returns 0 or -ENOMEM (s unchanged). */
int strv_add(struct strv *s, const char *x);

/* Append a copy of x unless s holds it: 1 added, 0 there, -ENOMEM. */
int strv_add_unique(struct strv *s, const char *x);

/* Remove every copy of x; how many went. */
size_t strv_remove(struct strv *s, const char *x);

/* Append every string of v (NULL-terminated; may be NULL). 0, -ENOMEM. */
int strv_extend(struct strv *s, char *const *v);

/* Split text at any of seps, dropping empty pieces, and append each
 * piece. Returns 0 or -ENOMEM. */
int strv_split(struct strv *s, const char *text, const char *seps);

/* Whether the NULL-terminated v (may be NULL) holds x. */
bool strv_contains(char *const *v, const char *x);

/* Sort and drop repeats, in place. */
void strv_sort_unique(struct strv *s);

/* The vector, handed out (NULL-terminated; NULL when empty): s is empty
 * afterwards. Free it with strv_free. */
char **strv_steal(struct strv *s);

/* Free the strings and the array; s is empty and usable again. */
void strv_clear(struct strv *s);

/* Free a NULL-terminated vector of owned strings (may be NULL). */
void strv_free(char **v);

/* The number of strings of a NULL-terminated v (may be NULL). */
size_t strv_length(char *const *v);

static inline void strv_clearp(struct strv *s)
{
	strv_clear(s);
}
#define cleanup_strv __attribute__((cleanup(strv_clearp)))
