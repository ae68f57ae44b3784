/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "convert.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "strmap.h"
#include "systemd-groups.h"
#include "util.h"

/* What the input says of one name. */
struct slot {
	bool allow; /* an unconditional allow rule */
	bool conditional; /* an allow rule with conditions */
	bool other; /* an unconditional rule of another action */
	struct profile_action act; /* the first such rule's */
	const char *note; /* its rule's comment */
};

struct names {
	struct strv v; /* distinct, in the order met, then sorted */
	struct strmap index; /* name → slot */
	struct slot *slots;
	size_t alloc;
};

static void names_clear(struct names *n)
{
	strmap_free(&n->index);
	strv_clear(&n->v);
	free(n->slots);
}

static struct slot *slot_of(struct names *n, const char *name)
{
	size_t i;
	if (strmap_get(&n->index, name, &i) == 0)
		return &n->slots[i];
	void *a = n->slots;
	if (util_grow(&a, &n->alloc, n->v.n, sizeof(*n->slots)) < 0)
		return NULL;
	n->slots = a;
	if (strv_add(&n->v, name) < 0)
		return NULL;
	memset(&n->slots[n->v.n - 1], 0, sizeof(*n->slots));
	return strmap_add(&n->index, n->v.v[n->v.n - 1], n->v.n - 1, NULL) < 0
		       ? NULL
		       : &n->slots[n->v.n - 1];
}

static int collect(const struct profile *p, struct names *n)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		bool uncond = profile_rule_unconditional(r) && r->active;
		bool allow = r->action.type == PROFILE_ACT_ALLOW;
		for (size_t j = 0; j < r->n_names; j++) {
			struct slot *s = slot_of(n, r->names[j].name);
			if (!s)
				return -ENOMEM;
			if (!s->note)
				s->note = r->comment;
			if (allow && uncond)
				s->allow = true;
			else if (allow)
				s->conditional = true;
			else if (uncond && !s->other) {
				s->other = true;
				s->act = r->action;
			}
		}
	}
	return 0;
}

static bool same(struct profile_action a, struct profile_action b)
{
	return a.type == b.type && a.value == b.value;
}

/* Whether to can write action a of a name (not allow) beside def. */
static bool expressible(enum writer_format to, struct profile_action a,
			struct profile_action def)
{
	switch (to) {
	case WRITER_OCI:
		return true;
	case WRITER_LIST:
		return a.type == PROFILE_ACT_ERRNO && a.value > 0;
	case WRITER_SYSTEMD:
		return def.type == PROFILE_ACT_ALLOW &&
		       (a.type == PROFILE_ACT_ERRNO ||
			a.type == PROFILE_ACT_KILL_PROCESS);
	case WRITER_GO:
	case WRITER_C:
	case WRITER_MAX:
		break;
	}
	return false;
}

/* systemd has kill (the process) and errno; a deny list allows. */
static struct profile_action systemd_default(struct profile_action def,
					     char *note, size_t size)
{
	char was[64];
	profile_action_describe(def, was, sizeof(was));
	switch (def.type) {
	case PROFILE_ACT_ALLOW:
	case PROFILE_ACT_KILL_PROCESS:
	case PROFILE_ACT_ERRNO:
		return def;
	case PROFILE_ACT_KILL_THREAD:
	case PROFILE_ACT_TRAP:
	case PROFILE_ACT_LOG:
	case PROFILE_ACT_NOTIFY:
	case PROFILE_ACT_TRACE:
	case PROFILE_ACT_MAX:
		break;
	}
	snprintf(note, size,
		 "the default was %s: systemd has no such action, the unit "
		 "kills the process instead",
		 was);
	return (struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };
}

/* The arches to write: the input's own, else (OCI) those it covers. */
static size_t arches_of(const struct profile *p, enum writer_format to,
			uint32_t *v, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->architectures.n && n < max; i++)
		if (syscalls_arch_parse(p->architectures.v[i], &v[n]) == 0)
			n++;
	if (n || to != WRITER_OCI)
		return n;
	for (size_t i = 0; i < p->n_arches && n < max; i++)
		v[n++] = p->arches[i];
	return n;
}

/* What systemd's implicit @default allows beyond the input. */
static int default_extra(const struct names *n, struct strv *ret)
{
	const struct systemd_group *g = systemd_group_find("@default");
	char w[80];
	for (const char *s = g ? g->members : ""; *s;) {
		size_t k = strcspn(s, " ");
		size_t i;
		if (k < sizeof(w)) {
			memcpy(w, s, k);
			w[k] = '\0';
			bool has = strmap_get(&n->index, w, &i) == 0 &&
				   n->slots[i].allow;
			bool known = syscalls_known(w) ||
				     syscalls_newer_than_libseccomp(w);
			if (!has && known && strv_add(ret, w) < 0)
				return -ENOMEM;
		}
		s += k;
		s += strspn(s, " ");
	}
	return 0;
}

static int refuse_deny_list(const struct profile *p, enum writer_format to,
			    struct diag *d)
{
	static const char *const names[] = { "list", "oci", "go", "c",
					     "systemd" };
	diag_set(d, -EINVAL, p->path, p->default_loc.line,
		 p->default_loc.column,
		 "the default action allows (a deny list): a %s file allows "
		 "only the names it lists",
		 names[to]);
	diag_hint(d, "convert it --to oci or --to systemd, which have deny "
		     "lists");
	return -EINVAL;
}

static int cmp_at(const void *a, const void *b, void *v)
{
	char *const *names = v;
	return strcmp(names[*(const size_t *)a], names[*(const size_t *)b]);
}

/* The names the target can write, sorted, with their actions and notes
 * (into acts and notes, n->v.n long); the rest into r's lists. */
static int select_names(enum writer_format to, struct profile_action def,
			const struct names *n, struct profile_action *acts,
			const char **notes, struct strv *out,
			struct convert_result *r)
{
	cleanup_free size_t *order = calloc(n->v.n + 1, sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (size_t i = 0; i < n->v.n; i++)
		order[i] = i;
	qsort_r(order, n->v.n, sizeof(*order), cmp_at, n->v.v);
	bool line_format =
		to == WRITER_LIST || to == WRITER_GO || to == WRITER_C;
	for (size_t k = 0; k < n->v.n; k++) {
		const struct slot *s = &n->slots[order[k]];
		const char *name = n->v.v[order[k]];
		struct profile_action a = { PROFILE_ACT_ALLOW, 0 };
		if (!s->allow && s->other && same(s->act, def))
			continue; /* the default says as much */
		if (!s->allow && s->other && expressible(to, s->act, def))
			a = s->act;
		else if (!s->allow) {
			struct strv *left =
				s->other ? &r->own_action : &r->conditional;
			if (strv_add(left, name) < 0)
				return -ENOMEM;
			continue;
		}
		acts[out->n] = a;
		notes[out->n] = line_format ? s->note : NULL;
		if (strv_add(out, name) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int convert_names(const struct profile *p, enum writer_format to,
			 const char *package, struct convert_result *r)
{
	__attribute__((cleanup(names_clear))) struct names n = { STRV_INIT,
								 STRMAP_INIT,
								 NULL, 0 };
	cleanup_strv struct strv out = STRV_INIT;
	int k = collect(p, &n);
	if (k < 0)
		return k;
	cleanup_free struct profile_action *acts =
		calloc(n.v.n + 1, sizeof(*acts));
	cleanup_free const char **notes = calloc(n.v.n + 1, sizeof(*notes));
	if (!acts || !notes)
		return -ENOMEM;
	struct profile_action def = p->default_action;
	if (to == WRITER_SYSTEMD)
		def = systemd_default(def, r->default_note,
				      sizeof(r->default_note));
	if ((k = select_names(to, def, &n, acts, notes, &out, r)) < 0)
		return k;
	if (to == WRITER_SYSTEMD && def.type != PROFILE_ACT_ALLOW &&
	    (k = default_extra(&n, &r->systemd_default)) < 0)
		return k;
	uint32_t arches[8];
	char origin[600];
	snprintf(origin, sizeof(origin), "Converted by scaudit from %s (%s).",
		 p->path, profile_format_name(p->format));
	struct writer_set ws = {
		.names = out.v,
		.n = out.n,
		.arches = arches,
		.n_arches = arches_of(p, to, arches, ARRAY_SIZE(arches)),
		.origin = origin,
		.notes = notes,
		.package = package,
		.default_action = &def,
		.actions = acts,
	};
	return writer_names(to, &ws, &r->text);
}

/* The writer format that is p's own, or WRITER_MAX. */
static enum writer_format own_format(const struct profile *p)
{
	switch (p->format) {
	case PROFILE_FORMAT_LIST:
		return WRITER_LIST;
	case PROFILE_FORMAT_OCI:
		return WRITER_OCI;
	case PROFILE_FORMAT_GO:
		return WRITER_GO;
	case PROFILE_FORMAT_C:
		return WRITER_C;
	case PROFILE_FORMAT_SYSTEMD:
		return WRITER_SYSTEMD;
	case PROFILE_FORMAT_STRACE:
	case PROFILE_FORMAT_AUTO:
	case PROFILE_FORMAT_MAX:
		break;
	}
	return WRITER_MAX;
}

int convert_profile(const struct profile *p, enum writer_format to,
		    const char *package, struct convert_result *ret,
		    struct diag *d)
{
	*ret = (struct convert_result){ .conditional = STRV_INIT };
	bool deny = p->default_action.type == PROFILE_ACT_ALLOW;
	if (deny && to != WRITER_OCI && to != WRITER_SYSTEMD)
		return refuse_deny_list(p, to, d);
	/* Its own format: the file as it is, conditions and all (a Go
	 * file keeps its package clause). */
	int r = own_format(p) == to ? writer_trimmed(p, NULL, &ret->text)
				    : convert_names(p, to, package, ret);
	if (r < 0)
		convert_result_clear(ret);
	return r;
}

void convert_result_clear(struct convert_result *r)
{
	free(r->text);
	r->text = NULL;
	strv_clear(&r->conditional);
	strv_clear(&r->own_action);
	strv_clear(&r->systemd_default);
}
