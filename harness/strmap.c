#include "strmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int strmap_get(struct strmap *m, const char *key, size_t *ret)
{
	if (!m->live)
		return -ENOENT;
	ENTRY want = { (char *)key, NULL }, *found = NULL;
	if (!hsearch_r(want, FIND, &found, &m->h) || !found)
		return -ENOENT;
	*ret = m->v[(size_t)found->data].value;
	return 0;
}

/* hsearch_r tables cannot grow: make a twice larger one and enter every
 * key again. Kept under three quarters full, where it stays fast. */
static int grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct hsearch_data h;
	memset(&h, 0, sizeof(h));
	if (!hcreate_r(cap, &h))
		return -ENOMEM;
	for (size_t i = 0; i < m->n; i++) {
		ENTRY e = { (char *)m->v[i].key, (void *)i }, *out;
		if (!hsearch_r(e, ENTER, &out, &h)) {
			hdestroy_r(&h);
			return -ENOMEM;
		}
	}
	if (m->live)
		hdestroy_r(&m->h);
	m->h = h;
	m->live = true;
	m->cap = cap;
	return 0;
}

int strmap_add(struct strmap *m, const char *key, size_t value,
	       size_t *ret_value)
{
	if ((m->n + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return -ENOMEM;
	void *a = m->v;
	if (util_grow(&a, &m->alloc, m->n, sizeof(*m->v)) < 0)
		return -ENOMEM;
	m->v = a;
	ENTRY e = { (char *)key, (void *)m->n }, *out = NULL;
	if (!hsearch_r(e, ENTER, &out, &m->h))
		return -ENOMEM;
	if ((size_t)out->data != m->n) {
		if (ret_value)
			*ret_value = m->v[(size_t)out->data].value;
		return 0;
	}
	m->v[m->n++] = (struct strmap_entry){ key, value };
	return 1;
}

void strmap_free(struct strmap *m)
{
	if (m->live)
		hdestroy_r(&m->h);
	free(m->v);
	*m = (struct strmap)STRMAP_INIT;
}
