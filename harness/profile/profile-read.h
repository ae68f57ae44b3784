/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* profile-read — what the readers share with profile.c. Internal. */
#pragma once

#include "profile.h"

/* Each reader fills an empty profile p (p->path set) from text, which is
 * NUL-terminated, free of NUL bytes and valid UTF-8. They return 0 or
 * -EINVAL with d set, -ENOMEM. */
int profile_read_list(struct profile *p, const char *text, size_t len,
		      struct diag *d);
int profile_read_oci(struct profile *p, const char *text, size_t len,
		     struct diag *d);
int profile_read_strace(struct profile *p, const char *text, size_t len,
			struct diag *d);
int profile_read_go(struct profile *p, const char *text, size_t len,
		    struct diag *d);
int profile_read_c(struct profile *p, const char *text, size_t len,
		   struct diag *d);
int profile_read_systemd(struct profile *p, const char *text, size_t len,
			 struct diag *d);

/* A name must look like a syscall name: [a-z0-9_]+, at most 64 bytes. */
bool profile_name_valid(const char *name);

/* The tokens of Go and C source, for their readers: comments skipped
 * (and for C preprocessor lines), strings whole. A string token's s and
 * n are what is between its quotes, escapes as written. */
enum profile_tok_kind {
	PROFILE_TOK_EOF,
	PROFILE_TOK_IDENT,
	PROFILE_TOK_NUMBER,
	PROFILE_TOK_STRING,
	PROFILE_TOK_CHAR, /* a rune or char literal */
	PROFILE_TOK_PUNCT, /* one byte */
};

struct profile_tok {
	enum profile_tok_kind kind;
	const char *s;
	size_t n;
	unsigned line, column;
};

struct profile_lexer {
	const char *text, *pos, *line_start;
	unsigned line;
	bool c; /* C: '#' lines, no raw strings */
};

void profile_lexer_init(struct profile_lexer *l, const char *text, bool c);
/* The next token into t: 0, or -EINVAL with d set (an unterminated
 * string or comment). */
int profile_lexer_next(struct profile_lexer *l, struct profile_tok *t,
		       struct diag *d);
/* Whether t is the identifier or the punctuation s. */
bool profile_tok_is(const struct profile_tok *t, const char *s);
