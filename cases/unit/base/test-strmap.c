/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "helpers.h"
#include "strmap.h"

/* 100,000 keys (the table is rebuilt a dozen times on the way): each
 * keeps the value it was first added with; a second add says so. */
static void test_many(void **state)
{
	enum { N = 100000 };
	char(*keys)[16] = calloc(N, sizeof(*keys));
	assert_non_null(keys);
	struct strmap m = STRMAP_INIT;
	size_t v = 0;
	assert_int_equal(strmap_get(&m, "read", &v), -ENOENT);
	for (size_t i = 0; i < N; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		assert_int_equal(strmap_add(&m, keys[i], i * 3, NULL), 1);
	}
	for (size_t i = 0; i < N; i += 7) {
		assert_int_equal(strmap_get(&m, keys[i], &v), 0);
		assert_int_equal(v, i * 3);
		size_t old = 0;
		assert_int_equal(strmap_add(&m, keys[i], 1, &old), 0);
		assert_int_equal(old, i * 3);
	}
	/* Equal text, another pointer: found. */
	char copy[16] = "k4242";
	assert_int_equal(strmap_get(&m, copy, &v), 0);
	assert_int_equal(v, 4242 * 3);
	assert_int_equal(strmap_get(&m, "k100000", &v), -ENOENT);
	assert_int_equal(m.n, N);
	strmap_free(&m);
	strmap_free(&m); /* twice is fine */
	assert_int_equal(strmap_get(&m, keys[0], &v), -ENOENT);
	free(keys);
}

/* Keys that differ only at their end spread over the table: names with
 * a long shared prefix must not share one probe chain (glibc's hsearch
 * hash, of about the first eight characters, gave them all one bucket). */
static void test_spread(void **state)
{
	enum { N = 4096, BUCKETS = 1024 };
	bool hit[BUCKETS] = { false };
	size_t used = 0;
	for (size_t i = 0; i < N; i++) {
		char key[64];
		snprintf(key, sizeof(key), "zzzzzzzzzzzzzzzzzzzzzzzzzzzz_%04zx",
			 i);
		size_t b = (size_t)(strmap_hash(key) % BUCKETS);
		used += !hit[b];
		hit[b] = true;
	}
	assert_true(used > BUCKETS * 9 / 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_spread),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
