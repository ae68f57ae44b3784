/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* strace -c reader: the summary table `strace -qcf CMD` prints, with or
 * without -w/-S, after whatever the workload itself wrote. The columns
 * are counted and named from the header and the dashes line under it; a
 * row's words fill them in order, but for the errors column, blank for
 * syscalls that never failed (a row one word short). Words, not character
 * ranges: a count wider than its column pushes the rest of the row to the
 * right. Every row becomes an allow rule carrying its calls and errors;
 * the default action is kill-process. */
#include <ctype.h>
#include <inttypes.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "profile-read.h"
#include "strmap.h"
#include "util.h"

#define MAX_COLS 12

struct table {
	size_t start[MAX_COLS], end[MAX_COLS];
	size_t n;
	int calls, errors, name; /* column indices, -1 when absent */
};

static bool is_dashes(const char *s)
{
	bool any = false;
	for (; *s; s++) {
		if (*s == '-')
			any = true;
		else if (*s != ' ')
			return false;
	}
	return any;
}

static void field(const char *line, const struct table *t, size_t col,
		  char *buf, size_t size)
{
	size_t len = strlen(line), a = t->start[col];
	/* The last column (the name) may run past its dashes. */
	size_t b = col + 1 == t->n ? len : t->end[col];
	if (a > len)
		a = len;
	if (b > len)
		b = len;
	size_t n = b - a < size - 1 ? b - a : size - 1;
	memcpy(buf, line + a, n);
	buf[n] = '\0';
	char *s = util_strstrip(buf);
	memmove(buf, s, strlen(s) + 1);
}

static int columns(const char *header, const char *dashes, struct table *t)
{
	t->n = 0;
	t->calls = t->errors = t->name = -1;
	size_t i = 0, len = strlen(dashes);
	while (i < len && t->n < MAX_COLS) {
		while (i < len && dashes[i] == ' ')
			i++;
		if (i >= len)
			break;
		t->start[t->n] = i;
		while (i < len && dashes[i] == '-')
			i++;
		t->end[t->n++] = i;
	}
	for (size_t c = 0; c < t->n; c++) {
		char h[64];
		field(header, t, c, h, sizeof(h));
		if (strcmp(h, "calls") == 0)
			t->calls = (int)c;
		else if (strcmp(h, "errors") == 0)
			t->errors = (int)c;
		else if (strcmp(h, "syscall") == 0)
			t->name = (int)c;
	}
	return t->calls >= 0 && t->name >= 0 ? 0 : -EINVAL;
}

/* A count: digits only (blank is 0), at most 2^64-1. -EINVAL, -ERANGE. */
static int parse_count(const char *s, uint64_t *ret)
{
	if (!*s) {
		*ret = 0;
		return 0;
	}
	for (const char *c = s; *c; c++)
		if (!isdigit((unsigned char)*c))
			return -EINVAL;
	return util_parse_u64(s, ret);
}

/* A row cut into the table's columns. strace pads each column to its
 * width, but a number wider than that (a billion calls) pushes the rest
 * of the row to the right: fields are the row's words, not the character
 * ranges of the dashes. Only the errors column is ever blank. */
struct row {
	const char *f[MAX_COLS];
	unsigned col[MAX_COLS]; /* 1-based, for messages */
};

/* Split line (modified in place) into r. Returns 0, or the number of
 * words when they do not fill the table's columns. */
static size_t split_row(char *line, const struct table *t, struct row *r)
{
	char *w[MAX_COLS + 1];
	unsigned wc[MAX_COLS + 1];
	size_t n = 0;
	char *s = line;
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n == ARRAY_SIZE(w))
			return n + 1; /* too many: the count is only shown */
		w[n] = s;
		wc[n++] = (unsigned)(s - line) + 1;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = '\0';
	}
	size_t blank = SIZE_MAX;
	if (n + 1 == t->n && t->errors >= 0)
		blank = (size_t)t->errors;
	else if (n != t->n)
		return n ? n : 1;
	for (size_t c = 0, k = 0; c < t->n; c++) {
		if (c == blank) {
			r->f[c] = "";
			r->col[c] = k < n ? wc[k] : wc[n - 1];
			continue;
		}
		r->f[c] = w[k];
		r->col[c] = wc[k++];
	}
	return 0;
}

static int bad_count(struct diag *d, unsigned lineno, unsigned col,
		     const char *what, const char *s, int r)
{
	if (r == -ERANGE)
		return diag_set(d, -EINVAL, NULL, lineno, col,
				"%s count '%.*s%s' is larger than 2^64-1", what,
				DIAG_QUOTE(s));
	return diag_set(d, -EINVAL, NULL, lineno, col,
			"bad %s count '%.*s%s' in the strace table", what,
			DIAG_QUOTE(s));
}

/* strace names syscalls it does not know "syscall_0x1b4": name them. */
static void resolve_unknown(char *name, size_t size)
{
	uint64_t nr;
	if (strncmp(name, "syscall_", 8) != 0 ||
	    util_parse_u64(name + 8, &nr) < 0 || nr > 100000)
		return;
	char known[64];
	if (syscalls_name(syscalls_native_arch(), (int)nr, known,
			  sizeof(known)) == 0)
		snprintf(name, size, "%s", known);
}

/* rules: each name's rule, as tables of several personalities repeat
 * names and a long table must not be walked per row. */
static int parse_row(struct profile *p, struct strmap *rules,
		     const struct table *t, char *line, unsigned lineno,
		     uint64_t *sum, struct diag *d)
{
	struct row row;
	size_t words = split_row(line, t, &row);
	if (words) {
		diag_set(d, -EINVAL, NULL, lineno, 1,
			 "a row of %zu fields in a table of %zu columns", words,
			 t->n);
		diag_hint(d, "is this an unfinished or edited strace table?");
		return -EINVAL;
	}
	const char *calls_s = row.f[t->calls];
	const char *errors_s = t->errors >= 0 ? row.f[t->errors] : "";
	unsigned col = row.col[t->name];

	uint64_t calls, errors;
	int r = parse_count(calls_s, &calls);
	if (r < 0)
		return bad_count(d, lineno, row.col[t->calls], "calls", calls_s,
				 r);
	if ((r = parse_count(errors_s, &errors)) < 0)
		return bad_count(d, lineno, row.col[t->errors], "errors",
				 errors_s, r);
	/* Each error is one of the calls: more is an edited table. */
	if (errors > calls) {
		diag_set(d, -EINVAL, NULL, lineno, row.col[t->errors],
			 "%" PRIu64 " errors of %" PRIu64 " calls", errors,
			 calls);
		diag_hint(d, "is this an unfinished or edited strace table?");
		return -EINVAL;
	}
	const char *word = row.f[t->name];
	char name[80] = "";
	if (strlen(word) < sizeof(name)) {
		memcpy(name, word, strlen(word) + 1);
		resolve_unknown(name, sizeof(name));
	}
	if (!profile_name_valid(name)) {
		diag_set(d, -EINVAL, NULL, lineno, col,
			 "'%.*s%s' is not a syscall name", DIAG_QUOTE(word));
		diag_hint(d, "is this an unfinished or edited strace table?");
		return -EINVAL;
	}
	if (calls > UINT64_MAX - *sum)
		return diag_set(d, -EINVAL, NULL, lineno, row.col[t->calls],
				"the calls add up to more than 2^64-1");
	*sum += calls;

	struct profile_rule *rule;
	size_t at;
	if (strmap_get(rules, name, &at) == 0) {
		rule = &p->rules[at];
	} else {
		rule = profile_add_rule(p);
		if (!rule)
			return -ENOMEM;
		rule->loc = (struct profile_loc){ p->path, lineno, col };
		rule->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
		struct profile_name *added =
			profile_rule_add_name(rule, name, rule->loc);
		if (!added ||
		    strmap_add(rules, added->name, p->n_rules - 1, NULL) < 0)
			return -ENOMEM;
	}
	/* One table per personality (64 bit, 32 bit, x32): add them up,
	 * stopping at the top rather than wrapping. */
	struct profile_name *nm = &rule->names[0];
	nm->calls =
		calls > UINT64_MAX - nm->calls ? UINT64_MAX : nm->calls + calls;
	nm->errors = errors > UINT64_MAX - nm->errors ? UINT64_MAX
						      : nm->errors + errors;
	return 0;
}

/* The reading of one or more tables, line by line. */
struct reading {
	enum { SEEK_HEADER, SEEK_DASHES, ROWS, TOTAL } state;
	struct table t;
	char header[512];
	unsigned header_line, lineno, tables;
	uint64_t sum;
	struct strmap rules;
};

/* The "total" line that ends a table: its calls must add up. */
static int parse_total(struct reading *g, char *s, struct diag *d)
{
	struct row row;
	uint64_t total;
	if (split_row(s, &g->t, &row) != 0 ||
	    strcmp(row.f[g->t.name], "total") != 0 ||
	    parse_count(row.f[g->t.calls], &total) < 0) {
		diag_set(d, -EINVAL, NULL, g->lineno, 1,
			 "expected the strace table's 'total' line");
		diag_hint(d, "the table looks cut short: copy all of it");
		return -EINVAL;
	}
	if (total != g->sum) {
		diag_set(d, -EINVAL, NULL, g->lineno, 1,
			 "the calls add up to %llu but the total line says "
			 "%llu",
			 (unsigned long long)g->sum, (unsigned long long)total);
		diag_hint(d, "rows are missing or were edited");
		return -EINVAL;
	}
	g->tables++;
	g->state = SEEK_HEADER;
	return 0;
}

static int read_line(struct profile *p, struct reading *g, char *s,
		     struct diag *d)
{
	switch (g->state) {
	case SEEK_HEADER:
		if (strstr(s, "calls") && strstr(s, "syscall")) {
			snprintf(g->header, sizeof(g->header), "%s", s);
			g->header_line = g->lineno;
			g->state = SEEK_DASHES;
		}
		return 0;
	case SEEK_DASHES:
		if (!is_dashes(s) || columns(g->header, s, &g->t) < 0)
			return diag_set(
				d, -EINVAL, NULL, g->header_line, 1,
				"strace table header without its "
				"'------' line or without calls/syscall "
				"columns");
		g->state = ROWS;
		g->sum = 0;
		return 0;
	case ROWS:
		if (is_dashes(s)) {
			g->state = TOTAL;
			return 0;
		}
		if (!*util_strstrip(s))
			return diag_set(d, -EINVAL, NULL, g->lineno, 1,
					"blank line inside the strace table");
		return parse_row(p, &g->rules, &g->t, s, g->lineno, &g->sum, d);
	case TOTAL:
		return parse_total(g, s, d);
	}
	return 0;
}

/* How the text ended: inside a table, or with none at all. */
static int check_end(const struct profile *p, const struct reading *g,
		     struct diag *d)
{
	if (g->state == SEEK_DASHES)
		return diag_set(d, -EINVAL, NULL, g->header_line, 1,
				"strace table header without its '------' "
				"line");
	if (g->state == ROWS || g->state == TOTAL) {
		diag_set(d, -EINVAL, NULL, g->lineno, 0,
			 "the strace table ends without its 'total' line");
		diag_hint(d, "the table looks cut short: copy all of it");
		return -EINVAL;
	}
	if (g->tables == 0) {
		diag_set(d, -EINVAL, NULL, 1, 0, "no 'strace -c' table found");
		diag_hint(d, "run 'strace -qcf -o FILE CMD' and give FILE");
		return -EINVAL;
	}
	if (p->n_rules == 0)
		return diag_set(d, -EINVAL, NULL, g->header_line, 1,
				"the strace table lists no syscalls");
	return 0;
}

static void reading_free(struct reading *g)
{
	strmap_free(&g->rules);
}

int profile_read_strace(struct profile *p, const char *text, size_t len,
			struct diag *d)
{
	cleanup_free char *copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	p->default_action =
		(struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };
	__attribute__((cleanup(reading_free))) struct reading g = {
		.state = SEEK_HEADER,
		.rules = STRMAP_INIT,
	};
	for (char *s = copy; s && *s;) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		g.lineno++;
		size_t n = strlen(s);
		if (n && s[n - 1] == '\r')
			s[--n] = '\0';
		int r = read_line(p, &g, s, d);
		if (r < 0)
			return r;
		s = nl ? nl + 1 : NULL;
	}
	return check_end(p, &g, d);
}
