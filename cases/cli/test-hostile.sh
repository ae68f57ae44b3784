#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Hostile workloads (fixtures/workloads/hostile.c and friends) under
# `scaudit check`: each must end with the right outcome, within its timeout
# plus one second, and leave no process behind. Every run carries a tag in
# its environment, which every descendant inherits (setsid or not): after
# the run, no process in /proc may still have it.
# Usage: test-hostile.sh SCAUDIT WORKLOADS_DIR PROFILES_DIR
# TAP-style lines, a tally line ("hostile workloads: N tried, K classified
# correctly, L processes left over") and "N passed, M failed".
set -u
scaudit=$1
w=$2
profiles=$3
. "$(dirname "$0")/lib.sh"

base=$profiles/workload-base.list

tried=0 correct=0 leftover=0 runs=0
# hostile NAME TIMEOUT OUTCOME_RE PROFILE [check options] -- CMD...
# The outcome line must match OUTCOME_RE; the run must end within
# TIMEOUT + 3 s (TIMEOUT 0: 12 s): the watchdog steps in a second after
# the timeout, and a loaded machine (an ASan build, parallel tests) adds
# up to a second or two; a hang is the 60 s kill. It must leave nothing
# tagged.
hostile() {
	local name=$1 timeout=$2 want=$3 prof=$4
	shift 4
	runs=$((runs + 1))
	local tag="$$-$runs" start end limit left
	limit=$timeout
	[ "$timeout" = 0 ] && limit=9
	start=$(date +%s%N)
	SCAUDIT_HOSTILE_TAG=$tag timeout -k 1 60 "$scaudit" check \
		--timeout "$timeout" "$prof" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/rc"
	end=$(date +%s%N)
	left=$(tagged "$tag")
	tried=$((tried + 1))
	leftover=$((leftover + left))
	local ms=$(((end - start) / 1000000))
	check "$name: outcome /$want/" has "^outcome  $want"
	grep -qE -- "^outcome  $want" "$tmp/out" && correct=$((correct + 1))
	check "$name: ended in ${ms} ms (timeout ${timeout} s + 3 s)" \
		test "$ms" -le $(((limit + 3) * 1000))
	check "$name: no process left ($left)" test "$left" -eq 0
}

if [ -n "${SCAUDIT_UNPRIVILEGED:-}" ]; then
	check "really unprivileged: uid is not 0" test "$(id -u)" -ne 0
fi

# A fork bomb, bounded by --max-procs (a pids cgroup, or RLIMIT_NPROC).
p=$(profile forkbomb fork clone nanosleep clock_nanosleep pause)
run check --max-procs 32 "$p" -- "$w/hostile" forkcount
if status 3 && err_has 'cannot enforce --max-procs'; then
	echo "# skip: fork bomb: --max-procs cannot be enforced here: $(cat "$tmp/err")"
else
	forked=$(sed -n 's/^forked \([0-9]*\)$/\1/p' "$tmp/out")
	if [ "$(id -u)" -eq 0 ]; then
		# A pids cgroup: exactly 32 with the main process.
		check "--max-procs 32: fork fails at the bound (forked ${forked:-?})" \
			test "${forked:-99}" -eq 31
	else
		# RLIMIT_NPROC counts every process of the user, and other
		# tests of this uid come and go: bounded, not exact.
		check "--max-procs 32: fork fails near the bound (forked ${forked:-?})" \
			test "${forked:-999}" -ge 1 -a "${forked:-999}" -le 160
	fi
	check "--max-procs 32: the paused children were killed" \
		has '^note     [0-9]+ processes were still running'
	hostile "fork bomb" 2 'timeout' "$p" --max-procs 64 -- "$w/hostile" forkbomb
	# The same bound from a case file, under run.
	cat >"$tmp/bomb.ini" <<-EOF
		[case bomb]
		profile = $p
		command = $w/hostile forkbomb
		timeout = 2
		max-procs = 64
	EOF
	start=$(date +%s%N)
	SCAUDIT_HOSTILE_TAG=$$-case timeout -k 1 60 "$scaudit" run --json "$tmp/bomb.json" \
		"$tmp/bomb.ini" >"$tmp/out" 2>"$tmp/err" </dev/null
	end=$(date +%s%N)
	left=$(tagged "$$-case")
	tried=$((tried + 1))
	leftover=$((leftover + left))
	outcome=$(python3 -c "import json; print(json.load(open('$tmp/bomb.json'))['runs'][0]['outcome'])" 2>/dev/null)
	check "fork bomb case (max-procs = 64): timeout ($outcome)" test "$outcome" = timeout
	[ "$outcome" = timeout ] && correct=$((correct + 1))
	check "fork bomb case: ended in $(((end - start) / 1000000)) ms" \
		test $(((end - start) / 1000000)) -le 3000
	check "fork bomb case: no process left ($left)" test "$left" -eq 0
fi
run check --max-procs 0 "$p" -- "$w/hostile" forkcount
check "--max-procs 0 is refused (exit 2)" status 2

# A double-fork daemon (setsid) outlives its parent: killed at the timeout.
p=$(profile daemon setsid getpid pause nanosleep clock_nanosleep rename)
hostile "setsid daemon" 1 'timeout' "$p" -- "$w/daemon" "$tmp/daemon.pid"

# SIGTERM, SIGHUP, SIGINT and SIGQUIT ignored: SIGKILL all the same.
p=$(profile ignoreterm pause rt_sigaction)
hostile "ignores SIGTERM/SIGHUP" 1 'timeout' "$p" -- "$w/ignoreterm"

# Every fd closed, stdin/out/err too: the supervisor needs none of them.
p=$(profile closefds close_range getppid)
hostile "closes every fd" 0 'passed' "$p" -- "$w/hostile" closefds getppid
p=$(profile closefds-denied close_range)
hostile "closes every fd, then a denied call" 0 \
	"killed — killed by SIGSYS: the profile denies 'getppid'" \
	"$p" -- "$w/hostile" closefds getppid

# 1 GiB on stdout: the harness keeps none of it (the workload writes to the
# inherited fd), so the whole of it arrives and the run is judged.
p=$(profile flood rt_sigaction)
start=$(date +%s%N)
bytes=$("$scaudit" check --json "$tmp/flood.json" "$p" -- "$w/flood" 1073741824 2>"$tmp/err" | wc -c)
end=$(date +%s%N)
tried=$((tried + 1))
check "1 GiB flood: every byte came through ($bytes)" test "$bytes" -ge 1073741824
check "1 GiB flood: judged passed" python3 -c "import json,sys; d=json.load(open('$tmp/flood.json')); sys.exit(d['runs'][0]['outcome']!='passed')"
python3 -c "import json,sys; d=json.load(open('$tmp/flood.json')); sys.exit(d['runs'][0]['outcome']!='passed')" && correct=$((correct + 1))
echo "# 1 GiB flood: $(((end - start) / 1000000)) ms"

# Its own seccomp filter, without a listener: taken over, its kill is
# seen; with usage off, the kernel's, and not the profile's.
p=$(profile self prctl seccomp getppid)
hostile "own filter (kill)" 0 "killed — killed by SIGSYS: the workload's own filter denies 'getppid'" \
	"$p" -- "$w/sigsys-self" getppid
hostile "own filter (kill, --no-usage)" 0 "killed — killed by SIGSYS: the workload's own filter denies 'getppid'" \
	"$p" --no-usage -- "$w/sigsys-self" getppid
hostile "own filter (kill, RET A: not taken over)" 0 'crashed — died of SIGSYS, but not from this profile' \
	"$p" -- "$w/sigsys-self" getppid reta
# With a listener: the kernel allows one per process tree (EBUSY), and
# scaudit inside scaudit says so clearly.
hostile "own filter (listener)" 0 'failed — exited 3 ' "$base" --learn -- \
	"$scaudit" check "$base" -- "$w/syscaller" getppid
check "own filter (listener): EBUSY explained" \
	err_has 'another seccomp listener already watches this process'

# ptrace: on itself (its parent becomes its tracer: the pid namespace's
# init, or the supervisor without one), and on its parent, which it then
# holds stopped.
p=$(profile ptrace ptrace kill getpid gettid tgkill)
hostile "PTRACE_TRACEME + SIGSTOP" 0 'passed' "$p" -- "$w/hostile" ptrace-self
check "PTRACE_TRACEME: the workload went on" has '^continued$'
hostile "PTRACE_TRACEME + SIGSTOP (--isolation none)" 0 'passed' "$p" --isolation none -- "$w/hostile" ptrace-self
check "PTRACE_TRACEME (--isolation none): the workload went on" has '^continued$'
p=$(profile ptrace-parent ptrace getppid pause)
# In its pid namespace the parent is the init (pid 1), not dumpable: a
# same-uid workload cannot attach; root can, holds it, and times out.
if [ "$(id -u)" -eq 0 ]; then
	hostile "PTRACE_ATTACH to its parent (the init)" 1 'timeout' "$p" -- "$w/hostile" ptrace-parent
	check "PTRACE_ATTACH to its parent: pid 1, not the supervisor" has '^PTRACE_ATTACH 1: attached$'
else
	hostile "PTRACE_ATTACH to its parent (the init)" 1 'passed' "$p" -- "$w/hostile" ptrace-parent
	check "PTRACE_ATTACH to its parent: the init refuses it" has '^PTRACE_ATTACH 1: EPERM$'
fi
# Without one, the supervisor itself: the watchdog ends the run.
hostile "PTRACE_ATTACH to the supervisor (--isolation none)" 1 'timeout' "$p" --isolation none -- "$w/hostile" ptrace-parent
hostile "SIGSTOP to its parent" 1 'timeout' "$base" --learn -- \
	sh -c 'kill -STOP $PPID; sleep 100'
hostile "SIGSTOP to the supervisor (--isolation none)" 1 'timeout' "$base" --learn --isolation none -- \
	sh -c 'kill -STOP $PPID; sleep 100'

# SIGSTOP to the supervisor's other children (the watchdog): in its pid
# namespace none is there to find; without, the run still ends, and the
# stopped watchdog with it.
hostile "SIGSTOP to its parent's other children" 2 'passed' "$base" --learn -- "$w/hostile" stop-siblings
check "SIGSTOP to its parent's other children: none to be found" has '^stopped 0$'
hostile "SIGSTOP to the watchdog (--isolation none)" 2 'passed' "$base" --learn --isolation none -- "$w/hostile" stop-siblings
check "SIGSTOP to the watchdog (--isolation none): it was found and stopped" has '^stopped [1-9]'

# Issue 17, H1: SIGSTOP to every process named scaudit it can find (the
# supervisor and the watchdog), then exit. Without a pid namespace the
# run hung past its timeout for good; in one, /proc shows none of them.
hostile "SIGSTOP to every scaudit it can find" 1 'passed' "$base" --learn -- \
	sh -c 'for d in /proc/[0-9]*; do grep -qx scaudit $d/comm 2>/dev/null && kill -STOP ${d#/proc/}; done; echo looked'
check "SIGSTOP to every scaudit: the workload ran to its end" has '^looked$'

# A thread dies of SIGSYS while the others run.
hostile "thread killed by SIGSYS" 0 \
	"killed — killed by SIGSYS: the profile denies 'getppid'" \
	"$base" -- "$w/threads" 8 getppid

# vfork: the child's denied call, tolerated or fatal.
p=$(profile vfork vfork "getppid errno=EPERM")
hostile "vfork child, errno" 0 'passed-with-tolerated-denials' "$p" -- "$w/hostile" vfork getppid
p=$(profile vfork-kill vfork)
hostile "vfork child, SIGSYS" 0 "killed — exited 1 after a process was killed by SIGSYS: the profile denies 'getppid'" \
	"$p" -- "$w/hostile" vfork getppid

# A trap's SIGSYS, ignored or blocked: the kernel forces it through, so
# the workload dies as it would in production.
cat >"$tmp/trap.json" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_TRAP"}]}
EOF
for how in ignored blocked; do
	hostile "trap, SIGSYS $how" 0 "killed — killed by SIGSYS: the profile denies 'getppid'" \
		"$tmp/trap.json" -- "$w/hostile" sigsys-$how getppid
	check "trap, SIGSYS $how: the workload did not go on" sh -c "! grep -q survived '$tmp/out'"
done

# SIGKILL to its own process group: the supervisor is not in it.
p=$(profile killpg kill)
hostile "kills its own process group" 0 'crashed — died of KILL' "$p" -- "$w/hostile" killpg

# Exits while eight calls wait on the supervisor.
p=$(profile pending "getppid errno=EPERM" nanosleep clock_nanosleep)
hostile "exits with notifications pending" 0 'passed' "$p" -- "$w/hostile" exit-pending 8 getppid
hostile "exits with notifications pending (learn)" 0 'passed' "$p" --learn -- "$w/hostile" exit-pending 8 getppid

# Signals (a 50 µs timer, no SA_RESTART) during watched calls: each call
# still ends as denied, or EINTR when the signal came before the supervisor
# read the notification (docs/RELIABILITY.md). Denials only: with every
# call watched, an allowed call (setitimer, brk) can end with EINTR too,
# which glibc's brk takes for an address (the report then says so).
p=$(profile signals setitimer rt_sigreturn "getppid errno=EPERM")
hostile "signals during notifications" 0 'passed' "$p" --no-usage -- "$w/hostile" signals 20000 getppid
check "signals: every call denied or EINTR" has '^calls 20000, denied [0-9]+, EINTR [0-9]+, other 0,'
echo "# $(grep '^calls' "$tmp/out")"

# A setuid-root program under no_new_privs runs as its caller.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	suid=$(mktemp -d /tmp/scaudit-suid.XXXXXX)
	chmod 755 "$suid"
	cp "$w/hostile" "$suid/hostile"
	chmod 4755 "$suid/hostile"
	cp "$base" "$suid/base.list"
	echo geteuid >>"$suid/base.list"
	chmod 644 "$suid/base.list"
	nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
	"${nobody[@]}" "$suid/hostile" euid >"$tmp/out" 2>&1
	if has '^euid 0$'; then
		p=$suid/base.list
		"${nobody[@]}" "$scaudit" check "$p" -- "$suid/hostile" euid >"$tmp/out" 2>"$tmp/err"
		tried=$((tried + 1))
		check "setuid exec: no_new_privs holds (euid 65534)" has '^euid 65534$'
		has '^euid 65534$' && correct=$((correct + 1))
		check "setuid exec: judged passed" has '^outcome  passed'
	else
		echo "# skip: setuid exec: setuid bits do not work in $suid ($(cat "$tmp/out"))"
	fi
	rm -rf "$suid"
else
	echo "# skip: setuid exec (needs root to make a setuid file)"
fi

# Signals a workload sends its parent, the supervisor (issue 17, S3):
# `kill -USR1 $PPID` ("I am ready"), SIGALRM, SIGPIPE and the like killed
# it with no report. They are dropped now; the workload's own stay at
# their defaults (a USR1 it sends itself still kills it).
allow=$tmp/allow-all.json
echo '{"defaultAction": "SCMP_ACT_ALLOW"}' >"$allow"
hostile "signals its supervisor (USR1 USR2 ALRM PIPE VTALRM PROF IO PWR TRAP RTMIN)" 0 'passed' "$allow" \
	--no-usage -- sh -c 'for s in USR1 USR2 ALRM PIPE VTALRM PROF IO PWR TRAP 34 64; do kill -s $s $PPID; done; sleep 0.2; echo sent'
check "signals its supervisor: exit 0" test "$(cat "$tmp/rc")" = 0
check "signals its supervisor: the workload ran to its end" grep -q '^sent$' "$tmp/out"
hostile "its own USR1 still kills it" 0 'crashed — died of USR1' "$allow" \
	--no-usage -- sh -c 'kill -s USR1 $$; echo survived'
# Without a pid namespace the signals reach the supervisor itself, which
# drops them.
hostile "signals the supervisor (--isolation none)" 0 'passed' "$allow" \
	--no-usage --isolation none -- sh -c 'for s in USR1 USR2 ALRM PIPE VTALRM PROF IO PWR TRAP 34 64; do kill -s $s $PPID; done; sleep 0.2; echo sent'
check "signals the supervisor (--isolation none): exit 0" test "$(cat "$tmp/rc")" = 0

# Issue 17, S1: check itself killed by SIGKILL (no handler of ours runs)
# while a setsid daemon of the workload calls a denied syscall every
# millisecond. Its tree went on running, and once the listener was gone
# the denied call returned ENOSYS, not the profile's errno: the profile
# was weakened. Now the namespace's init dies with us and the kernel ends
# the namespace; the init holds the listener till then, so no call meets
# the filter without it.
p=$(profile detach "getppid errno=EPERM" setsid pause nanosleep clock_nanosleep)
rm -f "$tmp/detach.log"
SCAUDIT_HOSTILE_TAG=$$-s1 "$scaudit" check --timeout 0 "$p" -- "$w/hostile" detach getppid "$tmp/detach.log" \
	>"$tmp/out" 2>"$tmp/err" </dev/null &
sv=$!
for _ in $(seq 200); do grep -q started "$tmp/detach.log" 2>/dev/null && break; sleep 0.05; done
sleep 0.2
kill -KILL "$sv"
wait "$sv" 2>/dev/null
sleep 0.5
left=$(tagged $$-s1)
tried=$((tried + 1))
leftover=$((leftover + left))
check "check SIGKILLed: its daemon had started" grep -q started "$tmp/detach.log"
check "check SIGKILLed: nothing of its tree is left ($left)" test "$left" -eq 0
check "check SIGKILLed: no denied call returned ENOSYS ($(grep -c ENOSYS "$tmp/detach.log" 2>/dev/null))" \
	sh -c "! grep -q ENOSYS '$tmp/detach.log'"
[ "$left" -eq 0 ] && ! grep -q ENOSYS "$tmp/detach.log" && correct=$((correct + 1))
kill_tagged $$-s1

# Issue 17, S5: under run, a workload that SIGKILLs its parent (the worker,
# without a pid namespace) and leaves a setsid grandchild: the case
# ended as an error and the grandchild ran on. Its parent is the
# namespace's init now, which a signal from inside does not kill.
{
	echo '[case kills its parent]'
	echo "profile = $allow"
	echo "command = sh -c 'setsid sleep 30 & kill -KILL \$PPID; sleep 0.3; echo done'"
	echo 'timeout = 10'
} >"$tmp/worker.ini"
start=$(date +%s%N)
SCAUDIT_HOSTILE_TAG=$$-s5 timeout -k 1 60 "$scaudit" run --json "$tmp/worker.json" \
	"$tmp/worker.ini" >"$tmp/out" 2>"$tmp/err" </dev/null
end=$(date +%s%N)
left=$(tagged $$-s5)
tried=$((tried + 1))
leftover=$((leftover + left))
outcome=$(python3 -c "import json; print(json.load(open('$tmp/worker.json'))['runs'][0]['outcome'])" 2>/dev/null)
check "kills its parent under run: passed ($outcome)" test "$outcome" = passed
check "kills its parent under run: ended in $(((end - start) / 1000000)) ms" test $(((end - start) / 1000000)) -le 5000
check "kills its parent under run: no process left ($left)" test "$left" -eq 0
[ "$outcome" = passed ] && [ "$left" -eq 0 ] && correct=$((correct + 1))
kill_tagged $$-s5

# Issue 17, S6: a root workload freezes a child of its own in a cgroup v1
# freezer, where SIGKILL does not end it; the report said the tree was
# killed while it stayed. The final sweep thaws what a freezer holds.
fz=/sys/fs/cgroup/freezer/scaudit-test-$$
if [ "$(id -u)" -eq 0 ] && [ -w /sys/fs/cgroup/freezer ] && mkdir "$fz" 2>/dev/null; then
	rmdir "$fz"
	hostile "freezes a child (cgroup v1 freezer)" 0 'passed' "$allow" --no-usage -- \
		sh -c "mkdir $fz; sleep 60 & echo \$! >$fz/cgroup.procs; echo FROZEN >$fz/freezer.state; sleep 0.2; cat $fz/freezer.state"
	check "freezes a child: it was frozen" has '^FROZEN$'
	check "freezes a child: said as killed" has '^note     1 process was still running'
	check "freezes a child: its cgroup is empty" test -z "$(cat "$fz/cgroup.procs" 2>/dev/null)"
	rmdir "$fz" 2>/dev/null
else
	echo "# skip: cgroup v1 freezer (needs root and /sys/fs/cgroup/freezer)"
fi

# Issue 17, W2: a workload deletes a file through an io_uring ring (no
# unlink syscall allowed): "the profile holds" before. A ring's operations
# are no syscalls: using one is a finding, said with what to do.
p=$(profile ring io_uring_setup io_uring_enter)
echo doomed >"$tmp/ring.txt"
hostile "io_uring ring" 0 'passed — exited 0 with no denial; but it set up an io_uring ring' "$p" \
	--json "$tmp/ring.json" -- "$w/hostile" io-uring "$tmp/ring.txt"
check "io_uring ring: the file was deleted, past the profile" has '^io_uring unlinkat: deleted$'
check "io_uring ring: a finding (exit 1)" test "$(cat "$tmp/rc")" = 1
check "io_uring ring: the verdict says so" has '^verdict  its io_uring operations bypass the profile'
check "io_uring ring: where its operations can be read" has '^bypass   .*io_uring:io_uring_submit_req'
check "io_uring ring: the JSON names it" python3 -c "
import json; b = json.load(open('$tmp/ring.json'))['bypass']; assert b['name'] == 'io_uring_setup', b"
echo doomed >"$tmp/ring.txt"
hostile "io_uring ring, --no-usage" 0 'passed — .*io_uring ring' "$p" --no-usage -- "$w/hostile" io-uring "$tmp/ring.txt"

# Issue 17, H2: a case's stdin is a FIFO nobody writes to: its open waits
# for a writer before the workload starts. The reason was about the
# notification fd; it names the FIFO now. (Root only: it takes 10 s.)
if [ "$(id -u)" -eq 0 ]; then
	mkfifo "$tmp/nowriter"
	{
		echo '[case fifo]'
		echo "profile = $allow"
		echo 'command = cat'
		echo "stdin = $tmp/nowriter"
	} >"$tmp/fifo.ini"
	SCAUDIT_HOSTILE_TAG=$$-h2 timeout -k 1 60 "$scaudit" run --json "$tmp/fifo.json" "$tmp/fifo.ini" \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/rc"
	tried=$((tried + 1))
	check "stdin a FIFO without a writer: the reason names it" has "its stdin $tmp/nowriter is a FIFO that no process opened for writing"
	check "stdin a FIFO without a writer: no process left" test "$(tagged $$-h2)" -eq 0
	has "is a FIFO that no process opened" && correct=$((correct + 1))
fi

# Issue 17, S4: run cancelled (a CI job, ^C): SIGTERM or SIGHUP killed
# it with no report while its workers and workloads ran on; SIGINT waited
# for the running cases. Now every worker's tree ends at once, every
# report is written (the finished cases, the rest interrupted or not
# run), and the exit status is 128 + the signal.
{
	echo '[case quick]'
	echo "profile = $allow"
	echo 'command = true'
	echo '[case daemon]'
	echo "profile = $allow"
	echo "command = sh -c 'setsid sleep 60 & sleep 60'"
	echo 'timeout = 0'
	echo '[case sleeper]'
	echo "profile = $allow"
	echo 'command = sleep 60'
	echo 'timeout = 0'
	echo '[case later]'
	echo "profile = $allow"
	echo 'command = true'
} >"$tmp/cancel.ini"
for sig in TERM HUP INT; do
	rm -f "$tmp/cancel.json" "$tmp/cancel.xml"
	SCAUDIT_HOSTILE_TAG=$$-c$sig "$scaudit" run -j 2 --json "$tmp/cancel.json" --junit "$tmp/cancel.xml" \
		"$tmp/cancel.ini" >"$tmp/out" 2>"$tmp/err" </dev/null &
	sv=$!
	for _ in $(seq 100); do grep -q '^ok 1 - quick' "$tmp/out" && break; sleep 0.05; done
	sleep 0.5
	start=$(date +%s%N)
	kill -"$sig" "$sv"
	wait "$sv"
	echo $? >"$tmp/rc"
	end=$(date +%s%N)
	left=$(tagged $$-c$sig)
	tried=$((tried + 1))
	leftover=$((leftover + left))
	want=$((128 + $(kill -l "$sig")))
	check "run, SIG$sig: exit $want ($(cat "$tmp/rc"))" status "$want"
	check "run, SIG$sig: ended in $(((end - start) / 1000000)) ms" test $(((end - start) / 1000000)) -le 3000
	check "run, SIG$sig: no process left ($left)" test "$left" -eq 0
	check "run, SIG$sig: the reports say what finished and what not" python3 -c "
import json
d = json.load(open('$tmp/cancel.json'))
assert d['interrupted'] == '$sig', d.get('interrupted')
r = {x['case']: x for x in d['runs']}
assert r['quick']['outcome'] == 'passed', r['quick']
for c in ('daemon', 'sleeper'):
    assert r[c]['outcome'] == 'error' and 'interrupted by SIG$sig' in r[c]['reason'], r[c]
assert r['later']['reason'] == 'not run: interrupted by SIG$sig', r['later']
assert d['notJudged'], d['notJudged']
"
	check "run, SIG$sig: the JUnit report too" grep -q 'not run: interrupted by SIG'"$sig" "$tmp/cancel.xml"
	status "$want" && [ "$left" -eq 0 ] && correct=$((correct + 1))
	kill_tagged $$-c$sig
done

# Issue 17, S2: kill(-1, SIGKILL) from a workload of the same uid killed
# scaudit with no report. Only as a uid nothing else runs as: without the
# pid namespace it kills everything that user runs.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	kuid=64917
	kdir=$(mktemp -d /tmp/scaudit-kill1.XXXXXX)
	chmod 755 "$kdir"
	cp "$allow" "$kdir/allow.json"
	chmod 644 "$kdir/allow.json"
	check "kill(-1): uid $kuid runs nothing else" test -z "$(ps -o pid= -u $kuid)"
	SCAUDIT_HOSTILE_TAG=$$-k1 setpriv --reuid=$kuid --regid=$kuid --clear-groups \
		timeout -k 1 60 "$scaudit" check --timeout 5 --no-usage "$kdir/allow.json" -- \
		sh -c 'setsid sleep 30 & sleep 0.1; kill -KILL -1; sleep 0.2; echo survived' \
		>"$tmp/out" 2>"$tmp/err" </dev/null
	echo $? >"$tmp/rc"
	left=$(tagged $$-k1)
	tried=$((tried + 1))
	leftover=$((leftover + left))
	check "kill(-1): scaudit lived to report (exit $(cat "$tmp/rc"))" has '^outcome  passed'
	check "kill(-1): the workload went on" has '^survived$'
	check "kill(-1): no process left ($left)" test "$left" -eq 0
	has '^outcome  passed' && [ "$left" -eq 0 ] && correct=$((correct + 1))
	kill_tagged $$-k1
	rm -rf "$kdir"
else
	echo "# skip: kill(-1) (needs root to run as a dedicated uid)"
fi

echo "hostile workloads: $tried tried, $correct classified correctly, $leftover processes left over"
finish
