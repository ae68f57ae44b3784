/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <elf.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "sometimes.h"

static struct obs_call call(const char *name)
{
	struct obs_call c = { .action = { PROFILE_ACT_ALLOW, 0 }, .count = 1 };
	snprintf(c.name, sizeof(c.name), "%s", name);
	return c;
}

/* The kernel's: rt_sigreturn once a handler is installed, restart_syscall
 * once the workload sleeps; nothing for a run that shows neither. */
static void test_kernel(void **state)
{
	struct obs_call v[] = { call("read"), call("write") };
	struct observations o = { .calls = v, .n_calls = 2 };
	struct sometimes s = { 0 };
	assert_int_equal(sometimes_add(&o, NULL, &s), 0);
	assert_int_equal(s.n, 0);
	assert_false(s.go);

	o.handlers = true;
	v[1] = call("clock_nanosleep");
	assert_int_equal(sometimes_add(&o, NULL, &s), 0);
	assert_int_equal(s.n, 2);
	assert_non_null(sometimes_find(&s, "rt_sigreturn"));
	assert_non_null(strstr(sometimes_find(&s, "restart_syscall")->why,
			       "stop signal"));
	/* Again: each name once. */
	assert_int_equal(sometimes_add(&o, NULL, &s), 0);
	assert_int_equal(s.n, 2);
	/* A launcher's sleep is not the workload's. */
	sometimes_clear(&s);
	o.handlers = false;
	v[1].launcher = true;
	assert_int_equal(sometimes_add(&o, NULL, &s), 0);
	assert_int_equal(s.n, 0);
	sometimes_clear(&s);
}

/* Not Go: an ELF of C, a script, a FIFO (read without blocking), nothing. */
static void test_not_go(void **state)
{
	assert_false(sometimes_is_go("/bin/true"));
	assert_false(sometimes_is_go("/etc/passwd"));
	assert_false(sometimes_is_go("/nonexistent"));
	char dir[] = "/tmp/scaudit-sometimes-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char fifo[64];
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_false(sometimes_is_go(fifo));
	unlink(fifo);
	rmdir(dir);
}

/* A Go ELF in miniature: a header, one PT_NOTE, the note "Go" type 4. */
static void test_go_note(void **state)
{
	char path[] = "/tmp/scaudit-go-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		Elf64_Nhdr nh;
		char name[4];
		char desc[8];
	} f = { 0 };
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_phoff = offsetof(typeof(f), ph);
	f.eh.e_phentsize = sizeof(Elf64_Phdr);
	f.eh.e_phnum = 1;
	f.ph.p_type = PT_NOTE;
	f.ph.p_offset = offsetof(typeof(f), nh);
	f.ph.p_filesz = sizeof(f.nh) + 4 + 8;
	f.nh.n_namesz = 4;
	f.nh.n_descsz = 8;
	f.nh.n_type = 4;
	memcpy(f.name, "Go\0\0", 4);
	assert_int_equal(write(fd, &f, sizeof(f)), (ssize_t)sizeof(f));
	close(fd);
	assert_true(sometimes_is_go(path));

	/* The runtime's list, for a run of it. */
	struct obs_call v[] = { call("read") };
	struct observations o = { .calls = v, .n_calls = 1 };
	struct sometimes s = { 0 };
	assert_int_equal(sometimes_add(&o, path, &s), 0);
	assert_true(s.go);
	assert_non_null(
		strstr(sometimes_find(&s, "tgkill")->why, "async preemption"));
	assert_non_null(sometimes_find(&s, "epoll_pwait"));
	sometimes_clear(&s);

	/* Another note type, or a note cut short: not Go. */
	f.nh.n_type = 1;
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, &f, sizeof(f)), (ssize_t)sizeof(f));
	close(fd);
	assert_false(sometimes_is_go(path));
	f.nh.n_type = 4;
	f.nh.n_descsz = 4000;
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, &f, sizeof(f)), (ssize_t)sizeof(f));
	close(fd);
	assert_false(sometimes_is_go(path));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel),
		cmocka_unit_test(test_not_go),
		cmocka_unit_test(test_go_note),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
