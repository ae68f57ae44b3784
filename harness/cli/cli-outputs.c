/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What a command writes never destroys what it reads (issue 17, D1 and
 * D2): no output may name an input, no two outputs one file, and a write
 * to stdout that fails is an error, never a success with nothing in it. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "case.h"
#include "cli.h"
#include "util.h"

struct named {
	const char *what; /* "--json" */
	const char *path;
};

/* The file path is or would be: an existing one by device and inode,
 * another by its directory's real path and its name. A device or FIFO
 * (/dev/null, /dev/stdout) is written to, never replaced: two outputs
 * may share one. */
struct file_id {
	bool exists, special;
	dev_t dev;
	ino_t ino;
	char path[2 * PATH_MAX];
};

static void file_id(const char *path, struct file_id *id)
{
	struct stat st;
	memset(id, 0, sizeof(*id));
	if (stat(path, &st) == 0) {
		id->exists = true;
		id->special = !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
		id->dev = st.st_dev;
		id->ino = st.st_ino;
		return;
	}
	char dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	if (realpath(dirname(dir), real))
		snprintf(id->path, sizeof(id->path), "%s/%s", real,
			 basename(base));
	else
		snprintf(id->path, sizeof(id->path), "%s", path);
}

static bool same(const struct file_id *x, const struct file_id *y)
{
	if (x->exists != y->exists || x->special || y->special)
		return false;
	return x->exists ? x->dev == y->dev && x->ino == y->ino
			 : strcmp(x->path, y->path) == 0;
}

/* The outputs a's options name (files, not stdout), into v; their count. */
static size_t outputs(const struct cli_args *a, struct named *v)
{
	const struct named all[] = {
		{ "-o", a->output },
		{ "--json", a->json },
		{ "--sarif", a->sarif },
		{ "--junit", a->junit },
		{ "--markdown", a->markdown },
		{ "--html", a->html },
		{ "--codequality", a->codequality },
	};
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (all[i].path && !cli_is_stdout(all[i].path))
			v[n++] = all[i];
	return n;
}

/* The files a reads: its operands, --source, --merge, --expect, and with
 * --in-place the backup it keeps (written, and the only original after). */
static int inputs(const struct cli_args *a, char *const *extra,
		  struct strv *ret)
{
	char orig[PATH_MAX];
	const char *named[] = { a->source, a->merge, a->expect, NULL, NULL };
	if (a->in_place && a->n_pos &&
	    cli_backup_path(a->pos[0], orig, sizeof(orig)) == 0)
		named[3] = orig;
	for (size_t i = 0; i < a->n_pos; i++)
		if (strv_add(ret, a->pos[i]) < 0)
			return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(named); i++)
		if (named[i] && strv_add(ret, named[i]) < 0)
			return -ENOMEM;
	for (size_t i = 0; extra && extra[i]; i++)
		if (strv_add(ret, extra[i]) < 0)
			return -ENOMEM;
	return 0;
}

int cli_refuse_overwrite(const struct cli_args *a, bool in_place_hint,
			 char *const *extra)
{
	struct named out[8];
	size_t n = outputs(a, out);
	if (!n)
		return 0;
	cleanup_strv struct strv in = STRV_INIT;
	if (inputs(a, extra, &in) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	/* Each input looked at once, whatever the outputs. */
	cleanup_free struct file_id *ins = calloc(in.n + 1, sizeof(*ins));
	if (!ins) {
		cli_error("out of memory");
		return CLI_EXIT_ENV;
	}
	for (size_t i = 0; i < in.n; i++)
		file_id(in.v[i], &ins[i]);
	struct file_id ids[8];
	for (size_t k = 0; k < n; k++) {
		file_id(out[k].path, &ids[k]);
		for (size_t j = 0; j < k; j++) {
			if (!same(&ids[j], &ids[k]))
				continue;
			cli_error("%s and %s name one file (%s): give each "
				  "its own",
				  out[j].what, out[k].what, out[k].path);
			return CLI_EXIT_USAGE;
		}
		for (size_t i = 0; i < in.n; i++) {
			if (!same(&ins[i], &ids[k]))
				continue;
			if (in_place_hint && out[k].path == a->output)
				cli_error("-o names the input itself (%s): use "
					  "--in-place (it keeps a .orig "
					  "backup)",
					  in.v[i]);
			else
				cli_error("%s would overwrite %s, an input: "
					  "write it elsewhere",
					  out[k].what, in.v[i]);
			return CLI_EXIT_USAGE;
		}
	}
	return 0;
}

int cli_backup_path(const char *path, char *buf, size_t size)
{
	struct stat st;
	for (unsigned k = 0; k < 100; k++) {
		if (k)
			snprintf(buf, size, "%s.orig.%u", path, k);
		else
			snprintf(buf, size, "%s.orig", path);
		if (lstat(buf, &st) < 0 && errno == ENOENT)
			return 0;
	}
	return -EEXIST;
}

int cli_write_stdout(const char *text)
{
	if (fputs(text, stdout) < 0 || fflush(stdout) != 0 || ferror(stdout))
		return cli_stdout_failed();
	return 0;
}

int cli_stdout_failed(void)
{
	cli_error("cannot write to standard output: %s",
		  strerror(errno ? errno : EIO));
	return CLI_EXIT_USAGE;
}

int cli_refuse_overwrite_cases(const struct cli_args *a,
			       const struct case_list *cl)
{
	cleanup_strv struct strv in = STRV_INIT;
	for (size_t i = 0; i < cl->n; i++) {
		const struct scase *c = &cl->cases[i];
		const char *v[] = { c->file, c->profile, c->expect_syscalls,
				    c->stdin_path };
		for (size_t k = 0; k < ARRAY_SIZE(v); k++)
			if (v[k] && !strv_contains(in.v, v[k]) &&
			    strv_add(&in, v[k]) < 0) {
				cli_error("out of memory");
				return CLI_EXIT_ENV;
			}
	}
	return cli_refuse_overwrite(a, false, in.v);
}
