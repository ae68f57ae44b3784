/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Go reader: a Go file (libseccomp-golang's programs) whose first
 * []string{…} literal lists the syscalls allowed — `var syscalls =
 * []string{…}`, `x := []string{…}` or the literal alone. Every other
 * line is the program's. The default action is kill-process, as
 * NewFilter(ActKillProcess) in the article's program; NewFilter(ActErrno
 * .SetReturnCode(…)) and the other Act* constants are read when given
 * literally. Also the lexer the C reader shares. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "profile-read.h"
#include "util.h"

void profile_lexer_init(struct profile_lexer *l, const char *text, bool c)
{
	*l = (struct profile_lexer){ text, text, text, 1, c };
}

static void lex_newline(struct profile_lexer *l, const char *nl)
{
	l->line++;
	l->line_start = nl + 1;
}

static unsigned lex_col(const struct profile_lexer *l, const char *at)
{
	return (unsigned)(at - l->line_start) + 1;
}

/* Skip blanks, comments and (C) preprocessor lines. */
static int lex_skip(struct profile_lexer *l, struct diag *d)
{
	for (;;) {
		const char *s = l->pos;
		if (*s == '\n') {
			lex_newline(l, s);
			l->pos++;
		} else if (isspace((unsigned char)*s)) {
			l->pos++;
		} else if (s[0] == '/' && s[1] == '/') {
			l->pos += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			unsigned line = l->line, col = lex_col(l, s);
			const char *e = strstr(s + 2, "*/");
			if (!e) {
				diag_set(d, -EINVAL, NULL, line, col,
					 "unterminated comment");
				diag_hint(d, "close it with */");
				return -EINVAL;
			}
			for (const char *c = s; c < e; c++)
				if (*c == '\n')
					lex_newline(l, c);
			l->pos = e + 2;
		} else if (l->c && *s == '#' &&
			   strspn(l->line_start, " \t") ==
				   (size_t)(s - l->line_start)) {
			/* A directive runs on over backslash-newlines. */
			const char *c = s;
			while (*c && !(*c == '\n' && c[-1] != '\\')) {
				if (*c == '\n')
					lex_newline(l, c);
				c++;
			}
			l->pos = c;
		} else {
			return 0;
		}
	}
}

/* A quoted literal from l->pos, its quote q. */
static int lex_quoted(struct profile_lexer *l, struct profile_tok *t, char q,
		      struct diag *d)
{
	const char *s = l->pos + 1;
	bool raw = q == '`';
	while (*s && *s != q && (raw || *s != '\n')) {
		if (*s == '\n')
			lex_newline(l, s);
		if (!raw && *s == '\\' && s[1] && s[1] != '\n')
			s++;
		s++;
	}
	if (*s != q) {
		diag_set(d, -EINVAL, NULL, t->line, t->column,
			 "unterminated %s",
			 q == '\'' ? "character literal" : "string");
		diag_hint(d, "close it with %c on the same line", q);
		return -EINVAL;
	}
	t->kind = q == '\'' ? PROFILE_TOK_CHAR : PROFILE_TOK_STRING;
	t->s = l->pos + 1;
	t->n = (size_t)(s - t->s);
	l->pos = s + 1;
	return 0;
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' ||
	       (unsigned char)c >= 0x80;
}

int profile_lexer_next(struct profile_lexer *l, struct profile_tok *t,
		       struct diag *d)
{
	int r = lex_skip(l, d);
	if (r < 0)
		return r;
	const char *s = l->pos;
	*t = (struct profile_tok){ PROFILE_TOK_EOF, s, 0, l->line,
				   lex_col(l, s) };
	if (!*s)
		return 0;
	if (*s == '"' || *s == '\'' || (*s == '`' && !l->c))
		return lex_quoted(l, t, *s, d);
	if (ident_char(*s)) {
		const char *e = s;
		while (ident_char(*e))
			e++;
		t->kind = isdigit((unsigned char)*s) ? PROFILE_TOK_NUMBER
						     : PROFILE_TOK_IDENT;
		t->n = (size_t)(e - s);
	} else {
		t->kind = PROFILE_TOK_PUNCT;
		t->n = 1;
	}
	l->pos = s + t->n;
	return 0;
}

bool profile_tok_is(const struct profile_tok *t, const char *s)
{
	return (t->kind == PROFILE_TOK_IDENT || t->kind == PROFILE_TOK_PUNCT) &&
	       t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

/* libseccomp-golang's actions, as NewFilter takes them. */
static const struct {
	const char *name;
	enum profile_action_type type;
} go_actions[] = {
	{ "ActKillProcess", PROFILE_ACT_KILL_PROCESS },
	{ "ActKillThread", PROFILE_ACT_KILL_THREAD },
	{ "ActKill", PROFILE_ACT_KILL_THREAD },
	{ "ActTrap", PROFILE_ACT_TRAP },
	{ "ActErrno", PROFILE_ACT_ERRNO },
	{ "ActLog", PROFILE_ACT_LOG },
	{ "ActAllow", PROFILE_ACT_ALLOW },
	{ "ActTrace", PROFILE_ACT_TRACE },
	{ "ActNotify", PROFILE_ACT_NOTIFY },
};

/* The tokens of NewFilter's parentheses: an Act* constant and, for
 * ActErrno, SetReturnCode's errno (a name such as syscall.EPERM or a
 * number; none: 0, as libseccomp-golang has it). */
static int go_new_filter(struct profile *p, struct profile_lexer *l,
			 struct diag *d)
{
	struct profile_tok t;
	int depth = 1, r;
	bool found = false;
	while (depth > 0) {
		if ((r = profile_lexer_next(l, &t, d)) < 0)
			return r;
		if (t.kind == PROFILE_TOK_EOF)
			return 0;
		depth += profile_tok_is(&t, "(") - profile_tok_is(&t, ")");
		for (size_t i = 0; !found && i < ARRAY_SIZE(go_actions); i++)
			if (profile_tok_is(&t, go_actions[i].name)) {
				p->default_action = (struct profile_action){
					go_actions[i].type, 0
				};
				p->default_loc =
					(struct profile_loc){ p->path, t.line,
							      t.column };
				found = true;
			}
		char word[32];
		uint32_t e;
		if (found &&
		    (t.kind == PROFILE_TOK_IDENT ||
		     t.kind == PROFILE_TOK_NUMBER) &&
		    t.n < sizeof(word)) {
			memcpy(word, t.s, t.n);
			word[t.n] = '\0';
			if ((word[0] == 'E' ||
			     isdigit((unsigned char)word[0])) &&
			    profile_errno_parse(word, &e) == 0)
				p->default_action.value = e;
		}
	}
	return 0;
}

/* One element: a string literal holding a syscall name. */
static int go_element(struct profile *p, const struct profile_tok *t,
		      struct diag *d)
{
	if (t->kind != PROFILE_TOK_STRING) {
		diag_set(d, -EINVAL, NULL, t->line, t->column,
			 "'%.*s' in the []string is not a string literal",
			 (int)(t->n < 64 ? t->n : 64), t->s);
		diag_hint(d, "write each syscall as a quoted name: \"read\",");
		return -EINVAL;
	}
	cleanup_free char *name = strndup(t->s, t->n);
	if (!name)
		return -ENOMEM;
	if (!profile_name_valid(name)) {
		diag_set(d, -EINVAL, NULL, t->line, t->column,
			 "'%.*s%s' is not a syscall name", DIAG_QUOTE(name));
		diag_hint(d, "names are lower case letters, digits and '_'");
		return -EINVAL;
	}
	struct profile_rule *rule = profile_add_rule(p);
	if (!rule)
		return -ENOMEM;
	rule->loc = (struct profile_loc){ p->path, t->line, t->column };
	rule->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	return profile_rule_add_name(rule, name, rule->loc) ? 0 : -ENOMEM;
}

/* The literal's elements, from after its '{' to its '}'. */
static int go_literal(struct profile *p, struct profile_lexer *l,
		      struct diag *d)
{
	struct profile_tok t;
	int r;
	for (;;) {
		if ((r = profile_lexer_next(l, &t, d)) < 0)
			return r;
		if (profile_tok_is(&t, "}"))
			break;
		if (t.kind == PROFILE_TOK_EOF)
			return diag_set(d, -EINVAL, NULL, t.line, t.column,
					"the []string literal has no closing "
					"'}'");
		if ((r = go_element(p, &t, d)) < 0)
			return r;
		if ((r = profile_lexer_next(l, &t, d)) < 0)
			return r;
		if (profile_tok_is(&t, "}"))
			break;
		if (!profile_tok_is(&t, ",")) {
			diag_set(d, -EINVAL, NULL, t.line, t.column,
				 "expected ',' or '}' after a name, not '%.*s'",
				 (int)(t.n < 64 ? t.n : 64), t.s);
			diag_hint(d, "separate the names with commas");
			return -EINVAL;
		}
	}
	p->source.end = (struct profile_loc){ p->path, t.line, t.column };
	return 0;
}

int profile_read_go(struct profile *p, const char *text, size_t len,
		    struct diag *d)
{
	(void)len;
	p->default_action =
		(struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };
	p->source.style = PROFILE_SOURCE_STRINGS;
	struct profile_lexer l;
	profile_lexer_init(&l, text, false);
	/* The last tokens: `NAME = [ ] string {`, `NAME := …` or `NAME
	 * []string = …`. */
	struct profile_tok w[10] = { 0 }, t;
	bool seen = false;
	int r;
	do {
		if ((r = profile_lexer_next(&l, &t, d)) < 0)
			return r;
		memmove(w, w + 1, sizeof(w) - sizeof(w[0]));
		w[9] = t;
		if (profile_tok_is(&w[8], "NewFilter") &&
		    profile_tok_is(&t, "(") &&
		    (r = go_new_filter(p, &l, d)) < 0)
			return r;
		if (seen || !profile_tok_is(&w[6], "[") ||
		    !profile_tok_is(&w[7], "]") ||
		    !profile_tok_is(&w[8], "string") ||
		    !profile_tok_is(&t, "{"))
			continue;
		seen = true;
		const struct profile_tok *v = NULL;
		if (!profile_tok_is(&w[5], "="))
			v = NULL;
		else if (profile_tok_is(&w[4], ":"))
			v = &w[3];
		else if (profile_tok_is(&w[4], "string") &&
			 profile_tok_is(&w[3], "]"))
			v = &w[1];
		else
			v = &w[4];
		if (v && v->kind == PROFILE_TOK_IDENT &&
		    !(p->source.var = strndup(v->s, v->n)))
			return -ENOMEM;
		if ((r = go_literal(p, &l, d)) < 0)
			return r;
	} while (t.kind != PROFILE_TOK_EOF);
	if (!seen) {
		diag_set(d, -EINVAL, NULL, 0, 0, "no []string{…} literal");
		diag_hint(d, "list the syscalls as var syscalls = "
			     "[]string{\"read\", \"write\"}");
		return -EINVAL;
	}
	if (p->n_rules == 0) {
		diag_set(d, -EINVAL, NULL, 0, 0,
			 "no syscall names: the []string is empty");
		diag_hint(d, "list the syscalls the program needs");
		return -EINVAL;
	}
	return 0;
}
