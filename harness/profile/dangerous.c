/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dangerous.h"

#include <string.h>

#include "util.h"

static const struct dangerous_syscall list[] = {
	{ "ptrace", false, "reads and writes other processes' memory" },
	{ "process_vm_readv", false, "reads another process's memory" },
	{ "process_vm_writev", false, "writes another process's memory" },
	{ "bpf", false, "loads eBPF programs into the kernel" },
	{ "perf_event_open", false,
	  "opens a large, often exploited kernel "
	  "surface" },
	{ "userfaultfd", false, "is a classic aid to kernel race exploits" },
	{ "kexec_load", false, "replaces the running kernel" },
	{ "kexec_file_load", false, "replaces the running kernel" },
	{ "init_module", false, "loads kernel modules" },
	{ "finit_module", false, "loads kernel modules" },
	{ "delete_module", false, "unloads kernel modules" },
	{ "mount", false, "changes the mount table" },
	{ "umount2", false, "changes the mount table" },
	{ "pivot_root", false, "changes the root filesystem" },
	{ "move_mount", false, "changes the mount table" },
	{ "fsopen", false, "creates filesystem contexts" },
	{ "fsmount", false, "creates mounts" },
	{ "open_tree", false, "clones mounts" },
	{ "unshare", true,
	  "creates namespaces (with user namespaces, much "
	  "more of the kernel is reachable)" },
	{ "clone", true, "can create namespaces unless its flags are checked" },
	{ "clone3", true,
	  "can create namespaces, and its flags are in memory "
	  "a filter cannot read (answer ENOSYS instead)" },
	{ "setns", false, "joins other namespaces" },
	{ "keyctl", false,
	  "reaches the kernel keyring, which is not "
	  "namespaced" },
	{ "add_key", false,
	  "reaches the kernel keyring, which is not "
	  "namespaced" },
	{ "request_key", false,
	  "reaches the kernel keyring, which is not "
	  "namespaced" },
	{ "io_uring_setup", false,
	  "starts io_uring, whose operations "
	  "bypass seccomp" },
	{ "io_uring_enter", false,
	  "runs io_uring operations, which bypass "
	  "seccomp" },
	{ "io_uring_register", false,
	  "configures io_uring, whose "
	  "operations bypass seccomp" },
	{ "open_by_handle_at", false,
	  "opens files outside a chroot or mount "
	  "namespace (the shocker escape)" },
	{ "personality", true,
	  "can turn on READ_IMPLIES_EXEC and "
	  "ADDR_NO_RANDOMIZE" },
	{ "iopl", false, "gives raw I/O port access" },
	{ "ioperm", false, "gives raw I/O port access" },
	{ "swapon", false, "changes system-wide swap" },
	{ "swapoff", false, "changes system-wide swap" },
	{ "reboot", false, "reboots the machine" },
	{ "acct", false, "switches system-wide process accounting" },
	{ "settimeofday", false, "sets the system clock" },
	{ "clock_settime", false, "sets the system clock" },
	{ "quotactl", false, "changes filesystem quotas" },
	{ "syslog", false, "reads the kernel log" },
};

const struct dangerous_syscall *dangerous_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(list); i++)
		if (strcmp(list[i].name, name) == 0)
			return &list[i];
	return NULL;
}

const struct dangerous_syscall *dangerous_list(size_t *ret_n)
{
	*ret_n = ARRAY_SIZE(list);
	return list;
}
