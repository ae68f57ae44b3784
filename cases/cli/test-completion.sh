#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The bash completion (completion/scaudit.bash): commands, a command's
# options as its --help lists them, option values; and what meson install
# puts where (the man page, the CI templates, the completion).
# Usage: test-completion.sh SCAUDIT SOURCE_ROOT BUILD_DIR
set -u
scaudit=$1 root=$2 build=$3
. "$(dirname "$0")/lib.sh"
# complete WORDS...: what the completion offers for the last word.
complete_words() {
	bash -c '
		source "$1/completion/scaudit.bash"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_scaudit
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"' _ "$root" "$scaudit" "$@" \
		>"$tmp/out" 2>"$tmp/err"
}
complete_words ch
check "a command" grep -qx check "$tmp/out"
complete_words check --sem
check "a command's option, from its --help" grep -qx -- --semantics "$tmp/out"
complete_words check --semantics r
check "an option's values" grep -qx runc "$tmp/out"
complete_words diff --wid
check "diff's own option" grep -qx -- --widen-only "$tmp/out"
complete_words exec --wid
check "not another command's" test ! -s "$tmp/out"
DESTDIR=$tmp/dest meson install -C "$build" --no-rebuild >"$tmp/install.log" 2>&1
check "meson install: done" test -x "$(find "$tmp/dest" -path '*/bin/scaudit' | head -1)"
check "meson install: the CI templates and the JUnit schema" \
	test -n "$(find "$tmp/dest" -path '*/share/scaudit/ci/gitlab-ci.yml')" -a \
	-n "$(find "$tmp/dest" -path '*/share/scaudit/ci/junit.xsd')"
check "meson install: the completion" \
	test -n "$(find "$tmp/dest" -path '*/bash-completion/completions/scaudit')"
check "meson install: the man page" \
	test -n "$(find "$tmp/dest" -name 'scaudit.1*')"
finish
