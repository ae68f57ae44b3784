/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "color.h"
#include "helpers.h"

static void test_palettes(void **state)
{
	const struct color *on = color_palette(true);
	const struct color *off = color_palette(false);
	const char *const lit[] = { on->bad, on->warn, on->good, on->bold,
				    on->off };
	const char *const plain[] = { off->bad, off->warn, off->good, off->bold,
				      off->off };
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(strncmp(lit[i], "\033[", 2), 0);
		assert_int_equal(lit[i][strlen(lit[i]) - 1], 'm');
		assert_string_equal(plain[i], "");
	}
	assert_string_equal(on->bad, "\033[31m");
	assert_string_equal(on->off, "\033[0m");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_palettes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
