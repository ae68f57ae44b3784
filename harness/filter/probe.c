/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "probe.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "syscalls.h"
#include "util.h"

/* Calls that would end, stop, fork or disturb the probe even with bad
 * arguments. */
static const char *const unsafe[] = {
	"exit",		 "exit_group",	    "fork",   "vfork",
	"clone",	 "clone3",	    "pause",  "rt_sigreturn",
	"rt_sigsuspend", "vhangup",	    "sync",   "syncfs",
	"reboot",	 "restart_syscall", "execve", "execveat",
};

static bool is_unsafe(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(unsafe); i++)
		if (strcmp(unsafe[i], name) == 0)
			return true;
	return false;
}

bool probe_runs(uint32_t ret)
{
	uint32_t a = ret & SECCOMP_RET_ACTION_FULL;
	return a == SECCOMP_RET_ALLOW || a == SECCOMP_RET_LOG;
}

#define MARK_ERRNO 3000
#define MARK_OTHER 4000

static uint32_t mark(uint32_t k)
{
	switch (k & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
	case SECCOMP_RET_LOG:
		return k;
	case SECCOMP_RET_ERRNO:
		return SECCOMP_RET_ERRNO |
		       (MARK_ERRNO + ((k & SECCOMP_RET_DATA) % 1000));
	case SECCOMP_RET_KILL_PROCESS:
		return SECCOMP_RET_ERRNO | (MARK_OTHER + 1);
	case SECCOMP_RET_KILL_THREAD:
		return SECCOMP_RET_ERRNO | (MARK_OTHER + 2);
	case SECCOMP_RET_TRAP:
		return SECCOMP_RET_ERRNO | (MARK_OTHER + 3);
	case SECCOMP_RET_TRACE:
		return SECCOMP_RET_ERRNO | (MARK_OTHER + 4);
	case SECCOMP_RET_USER_NOTIF:
		return SECCOMP_RET_ERRNO | (MARK_OTHER + 5);
	default:
		return SECCOMP_RET_ERRNO | (MARK_OTHER + 9);
	}
}

static uint32_t unmark(int e)
{
	if (e >= MARK_OTHER)
		switch (e - MARK_OTHER) {
		case 1:
			return SECCOMP_RET_KILL_PROCESS;
		case 2:
			return SECCOMP_RET_KILL_THREAD;
		case 3:
			return SECCOMP_RET_TRAP;
		case 4:
			return SECCOMP_RET_TRACE;
		case 5:
			return SECCOMP_RET_USER_NOTIF;
		default:
			return 0xffffffff;
		}
	return SECCOMP_RET_ERRNO | (uint32_t)(e - MARK_ERRNO);
}

/* The probe's own two calls, first: write to the result pipe, and the
 * exit at the end; then the marked program. */
static struct sock_filter *marked(const struct filter *f, int fd,
				  size_t *ret_len)
{
	size_t n = f->exact_len + 8;
	struct sock_filter *p = calloc(n, sizeof(*p));
	if (!p)
		return NULL;
	uint32_t arch = syscalls_native_arch();
	struct sock_filter head[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 6),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_exit_group, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_write, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)fd, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	/* Mismatches fall through to the marked program (index 8); a
	 * match of exit_group jumps to the allow at index 7. */
	memcpy(p, head, sizeof(head));
	for (size_t i = 0; i < f->exact_len; i++) {
		p[8 + i] = f->exact[i];
		if (p[8 + i].code == (BPF_RET | BPF_K))
			p[8 + i].k = mark(p[8 + i].k);
	}
	*ret_len = n;
	return p;
}

int probe_filter(const struct filter *f, struct probe_result **ret)
{
	uint32_t arch = syscalls_native_arch();
	struct probe_result *v = calloc(1024, sizeof(*v));
	if (!v)
		return -ENOMEM;
	size_t n = 0;
	for (int nr = 0; nr < 1024; nr++) {
		char name[64];
		if (syscalls_name(arch, nr, name, sizeof(name)) < 0)
			continue;
		v[n].nr = nr;
		snprintf(v[n].name, sizeof(v[n].name), "%s", name);
		v[n].skipped = is_unsafe(name);
		n++;
	}
	int pfd[2];
	if (pipe(pfd) < 0) {
		free(v);
		return -errno;
	}
	size_t len;
	struct sock_filter *prog = marked(f, pfd[1], &len);
	if (!prog) {
		free(v);
		return -ENOMEM;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		int *errs = calloc(n + 1, sizeof(int));
		struct sock_fprog fp = { (unsigned short)len, prog };
		if (!errs || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) < 0)
			_exit(2);
		/* From here on only syscall() and the final write. */
		for (size_t i = 0; i < n; i++) {
			if (v[i].skipped)
				continue;
			errno = 0;
			long r = syscall(v[i].nr, -1L, -1L, -1L, -1L, -1L, -1L);
			errs[i] = r < 0 ? errno : 0;
		}
		ssize_t w = write(pfd[1], errs, n * sizeof(int));
		syscall(SYS_exit_group,
			w == (ssize_t)(n * sizeof(int)) ? 0 : 3);
	}
	free(prog);
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		free(v);
		return -errno;
	}
	int *errs = calloc(n + 1, sizeof(int));
	size_t got = 0;
	while (errs && got < n * sizeof(int)) {
		ssize_t r =
			read(pfd[0], (char *)errs + got, n * sizeof(int) - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(pfd[0]);
	int status;
	waitpid(pid, &status, 0);
	if (!errs || got != n * sizeof(int) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		free(errs);
		free(v);
		return -EIO;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i].skipped)
			continue;
		v[i].ran = errs[i] < MARK_ERRNO;
		v[i].action = v[i].ran ? SECCOMP_RET_ALLOW : unmark(errs[i]);
	}
	free(errs);
	*ret = v;
	return (int)n;
}
