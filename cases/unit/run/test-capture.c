/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "capture.h"

static void test_modes(void **state)
{
	enum capture_mode m;
	for (int i = 0; i < CAPTURE_MODE_MAX; i++) {
		assert_int_equal(capture_mode_parse(capture_mode_name(i), &m),
				 0);
		assert_int_equal(m, i);
	}
	assert_int_equal(capture_mode_parse("File", &m), -EINVAL);
	assert_int_equal(capture_mode_parse("", &m), -EINVAL);
	assert_string_equal(capture_mode_name(CAPTURE_MODE_MAX), "?");
}

/* The tail keeps the last CAPTURE_TAIL bytes, whatever the pieces. */
static void test_tail(void **state)
{
	static struct capture_tail t;
	memset(&t, 0, sizeof(t));
	capture_append(&t, "abc", 3);
	capture_append(&t, "def", 3);
	assert_string_equal(t.text, "abcdef");
	assert_int_equal(t.total, 6);

	static char big[CAPTURE_TAIL + 10];
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = 'E';
	capture_append(&t, big, sizeof(big));
	assert_int_equal(t.len, CAPTURE_TAIL);
	assert_int_equal(t.total, 6 + sizeof(big));
	assert_int_equal(t.text[CAPTURE_TAIL - 1], 'E');
	assert_int_equal(t.text[CAPTURE_TAIL], '\0');

	/* A small piece after a full tail pushes out as much as it adds. */
	capture_append(&t, "end", 3);
	assert_int_equal(t.len, CAPTURE_TAIL);
	assert_memory_equal(t.text + CAPTURE_TAIL - 4, "Eend", 4);
	assert_int_equal(t.text[0], 'x');
}

/* As text: a tail cut inside a character starts at the next one; NUL
 * bytes and broken UTF-8 are '?'. */
static void test_tail_text(void **state)
{
	static struct capture_tail t;
	memset(&t, 0, sizeof(t));
	static char buf[CAPTURE_TAIL + 1];
	memset(buf, 'a', sizeof(buf));
	/* "é" is c3 a9: its first byte falls just before the tail. */
	buf[0] = '\xc3';
	buf[1] = '\xa9';
	buf[10] = '\0';
	buf[11] = '\xff';
	capture_append(&t, buf, sizeof(buf));
	char *s = capture_tail_text(&t);
	assert_non_null(s);
	assert_int_equal(strlen(s), CAPTURE_TAIL - 1);
	assert_int_equal(s[0], 'a');
	assert_memory_equal(s + 8, "??", 2);
	free(s);

	/* Uncut, a leading continuation byte is the output's own: '?'. */
	memset(&t, 0, sizeof(t));
	capture_append(&t, "\xa9ok\n", 4);
	s = capture_tail_text(&t);
	assert_string_equal(s, "?ok\n");
	free(s);
}

static bool is_mode(int fd, enum capture_mode m)
{
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	switch (m) {
	case CAPTURE_FILE:
		return S_ISREG(st.st_mode);
	case CAPTURE_PIPE:
		return S_ISFIFO(st.st_mode);
	case CAPTURE_TTY:
		return isatty(fd);
	case CAPTURE_NULL:
		return S_ISCHR(st.st_mode) && !isatty(fd);
	case CAPTURE_INHERIT:
	case CAPTURE_MODE_MAX:
		break;
	}
	return false;
}

/* Each mode gives the child what production would; what it writes comes
 * back in the tail, after the run (file) or drained (pipe, terminal). */
static void test_open_each_mode(void **state)
{
	const enum capture_mode modes[] = { CAPTURE_FILE, CAPTURE_PIPE,
					    CAPTURE_TTY, CAPTURE_NULL };
	for (size_t i = 0; i < 4; i++) {
		struct capture c;
		assert_int_equal(capture_open(modes[i], CAPTURE_INHERIT, &c),
				 0);
		assert_true(c.child_fd[0] > 2);
		assert_int_equal(c.child_fd[1], -1);
		assert_true(is_mode(c.child_fd[0], modes[i]));
		assert_true(fcntl(c.child_fd[0], F_GETFD) & FD_CLOEXEC);
		/* The child's write, then the parent's copies go. */
		assert_int_equal(write(c.child_fd[0], "hi\n", 3), 3);
		int child = c.child_fd[0];
		capture_spawned(&c);
		assert_int_equal(fcntl(child, F_GETFD), -1);
		static struct capture_tail t;
		memset(&t, 0, sizeof(t));
		capture_close(&c, &t);
		if (modes[i] == CAPTURE_NULL) {
			assert_int_equal(t.total, 0);
		} else {
			assert_int_equal(t.total,
					 modes[i] == CAPTURE_TTY ? 4 : 3);
			/* A terminal turns "\n" into "\r\n", as a person's. */
			assert_string_equal(t.text, modes[i] == CAPTURE_TTY
							    ? "hi\r\n"
							    : "hi\n");
		}
		assert_int_equal(c.file, -1);
		assert_int_equal(c.drain[0], -1);
	}
}

/* One kind for both streams is one file (2>&1); two kinds are two. */
static void test_shared_and_split(void **state)
{
	struct capture c;
	assert_int_equal(capture_open(CAPTURE_FILE, CAPTURE_FILE, &c), 0);
	assert_int_equal(c.child_fd[0], c.child_fd[1]);
	capture_close(&c, NULL);

	assert_int_equal(capture_open(CAPTURE_PIPE, CAPTURE_TTY, &c), 0);
	assert_int_not_equal(c.child_fd[0], c.child_fd[1]);
	assert_true(is_mode(c.child_fd[0], CAPTURE_PIPE));
	assert_true(is_mode(c.child_fd[1], CAPTURE_TTY));
	assert_true(c.drain[0] >= 0 && c.drain[1] >= 0);
	assert_int_equal(write(c.child_fd[0], "out ", 4), 4);
	assert_int_equal(write(c.child_fd[1], "err", 3), 3);
	capture_spawned(&c);
	static struct capture_tail t;
	memset(&t, 0, sizeof(t));
	/* Drained as the run goes: each drain to its end. */
	assert_int_equal(capture_drain(&c, 0, &t), 0);
	assert_int_equal(c.drain[0], -1);
	capture_close(&c, &t);
	assert_string_equal(t.text, "out err");

	/* Inherit is nothing to open or close. */
	assert_int_equal(capture_open(CAPTURE_INHERIT, CAPTURE_INHERIT, &c), 0);
	assert_int_equal(c.child_fd[0], -1);
	assert_int_equal(c.child_fd[1], -1);
	capture_close(&c, NULL);
	capture_close(&c, NULL); /* twice is safe */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_tail),
		cmocka_unit_test(test_tail_text),
		cmocka_unit_test(test_open_each_mode),
		cmocka_unit_test(test_shared_and_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
