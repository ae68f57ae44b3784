/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bypass.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

const char *bypass_used(const struct strv *used, const struct observations *obs)
{
	/* io_uring_enter and _register act on a ring only this makes. */
	static const char *const names[] = { "io_uring_setup" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (strv_contains(used->v, names[i]))
			return names[i];
		for (size_t k = 0; k < obs->n_calls; k++)
			if (obs->calls[k].action.type == PROFILE_ACT_ALLOW &&
			    strcmp(obs->calls[k].name, names[i]) == 0)
				return names[i];
	}
	return NULL;
}

void bypass_describe(const char *name, char *buf, size_t size)
{
	snprintf(buf, size,
		 "it set up an io_uring ring (%s allowed): the operations it "
		 "submits there (open, read, unlink, connect, ...) are no "
		 "syscalls, and neither this profile nor scaudit sees them "
		 "(the kernel's io_uring:io_uring_submit_req tracepoint "
		 "names them); deny %s unless the ring is meant to be an "
		 "unfiltered way out",
		 name, name);
}
