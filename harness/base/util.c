/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

void util_freep(void *p)
{
	free(*(void **)p);
}

void util_fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

void util_closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

int util_fd_above_stdio(int *fd)
{
	if (*fd < 0 || *fd > 2)
		return 0;
	int moved = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
	int e = errno;
	close(*fd);
	*fd = moved;
	if (moved < 0)
		return -(errno = e);
	return 0;
}

int util_read_file(const char *path, size_t max, char **ret_buf,
		   size_t *ret_len)
{
	/* O_NONBLOCK: opening a FIFO nobody writes to would wait forever.
	 * Reads block again below, so a pipe with a writer (bash's <(…))
	 * is read to its end; one without reads as empty. */
	cleanup_close int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;

	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max)
		return -EFBIG;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		return -errno;

	size_t alloc = 8192, len = 0;
	cleanup_free char *buf = malloc(alloc);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len + 1 >= alloc) {
			if (alloc > max + 1)
				return -EFBIG;
			char *n = realloc(buf, alloc * 2);
			if (!n)
				return -ENOMEM;
			buf = n;
			alloc *= 2;
		}
		ssize_t r = read(fd, buf + len, alloc - len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > max)
			return -EFBIG;
	}
	buf[len] = '\0';
	*ret_buf = steal_pointer(&buf);
	*ret_len = len;
	return 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		off += (size_t)w;
	}
	return 0;
}

/* A device or FIFO (/dev/null, /dev/stdout, a pipe) is written to, not
 * replaced: renaming over /dev/null as root would put a regular file
 * there for every other program. No reader on a FIFO: -ENXIO, no wait. */
static int write_in_place(const char *path, const char *buf, size_t len)
{
	cleanup_close int fd =
		open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		return -errno;
	return write_all(fd, buf, len);
}

/* The temporary files of path's writes are "PATH.scaudit-PID.XXXXXX":
 * those of a scaudit that died before its rename (SIGKILL) are found and
 * removed by the next write of the same path. A live PID's are left. */
#define TMP_TAG ".scaudit-"

static void remove_stale(const char *path)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : path;
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	size_t bl = strlen(base);
	DIR *d = opendir(slash ? dir : ".");
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *s = e->d_name;
		char *end;
		if (strncmp(s, base, bl) != 0 ||
		    strncmp(s + bl, TMP_TAG, strlen(TMP_TAG)) != 0)
			continue;
		long pid = strtol(s + bl + strlen(TMP_TAG), &end, 10);
		if (pid <= 0 || *end != '.' || strlen(end) != 7 ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		unlinkat(dirfd(d), s, 0);
	}
	closedir(d);
}

static int write_atomic(const char *path, const char *buf, size_t len,
			int want_mode)
{
	struct stat st;
	size_t n = strlen(path);
	cleanup_free char *tmp = malloc(n + 48);
	if (!tmp)
		return -ENOMEM;
	remove_stale(path);
	snprintf(tmp, n + 48, "%s" TMP_TAG "%ld.XXXXXX", path, (long)getpid());
	int fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* mkostemp makes 0600: take the mode asked for, else the old file's,
	 * else the umask's. */
	mode_t mode;
	if (want_mode >= 0) {
		mode = (mode_t)want_mode & 07777;
	} else if (stat(path, &st) == 0) {
		mode = st.st_mode & 07777;
	} else {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	fchmod(fd, mode);
	int r = write_all(fd, buf, len);
	if (r < 0) {
		close(fd);
		unlink(tmp);
		return r;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		int e = -errno;
		unlink(tmp);
		return e;
	}
	if (rename(tmp, path) < 0) {
		int e = -errno;
		unlink(tmp);
		return e;
	}
	return 0;
}

int util_write_file_atomic(const char *path, const char *buf, size_t len)
{
	return util_write_file_mode(path, buf, len, -1);
}

int util_write_file_mode(const char *path, const char *buf, size_t len,
			 int mode)
{
	struct stat st;
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (!S_ISREG(st.st_mode))
			return write_in_place(path, buf, len);
	}
	/* Ctrl-C now would leave the temporary file behind: it waits until
	 * the file is in place (or gone). Not for the in-place write above,
	 * which a FIFO's reader may hold up for ever. */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigprocmask(SIG_BLOCK, &stop, &old);
	int r = write_atomic(path, buf, len, mode);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r;
}

char *util_strstrip(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
	       *s == '\v' || *s == '\f')
		s++;
	size_t n = strlen(s);
	while (n > 0 && strchr(" \t\r\n\v\f", s[n - 1]))
		s[--n] = '\0';
	return s;
}

unsigned util_edit_distance(const char *a, const char *b, unsigned cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap + 1;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	unsigned row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0], best = (unsigned)i;
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
	}
	return row[lb];
}

int util_parse_u64(const char *s, uint64_t *ret)
{
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	*ret = v;
	return 0;
}

int util_parse_dec(const char *s, uint64_t *ret)
{
	if (!s || !*s || s[strspn(s, "0123456789")] || (s[0] == '0' && s[1]))
		return -EINVAL;
	return util_parse_u64(s, ret);
}

int util_name_index(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return (int)i;
	return -EINVAL;
}

int util_grow(void **array, size_t *alloc, size_t n, size_t elem)
{
	if (n < *alloc)
		return 0;
	/* Room past n whatever *alloc said (an array made elsewhere). */
	size_t na = *alloc ? *alloc * 2 : 8;
	if (na <= n)
		na = 2 * n;
	void *p = realloc(*array, na * elem);
	if (!p)
		return -ENOMEM;
	memset((char *)p + n * elem, 0, (na - n) * elem);
	*array = p;
	*alloc = na;
	return 0;
}

void util_make_text(char *buf, size_t len)
{
	for (size_t i = 0; i < len;) {
		ssize_t bad = util_find_binary(buf + i, len - i);
		if (bad < 0)
			return;
		i += (size_t)bad;
		buf[i++] = '?';
	}
}

ssize_t util_find_binary(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c == 0)
			return (ssize_t)i;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		/* The second byte's range rules out overlong forms, UTF-16
		 * surrogates and code points above U+10FFFF, which jansson
		 * refuses too (RFC 3629, table 3-7 of Unicode). */
		unsigned char lo = 0x80, hi = 0xbf;
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else {
			return (ssize_t)i;
		}
		if (i + 1 >= len || s[i + 1] < lo || s[i + 1] > hi)
			return (ssize_t)i;
		for (size_t k = 2; k <= n; k++)
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return (ssize_t)i;
		i += n + 1;
	}
	return -1;
}

double util_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *util_path_in_cwd(const char *path, char *buf)
{
	char cwd[PATH_MAX];
	if (!realpath(path, buf) || !getcwd(cwd, sizeof(cwd)))
		return path;
	/* "/" is the one directory that ends in a slash. */
	size_t n = strcmp(cwd, "/") == 0 ? 0 : strlen(cwd);
	return strncmp(buf, cwd, n) == 0 && buf[n] == '/' ? buf + n + 1 : buf;
}

char *util_copy_text(char *dst, size_t size, const char *src)
{
	if (!size)
		return dst;
	size_t n = strnlen(src, size - 1);
	/* Back off over continuation bytes to the start of a character. */
	if (src[n])
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return dst;
}

void util_offset_to_linecol(const char *buf, size_t off, unsigned *ret_line,
			    unsigned *ret_col)
{
	unsigned line = 1, col = 1;
	for (size_t i = 0; i < off && buf[i]; i++) {
		if (buf[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	*ret_line = line;
	*ret_col = col;
}
