/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* One "Key:\tvalue" line of /proc/TID/status. */
static int status_field(pid_t tid, const char *key, char *buf, size_t size)
{
	char path[64], line[256];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	cleanup_fclose FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	size_t kl = strlen(key);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			snprintf(buf, size, "%s", util_strstrip(line + kl + 1));
			return 0;
		}
	}
	return -ENOENT;
}

pid_t proc_tgid(pid_t tid)
{
	char v[32];
	int r = status_field(tid, "Tgid", v, sizeof(v));
	if (r < 0)
		return r;
	return (pid_t)atoi(v);
}

int proc_threads(pid_t pid)
{
	char v[32];
	int r = status_field(pid, "Threads", v, sizeof(v));
	return r < 0 ? r : atoi(v);
}

int proc_exe(pid_t tid, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	ssize_t n = readlink(path, buf, size - 1);
	if (n < 0) {
		buf[0] = '\0';
		return -errno;
	}
	buf[n] = '\0';
	return 0;
}

/* Whether sig is in the status mask named key; false when unreadable. */
static bool in_mask(pid_t tid, const char *key, int sig)
{
	char v[32];
	if (status_field(tid, key, v, sizeof(v)) < 0)
		return false;
	return strtoull(v, NULL, 16) & (1ull << (sig - 1));
}

bool proc_signal_handled(pid_t tid, int sig)
{
	return in_mask(tid, "SigBlk", sig) || in_mask(tid, "SigIgn", sig) ||
	       in_mask(tid, "SigCgt", sig);
}

bool proc_signal_caught(pid_t tid, int sig)
{
	return in_mask(tid, "SigCgt", sig) && !in_mask(tid, "SigBlk", sig);
}

pid_t proc_ns_pid(pid_t pid)
{
	char v[128];
	int r = status_field(pid, "NSpid", v, sizeof(v));
	if (r < 0)
		return r;
	const char *last = strrchr(v, '\t');
	return (pid_t)atoi(last ? last + 1 : v);
}

bool proc_alive(pid_t pid)
{
	char state[32];
	if (status_field(pid, "State", state, sizeof(state)) < 0)
		return false;
	return state[0] != 'Z' && state[0] != 'X';
}

struct pp {
	pid_t pid, ppid;
};

/* Every process's parent, from /proc/PID/stat. */
static int scan(struct pp **ret, size_t *ret_n)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -errno;
	struct pp *v = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name);
		if (pid <= 0)
			continue;
		char path[64], buf[512];
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		FILE *f = fopen(path, "re");
		if (!f)
			continue;
		size_t len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		/* "pid (comm) state ppid": comm may hold ')' itself. */
		char *close_paren = strrchr(buf, ')');
		char state;
		int ppid;
		if (!close_paren ||
		    sscanf(close_paren + 1, " %c %d", &state, &ppid) != 2)
			continue;
		void *a = v;
		if (util_grow(&a, &alloc, n, sizeof(*v)) < 0) {
			free(v);
			closedir(d);
			return -ENOMEM;
		}
		v = a;
		v[n++] = (struct pp){ pid, (pid_t)ppid };
	}
	closedir(d);
	*ret = v;
	*ret_n = n;
	return 0;
}

static bool descends_from(const struct pp *v, size_t n, pid_t pid, pid_t root)
{
	/* Walk up at most n steps: /proc can change under us. */
	for (size_t steps = 0; steps <= n && pid > 1; steps++) {
		pid_t parent = 0;
		for (size_t i = 0; i < n; i++) {
			if (v[i].pid == pid) {
				parent = v[i].ppid;
				break;
			}
		}
		if (parent == root)
			return true;
		pid = parent;
	}
	return false;
}

static void reap_all(void)
{
	while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
		;
}

int proc_pidset_add(struct proc_pidset *s, pid_t pid)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->v[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n && s->v[lo] == pid)
		return 0;
	void *a = s->v;
	if (util_grow(&a, &s->alloc, s->n, sizeof(pid_t)) < 0)
		return -ENOMEM;
	s->v = a;
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof(pid_t));
	s->v[lo] = pid;
	s->n++;
	return 1;
}

static bool is_spare(const pid_t *spare, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (spare[i] && spare[i] == pid)
			return true;
	return false;
}

bool proc_spare_gone(pid_t spare[PROC_SPARE], pid_t pid)
{
	for (size_t i = 0; i < PROC_SPARE; i++)
		if (spare[i] && spare[i] == pid) {
			spare[i] = 0;
			return true;
		}
	return false;
}

/* One round: signal every descendant of root but the n spare; add them
 * to seen (when given), so a slow death counts once; thaw: those a
 * cgroup v1 freezer holds are thawed (a frozen task dies only then). */
static int kill_round(pid_t root, const pid_t *spare, size_t n_spare,
		      struct proc_pidset *seen, bool thaw)
{
	struct pp *v;
	size_t n;
	int r = scan(&v, &n);
	if (r < 0)
		return r;
	int found = 0;
	for (size_t i = 0; i < n; i++) {
		pid_t pid = v[i].pid;
		if (pid == root || is_spare(spare, n_spare, pid) ||
		    !descends_from(v, n, pid, root) || kill(pid, SIGKILL) < 0)
			continue;
		found++;
		if (thaw)
			proc_thaw(pid);
		/* Out of memory, only the count suffers. */
		if (seen)
			(void)proc_pidset_add(seen, pid);
	}
	free(v);
	return found;
}

int proc_kill_tree(pid_t root, pid_t spare)
{
	return kill_round(root, &spare, 1, NULL, false);
}

/* Whether process pid ("self") has no child but spare (n of them), read
 * from each thread's /proc/PID/task/TID/children: a few small files
 * where a scan reads all of /proc, which with the watchdog alive every
 * run would pay. false when it cannot tell. */
static bool children_only(const char *pid, const pid_t *spare, size_t n)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/%s/task", pid);
	DIR *d = opendir(path);
	if (!d)
		return false;
	bool none = true;
	struct dirent *e;
	while (none && (e = readdir(d))) {
		int tid = atoi(e->d_name);
		if (tid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task/%d/children", pid,
			 tid);
		FILE *f = fopen(path, "re");
		if (!f) {
			none = false;
			break;
		}
		int child;
		while (none && fscanf(f, "%d", &child) == 1)
			none = is_spare(spare, n, child);
		fclose(f);
	}
	closedir(d);
	return none;
}

/* Whether no descendant of ours is left but the spare helpers. As a
 * subreaper we inherit every orphan, but a pid namespace's init takes
 * those of its namespace: a descendant still alive is a child of ours,
 * or of a spare, or below one. */
static bool no_child_but(const pid_t spare[PROC_SPARE])
{
	bool none = children_only("self", spare, PROC_SPARE);
	for (size_t i = 0; none && i < PROC_SPARE; i++) {
		char pid[16];
		snprintf(pid, sizeof(pid), "%d", (int)spare[i]);
		/* Gone (or never there): no child of it either. A helper's
		 * children may be helpers (the holder's init). */
		none = !spare[i] || !proc_alive(spare[i]) ||
		       children_only(pid, spare, PROC_SPARE);
	}
	return none;
}

int proc_kill_descendants(int max_rounds, const pid_t spare[PROC_SPARE])
{
	pid_t self = getpid();
	/* No child at all means no descendant: we are their subreaper. */
	reap_all();
	if ((waitpid(-1, NULL, WNOHANG | __WALL) < 0 && errno == ECHILD) ||
	    no_child_but(spare))
		return 0;
	struct proc_pidset seen = { 0 };
	for (int round = 0; round < max_rounds; round++) {
		int found =
			kill_round(self, spare, PROC_SPARE, &seen, round >= 2);
		if (found < 0) {
			free(seen.v);
			return found;
		}
		reap_all();
		/* None seen (zombies count until reaped): none can fork. */
		if (found == 0)
			break;
		struct timespec ts = { 0, 2 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	free(seen.v);
	return (int)seen.n;
}

unsigned long long proc_start_time(pid_t tid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)tid);
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	/* After the command's ")" (which may hold spaces): state is field 3,
	 * start time field 22. */
	char *p = strrchr(buf, ')');
	for (int field = 2; p && field < 22; field++)
		p = strchr(p + 1, ' ');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

pid_t proc_tracer(pid_t tid)
{
	char v[32];
	int r = status_field(tid, "TracerPid", v, sizeof(v));
	return r < 0 ? r : (pid_t)atoi(v);
}

int proc_seccomp_depth(pid_t tid)
{
	char v[32];
	int r = status_field(tid, "Seccomp_filters", v, sizeof(v));
	return r < 0 ? r : atoi(v);
}

static int mem_io(pid_t tid, uint64_t addr, void *buf, size_t len, bool write)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	cleanup_close int fd =
		open(path, (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = write ? pwrite(fd, buf, len, (off_t)addr)
			  : pread(fd, buf, len, (off_t)addr);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

int proc_mem_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	return mem_io(tid, addr, buf, len, false);
}

int proc_mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	return mem_io(tid, addr, (void *)buf, len, true);
}

/* readlink of /proc/TID/NAME into buf; 0 or -errno. */
static int proc_link(pid_t tid, const char *name, char *buf, size_t size)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, name);
	ssize_t n = readlink(path, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

int proc_exec_path(pid_t tid, int dirfd, uint64_t addr, bool empty_path,
		   char *buf, size_t size)
{
	char name[4096], base[4096];
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)tid);
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* Short at the end of its mapping: the name ends before it. */
	ssize_t n = pread(fd, name, sizeof(name) - 1, (off_t)addr);
	if (n < 0)
		return -errno;
	name[n] = '\0';
	if (!memchr(name, '\0', (size_t)n) && (size_t)n == sizeof(name) - 1)
		return -ENAMETOOLONG;
	int r = 0;
	if (name[0] == '/')
		base[0] = '\0';
	else if (dirfd == AT_FDCWD)
		r = proc_link(tid, "cwd", base, sizeof(base));
	else {
		char fdname[32];
		snprintf(fdname, sizeof(fdname), "fd/%d", dirfd);
		r = proc_link(tid, fdname, base, sizeof(base));
	}
	if (r < 0)
		return r;
	size_t bl = strlen(base);
	if (!name[0] && empty_path)
		n = snprintf(buf, size, "%s", base);
	else
		n = snprintf(buf, size, "%s%s%s", base,
			     bl && base[bl - 1] != '/' ? "/" : "", name);
	return (size_t)n < size ? 0 : -ENAMETOOLONG;
}

bool proc_has_word(const char *opts, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = opts; p; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	}
	return false;
}

/* cgroup_file's (/proc/PID/cgroup) cgroup in a hierarchy: see
 * proc_own_cgroup. */
static int cgroup_of(const char *cgroup_file, const char *mnt, const char *root,
		     const char *v1_controller, char *buf, size_t size)
{
	cleanup_fclose FILE *f = fopen(cgroup_file, "re");
	if (!f)
		return -errno;
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		/* "ID:CONTROLLERS:PATH" */
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		*c1 = *c2 = '\0'; /* line: ID, ctrl: CONTROLLERS */
		const char *ctrl = c1 + 1, *path = c2 + 1;
		bool match = v1_controller ? proc_has_word(ctrl, v1_controller)
					   : strcmp(line, "0") == 0 && !*ctrl;
		if (!match)
			continue;
		size_t rl = strlen(root);
		if (strcmp(root, "/") != 0 && strncmp(path, root, rl) == 0)
			path += rl;
		if (strcmp(path, "/") == 0)
			path = "";
		if ((size_t)snprintf(buf, size, "%s%s", mnt, path) >= size)
			return -ENAMETOOLONG;
		return 0;
	}
	return -ENOENT;
}

int proc_own_cgroup(const char *mnt, const char *root,
		    const char *v1_controller, char *buf, size_t size)
{
	return cgroup_of("/proc/self/cgroup", mnt, root, v1_controller, buf,
			 size);
}

/* Where the v1 hierarchy of controller is mounted (our mountinfo): its
 * mount point and root. 0 or -ENOENT. */
static int v1_mount(const char *controller, char mnt[1024], char root[1024])
{
	cleanup_fclose FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	while (f && fgets(line, sizeof(line), f)) {
		char type[64], super[1024];
		const char *dash = strstr(line, " - ");
		if (dash &&
		    sscanf(line, "%*s %*s %*s %1023s %1023s", root, mnt) == 2 &&
		    sscanf(dash + 3, "%63s %*s %1023s", type, super) == 2 &&
		    strcmp(type, "cgroup") == 0 &&
		    proc_has_word(super, controller))
			return 0;
	}
	return -ENOENT;
}

int proc_thaw(pid_t pid)
{
	char mnt[1024], root[1024], dir[2100], file[64], state[16] = "";
	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	int r = v1_mount("freezer", mnt, root);
	if (r == 0)
		r = cgroup_of(file, mnt, root, "freezer", dir,
			      sizeof(dir) - 16);
	if (r < 0 || strcmp(dir, mnt) == 0)
		return 0; /* no freezer, or its root: never frozen */
	strcat(dir, "/freezer.state");
	cleanup_close int fd = open(dir, O_RDWR | O_CLOEXEC);
	if (fd < 0 || read(fd, state, sizeof(state) - 1) <= 0 ||
	    strncmp(state, "THAWED", 6) == 0)
		return 0;
	return pwrite(fd, "THAWED", 6, 0) == 6 ? 1 : -errno;
}
