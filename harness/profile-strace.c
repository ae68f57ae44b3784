/* strace -c reader: the summary table `strace -qcf CMD` prints, with or
 * without -w/-S, after whatever the workload itself wrote. Columns are
 * found from the dashes line under the header, because the errors column
 * is blank for syscalls that never failed. Every row becomes an allow rule
 * carrying its calls and errors; the default action is kill-process. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "profile-read.h"
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

static struct profile_rule *find_rule(struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (strcmp(p->rules[i].names[0].name, name) == 0)
			return &p->rules[i];
	return NULL;
}

static int parse_row(struct profile *p, const struct table *t, const char *line,
		     unsigned lineno, uint64_t *sum, struct diag *d)
{
	char calls_s[32], errors_s[32] = "", name[80];
	field(line, t, (size_t)t->calls, calls_s, sizeof(calls_s));
	if (t->errors >= 0)
		field(line, t, (size_t)t->errors, errors_s, sizeof(errors_s));
	field(line, t, (size_t)t->name, name, sizeof(name));
	unsigned col = (unsigned)t->start[t->name] + 1;

	uint64_t calls, errors;
	if (parse_count(calls_s, &calls) < 0 || !*calls_s)
		return diag_set(d, -EINVAL, NULL, lineno,
				(unsigned)t->start[t->calls] + 1,
				"bad calls count '%s' in the strace table",
				calls_s);
	if (parse_count(errors_s, &errors) < 0)
		return diag_set(d, -EINVAL, NULL, lineno,
				(unsigned)t->start[t->errors] + 1,
				"bad errors count '%s' in the strace table",
				errors_s);
	if (!*name)
		return diag_set(d, -EINVAL, NULL, lineno, col,
				"row without a syscall name");
	resolve_unknown(name, sizeof(name));
	if (!profile_name_valid(name)) {
		diag_set(d, -EINVAL, NULL, lineno, col,
			 "'%s' is not a syscall name", name);
		diag_hint(d, "is this an unfinished or edited strace table?");
		return -EINVAL;
	}
	*sum += calls;

	struct profile_rule *rule = find_rule(p, name);
	if (!rule) {
		rule = profile_add_rule(p);
		if (!rule)
			return -ENOMEM;
		rule->loc = (struct profile_loc){ p->path, lineno, col };
		rule->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
		if (!profile_rule_add_name(rule, name, rule->loc))
			return -ENOMEM;
	}
	/* One table per personality (64 bit, 32 bit, x32): add them up. */
	rule->names[0].calls += calls;
	rule->names[0].errors += errors;
	return 0;
}

int profile_read_strace(struct profile *p, const char *text, size_t len,
			struct diag *d)
{
	cleanup_free char *copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	p->default_action =
		(struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };

	enum { SEEK_HEADER, SEEK_DASHES, ROWS, TOTAL } state = SEEK_HEADER;
	struct table t;
	char header[512] = "";
	unsigned header_line = 0, lineno = 0, tables = 0;
	uint64_t sum = 0;
	char *s = copy;
	while (s && *s) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		size_t n = strlen(s);
		if (n && s[n - 1] == '\r')
			s[--n] = '\0';

		switch (state) {
		case SEEK_HEADER:
			if (strstr(s, "calls") && strstr(s, "syscall")) {
				snprintf(header, sizeof(header), "%s", s);
				header_line = lineno;
				state = SEEK_DASHES;
			}
			break;
		case SEEK_DASHES:
			if (!is_dashes(s) || columns(header, s, &t) < 0)
				return diag_set(d, -EINVAL, NULL, header_line,
						1,
						"strace table header without "
						"its '------' line or without "
						"calls/syscall columns");
			state = ROWS;
			sum = 0;
			break;
		case ROWS:
			if (is_dashes(s)) {
				state = TOTAL;
				break;
			}
			if (!*util_strstrip(s))
				return diag_set(d, -EINVAL, NULL, lineno, 1,
						"blank line inside the strace "
						"table");
			{
				int r = parse_row(p, &t, s, lineno, &sum, d);
				if (r < 0)
					return r;
			}
			break;
		case TOTAL: {
			char name[32], calls_s[32];
			field(s, &t, (size_t)t.name, name, sizeof(name));
			field(s, &t, (size_t)t.calls, calls_s, sizeof(calls_s));
			uint64_t total;
			if (strcmp(name, "total") != 0 ||
			    parse_count(calls_s, &total) < 0) {
				diag_set(d, -EINVAL, NULL, lineno, 1,
					 "expected the strace table's 'total' "
					 "line");
				diag_hint(d, "the table looks cut short: "
					     "copy all of it");
				return -EINVAL;
			}
			if (total != sum) {
				diag_set(d, -EINVAL, NULL, lineno, 1,
					 "the calls add up to %llu but the "
					 "total line says %llu",
					 (unsigned long long)sum,
					 (unsigned long long)total);
				diag_hint(d, "rows are missing or were edited");
				return -EINVAL;
			}
			tables++;
			state = SEEK_HEADER;
			break;
		}
		}
		s = nl ? nl + 1 : NULL;
	}
	if (state == SEEK_DASHES)
		return diag_set(d, -EINVAL, NULL, header_line, 1,
				"strace table header without its '------' "
				"line");
	if (state == ROWS || state == TOTAL) {
		diag_set(d, -EINVAL, NULL, lineno, 0,
			 "the strace table ends without its 'total' line");
		diag_hint(d, "the table looks cut short: copy all of it");
		return -EINVAL;
	}
	if (tables == 0) {
		diag_set(d, -EINVAL, NULL, 1, 0, "no 'strace -c' table found");
		diag_hint(d, "run 'strace -qcf -o FILE CMD' and give FILE");
		return -EINVAL;
	}
	if (p->n_rules == 0)
		return diag_set(d, -EINVAL, NULL, header_line, 1,
				"the strace table lists no syscalls");
	return 0;
}
