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

struct profile_action obs_call_effective(const struct obs_call *c)
{
	if (!c->own)
		return c->action;
	/* libseccomp's action values are the kernel's returns. */
	int32_t own = (int32_t)(profile_action_scmp(c->own_action) &
				SECCOMP_RET_ACTION_FULL);
	int32_t prof = (int32_t)(profile_action_scmp(c->action) &
				 SECCOMP_RET_ACTION_FULL);
	/* Equal ranks: the newer filter, the workload's. */
	return prof < own ? c->action : c->own_action;
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
	memset(o, 0, sizeof(*o));
}
