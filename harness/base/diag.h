/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* diag — one located problem in user input (file, line, column, message,
 * and a fix where one is known). Readers fill it; only the CLI prints it,
 * as "file:line:col: message — hint". */
#pragma once

#include <stdarg.h>
#include <stddef.h>

struct diag {
	char file[512];
	unsigned line; /* 1-based; 0 when the problem is the whole file */
	unsigned column; /* 1-based; 0 when unknown */
	char message[512];
	char hint[256]; /* "did you mean 'openat'?"; empty when none */
};

/* Record a problem. file may be NULL (keeps the previous file). Returns
 * err so readers can write `return diag_set(d, -EINVAL, ...)`.
 * d may be NULL: the problem is then only returned. */
int diag_set(struct diag *d, int err, const char *file, unsigned line,
	     unsigned column, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Put text before the message of an already set diag ("case 'x': "). */
void diag_prefix(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Add or replace the hint of an already set diag. */
void diag_hint(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* How much of s to quote in a message: at most DIAG_QUOTE_MAX bytes,
 * cut at a UTF-8 character boundary, so a 100 KB "name" cannot push the
 * rest of the message out of the buffer. Use with DIAG_QUOTE:
 * diag_set(d, …, "'%.*s%s' is not a syscall name", DIAG_QUOTE(name)). */
#define DIAG_QUOTE_MAX 64
int diag_quote_len(const char *s);
#define DIAG_QUOTE(s) diag_quote_len(s), (s), (s)[diag_quote_len(s)] ? "…" : ""

/* Read a whole input file of at most max bytes (util_read_file), or say
 * why not: "file too large (the limit is N MiB): not a KIND" or "cannot
 * read: …", as a problem of the whole file. Returns 0 with *ret_buf
 * (caller frees) and *ret_len, or -errno with d set. */
int diag_read_file(const char *path, size_t max, const char *kind,
		   char **ret_buf, size_t *ret_len, struct diag *d);

/* Refuse text that is not: the first NUL byte or invalid UTF-8 in
 * text[0..len) as "binary data (byte 0xNN), not a KIND" at its line and
 * column, with hint. Returns 0 for clean text, or -EINVAL with d set. */
int diag_check_text(const char *path, const char *text, size_t len,
		    const char *kind, const char *hint, struct diag *d);

/* Where: "file:line:col", "file:line" (no column) or "file" (the whole
 * file). */
void diag_where(const struct diag *d, char *buf, size_t size);

/* Format as one line: "file:line:col: message — hint". */
void diag_format(const struct diag *d, char *buf, size_t size);
