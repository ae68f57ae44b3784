/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCI / Docker JSON reader: moby's default.json format and the OCI
 * runtime spec's linux.seccomp (also accepted inside a whole config.json).
 * Unknown keys are not errors: the parsed document stays in p->doc so a
 * writer can round-trip them. Type and value errors name file:line:col. */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

#include "jsonpos.h"
#include "profile-read.h"
#include "util.h"

struct oci {
	struct profile *p;
	struct jsonpos *jp;
	struct diag *d;
};

static struct profile_loc loc_of(const struct oci *o, const json_t *v)
{
	struct profile_loc l = { o->p->path, 0, 0 };
	jsonpos_find(o->jp, v, &l.line, &l.column);
	return l;
}

static int fail_at(const struct oci *o, const json_t *v, const char *hint,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail_at(const struct oci *o, const json_t *v, const char *hint,
		   const char *fmt, ...)
{
	struct profile_loc l = loc_of(o, v);
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(o->d, -EINVAL, NULL, l.line, l.column, "%s", msg);
	if (hint)
		diag_hint(o->d, "%s", hint);
	return -EINVAL;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number with a fraction";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "?";
}

/* Fetch key from obj expecting type; a missing key is fine unless
 * required. Returns 0 with *ret (NULL when absent), or -EINVAL. */
static int get(const struct oci *o, const json_t *obj, const char *key,
	       json_type type, bool required, json_t **ret)
{
	json_t *v = json_object_get(obj, key);
	*ret = NULL;
	if (!v) {
		if (!required)
			return 0;
		/* A wrong case is the usual reason: "defaultaction". */
		const char *k;
		json_t *m;
		json_object_foreach ((json_t *)obj, k, m) {
			if (strcasecmp(k, key) == 0) {
				char hint[128];
				snprintf(hint, sizeof(hint),
					 "did you mean '%s'? (keys are case "
					 "sensitive)",
					 key);
				return fail_at(o, m, hint,
					       "missing '%s'; found '%.*s%s'",
					       key, DIAG_QUOTE(k));
			}
		}
		return fail_at(o, obj, NULL, "missing '%s'", key);
	}
	/* Docker writes "subArchitectures": null and "args": null. */
	if (json_is_null(v) && !required)
		return 0;
	if (json_typeof(v) != type) {
		static const char *const want[] = {
			[JSON_OBJECT] = "an object",
			[JSON_ARRAY] = "an array",
			[JSON_STRING] = "a string",
			[JSON_INTEGER] = "an integer",
		};
		return fail_at(o, v, NULL, "'%s' must be %s, not %s", key,
			       type <= JSON_INTEGER ? want[type] : "?",
			       type_name(v));
	}
	*ret = v;
	return 0;
}

/* An array of strings into a new vector. */
static int get_strings(const struct oci *o, const json_t *obj, const char *key,
		       struct strv *ret)
{
	json_t *a;
	int r = get(o, obj, key, JSON_ARRAY, false, &a);
	if (r < 0 || !a)
		return r;
	size_t i;
	json_t *m;
	json_array_foreach (a, i, m) {
		if (!json_is_string(m))
			return fail_at(o, m, NULL,
				       "'%s' must hold strings, not %s", key,
				       type_name(m));
		if ((r = strv_add(ret, json_string_value(m))) < 0)
			return r;
	}
	return 0;
}

static int parse_action(const struct oci *o, json_t *v,
			enum profile_action_type *ret)
{
	if (profile_action_parse_oci(json_string_value(v), ret) == 0)
		return 0;
	return fail_at(o, v,
		       "use one of SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, "
		       "SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, "
		       "SCMP_ACT_TRAP, SCMP_ACT_LOG, SCMP_ACT_NOTIFY, "
		       "SCMP_ACT_TRACE",
		       "unknown action '%.*s%s'",
		       DIAG_QUOTE(json_string_value(v)));
}

static int parse_errno_ret(const struct oci *o, json_t *v, uint32_t *ret)
{
	json_int_t e = json_integer_value(v);
	/* The filter holds 16 bits; the kernel clamps above 4095 (lint
	 * says so). moby's own fixtures use 12345. */
	if (e < 0 || e > 0xffff)
		return fail_at(o, v,
			       "errno values run from 0 to 4095 (the kernel "
			       "clamps larger ones; the filter holds 16 bits)",
			       "errno %lld out of range", (long long)e);
	*ret = (uint32_t)e;
	return 0;
}

/* key ("errnoRet", "defaultErrnoRet") of holder into act's value: only
 * for an errno or trace action (runc drops it without a word for any
 * other), EPERM for an errno action without one, as runc does. */
static int errno_of(const struct oci *o, json_t *holder, const char *key,
		    struct profile_action *act)
{
	json_t *v;
	int r = get(o, holder, key, JSON_INTEGER, false, &v);
	if (r < 0)
		return r;
	if (!v) {
		if (act->type == PROFILE_ACT_ERRNO)
			act->value = EPERM;
		return 0;
	}
	if (act->type != PROFILE_ACT_ERRNO && act->type != PROFILE_ACT_TRACE)
		return fail_at(o, v,
			       "it goes with SCMP_ACT_ERRNO or SCMP_ACT_TRACE",
			       "%s given for %s", key,
			       profile_action_oci_name(act->type));
	return parse_errno_ret(o, v, &act->value);
}

static int check_arch(const struct oci *o, const json_t *where,
		      const char *name)
{
	uint32_t a;
	if (syscalls_arch_parse(name, &a) == -EINVAL)
		return fail_at(o, where,
			       "use SCMP_ARCH_X86_64, SCMP_ARCH_AARCH64, … "
			       "or Go's names (amd64, arm64, x86, x32)",
			       "unknown architecture '%.*s%s'",
			       DIAG_QUOTE(name));
	return 0;
}

static int parse_arches(struct oci *o, json_t *top)
{
	struct profile *p = o->p;
	int r = get_strings(o, top, "architectures", &p->architectures);
	if (r < 0)
		return r;
	json_t *av = json_object_get(top, "architectures");
	for (size_t i = 0; i < p->architectures.n; i++)
		if ((r = check_arch(o, json_array_get(av, i),
				    p->architectures.v[i])) < 0)
			return r;

	json_t *map;
	if ((r = get(o, top, "archMap", JSON_ARRAY, false, &map)) < 0)
		return r;
	if (!map)
		return 0;
	if (p->architectures.n)
		return fail_at(o, map,
			       "keep either 'architectures' or 'archMap'",
			       "'architectures' and 'archMap' both given");
	p->archmap = calloc(json_array_size(map) + 1, sizeof(*p->archmap));
	if (!p->archmap)
		return -ENOMEM;
	size_t i;
	json_t *e;
	json_array_foreach (map, i, e) {
		if (!json_is_object(e))
			return fail_at(o, e, NULL,
				       "'archMap' entries must be objects, "
				       "not %s",
				       type_name(e));
		struct profile_archmap *am = &p->archmap[p->n_archmap++];
		am->loc = loc_of(o, e);
		json_t *arch;
		if ((r = get(o, e, "architecture", JSON_STRING, true, &arch)) <
		    0)
			return r;
		if (!(am->arch = strdup(json_string_value(arch))))
			return -ENOMEM;
		if ((r = check_arch(o, arch, am->arch)) < 0)
			return r;
		if ((r = get_strings(o, e, "subArchitectures", &am->subs)) < 0)
			return r;
		json_t *sv = json_object_get(e, "subArchitectures");
		for (size_t j = 0; j < am->subs.n; j++)
			if ((r = check_arch(o, json_array_get(sv, j),
					    am->subs.v[j])) < 0)
				return r;
	}
	return 0;
}

static const char *const known_flags[] = {
	"SECCOMP_FILTER_FLAG_TSYNC",
	"SECCOMP_FILTER_FLAG_LOG",
	"SECCOMP_FILTER_FLAG_SPEC_ALLOW",
	"SECCOMP_FILTER_FLAG_NEW_LISTENER",
	"SECCOMP_FILTER_FLAG_TSYNC_ESRCH",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
};

static int parse_flags(struct oci *o, json_t *top)
{
	struct profile *p = o->p;
	int r = get_strings(o, top, "flags", &p->flags);
	if (r < 0)
		return r;
	json_t *fv = json_object_get(top, "flags");
	for (size_t i = 0; i < p->flags.n; i++) {
		bool ok = false;
		for (size_t k = 0; k < ARRAY_SIZE(known_flags); k++)
			ok |= strcmp(p->flags.v[i], known_flags[k]) == 0;
		if (!ok)
			return fail_at(o, json_array_get(fv, i),
				       "known flags: SECCOMP_FILTER_FLAG_LOG, "
				       "SECCOMP_FILTER_FLAG_SPEC_ALLOW, "
				       "SECCOMP_FILTER_FLAG_TSYNC, …",
				       "unknown flag '%.*s%s'",
				       DIAG_QUOTE(p->flags.v[i]));
	}
	return 0;
}

static int parse_cond(struct oci *o, json_t *rule, const char *key,
		      struct profile_cond *c)
{
	json_t *v;
	int r = get(o, rule, key, JSON_OBJECT, false, &v);
	if (r < 0 || !v)
		return r;
	if ((r = get_strings(o, v, "caps", &c->caps)) < 0)
		return r;
	c->cap_values = calloc(c->caps.n + 1, sizeof(*c->cap_values));
	if (!c->cap_values)
		return -ENOMEM;
	json_t *cv = json_object_get(v, "caps");
	for (size_t i = 0; i < c->caps.n; i++) {
		cap_value_t cap;
		if (cap_from_name(c->caps.v[i], &cap) < 0)
			return fail_at(o, json_array_get(cv, i),
				       "capability names look like "
				       "CAP_SYS_ADMIN (see capabilities(7))",
				       "unknown capability '%.*s%s' in %s.caps",
				       DIAG_QUOTE(c->caps.v[i]), key);
		c->cap_values[i] = cap;
	}
	if ((r = get_strings(o, v, "arches", &c->arches)) < 0)
		return r;
	json_t *av = json_object_get(v, "arches");
	for (size_t i = 0; i < c->arches.n; i++)
		if ((r = check_arch(o, json_array_get(av, i), c->arches.v[i])) <
		    0)
			return r;
	json_t *mk;
	if ((r = get(o, v, "minKernel", JSON_STRING, false, &mk)) < 0)
		return r;
	if (mk) {
		if (profile_kernel_parse(json_string_value(mk),
					 &c->min_kernel_major,
					 &c->min_kernel_minor) < 0)
			return fail_at(o, mk, "write it as \"4.8\"",
				       "bad minKernel '%.*s%s'",
				       DIAG_QUOTE(json_string_value(mk)));
		if (!(c->min_kernel = strdup(json_string_value(mk))))
			return -ENOMEM;
	}
	return 0;
}

static int get_u64(const struct oci *o, json_t *arg, const char *key,
		   bool required, uint64_t *ret)
{
	json_t *v;
	int r = get(o, arg, key, JSON_INTEGER, required, &v);
	if (r < 0 || !v)
		return r;
	if (json_integer_value(v) < 0)
		return fail_at(o, v, "argument values are unsigned 64-bit",
			       "'%s' must not be negative", key);
	*ret = (uint64_t)json_integer_value(v);
	return 0;
}

static int parse_args(struct oci *o, json_t *rv, struct profile_rule *rule)
{
	json_t *args;
	int r = get(o, rv, "args", JSON_ARRAY, false, &args);
	if (r < 0 || !args)
		return r;
	size_t i;
	json_t *av;
	json_array_foreach (args, i, av) {
		if (!json_is_object(av))
			return fail_at(o, av, NULL,
				       "'args' entries must be objects, not %s",
				       type_name(av));
		struct profile_arg *a = profile_rule_add_arg(rule);
		if (!a)
			return -ENOMEM;
		a->loc = loc_of(o, av);
		uint64_t index = 0;
		if ((r = get_u64(o, av, "index", true, &index)) < 0)
			return r;
		if (index > 5)
			return fail_at(o, json_object_get(av, "index"),
				       "syscalls have six arguments, index 0 "
				       "to 5",
				       "argument index %llu out of range",
				       (unsigned long long)index);
		a->index = (unsigned)index;
		if ((r = get_u64(o, av, "value", true, &a->value)) < 0 ||
		    (r = get_u64(o, av, "valueTwo", false, &a->value_two)) < 0)
			return r;
		json_t *op;
		if ((r = get(o, av, "op", JSON_STRING, true, &op)) < 0)
			return r;
		if (profile_op_parse(json_string_value(op), &a->op) < 0)
			return fail_at(o, op,
				       "use SCMP_CMP_NE, SCMP_CMP_LT, "
				       "SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, "
				       "SCMP_CMP_GT or SCMP_CMP_MASKED_EQ",
				       "unknown comparison '%.*s%s'",
				       DIAG_QUOTE(json_string_value(op)));
	}
	return 0;
}

static int add_name(struct oci *o, struct profile_rule *rule, json_t *v)
{
	if (!json_is_string(v))
		return fail_at(o, v, NULL,
			       "syscall names must be strings, "
			       "not %s",
			       type_name(v));
	const char *name = json_string_value(v);
	if (!profile_name_valid(name))
		return fail_at(
			o, v, "names are lower case letters, digits and '_'",
			"'%.*s%s' is not a syscall name", DIAG_QUOTE(name));
	return profile_rule_add_name(rule, name, loc_of(o, v)) ? 0 : -ENOMEM;
}

static int parse_rule(struct oci *o, json_t *rv)
{
	if (!json_is_object(rv))
		return fail_at(o, rv, NULL,
			       "'syscalls' entries must be objects, not %s",
			       type_name(rv));
	struct profile_rule *rule = profile_add_rule(o->p);
	if (!rule)
		return -ENOMEM;
	rule->loc = loc_of(o, rv);

	json_t *names, *name;
	int r;
	if ((r = get(o, rv, "names", JSON_ARRAY, false, &names)) < 0 ||
	    (r = get(o, rv, "name", JSON_STRING, false, &name)) < 0)
		return r;
	if (names && name)
		return fail_at(o, name, "keep only 'names'",
			       "rule has both 'name' and 'names'");
	if (name && (r = add_name(o, rule, name)) < 0)
		return r;
	if (names) {
		size_t i;
		json_t *nv;
		json_array_foreach (names, i, nv)
			if ((r = add_name(o, rule, nv)) < 0)
				return r;
	}
	if (rule->n_names == 0)
		return fail_at(o, names ? names : rv,
			       "list the syscalls in \"names\": [\"read\", …]",
			       "rule names no syscall");

	json_t *act;
	if ((r = get(o, rv, "action", JSON_STRING, true, &act)) < 0 ||
	    (r = parse_action(o, act, &rule->action.type)) < 0 ||
	    (r = errno_of(o, rv, "errnoRet", &rule->action)) < 0)
		return r;

	json_t *comment;
	if ((r = get(o, rv, "comment", JSON_STRING, false, &comment)) < 0)
		return r;
	if (comment && !(rule->comment = strdup(json_string_value(comment))))
		return -ENOMEM;
	if ((r = parse_args(o, rv, rule)) < 0 ||
	    (r = parse_cond(o, rv, "includes", &rule->includes)) < 0 ||
	    (r = parse_cond(o, rv, "excludes", &rule->excludes)) < 0)
		return r;
	return 0;
}

static int parse_top(struct oci *o, json_t *top)
{
	struct profile *p = o->p;
	json_t *v;
	int r = get(o, top, "defaultAction", JSON_STRING, true, &v);
	if (r < 0)
		return r;
	p->default_loc = loc_of(o, v);
	if ((r = parse_action(o, v, &p->default_action.type)) < 0)
		return r;
	if ((r = errno_of(o, top, "defaultErrnoRet", &p->default_action)) < 0)
		return r;
	if ((r = parse_arches(o, top)) < 0 || (r = parse_flags(o, top)) < 0)
		return r;
	if ((r = get(o, top, "listenerPath", JSON_STRING, false, &v)) < 0 ||
	    (r = get(o, top, "listenerMetadata", JSON_STRING, false, &v)) < 0)
		return r;

	json_t *rules;
	if ((r = get(o, top, "syscalls", JSON_ARRAY, false, &rules)) < 0)
		return r;
	size_t i;
	json_t *rv;
	json_array_foreach (rules, i, rv)
		if ((r = parse_rule(o, rv)) < 0)
			return r;
	return 0;
}

int profile_read_oci(struct profile *p, const char *text, size_t len,
		     struct diag *d)
{
	json_error_t err;
	json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (!doc) {
		/* jansson counts the column of the character it stopped at. */
		diag_set(d, -EINVAL, NULL,
			 (unsigned)(err.line > 0 ? err.line : 1),
			 (unsigned)(err.column > 0 ? err.column : 0),
			 "invalid JSON: %s", err.text);
		if (json_error_code(&err) == json_error_duplicate_key)
			diag_hint(d, "each key may appear once per object");
		else if (json_error_code(&err) ==
			 json_error_premature_end_of_input)
			diag_hint(d, "the file ends early: is it truncated?");
		else if (json_error_code(&err) == json_error_numeric_overflow &&
			 strstr(err.text, "real"))
			diag_hint(d, "no errno, index or argument value is "
				     "that large");
		else if (json_error_code(&err) == json_error_numeric_overflow)
			diag_hint(d, "the JSON reader (jansson) stops at "
				     "9223372036854775807; a larger argument "
				     "value cannot be read");
		else if (json_error_code(&err) == json_error_null_character)
			diag_hint(d, "a syscall name or other string cannot "
				     "hold a NUL character");
		return -EINVAL;
	}
	p->doc = doc;
	struct oci o = { .p = p, .d = d };
	int r = jsonpos_build(text, len, doc, &o.jp);
	if (r < 0) {
		json_decref(doc);
		p->doc = NULL;
		return r == -ENOMEM ? r
				    : diag_set(d, r, NULL, 1, 1,
					       "JSON nested too deeply");
	}
	json_t *top = doc;
	if (!json_is_object(top))
		r = fail_at(&o, top, "a profile is a JSON object",
			    "top level must be an object, not %s",
			    type_name(top));
	/* A whole OCI config.json: the profile is linux.seccomp. */
	json_t *linux_ = r == 0 ? json_object_get(top, "linux") : NULL;
	if (r == 0 && json_is_object(linux_) &&
	    json_is_object(json_object_get(linux_, "seccomp")) &&
	    !json_object_get(top, "defaultAction"))
		top = json_object_get(linux_, "seccomp");
	if (r == 0)
		r = parse_top(&o, top);
	jsonpos_free(o.jp);
	return r;
}
