/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* syscalls — architectures and syscall names, all through libseccomp's
 * tables: no syscall number is written down in scaudit.
 * Arches are libseccomp tokens (SCMP_ARCH_*). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYSCALLS_MAX_ARCHES 4

/* The arch scaudit runs on (libseccomp's native arch). */
uint32_t syscalls_native_arch(void);

/* The arch itself followed by the arches its kernel also accepts syscalls
 * from (x86_64: x86, x32; aarch64: arm). Returns the count (>= 1). */
size_t syscalls_arch_family(uint32_t arch, uint32_t ret[SYSCALLS_MAX_ARCHES]);

/* libseccomp's short name of arch ("x86_64"), or NULL when unknown. */
const char *syscalls_arch_name(uint32_t arch);

/* Parse an arch name in any spelling profiles use: libseccomp's
 * ("x86_64"), OCI's ("SCMP_ARCH_X86_64") and Go's ("amd64", "386",
 * "arm64"). Returns 0 and *ret; -ENOENT when the name is well-formed but
 * unknown to this libseccomp (a newer arch); -EINVAL when it is no arch. */
int syscalls_arch_parse(const char *name, uint32_t *ret);

/* Number of name on arch (>= 0); -ENOENT when the name is a syscall of
 * some other arch only; -EINVAL when libseccomp knows it on no arch. */
int syscalls_resolve(uint32_t arch, const char *name);

/* True when libseccomp knows name on at least one arch. */
bool syscalls_known(const char *name);

/* For a syscall Linux added after this libseccomp's table was made
 * ("mseal"), the kernel version that added it ("6.10"); else NULL. Such a
 * name is no typo, but the filter cannot name it (runc skips it too), so
 * it falls to the default action. */
const char *syscalls_newer_than_libseccomp(const char *name);

/* The arch the kernel reports in seccomp_data for a call of arch (x32
 * calls come as x86_64 with bit 30 of the number set), and back: the arch
 * of a call the kernel reported. */
uint32_t syscalls_audit_arch(uint32_t arch);
uint32_t syscalls_call_arch(uint32_t audit_arch, int nr);

/* Name of syscall nr on arch into buf. Returns 0, or -ENOENT. */
int syscalls_name(uint32_t arch, int nr, char *buf, size_t size);

/* The known syscall name closest to name (edit distance <= 2, or a
 * prefix/suffix match), written to buf. Returns 0, or -ENOENT when nothing
 * is close. */
int syscalls_suggest(const char *name, char *buf, size_t size);
