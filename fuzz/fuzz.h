/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz — what the libFuzzer targets (fuzz-*.c), the replay driver
 * (replay.c) and the seed generator share.
 *
 * Each target defines LLVMFuzzerTestOneInput(): with clang and
 * -fsanitize=fuzzer libFuzzer calls it with mutated inputs (scripts/fuzz);
 * in every build replay.c calls it once per file of the seed corpus and of
 * fuzz/regressions/<target>/ (the meson tests of suite 'fuzz').
 *
 * A target returns 0 for any input, frees everything it got (LeakSanitizer
 * runs) and writes nothing. It calls abort() when the code under test
 * breaks a contract stated in its header: libFuzzer reports that as a
 * crash, the replay driver dies of SIGABRT. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The body of the profile targets: load data as a profile of the given
 * format (PROFILE_FORMAT_AUTO: detected) through profile_load_buffer(),
 * then use it as the commands do (evaluate, lint, describe, compile,
 * decide, write back). */
void fuzz_profile(const uint8_t *data, size_t size, enum profile_format format);
