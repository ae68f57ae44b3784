# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared by the end-to-end scripts: a temporary directory, TAP-style checks
# and the plain closing line. Source it after setting `scaudit`.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 n=0
echo "# running as uid $(id -u)"

# check DESCRIPTION COMMAND...: the command must succeed; on failure the
# last run's output is shown.
check() {
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		pass=$((pass + 1))
		echo "ok $n - $what"
	else
		fail=$((fail + 1))
		echo "not ok $n - $what"
		sed 's/^/#   /' "$tmp/out" "$tmp/err" 2>/dev/null | tail -30
	fi
}

# run ARGS...: scaudit with its stdout, stderr and status kept.
run() {
	"$scaudit" "$@" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/rc"
}
status() { [ "$(cat "$tmp/rc")" = "$1" ]; }
has() { grep -qE -- "$1" "$tmp/out"; }
out_has() { has "$@"; }
err_has() { grep -qE -- "$1" "$tmp/err"; }

# profile NAME LINE...: a profile file of $base (set by the script)
# plus the lines; prints its path.
profile() {
	local f=$tmp/$1.list
	shift
	cat "$base" >"$f"
	printf '%s\n' "$@" >>"$f"
	echo "$f"
}

# The closing line every runner reads, and the exit status.
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
