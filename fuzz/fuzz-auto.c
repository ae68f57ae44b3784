/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: the format detection in front of the readers
 * (profile_detect, what profile_load does by default), through
 * profile_load_buffer() with PROFILE_FORMAT_AUTO, then used as
 * fuzz_profile() describes. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_profile(data, size, PROFILE_FORMAT_AUTO);
	return 0;
}
