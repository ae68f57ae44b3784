/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Writers that edit a Go, C or systemd file: the text as it was, but for
 * the names a delta drops (their element, call or token cut out, the
 * whole line when nothing else is on it) and the names it adds (after
 * the last element or call, or on a SystemCallFilter= line of their
 * own). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "systemd-groups.h"
#include "util.h"
#include "writer-source.h"

/* A span of text to cut, or (ins) text to put at start. */
struct edit {
	size_t start, end;
	char *ins; /* owned; NULL: a cut */
};

struct edits {
	const char *text;
	size_t len;
	size_t *lines; /* offset of each line's start, [1] the first */
	size_t n_lines;
	struct edit *v;
	size_t n, alloc;
};

static void edits_clear(struct edits *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i].ins);
	free(e->v);
	free(e->lines);
}

static int edits_init(struct edits *e, const char *text)
{
	*e = (struct edits){ .text = text, .len = strlen(text) };
	size_t n = 2;
	for (const char *c = text; *c; c++)
		n += *c == '\n';
	if (!(e->lines = calloc(n + 1, sizeof(*e->lines))))
		return -ENOMEM;
	e->n_lines = 1;
	e->lines[1] = 0;
	for (size_t i = 0; i < e->len; i++)
		if (text[i] == '\n')
			e->lines[++e->n_lines] = i + 1;
	return 0;
}

static size_t offset_of(const struct edits *e, struct profile_loc loc)
{
	if (loc.line < 1 || loc.line > e->n_lines)
		return e->len;
	size_t off = e->lines[loc.line] + (loc.column ? loc.column - 1 : 0);
	return off < e->len ? off : e->len;
}

static size_t line_start(const struct edits *e, size_t off)
{
	while (off > 0 && e->text[off - 1] != '\n')
		off--;
	return off;
}

/* After the '\n' ending off's line (or the text's end). */
static size_t line_end(const struct edits *e, size_t off)
{
	const char *nl = strchr(e->text + off, '\n');
	return nl ? (size_t)(nl - e->text) + 1 : e->len;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

static int edits_add(struct edits *e, size_t start, size_t end, char *ins)
{
	void *a = e->v;
	if (!ins && start == end)
		return 0;
	if (util_grow(&a, &e->alloc, e->n, sizeof(*e->v)) < 0) {
		free(ins);
		return -ENOMEM;
	}
	e->v = a;
	e->v[e->n++] = (struct edit){ start, end, ins };
	return 0;
}

/* Cut [start, end), the whole lines when nothing else is on them (a
 * trailing comment goes with its name). */
static int cut(struct edits *e, size_t start, size_t end, bool comments)
{
	size_t ls = line_start(e, start), le = line_end(e, end);
	const char *tail = e->text + end;
	size_t tn = le - end;
	while (tn && (*tail == ' ' || *tail == '\t')) {
		tail++;
		tn--;
	}
	bool comment_tail = comments && tn >= 2 && tail[0] == '/' &&
			    (tail[1] == '/' || tail[1] == '*');
	if (blank(e->text + ls, start - ls) &&
	    (blank(tail, tn) || comment_tail))
		return edits_add(e, ls, le, NULL);
	/* Mid-line: the element and the blanks after it. */
	while (end < e->len && (e->text[end] == ' ' || e->text[end] == '\t'))
		end++;
	return edits_add(e, start, end, NULL);
}

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->ins == NULL) - (y->ins == NULL); /* insert first */
}

static int edits_apply(struct edits *e, char **ret)
{
	if (e->n) /* qsort of NULL is undefined, even for 0 elements */
		qsort(e->v, e->n, sizeof(*e->v), cmp_edit);
	struct writer_buf b = { 0 };
	size_t pos = 0;
	for (size_t i = 0; i < e->n; i++) {
		const struct edit *x = &e->v[i];
		size_t start = x->start > pos ? x->start : pos;
		writer_buf_printf(&b, "%.*s", (int)(start - pos),
				  e->text + pos);
		pos = start;
		if (x->ins)
			writer_buf_printf(&b, "%s", x->ins);
		else if (x->end > pos)
			pos = x->end;
	}
	writer_buf_printf(&b, "%s", e->text + pos);
	return writer_buf_finish(&b, ret);
}

static bool at(const struct edits *e, size_t off, const char *s)
{
	return strncmp(e->text + off, s, strlen(s)) == 0;
}

/* A call's extent: from seccomp_rule_add to its ';'. */
static int call_span(const struct edits *e, size_t start, size_t *ret_end)
{
	int depth = 0;
	for (size_t i = start; i < e->len; i++) {
		depth += (e->text[i] == '(') - (e->text[i] == ')');
		if (e->text[i] == ')' && depth == 0) {
			size_t j = i + 1;
			while (j < e->len &&
			       (e->text[j] == ' ' || e->text[j] == '\t'))
				j++;
			if (j >= e->len || e->text[j] != ';')
				return -EOPNOTSUPP; /* inside an if (…) */
			*ret_end = j + 1;
			return 0;
		}
	}
	return -EOPNOTSUPP;
}

/* Name j of rule ri out: its element and its comma, or its call. */
static int drop_element(struct edits *e, const struct profile *p, size_t ri,
			size_t j)
{
	const struct profile_rule *r = &p->rules[ri];
	size_t rs = offset_of(e, r->loc), end;
	if (at(e, rs, "seccomp_rule_add")) {
		int k = call_span(e, rs, &end);
		if (k < 0)
			return k;
		if (rs > 0 &&
		    !blank(e->text + line_start(e, rs), rs - line_start(e, rs)))
			return -EOPNOTSUPP; /* r = seccomp_rule_add(…) */
		return cut(e, rs, end, true);
	}
	size_t s = offset_of(e, r->names[j].loc);
	if (p->source.style == PROFILE_SOURCE_SCMP_SYS) {
		/* From the name back to its SCMP_SYS. */
		const char *c = e->text + s;
		while (c > e->text &&
		       (c[-1] == ' ' || c[-1] == '(' || c[-1] == '\t'))
			c--;
		if (c - e->text < 8 || strncmp(c - 8, "SCMP_SYS", 8) != 0)
			return -EOPNOTSUPP;
		const char *close = strchr(e->text + s, ')');
		if (!close)
			return -EOPNOTSUPP;
		s = (size_t)(c - 8 - e->text);
		end = (size_t)(close - e->text) + 1;
	} else {
		const char *q = strchr(e->text + s + 1, e->text[s]);
		if (!q)
			return -EOPNOTSUPP;
		end = (size_t)(q - e->text) + 1;
	}
	size_t k = end;
	while (k < e->len && (e->text[k] == ' ' || e->text[k] == '\t'))
		k++;
	if (k < e->len && e->text[k] == ',')
		end = k + 1;
	return cut(e, s, end, true);
}

/* Added names before the array's '}' (or its NULL): each on a line of
 * its own when the '}' is on its own line, else inline. */
static int add_elements(struct edits *e, const struct profile *p,
			const struct profile_delta *d, const char *indent)
{
	size_t at_off = offset_of(e, p->source.end);
	size_t ls = line_start(e, at_off);
	bool own_line = blank(e->text + ls, at_off - ls);
	const char *c = e->text + at_off;
	while (c > e->text && (c[-1] == ' ' || c[-1] == '\t' || c[-1] == '\n'))
		c--;
	bool comma = c > e->text && (c[-1] == ',' || c[-1] == '{');
	/* C strings side by side are one string: "b" "x" is "bx". */
	if (own_line && !comma) {
		char *k = strdup(",");
		if (!k || edits_add(e, (size_t)(c - e->text),
				    (size_t)(c - e->text), k) < 0)
			return -ENOMEM;
		comma = true;
	}
	struct writer_buf b = { 0 };
	bool scmp = p->source.style == PROFILE_SOURCE_SCMP_SYS;
	for (size_t i = 0; i < d->n_added; i++) {
		const struct profile_delta_rule *x = &d->added[i];
		if (x->dropped || x->action.type != PROFILE_ACT_ALLOW)
			continue;
		const char *o = scmp ? "SCMP_SYS(" : "\"";
		const char *cl = scmp ? ")" : "\"";
		if (own_line)
			writer_buf_printf(&b, "%s%s%s%s,\n", indent, o, x->name,
					  cl);
		else if (comma)
			writer_buf_printf(&b, "%s%s%s, ", o, x->name, cl);
		else
			writer_buf_printf(&b, ", %s%s%s", o, x->name, cl);
		comma = true;
	}
	if (!b.s)
		return 0;
	char *text;
	if (writer_buf_finish(&b, &text) < 0)
		return -ENOMEM;
	return edits_add(e, own_line ? ls : at_off, own_line ? ls : at_off,
			 text);
}

/* Added names as calls like the last allow call, after its line. */
static int add_calls(struct edits *e, const struct profile *p,
		     const struct profile_delta *d)
{
	size_t s = offset_of(e, p->source.end), end;
	size_t ls = line_start(e, s), le = line_end(e, s);
	const char *sys = strstr(e->text + s, "SCMP_SYS(");
	if (p->source.end.line == 0 || call_span(e, s, &end) < 0 || end > le ||
	    !sys || (size_t)(sys - e->text) >= end)
		return -EOPNOTSUPP;
	size_t a = (size_t)(sys - e->text) + 9;
	const char *close = strchr(e->text + a, ')');
	size_t b_off = (size_t)(close - e->text);
	struct writer_buf b = { 0 };
	for (size_t i = 0; i < d->n_added; i++) {
		const struct profile_delta_rule *x = &d->added[i];
		if (x->dropped || x->action.type != PROFILE_ACT_ALLOW)
			continue;
		writer_buf_printf(&b, "%.*s%s%.*s", (int)(a - ls), e->text + ls,
				  x->name, (int)(le - b_off), e->text + b_off);
		if (e->text[le - 1] != '\n')
			writer_buf_printf(&b, "\n");
	}
	if (!b.s)
		return 0;
	char *text;
	if (writer_buf_finish(&b, &text) < 0)
		return -ENOMEM;
	return edits_add(e, le, le, text);
}

static bool adds_any(const struct profile_delta *d)
{
	for (size_t i = 0; d && i < d->n_added; i++)
		if (!d->added[i].dropped &&
		    d->added[i].action.type == PROFILE_ACT_ALLOW)
			return true;
	return false;
}

/* The indentation of the line of the last allowed element. */
static void element_indent(const struct edits *e, const struct profile *p,
			   char *buf, size_t size)
{
	snprintf(buf, size, "\t");
	for (size_t i = p->n_rules; i-- > 0;) {
		if (!p->rules[i].n_names)
			continue;
		size_t off = offset_of(e, p->rules[i].names[0].loc);
		size_t ls = line_start(e, off);
		size_t n = strspn(e->text + ls, " \t");
		if (n < size && ls + n <= off &&
		    !at(e, off, "seccomp_rule_add"))
			snprintf(buf, size, "%.*s", (int)n, e->text + ls);
		return;
	}
}

int writer_trimmed_source(const struct profile *p,
			  const struct profile_delta *d, char **ret)
{
	struct edits e;
	int r = edits_init(&e, p->text);
	for (size_t i = 0; r == 0 && i < p->n_rules; i++)
		for (size_t j = 0; r == 0 && j < p->rules[i].n_names; j++)
			if (profile_delta_dropped(d, i, j))
				r = drop_element(&e, p, i, j);
	if (r == 0 && adds_any(d)) {
		char indent[32];
		element_indent(&e, p, indent, sizeof(indent));
		r = p->source.style == PROFILE_SOURCE_CALLS
			    ? add_calls(&e, p, d)
			    : add_elements(&e, p, d, indent);
	}
	if (r == 0)
		r = edits_apply(&e, ret);
	edits_clear(&e);
	return r;
}

/* A SystemCallFilter= line at off: where its value starts (after '='
 * and a '~'), or 0 when it is no such line. */
static size_t filter_value(const struct edits *e, size_t off, bool *ret_deny)
{
	const char *s = e->text + off;
	s += strspn(s, " \t");
	if (strncmp(s, "SystemCallFilter", 16) != 0)
		return 0;
	s += 16;
	s += strspn(s, " \t");
	if (*s != '=')
		return 0;
	s++;
	s += strspn(s, " \t");
	*ret_deny = *s == '~';
	return (size_t)(s + *ret_deny - e->text);
}

/* Whether a group the unit names (or @default, which every allow list
 * has) allows name: cutting its own token is then not enough. */
static bool from_group(const struct edits *e, const char *name)
{
	for (size_t i = 0; i < systemd_groups_count; i++) {
		const struct systemd_group *g = &systemd_groups[i];
		bool used = strcmp(g->name, "@default") == 0;
		for (const char *s = e->text; !used && (s = strstr(s, g->name));
		     s++) {
			char c = s[strlen(g->name)];
			used = !(c == '-' || c == '_' ||
				 (c >= 'a' && c <= 'z'));
		}
		if (used && systemd_group_has(g, name))
			return true;
	}
	return false;
}

/* A dropped name's tokens out of every allow line; a line left with no
 * names goes (an empty SystemCallFilter= would reset). A name a group
 * allows goes on the ~ line too. */
static int drop_tokens(struct edits *e, const struct profile *p,
		       const struct profile_delta *d, struct writer_buf *tilde)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].n_names && profile_delta_dropped(d, i, 0) &&
		    from_group(e, p->rules[i].names[0].name))
			writer_buf_printf(tilde, " %s",
					  p->rules[i].names[0].name);
	for (size_t l = 1; l <= e->n_lines; l++) {
		bool deny;
		size_t v = filter_value(e, e->lines[l], &deny);
		if (!v || deny)
			continue;
		size_t le = line_end(e, v), first = e->n;
		bool left = false;
		for (size_t c = v; c < le;) {
			size_t n = strcspn(e->text + c, " \t\r\n");
			size_t gap = strspn(e->text + c + n, " \t");
			bool gone = false;
			for (size_t i = 0; i < p->n_rules && n && !gone; i++)
				gone = p->rules[i].n_names &&
				       profile_delta_dropped(d, i, 0) &&
				       strlen(p->rules[i].names[0].name) == n &&
				       strncmp(e->text + c,
					       p->rules[i].names[0].name,
					       n) == 0;
			if (gone && edits_add(e, c, c + n + gap, NULL) < 0)
				return -ENOMEM;
			left |= n && !gone && e->text[c] != '\\';
			c += n + gap + (n + gap == 0);
		}
		if (!left && e->n > first) {
			e->n = first; /* the whole line instead */
			if (edits_add(e, e->lines[l], le, NULL) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* After the last filter line (and the lines it continues on). */
static size_t after_filters(const struct edits *e, const struct profile *p)
{
	size_t off = line_end(e, offset_of(e, p->source.end));
	while (off >= 2 && off < e->len &&
	       (e->text[off - 2] == '\\' ||
		(off >= 3 && e->text[off - 3] == '\\' &&
		 e->text[off - 2] == '\r')))
		off = line_end(e, off);
	return off;
}

int writer_trimmed_systemd(const struct profile *p,
			   const struct profile_delta *d, char **ret)
{
	struct edits e;
	struct writer_buf tilde = { 0 }, added = { 0 }, ins = { 0 };
	int r = edits_init(&e, p->text);
	if (r == 0)
		r = drop_tokens(&e, p, d, &tilde);
	for (size_t i = 0; d && i < d->n_added; i++)
		if (!d->added[i].dropped &&
		    d->added[i].action.type == PROFILE_ACT_ALLOW)
			writer_buf_printf(&added, " %s", d->added[i].name);
	size_t at_off = after_filters(&e, p);
	if (at_off > 0 && p->text[at_off - 1] != '\n')
		writer_buf_printf(&ins, "\n");
	/* A later ~ line takes a group's name out again. */
	if (tilde.s)
		writer_buf_printf(&ins, "SystemCallFilter=~%s\n", tilde.s + 1);
	if (added.s)
		writer_buf_printf(&ins, "SystemCallFilter=%s\n", added.s + 1);
	char *text = NULL;
	if (!tilde.s && !added.s) {
		free(ins.s);
	} else if (r == 0 && writer_buf_finish(&ins, &text) == 0) {
		r = edits_add(&e, at_off, at_off, text);
	} else {
		free(r == 0 ? NULL : ins.s);
		r = r ? r : -ENOMEM;
	}
	if (r == 0)
		r = edits_apply(&e, ret);
	free(tilde.s);
	free(added.s);
	edits_clear(&e);
	return r;
}

/* The line of the last plain (allow-list) SystemCallFilter= line. */
static unsigned last_allow_line(const struct edits *e)
{
	unsigned line = 0;
	for (size_t l = 1; l <= e->n_lines; l++) {
		bool deny;
		size_t v = filter_value(e, e->lines[l], &deny);
		if (v && !deny && !blank(e->text + v, line_end(e, v) - v))
			line = (unsigned)l;
	}
	return line;
}

static const struct profile_rule *rule_of(const struct profile *p,
					  const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (strcmp(p->rules[i].names[j].name, name) == 0)
				return &p->rules[i];
	return NULL;
}

static void fix_systemd(const struct profile *p, const struct edits *e,
			const char *name, char *buf, size_t size)
{
	const struct profile_rule *r = rule_of(p, name);
	unsigned line = last_allow_line(e);
	if (p->source.deny_list && r && r->comment && r->comment[0] == '@')
		snprintf(buf, size,
			 "%s comes from %s in SystemCallFilter=~ at %s:%u: add "
			 "SystemCallFilter=%s after it",
			 name, r->comment, p->path, r->loc.line, name);
	else if (p->source.deny_list && r)
		snprintf(buf, size, "remove %s from SystemCallFilter= at %s:%u",
			 name, p->path, r->loc.line);
	else if (!p->source.deny_list && line)
		snprintf(buf, size, "add %s to SystemCallFilter= at %s:%u",
			 name, p->path, line);
	else
		snprintf(buf, size,
			 "add SystemCallFilter=%s to [Service] in %s", name,
			 p->path);
}

void writer_fix_source(const struct profile *p, const char *name, char *buf,
		       size_t size)
{
	struct edits e;
	if (edits_init(&e, p->text) < 0) {
		snprintf(buf, size, "allow %s in %s", name, p->path);
		return;
	}
	const struct profile_rule *last = NULL;
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].action.type == PROFILE_ACT_ALLOW &&
		    profile_rule_unconditional(&p->rules[i]))
			last = &p->rules[i];
	unsigned line = last ? last->loc.line : p->source.end.line;
	const char *var = p->source.var ? p->source.var : "the array";
	const char *br = p->source.var ? "[]" : "";
	if (p->format == PROFILE_FORMAT_SYSTEMD)
		fix_systemd(p, &e, name, buf, size);
	else if (p->format == PROFILE_FORMAT_GO)
		snprintf(buf, size, "add \"%s\", to the []string at %s:%u",
			 name, p->path, line);
	else if (p->source.style == PROFILE_SOURCE_CALLS)
		snprintf(buf, size,
			 "add seccomp_rule_add(ctx, SCMP_ACT_ALLOW, "
			 "SCMP_SYS(%s), 0); after %s:%u",
			 name, p->path, line);
	else if (p->source.style == PROFILE_SOURCE_SCMP_SYS)
		snprintf(buf, size, "add SCMP_SYS(%s), to %s%s at %s:%u", name,
			 var, br, p->path, line);
	else
		snprintf(buf, size, "add \"%s\", to %s%s at %s:%u", name, var,
			 br, p->path, line);
	edits_clear(&e);
}

void writer_errno_source(const struct profile *p, const char *name, int err,
			 char *buf, size_t size)
{
	const char *e = profile_errno_name((uint32_t)err);
	if (p->format == PROFILE_FORMAT_C)
		snprintf(buf, size,
			 "seccomp_rule_add(ctx, SCMP_ACT_ERRNO(%s), "
			 "SCMP_SYS(%s), 0);",
			 e, name);
	else if (p->format == PROFILE_FORMAT_GO)
		snprintf(buf, size,
			 "filter.AddRule(call, seccomp.ActErrno.SetReturnCode("
			 "int16(unix.%s))) for \"%s\"",
			 e, name);
	else if (p->source.deny_list)
		snprintf(buf, size, "SystemCallFilter=~%s:%s", name, e);
	else
		snprintf(buf, size,
			 "SystemCallErrorNumber=%s with %s left out of "
			 "SystemCallFilter= (an allow list answers all it "
			 "leaves out so)",
			 e, name);
}
