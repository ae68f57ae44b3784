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

# tagged TAG: how many processes, other than this shell, hold
# SCAUDIT_HOSTILE_TAG=TAG in their environment: every descendant of a run
# started with it inherits it, setsid or not, in a pid namespace or not
# (where the pid a workload writes down is not the one /proc shows here).
tagged() {
	local tag=$1 c=0 e
	for e in /proc/[0-9]*/environ; do
		[ "${e#/proc/}" = "$$/environ" ] && continue
		if grep -qzxF "SCAUDIT_HOSTILE_TAG=$tag" "$e" 2>/dev/null; then
			c=$((c + 1))
		fi
	done
	echo "$c"
}

# kill_tagged TAG: SIGKILL them (what a failing check left behind).
kill_tagged() {
	local e pid
	for e in /proc/[0-9]*/environ; do
		pid=${e#/proc/}
		pid=${pid%/environ}
		[ "$pid" = "$$" ] && continue
		grep -qzxF "SCAUDIT_HOSTILE_TAG=$1" "$e" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	done
	return 0
}

# The closing line every runner reads, and the exit status.
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
