/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* bpf-seeds — write the seed corpus of fuzz-bpf: inputs in its format
 * (struct seccomp_data, then the program) for programs libseccomp makes
 * from the fixture profiles (exact and observing, both code layouts) and
 * for a hand-written one that uses every instruction seccomp allows.
 *
 *   bpf-seeds OUTDIR PROFILE...
 *
 * Built and run by meson (fuzz/meson.build), so the seeds follow
 * libseccomp and filter.c instead of sitting in git as opaque bytes.
 * Exits 0, or 1 with a message when a profile or a file fails. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bpf.h"
#include "filter.h"
#include "syscalls.h"
#include "util.h"

#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define ALU(op, k) BPF_STMT(BPF_ALU | (op) | BPF_K, (k))
#define ALUX(op) BPF_STMT(BPF_ALU | (op) | BPF_X, 0)
#define RET(k) BPF_STMT(BPF_RET | BPF_K, (k))

/* Every opcode bpf_check accepts, once, on a path that reaches them all. */
static const struct sock_filter every_insn[] = {
	LD(offsetof(struct seccomp_data, args[0])),
	BPF_STMT(BPF_ST, 0),
	BPF_STMT(BPF_LDX | BPF_W | BPF_LEN, 0),
	BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
	BPF_STMT(BPF_LDX | BPF_IMM, 3),
	BPF_STMT(BPF_STX, 1),
	BPF_STMT(BPF_LD | BPF_MEM, 0),
	BPF_STMT(BPF_LDX | BPF_MEM, 1),
	ALU(BPF_ADD, 7),
	ALUX(BPF_ADD),
	ALU(BPF_SUB, 1),
	ALUX(BPF_SUB),
	ALU(BPF_MUL, 3),
	ALUX(BPF_MUL),
	ALU(BPF_DIV, 2),
	ALUX(BPF_DIV),
	ALU(BPF_AND, 0xff),
	ALUX(BPF_AND),
	ALU(BPF_OR, 0x100),
	ALUX(BPF_OR),
	ALU(BPF_XOR, 0x55),
	ALUX(BPF_XOR),
	ALU(BPF_LSH, 4),
	ALUX(BPF_LSH),
	ALU(BPF_RSH, 2),
	ALUX(BPF_RSH),
	BPF_STMT(BPF_ALU | BPF_NEG, 0),
	BPF_STMT(BPF_MISC | BPF_TAX, 0),
	BPF_STMT(BPF_MISC | BPF_TXA, 0),
	BPF_STMT(BPF_JMP | BPF_JA, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 1, 5, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_X, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 1, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 1, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_X, 0, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 1, 0, 0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_X, 0, 0, 1),
	BPF_STMT(BPF_RET | BPF_A, 0),
	RET(SECCOMP_RET_ALLOW),
};

static int write_seed(const char *dir, const char *name,
		      const struct seccomp_data *sd,
		      const struct sock_filter *prog, size_t len)
{
	cleanup_free char *path = NULL;
	cleanup_free char *buf = malloc(sizeof(*sd) + len * sizeof(*prog));
	if (asprintf(&path, "%s/%s", dir, name) < 0 || !buf)
		return -ENOMEM;
	memcpy(buf, sd, sizeof(*sd));
	memcpy(buf + sizeof(*sd), prog, len * sizeof(*prog));
	int r = util_write_file_atomic(path, buf,
				       sizeof(*sd) + len * sizeof(*prog));
	if (r < 0)
		fprintf(stderr, "bpf-seeds: %s: %s\n", path, strerror(-r));
	return r;
}

/* The first name of the profile that the native arch knows. */
static int first_nr(const struct profile *p, uint32_t arch)
{
	for (size_t i = 0; i < p->n_rules; i++)
		for (size_t j = 0; j < p->rules[i].n_names; j++) {
			int nr = syscalls_resolve(arch,
						  p->rules[i].names[j].name);
			if (nr >= 0)
				return nr;
		}
	return 0;
}

static int seeds_of(const char *dir, const char *path)
{
	cleanup_profile struct profile *p = NULL;
	struct diag d = { 0 };
	int r = profile_load(path, PROFILE_FORMAT_AUTO,
			     PROFILE_LOAD_KEEP_UNKNOWN, &p, &d);
	if (r < 0) {
		char msg[1400];
		diag_format(&d, msg, sizeof(msg));
		fprintf(stderr, "bpf-seeds: %s\n", msg);
		return r;
	}
	cleanup_free char *copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	const char *base = basename(copy);
	uint32_t arch = syscalls_native_arch();
	struct seccomp_data sd = { .nr = first_nr(p, arch),
				   .arch = syscalls_audit_arch(arch) };
	static const struct {
		int layout;
		const char *name;
	} layouts[] = {
		{ FILTER_LAYOUT_LINEAR, "linear" },
		{ FILTER_LAYOUT_TREE, "tree" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(layouts); i++) {
		const struct filter_options o = { .observe = true,
						  .layout = layouts[i].layout };
		struct filter *f = NULL;
		r = filter_build(p, &o, &f, &d);
		if (r < 0) {
			fprintf(stderr, "bpf-seeds: %s: %s\n", path,
				strerror(-r));
			return r;
		}
		char name[300];
		snprintf(name, sizeof(name), "%s.%s.exact", base,
			 layouts[i].name);
		r = write_seed(dir, name, &sd, f->exact, f->exact_len);
		snprintf(name, sizeof(name), "%s.%s.observe", base,
			 layouts[i].name);
		if (r == 0)
			r = write_seed(dir, name, &sd, f->observe,
				       f->observe_len);
		filter_free(f);
		if (r < 0)
			return r;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s OUTDIR PROFILE...\n", argv[0]);
		return 2;
	}
	const char *dir = argv[1];
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "bpf-seeds: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	const struct seccomp_data sd = { .nr = 1, .args = { 0x1234 } };
	if (bpf_check(every_insn, ARRAY_SIZE(every_insn)) < 0) {
		fprintf(stderr,
			"bpf-seeds: every-insn: refused by bpf_check\n");
		return 1;
	}
	if (write_seed(dir, "every-insn", &sd, every_insn,
		       ARRAY_SIZE(every_insn)) < 0)
		return 1;
	for (int i = 2; i < argc; i++)
		if (seeds_of(dir, argv[i]) < 0)
			return 1;
	return 0;
}
