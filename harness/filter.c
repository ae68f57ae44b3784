#include "filter.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bpf.h"
#include "compat.h"
#include "util.h"

static void ctx_releasep(scmp_filter_ctx *c)
{
	if (*c)
		seccomp_release(*c);
}
#define cleanup_ctx __attribute__((cleanup(ctx_releasep)))

static uint32_t observed(struct profile_action a, bool observe)
{
	if (!observe || a.type == PROFILE_ACT_ALLOW)
		return profile_action_scmp(a);
	return SCMP_ACT_NOTIFY;
}

static bool watched(const struct filter_options *o, const char *name)
{
	for (char *const *w = o->watch; w && *w; w++)
		if (strcmp(*w, name) == 0)
			return true;
	return false;
}

/* runc's rule: several conditions on one argument are alternatives, each
 * its own rule; conditions on different arguments must all hold. */
static bool same_index_twice(const struct profile_rule *r)
{
	for (size_t i = 0; i < r->n_args; i++)
		for (size_t j = i + 1; j < r->n_args; j++)
			if (r->args[i].index == r->args[j].index)
				return true;
	return false;
}

static struct scmp_arg_cmp to_cmp(const struct profile_arg *a)
{
	return (struct scmp_arg_cmp){
		.arg = a->index,
		.op = a->op,
		.datum_a = a->value,
		.datum_b = a->value_two,
	};
}

static int add_rule(scmp_filter_ctx ctx, uint32_t def, uint32_t act, int nr,
		    const struct profile_rule *r)
{
	if (act == def)
		return 0; /* libseccomp refuses rules that repeat the default */
	struct scmp_arg_cmp cmp[6];
	if (r->n_args > 6 || same_index_twice(r)) {
		for (size_t i = 0; i < r->n_args; i++) {
			cmp[0] = to_cmp(&r->args[i]);
			int e = seccomp_rule_add_array(ctx, act, nr, 1, cmp);
			if (e < 0)
				return e;
		}
		return 0;
	}
	for (size_t i = 0; i < r->n_args; i++)
		cmp[i] = to_cmp(&r->args[i]);
	return seccomp_rule_add_array(ctx, act, nr, (unsigned)r->n_args, cmp);
}

/* libseccomp 2.5 exports to an fd only: go through a memfd. */
static int export(scmp_filter_ctx ctx, struct sock_filter **ret,
		  size_t *ret_len)
{
	cleanup_close int fd = memfd_create("scaudit-bpf", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	int r = seccomp_export_bpf(ctx, fd);
	if (r < 0)
		return r;
	off_t size = lseek(fd, 0, SEEK_END);
	if (size <= 0 || size % sizeof(struct sock_filter))
		return -EIO;
	struct sock_filter *prog = malloc((size_t)size);
	if (!prog)
		return -ENOMEM;
	if (pread(fd, prog, (size_t)size, 0) != size) {
		free(prog);
		return -EIO;
	}
	*ret = prog;
	*ret_len = (size_t)size / sizeof(struct sock_filter);
	return 0;
}

static int build(const struct profile *p, const struct filter_options *o,
		 bool observe, struct filter *f, struct diag *d)
{
	uint32_t def = observed(p->default_action, observe);
	cleanup_ctx scmp_filter_ctx ctx = seccomp_init(def);
	if (!ctx)
		return -ENOMEM;
	int r;
	for (size_t i = 0; i < p->n_arches; i++) {
		r = seccomp_arch_add(ctx, p->arches[i]);
		if (r < 0 && r != -EEXIST)
			return r;
	}
	/* The binary tree keeps large profiles cheap per syscall. */
	if (profile_count_names(p) > 32)
		seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (observe)
		seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_NOTIFY);

	size_t skipped = 0;
	for (size_t ri = 0; ri < p->n_rules; ri++) {
		const struct profile_rule *rule = &p->rules[ri];
		if (!rule->active)
			continue;
		for (size_t j = 0; j < rule->n_names; j++) {
			const struct profile_name *n = &rule->names[j];
			int nr = seccomp_syscall_resolve_name(n->name);
			if (nr == __NR_SCMP_ERROR) {
				skipped++;
				continue;
			}
			uint32_t act = observed(rule->action, observe);
			if (observe && watched(o, n->name))
				act = SCMP_ACT_NOTIFY;
			r = add_rule(ctx, def, act, nr, rule);
			if (r < 0) {
				diag_set(d, r, p->path, n->loc.line,
					 n->loc.column,
					 "libseccomp refused the rule for "
					 "'%s': %s",
					 n->name, strerror(-r));
				return r;
			}
		}
	}
	/* Watched names the profile does not mention at all. */
	for (char *const *w = o->watch; observe && w && *w; w++) {
		int nr = seccomp_syscall_resolve_name(*w);
		if (nr != __NR_SCMP_ERROR && def != SCMP_ACT_NOTIFY) {
			r = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0);
			if (r < 0 && r != -EEXIST)
				return r;
		}
	}
	if (observe && o->handoff_fd >= 0) {
		r = seccomp_rule_add(
			ctx, SCMP_ACT_ALLOW, SCMP_SYS(sendmsg), 1,
			SCMP_A0(SCMP_CMP_EQ, (uint64_t)o->handoff_fd));
		if (r < 0 && r != -EEXIST)
			return r;
	}
	f->n_skipped = skipped;
	if (observe)
		return export(ctx, &f->observe, &f->observe_len);
	return export(ctx, &f->exact, &f->exact_len);
}

static unsigned profile_flags(const struct profile *p)
{
	unsigned flags = 0;
	for (size_t i = 0; i < p->n_flags; i++) {
		if (strcmp(p->flags[i], "SECCOMP_FILTER_FLAG_LOG") == 0)
			flags |= SECCOMP_FILTER_FLAG_LOG;
		else if (strcmp(p->flags[i],
				"SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
			flags |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	}
	return flags;
}

int filter_build(const struct profile *p, const struct filter_options *o,
		 struct filter **ret, struct diag *d)
{
	struct filter *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->handoff_fd = o->handoff_fd;
	f->flags = profile_flags(p);
	int r = build(p, o, false, f, d);
	if (r == 0 && o->observe)
		r = build(p, o, true, f, d);
	if (r < 0) {
		filter_free(f);
		return r;
	}
	*ret = f;
	return 0;
}

void filter_free(struct filter *f)
{
	if (!f)
		return;
	free(f->exact);
	free(f->observe);
	free(f);
}

int filter_install(const struct filter *f, bool listener)
{
	struct sock_fprog prog = {
		.len = (unsigned short)(listener ? f->observe_len
						 : f->exact_len),
		.filter = listener ? f->observe : f->exact,
	};
	unsigned flags = f->flags;
	if (listener)
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (r < 0)
		return -errno;
	return listener ? (int)r : 0;
}

int filter_decide(const struct filter *f, const struct seccomp_data *d,
		  uint32_t *ret)
{
	return bpf_run(f->exact, f->exact_len, d, ret);
}

struct profile_action filter_action_from_ret(uint32_t ret)
{
	uint32_t data = ret & SECCOMP_RET_DATA;
	switch (ret & SECCOMP_RET_ACTION_FULL) {
	case SECCOMP_RET_ALLOW:
		return (struct profile_action){ PROFILE_ACT_ALLOW, 0 };
	case SECCOMP_RET_ERRNO:
		/* The kernel clamps errno values to 4095. */
		return (struct profile_action){ PROFILE_ACT_ERRNO,
						data > 4095 ? 4095 : data };
	case SECCOMP_RET_TRAP:
		return (struct profile_action){ PROFILE_ACT_TRAP, 0 };
	case SECCOMP_RET_LOG:
		return (struct profile_action){ PROFILE_ACT_LOG, 0 };
	case SECCOMP_RET_USER_NOTIF:
		return (struct profile_action){ PROFILE_ACT_NOTIFY, 0 };
	case SECCOMP_RET_TRACE:
		return (struct profile_action){ PROFILE_ACT_TRACE, data };
	case SECCOMP_RET_KILL_THREAD:
		return (struct profile_action){ PROFILE_ACT_KILL_THREAD, 0 };
	case SECCOMP_RET_KILL_PROCESS:
	default:
		return (struct profile_action){ PROFILE_ACT_KILL_PROCESS, 0 };
	}
}
