/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "case.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "bundle.h"
#include "case-keys.h"
#include "job.h"
#include "syscalls.h"
#include "util.h"

/* libinih pulls lines through reader_gets: from the file read whole, so
 * the file's size is bounded and its bytes checked before inih sees any,
 * and so each handler call knows the raw text of its line. */
struct reader {
	const char *next; /* the rest of the file */
	const char *cur; /* the line inih is handling (not NUL-terminated) */
	size_t cur_len;
	unsigned line; /* of that line */
	unsigned section_line; /* of the last [section] header */
	char header[256]; /* the name in that header, as written */
	const char *path;
	char *dir;
	struct case_list *list;
	struct diag *d;
	int err;
	unsigned err_line; /* of the line that made err, for ordering */
	bool seen[CASE_KEYS_MAX]; /* keys given in the current case */
	bool after_key; /* a key since the last header (inih's prev_name) */
};

/* A header with no key under it before the next one (or the end): inih
 * never tells of it, and the case was dropped without a word. -EINVAL
 * with d at the header. */
static int empty_section(struct reader *r)
{
	if (!r->section_line || r->after_key)
		return 0;
	if (strncmp(r->header, "case ", 5) == 0 && r->header[5])
		diag_set(r->d, -EINVAL, r->path, r->section_line, 0,
			 "case '%s' has no keys", r->header + 5);
	else
		diag_set(r->d, -EINVAL, r->path, r->section_line, 0,
			 "section [%s] has no keys", r->header);
	diag_hint(r->d, "give it a profile = and a command = line, or "
			"delete the header");
	/* Ordered where it was seen: a line inih could not parse under the
	 * header is the better error. */
	r->err = -EINVAL;
	r->err_line = r->line;
	return -EINVAL;
}

static int fail(struct reader *r, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static char *reader_gets(char *str, int num, void *stream)
{
	struct reader *r = stream;
	/* The first error stops the reading: inih would go on, and a later
	 * error would hide it. */
	if (r->err || !*r->next)
		return NULL;
	const char *s = r->next;
	const char *nl = strchr(s, '\n');
	size_t n = nl ? (size_t)(nl - s) : strlen(s);
	r->next = nl ? nl + 1 : s + n;
	r->line++;
	r->cur = s;
	r->cur_len = n;
	if (n && s[n - 1] == '\r')
		n--;
	/* inih reads a longer line in pieces, each piece a line of its own:
	 * "B=1" of a long env line became a key. */
	if (n + 1 > (size_t)num) {
		diag_set(r->d, -EINVAL, r->path, r->line, (unsigned)num,
			 "line of %zu characters; case files allow %d", n,
			 num - 1);
		diag_hint(r->d, "shorten the line (a long command can live "
				"in a script the case runs)");
		r->err = -EINVAL;
		r->err_line = r->line;
		return NULL;
	}
	memcpy(str, s, n);
	str[n] = '\0';
	/* inih tells sections only with their keys: note the header, and
	 * its name as written (inih cuts long names short). An indented
	 * line after a key is more of its value, even one with a '['. */
	size_t indent = strspn(str, " \t");
	if (str[indent] == '[' && !(indent && r->after_key)) {
		if (empty_section(r) < 0)
			return NULL;
		r->after_key = false;
		r->section_line = r->line;
		const char *h = str + strspn(str, " \t") + 1;
		size_t hl = strcspn(h, "]");
		snprintf(r->header, sizeof(r->header), "%.*s", (int)hl, h);
		/* inih drops what follows the ']': "[case a] junk". */
		const char *rest = h[hl] ? h + hl + 1 : "";
		rest += strspn(rest, " \t");
		if (*rest && *rest != ';' && *rest != '#') {
			fail(r, "a header is alone on its line: [case NAME]",
			     "unexpected '%.*s%s' after the header [%s]",
			     DIAG_QUOTE(rest), r->header);
			return NULL;
		}
	}
	return str;
}

static int fail(struct reader *r, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct reader *r, const char *hint, const char *fmt, ...)
{
	if (r->err)
		return 0; /* the first error stands */
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_set(r->d, -EINVAL, r->path, r->line, 0, "%s", msg);
	if (hint)
		diag_hint(r->d, "%s", hint);
	r->err = -EINVAL;
	r->err_line = r->line;
	return 0; /* inih: stop */
}

/* A value a validator (job.h) refused, at this line. */
static int fail_with(struct reader *r, const struct diag *v)
{
	return fail(r, v->hint[0] ? v->hint : NULL, "%s", v->message);
}

static int oom(struct reader *r)
{
	if (!r->err) {
		r->err = -ENOMEM;
		r->err_line = r->line;
	}
	return 0; /* inih: stop */
}

/* Whether inih handed us a continuation: an indented line after a key
 * is more of that key's value (INI's multi-line values). */
static bool continues(const struct reader *r)
{
	return r->cur_len && (r->cur[0] == ' ' || r->cur[0] == '\t');
}

/* A new case for the header just read, unless its name is too long or
 * taken. */
static int new_case(struct reader *r, const char *section, const char *name,
		    struct scase **ret)
{
	if (strcmp(section, r->header) != 0) {
		fail(r, "use a shorter name",
		     "case name '%s…' is too long (at most %zu characters)",
		     name, strlen(name));
		if (r->d)
			r->d->line = r->section_line; /* the header */
		return 0;
	}
	/* A name goes to terminals, TAP, JUnit and HTML as it is: an ESC
	 * in it would drive the terminal. */
	for (const char *s = name; *s; s++) {
		if ((unsigned char)*s >= 0x20 && *s != 0x7f)
			continue;
		fail(r, "use letters, digits, spaces and punctuation",
		     "case name has a control character (byte 0x%02x)",
		     (unsigned char)*s);
		if (r->d)
			r->d->line = r->section_line;
		return 0;
	}
	for (size_t k = 0; k < r->list->n; k++) {
		if (strcmp(r->list->cases[k].name, name) != 0)
			continue;
		fail(r, "give every case its own name",
		     "case '%s' is defined again (first at %s:%u)", name,
		     r->list->cases[k].file, r->list->cases[k].line);
		if (r->d)
			r->d->line = r->section_line; /* the header */
		return 0;
	}
	void *a = r->list->cases;
	if (util_grow(&a, &r->list->alloc, r->list->n, sizeof(**ret)) < 0)
		return oom(r);
	r->list->cases = a;
	struct scase *c = &r->list->cases[r->list->n++];
	memset(c, 0, sizeof(*c));
	memset(r->seen, 0, sizeof(r->seen));
	c->name = strdup(name);
	c->file = strdup(r->path);
	c->line = r->section_line;
	c->timeout = JOB_DEFAULT_TIMEOUT;
	c->out = c->err = CAPTURE_FILE;
	c->no_new_privs = -1;
	c->usage_backend = USAGE_BACKEND_MAX;
	c->isolation = PIDNS_MODE_MAX;
	if (!c->name || !c->file)
		return oom(r);
	*ret = c;
	return 1;
}

/* The case a key belongs to: the last one, or a new one for a new
 * header. 1 and *ret, or what fail() returns. */
static int current_case(struct reader *r, const char *section, const char *key,
			struct scase **ret)
{
	if (!section[0] && !r->section_line)
		return fail(r, "start the file with a [case NAME] line",
			    "'%s' comes before any [case NAME] section", key);
	if (strncmp(section, "case ", 5) != 0 || !section[5])
		return fail(r, "name sections [case NAME]",
			    "section [%s] is not a case", section);
	const char *name = section + 5;
	struct scase *c = r->list->n ? &r->list->cases[r->list->n - 1] : NULL;
	if (c && strcmp(c->name, name) == 0 && strcmp(c->file, r->path) == 0 &&
	    r->section_line == c->line) {
		*ret = c;
		return 1;
	}
	return new_case(r, section, name, ret);
}

/* The index of key in keys[], or a failure with the closest one. */
static int find_key(struct reader *r, const char *key, const char *name,
		    size_t *ret)
{
	char hint[256];
	int k = case_key_find(key, hint, sizeof(hint));
	if (k < 0)
		return fail(r, hint, "unknown key '%s' in case '%s'", key,
			    name);
	*ret = (size_t)k;
	return 1;
}

static int handler(void *user, const char *section, const char *key,
		   const char *value)
{
	struct reader *r = user;
	if (r->err)
		return 0;
	r->after_key = true;
	struct scase *c = NULL;
	size_t k = 0;
	int e = current_case(r, section, key, &c);
	if (e == 1)
		e = find_key(r, key, c->name, &k);
	if (e != 1)
		return e;
	if (r->seen[k] && continues(r))
		return fail(r,
			    "start each key at the beginning of its line, and "
			    "give a value on one line",
			    "indented line: INI reads it as more of '%s' "
			    "above",
			    key);
	if (r->seen[k])
		return fail(r, "give each key once per case",
			    "'%s' given twice in case '%s'", key, c->name);
	/* inih takes "key: value" too; a case file is written key = value. */
	const char *eq = memchr(r->cur, '=', r->cur_len);
	const char *colon = memchr(r->cur, ':', r->cur_len);
	if (colon && (!eq || colon < eq))
		return fail(r, "write key = value",
			    "'%s:' where case files take '%s ='", key, key);
	r->seen[k] = true;
	struct diag vd = { 0 };
	struct case_key_at at = { r->dir, r->line };
	int e2 = case_key_set(k, &at, c, value, &vd);
	if (e2 == -ENOMEM)
		return oom(r);
	if (e2 < 0)
		return fail_with(r, &vd);
	return 1;
}

static int check_case(const struct scase *c, struct diag *d)
{
	if (!c->profile)
		return diag_set(d, -EINVAL, c->file, c->line, 0,
				"case '%s' has no 'profile'", c->name);
	if (!c->argv)
		return diag_set(d, -EINVAL, c->file, c->line, 0,
				"case '%s' has no 'command'", c->name);
	return 0;
}

/* The line of a syntax error inih found: what it looks like. */
static int syntax_error(const char *text, unsigned line, const char *path,
			struct diag *d)
{
	const char *s = text;
	for (unsigned l = 1; l < line && s; l++) {
		s = strchr(s, '\n');
		if (s)
			s++;
	}
	if (s && s[strspn(s, " \t")] == '[') {
		diag_set(d, -EINVAL, path, line, 0,
			 "section header without its closing ']'");
		diag_hint(d, "write [case NAME]");
		return -EINVAL;
	}
	return diag_set(d, -EINVAL, path, line, 0,
			"not INI: expected [case NAME] or key = value");
}

int case_load(const char *path, struct case_list *list, struct diag *d)
{
	cleanup_free char *text = NULL;
	size_t len;
	int e = diag_read_file(path, UTIL_MAX_FILE_SIZE, "case file", &text,
			       &len, d);
	if (e < 0)
		return e;
	/* Every byte is checked before inih sees the lines: a NUL would end
	 * a line early ("tr\0ue" ran "tr"), and names and commands go into
	 * JSON reports, which must be UTF-8. */
	e = diag_check_text(path, text, len, "case file",
			    "case files are UTF-8 text: [case NAME] and key = "
			    "value lines",
			    d);
	if (e < 0)
		return e;
	cleanup_free char *copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	const char *start = text;
	/* Editors on other systems write a UTF-8 byte order mark. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		start += 3;
	struct reader r = { .next = start, .path = path, .list = list, .d = d };
	r.dir = dirname(copy);
	size_t before = list->n;
	int line = ini_parse_stream(reader_gets, &r, handler, &r);
	/* inih goes on after a line it cannot parse; ours stop it, so the
	 * earlier of the two errors is the first. */
	if (line > 0 && (!r.err || (unsigned)line < r.err_line))
		return syntax_error(start, (unsigned)line, path, d);
	if (!r.err && line == 0)
		empty_section(&r); /* the last header */
	if (r.err)
		return r.err;
	if (line < 0)
		return diag_set(d, -ENOMEM, path, 0, 0, "out of memory");
	if (list->n == before)
		return diag_set(d, -EINVAL, path, 0, 0,
				"no [case NAME] section in the file");
	for (size_t i = before; i < list->n; i++) {
		e = check_case(&list->cases[i], d);
		if (e < 0)
			return e;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int case_load_path(const char *path, struct case_list *list, struct diag *d)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return diag_set(d, -errno, path, 0, 0, "cannot read: %s",
				strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return case_load(path, list, d);
	DIR *dir = opendir(path);
	if (!dir)
		return diag_set(d, -errno, path, 0, 0, "cannot read: %s",
				strerror(errno));
	char **files = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *e;
	int r = 0;
	while ((e = readdir(dir)) && r == 0) {
		size_t l = strlen(e->d_name);
		if (!((l > 4 && strcmp(e->d_name + l - 4, ".ini") == 0) ||
		      (l > 5 && strcmp(e->d_name + l - 5, ".case") == 0)))
			continue;
		void *a = files;
		if (util_grow(&a, &alloc, n, sizeof(*files)) < 0 ||
		    asprintf(&((char **)a)[n], "%s/%s", path, e->d_name) < 0)
			r = -ENOMEM;
		files = a;
		if (r == 0)
			n++;
	}
	closedir(dir);
	if (files)
		qsort(files, n, sizeof(*files), cmp_str);
	for (size_t i = 0; i < n && r == 0; i++)
		r = case_load(files[i], list, d);
	for (size_t i = 0; i < n; i++)
		free(files[i]);
	free(files);
	if (r == 0 && n == 0)
		return diag_set(d, -ENOENT, path, 0, 0,
				"no *.ini or *.case files in the directory");
	return r;
}

void case_list_free(struct case_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct scase *c = &list->cases[i];
		free(c->name);
		free(c->file);
		free(c->profile);
		strv_free(c->argv);
		free(c->expect_syscalls);
		strv_free(c->expect_denied);
		free(c->caps);
		strv_free(c->env);
		free(c->cwd);
		free(c->stdin_path);
		free(c->rootfs);
		free(c->bundle);
		free(c->image);
	}
	free(list->cases);
	memset(list, 0, sizeof(*list));
}

/* The case's container (an image alone is podman's) and the caps: a
 * container runs with Docker's unless told otherwise, a bundle of the
 * user's with its own. */
static int case_container(const struct scase *c, struct job *j, struct diag *d)
{
	j->container = (struct job_container){
		.runtime = c->image && !c->runtime ? JOB_RUNTIME_PODMAN
						   : c->runtime,
		.rootfs = c->rootfs,
		.bundle = c->bundle,
		.image = c->image,
		.no_new_privs = c->no_new_privs,
	};
	int r = job_check_container(&j->container, false, d);
	if (r == 0 && j->container.runtime && c->cwd)
		r = diag_set(
			d, -EINVAL, "", 0, 0,
			"cwd = is a directory of this host: in a container "
			"the command runs where its bundle says "
			"(process.cwd)");
	if (r < 0)
		return r;
	char own[2048];
	const char *caps = c->caps		  ? c->caps
			   : j->container.runtime ? "docker"
						  : NULL;
	if (c->bundle && !c->caps) {
		bool has_seccomp;
		if ((r = bundle_read_own(c->bundle, own, sizeof(own),
					 &has_seccomp, d)) < 0)
			return r;
		caps = own;
		j->container.keep_caps = true;
	}
	j->env_add = c->env;
	return job_set_caps(j, "caps", caps, d);
}

/* Where the case's command is, by case.h's rule: a relative one with a
 * '/' from its cwd = when given (where it runs, as a shell there would
 * find it), else from the case file's directory (as profile = and every
 * other path of the file); a bare name on PATH. */
static int case_find_program(const struct scase *c, struct job *j,
			     struct diag *d)
{
	const char *cmd = c->argv[0];
	if (c->cwd || cmd[0] == '/' || !strchr(cmd, '/'))
		return job_find_program(j, d);
	cleanup_free char *copy = strdup(c->file);
	if (!copy)
		return -ENOMEM;
	/* job_find_program looks from j->cwd; the job itself still runs
	 * where scaudit does (no cwd =). */
	const char *dir = dirname(copy);
	j->cwd = dir;
	int r = job_find_program(j, d);
	j->cwd = NULL;
	char real[PATH_MAX];
	if (r == 0 && realpath(j->path, real))
		snprintf(j->path, sizeof(j->path), "%s", real);
	/* Said in the message: the suite's reports show no hint. */
	if (r < 0 && d) {
		size_t n = strlen(d->message);
		snprintf(d->message + n, sizeof(d->message) - n,
			 ", looked for from the case file's directory %s "
			 "(or give cwd =)",
			 dir);
	}
	return r;
}

int case_job(const struct scase *c, struct job *j, struct diag *d)
{
	int r = job_init(j, c->name, c->argv, d);
	if (r < 0)
		return r;
	j->cwd = c->cwd;
	j->stdin_path = c->stdin_path;
	j->out = c->out;
	j->err = c->err;
	j->timeout = c->timeout;
	j->max_procs = c->max_procs;
	j->isolation = c->isolation;
	j->expect.exit_code = c->expect_exit;
	if ((r = strv_extend(&j->expect.denied, c->expect_denied)) < 0 ||
	    (c->env && c->env[0] && (r = job_merge_env(j, c->env)) < 0))
		return r;
	if ((r = case_container(c, j, d)) == 0) {
		j->env.semantics =
			c->semantics != PROFILE_SEMANTICS_AUTO
				? c->semantics
				: job_runtime_semantics(j->container.runtime);
		/* A container's command is found in its root, by the
		 * runtime. */
		if (j->container.runtime)
			snprintf(j->path, sizeof(j->path), "%s", c->argv[0]);
		else
			r = case_find_program(c, j, d);
	}
	if (r < 0) {
		/* Where: the case's header. */
		diag_prefix(d, "case '%s': ", c->name);
		snprintf(d->file, sizeof(d->file), "%s", c->file);
		d->line = c->line;
		d->column = 0;
	}
	return r;
}
