/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Plain list reader: one syscall per line, '#' comments, blank lines,
 * optional "name errno=EPERM" for a denial the workload tolerates.
 * The default action of a list is kill-process, as the article's
 * hand-made allowlists behave. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "profile-read.h"
#include "strmap.h"
#include "util.h"

static bool same_action(struct profile_action a, struct profile_action b)
{
	return a.type == b.type && a.value == b.value;
}

/* seen: each name's first rule, so a long list is not walked per line. */
static int parse_line(struct profile *p, struct strmap *seen, char *line,
		      unsigned lineno, struct diag *d)
{
	char *comment = strchr(line, '#');
	if (comment)
		*comment++ = '\0';
	char *save = NULL;
	char *name = strtok_r(line, " \t", &save);
	if (!name)
		return 0;
	unsigned col = (unsigned)(name - line) + 1;

	struct profile_action act = { PROFILE_ACT_ALLOW, 0 };
	char *tok;
	while ((tok = strtok_r(NULL, " \t", &save))) {
		unsigned tcol = (unsigned)(tok - line) + 1;
		if (act.type == PROFILE_ACT_ERRNO) {
			diag_set(d, -EINVAL, NULL, lineno, tcol,
				 "a second errno for '%.*s%s'",
				 DIAG_QUOTE(name));
			diag_hint(d, "give one errno=… per line");
			return -EINVAL;
		}
		if (strncmp(tok, "errno=", 6) != 0) {
			diag_set(d, -EINVAL, NULL, lineno, tcol,
				 "unexpected '%.*s%s' after syscall '%.*s%s'",
				 DIAG_QUOTE(tok), DIAG_QUOTE(name));
			diag_hint(d, "a line holds one name, optionally "
				     "followed by errno=EPERM or errno=38");
			return -EINVAL;
		}
		/* A list is text, not C: 010 is ECHILD to a reader and
		 * ENOEXEC to strtoul, 0x26 no errno anyone writes there.
		 * Decimal only (C and Go profiles keep their literals). */
		uint32_t e = 0;
		uint64_t dec;
		const char *num = tok + 6;
		int r = -EINVAL;
		if (!isdigit((unsigned char)num[0]) ||
		    util_parse_dec(num, &dec) == 0)
			r = profile_errno_parse(num, &e);
		if (r < 0 || e == 0) {
			diag_set(d, -EINVAL, NULL, lineno, tcol + 6,
				 "bad errno '%.*s%s' for '%.*s%s'",
				 DIAG_QUOTE(tok + 6), DIAG_QUOTE(name));
			diag_hint(d, "use a name such as EPERM or ENOSYS, or "
				     "a number from 1 to 4095");
			return -EINVAL;
		}
		act = (struct profile_action){ PROFILE_ACT_ERRNO, e };
	}
	if (!profile_name_valid(name)) {
		diag_set(d, -EINVAL, NULL, lineno, col,
			 "'%.*s%s' is not a syscall name", DIAG_QUOTE(name));
		diag_hint(d, "names are lower case letters, digits and '_' "
			     "(one per line)");
		return -EINVAL;
	}

	size_t prev;
	if (strmap_get(seen, name, &prev) == 0 &&
	    !same_action(p->rules[prev].action, act)) {
		char a[64], b[64];
		profile_action_describe(p->rules[prev].action, a, sizeof(a));
		profile_action_describe(act, b, sizeof(b));
		diag_set(d, -EINVAL, NULL, lineno, col,
			 "'%s' is listed again with another action (%s here, "
			 "%s at line %u)",
			 name, b, a, p->rules[prev].loc.line);
		diag_hint(d, "keep one of the two lines");
		return -EINVAL;
	}

	struct profile_rule *rule = profile_add_rule(p);
	if (!rule)
		return -ENOMEM;
	rule->loc = (struct profile_loc){ p->path, lineno, col };
	rule->action = act;
	if (comment) {
		comment = util_strstrip(comment);
		if (*comment && !(rule->comment = strdup(comment)))
			return -ENOMEM;
	}
	struct profile_name *nm = profile_rule_add_name(rule, name, rule->loc);
	if (!nm || strmap_add(seen, nm->name, p->n_rules - 1, NULL) < 0)
		return -ENOMEM;
	return 0;
}

int profile_read_list(struct profile *p, const char *text, size_t len,
		      struct diag *d)
{
	cleanup_free char *copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	p->default_action =
		(struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };

	__attribute__((cleanup(strmap_free))) struct strmap seen = STRMAP_INIT;
	unsigned lineno = 0;
	char *s = copy;
	while (s && *s) {
		char *nl = strchr(s, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		size_t n = strlen(s);
		/* CRLF is a Windows editor's line end, not an error; a lone
		 * CR inside a line is. */
		if (n && s[n - 1] == '\r')
			s[--n] = '\0';
		char *cr = strchr(s, '\r');
		if (cr) {
			diag_set(d, -EINVAL, NULL, lineno,
				 (unsigned)(cr - s) + 1,
				 "stray carriage return inside a line");
			diag_hint(d, "save the file with Unix (LF) or Windows "
				     "(CRLF) line ends");
			return -EINVAL;
		}
		int r = parse_line(p, &seen, s, lineno, d);
		if (r < 0)
			return r;
		s = nl ? nl + 1 : NULL;
	}
	if (p->n_rules == 0) {
		diag_set(d, -EINVAL, NULL, 0, 0,
			 "no syscall names: the profile is empty");
		diag_hint(d, "list one syscall per line, or record a first "
			     "profile with 'scaudit record'");
		return -EINVAL;
	}
	return 0;
}
