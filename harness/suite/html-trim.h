/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* html-trim — what trim did, as one self-contained HTML page (html-page.h):
 * the verdict first (verified or not, names before and after, the time),
 * the exposure before and after per arch (exposure.h: allowed and
 * dangerous), the dangerous entries removed and still allowed, then each
 * rule of the profile with every name marked: kept (used), removed
 * (unused), put back (the verification needed it, and how it ended),
 * kept though unused (intermittent, made only at times, not judged here),
 * and the rules trim added. Every string is escaped. */
#pragma once

#include "exposure.h"
#include "profile.h"
#include "strv.h"
#include "trim.h"

struct html_trim {
	const struct profile *profile; /* as read, evaluated */
	const struct trim_result *result;
	const struct exposure *before, *after;
	char *const *workloads; /* their names, NULL-terminated */
	const char *written; /* where the trimmed profile went; NULL: not
			      * written (not verified) */
};

/* The page, NUL-terminated, for the caller to free; NULL on allocation
 * failure. */
char *html_trim(const struct html_trim *t);
