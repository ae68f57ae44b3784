/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "helpers.h"
#include "util.h"

static void test_set(void **state)
{
	struct diag d = { 0 };
	snprintf(d.hint, sizeof(d.hint), "stale hint");
	assert_int_equal(
		diag_set(&d, -EINVAL, "a.json", 3, 7, "bad '%s' %d", "x", 42),
		-EINVAL);
	assert_string_equal(d.file, "a.json");
	assert_int_equal(d.line, 3);
	assert_int_equal(d.column, 7);
	assert_string_equal(d.message, "bad 'x' 42");
	/* A new problem does not keep the old one's fix. */
	assert_string_equal(d.hint, "");

	/* NULL file: the previous one stays; line and column are replaced. */
	assert_int_equal(diag_set(&d, -ENOENT, NULL, 0, 0, "%s", "gone"),
			 -ENOENT);
	assert_string_equal(d.file, "a.json");
	assert_int_equal(d.line, 0);
	assert_int_equal(d.column, 0);
	assert_string_equal(d.message, "gone");

	/* Without a diag the error is only returned. */
	assert_int_equal(diag_set(NULL, -E2BIG, "f", 1, 1, "%s", "x"), -E2BIG);
	assert_int_equal(diag_set(&d, 0, "ok", 0, 0, "%s", ""), 0);
	assert_string_equal(d.file, "ok");
	assert_string_equal(d.message, "");
}

static void test_set_cuts(void **state)
{
	/* Overlong file and message are cut to their buffers, terminated. */
	char big[2000];
	memset(big, 'f', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	struct diag d;
	memset(&d, 'x', sizeof(d));
	diag_set(&d, -EINVAL, big, 1, 1, "%s", big);
	assert_int_equal(strlen(d.file), sizeof(d.file) - 1);
	assert_int_equal(strlen(d.message), sizeof(d.message) - 1);
	assert_int_equal(strlen(d.hint), 0);
}

static void test_hint(void **state)
{
	struct diag d = { 0 };
	diag_set(&d, -EINVAL, "p", 2, 0, "unknown syscall '%s'", "opnat");
	diag_hint(&d, "did you mean '%s'?", "openat");
	assert_string_equal(d.hint, "did you mean 'openat'?");
	/* Replaced, not appended; the rest is left alone. */
	diag_hint(&d, "%s", "another fix");
	assert_string_equal(d.hint, "another fix");
	assert_string_equal(d.message, "unknown syscall 'opnat'");
	assert_int_equal(d.line, 2);
	/* Cut to the hint's buffer. */
	char big[1000];
	memset(big, 'h', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_hint(&d, "%s", big);
	assert_int_equal(strlen(d.hint), sizeof(d.hint) - 1);
	diag_hint(NULL, "%s", "no crash");
}

static void test_prefix(void **state)
{
	struct diag d = { 0 };
	diag_set(&d, -EINVAL, "suite.ini", 4, 2, "%s", "unknown key 'x'");
	diag_hint(&d, "%s", "keep");
	diag_prefix(&d, "case '%s': ", "ls");
	assert_string_equal(d.message, "case 'ls': unknown key 'x'");
	assert_string_equal(d.hint, "keep");
	assert_string_equal(d.file, "suite.ini");
	assert_int_equal(d.line, 4);
	assert_int_equal(d.column, 2);
	/* Twice: the newest prefix comes first. */
	diag_prefix(&d, "%s", "run 2: ");
	assert_string_equal(d.message, "run 2: case 'ls': unknown key 'x'");
	/* On an empty message, the prefix alone. */
	diag_set(&d, -EINVAL, NULL, 0, 0, "%s", "");
	diag_prefix(&d, "%s", "only");
	assert_string_equal(d.message, "only");
	diag_prefix(NULL, "%s", "no crash");
}

static void test_prefix_cuts(void **state)
{
	struct diag d = { 0 };
	char big[600];

	/* A full message: the prefix stays whole, the message's end goes. */
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_set(&d, -EINVAL, "f", 1, 1, "%s", big);
	diag_prefix(&d, "%s", "pre: ");
	assert_int_equal(strlen(d.message), sizeof(d.message) - 1);
	assert_memory_equal(d.message, "pre: mmm", 8);
	assert_int_equal(d.message[sizeof(d.message) - 2], 'm');

	/* A prefix longer than the buffer fills it, the message is gone. */
	memset(big, 'p', sizeof(big) - 1);
	diag_set(&d, -EINVAL, "f", 1, 1, "%s", "msg");
	diag_prefix(&d, "%s", big);
	assert_int_equal(strlen(d.message), sizeof(d.message) - 1);
	assert_null(strstr(d.message, "msg"));
	assert_null(strchr(d.message, 'm'));
}

/* A string of n bytes: `pre` letters, then tail, then letters again. */
static char *make(size_t pre, const char *tail, size_t total)
{
	char *s = malloc(total + 1);
	assert_non_null(s);
	memset(s, 'a', total);
	memcpy(s + pre, tail, strlen(tail));
	s[total] = '\0';
	return s;
}

static void test_quote_len(void **state)
{
	static const struct {
		const char *what;
		size_t pre; /* letters before tail */
		const char *tail;
		size_t total;
		int want;
	} t[] = {
		{ "empty", 0, "", 0, 0 },
		{ "short", 0, "", 5, 5 },
		{ "exactly the limit", 0, "", DIAG_QUOTE_MAX, DIAG_QUOTE_MAX },
		{ "one over", 0, "", DIAG_QUOTE_MAX + 1, DIAG_QUOTE_MAX },
		{ "100 KB", 0, "", 100000, DIAG_QUOTE_MAX },
		/* é (2 bytes) at 63..64: the cut at 64 would split it. */
		{ "2-byte across", 63, "\xc3\xa9", 100, 63 },
		/* € (3 bytes) at 62..64, and at 63..65. */
		{ "3-byte across", 62, "\xe2\x82\xac", 100, 62 },
		{ "3-byte across late", 63, "\xe2\x82\xac", 100, 63 },
		/* 😀 (4 bytes) at 61..64. */
		{ "4-byte across", 61, "\xf0\x9f\x98\x80", 100, 61 },
		/* A character ending right at the cut is kept whole. */
		{ "2-byte before cut", 62, "\xc3\xa9", 100, 64 },
		{ "4-byte at cut", 64, "\xf0\x9f\x98\x80", 100, 64 },
		/* A multi-byte string within the limit is whole. */
		{ "2-byte short", 62, "\xc3\xa9", 64, 64 },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		char *s = make(t[i].pre, t[i].tail, t[i].total);
		int got = diag_quote_len(s);
		if (got != t[i].want)
			print_error("case '%s': %d, not %d\n", t[i].what, got,
				    t[i].want);
		assert_int_equal(got, t[i].want);
		/* Never cuts before a continuation byte. */
		assert_true(((unsigned char)s[got] & 0xc0) != 0x80);
		free(s);
	}
}

static void test_quote_macro(void **state)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "'%.*s%s' is not a syscall name",
		 DIAG_QUOTE("opnat"));
	assert_string_equal(buf, "'opnat' is not a syscall name");

	/* Cut: 63 letters, no half é, and an ellipsis. */
	char *s = make(63, "\xc3\xa9", 100000);
	snprintf(buf, sizeof(buf), "'%.*s%s' is not a syscall name",
		 DIAG_QUOTE(s));
	char want[256];
	want[0] = '\'';
	memset(want + 1, 'a', 63);
	snprintf(want + 64, sizeof(want) - 64, "…' is not a syscall name");
	assert_string_equal(buf, want);
	assert_null(strchr(buf, '\xc3'));
	free(s);

	/* Exactly the limit: no ellipsis. */
	s = make(0, "", DIAG_QUOTE_MAX);
	snprintf(buf, sizeof(buf), "'%.*s%s'", DIAG_QUOTE(s));
	assert_int_equal(strlen(buf), DIAG_QUOTE_MAX + 2);
	assert_null(strstr(buf, "…"));
	free(s);
}

static void test_where_format(void **state)
{
	static const struct {
		const char *file;
		unsigned line, column;
		const char *message, *hint;
		const char *where, *formatted;
	} t[] = {
		{ "p.json", 3, 7, "bad", "fix it", "p.json:3:7",
		  "p.json:3:7: bad — fix it" },
		{ "p.json", 3, 0, "bad", "", "p.json:3", "p.json:3: bad" },
		{ "p.json", 0, 0, "too large", "", "p.json",
		  "p.json: too large" },
		/* Line 0 is the whole file, whatever the column says. */
		{ "p.json", 0, 5, "whole", "h", "p.json", "p.json: whole — h" },
		{ "", 1, 1, "m", "", ":1:1", ":1:1: m" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct diag d = { 0 };
		diag_set(&d, -EINVAL, t[i].file, t[i].line, t[i].column, "%s",
			 t[i].message);
		if (t[i].hint[0])
			diag_hint(&d, "%s", t[i].hint);
		char buf[1200];
		diag_where(&d, buf, sizeof(buf));
		assert_string_equal(buf, t[i].where);
		diag_format(&d, buf, sizeof(buf));
		assert_string_equal(buf, t[i].formatted);
	}

	/* A small buffer: cut and terminated. */
	struct diag d = { 0 };
	diag_set(&d, -EINVAL, "file.list", 12, 3, "%s", "message");
	char small[8];
	diag_where(&d, small, sizeof(small));
	assert_string_equal(small, "file.li");
	diag_format(&d, small, sizeof(small));
	assert_string_equal(small, "file.li");
}

static void test_format_full(void **state)
{
	/* Every field full: the line is still terminated and starts with
	 * the file. */
	struct diag d;
	memset(&d, 0, sizeof(d));
	memset(d.file, 'f', sizeof(d.file) - 1);
	memset(d.message, 'm', sizeof(d.message) - 1);
	memset(d.hint, 'h', sizeof(d.hint) - 1);
	d.line = 4000000000u;
	d.column = 4000000000u;
	char buf[2048];
	diag_format(&d, buf, sizeof(buf));
	assert_int_equal(strspn(buf, "f"), sizeof(d.file) - 1);
	assert_non_null(strstr(buf, ":4000000000:4000000000: m"));
	assert_non_null(strstr(buf, "m — h"));
	assert_int_equal(buf[strlen(buf) - 1], 'h');
}

struct tmp {
	char dir[64];
	char path[128];
};

static void tmp_file(struct tmp *t, const char *name, const char *data,
		     size_t len)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/scaudit-diag-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, name);
	int fd = open(t->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static void tmp_remove(struct tmp *t)
{
	unlink(t->path);
	rmdir(t->dir);
}

static void test_read_file(void **state)
{
	struct tmp t;
	tmp_file(&t, "p.list", "read\nwrite\n", 11);
	struct diag d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(
		diag_read_file(t.path, 100, "seccomp profile", &buf, &len, &d),
		0);
	assert_int_equal(len, 11);
	assert_string_equal(buf, "read\nwrite\n");
	/* Nothing to say. */
	assert_string_equal(d.message, "");
	free(buf);

	/* Exactly the limit is fine. */
	assert_int_equal(
		diag_read_file(t.path, 11, "seccomp profile", &buf, &len, &d),
		0);
	assert_int_equal(len, 11);
	free(buf);
	tmp_remove(&t);
}

static void test_read_file_too_large(void **state)
{
	/* One byte over a 1 MiB limit. */
	size_t max = 1u << 20;
	char *data = malloc(max + 1);
	assert_non_null(data);
	memset(data, 'a', max + 1);
	struct tmp t;
	tmp_file(&t, "big.json", data, max + 1);
	free(data);

	struct diag d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	assert_int_equal(
		diag_read_file(t.path, max, "seccomp profile", &buf, &len, &d),
		-EFBIG);
	assert_null(buf);
	assert_string_equal(d.file, t.path);
	assert_int_equal(d.line, 0);
	assert_int_equal(d.column, 0);
	assert_string_equal(
		d.message,
		"file too large (the limit is 1 MiB): not a seccomp profile");
	char where[256];
	diag_where(&d, where, sizeof(where));
	assert_string_equal(where, t.path);

	/* Under the 4 MiB limit every reader uses it is read; a device
	 * stops at that limit. */
	assert_int_equal(diag_read_file(t.path, UTIL_MAX_FILE_SIZE, "case file",
					&buf, &len, &d),
			 0);
	free(buf);
	buf = NULL;
	assert_int_equal(diag_read_file("/dev/zero", UTIL_MAX_FILE_SIZE,
					"case file", &buf, &len, &d),
			 -EFBIG);
	assert_null(buf);
	assert_string_equal(d.file, "/dev/zero");
	assert_string_equal(d.message, "file too large (the limit is 4 MiB): "
				       "not a case file");
	tmp_remove(&t);
}

static void test_read_file_errors(void **state)
{
	struct diag d = { 0 };
	char *buf = NULL;
	size_t len = 0;
	const char *missing = "/nonexistent/scaudit/missing.json";
	assert_int_equal(
		diag_read_file(missing, 100, "seccomp profile", &buf, &len, &d),
		-ENOENT);
	assert_null(buf);
	assert_string_equal(d.file, missing);
	assert_int_equal(d.line, 0);
	assert_int_equal(d.column, 0);
	assert_string_equal(d.message,
			    "cannot read: No such file or directory");
	assert_string_equal(d.hint, "");
	char line[1200];
	diag_format(&d, line, sizeof(line));
	assert_string_equal(line, "/nonexistent/scaudit/missing.json: cannot "
				  "read: No such file or directory");

	assert_int_equal(
		diag_read_file("/tmp", 100, "seccomp profile", &buf, &len, &d),
		-EISDIR);
	assert_string_equal(d.file, "/tmp");
	assert_string_equal(d.message, "cannot read: Is a directory");

	/* Without a diag: only the error. */
	assert_int_equal(diag_read_file(missing, 100, "seccomp profile", &buf,
					&len, NULL),
			 -ENOENT);
	assert_null(buf);
}

static void test_check_text_clean(void **state)
{
	static const char *const ok[] = {
		"",
		"read\nwrite\n",
		"# caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n",
		"\xef\xbb\xbf{}", /* U+FEFF is text */
		"\xed\x9f\xbf", /* U+D7FF, just below the surrogates */
		"\xf4\x8f\xbf\xbf", /* U+10FFFF */
	};
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		struct diag d = { 0 };
		assert_int_equal(diag_check_text("p", ok[i], strlen(ok[i]),
						 "text profile", "hint", &d),
				 0);
		assert_string_equal(d.message, "");
		assert_int_equal(d.line, 0);
	}
	/* Only text[0..len) counts: a NUL past it is not seen. */
	struct diag d = { 0 };
	assert_int_equal(diag_check_text("p", "ab\0cd", 2, "x", "h", &d), 0);
	assert_int_equal(diag_check_text("p", "ab\xff", 2, "x", "h", &d), 0);
}

static void test_check_text_binary(void **state)
{
	static const struct {
		const char *what;
		const char *text;
		size_t len;
		unsigned line, column;
		unsigned byte;
	} t[] = {
		{ "NUL first", "\0read", 5, 1, 1, 0x00 },
		{ "NUL on line 3", "read\nwrite\nab\0cd\n", 17, 3, 3, 0x00 },
		{ "0xff", "read\n  \xff\n", 9, 2, 3, 0xff },
		{ "lone continuation", "x\x80", 2, 1, 2, 0x80 },
		{ "overlong /", "a\xc0\xaf", 3, 1, 2, 0xc0 },
		{ "overlong 3-byte", "\xe0\x80\xaf", 3, 1, 1, 0xe0 },
		{ "surrogate", "ab\n\xed\xa0\x80", 6, 2, 1, 0xed },
		{ "above U+10FFFF", "\xf4\x90\x80\x80", 4, 1, 1, 0xf4 },
		{ "truncated at the end", "ok\n\xe2\x82", 5, 2, 1, 0xe2 },
		{ "bad continuation", "\xc3(", 2, 1, 1, 0xc3 },
		/* Columns count bytes: é is two. */
		{ "after é", "\xc3\xa9\xff", 3, 1, 3, 0xff },
		/* The first problem wins. */
		{ "two problems", "a\n\xff\n\0", 5, 2, 1, 0xff },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		struct diag d = { 0 };
		int r = diag_check_text("bad.list", t[i].text, t[i].len,
					"text profile", "give a list", &d);
		if (r != -EINVAL || d.line != t[i].line ||
		    d.column != t[i].column)
			print_error("case '%s': r=%d at %u:%u: %s\n", t[i].what,
				    r, d.line, d.column, d.message);
		assert_int_equal(r, -EINVAL);
		assert_string_equal(d.file, "bad.list");
		assert_int_equal(d.line, t[i].line);
		assert_int_equal(d.column, t[i].column);
		char want[128];
		snprintf(want, sizeof(want),
			 "binary data (byte 0x%02x), not a text profile",
			 t[i].byte);
		assert_string_equal(d.message, want);
		assert_string_equal(d.hint, "give a list");
	}
	/* Without a diag: only the error. */
	assert_int_equal(diag_check_text("p", "\0", 1, "x", "h", NULL),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_set_cuts),
		cmocka_unit_test(test_hint),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_prefix_cuts),
		cmocka_unit_test(test_quote_len),
		cmocka_unit_test(test_quote_macro),
		cmocka_unit_test(test_where_format),
		cmocka_unit_test(test_format_full),
		cmocka_unit_test(test_read_file),
		cmocka_unit_test(test_read_file_too_large),
		cmocka_unit_test(test_read_file_errors),
		cmocka_unit_test(test_check_text_clean),
		cmocka_unit_test(test_check_text_binary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
