/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "profile.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "profile-read.h"
#include "util.h"

static const char *const format_names[] = {
	[PROFILE_FORMAT_AUTO] = "auto",
	[PROFILE_FORMAT_LIST] = "list",
	[PROFILE_FORMAT_OCI] = "oci",
	[PROFILE_FORMAT_STRACE] = "strace",
	[PROFILE_FORMAT_GO] = "go",
	[PROFILE_FORMAT_C] = "c",
	[PROFILE_FORMAT_SYSTEMD] = "systemd",
};
_Static_assert(ARRAY_SIZE(format_names) == PROFILE_FORMAT_MAX, "format names");

static const struct {
	const char *name;
	const char *oci;
} action_names[] = {
	[PROFILE_ACT_ALLOW] = { "allow", "SCMP_ACT_ALLOW" },
	[PROFILE_ACT_ERRNO] = { "errno", "SCMP_ACT_ERRNO" },
	[PROFILE_ACT_KILL_PROCESS] = { "kill-process",
				       "SCMP_ACT_KILL_PROCESS" },
	[PROFILE_ACT_KILL_THREAD] = { "kill-thread", "SCMP_ACT_KILL_THREAD" },
	[PROFILE_ACT_TRAP] = { "trap", "SCMP_ACT_TRAP" },
	[PROFILE_ACT_LOG] = { "log", "SCMP_ACT_LOG" },
	[PROFILE_ACT_NOTIFY] = { "notify", "SCMP_ACT_NOTIFY" },
	[PROFILE_ACT_TRACE] = { "trace", "SCMP_ACT_TRACE" },
};
_Static_assert(ARRAY_SIZE(action_names) == PROFILE_ACT_MAX, "action names");

static const struct {
	enum scmp_compare op;
	const char *name;
} op_names[] = {
	{ SCMP_CMP_NE, "SCMP_CMP_NE" },
	{ SCMP_CMP_LT, "SCMP_CMP_LT" },
	{ SCMP_CMP_LE, "SCMP_CMP_LE" },
	{ SCMP_CMP_EQ, "SCMP_CMP_EQ" },
	{ SCMP_CMP_GE, "SCMP_CMP_GE" },
	{ SCMP_CMP_GT, "SCMP_CMP_GT" },
	{ SCMP_CMP_MASKED_EQ, "SCMP_CMP_MASKED_EQ" },
};

const char *profile_format_name(enum profile_format f)
{
	return f < PROFILE_FORMAT_MAX ? format_names[f] : "?";
}

static const char *const semantics_names[] = {
	[PROFILE_SEMANTICS_AUTO] = "auto",
	[PROFILE_SEMANTICS_LIBSECCOMP] = "libseccomp",
	[PROFILE_SEMANTICS_RUNC] = "runc",
	[PROFILE_SEMANTICS_CRUN] = "crun",
};
_Static_assert(ARRAY_SIZE(semantics_names) == PROFILE_SEMANTICS_MAX,
	       "semantics names");

const char *profile_semantics_name(enum profile_semantics s)
{
	return s < PROFILE_SEMANTICS_MAX ? semantics_names[s] : "?";
}

int profile_semantics_parse(const char *s, enum profile_semantics *ret)
{
	for (size_t i = 0; i < PROFILE_SEMANTICS_MAX; i++) {
		if (strcmp(s, semantics_names[i]) == 0) {
			*ret = (enum profile_semantics)i;
			return 0;
		}
	}
	return -EINVAL;
}

int profile_format_parse(const char *s, enum profile_format *ret)
{
	for (size_t i = 0; i < PROFILE_FORMAT_MAX; i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*ret = (enum profile_format)i;
			return 0;
		}
	}
	if (strcmp(s, "json") == 0 || strcmp(s, "docker") == 0) {
		*ret = PROFILE_FORMAT_OCI;
		return 0;
	}
	return -EINVAL;
}

const char *profile_action_name(enum profile_action_type t)
{
	return t < PROFILE_ACT_MAX ? action_names[t].name : "?";
}

const char *profile_action_oci_name(enum profile_action_type t)
{
	return t < PROFILE_ACT_MAX ? action_names[t].oci : "?";
}

int profile_action_parse_oci(const char *s, enum profile_action_type *ret)
{
	for (size_t i = 0; i < PROFILE_ACT_MAX; i++) {
		if (strcmp(s, action_names[i].oci) == 0) {
			*ret = (enum profile_action_type)i;
			return 0;
		}
	}
	/* libseccomp's SCMP_ACT_KILL is the thread-killing action. */
	if (strcmp(s, "SCMP_ACT_KILL") == 0) {
		*ret = PROFILE_ACT_KILL_THREAD;
		return 0;
	}
	return -EINVAL;
}

bool profile_action_kills(struct profile_action a)
{
	return a.type == PROFILE_ACT_KILL_PROCESS ||
	       a.type == PROFILE_ACT_KILL_THREAD;
}

void profile_action_describe(struct profile_action a, char *buf, size_t size)
{
	switch (a.type) {
	case PROFILE_ACT_ERRNO: {
		const char *n = profile_errno_name(a.value);
		if (n)
			snprintf(buf, size, "errno %s (%u)", n, a.value);
		else
			snprintf(buf, size, "errno %u", a.value);
		break;
	}
	case PROFILE_ACT_TRACE:
		snprintf(buf, size, "trace %u", a.value);
		break;
	case PROFILE_ACT_ALLOW:
	case PROFILE_ACT_KILL_PROCESS:
	case PROFILE_ACT_KILL_THREAD:
	case PROFILE_ACT_TRAP:
	case PROFILE_ACT_LOG:
	case PROFILE_ACT_NOTIFY:
	case PROFILE_ACT_MAX:
		snprintf(buf, size, "%s", profile_action_name(a.type));
		break;
	}
}

uint32_t profile_action_scmp(struct profile_action a)
{
	switch (a.type) {
	case PROFILE_ACT_ALLOW:
		return SCMP_ACT_ALLOW;
	case PROFILE_ACT_ERRNO:
		return SCMP_ACT_ERRNO(a.value);
	case PROFILE_ACT_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case PROFILE_ACT_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case PROFILE_ACT_TRAP:
		return SCMP_ACT_TRAP;
	case PROFILE_ACT_LOG:
		return SCMP_ACT_LOG;
	case PROFILE_ACT_NOTIFY:
		return SCMP_ACT_NOTIFY;
	case PROFILE_ACT_TRACE:
		return SCMP_ACT_TRACE(a.value);
	case PROFILE_ACT_MAX:
		break;
	}
	return SCMP_ACT_KILL_PROCESS;
}

void profile_arg_describe(const struct profile_arg *a, char *buf, size_t size)
{
	static const char *const sym[] = {
		[SCMP_CMP_NE] = "!=", [SCMP_CMP_LT] = "<",
		[SCMP_CMP_LE] = "<=", [SCMP_CMP_EQ] = "==",
		[SCMP_CMP_GE] = ">=", [SCMP_CMP_GT] = ">",
	};
	if (a->op == SCMP_CMP_MASKED_EQ)
		snprintf(buf, size, "(arg%u & %#llx) == %#llx", a->index,
			 (unsigned long long)a->value,
			 (unsigned long long)a->value_two);
	else if (a->op < ARRAY_SIZE(sym) && sym[a->op])
		snprintf(buf, size, "arg%u %s %#llx", a->index, sym[a->op],
			 (unsigned long long)a->value);
	else
		snprintf(buf, size, "arg%u ?", a->index);
}

const char *profile_op_name(enum scmp_compare op)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_names); i++)
		if (op_names[i].op == op)
			return op_names[i].name;
	return "?";
}

int profile_op_parse(const char *s, enum scmp_compare *ret)
{
	for (size_t i = 0; i < ARRAY_SIZE(op_names); i++) {
		if (strcmp(s, op_names[i].name) == 0) {
			*ret = op_names[i].op;
			return 0;
		}
	}
	return -EINVAL;
}

/* Errno numbers stop well below this on every Linux arch. */
#define ERRNO_MAX 4095

int profile_errno_parse(const char *s, uint32_t *ret)
{
	uint64_t v;
	if (isdigit((unsigned char)s[0])) {
		if (util_parse_u64(s, &v) < 0 || v > ERRNO_MAX)
			return -ERANGE;
		*ret = (uint32_t)v;
		return 0;
	}
	for (uint32_t e = 1; e < 200; e++) {
		const char *n = strerrorname_np((int)e);
		if (n && strcmp(n, s) == 0) {
			*ret = e;
			return 0;
		}
	}
	return -EINVAL;
}

const char *profile_errno_name(uint32_t e)
{
	return e ? strerrorname_np((int)e) : NULL;
}

bool profile_name_valid(const char *name)
{
	size_t n = 0;
	for (const char *s = name; *s; s++, n++)
		if (!(islower((unsigned char)*s) ||
		      isdigit((unsigned char)*s) || *s == '_'))
			return false;
	return n > 0 && n <= 64;
}

struct profile_rule *profile_add_rule(struct profile *p)
{
	/* Rules are reallocated as they grow (doubling: one at a time
	 * copies a long list over and over where realloc cannot move pages):
	 * callers keep indices, not pointers, across calls. */
	void *a = p->rules;
	if (util_grow(&a, &p->rules_alloc, p->n_rules, sizeof(*p->rules)) < 0)
		return NULL;
	p->rules = a;
	struct profile_rule *r = &p->rules[p->n_rules++];
	memset(r, 0, sizeof(*r));
	r->active = true;
	return r;
}

struct profile_name *profile_rule_add_name(struct profile_rule *r,
					   const char *name,
					   struct profile_loc loc)
{
	void *a = r->names;
	if (util_grow(&a, &r->names_alloc, r->n_names, sizeof(*r->names)) < 0)
		return NULL;
	r->names = a;
	struct profile_name *e = &r->names[r->n_names];
	memset(e, 0, sizeof(*e));
	e->name = strdup(name);
	if (!e->name)
		return NULL;
	e->loc = loc;
	r->n_names++;
	return e;
}

struct profile_arg *profile_rule_add_arg(struct profile_rule *r)
{
	void *grown = r->args;
	if (util_grow(&grown, &r->args_alloc, r->n_args, sizeof(*r->args)) < 0)
		return NULL;
	r->args = grown;
	struct profile_arg *a = &r->args[r->n_args++];
	memset(a, 0, sizeof(*a));
	return a;
}

static void cond_free(struct profile_cond *c)
{
	strv_clear(&c->caps);
	free(c->cap_values);
	strv_clear(&c->arches);
	free(c->min_kernel);
}

int profile_new(const char *name, enum profile_format format,
		struct profile_action def, struct profile **ret)
{
	struct profile *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->path = strdup(name);
	if (!p->path) {
		free(p);
		return -ENOMEM;
	}
	p->format = format;
	p->default_action = def;
	p->default_loc = (struct profile_loc){ p->path, 0, 0 };
	*ret = p;
	return 0;
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_rules; i++) {
		struct profile_rule *r = &p->rules[i];
		for (size_t j = 0; j < r->n_names; j++)
			free(r->names[j].name);
		free(r->names);
		free(r->args);
		cond_free(&r->includes);
		cond_free(&r->excludes);
		free(r->comment);
	}
	free(p->rules);
	strv_clear(&p->architectures);
	for (size_t i = 0; i < p->n_archmap; i++) {
		free(p->archmap[i].arch);
		strv_clear(&p->archmap[i].subs);
	}
	free(p->archmap);
	strv_clear(&p->flags);
	json_decref(p->doc);
	free(p->text);
	free(p->source.var);
	free(p->path);
	free(p);
}

size_t profile_count_names(const struct profile *p)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_rules; i++)
		n += p->rules[i].n_names;
	return n;
}

int profile_names(const struct profile *p, struct strv *ret)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++) {
			int r = strv_add(ret, p->rules[i].names[j].name);
			if (r < 0)
				return r;
		}
	return 0;
}

bool profile_name_applicable(const struct profile *p, const char *name)
{
	for (size_t a = 0; a < p->n_arches; a++)
		if (syscalls_resolve(p->arches[a], name) >= 0)
			return true;
	return false;
}

bool profile_rule_alternatives(const struct profile_rule *r)
{
	for (size_t i = 0; i < r->n_args; i++)
		for (size_t j = i + 1; j < r->n_args; j++)
			if (r->args[i].index == r->args[j].index)
				return true;
	return false;
}

bool profile_rule_unconditional(const struct profile_rule *r)
{
	return r->n_args == 0 && !r->includes.caps.n && !r->includes.arches.n &&
	       !r->includes.min_kernel && !r->excludes.caps.n &&
	       !r->excludes.arches.n && !r->excludes.min_kernel;
}

/* Unknown names are the most common mistake: point at each and suggest. */
static int check_names(struct profile *p, struct diag *d)
{
	const struct profile_name *first = NULL;
	size_t unknown = 0;
	for (size_t i = 0; i < p->n_rules; i++) {
		for (size_t j = 0; j < p->rules[i].n_names; j++) {
			const struct profile_name *n = &p->rules[i].names[j];
			if (syscalls_known(n->name) ||
			    syscalls_newer_than_libseccomp(n->name))
				continue;
			if (!first)
				first = n;
			unknown++;
		}
	}
	if (!first)
		return 0;
	if (unknown > 1)
		diag_set(d, -EINVAL, NULL, first->loc.line, first->loc.column,
			 "unknown syscall '%s' (and %zu more unknown names: "
			 "'scaudit lint' lists them all)",
			 first->name, unknown - 1);
	else
		diag_set(d, -EINVAL, NULL, first->loc.line, first->loc.column,
			 "unknown syscall '%s'", first->name);
	char best[64];
	if (syscalls_suggest(first->name, best, sizeof(best)) == 0)
		diag_hint(d, "did you mean '%s'?", best);
	return -EINVAL;
}

int profile_load_buffer(const char *name, const char *text, size_t len,
			enum profile_format format, unsigned flags,
			struct profile **ret, struct diag *d)
{
	diag_set(d, 0, name, 0, 0, "%s", "");
	/* Editors on other systems write a UTF-8 byte order mark. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	int r = diag_check_text(
		name, text, len, "text profile",
		"give a plain list, an OCI/Docker JSON profile, "
		"a 'strace -c' table, a Go or C file or a "
		"systemd unit",
		d);
	if (r < 0)
		return r;

	struct profile *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	cleanup_profile struct profile *guard = p;
	p->path = strdup(name);
	p->text = strndup(text, len);
	if (!p->path || !p->text)
		return -ENOMEM;
	/* From here on the NUL-terminated copy: the caller's buffer need
	 * not be (the readers and profile_detect rely on it). */
	text = p->text;
	p->format = format == PROFILE_FORMAT_AUTO ? profile_detect(text, len)
						  : format;
	p->default_loc = (struct profile_loc){ p->path, 0, 0 };

	switch (p->format) {
	case PROFILE_FORMAT_LIST:
		r = profile_read_list(p, text, len, d);
		break;
	case PROFILE_FORMAT_OCI:
		r = profile_read_oci(p, text, len, d);
		break;
	case PROFILE_FORMAT_STRACE:
		r = profile_read_strace(p, text, len, d);
		break;
	case PROFILE_FORMAT_GO:
		r = profile_read_go(p, text, len, d);
		break;
	case PROFILE_FORMAT_C:
		r = profile_read_c(p, text, len, d);
		break;
	case PROFILE_FORMAT_SYSTEMD:
		r = profile_read_systemd(p, text, len, d);
		break;
	case PROFILE_FORMAT_AUTO:
	case PROFILE_FORMAT_MAX:
	default:
		r = -EINVAL;
		break;
	}
	if (r < 0)
		return r;
	if (!(flags & PROFILE_LOAD_KEEP_UNKNOWN)) {
		r = check_names(p, d);
		if (r < 0)
			return r;
	}
	struct profile_env env;
	r = profile_env_native(~0ull, &env);
	if (r < 0)
		return r;
	profile_evaluate(p, &env);
	*ret = steal_pointer(&guard);
	return 0;
}

/* Standard input, bounded as files are: a pipe, a file or a terminal. */
static int read_stdin(char **ret_buf, size_t *ret_len, struct diag *d)
{
	size_t alloc = 8192, len = 0;
	cleanup_free char *buf = malloc(alloc);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len + 1 >= alloc) {
			char *n = realloc(buf, alloc * 2);
			if (!n)
				return -ENOMEM;
			buf = n;
			alloc *= 2;
		}
		ssize_t r = read(STDIN_FILENO, buf + len, alloc - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return diag_set(d, -errno, PROFILE_STDIN_NAME, 0, 0,
					"cannot read: %s", strerror(errno));
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > UTIL_MAX_FILE_SIZE)
			return diag_set(
				d, -EFBIG, PROFILE_STDIN_NAME, 0, 0,
				"input too large (the limit is %u MiB): "
				"not a seccomp profile",
				UTIL_MAX_FILE_SIZE >> 20);
	}
	buf[len] = '\0';
	*ret_buf = steal_pointer(&buf);
	*ret_len = len;
	return 0;
}

int profile_load(const char *path, enum profile_format format, unsigned flags,
		 struct profile **ret, struct diag *d)
{
	cleanup_free char *text = NULL;
	size_t len;
	bool in = strcmp(path, "-") == 0;
	int r = in ? read_stdin(&text, &len, d)
		   : diag_read_file(path, UTIL_MAX_FILE_SIZE, "seccomp profile",
				    &text, &len, d);
	if (r < 0)
		return r;
	return profile_load_buffer(in ? PROFILE_STDIN_NAME : path, text, len,
				   format, flags, ret, d);
}
