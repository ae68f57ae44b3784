/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static const char *const mode_names[] = {
	[CAPTURE_INHERIT] = "inherit", [CAPTURE_FILE] = "file",
	[CAPTURE_PIPE] = "pipe",       [CAPTURE_TTY] = "tty",
	[CAPTURE_NULL] = "null",
};
_Static_assert(ARRAY_SIZE(mode_names) == CAPTURE_MODE_MAX, "mode names");

const char *capture_mode_name(enum capture_mode m)
{
	return m < CAPTURE_MODE_MAX ? mode_names[m] : "?";
}

int capture_mode_parse(const char *s, enum capture_mode *ret)
{
	for (size_t i = 0; i < CAPTURE_MODE_MAX; i++)
		if (strcmp(s, mode_names[i]) == 0) {
			*ret = (enum capture_mode)i;
			return 0;
		}
	return -EINVAL;
}

void capture_append(struct capture_tail *t, const char *buf, size_t len)
{
	t->total += len;
	if (len >= CAPTURE_TAIL) {
		memcpy(t->text, buf + len - CAPTURE_TAIL, CAPTURE_TAIL);
		t->len = CAPTURE_TAIL;
	} else {
		size_t keep = t->len + len > CAPTURE_TAIL ? CAPTURE_TAIL - len
							  : t->len;
		memmove(t->text, t->text + t->len - keep, keep);
		memcpy(t->text + keep, buf, len);
		t->len = keep + len;
	}
	t->text[t->len] = '\0';
}

char *capture_tail_text(const struct capture_tail *t)
{
	size_t from = 0;
	/* A cut tail may start inside a character: skip its rest. */
	while (t->total > t->len && from < t->len && from < 3 &&
	       ((unsigned char)t->text[from] & 0xc0) == 0x80)
		from++;
	char *s = malloc(t->len - from + 1);
	if (!s)
		return NULL;
	memcpy(s, t->text + from, t->len - from);
	s[t->len - from] = '\0';
	util_make_text(s, t->len - from);
	return s;
}

/* Where the parent keeps an fd the child needs: closed after spawn. */
static int keep(struct capture *c, int fd)
{
	for (size_t i = 0; i < ARRAY_SIZE(c->keep); i++)
		if (c->keep[i] < 0) {
			c->keep[i] = fd;
			return fd;
		}
	close(fd);
	return -1;
}

/* A regular file with no name, on disk where there is one (a chatty
 * workload's log must not fill memory), else in memory. */
static int output_file(void)
{
	const char *dirs[] = { getenv("TMPDIR"), "/var/tmp", "/tmp" };
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		if (!dirs[i] || !*dirs[i])
			continue;
		int fd = open(dirs[i], O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
		if (fd >= 0)
			return fd;
	}
	return memfd_create("scaudit-output", MFD_CLOEXEC);
}

/* The child's end of a stream of mode m, and what the parent reads. */
static int open_mode(struct capture *c, enum capture_mode m, int *ret_read)
{
	int fd = -1, rd = -1, p[2];
	*ret_read = -1;
	switch (m) {
	case CAPTURE_FILE:
		if ((fd = output_file()) >= 0)
			rd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
		break;
	case CAPTURE_PIPE:
		if (pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0) {
			rd = p[0];
			fd = p[1];
			/* The workload's end blocks, as a pipe's would. */
			fcntl(fd, F_SETFL, 0);
		}
		break;
	case CAPTURE_TTY:
		if ((rd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) >= 0 &&
		    grantpt(rd) == 0 && unlockpt(rd) == 0) {
			char name[64];
			if (ptsname_r(rd, name, sizeof(name)) == 0)
				fd = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
			fcntl(rd, F_SETFL, O_NONBLOCK);
		}
		break;
	case CAPTURE_NULL:
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		break;
	case CAPTURE_INHERIT:
	case CAPTURE_MODE_MAX:
		return -1;
	}
	if (fd < 0 || (m != CAPTURE_NULL && rd < 0) ||
	    util_fd_above_stdio(&fd) < 0 || util_fd_above_stdio(&rd) < 0) {
		int e = -(errno ? errno : EIO);
		if (fd >= 0)
			close(fd);
		if (rd >= 0)
			close(rd);
		return e;
	}
	*ret_read = rd;
	return keep(c, fd);
}

int capture_open(enum capture_mode out, enum capture_mode err,
		 struct capture *c)
{
	*c = (struct capture)CAPTURE_INIT;
	enum capture_mode m[2] = { out, err };
	for (int i = 0; i < 2; i++) {
		if (m[i] == CAPTURE_INHERIT)
			continue;
		/* A kind already open is shared, as `>log 2>&1`. */
		if (i == 1 && m[1] == m[0]) {
			c->child_fd[1] = c->child_fd[0];
			continue;
		}
		int rd, fd = open_mode(c, m[i], &rd);
		if (fd < 0) {
			capture_close(c, NULL);
			return fd == -1 ? -EMFILE : fd;
		}
		c->child_fd[i] = fd;
		if (m[i] == CAPTURE_FILE)
			c->file = rd;
		else if (rd >= 0)
			c->drain[c->drain[0] < 0 ? 0 : 1] = rd;
	}
	return 0;
}

void capture_spawned(struct capture *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(c->keep); i++) {
		if (c->keep[i] >= 0)
			close(c->keep[i]);
		c->keep[i] = -1;
	}
	c->child_fd[0] = c->child_fd[1] = -1;
}

int capture_drain(struct capture *c, int i, struct capture_tail *t)
{
	char buf[4096];
	/* A bounded share per wake-up: a flood must not keep the supervisor
	 * from notifications and the timeout. */
	for (int round = 0; round < 16; round++) {
		ssize_t n = read(c->drain[i], buf, sizeof(buf));
		if (n > 0) {
			if (t)
				capture_append(t, buf, (size_t)n);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 1;
		/* EOF, or EIO: a terminal whose other side is all closed. */
		close(c->drain[i]);
		c->drain[i] = -1;
		return 0;
	}
	return 2;
}

/* The last CAPTURE_TAIL bytes of the regular file. */
static void read_file(int fd, struct capture_tail *t)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size <= 0)
		return;
	off_t from = st.st_size > CAPTURE_TAIL ? st.st_size - CAPTURE_TAIL : 0;
	char buf[CAPTURE_TAIL];
	ssize_t n = pread(fd, buf, (size_t)(st.st_size - from), from);
	if (n > 0) {
		capture_append(t, buf, (size_t)n);
		t->total = (uint64_t)st.st_size;
	}
}

void capture_close(struct capture *c, struct capture_tail *t)
{
	capture_spawned(c);
	for (int i = 0; i < 2; i++) {
		/* All that is there now: a pipe holds a bounded amount. */
		while (c->drain[i] >= 0 && capture_drain(c, i, t) == 2)
			;
		/* What a process outside the run still holds open. */
		if (c->drain[i] >= 0)
			close(c->drain[i]);
		c->drain[i] = -1;
	}
	if (c->file >= 0) {
		if (t)
			read_file(c->file, t);
		close(c->file);
		c->file = -1;
	}
}
