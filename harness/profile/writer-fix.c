/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The fix for a missing entry in the profile's own format, and where it
 * goes (writer.h). */
#include <seccomp.h>
#include <stdio.h>
#include <string.h>

#include "writer-source.h"
#include "writer.h"

/* The first rule that allows unconditionally: where a name belongs. */
static const struct profile_rule *allow_rule(const struct profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct profile_rule *r = &p->rules[i];
		if (r->active && r->action.type == PROFILE_ACT_ALLOW &&
		    profile_rule_unconditional(r))
			return r;
	}
	return NULL;
}

struct profile_loc writer_fix_at(const struct profile *p)
{
	struct profile_loc at = p->default_loc.line
					? p->default_loc
					: (struct profile_loc){ p->path, 1, 0 };
	const struct profile_rule *r = allow_rule(p);
	switch (p->format) {
	case PROFILE_FORMAT_OCI:
		return r && r->n_names ? r->names[0].loc : at;
	case PROFILE_FORMAT_GO:
	case PROFILE_FORMAT_C:
	case PROFILE_FORMAT_SYSTEMD:
		return p->source.end.line ? p->source.end : at;
	case PROFILE_FORMAT_LIST:
		/* A line is added after the last. */
		for (size_t i = p->n_rules; i-- > 0;)
			if (p->rules[i].n_names)
				return p->rules[i].loc;
		return at;
	case PROFILE_FORMAT_STRACE:
	case PROFILE_FORMAT_AUTO:
	case PROFILE_FORMAT_MAX:
		break;
	}
	return at;
}

void writer_fix_unnamed(const char *arch, int nr, char *buf, size_t size)
{
	const struct scmp_version *v = seccomp_version();
	snprintf(buf, size,
		 "none in a profile: this libseccomp (%u.%u.%u) has no name "
		 "for %s syscall %d, and every format scaudit reads names "
		 "its syscalls; a newer libseccomp may know it",
		 v ? v->major : 0, v ? v->minor : 0, v ? v->micro : 0, arch,
		 nr);
}

void writer_fix_allow(const struct profile *p, const char *name, char *buf,
		      size_t size)
{
	switch (p->format) {
	case PROFILE_FORMAT_STRACE:
		/* A table is a record of calls: a line added to it allows
		 * nothing more. */
		snprintf(buf, size,
			 "an strace table records calls, it is not a profile: "
			 "make it one with 'scaudit convert %s --to list' and "
			 "add %s there",
			 p->path, name);
		return;
	case PROFILE_FORMAT_GO:
	case PROFILE_FORMAT_C:
	case PROFILE_FORMAT_SYSTEMD:
		writer_fix_source(p, name, buf, size);
		return;
	case PROFILE_FORMAT_LIST:
	case PROFILE_FORMAT_AUTO:
	case PROFILE_FORMAT_MAX:
		snprintf(buf, size, "add the line '%s' to %s", name, p->path);
		return;
	case PROFILE_FORMAT_OCI:
		break;
	}
	const struct profile_rule *r = allow_rule(p);
	if (r && r->n_names)
		snprintf(buf, size, "add \"%s\" to the \"names\" at %s:%u",
			 name, p->path, r->names[0].loc.line);
	else
		snprintf(buf, size,
			 "add {\"names\": [\"%s\"], \"action\": "
			 "\"SCMP_ACT_ALLOW\"} to \"syscalls\" in %s",
			 name, p->path);
}

void writer_errno_rule(const struct profile *p, const char *name, int err,
		       char *buf, size_t size)
{
	if (p->format == PROFILE_FORMAT_OCI)
		snprintf(buf, size,
			 "{\"names\": [\"%s\"], \"action\": "
			 "\"SCMP_ACT_ERRNO\", \"errnoRet\": %d}",
			 name, err);
	else if (p->format == PROFILE_FORMAT_GO ||
		 p->format == PROFILE_FORMAT_C ||
		 p->format == PROFILE_FORMAT_SYSTEMD)
		writer_errno_source(p, name, err, buf, size);
	else
		snprintf(buf, size, "%s errno=%s", name,
			 profile_errno_name((uint32_t)err));
}

/* Writers add only the delta's allow rules: its errno rules are a
 * trial's, never written. */
