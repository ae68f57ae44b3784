/* strmap — a map from strings to indices that grows, on glibc's
 * hsearch_r: finding a name among hundreds of thousands (a 4 MiB profile
 * of one name per line) must not cost a walk over all of them.
 * Keys are not copied: they must outlive the map. */
#pragma once

#include <search.h>
#include <stdbool.h>
#include <stddef.h>

struct strmap_entry {
	const char *key;
	size_t value;
};

struct strmap {
	struct hsearch_data h;
	bool live; /* h was created */
	size_t cap; /* h's size */
	struct strmap_entry *v; /* in insertion order, to rebuild h */
	size_t n, alloc;
};

#define STRMAP_INIT                                                            \
	{                                                                      \
		.live = false                                                  \
	}

/* The value of key: 0 and *ret, or -ENOENT. */
int strmap_get(struct strmap *m, const char *key, size_t *ret);

/* Add key with value unless it is there: 1 when added, 0 when it was
 * there (its value kept, and in *ret_value when not NULL), -ENOMEM. */
int strmap_add(struct strmap *m, const char *key, size_t value,
	       size_t *ret_value);

void strmap_free(struct strmap *m);
