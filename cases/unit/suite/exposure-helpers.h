/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* For the unit tests of a suite's exposures: a static exposure from an
 * OCI profile evaluated under caps, or from exposure_json's shape, and
 * an exposure as comparable text. */
#pragma once

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "exposure.h"
#include "helpers.h"
#include "profile-helpers.h"
#include "suite-exposure.h"

/* Unite the exposure of the OCI profile text, evaluated on x86_64 under
 * caps, into e. */
static inline void add_exposure(struct exposure *e, const char *text,
				uint64_t caps)
{
	cleanup_profile struct profile *p = load_ok(text, PROFILE_FORMAT_OCI);
	struct profile_env env = { SCMP_ARCH_X86_64, caps, 6, 1,
				   PROFILE_SEMANTICS_LIBSECCOMP };
	profile_evaluate(p, &env);
	assert_int_equal(suite_exposure_add(e, p), 0);
}

/* e's static part from json (exposure_json's shape). */
static inline void set_exposure(struct exposure *e, const char *json)
{
	json_error_t err;
	json_t *j = json_loads(json, 0, &err);
	if (!j)
		print_error("bad test JSON: %s\n", err.text);
	assert_non_null(j);
	exposure_clear(e);
	assert_int_equal(suite_exposure_parse(j, e), 0);
	json_decref(j);
}

/* e as exposure_json's text, keys sorted (the gate of max, none < 0);
 * the caller frees. */
static inline char *exposure_dump(const struct exposure *e, long max)
{
	json_t *j = exposure_json(e, NULL, max);
	assert_non_null(j);
	char *s = json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(j);
	assert_non_null(s);
	return s;
}
