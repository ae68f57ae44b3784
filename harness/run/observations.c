/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "observations.h"

#include <stdlib.h>
#include <string.h>

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

bool observations_exited_with(const struct observations *o, int code)
{
	return o->exited && o->exit_code == code && !o->timed_out;
}

void observations_clear(struct observations *o)
{
	free(o->calls);
	memset(o, 0, sizeof(*o));
}
