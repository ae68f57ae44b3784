/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* systemd reader: a unit file or drop-in's [Service] SystemCallFilter=,
 * SystemCallErrorNumber= and SystemCallArchitectures= (other sections
 * and keys are the unit's), or a file of bare such lines. As systemd
 * (src/core/load-fragment.c, src/shared/seccomp-util.c) reads them:
 *  - the first non-empty SystemCallFilter= decides: an allow list (and
 *    then @default is allowed too, implicitly), or with a leading '~' a
 *    deny list (default allow);
 *  - later lines of the same kind add names, of the other kind remove
 *    them; an empty assignment resets;
 *  - @groups expand (recursively) from systemd-groups.c's table; a
 *    group's names libseccomp does not know are skipped, as systemd does;
 *  - a deny list's "name:EPERM" denies with that errno ("kill": kills),
 *    SystemCallErrorNumber= is the errno of the rest (unset: kill).
 * One rule per name, at its token (a group's at the group's token, its
 * comment the group). systemd ignores an allow-listed "name:errno" with a
 * warning; here it is an error, since the name is then not allowed. */
#include <errno.h>
#include <string.h>

#include "profile-read.h"
#include "strmap.h"
#include "systemd-groups.h"
#include "util.h"

#define ERR_DEFAULT (-1) /* SystemCallErrorNumber='s, or kill */
#define ERR_KILL (-2)

struct entry {
	char *name;
	int err; /* a deny list's errno, ERR_DEFAULT or ERR_KILL */
	struct profile_loc loc;
	const char *group; /* "@basic-io" when it came from one; static */
	bool removed;
};

struct unit {
	struct profile *p;
	struct diag *d;
	struct entry *v;
	size_t n, alloc;
	struct strmap index; /* name → entry */
	enum { MODE_NONE, MODE_ALLOW, MODE_DENY } mode;
	int errno_number; /* SystemCallErrorNumber=; 0: kill */
	struct profile_loc errno_loc, first;
	/* A pointer into copy (continuations joined) to a line and column
	 * of text, moving forward only. */
	const char *text, *copy, *cur, *cur_line;
	unsigned line;
};

static struct profile_loc loc_at(struct unit *u, const char *copy_at)
{
	const char *at = u->text + (copy_at - u->copy);
	for (; u->cur < at; u->cur++)
		if (*u->cur == '\n') {
			u->line++;
			u->cur_line = u->cur + 1;
		}
	return (struct profile_loc){ u->p->path, u->line,
				     (unsigned)(at - u->cur_line) + 1 };
}

/* Allowed (an allow list's name, a deny list's plain name) or denied. */
static int apply(struct unit *u, const char *name, bool invert, int err,
		 struct profile_loc loc, const char *group)
{
	size_t i;
	bool add = invert == (u->mode == MODE_DENY);
	if (strmap_get(&u->index, name, &i) < 0) {
		if (!add)
			return 0;
		void *a = u->v;
		if (util_grow(&a, &u->alloc, u->n, sizeof(*u->v)) < 0)
			return -ENOMEM;
		u->v = a;
		char *copy = strdup(name);
		if (!copy)
			return -ENOMEM;
		u->v[u->n] = (struct entry){ copy, err, loc, group, false };
		return strmap_add(&u->index, copy, u->n++, NULL) < 0 ? -ENOMEM
								     : 0;
	}
	struct entry *e = &u->v[i];
	if (!add) {
		e->removed = true;
		return 0;
	}
	/* systemd updates the errno; the place to edit is the last token
	 * that names it, a group's only when nothing else does. */
	e->err = err;
	if (e->removed || !group || e->group) {
		e->loc = loc;
		e->group = group;
	}
	e->removed = false;
	return 0;
}

static int unknown_group(struct unit *u, const char *name,
			 struct profile_loc loc)
{
	diag_set(u->d, -EINVAL, NULL, loc.line, loc.column,
		 "unknown syscall group '%.*s%s'", DIAG_QUOTE(name));
	const char *best = NULL;
	unsigned best_d = 3;
	for (size_t i = 0; i < systemd_groups_count; i++) {
		unsigned dist =
			util_edit_distance(name, systemd_groups[i].name, 3);
		if (dist < best_d) {
			best_d = dist;
			best = systemd_groups[i].name;
		}
	}
	if (best)
		diag_hint(u->d, "did you mean '%s'? (the groups of systemd %s)",
			  best, systemd_groups_version);
	else
		diag_hint(u->d,
			  "'systemd-analyze syscall-filter' lists the groups "
			  "(scaudit knows those of systemd %s)",
			  systemd_groups_version);
	return -EINVAL;
}

/* A group's names, its own groups' too. */
static int expand(struct unit *u, const struct systemd_group *g, bool invert,
		  int err, struct profile_loc loc, unsigned depth)
{
	char name[80];
	for (const char *s = g->members; *s;) {
		size_t n = strcspn(s, " ");
		if (n && n < sizeof(name)) {
			memcpy(name, s, n);
			name[n] = '\0';
			const struct systemd_group *sub =
				name[0] == '@' ? systemd_group_find(name)
					       : NULL;
			int r = 0;
			if (sub && depth < 8)
				r = expand(u, sub, invert, err, loc, depth + 1);
			else if (name[0] != '@' &&
				 (syscalls_known(name) ||
				  syscalls_newer_than_libseccomp(name)))
				r = apply(u, name, invert, err, loc, g->name);
			if (r < 0)
				return r;
		}
		s += n;
		s += strspn(s, " ");
	}
	return 0;
}

/* "name", "name:EPERM", "@group:kill". */
static int token(struct unit *u, char *tok, bool invert, struct profile_loc loc)
{
	int err = ERR_DEFAULT;
	char *colon = strchr(tok, ':');
	if (colon) {
		*colon++ = '\0';
		uint32_t e;
		if (!invert) {
			diag_set(u->d, -EINVAL, NULL, loc.line, loc.column,
				 "'%.*s%s:%.*s%s': an allow list's names take "
				 "no errno (systemd ignores the whole word)",
				 DIAG_QUOTE(tok), DIAG_QUOTE(colon));
			diag_hint(u->d,
				  "drop ':%.*s%s', or deny it in a line "
				  "of its own: SystemCallFilter=~%.*s%s:%.*s%s",
				  DIAG_QUOTE(colon), DIAG_QUOTE(tok),
				  DIAG_QUOTE(colon));
			return -EINVAL;
		}
		if (strcmp(colon, "kill") == 0)
			err = ERR_KILL;
		else if (profile_errno_parse(colon, &e) == 0)
			err = (int)e;
		else
			return diag_set(u->d, -EINVAL, NULL, loc.line,
					loc.column + (unsigned)(colon - tok),
					"bad errno '%.*s%s' for '%.*s%s'",
					DIAG_QUOTE(colon), DIAG_QUOTE(tok));
	}
	if (tok[0] == '@') {
		const struct systemd_group *g = systemd_group_find(tok);
		if (!g)
			return unknown_group(u, tok, loc);
		return expand(u, g, invert, err, loc, 0);
	}
	if (!profile_name_valid(tok)) {
		diag_set(u->d, -EINVAL, NULL, loc.line, loc.column,
			 "'%.*s%s' is not a syscall name", DIAG_QUOTE(tok));
		diag_hint(u->d, "names are lower case letters, digits and '_', "
				"or @groups; systemd has no comments after a "
				"value");
		return -EINVAL;
	}
	return apply(u, tok, invert, err, loc, NULL);
}

static void reset(struct unit *u)
{
	for (size_t i = 0; i < u->n; i++)
		u->v[i].removed = true;
	u->mode = MODE_NONE;
}

static int filter_line(struct unit *u, char *value, struct profile_loc line)
{
	if (!*value) {
		reset(u);
		return 0;
	}
	bool invert = value[0] == '~';
	struct profile_loc vloc = loc_at(u, value);
	if (u->mode == MODE_NONE) {
		u->mode = invert ? MODE_DENY : MODE_ALLOW;
		u->first = line;
		int r = invert ? 0
			       : expand(u, systemd_group_find("@default"),
					false, ERR_DEFAULT, vloc, 0);
		if (r < 0)
			return r;
	}
	u->p->source.end = line;
	char *save = NULL;
	for (char *t = strtok_r(value + invert, " \t\r", &save); t;
	     t = strtok_r(NULL, " \t\r", &save)) {
		int r = token(u, t, invert, loc_at(u, t));
		if (r < 0)
			return r;
	}
	return 0;
}

static int errno_line(struct unit *u, const char *value, struct profile_loc loc)
{
	uint32_t e;
	u->errno_loc = loc;
	if (!*value || strcmp(value, "kill") == 0) {
		u->errno_number = 0;
		return 0;
	}
	if (profile_errno_parse(value, &e) < 0 || e == 0) {
		diag_set(u->d, -EINVAL, NULL, loc.line, loc.column,
			 "bad SystemCallErrorNumber= '%.*s%s'",
			 DIAG_QUOTE(value));
		diag_hint(u->d, "use a name such as EPERM, a number from 1 to "
				"4095, or kill");
		return -EINVAL;
	}
	u->errno_number = (int)e;
	return 0;
}

static int arch_line(struct unit *u, char *value)
{
	struct strv *a = &u->p->architectures;
	if (!*value) {
		strv_clear(a);
		return 0;
	}
	char *save = NULL;
	for (char *t = strtok_r(value, " \t\r", &save); t;
	     t = strtok_r(NULL, " \t\r", &save)) {
		uint32_t arch;
		if (systemd_arch_parse(t, &arch) < 0) {
			struct profile_loc l = loc_at(u, t);
			diag_set(u->d, -EINVAL, NULL, l.line, l.column,
				 "unknown architecture '%.*s%s'",
				 DIAG_QUOTE(t));
			diag_hint(u->d, "use native, x86-64, x86, x32, arm64, "
					"arm, ppc64-le, s390x, riscv64, …");
			return -EINVAL;
		}
		if (strv_add_unique(a, syscalls_arch_name(arch)) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* One KEY=VALUE of the [Service] section (or of a bare file). */
static int key_line(struct unit *u, char *line)
{
	struct profile_loc loc = loc_at(u, line);
	char *eq = strchr(line, '=');
	if (!eq) {
		diag_set(u->d, -EINVAL, NULL, loc.line, loc.column,
			 "'%.*s%s' is no KEY=VALUE line", DIAG_QUOTE(line));
		diag_hint(u->d, "write SystemCallFilter=read write … (a plain "
				"list of names is the list format)");
		return -EINVAL;
	}
	*eq = '\0';
	char *key = util_strstrip(line), *value = util_strstrip(eq + 1);
	if (strcmp(key, "SystemCallFilter") == 0)
		return filter_line(u, value, loc);
	if (strcmp(key, "SystemCallErrorNumber") == 0)
		return errno_line(u, value, loc);
	if (strcmp(key, "SystemCallArchitectures") == 0)
		return arch_line(u, value);
	return 0;
}

static int read_lines(struct unit *u, char *copy)
{
	bool sections = false, service = false;
	for (char *s = copy, *nl; s && *s; s = nl ? nl + 1 : NULL) {
		if ((nl = strchr(s, '\n')))
			*nl = '\0';
		char *line = s + strspn(s, " \t\r");
		char *end = line + strlen(line);
		while (end > line &&
		       (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (!*line || *line == '#' || *line == ';')
			continue;
		if (*line == '[') {
			sections = true;
			service = strcmp(line, "[Service]") == 0;
			continue;
		}
		if (sections && !service)
			continue;
		int r = key_line(u, line);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The entries as rules: allowed names, or a deny list's denials. */
static int make_rules(struct unit *u)
{
	struct profile *p = u->p;
	struct profile_action denial = { PROFILE_ACT_KILL_PROCESS, 0 };
	if (u->errno_number)
		denial = (struct profile_action){ PROFILE_ACT_ERRNO,
						  (uint32_t)u->errno_number };
	bool deny = u->mode == MODE_DENY;
	p->source.deny_list = deny;
	p->default_action =
		deny ? (struct profile_action){ PROFILE_ACT_ALLOW, 0 } : denial;
	p->default_loc = deny || !u->errno_number ? u->first : u->errno_loc;
	for (size_t i = 0; i < u->n; i++) {
		const struct entry *e = &u->v[i];
		if (e->removed)
			continue;
		struct profile_rule *r = profile_add_rule(p);
		if (!r || !profile_rule_add_name(r, e->name, e->loc))
			return -ENOMEM;
		r->loc = e->loc;
		r->action = (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
		if (deny && e->err >= 0)
			r->action = (struct profile_action){ PROFILE_ACT_ERRNO,
							     (uint32_t)e->err };
		else if (deny)
			r->action =
				e->err == ERR_KILL
					? (struct profile_action){ PROFILE_ACT_KILL_PROCESS,
								   0 }
					: denial;
		if (e->group && !(r->comment = strdup(e->group)))
			return -ENOMEM;
	}
	return 0;
}

int profile_read_systemd(struct profile *p, const char *text, size_t len,
			 struct diag *d)
{
	cleanup_free char *copy = strndup(text, len);
	if (!copy)
		return -ENOMEM;
	/* A backslash ends a line that goes on: joined, offsets kept. */
	for (char *c = copy; (c = strchr(c, '\\')); c++) {
		size_t cr = c[1] == '\r';
		if (c[1 + cr] == '\n')
			memset(c, ' ', 2 + cr);
	}
	struct unit u = { .p = p,
			  .d = d,
			  .index = STRMAP_INIT,
			  .text = text,
			  .copy = copy,
			  .cur = text,
			  .cur_line = text,
			  .line = 1 };
	u.first = (struct profile_loc){ p->path, 0, 0 };
	int r = read_lines(&u, copy);
	if (r == 0 && u.mode == MODE_NONE) {
		diag_set(d, -EINVAL, NULL, 0, 0,
			 "no SystemCallFilter= names%s: systemd filters no "
			 "syscall of this unit",
			 u.n ? " (the last assignment is empty)" : "");
		diag_hint(d, "give [Service] SystemCallFilter=@system-service "
			     "or the names the service uses");
		r = -EINVAL;
	}
	if (r == 0)
		r = make_rules(&u);
	for (size_t i = 0; i < u.n; i++)
		free(u.v[i].name);
	free(u.v);
	strmap_free(&u.index);
	return r;
}

const struct systemd_group *systemd_group_find(const char *name)
{
	for (size_t i = 0; i < systemd_groups_count; i++)
		if (strcmp(systemd_groups[i].name, name) == 0)
			return &systemd_groups[i];
	return NULL;
}

/* Whether word is one of the space-separated words of list. */
static bool has_word(const char *list, const char *word, size_t n)
{
	for (const char *s = list; (s = strstr(s, word)); s += n)
		if ((s == list || s[-1] == ' ') && (s[n] == ' ' || !s[n]))
			return true;
	return false;
}

/* Whether group g holds name, through its own groups too. */
static bool group_has_at(const struct systemd_group *g, const char *name,
			 unsigned depth)
{
	if (has_word(g->members, name, strlen(name)))
		return true;
	for (const char *s = strchr(g->members, '@'); s && depth < 8;
	     s = strchr(s + 1, '@')) {
		char sub[64];
		size_t n = strcspn(s, " ");
		if (n >= sizeof(sub))
			continue;
		memcpy(sub, s, n);
		sub[n] = '\0';
		const struct systemd_group *x = systemd_group_find(sub);
		if (x && group_has_at(x, name, depth + 1))
			return true;
	}
	return false;
}

bool systemd_group_has(const struct systemd_group *g, const char *name)
{
	return group_has_at(g, name, 0);
}

/* systemd's names (src/shared/seccomp-util.c, seccomp_arch_to_string). */
static const struct {
	const char *name;
	uint32_t arch;
} arches[] = {
	{ "x86", SCMP_ARCH_X86 },
	{ "x86-64", SCMP_ARCH_X86_64 },
	{ "x32", SCMP_ARCH_X32 },
	{ "arm", SCMP_ARCH_ARM },
	{ "arm64", SCMP_ARCH_AARCH64 },
	{ "mips", SCMP_ARCH_MIPS },
	{ "mips64", SCMP_ARCH_MIPS64 },
	{ "mips-le", SCMP_ARCH_MIPSEL },
	{ "mips64-le", SCMP_ARCH_MIPSEL64 },
	{ "ppc", SCMP_ARCH_PPC },
	{ "ppc64", SCMP_ARCH_PPC64 },
	{ "ppc64-le", SCMP_ARCH_PPC64LE },
	{ "s390", SCMP_ARCH_S390 },
	{ "s390x", SCMP_ARCH_S390X },
	{ "riscv64", SCMP_ARCH_RISCV64 },
};

int systemd_arch_parse(const char *name, uint32_t *ret)
{
	if (strcmp(name, "native") == 0) {
		*ret = syscalls_native_arch();
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (strcmp(arches[i].name, name) == 0) {
			*ret = arches[i].arch;
			return 0;
		}
	return -EINVAL;
}

const char *systemd_arch_name(uint32_t arch)
{
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].arch == arch)
			return arches[i].name;
	return NULL;
}
