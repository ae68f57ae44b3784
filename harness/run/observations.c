/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "observations.h"

#include <stdlib.h>
#include <string.h>
#include <linux/seccomp.h>

bool obs_call_allowed(const struct obs_call *c)
{
	switch (c->action.type) {
	case PROFILE_ACT_ALLOW:
	case PROFILE_ACT_LOG:
	case PROFILE_ACT_NOTIFY:
		return true;
	case PROFILE_ACT_ERRNO:
	case PROFILE_ACT_KILL_PROCESS:
	case PROFILE_ACT_KILL_THREAD:
	case PROFILE_ACT_TRAP:
	case PROFILE_ACT_TRACE:
	case PROFILE_ACT_MAX:
		break;
	}
	return false;
}

static bool lets_run(struct profile_action a)
{
	return a.type == PROFILE_ACT_ALLOW || a.type == PROFILE_ACT_LOG;
}

bool obs_call_own_denied(const struct obs_call *c)
{
	return c->own && !lets_run(c->own_action);
}

struct profile_action obs_effective(struct profile_action profile, bool own,
				    struct profile_action own_action)
{
	if (!own)
		return profile;
	/* libseccomp's action values are the kernel's returns. */
	int32_t o = (int32_t)(profile_action_scmp(own_action) &
			      SECCOMP_RET_ACTION_FULL);
	int32_t p = (int32_t)(profile_action_scmp(profile) &
			      SECCOMP_RET_ACTION_FULL);
	/* Equal ranks: the newer filter, the workload's. */
	return p < o ? profile : own_action;
}

struct profile_action obs_call_effective(const struct obs_call *c)
{
	return obs_effective(c->action, c->own, c->own_action);
}

int observations_exe(struct observations *o, const char *path)
{
	for (size_t i = 0; i < o->exes.n; i++)
		if (strcmp(o->exes.v[i], path) == 0)
			return (int)i;
	int r = strv_add(&o->exes, path);
	return r < 0 ? r : (int)o->exes.n - 1;
}

void obs_call_add_exe(struct obs_call *c, uint32_t exe)
{
	for (size_t i = 0; i < c->n_exes; i++)
		if (c->exes[i].exe == exe) {
			c->exes[i].count++;
			return;
		}
	if (c->n_exes < OBS_MAX_EXES)
		c->exes[c->n_exes++] = (struct obs_exe_count){ exe, 1 };
	else
		c->other_exes++;
}

bool observations_exited_with(const struct observations *o, int code)
{
	return o->exited && o->exit_code == code && !o->timed_out;
}

void observations_clear(struct observations *o)
{
	free(o->calls);
	for (size_t i = 0; i < o->n_loads; i++) {
		free(o->loads[i].prog);
		free(o->loads[i].rewritten);
	}
	free(o->loads);
	strv_clear(&o->unobserved);
	strv_clear(&o->exes);
	memset(o, 0, sizeof(*o));
}
