/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: the plain list format (profile-list.c), read through
 * profile_load_buffer() with the format forced (so the text checks in front
 * of the reader run too), then used as fuzz_profile() describes. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_profile(data, size, PROFILE_FORMAT_LIST);
	return 0;
}
