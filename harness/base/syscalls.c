/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "syscalls.h"

#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "util.h"

static const struct arch_info {
	uint32_t token;
	const char *name; /* libseccomp's */
	const char *goname; /* Go's GOARCH, used by Docker's includes.arches */
	int nr_base; /* where its syscall numbers start */
} arches[] = {
	{ SCMP_ARCH_X86_64, "x86_64", "amd64", 0 },
	{ SCMP_ARCH_X86, "x86", "386", 0 },
	{ SCMP_ARCH_X32, "x32", NULL, 0x40000000 },
	{ SCMP_ARCH_ARM, "arm", NULL, 0 },
	{ SCMP_ARCH_AARCH64, "aarch64", "arm64", 0 },
	{ SCMP_ARCH_MIPS, "mips", NULL, 4000 },
	{ SCMP_ARCH_MIPS64, "mips64", NULL, 5000 },
	{ SCMP_ARCH_MIPS64N32, "mips64n32", "mips64p32", 6000 },
	{ SCMP_ARCH_MIPSEL, "mipsel", "mipsle", 4000 },
	{ SCMP_ARCH_MIPSEL64, "mipsel64", "mips64le", 5000 },
	{ SCMP_ARCH_MIPSEL64N32, "mipsel64n32", "mips64p32le", 6000 },
	{ SCMP_ARCH_PPC, "ppc", NULL, 0 },
	{ SCMP_ARCH_PPC64, "ppc64", NULL, 0 },
	{ SCMP_ARCH_PPC64LE, "ppc64le", NULL, 0 },
	{ SCMP_ARCH_S390, "s390", NULL, 0 },
	{ SCMP_ARCH_S390X, "s390x", NULL, 0 },
	{ SCMP_ARCH_PARISC, "parisc", NULL, 0 },
	{ SCMP_ARCH_PARISC64, "parisc64", NULL, 0 },
	{ SCMP_ARCH_RISCV64, "riscv64", NULL, 0 },
};

/* Arches newer than this libseccomp: well-formed, not an error. */
static const char *const future_arches[] = {
	"loongarch64", "loong64", "sheb", "sh", "m68k",
};

uint32_t syscalls_native_arch(void)
{
	return seccomp_arch_native();
}

size_t syscalls_arch_family(uint32_t arch, uint32_t ret[SYSCALLS_MAX_ARCHES])
{
	size_t n = 0;
	ret[n++] = arch;
	switch (arch) {
	case SCMP_ARCH_X86_64:
		ret[n++] = SCMP_ARCH_X86;
		ret[n++] = SCMP_ARCH_X32;
		break;
	case SCMP_ARCH_AARCH64:
		ret[n++] = SCMP_ARCH_ARM;
		break;
	case SCMP_ARCH_PPC64:
	case SCMP_ARCH_PPC64LE:
		ret[n++] = SCMP_ARCH_PPC;
		break;
	case SCMP_ARCH_S390X:
		ret[n++] = SCMP_ARCH_S390;
		break;
	case SCMP_ARCH_MIPS64:
		ret[n++] = SCMP_ARCH_MIPS;
		ret[n++] = SCMP_ARCH_MIPS64N32;
		break;
	case SCMP_ARCH_MIPSEL64:
		ret[n++] = SCMP_ARCH_MIPSEL;
		ret[n++] = SCMP_ARCH_MIPSEL64N32;
		break;
	default:
		break;
	}
	return n;
}

const char *syscalls_arch_name(uint32_t arch)
{
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].token == arch)
			return arches[i].name;
	return NULL;
}

int syscalls_arch_parse(const char *name, uint32_t *ret)
{
	char low[64];
	const char *s = name;
	if (strncmp(s, "SCMP_ARCH_", 10) == 0)
		s += 10;
	size_t n = strlen(s);
	if (n == 0 || n >= sizeof(low))
		return -EINVAL;
	for (size_t i = 0; i <= n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c && !isalnum(c) && c != '_')
			return -EINVAL;
		low[i] = (char)tolower(c);
	}
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++) {
		if (strcmp(low, arches[i].name) == 0 ||
		    (arches[i].goname && strcmp(low, arches[i].goname) == 0)) {
			*ret = arches[i].token;
			return 0;
		}
	}
	if (strcmp(low, "i386") == 0 || strcmp(low, "i686") == 0) {
		*ret = SCMP_ARCH_X86;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(future_arches); i++)
		if (strcmp(low, future_arches[i]) == 0)
			return -ENOENT;
	return -EINVAL;
}

int syscalls_resolve(uint32_t arch, const char *name)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name);
	if (nr >= 0)
		return nr;
	/* libseccomp: __NR_SCMP_ERROR for names it has never heard of, a
	 * negative pseudo number for syscalls of other arches. */
	return nr == __NR_SCMP_ERROR ? -EINVAL : -ENOENT;
}

bool syscalls_known(const char *name)
{
	return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

/* Names only, never numbers: the numbers stay libseccomp's business. A
 * newer libseccomp knows these, and then syscalls_known() answers first. */
static const struct {
	const char *name;
	const char *since;
} newer[] = {
	{ "riscv_hwprobe", "6.4" },
	{ "cachestat", "6.5" },
	{ "fchmodat2", "6.6" },
	{ "map_shadow_stack", "6.6" },
	{ "futex_wake", "6.7" },
	{ "futex_wait", "6.7" },
	{ "futex_requeue", "6.7" },
	{ "statmount", "6.8" },
	{ "listmount", "6.8" },
	{ "lsm_get_self_attr", "6.8" },
	{ "lsm_set_self_attr", "6.8" },
	{ "lsm_list_modules", "6.8" },
	{ "mseal", "6.10" },
	{ "uretprobe", "6.11" },
	{ "setxattrat", "6.13" },
	{ "getxattrat", "6.13" },
	{ "listxattrat", "6.13" },
	{ "removexattrat", "6.13" },
	{ "open_tree_attr", "6.15" },
	{ "file_getattr", "6.17" },
	{ "file_setattr", "6.17" },
};

const char *syscalls_newer_than_libseccomp(const char *name)
{
	if (syscalls_known(name))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(newer); i++)
		if (strcmp(newer[i].name, name) == 0)
			return newer[i].since;
	return NULL;
}

uint32_t syscalls_audit_arch(uint32_t arch)
{
	return arch == SCMP_ARCH_X32 ? SCMP_ARCH_X86_64 : arch;
}

uint32_t syscalls_call_arch(uint32_t audit_arch, int nr)
{
	if (audit_arch == SCMP_ARCH_X86_64 && (nr & 0x40000000))
		return SCMP_ARCH_X32;
	return audit_arch;
}

int syscalls_name(uint32_t arch, int nr, char *buf, size_t size)
{
	/* libseccomp hands back a string of its own allocation. */
	cleanup_free char *n = seccomp_syscall_resolve_num_arch(arch, nr);
	if (!n)
		return -ENOENT;
	snprintf(buf, size, "%s", n);
	return 0;
}

struct suggestion {
	const char *name;
	unsigned limit;
	char best[64]; /* closest by edit distance */
	unsigned score;
	char prefix[64]; /* shortest name that extends name */
};

static void consider(struct suggestion *s, const char *cand)
{
	size_t ln = strlen(s->name), lc = strlen(cand);
	/* The distance is at least the difference in length. */
	size_t diff = ln > lc ? ln - lc : lc - ln;
	unsigned d = diff > s->limit
			     ? s->limit + 1
			     : util_edit_distance(s->name, cand, s->limit);
	if (d <= s->limit && d < s->score) {
		s->score = d;
		snprintf(s->best, sizeof(s->best), "%s", cand);
	}
	if (ln >= 3 && lc > ln && lc - ln <= 7 &&
	    strncmp(cand, s->name, ln) == 0 &&
	    (!s->prefix[0] || lc < strlen(s->prefix)))
		snprintf(s->prefix, sizeof(s->prefix), "%s", cand);
}

/* Every name libseccomp knows on any arch, once: libseccomp 2.5 has no
 * name list, so it takes walking each arch's numbers (some 20,000
 * lookups), which a lint of many unknown names must not repeat per name.
 * Kept for the life of the process. */
static const char *const *candidates(size_t *ret_n)
{
	static char **names;
	static size_t n;
	static bool done;
	if (done) {
		*ret_n = n;
		return (const char *const *)names;
	}
	done = true;
	struct strmap seen = STRMAP_INIT;
	size_t alloc = 0;
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++) {
		for (int nr = 0; nr < 1024; nr++) {
			char *c = seccomp_syscall_resolve_num_arch(
				arches[i].token, arches[i].nr_base + nr);
			void *a = names;
			if (!c ||
			    util_grow(&a, &alloc, n, sizeof(*names)) < 0) {
				free(c);
				continue; /* a suggestion less, no more */
			}
			names = a; /* it may have moved, whatever comes next */
			if (strmap_add(&seen, c, n, NULL) != 1) {
				free(c); /* known already, or no memory */
				continue;
			}
			names[n++] = c;
		}
	}
	strmap_free(&seen);
	*ret_n = n;
	return (const char *const *)names;
}

int syscalls_suggest(const char *name, char *buf, size_t size)
{
	struct suggestion s = {
		.name = name,
		.limit = strlen(name) <= 4 ? 1 : 2,
		.score = ~0u,
	};
	size_t n;
	const char *const *c = candidates(&n);
	for (size_t i = 0; i < n; i++)
		consider(&s, c[i]);
	const char *pick = s.best[0] ? s.best : s.prefix;
	if (!pick[0])
		return -ENOENT;
	snprintf(buf, size, "%s", pick);
	return 0;
}
