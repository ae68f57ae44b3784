/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* strmap — a map from strings to indices that grows: finding a name
 * among hundreds of thousands (a 4 MiB profile of one name per line) must
 * not cost a walk over all of them. Open addressing with FNV-1a over the
 * whole key: glibc's hsearch_r hashes little more than the first eight
 * characters, so names sharing a long prefix all collided there.
 * Keys are not copied: they must outlive the map. */
#pragma once

#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	const char *key; /* NULL: a free slot */
	uint64_t hash;
	size_t value;
};

struct strmap {
	struct strmap_entry *slots;
	size_t cap; /* a power of two, or 0 */
	size_t n;
};

#define STRMAP_INIT                                                            \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* FNV-1a of the whole string. */
uint64_t strmap_hash(const char *key);

/* The value of key: 0 and *ret, or -ENOENT. */
int strmap_get(const struct strmap *m, const char *key, size_t *ret);

/* Add key with value unless it is there: 1 when added, 0 when it was
 * there (its value kept, and in *ret_value when not NULL), -ENOMEM. */
int strmap_add(struct strmap *m, const char *key, size_t value,
	       size_t *ret_value);

void strmap_free(struct strmap *m);
