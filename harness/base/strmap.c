/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "strmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

uint64_t strmap_hash(const char *key)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *c = (const unsigned char *)key; *c; c++) {
		h ^= *c;
		h *= 0x100000001b3ull;
	}
	return h;
}

/* The slot holding key, or the free slot where it would go. */
static struct strmap_entry *slot(const struct strmap *m, const char *key,
				 uint64_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct strmap_entry *e = &m->slots[i];
		if (!e->key || (e->hash == h && strcmp(e->key, key) == 0))
			return e;
	}
}

int strmap_get(const struct strmap *m, const char *key, size_t *ret)
{
	if (!m->cap)
		return -ENOENT;
	const struct strmap_entry *e = slot(m, key, strmap_hash(key));
	if (!e->key)
		return -ENOENT;
	*ret = e->value;
	return 0;
}

/* Twice the slots, every key moved over; kept at most half full, where
 * linear probing stays short. */
static int grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	if (cap < m->cap)
		return -ENOMEM;
	struct strmap old = *m;
	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		return -ENOMEM;
	}
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*slot(m, old.slots[i].key, old.slots[i].hash) =
				old.slots[i];
	free(old.slots);
	return 0;
}

int strmap_add(struct strmap *m, const char *key, size_t value,
	       size_t *ret_value)
{
	if ((m->n + 1) * 2 > m->cap && grow(m) < 0)
		return -ENOMEM;
	uint64_t h = strmap_hash(key);
	struct strmap_entry *e = slot(m, key, h);
	if (e->key) {
		if (ret_value)
			*ret_value = e->value;
		return 0;
	}
	*e = (struct strmap_entry){ key, h, value };
	m->n++;
	return 1;
}

void strmap_free(struct strmap *m)
{
	free(m->slots);
	*m = (struct strmap)STRMAP_INIT;
}
