/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What usage.bpf.c and usage-bpf.c agree on: the bitmaps' shape. One
 * bitmap per ABI a call can come in on (seccomp_data.arch tells them apart
 * the same way), USAGE_LAYOUT_BITS numbers each: x86_64 has ~470 syscalls,
 * and a number past the end is counted as out of range, not lost. */
#pragma once

#define USAGE_LAYOUT_BITS 1024
#define USAGE_LAYOUT_WORDS (USAGE_LAYOUT_BITS / 64)

enum {
	USAGE_LAYOUT_NATIVE, /* x86_64 */
	USAGE_LAYOUT_X32, /* x86_64 numbers with __X32_SYSCALL_BIT */
	USAGE_LAYOUT_IA32, /* int $0x80, sysenter, syscall from 32-bit code */
	USAGE_LAYOUT_ABIS
};
