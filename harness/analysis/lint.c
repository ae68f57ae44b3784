/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "lint.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dangerous.h"
#include "strmap.h"
#include "util.h"

static const char *const kind_names[] = {
	[LINT_UNKNOWN_NAME] = "unknown-name",
	[LINT_CONFLICT] = "conflicting-actions",
	[LINT_TOO_NEW] = "newer-than-libseccomp",
	[LINT_ERRNO_CLAMPED] = "errno-clamped",
	[LINT_DUPLICATE] = "duplicate",
	[LINT_REDUNDANT] = "redundant-rule",
	[LINT_DEAD_RULE] = "dead-rule",
	[LINT_INACTIVE_RULE] = "inactive-rule",
	[LINT_NOT_APPLICABLE] = "not-applicable",
	[LINT_DANGEROUS] = "dangerous",
	[LINT_SHADOWED] = "shadowed-rule",
	[LINT_COMPAT] = "compat-hole",
	[LINT_ERRNO_ADVICE] = "errno-advice",
};
_Static_assert(ARRAY_SIZE(kind_names) == LINT_KIND_MAX, "lint kinds");

static const char *const severity_names[] = {
	[LINT_ERROR] = "error",
	[LINT_WARNING] = "warning",
	[LINT_NOTE] = "note",
};
_Static_assert(ARRAY_SIZE(severity_names) == LINT_SEVERITY_MAX,
	       "lint severities");

const char *lint_kind_name(enum lint_kind k)
{
	return k < LINT_KIND_MAX ? kind_names[k] : "?";
}

const char *lint_severity_name(enum lint_severity s)
{
	return s < LINT_SEVERITY_MAX ? severity_names[s] : "?";
}

static enum lint_severity severity_of(enum lint_kind k)
{
	switch (k) {
	case LINT_UNKNOWN_NAME:
	case LINT_CONFLICT:
		return LINT_ERROR;
	case LINT_TOO_NEW:
	case LINT_ERRNO_CLAMPED:
	case LINT_DANGEROUS:
	case LINT_SHADOWED:
	case LINT_COMPAT:
	case LINT_DUPLICATE:
	case LINT_REDUNDANT:
	case LINT_DEAD_RULE:
		return LINT_WARNING;
	case LINT_INACTIVE_RULE:
	case LINT_NOT_APPLICABLE:
	case LINT_ERRNO_ADVICE:
	case LINT_KIND_MAX:
		break;
	}
	return LINT_NOTE;
}

static struct lint_finding *add(struct lint_result *r, enum lint_kind kind,
				struct profile_loc loc, const char *name,
				const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static struct lint_finding *add(struct lint_result *r, enum lint_kind kind,
				struct profile_loc loc, const char *name,
				const char *fmt, ...)
{
	void *a = r->items;
	if (util_grow(&a, &r->alloc, r->n, sizeof(*r->items)) < 0) {
		r->out_of_memory = true;
		return NULL;
	}
	r->items = a;
	struct lint_finding *f = &r->items[r->n++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->severity = severity_of(kind);
	f->loc = loc;
	snprintf(f->name, sizeof(f->name), "%s", name ? name : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	r->count[f->severity]++;
	return f;
}

static bool same_action(struct profile_action a, struct profile_action b)
{
	return a.type == b.type && a.value == b.value;
}

/* Every arch the profile may ever run on; 0 entries means "any". */
static size_t possible_arches(const struct profile *p, uint32_t *out,
			      size_t max)
{
	size_t n = 0;
	uint32_t a;
	for (size_t i = 0; i < p->architectures.n && n < max; i++)
		if (syscalls_arch_parse(p->architectures.v[i], &a) == 0)
			out[n++] = a;
	for (size_t i = 0; i < p->n_archmap && n < max; i++) {
		if (syscalls_arch_parse(p->archmap[i].arch, &a) == 0)
			out[n++] = a;
		for (size_t j = 0; j < p->archmap[i].subs.n && n < max; j++)
			if (syscalls_arch_parse(p->archmap[i].subs.v[j], &a) ==
			    0)
				out[n++] = a;
	}
	return n;
}

static bool listed(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static void check_dead(const struct profile *p, const struct profile_rule *r,
		       struct lint_result *res)
{
	for (size_t i = 0; i < r->includes.caps.n; i++) {
		if (listed(r->excludes.caps.v, r->excludes.caps.n,
			   r->includes.caps.v[i])) {
			add(res, LINT_DEAD_RULE, r->loc, NULL,
			    "rule both needs and excludes %s: it never applies",
			    r->includes.caps.v[i]);
			return;
		}
	}
	if (!r->includes.arches.n)
		return;
	uint32_t arches[64];
	size_t n = possible_arches(p, arches, ARRAY_SIZE(arches));
	bool any = false;
	for (size_t i = 0; i < r->includes.arches.n; i++) {
		uint32_t a;
		if (syscalls_arch_parse(r->includes.arches.v[i], &a) < 0) {
			any = true; /* an arch newer than libseccomp */
			continue;
		}
		if (listed(r->excludes.arches.v, r->excludes.arches.n,
			   r->includes.arches.v[i]))
			continue;
		bool in = n == 0;
		for (size_t k = 0; k < n; k++)
			in |= arches[k] == a;
		any |= in;
	}
	if (!any)
		add(res, LINT_DEAD_RULE, r->loc, NULL,
		    "rule is only for arches the profile never covers (%s%s)",
		    r->includes.arches.v[0],
		    r->includes.arches.n > 1 ? ", …" : "");
}

/* Where a name first appears among the unconditional rules: a profile
 * may hold hundreds of thousands of names, too many to walk per name. */
struct places {
	struct strmap map; /* name → index in v */
	struct place {
		size_t rule, pos;
	} * v;
	size_t n, alloc;
};

static void places_free(struct places *p)
{
	strmap_free(&p->map);
	free(p->v);
}

static int places_add(struct places *p, const char *name, size_t rule,
		      size_t pos)
{
	void *a = p->v;
	if (util_grow(&a, &p->alloc, p->n, sizeof(*p->v)) < 0)
		return -ENOMEM;
	p->v = a;
	int r = strmap_add(&p->map, name, p->n, NULL);
	if (r == 1)
		p->v[p->n++] = (struct place){ rule, pos };
	return r < 0 ? r : 0;
}

/* earlier: each name's first place among the unconditional rules before
 * this one (this rule's names are added at the end). */
static void check_names(const struct profile *p, size_t ri,
			struct places *earlier, struct lint_result *res)
{
	const struct profile_rule *r = &p->rules[ri];
	__attribute__((cleanup(strmap_free))) struct strmap in_rule =
		STRMAP_INIT;
	for (size_t j = 0; j < r->n_names; j++) {
		const struct profile_name *nm = &r->names[j];
		const char *since = syscalls_newer_than_libseccomp(nm->name);
		if (since) {
			struct lint_finding *f = add(
				res, LINT_TOO_NEW, nm->loc, nm->name,
				"'%s' (Linux %s) is newer than this "
				"libseccomp: the filter cannot name it, so it "
				"gets the default action",
				nm->name, since);
			if (f)
				snprintf(f->hint, sizeof(f->hint),
					 "upgrade libseccomp to keep '%s' "
					 "allowed",
					 nm->name);
			continue;
		}
		if (!syscalls_known(nm->name)) {
			struct lint_finding *f =
				add(res, LINT_UNKNOWN_NAME, nm->loc, nm->name,
				    "unknown syscall '%s'", nm->name);
			char best[64];
			if (f &&
			    syscalls_suggest(nm->name, best, sizeof(best)) == 0)
				snprintf(f->hint, sizeof(f->hint),
					 "did you mean '%s'?", best);
			continue;
		}
		bool here = false;
		for (size_t a = 0; a < p->n_arches; a++)
			here |= syscalls_resolve(p->arches[a], nm->name) >= 0;
		if (!here && r->active) {
			char arches[128] = "";
			for (size_t a = 0; a < p->n_arches; a++) {
				const char *an =
					syscalls_arch_name(p->arches[a]);
				snprintf(arches + strlen(arches),
					 sizeof(arches) - strlen(arches),
					 "%s%s", a ? ", " : "", an ? an : "?");
			}
			add(res, LINT_NOT_APPLICABLE, nm->loc, nm->name,
			    "'%s' is not a syscall on %s (it exists on other "
			    "arches); the filter skips it",
			    nm->name, arches);
		}
		/* Earlier mentions of the same name. */
		size_t k;
		int added = strmap_add(&in_rule, nm->name, j, &k);
		if (added < 0)
			res->out_of_memory = true;
		if (added == 0)
			add(res, LINT_DUPLICATE, nm->loc, nm->name,
			    "'%s' is listed twice in this rule (also "
			    "line %u)",
			    nm->name, r->names[k].loc.line);
		size_t at;
		if (!profile_rule_unconditional(r) ||
		    strmap_get(&earlier->map, nm->name, &at) < 0)
			continue;
		const struct profile_rule *o = &p->rules[earlier->v[at].rule];
		const struct profile_name *on = &o->names[earlier->v[at].pos];
		if (same_action(o->action, r->action)) {
			add(res, LINT_DUPLICATE, nm->loc, nm->name,
			    "'%s' is already allowed by the rule at line %u",
			    nm->name, on->loc.line);
		} else {
			char a[64], b[64];
			profile_action_describe(o->action, a, sizeof(a));
			profile_action_describe(r->action, b, sizeof(b));
			struct lint_finding *f =
				add(res, LINT_CONFLICT, nm->loc, nm->name,
				    "'%s' gets %s here but %s at line %u; "
				    "libseccomp refuses two actions for one "
				    "syscall",
				    nm->name, b, a, on->loc.line);
			if (f)
				snprintf(f->hint, sizeof(f->hint),
					 "keep one of the two");
		}
	}
	if (!profile_rule_unconditional(r))
		return;
	for (size_t j = 0; j < r->n_names; j++)
		if (places_add(earlier, r->names[j].name, ri, j) < 0)
			res->out_of_memory = true;
}

/* The list is dangerous.h's; a rule lets a call run as exposure.h says. */
static void check_dangerous(const struct profile_rule *r,
			    struct lint_result *res)
{
	if (!r->active || !exposure_action_runs(r->action))
		return;
	for (size_t j = 0; j < r->n_names; j++) {
		const struct dangerous_syscall *k =
			dangerous_find(r->names[j].name);
		if (!k || (k->conditional && r->n_args))
			continue;
		add(res, LINT_DANGEROUS, r->names[j].loc, r->names[j].name,
		    "'%s' is %s%s: it %s", r->names[j].name,
		    r->action.type == PROFILE_ACT_LOG ? "allowed (logged)"
						      : "allowed",
		    k->conditional ? " without conditions" : "", k->why);
	}
}

/* A conditional allow for a name some unconditional rule allows anyway.
 * allows: each name's first active, unconditional allow rule. */
static void check_shadowed(const struct profile *p, size_t ri,
			   struct strmap *allows, struct lint_result *res)
{
	const struct profile_rule *r = &p->rules[ri];
	if (!r->active || r->action.type != PROFILE_ACT_ALLOW || !r->n_args)
		return;
	for (size_t j = 0; j < r->n_names; j++) {
		size_t oi;
		if (strmap_get(allows, r->names[j].name, &oi) < 0)
			continue;
		add(res, LINT_SHADOWED, r->names[j].loc, r->names[j].name,
		    "the conditions on '%s' never matter: the rule at line %u "
		    "allows it unconditionally",
		    r->names[j].name, p->rules[oi].loc.line);
	}
}

static const struct profile_name *allowed_entry(const struct profile *p,
						const char *name,
						enum profile_action_type t)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (p->rules[i].active &&
			    p->rules[i].action.type == t &&
			    strcmp(p->rules[i].names[j].name, name) == 0)
				return &p->rules[i].names[j];
	return NULL;
}

static bool enosys_for(const struct profile *p, const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++)
			if (p->rules[i].active &&
			    p->rules[i].action.type == PROFILE_ACT_ERRNO &&
			    p->rules[i].action.value == ENOSYS &&
			    strcmp(p->rules[i].names[j].name, name) == 0)
				return true;
	return false;
}

static void check_profile_wide(const struct profile *p, struct lint_result *res)
{
	bool x86 = false, compat = false;
	for (size_t a = 0; a < p->n_arches; a++) {
		x86 |= p->arches[a] == SCMP_ARCH_X86;
		compat |= p->arches[a] == SCMP_ARCH_X86 ||
			  p->arches[a] == SCMP_ARCH_X32;
	}
	if (compat && p->default_action.type == PROFILE_ACT_ALLOW)
		add(res, LINT_COMPAT, p->default_loc, NULL,
		    "a denylist that covers x86 or x32: every compat syscall it "
		    "does not name is allowed, including ones x86_64 lacks "
		    "(socketcall, ipc)");
	const struct profile_name *sc =
		allowed_entry(p, "socketcall", PROFILE_ACT_ALLOW);
	if (x86 && sc)
		add(res, LINT_COMPAT, sc->loc, "socketcall",
		    "socketcall multiplexes every socket call on x86: "
		    "conditions on socket, connect or sendmsg do not reach it");
	/* glibc falls back from a new syscall on ENOSYS, not on EPERM. */
	if (p->default_action.type == PROFILE_ACT_ERRNO &&
	    p->default_action.value != ENOSYS &&
	    !allowed_entry(p, "clone3", PROFILE_ACT_ALLOW) &&
	    !enosys_for(p, "clone3")) {
		const char *e = profile_errno_name(p->default_action.value);
		struct lint_finding *f = add(
			res, LINT_ERRNO_ADVICE, p->default_loc, "clone3",
			"syscalls the profile does not name fail with %s: "
			"programs probing newer ones (clone3, faccessat2, "
			"statx, ...) do not fall back, as they do on ENOSYS",
			e ? e : "an errno");
		if (f)
			snprintf(f->hint, sizeof(f->hint),
				 "answer ENOSYS for them, as Docker does for "
				 "clone3");
	}
}

static int cmp_finding(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.column != y->loc.column)
		return x->loc.column < y->loc.column ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

int lint_profile(struct profile *p, const struct profile_env *env,
		 struct lint_result *res)
{
	memset(res, 0, sizeof(*res));
	profile_evaluate(p, env);
	__attribute__((cleanup(places_free))) struct places earlier = {
		STRMAP_INIT, NULL, 0, 0
	};
	__attribute__((cleanup(strmap_free))) struct strmap allows =
		STRMAP_INIT;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *o = &p->rules[i];
		if (!o->active || o->n_args ||
		    o->action.type != PROFILE_ACT_ALLOW)
			continue;
		for (size_t j = 0; j < o->n_names; j++)
			if (strmap_add(&allows, o->names[j].name, i, NULL) < 0)
				res->out_of_memory = true;
	}
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		size_t before = res->n;
		check_names(p, i, &earlier, res);
		check_dead(p, r, res);
		if (r->action.type == PROFILE_ACT_ERRNO &&
		    r->action.value > 4095)
			add(res, LINT_ERRNO_CLAMPED, r->loc, NULL,
			    "errno %u is above 4095: the kernel returns 4095 "
			    "instead",
			    r->action.value);
		check_dangerous(r, res);
		check_shadowed(p, i, &allows, res);
		if (same_action(r->action, p->default_action))
			add(res, LINT_REDUNDANT, r->loc, NULL,
			    "rule does what the default action does (%s)",
			    profile_action_name(r->action.type));
		if (!r->active && res->n == before)
			add(res, LINT_INACTIVE_RULE, r->loc, NULL,
			    "rule is off here: %s", r->inactive_reason);
	}
	check_profile_wide(p, res);
	if (exposure_compute(p, NULL, NULL, NULL, &res->exposure) < 0)
		res->out_of_memory = true;
	if (res->out_of_memory)
		return -ENOMEM;
	if (res->n)
		qsort(res->items, res->n, sizeof(*res->items), cmp_finding);
	return 0;
}

void lint_result_clear(struct lint_result *r)
{
	free(r->items);
	exposure_clear(&r->exposure);
	memset(r, 0, sizeof(*r));
}
