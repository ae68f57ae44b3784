#include "session.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int session_run(const struct session_spec *s, struct sv_result *ret,
		enum session_failure *ret_failure,
		struct runner_failure *ret_spawn, struct diag *d)
{
	memset(ret, 0, sizeof(*ret));
	*ret_failure = SESSION_FILTER;
	struct filter *f = NULL;
	struct filter_options fo = { .observe = true,
				     .handoff_fd = RUNNER_HANDOFF_FD,
				     .watch = s->watch,
				     .notify_all = s->notify_all };
	int r = filter_build(s->profile, &fo, &f, d);
	if (r < 0)
		return r;

	*ret_failure = SESSION_SUPERVISE;
	int sigfd = supervisor_prepare();
	if (sigfd < 0) {
		filter_free(f);
		return sigfd;
	}
	struct runner_spec spec = {
		.path = s->path,
		.argv = s->argv,
		.envp = s->envp,
		.cwd = s->cwd,
		.stdin_path = s->stdin_path,
		.quiet = s->quiet,
		.set_caps = s->set_caps,
		.caps = s->caps,
		.filter = f,
		.observe = true,
		.trace = s->trace_sigsys,
	};
	struct runner_child child;
	r = runner_spawn(&spec, &child, ret_spawn);
	if (r < 0) {
		*ret_failure = SESSION_SPAWN;
	} else {
		struct sv_options so = { .filter = f,
					 .learn = s->learn,
					 .timeout = s->timeout,
					 .trace_sigsys = s->trace_sigsys };
		r = supervisor_run(&child, sigfd, &so, ret);
		if (r == 0)
			*ret_failure = SESSION_OK;
	}
	close(sigfd);
	filter_free(f);
	return r;
}
