#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "helpers.h"
#include "util.h"

static void test_edit_distance(void **state)
{
	assert_int_equal(util_edit_distance("openat", "openat", 3), 0);
	assert_int_equal(util_edit_distance("opnat", "openat", 3), 1);
	assert_int_equal(util_edit_distance("kitten", "sitting", 5), 3);
	assert_int_equal(util_edit_distance("", "abc", 5), 3);
	/* Capped: anything past cap comes back as cap + 1. */
	assert_int_equal(util_edit_distance("a", "zzzzzzzz", 2), 3);
}

static void test_parse_u64(void **state)
{
	uint64_t v;
	assert_int_equal(util_parse_u64("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(util_parse_u64("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(util_parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(util_parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(util_parse_u64("-1", &v), -EINVAL);
	assert_int_equal(util_parse_u64("12a", &v), -EINVAL);
	assert_int_equal(util_parse_u64("", &v), -EINVAL);
}

static void test_find_binary(void **state)
{
	assert_int_equal(util_find_binary("plain\n", 6), -1);
	assert_int_equal(util_find_binary("caf\xc3\xa9 \xe2\x80\x94", 9), -1);
	assert_int_equal(util_find_binary("ab\0c", 4), 2);
	assert_int_equal(util_find_binary("ab\xff", 3), 2);
	assert_int_equal(util_find_binary("ab\xc3", 3), 2);
	assert_int_equal(util_find_binary("\xc0\x80", 2), 0); /* overlong */
}

static void test_strip_linecol(void **state)
{
	char s[] = " \t read \r\n";
	assert_string_equal(util_strstrip(s), "read");
	unsigned line, col;
	util_offset_to_linecol("ab\ncd\nef", 7, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 2);
}

static void test_files(void **state)
{
	char dir[] = "/tmp/scaudit-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/out", dir);

	mode_t old = umask(022);
	assert_int_equal(util_write_file_atomic(path, "one\n", 4), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644); /* not mkstemp's 0600 */
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(util_write_file_atomic(path, "two\n", 4), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640); /* the old file's mode */
	umask(old);
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(util_read_file(path, 100, &buf, &len), 0);
	assert_string_equal(buf, "two\n");
	assert_int_equal(len, 4);
	free(buf);

	/* Over the limit: refused, not truncated. */
	assert_int_equal(util_read_file(path, 3, &buf, &len), -EFBIG);
	assert_int_equal(util_read_file(dir, 100, &buf, &len), -EISDIR);
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(util_read_file(path, 100, &buf, &len), -ENOENT);
	/* A directory that does not exist: nothing written anywhere. */
	snprintf(path, sizeof(path), "%s/no/such", dir);
	assert_int_equal(util_write_file_atomic(path, "x", 1), -ENOENT);

	snprintf(path, sizeof(path), "%s/out", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_find_binary),
		cmocka_unit_test(test_strip_linecol),
		cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
