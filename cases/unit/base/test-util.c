/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Text out of anything: each bad byte one '?', good characters kept. */
static void test_make_text(void **state)
{
	char s[] = "caf\xc3\xa9\0x\xff\xe2\x80 ok";
	util_make_text(s, sizeof(s) - 1);
	assert_string_equal(s, "caf\xc3\xa9?x??? ok");
	char clean[] = "plain";
	util_make_text(clean, 5);
	assert_string_equal(clean, "plain");
}

static void test_find_binary(void **state)
{
	assert_int_equal(util_find_binary("plain\n", 6), -1);
	assert_int_equal(util_find_binary("caf\xc3\xa9 \xe2\x80\x94", 9), -1);
	assert_int_equal(util_find_binary("ab\0c", 4), 2);
	assert_int_equal(util_find_binary("ab\xff", 3), 2);
	assert_int_equal(util_find_binary("ab\xc3", 3), 2);
	assert_int_equal(util_find_binary("\xc0\x80", 2), 0); /* overlong */
	/* Strict UTF-8, as jansson reads it: no overlong 3- and 4-byte
	 * forms, no surrogates, nothing above U+10FFFF. */
	assert_int_equal(util_find_binary("a\xe0\x80\xaf", 4), 1);
	assert_int_equal(util_find_binary("a\xed\xa0\x80", 4), 1);
	assert_int_equal(util_find_binary("a\xf0\x8f\xbf\xbf", 5), 1);
	assert_int_equal(util_find_binary("a\xf4\x90\x80\x80", 5), 1);
	assert_int_equal(util_find_binary("\xe0\xa0\x80\xed\x9f\xbf", 6), -1);
	assert_int_equal(
		util_find_binary("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 8), -1);
	assert_int_equal(util_find_binary("\xe2\x80", 2), 0); /* cut short */
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

static void test_special_files(void **state)
{
	char dir[] = "/tmp/scaudit-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	char *buf = NULL;
	size_t len = 1;

	/* A FIFO nobody writes to: read as empty, at once (it blocked in
	 * open before). */
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(util_read_file(path, 100, &buf, &len), 0);
	assert_int_equal(len, 0);
	free(buf);
	/* Written to in place, never replaced by a regular file; without a
	 * reader that is ENXIO, not a wait. */
	assert_int_equal(util_write_file_atomic(path, "x", 1), -ENXIO);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	unlink(path);

	/* A device reads until the limit, and is written to in place (as
	 * root, renaming over /dev/null replaced it with a regular file).
	 * Root gets a null device of its own, so a regression cannot take
	 * the system's; others cannot replace /dev/null anyway. */
	assert_int_equal(util_read_file("/dev/zero", 1000, &buf, &len), -EFBIG);
	const char *null = "/dev/null";
	snprintf(path, sizeof(path), "%s/null", dir);
	if (geteuid() == 0) {
		assert_int_equal(mknod(path, S_IFCHR | 0666, makedev(1, 3)), 0);
		null = path;
	}
	assert_int_equal(util_write_file_atomic(null, "x\n", 2), 0);
	assert_int_equal(stat(null, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	unlink(path);

	/* A directory as the output: refused before any temporary file. */
	snprintf(path, sizeof(path), "%s/sub", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(util_write_file_atomic(path, "x", 1), -EISDIR);
	rmdir(path);
	assert_int_equal(rmdir(dir), 0); /* nothing left behind */
}

/* Cut to the buffer where a UTF-8 character starts, never inside one. */
static void test_copy_text(void **state)
{
	char buf[6];
	/* "aé" is 3 bytes; "aéé" 5; "aééé" 7. */
	assert_string_equal(util_copy_text(buf, sizeof(buf), "a\xc3\xa9"),
			    "a\xc3\xa9");
	assert_string_equal(
		util_copy_text(buf, sizeof(buf), "a\xc3\xa9\xc3\xa9"),
		"a\xc3\xa9\xc3\xa9");
	/* 5 bytes fit: "aéé"; a 4-byte cut would split the second é. */
	assert_string_equal(
		util_copy_text(buf, sizeof(buf), "a\xc3\xa9\xc3\xa9\xc3\xa9"),
		"a\xc3\xa9\xc3\xa9");
	assert_string_equal(util_copy_text(buf, 5, "a\xc3\xa9\xc3\xa9"),
			    "a\xc3\xa9");
	assert_string_equal(util_copy_text(buf, 2, "\xc3\xa9"), "");
	assert_string_equal(util_copy_text(buf, sizeof(buf), "plain-text"),
			    "plain");
	/* In place. */
	snprintf(buf, sizeof(buf), "%s", "abcde");
	assert_string_equal(util_copy_text(buf, 3, buf), "ab");
}

/* util_write_file_mode: the mode asked for, whatever the old file's; a
 * dead writer's temporary file removed, a live one's kept. */
static void test_write_mode(void **state)
{
	char dir[] = "/tmp/scaudit-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256], dead[300], live[300];
	snprintf(path, sizeof(path), "%s/b.orig", dir);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	snprintf(dead, sizeof(dead), "%s.scaudit-%d.AbC123", path, (int)pid);
	snprintf(live, sizeof(live), "%s.scaudit-%d.XyZ789", path,
		 (int)getpid());
	assert_int_equal(util_write_file_atomic(dead, "", 0), 0);
	assert_int_equal(util_write_file_atomic(live, "", 0), 0);
	assert_int_equal(util_write_file_mode(path, "x\n", 2, 0604), 0);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0604);
	assert_int_equal(access(dead, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	/* Over an old file of another mode: the one asked for. */
	assert_int_equal(util_write_file_mode(path, "y\n", 2, 0640), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	unlink(live);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_mode),
		cmocka_unit_test(test_copy_text),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_find_binary),
		cmocka_unit_test(test_make_text),
		cmocka_unit_test(test_strip_linecol),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_special_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
