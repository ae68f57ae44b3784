/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

int diag_set(struct diag *d, int err, const char *file, unsigned line,
	     unsigned column, const char *fmt, ...)
{
	if (!d)
		return err;
	if (file)
		snprintf(d->file, sizeof(d->file), "%s", file);
	d->line = line;
	d->column = column;
	d->hint[0] = '\0';
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
	return err;
}

void diag_prefix(struct diag *d, const char *fmt, ...)
{
	if (!d)
		return;
	char msg[sizeof(d->message)];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	size_t head = n < 0			? 0
		      : (size_t)n < sizeof(msg) ? (size_t)n
						: sizeof(msg) - 1;
	size_t rest = strnlen(d->message, sizeof(d->message) - 1);
	if (rest > sizeof(msg) - 1 - head)
		rest = sizeof(msg) - 1 - head;
	memcpy(msg + head, d->message, rest);
	msg[head + rest] = '\0';
	memcpy(d->message, msg, sizeof(msg));
}

void diag_hint(struct diag *d, const char *fmt, ...)
{
	if (!d)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->hint, sizeof(d->hint), fmt, ap);
	va_end(ap);
}

int diag_quote_len(const char *s)
{
	size_t n = strnlen(s, DIAG_QUOTE_MAX + 1);
	if (n <= DIAG_QUOTE_MAX)
		return (int)n;
	n = DIAG_QUOTE_MAX;
	/* Back off over continuation bytes to the start of a character. */
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return (int)n;
}

void diag_where(const struct diag *d, char *buf, size_t size)
{
	if (d->line && d->column)
		snprintf(buf, size, "%s:%u:%u", d->file, d->line, d->column);
	else if (d->line)
		snprintf(buf, size, "%s:%u", d->file, d->line);
	else
		snprintf(buf, size, "%s", d->file);
}

void diag_format(const struct diag *d, char *buf, size_t size)
{
	char where[sizeof(d->file) + 32];
	diag_where(d, where, sizeof(where));
	if (d->hint[0])
		snprintf(buf, size, "%s: %s — %s", where, d->message, d->hint);
	else
		snprintf(buf, size, "%s: %s", where, d->message);
}

int diag_read_file(const char *path, size_t max, const char *kind,
		   char **ret_buf, size_t *ret_len, struct diag *d)
{
	int r = util_read_file(path, max, ret_buf, ret_len);
	if (r == -EFBIG)
		return diag_set(d, r, path, 0, 0,
				"file too large (the limit is %zu MiB): not a "
				"%s",
				max >> 20, kind);
	if (r < 0)
		return diag_set(d, r, path, 0, 0, "cannot read: %s",
				strerror(-r));
	return 0;
}

int diag_check_text(const char *path, const char *text, size_t len,
		    const char *kind, const char *hint, struct diag *d)
{
	ssize_t bad = util_find_binary(text, len);
	if (bad < 0)
		return 0;
	unsigned line, col;
	util_offset_to_linecol(text, (size_t)bad, &line, &col);
	diag_set(d, -EINVAL, path, line, col,
		 "binary data (byte 0x%02x), not a %s",
		 (unsigned char)text[bad], kind);
	diag_hint(d, "%s", hint);
	return -EINVAL;
}
