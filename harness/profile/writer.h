/* writer — profiles out. A recorded set of syscall names as a plain list,
 * OCI JSON, a Go snippet (libseccomp-golang) or a C array (libseccomp);
 * and a trimmed profile in its own format: the names marked dropped are
 * left out and everything else is kept (list comments and lines; for OCI
 * every key, condition, comment and the order, and the indentation).
 * Functions return 0 and a NUL-terminated text the caller frees, or
 * -errno. Nothing here writes files or prints. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "profile.h"

enum writer_format { WRITER_LIST, WRITER_OCI, WRITER_GO, WRITER_C, WRITER_MAX };

int writer_format_parse(const char *s, enum writer_format *ret);

struct writer_set {
	char *const *names; /* sorted, distinct */
	size_t n;
	const uint32_t *arches; /* for OCI's "architectures" */
	size_t n_arches;
	const char *origin; /* one line: how the set was made */
};

int writer_names(enum writer_format f, const struct writer_set *s, char **ret);

/* p without its dropped names, in p's own format (a strace table comes
 * out as a plain list). */
int writer_trimmed(const struct profile *p, char **ret);
