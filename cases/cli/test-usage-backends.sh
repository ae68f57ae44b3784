#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The two ways a run sees its usage (run/usage-observer.h, issue 16): a
# seccomp notification per call, and the kernel-side BPF counter. The same
# workloads under both give the same "used", "unnecessary" and "missing"
# sets, exactly: the fixtures, threads, forks, an exec chain, i386 calls
# from a 64-bit process (int $0x80), coreutils, a filter the workload
# loads itself, learning, repeats and trim. Each backend can be forced,
# every report names the one that counted, and as nobody auto falls back
# to notification and says why while kernel exits 3 with the reason.
# Usage: test-usage-backends.sh SCAUDIT WORKLOADS_DIR PROFILES_DIR
set -u
scaudit=$1 w=$2 profiles=$3
. "$(dirname "$0")/lib.sh"
docker=$profiles/docker-default.json
base=$profiles/workload-base.list
py() { python3 -c "import json,sys; $1" "${@:2}"; }
field() { py "d=json.load(open(sys.argv[1])); print($2)" "$1"; }
# suite NAME BACKEND...: a case file of one syscaller case per backend
# ("-": the key not given), named after it; prints its path.
suite() {
	local f=$tmp/$1.ini b
	shift
	: >"$f"
	for b in "$@"; do
		printf '[case %s]\nprofile = %s\ncommand = %s getppid\n' \
			"$b" "$docker" "$w/syscaller" >>"$f"
		[ "$b" = - ] || echo "usage-backend = $b" >>"$f"
	done
	echo "$f"
}
# backends JSON: each run's case and backend, "case=backend ...".
backends() { field "$1" "' '.join(r['case']+'='+str(r['usageBackend']) for r in d['runs'])"; }

# Unprivileged: no counter; auto says why, kernel refuses.
if [ "$(id -u)" -ne 0 ]; then
	run check --json "$tmp/a.json" "$docker" -- "$w/syscaller" getppid
	check "nobody, auto: passes" status 0
	check "nobody, auto: notified, and why not counted" \
		has '^usage    seccomp notifications \(the kernel counter was not used: it needs CAP_BPF and CAP_PERFMON'
	check "nobody, auto: JSON says notify, and why" \
		test "$(field "$tmp/a.json" "d['runs'][0]['usageBackend'], 'CAP_BPF' in d['runs'][0]['usageFallback']")" = "notify True"
	check "nobody, auto: unnecessary judged" \
		test "$(field "$tmp/a.json" "d['unnecessaryJudged']")" = True
	run check --usage-backend kernel "$docker" -- "$w/syscaller" getppid
	check "nobody, kernel: exit 3" status 3
	check "nobody, kernel: the reason" \
		err_has 'the kernel usage counter cannot be used here: it needs CAP_BPF and CAP_PERFMON'
	check "nobody, kernel: the workload never ran" sh -c "! grep -q getppid '$tmp/out'"
	run check --usage-backend notify "$docker" -- "$w/syscaller" getppid
	check "nobody, notify: plain notifications" has '^usage    seccomp notifications$'
	run trim --usage-backend kernel "$docker" -- "$w/syscaller" getppid
	check "nobody, trim --usage-backend kernel: exit 3" status 3
	run record -- "$w/syscaller" getppid
	check "nobody, record: notified, and why not counted" \
		err_has 'usage: seccomp notifications \(the kernel counter was not used: it needs CAP_BPF'
	run record --usage-backend kernel -- "$w/syscaller" getppid
	check "nobody, record --usage-backend kernel: exit 3" status 3
	run run --json "$tmp/s.json" "$(suite nobody - kernel)"
	check "nobody, run with a case forced to kernel: exit 3" status 3
	check "nobody, run: that case is an error, and why" \
		test "$(field "$tmp/s.json" "[(r['case'], r['outcome'], 'CAP_BPF' in r['reason']) for r in d['runs']]")" = "[('-', 'passed', False), ('kernel', 'error', True)]"
	finish
	exit
fi

if ! "$scaudit" check --usage-backend kernel "$docker" -- true >"$tmp/out" 2>"$tmp/err"; then
	echo "# skip: the kernel counter is not available here: $(cat "$tmp/err")"
	exit 77
fi

# both NAME PROFILE [OPTION...] -- CMD...: check under each backend; the
# sets must match.
both() {
	local name=$1 p=$2 opts=()
	shift 2
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	for b in notify kernel; do
		"$scaudit" check "${opts[@]}" --usage-backend $b \
			--json "$tmp/$b.json" "$p" -- "$@" >"$tmp/$b.out" 2>&1 </dev/null
		echo $? >"$tmp/$b.rc"
	done
	check "$name: the same exit status ($(cat "$tmp/notify.rc"))" \
		test "$(cat "$tmp/notify.rc")" = "$(cat "$tmp/kernel.rc")"
	check "$name: each names its backend" \
		test "$(field "$tmp/notify.json" "d['runs'][0]['usageBackend']") $(field "$tmp/kernel.json" "d['runs'][0]['usageBackend']")" = "notify kernel"
	local k
	# $timing: names the workload makes or not by timing, whichever
	# backend counts (left out, and a difference printed).
	for k in used unnecessary missing; do
		check "$name: the same '$k' ($(field "$tmp/notify.json" "len(d['$k'])") names)" \
			py "import os
t=set(os.environ.get('timing','').split())
a,b=(set(json.load(open(f))['$k'])-t for f in sys.argv[1:])
print(*('# only %s: %s' % (w, ' '.join(sorted(s))) for w, s in (('notify', a-b), ('kernel', b-a)) if s), sep='\n')
sys.exit(a!=b)" "$tmp/notify.json" "$tmp/kernel.json"
	done
	check "$name: fewer notifications counted in the kernel" \
		py "a,b=(json.load(open(f))['runs'][0]['notifications'] for f in sys.argv[1:]); sys.exit(not b<a)" \
		"$tmp/notify.json" "$tmp/kernel.json"
}
# used NAME JSON SYSCALL: the report says the workload used it.
used() { check "$1: used has $3" test "$(field "$2" "'$3' in d['used']")" = True; }

both "syscaller" "$docker" -- "$w/syscaller" getppid getpgrp
used "syscaller" "$tmp/kernel.json" getpgrp
# pthread_join waits (futex) only for a thread not yet ended.
timing=futex both "threads" "$docker" -- "$w/threads" 4 getpgrp
used "threads" "$tmp/kernel.json" clone3
both "forker (forks)" "$docker" -- "$w/forker" "$w/forker" "$w/syscaller" getppid
used "forker" "$tmp/kernel.json" wait4
both "exec chain (sh -c 'exec …')" "$docker" -- sh -c "exec $w/syscaller getsid"
used "exec chain" "$tmp/kernel.json" getsid
both "int80 (i386 from a 64-bit process)" "$docker" -- "$w/int80" getpid
used "int80" "$tmp/kernel.json" getpid
check "int80: the i386 call is not x86_64's 20 (writev)" \
	test "$(field "$tmp/kernel.json" "'writev' in d['used']")" = False
both "ls" "$docker" -- ls -la /
both "cat" "$docker" -- cat /etc/passwd
both "date" "$docker" -- date
both "a list profile" "$(profile list getppid ptrace mount)" -- "$w/syscaller" getppid
check "a list profile: ptrace and mount unnecessary" \
	test "$(field "$tmp/kernel.json" "[n for n in d['unnecessary'] if n in ('ptrace','mount')]")" = "['mount', 'ptrace']"
# Denials still come one by one: the same missing, the same outcome.
both "a denial" "$base" -- "$w/syscaller" getppid
check "a denial: killed for getppid under both" \
	test "$(field "$tmp/kernel.json" "d['missing']")" = "['getppid']"
# Learning: the denials ran (the counter saw them too), and are missing,
# not the use of an entry.
both "learning" "$(profile learn getpgrp)" --learn -- "$w/syscaller" getppid getpgrp
check "learning: getppid missing" \
	test "$(field "$tmp/kernel.json" "d['missing']")" = "['getppid']"

# A filter the workload loads itself: the calls under it come back through
# ptrace, and the counter tells the tasks under it apart: judged as under
# notification, what was called before its load too.
for mode in kill thread tsync stack; do
	for b in notify kernel; do
		"$scaudit" check --learn --usage-backend $b \
			--json "$tmp/$b.json" -- "$w/ownlist" $mode >/dev/null 2>&1
	done
	for k in used unnecessary missing "ownFilter']['missing" \
		"ownFilter']['unused" "ownFilter']['unusedJudged" \
		"ownFilter']['beforeLoad"; do
		# (its thread modes join a thread: futex aside, as above)
		check "own filter ($mode): the same ['$k']" \
			py "a,b=(json.load(open(f))['$k'] for f in sys.argv[1:])
a,b=((set(x)-{'futex'}) if isinstance(x, list) else x for x in (a,b))
sys.exit(a!=b)" "$tmp/notify.json" "$tmp/kernel.json"
	done
done

# Forced and automatic, as root: auto counts in the kernel.
run check "$docker" -- "$w/syscaller" getppid
check "auto: counted in the kernel" has '^usage    counted in the kernel \(BPF\)$'
check "auto: one notification (the launcher's execve)" has '^run      [0-9.]+ s, 1 notifications'
run check --usage-backend notify "$docker" -- "$w/syscaller" getppid
check "notify: seccomp notifications" has '^usage    seccomp notifications$'
run check --no-usage "$docker" -- "$w/syscaller" getppid
check "--no-usage: no usage line" sh -c "! grep -q '^usage ' '$tmp/out'"
run check --no-usage --usage-backend kernel "$docker" -- true
check "--no-usage with --usage-backend: a usage error" status 2
run check --usage-backend bpf "$docker" -- true
check "a bad backend: exit 2" status 2
check "a bad backend: the choices" err_has 'auto .*notify .*kernel'
run check --usage-backend kernel --runtime runc --rootfs / "$docker" -- true
check "kernel in a container: exit 3" status 3
check "kernel in a container: why" err_has "a container's calls are notified"

# Repeats keep one counter: three runs, the same union as notification's.
for b in notify kernel; do
	"$scaudit" check --repeat 3 --usage-backend $b --json "$tmp/$b.json" \
		"$docker" -- "$w/threads" 2 getpgrp >/dev/null 2>&1
done
check "repeats: three runs under the counter" test "$(field "$tmp/kernel.json" "d['repeats']")" = 3
check "repeats: the same used (futex aside: pthread_join)" \
	py "a,b=(set(json.load(open(f))['used'])-{'futex'} for f in sys.argv[1:]); sys.exit(a!=b)" \
	"$tmp/notify.json" "$tmp/kernel.json"

# trim: the same entries removed, its report names the backend.
for b in notify kernel; do
	"$scaudit" trim --usage-backend $b --json "$tmp/$b.json" \
		-o "$tmp/$b.trimmed" "$docker" -- "$w/syscaller" getppid \
		>"$tmp/$b.out" 2>&1
done
check "trim: the same unnecessary" \
	py "a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(a['unnecessary']!=b['unnecessary'] or not a['verified'])" \
	"$tmp/notify.json" "$tmp/kernel.json"
check "trim: the report names the backend" grep -q '^  usage: counted in the kernel (BPF)$' "$tmp/kernel.out"
check "trim: JSON usageBackend" test "$(field "$tmp/kernel.json" "d['usageBackend']")" = kernel

# run: --usage-backend for every case, a case's usage-backend = for itself.
s=$(suite run - notify kernel)
run run --json "$tmp/s.json" "$s"
check "run: exit 0" status 0
check "run: auto counts, each case's key holds" test "$(backends "$tmp/s.json")" = "-=kernel notify=notify kernel=kernel"
run run --usage-backend notify --json "$tmp/s.json" "$s"
check "run --usage-backend notify: the cases without a key notified" test "$(backends "$tmp/s.json")" = "-=notify notify=notify kernel=kernel"
printf '[case x]\nprofile = %s\ncommand = true\nusage-backend = bpf\n' "$docker" >"$tmp/bad.ini"
run run "$tmp/bad.ini"
check "run: a bad usage-backend = is exit 2" status 2
check "run: at its file and line, with the choices" err_has "bad.ini:4: error: bad usage-backend 'bpf' .*notify .*kernel"

# record: the same profile under both backends (its runs until stable,
# the sometimes notes, who made what for --only-exe); counted by default
# as root, notified with --counts, which counts. What the runs make by
# timing differs from run to run under either backend, the more so on a
# loaded machine: a name marked intermittent in either profile, and futex
# (pthread_join waits only for a thread not yet ended), are left out of
# the comparison, and a difference is shown.
steady() { grep -v 'intermittent' "$1" | grep -v '^futex' | grep -v '^#'; }
same_profile() {
	# (not n: lib.sh counts the checks in it)
	local a b some
	a=$(steady "$1") b=$(steady "$2")
	for some in $(grep intermittent "$1" "$2" | sed 's/^[^:]*://; s/ .*//' | sort -u); do
		a=$(printf '%s\n' "$a" | grep -vx "$some")
		b=$(printf '%s\n' "$b" | grep -vx "$some")
	done
	[ "$a" = "$b" ] && return 0
	diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | sed 's/^/# /'
	return 1
}
rec_both() {
	local name=$1
	shift
	for b in notify kernel; do
		"$scaudit" record --usage-backend $b -o "$tmp/$b.list" "$@" \
			>"$tmp/$b.out" 2>&1 </dev/null
		echo $? >"$tmp/$b.rc"
	done
	check "record $name: the same exit status ($(cat "$tmp/notify.rc"))" \
		test "$(cat "$tmp/notify.rc")" = "$(cat "$tmp/kernel.rc")"
	check "record $name: the same profile ($(grep -c '^[a-z]' "$tmp/notify.list") names)" \
		same_profile "$tmp/notify.list" "$tmp/kernel.list"
	check "record $name: counted in the kernel" \
		grep -q 'usage: counted in the kernel (BPF)$' "$tmp/kernel.out"
}
rec_both "syscaller" -- "$w/syscaller" getppid getpgrp
rec_both "threads" -- "$w/threads" 4 getpgrp
rec_both "an exec chain" -- sh -c "$w/syscaller getsid; exec $w/syscaller getpgrp"
rec_both "--only-exe" --only-exe syscaller -- sh -c "$w/syscaller getsid; ls / >/dev/null"
check "record --only-exe: only syscaller's getsid, not ls's getdents64" \
	sh -c "grep -qx getsid '$tmp/kernel.list' && ! grep -q getdents64 '$tmp/kernel.list'"
rec_both "int80" -- "$w/int80" getpid
rec_both "an own filter" -- "$w/ownlist" kill
rec_both "date" -- date
run record -- "$w/syscaller" getppid
check "record: auto counts in the kernel" err_has 'syscalls recorded in [0-9]+ runs? \(above\); usage: counted in the kernel \(BPF\)$'
run record --counts --max-runs 1 -- "$w/syscaller" getppid
check "record --counts: notified, to count" err_has 'usage: seccomp notifications$'
check "record --counts: getppid counted once" err_has '^ +1 getppid '
run record --counts --usage-backend kernel -- "$w/syscaller" getppid
check "record --counts --usage-backend kernel: exit 2" status 2
check "record --counts --usage-backend kernel: why" err_has '--counts counts each call, which only notification does'
finish
