/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* C reader: a libseccomp program's allowlist, in one of the three ways C
 * writes it — `static const char *syscalls[] = { "read", …, NULL };`, an
 * int array of SCMP_SYS(read) elements, or seccomp_rule_add(ctx,
 * SCMP_ACT_ALLOW, SCMP_SYS(read), 0) calls (their actions and numeric
 * SCMP_A0(…) conditions read too). The first such array counts, and
 * every such call. The default action is seccomp_init()'s when it is
 * written literally, else kill-process. */
#include <errno.h>
#include <string.h>

#include "profile-read.h"
#include "util.h"

struct creader {
	struct profile *p;
	struct profile_lexer l;
	struct profile_tok t; /* the current token */
	struct diag *d;
	struct profile_loc last_call; /* the last unconditional allow call */
};

static int next(struct creader *c)
{
	return profile_lexer_next(&c->l, &c->t, c->d);
}

static int fail(struct creader *c, const char *hint, const char *what)
{
	const struct profile_tok *t = &c->t;
	diag_set(c->d, -EINVAL, NULL, t->line, t->column, "%s, not '%.*s'",
		 what, (int)(t->n < 64 ? t->n : 64),
		 t->kind == PROFILE_TOK_EOF ? "end of file" : t->s);
	diag_hint(c->d, "%s", hint);
	return -EINVAL;
}

static int expect(struct creader *c, const char *s)
{
	int r = next(c);
	if (r < 0)
		return r;
	if (profile_tok_is(&c->t, s))
		return 0;
	char what[32];
	snprintf(what, sizeof(what), "expected '%s'", s);
	return fail(c, "write it as libseccomp's examples do", what);
}

/* The current token as a NUL-terminated word. */
static void word(const struct profile_tok *t, char *buf, size_t size)
{
	size_t n = t->n < size - 1 ? t->n : size - 1;
	memcpy(buf, t->s, n);
	buf[n] = '\0';
}

/* SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(EPERM), SCMP_ACT_KILL, … from the
 * current token on; leaves the action's last token current. 1: no
 * SCMP_ACT_* literal (a variable: the program decides). */
static int action(struct creader *c, struct profile_action *ret)
{
	char w[40];
	word(&c->t, w, sizeof(w));
	enum profile_action_type type;
	if (strncmp(w, "SCMP_ACT_", 9) != 0)
		return 1;
	if (profile_action_parse_oci(w, &type) < 0)
		return fail(c,
			    "use SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(EPERM), "
			    "SCMP_ACT_KILL_PROCESS, …",
			    "expected an SCMP_ACT_* action");
	*ret = (struct profile_action){ type, 0 };
	if (type != PROFILE_ACT_ERRNO && type != PROFILE_ACT_TRACE)
		return 0;
	int r;
	if ((r = expect(c, "(")) < 0 || (r = next(c)) < 0)
		return r;
	word(&c->t, w, sizeof(w));
	if (profile_errno_parse(w, &ret->value) < 0)
		return fail(c, "give an errno name such as EPERM or a number",
			    "expected an errno");
	return expect(c, ")");
}

static int add_name(struct creader *c, struct profile_rule *rule,
		    const struct profile_tok *t, const char *name)
{
	if (!profile_name_valid(name)) {
		diag_set(c->d, -EINVAL, NULL, t->line, t->column,
			 "'%.*s%s' is not a syscall name", DIAG_QUOTE(name));
		diag_hint(c->d, "names are lower case letters, digits and '_'");
		return -EINVAL;
	}
	struct profile_loc loc = { c->p->path, t->line, t->column };
	return profile_rule_add_name(rule, name, loc) ? 0 : -ENOMEM;
}

/* SCMP_SYS(name) from its '(' on: the name (the caller frees) and its
 * token into t. */
static int scmp_sys(struct creader *c, char **ret, struct profile_tok *t)
{
	int r;
	if ((r = expect(c, "(")) < 0 || (r = next(c)) < 0)
		return r;
	*t = c->t;
	if (t->kind != PROFILE_TOK_IDENT)
		return fail(c, "write SCMP_SYS(read)",
			    "expected a syscall name");
	if ((r = expect(c, ")")) < 0)
		return r;
	return (*ret = strndup(t->s, t->n)) ? 0 : -ENOMEM;
}

/* One of a call's conditions: SCMP_A0(SCMP_CMP_EQ, 1[, 2]), numbers
 * only — a macro's value is the compiler's, and a condition left out
 * would allow more than the program does. */
static int condition(struct creader *c, struct profile_rule *rule)
{
	char w[40];
	int r;
	if ((r = next(c)) < 0)
		return r;
	word(&c->t, w, sizeof(w));
	const char *hint = "write conditions as SCMP_A0(SCMP_CMP_EQ, 1) with "
			   "numbers, or list the syscall in a list profile";
	if (strncmp(w, "SCMP_A", 6) != 0 || w[6] < '0' || w[6] > '5')
		return fail(c, hint, "expected SCMP_A0 … SCMP_A5");
	struct profile_arg *a = profile_rule_add_arg(rule);
	if (!a)
		return -ENOMEM;
	a->index = (unsigned)(w[6] - '0');
	a->loc = (struct profile_loc){ c->p->path, c->t.line, c->t.column };
	if ((r = expect(c, "(")) < 0 || (r = next(c)) < 0)
		return r;
	word(&c->t, w, sizeof(w));
	if (profile_op_parse(w, &a->op) < 0)
		return fail(c, hint, "expected an SCMP_CMP_* comparison");
	uint64_t *v[] = { &a->value, &a->value_two };
	for (size_t i = 0; i < 2; i++) {
		if ((r = next(c)) < 0)
			return r;
		if (i == 1 && profile_tok_is(&c->t, ")"))
			return 0;
		if (!profile_tok_is(&c->t, ",") || (r = next(c)) < 0)
			return r < 0 ? r : fail(c, hint, "expected ','");
		word(&c->t, w, sizeof(w));
		if (c->t.kind != PROFILE_TOK_NUMBER ||
		    util_parse_u64(w, v[i]) < 0)
			return fail(c, hint, "expected a number");
	}
	return expect(c, ")");
}

/* seccomp_rule_add(ctx, ACTION, SCMP_SYS(name), N, conditions…) from its
 * '(' on. A call whose syscall is not SCMP_SYS(…) (a loop's variable)
 * names nothing here: the array it walks does. */
static int rule_add(struct creader *c, const struct profile_tok *call)
{
	int r, depth = 0;
	for (;;) { /* the context argument */
		if ((r = next(c)) < 0)
			return r;
		if (c->t.kind == PROFILE_TOK_EOF)
			return 0;
		depth +=
			profile_tok_is(&c->t, "(") - profile_tok_is(&c->t, ")");
		if (depth == 0 && profile_tok_is(&c->t, ","))
			break;
	}
	struct profile_action act;
	cleanup_free char *name = NULL;
	struct profile_tok nt;
	if ((r = next(c)) < 0 || (r = action(c, &act)) < 0)
		return r;
	if (r == 1)
		return 0;
	if ((r = expect(c, ",")) < 0 || (r = next(c)) < 0)
		return r;
	if (!profile_tok_is(&c->t, "SCMP_SYS"))
		return 0;
	if ((r = scmp_sys(c, &name, &nt)) < 0 || (r = expect(c, ",")) < 0 ||
	    (r = next(c)) < 0)
		return r;
	char w[24];
	uint64_t n;
	word(&c->t, w, sizeof(w));
	if (c->t.kind != PROFILE_TOK_NUMBER || util_parse_u64(w, &n) < 0 ||
	    n > 6)
		return fail(c, "give the number of conditions, 0 to 6",
			    "expected a count");
	struct profile_rule *rule = profile_add_rule(c->p);
	if (!rule)
		return -ENOMEM;
	rule->loc =
		(struct profile_loc){ c->p->path, call->line, call->column };
	rule->action = act;
	for (uint64_t i = 0; i < n; i++)
		if ((r = expect(c, ",")) < 0 || (r = condition(c, rule)) < 0)
			return r;
	if ((r = add_name(c, rule, &nt, name)) < 0)
		return r;
	if (act.type == PROFILE_ACT_ALLOW && n == 0)
		c->last_call = rule->loc;
	return expect(c, ")");
}

/* One element of an array: "name", SCMP_SYS(name) or the NULL (or 0)
 * that ends it. 1: it was the end. */
static int element(struct creader *c)
{
	struct profile_tok t = c->t;
	cleanup_free char *name = NULL;
	int r;
	bool strings = c->p->source.style == PROFILE_SOURCE_STRINGS;
	if (profile_tok_is(&t, "NULL") ||
	    (t.kind == PROFILE_TOK_NUMBER && t.n == 1 && t.s[0] == '0')) {
		c->p->source.end =
			(struct profile_loc){ c->p->path, t.line, t.column };
		return 1;
	}
	if (strings && t.kind == PROFILE_TOK_STRING) {
		if (!(name = strndup(t.s, t.n)))
			return -ENOMEM;
	} else if (!strings && profile_tok_is(&t, "SCMP_SYS")) {
		if ((r = scmp_sys(c, &name, &t)) < 0)
			return r;
	} else {
		return fail(c,
			    strings ? "write each syscall as \"read\","
				    : "write each syscall as SCMP_SYS(read),",
			    "expected a syscall name");
	}
	struct profile_rule *rule = profile_add_rule(c->p);
	if (!rule)
		return -ENOMEM;
	rule->loc = (struct profile_loc){ c->p->path, t.line, t.column };
	rule->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	return add_name(c, rule, &t, name);
}

/* The array's elements, from after its '{' to its '}'. */
static int array(struct creader *c)
{
	int r, end = 0;
	for (;;) {
		if ((r = next(c)) < 0)
			return r;
		if (profile_tok_is(&c->t, "}"))
			break;
		if (end)
			return fail(c, "NULL ends the array: put it last",
				    "expected '}' after the NULL");
		if ((r = element(c)) < 0)
			return r;
		end = r;
		if ((r = next(c)) < 0)
			return r;
		if (profile_tok_is(&c->t, "}"))
			break;
		if (!profile_tok_is(&c->t, ","))
			return fail(c, "separate the names with commas",
				    "expected ',' or '}'");
	}
	if (!end)
		c->p->source.end = (struct profile_loc){ c->p->path, c->t.line,
							 c->t.column };
	return 0;
}

/* After `NAME [ … ] = {`: read the array when it holds names. */
static int maybe_array(struct creader *c, const struct profile_tok *var)
{
	struct profile_lexer save = c->l;
	int r = next(c);
	if (r < 0)
		return r;
	enum profile_source_style style =
		c->t.kind == PROFILE_TOK_STRING	    ? PROFILE_SOURCE_STRINGS
		: profile_tok_is(&c->t, "SCMP_SYS") ? PROFILE_SOURCE_SCMP_SYS
						    : PROFILE_SOURCE_NONE;
	c->l = save;
	if (style == PROFILE_SOURCE_NONE)
		return 0;
	c->p->source.style = style;
	if (!(c->p->source.var = strndup(var->s, var->n)))
		return -ENOMEM;
	return array(c);
}

/* At a '{' after `NAME [ ] =` or `NAME [ N ] =`: NAME, or NULL. */
static const struct profile_tok *array_var(const struct profile_tok w[6])
{
	if (!profile_tok_is(&w[4], "=") || !profile_tok_is(&w[3], "]"))
		return NULL;
	const struct profile_tok *v = profile_tok_is(&w[2], "[")   ? &w[1]
				      : profile_tok_is(&w[1], "[") ? &w[0]
								   : NULL;
	return v && v->kind == PROFILE_TOK_IDENT ? v : NULL;
}

static int scan(struct creader *c)
{
	struct profile_tok w[6] = { 0 }; /* NAME [ N ] = before a '{' */
	int r;
	do {
		if ((r = next(c)) < 0)
			return r;
		memmove(w, w + 1, sizeof(w) - sizeof(w[0]));
		w[5] = c->t;
		const struct profile_tok *v;
		if (profile_tok_is(&w[4], "seccomp_init") &&
		    profile_tok_is(&c->t, "(")) {
			struct profile_action a;
			c->p->default_loc =
				(struct profile_loc){ c->p->path, w[4].line,
						      w[4].column };
			if ((r = next(c)) < 0 || (r = action(c, &a)) < 0)
				return r;
			if (r == 0)
				c->p->default_action = a;
		} else if ((profile_tok_is(&w[4], "seccomp_rule_add") ||
			    profile_tok_is(&w[4], "seccomp_rule_add_exact")) &&
			   profile_tok_is(&c->t, "(")) {
			struct profile_tok call = w[4];
			if ((r = rule_add(c, &call)) < 0)
				return r;
		} else if (c->p->source.style == PROFILE_SOURCE_NONE &&
			   profile_tok_is(&c->t, "{") && (v = array_var(w))) {
			struct profile_tok var = *v;
			if ((r = maybe_array(c, &var)) < 0)
				return r;
		}
	} while (c->t.kind != PROFILE_TOK_EOF);
	return 0;
}

int profile_read_c(struct profile *p, const char *text, size_t len,
		   struct diag *d)
{
	(void)len;
	struct creader c = { .p = p, .d = d };
	profile_lexer_init(&c.l, text, true);
	p->default_action =
		(struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };
	int r = scan(&c);
	if (r < 0)
		return r;
	if (p->source.style == PROFILE_SOURCE_NONE && p->n_rules) {
		p->source.style = PROFILE_SOURCE_CALLS;
		p->source.end = c.last_call;
	}
	if (p->n_rules == 0) {
		diag_set(d, -EINVAL, NULL, 0, 0,
			 "no syscall names: no char *NAME[] = { \"read\", … }, "
			 "SCMP_SYS(…) array or seccomp_rule_add call");
		diag_hint(d, "list the syscalls as static const char "
			     "*syscalls[] = { \"read\", \"write\", NULL };");
		return -EINVAL;
	}
	return 0;
}
