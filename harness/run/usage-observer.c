/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "usage-observer.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "bpf/usage-layout.h"
#include "caps.h"
#include "config.h"
#include "diag.h"
#include "filter.h"
#include "observations.h"
#include "pidlimit.h"
#include "proc.h"
#include "syscalls.h"
#include "util.h"

static const char *const backend_names[] = {
	[USAGE_BACKEND_AUTO] = "auto",
	[USAGE_BACKEND_NOTIFY] = "notify",
	[USAGE_BACKEND_KERNEL] = "kernel",
};
_Static_assert(ARRAY_SIZE(backend_names) == USAGE_BACKEND_MAX,
	       "a name per backend");

const char *usage_backend_name(enum usage_backend b)
{
	return b < USAGE_BACKEND_MAX ? backend_names[b] : "?";
}

int usage_backend_parse(const char *what, const char *value,
			enum usage_backend *ret, struct diag *d)
{
	int i = util_name_index(backend_names, ARRAY_SIZE(backend_names),
				value);
	if (i >= 0) {
		*ret = (enum usage_backend)i;
		return 0;
	}
	diag_set(d, -EINVAL, "", 0, 0, "bad %s '%.*s%s'", what,
		 DIAG_QUOTE(value));
	diag_hint(d, "auto (the kernel counter when it can be had), notify "
		     "(a seccomp notification per call) or kernel");
	return -EINVAL;
}

void usage_observer_init(struct usage_observer *u, enum usage_backend asked)
{
	memset(u, 0, sizeof(*u));
	u->asked = asked;
	u->cg = (struct cgroup2)CGROUP2_INIT;
}

/* The process bound's cgroup when it is v2 (a task is in one v2 cgroup
 * only: the counter's must be that one): 1 and u->cg borrowing it, 0. */
static int borrow_bound(struct usage_observer *u, const struct pidlimit *l)
{
	if (!l || l->kind != PIDLIMIT_CGROUP || !l->dir[0])
		return 0;
	int fd = open(l->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct statfs sf;
	if (fd < 0 || fstatfs(fd, &sf) < 0 ||
	    sf.f_type != CGROUP2_SUPER_MAGIC) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	u->cg.dir_fd = fd;
	return 1;
}

/* Whether we may load and attach the counter, asked before anything is
 * made for it (the unprivileged case is the common one). */
static int privileged(struct usage_observer *u)
{
	uint64_t caps = 0;
	bool admin =
		caps_current(&caps) == 0 && (caps & (1ull << CAP_SYS_ADMIN));
	bool bpf = (caps & (1ull << CAP_BPF)) && (caps & (1ull << CAP_PERFMON));
	if (admin || bpf)
		return 0;
	snprintf(u->why, sizeof(u->why),
		 "it needs CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN, which "
		 "scaudit lacks: run as root");
	return -EPERM;
}

/* The run's cgroup v2, fresh: 0, or -errno with u->why set. */
static int run_cgroup(struct usage_observer *u, const struct pidlimit *l)
{
	if (borrow_bound(u, l))
		return 0;
	int r = cgroup2_open(&u->cg);
	if (r == -EOPNOTSUPP)
		snprintf(u->why, sizeof(u->why),
			 "no cgroup v2 hierarchy holds scaudit (the counter "
			 "counts the tasks of one; mount cgroup2)");
	else if (r < 0)
		snprintf(u->why, sizeof(u->why),
			 "cannot make a cgroup v2 for the run: %s",
			 strerror(-r));
	return r;
}

/* The counter for this run: opened once, then reset per run. */
static int arm(struct usage_observer *u)
{
	if (!u->bpf)
		return usage_bpf_open(u->cg.dir_fd, &u->bpf, u->why,
				      sizeof(u->why));
	int r = usage_bpf_reset(u->bpf, u->cg.dir_fd, u->why, sizeof(u->why));
	if (r < 0) {
		/* Try afresh next time rather than keep a doubtful one. */
		usage_bpf_free(u->bpf);
		u->bpf = NULL;
	}
	return r;
}

int usage_observer_start(struct usage_observer *u, const struct pidlimit *limit,
			 bool container)
{
	u->counting = false;
	u->ns_pids = false;
	u->why[0] = '\0';
	strv_clear(&u->exes);
	if (u->asked == USAGE_BACKEND_NOTIFY)
		return 0;
	int r = -EOPNOTSUPP;
	if (container)
		snprintf(u->why, sizeof(u->why),
			 "a container's calls are notified: its runtime "
			 "loads the profile, and the counter does not follow "
			 "it there");
	else if (!HAVE_USAGE_BPF)
		/* Its reason, without a cgroup made for nothing. */
		r = usage_bpf_open(-1, &u->bpf, u->why, sizeof(u->why));
	else if ((r = privileged(u)) == 0 && (r = run_cgroup(u, limit)) == 0)
		r = arm(u);
	/* A workload's task starts with our stack and scaudit's filter;
	 * one more is its own (takeover.h). */
	if (r == 0) {
		usage_bpf_set_base(u->bpf, proc_seccomp_depth(getpid()) + 1);
		r = usage_bpf_set_pidns(u->bpf, 0, 0);
	}
	if (r < 0) {
		cgroup2_close(&u->cg);
		return u->asked == USAGE_BACKEND_KERNEL ? r : 0;
	}
	u->counting = true;
	return 1;
}

const struct cgroup2 *usage_observer_cgroup(const struct usage_observer *u)
{
	return u->counting && u->cg.procs_fd >= 0 ? &u->cg : NULL;
}

/* What the kernel shows as the executable of a process that executed
 * path: the interpreter of a script (binfmt_script, which nests up to 4
 * deep), every symlink resolved, as /proc/PID/exe reads. -errno when it
 * is not there (an exec that will fail: execvp tries each PATH entry). */
static int exe_of(const char *path, char *buf, size_t size)
{
	char cur[4096];
	snprintf(cur, sizeof(cur), "%s", path);
	for (int depth = 0; depth < 5; depth++) {
		char line[256] = "";
		FILE *f = fopen(cur, "re");
		if (!f)
			break;
		bool script = fgets(line, sizeof(line), f) &&
			      strncmp(line, "#!", 2) == 0;
		fclose(f);
		const char *p = line + 2 + strspn(line + 2, " \t");
		size_t n = strcspn(p, " \t\n");
		if (!script || !n)
			break;
		snprintf(cur, sizeof(cur), "%.*s", (int)n, p);
	}
	char *real = realpath(cur, NULL);
	if (!real)
		return -errno;
	util_copy_text(buf, size, real);
	free(real);
	return 0;
}

int usage_observer_pidns(struct usage_observer *u, uint64_t dev, uint64_t ino)
{
	if (!u->counting)
		return 0;
	int r = usage_bpf_set_pidns(u->bpf, dev, ino);
	u->ns_pids = r == 0;
	return r;
}

int usage_observer_exec(struct usage_observer *u, pid_t tgid, const char *path)
{
	if (!u->counting)
		return 0;
	/* Gone already: its exec will not happen. */
	if (u->ns_pids && (tgid = proc_ns_pid(tgid)) <= 0)
		return 0;
	char exe[4096];
	if (exe_of(path, exe, sizeof(exe)) < 0)
		return 0;
	size_t k = 0;
	while (k < u->exes.n && strcmp(u->exes.v[k], exe) != 0)
		k++;
	if (k == u->exes.n && k + 1 < USAGE_BPF_SLOTS &&
	    strv_add(&u->exes, exe) < 0)
		return -ENOMEM;
	/* Past the slots: of no known executable (slot 0). */
	unsigned slot = k < u->exes.n ? (unsigned)k + 1 : 0;
	usage_bpf_expect_exec(u->bpf, (int)tgid, slot);
	return 0;
}

char *const *usage_observer_watch(void)
{
	static char *const names[] = { (char *)"rt_sigaction",
				       (char *)"sigaction", NULL };
	return names;
}

/* Whether p (with d) has a rule that allows name for some arguments. */
static bool may_allow(const struct profile *p, const struct profile_delta *d,
		      const char *name)
{
	if (p->default_action.type == PROFILE_ACT_ALLOW)
		return true;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (!r->active || r->action.type != PROFILE_ACT_ALLOW)
			continue;
		for (size_t j = 0; j < r->n_names; j++)
			if (!profile_delta_dropped(d, i, j) &&
			    strcmp(r->names[j].name, name) == 0)
				return true;
	}
	for (size_t i = 0; d && i < d->n_added; i++)
		if (!d->added[i].dropped &&
		    d->added[i].action.type == PROFILE_ACT_ALLOW &&
		    strcmp(d->added[i].name, name) == 0)
			return true;
	return false;
}

/* What the counted bits of one run are judged against, and the bits of
 * the arch being read: bits[stack][slot] (usage-layout.h's stacks). */
typedef uint8_t slot_bits[USAGE_LAYOUT_BITS / 8];
struct counted {
	const struct usage_observer *u;
	const struct profile *p;
	const struct profile_delta *d;
	char *const *watch;
	bool learn;
	struct observations *o;
	size_t n_slots;
	slot_bits *bits[USAGE_LAYOUT_STACKS];
};

static bool bit(const uint8_t *bits, int k)
{
	return bits[k / 8] >> (k % 8) & 1;
}

/* What the notifications showed of (arch, nr) by tasks under a filter of
 * their own or not, the launcher's aside. */
enum seen {
	SEEN_NONE,
	SEEN_DENIED, /* only denials the supervisor carried out */
	SEEN_LET_RUN, /* only calls the profile does not simply allow, some
		       * of which ran (learning, log, notify) */
	SEEN_ALLOWED, /* allowed: already usage */
};

static enum seen seen_as(const struct counted *r, uint32_t arch, int nr,
			 bool own)
{
	enum seen s = SEEN_NONE;
	for (size_t i = 0; i < r->o->n_calls && s != SEEN_ALLOWED; i++) {
		const struct obs_call *c = &r->o->calls[i];
		if (c->arch != arch || c->nr != nr || c->launcher ||
		    c->own != own)
			continue;
		if (c->action.type == PROFILE_ACT_ALLOW)
			s = SEEN_ALLOWED;
		else if (r->learn || obs_call_allowed(c))
			s = SEEN_LET_RUN;
		else if (s == SEEN_NONE)
			s = SEEN_DENIED;
	}
	return s;
}

/* Whether a set bit stands for an allowed call no notification showed. A
 * call that ran without a notification was allowed by the profile (the
 * observing filter notifies everything else); one that was notified but
 * let run (learning) may be the bit's only maker, and then only a profile
 * that allows the name for some arguments makes it use, which errs
 * towards used: never an entry called unnecessary that ran. */
static bool counts(const struct counted *r, uint32_t arch, int nr,
		   const char *name, bool own)
{
	/* Always notified, so every one that ran was seen; rt_sigreturn is
	 * never watched, and inferred the same way under both backends
	 * (sometimes.h). */
	if (name[0] &&
	    (strv_contains(r->watch, name) || filter_never_watched(name)))
		return false;
	switch (seen_as(r, arch, nr, own)) {
	case SEEN_NONE:
	case SEEN_DENIED:
		return true;
	case SEEN_LET_RUN:
		return name[0] && may_allow(r->p, r->d, name);
	case SEEN_ALLOWED:
		break;
	}
	return false;
}

/* The call (arch, nr) of bit k in the stack's bits, made by the
 * executables of the slots that have it: their paths into o's table.
 * Under a filter of the workload's own, that filter let it run. */
static int add_counted(struct counted *r, int stack, int k, uint32_t arch,
		       int nr, const char *name)
{
	struct observations *o = r->o;
	void *a = o->calls;
	if (util_grow(&a, &o->alloc, o->n_calls, sizeof(*o->calls)) < 0)
		return -ENOMEM;
	o->calls = a;
	struct obs_call *c = &o->calls[o->n_calls++];
	*c = (struct obs_call){ .arch = arch,
				.nr = nr,
				.action = { PROFILE_ACT_ALLOW, 0 },
				.own = stack == USAGE_LAYOUT_UNDER_OWN,
				.own_action = { PROFILE_ACT_ALLOW, 0 },
				.counted = true };
	snprintf(c->name, sizeof(c->name), "%s", name);
	/* Slot 0: made, but by no executable known. */
	for (size_t s = 1; s < r->n_slots && c->n_exes < OBS_MAX_EXES; s++) {
		if (!bit(r->bits[stack][s], k))
			continue;
		const char *exe = r->u->exes.v[s - 1];
		int x = observations_exe(o, exe);
		if (x < 0)
			return x;
		if (!c->n_exes)
			snprintf(c->exe, sizeof(c->exe), "%s", exe);
		c->exes[c->n_exes++] = (struct obs_exe_count){ (uint32_t)x, 0 };
	}
	return 0;
}

/* Whether any slot of the stack has bit k. */
static bool any_slot(const struct counted *r, int stack, int k)
{
	for (size_t s = 0; s < r->n_slots; s++)
		if (bit(r->bits[stack][s], k))
			return true;
	return false;
}

/* The ABIs the counter tells apart, as libseccomp names them; x32's bit
 * k is its number with __X32_SYSCALL_BIT (syscalls.h). */
static const uint32_t counted_arches[] = { SCMP_ARCH_X86_64, SCMP_ARCH_X32,
					   SCMP_ARCH_X86 };
#define X32_BIT 0x40000000

/* One arch's bits into calls. */
static int read_arch(struct counted *r, uint32_t arch)
{
	for (int st = 0; st < USAGE_LAYOUT_STACKS; st++)
		for (size_t s = 0; s < r->n_slots; s++)
			usage_bpf_read_slot(r->u->bpf, (unsigned)s,
					    st == USAGE_LAYOUT_UNDER_OWN, arch,
					    r->bits[st][s], sizeof(slot_bits));
	for (int k = 0; k < USAGE_LAYOUT_BITS; k++)
		for (int st = 0; st < USAGE_LAYOUT_STACKS; st++) {
			if (!any_slot(r, st, k))
				continue;
			int nr = arch == SCMP_ARCH_X32 ? X32_BIT | k : k;
			char name[64];
			if (syscalls_name(arch, nr, name, sizeof(name)) < 0)
				name[0] = '\0';
			if (!counts(r, arch, nr, name,
				    st == USAGE_LAYOUT_UNDER_OWN))
				continue;
			int e = add_counted(r, st, k, arch, nr, name);
			if (e < 0)
				return e;
		}
	return 0;
}

static int read_counted(struct counted *r)
{
	uint8_t all[USAGE_LAYOUT_BITS / 8];
	int e = 0;
	r->n_slots = r->u->exes.n + 1;
	for (int st = 0; st < USAGE_LAYOUT_STACKS; st++)
		if (!(r->bits[st] = calloc(r->n_slots, sizeof(slot_bits))))
			e = -ENOMEM;
	for (size_t a = 0; e == 0 && a < ARRAY_SIZE(counted_arches); a++)
		if (usage_bpf_read_arch(r->u->bpf, counted_arches[a], all,
					sizeof(all)) > 0)
			e = read_arch(r, counted_arches[a]);
	for (int st = 0; st < USAGE_LAYOUT_STACKS; st++)
		free(r->bits[st]);
	return e;
}

int usage_observer_finish(struct usage_observer *u, const struct profile *p,
			  const struct profile_delta *d, char *const *watch,
			  bool learn, struct observations *o)
{
	o->usage = u->counting ? OBS_USAGE_COUNTED : OBS_USAGE_NOTIFIED;
	snprintf(o->usage_why, sizeof(o->usage_why), "%s",
		 u->counting ? "" : u->why);
	if (!u->counting)
		return 0;
	u->counting = false;
	/* What is left in it dies before the bits are read: its calls are
	 * the run's too. */
	cgroup2_close(&u->cg);
	struct counted r = {
		.u = u, .p = p, .d = d, .watch = watch, .learn = learn, .o = o
	};
	return read_counted(&r);
}

void usage_observer_clear(struct usage_observer *u)
{
	strv_clear(&u->exes);
	cgroup2_close(&u->cg);
	usage_bpf_free(u->bpf);
	u->bpf = NULL;
	u->counting = false;
}

void usage_observer_describe(enum obs_usage how, const char *why, char *buf,
			     size_t size)
{
	switch (how) {
	case OBS_USAGE_COUNTED:
		snprintf(buf, size, "counted in the kernel (BPF)");
		return;
	case OBS_USAGE_NOTIFIED:
		if (why && why[0])
			snprintf(buf, size,
				 "seccomp notifications (the kernel counter "
				 "was not used: %s)",
				 why);
		else
			snprintf(buf, size, "seccomp notifications");
		return;
	case OBS_USAGE_NONE:
	case OBS_USAGE_MAX:
		break;
	}
	snprintf(buf, size, "not observed");
}

const char *usage_observer_backend(enum obs_usage how)
{
	return how == OBS_USAGE_COUNTED
		       ? usage_backend_name(USAGE_BACKEND_KERNEL)
	       : how == OBS_USAGE_NOTIFIED
		       ? usage_backend_name(USAGE_BACKEND_NOTIFY)
		       : NULL;
}

int usage_observer_backend_parse(const char *name, enum obs_usage *ret)
{
	for (int h = OBS_USAGE_NONE; h < OBS_USAGE_MAX; h++) {
		const char *n = usage_observer_backend((enum obs_usage)h);
		if (strcmp(name, n ? n : "") == 0) {
			*ret = (enum obs_usage)h;
			return 0;
		}
	}
	return -EINVAL;
}
