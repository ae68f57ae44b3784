/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Fuzz target: the seccomp BPF emulator (bpf.c). The input is a struct
 * seccomp_data (nr, arch, instruction pointer, args) followed by the
 * program, struct sock_filter after struct sock_filter; a trailing partial
 * instruction is ignored. The contract checked, from bpf.h:
 *  - bpf_run and bpf_run_steps refuse exactly what bpf_check refuses;
 *  - a checked program always ends in a return (jumps only go forward and
 *    the last instruction returns), after at most len steps;
 *  - bpf_run and bpf_run_steps agree. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bpf.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seccomp_data sd;
	if (size < sizeof(sd))
		return 0;
	memcpy(&sd, data, sizeof(sd));
	size_t len = (size - sizeof(sd)) / sizeof(struct sock_filter);
	/* A copy of exactly len instructions, aligned, so AddressSanitizer
	 * sees any read past the program. */
	struct sock_filter *prog = malloc(len ? len * sizeof(*prog) : 1);
	if (!prog)
		return 0;
	memcpy(prog, data + sizeof(sd), len * sizeof(*prog));

	int checked = bpf_check(prog, len);
	uint32_t ret = 0xdeadbeef, ret_steps = 0xdeadbeef;
	size_t steps = SIZE_MAX;
	int r = bpf_run(prog, len, &sd, &ret);
	int r_steps = bpf_run_steps(prog, len, &sd, &ret_steps, &steps);
	if (checked == 0) {
		if (r != 0 || r_steps != 0 || ret != ret_steps || steps == 0 ||
		    steps > len)
			abort();
	} else if (checked != -EINVAL || r != -EINVAL || r_steps != -EINVAL) {
		abort();
	}
	free(prog);
	return 0;
}
