/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* exposure — how much of the kernel an evaluated profile leaves open, per
 * arch its filter covers (p->arches): how many syscalls it allows, which
 * of them are dangerous (dangerous.h), and, given the names the workloads
 * used, which dangerous ones no workload used. Read from the rules as
 * filter_build compiles them: active rules only, without the names a
 * delta leaves out, with the rules it adds.
 *
 * Allowed on arch A: a name that is a syscall of A, and that the profile
 * lets run there: a rule names it with allow or log (log runs the call
 * and only records it), or the default action is allow or log and no
 * rule stops it. notify and trace do not count (an agent or a tracer
 * decides, not the profile); errno, trap and kill stop the call. Allowed
 * with conditions: only some calls run (every rule that lets it run
 * checks arguments; under a default that runs, a rule that stops it
 * does). Those count as allowed, and apart.
 *
 * Dangerous: an allowed name on dangerous.h's list, except a conditional
 * entry allowed only with conditions (its arguments are checked): what
 * lint finds dangerous, by name.
 *
 * Used and unused: of the dangerous names, those in the caller's list of
 * what the workloads used (usage.h's rule: the calls an allow action let
 * run) and those not. In neither: a name only a log action lets run
 * (logged: its use is in the audit log, not in a run's usage), and an
 * unused name of the caller's sometimes list (what runs make only at
 * times, verdict/sometimes.h: kept by the evidence rule, never
 * unnecessary).
 *
 * Counted by name, as the profile writes them: on x86 a name only
 * socketcall or ipc reaches (accept, send, semop) counts, where explain's
 * table (analysis/effect.h) counts syscall numbers, socketcall among them;
 * elsewhere the two agree. A profile whose default runs calls (a deny
 * list) allows every syscall of A but those it stops: all_but, with the
 * count it stops (runc's ENOSYS above the highest name it names is not
 * taken off). */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "color.h"
#include "delta.h"
#include "profile.h"
#include "strv.h"

typedef struct json_t json_t;

#define EXPOSURE_MAX_ARCHES 8

struct exposure_arch {
	uint32_t arch;
	bool all_but; /* the default runs calls: all but `denied` allowed */
	size_t allowed; /* names allowed; 0 when all_but */
	size_t denied; /* all_but: named, and stopped whatever the args */
	size_t conditional; /* names allowed with conditions */
	struct strv dangerous; /* sorted */
	struct strv dangerous_conditional; /* of them, with conditions */
	struct strv unused; /* of them, unused (judged only) */
};

struct exposure {
	struct exposure_arch arches[EXPOSURE_MAX_ARCHES];
	size_t n_arches;
	bool judged; /* a used list was given */
	struct strv dangerous; /* of every arch, sorted, each once */
	struct strv logged; /* of them, only a log action runs */
	struct strv used, unused; /* of the others (judged only) */
	struct strv sometimes; /* unused, made only at times (judged only) */
};

/* The exposure of p (evaluated) with d's edits (NULL: none). used: the
 * names the workloads used, or NULL when their use is not judged (an
 * empty list is judged: nothing used); sometimes: the names made only at
 * times (NULL: none). 0 and *ret (clear with exposure_clear, also on
 * failure), or -ENOMEM. */
int exposure_compute(const struct profile *p, const struct profile_delta *d,
		     const struct strv *used, const struct strv *sometimes,
		     struct exposure *ret);
/* Split e's dangerous names (not judged yet) by what the workloads used
 * and what they make only at times (kept; may be NULL): the one rule of
 * used, unused and kept, for a profile at hand and for a suite's stored
 * exposure alike. 0 or -ENOMEM. */
int exposure_judge(struct exposure *e, char *const *used, char *const *kept);

void exposure_clear(struct exposure *e);
static inline void exposure_clearp(struct exposure *e)
{
	exposure_clear(e);
}
#define cleanup_exposure __attribute__((cleanup(exposure_clearp)))

/* Whether a lets a call run whatever else happens: allow or log. */
bool exposure_action_runs(struct profile_action a);

/* --max-dangerous-unused: whether at most max dangerous entries are
 * allowed and unused (max < 0: no gate, NONE). It passes whatever the
 * runs used when no more dangerous names than max could be unused (the
 * logged ones aside); otherwise it needs their use judged. */
enum exposure_gate {
	EXPOSURE_GATE_NONE,
	EXPOSURE_GATE_PASSED,
	EXPOSURE_GATE_FAILED,
	EXPOSURE_GATE_NOT_JUDGED,
	EXPOSURE_GATE_MAX
};
enum exposure_gate exposure_gate(const struct exposure *e, long max);
const char *exposure_gate_name(enum exposure_gate g); /* "not-judged" */

/* The arches for people, on one line without its end: "x86_64 31
 * allowed (2 with conditions), 3 dangerous, 2 unused; x86 …" (unused
 * when judged). c: the palette (NULL: plain). */
void exposure_text(FILE *f, const struct exposure *e, const struct color *c);

/* The lines under it, each after indent: the dangerous names unused,
 * those made only at times and those only logged; when not judged, that
 * their use was not and why (not_judged); the gate's answer (max < 0:
 * none). */
void exposure_text_details(FILE *f, const struct exposure *e,
			   const char *indent, const char *not_judged, long max,
			   const struct color *c);

/* The same as JSON: {"arches": [{"arch", "allowed" (null when allBut),
 * "allBut", "denied" (allBut only), "conditional", "dangerous",
 * "dangerousConditional", "dangerousUnused" (judged only)}], "dangerous",
 * "dangerousLogged", "usageJudged", "dangerousUsed", "dangerousUnused"
 * and "dangerousSometimes" (judged only), "notJudged" (not judged, when
 * not_judged is given), "maxDangerousUnused" and "gate" (max >= 0)}.
 * NULL: out of memory. */
json_t *exposure_json(const struct exposure *e, const char *not_judged,
		      long max);
