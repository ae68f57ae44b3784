#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The CI templates users copy (docs/ci) are ones the CI takes: actionlint
# passes the GitHub ones and GitLab's own CI schema the GitLab one
# (scripts/lint-ci), and both validators catch a broken copy. The
# templates install scaudit with scripts/install (meson install) and
# publish what this scaudit writes.
# Usage: test-ci-templates.sh SOURCE_ROOT BUILD_ROOT
set -u
root=$1
build=$2
scaudit=true
. "$(dirname "$0")/lib.sh"
cd "$root" || exit 2
lint() { scripts/lint-ci "$build" >"$tmp/out" 2>"$tmp/err"; }

check "the templates pass actionlint and GitLab's CI schema" lint
check "both validators ran" sh -c "grep -q '^actionlint: no problems' '$tmp/out' && grep -q '^GitLab CI schema: no problems' '$tmp/out'"

sed 's/when: always/when: allways/' docs/ci/gitlab-ci.yml >"$tmp/gitlab-ci.yml"
check "a GitLab template with a bad 'when' fails the schema, named" sh -c "
	! GITLAB_CI_FILES='$tmp/gitlab-ci.yml' scripts/lint-ci '$build' >'$tmp/out' 2>&1 &&
	grep -q 'seccomp-verdict/when must be equal to one of the allowed values' '$tmp/out'"
sed 's/needs: scaudit$/needs: scaudit-shards/' docs/ci/github-actions.yml >"$tmp/gh.yml"
check "a GitHub template needing a job that is not there fails actionlint" sh -c "
	! GITHUB_CI_FILES='$tmp/gh.yml' scripts/lint-ci '$build' >'$tmp/out' 2>&1 &&
	grep -q 'scaudit-shards' '$tmp/out'"

check "GitLab publishes the verdict as code quality and JUnit" sh -c "
	grep -q -- '--codequality gl-code-quality-report.json' docs/ci/gitlab-ci.yml &&
	grep -q 'codequality: gl-code-quality-report.json' docs/ci/gitlab-ci.yml &&
	grep -q 'junit: scaudit-verdict.xml' docs/ci/gitlab-ci.yml"
check "no template builds from source in a shard or uses a build tree" sh -c "
	! grep -n 'bootstrap\|build/harness' docs/ci/*.yml"
# What the templates' build job does: a tree with scaudit, its man page,
# the templates and the JUnit schema, which runs from there.
check "scripts/install into DESTDIR: scaudit, man page, templates, schema" sh -c "
	DESTDIR='$tmp/root' BUILDDIR='$tmp/b' scripts/install /usr/local >'$tmp/out' 2>&1 &&
	'$tmp/root/usr/local/bin/scaudit' --version | grep -q '^scaudit ' &&
	test -f '$tmp/root/usr/local/share/man/man1/scaudit.1' &&
	test -f '$tmp/root/usr/local/share/scaudit/ci/gitlab-ci.yml' &&
	test -f '$tmp/root/usr/local/share/scaudit/ci/junit.xsd'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
