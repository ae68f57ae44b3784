/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "own-verdict.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "syscalls.h"
#include "takeover.h"

int own_verdict_add(struct own_verdict *ov, const struct observations *o,
		    const struct verdict *v)
{
	if (!o->n_loads)
		return 0;
	ov->runs_loaded++;
	ov->ambiguous |= o->own_ambiguous;
	bool sigreturn = false;
	for (size_t i = 0; i < o->n_loads; i++)
		sigreturn |= o->loads[i].sigreturn_denied &&
			     !takeover_refused(&o->loads[i]);
	/* Never watched, so never seen: a risk the handlers show, not a
	 * call a run made. */
	ov->sigreturn_needed |= sigreturn && o->handlers;
	for (size_t i = 0; i < o->n_loads && !ov->unobserved; i++)
		if (o->loads[i].state == OBS_LOAD_UNOBSERVED) {
			ov->unobserved = true;
			snprintf(ov->why, sizeof(ov->why), "%s",
				 o->loads[i].why);
		}
	for (size_t i = 0; i < o->n_calls; i++) {
		const struct obs_call *c = &o->calls[i];
		if (c->launcher || !c->name[0])
			continue;
		int r = 0;
		if (!c->own)
			r = strv_add_unique(&ov->before, c->name);
		else if (obs_call_own_denied(c))
			r = strv_add_unique(v->classes[i] == CLASS_TOLERATED
						    ? &ov->tolerated
					    : v->classes[i] == CLASS_UNDECIDED
						    ? &ov->undecided
						    : &ov->missing,
					    c->name);
		else
			r = strv_add_unique(&ov->used, c->name);
		if (r >= 0 && obs_call_own_denied(c) &&
		    (profile_action_kills(c->own_action) || c->fatal))
			r = strv_add_unique(&ov->missing_fatal, c->name);
		if (r < 0)
			return r;
	}

	return 0;
}

/* The loads no later load stacks on: each ends a stack. */
static bool is_top(const struct observations *o, size_t k)
{
	for (size_t i = 0; i < o->n_loads; i++)
		if (o->loads[i].parent == (int)k &&
		    !takeover_refused(&o->loads[i]))
			return false;
	return !takeover_refused(&o->loads[k]) && o->loads[k].prog;
}

int own_verdict_allowed(const struct observations *o, struct strv *ret)
{
	uint32_t arch = syscalls_native_arch();
	for (size_t k = 0; k < o->n_loads; k++) {
		if (!is_top(o, k))
			continue;
		struct own_stack st = { .newest = { (int)k }, .n = 1 };
		/* Past the largest table there are no names. */
		for (int nr = 0; nr < 1024; nr++) {
			char name[64];
			if (syscalls_name(arch, nr, name, sizeof(name)) < 0)
				continue;
			struct seccomp_data d;
			memset(&d, 0, sizeof(d));
			d.arch = syscalls_audit_arch(arch);
			d.nr = nr;
			uint32_t a = takeover_decide(o, &st, &d) &
				     SECCOMP_RET_ACTION_FULL;
			if ((a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG) &&
			    strv_add_unique(ret, name) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

int own_verdict_finish(struct own_verdict *ov, const struct observations *shown,
		       bool usage_judged, const char *why_not_judged,
		       char *const *known)
{
	if (!ov->runs_loaded)
		return 0;
	int r = own_verdict_allowed(shown, &ov->allowed);
	if (r < 0)
		return r;
	strv_sort_unique(&ov->allowed);
	strv_sort_unique(&ov->missing);
	strv_sort_unique(&ov->missing_fatal);
	strv_sort_unique(&ov->used);
	strv_sort_unique(&ov->tolerated);
	strv_sort_unique(&ov->undecided);
	strv_sort_unique(&ov->before);
	if (ov->unobserved)
		snprintf(ov->why_not, sizeof(ov->why_not),
			 "a load was not observed: %s", ov->why);
	else if (!usage_judged)
		snprintf(ov->why_not, sizeof(ov->why_not), "%s",
			 why_not_judged);
	ov->judged = !ov->unobserved && usage_judged;
	for (char *const *k = known; k && *k; k++)
		if (!strv_contains(ov->allowed.v, *k) &&
		    !strv_contains(ov->missing.v, *k) &&
		    (r = strv_add_unique(&ov->at_risk, *k)) < 0)
			return r;
	strv_sort_unique(&ov->at_risk);
	for (size_t i = 0; ov->judged && i < ov->allowed.n; i++) {
		const char *n = ov->allowed.v[i];
		/* Allowed with zero arguments but denied with the run's. */
		if (strv_contains(ov->used.v, n) ||
		    strv_contains(ov->missing.v, n) ||
		    strv_contains(ov->tolerated.v, n) ||
		    strv_contains(ov->undecided.v, n))
			continue;
		r = strv_add(strv_contains(known, n) ? &ov->known : &ov->unused,
			     n);
		if (r < 0)
			return r;
	}
	return 0;
}

void own_verdict_clear(struct own_verdict *ov)
{
	strv_clear(&ov->missing);
	strv_clear(&ov->missing_fatal);
	strv_clear(&ov->used);
	strv_clear(&ov->tolerated);
	strv_clear(&ov->undecided);
	strv_clear(&ov->before);
	strv_clear(&ov->allowed);
	strv_clear(&ov->unused);
	strv_clear(&ov->known);
	strv_clear(&ov->at_risk);
	memset(ov, 0, sizeof(*ov));
}
