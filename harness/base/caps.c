/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "caps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>

#include "util.h"

/* moby's oci/caps/defaults.go */
static const char *const docker_caps[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_FSETID",
	"CAP_FOWNER",
	"CAP_MKNOD",
	"CAP_NET_RAW",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETFCAP",
	"CAP_SETPCAP",
	"CAP_NET_BIND_SERVICE",
	"CAP_SYS_CHROOT",
	"CAP_KILL",
	"CAP_AUDIT_WRITE",
};

static int cap_lookup(const char *name, cap_value_t *ret)
{
	char full[64];
	/* Accept "net_admin" as well as "CAP_NET_ADMIN". */
	if (strncasecmp(name, "cap_", 4) != 0)
		snprintf(full, sizeof(full), "cap_%s", name);
	else
		snprintf(full, sizeof(full), "%s", name);
	return cap_from_name(full, ret) < 0 ? -EINVAL : 0;
}

static uint64_t caps_all(void)
{
	uint64_t set = 0;
	for (cap_value_t v = 0; v < 64 && CAP_IS_SUPPORTED(v); v++)
		set |= 1ull << v;
	return set;
}

uint64_t caps_docker(void)
{
	uint64_t set = 0;
	for (size_t i = 0; i < ARRAY_SIZE(docker_caps); i++) {
		cap_value_t c;
		if (cap_lookup(docker_caps[i], &c) == 0 && c < 64)
			set |= 1ull << c;
	}
	return set;
}

int caps_current(uint64_t *ret)
{
	cap_t c = cap_get_proc();
	if (!c)
		return -errno;
	uint64_t set = 0;
	for (cap_value_t v = 0; v < 64 && CAP_IS_SUPPORTED(v); v++) {
		cap_flag_value_t f;
		if (cap_get_flag(c, v, CAP_EFFECTIVE, &f) == 0 && f == CAP_SET)
			set |= 1ull << v;
	}
	cap_free(c);
	*ret = set;
	return 0;
}

int caps_parse(const char *spec, uint64_t *ret, char *bad, size_t bad_size)
{
	if (strcmp(spec, "none") == 0 || strcmp(spec, "") == 0) {
		*ret = 0;
		return 0;
	}
	if (strcmp(spec, "keep") == 0)
		return caps_current(ret);
	if (strcmp(spec, "docker") == 0) {
		*ret = caps_docker();
		return 0;
	}
	if (strcmp(spec, "all") == 0) {
		*ret = caps_all();
		return 0;
	}
	cleanup_free char *copy = strdup(spec);
	if (!copy)
		return -ENOMEM;
	uint64_t set = 0;
	char *save = NULL;
	for (char *tok = strtok_r(copy, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		cap_value_t c;
		if (cap_lookup(tok, &c) < 0 || c >= 64) {
			snprintf(bad, bad_size, "%s", tok);
			return -EINVAL;
		}
		set |= 1ull << c;
	}
	*ret = set;
	return 0;
}

int caps_suggest(const char *name, char *buf, size_t size)
{
	const char *bare = strncasecmp(name, "cap_", 4) == 0 ? name + 4 : name;
	char lower[64];
	size_t k = 0;
	for (; bare[k] && k < sizeof(lower) - 1; k++)
		lower[k] =
			(char)(bare[k] >= 'A' && bare[k] <= 'Z' ? bare[k] + 32
								: bare[k]);
	lower[k] = '\0';
	unsigned best = 3;
	for (cap_value_t v = 0; v < 64 && CAP_IS_SUPPORTED(v); v++) {
		char *n = cap_to_name(v); /* "cap_net_admin" */
		if (!n)
			continue;
		unsigned d = util_edit_distance(lower, n + 4, 2);
		if (d < best) {
			best = d;
			snprintf(buf, size, "CAP_%s", n + 4);
			for (char *c = buf + 4; *c; c++)
				*c = (char)(*c >= 'a' && *c <= 'z' ? *c - 32
								   : *c);
		}
		cap_free(n);
	}
	return best <= 2 ? 0 : -ENOENT;
}

void caps_format(uint64_t caps, char *buf, size_t size)
{
	size_t off = 0;
	buf[0] = '\0';
	if (caps && caps == caps_all()) {
		snprintf(buf, size, "all (%d)", __builtin_popcountll(caps));
		return;
	}
	for (cap_value_t v = 0; v < 64; v++) {
		if (!(caps & (1ull << v)))
			continue;
		char *n = cap_to_name(v);
		if (!n)
			continue;
		char up[64];
		size_t k = 0;
		for (; n[k] && k < sizeof(up) - 1; k++)
			up[k] = (char)(n[k] >= 'a' && n[k] <= 'z' ? n[k] - 32
								  : n[k]);
		up[k] = '\0';
		cap_free(n);
		int w = snprintf(buf + off, size - off, "%s%s", off ? "," : "",
				 up);
		if (w < 0 || (size_t)w >= size - off)
			break;
		off += (size_t)w;
	}
	if (off == 0)
		snprintf(buf, size, "none");
}
