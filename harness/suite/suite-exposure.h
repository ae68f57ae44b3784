/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* suite-exposure — a profile's exposure (exposure.h) over a suite: per
 * arch of its filter how many syscalls it allows and which dangerous
 * ones, and which of those no case used.
 *
 * Two parts, made apart so that shards merged give what one run gives.
 * The static part is made where the profile is loaded (suite_run), once
 * per case of the shard, under that case's evaluation (its caps and
 * semantics, as the case's run evaluates the profile), and the cases'
 * united: a dangerous name any of them allows; with conditions only
 * where none allows it without; only logged where any only logs it (then
 * some case's use of it would not show: never called unused); per arch
 * the most syscalls any evaluation allows (counts cannot be united: it is
 * the widest case's count). It travels in the suite document per profile
 * and is united again by a merge, in any order, to the same.
 *
 * The use is judged by suite_summarize from the merged cases, under the
 * suite's evidence rule: only when every case of the profile ended as
 * expected (suite_profile.unjudged empty); a name any case made only at
 * times or intermittently is kept, never unused. */
#pragma once

#include <jansson.h>
#include <stdbool.h>

#include "exposure.h"
#include "profile.h"
#include "suite.h"

/* Whether e was made (a document before exposures, a shard that ran no
 * case of the profile: no). */
bool suite_exposure_known(const struct exposure *e);

/* Unite the exposure of p (evaluated as a case's run evaluates it) into
 * e's static part. 0 or -ENOMEM. */
int suite_exposure_add(struct exposure *e, const struct profile *p);

/* Unite x's static part into e's, as suite_exposure_add would have. 0 or
 * -ENOMEM. */
int suite_exposure_unite(struct exposure *e, const struct exposure *x);

/* Judge p's dangerous names by the use of its cases (p summarized but
 * for this): judged when no case of p is unjudged, else the judged part
 * cleared. 0 or -ENOMEM. */
int suite_exposure_judge(struct suite_profile *p);

/* --max-dangerous-unused max (< 0: none) on p: exposure_gate, and not
 * judged when p's exposure is not known. */
enum exposure_gate suite_exposure_gate(const struct suite_profile *p, long max);

/* r's gate as exposure_gate takes it: < 0 when r has none. */
long suite_exposure_max(const struct suite_result *r);

/* Why the use of p's dangerous names is not judged, into buf: the first
 * case that did not end as expected, or that the exposure is not known
 * ("" when it is judged). */
void suite_exposure_why(const struct suite_profile *p, char *buf, size_t size);

/* p's exposure in exposure_json's shape (notJudged when it is not, the
 * gate of r), or NULL: not known, or out of memory. */
json_t *suite_exposure_json(const struct suite_result *r,
			    const struct suite_profile *p);

/* The static part of an exposure_json object into *ret (clear with
 * exposure_clear, also on failure). 0, -EINVAL (not of that shape),
 * -ENOMEM. */
int suite_exposure_parse(const json_t *j, struct exposure *ret);
