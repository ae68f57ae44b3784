/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* convert — a profile in another format (scaudit convert), never wider
 * than it: what the target cannot say is left out and named, never
 * written as an unconditional allow.
 *  - Names allowed only under conditions (arguments, includes/excludes)
 *    are left out of every target but the input's own format.
 *  - Other actions than allow: OCI writes them all; a list its errno
 *    ones; a systemd deny list (an input whose default allows) errno and
 *    kill; Go, C and a systemd allow list none (the name then meets the
 *    default). An action the same as the default is left out silently.
 *  - The input's own format comes out as it is (writer_trimmed).
 * A profile whose default allows (a deny list) has no list, Go or C
 * form: those are refused. */
#pragma once

#include "diag.h"
#include "profile.h"
#include "strv.h"
#include "writer.h"

struct convert_result {
	char *text; /* the converted profile, owned */
	struct strv conditional; /* left out: allowed only under conditions */
	struct strv own_action; /* left out: an action the target lacks */
	/* systemd: what its implicit @default allows that the input does
	 * not (an allow list always has it). */
	struct strv systemd_default;
	/* The default written otherwise ("trap: systemd kills"); or "". */
	char default_note[160];
};

/* p in format to (package: Go's package clause, NULL: main). 0 and
 * *ret (clear it with convert_result_clear), -EINVAL with d set when p
 * has no form in to, -ENOMEM. */
int convert_profile(const struct profile *p, enum writer_format to,
		    const char *package, struct convert_result *ret,
		    struct diag *d);

void convert_result_clear(struct convert_result *r);
