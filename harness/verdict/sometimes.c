/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "sometimes.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* What Go's runtime makes by timing, whatever the program does (Go 1.19,
 * Debian 12's, to 1.25; src/runtime/ of golang/go):
 *  - async preemption: sysmon signals a goroutine running 10 ms or more,
 *    and GC stops catch running ones: signalM's tgkill(getpid(), tid),
 *    returning through rt_sigreturn (preempt.go, signal_unix.go preemptM,
 *    os_linux.go signalM, sys_linux_amd64.s sigreturn);
 *  - the netpoller, set up by the first pollable fd or the first timer
 *    (the scavenger's own, after a GC): epoll_create1, epoll_ctl,
 *    epoll_pwait, and a wake-up pipe2 (to 1.22) or eventfd2 (1.23+) read
 *    and written by netpollBreak (netpoll_epoll.go, time.go);
 *  - spinning and sleeping: osyield's sched_yield under contention
 *    (lock_futex.go, proc.go), sysmon's usleep by nanosleep (proc.go,
 *    sys_linux_amd64.s), futex parking (os_linux.go futexsleep);
 *  - a new thread when no idle one is there: clone, and in it gettid,
 *    sigaltstack, rt_sigprocmask (os_linux.go newosproc and minit,
 *    signal_unix.go minitSignals); a locked thread's exit (proc.go mexit);
 *  - the scavenger returning memory: madvise, munmap (mem_linux.go,
 *    mgcscavenge.go); the heap growing: mmap (mem_linux.go sysReserve,
 *    sysMap);
 *  - 1.25+: sysmon rereads the CPUs it may use, sched_getaffinity and
 *    pread64 of the cgroup's cpu.max (proc.go sysmonUpdateGOMAXPROCS). */
static const struct {
	const char *name, *why;
} go_runtime[] = {
	{ "tgkill", "Go runtime: async preemption" },
	{ "getpid", "Go runtime: async preemption" },
	{ "rt_sigreturn", "Go runtime: async preemption" },
	{ "epoll_create1", "Go runtime: netpoller" },
	{ "epoll_ctl", "Go runtime: netpoller" },
	{ "epoll_pwait", "Go runtime: netpoller" },
	{ "pipe2", "Go runtime: netpoller wake-up (to Go 1.22)" },
	{ "eventfd2", "Go runtime: netpoller wake-up (Go 1.23+)" },
	{ "read", "Go runtime: netpoller wake-up" },
	{ "write", "Go runtime: netpoller wake-up" },
	{ "sched_yield", "Go runtime: spinning under contention" },
	{ "nanosleep", "Go runtime: sysmon's sleep" },
	{ "futex", "Go runtime: parking threads" },
	{ "clone", "Go runtime: a new thread" },
	{ "gettid", "Go runtime: a new thread" },
	{ "sigaltstack", "Go runtime: a new thread" },
	{ "rt_sigprocmask", "Go runtime: a new thread" },
	{ "exit", "Go runtime: a locked thread's exit" },
	{ "madvise", "Go runtime: the scavenger" },
	{ "munmap", "Go runtime: the scavenger" },
	{ "mmap", "Go runtime: the heap growing" },
	{ "sched_getaffinity", "Go runtime: GOMAXPROCS updates (Go 1.25+)" },
	{ "pread64", "Go runtime: GOMAXPROCS updates (Go 1.25+)" },
};

/* A Go program linked with cgo (libseccomp-golang is) starts its threads
 * through glibc's pthread_create: glibc 2.34+ clone3, then in the thread
 * rseq, set_robust_list, and a stack it maps, guards and gives back
 * (nptl/pthread_create.c, allocatestack.c). */
static const struct {
	const char *name, *why;
} go_cgo[] = {
	{ "clone3", "Go runtime with cgo: a new thread by pthread_create" },
	{ "rseq", "Go runtime with cgo: a new thread by pthread_create" },
	{ "set_robust_list",
	  "Go runtime with cgo: a new thread by pthread_create" },
	{ "mprotect", "Go runtime with cgo: a new thread's stack guard" },
};

/* The sleeps the kernel resumes through restart_syscall after a stop
 * signal (restart_syscall(2)). futex only with a timeout, which the
 * observations cannot tell: left out rather than kept for every thread. */
static const char *const restartable[] = { "nanosleep", "clock_nanosleep",
					   "poll" };

const struct sometimes_entry *sometimes_find(const struct sometimes *s,
					     const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return &s->v[i];
	return NULL;
}

static int add(struct sometimes *s, const char *name, const char *why)
{
	if (sometimes_find(s, name))
		return 0;
	void *a = s->v;
	if (util_grow(&a, &s->alloc, s->n, sizeof(*s->v)) < 0)
		return -ENOMEM;
	s->v = a;
	struct sometimes_entry *e = &s->v[s->n++];
	snprintf(e->name, sizeof(e->name), "%s", name);
	e->why = why;
	return 0;
}

/* The notes of one PT_NOTE segment: whether one is Go's build ID (name
 * "Go", type 4: cmd/link's ELF_NOTE_GOBUILDID_TAG). */
static bool has_go_note(const unsigned char *buf, size_t len)
{
	size_t off = 0;
	while (off + sizeof(Elf64_Nhdr) <= len) {
		Elf64_Nhdr n;
		memcpy(&n, buf + off, sizeof(n));
		off += sizeof(n);
		size_t name = ((size_t)n.n_namesz + 3) & ~(size_t)3;
		size_t desc = ((size_t)n.n_descsz + 3) & ~(size_t)3;
		if (name > len - off || desc > len - off - name)
			return false;
		if (n.n_type == 4 && (n.n_namesz == 3 || n.n_namesz == 4) &&
		    memcmp(buf + off, "Go", 3) == 0)
			return true;
		off += name + desc;
	}
	return false;
}

/* 0: not Go's; 1: a Go program; 2: one with a program interpreter (the
 * dynamic linker: cgo). */
static int go_kind(const char *path)
{
	/* The path may be anything by now (a FIFO would block): only a
	 * regular file is read. */
	cleanup_close int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	Elf64_Ehdr eh;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum > 64)
		return 0;
	bool go = false, interp = false;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		unsigned char notes[4096];
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh.e_phoff + i * sizeof(ph))) !=
		    (ssize_t)sizeof(ph))
			return 0;
		interp |= ph.p_type == PT_INTERP;
		if (ph.p_type != PT_NOTE || ph.p_filesz > sizeof(notes))
			continue;
		ssize_t n = pread(fd, notes, ph.p_filesz, (off_t)ph.p_offset);
		go |= n > 0 && has_go_note(notes, (size_t)n);
	}
	return !go ? 0 : interp ? 2 : 1;
}

bool sometimes_is_go(const char *path)
{
	return go_kind(path) != 0;
}

/* Whether program, or an executable the run saw make a call, is Go's: the
 * greatest go_kind of them. */
/* A container's path as this host sees it: under its rootfs. */
static int go_kind_in(const struct observations *o, const char *path)
{
	if (!o->runtime[0])
		return go_kind(path);
	if (!o->runtime_root[0] || path[0] != '/')
		return 0;
	char full[8192];
	snprintf(full, sizeof(full), "%s%s", o->runtime_root, path);
	return go_kind(full);
}

static int ran_go(const struct observations *o, const char *program)
{
	int kind = program ? go_kind_in(o, program) : 0;
	/* runc's init, whose calls after it loaded the filter count, is a
	 * Go program itself. */
	if (strcmp(o->runtime, "runc") == 0 && kind < 1)
		kind = 1;
	for (size_t i = 0; i < o->n_calls; i++) {
		const char *exe = o->calls[i].exe;
		bool checked = !exe[0] || o->calls[i].runtime_init ||
			       (program && strcmp(exe, program) == 0);
		for (size_t k = 0; k < i && !checked; k++)
			checked = strcmp(o->calls[k].exe, exe) == 0;
		if (!checked) {
			int k = go_kind_in(o, exe);
			kind = k > kind ? k : kind;
		}
	}
	return kind;
}

static bool made(const struct observations *o, const char *name)
{
	for (size_t i = 0; i < o->n_calls; i++)
		if (!o->calls[i].launcher &&
		    strcmp(o->calls[i].name, name) == 0)
			return true;
	return false;
}

int sometimes_add(const struct observations *o, const char *program,
		  struct sometimes *s)
{
	int r = 0;
	/* Not seen at all: whether it was used is unknown, so kept; the
	 * first reason given for a name is the one shown. */
	for (size_t i = 0; r == 0 && i < o->unobserved.n; i++)
		r = add(s, o->unobserved.v[i],
			"not observable under runc: runc's init makes it before "
			"it hands the listener over (write, which runc refuses "
			"to notify, and what its Go runtime makes on any "
			"thread), so it is left to the kernel and no run shows "
			"whether the workload uses it");
	if (r == 0 && o->handlers)
		r = add(s, "rt_sigreturn",
			"the kernel: returns from the signal handlers the "
			"workload installed");
	/* Its handlers were installed before the filter: none is seen. */
	if (r == 0 && strcmp(o->runtime, "runc") == 0)
		r = add(s, "rt_sigreturn",
			"the kernel: returns from the signal handlers of "
			"runc's init (a Go program)");
	if (r == 0 && strcmp(o->runtime, "runc") == 0)
		r = add(s, "rt_sigaction",
			"runc's init: Go's runtime sets a signal's handler "
			"when the program first asks for that signal");
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(restartable); i++)
		if (made(o, restartable[i]))
			r = add(s, "restart_syscall",
				"the kernel: resumes a sleep a stop signal "
				"interrupted");
	int kind = r == 0 && !s->cgo ? ran_go(o, program) : 0;
	s->go |= kind > 0;
	s->cgo |= kind > 1;
	for (size_t i = 0; r == 0 && s->go && i < ARRAY_SIZE(go_runtime); i++)
		r = add(s, go_runtime[i].name, go_runtime[i].why);
	for (size_t i = 0; r == 0 && s->cgo && i < ARRAY_SIZE(go_cgo); i++)
		r = add(s, go_cgo[i].name, go_cgo[i].why);
	return r;
}

int sometimes_names(const struct sometimes *s, struct strv *ret)
{
	for (size_t i = 0; i < s->n; i++) {
		int r = strv_add(ret, s->v[i].name);
		if (r < 0)
			return r;
	}
	return 0;
}

void sometimes_clear(struct sometimes *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
