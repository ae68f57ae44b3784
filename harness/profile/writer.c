/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "writer.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "syscalls.h"
#include "systemd-groups.h"
#include "util.h"
#include "writer-source.h"

static const char *const format_names[] = {
	[WRITER_LIST] = "list",	      [WRITER_OCI] = "oci",
	[WRITER_GO] = "go",	      [WRITER_C] = "c",
	[WRITER_SYSTEMD] = "systemd",
};
_Static_assert(ARRAY_SIZE(format_names) == WRITER_MAX, "writer formats");

int writer_format_parse(const char *s, enum writer_format *ret)
{
	for (size_t i = 0; i < WRITER_MAX; i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*ret = (enum writer_format)i;
			return 0;
		}
	}
	if (strcmp(s, "json") == 0 || strcmp(s, "docker") == 0) {
		*ret = WRITER_OCI;
		return 0;
	}
	return -EINVAL;
}

void writer_buf_printf(struct writer_buf *b, const char *fmt, ...)
{
	if (b->oom)
		return;
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->s ? b->s + b->len : NULL,
				  b->s ? b->alloc - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if (b->s && b->len + (size_t)n < b->alloc) {
			b->len += (size_t)n;
			return;
		}
		size_t na = (b->alloc + (size_t)n + 1) * 2;
		char *p = realloc(b->s, na);
		if (!p) {
			b->oom = true;
			return;
		}
		b->s = p;
		b->alloc = na;
	}
}

int writer_buf_finish(struct writer_buf *b, char **ret)
{
	if (b->oom || !b->s) {
		free(b->s);
		return -ENOMEM;
	}
	*ret = b->s;
	return 0;
}

static const char *note_of(const struct writer_set *s, size_t i)
{
	return s->notes && s->notes[i] ? s->notes[i] : NULL;
}

static struct profile_action action_of(const struct writer_set *s, size_t i)
{
	return s->actions ? s->actions[i]
			  : (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
}

static bool allowed(const struct writer_set *s, size_t i)
{
	return action_of(s, i).type == PROFILE_ACT_ALLOW;
}

/* A rule of its own: a noted name (the note its comment) or another
 * action than allow. */
static json_t *oci_rule(const struct writer_set *s, size_t i)
{
	struct profile_action a = action_of(s, i);
	json_t *rule = json_pack("{s:[s],s:s}", "names", s->names[i], "action",
				 profile_action_oci_name(a.type));
	if (rule && note_of(s, i))
		json_object_set_new(rule, "comment",
				    json_string(note_of(s, i)));
	if (rule &&
	    (a.type == PROFILE_ACT_ERRNO || a.type == PROFILE_ACT_TRACE))
		json_object_set_new(rule,
				    a.type == PROFILE_ACT_ERRNO ? "errnoRet"
								: "traceRet",
				    json_integer(a.value));
	return rule;
}

static void oci_default(json_t *root, const struct writer_set *s)
{
	struct profile_action def = { PROFILE_ACT_ERRNO, EPERM };
	if (s->default_action)
		def = *s->default_action;
	json_object_set_new(root, "defaultAction",
			    json_string(profile_action_oci_name(def.type)));
	if (def.type == PROFILE_ACT_ERRNO)
		json_object_set_new(root, "defaultErrnoRet",
				    json_integer(def.value));
}

static int names_oci(const struct writer_set *s, char **ret)
{
	json_t *root = json_object();
	json_t *arches = json_array();
	json_t *names = json_array();
	json_t *rules = json_array();
	json_t *rule = json_object();
	if (!root || !arches || !names || !rules || !rule) {
		json_decref(root);
		json_decref(arches);
		json_decref(names);
		json_decref(rules);
		json_decref(rule);
		return -ENOMEM;
	}
	oci_default(root, s);
	for (size_t i = 0; i < s->n_arches; i++) {
		char up[64] = "SCMP_ARCH_";
		const char *a = syscalls_arch_name(s->arches[i]);
		for (size_t k = 0; a && a[k] && k < 40; k++)
			up[10 + k] = (char)toupper((unsigned char)a[k]);
		json_array_append_new(arches, json_string(up));
	}
	json_object_set_new(root, "architectures", arches);
	for (size_t i = 0; i < s->n; i++)
		if (!note_of(s, i) && allowed(s, i))
			json_array_append_new(names, json_string(s->names[i]));
	json_object_set_new(rule, "comment", json_string(s->origin));
	json_object_set_new(rule, "names", names);
	json_object_set_new(rule, "action", json_string("SCMP_ACT_ALLOW"));
	/* A rule naming nothing is no rule (a deny list has none). */
	if (json_array_size(names) || !s->n)
		json_array_append_new(rules, rule);
	else
		json_decref(rule);
	for (size_t i = 0; i < s->n; i++)
		if (note_of(s, i) || !allowed(s, i))
			json_array_append_new(rules, oci_rule(s, i));
	json_object_set_new(root, "syscalls", rules);
	char *text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (!text)
		return -ENOMEM;
	struct writer_buf b = { 0 };
	writer_buf_printf(&b, "%s\n", text);
	free(text);
	return writer_buf_finish(&b, ret);
}

/* Each allowed name on a line of its own, as before + name + after (a
 * list's errno action after it), and its note in the language's
 * comment. */
static void lines(struct writer_buf *b, const struct writer_set *s,
		  const char *before, const char *after, const char *open,
		  const char *close)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *note = note_of(s, i);
		struct profile_action a = action_of(s, i);
		bool list_errno = !*before && a.type == PROFILE_ACT_ERRNO &&
				  profile_errno_name(a.value);
		if (!allowed(s, i) && !list_errno)
			continue;
		writer_buf_printf(b, "%s%s%s", before, s->names[i], after);
		if (list_errno)
			writer_buf_printf(b, " errno=%s",
					  profile_errno_name(a.value));
		if (note)
			writer_buf_printf(b, " %s %s%s", open, note, close);
		writer_buf_printf(b, "\n");
	}
}

/* Go and C files hold names; the default is the program's. */
static void default_comment(struct writer_buf *b, const struct writer_set *s,
			    const char *open, const char *fn, const char *close)
{
	if (!s->default_action)
		return;
	char act[64];
	profile_action_describe(*s->default_action, act, sizeof(act));
	writer_buf_printf(b,
			  "%s The default action is the program's (%s); the "
			  "profile's was %s.%s\n",
			  open, fn, act, close);
}

static void names_go(struct writer_buf *b, const struct writer_set *s)
{
	writer_buf_printf(b, "//go:build linux\n\npackage %s\n\n// %s\n",
			  s->package ? s->package : "main", s->origin);
	default_comment(b, s, "//", "seccomp.NewFilter's argument", "");
	writer_buf_printf(b, "var syscalls = []string{\n");
	lines(b, s, "\t\"", "\",", "//", "");
	writer_buf_printf(b, "}\n");
}

static void names_c(struct writer_buf *b, const struct writer_set *s)
{
	writer_buf_printf(b, "/* %s */\n", s->origin);
	default_comment(b, s, "/*", "seccomp_init()'s argument", " */");
	writer_buf_printf(b, "static const char *const syscalls[] = {\n");
	lines(b, s, "\t\"", "\",", "/*", " */");
	writer_buf_printf(b, "\tNULL,\n};\n");
}

/* One word of a systemd filter line: an allowed name, or a deny list's
 * "name:EPERM" (a kill is the bare name). */
static void systemd_word(struct writer_buf *b, const struct writer_set *s,
			 size_t i, bool deny, size_t *col)
{
	char w[96];
	struct profile_action a = action_of(s, i);
	const char *e = profile_errno_name(a.value);
	if (deny && a.type == PROFILE_ACT_ERRNO && e)
		snprintf(w, sizeof(w), "%s:%s", s->names[i], e);
	else if (deny && a.type == PROFILE_ACT_ERRNO)
		snprintf(w, sizeof(w), "%s:%u", s->names[i], a.value);
	else
		snprintf(w, sizeof(w), "%s", s->names[i]);
	if (*col && *col + 1 + strlen(w) > 78) {
		writer_buf_printf(b, "\n");
		*col = 0;
	}
	const char *key = deny ? "SystemCallFilter=~" : "SystemCallFilter=";
	writer_buf_printf(b, "%s%s", *col ? " " : key, w);
	*col += (*col ? 1 : strlen(key)) + strlen(w);
}

/* A drop-in: [Service] and its filter lines, which accumulate. */
static void names_systemd(struct writer_buf *b, const struct writer_set *s)
{
	struct profile_action def = { PROFILE_ACT_KILL_PROCESS, 0 };
	if (s->default_action)
		def = *s->default_action;
	/* A default that allows makes it a deny list of the rest. */
	bool deny = def.type == PROFILE_ACT_ALLOW;
	writer_buf_printf(b, "# %s\n", s->origin);
	for (size_t i = 0; i < s->n; i++)
		if (note_of(s, i) && allowed(s, i) != deny)
			writer_buf_printf(b, "# %s: %s\n", s->names[i],
					  note_of(s, i));
	writer_buf_printf(b, "[Service]\n");
	size_t col = 0, n = 0;
	for (size_t i = 0; i < s->n; i++)
		if (allowed(s, i) != deny) {
			systemd_word(b, s, i, deny, &col);
			n++;
		}
	/* An empty assignment would reset: no filter at all. */
	if (!n && !deny)
		writer_buf_printf(b, "SystemCallFilter=@default");
	writer_buf_printf(b, "\n");
	const char *e = profile_errno_name(def.value);
	if (!deny && def.type == PROFILE_ACT_ERRNO && e)
		writer_buf_printf(b, "SystemCallErrorNumber=%s\n", e);
	else if (!deny && def.type == PROFILE_ACT_ERRNO)
		writer_buf_printf(b, "SystemCallErrorNumber=%u\n", def.value);
	size_t arches = 0;
	for (size_t i = 0; i < s->n_arches; i++) {
		const char *a = systemd_arch_name(s->arches[i]);
		if (a)
			writer_buf_printf(
				b, "%s%s",
				arches++ ? " " : "SystemCallArchitectures=", a);
	}
	if (arches)
		writer_buf_printf(b, "\n");
}

int writer_names(enum writer_format f, const struct writer_set *s, char **ret)
{
	struct writer_buf b = { 0 };
	switch (f) {
	case WRITER_LIST:
		writer_buf_printf(&b, "# %s\n# %zu syscalls, one per line.\n",
				  s->origin, s->n);
		lines(&b, s, "", "", " #", "");
		break;
	case WRITER_GO:
		names_go(&b, s);
		break;
	case WRITER_C:
		names_c(&b, s);
		break;
	case WRITER_SYSTEMD:
		names_systemd(&b, s);
		break;
	case WRITER_OCI:
		return names_oci(s, ret);
	case WRITER_MAX:
		return -EINVAL;
	}
	return writer_buf_finish(&b, ret);
}

static bool added_allow(const struct profile_delta_rule *x)
{
	return !x->dropped && x->action.type == PROFILE_ACT_ALLOW;
}

/* Lists keep every line but those of dropped names. */
static int trimmed_list(const struct profile *p, const struct profile_delta *d,
			char **ret)
{
	/* Which lines go, marked once: a list can have 400,000 of them. */
	size_t lines = 1;
	for (const char *c = p->text; c && *c; c++)
		lines += *c == '\n';
	cleanup_free bool *drop = calloc(lines + 1, sizeof(*drop));
	if (!drop)
		return -ENOMEM;
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (profile_delta_dropped(d, i, j) &&
			    p->rules[i].names[j].loc.line <= lines)
				drop[p->rules[i].names[j].loc.line] = true;
	struct writer_buf b = { 0 };
	const char *s = p->text;
	unsigned line = 0;
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
		line++;
		if (!drop[line])
			writer_buf_printf(&b, "%.*s", (int)n, s);
		s += n;
	}
	if (b.len && b.s[b.len - 1] != '\n')
		writer_buf_printf(&b, "\n");
	for (size_t i = 0; d && i < d->n_added; i++)
		if (added_allow(&d->added[i]))
			writer_buf_printf(
				&b, "%s # added by scaudit trim --learn\n",
				d->added[i].name);
	if (!b.s)
		writer_buf_printf(&b, "%s", "");
	return writer_buf_finish(&b, ret);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A strace table has nothing else to keep: a sorted list. */
static int trimmed_strace(const struct profile *p,
			  const struct profile_delta *d, char **ret)
{
	size_t n_added = d ? d->n_added : 0;
	char **v = calloc(profile_count_names(p) + n_added + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t n = 0;
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (!profile_delta_dropped(d, i, j))
				v[n++] = p->rules[i].names[j].name;
	for (size_t i = 0; i < n_added; i++)
		if (added_allow(&d->added[i]))
			v[n++] = d->added[i].name;
	qsort(v, n, sizeof(*v), cmp_str);
	struct writer_buf b = { 0 };
	writer_buf_printf(&b,
			  "# Trimmed by scaudit from the strace -c table %s.\n",
			  p->path);
	for (size_t i = 0; i < n; i++)
		writer_buf_printf(&b, "%s\n", v[i]);
	free(v);
	return writer_buf_finish(&b, ret);
}

/* How the original was indented: a tab, or N spaces. */
static int detect_indent(const char *text, bool *tabs)
{
	const char *s = strchr(text, '\n');
	while (s) {
		s++;
		if (*s == '\t') {
			*tabs = true;
			return 1;
		}
		size_t n = strspn(s, " ");
		if (n > 0 && n < 16) {
			*tabs = false;
			return (int)n;
		}
		s = strchr(s, '\n');
	}
	*tabs = false;
	return 2;
}

static json_t *seccomp_object(json_t *doc)
{
	json_t *linux_ = json_object_get(doc, "linux");
	if (!json_object_get(doc, "defaultAction") && json_is_object(linux_) &&
	    json_is_object(json_object_get(linux_, "seccomp")))
		return json_object_get(linux_, "seccomp");
	return doc;
}

/* Added names join the first rule that allows unconditionally, or a new
 * rule at the end. */
static void add_names(const struct profile *p, const struct profile_delta *d,
		      json_t *rules)
{
	json_t *allow = NULL;
	for (size_t i = 0; i < p->n_rules && !allow; i++) {
		const struct profile_rule *r = &p->rules[i];
		json_t *names =
			json_object_get(json_array_get(rules, i), "names");
		if (r->active && r->action.type == PROFILE_ACT_ALLOW &&
		    profile_rule_unconditional(r) && json_is_array(names))
			allow = names;
	}
	for (size_t i = 0; d && i < d->n_added; i++) {
		if (!added_allow(&d->added[i]))
			continue;
		if (!allow) {
			json_t *rule =
				json_pack("{s:[],s:s,s:s}", "names", "action",
					  "SCMP_ACT_ALLOW", "comment",
					  "added by scaudit trim --learn");
			json_array_append_new(rules, rule);
			allow = json_object_get(rule, "names");
		}
		json_array_append_new(allow, json_string(d->added[i].name));
	}
}

static int trimmed_oci(const struct profile *p, const struct profile_delta *d,
		       char **ret)
{
	json_t *doc = json_deep_copy(p->doc);
	if (!doc)
		return -ENOMEM;
	json_t *rules = json_object_get(seccomp_object(doc), "syscalls");
	if (!json_is_array(rules)) {
		rules = json_array();
		json_object_set_new(seccomp_object(doc), "syscalls", rules);
	}
	/* The reader made one rule per element, names in array order;
	 * added rules come after, so the indices still hold. */
	size_t n_rules = p->n_rules;
	add_names(p, d, rules);
	for (size_t i = n_rules; i-- > 0;) {
		const struct profile_rule *r = &p->rules[i];
		json_t *rv = json_array_get(rules, i);
		json_t *names = json_object_get(rv, "names");
		for (size_t j = r->n_names; j-- > 0;)
			if (profile_delta_dropped(d, i, j) &&
			    json_is_array(names))
				json_array_remove(names, j);
		bool empty =
			json_is_array(names)
				? json_array_size(names) == 0
				: r->n_names && profile_delta_dropped(d, i, 0);
		if (empty)
			json_array_remove(rules, i);
	}
	bool tabs;
	int indent = detect_indent(p->text, &tabs);
	char *text = json_dumps(doc, JSON_INDENT(tabs ? 1 : indent));
	json_decref(doc);
	if (!text)
		return -ENOMEM;
	struct writer_buf b = { 0 };
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
		size_t lead = tabs ? strspn(s, " ") : 0;
		for (size_t k = 0; k < lead; k++)
			writer_buf_printf(&b, "\t");
		writer_buf_printf(&b, "%.*s", (int)(n - lead), s + lead);
		s += n;
	}
	writer_buf_printf(&b, "\n");
	free(text);
	return writer_buf_finish(&b, ret);
}

int writer_trimmed(const struct profile *p, const struct profile_delta *d,
		   char **ret)
{
	switch (p->format) {
	case PROFILE_FORMAT_LIST:
		return trimmed_list(p, d, ret);
	case PROFILE_FORMAT_OCI:
		return trimmed_oci(p, d, ret);
	case PROFILE_FORMAT_STRACE:
		return trimmed_strace(p, d, ret);
	case PROFILE_FORMAT_GO:
	case PROFILE_FORMAT_C:
		return writer_trimmed_source(p, d, ret);
	case PROFILE_FORMAT_SYSTEMD:
		return writer_trimmed_systemd(p, d, ret);
	case PROFILE_FORMAT_AUTO:
	case PROFILE_FORMAT_MAX:
		break;
	}
	return -EINVAL;
}
