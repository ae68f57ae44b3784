/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* caps — capability sets as users write them (--caps): "none", "keep"
 * (what this process holds), "docker" (Docker's default 14) or a comma
 * list of names ("CAP_NET_ADMIN,chown"). Names and numbers come from
 * libcap; a set is a bit mask, bit n for capability n. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* Parse spec. Returns 0 and *ret, or -EINVAL with the offending name
 * copied to bad (size bad_size). */
int caps_parse(const char *spec, uint64_t *ret, char *bad, size_t bad_size);

/* The effective set of the calling process. Returns 0 or -errno. */
int caps_current(uint64_t *ret);

/* Docker's default capability set. */
uint64_t caps_docker(void);

/* The capability name closest to name (edit distance <= 2), as
 * "CAP_NET_ADMIN", into buf. Returns 0, or -ENOENT when none is close. */
int caps_suggest(const char *name, char *buf, size_t size);

/* "CAP_CHOWN,CAP_KILL" (or "none"), upper case, ascending. */
void caps_format(uint64_t caps, char *buf, size_t size);
