/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* capture — the workload's stdout and stderr as production gives them to
 * it, because programs choose syscalls by what their output is: `date`
 * asks a terminal for its size (ioctl TCGETS), `cat FILE` copies into a
 * regular file with copy_file_range. Each stream is one of:
 *   file    a regular file (a memfd), read after the run: a service's log;
 *   pipe    a pipe the supervisor drains as the run goes: a logger;
 *   tty     a pseudo-terminal the supervisor drains: a person;
 *   null    /dev/null;
 *   inherit scaudit's own.
 * What was captured keeps its last bytes, for the reports of a run that
 * failed. Streams of one kind share one file, pipe or terminal, as a
 * shell's `>log 2>&1` does. Prepared in the parent before fork: the child
 * only dup2s (runner.h). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum capture_mode {
	CAPTURE_INHERIT,
	CAPTURE_FILE,
	CAPTURE_PIPE,
	CAPTURE_TTY,
	CAPTURE_NULL,
	CAPTURE_MODE_MAX
};

/* The last bytes a workload wrote to what was captured. */
#define CAPTURE_TAIL 4096
struct capture_tail {
	char text[CAPTURE_TAIL + 1]; /* NUL-terminated */
	size_t len;
	uint64_t total; /* every byte captured */
};

struct capture {
	int child_fd[2]; /* what the child puts at 1 and 2; -1: its own */
	int drain[2]; /* pipe and terminal ends to drain; -1: none */
	int file; /* the regular file, read after the run; -1: none */
	int keep[4]; /* the parent's copies of the child's ends */
};

#define CAPTURE_INIT                                                           \
	{                                                                      \
		{ -1, -1 }, { -1, -1 }, -1,                                    \
		{                                                              \
			-1, -1, -1, -1                                         \
		}                                                              \
	}

/* "file", "pipe", "tty", "null", "inherit". */
const char *capture_mode_name(enum capture_mode m);
int capture_mode_parse(const char *s, enum capture_mode *ret);

/* Prepare stdout as out and stderr as err. Returns 0 or -errno (*ret
 * closed again). */
int capture_open(enum capture_mode out, enum capture_mode err,
		 struct capture *ret);

/* After spawn: close the parent's copies of the child's ends, so a drain
 * ends when the workload's last process closes its own. */
void capture_spawned(struct capture *c);

/* Read what a drain holds now, without blocking, into t, at most 64 KiB.
 * Returns 2 when it may hold more now, 1 when it may hold more later, 0 at
 * its end (the fd is then closed and -1). */
int capture_drain(struct capture *c, int i, struct capture_tail *t);

/* After the run: drain what is left, read the file's tail, close
 * everything. Safe on CAPTURE_INIT and twice. */
void capture_close(struct capture *c, struct capture_tail *t);

/* Keep the last bytes of buf in t. */
void capture_append(struct capture_tail *t, const char *buf, size_t len);

/* t as text for a report (malloc'd; NULL: no memory): starting at a whole
 * character when the tail was cut, NUL bytes and invalid UTF-8 as '?'. */
char *capture_tail_text(const struct capture_tail *t);
