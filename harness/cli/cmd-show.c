/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* scaudit show — the profile as scaudit understands it: default action,
 * arches, every rule with its names and their numbers per arch, argument
 * conditions, where each came from and which rules apply under --caps. */
#include <jansson.h>
#include <string.h>

#include "caps.h"
#include "cli.h"
#include "runc-stub.h"
#include "json-util.h"
#include "util.h"

static void format_number(uint32_t arch, int nr, char *buf, size_t size)
{
	if (nr < 0)
		snprintf(buf, size, "-");
	else if (arch == SCMP_ARCH_X32)
		snprintf(buf, size, "%d", nr & ~0x40000000);
	else
		snprintf(buf, size, "%d", nr);
}

static void print_cond(const char *what, const struct profile_cond *c)
{
	if (!c->caps.n && !c->arches.n && !c->min_kernel)
		return;
	printf("      %s:", what);
	for (size_t i = 0; i < c->caps.n; i++)
		printf(" %s", c->caps.v[i]);
	if (c->arches.n) {
		printf(" arches");
		for (size_t i = 0; i < c->arches.n; i++)
			printf("%s%s", i ? "," : " ", c->arches.v[i]);
	}
	if (c->min_kernel)
		printf(" kernel>=%s", c->min_kernel);
	printf("\n");
}

static void print_text(const struct profile *p, const struct profile_env *env,
		       const char *caps_spec)
{
	char buf[1024];
	printf("profile   %s\n", p->path);
	printf("format    %s (%zu rules, %zu names)\n",
	       profile_format_name(p->format), p->n_rules,
	       profile_count_names(p));
	profile_action_describe(p->default_action, buf, sizeof(buf));
	printf("default   %s\n", buf);
	printf("arches   ");
	for (size_t i = 0; i < p->n_arches; i++)
		printf(" %s%s", syscalls_arch_name(p->arches[i]),
		       p->arches[i] == env->arch ? " (target)" : "");
	printf("\n");
	caps_format(env->caps, buf, sizeof(buf));
	printf("caps      %s: %s\n", caps_spec ? caps_spec : "keep", buf);
	printf("kernel    %u.%u\n", env->kernel_major, env->kernel_minor);
	runc_stub_semantics(p, NULL, buf, sizeof(buf));
	printf("applied   as %s loads it\n\n", buf);

	printf("%-9s %-24s", "line:col", "syscall");
	for (size_t i = 0; i < p->n_arches; i++)
		printf(" %8s", syscalls_arch_name(p->arches[i]));
	printf("  action\n");

	size_t active = 0;
	for (size_t ri = 0; ri < p->n_rules; ri++) {
		const struct profile_rule *r = &p->rules[ri];
		char act[64];
		profile_action_describe(r->action, act, sizeof(act));
		bool grouped = p->format == PROFILE_FORMAT_OCI;
		if (grouped) {
			printf("rule at line %u: %s, %zu name%s, %s%s\n",
			       r->loc.line, act, r->n_names,
			       r->n_names == 1 ? "" : "s",
			       r->active ? "applies" : "off: ",
			       r->active ? "" : r->inactive_reason);
			if (r->comment)
				printf("      comment: %s\n", r->comment);
			for (size_t a = 0; a < r->n_args; a++) {
				profile_arg_describe(&r->args[a], buf,
						     sizeof(buf));
				printf("      only when %s (%s)\n", buf,
				       profile_op_name(r->args[a].op));
			}
			print_cond("includes", &r->includes);
			print_cond("excludes", &r->excludes);
		}
		active += r->active;
		for (size_t j = 0; j < r->n_names; j++) {
			const struct profile_name *n = &r->names[j];
			char loc[32];
			snprintf(loc, sizeof(loc), "%u:%u", n->loc.line,
				 n->loc.column);
			printf("%-9s %-24s", loc, n->name);
			for (size_t i = 0; i < p->n_arches; i++) {
				char num[16];
				format_number(
					p->arches[i],
					syscalls_resolve(p->arches[i], n->name),
					num, sizeof(num));
				printf(" %8s", num);
			}
			if (grouped)
				printf("\n");
			else if (p->format == PROFILE_FORMAT_STRACE)
				printf("  %s (%llu calls, %llu errors)\n", act,
				       (unsigned long long)n->calls,
				       (unsigned long long)n->errors);
			else
				printf("  %s\n", act);
		}
	}
	printf("\n%zu of %zu rules apply on %s with these capabilities.\n",
	       active, p->n_rules, syscalls_arch_name(env->arch));
}

static json_t *loc_json(struct profile_loc l)
{
	return json_pack("{s:i,s:i}", "line", (json_int_t)l.line, "column",
			 (json_int_t)l.column);
}

static json_t *action_json(struct profile_action a)
{
	json_t *o = json_pack("{s:s}", "action", profile_action_name(a.type));
	if (o && (a.type == PROFILE_ACT_ERRNO || a.type == PROFILE_ACT_TRACE))
		json_object_set_new(o, "value", json_integer(a.value));
	return o;
}

static json_t *strv_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *cond_json(const struct profile_cond *c)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "caps", strv_json(c->caps.v, c->caps.n));
	json_object_set_new(o, "arches", strv_json(c->arches.v, c->arches.n));
	if (c->min_kernel)
		json_object_set_new(o, "minKernel", json_string(c->min_kernel));
	return o;
}

static json_t *build_json(const struct profile *p,
			  const struct profile_env *env)
{
	json_t *root = json_object();
	json_t *arches = json_array();
	json_t *rules = json_array();
	char caps[1024];
	caps_format(env->caps, caps, sizeof(caps));
	if (!root || !arches || !rules) {
		json_decref(root);
		json_decref(arches);
		json_decref(rules);
		return NULL;
	}
	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "profile", jsonutil_str(p->path));
	json_object_set_new(root, "format",
			    json_string(profile_format_name(p->format)));
	json_object_set_new(root, "default", action_json(p->default_action));
	for (size_t i = 0; i < p->n_arches; i++)
		json_array_append_new(
			arches, json_string(syscalls_arch_name(p->arches[i])));
	json_object_set_new(root, "arches", arches);
	json_object_set_new(root, "targetArch",
			    json_string(syscalls_arch_name(env->arch)));
	json_object_set_new(root, "caps", json_string(caps));
	for (size_t ri = 0; ri < p->n_rules; ri++) {
		const struct profile_rule *r = &p->rules[ri];
		json_t *jr = action_json(r->action);
		json_t *names = json_array();
		json_t *args = json_array();
		json_object_set_new(jr, "line", json_integer(r->loc.line));
		json_object_set_new(jr, "column", json_integer(r->loc.column));
		json_object_set_new(jr, "active", json_boolean(r->active));
		if (!r->active)
			json_object_set_new(jr, "inactiveReason",
					    json_string(r->inactive_reason));
		for (size_t a = 0; a < r->n_args; a++) {
			const struct profile_arg *ar = &r->args[a];
			json_array_append_new(
				args,
				json_pack("{s:i,s:s,s:I,s:I}", "index",
					  (json_int_t)ar->index, "op",
					  profile_op_name(ar->op), "value",
					  (json_int_t)ar->value, "valueTwo",
					  (json_int_t)ar->value_two));
		}
		json_object_set_new(jr, "args", args);
		json_object_set_new(jr, "includes", cond_json(&r->includes));
		json_object_set_new(jr, "excludes", cond_json(&r->excludes));
		for (size_t j = 0; j < r->n_names; j++) {
			const struct profile_name *n = &r->names[j];
			json_t *jn = loc_json(n->loc);
			json_t *nums = json_object();
			json_object_set_new(jn, "name", json_string(n->name));
			for (size_t i = 0; i < p->n_arches; i++) {
				int nr =
					syscalls_resolve(p->arches[i], n->name);
				json_object_set_new(
					nums, syscalls_arch_name(p->arches[i]),
					nr >= 0 ? json_integer(nr)
						: json_null());
			}
			json_object_set_new(jn, "numbers", nums);
			if (p->format == PROFILE_FORMAT_STRACE) {
				json_object_set_new(
					jn, "calls",
					json_integer((json_int_t)n->calls));
				json_object_set_new(
					jn, "errors",
					json_integer((json_int_t)n->errors));
			}
			json_array_append_new(names, jn);
		}
		json_object_set_new(jr, "names", names);
		json_array_append_new(rules, jr);
	}
	json_object_set_new(root, "rules", rules);
	return root;
}

static int show(struct cli_args *a)
{
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(a, a->pos[0], 0, a->arch, &p, &env);
	if (r)
		return r;
	if (!cli_is_stdout(a->json))
		print_text(p, &env, a->caps);
	if (!a->json)
		return CLI_EXIT_OK;
	cleanup_json json_t *doc = build_json(p, &env);
	return cli_write_json(a->json, doc);
}

const struct cli_command cmd_show = {
	.name = "show",
	.summary = "print a profile as scaudit resolves it",
	.synopsis = "PROFILE [options]",
	.about = "Print the resolved profile: default action, arches, each "
		 "rule with its\nsyscall numbers, conditions, source lines and "
		 "whether it applies.",
	.exit_status = "Exit status: 0 shown, 2 bad usage or input.",
	.opts = CLI_OPT(FORMAT) | CLI_OPT(CAPS) | CLI_OPT(ARCH) |
		CLI_OPT(JSON) | CLI_OPT(SEMANTICS),
	.help[CLI_OPT_FORMAT] = "read PROFILE as F instead of detecting it",
	.help[CLI_OPT_CAPS] =
		"judge capability conditions against SET: none, keep "
		"(default), docker, all, or names "
		"(CAP_NET_ADMIN,CAP_KILL)",
	.help[CLI_OPT_JSON] = "also write the resolved profile as JSON ('-': "
			      "stdout only)",
	.min_pos = 1,
	.max_pos = 1,
	.run = show,
};
