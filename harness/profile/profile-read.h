/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* profile-read — what the readers share with profile.c. Internal. */
#pragma once

#include "profile.h"

/* Each reader fills an empty profile p (p->path set) from text, which is
 * NUL-terminated, free of NUL bytes and valid UTF-8. They return 0 or
 * -EINVAL with d set, -ENOMEM. */
int profile_read_list(struct profile *p, const char *text, size_t len,
		      struct diag *d);
int profile_read_oci(struct profile *p, const char *text, size_t len,
		     struct diag *d);
int profile_read_strace(struct profile *p, const char *text, size_t len,
			struct diag *d);

/* A name must look like a syscall name: [a-z0-9_]+, at most 64 bytes. */
bool profile_name_valid(const char *name);
