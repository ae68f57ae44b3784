/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What each kind of lint finding means and what to do, for reports that
 * explain their findings (SARIF's rules: GitHub shows them beside the
 * annotated line). */
#include "lint.h"
#include "util.h"

#define RULE(k, lvl, sev, s, f, h)                                             \
	[k] = { .short_text = s,                                               \
		.full_text = f,                                                \
		.help = h,                                                     \
		.level = lvl,                                                  \
		.security_severity = sev }

static const struct sarif_rule rules[] = {
	RULE(LINT_UNKNOWN_NAME, SARIF_ERROR, NULL,
	     "A name no architecture knows as a syscall",
	     "libseccomp knows no syscall of this name on any architecture: "
	     "a typo, or a name from another tool. The filter skips it.",
	     "Correct the name (the message suggests the closest one) or "
	     "remove it."),
	RULE(LINT_CONFLICT, SARIF_ERROR, NULL,
	     "The same syscall with two unconditional actions",
	     "Two rules give the same syscall different actions with no "
	     "condition to tell them apart: only one can win, and which one "
	     "depends on the loader.",
	     "Keep one rule for the syscall, with the action you mean."),
	RULE(LINT_TOO_NEW, SARIF_WARNING, NULL,
	     "A syscall newer than this libseccomp",
	     "The kernel has the syscall but this libseccomp cannot name it: "
	     "the filter cannot express the rule, and the call meets the "
	     "default action.",
	     "Use a newer libseccomp where it matters, or expect the default "
	     "action for this call."),
	RULE(LINT_ERRNO_CLAMPED, SARIF_WARNING, NULL, "An errno above 4095",
	     "The kernel clamps a filter's errno to 4095: the program sees "
	     "another value than written.",
	     "Use an errno below 4096 (EPERM, ENOSYS, …)."),
	RULE(LINT_DUPLICATE, SARIF_NOTE, NULL,
	     "The same syscall and action twice",
	     "A syscall appears twice with the same action: harmless, but one "
	     "of the two is dead weight when editing.",
	     "Remove the repeat."),
	RULE(LINT_REDUNDANT, SARIF_NOTE, NULL,
	     "A rule that does what the default action does",
	     "The rule's action is the profile's default action: removing it "
	     "changes nothing.",
	     "Remove the rule, or give it the action you meant."),
	RULE(LINT_DEAD_RULE, SARIF_WARNING, NULL,
	     "Conditions no architecture or capability set meets",
	     "The rule's includes and excludes can never all hold: it never "
	     "applies.",
	     "Fix the conditions, or remove the rule."),
	RULE(LINT_INACTIVE_RULE, SARIF_NOTE, NULL,
	     "A rule off under the capabilities or arch judged",
	     "Under the capabilities, architecture and kernel it was judged "
	     "for, this rule does not apply.",
	     "Nothing, if that is intended; judge with --caps or --arch to see "
	     "it apply."),
	RULE(LINT_NOT_APPLICABLE, SARIF_NOTE, NULL,
	     "A syscall of other architectures only",
	     "The syscall exists on other architectures, not on those the "
	     "profile covers here.",
	     "Nothing, if the profile serves those architectures too."),
	RULE(LINT_DANGEROUS, SARIF_WARNING, "7.5",
	     "Allows a syscall with a known risk",
	     "The profile allows a syscall that escapes or weakens isolation "
	     "when allowed without conditions (ptrace, mount, bpf, …).",
	     "Remove it unless the workload needs it (`scaudit check` shows "
	     "whether it does), or allow it only under argument conditions."),
	RULE(LINT_SHADOWED, SARIF_WARNING, NULL,
	     "Conditions an unconditional rule overrides",
	     "An unconditional rule for the same syscall makes this rule's "
	     "conditions meaningless.",
	     "Remove one of the two rules."),
	RULE(LINT_COMPAT, SARIF_WARNING, "5.0",
	     "Compat architectures left open",
	     "A compat architecture (x86 or x32 on x86_64) reaches the same "
	     "allow list, or none: calls through int 0x80 may pass rules the "
	     "native arch has.",
	     "List the architectures the workload uses, or deny the compat "
	     "ones."),
	RULE(LINT_ERRNO_ADVICE, SARIF_NOTE, NULL,
	     "EPERM where ENOSYS lets programs fall back",
	     "Programs fall back to an older syscall on ENOSYS (clone3 to "
	     "clone), not on EPERM.",
	     "Answer such calls with ENOSYS."),
};
_Static_assert(ARRAY_SIZE(rules) == LINT_KIND_MAX, "a rule per lint kind");

void lint_kind_rule(enum lint_kind k, struct sarif_rule *ret)
{
	*ret = rules[k < LINT_KIND_MAX ? k : 0];
	ret->id = lint_kind_name(k);
}
