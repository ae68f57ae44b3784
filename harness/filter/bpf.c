/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "bpf.h"

#include <errno.h>
#include <string.h>

#include "util.h"

/* Loads must stay inside seccomp_data and be 32-bit aligned. */
static int load_ok(uint32_t k)
{
	return k < sizeof(struct seccomp_data) && (k & 3) == 0;
}

int bpf_check(const struct sock_filter *prog, size_t len)
{
	if (len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (!load_ok(f->k))
				return -EINVAL;
			break;
		case BPF_LD | BPF_W | BPF_LEN:
		case BPF_LDX | BPF_W | BPF_LEN:
		case BPF_LD | BPF_IMM:
		case BPF_LDX | BPF_IMM:
		case BPF_MISC | BPF_TAX:
		case BPF_MISC | BPF_TXA:
		case BPF_RET | BPF_K:
		case BPF_RET | BPF_A:
		case BPF_ALU | BPF_NEG:
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (f->k >= BPF_MEMWORDS)
				return -EINVAL;
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
		case BPF_ALU | BPF_ADD | BPF_X:
		case BPF_ALU | BPF_SUB | BPF_K:
		case BPF_ALU | BPF_SUB | BPF_X:
		case BPF_ALU | BPF_MUL | BPF_K:
		case BPF_ALU | BPF_MUL | BPF_X:
		case BPF_ALU | BPF_DIV | BPF_X:
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_ALU | BPF_AND | BPF_X:
		case BPF_ALU | BPF_OR | BPF_K:
		case BPF_ALU | BPF_OR | BPF_X:
		case BPF_ALU | BPF_XOR | BPF_K:
		case BPF_ALU | BPF_XOR | BPF_X:
		case BPF_ALU | BPF_LSH | BPF_X:
		case BPF_ALU | BPF_RSH | BPF_X:
			break;
		/* bpf_check_classic: a constant shift of 32 or more, or a
		 * division by 0, is refused; seccomp_check_filter has no
		 * BPF_MOD at all. */
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (f->k >= 32)
				return -EINVAL;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (f->k == 0)
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			if (f->k >= len - pc - 1)
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			if (pc + 1 + f->jt >= len || pc + 1 + f->jf >= len)
				return -EINVAL;
			break;
		default:
			return -EINVAL;
		}
	}
	uint16_t last = prog[len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
		return -EINVAL;
	return 0;
}

int bpf_run(const struct sock_filter *prog, size_t len,
	    const struct seccomp_data *d, uint32_t *ret)
{
	size_t steps;
	return bpf_run_steps(prog, len, d, ret, &steps);
}

/* The interpreter: one switch, a case per instruction class (the one
 * function allowed past 100 lines, scripts/check-size). */
int bpf_run_steps( // NOLINT(readability-function-size)
	const struct sock_filter *prog, size_t len,
	const struct seccomp_data *d, uint32_t *ret, size_t *ret_steps)
{
	*ret_steps = 0;
	int r = bpf_check(prog, len);
	if (r < 0)
		return r;
	uint32_t A = 0, X = 0, mem[BPF_MEMWORDS] = { 0 };
	uint32_t data[sizeof(*d) / 4];
	memcpy(data, d, sizeof(data));

	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		uint32_t src = BPF_SRC(f->code) == BPF_X ? X : f->k;
		(*ret_steps)++;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			A = data[f->k / 4];
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			A = sizeof(*d);
			break;
		case BPF_LDX | BPF_W | BPF_LEN:
			X = sizeof(*d);
			break;
		case BPF_LD | BPF_IMM:
			A = f->k;
			break;
		case BPF_LDX | BPF_IMM:
			X = f->k;
			break;
		case BPF_LD | BPF_MEM:
			A = mem[f->k];
			break;
		case BPF_LDX | BPF_MEM:
			X = mem[f->k];
			break;
		case BPF_ST:
			mem[f->k] = A;
			break;
		case BPF_STX:
			mem[f->k] = X;
			break;
		case BPF_MISC | BPF_TAX:
			X = A;
			break;
		case BPF_MISC | BPF_TXA:
			A = X;
			break;
		case BPF_ALU | BPF_NEG:
			A = -A;
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
		case BPF_ALU | BPF_ADD | BPF_X:
			A += src;
			break;
		case BPF_ALU | BPF_SUB | BPF_K:
		case BPF_ALU | BPF_SUB | BPF_X:
			A -= src;
			break;
		case BPF_ALU | BPF_MUL | BPF_K:
		case BPF_ALU | BPF_MUL | BPF_X:
			A *= src;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_DIV | BPF_X:
			if (src == 0) { /* the kernel returns 0: kill */
				*ret = 0;
				return 0;
			}
			A /= src;
			break;

		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_ALU | BPF_AND | BPF_X:
			A &= src;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
		case BPF_ALU | BPF_OR | BPF_X:
			A |= src;
			break;
		case BPF_ALU | BPF_XOR | BPF_K:
		case BPF_ALU | BPF_XOR | BPF_X:
			A ^= src;
			break;
		/* The kernel runs classic BPF as eBPF, whose 32-bit shifts
		 * take the count modulo 32. */
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_LSH | BPF_X:
			A <<= src & 31;
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_X:
			A >>= src & 31;
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
			pc += A == src ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
			pc += A > src ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
			pc += A >= src ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			pc += (A & src) ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			*ret = f->k;
			return 0;
		case BPF_RET | BPF_A:
			*ret = A;
			return 0;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}

size_t bpf_asm_emit(struct bpf_asm *b, uint16_t code, uint8_t jt, uint8_t jf,
		    uint32_t k)
{
	void *a = b->ins;
	if (util_grow(&a, &b->alloc, b->n, sizeof(*b->ins)) < 0) {
		b->oom = true;
		return b->n;
	}
	b->ins = a;
	b->ins[b->n] = (struct sock_filter)BPF_JUMP(code, k, jt, jf);
	return b->n++;
}
