/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit explain — what a profile's compiled filter does with every
 * syscall of every arch it covers, and what it costs; nothing is run. */
#include <string.h>

#include "caps.h"
#include "cli.h"
#include "runc-stub.h"
#include "explain.h"
#include "json-util.h"
#include "util.h"

static void print_names(FILE *f, const char *title, const struct strv *v)
{
	fprintf(f, "  %s (%zu):", title, v->n);
	for (size_t i = 0; i < v->n; i++)
		fprintf(f, " %s", v->v[i]);
	fprintf(f, "\n");
}

static void print_arch(FILE *f, const struct profile *p,
		       const struct explain_arch *a)
{
	fprintf(f, "\narch %s\n", syscalls_arch_name(a->arch));
	for (size_t i = 0; i < a->n_conditional; i++) {
		const struct explain_conditional *c = &a->conditional[i];
		char an[64];
		effect_action_name(c->otherwise, an, sizeof(an));
		fprintf(f, "  %s: allowed when %s; else %s\n", c->name,
			c->when[0] ? c->when : "(see the rules)", an);
	}
	if (a->allowed.n)
		print_names(f, "allowed", &a->allowed);
	if (a->n_conditional) {
		fprintf(f,
			"  allowed with conditions (%zu):", a->n_conditional);
		for (size_t i = 0; i < a->n_conditional; i++)
			fprintf(f, " %s", a->conditional[i].name);
		fprintf(f, "\n");
	}
	char def[64];
	profile_action_describe(p->default_action, def, sizeof(def));
	for (size_t k = 0; k < a->n_denied; k++) {
		const struct explain_group *g = &a->denied[k];
		if (g->names.n > 40 && strcmp(g->title, def) == 0)
			fprintf(f, "  %s (%zu): every other syscall\n",
				g->title, g->names.n);
		else
			print_names(f, g->title, &g->names);
	}
}

static json_t *rows_json(const struct effect_table *t)
{
	json_t *rows = json_array();
	for (size_t i = 0; rows && i < t->n; i++) {
		const struct effect_row *row = &t->rows[i];
		json_t *acts = json_array();
		for (size_t k = 0; k < row->n_actions; k++) {
			char an[64];
			effect_action_name(row->actions[k], an, sizeof(an));
			json_array_append_new(acts, json_string(an));
		}
		json_array_append_new(
			rows,
			json_pack("{s:s,s:s,s:i,s:o,s:b}", "arch",
				  syscalls_arch_name(row->arch), "name",
				  row->name, "nr", row->nr, "actions", acts,
				  "conditional", row->n_actions > 1));
	}
	return rows;
}

static json_t *cost_json(const struct explain_cost *c)
{
	return json_pack("{s:i,s:i,s:f}", "instructions", (json_int_t)c->insns,
			 "worst", (json_int_t)c->worst, "mean", c->mean);
}

static int explain(struct cli_args *a)
{
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(a, a->pos[0], 0, a->arch, &p, &env);
	if (r)
		return r;
	cleanup_explain struct explain e = { 0 };
	struct diag d = { 0 };
	if ((r = explain_profile(p, &env, &e, &d)) < 0) {
		if (d.message[0])
			return cli_fail(r, &d);
		cli_error("the filter could not be interpreted");
		return CLI_EXIT_ENV;
	}
	FILE *f = cli_is_stdout(a->json) ? stderr : stdout;
	char caps[1024];
	caps_format(env.caps, caps, sizeof(caps));
	fprintf(f, "profile %s (%s), caps %s\n", p->path,
		profile_format_name(p->format), caps);
	char how[320];
	runc_stub_semantics(p, NULL, how, sizeof(how));
	fprintf(f, "applied as %s loads it\n", how);
	for (size_t i = 0; i < e.n_arches; i++)
		print_arch(f, p, &e.arches[i]);
	fprintf(f,
		"\ncost (%s, %zu allowed syscalls):\n"
		"  binary tree: %zu BPF instructions; an allowed call evaluates "
		"%zu at worst, %.1f on average\n"
		"  linear:      %zu BPF instructions; an allowed call evaluates "
		"%zu at worst, %.1f on average\n",
		syscalls_arch_name(env.arch), e.tree.allowed, e.tree.insns,
		e.tree.worst, e.tree.mean, e.linear.insns, e.linear.worst,
		e.linear.mean);
	int status = CLI_EXIT_OK;
	if (a->json) {
		cleanup_json json_t *doc = json_pack(
			"{s:i,s:o,s:o,s:{s:o,s:o}}", "schema", 1, "profile",
			jsonutil_str(p->path), "rows", rows_json(&e.rows),
			"cost", "tree", cost_json(&e.tree), "linear",
			cost_json(&e.linear));
		status = cli_write_json(a->json, doc);
	}
	return status;
}

const struct cli_command cmd_explain = {
	.name = "explain",
	.summary = "what the compiled filter does with every syscall, and its "
		   "cost",
	.synopsis = "PROFILE [options]",
	.about = "The effective action of the compiled filter for every "
		 "syscall on every arch it\ncovers (allowed, allowed with "
		 "conditions, errno, killed, …), found by running\nthe exact "
		 "BPF program in scaudit's interpreter; and its cost in "
		 "instructions\nper allowed call, with libseccomp's linear "
		 "layout and with its binary tree.",
	.exit_status = "Exit status: 0 explained, 2 bad usage or input, 3 "
		       "internal error.",
	.opts = CLI_OPT(ARCH) | CLI_OPT(CAPS) | CLI_OPT(FORMAT) |
		CLI_OPT(JSON) | CLI_OPT(SEMANTICS),
	.min_pos = 1,
	.max_pos = 1,
	.run = explain,
};
