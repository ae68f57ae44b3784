/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: a Go file's []string literal (profile-go.c), read through
 * profile_load_buffer() with the format forced, then used as
 * fuzz_profile() describes. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_profile(data, size, PROFILE_FORMAT_GO);
	return 0;
}
