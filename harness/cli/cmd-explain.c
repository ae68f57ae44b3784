/* scaudit explain — what a profile's compiled filter does with every
 * syscall of every arch it covers, and what it costs; nothing is run. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <string.h>

#include "caps.h"
#include "cli.h"
#include "effect.h"
#include "filter.h"
#include "util.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: %s explain PROFILE [--arch A] [--caps SET] [--format F] "
		"[--json FILE]\n"
		"\n"
		"The effective action of the compiled filter for every syscall "
		"on every arch it\n"
		"covers (allowed, allowed with conditions, errno, killed, …), "
		"found by running\n"
		"the exact BPF program in scaudit's interpreter; and its cost in "
		"instructions\n"
		"per allowed call, with libseccomp's linear layout and with its "
		"binary tree.\n",
		cli_program);
}

/* The allow rules of name, in words: "arg0 == 0x8, or arg0 == 0". */
static void conditions(const struct profile *p, const char *name, char *buf,
		       size_t size)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < p->n_rules && off < size; i++) {
		const struct profile_rule *r = &p->rules[i];
		bool mine = false;
		for (size_t j = 0; j < r->n_names && !mine; j++)
			mine = strcmp(r->names[j].name, name) == 0;
		if (!mine || !r->active ||
		    r->action.type != PROFILE_ACT_ALLOW || !r->n_args)
			continue;
		off += (size_t)snprintf(buf + off, size - off, "%s",
					off ? ", or " : "");
		/* Two conditions on one argument are alternatives (the
		 * filter makes them separate rules, as runc does). */
		bool alternatives = false;
		for (size_t g = 0; g < r->n_args; g++)
			for (size_t h = g + 1; h < r->n_args; h++)
				alternatives |=
					r->args[g].index == r->args[h].index;
		for (size_t g = 0; g < r->n_args && off < size; g++) {
			char w[128];
			profile_arg_describe(&r->args[g], w, sizeof(w));
			off += (size_t)snprintf(
				buf + off, size - off, "%s%s",
				g ? (alternatives ? " or " : " and ") : "", w);
		}
	}
}

struct group {
	const char *title;
	char names[8192];
	size_t n;
};

static void group_add(struct group *g, const char *name)
{
	size_t len = strlen(g->names);
	snprintf(g->names + len, sizeof(g->names) - len, "%s%s",
		 g->n ? " " : "", name);
	g->n++;
}

static int build(const struct profile *p, int layout, struct filter **ret)
{
	struct diag d = { 0 };
	struct filter_options o = { .handoff_fd = -1, .layout = layout };
	int r = filter_build(p, &o, ret, &d);
	if (r < 0) {
		if (d.message[0])
			cli_print_diag(&d, "error");
		else
			cli_error("cannot build the filter: %s", strerror(-r));
	}
	return r;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "arch", required_argument, NULL, 'a' },
		{ "caps", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *arch = NULL, *caps = NULL, *format = NULL, *json = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			arch = optarg;
			break;
		case 'c':
			caps = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'j':
			json = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_EXIT_OK;
		default:
			usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	struct profile_env env;
	cleanup_profile struct profile *p = NULL;
	int r = cli_open_profile(argv[optind], format, 0, caps, arch, &p, &env);
	if (r)
		return r;

	struct filter *tree = NULL, *linear = NULL;
	if (build(p, FILTER_LAYOUT_TREE, &tree) < 0 ||
	    build(p, FILTER_LAYOUT_LINEAR, &linear) < 0) {
		filter_free(tree);
		return CLI_EXIT_USAGE;
	}
	const struct profile *conds[] = { p };
	struct effect_table t, tl;
	if (effect_compute(tree, p->arches, p->n_arches, conds, 1, &t) < 0 ||
	    effect_compute(linear, p->arches, 1, conds, 1, &tl) < 0) {
		filter_free(tree);
		filter_free(linear);
		cli_error("the filter could not be interpreted");
		return CLI_EXIT_ENV;
	}

	bool to_stdout = json && strcmp(json, "-") == 0;
	FILE *f = to_stdout ? stderr : stdout;
	json_t *root = json_object(), *rows = json_array();
	char caps_s[1024];
	caps_format(env.caps, caps_s, sizeof(caps_s));
	fprintf(f, "profile %s (%s), caps %s\n", p->path,
		profile_format_name(p->format), caps_s);
	for (size_t a = 0; a < p->n_arches; a++) {
		struct group g[] = {
			{ "allowed", "", 0 },
			{ "allowed with conditions", "", 0 },
		};
		struct group other[16];
		size_t n_other = 0;
		fprintf(f, "\narch %s\n", syscalls_arch_name(p->arches[a]));
		for (size_t i = 0; i < t.n; i++) {
			const struct effect_row *row = &t.rows[i];
			if (row->arch != p->arches[a])
				continue;
			json_t *acts = json_array();
			for (size_t k = 0; k < row->n_actions; k++) {
				char an[64];
				effect_action_name(row->actions[k], an,
						   sizeof(an));
				json_array_append_new(acts, json_string(an));
			}
			json_array_append_new(
				rows,
				json_pack("{s:s,s:s,s:i,s:o,s:b}", "arch",
					  syscalls_arch_name(row->arch), "name",
					  row->name, "nr", row->nr, "actions",
					  acts, "conditional",
					  row->n_actions > 1));
			if (row->n_actions == 1 && effect_allows(row)) {
				group_add(&g[0], row->name);
			} else if (effect_allows(row)) {
				group_add(&g[1], row->name);
				char words[1024], an[64];
				conditions(p, row->name, words, sizeof(words));
				uint32_t deny = 0;
				for (size_t k = 0; k < row->n_actions; k++)
					if ((row->actions[k] &
					     SECCOMP_RET_ACTION_FULL) !=
					    SECCOMP_RET_ALLOW)
						deny = row->actions[k];
				effect_action_name(deny, an, sizeof(an));
				fprintf(f, "  %s: allowed when %s; else %s\n",
					row->name,
					words[0] ? words : "(see the rules)",
					an);
			} else {
				char an[64];
				effect_action_name(row->actions[0], an,
						   sizeof(an));
				if (row->n_actions > 1)
					snprintf(an + strlen(an),
						 sizeof(an) - strlen(an),
						 " or other denials by args");
				size_t k = 0;
				while (k < n_other &&
				       strcmp(other[k].title, an) != 0)
					k++;
				if (k == n_other &&
				    n_other < ARRAY_SIZE(other)) {
					other[n_other].title = strdup(an);
					other[n_other].names[0] = '\0';
					other[n_other].n = 0;
					n_other++;
				}
				if (k < n_other)
					group_add(&other[k], row->name);
			}
		}
		if (g[0].n)
			fprintf(f, "  %s (%zu): %s\n", g[0].title, g[0].n,
				g[0].names);
		if (g[1].n)
			fprintf(f, "  %s (%zu): %s\n", g[1].title, g[1].n,
				g[1].names);
		for (size_t k = 0; k < n_other; k++) {
			char def[64];
			profile_action_describe(p->default_action, def,
						sizeof(def));
			if (other[k].n > 40 && strcmp(other[k].title, def) == 0)
				fprintf(f, "  %s (%zu): every other syscall\n",
					other[k].title, other[k].n);
			else
				fprintf(f, "  %s (%zu): %s\n", other[k].title,
					other[k].n, other[k].names);
			free((char *)other[k].title);
		}
	}
	size_t worst, allowed, lworst, lallowed;
	double mean, lmean;
	effect_cost(&t, env.arch, &worst, &mean, &allowed);
	effect_cost(&tl, env.arch, &lworst, &lmean, &lallowed);
	fprintf(f,
		"\ncost (%s, %zu allowed syscalls):\n"
		"  binary tree: %zu BPF instructions; an allowed call evaluates "
		"%zu at worst, %.1f on average\n"
		"  linear:      %zu BPF instructions; an allowed call evaluates "
		"%zu at worst, %.1f on average\n",
		syscalls_arch_name(env.arch), allowed, tree->exact_len, worst,
		mean, linear->exact_len, lworst, lmean);
	json_object_set_new(root, "schema", json_integer(1));
	json_object_set_new(root, "profile", json_string(p->path));
	json_object_set_new(root, "rows", rows);
	json_object_set_new(
		root, "cost",
		json_pack("{s:{s:i,s:i,s:f},s:{s:i,s:i,s:f}}", "tree",
			  "instructions", (json_int_t)tree->exact_len, "worst",
			  (json_int_t)worst, "mean", mean, "linear",
			  "instructions", (json_int_t)linear->exact_len,
			  "worst", (json_int_t)lworst, "mean", lmean));
	int status = CLI_EXIT_OK;
	if (json) {
		status = cli_write_json(json, root);
	}
	json_decref(root);
	effect_table_clear(&t);
	effect_table_clear(&tl);
	filter_free(tree);
	filter_free(linear);
	return status;
}
