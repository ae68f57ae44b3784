/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* util — small pure helpers shared by every module: ownership macros,
 * whole-file reading, string trimming and edit distance.
 * Nothing here prints; fallible functions return -errno. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Hand ownership out of a cleanup-managed variable: the variable becomes
 * NULL so its cleanup does nothing. */
#define steal_pointer(pp)                                                      \
	({                                                                     \
		__typeof__(*(pp)) steal_tmp_ = *(pp);                          \
		*(pp) = NULL;                                                  \
		steal_tmp_;                                                    \
	})

/* The same for a file descriptor: the variable becomes -1. */
static inline int steal_fd(int *fd)
{
	int r = *fd;
	*fd = -1;
	return r;
}

/* Move *fd above 0, 1 and 2 (close-on-exec) when it is one of them: a
 * caller started with stdin or stdout closed gets its pipes there, and
 * a child's dup2 onto stdio would close them. 0 or -errno (and *fd is
 * closed). */
int util_fd_above_stdio(int *fd);

#define cleanup_free __attribute__((cleanup(util_freep)))
#define cleanup_fclose __attribute__((cleanup(util_fclosep)))
#define cleanup_close __attribute__((cleanup(util_closep)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void util_freep(void *p);
void util_fclosep(FILE **f);
void util_closep(int *fd);

/* Profiles larger than this are refused: no real allowlist comes near it,
 * and a runaway file must fail fast instead of eating memory. */
#define UTIL_MAX_FILE_SIZE (4u << 20)

/* Read a whole file (at most max bytes) into a NUL-terminated buffer.
 * Returns 0 and sets *ret_buf (caller frees) and *ret_len; -EFBIG when
 * the file is larger than max (a device such as /dev/zero stops there);
 * -EISDIR for a directory; -errno otherwise. A FIFO without a writer
 * reads as empty instead of blocking. */
int util_read_file(const char *path, size_t max, char **ret_buf,
		   size_t *ret_len);

/* Write buf to path atomically (temporary file in the same directory,
 * fsync, rename). Returns 0 or -errno; on failure path is untouched and
 * no temporary file is left. A path that is a device or FIFO
 * (/dev/null, /dev/stdout) is written to in place, never replaced; a
 * FIFO without a reader is -ENXIO; a directory is -EISDIR. */
int util_write_file_atomic(const char *path, const char *buf, size_t len);

/* The same, the new file given mode (its permission bits) where
 * util_write_file_atomic keeps the old file's mode, else the umask's;
 * mode -1 is util_write_file_atomic. A temporary file another scaudit
 * left behind for path when it was killed is removed first. */
int util_write_file_mode(const char *path, const char *buf, size_t len,
			 int mode);

/* Trim ASCII whitespace at both ends in place; returns the start. */
char *util_strstrip(char *s);

/* Levenshtein distance between a and b, capped at cap+1 for speed. */
unsigned util_edit_distance(const char *a, const char *b, unsigned cap);

/* Parse an unsigned 64-bit integer in C syntax (decimal, 0x hex, 0 octal),
 * whole string. Returns 0 or -EINVAL/-ERANGE. */
int util_parse_u64(const char *s, uint64_t *ret);

/* The same, decimal digits only and no leading zero ("0" itself aside):
 * what a person means by a count, an errno or an exit status, where
 * 010 would be 8 to strtoul and 10 to a reader, and 0x10 16. */
int util_parse_dec(const char *s, uint64_t *ret);

/* Which of the n names (an enum's name table) s is: its index, or
 * -EINVAL. */
int util_name_index(const char *const *names, size_t n, const char *s);

/* Append to a growing array: ensures room for one more element of
 * size elem at index *n. Returns 0 or -ENOMEM. */
int util_grow(void **array, size_t *alloc, size_t n, size_t elem);

/* Find the first NUL byte or invalid UTF-8 sequence; returns its offset or
 * -1 when the buffer is clean text. */
ssize_t util_find_binary(const char *buf, size_t len);

/* Make buf text: every NUL byte and byte of an invalid UTF-8 sequence
 * becomes '?'. */
void util_make_text(char *buf, size_t len);

/* Seconds on the monotonic clock. */
double util_now(void);

/* Copy src into dst (size bytes, NUL included) like snprintf's "%s", but
 * when it must cut, cut where a UTF-8 character starts: a text cut in
 * the middle of one is no text (JSON refuses it). Returns dst. */
char *util_copy_text(char *dst, size_t size, const char *src);

/* path as CI tools locate files: relative to the working directory (the
 * checkout) when it is inside it, else absolute; as given when it does
 * not exist. Points into buf (PATH_MAX bytes) or is path. */
const char *util_path_in_cwd(const char *path, char *buf);

/* 1-based line and column of offset off in buf. */
void util_offset_to_linecol(const char *buf, size_t off, unsigned *ret_line,
			    unsigned *ret_col);
